/* The triage console: panes for the issues, the selected issue, its
 * failures, the dependency graph and its commits; keys to mark progress.
 *
 * It runs on a terminal (ncursesw) or, for tests and benchmarks, from a
 * script of keys and commands with no terminal at all (it never opens
 * /dev/tty then):
 *
 *     # a comment
 *     :resize 80x24           the screen size (also --size)
 *     jj<Enter>               keys: characters and <Name>s
 *     :dump FILE              the screen as text
 *     :dump-styles FILE       each run of cells with its slot and its style
 *     :colors 0|8|16|256      the colours the styles are resolved for
 *     :click X Y              a mouse click (:wheel up|down X Y)
 *     :tick                   what an idle second does (look for changes on disk)
 *     :paste TEXT             a bracketed paste (\n a line break, \e an escape)
 *     :shell COMMAND          runs COMMAND to its end first (another session's change)
 *     :mark LABEL             time since the previous mark, on stderr
 *
 * Options come from the command line, the config file and the defaults; the
 * option table is the single declaration of what the config file accepts. */
#ifndef TRIAGE_UI_H
#define TRIAGE_UI_H

#include <stdbool.h>
#include <stddef.h>
#include "triage/error.h"
#include "console/keys.h"
#include "triage/str.h"

/* name, word in the config file, kind, help */
#define TR_OPTION_LIST(X)                                                              \
	X(THEME,  "theme",  STRING, "the theme: default, light, mono, high-contrast, or a file") \
	X(ASCII,  "ascii",  BOOL,   "draw with ASCII only (yes/no)")                      \
	X(MOUSE,  "mouse",  BOOL,   "use mouse clicks and the wheel (yes/no)")            \
	X(SORT,   "sort",   STRING, "the issue list's order: report, ready or blocking") \
	X(CLIPBOARD, "clipboard", BOOL, "y copies to the terminal's clipboard with OSC 52 (yes/no)") \
	X(SECTIONS, "sections", STRING, "the detail's findings, impact, timeline and long notes: folded into one line until l opens them, or open")

typedef struct tr_console_opts {
	char **reports;         /* named on the command line; may be empty */
	size_t nreports;
	const char *repo_dir;   /* -C DIR */
	bool all;               /* --all: history from every branch and tag */
	const char *state_file; /* --state FILE, or NULL */
	const char *user;       /* --user NAME, or NULL for TRIAGE_USER, git's user, $USER */
	const char *theme;      /* --theme, or NULL for the config file's */
	bool ascii;             /* --ascii */
	bool no_color;          /* NO_COLOR */
	const char *script;     /* --script FILE: no terminal */
	int width, height;      /* --size for a script */
	const char *config;     /* the config file to read, or NULL for the usual place */
	const char *data_dir;   /* themes and examples; NULL for the installed ones */

	/* Filled from the config file by tr_console_config(). */
	char *cfg_theme;
	bool cfg_ascii;
	int mouse;              /* 1 on, 0 off, -1 automatic: on, but for the Linux console */
	char *cfg_sort;
	bool no_clipboard;      /* clipboard = no */
	bool open_sections;     /* sections = open */
	tr_keymap keys;
	tr_strv warnings;       /* config problems, shown once the console is up */
} tr_console_opts;

/* Sets the defaults (mouse automatic, default keys). */
void tr_console_opts_init(tr_console_opts *o);
void tr_console_opts_free(tr_console_opts *o);

/* The config file: $XDG_CONFIG_HOME/triage/config, or ~/.config/triage/config.
 * Caller frees; NULL when neither variable says where home is. */
char *tr_console_config_path(void);
/* The user's triage directory (where config and themes/ live); caller frees. */
char *tr_console_config_dir(void);

/* Reads the config file into o: "option = value" lines for the options
 * above, "bind KEY ACTION" and "unbind KEY".  A missing file is fine; a bad
 * line is recorded in o->warnings (file:line: what is wrong) and skipped. */
void tr_console_config(tr_console_opts *o, const char *path);

/* Opens the console and runs it until the user quits (or the script ends).
 * Returns 0, or -1 with err (nothing shown yet, or the terminal restored). */
int tr_console_run(tr_console_opts *o, tr_error *err);

#endif
