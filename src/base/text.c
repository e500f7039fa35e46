#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <strings.h>
#include <string.h>
#include <wchar.h>

#include "triage/text.h"

size_t tr_utf8_decode(const char *str, size_t n, uint32_t *cp)
{
	const unsigned char *s = (const unsigned char *)str;
	*cp = TR_REPLACEMENT;
	if (n == 0)
		return 0;
	unsigned char c = s[0];
	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	size_t len;
	uint32_t v, min;
	if (c >= 0xC2 && c <= 0xDF) {
		len = 2; v = c & 0x1F; min = 0x80;
	} else if (c >= 0xE0 && c <= 0xEF) {
		len = 3; v = c & 0x0F; min = 0x800;
	} else if (c >= 0xF0 && c <= 0xF4) {
		len = 4; v = c & 0x07; min = 0x10000;
	} else {
		return 1;
	}
	if (n < len)
		return 1;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 1;
		v = (v << 6) | (s[i] & 0x3F);
	}
	if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
		return 1;
	*cp = v;
	return len;
}

size_t tr_utf8_encode(uint32_t cp, char out[4])
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xC0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		cp = TR_REPLACEMENT;
	if (cp < 0x10000) {
		out[0] = (char)(0xE0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		out[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	out[0] = (char)(0xF0 | (cp >> 18));
	out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
	out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
	out[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}

/* A decode that yields U+FFFD for real input U+FFFD is not an error. */
static bool is_bad_sequence(const char *s, size_t n, size_t len, uint32_t cp)
{
	return cp == TR_REPLACEMENT && !(len == 3 && n >= 3 && memcmp(s, "\xEF\xBF\xBD", 3) == 0);
}

bool tr_utf8_valid(const char *s, size_t n)
{
	size_t i = 0;
	while (i < n) {
		if ((unsigned char)s[i] < 0x80) {
			i++;
			continue;
		}
		uint32_t cp;
		size_t len = tr_utf8_decode(s + i, n - i, &cp);
		if (is_bad_sequence(s + i, n - i, len, cp))
			return false;
		i += len;
	}
	return true;
}

char *tr_utf8_fix(const char *s, size_t n)
{
	tr_buf b = TR_BUF_INIT;
	size_t i = 0, run = 0;
	while (i < n) {
		if ((unsigned char)s[i] < 0x80) {
			i++;
			continue;
		}
		uint32_t cp;
		size_t len = tr_utf8_decode(s + i, n - i, &cp);
		if (is_bad_sequence(s + i, n - i, len, cp)) {
			tr_buf_add(&b, s + run, i - run);
			tr_buf_add(&b, "\xEF\xBF\xBD", 3);
			run = i + len;
		}
		i += len;
	}
	tr_buf_add(&b, s + run, n - run);
	return tr_buf_detach(&b);
}

/* The visible stand-in for a control character, or NULL for a printable one.
 * Caret notation for C0 and DEL (what `cat -v` and ncurses' unctrl show), a
 * hex escape for C1, whose raw bytes some terminals act on (0x9B is CSI). */
static const char *control_form(uint32_t cp, char tmp[8])
{
	if (cp < 0x20 || cp == 0x7F) {
		tmp[0] = '^';
		tmp[1] = cp == 0x7F ? '?' : (char)(cp + '@');
		tmp[2] = '\0';
		return tmp;
	}
	if (cp >= 0x80 && cp < 0xA0) {
		static const char hex[] = "0123456789abcdef";
		memcpy(tmp, "\\x", 2);
		tmp[2] = hex[cp >> 4];
		tmp[3] = hex[cp & 15];
		tmp[4] = '\0';
		return tmp;
	}
	/* Bidirectional overrides and isolates reorder what follows on some
	 * terminals; line/paragraph separators break lines.  Show them inert. */
	if ((cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) ||
	    cp == 0x2028 || cp == 0x2029 || cp == 0xFEFF) {
		static const char hex[] = "0123456789ABCDEF";
		snprintf(tmp, 8, "<U%c%c%c%c>", hex[(cp >> 12) & 15], hex[(cp >> 8) & 15],
		         hex[(cp >> 4) & 15], hex[cp & 15]);
		return tmp;
	}
	return NULL;
}

static void inert(tr_buf *out, const char *s, size_t n, bool keep_newlines, bool ascii)
{
	size_t i = 0;
	char tmp[8];
	while (i < n) {
		/* Printable ASCII, most of any text, is itself: copied a run at a
		 * time rather than decoded a character at a time. */
		size_t run = i;
		while (run < n && (unsigned char)s[run] >= 0x20 && (unsigned char)s[run] < 0x7F)
			run++;
		if (run > i) {
			tr_buf_add(out, s + i, run - i);
			i = run;
			continue;
		}
		uint32_t cp;
		size_t len = tr_utf8_decode(s + i, n - i, &cp);
		if (cp == '\n' && keep_newlines) {
			tr_buf_addc(out, '\n');
		} else if (cp == '\t') {
			tr_buf_addc(out, ' ');
		} else if (cp == '\n') {
			tr_buf_adds(out, "\\n");
		} else {
			const char *form = control_form(cp, tmp);
			if (form)
				tr_buf_adds(out, form);
			else if (cp < 0x80)
				tr_buf_addc(out, (char)cp);
			else if (ascii)
				tr_buf_addc(out, '?');
			else if (is_bad_sequence(s + i, n - i, len, cp))
				tr_buf_add(out, "\xEF\xBF\xBD", 3);
			else
				tr_buf_add(out, s + i, len);
		}
		i += len;
	}
}

void tr_text_inert(tr_buf *out, const char *s, size_t n, bool keep_newlines)
{
	inert(out, s, n, keep_newlines, false);
}

void tr_text_inert_ascii(tr_buf *out, const char *s, size_t n)
{
	inert(out, s, n, false, true);
}

char *tr_text_inert_dup(const char *s)
{
	tr_buf b = TR_BUF_INIT;
	tr_text_inert(&b, s, strlen(s), false);
	return tr_buf_detach(&b);
}

int tr_cp_width(uint32_t cp)
{
	char tmp[8];
	const char *form = control_form(cp, tmp);
	if (form)
		return (int)strlen(form);
	if (cp < 0x80)
		return 1;
	int w = wcwidth((wchar_t)cp);
	if (w < 0)
		return 1;
	return w;
}

size_t tr_text_width(const char *s)
{
	size_t n = strlen(s), i = 0, w = 0;
	while (i < n) {
		/* Printable ASCII, most of what is measured: a column a byte. */
		if ((unsigned char)s[i] >= 0x20 && (unsigned char)s[i] < 0x7F) {
			w++;
			i++;
			continue;
		}
		uint32_t cp;
		i += tr_utf8_decode(s + i, n - i, &cp);
		w += (size_t)tr_cp_width(cp == '\t' ? ' ' : cp);
	}
	return w;
}

size_t tr_text_fit(tr_buf *out, const char *s, size_t cols, bool ascii)
{
	tr_buf clean = TR_BUF_INIT;
	inert(&clean, s, strlen(s), false, ascii);
	const char *c = tr_buf_str(&clean);
	size_t n = clean.len, i = 0, used = 0;
	size_t total = tr_text_width(c);
	if (total <= cols) {
		tr_buf_add(out, c, n);
		tr_buf_free(&clean);
		return total;
	}
	if (cols == 0) {
		tr_buf_free(&clean);
		return 0;
	}
	size_t room = cols - 1;  /* keep one column for the ellipsis */
	while (i < n) {
		uint32_t cp;
		size_t len = tr_utf8_decode(c + i, n - i, &cp);
		int w = tr_cp_width(cp);
		if (used + (size_t)w > room)
			break;
		tr_buf_add(out, c + i, len);
		used += (size_t)w;
		i += len;
	}
	tr_buf_adds(out, ascii ? "~" : "\xE2\x80\xA6");
	tr_buf_free(&clean);
	return used + 1;
}

char *tr_trim(char *s)
{
	char *start = s;
	while (*start && isspace((unsigned char)*start))
		start++;
	size_t n = strlen(start);
	while (n && isspace((unsigned char)start[n - 1]))
		n--;
	memmove(s, start, n);
	s[n] = '\0';
	return s;
}

const char *tr_strcasestr(const char *hay, const char *needle)
{
	size_t n = strlen(needle);
	if (n == 0)
		return hay;
	for (; *hay; hay++)
		if (strncasecmp(hay, needle, n) == 0)
			return hay;
	return NULL;
}
