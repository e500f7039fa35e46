/* Issue references as reports write them: "#305", "GH-12", "PROJ-123",
 * "[CACHE-DTYPE-002]", "owner/repo#7", ".../issues/7", "Issue 007" — and
 * the local numbers that look like them ("WHY #1", "Build #812"). */
#include "config.h"

#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "report_internal.h"

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

/* "Issue 007" whose number starts at s[d]: the words that key an item
 * without a '#' are "issue", "bug" and "ticket", and their plurals. */
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
	/* Most words before a number are none of these: their first letter
	 * says so before anything is compared.  Each word is its plural less
	 * the 's', so a word of either length is compared with the plural. */
	const char *plural;
	switch (s[w] | 0x20) {
	case 'i':
		plural = "issues";
		break;
	case 'b':
		plural = "bugs";
		break;
	case 't':
		plural = "tickets";
		break;
	default:
		return false;
	}
	size_t pn = strlen(plural);
	if ((len != pn && len != pn - 1) || strncasecmp(s + w, plural, len) != 0)
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
	/* The letters read here end no word and start no form: the word is
	 * read on from their end. */
	size_t from = at;
	if (isalpha((unsigned char)s[at])) {
		size_t d = at;
		while (d < n && isalpha((unsigned char)s[d]) && d - at < 8)
			d++;
		if (d + 1 < n && s[d] == ' ' && isdigit((unsigned char)s[d + 1]) &&
		    word_at_number(s, n, d + 1, ref) && ref->start == at)
			return true;
		from = d;
	}
	/* The other forms have their '-', "/issues/" or "/repo#" inside one word,
	 * looked at as the word is read: by table, 1 for the bytes that end it,
	 * 2 for those a form is found at. */
	static const unsigned char kinds[128] = {
		[' '] = 1, ['\t'] = 1, ['\n'] = 1, ['\v'] = 1, ['\f'] = 1, ['\r'] = 1, [')'] = 1, [','] = 1,
		['-'] = 2, ['/'] = 2, ['#'] = 2,
	};
	size_t lim = n - at < 200 ? n : at + 200;
	for (size_t i = from; i < lim; i++) {
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
#ifdef __SSE2__
		if (n - i >= 16) {
			__m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
			__m128i d = _mm_sub_epi8(v, _mm_set1_epi8('0'));
			__m128i hit = _mm_or_si128(
				_mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('#')),
				             _mm_cmpeq_epi8(v, _mm_set1_epi8('-'))),
				_mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('/')),
				             _mm_cmpeq_epi8(_mm_min_epu8(d, _mm_set1_epi8(9)), d)));
			unsigned bits = (unsigned)_mm_movemask_epi8(hit);
			if (!bits) {
				i += 15;
				continue;
			}
			i += (size_t)__builtin_ctz(bits);
		}
#elif defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
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
	return rt_may_ref_in(s, n, true);
}

bool rt_may_ref_in(const char *s, size_t n, bool words)
{
	if (memchr(s, '#', n))
		return true;
	for (const char *p = s, *e = s + n; (p = memchr(p, '-', (size_t)(e - p))) != NULL; p++)
		if (p + 1 < e && isdigit((unsigned char)p[1]) && p > s && isalpha((unsigned char)p[-1]))
			return true;
	for (const char *p = s, *e = s + n; (p = memchr(p, '/', (size_t)(e - p))) != NULL; p++)
		if (e - p >= 9 && memcmp(p, "/issues/", 8) == 0)
			return true;
	if (!words)
		return false;
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

