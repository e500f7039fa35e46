/* The files beneath the progress store: reading with the identity of what
 * was read, replacing a file whole, the directory, and the paths of
 * reports relative to it. */
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
#include "triage/file.h"
#include "triage/text.h"

/* ---- files ------------------------------------------------------------- */

void store_id_from_stat(store_file_id *id, const struct stat *sb)
{
	id->exists = true;
	id->dev = sb->st_dev;
	id->ino = sb->st_ino;
	id->size = sb->st_size;
	id->mtime = sb->st_mtim;
	id->mode = sb->st_mode & 07777;
}

bool store_id_equal(const store_file_id *a, const store_file_id *b)
{
	if (a->exists != b->exists)
		return false;
	if (!a->exists)
		return true;
	return a->dev == b->dev && a->ino == b->ino && a->size == b->size &&
	       a->mtime.tv_sec == b->mtime.tv_sec && a->mtime.tv_nsec == b->mtime.tv_nsec;
}

char *store_describe(const char *path, const struct stat *sb)
{
	if (S_ISLNK(sb->st_mode)) {
		char target[PATH_MAX];
		ssize_t n = readlink(path, target, sizeof target - 1);
		if (n < 0)
			return tr_strdup("a symlink");
		target[n] = '\0';
		char *safe = tr_utf8_fix(target, (size_t)n);
		char *d = tr_sprintf("a symlink to %s", safe);
		free(safe);
		return d;
	}
	return tr_strdup(S_ISDIR(sb->st_mode)    ? "a directory"
	                 : S_ISFIFO(sb->st_mode) ? "a FIFO"
	                 : S_ISSOCK(sb->st_mode) ? "a socket"
	                 : S_ISREG(sb->st_mode)  ? "a file"
	                                         : "a device");
}

/* Reads the whole file and says which version it read: fstat on the same
 * descriptor, so the two always agree even while others replace the file.
 *
 * The progress file is committed, so whoever wrote the repository chose
 * what is at its path.  A symlink could lead to another project's file (and
 * copy its notes here) or to /proc/self/fd/0; a FIFO would hang the open; a
 * device would read forever.  So: no symlink followed, the open never
 * blocks, only a regular file is read, and at most TR_STORE_MAX_BYTES. */
int store_read_with_id(const char *path, char **data, size_t *len, store_file_id *id,
                       tr_error *err)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
	if (fd < 0) {
		int e = errno;
		struct stat lsb;
		if (e == ELOOP && lstat(path, &lsb) == 0 && S_ISLNK(lsb.st_mode)) {
			char *what = store_describe(path, &lsb);
			tr_error_set(err, TR_FORMAT,
			             "%s: is %s; a progress file is never read through a symlink, which "
			             "could lead out of the repository: remove the link, or pass --state "
			             "FILE naming the file itself",
			             path, what);
			free(what);
		} else {
			tr_error_set(err, e == ENOENT ? TR_NOTFOUND : store_is_readonly_errno(e) ? TR_READONLY : TR_IO,
			             "%s: cannot read the progress file: %s", path, strerror(e));
		}
		errno = e;
		return -1;
	}
	struct stat sb;
	if (fstat(fd, &sb) < 0) {
		int e = errno;
		close(fd);
		tr_error_set(err, TR_IO, "%s: cannot read the progress file: %s", path, strerror(e));
		errno = e;
		return -1;
	}
	if (!S_ISREG(sb.st_mode)) {
		close(fd);
		char *what = store_describe(path, &sb);
		tr_error_set(err, TR_FORMAT,
		             "%s: is %s, not a file; a progress file is a plain JSON file: remove what "
		             "is there (triage makes a new file with the next change)",
		             path, what);
		free(what);
		errno = S_ISDIR(sb.st_mode) ? EISDIR : EINVAL;
		return -1;
	}
	if ((unsigned long long)sb.st_size > TR_STORE_MAX_BYTES) {
		close(fd);
		tr_error_set(err, TR_FORMAT,
		             "%s: is %.1f MB, over the %llu MB a progress file may be; nothing was read: "
		             "if it is yours, keep its history elsewhere and start a new one",
		             path, (double)sb.st_size / (1024.0 * 1024.0), TR_STORE_MAX_BYTES >> 20);
		errno = EFBIG;
		return -1;
	}
	/* Room for the file, its NUL and one byte more: the read that finds
	 * the end has room to ask for, and a 10 MB file is not copied into
	 * 20 MB of fresh memory only to learn that it ended. */
	size_t cap = sb.st_size > 0 ? (size_t)sb.st_size + 2 : 4096, n = 0;
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
			tr_error_set(err, TR_IO, "%s: cannot read the progress file: %s", path, strerror(e));
			errno = e;
			return -1;
		}
		if (r == 0)
			break;
		n += (size_t)r;
		/* Growing while it is read is no way around the limit. */
		if (n > TR_STORE_MAX_BYTES) {
			free(buf);
			close(fd);
			tr_error_set(err, TR_FORMAT,
			             "%s: grew past the %llu MB a progress file may be while being read",
			             path, TR_STORE_MAX_BYTES >> 20);
			errno = EFBIG;
			return -1;
		}
	}
	close(fd);
	buf[n] = '\0';
	*data = buf;
	*len = n;
	if (id)
		store_id_from_stat(id, &sb);
	return 0;
}

int store_check_place(const char *path, tr_error *err)
{
	char *dir = store_dir_of(path);
	const char *base = strrchr(dir, '/');
	base = base ? base + 1 : dir;
	struct stat lsb;
	int rc = 0;
	/* A committed `.triage` that is a symlink would have every save, its
	 * lock and its temporary file written wherever it points. */
	if (strcmp(base, ".triage") == 0 && lstat(dir, &lsb) == 0 && !S_ISDIR(lsb.st_mode)) {
		char *what = store_describe(dir, &lsb);
		rc = tr_error_set(err, TR_FORMAT,
		                  "%s: is %s, not a directory; triage keeps progress only in a real "
		                  "directory inside the work tree and follows no link out of it: "
		                  "remove it (rm '.triage', or git rm '.triage' when it is committed), "
		                  "or pass --state FILE",
		                  dir, what);
		free(what);
	}
	free(dir);
	return rc;
}

int tr_file_read(const char *path, char **data, size_t *len, tr_error *err)
{
	return store_read_with_id(path, data, len, NULL, err);
}

char *store_dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');
	if (!slash)
		return tr_strdup(".");
	if (slash == path)
		return tr_strdup("/");
	return tr_strndup(path, (size_t)(slash - path));
}

bool store_is_readonly_errno(int e)
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
	else if (store_is_readonly_errno(e))
		advice = "make its directory writable, or pass --state FILE";
	return tr_error_set(err, store_is_readonly_errno(e) ? TR_READONLY : TR_IO,
	                    "%s: cannot save (%s: %s): %s; the file is as it was", path, what,
	                    strerror(e), advice);
}

typedef struct bytes {
	const char *data;
	size_t len;
} bytes;

static int write_bytes(int fd, void *ctx)
{
	const bytes *b = ctx;
	const char *p = b->data;
	size_t len = b->len;
	while (len > 0) {
		ssize_t w = write(fd, p, len);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			return -1;
		p += w;
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
	bytes b = { data, len };
	const char *step;
	int rc = tr_file_replace_with(path, tmp, mode, write_bytes, &b, &step);
	int e = errno;
	struct stat lsb;
	if (rc < 0 && e == EEXIST && lstat(tmp, &lsb) == 0) {
		/* What could not be removed: a directory, most likely committed. */
		char *what = store_describe(tmp, &lsb);
		tr_error_set(err, TR_IO,
		             "%s: cannot save: %s is %s, in the way of the temporary file each save "
		             "writes; remove it (rm -r '%s'); the file is as it was",
		             path, tmp, what, tmp);
		free(what);
	} else if (rc < 0 && e == EISDIR && lstat(path, &lsb) == 0 && S_ISDIR(lsb.st_mode)) {
		tr_error_set(err, TR_IO, "%s: cannot save: a directory is in the way; remove it (rm -r '%s')",
		             path, path);
	} else if (rc < 0) {
		save_error(err, path, step, e);
	}
	free(tmp);
	return rc;
}

int store_make_dirs(const char *dir, tr_error *err)
{
	struct stat sb;
	if (stat(dir, &sb) == 0)
		return 0;
	char *parent = store_dir_of(dir);
	if (strcmp(parent, dir) != 0 && store_make_dirs(parent, err) < 0) {
		free(parent);
		return -1;
	}
	free(parent);
	if (mkdir(dir, 0777) < 0 && errno != EEXIST) {
		int e = errno;
		return tr_error_set(err, store_is_readonly_errno(e) ? TR_READONLY : TR_IO,
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
bool store_dir_writable(const char *dir, char **which)
{
	char *d = tr_strdup(dir);
	struct stat sb;
	while (stat(d, &sb) < 0 && strcmp(d, "/") != 0 && strcmp(d, ".") != 0) {
		char *p = store_dir_of(d);
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

char *store_absolute(const char *path)
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
char *store_relative(const char *from, const char *to)
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

char *store_real_dir(const char *dir)
{
	char *r = realpath(dir, NULL);
	if (r) {
		char *n = tr_strdup(r);
		free(r);
		return n;
	}
	return store_absolute(dir);
}
