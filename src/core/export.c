#include "config.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "triage/export.h"
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

json_t *tr_export_issue(const tr_model *m, size_t issue)
{
	const tr_issue *is = &m->issues[issue];
	json_t *o = json_object();
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
		json_array_append_new(failures, fo);
	}
	json_object_set_new(o, "failures", failures);
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

json_t *tr_export_model(const tr_model *m)
{
	json_t *root = json_object();
	json_t *reports = json_array();
	for (size_t r = 0; r < m->nreports; r++) {
		const tr_report *rp = &m->reports[r];
		json_t *o = json_object();
		json_object_set_new(o, "path", str_or_null(rp->path));
		json_object_set_new(o, "title", str_or_null(rp->title));
		json_object_set_new(o, "executed_at", str_or_null(rp->executed_at));
		json_object_set_new(o, "encoding", str_or_null(rp->encoding));
		json_object_set_new(o, "scope", strv_array(&rp->scope));
		json_object_set_new(o, "issues", json_integer((json_int_t)rp->nissues));
		json_array_append_new(reports, o);
	}
	json_object_set_new(root, "reports", reports);

	json_t *issues = json_array();
	for (size_t i = 0; i < m->nissues; i++)
		json_array_append_new(issues, tr_export_issue(m, i));
	json_object_set_new(root, "issues", issues);

	json_t *edges = json_array();
	for (size_t e = 0; e < m->nedges; e++) {
		const tr_edge *ed = &m->edges[e];
		json_t *o = json_object();
		json_object_set_new(o, "from", json_string(m->issues[ed->from].id));
		json_object_set_new(o, "to", json_string(m->issues[ed->to].id));
		json_object_set_new(o, "kind", json_string(tr_edge_kind_word(ed->kind)));
		char *src = tr_sprintf("%s:%u", m->reports[ed->report].path, ed->line);
		json_object_set_new(o, "source", str_or_null(src));
		free(src);
		json_array_append_new(edges, o);
	}
	json_object_set_new(root, "edges", edges);

	json_t *groups = json_array();
	for (size_t g = 0; g < m->ngroups; g++) {
		const tr_failure_group *gr = &m->groups[g];
		json_t *o = json_object();
		json_object_set_new(o, "signature", str_or_null(gr->signature));
		json_object_set_new(o, "count", json_integer((json_int_t)gr->count));
		json_object_set_new(o, "issues", issue_ids(m, gr->issues, gr->nissues));
		json_array_append_new(groups, o);
	}
	json_object_set_new(root, "failure_groups", groups);

	json_t *cycles = json_array();
	for (size_t c = 0; c < m->ncycles; c++)
		json_array_append_new(cycles, issue_ids(m, m->cycles[c].issues, m->cycles[c].n));
	json_object_set_new(root, "cycles", cycles);
	return root;
}

static bool needs_escape(uint32_t cp)
{
	return (cp >= 0x80 && cp < 0xA0) || (cp >= 0x202A && cp <= 0x202E) ||
	       (cp >= 0x2066 && cp <= 0x2069) || cp == 0x2028 || cp == 0x2029;
}

char *tr_export_dumps(json_t *root)
{
	char *raw = json_dumps(root, JSON_INDENT(2));
	if (!raw)
		return NULL;
	size_t n = strlen(raw), i = 0, run = 0;
	tr_buf b = TR_BUF_INIT;
	while (i < n) {
		uint32_t cp;
		size_t len = tr_utf8_decode(raw + i, n - i, &cp);
		if (needs_escape(cp)) {
			tr_buf_add(&b, raw + run, i - run);
			tr_buf_addf(&b, "\\u%04X", (unsigned)cp);
			run = i + len;
		}
		i += len;
	}
	tr_buf_add(&b, raw + run, n - run);
	tr_buf_addc(&b, '\n');
	free(raw);
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
