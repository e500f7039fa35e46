/* The issue list: one row per issue shown by the filter, in the chosen
 * order.  Only the rows on screen are drawn, so a list of thousands costs
 * what a screenful costs. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "console/view.h"
#include "triage/text.h"

typedef struct issues_view {
	ui_list list;
	unsigned gen;
	int idw;                /* widest id, capped */
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
	free(st);
}

static void issues_refresh(void *st, tr_app *app)
{
	issues_view *v = st;
	if (v->gen != app->generation) {
		v->gen = app->generation;
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

/* Which columns fit, and how wide the title may be. */
typedef struct columns {
	int id, title, status, state, owner, commits;
} columns;

static columns fit_columns(const issues_view *v, int w)
{
	columns c = { v->idw, 0, 10, 11, 10, 3 };
	/* margin, id, pri, title, then each optional column with its gap */
	for (int step = 0;; step++) {
		int fixed = 1 + c.id + 1 + 2 + 1 + (c.status ? c.status + 1 : 0) + c.state + 1 +
		            (c.owner ? c.owner + 1 : 0) + (c.commits ? c.commits + 1 : 0);
		c.title = w - fixed;
		if (c.title >= 16 || step > 4)
			break;
		/* Give up the least needed column first. */
		if (c.owner == 10)
			c.owner = 8;
		else if (c.status)
			c.status = 0;
		else if (c.commits)
			c.commits = 0;
		else if (c.owner)
			c.owner = 0;
	}
	if (c.title < 4)
		c.title = 4;
	return c;
}

static void issues_draw(void *st, tr_app *app, tr_canvas *cv, tr_rect a, bool focused)
{
	issues_view *v = st;
	if (a.h < 1)
		return;
	columns col = fit_columns(v, a.w);
	int y = a.y;
	/* The column headings. */
	int x = a.x + 1;
	const uint8_t hs = TR_SLOT_COLUMN_HEAD;
	tr_canvas_fit(cv, x, y, col.id, "ID", hs, 0);
	x += col.id + 1;
	tr_canvas_fit(cv, x, y, 2, "P", hs, 0);
	x += 3;
	tr_canvas_fit(cv, x, y, col.title, "TITLE", hs, 0);
	x += col.title + 1;
	if (col.status) {
		tr_canvas_fit(cv, x, y, col.status, "STATUS", hs, 0);
		x += col.status + 1;
	}
	tr_canvas_fit(cv, x, y, col.state, "STATE", hs, 0);
	x += col.state + 1;
	if (col.owner) {
		tr_canvas_fit(cv, x, y, col.owner, "OWNER", hs, 0);
		x += col.owner + 1;
	}
	if (col.commits)
		tr_canvas_text_right(cv, x + col.commits, y, col.commits, "C", hs, 0);
	int page = a.h - 1;
	if (app->nrows == 0) {
		tr_canvas_fit(cv, a.x + 1, y + 1, a.w - 2,
		              app->model->nissues ? "no issue matches the filter (f changes it)"
		                                  : "the reports name no issue",
		              TR_SLOT_DIM, 0);
		return;
	}
	ui_list_set_count(&v->list, app->nrows);
	ui_list_show(&v->list, page);
	tr_buf tmp = TR_BUF_INIT;
	for (int row = 0; row < page; row++) {
		size_t r = v->list.top + (size_t)row;
		if (r >= app->nrows)
			break;
		size_t i = app->rows[r];
		const tr_issue *is = &app->model->issues[i];
		y = a.y + 1 + row;
		x = a.x + 1;
		tr_canvas_fit(cv, x, y, col.id, is->id, TR_SLOT_ID, 0);
		x += col.id + 1;
		const char *pw = tr_priority_word(is->priority);
		tr_canvas_fit(cv, x, y, 2, pw ? pw : "-", app_priority_slot(is->priority), 0);
		x += 3;
		tr_canvas_fit(cv, x, y, col.title, is->title ? is->title : "", TR_SLOT_NORMAL, 0);
		x += col.title + 1;
		if (col.status) {
			tr_canvas_fit(cv, x, y, col.status, app_status_short(is->status), TR_SLOT_STATUS, 0);
			x += col.status + 1;
		}
		tr_state s = app_state(app, i);
		tr_canvas_fit(cv, x, y, col.state, tr_state_word(s), app_state_slot(s), 0);
		x += col.state + 1;
		if (col.owner) {
			const char *who = app_person(app_owner(app, i), &tmp);
			tr_canvas_fit(cv, x, y, col.owner, who ? who : "", TR_SLOT_OWNER, 0);
			x += col.owner + 1;
		}
		if (col.commits) {
			const tr_commit_link *links;
			size_t n = app_commits(app, i, &links);
			char num[24];
			snprintf(num, sizeof num, "%zu", n);
			tr_canvas_text_right(cv, x + col.commits, y, col.commits, n ? num : "-",
			                     TR_SLOT_NUMBER, 0);
		}
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
	switch (a) {
	case TR_ACTION_MOVE_UP:
	case TR_ACTION_MOVE_DOWN:
	case TR_ACTION_PAGE_UP:
	case TR_ACTION_PAGE_DOWN:
	case TR_ACTION_FIRST:
	case TR_ACTION_LAST:
		ui_list_set_count(&v->list, app->nrows);
		ui_list_action(&v->list, a, area.h - 1);
		select_cur(v, app);
		return true;
	default:
		return false;
	}
}

static bool issue_matches(const tr_issue *is, const char *q)
{
	return tr_strcasestr(is->id, q) || (is->title && tr_strcasestr(is->title, q)) ||
	       (is->severity && tr_strcasestr(is->severity, q));
}

static bool issues_find(void *st, tr_app *app, const char *q, int dir, tr_rect area)
{
	issues_view *v = st;
	size_t n = app->nrows;
	if (!n)
		return false;
	for (size_t k = 1; k <= n; k++) {
		size_t r = dir > 0 ? (v->list.cur + k) % n : (v->list.cur + n - k % n) % n;
		if (issue_matches(&app->model->issues[app->rows[r]], q)) {
			v->list.cur = r;
			ui_list_show(&v->list, area.h - 1);
			select_cur(v, app);
			return true;
		}
	}
	return false;
}

static void issues_click(void *st, tr_app *app, int x, int y, int button, tr_rect area)
{
	issues_view *v = st;
	(void)x;
	if (ui_is_wheel(button)) {
		ui_list_wheel(&v->list, ui_wheel_delta(button), area.h - 1);
		select_cur(v, app);
		return;
	}
	if (y < 1)
		return;
	size_t r = v->list.top + (size_t)(y - 1);
	if (r < app->nrows) {
		v->list.cur = r;
		select_cur(v, app);
	}
}

static const tr_action issues_hints[] = {
	TR_ACTION_SET_STATE, TR_ACTION_SET_OWNER, TR_ACTION_ADD_NOTE, TR_ACTION_UNDO,
	TR_ACTION_SEARCH, TR_ACTION_FILTER, TR_ACTION_NONE,
};

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
	.hints = issues_hints,
};
