/* Notes on the selected issue: adding one, editing or deleting one's own,
 * and the drafts the note editor keeps.
 *
 * Typed text is never thrown away unasked: Esc keeps it as a draft (of the
 * issue's new note, or of the edit of one note), which the editor brings
 * back when it opens there again; Ctrl-G, or leaving a draft emptied, asks
 * before discarding it. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "console/actions.h"
#include "triage/text.h"

/* A draft's key: the issue for a new note; for an edit, the issue and the
 * note (by its time and text), apart by a byte no id or time holds. */
static char *draft_key(const char *issue, const char *at, const char *text)
{
	return at ? tr_sprintf("%s\x1f%s\x1f%s", issue, at, text) : tr_strdup(issue);
}

static size_t draft_at(const tr_app *app, const char *key)
{
	for (size_t i = 0; i < app->con->draft_issue.n; i++)
		if (strcmp(app->con->draft_issue.v[i], key) == 0)
			return i;
	return TR_NONE;
}

/* The same in the drafts file, so that it outlives the session; said when
 * it cannot be (the draft then lasts as long as the console). */
static bool keep_draft(tr_app *app, const char *key, const char *text)
{
	ui_console *con = app->con;
	if (!con->drafts_path || !app->store)
		return true;
	tr_error err = TR_ERROR_INIT;
	bool ok = app_drafts_put(con->drafts_path, tr_store_path(app->store), key, text, &err) == 0;
	if (!ok) {
		con->drafts_unsaved = true;
		app_error(app, "a draft is kept only until you quit: %s", err.message ? err.message : "");
	}
	tr_error_clear(&err);
	return ok;
}

/* Keeps (or gives up) a draft; false when the drafts file could not be
 * written, which the status line then says. */
static bool set_draft(tr_app *app, const char *key, const char *text)
{
	ui_console *con = app->con;
	bool had = draft_at(app, key) != TR_NONE, ok = true;
	if (had || (text && *text))
		ok = keep_draft(app, key, text);
	size_t i = draft_at(app, key);
	if (i != TR_NONE) {
		free(con->draft_issue.v[i]);
		free(con->draft_text.v[i]);
		con->draft_issue.v[i] = con->draft_issue.v[con->draft_issue.n - 1];
		con->draft_text.v[i] = con->draft_text.v[con->draft_text.n - 1];
		con->draft_issue.n--;
		con->draft_text.n--;
	}
	if (text && *text) {
		tr_strv_push(&con->draft_issue, key);
		tr_strv_push(&con->draft_text, text);
	}
	return ok;
}

/* The note the editor is about to edit (at NULL: a new note). */
static void editing(tr_app *app, const char *at, const char *text)
{
	ui_console *con = app->con;
	char *a = at ? tr_strdup(at) : NULL, *t = at && text ? tr_strdup(text) : NULL;
	free(con->note_at);
	free(con->note_text);
	con->note_at = a;
	con->note_text = t;
}

/* What the editor starts from when nothing was typed. */
static const char *original(const tr_app *app)
{
	return app->con->note_at ? app->con->note_text : "";
}

static char *current_key(const tr_app *app, const char *issue)
{
	return draft_key(issue, app->con->note_at, app->con->note_text);
}

static void note_entered(tr_app *app, const char *issue, const char *text);
static void note_left(tr_app *app, const char *issue, const char *text);
static void note_discard(tr_app *app, const char *issue, const char *text);

/* The draft of an edit of the note written at `at` whatever text the note
 * had when it was typed: an undo, or another console, may have changed
 * the text since, and the draft would then be out of reach for good. */
static size_t edit_draft_at(const tr_app *app, const char *issue, const char *at)
{
	char *prefix = tr_sprintf("%s\x1f%s\x1f", issue, at);
	size_t n = strlen(prefix), found = TR_NONE;
	for (size_t i = 0; i < app->con->draft_issue.n && found == TR_NONE; i++)
		if (strncmp(app->con->draft_issue.v[i], prefix, n) == 0)
			found = i;
	free(prefix);
	return found;
}

static void open_editor(tr_app *app, const char *issue)
{
	ui_console *con = app->con;
	char *key = current_key(app, issue);
	size_t d = draft_at(app, key);
	if (d == TR_NONE && con->note_at && (d = edit_draft_at(app, issue, con->note_at)) != TR_NONE) {
		/* Kept from now on under the note as it is. */
		char *old = tr_strdup(con->draft_issue.v[d]), *text = tr_strdup(con->draft_text.v[d]);
		set_draft(app, key, text);
		set_draft(app, old, NULL);
		free(old);
		free(text);
		d = draft_at(app, key);
	}
	char *prompt = con->note_at ? tr_sprintf("Edit your note on %s%s: ", issue, d != TR_NONE ? " (draft)" : "")
	                            : tr_sprintf("Note on %s%s: ", issue, d != TR_NONE ? " (draft)" : "");
	app_edit_for(app, issue, prompt, d != TR_NONE ? con->draft_text.v[d] : original(app), true,
	             note_entered);
	con->editor->cancelled = note_left;
	con->editor->discarded = note_discard;
	free(prompt);
	free(key);
}

static void discard_answered(tr_app *app, const char *issue, int choice, int n, const char *value)
{
	(void)n;
	(void)value;
	char *key = app->con->asked;
	app->con->asked = NULL;
	if (!key)
		return;
	if (choice == 1) {
		set_draft(app, key, NULL);
		app_message(app, "%s on %s is discarded", app->con->note_at ? "the edit of your note" : "the draft note",
		            issue);
	} else if (choice == 0 && action_still_there(app, issue)) {
		open_editor(app, issue);
	}
	free(key);
}

/* Asks before the draft of `key` is thrown away; until it is answered
 * (Esc included), the draft stays. */
static void ask_discard(tr_app *app, const char *issue, char *key)
{
	free(app->con->asked);
	app->con->asked = key;
	char *title = app->con->note_at ? tr_sprintf("Discard your edit of the note on %s?", issue)
	                                : tr_sprintf("Discard the note typed for %s?", issue);
	app_ask_for(app, issue, title, "no, keep editing", "yes, discard it", discard_answered);
	free(title);
}

/* Whether the text is more than the editor started from. */
static bool typed(const tr_app *app, const char *t)
{
	return *t && strcmp(t, original(app)) != 0;
}

/* Esc: what was typed stays as a draft; a draft emptied (or put back as it
 * was) is discarded only when the question is answered so. */
static void note_left(tr_app *app, const char *issue, const char *text)
{
	char *t = tr_trim(tr_strdup(text));
	char *key = current_key(app, issue);
	bool had = draft_at(app, key) != TR_NONE;
	if (typed(app, t)) {
		/* Not written to the drafts file: the status line says why. */
		bool kept = set_draft(app, key, t);
		if (kept && app->con->note_at)
			app_message(app, "your edit of the note on %s is kept as a draft: %s brings it back",
			            issue, "E");
		else if (kept)
			app_message(app, "the note on %s is kept as a draft: %s brings it back", issue, "a");
		free(key);
	} else if (had) {
		ask_discard(app, issue, key);
	} else {
		free(key);
	}
	free(t);
}

/* Ctrl-G: throw the text away, once the question is answered. */
static void note_discard(tr_app *app, const char *issue, const char *text)
{
	char *t = tr_trim(tr_strdup(text));
	char *key = current_key(app, issue);
	if (typed(app, t))
		set_draft(app, key, t);
	if (draft_at(app, key) != TR_NONE)
		ask_discard(app, issue, key);
	else
		free(key);
	free(t);
}

static void note_entered(tr_app *app, const char *issue, const char *text)
{
	char *t = tr_trim(tr_strdup(text));
	char *key = current_key(app, issue);
	bool had = draft_at(app, key) != TR_NONE;
	if (!action_still_there(app, issue)) {
		set_draft(app, key, typed(app, t) ? t : NULL);
	} else if (!*t && had) {
		ask_discard(app, issue, key);
		key = NULL;
	} else if (!*t) {
		app_message(app, app->con->note_at ? "an empty note is not saved: D deletes a note"
		                                   : "empty note: nothing saved");
	} else if (!typed(app, t)) {
		set_draft(app, key, NULL);
		app_message(app, "%s: the note is unchanged", issue);
	} else {
		tr_change ch = { .kind = TR_CHANGE_NOTE, .issue = issue, .text = t };
		if (app->con->note_at) {
			ch.kind = TR_CHANGE_NOTE_EDIT;
			ch.note_at = app->con->note_at;
			ch.note_text = app->con->note_text;
		}
		/* Not saved (read-only, a full disk, the note gone): the text
		 * stays a draft. */
		bool saved = app_apply(app, &ch, app->con->note_at ? "note edited" : "has a new note");
		set_draft(app, key, saved ? NULL : t);
	}
	free(key);
	free(t);
}

void action_drafts_start(tr_app *app, tr_strv *notes)
{
	ui_console *con = app->con;
	free(con->drafts_path);
	con->drafts_path = app->store ? app_drafts_path(tr_store_path(app->store)) : NULL;
	if (!con->drafts_path)
		return;
	tr_error err = TR_ERROR_INIT;
	if (app_drafts_read(con->drafts_path, &con->draft_issue, &con->draft_text, &err) < 0) {
		tr_strv_push_owned(notes, tr_sprintf("drafts kept earlier cannot be read: %s", err.message));
		tr_error_clear(&err);
		return;
	}
	/* The edit of a note since deleted could not be taken up: its text
	 * goes to the draft of a new note on the issue (after what that
	 * draft holds, on a line of its own), which a brings back. */
	tr_strv gone = TR_STRV_INIT;
	for (size_t i = 0; i < con->draft_issue.n; i++) {
		const char *key = con->draft_issue.v[i];
		size_t idn = strcspn(key, "\x1f");
		if (!key[idn])
			continue;
		char *id = tr_strndup(key, idn);
		const char *at = key + idn + 1;
		size_t atn = strcspn(at, "\x1f");
		size_t issue = tr_model_lookup(app->model, id);
		const tr_progress *pr = issue != TR_NONE ? app_progress(app, issue) : NULL;
		bool there = false;
		for (size_t k = 0; pr && k < pr->nnotes && !there; k++)
			there = pr->notes[k].at && strlen(pr->notes[k].at) == atn &&
			        strncmp(pr->notes[k].at, at, atn) == 0;
		if (issue != TR_NONE && !there)
			tr_strv_push(&gone, key);
		free(id);
	}
	for (size_t i = 0; i < gone.n; i++) {
		char *id = tr_strndup(gone.v[i], strcspn(gone.v[i], "\x1f"));
		size_t e = draft_at(app, gone.v[i]), d = draft_at(app, id);
		char *text = d == TR_NONE ? tr_strdup(con->draft_text.v[e])
		                          : tr_sprintf("%s\n%s", con->draft_text.v[d], con->draft_text.v[e]);
		if (set_draft(app, id, text))
			set_draft(app, gone.v[i], NULL);
		free(text);
		free(id);
	}
	tr_strv_free(&gone);

	/* Offered where they can be taken up: the new notes of issues there
	 * are (a key is its issue's id, or the id and a note's time and text
	 * for an edit). */
	size_t n = 0, edits = 0;
	const char *first = NULL;
	char *first_edit = NULL;
	for (size_t i = 0; i < con->draft_issue.n; i++) {
		const char *key = con->draft_issue.v[i];
		size_t idn = strcspn(key, "\x1f");
		char *id = tr_strndup(key, idn);
		bool there = tr_model_lookup(app->model, id) != TR_NONE;
		if (there && key[idn] && !edits++)
			first_edit = tr_strdup(id);
		else if (there && !key[idn] && !n++)
			first = key;
		free(id);
	}
	if (n == 1)
		tr_strv_push_owned(notes, tr_sprintf("%s has a draft note from before: a brings it back", first));
	else if (n > 1)
		tr_strv_push_owned(notes, tr_sprintf("%zu draft notes from before (%s...): a brings one back", n,
		                                     first));
	/* An edit's draft is reached from its note alone: said too, or it
	 * would wait there unseen. */
	if (edits == 1)
		tr_strv_push_owned(notes, tr_sprintf("%s has a draft edit of a note: E on the note brings it "
		                                     "back",
		                                     first_edit));
	else if (edits > 1)
		tr_strv_push_owned(notes, tr_sprintf("%zu draft edits of notes (%s...): E on a note brings its "
		                                     "edit back",
		                                     edits, first_edit));
	free(first_edit);
}

void action_add_note(tr_app *app)
{
	if (!action_can_change(app))
		return;
	editing(app, NULL, NULL);
	open_editor(app, app->model->issues[app->sel].id);
}

/* ---- one's own notes ------------------------------------------------------ */

/* The user's notes on the selected issue, newest first, as picker items
 * ("2026-11-24 text...") with their time and text in con->note_choices. */
static size_t own_notes(tr_app *app, tr_strv *items)
{
	ui_console *con = app->con;
	tr_strv_free(&con->note_choices);
	const char *user = app->store ? tr_store_user(app->store) : NULL;
	const tr_progress *pr = app_progress(app, app->sel);
	size_t n = 0;
	for (size_t k = pr ? pr->nnotes : 0; user && k-- > 0;) {
		const tr_note *note = &pr->notes[k];
		if (!note->by || strcmp(note->by, user) != 0 || !note->at || !note->text)
			continue;
		tr_strv_push(&con->note_choices, note->at);
		tr_strv_push(&con->note_choices, note->text);
		tr_buf line = TR_BUF_INIT;
		tr_buf_addf(&line, "%.10s ", note->at);
		char *flat = tr_strdup(note->text);
		for (char *c = flat; *c; c++)
			if (*c == '\n' || *c == '\t')
				*c = ' ';
		tr_text_fit(&line, flat, 60, app->ascii);
		free(flat);
		tr_strv_push_owned(items, tr_buf_detach(&line));
		n++;
	}
	return n;
}

/* Which of the user's notes: a picker, unless there is one note and
 * `ask_one` is false.  The number of notes (0: said why not). */
static size_t pick_own(tr_app *app, const char *verb, ui_pick_issue_fn done, bool ask_one)
{
	if (!action_can_change(app))
		return 0;
	const char *id = app->model->issues[app->sel].id;
	tr_strv items = TR_STRV_INIT;
	size_t n = own_notes(app, &items);
	if (n == 0) {
		app_error(app, "%s has no note of yours to %s", id, verb);
	} else if (n > 1 || ask_one) {
		char *title = tr_sprintf("%c%s which note of yours on %s?", verb[0] - 'a' + 'A', verb + 1, id);
		app_pick_for(app, id, title, (const char *const *)items.v, items.n, 0, done);
		free(title);
	}
	tr_strv_free(&items);
	return n;
}

/* The note a picker chose, if the choice is one of con->note_choices. */
static bool chosen(tr_app *app, const char *issue, int choice, const char **at, const char **text)
{
	ui_console *con = app->con;
	if (choice < 0 || (size_t)choice * 2 + 1 >= con->note_choices.n || !action_still_there(app, issue))
		return false;
	*at = con->note_choices.v[2 * choice];
	*text = con->note_choices.v[2 * choice + 1];
	return true;
}

static void edit_chosen(tr_app *app, const char *issue, int choice, int n, const char *value)
{
	(void)n;
	(void)value;
	const char *at, *text;
	if (!chosen(app, issue, choice, &at, &text))
		return;
	editing(app, at, text);
	open_editor(app, issue);
}

static void delete_chosen(tr_app *app, const char *issue, int choice, int n, const char *value)
{
	(void)n;
	(void)value;
	const char *at, *text;
	if (!chosen(app, issue, choice, &at, &text))
		return;
	tr_change ch = { .kind = TR_CHANGE_NOTE_DELETE, .issue = issue, .note_at = at, .note_text = text };
	app_apply(app, &ch, "note deleted: u brings it back");
}

/* The note under the focused view's cursor (the detail pane's), as the
 * only choice of con->note_choices; NULL when the cursor is on none.  Says
 * why when it is someone else's (*theirs set). */
static const tr_note *under_cursor(tr_app *app, const char *verb, bool *theirs)
{
	*theirs = false;
	if (app->con->cover || app->sel == TR_NONE)
		return NULL;
	void *st;
	const ui_view_ops *ops = app_focused_ops(app, &st);
	const tr_note *n = ops && ops->note ? ops->note(st, app) : NULL;
	if (!n || !n->at || !n->text)
		return NULL;
	const char *user = app->store ? tr_store_user(app->store) : NULL;
	if (!user || !n->by || strcmp(n->by, user) != 0) {
		tr_buf who = TR_BUF_INIT;
		app_error(app, "that note is %s's: only who wrote a note can %s it",
		          n->by ? app_person(n->by, &who) : "someone else", verb);
		tr_buf_free(&who);
		*theirs = true;
		return NULL;
	}
	tr_strv_free(&app->con->note_choices);
	tr_strv_push(&app->con->note_choices, n->at);
	tr_strv_push(&app->con->note_choices, n->text);
	return n;
}

/* E: the note under the detail pane's cursor, else one of the user's
 * notes on the selected issue (a picker first when there are several), in
 * the editor; other people's notes are theirs. */
void action_edit_note(tr_app *app)
{
	if (!action_can_change(app))
		return;
	bool theirs;
	if (under_cursor(app, "edit", &theirs)) {
		edit_chosen(app, app->model->issues[app->sel].id, 0, 1, NULL);
		return;
	}
	if (theirs)
		return;
	if (pick_own(app, "edit", edit_chosen, false) == 1)
		edit_chosen(app, app->model->issues[app->sel].id, 0, 1, NULL);
}

static void delete_answered(tr_app *app, const char *issue, int choice, int n, const char *value)
{
	if (choice == 1)
		delete_chosen(app, issue, 0, n, value);
}

/* D: the note under the detail pane's cursor once a question is answered
 * yes, else a picker of the user's notes on the selected issue (open even
 * for one note, so that Enter on it confirms). */
void action_delete_note(tr_app *app)
{
	if (!action_can_change(app))
		return;
	bool theirs;
	const tr_note *note = under_cursor(app, "delete", &theirs);
	if (note) {
		const char *id = app->model->issues[app->sel].id;
		char *q = tr_sprintf("Delete your note of %.10s on %s?", note->at, id);
		app_ask_for(app, id, q, "no, keep it", "yes, delete it (u brings it back)", delete_answered);
		free(q);
		return;
	}
	if (!theirs)
		pick_own(app, "delete", delete_chosen, true);
}
