/* The console draws into an in-memory grid of cells; a backend copies the
 * grid to a terminal (curses) or to a text file (scripted mode).
 *
 * The canvas is the one place where text from outside meets the screen:
 * tr_canvas_text() makes it inert (text.h) and measures every code point,
 * so a control character never reaches a cell and a wide character never
 * straddles the clip rectangle.  Views cannot spill into their neighbours:
 * every write is clipped to the rectangle set with tr_canvas_clip(). */
#ifndef TRIAGE_CANVAS_H
#define TRIAGE_CANVAS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "triage/str.h"

/* Attributes a cell may add to its colour slot (and a theme may give one). */
#define TR_ATTR_LIST(X)            \
	X(BOLD,      "bold")           \
	X(DIM,       "dim")            \
	X(UNDERLINE, "underline")      \
	X(REVERSE,   "reverse")        \
	X(ITALIC,    "italic")         \
	X(BLINK,     "blink")

enum {
#define X(name, word) TR_ATTR_BIT_##name,
	TR_ATTR_LIST(X)
#undef X
};
enum {
#define X(name, word) TR_ATTR_##name = 1u << TR_ATTR_BIT_##name,
	TR_ATTR_LIST(X)
#undef X
};

/* Symbols the console draws itself, and the marks the graph's drawing
 * holds (it makes its own code points: the rows here say what they mean
 * and what the Linux console draws for them): each row one thing it means,
 * drawn as UTF-8, on the Linux console (only what its code page 437 font
 * has) and in ASCII.  In each of the three no two meanings that can be on
 * one screen share a form (tests/unit/test_canvas_sym.c holds the table,
 * and the graph as drawn, to that), so a mark read alone is never in
 * doubt.  The lines, the corners and the graph's lines are one meaning; an
 * arrow's head in the graph means what the arrow of a chain does.  The
 * help's "Marks" section is made from this table. */
#define TR_SYM_LINE_MEANING "a line, a box's edge or corner"
#define TR_SYM_ARROW_MEANING "becomes, or leads to (in the graph: holds up)"
#define TR_SYM_LIST(X)                                                                   \
	X(HLINE,        "\u2500", "\u2500", "-",   TR_SYM_LINE_MEANING)                     \
	X(VLINE,        "\u2502", "\u2502", "|",   TR_SYM_LINE_MEANING)                     \
	X(TOP_LEFT,     "\u256D", "\u250C", "+",   TR_SYM_LINE_MEANING)                     \
	X(TOP_RIGHT,    "\u256E", "\u2510", "+",   TR_SYM_LINE_MEANING)                     \
	X(BOTTOM_LEFT,  "\u2570", "\u2514", "+",   TR_SYM_LINE_MEANING)                     \
	X(BOTTOM_RIGHT, "\u256F", "\u2518", "+",   TR_SYM_LINE_MEANING)                     \
	X(CRITICAL,     "\u2550", "\u2550", "#",   "the border of a box on the critical path") \
	X(BAR_FULL,     "\u2588", "\u2588", "X",   "tests failed (the test bar)")         \
	X(BAR_HALF,     "\u2592", "\u2592", "=",   "tests passed")                        \
	X(BAR_LIGHT,    "\u2591", "\u2591", ":",   "tests skipped")                       \
	X(ARROW,        "\u2192", "\u2192", "->",  TR_SYM_ARROW_MEANING)                    \
	X(HEAD_RIGHT,   "\u25B6", "\u2192", ">",   TR_SYM_ARROW_MEANING)                    \
	X(HEAD_LEFT,    "\u25C0", "\u2190", "<",   TR_SYM_ARROW_MEANING)                    \
	X(HEAD_DOWN,    "\u2193", "v",      "Y",   TR_SYM_ARROW_MEANING)                    \
	X(HEAD_UP,      "\u2191", "^",      "A",   TR_SYM_ARROW_MEANING)                    \
	X(SELF_LOOP,    "\u21BB", "@",      "@",   "waits on itself (a dependency cycle of one)") \
	X(COLLAPSED,    "\u25B8", "\u25BA", "[+]", "a closed failure group or detail section (l opens)")    \
	X(EXPANDED,     "\u25BE", "\u25BC", "[-]", "an open failure group (h closes)")    \
	X(BULLET,       "\u2022", "\u2022", "o",   "an item of a list")                   \
	X(CHANGED,      "\u270E", "\u25A0", "!",   "changed since the last stand-up")     \
	X(READY,        "\u25C6", "\u2666", "r",   "ready: nothing unresolved upstream")  \
	X(ELLIPSIS,     "\u2026", "~",      "~",   "a text cut short (< > or Enter show the rest)") \
	X(IN_PROGRESS,  "\u00BB", "\u00BB", "%",   "in progress")                         \
	X(FIXED,        "\u2713", "\u221A", "f",   "fixed")                               \
	X(VERIFIED,     "\u2714", "V",      "V",   "verified")                            \
	X(WONT_FIX,     "\u2298", "w",      "w",   "won't fix")                           \
	X(DOT,          "\u00B7", "\u00B7", ".",   "a separator")                         \
	X(TIMES,        "\u00D7", "x",      "x",   "how many failures a group holds")     \
	X(UP,           "\u25B2", "\u2191", "^",   "more above")                          \
	X(DOWN,         "\u25BC", "\u2193", "v",   "more below")                          \
	X(CURSOR,       ">",      ">",      "*",   "the row under the cursor (in a text read in full: its line in the report)") \
	X(NEWLINE,      "\u21B5", "\u00B6", "\\",  "a line break in a note")

typedef enum {
#define X(name, utf8, console, ascii, meaning) TR_SYM_##name,
	TR_SYM_LIST(X)
#undef X
	TR_SYM_COUNT
} tr_sym;

typedef struct tr_canvas_cell {
	uint32_t cp;            /* never a control character; 0 for the right
	                         * half of the double-width character before it */
	uint8_t width;          /* 1 or 2; 0 for a right half */
	uint8_t slot;           /* a colour slot (theme.h) */
	uint8_t attr;           /* TR_ATTR_* added to the slot's own */
} tr_canvas_cell;

typedef struct tr_canvas {
	int w, h;
	tr_canvas_cell *cells;  /* row-major, w * h */
	bool ascii;             /* only ASCII characters in cells */
	bool console_font;      /* only what the Linux console's font has (code
	                         * page 437): others become a stand-in */
	int clip_x, clip_y, clip_w, clip_h;
	int shift;              /* columns everything drawn moves left (a list
	                         * scrolled sideways); cells are still clipped */
	int cursor_x, cursor_y; /* where the terminal cursor shows; -1 hides it */
} tr_canvas;

tr_canvas *tr_canvas_new(int w, int h, bool ascii);
void tr_canvas_free(tr_canvas *c);
/* Resizes and blanks the whole grid; resets the clip and hides the cursor. */
void tr_canvas_resize(tr_canvas *c, int w, int h);
/* Blanks everything in `slot`, resets the clip and hides the cursor. */
void tr_canvas_clear(tr_canvas *c, uint8_t slot);

/* Restricts every later write to this rectangle (intersected with the grid). */
void tr_canvas_clip(tr_canvas *c, int x, int y, int w, int h);
void tr_canvas_unclip(tr_canvas *c);

const tr_canvas_cell *tr_canvas_at(const tr_canvas *c, int x, int y);

/* Fills a rectangle with blanks in `slot`. */
void tr_canvas_fill(tr_canvas *c, int x, int y, int w, int h, uint8_t slot, uint8_t attr);
/* Gives the cells of a row segment a new slot and attributes, keeping the text. */
void tr_canvas_style(tr_canvas *c, int x, int y, int w, uint8_t slot, uint8_t attr);

/* Writes s (UTF-8 from anywhere) at (x, y) in at most `maxw` columns (a
 * negative maxw: up to the clip edge), made inert first.  Zero-width code
 * points are dropped; a double-width one that does not fit ends the text.
 * Returns the columns written. */
int tr_canvas_text(tr_canvas *c, int x, int y, int maxw, const char *s, uint8_t slot, uint8_t attr);
/* The same, but a text that does not fit ends with an ellipsis. */
int tr_canvas_fit(tr_canvas *c, int x, int y, int maxw, const char *s, uint8_t slot, uint8_t attr);
/* Writes s right-aligned so that it ends just before column x_end. */
int tr_canvas_text_right(tr_canvas *c, int x_end, int y, int maxw, const char *s, uint8_t slot,
                         uint8_t attr);
/* One of the console's own symbols (its ASCII form on an ASCII canvas).  Returns the columns used. */
int tr_canvas_sym(tr_canvas *c, int x, int y, tr_sym sym, uint8_t slot, uint8_t attr);
/* A code point already known to be printable (from a trusted source such as
 * the graph layout, whose cells are inert by contract); still measured, and
 * replaced by '?' when it is a control or does not suit an ASCII canvas. */
void tr_canvas_cp(tr_canvas *c, int x, int y, uint32_t cp, uint8_t slot, uint8_t attr);
void tr_canvas_hline(tr_canvas *c, int x, int y, int w, uint8_t slot);
void tr_canvas_vline(tr_canvas *c, int x, int y, int h, uint8_t slot);
/* A rounded box border (ASCII: + - |). */
void tr_canvas_box(tr_canvas *c, int x, int y, int w, int h, uint8_t slot);

void tr_canvas_set_cursor(tr_canvas *c, int x, int y);

/* The grid as UTF-8 text: one line per row, trailing blanks trimmed, each
 * line ending in '\n'.  Caller frees. */
char *tr_canvas_dump(const tr_canvas *c);

/* The UTF-8 encoding of a symbol as drawn on this canvas (for building
 * labels such as "3× ..." that then go through tr_canvas_text, which on
 * the Linux console draws each symbol in its own form there). */
const char *tr_sym_text(tr_sym sym, bool ascii);
/* What a symbol means, for the help. */
const char *tr_sym_meaning(tr_sym sym);

/* Splits s into lines of at most `cols` columns (of its inert form), at
 * spaces where possible; an empty s gives no line.  Appends to out. */
void tr_wrap(tr_strv *out, const char *s, int cols);

/* Columns of the inert form of s as the canvas would draw it (zero-width
 * code points dropped; '?' for non-ASCII on an ASCII canvas). */
int tr_canvas_text_width(const tr_canvas *c, const char *s);

#endif
