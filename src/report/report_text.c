/* The small text forms a cluster report is made of, besides its issue
 * references (report_refs.c): emoji around words, "Phase N:" prefixes,
 * severities, labels and heading parts. */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "report_internal.h"
#include "triage/text.h"

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
	/* Answered before the table: what is below it, the pictographs, and
	 * the symbols and dingbats (✅ ⚠ ❌) reports mark their lines with. */
	if (cp < 0x200D || (cp >= 0x1F000 && cp <= 0x1FAFF) || (cp >= 0x2600 && cp <= 0x27BF))
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

/* Where the text from the visible byte s[j] stops being copied as it is:
 * at a byte that is neither visible nor a single space before a visible
 * one.  Sixteen bytes at a time where the processor has the instructions
 * (compared as signed, the visible bytes are those above ' '); else a word
 * at a time. */
static size_t text_run(const char *s, size_t j, size_t n)
{
#ifdef __SSE2__
	const __m128i sp = _mm_set1_epi8(' ');
	for (; n - j >= 17; j += 16) {
		__m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + j));
		__m128i next = _mm_loadu_si128((const __m128i *)(const void *)(s + j + 1));
		__m128i ok = _mm_or_si128(_mm_cmpgt_epi8(v, sp),
		                          _mm_and_si128(_mm_cmpeq_epi8(v, sp), _mm_cmpgt_epi8(next, sp)));
		unsigned stop = ~(unsigned)_mm_movemask_epi8(ok) & 0xFFFF;
		if (stop)
			return j + (size_t)__builtin_ctz(stop);
	}
#endif
	for (;;) {
		j = visible_run(s, j, n);
		if (j + 1 < n && s[j] == ' ' && visible[(unsigned char)s[j + 1]])
			j++;
		else
			return j;
	}
}

/* rt_clean into out[cap]: the result is never longer than s, except that
 * an invalid byte becomes a 3-byte U+FFFD.  On the heap (`heap`) room grows
 * for those when they come, so the text that remains always fits (one byte
 * out for each byte in); elsewhere cap must be 3n + 1.  Returns the end. */
static char *clean_to(const char *s, size_t n, char **outp, size_t *capp, bool heap)
{
	char *out = *outp, *o = out;
	size_t cap = *capp;
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
			size_t j = text_run(s, i, n);
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
				if (need > cap && heap) {
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
	*outp = out;
	*capp = cap;
	return o;
}

char *rt_clean(const char *s, size_t n)
{
	size_t cap = n + 1;
	char *out = tr_malloc(cap);
	char *o = clean_to(s, n, &out, &cap, true);
	/* Findings keep the copy: a large slack (many blanks or emoji, grown
	 * room) is given back; a few bytes are not worth a call. */
	size_t used = (size_t)(o - out) + 1;
	return cap - used > 32 ? tr_realloc(out, used) : out;
}

char *rt_clean_tmp(const char *s, size_t n, char small[RT_SMALL])
{
	if (n > (RT_SMALL - 1) / 3)
		return rt_clean(s, n);
	size_t cap = RT_SMALL;
	clean_to(s, n, &small, &cap, false);
	return small;
}

void rt_clean_free(char *clean, char small[RT_SMALL])
{
	if (clean != small)
		free(clean);
}

size_t rt_phase_prefix(const char *s, size_t n, long *number)
{
	/* Folded by hand: a call to strncasecmp costs more than the word. */
	if (n < 7 || (s[0] | 0x20) != 'p' || (s[1] | 0x20) != 'h' || (s[2] | 0x20) != 'a' ||
	    (s[3] | 0x20) != 's' || (s[4] | 0x20) != 'e')
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
	char t[41];             /* n <= 40 */
	memcpy(t, s, n);
	t[n] = '\0';
	return tr_priority_from_text(t) != TR_PRIORITY_NONE;
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
		if (*b < *e && is_sep_at(s, *e, *b, &k)) {
			*b += k;
			continue;
		}
		if (*b < *e && (s[*b] == brackets[0] || s[*b] == brackets[1]) &&
		    !bracket_paired(s, *b, *e, *b)) {
			(*b)++;
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
#define W(word) { word, sizeof word - 1 }
	static const struct { const char *w; size_t n; } words[] = {
		W("issues"), W("issue"), W("ticket"), W("bug"), W("gh"),
	};
#undef W
	for (size_t i = 0; i < sizeof words / sizeof *words; i++) {
		size_t n = words[i].n;
		if (*e - b >= n && (s[*e - n] | 0x20) == words[i].w[0] &&
		    strncasecmp(s + *e - n, words[i].w, n) == 0 &&
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
	/* A title seldom has a '-', '|' or dash in it: looked for at once (a
	 * dash's first byte may be just before b). */
	size_t d = b > 0 ? b - 1 : 0;
	if (*e <= b + 1 || (!memchr(s + b, '-', *e - b) && !memchr(s + b, '|', *e - b) &&
	                    !memchr(s + d, 0xE2, *e - d)))
		return;
	for (size_t i = *e; i > b + 1; i--) {
		size_t at = i - 1, k = 0;
		if (s[at] == '-' || s[at] == '|') {
			k = 1;
		} else if (((unsigned char)s[at] == 0x94 || (unsigned char)s[at] == 0x93) && at >= 2 &&
		           (unsigned char)s[at - 2] == 0xE2 && (unsigned char)s[at - 1] == 0x80) {
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
	if (n < 2 || !isupper((unsigned char)s[0]) || s[0] == 'P' || s[0] == 'Q' || s[0] == 'V' ||
	    s[0] == 'H' || s[0] == 'S' || s[0] == 'W' ||
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

size_t rt_next_word_start(const char *s, size_t n, size_t i, const bool first[256])
{
#ifdef __SSE2__
	/* Sixteen bytes at a time: an ASCII letter after a byte that is no
	 * ASCII letter or digit, which the table and isalnum() then rule on. */
	if (i == 0 && n > 0) {
		if (first[(unsigned char)s[0]])
			return 0;
		i = 1;
	}
	const __m128i fold = _mm_set1_epi8(0x20), a = _mm_set1_epi8('a'), z = _mm_set1_epi8(25);
	for (; n - i >= 16; i += 16) {
		__m128i v = _mm_sub_epi8(_mm_or_si128(_mm_loadu_si128((const __m128i *)(const void *)(s + i)),
		                                      fold), a);
		__m128i p = _mm_loadu_si128((const __m128i *)(const void *)(s + i - 1));
		__m128i pl = _mm_sub_epi8(_mm_or_si128(p, fold), a), pd = _mm_sub_epi8(p, _mm_set1_epi8('0'));
		__m128i letter = _mm_cmpeq_epi8(_mm_min_epu8(v, z), v);
		__m128i word = _mm_or_si128(_mm_cmpeq_epi8(_mm_min_epu8(pl, z), pl),
		                            _mm_cmpeq_epi8(_mm_min_epu8(pd, _mm_set1_epi8(9)), pd));
		for (unsigned bits = (unsigned)_mm_movemask_epi8(_mm_andnot_si128(word, letter)); bits;
		     bits &= bits - 1) {
			size_t k = i + (size_t)__builtin_ctz(bits);
			if (first[(unsigned char)s[k]] && !isalnum((unsigned char)s[k - 1]))
				return k;
		}
	}
#endif
	while (i < n && (!first[(unsigned char)s[i]] || (i > 0 && isalnum((unsigned char)s[i - 1]))))
		i++;
	return i;
}

int rt_plevel(const char *s, size_t n)
{
	for (size_t i = 0; i + 1 < n; i++) {
#ifdef __SSE2__
		/* To the next 'P' or 'p' sixteen bytes at a time: a heading or a
		 * line has few. */
		if (n - i >= 16) {
			__m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
			unsigned bits = (unsigned)_mm_movemask_epi8(
				_mm_cmpeq_epi8(_mm_or_si128(v, _mm_set1_epi8(0x20)), _mm_set1_epi8('p')));
			if (!bits) {
				i += 15;
				continue;
			}
			i += (size_t)__builtin_ctz(bits);
			if (i + 1 >= n)
				break;
		}
#endif
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
	bool at_ref;            /* a reference starts at v[i] */
	for (;;) {
		while (i < n && (v[i] == ' ' || v[i] == '[' || v[i] == '(' || v[i] == '*' ||
		                 v[i] == '_' || v[i] == '`'))
			i++;
		rt_ref word;
		at_ref = rt_ref_at(v, n, i, &word);
		if (at_ref && word.form == RT_WORD)
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
	if (at_ref)
		return i;
	/* "[C-12] title": the bracket is part of the key. */
	rt_ref ref;
	if (i > 0 && v[i - 1] == '[' && rt_ref_at(v, n, i - 1, &ref))
		return i - 1;
	return TR_NONE;
}

/* Whether s[0..n) has a digit, eight bytes at a time where they can be
 * read so. */
static bool has_digit(const char *s, size_t n)
{
	size_t i = 0;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	for (; n - i >= 8; i += 8) {
		uint64_t w;
		memcpy(&w, s + i, 8);
		if (rt_digits8(w))
			return true;
	}
#endif
	for (; i < n; i++)
		if (isdigit((unsigned char)s[i]))
			return true;
	return false;
}

size_t rt_local_prefix(const char *s, size_t n)
{
	/* Most headings are subsections ("Critical Findings:"), with no
	 * number to look for. */
	if (!has_digit(s, n))
		return 0;
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

/* The bytes of words for rt_has_any_word, by table: ASCII letters and
 * digits (as isalnum() has them in the C locale and in UTF-8 ones). */
static const bool word_char[256] = {
	['0' ... '9'] = true, ['A' ... 'Z'] = true, ['a' ... 'z'] = true,
};

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

void rt_words_prepare(rt_words *w, const char *const *words, size_t n)
{
	/* The words are chained by their first letter's low five bits, so a
	 * start meets only its own chain (most meet none); a chain is checked
	 * for the exact letter. */
	w->words = words;
	w->n = (unsigned char)n;
	memset(w->head, 0xFF, sizeof w->head);
	for (size_t k = 0; k < n; k++) {
		unsigned b = (unsigned char)words[k][0] & 31;
		w->next[k] = w->head[b];
		w->head[b] = (unsigned char)k;
	}
}

bool rt_has_words(const char *s, size_t n, const rt_words *w)
{
	/* Lines are asked about whole lists of words: one pass stops only where
	 * a word starts, and compares there only the words starting with the
	 * same letter, rather than one scan per word, comparing at every byte. */
	bool start = true;
	for (size_t i = 0; i < n;) {
		unsigned char c = (unsigned char)s[i];
		if (start) {
			unsigned char l = ascii_lower(c);
			for (unsigned k = w->head[c & 31]; k != 0xFF; k = w->next[k])
				if ((unsigned char)w->words[k][0] == l &&
				    word_at(s, n, i, w->words[k], strlen(w->words[k])))
					return true;
		}
		/* The rest of a word is no word's start. */
		start = !word_char[c];
		i++;
		if (!start)
			while (i < n && word_char[(unsigned char)s[i]])
				i++;
	}
	return false;
}

bool rt_has_any_word(const char *s, size_t n, const char *const *words, size_t nwords)
{
	if (nwords > RT_WORDS_MAX) {
		for (size_t w = 0; w < nwords; w += RT_WORDS_MAX)
			if (rt_has_any_word(s, n, words + w,
			                    nwords - w < RT_WORDS_MAX ? nwords - w : RT_WORDS_MAX))
				return true;
		return false;
	}
	rt_words w;
	rt_words_prepare(&w, words, nwords);
	return rt_has_words(s, n, &w);
}

bool rt_has_word(const char *s, size_t n, const char *word)
{
	return *word && rt_has_any_word(s, n, &word, 1);
}
