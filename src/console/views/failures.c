/* The selected issue's failures, grouped by signature (the shape of the
 * failure with names and numbers taken out).  A group opens to the raw
 * lines and where in the report each was found, and says which other
 * issues fail the same way. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "console/view.h"
#include "triage/text.h"

typedef struct fgroup {
	char *signature;        /* a copy: the groups open are kept by it when
	                         * the model is read again (and the old freed) */
	size_t *lines;          /* failure indices in the issue */
	size_t n, cap;
	size_t model_group;     /* index in model->groups, or TR_NONE */
	bool open;
} fgroup;

typedef struct frow {
	size_t group;
	size_t line;            /* TR_NONE for the group's own row; else an index in lines,
	                         * or n for the "also in" row */
} frow;

typedef struct failures_view {
	size_t issue;
	unsigned gen;
	int most;               /* the most failures an issue has, per generation */
	unsigned most_gen;
	fgroup *groups;
	size_t ngroups;
	frow *rows;
	size_t nrows, caprows;
	ui_list list;
	ui_sideways side;
	int countw;             /* the widest group's count, in digits */
} failures_view;

static void *failures_open(tr_app *app)
{
	(void)app;
	failures_view *v = tr_calloc(1, sizeof *v);
	v->issue = TR_NONE;
	v->gen = v->most_gen = (unsigned)-1;
	return v;
}

static void clear_groups(failures_view *v)
{
	for (size_t g = 0; g < v->ngroups; g++) {
		free(v->groups[g].lines);
		free(v->groups[g].signature);
	}
	free(v->groups);
	v->groups = NULL;
	v->ngroups = 0;
	v->nrows = 0;
}

static void failures_close(void *st)
{
	failures_view *v = st;
	clear_groups(v);
	free(v->rows);
	free(v);
}

static void add_row(failures_view *v, size_t g, size_t line)
{
	tr_grow((void **)&v->rows, &v->caprows, v->nrows + 1, sizeof *v->rows);
	v->rows[v->nrows++] = (frow){ g, line };
}

static size_t others_of(const tr_app *app, const fgroup *g)
{
	if (g->model_group == TR_NONE)
		return 0;
	size_t n = app->model->groups[g->model_group].nissues;
	return n > 0 ? n - 1 : 0;
}

static void build_rows(failures_view *v, const tr_app *app)
{
	v->nrows = 0;
	for (size_t g = 0; g < v->ngroups; g++) {
		add_row(v, g, TR_NONE);
		if (!v->groups[g].open)
			continue;
		if (others_of(app, &v->groups[g]))
			add_row(v, g, v->groups[g].n);
		for (size_t k = 0; k < v->groups[g].n; k++)
			add_row(v, g, k);
	}
	ui_list_set_count(&v->list, v->nrows);
}

static void build_groups(failures_view *v, const tr_app *app)
{
	clear_groups(v);
	if (v->issue == TR_NONE)
		return;
	const tr_issue *is = &app->model->issues[v->issue];
	for (size_t f = 0; f < is->nfailures; f++) {
		const char *sig = is->failures[f].signature ? is->failures[f].signature : is->failures[f].text;
		size_t g = 0;
		while (g < v->ngroups && strcmp(v->groups[g].signature, sig) != 0)
			g++;
		if (g == v->ngroups) {
			v->groups = tr_realloc(v->groups, (v->ngroups + 1) * sizeof *v->groups);
			v->groups[g] = (fgroup){ tr_strdup(sig), NULL, 0, 0, TR_NONE, false };
			for (size_t mg = 0; mg < app->model->ngroups; mg++)
				if (strcmp(app->model->groups[mg].signature, sig) == 0)
					v->groups[g].model_group = mg;
			v->ngroups++;
		}
		fgroup *gr = &v->groups[g];
		tr_grow((void **)&gr->lines, &gr->cap, gr->n + 1, sizeof *gr->lines);
		gr->lines[gr->n++] = f;
	}
	v->countw = 1;
	for (size_t g = 0; g < v->ngroups; g++) {
		int w = snprintf(NULL, 0, "%zu", v->groups[g].n);
		if (w > v->countw)
			v->countw = w;
	}
}

/* The key column, which stays in place when the pane is scrolled sideways
 * (as an issue's id does in the issue list): the margin, a group's mark
 * and its count ("▸ 12× "), counts padded to the widest so that the
 * signatures start in one column, and the rows under a group start there
 * too, their location with the text it scrolls. */
static int key_width(const failures_view *v, const tr_app *app)
{
	int open = (int)tr_text_width(tr_sym_text(TR_SYM_EXPANDED, app->ascii));
	int shut = (int)tr_text_width(tr_sym_text(TR_SYM_COLLAPSED, app->ascii));
	return 1 + (open > shut ? open : shut) + 1 + v->countw +
	       (int)tr_text_width(tr_sym_text(TR_SYM_TIMES, app->ascii)) + 1;
}

static void failures_refresh(void *st, tr_app *app)
{
	failures_view *v = st;
	if (v->issue == app->sel && v->gen == app->generation)
		return;
	bool same = v->issue == app->sel;
	/* Keep which groups were open when only the progress changed. */
	tr_strv open = TR_STRV_INIT;
	if (same)
		for (size_t g = 0; g < v->ngroups; g++)
			if (v->groups[g].open)
				tr_strv_push(&open, v->groups[g].signature);
	v->issue = app->sel;
	v->gen = app->generation;
	build_groups(v, app);
	for (size_t g = 0; g < v->ngroups; g++)
		v->groups[g].open = tr_strv_contains(&open, v->groups[g].signature);
	tr_strv_free(&open);
	if (!same)
		v->list.cur = v->list.top = 0;
	build_rows(v, app);
}

static void failures_title(void *st, tr_app *app, tr_buf *out)
{
	failures_view *v = st;
	failures_refresh(v, app);
	size_t n = v->issue != TR_NONE ? app->model->issues[v->issue].nfailures : 0;
	tr_buf_adds(out, "Failures");
	if (v->issue != TR_NONE)
		tr_buf_addf(out, " %s: %zu in %zu group%s", app->model->issues[v->issue].id, n, v->ngroups,
		            v->ngroups == 1 ? "" : "s");
}

/* Row r at y: returns the columns it needs (its natural width). */
static int draw_row(failures_view *v, tr_app *app, tr_canvas *c, tr_rect a, size_t r, int y, int key,
                    tr_buf *tmp)
{
	const tr_issue *is = &app->model->issues[v->issue];
	/* Scrolled sideways (the canvas's shift), the location keeps
	 * its width at the pane's and the text has the rest. */
	int x = a.x + 1, end = a.x + a.w - 1, edge = end - c->shift;
	int natural = 0;
	const frow *fr = &v->rows[r];
	const fgroup *g = &v->groups[fr->group];
	if (fr->line == TR_NONE) {
		tr_canvas_sym(c, x, y, g->open ? TR_SYM_EXPANDED : TR_SYM_COLLAPSED, TR_SLOT_DIM, 0);
		tr_buf_reset(tmp);
		tr_buf_addf(tmp, "%*zu%s", v->countw, g->n, tr_sym_text(TR_SYM_TIMES, app->ascii));
		x = a.x + key - 1 - (int)tr_text_width(tr_buf_str(tmp));
		x += tr_canvas_text(c, x, y, end - x, tr_buf_str(tmp), TR_SLOT_NUMBER, 0) + 1;
		size_t others = others_of(app, g);
		char also[40] = "";
		if (others)
			snprintf(also, sizeof also, "  +%zu issue%s", others, others == 1 ? "" : "s");
		/* Acknowledged: someone has seen to it; dimmed, and said. */
		bool acked = app->store && tr_store_acknowledged(app->store, g->signature);
		if (acked)
			strncat(also, "  acknowledged", sizeof also - strlen(also) - 1);
		int aw = (int)strlen(also);
		natural = x - a.x + (int)tr_text_width(g->signature) + aw + 1;
		x += tr_canvas_fit(c, x, y, end - x - aw, g->signature,
		                   acked ? TR_SLOT_DIM : TR_SLOT_SIGNATURE, 0);
		if (*also)
			tr_canvas_text(c, x, y, end - x, also, TR_SLOT_DIM, 0);
	} else if (fr->line == g->n) {
		tr_buf_reset(tmp);
		tr_buf_adds(tmp, "also in");
		const tr_failure_group *mg = &app->model->groups[g->model_group];
		for (size_t k = 0; k < mg->nissues; k++)
			if (mg->issues[k] != v->issue) {
				tr_buf_addc(tmp, ' ');
				tr_buf_adds(tmp, app->model->issues[mg->issues[k]].id);
			}
		x = a.x + key;
		tr_canvas_fit(c, x, y, end - x, tr_buf_str(tmp), TR_SLOT_DIM, 0);
		natural = x - a.x + (int)tr_text_width(tr_buf_str(tmp)) + 1;
	} else {
		const tr_failure *f = &is->failures[g->lines[fr->line]];
		x = a.x + key;
		tr_buf_reset(tmp);
		const char *path = f->report < app->model->nreports ? app->model->reports[f->report].path : "?";
		const char *base = strrchr(path, '/');
		tr_buf_addf(tmp, "%s:%u", base ? base + 1 : path, f->line);
		x += tr_canvas_fit(c, x, y, (edge - x) / 3, tr_buf_str(tmp), TR_SLOT_LOCATION, 0);
		x += 2;
		/* A failure of several lines (a traceback, a wrapped
		 * message) shows them in a row, kept apart by a bar. */
		tr_buf_reset(tmp);
		const char *bar = tr_sym_text(TR_SYM_VLINE, app->ascii);
		for (const char *p = f->text, *nl; *p; p = nl + 1) {
			nl = strchr(p, '\n');
			tr_buf_add(tmp, p, nl ? (size_t)(nl - p) : strlen(p));
			if (!nl)
				break;
			tr_buf_addf(tmp, " %s ", bar);
		}
		tr_canvas_fit(c, x, y, end - x, tr_buf_str(tmp), TR_SLOT_FAILURE, 0);
		natural = x - a.x + (int)tr_text_width(tr_buf_str(tmp)) + 1;
	}
	return natural;
}

static void failures_draw(void *st, tr_app *app, tr_canvas *c, tr_rect a, bool focused)
{
	failures_view *v = st;
	failures_refresh(v, app);
	int key = key_width(v, app);
	ui_sideways_start(&v->side, key);
	if (v->issue == TR_NONE) {
		tr_canvas_fit(c, a.x + 1, a.y, a.w - 2, "no issue selected", TR_SLOT_DIM, 0);
		return;
	}
	if (!v->nrows) {
		tr_canvas_fit(c, a.x + 1, a.y, a.w - 2, "the report quotes no failure for this issue",
		              TR_SLOT_DIM, 0);
		return;
	}
	ui_list_show(&v->list, a.h);
	tr_buf tmp = TR_BUF_INIT;
	for (int row = 0; row < a.h; row++) {
		size_t r = v->list.top + (size_t)row;
		if (r >= v->nrows)
			break;
		int y = a.y + row;
		int natural = draw_row(v, app, c, a, r, y, key, &tmp);
		/* Scrolled sideways, a row that fits the pane is drawn again from
		 * its start: only the long rows scroll. */
		ui_unshift u;
		tr_rect at = a;
		bool unshifted = ui_unshift_row(c, a, y, natural, &u);
		if (unshifted) {
			at.w -= u.shift;
			draw_row(v, app, c, at, r, y, key, &tmp);
		}
		ui_sideways_row(&v->side, natural);
		if (r == v->list.cur)
			ui_cursor_row(c, at, y, focused);
		ui_highlight(c, at.x + 1, y, at.w - 1, app->search);
		if (unshifted)
			ui_unshift_end(c, &u);
	}
	tr_buf_free(&tmp);
}

static void set_open(failures_view *v, tr_app *app, size_t g, bool open)
{
	v->groups[g].open = open;
	build_rows(v, app);
	for (size_t r = 0; r < v->nrows; r++)
		if (v->rows[r].group == g && v->rows[r].line == TR_NONE)
			v->list.cur = r;
}

/* A raw line opens the failure in full, with the report around it. */
static void open_text(failures_view *v, tr_app *app, const tr_failure *f)
{
	const char *path = f->report < app->model->nreports ? app->model->reports[f->report].path : NULL;
	char *title = tr_sprintf("Failure of %s", app->model->issues[v->issue].id);
	void *tv = ui_text_view_new(app, title, f->text, path, path ? f->line : 0);
	free(title);
	app_push_view(app, UI_PANE_FAILURES, &ui_text_view, tv);
}

static bool failures_action(void *st, tr_app *app, tr_action a, tr_rect area)
{
	failures_view *v = st;
	failures_refresh(v, app);
	if (!v->nrows)
		return false;
	const frow *fr = &v->rows[v->list.cur];
	switch (a) {
	case TR_ACTION_OPEN:
		if (fr->line != TR_NONE && fr->line < v->groups[fr->group].n) {
			open_text(v, app, &app->model->issues[v->issue].failures[v->groups[fr->group].lines[fr->line]]);
			return true;
		}
		set_open(v, app, fr->group, !v->groups[fr->group].open);
		break;
	case TR_ACTION_MOVE_RIGHT:
		if (v->groups[fr->group].open)
			return false;
		set_open(v, app, fr->group, true);
		break;
	case TR_ACTION_MOVE_LEFT:
		if (!v->groups[fr->group].open)
			return false;
		set_open(v, app, fr->group, false);
		break;
	default:
		return ui_list_move(&v->list, a, area.h);
	}
	ui_list_show(&v->list, area.h);
	return true;
}

typedef struct failure_query {
	const tr_issue *is;
	const char *q;
} failure_query;

static bool failure_matches(const void *ctx, size_t f)
{
	const failure_query *fq = ctx;
	return tr_strcasestr(fq->is->failures[f].text, fq->q) != NULL;
}

static bool failures_find(void *st, tr_app *app, const char *q, int dir, tr_rect area,
                          ui_found *found)
{
	failures_view *v = st;
	failures_refresh(v, app);
	if (v->issue == TR_NONE)
		return false;
	const tr_issue *is = &app->model->issues[v->issue];
	/* Search every line, open or not: a match inside a closed group opens it. */
	size_t start_line = 0;
	if (v->nrows && v->rows[v->list.cur].line != TR_NONE &&
	    v->rows[v->list.cur].line < v->groups[v->rows[v->list.cur].group].n)
		start_line = v->groups[v->rows[v->list.cur].group].lines[v->rows[v->list.cur].line];
	failure_query fq = { is, q };
	size_t f = ui_find_next(start_line, is->nfailures, dir, failure_matches, &fq, found);
	if (f == TR_NONE)
		return false;
	for (size_t g = 0; g < v->ngroups; g++)
		for (size_t l = 0; l < v->groups[g].n; l++)
			if (v->groups[g].lines[l] == f) {
				v->groups[g].open = true;
				build_rows(v, app);
				for (size_t r = 0; r < v->nrows; r++)
					if (v->rows[r].group == g && v->rows[r].line == l)
						v->list.cur = r;
				ui_list_show(&v->list, area.h);
				return true;
			}
	return false;
}

static void failures_click(void *st, tr_app *app, int x, int y, int button, tr_rect area)
{
	failures_view *v = st;
	(void)x;
	failures_refresh(v, app);
	size_t r = ui_list_click(&v->list, y, button, 0, area.h);
	if (r == TR_NONE)
		return;
	if (r == v->list.cur && v->rows[r].line == TR_NONE)
		set_open(v, app, v->rows[r].group, !v->groups[v->rows[r].group].open);
	else
		v->list.cur = r;
}

static const char *failures_signature(void *st, tr_app *app)
{
	failures_view *v = st;
	failures_refresh(v, app);
	if (!v->nrows || v->list.cur >= v->nrows)
		return NULL;
	return v->groups[v->rows[v->list.cur].group].signature;
}

/* A raw line under the cursor: the report line its failure was read from. */
static bool failures_source(void *st, tr_app *app, const char **report, unsigned *line)
{
	failures_view *v = st;
	failures_refresh(v, app);
	if (!v->nrows || v->list.cur >= v->nrows)
		return false;
	const frow *fr = &v->rows[v->list.cur];
	if (fr->line == TR_NONE || fr->line >= v->groups[fr->group].n)
		return false;
	const tr_failure *f = &app->model->issues[v->issue].failures[v->groups[fr->group].lines[fr->line]];
	if (f->report >= app->model->nreports)
		return false;
	*report = app->model->reports[f->report].path;
	*line = f->line;
	return true;
}

static const tr_action failures_hints[] = {
	TR_ACTION_OPEN, TR_ACTION_ACKNOWLEDGE, TR_ACTION_SEARCH, TR_ACTION_NEXT_PANE, TR_ACTION_CLOSE,
	TR_ACTION_NONE,
};

/* A row per group of the issue with the most failures (each failure its
 * own group at most), or the rows of the groups opened if more: the same
 * whichever issue is selected. */
static int failures_want(void *st, tr_app *app)
{
	failures_view *v = st;
	if (v->most_gen != app->generation) {
		v->most_gen = app->generation;
		v->most = 1;
		for (size_t i = 0; i < app->model->nissues; i++)
			if (app->model->issues[i].nfailures > (size_t)v->most)
				v->most = app->model->issues[i].nfailures < 10000
				                  ? (int)app->model->issues[i].nfailures
				                  : 10000;
	}
	return v->nrows > (size_t)v->most ? (v->nrows < 10000 ? (int)v->nrows : 10000) : v->most;
}

static bool failures_sideways(void *st, tr_app *app, int *width, int *key)
{
	(void)app;
	return ui_sideways_get(&((failures_view *)st)->side, width, key);
}

static void failures_where(void *st, tr_app *app, ui_where *out)
{
	(void)app;
	ui_list_where(&((failures_view *)st)->list, out);
}

const ui_view_ops ui_failures_view = {
	.name = "failures",
	.open = failures_open,
	.close = failures_close,
	.title = failures_title,
	.draw = failures_draw,
	.action = failures_action,
	.refresh = failures_refresh,
	.click = failures_click,
	.find = failures_find,
	.signature = failures_signature,
	.source = failures_source,
	.want = failures_want,
	.where = failures_where,
	.sideways = failures_sideways,
	.hints = failures_hints,
};
