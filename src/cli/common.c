#include "config.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "cli.h"
#include "triage/text.h"

static const cli_command commands[] = {
#define X(name, fn, summary, usage, help) { #name, fn, summary, usage, help },
	CLI_COMMAND_LIST(X)
#undef X
};

const cli_command *cli_commands(size_t *n)
{
	*n = sizeof commands / sizeof *commands;
	return commands;
}

/* Command names are C identifiers in the table; on the command line an
 * underscore is a dash ("merge_driver" is typed "merge-driver"). */
static bool command_is(const char *name, const char *arg)
{
	for (; *name && *arg; name++, arg++)
		if (*arg != (*name == '_' ? '-' : *name))
			return false;
	return *name == *arg;
}

const cli_command *cli_command_find(const char *word)
{
	for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
		if (command_is(commands[i].name, word))
			return &commands[i];
	return NULL;
}

void cli_command_name(char out[32], const cli_command *c)
{
	snprintf(out, 32, "%s", c->name);
	for (char *p = out; *p; p++)
		if (*p == '_')
			*p = '-';
}

void cli_usage(FILE *out, const char *command)
{
	for (size_t i = 0; i < sizeof commands / sizeof *commands; i++) {
		if (strcmp(commands[i].name, command) != 0)
			continue;
		char name[32];
		cli_command_name(name, &commands[i]);
		fprintf(out, "Usage: triage %s %s\n%s", name, commands[i].usage, commands[i].help);
	}
}

/* The options every command takes, before its name or after it: one table
 * for both places.  Codes past any character and any command's own. */
enum { OPT_GLOBAL = 3000 };
#define CLI_GLOBAL_OPTIONS(X)                               \
	X(ascii,  no_argument,       g->ascii = true)       \
	X(state,  required_argument, g->state_file = optarg) \
	X(user,   required_argument, g->user = optarg)       \
	X(theme,  required_argument, g->theme = optarg)      \
	X(script, required_argument, g->script = optarg)     \
	X(size,   required_argument, g->size = optarg)       \
	X(all,    no_argument,       g->all = true)

enum {
#define X(name, arg, set) GLOBAL_##name,
	CLI_GLOBAL_OPTIONS(X)
#undef X
	GLOBAL_COUNT
};

static const struct option global_options[] = {
#define X(name, arg, set) { #name, arg, NULL, OPT_GLOBAL + GLOBAL_##name },
	CLI_GLOBAL_OPTIONS(X)
#undef X
};

bool cli_global_option(cli_globals *g, int c)
{
	if (c == 'C') {
		g->repo_dir = optarg;
		return true;
	}
	switch (c - OPT_GLOBAL) {
#define X(name, arg, set) case GLOBAL_##name: set; return true;
	CLI_GLOBAL_OPTIONS(X)
#undef X
	default:
		return false;
	}
}

size_t cli_global_options(struct option *out, size_t room, const struct option *own)
{
	size_t n = 0;
	for (const struct option *o = own; o && o->name; o++)
		if (n + 1 < room)
			out[n++] = *o;
	for (size_t i = 0; i < GLOBAL_COUNT; i++) {
		/* A command's own option of the same name (console --theme,
		 * log --all) is the one it reads. */
		bool mine = false;
		for (const struct option *o = own; o && o->name; o++)
			mine = mine || strcmp(o->name, global_options[i].name) == 0;
		if (!mine && n + 1 < room)
			out[n++] = global_options[i];
	}
	out[n] = (struct option){ NULL, 0, NULL, 0 };
	return n;
}

int cli_getopt(const char *command, cli_globals *g, int argc, char **argv, const char *shortopts,
               const struct option *longopts, int *rc)
{
	/* 0, not 1, at the first call: makes getopt start afresh, permuting,
	 * whatever mode the global options were parsed in. */
	if (*rc == CLI_GETOPT_START) {
		optind = 0;
		*rc = -1;
	}
	char optstring[64];
	snprintf(optstring, sizeof optstring, "hC:%s", shortopts);
	struct option all[48];
	cli_global_options(all, sizeof all / sizeof *all, longopts);
	/* getopt names the program by argv[0] in its messages: "triage: set:",
	 * as every other message of a command begins. */
	char prog[48];
	snprintf(prog, sizeof prog, "triage: %s", command);
	char *arg0 = argv[0];
	argv[0] = prog;
	int c;
	while ((c = getopt_long(argc, argv, optstring, all, NULL)) != -1 && cli_global_option(g, c))
		;
	argv[0] = arg0;
	if (c == 'h') {
		cli_usage(stdout, command);
		*rc = CLI_OK;
		return -1;
	}
	if (c == '?' || c == ':') {
		const cli_command *cmd = NULL;
		for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
			if (strcmp(commands[i].name, command) == 0)
				cmd = &commands[i];
		char name[32] = "";
		if (cmd)
			cli_command_name(name, cmd);
		fprintf(stderr, "Try 'triage %s --help' for more information.\n", name);
		*rc = CLI_USAGE;
		return -1;
	}
	return c;
}

/* Enough ids to recognise the reports by, few enough for one line. */
#define KNOWN_ISSUES_SHOWN 12

void cli_known_issues(tr_buf *out, const tr_model *m)
{
	for (size_t i = 0; i < m->nissues && i < KNOWN_ISSUES_SHOWN; i++)
		tr_buf_addf(out, "%s%s", i ? ", " : "", m->issues[i].id);
	if (m->nissues > KNOWN_ISSUES_SHOWN)
		tr_buf_adds(out, ", ...");
}

void cli_put_inert(FILE *out, const char *s)
{
	tr_buf b = TR_BUF_INIT;
	tr_text_inert(&b, s, strlen(s), true);
	fputs(tr_buf_str(&b), out);
	tr_buf_free(&b);
}

void cli_put_list(FILE *out, const char *lead, const char *const *items, size_t n, const char *sep,
                  size_t width, size_t indent, bool ascii)
{
	/* The separator's blanks are owed to the next item, and dropped when
	 * that item starts a new line. */
	size_t seplen = strlen(sep), keep = seplen;
	while (keep && sep[keep - 1] == ' ')
		keep--;
	char *mark = tr_strndup(sep, keep);
	size_t markw = tr_text_width(mark), blanks = seplen - keep, owed = 0;
	if (width < 2)
		width = 2;
	if (indent + 1 >= width)
		indent = 0;
	tr_buf line = TR_BUF_INIT, item = TR_BUF_INIT;
	tr_buf_adds(&line, lead);
	size_t col = tr_text_width(lead), start = col;  /* start: where this line's items begin */
	for (size_t i = 0; i < n; i++) {
		bool last = i + 1 == n;
		size_t after = last ? 0 : markw;
		tr_buf_reset(&item);
		size_t w = tr_text_fit(&item, items[i], width - indent, ascii);
		if (col > start && col + owed + w + after > width) {
			tr_buf_addc(&line, '\n');
			for (size_t k = 0; k < indent; k++)
				tr_buf_addc(&line, ' ');
			col = start = indent;
			owed = 0;
		}
		/* First on its line and still too wide (after the lead, or with
		 * its separator): cut to what the line has left. */
		if (col + owed + w + after > width) {
			size_t room = width > col + owed + after + 1 ? width - col - owed - after : 1;
			tr_buf_reset(&item);
			w = tr_text_fit(&item, items[i], room, ascii);
		}
		for (; owed; owed--, col++)
			tr_buf_addc(&line, ' ');
		tr_buf_add(&line, item.data, item.len);
		col += w;
		if (!last) {
			tr_buf_adds(&line, mark);
			col += markw;
			owed = blanks;
		}
	}
	tr_buf_addc(&line, '\n');
	fputs(tr_buf_str(&line), out);
	free(mark);
	tr_buf_free(&item);
	tr_buf_free(&line);
}

void cli_put_ids(FILE *out, const tr_model *m, const char *lead, const size_t *v, size_t n,
                 const char *sep, bool round, size_t width, bool ascii)
{
	size_t k = n + (round && n);
	const char **ids = tr_malloc((k ? k : 1) * sizeof *ids);
	for (size_t i = 0; i < k; i++)
		ids[i] = m->issues[v[i % n]].id;
	cli_put_list(out, lead, ids, k, sep, width, 4, ascii);
	free(ids);
}

void cli_error(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *msg = tr_vsprintf(fmt, ap);
	va_end(ap);
	/* One write for the line: stderr is unbuffered, and a folder may skip
	 * hundreds of files. */
	tr_buf b = TR_BUF_INIT;
	tr_buf_adds(&b, "triage: ");
	tr_text_inert(&b, msg, strlen(msg), true);
	tr_buf_addc(&b, '\n');
	fwrite(b.data, 1, b.len, stderr);
	tr_buf_free(&b);
	free(msg);
}

void cli_print_error(const tr_error *err)
{
	cli_error("%s", err->message ? err->message : tr_status_name(err->status));
}

/* A report skipped from a set: one line on stderr, and the rest load. */
static void say_skipped(void *ctx, const char *path, const char *why)
{
	(void)ctx;
	(void)path;
	cli_error("%s", why);
}

tr_session *cli_session(const cli_globals *g, int nreports, char **reports, bool writing)
{
	tr_session_opts o = {
		.repo_dir = g->repo_dir,
		.state_file = g->state_file,
		.user = g->user,
		.all = g->all,
		.writing = writing,
		.reports = reports,
		.nreports = nreports > 0 ? (size_t)nreports : 0,
		.skip = say_skipped,
	};
	return tr_session_open(&o);
}

int cli_session_progress(tr_session *s, bool writing)
{
	const tr_error *problem = tr_session_repo_problem(s);
	if (!problem)
		problem = tr_session_store_problem(s);
	if (problem) {
		cli_print_error(problem);
		return -1;
	}
	/* Before the reports: a damaged file is the thing to fix first. */
	tr_store *st = tr_session_store(s);
	if (writing && tr_store_read_only(st)) {
		const tr_error *why = tr_store_problem(st);
		if (why)
			cli_print_error(why);
		else
			cli_error("%s: read-only; nothing was saved", tr_store_path(st));
		return -1;
	}
	return 0;
}

tr_model *cli_session_model(tr_session *s)
{
	tr_error err = TR_ERROR_INIT;
	if (tr_session_load_model(s, &err) < 0) {
		if (tr_session_reports(s)->n == 0)
			cli_error("no report given: name one or more cluster reports (see 'triage --help')");
		else
			cli_print_error(&err);
		tr_error_clear(&err);
		return NULL;
	}
	return tr_session_model(s);
}

void cli_store_warnings(tr_session *s)
{
	const tr_store *st = tr_session_store(s);
	const tr_error *problem = st ? tr_store_problem(st) : tr_session_store_problem(s);
	/* Nowhere to keep progress is no problem for a command that reads it. */
	if (problem && problem->status != TR_OK && (st || problem->status != TR_NOTFOUND))
		cli_print_error(problem);
}

int cli_session_history(tr_session *s, const char *what)
{
	const tr_error *problem = tr_session_repo_problem(s);
	if (problem && problem->status != TR_NOTFOUND) {
		cli_print_error(problem);
		return -1;
	}
	if (!tr_session_repo(s)) {
		char *msg = tr_session_no_repo_message(s, what);
		cli_error("%s", msg);
		free(msg);
		return 0;
	}
	tr_error err = TR_ERROR_INIT;
	if (tr_session_load_history(s, &err) < 0) {
		cli_print_error(&err);
		tr_error_clear(&err);
		return -1;
	}
	char *note = tr_history_unreadable_note(tr_session_history(s));
	if (note)
		cli_error("%s", note);
	free(note);
	return 0;
}

int cli_term_width(int fallback)
{
	struct winsize ws;
	if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
		return ws.ws_col;
	const char *cols = getenv("COLUMNS");
	if (cols && atoi(cols) > 0)
		return atoi(cols);
	return fallback;
}
