/* Growable strings and string vectors.  Allocation failure aborts: a
 * triage console that cannot allocate a few bytes cannot do anything useful,
 * and checking every append would bury the logic. */
#ifndef TRIAGE_STR_H
#define TRIAGE_STR_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

/* "No such index": what a lookup returns when there is none. */
#define TR_NONE ((size_t)-1)

/* Word tables made from an X-macro list whose entries are X(NAME, "word"):
 *   static const char *const words[] = { LIST(TR_WORD_OF) };
 * then tr_word(words, i, "fallback") and tr_word_index(words, "word"). */
#define TR_WORD_OF(name, word) word,
#define tr_word(table, i, fallback) tr_word_at(table, sizeof table / sizeof *table, (size_t)(i), fallback)
#define tr_word_index(table, word) tr_word_find(table, sizeof table / sizeof *table, word)
/* A screen size "WxH" ("80x24"), each from 1 to TR_SCREEN_MAX.  0, or -1
 * (w and h untouched) when arg is not one. */
#define TR_SCREEN_MAX 1000
int tr_parse_size(const char *arg, int *w, int *h);

/* table[i], or `fallback` when i is past the end. */
const char *tr_word_at(const char *const *table, size_t n, size_t i, const char *fallback);
/* The index of `word` (exactly) in the table, or -1 (also for NULL). */
int tr_word_find(const char *const *table, size_t n, const char *word);

void *tr_malloc(size_t n);
void *tr_calloc(size_t n, size_t size);
void *tr_realloc(void *p, size_t n);
/* Room for a buffer that may be megabytes (a report, its text, its blocks):
 * at least n bytes, *got set to all there is.  Freed and grown as any
 * other allocation. */
void *tr_malloc_large(size_t n, size_t *got);
/* Makes *p (an array of *cap elements of `size`) room for `need`, as
 * tr_malloc_large does, when it has less; what it held is not kept. */
void tr_room_large(void **p, size_t *cap, size_t need, size_t size);
/* Asks, for the whole process, that the heap be backed by huge pages where
 * the system allows it.  For a program's main, before anything is
 * allocated: the heap it marks is the one that first allocation makes.
 * Whether the heap could be marked (not under another allocator). */
bool tr_heap_prefer_huge_pages(void);
/* Gives the system back the heap's free pages: for after a phase whose
 * working memory is all freed (reading the reports), so that what comes
 * after does not add to it, and a console left open does not hold it for
 * hours.  The price: what the next phase takes again is faulted in again. */
void tr_heap_give_back(void);
/* Grows *p (an array of *cap elements of size `size`) to hold at least `need`.
 * Nearly every call finds the room there already: that test is made where
 * the call is, and only growing is a call (tr_grow_room).  *p must come from
 * these allocators, and *cap counts what it holds: with *cap 0, nothing of
 * *p is kept. */
void tr_grow_room(void **p, size_t *cap, size_t need, size_t size);
static inline void tr_grow(void **p, size_t *cap, size_t need, size_t size)
{
	if (need > *cap)
		tr_grow_room(p, cap, need, size);
}
char *tr_strdup(const char *s);
/* Whether a and b are the same string, or both NULL (a value absent). */
bool tr_str_eq(const char *a, const char *b);
char *tr_strndup(const char *s, size_t n);
char *tr_sprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* The same from a va_list, which it leaves unused (it works on a copy). */
char *tr_vsprintf(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));

typedef struct tr_buf {
	char *data;             /* always NUL-terminated once anything was added */
	size_t len, cap;
} tr_buf;

#define TR_BUF_INIT { NULL, 0, 0 }

void tr_buf_add(tr_buf *b, const char *s, size_t n);
void tr_buf_adds(tr_buf *b, const char *s);
void tr_buf_addc(tr_buf *b, char c);
void tr_buf_addf(tr_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void tr_buf_reset(tr_buf *b);
void tr_buf_truncate(tr_buf *b, size_t len);   /* shortens and re-terminates */
const char *tr_buf_str(tr_buf *b);      /* "" for an empty buffer */
char *tr_buf_detach(tr_buf *b);         /* caller owns the result */
void tr_buf_free(tr_buf *b);

typedef struct tr_strv {
	char **v;
	size_t n, cap;
} tr_strv;

#define TR_STRV_INIT { NULL, 0, 0 }

void tr_strv_push(tr_strv *sv, const char *s);        /* copies s */
void tr_strv_push_owned(tr_strv *sv, char *s);        /* takes s */
bool tr_strv_contains(const tr_strv *sv, const char *s);
void tr_strv_push_unique(tr_strv *sv, const char *s);
/* Drops repeated strings, keeping the first of each, in order: n log n, for
 * lists that may be long (push them all, then fold the repeats once). */
void tr_strv_dedupe(tr_strv *sv);
/* Frees the strings whose drop[i] is set and closes the gaps, in order. */
void tr_strv_drop(tr_strv *sv, const bool *drop);
void tr_strv_free(tr_strv *sv);

#endif
