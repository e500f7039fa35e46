/* Where the panes go.  Wide terminals show them side by side; smaller ones
 * the issue list over one other pane, chosen with Tab or 1-5; any pane can
 * be zoomed to the whole screen. */
#include "config.h"

#include <string.h>

#include "console/app.h"

static const char *const pane_titles[] = {
#define X(name, word, title) title,
	UI_PANE_LIST(X)
#undef X
};

const char *ui_pane_title(ui_pane p)
{
	return (unsigned)p < UI_PANE_COUNT ? pane_titles[p] : "";
}

/* Side by side from this size up. */
#define WIDE_W 120
#define WIDE_H 30

void ui_screen_layout(ui_screen *s, int w, int h, ui_pane focus, ui_pane lower, bool zoom)
{
	memset(s, 0, sizeof *s);
	s->w = w;
	s->h = h;
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
		/* Left: the list over the graph.  Right: the detail, the
		 * failures, the commits.  One column between them. */
		int lw = (w - 1) * 11 / 20;
		int rx = lw + 1, rw = w - rx;
		int ih = b.h * 11 / 20;
		s->pane[UI_PANE_ISSUES] = (tr_rect){ 0, b.y, lw, ih };
		s->pane[UI_PANE_GRAPH] = (tr_rect){ 0, b.y + ih, lw, b.h - ih };
		int dh = b.h * 2 / 5, fh = b.h * 3 / 10;
		s->pane[UI_PANE_DETAIL] = (tr_rect){ rx, b.y, rw, dh };
		s->pane[UI_PANE_FAILURES] = (tr_rect){ rx, b.y + dh, rw, fh };
		s->pane[UI_PANE_COMMITS] = (tr_rect){ rx, b.y + dh + fh, rw, b.h - dh - fh };
		for (int p = 0; p < UI_PANE_COUNT; p++)
			s->shown[p] = true;
		return;
	}
	/* Stacked: the list gets two fifths (at least its heading, a few
	 * rows), the lower pane the rest under a tab bar. */
	if (lower == UI_PANE_ISSUES)
		lower = UI_PANE_DETAIL;
	int ih = b.h * 2 / 5;
	if (ih < 5)
		ih = 5;
	if (b.h - ih < 4)
		ih = b.h - 4;
	s->pane[UI_PANE_ISSUES] = (tr_rect){ 0, b.y, w, ih };
	s->pane[lower] = (tr_rect){ 0, b.y + ih, w, b.h - ih };
	s->shown[UI_PANE_ISSUES] = s->shown[lower] = true;
	s->tabs = true;
}
