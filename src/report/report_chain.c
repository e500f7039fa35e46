/* Dependencies as reports write them: chains of arrows naming issues by
 * number or by name, and the prose forms "#A blocks #B", "#B depends on
 * #A", "#B is blocked by #A". */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "report_internal.h"
#include "triage/text.h"

/* ---- splitting at arrows ---------------------------------------------- */

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

static bool trim_byte(char c)
{
	return c == ' ' || c == '\t' || c == '*' || c == '_' || c == '`' || c == '"' || c == '\'' ||
	       c == '[' || c == ']' || c == '(' || c == ')' || c == '{' || c == '}' || c == '.' ||
	       c == ',' || c == ';' || c == ':' || c == '\n';
}

static void add_node(const char *s, size_t b, size_t e, rch_node **nodes, size_t *cap, size_t *nn)
{
	tr_grow((void **)nodes, cap, *nn + 1, sizeof **nodes);
	rch_node *nd = &(*nodes)[(*nn)++];
	rt_ref ref;
	if (rt_next_ref(s, e, b, &ref)) {
		*nd = (rch_node){ RCH_REF, ref.start, ref.end - ref.start };
		return;
	}
	while (b < e && trim_byte(s[b]))
		b++;
	while (e > b && trim_byte(s[e - 1]))
		e--;
	*nd = (rch_node){ e > b ? RCH_NAME : RCH_EMPTY, b, e - b };
}

size_t rch_split(const char *s, size_t n, rch_node **nodes, size_t *cap)
{
	size_t nn = 0, b = 0;
	bool any = false;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c != 0xE2 && c != '-' && c != '=')
			continue;
		size_t k = arrow_at(s, n, i);
		if (!k)
			continue;
		any = true;
		add_node(s, b, i, nodes, cap, &nn);
		i += k - 1;
		b = i + 1;
	}
	if (!any)
		return 0;
	add_node(s, b, n, nodes, cap, &nn);
	return nn;
}

/* ---- matching names to titles ------------------------------------------ */

/* Name lookups compare at most this many title bytes per report, so a
 * report built to make every name match every title still ends quickly. */
#define MATCH_BUDGET ((size_t)64 << 20)

typedef struct posting {
	size_t *issues;
	size_t n, cap;
} posting;

struct rch_titles {
	char **norm;            /* per issue: lower-case title, or NULL */
	size_t *normlen;
	size_t nissues;
	rm_map words;           /* word -> posting index */
	posting *postings;
	size_t npostings, cappostings;
	rm_map cache;           /* normalised name -> issue + 1 (0: none) */
	size_t budget;
};

static bool word_char(unsigned char c)
{
	return isalnum(c) || c >= 0x80;
}

/* Lower-case ASCII, emoji gone, one space between words. */
static char *normalise(const char *s, size_t n, size_t *len)
{
	char *c = rt_clean(s, n);
	for (char *p = c; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	*len = strlen(c);
	return c;
}

rch_titles *rch_titles_new(const tr_model *m)
{
	rch_titles *t = tr_calloc(1, sizeof *t);
	t->nissues = m->nissues;
	t->norm = tr_calloc(m->nissues ? m->nissues : 1, sizeof *t->norm);
	t->normlen = tr_calloc(m->nissues ? m->nissues : 1, sizeof *t->normlen);
	t->budget = MATCH_BUDGET;
	for (size_t i = 0; i < m->nissues; i++) {
		const char *title = m->issues[i].title;
		if (!title)
			continue;
		size_t len;
		char *norm = normalise(title, strlen(title), &len);
		t->norm[i] = norm;
		t->normlen[i] = len;
		for (size_t p = 0; p < len;) {
			if (!word_char((unsigned char)norm[p])) {
				p++;
				continue;
			}
			size_t q = p;
			while (q < len && word_char((unsigned char)norm[q]))
				q++;
			size_t ix = rm_get(&t->words, norm + p, q - p);
			if (ix == RM_NONE) {
				ix = rm_put(&t->words, norm + p, q - p, t->npostings);
				tr_grow((void **)&t->postings, &t->cappostings, t->npostings + 1,
				        sizeof *t->postings);
				t->postings[t->npostings++] = (posting){ NULL, 0, 0 };
			}
			posting *pl = &t->postings[ix];
			/* A word repeated in one title is listed once. */
			if (!pl->n || pl->issues[pl->n - 1] != i) {
				tr_grow((void **)&pl->issues, &pl->cap, pl->n + 1, sizeof *pl->issues);
				pl->issues[pl->n++] = i;
			}
			p = q;
		}
	}
	return t;
}

static bool contains_words(const char *hay, size_t hn, const char *needle, size_t nn)
{
	if (nn == 0 || nn > hn)
		return false;
	for (size_t i = 0; i + nn <= hn; i++) {
		const char *p = memchr(hay + i, needle[0], hn - nn - i + 1);
		if (!p)
			return false;
		i = (size_t)(p - hay);
		if (memcmp(p, needle, nn) != 0)
			continue;
		bool start = i == 0 || !word_char((unsigned char)hay[i - 1]) ||
		             !word_char((unsigned char)needle[0]);
		bool end = i + nn == hn || !word_char((unsigned char)hay[i + nn]) ||
		           !word_char((unsigned char)needle[nn - 1]);
		if (start && end)
			return true;
	}
	return false;
}

size_t rch_titles_find(rch_titles *t, const tr_model *m, const char *name, size_t n)
{
	size_t len;
	char *norm = normalise(name, n, &len);
	size_t cached = rm_get(&t->cache, norm, len);
	if (cached != RM_NONE) {
		free(norm);
		return cached ? cached - 1 : (size_t)-1;
	}
	/* The rarest word of the name bounds the titles to compare. */
	const posting *best = NULL;
	bool missing = false, any = false;
	for (size_t p = 0; p < len && !missing;) {
		if (!word_char((unsigned char)norm[p])) {
			p++;
			continue;
		}
		size_t q = p;
		while (q < len && word_char((unsigned char)norm[q]))
			q++;
		any = true;
		size_t ix = rm_get(&t->words, norm + p, q - p);
		if (ix == RM_NONE)
			missing = true;
		else if (!best || t->postings[ix].n < best->n)
			best = &t->postings[ix];
		p = q;
	}
	size_t found = (size_t)-1;
	if (any && !missing && best) {
		for (size_t k = 0; k < best->n && t->budget > 0; k++) {
			size_t i = best->issues[k];
			t->budget = t->budget > t->normlen[i] ? t->budget - t->normlen[i] : 0;
			if (!contains_words(t->norm[i], t->normlen[i], norm, len))
				continue;
			if (found == (size_t)-1) {
				found = i;
				continue;
			}
			bool named = m->issues[i].named, fnamed = m->issues[found].named;
			if ((named && !fnamed) || (named == fnamed && t->normlen[i] < t->normlen[found]))
				found = i;
		}
	}
	rm_put(&t->cache, norm, len, found == (size_t)-1 ? 0 : found + 1);
	free(norm);
	return found;
}

void rch_titles_free(rch_titles *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < t->nissues; i++)
		free(t->norm[i]);
	free(t->norm);
	free(t->normlen);
	for (size_t i = 0; i < t->npostings; i++)
		free(t->postings[i].issues);
	free(t->postings);
	rm_free(&t->words);
	rm_free(&t->cache);
	free(t);
}

/* ---- prose ------------------------------------------------------------- */

typedef struct verb {
	const char *words;
	tr_edge_kind kind;
	bool subject_first;     /* the subject is the prerequisite */
} verb;

static const verb verbs[] = {
	{ "blocked by", TR_EDGE_BLOCKED_BY, false },
	{ "blocked on", TR_EDGE_BLOCKED_BY, false },
	{ "blocks", TR_EDGE_BLOCKS, true },
	{ "blocking", TR_EDGE_BLOCKS, true },
	{ "depends on", TR_EDGE_DEPENDS_ON, false },
	{ "depend on", TR_EDGE_DEPENDS_ON, false },
	{ "dependent on", TR_EDGE_DEPENDS_ON, false },
};

static bool clause_gap(const char *s, size_t b, size_t e, size_t max)
{
	if (e < b || e - b > max)
		return false;
	for (size_t i = b; i < e; i++)
		if (s[i] == '.' || s[i] == ';' || s[i] == '!' || s[i] == '?' || s[i] == '\n')
			return false;
	return true;
}

/* Only separators between two references of a list: ", ", " and ", " & ". */
static bool list_gap(const char *s, size_t b, size_t e)
{
	for (size_t i = b; i < e;) {
		char c = s[i];
		if (c == ' ' || c == ',' || c == '&' || c == '/') {
			i++;
		} else if (e - i >= 3 && strncasecmp(s + i, "and", 3) == 0) {
			i += 3;
		} else if (e - i >= 2 && strncasecmp(s + i, "or", 2) == 0) {
			i += 2;
		} else {
			return false;
		}
	}
	return true;
}

void rch_prose(const char *s, size_t n, rch_edge_fn edge, void *ctx)
{
	if (!rt_may_ref(s, n))
		return;
	rt_ref small[16], *refs = small;
	size_t nrefs = 0, cap = 16;
	rt_ref r;
	for (size_t at = 0; rt_next_ref(s, n, at, &r); at = r.end) {
		if (nrefs == cap) {
			cap *= 2;
			if (refs == small) {
				refs = tr_malloc(cap * sizeof *refs);
				memcpy(refs, small, sizeof small);
			} else {
				refs = tr_realloc(refs, cap * sizeof *refs);
			}
		}
		refs[nrefs++] = r;
	}
	if (nrefs < 2)
		goto out;
	size_t next_ref = 0;        /* first reference after the verb */
	for (size_t i = 0; i < n; i++) {
		char c = (char)tolower((unsigned char)s[i]);
		if (c != 'b' && c != 'd')
			continue;
		if (i > 0 && isalnum((unsigned char)s[i - 1]))
			continue;
		const verb *v = NULL;
		size_t vlen = 0;
		for (size_t k = 0; k < sizeof verbs / sizeof *verbs; k++) {
			size_t len = strlen(verbs[k].words);
			if (n - i >= len && strncasecmp(s + i, verbs[k].words, len) == 0 &&
			    (i + len == n || !isalnum((unsigned char)s[i + len]))) {
				v = &verbs[k];
				vlen = len;
				break;
			}
		}
		if (!v)
			continue;
		while (next_ref < nrefs && refs[next_ref].start < i)
			next_ref++;
		if (next_ref == 0 || next_ref == nrefs)
			continue;
		const rt_ref *subj = &refs[next_ref - 1];
		if (!clause_gap(s, subj->end, i, 60) || !clause_gap(s, i + vlen, refs[next_ref].start, 30))
			continue;
		size_t last = next_ref;
		for (size_t k = next_ref; k < nrefs; k++) {
			if (k > next_ref && !list_gap(s, refs[k - 1].end, refs[k].start))
				break;
			last = k;
			if (v->subject_first)
				edge(ctx, s, *subj, refs[k], v->kind);
			else
				edge(ctx, s, refs[k], *subj, v->kind);
		}
		i = refs[last].end - 1;
	}
out:
	if (refs != small)
		free(refs);
}
