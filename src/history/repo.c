#include "config.h"

#include <git2.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "triage/repo.h"
#include "triage/str.h"

struct tr_repo {
	git_repository *git;
};

static bool exists(const char *dir, const char *name, bool want_dir)
{
	char *p = tr_sprintf("%s/%s", dir, name);
	struct stat st;
	bool ok = stat(p, &st) == 0 && (!want_dir || S_ISDIR(st.st_mode));
	free(p);
	return ok;
}

/* Starting libgit2 costs tens of milliseconds on Debian (its init loads the
 * system's CA certificates for HTTPS), which is waste outside a repository.
 * This looks, more generously than git does, for anything that could be
 * one: GIT_DIR, a ".git" entry in `start` or above, or a bare repository's
 * layout.  Only a clear "nothing" skips libgit2, which decides the rest. */
static bool may_be_repository(const char *start, char **where)
{
	*where = NULL;
	if (getenv("GIT_DIR"))
		return true;
	char *path = realpath(start, NULL);
	if (!path)
		return true;    /* let libgit2 say what is wrong with it */
	bool found = false;
	for (;;) {
		const char *dir = path[0] ? path : "/";
		if (exists(dir, ".git", false) ||
		    (exists(dir, "HEAD", false) && exists(dir, "objects", true))) {
			found = true;
			*where = tr_strdup(dir);
			break;
		}
		char *slash = strrchr(path, '/');
		if (!slash || !path[0])
			break;
		*slash = '\0';
	}
	free(path);
	return found;
}

/* git refuses a repository another user owns unless safe.directory names
 * it (CVE-2022-24765): its configuration could run that user's commands.
 * libgit2 refuses too, but some versions then report "not found", which
 * would make a repository that is there look like none, and progress be
 * saved somewhere else.  So the owner is checked here when libgit2 found
 * nothing where a repository plainly is. */
static bool foreign_owner(const char *dir, uid_t *owner)
{
	struct stat st;
	char *git = tr_sprintf("%s/.git", dir);
	bool foreign = false;
	if (stat(dir, &st) == 0 && st.st_uid != geteuid()) {
		foreign = true;
		*owner = st.st_uid;
	} else if (stat(git, &st) == 0 && st.st_uid != geteuid()) {
		foreign = true;
		*owner = st.st_uid;
	}
	free(git);
	return foreign;
}

static int ownership_error(tr_error *err, const char *dir, uid_t owner)
{
	return tr_error_set(err, TR_GIT,
	                    "%s: the git repository there belongs to another user (uid %u), and git "
	                    "trusts no such repository: nothing is read from it and no progress is "
	                    "saved.  If you trust it: git config --global --add safe.directory %s",
	                    dir, (unsigned)owner, dir);
}

/* libgit2 keeps global state (TLS, allocators) that must be initialised
 * before use; git_libgit2_init counts calls, so each repo holds one. */
tr_repo *tr_repo_open(const char *dir, tr_error *err)
{
	const char *start = dir ? dir : ".";
	char *where = NULL;
	if (!may_be_repository(start, &where)) {
		tr_error_set(err, TR_NOTFOUND, "%s: not inside a git repository", start);
		return NULL;
	}
	git_libgit2_init();
	git_repository *git = NULL;
	int rc = git_repository_open_ext(&git, start, 0, NULL);
	uid_t owner = 0;
	if ((rc == GIT_ENOTFOUND || rc == GIT_EOWNER) && where && foreign_owner(where, &owner)) {
		git_error_clear();
		git_libgit2_shutdown();
		ownership_error(err, where, owner);
		free(where);
		return NULL;
	}
	free(where);
	if (rc == GIT_ENOTFOUND) {
		git_libgit2_shutdown();
		tr_error_set(err, TR_NOTFOUND, "%s: not inside a git repository", start);
		return NULL;
	}
	if (rc < 0) {
		/* "." would not say which repository: the directory in full. */
		char *cwd = dir ? NULL : getcwd(NULL, 0);
		const git_error *e = git_error_last();
		tr_error_set(err, TR_GIT, "%s: cannot open the git repository: %s", cwd ? cwd : start,
		             e && e->message ? e->message : "unknown error");
		free(cwd);
		git_libgit2_shutdown();
		return NULL;
	}
	tr_repo *r = tr_calloc(1, sizeof *r);
	r->git = git;
	return r;
}

void tr_repo_free(tr_repo *r)
{
	if (!r)
		return;
	git_repository_free(r->git);
	free(r);
	git_libgit2_shutdown();
}

const char *tr_repo_workdir(const tr_repo *r)
{
	return git_repository_workdir(r->git);
}

const char *tr_repo_gitdir(const tr_repo *r)
{
	return git_repository_path(r->git);
}

const char *tr_repo_commondir(const tr_repo *r)
{
	return git_repository_commondir(r->git);
}

bool tr_repo_is_bare(const tr_repo *r)
{
	return git_repository_is_bare(r->git) != 0;
}

static char *config_string(git_config *cfg, const char *name)
{
	git_buf buf = { 0 };
	if (git_config_get_string_buf(&buf, cfg, name) < 0) {
		git_error_clear();
		return NULL;
	}
	char *s = buf.size ? tr_strndup(buf.ptr, buf.size) : NULL;
	git_buf_dispose(&buf);
	return s;
}

char *tr_repo_user(const tr_repo *r)
{
	git_config *cfg = NULL;
	/* Without a repository, the user's own git configuration (global, XDG
	 * and system files) still knows who they are. */
	if (!r)
		git_libgit2_init();
	int rc = r ? git_repository_config_snapshot(&cfg, r->git) : git_config_open_default(&cfg);
	if (rc < 0) {
		git_error_clear();
		if (!r)
			git_libgit2_shutdown();
		return NULL;
	}
	char *name = config_string(cfg, "user.name");
	char *email = config_string(cfg, "user.email");
	git_config_free(cfg);
	if (!r)
		git_libgit2_shutdown();
	char *who = NULL;
	if (name && email)
		who = tr_sprintf("%s <%s>", name, email);
	else if (name)
		who = tr_strdup(name);
	else if (email)
		who = tr_sprintf("<%s>", email);
	free(name);
	free(email);
	return who;
}

void *tr_repo_git(const tr_repo *r)
{
	return r->git;
}
