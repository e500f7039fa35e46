/* The git repository triage works in: where it is, and who the user is.
 * Together with history.c, the only code that talks to libgit2. */
#ifndef TRIAGE_REPO_H
#define TRIAGE_REPO_H

#include <stdbool.h>
#include "triage/error.h"

typedef struct tr_repo tr_repo;

/* Opens the repository holding `dir` (searched upward, as git does), or the
 * current directory when dir is NULL.  Returns NULL with err->status ==
 * TR_NOTFOUND when there is none (not an error for most callers: triage works
 * without history), or another status for a repository that cannot be read. */
tr_repo *tr_repo_open(const char *dir, tr_error *err);
void tr_repo_free(tr_repo *r);

/* The top of the work tree with a trailing '/', or NULL for a bare repository. */
const char *tr_repo_workdir(const tr_repo *r);
/* The git directory (".git/", or the bare repository itself), trailing '/'.
 * For a linked worktree this is the worktree's own git directory. */
const char *tr_repo_gitdir(const tr_repo *r);
/* The directory shared by all worktrees (where objects and refs live). */
const char *tr_repo_commondir(const tr_repo *r);
bool tr_repo_is_bare(const tr_repo *r);

/* "Name <email>" from user.name and user.email, or NULL when neither is set.
 * r may be NULL outside a repository: then the user's global, XDG and system
 * git configuration is read.  Caller frees. */
char *tr_repo_user(const tr_repo *r);

/* The underlying git_repository *, for history.c; typed void * so that
 * users of this header need not include <git2.h>. */
void *tr_repo_git(const tr_repo *r);

#endif
