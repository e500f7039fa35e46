/* The command line: a thin layer that parses arguments, calls the core and
 * prints.  Each subcommand lives in its own cmd_*.c file. */
#ifndef TRIAGE_CLI_H
#define TRIAGE_CLI_H

#include <stdbool.h>
#include <stdio.h>
#include "triage/error.h"
#include "triage/model.h"
#include "triage/session.h"

/* Options every subcommand understands, parsed before the subcommand name. */
typedef struct cli_globals {
	const char *repo_dir;       /* -C DIR */
	bool ascii;                 /* --ascii */
	bool color;                 /* false with NO_COLOR or when not a tty */
	const char *state_file;     /* --state FILE: the progress file */
	const char *user;           /* --user NAME: who makes changes */
	const char *theme;          /* --theme NAME|FILE: the console's colours */
	const char *script;         /* --script FILE: run the console from a script */
	const char *size;           /* --size WxH: the screen size for --script */
	bool all;                   /* --all: history of every branch and tag, not only HEAD */
} cli_globals;

/* Exit codes: 0 fine, 1 the input or the environment is wrong, 2 usage. */
enum { CLI_OK = 0, CLI_FAIL = 1, CLI_USAGE = 2 };

/* name, handler, one-line summary, usage (after "triage name ") */
#define CLI_COMMAND_LIST(X)                                                      \
	X(export,  cmd_export,  "print the cluster model as JSON",                   \
	  "[--format json] [--all] [REPORT...]")                                     \
	X(summary, cmd_summary, "print a readable summary table of the cluster",     \
	  "[--width N] [REPORT...]")                                                  \
	X(graph,   cmd_graph,   "draw the dependency graph (text, or Graphviz DOT)", \
	  "[--format text|dot] [--direction auto|lr|tb] [--width N] [REPORT...]")  \
	X(console, cmd_console, "open the console (what triage REPORT... does on a terminal)", \
	  "[--theme NAME] [--script FILE [--size WxH]] [REPORT...]")                 \
	X(set,     cmd_set,     "record the state of an issue (and its owner, a note)",  \
	  "ISSUE STATE [--owner NAME] [--note TEXT] [REPORT...]")                    \
	X(note,    cmd_note,    "add a note to an issue",                            \
	  "ISSUE TEXT [REPORT...]")                                                  \
	X(status,  cmd_status,  "list every issue with its state, owner and last change", \
	  "[REPORT...]")                                                             \
	X(merge_driver, cmd_merge_driver, "git merge driver for .triage/progress.json", \
	  "BASE OURS THEIRS")                                                        \
	X(log,     cmd_log,     "list the commits that fix, mention or test an issue", \
	  "[--all] [-v] ISSUE [REPORT...]")                                          \
	X(standup, cmd_standup, "what changed since the last stand-up (text or markdown)", \
	  "[--since WHEN] [--format text|markdown] [--mark] [REPORT...]")            \
	X(ack,     cmd_ack,     "acknowledge a failure group (left out of stand-ups)", \
	  "[--undo] SIGNATURE|ISSUE [REPORT...]")

#define X(name, fn, summary, usage) int fn(const cli_globals *g, int argc, char **argv);
CLI_COMMAND_LIST(X)
#undef X

/* The session of a command: the repository (-C), the user (--user), the
 * progress file (--state), history of every branch (--all), and the
 * reports named (none: those the progress file remembers).  Never NULL. */
tr_session *cli_session(const cli_globals *g, int nreports, char **reports, bool writing);
/* Loads the session's reports; prints why and returns NULL when it cannot. */
tr_model *cli_session_model(tr_session *s);
/* Loads the session's history.  0 when loaded or when there is no
 * repository (said on stderr, ending with `what`: what the command does
 * without one); -1 after printing what the repository said. */
int cli_session_history(tr_session *s, const char *what);
/* Says on stderr why the progress file cannot be read (or is read only as
 * far as it goes), for commands that show progress but do not change it. */
void cli_store_warnings(const tr_session *s);
/* Prints "triage: MESSAGE" to stderr, made inert (messages quote input). */
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void cli_print_error(const tr_error *err);
/* Writes text from outside to `out` with control characters made inert. */
void cli_put_inert(FILE *out, const char *s);
/* Columns of the terminal on stdout, or `fallback` when not a terminal. */
int cli_term_width(int fallback);

#endif
