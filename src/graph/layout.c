/* The layered drawing of the dependency graph (Sugiyama style):
 *   1. layers by longest path, with the edges that close cycles reversed;
 *   2. a chain of one-cell "dummy" nodes for each edge spanning several
 *      layers, so every segment joins two adjacent layers; when that would
 *      take too many (edges across thousands of layers), the longest edges
 *      run instead along lanes above the drawing;
 *   3. order within layers by barycenter sweeps, keeping the order with the
 *      fewest crossings;
 *   4. minor coordinates (rows left to right, columns top to bottom) by
 *      isotonic regression towards the ports of the neighbours, so chains
 *      come out straight;
 *   5. the channel between two layers routed track by track (layout_route.c).
 * Everything is computed in (major, minor) coordinates, major along the
 * layers, and only turned into (x, y) at the end; the grid itself is never
 * stored: rendering draws what falls in a window. */
#include "config.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "graph_internal.h"
#include "triage/text.h"

static const char *const role_words[] = { TR_CELL_ROLE_LIST(TR_WORD_OF) };

const char *tr_cell_role_word(tr_cell_role r)
{
	return tr_word(role_words, r, role_words[TR_CELL_BACKGROUND]);
}

/* ---- putting it together ---------------------------------------------- */

static void ctx_free_geometry(lay_ctx *c)
{
	free(c->lay_start); c->lay_start = NULL;
	free(c->lay); c->lay = NULL;
	free(c->pin_start); c->pin_start = NULL;
	free(c->pin); c->pin = NULL;
	free(c->lstart); c->lstart = NULL;
	free(c->rstart); c->rstart = NULL;
	free(c->lseg); c->lseg = NULL;
	free(c->rseg); c->rseg = NULL;
	free(c->lnb); c->lnb = NULL;
	free(c->rnb); c->rnb = NULL;
	free(c->chan_width); c->chan_width = NULL;
	free(c->layer_major); c->layer_major = NULL;
}

static void ctx_free(lay_ctx *c)
{
	ctx_free_geometry(c);
	free(c->nodes);
	free(c->segs);
	free(c->node_of);
	free(c->shelf);
	free(c->edges);
	free(c->selfloop);
}

/* Where each layer starts along the major axis, for boxes of `boxw` inside.
 * Left to right nothing else depends on the width of the boxes (they are
 * LAY_BOX_ROWS tall whatever it is): a left-to-right layout takes another
 * width by this alone. */
static int lay_majors(lay_ctx *c, int boxw)
{
	c->boxw = boxw;
	c->box_major = c->dir == TR_LAYOUT_LEFT_RIGHT ? boxw + 2 : LAY_BOX_ROWS;
	free(c->layer_major);
	c->layer_major = tr_malloc(((size_t)c->nlayers + 1) * sizeof *c->layer_major);
	int m = 0;
	for (int L = 0; L < c->nlayers; L++) {
		c->layer_major[L] = m;
		m += c->box_major;
		if (L + 1 < c->nlayers)
			m += c->chan_width[L];
	}
	c->layer_major[c->nlayers] = m;
	return m;
}

/* The minor layout and the channels for one direction; returns the major
 * extent (the width left to right) the drawing needs. */
static int lay_direction(lay_ctx *c, tr_layout_dir dir, int boxw)
{
	c->dir = dir;
	int box_minor = dir == TR_LAYOUT_LEFT_RIGHT ? LAY_BOX_ROWS : boxw + 2;
	lay_assign_ports(c, box_minor);
	lay_assign_minor(c);
	lay_route_channels(c);
	return lay_majors(c, boxw);
}

/* Rows a top-to-bottom drawing with boxes of `boxw` inside needs at least
 * (its minor extent cannot be less): the lanes, then the widest layer with
 * its nodes packed side by side, a box at least boxw + 2 across. */
static long tb_least_width(const lay_ctx *c, int boxw)
{
	long most = 0;
	for (int L = 0; L < c->nlayers; L++) {
		long w = 0;
		for (int i = c->lay_start[L]; i < c->lay_start[L + 1]; i++) {
			const lnode *nd = &c->nodes[c->lay[i]];
			if (i > c->lay_start[L])
				w += nd->issue == TR_NONE && c->nodes[c->lay[i - 1]].issue == TR_NONE ? 0 : 1;
			w += nd->issue == TR_NONE ? 1 : boxw + 2;
		}
		if (w > most)
			most = w;
	}
	return c->lane_base + most;
}

/* Columns a left-to-right drawing needs with boxes of `boxw` inside. */
static long lr_width(const lay_ctx *c, int boxw)
{
	long w = (long)c->nlayers * (boxw + 2);
	for (int L = 0; L + 1 < c->nlayers; L++)
		w += c->chan_width[L];
	return w;
}

/* Columns the widest label needs, no more than cap. */
static int content_width(const tr_model *m, const lay_ctx *c, int cap)
{
	int w = 8;
	for (size_t x = 0; x < c->nnodes + c->nshelf && w < cap; x++) {
		size_t i = x < c->nnodes ? c->nodes[x].issue : c->shelf[x - c->nnodes];
		if (i == TR_NONE)
			continue;
		const tr_issue *is = &m->issues[i];
		/* Room for " ✓P0" whether or not this issue has progress yet. */
		int a = lay_text_width(is->id, cap) + (is->priority != TR_PRIORITY_NONE ? 4 : 2) +
		        (c->selfloop[i] ? 2 : 0);
		int b = is->title ? lay_text_width(is->title, cap) : 0;
		if (a > w)
			w = a;
		if (b > w)
			w = b;
	}
	return w;
}

/* Columns a left-to-right drawing with boxes of `boxw` inside needs at
 * least, before its channels are routed: each channel takes a stub, an
 * arrowhead and a track at least. */
static long lr_least_width(const lay_ctx *c, int boxw)
{
	return c->nlayers ? (long)c->nlayers * (boxw + 2) + 3L * (c->nlayers - 1) : 0;
}

/* A direction laid out, kept while the other is tried: what lay_direction
 * sets in the nodes, the segments and the channels. */
typedef struct lay_kept {
	tr_layout_dir dir;
	lnode *nodes;
	lseg *segs;
	int *chan_width;
	int minor_extent;
} lay_kept;

static void lay_keep(const lay_ctx *c, lay_kept *k)
{
	k->dir = c->dir;
	k->nodes = tr_malloc((c->nnodes ? c->nnodes : 1) * sizeof *k->nodes);
	memcpy(k->nodes, c->nodes, c->nnodes * sizeof *k->nodes);
	k->segs = tr_malloc((c->nsegs ? c->nsegs : 1) * sizeof *k->segs);
	memcpy(k->segs, c->segs, c->nsegs * sizeof *k->segs);
	k->chan_width = tr_malloc(((size_t)c->nlayers + 1) * sizeof *k->chan_width);
	memcpy(k->chan_width, c->chan_width, ((size_t)c->nlayers + 1) * sizeof *k->chan_width);
	k->minor_extent = c->minor_extent;
}

static void lay_kept_free(lay_kept *k)
{
	free(k->nodes);
	free(k->segs);
	free(k->chan_width);
}

/* Back to the direction kept, for boxes of `boxw` inside; frees k. */
static void lay_restore(lay_ctx *c, lay_kept *k, int boxw)
{
	c->dir = k->dir;
	memcpy(c->nodes, k->nodes, c->nnodes * sizeof *k->nodes);
	memcpy(c->segs, k->segs, c->nsegs * sizeof *k->segs);
	memcpy(c->chan_width, k->chan_width, ((size_t)c->nlayers + 1) * sizeof *k->chan_width);
	c->minor_extent = k->minor_extent;
	lay_kept_free(k);
	lay_majors(c, boxw);
}

/* TR_LAYOUT_AUTO: left to right when it fits the pane, with boxes narrowed
 * down to TR_LAYOUT_BOX_NARROW if need be; else top to bottom, unless that
 * does not fit either and is the wider.  Each direction laid out costs a
 * routing of every channel, so the bounds above settle what they can
 * without one, and the likelier direction is laid out first.  Leaves c
 * laid out in the direction it returns, with *boxw the width used. */
static tr_layout_dir lay_auto(lay_ctx *c, int pane, int *boxw)
{
	int floor_w = *boxw < TR_LAYOUT_BOX_NARROW ? *boxw : TR_LAYOUT_BOX_NARROW;
	long lr_least = lr_least_width(c, floor_w);
	long tb_least = tb_least_width(c, *boxw);
	if (pane > 0 && lr_least > pane && lr_least >= tb_least) {
		/* Left to right cannot fit even narrowed, and may well be the
		 * wider: top to bottom first. */
		lay_direction(c, TR_LAYOUT_TOP_BOTTOM, *boxw);
		int tb = c->minor_extent;
		if (tb <= pane || lr_least >= tb)
			return TR_LAYOUT_TOP_BOTTOM;
		lay_kept k;
		lay_keep(c, &k);
		if (lay_direction(c, TR_LAYOUT_LEFT_RIGHT, floor_w) < tb) {
			lay_kept_free(&k);
			*boxw = floor_w;
			return TR_LAYOUT_LEFT_RIGHT;
		}
		lay_restore(c, &k, *boxw);
		return TR_LAYOUT_TOP_BOTTOM;
	}
	lay_direction(c, TR_LAYOUT_LEFT_RIGHT, *boxw);
	if (pane <= 0 || lr_width(c, *boxw) <= pane)
		return TR_LAYOUT_LEFT_RIGHT;
	/* Narrower boxes first: a left-to-right drawing reads best. */
	long fit = c->nlayers ? (pane - lr_width(c, 0)) / c->nlayers : 0;
	long lr_narrow = lr_width(c, floor_w);
	if (fit >= floor_w) {
		*boxw = (int)fit;
		lay_majors(c, *boxw);
		return TR_LAYOUT_LEFT_RIGHT;
	}
	if (tb_least > pane && lr_narrow < tb_least) {
		/* Neither fits, and top to bottom would be wider even packed
		 * tight: the narrower one scrolls less, known without laying the
		 * other out. */
		*boxw = floor_w;
		lay_majors(c, *boxw);
		return TR_LAYOUT_LEFT_RIGHT;
	}
	lay_kept k;
	lay_keep(c, &k);
	lay_direction(c, TR_LAYOUT_TOP_BOTTOM, *boxw);
	/* Neither fits: the narrower one scrolls less. */
	if (c->minor_extent > pane && lr_narrow < c->minor_extent) {
		*boxw = floor_w;
		lay_restore(c, &k, *boxw);
		return TR_LAYOUT_LEFT_RIGHT;
	}
	lay_kept_free(&k);
	return TR_LAYOUT_TOP_BOTTOM;
}

tr_layout *tr_layout_new(const tr_model *m, const tr_graph *g, const tr_layout_opts *opts)
{
	tr_layout_opts o = TR_LAYOUT_OPTS_INIT;
	if (opts)
		o = *opts;
	lay_ctx c;
	memset(&c, 0, sizeof c);
	/* A graph of another model would index issues that are not there:
	 * draw nothing rather than guess. */
	size_t n = g->nissues == m->nissues ? m->nissues : 0;
	tr_graph sub = *g;
	sub.nissues = n;
	c.selfloop = tr_calloc(n ? n : 1, 1);
	int *layer = lay_longest_path_layers(&sub);
	for (size_t v = 0; v < n; v++)
		if (layer[v] + 1 > c.nlayers)
			c.nlayers = layer[v] + 1;
	lay_build_chains(&c, &sub, layer, o.hide_isolated, o.max_dummies);
	free(layer);
	/* Layers left empty by hidden issues would only leave gaps. */
	int *remap = tr_calloc((size_t)c.nlayers + 1, sizeof *remap);
	for (size_t x = 0; x < c.nnodes; x++)
		remap[c.nodes[x].layer] = 1;
	int k = 0;
	for (int L = 0; L < c.nlayers; L++)
		remap[L] = remap[L] ? k++ : -1;
	for (size_t x = 0; x < c.nnodes; x++)
		c.nodes[x].layer = remap[c.nodes[x].layer];
	c.nlayers = k;
	free(remap);

	lay_assign_lanes(&c);
	lay_build_neighbours(&c);
	lay_initial_order(&c);
	lay_reduce_crossings(&c);

	int boxw = o.box_width > 0 ? o.box_width : TR_LAYOUT_BOX_DEFAULT;
	if (boxw < TR_LAYOUT_BOX_MIN)
		boxw = TR_LAYOUT_BOX_MIN;
	if (boxw > TR_LAYOUT_BOX_MAX)
		boxw = TR_LAYOUT_BOX_MAX;
	int need = content_width(m, &c, boxw);
	if (need < boxw)
		boxw = need;

	tr_layout_dir dir = o.dir;
	if (dir == TR_LAYOUT_AUTO)
		dir = lay_auto(&c, o.pane_width, &boxw);
	else
		lay_direction(&c, dir, boxw);

	tr_layout *l = lay_finish(&c, m, &sub, n, &o);
	ctx_free(&c);
	return l;
}

void tr_layout_free(tr_layout *l)
{
	if (!l)
		return;
	free(l->box);
	free(l->drawn);
	free(l->strings);
	free(l->id_at);
	free(l->title_at);
	free(l->priority);
	free(l->selfloop);
	free(l->state);
	free(l->critical);
	free(l->edges);
	free(l->pts);
	free(l->up);
	free(l->down);
	free(l->succ_start);
	free(l->succ);
	free(l->pred_start);
	free(l->pred);
	free(l);
}

int tr_layout_width(const tr_layout *l)
{
	return l->width;
}

int tr_layout_height(const tr_layout *l)
{
	return l->height;
}

tr_layout_dir tr_layout_direction(const tr_layout *l)
{
	return l->dir;
}

bool tr_layout_box(const tr_layout *l, size_t issue, tr_rect *box)
{
	if (issue >= l->nissues || l->box[issue].w == 0)
		return false;
	if (box)
		*box = l->box[issue];
	return true;
}

static bool inside(const tr_rect *r, int x, int y)
{
	return x >= r->x && x < r->x + r->w && y >= r->y && y < r->y + r->h;
}

size_t tr_layout_hit(const tr_layout *l, int x, int y)
{
	for (size_t k = 0; k < l->ndrawn; k++)
		if (inside(&l->box[l->drawn[k]], x, y))
			return l->drawn[k];
	return TR_NONE;
}

/* Breadth-first over one direction of the copied adjacency. */
static void mark_reach(const tr_layout *l, size_t from, bool down, uint8_t *mark, size_t *queue)
{
	const size_t *start = down ? l->succ_start : l->pred_start;
	const size_t *adj = down ? l->succ : l->pred;
	size_t head = 0, tail = 0;
	queue[tail++] = from;
	while (head < tail) {
		size_t v = queue[head++];
		for (size_t e = start[v]; e < start[v + 1]; e++) {
			size_t w = adj[e];
			if (!mark[w]) {
				mark[w] = 1;
				if (w != from)
					queue[tail++] = w;
			}
		}
	}
}

void tr_layout_select(tr_layout *l, size_t issue)
{
	if (l->nissues) {
		memset(l->up, 0, l->nissues);
		memset(l->down, 0, l->nissues);
	}
	if (issue >= l->nissues) {
		l->selected = TR_NONE;
		return;
	}
	l->selected = issue;
	size_t *queue = tr_malloc(l->nissues * sizeof *queue);
	mark_reach(l, issue, false, l->up, queue);
	mark_reach(l, issue, true, l->down, queue);
	free(queue);
}

size_t tr_layout_selected(const tr_layout *l)
{
	return l->selected;
}

size_t tr_layout_step(const tr_layout *l, size_t issue, int dx, int dy)
{
	if (issue >= l->nissues || l->box[issue].w == 0)
		return l->ndrawn ? l->drawn[0] : issue;
	const tr_rect *r = &l->box[issue];
	long cx = 2L * r->x + r->w, cy = 2L * r->y + r->h;     /* doubled centres */
	size_t best = issue;
	long best_score = 0;
	for (size_t k = 0; k < l->ndrawn; k++) {
		size_t j = l->drawn[k];
		if (j == issue)
			continue;
		const tr_rect *b = &l->box[j];
		long ox = 2L * b->x + b->w - cx, oy = 2L * b->y + b->h - cy;
		/* Ahead in the direction asked, within 45 degrees either side when
		 * both coordinates count; nearer and straighter wins. */
		long along = dx * ox + dy * oy;
		long across = dx ? (oy < 0 ? -oy : oy) : (ox < 0 ? -ox : ox);
		if ((dx && dy) || along <= 0)
			continue;
		long score = along + 2 * across;
		if (best == issue || score < best_score) {
			best = j;
			best_score = score;
		}
	}
	return best;
}

void tr_layout_follow(const tr_layout *l, size_t issue, int w, int h, int *x0, int *y0)
{
	tr_rect r;
	if (tr_layout_box(l, issue, &r)) {
		if (r.x + r.w > *x0 + w)
			*x0 = r.x + r.w - w;
		if (r.x < *x0)
			*x0 = r.x;
		if (r.y + r.h > *y0 + h)
			*y0 = r.y + r.h - h;
		if (r.y < *y0)
			*y0 = r.y;
	}
	if (*x0 > l->width - w)
		*x0 = l->width - w;
	if (*y0 > l->height - h)
		*y0 = l->height - h;
	if (*x0 < 0)
		*x0 = 0;
	if (*y0 < 0)
		*y0 = 0;
}
