/* The stand-up: see standup.h.  Building it (this file) reads the core's
 * data and says things in words; rendering it (standup_render.c) only
 * lays those words out. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "standup_internal.h"
#include "triage/clock.h"
#include "triage/graph.h"
#include "triage/standup.h"
#include "triage/text.h"

#define NONE (TR_NONE)
/* Long lists are cut here, with a line saying how many were left out: a
 * stand-up is read aloud, and a console pane scrolls anyway. */
#define LIST_MAX 20
#define COMMITS_MAX 50
#define PATH_MAX_SHOWN 12

static const char *const section_titles[] = {
#define X(name, title) title,
	TR_STANDUP_SECTION_LIST(X)
#undef X
};

const char *tr_standup_section_title(tr_standup_section_id s)
{
	return (unsigned)s < TR_STANDUP_SECTION_COUNT ? section_titles[s] : "";
}

/* ---- the state of things then ------------------------------------------ */

typedef struct ctx {
	const tr_standup_input *in;
	tr_standup *s;
	const char *arrow;
	tr_people people;
	int now_year;           /* now's year, in local time: for every time told */
	/* Events since, with their times; NULL-free. */
	const tr_event **ev;
	int64_t *ev_at;
	size_t nev;
	/* Now: the model's issues, their progress (NULL where none) and state. */
	const tr_progress **prog_now;
	tr_state *state_now;
	tr_graph *g_now;
	/* Then: the model as it was (the current one when no report changed),
	 * with the states as they were. */
	const tr_model *then;
	tr_state *state_then;
	tr_graph *g_then;
	size_t *order;          /* model issues in the order of the graph */
	net_set nets;           /* the events since, net */
} ctx;

/* The store may be missing (nowhere to keep progress): everything open. */
static tr_state st_state(const tr_store *st, const char *id)
{
	return st ? tr_store_state(st, id) : TR_STATE_OPEN;
}

static bool st_acked(const tr_store *st, const char *sig)
{
	return st && tr_store_acknowledged(st, sig);
}

static bool resolved(tr_state s)
{
	return tr_graph_state_resolved((tr_graph_state)s);
}

static bool counted_fixed(tr_state s)
{
	return s == TR_STATE_FIXED || s == TR_STATE_VERIFIED;
}

static tr_graph *graph_of(const tr_model *m, const tr_state *state)
{
	bool *res = tr_calloc(m->nissues ? m->nissues : 1, sizeof *res);
	/* As the console and the graph count it: a report may call an issue
	 * resolved too. */
	for (size_t i = 0; i < m->nissues; i++)
		res[i] = tr_graph_issue_resolved(&m->issues[i], (tr_graph_state)state[i]);
	tr_graph *g = tr_graph_new(m, res);
	free(res);
	return g;
}

/* The events since then, and each issue's state then: the `from` of its
 * first state change since, or its state now when it did not change. */
static void read_events(ctx *c)
{
	const tr_standup_input *in = c->in;
	size_t n;
	n = 0;
	const tr_event *ev = in->store ? tr_store_events(in->store, &n) : NULL;
	c->ev = tr_malloc((n ? n : 1) * sizeof *c->ev);
	c->ev_at = tr_malloc((n ? n : 1) * sizeof *c->ev_at);
	size_t bad_time = 0;
	/* Times as triage writes them sort as text: most events are older than
	 * then and are passed over without being read as times. */
	char since_iso[21];
	tr_time_iso(since_iso, in->since);
	for (size_t i = 0; i < n; i++) {
		int64_t at;
		if (strlen(ev[i].at) == 20 && ev[i].at[19] == 'Z' && ev[i].at[10] == 'T' &&
		    strcmp(ev[i].at, since_iso) < 0)
			continue;
		if (tr_time_parse(ev[i].at, &at) < 0) {
			bad_time++;
			continue;
		}
		if (at < in->since)
			continue;
		c->ev[c->nev] = &ev[i];
		c->ev_at[c->nev] = at;
		c->nev++;
		if (ev[i].by)
			tr_people_add(&c->people, ev[i].by);
	}
	if (bad_time)
		tr_strv_push_owned(&c->s->warnings,
		                   tr_sprintf("%zu change%s with an unreadable time left out", bad_time,
		                              bad_time == 1 ? "" : "s"));
}

static void states(ctx *c)
{
	const tr_model *m = c->in->model;
	/* Each issue's progress is looked up once, here: the sections below
	 * ask for it again and again. */
	c->prog_now = tr_calloc(m->nissues ? m->nissues : 1, sizeof *c->prog_now);
	c->state_now = tr_calloc(m->nissues ? m->nissues : 1, sizeof *c->state_now);
	/* The store's entries are walked once and each found in the model
	 * (a hash), rather than each issue sought in the store (a bisection
	 * comparing ids as numbers): ids match exactly either way. */
	const tr_store *st = c->in->store;
	size_t nst = st ? tr_store_count(st) : 0;
	for (size_t k = 0; k < nst; k++) {
		const tr_progress *p = tr_store_at(st, k);
		size_t i = tr_model_lookup(m, p->id);
		if (i < m->nissues)
			c->prog_now[i] = p;
	}
	for (size_t i = 0; i < m->nissues; i++)
		c->state_now[i] = c->prog_now[i] ? c->prog_now[i]->state : TR_STATE_OPEN;
	c->then = c->in->then_model ? c->in->then_model : m;
	size_t nt = c->then->nissues;
	c->state_then = tr_calloc(nt ? nt : 1, sizeof *c->state_then);
	uint8_t *seen = tr_calloc(nt ? nt : 1, 1);
	for (size_t i = 0; i < nt; i++)
		c->state_then[i] = c->then == m ? c->state_now[i] : st_state(c->in->store, c->then->issues[i].id);
	/* Events are oldest first, but a hand-merged file may not be: the
	 * earliest change since is the one whose `from` tells. */
	int64_t *first = tr_calloc(nt ? nt : 1, sizeof *first);
	for (size_t k = 0; k < c->nev; k++) {
		const tr_event *e = c->ev[k];
		if (!e->issue || e->failure || strcmp(e->field, "state") != 0)
			continue;
		size_t i = tr_model_lookup(c->then, e->issue);
		int from = tr_state_from_word(e->from);
		if (i == NONE || from < 0)
			continue;
		if (!seen[i] || c->ev_at[k] < first[i]) {
			seen[i] = 1;
			first[i] = c->ev_at[k];
			c->state_then[i] = (tr_state)from;
		}
	}
	free(first);
	free(seen);
	c->g_now = graph_of(m, c->state_now);
	c->g_then = graph_of(c->then, c->state_then);
}

/* Critical path first, in its order; then what holds up more; then the
 * reports' order. */
static int cmp_order(const void *a, const void *b, void *arg)
{
	const tr_graph *g = arg;
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	const tr_graph_node *nx = &g->nodes[x], *ny = &g->nodes[y];
	size_t cx = nx->critical ? nx->critical : TR_NONE, cy = ny->critical ? ny->critical : TR_NONE;
	if (cx != cy)
		return cx < cy ? -1 : 1;
	if (nx->holds_up != ny->holds_up)
		return nx->holds_up > ny->holds_up ? -1 : 1;
	return x < y ? -1 : x > y;
}

static void graph_order(ctx *c)
{
	size_t n = c->in->model->nissues;
	c->order = tr_malloc((n ? n : 1) * sizeof *c->order);
	for (size_t i = 0; i < n; i++)
		c->order[i] = i;
	qsort_r(c->order, n, sizeof *c->order, cmp_order, c->g_now);
}

/* ---- 1. progress ------------------------------------------------------- */

/* " (Alice and Bob, Tue 24 Nov 10:02)": the people whose events made the
 * change (after the value last stood where it started), and the time of
 * the last. */
#define PEOPLE_MAX 4
static void chain_by_at(ctx *c, tr_standup_item *it, const net_chain *ch)
{
	const net_set *ns = &c->nets;
	const char *who[PEOPLE_MAX];
	size_t n = 0, more = 0;
	for (size_t p = ch->seg != NONE ? ch->seg : ch->last; p != NONE; p = ns->next[p]) {
		const char *by = c->ev[ns->order[p]]->by;
		bool seen = false;
		for (size_t k = 0; k < n && !seen; k++)
			seen = tr_str_eq(by, who[k]);
		if (seen)
			continue;
		if (n < PEOPLE_MAX)
			who[n++] = by;
		else
			more++;
		/* Beyond a few names a line says how many: no use comparing. */
		if (more)
			break;
	}
	su_words(it, " (");
	for (size_t k = 0; k < n; k++) {
		if (k)
			su_words(it, k + 1 == n && !more ? " and " : ", ");
		su_who(it, &c->people, who[k]);
	}
	if (more)
		su_words(it, " and others");
	su_words(it, ", ");
	su_when(it, c->ev_at[ns->order[ch->last]], c->now_year);
	su_words(it, ")");
}

/* A net change: `from` is the value before the window, `to` after. */
static void say_chain(ctx *c, tr_standup_item *it, const net_chain *ch)
{
	const char *f = ch->ev->field;
	if (ch->kind == NET_NOTE) {
		if (!ch->end) {
			su_words(it, "note removed ");
			su_span(it, TR_SPAN_QUOTE, ch->start);
		} else {
			su_words(it, ch->start ? "note edited " : "note ");
			su_span(it, TR_SPAN_QUOTE, ch->end);
		}
	} else {
		if (strcmp(f, "state") == 0 || strcmp(f, "owner") == 0)
			su_words(it, "%s ", f);
		else {
			/* A field this version does not know: told as it is written. */
			su_span(it, TR_SPAN_TEXT, f);
			su_words(it, " ");
		}
		su_span(it, TR_SPAN_TEXT, ch->start ? ch->start : "none");
		su_words(it, " %s ", c->arrow);
		su_span(it, TR_SPAN_TEXT, ch->end ? ch->end : "none");
	}
	chain_by_at(c, it, ch);
}

static void issue_line(ctx *c, tr_standup_section_id sec, int level, size_t i)
{
	const tr_issue *is = &c->in->model->issues[i];
	tr_standup_item *it = su_item(c->s, sec, level, i);
	su_span(it, TR_SPAN_ISSUE, is->id);
	if (is->title) {
		su_words(it, " ");
		su_span(it, TR_SPAN_TEXT, is->title);
	}
}

/* Changes to issues the reports do not have, by issue, then in time. */
static int cmp_unknown(const void *a, const void *b, void *arg)
{
	const net_set *ns = arg;
	const net_chain *x = &ns->c[*(const size_t *)a], *y = &ns->c[*(const size_t *)b];
	int k = strcmp(x->ev->issue, y->ev->issue);
	if (k)
		return k;
	return x->last < y->last ? -1 : x->last > y->last;
}

/* Each issue's net changes, told in the order their last events came. */
static void progress(ctx *c)
{
	const tr_model *m = c->in->model;
	const net_set *ns = &c->nets;
	size_t *head = tr_malloc((m->nissues + 1) * sizeof *head);
	size_t *tail = tr_malloc((m->nissues + 1) * sizeof *tail);
	size_t *next = tr_malloc((ns->n ? ns->n : 1) * sizeof *next);
	size_t *unknown = tr_malloc((ns->n ? ns->n : 1) * sizeof *unknown), nunknown = 0;
	for (size_t i = 0; i <= m->nissues; i++)
		head[i] = tail[i] = NONE;
	for (size_t p = 0; p < ns->nev; p++) {
		size_t k = ns->chain_of[p];
		if (k == NONE || ns->c[k].last != p || ns->c[k].kind == NET_ACK || !net_told(&ns->c[k]))
			continue;
		next[k] = NONE;
		size_t i = tr_model_lookup(m, ns->c[k].ev->issue);
		if (i == NONE) {
			unknown[nunknown++] = k;
			continue;
		}
		if (head[i] == NONE)
			head[i] = k;
		else
			next[tail[i]] = k;
		tail[i] = k;
	}
	size_t told = 0;
	for (size_t o = 0; o < m->nissues; o++) {
		size_t i = c->order[o];
		if (head[i] == NONE)
			continue;
		told++;
		issue_line(c, TR_STANDUP_PROGRESS, 0, i);
		for (size_t k = head[i]; k != NONE; k = next[k])
			say_chain(c, su_item(c->s, TR_STANDUP_PROGRESS, 1, i), &ns->c[k]);
	}
	/* Issues the reports no longer have (or never had): still told, so a
	 * change is never lost from sight, but after the others. */
	if (nunknown > 1)
		qsort_r(unknown, nunknown, sizeof *unknown, cmp_unknown, (void *)ns);
	for (size_t u = 0; u < nunknown; u++) {
		const net_chain *ch = &ns->c[unknown[u]];
		if (!u || strcmp(ns->c[unknown[u - 1]].ev->issue, ch->ev->issue) != 0) {
			tr_standup_item *it = su_item(c->s, TR_STANDUP_PROGRESS, 0, NONE);
			su_span(it, TR_SPAN_TEXT, ch->ev->issue);
			su_words(it, " (not in the reports)");
		}
		say_chain(c, su_item(c->s, TR_STANDUP_PROGRESS, 1, NONE), ch);
	}
	if (!told && !nunknown)
		su_words(su_item(c->s, TR_STANDUP_PROGRESS, 0, NONE), "no changes recorded");
	free(unknown);
	free(head);
	free(tail);
	free(next);
}

/* ---- 2. commits -------------------------------------------------------- */

typedef struct commit_ref {
	const tr_commit *commit;
	size_t issue;
	tr_link_kind kind;
} commit_ref;

static int cmp_commit_ref(const void *a, const void *b)
{
	const commit_ref *x = a, *y = b;
	if (x->commit->time != y->commit->time)
		return x->commit->time > y->commit->time ? -1 : 1;
	/* In the same second: as git log has them. */
	if (x->commit->rank != y->commit->rank)
		return x->commit->rank < y->commit->rank ? -1 : 1;
	int k = strcmp(x->commit->id, y->commit->id);
	if (k)
		return k;
	if (x->kind != y->kind)
		return x->kind < y->kind ? -1 : 1;
	return x->issue < y->issue ? -1 : x->issue > y->issue;
}

static void commits(ctx *c)
{
	const tr_model *m = c->in->model;
	if (!c->in->history) {
		su_words(su_item(c->s, TR_STANDUP_COMMITS, 0, NONE), "no git history here");
		return;
	}
	commit_ref *v = NULL;
	size_t n = 0, cap = 0;
	for (size_t i = 0; i < m->nissues; i++) {
		const tr_commit_link *l;
		size_t k = tr_history_issue(c->in->history, i, &l);
		/* The list is in committer order and the times are author times,
		 * which a rebase leaves behind: every link is looked at. */
		for (size_t j = 0; j < k; j++) {
			if (l[j].commit->time < c->in->since)
				continue;
			tr_grow((void **)&v, &cap, n + 1, sizeof *v);
			v[n++] = (commit_ref){ l[j].commit, i, l[j].kind };
		}
	}
	if (n > 1)
		qsort(v, n, sizeof *v, cmp_commit_ref);
	for (size_t j = 0; j < n; j++)
		if (v[j].commit->author)
			tr_people_add(&c->people, v[j].commit->author);
	size_t shown = 0, total = 0;
	for (size_t j = 0; j < n;) {
		size_t end = j + 1;
		while (end < n && strcmp(v[end].commit->id, v[j].commit->id) == 0)
			end++;
		total++;
		if (shown < COMMITS_MAX) {
			shown++;
			const tr_commit *cm = v[j].commit;
			tr_standup_item *it = su_item(c->s, TR_STANDUP_COMMITS, 0, v[j].issue);
			char id[8];
			snprintf(id, sizeof id, "%.7s", cm->id);
			su_span(it, TR_SPAN_CODE, id);
			su_words(it, " ");
			su_span(it, TR_SPAN_TEXT, cm->summary);
			su_by_at(it, &c->people, cm->author, cm->time, c->now_year);
			it = su_item(c->s, TR_STANDUP_COMMITS, 1, v[j].issue);
			for (size_t k = j; k < end; k++) {
				if (k == j || v[k].kind != v[k - 1].kind)
					su_words(it, "%s%s ", k == j ? "" : "; ", tr_link_kind_word(v[k].kind));
				else
					su_words(it, ", ");
				su_span(it, TR_SPAN_ISSUE, m->issues[v[k].issue].id);
			}
		}
		j = end;
	}
	if (total > shown)
		su_words(su_item(c->s, TR_STANDUP_COMMITS, 0, NONE), "and %zu more", total - shown);
	if (!total)
		su_words(su_item(c->s, TR_STANDUP_COMMITS, 0, NONE), "no commits linked to the issues");
	free(v);
}

/* ---- 3. the graph ------------------------------------------------------ */

static void ids_words(ctx *c, tr_standup_item *it, const tr_model *m, const size_t *v, size_t n,
                      const char *sep)
{
	size_t shown = n > PATH_MAX_SHOWN ? PATH_MAX_SHOWN : n;
	for (size_t k = 0; k < shown; k++) {
		if (k)
			su_words(it, "%s", sep);
		su_span(it, TR_SPAN_ISSUE, m->issues[v[k]].id);
	}
	if (shown < n)
		su_words(it, " and %zu more", n - shown);
	(void)c;
}

static bool same_path(const ctx *c)
{
	const tr_graph *a = c->g_then, *b = c->g_now;
	if (a->ncritical != b->ncritical)
		return false;
	for (size_t k = 0; k < a->ncritical; k++)
		if (strcmp(c->then->issues[a->critical_path[k]].id,
		           c->in->model->issues[b->critical_path[k]].id) != 0)
			return false;
	return true;
}

static void more_line(ctx *c, tr_standup_section_id sec, int level, size_t left)
{
	if (left)
		su_words(su_item(c->s, sec, level, NONE), "and %zu more", left);
}

static void graph(ctx *c)
{
	const tr_model *m = c->in->model;
	const tr_graph *g = c->g_now;
	size_t fixed_now = 0, fixed_then = 0;
	for (size_t i = 0; i < m->nissues; i++)
		fixed_now += counted_fixed(c->state_now[i]);
	for (size_t i = 0; i < c->then->nissues; i++)
		fixed_then += counted_fixed(c->state_then[i]);
	tr_standup_item *it = su_item(c->s, TR_STANDUP_GRAPH, 0, NONE);
	if (c->then->nissues)
		su_words(it, "fixed %zu/%zu %s %zu/%zu", fixed_then, c->then->nissues, c->arrow, fixed_now,
		      m->nissues);
	else    /* "0/0 → 2/8" would say nothing of then */
		su_words(it, "fixed %zu/%zu (no issues in the reports then)", fixed_now, m->nissues);

	/* Became ready: waiting then (or not there), nothing unresolved upstream now. */
	size_t n = 0;
	for (size_t o = 0; o < m->nissues; o++) {
		size_t i = c->order[o];
		if (!g->nodes[i].ready)
			continue;
		/* A new issue was not waiting: the reports section tells it. */
		size_t t = tr_model_lookup(c->then, m->issues[i].id);
		if (t == NONE || c->g_then->nodes[t].ready || c->g_then->nodes[t].resolved ||
		    !c->g_then->nodes[t].nwaits_on)
			continue;
		if (n++ == 0)
			su_words(su_item(c->s, TR_STANDUP_GRAPH, 0, NONE), "became ready:");
		if (n > LIST_MAX)
			continue;
		issue_line(c, TR_STANDUP_GRAPH, 1, i);
		tr_standup_item *last = &c->s->sections[TR_STANDUP_GRAPH].items
		                         [c->s->sections[TR_STANDUP_GRAPH].nitems - 1];
		su_words(last, " (was waiting on ");
		ids_words(c, last, c->then, c->g_then->nodes[t].waits_on, c->g_then->nodes[t].nwaits_on,
		          ", ");
		su_words(last, ")");
	}
	more_line(c, TR_STANDUP_GRAPH, 1, n > LIST_MAX ? n - LIST_MAX : 0);

	/* Ready now, nobody owns it. */
	n = 0;
	for (size_t o = 0; o < m->nissues; o++) {
		size_t i = c->order[o];
		const tr_progress *p = c->prog_now[i];
		if (!g->nodes[i].ready || (p && p->owner))
			continue;
		if (n++ == 0)
			su_words(su_item(c->s, TR_STANDUP_GRAPH, 0, NONE), "ready now, nobody owns it:");
		if (n <= LIST_MAX) {
			issue_line(c, TR_STANDUP_GRAPH, 1, i);
			const char *pw = tr_priority_word(m->issues[i].priority);
			if (pw)
				su_words(&c->s->sections[TR_STANDUP_GRAPH].items
				       [c->s->sections[TR_STANDUP_GRAPH].nitems - 1], " (%s)", pw);
		}
	}
	more_line(c, TR_STANDUP_GRAPH, 1, n > LIST_MAX ? n - LIST_MAX : 0);

	/* Blocked, and on what. */
	n = 0;
	for (size_t o = 0; o < m->nissues; o++) {
		size_t i = c->order[o];
		const tr_graph_node *nd = &g->nodes[i];
		if (nd->resolved || nd->ready || (!nd->nwaits_on && !nd->in_cycle))
			continue;
		if (n++ == 0)
			su_words(su_item(c->s, TR_STANDUP_GRAPH, 0, NONE), "blocked:");
		if (n > LIST_MAX)
			continue;
		tr_standup_item *b = su_item(c->s, TR_STANDUP_GRAPH, 1, i);
		su_span(b, TR_SPAN_ISSUE, m->issues[i].id);
		if (nd->nwaits_on) {
			su_words(b, " waits on ");
			ids_words(c, b, m, nd->waits_on, nd->nwaits_on, ", ");
		}
		if (nd->in_cycle)
			su_words(b, "%son a cycle", nd->nwaits_on ? ", " : " ");
	}
	more_line(c, TR_STANDUP_GRAPH, 1, n > LIST_MAX ? n - LIST_MAX : 0);

	/* The critical path, now and, when it moved, then. */
	char sep[8];
	snprintf(sep, sizeof sep, " %s ", c->arrow);
	it = su_item(c->s, TR_STANDUP_GRAPH, 0, g->ncritical ? g->critical_path[0] : NONE);
	su_words(it, "critical path: ");
	if (g->ncritical)
		ids_words(c, it, m, g->critical_path, g->ncritical, sep);
	else
		su_words(it, "none");
	if (!same_path(c)) {
		it = su_item(c->s, TR_STANDUP_GRAPH, 1, NONE);
		su_words(it, "was: ");
		if (c->g_then->ncritical)
			ids_words(c, it, c->then, c->g_then->critical_path, c->g_then->ncritical, sep);
		else
			su_words(it, "none");
	}
}

/* ---- 4. owners --------------------------------------------------------- */

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void owners(ctx *c)
{
	const tr_model *m = c->in->model;
	tr_strv names = TR_STRV_INIT;
	tr_smap seen = TR_SMAP_INIT;
	const char **owner = tr_calloc(m->nissues ? m->nissues : 1, sizeof *owner);
	for (size_t i = 0; i < m->nissues; i++) {
		const tr_progress *p = c->prog_now[i];
		if (p && p->owner) {
			owner[i] = p->owner;
			if (tr_smap_put(&seen, p->owner, strlen(p->owner), names.n) == names.n)
				tr_strv_push(&names, p->owner);
		}
	}
	tr_smap_free(&seen);
	if (names.n > 1)
		qsort(names.v, names.n, sizeof *names.v, cmp_str);
	/* One pass per owner would be quadratic with many owners: bucket the
	 * issues by owner instead, in the graph's order. */
	size_t *head = tr_malloc((names.n + 1) * sizeof *head), *tail = tr_malloc((names.n + 1) * sizeof *tail);
	size_t *next = tr_malloc((m->nissues + 1) * sizeof *next);
	for (size_t k = 0; k < names.n; k++)
		head[k] = tail[k] = NONE;
	for (size_t o = 0; o < m->nissues; o++) {
		size_t i = c->order[o];
		next[i] = NONE;
		if (!owner[i])
			continue;
		char *const key = (char *)owner[i];
		char **at = bsearch(&key, names.v, names.n, sizeof *names.v, cmp_str);
		size_t k = (size_t)(at - names.v);
		if (head[k] == NONE)
			head[k] = i;
		else
			next[tail[k]] = i;
		tail[k] = i;
	}
	for (size_t k = 0; k < names.n; k++) {
		tr_standup_item *it = su_item(c->s, TR_STANDUP_OWNERS, 0, head[k]);
		su_span(it, TR_SPAN_TEXT, names.v[k]);
		su_words(it, ": ");
		size_t shown = 0, left = 0;
		for (size_t i = head[k]; i != NONE; i = next[i]) {
			if (shown == LIST_MAX) {
				left++;
				continue;
			}
			if (shown++)
				su_words(it, ", ");
			su_span(it, TR_SPAN_ISSUE, m->issues[i].id);
			su_words(it, " %s", tr_state_word(c->state_now[i]));
		}
		if (left)
			su_words(it, ", and %zu more", left);
	}
	if (!names.n)
		su_words(su_item(c->s, TR_STANDUP_OWNERS, 0, NONE), "nobody owns an issue yet");
	size_t n = 0;
	for (size_t o = 0; o < m->nissues; o++) {
		size_t i = c->order[o];
		tr_priority pr = m->issues[i].priority;
		if (owner[i] || resolved(c->state_now[i]) || (pr != TR_P0 && pr != TR_P1))
			continue;
		if (n++ == 0)
			su_words(su_item(c->s, TR_STANDUP_OWNERS, 0, NONE), "P0 and P1 issues nobody owns:");
		if (n <= LIST_MAX) {
			issue_line(c, TR_STANDUP_OWNERS, 1, i);
			su_words(&c->s->sections[TR_STANDUP_OWNERS].items[c->s->sections[TR_STANDUP_OWNERS].nitems - 1],
			      " (%s)", tr_priority_word(pr));
		}
	}
	more_line(c, TR_STANDUP_OWNERS, 1, n > LIST_MAX ? n - LIST_MAX : 0);
	free(head);
	free(tail);
	free(next);
	free(owner);
	tr_strv_free(&names);
}

/* ---- 5. the reports ---------------------------------------------------- */

static bool counts_known(const tr_tests *t)
{
	return t->failed >= 0 || t->passed >= 0 || t->skipped >= 0;
}

static void counts_words(tr_standup_item *it, const tr_tests *t)
{
	if (!counts_known(t)) {
		su_words(it, "no counts");
		return;
	}
	const char *sep = "";
	if (t->failed >= 0) {
		su_words(it, "%ld failed", t->failed);
		sep = ", ";
	}
	if (t->passed >= 0) {
		su_words(it, "%s%ld passed", sep, t->passed);
		sep = ", ";
	}
	if (t->skipped > 0)
		su_words(it, "%s%ld skipped", sep, t->skipped);
}

static bool same_counts(const tr_tests *a, const tr_tests *b)
{
	return a->failed == b->failed && a->passed == b->passed && a->skipped == b->skipped;
}

static void report_changes(ctx *c, size_t r, const tr_model *old)
{
	const tr_model *m = c->in->model;
	size_t changes = 0;
	for (size_t i = 0; i < m->nissues; i++) {
		if (m->issues[i].report != r)
			continue;
		const tr_issue *now = &m->issues[i];
		size_t o = tr_model_lookup(old, now->id);
		if (o == NONE) {
			tr_standup_item *it = su_item(c->s, TR_STANDUP_REPORTS, 1, i);
			su_words(it, "added ");
			su_span(it, TR_SPAN_ISSUE, now->id);
			if (now->title) {
				su_words(it, " ");
				su_span(it, TR_SPAN_TEXT, now->title);
			}
			changes++;
			continue;
		}
		const tr_issue *was = &old->issues[o];
		if (was->status != now->status) {
			tr_standup_item *it = su_item(c->s, TR_STANDUP_REPORTS, 1, i);
			su_span(it, TR_SPAN_ISSUE, now->id);
			su_words(it, " %s %s %s", tr_issue_status_word(was->status), c->arrow,
			      tr_issue_status_word(now->status));
			changes++;
		}
		if (!same_counts(&was->tests, &now->tests)) {
			tr_standup_item *it = su_item(c->s, TR_STANDUP_REPORTS, 1, i);
			su_span(it, TR_SPAN_ISSUE, now->id);
			su_words(it, " ");
			counts_words(it, &was->tests);
			su_words(it, " %s ", c->arrow);
			counts_words(it, &now->tests);
			changes++;
		}
	}
	for (size_t o = 0; o < old->nissues; o++) {
		if (tr_model_lookup(m, old->issues[o].id) != NONE)
			continue;
		tr_standup_item *it = su_item(c->s, TR_STANDUP_REPORTS, 1, NONE);
		su_words(it, "dropped ");
		su_span(it, TR_SPAN_ISSUE, old->issues[o].id);
		if (old->issues[o].title) {
			su_words(it, " ");
			su_span(it, TR_SPAN_TEXT, old->issues[o].title);
		}
		changes++;
	}
	if (!changes)
		su_words(su_item(c->s, TR_STANDUP_REPORTS, 1, NONE), "no change to issues, statuses or test counts");
}

static void reports(ctx *c)
{
	const tr_model *m = c->in->model;
	for (size_t r = 0; r < m->nreports; r++) {
		const tr_report_then *t = c->in->then ? &c->in->then[r] : NULL;
		tr_standup_item *it = su_item(c->s, TR_STANDUP_REPORTS, 0, NONE);
		su_span(it, TR_SPAN_TEXT, m->reports[r].path);
		if (!t || t->kind == TR_THEN_SAME) {
			su_words(it, ": unchanged");
			continue;
		}
		switch (t->kind) {
		case TR_THEN_NEW:
			su_words(it, ": a new report (%zu issue%s)", m->reports[r].nissues,
			      m->reports[r].nissues == 1 ? "" : "s");
			break;
		case TR_THEN_UNKNOWN:
			su_words(it, ": ");
			su_span(it, TR_SPAN_TEXT, t->why ? t->why : "no earlier version known");
			break;
		case TR_THEN_CHANGED:
			su_words(it, ": a new version");
			if (t->commit) {
				char id[8];
				snprintf(id, sizeof id, "%.7s", t->commit);
				su_words(it, " since ");
				su_span(it, TR_SPAN_CODE, id);
				su_words(it, " of ");
				su_when(it, t->time, c->now_year);
			}
			if (t->model)
				report_changes(c, r, t->model);
			break;
		default:
			break;
		}
	}
}

/* ---- 6. failure groups ------------------------------------------------- */

static void failures(ctx *c)
{
	const tr_model *m = c->in->model;
	size_t acked = 0, told = 0;
	/* The groups then, by signature, for a lookup per group now. */
	tr_strv then_sigs = TR_STRV_INIT;
	for (size_t k = 0; k < c->then->ngroups; k++)
		tr_strv_push(&then_sigs, c->then->groups[k].signature);
	if (then_sigs.n > 1)
		qsort(then_sigs.v, then_sigs.n, sizeof *then_sigs.v, cmp_str);
	for (size_t k = 0; k < m->ngroups; k++) {
		const tr_failure_group *fg = &m->groups[k];
		if (st_acked(c->in->store, fg->signature)) {
			acked++;
			continue;
		}
		/* Groups come from the reports alone: with no report changed,
		 * none is new. */
		char *const key = fg->signature;
		if (c->then == m ||
		    (then_sigs.n && bsearch(&key, then_sigs.v, then_sigs.n, sizeof *then_sigs.v, cmp_str)))
			continue;
		told++;
		tr_standup_item *it = su_item(c->s, TR_STANDUP_FAILURES, 0, fg->nissues ? fg->issues[0] : NONE);
		su_words(it, "new: ");
		su_span(it, TR_SPAN_CODE, fg->signature);
		su_words(it, " (%zu line%s in ", fg->count, fg->count == 1 ? "" : "s");
		ids_words(c, it, m, fg->issues, fg->nissues, ", ");
		su_words(it, ")");
	}
	/* Acknowledged since then, net: who saw to what. */
	const net_set *ns = &c->nets;
	for (size_t p = 0; p < ns->nev; p++) {
		size_t k = ns->chain_of[p];
		if (k == NONE || ns->c[k].last != p || ns->c[k].kind != NET_ACK || !net_told(&ns->c[k]))
			continue;
		const tr_event *e = ns->c[k].ev;
		tr_standup_item *it = su_item(c->s, TR_STANDUP_FAILURES, 0,
		                           e->issue ? tr_model_lookup(m, e->issue) : NONE);
		su_words(it, ns->c[k].end ? "acknowledged: " : "acknowledgement withdrawn: ");
		su_span(it, TR_SPAN_CODE, e->failure);
		chain_by_at(c, it, &ns->c[k]);
		told++;
	}
	if (!told)
		su_words(su_item(c->s, TR_STANDUP_FAILURES, 0, NONE), "no new failure groups");
	if (acked)
		su_words(su_item(c->s, TR_STANDUP_FAILURES, 0, NONE), "%zu acknowledged group%s left out", acked,
		      acked == 1 ? "" : "s");
	tr_strv_free(&then_sigs);
}

/* ---- the whole ---------------------------------------------------------- */

tr_standup *tr_standup_new(const tr_standup_input *in)
{
	tr_standup *s = tr_calloc(1, sizeof *s);
	for (int k = 0; k < TR_STANDUP_SECTION_COUNT; k++)
		s->sections[k].id = (tr_standup_section_id)k;
	s->since = in->since;
	s->now = in->now;
	ctx c = { .in = in, .s = s, .arrow = in->ascii ? "->" : "→",
	          .now_year = tr_time_local_year(in->now) };
	if (in->since_by)
		tr_people_add(&c.people, in->since_by);
	read_events(&c);
	net_build(&c.nets, c.ev, c.ev_at, c.nev);
	states(&c);
	graph_order(&c);
	progress(&c);
	commits(&c);
	graph(&c);
	owners(&c);
	reports(&c);
	failures(&c);

	tr_standup_item *h = &s->header;
	h->issue = NONE;
	su_words(h, "Stand-up since ");
	su_when(h, in->since, c.now_year);
	if (in->since_label) {
		su_words(h, " (%s", in->since_label);
		if (in->since_by) {
			su_words(h, ", held by ");
			su_who(h, &c.people, in->since_by);
		}
		su_words(h, ")");
	}

	net_free(&c.nets);
	free(c.ev);
	free(c.ev_at);
	free(c.prog_now);
	free(c.state_now);
	free(c.state_then);
	free(c.order);
	tr_graph_free(c.g_now);
	tr_graph_free(c.g_then);
	tr_people_free(&c.people);
	return s;
}
