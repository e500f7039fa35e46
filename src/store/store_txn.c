/* Changes to the progress store: each a transaction under the lock on what
 * is on disk, and the undo of this session's own. */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "store_internal.h"
#include "triage/text.h"

/* Long enough for a slow disk under another session's save, short enough
 * that a console never seems hung. */
#define LOCK_TIMEOUT_MS 10000

/* ---- transactions ------------------------------------------------------ */

int store_transact(tr_store *st, store_txn_op op, void *ctx, bool for_undo, tr_error *err)
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

	if (for_undo && added > 0) {
		/* A new change: what was undone before it cannot be redone. */
		for (size_t i = 0; i < st->nredo; i++)
			store_txn_clear(&st->redo[i]);
		st->nredo = 0;
		tr_grow((void **)&st->undo, &st->capundo, st->nundo + 1, sizeof *st->undo);
		store_txn *t = &st->undo[st->nundo++];
		t->n = added;
		t->events = tr_calloc(added, sizeof *t->events);
		for (size_t i = 0; i < added; i++)
			tr_event_copy(&t->events[i], &st->doc->events[before + i]);
	}
	return (int)(added > INT_MAX ? INT_MAX : added);
}

static void record(tr_store *st, const char *now, const char *issue, const char *failure,
                   const char *field, const char *from, const char *to)
{
	tr_event ev = { (char *)now, st->user, (char *)issue, (char *)failure, (char *)field,
	                (char *)from, (char *)to };
	tr_doc_add_event(st->doc, &ev);
}

static void touch(tr_store *st, tr_progress *p, const char *now)
{
	free(p->updated_by);
	free(p->updated_at);
	p->updated_by = tr_strdup(st->user);
	p->updated_at = tr_strdup(now);
}

static bool str_eq(const char *a, const char *b)
{
	if (!a || !b)
		return a == b;
	return strcmp(a, b) == 0;
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
	if (str_eq(p ? p->owner : NULL, owner))
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
} apply_ctx;

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
		apply_ctx c = { clean, n };
		rc = store_transact(st, op_apply, &c, true, err);
	}
	free(clean);
	tr_strv_free(&owned);
	return rc;
}

/* ---- undo -------------------------------------------------------------- */

static bool op_undo(tr_store *st, const char *now, void *vctx)
{
	const store_txn *t = vctx;
	size_t before = st->doc->nevents;
	for (size_t k = t->n; k-- > 0;) {
		const tr_event *ev = &t->events[k];
		if (strcmp(ev->field, "acknowledged") == 0 && ev->failure) {
			/* Someone acknowledged or withdrew it since: theirs stands. */
			if ((tr_doc_find_ack(st->doc, ev->failure) != NULL) == (ev->to != NULL))
				set_ack(st, now, ev->issue, ev->failure, ev->from != NULL);
			continue;
		}
		if (strcmp(ev->field, TR_EVENT_STANDUP) == 0 && ev->to) {
			/* Withdrawn by naming it: marks merge by union, so a mark
			 * removed from the list would come back from another branch. */
			record(st, now, NULL, NULL, TR_EVENT_STANDUP, ev->at, NULL);
			continue;
		}
		if (strcmp(ev->field, TR_EVENT_STANDUP) == 0) {
			/* A withdrawn mark, back (a redo): held again, now. */
			if (ev->from)
				record(st, now, NULL, NULL, TR_EVENT_STANDUP, NULL, "held");
			continue;
		}
		if (!ev->issue)
			continue;
		tr_progress *p = tr_doc_find(st->doc, ev->issue);
		if (strcmp(ev->field, "state") == 0) {
			int from = tr_state_from_word(ev->from);
			tr_state cur = p ? p->state : TR_STATE_OPEN;
			if (from >= 0 && str_eq(tr_state_word(cur), ev->to))
				set_state(st, now, ev->issue, (tr_state)from);
		} else if (strcmp(ev->field, "owner") == 0) {
			if (str_eq(p ? p->owner : NULL, ev->to))
				set_owner(st, now, ev->issue, ev->from);
		} else if (strcmp(ev->field, "note") == 0 && !ev->from && ev->to) {
			if (p && tr_doc_remove_note(p, ev->by, ev->at, ev->to)) {
				touch(st, p, now);
				record(st, now, ev->issue, NULL, "note", ev->to, NULL);
			}
		} else if (strcmp(ev->field, "note") == 0 && ev->from && !ev->to) {
			/* A note an undo removed, back (a redo): as new, by whoever
			 * brings it back. */
			p = tr_doc_intern(st->doc, ev->issue);
			tr_doc_add_note(p, st->user, now, ev->from);
			touch(st, p, now);
			record(st, now, ev->issue, NULL, "note", NULL, ev->from);
		}
	}
	return st->doc->nevents > before;
}

bool tr_store_can_undo(const tr_store *st)
{
	return st->nundo > 0;
}

/* The last `n` events of the document as a transaction of their own. */
static void push_last(tr_store *st, store_txn **stack, size_t *n, size_t *cap, size_t count)
{
	tr_grow((void **)stack, cap, *n + 1, sizeof **stack);
	store_txn *t = &(*stack)[(*n)++];
	t->n = count;
	t->events = tr_calloc(count ? count : 1, sizeof *t->events);
	for (size_t i = 0; i < count; i++)
		tr_event_copy(&t->events[i], &st->doc->events[st->doc->nevents - count + i]);
}

/* "#305 state fixed → in-progress (and 2 more)": what a transaction did. */
static void describe(const tr_store *st, size_t count, tr_buf *said)
{
	if (!said || count == 0)
		return;
	const tr_event *ev = &st->doc->events[st->doc->nevents - count];
	if (ev->issue)
		tr_buf_addf(said, "%s ", ev->issue);
	if (strcmp(ev->field, TR_EVENT_STANDUP) == 0)
		tr_buf_adds(said, ev->to ? "stand-up marked as held again" : "stand-up mark withdrawn");
	else if (strcmp(ev->field, "note") == 0)
		tr_buf_adds(said, ev->to ? "note added back" : "note removed");
	else if (strcmp(ev->field, "acknowledged") == 0)
		tr_buf_adds(said, ev->to ? "failure acknowledged again" : "acknowledgement withdrawn");
	else
		tr_buf_addf(said, "%s %s \u2192 %s", ev->field, ev->from ? ev->from : "none",
		            ev->to ? ev->to : "none");
	if (count > 1)
		tr_buf_addf(said, " (and %zu more)", count - 1);
}

/* Reverses the newest transaction of `from` and keeps what that saved on
 * `to`, so the other way can reverse it again. */
static int reverse(tr_store *st, store_txn *from, size_t *nfrom, store_txn **to, size_t *nto,
                   size_t *capto, tr_buf *said, tr_error *err)
{
	if (*nfrom == 0)
		return 0;
	if (!st->user)
		return tr_error_set(err, TR_USAGE, "no user to record the undo under");
	store_txn *t = &from[*nfrom - 1];
	int rc = store_transact(st, op_undo, t, false, err);
	if (rc >= 0) {
		store_txn_clear(t);
		(*nfrom)--;
	}
	if (rc > 0) {
		push_last(st, to, nto, capto, (size_t)rc);
		describe(st, (size_t)rc, said);
	}
	return rc;
}

int tr_store_undo_said(tr_store *st, tr_buf *said, tr_error *err)
{
	return reverse(st, st->undo, &st->nundo, &st->redo, &st->nredo, &st->capredo, said, err);
}

int tr_store_redo(tr_store *st, tr_buf *said, tr_error *err)
{
	return reverse(st, st->redo, &st->nredo, &st->undo, &st->nundo, &st->capundo, said, err);
}

int tr_store_undo(tr_store *st, tr_error *err)
{
	return tr_store_undo_said(st, NULL, err);
}

bool tr_store_can_redo(const tr_store *st)
{
	return st->nredo > 0;
}
