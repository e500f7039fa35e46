/* The store's lock: a file of its own beside the data file, held with
 * flock().
 *
 * Not fcntl() on the data file: such a lock vanishes when any descriptor to
 * that file is closed, and every reader closes one.  Not a bare O_EXCL lock
 * file either: a killed holder leaves it behind and breaking it safely takes
 * guesswork.  The kernel drops a flock() with its holder, so a lock left by
 * a killed process is simply free.  The holder removes the file before it
 * lets go; a waiter that wins a file already removed (or replaced) starts
 * again, so two sessions never hold two different files.
 *
 * Waiting is polling, not first come first served: a session saving again
 * and again may keep the lock for a long run.  So a waiter gives up only
 * when nothing was saved for the whole timeout (a holder that is stuck),
 * never behind one that is busy. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "store_internal.h"

/* The longest pause between two tries for the lock. */
#define LOCK_PAUSE_MAX_MS 16

struct tr_lock {
	int fd;
	char *path;
};

static long long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

/* The holder writes who it is, for the message another session shows. */
static void describe_holder(int fd)
{
	char host[256] = "";
	if (gethostname(host, sizeof host - 1) < 0)
		strcpy(host, "?");
	host[sizeof host - 1] = '\0';
	char line[300];
	int n = snprintf(line, sizeof line, "pid %ld on %s\n", (long)getpid(), host);
	if (n > 0 && ftruncate(fd, 0) == 0 && pwrite(fd, line, (size_t)n, 0) < 0) {
		/* A lock file we may not write (another user's) still locks. */
	}
}

static char *read_holder(int fd)
{
	char line[300];
	ssize_t n = pread(fd, line, sizeof line - 1, 0);
	if (n <= 0)
		return tr_strdup("another session");
	line[n] = '\0';
	line[strcspn(line, "\n")] = '\0';
	return tr_strdup(line);
}

static int open_lock_file(const char *path)
{
	int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK, 0666);
	/* Another user's lock file: flock() works on a read-only descriptor. */
	if (fd < 0 && errno == EACCES)
		fd = open(path, O_RDONLY | O_CREAT | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK, 0666);
	return fd;
}

/* What tells one version of the watched file from the next: every save
 * renames a new file over it. */
typedef struct seen {
	bool exists;
	dev_t dev;
	ino_t ino;
	off_t size;
	struct timespec mtime;
} seen;

static seen look(const char *path)
{
	seen s = { 0 };
	struct stat sb;
	if (path && stat(path, &sb) == 0)
		s = (seen){ true, sb.st_dev, sb.st_ino, sb.st_size, sb.st_mtim };
	return s;
}

static bool same(const seen *a, const seen *b)
{
	return a->exists == b->exists && a->dev == b->dev && a->ino == b->ino &&
	       a->size == b->size && a->mtime.tv_sec == b->mtime.tv_sec &&
	       a->mtime.tv_nsec == b->mtime.tv_nsec;
}

tr_lock *tr_lock_acquire(const char *path, const char *watch, int timeout_ms, tr_error *err)
{
	long long deadline = now_ms() + timeout_ms;
	long pause = 1;
	seen last = look(watch);
	for (;;) {
		int fd = open_lock_file(path);
		struct stat lsb;
		/* Something committed or planted where the lock goes (a symlink, a
		 * directory, a FIFO) is no lock of ours: say what and that it goes. */
		if ((fd < 0 && (errno == ELOOP || errno == EISDIR || errno == ENXIO) &&
		     lstat(path, &lsb) == 0) ||
		    (fd >= 0 && fstat(fd, &lsb) == 0 && !S_ISREG(lsb.st_mode))) {
			if (fd >= 0)
				close(fd);
			char *what = store_describe(path, &lsb);
			tr_error_set(err, TR_IO,
			             "%s: is %s, in the way of the lock each save takes; remove it "
			             "(rm -r '%s'); the progress file was not changed",
			             path, what, path);
			free(what);
			return NULL;
		}
		if (fd < 0) {
			int e = errno;
			tr_error_set(err, e == EACCES || e == EPERM || e == EROFS ? TR_READONLY : TR_IO,
			             "%s: cannot create the lock file: %s; the progress file was not "
			             "changed (make its directory writable)", path, strerror(e));
			return NULL;
		}
		if (flock(fd, LOCK_EX | LOCK_NB) == 0) {
			struct stat held, named;
			if (fstat(fd, &held) == 0 && stat(path, &named) == 0 &&
			    held.st_dev == named.st_dev && held.st_ino == named.st_ino) {
				describe_holder(fd);
				tr_lock *lk = tr_malloc(sizeof *lk);
				lk->fd = fd;
				lk->path = tr_strdup(path);
				return lk;
			}
			close(fd);
			continue;
		}
		if (errno != EWOULDBLOCK && errno != EINTR) {
			int e = errno;
			close(fd);
			tr_error_set(err, TR_IO, "%s: cannot lock: %s", path, strerror(e));
			return NULL;
		}
		seen now = look(watch);
		if (!same(&now, &last)) {
			last = now;
			deadline = now_ms() + timeout_ms;
		}
		if (now_ms() >= deadline) {
			char *who = read_holder(fd);
			close(fd);
			tr_error_set(err, TR_LOCKED,
			             "%s: held by %s, with no save for %g s; nothing was saved: try "
			             "again when that session is done", path, who, timeout_ms / 1000.0);
			free(who);
			return NULL;
		}
		close(fd);
		sleep_ms(pause);
		/* Short first waits: a save takes milliseconds. */
		if (pause < LOCK_PAUSE_MAX_MS)
			pause *= 2;
	}
}

void tr_lock_release(tr_lock *lk)
{
	if (!lk)
		return;
	unlink(lk->path);
	close(lk->fd);
	free(lk->path);
	free(lk);
}
