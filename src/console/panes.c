/* Where the panes go.  Wide terminals show them side by side, in the two
 * columns the pane table gives them; smaller ones the issue list over one
 * other pane, chosen with Tab or a pane's key; any pane can be zoomed to
 * the whole screen. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "console/state.h"

enum { LEFT, RIGHT, OVER };

static const struct pane_info {
	const char *title, *key;
	bool list;
	int column, num, den;
} panes[] = {
#define X(_, name, word, title, key, view, list, column, num, den, help) \
	{ title, key, list, column, num, den },
	UI_PANE_LIST(X, _)
#undef X
};

const char *ui_pane_title(ui_pane p)
{
	return (unsigned)p < UI_PANE_COUNT ? panes[p].title : "";
}

const char *ui_pane_key(ui_pane p)
{
	return (unsigned)p < UI_PANE_COUNT ? panes[p].key : "";
}

bool ui_pane_is_list(ui_pane p)
{
	return (unsigned)p < UI_PANE_COUNT && panes[p].list;
}

void ui_pane_tab_label(ui_pane p, char *out, size_t size)
{
	snprintf(out, size, "%s %s", ui_pane_key(p), ui_pane_title(p));
}

/* Side by side from this size up. */
#define WIDE_W 120
#define WIDE_H 30
/* The left column's share of the width (the list and the graph). */
#define LEFT_NUM 11
#define LEFT_DEN 20

/* The fewest rows a pane keeps: its title and two of content. */
#define PANE_MIN_H 3

/* Each pane of a column takes its share of the body's height, in the
 * table's order, the last what is left.  Then a pane that needs fewer rows
 * (need: content rows wanted, 0 for no limit) gives the rest back, and the
 * panes that need more take them in the table's order; what nobody needs
 * goes to the last. */
static void stack_column(ui_screen *s, int column, int x, int w, const int *need)
{
	tr_rect b = s->body;
	int h[UI_PANE_COUNT] = { 0 }, y = b.y, last = -1;
	for (int p = 0; p < UI_PANE_COUNT; p++) {
		if (panes[p].column != column)
			continue;
		h[p] = panes[p].den ? b.h * panes[p].num / panes[p].den : b.y + b.h - y;
		y += h[p];
		last = p;
	}
	if (need) {
		int spare = 0;
		for (int p = 0; p < UI_PANE_COUNT; p++) {
			int want = need[p] > 0 ? need[p] + 1 : 0;
			if (panes[p].column != column || !want || want >= h[p])
				continue;
			int keep = want > PANE_MIN_H ? want : PANE_MIN_H;
			if (keep < h[p]) {
				spare += h[p] - keep;
				h[p] = keep;
			}
		}
		for (int p = 0; p < UI_PANE_COUNT && spare > 0; p++) {
			int want = need[p] > 0 ? need[p] + 1 : 0;
			if (panes[p].column != column || (want && want <= h[p]))
				continue;
			int more = want ? want - h[p] : spare;
			if (more > spare)
				more = spare;
			h[p] += more;
			spare -= more;
		}
		if (last >= 0)
			h[last] += spare;
	}
	y = b.y;
	for (int p = 0; p < UI_PANE_COUNT; p++) {
		if (panes[p].column != column)
			continue;
		s->pane[p] = (tr_rect){ x, y, w, h[p] };
		s->shown[p] = true;
		y += h[p];
	}
}

void ui_screen_layout(ui_screen *s, int w, int h, ui_pane focus, ui_pane lower, bool zoom,
                      const int *need)
{
	memset(s, 0, sizeof *s);
	s->w = w;
	s->h = h;
	s->divider = -1;
	if (w < TR_MIN_W || h < TR_MIN_H) {
		s->too_small = true;
		return;
	}
	s->header = (tr_rect){ 0, 0, w, 1 };
	s->status = (tr_rect){ 0, h - 1, w, 1 };
	s->body = (tr_rect){ 0, 1, w, h - 2 };
	tr_rect b = s->body;
	s->wide = w >= WIDE_W && h >= WIDE_H;
	if (zoom) {
		s->shown[focus] = true;
		s->pane[focus] = b;
		return;
	}
	if (s->wide) {
		/* One column between the left and the right panes. */
		int lw = (w - 1) * LEFT_NUM / LEFT_DEN;
		bool reading = panes[focus].column == OVER ||
		               (panes[focus].column == RIGHT && need && need[focus] < 0);
		/* A pane read on its own (the stand-up), or a document opened
		 * over one (a commit, a text in full), takes the whole right
		 * column while it has the focus, and the right column is then
		 * the larger: long lines are what it is read for. */
		if (reading && lw > w - 1 - lw)
			lw = w - 1 - lw;
		s->divider = lw;
		stack_column(s, LEFT, 0, lw, need);
		if (reading) {
			s->pane[focus] = (tr_rect){ lw + 1, b.y, w - lw - 1, b.h };
			s->shown[focus] = true;
		} else {
			stack_column(s, RIGHT, lw + 1, w - lw - 1, need);
		}
		return;
	}
	/* Stacked: the list over the lower pane, which has a tab bar.  The
	 * list takes the rows it needs (its heading, a row per issue) up to
	 * half the body, more when the pane below needs fewer than the rest,
	 * and at least two fifths when it has that many rows to show (fewer
	 * when it has fewer). */
	if (lower == UI_PANE_ISSUES)
		lower = UI_PANE_DETAIL;
	int ih = b.h * 2 / 5;
	if (need && need[UI_PANE_ISSUES] > 0) {
		int want = need[UI_PANE_ISSUES] + 1;
		int room = b.h / 2;
		if (need[lower] > 0 && b.h - (need[lower] + 1) > room)
			room = b.h - (need[lower] + 1);
		/* A document opened below has the larger part. */
		if (room < ih || need[lower] < 0)
			room = ih;
		ih = want < room ? want : room;
	}
	if (ih < 5)
		ih = 5;
	if (b.h - ih < 4)
		ih = b.h - 4;
	s->pane[UI_PANE_ISSUES] = (tr_rect){ 0, b.y, w, ih };
	s->pane[lower] = (tr_rect){ 0, b.y + ih, w, b.h - ih };
	s->shown[UI_PANE_ISSUES] = s->shown[lower] = true;
	s->tabs = true;
}
