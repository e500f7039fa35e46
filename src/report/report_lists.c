/* The lists of references a dependency statement joins: "#3, #5 and #6",
 * "(#61, #62)", "#103 (Treasure Cards), #107", "Issues 7, 9 and 12", and
 * the ranges "#61-64" and "#40-#45", expanded. */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "report_chain.h"

/* A range wider than this is not expanded: "#1-999999" is no list. */
#define RANGE_MAX 64
/* A list holds at most this many issues; a longer run of references goes
 * on as the next list.  So a statement joins at most LIST_MAX^2 pairs and
 * a line of hostile text gives edges in proportion to its length. */
#define LIST_MAX 64

/* "#61-64", "#61-#64", "#61–64": the range's last number and where it
 * ends, when s[ref] is a plain "#N" followed by one. */
static bool range_after(const char *s, size_t n, rt_ref ref, long *lo, long *hi, size_t *end)
{
	if (ref.form != RT_HASH || ref.keylen > 9)
		return false;
	size_t q = ref.end;
	if (q < n && s[q] == '-')
		q++;
	else if (n - q >= 3 && memcmp(s + q, "\xE2\x80\x93", 3) == 0)
		q += 3;
	else
		return false;
	if (q < n && s[q] == '#')
		q++;
	size_t d = q;
	while (q < n && q - d < 10 && isdigit((unsigned char)s[q]))
		q++;
	if (q == d || (q < n && (isalnum((unsigned char)s[q]) || s[q] == '_')))
		return false;
	long a = strtol(s + ref.key, NULL, 10), b = strtol(s + d, NULL, 10);
	if (b <= a || b - a > RANGE_MAX)
		return false;
	*lo = a;
	*hi = b;
	*end = q;
	return true;
}

/* A parenthetical without references ("(Treasure Cards)") at s[i]: its
 * length, or 0. */
static size_t aside_at(const char *s, size_t n, size_t i)
{
	if (s[i] != '(')
		return 0;
	for (size_t k = i + 1; k < n && k - i <= SUBJECT_GAP; k++) {
		if (s[k] == ')')
			return k + 1 - i;
		if (s[k] == '(' || s[k] == '#' || s[k] == '\n')
			return 0;
	}
	return 0;
}

/* Only what separates the references of one list: ", ", " and ", " & ",
 * "/", brackets and markup, the word "issue(s)", and asides. */
static bool list_gap(const char *s, size_t b, size_t e)
{
	bool aside = false;
	for (size_t i = b; i < e;) {
		char c = s[i];
		size_t k;
		if (strchr(" \t,&/+()[]*_`", c)) {
			if (c == '(' && (k = aside_at(s, e, i)) > 0 && !aside) {
				aside = true;
				i += k;
			} else {
				i++;
			}
		} else if (word_at(s, e, i, "and")) {
			i += 3;
		} else if (word_at(s, e, i, "or")) {
			i += 2;
		} else if (word_at(s, e, i, "issues")) {
			i += 6;
		} else if (word_at(s, e, i, "issue")) {
			i += 5;
		} else {
			return false;
		}
	}
	return true;
}

/* One reference (num -1), or a range of them, added to ids (only counted
 * when ids is NULL); returns where it ends. */
static size_t push_item(const char *s, size_t n, rt_ref ref, rch_ends *ids, size_t *count)
{
	long lo = -1, hi = -1;
	size_t end = ref.end;
	range_after(s, n, ref, &lo, &hi, &end);         /* sets them only for a range */
	*count += (size_t)(hi - lo + 1);
	for (long v = lo; v <= hi && ids; v++) {
		tr_grow((void **)&ids->v, &ids->cap, ids->n + 1, sizeof *ids->v);
		ids->v[ids->n++] = (rch_end){ ref, v };
	}
	return end;
}

void rch_ends_free(rch_ends *ids)
{
	free(ids->v);
	*ids = (rch_ends){ NULL, 0, 0 };
}

/* After "Issues 7", a bare number continues the list ("Issues 7, 9 and
 * 12"), set off by a comma, "and", "or" or "&" alone. */
static bool bare_after(const char *s, size_t n, size_t from, rt_ref *ref)
{
	size_t d = from;
	bool sep = false;
	while (d < n && !isdigit((unsigned char)s[d])) {
		if (s[d] == ',' || s[d] == '&') {
			d++;
		} else if (s[d] == ' ') {
			d++;
			continue;
		} else if (word_at(s, n, d, "and")) {
			d += 3;
		} else if (word_at(s, n, d, "or")) {
			d += 2;
		} else {
			return false;
		}
		sep = true;
	}
	if (!sep || d >= n || d - from > 8)
		return false;
	size_t e = d;
	while (e < n && isdigit((unsigned char)s[e]) && e - d < 7)
		e++;
	if (e - d > 6 || (e < n && (isalnum((unsigned char)s[e]) || s[e] == '_' || s[e] == '%' ||
	                            ((s[e] == '.' || s[e] == '/' || s[e] == '-') && e + 1 < n &&
	                             isdigit((unsigned char)s[e + 1])))))
		return false;
	*ref = (rt_ref){ d, e, d, e - d, RT_WORD, s[d] == '0' && e - d > 1 };
	return true;
}

size_t rch_list_from(const char *s, size_t n, rt_ref ref, rch_ends *ids, rt_ref *next, bool *more)
{
	size_t count = 0, end = push_item(s, n, ref, ids, &count);
	while (count < LIST_MAX) {
		rt_ref after, bare;
		bool found = rt_next_ref(s, n, end, &after);
		if (found && list_gap(s, end, after.start)) {
			end = push_item(s, n, after, ids, &count);
		} else if (ref.form == RT_WORD && bare_after(s, n, end, &bare)) {
			end = push_item(s, n, bare, ids, &count);
		} else {
			if (next && (*more = found))
				*next = after;
			return end;
		}
	}
	if (next)
		*more = rt_next_ref(s, n, end, next);
	return end;
}

size_t rch_list(const char *s, size_t n, size_t at, size_t lead, rch_ends *ids)
{
	rt_ref ref;
	return rt_next_ref(s, n, at, &ref) && clause_gap(s, at, ref.start, lead) ?
	       rch_list_from(s, n, ref, ids, NULL, NULL) : 0;
}


void rch_find_lists(const char *s, size_t n, rch_lists *ls)
{
	rt_ref ref;
	for (bool more = rt_next_ref(s, n, 0, &ref); more;) {
		size_t id0 = ls->ends.n, start = ref.start;
		size_t end = rch_list_from(s, n, ref, &ls->ends, &ref, &more);
		tr_grow((void **)&ls->v, &ls->cap, ls->n + 1, sizeof *ls->v);
		ls->v[ls->n++] = (list){ start, end, id0, ls->ends.n - id0 };
	}
}

void rch_lists_free(rch_lists *ls)
{
	if (!ls)
		return;
	free(ls->v);
	rch_ends_free(&ls->ends);
	free(ls);
}
