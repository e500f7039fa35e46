/* The atomic, durable replacement of a file (see file.h).  The store's
 * progress file and the history's index both go through here. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "triage/file.h"
#include "triage/str.h"

static int fail(const char **step, const char *what, int e)
{
	*step = what;
	errno = e;
	return -1;
}

int tr_file_replace_with(const char *path, const char *tmp, int mode, tr_file_writer write,
                         void *ctx, const char **step)
{
	int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
	if (fd < 0)
		return fail(step, "creating a temporary file", errno);
	if (mode >= 0 && fchmod(fd, (mode_t)mode) < 0) {
		/* Keeping the old permissions is a courtesy, not a condition. */
	}
	const char *what = "writing";
	errno = 0;
	int rc = write(fd, ctx);
	if (rc == 0) {
		what = "flushing to disk";
		rc = fsync(fd);
	}
	int e = errno ? errno : EIO;
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
		return fail(step, what, e);
	}
	/* The rename is only durable once the directory is on disk too.  It has
	 * happened either way, so a directory that cannot be synced (some file
	 * systems refuse) is no reason to report a failure. */
	const char *slash = strrchr(path, '/');
	char *dir = slash ? tr_strndup(path, slash == path ? 1 : (size_t)(slash - path)) : tr_strdup(".");
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
