/* Step 4 of a layout (see layout.c): ports on the boxes and the minor
 * coordinate of every node. */
#include "config.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "graph_internal.h"

/* ---- ports and sizes --------------------------------------------------- */

/* Port offsets within each node.  On its far side (towards higher layers) a
 * real node has one port shared by all its forward segments and one per
 * reversed segment; on its near side one port per segment.  Ports are
 * ordered like the neighbours they lead to, so they do not cross. */
void lay_assign_ports(lay_ctx *c, int box_minor)
{
	int maxdeg = 0;
	for (size_t x = 0; x < c->nnodes; x++) {
		int d1 = c->rstart[x + 1] - c->rstart[x], d2 = c->lstart[x + 1] - c->lstart[x];
		if (d1 > maxdeg)
			maxdeg = d1;
		if (d2 > maxdeg)
			maxdeg = d2;
	}
	lay_keyed *tmp = tr_malloc(((size_t)maxdeg + 1) * sizeof *tmp);
	for (size_t x = 0; x < c->nnodes; x++) {
		lnode *nd = &c->nodes[x];
		int nfar = 0, nnear = 0;
		if (nd->issue == TR_NONE) {
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
			tmp[nfar++] = (lay_keyed){ fsum / fcnt, -1, -1 };
		for (int k = c->rstart[x]; k < c->rstart[x + 1]; k++) {
			const lseg *s = &c->segs[c->rseg[k]];
			if (c->edges[s->edge].reversed)
				tmp[nfar++] = (lay_keyed){ c->nodes[s->b].order, k, c->rseg[k] };
		}
		qsort(tmp, (size_t)nfar, sizeof *tmp, lay_cmp_keyed);
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
		if (nd->issue == TR_NONE)
			continue;
		int nnear = 0;
		for (int k = c->lstart[x]; k < c->lstart[x + 1]; k++) {
			const lseg *s = &c->segs[c->lseg[k]];
			tmp[nnear++] = (lay_keyed){ c->nodes[s->a].order + s->aoff / 1e6, k, c->lseg[k] };
		}
		qsort(tmp, (size_t)nnear, sizeof *tmp, lay_cmp_keyed);
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
	return c->nodes[x].issue == TR_NONE && c->nodes[y].issue == TR_NONE ? 0 : 1;
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
		weight[j] = !cnt ? 0 : c->nodes[x].issue == TR_NONE ? 8.0 : 1.0;
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

void lay_assign_minor(lay_ctx *c)
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
