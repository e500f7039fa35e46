/* The history walk: which commits fix, mention or change the test files of
 * which issues.
 *
 * Commits are read raw from the object database and parsed here (see
 * history_parse.c); libgit2's commit objects cost half again as much on a
 * large history, and its commit-graph reader cannot read what recent git
 * writes, so nothing here counts on one.  Test-file changes are found as
 * the walk goes (history_tree.c).
 *
 * What was found is kept in the git directory (history_index.c), keyed by
 * the tips it covered: an index of every commit, and a journal of the
 * commits added since, so that a later start reads the index, walks from
 * the new tips down to known commits and writes only the journal.  When the
 * journal grows large, or commits went away (a rewrite, a deleted branch),
 * or a test file is new, index and journal are merged into a new index. */
#include "config.h"

#include <git2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "history_internal.h"
#include "triage/text.h"

/* ---- the load -------------------------------------------------------- */

/* The test files of the model, as sorted unique paths. */
static char **model_paths(const tr_model *m, size_t *n)
{
	tr_strv v = TR_STRV_INIT;
	for (size_t i = 0; i < m->nissues; i++)
		for (size_t f = 0; f < m->issues[i].test_files.n; f++) {
			char *p = hx_norm_path(m->issues[i].test_files.v[f]);
			if (p)
				tr_strv_push_owned(&v, p);
		}
	if (v.n > 1)
		qsort(v.v, v.n, sizeof *v.v, hx_cmp_str);
	size_t w = 0;
	for (size_t i = 0; i < v.n; i++) {
		if (w && strcmp(v.v[w - 1], v.v[i]) == 0)
			free(v.v[i]);
		else
			v.v[w++] = v.v[i];
	}
	*n = w;
	return v.v;
}

static void scan_free(hx_scan *s)
{
	free(s->name);
	hx_data_free(&s->base);
	hx_data_free(&s->d);
	free(s->fresh.slot);
	free(s->pend);
	free(s->shallow);
	free(s->authors[0].slot);
	free(s->authors[1].slot);
	hx_raw_free(&s->raw);
	hx_trees_free(s->tq);
	free(s->fstate);
	if (s->odb)
		git_odb_free(s->odb);
}

static char *repo_name(tr_repo *repo)
{
	const char *p = tr_repo_workdir(repo);
	if (!p)
		p = tr_repo_gitdir(repo);
	size_t n = strlen(p);
	while (n > 1 && p[n - 1] == '/')
		n--;
	return tr_strndup(p, n);
}

/* Known commits still reachable from the tips: those the walk met and their
 * ancestors.  When the walk met every old tip, that is all of them. */
static bool reachable(const hx_scan *s, const uint8_t *reached, uint8_t *keep)
{
	bool all = true;
	for (size_t t = 0; t < s->noldtips && all; t++) {
		uint32_t k = hx_old_find(s, s->oldtips[t]);
		all = k != HX_NONE && reached[k];
	}
	if (all) {
		memset(keep, 1, s->nold);
		return true;
	}
	uint32_t *stack = NULL;
	size_t n = 0, cap = 0;
	for (size_t i = 0; i < s->nold; i++)
		if (reached[i]) {
			tr_grow((void **)&stack, &cap, n + 1, sizeof *stack);
			stack[n++] = (uint32_t)i;
		}
	while (n) {
		uint32_t i = stack[--n];
		if (keep[i])
			continue;
		keep[i] = 1;
		const uint32_t *par = hx_parents_of(s, i);
		uint32_t np = hx_at(s, i)->nparents;
		tr_grow((void **)&stack, &cap, n + np, sizeof *stack);
		for (uint32_t k = 0; k < np; k++)
			if (!keep[par[k]])
				stack[n++] = par[k];
	}
	free(stack);
	for (size_t i = 0; i < s->nold; i++)
		if (!keep[i])
			return false;
	return true;
}

/* The state of a known commit: the index does not keep its tree. */
static uint32_t known_state(hx_scan *s, uint32_t i)
{
	git_odb_object *obj;
	if (hx_read_commit(s, hx_at(s, i)->oid, &obj) < 0) {
		tr_error_clear(s->err);
		s->unreadable_commits++;
		return HX_UNREADABLE;
	}
	uint32_t st = s->raw.tree_ok ? hx_trees_state(s->tq, s->raw.tree, s->err) : HX_UNREADABLE;
	git_odb_object_free(obj);
	return st;
}

/* Appends the change lists of `d` for each path to `lists`. */
static void add_lists(const hx_data *d, hx_path *lists, size_t nlists)
{
	for (size_t p = 0; p < nlists; p++) {
		const hx_path *old = hx_find_path(d, lists[p].path);
		if (!old || !old->n)
			continue;
		tr_grow((void **)&lists[p].commits, &lists[p].cap, lists[p].n + old->n, sizeof(uint32_t));
		memcpy(lists[p].commits + lists[p].n, old->commits, old->n * sizeof *old->commits);
		lists[p].n += old->n;
	}
}

/* Brings the scan up to the tips and the wanted paths: into *out a new
 * index (*full) or a new journal.
 *
 * The test files looked at are those the index covers and those wanted
 * now.  A wanted one the index does not cover means every commit's tree is
 * looked at again, for every path; otherwise only the new commits' (and
 * their known parents'). */
static int update(hx_scan *s, uint8_t (*tips)[HX_OID], size_t ntips, char **want, size_t nwant,
                  hx_data *out, bool *full)
{
	hx_data *d = &s->d;
	hx_data_own(d);
	s->nold = s->nbase + d->ncommits;
	tr_strv all = TR_STRV_INIT;
	bool missing = false;
	for (size_t i = 0; i < s->base.npaths; i++)
		tr_strv_push(&all, s->base.paths[i].path);
	for (size_t i = 0; i < nwant; i++)
		if (!hx_find_path(&s->base, want[i])) {
			tr_strv_push(&all, want[i]);
			missing = true;
		}
	if (all.n > 1)
		qsort(all.v, all.n, sizeof *all.v, hx_cmp_str);
	/* Known commits may gain an author and subject. */
	if (missing)
		hx_data_own(&s->base);
	/* Owning moved the arrays. */
	s->oldtips = (const uint8_t(*)[HX_OID])(d->ntips ? d->tips : s->base.tips);
	s->noldtips = d->ntips ? d->ntips : s->base.ntips;
	size_t nlists = all.n;
	hx_path *lists = tr_calloc(nlists ? nlists : 1, sizeof *lists);
	for (size_t p = 0; p < nlists; p++)
		lists[p].path = all.v[p];
	int rc = 0;
	if (nlists) {
		/* The paths move to the states; the lists still point at them. */
		s->tq = hx_trees_new(s->odb, s->name, all.v, all.n);
		all.v = NULL;
		all.n = all.cap = 0;
	}

	uint8_t *reached = tr_calloc(s->nold ? s->nold : 1, 1);
	if (rc == 0)
		rc = hx_walk(s, tips, ntips, reached);
	size_t end = s->nbase + d->ncommits;
	uint8_t *keep = tr_calloc(end ? end : 1, 1);
	bool keep_all = rc == 0 && reachable(s, reached, keep);
	free(reached);
	for (size_t i = s->nold; i < end; i++)
		keep[i] = 1;
	if (rc == 0)
		hx_generations(s);
	/* A journal while it stays small next to the index and only grows. */
	size_t above = end - s->nbase;
	*full = missing || !keep_all || s->nbase == 0 || above > 4096 + s->nbase / 8;
	size_t from = *full ? 0 : s->nbase;
	if (!missing) {
		if (*full)
			add_lists(&s->base, lists, nlists);
		add_lists(d, lists, nlists);
	}

	size_t first = missing ? 0 : s->nold;
	if (rc == 0 && s->tq) {
		/* The new commits' states are known; those of known commits are
		 * needed for a new path (all of them), else for the parents of new
		 * commits. */
		uint32_t *state = tr_malloc((end ? end : 1) * sizeof *state);
		for (size_t i = 0; i < end; i++)
			state[i] = i < s->nold ? HX_NONE : s->fstate[i - s->nbase];
		for (size_t i = first; i < end && rc == 0; i++) {
			if (!keep[i])
				continue;
			if (state[i] == HX_NONE && (state[i] = known_state(s, (uint32_t)i)) == HX_NONE)
				rc = -1;
			const uint32_t *par = hx_parents_of(s, i);
			for (uint32_t k = 0; k < hx_at(s, i)->nparents && rc == 0; k++)
				if (state[par[k]] == HX_NONE && (state[par[k]] = known_state(s, par[k])) == HX_NONE)
					rc = -1;
		}
		s->st->trees = hx_trees_read(s->tq);
		for (size_t i = first; i < end && rc == 0; i++)
			if (keep[i])
				hx_record_changes(s, state, (uint32_t)i, lists);
		free(state);
	}
	/* Every linked commit keeps its author and subject. */
	for (size_t p = 0; p < nlists && rc == 0; p++)
		for (size_t k = 0; k < lists[p].n && rc == 0; k++)
			if (lists[p].commits[k] >= from && keep[lists[p].commits[k]])
				rc = hx_ensure_info(s, lists[p].commits[k]);
	if (rc == 0) {
		hx_compact(s, keep, from, lists, nlists, out);
		out->ntips = out->captips = ntips;
		out->tips = tr_malloc((ntips ? ntips : 1) * HX_OID);
		memcpy(out->tips, tips, ntips * HX_OID);
	}
	for (size_t p = 0; p < nlists; p++)
		free(lists[p].commits);
	free(lists);
	free(keep);
	tr_strv_free(&all);
	return rc;
}

static bool same_paths(const hx_data *a, const hx_data *b)
{
	if (a->npaths != b->npaths)
		return false;
	for (size_t i = 0; i < a->npaths; i++)
		if (strcmp(a->paths[i].path, b->paths[i].path) != 0)
			return false;
	return true;
}

/* Reads the index and its journal into s when they are sound and made for
 * this mode and shallow file.  Returns whether the index can be used. */
static bool read_index(hx_scan *s, const char *base_path, const char *jnl_path)
{
	hx_data b, j;
	const char *why = NULL;
	int got = hx_index_read(base_path, 0, &b, &why);
	if (got < 0)
		s->st->index_rejected = true;
	if (got <= 0)
		return false;
	if (b.mode != s->d.mode || b.shallow != s->d.shallow) {
		hx_data_free(&b);
		return false;
	}
	s->base = b;
	s->nbase = b.ncommits;
	got = hx_index_read(jnl_path, s->nbase, &j, &why);
	if (got < 0)
		s->st->index_rejected = true;
	/* A journal left from an older index is simply not used. */
	if (got > 0 && j.base == b.sum && j.mode == b.mode && j.shallow == b.shallow &&
	    same_paths(&b, &j)) {
		hx_data_free(&s->d);
		s->d = j;
	} else if (got > 0) {
		hx_data_free(&j);
	}
	return true;
}

tr_history *tr_history_load(tr_repo *repo, const tr_model *m, const tr_history_options *opt,
                            tr_error *err)
{
	tr_history_options none = { false, false };
	if (!opt)
		opt = &none;
	tr_history *h = tr_calloc(1, sizeof *h);
	hx_scan s = { 0 };
	s.git = tr_repo_git(repo);
	s.name = repo_name(repo);
	s.err = err;
	s.st = &h->stats;
	/* Linked worktrees share one index, beside the objects and refs. */
	const char *common = tr_repo_commondir(repo);
	s.d.mode = opt->all ? 1 : 0;
	s.d.shallow = hx_read_shallow(&s, common);
	const char *kind = opt->all ? "all" : "head";
	char *base_path = tr_sprintf("%striage/history-%s.idx", common, kind);
	char *jnl_path = tr_sprintf("%striage/history-%s.jnl", common, kind);

	uint8_t (*tips)[HX_OID] = NULL;
	size_t ntips = 0, nwant = 0;
	char **want = model_paths(m, &nwant);
	hx_data out = { 0 };
	hx_view vw = { &out, NULL, 0 };
	hx_saved_opts saved;
	hx_fast_scan_begin(&saved);
	int rc = hx_find_tips(&s, opt->all, &tips, &ntips);
	h->stats.tips = ntips;
	if (rc == 0 && ntips == 0) {
		/* An empty repository: nothing to walk, nothing to keep. */
		rc = hx_build_results(&s, &vw, m, h);
		goto done;
	}
	if (rc == 0 && git_repository_odb(&s.odb, s.git) < 0)
		rc = hx_git_fail(&s, "cannot open the object database");
	if (rc < 0)
		goto done;

	bool have = !opt->no_index && read_index(&s, base_path, jnl_path);
	h->stats.index_used = have;
	/* The journal's tips are the newer. */
	s.oldtips = (const uint8_t(*)[HX_OID])(s.d.ntips ? s.d.tips : s.base.tips);
	s.noldtips = s.d.ntips ? s.d.ntips : s.base.ntips;
	bool same_tips = have && s.noldtips == ntips && memcmp(s.oldtips, tips, ntips * HX_OID) == 0;
	bool covered = true;
	for (size_t i = 0; have && i < nwant; i++)
		covered = covered && hx_find_path(&s.base, want[i]) != NULL;
	if (same_tips && covered) {
		vw = (hx_view){ &s.base, &s.d, s.nbase };
		h->stats.commits = s.nbase + s.d.ncommits;
		rc = hx_build_results(&s, &vw, m, h);
		goto done;
	}
	bool full;
	if ((rc = update(&s, tips, ntips, want, nwant, &out, &full)) < 0)
		goto done;
	vw = full ? (hx_view){ &out, NULL, out.ncommits } : (hx_view){ &s.base, &out, s.nbase };
	h->stats.commits = (full ? 0 : s.nbase) + out.ncommits;
	rc = hx_build_results(&s, &vw, m, h);
	h->stats.unreadable = s.unreadable_commits + hx_trees_unreadable(s.tq);
	h->stats.clamped = s.clamped_times;
	/* What could not be read is not kept as if it had been: a later start
	 * (after a fetch of the missing objects) looks again. */
	if (rc == 0 && !opt->no_index && !h->stats.unreadable) {
		/* Not being able to keep the index (a read-only repository) only
		 * means the next start scans again.  A new index makes the journal
		 * stale; it goes, and would be ignored if it stayed. */
		tr_error werr = TR_ERROR_INIT;
		h->stats.index_written = hx_index_write(full ? base_path : jnl_path, &out, &werr) == 0;
		if (full && h->stats.index_written)
			unlink(jnl_path);
		tr_error_clear(&werr);
	}
done:
	hx_fast_scan_end(&saved);
	for (size_t i = 0; i < nwant; i++)
		free(want[i]);
	free(want);
	free(tips);
	free(base_path);
	free(jnl_path);
	hx_data_free(&out);
	scan_free(&s);
	if (rc < 0) {
		tr_history_free(h);
		return NULL;
	}
	return h;
}

void tr_history_free(tr_history *h)
{
	if (!h)
		return;
	for (size_t i = 0; i < h->ncommits; i++) {
		free(h->commits[i].author);
		free(h->commits[i].author_name);
		free(h->commits[i].summary);
	}
	free(h->commits);
	for (size_t i = 0; i < h->nissues; i++)
		free(h->issues[i].v);
	free(h->issues);
	free(h);
}

size_t tr_history_issue(const tr_history *h, size_t issue, const tr_commit_link **out)
{
	if (!h || issue >= h->nissues) {
		*out = NULL;
		return 0;
	}
	*out = h->issues[issue].v;
	return h->issues[issue].n;
}

char *tr_history_unreadable_note(const tr_history *h)
{
	size_t n = h ? h->stats.unreadable : 0;
	size_t c = h ? h->stats.clamped : 0;
	if (!n && c)
		return tr_sprintf("%zu commit%s of the repository give%s a date or time zone out of "
		                  "range, shown as the nearest that can be (year 1 to 9999, -14:00 "
		                  "to +14:00)",
		                  c, c == 1 ? "" : "s", c == 1 ? "s" : "");
	if (!n)
		return NULL;
	return tr_sprintf("%zu commit%s or tree%s of the repository could not be read (a partial "
	                  "clone, or damage) and %s passed over: the links %s would give are "
	                  "missing, the rest is whole",
	                  n, n == 1 ? "" : "s", n == 1 ? "" : "s", n == 1 ? "was" : "were",
	                  n == 1 ? "it" : "they");
}

const tr_history_stats *tr_history_stats_get(const tr_history *h)
{
	return &h->stats;
}

void tr_history_format_time(char out[32], int64_t t, int tz, bool date_only)
{
	/* An index written before times were clamped may still hold such. */
	hx_clamp_time(&t, &tz);
	time_t local = (time_t)(t + (int64_t)tz * 60);
	struct tm tm;
	if (!gmtime_r(&local, &tm)) {
		snprintf(out, 32, "?");
		return;
	}
	if (date_only) {
		strftime(out, 32, "%Y-%m-%d", &tm);
		return;
	}
	char base[24];
	strftime(base, sizeof base, "%Y-%m-%dT%H:%M:%S", &tm);
	int a = tz < 0 ? -tz : tz;
	snprintf(out, 32, "%.19s%c%02d:%02d", base, tz < 0 ? '-' : '+', (a / 60) % 100, a % 60);
}

/* ---- one commit in full ---------------------------------------------- */

void tr_commit_detail_free(tr_commit_detail *d)
{
	if (!d)
		return;
	free(d->commit.author);
	free(d->commit.author_name);
	free(d->commit.summary);
	free(d->message);
	tr_strv_free(&d->paths);
	free(d->status);
	free(d->added);
	free(d->removed);
	free(d->binary);
	tr_strv_free(&d->patch);
	free(d);
}

/* One line of the patch, led by its kind; a line longer than a screen
 * could ever show is cut (the rest is of no use in a console). */
static void patch_line(tr_commit_detail *d, char kind, const char *text, size_t len)
{
	if (d->patch.n >= TR_DIFF_MAX_LINES) {
		d->patch_cut = true;
		return;
	}
	while (len && (text[len - 1] == '\n' || text[len - 1] == '\r'))
		len--;
	if (len > 4096)
		len = 4096;
	char *l = tr_malloc(len + 2);
	l[0] = kind;
	memcpy(l + 1, text, len);
	l[len + 1] = '\0';
	tr_strv_push_owned(&d->patch, l);
}

/* The patch of each file and its counts; a file whose patch cannot be made
 * keeps its name and counts none. */
static void load_patch(tr_commit_detail *d, git_diff *diff)
{
	size_t n = git_diff_num_deltas(diff);
	d->added = tr_calloc(n ? n : 1, sizeof *d->added);
	d->removed = tr_calloc(n ? n : 1, sizeof *d->removed);
	d->binary = tr_calloc(n ? n : 1, sizeof *d->binary);
	for (size_t i = 0; i < n; i++) {
		git_patch *patch = NULL;
		if (git_patch_from_diff(&patch, diff, i) < 0 || !patch) {
			git_error_clear();
			continue;
		}
		const git_diff_delta *dd = git_patch_get_delta(patch);
		char *head = dd->old_file.path && dd->new_file.path && strcmp(dd->old_file.path, dd->new_file.path)
		                 ? tr_sprintf("%s -> %s", dd->old_file.path, dd->new_file.path)
		                 : tr_strdup(d->paths.v[i]);
		patch_line(d, 'F', head, strlen(head));
		free(head);
		if (dd->flags & GIT_DIFF_FLAG_BINARY) {
			d->binary[i] = true;
			patch_line(d, 'B', "binary file", 11);
			git_patch_free(patch);
			continue;
		}
		size_t ctx, adds, dels;
		if (git_patch_line_stats(&ctx, &adds, &dels, patch) == 0) {
			d->added[i] = adds;
			d->removed[i] = dels;
			d->insertions += adds;
			d->deletions += dels;
		}
		size_t nh = git_patch_num_hunks(patch);
		for (size_t h = 0; h < nh && !d->patch_cut; h++) {
			const git_diff_hunk *hunk;
			size_t nl;
			if (git_patch_get_hunk(&hunk, &nl, patch, h) < 0) {
				git_error_clear();
				break;
			}
			patch_line(d, '@', hunk->header, hunk->header_len);
			for (size_t k = 0; k < nl && !d->patch_cut; k++) {
				const git_diff_line *line;
				if (git_patch_get_line_in_hunk(&line, patch, h, k) < 0) {
					git_error_clear();
					break;
				}
				char kind = line->origin == GIT_DIFF_LINE_ADDITION   ? '+'
				            : line->origin == GIT_DIFF_LINE_DELETION ? '-'
				            : line->origin == GIT_DIFF_LINE_CONTEXT  ? ' '
				                                                     : 0;
				if (kind)
					patch_line(d, kind, line->content, line->content_len);
			}
		}
		git_patch_free(patch);
	}
}

tr_commit_detail *tr_commit_detail_load(tr_repo *repo, const char *id, tr_error *err)
{
	git_repository *git = tr_repo_git(repo);
	char *name = repo_name(repo);
	git_oid oid;
	git_commit *commit = NULL;
	git_tree *tree = NULL, *ptree = NULL;
	git_commit *parent = NULL;
	git_diff *diff = NULL;
	git_mailmap *mm = NULL;
	tr_commit_detail *d = NULL;
	size_t len = strlen(id);
	if (len < GIT_OID_MINPREFIXLEN || len > GIT_OID_HEXSZ || git_oid_fromstrn(&oid, id, len) < 0) {
		git_error_clear();
		tr_error_set(err, TR_USAGE, "%s: '%s' is not a commit id (4 to 40 hex digits)", name, id);
		goto out;
	}
	if (git_commit_lookup_prefix(&commit, git, &oid, len) < 0) {
		const git_error *e = git_error_last();
		tr_error_set(err, TR_NOTFOUND, "%s: no commit %s: %s", name, id,
		             e && e->message ? e->message : "not found");
		git_error_clear();
		goto out;
	}
	if (git_commit_tree(&tree, commit) < 0 ||
	    (git_commit_parentcount(commit) > 0 &&
	     (git_commit_parent(&parent, commit, 0) < 0 || git_commit_tree(&ptree, parent) < 0)) ||
	    git_diff_tree_to_tree(&diff, git, ptree, tree, NULL) < 0 ||
	    git_diff_find_similar(diff, NULL) < 0) {
		const git_error *e = git_error_last();
		tr_error_set(err, TR_GIT, "%s: cannot compare commit %s with its parent: %s", name, id,
		             e && e->message ? e->message : "unknown libgit2 error");
		git_error_clear();
		goto out;
	}
	d = tr_calloc(1, sizeof *d);
	hx_oid_to_hex(git_commit_id(commit)->id, d->commit.id);
	const git_signature *a = git_commit_author(commit);
	if (git_mailmap_from_repository(&mm, git) < 0) {
		git_error_clear();
		mm = NULL;
	}
	const char *msg = git_commit_message_raw(commit);
	d->message = tr_strdup(msg ? msg : "");
	char *sum = tr_message_summary(d->message, strlen(d->message));
	hx_fill_commit(&d->commit, mm, a->name, a->email, sum, a->when.time, a->when.offset);
	free(sum);
	size_t n = git_diff_num_deltas(diff);
	d->status = tr_malloc(n + 1);
	for (size_t i = 0; i < n; i++) {
		const git_diff_delta *dd = git_diff_get_delta(diff, i);
		const char *path = dd->new_file.path ? dd->new_file.path : dd->old_file.path;
		if (dd->status == GIT_DELTA_DELETED)
			path = dd->old_file.path;
		tr_strv_push(&d->paths, path ? path : "");
		d->status[i] = git_diff_status_char(dd->status);
	}
	d->status[n] = '\0';
	load_patch(d, diff);
out:
	git_mailmap_free(mm);
	git_diff_free(diff);
	git_tree_free(ptree);
	git_tree_free(tree);
	git_commit_free(parent);
	git_commit_free(commit);
	free(name);
	return d;
}
