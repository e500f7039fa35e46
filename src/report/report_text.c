/* The small text forms a cluster report is made of: issue references,
 * emoji around words, "Phase N:" prefixes, severities and labels. */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "report_internal.h"
#include "triage/text.h"

static bool word_byte(unsigned char c)
{
	return isalnum(c) || c == '_';
}

/* Words after which "#N" numbers something local to the report: a five-whys
 * level, a step, an attempt, a build, a table row, a pull request.  "Bug #1"
 * and "Epic #449" are issues. */
static const char *const local_words[] = {
	"why", "step", "steps", "attempt", "attempts", "build", "builds", "entry", "entries",
	"row", "rows", "failure", "failures", "group", "phase", "run", "runs", "job", "pr",
	"prs", "pull", "request", "requests", "mr", "merge", "test", "option", "rank", "round",
	"iteration", "level", "stage", "part", "day", "week", "sprint", "item", "priority",
	"comment", "commit", "version", "release", "question", "point", "action", "finding",
	"scenario", "case", "error", "problem", "hypothesis", "cause", "change", "note",
	"example", "reason", "solution", "approach", "lesson", "recommendation", "number",
	"rule", "requirement", "check", "gap", "risk", "answer", "layer", "tier", "milestone",
	"whys", "task", "slide", "figure", "table", "line", "page", "section", "chapter",
	"appendix", "deploy", "deployment", "pipeline", "workflow", "revision", "patch",
};

static bool local_number(const char *s, size_t n, size_t hash, size_t end)
{
	/* "#1 priority" is a rank. */
	size_t a = end;
	while (a < n && (s[a] == ' ' || s[a] == '*' || s[a] == '_'))
		a++;
	if (n - a >= 8 && (s[a] | 0x20) == 'p' && strncasecmp(s + a, "priority", 8) == 0)
		return true;
	size_t b = hash;
	while (b > 0 && (s[b - 1] == ' ' || s[b - 1] == '*' || s[b - 1] == '_' || s[b - 1] == '`' ||
	                 s[b - 1] == '"' || s[b - 1] == '\''))
		b--;
	size_t w = b;
	while (w > 0 && isalpha((unsigned char)s[w - 1]) && b - w < 16)
		w--;
	if (w == b || b - w >= 16 || (w > 0 && isalnum((unsigned char)s[w - 1])))
		return false;
	/* The words are in lower case: the word's first letter rules out most
	 * of the list before any of it is measured. */
	char first = (char)tolower((unsigned char)s[w]);
	for (size_t k = 0; k < sizeof local_words / sizeof *local_words; k++)
		if (local_words[k][0] == first && strlen(local_words[k]) == b - w &&
		    strncasecmp(s + w, local_words[k], b - w) == 0)
			return true;
	return false;
}

static bool key_upper(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

/* Whether a key ending at s[e] ends there: "AMI-80." and "AMI-80," do,
 * "AMI-80a", "v1-2.3" and "ISSUE-001-invalid" do not. */
static bool key_ends(const char *s, size_t n, size_t e)
{
	if (e >= n)
		return true;
	unsigned char c = (unsigned char)s[e];
	if (isalnum(c) || c == '_')
		return false;
	if ((c == '.' || c == '-' || c == '/') && e + 1 < n && isalnum((unsigned char)s[e + 1]))
		return false;
	return true;
}

/* Whether the byte before a key lets it start there. */
static bool key_starts(const char *s, size_t p)
{
	if (p == 0)
		return true;
	unsigned char c = (unsigned char)s[p - 1];
	return !(isalnum(c) || c == '_' || c == '-' || c == '/' || c == '.' || c == '#' ||
	         c == '@' || c == '$' || c == '\\' || c == '=' || c == '&');
}

static size_t digits(const char *s, size_t n, size_t i)
{
	size_t e = i;
	while (e < n && e - i < 10 && isdigit((unsigned char)s[e]))
		e++;
	return e;
}

static bool repo_byte(unsigned char c)
{
	return isalnum(c) || c == '-' || c == '_' || c == '.';
}

/* "owner/repo" ending at s[i] (the '#'): the start of owner, or TR_NONE.
 * "docs/guide.md#12" is a file's anchor, "a/b/c#1" a path. */
static size_t repo_before(const char *s, size_t i)
{
	size_t r = i;
	while (r > 0 && repo_byte((unsigned char)s[r - 1]) && i - r < 100)
		r--;
	if (r == i || r == 0 || s[r - 1] != '/' || s[r] == '.' || s[i - 1] == '.')
		return TR_NONE;
	size_t o = r - 1;
	while (o > 0 && (isalnum((unsigned char)s[o - 1]) || s[o - 1] == '-') && r - 1 - o < 39)
		o--;
	if (o == r - 1 || (o > 0 && (repo_byte((unsigned char)s[o - 1]) || s[o - 1] == '/' ||
	                             s[o - 1] == ':' || s[o - 1] == '@' || s[o - 1] == '#')))
		return TR_NONE;
	static const char *const files[] = { ".md", ".markdown", ".html", ".htm", ".txt", ".rst", ".adoc" };
	for (size_t k = 0; k < sizeof files / sizeof *files; k++) {
		size_t len = strlen(files[k]);
		if (i - r > len && strncasecmp(s + i - len, files[k], len) == 0)
			return TR_NONE;
	}
	return o;
}

static bool hash_at(const char *s, size_t n, size_t i, rt_ref *ref)
{
	if (i + 1 >= n || !isdigit((unsigned char)s[i + 1]))
		return false;
	size_t e = i + 1;
	while (e < n && isdigit((unsigned char)s[e]))
		e++;
	if (e < n && word_byte((unsigned char)s[e]))
		return false;
	/* "acme/widgets#44": an issue of another repository. */
	if (i > 0 && repo_byte((unsigned char)s[i - 1])) {
		size_t o = repo_before(s, i);
		if (o == TR_NONE || e - i - 1 > 9 || (e < n && s[e] == '-' && e + 1 < n &&
		                                      isalnum((unsigned char)s[e + 1])))
			return false;
		*ref = (rt_ref){ o, e, o, e - o, RT_REPO, false };
		return true;
	}
	/* "abc#305", "##305" and "&#305" are not references. */
	if (i > 0 && (word_byte((unsigned char)s[i - 1]) || s[i - 1] == '#' || s[i - 1] == '&'))
		return false;
	if (local_number(s, n, i, e))
		return false;
	*ref = (rt_ref){ i, e, i + 1, e - i - 1, RT_HASH, false };
	return true;
}

/* A key whose number starts after the '-' at s[d]. */
static bool dash_at(const char *s, size_t n, size_t d, rt_ref *ref)
{
	if (d == 0 || d + 1 >= n || !isdigit((unsigned char)s[d + 1]))
		return false;
	size_t e = digits(s, n, d + 1);
	if (!key_ends(s, n, e) && !(e < n && s[e] == ']'))
		return false;
	/* GitHub's own form, any case. */
	if (d >= 2 && (s[d - 2] | 0x20) == 'g' && (s[d - 1] | 0x20) == 'h' && key_starts(s, d - 2)) {
		if (e - d - 1 > 9 || !key_ends(s, n, e))
			return false;
		*ref = (rt_ref){ d - 2, e, d + 1, e - d - 1, RT_GH, false };
		return true;
	}
	/* "[CACHE-DTYPE-002]": brackets around upper-case words and a number. */
	size_t q = d;
	while (q > 0 && (key_upper((unsigned char)s[q - 1]) || s[q - 1] == '-') && d - q < 40)
		q--;
	if (q > 0 && s[q - 1] == '[' && e < n && s[e] == ']' && isupper((unsigned char)s[q]) &&
	    !memmem(s + q, e - q, "--", 2)) {
		*ref = (rt_ref){ q - 1, e + 1, q, e - q, RT_BRACKET, false };
		return true;
	}
	if (!key_ends(s, n, e))
		return false;
	size_t p = d;
	while (p > 0 && key_upper((unsigned char)s[p - 1]) && d - p < 16)
		p--;
	if (d - p < 2 || !isupper((unsigned char)s[p]) || !key_starts(s, p))
		return false;
	*ref = (rt_ref){ p, e, p, e - p, RT_TRACKER, false };
	return true;
}

/* ".../issues/123": the '/' at s[i] starts "/issues/". */
static bool url_at(const char *s, size_t n, size_t i, rt_ref *ref)
{
	if (n - i < 9 || memcmp(s + i, "/issues/", 8) != 0 || !isdigit((unsigned char)s[i + 8]))
		return false;
	size_t e = digits(s, n, i + 8);
	if (!key_ends(s, n, e) && s[e] != '#')
		return false;
	size_t b = i;
	while (b > 0 && !isspace((unsigned char)s[b - 1]) && s[b - 1] != '(' && s[b - 1] != '<' &&
	       s[b - 1] != '[' && s[b - 1] != '"')
		b--;
	while (e < n && !isspace((unsigned char)s[e]) && s[e] != ')' && s[e] != '>' && s[e] != ']' &&
	       s[e] != '"')
		e++;
	size_t k = i + 8;
	*ref = (rt_ref){ b, e, k, digits(s, n, k) - k, RT_URL, false };
	return true;
}

/* The words that key an item without a '#': "Issue 7", "Bug 012". */
static const char *const key_words[] = { "issue", "issues", "bug", "bugs", "ticket", "tickets" };

/* "Issue 007" whose number starts at s[d]. */
static bool word_at_number(const char *s, size_t n, size_t d, rt_ref *ref)
{
	if (d < 4 || s[d - 1] != ' ' || !isalpha((unsigned char)s[d - 2]))
		return false;
	size_t w = d - 1;
	while (w > 0 && isalpha((unsigned char)s[w - 1]) && d - 1 - w < 8)
		w--;
	if (w > 0 && (word_byte((unsigned char)s[w - 1]) || s[w - 1] == '-' || s[w - 1] == '/'))
		return false;
	size_t len = d - 1 - w;
	bool word = false;
	/* Most words before a number are none of these: their first letter
	 * says so before anything is measured. */
	char first = (char)(s[w] | 0x20);
	for (size_t k = 0; k < sizeof key_words / sizeof *key_words && !word; k++)
		word = key_words[k][0] == first && strlen(key_words[k]) == len &&
		       strncasecmp(s + w, key_words[k], len) == 0;
	if (!word)
		return false;
	size_t e = d;
	while (e < n && isdigit((unsigned char)s[e]) && e - d < 7)
		e++;
	/* "Issue 1.2", "issue 3rd", "issue 12345678" are no keys. */
	if (e - d > 6 || !key_ends(s, n, e))
		return false;
	*ref = (rt_ref){ w, e, d, e - d, RT_WORD, s[d] == '0' && e - d > 1 };
	return true;
}

bool rt_ref_at(const char *s, size_t n, size_t at, rt_ref *ref)
{
	if (at >= n)
		return false;
	if (s[at] == '#')
		return hash_at(s, n, at, ref);
	if (isalpha((unsigned char)s[at])) {
		size_t d = at;
		while (d < n && isalpha((unsigned char)s[d]) && d - at < 8)
			d++;
		if (d + 1 < n && s[d] == ' ' && isdigit((unsigned char)s[d + 1]) &&
		    word_at_number(s, n, d + 1, ref) && ref->start == at)
			return true;
	}
	/* The other forms have their '-', "/issues/" or "/repo#" inside one word,
	 * looked at as the word is read: by table, 1 for the bytes that end it,
	 * 2 for those a form is found at. */
	static const unsigned char kinds[128] = {
		[' '] = 1, ['\t'] = 1, ['\n'] = 1, ['\v'] = 1, ['\f'] = 1, ['\r'] = 1, [')'] = 1, [','] = 1,
		['-'] = 2, ['/'] = 2, ['#'] = 2,
	};
	size_t lim = n - at < 200 ? n : at + 200;
	for (size_t i = at; i < lim; i++) {
		unsigned char c = (unsigned char)s[i];
		unsigned kind = c < 0x80 ? kinds[c] : isspace(c) ? 1 : 0;
		if (kind == 0)
			continue;
		if (kind == 1)
			break;
		rt_ref r;
		if ((s[i] == '-' && dash_at(s, n, i, &r)) || (s[i] == '/' && url_at(s, n, i, &r)) ||
		    (s[i] == '#' && i > at && hash_at(s, n, i, &r))) {
			if (r.start != at)
				return false;
			*ref = r;
			return true;
		}
	}
	return false;
}

bool rt_next_ref(const char *s, size_t n, size_t from, rt_ref *ref)
{
	/* The bytes a reference can be found at: '#', '-', '/', and a digit
	 * after a space ("Issue 7").  Most bytes are passed eight at a time
	 * (spaces are too many to stop at), or by table. */
	static const bool marks[256] = { ['#'] = true, ['-'] = true, ['/'] = true, ['0' ... '9'] = true };
	for (size_t i = from; i < n; i++) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
		if (n - i >= 8) {
			uint64_t w;
			memcpy(&w, s + i, 8);
			uint64_t hit = rt_bytes8(w, '#') | rt_bytes8(w, '-') | rt_bytes8(w, '/') |
			               rt_digits8(w);
			if (!hit) {
				i += 7;
				continue;
			}
			i += (size_t)__builtin_ctzll(hit) / 8;
		}
#endif
		unsigned char c = (unsigned char)s[i];
		if (!marks[c])
			continue;
		if (c >= '0' && c <= '9') {
			if (i > from && s[i - 1] == ' ' && word_at_number(s, n, i, ref) && ref->start >= from)
				return true;
			/* The rest of the number is no mark. */
			while (i + 1 < n && isdigit((unsigned char)s[i + 1]))
				i++;
			continue;
		}
		if (c == '#' ? hash_at(s, n, i, ref) : c == '-' ? dash_at(s, n, i, ref)
		                                     : url_at(s, n, i, ref)) {
			if (ref->start < from)
				continue;
			return true;
		}
	}
	return false;
}

bool rt_next_tracker(const char *s, size_t n, size_t from, rt_ref *ref)
{
	for (const char *p = s + from, *e = s + n; (p = memchr(p, '-', (size_t)(e - p))) != NULL; p++) {
		size_t d = (size_t)(p - s);
		if (d == 0 || d + 1 >= n || !isdigit((unsigned char)p[1]) ||
		    !key_upper((unsigned char)p[-1]))
			continue;
		if (dash_at(s, n, d, ref) && ref->form == RT_TRACKER)
			return true;
	}
	return false;
}

size_t rt_prefix_len(const char *s, const rt_ref *ref)
{
	const char *d = memchr(s + ref->key, '-', ref->keylen);
	return d ? (size_t)(d - (s + ref->key)) : 0;
}

bool rt_may_ref(const char *s, size_t n)
{
	if (memchr(s, '#', n))
		return true;
	for (const char *p = s, *e = s + n; (p = memchr(p, '-', (size_t)(e - p))) != NULL; p++)
		if (p + 1 < e && isdigit((unsigned char)p[1]) && p > s && isalpha((unsigned char)p[-1]))
			return true;
	for (const char *p = s, *e = s + n; (p = memchr(p, '/', (size_t)(e - p))) != NULL; p++)
		if (e - p >= 9 && memcmp(p, "/issues/", 8) == 0)
			return true;
	rt_ref ref;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	/* "Issue 7": a digit after a space.  Digits are fewer than spaces, and
	 * are found eight bytes at a time. */
	for (size_t i = 1; i < n; i++) {
		if (n - i >= 8) {
			uint64_t w;
			memcpy(&w, s + i, 8);
			uint64_t hit = rt_digits8(w);
			if (!hit) {
				i += 7;
				continue;
			}
			i += (size_t)__builtin_ctzll(hit) / 8;
		}
		if (!isdigit((unsigned char)s[i]))
			continue;
		if (s[i - 1] == ' ' && word_at_number(s, n, i, &ref))
			return true;
		while (i + 1 < n && isdigit((unsigned char)s[i + 1]))
			i++;
	}
#else
	for (const char *p = s, *e = s + n; (p = memchr(p, ' ', (size_t)(e - p))) != NULL; p++)
		if (p + 1 < e && isdigit((unsigned char)p[1]) &&
		    word_at_number(s, n, (size_t)(p + 1 - s), &ref))
			return true;
#endif
	return false;
}

char *rt_ref_id(const char *s, const rt_ref *ref)
{
	/* Copied, not formatted: a table names an issue on every row. */
	size_t hash = rt_numbered(ref);
	char *id = tr_malloc(hash + ref->keylen + 1);
	id[0] = '#';
	memcpy(id + hash, s + ref->key, ref->keylen);
	id[hash + ref->keylen] = '\0';
	return id;
}

bool rt_is_emoji(uint32_t cp)
{
	/* Pictographs, dingbats, variation selectors and joiners, and the private
	 * use area, where icon fonts put their glyphs. */
	static const struct { uint32_t lo, hi; } ranges[] = {
		{ 0x203C, 0x203C }, { 0x2049, 0x2049 }, { 0x20E3, 0x20E3 }, { 0x2122, 0x2122 },
		{ 0x2139, 0x2139 }, { 0x2194, 0x2199 }, { 0x21A9, 0x21AA }, { 0x231A, 0x231B },
		{ 0x2328, 0x2328 }, { 0x23CF, 0x23CF }, { 0x23E9, 0x23F3 }, { 0x23F8, 0x23FA },
		{ 0x24C2, 0x24C2 }, { 0x25AA, 0x25AB }, { 0x25B6, 0x25B6 }, { 0x25C0, 0x25C0 },
		{ 0x25FB, 0x25FE }, { 0x2600, 0x27BF }, { 0x2934, 0x2935 }, { 0x2B05, 0x2B07 },
		{ 0x2B1B, 0x2B1C }, { 0x2B50, 0x2B50 }, { 0x2B55, 0x2B55 }, { 0x3030, 0x3030 },
		{ 0x303D, 0x303D }, { 0x3297, 0x3297 }, { 0x3299, 0x3299 }, { 0xFE0E, 0xFE0F },
		{ 0x200D, 0x200D }, { 0xE000, 0xF8FF }, { 0x1F000, 0x1FAFF }, { 0xE0020, 0xE007F },
	};
	/* Answered before the table: what is below it, and the pictographs. */
	if (cp < 0x200D || (cp >= 0x1F000 && cp <= 0x1FAFF))
		return cp >= 0x200D;
	for (size_t i = 0; i < sizeof ranges / sizeof *ranges; i++)
		if (cp >= ranges[i].lo && cp <= ranges[i].hi)
			return true;
	return false;
}

/* Visible ASCII: what rt_clean copies as it is. */
static const bool visible[256] = { ['!' ... '~'] = true, [0x7F] = true };

/* Where the run of visible ASCII from s[j] ends, eight bytes at a time: a
 * byte is flagged (its high bit set) when it is 0x80 or above or below '!',
 * and the lowest one flagged is the first such, a borrow running only
 * upwards from a flagged byte. */
static size_t visible_run(const char *s, size_t j, size_t n)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	const uint64_t ones = 0x0101010101010101ull, highs = 0x8080808080808080ull;
	while (n - j >= 8) {
		uint64_t w;
		memcpy(&w, s + j, 8);
		uint64_t bad = (w | ((w - ones * '!') & ~w)) & highs;
		if (bad)
			return j + (size_t)__builtin_ctzll(bad) / 8;
		j += 8;
	}
#endif
	while (j < n && visible[(unsigned char)s[j]])
		j++;
	return j;
}

char *rt_clean(const char *s, size_t n)
{
	/* The result is never longer than s, except that an invalid byte
	 * becomes a 3-byte U+FFFD: room grows for those when they come, so the
	 * text that remains always fits (one byte out for each byte in). */
	size_t cap = n + 1;
	char *out = tr_malloc(cap), *o = out;
	bool space = false;
	size_t i = 0;
	while (i < n) {
		/* Words of visible ASCII with single spaces between them are most
		 * of any text: copied as they are. */
		if (visible[(unsigned char)s[i]]) {
			if (space && o > out)
				*o++ = ' ';
			space = false;
			/* Measured first, then copied at once. */
			size_t j = i;
			for (;;) {
				j = visible_run(s, j, n);
				if (j + 1 < n && s[j] == ' ' && visible[(unsigned char)s[j + 1]])
					j++;
				else
					break;
			}
			memcpy(o, s + i, j - i);
			o += j - i;
			i = j;
			continue;
		}
		unsigned char c = (unsigned char)s[i];
		if (c < 0x80) {
			i++;
			if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f') {
				space = true;
				continue;
			}
			if (space && o > out)
				*o++ = ' ';
			space = false;
			*o++ = (char)c;
			continue;
		}
		uint32_t cp;
		size_t k = tr_utf8_decode(s + i, n - i, &cp);
		if (cp == 0xA0) {
			space = true;
		} else if (!rt_is_emoji(cp)) {
			if (space && o > out)
				*o++ = ' ';
			space = false;
			if (cp == TR_REPLACEMENT && k == 1) {
				size_t used = (size_t)(o - out), need = used + 3 + (n - i - 1) + 1;
				if (need > cap) {
					cap = need + n / 4;
					out = tr_realloc(out, cap);
					o = out + used;
				}
				memcpy(o, "\xEF\xBF\xBD", 3);
				o += 3;
			} else {
				memcpy(o, s + i, k);
				o += k;
			}
		}
		i += k;
	}
	*o = '\0';
	/* Findings keep the copy: a large slack (many blanks or emoji, grown
	 * room) is given back; a few bytes are not worth a call. */
	size_t used = (size_t)(o - out) + 1;
	return cap - used > 32 ? tr_realloc(out, used) : out;
}

size_t rt_phase_prefix(const char *s, size_t n, long *number)
{
	if (n < 7 || strncasecmp(s, "phase", 5) != 0)
		return 0;
	size_t i = 5;
	while (i < n && s[i] == ' ')
		i++;
	size_t d = i;
	long num = 0;
	while (i < n && isdigit((unsigned char)s[i]) && i - d < 9)
		num = num * 10 + (s[i++] - '0');
	if (i == d || (i < n && isdigit((unsigned char)s[i])))
		return 0;
	while (i < n && s[i] == ' ')
		i++;
	size_t sep = 0;
	if (i < n && (s[i] == ':' || s[i] == '-' || s[i] == '.'))
		sep = 1;
	else if (n - i >= 3 && memcmp(s + i, "\xE2\x80", 2) == 0 &&
	         (s[i + 2] == '\x94' || s[i + 2] == '\x93'))
		sep = 3;                /* em or en dash */
	if (sep == 0 && i < n)
		return 0;
	i += sep;
	while (i < n && s[i] == ' ')
		i++;
	if (number)
		*number = num;
	return i;
}

bool rt_severity_like(const char *s, size_t n)
{
	/* A count is no severity: "(1 blocker)", "(3 critical)". */
	if (n == 0 || n > 40 || isdigit((unsigned char)s[0]))
		return false;
	size_t words = 0, letters = 0;
	bool in_word = false, lower = false;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		lower |= islower(c) != 0;
		if (isupper(c))
			letters++;
		if (c == ' ') {
			in_word = false;
		} else if (!in_word) {
			in_word = true;
			words++;
		}
	}
	if (!lower && letters >= 2 && words <= 4)
		return true;
	char *t = tr_strndup(s, n);
	tr_priority p = tr_priority_from_text(t);
	free(t);
	return p != TR_PRIORITY_NONE;
}

static bool is_sep_at(const char *s, size_t n, size_t i, size_t *len)
{
	unsigned char c = (unsigned char)s[i];
	if (c == ':' || c == '-' || c == '|' || c == ',' || c == ' ' || c == '.') {
		*len = 1;
		return true;
	}
	if (i + 2 < n && c == 0xE2 && (unsigned char)s[i + 1] == 0x80 &&
	    ((unsigned char)s[i + 2] == 0x94 || (unsigned char)s[i + 2] == 0x93)) {
		*len = 3;
		return true;
	}
	return false;
}

/* Whether the bracket at s[at] has its partner inside [b, e): the ")" of
 * "Title (Safari)" belongs to the title, the one of "#12) Title" does not.
 * Only a short reach is looked at, so trimming stays linear on a line of
 * brackets. */
#define BRACKET_REACH 160
static bool bracket_paired(const char *s, size_t b, size_t e, size_t at)
{
	if (at > b + BRACKET_REACH)
		b = at - BRACKET_REACH;
	if (e > at + BRACKET_REACH)
		e = at + BRACKET_REACH;
	char c = s[at];
	char open = c == ')' ? '(' : c == ']' ? '[' : c;
	char close = c == '(' ? ')' : c == '[' ? ']' : c;
	if (open == close)
		return false;
	int depth = 0;
	if (c == close) {
		for (size_t i = at + 1; i > b; i--) {
			depth += s[i - 1] == close ? 1 : s[i - 1] == open ? -1 : 0;
			if (depth == 0)
				return true;
		}
	} else {
		for (size_t i = at; i < e; i++) {
			depth += s[i] == open ? 1 : s[i] == close ? -1 : 0;
			if (depth == 0)
				return true;
		}
	}
	return false;
}

/* Trims spaces, separators and the given brackets from both ends of [*b, *e);
 * a bracket whose partner is inside the range stays. */
static void trim_seps(const char *s, size_t *b, size_t *e, const char brackets[2])
{
	size_t k;
	for (;;) {
		if (*b < *e && (is_sep_at(s, *e, *b, &k) || ((s[*b] == brackets[0] ||
		                s[*b] == brackets[1]) && !bracket_paired(s, *b, *e, *b)))) {
			*b += is_sep_at(s, *e, *b, &k) ? k : 1;
			continue;
		}
		if (*e > *b && (((s[*e - 1] == brackets[0] || s[*e - 1] == brackets[1]) &&
		                 !bracket_paired(s, *b, *e, *e - 1)) ||
		                s[*e - 1] == ' ' || s[*e - 1] == ':' ||
		                s[*e - 1] == '-' || s[*e - 1] == '|' || s[*e - 1] == ',')) {
			(*e)--;
			continue;
		}
		if (*e >= *b + 3 && (unsigned char)s[*e - 3] == 0xE2 && (unsigned char)s[*e - 2] == 0x80 &&
		    ((unsigned char)s[*e - 1] == 0x94 || (unsigned char)s[*e - 1] == 0x93)) {
			*e -= 3;
			continue;
		}
		break;
	}
}

/* Drops a trailing "Issue"/"Issues"/"Ticket"/"Bug" word: "Issue #1423". */
static void drop_issue_word(const char *s, size_t b, size_t *e)
{
	static const char *const words[] = { "issues", "issue", "ticket", "bug", "gh" };
	for (size_t i = 0; i < sizeof words / sizeof *words; i++) {
		size_t n = strlen(words[i]);
		if (*e - b >= n && (s[*e - n] | 0x20) == words[i][0] &&
		    strncasecmp(s + *e - n, words[i], n) == 0 &&
		    (*e - n == b || !isalnum((unsigned char)s[*e - n - 1]))) {
			*e -= n;
			return;
		}
	}
}

/* Splits "Title - P0 CRITICAL" or "Title (P1)" at a trailing severity. */
static void split_severity(const char *s, size_t b, size_t *e, size_t *sb, size_t *se)
{
	*sb = *se = 0;
	if (*e > b && s[*e - 1] == ')') {
		const char *open = NULL;
		for (size_t i = *e - 1; i > b; i--)
			if (s[i - 1] == '(') {
				open = s + i - 1;
				break;
			}
		if (open) {
			size_t ob = (size_t)(open - s);
			if (ob > b && rt_severity_like(s + ob + 1, *e - 1 - ob - 1)) {
				*sb = ob + 1;
				*se = *e - 1;
				*e = ob;
				return;
			}
		}
	}
	for (size_t i = *e; i > b + 1; i--) {
		size_t at = i - 1, k = 0;
		if (s[at] == '-' || s[at] == '|') {
			k = 1;
		} else if (at >= 2 && (unsigned char)s[at - 2] == 0xE2 && (unsigned char)s[at - 1] == 0x80 &&
		           ((unsigned char)s[at] == 0x94 || (unsigned char)s[at] == 0x93)) {
			at -= 2;
			k = 3;
		} else {
			continue;
		}
		if (at == b || s[at - 1] != ' ' || at + k >= *e || s[at + k] != ' ')
			continue;
		size_t vb = at + k + 1;
		if (rt_severity_like(s + vb, *e - vb)) {
			*sb = vb;
			*se = *e;
			*e = at - 1;
		}
		return;
	}
}

static char *dup_range(const char *s, size_t b, size_t e)
{
	while (b < e && s[b] == ' ')
		b++;
	while (e > b && s[e - 1] == ' ')
		e--;
	return e > b ? tr_strndup(s + b, e - b) : NULL;
}

static bool no_lower(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (islower((unsigned char)s[i]))
			return false;
	return true;
}

void rt_heading_parts(const char *clean, const rt_ref *refs, size_t nrefs,
                      char **title, char **severity)
{
	size_t n = strlen(clean);
	*title = *severity = NULL;
	size_t pb = 0, pe = nrefs ? refs[0].start : 0;
	size_t qb = nrefs ? refs[nrefs - 1].end : 0, qe = n;
	size_t skip = rt_phase_prefix(clean, n, NULL);
	if (!skip && isdigit((unsigned char)clean[0]))
		skip = rt_local_prefix(clean, n);       /* "1. Title (#501)" */
	if (nrefs == 0) {
		qb = skip;
		/* "CRITICAL: Token refresh loop": a severity in capitals, then the title. */
		const char *colon = strchr(clean + qb, ':');
		if (colon && colon[1] == ' ' && no_lower(clean + qb, (size_t)(colon - clean) - qb) &&
		    rt_severity_like(clean + qb, (size_t)(colon - clean) - qb)) {
			*severity = dup_range(clean, qb, (size_t)(colon - clean));
			qb = (size_t)(colon - clean) + 1;
			size_t tb = qb, te = qe;
			trim_seps(clean, &tb, &te, ")]");
			*title = dup_range(clean, tb, te);
			return;
		}
	}
	else if (skip <= pe)
		pb = skip;
	trim_seps(clean, &pb, &pe, "([");
	drop_issue_word(clean, pb, &pe);
	trim_seps(clean, &pb, &pe, "([");
	trim_seps(clean, &qb, &qe, ")]");
	/* "Fehler #201: Anmeldung", "Defect #9 - Title": one word alone before
	 * the reference names its kind, in whatever language, when a title
	 * follows; a capitalised one may be a severity ("CRITICAL #5: …"). */
	if (nrefs == 1 && pe > pb && qe > qb && !memchr(clean + pb, ' ', pe - pb) &&
	    !no_lower(clean + pb, pe - pb) && !rt_severity_like(clean + pb, pe - pb))
		pe = pb;
	size_t sb = 0, se = 0;
	/* "EMERGENCY: Issue #178 - Title", "#1 PRIORITY: Issue #178 - Title": a
	 * severity or a rank before the reference, the title after it. */
	if (pe > pb && nrefs && no_lower(clean + pb, pe - pb) && rt_severity_like(clean + pb, pe - pb)) {
		size_t tb = qb, te = qe;
		trim_seps(clean, &tb, &te, ")]");
		if (te > tb) {
			*severity = dup_range(clean, pb, pe);
			split_severity(clean, tb, &te, &sb, &se);
			trim_seps(clean, &tb, &te, ")]");
			*title = dup_range(clean, tb, te);
			if (se > sb && !tr_priority_word(tr_priority_from_text(*severity))) {
				free(*severity);
				*severity = dup_range(clean, sb, se);
			}
			return;
		}
	}
	if (pe > pb) {
		split_severity(clean, pb, &pe, &sb, &se);
		trim_seps(clean, &pb, &pe, "([");
		*title = dup_range(clean, pb, pe);
		if (se > sb)
			*severity = dup_range(clean, sb, se);
		else if (qe > qb && rt_severity_like(clean + qb, qe - qb))
			*severity = dup_range(clean, qb, qe);
		return;
	}
	split_severity(clean, qb, &qe, &sb, &se);
	trim_seps(clean, &qb, &qe, ")]");
	*title = dup_range(clean, qb, qe);
	if (se > sb)
		*severity = dup_range(clean, sb, se);
}

char *rt_trim_dup(const char *s, size_t n)
{
	while (n && isspace((unsigned char)*s)) {
		s++;
		n--;
	}
	while (n && isspace((unsigned char)s[n - 1]))
		n--;
	return n ? tr_strndup(s, n) : NULL;
}

size_t rt_short_key(const char *s, size_t n)
{
	/* One capital and a number: "C3", "B12".  Not P0 (a priority), Q3 (a
	 * quarter), V2 (a version), H1 (a heading), S1 (a severity), W3 (a week). */
	if (n < 2 || !isupper((unsigned char)s[0]) || strchr("PQVHSW", s[0]) ||
	    !isdigit((unsigned char)s[1]))
		return 0;
	size_t i = 1;
	while (i < n && isdigit((unsigned char)s[i]) && i < 5)
		i++;
	if (i < n && (isalnum((unsigned char)s[i]) || s[i] == '_' || s[i] == '-' || s[i] == '.' ||
	              s[i] == '/'))
		return 0;
	return i;
}

int rt_plevel(const char *s, size_t n)
{
	for (size_t i = 0; i + 1 < n; i++) {
		if ((s[i] != 'P' && s[i] != 'p') || !isdigit((unsigned char)s[i + 1]))
			continue;
		if (i > 0 && (isalnum((unsigned char)s[i - 1]) || s[i - 1] == '_'))
			continue;
		if (i + 2 < n && (isalnum((unsigned char)s[i + 2]) || s[i + 2] == '_' ||
		                  (s[i + 2] == '.' && i + 3 < n && isdigit((unsigned char)s[i + 3]))))
			continue;
		/* "GCP-staging-P2-Session" names a label, not a level. */
		if (i > 0 && s[i - 1] == '-' && i + 2 < n && s[i + 2] == '-')
			continue;
		return s[i + 1] <= '3' ? s[i + 1] - '0' : -1;
	}
	return -1;
}

size_t rt_issue_value(const char *v, size_t n)
{
	size_t i = 0;
	for (;;) {
		while (i < n && (v[i] == ' ' || v[i] == '[' || v[i] == '(' || v[i] == '*' ||
		                 v[i] == '_' || v[i] == '`'))
			i++;
		rt_ref word;
		if (rt_ref_at(v, n, i, &word) && word.form == RT_WORD)
			return i;       /* "Issue 007": the word is part of the key */
		size_t w = i;
		while (w < n && isalpha((unsigned char)v[w]) && w - i < 8)
			w++;
		static const char *const words[] = { "github", "issue", "issues", "ticket", "bug" };
		bool skip = false;
		for (size_t k = 0; k < sizeof words / sizeof *words && !skip && w < n && v[w] == ' '; k++)
			skip = words[k][0] == (v[i] | 0x20) && strlen(words[k]) == w - i &&
			       strncasecmp(v + i, words[k], w - i) == 0;
		if (!skip)
			break;
		i = w;
	}
	rt_ref ref;
	if (rt_ref_at(v, n, i, &ref))
		return i;
	/* "[C-12] title": the bracket is part of the key. */
	if (i > 0 && v[i - 1] == '[' && rt_ref_at(v, n, i - 1, &ref))
		return i - 1;
	return TR_NONE;
}

size_t rt_local_prefix(const char *s, size_t n)
{
	size_t i = 0;
	/* Up to two words before the number: "Issue 1", "CRITICAL CLUSTER 3". */
	for (int words = 0; words < 2 && i < n && isalpha((unsigned char)s[i]); words++) {
		size_t w = i;
		while (w < n && isalpha((unsigned char)s[w]))
			w++;
		if (w >= n || s[w] != ' ')
			break;
		i = w + 1;
		if (i < n && isdigit((unsigned char)s[i]))
			break;
	}
	size_t d = i;
	while (i < n && isdigit((unsigned char)s[i]) && i - d < 4)
		i++;
	if (i == d || (i < n && isdigit((unsigned char)s[i])))
		return 0;
	size_t sep = i;
	while (i < n && s[i] == ' ')
		i++;
	if (i < n && (s[i] == ':' || s[i] == '.' || s[i] == '-' || s[i] == ')'))
		i++;
	else if (n - i >= 3 && memcmp(s + i, "\xE2\x80", 2) == 0 &&
	         (s[i + 2] == '\x94' || s[i + 2] == '\x93'))
		i += 3;
	else if (d == 0)
		return 0;               /* "404 errors": a number, no item */
	else if (i == sep)
		return 0;
	while (i < n && s[i] == ' ')
		i++;
	return i < n ? i : 0;
}

bool rt_path_like(const char *s, size_t n)
{
	if (n < 3)
		return false;
	bool letter = false;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == ' ')
			return false;
		letter |= isalpha((unsigned char)s[i]) != 0;
	}
	if (!letter)
		return false;
	for (size_t i = 0; i + 2 < n; i++)
		if (memcmp(s + i, "://", 3) == 0)
			return false;
	if (memchr(s, '/', n))
		return true;
	static const char *const exts[] = {
		".py", ".go", ".c", ".h", ".cc", ".cpp", ".hpp", ".js", ".mjs", ".ts", ".tsx", ".jsx",
		".rs", ".java", ".kt", ".rb", ".cs", ".swift", ".php", ".scala", ".sh", ".m", ".mm",
		".ex", ".exs", ".erl", ".hs", ".lua", ".pl", ".t", ".feature", ".spec",
	};
	for (size_t i = 0; i < sizeof exts / sizeof *exts; i++) {
		size_t k = strlen(exts[i]);
		if (n > k && strncasecmp(s + n - k, exts[i], k) == 0)
			return true;
	}
	return false;
}

static unsigned char ascii_lower(unsigned char c)
{
	return c >= 'A' && c <= 'Z' ? (unsigned char)(c + ('a' - 'A')) : c;
}

/* Whether `word` (lower case) is written at s[i], any case. */
static bool word_at(const char *s, size_t n, size_t i, const char *word, size_t k)
{
	if (n - i < k)
		return false;
	for (size_t j = 1; j < k; j++)
		if (ascii_lower((unsigned char)s[i + j]) != (unsigned char)word[j])
			return false;
	return i + k == n || !isalnum((unsigned char)s[i + k]);
}

bool rt_has_any_word(const char *s, size_t n, const char *const *words, size_t nwords)
{
	/* Lines are asked about whole lists of words: one pass stops only where
	 * a word starts, and compares there only the words starting with the
	 * same letter, rather than one scan per word, comparing at every byte.
	 * The words are chained by their first letter's low five bits, so a
	 * start meets only its own chain (most meet none); a chain is checked
	 * for the exact letter. */
	unsigned char head[32], next[64];
	if (nwords > sizeof next) {
		for (size_t w = 0; w < nwords; w += sizeof next)
			if (rt_has_any_word(s, n, words + w, nwords - w < sizeof next ? nwords - w : sizeof next))
				return true;
		return false;
	}
	memset(head, 0xFF, sizeof head);
	for (size_t w = 0; w < nwords; w++) {
		unsigned b = (unsigned char)words[w][0] & 31;
		next[w] = head[b];
		head[b] = (unsigned char)w;
	}
	bool start = true;
	for (size_t i = 0; i < n;) {
		unsigned char c = (unsigned char)s[i];
		if (start) {
			unsigned char l = ascii_lower(c);
			for (unsigned k = head[c & 31]; k != 0xFF; k = next[k])
				if ((unsigned char)words[k][0] == l &&
				    word_at(s, n, i, words[k], strlen(words[k])))
					return true;
		}
		/* The rest of a word is no word's start. */
		start = !isalnum(c);
		i++;
		if (!start)
			while (i < n && isalnum((unsigned char)s[i]))
				i++;
	}
	return false;
}

bool rt_has_word(const char *s, size_t n, const char *word)
{
	return *word && rt_has_any_word(s, n, &word, 1);
}
