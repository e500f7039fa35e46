/* What the terminal backend's files share: the backend itself, the codes
 * for the paste marks, and the terminal's rescue when a signal ends the
 * process.  Set-up and teardown are in curses.c, the drawing in
 * curses_draw.c, the input in curses_input.c, the rescue in curses_rescue.c. */
#ifndef TRIAGE_CONSOLE_CURSES_INTERNAL_H
#define TRIAGE_CONSOLE_CURSES_INTERNAL_H

#include <curses.h>

#include "console/state.h"

/* How a cell is drawn: its attributes and colour pair. */
typedef struct curses_look {
	attr_t a;
	short pair;
} curses_look;

/* A cell on the screen: what the canvas had there and how it was drawn. */
typedef struct curses_cell {
	tr_canvas_cell cell;
	curses_look look;
} curses_cell;

typedef struct curses_backend {
	ui_backend base;
	SCREEN *scr;
	curses_cell *prev;      /* what is on the screen, w * h */
	int w, h;
	int colors;
	bool styles_ready;
	attr_t attr[TR_SLOT_COUNT];
	short pair[TR_SLOT_COUNT];
	short bg[TR_SLOT_COUNT];        /* the background each slot shows */
	const tr_theme *theme;
	tr_error err;
	tr_buf paste;           /* the text of the last paste */
	ui_input ahead;         /* an event read early by curses_pending */
	bool has_ahead;
} curses_backend;

/* Bracketed paste: the terminal marks pasted text, which then arrives as
 * text, never as keys.  Codes beyond ncurses' own for the two marks. */
#define KEY_PASTE_BEGIN (KEY_MAX + 1)
#define KEY_PASTE_END (KEY_MAX + 2)
/* A paste larger than this is cut (the editor holds far less). */
#define PASTE_MAX (1 << 20)

/* A capability of this terminal, or the fallback when terminfo has none. */
const char *curses_cap_or(const char *name, const char *fallback);

/* curses_rescue.c: the terminal as the shell had it is saved before
 * curses starts; once set up, the handlers are installed; the rescue is
 * held while the shell or another program has the terminal. */
void curses_rescue_save_shell(void);
void curses_rescue_install(bool mouse_on);
void curses_rescue_uninstall(void);
void curses_rescue_hold(void);
void curses_rescue_resume(void);
/* The hangup or termination put off (0: none), for the input to end on;
 * once the terminal is given back, the console dies of it. */
int curses_rescue_pending(void);
void curses_rescue_die(void);

/* curses_caps.c: sgr0 and sgr without the character-set switch terminfo
 * puts in them (the console never uses that set). */
void curses_lighten_attributes(void);
/* Whether terminfo knows $TERM; asked before newterm(), which leaks its
 * half-made screen when it does not. */
bool curses_term_known(void);
/* The switch back to the ordinary character set, for a whole screen. */
void curses_reset_charset(void);

/* curses_draw.c */
void curses_present(ui_backend *be, const tr_canvas *c, const tr_theme *theme);
void curses_invalidate(ui_backend *be);

/* curses_input.c */
void curses_next(ui_backend *be, ui_input *ev, int timeout_ms);
bool curses_pending(ui_backend *be);

#endif
