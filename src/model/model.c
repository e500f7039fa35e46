#include "config.h"

#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "model_internal.h"
#include "triage/signature.h"
#include "triage/text.h"

/* ---- id index: open addressing, string keys owned by the issues -------- */

/* Texts kept once for all who hold them (tr_model_keep_text), in blocks
 * rather than one allocation each. */
typedef struct text_slot {
	const char *text;       /* NULL = empty */
	uint64_t hash;
} text_slot;

/* An id's slot holds the id itself when it is short ("#2674"): finding
 * it reads the table alone, not the issue and its id elsewhere in memory,
 * which merging a folder's reports, each of whose issues is looked up in
 * the whole model, waited for more than it computed. */
#define ID_INLINE 16

typedef struct id_slot {
	size_t issue;           /* issue index + 1; 0 = empty */
	uint32_t hash;          /* the high half of the id's hash, which places it */
	uint32_t len;           /* the id's length, at most UINT32_MAX */
	char key[ID_INLINE];    /* the id, when shorter than ID_INLINE */
} id_slot;

/* An edge's slot holds its ends itself: merging a folder's reports asks
 * for each of their edges in the whole model's table, and reading the
 * edge it stood for, elsewhere in memory, was most of the time.  32 bits
 * an end, as the table was with an edge's index: a model cannot hold four
 * billion issues (each is hundreds of bytes). */
typedef struct edge_slot {
	uint32_t from;          /* from + 1; 0 = empty */
	uint32_t to;
} edge_slot;

static edge_slot edge_ends(size_t from, size_t to)
{
	return (edge_slot){ (uint32_t)(from + 1), (uint32_t)to };
}

struct tr_id_index {
	id_slot *slots;
	size_t cap, used;
	edge_slot *edge_slots;  /* the edges' ends, to find a repeat */
	size_t edge_cap;
	text_slot *texts;
	size_t text_cap, text_used;
	char **blocks;          /* what the texts are kept in */
	size_t nblocks, capblocks;
	char *block_at;         /* where the block being filled has room */
	size_t block_left;
};

static uint64_t hash_bytes(const char *s, size_t n)
{
	/* FNV-1a, eight bytes a step while there are eight (a failure's
	 * signature runs to tens of bytes), the high half folded into the low
	 * after each: the tables use the low bits. */
	uint64_t h = 1469598103934665603ULL;
	for (; n >= 8; n -= 8, s += 8) {
		uint64_t w;
		memcpy(&w, s, 8);
		h = (h ^ w) * 1099511628211ULL;
		h ^= h >> 32;
	}
	for (; n; n--, s++) {
		h ^= (unsigned char)*s;
		h *= 1099511628211ULL;
	}
	/* A product's low bits depend only on the low bits of what was
	 * multiplied: without this mix, ids that differ in a digit or two
	 * ("#2674", "#2675") crowd the same few slots, eight probes a lookup
	 * at 5,000 issues.  MurmurHash3's finish spreads every bit over all. */
	h ^= h >> 33;
	h *= 0xFF51AFD7ED558CCDULL;
	h ^= h >> 33;
	return h;
}

static uint64_t hash_str(const char *s)
{
	return hash_bytes(s, strlen(s));
}

/* Moves the table's slots into one of `cap` (a power of two). */
static void index_resize(tr_model *m, size_t cap)
{
	struct tr_id_index *ix = m->index;
	id_slot *old = ix->slots;
	size_t ocap = ix->cap, mask = cap - 1;
	ix->slots = tr_calloc(cap, sizeof *ix->slots);
	ix->cap = cap;
	for (size_t i = 0; i < ocap; i++) {
		if (!old[i].issue)
			continue;
		/* Placed by what the slot keeps: the ids themselves, all over
		 * memory, are not read again. */
		size_t h = (size_t)old[i].hash & mask;
		while (ix->slots[h].issue)
			h = (h + 1) & mask;
		ix->slots[h] = old[i];
	}
	free(old);
}

/* Issue `issue`, whose id is n bytes long and hashes to full. */
static void index_insert_hashed(tr_model *m, size_t issue, size_t n, uint64_t full)
{
	struct tr_id_index *ix = m->index;
	if ((ix->used + 1) * 2 > ix->cap)
		index_resize(m, ix->cap ? ix->cap * 2 : 64);
	const char *id = m->issues[issue].id;
	size_t mask = ix->cap - 1, h = (size_t)(full >> 32) & mask;
	while (ix->slots[h].issue)
		h = (h + 1) & mask;
	id_slot *sl = &ix->slots[h];
	sl->issue = issue + 1;
	sl->hash = (uint32_t)(full >> 32);
	sl->len = n > UINT32_MAX ? UINT32_MAX : (uint32_t)n;
	if (n < ID_INLINE)
		memcpy(sl->key, id, n);
	ix->used++;
}

static void index_insert(tr_model *m, size_t issue)
{
	size_t n = strlen(m->issues[issue].id);
	index_insert_hashed(m, issue, n, hash_bytes(m->issues[issue].id, n));
}

static void index_rebuild(tr_model *m)
{
	free(m->index->slots);
	m->index->slots = NULL;
	m->index->cap = m->index->used = 0;
	for (size_t i = 0; i < m->nissues; i++)
		index_insert(m, i);
}

/* The issue with id (n bytes, whose hash is full), or TR_NONE. */
static size_t lookup_hashed(const tr_model *m, const char *id, size_t n, uint64_t full)
{
	const struct tr_id_index *ix = m->index;
	uint32_t high = (uint32_t)(full >> 32), len = n > UINT32_MAX ? UINT32_MAX : (uint32_t)n;
	size_t mask = ix->cap - 1;
	for (size_t h = (size_t)high & mask; ix->slots[h].issue; h = (h + 1) & mask) {
		const id_slot *sl = &ix->slots[h];
		if (sl->hash != high || sl->len != len)
			continue;
		size_t i = sl->issue - 1;
		if (n < ID_INLINE ? memcmp(sl->key, id, n) == 0 : strcmp(m->issues[i].id, id) == 0)
			return i;
	}
	return TR_NONE;
}

size_t tr_model_lookup(const tr_model *m, const char *id)
{
	if (!m->index->cap)
		return TR_NONE;
	size_t n = strlen(id);
	return lookup_hashed(m, id, n, hash_bytes(id, n));
}

void tr_model_lookup_all(const tr_model *m, const char *const *ids, size_t n, size_t *out)
{
	const struct tr_id_index *ix = m->index;
	if (!ix->cap) {
		for (size_t i = 0; i < n; i++)
			out[i] = TR_NONE;
		return;
	}
	/* Every id's first slot is asked for before any is read: the slots
	 * of a large model are rarely in the caches, and their fetches then
	 * overlap instead of each waiting for the one before. */
	uint64_t *full = tr_malloc((n ? n : 1) * sizeof *full);
	size_t *len = tr_malloc((n ? n : 1) * sizeof *len);
	for (size_t i = 0; i < n; i++) {
		len[i] = strlen(ids[i]);
		full[i] = hash_bytes(ids[i], len[i]);
		__builtin_prefetch(&ix->slots[(size_t)(full[i] >> 32) & (ix->cap - 1)]);
	}
	for (size_t i = 0; i < n; i++)
		out[i] = lookup_hashed(m, ids[i], len[i], full[i]);
	free(full);
	free(len);
}

/* ---- kept texts -------------------------------------------------------- */

#define TEXT_BLOCK 65536

static const char *text_store(struct tr_id_index *ix, const char *s, size_t n)
{
	char *at = NULL;
	if (n + 1 > ix->block_left) {
		/* A text over a quarter of a block gets one of its own; the
		 * block being filled stays so. */
		bool own = n + 1 > TEXT_BLOCK / 4;
		tr_grow((void **)&ix->blocks, &ix->capblocks, ix->nblocks + 1, sizeof *ix->blocks);
		at = ix->blocks[ix->nblocks++] = tr_malloc(own ? n + 1 : TEXT_BLOCK);
		if (!own) {
			ix->block_at = at;
			ix->block_left = TEXT_BLOCK;
		}
	}
	if (n + 1 <= ix->block_left) {
		at = ix->block_at;
		ix->block_at += n + 1;
		ix->block_left -= n + 1;
	}
	memcpy(at, s, n + 1);
	return at;
}

static text_slot *text_slot_for(text_slot *slots, size_t cap, const char *s, size_t n,
                                uint64_t h)
{
	size_t mask = cap - 1;
	for (size_t i = (size_t)h & mask;; i = (i + 1) & mask)
		if (!slots[i].text || (slots[i].hash == h && strncmp(slots[i].text, s, n) == 0 &&
		                       slots[i].text[n] == '\0'))
			return &slots[i];
}

const char *tr_model_keep_text(tr_model *m, const char *s)
{
	if (!s)
		return NULL;
	struct tr_id_index *ix = m->index;
	if ((ix->text_used + 1) * 2 > ix->text_cap) {
		size_t ncap = ix->text_cap ? ix->text_cap * 2 : 256;
		text_slot *slots = tr_calloc(ncap, sizeof *slots);
		for (size_t i = 0; i < ix->text_cap; i++)
			if (ix->texts[i].text)
				*text_slot_for(slots, ncap, ix->texts[i].text, strlen(ix->texts[i].text),
				               ix->texts[i].hash) = ix->texts[i];
		free(ix->texts);
		ix->texts = slots;
		ix->text_cap = ncap;
	}
	size_t n = strlen(s);
	uint64_t h = hash_bytes(s, n);
	text_slot *slot = text_slot_for(ix->texts, ix->text_cap, s, n, h);
	if (!slot->text) {
		slot->text = text_store(ix, s, n);
		slot->hash = h;
		ix->text_used++;
	}
	return slot->text;
}

/* ---- model ------------------------------------------------------------- */

tr_model *tr_model_new(void)
{
	tr_model *m = tr_calloc(1, sizeof *m);
	m->index = tr_calloc(1, sizeof *m->index);
	return m;
}

/* A block's header, which freeing it reads, is just before it.  The address
 * is reckoned as an integer: for a field that is NULL, pointer arithmetic
 * would be undefined (and aborts the sanitizer build); a prefetch of any
 * address is harmless. */
#define PREFETCH_BLOCK(p) __builtin_prefetch((const void *)((uintptr_t)(p) - 16), 1)

/* What freeing issue i reads is asked for while the issues before it are
 * freed: the blocks of a large model are rarely in the caches, and a
 * folder's model holds hundreds of thousands.  In two steps, as the
 * failures' strings are found through their array. */
static void prefetch_issue_blocks(const tr_model *m, size_t i)
{
	if (i + 2 < m->nissues) {
		const tr_issue *is = &m->issues[i + 2];
		__builtin_prefetch(is->failures);
		__builtin_prefetch(is->test_files.v);
		__builtin_prefetch(is->findings.v);
	}
	if (i + 1 < m->nissues) {
		const tr_issue *is = &m->issues[i + 1];
		PREFETCH_BLOCK(is->id);
		PREFETCH_BLOCK(is->title);
		PREFETCH_BLOCK(is->severity);
		PREFETCH_BLOCK(is->status_text);
		PREFETCH_BLOCK(is->failures);
		PREFETCH_BLOCK(is->mentions);
		for (size_t f = 0; f < is->nfailures; f++) {
			PREFETCH_BLOCK(is->failures[f].text);
			PREFETCH_BLOCK(is->failures[f].signature);
		}
		for (size_t k = 0; k < is->test_files.n; k++)
			PREFETCH_BLOCK(is->test_files.v[k]);
		for (size_t k = 0; k < is->findings.n; k++)
			PREFETCH_BLOCK(is->findings.v[k]);
	}
}

static void issue_free(tr_issue *is)
{
	free(is->id);
	free(is->title);
	free(is->severity);
	free(is->status_text);
	tr_strv_free(&is->test_files);
	tr_strv_free(&is->findings);
	tr_strv_free(&is->impact);
	for (size_t i = 0; i < is->nfailures; i++) {
		free(is->failures[i].text);
		free(is->failures[i].signature);
	}
	free(is->failures);
	free(is->plan_phase);
	/* The mentions' texts are the model's (tr_model_keep_text). */
	free(is->mentions);
}

static void clear_derived(tr_model *m)
{
	for (size_t i = 0; i < m->ngroups; i++) {
		free(m->groups[i].signature);
		free(m->groups[i].issues);
	}
	free(m->groups);
	m->groups = NULL;
	m->ngroups = 0;
	for (size_t i = 0; i < m->ncycles; i++)
		free(m->cycles[i].issues);
	free(m->cycles);
	m->cycles = NULL;
	m->ncycles = 0;
}

static void report_clear(tr_report *r)
{
	free(r->path);
	free(r->title);
	free(r->executed_at);
	free(r->encoding);
	tr_strv_free(&r->scope);
	tr_strv_free(&r->notes);
}

void tr_model_free(tr_model *m)
{
	if (!m)
		return;
	for (size_t i = 0; i < m->nreports; i++)
		report_clear(&m->reports[i]);
	free(m->reports);
	for (size_t i = 0; i < m->nissues; i++) {
		prefetch_issue_blocks(m, i);
		issue_free(&m->issues[i]);
	}
	free(m->issues);
	free(m->edges);
	clear_derived(m);
	free(m->index->slots);
	free(m->index->edge_slots);
	free(m->index->texts);
	for (size_t b = 0; b < m->index->nblocks; b++)
		free(m->index->blocks[b]);
	free(m->index->blocks);
	free(m->index);
	free(m);
}

/* What a cleared model keeps room for, at most: a report's worth.  A
 * larger table is freed, not held while the next reports are read. */
#define CLEAR_KEEP 4096

void tr_model_clear(tr_model *m)
{
	for (size_t i = 0; i < m->nreports; i++)
		report_clear(&m->reports[i]);
	m->nreports = 0;
	for (size_t i = 0; i < m->nissues; i++) {
		prefetch_issue_blocks(m, i);
		issue_free(&m->issues[i]);
	}
	m->nissues = 0;
	if (m->capissues > CLEAR_KEEP) {
		free(m->issues);
		m->issues = NULL;
		m->capissues = 0;
	}
	size_t nedges = m->nedges;
	m->nedges = 0;
	if (m->capedges > CLEAR_KEEP) {
		free(m->edges);
		m->edges = NULL;
		m->capedges = 0;
	}
	clear_derived(m);
	/* A table kept is emptied whole: one that was mostly empty (a large
	 * report's, then a small one's) is let go instead, so that emptying
	 * costs what was put in, not the largest report's room. */
	struct tr_id_index *ix = m->index;
	if (ix->cap > 2 * CLEAR_KEEP || ix->used * 8 < ix->cap) {
		free(ix->slots);
		ix->slots = NULL;
		ix->cap = 0;
	} else if (ix->used) {
		memset(ix->slots, 0, ix->cap * sizeof *ix->slots);
	}
	ix->used = 0;
	if (ix->edge_cap > 2 * CLEAR_KEEP || nedges * 8 < ix->edge_cap) {
		free(ix->edge_slots);
		ix->edge_slots = NULL;
		ix->edge_cap = 0;
	} else if (ix->edge_slots) {
		memset(ix->edge_slots, 0, ix->edge_cap * sizeof *ix->edge_slots);
	}
	free(ix->texts);
	ix->texts = NULL;
	ix->text_cap = ix->text_used = 0;
	for (size_t b = 0; b < ix->nblocks; b++)
		free(ix->blocks[b]);
	ix->nblocks = 0;
	ix->block_at = NULL;
	ix->block_left = 0;
}

size_t tr_model_add_report(tr_model *m, const char *path)
{
	tr_grow((void **)&m->reports, &m->capreports, m->nreports + 1, sizeof *m->reports);
	tr_report *r = &m->reports[m->nreports];
	memset(r, 0, sizeof *r);
	r->path = tr_strdup(path);
	return m->nreports++;
}

void tr_model_reserve(tr_model *m, size_t nissues)
{
	if (nissues <= m->capissues)
		return;
	m->issues = tr_realloc(m->issues, nissues * sizeof *m->issues);
	m->capissues = nissues;
	/* The index at the size those issues will need, filled once. */
	struct tr_id_index *ix = m->index;
	size_t cap = ix->cap ? ix->cap : 64;
	while (nissues * 2 > cap)
		cap *= 2;
	if (cap > ix->cap)
		index_resize(m, cap);
}

size_t tr_model_intern(tr_model *m, const char *id, bool named, size_t report, unsigned line)
{
	/* Measured and hashed once, for the lookup and for the insertion. */
	size_t n = strlen(id);
	uint64_t full = hash_bytes(id, n);
	if (m->index->cap) {
		size_t i = lookup_hashed(m, id, n, full);
		if (i != TR_NONE)
			return i;
	}
	tr_grow((void **)&m->issues, &m->capissues, m->nissues + 1, sizeof *m->issues);
	tr_issue *is = &m->issues[m->nissues];
	memset(is, 0, sizeof *is);
	is->id = tr_strndup(id, n);
	is->named = named;
	is->priority = TR_PRIORITY_NONE;
	is->status = TR_ISSUE_UNKNOWN;
	is->tests.failed = is->tests.passed = is->tests.skipped = -1;
	is->report = report;
	is->line = line;
	index_insert_hashed(m, m->nissues, n, full);
	if (report < m->nreports)
		m->reports[report].nissues++;
	return m->nissues++;
}

void tr_model_rename(tr_model *m, size_t issue, const char *new_id)
{
	if (issue >= m->nissues || tr_model_lookup(m, new_id) != TR_NONE)
		return;
	free(m->issues[issue].id);
	m->issues[issue].id = tr_strdup(new_id);
	index_rebuild(m);
}

static size_t edge_hash(size_t from, size_t to, size_t mask)
{
	uint64_t h = ((uint64_t)from * 0x9E3779B97F4A7C15ULL) ^ ((uint64_t)to + 0x632BE59BD9B4E019ULL);
	h ^= h >> 29;
	return (size_t)(h * 0xBF58476D1CE4E5B9ULL >> 17) & mask;
}

/* Returns the slot for (from, to): either holding that edge or empty. */
static edge_slot *edge_slot_for(struct tr_id_index *ix, size_t from, size_t to)
{
	size_t mask = ix->edge_cap - 1, h = edge_hash(from, to, mask);
	edge_slot key = edge_ends(from, to);
	for (edge_slot *sl = &ix->edge_slots[h]; sl->from; sl = &ix->edge_slots[h]) {
		if (sl->from == key.from && sl->to == key.to)
			break;
		h = (h + 1) & mask;
	}
	return &ix->edge_slots[h];
}

static void edge_slots_fill(tr_model *m)
{
	struct tr_id_index *ix = m->index;
	for (size_t e = 0; e < m->nedges; e++)
		*edge_slot_for(ix, m->edges[e].from, m->edges[e].to) =
		    edge_ends(m->edges[e].from, m->edges[e].to);
}

void tr_model_add_edge(tr_model *m, size_t from, size_t to, tr_edge_kind kind,
                       size_t report, unsigned line)
{
	struct tr_id_index *ix = m->index;
	if ((m->nedges + 1) * 2 > ix->edge_cap) {
		free(ix->edge_slots);
		ix->edge_cap = ix->edge_cap ? ix->edge_cap * 2 : 64;
		ix->edge_slots = tr_calloc(ix->edge_cap, sizeof *ix->edge_slots);
		edge_slots_fill(m);
	}
	edge_slot *slot = edge_slot_for(ix, from, to);
	if (slot->from)
		return;
	tr_grow((void **)&m->edges, &m->capedges, m->nedges + 1, sizeof *m->edges);
	m->edges[m->nedges++] = (tr_edge){ from, to, kind, report, line };
	*slot = edge_ends(from, to);
}

void tr_model_drop_edges(tr_model *m, const bool *drop)
{
	size_t k = 0;
	for (size_t e = 0; e < m->nedges; e++)
		if (!drop[e])
			m->edges[k++] = m->edges[e];
	if (k == m->nedges)
		return;
	m->nedges = k;
	struct tr_id_index *ix = m->index;
	memset(ix->edge_slots, 0, ix->edge_cap * sizeof *ix->edge_slots);
	edge_slots_fill(m);
}

void tr_issue_add_failure_keyed(tr_issue *is, const char *text, const char *key, size_t report,
                                unsigned line)
{
	/* Most issues have a failure or two: room for eight each (tr_grow's
	 * first step) was most of the failures' memory. */
	if (is->nfailures == is->capfailures) {
		is->capfailures = is->capfailures ? is->capfailures * 2 : 1;
		is->failures = tr_realloc(is->failures, is->capfailures * sizeof *is->failures);
	}
	tr_failure *f = &is->failures[is->nfailures++];
	f->text = tr_strdup(text);
	f->signature = tr_signature(key);
	f->report = report;
	f->line = line;
}

void tr_issue_add_failure(tr_issue *is, const char *text, size_t report, unsigned line)
{
	tr_issue_add_failure_keyed(is, text, text, report, line);
}

/* ---- failure groups ---------------------------------------------------- */

typedef struct {
	size_t *slots;          /* group index + 1 */
	size_t cap;
} sig_table;

static size_t group_for(tr_model *m, sig_table *t, size_t *capgroups, const char *sig)
{
	if ((m->ngroups + 1) * 2 > t->cap) {
		size_t ncap = t->cap ? t->cap * 2 : 64;
		free(t->slots);
		t->slots = tr_calloc(ncap, sizeof *t->slots);
		t->cap = ncap;
		for (size_t g = 0; g < m->ngroups; g++) {
			size_t h = (size_t)hash_str(m->groups[g].signature) & (ncap - 1);
			while (t->slots[h])
				h = (h + 1) & (ncap - 1);
			t->slots[h] = g + 1;
		}
	}
	size_t mask = t->cap - 1;
	size_t h = (size_t)hash_str(sig) & mask;
	while (t->slots[h]) {
		size_t g = t->slots[h] - 1;
		if (strcmp(m->groups[g].signature, sig) == 0)
			return g;
		h = (h + 1) & mask;
	}
	tr_grow((void **)&m->groups, capgroups, m->ngroups + 1, sizeof *m->groups);
	tr_failure_group *g = &m->groups[m->ngroups];
	memset(g, 0, sizeof *g);
	g->signature = tr_strdup(sig);
	t->slots[h] = m->ngroups + 1;
	return m->ngroups++;
}

static void build_groups(tr_model *m)
{
	sig_table t = { NULL, 0 };
	size_t capgroups = 0;
	size_t *capissues = NULL, capcap = 0, known = 0;  /* per-group capacity of ->issues */
	for (size_t i = 0; i < m->nissues; i++) {
		tr_issue *is = &m->issues[i];
		/* The signatures, all over memory, are asked for an issue
		 * ahead (see prefetch_issue_blocks). */
		if (i + 2 < m->nissues)
			__builtin_prefetch(m->issues[i + 2].failures);
		for (size_t f = 0; i + 1 < m->nissues && f < m->issues[i + 1].nfailures; f++)
			__builtin_prefetch(m->issues[i + 1].failures[f].signature);
		for (size_t f = 0; f < is->nfailures; f++) {
			size_t g = group_for(m, &t, &capgroups, is->failures[f].signature);
			if (m->ngroups > known) {
				tr_grow((void **)&capissues, &capcap, m->ngroups, sizeof *capissues);
				memset(capissues + known, 0, (m->ngroups - known) * sizeof *capissues);
				known = m->ngroups;
			}
			tr_failure_group *gr = &m->groups[g];
			gr->count++;
			/* Issues are visited in order, so a repeat is always the last. */
			if (gr->nissues && gr->issues[gr->nissues - 1] == i)
				continue;
			tr_grow((void **)&gr->issues, &capissues[g], gr->nissues + 1, sizeof *gr->issues);
			gr->issues[gr->nissues++] = i;
		}
	}
	free(capissues);
	free(t.slots);
}

void tr_model_finish(tr_model *m)
{
	clear_derived(m);
	build_groups(m);
	model_build_cycles(m);
}

/* ---- ids from the command line ---------------------------------------- */

/* Length of a C1 control, a bidirectional control or a zero-width
 * character at p (UTF-8), else 0: an id must be something one can type. */
static size_t untypable(const unsigned char *p)
{
	if (p[0] == 0xC2 && p[1] >= 0x80 && p[1] <= 0x9F)
		return 2;
	if (p[0] == 0xE2 && p[1] == 0x80 && ((p[2] >= 0x8B && p[2] <= 0x8F) ||
	                                     (p[2] >= 0xAA && p[2] <= 0xAE)))
		return 3;
	if (p[0] == 0xE2 && p[1] == 0x81 && p[2] >= 0xA6 && p[2] <= 0xA9)
		return 3;
	if (p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF)
		return 3;
	return 0;
}

char *tr_slug(const char *text)
{
	/* Never longer than the text: a dash stands for at least one byte
	 * left out.  Written in place, as every named issue asks for one. */
	char *out = tr_malloc(strlen(text) + 1), *o = out;
	bool dash = false;
	for (const unsigned char *p = (const unsigned char *)text; *p; p++) {
		size_t skip = *p >= 0x80 ? untypable(p) : 0;
		if (skip) {
			p += skip - 1;
			continue;
		}
		if (isalnum(*p) || *p >= 0x80) {
			if (dash && o > out)
				*o++ = '-';
			dash = false;
			*o++ = (char)tolower(*p);
		} else {
			dash = true;
		}
	}
	*o = '\0';
	return out;
}

char *tr_issue_id_from_arg(const char *arg)
{
	const char *p = arg;
	while (isspace((unsigned char)*p))
		p++;
	if (*p == '#')
		p++;
	else if (strncasecmp(p, "gh-", 3) == 0)
		p += 3;
	size_t n = 0;
	while (isdigit((unsigned char)p[n]))
		n++;
	const char *rest = p + n;
	while (isspace((unsigned char)*rest))
		rest++;
	if (n > 0 && *rest == '\0')
		return tr_sprintf("#%.*s", (int)n, p);
	return tr_slug(arg);
}

/* The fewest characters that call a named issue by the start of its name. */
#define NAMED_PREFIX_MIN 3

size_t tr_model_find_arg(const tr_model *m, const char *arg)
{
	char *id = tr_issue_id_from_arg(arg);
	size_t i = tr_model_lookup(m, id);
	free(id);
	if (i != TR_NONE)
		return i;
	/* A key as the report writes it, any case, with or without brackets:
	 * "PROJ-123", "proj-123", "[CACHE-DTYPE-002]", "002". */
	const char *p = arg;
	size_t n = strlen(p);
	while (n && isspace((unsigned char)*p)) {
		p++;
		n--;
	}
	while (n && isspace((unsigned char)p[n - 1]))
		n--;
	if (n > 2 && p[0] == '[' && p[n - 1] == ']') {
		p++;
		n -= 2;
	}
	for (size_t k = 0; k < m->nissues && n; k++)
		if (strlen(m->issues[k].id) == n && strncasecmp(m->issues[k].id, p, n) == 0)
			return k;
	/* A named issue may also be called by its exact title. */
	for (size_t k = 0; k < m->nissues; k++)
		if (m->issues[k].title && strcasecmp(m->issues[k].title, arg) == 0)
			return k;
	/* Or by the start of its name, as git takes the start of a commit id,
	 * when no other named issue starts so: a slug made from a long title
	 * ("filtersconfigmodal-test-tsx-—-modifies-the-name-of-a-filter") is
	 * not something to type whole. */
	size_t found = TR_NONE;
	if (n >= NAMED_PREFIX_MIN)
		for (size_t k = 0; k < m->nissues; k++)
			if (m->issues[k].named && strncasecmp(m->issues[k].id, p, n) == 0) {
				if (found != TR_NONE)
					return TR_NONE;
				found = k;
			}
	return found;
}
