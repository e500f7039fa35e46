/* Progress store benchmark: a file with 5,000 issues and 50,000 events.
 * Prints, measured in the same run, each as the best of several runs:
 *   - the reference: read the file and parse it with jansson, nothing more;
 *   - the store: open (read, parse, check every value), one change, and the
 *     save (lock, re-read, write, fsync, rename, fsync the directory);
 * and the ratio.  Goal: load + change + save at most 3x the reference: its
 * line ends with PASS or MISS, and the exit status is 1 on a MISS.
 *
 *   bench_store DIR [ISSUES EVENTS] */
#include "config.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "progress_doc.h"

#define RUNS 5

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The benchmarks' progress file (progress_doc.h), its events ending a
 * fixed day in 2026. */
static void generate(const char *path, int nissues, int nevents)
{
	tr_doc *d = bench_progress_doc(nissues, 1, nevents, 1780000000, "../docs/cluster-report.md");
	tr_buf out = TR_BUF_INIT;
	tr_doc_write(d, &out);
	tr_error err = TR_ERROR_INIT;
	if (tr_file_replace(path, out.data, out.len, -1, &err) < 0) {
		fprintf(stderr, "bench_store: %s\n", err.message);
		exit(1);
	}
	tr_buf_free(&out);
	tr_doc_free(d);
}

static double reference(const char *path)
{
	double best = 1e9;
	for (int r = 0; r < RUNS; r++) {
		double t = now();
		char *data;
		size_t len;
		if (tr_file_read(path, &data, &len, NULL) < 0) {
			perror(path);
			exit(1);
		}
		json_error_t je;
		json_t *j = json_loadb(data, len, 0, &je);
		t = now() - t;
		if (!j) {
			fprintf(stderr, "bench_store: %s: %s\n", path, je.text);
			exit(1);
		}
		json_decref(j);
		free(data);
		if (t < best)
			best = t;
	}
	return best;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: bench_store DIR [ISSUES EVENTS]\n");
		return 2;
	}
	int nissues = argc > 3 ? atoi(argv[2]) : 5000, nevents = argc > 3 ? atoi(argv[3]) : 50000;
	char *path = tr_sprintf("%s/progress.json", argv[1]);
	generate(path, nissues, nevents);
	struct stat sb;
	stat(path, &sb);

	double ref = reference(path);
	double best_load = 1e9, best_save = 1e9, best_total = 1e9, best_free = 1e9;
	for (int r = 0; r < RUNS; r++) {
		tr_error err = TR_ERROR_INIT;
		double t0 = now();
		tr_store *st = tr_store_open(path, "Bench <bench@example.com>", false, &err);
		double t1 = now();
		tr_change ch = { .kind = TR_CHANGE_STATE, .issue = "#2500",
		                 .state = r % 2 ? TR_STATE_FIXED : TR_STATE_VERIFIED };
		int saved = st && !tr_store_read_only(st) ? tr_store_apply(st, &ch, 1, &err) : -1;
		double t2 = now();
		tr_store_free(st);
		double t3 = now();
		if (saved != 1) {
			fprintf(stderr, "bench_store: the change was not saved: %s\n",
			            err.message ? err.message : "read-only");
			return 1;
		}
		if (t1 - t0 < best_load)
			best_load = t1 - t0;
		if (t2 - t1 < best_save)
			best_save = t2 - t1;
		if (t2 - t0 < best_total)
			best_total = t2 - t0;
		if (t3 - t2 < best_free)
			best_free = t3 - t2;
	}
	printf("progress file: %d issues, %d events, %.1f MB\n", nissues, nevents,
	       (double)sb.st_size / 1e6);
	printf("  reference: read + jansson parse       %8.1f ms\n", ref * 1e3);
	printf("  store: open (read, parse, check)      %8.1f ms\n", best_load * 1e3);
	printf("  store: one change, saved              %8.1f ms  (lock, re-read, write, 2 fsyncs, rename)\n",
	       best_save * 1e3);
	bool met = best_total <= 3 * ref;
	printf("  store: load + change + save           %8.1f ms  = %.2fx the reference (goal <= 3x)  %s\n",
	       best_total * 1e3, best_total / ref, met ? "PASS" : "MISS");
	printf("  (freeing the store afterwards         %8.1f ms)\n", best_free * 1e3);
	free(path);
	return met ? 0 : 1;
}
