/* Reader benchmark: for each report given, prints in the same run
 *   - a bare md4c parse (callbacks doing nothing), the reference;
 *   - the reader: decode, parse and extraction into the model, no output;
 *   - the whole `triage export` (a child process writing to /dev/null),
 * each as the best of several runs (the parse and the reader taking turns), with MB/s, the ratio to the bare parse,
 * and the export's peak memory beside the file size.
 * Goals: reader <= 3x bare parse; export <= 10x; peak memory < 10x the file.
 * Each goal's line ends with PASS or MISS; the exit status is 1 on a MISS.
 *
 *   bench_reader TRIAGE REPORT... */
#include "config.h"

#include <malloc.h>
#include <md4c.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <fcntl.h>
#include <unistd.h>

#include "triage/report.h"

#define RUNS 5

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	fseek(f, 0, SEEK_SET);
	char *buf = malloc((size_t)n + 1);
	if (!buf || fread(buf, 1, (size_t)n, f) != (size_t)n) {
		fclose(f);
		free(buf);
		return NULL;
	}
	fclose(f);
	buf[n] = '\0';
	*len = (size_t)n;
	return buf;
}

static int nop_block(MD_BLOCKTYPE t, void *d, void *u) { (void)t; (void)d; (void)u; return 0; }
static int nop_span(MD_SPANTYPE t, void *d, void *u) { (void)t; (void)d; (void)u; return 0; }
static int nop_text(MD_TEXTTYPE t, const MD_CHAR *s, MD_SIZE n, void *u) { (void)t; (void)s; (void)n; (void)u; return 0; }

/* One bare parse, timed. */
static double bare_parse(const char *data, size_t len)
{
	MD_PARSER p = { 0, MD_DIALECT_GITHUB, nop_block, nop_block, nop_span, nop_span, nop_text, NULL, NULL };
	double t = now();
	md_parse(data, (MD_SIZE)len, &p, NULL);
	return now() - t;
}

/* One reading into a model, timed. */
static double reader(const char *path, size_t *issues)
{
	tr_model *m = tr_model_new();
	tr_error err = TR_ERROR_INIT;
	double t = now();
	int rc = tr_report_load_all(m, (char *const *)&path, 1, &err);
	t = now() - t;
	if (rc < 0) {
		fprintf(stderr, "bench_reader: %s\n", err.message);
		exit(1);
	}
	*issues = m->nissues;
	tr_model_free(m);
	return t;
}

/* The reference and the reader take turns, best of PAIRS each: on a
 * shared machine a busy moment then falls on both sides, not on one. */
#define PAIRS 10

static void bare_and_reader(const char *path, const char *data, size_t len, double *tb,
                            double *tr, size_t *issues)
{
	*tb = *tr = 1e9;
	for (int i = 0; i < PAIRS; i++) {
		double b = bare_parse(data, len), r = reader(path, issues);
		if (b < *tb)
			*tb = b;
		if (r < *tr)
			*tr = r;
	}
}

static double export_run(const char *triage, const char *path, long *maxrss_kb)
{
	double best = 1e9;
	*maxrss_kb = 0;
	/* A child's peak memory as the kernel reports it includes what its
	 * parent held when it forked: the reader's runs leave freed memory in
	 * this process, which would be counted as the export's.  So the export
	 * runs before them, and what an earlier report left is given back
	 * first: the figure is the export's own. */
	malloc_trim(0);
	/* A first run, not counted, brings the repository's history index up
	 * to date: what is measured is the export as it runs every day. */
	for (int i = -1; i < RUNS; i++) {
		double t = now();
		pid_t pid = fork();
		if (pid == 0) {
			/* Outside a git repository the export says so on each
			 * run; a failure is reported below all the same. */
			int fd = open("/dev/null", O_WRONLY);
			dup2(fd, 1);
			dup2(fd, 2);
			execl(triage, triage, "export", path, (char *)NULL);
			_exit(127);
		}
		int status;
		struct rusage ru;
		wait4(pid, &status, 0, &ru);
		t = now() - t;
		if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
			fprintf(stderr, "bench_reader: triage export %s failed\n", path);
			exit(1);
		}
		if (i < 0)
			continue;
		if (ru.ru_maxrss > *maxrss_kb)
			*maxrss_kb = ru.ru_maxrss;
		if (t < best)
			best = t;
	}
	return best;
}

/* PASS or MISS for a goal, remembering a miss. */
static const char *verdict(bool met, int *fail)
{
	if (!met)
		*fail = 1;
	return met ? "PASS" : "MISS";
}

int main(int argc, char **argv)
{
	/* The heap as triage's main sets it up, first thing: the reader (and
	 * the parse beside it) run here as they run in the program. */
	tr_heap_prefer_huge_pages();
	if (argc < 3) {
		fprintf(stderr, "usage: bench_reader TRIAGE REPORT...\n");
		return 2;
	}
	int fail = 0;
	for (int a = 2; a < argc; a++) {
		size_t len, issues = 0;
		char *data = slurp(argv[a], &len);
		if (!data) {
			perror(argv[a]);
			return 1;
		}
		double mb = (double)len / 1e6;
		/* The export first: see export_run on its peak memory. */
		long rss;
		double te = export_run(argv[1], argv[a], &rss);
		double tb, tr;
		bare_and_reader(argv[a], data, len, &tb, &tr, &issues);
		printf("report %s: %.1f MB, %zu issues (best of %d runs; parse and reader taking turns, "
		       "best of %d)\n", argv[a], mb, issues, RUNS, PAIRS);
		printf("  bare md4c parse   %8.1f ms  %7.1f MB/s  (reference)\n", tb * 1e3, mb / tb);
		double rr = tr / tb, er = te / tb, mr = (double)rss * 1024 / (double)len;
		printf("  reader            %8.1f ms  %7.1f MB/s  %5.2fx bare parse  (goal <= 3x)  %s\n",
		       tr * 1e3, mb / tr, rr, verdict(rr <= 3, &fail));
		printf("  triage export     %8.1f ms  %7.1f MB/s  %5.2fx bare parse  (goal <= 10x)  %s\n",
		       te * 1e3, mb / te, er, verdict(er <= 10, &fail));
		printf("  export peak memory %7.1f MB  %5.2fx file size  (goal < 10x)  %s\n",
		       (double)rss / 1024, mr, verdict(mr < 10, &fail));
		free(data);
	}
	return fail ? 1 : 0;
}
