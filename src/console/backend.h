/* The backends the console draws to and reads from: a terminal (ncursesw)
 * or a script of keys and commands (no terminal at all). */
#ifndef TRIAGE_CONSOLE_BACKEND_H
#define TRIAGE_CONSOLE_BACKEND_H

#include <stdbool.h>

#include "console/canvas.h"
#include "console/theme.h"
#include "triage/error.h"

typedef enum {
	UI_EV_TIMEOUT, UI_EV_KEY, UI_EV_RESIZE, UI_EV_MOUSE, UI_EV_PASTE, UI_EV_END, UI_EV_ERROR
} ui_ev_type;

typedef struct ui_input {
	ui_ev_type type;
	int key;                /* UI_EV_KEY */
	const char *text;       /* UI_EV_PASTE: UTF-8, the backend's until its next call */
	size_t len;
	int w, h;               /* UI_EV_RESIZE */
	int x, y, button;       /* UI_EV_MOUSE: UI_BUTTON_PRESS, UI_WHEEL_UP, UI_WHEEL_DOWN (view.h) */
} ui_input;

typedef struct ui_backend ui_backend;
typedef struct ui_backend_ops {
	void (*size)(ui_backend *be, int *w, int *h);
	int (*colors)(ui_backend *be);
	/* Copies the canvas to the screen. */
	void (*present)(ui_backend *be, const tr_canvas *c, const tr_theme *theme);
	/* Waits up to timeout_ms for input. */
	void (*next)(ui_backend *be, ui_input *ev, int timeout_ms);
	/* True when more input is already waiting (draw once it has been read). */
	bool (*pending)(ui_backend *be);
	/* Gives the terminal back to the shell until the user resumes (Ctrl-Z). */
	void (*suspend)(ui_backend *be);
	/* Forgets what is on the screen: the next present() draws everything. */
	void (*invalidate)(ui_backend *be);
	/* Puts text on the terminal's clipboard (OSC 52; through tmux when in
	 * it).  The text is base64-encoded, so nothing in it reaches the
	 * terminal as a sequence. */
	void (*clipboard)(ui_backend *be, const char *text);
	/* Runs a program on the terminal (an editor, a pager): the screen is
	 * given back to it and taken again after.  Returns its exit status,
	 * or -1 when it could not be started. */
	int (*run)(ui_backend *be, char *const argv[]);
	/* For UI_EV_ERROR. */
	const tr_error *(*error)(ui_backend *be);
	void (*free)(ui_backend *be);
} ui_backend_ops;

struct ui_backend {
	const ui_backend_ops *ops;
};

/* The script backend: keys and commands from a file, screens to files. */
ui_backend *ui_script_backend_new(const char *path, int w, int h, int colors, tr_error *err);
/* The terminal, through ncursesw. */
ui_backend *ui_curses_backend_new(bool mouse, bool no_color, tr_error *err);

#endif
