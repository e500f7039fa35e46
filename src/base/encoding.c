#include "config.h"

#include <errno.h>
#include <iconv.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "triage/encoding.h"
#include "triage/str.h"
#include "triage/text.h"

/* ---- the two single-byte charsets that mojibake comes from ------------- */

typedef struct alias {
	uint32_t cp;
	unsigned char byte;
} alias;

typedef struct charset {
	const char *name;               /* as the description says it */
	uint16_t high[128];             /* byte 0x80 + i -> code point, as glibc maps it */
	/* Code points other converters give the same byte: reversing must accept
	 * what the program that made the mojibake produced, not only glibc's map. */
	const alias *aliases;
	size_t n_aliases;
	bool c1_passthrough;            /* U+0080..U+009F stand for their own byte */
} charset;

/* Apple's table and most converters (Python's mac_roman among them) give the
 * Apple logo, U+2206 and U+2126 where glibc has U+E01E, U+0394 and U+03A9;
 * before Mac OS 8.5, 0xDB was the currency sign. */
static const alias mac_aliases[] = {
	{ 0xF8FF, 0xF0 }, { 0x2206, 0xC6 }, { 0x2126, 0xBD }, { 0x00A4, 0xDB },
};

static const charset mac_roman = {
	"mac-roman",
	{
		0x00c4, 0x00c5, 0x00c7, 0x00c9, 0x00d1, 0x00d6, 0x00dc, 0x00e1,
		0x00e0, 0x00e2, 0x00e4, 0x00e3, 0x00e5, 0x00e7, 0x00e9, 0x00e8,
		0x00ea, 0x00eb, 0x00ed, 0x00ec, 0x00ee, 0x00ef, 0x00f1, 0x00f3,
		0x00f2, 0x00f4, 0x00f6, 0x00f5, 0x00fa, 0x00f9, 0x00fb, 0x00fc,
		0x2020, 0x00b0, 0x00a2, 0x00a3, 0x00a7, 0x2022, 0x00b6, 0x00df,
		0x00ae, 0x00a9, 0x2122, 0x00b4, 0x00a8, 0x2260, 0x00c6, 0x00d8,
		0x221e, 0x00b1, 0x2264, 0x2265, 0x00a5, 0x00b5, 0x2202, 0x2211,
		0x220f, 0x03c0, 0x222b, 0x00aa, 0x00ba, 0x03a9, 0x00e6, 0x00f8,
		0x00bf, 0x00a1, 0x00ac, 0x221a, 0x0192, 0x2248, 0x0394, 0x00ab,
		0x00bb, 0x2026, 0x00a0, 0x00c0, 0x00c3, 0x00d5, 0x0152, 0x0153,
		0x2013, 0x2014, 0x201c, 0x201d, 0x2018, 0x2019, 0x00f7, 0x25ca,
		0x00ff, 0x0178, 0x2044, 0x20ac, 0x2039, 0x203a, 0xfb01, 0xfb02,
		0x2021, 0x00b7, 0x201a, 0x201e, 0x2030, 0x00c2, 0x00ca, 0x00c1,
		0x00cb, 0x00c8, 0x00cd, 0x00ce, 0x00cf, 0x00cc, 0x00d3, 0x00d4,
		0xe01e, 0x00d2, 0x00da, 0x00db, 0x00d9, 0x0131, 0x02c6, 0x02dc,
		0x00af, 0x02d8, 0x02d9, 0x02da, 0x00b8, 0x02dd, 0x02db, 0x02c7,
	},
	mac_aliases, sizeof mac_aliases / sizeof *mac_aliases, false,
};

/* The five bytes CP1252 leaves undefined come out as C1 controls (what
 * browsers and Latin-1 readers do); with the passthrough, mojibake made by a
 * plain Latin-1 reader is reversed as well. */
static const charset windows_1252 = {
	"windows-1252",
	{
		0x20ac, 0x0081, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021,
		0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008d, 0x017d, 0x008f,
		0x0090, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014,
		0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0x009d, 0x017e, 0x0178,
		0x00a0, 0x00a1, 0x00a2, 0x00a3, 0x00a4, 0x00a5, 0x00a6, 0x00a7,
		0x00a8, 0x00a9, 0x00aa, 0x00ab, 0x00ac, 0x00ad, 0x00ae, 0x00af,
		0x00b0, 0x00b1, 0x00b2, 0x00b3, 0x00b4, 0x00b5, 0x00b6, 0x00b7,
		0x00b8, 0x00b9, 0x00ba, 0x00bb, 0x00bc, 0x00bd, 0x00be, 0x00bf,
		0x00c0, 0x00c1, 0x00c2, 0x00c3, 0x00c4, 0x00c5, 0x00c6, 0x00c7,
		0x00c8, 0x00c9, 0x00ca, 0x00cb, 0x00cc, 0x00cd, 0x00ce, 0x00cf,
		0x00d0, 0x00d1, 0x00d2, 0x00d3, 0x00d4, 0x00d5, 0x00d6, 0x00d7,
		0x00d8, 0x00d9, 0x00da, 0x00db, 0x00dc, 0x00dd, 0x00de, 0x00df,
		0x00e0, 0x00e1, 0x00e2, 0x00e3, 0x00e4, 0x00e5, 0x00e6, 0x00e7,
		0x00e8, 0x00e9, 0x00ea, 0x00eb, 0x00ec, 0x00ed, 0x00ee, 0x00ef,
		0x00f0, 0x00f1, 0x00f2, 0x00f3, 0x00f4, 0x00f5, 0x00f6, 0x00f7,
		0x00f8, 0x00f9, 0x00fa, 0x00fb, 0x00fc, 0x00fd, 0x00fe, 0x00ff,
	},
	NULL, 0, true,
};

static const charset *const mojibake_sources[] = { &mac_roman, &windows_1252 };
#define N_SOURCES (sizeof mojibake_sources / sizeof *mojibake_sources)

/* Code point -> byte of one charset, built on the stack for one scan. */
typedef struct inverse {
	const charset *cs;
	unsigned char latin[128];       /* U+0080..U+00FF -> byte, 0 for none */
	alias other[128 + 8];           /* the rest, sorted by code point */
	size_t n_other;
} inverse;

static void inverse_init(inverse *inv, const charset *cs)
{
	memset(inv, 0, sizeof *inv);
	inv->cs = cs;
	for (size_t i = 0; i < 128 + cs->n_aliases; i++) {
		alias a = i < 128 ? (alias){ cs->high[i], (unsigned char)(0x80 + i) } : cs->aliases[i - 128];
		if (a.cp >= 0x80 && a.cp <= 0xFF) {
			inv->latin[a.cp - 0x80] = a.byte;
			continue;
		}
		size_t j = inv->n_other++;
		while (j > 0 && inv->other[j - 1].cp > a.cp) {
			inv->other[j] = inv->other[j - 1];
			j--;
		}
		inv->other[j] = a;
	}
}

/* The byte that stands for cp, or -1 when the charset has none. */
static int inverse_byte(const inverse *inv, uint32_t cp)
{
	if (cp < 0x80)
		return (int)cp;
	if (cp <= 0xFF) {
		if (inv->latin[cp - 0x80])
			return inv->latin[cp - 0x80];
		return inv->cs->c1_passthrough && cp <= 0x9F ? (int)cp : -1;
	}
	size_t lo = 0, hi = inv->n_other;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (inv->other[mid].cp == cp)
			return inv->other[mid].byte;
		if (inv->other[mid].cp < cp)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

/* ---- scoring ----------------------------------------------------------- */

#define ONES 0x0101010101010101ULL
#define HIGHS 0x8080808080808080ULL

/* ASCII is skipped a word at a time: most of a report is ASCII. */
static inline bool ascii8(const char *p)
{
	uint64_t w;
	memcpy(&w, p, 8);
	return (w & HIGHS) == 0;
}

/* How many continuation bytes a UTF-8 lead byte announces (0: not a lead). */
static size_t lead_needs(int b)
{
	if (b >= 0xC2 && b <= 0xDF)
		return 1;
	if (b >= 0xE0 && b <= 0xEF)
		return 2;
	if (b >= 0xF0 && b <= 0xF4)
		return 3;
	return 0;
}

/* A tell-tale is a run of characters whose bytes in `cs` form one valid UTF-8
 * sequence.  Some are next to impossible in real text: a 4-byte one (emoji),
 * a 3-byte one for punctuation, arrows and symbols (E2), CJK punctuation (E3)
 * or U+F000.. (EF: variation selectors, BOM, U+FFFD), a 2-byte one for
 * Latin-1 or Latin Extended-A (C2..C5: "Ã©", "√©", "Â" and a no-break
 * space).  The others are common by accident ("l’é" is a valid pair in Mac
 * Roman, "É»" in CP1252), so they count only next to another tell-tale, as
 * in a mojibake word ("–ü—Ä–∏", "ÐŸÑ€Ð¸"). */
static size_t score_in(const inverse *inv, const char *s, size_t n)
{
	size_t score = 0, i = 0, last_end = SIZE_MAX;
	bool weak_pending = false;
	while (i < n) {
		if ((unsigned char)s[i] < 0x80) {
			i += n - i >= 8 && ascii8(s + i) ? 8 : 1;
			continue;
		}
		uint32_t cp;
		size_t len = tr_utf8_decode(s + i, n - i, &cp);
		int lead = cp == TR_REPLACEMENT && len == 1 ? -1 : inverse_byte(inv, cp);
		size_t need = lead_needs(lead);
		if (need == 0) {
			i += len;
			continue;
		}
		char seq[4];
		seq[0] = (char)lead;
		size_t j = i + len, k;
		for (k = 1; k <= need && j < n; k++) {
			if ((unsigned char)s[j] < 0x80)
				break;
			uint32_t c2;
			size_t l2 = tr_utf8_decode(s + j, n - j, &c2);
			int b = c2 == TR_REPLACEMENT && l2 == 1 ? -1 : inverse_byte(inv, c2);
			if (b < 0x80 || b > 0xBF)
				break;
			seq[k] = (char)b;
			j += l2;
		}
		uint32_t orig;
		if (k <= need || tr_utf8_decode(seq, need + 1, &orig) != need + 1) {
			i += len;
			continue;
		}
		bool strong = need == 3 ||
		              (need == 2 && (lead == 0xE2 || lead == 0xE3 || lead == 0xEF)) ||
		              (need == 1 && lead <= 0xC5);
		bool adjacent = last_end == i;
		if (strong || adjacent)
			score++;
		if (adjacent && weak_pending)
			score++;
		weak_pending = !strong && !adjacent;
		last_end = j;
		i = j;
	}
	return score;
}

typedef struct scores {
	size_t in[N_SOURCES];   /* per hypothesis, as in mojibake_sources */
	size_t max;
} scores;

static void inverses_init(inverse inv[N_SOURCES])
{
	for (size_t c = 0; c < N_SOURCES; c++)
		inverse_init(&inv[c], mojibake_sources[c]);
}

static void score_all(const inverse inv[N_SOURCES], const char *s, size_t n, scores *out)
{
	out->max = 0;
	for (size_t c = 0; c < N_SOURCES; c++) {
		out->in[c] = score_in(&inv[c], s, n);
		if (out->in[c] > out->max)
			out->max = out->in[c];
	}
}

size_t tr_mojibake_score(const char *text, size_t len)
{
	inverse inv[N_SOURCES];
	scores sc;
	inverses_init(inv);
	score_all(inv, text, len, &sc);
	return sc.max;
}

/* ---- iconv with a hand for what it refuses ------------------------------ */

/* Called where iconv stopped (EILSEQ, EINVAL): appends what stands for the
 * input at `in` and returns the bytes consumed, or 0 to give up. */
typedef size_t (*refused_fn)(const void *ctx, const char *in, size_t left, tr_buf *out);

/* Converts n bytes; returns false when `refused` gave up, when iconv made an
 * irreversible substitution (the text does not belong to that charset) or
 * when there is no such conversion. */
static bool convert(const char *to, const char *from, const char *in, size_t n,
                    refused_fn refused, const void *ctx, tr_buf *out)
{
	iconv_t cd = iconv_open(to, from);
	if (cd == (iconv_t)-1)
		return false;
	bool ok = true;
	char *ip = (char *)in;
	size_t il = n;
	while (il > 0) {
		if (out->cap - out->len < il + 16) {
			size_t need = out->len + il + il / 2 + 64;
			tr_grow((void **)&out->data, &out->cap, need, 1);
		}
		char *op = out->data + out->len;
		size_t ol = out->cap - out->len - 1;
		size_t r = iconv(cd, &ip, &il, &op, &ol);
		int e = errno;
		out->len = (size_t)(op - out->data);
		out->data[out->len] = '\0';
		if (r != (size_t)-1) {
			ok = r == 0;
			break;
		}
		if (e == E2BIG)
			continue;
		size_t used = (e == EILSEQ || e == EINVAL) ? refused(ctx, ip, il, out) : 0;
		if (used == 0) {
			ok = false;
			break;
		}
		ip += used;
		il -= used;
	}
	iconv_close(cd);
	if (!out->data)
		tr_buf_add(out, "", 0);
	return ok;
}

/* CP1252 -> UTF-8: the undefined bytes become the C1 control Latin-1 gives. */
static size_t cp1252_refused(const void *ctx, const char *in, size_t left, tr_buf *out)
{
	(void)ctx; (void)left;
	char u[4];
	tr_buf_add(out, u, tr_utf8_encode((unsigned char)in[0], u));
	return 1;
}

/* UTF-16 -> UTF-8: an unpaired surrogate or an odd last byte is U+FFFD. */
static size_t utf16_refused(const void *ctx, const char *in, size_t left, tr_buf *out)
{
	(void)ctx; (void)in;
	tr_buf_add(out, "\xEF\xBF\xBD", 3);
	return left < 2 ? left : 2;
}

/* ---- the steps --------------------------------------------------------- */

typedef struct scan {
	size_t nul_at;          /* SIZE_MAX: none */
	size_t controls, control_at;
	size_t multi, invalid;  /* valid multi-byte sequences, invalid ones */
	bool cr;
	bool hint;              /* a character that may start a mojibake sequence */
} scan;

/* 0 when all 8 bytes are printable ASCII: most of a report, skipped a word
 * at a time.  Otherwise the lowest byte flagged (its high bit set) is the
 * first that is not: a borrow only runs upwards from a flagged byte. */
static inline uint64_t unprintable8(const char *p)
{
	uint64_t w;
	memcpy(&w, p, 8);
	uint64_t below = (w - ONES * 0x20) & ~w;
	uint64_t x = w ^ (ONES * 0x7F);
	uint64_t del = (x - ONES) & ~x;
	return (w | below | del) & HIGHS;
}

/* Every tell-tale starts with a lead byte's character followed by a
 * continuation byte's one in the same charset: without such a pair the text
 * scores 0 and needs no scoring pass. */
static unsigned pair_classes(const inverse inv[N_SOURCES], uint32_t cp, unsigned *cont)
{
	unsigned lead = 0;
	*cont = 0;
	for (size_t c = 0; c < N_SOURCES; c++) {
		int b = inverse_byte(&inv[c], cp);
		if (lead_needs(b))
			lead |= 1u << c;
		else if (b >= 0x80 && b <= 0xBF)
			*cont |= 1u << c;
	}
	return lead;
}

/* The tables are built when the first character beyond ASCII asks for
 * them: many reports have none, and building them costs about as much as
 * scanning such a report. */
static void scan_bytes(inverse inv[N_SOURCES], bool *built, const char *s, size_t n, scan *sc)
{
	memset(sc, 0, sizeof *sc);
	sc->nul_at = SIZE_MAX;
	size_t i = 0, prev_end = SIZE_MAX;
	unsigned prev_lead = 0;
	while (i < n) {
#ifdef __SSE2__
		/* Sixteen at a time where the processor has the instructions:
		 * printable ASCII, line feeds and tabs need no look; the first
		 * byte that does is looked at below. */
		for (; n - i >= 16; i += 16) {
			__m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
			/* Controls and, compared as signed, everything above ASCII. */
			__m128i low = _mm_cmplt_epi8(v, _mm_set1_epi8(0x20));
			__m128i plain = _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('\n')),
			                             _mm_cmpeq_epi8(v, _mm_set1_epi8('\t')));
			__m128i del = _mm_cmpeq_epi8(v, _mm_set1_epi8(0x7F));
			unsigned look = (unsigned)_mm_movemask_epi8(_mm_or_si128(_mm_andnot_si128(plain, low),
			                                                         del));
			if (look) {
				i += (size_t)__builtin_ctz(look);
				break;
			}
		}
		if (i >= n)
			break;
#endif
		if (n - i >= 8) {
			uint64_t bad = unprintable8(s + i);
			if (!bad) {
				i += 8;
				continue;
			}
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
			/* Straight to the byte that is not printable ASCII, rather
			 * than trying the word again a byte further each time. */
			i += (size_t)__builtin_ctzll(bad) / 8;
#endif
		}
		unsigned char c = (unsigned char)s[i];
		if (c >= 0x20 && c < 0x7F) {
			i++;
			continue;
		}
		if (c < 0x80) {
			if (c == 0 && sc->nul_at == SIZE_MAX)
				sc->nul_at = i;
			if (c == '\r')
				sc->cr = true;
			/* ESC and VT come with pasted terminal output: text, made
			 * inert when shown. */
			else if (c != '\n' && c != '\t' && c != '\f' && c != 0x1B && c != 0x0B) {
				if (sc->controls++ == 0)
					sc->control_at = i;
			}
			i++;
			continue;
		}
		uint32_t cp;
		size_t len = tr_utf8_decode(s + i, n - i, &cp);
		if (cp == TR_REPLACEMENT && len == 1) {
			sc->invalid++;
		} else {
			sc->multi++;
			if (!sc->hint) {
				if (!*built) {
					inverses_init(inv);
					*built = true;
				}
				unsigned cont, lead = pair_classes(inv, cp, &cont);
				if (prev_end == i && (prev_lead & cont))
					sc->hint = true;
				prev_lead = lead;
				prev_end = i + len;
			}
		}
		i += len;
	}
}

/* The line an offset is on, counting line feeds as an editor does. */
static size_t line_at(const char *s, size_t off)
{
	size_t line = 1;
	for (const char *p = s, *end = s + off; (p = memchr(p, '\n', (size_t)(end - p))); p++)
		line++;
	return line;
}

static int not_text(const char *path, size_t line, size_t byte, tr_error *err)
{
	return tr_error_set(err, TR_FORMAT,
	                    "%s: not a text report (binary data or NUL bytes on line %zu, at byte %zu)",
	                    path, line, byte);
}

/* Only a real share of control bytes makes a file binary: a stray one in a
 * pasted log does not. */
static int check_text(const char *path, const char *s, size_t skipped, const scan *sc, size_t n,
                      tr_error *err)
{
	/* s starts after a BOM when there was one; bytes are counted in the file */
	if (sc->nul_at != SIZE_MAX)
		return not_text(path, line_at(s, sc->nul_at), skipped + sc->nul_at, err);
	if (sc->controls > 0 && sc->controls * 20 > n)
		return not_text(path, line_at(s, sc->control_at), skipped + sc->control_at, err);
	return 0;
}

/* CRLF and lone CR -> LF in place; every line end stays one line end, so line
 * numbers match what an editor shows.  Returns the new length. */
static size_t normalize_eol(char *s, size_t n, bool *crlf, bool *cr)
{
	char *r = memchr(s, '\r', n);
	if (!r)
		return n;
	char *end = s + n, *w = r;
	while (r < end) {
		/* r is at a CR */
		r++;
		if (r < end && *r == '\n') {
			r++;
			*crlf = true;
		} else {
			*cr = true;
		}
		*w++ = '\n';
		char *next = memchr(r, '\r', (size_t)(end - r));
		if (!next)
			next = end;
		memmove(w, r, (size_t)(next - r));
		w += next - r;
		r = next;
	}
	*w = '\0';
	return (size_t)(w - s);
}

/* Reverses one mojibake hypothesis, run by run: a run of non-ASCII
 * characters (a UTF-8 character made mojibake is two to four of them, and
 * never ASCII) whose bytes in the charset read as UTF-8 becomes what they
 * read as; a run that does not (a character the charset lacks, bytes that
 * are no UTF-8: text written right, such as a name added after the damage)
 * stays as it is.  A report is damaged whole or not at all, so the
 * hypothesis holds only when it repairs more runs than it leaves: one
 * "José" added later does not keep the rest from being repaired, and one
 * quoted example of mojibake in a right text is left alone.  Returns NULL
 * when the hypothesis does not hold. */
static char *reverse(const inverse *inv, const char *s, size_t n, size_t *len)
{
	tr_buf b = TR_BUF_INIT, run = TR_BUF_INIT;
	size_t repaired = 0, kept = 0;
	tr_grow((void **)&b.data, &b.cap, n + 1, 1);
	for (size_t i = 0; i < n;) {
		size_t j = i;
		while (j < n && (unsigned char)s[j] < 0x80)
			j++;
		tr_buf_add(&b, s + i, j - i);
		if ((i = j) >= n)
			break;
		bool ok = true;
		tr_buf_reset(&run);
		while (j < n && (unsigned char)s[j] >= 0x80) {
			uint32_t cp;
			size_t l = tr_utf8_decode(s + j, n - j, &cp);
			int byte = l && cp != TR_REPLACEMENT ? inverse_byte(inv, cp) : -1;
			if (byte < 0x80)
				ok = false;
			else if (ok)
				tr_buf_addc(&run, (char)byte);
			j += l ? l : 1;
		}
		if (ok && tr_utf8_valid(run.data, run.len)) {
			tr_buf_add(&b, run.data, run.len);
			repaired++;
		} else {
			tr_buf_add(&b, s + i, j - i);
			kept++;
		}
		i = j;
	}
	tr_buf_free(&run);
	if (repaired <= kept) {
		tr_buf_free(&b);
		return NULL;
	}
	*len = b.len;
	return tr_buf_detach(&b);
}

/* One repair round: the hypothesis whose reversal leaves the fewest
 * tell-tales (fewer than before), or NULL; `sc` holds the text's scores and
 * gets the result's. */
static char *repair_once(const inverse inv[N_SOURCES], const char *s, size_t n, scores *sc,
                         size_t *len, const charset **used)
{
	char *best = NULL;
	size_t best_len = 0, best_own = 0;
	scores best_sc = { { 0 }, SIZE_MAX };
	for (size_t c = 0; c < N_SOURCES; c++) {
		size_t own = sc->in[c];
		if (own == 0)
			continue;
		size_t rlen;
		char *r = reverse(&inv[c], s, n, &rlen);
		if (!r)
			continue;
		scores after;
		score_all(inv, r, rlen, &after);
		if (after.max < sc->max &&
		    (after.max < best_sc.max || (after.max == best_sc.max && own > best_own))) {
			free(best);
			best = r;
			best_len = rlen;
			best_sc = after;
			best_own = own;
			*used = mojibake_sources[c];
		} else {
			free(r);
		}
	}
	if (best)
		*sc = best_sc;
	*len = best_len;
	return best;
}

static bool strip_bom(const char **s, size_t *n)
{
	if (*n >= 3 && memcmp(*s, "\xEF\xBB\xBF", 3) == 0) {
		*s += 3;
		*n -= 3;
		return true;
	}
	return false;
}

/* A UTF-16 file (what Windows PowerShell's ">" writes) has a BOM; its NUL and
 * control checks count code units, so offsets are the file's. */
static int decode_utf16(const char *path, const char *data, size_t len, bool le,
                        tr_buf *out, tr_error *err)
{
	size_t units = (len - 2) / 2, controls = 0, control_at = 0, lines = 1, control_line = 0;
	for (size_t u = 0; u < units; u++) {
		const unsigned char *p = (const unsigned char *)data + 2 + 2 * u;
		unsigned v = le ? p[0] | (unsigned)p[1] << 8 : (unsigned)p[0] << 8 | p[1];
		if (v == 0)
			return not_text(path, lines, 2 + 2 * u, err);
		if (v == '\n')
			lines++;
		if ((v < 0x20 && v != '\n' && v != '\t' && v != '\f' && v != '\r' && v != 0x1B &&
		     v != 0x0B) || v == 0x7F)
			if (controls++ == 0) {
				control_at = 2 + 2 * u;
				control_line = lines;
			}
	}
	if (controls > 0 && controls * 20 > units)
		return not_text(path, control_line, control_at, err);
	if (!convert("UTF-8", le ? "UTF-16LE" : "UTF-16BE", data + 2, len - 2, utf16_refused,
	             NULL, out))
		return tr_error_set(err, TR_FORMAT,
		                    "%s: cannot convert from UTF-16 (iconv has no UTF-16 converter; "
		                    "save the report as UTF-8)", path);
	return 0;
}

static int decode(const char *path, const char *data, size_t len, tr_buf *in, tr_decoded *out,
                  tr_error *err)
{
	memset(out, 0, sizeof *out);
	if (!path)
		path = "(report)";
	if (!data)
		len = 0;

	tr_buf desc = TR_BUF_INIT;
	tr_buf text = TR_BUF_INIT;
	tr_buf utf16 = TR_BUF_INIT;
	const char *s = len ? data : "";
	size_t n = len;
	bool bom = false, checked = false;

	if (n >= 2 && ((unsigned char)s[0] == 0xFF && (unsigned char)s[1] == 0xFE)) {
		if (decode_utf16(path, s, n, true, &utf16, err) < 0)
			goto fail;
		tr_buf_adds(&desc, "utf-16le converted");
	} else if (n >= 2 && ((unsigned char)s[0] == 0xFE && (unsigned char)s[1] == 0xFF)) {
		if (decode_utf16(path, s, n, false, &utf16, err) < 0)
			goto fail;
		tr_buf_adds(&desc, "utf-16be converted");
	}
	if (utf16.data) {
		s = utf16.data;
		n = utf16.len;
		checked = true;
	}
	bom = strip_bom(&s, &n);

	inverse inv[N_SOURCES];
	bool built = false;
	scan sc;
	scan_bytes(inv, &built, s, n, &sc);
	if (!checked && check_text(path, s, bom ? 3 : 0, &sc, len, err) < 0)
		goto fail;

	if (sc.invalid > 0 && sc.invalid > sc.multi) {
		/* Not UTF-8 and it reads as single bytes: Latin-1 unless it uses
		 * what CP1252 put in Latin-1's C1 range (smart quotes, euro). */
		bool c1 = false;
		for (size_t i = 0; i < n && !c1; i++)
			c1 = (unsigned char)s[i] >= 0x80 && (unsigned char)s[i] <= 0x9F;
		if (!convert("UTF-8", "CP1252", s, n, cp1252_refused, NULL, &text)) {
			tr_error_set(err, TR_FORMAT,
			             "%s: not UTF-8 and cannot convert from windows-1252 (iconv has no "
			             "CP1252 converter); save the report as UTF-8", path);
			goto fail;
		}
		tr_buf_adds(&desc, c1 ? "windows-1252 converted" : "latin-1 converted");
		if (bom)
			tr_buf_adds(&desc, ", BOM removed");
	} else {
		const charset *used[3];
		size_t rounds = 0;
		if (!desc.len)
			tr_buf_adds(&desc, "utf-8");
		if (sc.invalid > 0) {
			char *fixed = tr_utf8_fix(s, n);
			tr_buf_adds(&text, fixed);
			free(fixed);
			out->had_invalid = true;
		} else {
			char *cur = NULL;
			size_t cur_len = n;
			scores score = { { 0 }, 0 };
			if (sc.hint) {
				if (!built)
					inverses_init(inv);
				score_all(inv, s, n, &score);
			}
			/* Mojibake made twice is reversed twice; each round must lower
			 * the score, so this ends. */
			while (score.max > 0 && rounds < 3) {
				size_t rlen;
				char *r = repair_once(inv, cur ? cur : s, cur_len, &score, &rlen,
				                      &used[rounds]);
				if (!r)
					break;
				free(cur);
				cur = r;
				cur_len = rlen;
				rounds++;
			}
			if (cur) {
				text.data = cur;
				text.len = cur_len;
				text.cap = cur_len + 1;
				/* the BOM of the original file, now visible */
				if (text.len >= 3 && memcmp(text.data, "\xEF\xBB\xBF", 3) == 0) {
					text.len -= 3;
					memmove(text.data, text.data + 3, text.len + 1);
					bom = true;
				}
			} else if (in && in->data == data && in->cap > n) {
				/* Nothing to change: the caller's buffer becomes the
				 * text (a report is megabytes; a copy is not free). */
				memmove(in->data, s, n);
				in->data[n] = '\0';
				text = *in;
				text.len = n;
				*in = (tr_buf)TR_BUF_INIT;
			} else {
				tr_buf_add(&text, s, n);
			}
		}
		if (bom && !checked)
			tr_buf_adds(&desc, ", BOM removed");
		if (rounds > 0) {
			tr_buf_adds(&desc, ", mojibake (");
			for (size_t r = 0; r < rounds; r++)
				tr_buf_addf(&desc, "%s%s", r ? " then " : "", used[r]->name);
			tr_buf_adds(&desc, ") repaired");
			out->repaired = true;
		}
		if (out->had_invalid)
			tr_buf_addf(&desc, ", %zu invalid byte%s replaced", sc.invalid,
			            sc.invalid == 1 ? "" : "s");
	}

	if (!text.data)
		tr_buf_add(&text, "", 0);
	if (sc.cr) {
		bool crlf = false, cr = false;
		text.len = normalize_eol(text.data, text.len, &crlf, &cr);
		if (crlf)
			tr_buf_adds(&desc, ", CRLF");
		if (cr)
			tr_buf_adds(&desc, ", CR");
	}
	tr_buf_free(&utf16);
	out->len = text.len;
	out->text = tr_buf_detach(&text);
	out->description = tr_buf_detach(&desc);
	return 0;

fail:
	tr_buf_free(&utf16);
	tr_buf_free(&text);
	tr_buf_free(&desc);
	memset(out, 0, sizeof *out);
	return -1;
}

int tr_decode(const char *path, const char *data, size_t len, tr_decoded *out, tr_error *err)
{
	return decode(path, data, len, NULL, out, err);
}

int tr_decode_buf(const char *path, tr_buf *in, tr_decoded *out, tr_error *err)
{
	return decode(path, in->data, in->len, in, out, err);
}

void tr_decoded_free(tr_decoded *d)
{
	if (!d)
		return;
	free(d->text);
	free(d->description);
	memset(d, 0, sizeof *d);
}
