/* Shared between layout.c (layers, order, coordinates, drawing) and
 * layout_route.c (channels and edge paths).  Not installed. */
#ifndef TRIAGE_LAYOUT_IMPL_H
#define TRIAGE_LAYOUT_IMPL_H

#include "triage/layout.h"

#define LAY_BOX_ROWS 4          /* border, id line, title line, border */

/* A node of the layered graph: an issue's box, or a dummy, one cell across,
 * where a long edge passes through a layer. */
typedef struct lnode {
	size_t issue;           /* model index; TR_NONE for a dummy */
	int layer, order;       /* order: index within the layer */
	int pos, size;          /* minor coordinate and extent */
	int outport;            /* far-side offset shared by forward segments */
	bool pinned;            /* a dummy on a lane above the drawing, outside the order */
	int lane;
} lnode;

/* A piece of an edge between two adjacent layers. */
typedef struct lseg {
	int a, b;               /* nodes: a in layer L, b in layer L + 1 */
	size_t edge;            /* index into lay_ctx.edges */
	int aoff, boff;         /* port offsets within a (far side) and b (near side) */
	int track;              /* its vertical run, 0-based within the channel; -1 straight */
	int jog_track, jog_row; /* a dogleg: first down jog_track to jog_row, then across
	                         * to track; jog_track is -1 without one */
} lseg;

/* An edge of the model as drawn: from the prerequisite to the dependent. */
typedef struct ledge {
	size_t from, to;
	bool reversed;          /* closes a cycle, drawn against the layers */
	bool cycle;             /* both ends on one cycle */
	bool critical;          /* a step of the critical path */
	int seg0, nseg;         /* its segments, from the lower layer up */
	size_t pt0, npt;        /* its path in tr_layout.pts, source end first */
	int x0, y0, x1, y1;     /* bounding box of the path */
} ledge;

typedef struct lay_ctx {
	lnode *nodes;
	size_t nnodes, capnodes;
	lseg *segs;
	size_t nsegs, capsegs;
	ledge *edges;
	size_t nedges;
	int *node_of;           /* per issue: its node, or -1 when not in the layers */
	size_t *shelf;          /* issues with no edge at all, drawn in rows below */
	size_t nshelf;
	uint8_t *selfloop;      /* per issue */
	int nlayers;
	int *lay_start, *lay;   /* nodes of layer L: lay[lay_start[L] .. lay_start[L+1]) */
	int *pin_start, *pin;   /* pinned nodes of layer L, the same way */
	int nlanes, lane_base;  /* lanes take rows [0, nlanes); the drawing starts at lane_base */
	int *lstart, *lseg;     /* segments ending at a node (from the left), CSR */
	int *rstart, *rseg;     /* segments starting at a node (to the right), CSR */
	int *lnb, *rnb;         /* beside lseg and rseg: the node at the segment's other end
	                         * (the passes over neighbours read these in order, not
	                         * each segment's record: on a big graph those reads missed
	                         * the cache more often than not) */
	long long crossings;
	tr_layout_dir dir;
	int boxw, box_major;
	int minor_extent;
	int *chan_width;        /* per channel (between L and L + 1), in cells */
	int *layer_major;       /* first major coordinate of each layer; [nlayers] = extent */
} lay_ctx;

typedef struct lay_point {
	int x, y;
} lay_point;

struct tr_layout {
	int width, height;
	tr_layout_dir dir;
	bool ascii;
	int boxw;
	size_t nissues;
	tr_rect *box;           /* per issue; w == 0 when not drawn */
	size_t *drawn;          /* drawn issues, in layer order */
	size_t ndrawn;
	/* Labels are made when drawn, from copies of the ids and titles: making
	 * every label up front cost more than the rest of a big layout. */
	char *strings;
	size_t *id_at, *title_at;       /* per issue, into strings; title_at TR_NONE: none */
	int8_t *priority;               /* per issue, a tr_priority */
	uint8_t *selfloop;
	uint8_t *state, *critical;
	ledge *edges;
	size_t nedges;
	lay_point *pts;
	size_t npts;
	size_t selected;
	uint8_t *up, *down;     /* marks for the selection */
	size_t *succ_start, *succ, *pred_start, *pred;
};

/* Tracks for every channel: fills segs[].track and ctx->chan_width. */
void lay_route_channels(lay_ctx *c);
/* The finished layout: boxes, labels, edge paths. */
tr_layout *lay_finish(lay_ctx *c, const tr_model *m, const tr_graph *g, size_t n,
                      const tr_layout_opts *o);

/* The two label lines of a box, boxw cells each, into cells[2 * boxw]. */
void lay_label(const tr_layout *l, size_t issue, tr_cell *cells);
/* Columns s takes, counting no further than cap. */
int lay_text_width(const char *s, int cap);

/* ---- the steps of a layout: layers and order (layout_order.c), ports and
 * minor coordinates (layout_coord.c), put together in layout.c ---------- */

typedef struct lay_keyed {
	double key;
	int order, node;
} lay_keyed;

void lay_assign_lanes(lay_ctx *c);
void lay_assign_minor(lay_ctx *c);
void lay_assign_ports(lay_ctx *c, int box_minor);
void lay_build_chains(lay_ctx *c, const tr_graph *g, const int *layer, bool hide_isolated,
                         size_t budget);
void lay_build_neighbours(lay_ctx *c);
int lay_cmp_keyed(const void *pa, const void *pb);
void lay_initial_order(lay_ctx *c);
int *lay_longest_path_layers(const tr_graph *g);
void lay_reduce_crossings(lay_ctx *c);

#endif
