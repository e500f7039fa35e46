/* libFuzzer target for the three-way merge of progress files (the git merge
 * driver): the input is base, ours and theirs separated by lines of "%%%";
 * any that parse must merge into a document that is written and read back
 * whole, with no crash, leak or hang. */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "store/store_internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static tr_doc *side(const char **p, const char *end)
{
	const char *sep = NULL;
	for (const char *q = *p; q + 4 <= end; q++)
		if (memcmp(q, "\n%%%", 4) == 0) {
			sep = q;
			break;
		}
	const char *stop = sep ? sep : end;
	bool newer;
	tr_error err = TR_ERROR_INIT;
	tr_doc *d = tr_doc_parse("side.json", *p, (size_t)(stop - *p), &newer, &err);
	tr_error_clear(&err);
	*p = sep ? sep + 4 : end;
	return d;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *p = (const char *)data, *end = p + size;
	tr_doc *b = side(&p, end), *o = side(&p, end), *t = side(&p, end);
	if (o && t) {
		if (!b)
			b = tr_doc_new();
		tr_doc *m = tr_doc_merge(b, o, t);
		tr_buf out = TR_BUF_INIT;
		tr_doc_write(m, &out);
		bool newer;
		tr_error err = TR_ERROR_INIT;
		tr_doc *again = tr_doc_parse("merged.json", out.data, out.len, &newer, &err);
		if (!again)
			abort(); /* a merge writes only what triage reads */
		tr_doc_free(again);
		tr_buf_free(&out);
		tr_doc_free(m);
	}
	tr_doc_free(b);
	tr_doc_free(o);
	tr_doc_free(t);
	return 0;
}
