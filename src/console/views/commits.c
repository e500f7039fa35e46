/* The selected issue's commits, newest first, with how each is linked to
 * it (closes it, mentions it, or changes one of its test files).  Enter
 * opens the commit: its message and the files it changed. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "console/view.h"
#include "triage/text.h"

typedef struct commits_view {
	ui_list list;
	size_t issue;
	unsigned gen;
	int most;               /* the most commits an issue has, per generation */
	unsigned most_gen;
	ui_sideways side;
} commits_view;

static void *commits_open(tr_app *app)
{
	(void)app;
	commits_view *v = tr_calloc(1, sizeof *v);
	v->issue = TR_NONE;
	v->gen = v->most_gen = (unsigned)-1;
	return v;
}

static void commits_close(void *st)
{
	free(st);
}

static size_t links_of(commits_view *v, tr_app *app, const tr_commit_link **links)
{
	size_t n = app->sel != TR_NONE ? app_commits(app, app->sel, links) : 0;
	if (v->issue != app->sel || v->gen != app->generation) {
		if (v->issue != app->sel)
			v->list.cur = v->list.top = 0;
		v->issue = app->sel;
		v->gen = app->generation;
	}
	ui_list_set_count(&v->list, n);
	return n;
}

static void commits_refresh(void *st, tr_app *app)
{
	const tr_commit_link *links;
	links_of(st, app, &links);
}

static void commits_title(void *st, tr_app *app, tr_buf *out)
{
	const tr_commit_link *links;
	size_t n = links_of(st, app, &links);
	tr_buf_adds(out, "Commits");
	if (app->sel != TR_NONE)
		tr_buf_addf(out, " %s: %zu", app->model->issues[app->sel].id, n);
}

static void commits_draw(void *st, tr_app *app, tr_canvas *c, tr_rect a, bool focused)
{
	commits_view *v = st;
	const tr_commit_link *links;
	size_t n = links_of(v, app, &links);
	ui_sideways_start(&v->side, 1);
	if (!app->history) {
		tr_canvas_fit(c, a.x + 1, a.y, a.w - 2,
		              app->history_problem ? app->history_problem
		                                   : "not in a git repository: no commits to show",
		              TR_SLOT_DIM, 0);
		return;
	}
	if (app->sel == TR_NONE) {
		tr_canvas_fit(c, a.x + 1, a.y, a.w - 2, "no issue selected", TR_SLOT_DIM, 0);
		return;
	}
	if (n == 0) {
		tr_canvas_fit(c, a.x + 1, a.y, a.w - 2, "no commit refers to this issue or its test files",
		              TR_SLOT_DIM, 0);
		return;
	}
	ui_list_show(&v->list, a.h);
	/* Each column with its gap; the summary takes the rest.  The date and
	 * the author only when the pane is wide enough for them. */
	enum { HASH_W = 7, DATE_W = 10, KIND_W = 12, AUTHOR_W = 14 };
	/* Scrolled sideways (the canvas's shift), the columns are those of
	 * the pane's width, and the summary has the rest. */
	int base = a.w - c->shift;
	bool show_date = base >= 60, show_author = base >= 48;
	v->side.key = 1 + HASH_W + 1;
	for (int row = 0; row < a.h; row++) {
		size_t i = v->list.top + (size_t)row;
		if (i >= n)
			break;
		const tr_commit *cm = links[i].commit;
		const char *summary = cm->summary ? cm->summary : "";
		int natural = 1 + HASH_W + 1 + (show_date ? DATE_W + 1 : 0) + KIND_W + 1 +
		              (show_author ? AUTHOR_W + 1 : 0) + (int)tr_text_width(summary) + 1;
		/* Scrolled sideways, a row that fits the pane is drawn from its
		 * start: only the long rows scroll. */
		int y = a.y + row;
		ui_unshift u;
		tr_rect at = a;
		bool unshifted = ui_unshift_row(c, a, y, natural, &u);
		if (unshifted)
			at.w -= u.shift;
		int x = at.x + 1, end = at.x + at.w - 1;
		char shortid[HASH_W + 1];
		snprintf(shortid, sizeof shortid, "%.*s", HASH_W, cm->id);
		x += tr_canvas_text(c, x, y, end - x, shortid, TR_SLOT_HASH, 0) + 1;
		if (show_date) {
			char date[32];
			tr_history_format_time(date, cm->time, cm->tz, true);
			tr_canvas_fit(c, x, y, DATE_W, date, TR_SLOT_DATE, 0);
			x += DATE_W + 1;
		}
		tr_canvas_fit(c, x, y, KIND_W, tr_link_kind_word(links[i].kind),
		              links[i].kind == TR_LINK_FIXES ? TR_SLOT_STATE_FIXED : TR_SLOT_DIM, 0);
		x += KIND_W + 1;
		if (show_author) {
			tr_canvas_fit(c, x, y, AUTHOR_W, cm->author_name ? cm->author_name : cm->author,
			              TR_SLOT_AUTHOR, 0);
			x += AUTHOR_W + 1;
		}
		tr_canvas_fit(c, x, y, end - x, summary, TR_SLOT_NORMAL, 0);
		ui_sideways_row(&v->side, natural);
		if (i == v->list.cur)
			ui_cursor_row(c, at, y, focused);
		ui_highlight(c, at.x + 1, y, at.w - 1, app->search);
		if (unshifted)
			ui_unshift_end(c, &u);
	}
}

static void open_current(commits_view *v, tr_app *app)
{
	const tr_commit_link *links;
	size_t n = links_of(v, app, &links);
	if (v->list.cur >= n)
		return;
	void *cv = ui_commit_view_new(app, links[v->list.cur].commit->id);
	if (cv)
		app_push_view(app, UI_PANE_COMMITS, &ui_commit_view, cv);
}

static bool commits_action(void *st, tr_app *app, tr_action a, tr_rect area)
{
	commits_view *v = st;
	const tr_commit_link *links;
	size_t n = links_of(v, app, &links);
	if (a == TR_ACTION_OPEN) {
		if (n)
			open_current(v, app);
		return n > 0;
	}
	return ui_list_move(&v->list, a, area.h);
}

typedef struct commit_query {
	const tr_commit_link *links;
	const char *q;
} commit_query;

static bool commit_matches(const void *ctx, size_t i)
{
	const commit_query *cq = ctx;
	const tr_commit *cm = cq->links[i].commit;
	return (cm->summary && tr_strcasestr(cm->summary, cq->q)) ||
	       (cm->author && tr_strcasestr(cm->author, cq->q)) ||
	       strncmp(cm->id, cq->q, strlen(cq->q)) == 0;
}

static bool commits_find(void *st, tr_app *app, const char *q, int dir, tr_rect area,
                         ui_found *found)
{
	commits_view *v = st;
	commit_query cq = { NULL, q };
	size_t n = links_of(v, app, &cq.links);
	size_t i = ui_find_next(v->list.cur, n, dir, commit_matches, &cq, found);
	if (i == TR_NONE)
		return false;
	v->list.cur = i;
	ui_list_show(&v->list, area.h);
	return true;
}

static void commits_click(void *st, tr_app *app, int x, int y, int button, tr_rect area)
{
	commits_view *v = st;
	(void)x;
	const tr_commit_link *links;
	links_of(v, app, &links);
	size_t i = ui_list_click(&v->list, y, button, 0, area.h);
	if (i == TR_NONE)
		return;
	if (i == v->list.cur)
		open_current(v, app);
	else
		v->list.cur = i;
}

static const tr_action commits_hints[] = {
	TR_ACTION_OPEN, TR_ACTION_SEARCH, TR_ACTION_NEXT_PANE, TR_ACTION_CLOSE, TR_ACTION_NONE,
};

/* A row per commit of the issue with the most, or the line that says
 * there is none: the same whichever issue is selected. */
static int commits_want(void *st, tr_app *app)
{
	commits_view *v = st;
	if (v->most_gen != app->generation) {
		v->most_gen = app->generation;
		v->most = 1;
		for (size_t i = 0; i < app->model->nissues; i++) {
			const tr_commit_link *links;
			size_t n = app_commits(app, i, &links);
			if (n > (size_t)v->most)
				v->most = n < 10000 ? (int)n : 10000;
		}
	}
	return v->most;
}

/* The short hash is the key column: it stays while the rest scrolls. */
static bool commits_sideways(void *st, tr_app *app, int *width, int *key)
{
	(void)app;
	return ui_sideways_get(&((commits_view *)st)->side, width, key);
}

static void commits_where(void *st, tr_app *app, ui_where *out)
{
	(void)app;
	ui_list_where(&((commits_view *)st)->list, out);
}

const ui_view_ops ui_commits_view = {
	.name = "commits",
	.open = commits_open,
	.close = commits_close,
	.title = commits_title,
	.draw = commits_draw,
	.action = commits_action,
	.refresh = commits_refresh,
	.click = commits_click,
	.find = commits_find,
	.want = commits_want,
	.where = commits_where,
	.sideways = commits_sideways,
	.hints = commits_hints,
};
