#include "config.h"

#include "tap.h"
#include "triage/export.h"

static tr_model *small_model(void)
{
	tr_model *m = tr_model_new();
	size_t r = tr_model_add_report(m, "cluster.md");
	m->reports[r].title = tr_strdup("Cluster \x1b]0;owned\x07 report");
	m->reports[r].executed_at = tr_strdup("2025-09-11 16:48");
	m->reports[r].encoding = tr_strdup("utf-8");
	size_t a = tr_model_intern(m, "#305", false, r, 10);
	size_t b = tr_model_intern(m, "#271", false, r, 30);
	tr_issue *is = &m->issues[a];
	is->title = tr_strdup("ExecutionTracker \xC2\x9B" "31m errors");
	is->severity = tr_strdup("P0 CRITICAL");
	is->priority = TR_P0;
	is->status = TR_ISSUE_REPRODUCED;
	is->status_text = tr_strdup("SUCCESSFULLY REPRODUCED");
	is->tests = (tr_tests){ 6, 2, 0 };
	tr_strv_push(&is->test_files, "tests/unit/test_a.py");
	tr_strv_push(&is->findings, "two trackers");
	tr_issue_add_failure(is, "AttributeError: 'A' object has no attribute 'x'", r, 14);
	tr_issue_add_failure(&m->issues[b], "AttributeError: 'A' object has no attribute 'x'", r, 33);
	is->plan_phase = tr_strdup("P0");
	is->plan_step = 1;
	tr_model_add_edge(m, a, b, TR_EDGE_CHAIN, r, 50);
	tr_model_finish(m);
	return m;
}

int main(void)
{
	tr_model *m = small_model();
	json_t *root = tr_export_model(m);
	ok(json_is_array(json_object_get(root, "reports")), "reports[] is an array");
	json_t *rep = json_array_get(json_object_get(root, "reports"), 0);
	is_str(json_string_value(json_object_get(rep, "path")), "cluster.md", "report path");
	is_str(json_string_value(json_object_get(rep, "executed_at")), "2025-09-11 16:48", "report executed_at");
	is_str(json_string_value(json_object_get(rep, "encoding")), "utf-8", "report encoding");

	json_t *issues = json_object_get(root, "issues");
	is_int(json_array_size(issues), 2, "two issues");
	json_t *i0 = json_array_get(issues, 0);
	is_str(json_string_value(json_object_get(i0, "id")), "#305", "issue id");
	is_str(json_string_value(json_object_get(i0, "severity")), "P0 CRITICAL", "severity as written");
	is_str(json_string_value(json_object_get(i0, "priority")), "P0", "normalised priority");
	is_str(json_string_value(json_object_get(i0, "status")), "reproduced", "normalised status");
	is_str(json_string_value(json_object_get(i0, "status_text")), "SUCCESSFULLY REPRODUCED", "status text");
	json_t *tests = json_object_get(i0, "tests");
	is_int(json_integer_value(json_object_get(tests, "failed")), 6, "tests.failed");
	is_int(json_integer_value(json_object_get(tests, "passed")), 2, "tests.passed");
	is_int(json_integer_value(json_object_get(tests, "skipped")), 0, "tests.skipped");
	is_str(json_string_value(json_array_get(json_object_get(i0, "test_files"), 0)),
	       "tests/unit/test_a.py", "test_files[]");
	json_t *f0 = json_array_get(json_object_get(i0, "failures"), 0);
	is_int(json_integer_value(json_object_get(f0, "line")), 14, "failure line number");
	is_str(json_string_value(json_object_get(f0, "signature")),
	       "AttributeError: 'A' object has no attribute 'x'", "failure signature");
	is_str(json_string_value(json_object_get(i0, "plan_phase")), "P0", "plan_phase");
	ok(json_is_false(json_object_get(i0, "plan_done")), "plan_done is false");
	json_t *i1 = json_array_get(issues, 1);
	ok(json_is_null(json_object_get(json_object_get(i1, "tests"), "failed")), "an unknown count is null");
	ok(json_is_null(json_object_get(i1, "priority")), "no priority is null");

	json_t *e0 = json_array_get(json_object_get(root, "edges"), 0);
	is_str(json_string_value(json_object_get(e0, "from")), "#305", "edge from the prerequisite");
	is_str(json_string_value(json_object_get(e0, "to")), "#271", "edge to what it unblocks");
	is_str(json_string_value(json_object_get(e0, "source")), "cluster.md:50", "edge source is file:line");

	json_t *g0 = json_array_get(json_object_get(root, "failure_groups"), 0);
	is_int(json_integer_value(json_object_get(g0, "count")), 2, "one group of two failures");
	is_int(json_array_size(json_object_get(g0, "issues")), 2, "spanning two issues");
	ok(json_is_array(json_object_get(root, "cycles")), "cycles[] is present");

	char *text = tr_export_dumps(root);
	ok(strchr(text, '\x1b') == NULL && strchr(text, '\x07') == NULL, "no raw ESC or BEL in the output");
	ok(strstr(text, "\xC2\x9B") == NULL, "no raw C1 CSI in the output");
	ok(strstr(text, "\\u009B") != NULL, "the C1 character is escaped as \\u009B");
	ok(text[strlen(text) - 1] == '\n', "the output ends with a newline");
	json_error_t jerr;
	json_t *back = json_loads(text, 0, &jerr);
	ok(back != NULL, "the output is valid JSON");
	if (back)
		is_str(json_string_value(json_object_get(json_array_get(json_object_get(back, "issues"), 0), "title")),
		       "ExecutionTracker \xC2\x9B" "31m errors", "escaping keeps the data");
	json_decref(back);

	/* The streaming writer prints exactly what the whole-object dump does. */
	char *streamed = NULL;
	size_t slen = 0;
	FILE *mem = open_memstream(&streamed, &slen);
	ok(tr_export_write(m, NULL, mem) == 0, "the streaming export writes");
	fclose(mem);
	is_str(streamed, text, "streaming and whole-object exports are identical");
	free(streamed);
	free(text);
	json_decref(root);
	tr_model_free(m);

	/* What several reports say of an issue is its last key, whether or not
	 * the issues before it have one; a path that is not UTF-8 is still
	 * written, with U+FFFD for its bad byte. */
	m = small_model();
	size_t r2 = tr_model_add_report(m, "caf\xE9.md");
	tr_issue *later = &m->issues[1];
	later->mentions = tr_calloc(2, sizeof *later->mentions);
	later->nmentions = 2;
	later->mentions[0] = (tr_mention){ 0, 30, tr_model_keep_text(m, "first"), TR_P1, TR_ISSUE_OPEN, NULL, { -1, -1, -1 } };
	later->mentions[1] = (tr_mention){ r2, 4, NULL, TR_PRIORITY_NONE, TR_ISSUE_UNKNOWN, NULL, { 3, -1, -1 } };
	streamed = NULL;
	mem = open_memstream(&streamed, &slen);
	ok(tr_export_write(m, NULL, mem) == 0, "an issue with in_reports is written");
	fclose(mem);
	back = json_loads(streamed, 0, &jerr);
	ok(back != NULL, "and the text is JSON");
	json_t *second = json_array_get(json_object_get(back, "issues"), 1);
	const char *last_key = NULL;
	const char *k;
	json_t *v;
	json_object_foreach(second, k, v)
		last_key = k;
	is_str(last_key, "in_reports", "in_reports comes last");
	is_int(json_array_size(json_object_get(second, "in_reports")), 2, "one entry per report");
	is_str(json_string_value(json_object_get(json_array_get(json_object_get(second, "in_reports"), 1), "report")),
	       "caf\xEF\xBF\xBD.md", "a path's bad byte is U+FFFD");
	ok(json_object_get(json_array_get(json_object_get(back, "issues"), 0), "in_reports") == NULL,
	   "an issue one report defines has none");
	json_t *whole = tr_export_model(m);
	text = tr_export_dumps(whole);
	is_str(streamed, text, "the objects read the same text");
	free(text);
	json_decref(whole);
	json_decref(back);
	free(streamed);
	tr_model_free(m);

	/* Many reports repeating a few titles and statuses, among hundreds
	 * of others, some of which need escapes: each mention reads back as
	 * it was kept. */
	m = small_model();
	tr_issue *many = &m->issues[0];
	size_t nm = 900;
	many->mentions = tr_calloc(nm, sizeof *many->mentions);
	many->nmentions = nm;
	for (size_t i = 0; i < nm; i++) {
		char title[64], status[64];
		snprintf(title, sizeof title, "title \"%zu\"\t\xE2\x80\xAE", i % 3 ? i : 7);
		snprintf(status, sizeof status, "status %zu", i % 5);
		size_t r = tr_model_add_report(m, "r.md");
		many->mentions[i] = (tr_mention){ r, (unsigned)i + 1, tr_model_keep_text(m, title), TR_P2,
		                                  TR_ISSUE_OPEN, i % 7 ? tr_model_keep_text(m, status) : NULL,
		                                  { -1, -1, -1 } };
	}
	streamed = NULL;
	mem = open_memstream(&streamed, &slen);
	ok(tr_export_write(m, NULL, mem) == 0, "hundreds of mentions are written");
	fclose(mem);
	back = json_loads(streamed, 0, &jerr);
	json_t *list = json_object_get(json_array_get(json_object_get(back, "issues"), 0), "in_reports");
	bool kept_same = json_array_size(list) == nm;
	for (size_t i = 0; kept_same && i < nm; i++) {
		json_t *e = json_array_get(list, i);
		json_t *st = json_object_get(e, "status_text");
		kept_same = strcmp(json_string_value(json_object_get(e, "title")), many->mentions[i].title) == 0 &&
		       (many->mentions[i].status_text ? json_is_string(st) &&
		        strcmp(json_string_value(st), many->mentions[i].status_text) == 0 : json_is_null(st));
	}
	ok(kept_same, "each mention's title and status text read back as kept, repeated or not");
	whole = tr_export_model(m);
	text = tr_export_dumps(whole);
	is_str(streamed, text, "and the objects read the same text");
	free(text);
	json_decref(whole);
	json_decref(back);
	free(streamed);
	tr_model_free(m);

	/* The text is jansson's JSON_INDENT(2) layout to the byte, wherever
	 * there is nothing a terminal could act on. */
	json_t *doc = json_pack("{s:[], s:{}, s:[{s:s, s:i, s:I}, [s, s], n, b, b, f], s:{s:{s:[i]}}}",
	                        "empty", "none",
	                        "list", "text", "quote \" back \\ tab \t nl \n cr \r bs \b ff \f "
	                        "esc \x1b bel \x07 del \x7f caf\xC3\xA9 \xF0\x9F\x9A\xA8 \xE2\x86\x92 /",
	                        "small", -3, "big", (json_int_t)9007199254740993LL,
	                        "a", "", 1, 0, 2.5,
	                        "deep", "er", "est", 42);
	char *ours = tr_export_dumps(doc);
	char *theirs = json_dumps(doc, JSON_INDENT(2));
	char *want = tr_sprintf("%s\n", theirs ? theirs : "");
	is_str(ours, want, "the layout and escapes are jansson's");
	free(ours);
	free(theirs);
	free(want);
	json_decref(doc);

	/* Plain text is passed over eight bytes at a time: whatever needs a
	 * look is seen wherever it falls in a string. */
	static const char *const odd[] = { "\"", "\\", "\n", "\x01", "\x1f", "\x7f", "\xC3\xA9", "\xE2\x86\x92", " " };
	int same = 0, tried = 0;
	for (size_t c = 0; c < sizeof odd / sizeof *odd; c++) {
		for (size_t at = 0; at < 20; at++, tried++) {
			char s[64];
			memset(s, 'a', at);
			snprintf(s + at, sizeof s - at, "%s%.*s", odd[c], (int)(19 - at), "bbbbbbbbbbbbbbbbbbb");
			json_t *one = json_pack("[s]", s);
			char *a = tr_export_dumps(one);
			char *j = json_dumps(one, JSON_INDENT(2));
			char *w = tr_sprintf("%s\n", j ? j : "");
			same += a && strcmp(a, w) == 0;
			free(a);
			free(j);
			free(w);
			json_decref(one);
		}
	}
	is_int(same, tried, "a character to escape or keep is found at any place");
	return done_testing();
}
