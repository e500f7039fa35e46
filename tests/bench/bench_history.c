/* History benchmark: on a large repository (see gen_history.c and run.sh),
 * prints in the same run
 *   - `git log --format=%H%x00%B`, the reference;
 *   - triage's cold scan (no index), test-file links included;
 *   - its warm start (the index is up to date);
 *   - the update after the commits of branch `next` (100 on top of main);
 *   - the peak memory of each.
 * Each triage figure runs in a child process, so that its peak memory is
 * its own; times are the best of a few runs.
 * Goals: cold scan <= 1.5x git log; warm start and update < 5% of git log;
 * peak memory < 150 MB.
 * Each goal's line ends with PASS or MISS; the exit status is 1 on a MISS.
 *
 *   bench_history REPO        (a bare repository with branches main and next) */
#include "config.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "triage/history.h"
#include "triage/repo.h"

#define RUNS 3

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The seed report's issues and test files, built directly: the benchmark
 * measures the history, not the reader. */
static tr_model *seed_model(void)
{
	static const struct {
		const char *id, *test;
	} issues[] = {
		{ "#305", "tests/unit/core/test_execution_tracker_ssot.py" },
		{ "#271", "tests/unit/golden_path/test_user_context_isolation_comprehensive.py" },
		{ "#292", "tests/integration/websocket/test_websocket_await_expression_fixes.py" },
		{ "#307", "tests/unit/api/test_validation_error_prevention.py" },
		{ "#306", NULL }, { "#308", NULL }, { "#316", NULL }, { "golden-path", NULL },
	};
	tr_model *m = tr_model_new();
	size_t r = tr_model_add_report(m, "seed.md");
	for (size_t i = 0; i < sizeof issues / sizeof *issues; i++) {
		size_t k = tr_model_intern(m, issues[i].id, issues[i].id[0] != '#', r, (unsigned)i + 1);
		if (issues[i].test)
			tr_strv_push(&m->issues[k].test_files, issues[i].test);
	}
	tr_model_finish(m);
	return m;
}

typedef struct result {
	double seconds;
	size_t commits, scanned, trees, links;
	int ok;
} result;

static void set_head(const char *repo, const char *branch)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/HEAD", repo);
	FILE *f = fopen(path, "w");
	if (!f) {
		perror(path);
		exit(1);
	}
	fprintf(f, "ref: refs/heads/%s\n", branch);
	fclose(f);
}

static void drop_index(const char *repo)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/triage/history-head.idx", repo);
	unlink(path);
}

/* One load in a child process; its time and peak memory. */
static result load(const char *repo, long *maxrss_kb)
{
	int fds[2];
	if (pipe(fds) < 0) {
		perror("pipe");
		exit(1);
	}
	pid_t pid = fork();
	if (pid == 0) {
		close(fds[0]);
		result res = { 0 };
		tr_model *m = seed_model();
		tr_error err = TR_ERROR_INIT;
		double t = now();
		tr_repo *r = tr_repo_open(repo, &err);
		tr_history *h = r ? tr_history_load(r, m, NULL, &err) : NULL;
		res.seconds = now() - t;
		if (h) {
			const tr_history_stats *st = tr_history_stats_get(h);
			res.commits = st->commits;
			res.scanned = st->scanned;
			res.trees = st->trees;
			for (size_t i = 0; i < m->nissues; i++) {
				const tr_commit_link *v;
				res.links += tr_history_issue(h, i, &v);
			}
			res.ok = 1;
		} else {
			fprintf(stderr, "bench_history: %s\n", err.message ? err.message : "failed");
		}
		tr_history_free(h);
		tr_repo_free(r);
		tr_error_clear(&err);
		tr_model_free(m);
		if (write(fds[1], &res, sizeof res) != (ssize_t)sizeof res)
			_exit(1);
		_exit(0);
	}
	close(fds[1]);
	result res = { 0 };
	if (read(fds[0], &res, sizeof res) != (ssize_t)sizeof res)
		res.ok = 0;
	close(fds[0]);
	int status;
	struct rusage ru;
	wait4(pid, &status, 0, &ru);
	if (!res.ok || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		fprintf(stderr, "bench_history: the load failed\n");
		exit(1);
	}
	if (ru.ru_maxrss > *maxrss_kb)
		*maxrss_kb = ru.ru_maxrss;
	return res;
}

static double git_log(const char *repo)
{
	double t = now();
	pid_t pid = fork();
	if (pid == 0) {
		int fd = open("/dev/null", O_WRONLY);
		dup2(fd, 1);
		execlp("git", "git", "-C", repo, "log", "--format=%H%x00%B", (char *)NULL);
		_exit(127);
	}
	int status;
	waitpid(pid, &status, 0);
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		fprintf(stderr, "bench_history: git log failed\n");
		exit(1);
	}
	return now() - t;
}

static double best(double a, double b)
{
	return a < b ? a : b;
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: bench_history REPO\n");
		return 2;
	}
	const char *repo = argv[1];
	set_head(repo, "main");
	double tlog = 1e9, tcold = 1e9, twarm = 1e9, tupd = 1e9;
	long rss_cold = 0, rss_warm = 0, rss_upd = 0;
	result cold = { 0 }, warm = { 0 }, upd = { 0 };
	for (int i = 0; i < RUNS; i++) {
		tlog = best(tlog, git_log(repo));
		set_head(repo, "main");
		drop_index(repo);
		cold = load(repo, &rss_cold);
		tcold = best(tcold, cold.seconds);
		warm = load(repo, &rss_warm);
		twarm = best(twarm, warm.seconds);
		set_head(repo, "next");
		upd = load(repo, &rss_upd);
		tupd = best(tupd, upd.seconds);
	}
	set_head(repo, "main");
	printf("history of %zu commits (main), %zu more on next (best of %d runs)\n", cold.commits,
	       upd.commits - cold.commits, RUNS);
	printf("  git log --format=%%H%%x00%%B  %8.1f ms  (reference)\n", tlog * 1e3);
	bool cold_met = tcold / tlog <= 1.5, warm_met = twarm / tlog < 0.05, upd_met = tupd / tlog < 0.05;
	bool rss_met = rss_cold < 150 * 1024 && rss_warm < 150 * 1024 && rss_upd < 150 * 1024;
	printf("  cold scan                  %8.1f ms  %6.2fx git log  (goal <= 1.5x)  %s"
	       "  %zu commits, %zu trees read\n", tcold * 1e3, tcold / tlog, cold_met ? "PASS" : "MISS",
	       cold.scanned, cold.trees);
	printf("  warm start                 %8.1f ms  %5.1f%% of git log  (goal < 5%%)  %s  %zu commits read\n",
	       twarm * 1e3, 100 * twarm / tlog, warm_met ? "PASS" : "MISS", warm.scanned);
	printf("  update, %zu new commits    %8.1f ms  %5.1f%% of git log  (goal < 5%%)  %s  %zu trees read\n",
	       upd.scanned, tupd * 1e3, 100 * tupd / tlog, upd_met ? "PASS" : "MISS", upd.trees);
	printf("  links found                %zu (cold), %zu (warm), %zu (after the update)\n", cold.links,
	       warm.links, upd.links);
	printf("  peak memory                %8.1f MB cold, %.1f MB warm, %.1f MB update  (goal < 150 MB)  %s\n",
	       (double)rss_cold / 1024, (double)rss_warm / 1024, (double)rss_upd / 1024,
	       rss_met ? "PASS" : "MISS");
	if (cold.links != warm.links)
		printf("  ** the warm start found other links than the cold scan **\n");
	return cold_met && warm_met && upd_met && rss_met && cold.links == warm.links ? 0 : 1;
}
