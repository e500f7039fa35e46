/* Drawing the screen: the header, each pane's title (a tab bar over the
 * lower pane when stacked), the panes, the status line, the overlays.  The
 * whole screen is drawn into the canvas each time and the backend copies
 * what changed; drawing is cheap (only visible rows are visited), so there
 * is no partial-redraw bookkeeping to get wrong. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "console/state.h"
#include "triage/text.h"

static void pane_title_text(tr_app *app, ui_pane p, tr_buf *out)
{
	void *st;
	const ui_view_ops *ops = app_pane_ops(app, p, &st);
	if (ops && ops->title)
		ops->title(st, app, out);
	else
		tr_buf_adds(out, ui_pane_title(p));
}

/* The right end of a title row: where a list scrolled sideways starts (<
 * goes back), and the view's window over its rows ("▲ 3/8 ▼", a mark
 * blank when nothing is hidden that way), in a place that does not move
 * as the cursor does. */
static void where_text(tr_app *app, const ui_view_ops *ops, void *st, int hshift, tr_buf *out)
{
	if (hshift)
		tr_buf_addf(out, "%s col %d", tr_sym_text(TR_SYM_ARROW, app->ascii), hshift + 1);
	ui_where w = { 0, 0, false, false };
	if (ops && ops->where)
		ops->where(st, app, &w);
	if (!w.count)
		return;
	if (out->len)
		tr_buf_adds(out, "  ");
	tr_buf_addf(out, "%s %zu/%zu %s", w.above ? tr_sym_text(TR_SYM_UP, app->ascii) : " ", w.pos,
	            w.count, w.below ? tr_sym_text(TR_SYM_DOWN, app->ascii) : " ");
}

/* Draws `right` at the right end of a title row; returns the columns it
 * leaves for the rest of the title (from r.x). */
static int draw_title_right(tr_canvas *c, tr_rect r, const char *right, uint8_t slot)
{
	if (!*right)
		return r.w;
	int rw = tr_canvas_text_width(c, right);
	if (rw > r.w / 2)
		return r.w;
	tr_canvas_text_right(c, r.x + r.w - 1, r.y, rw, right, slot, 0);
	return r.w - rw - 1;
}

/* Columns between two tabs: the labels are tight ("3 Failures"), so that
 * at 80 columns the pane's own title still has room beside them. */
#define TAB_GAP 2

/* Draws a title in w columns.  One too long loses what is least needed
 * first: an aside in parentheses at its end, then its last words (an
 * ellipsis says so); a word is cut only when the first alone is too long. */
static void fit_title(tr_canvas *c, int x, int y, int w, const char *title, uint8_t slot)
{
	if (w <= 0)
		return;
	if (tr_canvas_text_width(c, title) <= w) {
		tr_canvas_text(c, x, y, w, title, slot, 0);
		return;
	}
	char *s = tr_strdup(title);
	size_t n = strlen(s);
	char *aside = strstr(s, " (");
	if (n && s[n - 1] == ')' && aside && aside > s) {
		*aside = '\0';
		if (tr_canvas_text_width(c, s) <= w) {
			tr_canvas_text(c, x, y, w, s, slot, 0);
			free(s);
			return;
		}
	}
	/* The most whole words that fit with the ellipsis after them. */
	int ew = tr_canvas_text_width(c, tr_sym_text(TR_SYM_ELLIPSIS, false));
	size_t cut = 0;
	for (char *sp = strchr(s, ' '); sp; sp = strchr(sp + 1, ' ')) {
		char keep = *sp;
		*sp = '\0';
		bool fits = sp > s && sp[-1] != ' ' && tr_canvas_text_width(c, s) + ew <= w;
		*sp = keep;
		if (!fits)
			break;
		cut = (size_t)(sp - s);
	}
	if (cut) {
		while (cut && strchr(",:;", s[cut - 1]))
			cut--;
		s[cut] = '\0';
		x += tr_canvas_text(c, x, y, w, s, slot, 0);
		tr_canvas_sym(c, x, y, TR_SYM_ELLIPSIS, slot, 0);
	} else {
		tr_canvas_fit(c, x, y, w, title, slot, 0);
	}
	free(s);
}

/* The lower pane's title row, stacked: a tab per pane it can show, each
 * its key and name; when the pane's own title would not fit beside them,
 * the others are their keys alone. */
static int tab_width(ui_pane t, ui_pane p, bool short_tabs)
{
	char label[UI_TAB_LABEL_MAX];
	ui_pane_tab_label(t, label, sizeof label);
	return short_tabs && t != p ? (int)strlen(ui_pane_key(t)) : (int)strlen(label);
}

static void draw_title(tr_app *app, ui_pane p, tr_rect r)
{
	tr_canvas *c = app->con->canvas;
	bool focused = app->con->focus == p;
	uint8_t slot = focused ? TR_SLOT_TITLE_FOCUS : TR_SLOT_TITLE;
	tr_canvas_fill(c, r.x, r.y, r.w, 1, slot, 0);
	void *wst;
	const ui_view_ops *wops = app_pane_ops(app, p, &wst);
	tr_buf right = TR_BUF_INIT;
	where_text(app, wops, wst, app->con->hshift_shown[p], &right);
	r.w = draw_title_right(c, r, tr_buf_str(&right), slot);
	tr_buf_free(&right);
	int x = r.x + 1;
	if (app->con->screen.tabs && p != UI_PANE_ISSUES && !app->con->zoom) {
		tr_buf t = TR_BUF_INIT;
		pane_title_text(app, p, &t);
		/* The view's own title without the pane name it starts with. */
		const char *s = tr_buf_str(&t);
		size_t nl = strlen(ui_pane_title(p));
		if (strncmp(s, ui_pane_title(p), nl) == 0)
			s += nl;
		while (*s == ' ' || *s == ':')
			s++;
		int tabs = 0;
		for (int k = 0; k < UI_PANE_COUNT; k++)
			if (k != UI_PANE_ISSUES)
				tabs += tab_width((ui_pane)k, p, false) + TAB_GAP;
		bool short_tabs = *s && tabs + tr_canvas_text_width(c, s) + 1 > r.w - 1;
		app->con->screen.tabs_short = short_tabs;
		for (int k = 0; k < UI_PANE_COUNT; k++) {
			if (k == UI_PANE_ISSUES)
				continue;
			char label[UI_TAB_LABEL_MAX];
			ui_pane_tab_label((ui_pane)k, label, sizeof label);
			uint8_t ts = k == (int)p ? (focused ? TR_SLOT_CURSOR : TR_SLOT_TITLE_FOCUS)
			                         : TR_SLOT_TITLE;
			x += tr_canvas_text(c, x, r.y, r.x + r.w - x,
			                    short_tabs && k != (int)p ? ui_pane_key((ui_pane)k) : label, ts, 0);
			x += TAB_GAP;
		}
		if (*s)
			fit_title(c, x, r.y, r.x + r.w - x - 1, s, slot);
		tr_buf_free(&t);
		return;
	}
	tr_buf t = TR_BUF_INIT;
	tr_buf_addf(&t, "%s ", ui_pane_key(p));
	pane_title_text(app, p, &t);
	fit_title(c, x, r.y, r.w - 2, tr_buf_str(&t), slot);
	tr_buf_free(&t);
}

int app_tab_at(const tr_app *app, ui_pane p, int x)
{
	if (!app->con->screen.tabs || app->con->zoom || p == UI_PANE_ISSUES)
		return -1;
	/* Laid out as draw_title lays them out. */
	int at = app->con->screen.pane[p].x + 1;
	for (int t = 0; t < UI_PANE_COUNT; t++) {
		if (t == UI_PANE_ISSUES)
			continue;
		int w = tab_width((ui_pane)t, p, app->con->screen.tabs_short);
		if (x >= at && x < at + w)
			return t;
		at += w + TAB_GAP;
	}
	return -1;
}

static int count_fixed(const tr_app *app)
{
	int n = 0;
	for (size_t i = 0; i < app->model->nissues; i++) {
		tr_state s = app_state(app, i);
		if (s == TR_STATE_FIXED || s == TR_STATE_VERIFIED)
			n++;
	}
	return n;
}

static void filter_text(const tr_app *app, tr_buf *out)
{
	const ui_filter *f = &app->con->filter;
	if (f->state >= 0)
		tr_buf_addf(out, " state=%s", tr_state_word((tr_state)f->state));
	if (f->priority >= 0)
		tr_buf_addf(out, " priority=%s", f->priority == 4 ? "none" : tr_priority_word((tr_priority)f->priority));
	if (f->owner)
		tr_buf_addf(out, " owner=%s", *f->owner ? f->owner : "nobody");
	if (f->text)
		tr_buf_addf(out, " text=%s", f->text);
}

static const char *const sort_words[UI_SORT_COUNT] = { "report", "ready", "blocking" };

static void draw_header(tr_app *app)
{
	tr_canvas *c = app->con->canvas;
	tr_rect r = app->con->screen.header;
	tr_canvas_fill(c, r.x, r.y, r.w, 1, TR_SLOT_HEADER, 0);
	tr_buf right = TR_BUF_INIT;
	tr_buf f = TR_BUF_INIT;
	filter_text(app, &f);
	/* At narrow widths the short forms ("state=open by ready"), so that
	 * the report's title keeps its room. */
	for (int form = 0; form < 2; form++) {
		tr_buf_reset(&right);
		if (f.len)
			tr_buf_addf(&right, form ? "%s " : "filter:%s ", form ? tr_buf_str(&f) + 1 : tr_buf_str(&f));
		if (app->con->sort != UI_SORT_REPORT)
			tr_buf_addf(&right, form ? "by %s " : "sort: %s ", sort_words[app->con->sort]);
		if (app->store && tr_store_read_only(app->store))
			tr_buf_adds(&right, "READ-ONLY ");
		if (tr_canvas_text_width(c, tr_buf_str(&right)) <= r.w / 3)
			break;
	}
	int rw = tr_canvas_text_width(c, tr_buf_str(&right));
	if (rw > r.w / 2)
		rw = r.w / 2;
	tr_canvas_text_right(c, r.x + r.w, r.y, rw, tr_buf_str(&right), TR_SLOT_HEADER, 0);
	int x = r.x + tr_canvas_text(c, r.x, r.y, -1, " triage ", TR_SLOT_HEADER, TR_ATTR_BOLD);
	const char *title = NULL;
	if (app->model->nreports == 1)
		title = app->model->reports[0].title ? app->model->reports[0].title
		                                     : app->model->reports[0].path;
	tr_buf t = TR_BUF_INIT;
	if (title)
		tr_buf_adds(&t, title);
	else
		tr_buf_addf(&t, "%zu reports", app->model->nreports);
	fit_title(c, x + 1, r.y, r.w - x - rw - 2, tr_buf_str(&t), TR_SLOT_HEADER);
	tr_buf_free(&t);
	tr_buf_free(&f);
	tr_buf_free(&right);
}

/* Said after a message cut to fit, with the key that shows it whole. */
#define MORE_LABEL "more"

/* A key and what it does, on the status line; returns where the next goes. */
static int draw_hint(tr_canvas *c, int x, int y, int end, const char *key, const char *label)
{
	x += tr_canvas_text(c, x, y, end - x, key, TR_SLOT_STATUS_KEY, 0);
	x += tr_canvas_text(c, x, y, end - x, " ", TR_SLOT_STATUS_BAR, 0);
	x += tr_canvas_text(c, x, y, end - x, label, TR_SLOT_STATUS_BAR, 0);
	return x + 2;
}

/* A message, on one line, never over the panes: one too long for it is
 * cut, and says which key shows it whole. */
static void draw_message(tr_app *app, tr_rect r, int room, const char *log_key)
{
	tr_canvas *c = app->con->canvas;
	uint8_t ms = app->con->message_error ? TR_SLOT_MESSAGE_ERROR : TR_SLOT_MESSAGE;
	int w = tr_canvas_text_width(c, app->con->message);
	if (w <= room || !*log_key) {
		tr_canvas_fit(c, r.x + 1, r.y, room, app->con->message, ms, 0);
		return;
	}
	int more = 1 + tr_canvas_text_width(c, log_key) + 1 + (int)strlen(MORE_LABEL) + 1;
	int x = r.x + 1 + tr_canvas_fit(c, r.x + 1, r.y, room - more, app->con->message, ms, 0);
	draw_hint(c, x + 1, r.y, r.x + 1 + room, log_key, MORE_LABEL);
}

/* The keys that matter here, then how to get out: q closes what is open,
 * else quits; Q quits from anywhere.  Read-only, it says so first. */
static void draw_hints(tr_app *app, tr_rect r, int room, const char *log_key)
{
	tr_canvas *c = app->con->canvas;
	int x = r.x + 1, end = r.x + 1 + room;
	if (app->con->picker && app->con->picker->question) {
		x = draw_hint(c, x, r.y, end, "y", "yes");
		x = draw_hint(c, x, r.y, end, "n", "no");
		draw_hint(c, x, r.y, end, "<Esc>", "cancel");
		return;
	}
	if (app->con->picker) {
		/* A picker takes Enter and Esc whatever they are bound to. */
		x = draw_hint(c, x, r.y, end, "<Enter>", "choose");
		draw_hint(c, x, r.y, end, "<Esc>", "cancel");
		return;
	}
	bool read_only = app_read_only(app);
	if (read_only) {
		/* Why, and how to mend it, are a key away. */
		x += tr_canvas_text(c, x, r.y, end - x, "read-only", TR_SLOT_MESSAGE_ERROR, 0) + 1;
		if (*log_key && app->con->cover != &app->con->log)
			x = draw_hint(c, x, r.y, end, log_key, "why");
		else
			x++;
	}
	static const tr_action open_keys[] = { TR_ACTION_BACK, TR_ACTION_QUIT, TR_ACTION_NONE };
	static const tr_action bottom_keys[] = { TR_ACTION_HELP, TR_ACTION_BACK, TR_ACTION_NONE };
	bool open = app_view_open(app);
	void *st;
	const ui_view_ops *ops = app_focused_ops(app, &st);
	const tr_action *hints = ops ? ops->hints : NULL;
	if (ops && ops->hints_now)
		hints = ops->hints_now(st, app);
	const tr_action *lists[2] = { hints, open ? open_keys : bottom_keys };
	for (int l = 0; l < 2; l++) {
		for (const tr_action *a = lists[l]; a && *a != TR_ACTION_NONE; a++) {
			char tmp[16];
			const char *key = app_key_of(app, *a, tmp);
			/* With a view open, q's "close" says what Esc's would; read-only,
			 * the keys that change progress would only be refused. */
			if (!*key || (open && l == 0 && *a == TR_ACTION_CLOSE) ||
			    (read_only && tr_action_group_of(*a) == TR_GROUP_PROGRESS))
				continue;
			const char *label = *a == TR_ACTION_BACK && !open ? tr_action_label(TR_ACTION_QUIT)
			                                                  : tr_action_label(*a);
			int need = tr_canvas_text_width(c, key) + 1 + tr_canvas_text_width(c, label) + 2;
			if (x + need > end)
				break;
			x = draw_hint(c, x, r.y, end, key, label);
		}
	}
}

static void draw_status(tr_app *app)
{
	tr_canvas *c = app->con->canvas;
	tr_rect r = app->con->screen.status;
	tr_canvas_fill(c, r.x, r.y, r.w, 1, TR_SLOT_STATUS_BAR, 0);
	if (app->con->editor) {
		ui_editor_draw(app->con->editor, c, r.x + 1, r.y, r.w - 2);
		return;
	}
	/* Right: the cluster's progress. */
	tr_buf right = TR_BUF_INIT;
	tr_buf_addf(&right, "%d/%zu fixed ", count_fixed(app), app->model->nissues);
	int rw = tr_canvas_text_width(c, tr_buf_str(&right));
	tr_canvas_text_right(c, r.x + r.w, r.y, r.w / 3, tr_buf_str(&right), TR_SLOT_STATUS_BAR, 0);
	int room = r.w - (rw < r.w / 3 ? rw : r.w / 3) - 2;
	tr_buf_free(&right);
	char tmp[16];
	const char *log_key = app_key_of(app, TR_ACTION_MESSAGES, tmp);
	if (app->con->message)
		draw_message(app, r, room, log_key);
	else
		draw_hints(app, r, room, log_key);
}

static void draw_too_small(tr_app *app)
{
	tr_canvas *c = app->con->canvas;
	char msg[96];
	snprintf(msg, sizeof msg, "terminal too small (%dx%d): triage needs at least %dx%d", c->w,
	         c->h, TR_MIN_W, TR_MIN_H);
	tr_strv lines = TR_STRV_INIT;
	tr_wrap(&lines, msg, c->w > 0 ? c->w : 1);
	int y0 = (c->h - (int)lines.n) / 2;
	for (size_t i = 0; i < lines.n; i++) {
		int w = tr_canvas_text_width(c, lines.v[i]);
		tr_canvas_text(c, (c->w - w) / 2 > 0 ? (c->w - w) / 2 : 0, y0 + (int)i, -1, lines.v[i],
		               TR_SLOT_MESSAGE_ERROR, 0);
	}
	tr_strv_free(&lines);
}

int app_hshift_max(tr_app *app, ui_pane p)
{
	void *st;
	const ui_view_ops *ops = app_pane_ops(app, p, &st);
	int width = 0, key = 0;
	if (!ops || !ops->sideways || !ops->sideways(st, app, &width, &key))
		return -1;
	int over = width - ui_content_of(app->con->screen.pane[p]).w;
	return over > 0 ? over : 0;
}

/* A pane's view scrolled `shift` columns sideways: the key columns at its
 * left drawn in place, the rest moved left (the view draws as wide as the
 * text it then shows, and the canvas moves it). */
static void draw_shifted(tr_app *app, const ui_view_ops *ops, void *st, tr_rect a, int shift,
                         bool focused)
{
	tr_canvas *c = app->con->canvas;
	int width = 0, key = 0;
	if (shift && ops->sideways && ops->sideways(st, app, &width, &key) && key > 0 &&
	    key < a.w) {
		tr_canvas_clip(c, a.x, a.y, key, a.h);
		c->shift = 0;
		(ops->draw_key ? ops->draw_key : ops->draw)(st, app, c, a, focused);
		tr_canvas_clip(c, a.x + key, a.y, a.w - key, a.h);
	} else {
		tr_canvas_clip(c, a.x, a.y, a.w, a.h);
	}
	c->shift = shift;
	ops->draw(st, app, c, (tr_rect){ a.x, a.y, a.w + shift, a.h }, focused);
	tr_canvas_unclip(c);
}

void app_render(tr_app *app)
{
	tr_canvas *c = app->con->canvas;
	tr_canvas_clear(c, TR_SLOT_NORMAL);
	ui_screen *s = &app->con->screen;
	app_layout(app);
	if (s->too_small) {
		draw_too_small(app);
		return;
	}
	draw_header(app);
	if (app->con->cover) {
		const ui_view_slot *v = app->con->cover;
		tr_rect r = s->body;
		tr_canvas_fill(c, r.x, r.y, r.w, 1, TR_SLOT_TITLE_FOCUS, 0);
		tr_rect a = ui_content_of(r);
		tr_canvas_clip(c, a.x, a.y, a.w, a.h);
		v->ops->draw(v->st, app, c, a, true);
		tr_canvas_unclip(c);
		tr_buf t = TR_BUF_INIT;
		where_text(app, v->ops, v->st, 0, &t);
		int room = draw_title_right(c, r, tr_buf_str(&t), TR_SLOT_TITLE_FOCUS);
		tr_buf_reset(&t);
		v->ops->title(v->st, app, &t);
		tr_canvas_fit(c, r.x + 1, r.y, room - 2, tr_buf_str(&t), TR_SLOT_TITLE_FOCUS, 0);
		tr_buf_free(&t);
	} else {
		for (int p = 0; p < UI_PANE_COUNT; p++) {
			if (!s->shown[p])
				continue;
			tr_rect r = s->pane[p];
			tr_rect a = ui_content_of(r);
			void *st;
			const ui_view_ops *ops = app_pane_ops(app, (ui_pane)p, &st);
			if (ops && ops->draw) {
				bool focused = (int)app->con->focus == p;
				int shift = app_pane_hshift(app, (ui_pane)p);
				/* A view drawn for the first time (keys typed ahead
				 * of the screen: 3 and > at once) has no key column
				 * to keep yet: its first drawing measures it. */
				int kw, kk;
				bool measured = ops->sideways && ops->sideways(st, app, &kw, &kk);
				draw_shifted(app, ops, st, a, shift, focused);
				/* Never past the widest row's end, even after the
				 * rows changed under it: drawn again from there. */
				int most = shift ? app_hshift_max(app, (ui_pane)p) : -1;
				if (most >= 0 && (shift > most || !measured)) {
					if (shift > most)
						shift = most;
					tr_canvas_fill(c, a.x, a.y, a.w, a.h, TR_SLOT_NORMAL, 0);
					draw_shifted(app, ops, st, a, shift, focused);
				}
				app->con->hshift_shown[p] = shift;
			}
			/* After the view: its title tells where the drawing left
			 * its window. */
			draw_title(app, (ui_pane)p, r);
		}
		if (s->wide && !app->con->zoom) {
			tr_canvas_vline(c, s->divider, s->body.y, s->body.h, TR_SLOT_SEPARATOR);
		}
	}
	draw_status(app);
	if (app->con->picker)
		app_picker_draw(app);
	if (!app->con->editor)
		tr_canvas_set_cursor(c, -1, -1);
}
