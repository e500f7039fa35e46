#include "config.h"

#include <ctype.h>
#include <stdbool.h>
#include <string.h>

#include "triage/signature.h"
#include "triage/str.h"

#define ELLIPSIS "\xE2\x80\xA6"

static bool is_word(unsigned char c)
{
	return isalnum(c) || c == '_' || c >= 0x80;
}

/* Characters that may make up a path, URL or host token.  Asked of every
 * byte of every failure line: a table, not a strchr. */
static const bool token_chars[256] = {
	['0' ... '9'] = true, ['A' ... 'Z'] = true, ['a' ... 'z'] = true, [0x80 ... 0xFF] = true,
	['_'] = true, ['.'] = true, ['/'] = true, ['~'] = true, ['-'] = true, [':'] = true,
	['@'] = true, ['%'] = true, ['+'] = true, ['='] = true, ['?'] = true, ['&'] = true,
	['#'] = true, ['\\'] = true,
};

static inline bool is_token(unsigned char c)
{
	return token_chars[c];
}

/* One byte out without a call into str.c while there is room: signatures
 * are built a byte at a time. */
static inline void put(tr_buf *b, char c)
{
	if (b->len + 2 <= b->cap) {
		b->data[b->len++] = c;
		b->data[b->len] = '\0';
	} else {
		tr_buf_addc(b, c);
	}
}

static bool is_hexdigit_lower(unsigned char c)
{
	return isdigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/* Length of the quoted string starting at s[0] (the opening quote), or 0
 * when the quote is an apostrophe or never closes on this line. */
static size_t quoted_len(const char *s, const char *start)
{
	char q = s[0];
	if (q == '\'' && s > start && is_word((unsigned char)s[-1]))
		return 0;       /* don't, object's */
	for (size_t i = 1; s[i]; i++) {
		if (s[i] == '\\' && s[i + 1]) {
			i++;
			continue;
		}
		if (s[i] == q)
			return i + 1;
	}
	return 0;
}

static bool all_hex(const char *s, size_t n, bool *has_digit, bool *has_alpha)
{
	*has_digit = *has_alpha = false;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '-')
			continue;
		if (!is_hexdigit_lower(c))
			return false;
		if (isdigit(c))
			*has_digit = true;
		else
			*has_alpha = true;
	}
	return true;
}

static bool is_ipv4(const char *s, size_t n)
{
	int dots = 0, digits = 0;
	for (size_t i = 0; i < n; i++) {
		if (isdigit((unsigned char)s[i])) {
			if (++digits > 3)
				return false;
		} else if (s[i] == '.' && digits) {
			dots++;
			digits = 0;
		} else {
			return false;
		}
	}
	return dots == 3 && digits;
}

/* Replaces one word-ish token (no spaces, no quotes) with its placeholder,
 * or copies it, handling only what a token as a whole can be: a URL, a path,
 * host[:port], a hex id.  Numbers inside are handled by the caller. */
static bool token_placeholder(tr_buf *out, const char *s, size_t n)
{
	/* Trailing punctuation belongs to the sentence, not the token. */
	size_t core = n;
	while (core && strchr(".,:;)?!", s[core - 1]))
		core--;
	if (core == 0)
		return false;
	/* memmem costs more to start than these few bytes take to scan */
	const char *colon_slash = NULL;
	for (const char *c = s; !colon_slash && (c = memchr(c, ':', core - (size_t)(c - s))); c++)
		if (core - (size_t)(c - s) >= 3 && c[1] == '/' && c[2] == '/')
			colon_slash = c;
	if (colon_slash && colon_slash > s) {
		tr_buf_adds(out, "<url>");
		tr_buf_add(out, s + core, n - core);
		return true;
	}
	bool slash = memchr(s, '/', core) || (core > 2 && s[1] == ':' && s[2] == '\\');
	if (slash && core > 1) {
		tr_buf_adds(out, "<path>");
		tr_buf_add(out, s + core, n - core);
		return true;
	}
	/* host:port and bare IPv4 */
	const char *colon = memchr(s, ':', core);
	size_t hostlen = colon ? (size_t)(colon - s) : core;
	bool port = colon && (size_t)(colon - s) + 1 < core;
	if (port)
		for (const char *p = colon + 1; p < s + core; p++)
			port &= isdigit((unsigned char)*p) != 0;
	if (is_ipv4(s, hostlen) || (port && (hostlen == 9 && strncmp(s, "localhost", 9) == 0))) {
		tr_buf_adds(out, "<host>");
		if (port)
			tr_buf_adds(out, ":<port>");
		else if (colon)
			tr_buf_add(out, colon, (size_t)(s + core - colon));
		tr_buf_add(out, s + core, n - core);
		return true;
	}
	bool d, a;
	if ((core > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X') && all_hex(s + 2, core - 2, &d, &a)) ||
	    (core >= 7 && all_hex(s, core, &d, &a) && d && a)) {
		tr_buf_adds(out, "<hex>");
		tr_buf_add(out, s + core, n - core);
		return true;
	}
	return false;
}

/* Copies a token, turning free-standing numbers into N: "61" -> "N",
 * "3.42s" -> "Ns", but "test_user_1" and "E2E" stay as they are. */
static void copy_numbers(tr_buf *out, const char *s, size_t n)
{
	size_t i = 0;
	while (i < n) {
		unsigned char c = (unsigned char)s[i];
		bool starts = isdigit(c) && (i == 0 ? true : !is_word((unsigned char)s[i - 1]));
		if (starts) {
			while (i < n && (isdigit((unsigned char)s[i]) ||
			                 ((s[i] == '.' || s[i] == ',') && i + 1 < n &&
			                  isdigit((unsigned char)s[i + 1]))))
				i++;
			put(out, 'N');
			continue;
		}
		put(out, (char)c);
		i++;
	}
}

/* After quotes and numbers are gone, a bracketed list of nothing but
 * placeholders ("['…', '…']", "('…', N, N)") says only "a list": its length
 * must not split a group. */
static void collapse_lists(tr_buf *b)
{
	const char *s = tr_buf_str(b);
	size_t n = b->len;
	if (!memchr(s, '[', n) && !memchr(s, '(', n))
		return;
	tr_buf out = TR_BUF_INIT;
	tr_grow((void **)&out.data, &out.cap, n + n / 2 + 16, 1);
	for (size_t i = 0; i < n; i++) {
		char open = s[i], close = open == '[' ? ']' : open == '(' ? ')' : 0;
		if (close) {
			size_t j = i + 1;
			bool only = true, any = false;
			while (j < n && s[j] != close) {
				if (strncmp(s + j, "'" ELLIPSIS "'", 5) == 0 ||
				    strncmp(s + j, "\"" ELLIPSIS "\"", 5) == 0) {
					j += 5;
					any = true;
				} else if (s[j] == 'N' && (j + 1 >= n || !is_word((unsigned char)s[j + 1])) &&
				           !is_word((unsigned char)s[j - 1])) {
					j++;
					any = true;
				} else if (s[j] == ',' || s[j] == ' ') {
					j++;
				} else {
					only = false;
					break;
				}
			}
			if (only && any && j < n) {
				put(&out, open);
				tr_buf_adds(&out, ELLIPSIS);
				put(&out, close);
				i = j;
				continue;
			}
		}
		put(&out, s[i]);
	}
	tr_buf_free(b);
	*b = out;
}

char *tr_signature(const char *line)
{
	tr_buf out = TR_BUF_INIT;
	/* Placeholders are seldom longer than what they replace: one
	 * allocation is nearly always enough. */
	tr_grow((void **)&out.data, &out.cap, strlen(line) + 16, 1);
	out.data[0] = '\0';
	const char *s = line;
	bool space = false;
	while (*s) {
		unsigned char c = (unsigned char)*s;
		if (isspace(c)) {
			space = true;
			s++;
			continue;
		}
		if (space && out.len)
			put(&out, ' ');
		space = false;
		if (c == '\'' || c == '"' || c == '`') {
			size_t q = quoted_len(s, line);
			if (q) {
				put(&out, (char)c);
				tr_buf_adds(&out, ELLIPSIS);
				put(&out, (char)c);
				s += q;
				continue;
			}
		}
		if (is_token(c)) {
			size_t n = 0;
			while (s[n] && is_token((unsigned char)s[n]))
				n++;
			if (!token_placeholder(&out, s, n))
				copy_numbers(&out, s, n);
			s += n;
			/* "1,024": the comma is not a token character, but the
			 * thousands belong to the number already written as N. */
			while (isdigit((unsigned char)s[-1]) && s[0] == ',' && isdigit((unsigned char)s[1]) &&
			       isdigit((unsigned char)s[2]) && isdigit((unsigned char)s[3]) &&
			       !is_word((unsigned char)s[4]))
				s += 4;
			continue;
		}
		put(&out, (char)c);
		s++;
	}
	collapse_lists(&out);
	return tr_buf_detach(&out);
}
