/* Reports in the styles of teams other than the one the reader grew up
 * with: items keyed "Issue 007" without a '#', issues of other
 * repositories, arrow legends that point the other way, statuses given by
 * the section an item sits in, several labels on one line, dependency and
 * status words in other languages, and pass counts written N/M. */
#include "config.h"

#include <string.h>

#include "tap.h"
#include "triage/report.h"

static const tr_issue *issue(const tr_model *m, const char *id)
{
	size_t i = tr_model_lookup(m, id);
	return i == TR_NONE ? NULL : &m->issues[i];
}

static bool has_edge(const tr_model *m, const char *from, const char *to)
{
	for (size_t e = 0; e < m->nedges; e++)
		if (strcmp(m->issues[m->edges[e].from].id, from) == 0 &&
		    strcmp(m->issues[m->edges[e].to].id, to) == 0)
			return true;
	return false;
}

/* Reads markdown from a string; returns the model (finished) or NULL. */
static tr_model *read_text(const char *text)
{
	tr_model *m = tr_model_new();
	tr_error err = TR_ERROR_INIT;
	if (tr_report_load_buffer(m, "inline.md", text, strlen(text), &err) < 0) {
		printf("# %s\n", err.message ? err.message : "(no message)");
		tr_error_clear(&err);
		tr_model_free(m);
		return NULL;
	}
	tr_model_finish(m);
	return m;
}

/* "## Issue 007 — Title", "## Issue 12: Title": the word and the number key
 * the item; zero-padded numbers are kept as written, others are "#N". */
static void word_keys(void)
{
	tr_model *m = read_text(
		"# Storage sweep findings\n\n"
		"## Issue 007 — Quota exhausted on the ingest nodes\n\n"
		"Status: open\n\n"
		"The nodes stop taking writes near midnight.\n\n"
		"## Issue 011: Compactor stalls after a restart\n\n"
		"Status: open\n\n"
		"Blocked by Issue 007, whose quota the compactor writes into.\n\n"
		"## Issue 014 - Stale read replicas\n\n"
		"Depends on Issue 011.\n");
	if (ok(m != NULL, "a report keying its items \"Issue 007\" is read")) {
		is_int(m->nissues, 3, "three items, each keyed by its number");
		const tr_issue *a = issue(m, "007"), *b = issue(m, "011"), *c = issue(m, "014");
		if (ok(a && b && c, "zero-padded keys are kept as written")) {
			is_str(a->title, "Quota exhausted on the ingest nodes", "the title follows the dash");
			is_str(b->title, "Compactor stalls after a restart", "or the colon");
			ok(!a->named && !b->named, "they are keys, not names");
		}
		ok(has_edge(m, "007", "011"), "\"Blocked by Issue 007\" is a dependency");
		ok(has_edge(m, "011", "014"), "\"Depends on Issue 011\" too");
		tr_model_free(m);
	}

	m = read_text(
		"# Release blockers\n\n"
		"## Issue 7: Uploads time out behind the proxy\n\n"
		"Status: open\n\n"
		"## Issue 9: Retry storm after failover\n\n"
		"Status: open\n\n"
		"Blocked by Issue 7.\n");
	if (ok(m != NULL, "a report keying its items \"Issue 7:\" is read")) {
		ok(issue(m, "#7") && issue(m, "#9"), "an unpadded number is the issue #N");
		is_str(issue(m, "#9") ? issue(m, "#9")->title : NULL, "Retry storm after failover",
		       "with its title");
		ok(has_edge(m, "#7", "#9"), "and \"Blocked by Issue 7\" a dependency");
		tr_model_free(m);
	}

	/* Where the report keys its issues with '#', "Issue 1" counts its own
	 * sections and the issue is the one each names. */
	m = read_text(
		"# Gardener worklog\n\n"
		"## Issue 1: Event payloads lack a field\n\n"
		"**GitHub Issue:** #973\n\n"
		"## Issue 2: Isolation tests cannot import\n\n"
		"**GitHub Issue:** #997\n");
	if (ok(m != NULL, "a worklog numbering its sections is read")) {
		ok(issue(m, "#973") && issue(m, "#997"), "the issues are those the sections name");
		ok(!issue(m, "#1") && !issue(m, "#2"), "not the sections' own numbers");
		tr_model_free(m);
	}
}

int main(void)
{
	word_keys();
	return done_testing();
}
