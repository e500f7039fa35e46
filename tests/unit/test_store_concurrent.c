/* Two sessions at once: two processes each make 500 changes to the same
 * progress file, started together.  None may be lost: the file ends with
 * all 1,000 notes and all 1,000 events, and a state both set holds the
 * value of the later change. */
#include "config.h"

#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "store_fixture.h"
#include "tap.h"
#include "triage/store.h"

#define CHANGES 500

/* Waits on `go`, then makes CHANGES notes on #1 ("A 0", "A 1", ...), and on
 * every tenth one also sets #2 to a state of its own. */
static void session(const char *path, char who, int go)
{
	char user[64], c;
	snprintf(user, sizeof user, "%c <%c@example.com>", who, who);
	if (read(go, &c, 1) < 0)
		_exit(2);
	tr_error err = TR_ERROR_INIT;
	tr_store *st = tr_store_open(path, user, false, &err);
	if (!st)
		_exit(2);
	int failed = 0;
	for (int i = 0; i < CHANGES; i++) {
		char text[32];
		snprintf(text, sizeof text, "%c %d", who, i);
		tr_change ch[2] = {
			{ .kind = TR_CHANGE_NOTE, .issue = "#1", .text = text },
			{ .kind = TR_CHANGE_STATE, .issue = "#2",
			  .state = who == 'A' ? TR_STATE_FIXED : TR_STATE_WONT_FIX },
		};
		if (tr_store_apply(st, ch, i % 10 == 0 ? 2 : 1, &err) < 1) {
			if (failed++ == 0)
				fprintf(stderr, "%c: %s\n", who, err.message ? err.message : "no change");
			tr_error_clear(&err);
		}
	}
	tr_store_free(st);
	_exit(failed ? 1 : 0);
}

int main(void)
{
	char dir[256];
	tap_tempdir(dir, sizeof dir, "test_store_conc");
	char path[512];
	snprintf(path, sizeof path, "%s/.triage/progress.json", dir);
	int go[2];
	if (pipe(go) < 0)
		return 1;
	pid_t a = fork();
	if (a == 0) {
		close(go[1]);
		session(path, 'A', go[0]);
	}
	pid_t b = fork();
	if (b == 0) {
		close(go[1]);
		session(path, 'B', go[0]);
	}
	close(go[0]);
	/* Both are waiting: closing the pipe lets them go at once. */
	close(go[1]);
	int sa = 0, sb = 0;
	waitpid(a, &sa, 0);
	waitpid(b, &sb, 0);
	ok(WIFEXITED(sa) && WEXITSTATUS(sa) == 0, "session A made its %d changes", CHANGES);
	ok(WIFEXITED(sb) && WEXITSTATUS(sb) == 0, "session B made its %d changes", CHANGES);

	tr_error err = TR_ERROR_INIT;
	tr_store *st = tr_store_open(path, NULL, true, &err);
	ok(st && !tr_store_problem(st), "the file is whole");
	const tr_progress *p = st ? tr_store_get(st, "#1") : NULL;
	is_int(p ? p->nnotes : 0, 2 * CHANGES, "it holds all %d notes", 2 * CHANGES);
	int seen[2][CHANGES] = { { 0 } };
	for (size_t i = 0; p && i < p->nnotes; i++) {
		int who = p->notes[i].text[0] == 'B', k = atoi(p->notes[i].text + 2);
		if (k >= 0 && k < CHANGES)
			seen[who][k]++;
	}
	int once = 0;
	for (int w = 0; w < 2; w++)
		for (int k = 0; k < CHANGES; k++)
			once += seen[w][k] == 1;
	is_int(once, 2 * CHANGES, "each change exactly once");

	size_t nev = 0, notes = 0, states = 0;
	const tr_event *ev = st ? tr_store_events(st, &nev) : NULL;
	const tr_event *last_state = NULL;
	for (size_t i = 0; i < nev; i++) {
		if (strcmp(ev[i].field, "note") == 0)
			notes++;
		if (strcmp(ev[i].field, "state") == 0) {
			states++;
			last_state = &ev[i];
		}
	}
	is_int(notes, 2 * CHANGES, "each note is an event");
	ok(states >= 1, "the state both set is in the events (%zu changes of it)", states);
	ok(last_state && (int)tr_store_state(st, "#2") == tr_state_from_word(last_state->to),
	   "and holds the value of the later change");
	tr_store_free(st);
	remove_tree(dir);
	return done_testing();
}
