#include "config.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "cli.h"
#include "triage/repo.h"
#include "triage/report.h"
#include "triage/store.h"
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

tr_model *cli_load_reports(int argc, char **argv)
{
	return cli_load_reports_in(NULL, argc, argv);
}

/* The reports the progress file of this repository remembers (none when
 * there is no such file). */
static void remembered_reports(const cli_globals *g, tr_strv *out)
{
	tr_error err = TR_ERROR_INIT;
	tr_repo *repo = NULL;
	if (!g || !g->state_file)
		repo = tr_repo_open(g ? g->repo_dir : NULL, &err);
	tr_error_clear(&err);
	char *path = tr_store_locate(g ? g->state_file : NULL, repo, NULL, &err);
	tr_error_clear(&err);
	tr_repo_free(repo);
	if (!path)
		return;
	tr_store *st = tr_store_open(path, NULL, true, &err);
	tr_error_clear(&err);
	if (st) {
		tr_strv skipped = TR_STRV_INIT;
		tr_store_reports(st, out, &skipped);
		for (size_t i = 0; i < skipped.n; i++)
			cli_error("%s", skipped.v[i]);
		tr_strv_free(&skipped);
	}
	tr_store_free(st);
	free(path);
}

/* A report skipped from a set: one line on stderr, and the rest load. */
static void say_skipped(void *ctx, const char *path, const char *why)
{
	(void)ctx;
	(void)path;
	cli_error("%s", why);
}

tr_model *cli_load_reports_in(const cli_globals *g, int argc, char **argv)
{
	if (argc == 0) {
		tr_strv remembered = TR_STRV_INIT;
		remembered_reports(g, &remembered);
		if (remembered.n > 0) {
			tr_model *m = cli_load_reports_in(g, (int)remembered.n, remembered.v);
			tr_strv_free(&remembered);
			return m;
		}
		tr_strv_free(&remembered);
		cli_error("no report given: name one or more cluster reports (see 'triage --help')");
		return NULL;
	}
	tr_model *m = tr_model_new();
	tr_error err = TR_ERROR_INIT;
	if (tr_report_load_paths(m, argv, (size_t)argc, say_skipped, NULL, &err) < 0) {
		cli_print_error(&err);
		tr_error_clear(&err);
		tr_model_free(m);
		return NULL;
	}
	return m;
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
