/* Growable strings and string vectors.  Allocation failure aborts: a
 * triage console that cannot allocate a few bytes cannot do anything useful,
 * and checking every append would bury the logic. */
#ifndef TRIAGE_STR_H
#define TRIAGE_STR_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

void *tr_malloc(size_t n);
void *tr_calloc(size_t n, size_t size);
void *tr_realloc(void *p, size_t n);
/* Grows *p (an array of *cap elements of size `size`) to hold at least `need`. */
void tr_grow(void **p, size_t *cap, size_t need, size_t size);
char *tr_strdup(const char *s);
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
void tr_strv_free(tr_strv *sv);

#endif
