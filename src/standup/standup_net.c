/* What changed since the stand-up, net of churn: a value set and set back
 * (by hand, or by an undo and a redo) is no change, a chain a → b → c is
 * one change a → c, a note added and removed or removed and restored is
 * none.  Each event is looked at once: things are found by a hash of what
 * they are (an issue's field, a note, a failure group), not by a search
 * of the log. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "standup_internal.h"
#include "triage/clock.h"
#include "triage/map.h"
#include "triage/standup.h"

#define NONE (TR_NONE)

/* Appends s and its NUL: keys of several strings stay unambiguous. */
static void key_part(tr_buf *b, const char *s)
{
	tr_buf_add(b, s ? s : "", strlen(s ? s : "") + 1);
}

/* ---- chains ------------------------------------------------------------ */

static int cmp_time(const void *a, const void *b, void *arg)
{
	const int64_t *at = arg;
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	if (at[x] != at[y])
		return at[x] < at[y] ? -1 : 1;
	return x < y ? -1 : x > y;
}

static size_t new_chain(net_set *s, net_kind kind, const tr_event *e)
{
	tr_grow((void **)&s->c, &s->cap, s->n + 1, sizeof *s->c);
	s->c[s->n] = (net_chain){ kind, e, e->from, e->from, NULL, NONE, NONE, NONE };
	return s->n++;
}

/* The chain a note's event continues: the one whose text is the event's
 * `from`; for a note added back, the one removed with that text, else any
 * removed one.  NONE: the event begins a chain. */
static size_t note_chain(const net_set *s, size_t first, const tr_event *e)
{
	size_t removed = NONE;
	for (size_t i = first; i != NONE; i = s->c[i].sibling) {
		const net_chain *c = &s->c[i];
		if (e->from) {
			if (tr_str_eq(c->end, e->from))
				return i;
		} else if (!c->end) {
			if (tr_str_eq(c->gone, e->to))
				return i;
			if (removed == NONE)
				removed = i;
		}
	}
	return removed;
}

void net_build(net_set *s, const tr_event *const *ev, const int64_t *at, size_t n)
{
	memset(s, 0, sizeof *s);
	s->nev = n;
	size_t sz = (n ? n : 1) * sizeof(size_t);
	s->order = tr_malloc(sz);
	s->chain_of = tr_malloc(sz);
	s->next = tr_malloc(sz);
	bool sorted = true;
	for (size_t k = 0; k < n; k++) {
		s->order[k] = k;
		if (k && at[k] < at[k - 1])
			sorted = false;
	}
	/* The log is in time order but for a file merged by hand: then the
	 * time tells which change came first. */
	if (!sorted)
		qsort_r(s->order, n, sizeof *s->order, cmp_time, (void *)at);
	tr_smap m = TR_SMAP_INIT;
	tr_buf key = TR_BUF_INIT;
	for (size_t p = 0; p < n; p++) {
		const tr_event *e = ev[s->order[p]];
		s->chain_of[p] = s->next[p] = NONE;
		net_kind kind;
		tr_buf_reset(&key);
		if (!e->field || strcmp(e->field, TR_EVENT_STANDUP) == 0) {
			continue;
		} else if (e->failure) {
			if (strcmp(e->field, "acknowledged") != 0)
				continue;
			kind = NET_ACK;
			key_part(&key, "A");
			key_part(&key, e->failure);
		} else if (!e->issue || strcmp(e->field, "acknowledged") == 0) {
			continue;
		} else if (strcmp(e->field, "note") == 0) {
			kind = NET_NOTE;
			key_part(&key, "N");
			key_part(&key, e->issue);
			key_part(&key, e->by);
			key_part(&key, e->note_at ? e->note_at : e->at);
		} else {
			kind = NET_FIELD;
			key_part(&key, "F");
			key_part(&key, e->issue);
			key_part(&key, e->field);
		}
		size_t first = tr_smap_get(&m, key.data, key.len), ci;
		if (kind == NET_NOTE && first != NONE) {
			ci = note_chain(s, first, e);
			if (ci == NONE) {
				ci = new_chain(s, kind, e);
				s->c[ci].sibling = s->c[first].sibling;
				s->c[first].sibling = ci;
			}
		} else if (first != NONE) {
			ci = first;
		} else {
			ci = new_chain(s, kind, e);
			tr_smap_put(&m, key.data, key.len, ci);
		}
		net_chain *c = &s->c[ci];
		if (c->last != NONE)
			s->next[c->last] = p;
		c->last = p;
		c->ev = e;
		s->chain_of[p] = ci;
		if (!e->to && e->from)
			c->gone = e->from;
		c->end = e->to;
		if (tr_str_eq(c->end, c->start))
			c->seg = NONE;
		else if (c->seg == NONE)
			c->seg = p;
	}
	tr_buf_free(&key);
	tr_smap_free(&m);
}

void net_free(net_set *s)
{
	free(s->order);
	free(s->chain_of);
	free(s->next);
	free(s->c);
	memset(s, 0, sizeof *s);
}

bool net_told(const net_chain *c)
{
	return !tr_str_eq(c->start, c->end);
}

/* ---- marks ------------------------------------------------------------ */

int tr_standup_last_mark(const tr_store *st, int64_t now, int64_t *at, const char **by,
                         size_t *future)
{
	size_t n = 0;
	const tr_event *ev = st ? tr_store_events(st, &n) : NULL;
	*future = 0;
	int found = 0;
	/* An undo withdraws a mark by naming its time, after it: walking back
	 * from the end, the withdrawals seen so far are those that came later. */
	tr_strv withdrawn = TR_STRV_INIT;
	for (size_t i = n; i-- > 0;) {
		const tr_event *e = &ev[i];
		if (e->issue || e->failure || strcmp(e->field, TR_EVENT_STANDUP) != 0)
			continue;
		if (!e->to) {
			if (e->from)
				tr_strv_push(&withdrawn, e->from);
			continue;
		}
		int64_t t;
		if (tr_time_parse(e->at, &t) < 0)
			continue;
		if (t > now) {
			(*future)++;
			continue;
		}
		if ((found && t <= *at) || tr_strv_contains(&withdrawn, e->at))
			continue;
		*at = t;
		*by = e->by;
		found = 1;
	}
	tr_strv_free(&withdrawn);
	return found;
}

/* ---- for the console ---------------------------------------------------- */

void tr_standup_changed(const tr_store *st, const tr_model *m, int64_t since, uint8_t *changed)
{
	memset(changed, 0, m->nissues);
	size_t n = 0;
	const tr_event *all = st ? tr_store_events(st, &n) : NULL;
	const tr_event **ev = tr_malloc((n ? n : 1) * sizeof *ev);
	int64_t *at = tr_malloc((n ? n : 1) * sizeof *at);
	size_t k = 0;
	/* As the stand-up reads them: times as triage writes them sort as
	 * text, so older events are passed over without being parsed. */
	char since_iso[21];
	tr_time_iso(since_iso, since);
	for (size_t i = 0; i < n; i++) {
		const char *t = all[i].at;
		if (!all[i].issue || all[i].failure ||
		    (strlen(t) == 20 && t[19] == 'Z' && t[10] == 'T' && strcmp(t, since_iso) < 0) ||
		    tr_time_parse(t, &at[k]) < 0 || at[k] < since)
			continue;
		ev[k++] = &all[i];
	}
	net_set s;
	net_build(&s, ev, at, k);
	for (size_t c = 0; c < s.n; c++) {
		if (s.c[c].kind == NET_ACK || !net_told(&s.c[c]))
			continue;
		size_t i = tr_model_lookup(m, s.c[c].ev->issue);
		if (i != NONE)
			changed[i] = 1;
	}
	net_free(&s);
	free(ev);
	free(at);
}

void tr_event_undo_kinds(const tr_event *ev, size_t n, uint8_t *kind)
{
	tr_smap m = TR_SMAP_INIT;
	tr_buf key = TR_BUF_INIT;
	for (size_t k = 0; k < n; k++) {
		const tr_event *e = &ev[k];
		kind[k] = TR_EVENT_DONE;
		if (e->undoes) {
			/* "AT#1" is the change "AT", as tr_event_ref writes it. */
			size_t len = strlen(e->undoes);
			if (len > 2 && strcmp(e->undoes + len - 2, "#1") == 0)
				len -= 2;
			tr_buf_reset(&key);
			key_part(&key, e->by);
			tr_buf_add(&key, e->undoes, len);
			size_t t = tr_smap_get(&m, key.data, key.len);
			/* A redo undoes an undo; undoing a redo is an undo again.
			 * Files written before redoes was said have only undoes. */
			kind[k] = e->redo || t == TR_EVENT_UNDO ? TR_EVENT_REDO : TR_EVENT_UNDO;
		}
		char ref[40];
		tr_event_ref(e, ref);
		tr_buf_reset(&key);
		key_part(&key, e->by);
		tr_buf_add(&key, ref, strlen(ref));
		tr_smap_put(&m, key.data, key.len, kind[k]);
	}
	tr_buf_free(&key);
	tr_smap_free(&m);
}
