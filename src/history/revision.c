#include "config.h"

#include <git2.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "history_internal.h"
#include "triage/revision.h"

static int git_fail(tr_error *err, const char *what)
{
	const git_error *e = git_error_last();
	tr_error_set(err, TR_GIT, "%s: %s", what, e && e->message ? e->message : "unknown libgit2 error");
	git_error_clear();
	return -1;
}

int tr_rev_time(tr_repo *repo, const char *rev, int64_t *time, tr_error *err)
{
	git_object *obj = NULL, *peeled = NULL;
	if (git_revparse_single(&obj, tr_repo_git(repo), rev) < 0 ||
	    git_object_peel(&peeled, obj, GIT_OBJECT_COMMIT) < 0) {
		git_error_clear();
		git_object_free(obj);
		return tr_error_set(err, TR_NOTFOUND, "'%s' names no commit of this repository", rev);
	}
	*time = (int64_t)git_commit_time((git_commit *)peeled);
	git_object_free(peeled);
	git_object_free(obj);
	return 0;
}

char *tr_repo_relpath(const tr_repo *repo, const char *path)
{
	const char *wd = tr_repo_workdir(repo);
	if (!wd)
		return NULL;
	char *top = realpath(wd, NULL);
	char *abs = realpath(path, NULL);
	char *rel = NULL;
	if (top && abs) {
		size_t n = strlen(top);
		if (strncmp(abs, top, n) == 0 && abs[n] == '/' && abs[n + 1])
			rel = tr_strdup(abs + n + 1);
		else if (n == 1 && abs[0] == '/' && abs[1])
			rel = tr_strdup(abs + 1);
	}
	free(top);
	free(abs);
	return rel;
}

/* The blob at relpath in commit c: 1 with *oid, 0 when absent, -1 on error. */
static int blob_at(git_commit *c, const char *relpath, git_oid *oid)
{
	git_tree *tree = NULL;
	git_tree_entry *e = NULL;
	if (git_commit_tree(&tree, c) < 0)
		return -1;
	int rc = git_tree_entry_bypath(&e, tree, relpath);
	git_tree_free(tree);
	if (rc == GIT_ENOTFOUND) {
		git_error_clear();
		return 0;
	}
	if (rc < 0)
		return -1;
	int found = git_tree_entry_type(e) == GIT_OBJECT_BLOB;
	if (found)
		git_oid_cpy(oid, git_tree_entry_id(e));
	git_tree_entry_free(e);
	return found;
}

static int read_blob(git_repository *git, const git_oid *oid, tr_file_version *v)
{
	git_blob *b = NULL;
	if (git_blob_lookup(&b, git, oid) < 0)
		return -1;
	size_t n = (size_t)git_blob_rawsize(b);
	v->data = tr_malloc(n + 1);
	memcpy(v->data, git_blob_rawcontent(b), n);
	v->data[n] = '\0';
	v->len = n;
	git_blob_free(b);
	return 0;
}

/* HEAD's commit; 0 with *out NULL for an unborn HEAD. */
static int head_commit(git_repository *git, git_commit **out)
{
	git_oid oid;
	*out = NULL;
	int rc = git_reference_name_to_id(&oid, git, "HEAD");
	if (rc == GIT_ENOTFOUND || rc == GIT_EUNBORNBRANCH) {
		git_error_clear();
		return 0;
	}
	if (rc < 0)
		return -1;
	return git_commit_lookup(out, git, &oid);
}

/* The first parent of c: 1 with *out, 0 at a root commit, 2 when the parent
 * is missing (the edge of a shallow clone), -1 on error. */
static int first_parent(git_commit *c, git_commit **out)
{
	*out = NULL;
	if (git_commit_parentcount(c) == 0)
		return 0;
	int rc = git_commit_parent(out, c, 0);
	if (rc == GIT_ENOTFOUND) {
		git_error_clear();
		return 2;
	}
	return rc < 0 ? -1 : 1;
}

int tr_file_at(tr_repo *repo, const char *relpath, int64_t when, tr_file_version *out,
               tr_error *err)
{
	git_repository *git = tr_repo_git(repo);
	memset(out, 0, sizeof *out);
	git_commit *c = NULL;
	git_oid oid;
	if (head_commit(git, &c) < 0)
		return git_fail(err, "cannot read HEAD");
	int in_head = c ? blob_at(c, relpath, &oid) : 0;
	if (in_head < 0) {
		git_commit_free(c);
		return git_fail(err, relpath);
	}
	if (!in_head) {
		out->kind = TR_VERSION_UNTRACKED;
		git_commit_free(c);
		return 0;
	}
	while (c && (int64_t)git_commit_time(c) > when) {
		git_commit *p;
		int rc = first_parent(c, &p);
		if (rc < 0) {
			git_commit_free(c);
			return git_fail(err, "cannot read a commit");
		}
		if (rc == 2)
			out->kind = TR_VERSION_SHALLOW;
		git_commit_free(c);
		c = p;
	}
	if (!c) {
		/* Every commit is younger: the file did not exist then, unless the
		 * walk ran into a shallow clone's edge. */
		if (out->kind != TR_VERSION_SHALLOW)
			out->kind = TR_VERSION_ABSENT;
		return 0;
	}
	hx_oid_to_hex(git_commit_id(c)->id, out->commit);
	out->time = (int64_t)git_commit_time(c);
	int rc = blob_at(c, relpath, &oid);
	if (rc > 0 && read_blob(git, &oid, out) < 0)
		rc = -1;
	git_commit_free(c);
	if (rc < 0)
		return git_fail(err, relpath);
	out->kind = rc ? TR_VERSION_FOUND : TR_VERSION_ABSENT;
	return 0;
}

void tr_file_versions_free(tr_file_version *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i].data);
	free(v);
}

long tr_file_versions(tr_repo *repo, const char *relpath, size_t max_commits,
                      tr_file_version **out, int *truncated, tr_error *err)
{
	git_repository *git = tr_repo_git(repo);
	*out = NULL;
	*truncated = 0;
	git_commit *c = NULL;
	if (head_commit(git, &c) < 0)
		return git_fail(err, "cannot read HEAD");
	/* Newest first while walking; each entry is the commit that brought
	 * the bytes it has (the oldest commit with that blob in a run). */
	tr_file_version *v = NULL;
	size_t n = 0, cap = 0, seen = 0;
	git_oid cur;
	int have = 0;
	while (c) {
		if (max_commits && seen++ >= max_commits) {
			*truncated = 1;
			break;
		}
		git_oid oid;
		int rc = blob_at(c, relpath, &oid);
		if (rc < 0) {
			git_commit_free(c);
			tr_file_versions_free(v, n);
			return git_fail(err, relpath);
		}
		if (rc && (!have || !git_oid_equal(&oid, &cur))) {
			tr_grow((void **)&v, &cap, n + 1, sizeof *v);
			memset(&v[n], 0, sizeof v[n]);
			v[n].kind = TR_VERSION_FOUND;
			git_oid_cpy(&cur, &oid);
			n++;
		}
		have = rc;
		if (rc) {
			/* Still the same bytes further back: this older commit is the
			 * one that brought them, so far. */
			hx_oid_to_hex(git_commit_id(c)->id, v[n - 1].commit);
			v[n - 1].time = (int64_t)git_commit_time(c);
		}
		git_commit *p;
		int prc = first_parent(c, &p);
		git_commit_free(c);
		if (prc < 0) {
			tr_file_versions_free(v, n);
			return git_fail(err, "cannot read a commit");
		}
		if (prc == 2)
			*truncated = 1;
		c = p;
	}
	git_commit_free(c);
	/* Reads the bytes of each version, oldest first. */
	for (size_t i = 0; i < n / 2; i++) {
		tr_file_version t = v[i];
		v[i] = v[n - 1 - i];
		v[n - 1 - i] = t;
	}
	for (size_t i = 0; i < n; i++) {
		git_oid coid, boid;
		git_commit *cc = NULL;
		if (git_oid_fromstr(&coid, v[i].commit) < 0 || git_commit_lookup(&cc, git, &coid) < 0 ||
		    blob_at(cc, relpath, &boid) <= 0 || read_blob(git, &boid, &v[i]) < 0) {
			git_commit_free(cc);
			tr_file_versions_free(v, n);
			return git_fail(err, relpath);
		}
		git_commit_free(cc);
	}
	*out = v;
	return (long)n;
}
