/* Replacing a file whole, so that a reader (or a crash) sees the old file
 * or the new one, never a part: the one way triage writes its files. */
#ifndef TRIAGE_FILE_H
#define TRIAGE_FILE_H

/* Writes the new file's bytes to fd.  0, or -1 with errno set. */
typedef int (*tr_file_writer)(int fd, void *ctx);

/* Replaces `path` with what `write` writes: into `tmp` (a new file beside
 * path, never an existing one or a symlink), flushed to disk, renamed over
 * path, and the directory flushed so the rename lasts.  `mode` is the new
 * file's permission bits (-1: 0666 less the umask).  The old file stays
 * whole on any error: -1 with errno set and *step saying what failed
 * ("creating a temporary file", "writing", "flushing to disk", "closing",
 * "renaming"); tmp is removed unless creating it failed. */
int tr_file_replace_with(const char *path, const char *tmp, int mode, tr_file_writer write,
                         void *ctx, const char **step);

#endif
