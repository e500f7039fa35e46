/* The command line: a thin layer that parses arguments, calls the core and
 * prints.  Each subcommand lives in its own cmd_*.c file. */
#ifndef TRIAGE_CLI_H
#define TRIAGE_CLI_H

#include <stdbool.h>
#include <stdio.h>
#include "triage/error.h"
#include "triage/model.h"

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

/* Loads the reports named in argv (all of it); prints the error and returns
 * NULL on failure. */
tr_model *cli_load_reports(int argc, char **argv);
/* Same; with no report named, the reports the progress file remembers (the
 * file found from g: --state, -C, or the current repository; g may be NULL
 * for the current directory). */
tr_model *cli_load_reports_in(const cli_globals *g, int argc, char **argv);
/* The dependency analysis in an export (cmd_graph.c): per issue waits_on,
 * unblocks, ready and holds_up; critical_path at the top.  Progress states
 * come from the progress file, as for the graph. */
struct json_t;
typedef struct cli_graph_export cli_graph_export;
cli_graph_export *cli_graph_export_new(const cli_globals *g, const tr_model *m,
                                       const char *first_report);
void cli_graph_export_issue(cli_graph_export *x, size_t issue, struct json_t *obj);
void cli_graph_export_top(cli_graph_export *x, struct json_t *obj);
void cli_graph_export_free(cli_graph_export *x);
/* The history linked to m for an export's commits[] (cmd_log.c).  0 with *h
 * and *repo set, both NULL outside a repository (said once on stderr); -1
 * after printing an error the repository gave.  The caller frees both. */
struct tr_history;
struct tr_repo;
int cli_export_history_open(const cli_globals *g, const tr_model *m, struct tr_history **h,
                            struct tr_repo **repo);
/* Prints "triage: MESSAGE" to stderr, made inert (messages quote input). */
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void cli_print_error(const tr_error *err);
/* Writes text from outside to `out` with control characters made inert. */
void cli_put_inert(FILE *out, const char *s);
/* Columns of the terminal on stdout, or `fallback` when not a terminal. */
int cli_term_width(int fallback);

#endif
