/* Issues by reference, the sets of issues a section speaks of, and the
 * dependency lines set aside to be read once every issue is known. */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "report_internal.h"
#include "triage/text.h"

issue_extra *rd_extra(reader *r, size_t issue)
{
	if (issue >= r->capextra) {
		size_t old = r->capextra;
		tr_grow((void **)&r->extra, &r->capextra, issue + 1, sizeof *r->extra);
		for (size_t i = old; i < r->capextra; i++)
			r->extra[i] = (issue_extra){ -1, { 0, 0, 0 }, false, NULL };
	}
	return &r->extra[issue];
}

size_t rd_intern(reader *r, const char *id, bool named, unsigned line)
{
	size_t i = tr_model_intern(r->m, id, named, 0, line);
	rd_extra(r, i);
	return i;
}

/* "#305" from a reference, in `small` when it fits (it nearly always
 * does); free the result with rd_free_id(). */
char *rd_ref_id(const char *s, rt_ref ref, char small[32])
{
	size_t n = ref.end - ref.start;
	char *id = n < 32 ? small : tr_malloc(n + 1);
	memcpy(id, s + ref.start, n);
	id[n] = '\0';
	return id;
}

void rd_free_id(char *id, char small[32])
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
size_t rd_find_ref(reader *r, const char *s, rt_ref ref)
{
	int64_t num = ref_number(s, ref);
	size_t i = num_get(r, num);
	if (i != NONE)
		return i;
	char small[32];
	char *id = rd_ref_id(s, ref, small);
	i = tr_model_lookup(r->m, id);
	rd_free_id(id, small);
	if (i != NONE)
		num_put(r, num, i);
	return i;
}

size_t rd_intern_ref(reader *r, const char *s, rt_ref ref, unsigned line)
{
	int64_t num = ref_number(s, ref);
	size_t i = num_get(r, num);
	if (i != NONE)
		return i;
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
	for (size_t k = 0; k < r->sets[set]; k++)
		if (r->sets[set + 1 + k] == issue)
			return;
	tr_grow((void **)&r->sets, &r->capsets, r->nsets + 1, sizeof *r->sets);
	r->sets[r->nsets++] = issue;
	r->sets[set]++;
}

bool rd_set_has(const reader *r, size_t set, size_t issue)
{
	for (size_t k = 0; k < r->sets[set]; k++)
		if (r->sets[set + 1 + k] == issue)
			return true;
	return false;
}

char *rd_dup_trimmed(const char *s, size_t n)
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
bool rd_has_arrow(const char *s, size_t n)
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

size_t rd_add_dep(reader *r, dep_kind kind, size_t off, size_t len, unsigned line, size_t issue)
{
	tr_grow((void **)&r->deps, &r->capdeps, r->ndeps + 1, sizeof *r->deps);
	r->deps[r->ndeps] = (pending_dep){ kind, off, len, line, issue, false };
	return r->ndeps++;
}

/* A line of prose that may hold a chain or a "blocks"/"depends on". */
void rd_maybe_dep_line(reader *r, const char *s, size_t n, unsigned line)
{
	if (n && (memchr(s, '#', n) || rd_has_arrow(s, n)))
		rd_add_dep(r, DEP_LINE, (size_t)(s - r->doc.arena.data), n, line, NONE);
}
