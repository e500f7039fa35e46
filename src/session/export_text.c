/* The export's JSON text, written a piece at a time (see export_text.h). */
#include "config.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "export_text.h"
#include "triage/text.h"

void jt_deep_newline(tr_json_out *o, size_t n)
{
	static const char spaces[] = "                                ";
	put1(o, '\n');
	for (; n > sizeof spaces - 1; n -= sizeof spaces - 1)
		put(o, spaces, sizeof spaces - 1);
	put(o, spaces, n);
}

static bool needs_escape(uint32_t cp)
{
	return (cp >= 0x80 && cp < 0xA0) || (cp >= 0x202A && cp <= 0x202E) ||
	       (cp >= 0x2066 && cp <= 0x2069) || cp == 0x2028 || cp == 0x2029;
}

static void put_escape(tr_json_out *o, uint32_t cp)
{
	static const char hex[] = "0123456789ABCDEF";
	char e[6] = { '\\', 'u', hex[cp >> 12 & 15], hex[cp >> 8 & 15], hex[cp >> 4 & 15], hex[cp & 15] };
	put(o, e, sizeof e);
}

/* The ASCII bytes a JSON string holds as they are: nearly all of an
 * export's text, so they are skipped by table rather than by tests. */
static const bool plain_ascii[256] = {
	/* all but '"' (0x22) and '\\' (0x5C) */
	[0x20 ... 0x21] = true, [0x23 ... 0x5B] = true, [0x5D ... 0x7F] = true,
};

/* Whether none of eight bytes needs a look: no control, no '"', no '\\',
 * nothing above ASCII (the classic tests for a byte below a value). */
static inline bool plain8(const char *s)
{
	uint64_t w;
	memcpy(&w, s, sizeof w);
	const uint64_t ones = 0x0101010101010101ULL, high = 0x8080808080808080ULL;
	uint64_t quote = w ^ (ones * '"'), slash = w ^ (ones * '\\');
	uint64_t hits = (w | ((w - ones * 0x20) & ~w) | ((quote - ones) & ~quote) |
	                 ((slash - ones) & ~slash)) & high;
	return hits == 0;
}

#ifdef __SSE2__
/* The bytes of sixteen that need a look, one bit each (bit k: byte k):
 * controls, '"', '\\' and, compared as signed, everything above ASCII. */
static inline unsigned special16(__m128i v)
{
	__m128i low = _mm_cmplt_epi8(v, _mm_set1_epi8(0x20));
	__m128i quote = _mm_cmpeq_epi8(v, _mm_set1_epi8('"'));
	__m128i slash = _mm_cmpeq_epi8(v, _mm_set1_epi8('\\'));
	return (unsigned)_mm_movemask_epi8(_mm_or_si128(low, _mm_or_si128(quote, slash)));
}
#endif

void jt_put_string(tr_json_out *o, const char *s, size_t n)
{
	/* Room for the text as it is and its quotes: what needs no escape is
	 * copied as it is scanned, eight bytes at a time.  An escape is longer
	 * than what it stands for; after one the room is made again. */
	room(o, n + 2);
	char *d = o->data + o->len;
	*d++ = '"';
	size_t i = 0;
	for (;;) {
#ifdef __SSE2__
		/* Sixteen at a time where the processor has the instructions:
		 * all sixteen are copied, and the part before a byte that needs
		 * a look is kept. */
		while (i + 16 <= n) {
			__m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
			unsigned look = special16(v);
			_mm_storeu_si128((__m128i *)(void *)d, v);
			if (look) {
				unsigned k = (unsigned)__builtin_ctz(look);
				d += k;
				i += k;
				break;
			}
			d += 16;
			i += 16;
		}
#endif
		while (i + 8 <= n && plain8(s + i)) {
			memcpy(d, s + i, 8);
			d += 8;
			i += 8;
		}
		/* The last bytes, as the last eight when they are plain (the
		 * same bytes are copied twice). */
		if (i < n && n >= 8 && i + 8 > n && plain8(s + n - 8)) {
			memcpy(d - (i - (n - 8)), s + n - 8, 8);
			d += n - i;
			break;
		}
		while (i < n && plain_ascii[(unsigned char)s[i]])
			*d++ = s[i++];
		if (i >= n)
			break;
		unsigned char c = (unsigned char)s[i];
		size_t len = 1;
		uint32_t cp = c;
		bool invalid = false;
		if (c >= 0x80) {
			len = tr_utf8_decode(s + i, n - i, &cp);
			invalid = cp == TR_REPLACEMENT && len == 1;
			if (!invalid && !needs_escape(cp)) {
				memcpy(d, s + i, len);
				d += len;
				i += len;
				continue;
			}
		}
		o->len = (size_t)(d - o->data);
		const char *short_form = c == '"' ? "\\\"" : c == '\\' ? "\\\\" :
		                         c == '\b' ? "\\b" : c == '\f' ? "\\f" :
		                         c == '\n' ? "\\n" : c == '\r' ? "\\r" :
		                         c == '\t' ? "\\t" : NULL;
		if (invalid)
			PUTS(o, "\xEF\xBF\xBD");
		else if (short_form)
			put(o, short_form, 2);
		else
			put_escape(o, cp);
		i += len;
		room(o, n - i + 1);
		d = o->data + o->len;
	}
	*d++ = '"';
	o->len = (size_t)(d - o->data);
}

/* Where the next element of an array, or the top value, goes. */
void jt_element_start(tr_json_out *o)
{
	if (o->depth) {
		if (!o->fresh)
			put1(o, ',');
		newline(o);
	}
	o->fresh = false;
}

void tr_json_key(tr_json_out *o, const char *key)
{
	if (!o->fresh)
		put1(o, ',');
	newline(o);
	o->fresh = false;
	jt_put_string(o, key, strlen(key));
	PUTS(o, ": ");
	o->keyed = true;
}

/* A key the code names, quoted and followed by ": " at compile time. */
void jt_put_key_slow(tr_json_out *o, const char *quoted, size_t n)
{
	if (!o->fresh)
		put1(o, ',');
	newline(o);
	o->fresh = false;
	put(o, quoted, n);
	o->keyed = true;
}

void tr_json_open(tr_json_out *o, char bracket)
{
	jt_value_start(o);
	put1(o, bracket);
	o->depth++;
	o->fresh = true;
}

void tr_json_close(tr_json_out *o, char bracket)
{
	o->depth--;
	if (!o->fresh)
		newline(o);
	put1(o, bracket);
	o->fresh = false;
}

void tr_json_strn(tr_json_out *o, const char *s, size_t n)
{
	jt_value_start(o);
	jt_put_string(o, s, n);
}

void tr_json_str(tr_json_out *o, const char *s)
{
	if (!s) {
		tr_json_null(o);
		return;
	}
	tr_json_strn(o, s, strlen(s));
}

void tr_json_int(tr_json_out *o, long long v)
{
	jt_value_start(o);
	char digits[24];
	size_t k = sizeof digits;
	unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
	do
		digits[--k] = (char)('0' + u % 10);
	while ((u /= 10) != 0);
	if (v < 0)
		digits[--k] = '-';
	put(o, digits + k, sizeof digits - k);
}

void tr_json_bool(tr_json_out *o, bool v)
{
	jt_value_start(o);
	if (v)
		PUTS(o, "true");
	else
		PUTS(o, "false");
}

void tr_json_null(tr_json_out *o)
{
	jt_value_start(o);
	PUTS(o, "null");
}

/* Hands what is written so far to the file, once there is enough of it:
 * 128 KB, as each hand-over costs the stream's buffer and a system call or
 * two (a folder's export runs to tens of megabytes), and a larger buffer
 * no longer stays in the processor's cache while it is filled, which was
 * slower than the calls it saved. */
void jt_flush(tr_json_out *o, bool force)
{
	if (!o->file || (!force && o->len < 1 << 17))
		return;
	if (o->len && fwrite(o->data, 1, o->len, o->file) != o->len)
		o->failed = true;
	o->len = 0;
}

/* A whole jansson value, as the rest of the text is laid out. */
static bool put_json_value(tr_json_out *o, json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_OBJECT: {
		tr_json_open(o, '{');
		bool good = true;
		const char *key;
		json_t *member;
		json_object_foreach(v, key, member) {
			tr_json_key(o, key);
			good &= put_json_value(o, member);
		}
		tr_json_close(o, '}');
		return good;
	}
	case JSON_ARRAY: {
		tr_json_open(o, '[');
		bool good = true;
		for (size_t i = 0; i < json_array_size(v); i++)
			good &= put_json_value(o, json_array_get(v, i));
		tr_json_close(o, ']');
		return good;
	}
	case JSON_STRING:
		tr_json_strn(o, json_string_value(v), json_string_length(v));
		return true;
	case JSON_INTEGER:
		tr_json_int(o, json_integer_value(v));
		return true;
	case JSON_REAL: {
		/* jansson's own digits; a number has nothing to escape */
		char num[64];
		size_t n = json_dumpb(v, num, sizeof num, JSON_ENCODE_ANY);
		if (n == 0 || n > sizeof num)
			return false;
		jt_value_start(o);
		put(o, num, n);
		return true;
	}
	case JSON_TRUE:
	case JSON_FALSE:
		tr_json_bool(o, json_is_true(v));
		return true;
	case JSON_NULL:
		tr_json_null(o);
		return true;
	}
	return false;
}

char *tr_export_dumps(json_t *root)
{
	tr_json_out o = { 0 };
	if (!root || !put_json_value(&o, root)) {
		free(o.data);
		return NULL;
	}
	put(&o, "\n", 2);       /* and the terminating NUL */
	return o.data;
}

int tr_export_dump(json_t *root, FILE *out)
{
	char *s = tr_export_dumps(root);
	if (!s)
		return -1;
	int rc = fputs(s, out) < 0 || fflush(out) != 0 ? -1 : 0;
	free(s);
	return rc;
}

/* A text the model keeps once for all who hold it (tr_model_keep_text:
 * the mentions' titles and statuses), by its address: what it is as a
 * JSON string is made the first time and copied after. */
typedef struct kept_quote {
	const char *text;       /* NULL = empty slot */
	size_t at, len;         /* in kept_text */
} kept_quote;

static size_t kept_hash(const char *s, size_t mask)
{
	uint64_t h = (uint64_t)(uintptr_t)s * 0x9E3779B97F4A7C15ULL;
	return (size_t)(h >> 29) & mask;
}

static kept_quote *kept_slot(kept_quote *slots, size_t cap, const char *s)
{
	size_t mask = cap - 1;
	for (size_t i = kept_hash(s, mask);; i = (i + 1) & mask)
		if (!slots[i].text || slots[i].text == s)
			return &slots[i];
}

void jt_put_kept(tr_json_out *o, const char *s)
{
	if (!s) {
		tr_json_null(o);
		return;
	}
	if ((o->kept_used + 1) * 2 > o->kept_cap) {
		size_t cap = o->kept_cap ? o->kept_cap * 2 : 256;
		kept_quote *slots = tr_calloc(cap, sizeof *slots);
		for (size_t i = 0; i < o->kept_cap; i++)
			if (o->kept[i].text)
				*kept_slot(slots, cap, o->kept[i].text) = o->kept[i];
		free(o->kept);
		o->kept = slots;
		o->kept_cap = cap;
	}
	kept_quote *k = kept_slot(o->kept, o->kept_cap, s);
	if (!k->text) {
		tr_json_out q = { 0 };
		jt_put_string(&q, s, strlen(s));
		*k = (kept_quote){ s, o->kept_text.len, q.len };
		tr_buf_add(&o->kept_text, q.data, q.len);
		free(q.data);
		o->kept_used++;
	}
	jt_value_start(o);
	put(o, o->kept_text.data + k->at, k->len);
}

void jt_kept_free(tr_json_out *o)
{
	free(o->kept);
	o->kept = NULL;
	o->kept_cap = o->kept_used = 0;
	tr_buf_free(&o->kept_text);
}

/* What a writer of a piece of the text made of it, read back as jansson
 * values: one layout for the export and for those who want objects. */
json_t *jt_read_back(tr_json_out *o)
{
	json_error_t jerr;
	json_t *j = o->failed ? NULL : json_loadb(o->data, o->len, 0, &jerr);
	free(o->data);
	jt_kept_free(o);
	return j;
}

/* s as a JSON string into b (nothing for NULL). */
void jt_quote(tr_buf *b, const char *s)
{
	if (!s)
		return;
	tr_json_out q = { 0 };
	jt_put_string(&q, s, strlen(s));
	*b = (tr_buf){ q.data, q.len, q.cap };
}
