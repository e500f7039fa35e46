/* Earlier versions of files in the repository: what a report said at some
 * time in the past, and the time of a named commit.  The report file's own
 * git history is how triage tells what changed in it since a stand-up. */
#ifndef TRIAGE_REVISION_H
#define TRIAGE_REVISION_H

#include <stddef.h>
#include <stdint.h>
#include "triage/error.h"
#include "triage/repo.h"

/* The committer time of `rev` (anything git rev-parse takes that names a
 * commit: an id, a branch, a tag, HEAD~3).  0, or -1 with err (TR_NOTFOUND
 * when the repository has no such commit). */
int tr_rev_time(tr_repo *repo, const char *rev, int64_t *time, tr_error *err);

/* `path` (as given, relative to the current directory or absolute) relative
 * to the top of repo's work tree; NULL when it is not inside the work tree
 * (or the repository is bare).  Caller frees. */
char *tr_repo_relpath(const tr_repo *repo, const char *path);

typedef enum {
	TR_VERSION_FOUND,       /* data holds the file as it was */
	TR_VERSION_ABSENT,      /* the file was not there then: it is new since */
	TR_VERSION_UNTRACKED,   /* the file is not in HEAD: git knows no version of it */
	TR_VERSION_SHALLOW,     /* a shallow clone whose history stops after that time */
} tr_version_kind;

typedef struct tr_file_version {
	tr_version_kind kind;
	char commit[41];        /* FOUND and ABSENT: the commit read ("" when none) */
	int64_t time;           /* its committer time */
	char *data;             /* FOUND: the bytes (caller frees) */
	size_t len;
} tr_file_version;

/* The file at `relpath` (relative to the top of the work tree) as it was at
 * time `when`: in the newest commit on HEAD's first-parent line committed
 * at or before then.  Walks only the commits made since `when`.  0 with
 * *out filled, -1 with err when the repository cannot be read. */
int tr_file_at(tr_repo *repo, const char *relpath, int64_t when, tr_file_version *out,
               tr_error *err);

/* Every version of the file on HEAD's first-parent line, oldest first: each
 * commit that changed its bytes, with the bytes.  At most `max_commits`
 * commits are looked at (0: all); *truncated says the walk stopped before
 * the root.  Returns how many versions (the array is the caller's, free
 * with tr_file_versions_free), or -1 with err. */
long tr_file_versions(tr_repo *repo, const char *relpath, size_t max_commits,
                      tr_file_version **out, int *truncated, tr_error *err);
void tr_file_versions_free(tr_file_version *v, size_t n);

#endif
