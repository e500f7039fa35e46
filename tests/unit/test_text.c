#include "config.h"

#include <locale.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tap.h"
#include "triage/str.h"
#include "triage/text.h"

static char *inert(const char *s, bool keep)
{
	tr_buf b = TR_BUF_INIT;
	tr_text_inert(&b, s, strlen(s), keep);
	return tr_buf_detach(&b);
}

static void check_inert(const char *in, const char *want, const char *what)
{
	char *got = inert(in, false);
	is_str(got, want, "inert: %s", what);
	free(got);
}

static void check_fit(const char *in, size_t cols, bool ascii, const char *want, const char *what)
{
	tr_buf b = TR_BUF_INIT;
	size_t used = tr_text_fit(&b, in, cols, ascii);
	is_str(tr_buf_str(&b), want, "fit: %s", what);
	ok(used <= cols, "fit: %s uses %zu of %zu columns", what, used, cols);
	ok(tr_text_width(tr_buf_str(&b)) == used, "fit: %s reports the width it used", what);
	tr_buf_free(&b);
}

/* Under AddressSanitizer the allocator is the sanitizer's, not glibc's
 * heap: gcc says so with __SANITIZE_ADDRESS__, clang with __has_feature. */
#if defined(__SANITIZE_ADDRESS__)
#define UNDER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define UNDER_ASAN 1
#endif
#endif

#if !defined(UNDER_ASAN)
/* Whether a mapping is advised for huge pages ("hg" in its VmFlags), as
 * the kernel sees it: the one holding address p, or with p NULL any
 * mapping of the brk heap. */
static bool advised(const void *p)
{
	FILE *f = fopen("/proc/self/smaps", "r");
	if (!f)
		return false;
	char line[512];
	bool in = false, hg = false;
	uintptr_t at = (uintptr_t)p;
	while (!hg && fgets(line, sizeof line, f)) {
		unsigned long lo, hi;
		if (sscanf(line, "%lx-%lx ", &lo, &hi) == 2)
			in = p ? at >= lo && at < hi : strstr(line, "[heap]") != NULL;
		else if (in && strncmp(line, "VmFlags:", 8) == 0)
			hg = strstr(line, " hg") != NULL;
	}
	fclose(f);
	return hg;
}

#if defined(__GLIBC__)
/* Resident bytes of this process, as the kernel counts them. */
static size_t resident(void)
{
	FILE *f = fopen("/proc/self/statm", "r");
	unsigned long size = 0, pages = 0;
	if (f) {
		if (fscanf(f, "%lu %lu", &size, &pages) != 2)
			pages = 0;
		fclose(f);
	}
	return (size_t)pages * (size_t)sysconf(_SC_PAGESIZE);
}
#endif
#endif

int main(void)
{
	/* First, as a program's main does: before anything is allocated. */
	bool huge = tr_heap_prefer_huge_pages();
	setlocale(LC_ALL, "C.UTF-8");

	check_inert("plain text", "plain text", "plain ASCII is unchanged");
	check_inert("caf\xC3\xA9 \xE2\x86\x92 \xF0\x9F\x9A\xA8", "caf\xC3\xA9 \xE2\x86\x92 \xF0\x9F\x9A\xA8",
	            "UTF-8 and emoji are unchanged");
	check_inert("\x1b]0;pwned\x07title", "^[]0;pwned^Gtitle", "OSC title sequence is shown, not run");
	check_inert("\x1b[2J\x1b[H", "^[[2J^[[H", "clear-screen is shown, not run");
	check_inert("over\rwrite\bx", "over^Mwrite^Hx", "carriage return and backspace are visible");
	check_inert("\xC2\x9B" "31m", "\\x9b31m", "C1 CSI is shown as an escape");
	check_inert("\xC2\x85", "\\x85", "C1 NEL is shown as an escape");
	check_inert("a\x7f" "b", "a^?b", "DEL is visible");
	check_inert("a\tb", "a b", "a tab becomes a space");
	check_inert("a\nb", "a\\nb", "a newline is visible in one-line text");
	check_inert("bad \xff\xfe bytes", "bad \xEF\xBF\xBD\xEF\xBF\xBD bytes", "invalid UTF-8 shows replacement characters");
	check_inert("\xC0\xAF", "\xEF\xBF\xBD\xEF\xBF\xBD", "an overlong encoding is invalid");
	check_inert("\xED\xA0\x80", "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD", "an encoded surrogate is invalid");
	check_inert("x\xE2\x80\xAE" "evil", "x<U202E>evil", "a bidi override is shown inert");
	{
		char *got = inert("one\ntwo\x1b", true);
		is_str(got, "one\ntwo^[", "inert: newlines kept when asked, ESC still shown");
		free(got);
	}
	{
		tr_buf b = TR_BUF_INIT;
		tr_text_inert_ascii(&b, "caf\xC3\xA9\x1b", 6);
		is_str(tr_buf_str(&b), "caf?^[", "ascii inert: non-ASCII becomes '?'");
		tr_buf_free(&b);
	}

	ok(tr_utf8_valid("abc \xE2\x86\x92", 7), "valid UTF-8 is valid");
	ok(!tr_utf8_valid("abc \xE2\x86", 6), "a truncated sequence is invalid");
	ok(tr_utf8_valid("\xEF\xBF\xBD", 3), "a real U+FFFD is valid");
	{
		char *f = tr_utf8_fix("a\xffz", 3);
		is_str(f, "a\xEF\xBF\xBDz", "fix replaces each invalid byte");
		free(f);
	}
	{
		char out[4];
		uint32_t cp;
		size_t n = tr_utf8_encode(0x1F6A8, out);
		is_int(n, 4, "encode an emoji in 4 bytes");
		is_int(tr_utf8_decode(out, n, &cp), 4, "decode reads it back whole");
		is_int(cp, 0x1F6A8, "to the same code point");
	}

	is_int(tr_text_width("abc"), 3, "width of ASCII");
	is_int(tr_text_width("\xE6\x97\xA5\xE6\x9C\xAC"), 4, "CJK is two columns each");
	is_int(tr_text_width("\xF0\x9F\x9A\xA8"), 2, "an emoji is two columns");
	is_int(tr_text_width("e\xCC\x81"), 1, "a combining accent takes no column");
	is_int(tr_text_width("\x1b"), 2, "ESC takes the width of its inert form");
	is_int(tr_text_width("a\tb\x7f~ \xE6\x97\xA5!"), 10,
	       "ASCII among a tab, DEL, a blank and CJK: a column each, the others as alone");

	check_fit("short", 10, false, "short", "text that fits is kept");
	check_fit("a longer title", 8, false, "a longe\xE2\x80\xA6", "clipped text ends in an ellipsis");
	check_fit("a longer title", 8, true, "a longe~", "ascii clip ends in a tilde");
	check_fit("\xE6\x97\xA5\xE6\x9C\xAC\xE8\xAA\x9E", 4, false, "\xE6\x97\xA5\xE2\x80\xA6",
	          "a wide character never straddles the edge");
	check_fit("\x1b[31mred", 6, false, "^[[31\xE2\x80\xA6", "escapes are measured in their inert form");

	char t[] = "  \t padded \n";
	is_str(tr_trim(t), "padded", "trim removes surrounding whitespace");
	ok(tr_strcasestr("Golden Path Flow", "golden path") != NULL, "case-insensitive search finds");
	ok(tr_strcasestr("Golden", "path") == NULL, "case-insensitive search misses");

	/* Formatting: short results and long ones (past any room kept on the
	 * stack or in a buffer) come out whole. */
	char *f = tr_sprintf("%s-%d", "short", 7);
	is_str(f, "short-7", "a short formatted string");
	free(f);
	char longer[1200];
	memset(longer, 'x', sizeof longer - 1);
	longer[sizeof longer - 1] = '\0';
	f = tr_sprintf("<%s>", longer);
	ok(strlen(f) == sizeof longer + 1 && f[0] == '<' && f[sizeof longer] == '>' &&
	   f[600] == 'x', "a formatted string longer than a line is whole");
	free(f);
	tr_buf fb = TR_BUF_INIT;
	tr_buf_addf(&fb, "%d:", 1);
	tr_buf_addf(&fb, "%s", "");
	tr_buf_addf(&fb, "%s|", longer);
	tr_buf_addf(&fb, "%s", "end");
	ok(fb.len == 2 + sizeof longer - 1 + 1 + 3 && strlen(fb.data) == fb.len &&
	   strncmp(fb.data, "1:xx", 4) == 0 && strcmp(fb.data + fb.len - 4, "|end") == 0,
	   "appending formatted text, short and past the buffer's room, keeps all of it in order");
	tr_buf_free(&fb);
	{
		/* A buffer of megabytes: whole 2 MiB pieces, all of them usable,
		 * and an ordinary allocation to grow and free. */
		size_t got = 0;
		char *big = tr_malloc_large(3u << 20, &got);
		ok(got == 4u << 20 && ((uintptr_t)big & ((2u << 20) - 1)) == 0,
		   "a large buffer is whole, aligned 2 MiB pieces (%zu bytes)", got);
		memset(big, 'x', got);
		big = tr_realloc(big, 9u << 20);
		ok(big[0] == 'x' && big[(4u << 20) - 1] == 'x', "it grows as any allocation, keeping its bytes");
		free(big);
		uint32_t *table = NULL;
		size_t cap = 0;
		tr_room_large((void **)&table, &cap, 10, sizeof *table);
		uint32_t *had = table;
		tr_room_large((void **)&table, &cap, 10, sizeof *table);
		ok(cap == 10 && table == had, "room enough is kept as it is");
		tr_room_large((void **)&table, &cap, 1u << 20, sizeof *table);
		ok(cap == (4u << 20) / sizeof *table && ((uintptr_t)table & ((2u << 20) - 1)) == 0,
		   "room for megabytes is whole 2 MiB pieces, all of it counted (%zu)", cap);
		table[cap - 1] = 1;
		free(table);
		char *small = tr_malloc_large(100, &got);
		ok(got == 100, "a small one is exactly what was asked (%zu)", got);
		free(small);
	}
	{
		/* A table grown past a megabyte moves into whole 2 MiB pieces,
		 * what it held kept. */
		int *tbl = NULL;
		size_t cap = 0;
		for (int i = 0; i < 600000; i++) {
			tr_grow((void **)&tbl, &cap, (size_t)i + 1, sizeof *tbl);
			tbl[i] = i;
		}
		bool kept = true;
		for (int i = 0; i < 600000; i++)
			kept = kept && tbl[i] == i;
		ok(kept, "a table grown to megabytes keeps what it held");
		ok(((uintptr_t)tbl & ((2u << 20) - 1)) == 0 && cap * sizeof *tbl % (2u << 20) == 0,
		   "a table of megabytes is whole 2 MiB pieces, all of it counted (%zu)", cap);
		free(tbl);
	}
#if !defined(UNDER_ASAN)
	if (access("/sys/kernel/mm/transparent_hugepage/enabled", F_OK) == 0) {
		/* A block of megabytes is advised for huge pages before it is
		 * touched.  64 MiB: glibc maps any block that large on its own,
		 * outside the heap (which the policy below marks anyway). */
		size_t n = 64u << 20;
		char *big = tr_malloc(n);
		ok(advised(big + n / 2), "a block of 64 MiB is advised for huge pages");
		free(big);
		char *cleared = tr_calloc(n, 1);
		ok(advised(cleared + n / 2), "so is one from tr_calloc");
		free(cleared);
	}
#endif
#if !defined(UNDER_ASAN) && defined(__GLIBC__)
	if (access("/proc/self/statm", R_OK) == 0) {
		/* What the heap freed goes back to the system when asked: 16 MB
		 * of small pieces, touched, then freed below one still held (so
		 * that freeing alone cannot shrink the heap). */
		enum { PIECES = 4096, PIECE = 4000 };
		char **v = tr_malloc(PIECES * sizeof *v);
		for (int i = 0; i < PIECES; i++) {
			v[i] = tr_malloc(PIECE);
			memset(v[i], 1, PIECE);
		}
		char *fence = tr_malloc(64);
		for (int i = 0; i < PIECES; i++)
			free(v[i]);
		size_t before = resident();
		tr_heap_give_back();
		size_t after = resident();
		ok(after + (8u << 20) < before, "freed heap is given back (%zu kB resident, then %zu kB)",
		   before >> 10, after >> 10);
		free(fence);
		free(v);
	}
#endif
	{
		/* The program's heap policy takes effect: the kernel has the
		 * heap advised for huge pages.  A sanitizer's allocator is not
		 * glibc's heap, and is left alone. */
#if defined(UNDER_ASAN)
		ok(!huge, "under a sanitizer the heap is left alone");
#else
		/* A kernel built without huge pages refuses the advice. */
		if (access("/sys/kernel/mm/transparent_hugepage/enabled", F_OK) == 0)
			ok(huge && advised(NULL), "the heap is advised for huge pages (VmFlags hg)");
		else
			ok(!huge && !advised(NULL), "no huge pages in this kernel: the heap is as it was");
#endif
	}
	return done_testing();
}
