#include "config.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "triage/export.h"
#include "triage/graph.h"
#include "triage/session.h"
#include "triage/text.h"

/* jansson rejects invalid UTF-8 in json_string(); the model holds fixed-up
 * text, but a NULL is still possible for absent fields. */
static json_t *str_or_null(const char *s)
{
	if (!s)
		return json_null();
	json_t *j = json_string(s);
	return j ? j : json_string("\xEF\xBF\xBD");
}

/* "report.md:17", the place a field or a failure was read: written for
 * every source of every issue, where snprintf's reading of its format
 * cost a sixth of an export. */
static json_t *source_string(const char *path, unsigned line)
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
	s[n] = '\0';
	json_t *j = str_or_null(s);
	if (s != small)
		free(s);
	return j;
}

static json_t *strv_array(const tr_strv *sv)
{
	json_t *a = json_array();
	for (size_t i = 0; i < sv->n; i++)
		json_array_append_new(a, str_or_null(sv->v[i]));
	return a;
}

static json_t *count_or_null(long n)
{
	return n < 0 ? json_null() : json_integer(n);
}

/* Builders fill `o` when given one (the streaming writer reuses one object
 * per section, so its keys are allocated once, not once per element) and
 * return a new reference either way. */
static json_t *export_issue(const tr_model *m, size_t issue, json_t *o)
{
	const tr_issue *is = &m->issues[issue];
	o = o ? json_incref(o) : json_object();
	json_object_set_new(o, "id", json_string(is->id));
	json_object_set_new(o, "named", json_boolean(is->named));
	json_object_set_new(o, "title", str_or_null(is->title));
	json_object_set_new(o, "severity", str_or_null(is->severity));
	json_object_set_new(o, "priority", str_or_null(tr_priority_word(is->priority)));
	json_object_set_new(o, "status", json_string(tr_issue_status_word(is->status)));
	json_object_set_new(o, "status_text", str_or_null(is->status_text));
	json_object_set_new(o, "report", json_string(m->reports[is->report].path));
	json_object_set_new(o, "line", json_integer(is->line));
	json_object_set_new(o, "test_files", strv_array(&is->test_files));
	json_t *tests = json_object();
	json_object_set_new(tests, "failed", count_or_null(is->tests.failed));
	json_object_set_new(tests, "passed", count_or_null(is->tests.passed));
	json_object_set_new(tests, "skipped", count_or_null(is->tests.skipped));
	json_object_set_new(o, "tests", tests);
	json_object_set_new(o, "findings", strv_array(&is->findings));
	json_object_set_new(o, "impact", strv_array(&is->impact));
	json_t *failures = json_array();
	for (size_t f = 0; f < is->nfailures; f++) {
		const tr_failure *fl = &is->failures[f];
		json_t *fo = json_object();
		json_object_set_new(fo, "signature", str_or_null(fl->signature));
		json_object_set_new(fo, "text", str_or_null(fl->text));
		json_object_set_new(fo, "report", json_string(m->reports[fl->report].path));
		json_object_set_new(fo, "line", json_integer(fl->line));
		json_object_set_new(fo, "source", source_string(m->reports[fl->report].path, fl->line));
		json_array_append_new(failures, fo);
	}
	json_object_set_new(o, "failures", failures);
	/* Where each field was read, so a doubtful fact can be checked. */
	json_t *sources = json_object();
	for (int f = 0; f < TR_SOURCE_COUNT; f++) {
		const tr_source *src = &is->sources[f];
		json_object_set_new(sources, tr_source_word((tr_source_field)f),
		                    src->line && src->report < m->nreports
		                            ? source_string(m->reports[src->report].path, src->line)
		                            : json_null());
	}
	json_object_set_new(o, "sources", sources);
	/* An issue several reports define: what each of them says of it. */
	if (is->nmentions) {
		json_t *in = json_array();
		for (size_t k = 0; k < is->nmentions; k++) {
			const tr_mention *mn = &is->mentions[k];
			json_t *mo = json_object();
			const char *path = mn->report < m->nreports ? m->reports[mn->report].path : NULL;
			json_object_set_new(mo, "report", str_or_null(path));
			json_object_set_new(mo, "line", json_integer(mn->line));
			json_object_set_new(mo, "title", str_or_null(mn->title));
			json_object_set_new(mo, "priority", str_or_null(tr_priority_word(mn->priority)));
			json_object_set_new(mo, "status", json_string(tr_issue_status_word(mn->status)));
			json_object_set_new(mo, "status_text", str_or_null(mn->status_text));
			json_t *t = json_object();
			json_object_set_new(t, "failed", count_or_null(mn->tests.failed));
			json_object_set_new(t, "passed", count_or_null(mn->tests.passed));
			json_object_set_new(t, "skipped", count_or_null(mn->tests.skipped));
			json_object_set_new(mo, "tests", t);
			json_array_append_new(in, mo);
		}
		json_object_set_new(o, "in_reports", in);
	} else {
		json_object_del(o, "in_reports");   /* the object may be reused */
	}
	json_object_set_new(o, "plan_phase", str_or_null(is->plan_phase));
	json_object_set_new(o, "plan_step", is->plan_step ? json_integer(is->plan_step) : json_null());
	json_object_set_new(o, "plan_done", json_boolean(is->plan_done));
	return o;
}

static json_t *issue_ids(const tr_model *m, const size_t *idx, size_t n)
{
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, json_string(m->issues[idx[i]].id));
	return a;
}

json_t *tr_export_issue(const tr_model *m, size_t issue)
{
	return export_issue(m, issue, NULL);
}

static json_t *export_report(const tr_model *m, size_t r, json_t *o)
{
	const tr_report *rp = &m->reports[r];
	o = o ? json_incref(o) : json_object();
	json_object_set_new(o, "path", str_or_null(rp->path));
	json_object_set_new(o, "title", str_or_null(rp->title));
	json_object_set_new(o, "executed_at", str_or_null(rp->executed_at));
	json_object_set_new(o, "encoding", str_or_null(rp->encoding));
	json_object_set_new(o, "scope", strv_array(&rp->scope));
	json_object_set_new(o, "notes", strv_array(&rp->notes));
	json_object_set_new(o, "issues", json_integer((json_int_t)rp->nissues));
	return o;
}

static json_t *export_edge(const tr_model *m, size_t e, json_t *o)
{
	const tr_edge *ed = &m->edges[e];
	o = o ? json_incref(o) : json_object();
	json_object_set_new(o, "from", json_string(m->issues[ed->from].id));
	json_object_set_new(o, "to", json_string(m->issues[ed->to].id));
	json_object_set_new(o, "kind", json_string(tr_edge_kind_word(ed->kind)));
	json_object_set_new(o, "source", source_string(m->reports[ed->report].path, ed->line));
	return o;
}

static json_t *export_group(const tr_model *m, size_t g, json_t *o)
{
	const tr_failure_group *gr = &m->groups[g];
	o = o ? json_incref(o) : json_object();
	json_object_set_new(o, "signature", str_or_null(gr->signature));
	json_object_set_new(o, "count", json_integer((json_int_t)gr->count));
	json_object_set_new(o, "issues", issue_ids(m, gr->issues, gr->nissues));
	return o;
}

static json_t *export_cycle(const tr_model *m, size_t c, json_t *unused)
{
	(void)unused;
	return issue_ids(m, m->cycles[c].issues, m->cycles[c].n);
}

/* The top-level arrays, in the order they are written. */
static const struct section {
	const char *key;
	json_t *(*make)(const tr_model *, size_t, json_t *into);
	size_t (*count)(const tr_model *);
	bool object;            /* elements are objects, so one can be reused */
} sections[];

static size_t count_reports(const tr_model *m) { return m->nreports; }
static size_t count_issues(const tr_model *m) { return m->nissues; }
static size_t count_edges(const tr_model *m) { return m->nedges; }
static size_t count_groups(const tr_model *m) { return m->ngroups; }
static size_t count_cycles(const tr_model *m) { return m->ncycles; }

static const struct section sections[] = {
	{ "reports", export_report, count_reports, true },
	{ "issues", export_issue, count_issues, true },
	{ "edges", export_edge, count_edges, true },
	{ "failure_groups", export_group, count_groups, true },
	{ "cycles", export_cycle, count_cycles, false },
};
#define NSECTIONS (sizeof sections / sizeof *sections)

json_t *tr_export_model(const tr_model *m)
{
	json_t *root = json_object();
	for (size_t s = 0; s < NSECTIONS; s++) {
		json_t *a = json_array();
		size_t n = sections[s].count(m);
		for (size_t i = 0; i < n; i++)
			json_array_append_new(a, sections[s].make(m, i, NULL));
		json_object_set_new(root, sections[s].key, a);
	}
	return root;
}

static bool needs_escape(uint32_t cp)
{
	return (cp >= 0x80 && cp < 0xA0) || (cp >= 0x202A && cp <= 0x202E) ||
	       (cp >= 0x2066 && cp <= 0x2069) || cp == 0x2028 || cp == 0x2029;
}

/* The JSON text is written here rather than by json_dumpb(): jansson's dump
 * formats every container's address for its loop check and hands each run
 * of a string to a callback, which made it most of an export's time.  The
 * layout is jansson's JSON_INDENT(2) to the byte (a unit test compares the
 * two); besides what JSON escapes, C1 controls, bidirectional overrides and
 * the Unicode line separators are written as \uXXXX. */
/* The writer appends many small pieces: tr_buf_add without the call while
 * there is room. */
static inline void out(tr_buf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap)
		tr_grow((void **)&b->data, &b->cap, b->len + n + 1, 1);
	memcpy(b->data + b->len, s, n);
	b->len += n;
	b->data[b->len] = '\0';
}

static inline void out1(tr_buf *b, char c)
{
	out(b, &c, 1);
}

#define OUTS(b, lit) out(b, lit, sizeof lit - 1)

static void add_spaces(tr_buf *b, size_t n)
{
	static const char spaces[] = "                                ";
	out1(b, '\n');
	for (; n > sizeof spaces - 1; n -= sizeof spaces - 1)
		out(b, spaces, sizeof spaces - 1);
	out(b, spaces, n);
}

static void add_escape(tr_buf *b, uint32_t cp)
{
	static const char hex[] = "0123456789ABCDEF";
	char e[6] = { '\\', 'u', hex[cp >> 12 & 15], hex[cp >> 8 & 15], hex[cp >> 4 & 15], hex[cp & 15] };
	out(b, e, sizeof e);
}

/* The ASCII bytes a JSON string holds as they are: nearly all of an
 * export's text, so they are skipped by table rather than by tests. */
static const bool plain_ascii[256] = {
	/* all but '"' (0x22) and '\\' (0x5C) */
	[0x20 ... 0x21] = true, [0x23 ... 0x5B] = true, [0x5D ... 0x7F] = true,
};

static void add_string(tr_buf *b, const char *s, size_t n)
{
	out1(b, '"');
	size_t i = 0, run = 0;
	while (i < n) {
		while (i < n && plain_ascii[(unsigned char)s[i]])
			i++;
		if (i >= n)
			break;
		unsigned char c = (unsigned char)s[i];
		size_t len = 1;
		uint32_t cp = c;
		bool invalid = false;
		if (c >= 0x80) {
			len = tr_utf8_decode(s + i, n - i, &cp);
			invalid = cp == TR_REPLACEMENT && len == 1;
			if (!invalid && !needs_escape(cp)) {
				i += len;
				continue;
			}
		}
		out(b, s + run, i - run);
		const char *short_form = c == '"' ? "\\\"" : c == '\\' ? "\\\\" :
		                         c == '\b' ? "\\b" : c == '\f' ? "\\f" :
		                         c == '\n' ? "\\n" : c == '\r' ? "\\r" :
		                         c == '\t' ? "\\t" : NULL;
		if (invalid)
			OUTS(b, "\xEF\xBF\xBD");      /* jansson refuses such strings */
		else if (short_form)
			out(b, short_form, 2);
		else
			add_escape(b, cp);
		i += len;
		run = i;
	}
	out(b, s + run, n - run);
	out1(b, '"');
}

/* Appends value v whose first line is already placed; `indent` is the
 * indentation of the line it starts on. */
static bool add_json_value(tr_buf *b, json_t *v, size_t indent)
{
	switch (json_typeof(v)) {
	case JSON_OBJECT: {
		void *it = json_object_iter(v);
		if (!it) {
			OUTS(b, "{}");
			return true;
		}
		out1(b, '{');
		bool good = true;
		for (; it; it = json_object_iter_next(v, it)) {
			add_spaces(b, indent + 2);
			const char *key = json_object_iter_key(it);
			add_string(b, key, strlen(key));
			out(b, ": ", 2);
			good &= add_json_value(b, json_object_iter_value(it), indent + 2);
			if (json_object_iter_next(v, it))
				out1(b, ',');
		}
		add_spaces(b, indent);
		out1(b, '}');
		return good;
	}
	case JSON_ARRAY: {
		size_t n = json_array_size(v);
		if (n == 0) {
			OUTS(b, "[]");
			return true;
		}
		out1(b, '[');
		bool good = true;
		for (size_t i = 0; i < n; i++) {
			add_spaces(b, indent + 2);
			good &= add_json_value(b, json_array_get(v, i), indent + 2);
			if (i + 1 < n)
				out1(b, ',');
		}
		add_spaces(b, indent);
		out1(b, ']');
		return good;
	}
	case JSON_STRING:
		add_string(b, json_string_value(v), json_string_length(v));
		return true;
	case JSON_INTEGER: {
		char num[32];
		int n = snprintf(num, sizeof num, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
		out(b, num, (size_t)n);
		return true;
	}
	case JSON_REAL: {
		/* jansson's own digits; a number has nothing to escape */
		char num[64];
		size_t n = json_dumpb(v, num, sizeof num, JSON_ENCODE_ANY);
		if (n == 0 || n > sizeof num)
			return false;
		out(b, num, n);
		return true;
	}
	case JSON_TRUE:
		OUTS(b, "true");
		return true;
	case JSON_FALSE:
		OUTS(b, "false");
		return true;
	case JSON_NULL:
		OUTS(b, "null");
		return true;
	}
	return false;
}

char *tr_export_dumps(json_t *root)
{
	tr_buf b = TR_BUF_INIT;
	if (!root || !add_json_value(&b, root, 0)) {
		tr_buf_free(&b);
		return NULL;
	}
	tr_buf_addc(&b, '\n');
	return tr_buf_detach(&b);
}

int tr_export_dump(json_t *root, FILE *out)
{
	char *s = tr_export_dumps(root);
	if (!s)
		return -1;
	int rc = fputs(s, out) < 0 || fflush(out) != 0 ? -1 : 0;
	free(s);
	return rc;
}

/* Streaming keeps one element in memory at a time: a 20,000-issue model
 * built whole as jansson objects takes several times the model itself. */
typedef struct writer {
	tr_buf buf;
	FILE *out;
	bool failed;
} writer;

static void writer_flush(writer *w, bool force)
{
	if (!force && w->buf.len < 1 << 16)
		return;
	if (w->buf.len && fwrite(w->buf.data, 1, w->buf.len, w->out) != w->buf.len)
		w->failed = true;
	tr_buf_reset(&w->buf);
}

static void write_key(writer *w, const char *key, bool first)
{
	tr_buf_adds(&w->buf, first ? "\n  " : ",\n  ");
	add_string(&w->buf, key, strlen(key));
	tr_buf_adds(&w->buf, ": ");
}

int tr_export_write(const tr_model *m, const tr_export_hooks *hooks, FILE *out)
{
	writer w = { TR_BUF_INIT, out, false };
	tr_buf_addc(&w.buf, '{');
	for (size_t s = 0; s < NSECTIONS; s++) {
		write_key(&w, sections[s].key, s == 0);
		size_t n = sections[s].count(m);
		if (n == 0) {
			tr_buf_adds(&w.buf, "[]");
			continue;
		}
		tr_buf_adds(&w.buf, "[\n");
		json_t *reuse = sections[s].object ? json_object() : NULL;
		for (size_t i = 0; i < n; i++) {
			json_t *v = sections[s].make(m, i, reuse);
			if (hooks && hooks->issue && sections[s].make == export_issue)
				hooks->issue(hooks->ctx, i, v);
			tr_buf_adds(&w.buf, "    ");
			w.failed |= !add_json_value(&w.buf, v, 4);
			json_decref(v);
			tr_buf_adds(&w.buf, i + 1 < n ? ",\n" : "\n");
			writer_flush(&w, false);
		}
		json_decref(reuse);
		tr_buf_adds(&w.buf, "  ]");
	}
	if (hooks && hooks->top) {
		json_t *extra = json_object();
		hooks->top(hooks->ctx, extra);
		const char *key;
		json_t *v;
		json_object_foreach(extra, key, v) {
			write_key(&w, key, false);
			w.failed |= !add_json_value(&w.buf, v, 2);
		}
		json_decref(extra);
	}
	tr_buf_adds(&w.buf, "\n}\n");
	writer_flush(&w, true);
	tr_buf_free(&w.buf);
	if (fflush(out) != 0)
		w.failed = true;
	return w.failed ? -1 : 0;
}

/* ---- the whole export: the model with the analysis and the history ----- */

/* jansson takes UTF-8 only: invalid bytes become U+FFFD. */
static json_t *json_text(const char *s)
{
	char *fixed = tr_utf8_fix(s, strlen(s));
	json_t *j = json_stringn(fixed, strlen(fixed));
	free(fixed);
	return j ? j : json_string("\xEF\xBF\xBD");
}

json_t *tr_export_commits(const tr_history *h, size_t issue)
{
	json_t *a = json_array();
	const tr_commit_link *v;
	size_t n = tr_history_issue(h, issue, &v);
	for (size_t i = 0; i < n; i++) {
		const tr_commit *c = v[i].commit;
		char when[32];
		tr_history_format_time(when, c->time, c->tz, false);
		json_t *o = json_object();
		json_object_set_new(o, "id", json_string(c->id));
		json_object_set_new(o, "summary", json_text(c->summary));
		json_object_set_new(o, "author", json_text(c->author));
		json_object_set_new(o, "time", json_string(when));
		json_object_set_new(o, "link", json_string(tr_link_kind_word(v[i].kind)));
		json_array_append_new(a, o);
	}
	return a;
}

static json_t *id_array(const tr_model *m, const size_t *v, size_t n)
{
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, json_string(m->issues[v[i]].id));
	return a;
}

typedef struct session_export {
	const tr_model *m;
	const tr_graph *gr;
	const tr_history *h;
	const tr_store *st;                 /* may be NULL */
	const tr_event **last;              /* per issue: its latest change, or NULL */
} session_export;

static json_t *text_or_null(const char *s)
{
	return s ? json_text(s) : json_null();
}

/* What the team is doing about an issue: the progress file's record and
 * the latest change of it, as the stand-up and `triage status` tell it. */
static json_t *progress_json(const session_export *x, size_t issue, tr_state state)
{
	json_t *o = json_object();
	const tr_progress *p = x->st ? tr_store_get(x->st, x->m->issues[issue].id) : NULL;
	json_object_set_new(o, "state", json_string(tr_state_word(state)));
	json_object_set_new(o, "owner", text_or_null(p ? p->owner : NULL));
	json_t *notes = json_array();
	for (size_t k = 0; p && k < p->nnotes; k++) {
		json_t *n = json_object();
		json_object_set_new(n, "by", text_or_null(p->notes[k].by));
		json_object_set_new(n, "at", text_or_null(p->notes[k].at));
		json_object_set_new(n, "text", text_or_null(p->notes[k].text));
		json_array_append_new(notes, n);
	}
	json_object_set_new(o, "notes", notes);
	const tr_event *e = x->last ? x->last[issue] : NULL;
	if (e) {
		json_t *l = json_object();
		json_object_set_new(l, "at", text_or_null(e->at));
		json_object_set_new(l, "by", text_or_null(e->by));
		json_object_set_new(l, "field", text_or_null(e->field));
		json_object_set_new(l, "from", text_or_null(e->from));
		json_object_set_new(l, "to", text_or_null(e->to));
		json_object_set_new(o, "last_change", l);
	} else {
		json_object_set_new(o, "last_change", json_null());
	}
	return o;
}

static void add_issue_keys(void *ctx, size_t issue, json_t *obj)
{
	const session_export *x = ctx;
	const tr_graph_node *nd = &x->gr->nodes[issue];
	json_object_set_new(obj, "waits_on", id_array(x->m, nd->waits_on, nd->nwaits_on));
	json_object_set_new(obj, "unblocks", id_array(x->m, nd->unblocks, nd->nunblocks));
	json_object_set_new(obj, "ready", json_boolean(nd->ready));
	json_object_set_new(obj, "holds_up", json_integer((json_int_t)nd->holds_up));
	json_object_set_new(obj, "commits", tr_export_commits(x->h, issue));
	tr_state st = x->st ? tr_store_state(x->st, x->m->issues[issue].id) : TR_STATE_OPEN;
	json_object_set_new(obj, "progress", progress_json(x, issue, st));
}

static void add_top_keys(void *ctx, json_t *obj)
{
	const session_export *x = ctx;
	json_object_set_new(obj, "critical_path", id_array(x->m, x->gr->critical_path, x->gr->ncritical));
	/* Every stand-up marked (and not withdrawn), oldest first. */
	json_t *marks = json_array();
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
		json_t *o = json_object();
		json_object_set_new(o, "at", text_or_null(ev[k].at));
		json_object_set_new(o, "by", text_or_null(ev[k].by));
		json_array_append_new(marks, o);
	}
	json_object_set_new(obj, "standups", marks);
}

int tr_session_export(const tr_session *s, FILE *out)
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
