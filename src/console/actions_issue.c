/* The actions on the selected issue: its progress (state, owner, undo and
 * redo, the stand-up mark, acknowledging a failure group), opening its
 * report in an editor and copying it.  Notes are in actions_note.c. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "console/actions.h"
#include "triage/text.h"

static bool need_issue(tr_app *app)
{
	if (app->sel == TR_NONE) {
		app_error(app, "no issue selected");
		return false;
	}
	return true;
}

static const char *sel_id(const tr_app *app)
{
	return app->model->issues[app->sel].id;
}

/* The issue a picker or an editor was opened for, if the reports still
 * have it: a reload may have moved the selection (another session's change
 * under a filter) or dropped the issue since; the change goes to the issue
 * the prompt named, or nowhere. */
bool action_still_there(tr_app *app, const char *issue)
{
	if (issue && app->model && tr_model_lookup(app->model, issue) != TR_NONE)
		return true;
	app_error(app, "%s is no longer in the reports: nothing saved", issue ? issue : "the issue");
	return false;
}

static void state_chosen(tr_app *app, const char *issue, int choice, int n, const char *value)
{
	(void)n;
	(void)value;
	if (!action_still_there(app, issue) || choice < 0 || choice >= TR_STATE_COUNT)
		return;
	tr_change ch = { .kind = TR_CHANGE_STATE, .issue = issue, .state = (tr_state)choice };
	char *what = tr_sprintf("is now %s", tr_state_word((tr_state)choice));
	app_apply(app, &ch, what);
	free(what);
}

static void owner_typed(tr_app *app, const char *issue, const char *text)
{
	if (!action_still_there(app, issue))
		return;
	char *t = tr_trim(tr_strdup(text));
	tr_change ch = { .kind = TR_CHANGE_OWNER, .issue = issue, .text = t };
	tr_buf name = TR_BUF_INIT;
	char *what = *t ? tr_sprintf("is owned by %s now", app_person(t, &name)) : tr_strdup("has no owner now");
	app_apply(app, &ch, what);
	free(what);
	tr_buf_free(&name);
	free(t);
}

/* The picker's items as they were when it opened: "nobody" and "someone
 * else..." in fixed places (1 and 2, whoever owns the issue), then the
 * people; or a name typed that matched none. */
enum { OWNER_NOBODY, OWNER_SOMEONE_ELSE, OWNER_FIXED };

static void owner_chosen(tr_app *app, const char *issue, int choice, int n, const char *value)
{
	(void)n;
	if (choice < 0 || choice >= OWNER_FIXED) {
		owner_typed(app, issue, value); /* a person, or a new name typed */
	} else if (choice == OWNER_NOBODY) {
		owner_typed(app, issue, "");
	} else if (action_still_there(app, issue)) {
		/* A new name, from nothing: the current owner is a choice of
		 * its own, and text before the cursor would join the name. */
		char *prompt = tr_sprintf("Owner of %s: ", issue);
		app_edit_for(app, issue, prompt, "", false, owner_typed);
		free(prompt);
	}
}

bool action_can_change(tr_app *app)
{
	return need_issue(app) && app_can_save(app);
}

/* ---- progress ------------------------------------------------------------ */

void action_set_state(tr_app *app)
{
	if (!action_can_change(app))
		return;
	const char *items[TR_STATE_COUNT];
	for (int s = 0; s < TR_STATE_COUNT; s++)
		items[s] = tr_state_word((tr_state)s);
	char *title = tr_sprintf("State of %s", sel_id(app));
	app_pick_for(app, sel_id(app), title, items, TR_STATE_COUNT, app_state(app, app->sel), state_chosen);
	free(title);
}

void action_set_owner(tr_app *app)
{
	if (!action_can_change(app))
		return;
	tr_strv items = TR_STRV_INIT;
	tr_strv_push(&items, "nobody");
	tr_strv_push(&items, "someone else...");
	app_owner_choices(app, app->sel, &items);
	char *title = tr_sprintf("Owner of %s", sel_id(app));
	/* The cursor on the first person: the owner, when there is one. */
	size_t first = items.n > OWNER_FIXED ? OWNER_FIXED : 0;
	app_pick_for(app, sel_id(app), title, (const char *const *)items.v, items.n, first, owner_chosen);
	app_pick_typing(app, true);
	free(title);
	tr_strv_free(&items);
}

/* u and Ctrl-R: the user's own changes back and forth, whichever session
 * saved them (the store reads them from the log), saying what. */
static void undo_or_redo(tr_app *app, bool redo)
{
	const char *word = redo ? "redo" : "undo";
	if (!app_can_save(app))
		return;
	if (!(redo ? tr_store_can_redo(app->store) : tr_store_can_undo(app->store))) {
		app_error(app, "nothing to %s", word);
		return;
	}
	tr_error err = TR_ERROR_INIT;
	tr_buf said = TR_BUF_INIT;
	int n = redo ? tr_store_redo(app->store, &said, &err) : tr_store_undo_said(app->store, &said, &err);
	app_progress_changed(app);
	if (n < 0)
		app_error(app, "%s failed: %s", word, err.message ? err.message : "");
	else if (n == 0)
		app_message(app, "nothing to %s: someone else changed it since", word);
	else
		app_message(app, "%s: %s", redo ? "redid" : "undid", tr_buf_str(&said));
	tr_buf_free(&said);
	tr_error_clear(&err);
}

void action_undo(tr_app *app)
{
	undo_or_redo(app, false);
}

void action_redo(tr_app *app)
{
	undo_or_redo(app, true);
}

/* The same event as `triage standup --mark`: the next stand-up, here and
 * for everyone who pulls the progress file, starts from now. */
void action_mark_standup(tr_app *app)
{
	tr_change ch = { .kind = TR_CHANGE_MARK };
	app_apply(app, &ch, "stand-up marked as held: the next one starts from here");
}

/* A failure group someone has seen to: left out of stand-ups, dimmed in
 * the failures pane; pressed again, withdrawn.  Undo takes it back too. */
void action_acknowledge(tr_app *app)
{
	void *st;
	const ui_view_ops *ops = app_focused_ops(app, &st);
	const char *sig = ops && ops->signature ? ops->signature(st, app) : NULL;
	if (!sig) {
		app_error(app, "no failure group here: acknowledge one in the failures pane (%s)",
		          ui_pane_key(UI_PANE_FAILURES));
		return;
	}
	bool acked = app->store && tr_store_acknowledged(app->store, sig);
	char *copy = tr_strdup(sig);
	tr_change ch = { .kind = TR_CHANGE_ACK, .issue = app->sel != TR_NONE ? sel_id(app) : NULL,
	                 .text = copy, .ack = !acked };
	app_apply(app, &ch, acked ? "failure group no longer acknowledged" : "failure group acknowledged");
	free(copy);
}

/* ---- other --------------------------------------------------------------- */

/* The report at the issue's line: $EDITOR +LINE FILE, else $PAGER, else
 * less (+LINEg there).  The program gets the terminal; the console comes
 * back as it was, with the reports read again (as r does, the selection
 * kept), since the report may have been edited. */
void action_edit_report(tr_app *app)
{
	if (!need_issue(app))
		return;
	const tr_issue *is = &app->model->issues[app->sel];
	/* What the focused view shows may come from a line of its own (a
	 * failure in full, or under the failures pane's cursor). */
	const char *path = NULL;
	unsigned line = 0;
	void *st;
	const ui_view_ops *ops = app_focused_ops(app, &st);
	if (!ops || !ops->source || !ops->source(st, app, &path, &line) || !path || !line) {
		if (is->report >= app->model->nreports) {
			app_error(app, "%s: no report line to open", is->id);
			return;
		}
		path = app->model->reports[is->report].path;
		line = is->line;
	}
	const char *editor = getenv("EDITOR"), *pager = getenv("PAGER");
	const char *prog = editor && *editor ? editor : pager && *pager ? pager : "less";
	/* A command with arguments ("code -w") is split at blanks, no shell. */
	tr_strv argv = TR_STRV_INIT;
	char *copy = tr_strdup(prog);
	for (char *save = NULL, *w = strtok_r(copy, " \t", &save); w; w = strtok_r(NULL, " \t", &save))
		tr_strv_push(&argv, w);
	free(copy);
	if (!argv.n)
		tr_strv_push(&argv, "less");
	const char *base = strrchr(argv.v[0], '/');
	base = base ? base + 1 : argv.v[0];
	tr_strv_push_owned(&argv, tr_sprintf(strcmp(base, "less") == 0 ? "+%ug" : "+%u", line));
	tr_strv_push(&argv, path);
	tr_strv_push_owned(&argv, NULL);
	argv.n--;
	char *where = tr_sprintf("%s:%u", path, line); /* the model goes on reload */
	int rc = app->con->be->ops->run(app->con->be, argv.v);
	app->con->dirty = true;
	tr_error err = TR_ERROR_INIT;
	if (rc < 0)
		app_error(app, "cannot run %s: set EDITOR or PAGER to a program that opens FILE at +LINE",
		          argv.v[0]);
	else if (app_load_data(app, &err) < 0)
		/* The report was edited: read it again, as r does. */
		app_error(app, "back from %s %s; %s", argv.v[0], where,
		          err.message ? err.message : "reload failed");
	else
		app_message(app, "back from %s %s: reloaded", argv.v[0], where);
	tr_error_clear(&err);
	free(where);
	tr_strv_free(&argv);
}

/* y: the open commit's full id, else the issue as a line to paste into a
 * chat or a commit message. */
void action_copy(tr_app *app)
{
	ui_console *con = app->con;
	if (app->opts->no_clipboard) {
		app_error(app, "copying is off (clipboard = no in the config file)");
		return;
	}
	ui_pane_slot *ps = &con->panes[con->focus];
	char *text = NULL;
	if (ps->child_ops == &ui_commit_view && ps->child_st) {
		text = tr_strdup(ui_commit_view_id(ps->child_st));
	} else if (app->sel != TR_NONE) {
		const tr_issue *is = &app->model->issues[app->sel];
		const char *path = is->report < app->model->nreports ? app->model->reports[is->report].path : "?";
		text = tr_sprintf("%s %s (%s:%u)", is->id, is->title ? is->title : "", path, is->line);
	} else {
		app_error(app, "nothing to copy: no issue selected");
		return;
	}
	/* Whether the terminal (or tmux) took it cannot be known: say what was
	 * done, not that it was copied. */
	con->be->ops->clipboard(con->be, text);
	app_message(app, "sent to the terminal clipboard (OSC 52): %s", text);
	free(text);
}
