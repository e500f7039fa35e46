/* The cluster-report reader: bytes are decoded (encoding.c), walked with
 * md4c into blocks (report_walk.c), and the blocks read in order into a
 * model of the report's own, which is merged into the caller's model only
 * once the whole report was read (report_merge.c).
 *
 * Sections: a heading naming issues ("### Phase 1: Title (#305) - P0
 * CRITICAL") opens an issue section; what follows until a heading of the
 * same or a higher level belongs to its issues.  A subheading naming some of
 * them narrows the section to those.  An unnumbered heading among issue
 * headings (same level, same parent) whose section carries a Status or test
 * file label is a named issue ("golden-path").
 *
 * Dependencies, failures and the plan are read after the sections, so a
 * chain may name an issue defined further down, and a chain line inside an
 * error block is not taken for a failure. */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "report_internal.h"
#include "triage/encoding.h"
#include "triage/report.h"
#include "triage/text.h"

#define NONE ((size_t)-1)

typedef enum { H_PLAIN, H_ISSUE, H_NARROW } h_role;

typedef struct heading {
	size_t block;
	unsigned level;
	size_t parent;          /* enclosing heading, or NONE */
	unsigned ref_levels;    /* bit L: a child heading of level L names an issue */
	bool has_refs;
	signed char has_label;  /* its section has a Status or test-file label: 1, 0, -1 not yet read */
	h_role role;
	size_t set;             /* ISSUE/NARROW: its issues (see reader.sets) */
	signed char impact;     /* says impact / implication / risk: 1, 0, -1 not yet read */
	signed char plan;       /* says recommendation / plan / phase...: 1, 0, -1 not yet read */
} heading;

typedef struct issue_extra {
	long total;             /* "out of 8 tests"; -1 */
	long go[3];             /* go test --- FAIL / PASS / SKIP lines */
	bool go_seen;
	char *new_id;           /* the name a chain gives a named issue */
} issue_extra;

typedef struct pending_fail {
	size_t off, len;        /* the trimmed line in the arena */
	unsigned line;
	size_t set;
	size_t dep;             /* the dependency line it also is, or NONE */
} pending_fail;

typedef enum { DEP_LINE, DEP_TABLE_DEPENDS, DEP_TABLE_BLOCKS } dep_kind;

typedef struct pending_dep {
	dep_kind kind;
	size_t off, len;
	unsigned line;
	size_t issue;           /* table rows: the row's issue */
	bool is_chain;
} pending_dep;

typedef struct pending_plan {
	size_t block;
	size_t heading;         /* nearest heading, or NONE */
} pending_plan;

typedef enum {
	COL_OTHER, COL_ISSUE, COL_TITLE, COL_PRIORITY, COL_STATUS,
	COL_FAILED, COL_PASSED, COL_SKIPPED, COL_DEPENDS, COL_BLOCKS,
} col_role;

typedef struct reader {
	tr_model *m;            /* this report's own model */
	rb_doc doc;
	heading *heads;
	size_t nheads;
	unsigned root_ref_levels;
	size_t *sets;           /* each set: count, then issue indices */
	size_t nsets, capsets;
	issue_extra *extra;
	size_t capextra;
	pending_fail *fails;
	size_t nfails, capfails;
	pending_dep *deps;
	size_t ndeps, capdeps;
	pending_plan *plans;
	size_t nplans, capplans;
	rm_map claimed;         /* new ids given by chains -> issue */
	uint64_t *numkeys;      /* "#305" -> issue, by number: number + 1, 0 empty */
	size_t *numvals;
	size_t numcap, numused;
	tr_buf scratch;

	/* where the walk is */
	size_t active[7];       /* heading per level */
	size_t target;          /* the set content goes to, or NONE */
	bool impact;
	size_t title_heading;   /* the report's first heading */

	/* the table being read */
	col_role *cols;
	size_t ncols, capcols;
	bool issue_table;
	size_t *row;            /* cell blocks of the current row */
	size_t nrow, caprow;
} reader;

/* ---- small helpers ------------------------------------------------------ */

static issue_extra *extra_of(reader *r, size_t issue)
{
	if (issue >= r->capextra) {
		size_t old = r->capextra;
		tr_grow((void **)&r->extra, &r->capextra, issue + 1, sizeof *r->extra);
		for (size_t i = old; i < r->capextra; i++)
			r->extra[i] = (issue_extra){ -1, { 0, 0, 0 }, false, NULL };
	}
	return &r->extra[issue];
}

static size_t intern(reader *r, const char *id, bool named, unsigned line)
{
	size_t i = tr_model_intern(r->m, id, named, 0, line);
	extra_of(r, i);
	return i;
}

/* "#305" from a reference, in `small` when it fits (it nearly always
 * does); free the result with free_id(). */
static char *ref_id(const char *s, rt_ref ref, char small[32])
{
	size_t n = ref.end - ref.start;
	char *id = n < 32 ? small : tr_malloc(n + 1);
	memcpy(id, s + ref.start, n);
	id[n] = '\0';
	return id;
}

static void free_id(char *id, char small[32])
{
	if (id != small)
		free(id);
}

/* Issues by number.  A report names the same issues over and over (chains,
 * plans, headings); looking them up by number touches one table instead of
 * chasing every issue's id string through the model's index. */

/* 305 for "#305"; -1 when the reference is no plain number that fits
 * ("#0305" keeps its own id). */
static int64_t ref_number(const char *s, rt_ref ref)
{
	size_t n = ref.end - ref.start;
	if (n < 2 || n > 19 || (s[ref.start + 1] == '0' && n > 2))
		return -1;
	int64_t v = 0;
	for (size_t i = ref.start + 1; i < ref.end; i++)
		v = v * 10 + (s[i] - '0');
	return v;
}

static size_t num_slot(const reader *r, int64_t num)
{
	size_t mask = r->numcap - 1;
	size_t h = (size_t)(((uint64_t)num * 0x9E3779B97F4A7C15ULL) >> 17) & mask;
	while (r->numkeys[h] && r->numkeys[h] != (uint64_t)num + 1)
		h = (h + 1) & mask;
	return h;
}

static size_t num_get(const reader *r, int64_t num)
{
	if (num < 0 || !r->numcap)
		return NONE;
	size_t h = num_slot(r, num);
	return r->numkeys[h] ? r->numvals[h] : NONE;
}

static void num_put(reader *r, int64_t num, size_t issue)
{
	if (num < 0)
		return;
	if ((r->numused + 1) * 2 > r->numcap) {
		uint64_t *keys = r->numkeys;
		size_t *vals = r->numvals, cap = r->numcap;
		r->numcap = cap ? cap * 2 : 256;
		r->numkeys = tr_calloc(r->numcap, sizeof *r->numkeys);
		r->numvals = tr_malloc(r->numcap * sizeof *r->numvals);
		r->numused = 0;
		for (size_t k = 0; k < cap; k++)
			if (keys[k])
				num_put(r, (int64_t)(keys[k] - 1), vals[k]);
		free(keys);
		free(vals);
	}
	size_t h = num_slot(r, num);
	if (!r->numkeys[h]) {
		r->numkeys[h] = (uint64_t)num + 1;
		r->numvals[h] = issue;
		r->numused++;
	}
}

/* The issue a reference names, or NONE. */
static size_t find_ref(reader *r, const char *s, rt_ref ref)
{
	int64_t num = ref_number(s, ref);
	size_t i = num_get(r, num);
	if (i != NONE)
		return i;
	char small[32];
	char *id = ref_id(s, ref, small);
	i = tr_model_lookup(r->m, id);
	free_id(id, small);
	if (i != NONE)
		num_put(r, num, i);
	return i;
}

static size_t intern_ref(reader *r, const char *s, rt_ref ref, unsigned line)
{
	int64_t num = ref_number(s, ref);
	size_t i = num_get(r, num);
	if (i != NONE)
		return i;
	char small[32];
	char *id = ref_id(s, ref, small);
	i = intern(r, id, false, line);
	free_id(id, small);
	num_put(r, num, i);
	return i;
}

static size_t set_new(reader *r)
{
	size_t at = r->nsets;
	tr_grow((void **)&r->sets, &r->capsets, r->nsets + 1, sizeof *r->sets);
	r->sets[r->nsets++] = 0;
	return at;
}

/* Adds to the set most recently created (sets are built one at a time). */
static void set_add(reader *r, size_t set, size_t issue)
{
	for (size_t k = 0; k < r->sets[set]; k++)
		if (r->sets[set + 1 + k] == issue)
			return;
	tr_grow((void **)&r->sets, &r->capsets, r->nsets + 1, sizeof *r->sets);
	r->sets[r->nsets++] = issue;
	r->sets[set]++;
}

static bool set_has(const reader *r, size_t set, size_t issue)
{
	for (size_t k = 0; k < r->sets[set]; k++)
		if (r->sets[set + 1 + k] == issue)
			return true;
	return false;
}

#define FOR_SET(r, set, var) \
	for (size_t _k = 0, var; _k < (r)->sets[set] && ((var = (r)->sets[(set) + 1 + _k]), 1); _k++)

static char *dup_trimmed(const char *s, size_t n)
{
	while (n && isspace((unsigned char)*s)) {
		s++;
		n--;
	}
	while (n && isspace((unsigned char)s[n - 1]))
		n--;
	return n ? tr_strndup(s, n) : NULL;
}

/* "->", "=>", "→" or "⟶" somewhere in the line (one pass; most lines have
 * none). */
static bool has_arrow(const char *s, size_t n)
{
	for (const char *p = s, *e = s + n; (p = memchr(p, '>', (size_t)(e - p))) != NULL; p++)
		if (p > s && (p[-1] == '-' || p[-1] == '='))
			return true;
	for (const char *p = s, *e = s + n; (p = memchr(p, 0xE2, (size_t)(e - p))) != NULL; p++)
		if (e - p >= 3 && (((unsigned char)p[1] == 0x86 && (unsigned char)p[2] == 0x92) ||
		                   ((unsigned char)p[1] == 0x9F && (unsigned char)p[2] == 0xB6)))
			return true;
	return false;
}

static size_t add_dep(reader *r, dep_kind kind, size_t off, size_t len, unsigned line, size_t issue)
{
	tr_grow((void **)&r->deps, &r->capdeps, r->ndeps + 1, sizeof *r->deps);
	r->deps[r->ndeps] = (pending_dep){ kind, off, len, line, issue, false };
	return r->ndeps++;
}

/* A line of prose that may hold a chain or a "blocks"/"depends on". */
static void maybe_dep_line(reader *r, const char *s, size_t n, unsigned line)
{
	if (n && (memchr(s, '#', n) || has_arrow(s, n)))
		add_dep(r, DEP_LINE, (size_t)(s - r->doc.arena.data), n, line, NONE);
}

/* ---- headings ------------------------------------------------------------ */

/* `lower` is already in lower case: a heading is lowered once, not once per
 * word looked for. */
static bool says_any(const char *lower, size_t n, const char *const *words)
{
	/* A heading is short: memchr and memcmp beat glibc's generic strstr,
	 * which sets up more than the search costs. */
	for (; *words; words++) {
		size_t wn = strlen(*words);
		const char *end = lower + n;
		for (const char *p = lower; (size_t)(end - p) >= wn; p++) {
			p = memchr(p, (*words)[0], (size_t)(end - p) - wn + 1);
			if (!p)
				break;
			if (memcmp(p, *words, wn) == 0)
				return true;
		}
	}
	return false;
}

static const char *const plan_words[] = {
	"recommend", "plan", "remediat", "roadmap", "next step", "action", "fix order",
	"phase", "milestone", "sprint", "todo", "to do", "task", NULL,
};

static bool block_has_issue_label(const char *s, size_t n)
{
	if (!memchr(s, ':', n))
		return false;
	for (size_t b = 0; b < n;) {
		const char *nl = memchr(s + b, '\n', n - b);
		size_t e = nl ? (size_t)(nl - s) : n, v;
		rl_kind k = rt_label(s + b, e - b, &v);
		if (k == RL_STATUS || k == RL_TEST_FILES)
			return true;
		b = e + 1;
	}
	return false;
}

/* First pass: the outline, and which headings name issues.  Only headings
 * are visited: the walk listed them. */
static void outline(reader *r)
{
	size_t stack[7];
	for (int l = 0; l < 7; l++)
		stack[l] = NONE;
	r->heads = tr_calloc(r->doc.nheads ? r->doc.nheads : 1, sizeof *r->heads);
	for (size_t k = 0; k < r->doc.nheads; k++) {
		size_t b = r->doc.heads[k];
		const rb_block *bl = &r->doc.blocks[b];
		unsigned level = bl->level >= 1 && bl->level <= 6 ? bl->level : 6;
		size_t parent = NONE;
		for (unsigned l = level - 1; l >= 1 && parent == NONE; l--)
			parent = stack[l];
		for (unsigned l = level; l < 7; l++)
			stack[l] = NONE;
		heading *h = &r->heads[r->nheads];
		h->block = b;
		h->level = level;
		h->parent = parent;
		h->set = NONE;
		h->has_label = -1;
		h->plan = -1;
		h->has_refs = bl->has_ref;
		h->impact = -1;
		if (h->has_refs) {
			if (parent == NONE)
				r->root_ref_levels |= 1u << level;
			else
				r->heads[parent].ref_levels |= 1u << level;
		}
		stack[level] = r->nheads++;
	}
}

/* Whether heading h's section (up to the next heading of its level or
 * higher) carries a Status or test-file label.  Asked only of the few
 * headings that may be issues without being plainly one; a block is looked
 * at by at most one such heading per level. */
static bool section_has_label(reader *r, size_t h)
{
	heading *hd = &r->heads[h];
	if (hd->has_label < 0) {
		size_t end = r->doc.nblocks;
		for (size_t k = h + 1; k < r->nheads; k++)
			if (r->heads[k].level <= hd->level) {
				end = r->heads[k].block;
				break;
			}
		hd->has_label = 0;
		for (size_t b = hd->block + 1; b < end && !hd->has_label; b++) {
			const rb_block *bl = &r->doc.blocks[b];
			if ((bl->kind == RB_PARA || bl->kind == RB_ITEM) &&
			    block_has_issue_label(rb_text(&r->doc, bl), bl->len))
				hd->has_label = 1;
		}
	}
	return hd->has_label > 0;
}

static void set_severity(tr_issue *is, const char *severity)
{
	if (!severity || !*severity)
		return;
	if (!is->severity)
		is->severity = tr_strdup(severity);
	if (is->priority == TR_PRIORITY_NONE)
		is->priority = tr_priority_from_text(severity);
}

static void define(reader *r, size_t issue, const char *title, const char *severity)
{
	tr_issue *is = &r->m->issues[issue];
	if (!is->title && title && *title)
		is->title = tr_strdup(title);
	set_severity(is, severity);
}

/* Whether the heading's text holds one of `words` (lower case), looking at
 * its first 255 bytes. */
static bool heading_says(reader *r, const heading *hd, const char *const *words)
{
	const rb_block *bl = &r->doc.blocks[hd->block];
	const char *s = rb_text(&r->doc, bl);
	char lower[256];
	size_t n = bl->len < sizeof lower - 1 ? bl->len : sizeof lower - 1;
	for (size_t i = 0; i < n; i++)
		lower[i] = (char)tolower((unsigned char)s[i]);
	lower[n] = '\0';
	return says_any(lower, n, words);
}

static const char *const impact_words[] = { "impact", "implication", "risk", NULL };

/* Recomputes where content goes from the headings in force. */
static void update_context(reader *r)
{
	size_t issue_level = 0, issue_set = NONE, narrow = NONE;
	r->impact = false;
	for (unsigned l = 1; l < 7; l++) {
		size_t h = r->active[l];
		if (h == NONE)
			continue;
		const heading *hd = &r->heads[h];
		if (hd->role == H_ISSUE) {
			issue_level = l;
			issue_set = hd->set;
			narrow = NONE;
			r->impact = false;
		} else if (hd->role == H_NARROW && issue_set != NONE) {
			narrow = hd->set;
		}
		if (issue_set != NONE && l > issue_level) {
			heading *sub = &r->heads[h];
			if (sub->impact < 0)
				sub->impact = heading_says(r, sub, impact_words);
			r->impact |= sub->impact > 0;
		}
	}
	r->target = narrow != NONE ? narrow : issue_set;
}

static void read_heading(reader *r, size_t h)
{
	heading *hd = &r->heads[h];
	const rb_block *bl = &r->doc.blocks[hd->block];
	unsigned level = hd->level;
	for (unsigned l = level; l < 7; l++)
		r->active[l] = NONE;
	size_t enclosing = NONE;       /* the issue section this heading is in */
	for (unsigned l = 1; l < level; l++)
		if (r->active[l] != NONE && r->heads[r->active[l]].role == H_ISSUE)
			enclosing = r->active[l];
	/* An unnumbered heading among issue headings (same level, same parent)
	 * whose section carries an issue's labels is a named issue. */
	bool named = false;
	if (!hd->has_refs && enclosing == NONE) {
		unsigned siblings = hd->parent == NONE ? r->root_ref_levels
		                                       : r->heads[hd->parent].ref_levels;
		named = (siblings & (1u << level)) && section_has_label(r, h);
	}
	/* Most headings are subsections ("Critical Findings:"): nothing to read. */
	if (h != 0 && !hd->has_refs && !named) {
		r->active[level] = h;
		update_context(r);
		return;
	}
	char *clean = rt_clean(rb_text(&r->doc, bl), bl->len);
	if (h == 0) {
		/* A level-1 first heading is the report's title, not a section. */
		if (level == 1)
			r->title_heading = 0;
		if (*clean)
			r->m->reports[0].title = tr_strdup(clean);
	}

	size_t n = strlen(clean);
	rt_ref refs[64];
	size_t nrefs = 0;
	rt_ref ref;
	for (size_t at = 0; nrefs < 64 && rt_next_ref(clean, n, at, &ref); at = ref.end)
		refs[nrefs++] = ref;

	if (nrefs > 0 && enclosing != NONE) {
		/* A subsection naming some of its section's issues narrows to them. */
		size_t es = r->heads[enclosing].set;
		bool subset = true;
		for (size_t k = 0; k < nrefs && subset; k++) {
			size_t i = find_ref(r, clean, refs[k]);
			subset = i != NONE && set_has(r, es, i);
		}
		if (subset) {
			hd->role = H_NARROW;
			hd->set = set_new(r);
			for (size_t k = 0; k < nrefs; k++)
				set_add(r, hd->set, find_ref(r, clean, refs[k]));
		}
	}
	/* Other issues named under an issue section ("#### Related: #999") are
	 * mentions, unless their section carries an issue's labels. */
	if (nrefs > 0 && hd->role == H_PLAIN && (enclosing == NONE || section_has_label(r, h))) {
		char *title, *severity;
		rt_heading_parts(clean, refs, nrefs, &title, &severity);
		hd->role = H_ISSUE;
		hd->set = set_new(r);
		for (size_t k = 0; k < nrefs; k++) {
			size_t i = intern_ref(r, clean, refs[k], bl->line);
			define(r, i, title, severity);
			set_add(r, hd->set, i);
		}
		free(title);
		free(severity);
	} else if (named && nrefs == 0) {
		char *title, *severity;
		rt_heading_parts(clean, NULL, 0, &title, &severity);
		char *slug = title ? tr_slug(title) : NULL;
		if (slug && *slug) {
			hd->role = H_ISSUE;
			hd->set = set_new(r);
			size_t i = intern(r, slug, true, bl->line);
			define(r, i, title, severity);
			set_add(r, hd->set, i);
		}
		free(slug);
		free(title);
		free(severity);
	}
	free(clean);
	r->active[level] = h;
	update_context(r);
}

/* ---- labels, counts, findings --------------------------------------------- */

static void apply_counts(reader *r, const rc_counts *c)
{
	FOR_SET(r, r->target, i) {
		tr_tests *t = &r->m->issues[i].tests;
		if (t->failed < 0 && c->failed >= 0)
			t->failed = c->failed;
		if (t->passed < 0 && c->passed >= 0)
			t->passed = c->passed;
		if (t->skipped < 0 && c->skipped >= 0)
			t->skipped = c->skipped;
		issue_extra *e = extra_of(r, i);
		if (e->total < 0 && c->total >= 0)
			e->total = c->total;
	}
}

static void push_file(reader *r, const char *s, size_t n)
{
	char *f = dup_trimmed(s, n);
	if (!f)
		return;
	FOR_SET(r, r->target, i)
		tr_strv_push_unique(&r->m->issues[i].test_files, f);
	free(f);
}

/* "`tests/a.py`, boundary tests, tests/b.py": code spans, and the words
 * that look like paths. */
static void read_test_files(reader *r, const rb_block *bl, size_t from, size_t to)
{
	const char *s = rb_text(&r->doc, bl);
	const rb_span *sp = r->doc.spans + bl->span0;
	size_t i = from;
	for (unsigned k = 0; k <= bl->nspans; k++) {
		bool span = k < bl->nspans && sp[k].start >= from && sp[k].start < to;
		if (k < bl->nspans && !span)
			continue;
		size_t stop = span ? sp[k].start : to;
		/* Plain words before this span. */
		while (i < stop) {
			while (i < stop && (isspace((unsigned char)s[i]) || s[i] == ',' || s[i] == ';'))
				i++;
			size_t b = i;
			while (i < stop && !isspace((unsigned char)s[i]) && s[i] != ',' && s[i] != ';')
				i++;
			size_t e = i;
			while (b < e && strchr("([<\"'", s[b]))
				b++;
			while (e > b && strchr(")]>\"'.:", s[e - 1]))
				e--;
			if (e > b && rt_path_like(s + b, e - b))
				push_file(r, s + b, e - b);
		}
		if (span) {
			size_t end = sp[k].start + sp[k].len;
			push_file(r, s + sp[k].start, end > to ? to - sp[k].start : sp[k].len);
			i = end;
		}
	}
}

static void read_label(reader *r, rl_kind kind, const rb_block *bl, size_t ls, size_t le, size_t value)
{
	const char *s = rb_text(&r->doc, bl);
	const char *v = s + ls + value;
	size_t vn = le - ls - value;
	if (r->target == NONE) {
		tr_report *rp = &r->m->reports[0];
		if (kind == RL_DATE && !rp->executed_at) {
			rp->executed_at = dup_trimmed(v, vn);
		} else if (kind == RL_SCOPE) {
			rt_ref ref;
			for (size_t at = 0; rt_next_ref(v, vn, at, &ref); at = ref.end) {
				char *id = rt_ref_id(v, &ref);
				tr_strv_push_unique(&rp->scope, id);
				free(id);
			}
		}
		return;
	}
	if (kind == RL_TEST_FILES) {
		read_test_files(r, bl, ls + value, le);
		return;
	}
	if (kind != RL_STATUS && kind != RL_PRIORITY && kind != RL_SEVERITY)
		return;
	char *clean = rt_clean(v, vn);
	if (*clean) {
		FOR_SET(r, r->target, i) {
			tr_issue *is = &r->m->issues[i];
			if (kind != RL_STATUS) {
				set_severity(is, clean);
			} else if (!is->status_text) {
				is->status_text = tr_strdup(clean);
				is->status = tr_issue_status_from_text(clean);
			}
		}
	}
	free(clean);
}

/* Paragraphs and list items, line by line.  Returns whether the block was
 * a label (then it is no finding). */
static bool read_lines(reader *r, const rb_block *bl)
{
	const char *s = rb_text(&r->doc, bl);
	bool label = false;
	unsigned k = 0;
	for (size_t b = 0; b <= bl->len; k++) {
		/* One pass finds the characters anything below needs: most lines
		 * have none of them and are done with. */
		bool colon = false, digit = false, dep = false;
		size_t e = b;
		for (;;) {
			e += strcspn(s + e, "0123456789:#>\xE2\n");
			char c = s[e];
			if (c == '\n' || e >= bl->len)
				break;
			if (c == ':')
				colon = true;
			else if (c >= '0' && c <= '9')
				digit = true;
			else
				dep = true;
			e++;
		}
		if (e > bl->len)
			e = bl->len;
		unsigned line = bl->line ? bl->line + k : 0;
		size_t value;
		rl_kind kind = colon ? rt_label(s + b, e - b, &value) : RL_NONE;
		if (kind != RL_NONE) {
			read_label(r, kind, bl, b, e, value);
			label = true;
		}
		if (digit && r->target != NONE) {
			rc_counts c = RC_COUNTS_NONE;
			if (rc_prose(s + b, e - b, &c))
				apply_counts(r, &c);
		}
		if (dep)
			maybe_dep_line(r, s + b, e - b, line);
		b = e + 1;
	}
	return label;
}

/* Whether a heading in force speaks of a plan (read only when a numbered
 * item asks: most headings never need it). */
static bool in_plan(reader *r)
{
	for (unsigned l = 1; l < 7; l++) {
		size_t h = r->active[l];
		if (h == NONE || h == r->title_heading)
			continue;
		heading *hd = &r->heads[h];
		if (hd->plan < 0)
			hd->plan = heading_says(r, hd, plan_words);
		if (hd->plan)
			return true;
	}
	return false;
}

static void read_item(reader *r, size_t b)
{
	const rb_block *bl = &r->doc.blocks[b];
	bool label = read_lines(r, bl);
	if (r->target != NONE && !label) {
		char *text = rt_clean(rb_text(&r->doc, bl), bl->len);
		size_t left = r->sets[r->target];
		FOR_SET(r, r->target, i) {
			if (!*text)
				break;
			tr_issue *is = &r->m->issues[i];
			tr_strv *sv = r->impact ? &is->impact : &is->findings;
			/* The last issue takes the string itself. */
			if (--left == 0) {
				tr_strv_push_owned(sv, text);
				text = NULL;
				break;
			}
			tr_strv_push(sv, text);
		}
		free(text);
	}
	if (bl->task || (bl->number > 0 && r->target == NONE && in_plan(r))) {
		size_t nearest = NONE;
		for (unsigned l = 1; l < 7; l++)
			if (r->active[l] != NONE)
				nearest = r->active[l];
		tr_grow((void **)&r->plans, &r->capplans, r->nplans + 1, sizeof *r->plans);
		r->plans[r->nplans++] = (pending_plan){ b, nearest };
	}
}

static void read_code(reader *r, const rb_block *bl)
{
	const char *s = rb_text(&r->doc, bl);
	unsigned k = 0;
	for (size_t b = 0; b < bl->len; k++) {
		size_t e = b + strlen(s + b);
		if (e > bl->len)
			e = bl->len;
		size_t lb = b, le = e;
		b = e + 1;
		while (lb < le && isspace((unsigned char)s[lb]))
			lb++;
		while (le > lb && isspace((unsigned char)s[le - 1]))
			le--;
		if (lb == le || bl->line == 0)
			continue;
		unsigned line = bl->line + k;
		size_t dep = NONE;
		if (has_arrow(s + lb, le - lb))
			dep = add_dep(r, DEP_LINE, (size_t)(s + lb - r->doc.arena.data), le - lb, line, NONE);
		if (r->target == NONE)
			continue;
		rc_counts c = RC_COUNTS_NONE;
		rc_line_kind kind = rc_code_line(s + lb, le - lb, &c);
		if (kind == RC_LINE_SUMMARY) {
			apply_counts(r, &c);
			continue;
		}
		if (kind == RC_LINE_GO_FAIL || kind == RC_LINE_GO_PASS || kind == RC_LINE_GO_SKIP) {
			int g = kind == RC_LINE_GO_FAIL ? 0 : kind == RC_LINE_GO_PASS ? 1 : 2;
			FOR_SET(r, r->target, i) {
				issue_extra *x = extra_of(r, i);
				x->go[g]++;
				x->go_seen = true;
			}
		}
		if (kind != RC_LINE_OTHER && kind != RC_LINE_GO_FAIL)
			continue;
		tr_grow((void **)&r->fails, &r->capfails, r->nfails + 1, sizeof *r->fails);
		r->fails[r->nfails++] = (pending_fail){
			(size_t)(s + lb - r->doc.arena.data), le - lb, line, r->target, dep,
		};
	}
}

/* ---- tables ---------------------------------------------------------------- */

static col_role column_role(const char *s, size_t n)
{
	char *c = rt_clean(s, n);
	static const struct { const char *name; col_role role; } names[] = {
		{ "issue", COL_ISSUE }, { "issues", COL_ISSUE }, { "id", COL_ISSUE }, { "#", COL_ISSUE },
		{ "ticket", COL_ISSUE }, { "issue #", COL_ISSUE }, { "issue id", COL_ISSUE },
		{ "title", COL_TITLE }, { "summary", COL_TITLE }, { "name", COL_TITLE },
		{ "description", COL_TITLE }, { "issue title", COL_TITLE },
		{ "priority", COL_PRIORITY }, { "severity", COL_PRIORITY }, { "sev", COL_PRIORITY },
		{ "prio", COL_PRIORITY },
		{ "status", COL_STATUS }, { "state", COL_STATUS },
		{ "failed", COL_FAILED }, { "failing", COL_FAILED }, { "failures", COL_FAILED },
		{ "passed", COL_PASSED }, { "passing", COL_PASSED },
		{ "skipped", COL_SKIPPED },
		{ "depends on", COL_DEPENDS }, { "dependencies", COL_DEPENDS },
		{ "blocked by", COL_DEPENDS }, { "prerequisites", COL_DEPENDS },
		{ "blocks", COL_BLOCKS }, { "unblocks", COL_BLOCKS },
	};
	col_role role = COL_OTHER;
	for (size_t i = 0; i < sizeof names / sizeof *names; i++)
		if (strcasecmp(c, names[i].name) == 0) {
			role = names[i].role;
			break;
		}
	free(c);
	return role;
}

static void read_header_row(reader *r)
{
	r->ncols = 0;
	bool issue = false, other = false;
	for (size_t k = 0; k < r->nrow; k++) {
		const rb_block *c = &r->doc.blocks[r->row[k]];
		size_t col = c->number;
		tr_grow((void **)&r->cols, &r->capcols, col + 1, sizeof *r->cols);
		while (r->ncols <= col)
			r->cols[r->ncols++] = COL_OTHER;
		col_role role = column_role(rb_text(&r->doc, c), c->len);
		/* The first column of a kind is the one read. */
		for (size_t j = 0; j < col && role != COL_OTHER; j++)
			if (r->cols[j] == role)
				role = COL_OTHER;
		r->cols[col] = role;
		issue |= role == COL_ISSUE;
		other |= role == COL_TITLE || role == COL_PRIORITY || role == COL_STATUS;
	}
	r->issue_table = issue && other;
}

static long cell_number(const char *s, size_t n)
{
	while (n && isspace((unsigned char)*s)) {
		s++;
		n--;
	}
	while (n && isspace((unsigned char)s[n - 1]))
		n--;
	if (n == 0 || n > 9)
		return -1;
	long v = 0;
	for (size_t i = 0; i < n; i++) {
		if (!isdigit((unsigned char)s[i]))
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

static void read_issue_row(reader *r)
{
	const rb_block *cells[COL_BLOCKS + 1] = { NULL };
	unsigned line = 0;
	for (size_t k = 0; k < r->nrow; k++) {
		const rb_block *c = &r->doc.blocks[r->row[k]];
		if (!line)
			line = c->line;
		if (c->number < r->ncols && r->cols[c->number] != COL_OTHER)
			cells[r->cols[c->number]] = c;
	}
	const rb_block *ic = cells[COL_ISSUE];
	if (!ic)
		return;
	char *clean = rt_clean(rb_text(&r->doc, ic), ic->len);
	size_t n = strlen(clean);
	char *title = NULL, *severity = NULL, *id = NULL;
	bool named = false;
	rt_ref ref;
	if (rt_next_ref(clean, n, 0, &ref)) {
		id = rt_ref_id(clean, &ref);
		rt_heading_parts(clean, &ref, 1, &title, &severity);
	} else if (cell_number(clean, n) >= 0) {
		id = tr_sprintf("#%s", clean);
	} else if (n && strcmp(clean, "-") != 0 && strcmp(clean, "\xE2\x80\x94") != 0) {
		id = tr_slug(clean);
		named = true;
		title = tr_strdup(clean);
	}
	free(clean);
	if (!id || !*id) {
		free(id);
		free(title);
		free(severity);
		return;
	}
	size_t i = intern(r, id, named, line);
	free(id);
	if (cells[COL_TITLE]) {
		char *t = rt_clean(rb_text(&r->doc, cells[COL_TITLE]), cells[COL_TITLE]->len);
		if (*t) {
			free(title);
			title = t;
		} else {
			free(t);
		}
	}
	define(r, i, title, severity);
	free(title);
	free(severity);
	tr_issue *is = &r->m->issues[i];
	if (cells[COL_PRIORITY]) {
		char *p = rt_clean(rb_text(&r->doc, cells[COL_PRIORITY]), cells[COL_PRIORITY]->len);
		set_severity(is, p);
		free(p);
	}
	if (cells[COL_STATUS] && !is->status_text) {
		char *st = rt_clean(rb_text(&r->doc, cells[COL_STATUS]), cells[COL_STATUS]->len);
		if (*st) {
			is->status_text = st;
			is->status = tr_issue_status_from_text(st);
		} else {
			free(st);
		}
	}
	static const col_role counts[] = { COL_FAILED, COL_PASSED, COL_SKIPPED };
	long *fields[] = { &is->tests.failed, &is->tests.passed, &is->tests.skipped };
	for (int k = 0; k < 3; k++) {
		const rb_block *c = cells[counts[k]];
		long v = c ? cell_number(rb_text(&r->doc, c), c->len) : -1;
		if (v >= 0 && *fields[k] < 0)
			*fields[k] = v;
	}
	if (cells[COL_DEPENDS])
		add_dep(r, DEP_TABLE_DEPENDS, cells[COL_DEPENDS]->off, cells[COL_DEPENDS]->len, line, i);
	if (cells[COL_BLOCKS])
		add_dep(r, DEP_TABLE_BLOCKS, cells[COL_BLOCKS]->off, cells[COL_BLOCKS]->len, line, i);
}

static void read_row_end(reader *r)
{
	bool header = r->nrow > 0 && r->doc.blocks[r->row[0]].header;
	if (header)
		read_header_row(r);
	else if (r->issue_table)
		read_issue_row(r);
	r->nrow = 0;
}

/* ---- the main pass ------------------------------------------------------------ */

static void read_blocks(reader *r)
{
	size_t h = 0;
	for (size_t b = 0; b < r->doc.nblocks; b++) {
		const rb_block *bl = &r->doc.blocks[b];
		switch (bl->kind) {
		case RB_HEADING:
			read_heading(r, h++);
			break;
		case RB_PARA:
			read_lines(r, bl);
			break;
		case RB_ITEM:
			read_item(r, b);
			break;
		case RB_CODE:
			read_code(r, bl);
			break;
		case RB_CELL:
			tr_grow((void **)&r->row, &r->caprow, r->nrow + 1, sizeof *r->row);
			r->row[r->nrow++] = b;
			break;
		case RB_ROW_END:
			read_row_end(r);
			break;
		case RB_TABLE_END:
			r->issue_table = false;
			r->ncols = r->nrow = 0;
			break;
		}
	}
}

/* ---- dependencies ------------------------------------------------------------ */

typedef struct dep_ctx {
	reader *r;
	unsigned line;
} dep_ctx;

static void prose_edge(void *ctx, const char *s, rt_ref from, rt_ref to, tr_edge_kind kind)
{
	dep_ctx *d = ctx;
	size_t a = intern_ref(d->r, s, from, d->line);
	size_t b = intern_ref(d->r, s, to, d->line);
	tr_model_add_edge(d->r->m, a, b, kind, 0, d->line);
}

/* A chain name for a named issue: "Golden Path" makes it golden-path. */
static void claim_name(reader *r, size_t issue, const char *name, size_t n)
{
	issue_extra *e = extra_of(r, issue);
	if (!r->m->issues[issue].named || e->new_id)
		return;
	char *raw = tr_strndup(name, n);
	char *slug = tr_slug(raw);
	free(raw);
	if (*slug && strcmp(slug, r->m->issues[issue].id) != 0 &&
	    tr_model_lookup(r->m, slug) == NONE && rm_get(&r->claimed, slug, strlen(slug)) == RM_NONE) {
		rm_put(&r->claimed, slug, strlen(slug), issue);
		e->new_id = slug;
		return;
	}
	free(slug);
}

static size_t name_node(reader *r, const char *name, size_t n, unsigned line)
{
	char *clean = rt_clean(name, n);
	char *slug = tr_slug(clean);
	size_t i = NONE;
	if (*slug) {
		i = rm_get(&r->claimed, slug, strlen(slug));
		if (i == RM_NONE) {
			size_t before = r->m->nissues;
			i = intern(r, slug, true, line);
			if (i >= before)
				r->m->issues[i].title = tr_strdup(clean);
		}
	}
	free(slug);
	free(clean);
	return i;
}

static void read_chain(reader *r, pending_dep *d, rch_titles **titles, rch_node **nodes, size_t *cap)
{
	const char *s = r->doc.arena.data + d->off;
	size_t nn = rch_split(s, d->len, nodes, cap);
	if (nn < 2)
		return;
	rch_node *nd = *nodes;
	size_t filled = 0, refs = 0, named = 0, matched = 0;
	size_t *match = tr_malloc(nn * sizeof *match);
	for (size_t k = 0; k < nn; k++) {
		match[k] = NONE;
		if (nd[k].kind == RCH_EMPTY)
			continue;
		filled++;
		if (nd[k].kind == RCH_REF) {
			refs++;
			continue;
		}
		named++;
		if (!*titles)
			*titles = rch_titles_new(r->m);
		match[k] = rch_titles_find(*titles, r->m, s + nd[k].start, nd[k].len);
		matched += match[k] != NONE;
	}
	/* A chain names at least one issue by number, or only known issues. */
	if (filled < 2 || (refs == 0 && matched < named)) {
		free(match);
		return;
	}
	d->is_chain = true;
	size_t prev = NONE;
	for (size_t k = 0; k < nn; k++) {
		size_t i = NONE;
		if (nd[k].kind == RCH_REF) {
			rt_ref ref = { nd[k].start, nd[k].start + nd[k].len };
			i = intern_ref(r, s, ref, d->line);
		} else if (nd[k].kind == RCH_NAME && match[k] != NONE) {
			i = match[k];
			claim_name(r, i, s + nd[k].start, nd[k].len);
		} else if (nd[k].kind == RCH_NAME) {
			i = name_node(r, s + nd[k].start, nd[k].len, d->line);
		}
		if (i == NONE)
			continue;
		if (prev != NONE)
			tr_model_add_edge(r->m, prev, i, TR_EDGE_CHAIN, 0, d->line);
		prev = i;
	}
	free(match);
}

static void read_deps(reader *r)
{
	rch_titles *titles = NULL;
	rch_node *nodes = NULL;
	size_t cap = 0;
	for (size_t k = 0; k < r->ndeps; k++) {
		pending_dep *d = &r->deps[k];
		const char *s = r->doc.arena.data + d->off;
		if (d->kind == DEP_LINE) {
			read_chain(r, d, &titles, &nodes, &cap);
			dep_ctx ctx = { r, d->line };
			rch_prose(s, d->len, prose_edge, &ctx);
			continue;
		}
		rt_ref ref;
		for (size_t at = 0; rt_next_ref(s, d->len, at, &ref); at = ref.end) {
			size_t other = intern_ref(r, s, ref, d->line);
			if (d->kind == DEP_TABLE_DEPENDS)
				tr_model_add_edge(r->m, other, d->issue, TR_EDGE_TABLE, 0, d->line);
			else
				tr_model_add_edge(r->m, d->issue, other, TR_EDGE_TABLE, 0, d->line);
		}
	}
	free(nodes);
	rch_titles_free(titles);
}

static void read_failures(reader *r)
{
	for (size_t k = 0; k < r->nfails; k++) {
		const pending_fail *f = &r->fails[k];
		if (f->dep != NONE && r->deps[f->dep].is_chain)
			continue;
		tr_buf_reset(&r->scratch);
		tr_buf_add(&r->scratch, r->doc.arena.data + f->off, f->len);
		FOR_SET(r, f->set, i)
			tr_issue_add_failure(&r->m->issues[i], r->scratch.data, 0, f->line);
	}
}

/* ---- the plan ------------------------------------------------------------------ */

/* "P0" from "Phase 1: Critical Infrastructure (P0)", else "Phase 1", else
 * the heading's text. */
static char *phase_of(reader *r, size_t h)
{
	if (h == NONE)
		return tr_strdup("Plan");
	const rb_block *bl = &r->doc.blocks[r->heads[h].block];
	char *clean = rt_clean(rb_text(&r->doc, bl), bl->len);
	for (const char *p = clean; *p; p++) {
		if ((*p == 'P' || *p == 'p') && p[1] >= '0' && p[1] <= '3' &&
		    !isalnum((unsigned char)p[2]) && (p == clean || !isalnum((unsigned char)p[-1]))) {
			char *phase = tr_sprintf("P%c", p[1]);
			free(clean);
			return phase;
		}
	}
	long number;
	if (rt_phase_prefix(clean, strlen(clean), &number)) {
		free(clean);
		return tr_sprintf("Phase %ld", number);
	}
	size_t n = strlen(clean);
	while (n && (clean[n - 1] == ':' || clean[n - 1] == ' '))
		clean[--n] = '\0';
	if (!*clean) {
		free(clean);
		return tr_strdup("Plan");
	}
	return clean;
}

/* "- [ ] #1518 Flaky login - P2": title and severity from the item. */
static void define_from_item(reader *r, size_t issue, const char *text, size_t n)
{
	char *clean = rt_clean(text, n);
	size_t len = strlen(clean);
	rt_ref refs[16];
	size_t nrefs = 0;
	rt_ref ref;
	for (size_t at = 0; nrefs < 16 && rt_next_ref(clean, len, at, &ref); at = ref.end)
		refs[nrefs++] = ref;
	char *title, *severity;
	rt_heading_parts(clean, refs, nrefs, &title, &severity);
	define(r, issue, title, severity);
	free(title);
	free(severity);
	free(clean);
}

static void read_plan(reader *r)
{
	int counter = 0;
	char *phase = NULL;           /* of phase_heading: items share their heading */
	size_t phase_heading = NONE - 1;
	for (size_t k = 0; k < r->nplans; k++) {
		const pending_plan *p = &r->plans[k];
		const rb_block *bl = &r->doc.blocks[p->block];
		const char *text = rb_text(&r->doc, bl);
		rt_ref refs[16];
		size_t nrefs = 0;
		rt_ref ref;
		for (size_t at = 0; nrefs < 16 && rt_next_ref(text, bl->len, at, &ref); at = ref.end)
			refs[nrefs++] = ref;
		if (nrefs == 0)
			continue;
		int step = bl->number > 0 && bl->number < 1000000 ? (int)bl->number : counter + 1;
		counter = step;
		if (p->heading != phase_heading) {
			free(phase);
			phase = phase_of(r, p->heading);
			phase_heading = p->heading;
		}
		for (size_t j = 0; j < nrefs; j++) {
			size_t i = find_ref(r, text, refs[j]);
			if (i == NONE && bl->task) {
				/* A task list may be the only place an issue is listed. */
				i = intern_ref(r, text, refs[j], bl->line);
				define_from_item(r, i, text, bl->len);
			}
			if (i == NONE || r->m->issues[i].plan_phase)
				continue;
			tr_issue *is = &r->m->issues[i];
			is->plan_phase = tr_strdup(phase);
			is->plan_step = step;
			is->plan_done = bl->task == 'x';
		}
	}
	free(phase);
}

/* ---- counts that follow from others ------------------------------------------- */

static void finish_counts(reader *r)
{
	for (size_t i = 0; i < r->m->nissues; i++) {
		tr_tests *t = &r->m->issues[i].tests;
		issue_extra *e = extra_of(r, i);
		/* go test lines count only when the report gives no count. */
		if (t->failed < 0 && t->passed < 0 && t->skipped < 0 && e->go_seen) {
			t->failed = e->go[0];
			t->passed = e->go[1];
			t->skipped = e->go[2];
		}
		if (e->total < 0)
			continue;
		long *f[3] = { &t->failed, &t->passed, &t->skipped };
		int unknown = 0, which = 0;
		long known = 0;
		for (int k = 0; k < 3; k++) {
			if (*f[k] < 0) {
				unknown++;
				which = k;
			} else {
				known += *f[k];
			}
		}
		if (unknown == 1 && e->total >= known)
			*f[which] = e->total - known;
	}
}

/* ---- loading -------------------------------------------------------------------- */

static void reader_free(reader *r)
{
	rb_doc_free(&r->doc);
	free(r->heads);
	free(r->sets);
	for (size_t i = 0; i < r->capextra; i++)
		free(r->extra[i].new_id);
	free(r->extra);
	free(r->fails);
	free(r->deps);
	free(r->plans);
	free(r->cols);
	free(r->row);
	rm_free(&r->claimed);
	free(r->numkeys);
	free(r->numvals);
	tr_buf_free(&r->scratch);
}

/* The first report read into an empty model moves there whole instead of
 * interning every issue a second time.  Renames re-index the model each, so
 * a report with many goes the long way. */
static bool move_whole(tr_model *m, reader *r)
{
	if (m->nreports || m->nissues || m->nedges)
		return false;
	size_t renames = 0;
	for (size_t i = 0; i < r->capextra; i++)
		renames += r->extra[i].new_id != NULL;
	if (renames > 16)
		return false;
	for (size_t i = 0; i < r->m->nissues && i < r->capextra; i++)
		if (r->extra[i].new_id)
			tr_model_rename(r->m, i, r->extra[i].new_id);
	tr_model tmp = *m;
	*m = *r->m;
	*r->m = tmp;
	return true;
}

static bool blank(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!isspace((unsigned char)s[i]))
			return false;
	return true;
}

/* `owned`, when given, holds data and is freed as soon as the text is
 * decoded: a large report is not kept three times over. */
static int load(tr_model *m, const char *path, const char *data, size_t len, tr_buf *owned,
                tr_error *err)
{
	if (len == 0 || blank(data, len))
		return tr_error_set(err, TR_FORMAT, "%s: empty report: there is nothing to read "
		                    "(give a markdown cluster report)", path);
	if (len >= 0xFFFFFFF0u)
		return tr_error_set(err, TR_FORMAT, "%s: too large to read as a report (%zu bytes; "
		                    "the limit is 4 GB)", path, len);
	tr_decoded dec;
	int decoded = owned ? tr_decode_buf(path, owned, &dec, err)
	                    : tr_decode(path, data, len, &dec, err);
	if (owned)
		tr_buf_free(owned);
	if (decoded < 0)
		return -1;

	reader r;
	memset(&r, 0, sizeof r);
	r.m = tr_model_new();
	r.target = NONE;
	r.title_heading = NONE;
	for (int l = 0; l < 7; l++)
		r.active[l] = NONE;
	tr_model_add_report(r.m, path);
	r.m->reports[0].encoding = dec.description;
	dec.description = NULL;
	int rc = blank(dec.text, dec.len) ? -2 : rb_walk(&r.doc, dec.text, dec.len);
	tr_decoded_free(&dec);
	int result = 0;
	if (rc == -2) {
		result = tr_error_set(err, TR_FORMAT, "%s: empty report: there is nothing to read "
		                      "(give a markdown cluster report)", path);
		goto out;
	}
	if (rc != 0) {
		result = tr_error_set(err, TR_NOMEM, "%s: the markdown parser gave up (status %d); "
		                      "the report may be too large for memory", path, rc);
		goto out;
	}
	outline(&r);
	read_blocks(&r);
	read_deps(&r);
	read_failures(&r);
	read_plan(&r);
	finish_counts(&r);
	if (r.m->nissues == 0) {
		result = tr_error_set(err, TR_FORMAT,
		    "%s: no issues found; a report lists its issues as headings "
		    "(\"## Issue #123 \xE2\x80\x94 Title\", \"### Title (#123) - P1\"), as rows of a "
		    "table with an Issue column, or as a task list (\"- [ ] #123 Title\")", path);
		goto out;
	}
	if (!move_whole(m, &r)) {
		char **ids = tr_calloc(r.m->nissues, sizeof *ids);
		for (size_t i = 0; i < r.m->nissues && i < r.capextra; i++)
			ids[i] = r.extra[i].new_id;
		rm_merge(m, r.m, ids);
		free(ids);
	}
out:
	reader_free(&r);
	tr_model_free(r.m);
	return result;
}

int tr_report_load_buffer(tr_model *m, const char *path, const char *data, size_t len,
                          tr_error *err)
{
	return load(m, path, data, len, NULL, err);
}

int tr_report_load_file(tr_model *m, const char *path, tr_error *err)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return tr_error_set(err, TR_IO, "%s: cannot open: %s", path, strerror(errno));
	struct stat st;
	if (fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
		fclose(f);
		return tr_error_set(err, TR_IO, "%s: is a directory; give a report file", path);
	}
	tr_buf b = TR_BUF_INIT;
	size_t cap = st.st_size > 0 ? (size_t)st.st_size + 1 : 65536;
	tr_grow((void **)&b.data, &b.cap, cap, 1);
	for (;;) {
		if (b.cap - b.len < 2)
			tr_grow((void **)&b.data, &b.cap, b.cap * 2, 1);
		size_t got = fread(b.data + b.len, 1, b.cap - b.len - 1, f);
		b.len += got;
		if (got == 0)
			break;
	}
	bool failed = ferror(f) != 0;
	int saved = errno;
	fclose(f);
	int rc;
	if (failed)
		rc = tr_error_set(err, TR_IO, "%s: cannot read: %s", path, strerror(saved));
	else
		rc = load(m, path, b.data, b.len, &b, err);
	tr_buf_free(&b);
	return rc;
}

int tr_report_load_all(tr_model *m, char *const *paths, size_t n, tr_error *err)
{
	for (size_t i = 0; i < n; i++)
		if (tr_report_load_file(m, paths[i], err) < 0)
			return -1;
	tr_model_finish(m);
	return 0;
}
