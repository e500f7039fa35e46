/* The note editor's drafts across sessions: a file of the user's own under
 * $XDG_STATE_HOME/triage/drafts/ (else ~/.local/state/triage/drafts/), one
 * per progress file, never the progress file itself, which is shared
 * through git.  Written only when a draft is kept or given up, so browsing
 * writes nothing.
 *
 * The file: a first line "triage drafts 1", the progress file's path
 * ("store PATH", for whoever reads it), then pairs of "key KEY" and
 * "text TEXT" lines, with a backslash, a line break and every other
 * control character written as \\, \n, \xHH. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "console/state.h"
#include "triage/file.h"
#include "triage/map.h"

#define DRAFTS_HEADER "triage drafts 1"
/* Far beyond what the editor holds (UI_EDITOR_MAX a draft): a bigger file
 * is not ours to read whole. */
#define DRAFTS_FILE_MAX (8u << 20)

/* Only paths from the root: a relative one would put the drafts in the
 * folder the console runs in, the work tree shared through git (the XDG
 * specification has relative values ignored for the same reason). */
static char *state_dir(void)
{
	const char *xdg = getenv("XDG_STATE_HOME");
	if (xdg && *xdg == '/')
		return tr_sprintf("%s/triage/drafts", xdg);
	const char *home = getenv("HOME");
	if (home && *home == '/')
		return tr_sprintf("%s/.local/state/triage/drafts", home);
	return NULL;
}

char *app_drafts_path(const char *store_path)
{
	if (!store_path || !*store_path)
		return NULL;
	char *dir = state_dir();
	if (!dir)
		return NULL;
	/* Named after the progress file it serves, so that two projects'
	 * drafts of "#305" stay apart: by its path from the root, as
	 * "--state progress.json" names a file in each project. */
	char *full = NULL;
	if (*store_path != '/') {
		char *cwd = getcwd(NULL, 0);
		if (!cwd) {
			free(dir);
			return NULL;
		}
		full = tr_sprintf("%s/%s", cwd, store_path);
		free(cwd);
	}
	const char *named = full ? full : store_path;
	uint64_t h = tr_hash_bytes(named, strlen(named));
	char *path = tr_sprintf("%s/%016llx", dir, (unsigned long long)h);
	free(full);
	free(dir);
	return path;
}

static void escape(tr_buf *b, const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '\\')
			tr_buf_adds(b, "\\\\");
		else if (*p == '\n')
			tr_buf_adds(b, "\\n");
		else if (*p < 0x20 || *p == 0x7F)
			tr_buf_addf(b, "\\x%02X", *p);
		else
			tr_buf_addc(b, (char)*p);
	}
}

static int hex(char c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
	                                      : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

/* The text of an escaped line; a NUL or a broken escape ends it there. */
static char *unescape(const char *s, size_t n)
{
	tr_buf b = TR_BUF_INIT;
	tr_buf_adds(&b, "");
	for (size_t i = 0; i < n; i++) {
		if (s[i] != '\\') {
			tr_buf_addc(&b, s[i]);
			continue;
		}
		if (i + 1 < n && s[i + 1] == '\\') {
			tr_buf_addc(&b, '\\');
			i++;
		} else if (i + 1 < n && s[i + 1] == 'n') {
			tr_buf_addc(&b, '\n');
			i++;
		} else if (i + 3 < n && s[i + 1] == 'x' && hex(s[i + 2]) >= 0 && hex(s[i + 3]) >= 0 &&
		           hex(s[i + 2]) * 16 + hex(s[i + 3]) != 0) {
			tr_buf_addc(&b, (char)(hex(s[i + 2]) * 16 + hex(s[i + 3])));
			i += 3;
		} else {
			break;
		}
	}
	return tr_buf_detach(&b);
}

/* The folder of `path`, opened for reading its file and locking: NULL
 * when path has no folder. */
static char *dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash && slash != path ? tr_strndup(path, (size_t)(slash - path)) : NULL;
}

/* The drafts folder, opened (-1 with err; -2 when it does not exist).  It
 * must be the user's own, private folder and not a link: what is typed
 * there is read back as the user's, and a draft is never written to where
 * someone else chose. */
static int open_dir(const char *dir, tr_error *err)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0) {
		int e = errno;
		struct stat st;
		if (e == ENOENT)
			return -2;
		if (lstat(dir, &st) == 0 && S_ISLNK(st.st_mode))
			tr_error_set(err, TR_IO, "%s: a symbolic link, not followed: remove it (rm %s)", dir,
			             dir);
		else
			tr_error_set(err, TR_IO, "%s: %s", dir, strerror(e));
		return -1;
	}
	struct stat st;
	if (fstat(fd, &st) < 0) {
		tr_error_set(err, TR_IO, "%s: %s", dir, strerror(errno));
	} else if (st.st_uid != geteuid()) {
		tr_error_set(err, TR_IO, "%s: the folder is another user's (uid %ld): remove it", dir,
		             (long)st.st_uid);
	} else if (st.st_mode & 077) {
		tr_error_set(err, TR_IO, "%s: the folder is open to others (mode %03o): chmod 700 %s", dir,
		             (unsigned)(st.st_mode & 0777), dir);
	} else {
		return fd;
	}
	close(fd);
	return -1;
}

/* The file's bytes, NUL-terminated; NULL with *missing when there is none.
 * Opened as the store opens its file: no symlink followed, nothing but a
 * regular file, nothing too big; and from its folder, checked first. */
static char *slurp(const char *path, size_t *len, bool *missing, tr_error *err)
{
	*missing = false;
	char *dir = dir_of(path);
	if (!dir) {
		tr_error_set(err, TR_IO, "%s: not a path to a file in a folder", path);
		return NULL;
	}
	int dfd = open_dir(dir, err);
	free(dir);
	if (dfd == -2)
		*missing = true;
	if (dfd < 0)
		return NULL;
	int fd = openat(dfd, strrchr(path, '/') + 1, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	int e = errno;
	close(dfd);
	errno = e;
	if (fd < 0) {
		if (errno == ENOENT) {
			*missing = true;
			return NULL;
		}
		if (errno == ELOOP)
			tr_error_set(err, TR_IO, "%s: a symbolic link, not followed: remove it (rm %s)", path,
			             path);
		else
			tr_error_set(err, TR_IO, "%s: %s", path, strerror(errno));
		return NULL;
	}
	struct stat st;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || (uintmax_t)st.st_size > DRAFTS_FILE_MAX) {
		tr_error_set(err, TR_IO,
		             "%s: not a file of drafts (a regular file of at most %u MB): move it away "
		             "(mv %s %s.old)",
		             path, DRAFTS_FILE_MAX >> 20, path, path);
		close(fd);
		return NULL;
	}
	char *data = tr_malloc((size_t)st.st_size + 1);
	size_t got = 0;
	while (got < (size_t)st.st_size) {
		ssize_t r = read(fd, data + got, (size_t)st.st_size - got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		got += (size_t)r;
	}
	close(fd);
	data[got] = '\0';
	*len = got;
	return data;
}

int app_drafts_read(const char *path, tr_strv *keys, tr_strv *texts, tr_error *err)
{
	size_t len = 0;
	bool missing;
	char *data = slurp(path, &len, &missing, err);
	if (!data)
		return missing ? 0 : -1;
	/* A file that is not ours, or of another version, is neither read
	 * nor, as the next draft kept would, written over: it may be a newer
	 * triage's drafts. */
	size_t hn = strlen(DRAFTS_HEADER);
	if (len && (len < hn || memcmp(data, DRAFTS_HEADER, hn) != 0 ||
	            (len > hn && data[hn] != '\n'))) {
		tr_error_set(err, TR_IO, "%s: not a file of drafts this triage reads: move it away (mv %s %s.old)",
		             path, path, path);
		free(data);
		return -1;
	}
	/* Then read as far as it makes sense: a key without its text or a
	 * line of another kind is passed over, the first draft of a key
	 * kept. */
	tr_smap seen = TR_SMAP_INIT;
	for (size_t i = 0; i < keys->n; i++)
		tr_smap_put(&seen, keys->v[i], strlen(keys->v[i]), i);
	char *key = NULL;
	for (size_t i = len ? hn + 1 : 0; i < len;) {
		char *nl = memchr(data + i, '\n', len - i);
		size_t n = nl ? (size_t)(nl - (data + i)) : len - i;
		const char *line = data + i;
		if (n > 4 && memcmp(line, "key ", 4) == 0) {
			free(key);
			key = unescape(line + 4, n - 4);
		} else if (n > 5 && memcmp(line, "text ", 5) == 0 && key) {
			char *text = unescape(line + 5, n - 5);
			if (*key && *text && tr_smap_put(&seen, key, strlen(key), keys->n) == keys->n) {
				tr_strv_push(keys, key);
				tr_strv_push(texts, text);
			}
			free(text);
			free(key);
			key = NULL;
		}
		i += n + 1;
	}
	free(key);
	free(data);
	tr_smap_free(&seen);
	return 0;
}

static int write_all(int fd, void *ctx)
{
	const tr_buf *b = ctx;
	size_t done = 0;
	while (done < b->len) {
		ssize_t w = write(fd, b->data + done, b->len - done);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			return -1;
		done += (size_t)w;
	}
	return 0;
}

/* mkdir -p, private: the drafts are what the user typed. */
static int make_dirs(const char *path)
{
	char *p = tr_strdup(path);
	int rc = 0;
	for (char *s = p + 1; rc == 0; s++) {
		if (*s != '/' && *s)
			continue;
		char c = *s;
		*s = '\0';
		if (mkdir(p, 0700) < 0 && errno != EEXIST)
			rc = -1;
		*s = c;
		if (!c)
			break;
	}
	free(p);
	return rc;
}

/* A lock file in the drafts folder, held while the drafts file is read and
 * replaced, so that two consoles keeping drafts at the same moment keep
 * both, and so that a temporary file found by the holder can only be a
 * killed writer's.  A file, opened for writing, rather than the folder:
 * flock() over NFS takes a lock only on what is open for writing.
 * Another console holds it for the time of one save: waited for a second
 * at most.  The descriptor (to close), or -1 with err; where the file
 * system has no locks, saves go on unlocked rather than fail. */
#define DRAFTS_LOCK ".lock"

static int lock_dir(int dfd, const char *dir, tr_error *err)
{
	int fd = openat(dfd, DRAFTS_LOCK, O_RDWR | O_CREAT | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC, 0600);
	if (fd < 0) {
		tr_error_set(err, TR_IO, "%s/%s: %s: remove it (rm -r %s/%s)", dir, DRAFTS_LOCK,
		             strerror(errno), dir, DRAFTS_LOCK);
		return -1;
	}
	for (int i = 0; i < 100; i++) {
		if (flock(fd, LOCK_EX | LOCK_NB) == 0)
			return fd;
		if (errno == ENOLCK || errno == EOPNOTSUPP || errno == ENOSYS)
			return fd;
		if (errno != EWOULDBLOCK && errno != EINTR) {
			tr_error_set(err, TR_IO, "%s/%s: cannot lock it: %s", dir, DRAFTS_LOCK, strerror(errno));
			close(fd);
			return -1;
		}
		struct timespec ts = { 0, 10 * 1000000L };
		nanosleep(&ts, NULL);
	}
	close(fd);
	return tr_error_set(err, TR_IO, "%s: another triage has been keeping drafts there for a second: "
	                    "try again", dir);
}

int app_drafts_put(const char *path, const char *store_path, const char *key, const char *text,
                   tr_error *err)
{
	char *dir = dir_of(path);
	if (!dir)
		return tr_error_set(err, TR_IO, "%s: not a path to a file in a folder", path);
	if (text && *text && make_dirs(dir) < 0) {
		tr_error_set(err, TR_IO, "%s: creating the folder: %s", dir, strerror(errno));
		free(dir);
		return -1;
	}
	int dfd = open_dir(dir, err);
	if (dfd == -2) {
		/* No folder, so no draft to give up. */
		free(dir);
		return 0;
	}
	int lock = dfd >= 0 ? lock_dir(dfd, dir, err) : -1;
	if (lock < 0) {
		if (dfd >= 0)
			close(dfd);
		free(dir);
		return -1;
	}
	/* On top of what the file holds now: another session's drafts stay. */
	tr_strv keys = TR_STRV_INIT, texts = TR_STRV_INIT;
	int rc = app_drafts_read(path, &keys, &texts, err);
	if (rc < 0)
		goto out;
	tr_buf b = TR_BUF_INIT;
	size_t kept = 0;
	tr_buf_addf(&b, "%s\nstore ", DRAFTS_HEADER);
	escape(&b, store_path);
	tr_buf_addc(&b, '\n');
	bool put = false;
	for (size_t i = 0; i < keys.n; i++) {
		const char *t = texts.v[i];
		if (strcmp(keys.v[i], key) == 0) {
			put = true;
			t = text;
		}
		if (!t || !*t)
			continue;
		tr_buf_adds(&b, "key ");
		escape(&b, keys.v[i]);
		tr_buf_adds(&b, "\ntext ");
		escape(&b, t);
		tr_buf_addc(&b, '\n');
		kept++;
	}
	if (!put && text && *text) {
		tr_buf_adds(&b, "key ");
		escape(&b, key);
		tr_buf_adds(&b, "\ntext ");
		escape(&b, text);
		tr_buf_addc(&b, '\n');
		kept++;
	}
	if (!kept) {
		if (unlink(path) < 0 && errno != ENOENT) {
			tr_error_set(err, TR_IO, "%s: %s", path, strerror(errno));
			rc = -1;
		}
	} else {
		char *tmp = tr_sprintf("%s.tmp", path);
		const char *step = "";
		/* Under the lock, a file of that name is a killed writer's
		 * leftover (or anything else in the way): removed first. */
		unlink(tmp);
		if (tr_file_replace_with(path, tmp, 0600, write_all, &b, &step) < 0) {
			if (errno == EEXIST)
				tr_error_set(err, TR_IO, "%s: in the way of the temporary file each save writes: "
				             "remove it (rm -r %s)", tmp, tmp);
			else
				tr_error_set(err, TR_IO, "%s: %s: %s", path, step, strerror(errno));
			rc = -1;
		}
		free(tmp);
	}
	tr_buf_free(&b);
out:
	tr_strv_free(&keys);
	tr_strv_free(&texts);
	close(lock);
	close(dfd);
	free(dir);
	return rc;
}

size_t app_drafts_put_all(const char *path, const char *store_path, const tr_strv *keys,
                          const tr_strv *texts, size_t *first)
{
	tr_strv held_keys = TR_STRV_INIT, held_texts = TR_STRV_INIT;
	tr_error err = TR_ERROR_INIT;
	if (app_drafts_read(path, &held_keys, &held_texts, &err) < 0)
		tr_error_clear(&err);
	tr_smap held = TR_SMAP_INIT;
	for (size_t k = 0; k < held_keys.n; k++)
		tr_smap_put(&held, held_keys.v[k], strlen(held_keys.v[k]), k);
	size_t lost = 0;
	*first = 0;
	for (size_t i = 0; i < keys->n && i < texts->n; i++) {
		size_t k = tr_smap_get(&held, keys->v[i], strlen(keys->v[i]));
		if (k != TR_NONE && strcmp(held_texts.v[k], texts->v[i]) == 0)
			continue;
		if (app_drafts_put(path, store_path, keys->v[i], texts->v[i], &err) == 0)
			continue;
		tr_error_clear(&err);
		if (!lost++)
			*first = i;
	}
	tr_smap_free(&held);
	tr_strv_free(&held_keys);
	tr_strv_free(&held_texts);
	return lost;
}
