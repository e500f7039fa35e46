/* Which commits changed the test files: the "state" of each commit's tree
 * at the paths of interest, found the way `git log -- PATH` finds changes.
 *
 * The paths form a tree of names.  For a commit, its root tree is read and
 * only the entries on those paths are looked at; a directory whose id was
 * seen before (at the same place) is not read again, so most commits cost
 * one root tree.  A state is an interned vector: for each name below a
 * directory, the blob's small id and, where paths go on below, the
 * directory's own state.  Equal states mean equal files on every path, so
 * comparing a commit with its parents is comparing two integers.
 *
 * The trees are read on the walk's thread: libgit2 1.5 locks a pack for
 * every object read, and a second thread reading trees from the same pack
 * made the scan slower, not faster. */
#include "config.h"

#include <git2.h>
#include <stdlib.h>
#include <string.h>

#include "history_internal.h"

/* ---- the paths --------------------------------------------------------- */

typedef struct tnode {
	const char *name;
	size_t len;
	uint32_t *kids;
	size_t nkids, capkids;
	uint32_t leaf_slot, sub_slot;   /* in the parent's vector; HX_NONE if not */
	uint32_t nslots;
} tnode;

/* ---- a map from an object id and a small number ---------------------- */

static uint64_t oid_hash(const uint8_t *oid)
{
	uint64_t h;
	memcpy(&h, oid, 8);
	return h;
}

static size_t kmap_pos(const hx_kmap *m, const uint8_t *oid, uint32_t node)
{
	size_t mask = m->cap - 1;
	size_t i = (oid_hash(oid) ^ (uint64_t)node * 0x9E3779B97F4A7C15ULL) & mask;
	while (m->e[i].val != HX_NONE && (m->e[i].node != node || memcmp(m->e[i].oid, oid, HX_OID) != 0))
		i = (i + 1) & mask;
	return i;
}

uint32_t hx_kmap_get(const hx_kmap *m, const uint8_t *oid, uint32_t node)
{
	return m->cap ? m->e[kmap_pos(m, oid, node)].val : HX_NONE;
}

void hx_kmap_set(hx_kmap *m, const uint8_t *oid, uint32_t node, uint32_t val)
{
	if ((m->n + 1) * 2 > m->cap) {
		hx_kmap old = *m;
		m->cap = old.cap ? old.cap * 2 : 256;
		m->e = tr_malloc(m->cap * sizeof *m->e);
		for (size_t i = 0; i < m->cap; i++)
			m->e[i].val = HX_NONE;
		for (size_t i = 0; i < old.cap; i++)
			if (old.e[i].val != HX_NONE)
				m->e[kmap_pos(m, old.e[i].oid, old.e[i].node)] = old.e[i];
		free(old.e);
	}
	size_t i = kmap_pos(m, oid, node);
	if (m->e[i].val == HX_NONE)
		m->n++;
	memcpy(m->e[i].oid, oid, HX_OID);
	m->e[i].node = node;
	m->e[i].val = val;
}

void hx_kmap_free(hx_kmap *m)
{
	free(m->e);
	memset(m, 0, sizeof *m);
}

struct hx_trees {
	/* the paths */
	tnode *n;
	size_t nn, capn;
	char **paths;
	size_t npaths;
	uint32_t **steps;       /* per path: the slot taken at each level */
	size_t *nsteps;
	/* the states */
	git_odb *odb;           /* borrowed */
	char *repo;
	hx_kmap memo;           /* (tree id, node) -> state */
	hx_kmap blobs;          /* (blob id, 0) -> small id */
	uint32_t *spool;        /* state vectors back to back */
	size_t nspool, capspool;
	uint32_t *soff;         /* state id -> offset in spool; 0 is "nothing there" */
	uint32_t *snode;
	size_t nstates, capstates;
	uint32_t *stab;         /* interning table of state ids */
	size_t stabcap;
	size_t trees_read;
	size_t unreadable;      /* commits' trees that could not be read */
	char *error;
};

static uint32_t child(hx_trees *t, uint32_t parent, const char *name, size_t len)
{
	tnode *p = &t->n[parent];
	/* Paths come sorted, so a directory's paths come together: the last
	 * child is almost always the one. */
	if (p->nkids) {
		tnode *k = &t->n[p->kids[p->nkids - 1]];
		if (k->len == len && memcmp(k->name, name, len) == 0)
			return p->kids[p->nkids - 1];
	}
	for (size_t i = 0; i < p->nkids; i++) {
		tnode *k = &t->n[p->kids[i]];
		if (k->len == len && memcmp(k->name, name, len) == 0)
			return p->kids[i];
	}
	tr_grow((void **)&t->n, &t->capn, t->nn + 1, sizeof *t->n);
	uint32_t id = (uint32_t)t->nn++;
	t->n[id] = (tnode){ name, len, NULL, 0, 0, HX_NONE, HX_NONE, 0 };
	p = &t->n[parent];
	tr_grow((void **)&p->kids, &p->capkids, p->nkids + 1, sizeof *p->kids);
	p->kids[p->nkids++] = id;
	return id;
}

static int cmp_name(const char *a, size_t alen, const char *b, size_t blen)
{
	int c = memcmp(a, b, alen < blen ? alen : blen);
	return c ? c : (alen > blen) - (alen < blen);
}

static int cmp_kid(const void *a, const void *b, void *ctx)
{
	const tnode *n = ctx;
	const tnode *x = &n[*(const uint32_t *)a], *y = &n[*(const uint32_t *)b];
	return cmp_name(x->name, x->len, y->name, y->len);
}

/* Follows path i through the name tree, noting the slot at each level. */
static uint32_t descend(hx_trees *t, size_t i, uint32_t *steps)
{
	uint32_t node = 0;
	const char *p = t->paths[i];
	size_t d = 0;
	while (*p) {
		const char *slash = strchr(p, '/');
		size_t len = slash ? (size_t)(slash - p) : strlen(p);
		node = child(t, node, p, len);
		if (steps)
			steps[d++] = slash ? t->n[node].sub_slot : t->n[node].leaf_slot;
		p += len + (slash ? 1 : 0);
	}
	return node;
}

static void build(hx_trees *t)
{
	tr_grow((void **)&t->n, &t->capn, 1, sizeof *t->n);
	t->n[0] = (tnode){ "", 0, NULL, 0, 0, HX_NONE, HX_NONE, 0 };
	t->nn = 1;
	size_t np = t->npaths ? t->npaths : 1;
	uint32_t *last = tr_calloc(np, sizeof *last);
	for (size_t i = 0; i < t->npaths; i++)
		last[i] = descend(t, i, NULL);
	bool *is_leaf = tr_calloc(t->nn, sizeof *is_leaf);
	for (size_t i = 0; i < t->npaths; i++)
		is_leaf[last[i]] = true;
	for (size_t id = 0; id < t->nn; id++) {
		tnode *p = &t->n[id];
		for (size_t k = 0; k < p->nkids; k++) {
			tnode *c = &t->n[p->kids[k]];
			if (is_leaf[p->kids[k]])
				c->leaf_slot = p->nslots++;
			if (c->nkids)
				c->sub_slot = p->nslots++;
		}
	}
	free(is_leaf);
	free(last);
	t->steps = tr_calloc(np, sizeof *t->steps);
	t->nsteps = tr_calloc(np, sizeof *t->nsteps);
	for (size_t i = 0; i < t->npaths; i++) {
		size_t depth = 1;
		for (const char *p = t->paths[i]; *p; p++)
			depth += *p == '/';
		t->steps[i] = tr_malloc(depth * sizeof **t->steps);
		descend(t, i, t->steps[i]);
		t->nsteps[i] = depth;
	}
	/* Children by name, for the search in each tree read. */
	for (size_t id = 0; id < t->nn; id++)
		if (t->n[id].nkids > 1)
			qsort_r(t->n[id].kids, t->n[id].nkids, sizeof *t->n[id].kids, cmp_kid, t->n);
	/* State 0: nothing of interest there. */
	tr_grow((void **)&t->soff, &t->capstates, 1, sizeof *t->soff);
	t->snode = tr_realloc(t->snode, t->capstates * sizeof *t->snode);
	t->soff[0] = 0;
	t->snode[0] = 0;
	t->nstates = 1;
}

/* ---- states ---------------------------------------------------------- */

static uint64_t vec_hash(uint32_t node, const uint32_t *v, size_t n)
{
	return hx_checksum(v, n * sizeof *v, node);
}

static uint32_t intern(hx_trees *t, uint32_t node, const uint32_t *v, size_t n)
{
	bool any = false;
	for (size_t i = 0; i < n && !any; i++)
		any = v[i] != 0;
	if (!any)
		return 0;
	if ((t->nstates + 1) * 2 > t->stabcap) {
		size_t ncap = t->stabcap ? t->stabcap * 2 : 256;
		uint32_t *nt = tr_calloc(ncap, sizeof *nt);
		for (size_t id = 1; id < t->nstates; id++) {
			size_t i = vec_hash(t->snode[id], t->spool + t->soff[id], t->n[t->snode[id]].nslots) &
			           (ncap - 1);
			while (nt[i])
				i = (i + 1) & (ncap - 1);
			nt[i] = (uint32_t)id;
		}
		free(t->stab);
		t->stab = nt;
		t->stabcap = ncap;
	}
	size_t mask = t->stabcap - 1;
	size_t i = vec_hash(node, v, n) & mask;
	for (; t->stab[i]; i = (i + 1) & mask) {
		uint32_t id = t->stab[i];
		if (t->snode[id] == node && memcmp(t->spool + t->soff[id], v, n * sizeof *v) == 0)
			return id;
	}
	tr_grow((void **)&t->soff, &t->capstates, t->nstates + 1, sizeof *t->soff);
	t->snode = tr_realloc(t->snode, t->capstates * sizeof *t->snode);
	tr_grow((void **)&t->spool, &t->capspool, t->nspool + n, sizeof *t->spool);
	uint32_t id = (uint32_t)t->nstates++;
	t->soff[id] = (uint32_t)t->nspool;
	t->snode[id] = node;
	memcpy(t->spool + t->nspool, v, n * sizeof *v);
	t->nspool += n;
	t->stab[i] = id;
	return id;
}

static uint32_t blob_id(hx_trees *t, const uint8_t *oid)
{
	uint32_t v = hx_kmap_get(&t->blobs, oid, 0);
	if (v == HX_NONE) {
		v = (uint32_t)t->blobs.n + 1;
		hx_kmap_set(&t->blobs, oid, 0, v);
	}
	return v;
}

static uint32_t fail(hx_trees *t, const char *what, const uint8_t *oid)
{
	if (!t->error) {
		char hex[41];
		hx_oid_to_hex(oid, hex);
		const git_error *e = git_error_last();
		t->error = tr_sprintf("%s: %s %s%s%s", t->repo, what, hex, e && e->message ? ": " : "",
		                      e && e->message ? e->message : "");
	}
	git_error_clear();
	return HX_NONE;
}

/* The state of tree `oid` at name-tree node `node`; HX_NONE on error. */
static uint32_t tree_state(hx_trees *t, uint32_t node, const uint8_t *oid)
{
	if (node != 0) {
		uint32_t v = hx_kmap_get(&t->memo, oid, node);
		if (v != HX_NONE)
			return v;
	}
	git_oid o;
	memcpy(o.id, oid, HX_OID);
	git_odb_object *obj;
	if (git_odb_read(&obj, t->odb, &o) < 0)
		return fail(t, "cannot read tree", oid);
	if (git_odb_object_type(obj) != GIT_OBJECT_TREE) {
		git_odb_object_free(obj);
		return fail(t, "not a tree:", oid);
	}
	t->trees_read++;
	size_t nslots = t->n[node].nslots;
	uint32_t small[16];
	uint32_t *v = nslots <= 16 ? small : tr_malloc(nslots * sizeof *v);
	memset(v, 0, nslots * sizeof *v);
	const char *p = git_odb_object_data(obj), *end = p + git_odb_object_size(obj);
	uint32_t result = 0;
	/* Entries: "MODE NAME\0" and 20 bytes of id. */
	while (p < end) {
		const char *sp = memchr(p, ' ', (size_t)(end - p));
		const char *nul = sp ? memchr(sp, '\0', (size_t)(end - sp)) : NULL;
		if (!nul || end - nul < 1 + HX_OID)
			break;
		const char *name = sp + 1;
		size_t len = (size_t)(nul - name);
		const uint8_t *eoid = (const uint8_t *)nul + 1;
		bool is_tree = sp - p == 5 && memcmp(p, "40000", 5) == 0;
		const tnode *tn = &t->n[node];
		size_t lo = 0, hi = tn->nkids;
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;
			const tnode *c = &t->n[tn->kids[mid]];
			int r = cmp_name(c->name, c->len, name, len);
			if (r < 0) {
				lo = mid + 1;
				continue;
			}
			if (r > 0) {
				hi = mid;
				continue;
			}
			if (c->leaf_slot != HX_NONE)
				v[c->leaf_slot] = blob_id(t, eoid);
			if (c->sub_slot != HX_NONE && is_tree) {
				uint32_t sub = tree_state(t, tn->kids[mid], eoid);
				if (sub == HX_NONE) {
					result = HX_NONE;
					goto out;
				}
				v[c->sub_slot] = sub;
			}
			break;
		}
		p = nul + 1 + HX_OID;
	}
	result = intern(t, node, v, nslots);
	if (node != 0)
		hx_kmap_set(&t->memo, oid, node, result);
out:
	if (v != small)
		free(v);
	git_odb_object_free(obj);
	return result;
}

/* ---- the interface ---------------------------------------------------- */

hx_trees *hx_trees_new(git_odb *odb, const char *repo, char **paths, size_t npaths)
{
	hx_trees *t = tr_calloc(1, sizeof *t);
	t->paths = paths;
	t->npaths = npaths;
	t->repo = tr_strdup(repo);
	t->odb = odb;
	build(t);
	return t;
}

uint32_t hx_trees_state(hx_trees *t, const uint8_t tree[HX_OID], tr_error *err)
{
	(void)err;
	uint32_t st = tree_state(t, 0, tree);
	if (st == HX_NONE) {
		/* Missing (a partial clone) or damaged: what this commit changed
		 * cannot be told, and that is no reason to tell nothing else. */
		t->unreadable++;
		return HX_UNREADABLE;
	}
	return st;
}

size_t hx_trees_unreadable(const hx_trees *t)
{
	return t ? t->unreadable : 0;
}

uint32_t hx_trees_leaf(const hx_trees *t, uint32_t state, size_t path)
{
	for (size_t d = 0; d < t->nsteps[path] && state; d++)
		state = t->spool[t->soff[state] + t->steps[path][d]];
	return state;
}

size_t hx_trees_npaths(const hx_trees *t)
{
	return t->npaths;
}

size_t hx_trees_read(const hx_trees *t)
{
	return t->trees_read;
}

void hx_trees_free(hx_trees *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < t->nn; i++)
		free(t->n[i].kids);
	free(t->n);
	for (size_t i = 0; i < t->npaths; i++) {
		free(t->paths[i]);
		free(t->steps ? t->steps[i] : NULL);
	}
	free(t->paths);
	free(t->steps);
	free(t->nsteps);
	hx_kmap_free(&t->memo);
	hx_kmap_free(&t->blobs);
	free(t->spool);
	free(t->soff);
	free(t->snode);
	free(t->stab);
	free(t->error);
	free(t->repo);
	free(t);
}
