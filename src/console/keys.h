/* Keys and the actions they are bound to.
 *
 * A key is an int: a Unicode code point for a character (Ctrl-letters are
 * 1..26), or one of TR_KEY_* above the Unicode range.  Key names are those
 * the scripted mode, the config file and the help screen use: "j", "<Enter>",
 * "<S-Tab>", "<C-u>", "<PgDn>", "<Space>", "<lt>".
 *
 * The action table is the single declaration of what the console can do:
 * the enum, the names for `bind`, the default keys and the help screen all
 * come from it, so help always shows the keys actually bound. */
#ifndef TRIAGE_KEYS_H
#define TRIAGE_KEYS_H

#include <stdbool.h>
#include <stddef.h>
#include "console/panes.h"
#include "triage/error.h"
#include "triage/str.h"

/* name, spelling inside <...> */
#define TR_KEY_LIST(X)          \
	X(UP,        "Up")          \
	X(DOWN,      "Down")        \
	X(LEFT,      "Left")        \
	X(RIGHT,     "Right")       \
	X(PGUP,      "PgUp")        \
	X(PGDN,      "PgDn")        \
	X(HOME,      "Home")        \
	X(END,       "End")         \
	X(ENTER,     "Enter")       \
	X(ESC,       "Esc")         \
	X(TAB,       "Tab")         \
	X(BTAB,      "S-Tab")       \
	X(BACKSPACE, "BS")          \
	X(DELETE,    "Del")         \
	X(INSERT,    "Ins")         \
	X(F1,        "F1")          \
	X(F5,        "F5")          \
	X(F10,       "F10")

enum {
	TR_KEY_FIRST_SPECIAL = 0x200000,
#define X(name, word) TR_KEY_##name,
	TR_KEY_LIST(X)
#undef X
	TR_KEY_LAST_SPECIAL
};

#define TR_CTRL(c) ((c) & 0x1f)

/* Groups on the help screen. */
#define TR_ACTION_GROUP_LIST(X)     \
	X(MOVE,     "Moving")           \
	X(PANES,    "Panes")            \
	X(FIND,     "Finding")          \
	X(PROGRESS, "Progress")         \
	X(OTHER,    "Other")

typedef enum {
#define X(name, title) TR_GROUP_##name,
	TR_ACTION_GROUP_LIST(X)
#undef X
	TR_GROUP_COUNT
} tr_action_group;

/* Each pane's action ("pane-issues"), from the pane table. */
#define TR_PANE_ACTION(X, name, word, title, key, view, list, column, num, den, help) \
	X(PANE_##name, "pane-" word, key, PANES, word, help)

/* name, word for `bind`, default keys (space-separated key names), group,
 * short label for the status line, help text */
#define TR_ACTION_LIST(X)                                                                       \
	X(MOVE_UP,      "move-up",      "k <Up>",             MOVE, "up",      "move up")           \
	X(MOVE_DOWN,    "move-down",    "j <Down>",           MOVE, "down",    "move down")         \
	X(MOVE_LEFT,    "move-left",    "h <Left>",           MOVE, "left",    "left, as in vi (help is ?): collapse a failure group or detail section, focus the previous pane, or move in the graph") \
	X(MOVE_RIGHT,   "move-right",   "l <Right>",          MOVE, "right",   "right, as in vi: expand a failure group or section, focus the next pane, or move in the graph") \
	X(PAGE_UP,      "page-up",      "<PgUp> <C-b>",       MOVE, "page",    "one page up")       \
	X(PAGE_DOWN,    "page-down",    "<PgDn> <C-f> <Space>", MOVE, "page",  "one page down")     \
	X(FIRST,        "first",        "g <Home>",           MOVE, "first",   "go to the first line") \
	X(LAST,         "last",         "G <End>",            MOVE, "last",    "go to the last line") \
	X(OPEN,         "open",         "<Enter>",            MOVE, "open",    "open: the issue's detail, a failure group, a commit, a detail note or section in full; on Waits on or Unblocks, go to the issue named") \
	X(CLOSE,        "close",        "<Esc>",              MOVE, "close",   "close what is open (a picker, the help, a commit, the zoom); else back where Enter came from (the graph), else to the issue list") \
	X(NEXT_PANE,    "next-pane",    "<Tab>",              PANES, "pane",   "focus the next pane") \
	X(PREV_PANE,    "prev-pane",    "<S-Tab>",            PANES, "pane",   "focus the previous pane") \
	UI_PANE_LIST(TR_PANE_ACTION, X)                                                            \
	X(ZOOM,         "zoom",         "z",                  PANES, "zoom",   "show the focused pane alone, or all panes again") \
	X(SCROLL_LEFT,  "scroll-left",  "<lt>",               MOVE, "scroll",  "scroll a list back to the left") \
	X(SCROLL_RIGHT, "scroll-right", ">",                  MOVE, "scroll",  "scroll a list to the right to read long lines (its key column, an id or a count, stays)") \
	X(SEARCH,       "search",       "/",                  FIND, "search",  "search the focused pane (Enter on nothing: the last search again)") \
	X(SEARCH_NEXT,  "search-next",  "n",                  FIND, "next",    "next match")        \
	X(SEARCH_PREV,  "search-prev",  "N",                  FIND, "prev",    "previous match")    \
	X(FILTER,       "filter",       "f",                  FIND, "filter",  "filter issues by state, priority, owner or text") \
	X(SORT,         "sort",         "S",                  FIND, "sort",    "order issues: as reported, ready first, most blocking first") \
	X(SET_STATE,    "set-state",    "s",                  PROGRESS, "state", "set the issue's progress state") \
	X(SET_OWNER,    "set-owner",    "o",                  PROGRESS, "owner", "set the issue's owner") \
	X(ADD_NOTE,     "add-note",     "a",                  PROGRESS, "note",  "add a note to the issue; in the note editor Esc keeps a draft (for later sessions too), Ctrl-G asks to discard it") \
	X(EDIT_NOTE,    "edit-note",    "E",                  PROGRESS, "edit note", "edit the note under the detail pane's cursor, else one of yours on the issue (the old text stays in the log)") \
	X(DELETE_NOTE,  "delete-note",  "D",                  PROGRESS, "delete note", "delete the note under the detail pane's cursor, else one of yours on the issue (u brings it back)") \
	X(UNDO,         "undo",         "u",                  PROGRESS, "undo",  "undo your last change, even one saved in an earlier session") \
	X(REDO,         "redo",         "<C-r>",              PROGRESS, "redo",  "redo what u undid (until your next change)") \
	X(MARK_STANDUP, "mark-standup", "M",                  PROGRESS, "mark",  "mark the stand-up as held now: the next one starts from here") \
	X(ACKNOWLEDGE,  "acknowledge",  "A",                  PROGRESS, "ack",   "acknowledge the failure group under the cursor, or withdraw it (failures pane)") \
	X(SOURCES,      "sources",      "w",                  OTHER, "where",  "show or hide where each fact of the issue was read (detail pane)") \
	X(EDIT,         "edit",         "e",                  OTHER, "edit",   "open the report in $EDITOR (else $PAGER, else less) at the line of the failure read in full or under the cursor, else of the issue; then read it again") \
	X(COPY,         "copy",         "y",                  OTHER, "copy",   "send the open commit's id, else the issue (id, title, report:line), to the terminal clipboard (OSC 52)") \
	X(RELOAD,       "reload",       "r <F5>",             OTHER, "reload", "read the reports and the progress again") \
	X(REDRAW,       "redraw",       "<C-l>",              OTHER, "redraw", "redraw the screen") \
	X(SUSPEND,      "suspend",      "<C-z>",              OTHER, "suspend", "suspend to the shell from anywhere, a note or a picker too (fg comes back to it as it was)") \
	X(HELP,         "help",         "? <F1>",             OTHER, "help",   "show this help")    \
	X(MESSAGES,     "messages",     "m",                  OTHER, "messages", "show the messages the status line has shown, and why progress is read-only") \
	X(BACK,         "back",         "q",                  OTHER, "close",  "close the current view as Esc does (a picker, the help, a commit, the zoom, a pane focused); on the issue list with nothing open, quit") \
	X(QUIT,         "quit",         "Q <F10> <C-c>",      OTHER, "quit",   "quit; in a text field Q is a letter (F10 quits)")

typedef enum {
	TR_ACTION_NONE = 0,
#define X(name, word, keys, group, label, help) TR_ACTION_##name,
	TR_ACTION_LIST(X)
#undef X
	TR_ACTION_COUNT
} tr_action;

const char *tr_action_word(tr_action a);
const char *tr_action_label(tr_action a);
const char *tr_action_help(tr_action a);
tr_action_group tr_action_group_of(tr_action a);
const char *tr_action_group_title(tr_action_group g);
/* TR_ACTION_NONE when unknown. */
tr_action tr_action_from_word(const char *word);

/* The name of a key: "j", "<Enter>", "<C-u>", "<Space>", "<lt>"; in tmp
 * (at least 16 bytes) or static. */
const char *tr_key_name(int key, char tmp[16]);
/* A key as the user types it, for the help and the status line: the same
 * name but for "<", which is itself there (the name "<lt>" is for a script
 * or a config file, where "<" begins a name). */
const char *tr_key_label(int key, char tmp[16]);
/* Reads one key name at *s ("j", "<Enter>", "<C-x>", "<lt>", any UTF-8
 * character) and advances *s.  -1 on a malformed or unknown <name>, with err
 * saying which. */
int tr_key_parse(const char **s, tr_error *err);

/* Normalises a raw key (13 -> Enter, 9 -> Tab, 127 -> Backspace ...). */
int ui_key_normalise(int key);
/* Whether a key is a character a text field takes (not a control, not a
 * key such as <F5>). */
bool ui_key_is_text(int key);

/* Key bindings: which action each key runs. */
typedef struct tr_keymap {
	struct tr_binding { int key; tr_action action; } *v;
	size_t n, cap;
} tr_keymap;

/* The default bindings of the action table. */
void tr_keymap_defaults(tr_keymap *km);
void tr_keymap_free(tr_keymap *km);
/* Binds key to action (TR_ACTION_NONE unbinds), replacing its old binding. */
void tr_keymap_bind(tr_keymap *km, int key, tr_action action);
tr_action tr_keymap_lookup(const tr_keymap *km, int key);
/* The keys bound to `a` as typed (tr_key_label), space-separated
 * ("j <Down>"); empty when none.  Appends to out. */
void tr_keymap_keys_of(const tr_keymap *km, tr_action a, tr_buf *out);
/* The first key bound to `a`, or 0. */
int tr_keymap_first_key(const tr_keymap *km, tr_action a);

#endif
