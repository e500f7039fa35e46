/* Commit objects and messages, parsed by hand: going through libgit2's
 * commit objects costs half again as much on a large history, and the
 * message rules (what is a reference, what closes an issue) are ours. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "history_internal.h"

const char *tr_link_kind_word(tr_link_kind k)
{
	static const char *const words[] = { TR_LINK_KIND_LIST(TR_WORD_OF) };
	return tr_word(words, k, "unknown");
}

/* ---- hex ids --------------------------------------------------------- */

/* The value of a hex digit plus one; 0 for anything else.  A table:
 * every commit has two or more ids to convert. */
static const unsigned char hexval[256] = {
	['0'] = 1, ['1'] = 2, ['2'] = 3, ['3'] = 4, ['4'] = 5, ['5'] = 6, ['6'] = 7, ['7'] = 8,
	['8'] = 9, ['9'] = 10, ['a'] = 11, ['b'] = 12, ['c'] = 13, ['d'] = 14, ['e'] = 15, ['f'] = 16,
	['A'] = 11, ['B'] = 12, ['C'] = 13, ['D'] = 14, ['E'] = 15, ['F'] = 16,
};

bool hx_hex_to_oid(const char *hex, uint8_t out[HX_OID])
{
	const unsigned char *h = (const unsigned char *)hex;
	bool good = true;
	for (int i = 0; i < HX_OID; i++) {
		unsigned hi = hexval[h[2 * i]], lo = hexval[h[2 * i + 1]];
		good = good && hi && lo;
		out[i] = (uint8_t)((hi - 1) << 4 | ((lo - 1) & 15));
	}
	return good;
}

void hx_oid_to_hex(const uint8_t oid[HX_OID], char out[41])
{
	static const char digits[] = "0123456789abcdef";
	for (int i = 0; i < HX_OID; i++) {
		out[2 * i] = digits[oid[i] >> 4];
		out[2 * i + 1] = digits[oid[i] & 15];
	}
	out[40] = '\0';
}

/* ---- commit objects -------------------------------------------------- */

static bool starts(const char *p, const char *end, const char *word, size_t n)
{
	return (size_t)(end - p) >= n && memcmp(p, word, n) == 0;
}

/* "Name <email> 1700000000 +0100" */
bool hx_clamp_time(int64_t *t, int *tz)
{
	/* Offsets on Earth run from -12:00 to +14:00; times from year 1 to
	 * year 9999 print as ISO 8601 does.  A commit may say anything. */
	bool clamped = false;
	if (*tz < -HX_TZ_MAX || *tz > HX_TZ_MAX) {
		*tz = *tz < 0 ? -HX_TZ_MAX : HX_TZ_MAX;
		clamped = true;
	}
	int64_t local = *t + (int64_t)*tz * 60;
	if (local < HX_TIME_MIN || local > HX_TIME_MAX) {
		*t = (local < HX_TIME_MIN ? HX_TIME_MIN : HX_TIME_MAX) - (int64_t)*tz * 60;
		clamped = true;
	}
	return clamped;
}

static void parse_ident(const char *p, const char *end, const char **name, size_t *namelen,
                        const char **email, size_t *emaillen, int64_t *time, int *tz)
{
	const char *lt = memchr(p, '<', (size_t)(end - p));
	const char *gt = lt ? memchr(lt, '>', (size_t)(end - lt)) : NULL;
	if (!lt || !gt) {
		*name = p;
		*namelen = (size_t)(end - p);
		*email = end;
		*emaillen = 0;
		*time = 0;
		*tz = 0;
		return;
	}
	const char *ne = lt;
	while (ne > p && (ne[-1] == ' ' || ne[-1] == '\t'))
		ne--;
	*name = p;
	*namelen = (size_t)(ne - p);
	*email = lt + 1;
	*emaillen = (size_t)(gt - lt - 1);
	const char *q = gt + 1;
	while (q < end && *q == ' ')
		q++;
	int64_t t = 0;
	int digits = 0;
	while (q < end && *q >= '0' && *q <= '9' && digits < 18) {
		t = t * 10 + (*q++ - '0');
		digits++;
	}
	*time = t;
	while (q < end && *q == ' ')
		q++;
	int z = 0;
	if (end - q >= 5 && (*q == '+' || *q == '-')) {
		int hh = 0, mm = 0;
		bool okz = true;
		for (int i = 1; i <= 4; i++)
			okz = okz && q[i] >= '0' && q[i] <= '9';
		if (okz) {
			hh = (q[1] - '0') * 10 + (q[2] - '0');
			mm = (q[3] - '0') * 10 + (q[4] - '0');
			/* "+0099" has no meaning: past the hour's end, the whole day's. */
			z = mm < 60 ? hh * 60 + mm : 24 * 60;
			if (*q == '-')
				z = -z;
		}
	}
	*tz = z;
}

int hx_parse_commit(const char *data, size_t len, hx_raw *r)
{
	const char *p = data, *end = data + len;
	r->nparents = 0;
	r->name = r->email = "";
	r->namelen = r->emaillen = 0;
	r->atime = r->ctime = 0;
	r->atz = 0;
	r->clamped = false;
	r->msg = end;
	r->msglen = 0;
	r->tree_ok = starts(p, end, "tree ", 5) && end - p >= 46 && p[45] == '\n' &&
	             hx_hex_to_oid(p + 5, r->tree);
	if (!r->tree_ok) {
		/* Not a commit at all unless its headers read as one. */
		if (!starts(p, end, "tree ", 5) && !starts(p, end, "parent ", 7) &&
		    !starts(p, end, "author ", 7))
			return -1;
		memset(r->tree, 0, HX_OID);
	}
	while (p < end) {
		if (*p == '\n') {
			r->msg = p + 1;
			r->msglen = (size_t)(end - p - 1);
			break;
		}
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		if (!eol)
			eol = end;
		if (starts(p, eol, "tree ", 5)) {
			/* The tree line, read above (or not, when malformed). */
		} else if (starts(p, eol, "parent ", 7)) {
			tr_grow((void **)&r->parents, &r->capparents, r->nparents + 1, HX_OID);
			if (eol - p == 47 && hx_hex_to_oid(p + 7, r->parents[r->nparents]))
				r->nparents++;
		} else if (starts(p, eol, "author ", 7)) {
			parse_ident(p + 7, eol, &r->name, &r->namelen, &r->email, &r->emaillen,
			            &r->atime, &r->atz);
			r->clamped = hx_clamp_time(&r->atime, &r->atz);
		} else if (starts(p, eol, "committer ", 10)) {
			const char *n, *e;
			size_t nl, el;
			int tz;
			parse_ident(p + 10, eol, &n, &nl, &e, &el, &r->ctime, &tz);
		}
		p = eol < end ? eol + 1 : end;
	}
	return 0;
}

void hx_raw_free(hx_raw *r)
{
	free(r->parents);
	r->parents = NULL;
	r->nparents = r->capparents = 0;
}

/* ---- messages -------------------------------------------------------- */

/* Bytes of a UTF-8 sequence count as word characters: "é#305" is no more a
 * reference than "abc#305". */
static bool is_word(unsigned char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       c == '_' || c >= 0x80;
}

/* A whole issue number at s: digits not followed by a word character, no
 * leading zero, at most nine digits.  Returns its length or 0. */
static size_t number_at(const char *s, const char *end, unsigned long *num)
{
	size_t n = 0;
	unsigned long v = 0;
	while (s + n < end && s[n] >= '0' && s[n] <= '9') {
		v = v * 10 + (unsigned long)(s[n] - '0');
		n++;
		if (n > 9)
			return 0;
	}
	if (n == 0 || s[0] == '0' || (s + n < end && is_word((unsigned char)s[n])))
		return 0;
	*num = v;
	return n;
}

static bool word_is(const char *w, size_t n, const char *kw)
{
	size_t k = strlen(kw);
	if (n != k)
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = w[i];
		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if (c != kw[i])
			return false;
	}
	return true;
}

/* Is the reference starting at msg+start preceded by a closing keyword,
 * with an optional colon ("Fixes #1", "closes: GH-1", "RESOLVED  #1")? */
static bool closing_keyword_before(const char *msg, size_t start)
{
	static const char *const keywords[] = {
		"fix", "fixes", "fixed", "close", "closes", "closed", "resolve", "resolves", "resolved",
	};
	size_t j = start;
	while (j > 0 && (msg[j - 1] == ' ' || msg[j - 1] == '\t'))
		j--;
	if (j > 0 && msg[j - 1] == ':') {
		j--;
		while (j > 0 && (msg[j - 1] == ' ' || msg[j - 1] == '\t'))
			j--;
	}
	size_t wend = j;
	while (j > 0 && is_word((unsigned char)msg[j - 1]))
		j--;
	for (size_t k = 0; k < sizeof keywords / sizeof *keywords; k++)
		if (word_is(msg + j, wend - j, keywords[k]))
			return true;
	return false;
}

static void add_ref(tr_ref **v, size_t *n, size_t *cap, unsigned long num, tr_link_kind kind)
{
	for (size_t i = 0; i < *n; i++) {
		if ((*v)[i].number == num) {
			if (kind < (*v)[i].kind)
				(*v)[i].kind = kind;
			return;
		}
	}
	tr_grow((void **)v, cap, *n + 1, sizeof **v);
	(*v)[*n].number = num;
	(*v)[*n].kind = kind;
	(*n)++;
}

size_t tr_message_refs(const char *msg, size_t len, tr_ref **out)
{
	tr_ref *v = NULL;
	size_t n = 0, cap = 0;
	const char *end = msg + len;
	size_t i = 0;
	while (i < len) {
		/* Most bytes start nothing: find the next candidate quickly. */
		const char *p = msg + i;
		while (p < end && *p != '#' && *p != 'G' && *p != 'g' && *p != '/')
			p++;
		if (p == end)
			break;
		i = (size_t)(p - msg);
		unsigned char before = i > 0 ? (unsigned char)msg[i - 1] : ' ';
		unsigned long num = 0;
		size_t start = i, numlen = 0, at = 0;
		if (*p == '#') {
			if (!is_word(before) && before != '&' && (numlen = number_at(p + 1, end, &num)))
				at = i + 1;
		} else if (*p == '/') {
			if ((size_t)(end - p) > 8 && memcmp(p, "/issues/", 8) == 0 &&
			    (numlen = number_at(p + 8, end, &num))) {
				at = i + 8;
				/* The keyword comes before the whole link. */
				while (start > 0 && msg[start - 1] != ' ' && msg[start - 1] != '\t' &&
				       msg[start - 1] != '\n' && msg[start - 1] != '(' && msg[start - 1] != '<')
					start--;
			}
		} else if (!is_word(before) && end - p > 3 && (p[1] == 'H' || p[1] == 'h') && p[2] == '-' &&
		           (numlen = number_at(p + 3, end, &num))) {
			at = i + 3;
		}
		if (!numlen) {
			i++;
			continue;
		}
		add_ref(&v, &n, &cap, num,
		        closing_keyword_before(msg, start) ? TR_LINK_FIXES : TR_LINK_MENTIONS);
		i = at + numlen;
	}
	*out = v;
	return n;
}

#define SUMMARY_MAX 4096

char *tr_message_summary(const char *msg, size_t len)
{
	tr_buf b = TR_BUF_INIT;
	const char *p = msg, *end = msg + len;
	bool started = false;
	while (p < end && b.len < SUMMARY_MAX) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		if (!eol)
			eol = end;
		const char *s = p, *e = eol;
		while (s < e && (*s == ' ' || *s == '\t' || *s == '\r'))
			s++;
		while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
			e--;
		p = eol < end ? eol + 1 : end;
		if (s == e) {
			if (started)
				break;
			continue;
		}
		if (started)
			tr_buf_addc(&b, ' ');
		started = true;
		tr_buf_add(&b, s, (size_t)(e - s));
	}
	if (b.len > SUMMARY_MAX) {
		size_t cut = SUMMARY_MAX;
		while (cut > 0 && ((unsigned char)b.data[cut] & 0xC0) == 0x80)
			cut--;
		b.len = cut;
		b.data[cut] = '\0';
	}
	if (!b.data)
		return tr_strdup("");
	return tr_buf_detach(&b);
}
