/* Test counts as reports write them: prose ("6 failed, 2 passed out of 8
 * tests", "All 7 … tests failing"), pytest and unittest summaries, and
 * go test's per-test lines.
 *
 * A number counts only when a count word follows it, directly or after a
 * few words ending in "tests": "Preventing ~10,383 tests from being
 * discoverable" says nothing about failures. */
#include "config.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "report_internal.h"

typedef enum {
	W_NUMBER,       /* not a word */
	W_OTHER,
	W_FAILED,       /* failed failing fail fails failure failures */
	W_PASSED,       /* passed passing pass passes succeeded */
	W_SKIPPED,      /* skipped skipping skip skips */
	W_ERROR,        /* error errors: failures in a pytest or unittest summary */
	W_UNCOUNTED,    /* xfailed xpassed warnings deselected reruns: other pytest totals */
	W_TEST,         /* test tests case cases testcase testcases */
	W_OF, W_TOTAL, W_RAN, W_ALL, W_IN,
} word_kind;

typedef struct token {
	word_kind kind;
	size_t start, len;
	long value;             /* numbers: -1 when not a plain count (decimal, %, huge) */
	bool break_before;      /* sentence punctuation between this and the previous token */
} token;

#define MAX_TOKENS 256

/* Whether s[0..n) is `word` (lower case) in either case. */
static bool folded_eq(const char *s, const char *word, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if ((char)(s[i] | 0x20) != word[i])
			return false;
	return true;
}

static word_kind classify(const char *s, size_t n)
{
	if (n < 2 || n > 10)
		return W_OTHER;
	/* By the first letter, then only a word of the same length is
	 * compared, folded as it goes. */
#define IS(word) (sizeof word - 1 == n && folded_eq(s, word, n))
	switch (s[0] | 0x20) {
	case 'a':
		return IS("all") ? W_ALL : W_OTHER;
	case 'c':
		return IS("case") || IS("cases") ? W_TEST : W_OTHER;
	case 'd':
		return IS("deselected") ? W_UNCOUNTED : W_OTHER;
	case 'e':
		return IS("error") || IS("errors") ? W_ERROR : W_OTHER;
	case 'f':
		return IS("failed") || IS("failing") || IS("fail") || IS("fails") || IS("failure") ||
		       IS("failures") ? W_FAILED : W_OTHER;
	case 'i':
		return IS("in") ? W_IN : W_OTHER;
	case 'o':
		return IS("of") ? W_OF : W_OTHER;
	case 'p':
		return IS("passed") || IS("passing") || IS("pass") || IS("passes") ? W_PASSED : W_OTHER;
	case 'r':
		return IS("ran") ? W_RAN : IS("rerun") || IS("reruns") ? W_UNCOUNTED : W_OTHER;
	case 's':
		return IS("skipped") || IS("skipping") || IS("skip") || IS("skips") ? W_SKIPPED
		     : IS("succeeded") ? W_PASSED : W_OTHER;
	case 't':
		return IS("test") || IS("tests") || IS("testcase") || IS("testcases") ? W_TEST
		     : IS("total") ? W_TOTAL : W_OTHER;
	case 'w':
		return IS("warning") || IS("warnings") ? W_UNCOUNTED : W_OTHER;
	case 'x':
		return IS("xfailed") || IS("xpassed") ? W_UNCOUNTED : W_OTHER;
	default:
		return W_OTHER;
	}
#undef IS
}

/* Splits a line into numbers and words.  Long lines are read in their first
 * MAX_TOKENS tokens: counts sit near the start of what they describe. */
static size_t tokenize(const char *s, size_t n, token *tk)
{
	size_t nt = 0, i = 0;
	bool brk = false;
	while (i < n && nt < MAX_TOKENS) {
		unsigned char c = (unsigned char)s[i];
		if (isdigit(c)) {
			size_t b = i;
			long v = 0;
			bool plain = true;
			while (i < n) {
				if (isdigit((unsigned char)s[i])) {
					if (v > 100000000)
						plain = false;
					else
						v = v * 10 + (s[i] - '0');
					i++;
				} else if (s[i] == ',' && i + 3 < n && isdigit((unsigned char)s[i + 1]) &&
				           isdigit((unsigned char)s[i + 2]) && isdigit((unsigned char)s[i + 3]) &&
				           (i + 4 >= n || !isdigit((unsigned char)s[i + 4]))) {
					i++;    /* thousands separator: "10,383" */
				} else {
					break;
				}
			}
			/* "3.42s", "90%", "16:48", "2025-09-11", "v2": not counts. */
			if (i < n && (s[i] == '.' || s[i] == '%' || s[i] == ':' || s[i] == '/' ||
			              isalpha((unsigned char)s[i]) || s[i] == '_'))
				plain = false;
			if (i < n && s[i] == '.' && (i + 1 >= n || s[i + 1] == ' '))
				plain = true;   /* a number ending a sentence */
			/* "30+", ">= 40", "~10": a bound or a guess, not a count. */
			if ((i < n && s[i] == '+') ||
			    (b > 0 && (s[b - 1] == '>' || s[b - 1] == '<' || s[b - 1] == '~' ||
			               (b > 1 && s[b - 1] == '=' && (s[b - 2] == '>' || s[b - 2] == '<')))))
				plain = false;
			if (b > 0 && (s[b - 1] == '.' || s[b - 1] == '-' || s[b - 1] == ':' ||
			              s[b - 1] == '/' || s[b - 1] == '#' || isalpha((unsigned char)s[b - 1])))
				plain = false;
			while (i < n && (isalnum((unsigned char)s[i]) || s[i] == '.' || s[i] == '_'))
				i++;
			tk[nt++] = (token){ W_NUMBER, b, i - b, plain ? v : -1, brk };
			brk = false;
		} else if (isalpha(c)) {
			size_t b = i;
			while (i < n && (isalnum((unsigned char)s[i]) || s[i] == '_'))
				i++;
			tk[nt++] = (token){ classify(s + b, i - b), b, i - b, -1, brk };
			brk = false;
		} else {
			if (c == '.' || c == ';' || c == '!' || c == '?' || c == '(' || c == ')' ||
			    c == ':' || c == '-' || c == '|' || c >= 0x80)
				brk = true;
			i++;
		}
	}
	return nt;
}

static bool is_count_word(word_kind k)
{
	return k == W_FAILED || k == W_PASSED || k == W_SKIPPED;
}

static void set_field(rc_counts *c, word_kind field, long v)
{
	long *p = field == W_FAILED ? &c->failed : field == W_PASSED ? &c->passed
	        : field == W_SKIPPED ? &c->skipped : &c->total;
	if (*p < 0)
		*p = v;
}

/* The count word that a number at tk[i] is followed by: directly ("6
 * failed"), or after up to four plain words ending in a test word ("7
 * WebSocket await expression tests failing").  Returns the field, W_OTHER
 * if none. */
static word_kind following_count(const token *tk, size_t nt, size_t i)
{
	if (i + 1 >= nt || tk[i + 1].break_before)
		return W_OTHER;
	if (is_count_word(tk[i + 1].kind))
		return tk[i + 1].kind;
	for (size_t k = i + 1; k < nt && k <= i + 5; k++) {
		if (tk[k].kind == W_NUMBER || tk[k].break_before)
			return W_OTHER;
		if (tk[k].kind == W_TEST && k + 1 < nt && !tk[k + 1].break_before &&
		    is_count_word(tk[k + 1].kind))
			return tk[k + 1].kind;
	}
	return W_OTHER;
}

static bool lower_at(const char *s, size_t n, size_t i, const char *w)
{
	for (; *w; w++, i++)
		if (i >= n || ((unsigned char)s[i] | 0x20) != (unsigned char)*w)
			return false;
	return true;
}

/* Whether a count word ("fail…", "pass…", "skip…", "succe…", "total", "of"
 * and a number) starts at s[i], whose first letter is one of them. */
static bool count_word_at(const char *s, size_t n, size_t i)
{
	unsigned char c = (unsigned char)s[i] | 0x20;
	return (c == 'f' && lower_at(s, n, i + 1, "ail")) ||
	       (c == 'p' && lower_at(s, n, i + 1, "ass")) ||
	       (c == 's' && (lower_at(s, n, i + 1, "kip") || lower_at(s, n, i + 1, "ucce"))) ||
	       (c == 't' && lower_at(s, n, i + 1, "otal")) ||
	       (c == 'o' && lower_at(s, n, i + 1, "f ") && i + 3 < n && isdigit((unsigned char)s[i + 3]));
}

/* A count needs a digit and a count word ("fail", "pass", "skip", "succe…")
 * or "total" / "of N"; most lines have neither, and are not tokenized. */
static bool may_count(const char *s, size_t n)
{
	/* A digit that starts a number: "test_case_10000" holds none. */
	size_t d = 0;
	while (d < n) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
		/* To the next digit eight bytes at a time. */
		while (n - d >= 8) {
			uint64_t w;
			memcpy(&w, s + d, 8);
			uint64_t digits = rt_digits8(w);
			if (digits) {
				d += (size_t)__builtin_ctzll(digits) / 8;
				break;
			}
			d += 8;
		}
		if (d >= n)
			break;
#endif
		if ((unsigned char)(s[d] - '0') <= 9 &&
		    !(d > 0 && (isalnum((unsigned char)s[d - 1]) || s[d - 1] == '_')))
			break;
		d++;
	}
	if (d >= n)
		return false;
	/* The first letters of the words below, either case: the other bytes
	 * are passed by table.  A word tokenize() reads starts after a byte
	 * that is no letter or digit ("unfailing" holds none of them). */
	static const bool firsts[256] = {
		['f'] = true, ['F'] = true, ['p'] = true, ['P'] = true, ['s'] = true, ['S'] = true,
		['t'] = true, ['T'] = true, ['o'] = true, ['O'] = true,
	};
	for (size_t i = rt_next_word_start(s, n, 0, firsts); i < n;
	     i = rt_next_word_start(s, n, i + 1, firsts))
		if (count_word_at(s, n, i))
			return true;
	return false;
}

bool rc_prose(const char *s, size_t n, rc_counts *out)
{
	if (!may_count(s, n))
		return false;
	token tk[MAX_TOKENS];
	size_t nt = tokenize(s, n, tk);
	bool found = false;
	for (size_t i = 0; i < nt; i++) {
		if (tk[i].kind != W_NUMBER || tk[i].value < 0)
			continue;
		long v = tk[i].value;
		word_kind prev = i > 0 && !tk[i].break_before ? tk[i - 1].kind : W_OTHER;
		word_kind next = i + 1 < nt && !tk[i + 1].break_before ? tk[i + 1].kind : W_OTHER;
		/* "N of M tests fail" */
		if (next == W_OF && i + 2 < nt && tk[i + 2].kind == W_NUMBER && tk[i + 2].value >= 0 &&
		    !tk[i + 2].break_before) {
			word_kind f = following_count(tk, nt, i + 2);
			if (f != W_OTHER) {
				set_field(out, f, v);
				set_field(out, W_TOTAL, tk[i + 2].value);
				found = true;
				i += 2;
				continue;
			}
		}
		word_kind f = following_count(tk, nt, i);
		if (f != W_OTHER) {
			set_field(out, f, v);
			/* "All 7 … tests failing": none of them passed. */
			if (prev == W_ALL && f == W_FAILED)
				set_field(out, W_PASSED, 0);
			else if (prev == W_ALL && f == W_PASSED)
				set_field(out, W_FAILED, 0);
			found = true;
		} else if (((prev == W_OF || prev == W_TOTAL || prev == W_RAN) && next == W_TEST) ||
		           next == W_TOTAL || (i > 0 && tk[i - 1].kind == W_TOTAL)) {
			/* "out of 8 tests", "8 tests total", "total: 8" */
			set_field(out, W_TOTAL, v);
			found = true;
		}
	}
	return found;
}

bool rc_ratio(const char *s, size_t n, rc_counts *out, size_t *at)
{
	for (const char *p = s, *e = s + n; (p = memchr(p, '/', (size_t)(e - p))) != NULL; p++) {
		size_t slash = (size_t)(p - s), b = slash, m = slash + 1;
		while (b > 0 && isdigit((unsigned char)s[b - 1]) && slash - b < 7)
			b--;
		while (m < n && isdigit((unsigned char)s[m]) && m - slash <= 7)
			m++;
		if (b == slash || m == slash + 1 || slash - b > 6 || m - slash > 7)
			continue;
		/* "2025/09/11", "1.5/2", "v1/2", "a/b/3/4": no count. */
		if ((b > 0 && (isalnum((unsigned char)s[b - 1]) || strchr("./-_#", s[b - 1]))) ||
		    (m < n && (isalnum((unsigned char)s[m]) || strchr("./-_%", s[m]))))
			continue;
		long v = 0, total = 0;
		for (size_t i = b; i < slash; i++)
			v = v * 10 + (s[i] - '0');
		for (size_t i = slash + 1; i < m; i++)
			total = total * 10 + (s[i] - '0');
		if (v > total)
			continue;
		/* What follows the total reads as it would after a number. */
		token tk[MAX_TOKENS];
		size_t nt = tokenize(s + slash + 1, n - slash - 1, tk);
		if (nt == 0 || tk[0].kind != W_NUMBER)
			continue;
		word_kind f = following_count(tk, nt, 0);
		if (f == W_OTHER && nt > 1 && tk[1].kind == W_TEST && !tk[1].break_before &&
		    (rt_has_word(s, b, "success") || rt_has_word(s, b, "passing") ||
		     rt_has_word(s, b, "pass rate")))
			f = W_PASSED;   /* "92% success rate (47/51 tests)" */
		if (f != W_FAILED && f != W_PASSED)
			continue;
		set_field(out, f, v);
		set_field(out, W_TOTAL, total);
		*at = b;
		return true;
	}
	return false;
}

/* ---- code lines -------------------------------------------------------- */

static bool starts(const char *s, size_t n, const char *prefix)
{
	/* Most lines part from every prefix at their first byte. */
	if (n == 0 || s[0] != prefix[0])
		return false;
	size_t k = strlen(prefix);
	return n >= k && memcmp(s, prefix, k) == 0;
}

/* pytest's last line: "== 2 failed, 14 passed, 1 skipped in 3.42s ==",
 * also without the rules; every category pytest does not name is zero. */
static bool pytest_summary(const char *s, size_t n, rc_counts *out)
{
	size_t b = 0, e = n;
	while (b < e && (s[b] == '=' || s[b] == ' '))
		b++;
	while (e > b && (s[e - 1] == '=' || s[e - 1] == ' '))
		e--;
	if (e - b >= 12 && (s[b] | 0x20) == 'n' && strncasecmp(s + b, "no tests ran", 12) == 0) {
		*out = (rc_counts){ 0, 0, 0, 0 };
		return true;
	}
	if (b == e || !isdigit((unsigned char)s[b]))
		return false;
	token tk[MAX_TOKENS];
	size_t nt = tokenize(s + b, e - b, tk);
	long failed = 0, passed = 0, skipped = 0;
	size_t i = 0, items = 0;
	while (i + 1 < nt && tk[i].kind == W_NUMBER && tk[i].value >= 0) {
		long v = tk[i].value;
		switch (tk[i + 1].kind) {
		case W_FAILED:
		case W_ERROR:
			failed += v;
			break;
		case W_PASSED:
			passed += v;
			break;
		case W_SKIPPED:
			skipped += v;
			break;
		case W_UNCOUNTED:
			break;
		default:
			return false;
		}
		items++;
		i += 2;
	}
	/* Nothing may follow the list but "in 3.42s …". */
	if (items == 0 || (i < nt && tk[i].kind != W_IN))
		return false;
	*out = (rc_counts){ failed, passed, skipped, -1 };
	return true;
}

/* unittest: "Ran 8 tests in 0.002s", "FAILED (failures=6, errors=1,
 * skipped=2)", "OK (skipped=1)". */
static bool unittest_summary(const char *s, size_t n, rc_counts *out)
{
	token tk[MAX_TOKENS];
	if (starts(s, n, "Ran ")) {
		size_t nt = tokenize(s, n, tk);
		if (nt >= 3 && tk[1].kind == W_NUMBER && tk[1].value >= 0 && tk[2].kind == W_TEST) {
			*out = (rc_counts){ -1, -1, -1, tk[1].value };
			return true;
		}
		return false;
	}
	if (!starts(s, n, "FAILED (") && !starts(s, n, "OK ("))
		return false;
	size_t nt = tokenize(s, n, tk);
	long failed = 0, skipped = 0;
	for (size_t i = 1; i + 1 < nt; i++) {
		if (tk[i + 1].kind != W_NUMBER || tk[i + 1].value < 0)
			continue;
		if (tk[i].kind == W_FAILED || tk[i].kind == W_ERROR)
			failed += tk[i + 1].value;
		else if (tk[i].kind == W_SKIPPED)
			skipped = tk[i + 1].value;
	}
	*out = (rc_counts){ failed, -1, skipped, -1 };
	return true;
}

rc_line_kind rc_code_line(const char *s, size_t n, rc_counts *out)
{
	while (n && (*s == ' ' || *s == '\t')) {
		s++;
		n--;
	}
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
		n--;
	if (n == 0)
		return RC_LINE_NOISE;
	if (starts(s, n, "--- FAIL:"))
		return RC_LINE_GO_FAIL;
	if (starts(s, n, "--- PASS:"))
		return RC_LINE_GO_PASS;
	if (starts(s, n, "--- SKIP:"))
		return RC_LINE_GO_SKIP;
	if (starts(s, n, "=== RUN") || starts(s, n, "=== PAUSE") || starts(s, n, "=== CONT") ||
	    starts(s, n, "=== NAME"))
		return RC_LINE_NOISE;
	if ((n == 4 && (memcmp(s, "PASS", 4) == 0 || memcmp(s, "FAIL", 4) == 0)) ||
	    (n == 2 && memcmp(s, "OK", 2) == 0))
		return RC_LINE_NOISE;
	/* go test's package lines: "ok  \tpkg\t0.01s", "FAIL\tpkg\t0.02s". */
	if ((starts(s, n, "ok") && n > 2 && (s[2] == ' ' || s[2] == '\t')) ||
	    (starts(s, n, "FAIL") && n > 4 && (s[4] == ' ' || s[4] == '\t') &&
	     !memchr(s, ':', n)))
		return RC_LINE_NOISE;
	/* pytest -rs: "SKIPPED [2] tests/x.py:12: reason". */
	if (starts(s, n, "SKIPPED [")) {
		long v = 0;
		size_t i = 9;
		while (i < n && isdigit((unsigned char)s[i]) && v < 100000000)
			v = v * 10 + (s[i++] - '0');
		if (i > 9 && i < n && s[i] == ']') {
			*out = (rc_counts){ -1, -1, v, -1 };
			return RC_LINE_SUMMARY;
		}
	}
	if (unittest_summary(s, n, out) || pytest_summary(s, n, out))
		return RC_LINE_SUMMARY;
	/* pytest's section rules ("==== test session starts ====", "____ test_x
	 * ____") and plain rules are layout, not failures. */
	if (n >= 3 && (s[0] == '=' || s[0] == '_' || s[0] == '-' || s[0] == '*') &&
	    s[1] == s[0] && s[2] == s[0] &&
	    s[n - 1] == s[0] && (n < 6 || (s[n - 2] == s[0] && s[n - 3] == s[0])))
		return RC_LINE_NOISE;
	return RC_LINE_OTHER;
}
