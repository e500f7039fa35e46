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

static const char *const role_words[] = {
#define X(name, word) word,
	TR_CELL_ROLE_LIST(X)
#undef X
};

const char *tr_cell_role_word(tr_cell_role r)
{
	if ((unsigned)r >= TR_CELL_ROLE_COUNT)
		r = TR_CELL_BACKGROUND;
	return role_words[r];
}

/* ---- building blocks --------------------------------------------------- */

static int cmp_int3(const void *pa, const void *pb)
{
	const int *a = pa, *b = pb;
	for (int i = 0; i < 3; i++)
		if (a[i] != b[i])
			return (a[i] > b[i]) - (a[i] < b[i]);
	return 0;
}

/* Layers by longest path over the edges that are not back edges; `finish`
 * from the graph is not kept, so walk a topological order of our own
 * (Kahn's algorithm over the forward edges). */
static int *longest_path_layers(const tr_graph *g)
{
	size_t n = g->nissues;
	int *layer = tr_calloc(n ? n : 1, sizeof *layer);
	size_t *indeg = tr_calloc(n ? n : 1, sizeof *indeg);
	size_t *queue = tr_malloc((n ? n : 1) * sizeof *queue), head = 0, tail = 0;
	for (size_t u = 0; u < n; u++)
		for (size_t e = g->succ_start[u]; e < g->succ_start[u + 1]; e++)
			if (!g->succ_back[e])
				indeg[g->succ[e]]++;
	for (size_t u = 0; u < n; u++)
		if (!indeg[u])
			queue[tail++] = u;
	while (head < tail) {
		size_t u = queue[head++];
		for (size_t e = g->succ_start[u]; e < g->succ_start[u + 1]; e++) {
			if (g->succ_back[e])
				continue;
			size_t v = g->succ[e];
			if (layer[v] < layer[u] + 1)
				layer[v] = layer[u] + 1;
			if (--indeg[v] == 0)
				queue[tail++] = v;
		}
	}
	/* Longest path puts every issue that waits on nothing in the first
	 * layer, however far its dependents are: a chain that starts late in a
	 * big cluster would cross the whole drawing.  Move an issue up to just
	 * before its nearest dependent when it has more dependents than
	 * prerequisites (shorter edges, fewer dummies); last ones first, so a
	 * move can make room for the one before. */
	/* Edges drawn to the right of u: forward ones out of it and back ones
	 * into it (drawn reversed); to its left: the others. */
	size_t *right = tr_calloc(n ? n : 1, sizeof *right), *left = tr_calloc(n ? n : 1, sizeof *left);
	int *nearest = tr_malloc((n ? n : 1) * sizeof *nearest);
	for (size_t u = 0; u < n; u++)
		nearest[u] = INT_MAX;
	for (size_t u = 0; u < n; u++)
		for (size_t e = g->succ_start[u]; e < g->succ_start[u + 1]; e++) {
			size_t v = g->succ[e];
			if (v == u)
				continue;
			size_t lo = g->succ_back[e] ? v : u, hi = g->succ_back[e] ? u : v;
			right[lo]++;
			left[hi]++;
		}
	for (size_t k = tail; k-- > 0;) {
		size_t u = queue[k];
		for (size_t e = g->succ_start[u]; e < g->succ_start[u + 1]; e++)
			if (!g->succ_back[e] && layer[g->succ[e]] < nearest[u])
				nearest[u] = layer[g->succ[e]];
		for (size_t e = g->pred_start[u]; e < g->pred_start[u + 1]; e++)
			if (layer[g->pred[e]] > layer[u] && layer[g->pred[e]] < nearest[u])
				nearest[u] = layer[g->pred[e]];      /* a back edge into u */
		if (right[u] > left[u] && nearest[u] != INT_MAX && nearest[u] - 1 > layer[u])
			layer[u] = nearest[u] - 1;
	}
	free(right);
	free(left);
	free(nearest);
	free(indeg);
	free(queue);
	return layer;
}

static int new_node(lay_ctx *c, size_t issue, int layer)
{
	tr_grow((void **)&c->nodes, &c->capnodes, c->nnodes + 1, sizeof *c->nodes);
	lnode *nd = &c->nodes[c->nnodes];
	memset(nd, 0, sizeof *nd);
	nd->issue = issue;
	nd->layer = layer;
	nd->size = 1;
	return (int)c->nnodes++;
}

static int new_seg(lay_ctx *c, int a, int b, size_t edge)
{
	tr_grow((void **)&c->segs, &c->capsegs, c->nsegs + 1, sizeof *c->segs);
	lseg *s = &c->segs[c->nsegs];
	memset(s, 0, sizeof *s);
	s->a = a;
	s->b = b;
	s->edge = edge;
	s->track = -1;
	s->jog_track = -1;
	return (int)c->nsegs++;
}

typedef struct {
	int span;
	size_t edge;
} span_of;

static int cmp_span_desc(const void *pa, const void *pb)
{
	const span_of *a = pa, *b = pb;
	if (a->span != b->span)
		return (a->span < b->span) - (a->span > b->span);
	return (a->edge > b->edge) - (a->edge < b->edge);
}

/* Which edges (by index into g->succ) go along a lane: none, unless the
 * dummies would pass the budget; then the longest, until they do not.  A
 * lane edge still has a dummy at each end, where it turns. */
static uint8_t *choose_lanes(const tr_graph *g, const int *layer, size_t budget)
{
	size_t n = g->nissues, ne = g->succ_start[n], total = 0;
	for (size_t u = 0; u < n; u++)
		for (size_t k = g->succ_start[u]; k < g->succ_start[u + 1]; k++) {
			int span = abs(layer[g->succ[k]] - layer[u]);
			if (span > 1)
				total += (size_t)span - 1;
		}
	if (total <= budget)
		return NULL;
	uint8_t *lane = tr_calloc(ne, 1);
	span_of *v = tr_malloc(ne * sizeof *v);
	size_t nv = 0;
	for (size_t u = 0; u < n; u++)
		for (size_t k = g->succ_start[u]; k < g->succ_start[u + 1]; k++) {
			int span = abs(layer[g->succ[k]] - layer[u]);
			if (span > 3)
				v[nv++] = (span_of){ span, k };
		}
	qsort(v, nv, sizeof *v, cmp_span_desc);
	for (size_t i = 0; i < nv && total > budget; i++) {
		lane[v[i].edge] = 1;
		total -= (size_t)v[i].span - 3;
	}
	free(v);
	return lane;
}

/* Real nodes, then for every edge its chain of dummies and segments. */
static void build_chains(lay_ctx *c, const tr_graph *g, const int *layer, bool hide_isolated,
                         size_t budget)
{
	size_t n = g->nissues;
	c->node_of = tr_malloc((n ? n : 1) * sizeof *c->node_of);
	c->shelf = tr_malloc((n ? n : 1) * sizeof *c->shelf);
	for (size_t v = 0; v < n; v++) {
		c->node_of[v] = -1;
		bool isolated = g->succ_start[v] == g->succ_start[v + 1] &&
		                g->pred_start[v] == g->pred_start[v + 1];
		/* Issues with no dependency at all would stack up in the first
		 * layer; they go on a shelf below instead, side by side. */
		if (isolated) {
			if (!hide_isolated)
				c->shelf[c->nshelf++] = v;
		} else {
			c->node_of[v] = new_node(c, v, layer[v]);
		}
	}
	/* Dummies cost memory and time in every later step: keep them within
	 * a few times the graph's own size. */
	size_t ne = g->succ_start[n];
	if (!budget)
		budget = 4 * (n + ne) > 100000 ? 4 * (n + ne) : 100000;
	uint8_t *lane = choose_lanes(g, layer, budget);
	c->edges = tr_calloc(ne ? ne : 1, sizeof *c->edges);
	for (size_t u = 0; u < n; u++) {
		for (size_t k = g->succ_start[u]; k < g->succ_start[u + 1]; k++) {
			size_t v = g->succ[k];
			if (v == u) {
				c->selfloop[u] = 1;
				continue;
			}
			ledge *ed = &c->edges[c->nedges];
			ed->from = u;
			ed->to = v;
			ed->reversed = g->succ_back[k] != 0;
			ed->cycle = g->component[u] == g->component[v];
			ed->critical = g->nodes[u].critical && g->nodes[v].critical == g->nodes[u].critical + 1;
			size_t lo = ed->reversed ? v : u, hi = ed->reversed ? u : v;
			int prev = c->node_of[lo];
			ed->seg0 = (int)c->nsegs;
			for (int L = layer[lo] + 1; L < layer[hi]; L++) {
				bool on_lane = lane && lane[k];
				/* On a lane, only the first and the last dummy. */
				if (on_lane && L > layer[lo] + 1 && L < layer[hi] - 1)
					continue;
				int d = new_node(c, NONE, L);
				c->nodes[d].pinned = on_lane;
				new_seg(c, prev, d, c->nedges);
				prev = d;
			}
			new_seg(c, prev, c->node_of[hi], c->nedges);
			ed->nseg = (int)c->nsegs - ed->seg0;
			c->nedges++;
		}
	}
	free(lane);
}

/* Lanes for the edges that have them: an edge holds its lane from its first
 * channel to its last, and edges whose spans do not meet share one. */
static void assign_lanes(lay_ctx *c)
{
	size_t nl = 0;
	for (size_t e = 0; e < c->nedges; e++)
		nl += c->nodes[c->segs[c->edges[e].seg0].b].pinned;
	if (!nl)
		return;
	int (*iv)[3] = tr_malloc(nl * sizeof *iv);     /* first channel, last channel, edge */
	size_t k = 0;
	for (size_t e = 0; e < c->nedges; e++) {
		const ledge *ed = &c->edges[e];
		int d1 = c->segs[ed->seg0].b, d2 = c->segs[ed->seg0 + ed->nseg - 1].a;
		if (c->nodes[d1].pinned)
			iv[k][0] = c->nodes[d1].layer - 1, iv[k][1] = c->nodes[d2].layer, iv[k++][2] = (int)e;
	}
	qsort(iv, nl, sizeof *iv, cmp_int3);
	/* Greedy colouring in order of start, which needs no more lanes than
	 * edges overlap: a heap of (end, lane) gives the lane free earliest. */
	int (*heap)[2] = tr_malloc(nl * sizeof *heap);
	size_t nh = 0;
	int nlanes = 0;
	for (size_t i = 0; i < nl; i++) {
		int lane;
		if (nh && heap[0][0] < iv[i][0]) {
			lane = heap[0][1];
			/* Pop: move the last to the root and sift it down. */
			heap[0][0] = heap[nh - 1][0];
			heap[0][1] = heap[nh - 1][1];
			nh--;
			for (size_t at = 0;;) {
				size_t l = 2 * at + 1, r = l + 1, m = at;
				if (l < nh && heap[l][0] < heap[m][0])
					m = l;
				if (r < nh && heap[r][0] < heap[m][0])
					m = r;
				if (m == at)
					break;
				int t0 = heap[at][0], t1 = heap[at][1];
				heap[at][0] = heap[m][0], heap[at][1] = heap[m][1];
				heap[m][0] = t0, heap[m][1] = t1;
				at = m;
			}
		} else {
			lane = nlanes++;
		}
		/* Push (end, lane) and sift it up. */
		size_t at = nh++;
		heap[at][0] = iv[i][1];
		heap[at][1] = lane;
		while (at > 0 && heap[(at - 1) / 2][0] > heap[at][0]) {
			size_t up = (at - 1) / 2;
			int t0 = heap[at][0], t1 = heap[at][1];
			heap[at][0] = heap[up][0], heap[at][1] = heap[up][1];
			heap[up][0] = t0, heap[up][1] = t1;
			at = up;
		}
		const ledge *ed = &c->edges[iv[i][2]];
		for (int k2 = 0; k2 < ed->nseg; k2++) {
			lnode *nd = &c->nodes[c->segs[ed->seg0 + k2].b];
			if (nd->pinned)
				nd->lane = lane;
		}
	}
	c->nlanes = nlanes;
	c->lane_base = nlanes ? nlanes + 1 : 0;
	free(heap);
	free(iv);
}

/* Each node's neighbours through segments, both ways, in CSR form. */
static void build_neighbours(lay_ctx *c)
{
	size_t nn = c->nnodes;
	c->lstart = tr_calloc(nn + 1, sizeof *c->lstart);
	c->rstart = tr_calloc(nn + 1, sizeof *c->rstart);
	c->lseg = tr_malloc((c->nsegs ? c->nsegs : 1) * sizeof *c->lseg);
	c->rseg = tr_malloc((c->nsegs ? c->nsegs : 1) * sizeof *c->rseg);
	for (size_t s = 0; s < c->nsegs; s++) {
		c->rstart[c->segs[s].a + 1]++;
		c->lstart[c->segs[s].b + 1]++;
	}
	for (size_t i = 0; i < nn; i++) {
		c->lstart[i + 1] += c->lstart[i];
		c->rstart[i + 1] += c->rstart[i];
	}
	int *lf = tr_malloc((nn ? nn : 1) * sizeof *lf), *rf = tr_malloc((nn ? nn : 1) * sizeof *rf);
	memcpy(lf, c->lstart, nn * sizeof *lf);
	memcpy(rf, c->rstart, nn * sizeof *rf);
	for (size_t s = 0; s < c->nsegs; s++) {
		c->rseg[rf[c->segs[s].a]++] = (int)s;
		c->lseg[lf[c->segs[s].b]++] = (int)s;
	}
	free(lf);
	free(rf);
}

/* ---- order within layers ----------------------------------------------- */

/* First order: a depth-first walk down the segments from every node that has
 * no left neighbour, in model order, so that a chain is drawn together. */
static void initial_order(lay_ctx *c)
{
	size_t nn = c->nnodes;
	c->lay_start = tr_calloc((size_t)c->nlayers + 1, sizeof *c->lay_start);
	c->lay = tr_malloc((nn ? nn : 1) * sizeof *c->lay);
	c->pin_start = tr_calloc((size_t)c->nlayers + 1, sizeof *c->pin_start);
	c->pin = tr_malloc((nn ? nn : 1) * sizeof *c->pin);
	for (size_t i = 0; i < nn; i++) {
		if (c->nodes[i].pinned)
			c->pin_start[c->nodes[i].layer + 1]++;
		else
			c->lay_start[c->nodes[i].layer + 1]++;
	}
	for (int L = 0; L < c->nlayers; L++) {
		c->lay_start[L + 1] += c->lay_start[L];
		c->pin_start[L + 1] += c->pin_start[L];
	}
	/* Pinned nodes keep out of the order: they sit above every layer. */
	int *pfill = tr_malloc(((size_t)c->nlayers + 1) * sizeof *pfill);
	memcpy(pfill, c->pin_start, (size_t)c->nlayers * sizeof *pfill);
	for (size_t i = 0; i < nn; i++)
		if (c->nodes[i].pinned) {
			c->nodes[i].order = -1;
			c->pin[pfill[c->nodes[i].layer]++] = (int)i;
		}
	free(pfill);
	int *fill = tr_malloc(((size_t)c->nlayers ? (size_t)c->nlayers : 1) * sizeof *fill);
	memcpy(fill, c->lay_start, (size_t)c->nlayers * sizeof *fill);
	uint8_t *seen = tr_calloc(nn ? nn : 1, 1);
	int *stack = tr_malloc((nn ? nn : 1) * sizeof *stack);
	for (int pass = 0; pass < 2; pass++) {
		for (size_t r = 0; r < nn; r++) {
			if (seen[r] || c->nodes[r].pinned || (pass == 0 && c->lstart[r + 1] > c->lstart[r]))
				continue;
			size_t sp = 0;
			stack[sp++] = (int)r;
			seen[r] = 1;
			while (sp) {
				int x = stack[--sp];
				lnode *nd = &c->nodes[x];
				nd->order = fill[nd->layer] - c->lay_start[nd->layer];
				c->lay[fill[nd->layer]++] = x;
				/* Pushed in reverse so the first successor is visited first. */
				for (int k = c->rstart[x + 1]; k-- > c->rstart[x];) {
					int y = c->segs[c->rseg[k]].b;
					if (!seen[y] && !c->nodes[y].pinned) {
						seen[y] = 1;
						stack[sp++] = y;
					}
				}
			}
		}
	}
	free(fill);
	free(seen);
	free(stack);
}

/* Crossings between layer L and L + 1: pairs of segments whose ends come
 * in opposite orders, counted with a Fenwick tree over the right ends while
 * walking the left ends in order.  Segments sharing an end never cross. */
static long long crossings_between(lay_ctx *c, int L, long long *tree)
{
	int width = c->lay_start[L + 2] - c->lay_start[L + 1];
	memset(tree, 0, ((size_t)width + 1) * sizeof *tree);
	long long cross = 0, inserted = 0;
	for (int i = c->lay_start[L]; i < c->lay_start[L + 1]; i++) {
		int x = c->lay[i];
		for (int k = c->rstart[x]; k < c->rstart[x + 1]; k++) {
			long long le = 0;      /* inserted with right end <= this one's */
			if (c->nodes[c->segs[c->rseg[k]].b].pinned)
				continue;
			for (int p = c->nodes[c->segs[c->rseg[k]].b].order + 1; p > 0; p -= p & -p)
				le += tree[p];
			cross += inserted - le;
		}
		for (int k = c->rstart[x]; k < c->rstart[x + 1]; k++) {
			if (c->nodes[c->segs[c->rseg[k]].b].pinned)
				continue;
			for (int p = c->nodes[c->segs[c->rseg[k]].b].order + 1; p <= width; p += p & -p)
				tree[p]++;
			inserted++;
		}
	}
	return cross;
}

static long long total_crossings(lay_ctx *c, long long *tree)
{
	long long t = 0;
	for (int L = 0; L + 1 < c->nlayers; L++)
		t += crossings_between(c, L, tree);
	return t;
}

typedef struct {
	double key;
	int order, node;
} keyed;

static int cmp_keyed(const void *pa, const void *pb)
{
	const keyed *a = pa, *b = pb;
	if (a->key != b->key)
		return a->key < b->key ? -1 : 1;
	return (a->order > b->order) - (a->order < b->order);
}

/* A node and its barycenter; sorting is stable, so ties keep the order the
 * layer had. */
typedef struct {
	float key;
	int node;
} bary;

/* After the first sweeps a layer is in order, or nearly: insertion sort
 * costs one pass plus the moves, and a budget of moves caps it at the cost
 * of the merge sort it falls back to. */
static void sort_bary(bary *v, size_t n, bary *tmp)
{
	size_t budget = 4 * n + 16;
	for (size_t i = 1; i < n && budget; i++) {
		bary x = v[i];
		size_t j = i;
		while (j > 0 && v[j - 1].key > x.key && budget) {
			v[j] = v[j - 1];
			j--;
			budget--;
		}
		v[j] = x;
	}
	if (budget)
		return;
	bary *src = v, *dst = tmp;
	for (size_t width = 1; width < n; width *= 2) {
		for (size_t lo = 0; lo < n; lo += 2 * width) {
			size_t mid = lo + width < n ? lo + width : n;
			size_t hi = lo + 2 * width < n ? lo + 2 * width : n;
			size_t a = lo, b = mid, k = lo;
			while (a < mid && b < hi)
				dst[k++] = src[b].key < src[a].key ? src[b++] : src[a++];
			while (a < mid)
				dst[k++] = src[a++];
			while (b < hi)
				dst[k++] = src[b++];
		}
		bary *t = src;
		src = dst;
		dst = t;
	}
	if (src != v)
		memcpy(v, src, n * sizeof *v);
}

/* Reorders layer L by the mean order of its neighbours on one side; a node
 * with none keeps its place. */
static void barycenter_layer(lay_ctx *c, int L, bool from_left, bary *tmp, bary *spare)
{
	int lo = c->lay_start[L], hi = c->lay_start[L + 1];
	const int *start = from_left ? c->lstart : c->rstart;
	const int *list = from_left ? c->lseg : c->rseg;
	for (int i = lo; i < hi; i++) {
		int x = c->lay[i];
		double sum = 0;
		int cnt = 0;
		for (int k = start[x]; k < start[x + 1]; k++) {
			const lseg *s = &c->segs[list[k]];
			const lnode *y = &c->nodes[from_left ? s->a : s->b];
			if (!y->pinned) {
				sum += y->order;
				cnt++;
			}
		}
		tmp[i - lo] = (bary){ cnt ? (float)(sum / cnt) : (float)c->nodes[x].order, x };
	}
	sort_bary(tmp, (size_t)(hi - lo), spare);
	for (int i = lo; i < hi; i++) {
		c->lay[i] = tmp[i - lo].node;
		c->nodes[tmp[i - lo].node].order = i - lo;
	}
}

static void reduce_crossings(lay_ctx *c)
{
	size_t nn = c->nnodes;
	if (c->nlayers < 2)
		return;
	int maxw = 0;
	for (int L = 0; L < c->nlayers; L++)
		if (c->lay_start[L + 1] - c->lay_start[L] > maxw)
			maxw = c->lay_start[L + 1] - c->lay_start[L];
	long long *tree = tr_malloc(((size_t)maxw + 1) * sizeof *tree);
	bary *tmp = tr_malloc(((size_t)maxw + 1) * sizeof *tmp);
	bary *spare = tr_malloc(((size_t)maxw + 1) * sizeof *spare);
	int *best = tr_malloc((nn ? nn : 1) * sizeof *best);
	memcpy(best, c->lay, nn * sizeof *best);
	long long best_cross = total_crossings(c, tree);
	/* A bounded number of sweeps, fewer for big graphs, so the cost stays
	 * linear: each sweep touches every node and segment once. */
	size_t work = nn + c->nsegs;
	int rounds = work < 20000 ? 12 : work < 200000 ? 4 : 2;
	for (int r = 0; r < rounds && best_cross > 0; r++) {
		for (int L = 1; L < c->nlayers; L++)
			barycenter_layer(c, L, true, tmp, spare);
		for (int L = c->nlayers - 2; L >= 0; L--)
			barycenter_layer(c, L, false, tmp, spare);
		long long cross = total_crossings(c, tree);
		if (cross < best_cross) {
			best_cross = cross;
			memcpy(best, c->lay, nn * sizeof *best);
		}
	}
	memcpy(c->lay, best, nn * sizeof *best);
	for (int L = 0; L < c->nlayers; L++)
		for (int i = c->lay_start[L]; i < c->lay_start[L + 1]; i++)
			c->nodes[c->lay[i]].order = i - c->lay_start[L];
	c->crossings = best_cross;
	free(tree);
	free(tmp);
	free(spare);
	free(best);
}

/* ---- ports and sizes --------------------------------------------------- */

/* Port offsets within each node.  On its far side (towards higher layers) a
 * real node has one port shared by all its forward segments and one per
 * reversed segment; on its near side one port per segment.  Ports are
 * ordered like the neighbours they lead to, so they do not cross. */
static void assign_ports(lay_ctx *c, int box_minor)
{
	int maxdeg = 0;
	for (size_t x = 0; x < c->nnodes; x++) {
		int d1 = c->rstart[x + 1] - c->rstart[x], d2 = c->lstart[x + 1] - c->lstart[x];
		if (d1 > maxdeg)
			maxdeg = d1;
		if (d2 > maxdeg)
			maxdeg = d2;
	}
	keyed *tmp = tr_malloc(((size_t)maxdeg + 1) * sizeof *tmp);
	for (size_t x = 0; x < c->nnodes; x++) {
		lnode *nd = &c->nodes[x];
		int nfar = 0, nnear = 0;
		if (nd->issue == NONE) {
			for (int k = c->rstart[x]; k < c->rstart[x + 1]; k++)
				c->segs[c->rseg[k]].aoff = 0;
			for (int k = c->lstart[x]; k < c->lstart[x + 1]; k++)
				c->segs[c->lseg[k]].boff = 0;
			nd->size = 1;
			continue;
		}
		/* Far side. */
		double fsum = 0;
		int fcnt = 0;
		for (int k = c->rstart[x]; k < c->rstart[x + 1]; k++) {
			const lseg *s = &c->segs[c->rseg[k]];
			if (!c->edges[s->edge].reversed) {
				fsum += c->nodes[s->b].order;
				fcnt++;
			}
		}
		if (fcnt)
			tmp[nfar++] = (keyed){ fsum / fcnt, -1, -1 };
		for (int k = c->rstart[x]; k < c->rstart[x + 1]; k++) {
			const lseg *s = &c->segs[c->rseg[k]];
			if (c->edges[s->edge].reversed)
				tmp[nfar++] = (keyed){ c->nodes[s->b].order, k, c->rseg[k] };
		}
		qsort(tmp, (size_t)nfar, sizeof *tmp, cmp_keyed);
		/* Near side, counted now so the box size is known. */
		nnear = c->lstart[x + 1] - c->lstart[x];
		int ports = nfar > nnear ? nfar : nnear;
		nd->size = box_minor > ports + 2 ? box_minor : ports + 2;
		int interior = nd->size - 2;
		int first = 1 + (interior - nfar) / 2;
		for (int i = 0; i < nfar; i++) {
			if (tmp[i].node < 0) {
				nd->outport = first + i;
				for (int k = c->rstart[x]; k < c->rstart[x + 1]; k++) {
					lseg *s = &c->segs[c->rseg[k]];
					if (!c->edges[s->edge].reversed)
						s->aoff = first + i;
				}
			} else {
				c->segs[tmp[i].node].aoff = first + i;
			}
		}
	}
	/* Near sides, once every far side is known: by the neighbour's order,
	 * then by its port, so two segments from one neighbour do not cross. */
	for (size_t x = 0; x < c->nnodes; x++) {
		lnode *nd = &c->nodes[x];
		if (nd->issue == NONE)
			continue;
		int nnear = 0;
		for (int k = c->lstart[x]; k < c->lstart[x + 1]; k++) {
			const lseg *s = &c->segs[c->lseg[k]];
			tmp[nnear++] = (keyed){ c->nodes[s->a].order + s->aoff / 1e6, k, c->lseg[k] };
		}
		qsort(tmp, (size_t)nnear, sizeof *tmp, cmp_keyed);
		int first = 1 + (nd->size - 2 - nnear) / 2;
		for (int i = 0; i < nnear; i++)
			c->segs[tmp[i].node].boff = first + i;
	}
	free(tmp);
}

/* ---- minor coordinates ------------------------------------------------- */

static int gap_between(const lay_ctx *c, int x, int y)
{
	/* Parallel long edges may run on neighbouring lines; boxes keep a blank
	 * line from anything. */
	return c->nodes[x].issue == NONE && c->nodes[y].issue == NONE ? 0 : 1;
}

static void pack_layers(lay_ctx *c)
{
	for (int L = 0; L < c->nlayers; L++) {
		int p = 0;
		for (int i = c->lay_start[L]; i < c->lay_start[L + 1]; i++) {
			int x = c->lay[i];
			if (i > c->lay_start[L])
				p += gap_between(c, c->lay[i - 1], x);
			c->nodes[x].pos = p;
			p += c->nodes[x].size;
		}
	}
}

typedef struct {
	double w, wq;
	int first;
} block;

/* Places layer L as close as possible (least squares) to want[] while
 * keeping the order and the spacing: pool-adjacent-violators on the
 * positions minus the packed offsets. */
static void layer_prefix(const lay_ctx *c, int L, int *prefix)
{
	int lo = c->lay_start[L], hi = c->lay_start[L + 1], p = 0;
	for (int i = lo; i < hi; i++) {
		if (i > lo)
			p += gap_between(c, c->lay[i - 1], c->lay[i]);
		prefix[i - lo] = p;
		p += c->nodes[c->lay[i]].size;
	}
}

static void place_layer(lay_ctx *c, int L, const double *want, const double *weight,
                        block *blocks, const int *prefix)
{
	int lo = c->lay_start[L], hi = c->lay_start[L + 1], nb = 0;
	for (int i = lo; i < hi; i++) {
		double q = want[i - lo] - prefix[i - lo];
		blocks[nb++] = (block){ weight[i - lo], weight[i - lo] * q, i - lo };
		while (nb > 1 && blocks[nb - 2].wq / blocks[nb - 2].w >= blocks[nb - 1].wq / blocks[nb - 1].w) {
			blocks[nb - 2].w += blocks[nb - 1].w;
			blocks[nb - 2].wq += blocks[nb - 1].wq;
			nb--;
		}
	}
	for (int b = 0; b < nb; b++) {
		double mean = blocks[b].wq / blocks[b].w;
		int v = (int)(mean < 0 ? mean - 0.5 : mean + 0.5);
		int end = b + 1 < nb ? blocks[b + 1].first : hi - lo;
		for (int i = blocks[b].first; i < end; i++)
			c->nodes[c->lay[lo + i]].pos = v + prefix[i];
	}
}

static double port_mean(const lay_ctx *c, int x, bool left, bool right, int *cnt)
{
	double sum = 0;
	*cnt = 0;
	/* A lane is above everything: it pulls nobody. */
	if (left)
		for (int k = c->lstart[x]; k < c->lstart[x + 1]; k++) {
			const lseg *s = &c->segs[c->lseg[k]];
			if (c->nodes[s->a].pinned)
				continue;
			sum += c->nodes[s->a].pos + s->aoff - s->boff;
			(*cnt)++;
		}
	if (right)
		for (int k = c->rstart[x]; k < c->rstart[x + 1]; k++) {
			const lseg *s = &c->segs[c->rseg[k]];
			if (c->nodes[s->b].pinned)
				continue;
			sum += c->nodes[s->b].pos + s->boff - s->aoff;
			(*cnt)++;
		}
	return *cnt ? sum / *cnt : 0;
}

/* What layer L's nodes want: to line their ports up with their neighbours'
 * on the left, on the right, or both (a node with none on the side asked
 * looks at the other).  A node with no neighbour at all wants to sit right
 * after the one before it: were it to want its current place, a neighbour
 * pushed past it would drag it along for good. */
static void wants(lay_ctx *c, int L, bool left, bool right, double *want, double *weight,
                  const int *prefix)
{
	int lo = c->lay_start[L], hi = c->lay_start[L + 1];
	for (int i = lo; i < hi; i++) {
		int x = c->lay[i], j = i - lo, cnt;
		double mean = port_mean(c, x, left, right, &cnt);
		if (!cnt)
			mean = port_mean(c, x, true, true, &cnt);
		/* Long edges should run straight: dummies pull harder. */
		weight[j] = !cnt ? 0 : c->nodes[x].issue == NONE ? 8.0 : 1.0;
		want[j] = mean;
	}
	/* want - prefix is what the regression sees: copy it from the nearest
	 * node that has a wish, the one before if any. */
	int prev = -1;
	for (int j = 0; j < hi - lo; j++) {
		if (weight[j] > 0) {
			prev = j;
			continue;
		}
		int from = prev;
		if (from < 0)
			for (int k = j + 1; k < hi - lo; k++)
				if (weight[k] > 0) {
					from = k;
					break;
				}
		want[j] = from < 0 ? prefix[j] : want[from] - prefix[from] + prefix[j];
		weight[j] = 1e-3;
	}
}

static void assign_minor(lay_ctx *c)
{
	pack_layers(c);
	int maxw = 0;
	for (int L = 0; L < c->nlayers; L++)
		if (c->lay_start[L + 1] - c->lay_start[L] > maxw)
			maxw = c->lay_start[L + 1] - c->lay_start[L];
	double *want = tr_malloc(((size_t)maxw + 1) * sizeof *want);
	double *weight = tr_malloc(((size_t)maxw + 1) * sizeof *weight);
	block *blocks = tr_malloc(((size_t)maxw + 1) * sizeof *blocks);
	int *prefix = tr_malloc(((size_t)maxw + 1) * sizeof *prefix);
	/* Each sweep costs a pass over every node and segment: fewer for big
	 * graphs, where the last ones hardly move anything anyway. */
	int sweeps = c->nnodes < 20000 ? 4 : 2;
	for (int it = 0; it < sweeps; it++) {
		for (int L = 1; L < c->nlayers; L++) {
			layer_prefix(c, L, prefix);
			wants(c, L, true, false, want, weight, prefix);
			place_layer(c, L, want, weight, blocks, prefix);
		}
		for (int L = c->nlayers - 2; L >= 0; L--) {
			layer_prefix(c, L, prefix);
			wants(c, L, false, true, want, weight, prefix);
			place_layer(c, L, want, weight, blocks, prefix);
		}
	}
	for (int L = 0; L < c->nlayers; L++) {
		layer_prefix(c, L, prefix);
		wants(c, L, true, true, want, weight, prefix);
		place_layer(c, L, want, weight, blocks, prefix);
	}
	free(want);
	free(weight);
	free(blocks);
	free(prefix);
	int min = INT_MAX, max = 0;
	for (size_t x = 0; x < c->nnodes; x++)
		if (!c->nodes[x].pinned && c->nodes[x].pos < min)
			min = c->nodes[x].pos;
	/* Lanes on top, the nearest the drawing for the first edges placed,
	 * then a blank line, then the drawing. */
	for (size_t x = 0; x < c->nnodes; x++) {
		lnode *nd = &c->nodes[x];
		if (nd->pinned) {
			nd->pos = c->nlanes - 1 - nd->lane;
			nd->size = 1;
		} else {
			nd->pos += c->lane_base - min;
		}
		if (nd->pos + nd->size > max)
			max = nd->pos + nd->size;
	}
	c->minor_extent = max;
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

/* The minor layout and the channels for one direction; returns the major
 * extent (the width left to right) the drawing needs. */
static int lay_direction(lay_ctx *c, tr_layout_dir dir, int boxw)
{
	c->dir = dir;
	c->boxw = boxw;
	c->box_major = dir == TR_LAYOUT_LEFT_RIGHT ? boxw + 2 : LAY_BOX_ROWS;
	int box_minor = dir == TR_LAYOUT_LEFT_RIGHT ? LAY_BOX_ROWS : boxw + 2;
	assign_ports(c, box_minor);
	assign_minor(c);
	lay_route_channels(c);
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
		if (i == NONE)
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
	int *layer = longest_path_layers(&sub);
	for (size_t v = 0; v < n; v++)
		if (layer[v] + 1 > c.nlayers)
			c.nlayers = layer[v] + 1;
	build_chains(&c, &sub, layer, o.hide_isolated, o.max_dummies);
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

	assign_lanes(&c);
	build_neighbours(&c);
	initial_order(&c);
	reduce_crossings(&c);

	int boxw = o.box_width > 0 ? o.box_width : 16;
	if (boxw < 8)
		boxw = 8;
	if (boxw > 200)
		boxw = 200;
	int need = content_width(m, &c, boxw);
	if (need < boxw)
		boxw = need;

	tr_layout_dir dir = o.dir;
	if (dir != TR_LAYOUT_TOP_BOTTOM)
		lay_direction(&c, TR_LAYOUT_LEFT_RIGHT, boxw);
	if (dir == TR_LAYOUT_AUTO) {
		dir = TR_LAYOUT_LEFT_RIGHT;
		if (o.pane_width > 0 && lr_width(&c, boxw) > o.pane_width) {
			/* Narrower boxes first: a left-to-right drawing reads best. */
			long fit = c.nlayers ? (o.pane_width - lr_width(&c, 0)) / c.nlayers : 0;
			int floor_w = boxw < 12 ? boxw : 12;
			long lr_narrow = lr_width(&c, floor_w);
			if (fit >= floor_w) {
				boxw = (int)fit;
				lay_direction(&c, TR_LAYOUT_LEFT_RIGHT, boxw);
			} else {
				dir = TR_LAYOUT_TOP_BOTTOM;
				lay_direction(&c, TR_LAYOUT_TOP_BOTTOM, boxw);
				/* Neither fits: the narrower one scrolls less. */
				if (c.minor_extent > o.pane_width && lr_narrow < c.minor_extent) {
					dir = TR_LAYOUT_LEFT_RIGHT;
					boxw = floor_w;
					lay_direction(&c, TR_LAYOUT_LEFT_RIGHT, boxw);
				}
			}
		}
	} else if (dir == TR_LAYOUT_TOP_BOTTOM) {
		lay_direction(&c, TR_LAYOUT_TOP_BOTTOM, boxw);
	}

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
	return NONE;
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
		l->selected = NONE;
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

/* ---- drawing ----------------------------------------------------------- */

enum { DIR_L = 1, DIR_R = 2, DIR_U = 4, DIR_D = 8 };

static uint32_t line_glyph(unsigned bits, bool ascii)
{
	static const uint32_t uni[16] = {
		' ', 0x2500, 0x2500, 0x2500,            /* -, L, R, LR */
		0x2502, 0x2518, 0x2514, 0x2534,         /* U, LU, RU, LRU */
		0x2502, 0x2510, 0x250C, 0x252C,         /* D, LD, RD, LRD */
		0x2502, 0x2524, 0x251C, 0x253C,         /* UD, LUD, RUD, LRUD */
	};
	if (!ascii)
		return uni[bits & 15];
	if (!bits)
		return ' ';
	if (!(bits & (DIR_U | DIR_D)))
		return '-';
	if (!(bits & (DIR_L | DIR_R)))
		return '|';
	return '+';
}

/* How strongly a role claims a cell two edges share. */
static int edge_rank(uint8_t role)
{
	switch (role) {
	case TR_CELL_EDGE_UPSTREAM: return 4;
	case TR_CELL_EDGE_DOWNSTREAM: return 3;
	case TR_CELL_EDGE_CRITICAL: return 2;
	case TR_CELL_EDGE_CYCLE: return 1;
	default: return 0;
	}
}

static uint8_t edge_role(const tr_layout *l, const ledge *e)
{
	if (l->selected != NONE) {
		if (e->to == l->selected || l->up[e->to])
			return TR_CELL_EDGE_UPSTREAM;
		if (e->from == l->selected || l->down[e->from])
			return TR_CELL_EDGE_DOWNSTREAM;
	}
	if (e->critical)
		return TR_CELL_EDGE_CRITICAL;
	if (e->cycle)
		return TR_CELL_EDGE_CYCLE;
	return TR_CELL_EDGE;
}

typedef struct {
	int x0, y0, w, h;
	tr_cell *out;
	uint8_t *bits;          /* DIR_* per cell; 0x10 marks an arrowhead, 0x20 a port */
} canvas;

static void put_bits(canvas *cv, int x, int y, unsigned bits, uint8_t role)
{
	x -= cv->x0;
	y -= cv->y0;
	if (x < 0 || y < 0 || x >= cv->w || y >= cv->h)
		return;
	size_t i = (size_t)y * (size_t)cv->w + (size_t)x;
	cv->bits[i] |= (uint8_t)bits;
	if (edge_rank(role) >= edge_rank(cv->out[i].role) || cv->out[i].role == TR_CELL_BACKGROUND)
		cv->out[i].role = role;
}

static void draw_run(canvas *cv, lay_point a, lay_point b, uint8_t role)
{
	if (a.y == b.y) {
		int lo = a.x < b.x ? a.x : b.x, hi = a.x < b.x ? b.x : a.x;
		if (lo < cv->x0)
			lo = cv->x0 - 1;
		if (hi > cv->x0 + cv->w)
			hi = cv->x0 + cv->w;
		for (int x = lo; x <= hi; x++)
			put_bits(cv, x, a.y, (x > lo ? DIR_L : 0) | (x < hi ? DIR_R : 0), role);
	} else {
		int lo = a.y < b.y ? a.y : b.y, hi = a.y < b.y ? b.y : a.y;
		if (lo < cv->y0)
			lo = cv->y0 - 1;
		if (hi > cv->y0 + cv->h)
			hi = cv->y0 + cv->h;
		for (int y = lo; y <= hi; y++)
			put_bits(cv, a.x, y, (y > lo ? DIR_U : 0) | (y < hi ? DIR_D : 0), role);
	}
}

static void draw_edge(const tr_layout *l, canvas *cv, const ledge *e)
{
	if (e->npt < 2 || e->x1 < cv->x0 - 1 || e->x0 > cv->x0 + cv->w || e->y1 < cv->y0 - 1 ||
	    e->y0 > cv->y0 + cv->h)
		return;
	uint8_t role = edge_role(l, e);
	const lay_point *p = l->pts + e->pt0;
	for (size_t i = 0; i + 1 < e->npt; i++)
		draw_run(cv, p[i], p[i + 1], role);
	/* The first cell joins the source box's port; the last is the arrowhead. */
	const tr_rect *src = &l->box[e->from];
	unsigned toward = p[0].x < src->x ? DIR_R : p[0].x >= src->x + src->w ? DIR_L :
	                  p[0].y < src->y ? DIR_D : DIR_U;
	put_bits(cv, p[0].x, p[0].y, toward, role);
	int px = p[0].x + (toward == DIR_R) - (toward == DIR_L);
	int py = p[0].y + (toward == DIR_D) - (toward == DIR_U);
	put_bits(cv, px, py, 0x20 | (toward == DIR_R ? DIR_L : toward == DIR_L ? DIR_R :
	                             toward == DIR_D ? DIR_U : DIR_D), role);
	const lay_point *z = &p[e->npt - 1];
	put_bits(cv, z->x, z->y, 0x10, role);
}

static uint32_t arrow_glyph(const tr_layout *l, const ledge *e, bool ascii)
{
	const lay_point *z = &l->pts[e->pt0 + e->npt - 1];
	const tr_rect *dst = &l->box[e->to];
	if (z->x < dst->x)
		return ascii ? '>' : 0x25B6;
	if (z->x >= dst->x + dst->w)
		return ascii ? '<' : 0x25C0;
	if (z->y < dst->y)
		return ascii ? 'v' : 0x25BC;
	return ascii ? '^' : 0x25B2;
}

static uint8_t border_role(const tr_layout *l, size_t i)
{
	if (i == l->selected)
		return TR_CELL_SELECTED;
	if (l->selected != NONE && l->up[i])
		return TR_CELL_UPSTREAM;
	if (l->selected != NONE && l->down[i])
		return TR_CELL_DOWNSTREAM;
	if (l->critical[i])
		return TR_CELL_CRITICAL;
	static const uint8_t by_state[TR_GRAPH_STATE_COUNT] = {
		TR_CELL_BOX_OPEN, TR_CELL_BOX_IN_PROGRESS, TR_CELL_BOX_FIXED,
		TR_CELL_BOX_VERIFIED, TR_CELL_BOX_WONT_FIX,
	};
	return by_state[l->state[i] < TR_GRAPH_STATE_COUNT ? l->state[i] : 0];
}

static void put_cell(canvas *cv, int x, int y, uint32_t cp, uint8_t role)
{
	x -= cv->x0;
	y -= cv->y0;
	if (x < 0 || y < 0 || x >= cv->w || y >= cv->h)
		return;
	cv->out[(size_t)y * (size_t)cv->w + (size_t)x] = (tr_cell){ cp, role };
}

static bool port_at(const canvas *cv, int x, int y)
{
	x -= cv->x0;
	y -= cv->y0;
	if (x < 0 || y < 0 || x >= cv->w || y >= cv->h)
		return false;
	return cv->bits[(size_t)y * (size_t)cv->w + (size_t)x] & 0x20;
}

static void draw_box(const tr_layout *l, canvas *cv, size_t i)
{
	const tr_rect *r = &l->box[i];
	if (r->x > cv->x0 + cv->w || r->x + r->w < cv->x0 || r->y > cv->y0 + cv->h ||
	    r->y + r->h < cv->y0)
		return;
	bool dbl = l->critical[i], a = l->ascii;
	uint8_t role = border_role(l, i);
	/* Single: ┌┐└┘─│ and ports ├┤┬┴; double for the critical path. */
	uint32_t tl = a ? (dbl ? '#' : '+') : dbl ? 0x2554 : 0x250C;
	uint32_t tr = a ? (dbl ? '#' : '+') : dbl ? 0x2557 : 0x2510;
	uint32_t bl = a ? (dbl ? '#' : '+') : dbl ? 0x255A : 0x2514;
	uint32_t br = a ? (dbl ? '#' : '+') : dbl ? 0x255D : 0x2518;
	uint32_t hz = a ? (dbl ? '=' : '-') : dbl ? 0x2550 : 0x2500;
	uint32_t vt = a ? '|' : dbl ? 0x2551 : 0x2502;
	int x1 = r->x + r->w - 1, y1 = r->y + r->h - 1;
	for (int x = r->x + 1; x < x1; x++) {
		put_cell(cv, x, r->y, port_at(cv, x, r->y) ? (a ? '+' : dbl ? 0x2567 : 0x2534) : hz, role);
		put_cell(cv, x, y1, port_at(cv, x, y1) ? (a ? '+' : dbl ? 0x2564 : 0x252C) : hz, role);
	}
	for (int y = r->y + 1; y < y1; y++) {
		put_cell(cv, r->x, y, port_at(cv, r->x, y) ? (a ? '+' : dbl ? 0x2562 : 0x2524) : vt, role);
		put_cell(cv, x1, y, port_at(cv, x1, y) ? (a ? '+' : dbl ? 0x255F : 0x251C) : vt, role);
	}
	put_cell(cv, r->x, r->y, tl, role);
	put_cell(cv, x1, r->y, tr, role);
	put_cell(cv, r->x, y1, bl, role);
	put_cell(cv, x1, y1, br, role);
	tr_cell label[2 * 200];         /* boxes are at most 200 columns inside */
	lay_label(l, i, label);
	bool sel = i == l->selected;
	for (int y = r->y + 1; y < y1; y++)
		for (int x = r->x + 1; x < x1; x++) {
			int col = x - r->x - 1, line = y - r->y - 1;
			tr_cell cell = { ' ', TR_CELL_BOX_TEXT };
			if (line < 2 && col < l->boxw)
				cell = label[line * l->boxw + col];
			if (sel)
				cell.role = TR_CELL_SELECTED;
			put_cell(cv, x, y, cell.cp, cell.role);
		}
}

void tr_layout_render(const tr_layout *l, int x0, int y0, int w, int h, tr_cell *out)
{
	if (w <= 0 || h <= 0)
		return;
	size_t ncell = (size_t)w * (size_t)h;
	for (size_t i = 0; i < ncell; i++)
		out[i] = (tr_cell){ ' ', TR_CELL_BACKGROUND };
	canvas cv = { x0, y0, w, h, out, tr_calloc(ncell, 1) };
	for (size_t e = 0; e < l->nedges; e++)
		draw_edge(l, &cv, &l->edges[e]);
	for (size_t i = 0; i < ncell; i++)
		if (cv.bits[i] & 15)
			out[i].cp = line_glyph(cv.bits[i] & 15, l->ascii);
	for (size_t e = 0; e < l->nedges; e++) {
		const ledge *ed = &l->edges[e];
		if (ed->npt < 2)
			continue;
		const lay_point *z = &l->pts[ed->pt0 + ed->npt - 1];
		int x = z->x - x0, y = z->y - y0;
		if (x >= 0 && y >= 0 && x < w && y < h)
			out[(size_t)y * (size_t)w + (size_t)x].cp = arrow_glyph(l, ed, l->ascii);
	}
	for (size_t k = 0; k < l->ndrawn; k++)
		draw_box(l, &cv, l->drawn[k]);
	free(cv.bits);
}

char *tr_layout_text(const tr_layout *l)
{
	tr_buf b = TR_BUF_INIT;
	tr_buf_adds(&b, "");
	int w = l->width, strip = 32;
	if (w <= 0)
		return tr_buf_detach(&b);
	tr_cell *cells = tr_malloc((size_t)w * (size_t)strip * sizeof *cells);
	for (int y0 = 0; y0 < l->height; y0 += strip) {
		int h = l->height - y0 < strip ? l->height - y0 : strip;
		tr_layout_render(l, 0, y0, w, h, cells);
		for (int y = 0; y < h; y++) {
			const tr_cell *row = cells + (size_t)y * (size_t)w;
			int end = w;
			while (end > 0 && (row[end - 1].cp == ' ' || row[end - 1].cp == 0))
				end--;
			for (int x = 0; x < end; x++) {
				if (row[x].cp == 0)
					continue;
				char u[4];
				tr_buf_add(&b, u, tr_utf8_encode(row[x].cp, u));
			}
			tr_buf_addc(&b, '\n');
		}
	}
	free(cells);
	return tr_buf_detach(&b);
}
