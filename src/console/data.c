/* What views ask of the app: an issue's progress and commits, a commit's
 * detail, and the short forms and colour slots the panes share. */
#include "config.h"

#include <fnmatch.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "console/state.h"
#include "triage/clock.h"
#include "triage/report.h"
#include "triage/repo.h"
#include "triage/revision.h"
#include "triage/text.h"

const char *app_status_short(tr_issue_status s)
{
	switch (s) {
	case TR_ISSUE_REPRODUCED: return "reproduced";
	case TR_ISSUE_PARTIALLY_REPRODUCED: return "partial";
	case TR_ISSUE_NOT_REPRODUCED: return "not-repro";
	case TR_ISSUE_ROOT_CAUSE_IDENTIFIED: return "root-cause";
	case TR_ISSUE_CONFIRMED: return "confirmed";
	case TR_ISSUE_BLOCKED: return "blocked";
	case TR_ISSUE_OPEN: return "open";
	case TR_ISSUE_IN_PROGRESS: return "in-progress";
	case TR_ISSUE_RESOLVED: return "resolved";
	default: return "unknown";
	}
}

const char *app_person(const char *who, tr_buf *tmp)
{
	if (!who)
		return NULL;
	const char *lt = strchr(who, '<');
	if (!lt || lt == who)
		return who;
	size_t n = (size_t)(lt - who);
	while (n > 0 && who[n - 1] == ' ')
		n--;
	tr_buf_reset(tmp);
	tr_buf_add(tmp, who, n);
	return tr_buf_str(tmp);
}

const char *app_key_of(const tr_app *app, tr_action a, char tmp[16])
{
	int key = tr_keymap_first_key(&app->keys, a);
	if (!key)
		return "";
	return tr_key_label(key, tmp);
}

uint8_t app_state_slot(tr_state s)
{
	switch (s) {
	case TR_STATE_IN_PROGRESS: return TR_SLOT_STATE_IN_PROGRESS;
	case TR_STATE_FIXED: return TR_SLOT_STATE_FIXED;
	case TR_STATE_VERIFIED: return TR_SLOT_STATE_VERIFIED;
	case TR_STATE_WONT_FIX: return TR_SLOT_STATE_WONT_FIX;
	default: return TR_SLOT_STATE_OPEN;
	}
}

uint8_t app_priority_slot(tr_priority p)
{
	switch (p) {
	case TR_P0: return TR_SLOT_PRIORITY_P0;
	case TR_P1: return TR_SLOT_PRIORITY_P1;
	case TR_P2: return TR_SLOT_PRIORITY_P2;
	default: return TR_SLOT_PRIORITY_P3;
	}
}

tr_state app_state(const tr_app *app, size_t issue)
{
	if (!app->state || issue >= app->model->nissues)
		return TR_STATE_OPEN;
	return (tr_state)app->state[issue];
}

const tr_progress *app_progress(const tr_app *app, size_t issue)
{
	if (!app->progress || issue >= app->model->nissues)
		return NULL;
	return app->progress[issue];
}

const char *app_owner(const tr_app *app, size_t issue)
{
	const tr_progress *p = app_progress(app, issue);
	return p && p->owner && *p->owner ? p->owner : NULL;
}

size_t app_commits(const tr_app *app, size_t issue, const tr_commit_link **out)
{
	*out = NULL;
	if (!app->history || issue >= app->model->nissues)
		return 0;
	return tr_history_issue(app->history, issue, out);
}

tr_commit_detail *app_commit_detail(tr_app *app, const char *id)
{
	if (!app->repo) {
		app_error(app, "no git repository here: commits cannot be shown");
		return NULL;
	}
	tr_error err = TR_ERROR_INIT;
	tr_commit_detail *d = tr_commit_detail_load(app->repo, id, &err);
	if (!d)
		app_error(app, "%s", err.message ? err.message : "cannot read the commit");
	tr_error_clear(&err);
	return d;
}

tr_standup *app_standup_new(tr_app *app)
{
	int64_t now = tr_now(), since = now - 24 * 3600;
	const char *by = NULL, *label = "no stand-up recorded: the last 24 hours";
	size_t future = 0;
	if (app->store && tr_standup_last_mark(app->store, now, &since, &by, &future))
		label = "the last stand-up";
	tr_standup_then *then = tr_standup_then_new(app->repo, app->model, since);
	tr_standup_input in = {
		.model = app->model, .store = app->store, .history = app->history,
		.then = tr_standup_then_reports(then), .then_model = tr_standup_then_model(then),
		.since = since, .now = now, .since_label = label, .since_by = by, .ascii = app->ascii,
	};
	tr_standup *s = tr_standup_new(&in);
	tr_standup_then_free(then);
	if (future)
		tr_strv_push_owned(&s->warnings, tr_sprintf("%zu stand-up mark%s dated in the future left out",
		                                           future, future == 1 ? "" : "s"));
	return s;
}

bool app_report_lines(tr_app *app, const char *path, unsigned from, unsigned to, tr_strv *out)
{
	(void)app;
	FILE *f = fopen(path, "rb");
	if (!f)
		return false;
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	unsigned ln = 0;
	while (ln < to && (n = getline(&line, &cap, f)) >= 0) {
		if (++ln < from)
			continue;
		while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
			n--;
		tr_strv_push_owned(out, tr_utf8_fix(line, (size_t)n));
	}
	free(line);
	fclose(f);
	return out->n > 0;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Whether a CODEOWNERS pattern covers path (relative to the top of the
 * work tree), as git's ignore patterns do: one without a slash inside
 * matches a name at any depth, a leading slash anchors at the top, a
 * trailing slash or a directory name covers what is under it. */
static bool codeowners_match(const char *pat, const char *path)
{
	char *p = tr_strdup(pat);
	size_t n = strlen(p);
	bool dir_only = n > 1 && p[n - 1] == '/';
	if (dir_only)
		p[--n] = '\0';
	bool anchored = strchr(p, '/') != NULL;
	const char *pp = p[0] == '/' ? p + 1 : p;
	bool hit = false;
	/* Anchored: the path or a directory above it, from the top; else the
	 * name of any of its parts. */
	for (const char *c = path; !hit;) {
		const char *end = strchr(c, '/');
		size_t upto = end ? (size_t)(end - (anchored ? path : c)) : strlen(anchored ? path : c);
		char *part = tr_strndup(anchored ? path : c, upto);
		if ((!dir_only || end) && fnmatch(pp, part, anchored ? FNM_PATHNAME : 0) == 0)
			hit = true;
		free(part);
		if (!end)
			break;
		c = end + 1;
	}
	free(p);
	return hit;
}

/* The owners CODEOWNERS gives the files (the last matching line wins, as
 * on the forges); nothing without a repository or the file. */
static void codeowners(const tr_app *app, const tr_strv *files, tr_strv *out)
{
	if (!app->repo || !files->n)
		return;
	static const char *const where[] = { ".github/CODEOWNERS", "CODEOWNERS", "docs/CODEOWNERS",
		                             ".gitlab/CODEOWNERS" };
	FILE *f = NULL;
	for (size_t i = 0; i < sizeof where / sizeof *where && !f; i++) {
		char *path = tr_sprintf("%s/%s", tr_repo_workdir(app->repo), where[i]);
		struct stat st;
		if (stat(path, &st) == 0 && S_ISREG(st.st_mode) && st.st_size < (1 << 20))
			f = fopen(path, "r");
		free(path);
	}
	if (!f)
		return;
	tr_strv lines = TR_STRV_INIT;
	char *line = NULL;
	size_t cap = 0;
	while (getline(&line, &cap, f) >= 0)
		tr_strv_push(&lines, line);
	free(line);
	fclose(f);
	for (size_t k = 0; k < files->n; k++) {
		const char *owners = NULL;
		for (size_t i = 0; i < lines.n; i++) {
			char *l = tr_trim(lines.v[i]);
			if (!*l || *l == '#')
				continue;
			char *sp = l + strcspn(l, " \t");
			char save = *sp;
			*sp = '\0';
			if (codeowners_match(l, files->v[k]))
				owners = save ? sp + 1 : "";
			*sp = save;
		}
		if (!owners)
			continue;
		char *copy = tr_strdup(owners);
		for (char *save = NULL, *o = strtok_r(copy, " \t\r\n", &save); o; o = strtok_r(NULL, " \t\r\n", &save))
			tr_strv_push_owned(out, tr_utf8_fix(o, strlen(o)));
		free(copy);
	}
	tr_strv_free(&lines);
}

/* One way of naming a person, for telling two spellings of one apart:
 * "e:" and the e-mail, or "n:" and a name, in lower case. */
typedef struct person_key {
	char *key;
	size_t item;
	const char *email;              /* the item's e-mail, when it has one */
} person_key;

static int person_key_cmp(const void *a, const void *b)
{
	const person_key *x = a, *y = b;
	int c = strcmp(x->key, y->key);
	return c ? c : (x->item > y->item) - (x->item < y->item);
}

static void add_key(person_key **v, size_t *n, size_t *cap, const char *kind, const char *s,
                    size_t len, size_t item, const char *email)
{
	if (!len)
		return;
	tr_grow((void **)v, cap, *n + 1, sizeof **v);
	char *k = tr_sprintf("%s%.*s", kind, (int)len, s);
	for (char *c = k; *c; c++)
		if (*c >= 'A' && *c <= 'Z')
			*c = (char)(*c - 'A' + 'a');
	(*v)[(*n)++] = (person_key){ k, item, email };
}

/* One entry per person: `bob` and `Bob Builder <bob@example.com>` are one
 * person when the bare name is the identity's name, its e-mail or the
 * e-mail's user part and no other e-mail answers to it; two identities
 * with one e-mail are one.  The first in the order is kept.  Sorted keys,
 * not a comparison per pair: the list may hold thousands. */
static void dedupe_people(tr_strv *out)
{
	person_key *v = NULL;
	size_t n = 0, cap = 0;
	for (size_t i = 0; i < out->n; i++) {
		const char *s = out->v[i], *lt = strchr(s, '<'), *gt = lt ? strchr(lt, '>') : NULL;
		if (lt && gt) {
			size_t nl = (size_t)(lt - s);
			while (nl > 0 && s[nl - 1] == ' ')
				nl--;
			const char *em = lt + 1, *at = memchr(em, '@', (size_t)(gt - em));
			add_key(&v, &n, &cap, "e:", em, (size_t)(gt - em), i, em);
			add_key(&v, &n, &cap, "n:", s, nl, i, em);
			if (at)
				add_key(&v, &n, &cap, "n:", em, (size_t)(at - em), i, em);
		} else {
			add_key(&v, &n, &cap, strchr(s, '@') && *s != '@' ? "e:" : "n:", s, strlen(s), i, NULL);
		}
	}
	if (n > 1)
		qsort(v, n, sizeof *v, person_key_cmp);
	bool *drop = tr_calloc(out->n ? out->n : 1, sizeof *drop);
	for (size_t g = 0; g < n;) {
		size_t e = g + 1;
		while (e < n && strcmp(v[e].key, v[g].key) == 0)
			e++;
		/* One person only if the identities among them share one e-mail
		 * (up to its closing bracket, in any case). */
		const char *mail = NULL;
		bool one = true;
		for (size_t k = g; k < e && one; k++) {
			if (!v[k].email)
				continue;
			size_t len = strcspn(v[k].email, ">");
			if (!mail)
				mail = v[k].email;
			else if (strcspn(mail, ">") != len || strncasecmp(mail, v[k].email, len) != 0)
				one = false;
		}
		for (size_t k = g + 1; k < e && one; k++)
			if (v[k].item != v[g].item)
				drop[v[k].item] = true;
		g = e;
	}
	tr_strv_drop(out, drop);
	for (size_t k = 0; k < n; k++)
		free(v[k].key);
	free(v);
	free(drop);
}

void app_owner_choices(const tr_app *app, size_t issue, tr_strv *out)
{
	const char *cur = issue < app->model->nissues ? app_owner(app, issue) : NULL;
	if (cur && *cur)
		tr_strv_push(out, cur);
	/* Others' owners sorted, so the list reads the same each time. */
	tr_strv others = TR_STRV_INIT;
	if (app->store)
		for (size_t i = 0; i < tr_store_count(app->store); i++) {
			const tr_progress *p = tr_store_at(app->store, i);
			if (p->owner && *p->owner)
				tr_strv_push(&others, p->owner);
		}
	if (others.n > 1)
		qsort(others.v, others.n, sizeof *others.v, cmp_str);
	for (size_t i = 0; i < others.n; i++)
		tr_strv_push(out, others.v[i]);
	tr_strv_free(&others);
	if (issue < app->model->nissues) {
		const tr_commit_link *links;
		size_t n = app_commits(app, issue, &links);
		for (size_t k = 0; k < n; k++)
			if (links[k].commit->author && *links[k].commit->author)
				tr_strv_push(out, links[k].commit->author);
		codeowners(app, &app->model->issues[issue].test_files, out);
	}
	if (app->user)
		tr_strv_push(out, app->user);
	tr_strv_dedupe(out);
	dedupe_people(out);
}

/* The owner picker's choices beyond the fixed ones, rebuilt on each open. */
void app_owner_candidates(const tr_app *app, tr_strv *out)
{
	if (app->user)
		tr_strv_push(out, app->user);
	if (app->store)
		for (size_t i = 0; i < tr_store_count(app->store); i++) {
			const tr_progress *p = tr_store_at(app->store, i);
			if (p->owner && *p->owner)
				tr_strv_push(out, p->owner);
		}
	/* Once, not a search per owner: the file may name tens of thousands. */
	tr_strv_dedupe(out);
	dedupe_people(out);
}

/* ---- the reports' versions, for the timeline ---------------------------- */

/* Commits looked at per report: the timeline tells a cluster's recent
 * history; a report file in a long-lived repository is not walked whole. */
#define VERSIONS_MAX_COMMITS 5000
/* Versions kept per report, the latest ones. */
#define VERSIONS_MAX 24

struct app_versions {
	const tr_model *of;     /* the model they were read for */
	app_report_version *v;
	size_t n, cap;
};

void app_versions_free(tr_app *app)
{
	struct app_versions *av = app->versions;
	if (!av)
		return;
	for (size_t i = 0; i < av->n; i++) {
		free(av->v[i].label);
		tr_model_free(av->v[i].model);
	}
	free(av->v);
	free(av);
	app->versions = NULL;
}

static int cmp_version(const void *a, const void *b)
{
	const app_report_version *x = a, *y = b;
	if (x->time != y->time)
		return x->time < y->time ? -1 : 1;
	return x->report < y->report ? -1 : x->report > y->report;
}

static void read_versions(tr_app *app, struct app_versions *av)
{
	if (!app->repo)
		return;
	for (size_t r = 0; r < app->model->nreports; r++) {
		char *rel = tr_repo_relpath(app->repo, app->model->reports[r].path);
		if (!rel)
			continue;
		/* A report git does not have: no walk for nothing. */
		tr_file_version head;
		tr_error herr = TR_ERROR_INIT;
		int hrc = tr_file_at(app->repo, rel, INT64_MAX, &head, &herr);
		tr_error_clear(&herr);
		free(head.data);
		if (hrc < 0 || head.kind != TR_VERSION_FOUND) {
			free(rel);
			continue;
		}
		tr_file_version *fv = NULL;
		int truncated = 0;
		tr_error err = TR_ERROR_INIT;
		long n = tr_file_versions(app->repo, rel, VERSIONS_MAX_COMMITS, &fv, &truncated, &err);
		tr_error_clear(&err);
		free(rel);
		for (long k = n > VERSIONS_MAX ? n - VERSIONS_MAX : 0; k < n; k++) {
			tr_model *m = tr_model_new();
			if (tr_report_load_buffer(m, app->model->reports[r].path, fv[k].data, fv[k].len, &err) < 0) {
				tr_error_clear(&err);
				tr_model_free(m);
				continue;
			}
			tr_model_finish(m);
			char when[32];
			tr_history_format_time(when, fv[k].time, 0, false);
			const char *date = m->nreports ? m->reports[0].executed_at : NULL;
			tr_grow((void **)&av->v, &av->cap, av->n + 1, sizeof *av->v);
			av->v[av->n++] = (app_report_version){ r, date && *date ? tr_strdup(date)
			                                                       : tr_sprintf("%.10s %.5s", when, when + 11),
			                                       fv[k].time, m };
		}
		if (n > 0)
			tr_file_versions_free(fv, (size_t)n);
	}
	if (av->n > 1)
		qsort(av->v, av->n, sizeof *av->v, cmp_version);
}

size_t app_report_versions(tr_app *app, const app_report_version **out)
{
	if (app->versions && app->versions->of != app->model)
		app_versions_free(app);
	if (!app->versions) {
		app->versions = tr_calloc(1, sizeof *app->versions);
		app->versions->of = app->model;
		read_versions(app, app->versions);
	}
	*out = app->versions->v;
	return app->versions->n;
}
