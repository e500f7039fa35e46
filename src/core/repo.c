#include "config.h"

#include <git2.h>
#include <stdlib.h>
#include <string.h>

#include "triage/repo.h"
#include "triage/str.h"

struct tr_repo {
	git_repository *git;
};

/* libgit2 keeps global state (TLS, allocators) that must be initialised
 * before use; git_libgit2_init counts calls, so each repo holds one. */
tr_repo *tr_repo_open(const char *dir, tr_error *err)
{
	git_libgit2_init();
	git_repository *git = NULL;
	const char *start = dir ? dir : ".";
	int rc = git_repository_open_ext(&git, start, 0, NULL);
	if (rc == GIT_ENOTFOUND) {
		git_libgit2_shutdown();
		tr_error_set(err, TR_NOTFOUND, "%s: not inside a git repository", start);
		return NULL;
	}
	if (rc < 0) {
		const git_error *e = git_error_last();
		tr_error_set(err, TR_GIT, "%s: cannot open the git repository: %s", start,
		             e && e->message ? e->message : "unknown error");
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
	if (git_repository_config_snapshot(&cfg, r->git) < 0) {
		git_error_clear();
		return NULL;
	}
	char *name = config_string(cfg, "user.name");
	char *email = config_string(cfg, "user.email");
	git_config_free(cfg);
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
