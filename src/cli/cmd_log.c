/* `triage log ISSUE [REPORT...]`: the commits that fix an issue, mention it
 * or change its test files, newest first; and the commits of each issue in
 * `triage export`. */
#include "config.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "triage/history.h"
#include "triage/text.h"

/* The columns of a line: id, date, link, author, summary, two apart. */
#define ID_COLS 12
#define LINK_COLS 12
#define AUTHOR_COLS 20
#define GAP "  "
#define SUMMARY_MIN_COLS 8      /* less than this, and the summary is not cut */

/* Pads to `cols` columns what tr_text_fit left shorter. */
static void put_fit(tr_buf *b, const char *s, size_t cols, bool ascii)
{
	size_t used = tr_text_fit(b, s, cols, ascii);
	for (; used < cols; used++)
		tr_buf_addc(b, ' ');
}

static void print_detail(tr_repo *repo, const tr_commit *c, bool ascii)
{
	tr_error err = TR_ERROR_INIT;
	tr_commit_detail *d = tr_commit_detail_load(repo, c->id, &err);
	if (!d) {
		cli_print_error(&err);
		tr_error_clear(&err);
		return;
	}
	tr_buf b = TR_BUF_INIT;
	tr_buf_adds(&b, "    Author: ");
	if (ascii)
		tr_text_inert_ascii(&b, d->commit.author, strlen(d->commit.author));
	else
		tr_text_inert(&b, d->commit.author, strlen(d->commit.author), false);
	tr_buf_addc(&b, '\n');
	/* The message line by line, each made inert, indented like git log. */
	const char *p = d->message;
	while (*p) {
		const char *eol = strchr(p, '\n');
		size_t n = eol ? (size_t)(eol - p) : strlen(p);
		tr_buf_adds(&b, "    ");
		if (ascii)
			tr_text_inert_ascii(&b, p, n);
		else
			tr_text_inert(&b, p, n, false);
		tr_buf_addc(&b, '\n');
		p += n + (eol ? 1 : 0);
	}
	for (size_t i = 0; i < d->paths.n; i++) {
		tr_buf_addf(&b, "    %c ", d->status[i]);
		if (ascii)
			tr_text_inert_ascii(&b, d->paths.v[i], strlen(d->paths.v[i]));
		else
			tr_text_inert(&b, d->paths.v[i], strlen(d->paths.v[i]), false);
		tr_buf_addc(&b, '\n');
	}
	tr_buf_addc(&b, '\n');
	fputs(tr_buf_str(&b), stdout);
	tr_buf_free(&b);
	tr_commit_detail_free(d);
}

int cmd_log(cli_globals *g, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "all", no_argument, NULL, 'a' },
		{ "verbose", no_argument, NULL, 'v' },
		CLI_OPT_HELP,
		{ NULL, 0, NULL, 0 },
	};
	bool all = false, verbose = false;
	int c, rc = CLI_GETOPT_START;
	while ((c = cli_getopt("log", g, argc, argv, "av", opts, &rc)) != -1) {
		if (c == 'a')
			all = true;
		else if (c == 'v')
			verbose = true;
	}
	if (rc != -1)
		return rc;
	if (optind >= argc) {
		cli_error("log: name an issue (305, #305, GH-305 or a key such as PROJ-123)");
		cli_usage(stderr, "log");
		return CLI_USAGE;
	}
	const char *arg = argv[optind];
	cli_globals local = *g;
	local.all = all || g->all;
	tr_session *session = cli_session(&local, argc - optind - 1, argv + optind + 1, false);
	const tr_model *m = cli_session_model(session);
	if (!m) {
		tr_session_free(session);
		return CLI_FAIL;
	}
	size_t issue = tr_model_find_arg(m, arg);
	if (issue == TR_NONE) {
		tr_buf known = TR_BUF_INIT;
		cli_known_issues(&known, m);
		cli_error("log: no issue '%s' in the reports (they have %s)", arg, tr_buf_str(&known));
		tr_buf_free(&known);
		tr_session_free(session);
		return CLI_FAIL;
	}
	if (cli_session_history(session, "there is no history to show") < 0 ||
	    !tr_session_repo(session)) {
		tr_session_free(session);
		return CLI_FAIL;
	}
	tr_repo *repo = tr_session_repo(session);
	const tr_history *h = tr_session_history(session);
	const tr_commit_link *v;
	size_t n = tr_history_issue(h, issue, &v);
	const char *id = m->issues[issue].id;
	if (n == 0)
		cli_error("%s: no commit fixes it, mentions it or changes its test files", id);
	bool tty = isatty(STDOUT_FILENO);
	int width = cli_term_width(0);
	for (size_t i = 0; i < n; i++) {
		const tr_commit *cm = v[i].commit;
		char date[32];
		tr_history_format_time(date, cm->time, cm->tz, true);
		tr_buf b = TR_BUF_INIT;
		tr_buf_addf(&b, "%.*s" GAP "%s" GAP "%-*s" GAP, ID_COLS, cm->id, date, LINK_COLS,
		            tr_link_kind_word(v[i].kind));
		put_fit(&b, cm->author_name, AUTHOR_COLS, g->ascii);
		tr_buf_adds(&b, GAP);
		/* On a terminal a line stays a line; in a pipe, the whole summary. */
		size_t used = ID_COLS + strlen(date) + LINK_COLS + AUTHOR_COLS + 4 * strlen(GAP);
		if (tty && width > 0 && (size_t)width > used + SUMMARY_MIN_COLS)
			tr_text_fit(&b, cm->summary, (size_t)width - used, g->ascii);
		else if (g->ascii)
			tr_text_inert_ascii(&b, cm->summary, strlen(cm->summary));
		else
			tr_text_inert(&b, cm->summary, strlen(cm->summary), false);
		tr_buf_addc(&b, '\n');
		fputs(tr_buf_str(&b), stdout);
		tr_buf_free(&b);
		if (verbose)
			print_detail(repo, cm, g->ascii);
	}
	tr_session_free(session);
	return CLI_OK;
}
