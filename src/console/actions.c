/* The actions no view takes: moving between panes, searching, filtering,
 * sorting, reload, help and quit here, those on the selected issue
 * (progress, undo, editing its report, copying it) in actions_issue.c.
 * Each is one function in a table indexed by the action. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "console/actions.h"
#include "triage/text.h"

static void run_search(tr_app *app, int dir)
{
	if (!app->search || !*app->search) {
		app_error(app, "no search yet: press %s to search", "/");
		return;
	}
	void *st;
	const ui_view_ops *ops = app_focused_ops(app, &st);
	tr_rect area = app_focused_area(app);
	if (!ops || !ops->find) {
		app_focus(app, UI_PANE_ISSUES);
		ops = app_focused_ops(app, &st);
		area = app_focused_area(app);
	}
	ui_found found = { 0, 0, false };
	if (!ops->find(st, app, app->search, dir, area, &found))
		app_error(app, "no match for '%s'", app->search);
	else if (found.count)
		app_say(app, "/%s  %zu/%zu%s", app->search, found.nth, found.count,
		        !found.wrapped ? "" : dir > 0 ? "  (wrapped to the top)" : "  (wrapped to the bottom)");
	app->con->dirty = true;
}

/* Enter on nothing typed searches again for the last text, as in less
 * and vim. */
static void search_typed(tr_app *app, const char *text)
{
	if (*text) {
		free(app->search);
		app->search = tr_strdup(text);
	}
	run_search(app, 1);
}


/* ---- panes ---------------------------------------------------------------- */

static void next_pane(tr_app *app)
{
	app_focus(app, (ui_pane)((app->con->focus + 1) % UI_PANE_COUNT));
}

static void prev_pane(tr_app *app)
{
	app_focus(app, (ui_pane)((app->con->focus + UI_PANE_COUNT - 1) % UI_PANE_COUNT));
}

#define X(_, name, ...) \
	static void focus_##name(tr_app *app) { app_focus(app, UI_PANE_##name); }
UI_PANE_LIST(X, _)
#undef X

static void open_detail(tr_app *app)
{
	if (app->con->focus == UI_PANE_ISSUES)
		app_open_pane(app, UI_PANE_DETAIL);
}

static void zoom(tr_app *app)
{
	app->con->zoom = !app->con->zoom;
	app_focus(app, app->con->focus);
}

/* Long lines in a list pane: half a pane sideways at a time.  Documents
 * (detail, a commit, a text in full) wrap instead, and the graph moves
 * from box to box. */
#define HSHIFT_MAX 4096

static void scroll_sideways(tr_app *app, int dir)
{
	ui_console *con = app->con;
	if (!app_pane_scrolls_sideways(app, con->focus)) {
		app_message(app, "this pane wraps its lines: nothing to scroll sideways");
		return;
	}
	int most = app_hshift_max(app, con->focus);
	if (most == 0 && dir > 0) {
		app_message(app, "every row shown fits the pane: nothing to scroll sideways");
		return;
	}
	int step = con->screen.pane[con->focus].w / 2;
	int *sh = &con->hshift[con->focus];
	/* From where the rows are seen, not from where they were asked to
	 * be: < acts at once. */
	*sh = con->hshift_shown[con->focus] + dir * (step > 4 ? step : 4);
	if (*sh < 0)
		*sh = 0;
	if (*sh > HSHIFT_MAX)
		*sh = HSHIFT_MAX;
	/* As less does: no further than where the widest row ends. */
	if (most >= 0 && *sh > most)
		*sh = most;
}

static void scroll_left(tr_app *app)
{
	scroll_sideways(app, -1);
}

static void scroll_right(tr_app *app)
{
	scroll_sideways(app, 1);
}

static void close_view(tr_app *app)
{
	ui_console *con = app->con;
	if (app_pop_view(app, con->focus))
		return;
	if (con->zoom)
		con->zoom = false;
	else if (app_focus_back(app))
		return;
	else if (con->focus != UI_PANE_ISSUES)
		app_focus(app, UI_PANE_ISSUES);
	app_focus(app, con->focus);
}

/* The view stack's key, q: what Esc closes, q closes too (a view opened
 * over a pane, the zoom, a pane focused by Enter or a key); only on the
 * bottom view, the issue list with nothing open, does it quit. */
static void back(tr_app *app)
{
	if (app_view_open(app)) {
		close_view(app);
		return;
	}
	app_global_action(app, TR_ACTION_QUIT);
}

/* ---- finding ------------------------------------------------------------- */

static void search(tr_app *app)
{
	app_edit(app, "Search: ", "", search_typed);
}

static void search_next(tr_app *app)
{
	run_search(app, 1);
}

static void search_prev(tr_app *app)
{
	run_search(app, -1);
}

/* ---- the program ---------------------------------------------------------- */

static void reload(tr_app *app)
{
	tr_error err = TR_ERROR_INIT;
	if (app_load_data(app, &err) < 0)
		app_error(app, "%s", err.message ? err.message : "reload failed");
	else
		app_message(app, "reloaded %zu issues", app->model->nissues);
	tr_error_clear(&err);
}

static void redraw(tr_app *app)
{
	app->con->redraw_all = true;
}

static void suspend(tr_app *app)
{
	app->con->suspend = true;
}

static void cover(tr_app *app, ui_view_slot *v)
{
	app->con->cover = v;
	v->ops->refresh(v->st, app);
}

static void help(tr_app *app)
{
	cover(app, &app->con->help);
}

static void messages(tr_app *app)
{
	cover(app, &app->con->log);
}

static void quit(tr_app *app)
{
	app_quit(app);
}

/* What each action does when the focused view does not take it; moving
 * within a pane is the views' alone. */
static void (*const actions[TR_ACTION_COUNT])(tr_app *app) = {
	[TR_ACTION_NEXT_PANE] = next_pane,
	[TR_ACTION_MOVE_RIGHT] = next_pane,
	[TR_ACTION_PREV_PANE] = prev_pane,
	[TR_ACTION_MOVE_LEFT] = prev_pane,
#define X(_, name, ...) [TR_ACTION_PANE_##name] = focus_##name,
	UI_PANE_LIST(X, _)
#undef X
	[TR_ACTION_OPEN] = open_detail,
	[TR_ACTION_ZOOM] = zoom,
	[TR_ACTION_SCROLL_LEFT] = scroll_left,
	[TR_ACTION_SCROLL_RIGHT] = scroll_right,
	[TR_ACTION_CLOSE] = close_view,
	[TR_ACTION_SEARCH] = search,
	[TR_ACTION_SEARCH_NEXT] = search_next,
	[TR_ACTION_SEARCH_PREV] = search_prev,
	[TR_ACTION_FILTER] = app_filter_pick,
	[TR_ACTION_SORT] = app_sort_next,
	[TR_ACTION_SET_STATE] = action_set_state,
	[TR_ACTION_SET_OWNER] = action_set_owner,
	[TR_ACTION_ADD_NOTE] = action_add_note,
	[TR_ACTION_EDIT_NOTE] = action_edit_note,
	[TR_ACTION_DELETE_NOTE] = action_delete_note,
	[TR_ACTION_UNDO] = action_undo,
	[TR_ACTION_REDO] = action_redo,
	[TR_ACTION_EDIT] = action_edit_report,
	[TR_ACTION_COPY] = action_copy,
	[TR_ACTION_MARK_STANDUP] = action_mark_standup,
	[TR_ACTION_ACKNOWLEDGE] = action_acknowledge,
	[TR_ACTION_RELOAD] = reload,
	[TR_ACTION_REDRAW] = redraw,
	[TR_ACTION_SUSPEND] = suspend,
	[TR_ACTION_HELP] = help,
	[TR_ACTION_MESSAGES] = messages,
	[TR_ACTION_BACK] = back,
	[TR_ACTION_QUIT] = quit,
};

void app_global_action(tr_app *app, tr_action a)
{
	if ((unsigned)a < TR_ACTION_COUNT && actions[a])
		actions[a](app);
	app->con->dirty = true;
}
