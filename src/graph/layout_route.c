/* Channel routing and the finished layout.
 *
 * Between layer L and L + 1 lies a channel.  A net is what leaves one port
 * on the left: all forward segments of a box (they share its out-port and
 * fan out), or a single segment.  A net runs along its left row to its
 * track, along the track, then along each right row to the next layer:
 *
 *     left row ──┐            one track per net, several nets per track
 *                ├──▶ right row   when their spans do not meet
 *                └──▶ right row
 *
 * Each row holds at most one left end and one right end.  When the left row
 * of net i is the right row of net j, i's run must stop before j's track
 * starts, so i takes a track left of j's: tracks are filled left to right,
 * each with the nets whose such constraints are met, topmost first (the
 * "left-edge" algorithm with vertical constraints).  A net straight across
 * (same row on both sides) needs no track.
 *
 * Two nets that swap rows (i from row r1 to r2, j from r2 to r1) each need a
 * track left of the other's.  Such a cycle is broken with a dogleg: one net
 * first runs along a track of its own to a row no run of this channel uses,
 * across it, and on from there, so it no longer constrains the others. */
#include "config.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "graph_internal.h"
#include "triage/text.h"

typedef struct rnet {
	int lr, top, bot;
	int first, nseg;        /* into the channel's segment list */
	int succ;               /* net that must sit on a track to the right; -1 */
	int pcount;             /* nets that must sit left of this one, not yet placed */
	int track;
	int jog;                /* the net continuing this one after a dogleg; -1 */
	int jog_row;
	bool straight;
} rnet;

typedef struct {
	int top, bot, id;
} net_key;

static int cmp_net(const void *pa, const void *pb)
{
	const net_key *a = pa, *b = pb;
	if (a->top != b->top)
		return (a->top > b->top) - (a->top < b->top);
	if (a->bot != b->bot)
		return (a->bot > b->bot) - (a->bot < b->bot);
	return (a->id > b->id) - (a->id < b->id);
}

typedef struct {
	rnet *nets;
	size_t capnets;
	int *segs;
	size_t capsegs;
	net_key *sorted;
	size_t capsorted;
	int *owner;             /* per minor row: the net whose right end is there; -1 */
	int *used;              /* per minor row: the last channel (+1) with a run on it */
	int rows, row_lo;       /* rows a dogleg may use: [row_lo, rows) */
} route_tmp;

static int row_a(const lay_ctx *c, const lseg *s)
{
	return c->nodes[s->a].pos + s->aoff;
}

static int row_b(const lay_ctx *c, const lseg *s)
{
	return c->nodes[s->b].pos + s->boff;
}

static rnet *add_net(route_tmp *t, int nn, int ns, int lr)
{
	tr_grow((void **)&t->nets, &t->capnets, (size_t)nn + 1, sizeof *t->nets);
	rnet *net = &t->nets[nn];
	net->lr = net->top = net->bot = lr;
	net->first = ns;
	net->nseg = 0;
	net->succ = -1;
	net->pcount = 0;
	net->track = -1;
	net->jog = -1;
	net->jog_row = 0;
	net->straight = false;
	return net;
}

static void add_seg(const lay_ctx *c, route_tmp *t, rnet *net, int *ns, int sid)
{
	tr_grow((void **)&t->segs, &t->capsegs, (size_t)*ns + 1, sizeof *t->segs);
	t->segs[(*ns)++] = sid;
	net->nseg++;
	int rr = row_b(c, &c->segs[sid]);
	if (rr < net->top)
		net->top = rr;
	if (rr > net->bot)
		net->bot = rr;
}

/* Splits a net on a cycle of constraints in two at a free row; false when
 * the channel has none.  The first part keeps the net's index and its left
 * end, the second (a new net, added at sorted[nr]) takes its right ends. */
static bool dogleg(route_tmp *t, int L, int *nn, int nr)
{
	/* Every remaining net must sit left of a remaining one: following
	 * those links from anywhere ends on a cycle.  Walking as many steps as
	 * there are nets is sure to stand on it. */
	int i = t->sorted[0].id;
	for (int k = 0; k < nr && t->nets[i].succ >= 0; k++)
		i = t->nets[i].succ;
	int r1 = t->nets[i].lr, q = -1;
	for (int d = 1; d < t->rows && q < 0; d++) {
		/* Never on a lane's row: lanes pass through every channel. */
		if (r1 - d >= t->row_lo && t->used[r1 - d] != L + 1)
			q = r1 - d;
		else if (r1 + d >= t->row_lo && r1 + d < t->rows && t->used[r1 + d] != L + 1)
			q = r1 + d;
	}
	if (q < 0)
		return false;
	t->used[q] = L + 1;
	int i2 = (*nn)++;
	add_net(t, i2, 0, q);
	rnet *first = &t->nets[i], *second = &t->nets[i2];
	second->top = first->top < q ? first->top : q;
	second->bot = first->bot > q ? first->bot : q;
	/* Whatever had to sit left of the net now sits left of its second part. */
	for (int k = 0; k < nr; k++)
		if (t->nets[t->sorted[k].id].succ == i)
			t->nets[t->sorted[k].id].succ = i2;
	second->pcount = first->pcount;
	first->pcount = 0;
	first->jog = i2;
	first->jog_row = q;
	first->top = r1 < q ? r1 : q;
	first->bot = r1 > q ? r1 : q;
	for (int k = 0; k < nr; k++)
		if (t->sorted[k].id == i)
			t->sorted[k] = (net_key){ first->top, first->bot, i };
	tr_grow((void **)&t->sorted, &t->capsorted, (size_t)nr + 1, sizeof *t->sorted);
	t->sorted[nr] = (net_key){ second->top, second->bot, i2 };
	return true;
}

/* ---- the nets ready for a track ------------------------------------- */

typedef struct {
	int size;               /* leaves: a power of two at least the entries */
	unsigned char *v;       /* v[size + k]: entry k of sorted is ready; above, any below */
	unsigned char *gone;    /* per entry: placed */
	int *pos;               /* per net: its entry, or -1 */
	int *placed;            /* the entries placed in this pass */
} ready_set;

static void ready_put(ready_set *r, int k, bool on)
{
	int i = k + r->size;
	r->v[i] = on;
	for (i >>= 1; i >= 1; i >>= 1)
		r->v[i] = r->v[2 * i] | r->v[2 * i + 1];
}

/* The first ready entry at k or after it, or -1. */
static int ready_next(const ready_set *r, int k)
{
	if (k >= r->size)
		return -1;
	int i = k + r->size;
	if (!r->v[i]) {
		for (;;) {
			if (i <= 1)
				return -1;
			if (!(i & 1) && r->v[i + 1]) {
				i++;
				break;
			}
			i >>= 1;
		}
		while (i < r->size)
			i = r->v[2 * i] ? 2 * i : 2 * i + 1;
	}
	return i - r->size;
}

/* Entries [0, n) of sorted, none placed; returns n. */
static int ready_build(ready_set *r, const route_tmp *t, int n, int nn)
{
	free(r->v);
	free(r->gone);
	free(r->pos);
	free(r->placed);
	for (r->size = 1; r->size < n; r->size *= 2)
		;
	r->v = tr_calloc(2 * (size_t)r->size, 1);
	r->gone = tr_calloc((size_t)r->size, 1);
	r->pos = tr_malloc(((size_t)nn + 1) * sizeof *r->pos);
	r->placed = tr_malloc(((size_t)n + 1) * sizeof *r->placed);
	for (int i = 0; i < nn; i++)
		r->pos[i] = -1;
	for (int k = 0; k < n; k++) {
		r->pos[t->sorted[k].id] = k;
		r->v[r->size + k] = t->nets[t->sorted[k].id].pcount == 0;
	}
	for (int i = r->size - 1; i >= 1; i--)
		r->v[i] = r->v[2 * i] | r->v[2 * i + 1];
	return n;
}

/* Drops the placed entries from sorted, keeping the order of the others. */
static void ready_compact(const ready_set *r, route_tmp *t, int nk)
{
	int keep = 0;
	for (int k = 0; k < nk; k++)
		if (!r->gone[k])
			t->sorted[keep++] = t->sorted[k];
}

static void ready_free(ready_set *r)
{
	free(r->v);
	free(r->gone);
	free(r->pos);
	free(r->placed);
}

/* The first of n sorted entries whose top is below `last`. */
static int first_above(const net_key *v, int n, int last)
{
	int lo = 0, hi = n;
	while (lo < hi) {
		int mid = lo + (hi - lo) / 2;
		if (v[mid].top > last)
			hi = mid;
		else
			lo = mid + 1;
	}
	return lo;
}

/* Routes channel L; returns how many tracks it needs. */
static int route_channel(lay_ctx *c, int L, route_tmp *t)
{
	int nn = 0, ns = 0;
	int nlay = c->lay_start[L + 1] - c->lay_start[L], npin = c->pin_start[L + 1] - c->pin_start[L];
	for (int i = 0; i < nlay + npin; i++) {
		int x = i < nlay ? c->lay[c->lay_start[L] + i] : c->pin[c->pin_start[L] + i - nlay];
		bool real = c->nodes[x].issue != TR_NONE;
		rnet *shared = NULL;
		if (real)
			for (int k = c->rstart[x]; k < c->rstart[x + 1]; k++) {
				const lseg *s = &c->segs[c->rseg[k]];
				if (c->edges[s->edge].reversed)
					continue;
				if (!shared)
					shared = add_net(t, nn++, ns, row_a(c, s));
				add_seg(c, t, shared, &ns, c->rseg[k]);
			}
		for (int k = c->rstart[x]; k < c->rstart[x + 1]; k++) {
			const lseg *s = &c->segs[c->rseg[k]];
			if (real && !c->edges[s->edge].reversed)
				continue;
			rnet *net = add_net(t, nn++, ns, row_a(c, s));
			add_seg(c, t, net, &ns, c->rseg[k]);
		}
	}
	for (int i = 0; i < nn; i++) {
		t->used[t->nets[i].lr] = L + 1;
		for (int k = 0; k < t->nets[i].nseg; k++)
			t->used[row_b(c, &c->segs[t->segs[t->nets[i].first + k]])] = L + 1;
	}
	/* Right ends, and the constraints they make. */
	for (int i = 0; i < nn; i++) {
		rnet *net = &t->nets[i];
		net->straight = net->nseg == 1 && net->top == net->bot;
		for (int k = 0; k < net->nseg; k++)
			t->owner[row_b(c, &c->segs[t->segs[net->first + k]])] = i;
	}
	int nr = 0;
	tr_grow((void **)&t->sorted, &t->capsorted, (size_t)nn + 1, sizeof *t->sorted);
	for (int i = 0; i < nn; i++) {
		rnet *net = &t->nets[i];
		int j = t->owner[net->lr];
		if (j >= 0 && j != i && !net->straight && !t->nets[j].straight) {
			net->succ = j;
			t->nets[j].pcount++;
		}
		if (!net->straight)
			t->sorted[nr++] = (net_key){ net->top, net->bot, i };
	}
	for (int i = 0; i < nn; i++) {
		rnet *net = &t->nets[i];
		for (int k = 0; k < net->nseg; k++)
			t->owner[row_b(c, &c->segs[t->segs[net->first + k]])] = -1;
	}
	qsort(t->sorted, (size_t)nr, sizeof *t->sorted, cmp_net);

	/* The left-edge rule, track by track: in order of top, each net whose
	 * predecessors are placed and that starts below the last one taken.
	 * The nets ready are kept in a tree over the sorted list, so that a
	 * pass costs what it places, not every net left (a channel of n nets
	 * on k tracks cost n k). */
	ready_set rs = { 0 };
	int nk = ready_build(&rs, t, nr, nn);  /* entries of sorted, placed ones among them */
	int track = 0;
	while (nr > 0) {
		int last = INT_MIN, placed = 0;
		for (int k = 0; (k = ready_next(&rs, k)) >= 0;) {
			rnet *net = &t->nets[t->sorted[k].id];
			net->track = track;
			last = net->bot;
			rs.placed[placed++] = k;
			int above = first_above(t->sorted, nk, last);
			k = above > k ? above : k + 1;
		}
		if (!placed) {
			/* Only nets on cycles of constraints, or waiting on one, are
			 * left: break a cycle. */
			ready_compact(&rs, t, nk);
			if (dogleg(t, L, &nn, nr)) {
				nr++;
				qsort(t->sorted, (size_t)nr, sizeof *t->sorted, cmp_net);
			} else {
				/* Not one free row in the channel: let the topmost go
				 * first; its left run then meets another's right run. */
				t->nets[t->sorted[0].id].pcount = 0;
			}
			nk = ready_build(&rs, t, nr, nn);
			continue;
		}
		for (int p = 0; p < placed; p++) {
			rs.gone[rs.placed[p]] = 1;
			ready_put(&rs, rs.placed[p], false);
		}
		for (int p = 0; p < placed; p++) {
			int succ = t->nets[t->sorted[rs.placed[p]].id].succ;
			if (succ < 0)
				continue;
			t->nets[succ].pcount--;
			int at = rs.pos[succ];
			if (at >= 0 && !rs.gone[at] && t->nets[succ].pcount == 0)
				ready_put(&rs, at, true);
		}
		nr -= placed;
		track++;
	}
	ready_free(&rs);
	for (int i = 0; i < nn; i++) {
		const rnet *net = &t->nets[i];
		for (int k = 0; k < net->nseg; k++) {
			lseg *s = &c->segs[t->segs[net->first + k]];
			s->track = net->track;
			s->jog_track = -1;
			if (net->jog >= 0) {
				s->jog_track = net->track;
				s->jog_row = net->jog_row;
				s->track = t->nets[net->jog].track;
			}
		}
	}
	return track;
}

void lay_route_channels(lay_ctx *c)
{
	route_tmp t;
	memset(&t, 0, sizeof t);
	size_t rows = (size_t)c->minor_extent + 1;
	t.rows = c->minor_extent;
	t.row_lo = c->lane_base;
	t.used = tr_calloc(rows, sizeof *t.used);
	t.owner = tr_malloc(rows * sizeof *t.owner);
	for (size_t r = 0; r < rows; r++)
		t.owner[r] = -1;
	free(c->chan_width);
	c->chan_width = tr_calloc((size_t)c->nlayers + 1, sizeof *c->chan_width);
	for (size_t s = 0; s < c->nsegs; s++)
		c->segs[s].track = -1;
	for (int L = 0; L + 1 < c->nlayers; L++)
		/* A stub out of the box, the tracks, then a stub and the arrowhead. */
		c->chan_width[L] = route_channel(c, L, &t) + 3;
	free(t.nets);
	free(t.segs);
	free(t.sorted);
	free(t.owner);
	free(t.used);
}

/* ---- edge paths -------------------------------------------------------- */

typedef struct {
	lay_point *p;
	size_t n, cap;
} path;

/* Appends a point, dropping repeats and the middle of straight runs. */
static void path_add(path *pa, int x, int y)
{
	if (pa->n && pa->p[pa->n - 1].x == x && pa->p[pa->n - 1].y == y)
		return;
	if (pa->n >= 2) {
		lay_point a = pa->p[pa->n - 2], b = pa->p[pa->n - 1];
		if ((a.x == b.x && b.x == x) || (a.y == b.y && b.y == y)) {
			pa->p[pa->n - 1] = (lay_point){ x, y };
			return;
		}
	}
	tr_grow((void **)&pa->p, &pa->cap, pa->n + 1, sizeof *pa->p);
	pa->p[pa->n++] = (lay_point){ x, y };
}

static void path_add_mm(path *pa, const lay_ctx *c, int major, int minor)
{
	if (c->dir == TR_LAYOUT_LEFT_RIGHT)
		path_add(pa, major, minor);
	else
		path_add(pa, minor, major);
}

static void edge_path(const lay_ctx *c, const ledge *e, path *pa)
{
	pa->n = 0;
	for (int k = 0; k < e->nseg; k++) {
		const lseg *s = &c->segs[e->seg0 + k];
		int L = c->nodes[s->a].layer;
		int cs = c->layer_major[L] + c->box_major;
		/* Along a lane, a segment spans several layers. */
		int ce = c->layer_major[c->nodes[s->b].layer] - 1;
		int lr = row_a(c, s), rr = row_b(c, s);
		path_add_mm(pa, c, cs, lr);
		if (s->jog_track >= 0) {
			path_add_mm(pa, c, cs + 1 + s->jog_track, lr);
			path_add_mm(pa, c, cs + 1 + s->jog_track, s->jog_row);
			path_add_mm(pa, c, cs + 1 + s->track, s->jog_row);
			path_add_mm(pa, c, cs + 1 + s->track, rr);
		} else if (s->track >= 0) {
			path_add_mm(pa, c, cs + 1 + s->track, lr);
			path_add_mm(pa, c, cs + 1 + s->track, rr);
		}
		path_add_mm(pa, c, ce, rr);
	}
	if (e->reversed)
		for (size_t i = 0, j = pa->n ? pa->n - 1 : 0; i < j; i++, j--) {
			lay_point tmp = pa->p[i];
			pa->p[i] = pa->p[j];
			pa->p[j] = tmp;
		}
}

/* ---- labels ------------------------------------------------------------ */

/* Writes the inert, clipped form of s into cells; returns columns used.
 * Zero-width code points are dropped: a cell holds one code point. */
static int put_text(tr_cell *cells, int room, const char *s, bool ascii, uint8_t role)
{
	tr_buf b = TR_BUF_INIT;
	tr_text_fit(&b, s, room > 0 ? (size_t)room : 0, ascii);
	const char *p = tr_buf_str(&b);
	size_t n = b.len, i = 0;
	int col = 0;
	while (i < n) {
		uint32_t cp;
		i += tr_utf8_decode(p + i, n - i, &cp);
		int w = tr_cp_width(cp);
		if (w <= 0)
			continue;
		if (col + w > room)
			break;
		cells[col] = (tr_cell){ cp, role };
		if (w == 2)
			cells[col + 1] = (tr_cell){ 0, role };
		col += w;
	}
	tr_buf_free(&b);
	return col;
}

/* A mark for progress, so a drawing without colour still tells what is
 * done: in progress », fixed ✓, verified ✔, won't fix ⊘ (in ASCII % f V w:
 * as the console's symbol table has them, each apart from its other marks;
 * not ~, which ends a cut title, v more below, x times or * the cursor). */
static uint32_t state_mark(uint8_t state, bool ascii)
{
	static const uint32_t uni[TR_STATE_COUNT] = { 0, 0xBB, 0x2713, 0x2714, 0x2298 };
	static const uint32_t asc[TR_STATE_COUNT] = { 0, '%', 'f', 'V', 'w' };
	return state < TR_STATE_COUNT ? (ascii ? asc : uni)[state] : 0;
}

void lay_label(const tr_layout *l, size_t issue, tr_cell *cells)
{
	int w = l->boxw;
	for (int i = 0; i < 2 * w; i++)
		cells[i] = (tr_cell){ ' ', TR_CELL_BOX_TEXT };
	/* First line: the id, then at the right end the progress mark and the
	 * priority: "#305      ✓P0". */
	const char *prio = tr_priority_word((tr_priority)l->priority[issue]);
	uint32_t mark = state_mark(l->state[issue], l->ascii);
	int suffix = (prio ? 2 : 0) + (mark ? 1 : 0);
	bool loop = l->selfloop[issue];
	int room = w - (suffix ? suffix + 1 : 0) - (loop ? 2 : 0);
	int col = put_text(cells, room, l->strings + l->id_at[issue], l->ascii, TR_CELL_BOX_ID);
	if (loop)
		cells[col + 1] = (tr_cell){ l->ascii ? '@' : 0x21BB, TR_CELL_BOX_TEXT };  /* ↻ */
	if (suffix && w > suffix) {
		int at = w - suffix;
		if (mark)
			cells[at++] = (tr_cell){ mark, TR_CELL_BOX_TEXT };
		if (prio) {
			cells[at] = (tr_cell){ (uint32_t)prio[0], TR_CELL_BOX_TEXT };
			cells[at + 1] = (tr_cell){ (uint32_t)prio[1], TR_CELL_BOX_TEXT };
		}
	}
	if (l->title_at[issue] != TR_NONE)
		put_text(cells + w, w, l->strings + l->title_at[issue], l->ascii, TR_CELL_BOX_TEXT);
}

int lay_text_width(const char *s, int cap)
{
	size_t n = strlen(s), i = 0;
	int w = 0;
	while (i < n && w < cap) {
		uint32_t cp;
		i += tr_utf8_decode(s + i, n - i, &cp);
		w += tr_cp_width(cp == '\t' ? ' ' : cp);
	}
	return w;
}

/* ---- the finished layout ---------------------------------------------- */

/* Copies what an issue's label shows into the layout's string pool. */
static void keep_label(tr_layout *l, tr_buf *pool, const tr_issue *is, size_t i)
{
	l->priority[i] = (int8_t)is->priority;
	l->id_at[i] = pool->len;
	tr_buf_add(pool, is->id, strlen(is->id) + 1);
	l->title_at[i] = TR_NONE;
	if (is->title) {
		l->title_at[i] = pool->len;
		tr_buf_add(pool, is->title, strlen(is->title) + 1);
	}
}

tr_layout *lay_finish(lay_ctx *c, const tr_model *m, const tr_graph *g, size_t n,
                      const tr_layout_opts *o)
{
	tr_layout *l = tr_calloc(1, sizeof *l);
	l->dir = c->dir;
	l->ascii = o->ascii;
	l->boxw = c->boxw;
	l->nissues = n;
	l->selected = TR_NONE;
	l->box = tr_calloc(n ? n : 1, sizeof *l->box);
	l->state = tr_calloc(n ? n : 1, 1);
	l->critical = tr_calloc(n ? n : 1, 1);
	l->up = tr_calloc(n ? n : 1, 1);
	l->down = tr_calloc(n ? n : 1, 1);
	l->id_at = tr_malloc((n ? n : 1) * sizeof *l->id_at);
	l->title_at = tr_malloc((n ? n : 1) * sizeof *l->title_at);
	l->priority = tr_malloc(n ? n : 1);
	l->selfloop = c->selfloop;
	c->selfloop = NULL;
	tr_buf pool = TR_BUF_INIT;
	l->drawn = tr_malloc((n ? n : 1) * sizeof *l->drawn);
	for (size_t i = 0; i < n; i++) {
		if (o->state && o->state[i] < TR_STATE_COUNT)
			l->state[i] = o->state[i];
		l->critical[i] = g->nodes[i].critical != 0;
	}
	bool lr = c->dir == TR_LAYOUT_LEFT_RIGHT;
	int major = c->nlayers ? c->layer_major[c->nlayers] : 0;
	l->width = lr ? major : c->minor_extent;
	l->height = lr ? c->minor_extent : major;
	for (int L = 0; L < c->nlayers; L++) {
		for (int k = c->lay_start[L]; k < c->lay_start[L + 1]; k++) {
			const lnode *nd = &c->nodes[c->lay[k]];
			if (nd->issue == TR_NONE)
				continue;
			int mj = c->layer_major[L];
			l->box[nd->issue] = lr ? (tr_rect){ mj, nd->pos, c->box_major, nd->size }
			                       : (tr_rect){ nd->pos, mj, nd->size, c->box_major };
			l->drawn[l->ndrawn++] = nd->issue;
			keep_label(l, &pool, &m->issues[nd->issue], nd->issue);
		}
	}
	/* The shelf: issues with no edge, in rows as wide as the drawing, or
	 * the pane when that is wider. */
	int wrap = l->width > o->pane_width ? l->width : o->pane_width > 0 ? o->pane_width : 80;
	int bw = c->boxw + 2, x = 0, y = l->height ? l->height + 1 : 0;
	for (size_t k = 0; k < c->nshelf; k++) {
		size_t i = c->shelf[k];
		if (x > 0 && x + bw > wrap) {
			x = 0;
			y += LAY_BOX_ROWS + 1;
		}
		l->box[i] = (tr_rect){ x, y, bw, LAY_BOX_ROWS };
		l->drawn[l->ndrawn++] = i;
		keep_label(l, &pool, &m->issues[i], i);
		if (x + bw > l->width)
			l->width = x + bw;
		if (y + LAY_BOX_ROWS > l->height)
			l->height = y + LAY_BOX_ROWS;
		x += bw + 1;
	}
	tr_buf_addc(&pool, '\0');
	l->strings = tr_buf_detach(&pool);
	l->nedges = c->nedges;
	l->edges = c->edges;
	c->edges = NULL;
	path pa = { NULL, 0, 0 };
	size_t cap = 0;
	for (size_t e = 0; e < l->nedges; e++) {
		ledge *ed = &l->edges[e];
		edge_path(c, ed, &pa);
		ed->pt0 = l->npts;
		ed->npt = pa.n;
		tr_grow((void **)&l->pts, &cap, l->npts + pa.n, sizeof *l->pts);
		memcpy(l->pts + l->npts, pa.p, pa.n * sizeof *pa.p);
		l->npts += pa.n;
		ed->x0 = ed->y0 = INT_MAX;
		ed->x1 = ed->y1 = INT_MIN;
		for (size_t i = 0; i < pa.n; i++) {
			if (pa.p[i].x < ed->x0) ed->x0 = pa.p[i].x;
			if (pa.p[i].y < ed->y0) ed->y0 = pa.p[i].y;
			if (pa.p[i].x > ed->x1) ed->x1 = pa.p[i].x;
			if (pa.p[i].y > ed->y1) ed->y1 = pa.p[i].y;
		}
	}
	free(pa.p);
	/* The adjacency, for highlighting a selection's up- and downstream. */
	size_t ne = g->succ_start[n];
	l->succ_start = tr_malloc((n + 1) * sizeof *l->succ_start);
	l->pred_start = tr_malloc((n + 1) * sizeof *l->pred_start);
	l->succ = tr_malloc((ne ? ne : 1) * sizeof *l->succ);
	l->pred = tr_malloc((ne ? ne : 1) * sizeof *l->pred);
	memcpy(l->succ_start, g->succ_start, (n + 1) * sizeof *l->succ_start);
	memcpy(l->pred_start, g->pred_start, (n + 1) * sizeof *l->pred_start);
	memcpy(l->succ, g->succ, ne * sizeof *l->succ);
	memcpy(l->pred, g->pred, ne * sizeof *l->pred);
	return l;
}
