#include "config.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
/* After a libc header: only that defines __GLIBC__. */
#if defined(__GLIBC__)
#include <malloc.h>
#endif
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "triage/str.h"

#define LARGE_PAGE ((size_t)2 << 20)

static void out_of_memory(size_t n)
{
	fprintf(stderr, "triage: out of memory (allocating %zu bytes)\n", n);
	abort();
}

/* Marks the whole 2 MiB pieces of [lo, hi) for huge pages; whether any
 * was marked.  Only advice: where huge pages are off, the pages are small. */
static bool prefer_huge(uintptr_t lo, uintptr_t hi)
{
#ifdef MADV_HUGEPAGE
	lo = (lo + LARGE_PAGE - 1) & ~(uintptr_t)(LARGE_PAGE - 1);
	hi &= ~(uintptr_t)(LARGE_PAGE - 1);
	return hi > lo && madvise((void *)lo, hi - lo, MADV_HUGEPAGE) == 0;
#else
	(void)lo;
	(void)hi;
	return false;
#endif
}

/* A block of 2 MiB or more is marked for huge pages as it is handed out:
 * what of it is touched for the first time then costs a page fault per
 * 2 MiB, not per 4 KiB.  In a virtual machine a fault costs 5-15 us, and
 * the tables of a model of a million issues are hundreds of megabytes.
 * glibc usually maps such a block on its own; one it serves from the heap
 * (after freeing a mapped block it raises that threshold) is marked all
 * the same, which splits the heap's mapping and is otherwise harmless.
 * What calloc cleared or realloc copied was touched already.  (Marking
 * the heap as it grows, for the small allocations, was tried too: there
 * the kernel's zeroing of whole huge pages cost more than the faults it
 * spared.) */
static void *fresh(void *p, size_t n)
{
	if (n >= LARGE_PAGE)
		prefer_huge((uintptr_t)p, (uintptr_t)p + n);
	return p;
}

void *tr_malloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		out_of_memory(n);
	return fresh(p, n);
}

void *tr_calloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (!p)
		out_of_memory(n * size);
	return fresh(p, n * size);
}

void *tr_realloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);
	if (!q)
		out_of_memory(n);
	return fresh(q, n);
}

/* Large buffers are handed out in whole, aligned 2 MiB pieces marked for
 * transparent huge pages: the first touch of such a buffer then costs one
 * page fault per 2 MiB instead of one per 4 KiB.  Reading a big report
 * touches megabytes it has never touched before, and where a fault is dear
 * (in a virtual machine, 5-15 us) those faults were over a third of the
 * read.  Smaller buffers gain nothing and would waste the rounding. */
#define LARGE_FROM ((size_t)1 << 20)

void *tr_malloc_large(size_t n, size_t *got)
{
	if (n < LARGE_FROM || n > SIZE_MAX - LARGE_PAGE) {
		*got = n ? n : 1;
		return tr_malloc(n);
	}
	size_t size = (n + LARGE_PAGE - 1) & ~(LARGE_PAGE - 1);
	void *p = aligned_alloc(LARGE_PAGE, size);
	if (!p)
		out_of_memory(size);
	prefer_huge((uintptr_t)p, (uintptr_t)p + size);
	*got = size;
	return p;
}

void tr_room_large(void **p, size_t *cap, size_t need, size_t size)
{
	if (need <= *cap)
		return;
	if (need > SIZE_MAX / size)
		out_of_memory(SIZE_MAX);
	free(*p);
	size_t bytes;
	*p = tr_malloc_large(need * size, &bytes);
	*cap = bytes / size;
}

/* The same for the many small allocations of a model: the heap grows in
 * steps of HEAP_STEP, and the step it has is marked for huge pages.  One
 * `triage export` of a big report or a folder touched 10-40 MB of heap
 * 4 KiB at a time; where faults are dear that was a quarter of its time.
 * Only glibc's brk heap is marked: the check that the first allocation
 * lies just below the break keeps it from marking anything else (another
 * allocator, a sanitizer's). */
#define HEAP_STEP ((size_t)64 << 20)

bool tr_heap_prefer_huge_pages(void)
{
	bool marked = false;
#if defined(__GLIBC__) && defined(M_TOP_PAD) && defined(MADV_HUGEPAGE)
	if (mallopt(M_TOP_PAD, (int)HEAP_STEP) != 1)
		return false;
	void *p = malloc(1);
	uintptr_t at = (uintptr_t)p, brk = (uintptr_t)sbrk(0);
	if (p && at < brk && brk - at <= 2 * HEAP_STEP)
		marked = prefer_huge(at, brk);
	free(p);
#endif
	return marked;
}

void tr_heap_give_back(void)
{
#if defined(__GLIBC__)
	malloc_trim(0);
#endif
}

void tr_grow_room(void **p, size_t *cap, size_t need, size_t size)
{
	if (need <= *cap)
		return;
	size_t ncap = *cap ? *cap : 8;
	while (ncap < need) {
		if (ncap > SIZE_MAX / 2 / size)
			out_of_memory(SIZE_MAX);
		ncap *= 2;
	}
	if (ncap * size < LARGE_FROM) {
		*p = tr_realloc(*p, ncap * size);
		*cap = ncap;
		return;
	}
	/* A large table moves into room in whole huge pages, at the price of
	 * a copy: realloc would keep it in small pages (glibc moves a mapped
	 * block with mremap), and growing a 256 MB table that way took 65,000
	 * faults against about 500. */
	size_t got;
	void *q = tr_malloc_large(ncap * size, &got);
	if (*cap)
		memcpy(q, *p, *cap * size);
	free(*p);
	*p = q;
	*cap = got / size;
}

char *tr_strdup(const char *s)
{
	return tr_strndup(s, strlen(s));
}

bool tr_str_eq(const char *a, const char *b)
{
	if (!a || !b)
		return a == b;
	return strcmp(a, b) == 0;
}

char *tr_strndup(const char *s, size_t n)
{
	char *d = tr_malloc(n + 1);
	memcpy(d, s, n);
	d[n] = '\0';
	return d;
}

char *tr_vsprintf(const char *fmt, va_list ap)
{
	/* Most results are short: formatted once into room on the stack and
	 * copied, rather than formatted twice (once to measure). */
	char small[256];
	va_list copy;
	va_copy(copy, ap);
	int n = vsnprintf(small, sizeof small, fmt, copy);
	va_end(copy);
	if (n < 0)
		return tr_strdup("");
	if ((size_t)n < sizeof small)
		return tr_strndup(small, (size_t)n);
	char *s = tr_malloc((size_t)n + 1);
	va_copy(copy, ap);
	vsnprintf(s, (size_t)n + 1, fmt, copy);
	va_end(copy);
	return s;
}

char *tr_sprintf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *s = tr_vsprintf(fmt, ap);
	va_end(ap);
	return s;
}

void tr_buf_add(tr_buf *b, const char *s, size_t n)
{
	tr_grow((void **)&b->data, &b->cap, b->len + n + 1, 1);
	if (n)
		memcpy(b->data + b->len, s, n);
	b->len += n;
	b->data[b->len] = '\0';
}

void tr_buf_adds(tr_buf *b, const char *s)
{
	tr_buf_add(b, s, strlen(s));
}

void tr_buf_addc(tr_buf *b, char c)
{
	tr_buf_add(b, &c, 1);
}

void tr_buf_addf(tr_buf *b, const char *fmt, ...)
{
	/* Formatted straight into the room the buffer has; only what does
	 * not fit is formatted again, once the room is made. */
	va_list ap;
	size_t room = b->data ? b->cap - b->len : 0;
	va_start(ap, fmt);
	int n = room ? vsnprintf(b->data + b->len, room, fmt, ap) : vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n <= 0) {
		if (b->data)
			b->data[b->len] = '\0';
		return;
	}
	if ((size_t)n >= room) {
		tr_grow((void **)&b->data, &b->cap, b->len + (size_t)n + 1, 1);
		va_start(ap, fmt);
		vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
		va_end(ap);
	}
	b->len += (size_t)n;
}

void tr_buf_reset(tr_buf *b)
{
	b->len = 0;
	if (b->data)
		b->data[0] = '\0';
}

void tr_buf_truncate(tr_buf *b, size_t len)
{
	if (len < b->len) {
		b->len = len;
		b->data[len] = '\0';
	}
}

const char *tr_buf_str(tr_buf *b)
{
	return b->data ? b->data : "";
}

char *tr_buf_detach(tr_buf *b)
{
	char *s = b->data ? b->data : tr_strdup("");
	b->data = NULL;
	b->len = b->cap = 0;
	return s;
}

void tr_buf_free(tr_buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
}

void tr_strv_push_owned(tr_strv *sv, char *s)
{
	/* An issue has thousands of lists of one or two (findings, test
	 * files): they start with room for two, not tr_grow's eight. */
	if (!sv->cap) {
		sv->v = tr_malloc(2 * sizeof *sv->v);
		sv->cap = 2;
	}
	tr_grow((void **)&sv->v, &sv->cap, sv->n + 1, sizeof *sv->v);
	sv->v[sv->n++] = s;
}

void tr_strv_push(tr_strv *sv, const char *s)
{
	tr_strv_push_owned(sv, tr_strdup(s));
}

bool tr_strv_contains(const tr_strv *sv, const char *s)
{
	for (size_t i = 0; i < sv->n; i++)
		if (strcmp(sv->v[i], s) == 0)
			return true;
	return false;
}

void tr_strv_push_unique(tr_strv *sv, const char *s)
{
	if (!tr_strv_contains(sv, s))
		tr_strv_push(sv, s);
}

typedef struct strv_ref {
	const char *s;
	size_t i;
} strv_ref;

static int strv_ref_cmp(const void *a, const void *b)
{
	const strv_ref *x = a, *y = b;
	int c = strcmp(x->s, y->s);
	return c ? c : x->i < y->i ? -1 : x->i > y->i;
}

void tr_strv_dedupe(tr_strv *sv)
{
	if (sv->n < 2)
		return;
	/* Sorted copies find the repeats; the list keeps its order. */
	strv_ref *r = tr_malloc(sv->n * sizeof *r);
	for (size_t i = 0; i < sv->n; i++)
		r[i] = (strv_ref){ sv->v[i], i };
	qsort(r, sv->n, sizeof *r, strv_ref_cmp);
	bool *drop = tr_calloc(sv->n, sizeof *drop);
	for (size_t i = 1; i < sv->n; i++)
		if (strcmp(r[i - 1].s, r[i].s) == 0)
			drop[r[i].i] = true;
	tr_strv_drop(sv, drop);
	free(drop);
	free(r);
}

void tr_strv_drop(tr_strv *sv, const bool *drop)
{
	size_t w = 0;
	for (size_t i = 0; i < sv->n; i++) {
		if (drop[i])
			free(sv->v[i]);
		else
			sv->v[w++] = sv->v[i];
	}
	sv->n = w;
}

void tr_strv_free(tr_strv *sv)
{
	for (size_t i = 0; i < sv->n; i++)
		free(sv->v[i]);
	free(sv->v);
	sv->v = NULL;
	sv->n = sv->cap = 0;
}

const char *tr_word_at(const char *const *table, size_t n, size_t i, const char *fallback)
{
	return i < n ? table[i] : fallback;
}

int tr_word_find(const char *const *table, size_t n, const char *word)
{
	for (size_t i = 0; word && i < n; i++)
		if (strcmp(table[i], word) == 0)
			return (int)i;
	return -1;
}

int tr_parse_size(const char *arg, int *w, int *h)
{
	int a, b;
	char extra;
	if (sscanf(arg, "%dx%d%c", &a, &b, &extra) != 2 || a < 1 || b < 1 || a > TR_SCREEN_MAX ||
	    b > TR_SCREEN_MAX)
		return -1;
	*w = a;
	*h = b;
	return 0;
}
