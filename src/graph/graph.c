#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "triage/graph.h"

/* Bits in one word of a reachability row (uint64_t). */
#define WORD_BITS 64

bool tr_graph_issue_resolved(const tr_issue *is, tr_state s)
{
	if (tr_state_resolved(s))
		return true;
	return is && is->status == TR_ISSUE_RESOLVED && s != TR_STATE_IN_PROGRESS;
}

/* ---- adjacency --------------------------------------------------------- */

/* Builds both directions so that every list is sorted by issue index: a
 * list filled by walking the other direction in index order comes out
 * sorted, with no comparison sort. */
static void build_adjacency(tr_graph *g, const tr_model *m)
{
	size_t n = g->nissues, ne = 0;
	for (size_t e = 0; e < m->nedges; e++)
		if (m->edges[e].from < n && m->edges[e].to < n)
			ne++;
	g->succ_start = tr_calloc(n + 1, sizeof *g->succ_start);
	g->pred_start = tr_calloc(n + 1, sizeof *g->pred_start);
	g->succ = tr_malloc((ne ? ne : 1) * sizeof *g->succ);
	g->pred = tr_malloc((ne ? ne : 1) * sizeof *g->pred);
	g->succ_back = tr_calloc(ne ? ne : 1, sizeof *g->succ_back);
	for (size_t e = 0; e < m->nedges; e++) {
		const tr_edge *ed = &m->edges[e];
		if (ed->from < n && ed->to < n) {
			g->succ_start[ed->from + 1]++;
			g->pred_start[ed->to + 1]++;
		}
	}
	for (size_t i = 0; i < n; i++) {
		g->succ_start[i + 1] += g->succ_start[i];
		g->pred_start[i + 1] += g->pred_start[i];
	}
	size_t *fill = tr_malloc((n ? n : 1) * sizeof *fill);
	/* Unsorted successors first... */
	memcpy(fill, g->succ_start, n * sizeof *fill);
	for (size_t e = 0; e < m->nedges; e++) {
		const tr_edge *ed = &m->edges[e];
		if (ed->from < n && ed->to < n)
			g->succ[fill[ed->from]++] = ed->to;
	}
	/* ...give predecessors sorted by source... */
	memcpy(fill, g->pred_start, n * sizeof *fill);
	for (size_t u = 0; u < n; u++)
		for (size_t k = g->succ_start[u]; k < g->succ_start[u + 1]; k++)
			g->pred[fill[g->succ[k]]++] = u;
	/* ...which give successors sorted by target. */
	memcpy(fill, g->succ_start, n * sizeof *fill);
	for (size_t v = 0; v < n; v++)
		for (size_t k = g->pred_start[v]; k < g->pred_start[v + 1]; k++)
			g->succ[fill[g->pred[k]]++] = v;
	free(fill);
}

/* ---- back edges and a topological order, by iterative DFS ------------- */

/* Marks back edges and returns the nodes in DFS finishing order: with back
 * edges ignored, every edge runs from a later to an earlier entry. */
static size_t *mark_back_edges(tr_graph *g)
{
	size_t n = g->nissues;
	uint8_t *colour = tr_calloc(n ? n : 1, 1);     /* 0 new, 1 on stack, 2 done */
	size_t *stack = tr_malloc((n ? n : 1) * sizeof *stack);
	size_t *next = tr_malloc((n ? n : 1) * sizeof *next);
	size_t *finish = tr_malloc((n ? n : 1) * sizeof *finish), nf = 0;
	for (size_t root = 0; root < n; root++) {
		if (colour[root])
			continue;
		size_t sp = 0;
		stack[sp++] = root;
		next[root] = g->succ_start[root];
		colour[root] = 1;
		while (sp) {
			size_t v = stack[sp - 1];
			if (next[v] < g->succ_start[v + 1]) {
				size_t k = next[v]++, w = g->succ[k];
				if (colour[w] == 1) {
					g->succ_back[k] = 1;
				} else if (colour[w] == 0) {
					colour[w] = 1;
					next[w] = g->succ_start[w];
					stack[sp++] = w;
				}
				continue;
			}
			colour[v] = 2;
			finish[nf++] = v;
			sp--;
		}
	}
	free(colour);
	free(stack);
	free(next);
	return finish;
}

/* ---- the analysis ------------------------------------------------------ */

static void direct_lists(tr_graph *g)
{
	for (size_t v = 0; v < g->nissues; v++) {
		tr_graph_node *nd = &g->nodes[v];
		size_t np = g->pred_start[v + 1] - g->pred_start[v];
		size_t ns = g->succ_start[v + 1] - g->succ_start[v];
		nd->waits_on = tr_malloc((np ? np : 1) * sizeof *nd->waits_on);
		nd->unblocks = tr_malloc((ns ? ns : 1) * sizeof *nd->unblocks);
		for (size_t k = g->pred_start[v]; k < g->pred_start[v + 1]; k++)
			if (!g->nodes[g->pred[k]].resolved)
				nd->waits_on[nd->nwaits_on++] = g->pred[k];
		for (size_t k = g->succ_start[v]; k < g->succ_start[v + 1]; k++)
			if (!g->nodes[g->succ[k]].resolved)
				nd->unblocks[nd->nunblocks++] = g->succ[k];
	}
}

/* Component membership in CSR form. */
typedef struct {
	size_t ncomp;
	size_t *comp;           /* per issue */
	size_t *start, *member; /* members of c: member[start[c] .. start[c+1]) */
	size_t *unresolved;     /* unresolved members per component */
} condensation;

static void condense(const tr_graph *g, condensation *c)
{
	size_t n = g->nissues;
	c->comp = tr_malloc((n ? n : 1) * sizeof *c->comp);
	c->ncomp = tr_scc(g->nissues, g->succ_start, g->succ, c->comp, NULL);
	c->start = tr_calloc(c->ncomp + 1, sizeof *c->start);
	c->member = tr_malloc((n ? n : 1) * sizeof *c->member);
	c->unresolved = tr_calloc(c->ncomp ? c->ncomp : 1, sizeof *c->unresolved);
	for (size_t v = 0; v < n; v++) {
		c->start[c->comp[v] + 1]++;
		if (!g->nodes[v].resolved)
			c->unresolved[c->comp[v]]++;
	}
	for (size_t k = 0; k < c->ncomp; k++)
		c->start[k + 1] += c->start[k];
	size_t *fill = tr_malloc((c->ncomp ? c->ncomp : 1) * sizeof *fill);
	memcpy(fill, c->start, c->ncomp * sizeof *fill);
	for (size_t v = 0; v < n; v++)
		c->member[fill[c->comp[v]]++] = v;
	free(fill);
}

static void condensation_free(condensation *c)
{
	free(c->comp);
	free(c->start);
	free(c->member);
	free(c->unresolved);
}

static void cycles_and_readiness(tr_graph *g, const condensation *c)
{
	/* upstream[k]: some unresolved issue lies in a component upstream of k.
	 * Components upstream of k have higher numbers: walk down from the top. */
	uint8_t *upstream = tr_calloc(c->ncomp ? c->ncomp : 1, 1);
	for (size_t k = c->ncomp; k-- > 0;) {
		for (size_t i = c->start[k]; i < c->start[k + 1]; i++) {
			size_t v = c->member[i];
			for (size_t e = g->pred_start[v]; e < g->pred_start[v + 1]; e++) {
				size_t pk = c->comp[g->pred[e]];
				if (pk != k && (upstream[pk] || c->unresolved[pk]))
					upstream[k] = 1;
			}
		}
	}
	for (size_t v = 0; v < g->nissues; v++) {
		size_t k = c->comp[v];
		tr_graph_node *nd = &g->nodes[v];
		nd->in_cycle = c->start[k + 1] - c->start[k] > 1;
		for (size_t e = g->succ_start[v]; e < g->succ_start[v + 1]; e++)
			if (g->succ[e] == v)
				nd->in_cycle = true;
		if (nd->in_cycle)
			g->ncycle_issues++;
		/* An issue on a cycle waits on itself: never ready. */
		nd->ready = !nd->resolved && !nd->in_cycle && !upstream[k];
	}
	free(upstream);
}

static size_t uf_find(size_t *parent, size_t x)
{
	while (parent[x] != x) {
		parent[x] = parent[parent[x]];
		x = parent[x];
	}
	return x;
}

/* holds_up: how many unresolved issues lie downstream of each component.
 *
 * Where the sets below a component's successors cannot overlap, the count
 * is a sum over them: a component with one successor, or one under which
 * every component has a single predecessor (a tree).  Reports' maps are
 * mostly chains and trees, so most groups of connected components are
 * counted that way in one pass.  A group where sets can overlap is counted
 * by reachability, 64 target components at a time (reach[k] holds, as
 * bits, the components of the current block that k reaches), within that
 * group only: components that share no edge cost nothing to each other,
 * so a million issues without arrows take a million steps, not 10^12/64.
 * Targets always have lower numbers than their sources. */
static void holds_up(tr_graph *g, const condensation *c)
{
	size_t nc = c->ncomp;
	if (nc == 0)
		return;
	/* Each component's distinct successor components, in CSR form. */
	size_t *stamp = tr_malloc(nc * sizeof *stamp);
	size_t *cs_start = tr_calloc(nc + 1, sizeof *cs_start);
	for (size_t k = 0; k < nc; k++)
		stamp[k] = (size_t)-1;
	for (int pass = 0; pass < 2; pass++) {
		size_t *cs = pass ? tr_malloc((cs_start[nc] ? cs_start[nc] : 1) * sizeof *cs) : NULL;
		size_t fill = 0;
		for (size_t k = 0; k < nc; k++) {
			for (size_t i = c->start[k]; i < c->start[k + 1]; i++) {
				size_t v = c->member[i];
				for (size_t e = g->succ_start[v]; e < g->succ_start[v + 1]; e++) {
					size_t t = c->comp[g->succ[e]];
					if (t == k || stamp[t] == k + pass * nc)
						continue;
					stamp[t] = k + pass * nc;
					if (pass)
						cs[fill++] = t;
					else
						cs_start[k + 1]++;
				}
			}
		}
		if (!pass) {
			for (size_t k = 0; k < nc; k++)
				cs_start[k + 1] += cs_start[k];
			continue;
		}
		free(stamp);
		stamp = cs; /* the successor lists, from here on */
	}
	const size_t *cs = stamp;
	size_t *indeg = tr_calloc(nc, sizeof *indeg);
	size_t *group = tr_malloc(nc * sizeof *group);
	for (size_t k = 0; k < nc; k++)
		group[k] = k;
	for (size_t k = 0; k < nc; k++)
		for (size_t e = cs_start[k]; e < cs_start[k + 1]; e++) {
			indeg[cs[e]]++;
			size_t a = uf_find(group, k), b = uf_find(group, cs[e]);
			if (a != b)
				group[a] = b;
		}
	/* tree[k]: every component below k has a single predecessor. */
	uint8_t *tree = tr_malloc(nc);
	uint8_t *hard = tr_calloc(nc, 1);     /* per group root: needs reachability */
	for (size_t k = 0; k < nc; k++) {
		tree[k] = 1;
		for (size_t e = cs_start[k]; e < cs_start[k + 1]; e++)
			if (indeg[cs[e]] != 1 || !tree[cs[e]])
				tree[k] = 0;
		if (cs_start[k + 1] - cs_start[k] > 1 && !tree[k])
			hard[uf_find(group, k)] = 1;
	}
	size_t *total = tr_calloc(nc, sizeof *total);
	size_t nhard = 0;
	for (size_t k = 0; k < nc; k++) {
		if (hard[uf_find(group, k)]) {
			nhard++;
			continue;
		}
		for (size_t e = cs_start[k]; e < cs_start[k + 1]; e++)
			total[k] += c->unresolved[cs[e]] + total[cs[e]];
	}
	if (nhard) {
		/* The hard groups' components, group by group, each in ascending
		 * order (a stable counting sort by group), and their places. */
		size_t *gstart = tr_calloc(nc + 1, sizeof *gstart);
		for (size_t k = 0; k < nc; k++) {
			size_t r = uf_find(group, k);
			if (hard[r])
				gstart[r + 1]++;
		}
		for (size_t k = 0; k < nc; k++)
			gstart[k + 1] += gstart[k];
		size_t *list = tr_malloc(nhard * sizeof *list), *pos = tr_malloc(nc * sizeof *pos);
		size_t *fill = tr_malloc(nc * sizeof *fill);
		memcpy(fill, gstart, nc * sizeof *fill);
		for (size_t k = 0; k < nc; k++) {
			size_t r = uf_find(group, k);
			if (hard[r]) {
				pos[k] = fill[r] - gstart[r];
				list[fill[r]++] = k;
			}
		}
		free(fill);
		uint64_t *reach = tr_calloc(nhard, sizeof *reach);
		for (size_t r = 0; r < nc; r++) {
			size_t gs = gstart[r], gn = gstart[r + 1] - gstart[r];
			const size_t *L = list + gs;
			uint64_t *R = reach + gs;
			for (size_t base = 0; base < gn; base += WORD_BITS) {
				size_t end = base + WORD_BITS < gn ? base + WORD_BITS : gn;
				uint64_t nonzero = 0, multi = 0;
				for (size_t t = base; t < end; t++) {
					if (c->unresolved[L[t]])
						nonzero |= 1ULL << (t - base);
					if (c->unresolved[L[t]] > 1)
						multi |= 1ULL << (t - base);
				}
				for (size_t kk = base; kk < gn; kk++) {
					size_t k = L[kk];
					uint64_t w = 0;
					for (size_t e = cs_start[k]; e < cs_start[k + 1]; e++) {
						size_t t = pos[cs[e]];
						if (t < base)
							continue;
						w |= R[t];
						if (t < end)
							w |= 1ULL << (t - base);
					}
					R[kk] = w;
					total[k] += (size_t)__builtin_popcountll(w & nonzero);
					for (uint64_t mm = w & multi; mm; mm &= mm - 1)
						total[k] += c->unresolved[L[base + (size_t)__builtin_ctzll(mm)]] - 1;
				}
			}
		}
		free(reach);
		free(list);
		free(pos);
		free(gstart);
	}
	for (size_t v = 0; v < g->nissues; v++) {
		tr_graph_node *nd = &g->nodes[v];
		if (nd->resolved)
			continue;
		size_t k = c->comp[v];
		/* On a cycle, every other member is downstream too. */
		nd->holds_up = total[k] + (c->unresolved[k] - 1);
	}
	free(total);
	free(hard);
	free(tree);
	free(group);
	free(indeg);
	free(cs_start);
	free(stamp);
}

/* Longest chain of unresolved issues over the edges that are not back
 * edges; `finish` lists every issue with successors before predecessors. */
static void critical_path(tr_graph *g, const size_t *finish)
{
	size_t n = g->nissues;
	if (n == 0)
		return;
	size_t *len = tr_calloc(n, sizeof *len);
	for (size_t f = 0; f < n; f++) {
		size_t v = finish[f];
		if (g->nodes[v].resolved)
			continue;
		size_t best = 0;
		for (size_t e = g->succ_start[v]; e < g->succ_start[v + 1]; e++)
			if (!g->succ_back[e] && len[g->succ[e]] > best)
				best = len[g->succ[e]];
		len[v] = best + 1;
	}
	size_t start = 0;
	for (size_t v = 1; v < n; v++)
		if (len[v] > len[start])
			start = v;
	if (len[start] >= 2) {
		g->ncritical = len[start];
		g->critical_path = tr_malloc(g->ncritical * sizeof *g->critical_path);
		size_t v = start;
		for (size_t i = 0; i < g->ncritical; i++) {
			g->critical_path[i] = v;
			g->nodes[v].critical = i + 1;
			if (i + 1 == g->ncritical)
				break;
			/* Successors are sorted: the first that fits is the earliest. */
			for (size_t e = g->succ_start[v]; e < g->succ_start[v + 1]; e++) {
				if (!g->succ_back[e] && len[g->succ[e]] == len[v] - 1) {
					v = g->succ[e];
					break;
				}
			}
		}
	}
	free(len);
}

tr_graph *tr_graph_new(const tr_model *m, const bool *resolved)
{
	tr_graph *g = tr_calloc(1, sizeof *g);
	g->nissues = m->nissues;
	g->nodes = tr_calloc(g->nissues ? g->nissues : 1, sizeof *g->nodes);
	for (size_t v = 0; v < g->nissues; v++)
		g->nodes[v].resolved = resolved && resolved[v];
	build_adjacency(g, m);
	direct_lists(g);
	size_t *finish = mark_back_edges(g);
	condensation c;
	condense(g, &c);
	cycles_and_readiness(g, &c);
	holds_up(g, &c);
	critical_path(g, finish);
	g->component = c.comp;
	c.comp = NULL;
	condensation_free(&c);
	free(finish);
	return g;
}

void tr_graph_free(tr_graph *g)
{
	if (!g)
		return;
	for (size_t v = 0; v < g->nissues; v++) {
		free(g->nodes[v].waits_on);
		free(g->nodes[v].unblocks);
	}
	free(g->nodes);
	free(g->critical_path);
	free(g->succ_start);
	free(g->succ);
	free(g->pred_start);
	free(g->pred);
	free(g->succ_back);
	free(g->component);
	free(g);
}

size_t tr_graph_reach(const tr_graph *g, size_t issue, bool downstream, uint8_t *mark)
{
	if (g->nissues)
		memset(mark, 0, g->nissues);
	if (issue >= g->nissues)
		return 0;
	const size_t *start = downstream ? g->succ_start : g->pred_start;
	const size_t *adj = downstream ? g->succ : g->pred;
	size_t *queue = tr_malloc(g->nissues * sizeof *queue), head = 0, tail = 0, count = 0;
	queue[tail++] = issue;
	while (head < tail) {
		size_t v = queue[head++];
		for (size_t e = start[v]; e < start[v + 1]; e++) {
			size_t w = adj[e];
			if (mark[w])
				continue;
			mark[w] = 1;
			count++;
			/* The issue itself is queued already; marking it is enough. */
			if (w != issue)
				queue[tail++] = w;
		}
	}
	free(queue);
	return count;
}

/* ---- orders ------------------------------------------------------------ */

static int readiness_rank(const tr_graph_node *nd)
{
	return nd->ready ? 0 : nd->resolved ? 2 : 1;
}

int tr_graph_cmp(const tr_graph *g, tr_graph_order order, size_t a, size_t b)
{
	const tr_graph_node *na = &g->nodes[a], *nb = &g->nodes[b];
	int ra = readiness_rank(na), rb = readiness_rank(nb);
	int by_rank = (ra > rb) - (ra < rb);
	int by_hold = (na->holds_up < nb->holds_up) - (na->holds_up > nb->holds_up);
	int first = order == TR_GRAPH_ORDER_HOLDS_UP ? by_hold : by_rank;
	int second = order == TR_GRAPH_ORDER_HOLDS_UP ? by_rank : by_hold;
	if (first)
		return first;
	if (second)
		return second;
	return (a > b) - (a < b);
}

void tr_graph_sort(const tr_graph *g, tr_graph_order order, size_t *idx, size_t n)
{
	if (n < 2)
		return;
	/* Bottom-up merge sort: stable, no recursion, no qsort_r. */
	size_t *tmp = tr_malloc(n * sizeof *tmp), *src = idx, *dst = tmp;
	for (size_t width = 1; width < n; width *= 2) {
		for (size_t lo = 0; lo < n; lo += 2 * width) {
			size_t mid = lo + width < n ? lo + width : n;
			size_t hi = lo + 2 * width < n ? lo + 2 * width : n;
			size_t i = lo, j = mid, k = lo;
			while (i < mid && j < hi)
				dst[k++] = tr_graph_cmp(g, order, src[j], src[i]) < 0 ? src[j++] : src[i++];
			while (i < mid)
				dst[k++] = src[i++];
			while (j < hi)
				dst[k++] = src[j++];
		}
		size_t *t = src;
		src = dst;
		dst = t;
	}
	if (src != idx)
		memcpy(idx, src, n * sizeof *idx);
	free(tmp);
}
