/* The console's inside: the application state every view reads, the view
 * interface, the backends, and the small widgets (list cursor, document,
 * picker, one-line editor).
 *
 * Views read the model, the progress and the history through the app and
 * draw into the canvas; changes go through app_apply(), which goes through
 * the store.  No view opens a file or talks to git. */
#ifndef TRIAGE_UI_APP_H
#define TRIAGE_UI_APP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "console/canvas.h"
#include "triage/error.h"
#include "triage/graph.h"
#include "triage/history.h"
#include "console/keys.h"
#include "triage/layout.h"
#include "triage/model.h"
#include "triage/repo.h"
#include "triage/store.h"
#include "console/theme.h"
#include "console/ui.h"

#define TR_NONE ((size_t)-1)

typedef struct tr_app tr_app;

/* ---- panes ------------------------------------------------------------ */

/* enum name, word, title, digit key */
#define UI_PANE_LIST(X)                         \
	X(ISSUES,   "issues",   "Issues")           \
	X(DETAIL,   "detail",   "Detail")           \
	X(FAILURES, "failures", "Failures")         \
	X(GRAPH,    "graph",    "Graph")            \
	X(COMMITS,  "commits",  "Commits")

typedef enum {
#define X(name, word, title) UI_PANE_##name,
	UI_PANE_LIST(X)
#undef X
	UI_PANE_COUNT
} ui_pane;

const char *ui_pane_title(ui_pane p);

/* Where everything goes on a screen of w x h cells. */
typedef struct ui_screen {
	int w, h;
	bool too_small;
	bool wide;              /* panes side by side; else stacked */
	tr_rect header, status, body;
	bool shown[UI_PANE_COUNT];
	tr_rect pane[UI_PANE_COUNT];    /* title row included */
	bool tabs;              /* stacked: the lower pane's title row is a tab bar */
} ui_screen;

/* The smallest usable terminal. */
#define TR_MIN_W 40
#define TR_MIN_H 10

/* Lays the panes out: side by side when wide enough, else the issue list
 * over one other pane (`lower`); `zoom` shows the focused pane alone. */
void ui_screen_layout(ui_screen *s, int w, int h, ui_pane focus, ui_pane lower, bool zoom);

/* ---- views ------------------------------------------------------------ */

typedef struct ui_view_ops {
	const char *name;
	void *(*open)(tr_app *app);
	void (*close)(void *st);
	/* The pane's title after its number ("Issues 8/8"). */
	void (*title)(void *st, tr_app *app, tr_buf *out);
	/* Draws inside `area` (title row excluded; the canvas is clipped to it). */
	void (*draw)(void *st, tr_app *app, tr_canvas *c, tr_rect area, bool focused);
	/* An action while focused; false when the view does not handle it. */
	bool (*action)(void *st, tr_app *app, tr_action a, tr_rect area);
	/* The selection, the filter or the data changed. */
	void (*refresh)(void *st, tr_app *app);
	/* A click (or a wheel turn: button 4 up, 5 down) at (x, y) in `area`. */
	void (*click)(void *st, tr_app *app, int x, int y, int button, tr_rect area);
	/* Moves to the next (dir 1) or previous (-1) match of q; false when none. */
	bool (*find)(void *st, tr_app *app, const char *q, int dir, tr_rect area);
	/* Actions worth showing on the status line, ending with TR_ACTION_NONE. */
	const tr_action *hints;
} ui_view_ops;

extern const ui_view_ops ui_issues_view, ui_detail_view, ui_failures_view, ui_graph_view,
	ui_commits_view, ui_commit_view, ui_help_view;

/* A commit view for commit `id` (pushed over the commits pane by Enter). */
void *ui_commit_view_new(tr_app *app, const char *id);

/* ---- widgets ---------------------------------------------------------- */

/* A cursor over n rows shown `page` at a time. */
typedef struct ui_list {
	size_t cur, top, n;
} ui_list;

void ui_list_set_count(ui_list *l, size_t n);
/* Moves by an action (up, down, page, first, last); true when it did. */
bool ui_list_action(ui_list *l, tr_action a, int page);
void ui_list_show(ui_list *l, int page);          /* scroll so cur is visible */
void ui_list_wheel(ui_list *l, int delta, int page);

/* A document: lines of styled spans, for the detail, commit and help panes. */
typedef struct ui_span {
	char *text;
	uint8_t slot, attr;
} ui_span;

typedef struct ui_doc_row {
	ui_span *spans;
	size_t n, cap;
	int indent;
} ui_doc_row;

typedef struct ui_doc {
	ui_doc_row *lines;
	size_t n, cap;
	size_t top;             /* first line shown */
} ui_doc;

void ui_doc_clear(ui_doc *d);
void ui_doc_free(ui_doc *d);
/* Starts a new line indented by `indent` columns. */
void ui_doc_line(ui_doc *d, int indent);
/* Adds a span to the current line (starting one when there is none). */
void ui_doc_add(ui_doc *d, const char *text, uint8_t slot, uint8_t attr);
void ui_doc_addf(ui_doc *d, uint8_t slot, uint8_t attr, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* Adds text wrapped to `width` columns: the first piece goes on the
 * current line after `used` columns, the rest on new lines indented by
 * `indent`. */
void ui_doc_wrap(ui_doc *d, const char *text, uint8_t slot, int used, int width, int indent);
void ui_doc_draw(ui_doc *d, tr_canvas *c, tr_rect area, const char *highlight);
bool ui_doc_action(ui_doc *d, tr_action a, tr_rect area);
bool ui_doc_find(ui_doc *d, const char *q, int dir, tr_rect area);
/* Marks the matches of q (case-insensitive) in a row segment as search matches. */
void ui_highlight(tr_canvas *c, int x, int y, int w, const char *q);
/* The cursor row of a list: its style and a marker in the margin. */
void ui_cursor_row(tr_canvas *c, tr_rect area, int y, bool focused);

/* A picker: a list of choices in a box; Enter calls `done` with the index. */
typedef void (*ui_pick_fn)(tr_app *app, int choice);
/* A one-line editor; Enter calls `done` with the text. */
typedef void (*ui_edit_fn)(tr_app *app, const char *text);

typedef struct ui_picker {
	char *title;
	tr_strv items;
	ui_list list;
	ui_pick_fn done;
} ui_picker;

typedef struct ui_editor {
	char *prompt;
	tr_buf text;
	size_t cursor;          /* byte offset, on a code point boundary */
	size_t scroll;          /* first column shown */
	ui_edit_fn done;
} ui_editor;

/* Editor keys: inserts, moves, deletes; returns 1 for Enter, -1 for Esc,
 * 0 otherwise. */
int ui_editor_key(ui_editor *e, int key);
void ui_editor_draw(ui_editor *e, tr_canvas *c, int x, int y, int w);
void ui_editor_set(ui_editor *e, const char *text);

/* ---- the application --------------------------------------------------- */

typedef enum { UI_SORT_REPORT, UI_SORT_READY, UI_SORT_BLOCKING, UI_SORT_COUNT } ui_sort;

typedef struct ui_filter {
	int state;              /* -1 any, else a tr_state */
	int priority;           /* -1 any, 0..3, 4 for none */
	char *owner;            /* NULL any, "" nobody, else a substring of the owner */
	char *text;             /* NULL any */
} ui_filter;

typedef struct ui_pane_slot {
	const ui_view_ops *ops;
	void *st;
	const ui_view_ops *child_ops;   /* a view opened over it (a commit) */
	void *child_st;
} ui_pane_slot;

struct tr_app {
	/* What is shown. */
	tr_model *model;
	tr_graph *graph;
	tr_store *store;                /* NULL when there is nowhere to keep progress */
	tr_history *history;            /* NULL without a repository */
	tr_repo *repo;
	tr_strv reports;
	char *user;                     /* who this session records changes as */
	char *history_problem;          /* why there is no history, or NULL */
	const tr_progress **progress;   /* per issue, from the store; may be NULL entries */
	uint8_t *state;                 /* per issue, a tr_state */
	unsigned generation;            /* bumped when the model or the progress change */

	/* The issue list as filtered and ordered. */
	size_t *rows;
	size_t nrows;
	char **haystacks;               /* per issue, lower-cased text for the text filter */
	size_t nhaystacks;
	const tr_model *haystack_model; /* the model they were made from */
	size_t sel;                     /* selected issue (model index) or TR_NONE */
	size_t sel_pos;                 /* its row, to stay near when it leaves the list */
	ui_filter filter;
	ui_sort sort;
	char *search;                   /* the last search, or NULL */

	/* The screen. */
	const tr_console_opts *opts;
	tr_theme *theme;
	tr_canvas *canvas;
	ui_screen screen;
	bool ascii;
	tr_keymap keys;
	ui_pane_slot panes[UI_PANE_COUNT];
	ui_pane focus;
	ui_pane lower;                  /* stacked layout: the pane under the list */
	bool zoom;
	bool help;
	void *help_st;
	ui_picker *picker;
	ui_editor *editor;
	char *message;
	bool message_error;
	bool dirty;
	bool redraw_all;                /* Ctrl-L: the terminal may hold garbage */
	bool suspend;                   /* Ctrl-Z: stop until resumed */
	bool quit;
	int colors;                     /* as the backend reports */
};

/* Status line messages (text may quote input: it is drawn inert). */
void app_message(tr_app *app, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void app_error(tr_app *app, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Selects an issue (TR_NONE clears) and tells every view. */
void app_select(tr_app *app, size_t issue);
/* Recomputes the rows after the filter or the order changed. */
void app_refilter(tr_app *app);
/* The position of the selected issue in rows, or TR_NONE. */
size_t app_sel_row(const tr_app *app);

/* Progress of an issue, from the store. */
tr_state app_state(const tr_app *app, size_t issue);
const char *app_owner(const tr_app *app, size_t issue);
const tr_progress *app_progress(const tr_app *app, size_t issue);
/* Commits linked to an issue, newest first. */
size_t app_commits(const tr_app *app, size_t issue, const tr_commit_link **out);
/* A commit's message and changed files; NULL with an error message shown. */
tr_commit_detail *app_commit_detail(tr_app *app, const char *id);

/* Saves one change through the store and says so on the status line:
 * "#305 <what> (saved to FILE)". */
bool app_apply(tr_app *app, const tr_change *ch, const char *what);

void app_pick(tr_app *app, const char *title, const char *const *items, size_t n, size_t initial,
              ui_pick_fn done);
void app_edit(tr_app *app, const char *prompt, const char *initial, ui_edit_fn done);

/* Opens a view over a pane (the commit over the commits list). */
void app_push_view(tr_app *app, ui_pane pane, const ui_view_ops *ops, void *st);
void app_focus(tr_app *app, ui_pane pane);

/* Short forms for narrow columns. */
const char *app_status_short(tr_issue_status s);
/* The name part of "Name <email>"; in tmp when cut.  */
const char *app_person(const char *who, tr_buf *tmp);
/* The first key bound to an action, as its name ("s", "<Enter>"). */
const char *app_key_of(const tr_app *app, tr_action a, char tmp[16]);

uint8_t app_state_slot(tr_state s);
uint8_t app_priority_slot(tr_priority p);

/* ---- backends ----------------------------------------------------------- */

typedef enum { UI_EV_TIMEOUT, UI_EV_KEY, UI_EV_RESIZE, UI_EV_MOUSE, UI_EV_END, UI_EV_ERROR } ui_ev_type;

typedef struct ui_input {
	ui_ev_type type;
	int key;                /* UI_EV_KEY */
	int w, h;               /* UI_EV_RESIZE */
	int x, y, button;       /* UI_EV_MOUSE: 1 press, 4 wheel up, 5 wheel down */
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

/* Normalises a raw key (13 -> Enter, 9 -> Tab, 127 -> Backspace ...). */
int ui_key_normalise(int key);

/* Runs the event loop until quit or the end of a script. */
int app_run(tr_app *app, ui_backend *be, tr_error *err);

/* (Re)reads the reports, the history and the progress (console.c). */
int app_load_data(tr_app *app, tr_error *err);
/* The per-issue progress, the graph and the rows after the store changed. */
void app_progress_changed(tr_app *app);

#endif
