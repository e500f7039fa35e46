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
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "history_internal.h"
#include "triage/text.h"

struct tr_history {
	tr_commit *commits;
	size_t ncommits;
	struct issue_links {
		tr_commit_link *v;
		size_t n;
	} *issues;
	size_t nissues;
	tr_history_stats stats;
};

/* ---- hash tables ----------------------------------------------------- */

/* Object ids are uniformly distributed: their first bytes are a hash. */
static uint64_t oid_hash(const uint8_t *oid)
{
	uint64_t h;
	memcpy(&h, oid, 8);
	return h;
}

/* A set of commit indices, looked up by the commit's id.  Each slot keeps
 * 32 more bits of the id beside the index, so that a probe seldom has to
 * look at a commit record (a cache miss, on a large history). */
typedef struct idxset {
	uint64_t *slot;         /* tag << 32 | (index + 1); 0 is empty */
	size_t cap, n;
} idxset;

static uint32_t oid_tag(const uint8_t *oid)
{
	uint32_t t;
	memcpy(&t, oid + 8, 4);
	return t;
}

static uint32_t idxset_find(const idxset *s, const hx_commit *c, const uint8_t *oid)
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

static void idxset_add(idxset *s, const hx_commit *c, uint32_t idx)
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
static char *norm_path(const char *s)
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

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* ---- the scan -------------------------------------------------------- */

/* Interned authors: offset + 1 of each "name\0email\0" in a string pool. */
typedef struct atab {
	uint32_t *slot;
	size_t n, cap;
} atab;

/* Commits are numbered across two levels: the index's [0, nbase), then the
 * journal's and the walk's, kept in d. */
typedef struct scan {
	git_repository *git;
	git_odb *odb;
	char *name;             /* the repository, for messages */
	tr_error *err;
	tr_history_stats *st;
	hx_data base;           /* the index (mapped, read-only until owned) */
	hx_data d;              /* the journal, then the new commits */
	size_t nbase;           /* commits in the index */
	size_t nold;            /* commits known before the walk: index and journal */
	const uint8_t (*oldtips)[HX_OID];
	size_t noldtips;
	idxset fresh;           /* the new commits, by their place in d */
	uint8_t (*pend)[HX_OID];        /* parent ids of new commits, until resolved */
	size_t npend, cappend;
	uint8_t (*shallow)[HX_OID];     /* sorted */
	size_t nshallow;
	atab authors[2];        /* for the strings of base and of d */
	hx_raw raw;
	hx_trees *tq;           /* test-file states, when there are test files */
	uint32_t *fstate;       /* the state of each new commit, by its place in d */
	size_t capfstate;
} scan;

static hx_commit *C(const scan *s, size_t i)
{
	return i < s->nbase ? &s->base.commits[i] : &s->d.commits[i - s->nbase];
}

static hx_data *level(scan *s, size_t i)
{
	return i < s->nbase ? &s->base : &s->d;
}

static const uint32_t *parents_of(const scan *s, size_t i)
{
	return (i < s->nbase ? s->base.parents : s->d.parents) + C(s, i)->parent;
}

static int git_fail(scan *s, const char *what)
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
	return (size_t)-1;
}

/* A commit of the index or of the journal; HX_NONE when unknown. */
static uint32_t old_find(const scan *s, const uint8_t *oid)
{
	size_t k = bsearch_commit(s->base.commits, s->nbase, oid);
	if (k != (size_t)-1)
		return (uint32_t)k;
	k = bsearch_commit(s->d.commits, s->nold - s->nbase, oid);
	return k != (size_t)-1 ? (uint32_t)(s->nbase + k) : HX_NONE;
}

static uint32_t find_commit(const scan *s, const uint8_t *oid)
{
	uint32_t k = old_find(s, oid);
	if (k != HX_NONE)
		return k;
	k = idxset_find(&s->fresh, s->d.commits, oid);
	return k != HX_NONE ? (uint32_t)(s->nbase + k) : HX_NONE;
}

static bool is_shallow(const scan *s, const uint8_t *oid)
{
	return s->nshallow && bsearch(oid, s->shallow, s->nshallow, HX_OID, oidcmp) != NULL;
}

/* The commits the shallow file lists have their parents cut off.  The
 * file's checksum is part of the index's key: deepening a clone gives
 * known commits parents they did not have. */
static uint64_t read_shallow(scan *s, const char *commondir)
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

static int read_object(scan *s, const uint8_t *oid, git_object_t type, git_odb_object **out)
{
	git_oid o;
	memcpy(o.id, oid, HX_OID);
	if (git_odb_read(out, s->odb, &o) < 0) {
		char hex[41];
		hx_oid_to_hex(oid, hex);
		char *what = tr_sprintf("cannot read %s %s", git_object_type2string(type), hex);
		git_fail(s, what);
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
static int read_commit(scan *s, const uint8_t *oid, git_odb_object **obj)
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
static uint32_t author_string(atab *t, hx_data *d, const char *name, size_t nl, const char *email,
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

static uint32_t add_info(atab *t, hx_data *d, const hx_raw *r)
{
	tr_grow((void **)&d->infos, &d->capinfos, d->ninfos + 1, sizeof *d->infos);
	uint32_t author = author_string(t, d, r->name, r->namelen, r->email, r->emaillen);
	char *sum = tr_message_summary(r->msg, r->msglen);
	uint32_t summary = hx_add_string(d, sum, strlen(sum));
	free(sum);
	d->infos[d->ninfos] = (hx_info){ r->atime, r->ctime, r->atz, author, summary, 0 };
	return (uint32_t)d->ninfos++;
}

/* Reads a commit again for its author and subject. */
static int ensure_info(scan *s, uint32_t idx)
{
	if (C(s, idx)->info != HX_NONE)
		return 0;
	hx_data *lv = level(s, idx);
	hx_data_own(lv);
	git_odb_object *obj;
	if (read_commit(s, C(s, idx)->oid, &obj) < 0)
		return -1;
	C(s, idx)->info = add_info(&s->authors[lv == &s->d], lv, &s->raw);
	git_odb_object_free(obj);
	return 0;
}

/* Reads the commits reachable from the tips down to known ones; marks in
 * `reached` the known commits met on the way. */
static int walk(scan *s, uint8_t (*tips)[HX_OID], size_t ntips, uint8_t *reached)
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
		uint32_t k = old_find(s, oid);
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
		if ((rc = read_commit(s, oid, &obj)) < 0)
			break;
		s->st->scanned++;
		hx_raw *r = &s->raw;
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
			s->fstate[local] = hx_trees_state(s->tq, r->tree, s->err);
			if (s->fstate[local] == HX_NONE) {
				git_odb_object_free(obj);
				rc = -1;
				break;
			}
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
	/* Parent ids to numbers: every parent was walked or is known. */
	for (size_t i = first; i < d->ncommits; i++) {
		hx_commit *c = &d->commits[i];
		tr_grow((void **)&d->parents, &d->capparents, d->nparents + c->nparents, sizeof *d->parents);
		uint32_t at = (uint32_t)d->nparents;
		for (uint32_t k = 0; k < c->nparents; k++) {
			uint32_t p = find_commit(s, s->pend[c->parent + k]);
			if (p == HX_NONE)
				return tr_error_set(s->err, TR_GIT, "%s: a parent commit was not walked", s->name);
			d->parents[d->nparents++] = p;
		}
		c->parent = at;
	}
	return 0;
}

/* Generation numbers of the new commits, parents first.  Known commits
 * have theirs (never 0: checked when the index is read). */
static void generations(scan *s)
{
	uint32_t *stack = NULL;
	size_t n = 0, cap = 0;
	size_t end = s->nbase + s->d.ncommits;
	/* Walked children first, so backwards is mostly parents first. */
	for (size_t i = end; i-- > s->nold;) {
		if (C(s, i)->gen)
			continue;
		tr_grow((void **)&stack, &cap, n + 1, sizeof *stack);
		stack[n++] = (uint32_t)i;
		while (n) {
			uint32_t top = stack[n - 1];
			if (C(s, top)->gen) {
				n--;
				continue;
			}
			uint32_t g = 1;
			bool ready = true;
			const uint32_t *par = parents_of(s, top);
			uint32_t np = C(s, top)->nparents;
			for (uint32_t k = 0; k < np; k++) {
				uint32_t pg = C(s, par[k])->gen;
				if (!pg) {
					ready = false;
					tr_grow((void **)&stack, &cap, n + 1, sizeof *stack);
					stack[n++] = par[k];
				} else if (pg >= g) {
					g = pg + 1;
				}
			}
			if (ready) {
				C(s, top)->gen = g < HX_NONE ? g : HX_NONE - 1;
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
static void record_changes(const scan *s, const uint32_t *state, uint32_t i, hx_path *lists)
{
	const hx_commit *c = C(s, i);
	if (!c->nparents && is_shallow(s, c->oid))
		return;
	const uint32_t *par = parents_of(s, i);
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

typedef struct saved_opts {
	size_t window, mapped;
} saved_opts;

/* A scan reads each commit once: libgit2's object cache would only grow
 * (and evicting from it is slow), mapping the pack whole would count its
 * size in our memory, and hashing every object read is what makes the
 * scan slower than `git log`.  The settings are process-wide, so they are
 * put back when the scan ends. */
static void fast_scan_begin(saved_opts *o)
{
	git_libgit2_opts(GIT_OPT_GET_MWINDOW_SIZE, &o->window);
	git_libgit2_opts(GIT_OPT_GET_MWINDOW_MAPPED_LIMIT, &o->mapped);
	git_libgit2_opts(GIT_OPT_ENABLE_CACHING, 0);
	git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 0);
	git_libgit2_opts(GIT_OPT_SET_MWINDOW_SIZE, (size_t)8 << 20);
	git_libgit2_opts(GIT_OPT_SET_MWINDOW_MAPPED_LIMIT, (size_t)32 << 20);
}

static void fast_scan_end(const saved_opts *o)
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

static bool peel_commit(git_reference *ref, git_oid *out)
{
	git_object *obj = NULL;
	if (git_reference_peel(&obj, ref, GIT_OBJECT_COMMIT) < 0) {
		git_error_clear();
		return false;
	}
	git_oid_cpy(out, git_object_id(obj));
	git_object_free(obj);
	return true;
}

/* HEAD, and with `all` every branch, remote-tracking branch and tag that
 * leads to a commit; sorted, without duplicates.  An unborn HEAD is no tip. */
static int find_tips(scan *s, bool all, uint8_t (**tips)[HX_OID], size_t *ntips)
{
	size_t cap = 0;
	*tips = NULL;
	*ntips = 0;
	git_reference *head = NULL;
	int rc = git_repository_head(&head, s->git);
	if (rc == 0) {
		git_object *obj = NULL;
		if (git_reference_peel(&obj, head, GIT_OBJECT_COMMIT) < 0) {
			git_reference_free(head);
			return git_fail(s, "HEAD does not lead to a commit");
		}
		add_tip(tips, ntips, &cap, git_object_id(obj));
		git_object_free(obj);
		git_reference_free(head);
	} else if (rc != GIT_EUNBORNBRANCH && rc != GIT_ENOTFOUND) {
		return git_fail(s, "cannot read HEAD");
	}
	git_error_clear();
	if (all) {
		git_reference_iterator *it = NULL;
		if (git_reference_iterator_new(&it, s->git) < 0)
			return git_fail(s, "cannot list the branches and tags");
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
			return git_fail(s, "cannot list the branches and tags");
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

/* ---- putting an index together --------------------------------------- */

static int cmp_ref(const void *a, const void *b)
{
	const hx_ref *x = a, *y = b;
	if (x->number != y->number)
		return x->number < y->number ? -1 : 1;
	return x->commit < y->commit ? -1 : x->commit > y->commit;
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return x < y ? -1 : x > y;
}

static int cmp_idx_oid(const void *a, const void *b, void *ctx)
{
	const scan *s = ctx;
	return memcmp(C(s, *(const uint32_t *)a)->oid, C(s, *(const uint32_t *)b)->oid, HX_OID);
}

/* Sorts commit numbers by commit id.  Ids are uniformly distributed: two
 * radix passes on their first 32 bits leave only rare ties to settle, where
 * a comparison sort of 200,000 ids would cost a noticeable part of a scan. */
static void sort_by_oid(const scan *s, uint32_t *v, size_t n)
{
	if (n < 4096) {
		qsort_r(v, n, sizeof *v, cmp_idx_oid, (void *)s);
		return;
	}
	uint64_t *a = tr_malloc(n * sizeof *a), *b = tr_malloc(n * sizeof *b);
	for (size_t i = 0; i < n; i++) {
		const uint8_t *o = C(s, v[i])->oid;
		uint64_t key = (uint64_t)o[0] << 24 | (uint64_t)o[1] << 16 | (uint64_t)o[2] << 8 | o[3];
		a[i] = key << 32 | v[i];
	}
	size_t *count = tr_malloc(65536 * sizeof *count);
	for (int shift = 32; shift <= 48; shift += 16) {
		memset(count, 0, 65536 * sizeof *count);
		for (size_t i = 0; i < n; i++)
			count[(a[i] >> shift) & 0xFFFF]++;
		size_t sum = 0;
		for (size_t k = 0; k < 65536; k++) {
			size_t t = count[k];
			count[k] = sum;
			sum += t;
		}
		for (size_t i = 0; i < n; i++)
			b[count[(a[i] >> shift) & 0xFFFF]++] = a[i];
		uint64_t *t = a;
		a = b;
		b = t;
	}
	free(count);
	for (size_t i = 0; i < n; i++)
		v[i] = (uint32_t)a[i];
	/* Equal prefixes: insertion sort on the whole id. */
	for (size_t i = 1; i < n; i++)
		for (size_t j = i; j > 0 && a[j] >> 32 == a[j - 1] >> 32 &&
		                   memcmp(C(s, v[j])->oid, C(s, v[j - 1])->oid, HX_OID) < 0; j--) {
			uint32_t t = v[j];
			v[j] = v[j - 1];
			v[j - 1] = t;
		}
	free(a);
	free(b);
}

/* The numbers of the commits in [from, to) marked in keep, in id order:
 * index and journal are in order already; the walk's are sorted. */
static size_t collect(const uint8_t *keep, size_t from, size_t to, uint32_t **out)
{
	uint32_t *v = tr_malloc((to > from ? to - from : 1) * sizeof *v);
	size_t n = 0;
	for (size_t i = from; i < to; i++)
		if (keep[i])
			v[n++] = (uint32_t)i;
	*out = v;
	return n;
}

/* Builds, in *out, the commits marked `keep` from `from` on (0: everything,
 * a new index; s->nbase: the journal and the walk, a new journal), sorted by
 * id and numbered from `from`, with `lists` as the paths' change lists. */
static void compact(scan *s, const uint8_t *keep, size_t from, const hx_path *lists, size_t nlists,
                    hx_data *out)
{
	size_t end = s->nbase + s->d.ncommits;
	memset(out, 0, sizeof *out);
	out->mode = s->d.mode;
	out->shallow = s->d.shallow;
	out->base = from ? s->base.sum : 0;
	/* Up to three runs in id order: the index (when it is made again), the
	 * journal, the walk. */
	uint32_t *run[3];
	size_t nrun[3], pos[3] = { 0, 0, 0 };
	nrun[0] = collect(keep, 0, from ? 0 : s->nbase, &run[0]);
	nrun[1] = collect(keep, s->nbase, s->nold, &run[1]);
	nrun[2] = collect(keep, s->nold, end, &run[2]);
	sort_by_oid(s, run[2], nrun[2]);
	uint32_t *remap = tr_malloc((end ? end : 1) * sizeof *remap);
	for (size_t i = 0; i < end; i++)
		remap[i] = i < from ? (uint32_t)i : HX_NONE;
	size_t total = nrun[0] + nrun[1] + nrun[2];
	uint32_t *order = tr_malloc((total ? total : 1) * sizeof *order);
	for (size_t n = 0; n < total; n++) {
		int best = -1;
		for (int r = 0; r < 3; r++)
			if (pos[r] < nrun[r] &&
			    (best < 0 || memcmp(C(s, run[r][pos[r]])->oid, C(s, run[best][pos[best]])->oid,
			                        HX_OID) < 0))
				best = r;
		uint32_t i = run[best][pos[best]++];
		remap[i] = (uint32_t)(from + n);
		order[n] = i;
	}
	for (int r = 0; r < 3; r++)
		free(run[r]);
	out->commits = tr_malloc((total ? total : 1) * sizeof *out->commits);
	out->ncommits = total;
	out->capcommits = total ? total : 1;
	size_t npar = 0;
	for (size_t n = 0; n < total; n++)
		npar += C(s, order[n])->nparents;
	out->parents = tr_malloc((npar ? npar : 1) * sizeof *out->parents);
	out->capparents = npar ? npar : 1;
	/* Author and subject: the journal's move over as they are; the index's
	 * are copied, for the commits kept. */
	bool move = from == s->nbase;
	atab authors = { NULL, 0, 0 };
	for (size_t n = 0; n < total; n++) {
		uint32_t i = order[n];
		hx_commit *o = &out->commits[n];
		*o = *C(s, i);
		const uint32_t *par = parents_of(s, i);
		o->parent = (uint32_t)out->nparents;
		for (uint32_t k = 0; k < o->nparents; k++)
			out->parents[out->nparents++] = remap[par[k]];
		if (move || o->info == HX_NONE)
			continue;
		const hx_data *lv = level(s, i);
		const hx_info *in = &lv->infos[o->info];
		const char *name = hx_string(lv, in->author);
		const char *email = name + strlen(name) + 1;
		const char *sum = hx_string(lv, in->summary);
		tr_grow((void **)&out->infos, &out->capinfos, out->ninfos + 1, sizeof *out->infos);
		hx_info *oi = &out->infos[out->ninfos];
		*oi = *in;
		oi->author = author_string(&authors, out, name, strlen(name), email, strlen(email));
		oi->summary = hx_add_string(out, sum, strlen(sum));
		o->info = (uint32_t)out->ninfos++;
	}
	free(authors.slot);
	free(order);
	if (move) {
		out->infos = s->d.infos;
		out->ninfos = s->d.ninfos;
		out->capinfos = s->d.capinfos;
		out->strings = s->d.strings;
		s->d.infos = NULL;
		s->d.ninfos = s->d.capinfos = 0;
		s->d.strings = (tr_buf)TR_BUF_INIT;
	}
	/* References of the commits kept, in (number, commit) order. */
	const hx_data *src[2] = { from ? NULL : &s->base, &s->d };
	size_t nref = (from ? 0 : s->base.nrefs) + s->d.nrefs;
	out->refs = tr_malloc((nref ? nref : 1) * sizeof *out->refs);
	out->caprefs = nref ? nref : 1;
	for (int l = 0; l < 2; l++)
		for (size_t k = 0; src[l] && k < src[l]->nrefs; k++) {
			hx_ref r = src[l]->refs[k];
			if (r.commit < end && (r.commit = remap[r.commit]) != HX_NONE && r.commit >= from)
				out->refs[out->nrefs++] = r;
		}
	if (out->nrefs > 1)
		qsort(out->refs, out->nrefs, sizeof *out->refs, cmp_ref);
	out->paths = tr_calloc(nlists ? nlists : 1, sizeof *out->paths);
	out->cappaths = nlists;
	for (size_t p = 0; p < nlists; p++) {
		hx_path *o = &out->paths[out->npaths++];
		o->path = tr_strdup(lists[p].path);
		o->commits = tr_malloc((lists[p].n ? lists[p].n : 1) * sizeof *o->commits);
		o->cap = lists[p].n ? lists[p].n : 1;
		for (size_t c = 0; c < lists[p].n; c++) {
			uint32_t r = lists[p].commits[c] < end ? remap[lists[p].commits[c]] : HX_NONE;
			if (r != HX_NONE && r >= from)
				o->commits[o->n++] = r;
		}
		if (o->n > 1)
			qsort(o->commits, o->n, sizeof *o->commits, cmp_u32);
	}
	free(remap);
}

/* ---- results --------------------------------------------------------- */

/* What the results are read from: an index and the journal above it (or
 * nothing above it), numbered across both as in the scan. */
typedef struct view {
	const hx_data *lo, *hi;
	size_t nlo;
} view;

static const hx_commit *vc(const view *v, size_t i)
{
	return i < v->nlo ? &v->lo->commits[i] : &v->hi->commits[i - v->nlo];
}

static const hx_data *vlevel(const view *v, size_t i)
{
	return i < v->nlo ? v->lo : v->hi;
}

typedef struct cand {
	uint32_t commit;
	tr_link_kind kind;
} cand;

static int cmp_cand(const void *a, const void *b)
{
	const cand *x = a, *y = b;
	if (x->commit != y->commit)
		return x->commit < y->commit ? -1 : 1;
	return (int)x->kind - (int)y->kind;
}

static bool issue_number(const char *id, uint32_t *num)
{
	if (id[0] != '#' || !id[1])
		return false;
	uint64_t v = 0;
	for (const char *p = id + 1; *p; p++) {
		if (*p < '0' || *p > '9' || v > UINT32_MAX / 10)
			return false;
		v = v * 10 + (uint64_t)(*p - '0');
	}
	if (v > UINT32_MAX)
		return false;
	*num = (uint32_t)v;
	return true;
}

static const hx_path *find_path(const hx_data *d, const char *path)
{
	size_t lo = 0, hi = d ? d->npaths : 0;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(d->paths[mid].path, path);
		if (c == 0)
			return &d->paths[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

static void add_cand(cand **v, size_t *n, size_t *cap, uint32_t commit, tr_link_kind kind)
{
	tr_grow((void **)v, cap, *n + 1, sizeof **v);
	(*v)[(*n)++] = (cand){ commit, kind };
}

/* The candidates of one issue: references to its number, changes to its
 * test files; one per commit, the strongest kind. */
static size_t issue_cands(const view *vw, const tr_issue *is, cand **out)
{
	cand *v = NULL;
	size_t n = 0, cap = 0;
	const hx_data *lv[2] = { vw->lo, vw->hi };
	uint32_t num;
	for (int l = 0; l < 2; l++) {
		const hx_data *d = lv[l];
		if (!d || is->named || !issue_number(is->id, &num))
			continue;
		size_t lo = 0, hi = d->nrefs;
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;
			if (d->refs[mid].number < num)
				lo = mid + 1;
			else
				hi = mid;
		}
		for (size_t i = lo; i < d->nrefs && d->refs[i].number == num; i++)
			add_cand(&v, &n, &cap, d->refs[i].commit, (tr_link_kind)d->refs[i].kind);
	}
	for (size_t f = 0; f < is->test_files.n; f++) {
		char *path = norm_path(is->test_files.v[f]);
		for (int l = 0; l < 2 && path; l++) {
			const hx_path *p = find_path(lv[l], path);
			for (size_t k = 0; p && k < p->n; k++)
				add_cand(&v, &n, &cap, p->commits[k], TR_LINK_TOUCHES_TEST);
		}
		free(path);
	}
	if (n > 1) {
		qsort(v, n, sizeof *v, cmp_cand);
		size_t w = 1;
		for (size_t i = 1; i < n; i++)
			if (v[i].commit != v[w - 1].commit)
				v[w++] = v[i];
		n = w;
	}
	*out = v;
	return n;
}

typedef struct sortable {
	int64_t ctime;
	uint32_t gen;
	tr_commit_link link;
} sortable;

static int cmp_sortable(const void *a, const void *b)
{
	const sortable *x = a, *y = b;
	/* Newest first; on equal times children before parents, then by id so
	 * that the order never depends on how the index was built. */
	if (x->ctime != y->ctime)
		return x->ctime > y->ctime ? -1 : 1;
	if (x->gen != y->gen)
		return x->gen > y->gen ? -1 : 1;
	return strcmp(x->link.commit->id, y->link.commit->id);
}

/* Fills tc from a commit's author and subject, after .mailmap. */
static void fill_commit(tr_commit *tc, git_mailmap *mm, const char *name, const char *email,
                        const char *summary, int64_t atime, int atz)
{
	const char *rname = name, *remail = email;
	if (mm && git_mailmap_resolve(&rname, &remail, mm, name, email) < 0) {
		git_error_clear();
		rname = name;
		remail = email;
	}
	tc->author_name = tr_strdup(rname);
	tc->author = tr_sprintf("%s <%s>", rname, remail);
	tc->time = atime;
	tc->tz = atz;
	tc->summary = tr_strdup(summary);
}

static int build_results(scan *s, const view *vw, const tr_model *m, tr_history *h)
{
	size_t ni = m->nissues ? m->nissues : 1;
	h->nissues = m->nissues;
	h->issues = tr_calloc(ni, sizeof *h->issues);
	cand **cands = tr_calloc(ni, sizeof *cands);
	size_t *ncands = tr_calloc(ni, sizeof *ncands);
	/* Output commits are few: number them through a map, not an array as
	 * long as the history. */
	hx_kmap outidx = { NULL, 0, 0 };
	size_t nout = 0;
	for (size_t i = 0; i < m->nissues; i++) {
		ncands[i] = issue_cands(vw, &m->issues[i], &cands[i]);
		for (size_t k = 0; k < ncands[i]; k++) {
			const uint8_t *oid = vc(vw, cands[i][k].commit)->oid;
			if (hx_kmap_get(&outidx, oid, 0) == HX_NONE)
				hx_kmap_set(&outidx, oid, 0, (uint32_t)nout++);
		}
	}
	h->commits = tr_calloc(nout ? nout : 1, sizeof *h->commits);
	h->ncommits = nout;
	int64_t *ctime = tr_calloc(nout ? nout : 1, sizeof *ctime);
	uint32_t *gen = tr_calloc(nout ? nout : 1, sizeof *gen);
	uint8_t *done = tr_calloc(nout ? nout : 1, 1);
	git_mailmap *mm = NULL;
	if (nout && git_mailmap_from_repository(&mm, s->git) < 0) {
		/* A broken .mailmap should not hide the history: names as written. */
		git_error_clear();
		mm = NULL;
	}
	int rc = 0;
	for (size_t i = 0; i < m->nissues && rc == 0; i++) {
		for (size_t k = 0; k < ncands[i] && rc == 0; k++) {
			const hx_commit *c = vc(vw, cands[i][k].commit);
			uint32_t o = hx_kmap_get(&outidx, c->oid, 0);
			if (done[o])
				continue;
			done[o] = 1;
			tr_commit *tc = &h->commits[o];
			hx_oid_to_hex(c->oid, tc->id);
			gen[o] = c->gen;
			if (c->info != HX_NONE) {
				const hx_data *d = vlevel(vw, cands[i][k].commit);
				const hx_info *in = &d->infos[c->info];
				const char *name = hx_string(d, in->author);
				const char *email = in->author < d->strings.len ? name + strlen(name) + 1 : "";
				fill_commit(tc, mm, name, email, hx_string(d, in->summary), in->atime, in->atz);
				ctime[o] = in->ctime;
				continue;
			}
			/* Not kept in the index: read it. */
			git_odb_object *obj;
			if ((rc = read_commit(s, c->oid, &obj)) < 0)
				break;
			char *name = tr_strndup(s->raw.name, s->raw.namelen);
			char *email = tr_strndup(s->raw.email, s->raw.emaillen);
			char *sum = tr_message_summary(s->raw.msg, s->raw.msglen);
			fill_commit(tc, mm, name, email, sum, s->raw.atime, s->raw.atz);
			ctime[o] = s->raw.ctime;
			free(name);
			free(email);
			free(sum);
			git_odb_object_free(obj);
		}
	}
	git_mailmap_free(mm);
	for (size_t i = 0; i < m->nissues; i++) {
		struct issue_links *il = &h->issues[i];
		sortable *v = tr_malloc((ncands[i] ? ncands[i] : 1) * sizeof *v);
		for (size_t k = 0; k < ncands[i] && rc == 0; k++) {
			uint32_t o = hx_kmap_get(&outidx, vc(vw, cands[i][k].commit)->oid, 0);
			v[k] = (sortable){ ctime[o], gen[o], { &h->commits[o], cands[i][k].kind } };
		}
		il->v = tr_malloc((ncands[i] ? ncands[i] : 1) * sizeof *il->v);
		if (rc == 0) {
			if (ncands[i] > 1)
				qsort(v, ncands[i], sizeof *v, cmp_sortable);
			il->n = ncands[i];
			for (size_t k = 0; k < il->n; k++)
				il->v[k] = v[k].link;
		}
		free(v);
		free(cands[i]);
	}
	hx_kmap_free(&outidx);
	free(ctime);
	free(gen);
	free(done);
	free(cands);
	free(ncands);
	return rc;
}

/* ---- the load -------------------------------------------------------- */

/* The test files of the model, as sorted unique paths. */
static char **model_paths(const tr_model *m, size_t *n)
{
	tr_strv v = TR_STRV_INIT;
	for (size_t i = 0; i < m->nissues; i++)
		for (size_t f = 0; f < m->issues[i].test_files.n; f++) {
			char *p = norm_path(m->issues[i].test_files.v[f]);
			if (p)
				tr_strv_push_owned(&v, p);
		}
	if (v.n > 1)
		qsort(v.v, v.n, sizeof *v.v, cmp_str);
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

static void scan_free(scan *s)
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
static bool reachable(const scan *s, const uint8_t *reached, uint8_t *keep)
{
	bool all = true;
	for (size_t t = 0; t < s->noldtips && all; t++) {
		uint32_t k = old_find(s, s->oldtips[t]);
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
		const uint32_t *par = parents_of(s, i);
		uint32_t np = C(s, i)->nparents;
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
static uint32_t known_state(scan *s, uint32_t i)
{
	git_odb_object *obj;
	if (read_commit(s, C(s, i)->oid, &obj) < 0)
		return HX_NONE;
	uint32_t st = hx_trees_state(s->tq, s->raw.tree, s->err);
	git_odb_object_free(obj);
	return st;
}

/* Appends the change lists of `d` for each path to `lists`. */
static void add_lists(const hx_data *d, hx_path *lists, size_t nlists)
{
	for (size_t p = 0; p < nlists; p++) {
		const hx_path *old = find_path(d, lists[p].path);
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
static int update(scan *s, uint8_t (*tips)[HX_OID], size_t ntips, char **want, size_t nwant,
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
		if (!find_path(&s->base, want[i])) {
			tr_strv_push(&all, want[i]);
			missing = true;
		}
	if (all.n > 1)
		qsort(all.v, all.n, sizeof *all.v, cmp_str);
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
		rc = walk(s, tips, ntips, reached);
	size_t end = s->nbase + d->ncommits;
	uint8_t *keep = tr_calloc(end ? end : 1, 1);
	bool keep_all = rc == 0 && reachable(s, reached, keep);
	free(reached);
	for (size_t i = s->nold; i < end; i++)
		keep[i] = 1;
	if (rc == 0)
		generations(s);
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
			const uint32_t *par = parents_of(s, i);
			for (uint32_t k = 0; k < C(s, i)->nparents && rc == 0; k++)
				if (state[par[k]] == HX_NONE && (state[par[k]] = known_state(s, par[k])) == HX_NONE)
					rc = -1;
		}
		s->st->trees = hx_trees_read(s->tq);
		for (size_t i = first; i < end && rc == 0; i++)
			if (keep[i])
				record_changes(s, state, (uint32_t)i, lists);
		free(state);
	}
	/* Every linked commit keeps its author and subject. */
	for (size_t p = 0; p < nlists && rc == 0; p++)
		for (size_t k = 0; k < lists[p].n && rc == 0; k++)
			if (lists[p].commits[k] >= from && keep[lists[p].commits[k]])
				rc = ensure_info(s, lists[p].commits[k]);
	if (rc == 0) {
		compact(s, keep, from, lists, nlists, out);
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
static bool read_index(scan *s, const char *base_path, const char *jnl_path)
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
	scan s = { 0 };
	s.git = tr_repo_git(repo);
	s.name = repo_name(repo);
	s.err = err;
	s.st = &h->stats;
	/* Linked worktrees share one index, beside the objects and refs. */
	const char *common = tr_repo_commondir(repo);
	s.d.mode = opt->all ? 1 : 0;
	s.d.shallow = read_shallow(&s, common);
	const char *kind = opt->all ? "all" : "head";
	char *base_path = tr_sprintf("%striage/history-%s.idx", common, kind);
	char *jnl_path = tr_sprintf("%striage/history-%s.jnl", common, kind);

	uint8_t (*tips)[HX_OID] = NULL;
	size_t ntips = 0, nwant = 0;
	char **want = model_paths(m, &nwant);
	hx_data out = { 0 };
	view vw = { &out, NULL, 0 };
	saved_opts saved;
	fast_scan_begin(&saved);
	int rc = find_tips(&s, opt->all, &tips, &ntips);
	h->stats.tips = ntips;
	if (rc == 0 && ntips == 0) {
		/* An empty repository: nothing to walk, nothing to keep. */
		rc = build_results(&s, &vw, m, h);
		goto done;
	}
	if (rc == 0 && git_repository_odb(&s.odb, s.git) < 0)
		rc = git_fail(&s, "cannot open the object database");
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
		covered = covered && find_path(&s.base, want[i]) != NULL;
	if (same_tips && covered) {
		vw = (view){ &s.base, &s.d, s.nbase };
		h->stats.commits = s.nbase + s.d.ncommits;
		rc = build_results(&s, &vw, m, h);
		goto done;
	}
	bool full;
	if ((rc = update(&s, tips, ntips, want, nwant, &out, &full)) < 0)
		goto done;
	vw = full ? (view){ &out, NULL, out.ncommits } : (view){ &s.base, &out, s.nbase };
	h->stats.commits = (full ? 0 : s.nbase) + out.ncommits;
	rc = build_results(&s, &vw, m, h);
	if (rc == 0 && !opt->no_index) {
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
	fast_scan_end(&saved);
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

const tr_history_stats *tr_history_stats_get(const tr_history *h)
{
	return &h->stats;
}

void tr_history_format_time(char out[32], int64_t t, int tz, bool date_only)
{
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

/* jansson takes UTF-8 only: invalid bytes become U+FFFD. */
static json_t *json_text(const char *s)
{
	char *fixed = tr_utf8_fix(s, strlen(s));
	json_t *j = json_stringn(fixed, strlen(fixed));
	free(fixed);
	return j ? j : json_string("\xEF\xBF\xBD");
}

json_t *tr_history_json(const tr_history *h, size_t issue)
{
	json_t *a = json_array();
	const tr_commit_link *v;
	size_t n = tr_history_issue(h, issue, &v);
	for (size_t i = 0; i < n; i++) {
		const tr_commit *c = v[i].commit;
		char when[32];
		tr_history_format_time(when, c->time, c->tz, false);
		json_t *o = json_object();
		json_object_set_new(o, "id", json_string(c->id));
		json_object_set_new(o, "summary", json_text(c->summary));
		json_object_set_new(o, "author", json_text(c->author));
		json_object_set_new(o, "time", json_string(when));
		json_object_set_new(o, "link", json_string(tr_link_kind_word(v[i].kind)));
		json_array_append_new(a, o);
	}
	return a;
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
	free(d);
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
	if (len < 4 || len > 40 || git_oid_fromstrn(&oid, id, len) < 0) {
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
	fill_commit(&d->commit, mm, a->name, a->email, sum, a->when.time, a->when.offset);
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
