/* The progress store as a user of its API sees it: what the file says after
 * each change, two sessions on one file, undo, damaged and newer files, a
 * full disk, a stale lock, a read-only directory, and the three-way merge. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "store_fixture.h"
#include "tap.h"
#include "triage/store.h"
#include "store/store_internal.h"

static char dir[256];

static char *path_in(const char *name)
{
	static char buf[8][512];
	static int next;
	char *p = buf[next++ % 8];
	snprintf(p, 512, "%s/%s", dir, name);
	return p;
}

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "wb");
	if (!f) {
		printf("Bail out! cannot write %s\n", path);
		exit(1);
	}
	fputs(text, f);
	fclose(f);
}

static bool exists(const char *path)
{
	struct stat sb;
	return stat(path, &sb) == 0;
}

static json_t *load_json(const char *path)
{
	json_error_t je;
	json_t *j = json_load_file(path, 0, &je);
	if (!j)
		printf("# %s: %s (line %d)\n", path, je.text, je.line);
	return j;
}

/* The string at a path of keys (objects) and "[N]" (arrays), or NULL. */
static const char *jstr(json_t *root, const char *p1, const char *p2, const char *p3,
                        const char *p4)
{
	const char *keys[] = { p1, p2, p3, p4 };
	json_t *v = root;
	for (int i = 0; i < 4 && keys[i] && v; i++) {
		if (keys[i][0] == '[')
			v = json_array_get(v, (size_t)atoi(keys[i] + 1));
		else
			v = json_object_get(v, keys[i]);
	}
	return json_string_value(v);
}

static size_t jlen(json_t *root, const char *key)
{
	return json_array_size(json_object_get(root, key));
}

static int set_state(tr_store *st, const char *issue, tr_state s, tr_error *err)
{
	tr_change ch = { .kind = TR_CHANGE_STATE, .issue = issue, .state = s };
	return tr_store_apply(st, &ch, 1, err);
}

static int add_note(tr_store *st, const char *issue, const char *text, tr_error *err)
{
	tr_change ch = { .kind = TR_CHANGE_NOTE, .issue = issue, .text = text };
	return tr_store_apply(st, &ch, 1, err);
}

/* Lines the two texts have in common, in order (a longest common
 * subsequence), as diff sees them. */
static size_t common_lines(const char *a, const char *b, size_t *na, size_t *nb)
{
	const char *la[512], *lb[512];
	size_t n = 0, m = 0;
	for (const char *p = a; *p && n < 512; p = strchr(p, '\n') + 1)
		la[n++] = p;
	for (const char *p = b; *p && m < 512; p = strchr(p, '\n') + 1)
		lb[m++] = p;
	size_t *t = calloc((n + 1) * (m + 1), sizeof *t);
	for (size_t i = n; i-- > 0;)
		for (size_t j = m; j-- > 0;) {
			size_t li = strcspn(la[i], "\n"), lj = strcspn(lb[j], "\n");
			if (li == lj && memcmp(la[i], lb[j], li) == 0)
				t[i * (m + 1) + j] = t[(i + 1) * (m + 1) + j + 1] + 1;
			else {
				size_t x = t[(i + 1) * (m + 1) + j], y = t[i * (m + 1) + j + 1];
				t[i * (m + 1) + j] = x > y ? x : y;
			}
		}
	size_t r = t[0];
	free(t);
	*na = n;
	*nb = m;
	return r;
}

static const char *ALICE = "Alice <alice@example.com>";
static const char *BOB = "Bob <bob@example.com>";

static void test_states(void)
{
	is_str(tr_state_word(TR_STATE_IN_PROGRESS), "in-progress", "state words are the file's words");
	is_int(tr_state_from_word("wont-fix"), TR_STATE_WONT_FIX, "wont-fix is a state");
	is_int(tr_state_from_word("done"), -1, "done is not a state");
}

static void test_first_change(void)
{
	const char *path = path_in("repo/.triage/progress.json");
	tr_store *st = open_store(path, ALICE);
	ok(!tr_store_read_only(st) && tr_store_problem(st) == NULL, "a missing file opens writable");
	is_int(tr_store_state(st, "#305"), TR_STATE_OPEN, "an issue with no record is open");
	ok(tr_store_get(st, "#305") == NULL, "and has no record");

	tr_change ch[] = {
		{ .kind = TR_CHANGE_STATE, .issue = "#305", .state = TR_STATE_IN_PROGRESS },
		{ .kind = TR_CHANGE_OWNER, .issue = "#305", .text = "alice" },
		{ .kind = TR_CHANGE_NOTE, .issue = "#305", .text = "enum \"Status\" vs dict\nsee trace" },
	};
	tr_error err = TR_ERROR_INIT;
	is_int(tr_store_apply(st, ch, 3, &err), 3, "one transaction saves three events");
	ok(exists(path), "the file and its directory are created");
	ok(exists(path_in("repo/.triage/.gitignore")), "a new .triage directory ignores lock and temporary files");
	ok(!exists(path_in("repo/.triage/progress.json.lock")), "no lock file stays behind");
	ok(!exists(path_in("repo/.triage/progress.json.tmp")), "no temporary file stays behind");

	const tr_progress *p = tr_store_get(st, "#305");
	ok(p && p->state == TR_STATE_IN_PROGRESS, "the store shows the new state");
	is_str(p ? p->owner : NULL, "alice", "and the owner");
	is_int(p ? p->nnotes : 0, 1, "and the note");
	is_str(p ? p->updated_by : NULL, ALICE, "updated_by is the user");

	json_t *j = load_json(path);
	ok(j != NULL, "the file is JSON");
	is_int(json_integer_value(json_object_get(j, "version")), 1, "version 1");
	is_str(jstr(j, "issues", "#305", "state", NULL), "in-progress", "issues.#305.state");
	is_str(jstr(j, "issues", "#305", "owner", NULL), "alice", "issues.#305.owner");
	is_str(jstr(j, "issues", "#305", "updated_by", NULL), ALICE, "issues.#305.updated_by");
	const char *at = jstr(j, "issues", "#305", "updated_at", NULL);
	struct tm tm = { 0 };
	const char *end = at ? strptime(at, "%Y-%m-%dT%H:%M:%SZ", &tm) : NULL;
	ok(end && *end == '\0', "updated_at is ISO-8601 UTC (%s)", at ? at : "null");
	time_t t = timegm(&tm);
	ok(labs((long)(t - time(NULL))) < 60, "and it is now");
	json_t *notes = json_object_get(json_object_get(json_object_get(j, "issues"), "#305"), "notes");
	is_int(json_array_size(notes), 1, "one note");
	is_str(jstr(notes, "[0]", "text", NULL, NULL), "enum \"Status\" vs dict\nsee trace",
	       "the note's text survives quotes and newlines");
	is_str(jstr(notes, "[0]", "by", NULL, NULL), ALICE, "the note's author");
	is_str(jstr(notes, "[0]", "at", NULL, NULL), at, "the note's time");
	is_int(jlen(j, "events"), 3, "three events");
	json_t *ev = json_object_get(j, "events");
	is_str(jstr(ev, "[0]", "issue", NULL, NULL), "#305", "event issue");
	is_str(jstr(ev, "[0]", "field", NULL, NULL), "state", "event field");
	is_str(jstr(ev, "[0]", "from", NULL, NULL), "open", "event from");
	is_str(jstr(ev, "[0]", "to", NULL, NULL), "in-progress", "event to");
	is_str(jstr(ev, "[0]", "by", NULL, NULL), ALICE, "event by");
	is_str(jstr(ev, "[0]", "at", NULL, NULL), at, "event at");
	ok(json_is_null(json_object_get(json_array_get(ev, 1), "from")), "the first owner comes from null");
	is_str(jstr(ev, "[1]", "to", NULL, NULL), "alice", "to alice");
	is_str(jstr(ev, "[2]", "field", NULL, NULL), "note", "a note is an event too");
	json_decref(j);

	is_int(set_state(st, "#305", TR_STATE_IN_PROGRESS, &err), 0, "setting the same state saves nothing");
	tr_store_free(st);
}

static void test_format(void)
{
	const char *path = path_in("format.json");
	tr_store *st = open_store(path, ALICE);
	tr_error err = TR_ERROR_INIT;
	set_state(st, "golden-path", TR_STATE_FIXED, &err);
	set_state(st, "#10", TR_STATE_FIXED, &err);
	set_state(st, "#9", TR_STATE_FIXED, &err);
	set_state(st, "#100", TR_STATE_FIXED, &err);
	add_note(st, "#9", "ESC \x1b]0;title\x07 and C1 \xc2\x9b" "31m and bad \xff utf-8", &err);
	size_t len;
	char *text = slurp(path, &len);
	char *p9 = strstr(text, "\"#9\""), *p10 = strstr(text, "\"#10\""),
	     *p100 = strstr(text, "\"#100\""), *pg = strstr(text, "\"golden-path\"");
	ok(p9 && p10 && p100 && pg && p9 < p10 && p10 < p100 && p100 < pg,
	   "issues are in number order, named ones last");
	char *kv = strstr(text, "\"version\""), *kr = strstr(text, "\"reports\""),
	     *ki = strstr(text, "\"issues\""), *ka = strstr(text, "\"acknowledged\""),
	     *ke = strstr(text, "\"events\"");
	ok(kv && kr && ki && ka && ke && kv < kr && kr < ki && ki < ka && ka < ke,
	   "top-level keys in a fixed order");
	ok(strncmp(text, "{\n  \"version\": ", 15) == 0, "two-space indent");
	ok(len > 0 && text[len - 1] == '\n', "a final newline");
	ok(strchr(text, '\x1b') == NULL && strstr(text, "\\u001b") != NULL, "ESC is written escaped");
	ok(strstr(text, "\xc2\x9b") == NULL && strstr(text, "\\u009b") != NULL, "a C1 control is written escaped");
	ok(strchr(text, '\xff') == NULL && strstr(text, "\xef\xbf\xbd") != NULL,
	   "invalid UTF-8 is saved as U+FFFD");
	json_t *j = load_json(path);
	ok(j != NULL, "and the file is still JSON jansson reads");
	json_decref(j);

	/* One more change: counted as diff counts it, lines added or removed. */
	char *before = text;
	set_state(st, "#10", TR_STATE_VERIFIED, &err);
	char *after = slurp(path, NULL);
	size_t nb, na, common = common_lines(before, after, &nb, &na);
	size_t changed = (nb - common) + (na - common);
	ok(changed <= 8, "one change is a small diff (%zu lines of %zu)", changed, na);
	free(before);
	free(after);
	tr_store_free(st);
}

static void test_two_sessions(void)
{
	const char *path = path_in("two.json");
	tr_store *a = open_store(path, ALICE);
	tr_store *b = open_store(path, BOB);
	tr_error err = TR_ERROR_INIT;
	ok(!tr_store_changed_on_disk(b), "nothing changed yet");
	set_state(a, "#1", TR_STATE_FIXED, &err);
	ok(tr_store_changed_on_disk(b), "the other session sees the file changed");
	tr_change ch = { .kind = TR_CHANGE_OWNER, .issue = "#2", .text = "bob" };
	is_int(tr_store_apply(b, &ch, 1, &err), 1, "a stale session saves its change");
	ok(!tr_store_changed_on_disk(b), "a session's own save is not a change on disk to it");
	is_int(tr_store_state(b, "#1"), TR_STATE_FIXED, "and now shows the other session's change");
	tr_store_free(a);
	tr_store *c = open_store(path, ALICE);
	is_int(tr_store_state(c, "#1"), TR_STATE_FIXED, "the file keeps the first change");
	is_str(tr_store_get(c, "#2") ? tr_store_get(c, "#2")->owner : NULL, "bob", "and the second");

	/* Same field: the later change wins and both stay in the events. */
	set_state(c, "#3", TR_STATE_FIXED, &err);
	set_state(b, "#3", TR_STATE_WONT_FIX, &err);
	ok(tr_store_reload(c, &err) == 0 && tr_store_state(c, "#3") == TR_STATE_WONT_FIX,
	   "the later change to one field wins");
	size_t n;
	const tr_event *ev = tr_store_events(c, &n);
	ok(n >= 2 && strcmp(ev[n - 2].to, "fixed") == 0 && strcmp(ev[n - 1].to, "wont-fix") == 0 &&
	   strcmp(ev[n - 1].from, "fixed") == 0, "both changes are events, the second from the first");
	ok(!tr_store_changed_on_disk(c), "after a reload nothing is new");
	tr_store_free(b);
	tr_store_free(c);
}

static void test_undo(void)
{
	const char *path = path_in("undo.json");
	tr_store *a = open_store(path, ALICE);
	tr_error err = TR_ERROR_INIT;
	ok(!tr_store_can_undo(a), "nothing to undo at first");
	is_int(tr_store_undo(a, &err), 0, "undo with nothing done does nothing");
	tr_change ch[] = {
		{ .kind = TR_CHANGE_STATE, .issue = "#5", .state = TR_STATE_FIXED },
		{ .kind = TR_CHANGE_NOTE, .issue = "#5", .text = "fixed by the enum shim" },
	};
	tr_store_apply(a, ch, 2, &err);
	add_note(a, "#6", "kept", &err);
	is_int(tr_store_undo(a, &err), 1, "undo of the last change: one event");
	is_int(tr_store_get(a, "#6")->nnotes, 0, "the note is gone");
	ok(tr_store_can_undo(a), "the change before can be undone too");
	is_int(tr_store_undo(a, &err), 2, "undo of a two-part change");
	is_int(tr_store_state(a, "#5"), TR_STATE_OPEN, "the state is back");
	is_int(tr_store_get(a, "#5")->nnotes, 0, "its note is gone");
	size_t n;
	const tr_event *ev = tr_store_events(a, &n);
	is_int(n, 6, "every change and every undo is an event");
	ok(n == 6 && strcmp(ev[4].field, "note") == 0 && ev[4].to == NULL &&
	   strcmp(ev[4].from, "fixed by the enum shim") == 0, "a removed note is an event from its text to null");
	ok(n == 6 && strcmp(ev[5].from, "fixed") == 0 && strcmp(ev[5].to, "open") == 0,
	   "the state goes back as an event");

	/* Redo: the undos again, newest first, each saying what it did. */
	ok(tr_store_can_redo(a), "what was undone can be redone");
	tr_buf said = TR_BUF_INIT;
	is_int(tr_store_redo(a, &said, &err), 2, "redo of the two-part change");
	is_str(tr_buf_str(&said), "#5 state open \u2192 fixed, note added back: \u201cfixed by the enum shim\u201d", "and says what it did");
	is_int(tr_store_state(a, "#5"), TR_STATE_FIXED, "the state is fixed again");
	is_int(tr_store_get(a, "#5")->nnotes, 1, "its note is back");
	tr_buf_reset(&said);
	is_int(tr_store_undo_said(a, &said, &err), 2, "and undone again");
	is_str(tr_buf_str(&said), "#5 state fixed \u2192 open, note removed: \u201cfixed by the enum shim\u201d", "saying so, the state first");
	tr_buf_free(&said);
	set_state(a, "#9", TR_STATE_FIXED, &err);
	ok(!tr_store_can_redo(a), "a new change ends what can be redone");
	tr_store_undo(a, &err);

	/* Someone else changed the field since: their change stands. */
	tr_store *b = open_store(path, BOB);
	set_state(a, "#7", TR_STATE_FIXED, &err);
	set_state(b, "#7", TR_STATE_VERIFIED, &err);
	is_int(tr_store_undo(a, &err), 0, "undo leaves a field someone else changed since");
	ok(tr_store_reload(a, &err) == 0 && tr_store_state(a, "#7") == TR_STATE_VERIFIED,
	   "their state stands");
	tr_store_free(a);
	tr_store_free(b);
}

static void test_ack(void)
{
	const char *path = path_in("ack.json");
	tr_store *a = open_store(path, ALICE);
	tr_error err = TR_ERROR_INIT;
	const char *sig = "AttributeError: '…' object has no attribute '…'";
	ok(!tr_store_acknowledged(a, sig), "a failure starts unacknowledged");
	tr_change ch = { .kind = TR_CHANGE_ACK, .issue = "#305", .text = sig, .ack = true };
	is_int(tr_store_apply(a, &ch, 1, &err), 1, "acknowledging saves an event");
	ok(tr_store_acknowledged(a, sig), "acknowledged");
	json_t *j = load_json(path);
	is_str(jstr(j, "acknowledged", sig, "by", NULL), ALICE, "the file says who acknowledged it");
	is_str(jstr(j, "events", "[0]", "failure", NULL), sig, "the event names the failure");
	is_str(jstr(j, "events", "[0]", "field", NULL), "acknowledged", "field acknowledged");
	json_decref(j);
	ch.ack = false;
	is_int(tr_store_apply(a, &ch, 1, &err), 1, "withdrawing saves an event");
	ok(!tr_store_acknowledged(a, sig), "no longer acknowledged");
	tr_store_free(a);
}

static void test_damaged(void)
{
	static const struct {
		const char *name, *text, *want;
	} cases[] = {
		{ "broken.json", "{\n  \"version\": 1,\n  \"issues\": {\n", "broken.json:4" },
		{ "conflict.json", "{\n  \"version\": 1,\n<<<<<<< HEAD\n  \"issues\": {}\n=======\n>>>>>>> b\n}\n",
		  "conflict markers" },
		{ "state.json", "{\"version\": 1, \"issues\": {\"#305\": {\"state\": \"done\"}}}\n",
		  "issues.#305: \"done\" is not a state" },
		{ "key.json", "{\"version\": 1, \"isues\": {}}\n", "unknown key \"isues\"" },
		{ "noversion.json", "{\"issues\": {}}\n", "\"version\" is missing" },
		{ "newer.json", "{\"version\": 3, \"issues\": {}, \"shards\": []}\n", "newer triage" },
		/* What undo, redo and note edits write into an event. */
		{ "seq.json",
		  "{\"version\": 2, \"events\": [{\"at\": \"2026-03-05T09:00:00Z\", \"by\": \"alice\", "
		  "\"issue\": \"#1\", \"field\": \"state\", \"to\": \"fixed\", \"seq\": 0}]}\n",
		  "\"seq\" is not a number from 1 to 1000000" },
		{ "undoredo.json",
		  "{\"version\": 2, \"events\": [{\"at\": \"2026-03-05T09:00:00Z\", \"by\": \"alice\", "
		  "\"issue\": \"#1\", \"field\": \"state\", \"to\": \"fixed\", "
		  "\"undoes\": \"2026-03-05T08:00:00Z\", \"redoes\": \"2026-03-05T08:00:00Z\"}]}\n",
		  "both \"undoes\" and \"redoes\"" },
		{ "undoes.json",
		  "{\"version\": 2, \"events\": [{\"at\": \"2026-03-05T09:00:00Z\", \"by\": \"alice\", "
		  "\"issue\": \"#1\", \"field\": \"state\", \"to\": \"fixed\", \"undoes\": 7}]}\n",
		  "\"undoes\" is not a string" },
		{ "noteat.json",
		  "{\"version\": 2, \"events\": [{\"at\": \"2026-03-05T09:00:00Z\", \"by\": \"alice\", "
		  "\"issue\": \"#1\", \"field\": \"note\", \"to\": \"x\", \"note_at\": [1]}]}\n",
		  "\"note_at\" is not a string" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		const char *path = path_in(cases[i].name);
		write_file(path, cases[i].text);
		tr_store *st = open_store(path, ALICE);
		const tr_error *why = tr_store_problem(st);
		ok(tr_store_read_only(st) && why && why->status == TR_FORMAT,
		   "%s opens read-only", cases[i].name);
		ok(why && strstr(why->message, path) && strstr(why->message, cases[i].want),
		   "the reason names the file and says what is wrong (%s)", why ? why->message : "none");
		tr_error err = TR_ERROR_INIT;
		is_int(set_state(st, "#1", TR_STATE_FIXED, &err), -1, "a change is refused");
		tr_error_clear(&err);
		char *after = slurp(path, NULL);
		is_str(after, cases[i].text, "and the file is left untouched");
		free(after);
		tr_store_free(st);
	}

	/* Damaged while a session has it open, then repaired. */
	const char *path = path_in("later.json");
	tr_store *st = open_store(path, ALICE);
	tr_error err = TR_ERROR_INIT;
	set_state(st, "#1", TR_STATE_FIXED, &err);
	write_file(path, "{\"version\": 1, \"issues\": ");
	is_int(set_state(st, "#2", TR_STATE_FIXED, &err), -1, "a change to a file damaged meanwhile fails");
	is_int(err.status, TR_FORMAT, "as a format error");
	tr_error_clear(&err);
	char *after = slurp(path, NULL);
	is_str(after, "{\"version\": 1, \"issues\": ", "the damaged file is not overwritten");
	free(after);
	ok(tr_store_read_only(st), "the session turns read-only");
	is_int(tr_store_state(st, "#1"), TR_STATE_FIXED, "and still shows what it had");
	write_file(path, "{\"version\": 1, \"issues\": {\"#1\": {\"state\": \"verified\"}}}\n");
	ok(tr_store_changed_on_disk(st), "a repaired file is a change on disk");
	is_int(tr_store_reload(st, &err), 0, "it reloads");
	ok(!tr_store_read_only(st), "and the session is writable again");
	is_int(tr_store_state(st, "#1"), TR_STATE_VERIFIED, "with the repaired content");
	tr_store_free(st);
}

/* A full disk, without root: a file-size limit makes write() fail as a full
 * disk does, in a child so the limit stays there. */
static void test_full_disk(void)
{
	const char *path = path_in("full.json");
	tr_store *st = open_store(path, ALICE);
	tr_error err = TR_ERROR_INIT;
	set_state(st, "#1", TR_STATE_FIXED, &err);
	char *before = slurp(path, NULL);
	int fds[2];
	if (pipe(fds) < 0)
		return;
	pid_t pid = fork();
	if (pid == 0) {
		close(fds[0]);
		signal(SIGXFSZ, SIG_IGN);
		struct rlimit rl = { 2048, 2048 };
		setrlimit(RLIMIT_FSIZE, &rl);
		char big[4096];
		memset(big, 'x', sizeof big - 1);
		big[sizeof big - 1] = '\0';
		tr_error e = TR_ERROR_INIT;
		int rc = add_note(st, "#1", big, &e);
		char msg[600];
		snprintf(msg, sizeof msg, "%d %d %s", rc, (int)e.status, e.message ? e.message : "");
		if (write(fds[1], msg, strlen(msg)) < 0)
			_exit(2);
		_exit(0);
	}
	close(fds[1]);
	char msg[600] = "";
	ssize_t n = read(fds[0], msg, sizeof msg - 1);
	msg[n > 0 ? n : 0] = '\0';
	close(fds[0]);
	waitpid(pid, NULL, 0);
	ok(strncmp(msg, "-1 2 ", 5) == 0, "a save that cannot be written fails as an I/O error");
	ok(strstr(msg, path) && strstr(msg, "File too large") && strstr(msg, "as it was"),
	   "the message names the file, the cause, and that the file is as it was (%s)", msg + 5);
	char *after = slurp(path, NULL);
	is_str(after, before, "the old file stays whole");
	ok(!exists(path_in("full.json.tmp")), "the temporary file is removed");
	free(after);
	free(before);
	is_int(tr_store_get(st, "#1")->nnotes, 0, "the parent's view never had the note");
	tr_store_free(st);
}

static void test_lock(void)
{
	const char *path = path_in("lock.json");
	const char *lock = path_in("lock.json.lock");
	write_file(lock, "pid 99999 on nowhere\n");
	tr_store *st = open_store(path, ALICE);
	tr_error err = TR_ERROR_INIT;
	is_int(set_state(st, "#1", TR_STATE_FIXED, &err), 1, "a lock file nobody holds does not block");
	ok(!exists(lock), "and is removed");

	/* A session killed while holding the lock. */
	pid_t pid = fork();
	if (pid == 0) {
		int fd = open(lock, O_RDWR | O_CREAT, 0666);
		flock(fd, LOCK_EX);
		pause();
		_exit(0);
	}
	while (!exists(lock))
		usleep(1000);
	usleep(20000);
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	is_int(set_state(st, "#2", TR_STATE_FIXED, &err), 1, "a lock left by a killed process is recovered");

	/* A live holder is waited for. */
	int fd = open(lock, O_RDWR | O_CREAT, 0666);
	flock(fd, LOCK_EX);
	pid = fork();
	if (pid == 0) {
		tr_error e = TR_ERROR_INIT;
		_exit(set_state(st, "#3", TR_STATE_FIXED, &e) == 1 ? 0 : 1);
	}
	usleep(300000);
	ok(tr_store_state(st, "#3") == TR_STATE_OPEN && !tr_store_changed_on_disk(st),
	   "while the lock is held nothing is written");
	unlink(lock);
	close(fd);
	int status = 0;
	waitpid(pid, &status, 0);
	ok(WIFEXITED(status) && WEXITSTATUS(status) == 0, "once it is released the waiting save goes through");
	ok(tr_store_reload(st, &err) == 0 && tr_store_state(st, "#3") == TR_STATE_FIXED, "and is on disk");
	tr_store_free(st);
}

static long long ms_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* A save as the watcher sees it: the data file replaced by another.  Not
 * tr_file_replace: its fsyncs may stall for longer than the timeout on a
 * busy disk, and what is tested here is the waiter, not the disk. */
static int quick_replace(const char *data, int round)
{
	char tmp[512], text[64];
	snprintf(tmp, sizeof tmp, "%s.quick", data);
	snprintf(text, sizeof text, "{\"version\": 1, \"issues\": {}} %*s\n", round, "");
	FILE *f = fopen(tmp, "w");
	if (!f)
		return -1;
	int rc = fputs(text, f) < 0 ? -1 : 0;
	if (fclose(f) != 0)
		rc = -1;
	return rc == 0 ? rename(tmp, data) : -1;
}

/* Another session takes the lock and, for `saves` rounds of SAVE_EVERY_MS,
 * saves the data file (or, with saves negative, only sleeps that long).
 * Returns its pid once it holds the lock. */
#define SAVE_EVERY_MS 50
static pid_t hold_lock(const char *lock, const char *data, int saves)
{
	int go[2];
	if (pipe(go) < 0)
		return -1;
	pid_t pid = fork();
	if (pid == 0) {
		close(go[0]);
		tr_error e = TR_ERROR_INIT;
		tr_lock *lk = tr_lock_acquire(lock, NULL, 1000, &e);
		if (!lk || write(go[1], "x", 1) != 1)
			_exit(2);
		for (int i = 0; i < (saves < 0 ? -saves : saves); i++) {
			usleep(SAVE_EVERY_MS * 1000);
			if (saves > 0 && quick_replace(data, i) < 0)
				_exit(3);
		}
		tr_lock_release(lk);
		_exit(0);
	}
	close(go[1]);
	char c;
	ssize_t n = read(go[0], &c, 1);
	close(go[0]);
	return n == 1 ? pid : -1;
}

/* The wait for the lock: behind a session that keeps saving, as long as it
 * takes; behind one that saves nothing, up to the timeout, and then an error
 * that says who holds it.  The timeout is twenty saves long, so a holder
 * descheduled on a loaded machine is still a busy one. */
static void test_lock_wait(void)
{
	const char *data = path_in("busy.json"), *lock = path_in("busy.json.lock");
	write_file(data, "{\"version\": 1}\n");
	tr_error err = TR_ERROR_INIT;
	const int timeout = 20 * SAVE_EVERY_MS, saves = 36;

	pid_t pid = hold_lock(lock, data, saves);
	long long t0 = ms_now();
	tr_lock *lk = tr_lock_acquire(lock, data, timeout, &err);
	long long waited = ms_now() - t0;
	ok(lk != NULL, "a session that keeps saving is waited for (%s)", lk ? "got it" : err.message);
	ok(waited >= saves * SAVE_EVERY_MS * 9 / 10 && waited > timeout,
	   "past the timeout, for as long as it saves (%lld ms)", waited);
	tr_lock_release(lk);
	tr_error_clear(&err);
	waitpid(pid, NULL, 0);

	pid = hold_lock(lock, data, -2 * saves);
	t0 = ms_now();
	lk = tr_lock_acquire(lock, data, timeout, &err);
	waited = ms_now() - t0;
	ok(lk == NULL && err.status == TR_LOCKED && waited < saves * SAVE_EVERY_MS,
	   "a session that saves nothing is waited for no longer than the timeout (%lld ms)", waited);
	char want[32];
	snprintf(want, sizeof want, "pid %ld on ", (long)pid);
	ok(err.message && strstr(err.message, lock) && strstr(err.message, want) &&
	   strstr(err.message, "nothing was saved"),
	   "the error names the lock, who holds it, and that nothing was saved (%s)", err.message);
	tr_lock_release(lk);
	tr_error_clear(&err);
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
}

/* Root may write anywhere: the check runs as nobody then. */
static void test_read_only_dir(void)
{
	/* As root, somewhere nobody can reach: TMPDIR may be inside /root. */
	char base[64] = "/tmp/test_store_ro.XXXXXX";
	if (geteuid() != 0)
		base[0] = '\0';
	else if (!mkdtemp(base) || chmod(base, 0755) < 0)
		return;
	char sub[320], path[340];
	snprintf(sub, sizeof sub, "%s/ro", base[0] ? base : dir);
	snprintf(path, sizeof path, "%s/progress.json", sub);
	mkdir(sub, 0755);
	write_file(path, "{\"version\": 1, \"issues\": {\"#1\": {\"state\": \"fixed\"}}}\n");
	chmod(path, 0644);
	chmod(dir, 0755);
	chmod(sub, 0555);
	int fds[2];
	if (pipe(fds) < 0)
		return;
	pid_t pid = fork();
	if (pid == 0) {
		close(fds[0]);
		if (geteuid() == 0 && (setgid(65534) < 0 || setuid(65534) < 0))
			_exit(3);
		tr_error e = TR_ERROR_INIT;
		tr_store *st = tr_store_open(path, ALICE, false, &e);
		const tr_error *why = st ? tr_store_problem(st) : NULL;
		int rc = st ? set_state(st, "#1", TR_STATE_VERIFIED, &e) : -2;
		char msg[700];
		snprintf(msg, sizeof msg, "%d %d %d %d %s", st && tr_store_read_only(st),
		         why ? (int)why->status : 0, rc, st ? (int)tr_store_state(st, "#1") : -1,
		         why ? why->message : "");
		if (write(fds[1], msg, strlen(msg)) < 0)
			_exit(2);
		tr_store_free(st);
		_exit(0);
	}
	close(fds[1]);
	char msg[700] = "";
	ssize_t n = read(fds[0], msg, sizeof msg - 1);
	msg[n > 0 ? n : 0] = '\0';
	close(fds[0]);
	waitpid(pid, NULL, 0);
	chmod(sub, 0755);
	char want[32];
	snprintf(want, sizeof want, "1 %d -1 %d ", TR_READONLY, TR_STATE_FIXED);
	ok(strncmp(msg, want, strlen(want)) == 0,
	   "a directory the user may not write opens read-only, shows the file, refuses changes");
	ok(strstr(msg, "no permission to write") != NULL, "and says why (%s)", msg);
	char *after = slurp(path, NULL);
	ok(strstr(after, "\"fixed\"") != NULL, "the file is untouched");
	free(after);
	if (base[0])
		remove_tree(base);
}

static void test_merge(void)
{
	const char *base = path_in("base.json"), *ours = path_in("ours.json"),
	           *theirs = path_in("theirs.json");
	write_file(base,
	           "{\"version\": 1, \"reports\": [\"a.md\"], \"issues\": {\"#1\": {\"state\": \"open\", "
	           "\"notes\": [{\"by\": \"A\", \"at\": \"2026-01-01T00:00:00Z\", \"text\": \"old\"}]}},"
	           " \"events\": [{\"at\": \"2026-01-01T00:00:00Z\", \"by\": \"A\", \"issue\": \"#1\","
	           " \"field\": \"note\", \"from\": null, \"to\": \"old\"}]}\n");
	write_file(ours,
	           "{\"version\": 1, \"reports\": [\"a.md\"], \"issues\": {"
	           "\"#1\": {\"state\": \"fixed\", \"owner\": null, \"notes\": ["
	           "{\"by\": \"A\", \"at\": \"2026-01-01T00:00:00Z\", \"text\": \"old\"},"
	           "{\"by\": \"A\", \"at\": \"2026-01-02T10:00:00Z\", \"text\": \"ours\"}],"
	           " \"updated_by\": \"A\", \"updated_at\": \"2026-01-02T10:00:00Z\"},"
	           "\"#3\": {\"state\": \"fixed\", \"updated_at\": \"2026-01-02T12:00:00Z\"}},"
	           " \"events\": ["
	           "{\"at\": \"2026-01-01T00:00:00Z\", \"by\": \"A\", \"issue\": \"#1\", \"field\": \"note\", \"from\": null, \"to\": \"old\"},"
	           "{\"at\": \"2026-01-02T10:00:00Z\", \"by\": \"A\", \"issue\": \"#1\", \"field\": \"state\", \"from\": \"open\", \"to\": \"fixed\"},"
	           "{\"at\": \"2026-01-02T10:00:00Z\", \"by\": \"A\", \"issue\": \"#1\", \"field\": \"note\", \"from\": null, \"to\": \"ours\"},"
	           "{\"at\": \"2026-01-02T12:00:00Z\", \"by\": \"A\", \"issue\": \"#3\", \"field\": \"state\", \"from\": \"open\", \"to\": \"fixed\"}]}\n");
	write_file(theirs,
	           "{\"version\": 1, \"reports\": [\"a.md\", \"b.md\"], \"issues\": {"
	           "\"#1\": {\"state\": \"open\", \"owner\": \"bob\", \"notes\": ["
	           "{\"by\": \"B\", \"at\": \"2026-01-02T09:00:00Z\", \"text\": \"theirs\"}],"
	           " \"updated_by\": \"B\", \"updated_at\": \"2026-01-02T09:00:00Z\"},"
	           "\"#2\": {\"state\": \"verified\"},"
	           "\"#3\": {\"state\": \"wont-fix\", \"updated_at\": \"2026-01-02T11:00:00Z\"}},"
	           " \"acknowledged\": {\"E: x\": {\"by\": \"B\", \"at\": \"2026-01-02T09:30:00Z\"}},"
	           " \"events\": ["
	           "{\"at\": \"2026-01-01T00:00:00Z\", \"by\": \"A\", \"issue\": \"#1\", \"field\": \"note\", \"from\": null, \"to\": \"old\"},"
	           "{\"at\": \"2026-01-02T08:00:00Z\", \"by\": \"B\", \"issue\": \"#1\", \"field\": \"note\", \"from\": \"old\", \"to\": null},"
	           "{\"at\": \"2026-01-02T09:00:00Z\", \"by\": \"B\", \"issue\": \"#1\", \"field\": \"owner\", \"from\": null, \"to\": \"bob\"},"
	           "{\"at\": \"2026-01-02T09:00:00Z\", \"by\": \"B\", \"issue\": \"#1\", \"field\": \"note\", \"from\": null, \"to\": \"theirs\"},"
	           "{\"at\": \"2026-01-02T09:30:00Z\", \"by\": \"B\", \"issue\": null, \"failure\": \"E: x\", \"field\": \"acknowledged\", \"from\": null, \"to\": \"yes\"},"
	           "{\"at\": \"2026-01-02T11:00:00Z\", \"by\": \"B\", \"issue\": \"#3\", \"field\": \"state\", \"from\": \"open\", \"to\": \"wont-fix\"}]}\n");
	tr_error err = TR_ERROR_INIT;
	is_int(tr_store_merge_files(base, ours, theirs, &err), 0, "two diverged files merge");
	json_t *j = load_json(ours);
	ok(j != NULL, "into ours, as JSON");
	is_str(jstr(j, "issues", "#1", "state", NULL), "fixed", "a field changed on one side takes that side");
	is_str(jstr(j, "issues", "#1", "owner", NULL), "bob", "on either side");
	is_str(jstr(j, "issues", "#2", "state", NULL), "verified", "an issue only theirs has is kept");
	is_str(jstr(j, "issues", "#3", "state", NULL), "fixed", "changed on both sides: the later change wins");
	json_t *notes = json_object_get(json_object_get(json_object_get(j, "issues"), "#1"), "notes");
	is_int(json_array_size(notes), 2, "notes are united, and one removed on a side stays removed");
	is_str(jstr(notes, "[0]", "text", NULL, NULL), "theirs", "notes in time order");
	is_str(jstr(notes, "[1]", "text", NULL, NULL), "ours", "both sides' notes are there");
	is_int(jlen(j, "events"), 9, "events are united without duplicates");
	is_str(jstr(j, "events", "[8]", "at", NULL), "2026-01-02T12:00:00Z", "events in time order");
	is_int(jlen(j, "reports"), 2, "reports are united");
	ok(jstr(j, "acknowledged", "E: x", "by", NULL) != NULL, "an acknowledgement from theirs is kept");
	json_decref(j);

	write_file(theirs, "{\"version\": 1, \"issues\": {\"#1\": ");
	char *before = slurp(ours, NULL);
	is_int(tr_store_merge_files(base, ours, theirs, &err), -1, "a damaged side is an error");
	ok(err.message && strstr(err.message, theirs), "that names the file (%s)", err.message);
	tr_error_clear(&err);
	char *after = slurp(ours, NULL);
	is_str(after, before, "and ours is left untouched");
	free(before);
	free(after);

	write_file(theirs, "{\"version\": 1, \"issues\": {\"#9\": {\"state\": \"fixed\"}}}\n");
	is_int(tr_store_merge_files(path_in("no-base.json"), ours, theirs, &err), 0,
	       "a missing base (added on both branches) merges");
	j = load_json(ours);
	is_str(jstr(j, "issues", "#9", "state", NULL), "fixed", "with both sides' issues");
	is_str(jstr(j, "issues", "#1", "state", NULL), "fixed", "all of them");
	json_decref(j);
}

static void test_reports_and_locate(void)
{
	mkdir(path_in("proj"), 0755);
	mkdir(path_in("proj/docs"), 0755);
	write_file(path_in("proj/docs/cluster.md"), "# report\n");
	tr_error err = TR_ERROR_INIT;
	char *p = tr_store_locate(NULL, NULL, path_in("proj/docs/cluster.md"), &err);
	is_str(p, path_in("proj/docs/.triage/progress.json"), "outside a repository: beside the first report");
	free(p);
	p = tr_store_locate("/x/state.json", NULL, "r.md", &err);
	is_str(p, "/x/state.json", "--state wins");
	free(p);
	p = tr_store_locate(NULL, NULL, NULL, &err);
	ok(p == NULL && err.status == TR_NOTFOUND, "nowhere to put it is an error");
	tr_error_clear(&err);

	const char *path = path_in("proj/.triage/progress.json");
	tr_store *st = open_store(path, ALICE);
	char *reports[] = { path_in("proj/docs/cluster.md") };
	is_int(tr_store_remember_reports(st, reports, 1, &err), 0, "reports are remembered");
	struct stat sb;
	ok(stat(path_in("proj/.triage"), &sb) < 0, "but reading a report writes nothing: no .triage yet");
	is_int(set_state(st, "#1", TR_STATE_IN_PROGRESS, &err), 1, "the first change is saved");
	json_t *j = load_json(path);
	is_str(jstr(j, "reports", "[0]", NULL, NULL), "../docs/cluster.md",
	       "relative to the file's directory, so the path works in every clone");
	json_decref(j);
	tr_strv out = TR_STRV_INIT;
	tr_store_reports(st, &out, NULL);
	char *want = realpath(reports[0], NULL), *got = out.n ? realpath(out.v[0], NULL) : NULL;
	is_str(got, want, "and come back as paths to the same file");
	free(want);
	free(got);
	tr_strv_free(&out);
	size_t nev;
	tr_store_events(st, &nev);
	is_int((int)nev, 1, "remembering a report adds no event of its own");
	tr_store_free(st);
}

/* A file written in another order than ours (by hand, by another tool, or
 * to make loading slow): read whole, in our order, repeats folded. */
static void test_any_order(void)
{
	const char *path = path_in("order.json");
	write_file(path, "{\"version\": 1,\n"
	                 " \"reports\": [\"b.md\", \"a.md\", \"b.md\", \"c.md\", \"a.md\"],\n"
	                 " \"issues\": {\"zeta\": {\"state\": \"fixed\"}, \"#30\": {\"state\": \"fixed\"},\n"
	                 "   \"#4\": {\"owner\": \"d\"}, \"alpha\": {}, \"#1\": {\"state\": \"verified\"}},\n"
	                 " \"acknowledged\": {\"z: x\": {\"by\": \"A\", \"at\": \"t\"}, \"a: y\": {\"by\": \"B\", \"at\": \"t\"}},\n"
	                 " \"events\": []}\n");
	tr_store *st = open_store(path, ALICE);
	ok(tr_store_problem(st) == NULL, "issues in descending order load");
	static const char *const want[] = { "#1", "#4", "#30", "alpha", "zeta" };
	bool in_order = tr_store_count(st) == 5;
	for (size_t i = 0; in_order && i < 5; i++)
		in_order = strcmp(tr_store_at(st, i)->id, want[i]) == 0;
	ok(in_order, "and are kept in file order: numbers ascending, then names");
	is_int((int)tr_store_index(st, "#30"), 2, "an issue's place is found by its id");
	is_int((int)tr_store_index(st, "#2"), -1, "and an id the file lacks has none");
	is_int(tr_store_state(st, "#1"), TR_STATE_VERIFIED, "each keeps its own state");
	ok(tr_store_get(st, "#4") && tr_store_get(st, "#4")->owner &&
	           strcmp(tr_store_get(st, "#4")->owner, "d") == 0,
	   "and its owner");
	ok(tr_store_acknowledged(st, "a: y") && tr_store_acknowledged(st, "z: x"),
	   "acknowledgements in descending order are all found");
	tr_strv out = TR_STRV_INIT;
	tr_store_reports(st, &out, NULL);
	ok(out.n == 3 && strstr(out.v[0], "b.md") && strstr(out.v[1], "a.md") && strstr(out.v[2], "c.md"),
	   "a report named twice is remembered once, in the order first named");
	tr_strv_free(&out);
	tr_store_free(st);
}

int main(void)
{
	tap_tempdir(dir, sizeof dir, "test_store");
	test_states();
	test_first_change();
	test_format();
	test_two_sessions();
	test_undo();
	test_ack();
	test_damaged();
	test_full_disk();
	test_lock();
	test_lock_wait();
	test_read_only_dir();
	test_merge();
	test_reports_and_locate();
	test_any_order();
	remove_tree(dir);
	return done_testing();
}
