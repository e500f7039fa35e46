/* Reports in the styles of teams other than the one the reader grew up
 * with: items keyed "Issue 007" without a '#', issues of other
 * repositories, arrow legends that point the other way, statuses given by
 * the section an item sits in, several labels on one line, dependency and
 * status words in other languages, and pass counts written N/M. */
#include "config.h"

#include <string.h>

#include "tap.h"
#include "report_tap.h"
#include "triage/report.h"

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
		"Depends on Issue 011.\n\n"
		"## Issue 015 - Rebalance storms\n\n"
		"Blocked by Issues 007, 011 and 014 (2 days).\n");
	if (ok(m != NULL, "a report keying its items \"Issue 007\" is read")) {
		is_int(m->nissues, 4, "four items, each keyed by its number");
		ok(has_edge(m, "007", "015") && has_edge(m, "011", "015") && has_edge(m, "014", "015"),
		   "\"Blocked by Issues 007, 011 and 014\": a list of bare numbers after the word");
		ok(!issue(m, "#2") && !issue(m, "2"), "an aside's number is none");
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
		"Blocked by Issue 7.  The proxy's own report is #12 upstream.\n");
	if (ok(m != NULL, "a report keying its items \"Issue 7:\" is read")) {
		ok(!issue(m, "#12"), "a number mentioned in prose is no item");
		ok(issue(m, "#7") && issue(m, "#9"), "an unpadded number is the issue #N");
		is_str(issue(m, "#9") ? issue(m, "#9")->title : NULL, "Retry storm after failover",
		       "with its title");
		ok(has_edge(m, "#7", "#9"), "and \"Blocked by Issue 7\" a dependency");
		tr_model_free(m);
	}

	m = read_text(
		"# QA findings\n\n"
		"- **Issue 007** — Quota exhausted on the ingest nodes (P1)\n"
		"- **Issue 008** — Compactor stalls after a restart\n\n"
		"| Issue | Title | Status |\n|---|---|---|\n"
		"| Issue 012 | Replica lag | Open |\n\n"
		"Issue 008 is blocked by Issue 007.\n");
	if (ok(m != NULL, "a report keying list items and rows \"Issue 007\" is read")) {
		const tr_issue *a = issue(m, "007"), *c = issue(m, "012");
		ok(a && issue(m, "008") && c, "a list item's lead and a table's key cell are keys");
		is_str(a ? a->title : NULL, "Quota exhausted on the ingest nodes", "with the title after");
		is_int(a ? a->priority : TR_PRIORITY_NONE, TR_P1, "and the P-level");
		is_int(c ? c->status : TR_ISSUE_UNKNOWN, TR_ISSUE_OPEN, "a row's status is read");
		ok(has_edge(m, "007", "008"), "\"Issue 008 is blocked by Issue 007\"");
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

/* "**Priority:** P1 · **Status:** open": each label has its own value. */
static void two_labels(void)
{
	tr_model *m = read_text(
		"# Nightly sweep\n\n"
		"## #31 Parser drops trailing rows\n\n"
		"**Priority:** P1 · **Status:** open\n\n"
		"## #32 Exporter writes bad dates\n\n"
		"**Status:** fixed | **Priority:** P2\n\n"
		"## #33 Slow shutdown\n\n"
		"Severity: P3; State: in progress\n\n"
		"## #34 Cache warms twice\n\n"
		"Status: blocked, waiting on the vendor\n\n"
		"## #35 Disk fills\n\n"
		"Prio: P0 / State: open\n\n"
		"## #36 Rename the flag\n\n"
		"**Risk Level:** LOW - a one-line change\n\n"
		"## #37 Audit log gaps\n\n"
		"**Risk Level:** P0 Critical\n");
	if (ok(m != NULL, "a report with two labels on a line is read")) {
		const tr_issue *a = issue(m, "#31"), *b = issue(m, "#32"), *c = issue(m, "#33"),
		               *d = issue(m, "#34");
		if (ok(a && b && c && d, "its four issues are read")) {
			is_int(a->priority, TR_P1, "Priority then Status: the priority");
			is_str(a->severity, "P1", "the severity is the priority's value alone");
			is_int(a->status, TR_ISSUE_OPEN, "and the status");
			is_str(a->status_text, "open", "whose text is its own value");
			is_int(b->status, TR_ISSUE_RESOLVED, "Status then Priority: the status");
			is_str(b->status_text, "fixed", "its value ends at the bar");
			is_int(b->priority, TR_P2, "and the priority after the bar");
			is_int(c->priority, TR_P3, "a semicolon parts them too");
			is_int(c->status, TR_ISSUE_IN_PROGRESS, "and the state after it");
			is_str(d->status_text, "blocked, waiting on the vendor",
			       "a comma that no label follows stays in the value");
			const tr_issue *f = issue(m, "#35");
			ok(f && f->priority == TR_P0 && f->status == TR_ISSUE_OPEN,
			   "a slash between spaces parts them too");
			ok(issue(m, "#36") && issue(m, "#36")->priority == TR_PRIORITY_NONE,
			   "a change's risk in words is no priority");
			ok(issue(m, "#37") && issue(m, "#37")->priority == TR_P0,
			   "a P-level given as the risk level is");
		}
		tr_model_free(m);
	}
}

/* "## Resolved", "### Done", "## Open issues": the section an issue sits
 * in gives its status when the issue states none of its own. */
static void section_status(void)
{
	tr_model *m = read_text(
		"# Sprint board\n\n"
		"## Open issues\n\n"
		"### #21 Parser drops trailing rows\n\n"
		"Seen on every nightly.\n\n"
		"### #22 Exporter writes bad dates\n\n"
		"Status: in progress\n\n"
		"## Resolved\n\n"
		"### #23 Login flakes\n\n"
		"- #25 Cache key collides\n\n"
		"## ✅ Done (2 issues)\n\n"
		"| Issue | Title |\n|---|---|\n| #24 | Old cache key |\n\n"
		"## Notes\n\n"
		"### #26 Metrics lag\n");
	if (ok(m != NULL, "a board sorted into status sections is read")) {
		const tr_issue *a = issue(m, "#21"), *b = issue(m, "#22"), *c = issue(m, "#23"),
		               *d = issue(m, "#24"), *e = issue(m, "#25"), *f = issue(m, "#26");
		if (ok(a && b && c && d && e && f, "its issues are read")) {
			is_int(a->status, TR_ISSUE_OPEN, "an issue under \"Open issues\" is open");
			is_int(b->status, TR_ISSUE_IN_PROGRESS, "its own status wins over the section's");
			is_int(c->status, TR_ISSUE_RESOLVED, "an issue under \"Resolved\" is resolved");
			is_int(e->status, TR_ISSUE_RESOLVED, "so is a list item there");
			is_int(d->status, TR_ISSUE_RESOLVED, "and a row under \"Done (2 issues)\"");
			is_int(f->status, TR_ISSUE_UNKNOWN, "a section of notes says nothing");
		}
		tr_model_free(m);
	}
}

/* Dependencies and statuses in Spanish, German, French and Portuguese. */
static void languages(void)
{
	tr_model *m = read_text(
		"# Informe de errores\n\n"
		"## #41 El exportador falla\n\n"
		"Estado: cerrado\n\n"
		"Bloqueado por #42.\n\n"
		"## #42 El cargador se cuelga\n\n"
		"Estado: abierto\n\n"
		"## #43 Absturz beim Laden\n\n"
		"Status: erledigt\n\n"
		"Blockiert durch #42.\n\n"
		"## #44 Plantage à l'export\n\n"
		"Statut : résolu\n\n"
		"Bloqué par #43.\n\n"
		"## #45 Falha no login\n\n"
		"Situação: em andamento · Prioridade: P1\n\n"
		"Depende de #44.\n\n"
		"## #46 Fehler beim Speichern\n\n"
		"Status: nicht behoben\n\n"
		"#46 hängt nicht an #45; #45 bloquea #46.\n");
	if (ok(m != NULL, "a report in four languages is read")) {
		ok(has_edge(m, "#42", "#41"), "\"Bloqueado por #42\"");
		ok(has_edge(m, "#42", "#43"), "\"Blockiert durch #42\"");
		ok(has_edge(m, "#43", "#44"), "\"Bloqué par #43\"");
		ok(has_edge(m, "#44", "#45"), "\"Depende de #44\"");
		ok(has_edge(m, "#45", "#46"), "\"#45 bloquea #46\"");
		const tr_issue *a = issue(m, "#41"), *b = issue(m, "#42"), *c = issue(m, "#43"),
		               *d = issue(m, "#44"), *e = issue(m, "#45"), *f = issue(m, "#46");
		if (ok(a && b && c && d && e && f, "its issues are read")) {
			is_int(a->status, TR_ISSUE_RESOLVED, "cerrado is resolved");
			is_int(b->status, TR_ISSUE_OPEN, "abierto is open");
			is_int(c->status, TR_ISSUE_RESOLVED, "erledigt is resolved");
			is_int(d->status, TR_ISSUE_RESOLVED, "résolu is resolved");
			is_int(e->status, TR_ISSUE_IN_PROGRESS, "Situação: em andamento is in progress");
			is_int(e->priority, TR_P1, "Prioridade: P1 is its priority");
			is_int(f->status, TR_ISSUE_OPEN, "nicht behoben is open");
		}
		tr_model_free(m);
	}
}

/* A legend may say an arrow points to the prerequisite, or draw the arrow
 * the other way: the edges follow the legend. */
static void legends(void)
{
	tr_model *m = read_text(
		"# Dependency map\n\n"
		"Legend: A ← B means B blocks A\n\n"
		"- #3 ← #2\n"
		"- #5 ← #3, #4\n");
	if (ok(m != NULL, "a map drawn with left arrows is read")) {
		ok(has_edge(m, "#2", "#3") && has_edge(m, "#3", "#5") && has_edge(m, "#4", "#5"),
		   "\"A ← B means B blocks A\": B is the prerequisite");
		ok(!has_edge(m, "#3", "#2") && !has_edge(m, "#5", "#3"), "and never the other way");
		tr_model_free(m);
	}

	m = read_text(
		"# Work graph\n\n"
		"## Graph\n\n"
		"Arrows: → means \"is blocked by\"\n\n"
		"- #13 → #12\n"
		"- #14 → #13\n\n"
		"## Merges\n\n"
		"- #20 → #21\n");
	if (ok(m != NULL, "a map whose arrow means \"is blocked by\" is read")) {
		ok(has_edge(m, "#12", "#13") && has_edge(m, "#13", "#14"),
		   "the arrow points from the dependent to its prerequisite");
		ok(!has_edge(m, "#13", "#12"), "not the other way");
		ok(!has_edge(m, "#20", "#21") && !has_edge(m, "#21", "#20"),
		   "the legend holds in its section only");
		tr_model_free(m);
	}

	m = read_text(
		"# Dependency graph\n\n"
		"A → B: A depends on B\n\n"
		"#33 → #32\n");
	if (ok(m != NULL, "a legend naming both ends is read")) {
		ok(has_edge(m, "#32", "#33") && !has_edge(m, "#33", "#32"), "\"A → B: A depends on B\"");
		tr_model_free(m);
	}

	m = read_text(
		"# Work graph\n\n"
		"## Order\n\n"
		"Arrows point from the dependent issue to its prerequisite.\n\n"
		"- #71 → #70\n\n"
		"## Flow\n\n"
		"Arrows point from the blocker to the blocked issue.\n\n"
		"- #80 → #81\n");
	if (ok(m != NULL, "a legend in words is read")) {
		ok(has_edge(m, "#70", "#71") && !has_edge(m, "#71", "#70"),
		   "\"arrows point from the dependent to its prerequisite\"");
		ok(has_edge(m, "#80", "#81") && !has_edge(m, "#81", "#80"),
		   "\"from the blocker to the blocked issue\"");
		tr_model_free(m);
	}

	m = read_text(
		"# Release plan\n\n"
		"## Dependency chains\n\n"
		"- #43 ← #42 ← #41\n");
	if (ok(m != NULL, "a dependency map with left arrows and no legend is read")) {
		ok(has_edge(m, "#41", "#42") && has_edge(m, "#42", "#43"),
		   "a left arrow points to the dependent");
		tr_model_free(m);
	}
}

static bool tests_are(const tr_issue *is, long failed, long passed, long skipped)
{
	return is && is->tests.failed == failed && is->tests.passed == passed &&
	       is->tests.skipped == skipped;
}

/* A total fills the one count a report leaves out, but what is neither
 * failed nor passed is not known to be skipped: errors, deselected or not
 * run.  Only "none skipped" follows. */
static void totals(void)
{
	tr_model *m = read_text(
		"# Test status\n\n"
		"## #61 Parser drops rows\n\n"
		"- 3 failed, 5 passed (out of 39 total tests)\n\n"
		"## #62 Exporter writes bad dates\n\n"
		"- 6 failed, 2 passed, 8 total\n\n"
		"## #63 Loader retries forever\n\n"
		"- 6 failed, 0 skipped (out of 8 tests)\n\n");
	ok(tests_are(issue(m, "#61"), 3, 5, -1), "39 tests of which 3 failed and 5 passed: how many skipped is not said");
	ok(tests_are(issue(m, "#62"), 6, 2, 0), "8 tests, 6 failed and 2 passed: none skipped");
	ok(tests_are(issue(m, "#63"), 6, 2, 0), "8 tests, 6 failed and none skipped: 2 passed");
	tr_model_free(m);
}

/* "104/113 tests passing" is the issue's count only where the sentence
 * states that issue's result: in its own section, not as a target, not for
 * a test file's run in a subsection, not for an area a label names. */
static void ratios(void)
{
	tr_model *m = read_text(
		"# Test status\n\n"
		"## #51 Parser drops rows\n\n"
		"104/113 tests passing after the fix.\n\n"
		"## #52 Exporter writes bad dates\n\n"
		"Target: 40/40 tests passing.\n\n"
		"## #53 Loader retries forever\n\n"
		"**Result:** 92% success rate (47/51 tests), exceeding the 90% target\n\n"
		"## #54 Cache warms twice\n\n"
		"### Unit tests\n\n"
		"**File:** `tests/test_cache.py`\n\n"
		"**Result:** 7/7 tests PASSED in 0.4s\n\n"
		"## #55 Decorators crash\n\n"
		"- **CLI patterns:** 5/5 CLI tests passing\n"
		"- 6/7 decorators working\n\n"
		"## #56 Flaky upload\n\n"
		"3/10 tests failing since the upgrade.\n\n"
		"## #58 CI job flakes\n\n"
		"- The job fails in CI\n"
		"- Tests pass locally (58/58 passing)\n\n"
		"## #57 Session leak\n\n"
		"### Success criteria\n\n"
		"- 30/30 tests passing\n");
	if (ok(m != NULL, "a report stating counts as N/M is read")) {
		ok(tests_are(issue(m, "#51"), -1, 104, -1), "\"104/113 tests passing\": 104 passed");
		ok(tests_are(issue(m, "#52"), -1, -1, -1), "a target is no count");
		ok(tests_are(issue(m, "#53"), -1, 47, -1),
		   "\"success rate (47/51 tests)\" is the issue's result, a target it exceeds no goal");
		ok(tests_are(issue(m, "#54"), -1, -1, -1),
		   "a test file's run in a subsection is not the issue's count");
		ok(tests_are(issue(m, "#55"), -1, -1, -1),
		   "nor an area a label names, nor decorators working");
		ok(tests_are(issue(m, "#56"), 3, -1, -1), "\"3/10 tests failing\": 3 failed");
		ok(tests_are(issue(m, "#57"), -1, -1, -1), "success criteria are no count");
		ok(tests_are(issue(m, "#58"), -1, -1, -1),
		   "a count in parentheses backs the sentence before it, not the issue");
		tr_model_free(m);
	}
}

/* "owner/repo#N" is an issue of another repository: never this report's
 * "#N"; an issue of the report where it is an item or in a dependency
 * statement, kept as written; a mention otherwise. */
static void other_repositories(void)
{
	tr_model *m = read_text(
		"# Sync cluster\n\n"
		"## #10 Cache eviction loses entries\n\n"
		"Priority: P1.  Reported upstream as acme/widgets#44.\n\n"
		"Depends on acme/core#12.\n\n"
		"## acme/widgets#45 Vendor client leaks sockets\n\n"
		"Status: open\n\n"
		"## #11 Loader retries forever\n\n"
		"Blocked by #10 and acme/widgets#45.\n\n"
		"Related: acme/widgets#46, see docs/guide.md#12\n\n"
		"## Upstream\n\n"
		"- acme/core#20 — Pool exhaustion under load\n");
	if (ok(m != NULL, "a report naming issues of other repositories is read")) {
		ok(issue(m, "#10") && issue(m, "#11"), "its own issues are read");
		const tr_issue *v = issue(m, "acme/widgets#45");
		ok(v != NULL, "an item of another repository is keyed owner/repo#N");
		is_str(v ? v->title : NULL, "Vendor client leaks sockets", "with its title");
		ok(issue(m, "acme/core#12") != NULL, "so is one a dependency statement names");
		ok(has_edge(m, "acme/core#12", "#10"), "\"Depends on acme/core#12\" is an edge");
		ok(has_edge(m, "acme/widgets#45", "#11") && has_edge(m, "#10", "#11"),
		   "\"Blocked by #10 and acme/widgets#45\" gives both");
		ok(!issue(m, "acme/widgets#44") && !issue(m, "acme/widgets#46"),
		   "one only mentioned is no issue");
		ok(!issue(m, "#44") && !issue(m, "#45") && !issue(m, "#12") && !issue(m, "#46"),
		   "and no number of another repository is this report's");
		ok(!issue(m, "docs/guide.md#12"), "a file's anchor is no repository");
		const tr_issue *u = issue(m, "acme/core#20");
		is_str(u ? u->title : NULL, "Pool exhaustion under load", "a list item it leads is one");
		ok(tr_model_find_arg(m, "ACME/widgets#45") != TR_NONE,
		   "a command names it as written, in any case");
		tr_model_free(m);
	}
}

/* A drawn map may list an item's dependents under it where its legend says
 * they are its prerequisites: an issue the report says has no blockers gets
 * none from an arrow.  A cycle stated in words stays, for the user to see. */
static void contradictions(void)
{
	tr_model *m = read_text(
		"# Dependencies\n\n"
		"## Graph\n\n"
		"```\n"
		"Legend:\n"
		"  → depends on\n\n"
		"#60 (Tracking)\n"
		"  → #61 (Integration)\n"
		"  → #62 (Special cases)\n\n"
		"#61 (Integration)\n"
		"  → #60 (Tracking)\n"
		"  → #63 (Reporting)\n"
		"```\n\n"
		"- #61 blocks #63: the reports need the integration and it needs them.\n\n"
		"## Analysis\n\n"
		"1. **#60 - Tracking** (0 blockers, a meta-issue)\n"
		"2. **#61 - Integration** (1 blocker)\n"
		"   - Blocked by: #60\n"
		"3. **#62 - Special cases**\n");
	if (ok(m != NULL, "a map that contradicts its lists is read")) {
		ok(has_edge(m, "#60", "#61"), "the stated \"Blocked by: #60\" stands");
		ok(!has_edge(m, "#61", "#60") && !has_edge(m, "#62", "#60"),
		   "no arrow gives a blocker to an issue with 0 blockers");
		ok(has_edge(m, "#63", "#61") && has_edge(m, "#61", "#63"),
		   "a cycle the report states both ways stays");
		tr_model_free(m);
	}
}

/* A worklog that tells each item twice: first in a section of local
 * numbering, then under the same "Issue N: Title" with the issue it was
 * filed as.  The first section is that issue's. */
static void local_aliases(void)
{
	tr_model *m = read_text(
		"# Gardener worklog\n\n"
		"## Issue 1: Event payloads lack a field\n"
		"**Status:** FAILING\n"
		"**Test Results:** 3 failed, 5 passed\n\n"
		"## Issue 2: Isolation tests cannot import (Non-Critical)\n"
		"**Test Results:** 6 failed, 2 passed\n\n"
		"## Issue 3: Docs drift\n"
		"**Status:** open\n\n"
		"## Processing results\n\n"
		"### Issue 1: Event payloads lack a field (P1) ✅ PROCESSED\n"
		"**GitHub Issue:** [#973](https://github.com/o/r/issues/973) - **UPDATED**\n\n"
		"### Issue 2: Isolation tests cannot import (P2) ✅ PROCESSED\n"
		"**GitHub Issue:** [#997](https://github.com/o/r/issues/997) - **NEW ISSUE CREATED**\n");
	if (ok(m != NULL, "a worklog telling its items twice is read")) {
		const tr_issue *a = issue(m, "#973"), *b = issue(m, "#997");
		if (ok(a && b, "the filed issues are read")) {
			is_str(a->title, "Event payloads lack a field", "the title is the item's");
			ok(tests_are(a, 3, 5, -1), "its section's counts are the issue's");
			ok(tests_are(b, 6, 2, -1), "for each item");
			is_str(a->status_text, "FAILING", "and its status");
			is_int(b->priority, TR_P2, "a severity denied (Non-Critical) ranks nothing");
		}
		ok(!issue(m, "#1") && !issue(m, "#2") && !issue(m, "#3"),
		   "no local number becomes an issue");
		tr_model_free(m);
	}
}

/* A statement opening a later sentence of an item is about the item's
 * issue, whatever the sentences before it say. */
static void later_sentences(void)
{
	tr_model *m = read_text(
		"# Cluster: queue stalls\n\n"
		"## Items\n\n"
		"- **#61** \u2014 Workers lose their lease on restart. Priority P1.\n"
		"- **#62** \u2014 The retry queue never drains. Blocked by #61.\n"
		"- **#63** \u2014 Gauges lag by a minute. Depends on #62 and #61!\n"
		"- **#64** \u2014 Dashboards time out. See #61. Unrelated to #63.\n"
		"- Version 2. Requires #64 to close first.\n");
	if (ok(m != NULL, "a list of items with sentences after their titles is read")) {
		ok(has_edge(m, "#61", "#62"), "\"Blocked by #61.\" after a title: #62 waits for #61");
		ok(has_edge(m, "#62", "#63") && has_edge(m, "#61", "#63"),
		   "\"Depends on #62 and #61\": both are #63's prerequisites");
		ok(!has_edge(m, "#61", "#64") && !has_edge(m, "#63", "#64") && !has_edge(m, "#64", "#61"),
		   "a mention in another sentence gives no edge");
		ok(!has_edge(m, "#64", "#61") && !has_edge(m, "#64", "#62") && !has_edge(m, "#64", "#63"),
		   "an item that leads with no issue lends none to its sentences");
		ok(!has_edge(m, "#62", "#61") && !has_edge(m, "#63", "#62"), "never the other way");
		tr_model_free(m);
	}
}

int main(void)
{
	word_keys();
	two_labels();
	section_status();
	languages();
	legends();
	ratios();
	totals();
	other_repositories();
	contradictions();
	local_aliases();
	later_sentences();
	return done_testing();
}
