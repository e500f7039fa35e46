/* The issue list: one row per issue shown by the filter, in the chosen
 * order.  Only the rows on screen are drawn, so a list of thousands costs
 * what a screenful costs. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "console/view.h"
#include "triage/clock.h"
#include "triage/text.h"

typedef struct issues_view {
	ui_list list;
	unsigned gen;
	int idw;                /* widest id, capped */
	uint8_t *changed;       /* per issue: changed since the last stand-up */
	size_t nchanged;
} issues_view;

static void *issues_open(tr_app *app)
{
	(void)app;
	issues_view *v = tr_calloc(1, sizeof *v);
	v->gen = (unsigned)-1;
	return v;
}

static void issues_close(void *st)
{
	issues_view *v = st;
	free(v->changed);
	free(v);
}

/* Which issues someone changed (state, owner, a note) since the last
 * stand-up marked, else in the last 24 hours: what the stand-up will tell. */
static void find_changed(issues_view *v, const tr_app *app)
{
	size_t n = app->model->nissues;
	free(v->changed);
	v->changed = tr_calloc(n ? n : 1, 1);
	v->nchanged = n;
	if (!app->store)
		return;
	int64_t now = tr_now(), since = now - 24 * 3600;
	const char *by;
	size_t future, nev;
	tr_standup_last_mark(app->store, now, &since, &by, &future);
	char since_iso[21];
	tr_time_iso(since_iso, since);
	const tr_event *ev = tr_store_events(app->store, &nev);
	for (size_t k = 0; k < nev; k++) {
		const tr_event *e = &ev[k];
		if (!e->issue || e->failure || strcmp(e->at, since_iso) < 0)
			continue;
		size_t i = tr_model_lookup(app->model, e->issue);
		if (i < n)
			v->changed[i] = 1;
	}
}

static void issues_refresh(void *st, tr_app *app)
{
	issues_view *v = st;
	if (v->gen != app->generation) {
		v->gen = app->generation;
		find_changed(v, app);
		v->idw = 2;
		for (size_t i = 0; i < app->model->nissues; i++) {
			int w = (int)tr_text_width(app->model->issues[i].id);
			if (w > v->idw)
				v->idw = w;
			if (v->idw >= 14) {
				v->idw = 14;
				break;
			}
		}
	}
	ui_list_set_count(&v->list, app->nrows);
	size_t r = app_sel_row(app);
	if (r != TR_NONE)
		v->list.cur = r;
}

static void issues_title(void *st, tr_app *app, tr_buf *out)
{
	(void)st;
	tr_buf_addf(out, "Issues %zu/%zu", app->nrows, app->model->nissues);
}

/* The list's columns, left to right, one cell apart after a one-cell
 * margin.  MARK holds two markers: changed since the last stand-up, and
 * ready (unresolved, nothing unresolved upstream).  The ID column is as wide as the widest id (capped), the title
 * takes what the others leave. */
enum { COL_ID, COL_MARK, COL_PRI, COL_TITLE, COL_STATUS, COL_STATE, COL_OWNER, COL_COMMITS, NCOLS };

static const struct column_info {
	const char *head;
	int w;                  /* 0: computed */
	bool right;             /* right-aligned */
} column_info[NCOLS] = {
	[COL_ID] = { "ID", 0, false },         [COL_MARK] = { "", 2, false },
	[COL_PRI] = { "P", 2, false },
	[COL_TITLE] = { "TITLE", 0, false },   [COL_STATUS] = { "STATUS", 10, false },
	[COL_STATE] = { "STATE", 11, false },  [COL_OWNER] = { "OWNER", 10, false },
	[COL_COMMITS] = { "C", 3, true },
};

/* Narrower than this and the title gives up other columns first. */
#define TITLE_MIN 16
#define OWNER_NARROW 8

/* Which columns fit (a width of 0 hides one), and where each starts. */
typedef struct columns {
	int w[NCOLS], x[NCOLS];
} columns;

static columns fit_columns(const issues_view *v, int x, int w)
{
	columns c;
	for (int k = 0; k < NCOLS; k++)
		c.w[k] = column_info[k].w;
	c.w[COL_ID] = v->idw;
	for (int step = 0;; step++) {
		int fixed = 1;
		for (int k = 0; k < NCOLS; k++)
			if (k != COL_TITLE && c.w[k])
				fixed += c.w[k] + 1;
		c.w[COL_TITLE] = w - fixed;
		if (c.w[COL_TITLE] >= TITLE_MIN || step > 4)
			break;
		/* Give up the least needed column first. */
		if (c.w[COL_OWNER] > OWNER_NARROW)
			c.w[COL_OWNER] = OWNER_NARROW;
		else if (c.w[COL_STATUS])
			c.w[COL_STATUS] = 0;
		else if (c.w[COL_COMMITS])
			c.w[COL_COMMITS] = 0;
		else if (c.w[COL_OWNER])
			c.w[COL_OWNER] = 0;
	}
	if (c.w[COL_TITLE] < 4)
		c.w[COL_TITLE] = 4;
	x++;
	for (int k = 0; k < NCOLS; k++) {
		c.x[k] = x;
		if (c.w[k])
			x += c.w[k] + 1;
	}
	return c;
}

static void cell(tr_canvas *cv, const columns *col, int k, int y, const char *text, uint8_t slot)
{
	if (!col->w[k])
		return;
	if (column_info[k].right)
		tr_canvas_text_right(cv, col->x[k] + col->w[k], y, col->w[k], text, slot, 0);
	else
		tr_canvas_fit(cv, col->x[k], y, col->w[k], text, slot, 0);
}

/* Ordered ready first (S), the ready issues' rows come first and a
 * separator line goes under them: their count, or 0 when there is no
 * separator (another order, or all or none of the rows ready). */
static size_t ready_rows(const tr_app *app)
{
	if (!app_ready_first(app) || !app->graph)
		return 0;
	size_t k = 0;
	while (k < app->nrows && app->rows[k] < app->graph->nissues &&
	       app->graph->nodes[app->rows[k]].ready)
		k++;
	return k < app->nrows ? k : 0;
}

/* Rows of the list a page of `lines` screen lines shows: one fewer with the
 * separator. */
static int list_page(const tr_app *app, int lines)
{
	return ready_rows(app) && lines > 1 ? lines - 1 : lines;
}

/* The row drawn at screen line `line` of the list (TR_NONE: the separator). */
static size_t row_at(const issues_view *v, const tr_app *app, int line)
{
	size_t sep = ready_rows(app), top = v->list.top;
	if (sep && top <= sep) {
		if ((size_t)line == sep - top)
			return TR_NONE;
		if ((size_t)line > sep - top)
			return top + (size_t)line - 1;
	}
	return top + (size_t)line;
}

static void separator(tr_canvas *cv, tr_rect a, int y, size_t ready, bool ascii)
{
	tr_buf b = TR_BUF_INIT;
	const char *h = tr_sym_text(TR_SYM_HLINE, ascii);
	tr_buf_addf(&b, "%s%s ready above: %zu ", h, h, ready);
	for (int k = (int)tr_text_width(tr_buf_str(&b)); k < a.w - 2; k++)
		tr_buf_adds(&b, h);
	tr_canvas_fit(cv, a.x + 1, y, a.w - 2, tr_buf_str(&b), TR_SLOT_SEPARATOR, 0);
	tr_buf_free(&b);
}

static void issues_draw(void *st, tr_app *app, tr_canvas *cv, tr_rect a, bool focused)
{
	issues_view *v = st;
	if (a.h < 1)
		return;
	columns col = fit_columns(v, a.x, a.w);
	for (int k = 0; k < NCOLS; k++)
		cell(cv, &col, k, a.y, column_info[k].head, TR_SLOT_COLUMN_HEAD);
	int page = a.h - 1;
	if (app->nrows == 0) {
		tr_canvas_fit(cv, a.x + 1, a.y + 1, a.w - 2,
		              app->model->nissues ? "no issue matches the filter (f changes it)"
		                                  : "the reports name no issue",
		              TR_SLOT_DIM, 0);
		return;
	}
	ui_list_set_count(&v->list, app->nrows);
	ui_list_show(&v->list, list_page(app, page));
	tr_buf tmp = TR_BUF_INIT;
	for (int row = 0; row < page; row++) {
		size_t r = row_at(v, app, row);
		if (r == TR_NONE) {
			separator(cv, a, a.y + 1 + row, ready_rows(app), app->ascii);
			continue;
		}
		if (r >= app->nrows)
			break;
		size_t i = app->rows[r];
		const tr_issue *is = &app->model->issues[i];
		int y = a.y + 1 + row;
		/* A resolved issue recedes: only its state keeps a colour. */
		tr_state s = app_state(app, i);
		bool done = tr_graph_state_resolved((tr_graph_state)s);
#define SLOT(x) (done ? TR_SLOT_DIM : (x))
		cell(cv, &col, COL_ID, y, is->id, SLOT(TR_SLOT_ID));
		if (i < v->nchanged && v->changed[i])
			tr_canvas_sym(cv, col.x[COL_MARK], y, TR_SYM_CHANGED, TR_SLOT_NOTE, 0);
		if (app->graph && i < app->graph->nissues && app->graph->nodes[i].ready)
			tr_canvas_sym(cv, col.x[COL_MARK] + 1, y, TR_SYM_READY, TR_SLOT_STATE_FIXED, 0);
		const char *pw = tr_priority_word(is->priority);
		cell(cv, &col, COL_PRI, y, pw ? pw : "-", SLOT(app_priority_slot(is->priority)));
		cell(cv, &col, COL_TITLE, y, is->title ? is->title : "", SLOT(TR_SLOT_NORMAL));
		cell(cv, &col, COL_STATUS, y, app_status_short(is->status), SLOT(TR_SLOT_STATUS));
		cell(cv, &col, COL_STATE, y, tr_state_word(s), app_state_slot(s));
		if (col.w[COL_OWNER]) {
			const char *who = app_person(app_owner(app, i), &tmp);
			cell(cv, &col, COL_OWNER, y, who ? who : "", SLOT(TR_SLOT_OWNER));
		}
		if (col.w[COL_COMMITS]) {
			const tr_commit_link *links;
			size_t n = app_commits(app, i, &links);
			char num[24];
			snprintf(num, sizeof num, "%zu", n);
			cell(cv, &col, COL_COMMITS, y, n ? num : "-", SLOT(TR_SLOT_NUMBER));
		}
#undef SLOT
		if (i == app->sel)
			ui_cursor_row(cv, a, y, focused);
		ui_highlight(cv, a.x + 1, y, a.w - 1, app->search);
	}
	tr_buf_free(&tmp);
}

static void select_cur(issues_view *v, tr_app *app)
{
	if (v->list.cur < app->nrows)
		app_select(app, app->rows[v->list.cur]);
}

static bool issues_action(void *st, tr_app *app, tr_action a, tr_rect area)
{
	issues_view *v = st;
	ui_list_set_count(&v->list, app->nrows);
	if (!ui_list_move(&v->list, a, list_page(app, area.h - 1)))
		return false;
	select_cur(v, app);
	return true;
}

typedef struct issue_query {
	const tr_app *app;
	const char *q;
} issue_query;

static bool row_matches(const void *ctx, size_t r)
{
	const issue_query *iq = ctx;
	const tr_issue *is = &iq->app->model->issues[iq->app->rows[r]];
	return tr_strcasestr(is->id, iq->q) || (is->title && tr_strcasestr(is->title, iq->q)) ||
	       (is->severity && tr_strcasestr(is->severity, iq->q));
}

static bool issues_find(void *st, tr_app *app, const char *q, int dir, tr_rect area,
                        ui_found *found)
{
	issues_view *v = st;
	issue_query iq = { app, q };
	size_t r = ui_find_next(v->list.cur, app->nrows, dir, row_matches, &iq, found);
	if (r == TR_NONE)
		return false;
	v->list.cur = r;
	ui_list_show(&v->list, list_page(app, area.h - 1));
	select_cur(v, app);
	return true;
}

static void issues_click(void *st, tr_app *app, int x, int y, int button, tr_rect area)
{
	issues_view *v = st;
	(void)x;
	size_t r = TR_NONE;
	if (ui_is_wheel(button)) {
		ui_list_click(&v->list, y, button, 1, list_page(app, area.h - 1));
	} else if (y >= 1) {
		r = row_at(v, app, y - 1);
		if (r == TR_NONE || r >= app->nrows)
			return;
		v->list.cur = r;
	}
	select_cur(v, app);
}

static const tr_action issues_hints[] = {
	TR_ACTION_SET_STATE, TR_ACTION_SET_OWNER, TR_ACTION_ADD_NOTE, TR_ACTION_UNDO,
	TR_ACTION_SEARCH, TR_ACTION_FILTER, TR_ACTION_NONE,
};

static void issues_where(void *st, tr_app *app, ui_where *out)
{
	(void)app;
	ui_list_where(&((issues_view *)st)->list, out);
}

const ui_view_ops ui_issues_view = {
	.name = "issues",
	.open = issues_open,
	.close = issues_close,
	.title = issues_title,
	.draw = issues_draw,
	.action = issues_action,
	.refresh = issues_refresh,
	.click = issues_click,
	.find = issues_find,
	.where = issues_where,
	.hints = issues_hints,
};
