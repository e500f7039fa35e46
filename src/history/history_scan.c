/* The walk over the object database: commits read raw, their generations,
 * the test files they changed, and the tips a walk starts from.  See
 * history.c for how a load uses it. */
#include "config.h"

#include <git2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "history_internal.h"
#include "triage/text.h"

/* ---- hash tables ----------------------------------------------------- */

/* Object ids are uniformly distributed: their first bytes are a hash. */
static uint64_t oid_hash(const uint8_t *oid)
{
	uint64_t h;
	memcpy(&h, oid, 8);
	return h;
}

static uint32_t oid_tag(const uint8_t *oid)
{
	uint32_t t;
	memcpy(&t, oid + 8, 4);
	return t;
}

static uint32_t idxset_find(const hx_idxset *s, const hx_commit *c, const uint8_t *oid)
{
	if (!s->cap)
		return HX_NONE;
	size_t mask = s->cap - 1;
	uint64_t tag = (uint64_t)oid_tag(oid) << 32;
	for (size_t i = oid_hash(oid) & mask;; i = (i + 1) & mask) {
		uint64_t v = s->slot[i];
		if (!v)
			return HX_NONE;
		if ((v & 0xFFFFFFFF00000000ULL) == tag) {
			uint32_t k = (uint32_t)v - 1;
			if (memcmp(c[k].oid, oid, HX_OID) == 0)
				return k;
		}
	}
}

static void idxset_put(uint64_t *slot, size_t cap, const uint8_t *oid, uint32_t idx)
{
	size_t mask = cap - 1;
	size_t i = oid_hash(oid) & mask;
	while (slot[i])
		i = (i + 1) & mask;
	slot[i] = (uint64_t)oid_tag(oid) << 32 | (idx + 1);
}

static void idxset_add(hx_idxset *s, const hx_commit *c, uint32_t idx)
{
	if ((s->n + 1) * 2 > s->cap) {
		size_t ncap = s->cap ? s->cap * 2 : 1024;
		uint64_t *ns = tr_calloc(ncap, sizeof *ns);
		for (size_t i = 0; i < s->cap; i++)
			if (s->slot[i])
				idxset_put(ns, ncap, c[(uint32_t)s->slot[i] - 1].oid, (uint32_t)s->slot[i] - 1);
		free(s->slot);
		s->slot = ns;
		s->cap = ncap;
	}
	idxset_put(s->slot, s->cap, c[idx].oid, idx);
	s->n++;
}

/* ---- the paths of interest ------------------------------------------- */

/* A test file as a report names it, as a path in the tree; NULL when it
 * cannot be one ("boundary tests" can: it simply never matches). */
char *hx_norm_path(const char *s)
{
	while (s[0] == '.' && s[1] == '/')
		s += 2;
	if (!*s || *s == '/')
		return NULL;
	tr_buf b = TR_BUF_INIT;
	const char *p = s;
	while (*p) {
		const char *slash = strchr(p, '/');
		size_t len = slash ? (size_t)(slash - p) : strlen(p);
		if ((len == 1 && p[0] == '.') || (len == 2 && p[0] == '.' && p[1] == '.') ||
		    memchr(p, '\n', len)) {
			tr_buf_free(&b);
			return NULL;
		}
		if (len) {
			if (b.len)
				tr_buf_addc(&b, '/');
			tr_buf_add(&b, p, len);
		}
		p += len + (slash ? 1 : 0);
	}
	return b.len ? tr_buf_detach(&b) : (tr_buf_free(&b), NULL);
}

int hx_cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* ---- the scan -------------------------------------------------------- */

int hx_git_fail(hx_scan *s, const char *what)
{
	const git_error *e = git_error_last();
	tr_error_set(s->err, TR_GIT, "%s: %s: %s", s->name, what,
	             e && e->message ? e->message : "unknown libgit2 error");
	git_error_clear();
	return -1;
}

static int oidcmp(const void *a, const void *b)
{
	return memcmp(a, b, HX_OID);
}

static size_t bsearch_commit(const hx_commit *c, size_t n, const uint8_t *oid)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int r = memcmp(c[mid].oid, oid, HX_OID);
		if (r == 0)
			return mid;
		if (r < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return TR_NONE;
}

/* A commit of the index or of the journal; HX_NONE when unknown. */
uint32_t hx_old_find(const hx_scan *s, const uint8_t *oid)
{
	size_t k = bsearch_commit(s->base.commits, s->nbase, oid);
	if (k != TR_NONE)
		return (uint32_t)k;
	k = bsearch_commit(s->d.commits, s->nold - s->nbase, oid);
	return k != TR_NONE ? (uint32_t)(s->nbase + k) : HX_NONE;
}

static uint32_t find_commit(const hx_scan *s, const uint8_t *oid)
{
	uint32_t k = hx_old_find(s, oid);
	if (k != HX_NONE)
		return k;
	k = idxset_find(&s->fresh, s->d.commits, oid);
	return k != HX_NONE ? (uint32_t)(s->nbase + k) : HX_NONE;
}

static bool is_shallow(const hx_scan *s, const uint8_t *oid)
{
	return s->nshallow && bsearch(oid, s->shallow, s->nshallow, HX_OID, oidcmp) != NULL;
}

/* The commits the shallow file lists have their parents cut off.  The
 * file's checksum is part of the index's key: deepening a clone gives
 * known commits parents they did not have. */
uint64_t hx_read_shallow(hx_scan *s, const char *commondir)
{
	char *path = tr_sprintf("%sshallow", commondir);
	FILE *f = fopen(path, "r");
	free(path);
	if (!f)
		return 0;
	char line[128];
	uint64_t sum = 0;
	size_t cap = 0;
	while (fgets(line, sizeof line, f)) {
		sum = hx_checksum(line, strlen(line), sum);
		uint8_t oid[HX_OID];
		if (strlen(line) >= 40 && hx_hex_to_oid(line, oid)) {
			tr_grow((void **)&s->shallow, &cap, s->nshallow + 1, HX_OID);
			memcpy(s->shallow[s->nshallow++], oid, HX_OID);
		}
	}
	fclose(f);
	if (s->nshallow)
		qsort(s->shallow, s->nshallow, HX_OID, oidcmp);
	s->st->shallow = s->nshallow > 0;
	return sum ? sum : 1;
}

static int read_object(hx_scan *s, const uint8_t *oid, git_object_t type, git_odb_object **out)
{
	git_oid o;
	memcpy(o.id, oid, HX_OID);
	if (git_odb_read(out, s->odb, &o) < 0) {
		char hex[41];
		hx_oid_to_hex(oid, hex);
		char *what = tr_sprintf("cannot read %s %s", git_object_type2string(type), hex);
		hx_git_fail(s, what);
		free(what);
		return -1;
	}
	if (git_odb_object_type(*out) != type) {
		char hex[41];
		hx_oid_to_hex(oid, hex);
		tr_error_set(s->err, TR_GIT, "%s: object %s is a %s where a %s was expected", s->name, hex,
		             git_object_type2string(git_odb_object_type(*out)), git_object_type2string(type));
		git_odb_object_free(*out);
		return -1;
	}
	return 0;
}

/* Reads and parses commit `oid` into s->raw; the object stays alive in
 * *obj (s->raw points into it). */
int hx_read_commit(hx_scan *s, const uint8_t *oid, git_odb_object **obj)
{
	if (read_object(s, oid, GIT_OBJECT_COMMIT, obj) < 0)
		return -1;
	if (hx_parse_commit(git_odb_object_data(*obj), git_odb_object_size(*obj), &s->raw) < 0) {
		git_odb_object_free(*obj);
		char hex[41];
		hx_oid_to_hex(oid, hex);
		return tr_error_set(s->err, TR_GIT, "%s: commit %s cannot be parsed", s->name, hex);
	}
	return 0;
}

static uint64_t author_hash(const char *name, size_t nl, const char *email, size_t el)
{
	return hx_checksum(email, el, hx_checksum(name, nl, el));
}

/* A few dozen authors write most commits: each "name\0email\0" is kept once. */
uint32_t hx_author_string(hx_atab *t, hx_data *d, const char *name, size_t nl, const char *email,
                              size_t el)
{
	/* A NUL inside a name or an email would split it: cut there. */
	const char *z;
	if ((z = memchr(name, '\0', nl)) != NULL)
		nl = (size_t)(z - name);
	if ((z = memchr(email, '\0', el)) != NULL)
		el = (size_t)(z - email);
	if ((t->n + 1) * 2 > t->cap) {
		size_t ncap = t->cap ? t->cap * 2 : 64;
		uint32_t *nt = tr_calloc(ncap, sizeof *nt);
		for (size_t i = 0; i < t->cap; i++) {
			uint32_t v = t->slot[i];
			if (!v)
				continue;
			const char *n2 = d->strings.data + v - 1, *e2 = n2 + strlen(n2) + 1;
			size_t k = author_hash(n2, strlen(n2), e2, strlen(e2)) & (ncap - 1);
			while (nt[k])
				k = (k + 1) & (ncap - 1);
			nt[k] = v;
		}
		free(t->slot);
		t->slot = nt;
		t->cap = ncap;
	}
	size_t mask = t->cap - 1;
	size_t k = author_hash(name, nl, email, el) & mask;
	for (; t->slot[k]; k = (k + 1) & mask) {
		const char *n2 = d->strings.data + t->slot[k] - 1, *e2 = n2 + strlen(n2) + 1;
		if (strlen(n2) == nl && memcmp(n2, name, nl) == 0 && strlen(e2) == el &&
		    memcmp(e2, email, el) == 0)
			return t->slot[k] - 1;
	}
	uint32_t off = hx_add_string(d, name, nl);
	hx_add_string(d, email, el);
	t->slot[k] = off + 1;
	t->n++;
	return off;
}

static uint32_t add_info(hx_atab *t, hx_data *d, const hx_raw *r)
{
	tr_grow((void **)&d->infos, &d->capinfos, d->ninfos + 1, sizeof *d->infos);
	uint32_t author = hx_author_string(t, d, r->name, r->namelen, r->email, r->emaillen);
	char *sum = tr_message_summary(r->msg, r->msglen);
	uint32_t summary = hx_add_string(d, sum, strlen(sum));
	free(sum);
	d->infos[d->ninfos] = (hx_info){ r->atime, r->ctime, r->atz, author, summary, 0 };
	return (uint32_t)d->ninfos++;
}

/* Reads a commit again for its author and subject. */
int hx_ensure_info(hx_scan *s, uint32_t idx)
{
	if (hx_at(s, idx)->info != HX_NONE)
		return 0;
	hx_data *lv = hx_level(s, idx);
	hx_data_own(lv);
	git_odb_object *obj;
	if (hx_read_commit(s, hx_at(s, idx)->oid, &obj) < 0)
		return -1;
	hx_at(s, idx)->info = add_info(&s->authors[lv == &s->d], lv, &s->raw);
	git_odb_object_free(obj);
	return 0;
}

/* Reads the commits reachable from the tips down to known ones; marks in
 * `reached` the known commits met on the way. */
int hx_walk(hx_scan *s, uint8_t (*tips)[HX_OID], size_t ntips, uint8_t *reached)
{
	uint8_t (*stack)[HX_OID] = NULL;
	size_t n = 0, cap = 0;
	tr_grow((void **)&stack, &cap, ntips + 1, HX_OID);
	for (size_t i = ntips; i-- > 0;)
		memcpy(stack[n++], tips[i], HX_OID);
	int rc = 0;
	hx_data *d = &s->d;
	size_t first = d->ncommits;
	while (n) {
		uint8_t oid[HX_OID];
		memcpy(oid, stack[--n], HX_OID);
		uint32_t k = hx_old_find(s, oid);
		if (k != HX_NONE) {
			reached[k] = 1;
			continue;
		}
		if (idxset_find(&s->fresh, d->commits, oid) != HX_NONE)
			continue;
		if (s->nbase + d->ncommits >= HX_NONE - 1) {
			rc = tr_error_set(s->err, TR_GIT, "%s: more commits than triage can index", s->name);
			break;
		}
		git_odb_object *obj;
		if (hx_read_commit(s, oid, &obj) < 0) {
			/* Missing or not a commit: passed over, and counted; its
			 * children lose it as a parent (see below). */
			tr_error_clear(s->err);
			s->unreadable_commits++;
			continue;
		}
		s->st->scanned++;
		hx_raw *r = &s->raw;
		s->clamped_times += r->clamped;
		uint32_t local = (uint32_t)d->ncommits, idx = (uint32_t)(s->nbase + local);
		tr_grow((void **)&d->commits, &d->capcommits, d->ncommits + 1, sizeof *d->commits);
		hx_commit *c = &d->commits[d->ncommits++];
		memcpy(c->oid, oid, HX_OID);
		c->info = HX_NONE;
		c->gen = 0;
		c->parent = (uint32_t)s->npend;
		c->nparents = 0;
		if (s->tq) {
			tr_grow((void **)&s->fstate, &s->capfstate, d->ncommits, sizeof *s->fstate);
			s->fstate[local] = r->tree_ok ? hx_trees_state(s->tq, r->tree, s->err) : HX_UNREADABLE;
		}
		idxset_add(&s->fresh, d->commits, local);
		if (!is_shallow(s, oid)) {
			c->nparents = (uint32_t)r->nparents;
			tr_grow((void **)&s->pend, &s->cappend, s->npend + r->nparents, HX_OID);
			/* A root commit has no parents and, before any, no pend array:
			 * memcpy with a null pointer is undefined even for 0 bytes. */
			if (r->nparents)
				memcpy(s->pend[s->npend], r->parents, r->nparents * HX_OID);
			s->npend += r->nparents;
			tr_grow((void **)&stack, &cap, n + r->nparents, HX_OID);
			/* Last pushed, first walked: the first parent comes next. */
			for (size_t i = r->nparents; i-- > 0;)
				memcpy(stack[n++], r->parents[i], HX_OID);
		}
		tr_ref *refs;
		size_t nrefs = tr_message_refs(r->msg, r->msglen, &refs);
		if (nrefs) {
			d->commits[local].info = add_info(&s->authors[1], d, r);
			tr_grow((void **)&d->refs, &d->caprefs, d->nrefs + nrefs, sizeof *d->refs);
			for (size_t i = 0; i < nrefs; i++)
				if (refs[i].number <= UINT32_MAX)
					d->refs[d->nrefs++] = (hx_ref){ (uint32_t)refs[i].number, idx,
					                                (uint32_t)refs[i].kind };
		}
		free(refs);
		git_odb_object_free(obj);
	}
	free(stack);
	if (rc < 0)
		return rc;
	/* Parent ids to numbers: every parent was walked or is known, but for
	 * one that could not be read, which is left out.  What a commit that
	 * lost a parent changed cannot be told. */
	for (size_t i = first; i < d->ncommits; i++) {
		hx_commit *c = &d->commits[i];
		tr_grow((void **)&d->parents, &d->capparents, d->nparents + c->nparents, sizeof *d->parents);
		uint32_t at = (uint32_t)d->nparents, kept = 0;
		for (uint32_t k = 0; k < c->nparents; k++) {
			uint32_t p = find_commit(s, s->pend[c->parent + k]);
			if (p == HX_NONE) {
				if (s->tq)
					s->fstate[i] = HX_UNREADABLE;
				continue;
			}
			d->parents[d->nparents++] = p;
			kept++;
		}
		c->parent = at;
		c->nparents = kept;
	}
	return 0;
}

/* Generation numbers of the new commits, parents first.  Known commits
 * have theirs (never 0: checked when the index is read). */
void hx_generations(hx_scan *s)
{
	uint32_t *stack = NULL;
	size_t n = 0, cap = 0;
	size_t end = s->nbase + s->d.ncommits;
	/* Walked children first, so backwards is mostly parents first. */
	for (size_t i = end; i-- > s->nold;) {
		if (hx_at(s, i)->gen)
			continue;
		tr_grow((void **)&stack, &cap, n + 1, sizeof *stack);
		stack[n++] = (uint32_t)i;
		while (n) {
			uint32_t top = stack[n - 1];
			if (hx_at(s, top)->gen) {
				n--;
				continue;
			}
			uint32_t g = 1;
			bool ready = true;
			const uint32_t *par = hx_parents_of(s, top);
			uint32_t np = hx_at(s, top)->nparents;
			for (uint32_t k = 0; k < np; k++) {
				uint32_t pg = hx_at(s, par[k])->gen;
				if (!pg) {
					ready = false;
					tr_grow((void **)&stack, &cap, n + 1, sizeof *stack);
					stack[n++] = par[k];
				} else if (pg >= g) {
					g = pg + 1;
				}
			}
			if (ready) {
				hx_at(s, top)->gen = g < HX_NONE ? g : HX_NONE - 1;
				n--;
			}
		}
	}
	free(stack);
}

/* ---- test-file changes ----------------------------------------------- */

/* Appends commit i to the change list of every path it changed: a path
 * differs from the first parent's (from every parent's, for a merge: a
 * merge that took one side's version changed nothing itself).  A commit at
 * a shallow clone's boundary lost its parents, not its history: what it
 * changed cannot be told, and claiming every file of its tree (as a root
 * commit would) links it to every test file. */
void hx_record_changes(const hx_scan *s, const uint32_t *state, uint32_t i, hx_path *lists)
{
	const hx_commit *c = hx_at(s, i);
	if (!c->nparents && is_shallow(s, c->oid))
		return;
	const uint32_t *par = hx_parents_of(s, i);
	if (state[i] == HX_UNREADABLE)
		return;
	for (uint32_t k = 0; k < c->nparents; k++)
		if (state[par[k]] == HX_UNREADABLE)
			return;
	for (uint32_t k = 0; k < c->nparents; k++)
		if (state[par[k]] == state[i])
			return;
	for (size_t p = 0; p < hx_trees_npaths(s->tq); p++) {
		uint32_t mine = hx_trees_leaf(s->tq, state[i], p);
		bool changed = c->nparents ? true : mine != 0;
		for (uint32_t k = 0; k < c->nparents && changed; k++)
			changed = hx_trees_leaf(s->tq, state[par[k]], p) != mine;
		if (changed) {
			tr_grow((void **)&lists[p].commits, &lists[p].cap, lists[p].n + 1, sizeof(uint32_t));
			lists[p].commits[lists[p].n++] = i;
		}
	}
}

/* ---- libgit2 settings for a long scan -------------------------------- */

/* A scan reads each commit once: libgit2's object cache would only grow
 * (and evicting from it is slow), mapping the pack whole would count its
 * size in our memory, and hashing every object read is what makes the
 * scan slower than `git log`.  The settings are process-wide, so they are
 * put back when the scan ends. */
void hx_fast_scan_begin(hx_saved_opts *o)
{
	git_libgit2_opts(GIT_OPT_GET_MWINDOW_SIZE, &o->window);
	git_libgit2_opts(GIT_OPT_GET_MWINDOW_MAPPED_LIMIT, &o->mapped);
	git_libgit2_opts(GIT_OPT_ENABLE_CACHING, 0);
	git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 0);
	git_libgit2_opts(GIT_OPT_SET_MWINDOW_SIZE, (size_t)8 << 20);
	git_libgit2_opts(GIT_OPT_SET_MWINDOW_MAPPED_LIMIT, (size_t)32 << 20);
}

void hx_fast_scan_end(const hx_saved_opts *o)
{
	git_libgit2_opts(GIT_OPT_ENABLE_CACHING, 1);
	git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 1);
	git_libgit2_opts(GIT_OPT_SET_MWINDOW_SIZE, o->window);
	git_libgit2_opts(GIT_OPT_SET_MWINDOW_MAPPED_LIMIT, o->mapped);
}

/* ---- tips ------------------------------------------------------------ */

static void add_tip(uint8_t (**tips)[HX_OID], size_t *n, size_t *cap, const git_oid *oid)
{
	tr_grow((void **)tips, cap, *n + 1, HX_OID);
	memcpy((*tips)[(*n)++], oid->id, HX_OID);
}

/* The commit a reference leads to.  One libgit2 cannot parse (a malformed
 * commit) is still a tip: the walk reads what it can of it, or passes it
 * over and counts it, and the rest of the history is not lost with it. */
static bool peel_commit(git_reference *ref, git_oid *out)
{
	git_object *obj = NULL;
	if (git_reference_peel(&obj, ref, GIT_OBJECT_COMMIT) < 0) {
		git_error_clear();
		git_reference *direct = NULL;
		bool ok = git_reference_resolve(&direct, ref) == 0 && git_reference_target(direct);
		if (ok)
			git_oid_cpy(out, git_reference_target(direct));
		git_reference_free(direct);
		git_error_clear();
		return ok;
	}
	git_oid_cpy(out, git_object_id(obj));
	git_object_free(obj);
	return true;
}

/* HEAD, and with `all` every branch, remote-tracking branch and tag that
 * leads to a commit; sorted, without duplicates.  An unborn HEAD is no tip. */
int hx_find_tips(hx_scan *s, bool all, uint8_t (**tips)[HX_OID], size_t *ntips)
{
	size_t cap = 0;
	*tips = NULL;
	*ntips = 0;
	git_reference *head = NULL;
	int rc = git_repository_head(&head, s->git);
	if (rc == 0) {
		git_oid oid;
		if (!peel_commit(head, &oid)) {
			git_reference_free(head);
			return hx_git_fail(s, "HEAD does not lead to a commit");
		}
		add_tip(tips, ntips, &cap, &oid);
		git_reference_free(head);
	} else if (rc != GIT_EUNBORNBRANCH && rc != GIT_ENOTFOUND) {
		return hx_git_fail(s, "cannot read HEAD");
	}
	git_error_clear();
	if (all) {
		git_reference_iterator *it = NULL;
		if (git_reference_iterator_new(&it, s->git) < 0)
			return hx_git_fail(s, "cannot list the branches and tags");
		git_reference *ref;
		while ((rc = git_reference_next(&ref, it)) == 0) {
			const char *name = git_reference_name(ref);
			git_oid oid;
			if ((strncmp(name, "refs/heads/", 11) == 0 || strncmp(name, "refs/remotes/", 13) == 0 ||
			     strncmp(name, "refs/tags/", 10) == 0) &&
			    peel_commit(ref, &oid))
				add_tip(tips, ntips, &cap, &oid);
			git_reference_free(ref);
		}
		git_reference_iterator_free(it);
		if (rc != GIT_ITEROVER)
			return hx_git_fail(s, "cannot list the branches and tags");
		git_error_clear();
	}
	if (*ntips > 1) {
		qsort(*tips, *ntips, HX_OID, oidcmp);
		size_t w = 1;
		for (size_t i = 1; i < *ntips; i++)
			if (memcmp((*tips)[i], (*tips)[w - 1], HX_OID) != 0)
				memcpy((*tips)[w++], (*tips)[i], HX_OID);
		*ntips = w;
	}
	return 0;
}
