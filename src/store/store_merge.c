/* Three-way merge of two progress files that grew apart on two branches.
 *
 * Notes, events and reports are united: nothing anyone wrote is lost.  A
 * field (state, owner, an acknowledgement) changed on one side only takes
 * that side's value; changed on both, the side whose latest event for that
 * field is later wins (ties go to ours, the branch being merged into).  A
 * note present in the base but gone from one side was removed there (an
 * undo) and stays removed. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "store_internal.h"
#include "triage/map.h"

/* ---- a set of events, to unite two event lists ------------------------- */

static uint64_t hash_str(uint64_t h, const char *s)
{
	if (!s)
		return (h ^ 0xff) * 1099511628211ULL;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return (h ^ 0xfe) * 1099511628211ULL;
}

static uint64_t hash_event(const tr_event *ev)
{
	uint64_t h = 14695981039346656037ULL;
	h = hash_str(h, ev->at);
	h = hash_str(h, ev->by);
	h = hash_str(h, ev->issue);
	h = hash_str(h, ev->failure);
	h = hash_str(h, ev->field);
	h = hash_str(h, ev->from);
	h = hash_str(h, ev->to);
	return h;
}

/* Each slot keeps its event's hash: a probe past another event compares
 * hashes, not the events' strings, which on a big file lie all over memory. */
typedef struct event_slot {
	const tr_event *ev;
	uint64_t hash;
} event_slot;

typedef struct event_set {
	event_slot *slot;
	size_t cap;             /* a power of two, at least twice the entries */
} event_set;

static void set_init(event_set *s, size_t n)
{
	s->cap = 16;
	while (s->cap < 2 * n + 2)
		s->cap *= 2;
	s->slot = tr_calloc(s->cap, sizeof *s->slot);
}

/* Adds ev unless an equal event is there; true when it was added. */
static bool set_add(event_set *s, const tr_event *ev)
{
	uint64_t h = hash_event(ev);
	size_t i = (size_t)h & (s->cap - 1);
	while (s->slot[i].ev) {
		if (s->slot[i].hash == h && tr_event_equal(s->slot[i].ev, ev))
			return false;
		i = (i + 1) & (s->cap - 1);
	}
	s->slot[i] = (event_slot){ ev, h };
	return true;
}

/* ---- which side changed a field later ---------------------------------- */

/* One side's latest event for each (issue or failure, field), built the
 * first time a field changed on both sides needs it: a pass over every
 * event for each such field would cost issues times events.  A map by key,
 * filled in one pass in the events' own order: sorting the events by key
 * instead read their strings all over memory, which on a big file cost more
 * than the rest of the merge. */
typedef struct ev_index {
	const tr_doc *d;
	tr_smap latest;         /* key (see ev_key) -> index of the event in d */
	bool built;
} ev_index;

static void ev_key(tr_buf *k, bool failure, const char *name, const char *field)
{
	tr_buf_truncate(k, 0);
	tr_buf_addc(k, failure ? 'f' : 'i');
	store_key_field(k, name);
	store_key_field(k, field);
}

static void ev_index_build(ev_index *x)
{
	x->built = true;
	tr_buf k = TR_BUF_INIT;
	for (size_t i = 0; i < x->d->nevents; i++) {
		const tr_event *ev = &x->d->events[i];
		bool failure = ev->failure != NULL;
		const char *name = failure ? ev->failure : ev->issue;
		if (!name || !ev->at)
			continue;
		ev_key(&k, failure, name, ev->field);
		size_t had = tr_smap_put(&x->latest, k.data, k.len, i);
		if (had != i && strcmp(ev->at, x->d->events[had].at) > 0)
			tr_smap_set(&x->latest, k.data, k.len, i);
	}
	tr_buf_free(&k);
}

/* The time of the latest event for (issue or failure, field) on one side,
 * or `fallback` when that side has none. */
static const char *latest(ev_index *x, const char *issue, const char *failure,
                          const char *field, const char *fallback)
{
	if (!x->built)
		ev_index_build(x);
	bool is_failure = failure != NULL;
	tr_buf k = TR_BUF_INIT;
	ev_key(&k, is_failure, is_failure ? failure : issue, field);
	size_t i = tr_smap_get(&x->latest, k.data, k.len);
	tr_buf_free(&k);
	return i != TR_NONE ? x->d->events[i].at : fallback;
}

/* Where a field is, on both sides, and the time to fall back on when a side
 * has no event for it. */
typedef struct field_ref {
	ev_index *ours, *theirs;
	const char *issue, *failure, *field;
	const char *ours_at, *theirs_at;
} field_ref;

/* 1 to take theirs, 0 for ours.  Events are searched only when both sides
 * changed the field: that is rare, and a search is a pass over every event. */
static int pick(const char *base, const char *ours, const char *theirs, const field_ref *f)
{
	if (tr_str_eq(ours, theirs) || tr_str_eq(base, theirs))
		return 0;
	if (tr_str_eq(base, ours))
		return 1;
	const char *t_ours = latest(f->ours, f->issue, f->failure, f->field, f->ours_at);
	const char *t_theirs = latest(f->theirs, f->issue, f->failure, f->field, f->theirs_at);
	return t_theirs && (!t_ours || strcmp(t_theirs, t_ours) > 0);
}

/* ---- issues ------------------------------------------------------------ */

/* One side's notes, sorted by (by, at, text) to be found by bisection: an
 * issue may carry thousands of notes, and a search per note would cost
 * the square of their number. */
typedef struct note_set {
	const tr_note **v;
	size_t n;
	uint8_t *used;          /* per entry, for theirs: already taken */
} note_set;

static int str_cmp_null(const char *a, const char *b)
{
	if (!a || !b)
		return (a != NULL) - (b != NULL);
	return strcmp(a, b);
}

static int note_key_cmp(const tr_note *x, const tr_note *y)
{
	int c = str_cmp_null(x->by, y->by);
	if (!c)
		c = str_cmp_null(x->at, y->at);
	return c ? c : str_cmp_null(x->text, y->text);
}

static int note_ptr_cmp(const void *a, const void *b)
{
	return note_key_cmp(*(const tr_note *const *)a, *(const tr_note *const *)b);
}

static void set_of(note_set *s, const tr_progress *p)
{
	s->n = p ? p->nnotes : 0;
	s->v = tr_malloc((s->n ? s->n : 1) * sizeof *s->v);
	s->used = tr_calloc(s->n ? s->n : 1, 1);
	for (size_t i = 0; i < s->n; i++)
		s->v[i] = &p->notes[i];
	qsort(s->v, s->n, sizeof *s->v, note_ptr_cmp);
}

/* The first entry equal to n, or (size_t)-1. */
static size_t set_find(const note_set *s, const tr_note *n)
{
	size_t lo = 0, hi = s->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (note_key_cmp(s->v[mid], n) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < s->n && note_key_cmp(s->v[lo], n) == 0 ? lo : (size_t)-1;
}

static void set_free(note_set *s)
{
	free(s->v);
	free(s->used);
}

typedef struct timed_note {
	tr_note n;
	size_t i;
} timed_note;

static int timed_cmp(const void *a, const void *b)
{
	const timed_note *x = a, *y = b;
	int c = strcmp(x->n.at ? x->n.at : "", y->n.at ? y->n.at : "");
	return c ? c : x->i < y->i ? -1 : x->i > y->i;
}

/* Stable sort by time (equal times keep their order). */
static void sort_notes(tr_progress *p)
{
	if (p->nnotes < 2)
		return;
	timed_note *t = tr_malloc(p->nnotes * sizeof *t);
	for (size_t i = 0; i < p->nnotes; i++)
		t[i] = (timed_note){ p->notes[i], i };
	qsort(t, p->nnotes, sizeof *t, timed_cmp);
	for (size_t i = 0; i < p->nnotes; i++)
		p->notes[i] = t[i].n;
	free(t);
}

static void merge_issue(tr_doc *out, const char *id, const tr_progress *b, const tr_progress *o,
                        const tr_progress *t, ev_index *ours, ev_index *theirs)
{
	tr_progress *r = tr_doc_intern(out, id);
	/* No record in the base: it was open there. */
	const char *bs = tr_state_word(b ? b->state : TR_STATE_OPEN);
	const char *os = tr_state_word(o ? o->state : TR_STATE_OPEN);
	const char *ts = tr_state_word(t ? t->state : TR_STATE_OPEN);
	const char *o_at = o ? o->updated_at : NULL, *t_at = t ? t->updated_at : NULL;
	field_ref f = { ours, theirs, id, NULL, "state", o_at, t_at };
	int side = pick(bs, os, ts, &f);
	r->state = side ? (t ? t->state : TR_STATE_OPEN) : (o ? o->state : TR_STATE_OPEN);

	const char *bo = b ? b->owner : NULL, *oo = o ? o->owner : NULL, *to = t ? t->owner : NULL;
	f.field = "owner";
	side = pick(bo, oo, to, &f);
	const char *owner = side ? to : oo;
	r->owner = owner ? tr_strdup(owner) : NULL;

	/* Notes: ours, then theirs' new ones; a note the base had and one side
	 * dropped is gone. */
	note_set sb, so, st;
	set_of(&sb, b);
	set_of(&so, o);
	set_of(&st, t);
	for (int s = 0; s < 2; s++) {
		const tr_progress *p = s == 0 ? o : t;
		const note_set *other = s == 0 ? &st : &so;
		if (!p)
			continue;
		for (size_t i = 0; i < p->nnotes; i++) {
			const tr_note *n = &p->notes[i];
			if (set_find(&sb, n) != (size_t)-1 && set_find(other, n) == (size_t)-1)
				continue;
			if (s == 1) {
				/* Ours has it (and kept it, as theirs has it too), or an
				 * equal one of theirs was taken already. */
				size_t k = set_find(&st, n);
				if (set_find(&so, n) != (size_t)-1 || st.used[k])
					continue;
				st.used[k] = 1;
			}
			tr_doc_add_note(r, n->by, n->at, n->text);
		}
	}
	set_free(&sb);
	set_free(&so);
	set_free(&st);
	sort_notes(r);

	const tr_progress *later = o;
	if (!o || (t && t_at && (!o_at || strcmp(t_at, o_at) > 0)))
		later = t;
	r->updated_by = later && later->updated_by ? tr_strdup(later->updated_by) : NULL;
	r->updated_at = later && later->updated_at ? tr_strdup(later->updated_at) : NULL;
}

static void merge_issues(tr_doc *out, const tr_doc *base, const tr_doc *ours, const tr_doc *theirs,
                         ev_index *io, ev_index *it)
{
	/* Both lists are sorted: walk them together. */
	size_t i = 0, j = 0;
	while (i < ours->nissues || j < theirs->nissues) {
		const tr_progress *o = i < ours->nissues ? &ours->issues[i] : NULL;
		const tr_progress *t = j < theirs->nissues ? &theirs->issues[j] : NULL;
		int c = !o ? 1 : !t ? -1 : tr_doc_id_cmp(o->id, t->id);
		if (c < 0)
			t = NULL, i++;
		else if (c > 0)
			o = NULL, j++;
		else
			i++, j++;
		const char *id = o ? o->id : t->id;
		merge_issue(out, id, tr_doc_find(base, id), o, t, io, it);
	}
}

/* ---- acknowledgements -------------------------------------------------- */

static void merge_acks(tr_doc *out, const tr_doc *base, const tr_doc *ours, const tr_doc *theirs,
                       ev_index *io, ev_index *it)
{
	for (int s = 0; s < 2; s++) {
		const tr_doc *d = s == 0 ? ours : theirs;
		for (size_t i = 0; i < d->nacks; i++) {
			const char *sig = d->acks[i].signature;
			/* Each side's are unique; theirs that ours has were decided with ours. */
			if (s == 1 && tr_doc_find_ack(ours, sig))
				continue;
			const tr_ack *b = tr_doc_find_ack(base, sig);
			const tr_ack *o = tr_doc_find_ack(ours, sig), *t = tr_doc_find_ack(theirs, sig);
			field_ref f = { io, it, NULL, sig, "acknowledged", o ? o->at : NULL,
			                t ? t->at : NULL };
			int side = pick(b ? "yes" : NULL, o ? "yes" : NULL, t ? "yes" : NULL, &f);
			const tr_ack *won = side ? t : o;
			if (!won)
				continue;
			/* Appended, sorted once at the end: theirs fall between ours. */
			tr_grow((void **)&out->acks, &out->capacks, out->nacks + 1, sizeof *out->acks);
			out->acks[out->nacks++] = (tr_ack){ tr_strdup(sig), won->by ? tr_strdup(won->by) : NULL,
			                                    won->at ? tr_strdup(won->at) : NULL };
		}
	}
	store_sort_acks(out);
}

/* ---- events ------------------------------------------------------------ */

static void merge_events(tr_doc *out, const tr_doc *ours, const tr_doc *theirs)
{
	event_set seen;
	set_init(&seen, ours->nevents + theirs->nevents);
	const tr_event **mine = tr_malloc((ours->nevents + 1) * sizeof *mine);
	const tr_event **new = tr_malloc((theirs->nevents + 1) * sizeof *new);
	size_t nm = 0, nn = 0;
	for (size_t i = 0; i < ours->nevents; i++)
		if (set_add(&seen, &ours->events[i]))
			mine[nm++] = &ours->events[i];
	for (size_t i = 0; i < theirs->nevents; i++)
		if (set_add(&seen, &theirs->events[i]))
			new[nn++] = &theirs->events[i];
	/* Each side is in time order already; interleave them by time, ours
	 * first on a tie, so the stand-up reads one history. */
	size_t i = 0, j = 0;
	while (i < nm || j < nn) {
		bool take_ours = j >= nn || (i < nm && strcmp(mine[i]->at, new[j]->at) <= 0);
		tr_doc_add_event(out, take_ours ? mine[i++] : new[j++]);
	}
	free(mine);
	free(new);
	free(seen.slot);
}

tr_doc *tr_doc_merge(const tr_doc *base, const tr_doc *ours, const tr_doc *theirs)
{
	tr_doc *out = tr_doc_new();
	for (size_t i = 0; i < ours->reports.n; i++)
		tr_strv_push(&out->reports, ours->reports.v[i]);
	for (size_t i = 0; i < theirs->reports.n; i++)
		tr_strv_push(&out->reports, theirs->reports.v[i]);
	tr_strv_dedupe(&out->reports);
	ev_index io = { ours, TR_SMAP_INIT, false }, it = { theirs, TR_SMAP_INIT, false };
	merge_issues(out, base, ours, theirs, &io, &it);
	merge_acks(out, base, ours, theirs, &io, &it);
	tr_smap_free(&io.latest);
	tr_smap_free(&it.latest);
	merge_events(out, ours, theirs);
	return out;
}
