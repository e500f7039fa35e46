/* Issue keys as teams write them (#N, GH-N, links to an issue, tracker keys,
 * bracketed ids, short keys, zero-padded keys), the local numbers that are
 * no issues, and the fields read for each issue: title, priority, status
 * and test counts. */
#include "config.h"

#include <string.h>

#include "tap.h"
#include "report_tap.h"
#include "triage/graph.h"
#include "triage/report.h"

/* Like read_text(), but hands the error back for the test to examine. */
static tr_model *read_text_err(const char *text, tr_error *err)
{
	tr_model *m = tr_model_new();
	if (tr_report_load_buffer(m, "inline.md", text, strlen(text), err) < 0) {
		tr_model_free(m);
		return NULL;
	}
	tr_model_finish(m);
	return m;
}

static void key_forms(void)
{
	tr_model *m = load("report-keys.md");
	const tr_issue *a = issue(m, "SRCH-201");
	ok(a && !a->named, "a tracker key in a heading is an issue, kept as written");
	is_str(a ? a->title : NULL, "Cache warmup races on cold start", "its title follows the key");
	ok(issue(m, "SRCH-204") != NULL, "a tracker key before an em dash");
	ok(issue(m, "UTF-8") == NULL && issue(m, "SHA-256") == NULL,
	   "versions and hashes shaped like keys are no issues");
	const tr_issue *b = issue(m, "#41");
	ok(b != NULL, "a link to .../issues/41 under a numbered heading makes it #41's section");
	is_str(b ? b->title : NULL, "Token refresh loop", "the heading's title, not \"2.\" or CRITICAL");
	ok(b && b->status == TR_ISSUE_RESOLVED, "its Closed status is read for #41");
	ok(issue(m, "CACHE-DTYPE-002") != NULL, "a bracketed id, brackets dropped");
	ok(issue(m, "#77") != NULL, "GH-77 leading a list item is #77");
	is_str(issue(m, "#88") ? issue(m, "#88")->title : NULL, "Suggester returns stale terms",
	       "a key leading a list item is an issue with the item's title");
	ok(issue(m, "#90") == NULL, "PR #90 is a pull request");
	ok(issue(m, "#91") == NULL, "a link to .../pull/91 is a pull request");
	ok(issue(m, "#94") == NULL, "a bare URL of .../pull/94 is a pull request too");
	ok(issue(m, "#93") == NULL, "an issue link in passing is a mention");
	ok(issue(m, "C-12") != NULL, "a bracketed id leading a list item");
	ok(issue(m, "#1") == NULL && issue(m, "#3") == NULL && issue(m, "#812") == NULL &&
	   issue(m, "#12") == NULL && issue(m, "#2") == NULL,
	   "WHY #1, attempt #3, Build #812, Entry #12, Failure #2 and #1 priority are local numbers");
	ok(has_edge(m, "SRCH-201", "SRCH-204"), "tracker keys stand in dependency statements");
	const tr_issue *c = issue(m, "003");
	ok(c && !c->named, "a zero-padded key in a table's key column is kept as written");
	ok(issue(m, "#003") == NULL, "and not turned into #003");
	ok(issue(m, "C7") != NULL && issue(m, "C9") != NULL,
	   "short keys in a table's key column and leading a heading");
	tr_model_free(m);

	tr_error err = TR_ERROR_INIT;
	m = read_text_err("# Notes\n\n## Background\n\nThe PROJ-12 ticket came up once.\n\n"
	              "### Fix UTF-8 decoding (#12)\n", &err);
	ok(m && issue(m, "PROJ-12") == NULL, "a tracker key mentioned once in prose is no issue");
	ok(m && issue(m, "#12") != NULL, "while #12 in a heading is");
	tr_model_free(m);
	tr_error_clear(&err);

	char *big = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&big, &n);
	fputs("# Many\n\n## Release blockers:", f);
	for (int k = 1; k <= 80; k++)
		fprintf(f, " #%d", 1000 + k);
	fputs("\n", f);
	fclose(f);
	m = read_text_err(big, &err);
	ok(m && m->nissues == 80, "a heading naming 80 issues gives all 80");
	tr_model_free(m);
	tr_error_clear(&err);
	free(big);

	m = read_text_err("# T\n\n## ACME-7: Broken \xE2\x80\xAE" "build\n", &err);
	ok(m && issue(m, "ACME-7") != NULL, "a key next to a bidi control is read");
	tr_model_free(m);
	tr_error_clear(&err);
}

static void cli_keys(void)
{
	tr_model *m = load("report-keys.md");
	size_t i = tr_model_find_arg(m, "srch-201");
	ok(i != TR_NONE && strcmp(m->issues[i].id, "SRCH-201") == 0,
	   "a tracker key is found from the command line in any case");
	i = tr_model_find_arg(m, "[CACHE-DTYPE-002]");
	ok(i != TR_NONE && strcmp(m->issues[i].id, "CACHE-DTYPE-002") == 0, "with its brackets too");
	i = tr_model_find_arg(m, "GH-41");
	ok(i != TR_NONE && strcmp(m->issues[i].id, "#41") == 0, "GH-41 names #41");
	i = tr_model_find_arg(m, "003");
	ok(i != TR_NONE && strcmp(m->issues[i].id, "003") == 0, "a zero-padded key as written");
	char *slug = tr_slug("Golden\xC2\x9B" "Path\xE2\x80\x8F");
	is_str(slug, "goldenpath", "a slug keeps no C1 or bidi control");
	free(slug);
	tr_model_free(m);
}

static void fields(void)
{
	tr_model *m = load("report-fields.md");
	const tr_issue *a = issue(m, "#501");
	is_str(a ? a->title : NULL, "Ledger totals drift", "the title without the item's number");
	ok(a && a->priority == TR_P0, "P0 of the group heading an issue falls under");
	ok(a && a->tests.failed == 0 && a->tests.passed == 8,
	   "a later run stated as such replaces the first");
	const tr_issue *b = issue(m, "#502");
	ok(b && b->priority == TR_P1, "(P1) after a title, before a status word");
	ok(b && b->status == TR_ISSUE_IN_PROGRESS, "a status told by an emoji and words");
	const tr_issue *c = issue(m, "#503");
	ok(c && c->priority == TR_P3, "the issue's own Priority label wins over its group's P2");
	ok(c && c->tests.failed < 0 && c->tests.passed < 0,
	   "no counts from success criteria or targets (\"0 failures\", \"30+ of 40+\")");
	const tr_issue *d = issue(m, "#504");
	ok(d && d->priority == TR_P0, "P0-critical behind a Risk Level label");
	const tr_issue *e = issue(m, "#505");
	ok(e && e->priority == TR_P2 && e->status == TR_ISSUE_RESOLVED,
	   "priority and status (merged) from table columns");
	const tr_issue *f = issue(m, "#506");
	ok(f && f->status == TR_ISSUE_OPEN, "\"not yet fixed\" is open");
	const tr_issue *g = issue(m, "#507");
	ok(g && g->priority == TR_P1, "a line such as \"P1 High Priority - ...\"");
	tr_model_free(m);

	static const struct { const char *text; tr_issue_status want; } st[] = {
		{ "Closed", TR_ISSUE_RESOLVED }, { "DONE", TR_ISSUE_RESOLVED },
		{ "complete", TR_ISSUE_RESOLVED }, { "\xE2\x9C\x85", TR_ISSUE_RESOLVED },
		{ "WIP", TR_ISSUE_IN_PROGRESS }, { "in-progress", TR_ISSUE_IN_PROGRESS },
		{ "Open", TR_ISSUE_OPEN }, { "unresolved", TR_ISSUE_OPEN },
		{ "SUCCESSFULLY REPRODUCED", TR_ISSUE_REPRODUCED }, { "MAJOR SUCCESS", TR_ISSUE_UNKNOWN },
	};
	for (size_t k = 0; k < sizeof st / sizeof *st; k++)
		is_str(tr_issue_status_word(tr_issue_status_from_text(st[k].text)),
		       tr_issue_status_word(st[k].want), "status of \"%s\"", st[k].text);
	ok(tr_priority_from_text("P4 Medium") == TR_PRIORITY_NONE, "P4 is no priority of ours");
}

static void resolved_in_graph(void)
{
	tr_model *m = load("report-fields.md");
	size_t a = tr_model_lookup(m, "#508"), b = tr_model_lookup(m, "#509");
	if (!ok(a != TR_NONE && b != TR_NONE, "#508 and #509 are read")) {
		tr_model_free(m);
		return;
	}
	bool *resolved = calloc(m->nissues, sizeof *resolved);
	for (size_t i = 0; i < m->nissues; i++)
		resolved[i] = tr_graph_issue_resolved(&m->issues[i], TR_STATE_OPEN);
	tr_graph *g = tr_graph_new(m, resolved);
	ok(g->nodes[a].resolved, "an issue the report calls fixed counts as resolved");
	ok(g->nodes[b].ready, "so what waits on it is ready");
	tr_graph_free(g);
	resolved[a] = tr_graph_issue_resolved(&m->issues[a], TR_STATE_IN_PROGRESS);
	g = tr_graph_new(m, resolved);
	ok(!g->nodes[a].resolved && !g->nodes[b].ready, "unless progress has it in progress");
	tr_graph_free(g);
	free(resolved);
	tr_model_free(m);
}

static void unkeyed(void)
{
	tr_error err = TR_ERROR_INIT;
	tr_model *m = read_text_err("# Failing tests\n\n## Locale handling\n\n"
	                        "```\nCalendar shows short weekday names FAILED\n```\n\n"
	                        "## Offsets\n\n```\nDatePicker keeps the offset FAILED\n```\n", &err);
	ok(m && m->nissues == 2 && m->issues[0].named, "a report that keys nothing gives its items as named issues");
	tr_model_free(m);
	tr_error_clear(&err);
	m = read_text_err("# Setup guide\n\n## Install\n\n```\nmake install\n```\n\n## Usage\n\nRun it.\n",
	              &err);
	ok(m == NULL && err.message && strstr(err.message, "no issues found"),
	   "a guide gives no issues");
	tr_model_free(m);
	tr_error_clear(&err);
	m = read_text_err("# Known failure clusters\n\nWrite-ups of past incidents, kept for reference.\n\n"
	              "- `status`: what each write-up says of its bug\n"
	              "- `priority`: P0-P3, where a write-up states one\n", &err);
	ok(m == NULL && err.message && strstr(err.message, "no issues found"),
	   "a title that speaks of failures over fields set in code (a README) gives none");
	tr_model_free(m);
	tr_error_clear(&err);
	m = read_text_err("# Flaky checkout test\n\n**Status:** failing on main\n\n"
	              "The checkout test times out one run in ten.\n", &err);
	ok(m && m->nissues == 1 && m->issues[0].named,
	   "one whose text states an item's status is that one issue");
	tr_model_free(m);
	tr_error_clear(&err);
}

int main(void)
{
	key_forms();
	cli_keys();
	fields();
	resolved_in_graph();
	unkeyed();
	return done_testing();
}
