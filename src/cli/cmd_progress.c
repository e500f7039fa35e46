/* `triage set`, `triage note`, `triage undo`, `triage redo`, `triage
 * status`: the progress store from the command line. */
#include "config.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "triage/clock.h"
#include "triage/people.h"
#include "triage/store.h"
#include "triage/text.h"

/* What every progress command works on. */
typedef struct progress {
	tr_session *session;
	const tr_model *model;  /* NULL for `status` when no report is known */
	tr_store *store;
	bool unread;            /* reports were known, and none could be read */
} progress;

static void progress_free(progress *p)
{
	tr_session_free(p->session);
}

/* Whether a note says nothing: the store would refuse it, and that is a
 * mistake on the command line, told before anything is opened. */
static bool blank(const char *text)
{
	char *t = tr_trim(tr_strdup(text));
	bool empty = !*t;
	free(t);
	return empty;
}

/* The session's repository, user, progress file and reports (those named,
 * else those the file remembers).  Prints the error and returns -1. */
static int progress_open(const cli_globals *g, int nreports, char **reports, bool need_model,
                         bool writing, progress *p)
{
	memset(p, 0, sizeof *p);
	p->session = cli_session(g, nreports, reports, writing);
	if (cli_session_progress(p->session, writing) < 0)
		return -1;
	p->store = tr_session_store(p->session);
	tr_error err = TR_ERROR_INIT;
	if (tr_session_load_model(p->session, &err) == 0) {
		p->model = tr_session_model(p->session);
	} else if (tr_session_reports(p->session)->n > 0) {
		cli_print_error(&err);
		p->unread = true;
	} else if (need_model) {
		cli_error("no report given, and %s remembers none: name the cluster report "
		          "the issue comes from", tr_store_path(p->store));
	}
	tr_error_clear(&err);
	if ((need_model || nreports > 0) && !p->model)
		return -1;
	return 0;
}

/* Prints each event the last transaction saved: the last n of the file. */
static void print_saved(const progress *p, int n, bool ascii)
{
	size_t total;
	const tr_event *ev = tr_store_events(p->store, &total);
	const char *arrow = ascii ? "->" : "→";
	for (size_t i = total - (size_t)n; i < total; i++) {
		tr_buf line = TR_BUF_INIT;
		tr_buf_addf(&line, "%s: ", ev[i].issue ? ev[i].issue : "-");
		if (strcmp(ev[i].field, "note") == 0)
			tr_buf_addf(&line, "note %s: %s", !ev[i].from ? "added" : ev[i].to ? "edited" : "deleted",
			            ev[i].to ? ev[i].to : ev[i].from);
		else
			tr_buf_addf(&line, "%s %s %s %s", ev[i].field, ev[i].from ? ev[i].from : "none",
			            arrow, ev[i].to ? ev[i].to : "none");
		cli_put_inert(stdout, tr_buf_str(&line));
		fputc('\n', stdout);
		tr_buf_free(&line);
	}
}

/* Saves the changes with the reports named, says what was saved. */
static int save(const cli_globals *g, progress *p, const tr_change *changes, size_t n)
{
	tr_error err = TR_ERROR_INIT;
	/* Remembered with the change itself, in the same write. */
	if (tr_session_remember_reports(p->session, &err) < 0) {
		cli_print_error(&err);
		tr_error_clear(&err);
		return CLI_FAIL;
	}
	int saved = tr_store_apply(p->store, changes, n, &err);
	if (saved < 0) {
		cli_print_error(&err);
		tr_error_clear(&err);
		return CLI_FAIL;
	}
	if (saved == 0) {
		printf("nothing to change\n");
		return CLI_OK;
	}
	print_saved(p, saved, g->ascii);
	return CLI_OK;
}

static const char *resolve_issue(const progress *p, const char *arg)
{
	size_t i = tr_model_find_arg(p->model, arg);
	if (i != TR_NONE)
		return p->model->issues[i].id;
	tr_buf known = TR_BUF_INIT;
	cli_known_issues(&known, p->model);
	cli_error("%s: no such issue in the reports (known: %s); nothing was saved", arg,
	          tr_buf_str(&known));
	tr_buf_free(&known);
	return NULL;
}

int cmd_set(cli_globals *g, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "owner", required_argument, NULL, 'o' },
		{ "note", required_argument, NULL, 'n' },
		CLI_OPT_HELP,
		{ NULL, 0, NULL, 0 },
	};
	const char *owner = NULL, *note = NULL;
	int c, rc = CLI_GETOPT_START;
	while ((c = cli_getopt("set", g, argc, argv, "", opts, &rc)) != -1) {
		if (c == 'o')
			owner = optarg;
		else if (c == 'n')
			note = optarg;
	}
	if (rc != -1)
		return rc;
	argc -= optind;
	argv += optind;
	if (argc < 2) {
		cli_error("set: name an issue and a state: triage set ISSUE STATE [REPORT...]");
		return CLI_USAGE;
	}
	int state = tr_state_from_word(argv[1]);
	if (state < 0) {
		cli_error("set: '%s' is not a state: use open, in-progress, fixed, verified or "
		          "wont-fix; nothing was saved", argv[1]);
		return CLI_USAGE;
	}
	if (note && blank(note)) {
		cli_error("set: the note is empty; nothing was saved");
		return CLI_USAGE;
	}
	progress p;
	if (progress_open(g, argc - 2, argv + 2, true, true, &p) < 0) {
		progress_free(&p);
		return CLI_FAIL;
	}
	rc = CLI_FAIL;
	const char *issue = resolve_issue(&p, argv[0]);
	if (issue) {
		tr_change ch[3];
		size_t n = 0;
		ch[n++] = (tr_change){ .kind = TR_CHANGE_STATE, .issue = issue, .state = (tr_state)state };
		if (owner)
			ch[n++] = (tr_change){ .kind = TR_CHANGE_OWNER, .issue = issue, .text = owner };
		if (note)
			ch[n++] = (tr_change){ .kind = TR_CHANGE_NOTE, .issue = issue, .text = note };
		rc = save(g, &p, ch, n);
	}
	progress_free(&p);
	return rc;
}

/* The user's newest note on an issue, or NULL (said why). */
static const tr_note *own_newest(const progress *p, const char *issue)
{
	const char *user = tr_store_user(p->store);
	const tr_progress *pr = tr_store_get(p->store, issue);
	for (size_t k = pr ? pr->nnotes : 0; user && k-- > 0;)
		if (pr->notes[k].by && strcmp(pr->notes[k].by, user) == 0)
			return &pr->notes[k];
	cli_error("%s: no note of yours to change (a note is changed only by who wrote it); "
	          "nothing was saved", issue);
	return NULL;
}

int cmd_note(cli_globals *g, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "edit", no_argument, NULL, 'e' },
		{ "delete", no_argument, NULL, 'd' },
		CLI_OPT_HELP,
		{ NULL, 0, NULL, 0 },
	};
	bool edit = false, del = false;
	int c, rc = CLI_GETOPT_START;
	while ((c = cli_getopt("note", g, argc, argv, "", opts, &rc)) != -1) {
		if (c == 'e')
			edit = true;
		else if (c == 'd')
			del = true;
	}
	if (rc != -1)
		return rc;
	argc -= optind;
	argv += optind;
	if (edit && del) {
		cli_error("note: --edit or --delete, not both");
		return CLI_USAGE;
	}
	int ntext = del ? 0 : 1;
	if (argc < 1 + ntext) {
		cli_error(del ? "note: name an issue: triage note --delete ISSUE [REPORT...]"
		              : "note: name an issue and the text: triage note %sISSUE TEXT [REPORT...]",
		          edit ? "--edit " : "");
		return CLI_USAGE;
	}
	if (ntext && blank(argv[1])) {
		cli_error(edit ? "note: the note would be empty (--delete deletes it); nothing was saved"
		               : "note: the note is empty; nothing was saved");
		return CLI_USAGE;
	}
	progress p;
	if (progress_open(g, argc - 1 - ntext, argv + 1 + ntext, true, true, &p) < 0) {
		progress_free(&p);
		return CLI_FAIL;
	}
	rc = CLI_FAIL;
	const char *issue = resolve_issue(&p, argv[0]);
	if (issue && (edit || del)) {
		const tr_note *n = own_newest(&p, issue);
		if (n) {
			tr_change ch = { .kind = del ? TR_CHANGE_NOTE_DELETE : TR_CHANGE_NOTE_EDIT,
			                 .issue = issue, .text = del ? NULL : argv[1], .note_at = n->at,
			                 .note_text = n->text };
			rc = save(g, &p, &ch, 1);
		}
	} else if (issue) {
		tr_change ch = { .kind = TR_CHANGE_NOTE, .issue = issue, .text = argv[1] };
		rc = save(g, &p, &ch, 1);
	}
	progress_free(&p);
	return rc;
}

static int undo_or_redo(cli_globals *g, const char *name, int argc, char **argv)
{
	static const struct option opts[] = {
		CLI_OPT_HELP,
		{ NULL, 0, NULL, 0 },
	};
	int rc = CLI_GETOPT_START;
	while (cli_getopt(name, g, argc, argv, "", opts, &rc) != -1)
		;
	if (rc != -1)
		return rc;
	argc -= optind;
	argv += optind;
	progress p;
	if (progress_open(g, argc, argv, false, true, &p) < 0) {
		progress_free(&p);
		return CLI_FAIL;
	}
	bool redo = strcmp(name, "redo") == 0;
	tr_error err = TR_ERROR_INIT;
	tr_buf said = TR_BUF_INIT;
	int n = redo ? tr_store_redo(p.store, &said, &err) : tr_store_undo_said(p.store, &said, &err);
	rc = CLI_OK;
	if (n < 0) {
		cli_print_error(&err);
		rc = CLI_FAIL;
	} else if (n == 0) {
		printf("nothing to %s%s%s\n", name, said.len ? ": " : "", tr_buf_str(&said));
	} else {
		tr_buf line = TR_BUF_INIT;
		tr_buf_addf(&line, "%s: ", redo ? "redid" : "undid");
		for (const char *s = tr_buf_str(&said), *arrow; *s; s = arrow + 3) {
			arrow = strstr(s, "\u2192");
			if (!arrow) {
				tr_buf_adds(&line, s);
				break;
			}
			tr_buf_add(&line, s, (size_t)(arrow - s));
			tr_buf_adds(&line, g->ascii ? "->" : "\u2192");
		}
		cli_put_inert(stdout, tr_buf_str(&line));
		fputc('\n', stdout);
		tr_buf_free(&line);
	}
	tr_buf_free(&said);
	tr_error_clear(&err);
	progress_free(&p);
	return rc;
}

int cmd_undo(cli_globals *g, int argc, char **argv)
{
	return undo_or_redo(g, "undo", argc, argv);
}

int cmd_redo(cli_globals *g, int argc, char **argv)
{
	return undo_or_redo(g, "redo", argc, argv);
}

/* ---- status ------------------------------------------------------------ */

/* The columns of `triage status`, each followed by a space. */
#define STATUS_ID_MAX 24
#define STATUS_STATE_COLS 11    /* "in-progress", the longest state */
#define STATUS_OWNER_COLS 12
#define STATUS_WIDTH 80         /* the width when the output is no terminal */
#define STATUS_CHANGE_MIN 10    /* narrower than this, the last change is not cut */

static void cell(tr_buf *line, const char *s, size_t cols, bool ascii)
{
	size_t used = tr_text_fit(line, s ? s : "-", cols, ascii);
	for (; used < cols; used++)
		tr_buf_addc(line, ' ');
	tr_buf_addc(line, ' ');
}

/* "Alice" alone, or "Alice <a@x>" when another "Alice" changed something. */
static void add_who(tr_buf *out, const tr_people *people, const char *who)
{
	if (!who || !*who)
		tr_buf_adds(out, "someone");
	else
		tr_buf_add(out, who, tr_people_shown_len(people, who));
}

static void add_when(tr_buf *out, const char *at, int64_t now)
{
	int64_t t;
	char ago[32];
	if (at && tr_time_parse(at, &t) == 0) {
		tr_time_ago(ago, t, now);
		tr_buf_adds(out, ago);
	} else {
		tr_buf_adds(out, at ? at : "?");
	}
}

/* "3h ago Alice: state in-progress" */
static void describe_event(tr_buf *out, const tr_event *ev, const tr_people *people, int64_t now)
{
	add_when(out, ev->at, now);
	tr_buf_addc(out, ' ');
	add_who(out, people, ev->by);
	tr_buf_adds(out, ": ");
	if (strcmp(ev->field, "note") != 0)
		tr_buf_addf(out, "%s %s", ev->field, ev->to ? ev->to : "none");
	else if (ev->to)
		tr_buf_addf(out, "note%s: %s", ev->from ? " edited" : "", ev->to);
	else
		tr_buf_adds(out, "note removed");
}

int cmd_status(cli_globals *g, int argc, char **argv)
{
	static const struct option opts[] = {
		CLI_OPT_HELP,
		{ NULL, 0, NULL, 0 },
	};
	int rc = CLI_GETOPT_START;
	while (cli_getopt("status", g, argc, argv, "", opts, &rc) != -1)
		;
	if (rc != -1)
		return rc;
	argc -= optind;
	argv += optind;
	progress p;
	if (progress_open(g, argc, argv, false, false, &p) < 0) {
		progress_free(&p);
		return CLI_FAIL;
	}
	/* What can be shown is, but a table missing what could not be read
	 * is no success: a script checking the status must not take it for
	 * the whole truth. */
	const tr_error *why = tr_store_problem(p.store);
	if (why)
		cli_print_error(why);
	int status = why || p.unread ? CLI_FAIL : CLI_OK;

	/* Issues of the reports in their order, then any others the file has. */
	tr_strv ids = TR_STRV_INIT;
	for (size_t i = 0; p.model && i < p.model->nissues; i++)
		tr_strv_push(&ids, p.model->issues[i].id);
	/* Where each of the file's own issues is listed (by its place in the
	 * store), so that an event finds its row by a lookup, not a search. */
	size_t nstore = tr_store_count(p.store);
	size_t *row_of = tr_malloc((nstore ? nstore : 1) * sizeof *row_of);
	for (size_t i = 0; i < nstore; i++) {
		const char *id = tr_store_at(p.store, i)->id;
		row_of[i] = TR_NONE;
		if (!p.model || tr_model_lookup(p.model, id) == TR_NONE) {
			row_of[i] = ids.n;
			tr_strv_push(&ids, id);
		}
	}
	/* The latest event of each issue, in one pass over the events. */
	size_t nev;
	const tr_event *ev = tr_store_events(p.store, &nev);
	const tr_event **last = tr_calloc(ids.n ? ids.n : 1, sizeof *last);
	for (size_t e = 0; e < nev; e++) {
		if (!ev[e].issue || ev[e].failure)
			continue;
		size_t at = p.model ? tr_model_lookup(p.model, ev[e].issue) : TR_NONE;
		if (at == TR_NONE) {
			size_t k = tr_store_index(p.store, ev[e].issue);
			if (k != TR_NONE)
				at = row_of[k];
		}
		if (at != TR_NONE && at < ids.n)
			last[at] = &ev[e];
	}
	free(row_of);

	size_t idw = strlen("ISSUE");
	for (size_t i = 0; i < ids.n; i++) {
		size_t w = tr_text_width(ids.v[i]);
		if (w > idw)
			idw = w < STATUS_ID_MAX ? w : STATUS_ID_MAX;
	}
	const size_t statew = STATUS_STATE_COLS, ownerw = STATUS_OWNER_COLS;
	int width = cli_term_width(STATUS_WIDTH);
	/* Everyone named in a last change, to tell two people of one name apart. */
	tr_people people = TR_PEOPLE_INIT;
	for (size_t i = 0; i < ids.n; i++) {
		const tr_progress *pr = tr_store_get(p.store, ids.v[i]);
		const char *who = last[i] ? last[i]->by : pr ? pr->updated_by : NULL;
		if (who)
			tr_people_add(&people, who);
	}
	int64_t now = tr_now();
	size_t fixed = idw + 1 + statew + 1 + ownerw + 1;
	/* Too narrow a terminal for the last column: not cut at all. */
	size_t changew = width > 0 && (size_t)width > fixed + STATUS_CHANGE_MIN ? (size_t)width - fixed
	                                                                        : SIZE_MAX / 2;

	tr_buf line = TR_BUF_INIT;
	cell(&line, "ISSUE", idw, g->ascii);
	cell(&line, "STATE", statew, g->ascii);
	cell(&line, "OWNER", ownerw, g->ascii);
	tr_buf_adds(&line, "LAST CHANGE");
	puts(tr_buf_str(&line));
	for (size_t i = 0; i < ids.n; i++) {
		tr_buf_reset(&line);
		const tr_progress *pr = tr_store_get(p.store, ids.v[i]);
		cell(&line, ids.v[i], idw, g->ascii);
		cell(&line, tr_state_word(pr ? pr->state : TR_STATE_OPEN), statew, g->ascii);
		cell(&line, pr ? pr->owner : NULL, ownerw, g->ascii);
		tr_buf change = TR_BUF_INIT;
		if (last[i]) {
			describe_event(&change, last[i], &people, now);
		} else if (pr && pr->updated_at) {
			add_when(&change, pr->updated_at, now);
			tr_buf_addc(&change, ' ');
			add_who(&change, &people, pr->updated_by);
		} else
			tr_buf_adds(&change, "-");
		tr_text_fit(&line, tr_buf_str(&change), changew, g->ascii);
		tr_buf_free(&change);
		while (line.len && line.data[line.len - 1] == ' ')
			line.data[--line.len] = '\0';
		puts(tr_buf_str(&line));
	}
	tr_buf_free(&line);
	tr_people_free(&people);
	free(last);
	tr_strv_free(&ids);
	progress_free(&p);
	return status;
}
