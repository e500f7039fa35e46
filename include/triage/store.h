/* The progress store: what the team is doing about each issue, kept as JSON
 * next to the code (.triage/progress.json at the top of the work tree) so it
 * is shared through git.
 *
 * Every change is one transaction: lock a separate lock file, re-read what
 * is on disk, apply the change on top of it (so concurrent sessions keep
 * each other's work; on the same field the later change wins), write a
 * temporary file, fsync, rename it over the old one, fsync the directory.
 * Readers never lock: they only ever see a whole file.
 *
 * A damaged file, or one written by a newer version, is never overwritten:
 * the store opens read-only and says why.
 *
 * Ownership: a tr_store owns everything reachable from it.  Pointers handed
 * out (tr_progress, tr_event, strings) stay valid until the next call that
 * changes the store (apply, undo, reload, remember) or tr_store_free(). */
#ifndef TRIAGE_STORE_H
#define TRIAGE_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include "triage/error.h"
#include "triage/model.h"
#include "triage/repo.h"
#include "triage/str.h"


/* The newest version of the file format this build reads.  It writes 1
 * unless the file holds what only version 2 has (undo, note edits:
 * tr_event's seq, undoes/redoes and note_at), so that an older triage reads the
 * files it can and says "upgrade" for the others. */
#define TR_STORE_VERSION 2
/* The largest progress file read: far beyond years of a team's events, and
 * far below what would exhaust memory. */
#define TR_STORE_MAX_BYTES (256ull << 20)

typedef struct tr_note {
	char *by;               /* "Name <email>" */
	char *at;               /* "2026-11-24T15:04:05Z" */
	char *text;
} tr_note;

/* One issue's progress.  Strings are untrusted (they come from a shared
 * file): show them through tr_text_inert(). */
typedef struct tr_progress {
	char *id;               /* "#305", "golden-path" */
	tr_state state;
	char *owner;            /* NULL when nobody owns it */
	tr_note *notes;         /* oldest first */
	size_t nnotes, capnotes;
	char *updated_by;       /* NULL when never changed */
	char *updated_at;
} tr_progress;

/* One change, as the stand-up view reads it.  For an issue field, `issue`
 * is set and `failure` is NULL; for an acknowledgement, `failure` is the
 * failure signature and `issue` the issue it was acknowledged from (may be
 * NULL).  Fields: "state", "owner", "note", "acknowledged".  from/to are
 * NULL for "none" (no owner; a note added has from NULL, one removed by
 * an undo has to NULL; acknowledged is "yes" or NULL).
 *
 * A stand-up mark ("standup", TR_EVENT_STANDUP) names neither an issue nor
 * a failure: `to` is "held"; an undo of it is an event with `from` the
 * time of the mark it withdraws and `to` NULL. */
#define TR_EVENT_STANDUP "standup"
typedef struct tr_event {
	char *at, *by;
	char *issue;
	char *failure;
	char *field;
	char *from, *to;
	/* One change is the events with the same (by, at, seq): seq tells
	 * apart changes one person saved within the same second (1 or 0 for
	 * the first). */
	int seq;
	/* An undo or a redo (which undoes an undo): the change it reverses,
	 * by the same person, as "AT" or "AT#SEQ" (tr_event_ref); else NULL.
	 * The file says "undoes" or, for a redo, "redoes". */
	char *undoes;
	bool redo;
	/* A note's events: the time of the note concerned when it is not the
	 * event's own (an edit, a deletion, an undo); the note is by `by`.
	 * A note event from NULL to text adds it, from text to NULL deletes
	 * it, from text to text edits it: old text stays in the log. */
	char *note_at;
} tr_event;

/* "AT" or "AT#SEQ": the change an event belongs to, as `undoes` names it,
 * into out (at least 40 bytes). */
void tr_event_ref(const tr_event *ev, char out[40]);

typedef struct tr_store tr_store;

/* Where the progress file is: `state_file` when given (--state FILE);
 * otherwise .triage/progress.json at the top of repo's work tree; with repo
 * NULL (not run in a repository), at the top of the work tree that holds
 * `first_report`; else (repo bare, or the report in no work tree)
 * .triage/progress.json in the directory of `first_report`.  NULL with err
 * when there is nowhere to put it.  Caller frees. */
char *tr_store_locate(const char *state_file, const tr_repo *repo,
                      const char *first_report, tr_error *err);

/* Opens the store at `path` and loads it.  A missing file is an empty store
 * (the file and its directory are created on the first change).  `user`
 * ("Name <email>", may be NULL for a reader) is recorded with each change.
 *
 * Returns NULL only when path itself is unusable (err says why).  A file
 * that is damaged, newer than this build, unreadable, or in a directory the
 * user may not write still gives a store: read-only, with the reason in
 * tr_store_problem().  Pass read_only to open it read-only on purpose. */
tr_store *tr_store_open(const char *path, const char *user, bool read_only, tr_error *err);
void tr_store_free(tr_store *st);

const char *tr_store_path(const tr_store *st);
/* Who the store records changes as ("Name <email>"), or NULL. */
const char *tr_store_user(const tr_store *st);
bool tr_store_read_only(const tr_store *st);
/* Why the store is read-only (status TR_FORMAT: damaged or newer version;
 * TR_READONLY: no permission), or NULL when it is writable or was opened
 * read-only on purpose. */
const tr_error *tr_store_problem(const tr_store *st);

/* Progress of one issue, or NULL when nothing was recorded for it (its state
 * is then TR_STATE_OPEN). */
const tr_progress *tr_store_get(const tr_store *st, const char *id);
/* State of an issue, TR_STATE_OPEN when nothing was recorded. */
tr_state tr_store_state(const tr_store *st, const char *id);
/* Every issue with a record, in file order (numbers ascending, then names). */
size_t tr_store_count(const tr_store *st);
const tr_progress *tr_store_at(const tr_store *st, size_t i);
/* The i of tr_store_at() that has id (a bisection), or TR_NONE. */
size_t tr_store_index(const tr_store *st, const char *id);

bool tr_store_acknowledged(const tr_store *st, const char *signature);

/* Every change ever recorded, oldest first. */
const tr_event *tr_store_events(const tr_store *st, size_t *n);

/* Report paths the file remembers, resolved against the file's directory
 * (relative to the current directory when below it).  Of a `.triage` file,
 * only those inside its work tree: each other one is skipped, with a
 * one-line note pushed to `skipped` (may be NULL).  Caller frees both with
 * tr_strv_free(). */
void tr_store_reports(const tr_store *st, tr_strv *out, tr_strv *skipped);

typedef enum {
	TR_CHANGE_STATE,        /* issue, state */
	TR_CHANGE_OWNER,        /* issue, text (NULL or "" clears the owner) */
	TR_CHANGE_NOTE,         /* issue, text */
	TR_CHANGE_NOTE_EDIT,    /* issue, note_at, note_text (your note), text: its new text */
	TR_CHANGE_NOTE_DELETE,  /* issue, note_at, note_text (your note) */
	TR_CHANGE_ACK,          /* text = failure signature, ack; issue optional */
	TR_CHANGE_MARK,         /* a stand-up was held now; no issue, no text */
} tr_change_kind;

typedef struct tr_change {
	tr_change_kind kind;
	const char *issue;
	tr_state state;
	const char *text;
	bool ack;               /* TR_CHANGE_ACK: acknowledge (true) or withdraw */
	/* TR_CHANGE_NOTE_EDIT, _DELETE: which note (by the store's user). */
	const char *note_at, *note_text;
} tr_change;

/* Applies the changes as one transaction (see the top of this file) and
 * returns the number of events saved: 0 when everything already had those
 * values (nothing is written then), -1 with err on failure, in which case
 * the file on disk is as it was and the store shows it.  TR_LOCKED when
 * another session held the lock for 10 s with no save meanwhile (a session
 * that keeps saving is waited for), TR_READONLY / TR_IO when the file cannot
 * be written, TR_FORMAT when it was damaged meanwhile, TR_USAGE for a change
 * that makes no sense (empty note, no user).
 * Afterwards the store holds what is on disk, other sessions' changes
 * included: redraw everything. */
int tr_store_apply(tr_store *st, const tr_change *changes, size_t n, tr_error *err);

/* Undo and redo read the event log, so they reach changes saved by earlier
 * sessions too.  Undo reverses the newest change made by this store's user
 * that is not undone yet, as a new change whose events name it (`undoes`):
 * the log only grows, and other people's files merge it as any change.  A
 * field someone else changed since is left as they set it; a change all of
 * whose fields were changed since is passed over (said as "(1 change
 * passed over: changed by someone since)").  Redo reverses the newest undo
 * that nothing but undos and redos followed: a new change ends what can be
 * redone.
 *
 * Each returns the number of events saved, 0 when there was nothing to
 * undo or redo, -1 with err; `said` (may be NULL) gets what was done in
 * words: "#305 state fixed → in-progress (and 1 more)", or with 0, when
 * changes were passed over, how many ("1 change passed over: …"). */
int tr_store_undo(tr_store *st, tr_error *err);
int tr_store_undo_said(tr_store *st, tr_buf *said, tr_error *err);
int tr_store_redo(tr_store *st, tr_buf *said, tr_error *err);
bool tr_store_can_undo(const tr_store *st);
bool tr_store_can_redo(const tr_store *st);

/* Adds report paths to those the file remembers (saved as paths relative to
 * the file's directory, without an event) with the next change saved:
 * reading writes nothing, and the file, its directory and the lock are
 * created by the first change.  Returns 0 (err is for future use). */
int tr_store_remember_reports(tr_store *st, char *const *paths, size_t n, tr_error *err);

/* Cheap: has the file changed on disk since this store last read or wrote
 * it?  One stat(): inode, size and modification time. */
bool tr_store_changed_on_disk(const tr_store *st);
/* Re-reads the file.  When it turned damaged or newer, the store keeps what
 * it showed, becomes read-only and returns -1 with err; when it is whole
 * again, the store becomes writable again (unless opened read-only). */
int tr_store_reload(tr_store *st, tr_error *err);

/* The git merge driver: merges the progress files `base` (may be empty or
 * missing), `ours` and `theirs`, and replaces `ours` with the result.
 * Notes, events and reports are united; a field changed on one side takes
 * that side's value, on both the later change.  -1 with err (and `ours`
 * untouched) when an input is unreadable, damaged or newer. */
int tr_store_merge_files(const char *base, const char *ours, const char *theirs, tr_error *err);

#endif
