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

/* Characters that may make up a path, URL or host token (TOKEN), and of
 * them what any placeholder or number needs in a token (MARK): a digit, or
 * the ':', '/' or '\\' of a URL, a path or host:port.  A token without a
 * mark (most are words) is copied as it is.  Asked of every byte of every
 * failure line: one table, not a strchr. */
enum { TOKEN = 1, MARK = 2 };
static const unsigned char token_kind[256] = {
	['0' ... '9'] = TOKEN | MARK, ['A' ... 'Z'] = TOKEN, ['a' ... 'z'] = TOKEN,
	[0x80 ... 0xFF] = TOKEN, ['_'] = TOKEN, ['.'] = TOKEN, ['/'] = TOKEN | MARK,
	['~'] = TOKEN, ['-'] = TOKEN, [':'] = TOKEN | MARK, ['@'] = TOKEN, ['%'] = TOKEN,
	['+'] = TOKEN, ['='] = TOKEN, ['?'] = TOKEN, ['&'] = TOKEN, ['#'] = TOKEN,
	['\\'] = TOKEN | MARK,
};

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

/* Bytes out without a call into str.c while there is room: a signature is
 * built of many short pieces. */
static inline void put_n(tr_buf *b, const char *s, size_t n)
{
	if (b->len + n + 1 <= b->cap) {
		memcpy(b->data + b->len, s, n);
		b->len += n;
		b->data[b->len] = '\0';
	} else {
		tr_buf_add(b, s, n);
	}
}

static bool is_hexdigit_lower(unsigned char c)
{
	return isdigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/* Quoted text longer than this is not a name or a value but prose, and a
 * quote that does not close within it is a stray quote.  The bound also
 * keeps the scan linear: a line of a million quotes looks ahead this far
 * from each, not to the line's end. */
#define QUOTE_MAX 200

/* Length of the quoted string starting at s[0] (the opening quote), or 0
 * when the quote is an apostrophe or does not close soon on this line. */
static size_t quoted_len(const char *s, const char *end, const char *start)
{
	char q = s[0];
	if (q == '\'' && s > start && is_word((unsigned char)s[-1]))
		return 0;       /* don't, object's */
	size_t lim = (size_t)(end - s);
	if (lim > QUOTE_MAX + 2)
		lim = QUOTE_MAX + 2;
	/* To the closing quote by memchr, unless a backslash comes first: it
	 * escapes the byte after it. */
	for (size_t i = 1; i < lim;) {
		const char *qp = memchr(s + i, q, lim - i);
		size_t qe = qp ? (size_t)(qp - s) : lim;
		const char *bp = memchr(s + i, '\\', qe - i);
		if (!bp)
			return qp ? qe + 1 : 0;
		i = (size_t)(bp - s);
		i += i + 1 < lim ? 2 : 1;
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

static bool all_digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!isdigit((unsigned char)s[i]))
			return false;
	return n > 0;
}

/* "2025-09-15T03:28:01.194+00:00", "2025-09-15": a date, with its time. */
static bool is_timestamp(const char *s, size_t n)
{
	return n >= 10 && all_digits(s, 4) && s[4] == '-' && all_digits(s + 5, 2) && s[7] == '-' &&
	       all_digits(s + 8, 2) && (n == 10 || s[10] == 'T' || s[10] == '_' || s[10] == ':');
}

/* "tmpk3j4l2x", "tmp_8f2a": a temporary file's or folder's made-up name. */
static bool is_temporary(const char *s, size_t n)
{
	if (n < 6 || (s[0] | 0x20) != 't' || (s[1] | 0x20) != 'm' || (s[2] | 0x20) != 'p')
		return false;
	for (size_t i = 3; i < n; i++)
		if (isdigit((unsigned char)s[i]))
			return true;
	return false;
}

/* Replaces one word-ish token (no spaces, no quotes) with its placeholder,
 * or copies it, handling only what a token as a whole can be: a URL, a path,
 * host[:port], a hex id.  Numbers inside are handled by the caller. */
static void copy_numbers(tr_buf *out, const char *s, size_t n);

static bool token_placeholder(tr_buf *out, const char *s, size_t n)
{
	/* Trailing punctuation belongs to the sentence, not the token. */
	size_t core = n;
	while (core && (s[core - 1] == '.' || s[core - 1] == ',' || s[core - 1] == ':' ||
	                s[core - 1] == ';' || s[core - 1] == ')' || s[core - 1] == '?' ||
	                s[core - 1] == '!'))
		core--;
	if (core == 0)
		return false;
	/* The first colon, "://", "::" and '/', in one pass over a token of a
	 * few bytes (which memchr and memmem take longer to start on). */
	const char *colon = NULL, *colon_slash = NULL, *node = NULL, *first_slash = NULL;
	for (size_t i = 0; i < core; i++) {
		if (s[i] == '/') {
			if (!first_slash)
				first_slash = s + i;
		} else if (s[i] == ':') {
			if (!colon)
				colon = s + i;
			size_t left = core - i;
			if (!colon_slash && left >= 3 && s[i + 1] == '/' && s[i + 2] == '/')
				colon_slash = s + i;
			if (!node && left >= 2 && s[i + 1] == ':')
				node = s + i;
		}
	}
	if (colon_slash && colon_slash > s) {
		tr_buf_adds(out, "<url>");
		tr_buf_add(out, s + core, n - core);
		return true;
	}
	/* A test's node id: the file is a path, the test's name is what failed
	 * ("tests/x.py::TestCart::test_total" -> "<path>::TestCart::test_total"). */
	if (node && node > s && first_slash && first_slash < node && node + 2 < s + core) {
		tr_buf_adds(out, "<path>");
		copy_numbers(out, node, (size_t)(s + n - node));
		return true;
	}
	bool slash = first_slash || (core > 2 && s[1] == ':' && s[2] == '\\');
	if (slash && core > 1) {
		tr_buf_adds(out, "<path>");
		tr_buf_add(out, s + core, n - core);
		return true;
	}
	/* host:port and bare IPv4 */
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
	if (is_timestamp(s, core) || is_temporary(s, core)) {
		tr_buf_adds(out, is_timestamp(s, core) ? "<time>" : "<tmp>");
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

/* Copies a token, turning numbers into N: free-standing ones ("61" -> "N",
 * "3.42s" -> "Ns"), and long runs of digits glued to a name, which are run
 * ids and timestamps ("test_run_1757621086" -> "test_run_N"); but
 * "test_user_1", "E2E" and "sha256" stay as they are.  A piece of hex with
 * digits and letters ("a21bcad2") is an id as well. */
static void copy_numbers(tr_buf *out, const char *s, size_t n)
{
	size_t i = 0;
	while (i < n) {
		unsigned char c = (unsigned char)s[i];
		/* Only a run of letters and digits as a whole can be a hex id:
		 * measured from its start, once ("TestCase10000" is not measured
		 * again from each of its letters). */
		if (isalnum(c) && (i == 0 || !isalnum((unsigned char)s[i - 1]))) {
			size_t j = i, first_digit = 0;
			while (j < n && isalnum((unsigned char)s[j]) && !isdigit((unsigned char)s[j]))
				j++;
			bool digit = j < n && isdigit((unsigned char)s[j]);
			if (digit) {
				first_digit = j;
				while (j < n && isalnum((unsigned char)s[j]))
					j++;
			}
			/* A run without digits is a word: nothing in it changes. */
			if (!digit) {
				put_n(out, s + i, j - i);
				i = j;
				continue;
			}
			bool d, a;
			if (j - i >= 7 && all_hex(s + i, j - i, &d, &a) && d && a &&
			    (i == 0 || !is_word((unsigned char)s[i - 1]) || s[i - 1] == '_')) {
				tr_buf_adds(out, "<hex>");
				i = j;
				continue;
			}
			/* The letters before its first digit stay as they are
			 * ("TestCase" of "TestCase10000"). */
			if (first_digit > i) {
				put_n(out, s + i, first_digit - i);
				i = first_digit;
				continue;
			}
		}
		bool starts = isdigit(c) && (i == 0 || !is_word((unsigned char)s[i - 1]));
		if (!starts && isdigit(c)) {
			size_t j = i;
			while (j < n && isdigit((unsigned char)s[j]))
				j++;
			starts = j - i >= 4;
		}
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
/* Length of a quoted element holding nothing but placeholders ("'<host>'",
 * "'::N'", "'…'") at s[j], or 0. */
static size_t placeholder_quote(const char *s, size_t j, size_t n)
{
	char q = s[j];
	if (q != '\'' && q != '"')
		return 0;
	static const char *const marks[] = { "<host>", "<port>", "<path>", "<hex>", "<url>", "<time>",
	                                     "<tmp>", ELLIPSIS };
	bool any = false;
	for (size_t k = j + 1; k < n;) {
		if (s[k] == q)
			return any ? k + 1 - j : 0;
		size_t m = 0;
		for (size_t i = 0; !m && i < sizeof marks / sizeof *marks; i++)
			if (strncmp(s + k, marks[i], strlen(marks[i])) == 0)
				m = strlen(marks[i]);
		if (m) {
			any = true;
			k += m;
		} else if (s[k] == 'N' && !is_word((unsigned char)s[k - 1]) &&
		           (k + 1 >= n || !is_word((unsigned char)s[k + 1]))) {
			any = true;
			k++;
		} else if (strchr(":./- ", s[k])) {
			k++;
		} else {
			return 0;
		}
	}
	return 0;
}

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
				size_t pq = placeholder_quote(s, j, n);
				if (pq) {
					j += pq;
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

/* Normalises s[0..e) into out; `line` is where the line starts (for the
 * apostrophe test).  Inside quotes the same rules apply, but quotes do not
 * nest: what a quote holds is a name or a value that identifies the failure
 * ('subTest', 'netra.tools.dispatcher'), less what varies in it. */
static void normalize(tr_buf *out, const char *line, const char *s, const char *e, bool quoted)
{
	bool space = false;
	size_t start = out->len;
	while (s < e) {
		unsigned char c = (unsigned char)*s;
		if (isspace(c)) {
			space = true;
			s++;
			continue;
		}
		if (space && out->len > start)
			put(out, ' ');
		space = false;
		if (!quoted && (c == '\'' || c == '"' || c == '`')) {
			size_t q = quoted_len(s, e, line);
			if (q) {
				put(out, (char)c);
				normalize(out, line, s + 1, s + q - 1, true);
				put(out, (char)c);
				s += q;
				continue;
			}
		}
		if (token_kind[c]) {
			size_t n = 0;
			unsigned kind = 0, k;
			while (s + n < e && (k = token_kind[(unsigned char)s[n]]) != 0) {
				kind |= k;
				n++;
			}
			if (!(kind & MARK))
				put_n(out, s, n);
			else if (!token_placeholder(out, s, n))
				copy_numbers(out, s, n);
			s += n;
			/* "1,024": the comma is not a token character, but the
			 * thousands belong to the number already written as N. */
			while (e - s >= 4 && isdigit((unsigned char)s[-1]) && s[0] == ',' &&
			       isdigit((unsigned char)s[1]) && isdigit((unsigned char)s[2]) &&
			       isdigit((unsigned char)s[3]) && (e - s == 4 || !is_word((unsigned char)s[4])))
				s += 4;
			continue;
		}
		put(out, (char)c);
		s++;
	}
}

char *tr_signature(const char *line)
{
	tr_buf out = TR_BUF_INIT;
	size_t n = strlen(line);
	/* Placeholders are seldom longer than what they replace: one
	 * allocation is nearly always enough. */
	tr_grow((void **)&out.data, &out.cap, n + 16, 1);
	out.data[0] = '\0';
	normalize(&out, line, line, line + n, false);
	collapse_lists(&out);
	return tr_buf_detach(&out);
}
