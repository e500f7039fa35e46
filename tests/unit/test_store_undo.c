/* Undo and redo read from the event log: across sessions and reloads,
 * after other people's changes merged in, two copies that both undo; a
 * user's notes edited and deleted as events, and their undo. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "store_fixture.h"
#include "tap.h"
#include "triage/store.h"

static char dir[256];

static char *path_in(const char *name)
{
	static char buf[8][512];
	static int next;
	char *p = buf[next++ % 8];
	snprintf(p, 512, "%s/%s", dir, name);
	return p;
}

static char *read_text(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return strdup("");
	char *buf = calloc(1, 1 << 20);
	size_t n = fread(buf, 1, (1 << 20) - 1, f);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

static void copy_file(const char *from, const char *to)
{
	char *text = read_text(from);
	FILE *f = fopen(to, "wb");
	if (!f) {
		printf("Bail out! cannot write %s\n", to);
		exit(1);
	}
	fputs(text, f);
	fclose(f);
	free(text);
}

static void set_state(tr_store *st, const char *issue, tr_state s)
{
	apply_change(st, (tr_change){ .kind = TR_CHANGE_STATE, .issue = issue, .state = s });
}

static void set_owner(tr_store *st, const char *issue, const char *owner)
{
	apply_change(st, (tr_change){ .kind = TR_CHANGE_OWNER, .issue = issue, .text = owner });
}

static void add_note(tr_store *st, const char *issue, const char *text)
{
	apply_change(st, (tr_change){ .kind = TR_CHANGE_NOTE, .issue = issue, .text = text });
}

/* Undo or redo, and what it said ("" for nothing). */
static char said_buf[512];
static const char *undo(tr_store *st, bool redo)
{
	tr_error err = TR_ERROR_INIT;
	tr_buf said = TR_BUF_INIT;
	int rc = redo ? tr_store_redo(st, &said, &err) : tr_store_undo_said(st, &said, &err);
	snprintf(said_buf, sizeof said_buf, "%s", rc < 0 ? (err.message ? err.message : "error")
	                                                 : tr_buf_str(&said));
	tr_buf_free(&said);
	tr_error_clear(&err);
	return said_buf;
}

static const char *ALICE = "Alice <alice@example.com>";
static const char *BOB = "Bob <bob@example.com>";

static void test_across_sessions(void)
{
	const char *path = path_in("sessions.json");
	tr_store *a = open_store(path, ALICE);
	at("2026-03-02T09:00:00Z");
	set_state(a, "#1", TR_STATE_FIXED);
	at("2026-03-02T09:05:00Z");
	add_note(a, "#1", "shimmed the enum");
	tr_store_free(a);

	/* A later session, as after quitting the console. */
	a = open_store(path, ALICE);
	ok(tr_store_can_undo(a), "a new session can undo what an earlier one saved");
	ok(!tr_store_can_redo(a), "and has nothing to redo");
	at("2026-03-02T10:00:00Z");
	is_str(undo(a, false), "#1 note removed: \u201cshimmed the enum\u201d", "undo takes the newest change first, saying what");
	is_int(tr_store_get(a, "#1")->nnotes, 0, "the note is gone");
	tr_store_free(a);

	a = open_store(path, ALICE);
	is_str(undo(a, false), "#1 state fixed \u2192 open", "the next undo, in yet another session, takes the one before");
	is_int(tr_store_state(a, "#1"), TR_STATE_OPEN, "the state is back");
	is_str(undo(a, false), "", "then there is nothing left to undo");
	ok(!tr_store_can_undo(a), "and can_undo says so");
	size_t n;
	const tr_event *ev = tr_store_events(a, &n);
	is_int(n, 4, "each undo is an event: the log only grows");
	ok(n == 4 && ev[2].undoes && strcmp(ev[2].undoes, "2026-03-02T09:05:00Z") == 0,
	   "an undo names the change it reverses (%s)", n == 4 && ev[2].undoes ? ev[2].undoes : "null");
	tr_store_free(a);

	/* Redo, from the log too: newest undo first. */
	a = open_store(path, ALICE);
	ok(tr_store_can_redo(a), "a later session can redo what was undone");
	at("2026-03-02T11:00:00Z");
	is_str(undo(a, true), "#1 state open \u2192 fixed", "redo takes the last undo first");
	tr_store_free(a);
	a = open_store(path, ALICE);
	is_str(undo(a, true), "#1 note added back: \u201cshimmed the enum\u201d", "then the one before");
	is_int(tr_store_get(a, "#1")->nnotes, 1, "the note is back");
	ok(tr_store_get(a, "#1")->nnotes == 1 &&
	   strcmp(tr_store_get(a, "#1")->notes[0].at, "2026-03-02T09:05:00Z") == 0,
	   "as it was, with its time");
	ok(!tr_store_can_redo(a), "nothing more to redo");
	is_str(undo(a, false), "#1 note removed: \u201cshimmed the enum\u201d", "a redo is undone like a change");
	ok(tr_store_can_redo(a), "and redone again");
	at("2026-03-02T12:00:00Z");
	set_owner(a, "#4", "carol");
	ok(!tr_store_can_redo(a), "a new change ends what can be redone");
	tr_store_free(a);
	a = open_store(path, ALICE);
	ok(!tr_store_can_redo(a), "in the next session too");
	is_str(undo(a, false), "#4 owner carol \u2192 none", "and is the first undone");

	/* Another person's session undoes only theirs. */
	tr_store *b = open_store(path, BOB);
	ok(!tr_store_can_undo(b), "someone who changed nothing has nothing to undo");
	at("2026-03-02T12:30:00Z");
	set_state(b, "#9", TR_STATE_VERIFIED);
	tr_store_reload(a, NULL);
	is_str(undo(a, false), "#1 state fixed \u2192 open", "undo skips other people's changes");
	is_int(tr_store_state(a, "#9"), TR_STATE_VERIFIED, "and leaves them as they are");
	tr_store_free(a);
	tr_store_free(b);
}

static void test_same_second(void)
{
	const char *path = path_in("second.json");
	tr_store *a = open_store(path, ALICE);
	at("2026-03-03T09:00:00Z");
	set_state(a, "#2", TR_STATE_IN_PROGRESS);
	set_owner(a, "#2", "alice");
	add_note(a, "#2", "on it");
	size_t n;
	const tr_event *ev = tr_store_events(a, &n);
	ok(n == 3 && ev[0].seq <= 1 && ev[1].seq == 2 && ev[2].seq == 3,
	   "changes saved in one second are numbered apart");
	is_str(undo(a, false), "#2 note removed: \u201con it\u201d", "undo takes the last of them only");
	is_str(undo(a, false), "#2 owner alice \u2192 none", "then the one before");
	is_int(tr_store_state(a, "#2"), TR_STATE_IN_PROGRESS, "the first stands");
	ev = tr_store_events(a, &n);
	ok(n == 5 && ev[4].undoes && strcmp(ev[4].undoes, "2026-03-03T09:00:00Z#2") == 0,
	   "an undo names a change of a shared second with its number (%s)",
	   n == 5 && ev[4].undoes ? ev[4].undoes : "null");
	is_str(undo(a, true), "#2 owner none \u2192 alice", "redo in the same second");
	ev = tr_store_events(a, &n);
	ok(n == 6 && ev[5].redo && !ev[4].redo && ev[5].undoes &&
	   strcmp(ev[5].undoes, "2026-03-03T09:00:00Z#5") == 0, "a redo is marked as one, naming the undo");
	tr_store_free(a);
	char *text = read_text(path);
	ok(strstr(text, "\"version\": 2,") != NULL, "a file that holds undos is version 2");
	ok(strstr(text, "\"seq\": 3") && strstr(text, "\"undoes\": \"2026-03-03T09:00:00Z#3\"") &&
	   strstr(text, "\"redoes\": \"2026-03-03T09:00:00Z#5\""),
	   "with seq, undoes and redoes on the events' lines");
	a = open_store(path, ALICE);
	ev = tr_store_events(a, &n);
	ok(n == 6 && ev[5].redo && !ev[4].redo, "and read back so");
	tr_store_free(a);
	free(text);
}

static void test_passed_over(void)
{
	const char *path = path_in("passed.json");
	tr_store *a = open_store(path, ALICE), *b = open_store(path, BOB);
	at("2026-03-04T09:00:00Z");
	set_owner(a, "#5", "alice");
	at("2026-03-04T09:10:00Z");
	set_state(a, "#6", TR_STATE_FIXED);
	at("2026-03-04T09:20:00Z");
	set_state(b, "#6", TR_STATE_VERIFIED);
	tr_store_reload(a, NULL);
	at("2026-03-04T09:30:00Z");
	is_str(undo(a, false), "#5 owner alice \u2192 none (1 change passed over: changed by someone since)",
	       "a change someone else changed since is passed over, and said so");
	is_int(tr_store_state(a, "#6"), TR_STATE_VERIFIED, "their state stands");
	ok(!tr_store_can_undo(a), "nothing else to undo");
	tr_store_free(a);
	tr_store_free(b);
}

static void test_notes(void)
{
	const char *path = path_in("notes.json");
	tr_store *a = open_store(path, ALICE), *b = open_store(path, BOB);
	tr_error err = TR_ERROR_INIT;
	at("2026-03-05T09:00:00Z");
	add_note(a, "#7", "the fixture is flaky");
	at("2026-03-05T09:01:00Z");
	add_note(a, "#7", "second thought");
	at("2026-03-05T09:02:00Z");
	add_note(b, "#7", "bob's note");
	tr_store_reload(a, NULL);

	at("2026-03-05T10:00:00Z");
	tr_change ed = { .kind = TR_CHANGE_NOTE_EDIT, .issue = "#7", .note_at = "2026-03-05T09:00:00Z",
	                 .note_text = "the fixture is flaky", .text = "the fixture is flaky on CI only" };
	is_int(tr_store_apply(a, &ed, 1, &err), 1, "a user edits their own note: one event");
	const tr_progress *p = tr_store_get(a, "#7");
	ok(p->nnotes == 3 && strcmp(p->notes[0].text, "the fixture is flaky on CI only") == 0 &&
	   strcmp(p->notes[0].at, "2026-03-05T09:00:00Z") == 0,
	   "the note has the new text, in its place and with its time");
	size_t n;
	const tr_event *ev = tr_store_events(a, &n);
	ok(n == 4 && strcmp(ev[3].field, "note") == 0 && ev[3].from &&
	   strcmp(ev[3].from, "the fixture is flaky") == 0 && ev[3].to &&
	   strcmp(ev[3].to, "the fixture is flaky on CI only") == 0 && ev[3].note_at &&
	   strcmp(ev[3].note_at, "2026-03-05T09:00:00Z") == 0,
	   "the event keeps the old text and names the note by its time");

	at("2026-03-05T10:05:00Z");
	/* Named by the store's own strings, as the console does. */
	tr_change del = { .kind = TR_CHANGE_NOTE_DELETE, .issue = "#7", .note_at = p->notes[1].at,
	                  .note_text = p->notes[1].text };
	is_int(tr_store_apply(a, &del, 1, &err), 1, "a user deletes their own note");
	del.note_at = "2026-03-05T09:01:00Z";
	del.note_text = "second thought";
	p = tr_store_get(a, "#7");
	ok(p->nnotes == 2 && strcmp(p->notes[1].text, "bob's note") == 0, "it is gone, the others stay");
	ev = tr_store_events(a, &n);
	ok(n == 5 && ev[4].from && strcmp(ev[4].from, "second thought") == 0 && !ev[4].to,
	   "a deletion keeps the text in the log");

	tr_change theirs = { .kind = TR_CHANGE_NOTE_EDIT, .issue = "#7", .note_at = "2026-03-05T09:02:00Z",
	                     .note_text = "bob's note", .text = "rewritten" };
	is_int(tr_store_apply(a, &theirs, 1, &err), -1, "someone else's note cannot be edited");
	ok(err.message && strstr(err.message, "someone else's"), "and the error says whose (%s)",
	   err.message ? err.message : "");
	tr_error_clear(&err);
	theirs.kind = TR_CHANGE_NOTE_DELETE;
	is_int(tr_store_apply(a, &theirs, 1, &err), -1, "nor deleted");
	tr_error_clear(&err);
	is_int(tr_store_get(a, "#7")->nnotes, 2, "and nothing changed");
	is_int(tr_store_apply(a, &del, 1, &err), -1, "a note no longer there cannot be deleted");
	is_int(err.status, TR_NOTFOUND, "it is not found");
	tr_error_clear(&err);
	ed.note_text = "the fixture is flaky on CI only";
	ed.text = "  ";
	is_int(tr_store_apply(a, &ed, 1, &err), -1, "an edit to nothing is refused");
	tr_error_clear(&err);

	at("2026-03-05T11:00:00Z");
	is_str(undo(a, false), "#7 note added back: \u201csecond thought\u201d", "undo of a deletion brings the note back");
	p = tr_store_get(a, "#7");
	ok(p->nnotes == 3 && strcmp(p->notes[1].text, "second thought") == 0 &&
	   strcmp(p->notes[1].at, "2026-03-05T09:01:00Z") == 0, "in its place, with its time");
	is_str(undo(a, false), "#7 note text changed back: \u201cthe fixture is flaky\u201d", "undo of an edit");
	ok(strcmp(tr_store_get(a, "#7")->notes[0].text, "the fixture is flaky") == 0, "has the old text again");
	is_str(undo(a, true), "#7 note text changed: \u201cthe fixture is flaky on CI only\u201d", "and redo edits it again");
	ok(strcmp(tr_store_get(a, "#7")->notes[0].text, "the fixture is flaky on CI only") == 0,
	   "to the new text");
	tr_store_free(a);
	tr_store_free(b);
}

static void test_merged(void)
{
	/* Two branches from one base: Alice's copy and Bob's each change and
	 * undo; the merge driver unites them. */
	const char *base = path_in("m-base.json"), *ours = path_in("m-ours.json"),
	           *theirs = path_in("m-theirs.json");
	tr_store *a = open_store(base, ALICE), *b = open_store(base, BOB);
	at("2026-03-06T09:00:00Z");
	set_state(a, "#1", TR_STATE_FIXED);
	set_state(b, "#2", TR_STATE_FIXED);
	tr_store_free(a);
	tr_store_free(b);
	copy_file(base, ours);
	copy_file(base, theirs);

	a = open_store(ours, ALICE);
	at("2026-03-06T10:00:00Z");
	is_str(undo(a, false), "#1 state fixed \u2192 open", "Alice undoes on her branch");
	tr_store_free(a);
	b = open_store(theirs, BOB);
	at("2026-03-06T10:30:00Z");
	is_str(undo(b, false), "#2 state fixed \u2192 open", "Bob undoes on his");
	set_owner(b, "#1", "bob");
	tr_store_free(b);

	tr_error err = TR_ERROR_INIT;
	is_int(tr_store_merge_files(base, ours, theirs, &err), 0, "the two files merge");
	tr_error_clear(&err);
	a = open_store(ours, ALICE);
	is_int(tr_store_state(a, "#1"), TR_STATE_OPEN, "Alice's undo holds after the merge");
	is_int(tr_store_state(a, "#2"), TR_STATE_OPEN, "and Bob's");
	ok(tr_store_get(a, "#1")->owner && strcmp(tr_store_get(a, "#1")->owner, "bob") == 0,
	   "and Bob's change after it");
	ok(!tr_store_can_undo(a), "Alice has nothing left to undo");
	at("2026-03-06T11:00:00Z");
	is_str(undo(a, true), "#1 state open \u2192 fixed", "and redoes her own undo, not Bob's");
	is_int(tr_store_state(a, "#2"), TR_STATE_OPEN, "Bob's stays undone");
	tr_store_free(a);
	b = open_store(ours, BOB);
	is_str(undo(b, false), "#1 owner bob \u2192 none", "after the merge, Bob undoes his newest change");
	is_str(undo(b, true), "#1 owner none \u2192 bob", "and redoes it");
	tr_store_free(b);

	/* One person, two copies (a laptop and a server), both undo the same
	 * change: once is enough, and one redo brings it back. */
	copy_file(base, ours);
	copy_file(base, theirs);
	a = open_store(ours, ALICE);
	at("2026-03-06T12:00:00Z");
	undo(a, false);
	tr_store_free(a);
	a = open_store(theirs, ALICE);
	at("2026-03-06T12:05:00Z");
	undo(a, false);
	tr_store_free(a);
	is_int(tr_store_merge_files(base, ours, theirs, &err), 0, "two copies that undid the same change merge");
	tr_error_clear(&err);
	a = open_store(ours, ALICE);
	size_t n;
	tr_store_events(a, &n);
	is_int(n, 4, "with both undo events");
	ok(!tr_store_can_undo(a), "the change counts as undone once: nothing left to undo");
	at("2026-03-06T13:00:00Z");
	is_str(undo(a, true), "#1 state open \u2192 fixed", "one redo brings it back");
	ok(!tr_store_can_redo(a), "and there is no second redo");
	tr_store_free(a);
}

static void test_merged_notes(void)
{
	/* A note edited on one branch, deleted on none: one note, the new
	 * text.  Edited differently on both: both texts kept, nothing lost. */
	const char *base = path_in("n-base.json"), *ours = path_in("n-ours.json"),
	           *theirs = path_in("n-theirs.json");
	tr_store *a = open_store(base, ALICE);
	at("2026-03-07T09:00:00Z");
	add_note(a, "#3", "flaky on CI");
	add_note(a, "#4", "needs a fixture");
	tr_store_free(a);
	copy_file(base, ours);
	copy_file(base, theirs);
	tr_error err = TR_ERROR_INIT;
	a = open_store(ours, ALICE);
	at("2026-03-07T10:00:00Z");
	tr_change ed = { .kind = TR_CHANGE_NOTE_EDIT, .issue = "#3", .note_at = "2026-03-07T09:00:00Z",
	                 .note_text = "flaky on CI", .text = "flaky on CI only" };
	tr_store_apply(a, &ed, 1, &err);
	tr_change ed4 = { .kind = TR_CHANGE_NOTE_EDIT, .issue = "#4", .note_at = "2026-03-07T09:00:00Z",
	                  .note_text = "needs a fixture", .text = "needs the tracker fixture" };
	tr_store_apply(a, &ed4, 1, &err);
	tr_store_free(a);
	a = open_store(theirs, ALICE);
	at("2026-03-07T11:00:00Z");
	ed4.text = "needs a fixture, or two";
	tr_store_apply(a, &ed4, 1, &err);
	tr_store_free(a);
	is_int(tr_store_merge_files(base, ours, theirs, &err), 0, "branches that edited notes merge");
	tr_error_clear(&err);
	a = open_store(ours, ALICE);
	const tr_progress *p3 = tr_store_get(a, "#3"), *p4 = tr_store_get(a, "#4");
	ok(p3 && p3->nnotes == 1 && strcmp(p3->notes[0].text, "flaky on CI only") == 0,
	   "a note edited on one side has the new text, once");
	ok(p4 && p4->nnotes == 2, "a note edited on both sides keeps both texts (%zu notes)",
	   p4 ? p4->nnotes : 0);
	at("2026-03-07T12:00:00Z");
	is_str(undo(a, false), "#4 note text changed back: \u201cneeds a fixture\u201d", "the newer edit (theirs) is undone first");
	tr_store_free(a);
}

int main(void)
{
	tap_tempdir(dir, sizeof dir, "test_store_undo");
	test_across_sessions();
	test_same_second();
	test_passed_over();
	test_notes();
	test_merged();
	test_merged_notes();
	remove_tree(dir);
	return done_testing();
}
