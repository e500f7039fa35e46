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
		cb->bg[s] = cb->colors >= 8 ? st.bg : -1;
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

/* The longest run of blanks between two words drawn in the look of the
 * word on its left.  Longer runs, and those that end a row, keep their own
 * look, so that curses can still erase them with one sequence. */
#define MERGE_MAX 3

/* What shows of a look on a blank besides its background.  Blink is
 * there too: the Linux console can show it as a brighter background. */
#define SHOWS_ON_BLANK (A_REVERSE | A_UNDERLINE | A_BLINK)

static bool plain_blank(const tr_canvas_cell *p)
{
	return p->cp == ' ' && p->width == 1;
}

static uint8_t slot_of(const tr_canvas_cell *p)
{
	return p->slot < TR_SLOT_COUNT ? p->slot : 0;
}

static curses_look own_look(const curses_backend *cb, const tr_canvas_cell *p)
{
	uint8_t slot = slot_of(p);
	return (curses_look){ cb->attr[slot] | to_curses_attr(p->attr), cb->pair[slot] };
}

/* How the cell at x of a row (w cells) is drawn.  A blank looks the same
 * in any foreground and with any of bold, dim or italic, so a few
 * blanks between two words take the look of the word on their left where
 * the background is the same: the terminal is then not told to change its
 * attributes there and back.  The look depends on the row alone, so a
 * row drawn again unchanged sends nothing. */
static curses_look look_at(const curses_backend *cb, const tr_canvas_cell *row, int x, int w)
{
	const tr_canvas_cell *p = &row[x];
	curses_look own = own_look(cb, p);
	if (!plain_blank(p) || (own.a & SHOWS_ON_BLANK))
		return own;
	int start = x, end = x;
	while (start > 0 && plain_blank(&row[start - 1]) && x - start < MERGE_MAX)
		start--;
	while (end < w && plain_blank(&row[end]) && end - start < MERGE_MAX + 1)
		end++;
	if (start == 0 || end >= w || end - start > MERGE_MAX || plain_blank(&row[start - 1]))
		return own;
	/* Blanks already in the look of the word on their right cost
	 * nothing there: they keep it.  Nor do blanks next to a line
	 * between panes follow it: they are a pane's margin, whose run of
	 * blanks grows and shrinks with the text beside it, and each change
	 * of their look would be sent again. */
	const tr_canvas_cell *word = &row[start - 1];
	if (word->width == 0 && start >= 2)
		word = &row[start - 2];
	if (slot_of(word) == TR_SLOT_SEPARATOR || slot_of(&row[end]) == TR_SLOT_SEPARATOR)
		return own;
	curses_look right = own_look(cb, &row[end]);
	if (right.a == own.a && right.pair == own.pair)
		return own;
	curses_look wl = own_look(cb, word);
	if ((wl.a & SHOWS_ON_BLANK) || cb->bg[slot_of(word)] != cb->bg[slot_of(p)])
		return own;
	return wl;
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
		const tr_canvas_cell *row = tr_canvas_at(c, 0, y);
		curses_cell *shown = &cb->prev[(size_t)y * (size_t)c->w];
		for (int x = 0; x < c->w && x < sw; x++) {
			const tr_canvas_cell *p = &row[x];
			curses_cell *q = &shown[x];
			if (p->width == 0)
				continue; /* drawn with the wide character on its left */
			bool wide = p->width == 2 && x + 1 < c->w;
			curses_look l = look_at(cb, row, x, c->w);
			if (!full && memcmp(p, &q->cell, sizeof *p) == 0 &&
			    (!wide || memcmp(p + 1, &q[1].cell, sizeof *p) == 0) && q->look.a == l.a &&
			    q->look.pair == l.pair)
				continue;
			q->cell = *p;
			q->look = l;
			if (wide)
				q[1].cell = p[1];
			/* The bottom-right cell scrolls some terminals when written;
			 * curses handles it with insert tricks we need not know. */
			wchar_t wc[2] = { (wchar_t)p->cp, 0 };
			cchar_t cc;
			setcchar(&cc, wc, l.a, l.pair, NULL);
			mvwadd_wch(stdscr, y, x, &cc);
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
