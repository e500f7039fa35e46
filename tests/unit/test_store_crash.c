/* Saves killed at random moments: a writer makes 300 saves and is killed
 * with SIGKILL again and again, at random, while a reader keeps loading the
 * file.  After every kill the file must be whole and hold every change whose
 * save had returned; the reader must never see a damaged file; the lock a
 * killed writer held must never block the next one. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "store_fixture.h"
#include "tap.h"
#include "triage/store.h"

#define SAVES 300
#define MAX_ATTEMPTS 4000

/* Saves notes "save N", N = first, first + 1, ..., and reports on `acks`
 * -(N + 1) as each save starts and N once it has returned.  Runs until it is
 * killed. */
static void writer(const char *path, int first, int acks)
{
	tr_error err = TR_ERROR_INIT;
	tr_store *st = tr_store_open(path, "Writer <w@example.com>", false, &err);
	if (!st)
		_exit(2);
	for (int n = first; n < MAX_ATTEMPTS; n++) {
		char text[32];
		snprintf(text, sizeof text, "save %d", n);
		tr_change ch = { .kind = TR_CHANGE_NOTE, .issue = "#1", .text = text };
		int started = -(n + 1);
		if (write(acks, &started, sizeof started) != sizeof started)
			_exit(4);
		if (tr_store_apply(st, &ch, 1, &err) != 1)
			_exit(3);
		if (write(acks, &n, sizeof n) != sizeof n)
			_exit(4);
	}
	_exit(0);
}

/* Loads the file over and over; writes a byte on `bad` for each load that
 * found it damaged. */
static void reader(const char *path, int bad)
{
	for (;;) {
		tr_error err = TR_ERROR_INIT;
		tr_store *st = tr_store_open(path, NULL, true, &err);
		if (!st || tr_store_problem(st)) {
			if (write(bad, "x", 1) < 0)
				_exit(4);
		}
		tr_error_clear(&err);
		tr_store_free(st);
		if (write(bad, ".", 1) < 0)
			_exit(4);
	}
}

int main(void)
{
	char dir[256];
	tap_tempdir(dir, sizeof dir, "test_store_crash");
	char path[512];
	snprintf(path, sizeof path, "%s/.triage/progress.json", dir);
	/* The file exists before the reader starts: a missing file is not damage. */
	{
		tr_error err = TR_ERROR_INIT;
		tr_store *st = tr_store_open(path, "Setup <s@example.com>", false, &err);
		tr_change ch = { .kind = TR_CHANGE_STATE, .issue = "#1", .state = TR_STATE_IN_PROGRESS };
		if (!st || tr_store_apply(st, &ch, 1, &err) != 1) {
			printf("Bail out! cannot create %s\n", path);
			return 1;
		}
		tr_store_free(st);
	}

	int badp[2];
	if (pipe(badp) < 0)
		return 1;
	fcntl(badp[0], F_SETFL, O_NONBLOCK);
	pid_t rpid = fork();
	if (rpid == 0) {
		close(badp[0]);
		reader(path, badp[1]);
	}
	close(badp[1]);

	bool *acked = calloc(MAX_ATTEMPTS, sizeof *acked);
	int nacked = 0, next = 0, kills = 0, midsave = 0, invalid = 0, missing = 0, stuck = 0;
	long loads = 0, damaged = 0;
	unsigned seed = (unsigned)time(NULL) ^ (unsigned)getpid();
	printf("# seed %u\n", seed);
	/* How long a writer may live, in microseconds.  A save takes from under a
	 * millisecond to tens of them, by disk and load, so the window follows
	 * what the writers achieve: about two saves each, most writers killed
	 * in the middle of one. */
	long window = 20000;
	/* Goes on past SAVES until enough kills landed inside a save: on a fast
	 * file system (tmpfs, no real fsync) a writer finishes many saves in
	 * the shortest window, and what matters is dying half-way. */
	while ((nacked < SAVES || kills < 20 || midsave < 20) && next < MAX_ATTEMPTS - 100) {
		int ackp[2];
		if (pipe(ackp) < 0)
			return 1;
		pid_t pid = fork();
		if (pid == 0) {
			close(ackp[0]);
			close(badp[0]);
			writer(path, next, ackp[1]);
		}
		close(ackp[1]);
		long us = (long)(rand_r(&seed) % (unsigned)window);
		struct timespec ts = { us / 1000000, (us % 1000000) * 1000L };
		nanosleep(&ts, NULL);
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
		kills++;
		int n, got = 0;
		bool in_save = false;
		while (read(ackp[0], &n, sizeof n) == sizeof n) {
			in_save = n < 0;
			if (n < 0)
				continue;
			if (n < MAX_ATTEMPTS && !acked[n]) {
				acked[n] = true;
				nacked++;
			}
			if (n + 1 > next)
				next = n + 1;
			got++;
		}
		close(ackp[0]);
		midsave += in_save;
		/* A save that was under way may have made it or not: never reuse its number. */
		next++;
		if (got == 0 && window < 2000000)
			window += window / 4;
		else if (got > 3 && window > 40)
			window -= window / 4;
		stuck = got == 0 ? stuck + 1 : 0;
		if (stuck > 200) {
			printf("# no save returned in 200 runs in a row\n");
			break;
		}

		tr_error err = TR_ERROR_INIT;
		tr_store *st = tr_store_open(path, NULL, true, &err);
		if (!st || tr_store_problem(st)) {
			invalid++;
			printf("# after kill %d: %s\n", kills,
			       st ? tr_store_problem(st)->message : err.message);
		} else {
			const tr_progress *p = tr_store_get(st, "#1");
			bool *seen = calloc(MAX_ATTEMPTS, sizeof *seen);
			for (size_t i = 0; p && i < p->nnotes; i++) {
				int k = atoi(p->notes[i].text + 5);
				if (k >= 0 && k < MAX_ATTEMPTS)
					seen[k] = true;
			}
			for (int k = 0; k < MAX_ATTEMPTS; k++)
				if (acked[k] && !seen[k]) {
					missing++;
					printf("# after kill %d: save %d returned but is not in the file\n", kills, k);
				}
			free(seen);
		}
		tr_error_clear(&err);
		tr_store_free(st);
	}
	kill(rpid, SIGKILL);
	waitpid(rpid, NULL, 0);
	char buf[4096];
	ssize_t r;
	while ((r = read(badp[0], buf, sizeof buf)) > 0)
		for (ssize_t i = 0; i < r; i++) {
			loads += buf[i] == '.';
			damaged += buf[i] == 'x';
		}
	close(badp[0]);

	ok(nacked >= SAVES, "%d saves returned across %d writers killed at random", nacked, kills);
	ok(kills >= 20, "the writer was killed many times (%d)", kills);
	ok(midsave >= 20, "in the middle of a save %d times", midsave);
	is_int(invalid, 0, "after every kill the file is whole");
	is_int(missing, 0, "and holds every change whose save had returned");
	ok(loads > 0, "a reader loaded the file %ld times meanwhile", loads);
	is_int(damaged, 0, "and never found it damaged");

	tr_error err = TR_ERROR_INIT;
	tr_store *st = tr_store_open(path, "Last <l@example.com>", false, &err);
	tr_change ch = { .kind = TR_CHANGE_STATE, .issue = "#1", .state = TR_STATE_FIXED };
	is_int(st ? tr_store_apply(st, &ch, 1, &err) : -1, 1, "a save after all that goes through");
	size_t nev = 0;
	if (st)
		tr_store_events(st, &nev);
	ok(nev >= (size_t)nacked + 2, "every returned save is an event (%zu events)", nev);
	tr_store_free(st);
	free(acked);
	remove_tree(dir);
	return done_testing();
}
