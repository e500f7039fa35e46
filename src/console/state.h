/* The console's own state and the calls between its parts: the screen and
 * where the panes go, the panes with the views opened over them, the
 * overlays (a picker, the one-line editor), the status line's message, and
 * the flags the loop acts on.  Views do not include this (view.h is theirs).
 *
 * The parts, each a file, lowest first: each calls only those before it and
 * the widgets, canvas, keys and theme under them all; views call data.c,
 * message.c, focus.c and filter.c (view.h declares what).  make check fails
 * on an include or call cycle (tests/build/layers.sh).
 *   message.c   the status line's message
 *   data.c      what views ask of the app: progress, commits, short forms
 *   config.c    the options and the config file
 *   drafts.c    the note editor's drafts, kept across sessions
 *   panes.c     the pane table's titles and keys, the screen layout
 *   focus.c     the panes' views, the focus and the views opened over panes
 *   overlays.c  the picker and the one-line editor over the screen
 *   filter.c    the issue list: filter, order, selection; the filter picker
 *   state.c     loading the data, the progress after a change, saving a change
 *   chrome.c    drawing: header, pane titles and tab bar, status line
 *   actions.c   the global actions, one function each, from a table
 *   loop.c      keys, clicks, resizes and idle polls, one at a time
 *   console.c   starting: reports, repository, store, theme, views; the loop */
#ifndef TRIAGE_CONSOLE_STATE_H
#define TRIAGE_CONSOLE_STATE_H

#include "console/backend.h"
#include "console/view.h"

/* ---- the screen ----------------------------------------------------------- */

/* Where everything goes on a screen of w x h cells. */
typedef struct ui_screen {
	int w, h;
	bool too_small;
	bool wide;              /* panes side by side; else stacked */
	tr_rect header, status, body;
	bool shown[UI_PANE_COUNT];
	tr_rect pane[UI_PANE_COUNT];    /* title row included */
	bool tabs;              /* stacked: the lower pane's title row is a tab bar */
	bool tabs_short;        /* the tabs other than the pane's own are their keys
	                         * alone (set as the tab bar is drawn) */
	int divider;            /* wide: the column between left and right panes */
} ui_screen;

/* The smallest usable terminal. */
#define TR_MIN_W 40
#define TR_MIN_H 10

/* Lays the panes out: side by side when wide enough, else the issue list
 * over one other pane (`lower`); `zoom` shows the focused pane alone. */
/* need: per pane, the content rows its view wants (ui_view_ops.want), or
 * NULL for the panes' shares alone. */
void ui_screen_layout(ui_screen *s, int w, int h, ui_pane focus, ui_pane lower, bool zoom,
                      const int *need);
/* The same with the views' wants, for the console's canvas and focus. */
void app_layout(tr_app *app);
/* A pane's default key ("2"), as in its title and on the tab bar. */
const char *ui_pane_key(ui_pane p);
/* Whether the pane is a list of rows (the table's list column). */
bool ui_pane_is_list(ui_pane p);
/* A pane's label on the tab bar (" 2 Detail "). */
#define UI_TAB_LABEL_MAX 48
void ui_pane_tab_label(ui_pane p, char *out, size_t size);

/* ---- overlays ------------------------------------------------------------- */

/* A picker: a list of choices in a box; Enter calls `done` with the index. */
typedef void (*ui_pick_fn)(tr_app *app, int choice);
/* A one-line editor; Enter calls `done` with the text. */
typedef void (*ui_edit_fn)(tr_app *app, const char *text);
/* The same for a change to one issue: the issue and the items are those of
 * the moment the overlay opened, whatever a reload did since (another
 * session's change, a filter moving the selection). */
typedef void (*ui_pick_issue_fn)(tr_app *app, const char *issue, int choice, int n, const char *value);
typedef void (*ui_edit_issue_fn)(tr_app *app, const char *issue, const char *text);

typedef struct ui_picker {
	char *title;
	tr_strv items;
	ui_list list;
	ui_pick_fn done;
	char *issue;                    /* bound to this issue (done_issue), or NULL */
	ui_pick_issue_fn done_issue;
	int width;                      /* the widest item or title, measured once */
	/* Letters either filter the items (typing: a list of people) or jump
	 * to the item they begin (a short fixed list); never choose: Enter and
	 * digits 1-9 do.  A question (two items, no and yes) is answered by
	 * n or y, or Enter on the answer under the cursor (no at first). */
	bool typing;
	bool question;
	bool free_text;                 /* typing: Enter on no match takes the text */
	tr_buf filter;
	size_t *shown;                  /* items matching the filter, in order */
	size_t nshown;
	size_t initial;                 /* the item the cursor starts on, with no filter */
} ui_picker;

/* What the editor holds at most; beyond, text is cut and the editor says so. */
#define UI_EDITOR_MAX 16384

typedef struct ui_editor {
	char *prompt;
	tr_buf text;
	size_t cursor;          /* byte offset, on a code point boundary */
	size_t scroll;          /* first column shown */
	ui_edit_fn done;
	char *issue;            /* bound to this issue (done_issue), or NULL */
	ui_edit_issue_fn done_issue;
	ui_edit_issue_fn cancelled;     /* Esc: called with the text (a draft kept) */
	ui_edit_issue_fn discarded;     /* Ctrl-G, Ctrl-C: the same, to throw it away
	                                 * (NULL: as Esc) */
	bool multiline;         /* a pasted line break is kept (notes) */
	bool cut;               /* text was cut at UI_EDITOR_MAX (the prompt says so) */
	bool cut_said;
	/* Places already counted, so that drawing counts columns from there,
	 * not from the start (typing at the end of a long note would cost the
	 * square of its length): the cursor's, and the first one shown.  {0, 0}
	 * when the text changed before it. */
	struct ui_editor_mark { size_t at; int col; } mark[2];
} ui_editor;

/* Editor keys: inserts, moves, deletes; returns 1 for Enter, -1 for Esc,
 * -2 for Ctrl-G or Ctrl-C (leave, throwing the text away), 2 for a key it
 * has no use for (no text, no key of its own: <F10>), 0 otherwise. */
int ui_editor_key(ui_editor *e, int key);
/* Inserts pasted text at the cursor: printable characters only, line
 * breaks as such in a multi-line editor (else as spaces); never keys. */
void ui_editor_paste(ui_editor *e, const char *text, size_t len);
void ui_editor_draw(ui_editor *e, tr_canvas *c, int x, int y, int w);
void ui_editor_set(ui_editor *e, const char *text);

/* ---- the console ---------------------------------------------------------- */

typedef enum { UI_SORT_REPORT, UI_SORT_READY, UI_SORT_BLOCKING, UI_SORT_COUNT } ui_sort;

typedef struct ui_filter {
	int state;              /* -1 any, else a tr_state */
	int priority;           /* -1 any, 0..3, 4 for none */
	char *owner;            /* NULL any, "" nobody, else a substring of the owner */
	char *text;             /* NULL any */
} ui_filter;

typedef struct ui_view_slot {
	const ui_view_ops *ops;
	void *st;
} ui_view_slot;

typedef struct ui_pane_slot {
	const ui_view_ops *ops;
	void *st;
	const ui_view_ops *child_ops;   /* a view opened over it (a commit) */
	void *child_st;
} ui_pane_slot;

struct ui_console {
	/* Owns what tr_app shows: the model, the store, the history, the
	 * repository; reloaded through it (app_load_data). */
	struct tr_session *session;

	/* The issue list's filter and order, and the text filter's cache:
	 * per issue, lower-cased text, made once per model. */
	ui_filter filter;
	ui_sort sort;
	char **haystacks;
	size_t nhaystacks;
	const tr_model *haystack_model;

	/* The screen. */
	tr_canvas *canvas;
	ui_screen screen;
	ui_pane_slot panes[UI_PANE_COUNT];
	ui_pane focus;
	/* The panes Enter came from (the graph, for the detail its box opened),
	 * where q and Esc go back to, newest last. */
	ui_pane back[UI_PANE_COUNT];
	int nback;
	int hshift[UI_PANE_COUNT];      /* columns a list pane is scrolled sideways (< >) */
	/* The same as the last drawing used it: no further than the widest
	 * row shown ends.  hshift stays as asked, so that moving past a page
	 * of short rows and back finds the long ones where they were read. */
	int hshift_shown[UI_PANE_COUNT];
	ui_pane lower;                  /* stacked layout: the pane under the list */
	bool zoom;
	/* Views over the whole body, opened at the start; one at a time. */
	ui_view_slot help, log;
	ui_view_slot *cover;            /* the one over the panes, or NULL */
	ui_picker *picker;
	ui_editor *editor;
	/* Notes left with Esc, by issue (a new note) or by issue and note (an
	 * edit of one's own): see actions_note.c. */
	tr_strv draft_issue, draft_text;
	/* Where they are kept across sessions (NULL: nowhere, they last as
	 * long as the console), and whether one failed to be written there. */
	char *drafts_path;
	bool drafts_unsaved;
	char *note_at, *note_text;      /* the note the note editor edits; NULL: a new one */
	char *asked;                    /* the draft a question asks to discard */
	tr_strv note_choices;           /* a note picker's notes: time, text, time, text... */
	char *message;
	bool message_error;
	struct ui_log_entry { char *text; bool error; } *log_v;   /* oldest first */
	size_t log_n, log_cap;
	bool dirty;
	bool redraw_all;                /* Ctrl-L: the terminal may hold garbage */
	bool suspend;                   /* Ctrl-Z: stop until resumed */
	bool quit;
	int colors;                     /* as the backend reports */
	ui_backend *be;                 /* for a program run on the terminal, the clipboard */
};

/* ---- data.c -------------------------------------------------------------- */

/* Who the owner pickers offer beyond the fixed choices: this session's
 * user, then everyone owning an issue. */
void app_owner_candidates(const tr_app *app, tr_strv *out);
/* Who the owner picker of an issue offers, in an order that stays put: its
 * owner, the owners of other issues (by name), the authors of its commits,
 * the CODEOWNERS entries for its test files, this session's user. */
void app_owner_choices(const tr_app *app, size_t issue, tr_strv *out);

/* ---- drafts.c ------------------------------------------------------------ */

/* The file of the user's own that keeps the unsent notes of the progress
 * file at store_path across sessions; NULL when there is no home.  Caller
 * frees. */
char *app_drafts_path(const char *store_path);
/* Appends the drafts kept there (keys as actions_note.c makes them, and
 * their texts); none when there is no file.  -1 with err when it cannot
 * be read. */
int app_drafts_read(const char *path, tr_strv *keys, tr_strv *texts, tr_error *err);
/* Keeps `text` as the draft of `key` there (NULL or "": gives it up), on
 * top of what the file holds now; removes the file when no draft is left.
 * -1 with err when it cannot be written. */
int app_drafts_put(const char *path, const char *store_path, const char *key, const char *text,
                   tr_error *err);
/* Writes there those of the drafts (keys[i], texts[i]) the file does not
 * hold as they are; how many could not be, *first the index of one. */
size_t app_drafts_put_all(const char *path, const char *store_path, const tr_strv *keys,
                          const tr_strv *texts, size_t *first);

/* ---- focus.c ------------------------------------------------------------- */

/* The view shown in a pane: the one opened over it, else its own. */
const ui_view_ops *app_pane_ops(tr_app *app, ui_pane p, void **st);
/* Whether pane p shows its own list, which scrolls sideways (< >); a view
 * opened over it (a commit, a text in full) wraps its lines instead. */
bool app_pane_scrolls_sideways(tr_app *app, ui_pane p);
/* The columns pane p is drawn scrolled sideways: the list's offset, 0 for a
 * view opened over it, which is drawn from its start whatever the list's. */
int app_pane_hshift(tr_app *app, ui_pane p);
/* The view keys go to: the one over the panes (help, messages), else the
 * focused pane's. */
const ui_view_ops *app_focused_ops(tr_app *app, void **st);
/* Where that view draws (its title row excluded). */
tr_rect app_focused_area(tr_app *app);
/* A pane's area without its title row. */
tr_rect ui_content_of(tr_rect r);
/* Focuses the pane Enter opened from the focused one last; false when
 * there is none (the way back is the issue list). */
bool app_focus_back(tr_app *app);
/* Closes the view opened over a pane; false when there is none. */
bool app_pop_view(tr_app *app, ui_pane pane);
/* Whether something is open over the bottom view, the issue list with
 * every pane shown: the help, the messages, a view over the focused pane,
 * the zoom, another pane focused (Enter on an issue).  What q closes before
 * it quits. */
bool app_view_open(tr_app *app);
/* Tells every view the selection, the filter or the data changed. */
void app_refresh_views(tr_app *app);

/* ---- message.c ------------------------------------------------------------ */

/* Shows a message the log does not keep (where a search landed). */
void app_say(tr_app *app, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Adds to the log without showing it. */
void app_log(tr_app *app, bool error, const char *text);
/* Frees the message and the log. */
void app_messages_free(tr_app *app);
/* data.c: frees the reports' versions read for the timeline. */
void app_versions_free(tr_app *app);
/* Whether progress cannot be saved (no place for it, or read-only). */
bool app_read_only(const tr_app *app);

/* ---- filter.c ------------------------------------------------------------ */

/* Recomputes the rows after the filter or the order changed. */
void app_refilter(tr_app *app);
/* The filter picker (state, priority, owner, text, clear). */
void app_filter_pick(tr_app *app);
/* The next order: the report's, ready first, most blocking first. */
void app_sort_next(tr_app *app);
/* Frees the filter and its cache. */
void app_filter_free(tr_app *app);

/* ---- state.c ------------------------------------------------------------- */

/* (Re)reads the reports, the history and the progress. */
int app_load_data(tr_app *app, tr_error *err);
/* The per-issue progress, the graph and the rows after the store changed. */
void app_progress_changed(tr_app *app);
/* Says on the status line what another session saved: the events from
 * `from` on ("Bob: #305 → fixed", "and 2 more changes"). */
void app_announce(tr_app *app, size_t from);
/* Whether a change can be saved; says why not on the status line. */
bool app_can_save(tr_app *app);
/* Saves one change through the store and says so on the status line:
 * "#305 <what> (saved to FILE)". */
bool app_apply(tr_app *app, const tr_change *ch, const char *what);

/* ---- overlays.c ---------------------------------------------------------- */

void app_pick(tr_app *app, const char *title, const char *const *items, size_t n, size_t initial,
              ui_pick_fn done);
void app_edit(tr_app *app, const char *prompt, const char *initial, ui_edit_fn done);
/* A picker or an editor for a change to `issue` (an id; NULL for none):
 * `done` gets the item chosen among those shown when it opened. */
void app_pick_for(tr_app *app, const char *issue, const char *title, const char *const *items,
                  size_t n, size_t initial, ui_pick_issue_fn done);
void app_edit_for(tr_app *app, const char *issue, const char *prompt, const char *initial,
                  bool multiline, ui_edit_issue_fn done);
/* Makes the picker just opened one to type into: letters filter the items
 * (case-insensitive), and with free_text Enter on no match calls done with
 * choice -1 and the text typed. */
void app_pick_typing(tr_app *app, bool free_text);
/* A question before something that cannot be taken back by accident: `done`
 * gets choice 1 for y (yes), 0 for n or Enter on no (the answer offered
 * first); Esc closes it unanswered. */
void app_ask_for(tr_app *app, const char *issue, const char *question, const char *no,
                 const char *yes, ui_pick_issue_fn done);
/* Q: quits, asking first when a draft note would be lost. */
void app_quit(tr_app *app);
/* The input has ended (the terminal gone, a script's last line): what the
 * note editor holds is kept as Esc keeps it, as a draft. */
void app_keep_typed(tr_app *app);
/* Pasted text: into the editor when one is open, otherwise refused with a
 * message; never taken as keys. */
void app_paste(tr_app *app, const char *text, size_t len);
void app_close_overlays(tr_app *app);
void app_picker_draw(tr_app *app);
void app_picker_key(tr_app *app, int key);
void app_picker_mouse(tr_app *app, const ui_input *ev);
/* False when the editor has no use for the key (ui_editor_key's 2). */
bool app_editor_key(tr_app *app, int key);

/* ---- chrome.c ------------------------------------------------------------ */

/* Draws the whole screen into the canvas. */
void app_render(tr_app *app);
/* The farthest pane p may be scrolled sideways: its widest row's end at
 * the pane's right edge; -1 when its view has not told (not drawn yet). */
int app_hshift_max(tr_app *app, ui_pane p);
/* The pane whose tab is under x on pane p's title row, or -1 (p shows no tabs). */
int app_tab_at(const tr_app *app, ui_pane p, int x);

/* ---- actions.c ----------------------------------------------------------- */

/* Runs an action no view took. */
void app_global_action(tr_app *app, tr_action a);

/* ---- loop.c -------------------------------------------------------------- */

/* Runs the event loop until quit or the end of a script. */
int app_run(tr_app *app, ui_backend *be, tr_error *err);

#endif
