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

/* The list's columns, left to right, one cell apart after a one-cell
 * margin.  MARK holds two markers: changed since the last stand-up, and
 * ready (unresolved, nothing unresolved upstream).  PROGRESS is ours (what
 * s sets), REPORTED what the report says: the two may use the same words
 * ("in-progress"), so they are named apart and stand apart, ours beside
 * the title. */
enum { COL_ID, COL_MARK, COL_PRI, COL_TITLE, COL_STATE, COL_OWNER, COL_COMMITS, COL_STATUS, NCOLS };

typedef struct issues_view {
	ui_list list;
	unsigned gen;
	/* The widths the rows' content asks for (0: computed from it), for
	 * the rows the filter shows; kept while the rows are the same, so
	 * that moving never moves a column. */
	int want[NCOLS];
	const size_t *want_rows;
	size_t want_nrows;
	unsigned want_gen;
	int title_max;          /* the widest title of those rows */
	uint8_t *changed;       /* per issue: changed since the last stand-up */
	size_t nchanged;
	ui_sideways side;
} issues_view;

static void *issues_open(tr_app *app)
{
	(void)app;
	issues_view *v = tr_calloc(1, sizeof *v);
	v->gen = v->want_gen = (unsigned)-1;
	return v;
}

static void issues_close(void *st)
{
	issues_view *v = st;
	free(v->changed);
	free(v);
}

/* Which issues someone changed (state, owner, a note) since the last
 * stand-up marked, else in the last 24 hours: what the stand-up will tell,
 * so a change undone or changed back marks nothing. */
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
	size_t future;
	tr_standup_last_mark(app->store, now, &since, &by, &future);
	tr_standup_changed(app->store, app->model, since, v->changed);
}

static const struct column_info {
	const char *head;
	int w;                  /* 0: from the content */
	bool right;             /* right-aligned */
} column_info[NCOLS] = {
	[COL_ID] = { "ID", 0, false },               [COL_MARK] = { "", 2, false },
	[COL_PRI] = { "PRI", 3, false },              [COL_TITLE] = { "TITLE", 0, false },
	[COL_STATE] = { "PROGRESS", 0, false },      [COL_OWNER] = { "OWNER", 0, false },
	[COL_COMMITS] = { "COMMITS", 7, true },      [COL_STATUS] = { "REPORTED", 0, false },
};

/* The widest an id makes its column: a tracker key in full up to ID_MAX,
 * a named issue's slug ("golden-path") up to NAMED_MAX; longer ones end in
 * the cut mark, and the title, with the rest of the row, names them. */
#define ID_MAX 12
#define NAMED_MAX 8
#define OWNER_MAX 12

static int wider(int w, const char *s, int cap)
{
	int t = s ? (int)tr_text_width(s) : 0;
	if (t > cap)
		t = cap;
	return t > w ? t : w;
}

/* Column widths from the rows shown: visited again only when the rows or
 * the data change. */
static void measure(issues_view *v, tr_app *app)
{
	if (v->want_gen == app->generation && v->want_rows == app->rows &&
	    v->want_nrows == app->nrows)
		return;
	v->want_gen = app->generation;
	v->want_rows = app->rows;
	v->want_nrows = app->nrows;
	for (int k = 0; k < NCOLS; k++)
		v->want[k] = column_info[k].w ? column_info[k].w : (int)strlen(column_info[k].head);
	v->title_max = 0;
	tr_buf tmp = TR_BUF_INIT;
	for (size_t r = 0; r < app->nrows; r++) {
		size_t i = app->rows[r];
		const tr_issue *is = &app->model->issues[i];
		v->title_max = wider(v->title_max, is->title, 4096);
		v->want[COL_ID] = wider(v->want[COL_ID], is->id, is->named ? NAMED_MAX : ID_MAX);
		v->want[COL_STATE] = wider(v->want[COL_STATE], tr_state_word(app_state(app, i)), 16);
		v->want[COL_OWNER] = wider(v->want[COL_OWNER], app_person(app_owner(app, i), &tmp), OWNER_MAX);
		v->want[COL_STATUS] = wider(v->want[COL_STATUS], app_status_short(is->status), 16);
	}
	tr_buf_free(&tmp);
}

static void issues_refresh(void *st, tr_app *app)
{
	issues_view *v = st;
	if (v->gen != app->generation) {
		v->gen = app->generation;
		find_changed(v, app);
	}
	measure(v, app);
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
		c.w[k] = v->want[k];
	c.w[COL_TITLE] = 0;
	for (int step = 0;; step++) {
		int fixed = 2;          /* the margins left and right */
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

/* An id too long for its column: a key that ends in a number keeps the
 * number ("PLAT…-104233", "PLATFORM…-17"), which tells keys of one tracker
 * apart; a slug is cut at its end ("golden-…"). */
static void id_cell(tr_canvas *cv, const columns *col, int y, const char *id, uint8_t slot)
{
	int w = col->w[COL_ID], x = col->x[COL_ID];
	size_t n = strlen(id);
	const char *tail = id + n;
	while (tail > id && tail[-1] >= '0' && tail[-1] <= '9')
		tail--;
	if (tail > id && tail < id + n)
		tail--;                 /* with the separator before the number */
	int tw = (int)tr_text_width(tail);
	if (tr_canvas_text_width(cv, id) <= w || tail == id + n || tail == id || tw + 3 > w) {
		tr_canvas_fit(cv, x, y, w, id, slot, 0);
		return;
	}
	char *head = tr_strndup(id, (size_t)(tail - id));
	x += tr_canvas_text(cv, x, y, w - tw - 1, head, slot, 0);
	x += tr_canvas_sym(cv, x, y, TR_SYM_ELLIPSIS, slot, 0);
	tr_canvas_text(cv, x, y, tw, tail, slot, 0);
	free(head);
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
	/* Scrolled sideways (the canvas's shift), the columns stay where they
	 * are at the pane's width and the title's own column widens: the
	 * title scrolls within it, the key columns (ID, marks, PRI) are kept
	 * in place by the console, the ones after it by this. */
	int shift = cv->shift;
	columns col = fit_columns(v, a.x, a.w - shift);
	ui_sideways_start(&v->side, col.x[COL_TITLE] - a.x);
	v->side.width = a.w - shift + (v->title_max > col.w[COL_TITLE] ? v->title_max - col.w[COL_TITLE] : 0);
	col.w[COL_TITLE] += shift;
	for (int k = COL_TITLE + 1; k < NCOLS; k++)
		col.x[k] += shift;
	if (app->nrows == 0)
		v->side.width = 0;
	/* The headings stay over their columns: TITLE's where its column
	 * shows, however far the titles have scrolled. */
	for (int k = 0; k < NCOLS; k++)
		if (k != COL_TITLE)
			cell(cv, &col, k, a.y, column_info[k].head, TR_SLOT_COLUMN_HEAD);
	tr_canvas_fit(cv, col.x[COL_TITLE] + shift, a.y, col.w[COL_TITLE] - shift,
	              column_info[COL_TITLE].head, TR_SLOT_COLUMN_HEAD, 0);
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
		id_cell(cv, &col, y, is->id, SLOT(TR_SLOT_ID));
		if (i < v->nchanged && v->changed[i])
			tr_canvas_sym(cv, col.x[COL_MARK], y, TR_SYM_CHANGED, TR_SLOT_NOTE, 0);
		if (app->graph && i < app->graph->nissues && app->graph->nodes[i].ready)
			tr_canvas_sym(cv, col.x[COL_MARK] + 1, y, TR_SYM_READY, TR_SLOT_STATE_FIXED, 0);
		const char *pw = tr_priority_word(is->priority);
		cell(cv, &col, COL_PRI, y, pw ? pw : "-", SLOT(app_priority_slot(is->priority)));
		/* Scrolled sideways, a title that fits its column is drawn from
		 * its start: only those too long for it scroll. */
		const char *title = is->title ? is->title : "";
		if (shift && tr_canvas_text_width(cv, title) <= col.w[COL_TITLE] - shift)
			tr_canvas_fit(cv, col.x[COL_TITLE] + shift, y, col.w[COL_TITLE] - shift, title,
			              SLOT(TR_SLOT_NORMAL), 0);
		else
			cell(cv, &col, COL_TITLE, y, title, SLOT(TR_SLOT_NORMAL));
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

/* Its heading, a row per issue shown (and the separator), or the line
 * that says there is none. */
static int issues_want(void *st, tr_app *app)
{
	(void)st;
	size_t rows = app->nrows ? app->nrows + (ready_rows(app) ? 1 : 0) : 1;
	return rows < 10000 ? 1 + (int)rows : 10000;
}

static bool issues_sideways(void *st, tr_app *app, int *width, int *key)
{
	(void)app;
	return ui_sideways_get(&((issues_view *)st)->side, width, key);
}

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
	.want = issues_want,
	.where = issues_where,
	.sideways = issues_sideways,
	.hints = issues_hints,
};
