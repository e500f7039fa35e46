/* Drawing the canvas to the screen: only cells that changed since the last
 * frame are handed to curses, which in turn sends only what differs. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "console/curses_internal.h"

static attr_t to_curses_attr(uint8_t a)
{
	attr_t r = A_NORMAL;
	if (a & TR_ATTR_BOLD)
		r |= A_BOLD;
	if (a & TR_ATTR_DIM)
		r |= A_DIM;
	if (a & TR_ATTR_UNDERLINE)
		r |= A_UNDERLINE;
	if (a & TR_ATTR_REVERSE)
		r |= A_REVERSE;
	if (a & TR_ATTR_BLINK)
		r |= A_BLINK;
#ifdef A_ITALIC
	if (a & TR_ATTR_ITALIC)
		r |= A_ITALIC;
#endif
	return r;
}

/* One colour pair for each pair of colours the theme uses, as this terminal
 * can show them.  Slots of the same colours share a pair: curses sends a
 * colour whenever the pair changes, even to the same colours.  Text in the
 * terminal's own colours has a pair too: curses leaves pair 0 with both
 * a colour reset and an attribute reset, where another pair needs one. */
static void setup_styles(curses_backend *cb, const tr_theme *theme)
{
	short fg[TR_SLOT_COUNT], bg[TR_SLOT_COUNT];
	short npairs = 0;
	for (int s = 0; s < TR_SLOT_COUNT; s++) {
		tr_style st = tr_style_degrade(theme->slot[s], (tr_slot)s, cb->colors);
		cb->attr[s] = to_curses_attr(st.attr);
		cb->pair[s] = 0;
		if (cb->colors < 8)
			continue;
		short k = 0;
		while (k < npairs && (fg[k] != st.fg || bg[k] != st.bg))
			k++;
		if (k == npairs) {
			if (k + 1 >= COLOR_PAIRS || init_pair((short)(k + 1), st.fg, st.bg) == ERR)
				continue;
			fg[k] = st.fg;
			bg[k] = st.bg;
			npairs++;
		}
		cb->pair[s] = (short)(k + 1);
	}
	cb->theme = theme;
	cb->styles_ready = true;
}

void curses_present(ui_backend *be, const tr_canvas *c, const tr_theme *theme)
{
	curses_backend *cb = (curses_backend *)be;
	if (!cb->styles_ready || cb->theme != theme)
		setup_styles(cb, theme);
	int sw, sh;
	getmaxyx(stdscr, sh, sw);
	bool full = false;
	if (cb->w != c->w || cb->h != c->h || !cb->prev) {
		free(cb->prev);
		cb->w = c->w;
		cb->h = c->h;
		cb->prev = tr_calloc((size_t)c->w * (size_t)c->h + 1, sizeof *cb->prev);
		full = true;
		clearok(stdscr, TRUE);
		curses_reset_charset();
	}
	for (int y = 0; y < c->h && y < sh; y++) {
		for (int x = 0; x < c->w && x < sw; x++) {
			const tr_canvas_cell *p = tr_canvas_at(c, x, y);
			tr_canvas_cell *q = &cb->prev[(size_t)y * (size_t)c->w + (size_t)x];
			if (!full && memcmp(p, q, sizeof *p) == 0)
				continue;
			*q = *p;
			if (p->width == 0)
				continue; /* drawn with the wide character on its left */
			/* The bottom-right cell scrolls some terminals when written;
			 * curses handles it with insert tricks we need not know. */
			wchar_t wc[2] = { (wchar_t)p->cp, 0 };
			cchar_t cc;
			uint8_t slot = p->slot < TR_SLOT_COUNT ? p->slot : 0;
			attr_t a = cb->attr[slot] | to_curses_attr(p->attr);
			setcchar(&cc, wc, a, cb->pair[slot], NULL);
			mvwadd_wch(stdscr, y, x, &cc);
			if (p->width == 2 && x + 1 < c->w)
				cb->prev[(size_t)y * (size_t)c->w + (size_t)x + 1] = *tr_canvas_at(c, x + 1, y);
		}
	}
	/* A hidden cursor is left where the last change put it, not moved
	 * back to a place of its own at the end of every screen. */
	if (c->cursor_x >= 0) {
		leaveok(stdscr, FALSE);
		curs_set(1);
		wmove(stdscr, c->cursor_y, c->cursor_x);
	} else {
		leaveok(stdscr, TRUE);
		curs_set(0);
	}
	wnoutrefresh(stdscr);
	doupdate();
}

void curses_invalidate(ui_backend *be)
{
	curses_backend *cb = (curses_backend *)be;
	free(cb->prev);
	cb->prev = NULL; /* present() then draws every cell, after a clear */
}
