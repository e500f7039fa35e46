/* Cycles in the dependencies: which issues wait on each other, and in what
 * order their edges go round. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "model_internal.h"
#include "triage/str.h"

/* ---- cycles: Tarjan's strongly connected components (tr_scc), iteratively,
 * so a 20,000-long chain cannot overflow the stack. ----------------------- */

static int by_index(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	return x < y ? -1 : x > y;
}

static tr_cycle *new_cycle(tr_model *m, size_t *cap, size_t n)
{
	tr_grow((void **)&m->cycles, cap, m->ncycles + 1, sizeof *m->cycles);
	tr_cycle *c = &m->cycles[m->ncycles++];
	c->n = n;
	c->issues = tr_malloc(n * sizeof *c->issues);
	c->ring = true;
	return c;
}

/* Puts a component's issues in the order its edges go round, when every
 * issue of it has exactly one edge to another of it: then they form a
 * single ring, and "a -> b -> c -> a" is what the edges say.  The
 * component is number `id` in comp. */
static void order_ring(tr_cycle *c, const size_t *start, const size_t *adj, const size_t *comp,
                       size_t id, size_t *next)
{
	for (size_t k = 0; k < c->n; k++) {
		size_t v = c->issues[k], out = 0;
		for (size_t e = start[v]; e < start[v + 1]; e++)
			if (adj[e] != v && comp[adj[e]] == id) {
				next[v] = adj[e];
				out++;
			}
		if (out != 1) {
			c->ring = false;
			return;
		}
	}
	/* One successor each in a strongly connected set: one ring through all. */
	size_t v = c->issues[0];
	for (size_t k = 1; k < c->n; k++)
		c->issues[k] = v = next[v];
}

size_t tr_scc(size_t n, const size_t *start, const size_t *adj, size_t *comp, size_t *order)
{
	const size_t UNSEEN = TR_NONE;
	size_t *idx = tr_malloc((n ? n : 1) * sizeof *idx), *low = tr_malloc((n ? n : 1) * sizeof *low);
	bool *on = tr_calloc(n ? n : 1, sizeof *on);
	size_t *stack = tr_malloc((n ? n : 1) * sizeof *stack), sp = 0;
	size_t *call = tr_malloc((n ? n : 1) * sizeof *call);
	size_t *edge = tr_malloc((n ? n : 1) * sizeof *edge), cp = 0;
	size_t counter = 0, ncomp = 0, done = 0;
	for (size_t i = 0; i < n; i++)
		idx[i] = UNSEEN;
	for (size_t root = 0; root < n; root++) {
		if (idx[root] != UNSEEN)
			continue;
		call[cp] = root;
		edge[cp++] = start[root];
		idx[root] = low[root] = counter++;
		stack[sp++] = root;
		on[root] = true;
		while (cp) {
			size_t v = call[cp - 1];
			if (edge[cp - 1] < start[v + 1]) {
				size_t w = adj[edge[cp - 1]++];
				if (idx[w] == UNSEEN) {
					idx[w] = low[w] = counter++;
					stack[sp++] = w;
					on[w] = true;
					call[cp] = w;
					edge[cp++] = start[w];
				} else if (on[w] && idx[w] < low[v]) {
					low[v] = idx[w];
				}
				continue;
			}
			cp--;
			if (cp && low[v] < low[call[cp - 1]])
				low[call[cp - 1]] = low[v];
			if (low[v] != idx[v])
				continue;
			size_t top = sp;
			while (stack[--sp] != v)
				;
			for (size_t k = sp; k < top; k++) {
				on[stack[k]] = false;
				comp[stack[k]] = ncomp;
			}
			if (order)
				memcpy(order + done, stack + sp, (top - sp) * sizeof *order);
			done += top - sp;
			ncomp++;
		}
	}
	free(idx); free(low); free(on); free(stack); free(call); free(edge);
	return ncomp;
}

void model_build_cycles(tr_model *m)
{
	size_t n = m->nissues;
	if (n == 0)
		return;
	/* Adjacency in CSR form. */
	size_t *start = tr_calloc(n + 1, sizeof *start);
	size_t *adj = tr_malloc((m->nedges ? m->nedges : 1) * sizeof *adj);
	for (size_t e = 0; e < m->nedges; e++)
		start[m->edges[e].from + 1]++;
	for (size_t i = 0; i < n; i++)
		start[i + 1] += start[i];
	size_t *fill = tr_malloc(n * sizeof *fill);
	memcpy(fill, start, n * sizeof *fill);
	for (size_t e = 0; e < m->nedges; e++)
		adj[fill[m->edges[e].from]++] = m->edges[e].to;

	size_t *comp = tr_malloc(n * sizeof *comp), *order = tr_malloc(n * sizeof *order);
	size_t ncomp = tr_scc(n, start, adj, comp, order);
	size_t *next = tr_malloc(n * sizeof *next), capcycles = 0;
	for (size_t at = 0, id = 0; id < ncomp; id++) {
		size_t size = 0;
		while (at + size < n && comp[order[at + size]] == id)
			size++;
		if (size > 1) {
			tr_cycle *c = new_cycle(m, &capcycles, size);
			memcpy(c->issues, order + at, size * sizeof *c->issues);
			/* From the component's first issue in the model.  Sorted,
			 * not inserted one by one: a component may hold thousands
			 * of issues. */
			qsort(c->issues, size, sizeof *c->issues, by_index);
			order_ring(c, start, adj, comp, id, next);
		}
		/* An issue waiting on itself is a cycle of its own, also inside
		 * a larger one. */
		for (size_t k = at; k < at + size; k++) {
			size_t u = order[k];
			for (size_t e = start[u]; e < start[u + 1]; e++)
				if (adj[e] == u) {
					new_cycle(m, &capcycles, 1)->issues[0] = u;
					break;
				}
		}
		at += size;
	}
	free(start); free(adj); free(fill); free(comp); free(order); free(next);
}
