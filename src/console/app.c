/* The event loop: one key (or click, or resize, or idle second) at a time,
 * then the whole screen is drawn again into the canvas and the backend
 * copies what changed.  Drawing is cheap (only visible rows are visited),
 * so there is no partial-redraw bookkeeping to get wrong. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "console/app.h"
#include "triage/text.h"

/* ---- small helpers used by the views ----------------------------------- */

const char *app_status_short(tr_issue_status s)
{
	switch (s) {
	case TR_ISSUE_REPRODUCED: return "reproduced";
	case TR_ISSUE_PARTIALLY_REPRODUCED: return "partial";
	case TR_ISSUE_NOT_REPRODUCED: return "not-repro";
	case TR_ISSUE_ROOT_CAUSE_IDENTIFIED: return "root-cause";
	case TR_ISSUE_CONFIRMED: return "confirmed";
	case TR_ISSUE_BLOCKED: return "blocked";
	default: return "unknown";
	}
}

const char *app_person(const char *who, tr_buf *tmp)
{
	if (!who)
		return NULL;
	const char *lt = strchr(who, '<');
	if (!lt || lt == who)
		return who;
	size_t n = (size_t)(lt - who);
	while (n > 0 && who[n - 1] == ' ')
		n--;
	tr_buf_reset(tmp);
	tr_buf_add(tmp, who, n);
	return tr_buf_str(tmp);
}

const char *app_key_of(const tr_app *app, tr_action a, char tmp[16])
{
	int key = tr_keymap_first_key(&app->keys, a);
	if (!key)
		return "";
	const char *name = tr_key_name(key, tmp);
	return name;
}

uint8_t app_state_slot(tr_state s)
{
	switch (s) {
	case TR_STATE_IN_PROGRESS: return TR_SLOT_STATE_IN_PROGRESS;
	case TR_STATE_FIXED: return TR_SLOT_STATE_FIXED;
	case TR_STATE_VERIFIED: return TR_SLOT_STATE_VERIFIED;
	case TR_STATE_WONT_FIX: return TR_SLOT_STATE_WONT_FIX;
	default: return TR_SLOT_STATE_OPEN;
	}
}

uint8_t app_priority_slot(tr_priority p)
{
	switch (p) {
	case TR_P0: return TR_SLOT_PRIORITY_P0;
	case TR_P1: return TR_SLOT_PRIORITY_P1;
	case TR_P2: return TR_SLOT_PRIORITY_P2;
	default: return TR_SLOT_PRIORITY_P3;
	}
}

static void set_message(tr_app *app, bool error, const char *fmt, va_list ap)
{
	free(app->message);
	app->message = tr_vsprintf(fmt, ap);
	app->message_error = error;
	app->dirty = true;
}

void app_message(tr_app *app, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	set_message(app, false, fmt, ap);
	va_end(ap);
}

void app_error(tr_app *app, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	set_message(app, true, fmt, ap);
	va_end(ap);
}

/* ---- data ---------------------------------------------------------------- */

tr_state app_state(const tr_app *app, size_t issue)
{
	if (!app->state || issue >= app->model->nissues)
		return TR_STATE_OPEN;
	return (tr_state)app->state[issue];
}

const tr_progress *app_progress(const tr_app *app, size_t issue)
{
	if (!app->progress || issue >= app->model->nissues)
		return NULL;
	return app->progress[issue];
}

const char *app_owner(const tr_app *app, size_t issue)
{
	const tr_progress *p = app_progress(app, issue);
	return p && p->owner && *p->owner ? p->owner : NULL;
}

size_t app_commits(const tr_app *app, size_t issue, const tr_commit_link **out)
{
	*out = NULL;
	if (!app->history || issue >= app->model->nissues)
		return 0;
	return tr_history_issue(app->history, issue, out);
}

tr_commit_detail *app_commit_detail(tr_app *app, const char *id)
{
	if (!app->repo) {
		app_error(app, "no git repository here: commits cannot be shown");
		return NULL;
	}
	tr_error err = TR_ERROR_INIT;
	tr_commit_detail *d = tr_commit_detail_load(app->repo, id, &err);
	if (!d)
		app_error(app, "%s", err.message ? err.message : "cannot read the commit");
	tr_error_clear(&err);
	return d;
}

static void for_each_view(tr_app *app, void (*fn)(tr_app *, const ui_view_ops *, void *))
{
	for (int p = 0; p < UI_PANE_COUNT; p++) {
		ui_pane_slot *ps = &app->panes[p];
		if (ps->ops)
			fn(app, ps->ops, ps->st);
		if (ps->child_ops)
			fn(app, ps->child_ops, ps->child_st);
	}
}

static void refresh_one(tr_app *app, const ui_view_ops *ops, void *st)
{
	if (ops->refresh)
		ops->refresh(st, app);
}

static void refresh_views(tr_app *app)
{
	for_each_view(app, refresh_one);
	app->dirty = true;
}

/* The per-issue progress and the graph, after the store or the model changed. */
void app_progress_changed(tr_app *app)
{
	size_t n = app->model->nissues;
	free(app->progress);
	free(app->state);
	app->progress = tr_calloc(n + 1, sizeof *app->progress);
	app->state = tr_calloc(n + 1, 1);
	bool *resolved = tr_calloc(n + 1, sizeof *resolved);
	for (size_t i = 0; i < n; i++) {
		const char *id = app->model->issues[i].id;
		app->progress[i] = app->store ? tr_store_get(app->store, id) : NULL;
		tr_state s = app->progress[i] ? app->progress[i]->state : TR_STATE_OPEN;
		if ((unsigned)s >= TR_STATE_COUNT)
			s = TR_STATE_OPEN;
		app->state[i] = (uint8_t)s;
		resolved[i] = tr_graph_state_resolved((tr_graph_state)s);
	}
	tr_graph_free(app->graph);
	app->graph = tr_graph_new(app->model, resolved);
	free(resolved);
	app->generation++;
	app_refilter(app);
}

static bool owner_matches(const tr_app *app, size_t i)
{
	const char *want = app->filter.owner;
	if (!want)
		return true;
	const char *owner = app_owner(app, i);
	if (!*want)
		return owner == NULL;
	return owner && tr_strcasestr(owner, want);
}

static void lower_ascii(char *s)
{
	for (; *s; s++)
		if (*s >= 'A' && *s <= 'Z')
			*s = (char)(*s + 32);
}

static void add_field(tr_buf *b, const char *s)
{
	if (!s)
		return;
	tr_buf_adds(b, s);
	tr_buf_addc(b, '\n'); /* a match never spans two fields */
}

/* What a text filter searches in each issue, lower-cased once per model:
 * filtering thousands of issues is then one fast strstr() each. */
static void build_haystacks(tr_app *app)
{
	if (app->haystack_model == app->model && app->haystacks)
		return;
	for (size_t i = 0; i < app->nhaystacks; i++)
		free(app->haystacks[i]);
	free(app->haystacks);
	size_t n = app->model->nissues;
	app->haystacks = tr_calloc(n + 1, sizeof *app->haystacks);
	app->nhaystacks = n;
	for (size_t i = 0; i < n; i++) {
		const tr_issue *is = &app->model->issues[i];
		tr_buf b = TR_BUF_INIT;
		add_field(&b, is->id);
		add_field(&b, is->title);
		add_field(&b, is->severity);
		add_field(&b, is->status_text);
		for (size_t k = 0; k < is->findings.n; k++)
			add_field(&b, is->findings.v[k]);
		for (size_t k = 0; k < is->test_files.n; k++)
			add_field(&b, is->test_files.v[k]);
		for (size_t k = 0; k < is->nfailures; k++)
			add_field(&b, is->failures[k].text);
		app->haystacks[i] = tr_buf_detach(&b);
		if (!app->haystacks[i])
			app->haystacks[i] = tr_strdup("");
		lower_ascii(app->haystacks[i]);
	}
	app->haystack_model = app->model;
}

static bool text_matches(const tr_app *app, size_t i, const char *q)
{
	if (!q || !*q)
		return true;
	if (i < app->nhaystacks && strstr(app->haystacks[i], q))
		return true;
	const tr_progress *p = app_progress(app, i);
	if (p) {
		for (size_t k = 0; k < p->nnotes; k++)
			if (p->notes[k].text && tr_strcasestr(p->notes[k].text, q))
				return true;
		if (p->owner && tr_strcasestr(p->owner, q))
			return true;
	}
	return false;
}

static bool issue_shown(const tr_app *app, size_t i, const char *q)
{
	const ui_filter *f = &app->filter;
	if (f->state >= 0 && app_state(app, i) != (tr_state)f->state)
		return false;
	if (f->priority >= 0) {
		tr_priority p = app->model->issues[i].priority;
		int want = f->priority == 4 ? TR_PRIORITY_NONE : f->priority;
		if ((int)p != want)
			return false;
	}
	return owner_matches(app, i) && text_matches(app, i, q);
}

void app_refilter(tr_app *app)
{
	size_t n = app->model->nissues;
	free(app->rows);
	app->rows = tr_malloc((n + 1) * sizeof *app->rows);
	app->nrows = 0;
	char *q = NULL;
	if (app->filter.text && *app->filter.text) {
		build_haystacks(app);
		q = tr_strdup(app->filter.text);
		lower_ascii(q);
	}
	for (size_t i = 0; i < n; i++)
		if (issue_shown(app, i, q))
			app->rows[app->nrows++] = i;
	free(q);
	if (app->sort != UI_SORT_REPORT && app->graph)
		tr_graph_sort(app->graph,
		              app->sort == UI_SORT_READY ? TR_GRAPH_ORDER_READY_FIRST
		                                         : TR_GRAPH_ORDER_HOLDS_UP,
		              app->rows, app->nrows);
	/* Keep the selection when it is still listed; else the row that took
	 * its place. */
	if (app_sel_row(app) == TR_NONE) {
		size_t at = app->sel_pos < app->nrows ? app->sel_pos : app->nrows - 1;
		app->sel = app->nrows ? app->rows[at] : TR_NONE;
	}
	app->sel_pos = app_sel_row(app) == TR_NONE ? 0 : app_sel_row(app);
	refresh_views(app);
}

size_t app_sel_row(const tr_app *app)
{
	for (size_t r = 0; r < app->nrows; r++)
		if (app->rows[r] == app->sel)
			return r;
	return TR_NONE;
}

void app_select(tr_app *app, size_t issue)
{
	if (issue != TR_NONE && issue >= app->model->nissues)
		issue = TR_NONE;
	if (issue == app->sel)
		return;
	app->sel = issue;
	size_t row = app_sel_row(app);
	app->sel_pos = row == TR_NONE ? 0 : row;
	refresh_views(app);
}

bool app_apply(tr_app *app, const tr_change *ch, const char *what)
{
	if (!app->store) {
		app_error(app, "progress cannot be saved: no place for the progress file");
		return false;
	}
	if (tr_store_read_only(app->store)) {
		const tr_error *why = tr_store_problem(app->store);
		app_error(app, "read-only: %s", why && why->message ? why->message : "opened read-only");
		return false;
	}
	tr_error err = TR_ERROR_INIT;
	int n = tr_store_apply(app->store, ch, 1, &err);
	if (n < 0) {
		app_error(app, "not saved: %s", err.message ? err.message : tr_status_name(err.status));
		tr_error_clear(&err);
		app_progress_changed(app);
		return false;
	}
	app_progress_changed(app);
	if (n == 0)
		app_message(app, "%s: nothing changed", ch->issue ? ch->issue : "");
	else
		app_message(app, "%s %s (saved to %s)", ch->issue ? ch->issue : "", what,
		            tr_store_path(app->store));
	return n > 0;
}

/* ---- modal widgets ------------------------------------------------------ */

static void close_picker(tr_app *app)
{
	if (!app->picker)
		return;
	free(app->picker->title);
	tr_strv_free(&app->picker->items);
	free(app->picker);
	app->picker = NULL;
	app->dirty = true;
}

static void close_editor(tr_app *app)
{
	if (!app->editor)
		return;
	free(app->editor->prompt);
	tr_buf_free(&app->editor->text);
	free(app->editor);
	app->editor = NULL;
	app->dirty = true;
}

void app_pick(tr_app *app, const char *title, const char *const *items, size_t n, size_t initial,
              ui_pick_fn done)
{
	close_picker(app);
	ui_picker *p = tr_calloc(1, sizeof *p);
	p->title = tr_strdup(title);
	for (size_t i = 0; i < n; i++)
		tr_strv_push(&p->items, items[i]);
	ui_list_set_count(&p->list, n);
	p->list.cur = initial < n ? initial : 0;
	p->done = done;
	app->picker = p;
	app->dirty = true;
}

void app_edit(tr_app *app, const char *prompt, const char *initial, ui_edit_fn done)
{
	close_editor(app);
	ui_editor *e = tr_calloc(1, sizeof *e);
	e->prompt = tr_strdup(prompt);
	ui_editor_set(e, initial);
	e->done = done;
	app->editor = e;
	app->dirty = true;
}

/* The picker's box on the current screen. */
static tr_rect picker_rect(const tr_app *app)
{
	const ui_picker *p = app->picker;
	int w = tr_canvas_text_width(app->canvas, p->title) + 4;
	for (size_t i = 0; i < p->items.n; i++) {
		int iw = tr_canvas_text_width(app->canvas, p->items.v[i]) + 4;
		if (iw > w)
			w = iw;
	}
	if (w < 24)
		w = 24;
	if (w > app->canvas->w - 2)
		w = app->canvas->w - 2;
	int h = (int)p->items.n + 2;
	if (h > app->canvas->h - 2)
		h = app->canvas->h - 2;
	return (tr_rect){ (app->canvas->w - w) / 2, (app->canvas->h - h) / 2, w, h };
}

static void draw_picker(tr_app *app)
{
	ui_picker *p = app->picker;
	tr_canvas *c = app->canvas;
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

static void picker_key(tr_app *app, int key)
{
	ui_picker *p = app->picker;
	tr_action a = tr_keymap_lookup(&app->keys, key);
	tr_rect r = picker_rect(app);
	if (key == TR_KEY_ENTER || a == TR_ACTION_OPEN) {
		int choice = (int)p->list.cur;
		ui_pick_fn done = p->done;
		bool any = p->items.n > 0;
		close_picker(app);
		if (any)
			done(app, choice);
		return;
	}
	if (key == TR_KEY_ESC || a == TR_ACTION_CLOSE || a == TR_ACTION_QUIT) {
		close_picker(app);
		return;
	}
	if (a == TR_ACTION_MOVE_LEFT || a == TR_ACTION_MOVE_RIGHT)
		return;
	ui_list_action(&p->list, a, r.h - 2);
	app->dirty = true;
}

/* ---- drawing ------------------------------------------------------------ */

static ui_pane_slot *pane_slot(tr_app *app, ui_pane p)
{
	return &app->panes[p];
}

static const ui_view_ops *pane_ops(tr_app *app, ui_pane p, void **st)
{
	ui_pane_slot *ps = pane_slot(app, p);
	if (ps->child_ops) {
		*st = ps->child_st;
		return ps->child_ops;
	}
	*st = ps->st;
	return ps->ops;
}

static tr_rect content_of(tr_rect r)
{
	return (tr_rect){ r.x, r.y + 1, r.w, r.h > 1 ? r.h - 1 : 0 };
}

static void pane_title_text(tr_app *app, ui_pane p, tr_buf *out)
{
	void *st;
	const ui_view_ops *ops = pane_ops(app, p, &st);
	if (ops && ops->title)
		ops->title(st, app, out);
	else
		tr_buf_adds(out, ui_pane_title(p));
}

static void draw_title(tr_app *app, ui_pane p, tr_rect r)
{
	tr_canvas *c = app->canvas;
	bool focused = app->focus == p;
	uint8_t slot = focused ? TR_SLOT_TITLE_FOCUS : TR_SLOT_TITLE;
	tr_canvas_fill(c, r.x, r.y, r.w, 1, slot, 0);
	int x = r.x + 1;
	if (app->screen.tabs && p != UI_PANE_ISSUES && !app->zoom) {
		/* The lower pane's title row names every pane it can show. */
		for (int t = UI_PANE_DETAIL; t < UI_PANE_COUNT; t++) {
			char label[32];
			snprintf(label, sizeof label, " %d %s ", t + 1, ui_pane_title((ui_pane)t));
			uint8_t ts = t == (int)p ? (focused ? TR_SLOT_CURSOR : TR_SLOT_TITLE_FOCUS)
			                         : TR_SLOT_TITLE;
			x += tr_canvas_text(c, x, r.y, r.x + r.w - x, label, ts, 0);
			x++;
		}
		tr_buf t = TR_BUF_INIT;
		pane_title_text(app, p, &t);
		/* The view's own title without the pane name it starts with. */
		const char *s = tr_buf_str(&t);
		size_t nl = strlen(ui_pane_title(p));
		if (strncmp(s, ui_pane_title(p), nl) == 0)
			s += nl;
		while (*s == ' ' || *s == ':')
			s++;
		if (*s)
			tr_canvas_fit(c, x + 1, r.y, r.x + r.w - x - 2, s, slot, 0);
		tr_buf_free(&t);
		return;
	}
	tr_buf t = TR_BUF_INIT;
	tr_buf_addf(&t, "%d ", (int)p + 1);
	pane_title_text(app, p, &t);
	tr_canvas_fit(c, x, r.y, r.w - 2, tr_buf_str(&t), slot, 0);
	tr_buf_free(&t);
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
	const ui_filter *f = &app->filter;
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
	tr_canvas *c = app->canvas;
	tr_rect r = app->screen.header;
	tr_canvas_fill(c, r.x, r.y, r.w, 1, TR_SLOT_HEADER, 0);
	tr_buf right = TR_BUF_INIT;
	tr_buf f = TR_BUF_INIT;
	filter_text(app, &f);
	if (f.len)
		tr_buf_addf(&right, "filter:%s ", tr_buf_str(&f));
	if (app->sort != UI_SORT_REPORT)
		tr_buf_addf(&right, "sort: %s ", sort_words[app->sort]);
	if (app->store && tr_store_read_only(app->store))
		tr_buf_adds(&right, "READ-ONLY ");
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
	tr_canvas_fit(c, x + 1, r.y, r.w - x - rw - 2, tr_buf_str(&t), TR_SLOT_HEADER, 0);
	tr_buf_free(&t);
	tr_buf_free(&f);
	tr_buf_free(&right);
}

static const ui_view_ops *focused_ops(tr_app *app, void **st)
{
	if (app->help) {
		*st = app->help_st;
		return &ui_help_view;
	}
	return pane_ops(app, app->focus, st);
}

static void draw_status(tr_app *app)
{
	tr_canvas *c = app->canvas;
	tr_rect r = app->screen.status;
	tr_canvas_fill(c, r.x, r.y, r.w, 1, TR_SLOT_STATUS_BAR, 0);
	/* Right: the cluster's progress. */
	tr_buf right = TR_BUF_INIT;
	tr_buf_addf(&right, "%d/%zu fixed ", count_fixed(app), app->model->nissues);
	int rw = tr_canvas_text_width(c, tr_buf_str(&right));
	if (app->editor) {
		ui_editor_draw(app->editor, c, r.x + 1, r.y, r.w - 2);
		tr_buf_free(&right);
		return;
	}
	tr_canvas_text_right(c, r.x + r.w, r.y, r.w / 3, tr_buf_str(&right), TR_SLOT_STATUS_BAR, 0);
	int room = r.w - (rw < r.w / 3 ? rw : r.w / 3) - 2;
	tr_buf_free(&right);
	if (app->message) {
		uint8_t ms = app->message_error ? TR_SLOT_MESSAGE_ERROR : TR_SLOT_MESSAGE;
		if (tr_canvas_text_width(c, app->message) <= room) {
			tr_canvas_text(c, r.x + 1, r.y, room, app->message, ms, 0);
			return;
		}
		/* A long message (why the file is read-only) gets up to three
		 * lines over the bottom of the panes, until the next key. */
		tr_strv lines = TR_STRV_INIT;
		tr_wrap(&lines, app->message, room > 8 ? room : 8);
		size_t n = lines.n < 3 ? lines.n : 3;
		for (size_t i = 0; i < n; i++) {
			int y = r.y - (int)(n - 1 - i);
			if (i + 1 < n)
				tr_canvas_fill(c, r.x, y, r.w, 1, TR_SLOT_STATUS_BAR, 0);
			tr_canvas_fit(c, r.x + 1, y, room, lines.v[i], ms, 0);
		}
		tr_strv_free(&lines);
		return;
	}
	/* Left: the keys that matter here. */
	static const tr_action always[] = { TR_ACTION_HELP, TR_ACTION_QUIT, TR_ACTION_NONE };
	void *st;
	const ui_view_ops *ops = focused_ops(app, &st);
	const tr_action *lists[2] = { ops && ops->hints ? ops->hints : NULL, always };
	if (app->picker) {
		/* A picker takes Enter and Esc whatever they are bound to. */
		tr_canvas_text(c, r.x + 1, r.y, room, "<Enter>", TR_SLOT_STATUS_KEY, 0);
		tr_canvas_text(c, r.x + 8, r.y, room - 7, " choose  ", TR_SLOT_STATUS_BAR, 0);
		tr_canvas_text(c, r.x + 17, r.y, room - 16, "<Esc>", TR_SLOT_STATUS_KEY, 0);
		tr_canvas_text(c, r.x + 22, r.y, room - 21, " cancel", TR_SLOT_STATUS_BAR, 0);
		return;
	}
	int x = r.x + 1, end = r.x + 1 + room;
	for (int l = 0; l < 2; l++) {
		for (const tr_action *a = lists[l]; a && *a != TR_ACTION_NONE; a++) {
			char tmp[16];
			const char *key = app_key_of(app, *a, tmp);
			if (!*key)
				continue;
			int need = tr_canvas_text_width(c, key) + 1 +
			           tr_canvas_text_width(c, tr_action_label(*a)) + 2;
			if (x + need > end)
				break;
			x += tr_canvas_text(c, x, r.y, end - x, key, TR_SLOT_STATUS_KEY, 0);
			x += tr_canvas_text(c, x, r.y, end - x, " ", TR_SLOT_STATUS_BAR, 0);
			x += tr_canvas_text(c, x, r.y, end - x, tr_action_label(*a), TR_SLOT_STATUS_BAR, 0);
			x += 2;
		}
	}
}

static void draw_too_small(tr_app *app)
{
	tr_canvas *c = app->canvas;
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

static void render(tr_app *app)
{
	tr_canvas *c = app->canvas;
	tr_canvas_clear(c, TR_SLOT_NORMAL);
	ui_screen *s = &app->screen;
	ui_screen_layout(s, c->w, c->h, app->focus, app->lower, app->zoom);
	if (s->too_small) {
		draw_too_small(app);
		return;
	}
	draw_header(app);
	if (app->help) {
		tr_rect r = s->body;
		tr_canvas_fill(c, r.x, r.y, r.w, 1, TR_SLOT_TITLE_FOCUS, 0);
		tr_buf t = TR_BUF_INIT;
		ui_help_view.title(app->help_st, app, &t);
		tr_canvas_fit(c, r.x + 1, r.y, r.w - 2, tr_buf_str(&t), TR_SLOT_TITLE_FOCUS, 0);
		tr_buf_free(&t);
		tr_rect a = content_of(r);
		tr_canvas_clip(c, a.x, a.y, a.w, a.h);
		ui_help_view.draw(app->help_st, app, c, a, true);
		tr_canvas_unclip(c);
	} else {
		for (int p = 0; p < UI_PANE_COUNT; p++) {
			if (!s->shown[p])
				continue;
			tr_rect r = s->pane[p];
			draw_title(app, (ui_pane)p, r);
			tr_rect a = content_of(r);
			void *st;
			const ui_view_ops *ops = pane_ops(app, (ui_pane)p, &st);
			tr_canvas_clip(c, a.x, a.y, a.w, a.h);
			if (ops && ops->draw)
				ops->draw(st, app, c, a, (int)app->focus == p);
			tr_canvas_unclip(c);
		}
		if (s->wide && !app->zoom) {
			int x = s->pane[UI_PANE_DETAIL].x - 1;
			tr_canvas_vline(c, x, s->body.y, s->body.h, TR_SLOT_SEPARATOR);
		}
	}
	draw_status(app);
	if (app->picker)
		draw_picker(app);
	if (!app->editor)
		tr_canvas_set_cursor(c, -1, -1);
}

/* ---- actions ------------------------------------------------------------- */

static tr_rect focused_area(tr_app *app)
{
	if (app->help)
		return content_of(app->screen.body);
	return content_of(app->screen.pane[app->focus]);
}

void app_focus(tr_app *app, ui_pane pane)
{
	if ((unsigned)pane >= UI_PANE_COUNT)
		return;
	app->focus = pane;
	if (pane != UI_PANE_ISSUES)
		app->lower = pane;
	app->dirty = true;
	/* The layout depends on focus (stacked, zoomed): recompute now so the
	 * next action sees the pane's real size. */
	ui_screen_layout(&app->screen, app->canvas->w, app->canvas->h, app->focus, app->lower,
	                 app->zoom);
}

void app_push_view(tr_app *app, ui_pane pane, const ui_view_ops *ops, void *st)
{
	ui_pane_slot *ps = pane_slot(app, pane);
	if (ps->child_ops && ps->child_ops->close)
		ps->child_ops->close(ps->child_st);
	ps->child_ops = ops;
	ps->child_st = st;
	app->dirty = true;
}

static bool pop_view(tr_app *app, ui_pane pane)
{
	ui_pane_slot *ps = pane_slot(app, pane);
	if (!ps->child_ops)
		return false;
	if (ps->child_ops->close)
		ps->child_ops->close(ps->child_st);
	ps->child_ops = NULL;
	ps->child_st = NULL;
	app->dirty = true;
	return true;
}

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

static void state_chosen(tr_app *app, int choice)
{
	if (!need_issue(app) || choice < 0 || choice >= TR_STATE_COUNT)
		return;
	tr_change ch = { .kind = TR_CHANGE_STATE, .issue = sel_id(app), .state = (tr_state)choice };
	char *what = tr_sprintf("is now %s", tr_state_word((tr_state)choice));
	app_apply(app, &ch, what);
	free(what);
}

static void owner_typed(tr_app *app, const char *text)
{
	if (!need_issue(app))
		return;
	char *t = tr_trim(tr_strdup(text));
	tr_change ch = { .kind = TR_CHANGE_OWNER, .issue = sel_id(app), .text = t };
	tr_buf name = TR_BUF_INIT;
	char *what = *t ? tr_sprintf("is owned by %s now", app_person(t, &name)) : tr_strdup("has no owner now");
	app_apply(app, &ch, what);
	free(what);
	tr_buf_free(&name);
	free(t);
}

/* The owner picker's choices beyond the fixed ones, rebuilt on each open. */
static void owner_candidates(tr_app *app, tr_strv *out)
{
	if (app->user)
		tr_strv_push(out, app->user);
	if (app->store)
		for (size_t i = 0; i < tr_store_count(app->store); i++) {
			const tr_progress *p = tr_store_at(app->store, i);
			if (p->owner && *p->owner)
				tr_strv_push_unique(out, p->owner);
		}
}

static void owner_chosen(tr_app *app, int choice)
{
	tr_strv cand = TR_STRV_INIT;
	owner_candidates(app, &cand);
	if (choice < (int)cand.n) {
		owner_typed(app, cand.v[choice]);
	} else if (choice == (int)cand.n) {
		owner_typed(app, "");
	} else {
		const char *cur = app->sel != TR_NONE ? app_owner(app, app->sel) : NULL;
		app_edit(app, "Owner: ", cur ? cur : "", owner_typed);
	}
	tr_strv_free(&cand);
}

static void note_typed(tr_app *app, const char *text)
{
	if (!need_issue(app))
		return;
	char *t = tr_trim(tr_strdup(text));
	if (!*t) {
		app_message(app, "empty note: nothing saved");
	} else {
		tr_change ch = { .kind = TR_CHANGE_NOTE, .issue = sel_id(app), .text = t };
		app_apply(app, &ch, "has a new note");
	}
	free(t);
}

static bool can_change(tr_app *app)
{
	if (!need_issue(app))
		return false;
	if (!app->store) {
		app_error(app, "progress cannot be saved: no place for the progress file");
		return false;
	}
	if (tr_store_read_only(app->store)) {
		const tr_error *why = tr_store_problem(app->store);
		app_error(app, "read-only: %s", why && why->message ? why->message : "opened read-only");
		return false;
	}
	return true;
}

static void run_search(tr_app *app, int dir)
{
	if (!app->search || !*app->search) {
		app_error(app, "no search yet: press %s to search", "/");
		return;
	}
	void *st;
	const ui_view_ops *ops = focused_ops(app, &st);
	tr_rect area = focused_area(app);
	if (!ops || !ops->find) {
		app_focus(app, UI_PANE_ISSUES);
		ops = focused_ops(app, &st);
		area = focused_area(app);
	}
	if (!ops->find(st, app, app->search, dir, area))
		app_error(app, "no match for '%s'", app->search);
	app->dirty = true;
}

static void search_typed(tr_app *app, const char *text)
{
	free(app->search);
	app->search = tr_strdup(text);
	if (*text)
		run_search(app, 1);
}

static void filter_text_typed(tr_app *app, const char *text)
{
	free(app->filter.text);
	app->filter.text = *text ? tr_strdup(text) : NULL;
	app_refilter(app);
}

static void filter_owner_typed(tr_app *app, const char *text)
{
	free(app->filter.owner);
	app->filter.owner = tr_strdup(text);
	app_refilter(app);
}

static void filter_state_chosen(tr_app *app, int choice)
{
	app->filter.state = choice - 1;
	app_refilter(app);
}

static void filter_priority_chosen(tr_app *app, int choice)
{
	app->filter.priority = choice - 1;
	app_refilter(app);
}

static void filter_owner_chosen(tr_app *app, int choice)
{
	tr_strv cand = TR_STRV_INIT;
	owner_candidates(app, &cand);
	free(app->filter.owner);
	app->filter.owner = NULL;
	if (choice == 0) {
		app_refilter(app);
	} else if (choice == 1) {
		app->filter.owner = tr_strdup("");
		app_refilter(app);
	} else if (choice - 2 < (int)cand.n) {
		app->filter.owner = tr_strdup(cand.v[choice - 2]);
		app_refilter(app);
	} else {
		app_edit(app, "Owner contains: ", "", filter_owner_typed);
	}
	tr_strv_free(&cand);
}

static void filter_chosen(tr_app *app, int choice)
{
	switch (choice) {
	case 0: {
		const char *items[TR_STATE_COUNT + 1] = { "any state" };
		for (int s = 0; s < TR_STATE_COUNT; s++)
			items[s + 1] = tr_state_word((tr_state)s);
		app_pick(app, "Show issues in state", items, TR_STATE_COUNT + 1,
		         (size_t)(app->filter.state + 1), filter_state_chosen);
		break;
	}
	case 1: {
		static const char *const items[] = { "any priority", "P0", "P1", "P2", "P3", "none" };
		app_pick(app, "Show issues of priority", items, 6, (size_t)(app->filter.priority + 1),
		         filter_priority_chosen);
		break;
	}
	case 2: {
		tr_strv cand = TR_STRV_INIT, items = TR_STRV_INIT;
		owner_candidates(app, &cand);
		tr_strv_push(&items, "anyone");
		tr_strv_push(&items, "nobody");
		for (size_t i = 0; i < cand.n; i++)
			tr_strv_push(&items, cand.v[i]);
		tr_strv_push(&items, "type a name...");
		app_pick(app, "Show issues owned by", (const char *const *)items.v, items.n, 0,
		         filter_owner_chosen);
		tr_strv_free(&cand);
		tr_strv_free(&items);
		break;
	}
	case 3:
		app_edit(app, "Filter text: ", app->filter.text ? app->filter.text : "",
		         filter_text_typed);
		break;
	default:
		app->filter.state = app->filter.priority = -1;
		free(app->filter.owner);
		free(app->filter.text);
		app->filter.owner = app->filter.text = NULL;
		app_refilter(app);
		app_message(app, "all issues shown");
		break;
	}
}

static void global_action(tr_app *app, tr_action a)
{
	switch (a) {
	case TR_ACTION_NEXT_PANE:
	case TR_ACTION_MOVE_RIGHT:
		app_focus(app, (ui_pane)((app->focus + 1) % UI_PANE_COUNT));
		break;
	case TR_ACTION_PREV_PANE:
	case TR_ACTION_MOVE_LEFT:
		app_focus(app, (ui_pane)((app->focus + UI_PANE_COUNT - 1) % UI_PANE_COUNT));
		break;
	case TR_ACTION_PANE_ISSUES:
	case TR_ACTION_PANE_DETAIL:
	case TR_ACTION_PANE_FAILURES:
	case TR_ACTION_PANE_GRAPH:
	case TR_ACTION_PANE_COMMITS:
		app_focus(app, (ui_pane)(a - TR_ACTION_PANE_ISSUES));
		break;
	case TR_ACTION_OPEN:
		if (app->focus == UI_PANE_ISSUES)
			app_focus(app, UI_PANE_DETAIL);
		break;
	case TR_ACTION_ZOOM:
		app->zoom = !app->zoom;
		app_focus(app, app->focus);
		break;
	case TR_ACTION_CLOSE:
		if (pop_view(app, app->focus))
			break;
		if (app->zoom)
			app->zoom = false;
		else if (app->focus != UI_PANE_ISSUES)
			app_focus(app, UI_PANE_ISSUES);
		app_focus(app, app->focus);
		break;
	case TR_ACTION_SEARCH:
		app_edit(app, "Search: ", "", search_typed);
		break;
	case TR_ACTION_SEARCH_NEXT:
		run_search(app, 1);
		break;
	case TR_ACTION_SEARCH_PREV:
		run_search(app, -1);
		break;
	case TR_ACTION_FILTER: {
		static const char *const items[] = { "state...", "priority...", "owner...", "text...",
		                                     "clear all filters" };
		app_pick(app, "Filter issues by", items, 5, 0, filter_chosen);
		break;
	}
	case TR_ACTION_SORT:
		app->sort = (ui_sort)((app->sort + 1) % UI_SORT_COUNT);
		app_refilter(app);
		app_message(app, "issues in %s order",
		            app->sort == UI_SORT_REPORT  ? "the report's"
		            : app->sort == UI_SORT_READY ? "ready-first"
		                                         : "most-blocking-first");
		break;
	case TR_ACTION_SET_STATE: {
		if (!can_change(app))
			break;
		const char *items[TR_STATE_COUNT];
		for (int s = 0; s < TR_STATE_COUNT; s++)
			items[s] = tr_state_word((tr_state)s);
		char *title = tr_sprintf("State of %s", sel_id(app));
		app_pick(app, title, items, TR_STATE_COUNT, app_state(app, app->sel), state_chosen);
		free(title);
		break;
	}
	case TR_ACTION_SET_OWNER: {
		if (!can_change(app))
			break;
		tr_strv cand = TR_STRV_INIT, items = TR_STRV_INIT;
		owner_candidates(app, &cand);
		size_t initial = 0;
		const char *cur = app_owner(app, app->sel);
		for (size_t i = 0; i < cand.n; i++) {
			tr_strv_push(&items, cand.v[i]);
			if (cur && strcmp(cur, cand.v[i]) == 0)
				initial = i;
		}
		tr_strv_push(&items, "nobody");
		tr_strv_push(&items, "someone else...");
		char *title = tr_sprintf("Owner of %s", sel_id(app));
		app_pick(app, title, (const char *const *)items.v, items.n, initial, owner_chosen);
		free(title);
		tr_strv_free(&cand);
		tr_strv_free(&items);
		break;
	}
	case TR_ACTION_ADD_NOTE: {
		if (!can_change(app))
			break;
		char *prompt = tr_sprintf("Note on %s: ", sel_id(app));
		app_edit(app, prompt, "", note_typed);
		free(prompt);
		break;
	}
	case TR_ACTION_UNDO: {
		if (!app->store || tr_store_read_only(app->store) || !tr_store_can_undo(app->store)) {
			app_error(app, "nothing to undo");
			break;
		}
		tr_error err = TR_ERROR_INIT;
		int n = tr_store_undo(app->store, &err);
		app_progress_changed(app);
		if (n < 0)
			app_error(app, "undo failed: %s", err.message ? err.message : "");
		else if (n == 0)
			app_message(app, "nothing to undo");
		else
			app_message(app, "the last change is undone (saved to %s)", tr_store_path(app->store));
		tr_error_clear(&err);
		break;
	}
	case TR_ACTION_RELOAD: {
		tr_error err = TR_ERROR_INIT;
		if (app_load_data(app, &err) < 0)
			app_error(app, "%s", err.message ? err.message : "reload failed");
		else
			app_message(app, "reloaded %zu issues", app->model->nissues);
		tr_error_clear(&err);
		break;
	}
	case TR_ACTION_REDRAW:
		app->redraw_all = true;
		break;
	case TR_ACTION_SUSPEND:
		app->suspend = true;
		break;
	case TR_ACTION_HELP:
		app->help = true;
		ui_help_view.refresh(app->help_st, app);
		break;
	case TR_ACTION_QUIT:
		app->quit = true;
		break;
	default:
		break;
	}
	app->dirty = true;
}

static void handle_key(tr_app *app, int key)
{
	key = ui_key_normalise(key);
	bool had_message = app->message != NULL;
	if (app->editor) {
		int r = ui_editor_key(app->editor, key);
		if (r != 0) {
			char *text = tr_strdup(tr_buf_str(&app->editor->text));
			ui_edit_fn done = app->editor->done;
			close_editor(app);
			if (r > 0)
				done(app, text);
			free(text);
		}
		app->dirty = true;
		return;
	}
	if (had_message) {
		free(app->message);
		app->message = NULL;
	}
	if (app->picker) {
		picker_key(app, key);
		return;
	}
	tr_action a = tr_keymap_lookup(&app->keys, key);
	if (a == TR_ACTION_NONE) {
		if (had_message)
			app->dirty = true;
		return;
	}
	if (app->screen.too_small && a != TR_ACTION_QUIT && a != TR_ACTION_REDRAW)
		return;
	if (app->help) {
		if (a == TR_ACTION_CLOSE || a == TR_ACTION_HELP || a == TR_ACTION_QUIT) {
			app->help = false;
			app->dirty = true;
			return;
		}
		if (a == TR_ACTION_SEARCH || a == TR_ACTION_SEARCH_NEXT || a == TR_ACTION_SEARCH_PREV) {
			global_action(app, a);
			return;
		}
		ui_help_view.action(app->help_st, app, a, focused_area(app));
		app->dirty = true;
		return;
	}
	void *st;
	const ui_view_ops *ops = pane_ops(app, app->focus, &st);
	if (ops && ops->action && ops->action(st, app, a, focused_area(app))) {
		app->dirty = true;
		return;
	}
	global_action(app, a);
}

static void handle_mouse(tr_app *app, const ui_input *ev)
{
	app->dirty = true;
	if (app->editor)
		return;
	if (app->picker) {
		tr_rect r = picker_rect(app);
		if (ev->button == 4 || ev->button == 5) {
			ui_list_wheel(&app->picker->list, ev->button == 4 ? -1 : 1, r.h - 2);
			return;
		}
		if (ev->x > r.x && ev->x < r.x + r.w - 1 && ev->y > r.y && ev->y < r.y + r.h - 1) {
			size_t i = app->picker->list.top + (size_t)(ev->y - r.y - 1);
			if (i < app->picker->items.n) {
				app->picker->list.cur = i;
				picker_key(app, TR_KEY_ENTER);
			}
		} else {
			close_picker(app);
		}
		return;
	}
	if (app->screen.too_small)
		return;
	if (app->help) {
		if (ev->button == 4 || ev->button == 5)
			for (int k = 0; k < 3; k++)
				ui_help_view.action(app->help_st, app,
				                    ev->button == 4 ? TR_ACTION_MOVE_UP : TR_ACTION_MOVE_DOWN,
				                    focused_area(app));
		return;
	}
	for (int p = 0; p < UI_PANE_COUNT; p++) {
		if (!app->screen.shown[p])
			continue;
		tr_rect r = app->screen.pane[p];
		if (ev->x < r.x || ev->x >= r.x + r.w || ev->y < r.y || ev->y >= r.y + r.h)
			continue;
		if (ev->y == r.y) {
			if (app->screen.tabs && p != UI_PANE_ISSUES && !app->zoom) {
				/* Which tab: they are laid out as in draw_title. */
				int x = r.x + 1;
				for (int t = UI_PANE_DETAIL; t < UI_PANE_COUNT; t++) {
					char label[32];
					snprintf(label, sizeof label, " %d %s ", t + 1, ui_pane_title((ui_pane)t));
					int w = (int)strlen(label);
					if (ev->x >= x && ev->x < x + w) {
						app_focus(app, (ui_pane)t);
						return;
					}
					x += w + 1;
				}
			}
			if (ev->button == 1)
				app_focus(app, (ui_pane)p);
			return;
		}
		if (ev->button == 1 && (int)app->focus != p)
			app_focus(app, (ui_pane)p);
		void *st;
		const ui_view_ops *ops = pane_ops(app, (ui_pane)p, &st);
		tr_rect a = content_of(app->screen.pane[p]);
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
	if (tr_store_reload(app->store, &err) < 0)
		app_error(app, "progress file changed and cannot be read: %s; read-only until it is whole again",
		          err.message ? err.message : "");
	tr_error_clear(&err);
	app_progress_changed(app);
}

int app_run(tr_app *app, ui_backend *be, tr_error *err)
{
	int w, h;
	be->ops->size(be, &w, &h);
	tr_canvas_resize(app->canvas, w, h);
	app->colors = be->ops->colors(be);
	app->dirty = true;
	double last_poll = now_seconds();
	bool live = app->opts->script == NULL;
	while (!app->quit) {
		if (app->suspend) {
			be->ops->suspend(be);
			app->suspend = false;
			app->dirty = true;
		}
		if (app->redraw_all) {
			be->ops->invalidate(be);
			app->redraw_all = false;
			app->dirty = true;
		}
		if (app->dirty && !be->ops->pending(be)) {
			render(app);
			be->ops->present(be, app->canvas, app->theme);
			app->dirty = false;
		}
		ui_input ev;
		be->ops->next(be, &ev, POLL_MS);
		switch (ev.type) {
		case UI_EV_KEY:
			handle_key(app, ev.key);
			break;
		case UI_EV_RESIZE:
			tr_canvas_resize(app->canvas, ev.w, ev.h);
			ui_screen_layout(&app->screen, ev.w, ev.h, app->focus, app->lower, app->zoom);
			app->dirty = true;
			break;
		case UI_EV_MOUSE:
			handle_mouse(app, &ev);
			break;
		case UI_EV_TIMEOUT:
			poll_disk(app);
			last_poll = now_seconds();
			break;
		case UI_EV_END:
			app->quit = true;
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

int ui_key_normalise(int key)
{
	switch (key) {
	case '\r':
	case '\n':
		return TR_KEY_ENTER;
	case '\t':
		return TR_KEY_TAB;
	case 27:
		return TR_KEY_ESC;
	case 127:
	case 8:
		return TR_KEY_BACKSPACE;
	default:
		return key;
	}
}
