#include "config.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "export_text.h"
#include "triage/export.h"
#include "triage/graph.h"
#include "triage/session.h"
#include "triage/text.h"

/* ---- the model -------------------------------------------------------- */

/* "report.md:17", the place a field or a failure was read. */
static void put_source(tr_json_out *o, const char *path, unsigned line)
{
	if (!path)
		path = "(null)";        /* as printf had it */
	size_t n = strlen(path);
	char small[256];
	char *s = n + 12 <= sizeof small ? small : tr_malloc(n + 12);
	memcpy(s, path, n);
	s[n++] = ':';
	char digits[10];
	size_t k = 0;
	do
		digits[k++] = (char)('0' + line % 10);
	while ((line /= 10) != 0);
	while (k)
		s[n++] = digits[--k];
	tr_json_strn(o, s, n);
	if (s != small)
		free(s);
}

/* One of the program's own words ("P1", "in progress"), or null: they
 * need no escape, so they are copied as they are. */
static void put_word(tr_json_out *o, const char *w)
{
	if (!w) {
		tr_json_null(o);
		return;
	}
	jt_value_start(o);
	size_t n = strlen(w);
	room(o, n + 2);
	char *p = o->data + o->len;
	*p = '"';
	memcpy(p + 1, w, n);
	p[n + 1] = '"';
	o->len += n + 2;
}

static void put_strv(tr_json_out *o, const tr_strv *sv)
{
	tr_json_open(o, '[');
	for (size_t i = 0; i < sv->n; i++)
		tr_json_str(o, sv->v[i]);
	tr_json_close(o, ']');
}

static void put_count(tr_json_out *o, long n)
{
	if (n < 0)
		tr_json_null(o);
	else
		tr_json_int(o, n);
}

/* A line break and n spaces at p, which has room for them and for
 * sizeof jt_line: the end is returned.  As newline() does, a piece of a
 * fixed size is copied (a copy the compiler writes out) and the part
 * needed kept. */
static char *line_at(char *p, size_t n)
{
	if (n < sizeof jt_line - 1) {
		memcpy(p, jt_line, sizeof jt_line);
		return p + n + 1;
	}
	*p++ = '\n';
	memset(p, ' ', n);
	return p + n;
}

static void put_tests(tr_json_out *o, const tr_tests *t)
{
	if (t->failed < 0 && t->passed < 0 && t->skipped < 0) {
		/* Most reports give no counts: the object, laid out as below,
		 * written as one piece. */
		jt_value_start(o);
		size_t in = (size_t)o->depth * 2;
		room(o, 3 * (in + 3) + in + 3 + 48 + sizeof jt_line);
		char *p = o->data + o->len;
		*p++ = '{';
		p = line_at(p, in + 2);
		memcpy(p, "\"failed\": null,", 15);
		p = line_at(p + 15, in + 2);
		memcpy(p, "\"passed\": null,", 15);
		p = line_at(p + 15, in + 2);
		memcpy(p, "\"skipped\": null", 15);
		p = line_at(p + 15, in);
		*p++ = '}';
		o->len = (size_t)(p - o->data);
		return;
	}
	tr_json_open(o, '{');
	KEY(o, "failed");
	put_count(o, t->failed);
	KEY(o, "passed");
	put_count(o, t->passed);
	KEY(o, "skipped");
	put_count(o, t->skipped);
	tr_json_close(o, '}');
}

static const char *report_path(const tr_model *m, size_t r)
{
	return r < m->nreports ? m->reports[r].path : NULL;
}

/* Report r's path as a value: as written once for the whole text (see
 * put_model), where it was. */
static void put_report_path(tr_json_out *o, const tr_model *m, size_t r)
{
	if (r < o->nquoted && o->quoted[r].data) {
		jt_value_start(o);
		put(o, o->quoted[r].data, o->quoted[r].len);
		return;
	}
	tr_json_str(o, report_path(m, r));
}

/* Issue i's id as a value: as written once for the whole text (see
 * put_model), where it was. */
static void put_issue_id(tr_json_out *o, const tr_model *m, size_t i)
{
	if (i < o->nquoted_ids && o->quoted_ids[i].data) {
		jt_value_start(o);
		put(o, o->quoted_ids[i].data, o->quoted_ids[i].len);
		return;
	}
	tr_json_str(o, m->issues[i].id);
}

/* "report.md:17" for report r, as put_source writes it. */
static void put_source_of(tr_json_out *o, const tr_model *m, size_t r, unsigned line)
{
	if (r >= o->nquoted || !o->quoted[r].data) {
		put_source(o, report_path(m, r), line);
		return;
	}
	jt_value_start(o);
	/* The path as a string but for its closing quote, then what needs
	 * no escape. */
	char digits[12];
	size_t k = sizeof digits;
	digits[--k] = '"';
	do
		digits[--k] = (char)('0' + line % 10);
	while ((line /= 10) != 0);
	digits[--k] = ':';
	put(o, o->quoted[r].data, o->quoted[r].len - 1);
	put(o, digits + k, sizeof digits - k);
}

/* The keys of an issue the model holds, but for in_reports (see
 * put_mentions); the caller has opened its object. */
static void put_issue_keys(tr_json_out *o, const tr_model *m, size_t issue)
{
	const tr_issue *is = &m->issues[issue];
	KEY(o, "id");
	put_issue_id(o, m, issue);
	KEY(o, "named");
	tr_json_bool(o, is->named);
	KEY(o, "title");
	tr_json_str(o, is->title);
	KEY(o, "severity");
	tr_json_str(o, is->severity);
	KEY(o, "priority");
	put_word(o, tr_priority_word(is->priority));
	KEY(o, "status");
	put_word(o, tr_issue_status_word(is->status));
	KEY(o, "status_text");
	tr_json_str(o, is->status_text);
	KEY(o, "report");
	put_report_path(o, m, is->report);
	KEY(o, "line");
	tr_json_int(o, is->line);
	KEY(o, "test_files");
	put_strv(o, &is->test_files);
	KEY(o, "tests");
	put_tests(o, &is->tests);
	KEY(o, "findings");
	put_strv(o, &is->findings);
	KEY(o, "impact");
	put_strv(o, &is->impact);
	KEY(o, "failures");
	tr_json_open(o, '[');
	for (size_t f = 0; f < is->nfailures; f++) {
		const tr_failure *fl = &is->failures[f];
		tr_json_open(o, '{');
		KEY(o, "signature");
		tr_json_str(o, fl->signature);
		KEY(o, "text");
		tr_json_str(o, fl->text);
		KEY(o, "report");
		put_report_path(o, m, fl->report);
		KEY(o, "line");
		tr_json_int(o, fl->line);
		KEY(o, "source");
		put_source_of(o, m, fl->report, fl->line);
		tr_json_close(o, '}');
	}
	tr_json_close(o, ']');
	/* Where each field was read, so a doubtful fact can be checked. */
	KEY(o, "sources");
	tr_json_open(o, '{');
	for (int f = 0; f < TR_SOURCE_COUNT; f++) {
		const tr_source *src = &is->sources[f];
		tr_json_key(o, tr_source_word((tr_source_field)f));
		if (src->line && src->report < m->nreports)
			put_source_of(o, m, src->report, src->line);
		else
			tr_json_null(o);
	}
	tr_json_close(o, '}');
	KEY(o, "plan_phase");
	tr_json_str(o, is->plan_phase);
	KEY(o, "plan_step");
	if (is->plan_step)
		tr_json_int(o, is->plan_step);
	else
		tr_json_null(o);
	KEY(o, "plan_done");
	tr_json_bool(o, is->plan_done);
}

/* An issue several reports define: what each of them says of it.  The
 * last key of the issue, after what later layers add, as it is there only
 * for some issues. */
static void put_mentions(tr_json_out *o, const tr_model *m, size_t issue)
{
	const tr_issue *is = &m->issues[issue];
	if (!is->nmentions)
		return;
	KEY(o, "in_reports");
	tr_json_open(o, '[');
	for (size_t k = 0; k < is->nmentions; k++) {
		const tr_mention *mn = &is->mentions[k];
		tr_json_open(o, '{');
		KEY(o, "report");
		put_report_path(o, m, mn->report);
		KEY(o, "line");
		tr_json_int(o, mn->line);
		KEY(o, "title");
		jt_put_kept(o, mn->title);
		KEY(o, "priority");
		put_word(o, tr_priority_word(mn->priority));
		KEY(o, "status");
		put_word(o, tr_issue_status_word(mn->status));
		KEY(o, "status_text");
		jt_put_kept(o, mn->status_text);
		KEY(o, "tests");
		put_tests(o, &mn->tests);
		tr_json_close(o, '}');
	}
	tr_json_close(o, ']');
}

static void put_ids(tr_json_out *o, const tr_model *m, const size_t *idx, size_t n)
{
	tr_json_open(o, '[');
	for (size_t i = 0; i < n; i++)
		put_issue_id(o, m, idx[i]);
	tr_json_close(o, ']');
}

/* What an issue's text is read from lies all over the heap, rarely in the
 * caches: it is asked for while the issues before are written, in two
 * steps as the strings are found through the issue's arrays. */
static void prefetch_issue(const tr_model *m, size_t i)
{
	if (i + 2 < m->nissues) {
		const tr_issue *is = &m->issues[i + 2];
		__builtin_prefetch(is->failures);
		__builtin_prefetch(is->mentions);
		__builtin_prefetch(is->test_files.v);
	}
	if (i + 1 < m->nissues) {
		const tr_issue *is = &m->issues[i + 1];
		__builtin_prefetch(is->id);
		__builtin_prefetch(is->title);
		__builtin_prefetch(is->severity);
		__builtin_prefetch(is->status_text);
		__builtin_prefetch(is->plan_phase);
		for (size_t f = 0; f < is->nfailures; f++) {
			__builtin_prefetch(is->failures[f].signature);
			__builtin_prefetch(is->failures[f].text);
		}
		for (size_t k = 0; k < is->test_files.n; k++)
			__builtin_prefetch(is->test_files.v[k]);
	}
}

static void put_issue(tr_json_out *o, const tr_model *m, size_t i, const tr_export_hooks *hooks)
{
	prefetch_issue(m, i);
	tr_json_open(o, '{');
	put_issue_keys(o, m, i);
	if (hooks && hooks->issue)
		hooks->issue(hooks->ctx, i, o);
	put_mentions(o, m, i);
	tr_json_close(o, '}');
}

static void put_report(tr_json_out *o, const tr_model *m, size_t r, const tr_export_hooks *unused)
{
	(void)unused;
	const tr_report *rp = &m->reports[r];
	tr_json_open(o, '{');
	KEY(o, "path");
	tr_json_str(o, rp->path);
	KEY(o, "title");
	tr_json_str(o, rp->title);
	KEY(o, "executed_at");
	tr_json_str(o, rp->executed_at);
	KEY(o, "encoding");
	tr_json_str(o, rp->encoding);
	KEY(o, "scope");
	put_strv(o, &rp->scope);
	KEY(o, "notes");
	put_strv(o, &rp->notes);
	KEY(o, "issues");
	tr_json_int(o, (long long)rp->nissues);
	tr_json_close(o, '}');
}

static void put_edge(tr_json_out *o, const tr_model *m, size_t e, const tr_export_hooks *unused)
{
	(void)unused;
	const tr_edge *ed = &m->edges[e];
	tr_json_open(o, '{');
	KEY(o, "from");
	put_issue_id(o, m, ed->from);
	KEY(o, "to");
	put_issue_id(o, m, ed->to);
	KEY(o, "kind");
	put_word(o, tr_edge_kind_word(ed->kind));
	KEY(o, "source");
	put_source_of(o, m, ed->report, ed->line);
	tr_json_close(o, '}');
}

static void put_group(tr_json_out *o, const tr_model *m, size_t g, const tr_export_hooks *unused)
{
	(void)unused;
	const tr_failure_group *gr = &m->groups[g];
	tr_json_open(o, '{');
	KEY(o, "signature");
	tr_json_str(o, gr->signature);
	KEY(o, "count");
	tr_json_int(o, (long long)gr->count);
	KEY(o, "issues");
	put_ids(o, m, gr->issues, gr->nissues);
	tr_json_close(o, '}');
}

static void put_cycle(tr_json_out *o, const tr_model *m, size_t c, const tr_export_hooks *unused)
{
	(void)unused;
	put_ids(o, m, m->cycles[c].issues, m->cycles[c].n);
}

static size_t count_reports(const tr_model *m) { return m->nreports; }
static size_t count_issues(const tr_model *m) { return m->nissues; }
static size_t count_edges(const tr_model *m) { return m->nedges; }
static size_t count_groups(const tr_model *m) { return m->ngroups; }
static size_t count_cycles(const tr_model *m) { return m->ncycles; }

/* The top-level arrays, in the order they are written. */
static const struct section {
	const char *key;
	void (*put)(tr_json_out *, const tr_model *, size_t, const tr_export_hooks *);
	size_t (*count)(const tr_model *);
} sections[] = {
	{ "reports", put_report, count_reports },
	{ "issues", put_issue, count_issues },
	{ "edges", put_edge, count_edges },
	{ "failure_groups", put_group, count_groups },
	{ "cycles", put_cycle, count_cycles },
};
#define NSECTIONS (sizeof sections / sizeof *sections)

/* The whole text; with a file, one element at a time is kept: a
 * 20,000-issue export is not held in memory beside the model. */
static void put_model(tr_json_out *o, const tr_model *m, const tr_export_hooks *hooks)
{
	/* Every failure, mention, edge and source names its report, and
	 * edges and lists of issues name issues: each path and id is made a
	 * JSON string once, and copied where it is named (the ids are then
	 * read from one array, not each from its issue elsewhere in memory). */
	tr_buf *quoted = tr_calloc(m->nreports ? m->nreports : 1, sizeof *quoted);
	for (size_t r = 0; r < m->nreports; r++)
		jt_quote(&quoted[r], m->reports[r].path);
	o->quoted = quoted;
	o->nquoted = m->nreports;
	tr_buf *ids = tr_calloc(m->nissues ? m->nissues : 1, sizeof *ids);
	for (size_t i = 0; i < m->nissues; i++)
		jt_quote(&ids[i], m->issues[i].id);
	o->quoted_ids = ids;
	o->nquoted_ids = m->nissues;
	tr_json_open(o, '{');
	for (size_t s = 0; s < NSECTIONS; s++) {
		tr_json_key(o, sections[s].key);
		tr_json_open(o, '[');
		size_t n = sections[s].count(m);
		for (size_t i = 0; i < n; i++) {
			sections[s].put(o, m, i, hooks);
			jt_flush(o, false);
		}
		tr_json_close(o, ']');
	}
	if (hooks && hooks->top)
		hooks->top(hooks->ctx, o);
	tr_json_close(o, '}');
	put1(o, '\n');
	for (size_t r = 0; r < m->nreports; r++)
		tr_buf_free(&quoted[r]);
	free(quoted);
	for (size_t i = 0; i < m->nissues; i++)
		tr_buf_free(&ids[i]);
	free(ids);
	o->quoted = o->quoted_ids = NULL;
	o->nquoted = o->nquoted_ids = 0;
	jt_kept_free(o);
}

int tr_export_write(const tr_model *m, const tr_export_hooks *hooks, FILE *out)
{
	tr_json_out o = { .file = out };
	put_model(&o, m, hooks);
	jt_flush(&o, true);
	free(o.data);
	if (fflush(out) != 0)
		o.failed = true;
	return o.failed ? -1 : 0;
}

json_t *tr_export_model(const tr_model *m)
{
	tr_json_out o = { 0 };
	put_model(&o, m, NULL);
	return jt_read_back(&o);
}

json_t *tr_export_issue(const tr_model *m, size_t issue)
{
	tr_json_out o = { 0 };
	put_issue(&o, m, issue, NULL);
	return jt_read_back(&o);
}

/* ---- the whole export: the model with the analysis and the history ----- */

static void put_commits(tr_json_out *o, const tr_history *h, size_t issue)
{
	tr_json_open(o, '[');
	const tr_commit_link *v;
	size_t n = tr_history_issue(h, issue, &v);
	for (size_t i = 0; i < n; i++) {
		const tr_commit *c = v[i].commit;
		char when[32];
		tr_history_format_time(when, c->time, c->tz, false);
		tr_json_open(o, '{');
		KEY(o, "id");
		tr_json_str(o, c->id);
		KEY(o, "summary");
		tr_json_str(o, c->summary);
		KEY(o, "author");
		tr_json_str(o, c->author);
		KEY(o, "time");
		tr_json_str(o, when);
		KEY(o, "link");
		tr_json_str(o, tr_link_kind_word(v[i].kind));
		tr_json_close(o, '}');
	}
	tr_json_close(o, ']');
}

json_t *tr_export_commits(const tr_history *h, size_t issue)
{
	tr_json_out o = { 0 };
	put_commits(&o, h, issue);
	return jt_read_back(&o);
}

typedef struct session_export {
	const tr_model *m;
	const tr_graph *gr;
	const tr_history *h;
	const tr_store *st;                 /* may be NULL */
	const tr_event **last;              /* per issue: its latest change, or NULL */
} session_export;

/* What the team is doing about an issue: the progress file's record and
 * the latest change of it, as the stand-up and `triage status` tell it. */
static void put_progress(tr_json_out *o, const session_export *x, size_t issue, tr_state state)
{
	const tr_progress *p = x->st ? tr_store_get(x->st, x->m->issues[issue].id) : NULL;
	tr_json_open(o, '{');
	KEY(o, "state");
	tr_json_str(o, tr_state_word(state));
	KEY(o, "owner");
	tr_json_str(o, p ? p->owner : NULL);
	KEY(o, "notes");
	tr_json_open(o, '[');
	for (size_t k = 0; p && k < p->nnotes; k++) {
		tr_json_open(o, '{');
		KEY(o, "by");
		tr_json_str(o, p->notes[k].by);
		KEY(o, "at");
		tr_json_str(o, p->notes[k].at);
		KEY(o, "text");
		tr_json_str(o, p->notes[k].text);
		tr_json_close(o, '}');
	}
	tr_json_close(o, ']');
	KEY(o, "last_change");
	const tr_event *e = x->last ? x->last[issue] : NULL;
	if (e) {
		tr_json_open(o, '{');
		KEY(o, "at");
		tr_json_str(o, e->at);
		KEY(o, "by");
		tr_json_str(o, e->by);
		KEY(o, "field");
		tr_json_str(o, e->field);
		KEY(o, "from");
		tr_json_str(o, e->from);
		KEY(o, "to");
		tr_json_str(o, e->to);
		tr_json_close(o, '}');
	} else {
		tr_json_null(o);
	}
	tr_json_close(o, '}');
}

static void add_issue_keys(void *ctx, size_t issue, tr_json_out *o)
{
	const session_export *x = ctx;
	const tr_graph_node *nd = &x->gr->nodes[issue];
	KEY(o, "waits_on");
	put_ids(o, x->m, nd->waits_on, nd->nwaits_on);
	KEY(o, "unblocks");
	put_ids(o, x->m, nd->unblocks, nd->nunblocks);
	KEY(o, "ready");
	tr_json_bool(o, nd->ready);
	KEY(o, "holds_up");
	tr_json_int(o, (long long)nd->holds_up);
	KEY(o, "commits");
	put_commits(o, x->h, issue);
	tr_state st = x->st ? tr_store_state(x->st, x->m->issues[issue].id) : TR_STATE_OPEN;
	KEY(o, "progress");
	put_progress(o, x, issue, st);
}

static void add_top_keys(void *ctx, tr_json_out *o)
{
	const session_export *x = ctx;
	KEY(o, "critical_path");
	put_ids(o, x->m, x->gr->critical_path, x->gr->ncritical);
	/* Every stand-up marked (and not withdrawn), oldest first. */
	KEY(o, "standups");
	tr_json_open(o, '[');
	size_t n = 0;
	const tr_event *ev = x->st ? tr_store_events(x->st, &n) : NULL;
	for (size_t k = 0; k < n; k++) {
		if (ev[k].issue || ev[k].failure || strcmp(ev[k].field, TR_EVENT_STANDUP) != 0 || !ev[k].to)
			continue;
		bool withdrawn = false;
		for (size_t j = k + 1; j < n && !withdrawn; j++)
			withdrawn = !ev[j].to && ev[j].from && !ev[j].issue &&
			            strcmp(ev[j].field, TR_EVENT_STANDUP) == 0 && strcmp(ev[j].from, ev[k].at) == 0;
		if (withdrawn)
			continue;
		tr_json_open(o, '{');
		KEY(o, "at");
		tr_json_str(o, ev[k].at);
		KEY(o, "by");
		tr_json_str(o, ev[k].by);
		tr_json_close(o, '}');
	}
	tr_json_close(o, ']');
}

int tr_session_export(tr_session *s, FILE *out)
{
	const tr_model *m = tr_session_model(s);
	uint8_t *state = tr_session_states(s);
	bool *resolved = tr_calloc(m->nissues ? m->nissues : 1, sizeof *resolved);
	for (size_t i = 0; i < m->nissues; i++)
		resolved[i] = tr_graph_issue_resolved(&m->issues[i], state[i]);
	tr_graph *gr = tr_graph_new(m, resolved);
	const tr_store *st = tr_session_store(s);
	/* Each issue's latest change, in one pass over the events. */
	const tr_event **last = tr_calloc(m->nissues ? m->nissues : 1, sizeof *last);
	size_t nev = 0;
	const tr_event *ev = st ? tr_store_events(st, &nev) : NULL;
	for (size_t k = 0; k < nev; k++) {
		if (!ev[k].issue || ev[k].failure)
			continue;
		size_t i = tr_model_lookup(m, ev[k].issue);
		if (i < m->nissues && (!last[i] || strcmp(ev[k].at, last[i]->at) >= 0))
			last[i] = &ev[k];
	}
	session_export x = { m, gr, tr_session_history(s), st, last };
	tr_export_hooks hooks = { add_issue_keys, add_top_keys, &x };
	int rc = tr_export_write(m, &hooks, out);
	tr_graph_free(gr);
	free(last);
	free(resolved);
	free(state);
	return rc;
}
