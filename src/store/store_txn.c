/* Changes to the progress store: each a transaction under the lock on what
 * is on disk, and the undo of this session's own. */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "store_internal.h"
#include "triage/map.h"
#include "triage/text.h"

/* Long enough for a slow disk under another session's save, short enough
 * that a console never seems hung. */
#define LOCK_TIMEOUT_MS 10000

/* ---- transactions ------------------------------------------------------ */

/* The seq of a change `user` saves at `now`: after any of theirs saved in
 * the same second (by this session or another), so that undo can tell
 * them apart. */
static int next_seq(const tr_doc *d, const char *user, const char *now)
{
	int seq = 0;
	for (size_t i = 0; i < d->nevents; i++) {
		const tr_event *ev = &d->events[i];
		if (strcmp(ev->at, now) == 0 && user && strcmp(ev->by, user) == 0) {
			int s = ev->seq > 1 ? ev->seq : 1;
			if (s > seq)
				seq = s;
		}
	}
	return seq + 1;
}

int store_transact(tr_store *st, store_txn_op op, void *ctx, tr_error *err)
{
	if (st->read_only) {
		if (st->problem.status != TR_OK)
			return tr_error_set(err, st->problem.status, "%s", st->problem.message);
		return tr_error_set(err, TR_READONLY, "%s: opened read-only; nothing was saved", st->path);
	}
	/* Looking writes nothing: where the directory is still missing, the
	 * change is tried on the (empty) document first, and the directory,
	 * its .gitignore and the lock come only when there is something to
	 * save. */
	struct stat sb;
	if (stat(st->dir, &sb) < 0) {
		char now[21];
		tr_time_now(now);
		st->txn_seq = next_seq(st->doc, st->user, now);
		bool writes = op(st, now, ctx);
		store_restore_doc(st);
		if (!writes)
			return 0;
	}
	if (store_make_dirs(st->dir, err) < 0)
		return -1;
	tr_lock *lk = tr_lock_acquire(st->lock_path, st->path, LOCK_TIMEOUT_MS, err);
	if (!lk)
		return -1;
	if (store_sync_whole(st, err) < 0) {
		tr_lock_release(lk);
		return -1;
	}
	char now[21];
	tr_time_now(now);
	st->txn_seq = next_seq(st->doc, st->user, now);
	size_t before = st->doc->nevents;
	if (!op(st, now, ctx)) {
		tr_lock_release(lk);
		return 0;
	}
	size_t added = st->doc->nevents - before;
	store_remember_pending(st);
	tr_buf out = TR_BUF_INIT;
	tr_doc_write(st->doc, &out);
	if (tr_file_replace(st->path, out.data, out.len, st->id.exists ? (int)st->id.mode : -1,
	                    err) < 0) {
		store_restore_doc(st);
		tr_buf_free(&out);
		tr_lock_release(lk);
		return -1;
	}
	free(st->bytes);
	st->nbytes = out.len;
	st->bytes = tr_buf_detach(&out);
	tr_strv_free(&st->pending_reports);
	if (stat(st->path, &sb) == 0)
		store_id_from_stat(&st->id, &sb);
	else
		st->id.exists = false;
	tr_lock_release(lk);
	return (int)(added > INT_MAX ? INT_MAX : added);
}

static void record_note_at(tr_store *st, const char *now, const char *issue, const char *failure,
                           const char *field, const char *from, const char *to,
                           const char *note_at)
{
	tr_event ev = { (char *)now, st->user, (char *)issue, (char *)failure, (char *)field,
	                (char *)from, (char *)to, st->txn_seq, (char *)st->txn_undoes, st->txn_redo,
	                note_at && strcmp(note_at, now) != 0 ? (char *)note_at : NULL };
	tr_doc_add_event(st->doc, &ev);
}

static void record(tr_store *st, const char *now, const char *issue, const char *failure,
                   const char *field, const char *from, const char *to)
{
	record_note_at(st, now, issue, failure, field, from, to, NULL);
}

static void touch(tr_store *st, tr_progress *p, const char *now)
{
	free(p->updated_by);
	free(p->updated_at);
	p->updated_by = tr_strdup(st->user);
	p->updated_at = tr_strdup(now);
}

static void set_state(tr_store *st, const char *now, const char *id, tr_state to)
{
	tr_progress *p = tr_doc_find(st->doc, id);
	tr_state from = p ? p->state : TR_STATE_OPEN;
	if (from == to)
		return;
	p = tr_doc_intern(st->doc, id);
	p->state = to;
	touch(st, p, now);
	record(st, now, id, NULL, "state", tr_state_word(from), tr_state_word(to));
}

static void set_owner(tr_store *st, const char *now, const char *id, const char *owner)
{
	tr_progress *p = tr_doc_find(st->doc, id);
	if (tr_str_eq(p ? p->owner : NULL, owner))
		return;
	p = tr_doc_intern(st->doc, id);
	char *from = p->owner;
	p->owner = owner ? tr_strdup(owner) : NULL;
	touch(st, p, now);
	record(st, now, id, NULL, "owner", from, owner);
	free(from);
}

static void set_ack(tr_store *st, const char *now, const char *issue, const char *sig, bool ack)
{
	bool was = tr_doc_find_ack(st->doc, sig) != NULL;
	if (was == ack)
		return;
	if (ack)
		tr_doc_set_ack(st->doc, sig, st->user, now);
	else
		tr_doc_remove_ack(st->doc, sig);
	record(st, now, issue, sig, "acknowledged", was ? "yes" : NULL, ack ? "yes" : NULL);
}

typedef struct apply_ctx {
	const tr_change *changes;
	size_t n;
	tr_error *err;
	bool failed;            /* a change could not be made: nothing is saved */
} apply_ctx;

/* Edits (text) or deletes (NULL) the user's own note; false with the
 * reason in c->err when there is no such note of theirs. */
static bool change_note(tr_store *st, const char *now, apply_ctx *c, const tr_change *ch,
                        const char *text)
{
	tr_progress *p = tr_doc_find(st->doc, ch->issue);
	tr_note *n = tr_doc_find_note(p, st->user, ch->note_at, ch->note_text);
	if (!n) {
		bool theirs = false;
		for (size_t i = 0; p && i < p->nnotes && !theirs; i++)
			theirs = p->notes[i].at && strcmp(p->notes[i].at, ch->note_at) == 0 &&
			         p->notes[i].text && strcmp(p->notes[i].text, ch->note_text) == 0;
		tr_error_set(c->err, theirs ? TR_USAGE : TR_NOTFOUND,
		             theirs ? "%s: that note is someone else's: only who wrote a note edits or "
		                      "deletes it; nothing was saved"
		                    : "%s: that note is no longer there (changed or deleted since); "
		                      "nothing was saved",
		             ch->issue);
		c->failed = true;
		return false;
	}
	if (text && strcmp(n->text, text) == 0)
		return true;
	char *old = n->text;
	char *at = tr_strdup(n->at);
	if (text) {
		n->text = tr_strdup(text);
	} else {
		n->text = tr_strdup(old);
		tr_doc_remove_note(p, st->user, at, old);
	}
	touch(st, p, now);
	record_note_at(st, now, ch->issue, NULL, "note", old, text, at);
	free(at);
	free(old);
	return true;
}

static bool op_apply(tr_store *st, const char *now, void *vctx)
{
	apply_ctx *c = vctx;
	size_t before = st->doc->nevents;
	for (size_t i = 0; i < c->n; i++) {
		const tr_change *ch = &c->changes[i];
		switch (ch->kind) {
		case TR_CHANGE_STATE:
			set_state(st, now, ch->issue, ch->state);
			break;
		case TR_CHANGE_OWNER:
			set_owner(st, now, ch->issue, ch->text);
			break;
		case TR_CHANGE_NOTE: {
			tr_progress *p = tr_doc_intern(st->doc, ch->issue);
			tr_doc_add_note(p, st->user, now, ch->text);
			touch(st, p, now);
			record(st, now, ch->issue, NULL, "note", NULL, ch->text);
			break;
		}
		case TR_CHANGE_NOTE_EDIT:
		case TR_CHANGE_NOTE_DELETE:
			if (!change_note(st, now, c, ch, ch->kind == TR_CHANGE_NOTE_EDIT ? ch->text : NULL))
				return false;
			break;
		case TR_CHANGE_ACK:
			set_ack(st, now, ch->issue, ch->text, ch->ack);
			break;
		case TR_CHANGE_MARK:
			record(st, now, NULL, NULL, TR_EVENT_STANDUP, NULL, "held");
			break;
		}
	}
	return st->doc->nevents > before;
}

/* Text from the command line or a keyboard: valid UTF-8, trimmed; NULL
 * for nothing. */
static char *clean_text(const char *s)
{
	if (!s)
		return NULL;
	char *t = tr_utf8_fix(s, strlen(s));
	tr_trim(t);
	if (!*t) {
		free(t);
		return NULL;
	}
	char *r = tr_strdup(t);
	free(t);
	return r;
}

int tr_store_apply(tr_store *st, const tr_change *changes, size_t n, tr_error *err)
{
	if (n == 0)
		return 0;
	if (!st->user)
		return tr_error_set(err, TR_USAGE,
		                    "who is making this change? set user.name and user.email with "
		                    "git config, or pass --user NAME or TRIAGE_USER; nothing was saved");
	tr_change *clean = tr_calloc(n ? n : 1, sizeof *clean);
	tr_strv owned = TR_STRV_INIT;
	int rc = 0;
	for (size_t i = 0; i < n && rc == 0; i++) {
		clean[i] = changes[i];
		char *issue = clean_text(changes[i].issue);
		char *text = clean_text(changes[i].text);
		if (issue)
			tr_strv_push_owned(&owned, issue);
		if (text)
			tr_strv_push_owned(&owned, text);
		clean[i].issue = issue;
		clean[i].text = text;
		/* The note named may be the store's own (tr_store_get): copied,
		 * as the transaction reads the file again. */
		if (changes[i].note_at)
			tr_strv_push(&owned, changes[i].note_at), clean[i].note_at = owned.v[owned.n - 1];
		if (changes[i].note_text)
			tr_strv_push(&owned, changes[i].note_text), clean[i].note_text = owned.v[owned.n - 1];
		switch (changes[i].kind) {
		case TR_CHANGE_STATE:
			if ((unsigned)changes[i].state >= TR_STATE_COUNT)
				rc = tr_error_set(err, TR_USAGE, "not a state; nothing was saved");
			/* fall through */
		case TR_CHANGE_OWNER:
			if (!issue)
				rc = tr_error_set(err, TR_USAGE, "a change names no issue; nothing was saved");
			break;
		case TR_CHANGE_NOTE:
			if (!issue)
				rc = tr_error_set(err, TR_USAGE, "a note names no issue; nothing was saved");
			else if (!text)
				rc = tr_error_set(err, TR_USAGE, "%s: the note is empty; nothing was saved", issue);
			break;
		case TR_CHANGE_NOTE_EDIT:
		case TR_CHANGE_NOTE_DELETE:
			if (!issue)
				rc = tr_error_set(err, TR_USAGE, "a note names no issue; nothing was saved");
			else if (!changes[i].note_at || !changes[i].note_text)
				rc = tr_error_set(err, TR_USAGE, "%s: which note? nothing was saved", issue);
			else if (changes[i].kind == TR_CHANGE_NOTE_EDIT && !text)
				rc = tr_error_set(err, TR_USAGE, "%s: the note would be empty (delete it "
				                  "instead); nothing was saved", issue);
			break;
		case TR_CHANGE_ACK:
			if (!text)
				rc = tr_error_set(err, TR_USAGE, "no failure signature to acknowledge; nothing "
				                  "was saved");
			break;
		case TR_CHANGE_MARK:
			clean[i].issue = NULL;
			break;
		default:
			rc = tr_error_set(err, TR_USAGE, "unknown kind of change; nothing was saved");
		}
	}
	if (rc == 0) {
		apply_ctx c = { clean, n, err, false };
		rc = store_transact(st, op_apply, &c, err);
		if (c.failed) {
			store_restore_doc(st);
			rc = -1;
		}
	}
	free(clean);
	tr_strv_free(&owned);
	return rc;
}

/* ---- undo and redo ----------------------------------------------------- */

/* The user's own changes, read from the log: each is the events with the
 * same (at, seq), replayed in the order saved to find what undo and redo
 * take next. */
typedef struct own_change {
	const char *at;
	int seq;
	size_t first;           /* index of its first event in the log */
	size_t *ev;             /* its events, in log order */
	size_t nev;
	const char *undoes;
	enum { OWN_NONE, OWN_DONE, OWN_UNDONE, OWN_GONE } status;
} own_change;

typedef struct history {
	const tr_doc *d;
	own_change *c;          /* by (at, seq) */
	size_t *ev;             /* their events, change by change */
	size_t n;
	size_t *done, ndone;    /* undo takes from the top (the end) */
	size_t *undone, nundone;        /* redo takes from the top */
} history;

static int seq_of(const tr_event *ev)
{
	return ev->seq > 1 ? ev->seq : 1;
}

/* The user's events by change (at, seq), then in log order: they are
 * pointers into one array. */
static int by_change(const void *a, const void *b)
{
	const tr_event *x = *(const tr_event *const *)a, *y = *(const tr_event *const *)b;
	int c = strcmp(x->at, y->at);
	if (c)
		return c;
	if (seq_of(x) != seq_of(y))
		return seq_of(x) < seq_of(y) ? -1 : 1;
	return x < y ? -1 : x > y;
}

static int by_first(const void *a, const void *b)
{
	size_t x = (*(const own_change *const *)a)->first, y = (*(const own_change *const *)b)->first;
	return x < y ? -1 : x > y;
}

/* The change an `undoes` names ("AT" or "AT#SEQ"), or TR_NONE. */
static size_t hist_find(const history *h, const char *ref)
{
	const char *hash = strchr(ref, '#');
	size_t atlen = hash ? (size_t)(hash - ref) : strlen(ref);
	int seq = 1;
	if (hash) {
		char *end;
		long v = strtol(hash + 1, &end, 10);
		if (*end || v < 1 || v > INT_MAX)
			return TR_NONE;
		seq = (int)v;
	}
	size_t lo = 0, hi = h->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const own_change *c = &h->c[mid];
		int k = strncmp(c->at, ref, atlen);
		if (k == 0 && c->at[atlen])
			k = 1;
		if (k == 0)
			k = c->seq < seq ? -1 : c->seq > seq;
		if (k < 0)
			lo = mid + 1;
		else if (k > 0)
			hi = mid;
		else
			return mid;
	}
	return TR_NONE;
}

/* Replays the user's changes: a change goes on `done` and ends what could
 * be redone; an undo of one on `done` moves to `undone`, a redo (an undo of
 * one on `undone`) back to `done`; an undo of anything else (a change
 * undone twice, from two copies of the file merged) changes nothing. */
static void hist_build(history *h, const tr_doc *d, const char *user)
{
	memset(h, 0, sizeof *h);
	h->d = d;
	if (!user)
		return;
	const tr_event **mine = tr_malloc((d->nevents ? d->nevents : 1) * sizeof *mine);
	size_t n = 0;
	for (size_t i = 0; i < d->nevents; i++)
		if (d->events[i].by && strcmp(d->events[i].by, user) == 0)
			mine[n++] = &d->events[i];
	qsort(mine, n, sizeof *mine, by_change);
	h->c = tr_calloc(n ? n : 1, sizeof *h->c);
	h->ev = tr_malloc((n ? n : 1) * sizeof *h->ev);
	for (size_t i = 0; i < n; i++)
		h->ev[i] = (size_t)(mine[i] - d->events);
	free(mine);
	for (size_t i = 0; i < n;) {
		const tr_event *ev = &d->events[h->ev[i]];
		size_t j = i + 1;
		while (j < n && strcmp(d->events[h->ev[j]].at, ev->at) == 0 &&
		       seq_of(&d->events[h->ev[j]]) == seq_of(ev))
			j++;
		own_change *c = &h->c[h->n++];
		c->at = ev->at;
		c->seq = seq_of(ev);
		c->first = h->ev[i];
		c->ev = h->ev + i;
		c->nev = j - i;
		c->undoes = ev->undoes;
		i = j;
	}
	/* Each change goes on one stack at most once: room for all of them. */
	h->done = tr_malloc((h->n ? h->n : 1) * sizeof *h->done);
	h->undone = tr_malloc((h->n ? h->n : 1) * sizeof *h->undone);
	own_change **order = tr_malloc((h->n ? h->n : 1) * sizeof *order);
	for (size_t i = 0; i < h->n; i++)
		order[i] = &h->c[i];
	qsort(order, h->n, sizeof *order, by_first);
	for (size_t k = 0; k < h->n; k++) {
		size_t i = (size_t)(order[k] - h->c);
		own_change *c = &h->c[i];
		if (!c->undoes) {
			for (size_t u = 0; u < h->nundone; u++)
				if (h->c[h->undone[u]].status == OWN_UNDONE)
					h->c[h->undone[u]].status = OWN_GONE;
			h->nundone = 0;
			c->status = OWN_DONE;
			h->done[h->ndone++] = i;
			continue;
		}
		size_t r = hist_find(h, c->undoes);
		if (r == TR_NONE || r == i) {
			c->status = OWN_GONE;
		} else if (h->c[r].status == OWN_DONE) {
			h->c[r].status = OWN_GONE;
			c->status = OWN_UNDONE;
			h->undone[h->nundone++] = i;
		} else if (h->c[r].status == OWN_UNDONE) {
			h->c[r].status = OWN_GONE;
			c->status = OWN_DONE;
			h->done[h->ndone++] = i;
		} else {
			c->status = OWN_GONE;
		}
	}
	free(order);
}

static void hist_free(history *h)
{
	free(h->ev);
	free(h->c);
	free(h->done);
	free(h->undone);
}

/* The note an event concerns is by its author, at note_at or its own time. */
static const char *note_time(const tr_event *ev)
{
	return ev->note_at ? ev->note_at : ev->at;
}

/* The notes of every issue, to tell whether a note stands without reading
 * all of its issue's notes: undo passes over each change of the user's that
 * someone has changed since, and an issue may have many notes.  Built at
 * the first note asked about; the document does not change meanwhile. */
typedef struct note_index {
	tr_smap keys;           /* issue, by, at, text: see note_key */
	bool built;
} note_index;

void store_key_field(tr_buf *k, const char *s)
{
	if (s) {
		tr_buf_addc(k, '\1');
		tr_buf_adds(k, s);
	}
	tr_buf_add(k, "", 1);
}

static void note_key(tr_buf *k, const char *issue, const char *by, const char *at, const char *text)
{
	tr_buf_truncate(k, 0);
	store_key_field(k, issue);
	store_key_field(k, by);
	store_key_field(k, at);
	store_key_field(k, text);
}

static bool note_stands(note_index *ix, const tr_doc *d, const tr_progress *p, const char *by,
                        const char *at, const char *text)
{
	if (!ix)
		return tr_doc_find_note(p, by, at, text) != NULL;
	if (!p)
		return false;
	tr_buf k = TR_BUF_INIT;
	if (!ix->built) {
		for (size_t i = 0; i < d->nissues; i++)
			for (size_t j = 0; j < d->issues[i].nnotes; j++) {
				const tr_note *n = &d->issues[i].notes[j];
				note_key(&k, d->issues[i].id, n->by, n->at, n->text);
				tr_smap_put(&ix->keys, k.data, k.len, 1);
			}
		ix->built = true;
	}
	note_key(&k, p->id, by, at, text);
	bool found = tr_smap_get(&ix->keys, k.data, k.len) != TR_NONE;
	tr_buf_free(&k);
	return found;
}

/* Whether what the event did still stands, so that reversing it takes
 * back this event and nobody else's later change.  With ix, notes are
 * looked up there (the document must not have changed since it was built). */
static bool in_effect(const tr_doc *d, const tr_event *ev, note_index *ix)
{
	if (strcmp(ev->field, TR_EVENT_STANDUP) == 0)
		return ev->to || ev->from;
	if (strcmp(ev->field, "acknowledged") == 0)
		return ev->failure && (tr_doc_find_ack(d, ev->failure) != NULL) == (ev->to != NULL);
	if (!ev->issue)
		return false;
	const tr_progress *p = tr_doc_find(d, ev->issue);
	if (strcmp(ev->field, "state") == 0)
		return tr_state_from_word(ev->from) >= 0 &&
		       tr_str_eq(tr_state_word(p ? p->state : TR_STATE_OPEN), ev->to);
	if (strcmp(ev->field, "owner") == 0)
		return tr_str_eq(p ? p->owner : NULL, ev->to);
	if (strcmp(ev->field, "note") == 0) {
		if (ev->to)
			return note_stands(ix, d, p, ev->by, note_time(ev), ev->to);
		return ev->from && !note_stands(ix, d, p, ev->by, note_time(ev), ev->from);
	}
	return false;
}

static bool any_in_effect(const history *h, const own_change *c, note_index *ix)
{
	for (size_t k = 0; k < c->nev; k++)
		if (in_effect(h->d, &h->d->events[c->ev[k]], ix))
			return true;
	return false;
}

/* The change undo (or redo) takes: the newest on its stack that still has
 * an effect; `passed` counts those above it that have none. */
static size_t hist_next(const history *h, bool redo, size_t *passed)
{
	const size_t *v = redo ? h->undone : h->done;
	size_t n = redo ? h->nundone : h->ndone;
	int want = redo ? OWN_UNDONE : OWN_DONE;
	note_index ix = { TR_SMAP_INIT, false };
	size_t found = TR_NONE;
	*passed = 0;
	for (size_t k = n; k-- > 0;) {
		const own_change *c = &h->c[v[k]];
		if ((int)c->status != want)
			continue;
		if (any_in_effect(h, c, &ix)) {
			found = v[k];
			break;
		}
		(*passed)++;
	}
	tr_smap_free(&ix.keys);
	return found;
}

/* Reverses one event that still stands. */
static void reverse_event(tr_store *st, const char *now, const tr_event *ev)
{
	if (strcmp(ev->field, "acknowledged") == 0) {
		set_ack(st, now, ev->issue, ev->failure, ev->from != NULL);
	} else if (strcmp(ev->field, TR_EVENT_STANDUP) == 0) {
		/* A mark is withdrawn by naming its time (marks merge by union:
		 * one removed from the list would come back from another branch);
		 * a withdrawn one comes back as held again, now. */
		if (ev->to)
			record(st, now, NULL, NULL, TR_EVENT_STANDUP, ev->at, NULL);
		else
			record(st, now, NULL, NULL, TR_EVENT_STANDUP, NULL, "held");
	} else if (strcmp(ev->field, "state") == 0) {
		set_state(st, now, ev->issue, (tr_state)tr_state_from_word(ev->from));
	} else if (strcmp(ev->field, "owner") == 0) {
		set_owner(st, now, ev->issue, ev->from);
	} else if (strcmp(ev->field, "note") == 0) {
		tr_progress *p = tr_doc_intern(st->doc, ev->issue);
		const char *at = note_time(ev);
		if (ev->to && ev->from) {
			tr_note *n = tr_doc_find_note(p, st->user, at, ev->to);
			if (!n)
				return;
			free(n->text);
			n->text = tr_strdup(ev->from);
		} else if (ev->to) {
			tr_doc_remove_note(p, st->user, at, ev->to);
		} else {
			tr_doc_insert_note(p, st->user, at, ev->from);
		}
		touch(st, p, now);
		record_note_at(st, now, ev->issue, NULL, "note", ev->to, ev->from, at);
	}
}

typedef struct reverse_ctx {
	bool redo;
	size_t passed;
	char ref[40];
} reverse_ctx;

static bool op_reverse(tr_store *st, const char *now, void *vctx)
{
	reverse_ctx *x = vctx;
	history h;
	hist_build(&h, st->doc, st->user);
	size_t i = hist_next(&h, x->redo, &x->passed);
	size_t before = st->doc->nevents;
	if (i != TR_NONE) {
		const own_change *c = &h.c[i];
		size_t nev = c->nev;
		tr_event_ref(&h.d->events[c->first], x->ref);
		st->txn_undoes = x->ref;
		st->txn_redo = x->redo;
		/* Events are copied first: reversing adds to the log they are in. */
		tr_event *ev = tr_calloc(nev, sizeof *ev);
		for (size_t k = 0; k < nev; k++)
			tr_event_copy(&ev[k], &h.d->events[c->ev[k]]);
		hist_free(&h);
		for (size_t k = nev; k-- > 0;) {
			if (in_effect(st->doc, &ev[k], NULL))
				reverse_event(st, now, &ev[k]);
		}
		st->txn_undoes = NULL;
		st->txn_redo = false;
		for (size_t k = 0; k < nev; k++)
			tr_event_clear(&ev[k]);
		free(ev);
	} else {
		hist_free(&h);
	}
	return st->doc->nevents > before;
}

/* One event of an undo or a redo, in words: "state fixed → in-progress". */
static void describe_event(const tr_event *ev, bool redo, tr_buf *said)
{
	if (strcmp(ev->field, TR_EVENT_STANDUP) == 0) {
		tr_buf_adds(said, ev->to ? "stand-up marked as held again" : "stand-up mark withdrawn");
	} else if (strcmp(ev->field, "note") == 0) {
		tr_buf_adds(said, ev->to && ev->from ? (redo ? "note text changed" : "note text changed back")
		                  : ev->to           ? "note added back"
		                                     : "note removed");
		/* Which note, in a few words on one line. */
		char *flat = tr_strdup(ev->to ? ev->to : ev->from ? ev->from : "");
		for (char *c = flat; *c; c++)
			if (*c == '\n' || *c == '\t' || *c == '\r')
				*c = ' ';
		tr_buf_adds(said, ": \u201c");
		tr_text_fit(said, flat, 32, false);
		tr_buf_adds(said, "\u201d");
		free(flat);
	} else if (strcmp(ev->field, "acknowledged") == 0) {
		tr_buf_adds(said, ev->to ? "failure acknowledged again" : "acknowledgement withdrawn");
	} else {
		tr_buf_addf(said, "%s %s \u2192 %s", ev->field, ev->from ? ev->from : "none",
		            ev->to ? ev->to : "none");
	}
}

/* Fields named in a message before "and N more". */
#define DESCRIBED_MAX 3

/* "#305 state fixed → in-progress, owner bob → none": what a change did,
 * its state first (what the user sees first), then its other events in
 * order; an event of another issue names its issue. */
static void describe(const tr_store *st, size_t count, size_t passed, bool redo, tr_buf *said)
{
	if (!said || count == 0)
		return;
	size_t from = st->doc->nevents - count, first = from;
	for (size_t k = from; k < st->doc->nevents; k++)
		if (strcmp(st->doc->events[k].field, "state") == 0) {
			first = k;
			break;
		}
	const char *issue = st->doc->events[first].issue;
	if (issue)
		tr_buf_addf(said, "%s ", issue);
	describe_event(&st->doc->events[first], redo, said);
	size_t told = 1;
	for (size_t k = from; k < st->doc->nevents && told < DESCRIBED_MAX; k++) {
		const tr_event *ev = &st->doc->events[k];
		if (k == first)
			continue;
		tr_buf_adds(said, ", ");
		if (ev->issue && (!issue || strcmp(ev->issue, issue) != 0))
			tr_buf_addf(said, "%s ", ev->issue);
		describe_event(ev, redo, said);
		told++;
	}
	if (count > told)
		tr_buf_addf(said, " (and %zu more)", count - told);
	if (passed)
		tr_buf_addf(said, " (%zu change%s passed over: changed by someone since)", passed,
		            passed == 1 ? "" : "s");
}

static int undo_or_redo(tr_store *st, bool redo, tr_buf *said, tr_error *err)
{
	if (!st->user)
		return tr_error_set(err, TR_USAGE, "who is %s? set user.name and user.email with git "
		                    "config, or pass --user NAME or TRIAGE_USER; nothing was saved",
		                    redo ? "redoing" : "undoing");
	reverse_ctx x = { redo, 0, "" };
	int rc = store_transact(st, op_reverse, &x, err);
	if (rc > 0)
		describe(st, (size_t)rc, x.passed, redo, said);
	else if (rc == 0 && x.passed && said)
		tr_buf_addf(said, "%zu change%s passed over: changed by someone since", x.passed,
		            x.passed == 1 ? "" : "s");
	return rc;
}

int tr_store_undo_said(tr_store *st, tr_buf *said, tr_error *err)
{
	return undo_or_redo(st, false, said, err);
}

int tr_store_redo(tr_store *st, tr_buf *said, tr_error *err)
{
	return undo_or_redo(st, true, said, err);
}

int tr_store_undo(tr_store *st, tr_error *err)
{
	return undo_or_redo(st, false, NULL, err);
}

bool store_can_reverse(const tr_doc *d, const char *user, bool redo)
{
	history h;
	hist_build(&h, d, user);
	size_t passed;
	bool r = hist_next(&h, redo, &passed) != TR_NONE;
	hist_free(&h);
	return r;
}

bool tr_store_can_undo(const tr_store *st)
{
	return store_can_reverse(st->doc, st->user, false);
}

bool tr_store_can_redo(const tr_store *st)
{
	return store_can_reverse(st->doc, st->user, true);
}
