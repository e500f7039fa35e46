/* Folder benchmark: `triage export DIR` over a folder of reports, beside a
 * bare md4c parse of the same files (the folder walked, each file read from
 * disk and parsed with callbacks that do nothing), in the same run.
 * Goals: export at most 4x the bare parse; peak memory under 5x the
 * folder's total size.  The export reads the reports on every processor
 * it may run on, the reference on one: the processor time of each, summed
 * over threads, is told beside the goal's line.  Each goal's line ends with PASS or MISS; the exit
 * status is 1 on a MISS.
 *
 * Both sides are measured alike: each is a process of its own (this
 * program again, with --bare, for the reference), timed from fork to
 * wait, so each pays for starting and for finding the files as well as for
 * reading them.  Their runs alternate, a first one of each not counted, and
 * the best of RUNS is kept for each: a machine busy for a while then slows
 * both sides, not the one that happened to run then.
 *
 *   bench_folder TRIAGE DIR */
#include "config.h"

#include <dirent.h>
#include <fcntl.h>
#include <md4c.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "triage/jobs.h"
#include "triage/report.h"
#include "triage/str.h"

#define RUNS 5

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void collect(const char *dir, tr_strv *out, size_t *bytes)
{
	DIR *d = opendir(dir);
	if (!d)
		return;
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		char *p = tr_sprintf("%s/%s", dir, e->d_name);
		struct stat st;
		if (lstat(p, &st) == 0 && S_ISDIR(st.st_mode))
			collect(p, out, bytes);
		else if (S_ISREG(st.st_mode) && tr_report_markdown_name(e->d_name)) {
			tr_strv_push(out, p);
			*bytes += (size_t)st.st_size;
		}
		free(p);
	}
	closedir(d);
}

static int nop_block(MD_BLOCKTYPE t, void *d, void *u) { (void)t; (void)d; (void)u; return 0; }
static int nop_span(MD_SPANTYPE t, void *d, void *u) { (void)t; (void)d; (void)u; return 0; }
static int nop_text(MD_TEXTTYPE t, const MD_CHAR *s, MD_SIZE n, void *u) { (void)t; (void)s; (void)n; (void)u; return 0; }

/* The reference a reader cannot beat: finds every markdown file under the
 * folder, reads each and parses it.  Run as `bench_folder --bare DIR`. */
static int bare(const char *dir)
{
	MD_PARSER p = { 0, MD_DIALECT_GITHUB, nop_block, nop_block, nop_span, nop_span, nop_text, NULL, NULL };
	tr_strv files = TR_STRV_INIT;
	size_t bytes = 0;
	collect(dir, &files, &bytes);
	tr_buf b = TR_BUF_INIT;
	for (size_t i = 0; i < files.n; i++) {
		int fd = open(files.v[i], O_RDONLY);
		if (fd < 0)
			continue;
		struct stat st;
		fstat(fd, &st);
		tr_buf_reset(&b);
		tr_grow((void **)&b.data, &b.cap, (size_t)st.st_size + 1, 1);
		ssize_t got = read(fd, b.data, (size_t)st.st_size);
		close(fd);
		if (got > 0)
			md_parse(b.data, (MD_SIZE)got, &p, NULL);
	}
	tr_buf_free(&b);
	tr_strv_free(&files);
	return 0;
}

/* One run of a command, its output to /dev/null: the time from fork to
 * its end, its peak memory and the processor time it took (on all its
 * threads); -1 when it failed. */
static double run(char *const *argv, long *peak_kb, double *cpu)
{
	double t = now();
	pid_t pid = fork();
	if (pid == 0) {
		int null = open("/dev/null", O_WRONLY);
		dup2(null, 1);
		dup2(null, 2);
		execv(argv[0], argv);
		_exit(127);
	}
	int status;
	struct rusage ru;
	if (pid < 0 || wait4(pid, &status, 0, &ru) < 0)
		return -1;
	t = now() - t;
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		fprintf(stderr, "bench_folder: %s %s failed\n", argv[0], argv[1]);
		return -1;
	}
	*peak_kb = ru.ru_maxrss;
	*cpu = (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 +
	       (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec / 1e6;
	return t;
}

int main(int argc, char **argv)
{
	if (argc == 3 && strcmp(argv[1], "--bare") == 0)
		return bare(argv[2]);
	if (argc != 3) {
		fprintf(stderr, "usage: bench_folder TRIAGE DIR\n");
		return 2;
	}
	tr_strv files = TR_STRV_INIT;
	size_t bytes = 0;
	collect(argv[2], &files, &bytes);
	/* Both run in the folder itself, outside any repository: run from a
	 * build tree, the export would also read that tree's own history (the
	 * program's, not the reports'), and its index shared with other work
	 * trees, so the figure would depend on where it was started. */
	char *self = realpath(argv[0], NULL), *triage = realpath(argv[1], NULL);
	char *dir = realpath(argv[2], NULL);
	if (!self || !triage || !dir || chdir(dir) != 0) {
		fprintf(stderr, "bench_folder: cannot find %s, %s or %s\n", argv[0], argv[1], argv[2]);
		return 1;
	}
	char *bare_argv[] = { self, "--bare", dir, NULL };
	char *export_argv[] = { triage, "export", dir, NULL };
	double ref = 1e9, t = 1e9, ref_cpu = 1e9, cpu = 1e9;
	long peak_kb = 0;
	/* A first run of each, not counted, warms the page cache for both. */
	for (int r = -1; r < RUNS; r++) {
		long bare_kb, kb;
		double bc, ec;
		double b = run(bare_argv, &bare_kb, &bc);
		double e = b < 0 ? -1 : run(export_argv, &kb, &ec);
		if (e < 0)
			return 1;
		if (r < 0)
			continue;
		if (b < ref)
			ref = b;
		if (e < t)
			t = e;
		if (kb > peak_kb)
			peak_kb = kb;
		if (bc < ref_cpu)
			ref_cpu = bc;
		if (ec < cpu)
			cpu = ec;
	}
	double mb = (double)bytes / (1024.0 * 1024.0), peak = (double)peak_kb / 1024.0;
	printf("   %zu files, %.1f MB\n", files.n, mb);
	printf("   bare md4c parse (reference)  %7.3f s  %6.1f MB/s\n", ref, mb / ref);
	double tr = t / ref, mr = peak / mb;
	printf("   triage export DIR            %7.3f s  %6.1f MB/s  %5.2fx the reference  (goal: <= 4x)  %s\n",
	       t, mb / t, tr, tr <= 4 ? "PASS" : "MISS");
	/* The export reads the reports on every processor it may use; the
	 * reference parses on one.  The work itself, told beside it: */
	printf("   processor time, all threads  %7.3f s  (reference %.3f s)  %5.2fx, on %u processors\n",
	       cpu, ref_cpu, cpu / ref_cpu, tr_jobs_online());
	printf("   peak memory                  %7.1f MB            %5.2fx the folder     (goal: < 5x)  %s\n",
	       peak, mr, mr < 5 ? "PASS" : "MISS");
	tr_strv_free(&files);
	free(self);
	free(triage);
	free(dir);
	return tr <= 4 && mr < 5 ? 0 : 1;
}
