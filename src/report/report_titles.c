/* Names in dependency chains matched to the titles of a report's issues
 * ("#305 → Golden Path" names the issue titled "Golden Path Protection"). */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "report_internal.h"
#include "triage/text.h"

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
	tr_smap words;           /* word -> posting index */
	posting *postings;
	size_t npostings, cappostings;
	tr_smap cache;           /* normalised name -> issue + 1 (0: none) */
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
			size_t ix = tr_smap_get(&t->words, norm + p, q - p);
			if (ix == TR_NONE) {
				ix = tr_smap_put(&t->words, norm + p, q - p, t->npostings);
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
	size_t cached = tr_smap_get(&t->cache, norm, len);
	if (cached != TR_NONE) {
		free(norm);
		return cached ? cached - 1 : TR_NONE;
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
		size_t ix = tr_smap_get(&t->words, norm + p, q - p);
		if (ix == TR_NONE)
			missing = true;
		else if (!best || t->postings[ix].n < best->n)
			best = &t->postings[ix];
		p = q;
	}
	size_t found = TR_NONE;
	if (any && !missing && best) {
		for (size_t k = 0; k < best->n && t->budget > 0; k++) {
			size_t i = best->issues[k];
			t->budget = t->budget > t->normlen[i] ? t->budget - t->normlen[i] : 0;
			if (!contains_words(t->norm[i], t->normlen[i], norm, len))
				continue;
			if (found == TR_NONE) {
				found = i;
				continue;
			}
			bool named = m->issues[i].named, fnamed = m->issues[found].named;
			if ((named && !fnamed) || (named == fnamed && t->normlen[i] < t->normlen[found]))
				found = i;
		}
	}
	tr_smap_put(&t->cache, norm, len, found == TR_NONE ? 0 : found + 1);
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
	tr_smap_free(&t->words);
	tr_smap_free(&t->cache);
	free(t);
}

