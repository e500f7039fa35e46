/* What the two files that read dependency statements share: report_chain.c
 * (statements in words, arrows) and report_lists.c (the lists of
 * references a statement joins). */
#ifndef TRIAGE_REPORT_CHAIN_H
#define TRIAGE_REPORT_CHAIN_H

#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "report_internal.h"

/* How far a statement's words may stand from the references they join. */
#define SUBJECT_GAP 60
#define OBJECT_GAP 30

/* The first letters rule out most places before the word is measured. */
static inline bool word_at(const char *s, size_t n, size_t i, const char *w)
{
	size_t len;
	return i < n && tolower((unsigned char)s[i]) == tolower((unsigned char)*w) &&
	       n - i >= (len = strlen(w)) && strncasecmp(s + i, w, len) == 0 &&
	       (i + len == n || !isalnum((unsigned char)s[i + len])) &&
	       (i == 0 || !isalnum((unsigned char)s[i - 1]));
}

/* No sentence ends between b and e, and they are at most max bytes apart. */
static inline bool clause_gap(const char *s, size_t b, size_t e, size_t max)
{
	if (e < b || e - b > max)
		return false;
	for (size_t i = b; i < e; i++)
		if (s[i] == '.' || s[i] == ';' || s[i] == '!' || s[i] == '?' || s[i] == '\n')
			return false;
	return true;
}

/* The lists of a line, found once per line. */
typedef struct list {
	size_t start, end;
	size_t id0, nids;       /* in rch_lists.ends */
} list;

struct rch_lists {
	list *v;
	size_t n, cap;
	rch_ends ends;
};

/* The list `ref` starts, its ends pushed onto ids (only counted when ids is
 * NULL); returns where it ends.  With `next`, *more and *next are what
 * rt_next_ref(s, n, end) gives: looking for the list's next item has found
 * it already. */
size_t rch_list_from(const char *s, size_t n, rt_ref ref, rch_ends *ids, rt_ref *next, bool *more);
/* Every list of a line, in order. */
void rch_find_lists(const char *s, size_t n, rch_lists *ls);

#endif
