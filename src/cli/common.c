#include "config.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "cli.h"
#include "triage/text.h"

void cli_put_inert(FILE *out, const char *s)
{
	tr_buf b = TR_BUF_INIT;
	tr_text_inert(&b, s, strlen(s), true);
	fputs(tr_buf_str(&b), out);
	tr_buf_free(&b);
}

void cli_error(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *msg = tr_vsprintf(fmt, ap);
	va_end(ap);
	fputs("triage: ", stderr);
	cli_put_inert(stderr, msg);
	fputc('\n', stderr);
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

void cli_store_warnings(const tr_session *s)
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
