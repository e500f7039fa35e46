/* The command line: a thin layer that parses arguments, calls the core and
 * prints.  Each subcommand lives in its own cmd_*.c file. */
#ifndef TRIAGE_CLI_H
#define TRIAGE_CLI_H

#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include "triage/error.h"
#include "triage/model.h"
#include "triage/session.h"

/* Options every subcommand understands, before the subcommand's name or after it. */
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

/* The commands: name (an underscore is typed as a dash), handler, the
 * summary `triage --help` gives, the synopsis (after "triage name ": the
 * same in --help, in the command's -h and in doc/triage.1, which a test
 * checks), and what -h says after it.  A command is one file (cmd_*.c) and
 * one row here. */
#define CLI_COMMAND_LIST(X)                                                      \
	X(export,  cmd_export,  "print the cluster model as JSON",                   \
	  "[--format json] [--all] [REPORT...]",                                     \
	  "The issues (id as the report writes it, title, priority, status, tests,\n" \
	  "failures, plan, progress, linked commits), the edges, the failure groups\n" \
	  "and the stand-up marks.  Each issue's \"sources\" gives the file:line its\n" \
	  "title, priority, status, tests and plan were read from; every edge and\n" \
	  "failure has a \"source\".  Folders are read whole (every markdown file).\n" \
	  "  --all  commits from every branch and tag, not only HEAD\n")           \
	X(summary, cmd_summary, "print a readable summary table of the cluster",     \
	  "[--width N] [REPORT...]", "")                                             \
	X(graph,   cmd_graph,   "draw the dependency graph (text, or Graphviz DOT)", \
	  "[--format text|dot] [--direction auto|lr|tb] [--width N] [--box-width N] [REPORT...]", "") \
	X(console, cmd_console, "open the console (what triage REPORT... does on a terminal)", \
	  "[--theme NAME|FILE] [--script FILE [--size WxH]] [--no-mouse] [REPORT...]", \
	  "\nOpens the console on the reports named; with none, on those this repository\n"   \
	  "remembers, else on the bundled example.\n"                                \
	  "\n"                                                                       \
	  "  --theme NAME|FILE  default, light, mono, high-contrast, or a .theme file\n" \
	  "  --script FILE      read keys and commands from FILE instead of a terminal\n" \
	  "                     (:resize WxH, :dump FILE, :tick ...; see triage(1))\n" \
	  "  --size WxH         the screen size for --script (default 80x24)\n"     \
	  "  --no-mouse         leave the mouse to the terminal\n")                 \
	X(set,     cmd_set,     "record the state of an issue (and its owner, a note)", \
	  "ISSUE STATE [--owner NAME] [--note TEXT] [REPORT...]",                    \
	  "STATE is one of: open, in-progress, fixed, verified, wont-fix.\n")        \
	X(note,    cmd_note,    "add a note to an issue, or edit or delete your own", \
	  "[--edit | --delete] ISSUE [TEXT] [REPORT...]",                            \
	  "Adds TEXT as a note on ISSUE.  --edit gives your newest note on ISSUE the\n" \
	  "text TEXT; --delete deletes it (no TEXT then).  Other people's notes are\n" \
	  "theirs; the old text stays in the progress file's events.\n")           \
	X(undo,    cmd_undo,    "undo your last change (saved by any session of yours)", \
	  "[REPORT...]",                                                             \
	  "Undoes your newest change that is not undone yet, as a new change, and\n" \
	  "says what it undid.  A field someone else changed since is left as they\n" \
	  "set it.\n")                                                              \
	X(redo,    cmd_redo,    "redo what undo undid (until your next change)",     \
	  "[REPORT...]", "")                                                         \
	X(status,  cmd_status,  "list every issue with its state, owner and last change", \
	  "[REPORT...]", "")                                                         \
	X(merge_driver, cmd_merge_driver, "git merge driver for .triage/progress.json", \
	  "BASE OURS THEIRS",                                                        \
	  "Merges two versions of a progress file (git's %O %A %B) into OURS.\n")    \
	X(log,     cmd_log,     "list the commits that fix, mention or test an issue", \
	  "[--all] [-v] ISSUE [REPORT...]",                                          \
	  "The commits that fix ISSUE, mention it or change its test files, newest first:\n" \
	  "id, date, how it is linked, author, summary.  ISSUE is 305, #305 or GH-305 (or\n" \
	  "the name of an unnumbered issue).\n"                                      \
	  "  --all          walk every branch and tag, not only HEAD\n"              \
	  "  -v, --verbose  with each commit's message and changed files\n")         \
	X(standup, cmd_standup, "what changed since the last stand-up (text or markdown)", \
	  "[--since WHEN] [--format text|markdown] [--mark] [REPORT...]",            \
	  "WHEN is 'last' (the last stand-up marked; the default), a date (2026-11-24,\n" \
	  "2026-11-24T09:00), a duration (24h, 3d, 2w) or a commit.\n"              \
	  "--mark records that a stand-up was held now, in the progress file.\n")   \
	X(ack,     cmd_ack,     "acknowledge a failure group (left out of stand-ups)", \
	  "[--undo] SIGNATURE|ISSUE [REPORT...]",                                    \
	  "Acknowledges a failure group (by its signature, or a failure line of it),\n" \
	  "or every group of an issue; --undo withdraws the acknowledgement.\n")

#define X(name, fn, summary, usage, help) int fn(cli_globals *g, int argc, char **argv);
CLI_COMMAND_LIST(X)
#undef X

typedef struct cli_command {
	const char *name;       /* as in the table: merge_driver */
	int (*fn)(cli_globals *, int, char **);
	const char *summary, *usage, *help;
} cli_command;

/* The commands in table order; *n is set to how many. */
const cli_command *cli_commands(size_t *n);
/* The command typed as `word` ("merge-driver"), or NULL. */
const cli_command *cli_command_find(const char *word);
/* The name as typed: underscores become dashes.  out holds 32 bytes. */
void cli_command_name(char out[32], const cli_command *c);
/* "Usage: triage NAME SYNOPSIS" and the command's help, on `out`. */
void cli_usage(FILE *out, const char *command);

/* Every command takes -h and --help; put this last but one in its options. */
#define CLI_OPT_HELP { "help", no_argument, NULL, 'h' }
/* getopt_long for the options of `command` (as in the table), from the
 * first argument after its name, options and operands in any order:
 *   int c, rc = CLI_GETOPT_START;
 *   while ((c = cli_getopt("graph", argc, argv, "f:", opts, &rc)) != -1)
 *           ...
 *   if (rc != -1)
 *           return rc;
 * -h or --help prints the command's usage and ends with rc CLI_OK, an
 * unknown option ends with rc CLI_USAGE; rc is -1 at the end of the
 * options, and optind the first operand.  `shortopts` leaves out the h. */
#define CLI_GETOPT_START (-2)   /* what *rc holds before the first call */
/* The options every command takes (-C, --ascii, --state, --user, --theme,
 * --script, --size, --all) are read here too, after the command's name as
 * before it, into g; a command's own option of the same name wins. */
int cli_getopt(const char *command, cli_globals *g, int argc, char **argv, const char *shortopts,
               const struct option *longopts, int *rc);
/* The command's options (`own`, may be NULL) and then the global ones it
 * does not have, in out (room entries, the last the end mark). */
size_t cli_global_options(struct option *out, size_t room, const struct option *own);
/* Applies a global option getopt returned (with optarg); false for others. */
bool cli_global_option(cli_globals *g, int c);

/* The session of a command: the repository (-C), the user (--user), the
 * progress file (--state), history of every branch (--all), and the
 * reports named (none: those the progress file remembers).  Never NULL. */
tr_session *cli_session(const cli_globals *g, int nreports, char **reports, bool writing);
/* Whether the session's progress file can be used by a command that reads
 * progress (and, `writing`, changes it): the repository's and the store's
 * problems, and a read-only file when writing, are printed and give -1. */
int cli_session_progress(tr_session *s, bool writing);
/* Loads the session's reports; prints why and returns NULL when it cannot. */
tr_model *cli_session_model(tr_session *s);
/* Loads the session's history.  0 when loaded or when there is no
 * repository (said on stderr, ending with `what`: what the command does
 * without one); -1 after printing what the repository said. */
int cli_session_history(tr_session *s, const char *what);
/* Says on stderr why the progress file cannot be read (or is read only as
 * far as it goes), for commands that show progress but do not change it. */
void cli_store_warnings(tr_session *s);
/* "#305, #306, ..." : the first issues of m, for an error naming one it
 * does not have. */
void cli_known_issues(tr_buf *out, const tr_model *m);
/* Prints "triage: MESSAGE" to stderr, made inert (messages quote input). */
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void cli_print_error(const tr_error *err);
/* Writes text from outside to `out` with control characters made inert. */
void cli_put_inert(FILE *out, const char *s);
/* Columns of the terminal on stdout, or `fallback` when not a terminal. */
int cli_term_width(int fallback);
/* Prints `lead`, then the n items (text from outside, made inert) joined by
 * `sep`, wrapped at `width` columns: a line that would grow past it ends
 * with the separator (its trailing blanks dropped) and the next starts
 * `indent` columns in.  An item wider than a line is cut to it.  Ends the
 * line. */
void cli_put_list(FILE *out, const char *lead, const char *const *items, size_t n, const char *sep,
                  size_t width, size_t indent, bool ascii);
/* cli_put_list of the ids of issues v[0..n) of m (and v[0] again at the end
 * when `round`: a cycle told back to its start), continued 4 columns in. */
void cli_put_ids(FILE *out, const tr_model *m, const char *lead, const size_t *v, size_t n,
                 const char *sep, bool round, size_t width, bool ascii);

#endif
