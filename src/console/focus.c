/* The panes' views: which view each pane shows (its own, or one opened
 * over it, such as a commit over the commits list), which pane has the
 * focus, and telling every view when the selection or the data changed. */
#include "config.h"

#include "console/state.h"

const ui_view_ops *app_pane_ops(tr_app *app, ui_pane p, void **st)
{
	ui_pane_slot *ps = &app->con->panes[p];
	if (ps->child_ops) {
		*st = ps->child_st;
		return ps->child_ops;
	}
	*st = ps->st;
	return ps->ops;
}

bool app_pane_scrolls_sideways(tr_app *app, ui_pane p)
{
	return ui_pane_is_list(p) && !app->con->panes[p].child_ops;
}

int app_pane_hshift(tr_app *app, ui_pane p)
{
	return app_pane_scrolls_sideways(app, p) ? app->con->hshift[p] : 0;
}

const ui_view_ops *app_focused_ops(tr_app *app, void **st)
{
	if (app->con->cover) {
		*st = app->con->cover->st;
		return app->con->cover->ops;
	}
	return app_pane_ops(app, app->con->focus, st);
}

tr_rect ui_content_of(tr_rect r)
{
	return (tr_rect){ r.x, r.y + 1, r.w, r.h > 1 ? r.h - 1 : 0 };
}

tr_rect app_focused_area(tr_app *app)
{
	if (app->con->cover)
		return ui_content_of(app->con->screen.body);
	return ui_content_of(app->con->screen.pane[app->con->focus]);
}

void app_layout(tr_app *app)
{
	ui_console *con = app->con;
	int need[UI_PANE_COUNT];
	for (int p = 0; p < UI_PANE_COUNT; p++) {
		void *st;
		const ui_view_ops *ops = app_pane_ops(app, (ui_pane)p, &st);
		need[p] = ops && ops->want ? ops->want(st, app) : 0;
	}
	ui_screen_layout(&con->screen, con->canvas->w, con->canvas->h, con->focus, con->lower, con->zoom,
	                 need);
}

bool app_pane_beside(const tr_app *app, ui_pane pane)
{
	const ui_console *con = app->con;
	return con && (unsigned)pane < UI_PANE_COUNT && con->screen.shown[pane] &&
	       con->screen.pane[pane].h > 1 && !con->panes[pane].child_ops;
}

bool app_pane_focused(const tr_app *app, ui_pane pane)
{
	return app->con && app->con->focus == pane;
}

bool app_pane_zoomed(const tr_app *app, ui_pane pane)
{
	return app->con && app->con->zoom && app->con->focus == pane;
}

static void focus_to(tr_app *app, ui_pane pane)
{
	ui_console *con = app->con;
	con->focus = pane;
	if (pane != UI_PANE_ISSUES)
		con->lower = pane;
	con->dirty = true;
	/* The layout depends on focus (stacked, zoomed): recompute now so the
	 * next action sees the pane's real size. */
	app_layout(app);
}

/* A pane chosen by its key, Tab or a click is where the user went, not
 * somewhere to come back from: the way back starts again from there. */
void app_focus(tr_app *app, ui_pane pane)
{
	ui_console *con = app->con;
	if ((unsigned)pane >= UI_PANE_COUNT)
		return;
	if (pane != con->focus)
		con->nback = 0;
	focus_to(app, pane);
}

void app_open_pane(tr_app *app, ui_pane pane)
{
	ui_console *con = app->con;
	if ((unsigned)pane >= UI_PANE_COUNT || pane == con->focus)
		return;
	if (con->nback < UI_PANE_COUNT)
		con->back[con->nback++] = con->focus;
	focus_to(app, pane);
}

bool app_focus_back(tr_app *app)
{
	ui_console *con = app->con;
	if (con->nback == 0)
		return false;
	focus_to(app, con->back[--con->nback]);
	return true;
}

void app_push_view(tr_app *app, ui_pane pane, const ui_view_ops *ops, void *st)
{
	ui_pane_slot *ps = &app->con->panes[pane];
	if (ps->child_ops && ps->child_ops->close)
		ps->child_ops->close(ps->child_st);
	ps->child_ops = ops;
	ps->child_st = st;
	app->con->dirty = true;
}

bool app_pop_view(tr_app *app, ui_pane pane)
{
	ui_pane_slot *ps = &app->con->panes[pane];
	if (!ps->child_ops)
		return false;
	if (ps->child_ops->close)
		ps->child_ops->close(ps->child_st);
	ps->child_ops = NULL;
	ps->child_st = NULL;
	app->con->dirty = true;
	return true;
}

void app_refresh_views(tr_app *app)
{
	for (int p = 0; p < UI_PANE_COUNT; p++) {
		ui_pane_slot *ps = &app->con->panes[p];
		if (ps->ops && ps->ops->refresh)
			ps->ops->refresh(ps->st, app);
		if (ps->child_ops && ps->child_ops->refresh)
			ps->child_ops->refresh(ps->child_st, app);
	}
	app->con->dirty = true;
}

bool app_view_open(tr_app *app)
{
	ui_console *con = app->con;
	return con->cover || con->panes[con->focus].child_ops || con->zoom ||
	       con->focus != UI_PANE_ISSUES;
}
