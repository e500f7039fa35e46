/* The overlays: a picker (a list of choices in a box) and the one-line
 * editor on the status line.  Each takes every key while it is open. */
#include "config.h"

#include <stdlib.h>

#include "console/state.h"
#include "triage/text.h"

static void close_picker(tr_app *app)
{
	if (!app->con->picker)
		return;
	free(app->con->picker->title);
	free(app->con->picker->issue);
	tr_strv_free(&app->con->picker->items);
	free(app->con->picker);
	app->con->picker = NULL;
	app->con->dirty = true;
}

static void close_editor(tr_app *app)
{
	if (!app->con->editor)
		return;
	free(app->con->editor->prompt);
	free(app->con->editor->issue);
	tr_buf_free(&app->con->editor->text);
	free(app->con->editor);
	app->con->editor = NULL;
	app->con->dirty = true;
}

void app_pick(tr_app *app, const char *title, const char *const *items, size_t n, size_t initial,
              ui_pick_fn done)
{
	close_picker(app);
	ui_picker *p = tr_calloc(1, sizeof *p);
	p->title = tr_strdup(title);
	/* Measured once: a picker may hold tens of thousands of owners, and
	 * each key would otherwise measure them all again. */
	p->width = tr_canvas_text_width(app->con->canvas, p->title);
	for (size_t i = 0; i < n; i++) {
		tr_strv_push(&p->items, items[i]);
		int iw = tr_canvas_text_width(app->con->canvas, items[i]);
		if (iw > p->width)
			p->width = iw;
	}
	ui_list_set_count(&p->list, n);
	p->list.cur = initial < n ? initial : 0;
	p->done = done;
	app->con->picker = p;
	app->con->dirty = true;
}

void app_edit(tr_app *app, const char *prompt, const char *initial, ui_edit_fn done)
{
	close_editor(app);
	ui_editor *e = tr_calloc(1, sizeof *e);
	e->prompt = tr_strdup(prompt);
	ui_editor_set(e, initial);
	e->done = done;
	app->con->editor = e;
	app->con->dirty = true;
}

void app_pick_for(tr_app *app, const char *issue, const char *title, const char *const *items,
                  size_t n, size_t initial, ui_pick_issue_fn done)
{
	app_pick(app, title, items, n, initial, NULL);
	app->con->picker->issue = issue ? tr_strdup(issue) : NULL;
	app->con->picker->done_issue = done;
}

void app_edit_for(tr_app *app, const char *issue, const char *prompt, const char *initial,
                  bool multiline, ui_edit_issue_fn done)
{
	app_edit(app, prompt, initial, NULL);
	app->con->editor->issue = issue ? tr_strdup(issue) : NULL;
	app->con->editor->done_issue = done;
	app->con->editor->multiline = multiline;
}

/* The picker's box on the current screen. */
static tr_rect picker_rect(const tr_app *app)
{
	const ui_picker *p = app->con->picker;
	int w = p->width + 4;
	if (w < 24)
		w = 24;
	if (w > app->con->canvas->w - 2)
		w = app->con->canvas->w - 2;
	int h = (int)p->items.n + 2;
	if (h > app->con->canvas->h - 2)
		h = app->con->canvas->h - 2;
	return (tr_rect){ (app->con->canvas->w - w) / 2, (app->con->canvas->h - h) / 2, w, h };
}

void app_picker_draw(tr_app *app)
{
	ui_picker *p = app->con->picker;
	tr_canvas *c = app->con->canvas;
	tr_rect r = picker_rect(app);
	if (r.w < 4 || r.h < 3)
		return;
	tr_canvas_fill(c, r.x, r.y, r.w, r.h, TR_SLOT_POPUP, 0);
	tr_canvas_box(c, r.x, r.y, r.w, r.h, TR_SLOT_POPUP_BORDER);
	tr_canvas_fit(c, r.x + 2, r.y, r.w - 4, p->title, TR_SLOT_POPUP_BORDER, 0);
	int page = r.h - 2;
	ui_list_show(&p->list, page);
	for (int row = 0; row < page; row++) {
		size_t i = p->list.top + (size_t)row;
		if (i >= p->items.n)
			break;
		bool cur = i == p->list.cur;
		uint8_t slot = cur ? TR_SLOT_POPUP_CURSOR : TR_SLOT_POPUP;
		tr_canvas_fill(c, r.x + 1, r.y + 1 + row, r.w - 2, 1, slot, 0);
		if (cur)
			tr_canvas_text(c, r.x + 1, r.y + 1 + row, 1, ">", slot, TR_ATTR_BOLD);
		tr_canvas_fit(c, r.x + 2, r.y + 1 + row, r.w - 4, p->items.v[i], slot, 0);
	}
}

void app_picker_key(tr_app *app, int key)
{
	ui_picker *p = app->con->picker;
	tr_action a = tr_keymap_lookup(&app->keys, key);
	tr_rect r = picker_rect(app);
	if (key == TR_KEY_ENTER || a == TR_ACTION_OPEN) {
		int choice = (int)p->list.cur;
		ui_pick_fn done = p->done;
		ui_pick_issue_fn done_issue = p->done_issue;
		bool any = p->items.n > 0;
		int n = (int)p->items.n;
		char *issue = p->issue, *value = any ? tr_strdup(p->items.v[choice]) : NULL;
		p->issue = NULL;
		close_picker(app);
		if (any && done_issue)
			done_issue(app, issue, choice, n, value);
		else if (any && done)
			done(app, choice);
		free(issue);
		free(value);
		return;
	}
	if (key == TR_KEY_ESC || a == TR_ACTION_CLOSE || a == TR_ACTION_BACK) {
		close_picker(app);
		return;
	}
	if (a == TR_ACTION_QUIT) {
		close_picker(app);
		app->con->quit = true;
		return;
	}
	if (a == TR_ACTION_MOVE_LEFT || a == TR_ACTION_MOVE_RIGHT)
		return;
	ui_list_action(&p->list, a, r.h - 2);
	app->con->dirty = true;
}

void app_picker_mouse(tr_app *app, const ui_input *ev)
{
	ui_picker *p = app->con->picker;
	tr_rect r = picker_rect(app);
	if (ui_is_wheel(ev->button)) {
		ui_list_wheel(&p->list, ev->button == UI_WHEEL_UP ? -1 : 1, r.h - 2);
		return;
	}
	if (ev->x > r.x && ev->x < r.x + r.w - 1 && ev->y > r.y && ev->y < r.y + r.h - 1) {
		size_t i = p->list.top + (size_t)(ev->y - r.y - 1);
		if (i < p->items.n) {
			p->list.cur = i;
			app_picker_key(app, TR_KEY_ENTER);
		}
	} else {
		close_picker(app);
	}
}

static void editor_said_cut(tr_app *app)
{
	ui_editor *e = app->con->editor;
	if (e && e->cut && !e->cut_said) {
		e->cut_said = true;
		app_error(app, "the text was cut at %d bytes: what went beyond is not kept", UI_EDITOR_MAX);
	}
}

void app_editor_key(tr_app *app, int key)
{
	ui_editor *e = app->con->editor;
	int r = ui_editor_key(e, key);
	if (r != 0) {
		char *text = tr_strdup(tr_buf_str(&e->text));
		ui_edit_fn done = e->done;
		ui_edit_issue_fn done_issue = e->done_issue;
		char *issue = e->issue;
		e->issue = NULL;
		close_editor(app);
		if (r > 0 && done_issue)
			done_issue(app, issue, text);
		else if (r > 0 && done)
			done(app, text);
		free(issue);
		free(text);
	}
	editor_said_cut(app);
	app->con->dirty = true;
}

void app_paste(tr_app *app, const char *text, size_t len)
{
	ui_editor *e = app->con->editor;
	app->con->dirty = true;
	if (!e) {
		app_error(app, "a paste is text, not keys: open a note (a) first");
		return;
	}
	ui_editor_paste(e, text, len);
	editor_said_cut(app);
}

void app_close_overlays(tr_app *app)
{
	close_picker(app);
	close_editor(app);
}
