/* The dependency graph drawn on a character grid: boxes for issues, arrows
 * routed with box-drawing characters (or ASCII), layered by longest path.
 *
 * A layout is computed once (geometry only) and then rendered on demand into
 * any window of its grid, so a graph far bigger than the screen costs only
 * what is visible.  Cells carry a code point and a role; the caller maps
 * roles to colours.  Every label is inert text (see text.h) clipped to its
 * box: a cell never holds a control character.
 *
 * Coordinates: x is the column, y the row, (0, 0) the top-left of the grid. */
#ifndef TRIAGE_LAYOUT_H
#define TRIAGE_LAYOUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "triage/graph.h"
#include "triage/model.h"

/* What a cell shows, for colouring.  Declared once; tr_cell_role_word()
 * gives the name a theme uses. */
#define TR_CELL_ROLE_LIST(X)                                                      \
	X(BACKGROUND,        "background")         /* empty cell */                   \
	X(EDGE,              "edge")               /* an arrow */                     \
	X(EDGE_UPSTREAM,     "edge-upstream")      /* arrow leading to the selection */ \
	X(EDGE_DOWNSTREAM,   "edge-downstream")    /* arrow leading from it */         \
	X(EDGE_CRITICAL,     "edge-critical")      /* arrow along the critical path */ \
	X(EDGE_CYCLE,        "edge-cycle")         /* arrow between issues of a cycle */ \
	X(BOX_OPEN,          "box-open")           /* box border, by progress state */ \
	X(BOX_IN_PROGRESS,   "box-in-progress")                                       \
	X(BOX_FIXED,         "box-fixed")                                             \
	X(BOX_VERIFIED,      "box-verified")                                          \
	X(BOX_WONT_FIX,      "box-wont-fix")                                          \
	X(BOX_ID,            "box-id")             /* the issue id inside a box */     \
	X(BOX_TEXT,          "box-text")           /* the title and priority */        \
	X(SELECTED,          "selected")           /* border and text of the selection */ \
	X(UPSTREAM,          "upstream")           /* border of an issue it waits on */ \
	X(DOWNSTREAM,        "downstream")         /* border of an issue it holds up */ \
	X(CRITICAL,          "critical")           /* border of a box on the critical path */

typedef enum {
#define X(name, word) TR_CELL_##name,
	TR_CELL_ROLE_LIST(X)
#undef X
	TR_CELL_ROLE_COUNT
} tr_cell_role;

const char *tr_cell_role_word(tr_cell_role r);

typedef struct tr_cell {
	uint32_t cp;            /* code point; ' ' for background; 0 for the right half
	                         * of a double-width character drawn in the cell before */
	uint8_t role;           /* a tr_cell_role */
} tr_cell;

typedef struct tr_rect {
	int x, y, w, h;
} tr_rect;

typedef enum {
	TR_LAYOUT_AUTO,         /* left to right when that fits opts.pane_width, else top to bottom */
	TR_LAYOUT_LEFT_RIGHT,   /* layers are columns, arrows point right */
	TR_LAYOUT_TOP_BOTTOM,   /* layers are rows, arrows point down */
} tr_layout_dir;

typedef struct tr_layout_opts {
	tr_layout_dir dir;
	int pane_width;         /* columns available, for AUTO; 0 = unlimited */
	bool ascii;             /* only ASCII characters in cells */
	int box_width;          /* columns inside a box; 0 = TR_LAYOUT_BOX_DEFAULT; from
	                         * TR_LAYOUT_BOX_MIN to TR_LAYOUT_BOX_MAX.  Left to
	                         * right, AUTO narrows boxes (not below
	                         * TR_LAYOUT_BOX_NARROW) before it gives up and goes
	                         * top to bottom. */
	const uint8_t *state;   /* per issue, a tr_state for the border colour;
	                         * NULL = all open.  Copied: need not outlive the call. */
	bool hide_isolated;     /* leave out issues with no edge at all (otherwise they
	                         * sit in rows below the drawing, as wide as it or
	                         * the pane) */
	size_t max_dummies;     /* cells of edges threaded between the boxes of the
	                         * layers they cross, at most; beyond, the longest
	                         * edges run along lanes above the drawing.
	                         * 0 = default: 4 x (issues + edges), at least 100,000 */
} tr_layout_opts;

/* Columns inside a box: the default, the least, the most, and the least
 * AUTO narrows to before it turns a drawing top to bottom. */
#define TR_LAYOUT_BOX_DEFAULT 16
#define TR_LAYOUT_BOX_MIN 8
#define TR_LAYOUT_BOX_MAX 200
#define TR_LAYOUT_BOX_NARROW 12

#define TR_LAYOUT_OPTS_INIT { TR_LAYOUT_AUTO, 0, false, 0, NULL, false, 0 }

typedef struct tr_layout tr_layout;

/* Lays out every issue of m (but isolated ones with hide_isolated) and every
 * edge.  g must be tr_graph_new() of the same model; the layout copies what it
 * needs, so neither has to outlive it.  Roughly linear in issues plus edges
 * times the layers they span. */
tr_layout *tr_layout_new(const tr_model *m, const tr_graph *g, const tr_layout_opts *opts);
void tr_layout_free(tr_layout *l);

int tr_layout_width(const tr_layout *l);
int tr_layout_height(const tr_layout *l);
/* The direction actually used (never AUTO). */
tr_layout_dir tr_layout_direction(const tr_layout *l);

/* The box of an issue, border included.  false when the issue is not drawn
 * (out of range, or isolated and hidden). */
bool tr_layout_box(const tr_layout *l, size_t issue, tr_rect *box);
/* The issue whose box covers (x, y), or TR_NONE. */
size_t tr_layout_hit(const tr_layout *l, int x, int y);

/* Highlights an issue and its up- and downstream; TR_NONE clears. */
void tr_layout_select(tr_layout *l, size_t issue);
size_t tr_layout_selected(const tr_layout *l);
/* Where an issue stands to the selection: -1 upstream (it waits on it), 1
 * downstream, 0 neither (or nothing selected). */
int tr_layout_reach(const tr_layout *l, size_t issue);
/* The role of an issue's border as drawn with nothing selected: critical,
 * else by progress state. */
tr_cell_role tr_layout_border_role(const tr_layout *l, size_t issue);

/* The drawn issue nearest to `issue` in a direction (dx, dy each -1, 0 or 1),
 * for arrow keys in the graph pane; `issue` itself when there is none. */
size_t tr_layout_step(const tr_layout *l, size_t issue, int dx, int dy);

/* Adjusts a view's origin (*x0, *y0) of w x h cells as little as possible
 * so that the box of `issue` is inside it (its top-left corner when the box
 * is bigger than the view), and keeps the origin within the grid. */
void tr_layout_follow(const tr_layout *l, size_t issue, int w, int h, int *x0, int *y0);

/* Fills out[0 .. w*h) (row-major) with the grid window at (x0, y0); cells
 * outside the grid are background.  Cost: what intersects the window. */
void tr_layout_render(const tr_layout *l, int x0, int y0, int w, int h, tr_cell *out);

/* The whole grid as UTF-8 text, one line per row, trailing blanks trimmed,
 * each line ending in '\n'.  Caller frees. */
char *tr_layout_text(const tr_layout *l);

#endif
