#include "config.h"

#include <stdbool.h>
#include <string.h>

#include "triage/signature.h"
#include "triage/str.h"

#define ELLIPSIS "\xE2\x80\xA6"

/* Every byte of a failure line is asked what it is, most of them several
 * times: one table of classes, not calls into <ctype.h>.  The letters,
 * digits and spaces are ASCII's, as <ctype.h> has them in the C and UTF-8
 * locales (where no byte from 0x80 up is one), whatever the locale: a
 * signature is a key that must not change with it.
 *
 * TOKEN: may make up a path, URL or host token; of them MARK, what any
 * placeholder or number needs in a token: a digit, or (SEP) the ':', '/'
 * or '\\' of a URL, a path or host:port, and PLAIN the rest.  A token
 * without a mark (most are words) is copied as it is.  WORD: a letter,
 * digit, '_' or a byte of a UTF-8 sequence, which glue to a word. */
enum {
	PLAIN = 1, MARK = 2, SEP = 4, DIGIT = 8, ALPHA = 16, HEX = 32, WORD = 64, SPACE = 128,
	TOKEN = PLAIN | MARK, ALNUM = ALPHA | DIGIT,
};
#define C_LETTER (PLAIN | ALPHA | WORD)
#define C_PUNCT (MARK | SEP)
static const unsigned char cls[256] = {
	['0' ... '9'] = MARK | DIGIT | HEX | WORD,
	['A' ... 'F'] = C_LETTER | HEX, ['G' ... 'Z'] = C_LETTER,
	['a' ... 'f'] = C_LETTER | HEX, ['g' ... 'z'] = C_LETTER,
	[0x80 ... 0xFF] = PLAIN | WORD, ['_'] = PLAIN | WORD,
	['.'] = PLAIN, ['~'] = PLAIN, ['-'] = PLAIN, ['@'] = PLAIN, ['%'] = PLAIN, ['+'] = PLAIN,
	['='] = PLAIN, ['?'] = PLAIN, ['&'] = PLAIN, ['#'] = PLAIN,
	['/'] = C_PUNCT, [':'] = C_PUNCT, ['\\'] = C_PUNCT,
	[' '] = SPACE, ['\t'] = SPACE, ['\n'] = SPACE, ['\v'] = SPACE, ['\f'] = SPACE, ['\r'] = SPACE,
};

static inline bool is(char c, unsigned what)
{
	return (cls[(unsigned char)c] & what) != 0;
}

static inline bool is_word(char c)
{
	return is(c, WORD);
}

static inline bool is_digit(char c)
{
	return is(c, DIGIT);
}

static inline bool is_alnum(char c)
{
	return is(c, ALNUM);
}

/* Room for n more bytes and the final NUL.  The NUL is written once, when
 * the signature is done, not after every byte: a signature is built a byte
 * or a short piece at a time. */
static inline void room(tr_buf *b, size_t n)
{
	if (b->len + n + 1 > b->cap)
		tr_grow((void **)&b->data, &b->cap, b->len + n + 1, 1);
}

static inline void put(tr_buf *b, char c)
{
	room(b, 1);
	b->data[b->len++] = c;
}

static inline void put_n(tr_buf *b, const char *s, size_t n)
{
	room(b, n);
	memcpy(b->data + b->len, s, n);
	b->len += n;
}

#define PUT_LIT(b, lit) put_n((b), (lit), sizeof(lit) - 1)

/* Most of a line goes out as it is: what lies between the changes is
 * copied in one piece, when the next change is reached. */
static inline void flush(tr_buf *b, const char *from, const char *to)
{
	if (to > from)
		put_n(b, from, (size_t)(to - from));
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
	if (q == '\'' && s > start && is_word(s[-1]))
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

/* Hex digits and '-' only; and whether there were digits and letters. */
static inline bool all_hex(const char *s, size_t n, bool *has_digit, bool *has_alpha)
{
	bool d = false, a = false;
	for (size_t i = 0; i < n; i++) {
		unsigned k = cls[(unsigned char)s[i]];
		if (s[i] == '-')
			continue;
		if (!(k & HEX))
			return false;
		if (k & DIGIT)
			d = true;
		else
			a = true;
	}
	*has_digit = d;
	*has_alpha = a;
	return true;
}

static bool is_ipv4(const char *s, size_t n)
{
	int dots = 0, digits = 0;
	for (size_t i = 0; i < n; i++) {
		if (is_digit(s[i])) {
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
		if (!is_digit(s[i]))
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
		if (is_digit(s[i]))
			return true;
	return false;
}

/* Replaces one word-ish token (no spaces, no quotes) with its placeholder,
 * or copies it, handling only what a token as a whole can be: a URL, a path,
 * host[:port], a hex id.  Numbers inside are handled by the caller.  `kind`
 * is every class of its bytes together; s[mark] is its first digit, ':',
 * '/' or '\\'. */
static void copy_numbers(tr_buf *out, const char *s, size_t n, size_t mark);

static bool token_placeholder(tr_buf *out, const char *s, size_t n, unsigned kind, size_t mark)
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
	 * few bytes (which memchr and memmem take longer to start on), from the
	 * first mark; none of them in a token of letters, digits and dots. */
	const char *colon = NULL, *colon_slash = NULL, *node = NULL, *first_slash = NULL;
	if (kind & SEP) {
		for (size_t i = mark; i < core; i++) {
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
	}
	if (colon_slash && colon_slash > s) {
		PUT_LIT(out, "<url>");
		put_n(out, s + core, n - core);
		return true;
	}
	/* A test's node id: the file is a path, the test's name is what failed
	 * ("tests/x.py::TestCart::test_total" -> "<path>::TestCart::test_total"). */
	if (node && node > s && first_slash && first_slash < node && node + 2 < s + core) {
		PUT_LIT(out, "<path>");
		copy_numbers(out, node, (size_t)(s + n - node), 0);
		return true;
	}
	bool slash = first_slash || (core > 2 && s[1] == ':' && s[2] == '\\');
	if (slash && core > 1) {
		PUT_LIT(out, "<path>");
		put_n(out, s + core, n - core);
		return true;
	}
	/* host:port and bare IPv4 */
	size_t hostlen = colon ? (size_t)(colon - s) : core;
	bool port = colon && (size_t)(colon - s) + 1 < core;
	if (port)
		for (const char *p = colon + 1; p < s + core; p++)
			port &= is_digit(*p);
	if (is_ipv4(s, hostlen) || (port && (hostlen == 9 && memcmp(s, "localhost", 9) == 0))) {
		PUT_LIT(out, "<host>");
		if (port)
			PUT_LIT(out, ":<port>");
		else if (colon)
			put_n(out, colon, (size_t)(s + core - colon));
		put_n(out, s + core, n - core);
		return true;
	}
	bool time = is_timestamp(s, core);
	if (time || is_temporary(s, core)) {
		if (time)
			PUT_LIT(out, "<time>");
		else
			PUT_LIT(out, "<tmp>");
		put_n(out, s + core, n - core);
		return true;
	}
	bool d, a;
	if ((core > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X') && all_hex(s + 2, core - 2, &d, &a)) ||
	    (core >= 7 && all_hex(s, core, &d, &a) && d && a)) {
		PUT_LIT(out, "<hex>");
		put_n(out, s + core, n - core);
		return true;
	}
	return false;
}

/* Copies a token, turning numbers into N: free-standing ones ("61" -> "N",
 * "3.42s" -> "Ns"), and long runs of digits glued to a name, which are run
 * ids and timestamps ("test_run_1757621086" -> "test_run_N"); but
 * "test_user_1", "E2E" and "sha256" stay as they are.  A piece of hex with
 * digits and letters ("a21bcad2") is an id as well.
 *
 * Nothing before s[mark], the token's first digit, ':', '/' or '\\', can
 * change: it goes out as it is, and the token is read from there.  Only a
 * digit glued to a run of hex letters ("deadbeef1") is read from the run's
 * start, where a hex id would begin. */
static void copy_numbers(tr_buf *out, const char *s, size_t n, size_t mark)
{
	size_t i = mark;
	if (i > 0 && is_digit(s[i]) && is_alnum(s[i - 1])) {
		size_t r = i;
		while (r > 0 && is(s[r - 1], HEX))
			r--;
		if (r == 0 || !is_alnum(s[r - 1]))
			i = r;
	}
	const char *copied = s;
	while (i < n) {
		/* Only a run of letters and digits as a whole can be a hex id:
		 * measured from its start, once ("TestCase10000" is not measured
		 * again from each of its letters). */
		if (is_alnum(s[i]) && (i == 0 || !is_alnum(s[i - 1]))) {
			size_t j = i;
			while (j < n && is(s[j], ALPHA))
				j++;
			/* A run without digits is a word: nothing in it changes. */
			if (j == n || !is_digit(s[j])) {
				i = j;
				continue;
			}
			size_t first_digit = j;
			while (j < n && is_alnum(s[j]))
				j++;
			bool d, a;
			if (j - i >= 7 && all_hex(s + i, j - i, &d, &a) && d && a &&
			    (i == 0 || !is_word(s[i - 1]) || s[i - 1] == '_')) {
				flush(out, copied, s + i);
				PUT_LIT(out, "<hex>");
				copied = s + j;
				i = j;
				continue;
			}
			/* The letters before its first digit stay as they are
			 * ("TestCase" of "TestCase10000"). */
			i = first_digit;
		}
		if (!is_digit(s[i])) {
			i++;
			continue;
		}
		size_t j = i;
		while (j < n && is_digit(s[j]))
			j++;
		/* A few digits glued to a word stay ("test_user_1"), the ones
		 * after the first of them too. */
		if (i > 0 && is_word(s[i - 1]) && j - i < 4) {
			i = j;
			continue;
		}
		/* A number goes on over a '.' or ',' between digits. */
		while (j + 1 < n && (s[j] == '.' || s[j] == ',') && is_digit(s[j + 1])) {
			j += 2;
			while (j < n && is_digit(s[j]))
				j++;
		}
		flush(out, copied, s + i);
		put(out, 'N');
		i = j;
		copied = s + i;
	}
	flush(out, copied, s + n);
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
		/* Every mark starts with '<' or the ellipsis' first byte. */
		if (s[k] == '<' || s[k] == ELLIPSIS[0])
			for (size_t i = 0; !m && i < sizeof marks / sizeof *marks; i++)
				if (strncmp(s + k, marks[i], strlen(marks[i])) == 0)
					m = strlen(marks[i]);
		if (m) {
			any = true;
			k += m;
		} else if (s[k] == 'N' && !is_word(s[k - 1]) && (k + 1 >= n || !is_word(s[k + 1]))) {
			any = true;
			k++;
		} else if (s[k] == ':' || s[k] == '.' || s[k] == '/' || s[k] == '-' || s[k] == ' ') {
			k++;
		} else {
			return 0;
		}
	}
	return 0;
}

/* Rewrites b, if a list in it collapses; it is NUL-terminated (the marks
 * are compared with strncmp, and strpbrk finds the brackets) and holds no
 * other NUL.  Most lines with a bracket have no such list: they are left as
 * they are, and the others are copied a stretch at a time. */
static void collapse_lists(tr_buf *b)
{
	const char *s = b->data, *p;
	size_t n = b->len, copied = 0;
	tr_buf out = TR_BUF_INIT;
	for (p = strpbrk(s, "[("); p; p = strpbrk(p + 1, "[(")) {
		size_t i = (size_t)(p - s);
		char open = *p, close = open == '[' ? ']' : ')';
		size_t j = i + 1;
		bool only = true, any = false;
		while (j < n && s[j] != close) {
			size_t pq = placeholder_quote(s, j, n);
			if (pq) {
				j += pq;
				any = true;
			} else if (s[j] == 'N' && (j + 1 >= n || !is_word(s[j + 1])) && !is_word(s[j - 1])) {
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
			if (!out.data) {
				out.cap = n + n / 2 + 16;
				out.data = tr_malloc(out.cap);
			}
			put_n(&out, s + copied, i - copied);
			put(&out, open);
			PUT_LIT(&out, ELLIPSIS);
			put(&out, close);
			p = s + j;
			copied = j + 1;
		}
	}
	if (!out.data)
		return;
	put_n(&out, s + copied, n - copied);
	out.data[out.len] = '\0';
	tr_buf_free(b);
	*b = out;
}

typedef struct sig {
	tr_buf out;
	const char *line;       /* where the line starts (for the apostrophe test) */
	bool lists;             /* a '[' or '(' is written: a list may collapse */
} sig;

/* Normalises s[0..e) into g->out.  Inside quotes the same rules apply, but
 * quotes do not nest: what a quote holds is a name or a value that
 * identifies the failure ('subTest', 'netra.tools.dispatcher'), less what
 * varies in it.
 *
 * One pass: each byte is classified once, by the table, and what does not
 * change (words, single spaces, punctuation) is copied a stretch at a time.
 * *e is no token's byte (the line's NUL or the closing quote): a token's
 * scan stops there without a bound. */
static void normalize(sig *g, const char *s, const char *e, bool quoted)
{
	tr_buf *out = &g->out;
	size_t start = out->len;
	const char *copied = s;         /* s[copied..s) goes out as it is */
	while (s < e) {
		char c = *s;
		unsigned k = cls[(unsigned char)c];
		if (k & TOKEN) {
			/* Most tokens are words, with no mark: copied as they are. */
			const char *t = s;
			while (cls[(unsigned char)*t] & PLAIN)
				t++;
			if (!(cls[(unsigned char)*t] & MARK)) {
				s = t;
				continue;
			}
			/* Nor is "Error:" or "path:": a colon that ends a word is
			 * the sentence's, and nothing before it can change. */
			const char *end = t;
			while (*end == ':' || *end == '.' || *end == '?')
				end++;
			if (!(cls[(unsigned char)*end] & TOKEN)) {
				s = end;
				continue;
			}
			const char *mark = t;
			unsigned kind = 0;
			while ((k = cls[(unsigned char)*t]) & TOKEN) {
				kind |= k;
				t++;
			}
			flush(out, copied, s);
			size_t n = (size_t)(t - s);
			if (!token_placeholder(out, s, n, kind, (size_t)(mark - s)))
				copy_numbers(out, s, n, (size_t)(mark - s));
			s = t;
			/* "1,024": the comma is not a token character, but the
			 * thousands belong to the number already written as N. */
			while (e - s >= 4 && s[0] == ',' && is_digit(s[-1]) && is_digit(s[1]) &&
			       is_digit(s[2]) && is_digit(s[3]) && (e - s == 4 || !is_word(s[4])))
				s += 4;
			copied = s;
			continue;
		}
		if (k & SPACE) {
			/* A run of whitespace is one space between words, none
			 * at the ends: a single ' ' inside stays where it is. */
			if (c == ' ' && s + 1 < e && !is(s[1], SPACE) && (out->len > start || copied < s)) {
				s++;
				continue;
			}
			flush(out, copied, s);
			do
				s++;
			while (s < e && is(*s, SPACE));
			if (s < e && out->len > start)
				put(out, ' ');
			copied = s;
			continue;
		}
		if (!quoted && (c == '\'' || c == '"' || c == '`')) {
			size_t q = quoted_len(s, e, g->line);
			if (q) {
				flush(out, copied, s + 1);
				normalize(g, s + 1, s + q - 1, true);
				copied = s + q - 1;     /* the closing quote */
				s += q;
				continue;
			}
		}
		g->lists |= c == '[' || c == '(';
		s++;
	}
	flush(out, copied, e);
}

char *tr_signature(const char *line)
{
	size_t n = strlen(line);
	sig g = { TR_BUF_INIT, line, false };
	/* Placeholders are seldom longer than what they replace: one
	 * allocation, of the line's length and a little, is nearly always
	 * enough. */
	g.out.cap = n + 16;
	g.out.data = tr_malloc(g.out.cap);
	normalize(&g, line, line + n, false);
	g.out.data[g.out.len] = '\0';
	/* A list can only open with a '[' or '(' of the line's own. */
	if (g.lists)
		collapse_lists(&g.out);
	return tr_buf_detach(&g.out);
}
