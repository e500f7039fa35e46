/* Drawing a finished layout: the cells of a window, and the whole drawing as
 * text. */
#include "config.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "graph_internal.h"
#include "triage/text.h"

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
	if (l->selected != TR_NONE) {
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
	/* Not the triangles or v ^ of the console's more-below and
	 * more-above marks, which are on the same screen. */
	if (z->y < dst->y)
		return ascii ? 'Y' : 0x2193;
	return ascii ? 'A' : 0x2191;
}

tr_cell_role tr_layout_border_role(const tr_layout *l, size_t i)
{
	if (i >= l->nissues)
		return TR_CELL_BOX_OPEN;
	if (l->critical[i])
		return TR_CELL_CRITICAL;
	static const uint8_t by_state[TR_STATE_COUNT] = {
		TR_CELL_BOX_OPEN, TR_CELL_BOX_IN_PROGRESS, TR_CELL_BOX_FIXED,
		TR_CELL_BOX_VERIFIED, TR_CELL_BOX_WONT_FIX,
	};
	return (tr_cell_role)by_state[l->state[i] < TR_STATE_COUNT ? l->state[i] : 0];
}

int tr_layout_reach(const tr_layout *l, size_t i)
{
	if (l->selected == TR_NONE || i >= l->nissues || i == l->selected)
		return 0;
	return l->up[i] ? -1 : l->down[i] ? 1 : 0;
}

static uint8_t border_role(const tr_layout *l, size_t i)
{
	if (i == l->selected)
		return TR_CELL_SELECTED;
	if (l->selected != TR_NONE && l->up[i])
		return TR_CELL_UPSTREAM;
	if (l->selected != TR_NONE && l->down[i])
		return TR_CELL_DOWNSTREAM;
	return (uint8_t)tr_layout_border_role(l, i);
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
	/* Single: ┌┐└┘─│ and ports ├┤┬┴; double for the critical path.  In
	 * ASCII a box on it has # corners and # top and bottom, a mark nothing
	 * else on the screen uses (not the = of the tests passed). */
	uint32_t tl = a ? (dbl ? '#' : '+') : dbl ? 0x2554 : 0x250C;
	uint32_t tr = a ? (dbl ? '#' : '+') : dbl ? 0x2557 : 0x2510;
	uint32_t bl = a ? (dbl ? '#' : '+') : dbl ? 0x255A : 0x2514;
	uint32_t br = a ? (dbl ? '#' : '+') : dbl ? 0x255D : 0x2518;
	uint32_t hz = a ? (dbl ? '#' : '-') : dbl ? 0x2550 : 0x2500;
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
	tr_cell label[2 * TR_LAYOUT_BOX_MAX];
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
