/* The event loop: one key (or click, or resize, or idle second) at a time,
 * then the screen is drawn again if anything changed. */
#include "config.h"

#include <stdlib.h>
#include <time.h>

#include "console/state.h"

static void cover_action(tr_app *app, tr_action a)
{
	ui_console *con = app->con;
	con->cover->ops->action(con->cover->st, app, a, app_focused_area(app));
	con->dirty = true;
}

static void handle_key(tr_app *app, int key)
{
	ui_console *con = app->con;
	key = ui_key_normalise(key);
	bool had_message = con->message != NULL;
	/* What the terminal is asked to do (stop, draw again) is no edit: its
	 * key, when no text, works in a note or a picker too, which are kept
	 * as they are for when the console comes back. */
	tr_action term = tr_keymap_lookup(&app->keys, key);
	if ((term == TR_ACTION_SUSPEND || term == TR_ACTION_REDRAW) && !ui_key_is_text(key)) {
		app_global_action(app, term);
		return;
	}
	if (con->editor) {
		/* In a text field a letter is text, Q too; a key bound to quit
		 * that the field has no use for (F10) quits from it, what was
		 * typed kept as Esc keeps it. */
		if (!app_editor_key(app, key) && term == TR_ACTION_QUIT) {
			app_keep_typed(app);
			app_close_overlays(app);
			app_quit(app);
		}
		return;
	}
	if (had_message) {
		free(con->message);
		con->message = NULL;
	}
	if (con->picker) {
		app_picker_key(app, key);
		return;
	}
	tr_action a = tr_keymap_lookup(&app->keys, key);
	if (a == TR_ACTION_NONE) {
		if (had_message)
			con->dirty = true;
		return;
	}
	if (con->screen.too_small && a != TR_ACTION_QUIT && a != TR_ACTION_BACK &&
	    a != TR_ACTION_REDRAW)
		return;
	if (con->cover) {
		/* The key that opened it closes it too. */
		if (a == TR_ACTION_CLOSE || a == TR_ACTION_BACK ||
		    (a == TR_ACTION_HELP && con->cover == &con->help) ||
		    (a == TR_ACTION_MESSAGES && con->cover == &con->log)) {
			con->cover = NULL;
			con->dirty = true;
			return;
		}
		if (a == TR_ACTION_QUIT || a == TR_ACTION_HELP || a == TR_ACTION_MESSAGES ||
		    a == TR_ACTION_SEARCH || a == TR_ACTION_SEARCH_NEXT || a == TR_ACTION_SEARCH_PREV ||
		    a == TR_ACTION_REDRAW || a == TR_ACTION_SUSPEND) {
			app_global_action(app, a);
			return;
		}
		cover_action(app, a);
		return;
	}
	void *st;
	const ui_view_ops *ops = app_pane_ops(app, con->focus, &st);
	if (ops && ops->action && ops->action(st, app, a, app_focused_area(app))) {
		con->dirty = true;
		return;
	}
	app_global_action(app, a);
}

static bool inside(tr_rect r, int x, int y)
{
	return x >= r.x && x < r.x + r.w && y >= r.y && y < r.y + r.h;
}

static void handle_mouse(tr_app *app, const ui_input *ev)
{
	ui_console *con = app->con;
	con->dirty = true;
	if (con->editor)
		return;
	if (con->picker) {
		app_picker_mouse(app, ev);
		return;
	}
	if (con->screen.too_small)
		return;
	if (con->cover) {
		if (ui_is_wheel(ev->button))
			for (int k = 0; k < UI_WHEEL_STEP; k++)
				cover_action(app, ui_wheel_action(ev->button));
		return;
	}
	for (int p = 0; p < UI_PANE_COUNT; p++) {
		tr_rect r = con->screen.pane[p];
		if (!con->screen.shown[p] || !inside(r, ev->x, ev->y))
			continue;
		if (ev->y == r.y) {
			int tab = app_tab_at(app, (ui_pane)p, ev->x);
			if (tab >= 0)
				app_focus(app, (ui_pane)tab);
			else if (ev->button == UI_BUTTON_PRESS)
				app_focus(app, (ui_pane)p);
			return;
		}
		if (ev->button == UI_BUTTON_PRESS && (int)con->focus != p)
			app_focus(app, (ui_pane)p);
		void *st;
		const ui_view_ops *ops = app_pane_ops(app, (ui_pane)p, &st);
		tr_rect a = ui_content_of(r);
		if (ops && ops->click)
			ops->click(st, app, ev->x - a.x, ev->y - a.y, ev->button, a);
		return;
	}
}

/* How often an idle console looks for changes saved by other sessions: one
 * stat() each time, so twice a second costs nothing and shows a change well
 * within two seconds. */
#define POLL_MS 500

static double now_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Another session's change: read it and show it. */
static void poll_disk(tr_app *app)
{
	if (!app->store || !tr_store_changed_on_disk(app->store))
		return;
	tr_error err = TR_ERROR_INIT;
	size_t before;
	tr_store_events(app->store, &before);
	/* A file that could not be read had none of its events known: once
	 * repaired, they are not news, and saying them would tell the user's
	 * own old changes as another session's. */
	bool was_damaged = tr_store_problem(app->store) != NULL;
	int rc = tr_store_reload(app->store, &err);
	if (rc < 0)
		app_error(app, "progress file changed and cannot be read: %s; read-only until it is whole again",
		          err.message ? err.message : "");
	tr_error_clear(&err);
	app_progress_changed(app);
	if (rc == 0 && was_damaged)
		app_message(app, tr_store_read_only(app->store) ? "the progress file is whole again"
		                                                : "the progress file is whole again: changes can be saved");
	else if (rc == 0)
		app_announce(app, before);
}

/* For the panes on the screen: a pane out of sight has nothing to get
 * ready for. */
static void idle_work(tr_app *app)
{
	const ui_screen *s = &app->con->screen;
	if (app->con->cover || s->too_small)
		return;
	for (int p = 0; p < UI_PANE_COUNT; p++) {
		void *st;
		const ui_view_ops *ops = app_pane_ops(app, (ui_pane)p, &st);
		if (!s->shown[p] || !ops || !ops->idle)
			continue;
		tr_rect a = ui_content_of(s->pane[p]);
		a.w += app->con->hshift_shown[p];       /* as app_render gives it */
		ops->idle(st, app, a);
	}
}

int app_run(tr_app *app, ui_backend *be, tr_error *err)
{
	int w, h;
	be->ops->size(be, &w, &h);
	tr_canvas_resize(app->con->canvas, w, h);
	app->con->colors = be->ops->colors(be);
	app->con->be = be;
	app->con->dirty = true;
	double last_poll = now_seconds();
	bool live = app->opts->script == NULL;
	while (!app->con->quit) {
		if (app->con->suspend) {
			be->ops->suspend(be);
			app->con->suspend = false;
			app->con->dirty = true;
		}
		if (app->con->redraw_all) {
			be->ops->invalidate(be);
			app->con->redraw_all = false;
			app->con->dirty = true;
		}
		if (app->con->dirty && !be->ops->pending(be)) {
			app_render(app);
			be->ops->present(be, app->con->canvas, app->theme);
			app->con->dirty = false;
			/* The screen is up: what the views put off is done before
			 * waiting, so that the key that needs it finds it made.  A
			 * key already typed, or a script's next line, is not kept
			 * waiting for it: what it needs is made on demand. */
			if (live && !be->ops->pending(be))
				idle_work(app);
		}
		ui_input ev;
		be->ops->next(be, &ev, POLL_MS);
		switch (ev.type) {
		case UI_EV_KEY:
			handle_key(app, ev.key);
			break;
		case UI_EV_RESIZE:
			tr_canvas_resize(app->con->canvas, ev.w, ev.h);
			app_layout(app);
			app->con->dirty = true;
			break;
		case UI_EV_MOUSE:
			handle_mouse(app, &ev);
			break;
		case UI_EV_PASTE:
			app_paste(app, ev.text, ev.len);
			break;
		case UI_EV_TIMEOUT:
			poll_disk(app);
			last_poll = now_seconds();
			break;
		case UI_EV_END:
			app_keep_typed(app);
			app->con->quit = true;
			break;
		case UI_EV_ERROR: {
			const tr_error *e = be->ops->error(be);
			tr_error_set(err, e ? e->status : TR_IO, "%s",
			             e && e->message ? e->message : "input failed");
			return -1;
		}
		}
		/* Keys arriving without pause must not starve the check for
		 * other sessions' changes. */
		if (live && now_seconds() - last_poll >= POLL_MS / 1000.0) {
			poll_disk(app);
			last_poll = now_seconds();
		}
	}
	return 0;
}
