/* The seed cluster report, read verbatim (mojibake and all), checked the
 * way an engineer reading it would check it. */
#include "config.h"

#include <string.h>

#include "tap.h"
#include "triage/report.h"

static const tr_issue *issue(const tr_model *m, const char *id)
{
	size_t i = tr_model_lookup(m, id);
	return i == TR_NONE ? NULL : &m->issues[i];
}

static bool has_edge(const tr_model *m, const char *from, const char *to, tr_edge_kind kind,
                     unsigned line)
{
	for (size_t e = 0; e < m->nedges; e++) {
		const tr_edge *ed = &m->edges[e];
		if (strcmp(m->issues[ed->from].id, from) == 0 && strcmp(m->issues[ed->to].id, to) == 0)
			return ed->kind == kind && ed->line == line;
	}
	return false;
}

static const tr_failure_group *group(const tr_model *m, const char *signature)
{
	for (size_t g = 0; g < m->ngroups; g++)
		if (strcmp(m->groups[g].signature, signature) == 0)
			return &m->groups[g];
	return NULL;
}

static bool has_failure(const tr_issue *is, const char *text, unsigned line)
{
	for (size_t f = 0; is && f < is->nfailures; f++)
		if (strcmp(is->failures[f].text, text) == 0)
			return is->failures[f].line == line;
	return false;
}

/* The line of the seed that contains `needle`, counted the way an editor
 * counts. */
static unsigned line_of(const char *text, const char *needle)
{
	const char *at = strstr(text, needle);
	if (!at)
		return 0;
	unsigned line = 1;
	for (const char *p = text; p < at; p++)
		line += *p == '\n';
	return line;
}

struct expect {
	const char *id, *title, *severity;
	tr_priority priority;
	tr_issue_status status;
	const char *status_text;
	long failed, passed, skipped;
	const char *test_file;
	const char *phase;
	int step;
	unsigned line;
};

int main(void)
{
	const char *path = fixture("seed.md");
	size_t len;
	char *text = slurp(path, &len);

	tr_model *m = tr_model_new();
	tr_error err = TR_ERROR_INIT;
	char *paths[] = { (char *)path };
	int rc = tr_report_load_all(m, paths, 1, &err);
	if (!ok(rc == 0, "the seed report loads")) {
		printf("# %s\n", err.message ? err.message : "(no message)");
		tr_error_clear(&err);
		tr_model_free(m);
		free(text);
		return done_testing();
	}

	/* ---- the report -------------------------------------------------- */
	const tr_report *rp = &m->reports[0];
	is_str(rp->title, "HOLISTIC TEST PLAN EXECUTION REPORT: 7-ISSUE CLUSTER VALIDATION",
	       "report title is the first heading");
	is_str(rp->executed_at, "2025-09-11 16:48-16:53", "execution date as written");
	ok(rp->encoding && *rp->encoding, "the encoding that was read is recorded");
	is_int(rp->scope.n, 7, "the scope names 7 issues");
	static const char *const scope[] = { "#305", "#307", "#306", "#292", "#271", "#308", "#316" };
	for (size_t k = 0; k < 7 && k < rp->scope.n; k++)
		is_str(rp->scope.v[k], scope[k], "scope %zu is %s", k + 1, scope[k]);
	is_int(rp->nissues, 8, "the report defines 8 issues");

	/* ---- issues, in the order the report gives them ------------------- */
	is_int(m->nissues, 8, "7 numbered issues and the Golden Path section");
	static const struct expect want[] = {
		{ "#305", "ExecutionTracker Dict/Enum Errors", "P0 CRITICAL", TR_P0, TR_ISSUE_REPRODUCED,
		  "SUCCESSFULLY REPRODUCED", 6, 2, 0, "tests/unit/core/test_execution_tracker_ssot.py",
		  "P0", 1, 26 },
		{ "#307", "API Validation 422 Errors", "P0 CRITICAL", TR_P0,
		  TR_ISSUE_PARTIALLY_REPRODUCED, "PARTIALLY REPRODUCED", 6, -1, 2,
		  "tests/unit/api/test_validation_error_prevention.py", "P1", 6, 61 },
		{ "#306", "Test Discovery Syntax Errors", "HIGH PRIORITY", TR_P1,
		  TR_ISSUE_ROOT_CAUSE_IDENTIFIED, "ROOT CAUSE IDENTIFIED", -1, -1, -1, NULL, "P1", 4, 87 },
		{ "#292", "WebSocket Await Expression Errors", "INFRASTRUCTURE", TR_PRIORITY_NONE,
		  TR_ISSUE_CONFIRMED, "TEST INFRASTRUCTURE ISSUES CONFIRMED", 7, 0, -1,
		  "tests/integration/websocket/test_websocket_await_expression_fixes.py", "P1", 5, 111 },
		{ "#271", "User Isolation Security Validation", "P0 CRITICAL", TR_P0, TR_ISSUE_CONFIRMED,
		  "SECURITY VULNERABILITY CONFIRMED", 7, 0, -1,
		  "tests/unit/golden_path/test_user_context_isolation_comprehensive.py", "P0", 2, 134 },
		{ "#308", "Integration Import Failures", "HIGH PRIORITY", TR_P1, TR_ISSUE_CONFIRMED,
		  "COMPREHENSIVE IMPORT FAILURES CONFIRMED", -1, -1, -1, NULL, "P0", 3, 159 },
		{ "#316", "Integration Import Failures", "HIGH PRIORITY", TR_P1, TR_ISSUE_CONFIRMED,
		  "COMPREHENSIVE IMPORT FAILURES CONFIRMED", -1, -1, -1, NULL, "P2", 7, 159 },
		{ "golden-path", "Golden Path Business Workflow Validation", NULL, TR_PRIORITY_NONE,
		  TR_ISSUE_BLOCKED, "BLOCKED BY INFRASTRUCTURE ISSUES", -1, -1, -1, NULL, NULL, 0, 185 },
	};
	for (size_t k = 0; k < sizeof want / sizeof *want; k++) {
		const struct expect *w = &want[k];
		const tr_issue *is = issue(m, w->id);
		if (!ok(is != NULL, "issue %s is read", w->id))
			continue;
		ok(k < m->nissues && &m->issues[k] == is, "%s comes in report order", w->id);
		is_str(is->title, w->title, "%s title", w->id);
		is_str(is->severity, w->severity, "%s severity as written", w->id);
		is_int(is->priority, w->priority, "%s priority", w->id);
		is_str(tr_issue_status_word(is->status), tr_issue_status_word(w->status), "%s status", w->id);
		is_str(is->status_text, w->status_text, "%s status text keeps the words", w->id);
		is_int(is->tests.failed, w->failed, "%s failed count", w->id);
		is_int(is->tests.passed, w->passed, "%s passed count", w->id);
		is_int(is->tests.skipped, w->skipped, "%s skipped count", w->id);
		is_int(is->test_files.n, w->test_file ? 1 : 0, "%s test files", w->id);
		if (w->test_file && is->test_files.n)
			is_str(is->test_files.v[0], w->test_file, "%s test file path", w->id);
		is_str(is->plan_phase, w->phase, "%s plan phase", w->id);
		is_int(is->plan_step, w->step, "%s plan step", w->id);
		ok(!is->plan_done, "%s is not done", w->id);
		is_int(is->line, w->line, "%s is defined on line %u", w->id, w->line);
		ok(is->report == 0, "%s comes from the seed", w->id);
	}
	const tr_issue *gp = issue(m, "golden-path");
	ok(gp && gp->named, "the Golden Path section is a named issue");
	ok(issue(m, "#305") && !issue(m, "#305")->named, "numbered issues are not named");

	/* ---- findings and impact -------------------------------------------- */
	const tr_issue *i305 = issue(m, "#305"), *i271 = issue(m, "#271"), *i306 = issue(m, "#306");
	if (i305 && i271 && i306) {
		is_int(i305->findings.n, 3, "#305: three findings under Test Results");
		if (i305->findings.n)
			is_str(i305->findings.v[0], "6 failed, 2 passed out of 8 tests",
			       "a finding is the item's plain text");
		is_int(i305->impact.n, 3, "#305: three items under Business Impact Confirmed");
		if (i305->impact.n)
			is_str(i305->impact.v[0],
			       "Agent execution failures: Tests show agents cannot update execution state properly",
			       "impact items lose their markup");
		is_int(i271->impact.n, 4, "#271: Security Implications are impact");
		is_int(i306->impact.n, 3, "#306: Impact Assessment is impact");
		is_int(i306->findings.n, 4, "#306: Root Cause Confirmed items are findings");
	}

	/* ---- failures, with their lines in the file -------------------------- */
	const tr_issue *i307 = issue(m, "#307");
	unsigned subtest = line_of(text, "object has no attribute 'subTest'");
	ok(i307 && i307->nfailures == 1 &&
	   strcmp(i307->failures[0].text,
	          "AttributeError: 'TestAPIValidationErrorPrevention' object has no attribute 'subTest'") == 0,
	   "#307's failure is its error line; the SKIPPED summary is a count, not a failure");
	ok(i307 && i307->nfailures && i307->failures[0].line == subtest && subtest == 68,
	   "#307's failure carries its line in the file (%u)", subtest);
	ok(has_failure(i271, "AttributeError: 'UserExecutionContext' object has no attribute 'set_context_data'", 141) &&
	   has_failure(i271, "AttributeError: 'TestUserContextIsolationComprehensive' object has no attribute 'context_manager'", 142) &&
	   has_failure(i271, "AttributeError: 'UserExecutionEngine' object has no attribute 'set_execution_state'", 143),
	   "#271 has its three AttributeError lines, each with its own line");
	is_int(i271 ? i271->nfailures : 0, 3, "#271 has nothing else");
	is_int(i305 ? i305->nfailures : 0, 3, "#305: its three SSOT VIOLATION blocks are three failures");
	static const struct { unsigned line, lines; const char *last; } ssot[] = {
		{ 33, 3, "Should have only ONE unified ExecutionTracker class." },
		{ 39, 2, "but base factory returns <class 'netra_backend.app.core.execution_tracker.ExecutionTracker'>" },
		{ 44, 3, "'completing', 'failed', 'pending'}" },
	};
	for (size_t k = 0; k < 3 && i305 && k < i305->nfailures; k++) {
		const tr_failure *f = &i305->failures[k];
		size_t lines = 1;
		for (const char *p = f->text; *p; p++)
			lines += *p == '\n';
		size_t tl = strlen(f->text), ll = strlen(ssot[k].last);
		ok(f->line == ssot[k].line && lines == ssot[k].lines &&
		   strncmp(f->text, "SSOT VIOLATION: ", 16) == 0 && tl >= ll &&
		   strcmp(f->text + tl - ll, ssot[k].last) == 0,
		   "#305's block %zu is one failure, whole: line %u, %zu lines", k + 1, f->line, lines);
	}
	ok(i306 && i306->nfailures == 1 && i306->failures[0].line == 94 &&
	   strstr(i306->failures[0].text, "\nINTERNALERROR> File ") != NULL,
	   "the INTERNALERROR> pair is one failure");
	ok(i306 && i306->nfailures == 1 &&
	   strcmp(i306->failures[0].signature,
	          "ModuleNotFoundError: No module named 'netra_backend.app.tools.enhanced_dispatcher'") == 0,
	   "whose signature is the missing module, without the INTERNALERROR> prefix");
	const tr_issue *i308 = issue(m, "#308"), *i316 = issue(m, "#316");
	const char *oserror = "OSError: Multiple exceptions: [Errno 61] Connect call failed ('::1', 5434, 0, 0), "
	                      "[Errno 61] Connect call failed ('127.0.0.1', 5434)";
	ok(has_failure(i316, oserror, 173), "#316 has the OAuth/Redis failures of its own subsection");
	ok(i308 && !has_failure(i308, oserror, 173), "#308 does not");
	is_int(i308 ? i308->nfailures : 0, 3, "#308 shares the three EXPECTED FAILURE lines");
	is_int(i316 ? i316->nfailures : 0, 5, "#316 has those and its two own");
	ok(gp && has_failure(gp, "AttributeError: 'TestGoldenPathBusinessValueProtection' object has no "
	                     "attribute 'golden_path_context'\n'staging_gcp' not found in `markers` "
	                     "configuration option", 192),
	   "the Golden Path section has its blocking error, with the line after it");
	bool chain_as_failure = false;
	for (size_t i = 0; i < m->nissues; i++)
		for (size_t f = 0; f < m->issues[i].nfailures; f++)
			chain_as_failure |= strstr(m->issues[i].failures[f].text, "Import Fixes") != NULL;
	ok(!chain_as_failure, "the dependency map is not a failure");

	/* ---- failure groups -------------------------------------------------- */
	/* Six AttributeErrors, each of another class or attribute: six groups. */
	size_t attributes = 0, shared = 0;
	for (size_t g = 0; g < m->ngroups; g++)
		if (strncmp(m->groups[g].signature, "AttributeError: ", 16) == 0) {
			attributes++;
			shared += m->groups[g].count > 1;
		}
	is_int(attributes, 6, "six different AttributeErrors make six groups");
	is_int(shared, 0, "no two different AttributeErrors share a signature");
	const tr_failure_group *expected = group(m, "EXPECTED FAILURE: WebSocketManager missing methods: "
	                                            "['connect', 'disconnect', 'send_message', "
	                                            "'get_active_connections']");
	ok(expected && expected->nissues == 2, "a failure quoted under a heading of two issues groups them");

	/* ---- dependencies -------------------------------------------------- */
	is_int(m->nedges, 6, "six dependency edges, all from the map");
	unsigned map = line_of(text, "#305 ExecutionTracker SSOT");
	ok(has_edge(m, "#305", "#271", TR_EDGE_CHAIN, map), "#305 -> #271 on line %u", map);
	ok(has_edge(m, "#271", "#292", TR_EDGE_CHAIN, map), "#271 -> #292");
	ok(has_edge(m, "#292", "golden-path", TR_EDGE_CHAIN, map), "#292 -> Golden Path, by name");
	ok(has_edge(m, "#308", "#306", TR_EDGE_CHAIN, map + 1), "#308 -> #306 on the next line");
	ok(has_edge(m, "#306", "#307", TR_EDGE_CHAIN, map + 1), "#306 -> #307");
	ok(has_edge(m, "#307", "#316", TR_EDGE_CHAIN, map + 1), "#307 -> #316");
	is_int(m->ncycles, 0, "the seed has no cycle");

	tr_model_free(m);
	free(text);
	return done_testing();
}
