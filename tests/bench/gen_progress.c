/* Writes the benchmarks' progress file (see progress_doc.h) to stdout.
 *
 *   gen_progress ISSUES FIRST EVENTS NOW REPORT > .triage/progress.json */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "progress_doc.h"

int main(int argc, char **argv)
{
	if (argc < 6) {
		fprintf(stderr, "usage: gen_progress ISSUES FIRST EVENTS NOW REPORT\n");
		return 2;
	}
	tr_doc *d = bench_progress_doc(atol(argv[1]), atol(argv[2]), atol(argv[3]), atoll(argv[4]), argv[5]);
	tr_buf out = TR_BUF_INIT;
	tr_doc_write(d, &out);
	fwrite(out.data, 1, out.len, stdout);
	tr_buf_free(&out);
	tr_doc_free(d);
	return 0;
}
