/* Failures: the error output a report quotes in its code blocks.
 *
 * A failure is error output, not whatever sits in a code block: a traceback
 * or an exception line with the lines that continue it, a test runner's
 * FAILED / ERROR / --- FAIL line, a panic, a compiler or linker error, a log
 * line at ERROR or above (plain or a JSON log record).  Shell commands,
 * source code, configuration, JSON and YAML data, diffs and passing output
 * are not failures, and a message wrapped over several lines, or a
 * traceback, is one failure, not one per line.
 *
 * Each line is classified on its own (a start, a stack frame, a line that
 * ends what came before, or plain text); a failure runs from its start over
 * the frames and text after it up to a blank line, the next start or a line
 * that ends it.  Its text is all of those lines; its signature is taken
 * from the line that says what went wrong (in a traceback, the exception
 * line at its end), with the next lines when the message is wrapped.
 *
 * The block's info string decides how far to trust a line: in source code
 * and data (```python, ```yaml) only unmistakable error output counts (an
 * exception line at the margin, a traceback), since `error: true` or
 * `FAILED = 2` there are code; in output and untagged blocks the looser
 * forms count as well. */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "report_internal.h"

/* A failure's text keeps every line up to MAX_LINES; a longer one keeps
 * its first KEEP_HEAD lines (where it starts: a command, the outermost
 * frames) and its last ones (the innermost frames and, in a traceback, the
 * exception), since the middle of a deep recursion is more of the same. */
#define MAX_LINES 400
#define KEEP_HEAD 20
/* A wrapped message is read over at most this many lines. */
#define MAX_WRAP 3

typedef enum {
	L_BLANK,
	L_TEXT,         /* anything else: continues an open failure */
	L_FRAME,        /* a stack frame or a traceback's own line: continues */
	L_START,        /* starts a failure */
	L_EXCEPTION,    /* an exception line: starts one, or ends a traceback */
	L_TRACEBACK,    /* "Traceback (most recent call last):" */
	L_CHAIN,        /* "During handling of the above exception ...": continues past blanks */
	L_STOP,         /* ends an open failure and is none: a command, a pass, a rule */
} line_kind;

/* A line is asked about dozens of words, each a literal (the "" makes
 * sure of it): the first byte rules out nearly all of them, and the word's
 * length is the literal's, known when compiled rather than measured on
 * each call.  The words are never empty; s and n are read more than once. */
#define starts_with(s, n, word)                                                  \
	((n) >= sizeof("" word) - 1 && (s)[0] == ("" word)[0] &&                 \
	 memcmp((s), "" word, sizeof("" word) - 1) == 0)

/* The same, in either case; every such word starts with a letter, which
 * folds to lower case by its 0x20 bit. */
static inline bool starts_with_ci(const char *s, size_t n, const char *word)
{
	if (n == 0 || (s[0] | 0x20) != (word[0] | 0x20))
		return false;
	size_t k = strlen(word);
	return n >= k && strncasecmp(s, word, k) == 0;
}

/* Whether s[0..n) holds the k bytes of `word`.  glibc's memmem sets up a
 * two-way search on each call, which costs more than a line is long: the
 * word is looked for by memchr at its byte `at`, one that prose seldom
 * has, and compared whole where that byte is. */
static bool contains(const char *s, size_t n, const char *word, size_t k, size_t at)
{
	if (n < k)
		return false;
	const char *p = s + at, *last = s + (n - k) + at;
	while ((p = memchr(p, word[at], (size_t)(last - p) + 1)) != NULL) {
		if (memcmp(p - at, word, k) == 0)
			return true;
		if (p++ == last)
			break;
	}
	return false;
}

static bool is_ident(unsigned char c)
{
	return isalnum(c) || c == '_' || c == '$';
}

/* Where each of `words` (upper case) first stands alone in s[0..n), or
 * TR_NONE: a word stands alone when it is a whole run of identifier bytes.
 * The line is searched once for each first letter the words have (memchr:
 * capitals are rare in most lines), not once for each word; the words
 * with the same first letter are side by side. */
static void find_words(const char *s, size_t n, const char *const *words, size_t nwords, size_t *at)
{
	for (size_t k = 0; k < nwords; k++)
		at[k] = TR_NONE;
	for (size_t k = 0; k < nwords; k++) {
		char first = words[k][0];
		if (k > 0 && words[k - 1][0] == first)
			continue;
		for (const char *p = s; (p = memchr(p, first, (size_t)(s + n - p))) != NULL;) {
			size_t i = (size_t)(p - s), j = i + 1;
			while (j < n && is_ident((unsigned char)s[j]))
				j++;
			if (i == 0 || !is_ident((unsigned char)s[i - 1]))
				for (size_t w = k; w < nwords && words[w][0] == first; w++)
					if (at[w] == TR_NONE && strlen(words[w]) == j - i &&
					    memcmp(p, words[w], j - i) == 0)
						at[w] = i;
			p = s + j;
		}
	}
}

/* ---- recognising a line ---------------------------------------------------------------- */

/* Length of a leading "INTERNALERROR> ", pytest's "E   " or a failure mark
 * ("❌ ", "✗ ") that says nothing of its own; *mark is set for a mark. */
static size_t prefix_len(const char *s, size_t n, bool *mark)
{
	size_t i = 0;
	*mark = false;
	for (int round = 0; round < 3; round++) {
		size_t j = i;
		if (starts_with(s + i, n - i, "INTERNALERROR>"))
			j = i + 14;
		else if (n - i >= 3 && s[i] == 'E' && (s[i + 1] == ' ' || s[i + 1] == '\t') &&
		         (s[i + 2] == ' ' || s[i + 2] == '\t'))
			j = i + 1;
		else if (starts_with(s + i, n - i, "\xE2\x9D\x8C") ||      /* ❌ */
		         starts_with(s + i, n - i, "\xE2\x9C\x97") ||      /* ✗ */
		         starts_with(s + i, n - i, "\xE2\x9C\x96") ||      /* ✖ */
		         starts_with(s + i, n - i, "\xE2\x9C\x95")) {      /* ✕ */
			j = i + 3;
			*mark = true;
		} else if (starts_with(s + i, n - i, "\xF0\x9F\x92\xA5")) { /* 💥 */
			j = i + 4;
			*mark = true;
		}
		if (j == i)
			break;
		while (j < n && (s[j] == ' ' || s[j] == '\t'))
			j++;
		i = j;
	}
	return i;
}

/* "AttributeError", "httpx.ConnectError", "java.lang.NullPointerException",
 * "KeyboardInterrupt" at s, followed by ':' or the end of the line: the
 * length up to the colon, or 0.  With `loose`, any name of two or more
 * capitalised parts ("InvalidSignature: …", "StopIteration") is taken too,
 * when a message follows. */
static size_t exception_name(const char *s, size_t n, bool loose)
{
	size_t i = 0, last = 0;
	while (i < n) {
		if (!(isalpha((unsigned char)s[i]) || s[i] == '_' || s[i] == '$'))
			return 0;
		last = i;
		while (i < n && is_ident((unsigned char)s[i]))
			i++;
		if (i < n && s[i] == '.' && i + 1 < n && (isalpha((unsigned char)s[i + 1]) || s[i + 1] == '_'))
			i++;
		else
			break;
	}
	if (i < n && s[i] != ':')
		return 0;
	if (i < n && i + 1 < n && s[i + 1] != ' ' && s[i + 1] != '\t')
		return 0;       /* "Error::new", "http://": not an exception line */
	const char *name = s + last;
	size_t k = i - last;
	if (k == 0 || !isupper((unsigned char)name[0]))
		return 0;       /* an empty line: nothing after a prefix */
	static const char *const ends[] = {
		"Error", "Exception", "Failure", "Fault", "Violation", "Interrupt", "Exit", "Panic",
		"Timeout", "Rejection",
	};
	/* "Error:" and "Exception:" alone are exceptions; "Timeout:" or
	 * "Exit:" alone are labels ("Timeout: 10000ms"). */
	for (size_t e = 0; e < sizeof ends / sizeof *ends; e++) {
		size_t el = strlen(ends[e]);
		if (k >= el && memcmp(name + k - el, ends[e], el) == 0 && (k > el || e < 2))
			return i;
	}
	/* A warning is not a failure, however it is named. */
	if (!loose || i + 2 >= n || (k >= 7 && memcmp(name + k - 7, "Warning", 7) == 0))
		return 0;
	size_t humps = 0;
	for (size_t j = 0; j < k; j++) {
		if (!isalpha((unsigned char)name[j]))
			return 0;
		if (isupper((unsigned char)name[j]) && (j == 0 || islower((unsigned char)name[j - 1])))
			humps++;
	}
	return humps >= 2 ? i : 0;
}

/* Upper-case words that say a thing failed, ending a label such as "SSOT
 * VIOLATION:", "EXPECTED FAILURE:", "EXECUTION_FAILED:". */
static bool failure_caps(const char *w, size_t n)
{
	static const char *const words[] = {
		"VIOLATION", "FAILURE", "FAILED", "ERROR", "EXCEPTION", "FATAL", "CRASH", "CRASHED",
		"PANIC", "TIMEOUT", "ABORTED",
	};
	for (size_t i = 0; i < sizeof words / sizeof *words; i++) {
		size_t k = strlen(words[i]);
		for (size_t j = 0; j + k <= n; j++)
			if (memcmp(w + j, words[i], k) == 0 && (j == 0 || w[j - 1] == '_') &&
			    (j + k == n || w[j + k] == '_'))
				return true;
	}
	return false;
}

/* "SSOT VIOLATION: …", "Event Delivery SSOT VIOLATION: …": a short label
 * whose last word is an upper-case failure word, then a colon. */
static bool caps_label(const char *s, size_t n)
{
	const char *colon = memchr(s, ':', n < 64 ? n : 64);
	if (!colon || colon == s)
		return false;
	size_t end = (size_t)(colon - s), start = end;
	while (start > 0 && (isupper((unsigned char)s[start - 1]) || s[start - 1] == '_' ||
	                     isdigit((unsigned char)s[start - 1])))
		start--;
	if (end - start < 4 || (start > 0 && s[start - 1] != ' '))
		return false;
	for (size_t i = 0; i < start; i++)
		if (!isalnum((unsigned char)s[i]) && s[i] != ' ' && s[i] != '_' && s[i] != '-')
			return false;
	return failure_caps(s + start, end - start);
}

static bool digits_at(const char *s, size_t n, size_t i, size_t k)
{
	if (i + k > n)
		return false;
	for (size_t j = i; j < i + k; j++)
		if (!isdigit((unsigned char)s[j]))
			return false;
	return true;
}

/* Length of a leading timestamp ("2025-09-11 16:48:00,123", "[2025-09-11T…Z]",
 * "16:48:00.123") and what separates it from the rest, or 0. */
static size_t timestamp_len(const char *s, size_t n)
{
	size_t i = 0;
	if (i < n && s[i] == '[')
		i++;
	size_t t0 = i;
	if (digits_at(s, n, i, 4) && i + 4 < n && s[i + 4] == '-' && digits_at(s, n, i + 5, 2)) {
		i += 7;
		if (i < n && s[i] == '-' && digits_at(s, n, i + 1, 2))
			i += 3;
		if (i < n && (s[i] == 'T' || s[i] == ' ') && digits_at(s, n, i + 1, 2) &&
		    i + 3 < n && s[i + 3] == ':')
			i++;
	}
	if (digits_at(s, n, i, 2) && i + 2 < n && s[i + 2] == ':' && digits_at(s, n, i + 3, 2)) {
		i += 5;
		if (i < n && s[i] == ':' && digits_at(s, n, i + 1, 2))
			i += 3;
		while (i < n && (isdigit((unsigned char)s[i]) || s[i] == '.' || s[i] == ',' ||
		                 s[i] == 'Z' || s[i] == '+' || s[i] == '-' || s[i] == ':'))
			i++;
	}
	if (i == t0)
		return 0;
	if (i < n && s[i] == ']')
		i++;
	return i;
}

typedef enum { LV_NONE, LV_LOW, LV_ERROR } level;

/* The level word of a log line that starts with a timestamp, a level in
 * brackets or "level=": within the first few words. */
static level log_level(const char *s, size_t n, bool *plain_start)
{
	*plain_start = false;
	size_t i = timestamp_len(s, n);
	size_t lim = n < i + 48 ? n : i + 48;
	/* The same first letters side by side, for find_words. */
	static const char *const high[] = { "ERROR", "EMERG", "EMERGENCY", "CRITICAL", "FATAL", "SEVERE",
	                                    "ALERT", "PANIC" };
	static const char *const low[] = { "INFO", "DEBUG", "WARN", "WARNING", "TRACE", "NOTICE" };
	if (starts_with_ci(s, n, "level=")) {
		for (size_t k = 0; k < sizeof high / sizeof *high; k++)
			if (starts_with_ci(s + 6, n - 6, high[k]))
				return LV_ERROR;
		return LV_LOW;
	}
	if (i == 0) {
		/* "[ERROR] …", "ERROR: …", "[error] …": the level is the whole
		 * run of letters before the ']' or ':', in either case.  Most
		 * lines are ruled out by what ends their first word, before it is
		 * compared with any level. */
		size_t b = n > 0 && s[0] == '[' ? 1 : 0, e = b;
		while (e < n && isalpha((unsigned char)s[e]))
			e++;
		if (e == b || e >= n || s[e] != (b ? ']' : ':'))
			return LV_NONE;
		for (size_t k = 0; k < sizeof high / sizeof *high; k++)
			if (strlen(high[k]) == e - b && strncasecmp(s + b, high[k], e - b) == 0 &&
			    (b || isupper((unsigned char)s[1]))) {
				*plain_start = true;
				return LV_ERROR;
			}
		for (size_t k = 0; k < sizeof low / sizeof *low; k++)
			if (strlen(low[k]) == e - b && strncasecmp(s + b, low[k], e - b) == 0)
				return LV_LOW;
		return LV_NONE;
	}
	size_t at[sizeof high / sizeof *high];
	find_words(s + i, lim - i, high, sizeof high / sizeof *high, at);
	for (size_t k = 0; k < sizeof high / sizeof *high; k++)
		if (at[k] != TR_NONE)
			return LV_ERROR;
	find_words(s + i, lim - i, low, sizeof low / sizeof *low, at);
	for (size_t k = 0; k < sizeof low / sizeof *low; k++)
		if (at[k] != TR_NONE)
			return LV_LOW;
	return LV_NONE;
}

/* "file.c:12:5: error: …", "src/x.ts(3,7): error TS2304: …", "error[E0425]: …",
 * "undefined reference to `f'", "make: *** […] Error 1". */
static bool compiler_error(const char *s, size_t n)
{
	if (starts_with(s, n, "error[") || starts_with(s, n, "error TS") ||
	    starts_with(s, n, "collect2: error") || starts_with(s, n, "ld: ") ||
	    (starts_with(s, n, "make") && memmem(s, n, ": ***", 5)))
		return true;
	/* Both "undefined reference to" and "Undefined symbols …" hold
	 * "ndefined ": one search rules both out on most lines. */
	if ((contains(s, n, "ndefined ", 9, 3) && (memmem(s, n, "undefined reference to", 22) ||
	                                            memmem(s, n, "Undefined symbols for architecture", 34))) ||
	    contains(s, n, "ld returned 1 exit status", 25, 15))
		return true;
	/* The location before the mark has no spaces, so the mark's own space
	 * is the line's first: the mark can only stand just before it. */
	const char *sp = memchr(s, ' ', n);
	if (!sp)
		return false;
	static const struct { const char *text; size_t len, space; } marks[] = {
		{ ": error:", 8, 1 }, { ": fatal error:", 14, 1 }, { ": error TS", 10, 1 },
		{ "): error ", 9, 2 },
	};
	for (size_t k = 0; k < sizeof marks / sizeof *marks; k++) {
		size_t at = (size_t)(sp - s);
		if (at < marks[k].space + 1)
			continue;
		const char *p = sp - marks[k].space;
		if ((size_t)(s + n - p) < marks[k].len || memcmp(p, marks[k].text, marks[k].len) != 0)
			continue;
		/* the location before it has a line number */
		for (const char *q = s; q < p; q++)
			if (isdigit((unsigned char)*q))
				return true;
	}
	return false;
}

/* The words a test's result is read from, found on a line at once. */
enum { R_FAILED, R_FAIL, R_ERROR, R_ERRORED, R_PASSED, R_PASS, R_XFAIL, R_XPASS, R_SKIPPED, R_WORDS };
static const char *const result_words[R_WORDS] = {
	"FAILED", "FAIL", "ERROR", "ERRORED", "PASSED", "PASS", "XFAIL", "XPASS", "SKIPPED",
};

/* "FAILED", "FAIL", "ERROR" as a test's result: at the end of the line, or
 * before "(reason)", "[ 50%]", " - reason".  `words` are where the result
 * words first stand. */
static bool result_word(const char *s, size_t n, const size_t *words)
{
	for (size_t k = R_FAILED; k <= R_ERRORED; k++) {
		size_t at = words[k];
		if (at == TR_NONE || at == 0)
			continue;
		size_t e = at + strlen(result_words[k]);
		if (e == n || starts_with(s + e, n - e, " (") || starts_with(s + e, n - e, " [") ||
		    starts_with(s + e, n - e, " - ") || starts_with(s + e, n - e, "  "))
			return true;
	}
	return false;
}

static bool passing(const char *s, size_t n, const size_t *words)
{
	return words[R_PASSED] != TR_NONE || words[R_PASS] != TR_NONE || words[R_XFAIL] != TR_NONE ||
	       words[R_XPASS] != TR_NONE || words[R_SKIPPED] != TR_NONE ||
	       starts_with(s, n, "\xE2\x9C\x85") ||     /* ✅ */
	       starts_with(s, n, "\xE2\x9C\x93") ||     /* ✓ */
	       starts_with(s, n, "\xE2\x9C\x94");       /* ✔ */
}

static bool frame_line(const char *s, size_t n, size_t indent)
{
	if (starts_with(s, n, "File \"") || starts_with(s, n, "at ") || starts_with(s, n, "Caused by:") ||
	    starts_with(s, n, "... ") || starts_with(s, n, "[...") || starts_with(s, n, "^") ||
	    starts_with(s, n, "~") || starts_with(s, n, "> ") || starts_with(s, n, ">  ") ||
	    starts_with(s, n, "goroutine ") || starts_with(s, n, "Call log:") ||
	    starts_with(s, n, "Stack trace:") || starts_with(s, n, "stack backtrace:"))
		return true;
	/* "fn@file.js:12:3", "[3]</module.exports/x@node_modules/y.js:206:13" */
	const char *at = memchr(s, '@', n);
	if (at && !memchr(s, ' ', (size_t)(at - s)) && memchr(at, ':', n - (size_t)(at - s)))
		return true;
	/* "tests/x.py:12: in test_y", "src/x.go:12 +0x1d" */
	const char *colon = memchr(s, ':', n);
	if (colon && colon > s && !memchr(s, ' ', (size_t)(colon - s)) && colon + 1 < s + n &&
	    isdigit((unsigned char)colon[1]) && memchr(s, '/', (size_t)(colon - s)))
		return true;
	return indent > 0 && (starts_with(s, n, "at ") || starts_with(s, n, "from "));
}

typedef struct line_info {
	line_kind kind;
	size_t body;            /* where the words begin after indent and prefixes */
	size_t indent;
} line_info;

static line_info classify(const char *s, size_t n, rb_lang lang)
{
	line_info li = { L_TEXT, 0, 0 };
	size_t i = 0;
	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	li.indent = i;
	if (i == n) {
		li.kind = L_BLANK;
		return li;
	}
	bool mark;
	size_t p = i + prefix_len(s + i, n - i, &mark);
	li.body = p;
	const char *t = s + p;
	size_t m = n - p;
	bool strict = lang == RB_LANG_CODE || lang == RB_LANG_DATA;

	if (starts_with(t, m, "Traceback (most recent call last)")) {
		li.kind = L_TRACEBACK;
		return li;
	}
	if (starts_with(t, m, "During handling of the above exception") ||
	    starts_with(t, m, "The above exception was the direct cause")) {
		li.kind = L_CHAIN;
		return li;
	}
	/* Merge markers, shell prompts and comments in a shell block. */
	if (starts_with(t, m, "<<<<<<< ") || starts_with(t, m, ">>>>>>> ") ||
	    (m == 7 && memcmp(t, "=======", 7) == 0) || starts_with(t, m, "$ ") ||
	    (lang == RB_LANG_SHELL && ((m > 0 && t[0] == '#') || starts_with(t, m, "> ")))) {
		li.kind = L_STOP;
		return li;
	}
	size_t name = exception_name(t, m, !strict);
	if (name && (!strict || li.indent == 0 || p > i)) {
		li.kind = L_EXCEPTION;
		return li;
	}
	rc_counts c = RC_COUNTS_NONE;
	rc_line_kind rk = rc_code_line(t, m, &c);
	if (rk == RC_LINE_GO_FAIL || starts_with(t, m, "panic: ") || starts_with(t, m, "fatal error: ") ||
	    starts_with(t, m, "thread '") || starts_with(t, m, "FAILED ") ||
	    (starts_with(t, m, "ERROR ") && !strict) || starts_with(t, m, "ERROR at ") ||
	    starts_with(t, m, "ERROR collecting ") || compiler_error(t, m)) {
		li.kind = L_START;
		return li;
	}
	/* In code and data, what is not a start only goes on with what came
	 * before; which kind of line it is does not matter. */
	if (strict)
		return li;
	if (rk != RC_LINE_OTHER) {
		li.kind = L_STOP;
		return li;
	}
	size_t words[R_WORDS];
	find_words(t, m, result_words, R_WORDS, words);
	if (passing(t, m, words)) {
		li.kind = L_STOP;
		return li;
	}
	if (frame_line(t, m, li.indent)) {
		li.kind = L_FRAME;
		return li;
	}
	bool plain;
	level lv = log_level(t, m, &plain);
	if (lv == LV_ERROR) {
		li.kind = L_START;
		return li;
	}
	if (lv == LV_LOW) {
		li.kind = L_STOP;
		return li;
	}
	if (mark || caps_label(t, m) || result_word(t, m, words) ||
	    starts_with(t, m, "Error: ") || starts_with(t, m, "error: ") || starts_with(t, m, "Fatal: ") ||
	    starts_with(t, m, "fatal: ") || starts_with(t, m, "FAIL: ") || starts_with(t, m, "FAIL ") ||
	    starts_with(t, m, "npm ERR!") || starts_with(t, m, "Segmentation fault") ||
	    starts_with(t, m, "Uncaught ") || starts_with(t, m, "Unhandled ") ||
	    starts_with(t, m, "Exception in thread ") ||
	    contains(t, m, ": command not found", 19, 0) ||
	    (starts_with(t, m, "curl: (") && isdigit((unsigned char)t[m > 7 ? 7 : 0])))
		li.kind = L_START;
	return li;
}

/* ---- JSON log records ------------------------------------------------------------------ */

/* One JSON object being read: its severity and message, if any. */
typedef struct jframe {
	bool error;             /* "severity"/"level" says ERROR or above */
	size_t msg_off, msg_len;        /* the message's value in the block text */
	unsigned msg_line;
	size_t first_line;      /* block line index where the object opened */
} jframe;

/* Where the JSON string whose text starts at s[j] ends: its closing quote,
 * or n.  The quote is found by memchr, and a backslash before it by
 * another: it escapes the byte after it. */
static size_t string_end(const char *s, size_t n, size_t j)
{
	while (j < n) {
		const char *q = memchr(s + j, '"', n - j);
		size_t qe = q ? (size_t)(q - s) : n;
		const char *bs = memchr(s + j, '\\', qe - j);
		if (!bs)
			return qe;
		j = (size_t)(bs - s) + 2;
	}
	return n;
}

static bool json_key_is(const char *k, size_t n, const char *const *names)
{
	for (; *names; names++)
		if (strlen(*names) == n && strncasecmp(k, *names, n) == 0)
			return true;
	return false;
}

/* ---- collecting failures ---------------------------------------------------------------- */

typedef struct collector {
	reader *r;
	const rb_block *bl;
	const char *s;          /* the block's text: lines separated by NULs */
	size_t set;
	tr_buf text, key;
} collector;

static void emit(collector *c, unsigned line)
{
	if (!c->key.len)
		return;
	FOR_SET(c->r, c->set, i)
		tr_issue_add_failure_keyed(&c->r->m->issues[i], tr_buf_str(&c->text), tr_buf_str(&c->key),
		                           0, line);
}

typedef struct span {
	size_t off, len;        /* the line, trimmed at the end */
	line_info li;
} span;

/* A JSON block: each object whose severity or level is ERROR or above and
 * that has a message is a failure, the message its signature. */
static bool json_failures(collector *c, const span *lines, size_t nlines)
{
	static const char *const sev_keys[] = { "severity", "level", "levelname", "log.level",
	                                        "loglevel", NULL };
	static const char *const msg_keys[] = { "message", "msg", "textPayload", "error", NULL };
	static const char *const high[] = { "error", "critical", "fatal", "alert", "emergency",
	                                    "emerg", "severe", "panic", NULL };
	jframe stack[16];
	int depth = 0;
	bool any = false;
	for (size_t k = 0; k < nlines; k++) {
		const char *s = c->s + lines[k].off;
		size_t n = lines[k].len;
		size_t i = 0;
		const char *key = NULL;
		size_t keylen = 0;
		while (i < n) {
			char ch = s[i];
			if (ch == '{') {
				if (depth < 16)
					stack[depth] = (jframe){ false, 0, 0, 0, k };
				depth++;
				key = NULL;
				i++;
			} else if (ch == '}') {
				if (depth > 0 && --depth < 16 && stack[depth].error && stack[depth].msg_len) {
					jframe *f = &stack[depth];
					tr_buf_reset(&c->text);
					for (size_t l = f->first_line; l <= k; l++) {
						if (l > f->first_line)
							tr_buf_addc(&c->text, '\n');
						tr_buf_add(&c->text, c->s + lines[l].off, lines[l].len);
					}
					tr_buf_reset(&c->key);
					tr_buf_adds(&c->key, "ERROR: ");
					tr_buf_add(&c->key, c->s + f->msg_off, f->msg_len);
					emit(c, f->msg_line);
					any = true;
				}
				key = NULL;
				i++;
			} else if (ch == '"') {
				size_t j = string_end(s, n, i + 1);
				size_t after = j + 1;
				while (after < n && (s[after] == ' ' || s[after] == '\t'))
					after++;
				if (after < n && s[after] == ':') {
					key = s + i + 1;
					keylen = j - i - 1;
				} else if (key && depth > 0 && depth <= 16) {
					jframe *f = &stack[depth - 1];
					if (json_key_is(key, keylen, sev_keys) &&
					    json_key_is(s + i + 1, j - i - 1, high))
						f->error = true;
					else if (json_key_is(key, keylen, msg_keys) && !f->msg_len) {
						f->msg_off = (size_t)(s + i + 1 - c->s);
						f->msg_len = j - i - 1;
						f->msg_line = c->bl->line + (unsigned)k;
					}
					key = NULL;
				}
				i = after;
			} else {
				if (ch == ',' || ch == '[')
					key = NULL;
				i++;
			}
		}
	}
	return any;
}

static bool json_block(const span *lines, size_t nlines, const char *s, rb_lang lang)
{
	if (lang == RB_LANG_JSON)
		return true;
	for (size_t k = 0; k < nlines; k++) {
		if (lines[k].li.kind == L_BLANK)
			continue;
		char ch = s[lines[k].off + lines[k].li.indent];
		return ch == '{' || (ch == '[' && lines[k].len > lines[k].li.indent + 1 &&
		                     (s[lines[k].off + lines[k].li.indent + 1] == '{' ||
		                      lines[k].len == lines[k].li.indent + 1));
	}
	return false;
}

/* Whether line b continues the message of line a: a wrapped sentence. */
static bool wraps(const collector *c, const span *a, const span *b)
{
	if (b->li.kind != L_TEXT || b->li.indent > a->li.indent + 4)
		return false;
	const char *as = c->s + a->off, *bs = c->s + b->off + b->li.body;
	size_t bn = b->len - b->li.body;
	return (a->len && as[a->len - 1] == ',') || (bn && islower((unsigned char)bs[0]));
}

void rd_code_failures(reader *r, const rb_block *bl, size_t set)
{
	collector c = { r, bl, rb_text(&r->doc, bl), set, r->fail_text, r->fail_key };
	span *lines = r->fail_lines;
	size_t nlines = 0, cap = r->capfail_lines;
	tr_buf_reset(&c.text);
	tr_buf_reset(&c.key);
	for (size_t b = 0; b < bl->len;) {
		size_t e = b + strlen(c.s + b);
		if (e > bl->len)
			e = bl->len;
		size_t le = e;
		while (le > b && isspace((unsigned char)c.s[le - 1]))
			le--;
		if (nlines == cap)
			tr_grow((void **)&lines, &cap, nlines + 1, sizeof *lines);
		size_t ind = b;
		while (ind < le && (c.s[ind] == ' ' || c.s[ind] == '\t'))
			ind++;
		lines[nlines].off = b;
		lines[nlines].len = le - b;
		lines[nlines].li = (line_info){ ind == le ? L_BLANK : L_TEXT, ind - b, ind - b };
		nlines++;
		b = e + 1;
	}
	if (json_block(lines, nlines, c.s, bl->lang)) {
		json_failures(&c, lines, nlines);
		goto out;
	}
	for (size_t k = 0; k < nlines; k++)
		if (lines[k].li.kind != L_BLANK)
			lines[k].li = classify(c.s + lines[k].off, lines[k].len, bl->lang);
	for (size_t k = 0; k < nlines;) {
		line_kind kind = lines[k].li.kind;
		if (kind != L_START && kind != L_EXCEPTION && kind != L_TRACEBACK) {
			k++;
			continue;
		}
		/* A failure from line k: where it ends, and which line says what. */
		size_t head = k, end = k + 1;
		bool traceback = kind == L_TRACEBACK, identified = !traceback;
		while (end < nlines) {
			line_kind next = lines[end].li.kind;
			if (next == L_BLANK) {
				/* A chained traceback goes on past the blank lines. */
				size_t j = end;
				while (j < nlines && lines[j].li.kind == L_BLANK)
					j++;
				if (j < nlines && lines[j].li.kind == L_CHAIN) {
					end = j + 1;
					continue;
				}
				if (j < nlines && traceback && lines[end - 1].li.kind == L_CHAIN &&
				    lines[j].li.kind == L_TRACEBACK) {
					end = j + 1;
					identified = false;
					continue;
				}
				break;
			}
			if (next == L_STOP || next == L_START)
				break;
			if (next == L_TRACEBACK && !(traceback && lines[end - 1].li.kind == L_CHAIN))
				break;
			if (next == L_EXCEPTION) {
				if (traceback && !identified) {
					head = end;
					identified = true;
					end++;
					continue;
				}
				break;
			}
			end++;
		}

		/* The text: every line, or a long one's first and last lines with
		 * the line that says what failed kept between them. */
		size_t cut_from = end, cut_to = end;
		if (end - k > MAX_LINES) {
			cut_from = k + KEEP_HEAD;
			cut_to = end - (MAX_LINES - KEEP_HEAD);
		}
		/* Room for all of the failure's lines at once, not grown as they
		 * are added (the note of lines left out is shorter than they are). */
		tr_buf_reset(&c.text);
		tr_grow((void **)&c.text.data, &c.text.cap,
		        lines[end - 1].off + lines[end - 1].len - lines[k].off + 64, 1);
		for (size_t l = k; l < end; l++) {
			if (l == cut_from) {
				tr_buf_addf(&c.text, "\n\xE2\x80\xA6 %zu lines left out \xE2\x80\xA6", cut_to - cut_from);
				if (head >= cut_from && head < cut_to) {
					tr_buf_addc(&c.text, '\n');
					tr_buf_add(&c.text, c.s + lines[head].off, lines[head].len);
				}
				l = cut_to - 1;
				continue;
			}
			if (l > k)
				tr_buf_addc(&c.text, '\n');
			size_t from = l == k ? lines[l].li.indent : 0;
			tr_buf_add(&c.text, c.s + lines[l].off + from, lines[l].len - from);
		}
		size_t last = end - head > MAX_WRAP ? head + MAX_WRAP - 1 : end - 1;
		tr_buf_reset(&c.key);
		tr_grow((void **)&c.key.data, &c.key.cap,
		        lines[last].off + lines[last].len - lines[head].off + 1, 1);
		tr_buf_add(&c.key, c.s + lines[head].off + lines[head].li.body,
		           lines[head].len - lines[head].li.body);
		for (size_t l = head + 1; l < end && l - head < MAX_WRAP && wraps(&c, &lines[l - 1], &lines[l]);
		     l++) {
			tr_buf_addc(&c.key, ' ');
			tr_buf_add(&c.key, c.s + lines[l].off + lines[l].li.body,
			           lines[l].len - lines[l].li.body);
		}
		emit(&c, bl->line + (unsigned)k);
		k = end;
	}
out:
	r->fail_lines = lines;
	r->capfail_lines = cap;
	r->fail_text = c.text;
	r->fail_key = c.key;
}
