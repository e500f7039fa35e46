/* The progress store: opening, transactions, undo, reload, and the files
 * beneath them.  The document and its format are in store_format.c, the
 * merge in store_merge.c, the lock in lock.c. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "store_internal.h"
#include "triage/text.h"

/* ---- opening ----------------------------------------------------------- */

char *tr_store_locate(const char *state_file, const tr_repo *repo, const char *first_report,
                      tr_error *err)
{
	if (state_file && *state_file)
		return tr_strdup(state_file);
	const char *top = repo ? tr_repo_workdir(repo) : NULL;
	if (top)
		return tr_sprintf("%s.triage/progress.json", top);
	if (!repo) {
		/* A repository that is there but cannot be opened (another user's,
		 * a broken one) is said, never taken for no repository: the file
		 * would land somewhere else and the team's be left untouched. */
		tr_error e = TR_ERROR_INIT;
		tr_repo *here = tr_repo_open(NULL, &e);
		tr_repo_free(here);
		if (!here && e.status != TR_NOTFOUND) {
			tr_error_set(err, e.status, "%s", e.message);
			tr_error_clear(&e);
			return NULL;
		}
		tr_error_clear(&e);
	}
	if (first_report && *first_report) {
		char *dir = store_dir_of(first_report);
		/* Run from outside, on a report inside a work tree: that tree's file,
		 * not a second one among its documents. */
		char *p = NULL;
		if (!repo) {
			tr_error e = TR_ERROR_INIT;
			tr_repo *own = tr_repo_open(dir, &e);
			if (!own && e.status != TR_NOTFOUND) {
				tr_error_set(err, e.status, "%s", e.message);
				tr_error_clear(&e);
				free(dir);
				return NULL;
			}
			tr_error_clear(&e);
			if (own && tr_repo_workdir(own))
				p = tr_sprintf("%s.triage/progress.json", tr_repo_workdir(own));
			tr_repo_free(own);
		}
		if (!p)
			p = tr_sprintf("%s/.triage/progress.json", dir);
		free(dir);
		return p;
	}
	tr_error_set(err, TR_NOTFOUND,
	             "no progress file: not inside a git repository and no report named; name a "
	             "report, run in the repository, or pass --state FILE");
	return NULL;
}

void store_set_problem(tr_store *st, const tr_error *e)
{
	tr_error_clear(&st->problem);
	tr_error_set(&st->problem, e->status, "%s", e->message ? e->message : tr_status_name(e->status));
	st->read_only = true;
}

static void clear_doc(tr_store *st)
{
	tr_doc_free(st->doc);
	st->doc = tr_doc_new();
	free(st->bytes);
	st->bytes = NULL;
	st->nbytes = 0;
}

/* Brings the document up to what the file holds, parsing only when its
 * bytes differ from those last seen.  On error the document stays as it
 * was (st->id still moves on, so a file that stays damaged is not re-read
 * at each tr_store_changed_on_disk()). */
int store_sync_from_disk(tr_store *st, tr_error *err)
{
	char *data = NULL;
	size_t len = 0;
	store_file_id id = { 0 };
	tr_error e = TR_ERROR_INIT;
	if (store_check_place(st->path, err) < 0)
		return -1;
	if (store_read_with_id(st->path, &data, &len, &id, &e) < 0) {
		if (e.status != TR_NOTFOUND) {
			tr_error_set(err, e.status, "%s", e.message);
			tr_error_clear(&e);
			return -1;
		}
		tr_error_clear(&e);
		data = NULL;
		id.exists = false;
	}
	bool same = id.exists ? st->bytes && st->nbytes == len && memcmp(st->bytes, data, len) == 0
	                      : st->bytes == NULL;
	if (same) {
		free(data);
		st->id = id;
		return 0;
	}
	if (!id.exists) {
		clear_doc(st);
		st->id = id;
		return 0;
	}
	bool newer;
	tr_doc *d = tr_doc_parse(st->path, data, len, &newer, err);
	st->id = id;
	if (!d) {
		free(data);
		return -1;
	}
	tr_doc_free(st->doc);
	st->doc = d;
	free(st->bytes);
	st->bytes = data;
	st->nbytes = len;
	return 0;
}

/* store_sync_from_disk() for a caller that needs the file whole: a damaged
 * file is also kept as the store's problem, which makes it read-only. */
int store_sync_whole(tr_store *st, tr_error *err)
{
	tr_error e = TR_ERROR_INIT;
	if (store_sync_from_disk(st, &e) < 0) {
		if (e.status == TR_FORMAT)
			store_set_problem(st, &e);
		tr_error_set(err, e.status, "%s", e.message);
		tr_error_clear(&e);
		return -1;
	}
	return 0;
}

/* Re-derives the document from the bytes last seen, after a failed save
 * changed it in memory only. */
void store_restore_doc(tr_store *st)
{
	tr_doc_free(st->doc);
	st->doc = NULL;
	if (st->bytes) {
		bool newer;
		st->doc = tr_doc_parse(st->path, st->bytes, st->nbytes, &newer, NULL);
	}
	if (!st->doc)
		st->doc = tr_doc_new();
}

void store_check_writable(tr_store *st)
{
	if (st->read_only)
		return;
	char *which = NULL;
	if (!store_dir_writable(st->dir, &which)) {
		tr_error e = TR_ERROR_INIT;
		tr_error_set(&e, TR_READONLY,
		             "%s: no permission to write in %s, so changes cannot be saved: get write "
		             "access to it, or keep your progress elsewhere with --state FILE",
		             st->path, which);
		store_set_problem(st, &e);
		tr_error_clear(&e);
	}
	free(which);
}

tr_store *tr_store_open(const char *path, const char *user, bool read_only, tr_error *err)
{
	if (!path || !*path) {
		tr_error_set(err, TR_USAGE, "no progress file named");
		return NULL;
	}
	tr_store *st = tr_calloc(1, sizeof *st);
	st->path = tr_strdup(path);
	st->lock_path = tr_sprintf("%s.lock", path);
	st->dir = store_dir_of(path);
	st->user = user && *user ? tr_utf8_fix(user, strlen(user)) : NULL;
	st->forced_ro = st->read_only = read_only;
	st->doc = tr_doc_new();
	tr_error e = TR_ERROR_INIT;
	if (store_sync_from_disk(st, &e) < 0) {
		if (e.status != TR_FORMAT && e.status != TR_READONLY) {
			tr_error_set(err, e.status, "%s", e.message);
			tr_error_clear(&e);
			tr_store_free(st);
			return NULL;
		}
		store_set_problem(st, &e);
		tr_error_clear(&e);
	}
	store_check_writable(st);
	return st;
}

void tr_store_free(tr_store *st)
{
	if (!st)
		return;
	tr_strv_free(&st->pending_reports);
	tr_doc_free(st->doc);
	free(st->bytes);
	tr_error_clear(&st->problem);
	free(st->path);
	free(st->lock_path);
	free(st->dir);
	free(st->user);
	free(st);
}

const char *tr_store_user(const tr_store *st)
{
	return st->user;
}

const char *tr_store_path(const tr_store *st)
{
	return st->path;
}

bool tr_store_read_only(const tr_store *st)
{
	return st->read_only;
}

const tr_error *tr_store_problem(const tr_store *st)
{
	return st->problem.status == TR_OK ? NULL : &st->problem;
}

const tr_progress *tr_store_get(const tr_store *st, const char *id)
{
	return id ? tr_doc_find(st->doc, id) : NULL;
}

tr_state tr_store_state(const tr_store *st, const char *id)
{
	const tr_progress *p = tr_store_get(st, id);
	return p ? p->state : TR_STATE_OPEN;
}

size_t tr_store_count(const tr_store *st)
{
	return st->doc->nissues;
}

size_t tr_store_index(const tr_store *st, const char *id)
{
	const tr_progress *p = id ? tr_doc_find(st->doc, id) : NULL;
	return p ? (size_t)(p - st->doc->issues) : TR_NONE;
}

const tr_progress *tr_store_at(const tr_store *st, size_t i)
{
	return i < st->doc->nissues ? &st->doc->issues[i] : NULL;
}

bool tr_store_acknowledged(const tr_store *st, const char *signature)
{
	return signature && tr_doc_find_ack(st->doc, signature) != NULL;
}

const tr_event *tr_store_events(const tr_store *st, size_t *n)
{
	*n = st->doc->nevents;
	return st->doc->events;
}

/* A path as the file remembers it.  JSON holds text, and a file name may be
 * any bytes: one that is not UTF-8 is written byte for byte as the
 * characters U+0000..U+00FF (as Latin-1 reads it), which any triage reads,
 * and turned back into those bytes when the text itself names no file
 * (from_remembered).  Replacing the bad bytes with U+FFFD would remember a
 * file that does not exist. */
static char *to_remembered(char *rel)
{
	if (tr_utf8_valid(rel, strlen(rel)))
		return rel;
	tr_buf b = TR_BUF_INIT;
	for (const unsigned char *p = (const unsigned char *)rel; *p; p++) {
		char u[4];
		tr_buf_add(&b, u, tr_utf8_encode(*p, u));
	}
	free(rel);
	return tr_buf_detach(&b);
}

/* The bytes a remembered path stands for when it names no file as text:
 * NULL unless every character is below U+0100 and some above U+007F. */
static char *from_remembered(const char *r)
{
	size_t n = strlen(r);
	tr_buf b = TR_BUF_INIT;
	bool high = false;
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t len = tr_utf8_decode(r + i, n - i, &cp);
		if (!len || cp > 0xFF) {
			tr_buf_free(&b);
			return NULL;
		}
		high |= cp > 0x7F;
		tr_buf_addc(&b, (char)cp);
		i += len;
	}
	if (!high) {
		tr_buf_free(&b);
		return NULL;
	}
	return tr_buf_detach(&b);
}

/* The tree a progress file serves: the work tree above its `.triage`; NULL
 * for a file named with --state, whose reports are where its owner put them. */
static char *served_tree(const tr_store *st)
{
	const char *base = strrchr(st->dir, '/');
	base = base ? base + 1 : st->dir;
	if (strcmp(base, ".triage") != 0)
		return NULL;
	char *real = store_real_dir(st->dir);
	char *top = store_dir_of(real);
	free(real);
	return top;
}

static bool inside(const char *top, const char *path)
{
	size_t n = strlen(top);
	if (strcmp(top, "/") == 0)
		return true;
	return strncmp(path, top, n) == 0 && (path[n] == '/' || path[n] == '\0');
}

void tr_store_reports(const tr_store *st, tr_strv *out, tr_strv *skipped)
{
	char cwd[PATH_MAX];
	bool have_cwd = getcwd(cwd, sizeof cwd) != NULL;
	char *top = served_tree(st);
	for (size_t i = 0; i < st->doc->reports.n; i++) {
		const char *r = st->doc->reports.v[i];
		char *joined = r[0] == '/' ? tr_strdup(r) : tr_sprintf("%s/%s", st->dir, r);
		struct stat sb;
		char *bytes = lstat(joined, &sb) < 0 ? from_remembered(r) : NULL;
		if (bytes) {
			char *alt = bytes[0] == '/' ? tr_strdup(bytes) : tr_sprintf("%s/%s", st->dir, bytes);
			if (lstat(alt, &sb) == 0) {
				free(joined);
				joined = alt;
			} else {
				free(alt);
			}
			free(bytes);
		}
		char *abs = store_absolute(joined);
		/* The file is committed: what it remembers is a path someone else
		 * chose, and is read only inside the tree it serves (symlinks
		 * resolved, so none leads out). */
		if (top) {
			char *real = realpath(joined, NULL);
			bool in = inside(top, real ? real : abs);
			free(real);
			if (!in) {
				if (skipped)
					tr_strv_push_owned(skipped,
					                   tr_sprintf("%s: remembered in %s but outside the work "
					                              "tree %s; skipped",
					                              r, st->path, top));
				free(joined);
				free(abs);
				continue;
			}
		}
		free(joined);
		size_t cl = have_cwd ? strlen(cwd) : 0;
		if (have_cwd && strncmp(abs, cwd, cl) == 0 && abs[cl] == '/')
			tr_strv_push(out, abs + cl + 1);
		else
			tr_strv_push(out, abs);
		free(abs);
	}
	free(top);
}

/* ---- remembered reports ------------------------------------------------ */

typedef struct remember_ctx {
	char *const *paths;
	size_t n;
} remember_ctx;

static bool op_remember(tr_store *st, const char *now, void *vctx)
{
	(void)now;
	remember_ctx *c = vctx;
	char *dir = store_real_dir(st->dir);
	/* A report outside the tree the file serves is not remembered: the
	 * file is shared through git, every later read would refuse the path
	 * (tr_store_reports) and say so on every command. */
	char *top = served_tree(st);
	bool added = false;
	for (size_t i = 0; i < c->n; i++) {
		char *r = realpath(c->paths[i], NULL);
		char *abs = r ? tr_strdup(r) : store_absolute(c->paths[i]);
		free(r);
		if (top && !inside(top, abs)) {
			free(abs);
			continue;
		}
		char *rel = to_remembered(store_relative(dir, abs));
		if (!tr_strv_contains(&st->doc->reports, rel)) {
			tr_strv_push(&st->doc->reports, rel);
			added = true;
		}
		free(rel);
		free(abs);
	}
	free(top);
	free(dir);
	return added;
}

void store_remember_pending(tr_store *st)
{
	if (!st->pending_reports.n)
		return;
	remember_ctx c = { st->pending_reports.v, st->pending_reports.n };
	op_remember(st, NULL, &c);
}

int tr_store_remember_reports(tr_store *st, char *const *paths, size_t n, tr_error *err)
{
	(void)err;
	/* Remembering is a convenience: a store that cannot be written skips it. */
	if (n == 0 || st->read_only)
		return 0;
	/* Kept for the next change saved: opening a report to read it writes
	 * nothing.  Resolved now, as the working directory may change. */
	char *dir = store_real_dir(st->dir);
	for (size_t i = 0; i < n; i++) {
		char *r = realpath(paths[i], NULL);
		char *abs = r ? tr_strdup(r) : store_absolute(paths[i]);
		free(r);
		char *rel = to_remembered(store_relative(dir, abs));
		if (!tr_strv_contains(&st->doc->reports, rel) && !tr_strv_contains(&st->pending_reports, abs))
			tr_strv_push(&st->pending_reports, abs);
		free(rel);
		free(abs);
	}
	free(dir);
	return 0;
}

/* ---- watching the file ------------------------------------------------- */

bool tr_store_changed_on_disk(const tr_store *st)
{
	struct stat sb;
	store_file_id now = { 0 };
	if (stat(st->path, &sb) == 0)
		store_id_from_stat(&now, &sb);
	return !store_id_equal(&now, &st->id);
}

int tr_store_reload(tr_store *st, tr_error *err)
{
	if (store_sync_whole(st, err) < 0)
		return -1;
	/* Whole again: writable again, unless that was never the question. */
	tr_error_clear(&st->problem);
	st->read_only = st->forced_ro;
	store_check_writable(st);
	return 0;
}

/* ---- the merge driver -------------------------------------------------- */

static tr_doc *load_side(const char *path, bool may_be_missing, tr_error *err)
{
	char *data = NULL;
	size_t len = 0;
	tr_error e = TR_ERROR_INIT;
	if (tr_file_read(path, &data, &len, &e) < 0) {
		if (e.status == TR_NOTFOUND && may_be_missing) {
			tr_error_clear(&e);
			return tr_doc_new();
		}
		tr_error_set(err, e.status == TR_NOTFOUND ? TR_IO : e.status, "%s", e.message);
		tr_error_clear(&e);
		return NULL;
	}
	bool newer;
	tr_doc *d = tr_doc_parse(path, data, len, &newer, err);
	free(data);
	return d;
}

int tr_store_merge_files(const char *base, const char *ours, const char *theirs, tr_error *err)
{
	tr_doc *b = load_side(base, true, err);
	tr_doc *o = b ? load_side(ours, false, err) : NULL;
	tr_doc *t = o ? load_side(theirs, false, err) : NULL;
	int rc = -1;
	if (t) {
		tr_doc *m = tr_doc_merge(b, o, t);
		tr_buf out = TR_BUF_INIT;
		tr_doc_write(m, &out);
		struct stat sb;
		int mode = stat(ours, &sb) == 0 ? (int)(sb.st_mode & 07777) : -1;
		rc = tr_file_replace(ours, out.data, out.len, mode, err);
		tr_buf_free(&out);
		tr_doc_free(m);
	}
	tr_doc_free(b);
	tr_doc_free(o);
	tr_doc_free(t);
	return rc;
}
