/* The stand-up tells net changes since the mark: what a user changed and
 * changed back, by hand or by undo and redo, across sessions, is no change;
 * a chain of changes is one; a note that came and went, or went and came
 * back, is none; an edited note is told once with its last text.  The
 * console's timeline tells undo from redo. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "store_fixture.h"
#include "tap.h"
#include "triage/clock.h"
#include "triage/standup.h"
#include "triage/store.h"

static char dir[256];
static const char *ALICE = "Alice <alice@example.com>";
static const char *BOB = "Bob <bob@example.com>";

static tr_model *model(void)
{
	tr_model *m = tr_model_new();
	size_t r = tr_model_add_report(m, "cluster.md");
	for (int i = 1; i <= 4; i++) {
		char id[8];
		snprintf(id, sizeof id, "#%d", i);
		tr_model_intern(m, id, false, r, (unsigned)i);
	}
	tr_model_finish(m);
	return m;
}

static void owner(tr_store *st, const char *when, const char *issue, const char *who)
{
	at(when);
	apply_change(st, (tr_change){ .kind = TR_CHANGE_OWNER, .issue = issue, .text = who });
}

static void state(tr_store *st, const char *when, const char *issue, tr_state s)
{
	at(when);
	apply_change(st, (tr_change){ .kind = TR_CHANGE_STATE, .issue = issue, .state = s });
}

static void note(tr_store *st, const char *when, const char *issue, const char *text)
{
	at(when);
	apply_change(st, (tr_change){ .kind = TR_CHANGE_NOTE, .issue = issue, .text = text });
}

static void note_edit(tr_store *st, const char *when, const char *issue, const char *note_at,
                      const char *old, const char *text)
{
	at(when);
	apply_change(st, (tr_change){ .kind = TR_CHANGE_NOTE_EDIT, .issue = issue, .note_at = note_at,
	                       .note_text = old, .text = text });
}

static void note_delete(tr_store *st, const char *when, const char *issue, const char *note_at,
                        const char *old)
{
	at(when);
	apply_change(st, (tr_change){ .kind = TR_CHANGE_NOTE_DELETE, .issue = issue, .note_at = note_at,
	                       .note_text = old });
}

static void ack(tr_store *st, const char *when, const char *sig, bool on)
{
	at(when);
	apply_change(st, (tr_change){ .kind = TR_CHANGE_ACK, .text = sig, .ack = on });
}

static void undo(tr_store *st, const char *when, bool redo)
{
	tr_error err = TR_ERROR_INIT;
	at(when);
	int rc = redo ? tr_store_redo(st, NULL, &err) : tr_store_undo(st, &err);
	if (rc < 0)
		printf("# %s: %s\n", redo ? "redo" : "undo", err.message);
	tr_error_clear(&err);
}

/* A section of the stand-up since `since` (as text, untitled, without its
 * blank line), told at `now` (12:00 the same day as `since`). */
static char *told(const char *path, const tr_model *m, const char *since, tr_standup_section_id sec)
{
	tr_store *st = open_store(path, NULL);
	tr_standup_input in = { .model = m, .store = st };
	tr_time_parse(since, &in.since);
	in.now = in.since + 3 * 3600;
	tr_standup *s = tr_standup_new(&in);
	tr_buf out = TR_BUF_INIT;
	for (size_t i = 0; i < s->sections[sec].nitems; i++) {
		const tr_standup_item *it = &s->sections[sec].items[i];
		tr_buf_adds(&out, it->level ? "  " : "");
		tr_standup_item_text(it, &out, false);
		tr_buf_addc(&out, '\n');
	}
	tr_standup_free(s);
	tr_store_free(st);
	char *r = tr_buf_detach(&out);
	return r ? r : tr_strdup("");
}

static char *file(const char *name)
{
	return tr_sprintf("%s/%s.json", dir, name);
}

/* The defect as a user met it: owner changes, undos and a redo in one
 * session, notes added, edited and deleted, then undos and redos in the
 * next; the net change is one owner, one state, one note. */
static void test_churn(const tr_model *m)
{
	char *path = file("churn");
	tr_store *b = open_store(path, BOB);
	owner(b, "2026-03-01T09:00:00Z", "#1", "bob");
	note(b, "2026-03-01T09:01:00Z", "#1", "older note");
	tr_store_free(b);

	tr_store *a = open_store(path, ALICE);
	state(a, "2026-03-02T09:00:00Z", "#1", TR_STATE_FIXED);
	state(a, "2026-03-02T09:00:30Z", "#1", TR_STATE_IN_PROGRESS);
	owner(a, "2026-03-02T09:01:00Z", "#1", "carol");
	owner(a, "2026-03-02T09:02:00Z", "#1", "dave");
	owner(a, "2026-03-02T09:03:00Z", "#1", "caroldave");
	undo(a, "2026-03-02T09:04:00Z", false);
	undo(a, "2026-03-02T09:05:00Z", false);
	undo(a, "2026-03-02T09:06:00Z", false);
	undo(a, "2026-03-02T09:07:00Z", true);
	note(a, "2026-03-02T09:08:00Z", "#1", "first");
	note_edit(a, "2026-03-02T09:09:00Z", "#1", "2026-03-02T09:08:00Z", "first", "first, edited");
	note(a, "2026-03-02T09:10:00Z", "#1", "second");
	note_delete(a, "2026-03-02T09:11:00Z", "#1", "2026-03-02T09:10:00Z", "second");
	tr_store_free(a);

	/* Quit, reopen: undo eight times, redo ten. */
	a = open_store(path, ALICE);
	char when[32];
	for (int i = 0; i < 8; i++) {
		snprintf(when, sizeof when, "2026-03-02T10:%02d:00Z", i);
		undo(a, when, false);
	}
	for (int i = 0; i < 10; i++) {
		snprintf(when, sizeof when, "2026-03-02T10:%02d:00Z", 10 + i);
		undo(a, when, true);
	}
	tr_store_free(a);

	char *t = told(path, m, "2026-03-02T08:00:00Z", TR_STANDUP_PROGRESS);
	is_str(t,
	       "#1\n"
	       "  state open → in-progress (Alice, Mon 2 Mar 10:11)\n"
	       "  owner bob → carol (Alice, Mon 2 Mar 10:12)\n"
	       "  note \"first, edited\" (Alice, Mon 2 Mar 10:14)\n",
	       "churn by undo and redo over two sessions is told as its net change, once per field");
	ok(!strstr(t, "removed") && !strstr(t, "caroldave") && !strstr(t, "undo") && !strstr(t, "redo"),
	   "no note removed, no owner set on the way, no undo or redo told");
	free(t);

	uint8_t changed[4];
	tr_store *r = open_store(path, NULL);
	int64_t since;
	tr_time_parse("2026-03-02T08:00:00Z", &since);
	tr_standup_changed(r, m, since, changed);
	ok(changed[0] && !changed[1], "the issue list marks the issue changed");
	tr_store_free(r);
	free(path);
}

/* a → b → a is no change, by hand or by an undo; a → b → c is one line
 * a → c by the people who made it, at the time of the last. */
static void test_fields(const tr_model *m)
{
	char *path = file("fields");
	tr_store *a = open_store(path, ALICE), *b = open_store(path, BOB);
	owner(a, "2026-03-01T09:00:00Z", "#1", "ann");
	owner(a, "2026-03-01T09:00:00Z", "#2", "ann");
	owner(a, "2026-03-02T09:00:00Z", "#1", "bea");
	owner(b, "2026-03-02T09:10:00Z", "#1", "ann");          /* by hand, back */
	state(a, "2026-03-02T09:20:00Z", "#2", TR_STATE_FIXED);
	undo(a, "2026-03-02T09:30:00Z", false);                  /* by an undo */
	state(a, "2026-03-02T09:40:00Z", "#3", TR_STATE_IN_PROGRESS);
	state(b, "2026-03-02T09:50:00Z", "#3", TR_STATE_FIXED);
	state(a, "2026-03-02T10:00:00Z", "#3", TR_STATE_VERIFIED);
	/* Set and set back, then changed for good by one person: only they
	 * made the change. */
	owner(b, "2026-03-02T10:10:00Z", "#4", "bob");
	owner(b, "2026-03-02T10:11:00Z", "#4", NULL);
	owner(a, "2026-03-02T10:12:00Z", "#4", "ann");
	/* An issue the reports do not have: told after the others, net too. */
	owner(a, "2026-03-02T10:20:00Z", "#9", "zed");
	owner(b, "2026-03-02T10:21:00Z", "#9", "yan");
	state(a, "2026-03-02T10:22:00Z", "#8", TR_STATE_FIXED);
	undo(a, "2026-03-02T10:23:00Z", false);
	tr_store_free(a);
	tr_store_free(b);

	char *t = told(path, m, "2026-03-02T08:00:00Z", TR_STANDUP_PROGRESS);
	is_str(t,
	       "#3\n"
	       "  state open → verified (Alice and Bob, Mon 2 Mar 10:00)\n"
	       "#4\n"
	       "  owner none → ann (Alice, Mon 2 Mar 10:12)\n"
	       "#9 (not in the reports)\n"
	       "  owner none → yan (Alice and Bob, Mon 2 Mar 10:21)\n",
	       "a value changed back is no change, by hand or by undo; a chain is one line from its start "
	       "to its end, by those who made it");
	free(t);
	uint8_t changed[4];
	tr_store *r = open_store(path, NULL);
	int64_t since;
	tr_time_parse("2026-03-02T08:00:00Z", &since);
	tr_standup_changed(r, m, since, changed);
	ok(!changed[0] && !changed[1] && changed[2] && changed[3],
	   "the issue list marks only the issues the stand-up tells");
	tr_store_free(r);
	free(path);
}

/* Notes: added and removed, removed and restored, edited (twice). */
static void test_notes(const tr_model *m)
{
	char *path = file("notes");
	tr_store *a = open_store(path, ALICE);
	note(a, "2026-03-01T09:00:00Z", "#1", "kept");
	note(a, "2026-03-01T09:01:00Z", "#2", "to be edited");
	note(a, "2026-03-01T09:02:00Z", "#3", "to be removed");
	note(a, "2026-03-01T09:03:00Z", "#4", "edited back");
	/* #1: deleted, then restored by undo. */
	note_delete(a, "2026-03-02T09:00:00Z", "#1", "2026-03-01T09:00:00Z", "kept");
	undo(a, "2026-03-02T09:01:00Z", false);
	/* #2: edited twice. */
	note_edit(a, "2026-03-02T09:02:00Z", "#2", "2026-03-01T09:01:00Z", "to be edited", "once");
	note_edit(a, "2026-03-02T09:03:00Z", "#2", "2026-03-01T09:01:00Z", "once", "twice");
	/* #3: removed for good; and a note added and removed within. */
	note_delete(a, "2026-03-02T09:04:00Z", "#3", "2026-03-01T09:02:00Z", "to be removed");
	note(a, "2026-03-02T09:05:00Z", "#3", "passing thought");
	note_delete(a, "2026-03-02T09:06:00Z", "#3", "2026-03-02T09:05:00Z", "passing thought");
	/* #4: edited and edited back. */
	note_edit(a, "2026-03-02T09:07:00Z", "#4", "2026-03-01T09:03:00Z", "edited back", "edited");
	note_edit(a, "2026-03-02T09:08:00Z", "#4", "2026-03-01T09:03:00Z", "edited", "edited back");
	tr_store_free(a);

	char *t = told(path, m, "2026-03-02T08:00:00Z", TR_STANDUP_PROGRESS);
	is_str(t,
	       "#2\n"
	       "  note edited \"twice\" (Alice, Mon 2 Mar 09:03)\n"
	       "#3\n"
	       "  note removed \"to be removed\" (Alice, Mon 2 Mar 09:04)\n",
	       "an edited note is told once with its last text, a removed one once; a note restored, "
	       "one that came and went, and one edited back are not told");
	free(t);
	free(path);
}

/* Acknowledgements: one undone is not told; one kept is. */
static void test_acks(const tr_model *m)
{
	char *path = file("acks");
	tr_store *a = open_store(path, ALICE);
	ack(a, "2026-03-02T09:00:00Z", "AssertionError: kept", true);
	ack(a, "2026-03-02T09:01:00Z", "KeyError: undone", true);
	undo(a, "2026-03-02T09:02:00Z", false);
	ack(a, "2026-03-02T09:03:00Z", "TypeError: redone", true);
	undo(a, "2026-03-02T09:04:00Z", false);
	undo(a, "2026-03-02T09:05:00Z", true);
	tr_store_free(a);
	char *t = told(path, m, "2026-03-02T08:00:00Z", TR_STANDUP_FAILURES);
	is_str(t,
	       "acknowledged: AssertionError: kept (Alice, Mon 2 Mar 09:00)\n"
	       "acknowledged: TypeError: redone (Alice, Mon 2 Mar 09:05)\n",
	       "an acknowledgement undone is not told, one redone is told once");
	free(t);
	free(path);
}

/* Undo, redo, the undo of a redo, as the timeline labels them. */
static void test_kinds(void)
{
	char *path = file("kinds");
	tr_store *a = open_store(path, ALICE), *b = open_store(path, BOB);
	owner(a, "2026-03-02T09:00:00Z", "#1", "ann");
	owner(b, "2026-03-02T09:00:00Z", "#2", "bob");  /* same time, someone else */
	undo(a, "2026-03-02T09:01:00Z", false);
	undo(a, "2026-03-02T09:02:00Z", true);
	undo(a, "2026-03-02T09:03:00Z", false);
	undo(a, "2026-03-02T09:04:00Z", true);
	undo(b, "2026-03-02T09:05:00Z", false);
	tr_store_free(a);
	tr_store_free(b);
	tr_store *r = open_store(path, NULL);
	size_t n;
	const tr_event *ev = tr_store_events(r, &n);
	uint8_t kind[16] = { 0 };
	char got[17] = "";
	if (n <= 16) {
		tr_event_undo_kinds(ev, n, kind);
		for (size_t k = 0; k < n; k++)
			got[k] = "cur"[kind[k]];
	}
	is_str(got, "ccururu", "a change, an undo, a redo, the undo of a redo, its redo, someone's undo");
	tr_store_free(r);
	free(path);
}

/* A file saved before redos said "redoes": each says "undoes", and what it
 * undoes tells an undo from a redo. */
static void test_kinds_before_redoes(void)
{
	char *path = file("old");
	FILE *f = fopen(path, "w");
	if (!f) {
		printf("Bail out! cannot write %s\n", path);
		exit(1);
	}
	fputs("{\"version\": 2, \"reports\": [], \"issues\": {}, \"acknowledged\": {}, \"events\": [\n"
	      "{\"at\": \"2026-01-01T00:00:00Z\", \"by\": \"Ann\", \"issue\": \"#1\", \"field\": \"state\", \"from\": \"open\", \"to\": \"fixed\"},\n"
	      "{\"at\": \"2026-01-01T00:00:00Z\", \"seq\": 2, \"by\": \"Ann\", \"issue\": \"#1\", \"field\": \"owner\", \"from\": null, \"to\": \"ann\"},\n"
	      "{\"at\": \"2026-01-01T00:01:00Z\", \"by\": \"Ann\", \"issue\": \"#1\", \"field\": \"owner\", \"from\": \"ann\", \"to\": null, \"undoes\": \"2026-01-01T00:00:00Z#2\"},\n"
	      "{\"at\": \"2026-01-01T00:02:00Z\", \"by\": \"Ann\", \"issue\": \"#1\", \"field\": \"owner\", \"from\": null, \"to\": \"ann\", \"undoes\": \"2026-01-01T00:01:00Z#1\"},\n"
	      "{\"at\": \"2026-01-01T00:03:00Z\", \"by\": \"Bob\", \"issue\": \"#1\", \"field\": \"state\", \"from\": \"fixed\", \"to\": \"open\", \"undoes\": \"2026-01-01T00:01:00Z\"},\n"
	      "{\"at\": \"2026-01-01T00:04:00Z\", \"by\": \"Ann\", \"issue\": \"#1\", \"field\": \"owner\", \"from\": \"ann\", \"to\": null, \"undoes\": \"2026-01-01T00:02:00Z\"}\n"
	      "]}\n", f);
	fclose(f);
	tr_store *r = open_store(path, NULL);
	size_t n;
	const tr_event *ev = tr_store_events(r, &n);
	uint8_t kind[16] = { 0 };
	char got[17] = "";
	if (n <= 16) {
		tr_event_undo_kinds(ev, n, kind);
		for (size_t k = 0; k < n; k++)
			got[k] = "cur"[kind[k]];
	}
	is_str(got, "ccuruu",
	       "with undoes alone: an undo, its redo (\"#1\" is the first of its second), an undo "
	       "naming someone else's undo, the undo of a redo");
	tr_store_free(r);
	free(path);
}

/* Times told in a stand-up: with the year only when it is not now's, now
 * given once for them all; a now before 1900 has a year too. */
static void test_times_told(void)
{
	int64_t now, t, old_now, older;
	tr_time_parse("2026-03-02T08:00:00Z", &now);
	tr_time_parse("2025-12-31T23:59:00Z", &t);
	tr_time_parse("1899-07-01T10:00:00Z", &old_now);
	tr_time_parse("1898-07-01T10:00:00Z", &older);
	char a[32], b[32];
	tr_time_human(a, now, now);
	is_str(a, "Mon 2 Mar 08:00", "a time in now's year has none");
	tr_time_human(a, t, now);
	is_str(a, "Wed 31 Dec 2025 23:59", "one in another year has its year");
	tr_time_human_in(b, t, tr_time_local_year(now));
	is_str(b, a, "the same with now's year worked out once");
	tr_time_human(a, older, old_now);
	is_str(a, "Fri 1 Jul 1898 10:00", "a now before 1900 has a year");
	tr_time_human(a, old_now, old_now);
	is_str(a, "Sat 1 Jul 10:00", "and a time in it none");
}

int main(void)
{
	tap_tempdir(dir, sizeof dir, "test_standup_net");
	setenv("TZ", "UTC", 1);
	test_times_told();
	tr_model *m = model();
	test_churn(m);
	test_fields(m);
	test_notes(m);
	test_acks(m);
	test_kinds();
	test_kinds_before_redoes();
	tr_model_free(m);
	remove_tree(dir);
	return done_testing();
}
