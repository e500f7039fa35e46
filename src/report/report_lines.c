/* Paragraphs, list items and code blocks of a section: labels, test counts,
 * findings, test files, and the lines set aside as failures and dependencies. */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "report_internal.h"
#include "triage/text.h"

/* Words of a line of counts that tell of a later run than those before it
 * ("After the fix: 0 failed, 8 passed", "Re-run: …", "Final: …"), and of a
 * goal rather than a result ("Target: 30+ of 40+ tests passing", "Success
 * criteria: 0 failures"). */
#define LATER_WORDS \
	"after", "rerun", "re-run", "final", "latest", "retest", "re-test", "now", "again", \
	"second run", "run 2", "currently"
#define GOAL_WORDS \
	"target", "targets", "goal", "goals", "criteria", "criterion", "expected", "expect", \
	"should", "must", "aim", "objective", "acceptance", "want", "required", "until"

static bool later_run(const char *s, size_t n)
{
	static const char *const words[] = { LATER_WORDS };
	return rt_has_any_word(s, n, words, sizeof words / sizeof *words);
}

static bool goal_line(const char *s, size_t n)
{
	static const char *const words[] = { GOAL_WORDS };
	return rt_has_any_word(s, n, words, sizeof words / sizeof *words);
}

/* Whether a line holds a word of either list, asked once (*known: -1 not
 * yet): most lines of counts hold none, and are then found to be neither
 * in one pass rather than two. */
static bool goal_or_later(reader *r, const char *s, size_t n, signed char *known)
{
	static const char *const words[] = { GOAL_WORDS, LATER_WORDS };
	if (*known < 0) {
		if (!r->goal_later.n)
			rt_words_prepare(&r->goal_later, words, sizeof words / sizeof *words);
		*known = rt_has_words(s, n, &r->goal_later);
	}
	return *known > 0;
}

/* Whether a count written N/M at s[at] states the result of the issue whose
 * section it is in.  Such counts are also written for a whole run, a test
 * file or an area of the product, as asides and as targets, so they are
 * taken only directly under the issue's own heading (not in a subsection,
 * where a test file's or a category's run is told), after no label but one
 * of a result ("Result:", not "CLI patterns:"), not in parentheses after a
 * claim, and with no goal before them nor a goal after them that they do
 * not say they beat ("exceeding the 90% target"). */
static bool ratio_is_result(reader *r, const char *s, size_t n, size_t at)
{
	size_t h = TR_NONE;
	for (unsigned l = RD_LEVELS - 1; l >= 1 && h == TR_NONE; l--)
		h = r->active[l];
	if (h == TR_NONE || h == r->title_heading || r->heads[h].role == H_PLAIN)
		return false;
	static const char *const goals[] = { GOAL_WORDS };
	static const char *const beats[] = {
		"exceeding", "exceeds", "exceeded", "above", "beating", "beats", "surpassing", "over",
	};
	size_t ng = sizeof goals / sizeof *goals;
	if (rt_has_any_word(s, at, goals, ng))
		return false;
	/* "Tests pass locally (58/58 passing)": a count in parentheses backs
	 * the claim before it, unless that names a rate ("success rate (47/51
	 * tests)"). */
	size_t p = at;
	while (p > 0 && (s[p - 1] == ' ' || s[p - 1] == '*' || s[p - 1] == '_'))
		p--;
	if (p > 0 && s[p - 1] == '(' && !rt_has_word(s, p, "rate"))
		return false;
	if (rt_has_any_word(s + at, n - at, goals, ng) &&
	    !rt_has_any_word(s + at, n - at, beats, sizeof beats / sizeof *beats))
		return false;
	const char *colon = memchr(s, ':', at);
	if (colon) {
		static const char *const results[] = {
			"result", "results", "test results", "tests", "testing", "test run", "status",
			"achievement", "outcome", "verification", "validation", "after", "now",
			"test status", "current", "final",
		};
		char small[RT_SMALL];
		char *label = rt_clean_tmp(s, (size_t)(colon - s), small);
		for (char *q = label; *q; q++)
			*q = (char)tolower((unsigned char)*q);
		/* Markup and bullets are gone: the label is its words alone. */
		const char *w = label;
		while (*w && !isalpha((unsigned char)*w))
			w++;
		bool ok = false;
		for (size_t k = 0; k < sizeof results / sizeof *results && !ok; k++)
			ok = strcmp(w, results[k]) == 0;
		rt_clean_free(label, small);
		if (!ok)
			return false;
	}
	return true;
}

static void apply_counts(reader *r, const rc_counts *c, bool later)
{
	/* A later run replaces an earlier one: its failures and passes start
	 * the issue's counts afresh; otherwise the first statement stands. */
	bool run = later && (c->failed >= 0 || c->passed >= 0);
	FOR_SET(r, r->target, i) {
		tr_tests *t = &r->m->issues[i].tests;
		if (run && (t->failed >= 0 || t->passed >= 0)) {
			*t = (tr_tests){ -1, -1, -1 };
			rd_extra(r, i)->total = -1;
		}
		if ((t->failed < 0 && c->failed >= 0) || (t->passed < 0 && c->passed >= 0) ||
		    (t->skipped < 0 && c->skipped >= 0))
			rd_source(&r->m->issues[i], TR_SOURCE_TESTS, r->at_line);
		if (t->failed < 0 && c->failed >= 0)
			t->failed = c->failed;
		if (t->passed < 0 && c->passed >= 0)
			t->passed = c->passed;
		if (t->skipped < 0 && c->skipped >= 0)
			t->skipped = c->skipped;
		issue_extra *e = rd_extra(r, i);
		if (e->total < 0 && c->total >= 0)
			e->total = c->total;
	}
}

static void push_file(reader *r, const char *s, size_t n)
{
	char *f = rt_trim_dup(s, n);
	if (!f)
		return;
	/* Repeats are folded once the report is read (rd_fold_repeats).  The
	 * last issue takes the string itself. */
	size_t left = r->sets[r->target];
	FOR_SET(r, r->target, i) {
		if (--left == 0) {
			tr_strv_push_owned(&r->m->issues[i].test_files, f);
			return;
		}
		tr_strv_push(&r->m->issues[i].test_files, f);
	}
	free(f);
}

/* "`tests/a.py`, boundary tests, tests/b.py": code spans, and the words
 * that look like paths. */
static void read_test_files(reader *r, const rb_block *bl, size_t from, size_t to)
{
	const char *s = rb_text(&r->doc, bl);
	const rb_span *sp = rb_spans(&r->doc, bl);
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

/* The issue a label on this line is about when it is nested under an item
 * led by a key ("- **#342**: title" over "  - **Status**: resolved") or
 * continues it: that item's issue, RD_MENTION, or TR_NONE (the section's). */
static size_t label_owner(const reader *r, bool first)
{
	if (r->item == TR_NONE)
		return TR_NONE;
	unsigned d = r->doc.blocks[r->item].level;
	d -= first && d > 0;
	return d >= 1 && d < sizeof r->items / sizeof *r->items && r->items[d] != TR_NONE &&
	       r->owner_item[d] == r->items[d] ? r->owner[d] : TR_NONE;
}

static void read_label(reader *r, rl_kind kind, const rb_block *bl, size_t ls, size_t le,
                       size_t value, size_t owner)
{
	const char *s = rb_text(&r->doc, bl);
	const char *v = s + ls + value;
	size_t vn = le - ls - value;
	bool ranks = kind == RL_STATUS || kind == RL_PRIORITY || kind == RL_SEVERITY || kind == RL_RISK;
	if (ranks && owner == RD_MENTION)
		return;
	/* The issues it is about: the item's, else the section's. */
	const size_t *ids = owner != TR_NONE && ranks ? &owner
	                    : r->target != TR_NONE ? &r->sets[r->target + 1] : NULL;
	size_t nids = ids == &owner ? 1 : ids ? r->sets[r->target] : 0;
	if (!ids) {
		tr_report *rp = &r->m->reports[0];
		if (kind == RL_DATE && !rp->executed_at) {
			rp->executed_at = rt_trim_dup(v, vn);
		} else if (kind == RL_SCOPE) {
			rt_ref ref;
			for (size_t at = 0; rt_next_ref(v, vn, at, &ref); at = ref.end) {
				char *id = rt_ref_id(v, &ref);
				tr_strv_push(&rp->scope, id);
				free(id);
			}
		}
		return;
	}
	if (kind == RL_TEST_FILES) {
		read_test_files(r, bl, ls + value, le);
		return;
	}
	if (!ranks)
		return;
	/* "Risk Level: LOW" is how risky a change is; "Risk Level: P0 Critical"
	 * still ranks the issue. */
	if (kind == RL_RISK && rt_plevel(v, vn) < 0)
		return;
	char *clean = rt_clean(v, vn);
	/* The status is read from the text as written: an emoji may be all it
	 * says.  Once, for all the issues; on the stack when it fits. */
	tr_issue_status status = TR_ISSUE_UNKNOWN;
	if (kind == RL_STATUS)
		status = rd_status_of(r, v, vn);
	if (*clean || status != TR_ISSUE_UNKNOWN) {
		size_t left = nids;
		for (size_t k = 0; k < nids; k++) {
			tr_issue *is = &r->m->issues[ids[k]];
			left--;
			if (kind != RL_STATUS) {
				rd_set_severity(is, clean, r->at_line);
			} else if (!is->status_text) {
				/* The last issue takes the cleaned text itself. */
				if (!*clean) {
					is->status_text = rt_trim_dup(v, vn);
				} else if (left == 0) {
					is->status_text = clean;
					clean = NULL;
				} else {
					is->status_text = tr_strdup(clean);
				}
				is->status = status;
				rd_source(is, TR_SOURCE_STATUS, r->at_line);
			}
		}
	}
	free(clean);
}

/* The first byte at or after s[i], before s[e], that a separator may start
 * with ('|', ';', ',', '/', 0xC2, 0xE2), or e.  Sixteen bytes at a time where
 * the processor has the instructions: a value seldom has one. */
static size_t next_sep(const char *s, size_t i, size_t e)
{
	static const bool starts[256] = {
		['|'] = true, [';'] = true, [','] = true, ['/'] = true, [0xC2] = true, [0xE2] = true,
	};
#ifdef __SSE2__
	for (; e - i >= 16; i += 16) {
		__m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
		__m128i hit = _mm_or_si128(
			_mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('|')), _mm_cmpeq_epi8(v, _mm_set1_epi8(';'))),
			_mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8(',')),
			                          _mm_cmpeq_epi8(v, _mm_set1_epi8('/'))),
			             _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8((char)0xC2)),
			                          _mm_cmpeq_epi8(v, _mm_set1_epi8((char)0xE2)))));
		unsigned bits = (unsigned)_mm_movemask_epi8(hit);
		if (bits)
			return i + (size_t)__builtin_ctz(bits);
	}
#endif
	while (i < e && !starts[(unsigned char)s[i]])
		i++;
	return i;
}

/* Where the value of a label that starts at s[from] ends when another label
 * follows it on the line ("Priority: P1 · Status: open", "Status: fixed |
 * Priority: P2", "Severity: P3; State: new", "Prio: P1 / State: open"):
 * *next is where that label starts.  The value runs to `e` when no label
 * follows a separator. */
static size_t label_value_end(const char *s, size_t from, size_t e, size_t *next,
                              rl_kind *kind, size_t *value)
{
	for (size_t i = next_sep(s, from, e); i < e; i = next_sep(s, i + 1, e)) {
		unsigned char c = (unsigned char)s[i];
		size_t k = 0;
		if (c == '|' || c == ';' || c == ',' ||
		    (c == '/' && i > from && s[i - 1] == ' ' && i + 1 < e && s[i + 1] == ' '))
			k = 1;
		else if (c == 0xC2 && i + 1 < e && (unsigned char)s[i + 1] == 0xB7)
			k = 2;          /* · */
		else if (c == 0xE2 && i + 2 < e && (unsigned char)s[i + 1] == 0x80 &&
		         ((unsigned char)s[i + 2] == 0xA2 || (unsigned char)s[i + 2] == 0x94 ||
		          (unsigned char)s[i + 2] == 0x93))
			k = 3;          /* • — – */
		if (!k)
			continue;
		size_t p = i + k;
		while (p < e && s[p] == ' ')
			p++;
		if (p < e && isalpha((unsigned char)s[p]) && (*kind = rt_label(s + p, e - p, value)) != RL_NONE) {
			*next = p;
			return i;
		}
		i += k - 1;
	}
	return e;
}

/* "**P2 Medium Priority** - While not blocking, …": a line that opens with
 * a P-level and says it is the priority. */
static int priority_line(const char *s, size_t n)
{
	size_t i = 0;
	while (i < n && (s[i] == ' ' || s[i] == '*' || s[i] == '_' || (unsigned char)s[i] >= 0x80))
		i++;
	if (n - i < 10 || (s[i] != 'P' && s[i] != 'p'))
		return -1;
	size_t e = i;
	while (e < n && e - i < 32 && s[e] != '-' && s[e] != ':' && s[e] != '.' && s[e] != ',')
		e++;
	if (!rt_has_word(s + i, e - i, "priority"))
		return -1;
	return rt_plevel(s + i, e - i);
}

/* What a line holds that any rule below needs: one OR per byte over a
 * table, without a branch on each of these bytes.  A line with '#', '>',
 * U+2000..U+2FFF (arrows, dashes, emoji) or a NUL may state a dependency;
 * the other marks are the bytes rt_may_ref, rd_has_arrow and rd_says_arrow
 * ("arrow": a 'w') stop at, which need not be searched for when the line
 * has none. */
enum {
	MARK_COLON = 1, MARK_DIGIT = 2, MARK_HASH = 4, MARK_GT = 8, MARK_E2 = 16, MARK_NUL = 32,
	MARK_DASH = 64, MARK_SLASH = 128, MARK_LT = 256, MARK_W = 512,
	MARK_DEP = MARK_HASH | MARK_GT | MARK_E2 | MARK_NUL,
};
static const unsigned short line_marks[256] = {
	[':'] = MARK_COLON, ['0' ... '9'] = MARK_DIGIT, ['#'] = MARK_HASH, ['>'] = MARK_GT,
	[0xE2] = MARK_E2, [0] = MARK_NUL, ['-'] = MARK_DASH, ['/'] = MARK_SLASH, ['<'] = MARK_LT,
	['w'] = MARK_W,
};

/* Where the line from s[b] ends (its '\n', or n), with the marks of its
 * bytes in *seen: one pass for both.  Sixteen bytes at a time where the
 * processor has the instructions: a byte from '#' to '>' (the marks but
 * 0xE2, NUL and 'w', with some punctuation), one up to '\n', 0xE2 or 'w'
 * is looked up; the others, most of any text, have no mark and end no
 * line. */
static size_t scan_line(const char *s, size_t b, size_t n, unsigned *seen)
{
	unsigned m = 0;
	size_t i = b;
#ifdef __SSE2__
	const __m128i first = _mm_set1_epi8('#'), span = _mm_set1_epi8('>' - '#');
	const __m128i nl = _mm_set1_epi8('\n'), e2 = _mm_set1_epi8((char)0xE2);
	const __m128i w = _mm_set1_epi8('w');
	for (; n - i >= 16; i += 16) {
		__m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
		__m128i x = _mm_sub_epi8(v, first);
		__m128i hit = _mm_or_si128(
			_mm_or_si128(_mm_cmpeq_epi8(_mm_min_epu8(x, span), x), _mm_cmpeq_epi8(v, w)),
			_mm_or_si128(_mm_cmpeq_epi8(_mm_min_epu8(v, nl), v), _mm_cmpeq_epi8(v, e2)));
		for (unsigned bits = (unsigned)_mm_movemask_epi8(hit); bits; bits &= bits - 1) {
			size_t k = i + (size_t)__builtin_ctz(bits);
			if (s[k] == '\n') {
				*seen = m;
				return k;
			}
			m |= line_marks[(unsigned char)s[k]];
		}
	}
#endif
	for (; i < n && s[i] != '\n'; i++)
		m |= line_marks[(unsigned char)s[i]];
	*seen = m;
	return i;
}

/* Paragraphs and list items, line by line.  Returns whether the block was
 * a label (then it is no finding). */
bool rd_read_lines(reader *r, const rb_block *bl)
{
	const char *s = rb_text(&r->doc, bl);
	bool label = false;
	unsigned k = 0;
	r->item = TR_NONE;
	if (bl->kind == RB_ITEM) {
		unsigned depth = bl->level ? bl->level : 1;
		size_t nitems = sizeof r->items / sizeof *r->items;
		r->item = (size_t)(bl - r->doc.blocks);
		if (depth < nitems) {
			r->items[depth] = r->item;
			for (size_t d = depth + 1; d < nitems; d++)
				r->items[d] = TR_NONE;
		}
	}
	for (size_t b = 0; b <= bl->len; k++) {
		r->item_first = k == 0;
		/* One pass finds the line's end and the characters anything
		 * below needs: most lines have none of them and are done with. */
		unsigned seen;
		size_t e = scan_line(s, b, bl->len, &seen);
		bool colon = seen & MARK_COLON, digit = seen & MARK_DIGIT, dep = seen & MARK_DEP;
		unsigned line = bl->line ? bl->line + k : 0;
		if (line)
			r->at_line = line;
		size_t value;
		rl_kind kind = colon ? rt_label(s + b, e - b, &value) : RL_NONE;
		size_t owner = kind != RL_NONE ? label_owner(r, k == 0) : TR_NONE;
		for (size_t ls = b; kind != RL_NONE;) {
			size_t next, nvalue;
			rl_kind nkind = RL_NONE;
			size_t ve = label_value_end(s, ls + value, e, &next, &nkind, &nvalue);
			read_label(r, kind, bl, ls, ve, value, owner);
			label = true;
			if (ve == e)
				break;
			ls = next;
			kind = nkind;
			value = nvalue;
		}
		if (digit && r->target != TR_NONE)
			rd_set_plevel(r, r->target, priority_line(s + b, e - b));
		if (digit && r->target != TR_NONE) {
			rc_counts c = RC_COUNTS_NONE;
			signed char words = -1;
			bool found = rc_prose(s + b, e - b, &c) &&
			             !(goal_or_later(r, s + b, e - b, &words) && goal_line(s + b, e - b)) &&
			             !rd_in_goals(r);
			if (!found)
				c = RC_COUNTS_NONE;
			rc_counts q = RC_COUNTS_NONE;
			size_t at;
			if ((seen & MARK_SLASH) && rc_ratio(s + b, e - b, &q, &at) &&
			    !rd_in_goals(r) && ratio_is_result(r, s + b, e - b, at)) {
				/* What the line says in words stands; N/M fills the rest. */
				c.failed = c.failed >= 0 ? c.failed : q.failed;
				c.passed = c.passed >= 0 ? c.passed : q.passed;
				c.total = c.total >= 0 ? c.total : q.total;
				found = true;
			}
			if (found)
				apply_counts(r, &c, goal_or_later(r, s + b, e - b, &words) &&
				                     later_run(s + b, e - b));
		}
		/* rt_may_ref, once, and only when the line has a byte it stops at:
		 * a digit alone only in a report keying its items "Issue 7". */
		bool words = r->word_keys != 0;
		bool ref = (dep || digit) &&
		           ((seen & MARK_HASH) ||
		            ((seen & (MARK_DASH | MARK_SLASH | (words ? MARK_DIGIT : 0))) &&
		             rt_may_ref_in(s + b, e - b, words)));
		if (dep || ref) {
			/* A line of prose that may hold a chain or a "blocks"/"depends on". */
			if (e > b && (ref || ((seen & (MARK_GT | MARK_E2 | MARK_LT)) &&
			                      rd_has_arrow(s + b, e - b)))) {
				size_t added = rd_add_dep(r, DEP_LINE, (size_t)(s + b - r->doc.arena.data),
				                          e - b, line, TR_NONE);
				/* Without a reference it was added for the arrow just found. */
				r->deps[added].known = !ref || (seen & (MARK_GT | MARK_LT)) ? DEP_DRAWS :
				                       DEP_NO_ANGLE | (seen & MARK_E2 ? 0 : DEP_NO_E2);
			}
		} else if (e - b < 200 && (seen & MARK_W) && rd_says_arrow(s + b, e - b)) {
			/* "Arrows point to the prerequisite": a legend in words. */
			size_t added = rd_add_dep(r, DEP_LINE, (size_t)(s + b - r->doc.arena.data), e - b,
			                          line, TR_NONE);
			r->deps[added].known = DEP_DRAWS;
		}
		b = e + 1;
	}
	return label;
}

/* Whether a heading in force speaks of a plan (read only when a numbered
 * item asks: most headings never need it). */
static bool in_plan(reader *r)
{
	for (unsigned l = 1; l < RD_LEVELS; l++) {
		size_t h = r->active[l];
		if (h == TR_NONE || h == r->title_heading)
			continue;
		heading *hd = &r->heads[h];
		if (hd->plan < 0)
			hd->plan = rd_heading_says(r, hd, rd_plan_words);
		if (hd->plan)
			return true;
	}
	return false;
}

#define RELATED_WORDS \
	"related", "see also", "reference", "context", "cross-ref", "cross ref", "linked", \
	"similar", "previous"

static const char *const related_words[] = { RELATED_WORDS, NULL };
/* Unless they say the items are the cluster's the report is about
 * ("### Related Cluster Issues", "Related issues in this cluster"). */
static const char *const member_words[] = {
	"cluster issue", "cluster member", "this cluster", NULL,
};
/* The line leading into a list is read as words, "relationship" one of them. */
static const char *const related_lead_words[] = { RELATED_WORDS, "relationship" };

/* Whether a list stands under words that make its items mentions: a heading
 * in force or the paragraph leading into the list ("**Related Issues:**"). */
static bool in_related(reader *r, size_t b)
{
	for (unsigned l = 1; l < RD_LEVELS; l++) {
		size_t h = r->active[l];
		if (h == TR_NONE || h == r->title_heading)
			continue;
		heading *hd = &r->heads[h];
		if (hd->related < 0)
			hd->related = rd_heading_says(r, hd, related_words) &&
			              !rd_heading_says(r, hd, member_words);
		if (hd->related)
			return true;
	}
	/* The paragraph before the run of items this one is in, read once
	 * per run. */
	if (r->run_related >= 0)
		return r->run_related > 0;
	r->run_related = 0;
	b = r->run_first;
	if (b == 0 || r->doc.blocks[b - 1].kind != RB_PARA)
		return false;
	const rb_block *p = &r->doc.blocks[b - 1];
	const char *s = rb_text(&r->doc, p);
	size_t n = p->len;
	const char *nl = memrchr(s, '\n', n);
	if (nl) {
		n -= (size_t)(nl + 1 - s);
		s = nl + 1;
	}
	static const char *const members[] = {
		"cluster issue", "cluster issues", "cluster member", "cluster members", "this cluster",
	};
	r->run_related = rt_has_any_word(s, n, related_lead_words,
	                                 sizeof related_lead_words / sizeof *related_lead_words) &&
	                 !rt_has_any_word(s, n, members, sizeof members / sizeof *members);
	return r->run_related > 0;
}

/* An item led by its key: "- **#395**: title", "1. **Issue #178** — title",
 * "- AMI-105 is blocked by AMI-104", "- [C-12] title".  The key is an issue;
 * the rest of the first line, up to a separator, its title. */
/* An item's title as read from its lead, and the status its text may lead
 * with ("- **#372**: ✅ RESOLVED - Race fixed"): the first title stands, a
 * later item adds the status where the issue has none. */
static void define_item(reader *r, size_t issue, char **title, char **severity, unsigned line)
{
	char *said;
	tr_issue_status st = rd_item_lead_status(title, severity, &said);
	rd_define_own(r, issue, title, severity);
	tr_issue *is = &r->m->issues[issue];
	if (said && !is->status_text) {
		is->status_text = said;
		is->status = st;
		rd_source(is, TR_SOURCE_STATUS, line);
		said = NULL;
	}
	free(said);
}

static void read_item_lead(reader *r, size_t b)
{
	const rb_block *bl = &r->doc.blocks[b];
	const char *s = rb_text(&r->doc, bl);
	size_t n = bl->len;
	/* Labels nested under it are its issue's, once it is known to have one. */
	unsigned depth = bl->level ? bl->level : 1;
	size_t *owner = NULL;
	if (depth < sizeof r->owner / sizeof *r->owner) {
		r->owner_item[depth] = b;
		r->owner[depth] = TR_NONE;
		owner = &r->owner[depth];
	}
	const char *nl = memchr(s, '\n', n);
	if (nl)
		n = (size_t)(nl - s);
	size_t i = 0;
	while (i < n && (s[i] == ' ' || s[i] == '*' || s[i] == '_' || s[i] == '`' ||
	                 (unsigned char)s[i] >= 0x80)) {
		if ((unsigned char)s[i] >= 0x80) {
			uint32_t cp;
			size_t k = tr_utf8_decode(s + i, n - i, &cp);
			if (!rt_is_emoji(cp))
				break;
			i += k;
		} else {
			i++;
		}
	}
	/* A key, or a word before one ("Issue #178", "Bug #3", "GitHub Issue
	 * #12"), starts with one of these: most items are left here. */
	rt_ref repo;
	if (i >= n || !(s[i] == '#' || s[i] == '[' || s[i] == 'h' || isupper((unsigned char)s[i]) ||
	                s[i] == 'g' || s[i] == 'i' || s[i] == 'b' || s[i] == 't' ||
	                (isalnum((unsigned char)s[i]) && memchr(s + i, '#', n - i < 140 ? n - i : 140) &&
	                 rt_ref_at(s, n, i, &repo) && repo.form == RT_REPO)))
		return;
	if (isupper((unsigned char)s[i]) && !r->prefixes.used && s[i] != 'G' && s[i] != 'I' &&
	    s[i] != 'B' && s[i] != 'T' &&
	    !rt_short_key(s + i, n - i))
		return;
	size_t at = rt_issue_value(s + i, n - i);
	if (at == TR_NONE) {
		/* "- **C3**: title": a short key leading the item, set off. */
		size_t k = rt_short_key(s + i, n - i);
		size_t v;
		if (!k || i + k >= n || (s[i + k] != ':' && s[i + k] != ' ') ||
		    rt_label(s, n, &v) != RL_NONE)
			return;
		if (in_related(r, b)) {
			if (owner)
				*owner = RD_MENTION;
			return;
		}
		char *id = tr_strndup(s + i, k);
		size_t issue = rd_intern(r, id, false, bl->line);
		free(id);
		if (owner)
			*owner = issue;
		char small[RT_SMALL];
		char *clean = rt_clean_tmp(s + i + k, n - i - k, small);
		char *title, *severity;
		rt_heading_parts(clean, NULL, 0, &title, &severity);
		define_item(r, issue, &title, &severity, bl->line);
		free(title);
		free(severity);
		rt_clean_free(clean, small);
		return;
	}
	i += at;
	rt_ref ref;
	if (!rt_ref_at(s, n, i, &ref) || !rd_ref_ok(r, s, &ref))
		return;
	size_t v;
	if (rt_label(s, n, &v) != RL_NONE)
		return;
	if (in_related(r, b)) {
		if (owner)
			*owner = RD_MENTION;
		return;
	}
	size_t issue = rd_intern_ref(r, s, ref, bl->line);
	if (issue == TR_NONE)
		return;
	/* "**#3301 Redis evictions** — P1 — mitigated": the bold lead is the
	 * title, what follows it is said about the issue. */
	size_t tend = n;
	if (bl->lead_bold > ref.end && bl->lead_bold < n)
		for (size_t k = ref.end; k < bl->lead_bold && tend == n; k++)
			if (isalpha((unsigned char)s[k]))
				tend = bl->lead_bold;
	char small[RT_SMALL];
	char *clean = rt_clean_tmp(s + ref.start, tend - ref.start, small);
	rt_ref cref;
	bool prose = false;
	if (rt_next_ref(clean, strlen(clean), 0, &cref)) {
		/* The title ends where the line turns to prose: "… (0 blockers)". */
		char *title, *severity;
		rt_heading_parts(clean, &cref, 1, &title, &severity);
		static const char *const verbs[] = {
			"is", "are", "was", "were", "has", "have", "had", "been", "will", "blocks",
			"blocked", "depends", "requires", "needs", "waits", "after",
		};
		prose = title && rt_has_any_word(title, strlen(title), verbs, sizeof verbs / sizeof *verbs);
		/* "OPS-12 → OPS-14 → OPS-19", "OPS-20 => OPS-21": a chain, no title. */
		if (title && (strncmp(title, "\xE2\x86", 2) == 0 || strncmp(title, "=>", 2) == 0 ||
		              strncmp(title, "->", 2) == 0 || title[0] == '>'))
			prose = true;
		if (prose) {
			free(title);
			title = NULL;
			rd_define_own(r, issue, &title, &severity);
		} else {
			define_item(r, issue, &title, &severity, bl->line);
		}
		free(title);
		free(severity);
	}
	rt_clean_free(clean, small);
	if (owner && !prose)
		*owner = issue;
	tr_issue *is = &r->m->issues[issue];
	int pl = rt_plevel(s + ref.end, n - ref.end);
	/* A sentence that names the issue ("#615 requires #610") is a step of
	 * the section, not an item the section's P-level ranks.  That P-level
	 * is given at the end, to an issue whose labels (nested under the item
	 * too) give none. */
	issue_extra *e = rd_extra(r, issue);
	unsigned gline = 0;
	int group = pl < 0 && !prose && e->group < 0 ? rd_group_plevel(r, RD_LEVELS, &gline) : -1;
	if (group >= 0) {
		e->group = (signed char)group;
		e->group_line = gline;
	}
	if (!prose)
		rd_note_status_heading(r, issue, RD_LEVELS);
	if (!prose && rd_says_unblocked(s + ref.end, n - ref.end))
		e->unblocked = true;
	if (pl >= 0 && is->priority == TR_PRIORITY_NONE) {
		is->priority = (tr_priority)pl;
		rd_source(is, TR_SOURCE_PRIORITY, r->at_line);
	}
}


void rd_read_item(reader *r, size_t b)
{
	const rb_block *bl = &r->doc.blocks[b];
	if (b == 0 || r->doc.blocks[b - 1].kind != RB_ITEM) {
		r->run_first = b;
		r->run_related = -1;
	}
	read_item_lead(r, b);
	bool label = rd_read_lines(r, bl);
	if (r->target != TR_NONE && !label) {
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
	if (bl->task || (bl->number > 0 && r->target == TR_NONE && in_plan(r))) {
		size_t nearest = TR_NONE;
		for (unsigned l = 1; l < RD_LEVELS; l++)
			if (r->active[l] != TR_NONE)
				nearest = r->active[l];
		tr_grow((void **)&r->plans, &r->capplans, r->nplans + 1, sizeof *r->plans);
		r->plans[r->nplans++] = (pending_plan){ b, nearest };
	}
}

void rd_read_code(reader *r, const rb_block *bl)
{
	/* Its failures are read with the other blocks' once the sections are
	 * (read_failures in report.c): the set a block belongs to is complete by then
	 * and does not change, and the failures of all blocks, read one after
	 * the other, are read by code that stays in the processor's caches. */
	if (r->target != TR_NONE && bl->line != 0 && bl->lang != RB_LANG_DIFF) {
		tr_grow((void **)&r->codes, &r->capcodes, r->ncodes + 1, sizeof *r->codes);
		r->codes[r->ncodes++] = (pending_code){ (size_t)(bl - r->doc.blocks), r->target };
	}
	const char *s = rb_text(&r->doc, bl);
	unsigned k = 0;
	r->item = TR_NONE;
	r->code = (size_t)(bl - r->doc.blocks);
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
		r->at_line = line;
		if (rd_has_arrow(s + lb, le - lb)) {
			size_t added = rd_add_dep(r, DEP_LINE, (size_t)(s + lb - r->doc.arena.data), le - lb,
			                          line, TR_NONE);
			r->deps[added].known = DEP_DRAWS;
		}
		if (r->target == TR_NONE)
			continue;
		rc_counts c = RC_COUNTS_NONE;
		rc_line_kind kind = rc_code_line(s + lb, le - lb, &c);
		if (kind == RC_LINE_SUMMARY) {
			apply_counts(r, &c, false);
			continue;
		}
		if (kind == RC_LINE_GO_FAIL || kind == RC_LINE_GO_PASS || kind == RC_LINE_GO_SKIP) {
			int g = kind == RC_LINE_GO_FAIL ? 0 : kind == RC_LINE_GO_PASS ? 1 : 2;
			FOR_SET(r, r->target, i) {
				issue_extra *x = rd_extra(r, i);
				x->go[g]++;
				x->go_seen = true;
			}
		}
	}
	r->code = TR_NONE;
}
