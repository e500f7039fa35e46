/* Issues by reference, the sets of issues a section speaks of, and the
 * dependency lines set aside to be read once every issue is known. */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "report_internal.h"
#include "triage/text.h"

void rd_extra_init(reader *r, size_t from)
{
	for (size_t i = from; i < r->capextra; i++)
		r->extra[i] = (issue_extra){ -1, { 0, 0, 0 }, false, NULL, -1, 0, 0, 0, TR_NONE, false };
}

issue_extra *rd_extra(reader *r, size_t issue)
{
	if (issue >= r->capextra) {
		size_t old = r->capextra;
		tr_grow((void **)&r->extra, &r->capextra, issue + 1, sizeof *r->extra);
		rd_extra_init(r, old);
	}
	return &r->extra[issue];
}

void rd_reserve(reader *r, size_t nissues)
{
	tr_model_reserve(r->m, nissues);
	if (nissues <= r->capextra)
		return;
	size_t old = r->capextra;
	r->extra = tr_realloc(r->extra, nissues * sizeof *r->extra);
	r->capextra = nissues;
	rd_extra_init(r, old);
}

size_t rd_intern(reader *r, const char *id, bool named, unsigned line)
{
	size_t i = tr_model_intern(r->m, id, named, 0, line);
	rd_extra(r, i);
	return i;
}

/* The issue's id from a reference ("#305", "PROJ-12"), in `small` when it
 * fits (it nearly always does); free the result with rd_free_id(). */
char *rd_ref_id(const char *s, rt_ref ref, char small[32])
{
	bool hash = rt_numbered(&ref);
	size_t n = ref.keylen + hash;
	if (n >= 32)
		return rt_ref_id(s, &ref);
	small[0] = '#';
	memcpy(small + hash, s + ref.key, ref.keylen);
	small[n] = '\0';
	return small;
}

void rd_free_id(char *id, char small[32])
{
	if (id != small)
		free(id);
}

/* Issues by number.  A report names the same issues over and over (chains,
 * plans, headings); looking them up by number touches one table instead of
 * chasing every issue's id string through the model's index. */

/* 305 for "#305", "GH-305" or ".../issues/305"; -1 for a key, or a number
 * that does not fit ("#0305" keeps its own id). */
static int64_t ref_number(const char *s, rt_ref ref)
{
	size_t n = ref.keylen;
	if (!rt_numbered(&ref) || n < 1 || n > 18 || (s[ref.key] == '0' && n > 1))
		return -1;
	int64_t v = 0;
	for (size_t i = ref.key; i < ref.key + n; i++)
		v = v * 10 + (s[i] - '0');
	return v;
}

/* ---- tracker keys ------------------------------------------------------- */

/* Prefixes that look like a tracker's but name versions, encodings,
 * standards and local numbering: "UTF-8", "SHA-256", "HTTP-503", "PR-12". */
static const char *const not_trackers[] = {
	"UTF", "UCS", "SHA", "MD", "ISO", "IEC", "HTTP", "HTTPS", "TLS", "SSL", "IPV", "RFC",
	"GPT", "CVE", "CWE", "PEP", "ES", "ECMA", "AES", "RSA", "CRC", "INT", "UINT", "FLOAT",
	"BASE", "WIN", "ARM", "X86", "AMD", "IA", "PR", "MR", "WHY", "STEP", "PHASE", "TIER",
	"LEVEL", "RUN", "BUILD", "ROW", "COLUMN", "ENTRY", "ATTEMPT", "SPRINT", "WEEK", "DAY",
	"Q", "V", "VER", "VERSION", "RHEL", "CENTOS", "UBUNTU", "DEBIAN", "FEDORA", "PY", "NODE",
	"PHP", "JAVA", "JDK", "JRE", "GO", "NET", "COVID", "MP", "MPEG", "H", "USB", "PCI",
	"DDR", "LTS", "RC", "BETA", "ALPHA", "GMT", "UTC", "CET", "EST", "PST", "PDT", "EDT",
	"TOP", "STAGE", "PART", "CHAPTER", "SECTION", "FIG", "TABLE", "LINE", "PAGE", "PORT",
};

static bool tracker_prefix_ok(const char *p, size_t n)
{
	/* Asked of every key-like word of a report: the first letter rules out
	 * most of the list before any of it is measured. */
	for (size_t k = 0; k < sizeof not_trackers / sizeof *not_trackers; k++)
		if (n && not_trackers[k][0] == p[0] && strncmp(not_trackers[k], p, n) == 0 &&
		    not_trackers[k][n] == '\0')
			return false;
	return true;
}

/* The "Issue 007" a heading leads with, after emoji and markup. */
static bool word_lead(const char *s, size_t n, rt_ref *ref)
{
	size_t i = 0;
	while (i < n && (s[i] == ' ' || s[i] == '*' || s[i] == '_' || s[i] == '[' ||
	                 (unsigned char)s[i] >= 0x80)) {
		uint32_t cp;
		size_t k = (unsigned char)s[i] >= 0x80 ? tr_utf8_decode(s + i, n - i, &cp) : 1;
		if ((unsigned char)s[i] >= 0x80 && !rt_is_emoji(cp))
			return false;
		i += k;
	}
	return rt_ref_at(s, n, i, ref) && ref->form == RT_WORD;
}

bool rd_word_lead(const reader *r, const char *s, size_t n)
{
	rt_ref ref;
	return r->word_keys && word_lead(s, n, &ref) && rd_ref_ok(r, s, &ref);
}

/* "## Issue 007 — Title", "- **Issue 007** — Title", "| Issue 7 |" key
 * items by the word and the number (in a heading, a list item's lead or a
 * table cell of its own).  A zero-padded number always does; "Issue 7"
 * only in a report that keys no item "#N", for where it does ("## Issue 1:
 * …" over "**GitHub Issue:** #973") the word numbers the report's own
 * sections. */
static void learn_word_keys(reader *r)
{
	bool padded = false, plain = false;
	for (size_t b = 0; b < r->doc.nblocks; b++) {
		const rb_block *bl = &r->doc.blocks[b];
		if ((bl->kind != RB_HEADING || bl->has_ref) && bl->kind != RB_ITEM && bl->kind != RB_CELL)
			continue;
		const char *s = rb_text(&r->doc, bl);
		rt_ref ref;
		if (!bl->len || (s[0] != 'I' && s[0] != 'i' && s[0] != 'B' && s[0] != 'b' &&
		                 s[0] != 'T' && s[0] != 't' && !strchr(" *_[", s[0]) &&
		                 (unsigned char)s[0] < 0x80))
			continue;
		/* A table's cell is the key alone ("| Issue 7 |"). */
		if (word_lead(s, bl->len, &ref) && (bl->kind != RB_CELL || ref.end + 2 >= bl->len)) {
			padded |= ref.padded;
			plain |= !ref.padded;
		}
	}
	if (!padded && !plain)
		return;
	r->word_keys = 1;
	if (!plain)
		return;
	for (size_t b = 0; b < r->doc.nblocks; b++) {
		const rb_block *bl = &r->doc.blocks[b];
		if (bl->kind == RB_CODE || bl->kind == RB_ROW_END || bl->kind == RB_TABLE_END)
			continue;
		const char *s = rb_text(&r->doc, bl);
		if (!memchr(s, '#', bl->len) && !memchr(s, '/', bl->len) && !memchr(s, '-', bl->len))
			continue;
		/* Where "#N" keys items (a heading, a table cell, a list item's lead,
		 * an issue label) the word numbers sections; "see #12" in prose does
		 * not make it so. */
		for (size_t ls = 0; ls < bl->len;) {
			const char *nl = memchr(s + ls, '\n', bl->len - ls);
			size_t le = nl ? (size_t)(nl - s) : bl->len, v;
			bool keyed = bl->kind == RB_HEADING || bl->kind == RB_CELL;
			if (!keyed && bl->kind == RB_ITEM && ls == 0)
				keyed = rt_issue_value(s, le) != TR_NONE;
			if (!keyed && memchr(s + ls, ':', le - ls))
				keyed = rt_label(s + ls, le - ls, &v) == RL_ISSUE;
			rt_ref ref;
			for (size_t at = ls; keyed && rt_next_ref(s, le, at, &ref); at = ref.end)
				if (ref.form == RT_HASH || ref.form == RT_GH || ref.form == RT_URL)
					return;
			ls = le + 1;
		}
	}
	r->word_keys = 2;
}

/* The keys rd_learn_keys has met, as pointers into the report's text,
 * which outlives the set: nothing is copied for the thousands of keys a
 * report of tracker keys writes. */
typedef struct key_set {
	struct { const char *key; size_t len; uint64_t hash; } *slots;
	size_t cap, used;
} key_set;

/* Adds the key; returns whether it was new. */
static bool key_set_add(key_set *ks, const char *key, size_t n)
{
	if ((ks->used + 1) * 2 > ks->cap) {
		key_set grown = { NULL, ks->cap ? ks->cap * 2 : 64, 0 };
		grown.slots = tr_calloc(grown.cap, sizeof *grown.slots);
		for (size_t i = 0; i < ks->cap; i++)
			if (ks->slots[i].key) {
				size_t j = ks->slots[i].hash & (grown.cap - 1);
				while (grown.slots[j].key)
					j = (j + 1) & (grown.cap - 1);
				grown.slots[j] = ks->slots[i];
			}
		grown.used = ks->used;
		free(ks->slots);
		*ks = grown;
	}
	uint64_t h = tr_hash_bytes(key, n);
	size_t j = h & (ks->cap - 1);
	for (; ks->slots[j].key; j = (j + 1) & (ks->cap - 1))
		if (ks->slots[j].hash == h && ks->slots[j].len == n &&
		    memcmp(ks->slots[j].key, key, n) == 0)
			return false;
	ks->slots[j].key = key;
	ks->slots[j].len = n;
	ks->slots[j].hash = h;
	ks->used++;
	return true;
}

/* Tracker keys ("AMI-106") are a report's issues only when the report keys
 * its items that way: the prefix names at least two different items, or an
 * item in a heading, a table cell of its own or the lead of a list item.
 * Read once, before the sections, so an issue defined further down counts. */
void rd_learn_keys(reader *r)
{
	learn_word_keys(r);
	key_set seen = { NULL, 0, 0 };
	/* The prefix last judged, and how: a report repeats its own. */
	const char *last = NULL;
	size_t lastn = 0;
	bool last_ok = false;
	for (size_t k = 0; k < r->doc.ndashed; k++) {
		const rb_block *bl = &r->doc.blocks[r->doc.dashed[k]];
		const char *s = rb_text(&r->doc, bl);
		rt_ref ref;
		for (size_t at = 0; rt_next_tracker(s, bl->len, at, &ref); at = ref.end) {
			size_t pn = rt_prefix_len(s, &ref);
			if (!last || pn != lastn || memcmp(last, s + ref.key, pn) != 0) {
				last = s + ref.key;
				lastn = pn;
				last_ok = tracker_prefix_ok(last, pn);
			}
			if (!last_ok)
				continue;
			size_t lead = 0;
			while (lead < ref.start && !isalnum((unsigned char)s[lead]))
				lead++;
			bool item = bl->kind == RB_HEADING || (bl->kind == RB_CELL && lead == ref.start) ||
			            (bl->kind == RB_ITEM && lead == ref.start);
			size_t before = tr_smap_get(&r->prefixes, s + ref.key, pn);
			if (key_set_add(&seen, s + ref.key, ref.keylen)) {
				size_t count = (before == TR_NONE ? 0 : before) + 1 + (item ? 1 : 0);
				tr_smap_set(&r->prefixes, s + ref.key, pn, count);
			} else if (item && before != TR_NONE && before < 2) {
				tr_smap_set(&r->prefixes, s + ref.key, pn, 2);
			}
		}
	}
	free(seen.slots);
}

bool rd_ref_ok(const reader *r, const char *s, const rt_ref *ref)
{
	if (ref->form == RT_WORD)
		return r->word_keys == 2 || (r->word_keys == 1 && ref->padded);
	if (ref->form != RT_TRACKER)
		return true;
	size_t v = tr_smap_get(&r->prefixes, s + ref->key, rt_prefix_len(s, ref));
	return v != TR_NONE && v >= 2;
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
		return TR_NONE;
	size_t h = num_slot(r, num);
	return r->numkeys[h] ? r->numvals[h] : TR_NONE;
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

size_t rd_refs(const reader *r, const char *s, size_t n, rd_refv *v)
{
	v->n = 0;
	rt_ref ref;
	for (size_t at = 0; rt_next_ref(s, n, at, &ref); at = ref.end) {
		if (!rd_ref_ok(r, s, &ref))
			continue;
		tr_grow((void **)&v->v, &v->cap, v->n + 1, sizeof *v->v);
		v->v[v->n++] = ref;
	}
	return v->n;
}

/* The issue a reference names, or TR_NONE. */
size_t rd_find_ref(reader *r, const char *s, rt_ref ref)
{
	if (!rd_ref_ok(r, s, &ref))
		return TR_NONE;
	int64_t num = ref_number(s, ref);
	size_t i = num_get(r, num);
	if (i != TR_NONE)
		return i;
	char small[32];
	char *id = rd_ref_id(s, ref, small);
	i = tr_model_lookup(r->m, id);
	rd_free_id(id, small);
	if (i != TR_NONE)
		num_put(r, num, i);
	return i;
}

size_t rd_intern_ref(reader *r, const char *s, rt_ref ref, unsigned line)
{
	if (!rd_ref_ok(r, s, &ref))
		return TR_NONE;
	int64_t num = ref_number(s, ref);
	size_t i = num_get(r, num);
	if (i != TR_NONE)
		return i;
	/* Found or added by one lookup: a new issue's id was looked up twice. */
	char small[32];
	char *id = rd_ref_id(s, ref, small);
	i = rd_intern(r, id, false, line);
	rd_free_id(id, small);
	num_put(r, num, i);
	return i;
}

size_t rd_set_new(reader *r)
{
	size_t at = r->nsets;
	tr_grow((void **)&r->sets, &r->capsets, r->nsets + 1, sizeof *r->sets);
	r->sets[r->nsets++] = 0;
	return at;
}

/* Adds to the set most recently created (sets are built one at a time). */
void rd_set_add(reader *r, size_t set, size_t issue)
{
	issue_extra *e = rd_extra(r, issue);
	if (e->in_set == set + 1)
		return;
	e->in_set = set + 1;
	tr_grow((void **)&r->sets, &r->capsets, r->nsets + 1, sizeof *r->sets);
	r->sets[r->nsets++] = issue;
	r->sets[set]++;
}

size_t rd_set_mark(reader *r, size_t set)
{
	size_t mark = ++r->probes;
	FOR_SET(r, set, i)
		rd_extra(r, i)->probe = mark;
	return mark;
}

bool rd_set_marked(reader *r, size_t issue, size_t mark)
{
	return issue != TR_NONE && rd_extra(r, issue)->probe == mark;
}

/* "->", "=>", "→", "⟶", or a downward "↓" / "⬇" somewhere in the line
 * (one pass; most lines have none). */
bool rd_has_arrow(const char *s, size_t n)
{
	for (const char *p = s, *e = s + n; (p = memchr(p, '>', (size_t)(e - p))) != NULL; p++)
		if (p > s && (p[-1] == '-' || p[-1] == '='))
			return true;
	for (const char *p = s, *e = s + n; (p = memchr(p, 0xE2, (size_t)(e - p))) != NULL; p++)
		if (e - p >= 3 && (((unsigned char)p[1] == 0x86 && (unsigned char)p[2] == 0x92) ||
		                   ((unsigned char)p[1] == 0x86 && (unsigned char)p[2] == 0x93) ||
		                   ((unsigned char)p[1] == 0xAC && (unsigned char)p[2] == 0x87) ||
		                   ((unsigned char)p[1] == 0x9F && (unsigned char)p[2] == 0xB6)))
			return true;
	for (const char *p = s, *e = s + n; (p = memchr(p, 0xE2, (size_t)(e - p))) != NULL; p++)
		if (e - p >= 3 && (unsigned char)p[1] == 0x86 && (unsigned char)p[2] == 0x90)
			return true;    /* ← */
	for (const char *p = s, *e = s + n; (p = memchr(p, '<', (size_t)(e - p))) != NULL; p++)
		if (p > s && p[-1] == ' ' && e - p >= 3 && p[1] == '-')
			return true;
	return false;
}

bool rd_says_arrow(const char *s, size_t n)
{
	/* By its rarest letter: asked of most lines, and glibc's memmem spends
	 * more on setting up than a short line takes. */
	if (n < 4)
		return false;
	for (const char *p = s + 3, *e = s + n; p < e && (p = memchr(p, 'w', (size_t)(e - p))); p++)
		if (p[-3] == 'r' && p[-2] == 'r' && p[-1] == 'o')
			return true;
	return false;
}

static const char *const dep_words[] = {
	"depend", "prerequisite", "block", "critical path", NULL,
};

/* A paragraph that is only a label introducing what follows ("**Issue
 * Dependencies:**", "DEPENDENCY CHAIN:") and speaks of dependencies. */
void rd_intro(reader *r, const rb_block *bl)
{
	const char *s = rb_text(&r->doc, bl);
	size_t n = bl->len;
	r->intro_deps = false;
	if (n > 80 || memchr(s, '\n', n))
		return;
	while (n && strchr(" \t*_`", s[n - 1]))
		n--;
	if (!n || s[n - 1] != ':')
		return;
	char lower[81];
	for (size_t i = 0; i < n; i++)
		lower[i] = (char)tolower((unsigned char)s[i]);
	lower[n] = '\0';
	for (const char *const *w = dep_words; *w; w++)
		if (strstr(lower, *w))
			r->intro_deps = true;
}

/* Whether a heading in force speaks of dependencies: there a bare arrow
 * between issues is one. */
static bool in_dependency_map(reader *r)
{
	for (unsigned l = 1; l < RD_LEVELS; l++) {
		size_t h = r->active[l];
		/* The report's title speaks of the whole report ("Release 3.2
		 * blockers"), not of its arrows. */
		if (h == TR_NONE || h == r->title_heading)
			continue;
		heading *hd = &r->heads[h];
		if (hd->deps < 0)
			hd->deps = rd_heading_says(r, hd, dep_words);
		if (hd->deps)
			return true;
	}
	return false;
}

size_t rd_add_dep(reader *r, dep_kind kind, size_t off, size_t len, unsigned line, size_t issue)
{
	tr_grow((void **)&r->deps, &r->capdeps, r->ndeps + 1, sizeof *r->deps);
	size_t parent = TR_NONE;
	if (r->item != TR_NONE) {
		unsigned depth = r->doc.blocks[r->item].level;
		if (depth > 1 && depth - 1 < sizeof r->items / sizeof *r->items)
			parent = r->items[depth - 1];
	}
	size_t inner = TR_NONE;
	for (unsigned l = RD_LEVELS - 1; l >= 1 && kind == DEP_LINE; l--) {
		size_t h = r->active[l];
		if (h == TR_NONE || !r->heads[h].has_refs)
			continue;
		if (r->heads[h].role == H_PLAIN)
			inner = r->heads[h].block;
		break;
	}
	size_t section = TR_NONE;
	for (unsigned l = RD_LEVELS - 1; l >= 1 && section == TR_NONE; l--)
		section = r->active[l];
	r->deps[r->ndeps] = (pending_dep){
		.kind = kind, .off = off, .len = len, .line = line, .issue = issue,
		.set = r->target, .item = r->item, .parent = parent, .code = r->code,
		.heading = inner, .first = r->item_first, .section = section,
		.map = kind == DEP_LINE && (r->intro_deps || in_dependency_map(r)),
	};
	return r->ndeps++;
}
