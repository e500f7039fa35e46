/* All a view may use: the view interface, what the console shows (the
 * model, the progress, the history, the issue list and its selection), the
 * widgets every pane is made of, and the few calls that change the
 * selection, the focus or the status line.
 *
 * Views read the app and draw into the canvas they are given; they never
 * open a file or talk to git, and the console's own state (the screen, the
 * focus stack, the overlays, the loop) is not theirs to touch: it lives
 * behind `con`, declared in state.h. */
#ifndef TRIAGE_CONSOLE_VIEW_H
#define TRIAGE_CONSOLE_VIEW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "console/canvas.h"
#include "console/keys.h"
#include "console/panes.h"
#include "console/theme.h"
#include "console/ui.h"          /* the options table and the config file, for the help */
#include "triage/error.h"
#include "triage/graph.h"
#include "triage/history.h"
#include "triage/model.h"
#include "triage/standup.h"
#include "triage/store.h"
#include "triage/str.h"         /* TR_NONE */

typedef struct tr_app tr_app;
typedef struct ui_console ui_console;

/* ---- panes ------------------------------------------------------------ */

typedef enum {
#define X(_, name, ...) UI_PANE_##name,
	UI_PANE_LIST(X, _)
#undef X
	UI_PANE_COUNT
} ui_pane;

const char *ui_pane_title(ui_pane p);

/* ---- the mouse -------------------------------------------------------- */

/* Buttons as the backends report them: a press, and the wheel's turns. */
enum { UI_BUTTON_PRESS = 1, UI_WHEEL_UP = 4, UI_WHEEL_DOWN = 5 };
/* Rows one turn of the wheel scrolls. */
#define UI_WHEEL_STEP 3

static inline bool ui_is_wheel(int button)
{
	return button == UI_WHEEL_UP || button == UI_WHEEL_DOWN;
}

/* A wheel turn as one of the UI_WHEEL_STEP moves of a pane that scrolls by
 * actions. */
static inline tr_action ui_wheel_action(int button)
{
	return button == UI_WHEEL_UP ? TR_ACTION_MOVE_UP : TR_ACTION_MOVE_DOWN;
}

/* How far a wheel turn moves a list: UI_WHEEL_STEP rows up or down. */
static inline int ui_wheel_delta(int button)
{
	return button == UI_WHEEL_UP ? -UI_WHEEL_STEP : UI_WHEEL_STEP;
}

/* ---- views ------------------------------------------------------------ */

/* Where a search landed: the nth of count matches, and whether it came
 * round past the end (or the start, searching backwards). */
typedef struct ui_found {
	size_t nth, count;
	bool wrapped;
} ui_found;

/* Where a pane's window is over what it shows: the row under the cursor
 * (a document: its first line shown, or its cursor's line when it has
 * one on the screen) as pos of count, and whether more is
 * hidden above and below.  The console draws it at the right end of the
 * pane's title row, always in the same place, so that a move changes only
 * those few cells. */
typedef struct ui_where {
	size_t pos, count;      /* pos from 1; count 0: nothing to tell */
	bool above, below;
} ui_where;

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
	/* A click (or a wheel turn) at (x, y) in `area`. */
	void (*click)(void *st, tr_app *app, int x, int y, int button, tr_rect area);
	/* Moves to the next (dir 1) or previous (-1) match of q; false when
	 * none.  Says in found which match of how many, and whether it wrapped
	 * (ui_find_next does both). */
	bool (*find)(void *st, tr_app *app, const char *q, int dir, tr_rect area, ui_found *found);
	/* The failure signature under the cursor, for the actions on one (may
	 * be NULL: the view has none). */
	const char *(*signature)(void *st, tr_app *app);
	/* Rows of content it would fill (its title row apart), from the data
	 * alone, never from the selection, so that moving does not move the
	 * panes; 0, or a NULL op: as many as it is given; negative: a
	 * document opened over a pane, which takes the larger area there is.
	 * The layout gives spare rows of a pane that needs fewer to one that
	 * needs more. */
	int (*want)(void *st, tr_app *app);
	/* Where its window is, as the last drawing left it (may be NULL: the
	 * view has no rows to count). */
	void (*where)(void *st, tr_app *app, ui_where *out);
	/* A list scrolled sideways: the columns its widest row needs, and
	 * how many at its left (the key column: an issue's id) stay in place
	 * while the rest scrolls, as the last drawing found them; false when
	 * it has not been drawn (may be NULL: it does not scroll sideways). */
	bool (*sideways)(void *st, tr_app *app, int *width, int *key);
	/* Scrolled sideways: the key column alone, what stays in place, drawn
	 * unshifted into `area` clipped to the key's width (may be NULL: draw
	 * does, its key being the start of each row). */
	void (*draw_key)(void *st, tr_app *app, tr_canvas *c, tr_rect area, bool focused);
	/* Work put off until a drawing needs it, done ahead while the console
	 * waits for a key, for the pane's `area` as drawn (may be NULL: the
	 * view puts nothing off). */
	void (*idle)(void *st, tr_app *app, tr_rect area);
	/* The note under the cursor, one of the selected issue's, for E and
	 * D (NULL: none there; the op may be NULL: the view shows no notes). */
	const tr_note *(*note)(void *st, tr_app *app);
	/* The report and line what the cursor is on was read from (a failure),
	 * for e; false, or a NULL op, for the issue's own line. */
	bool (*source)(void *st, tr_app *app, const char **report, unsigned *line);
	/* Actions worth showing on the status line, ending with TR_ACTION_NONE. */
	const tr_action *hints;
	/* The same for where the cursor is now (may be NULL: `hints`). */
	const tr_action *(*hints_now)(void *st, tr_app *app);
} ui_view_ops;

/* One per row of the pane table, then the views opened over a pane or the
 * screen. */
#define X(_, name, word, title, key, view, ...) extern const ui_view_ops ui_##view##_view;
UI_PANE_LIST(X, _)
#undef X
extern const ui_view_ops ui_commit_view, ui_help_view, ui_messages_view;

/* A commit view for commit `id` (pushed over the commits pane by Enter). */
void *ui_commit_view_new(tr_app *app, const char *id);
/* The full id of the commit a commit view shows. */
const char *ui_commit_view_id(const void *st);
/* A text in full (a failure): wrapped, scrollable, searchable, with the
 * report's lines around `line` of `report` (NULL, 0: none). */
extern const ui_view_ops ui_text_view;
void *ui_text_view_new(tr_app *app, const char *title, const char *text, const char *report,
                       unsigned line);
/* The text in another colour slot than a failure's. */
void ui_text_view_slot(void *st, uint8_t slot);

/* ---- widgets ---------------------------------------------------------- */

/* The want of a document opened over a pane: the larger area there is. */
int ui_want_document(void *st, tr_app *app);

/* A cursor over n rows shown `page` at a time. */
typedef struct ui_list {
	size_t cur, top, n;
	int page;               /* rows the last ui_list_show had room for */
} ui_list;

void ui_list_set_count(ui_list *l, size_t n);
/* Moves by an action (up, down, page, first, last); true when it did. */
bool ui_list_action(ui_list *l, tr_action a, int page);
void ui_list_show(ui_list *l, int page);          /* scroll so cur is visible */
void ui_list_wheel(ui_list *l, int delta, int page);
/* The cursor's row of n, and the rows hidden around the last page shown. */
void ui_list_where(const ui_list *l, ui_where *out);

/* A list scrolled sideways, as its last drawing found it: the columns its
 * widest row needs, and how many at its left (the key column) stay in
 * place while the rest scrolls. */
typedef struct ui_sideways {
	int width, key;
	bool drawn;
} ui_sideways;

/* A drawing begins: no row yet, `key` columns kept in place. */
void ui_sideways_start(ui_sideways *s, int key);
/* A row drawn that needs `natural` columns to show whole. */
void ui_sideways_row(ui_sideways *s, int natural);
/* The answer of a view's sideways op. */
bool ui_sideways_get(const ui_sideways *s, int *width, int *key);
/* Scrolled sideways, a row that fits the pane (`natural` columns, in
 * `area` as the view was given it) is drawn from its start, key column
 * included: ui_unshift_row clears the row on the screen and lets the view
 * draw it unshifted until ui_unshift_end; false (nothing changed) for a
 * row that scrolls. */
typedef struct ui_unshift {
	int shift, clip_x, clip_w;
} ui_unshift;
bool ui_unshift_row(tr_canvas *c, tr_rect area, int y, int natural, ui_unshift *u);
void ui_unshift_end(tr_canvas *c, const ui_unshift *u);

/* The list panes (issues, failures, commits) share these. */
/* A move (up, down, page, first, last) over a list shown `page` rows at a
 * time; true when `a` is one, even at an end. */
bool ui_list_move(ui_list *l, tr_action a, int page);
/* A click at row y of a list pane whose first `head` rows are headings, or
 * a wheel turn (which scrolls): the row clicked, else TR_NONE. */
size_t ui_list_click(ui_list *l, int y, int button, int head, int page);

/* Whether item i matches the search (ctx holds the query). */
typedef bool (*ui_match_fn)(const void *ctx, size_t i);
/* The next (dir 1) or previous (-1) of n items after `from` that matches,
 * wrapping round (from itself last); TR_NONE when none.  Fills found. */
size_t ui_find_next(size_t from, size_t n, int dir, ui_match_fn match, const void *ctx,
                    ui_found *found);

/* A document: lines of styled spans, for the detail, commit and help panes. */
typedef struct ui_span {
	char *text;
	uint8_t slot, attr;
} ui_span;

typedef struct ui_doc_row {
	ui_span *spans;
	size_t n, cap;
	int indent;
	bool cont;              /* the wrapped rest of the line before */
} ui_doc_row;

typedef struct ui_doc {
	ui_doc_row *lines;
	size_t n, cap;
	size_t top;             /* first line shown */
	int page;               /* lines the last drawing had room for */
} ui_doc;

void ui_doc_clear(ui_doc *d);
/* Drops the lines from the nth on. */
void ui_doc_truncate(ui_doc *d, size_t n);
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
/* The same for a text read in full (a traceback): a line's continuations
 * keep its own indentation, and two more. */
void ui_doc_wrap_hanging(ui_doc *d, const char *text, uint8_t slot, int used, int width,
                         int indent);
void ui_doc_draw(ui_doc *d, tr_canvas *c, tr_rect area, const char *highlight);
/* A place in a document that outlives wrapping it again at another width:
 * its line (counting whole lines, not their wrapped rests) and how far
 * into that line's rows. */
typedef struct ui_doc_anchor {
	size_t line, row;
} ui_doc_anchor;
ui_doc_anchor ui_doc_anchor_of(const ui_doc *d, size_t row);
/* The row of the document (built again) at the anchor, or its last. */
size_t ui_doc_anchor_row(const ui_doc *d, ui_doc_anchor a);
bool ui_doc_action(ui_doc *d, tr_action a, tr_rect area);
/* The first line shown of n, when the document is longer than its pane
 * (else count 0: it is all there). */
void ui_doc_where(const ui_doc *d, ui_where *out);
bool ui_doc_find(ui_doc *d, const char *q, int dir, tr_rect area, ui_found *found);
/* Marks the matches of q (case-insensitive) in a row segment as search matches. */
void ui_highlight(tr_canvas *c, int x, int y, int w, const char *q);
/* The cursor row of a list: its style and a marker in the margin. */
void ui_cursor_row(tr_canvas *c, tr_rect area, int y, bool focused);

/* ---- what the console shows -------------------------------------------- */

struct tr_app {
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
	size_t sel;                     /* selected issue (model index) or TR_NONE */
	size_t sel_pos;                 /* its row, to stay near when it leaves the list */
	char *search;                   /* the last search, or NULL */

	struct app_versions *versions;  /* data.c's cache of the reports' versions */

	const tr_console_opts *opts;
	tr_theme *theme;
	bool ascii;
	tr_keymap keys;

	ui_console *con;                /* the console's own state (state.h) */
};

/* Whether the issue list is ordered ready first (S), so that it draws a
 * separator under the ready issues. */
bool app_ready_first(const tr_app *app);

/* Status line messages (text may quote input: it is drawn inert). */
void app_message(tr_app *app, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void app_error(tr_app *app, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* The messages said so far, oldest first (the last UI_LOG_MAX of them). */
#define UI_LOG_MAX 200
size_t app_log_count(const tr_app *app);
const char *app_log_at(const tr_app *app, size_t i, bool *error);
/* Why progress cannot be saved (paths as messages give them), or NULL
 * when it can.  Caller frees. */
char *app_read_only_reason(const tr_app *app);

/* Selects an issue (TR_NONE clears) and tells every view. */
void app_select(tr_app *app, size_t issue);
/* Goes to one of `n` issues: selects it (and says so) when it is one, else
 * asks which with a picker of their ids and titles. */
void app_go_to_issue(tr_app *app, const size_t *issues, size_t n);
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
/* The stand-up since the last one marked (else the last 24 hours), with
 * the reports as git had them then.  The caller frees it. */
tr_standup *app_standup_new(tr_app *app);

/* One version of a report as git has it: each commit on HEAD's first-parent
 * line that changed the file, oldest first.  Read once per loading of the
 * reports, for the timeline's trends. */
typedef struct app_report_version {
	size_t report;          /* index in app->model->reports */
	char *label;            /* the report's date label, or the commit's time */
	int64_t time;           /* the commit's time */
	tr_model *model;        /* that version alone */
} app_report_version;

size_t app_report_versions(tr_app *app, const app_report_version **out);
/* Lines `from` to `to` (1-based) of a report as it is on disk now, as valid
 * UTF-8 without line ends; false when it cannot be read. */
bool app_report_lines(tr_app *app, const char *path, unsigned from, unsigned to, tr_strv *out);

/* Opens a view over a pane (the commit over the commits list). */
void app_push_view(tr_app *app, ui_pane pane, const ui_view_ops *ops, void *st);
void app_focus(tr_app *app, ui_pane pane);
/* Focuses a pane the way Enter opens one: q and Esc come back to the pane
 * focused now. */
void app_open_pane(tr_app *app, ui_pane pane);
/* Whether a pane is on the screen showing its own view (not one opened
 * over it, nor zoomed away), as the layout drawn now has it: a pane need not
 * repeat what one beside it shows. */
bool app_pane_beside(const tr_app *app, ui_pane pane);
/* Whether a pane has the focus (a view opened over it or a zoom apart). */
bool app_pane_focused(const tr_app *app, ui_pane pane);
/* Whether a pane is shown alone (z). */
bool app_pane_zoomed(const tr_app *app, ui_pane pane);

/* Short forms for narrow columns. */
const char *app_status_short(tr_issue_status s);
/* The name part of "Name <email>"; in tmp when cut.  */
const char *app_person(const char *who, tr_buf *tmp);
/* The first key bound to an action, as its name ("s", "<Enter>"). */
const char *app_key_of(const tr_app *app, tr_action a, char tmp[16]);

uint8_t app_state_slot(tr_state s);
uint8_t app_priority_slot(tr_priority p);

#endif
