#include "config.h"

#include "tap.h"
#include "triage/model.h"

static void check_id(const char *arg, const char *want)
{
	char *id = tr_issue_id_from_arg(arg);
	is_str(id, want, "issue argument '%s'", arg);
	free(id);
}

int main(void)
{
	static const struct { const char *text; tr_issue_status want; } statuses[] = {
		{ "\xE2\x9C\x85 SUCCESSFULLY REPRODUCED", TR_ISSUE_REPRODUCED },
		{ "\xE2\x9C\x85 PARTIALLY REPRODUCED", TR_ISSUE_PARTIALLY_REPRODUCED },
		{ "Not reproduced on main", TR_ISSUE_NOT_REPRODUCED },
		{ "could not reproduce", TR_ISSUE_NOT_REPRODUCED },
		{ "\xE2\x9C\x85 ROOT CAUSE IDENTIFIED", TR_ISSUE_ROOT_CAUSE_IDENTIFIED },
		{ "\xE2\x9C\x85 SECURITY VULNERABILITY CONFIRMED", TR_ISSUE_CONFIRMED },
		{ "\xE2\x9A\xA0\xEF\xB8\x8F BLOCKED BY INFRASTRUCTURE ISSUES", TR_ISSUE_BLOCKED },
		{ "root_cause_identified", TR_ISSUE_ROOT_CAUSE_IDENTIFIED },
		{ "in triage", TR_ISSUE_UNKNOWN },
		{ "Major components resolved, priority reduced", TR_ISSUE_IN_PROGRESS },
		{ "Partially fixed: the retry remains", TR_ISSUE_IN_PROGRESS },
		{ "mostly done", TR_ISSUE_IN_PROGRESS },
		{ "Resolved", TR_ISSUE_RESOLVED },
		{ "All components resolved", TR_ISSUE_RESOLVED },
		{ "Both components fixed", TR_ISSUE_RESOLVED },
	};
	for (size_t i = 0; i < sizeof statuses / sizeof *statuses; i++)
		is_str(tr_issue_status_word(tr_issue_status_from_text(statuses[i].text)),
		       tr_issue_status_word(statuses[i].want), "status '%s'", statuses[i].text);

	static const struct { const char *text; const char *want; } prios[] = {
		{ "P0 CRITICAL", "P0" }, { "HIGH PRIORITY", "P1" }, { "p2", "P2" },
		{ "Low", "P3" }, { "INFRASTRUCTURE", NULL }, { "P1 - critical", "P1" },
		{ "MP3 player", NULL }, { "Medium", "P2" },
		/* A denied word ranks nothing, wherever it is; the highest rank
		 * named wins; only whole words count. */
		{ "Non-Critical", NULL }, { "not urgent", NULL }, { "NON_BLOCKER", NULL },
		{ "noncritical", NULL }, { "Blocker, but not urgent", NULL }, { "not high", "P1" },
		{ "not a blocker", "P0" }, { "low -> high", "P1" }, { "Minor / Moderate", "P2" },
		{ "critically low", "P3" }, { "Highway", NULL }, { "urgent!", "P0" },
	};
	for (size_t i = 0; i < sizeof prios / sizeof *prios; i++)
		is_str(tr_priority_word(tr_priority_from_text(prios[i].text)), prios[i].want,
		       "priority '%s'", prios[i].text);

	check_id("305", "#305");
	check_id("#305", "#305");
	check_id("GH-305", "#305");
	check_id("gh-305", "#305");
	check_id("Golden Path", "golden-path");
	check_id("#99999999999999999999", "#99999999999999999999");

	tr_model *m = tr_model_new();
	size_t r = tr_model_add_report(m, "r.md");
	size_t a = tr_model_intern(m, "#1", false, r, 3);
	size_t b = tr_model_intern(m, "#2", false, r, 9);
	size_t c = tr_model_intern(m, "#3", false, r, 12);
	is_int(tr_model_intern(m, "#1", false, r, 40), a, "interning an id twice gives the same issue");
	is_int(m->issues[a].line, 3, "the first definition's line is kept");
	is_int(m->reports[r].nissues, 3, "the report counts the issues it defines");
	tr_model_add_edge(m, a, b, TR_EDGE_CHAIN, r, 20);
	tr_model_add_edge(m, a, b, TR_EDGE_BLOCKS, r, 21);
	is_int(m->nedges, 1, "a repeated edge is kept once");
	tr_model_add_edge(m, b, c, TR_EDGE_CHAIN, r, 20);
	tr_model_add_edge(m, c, a, TR_EDGE_CHAIN, r, 22);
	tr_model_add_edge(m, c, c, TR_EDGE_CHAIN, r, 23);
	tr_issue_add_failure(&m->issues[a], "TimeoutError: no answer from 10.0.0.7:5432 after 30s", r, 5);
	tr_issue_add_failure(&m->issues[b], "TimeoutError: no answer from 10.0.0.9:5433 after 45s", r, 10);
	tr_issue_add_failure_keyed(&m->issues[b], "Traceback (most recent call last):\n  File \"x.py\", "
	                           "line 3\nTimeoutError: no answer from 10.0.0.1:5432 after 5s",
	                           "TimeoutError: no answer from 10.0.0.1:5432 after 5s", r, 11);
	tr_model_finish(m);
	is_int(m->ngroups, 1, "one failure shape makes one group");
	is_int(m->groups[0].count, 3, "the group counts every failure");
	ok(m->ngroups == 1 && strchr(m->issues[b].failures[1].text, '\n') &&
	   strcmp(m->issues[b].failures[1].signature, m->groups[0].signature) == 0,
	   "a failure of several lines groups by the line that says what failed");
	is_int(m->groups[0].nissues, 2, "the group lists each issue once");
	is_int(m->ncycles, 2, "a loop through three issues is one cycle, c waiting on itself another");
	if (ok(m->ncycles == 2, "cycles present")) {
		is_int(m->cycles[0].n, 3, "the cycle has all three issues");
		ok(m->cycles[0].ring && m->cycles[0].issues[0] == a && m->cycles[0].issues[1] == b &&
		   m->cycles[0].issues[2] == c, "a ring, in the order its edges go: a, b, c");
		ok(m->cycles[1].n == 1 && m->cycles[1].issues[0] == c,
		   "a self-loop inside a larger cycle is a cycle of one too");
	}
	tr_model_finish(m);
	is_int(m->ngroups, 1, "finishing twice does not duplicate groups");

	size_t named = tr_model_intern(m, "golden-path-business-workflow", true, r, 30);
	tr_model_rename(m, named, "golden-path");
	is_int(tr_model_lookup(m, "golden-path"), named, "a renamed issue is found by its new id");
	is_int(tr_model_lookup(m, "golden-path-business-workflow"), TR_NONE, "and not by the old one");
	is_int(tr_model_find_arg(m, "GH-2"), b, "GH-2 names #2");
	is_int(tr_model_find_arg(m, "#404"), TR_NONE, "an unknown id is not found");
	is_int(tr_model_find_arg(m, "golden"), named, "a named issue is found by the start of its name");
	is_int(tr_model_find_arg(m, "GOLDEN-P"), named, "in any case");
	is_int(tr_model_find_arg(m, "go"), TR_NONE, "but not by fewer than three characters");
	size_t other = tr_model_intern(m, "golden-gate", true, r, 31);
	is_int(tr_model_find_arg(m, "golden"), TR_NONE, "nor by a start two named issues share");
	is_int(tr_model_find_arg(m, "golden-g"), other, "a longer start tells them apart");

	/* Self-loop alone */
	tr_model *s = tr_model_new();
	r = tr_model_add_report(s, "s.md");
	a = tr_model_intern(s, "#7", false, r, 1);
	tr_model_add_edge(s, a, a, TR_EDGE_BLOCKS, r, 2);
	tr_model_finish(s);
	is_int(s->ncycles, 1, "a self-loop is flagged as a cycle");
	tr_model_free(s);

	/* A ring whose edges run against the model's order is told in the
	 * edges' order; two rings through one issue are no ring at all. */
	tr_model *o = tr_model_new();
	r = tr_model_add_report(o, "o.md");
	size_t x = tr_model_intern(o, "#1", false, r, 1);
	size_t y = tr_model_intern(o, "#2", false, r, 2);
	size_t z = tr_model_intern(o, "#3", false, r, 3);
	tr_model_add_edge(o, x, z, TR_EDGE_BLOCKS, r, 4);
	tr_model_add_edge(o, z, y, TR_EDGE_BLOCKS, r, 5);
	tr_model_add_edge(o, y, x, TR_EDGE_BLOCKS, r, 6);
	tr_model_finish(o);
	ok(o->ncycles == 1 && o->cycles[0].ring && o->cycles[0].issues[0] == x &&
	   o->cycles[0].issues[1] == z && o->cycles[0].issues[2] == y,
	   "#1 -> #3 -> #2 -> #1 is told from #1, as its edges go");
	size_t w = tr_model_intern(o, "#4", false, r, 7);
	tr_model_add_edge(o, x, w, TR_EDGE_BLOCKS, r, 8);
	tr_model_add_edge(o, w, x, TR_EDGE_BLOCKS, r, 9);
	tr_model_finish(o);
	ok(o->ncycles == 1 && !o->cycles[0].ring && o->cycles[0].n == 4 &&
	   o->cycles[0].issues[0] == x && o->cycles[0].issues[3] == w,
	   "two rings through #1: one set of four, in model order, not a ring");
	tr_model_free(o);

	/* A long chain must not recurse: 50,000 issues in a line and a cycle at the end. */
	tr_model *big = tr_model_new();
	r = tr_model_add_report(big, "big.md");
	char id[32];
	for (int i = 0; i < 50000; i++) {
		snprintf(id, sizeof id, "#%d", i);
		tr_model_intern(big, id, false, r, (unsigned)i + 1);
	}
	for (size_t i = 0; i + 1 < 50000; i++)
		tr_model_add_edge(big, i, i + 1, TR_EDGE_CHAIN, r, 1);
	tr_model_finish(big);
	is_int(big->ncycles, 0, "a 50,000-long chain has no cycle and no stack overflow");
	/* Every edge again, and each reversed: the repeats are found however
	 * often the table grew, and an edge's reverse is an edge of its own. */
	for (size_t i = 0; i + 1 < 50000; i++)
		tr_model_add_edge(big, i, i + 1, TR_EDGE_BLOCKS, r, 2);
	is_int(big->nedges, 49999, "each of 49,999 edges added again is kept once");
	for (size_t i = 0; i + 1 < 50000; i += 2)
		tr_model_add_edge(big, i + 1, i, TR_EDGE_CHAIN, r, 3);
	is_int(big->nedges, 49999 + 25000, "an edge's reverse is an edge of its own");
	bool *drop = tr_calloc(big->nedges, sizeof *drop);
	for (size_t e = 0; e < big->nedges; e += 3)
		drop[e] = true;
	size_t before_drop = big->nedges, dropped = (big->nedges + 2) / 3;
	tr_model_drop_edges(big, drop);
	free(drop);
	tr_model_add_edge(big, 0, 1, TR_EDGE_CHAIN, r, 4);      /* dropped (the first edge) */
	tr_model_add_edge(big, 1, 2, TR_EDGE_CHAIN, r, 4);      /* kept */
	is_int(big->nedges, before_drop - dropped + 1,
	       "after dropping a third of them, a dropped edge can be added again and a kept one cannot");
	tr_model_free(big);

	/* Room made ahead, with issues already there and more than was
	 * reserved: every one is still found. */
	tr_model *res = tr_model_new();
	r = tr_model_add_report(res, "res.md");
	for (int i = 0; i < 100; i++) {
		snprintf(id, sizeof id, "#%d", i);
		tr_model_intern(res, id, false, r, 1);
	}
	tr_model_reserve(res, 1000);
	tr_model_reserve(res, 10);
	for (int i = 100; i < 1500; i++) {
		snprintf(id, sizeof id, "#%d", i);
		tr_model_intern(res, id, false, r, 1);
	}
	size_t found = 0;
	for (int i = 0; i < 1500; i++) {
		snprintf(id, sizeof id, "#%d", i);
		found += tr_model_lookup(res, id) == (size_t)i;
	}
	is_int(found, 1500, "issues interned before and after making room are all found");
	is_int(res->nissues, 1500, "making room adds no issue");
	tr_model_free(res);

	/* Ids short and long, alike in their first sixteen bytes or in their
	 * length: each is found as itself, and one not there is not. */
	tr_model *ids = tr_model_new();
	r = tr_model_add_report(ids, "ids.md");
	static const char *const names[] = {
		"#1", "#10", "a", "fifteen-chars-x", "sixteen-chars-xy", "seventeen-chars-x",
		"golden-path-login-flow-a", "golden-path-login-flow-b", "golden-path-login-flow",
	};
	size_t nnames = sizeof names / sizeof *names, same_id = 0;
	for (size_t k = 0; k < nnames; k++)
		tr_model_intern(ids, names[k], true, r, 1);
	for (size_t k = 0; k < nnames; k++)
		same_id += tr_model_lookup(ids, names[k]) == k;
	is_int(same_id, nnames, "ids short and long, alike but for their end, are each found");
	ok(tr_model_lookup(ids, "golden-path-login-flow-c") == TR_NONE &&
	   tr_model_lookup(ids, "sixteen-chars-xz") == TR_NONE && tr_model_lookup(ids, "#1 ") == TR_NONE,
	   "an id not there is not found, however like one that is");
	/* Looked up all at once, among ids that are not there, and in a
	 * model with no issue at all. */
	const char *asked[] = { "#10", "golden-path-login-flow-c", "a", "#1 ", "seventeen-chars-x", "#1" };
	size_t at[6];
	tr_model_lookup_all(ids, asked, 6, at);
	ok(at[0] == 1 && at[1] == TR_NONE && at[2] == 2 && at[3] == TR_NONE && at[4] == 5 && at[5] == 0,
	   "ids looked up all at once are found as one at a time, and those not there are not");
	tr_model *none = tr_model_new();
	at[0] = 0;
	tr_model_lookup_all(none, asked, 1, at);
	is_int(at[0], TR_NONE, "an id looked up in a model with no issue is not found");
	tr_model_free(none);
	tr_model_rename(ids, 7, "golden-path-logout");
	ok(tr_model_lookup(ids, "golden-path-logout") == 7 &&
	   tr_model_lookup(ids, "golden-path-login-flow-b") == TR_NONE, "a renamed issue is found by its new id only");
	tr_model_free(ids);

	/* Texts kept by the model: one copy for equal texts, each as given,
	 * a long one whole, and all of them still there after thousands. */
	tr_model *kept = tr_model_new();
	ok(tr_model_keep_text(kept, NULL) == NULL, "no text kept is none");
	char title[] = "Checkout Timeouts Under Load";
	const char *t1 = tr_model_keep_text(kept, title);
	title[0] = 'X';
	is_str(t1, "Checkout Timeouts Under Load", "a kept text is a copy");
	ok(tr_model_keep_text(kept, "Checkout Timeouts Under Load") == t1, "an equal text is kept once");
	ok(tr_model_keep_text(kept, "Checkout Timeouts") != t1, "a shorter one is its own");
	is_str(tr_model_keep_text(kept, ""), "", "an empty text is kept too");
	char *lng = tr_malloc(100001);
	memset(lng, 'a', 100000);
	lng[100000] = '\0';
	const char *kl = tr_model_keep_text(kept, lng);
	ok(kl != lng && strcmp(kl, lng) == 0, "a text longer than a block is kept whole");
	free(lng);
	const char *each[3000];
	for (int i = 0; i < 3000; i++) {
		snprintf(id, sizeof id, "status %d", i);
		each[i] = tr_model_keep_text(kept, id);
	}
	size_t same = 0;
	for (int i = 0; i < 3000; i++) {
		snprintf(id, sizeof id, "status %d", i);
		same += tr_model_keep_text(kept, id) == each[i] && strcmp(each[i], id) == 0;
	}
	is_int(same, 3000, "3,000 texts are each kept once and stay as given");
	is_str(t1, "Checkout Timeouts Under Load", "the first text is unchanged after them");
	tr_model_free(kept);

	tr_model_free(m);

	/* A model emptied for the next report: nothing of the last is found,
	 * and what is put in anew is found and kept as in a new model, after
	 * a small report, one larger than the room a model keeps, and one
	 * whose room is kept but mostly unused by the next. */
	tr_model *reused = tr_model_new();
	static const size_t sizes[] = { 40, 6000, 2000, 40, 40 };
	for (int round = 0; round < 5; round++) {
		size_t n = sizes[round];
		r = tr_model_add_report(reused, round ? "second.md" : "first.md");
		for (size_t i = 0; i < n; i++) {
			snprintf(id, sizeof id, round ? "#%zu" : "OLD-%zu", i);
			tr_model_intern(reused, id, false, r, 1);
			if (i)
				tr_model_add_edge(reused, i - 1, i, TR_EDGE_CHAIN, r, 2);
		}
		tr_model_add_edge(reused, 0, 1, TR_EDGE_BLOCKS, r, 3);
		tr_issue_add_failure(&reused->issues[0], "FAILED test_x", r, 4);
		tr_model_keep_text(reused, "Open");
		tr_model_finish(reused);
		ok(reused->nreports == 1 && reused->nissues == n && reused->nedges == n - 1 &&
		   reused->ngroups == 1, "round %d: the model holds only what was put in since", round);
		tr_model_clear(reused);
		ok(reused->nreports == 0 && reused->nissues == 0 && reused->nedges == 0 &&
		   reused->ngroups == 0 && reused->ncycles == 0, "round %d: cleared, it is empty", round);
		ok(tr_model_lookup(reused, round ? "#1" : "OLD-1") == TR_NONE,
		   "round %d: an id of before is not found", round);
	}
	r = tr_model_add_report(reused, "third.md");
	size_t i7 = tr_model_intern(reused, "#7", false, r, 1), i8 = tr_model_intern(reused, "#8", false, r, 1);
	tr_model_add_edge(reused, i7, i8, TR_EDGE_CHAIN, r, 1);
	tr_model_add_edge(reused, i7, i8, TR_EDGE_CHAIN, r, 2);
	ok(i7 == 0 && i8 == 1 && tr_model_lookup(reused, "#8") == 1 && reused->nedges == 1,
	   "after clearing, issues are numbered from the start and a repeated edge is kept once");
	tr_model_free(reused);
	return done_testing();
}
