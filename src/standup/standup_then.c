/* The reports as they were at the last stand-up: each report file's version
 * in git at that time, read into a model of its own (to tell what changed
 * in it) and all of them into one (to tell the graph as it was). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "triage/report.h"
#include "triage/revision.h"
#include "triage/standup.h"

struct tr_standup_then {
	tr_report_then *then;
	tr_model **alone;       /* per report: its earlier version alone */
	char **commit;
	char **why;
	tr_model *combined;     /* NULL when no report changed */
	size_t n;
};

void tr_standup_then_free(tr_standup_then *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < t->n; i++) {
		tr_model_free(t->alone[i]);
		free(t->commit[i]);
		free(t->why[i]);
	}
	free(t->alone);
	free(t->commit);
	free(t->why);
	free(t->then);
	tr_model_free(t->combined);
	free(t);
}

const tr_report_then *tr_standup_then_reports(const tr_standup_then *t)
{
	return t ? t->then : NULL;
}

const tr_model *tr_standup_then_model(const tr_standup_then *t)
{
	return t ? t->combined : NULL;
}

static char *read_all(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	tr_buf b = TR_BUF_INIT;
	char chunk[65536];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		tr_buf_add(&b, chunk, n);
	fclose(f);
	*len = b.len;
	return b.data ? tr_buf_detach(&b) : tr_strdup("");
}

/* One report: what git says it was at `at`.  *old gets its bytes when it
 * changed since. */
static void find_one(tr_standup_then *t, size_t r, tr_repo *repo, const char *path, int64_t at,
                     char **old, size_t *oldlen)
{
	tr_report_then *th = &t->then[r];
	th->kind = TR_THEN_UNKNOWN;
	if (!repo) {
		th->why = "not in a git repository: no earlier version to compare";
		return;
	}
	char *rel = tr_repo_relpath(repo, path);
	if (!rel) {
		th->why = "outside the repository's work tree: no earlier version to compare";
		return;
	}
	tr_file_version v;
	tr_error err = TR_ERROR_INIT;
	int rc = tr_file_at(repo, rel, at, &v, &err);
	free(rel);
	if (rc < 0) {
		t->why[r] = tr_sprintf("git cannot tell its earlier version: %s",
		                       err.message ? err.message : "unknown error");
		th->why = t->why[r];
		tr_error_clear(&err);
		return;
	}
	switch (v.kind) {
	case TR_VERSION_UNTRACKED:
		th->why = "not committed to git: no earlier version to compare";
		return;
	case TR_VERSION_SHALLOW:
		th->why = "a shallow clone whose history stops after then: no earlier version "
		          "to compare (git fetch --unshallow)";
		return;
	case TR_VERSION_ABSENT:
		th->kind = TR_THEN_NEW;
		return;
	case TR_VERSION_FOUND:
		break;
	}
	size_t curlen = 0;
	char *cur = read_all(path, &curlen);
	bool same = cur && curlen == v.len && memcmp(cur, v.data, v.len) == 0;
	free(cur);
	if (same) {
		th->kind = TR_THEN_SAME;
		free(v.data);
		return;
	}
	tr_model *m = tr_model_new();
	tr_error e2 = TR_ERROR_INIT;
	if (tr_report_load_buffer(m, path, v.data, v.len, &e2) < 0) {
		tr_model_free(m);
		free(v.data);
		th->why = "its earlier version could not be read";
		tr_error_clear(&e2);
		return;
	}
	tr_model_finish(m);
	t->alone[r] = m;
	t->commit[r] = tr_strdup(v.commit);
	th->kind = TR_THEN_CHANGED;
	th->model = m;
	th->commit = t->commit[r];
	th->time = v.time;
	*old = v.data;
	*oldlen = v.len;
}

tr_standup_then *tr_standup_then_new(tr_repo *repo, const tr_model *m, int64_t at)
{
	tr_standup_then *t = tr_calloc(1, sizeof *t);
	size_t n = m->nreports;
	t->n = n;
	t->then = tr_calloc(n ? n : 1, sizeof *t->then);
	t->alone = tr_calloc(n ? n : 1, sizeof *t->alone);
	t->commit = tr_calloc(n ? n : 1, sizeof *t->commit);
	t->why = tr_calloc(n ? n : 1, sizeof *t->why);
	char **old = tr_calloc(n ? n : 1, sizeof *old);
	size_t *oldlen = tr_calloc(n ? n : 1, sizeof *oldlen);
	bool any = false;
	for (size_t r = 0; r < n; r++) {
		find_one(t, r, repo, m->reports[r].path, at, &old[r], &oldlen[r]);
		any |= t->then[r].kind == TR_THEN_NEW || t->then[r].kind == TR_THEN_CHANGED;
	}
	/* The whole cluster as it was: changed reports as they were, the
	 * others as they are, new ones left out. */
	if (any) {
		tr_model *c = tr_model_new();
		tr_error err = TR_ERROR_INIT;
		bool ok = true;
		for (size_t r = 0; r < n && ok; r++) {
			const char *path = m->reports[r].path;
			if (t->then[r].kind == TR_THEN_NEW)
				continue;
			if (old[r]) {
				ok = tr_report_load_buffer(c, path, old[r], oldlen[r], &err) == 0;
			} else {
				size_t len = 0;
				char *cur = read_all(path, &len);
				ok = cur && tr_report_load_buffer(c, path, cur, len, &err) == 0;
				free(cur);
			}
		}
		tr_error_clear(&err);
		if (ok) {
			tr_model_finish(c);
			t->combined = c;
		} else {
			tr_model_free(c);
		}
	}
	for (size_t r = 0; r < n; r++)
		free(old[r]);
	free(old);
	free(oldlen);
	return t;
}
