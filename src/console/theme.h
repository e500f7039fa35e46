/* Colour slots and themes.
 *
 * A slot is what a cell means ("cursor", "priority-p0", "bar-failed"), never
 * a colour.  A theme maps each slot to a foreground, a background and
 * attributes; it is a plain text file a person edits by hand:
 *
 *     # slot          fg        bg        attributes
 *     title-focus     white     blue      bold
 *     priority-p0     red       default   bold
 *     cursor          default   default   reverse
 *
 * Colours: default, the eight names (black red green yellow blue magenta
 * cyan white), their bright- forms, a number 0-255, or #rrggbb (the nearest
 * of the 256).  On a terminal with fewer colours each degrades to the nearest
 * it has; with none (or NO_COLOR) only attributes are drawn, and slots that
 * would lose their meaning get the emphasis of the built-in mono theme.
 *
 * The slot table below is the single declaration: the enum, the names the
 * parser accepts, the built-in default theme and the mono fallback all come
 * from it. */
#ifndef TRIAGE_THEME_H
#define TRIAGE_THEME_H

#include <stdbool.h>
#include <stdint.h>
#include "console/canvas.h"
#include "triage/error.h"
#include "triage/layout.h"

/* Colour numbers for the table. */
#define TR_C_DEFAULT (-1)
enum { TR_C_BLACK, TR_C_RED, TR_C_GREEN, TR_C_YELLOW, TR_C_BLUE, TR_C_MAGENTA, TR_C_CYAN,
       TR_C_WHITE, TR_C_BRIGHT = 8 };


/* name, word in theme files, default fg, bg, attrs, mono attrs, what it colours */
#define TR_SLOT_LIST(X)                                                                        \
	X(NORMAL,        "normal",          TR_C_DEFAULT, TR_C_DEFAULT, 0, 0,        "ordinary text")             \
	X(HEADER,        "header",          TR_C_WHITE, TR_C_BLUE, TR_ATTR_BOLD, TR_ATTR_REVERSE | TR_ATTR_BOLD, "the top line") \
	X(TITLE,         "title",           TR_C_CYAN, TR_C_DEFAULT, TR_ATTR_BOLD, TR_ATTR_UNDERLINE,  "a pane's title")          \
	X(TITLE_FOCUS,   "title-focus",     TR_C_BLACK, TR_C_CYAN, TR_ATTR_BOLD, TR_ATTR_REVERSE | TR_ATTR_BOLD, "the focused pane's title") \
	X(SEPARATOR,     "separator",       TR_C_BLUE, TR_C_DEFAULT, 0, TR_ATTR_DIM,  "lines between panes")      \
	X(CURSOR,        "cursor",          TR_C_BLACK, TR_C_CYAN, 0, TR_ATTR_REVERSE, "the selected row, focused pane") \
	X(CURSOR_IDLE,   "cursor-idle",     TR_C_DEFAULT, 8, 0, TR_ATTR_UNDERLINE,         "the selected row, other panes") \
	X(COLUMN_HEAD,   "column-head",     8, TR_C_DEFAULT, 0, TR_ATTR_BOLD, "column headings")        \
	X(ID,            "id",              TR_C_DEFAULT, TR_C_DEFAULT, 0, TR_ATTR_BOLD, "issue ids")                \
	X(PRIORITY_P0,   "priority-p0",     TR_C_RED + 8, TR_C_DEFAULT, TR_ATTR_BOLD, TR_ATTR_BOLD, "P0")                    \
	X(PRIORITY_P1,   "priority-p1",     TR_C_YELLOW, TR_C_DEFAULT, 0, 0, "P1")                   \
	X(PRIORITY_P2,   "priority-p2",     TR_C_CYAN, TR_C_DEFAULT, 0, 0,   "P2")                       \
	X(PRIORITY_P3,   "priority-p3",     TR_C_WHITE, TR_C_DEFAULT, 0, TR_ATTR_DIM, "P3 and none")              \
	X(STATUS,        "status",          TR_C_MAGENTA, TR_C_DEFAULT, 0, 0, "the report's status")      \
	X(STATE_OPEN,    "state-open",      TR_C_DEFAULT, TR_C_DEFAULT, 0, 0,        "progress: open")            \
	X(STATE_IN_PROGRESS, "state-in-progress", TR_C_CYAN + 8, TR_C_DEFAULT, TR_ATTR_BOLD, TR_ATTR_BOLD, "progress: in progress") \
	X(STATE_FIXED,   "state-fixed",     TR_C_GREEN, TR_C_DEFAULT, 0, 0,  "progress: fixed")          \
	X(STATE_VERIFIED,"state-verified",  TR_C_GREEN + 8, TR_C_DEFAULT, 0, TR_ATTR_BOLD, "progress: verified")  \
	X(STATE_WONT_FIX,"state-wont-fix",  8, TR_C_DEFAULT, 0, TR_ATTR_DIM,          "progress: won't fix")      \
	X(OWNER,         "owner",           TR_C_CYAN, TR_C_DEFAULT, 0, 0,   "owners")                   \
	X(NUMBER,        "count",           TR_C_BLUE + 8, TR_C_DEFAULT, 0, 0, "numbers in lists")       \
	X(LABEL,         "label",           TR_C_BLUE + 8, TR_C_DEFAULT, 0, TR_ATTR_BOLD, "labels in the detail pane") \
	X(DIM,           "dim",             8, TR_C_DEFAULT, 0, TR_ATTR_DIM,          "less important text")      \
	X(BAR_FAILED,    "bar-failed",      TR_C_RED, TR_C_DEFAULT, 0, 0,    "test bar: failed")         \
	X(BAR_PASSED,    "bar-passed",      TR_C_GREEN, TR_C_DEFAULT, 0, 0,  "test bar: passed")         \
	X(BAR_SKIPPED,   "bar-skipped",     TR_C_YELLOW, TR_C_DEFAULT, 0, 0, "test bar: skipped")        \
	X(FAILURE,       "failure",         TR_C_RED + 8, TR_C_DEFAULT, 0, 0, "failure lines")           \
	X(SIGNATURE,     "signature",       TR_C_DEFAULT, TR_C_DEFAULT, TR_ATTR_BOLD, TR_ATTR_BOLD,       "failure signatures")       \
	X(LOCATION,      "location",        8, TR_C_DEFAULT, 0, TR_ATTR_DIM,          "file:line locations")      \
	X(MATCH,         "search-match",    TR_C_BLACK, TR_C_YELLOW, 0, TR_ATTR_UNDERLINE | TR_ATTR_BOLD, "search matches") \
	X(NOTE,          "note",            TR_C_DEFAULT, TR_C_DEFAULT, 0, 0,         "notes")                    \
	X(HASH,          "commit-hash",     TR_C_YELLOW, TR_C_DEFAULT, 0, 0, "commit ids")               \
	X(AUTHOR,        "commit-author",   TR_C_GREEN, TR_C_DEFAULT, 0, 0,  "commit authors")           \
	X(DATE,          "commit-date",     TR_C_BLUE + 8, TR_C_DEFAULT, 0, TR_ATTR_DIM, "commit dates")          \
	X(FILE_ADDED,    "file-added",      TR_C_GREEN, TR_C_DEFAULT, 0, 0,  "added files")              \
	X(FILE_DELETED,  "file-deleted",    TR_C_RED, TR_C_DEFAULT, 0, 0,    "deleted files")            \
	X(FILE_MODIFIED, "file-modified",   TR_C_YELLOW, TR_C_DEFAULT, 0, 0, "modified files")           \
	X(STATUS_BAR,    "status-bar",      TR_C_WHITE, 8, 0, TR_ATTR_REVERSE,   "the status line")          \
	X(STATUS_KEY,    "status-key",      TR_C_WHITE + 8, 8, TR_ATTR_BOLD, TR_ATTR_REVERSE | TR_ATTR_BOLD, "keys on the status line") \
	X(MESSAGE,       "message",         TR_C_GREEN + 8, 8, TR_ATTR_BOLD, TR_ATTR_REVERSE | TR_ATTR_BOLD, "a message on the status line") \
	X(MESSAGE_ERROR, "message-error",   TR_C_WHITE + 8, TR_C_RED, TR_ATTR_BOLD, TR_ATTR_REVERSE | TR_ATTR_BOLD, "an error on the status line") \
	X(POPUP,         "popup",           TR_C_DEFAULT, TR_C_DEFAULT, 0, 0,         "pickers and prompts")      \
	X(POPUP_BORDER,  "popup-border",    TR_C_CYAN, TR_C_DEFAULT, TR_ATTR_BOLD, TR_ATTR_BOLD, "their border")             \
	X(POPUP_CURSOR,  "popup-cursor",    TR_C_BLACK, TR_C_CYAN, 0, TR_ATTR_REVERSE, "the chosen item")    \
	X(EDITOR,        "editor",          TR_C_DEFAULT, TR_C_DEFAULT, TR_ATTR_UNDERLINE, TR_ATTR_UNDERLINE,       "text being typed")         \
	X(GRAPH_BACKGROUND,  "background",  TR_C_DEFAULT, TR_C_DEFAULT, 0, 0,         "graph: empty")             \
	X(GRAPH_EDGE,        "edge",        TR_C_BLUE + 8, TR_C_DEFAULT, 0, TR_ATTR_DIM, "graph: an arrow")        \
	X(GRAPH_EDGE_UPSTREAM,   "edge-upstream",   TR_C_YELLOW, TR_C_DEFAULT, TR_ATTR_BOLD, TR_ATTR_BOLD, "graph: arrow into the selection") \
	X(GRAPH_EDGE_DOWNSTREAM, "edge-downstream", TR_C_MAGENTA + 8, TR_C_DEFAULT, TR_ATTR_BOLD, TR_ATTR_BOLD, "graph: arrow out of it") \
	X(GRAPH_EDGE_CRITICAL,   "edge-critical",   TR_C_RED, TR_C_DEFAULT, 0, 0, "graph: critical path")   \
	X(GRAPH_EDGE_CYCLE,      "edge-cycle",      TR_C_RED + 8, TR_C_DEFAULT, TR_ATTR_BOLD, TR_ATTR_UNDERLINE, "graph: a cycle")  \
	X(GRAPH_BOX_OPEN,        "box-open",        TR_C_DEFAULT, TR_C_DEFAULT, 0, 0,    "graph: open issue")       \
	X(GRAPH_BOX_IN_PROGRESS, "box-in-progress", TR_C_YELLOW, TR_C_DEFAULT, TR_ATTR_BOLD, TR_ATTR_BOLD, "graph: in progress") \
	X(GRAPH_BOX_FIXED,       "box-fixed",       TR_C_GREEN, TR_C_DEFAULT, 0, TR_ATTR_DIM, "graph: fixed")        \
	X(GRAPH_BOX_VERIFIED,    "box-verified",    TR_C_GREEN + 8, TR_C_DEFAULT, 0, TR_ATTR_DIM, "graph: verified") \
	X(GRAPH_BOX_WONT_FIX,    "box-wont-fix",    8, TR_C_DEFAULT, 0, TR_ATTR_DIM,     "graph: won't fix")        \
	X(GRAPH_BOX_ID,          "box-id",          TR_C_DEFAULT, TR_C_DEFAULT, TR_ATTR_BOLD, 0, "graph: id in a box") \
	X(GRAPH_BOX_TEXT,        "box-text",        TR_C_DEFAULT, TR_C_DEFAULT, 0, 0,    "graph: title in a box")   \
	X(GRAPH_SELECTED,        "selected",        TR_C_BLACK, TR_C_CYAN, TR_ATTR_BOLD, TR_ATTR_REVERSE, "graph: the selection") \
	X(GRAPH_UPSTREAM,        "upstream",        TR_C_YELLOW, TR_C_DEFAULT, TR_ATTR_BOLD, TR_ATTR_BOLD, "graph: what it waits on") \
	X(GRAPH_DOWNSTREAM,      "downstream",      TR_C_MAGENTA + 8, TR_C_DEFAULT, TR_ATTR_BOLD, TR_ATTR_UNDERLINE, "graph: what it holds up") \
	X(GRAPH_CRITICAL,        "critical",        TR_C_RED, TR_C_DEFAULT, 0, 0, "graph: on the critical path")

typedef enum {
#define X(name, word, fg, bg, attrs, mono, what) TR_SLOT_##name,
	TR_SLOT_LIST(X)
#undef X
	TR_SLOT_COUNT
} tr_slot;

/* The graph slots follow the layout's cell roles, in the same order. */
#define TR_SLOT_FROM_ROLE(role) ((uint8_t)(TR_SLOT_GRAPH_BACKGROUND + (role)))

typedef struct tr_style {
	int16_t fg, bg;         /* -1 default, 0..255 */
	uint8_t attr;           /* TR_ATTR_* */
} tr_style;

typedef struct tr_theme {
	char *name;             /* "default", or the file's name */
	tr_style slot[TR_SLOT_COUNT];
} tr_theme;

const char *tr_slot_word(tr_slot s);
/* The slot with that word, or -1. */
int tr_slot_from_word(const char *word);
const char *tr_slot_help(tr_slot s);

/* The built-in default theme (dark); never fails. */
tr_theme *tr_theme_default(void);
void tr_theme_free(tr_theme *t);

/* Reads a theme file on top of the default theme (a slot the file does not
 * name keeps its default).  NULL with err naming the file, the line and what
 * is wrong. */
tr_theme *tr_theme_load_file(const char *path, tr_error *err);
tr_theme *tr_theme_load_buffer(const char *name, const char *text, tr_error *err);

/* Where a theme called NAME (or a path) lives: a path as given when it
 * contains '/' or ends in ".theme"; otherwise NAME.theme in the user's
 * themes directory (config_dir/themes), then in data_dir/themes.  Either
 * directory may be NULL.  Caller frees; NULL when not found (err says where
 * it looked). */
char *tr_theme_find(const char *name, const char *config_dir, const char *data_dir, tr_error *err);

/* The style actually drawn on a terminal with `colors` colours (0 for none,
 * or NO_COLOR): colours degrade 256 -> 16 -> 8, a bright colour on 8 becomes
 * bold, and without colour the slot keeps its attributes plus the mono
 * emphasis. */
tr_style tr_style_degrade(tr_style st, tr_slot slot, int colors);

/* The theme as a file: every slot, one per line, with its description.
 * Caller frees.  (themes/default.theme is this for the built-in theme.) */
char *tr_theme_text(const tr_theme *t);

/* A colour as written in a theme file ("red", "bright-blue", "default", "208"). */
const char *tr_color_word(int color, char tmp[16]);

#endif
