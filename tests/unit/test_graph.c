/* The dependency analysis as a stand-up uses it: what can be worked on now,
 * what holds up the most, the longest chain, cycles. */
#include "config.h"

#include <stdint.h>

#include "tap.h"
#include "triage/graph.h"
#include "triage/str.h"

/* A model from "a>b" edges and bare ids, in the order given. */
static tr_model *model_of(const char *const *spec, size_t n)
{
	tr_model *m = tr_model_new();
	size_t r = tr_model_add_report(m, "t.md");
	for (size_t i = 0; i < n; i++) {
		char *s = tr_strdup(spec[i]), *gt = strchr(s, '>');
		if (gt) {
			*gt = '\0';
			size_t a = tr_model_intern(m, s, false, r, 1);
			size_t b = tr_model_intern(m, gt + 1, false, r, 1);
			tr_model_add_edge(m, a, b, TR_EDGE_CHAIN, r, 1);
		} else {
			tr_model_intern(m, s, false, r, 1);
		}
		free(s);
	}
	tr_model_finish(m);
	return m;
}

#define MODEL(...) model_of((const char *const[]){ __VA_ARGS__ }, \
	sizeof((const char *const[]){ __VA_ARGS__ }) / sizeof(const char *))

/* "#305 #271" for a list of issue indices. */
static char *ids(const tr_model *m, const size_t *v, size_t n)
{
	tr_buf b = TR_BUF_INIT;
	tr_buf_adds(&b, "");
	for (size_t i = 0; i < n; i++)
		tr_buf_addf(&b, "%s%s", i ? " " : "", m->issues[v[i]].id);
	return tr_buf_detach(&b);
}

static void is_ids(const tr_model *m, const size_t *v, size_t n, const char *want, const char *what)
{
	char *got = ids(m, v, n);
	is_str(got, want, "%s", what);
	free(got);
}

static const tr_graph_node *node(const tr_model *m, const tr_graph *g, const char *id)
{
	size_t i = tr_model_lookup(m, id);
	if (i == TR_NONE) {
		printf("# no issue %s\n", id);
		abort();
	}
	return &g->nodes[i];
}

/* The seed's dependency map, its issues in the order the report defines them. */
static tr_model *seed(void)
{
	return MODEL("#305", "#307", "#306", "#292", "#271", "#308", "#316", "golden-path",
	             "#305>#271", "#271>#292", "#292>golden-path",
	             "#308>#306", "#306>#307", "#307>#316");
}

static void test_seed_nothing_resolved(void)
{
	tr_model *m = seed();
	tr_graph *g = tr_graph_new(m, NULL);
	ok(node(m, g, "#305")->ready, "#305 starts a chain: ready");
	ok(node(m, g, "#308")->ready, "#308 starts a chain: ready");
	ok(!node(m, g, "#271")->ready, "#271 waits on #305: not ready");
	ok(!node(m, g, "golden-path")->ready, "the Golden Path waits on the whole chain");
	is_int(node(m, g, "#305")->holds_up, 3, "#305 holds up #271, #292 and the Golden Path");
	is_int(node(m, g, "#271")->holds_up, 2, "#271 holds up two");
	is_int(node(m, g, "golden-path")->holds_up, 0, "the end of a chain holds up nothing");
	const tr_graph_node *n271 = node(m, g, "#271");
	is_ids(m, n271->waits_on, n271->nwaits_on, "#305", "#271 waits on #305");
	is_ids(m, n271->unblocks, n271->nunblocks, "#292", "#271 unblocks #292");
	is_ids(m, g->critical_path, g->ncritical, "#305 #271 #292 golden-path",
	       "two chains of four: the critical path is the one the report lists first");
	is_int(node(m, g, "#292")->critical, 3, "#292 is the third step of the critical path");
	is_int(node(m, g, "#306")->critical, 0, "#306 is not on it");
	is_int(g->ncycle_issues, 0, "no cycle in the seed");
	tr_graph_free(g);
	tr_model_free(m);
}

static bool *resolved_set(const tr_model *m, const char *const *idv, size_t n)
{
	bool *r = tr_calloc(m->nissues ? m->nissues : 1, sizeof *r);
	for (size_t i = 0; i < n; i++)
		r[tr_model_lookup(m, idv[i])] = true;
	return r;
}

static void test_seed_with_progress(void)
{
	tr_model *m = seed();
	bool *r = resolved_set(m, (const char *const[]){ "#305" }, 1);
	tr_graph *g = tr_graph_new(m, r);
	ok(node(m, g, "#271")->ready, "with #305 fixed, #271 is ready");
	ok(!node(m, g, "#305")->ready, "a resolved issue is not 'ready': it is done");
	is_int(node(m, g, "#305")->holds_up, 0, "a resolved issue holds up nothing");
	is_int(node(m, g, "#271")->nwaits_on, 0, "#271 waits on nothing any more");
	is_ids(m, g->critical_path, g->ncritical, "#308 #306 #307 #316",
	       "the critical path moves to the longer unresolved chain");
	tr_graph_free(g);
	free(r);

	/* Fixed in the middle of a chain: the start still blocks the end. */
	r = resolved_set(m, (const char *const[]){ "#271" }, 1);
	g = tr_graph_new(m, r);
	is_int(node(m, g, "#292")->nwaits_on, 0, "#292's direct prerequisite is resolved");
	ok(!node(m, g, "#292")->ready, "but #305 is still unresolved upstream: #292 is not ready");
	is_int(node(m, g, "#305")->holds_up, 2, "#305 holds up #292 and the Golden Path, not the fixed #271");
	const tr_graph_node *n305 = node(m, g, "#305");
	is_int(n305->nunblocks, 0, "#305 directly unblocks nothing unresolved");
	is_ids(m, g->critical_path, g->ncritical, "#308 #306 #307 #316",
	       "a resolved issue breaks a chain");
	tr_graph_free(g);
	free(r);

	/* All resolved: nothing ready, no critical path. */
	bool *all = tr_calloc(m->nissues, sizeof *all);
	for (size_t i = 0; i < m->nissues; i++)
		all[i] = true;
	g = tr_graph_new(m, all);
	is_int(g->ncritical, 0, "everything resolved: no critical path");
	size_t ready = 0;
	for (size_t i = 0; i < m->nissues; i++)
		ready += g->nodes[i].ready;
	is_int(ready, 0, "everything resolved: nothing left to be ready");
	tr_graph_free(g);
	free(all);
	tr_model_free(m);
}

static void test_cycles(void)
{
	tr_model *m = MODEL("a>b", "b>c", "c>a", "c>d", "e>e", "f");
	tr_graph *g = tr_graph_new(m, NULL);
	ok(node(m, g, "a")->in_cycle && node(m, g, "b")->in_cycle && node(m, g, "c")->in_cycle,
	   "a, b and c are flagged as a cycle");
	ok(!node(m, g, "d")->in_cycle, "d, after the cycle, is not on it");
	ok(node(m, g, "e")->in_cycle, "a self-loop is a cycle of one");
	is_int(g->ncycle_issues, 4, "four issues on cycles");
	ok(!node(m, g, "a")->ready && !node(m, g, "e")->ready, "an issue on a cycle is never ready");
	ok(!node(m, g, "d")->ready, "d waits on the cycle");
	ok(node(m, g, "f")->ready, "an isolated issue is ready");
	is_int(node(m, g, "a")->holds_up, 3, "a holds up b, c and d (itself not counted)");
	is_int(node(m, g, "e")->holds_up, 0, "a self-loop holds up nothing but itself");
	const tr_graph_node *e = node(m, g, "e");
	is_ids(m, e->waits_on, e->nwaits_on, "e", "a self-loop waits on itself");
	is_ids(m, g->critical_path, g->ncritical, "a b c d",
	       "the critical path drops the edge that closes the cycle");
	ok(g->component[tr_model_lookup(m, "a")] == g->component[tr_model_lookup(m, "c")],
	   "a and c share a component");
	ok(g->component[tr_model_lookup(m, "c")] != g->component[tr_model_lookup(m, "d")],
	   "c and d do not");
	size_t back = 0;
	for (size_t k = 0; k < g->succ_start[g->nissues]; k++)
		back += g->succ_back[k];
	is_int(back, 2, "two edges close cycles: c>a and the self-loop");
	uint8_t mark[8];
	is_int(tr_graph_reach(g, tr_model_lookup(m, "b"), true, mark), 4,
	       "downstream of b: c, a, d and b itself, around the cycle");
	ok(mark[tr_model_lookup(m, "b")], "b is marked as its own downstream");
	tr_graph_free(g);
	tr_model_free(m);

	/* Two cycles sharing an issue, and a cycle with every other member fixed. */
	m = MODEL("a>b", "b>a", "b>c", "c>b", "c>z");
	bool *r = resolved_set(m, (const char *const[]){ "a", "b" }, 2);
	g = tr_graph_new(m, r);
	ok(!node(m, g, "c")->ready, "an open issue on a cycle stays not ready");
	is_int(node(m, g, "c")->holds_up, 1, "c holds up z only: a and b are resolved");
	ok(!node(m, g, "z")->ready, "z waits on c");
	tr_graph_free(g);
	free(r);
	tr_model_free(m);
}

static void test_diamond_counts_once(void)
{
	tr_model *m = MODEL("a>b", "a>c", "b>d", "c>d", "d>e");
	tr_graph *g = tr_graph_new(m, NULL);
	is_int(node(m, g, "a")->holds_up, 4, "a diamond's bottom is counted once");
	const tr_graph_node *d = node(m, g, "d");
	is_ids(m, d->waits_on, d->nwaits_on, "b c", "d waits on both sides of the diamond");
	is_ids(m, g->critical_path, g->ncritical, "a b d e", "equal chains: the earlier branch");
	tr_graph_free(g);
	tr_model_free(m);
}

/* holds_up against a plain breadth-first count, on graphs large enough to
 * need several 64-component passes, with cycles and some issues resolved. */
static void test_holds_up_matches_reachability(void)
{
	uint64_t rng = 0x243F6A8885A308D3ULL;
	int bad = 0, checked = 0;
	/* Rounds 6 and on: sparse maps in many separate groups, as reports
	 * have them: chains, trees fanning out or in, a few diamonds, issues
	 * with no arrow at all (counted by sums, not by reachability). */
	for (int round = 0; round < 12; round++) {
		bool sparse = round >= 6;
		size_t n = sparse ? 300 + (size_t)(round - 6) * 150 : 50 + (size_t)round * 60;
		tr_model *m = tr_model_new();
		size_t r = tr_model_add_report(m, "t.md");
		for (size_t i = 0; i < n; i++) {
			char id[32];
			snprintf(id, sizeof id, "#%zu", i + 1);
			tr_model_intern(m, id, false, r, 1);
		}
		for (size_t e = 0; sparse && e < n; e++) {
			rng ^= rng << 13; rng ^= rng >> 7; rng ^= rng << 17;
			size_t kind = (size_t)(rng % 10), a = e, span = 1 + (size_t)((rng >> 8) % 12);
			if (kind < 3 || a + span >= n)
				continue;                          /* no arrow */
			if (kind < 6)
				tr_model_add_edge(m, a, a + span, TR_EDGE_CHAIN, r, 1);   /* fan out */
			else if (kind < 8)
				tr_model_add_edge(m, a + span, a, TR_EDGE_CHAIN, r, 1);   /* fan in */
			else if (kind < 9 && a + span + 1 < n) {                      /* a diamond */
				tr_model_add_edge(m, a, a + span, TR_EDGE_CHAIN, r, 1);
				tr_model_add_edge(m, a, a + span + 1, TR_EDGE_CHAIN, r, 1);
				tr_model_add_edge(m, a + span, a + span + 1, TR_EDGE_CHAIN, r, 1);
			} else if (round % 2)
				tr_model_add_edge(m, a + span, a, TR_EDGE_CHAIN, r, 1);   /* a cycle, maybe */
		}
		for (size_t e = 0; !sparse && e < 2 * n; e++) {
			rng ^= rng << 13; rng ^= rng >> 7; rng ^= rng << 17;
			size_t a = (size_t)(rng % n), b = (size_t)((rng >> 20) % n);
			/* Mostly forward, some back: cycles of all sizes. */
			if ((rng >> 40) % 5 && a > b) {
				size_t t = a; a = b; b = t;
			}
			tr_model_add_edge(m, a, b, TR_EDGE_CHAIN, r, 1);
		}
		tr_model_finish(m);
		bool *res = tr_calloc(n, sizeof *res);
		for (size_t i = 0; i < n; i += 7)
			res[i] = true;
		tr_graph *g = tr_graph_new(m, res);
		uint8_t *mark = tr_malloc(n);
		for (size_t v = 0; v < n; v++) {
			tr_graph_reach(g, v, true, mark);
			size_t want = 0;
			for (size_t w = 0; w < n; w++)
				want += mark[w] && w != v && !res[w];
			if (res[v])
				want = 0;
			bool up_open = false;
			tr_graph_reach(g, v, false, mark);
			for (size_t w = 0; w < n; w++)
				up_open |= mark[w] && !res[w];
			bool want_ready = !res[v] && !up_open;
			checked++;
			if (g->nodes[v].holds_up != want || g->nodes[v].ready != want_ready) {
				if (bad++ < 3)
					printf("# #%zu: holds_up %zu want %zu, ready %d want %d\n", v + 1,
					       g->nodes[v].holds_up, want, g->nodes[v].ready, want_ready);
			}
		}
		/* The critical path is a real chain of unresolved issues. */
		for (size_t i = 0; i < g->ncritical; i++) {
			size_t v = g->critical_path[i];
			if (res[v])
				bad++;
			if (i + 1 < g->ncritical) {
				bool edge = false;
				for (size_t k = g->succ_start[v]; k < g->succ_start[v + 1]; k++)
					edge |= g->succ[k] == g->critical_path[i + 1];
				bad += !edge;
			}
		}
		free(mark);
		free(res);
		tr_graph_free(g);
		tr_model_free(m);
	}
	is_int(bad, 0, "holds_up, ready and the critical path agree with plain reachability (%d issues)",
	       checked);
}

static void test_long_chain(void)
{
	/* 20,000 issues in one chain: nothing may recurse that deep. */
	size_t n = 20000;
	tr_model *m = tr_model_new();
	size_t r = tr_model_add_report(m, "t.md");
	for (size_t i = 0; i < n; i++) {
		char id[32];
		snprintf(id, sizeof id, "#%zu", i + 1);
		tr_model_intern(m, id, false, r, 1);
		if (i)
			tr_model_add_edge(m, i - 1, i, TR_EDGE_CHAIN, r, 1);
	}
	tr_model_add_edge(m, n - 1, 0, TR_EDGE_CHAIN, r, 1);   /* and round again */
	tr_model_finish(m);
	tr_graph *g = tr_graph_new(m, NULL);
	is_int(g->ncycle_issues, n, "a 20,000-issue ring is one cycle");
	is_int(g->nodes[0].holds_up, n - 1, "each issue of the ring holds up all the others");
	is_int(g->ncritical, n, "the critical path runs the whole ring once");
	tr_graph_free(g);
	tr_model_free(m);
}

static void test_orders(void)
{
	tr_model *m = MODEL("x", "a>b", "b>c", "b>d", "e", "e>f");
	bool *r = resolved_set(m, (const char *const[]){ "e" }, 1);
	tr_graph *g = tr_graph_new(m, r);
	size_t idx[7];
	for (size_t i = 0; i < 7; i++)
		idx[i] = i;
	tr_graph_sort(g, TR_GRAPH_ORDER_READY_FIRST, idx, 7);
	is_ids(m, idx, 7, "a x f b c d e",
	       "ready first (holding up more first), then blocked, resolved last");
	tr_graph_sort(g, TR_GRAPH_ORDER_HOLDS_UP, idx, 7);
	is_ids(m, idx, 7, "a b x f c d e",
	       "holding up most first; ties: ready first, then report order");
	ok(tr_graph_cmp(g, TR_GRAPH_ORDER_READY_FIRST, 1, 1) == 0, "an issue compares equal to itself");
	tr_graph_free(g);
	free(r);
	tr_model_free(m);

	/* Stable and total on a bigger list: sorting twice changes nothing. */
	m = seed();
	g = tr_graph_new(m, NULL);
	size_t a[8], b[8];
	for (size_t i = 0; i < 8; i++)
		a[i] = 7 - i;
	tr_graph_sort(g, TR_GRAPH_ORDER_READY_FIRST, a, 8);
	memcpy(b, a, sizeof a);
	tr_graph_sort(g, TR_GRAPH_ORDER_READY_FIRST, b, 8);
	ok(memcmp(a, b, sizeof a) == 0, "sorting a sorted list keeps it");
	is_ids(m, a, 8, "#305 #308 #306 #271 #307 #292 #316 golden-path",
	       "the seed, ready first, whatever order it came in");
	tr_graph_free(g);
	tr_model_free(m);
}

static void test_empty(void)
{
	tr_model *m = tr_model_new();
	tr_model_finish(m);
	tr_graph *g = tr_graph_new(m, NULL);
	is_int(g->nissues, 0, "an empty model gives an empty graph");
	is_int(g->ncritical, 0, "and no critical path");
	tr_graph_sort(g, TR_GRAPH_ORDER_HOLDS_UP, NULL, 0);
	tr_graph_free(g);
	tr_model_free(m);
	is_str(tr_state_word(TR_STATE_WONT_FIX), "wont-fix", "state words");
	ok(tr_state_resolved(TR_STATE_VERIFIED) && !tr_state_resolved(TR_STATE_IN_PROGRESS),
	   "verified counts as resolved, in-progress does not");
}

int main(void)
{
	test_seed_nothing_resolved();
	test_seed_with_progress();
	test_cycles();
	test_diamond_counts_once();
	test_holds_up_matches_reachability();
	test_long_chain();
	test_orders();
	test_empty();
	return done_testing();
}
