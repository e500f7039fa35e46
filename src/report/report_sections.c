/* Headings: the outline of a report, and which headings open an issue
 * section (see report.c). */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "report_internal.h"
#include "triage/text.h"

/* Whether any of `words` (lower case, fewer than 64) is written in s[0..n),
 * any case, as part of a word or whole.  One pass stops only where a word
 * may start, and compares there only the words starting with that byte
 * (chained by its low five bits), rather than a scan for each word. */
static bool says_any(const char *s, size_t n, const char *const *words)
{
	unsigned char head[32], next[64];
	memset(head, 0xFF, sizeof head);
	for (unsigned w = 0; words[w] && w < sizeof next; w++) {
		unsigned b = (unsigned char)words[w][0] & 31;
		next[w] = head[b];
		head[b] = (unsigned char)w;
	}
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c >= 'A' && c <= 'Z')
			c += 'a' - 'A';
		for (unsigned k = head[c & 31]; k != 0xFF; k = next[k]) {
			const unsigned char *w = (const unsigned char *)words[k];
			if (w[0] != c)
				continue;
			size_t j = 1;
			for (; w[j] && i + j < n; j++) {
				unsigned char d = (unsigned char)s[i + j];
				if ((d >= 'A' && d <= 'Z' ? d + ('a' - 'A') : d) != w[j])
					break;
			}
			if (!w[j])
				return true;
		}
	}
	return false;
}

const char *const rd_plan_words[] = {
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
static void link_aliases(reader *r);

void rd_outline(reader *r)
{
	size_t stack[RD_LEVELS];
	for (int l = 0; l < RD_LEVELS; l++)
		stack[l] = TR_NONE;
	r->heads = tr_calloc(r->doc.nheads ? r->doc.nheads : 1, sizeof *r->heads);
	for (size_t k = 0; k < r->doc.nheads; k++) {
		size_t b = r->doc.heads[k];
		const rb_block *bl = &r->doc.blocks[b];
		unsigned level = bl->level >= 1 && bl->level <= 6 ? bl->level : 6;
		size_t parent = TR_NONE;
		for (unsigned l = level - 1; l >= 1 && parent == TR_NONE; l--)
			parent = stack[l];
		for (unsigned l = level; l < RD_LEVELS; l++)
			stack[l] = TR_NONE;
		heading *h = &r->heads[r->nheads];
		h->block = b;
		h->level = level;
		h->parent = parent;
		h->set = TR_NONE;
		h->has_label = -1;
		h->plan = -1;
		h->related = -1;
		h->deps = -1;
		h->plevel = -2;
		h->goals = -1;
		h->status = -2;
		h->alias = TR_NONE;
		h->has_refs = bl->has_ref || rd_word_lead(r, rb_text(&r->doc, bl), bl->len);
		h->impact = -1;
		if (h->has_refs) {
			if (parent == TR_NONE)
				r->root_ref_levels |= 1u << level;
			else
				r->heads[parent].ref_levels |= 1u << level;
		}
		stack[level] = r->nheads++;
	}
	link_aliases(r);
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

/* The same, in the heading's own text only (to its first subheading): a
 * group of issue sections is no named issue for their labels. */
static bool own_has_label(reader *r, size_t h)
{
	size_t end = h + 1 < r->nheads ? r->heads[h + 1].block : r->doc.nblocks;
	for (size_t b = r->heads[h].block + 1; b < end; b++) {
		const rb_block *bl = &r->doc.blocks[b];
		if ((bl->kind == RB_PARA || bl->kind == RB_ITEM) &&
		    block_has_issue_label(rb_text(&r->doc, bl), bl->len))
			return true;
	}
	return false;
}

void rd_set_severity(tr_issue *is, const char *severity, unsigned line)
{
	if (!severity || !*severity)
		return;
	if (!is->severity)
		is->severity = tr_strdup(severity);
	if (is->priority == TR_PRIORITY_NONE) {
		is->priority = tr_priority_from_text(severity);
		if (is->priority != TR_PRIORITY_NONE)
			rd_source(is, TR_SOURCE_PRIORITY, line);
	}
}

void rd_define(reader *r, size_t issue, const char *title, const char *severity)
{
	tr_issue *is = &r->m->issues[issue];
	if (!is->title && title && *title) {
		is->title = tr_strdup(title);
		rd_source(is, TR_SOURCE_TITLE, r->at_line);
	}
	rd_set_severity(is, severity, r->at_line);
}

void rd_define_own(reader *r, size_t issue, char **title, char **severity)
{
	tr_issue *is = &r->m->issues[issue];
	if (!is->title && *title && **title) {
		is->title = *title;
		*title = NULL;
		rd_source(is, TR_SOURCE_TITLE, r->at_line);
	}
	/* The priority is read from what this heading says, taken or not. */
	const char *said = *severity;
	if (!is->severity && said && *said) {
		is->severity = *severity;
		*severity = NULL;
	}
	rd_set_severity(is, said, r->at_line);
}

/* Whether the heading's text holds one of `words` (lower case), looking at
 * its first 255 bytes. */
/* What a heading's text says of a list of words, remembered by the text and
 * the list: substrings (says_any) or, with nwords, whole words
 * (rt_has_any_word); a list is one kind or the other. */
static bool heading_memo(reader *r, const heading *hd, const char *const *words, size_t nwords)
{
	const rb_block *bl = &r->doc.blocks[hd->block];
	const char *s = rb_text(&r->doc, bl);
	/* Substrings are looked for in the first 255 bytes; whole words in
	 * all of the text, remembered when it is no longer. */
	if (nwords && bl->len > 255)
		return rt_has_any_word(s, bl->len, words, nwords);
	size_t n = bl->len < 255 ? bl->len : 255;
	uint32_t h = (uint32_t)tr_hash_bytes(s, n);
	h ^= (uint32_t)((uintptr_t)words >> 4) * 2654435761u;
	rd_says_memo *m = &r->says_memo[h % RD_SAYS_MEMO];
	if (m->words == words && m->hash == h) {
		const rb_block *was = &r->doc.blocks[m->block];
		if ((was->len < 255 ? was->len : 255) == n && memcmp(rb_text(&r->doc, was), s, n) == 0)
			return m->says;
	}
	bool says = nwords ? rt_has_any_word(s, n, words, nwords) : says_any(s, n, words);
	if (hd->block <= UINT32_MAX)
		*m = (rd_says_memo){ words, h, (uint32_t)hd->block, says };
	return says;
}

bool rd_heading_says(reader *r, const heading *hd, const char *const *words)
{
	return heading_memo(r, hd, words, 0);
}

int rd_group_plevel(reader *r, unsigned level, unsigned *line)
{
	for (unsigned l = level; l-- > 1;) {
		size_t h = r->active[l];
		if (h == TR_NONE || h == r->title_heading || r->heads[h].role != H_PLAIN)
			continue;
		heading *hd = &r->heads[h];
		if (hd->plevel == -2) {
			const rb_block *bl = &r->doc.blocks[hd->block];
			hd->plevel = (signed char)rt_plevel(rb_text(&r->doc, bl), bl->len);
		}
		if (hd->plevel >= 0) {
			if (line)
				*line = r->doc.blocks[hd->block].line;
			return hd->plevel;
		}
	}
	return -1;
}

void rd_set_plevel(reader *r, size_t set, int pl)
{
	if (pl < 0 || set == TR_NONE)
		return;
	FOR_SET(r, set, i) {
		tr_issue *is = &r->m->issues[i];
		if (is->priority == TR_PRIORITY_NONE) {
			is->priority = (tr_priority)pl;
			rd_source(is, TR_SOURCE_PRIORITY, r->at_line);
		}
	}
}

static const char *const goal_words[] = {
	"criteria", "acceptance", "target", "targets", "goal", "goals", "objective", "objectives",
	"expected",
};

static const char *const impact_words[] = { "impact", "implication", "risk", NULL };

/* Recomputes where content goes from the headings in force. */
static void update_context(reader *r)
{
	size_t issue_level = 0, issue_set = TR_NONE, narrow = TR_NONE;
	r->impact = false;
	for (unsigned l = 1; l < RD_LEVELS; l++) {
		size_t h = r->active[l];
		if (h == TR_NONE)
			continue;
		const heading *hd = &r->heads[h];
		if (hd->role == H_ISSUE) {
			issue_level = l;
			issue_set = hd->set;
			narrow = TR_NONE;
			r->impact = false;
		} else if (hd->role == H_NARROW && issue_set != TR_NONE) {
			narrow = hd->set;
		}
		if (issue_set != TR_NONE && l > issue_level) {
			heading *sub = &r->heads[h];
			if (sub->impact < 0)
				sub->impact = rd_heading_says(r, sub, impact_words);
			r->impact |= sub->impact > 0;
		}
	}
	r->target = narrow != TR_NONE ? narrow : issue_set;
}

bool rd_in_goals(reader *r)
{
	/* An issue's own heading is its title, never a heading of goals. */
	for (unsigned l = 1; l < RD_LEVELS; l++)
		if (r->active[l] != TR_NONE && r->active[l] != r->title_heading &&
		    r->heads[r->active[l]].role != H_ISSUE) {
			heading *hd = &r->heads[r->active[l]];
			if (hd->goals < 0)
				hd->goals = heading_memo(r, hd, goal_words,
				                         sizeof goal_words / sizeof *goal_words);
			if (hd->goals > 0)
				return true;
		}
	return false;
}

/* The end of a heading's own text: the block of the next heading. */
static size_t own_end(const reader *r, size_t h)
{
	return h + 1 < r->nheads ? r->heads[h + 1].block : r->doc.nblocks;
}

/* Calls fn for each issue label of the heading's own text whose value names
 * issues ("**GitHub Issue:** [#254](…)"); returns how many there were. */
static size_t each_issue_label(reader *r, size_t h,
                               void (*fn)(reader *, const rb_block *, size_t, size_t, void *),
                               void *ctx)
{
	size_t found = 0;
	for (size_t b = r->heads[h].block + 1; b < own_end(r, h); b++) {
		const rb_block *bl = &r->doc.blocks[b];
		if (bl->kind != RB_PARA && bl->kind != RB_ITEM)
			continue;
		const char *s = rb_text(&r->doc, bl);
		if (!memchr(s, ':', bl->len))
			continue;
		for (size_t ls = 0; ls < bl->len;) {
			const char *nl = memchr(s + ls, '\n', bl->len - ls);
			size_t le = nl ? (size_t)(nl - s) : bl->len, v;
			/* An issue label's name is short: most lines are left at once. */
			size_t head = le - ls < 48 ? le - ls : 48;
			const char *colon = memchr(s + ls, ':', head);
			if (colon && rt_may_name_issue(s + ls, (size_t)(colon - (s + ls))) &&
			    rt_label(s + ls, le - ls, &v) == RL_ISSUE &&
			    rt_issue_value(s + ls + v, le - ls - v) != TR_NONE) {
				found++;
				if (fn)
					fn(r, bl, ls + v, le, ctx);
			}
			ls = le + 1;
		}
	}
	return found;
}

/* The key of a heading of local numbering by a word ("Issue 2: Title (P0)
 * ✅"): "issue 2|title", lower case, the title up to a bracket; NULL for
 * other headings. */
static char *local_key(const char *s, size_t n)
{
	char small[RT_SMALL];
	char *clean = rt_clean_tmp(s, n, small);
	size_t len = strlen(clean), skip = rt_local_prefix(clean, len);
	char *key = NULL;
	if (skip && isalpha((unsigned char)clean[0])) {
		size_t d = 0;
		while (d < skip && !isdigit((unsigned char)clean[d]))
			d++;
		size_t e = d;
		while (e < skip && isdigit((unsigned char)clean[e]))
			e++;
		size_t t = skip, te = t;
		while (te < len && clean[te] != '(' && clean[te] != '[' && te - t < 64)
			te++;
		while (te > t && clean[te - 1] == ' ')
			te--;
		if (te > t) {
			/* "issue 2|title": built by hand, as every such heading asks. */
			key = tr_malloc(e + 1 + (te - t) + 1);
			memcpy(key, clean, e);
			key[e] = '|';
			memcpy(key + e + 1, clean + t, te - t);
			key[e + 1 + (te - t)] = '\0';
			for (char *p = key; *p; p++)
				*p = (char)tolower((unsigned char)*p);
		}
	}
	rt_clean_free(clean, small);
	return key;
}

/* The heading a label line all in bold right under heading h became
 * ("**GitHub Issue:** [#973](…) - **UPDATED**"), when it names one issue;
 * else TR_NONE. */
static size_t bold_ref(reader *r, size_t h)
{
	if (h + 1 >= r->nheads || r->heads[h + 1].block != r->heads[h].block + 1 ||
	    r->heads[h + 1].level <= r->heads[h].level || !r->heads[h + 1].has_refs)
		return TR_NONE;
	const rb_block *bl = &r->doc.blocks[r->heads[h + 1].block];
	size_t v;
	if (rt_label(rb_text(&r->doc, bl), bl->len, &v) != RL_ISSUE)
		return TR_NONE;
	return rd_refs(r, rb_text(&r->doc, bl), bl->len, &r->refs) == 1 ? h + 1 : TR_NONE;
}

/* A report of local numbering may tell an item twice, first in its own
 * section and later under the same "Issue 2: Title" with the issue it was
 * filed as ("**GitHub Issue:** [#997](…)"): the first section is that
 * issue's too.  One pass over the headings and their own text. */
static void link_aliases(reader *r)
{
	tr_smap named = TR_SMAP_INIT;
	char **keys = tr_calloc(r->nheads ? r->nheads : 1, sizeof *keys);
	for (size_t h = 0; h < r->nheads; h++) {
		const rb_block *bl = &r->doc.blocks[r->heads[h].block];
		if (r->heads[h].has_refs || bl->len > 200 || !rt_local_prefix(rb_text(&r->doc, bl), bl->len))
			continue;
		keys[h] = local_key(rb_text(&r->doc, bl), bl->len);
		if (keys[h] && (each_issue_label(r, h, NULL, NULL) == 1 || bold_ref(r, h) != TR_NONE))
			tr_smap_put(&named, keys[h], strlen(keys[h]), h);
	}
	for (size_t h = 0; h < r->nheads; h++) {
		if (keys[h]) {
			size_t to = tr_smap_get(&named, keys[h], strlen(keys[h]));
			if (to != h)
				r->heads[h].alias = to;
		}
		free(keys[h]);
	}
	free(keys);
	tr_smap_free(&named);
}

/* "#838 - \"GCP-auth | P1 | Golden Path …\"": the title and the P-level
 * after an issue label's references. */
static void label_parts(const char *rest, char **title, char **severity)
{
	*title = *severity = NULL;
	char *c = rt_clean(rest, strlen(rest));
	char *p = c;
	while (*p && (strchr(" -:|\"'()[]*", *p) || ((unsigned char)*p == 0xE2 && p[1] && p[2] &&
	                                             (p += 2, true))))
		p++;
	size_t n = strlen(p);
	while (n && strchr(" \"')]*", p[n - 1]))
		n--;
	p[n] = '\0';
	/* Tracker titles keep fields between bars: "area | P1 | title". */
	for (char *seg = p, *bar; seg && *seg; seg = bar ? bar + 1 : NULL) {
		bar = strchr(seg, '|');
		size_t sn = bar ? (size_t)(bar - seg) : strlen(seg);
		char *t = rt_trim_dup(seg, sn);
		if (!t)
			continue;
		if (!*severity && strlen(t) <= 3 && (t[0] == 'P' || t[0] == 'p') &&
		    t[1] >= '0' && t[1] <= '3' && !t[2]) {
			*severity = t;
			continue;
		}
		if (!bar && !rt_severity_like(t, strlen(t))) {
			free(*title);
			*title = t;
			continue;
		}
		free(t);
	}
	free(c);
}

typedef struct label_ctx {
	size_t set;
	const char *htitle, *hseverity;   /* the heading's, for issues it is about */
} label_ctx;

static void add_label_issues(reader *r, const rb_block *bl, size_t vb, size_t ve, void *ctx)
{
	label_ctx *lc = ctx;
	const char *s = rb_text(&r->doc, bl);
	size_t at = vb + rt_issue_value(s + vb, ve - vb);
	char *text = tr_strndup(s + at, ve - at);
	rd_refv refs = { NULL, 0, 0 };
	rd_refs(r, text, strlen(text), &refs);
	char *title = NULL, *severity = NULL;
	if (refs.n)
		label_parts(text + refs.v[refs.n - 1].end, &title, &severity);
	for (size_t k = 0; k < refs.n; k++) {
		size_t i = rd_intern_ref(r, text, refs.v[k], bl->line);
		if (i == TR_NONE)
			continue;
		/* The heading is about the issue a label names; when the label
		 * lists several, the heading is the group's ("Issues: #1, #2"). */
		if (refs.n == 1)
			rd_define(r, i, lc->htitle, lc->hseverity);
		rd_define(r, i, title, severity);
		rd_set_add(r, lc->set, i);
	}
	free(title);
	free(severity);
	free(refs.v);
	free(text);
}

/* How many issues an issue label's value names, added to *ctx. */
static void count_label_issues(reader *r, const rb_block *bl, size_t vb, size_t ve, void *ctx)
{
	const char *s = rb_text(&r->doc, bl);
	size_t at = vb + rt_issue_value(s + vb, ve - vb);
	char *text = tr_strndup(s + at, ve - at);
	rd_refv refs = { NULL, 0, 0 };
	*(size_t *)ctx += rd_refs(r, text, strlen(text), &refs);
	free(refs.v);
	free(text);
}

/* ---- reports that key nothing ------------------------------------------- */

/* A line of failure output: "... FAILED", "FAIL:", "TypeError: …",
 * "Traceback", "panic:", "✗", "失败". */
static bool failure_line(const char *s, size_t n)
{
	/* One pass, passing by table the bytes no mark starts with, and
	 * trying only the marks that start with the byte at hand: every line
	 * of a folder's code blocks comes here, and capitals ("The", "For")
	 * are many. */
	static const bool first[256] = {
		['F'] = true, ['E'] = true, ['T'] = true, ['A'] = true, ['p'] = true,
		[0xE2] = true, [0xE5] = true,
	};
#define AT(lit) (n - i >= sizeof lit - 1 && memcmp(s + i, lit, sizeof lit - 1) == 0)
	for (size_t i = 0; i < n; i++) {
		if (!first[(unsigned char)s[i]])
			continue;
		bool found;
		switch ((unsigned char)s[i]) {
		case 'F':
			found = AT("FAIL") && (AT("FAILED") || AT("FAIL:") || AT("FAIL "));
			break;
		case 'E':
			found = AT("Error:") || AT("Exception");
			break;
		case 'T':
			found = AT("Traceback");
			break;
		case 'A':
			found = AT("AssertionError");
			break;
		case 'p':
			found = AT("panic:");
			break;
		case 0xE2:
			found = AT("\xE2\x9C\x97") || AT("\xE2\x9C\x96");          /* ✗ ✖ */
			break;
		case 0xE5:
			found = AT("\xE5\xA4\xB1\xE8\xB4\xA5");                     /* 失败 */
			break;
		default:
			found = false;
			break;
		}
		if (found)
			return true;
	}
#undef AT
	return false;
}

/* Whether a line of the block states an item's status, priority, severity
 * or test files.  A label set in code ("- `priority`: only a literal P0-P3")
 * names a field that a guide describes, not a value of this item. */
static bool block_labels(const reader *r, const rb_block *bl)
{
	const char *s = rb_text(&r->doc, bl);
	size_t n = bl->len;
	if (!memchr(s, ':', n))
		return false;
	const rb_span *sp = rb_spans(&r->doc, bl);
	for (size_t b = 0; b < n;) {
		const char *nl = memchr(s + b, '\n', n - b);
		size_t e = nl ? (size_t)(nl - s) : n, v;
		rl_kind k = rt_label(s + b, e - b, &v);
		if ((k == RL_STATUS || k == RL_TEST_FILES || k == RL_PRIORITY || k == RL_SEVERITY ||
		     k == RL_RISK) &&
		    v < e - b) {
			bool code = false;
			for (unsigned c = 0; c < bl->nspans && !code && sp[c].start < b + v; c++)
				code = sp[c].start >= b;
			if (!code)
				return true;
		}
		b = e + 1;
	}
	return false;
}

/* What the blocks of heading h's own text (to the next heading of any
 * level) hold: bit 0 failure output, bit 1 an issue's labels, bit 2
 * anything. */
static unsigned own_evidence(reader *r, size_t h)
{
	size_t end = h + 1 < r->nheads ? r->heads[h + 1].block : r->doc.nblocks;
	unsigned ev = 0;
	for (size_t b = r->heads[h].block + 1; b < end && ev != 7; b++) {
		const rb_block *bl = &r->doc.blocks[b];
		if (bl->kind == RB_ROW_END || bl->kind == RB_TABLE_END || bl->kind == RB_HEADING)
			continue;
		const char *s = rb_text(&r->doc, bl);
		if (bl->len)
			ev |= 4;
		if (bl->kind == RB_CODE) {
			for (size_t i = 0; i < bl->len && !(ev & 1);) {
				size_t n = strlen(s + i);
				if (failure_line(s + i, n))
					ev |= 1;
				i += n + 1;
			}
		} else if (!(ev & 1) && failure_line(s, bl->len)) {
			ev |= 1;
		}
		if (!(ev & 2) && (bl->kind == RB_PARA || bl->kind == RB_ITEM) && block_labels(r, bl))
			ev |= 2;
	}
	return ev;
}

/* The outline's sections for rd_fallback_items: where each heading's
 * section ends, and what each holds, read once. */
typedef struct sections {
	size_t *next;           /* the first heading after h of its level or higher; nheads if none */
	unsigned *memo;         /* evidence | 8 once known, else 0 */
	size_t *chain;          /* room for a sibling group (group_from) */
} sections;

static void sections_init(sections *sc, const reader *r)
{
	size_t n = r->nheads ? r->nheads : 1;
	sc->next = tr_malloc(n * sizeof *sc->next);
	sc->memo = tr_calloc(n, sizeof *sc->memo);
	sc->chain = tr_malloc(n * sizeof *sc->chain);
	/* From the end, keeping the headings still waiting for their end. */
	size_t *stack = tr_malloc(n * sizeof *stack), depth = 0;
	for (size_t h = r->nheads; h-- > 0;) {
		while (depth && r->heads[stack[depth - 1]].level > r->heads[h].level)
			depth--;
		sc->next[h] = depth ? stack[depth - 1] : r->nheads;
		stack[depth++] = h;
	}
	free(stack);
}

static void sections_free(sections *sc)
{
	free(sc->next);
	free(sc->memo);
	free(sc->chain);
}

/* What heading h's section (to the next heading of its level or higher)
 * holds, as own_evidence: its own text and its subsections', each read
 * once however many sections enclose it.  Subsections are deeper, so the
 * recursion is at most six deep. */
static unsigned evidence(reader *r, sections *sc, size_t h)
{
	if (!sc->memo[h]) {
		unsigned ev = own_evidence(r, h);
		for (size_t k = h + 1; k < sc->next[h] && ev != 7; k = sc->next[k])
			ev |= evidence(r, sc, k);
		sc->memo[h] = ev | 8;
	}
	return sc->memo[h] & 7;
}

/* Whether a word holds "test", "spec" or ".cy.": compared in place, four
 * bytes at a time (a word is shorter than memmem takes to set up). */
static bool names_test(const char *w, size_t k)
{
	for (size_t j = 0; j + 4 <= k; j++)
		if (memcmp(w + j, "test", 4) == 0 || memcmp(w + j, "spec", 4) == 0 ||
		    memcmp(w + j, ".cy.", 4) == 0)
			return true;
	return false;
}

/* Whether a heading reads as an item of its own: 2 when it names a test
 * file, 1 when it is numbered ("1. …", "Cluster 2: …") or led by a failure
 * mark (❌), else 0. */
static int item_heading(reader *r, size_t h)
{
	const rb_block *bl = &r->doc.blocks[r->heads[h].block];
	char small[RT_SMALL];
	char *c = rt_clean_tmp(rb_text(&r->doc, bl), bl->len, small);
	size_t n = strlen(c);
	const char *s = rb_text(&r->doc, bl);
	size_t i = 0;
	while (i < bl->len && (s[i] == ' ' || s[i] == '*'))
		i++;
	bool item = false;
	for (const char *w = c; !item && *w;) {
		while (*w == ' ' || *w == '(' || *w == ')' || *w == '`')
			w++;
		size_t k = strcspn(w, " ()`");
		/* The cheap test first: most words name no test. */
		item = k && names_test(w, k) && rt_path_like(w, k);
		w += k;
	}
	bool numbered = rt_local_prefix(c, n) > 0 ||
	                (bl->len - i >= 3 && memcmp(s + i, "\xE2\x9D\x8C", 3) == 0);
	rt_clean_free(c, small);
	return item ? 2 : numbered ? 1 : 0;
}

static const char *const failure_title_words[] = {
	"fail", "flaky", "bug", "cluster", "incident", "regression", "error", "outage", "crash",
	"broken", "\xE5\xA4\xB1\xE8\xB4\xA5", "\xE9\x94\x99\xE8\xAF\xAF", "fallo", NULL,
};

/* The sibling group from heading h on (same parent, same level): its
 * members with any text, and how many of those hold failure output.
 * Siblings follow one another through sc->next, and every heading of a
 * group may start one (see rd_fallback_items): the counts are kept for the
 * rest of the group, so a group of thousands is not counted again for each
 * of its members. */
typedef struct group_count {
	size_t members, failing;
} group_count;

static group_count group_from(reader *r, sections *sc, group_count *memo, size_t h)
{
	if (memo[h].members != TR_NONE)
		return memo[h];
	/* The siblings not counted yet, then their counts from the last back. */
	size_t n = 0, k = h;
	for (; k < r->nheads && memo[k].members == TR_NONE; k = sc->next[k]) {
		sc->chain[n++] = k;
		size_t nx = sc->next[k];
		if (nx >= r->nheads || r->heads[nx].parent != r->heads[h].parent ||
		    r->heads[nx].level != r->heads[h].level) {
			k = r->nheads;
			break;
		}
	}
	group_count c = k < r->nheads ? memo[k] : (group_count){ 0, 0 };
	while (n--) {
		unsigned ev = evidence(r, sc, sc->chain[n]);
		if (ev & 4) {
			c.members++;
			c.failing += ev & 1;
		}
		memo[sc->chain[n]] = c;
	}
	return c;
}

void rd_fallback_items(reader *r)
{
	size_t title = r->nheads && r->heads[0].level == 1 ? 0 : TR_NONE;
	size_t found = 0;
	sections sc;
	sections_init(&sc, r);
	/* Numbered or test-named headings with failures or labels in them; the
	 * outermost of them, so a scenario's "1. Page state" stays inside it. */
	for (size_t h = 0; h < r->nheads; h++) {
		if (h == title)
			continue;
		bool inside = false;
		for (size_t p = r->heads[h].parent; p != TR_NONE && !inside; p = r->heads[p].parent)
			inside = r->heads[p].fallback;
		int kind = inside ? 0 : item_heading(r, h);
		if (!kind)
			continue;
		if (kind == 2 || (evidence(r, &sc, h) & 3)) {
			r->heads[h].fallback = true;
			found++;
		}
	}
	if (found) {
		sections_free(&sc);
		return;
	}
	/* Sibling sections that all hold failure output ("## Related to
	 * locale handling" with its FAILED lines). */
	group_count *groups = tr_malloc((r->nheads ? r->nheads : 1) * sizeof *groups);
	for (size_t h = 0; h < r->nheads; h++)
		groups[h].members = TR_NONE;
	for (size_t h = 0; h < r->nheads && !found; h++) {
		if (h == title)
			continue;
		group_count c = group_from(r, &sc, groups, h);
		if (c.members >= 2 && c.failing == c.members) {
			for (size_t k = h; k < r->nheads; k = sc.next[k]) {
				if (evidence(r, &sc, k) & 4)
					r->heads[k].fallback = true;
				size_t nx = sc.next[k];
				if (nx >= r->nheads || r->heads[nx].parent != r->heads[h].parent ||
				    r->heads[nx].level != r->heads[h].level)
					break;
			}
			found = c.members;
		}
		/* Only the first heading of each sibling group starts a group. */
		size_t p = r->heads[h].parent;
		while (h + 1 < r->nheads && r->heads[h + 1].parent != p)
			h++;
	}
	free(groups);
	/* The title alone speaks of failures in a guide or a README too ("Real
	 * cluster reports for triage"): the document must show one, in its
	 * output or in an item's status or labels. */
	if (!found && title != TR_NONE && rd_heading_says(r, &r->heads[title], failure_title_words) &&
	    (evidence(r, &sc, title) & 3))
		r->heads[title].fallback = true;
	sections_free(&sc);
}

void rd_read_heading(reader *r, size_t h)
{
	heading *hd = &r->heads[h];
	const rb_block *bl = &r->doc.blocks[hd->block];
	unsigned level = hd->level;
	for (unsigned l = level; l < RD_LEVELS; l++)
		r->active[l] = TR_NONE;
	for (unsigned d = 0; d < sizeof r->items / sizeof *r->items; d++)
		r->items[d] = TR_NONE;
	r->intro_deps = false;
	size_t enclosing = TR_NONE;       /* the issue section this heading is in */
	for (unsigned l = 1; l < level; l++)
		if (r->active[l] != TR_NONE && r->heads[r->active[l]].role == H_ISSUE &&
		    r->active[l] != r->title_heading)
			enclosing = r->active[l];
	/* An unnumbered heading among issue headings (same level, same parent)
	 * whose section carries an issue's labels is a named issue. */
	bool named = false;
	if (!hd->has_refs && enclosing == TR_NONE) {
		unsigned siblings = hd->parent == TR_NONE ? r->root_ref_levels
		                                       : r->heads[hd->parent].ref_levels;
		named = (siblings & (1u << level)) && own_has_label(r, h);
	}
	named |= hd->fallback;
	/* "### C3: Title": a short key leading a heading keys its item. */
	size_t shortkey = 0;
	if (!hd->has_refs && enclosing == TR_NONE && !named) {
		const char *t = rb_text(&r->doc, bl);
		size_t i = 0;
		while (i < bl->len && (t[i] == ' ' || (unsigned char)t[i] >= 0x80)) {
			uint32_t cp;
			size_t k = (unsigned char)t[i] >= 0x80 ? tr_utf8_decode(t + i, bl->len - i, &cp) : 1;
			if ((unsigned char)t[i] >= 0x80 && !rt_is_emoji(cp))
				break;
			i += k;
		}
		size_t k = rt_short_key(t + i, bl->len - i);
		if (k && i + k < bl->len && (t[i + k] == ':' || t[i + k] == ' '))
			shortkey = k;
	}
	/* A heading of local numbering ("### 1. CRITICAL: …", "### Issue 1: …")
	 * whose own text names its issue ("**GitHub Issue:** [#254](…)") is
	 * that issue's section. */
	bool labelled = enclosing == TR_NONE && each_issue_label(r, h, NULL, NULL) > 0;
	/* The heading whose labels name the issue: its own, or its alias's;
	 * or the bold label line under its alias that names it. */
	size_t lh = h, aliased = TR_NONE;
	if (!labelled && enclosing == TR_NONE && !hd->has_refs && hd->alias != TR_NONE) {
		if (each_issue_label(r, hd->alias, NULL, NULL) > 0) {
			lh = hd->alias;
			labelled = true;
		} else {
			aliased = bold_ref(r, hd->alias);
		}
	}
	/* Most headings are subsections ("Critical Findings:"): nothing to read. */
	if (h != 0 && !hd->has_refs && !named && !labelled && !shortkey && aliased == TR_NONE) {
		r->active[level] = h;
		update_context(r);
		return;
	}
	char small[RT_SMALL];
	char *clean = rt_clean_tmp(rb_text(&r->doc, bl), bl->len, small);
	if (h == 0) {
		/* A level-1 first heading is the report's title, not a section. */
		if (level == 1)
			r->title_heading = 0;
		if (*clean)
			r->m->reports[0].title = tr_strdup(clean);
	}

	size_t nclean = strlen(clean), nrefs = rd_refs(r, clean, nclean, &r->refs);
	const rt_ref *refs = r->refs.v;

	if (nrefs > 0 && enclosing != TR_NONE) {
		/* A subsection naming some of its section's issues narrows to them. */
		size_t mark = rd_set_mark(r, r->heads[enclosing].set);
		bool subset = true;
		for (size_t k = 0; k < nrefs && subset; k++)
			subset = rd_set_marked(r, rd_find_ref(r, clean, refs[k]), mark);
		if (subset) {
			hd->role = H_NARROW;
			hd->set = rd_set_new(r);
			for (size_t k = 0; k < nrefs; k++)
				rd_set_add(r, hd->set, rd_find_ref(r, clean, refs[k]));
		}
	}
	/* Other issues named under an issue section ("#### Related: #999") are
	 * mentions, unless their section carries an issue's labels. */
	if (nrefs > 0 && hd->role == H_PLAIN && (enclosing == TR_NONE || section_has_label(r, h))) {
		char *title, *severity;
		rt_heading_parts(clean, refs, nrefs, &title, &severity);
		hd->role = H_ISSUE;
		hd->set = rd_set_new(r);
		for (size_t k = 0; k < nrefs; k++) {
			size_t i = rd_intern_ref(r, clean, refs[k], bl->line);
			if (i != TR_NONE)
				rd_set_add(r, hd->set, i);
		}
		/* The document's title names the one issue it is about; naming
		 * several ("# Cache cluster: #1, #2 and #3"), it is the cluster's. */
		bool cluster = h == r->title_heading && r->sets[hd->set] > 1;
		const char *said = severity;    /* the issue may take it */
		if (r->sets[hd->set] == 1)
			rd_define_own(r, r->sets[hd->set + 1], &title, &severity);
		else
			FOR_SET(r, hd->set, i)
				rd_define(r, i, cluster ? NULL : title, severity);
		if (labelled) {
			label_ctx lc = { hd->set, NULL, said };
			each_issue_label(r, h, add_label_issues, &lc);
		}
		free(title);
		free(severity);
	} else if (shortkey && nrefs == 0 && !labelled) {
		size_t lead = 0;
		while (clean[lead] && !isupper((unsigned char)clean[lead]))
			lead++;
		char *id = tr_strndup(clean + lead, shortkey);
		char *title, *severity;
		rt_heading_parts(clean + lead + shortkey, NULL, 0, &title, &severity);
		hd->role = H_ISSUE;
		hd->set = rd_set_new(r);
		size_t i = rd_intern(r, id, false, bl->line);
		rd_define_own(r, i, &title, &severity);
		rd_set_add(r, hd->set, i);
		free(id);
		free(title);
		free(severity);
	} else if (aliased != TR_NONE && nrefs == 0) {
		const rb_block *ab = &r->doc.blocks[r->heads[aliased].block];
		const char *at = rb_text(&r->doc, ab);
		size_t i = rd_refs(r, at, ab->len, &r->refs) == 1
		                   ? rd_intern_ref(r, at, r->refs.v[0], ab->line) : TR_NONE;
		if (i != TR_NONE) {
			char *title, *severity;
			rt_heading_parts(clean + rt_local_prefix(clean, nclean), NULL, 0, &title,
			                 &severity);
			hd->role = H_ISSUE;
			hd->set = rd_set_new(r);
			rd_set_add(r, hd->set, i);
			rd_define_own(r, i, &title, &severity);
			free(title);
			free(severity);
		}
	} else if (labelled && nrefs == 0) {
		size_t skip = rt_local_prefix(clean, nclean);
		char *title, *severity;
		rt_heading_parts(clean + skip, NULL, 0, &title, &severity);
		hd->role = H_ISSUE;
		hd->set = rd_set_new(r);
		/* The heading is the title of the one issue its labels name; over
		 * several ("Issues: #710, #712, #715") it names their group, and each
		 * takes its title from its own item, if it has one. */
		size_t named_issues = 0;
		each_issue_label(r, lh, count_label_issues, &named_issues);
		label_ctx lc = { hd->set, named_issues == 1 ? title : NULL, severity };
		each_issue_label(r, lh, add_label_issues, &lc);
		free(title);
		free(severity);
	} else if (named && nrefs == 0) {
		char *title, *severity;
		rt_heading_parts(clean + rt_local_prefix(clean, strlen(clean)), NULL, 0, &title,
		                 &severity);
		char *slug = title ? tr_slug(title) : NULL;
		if (slug && *slug) {
			hd->role = H_ISSUE;
			hd->set = rd_set_new(r);
			size_t i = rd_intern(r, slug, true, bl->line);
			rd_define_own(r, i, &title, &severity);
			rd_set_add(r, hd->set, i);
		}
		free(slug);
		free(title);
		free(severity);
	}
	if (hd->role == H_ISSUE) {
		/* "Title (P1) ✅ PROCESSED": a P-level anywhere in the heading;
		 * else, at the end, one of a group heading above it. */
		rd_set_plevel(r, hd->set, rt_plevel(clean, nclean));
		unsigned gline = 0;
		int group = rd_group_plevel(r, level, &gline);
		if (group >= 0)
			FOR_SET(r, hd->set, i) {
				rd_extra(r, i)->group = (signed char)group;
				rd_extra(r, i)->group_line = gline;
			}
		FOR_SET(r, hd->set, i)
			rd_note_status_heading(r, i, level);
	}
	rt_clean_free(clean, small);
	r->active[level] = h;
	update_context(r);
}
