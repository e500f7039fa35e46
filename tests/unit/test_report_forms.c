/* The other ways reports are written: issue headings and tables, labels
 * with and without bold or emoji, chains and prose dependencies, task-list
 * plans, test counts from prose, pytest, unittest and go test, issue
 * references, and one issue told by two reports. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "tap.h"
#include "report_tap.h"
#include "triage/report.h"

/* The edge from -> to, or NULL. */
static const tr_edge *edge(const tr_model *m, const char *from, const char *to)
{
	for (size_t e = 0; e < m->nedges; e++) {
		const tr_edge *ed = &m->edges[e];
		if (strcmp(m->issues[ed->from].id, from) == 0 && strcmp(m->issues[ed->to].id, to) == 0)
			return ed;
	}
	return NULL;
}

static bool edge_is(const tr_model *m, const char *from, const char *to, tr_edge_kind kind,
                    unsigned line)
{
	const tr_edge *e = edge(m, from, to);
	return e && e->kind == kind && e->line == line;
}

static bool tests_are(const tr_issue *is, long failed, long passed, long skipped)
{
	return is && is->tests.failed == failed && is->tests.passed == passed &&
	       is->tests.skipped == skipped;
}

static void headings(void)
{
	tr_model *m = load("report-headings.md");
	const tr_report *rp = &m->reports[0];
	is_str(rp->executed_at, "2025-10-02", "a Date label without bold is the execution date");
	is_int(rp->scope.n, 3, "the scope takes the issue numbers it names");
	is_int(m->nissues, 3, "three issue headings; the Follow-up section is none");

	const tr_issue *a = issue(m, "#1423"), *b = issue(m, "#1424"), *c = issue(m, "#1425");
	if (ok(a && b && c, "## Issue #N — Title, ## #N: Title and ## Phase N: Title (#N) - SEV")) {
		is_str(a->title, "Cart total drifts after coupon removal", "Issue #N — Title");
		is_str(b->title, "Refund webhook retries exhaust the queue", "#N: Title");
		is_str(c->title, "Tax rounding in multi-currency orders", "Phase N: Title (#N) - SEV");
		is_str(a->severity, "P1", "**Priority:** P1 is the severity as written");
		is_int(a->priority, TR_P1, "and the priority");
		is_int(b->priority, TR_P2, "Priority: P2 without bold");
		is_str(c->severity, "P0 CRITICAL", "the heading's severity wins over a later label");
		is_int(c->priority, TR_P0, "P0 from the heading");
		is_str(tr_issue_status_word(a->status), "reproduced", "Status with an emoji");
		is_str(a->status_text, "Reproduced on staging", "the emoji is not part of the status text");
		is_str(tr_issue_status_word(b->status), "root-cause-identified", "Status without bold");
		is_str(tr_issue_status_word(c->status), "partially-reproduced", "Status with a warning sign");
		is_int(a->test_files.n, 2, "a code span and a bare path are test files; 'manual checks' is not");
		if (a->test_files.n == 2) {
			is_str(a->test_files.v[0], "tests/cart/test_totals.py", "the code span first");
			is_str(a->test_files.v[1], "tests/cart/test_coupons.py", "then the path");
		}
		ok(b->test_files.n == 1 && strcmp(b->test_files.v[0], "services/refunds/webhook_test.go") == 0,
		   "Test file: with one path");
		is_int(a->findings.n, 2, "items under Findings are findings");
		is_int(a->impact.n, 1, "items under Impact are impact");
		is_int(c->impact.n, 1, "items under Risks are impact");
		ok(tests_are(a, 2, 14, 1), "a pytest summary line gives all three counts");
		ok(tests_are(b, 2, 1, 0), "go test: two --- FAIL and one --- PASS line");
		ok(tests_are(c, 3, -1, -1), "'3 of 10 tests fail': failed 3, the rest unknown");
		ok(a->nfailures == 1 && a->failures[0].line == 20, "the pytest summary is no failure");
		ok(b->nfailures == 2, "go test: each --- FAIL line with its message is one failure; not "
		   "PASS or the package line");
		ok(b->nfailures == 2 && strstr(b->failures[0].text, "--- FAIL: TestRefundRetry") ==
		   b->failures[0].text && strchr(b->failures[0].text, '\n'), "the message is part of it");
	}
	tr_model_free(m);
}

static void tables(void)
{
	tr_model *m = load("report-table.md");
	is_str(m->reports[0].executed_at, "2025-11-03 02:10 UTC", "Executed: is the execution date");
	is_int(m->nissues, 3, "three rows with an issue; the owners table lists none");
	const tr_issue *a = issue(m, "#2101"), *b = issue(m, "#2102"), *c = issue(m, "#2103");
	if (ok(a && b && c, "ID / Summary / Sev / State columns")) {
		is_str(a->title, "Index rebuild loses synonyms", "Summary is the title");
		is_int(a->line, 7, "an issue is defined on its row's line");
		is_int(a->priority, TR_P0, "Sev P0");
		is_str(b->severity, "high", "severity as written");
		is_int(b->priority, TR_P1, "high is P1");
		is_str(tr_issue_status_word(c->status), "not-reproduced", "State: not reproduced");
		is_int(a->tests.failed, 12, "a Failed column gives the failed count");
		ok(b->nfailures == 1 && b->line == 8, "a later section adds to the row's issue");
	}
	ok(edge_is(m, "#2101", "#2102", TR_EDGE_TABLE, 8), "a Depends on column: #2101 -> #2102");
	ok(edge_is(m, "#2101", "#2103", TR_EDGE_TABLE, 9) && edge_is(m, "#2102", "#2103", TR_EDGE_TABLE, 9),
	   "a cell naming two issues gives two edges");
	tr_model_free(m);

	m = read_text("| Ticket | Name | Priority | Status |\n|---|---|---|---|\n"
	              "| #1 | First | P2 | blocked |\n| 2 | Second | low | confirmed |\n");
	ok(m && m->nissues == 2 && issue(m, "#1") && issue(m, "#2"),
	   "Ticket / Name columns; a bare number is an issue number");
	ok(m && issue(m, "#2") && issue(m, "#2")->priority == TR_P3, "low is P3");
	tr_model_free(m);
}

static void chains(void)
{
	tr_model *m = load("report-chains.md");
	ok(edge_is(m, "#501", "#502", TR_EDGE_CHAIN, 14), "-> in a code block");
	ok(edge_is(m, "#502", "#503", TR_EDGE_CHAIN, 14), "=> in the same line");
	const tr_issue *i502 = issue(m, "#502");
	ok(i502 && i502->nfailures == 1 && strstr(i502->failures[0].text, "ConnectionError"),
	   "the chain line is not a failure; the error below it is");
	ok(edge_is(m, "#504", "billing-export", TR_EDGE_BLOCKED_BY, 28),
	   "the section's Status says it is blocked by #504; the chain on line 30 says it again");
	const tr_issue *billing = issue(m, "billing-export");
	ok(billing && billing->named && strcmp(billing->title, "Billing Export Pipeline") == 0,
	   "the unnumbered section with a Status is a named issue, renamed by the chain");
	ok(!issue(m, "billing-export-pipeline"), "and its first id is gone");
	ok(!issue(m, "feature-flags-service") && !edge(m, "#503", "feature-flags-service"),
	   "words after an arrow that name no section and end no chain of issues are no node");
	ok(!edge(m, "#504", "feature-flags-service"),
	   "a chain of names that are not all known issues is no chain");
	ok(edge_is(m, "#5010", "#501", TR_EDGE_CHAIN, 35), "#5010 is an issue of its own, not #501");
	ok(!issue(m, "data-pipeline") && !issue(m, "reporting-dashboards"),
	   "arrows between words that name no issue are prose");
	ok(edge_is(m, "#510", "#511", TR_EDGE_BLOCKS, 39), "#A blocks #B");
	ok(edge_is(m, "#510", "#512", TR_EDGE_DEPENDS_ON, 39) &&
	   edge_is(m, "#511", "#512", TR_EDGE_DEPENDS_ON, 39), "#B depends on #A and #C");
	ok(edge_is(m, "#512", "#513", TR_EDGE_BLOCKED_BY, 39), "#B is blocked by #A");
	ok(edge_is(m, "#503", "#504", TR_EDGE_CHAIN, 47), "a chain in a sentence");
	ok(!issue(m, "migration") && !issue(m, "sessions"), "a heading with arrows is no chain");
	ok(!edge(m, "#501", "#5010") && !edge(m, "#501", "#503"), "no edge comes from thin air");
	is_int(m->nedges, 12, "twelve edges in all");
	is_int(m->ncycles, 2, "a two-issue cycle and a self-loop are kept");
	if (m->ncycles == 2) {
		ok(m->cycles[0].n == 2 && strcmp(m->issues[m->cycles[0].issues[0]].id, "#520") == 0,
		   "#520 -> #521 -> #520");
		ok(m->cycles[1].n == 1 && strcmp(m->issues[m->cycles[1].issues[0]].id, "#530") == 0,
		   "#530 -> #530");
	}
	tr_model_free(m);

	m = read_text("## #1: A\n\n**Status:** ok\n\n## #2: B\n\n**Status:** ok\n\n"
	              "## Dependencies\n\n#1 \xE2\x86\x92 #2\n\n- #2 -> #1\n");
	ok(m && edge(m, "#1", "#2") && edge(m, "#2", "#1") && m->ncycles == 1,
	   "a chain in a paragraph and one in a list item");
	tr_model_free(m);
	m = read_text("## #1: A\n\n**Status:** ok\n\n## #2: B\n\n**Status:** ok\n\n"
	              "## Merges\n\n#1 \xE2\x86\x92 #2\n\n- #2 -> #1\n");
	ok(m && m->nedges == 0, "the same arrows under a heading that is no dependency map are no edges");
	tr_model_free(m);
}

/* Labels behind an emoji (on either side of the colon), and each arrow
 * in list items, in a paragraph and in a code block. */
static void labels(void)
{
	tr_model *m = load("report-labels.md");
	const tr_issue *a = issue(m, "#601"), *b = issue(m, "#602"), *c = issue(m, "#603"),
	               *d = issue(m, "#604"), *e = issue(m, "#605");
	if (ok(a && b && c && d && e, "five issue headings")) {
		is_str(a->severity, "P1", "**Priority:** \xF0\x9F\x94\xB4 P1: the emoji is no part of the severity");
		is_int(a->priority, TR_P1, "and the priority is P1");
		is_str(b->severity, "HIGH", "**Priority:** \xE2\x9A\xA0\xEF\xB8\x8F HIGH");
		is_int(b->priority, TR_P1, "HIGH is P1");
		is_int(c->priority, TR_P3, "- **Priority:** with an emoji in a list item");
		is_str(tr_issue_status_word(c->status), "root-cause-identified", "- **Status:** in a list item");
		is_int(d->priority, TR_P0, "the emoji inside the bold label");
		is_str(tr_issue_status_word(d->status), "confirmed", "**\xE2\x9C\x85 Status:** Confirmed");
		is_int(e->priority, TR_P2, "**Priority**: with the colon outside the bold");
		is_str(tr_issue_status_word(e->status), "blocked", "**Status**: with an emoji after it");
		is_str(e->status_text, "Blocked on vendor", "the status text without the emoji");
		is_str(tr_issue_status_word(a->status), "reproduced", "Status after \xF0\x9F\x9A\xA8");
		is_str(tr_issue_status_word(b->status), "not-reproduced", "Status after \xE2\x9D\x8C");
	}
	ok(edge_is(m, "#601", "#602", TR_EDGE_CHAIN, 30), "=> in a list item");
	ok(edge_is(m, "#602", "#603", TR_EDGE_CHAIN, 31), "-> in a list item");
	ok(edge_is(m, "#603", "#604", TR_EDGE_CHAIN, 32), "\xE2\x9F\xB6 in a list item, to an issue named by its title");
	ok(edge_is(m, "#604", "#605", TR_EDGE_CHAIN, 34), "-> in a paragraph");
	ok(edge_is(m, "#605", "fraud-review-board", TR_EDGE_CHAIN, 34),
	   "=> in the same paragraph, to a name of its own");
	ok(edge_is(m, "#603", "#605", TR_EDGE_CHAIN, 37), "\xE2\x86\x92 in a code block between two titles");
	ok(edge_is(m, "#602", "#604", TR_EDGE_CHAIN, 38), "\xE2\x9F\xB6 in a code block");
	is_int(m->nedges, 7, "seven edges in all");
	is_int(m->nissues, 6, "the five issues and the board");
	tr_model_free(m);
}

/* Test files and scope named more than once: each listed once, in the
 * order first named. */
static void repeats(void)
{
	tr_model *m = read_text("# Report\n\n**Scope:** #1, #2, #1\n\n## Issue #1 \xE2\x80\x94 One\n\n"
	                        "**Test Files:** `tests/b.py`, `tests/a.py`\n\n"
	                        "**Test File:** `tests/b.py`\n\n**Test File:** `tests/c.py`, `tests/a.py`\n\n"
	                        "## Issue #2 \xE2\x80\x94 Two\n\n**Test File:** `tests/a.py`\n");
	const tr_issue *a = issue(m, "#1"), *b = issue(m, "#2");
	if (ok(a && b, "two issues")) {
		ok(a->test_files.n == 3 && strcmp(a->test_files.v[0], "tests/b.py") == 0 &&
		           strcmp(a->test_files.v[1], "tests/a.py") == 0 &&
		           strcmp(a->test_files.v[2], "tests/c.py") == 0,
		   "a test file named three times is listed once, in the order first named");
		ok(b->test_files.n == 1, "another issue's test file is its own");
	}
	is_int((int)m->reports[0].scope.n, 2, "an issue named twice in the scope is in it once");
	tr_model_free(m);
}

static void tasks(void)
{
	tr_model *m = load("report-tasks.md");
	const tr_issue *a = issue(m, "#1517"), *b = issue(m, "#1518"), *c = issue(m, "#1519"),
	               *d = issue(m, "#1520");
	if (ok(a && b && c && d, "issues from the table and from the task list")) {
		is_str(a->plan_phase, "P0", "phase from the P-level of the enclosing heading");
		ok(a->plan_done, "- [x] is done");
		ok(!c->plan_done, "- [ ] is not");
		is_int(a->plan_step, 1, "steps in the order of the plan");
		is_int(c->plan_step, 2, "second");
		is_str(b->plan_phase, "Phase 2", "else the heading's phase number");
		is_int(b->plan_step, 3, "an item naming no issue takes no step");
		is_str(d->plan_phase, "Later", "else the heading's text");
		is_str(c->title, "Add a kill switch for background sync",
		       "an issue only the plan names takes its title from the item");
		is_int(c->priority, TR_P0, "and its severity");
		is_str(a->title, "Offline queue replays edits twice", "the table's title is kept");
	}
	tr_model_free(m);
}

static void counts(void)
{
	tr_model *m = load("report-counts.md");
	ok(tests_are(issue(m, "#801"), 1, 7, 2), "pytest: 1 failed, 7 passed, 2 skipped, 1 warning");
	const tr_issue *i801 = issue(m, "#801");
	ok(i801 && i801->nfailures == 1 && strncmp(i801->failures[0].text, "FAILED tests/upload", 19) == 0,
	   "pytest's rules and summary are not failures; the FAILED line is");
	ok(tests_are(issue(m, "#802"), 1, 12, -1), "'12 passed, 1 failed'; a later '3 failed' does not win");
	ok(tests_are(issue(m, "#803"), 1, 1, 1), "go test: FAIL, PASS and SKIP lines counted");
	const tr_issue *i803 = issue(m, "#803");
	ok(i803 && i803->nfailures == 1 && strstr(i803->failures[0].text, "drift 37ms exceeds 10ms"),
	   "go test: the FAIL line and its message are one failure");
	ok(tests_are(issue(m, "#804"), 3, 5, 1), "unittest: failures + errors, skipped, and the rest passed");
	ok(tests_are(issue(m, "#805"), 3, -1, -1), "'~4,200 tests from running' is no count");
	ok(tests_are(issue(m, "#806"), 0, 3, 0), "'3 passed in 0.10s': nothing failed or skipped");
	tr_model_free(m);

	m = read_text("## #7: Seven\n\n**Status:** reproduced\n\n- All 5 login tests passed\n");
	ok(m && tests_are(issue(m, "#7"), 0, 5, -1), "'All 5 … tests passed': none failed");
	tr_model_free(m);
	m = read_text("## #8: Eight\n\n**Status:** reproduced\n\n"
	              "Ran on 2025-09-11, 90% of the suite, 3.42s per test, v2 of the harness.\n");
	ok(m && tests_are(issue(m, "#8"), -1, -1, -1), "dates, percentages and durations are no counts");
	tr_model_free(m);
}

static void references(void)
{
	tr_model *m = read_text("## #305: Short\n\n**Status:** ok\n\n## #3050: Long\n\n**Status:** ok\n\n"
	                        "## abc#306 is not an issue heading\n");
	ok(m && issue(m, "#305") && issue(m, "#3050"), "#3050 is not #305");
	ok(m && !issue(m, "#306"), "abc#306 is no reference");
	tr_model_free(m);

	m = read_text("## Issue #99999999999999999999 \xE2\x80\x94 Huge number\n\n**Status:** confirmed\n");
	ok(m && issue(m, "#99999999999999999999"), "an id too large for any integer is kept as text");
	tr_model_free(m);

	m = read_text("# Cluster\n\n## #10: Parent\n\n**Status:** reproduced\n\n"
	              "### Related: #11\n\nSee also.\n\n### Sub-issue (#12)\n\n**Status:** confirmed\n");
	ok(m && m->nissues == 2 && issue(m, "#10") && issue(m, "#12"),
	   "under an issue, a heading naming another issue is one only with an issue's labels");
	ok(m && issue(m, "#12") && issue(m, "#12")->status == TR_ISSUE_CONFIRMED,
	   "and its labels are its own");
	ok(m && issue(m, "#10") && issue(m, "#10")->status == TR_ISSUE_REPRODUCED,
	   "the parent keeps its own");
	tr_model_free(m);
}

static void merging(void)
{
	tr_model *m = tr_model_new();
	tr_error err = TR_ERROR_INIT;
	/* fixture() reuses one buffer: keep a copy of each path. */
	char path1[4096], path2[4096];
	snprintf(path1, sizeof path1, "%s", fixture("report-merge-1.md"));
	snprintf(path2, sizeof path2, "%s", fixture("report-merge-2.md"));
	char *paths[] = { path1, path2 };
	ok(tr_report_load_all(m, paths, 2, &err) == 0, "two reports load into one model");
	tr_error_clear(&err);
	is_int(m->nreports, 2, "two reports");
	is_int(m->nissues, 3, "an issue in both reports is one issue");
	const tr_issue *a = issue(m, "#901");
	if (ok(a != NULL, "#901 is there")) {
		is_str(a->title, "Webhook signature check rejects valid events", "the first title wins");
		is_str(tr_issue_status_word(a->status), "reproduced", "the first status wins");
		is_int(a->priority, TR_P1, "the second report fills the priority the first left empty");
		ok(tests_are(a, 1, 4, -1), "and the counts");
		is_int(a->nfailures, 2, "failures from both reports");
		ok(a->nfailures == 2 && a->failures[0].report == 0 && a->failures[1].report == 1 &&
		   a->failures[1].line == 11, "each failure keeps its report and line");
		ok(a->report == 0 && a->line == 3, "defined where the first report defines it");
	}
	ok(issue(m, "#903") && issue(m, "#903")->report == 1, "#903 comes from the second report");
	is_int(m->reports[1].nissues, 2, "the second report speaks of two issues");
	ok(edge_is(m, "#901", "#902", TR_EDGE_BLOCKS, 16) && edge(m, "#901", "#903") &&
	   edge(m, "#901", "#903")->report == 1, "edges from both reports, each with its report");

	/* A report that fails leaves nothing behind. */
	size_t issues = m->nissues, reports = m->nreports, edges = m->nedges;
	tr_model *before = m;
	ok(tr_report_load_buffer(m, "notes.md", "# Notes\n\nNothing here.\n", 22, &err) < 0,
	   "a report without issues fails");
	tr_error_clear(&err);
	ok(m == before && m->nissues == issues && m->nreports == reports && m->nedges == edges,
	   "and the model is as it was");
	tr_model_free(m);
}

static void write_text(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	if (f) {
		fputs(text, f);
		fclose(f);
	}
}

/* The reports of a folder are read one after another with room kept from
 * each for the next: nothing the first noted of its issues (a count's
 * total, a P-level heading over them) holds for the next report's. */
static void one_after_another(void)
{
	char dir[4096], a[4200], b[4200];
	tap_tempdir(dir, sizeof dir, "report-forms");
	snprintf(a, sizeof a, "%s/a.md", dir);
	snprintf(b, sizeof b, "%s/b.md", dir);
	write_text(a, "# Cluster\n\n## P0 Critical\n\n### Issue #1 \xE2\x80\x94 First\n\n"
	              "**Status:** confirmed\n\n3 failed, 1 skipped out of 8 tests\n");
	write_text(b, "# Cluster\n\n### Issue #2 \xE2\x80\x94 Second\n\n**Status:** confirmed\n\n"
	              "2 failed, 0 skipped\n");
	tr_model *m = tr_model_new();
	tr_error err = TR_ERROR_INIT;
	char *paths[] = { a, b };
	ok(tr_report_load_all(m, paths, 2, &err) == 0, "two reports read one after another");
	tr_error_clear(&err);
	ok(issue(m, "#1") && issue(m, "#1")->priority == TR_P0 && tests_are(issue(m, "#1"), 3, 4, 1),
	   "the first report's issue has its group's P-level and the count its total leaves");
	ok(issue(m, "#2") && issue(m, "#2")->priority == TR_PRIORITY_NONE &&
	   tests_are(issue(m, "#2"), 2, -1, 0),
	   "the second's has neither: nothing of the first report's issue is left over for it");
	tr_model_free(m);
	remove(a);
	remove(b);
	remove(dir);
}

int main(void)
{
	headings();
	tables();
	chains();
	labels();
	repeats();
	tasks();
	counts();
	references();
	merging();
	one_after_another();
	return done_testing();
}
