/* `triage standup`: what changed since the last stand-up, for a terminal or
 * for chat; `--mark` records that one was held.  `triage ack`: a failure
 * group someone has seen to, left out of the stand-up. */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "triage/clock.h"
#include "triage/history.h"
#include "triage/repo.h"
#include "triage/revision.h"
#include "triage/signature.h"
#include "triage/standup.h"
#include "triage/store.h"
#include "triage/text.h"

/* The world a stand-up reads: the session's, borrowed from it. */
typedef struct world {
	tr_session *session;
	tr_repo *repo;          /* NULL outside a repository */
	tr_store *store;
	const tr_model *model;
} world;

static void world_free(world *w)
{
	tr_session_free(w->session);
}

/* Opens the session: the repository, the progress file and the reports
 * (those named, else those the file remembers).  Prints the error and
 * returns -1. */
static int world_open(const cli_globals *g, int nreports, char **reports, bool writing, world *w)
{
	memset(w, 0, sizeof *w);
	w->session = cli_session(g, nreports, reports, writing);
	if (cli_session_progress(w->session, writing) < 0)
		return -1;
	w->repo = tr_session_repo(w->session);
	w->store = tr_session_store(w->session);
	tr_error err = TR_ERROR_INIT;
	if (tr_session_load_model(w->session, &err) < 0) {
		if (tr_session_reports(w->session)->n == 0)
			cli_error("no report given, and %s remembers none: name the cluster report "
			          "(see 'triage --help')", tr_store_path(w->store));
		else
			cli_print_error(&err);
		tr_error_clear(&err);
		return -1;
	}
	w->model = tr_session_model(w->session);
	return 0;
}

/* ---- since when -------------------------------------------------------- */

#define SECONDS_PER_DAY (24 * 3600)

typedef struct since {
	int64_t at;
	char *label;            /* "the last stand-up", "--since 3d" */
	const char *by;         /* who held the last stand-up (the store's string) */
} since;

static int parse_since(const char *arg, world *w, int64_t now, since *out)
{
	memset(out, 0, sizeof *out);
	int64_t d;
	if (!arg || strcmp(arg, "last") == 0) {
		size_t future = 0;
		if (tr_standup_last_mark(w->store, now, &out->at, &out->by, &future)) {
			out->label = tr_strdup("the last stand-up");
		} else {
			out->at = now - SECONDS_PER_DAY;
			out->label = tr_strdup("no stand-up recorded: the last 24 hours");
		}
		if (future)
			cli_error("%zu stand-up mark%s dated in the future left out (a clock ahead?)",
			          future, future == 1 ? "" : "s");
		return 0;
	}
	if (tr_duration_parse(arg, &d) == 0) {
		out->at = now - d;
		out->label = tr_sprintf("the last %s", arg);
		return 0;
	}
	if (tr_time_parse(arg, &out->at) == 0) {
		if (out->at > now) {
			cli_error("standup: --since %s is in the future", arg);
			return -1;
		}
		return 0;
	}
	tr_error err = TR_ERROR_INIT;
	if (w->repo && tr_rev_time(w->repo, arg, &out->at, &err) == 0) {
		out->label = tr_sprintf("commit %s", arg);
		return 0;
	}
	tr_error_clear(&err);
	cli_error("standup: --since '%s' is not a date (2026-11-24, 2026-11-24T09:00), a duration "
	          "(24h, 3d, 2w), a commit%s, or 'last'", arg,
	          w->repo ? " of this repository" : " (not in a git repository here)");
	return -1;
}

/* ---- the command ------------------------------------------------------- */

static int mark(world *w)
{
	tr_error err = TR_ERROR_INIT;
	tr_change ch = { .kind = TR_CHANGE_MARK };
	/* Reports named are remembered with the change saved. */
	if (tr_session_remember_reports(w->session, &err) < 0 ||
	    tr_store_apply(w->store, &ch, 1, &err) < 0) {
		cli_print_error(&err);
		tr_error_clear(&err);
		return CLI_FAIL;
	}
	char when[32];
	int64_t now = tr_now();
	tr_time_human(when, now, now);
	fprintf(stderr, "triage: stand-up marked as held %s; the next one starts from here\n", when);
	return CLI_OK;
}

int cmd_standup(cli_globals *g, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "since", required_argument, NULL, 's' },
		{ "format", required_argument, NULL, 'f' },
		{ "mark", no_argument, NULL, 'm' },
		{ "all", no_argument, NULL, 'a' },
		CLI_OPT_HELP,
		{ NULL, 0, NULL, 0 },
	};
	cli_globals local = *g;
	g = &local;
	const char *since_arg = NULL;
	bool markdown = false, do_mark = false;
	int c, rc = CLI_GETOPT_START;
	while ((c = cli_getopt("standup", g, argc, argv, "", opts, &rc)) != -1) {
		switch (c) {
		case 's':
			since_arg = optarg;
			break;
		case 'f':
			if (strcmp(optarg, "markdown") == 0 || strcmp(optarg, "md") == 0) {
				markdown = true;
			} else if (strcmp(optarg, "text") == 0) {
				markdown = false;
			} else {
				cli_error("standup: unknown format '%s' (known: text, markdown)", optarg);
				return CLI_USAGE;
			}
			break;
		case 'm':
			do_mark = true;
			break;
		case 'a':
			local.all = true;
			break;
		}
	}
	if (rc != -1)
		return rc;
	argc -= optind;
	argv += optind;
	world w;
	if (world_open(g, argc, argv, do_mark, &w) < 0) {
		world_free(&w);
		return CLI_FAIL;
	}
	int64_t now = tr_now();
	since s;
	if (parse_since(since_arg, &w, now, &s) < 0) {
		world_free(&w);
		return CLI_USAGE;
	}
	const tr_error *why = tr_store_problem(w.store);
	if (why)
		cli_print_error(why);
	if (w.repo) {
		tr_error err = TR_ERROR_INIT;
		if (tr_session_load_history(w.session, &err) < 0) {
			cli_print_error(&err);
			tr_error_clear(&err);
		}
	}
	const tr_history *h = tr_session_history(w.session);
	tr_standup_then *t = tr_standup_then_new(w.repo, w.model, s.at);
	tr_standup_input in = {
		.model = w.model, .store = w.store, .history = h, .then = tr_standup_then_reports(t),
		.then_model = tr_standup_then_model(t), .since = s.at, .now = now,
		.since_label = s.label, .since_by = s.by, .ascii = g->ascii,
	};
	tr_standup *su = tr_standup_new(&in);
	for (size_t i = 0; i < su->warnings.n; i++)
		cli_error("%s", su->warnings.v[i]);
	tr_buf out = TR_BUF_INIT;
	if (markdown)
		tr_standup_render_markdown(su, &out);
	else
		tr_standup_render_text(su, &out, g->ascii);
	rc = CLI_OK;
	if (fwrite(out.data ? out.data : "", 1, out.len, stdout) != out.len || fflush(stdout) != 0) {
		cli_error("standup: cannot write the output");
		rc = CLI_FAIL;
	}
	tr_buf_free(&out);
	tr_standup_free(su);
	tr_standup_then_free(t);
	free(s.label);
	if (rc == CLI_OK && do_mark)
		rc = mark(&w);
	world_free(&w);
	return rc;
}

/* ---- ack --------------------------------------------------------------- */

int cmd_ack(cli_globals *g, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "undo", no_argument, NULL, 'u' },
		CLI_OPT_HELP,
		{ NULL, 0, NULL, 0 },
	};
	bool undo = false;
	int c, rc = CLI_GETOPT_START;
	while ((c = cli_getopt("ack", g, argc, argv, "", opts, &rc)) != -1)
		if (c == 'u')
			undo = true;
	if (rc != -1)
		return rc;
	argc -= optind;
	argv += optind;
	if (argc < 1) {
		cli_error("ack: name a failure signature or an issue: triage ack SIGNATURE|ISSUE "
		          "[REPORT...]");
		return CLI_USAGE;
	}
	world w;
	if (world_open(g, argc - 1, argv + 1, true, &w) < 0) {
		world_free(&w);
		return CLI_FAIL;
	}
	const tr_model *m = w.model;
	tr_strv sigs = TR_STRV_INIT;
	char *asked = tr_signature(argv[0]);
	for (size_t k = 0; k < m->ngroups; k++)
		if (strcmp(m->groups[k].signature, argv[0]) == 0 ||
		    strcmp(m->groups[k].signature, asked) == 0)
			tr_strv_push_unique(&sigs, m->groups[k].signature);
	size_t issue = sigs.n ? TR_NONE : tr_model_find_arg(m, argv[0]);
	const char *issue_id = issue != TR_NONE ? m->issues[issue].id : NULL;
	if (issue_id)
		for (size_t f = 0; f < m->issues[issue].nfailures; f++)
			tr_strv_push_unique(&sigs, m->issues[issue].failures[f].signature);
	free(asked);
	rc = CLI_FAIL;
	if (!sigs.n) {
		if (issue_id)
			cli_error("ack: %s has no failure lines to acknowledge; nothing was saved", issue_id);
		else
			cli_error("ack: '%s' is neither a failure signature of the reports nor an issue "
			          "(see the failures pane, or triage export's failure_groups); nothing was "
			          "saved", argv[0]);
		goto out;
	}
	tr_change *ch = tr_calloc(sigs.n, sizeof *ch);
	for (size_t k = 0; k < sigs.n; k++)
		ch[k] = (tr_change){ .kind = TR_CHANGE_ACK, .issue = issue_id, .text = sigs.v[k],
		                     .ack = !undo };
	tr_error err = TR_ERROR_INIT;
	tr_session_remember_reports(w.session, &err);
	int saved = tr_store_apply(w.store, ch, sigs.n, &err);
	free(ch);
	if (saved < 0) {
		cli_print_error(&err);
		tr_error_clear(&err);
		goto out;
	}
	if (saved == 0) {
		printf("nothing to change\n");
	} else {
		size_t total;
		const tr_event *ev = tr_store_events(w.store, &total);
		for (size_t i = total - (size_t)saved; i < total; i++) {
			tr_buf line = TR_BUF_INIT;
			tr_buf_addf(&line, "%s: %s", ev[i].to ? "acknowledged" : "no longer acknowledged",
			            ev[i].failure ? ev[i].failure : "");
			cli_put_inert(stdout, tr_buf_str(&line));
			fputc('\n', stdout);
			tr_buf_free(&line);
		}
	}
	rc = CLI_OK;
out:
	tr_strv_free(&sigs);
	world_free(&w);
	return rc;
}
