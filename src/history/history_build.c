/* An index put together from a walk, and the results read from an index
 * and its journal: the commits of each issue. */
#include "config.h"

#include <git2.h>
#include <stdlib.h>
#include <string.h>

#include "history_internal.h"
#include "triage/text.h"

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
	const hx_scan *s = ctx;
	return memcmp(hx_at(s, *(const uint32_t *)a)->oid, hx_at(s, *(const uint32_t *)b)->oid, HX_OID);
}

/* Sorts commit numbers by commit id.  Ids are uniformly distributed: two
 * radix passes on their first 32 bits leave only rare ties to settle, where
 * a comparison sort of 200,000 ids would cost a noticeable part of a scan. */
static void sort_by_oid(const hx_scan *s, uint32_t *v, size_t n)
{
	if (n < 4096) {
		qsort_r(v, n, sizeof *v, cmp_idx_oid, (void *)s);
		return;
	}
	uint64_t *a = tr_malloc(n * sizeof *a), *b = tr_malloc(n * sizeof *b);
	for (size_t i = 0; i < n; i++) {
		const uint8_t *o = hx_at(s, v[i])->oid;
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
		                   memcmp(hx_at(s, v[j])->oid, hx_at(s, v[j - 1])->oid, HX_OID) < 0; j--) {
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
void hx_compact(hx_scan *s, const uint8_t *keep, size_t from, const hx_path *lists, size_t nlists,
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
			    (best < 0 || memcmp(hx_at(s, run[r][pos[r]])->oid, hx_at(s, run[best][pos[best]])->oid,
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
		npar += hx_at(s, order[n])->nparents;
	out->parents = tr_malloc((npar ? npar : 1) * sizeof *out->parents);
	out->capparents = npar ? npar : 1;
	/* Author and subject: the journal's move over as they are; the index's
	 * are copied, for the commits kept. */
	bool move = from == s->nbase;
	hx_atab authors = { NULL, 0, 0 };
	for (size_t n = 0; n < total; n++) {
		uint32_t i = order[n];
		hx_commit *o = &out->commits[n];
		*o = *hx_at(s, i);
		const uint32_t *par = hx_parents_of(s, i);
		o->parent = (uint32_t)out->nparents;
		for (uint32_t k = 0; k < o->nparents; k++)
			out->parents[out->nparents++] = remap[par[k]];
		if (move || o->info == HX_NONE)
			continue;
		const hx_data *lv = hx_level(s, i);
		const hx_info *in = &lv->infos[o->info];
		const char *name = hx_string(lv, in->author);
		const char *email = name + strlen(name) + 1;
		const char *sum = hx_string(lv, in->summary);
		tr_grow((void **)&out->infos, &out->capinfos, out->ninfos + 1, sizeof *out->infos);
		hx_info *oi = &out->infos[out->ninfos];
		*oi = *in;
		oi->author = hx_author_string(&authors, out, name, strlen(name), email, strlen(email));
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

static const hx_commit *vc(const hx_view *v, size_t i)
{
	return i < v->nlo ? &v->lo->commits[i] : &v->hi->commits[i - v->nlo];
}

static const hx_data *vlevel(const hx_view *v, size_t i)
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

const hx_path *hx_find_path(const hx_data *d, const char *path)
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
static size_t issue_cands(const hx_view *vw, const tr_issue *is, cand **out)
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
		char *path = hx_norm_path(is->test_files.v[f]);
		for (int l = 0; l < 2 && path; l++) {
			const hx_path *p = hx_find_path(lv[l], path);
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
void hx_fill_commit(tr_commit *tc, git_mailmap *mm, const char *name, const char *email,
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

int hx_build_results(hx_scan *s, const hx_view *vw, const tr_model *m, tr_history *h)
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
				hx_fill_commit(tc, mm, name, email, hx_string(d, in->summary), in->atime, in->atz);
				ctime[o] = in->ctime;
				continue;
			}
			/* Not kept in the index: read it. */
			git_odb_object *obj;
			if ((rc = hx_read_commit(s, c->oid, &obj)) < 0)
				break;
			char *name = tr_strndup(s->raw.name, s->raw.namelen);
			char *email = tr_strndup(s->raw.email, s->raw.emaillen);
			char *sum = tr_message_summary(s->raw.msg, s->raw.msglen);
			hx_fill_commit(tc, mm, name, email, sum, s->raw.atime, s->raw.atz);
			ctime[o] = s->raw.ctime;
			free(name);
			free(email);
			free(sum);
			git_odb_object_free(obj);
		}
	}
	git_mailmap_free(mm);
	if (rc == 0) {
		/* Every commit's place in git log's order, for lists that merge
		 * several issues' commits and must break ties of time the same way. */
		sortable *all = tr_malloc((nout ? nout : 1) * sizeof *all);
		for (size_t o = 0; o < nout; o++)
			all[o] = (sortable){ ctime[o], gen[o], { &h->commits[o], TR_LINK_MENTIONS } };
		qsort(all, nout, sizeof *all, cmp_sortable);
		for (size_t r = 0; r < nout; r++)
			((tr_commit *)all[r].link.commit)->rank = (uint32_t)r;
		free(all);
	}
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
