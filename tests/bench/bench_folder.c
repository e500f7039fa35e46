/* Folder benchmark: `triage export DIR` over a folder of reports, beside a
 * bare md4c parse of the same files (each read from disk and parsed with
 * callbacks that do nothing), in the same run, each the best of three.
 * Goals: export at most 4x the bare parse; peak memory under 5x the
 * folder's total size.  Each goal's line ends with PASS or MISS; the exit
 * status is 1 on a MISS.
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

#include "triage/report.h"
#include "triage/str.h"

#define RUNS 3

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void collect(const char *dir, tr_strv *out)
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
			collect(p, out);
		else if (S_ISREG(st.st_mode) && tr_report_markdown_name(e->d_name))
			tr_strv_push(out, p);
		free(p);
	}
	closedir(d);
}

static int nop_block(MD_BLOCKTYPE t, void *d, void *u) { (void)t; (void)d; (void)u; return 0; }
static int nop_span(MD_SPANTYPE t, void *d, void *u) { (void)t; (void)d; (void)u; return 0; }
static int nop_text(MD_TEXTTYPE t, const MD_CHAR *s, MD_SIZE n, void *u) { (void)t; (void)s; (void)n; (void)u; return 0; }

/* Reads and parses every file: the reference a reader cannot beat. */
static double bare(const tr_strv *files, size_t *bytes)
{
	MD_PARSER p = { 0, MD_DIALECT_GITHUB, nop_block, nop_block, nop_span, nop_span, nop_text, NULL, NULL };
	double best = 1e9;
	tr_buf b = TR_BUF_INIT;
	for (int run = 0; run < RUNS; run++) {
		double t = now();
		size_t total = 0;
		for (size_t i = 0; i < files->n; i++) {
			int fd = open(files->v[i], O_RDONLY);
			if (fd < 0)
				continue;
			struct stat st;
			fstat(fd, &st);
			tr_buf_reset(&b);
			tr_grow((void **)&b.data, &b.cap, (size_t)st.st_size + 1, 1);
			ssize_t got = read(fd, b.data, (size_t)st.st_size);
			close(fd);
			if (got <= 0)
				continue;
			total += (size_t)got;
			md_parse(b.data, (MD_SIZE)got, &p, NULL);
		}
		t = now() - t;
		*bytes = total;
		if (t < best)
			best = t;
	}
	tr_buf_free(&b);
	return best;
}

/* `triage export DIR` to /dev/null: the best time, and the peak memory. */
static double export(const char *triage, const char *dir, long *peak_kb)
{
	double best = 1e9;
	*peak_kb = 0;
	/* A first run, not counted, brings the repository's history index up
	 * to date: what is measured is the export as it runs every day. */
	for (int run = -1; run < RUNS; run++) {
		double t = now();
		pid_t pid = fork();
		if (pid == 0) {
			int null = open("/dev/null", O_WRONLY);
			dup2(null, 1);
			dup2(null, 2);
			execl(triage, triage, "export", dir, (char *)NULL);
			_exit(127);
		}
		int status;
		struct rusage ru;
		wait4(pid, &status, 0, &ru);
		t = now() - t;
		if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
			fprintf(stderr, "bench_folder: triage export %s failed\n", dir);
			return -1;
		}
		if (run < 0)
			continue;
		if (t < best)
			best = t;
		if (ru.ru_maxrss > *peak_kb)
			*peak_kb = ru.ru_maxrss;
	}
	return best;
}

int main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: bench_folder TRIAGE DIR\n");
		return 2;
	}
	tr_strv files = TR_STRV_INIT;
	collect(argv[2], &files);
	size_t bytes = 0;
	double ref = bare(&files, &bytes);
	long peak_kb;
	double t = export(argv[1], argv[2], &peak_kb);
	if (t < 0)
		return 1;
	double mb = (double)bytes / (1024.0 * 1024.0), peak = (double)peak_kb / 1024.0;
	printf("   %zu files, %.1f MB\n", files.n, mb);
	printf("   bare md4c parse (reference)  %7.3f s  %6.1f MB/s\n", ref, mb / ref);
	double tr = t / ref, mr = peak / mb;
	printf("   triage export DIR            %7.3f s  %6.1f MB/s  %5.2fx the reference  (goal: <= 4x)  %s\n",
	       t, mb / t, tr, tr <= 4 ? "PASS" : "MISS");
	printf("   peak memory                  %7.1f MB            %5.2fx the folder     (goal: < 5x)  %s\n",
	       peak, mr, mr < 5 ? "PASS" : "MISS");
	tr_strv_free(&files);
	return tr <= 4 && mr < 5 ? 0 : 1;
}
