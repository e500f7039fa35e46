/* The dependency graph around the selected issue: boxes and arrows laid
 * out by the core (layout.h), a window of it drawn so the selection is in
 * view, what it waits on and what it unblocks highlighted.  Arrow keys walk
 * from box to box. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "console/view.h"
#include "triage/text.h"

typedef struct graph_view {
	tr_layout *layout;
	unsigned gen;
	int pane_w;
	bool ascii;
	int x0, y0;             /* the window's origin in the grid */
	size_t shown;           /* the issue the window last followed */
	tr_cell *cells;
	size_t ncells;
} graph_view;

static void *graph_open(tr_app *app)
{
	(void)app;
	graph_view *v = tr_calloc(1, sizeof *v);
	v->gen = (unsigned)-1;
	v->shown = TR_NONE;
	return v;
}

static void graph_close(void *st)
{
	graph_view *v = st;
	tr_layout_free(v->layout);
	free(v->cells);
	free(v);
}

/* Whether the layout would draw a box for an issue: it leaves out the
 * issues no edge touches (hide_isolated below). */
static bool drawn(const tr_app *app, size_t i)
{
	const tr_graph *g = app->graph;
	return g && i < g->nissues &&
	       (g->succ_start[i + 1] > g->succ_start[i] || g->pred_start[i + 1] > g->pred_start[i]);
}

static bool current(const graph_view *v, const tr_app *app, int width)
{
	return v->layout && v->gen == app->generation && v->pane_w == width && v->ascii == app->ascii;
}

static void ensure(graph_view *v, tr_app *app, int width)
{
	if (current(v, app, width))
		return;
	tr_layout_free(v->layout);
	v->layout = NULL;
	if (!app->graph)
		return;
	tr_layout_opts o = TR_LAYOUT_OPTS_INIT;
	o.pane_width = width;
	o.ascii = app->ascii;
	o.state = app->state; /* the store's states are the graph's, in order */
	o.hide_isolated = true;
	v->layout = tr_layout_new(app->model, app->graph, &o);
	/* Boxes as wide as the pane allows (titles cut less): the room left
	 * shared among the boxes side by side, up to a line of a title. */
	int used = v->layout ? tr_layout_width(v->layout) : 0;
	if (used > 0 && used + 4 < width) {
		int across = (used + 3) / (16 + 2 + 3);
		int bw = 16 + (width - 2 - used) / (across > 0 ? across : 1);
		if (bw > 48)
			bw = 48;
		if (bw > 16) {
			o.box_width = bw;
			tr_layout *wider = tr_layout_new(app->model, app->graph, &o);
			if (wider && tr_layout_width(wider) <= width &&
			    tr_layout_direction(wider) == tr_layout_direction(v->layout)) {
				tr_layout_free(v->layout);
				v->layout = wider;
			} else {
				tr_layout_free(wider);
			}
		}
	}
	v->gen = app->generation;
	v->pane_w = width;
	v->ascii = app->ascii;
	v->shown = TR_NONE;
	tr_layout_select(v->layout, app->sel);
}

/* The layout the first issue with an edge will need, made while the
 * console waits. */
static void graph_idle(void *st, tr_app *app, tr_rect area)
{
	if (area.h > 0 && app->graph)
		ensure(st, app, area.w);
}

static void graph_refresh(void *st, tr_app *app)
{
	graph_view *v = st;
	if (v->layout && v->gen == app->generation && tr_layout_selected(v->layout) != app->sel)
		tr_layout_select(v->layout, app->sel);
}

static void ids(tr_buf *out, tr_app *app, const size_t *v, size_t n)
{
	for (size_t k = 0; k < n; k++) {
		if (k)
			tr_buf_addc(out, ' ');
		if (k == 4) {
			tr_buf_addf(out, "+%zu", n - k);
			break;
		}
		tr_buf_adds(out, app->model->issues[v[k]].id);
	}
}

/* Rows above the drawing: the line in words, unless the detail is on the
 * screen beside the graph, whose Waits on, Unblocks and Graph rows say the
 * same (a move down the list would send it twice). */
static int caption_rows(const tr_app *app)
{
	return app_pane_beside(app, UI_PANE_DETAIL) ? 0 : 1;
}

static void graph_draw(void *st, tr_app *app, tr_canvas *c, tr_rect a, bool focused)
{
	graph_view *v = st;
	if (a.h < 1)
		return;
	/* Laying out a big graph takes a while: not for an issue it would not
	 * draw (the console starts on the first issue, often one no dependency
	 * joins), only once the selection reaches one it draws, or while the
	 * console waits for a key (graph_idle). */
	bool lay_out = drawn(app, app->sel);
	if (lay_out)
		ensure(v, app, a.w);
	if (app->sel == TR_NONE) {
		tr_canvas_fit(c, a.x + 1, a.y, a.w - 2, "no issue selected", TR_SLOT_DIM, 0);
		return;
	}
	const tr_graph *g = app->graph;
	size_t s = app->sel;
	int top = caption_rows(app);
	/* One line in words, for when the window is small. */
	tr_buf line = TR_BUF_INIT;
	/* What it waits on is what is still unresolved upstream: a fixed
	 * prerequisite holds nothing up. */
	const tr_graph_node *nd = &g->nodes[s];
	tr_buf_adds(&line, app->model->issues[s].id);
	tr_buf_adds(&line, " waits on ");
	/* "nothing open" where every one is resolved, so that the line does
	 * not contradict the detail's list of them, marked resolved. */
	if (nd->nwaits_on)
		ids(&line, app, nd->waits_on, nd->nwaits_on);
	else
		tr_buf_adds(&line, g->pred_start[s + 1] > g->pred_start[s] ? "nothing open" : "nothing");
	tr_buf_adds(&line, ", unblocks ");
	if (nd->nunblocks)
		ids(&line, app, nd->unblocks, nd->nunblocks);
	else
		tr_buf_adds(&line, g->succ_start[s + 1] > g->succ_start[s] ? "nothing open" : "nothing");
	if (g->nodes[s].holds_up)
		tr_buf_addf(&line, ", holds up %zu", g->nodes[s].holds_up);
	if (top)
		tr_canvas_fit(c, a.x + 1, a.y, a.w - 2, tr_buf_str(&line), TR_SLOT_DIM, 0);
	tr_buf_free(&line);

	tr_rect box;
	int h = a.h - top, w = a.w;
	if (h < 1 || (lay_out && !v->layout))
		return;
	if (!lay_out || !tr_layout_box(v->layout, s, &box)) {
		tr_canvas_fit(c, a.x + 1, a.y + top, a.w - 2,
		              app->model->nedges ? "no dependency joins this issue to another"
		                                 : "the reports give no dependencies",
		              TR_SLOT_DIM, 0);
		return;
	}
	if (v->shown != s) {
		/* Centre the selection the first time it is shown; then move the
		 * window only as much as following it needs. */
		v->x0 = box.x + box.w / 2 - w / 2;
		v->y0 = box.y + box.h / 2 - h / 2;
		v->shown = s;
	}
	tr_layout_follow(v->layout, s, w, h, &v->x0, &v->y0);
	size_t need = (size_t)w * (size_t)h;
	if (need > v->ncells) {
		free(v->cells);
		v->cells = tr_malloc(need * sizeof *v->cells);
		v->ncells = need;
	}
	tr_layout_render(v->layout, v->x0, v->y0, w, h, v->cells);
	/* Borders keep the colour of their state whatever is selected: moving
	 * the selection then repaints a few ids and arrows, not every border
	 * on its paths.  What it waits on and holds up shows in the colour of
	 * their ids and of the arrows between; the selection is its box's
	 * first line, as the cursor row of a list. */
	for (int y = 0; y < h; y++)
		for (int x = 0; x < w; x++) {
			const tr_cell *cell = &v->cells[(size_t)y * (size_t)w + (size_t)x];
			/* Blanks inside a box are drawn too: the selection's first
			 * line is filled whole, not only under its letters. */
			if (cell->cp == 0 || (cell->cp == ' ' && cell->role == TR_CELL_BACKGROUND))
				continue;
			uint8_t role = cell->role < TR_CELL_ROLE_COUNT ? cell->role : 0;
			uint8_t slot;
			if (role == TR_CELL_UPSTREAM || role == TR_CELL_DOWNSTREAM || role == TR_CELL_SELECTED ||
			    role == TR_CELL_BOX_ID) {
				size_t i = tr_layout_hit(v->layout, v->x0 + x, v->y0 + y);
				tr_rect b;
				bool border = i != TR_NONE && tr_layout_box(v->layout, i, &b) &&
				              (v->x0 + x == b.x || v->x0 + x == b.x + b.w - 1 || v->y0 + y == b.y ||
				               v->y0 + y == b.y + b.h - 1);
				int reach = i != TR_NONE ? tr_layout_reach(v->layout, i) : 0;
				if (border)
					slot = TR_SLOT_FROM_ROLE(tr_layout_border_role(v->layout, i));
				else if (role == TR_CELL_SELECTED)
					slot = v->y0 + y == b.y + 1 ? (focused ? TR_SLOT_CURSOR : TR_SLOT_CURSOR_IDLE)
					                             : TR_SLOT_GRAPH_BOX_TEXT;
				else if (role == TR_CELL_BOX_ID && reach)
					slot = reach < 0 ? TR_SLOT_GRAPH_UPSTREAM : TR_SLOT_GRAPH_DOWNSTREAM;
				else
					slot = TR_SLOT_FROM_ROLE(role);
			} else {
				slot = TR_SLOT_FROM_ROLE(role);
			}
			tr_canvas_cp(c, a.x + x, a.y + top + y, cell->cp, slot, 0);
		}
}

/* The drawn box whose centre is nearest to `page` rows above (dir < 0) or
 * below `from`'s, straying sideways at a cost; `from` when none lies that
 * way. */
static size_t page_target(const tr_layout *l, size_t nissues, size_t from, int dir, int page)
{
	tr_rect f, b;
	if (!tr_layout_box(l, from, &f))
		return tr_layout_step(l, from, 0, dir);
	if (page < 1)
		page = 1;
	long cx = 2L * f.x + f.w, ty = 2L * f.y + f.h + 2L * dir * page;   /* doubled */
	size_t best = from;
	long best_score = 0;
	for (size_t i = 0; i < nissues; i++) {
		if (i == from || !tr_layout_box(l, i, &b))
			continue;
		long oy = 2L * b.y + b.h - (2L * f.y + f.h);
		if (oy * dir <= 0)
			continue;
		long dy = 2L * b.y + b.h - ty, dx = 2L * b.x + b.w - cx;
		long score = (dy < 0 ? -dy : dy) + 2 * (dx < 0 ? -dx : dx);
		if (best == from || score < best_score) {
			best = i;
			best_score = score;
		}
	}
	return best;
}

static bool graph_action(void *st, tr_app *app, tr_action a, tr_rect area)
{
	graph_view *v = st;
	ensure(v, app, area.w);
	if (!v->layout || app->sel == TR_NONE)
		return false;
	int dx = 0, dy = 0;
	switch (a) {
	case TR_ACTION_MOVE_UP: dy = -1; break;
	case TR_ACTION_MOVE_DOWN: dy = 1; break;
	case TR_ACTION_MOVE_LEFT: dx = -1; break;
	case TR_ACTION_MOVE_RIGHT: dx = 1; break;
	case TR_ACTION_PAGE_UP:
	case TR_ACTION_PAGE_DOWN: {
		/* The window follows the selection, so a page moves the selection:
		 * to the box about a pane's height up or down, keeping to its
		 * column when it can. */
		size_t next = page_target(v->layout, app->model->nissues, app->sel,
		                          a == TR_ACTION_PAGE_UP ? -1 : 1, area.h - caption_rows(app));
		if (next != app->sel)
			app_select(app, next);
		return true;
	}
	case TR_ACTION_OPEN:
		/* The box is already the selection everywhere; Enter opens it,
		 * and q or Esc comes back to the graph. */
		app_open_pane(app, UI_PANE_DETAIL);
		return true;
	case TR_ACTION_FIRST:
	case TR_ACTION_LAST:
		if (app->graph && app->graph->ncritical) {
			size_t k = a == TR_ACTION_FIRST ? 0 : app->graph->ncritical - 1;
			app_select(app, app->graph->critical_path[k]);
		}
		return true;
	default:
		return false;
	}
	size_t next = tr_layout_step(v->layout, app->sel, dx, dy);
	if (next != TR_NONE && next != app->sel)
		app_select(app, next);
	return true;
}

static void graph_click(void *st, tr_app *app, int x, int y, int button, tr_rect area)
{
	graph_view *v = st;
	ensure(v, app, area.w);
	if (!v->layout)
		return;
	if (ui_is_wheel(button)) {
		graph_action(v, app, ui_wheel_action(button), area);
		return;
	}
	int top = caption_rows(app);
	if (y < top)
		return;
	size_t hit = tr_layout_hit(v->layout, v->x0 + x, v->y0 + y - top);
	if (hit != TR_NONE) {
		v->shown = hit; /* clicked where it is: do not re-centre */
		app_select(app, hit);
	}
}

typedef struct issue_query {
	const tr_model *model;
	const char *q;
} issue_query;

static bool issue_matches(const void *ctx, size_t i)
{
	const issue_query *iq = ctx;
	const tr_issue *is = &iq->model->issues[i];
	return tr_strcasestr(is->id, iq->q) || (is->title && tr_strcasestr(is->title, iq->q));
}

static bool graph_find(void *st, tr_app *app, const char *q, int dir, tr_rect area,
                       ui_found *found)
{
	(void)st;
	(void)area;
	issue_query iq = { app->model, q };
	size_t from = app->sel == TR_NONE ? 0 : app->sel;
	size_t i = ui_find_next(from, app->model->nissues, dir, issue_matches, &iq, found);
	if (i == TR_NONE)
		return false;
	app_select(app, i);
	return true;
}

static void graph_title(void *st, tr_app *app, tr_buf *out)
{
	graph_view *v = st;
	tr_buf_adds(out, "Graph");
	if (app->graph && app->graph->ncritical)
		tr_buf_addf(out, ": critical path %zu", app->graph->ncritical);
	(void)v;
}

static const tr_action graph_hints[] = {
	TR_ACTION_MOVE_LEFT, TR_ACTION_MOVE_RIGHT, TR_ACTION_SET_STATE, TR_ACTION_FIRST,
	TR_ACTION_NEXT_PANE, TR_ACTION_NONE,
};

const ui_view_ops ui_graph_view = {
	.name = "graph",
	.open = graph_open,
	.close = graph_close,
	.title = graph_title,
	.draw = graph_draw,
	.action = graph_action,
	.refresh = graph_refresh,
	.click = graph_click,
	.find = graph_find,
	.idle = graph_idle,
	.hints = graph_hints,
};
