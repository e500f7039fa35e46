/* Steps 1 to 3 of a layout (see layout.c): layers by longest path, chains of
 * dummy nodes or lanes for long edges, and the order within layers. */
#include "config.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "graph_internal.h"

/* Dummy nodes allowed for long edges: a few per node and edge, never fewer
 * than a small drawing can use. */
#define DUMMY_PER_ITEM 4
#define DUMMY_FLOOR 100000
/* Barycenter sweeps by the size of the graph (nodes and segments). */
#define SWEEPS_SMALL_WORK 20000
#define SWEEPS_SMALL 12
#define SWEEPS_MEDIUM_WORK 200000
#define SWEEPS_MEDIUM 4
#define SWEEPS_LARGE 2

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
int *lay_longest_path_layers(const tr_graph *g)
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
void lay_build_chains(lay_ctx *c, const tr_graph *g, const int *layer, bool hide_isolated,
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
		budget = DUMMY_PER_ITEM * (n + ne) > DUMMY_FLOOR ? DUMMY_PER_ITEM * (n + ne) : DUMMY_FLOOR;
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
				int d = new_node(c, TR_NONE, L);
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
void lay_assign_lanes(lay_ctx *c)
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
void lay_build_neighbours(lay_ctx *c)
{
	size_t nn = c->nnodes;
	c->lstart = tr_calloc(nn + 1, sizeof *c->lstart);
	c->rstart = tr_calloc(nn + 1, sizeof *c->rstart);
	c->lseg = tr_malloc((c->nsegs ? c->nsegs : 1) * sizeof *c->lseg);
	c->rseg = tr_malloc((c->nsegs ? c->nsegs : 1) * sizeof *c->rseg);
	c->lnb = tr_malloc((c->nsegs ? c->nsegs : 1) * sizeof *c->lnb);
	c->rnb = tr_malloc((c->nsegs ? c->nsegs : 1) * sizeof *c->rnb);
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
		c->rnb[rf[c->segs[s].a]] = c->segs[s].b;
		c->rseg[rf[c->segs[s].a]++] = (int)s;
		c->lnb[lf[c->segs[s].b]] = c->segs[s].a;
		c->lseg[lf[c->segs[s].b]++] = (int)s;
	}
	free(lf);
	free(rf);
}

/* ---- order within layers ----------------------------------------------- */

/* First order: a depth-first walk down the segments from every node that has
 * no left neighbour, in model order, so that a chain is drawn together. */
void lay_initial_order(lay_ctx *c)
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
					int y = c->rnb[k];
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
 * walking the left ends in order.  Segments sharing an end never cross.
 * ord: each node's order, -1 for a pinned one (see lay_reduce_crossings). */
static long long crossings_between(const lay_ctx *c, const int *ord, int L, long long *tree)
{
	int width = c->lay_start[L + 2] - c->lay_start[L + 1];
	memset(tree, 0, ((size_t)width + 1) * sizeof *tree);
	long long cross = 0, inserted = 0;
	for (int i = c->lay_start[L]; i < c->lay_start[L + 1]; i++) {
		int x = c->lay[i];
		for (int k = c->rstart[x]; k < c->rstart[x + 1]; k++) {
			long long le = 0;      /* inserted with right end <= this one's */
			int o = ord[c->rnb[k]];
			if (o < 0)
				continue;
			for (int p = o + 1; p > 0; p -= p & -p)
				le += tree[p];
			cross += inserted - le;
		}
		for (int k = c->rstart[x]; k < c->rstart[x + 1]; k++) {
			int o = ord[c->rnb[k]];
			if (o < 0)
				continue;
			for (int p = o + 1; p <= width; p += p & -p)
				tree[p]++;
			inserted++;
		}
	}
	return cross;
}

static long long total_crossings(const lay_ctx *c, const int *ord, long long *tree)
{
	long long t = 0;
	for (int L = 0; L + 1 < c->nlayers; L++)
		t += crossings_between(c, ord, L, tree);
	return t;
}

int lay_cmp_keyed(const void *pa, const void *pb)
{
	const lay_keyed *a = pa, *b = pb;
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

/* Runs this long are put in order by insertion before the merging starts. */
#define SORT_RUN 16

/* Insertion sort of v[0 .. n); stable. */
static void insert_bary(bary *v, size_t n)
{
	for (size_t i = 1; i < n; i++) {
		bary x = v[i];
		size_t j = i;
		while (j > 0 && v[j - 1].key > x.key) {
			v[j] = v[j - 1];
			j--;
		}
		v[j] = x;
	}
}

/* A stable sort, so ties keep the order the layer had.  After the first
 * sweeps a layer is in order, or nearly: runs of SORT_RUN are put in order
 * by insertion, which costs a pass plus the few moves; the merging stops as
 * soon as the runs follow each other in order, and copies rather than
 * merges two runs already in order. */
static void sort_bary(bary *v, size_t n, bary *tmp)
{
	for (size_t lo = 0; lo < n; lo += SORT_RUN)
		insert_bary(v + lo, n - lo < SORT_RUN ? n - lo : SORT_RUN);
	bary *src = v, *dst = tmp;
	for (size_t width = SORT_RUN; width < n; width *= 2) {
		bool sorted = true;
		for (size_t mid = width; mid < n && sorted; mid += width)
			sorted = src[mid - 1].key <= src[mid].key;
		if (sorted)
			break;
		for (size_t lo = 0; lo < n; lo += 2 * width) {
			size_t mid = lo + width < n ? lo + width : n;
			size_t hi = lo + 2 * width < n ? lo + 2 * width : n;
			if (mid == hi || src[mid - 1].key <= src[mid].key) {
				memcpy(dst + lo, src + lo, (hi - lo) * sizeof *dst);
				continue;
			}
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
 * with none keeps its place.  ord as for crossings_between. */
static void barycenter_layer(lay_ctx *c, int *ord, int L, bool from_left, bary *tmp, bary *spare)
{
	int lo = c->lay_start[L], hi = c->lay_start[L + 1];
	const int *start = from_left ? c->lstart : c->rstart;
	const int *nb = from_left ? c->lnb : c->rnb;
	for (int i = lo; i < hi; i++) {
		int x = c->lay[i];
		double sum = 0;
		int cnt = 0;
		for (int k = start[x]; k < start[x + 1]; k++) {
			int o = ord[nb[k]];
			if (o >= 0) {
				sum += o;
				cnt++;
			}
		}
		tmp[i - lo] = (bary){ cnt ? (float)(sum / cnt) : (float)ord[x], x };
	}
	sort_bary(tmp, (size_t)(hi - lo), spare);
	for (int i = lo; i < hi; i++) {
		c->lay[i] = tmp[i - lo].node;
		ord[tmp[i - lo].node] = i - lo;
	}
}

void lay_reduce_crossings(lay_ctx *c)
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
	/* The sweeps keep each node's order in a table of their own, four
	 * bytes a node (-1 for a pinned one): read from the nodes' records,
	 * scattered over a big graph, nearly every read missed the cache. */
	int *ord = tr_malloc((nn ? nn : 1) * sizeof *ord);
	for (size_t i = 0; i < nn; i++)
		ord[i] = c->nodes[i].pinned ? -1 : c->nodes[i].order;
	long long best_cross = total_crossings(c, ord, tree);
	/* A bounded number of sweeps, fewer for big graphs, so the cost stays
	 * linear: each sweep touches every node and segment once. */
	size_t work = nn + c->nsegs;
	int rounds = work < SWEEPS_SMALL_WORK ? SWEEPS_SMALL : work < SWEEPS_MEDIUM_WORK ? SWEEPS_MEDIUM
	                                                                             : SWEEPS_LARGE;
	for (int r = 0; r < rounds && best_cross > 0; r++) {
		for (int L = 1; L < c->nlayers; L++)
			barycenter_layer(c, ord, L, true, tmp, spare);
		for (int L = c->nlayers - 2; L >= 0; L--)
			barycenter_layer(c, ord, L, false, tmp, spare);
		long long cross = total_crossings(c, ord, tree);
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
	free(ord);
	free(tree);
	free(tmp);
	free(spare);
	free(best);
}
