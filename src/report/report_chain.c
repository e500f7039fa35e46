/* Dependencies as reports state them: "#A blocks #B", "#B depends on #A",
 * "Blocked by: #A" under #B, "#A, #B and #C must complete before #D",
 * "once #40-45 are resolved", chains of arrows in a dependency map, and
 * the lists, ranges and groups they name (report_lists.c).  An arrow alone
 * says nothing about dependencies (merges, renames, value changes and
 * similarity scores are written the same way), so the reader asks this file
 * what a line states and decides from where the line stands whether a bare
 * arrow is one. */
#include "config.h"

#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>


#include "report_chain.h"
#include "triage/text.h"

/* ---- the words of a statement ------------------------------------------ */

typedef enum {
	VF_PLAIN,       /* subject verb object */
	VF_LABEL,       /* "Dependencies: #1, #2": a label naming prerequisites */
	VF_FOR,         /* "prerequisite for #B", "required for #B" */
	VF_BEFORE,      /* "#A must complete before #B" */
	VF_AFTER,       /* "after #A is resolved", "once #40-45 are resolved", "(after #A)" */
} verb_form;

typedef struct verb {
	const char *words;
	tr_edge_kind kind;
	bool prereq_first;      /* the subject is the prerequisite */
	verb_form form;
} verb;

/* The verbs (English, Spanish, German, French and Portuguese) by their
 * first two letters, the first in either case (verb_groups), which verb_at()
 * looks up first: a word is compared only with the verbs it may be.  In
 * each group, longer phrases come before the shorter ones they start with. */
static const verb verbs_ab[] = {
	{ "abh\xC3\xA4ngig von", TR_EDGE_DEPENDS_ON, false, VF_PLAIN },
	{ "abh\xC3\xA4ngigkeiten", TR_EDGE_DEPENDS_ON, false, VF_LABEL },
};
static const verb verbs_af[] = { { "after", TR_EDGE_DEPENDS_ON, false, VF_AFTER } };
static const verb verbs_bl[] = {
	{ "blocked by", TR_EDGE_BLOCKED_BY, false, VF_PLAIN },
	{ "blocked on", TR_EDGE_BLOCKED_BY, false, VF_PLAIN },
	{ "blocked until", TR_EDGE_BLOCKED_BY, false, VF_PLAIN },
	{ "blocks", TR_EDGE_BLOCKS, true, VF_PLAIN },
	{ "blocking", TR_EDGE_BLOCKS, true, VF_PLAIN },
	{ "block", TR_EDGE_BLOCKS, true, VF_PLAIN },
	{ "bloqueado por", TR_EDGE_BLOCKED_BY, false, VF_PLAIN },
	{ "bloqueada por", TR_EDGE_BLOCKED_BY, false, VF_PLAIN },
	{ "blockiert durch", TR_EDGE_BLOCKED_BY, false, VF_PLAIN },
	{ "blockiert von", TR_EDGE_BLOCKED_BY, false, VF_PLAIN },
	{ "bloqu\xC3\xA9 par", TR_EDGE_BLOCKED_BY, false, VF_PLAIN },
	{ "bloqu\xC3\xA9" "e par", TR_EDGE_BLOCKED_BY, false, VF_PLAIN },
	{ "bloquea", TR_EDGE_BLOCKS, true, VF_PLAIN },
	{ "bloqueia", TR_EDGE_BLOCKS, true, VF_PLAIN },
	{ "blockiert", TR_EDGE_BLOCKS, true, VF_PLAIN },
	{ "bloque", TR_EDGE_BLOCKS, true, VF_PLAIN },
};
static const verb verbs_be[] = {
	{ "ben\xC3\xB6tigt", TR_EDGE_DEPENDS_ON, false, VF_PLAIN },
	{ "before", TR_EDGE_BLOCKS, true, VF_BEFORE },
};
static const verb verbs_de[] = {
	{ "depends on", TR_EDGE_DEPENDS_ON, false, VF_PLAIN },
	{ "depends upon", TR_EDGE_DEPENDS_ON, false, VF_PLAIN },
	{ "depend on", TR_EDGE_DEPENDS_ON, false, VF_PLAIN },
	{ "depending on", TR_EDGE_DEPENDS_ON, false, VF_PLAIN },
	{ "dependent on", TR_EDGE_DEPENDS_ON, false, VF_PLAIN },
	{ "dependent upon", TR_EDGE_DEPENDS_ON, false, VF_PLAIN },
	{ "depends", TR_EDGE_DEPENDS_ON, false, VF_LABEL },
	{ "dependencies", TR_EDGE_DEPENDS_ON, false, VF_LABEL },
	{ "dependency", TR_EDGE_DEPENDS_ON, false, VF_LABEL },
	{ "depende de", TR_EDGE_DEPENDS_ON, false, VF_PLAIN },
	{ "dependencias", TR_EDGE_DEPENDS_ON, false, VF_LABEL },
	{ "depend\xC3\xAAncias", TR_EDGE_DEPENDS_ON, false, VF_LABEL },
};
static const verb verbs_de_acute[] = {
	{ "d\xC3\xA9pend de", TR_EDGE_DEPENDS_ON, false, VF_PLAIN },
	{ "d\xC3\xA9pendances", TR_EDGE_DEPENDS_ON, false, VF_LABEL },
};
static const verb verbs_en[] = { { "enables", TR_EDGE_BLOCKS, true, VF_PLAIN } };
static const verb verbs_er[] = { { "erfordert", TR_EDGE_DEPENDS_ON, false, VF_PLAIN } };
static const verb verbs_ne[] = {
	{ "needs", TR_EDGE_DEPENDS_ON, false, VF_PLAIN },
	{ "necesita", TR_EDGE_DEPENDS_ON, false, VF_PLAIN },
};
static const verb verbs_ne_acute[] = { { "n\xC3\xA9" "cessite", TR_EDGE_DEPENDS_ON, false, VF_PLAIN } };
static const verb verbs_on[] = { { "once", TR_EDGE_DEPENDS_ON, false, VF_AFTER } };
static const verb verbs_pr[] = {
	{ "prerequisites", TR_EDGE_DEPENDS_ON, false, VF_LABEL },
	{ "prerequisite", TR_EDGE_BLOCKS, true, VF_FOR },
};
static const verb verbs_re[] = {
	{ "requires", TR_EDGE_DEPENDS_ON, false, VF_PLAIN },
	{ "require", TR_EDGE_DEPENDS_ON, false, VF_PLAIN },
	{ "required", TR_EDGE_BLOCKS, true, VF_FOR },
	{ "requiere", TR_EDGE_DEPENDS_ON, false, VF_PLAIN },
	{ "requiert", TR_EDGE_DEPENDS_ON, false, VF_PLAIN },
	{ "requer", TR_EDGE_DEPENDS_ON, false, VF_PLAIN },
};
static const verb verbs_un[] = {
	{ "unblocks", TR_EDGE_BLOCKS, true, VF_PLAIN },
	{ "until", TR_EDGE_DEPENDS_ON, false, VF_AFTER },
};
static const verb verbs_wa[] = {
	{ "waits on", TR_EDGE_DEPENDS_ON, false, VF_PLAIN },
	{ "waits for", TR_EDGE_DEPENDS_ON, false, VF_PLAIN },
	{ "waiting on", TR_EDGE_DEPENDS_ON, false, VF_PLAIN },
	{ "waiting for", TR_EDGE_DEPENDS_ON, false, VF_PLAIN },
};

#define GROUPS(X) \
	X(0, 'a', 'b', verbs_ab) X(1, 'a', 'f', verbs_af) X(0, 'b', 'l', verbs_bl) X(1, 'b', 'e', verbs_be) \
	X(0, 'd', 'e', verbs_de) X(1, 'd', '\xC3', verbs_de_acute) X(0, 'e', 'n', verbs_en) \
	X(1, 'e', 'r', verbs_er) X(0, 'n', 'e', verbs_ne) X(1, 'n', '\xC3', verbs_ne_acute) \
	X(0, 'o', 'n', verbs_on) X(0, 'p', 'r', verbs_pr) X(0, 'r', 'e', verbs_re) X(0, 'u', 'n', verbs_un) \
	X(0, 'w', 'a', verbs_wa)
#define GROUP(k, c, c1, v) [k][c] = { v, sizeof v / sizeof *v, c1 }, \
	[k][(c) - 'a' + 'A'] = { v, sizeof v / sizeof *v, c1 },
/* A first letter has one or two groups, [0] and [1]; a byte starts a verb when verb_first[0] says so. */
static const struct { const verb *v; unsigned char n; char second; } verb_groups[2][256] = { GROUPS(GROUP) };
#define FIRST(k, c, c1, v) [k][c] = true, [k][(c) - 'a' + 'A'] = true,
static const bool verb_first[2][256] = { GROUPS(FIRST) };
#undef GROUP
#undef FIRST

/* The verbs are written in lower case; a line's ASCII letters are compared
 * in lower case too. */
static char ascii_lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c + ('a' - 'A')) : c;
}

/* The verb starting at s[i], or NULL.  Called at every word of every line
 * that names an issue: the first letter rules out most words. */
static const verb *verb_at(const char *s, size_t n, size_t i, size_t *len)
{
	unsigned char c = (unsigned char)s[i];
	char c1 = i + 1 < n ? ascii_lower(s[i + 1]) : 0, c2 = i + 2 < n ? ascii_lower(s[i + 2]) : 0;
	int g = verb_groups[0][c].second == c1 ? 0 : 1;
	if (!verb_groups[g][c].n || verb_groups[g][c].second != c1 || (i > 0 && isalnum((unsigned char)s[i - 1])))
		return NULL;
	/* Compared as far as they agree, not measured first: most words part
	 * from the verbs of their group at the third letter. */
	const verb *vs = verb_groups[g][c].v;
	for (size_t k = 0, nvs = verb_groups[g][c].n; k < nvs; k++) {
		const char *w = vs[k].words;
		if (w[2] && w[2] != c2)
			continue;
		size_t l = 2;
		while (w[l] && i + l < n && ascii_lower(s[i + l]) == w[l])
			l++;
		if (!w[l] && (i + l == n || !isalnum((unsigned char)s[i + l]))) {
			*len = l;
			return &vs[k];
		}
	}
	return NULL;
}

/* Where from i a verb may start (verb_at decides): other bytes are passed by table. */
static size_t verb_start(const char *s, size_t n, size_t i)
{
	return rt_next_word_start(s, n, i, verb_first[0]);
}

/* The word before s[i] says no: "does not depend on", "isn't blocked by",
 * "no longer blocks". */
static bool negated(const char *s, size_t i)
{
	size_t e = i;
	while (e > 0 && (s[e - 1] == ' ' || s[e - 1] == '*' || s[e - 1] == '_'))
		e--;
	size_t b = e;
	while (b > 0 && (isalpha((unsigned char)s[b - 1]) || s[b - 1] == '\''))
		b--;
	size_t len = e - b;
	if (len == 0)
		return false;
	if ((len == 3 && strncasecmp(s + b, "not", 3) == 0) ||
	    (len == 5 && strncasecmp(s + b, "never", 5) == 0) ||
	    (len == 6 && strncasecmp(s + b, "longer", 6) == 0) ||
	    (len == 2 && strncasecmp(s + b, "no", 2) == 0))
		return true;
	return len >= 3 && strncasecmp(s + e - 3, "n't", 3) == 0;
}

/* Markup, bullets, numbering and emoji: what stands before a statement
 * without being a word of it. */
static size_t skip_markup(const char *s, size_t n, size_t i)
{
	while (i < n) {
		unsigned char c = (unsigned char)s[i];
		if (strchr(" \t*_`>-+[]()|~", (char)c) && c) {
			i++;
		} else if (c >= 0x80) {
			uint32_t cp;
			size_t k = tr_utf8_decode(s + i, n - i, &cp);
			if (!k || !rt_is_emoji(cp))
				break;
			i += k;
		} else if (isdigit(c)) {
			size_t k = i;
			while (k < n && isdigit((unsigned char)s[k]))
				k++;
			if (k < n && (s[k] == '.' || s[k] == ')') && k + 1 < n && s[k + 1] == ' ')
				i = k + 1;
			else
				break;
		} else {
			break;
		}
	}
	return i;
}

/* What comes before a verb lets the statement be about the line's own
 * issue: nothing but markup, or a label ("**Dependency**: Requires #3",
 * "Status: BLOCKED by #1").  `label` allows words before a label verb
 * ("Infrastructure Dependencies:"). */
static bool lead_ok(const char *s, size_t i, bool label)
{
	size_t b = skip_markup(s, i, 0);
	if (b >= i)
		return true;
	if (i - b > 40)
		return false;
	if (label)
		return clause_gap(s, b, i, 40);
	/* One label and its colon, then markup. */
	size_t e = i;
	while (e > b && strchr(" \t*_`", s[e - 1]))
		e--;
	if (e == b || s[e - 1] != ':')
		return false;
	return memchr(s + b, ':', e - 1 - b) == NULL;
}

/* A verb opening a later sentence (not after a number, but one ending a
 * reference) has the line's lead for subject: the issues it leads with
 * ("**#8** — Queue stalls. Blocked by #7."), or, when the sentence before was
 * about the line's own issue ("Blocked by #2. Blocked by #4."), that: *self. */
static const list *sentence_lead(const char *s, size_t i, const rch_lists *ls, size_t before,
                                 bool prev_self, bool *self)
{
	size_t p = i;
	while (p > 0 && strchr(" \t*_`", s[p - 1]))
		p--;
	if (p == i || p < 2 || !strchr(".!?", s[p - 1]) ||
	    (isdigit((unsigned char)s[p - 2]) && (!before || ls->v[before - 1].end != p - 1)))
		return NULL;
	if (ls->v[0].end < p && skip_markup(s, ls->v[0].start, 0) == ls->v[0].start)
		return &ls->v[0];
	*self = prev_self;
	return NULL;
}

/* How many of the lists (in order) start before `at`; `by_end`: end by it. */
static size_t lists_before(const rch_lists *ls, size_t at, bool by_end)
{
	size_t lo = 0, hi = ls->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (by_end ? ls->v[mid].end <= at : ls->v[mid].start < at)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* After a label word: markup, then a colon; the offset after it, or 0. */
static size_t colon_after(const char *s, size_t n, size_t i)
{
	while (i < n && strchr(" \t*_`", s[i]))
		i++;
	return i < n && s[i] == ':' ? i + 1 : 0;
}

/* "this" or "it" right after a verb: the issue the line is about. */
static bool self_after(const char *s, size_t n, size_t i)
{
	while (i < n && s[i] == ' ')
		i++;
	return word_at(s, n, i, "this") || word_at(s, n, i, "it");
}

static const char *const resolved_words[] = {
	"resolved", "fixed", "complete", "completed", "completes", "done", "closed",
	"merged", "lands", "landed", "finished", "finishes", "ships", "shipped",
	"deployed", "in", NULL,
};

/* "#40-45 are resolved": a word saying the prerequisite is finished soon
 * after the list. */
static bool resolved_after(const char *s, size_t n, size_t i)
{
	size_t stop = i + OBJECT_GAP < n ? i + OBJECT_GAP : n;
	for (size_t k = i; k < stop; k++) {
		if (s[k] == '.' || s[k] == ';' || s[k] == ',' || s[k] == ')')
			return false;
		if (k > 0 && isalpha((unsigned char)s[k - 1]))
			continue;
		for (const char *const *w = resolved_words; *w; w++)
			if (strcmp(*w, "in") != 0 && word_at(s, stop, k, *w))
				return true;
	}
	return false;
}

/* Only " and " (", and", " and then") between two statements. */
static bool and_gap(const char *s, size_t b, size_t e)
{
	bool and = false;
	for (size_t i = b; i < e;) {
		if (s[i] == ' ' || s[i] == ',' || s[i] == '*' || s[i] == '_') {
			i++;
		} else if (!and && word_at(s, e, i, "and")) {
			and = true;
			i += 3;
		} else if (and && word_at(s, e, i, "then")) {
			i += 4;
		} else {
			return false;
		}
	}
	return and;
}

static bool says_must(const char *s, size_t b, size_t e)
{
	for (size_t k = b; k < e; k++)
		if (word_at(s, e, k, "must") || word_at(s, e, k, "need") || word_at(s, e, k, "needs") ||
		    word_at(s, e, k, "has") || word_at(s, e, k, "have") || word_at(s, e, k, "should"))
			return true;
	return false;
}

static void emit(const char *s, const rch_lists *ls, const list *subj, const list *obj,
                 const verb *v, rch_edge_fn edge, void *ctx)
{
	size_t ns = subj ? subj->nids : 1, no = obj ? obj->nids : 1;
	for (size_t a = 0; a < ns; a++) {
		const rch_end *se = subj ? &ls->ends.v[subj->id0 + a] : NULL;
		for (size_t b = 0; b < no; b++) {
			const rch_end *oe = obj ? &ls->ends.v[obj->id0 + b] : NULL;
			if (!se && !oe)
				continue;
			if (v->prereq_first)
				edge(ctx, s, se, oe, v->kind);
			else
				edge(ctx, s, oe, se, v->kind);
		}
	}
}

void rch_prose(const char *s, size_t n, rch_lists **keep, rch_edge_fn edge, void *ctx)
{
	if (!rt_may_ref(s, n))
		return;
	rch_lists *ls = NULL;
	bool found = false;
	/* The last statement: "#5 blocks #6 and depends on #4" has #5 as the
	 * subject of both verbs. */
	const list *last_subj = NULL, *last_obj = NULL;
	bool last_self = false;
	for (size_t i = 0; (i = verb_start(s, n, i)) < n; i++) {
		size_t vlen;
		const verb *v = verb_at(s, n, i, &vlen);
		if (!v)
			continue;
		if (!found) {
			/* The room the lines before made is used again. */
			if (!*keep)
				*keep = tr_calloc(1, sizeof **keep);
			ls = *keep;
			ls->n = ls->ends.n = 0;
			rch_find_lists(s, n, ls);
			found = true;
			if (ls->n == 0)
				break;
		}
		if (negated(s, i))
			continue;
		/* The object: a list after the verb, or "this". */
		size_t from = i + vlen;
		verb_form form = v->form;
		verb vv = *v;
		if (form == VF_LABEL || (form == VF_FOR && colon_after(s, n, from))) {
			from = colon_after(s, n, from);
			if (!from)
				continue;
			form = VF_LABEL;
			vv.prereq_first = false;
			vv.kind = TR_EDGE_DEPENDS_ON;
		} else if (form == VF_FOR) {
			size_t k = from;
			while (k < n && s[k] == ' ')
				k++;
			if (!word_at(s, n, k, "for") && !word_at(s, n, k, "of") &&
			    !word_at(s, n, k, "to") && !word_at(s, n, k, "by"))
				continue;
			from = k + 2;
		}
		size_t lo = lists_before(ls, from, false);
		const list *obj = lo < ls->n ? &ls->v[lo] : NULL;
		bool self = false;
		if (obj && !clause_gap(s, from, obj->start, OBJECT_GAP))
			obj = NULL;
		if (!obj && form != VF_LABEL && self_after(s, n, from))
			self = true;
		if (!obj && !self)
			continue;
		if (form == VF_AFTER && obj) {
			size_t p = i;
			while (p > 0 && s[p - 1] == ' ')
				p--;
			if (!(p > 0 && s[p - 1] == '(') && !resolved_after(s, n, obj->end))
				continue;
		}
		/* The subject: the list just before the verb, or the line's own issue. */
		lo = lists_before(ls, i, true);
		const list *subj = lo > 0 ? &ls->v[lo - 1] : NULL;
		bool any_before = lo > 0;
		if (subj && !clause_gap(s, subj->end, i, SUBJECT_GAP))
			subj = NULL;
		if (subj && form == VF_BEFORE && !says_must(s, subj->end, i))
			subj = NULL;
		bool self_subj = false;
		if (subj && subj == last_obj && and_gap(s, subj->end, i)) {
			subj = last_subj;
			self_subj = last_self;
		}
		/* "After #3 lands, #4 can start": the subject follows the clause. */
		if (!subj && form == VF_AFTER && obj && obj + 1 < ls->v + ls->n) {
			const list *next = obj + 1;
			const char *comma = memchr(s + obj->end, ',', next->start - obj->end);
			if (comma && clause_gap(s, obj->end, next->start, OBJECT_GAP) &&
			    skip_markup(s, next->start, (size_t)(comma - s) + 1) == next->start) {
				emit(s, ls, next, obj, &vv, edge, ctx);
				i = next->end - 1;
				continue;
			}
		}
		if (!subj && !self && (form == VF_PLAIN || form == VF_LABEL))
			subj = sentence_lead(s, i, ls, lo, last_self, &self_subj);
		if (!subj && !self_subj &&
		    (self || any_before || form == VF_BEFORE || !lead_ok(s, i, form == VF_LABEL)))
			continue;
		if (!subj && self)
			continue;       /* "this" of a statement about the line's own issue */
		emit(s, ls, subj, obj, &vv, edge, ctx);
		last_subj = subj;
		last_obj = obj;
		last_self = !subj;
		if (obj)
			i = obj->end - 1;
	}
}

/* ---- arrows ------------------------------------------------------------ */

/* Length of an arrow at s[i] (→ ⟶ -> => and longer "-->"), or 0. */
static size_t arrow_at(const char *s, size_t n, size_t i)
{
	unsigned char c = (unsigned char)s[i];
	if (c == 0xE2 && i + 2 < n) {
		if ((unsigned char)s[i + 1] == 0x86 && (unsigned char)s[i + 2] == 0x92)
			return 3;       /* → */
		if ((unsigned char)s[i + 1] == 0x9F && (unsigned char)s[i + 2] == 0xB6)
			return 3;       /* ⟶ */
		return 0;
	}
	if (c != '-' && c != '=')
		return 0;
	if (i > 0 && (s[i - 1] == '<' || s[i - 1] == c))
		return 0;       /* "<->", "<=>", or the middle of "-->" */
	size_t k = i;
	while (k < n && s[k] == (char)c)
		k++;
	return k < n && s[k] == '>' ? k + 1 - i : 0;
}

/* Length of a left arrow at s[i] ("←", or " <- " and " <-- " between
 * spaces, not "<->"), or 0. */
static size_t left_arrow_at(const char *s, size_t n, size_t i)
{
	if ((unsigned char)s[i] == 0xE2)
		return i + 2 < n && (unsigned char)s[i + 1] == 0x86 && (unsigned char)s[i + 2] == 0x90 ? 3 : 0;
	if (s[i] != '<' || i == 0 || s[i - 1] != ' ' || i + 1 >= n || s[i + 1] != '-')
		return 0;
	size_t k = i + 1;
	while (k < n && s[k] == '-' && k - i < 4)
		k++;
	return k < n && s[k] == ' ' ? k - i : 0;
}

static bool trim_byte(char c)
{
	return c == ' ' || c == '\t' || c == '*' || c == '_' || c == '`' || c == '"' || c == '\'' ||
	       c == '[' || c == ']' || c == '(' || c == ')' || c == '{' || c == '}' || c == '.' ||
	       c == ',' || c == ';' || c == ':' || c == '\n' || c == '-';
}

/* What a finished item is called: "→ RESOLVED" is a change of state, not
 * a goal. */
static bool state_word(const char *s, size_t n)
{
	static const char *const words[] = {
		"resolved", "fixed", "done", "closed", "merged", "complete", "completed",
		"open", "reopened", "duplicate", "wontfix", "won't fix", "in progress", "blocked",
		"deferred", "invalid", "verified", "ready", "pending", NULL,
	};
	for (const char *const *w = words; *w; w++)
		if (strlen(*w) == n && strncasecmp(s, *w, n) == 0)
			return true;
	return false;
}

/* Only markup and the words "issue", "issues", "ticket" before s[e]. */
static bool leads_ref(const char *s, size_t b, size_t e)
{
	for (size_t i = b; i < e;) {
		if (strchr(" \t*_`[(", s[i]))
			i++;
		else if (word_at(s, e, i, "issues"))
			i += 6;
		else if (word_at(s, e, i, "issue"))
			i += 5;
		else if (word_at(s, e, i, "ticket"))
			i += 6;
		else
			return false;
	}
	return true;
}

static void add_node(const char *s, size_t b, size_t e, bool first, rch_node **nodes,
                     size_t *cap, size_t *nn, rch_ends *ids)
{
	tr_grow((void **)nodes, cap, *nn + 1, sizeof **nodes);
	rch_node *nd = &(*nodes)[(*nn)++];
	while (b < e && trim_byte(s[b]))
		b++;
	while (e > b && trim_byte(s[e - 1]))
		e--;
	if (b == e) {
		*nd = (rch_node){ RCH_EMPTY, b, 0, false, 0, 0 };
		return;
	}
	rt_ref ref;
	if (rt_next_ref(s, e, b, &ref)) {
		if (first) {
			/* The list nearest the arrow: "Phase 2: Issues #1293 →". */
			size_t start = ref.start, end = ref.end, id0 = ids->n;
			for (bool more = true; more;) {
				ids->n = id0;
				start = ref.start;
				end = rch_list_from(s, e, ref, ids, &ref, &more);
			}
			*nd = (rch_node){ RCH_REF, start, end - start, false, id0, ids->n - id0 };
			return;
		}
		if (leads_ref(s, b, ref.start)) {
			size_t id0 = ids->n, end = rch_list_from(s, e, ref, ids, NULL, NULL);
			*nd = (rch_node){ RCH_REF, ref.start, end - ref.start, false, id0, ids->n - id0 };
			return;
		}
		*nd = (rch_node){ RCH_OTHER, b, e - b, false, 0, 0 };
		return;
	}
	size_t vlen;
	if (verb_at(s, e, b, &vlen) || state_word(s + b, e - b) || !isalpha((unsigned char)s[b]))
		*nd = (rch_node){ b == e ? RCH_EMPTY : RCH_OTHER, b, e - b, false, 0, 0 };
	else
		*nd = (rch_node){ RCH_NAME, b, e - b, false, 0, 0 };
}

size_t rch_split(const char *s, size_t n, rch_node **nodes, size_t *cap, rch_ends *ids)
{
	size_t nn = 0, b = 0;
	ids->n = 0;
	bool any = false, left = false;
	/* The bytes an arrow starts with: the others are passed by table. */
	static const bool arrow_starts[256] = { [0xE2] = true, ['-'] = true, ['='] = true, ['<'] = true };
	for (size_t i = 0; i < n; i++) {
		if (!arrow_starts[(unsigned char)s[i]])
			continue;
		size_t k = arrow_at(s, n, i), l = k ? 0 : left_arrow_at(s, n, i);
		if (!k && !l)
			continue;
		add_node(s, b, i, !any, nodes, cap, &nn, ids);
		(*nodes)[nn - 1].left = left;
		left = l > 0;
		any = true;
		i += (k ? k : l) - 1;
		b = i + 1;
	}
	if (!any)
		return 0;
	add_node(s, b, n, false, nodes, cap, &nn, ids);
	(*nodes)[nn - 1].left = left;
	return nn;
}

size_t rch_lead(const char *s, size_t n, rch_ends *ids)
{
	size_t i = skip_markup(s, n, 0);
	rt_ref ref;
	if (!rt_next_ref(s, n, i, &ref) || ref.start - i > 12 || !leads_ref(s, i, ref.start))
		return 0;
	return rch_list_from(s, n, ref, ids, NULL, NULL);
}

int rch_column(const char *name)
{
	size_t n = strlen(name);
	for (size_t i = 0; i < n; i++) {
		size_t len;
		const verb *v = verb_at(name, n, i, &len);
		if (!v || v->form == VF_BEFORE || v->form == VF_FOR || negated(name, i))
			continue;
		return v->prereq_first ? 1 : -1;
	}
	return 0;
}

/* The verb a run of words starts with: 1 when its subject is the
 * prerequisite ("blocks"), -1 when it is the dependent ("depends on"), 0
 * for none. */
static int verb_sense(const char *s, size_t n, size_t i)
{
	while (i < n && strchr(" \t*_`:=", s[i]))
		i++;
	if (word_at(s, n, i, "is"))
		i += 2;
	while (i < n && s[i] == ' ')
		i++;
	size_t len;
	const verb *v = verb_at(s, n, i, &len);
	if (!v || v->form == VF_AFTER || v->form == VF_BEFORE)
		return 0;
	return v->prereq_first ? 1 : -1;
}

/* Whether s[i] is a downward arrow: "↓", or "⬇" (an emoji too). */
static bool down_at(const char *s, size_t n, size_t i)
{
	return n - i >= 3 && s[i] == '\xE2' &&
	       (memcmp(s + i, "\xE2\x86\x93", 3) == 0 || memcmp(s + i, "\xE2\xAC\x87", 3) == 0);
}

/* Whether s[i] is a variation selector (U+FE00..U+FE0F), which asks for an
 * arrow's text or emoji form ("↓️") and is no part of what follows it. */
static bool selector_at(const char *s, size_t n, size_t i)
{
	return n - i >= 3 && s[i] == '\xEF' && s[i + 1] == '\xB8' && ((unsigned char)s[i + 2] & 0xF0) == 0x80;
}

int rch_down(const char *s, size_t n)
{
	/* skip_markup passes emoji, "⬇" among them: the arrow is the first met
	 * in what it passes, or where it stops. */
	size_t end = skip_markup(s, n, 0), i = 0;
	while (i < end && !down_at(s, n, i))
		i++;
	if (!down_at(s, n, i))
		return RCH_NOT;
	/* Past blanks, selectors and more down arrows ("⬇ ↓ blocks"). */
	i += 3;
	while (i < n && (s[i] == ' ' || s[i] == '\t' || selector_at(s, n, i) || down_at(s, n, i)))
		i += s[i] == '\xEF' || s[i] == '\xE2' ? 3 : 1;
	if (i >= n || (n - i <= 3 && (unsigned char)s[i] >= 0x80))
		return RCH_BARE;
	int sense = verb_sense(s, n, i);
	return sense > 0 ? RCH_FORWARD : sense < 0 ? RCH_BACKWARD : RCH_NOT;
}

size_t rch_leading_arrow(const char *s, size_t n)
{
	size_t i = 0;
	while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '-' || s[i] == '*')) {
		size_t k = arrow_at(s, n, i);
		if (k)
			return i + k;
		i++;
	}
	size_t k = i < n ? arrow_at(s, n, i) : 0;
	return k ? i + k : 0;
}

/* Quotes and the like a legend may put around its words. */
static size_t skip_legend_marks(const char *s, size_t n, size_t i)
{
	for (;;) {
		while (i < n && strchr(" \t:=\"'`*_(", s[i]))
			i++;
		if (n - i >= 3 && (unsigned char)s[i] == 0xE2 && (unsigned char)s[i + 1] == 0x80 &&
		    ((unsigned char)s[i + 2] == 0x9C || (unsigned char)s[i + 2] == 0x98 ||
		     (unsigned char)s[i + 2] == 0x94 || (unsigned char)s[i + 2] == 0x93))
			i += 3;         /* “ ‘ — – */
		else
			return i;
	}
}

/* The word of at most 12 letters ending at s[e] (spaces before e skipped):
 * [*b, e'). */
static bool word_before(const char *s, size_t e, size_t *b, size_t *we)
{
	while (e > 0 && s[e - 1] == ' ')
		e--;
	size_t i = e;
	while (i > 0 && isalpha((unsigned char)s[i - 1]) && e - i <= 12)
		i--;
	if (i == e || e - i > 12 || (i > 0 && isalnum((unsigned char)s[i - 1])))
		return false;
	*b = i;
	*we = e;
	return true;
}

/* A legend in words: "Arrows point from the blocker to the blocked issue",
 * "arrows point to the prerequisite", "an arrow leads to what it depends
 * on".  The role named after the first "to" or "from" decides. */
static int word_legend(const char *s, size_t n)
{
	const char *a = memmem(s, n, "rrow", 4);
	if (!a || a == s || ((a[-1] | 0x20) != 'a'))
		return 0;
	static const char *const prereqs[] = {
		"prerequisite", "prerequisites", "blocker", "blockers", "dependency",
		"dependencies", "depends on", "depend on", "requirement", "requirements",
	};
	static const char *const dependents[] = {
		"dependent", "dependents", "dependant", "dependants", "blocked", "blocks",
	};
	for (size_t i = (size_t)(a - s) + 4; i + 4 < n; i++) {
		int dir = word_at(s, n, i, "to") ? 1 : word_at(s, n, i, "from") ? -1 : 0;
		if (!dir)
			continue;
		size_t b = i + (dir > 0 ? 2 : 4), e = b;
		for (int words = 0; e < n && words < 5; words++) {
			while (e < n && s[e] == ' ')
				e++;
			while (e < n && s[e] != ' ')
				e++;
		}
		if (rt_has_any_word(s + b, e - b, prereqs, sizeof prereqs / sizeof *prereqs))
			return -dir;
		if (rt_has_any_word(s + b, e - b, dependents, sizeof dependents / sizeof *dependents))
			return dir;
		return 0;
	}
	return 0;
}

int rch_legend(const char *s, size_t n)
{
	rt_ref ref;
	if (rt_next_ref(s, n, 0, &ref))
		return 0;
	if (!rd_has_arrow(s, n))
		return word_legend(s, n);
	for (size_t i = 0; i < n; i++) {
		size_t k = arrow_at(s, n, i), l = k ? 0 : left_arrow_at(s, n, i);
		if (!k && !l)
			continue;
		int way = k ? 1 : -1;
		size_t lb = 0, le = 0, at = i;
		bool named = word_before(s, at, &lb, &le);
		i += k ? k : l;
		i = skip_legend_marks(s, n, i);
		/* "A → B: A depends on B", "A ← B means B blocks A": the statement
		 * names which end is which. */
		size_t rb = i;
		while (i < n && isalpha((unsigned char)s[i]) && i - rb <= 12)
			i++;
		size_t re = i;
		if (named && re > rb) {
			size_t j = skip_legend_marks(s, n, re);
			if (word_at(s, n, j, "means"))
				j = skip_legend_marks(s, n, j + 5);
			size_t wb = j;
			while (j < n && isalpha((unsigned char)s[j]) && j - wb <= 12)
				j++;
			int v = verb_sense(s, n, j);
			if (v && j - wb == le - lb && strncmp(s + wb, s + lb, le - lb) == 0)
				return v * way;
			if (v && j - wb == re - rb && strncmp(s + wb, s + rb, re - rb) == 0)
				return -v * way;
		}
		/* "→ depends on / is blocked by", "→ means 'is blocked by'". */
		i = rb;
		if (word_at(s, n, i, "means"))
			i = skip_legend_marks(s, n, i + 5);
		return verb_sense(s, n, i) * way;
	}
	return 0;
}
