/* Inside the progress store: the document as held in memory, its file
 * format, the lock and the merge.  Not for users of store.h. */
#ifndef TRIAGE_STORE_INT_H
#define TRIAGE_STORE_INT_H

#include <stdbool.h>
#include <stddef.h>
#include "triage/error.h"
#include "triage/store.h"
#include "triage/str.h"

typedef struct tr_ack {
	char *signature;
	char *by, *at;
} tr_ack;

/* What one progress file says.  Issues are kept in file order (see
 * tr_doc_id_cmp) and acknowledgements by signature, so both can be searched
 * by bisection and written back in a stable order. */
typedef struct tr_doc {
	tr_strv reports;
	tr_progress *issues;
	size_t nissues, capissues;
	tr_ack *acks;
	size_t nacks, capacks;
	tr_event *events;
	size_t nevents, capevents;
} tr_doc;

tr_doc *tr_doc_new(void);
void tr_doc_free(tr_doc *d);

/* Issue ids in file order: "#N" by number, then names by byte order. */
int tr_doc_id_cmp(const char *a, const char *b);

tr_progress *tr_doc_find(const tr_doc *d, const char *id);
/* Finds or adds the record for id (a new one is open, unowned, no notes). */
tr_progress *tr_doc_intern(tr_doc *d, const char *id);
tr_ack *tr_doc_find_ack(const tr_doc *d, const char *signature);
/* Adds or replaces; copies the strings. */
void tr_doc_set_ack(tr_doc *d, const char *signature, const char *by, const char *at);
void tr_doc_remove_ack(tr_doc *d, const char *signature);
/* Sorts acknowledgements appended out of order, one per signature. */
void store_sort_acks(tr_doc *d);
/* Appends one field of a key for a tr_smap, its end marked: NULL and ""
 * differ, as tr_str_eq tells them apart. */
void store_key_field(tr_buf *k, const char *s);

void tr_doc_add_note(tr_progress *p, const char *by, const char *at, const char *text);
/* Removes the first note equal to (by, at, text); false when none is. */
bool tr_doc_remove_note(tr_progress *p, const char *by, const char *at, const char *text);
tr_note *tr_doc_find_note(const tr_progress *p, const char *by, const char *at, const char *text);
/* Adds a note in time order (after those of the same time): a note an undo
 * brings back goes back to its place. */
void tr_doc_insert_note(tr_progress *p, const char *by, const char *at, const char *text);
/* Appends an event; NULL strings stay NULL.  Copies everything. */
void tr_doc_add_event(tr_doc *d, const tr_event *ev);
bool tr_event_equal(const tr_event *a, const tr_event *b);
void tr_event_copy(tr_event *dst, const tr_event *src);
void tr_event_clear(tr_event *ev);
void tr_progress_clear(tr_progress *p);

/* Bytes of a progress file to a document.  An empty file (0 bytes) is an
 * empty document.  On error returns NULL with err->status TR_FORMAT and a
 * message naming `path`, the line, what is wrong and what to do; *newer is
 * set when the file is whole but written by a newer version. */
tr_doc *tr_doc_parse(const char *path, const char *data, size_t len, bool *newer,
                     tr_error *err);
/* The two ways tr_doc_parse reads a file (after its check for conflict
 * markers): a piece at a time, the file as tr_doc_write writes it (NULL for
 * any other, or on any error: nothing said); or whole, as one jansson tree,
 * any file, saying what is wrong. */
tr_doc *store_parse_pieces(const char *path, const char *data, size_t len);
tr_doc *store_parse_whole(const char *path, const char *data, size_t len, bool *newer,
                          tr_error *err);
/* The document as the file holds it: two-space indent, stable key order,
 * one line per note and per event, a final newline. */
void tr_doc_write(const tr_doc *d, tr_buf *out);

/* Three-way merge (base may be an empty document). */
tr_doc *tr_doc_merge(const tr_doc *base, const tr_doc *ours, const tr_doc *theirs);

/* Reads a whole progress file (see store_read_with_id).  0 with *data
 * (caller frees; NUL-terminated) and *len; -1 with errno and err set
 * (TR_NOTFOUND when there is none). */
int tr_file_read(const char *path, char **data, size_t *len, tr_error *err);
/* Replaces path with data: a temporary file in the same directory, fsync,
 * rename, fsync of the directory.  The old file stays whole on any error.
 * `mode` is the new file's permission bits (-1: 0666 less the umask). */
int tr_file_replace(const char *path, const char *data, size_t len, int mode, tr_error *err);

/* The lock: a separate file beside the data file, held with flock() so the
 * kernel releases it when its holder dies; see lock.c. */
typedef struct tr_lock tr_lock;
/* Waits for the lock on `path` (the lock file's own path).  Gives up with
 * TR_LOCKED after timeout_ms in which `watch` (the data file, may be NULL)
 * did not change: a holder that keeps saving is busy, not stuck, and a
 * session waiting behind a long run of saves must not give up. */
tr_lock *tr_lock_acquire(const char *path, const char *watch, int timeout_ms, tr_error *err);
void tr_lock_release(tr_lock *lk);

/* "2026-11-24T15:04:05Z" for now, into out (at least 21 bytes). */
void tr_time_now(char out[21]);

/* ---- the store itself: files (store_file.c), opening (store.c),
 * transactions and undo (store_txn.c) ---------------------------------- */

#include <sys/stat.h>

/* What identifies one version of the file cheaply (see changed_on_disk). */
typedef struct store_file_id {
	bool exists;
	dev_t dev;
	ino_t ino;
	off_t size;
	struct timespec mtime;
	mode_t mode;
} store_file_id;

struct tr_store {
	char *path, *lock_path, *dir;
	char *user;
	bool forced_ro;         /* opened read-only on purpose */
	bool read_only;
	tr_error problem;       /* why it is read-only */
	tr_doc *doc;            /* always what `bytes` say */
	char *bytes;            /* the file as last read or written; NULL when absent */
	size_t nbytes;
	store_file_id id;
	/* The change being saved: its seq (see tr_event) and, for an undo or
	 * a redo, the change it reverses. */
	int txn_seq;
	const char *txn_undoes;
	bool txn_redo;
	tr_strv pending_reports;        /* absolute; remembered with the next change */
};

char *store_absolute(const char *path);
void store_check_writable(tr_store *st);
char *store_dir_of(const char *path);
bool store_dir_writable(const char *dir, char **which);
bool store_id_equal(const store_file_id *a, const store_file_id *b);
void store_id_from_stat(store_file_id *id, const struct stat *sb);
bool store_is_readonly_errno(int e);
int store_make_dirs(const char *dir, tr_error *err);
int store_read_with_id(const char *path, char **data, size_t *len, store_file_id *id,
                       tr_error *err);
/* "a directory", "a FIFO", "a symlink to X"...: what is at path (sb from lstat). */
char *store_describe(const char *path, const struct stat *sb);
/* Refuses a progress file whose directory is a committed `.triage` that is
 * not a real directory; 0 when the place is fine. */
int store_check_place(const char *path, tr_error *err);
char *store_real_dir(const char *dir);
char *store_relative(const char *from, const char *to);
void store_restore_doc(tr_store *st);
/* Adds the reports waiting to be remembered to the document (store.c). */
void store_remember_pending(tr_store *st);
void store_set_problem(tr_store *st, const tr_error *e);
int store_sync_from_disk(tr_store *st, tr_error *err);
int store_sync_whole(tr_store *st, tr_error *err);

/* A change to the document, made under the lock on what is on disk.
 * Returns true when there is something to write. */
typedef bool (*store_txn_op)(tr_store *st, const char *now, void *ctx);

int store_transact(tr_store *st, store_txn_op op, void *ctx, tr_error *err);
/* Whether `user` has a change to undo (or redo) in d's log: the replay of
 * tr_store_can_undo() on a document alone (for the fuzzer). */
bool store_can_reverse(const tr_doc *d, const char *user, bool redo);

#endif
