/* The overlays: a picker (a list of choices in a box) and the one-line
 * editor on the status line.  Each takes every key while it is open. */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "console/state.h"
#include "triage/text.h"

static void close_picker(tr_app *app)
{
	if (!app->con->picker)
		return;
	free(app->con->picker->title);
	free(app->con->picker->issue);
	free(app->con->picker->shown);
	tr_buf_free(&app->con->picker->filter);
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
	p->shown = tr_malloc((n ? n : 1) * sizeof *p->shown);
	for (size_t i = 0; i < n; i++)
		p->shown[i] = i;
	p->nshown = n;
	ui_list_set_count(&p->list, n);
	p->list.cur = p->initial = initial < n ? initial : 0;
	p->done = done;
	app->con->picker = p;
	app->con->dirty = true;
}

void app_ask_for(tr_app *app, const char *issue, const char *question, const char *no,
                 const char *yes, ui_pick_issue_fn done)
{
	const char *items[] = { no, yes };
	app_pick_for(app, issue, question, items, 2, 0, done);
	app->con->picker->question = true;
}

void app_pick_typing(tr_app *app, bool free_text)
{
	if (!app->con->picker)
		return;
	app->con->picker->typing = true;
	app->con->picker->free_text = free_text;
}

/* Whether the filter is in the item; a person written "Name <e-mail>" is
 * looked for by the name, so that "c" does not find every example.com. */
static const char *matches(const char *item, const char *q)
{
	const char *hit = tr_strcasestr(item, q), *lt = strchr(item, '<');
	return hit && (!lt || lt == item || hit + strlen(q) <= lt) ? hit : NULL;
}

/* The items that match the filter, in their order.  The cursor goes to the
 * first whose word the filter begins ("bo" is bob, not nobody, which only
 * holds it), else to the first match; with no filter, back where it began. */
static void refilter(ui_picker *p)
{
	const char *q = tr_buf_str(&p->filter);
	size_t cur = TR_NONE;
	p->nshown = 0;
	for (size_t i = 0; i < p->items.n; i++) {
		const char *item = p->items.v[i], *hit = *q ? matches(item, q) : item;
		if (!hit)
			continue;
		if (*q && cur == TR_NONE && (hit == item || !isalnum((unsigned char)hit[-1])))
			cur = p->nshown;
		if (!*q && i == p->initial)
			cur = p->nshown;
		p->shown[p->nshown++] = i;
	}
	ui_list_set_count(&p->list, p->nshown);
	p->list.cur = p->list.top = 0;
	if (cur != TR_NONE)
		p->list.cur = cur;   /* the draw scrolls it into view */
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

#define NO_MATCH_FREE "no match: Enter takes the name as typed"

/* The picker's box on the current screen. */
static tr_rect picker_rect(const tr_app *app)
{
	const ui_picker *p = app->con->picker;
	int w = p->width + 7;   /* a hotkey column, margins and the border */
	/* Room for what it says when nothing matches. */
	int least = p->free_text ? (int)sizeof NO_MATCH_FREE - 1 + 4 : 28;
	if (w < least)
		w = least;
	if (w > app->con->canvas->w - 2)
		w = app->con->canvas->w - 2;
	int h = (int)p->items.n + 2 + (p->typing ? 1 : 0);
	if (h > app->con->canvas->h - 2)
		h = app->con->canvas->h - 2;
	return (tr_rect){ (app->con->canvas->w - w) / 2, (app->con->canvas->h - h) / 2, w, h };
}

/* Rows of items in the box (a typing picker keeps its last for the text). */
static int picker_page(const ui_picker *p, tr_rect r)
{
	return r.h - 2 - (p->typing ? 1 : 0);
}

void app_picker_draw(tr_app *app)
{
	ui_picker *p = app->con->picker;
	tr_canvas *c = app->con->canvas;
	tr_rect r = picker_rect(app);
	if (r.w < 8 || r.h < 3)
		return;
	tr_canvas_fill(c, r.x, r.y, r.w, r.h, TR_SLOT_POPUP, 0);
	tr_canvas_box(c, r.x, r.y, r.w, r.h, TR_SLOT_POPUP_BORDER);
	tr_canvas_fit(c, r.x + 2, r.y, r.w - 4, p->title, TR_SLOT_POPUP_BORDER, 0);
	int page = picker_page(p, r);
	ui_list_show(&p->list, page);
	for (int row = 0; row < page; row++) {
		size_t k = p->list.top + (size_t)row;
		if (k >= p->nshown)
			break;
		size_t i = p->shown[k];
		bool cur = k == p->list.cur;
		int y = r.y + 1 + row;
		uint8_t slot = cur ? TR_SLOT_POPUP_CURSOR : TR_SLOT_POPUP;
		tr_canvas_fill(c, r.x + 1, y, r.w - 2, 1, slot, 0);
		if (cur)
			tr_canvas_text(c, r.x + 1, y, 1, ">", slot, TR_ATTR_BOLD);
		if (k < 9) {
			char key[2] = { p->question ? "ny"[k & 1] : (char)('1' + k), 0 };
			tr_canvas_text(c, r.x + 2, y, 1, key, cur ? slot : TR_SLOT_STATUS_KEY, 0);
		}
		tr_canvas_fit(c, r.x + 4, y, r.w - 6, p->items.v[i], slot, 0);
	}
	if (p->typing) {
		int y = r.y + r.h - 2;
		const char *q = tr_buf_str(&p->filter);
		if (!p->nshown)
			tr_canvas_fit(c, r.x + 2, r.y + 1, r.w - 4,
			              p->free_text ? NO_MATCH_FREE : "no match",
			              TR_SLOT_DIM, 0);
		int x = r.x + 2;
		x += tr_canvas_text(c, x, y, r.w - 4, "> ", TR_SLOT_LABEL, 0);
		if (*q) {
			x += tr_canvas_text(c, x, y, r.x + r.w - 2 - x, q, TR_SLOT_EDITOR, 0);
			tr_canvas_set_cursor(c, x < r.x + r.w - 2 ? x : r.x + r.w - 3, y);
		} else {
			tr_canvas_fit(c, x, y, r.x + r.w - 2 - x, "type to filter", TR_SLOT_DIM, 0);
			tr_canvas_set_cursor(c, x, y);
		}
	}
}

/* Closes the picker and calls its function with item `k` of those shown,
 * or (k == TR_NONE) with the text typed. */
static void choose(tr_app *app, size_t k)
{
	ui_picker *p = app->con->picker;
	int n = (int)p->items.n;
	int choice = k == TR_NONE ? -1 : (int)p->shown[k];
	char *value = tr_strdup(k == TR_NONE ? tr_buf_str(&p->filter) : p->items.v[p->shown[k]]);
	ui_pick_fn done = p->done;
	ui_pick_issue_fn done_issue = p->done_issue;
	char *issue = p->issue;
	p->issue = NULL;
	close_picker(app);
	if (done_issue)
		done_issue(app, issue, choice, n, value);
	else if (done && choice >= 0)
		done(app, choice);
	free(issue);
	free(value);
}

static uint32_t fold_cp(uint32_t cp)
{
	return cp >= 'A' && cp <= 'Z' ? cp + 32 : cp;
}

/* A fixed list's letter: the cursor goes to the next item after it that
 * begins with the letter.  Only Enter or a digit chooses: one letter that
 * set a state at once was too easy to hit by mistake. */
static bool hotkey(tr_app *app, int key)
{
	ui_picker *p = app->con->picker;
	uint32_t want = fold_cp((uint32_t)key);
	size_t found = TR_NONE;
	for (size_t step = 1; step <= p->nshown; step++) {
		size_t k = (p->list.cur + step) % p->nshown;
		const char *s = p->items.v[p->shown[k]];
		uint32_t cp = 0;
		tr_utf8_decode(s, strlen(s), &cp);
		if (fold_cp(cp) == want) {
			found = k;
			break;
		}
	}
	if (found == TR_NONE)
		return false;
	p->list.cur = found;
	app->con->dirty = true;
	return true;
}

void app_picker_key(tr_app *app, int key)
{
	ui_picker *p = app->con->picker;
	tr_action a = tr_keymap_lookup(&app->keys, key);
	tr_rect r = picker_rect(app);
	app->con->dirty = true;
	if (key == TR_KEY_ENTER) {
		if (p->nshown)
			choose(app, p->list.cur);
		else if (p->free_text && p->filter.len)
			choose(app, TR_NONE);
		return;
	}
	if (key == TR_KEY_ESC) {
		close_picker(app);
		return;
	}
	if (p->question && (key == 'y' || key == 'Y' || key == 'n' || key == 'N')) {
		choose(app, key == 'y' || key == 'Y' ? 1 : 0);
		return;
	}
	if (p->question && a != TR_ACTION_MOVE_UP && a != TR_ACTION_MOVE_DOWN && a != TR_ACTION_CLOSE &&
	    a != TR_ACTION_BACK && a != TR_ACTION_QUIT)
		return;
	if (key >= '1' && key <= '9') {
		size_t k = (size_t)(key - '1');
		if (k < p->nshown)
			choose(app, k);
		return;
	}
	if (p->typing && (key == TR_KEY_BACKSPACE || key == TR_CTRL('u'))) {
		if (key == TR_CTRL('u'))
			tr_buf_reset(&p->filter);
		/* Back over one whole character; the filter is read as a string,
		 * so it must end where its length says. */
		size_t n = p->filter.len;
		while (n > 0 && ((unsigned char)p->filter.data[--n] & 0xC0) == 0x80)
			;
		tr_buf_truncate(&p->filter, n);
		refilter(p);
		return;
	}
	if (key == TR_CTRL('n') || key == TR_CTRL('p')) {
		ui_list_action(&p->list, key == TR_CTRL('n') ? TR_ACTION_MOVE_DOWN : TR_ACTION_MOVE_UP,
		               picker_page(p, r));
		return;
	}
	if (p->typing && ui_key_is_text(key)) {
		char enc[4];
		size_t n = tr_utf8_encode((uint32_t)key, enc);
		if (p->filter.len < 256)
			tr_buf_add(&p->filter, enc, n);
		refilter(p);
		return;
	}
	/* A fixed list: the keys that move move (j k g G as anywhere), other
	 * letters jump to the item they begin. */
	bool moves = a == TR_ACTION_MOVE_UP || a == TR_ACTION_MOVE_DOWN || a == TR_ACTION_FIRST ||
	             a == TR_ACTION_LAST || a == TR_ACTION_PAGE_UP || a == TR_ACTION_PAGE_DOWN;
	if (!p->typing && !moves && ui_key_is_text(key) && hotkey(app, key))
		return;
	if (a == TR_ACTION_OPEN) {
		if (p->nshown)
			choose(app, p->list.cur);
		return;
	}
	if (a == TR_ACTION_CLOSE || a == TR_ACTION_BACK) {
		close_picker(app);
		return;
	}
	if (a == TR_ACTION_QUIT) {
		close_picker(app);
		app_quit(app);
		return;
	}
	if (a == TR_ACTION_MOVE_LEFT || a == TR_ACTION_MOVE_RIGHT)
		return;
	ui_list_action(&p->list, a, picker_page(p, r));
}

void app_picker_mouse(tr_app *app, const ui_input *ev)
{
	ui_picker *p = app->con->picker;
	tr_rect r = picker_rect(app);
	if (ui_is_wheel(ev->button)) {
		ui_list_wheel(&p->list, ev->button == UI_WHEEL_UP ? -1 : 1, picker_page(p, r));
		return;
	}
	if (ev->x > r.x && ev->x < r.x + r.w - 1 && ev->y > r.y && ev->y < r.y + 1 + picker_page(p, r)) {
		size_t k = p->list.top + (size_t)(ev->y - r.y - 1);
		if (k < p->nshown)
			choose(app, k);
	} else if (ev->y == r.y + r.h - 2 && p->typing) {
		/* the text line: nothing to do */
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

bool app_editor_key(tr_app *app, int key)
{
	ui_editor *e = app->con->editor;
	int r = ui_editor_key(e, key);
	if (r == 2)
		return false;
	if (r != 0) {
		char *text = tr_strdup(tr_buf_str(&e->text));
		ui_edit_fn done = e->done;
		ui_edit_issue_fn done_issue = e->done_issue, cancelled = e->cancelled;
		if (r == -2 && e->discarded)
			cancelled = e->discarded;
		char *issue = e->issue;
		e->issue = NULL;
		close_editor(app);
		if (r > 0 && done_issue)
			done_issue(app, issue, text);
		else if (r < 0 && cancelled)
			cancelled(app, issue, text);
		else if (r > 0 && done)
			done(app, text);
		free(issue);
		free(text);
	}
	editor_said_cut(app);
	app->con->dirty = true;
	return true;
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

static void quit_answered(tr_app *app, const char *issue, int choice, int n, const char *value)
{
	(void)issue;
	(void)n;
	(void)value;
	if (choice == 1)
		app->con->quit = true;
}

/* Drafts are kept for the next session in the drafts file; where there is
 * none, or writing one failed (and fails again), quitting would drop them
 * unsaid, so it asks first, about those alone. */
void app_quit(tr_app *app)
{
	ui_console *con = app->con;
	size_t lost = 0, first = 0;
	if (con->draft_issue.n && (!con->drafts_path || con->drafts_unsaved))
		lost = con->drafts_path && app->store
		               ? app_drafts_put_all(con->drafts_path, tr_store_path(app->store),
		                                    &con->draft_issue, &con->draft_text, &first)
		               : con->draft_issue.n;
	con->drafts_unsaved = lost > 0;
	if (!lost) {
		con->quit = true;
		return;
	}
	const char *key = con->draft_issue.v[first];
	/* A draft's key begins with its issue's id (an edit's key goes on
	 * after a unit separator). */
	char *q = lost == 1 ? tr_sprintf("Quit and lose the draft note on %.*s?", (int)strcspn(key, "\x1f"), key)
	                    : tr_sprintf("Quit and lose %zu draft notes?", lost);
	app_ask_for(app, NULL, q, "no, stay", "yes, quit", quit_answered);
	free(q);
}

void app_keep_typed(tr_app *app)
{
	ui_editor *e = app->con->editor;
	if (!e || !e->cancelled || !e->issue)
		return;
	char *text = tr_strdup(tr_buf_str(&e->text));
	char *issue = e->issue;
	ui_edit_issue_fn cancelled = e->cancelled;
	e->issue = NULL;
	close_editor(app);
	cancelled(app, issue, text);
	free(issue);
	free(text);
}

void app_close_overlays(tr_app *app)
{
	close_picker(app);
	close_editor(app);
}
