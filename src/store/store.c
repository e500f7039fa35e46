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

/* Long enough for a slow disk under another session's save, short enough
 * that a console never seems hung. */
#define LOCK_TIMEOUT_MS 10000

/* What identifies one version of the file cheaply (see changed_on_disk). */
typedef struct file_id {
	bool exists;
	dev_t dev;
	ino_t ino;
	off_t size;
	struct timespec mtime;
	mode_t mode;
} file_id;

/* The events one transaction of this session saved, for undo. */
typedef struct txn {
	tr_event *events;
	size_t n;
} txn;

struct tr_store {
	char *path, *lock_path, *dir;
	char *user;
	bool forced_ro;         /* opened read-only on purpose */
	bool read_only;
	tr_error problem;       /* why it is read-only */
	tr_doc *doc;            /* always what `bytes` say */
	char *bytes;            /* the file as last read or written; NULL when absent */
	size_t nbytes;
	file_id id;
	txn *undo;
	size_t nundo, capundo;
};

/* ---- files ------------------------------------------------------------- */

static void id_from_stat(file_id *id, const struct stat *sb)
{
	id->exists = true;
	id->dev = sb->st_dev;
	id->ino = sb->st_ino;
	id->size = sb->st_size;
	id->mtime = sb->st_mtim;
	id->mode = sb->st_mode & 07777;
}

static bool id_equal(const file_id *a, const file_id *b)
{
	if (a->exists != b->exists)
		return false;
	if (!a->exists)
		return true;
	return a->dev == b->dev && a->ino == b->ino && a->size == b->size &&
	       a->mtime.tv_sec == b->mtime.tv_sec && a->mtime.tv_nsec == b->mtime.tv_nsec;
}

/* Reads the whole file and says which version it read: fstat on the same
 * descriptor, so the two always agree even while others replace the file. */
static int read_with_id(const char *path, char **data, size_t *len, file_id *id)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	struct stat sb;
	if (fstat(fd, &sb) < 0) {
		int e = errno;
		close(fd);
		errno = e;
		return -1;
	}
	if (S_ISDIR(sb.st_mode)) {
		close(fd);
		errno = EISDIR;
		return -1;
	}
	size_t cap = sb.st_size > 0 ? (size_t)sb.st_size + 1 : 4096, n = 0;
	char *buf = tr_malloc(cap);
	for (;;) {
		if (n + 1 >= cap)
			buf = tr_realloc(buf, cap *= 2);
		ssize_t r = read(fd, buf + n, cap - n - 1);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			int e = errno;
			free(buf);
			close(fd);
			errno = e;
			return -1;
		}
		if (r == 0)
			break;
		n += (size_t)r;
	}
	close(fd);
	buf[n] = '\0';
	*data = buf;
	*len = n;
	if (id)
		id_from_stat(id, &sb);
	return 0;
}

int tr_file_read(const char *path, char **data, size_t *len)
{
	return read_with_id(path, data, len, NULL);
}

static char *dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');
	if (!slash)
		return tr_strdup(".");
	if (slash == path)
		return tr_strdup("/");
	return tr_strndup(path, (size_t)(slash - path));
}

static bool is_readonly_errno(int e)
{
	return e == EACCES || e == EPERM || e == EROFS;
}

static int save_error(tr_error *err, const char *path, const char *what, int e)
{
	const char *advice = "check the disk and try again";
	if (e == ENOSPC || e == EDQUOT)
		advice = "free some space and try again";
	else if (e == EFBIG)
		advice = "the file is over the size limit of this process (ulimit -f)";
	else if (is_readonly_errno(e))
		advice = "make its directory writable, or pass --state FILE";
	return tr_error_set(err, is_readonly_errno(e) ? TR_READONLY : TR_IO,
	                    "%s: cannot save (%s: %s): %s; the file is as it was", path, what,
	                    strerror(e), advice);
}

static int write_all(int fd, const char *data, size_t len)
{
	while (len > 0) {
		ssize_t w = write(fd, data, len);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			return -1;
		data += w;
		len -= (size_t)w;
	}
	return 0;
}

int tr_file_replace(const char *path, const char *data, size_t len, int mode, tr_error *err)
{
	char *tmp = tr_sprintf("%s.tmp", path);
	/* Writers of one file hold its lock, so a file of that name is a
	 * killed writer's leftover; removed first, as it may be another
	 * user's or a planted symlink. */
	unlink(tmp);
	int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
	if (fd < 0) {
		save_error(err, path, "creating a temporary file", errno);
		free(tmp);
		return -1;
	}
	if (mode >= 0 && fchmod(fd, (mode_t)mode) < 0) {
		/* Keeping the old permissions is a courtesy, not a condition. */
	}
	const char *what = "writing";
	int rc = write_all(fd, data, len);
	if (rc == 0) {
		what = "flushing to disk";
		rc = fsync(fd);
	}
	int e = errno;
	if (close(fd) < 0 && rc == 0) {
		e = errno;
		what = "closing";
		rc = -1;
	}
	if (rc == 0 && rename(tmp, path) < 0) {
		e = errno;
		what = "renaming";
		rc = -1;
	}
	if (rc < 0) {
		unlink(tmp);
		free(tmp);
		return save_error(err, path, what, e);
	}
	free(tmp);
	/* The rename is only durable once the directory is on disk too.  It has
	 * happened either way, so a directory that cannot be synced (some file
	 * systems refuse) is no reason to report a failure. */
	char *dir = dir_of(path);
	int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd >= 0) {
		if (fsync(dfd) < 0) {
			/* See above. */
		}
		close(dfd);
	}
	free(dir);
	return 0;
}

/* Creates dir and its parents.  A new .triage directory gets a .gitignore
 * for the lock and temporary files, which a killed session can leave. */
static int make_dirs(const char *dir, tr_error *err)
{
	struct stat sb;
	if (stat(dir, &sb) == 0)
		return 0;
	char *parent = dir_of(dir);
	if (strcmp(parent, dir) != 0 && make_dirs(parent, err) < 0) {
		free(parent);
		return -1;
	}
	free(parent);
	if (mkdir(dir, 0777) < 0 && errno != EEXIST) {
		int e = errno;
		return tr_error_set(err, is_readonly_errno(e) ? TR_READONLY : TR_IO,
		                    "%s: cannot create the directory: %s; nothing was saved", dir,
		                    strerror(e));
	}
	const char *base = strrchr(dir, '/');
	base = base ? base + 1 : dir;
	if (strcmp(base, ".triage") == 0) {
		char *ignore = tr_sprintf("%s/.gitignore", dir);
		static const char text[] = "# left behind only by an interrupted save\n*.lock\n*.tmp\n";
		tr_error e2 = TR_ERROR_INIT;
		tr_file_replace(ignore, text, sizeof text - 1, -1, &e2);
		tr_error_clear(&e2);
		free(ignore);
	}
	return 0;
}

/* Whether the user may create files where the progress file goes: the
 * nearest directory that exists decides. */
static bool dir_writable(const char *dir, char **which)
{
	char *d = tr_strdup(dir);
	struct stat sb;
	while (stat(d, &sb) < 0 && strcmp(d, "/") != 0 && strcmp(d, ".") != 0) {
		char *p = dir_of(d);
		free(d);
		d = p;
	}
	bool ok = access(d, W_OK) == 0;
	*which = d;
	return ok;
}

/* ---- paths of reports -------------------------------------------------- */

/* Removes "." and resolves ".." by text; keeps a leading run of "..". */
static char *normalize(const char *path)
{
	bool abs = path[0] == '/';
	tr_strv parts = TR_STRV_INIT;
	char *copy = tr_strdup(path), *save = NULL;
	for (char *t = strtok_r(copy, "/", &save); t; t = strtok_r(NULL, "/", &save)) {
		if (strcmp(t, ".") == 0)
			continue;
		if (strcmp(t, "..") == 0 && parts.n > 0 && strcmp(parts.v[parts.n - 1], "..") != 0) {
			free(parts.v[--parts.n]);
			continue;
		}
		if (strcmp(t, "..") == 0 && abs)
			continue;
		tr_strv_push(&parts, t);
	}
	tr_buf b = TR_BUF_INIT;
	if (abs)
		tr_buf_addc(&b, '/');
	for (size_t i = 0; i < parts.n; i++) {
		if (i)
			tr_buf_addc(&b, '/');
		tr_buf_adds(&b, parts.v[i]);
	}
	if (b.len == 0)
		tr_buf_addc(&b, '.');
	free(copy);
	tr_strv_free(&parts);
	return tr_buf_detach(&b);
}

static char *absolute(const char *path)
{
	if (path[0] == '/')
		return normalize(path);
	char cwd[PATH_MAX];
	if (!getcwd(cwd, sizeof cwd))
		return normalize(path);
	char *joined = tr_sprintf("%s/%s", cwd, path);
	char *n = normalize(joined);
	free(joined);
	return n;
}

/* The way from directory `from` to `to`, both absolute and normalised. */
static char *relative(const char *from, const char *to)
{
	size_t common = 0, i = 0;
	for (;; i++) {
		char a = from[i], b = to[i];
		if ((a == '/' || a == '\0') && (b == '/' || b == '\0'))
			common = i;
		if (a == '\0' || b == '\0' || a != b)
			break;
	}
	tr_buf r = TR_BUF_INIT;
	for (const char *p = from + common; *p; p++)
		if (*p == '/' && p[1] != '\0')
			tr_buf_adds(&r, "../");
	if (strcmp(from, "/") == 0 && r.len)
		tr_buf_reset(&r);
	const char *rest = to + common;
	while (*rest == '/')
		rest++;
	tr_buf_adds(&r, rest);
	if (r.len == 0)
		tr_buf_addc(&r, '.');
	return tr_buf_detach(&r);
}

static char *real_dir(const char *dir)
{
	char *r = realpath(dir, NULL);
	if (r) {
		char *n = tr_strdup(r);
		free(r);
		return n;
	}
	return absolute(dir);
}

/* ---- opening ----------------------------------------------------------- */

char *tr_store_locate(const char *state_file, const tr_repo *repo, const char *first_report,
                      tr_error *err)
{
	if (state_file && *state_file)
		return tr_strdup(state_file);
	const char *top = repo ? tr_repo_workdir(repo) : NULL;
	if (top)
		return tr_sprintf("%s.triage/progress.json", top);
	if (first_report && *first_report) {
		char *dir = dir_of(first_report);
		/* Run from outside, on a report inside a work tree: that tree's file,
		 * not a second one among its documents. */
		char *p = NULL;
		if (!repo) {
			tr_error e = TR_ERROR_INIT;
			tr_repo *own = tr_repo_open(dir, &e);
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

static void set_problem(tr_store *st, const tr_error *e)
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
static int sync_from_disk(tr_store *st, tr_error *err)
{
	char *data = NULL;
	size_t len = 0;
	file_id id = { 0 };
	if (read_with_id(st->path, &data, &len, &id) < 0) {
		int e = errno;
		if (e != ENOENT)
			return tr_error_set(err, is_readonly_errno(e) ? TR_READONLY : TR_IO,
			                    "%s: cannot read the progress file: %s", st->path, strerror(e));
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

/* Re-derives the document from the bytes last seen, after a failed save
 * changed it in memory only. */
static void restore_doc(tr_store *st)
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

static void check_writable(tr_store *st)
{
	if (st->read_only)
		return;
	char *which = NULL;
	if (!dir_writable(st->dir, &which)) {
		tr_error e = TR_ERROR_INIT;
		tr_error_set(&e, TR_READONLY,
		             "%s: no permission to write in %s: shown read-only; changes cannot be saved",
		             st->path, which);
		set_problem(st, &e);
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
	st->dir = dir_of(path);
	st->user = user && *user ? tr_utf8_fix(user, strlen(user)) : NULL;
	st->forced_ro = st->read_only = read_only;
	st->doc = tr_doc_new();
	tr_error e = TR_ERROR_INIT;
	if (sync_from_disk(st, &e) < 0) {
		if (e.status != TR_FORMAT && e.status != TR_READONLY) {
			tr_error_set(err, e.status, "%s", e.message);
			tr_error_clear(&e);
			tr_store_free(st);
			return NULL;
		}
		set_problem(st, &e);
		tr_error_clear(&e);
	}
	check_writable(st);
	return st;
}

static void txn_clear(txn *t)
{
	for (size_t i = 0; i < t->n; i++)
		tr_event_clear(&t->events[i]);
	free(t->events);
}

void tr_store_free(tr_store *st)
{
	if (!st)
		return;
	for (size_t i = 0; i < st->nundo; i++)
		txn_clear(&st->undo[i]);
	free(st->undo);
	tr_doc_free(st->doc);
	free(st->bytes);
	tr_error_clear(&st->problem);
	free(st->path);
	free(st->lock_path);
	free(st->dir);
	free(st->user);
	free(st);
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

void tr_store_reports(const tr_store *st, tr_strv *out)
{
	char cwd[PATH_MAX];
	bool have_cwd = getcwd(cwd, sizeof cwd) != NULL;
	for (size_t i = 0; i < st->doc->reports.n; i++) {
		const char *r = st->doc->reports.v[i];
		char *joined = r[0] == '/' ? tr_strdup(r) : tr_sprintf("%s/%s", st->dir, r);
		char *abs = absolute(joined);
		free(joined);
		size_t cl = have_cwd ? strlen(cwd) : 0;
		if (have_cwd && strncmp(abs, cwd, cl) == 0 && abs[cl] == '/')
			tr_strv_push(out, abs + cl + 1);
		else
			tr_strv_push(out, abs);
		free(abs);
	}
}

/* ---- transactions ------------------------------------------------------ */

/* A change to the document, made under the lock on what is on disk.
 * Returns true when there is something to write. */
typedef bool (*txn_op)(tr_store *st, const char *now, void *ctx);

static int transact(tr_store *st, txn_op op, void *ctx, bool for_undo, tr_error *err)
{
	if (st->read_only) {
		if (st->problem.status != TR_OK)
			return tr_error_set(err, st->problem.status, "%s", st->problem.message);
		return tr_error_set(err, TR_READONLY, "%s: opened read-only; nothing was saved", st->path);
	}
	if (make_dirs(st->dir, err) < 0)
		return -1;
	tr_lock *lk = tr_lock_acquire(st->lock_path, st->path, LOCK_TIMEOUT_MS, err);
	if (!lk)
		return -1;
	tr_error e = TR_ERROR_INIT;
	if (sync_from_disk(st, &e) < 0) {
		if (e.status == TR_FORMAT)
			set_problem(st, &e);
		tr_error_set(err, e.status, "%s", e.message);
		tr_error_clear(&e);
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
	tr_buf out = TR_BUF_INIT;
	tr_doc_write(st->doc, &out);
	if (tr_file_replace(st->path, out.data, out.len, st->id.exists ? (int)st->id.mode : -1,
	                    err) < 0) {
		restore_doc(st);
		tr_buf_free(&out);
		tr_lock_release(lk);
		return -1;
	}
	free(st->bytes);
	st->nbytes = out.len;
	st->bytes = tr_buf_detach(&out);
	struct stat sb;
	if (stat(st->path, &sb) == 0)
		id_from_stat(&st->id, &sb);
	else
		st->id.exists = false;
	tr_lock_release(lk);

	if (for_undo && added > 0) {
		tr_grow((void **)&st->undo, &st->capundo, st->nundo + 1, sizeof *st->undo);
		txn *t = &st->undo[st->nundo++];
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
		default:
			rc = tr_error_set(err, TR_USAGE, "unknown kind of change; nothing was saved");
		}
	}
	if (rc == 0) {
		apply_ctx c = { clean, n };
		rc = transact(st, op_apply, &c, true, err);
	}
	free(clean);
	tr_strv_free(&owned);
	return rc;
}

/* ---- undo -------------------------------------------------------------- */

static bool op_undo(tr_store *st, const char *now, void *vctx)
{
	const txn *t = vctx;
	size_t before = st->doc->nevents;
	for (size_t k = t->n; k-- > 0;) {
		const tr_event *ev = &t->events[k];
		if (strcmp(ev->field, "acknowledged") == 0 && ev->failure) {
			/* Someone acknowledged or withdrew it since: theirs stands. */
			if ((tr_doc_find_ack(st->doc, ev->failure) != NULL) == (ev->to != NULL))
				set_ack(st, now, ev->issue, ev->failure, ev->from != NULL);
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
		}
	}
	return st->doc->nevents > before;
}

bool tr_store_can_undo(const tr_store *st)
{
	return st->nundo > 0;
}

int tr_store_undo(tr_store *st, tr_error *err)
{
	if (st->nundo == 0)
		return 0;
	if (!st->user)
		return tr_error_set(err, TR_USAGE, "no user to record the undo under");
	txn *t = &st->undo[st->nundo - 1];
	int rc = transact(st, op_undo, t, false, err);
	if (rc >= 0) {
		txn_clear(t);
		st->nundo--;
	}
	return rc;
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
	char *dir = real_dir(st->dir);
	bool added = false;
	for (size_t i = 0; i < c->n; i++) {
		char *r = realpath(c->paths[i], NULL);
		char *abs = r ? tr_strdup(r) : absolute(c->paths[i]);
		free(r);
		char *rel = relative(dir, abs);
		if (!tr_strv_contains(&st->doc->reports, rel)) {
			tr_strv_push(&st->doc->reports, rel);
			added = true;
		}
		free(rel);
		free(abs);
	}
	free(dir);
	return added;
}

int tr_store_remember_reports(tr_store *st, char *const *paths, size_t n, tr_error *err)
{
	/* Remembering is a convenience: a store that cannot be written skips it. */
	if (n == 0 || st->read_only)
		return 0;
	/* Cheap check first: when every report is known, no lock, no write. */
	remember_ctx c = { paths, n };
	tr_doc *probe = st->doc;
	char *dir = real_dir(st->dir);
	size_t have = 0;
	for (size_t i = 0; i < n; i++) {
		char *r = realpath(paths[i], NULL);
		char *abs = r ? tr_strdup(r) : absolute(paths[i]);
		free(r);
		char *rel = relative(dir, abs);
		if (tr_strv_contains(&probe->reports, rel))
			have++;
		free(rel);
		free(abs);
	}
	free(dir);
	if (have == n)
		return 0;
	return transact(st, op_remember, &c, false, err) < 0 ? -1 : 0;
}

/* ---- watching the file ------------------------------------------------- */

bool tr_store_changed_on_disk(const tr_store *st)
{
	struct stat sb;
	file_id now = { 0 };
	if (stat(st->path, &sb) == 0)
		id_from_stat(&now, &sb);
	return !id_equal(&now, &st->id);
}

int tr_store_reload(tr_store *st, tr_error *err)
{
	tr_error e = TR_ERROR_INIT;
	if (sync_from_disk(st, &e) < 0) {
		if (e.status == TR_FORMAT)
			set_problem(st, &e);
		tr_error_set(err, e.status, "%s", e.message);
		tr_error_clear(&e);
		return -1;
	}
	/* Whole again: writable again, unless that was never the question. */
	tr_error_clear(&st->problem);
	st->read_only = st->forced_ro;
	check_writable(st);
	return 0;
}

/* ---- the merge driver -------------------------------------------------- */

static tr_doc *load_side(const char *path, bool may_be_missing, tr_error *err)
{
	char *data = NULL;
	size_t len = 0;
	if (tr_file_read(path, &data, &len) < 0) {
		int e = errno;
		if (e == ENOENT && may_be_missing)
			return tr_doc_new();
		tr_error_set(err, TR_IO, "%s: cannot read: %s", path, strerror(e));
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
