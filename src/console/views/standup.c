/* The stand-up: what `triage standup` tells, one line per row, each row
 * selectable.  Enter on a row about an issue selects that issue in every
 * pane.  Rebuilt whenever the progress, the reports or the history change
 * (another session's change included). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "console/view.h"
#include "triage/text.h"

/* A row: a section's title, a blank line between sections, or an item. */
typedef struct row {
	int section;            /* -1 for a blank row */
	size_t item;            /* TR_NONE for the section's title */
} row;

typedef struct standup_view {
	tr_standup *su;
	unsigned gen;
	row *rows;
	size_t nrows;
	ui_list list;
	ui_sideways side;
	int key;                /* the key column's width, the margin included */
} standup_view;

static void *standup_open(tr_app *app)
{
	(void)app;
	standup_view *v = tr_calloc(1, sizeof *v);
	v->gen = (unsigned)-1;
	return v;
}

static void standup_close(void *st)
{
	standup_view *v = st;
	tr_standup_free(v->su);
	free(v->rows);
	free(v);
}

static void add_row(standup_view *v, size_t *cap, int section, size_t item)
{
	tr_grow((void **)&v->rows, cap, v->nrows + 1, sizeof *v->rows);
	v->rows[v->nrows++] = (row){ section, item };
}

static const tr_standup_item *item_of(const standup_view *v, size_t r);

/* Scrolled sideways, the issue each row is about stays at the left, as an
 * issue's id does in the issue list, so that a line read far to the right
 * still says whose it is: the widest id the rows name, cut as the issue
 * list cuts it (a tracker key at ID_MAX, a named issue's slug at
 * NAMED_MAX), a space after it and the margin before. */
#define ID_MAX 12
#define NAMED_MAX 8

static int key_width(const standup_view *v, const tr_app *app)
{
	int w = 0;
	for (size_t r = 0; r < v->nrows; r++) {
		const tr_standup_item *it = item_of(v, r);
		if (it && it->issue < app->model->nissues) {
			const tr_issue *is = &app->model->issues[it->issue];
			int iw = (int)tr_text_width(is->id), cap = is->named ? NAMED_MAX : ID_MAX;
			if (iw > cap)
				iw = cap;
			if (iw > w)
				w = iw;
		}
	}
	return w ? 1 + w + 1 : 1;
}

/* Builds the stand-up again when what it tells changed. */
static void ensure(standup_view *v, tr_app *app)
{
	if (v->su && v->gen == app->generation)
		return;
	tr_standup_free(v->su);
	v->su = app_standup_new(app);
	v->gen = app->generation;
	free(v->rows);
	v->rows = NULL;
	v->nrows = 0;
	size_t cap = 0;
	for (int k = 0; k < TR_STANDUP_SECTION_COUNT; k++) {
		if (k)
			add_row(v, &cap, -1, TR_NONE);
		add_row(v, &cap, k, TR_NONE);
		for (size_t i = 0; i < v->su->sections[k].nitems; i++)
			add_row(v, &cap, k, i);
	}
	ui_list_set_count(&v->list, v->nrows);
	v->key = key_width(v, app);
}

static const tr_standup_item *item_of(const standup_view *v, size_t r)
{
	if (r >= v->nrows || v->rows[r].section < 0 || v->rows[r].item == TR_NONE)
		return NULL;
	return &v->su->sections[v->rows[r].section].items[v->rows[r].item];
}

/* Built when drawn, not here: every view hears of every selection, and a
 * pane not shown should cost nothing. */
static void standup_refresh(void *st, tr_app *app)
{
	(void)st, (void)app;
}

static void standup_title(void *st, tr_app *app, tr_buf *out)
{
	standup_view *v = st;
	ensure(v, app);
	tr_standup_item_text(&v->su->header, out, app->ascii);
}

/* The slot a row is drawn in: what it is about, at a glance. */
static uint8_t row_slot(const tr_standup_item *it)
{
	if (it->nspans && it->spans[0].kind == TR_SPAN_ISSUE)
		return TR_SLOT_ID;
	if (it->nspans && it->spans[0].kind == TR_SPAN_CODE)
		return TR_SLOT_HASH;
	if (it->issue == TR_NONE && it->level == 0 && it->nspans == 1)
		return TR_SLOT_DIM;
	return TR_SLOT_NORMAL;
}

static void standup_draw(void *st, tr_app *app, tr_canvas *c, tr_rect a, bool focused)
{
	standup_view *v = st;
	ensure(v, app);
	ui_list_show(&v->list, a.h);
	ui_sideways_start(&v->side, v->key);
	tr_buf line = TR_BUF_INIT;
	for (int y = 0; y < a.h; y++) {
		size_t r = v->list.top + (size_t)y;
		if (r >= v->nrows)
			break;
		const row *rw = &v->rows[r];
		if (rw->section < 0)
			continue;
		const tr_standup_item *it = rw->item == TR_NONE ? NULL : item_of(v, r);
		int indent = it ? 2 + 2 * it->level : 0;
		const char *text = tr_standup_section_title(rw->section);
		if (it) {
			tr_buf_reset(&line);
			tr_standup_item_text(it, &line, app->ascii);
			text = tr_buf_str(&line);
		}
		int natural = 2 + indent + (int)tr_text_width(text);
		/* Scrolled sideways, a row that fits the pane is drawn from its
		 * start: only the long rows scroll. */
		ui_unshift u;
		tr_rect at = a;
		bool unshifted = ui_unshift_row(c, a, a.y + y, natural, &u);
		if (unshifted)
			at.w -= u.shift;
		int x = at.x + 1, w = at.w - 2;
		if (it)
			tr_canvas_fit(c, x + indent, a.y + y, w - indent, text, row_slot(it), 0);
		else
			tr_canvas_fit(c, x, a.y + y, w, text, TR_SLOT_LABEL, TR_ATTR_BOLD);
		ui_sideways_row(&v->side, natural);
		if (r == v->list.cur)
			ui_cursor_row(c, at, a.y + y, focused);
		ui_highlight(c, at.x + 1, a.y + y, at.w - 1, app->search);
		if (unshifted)
			ui_unshift_end(c, &u);
	}
	tr_buf_free(&line);
}

/* The key column of a stand-up scrolled sideways: each row's issue, and
 * the sections' titles as far as they fit. */
static void standup_draw_key(void *st, tr_app *app, tr_canvas *c, tr_rect a, bool focused)
{
	standup_view *v = st;
	ensure(v, app);
	ui_list_show(&v->list, a.h);
	for (int y = 0; y < a.h; y++) {
		size_t r = v->list.top + (size_t)y;
		if (r >= v->nrows)
			break;
		const row *rw = &v->rows[r];
		if (rw->section < 0)
			continue;
		const tr_standup_item *it = item_of(v, r);
		if (!it)
			tr_canvas_fit(c, a.x + 1, a.y + y, v->key - 1, tr_standup_section_title(rw->section),
			              TR_SLOT_LABEL, TR_ATTR_BOLD);
		else if (it->issue < app->model->nissues)
			tr_canvas_fit(c, a.x + 1, a.y + y, v->key - 2, app->model->issues[it->issue].id,
			              TR_SLOT_ID, 0);
		if (r == v->list.cur)
			ui_cursor_row(c, a, a.y + y, focused);
		ui_highlight(c, a.x + 1, a.y + y, a.w - 1, app->search);
	}
}

static void open_row(standup_view *v, tr_app *app)
{
	const tr_standup_item *it = item_of(v, v->list.cur);
	if (!it || it->issue == TR_NONE || it->issue >= app->model->nissues) {
		app_message(app, "this line is about no single issue");
		return;
	}
	app_select(app, it->issue);
	app_message(app, "%s selected", app->model->issues[it->issue].id);
}

static bool standup_action(void *st, tr_app *app, tr_action a, tr_rect area)
{
	standup_view *v = st;
	ensure(v, app);
	if (a == TR_ACTION_OPEN) {
		open_row(v, app);
		return true;
	}
	return ui_list_move(&v->list, a, area.h);
}

typedef struct row_query {
	const standup_view *v;
	const char *q;
	bool ascii;
} row_query;

static bool row_matches(const void *ctx, size_t r)
{
	const row_query *rq = ctx;
	const tr_standup_item *it = item_of(rq->v, r);
	if (!it)
		return false;
	tr_buf b = TR_BUF_INIT;
	tr_standup_item_text(it, &b, rq->ascii);
	bool hit = tr_strcasestr(tr_buf_str(&b), rq->q) != NULL;
	tr_buf_free(&b);
	return hit;
}

static bool standup_find(void *st, tr_app *app, const char *q, int dir, tr_rect area,
                         ui_found *found)
{
	standup_view *v = st;
	ensure(v, app);
	row_query rq = { v, q, app->ascii };
	size_t r = ui_find_next(v->list.cur, v->nrows, dir, row_matches, &rq, found);
	if (r == TR_NONE)
		return false;
	v->list.cur = r;
	ui_list_show(&v->list, area.h);
	return true;
}

static void standup_click(void *st, tr_app *app, int x, int y, int button, tr_rect area)
{
	standup_view *v = st;
	(void)x;
	ensure(v, app);
	size_t r = ui_list_click(&v->list, y, button, 0, area.h);
	if (r == TR_NONE)
		return;
	if (r == v->list.cur)
		open_row(v, app);
	else
		v->list.cur = r;
}

static const tr_action standup_hints[] = {
	TR_ACTION_OPEN, TR_ACTION_MARK_STANDUP, TR_ACTION_SEARCH, TR_ACTION_NEXT_PANE, TR_ACTION_NONE,
};

static void standup_where(void *st, tr_app *app, ui_where *out)
{
	(void)app;
	ui_list_where(&((standup_view *)st)->list, out);
}

static bool standup_sideways(void *st, tr_app *app, int *width, int *key)
{
	(void)app;
	return ui_sideways_get(&((standup_view *)st)->side, width, key);
}

const ui_view_ops ui_standup_view = {
	.name = "standup",
	.open = standup_open,
	.close = standup_close,
	.title = standup_title,
	.draw = standup_draw,
	.draw_key = standup_draw_key,
	.action = standup_action,
	.sideways = standup_sideways,
	.refresh = standup_refresh,
	.click = standup_click,
	.find = standup_find,
	.where = standup_where,
	.hints = standup_hints,
};
