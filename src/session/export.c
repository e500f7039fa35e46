#include "config.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "triage/export.h"
#include "triage/graph.h"
#include "triage/session.h"
#include "triage/text.h"

/* ---- the JSON text -------------------------------------------------------
 *
 * The export is written as text, piece by piece, rather than built as
 * jansson objects and dumped: building and freeing an object per issue,
 * failure and source took most of an export's time.  The layout is
 * jansson's JSON_INDENT(2) to the byte (a unit test compares the two);
 * besides what JSON escapes, C1 controls, bidirectional overrides and the
 * Unicode line separators are written as \uXXXX, and bytes that are not
 * UTF-8 as U+FFFD. */
struct tr_json_out {
	char *data;
	size_t len, cap;
	FILE *file;             /* written to as the text grows; NULL: kept whole */
	bool failed;
	bool fresh;             /* a container was just opened: nothing in it yet */
	bool keyed;             /* a key was written: its value comes next */
	unsigned depth;
	tr_buf *quoted;         /* the model's report paths as JSON strings, or NULL */
	size_t nquoted;
	tr_buf *quoted_ids;     /* its issues' ids so, or NULL */
	size_t nquoted_ids;
};

/* Room for n more bytes, so that what follows writes without a check. */
static inline void room(tr_json_out *o, size_t n)
{
	if (o->cap - o->len < n)
		tr_grow((void **)&o->data, &o->cap, o->len + n, 1);
}

static inline void put(tr_json_out *o, const char *s, size_t n)
{
	room(o, n);
	memcpy(o->data + o->len, s, n);
	o->len += n;
}

static inline void put1(tr_json_out *o, char c)
{
	room(o, 1);
	o->data[o->len++] = c;
}

#define PUTS(o, lit) put(o, lit, sizeof lit - 1)

static void deep_newline(tr_json_out *o, size_t n)
{
	static const char spaces[] = "                                ";
	put1(o, '\n');
	for (; n > sizeof spaces - 1; n -= sizeof spaces - 1)
		put(o, spaces, sizeof spaces - 1);
	put(o, spaces, n);
}

/* A line break and the indentation of the depth: nearly always copied as
 * one piece of a fixed size (a copy the compiler writes out), of which the
 * part needed is kept. */
static inline void newline(tr_json_out *o)
{
	static const char line[] = "\n                                ";
	size_t n = (size_t)o->depth * 2;
	if (n >= sizeof line - 1) {
		deep_newline(o, n);
		return;
	}
	room(o, sizeof line);
	memcpy(o->data + o->len, line, sizeof line);
	o->len += n + 1;
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

static void put_string(tr_json_out *o, const char *s, size_t n)
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

/* Where the next value goes: after its key, or as the next element. */
static void value_start(tr_json_out *o)
{
	if (o->keyed) {
		o->keyed = false;
		return;
	}
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
	put_string(o, key, strlen(key));
	PUTS(o, ": ");
	o->keyed = true;
}

/* A key the code names, quoted and followed by ": " at compile time. */
static inline void put_key(tr_json_out *o, const char *quoted, size_t n)
{
	if (!o->fresh)
		put1(o, ',');
	newline(o);
	o->fresh = false;
	put(o, quoted, n);
	o->keyed = true;
}

#define KEY(o, lit) put_key(o, "\"" lit "\": ", sizeof lit + 3)

void tr_json_open(tr_json_out *o, char bracket)
{
	value_start(o);
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
	value_start(o);
	put_string(o, s, n);
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
	value_start(o);
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
	value_start(o);
	if (v)
		PUTS(o, "true");
	else
		PUTS(o, "false");
}

void tr_json_null(tr_json_out *o)
{
	value_start(o);
	PUTS(o, "null");
}

/* Hands what is written so far to the file, once there is enough of it. */
static void out_flush(tr_json_out *o, bool force)
{
	if (!o->file || (!force && o->len < 1 << 16))
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
		value_start(o);
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

/* What a writer of a piece of the text made of it, read back as jansson
 * values: one layout for the export and for those who want objects. */
static json_t *read_back(tr_json_out *o)
{
	json_error_t jerr;
	json_t *j = o->failed ? NULL : json_loadb(o->data, o->len, 0, &jerr);
	free(o->data);
	return j;
}

/* ---- the model -------------------------------------------------------- */

/* "report.md:17", the place a field or a failure was read. */
static void put_source(tr_json_out *o, const char *path, unsigned line)
{
	if (!path)
		path = "(null)";        /* as printf had it */
	size_t n = strlen(path);
	char small[256];
	char *s = n + 12 <= sizeof small ? small : tr_malloc(n + 12);
	memcpy(s, path, n);
	s[n++] = ':';
	char digits[10];
	size_t k = 0;
	do
		digits[k++] = (char)('0' + line % 10);
	while ((line /= 10) != 0);
	while (k)
		s[n++] = digits[--k];
	tr_json_strn(o, s, n);
	if (s != small)
		free(s);
}

static void put_strv(tr_json_out *o, const tr_strv *sv)
{
	tr_json_open(o, '[');
	for (size_t i = 0; i < sv->n; i++)
		tr_json_str(o, sv->v[i]);
	tr_json_close(o, ']');
}

static void put_count(tr_json_out *o, long n)
{
	if (n < 0)
		tr_json_null(o);
	else
		tr_json_int(o, n);
}

/* A line break and n spaces at p, which has room: the end is returned. */
static char *line_at(char *p, size_t n)
{
	*p++ = '\n';
	memset(p, ' ', n);
	return p + n;
}

static void put_tests(tr_json_out *o, const tr_tests *t)
{
	if (t->failed < 0 && t->passed < 0 && t->skipped < 0) {
		/* Most reports give no counts: the object, laid out as below,
		 * written as one piece. */
		value_start(o);
		size_t in = (size_t)o->depth * 2;
		room(o, 3 * (in + 3) + in + 3 + 48);
		char *p = o->data + o->len;
		*p++ = '{';
		p = line_at(p, in + 2);
		memcpy(p, "\"failed\": null,", 15);
		p = line_at(p + 15, in + 2);
		memcpy(p, "\"passed\": null,", 15);
		p = line_at(p + 15, in + 2);
		memcpy(p, "\"skipped\": null", 15);
		p = line_at(p + 15, in);
		*p++ = '}';
		o->len = (size_t)(p - o->data);
		return;
	}
	tr_json_open(o, '{');
	KEY(o, "failed");
	put_count(o, t->failed);
	KEY(o, "passed");
	put_count(o, t->passed);
	KEY(o, "skipped");
	put_count(o, t->skipped);
	tr_json_close(o, '}');
}

static const char *report_path(const tr_model *m, size_t r)
{
	return r < m->nreports ? m->reports[r].path : NULL;
}

/* Report r's path as a value: as written once for the whole text (see
 * put_model), where it was. */
static void put_report_path(tr_json_out *o, const tr_model *m, size_t r)
{
	if (r < o->nquoted && o->quoted[r].data) {
		value_start(o);
		put(o, o->quoted[r].data, o->quoted[r].len);
		return;
	}
	tr_json_str(o, report_path(m, r));
}

/* Issue i's id as a value: as written once for the whole text (see
 * put_model), where it was. */
static void put_issue_id(tr_json_out *o, const tr_model *m, size_t i)
{
	if (i < o->nquoted_ids && o->quoted_ids[i].data) {
		value_start(o);
		put(o, o->quoted_ids[i].data, o->quoted_ids[i].len);
		return;
	}
	tr_json_str(o, m->issues[i].id);
}

/* "report.md:17" for report r, as put_source writes it. */
static void put_source_of(tr_json_out *o, const tr_model *m, size_t r, unsigned line)
{
	if (r >= o->nquoted || !o->quoted[r].data) {
		put_source(o, report_path(m, r), line);
		return;
	}
	value_start(o);
	/* The path as a string but for its closing quote, then what needs
	 * no escape. */
	char digits[12];
	size_t k = sizeof digits;
	digits[--k] = '"';
	do
		digits[--k] = (char)('0' + line % 10);
	while ((line /= 10) != 0);
	digits[--k] = ':';
	put(o, o->quoted[r].data, o->quoted[r].len - 1);
	put(o, digits + k, sizeof digits - k);
}

/* The keys of an issue the model holds, but for in_reports (see
 * put_mentions); the caller has opened its object. */
static void put_issue_keys(tr_json_out *o, const tr_model *m, size_t issue)
{
	const tr_issue *is = &m->issues[issue];
	KEY(o, "id");
	put_issue_id(o, m, issue);
	KEY(o, "named");
	tr_json_bool(o, is->named);
	KEY(o, "title");
	tr_json_str(o, is->title);
	KEY(o, "severity");
	tr_json_str(o, is->severity);
	KEY(o, "priority");
	tr_json_str(o, tr_priority_word(is->priority));
	KEY(o, "status");
	tr_json_str(o, tr_issue_status_word(is->status));
	KEY(o, "status_text");
	tr_json_str(o, is->status_text);
	KEY(o, "report");
	put_report_path(o, m, is->report);
	KEY(o, "line");
	tr_json_int(o, is->line);
	KEY(o, "test_files");
	put_strv(o, &is->test_files);
	KEY(o, "tests");
	put_tests(o, &is->tests);
	KEY(o, "findings");
	put_strv(o, &is->findings);
	KEY(o, "impact");
	put_strv(o, &is->impact);
	KEY(o, "failures");
	tr_json_open(o, '[');
	for (size_t f = 0; f < is->nfailures; f++) {
		const tr_failure *fl = &is->failures[f];
		tr_json_open(o, '{');
		KEY(o, "signature");
		tr_json_str(o, fl->signature);
		KEY(o, "text");
		tr_json_str(o, fl->text);
		KEY(o, "report");
		put_report_path(o, m, fl->report);
		KEY(o, "line");
		tr_json_int(o, fl->line);
		KEY(o, "source");
		put_source_of(o, m, fl->report, fl->line);
		tr_json_close(o, '}');
	}
	tr_json_close(o, ']');
	/* Where each field was read, so a doubtful fact can be checked. */
	KEY(o, "sources");
	tr_json_open(o, '{');
	for (int f = 0; f < TR_SOURCE_COUNT; f++) {
		const tr_source *src = &is->sources[f];
		tr_json_key(o, tr_source_word((tr_source_field)f));
		if (src->line && src->report < m->nreports)
			put_source_of(o, m, src->report, src->line);
		else
			tr_json_null(o);
	}
	tr_json_close(o, '}');
	KEY(o, "plan_phase");
	tr_json_str(o, is->plan_phase);
	KEY(o, "plan_step");
	if (is->plan_step)
		tr_json_int(o, is->plan_step);
	else
		tr_json_null(o);
	KEY(o, "plan_done");
	tr_json_bool(o, is->plan_done);
}

/* An issue several reports define: what each of them says of it.  The
 * last key of the issue, after what later layers add, as it is there only
 * for some issues. */
static void put_mentions(tr_json_out *o, const tr_model *m, size_t issue)
{
	const tr_issue *is = &m->issues[issue];
	if (!is->nmentions)
		return;
	KEY(o, "in_reports");
	tr_json_open(o, '[');
	for (size_t k = 0; k < is->nmentions; k++) {
		const tr_mention *mn = &is->mentions[k];
		tr_json_open(o, '{');
		KEY(o, "report");
		put_report_path(o, m, mn->report);
		KEY(o, "line");
		tr_json_int(o, mn->line);
		KEY(o, "title");
		tr_json_str(o, mn->title);
		KEY(o, "priority");
		tr_json_str(o, tr_priority_word(mn->priority));
		KEY(o, "status");
		tr_json_str(o, tr_issue_status_word(mn->status));
		KEY(o, "status_text");
		tr_json_str(o, mn->status_text);
		KEY(o, "tests");
		put_tests(o, &mn->tests);
		tr_json_close(o, '}');
	}
	tr_json_close(o, ']');
}

static void put_ids(tr_json_out *o, const tr_model *m, const size_t *idx, size_t n)
{
	tr_json_open(o, '[');
	for (size_t i = 0; i < n; i++)
		put_issue_id(o, m, idx[i]);
	tr_json_close(o, ']');
}

/* What an issue's text is read from lies all over the heap, rarely in the
 * caches: it is asked for while the issues before are written, in two
 * steps as the strings are found through the issue's arrays. */
static void prefetch_issue(const tr_model *m, size_t i)
{
	if (i + 2 < m->nissues) {
		const tr_issue *is = &m->issues[i + 2];
		__builtin_prefetch(is->failures);
		__builtin_prefetch(is->mentions);
		__builtin_prefetch(is->test_files.v);
	}
	if (i + 1 < m->nissues) {
		const tr_issue *is = &m->issues[i + 1];
		__builtin_prefetch(is->id);
		__builtin_prefetch(is->title);
		__builtin_prefetch(is->severity);
		__builtin_prefetch(is->status_text);
		__builtin_prefetch(is->plan_phase);
		for (size_t f = 0; f < is->nfailures; f++) {
			__builtin_prefetch(is->failures[f].signature);
			__builtin_prefetch(is->failures[f].text);
		}
		for (size_t k = 0; k < is->test_files.n; k++)
			__builtin_prefetch(is->test_files.v[k]);
	}
}

static void put_issue(tr_json_out *o, const tr_model *m, size_t i, const tr_export_hooks *hooks)
{
	prefetch_issue(m, i);
	tr_json_open(o, '{');
	put_issue_keys(o, m, i);
	if (hooks && hooks->issue)
		hooks->issue(hooks->ctx, i, o);
	put_mentions(o, m, i);
	tr_json_close(o, '}');
}

static void put_report(tr_json_out *o, const tr_model *m, size_t r, const tr_export_hooks *unused)
{
	(void)unused;
	const tr_report *rp = &m->reports[r];
	tr_json_open(o, '{');
	KEY(o, "path");
	tr_json_str(o, rp->path);
	KEY(o, "title");
	tr_json_str(o, rp->title);
	KEY(o, "executed_at");
	tr_json_str(o, rp->executed_at);
	KEY(o, "encoding");
	tr_json_str(o, rp->encoding);
	KEY(o, "scope");
	put_strv(o, &rp->scope);
	KEY(o, "notes");
	put_strv(o, &rp->notes);
	KEY(o, "issues");
	tr_json_int(o, (long long)rp->nissues);
	tr_json_close(o, '}');
}

static void put_edge(tr_json_out *o, const tr_model *m, size_t e, const tr_export_hooks *unused)
{
	(void)unused;
	const tr_edge *ed = &m->edges[e];
	tr_json_open(o, '{');
	KEY(o, "from");
	put_issue_id(o, m, ed->from);
	KEY(o, "to");
	put_issue_id(o, m, ed->to);
	KEY(o, "kind");
	tr_json_str(o, tr_edge_kind_word(ed->kind));
	KEY(o, "source");
	put_source_of(o, m, ed->report, ed->line);
	tr_json_close(o, '}');
}

static void put_group(tr_json_out *o, const tr_model *m, size_t g, const tr_export_hooks *unused)
{
	(void)unused;
	const tr_failure_group *gr = &m->groups[g];
	tr_json_open(o, '{');
	KEY(o, "signature");
	tr_json_str(o, gr->signature);
	KEY(o, "count");
	tr_json_int(o, (long long)gr->count);
	KEY(o, "issues");
	put_ids(o, m, gr->issues, gr->nissues);
	tr_json_close(o, '}');
}

static void put_cycle(tr_json_out *o, const tr_model *m, size_t c, const tr_export_hooks *unused)
{
	(void)unused;
	put_ids(o, m, m->cycles[c].issues, m->cycles[c].n);
}

static size_t count_reports(const tr_model *m) { return m->nreports; }
static size_t count_issues(const tr_model *m) { return m->nissues; }
static size_t count_edges(const tr_model *m) { return m->nedges; }
static size_t count_groups(const tr_model *m) { return m->ngroups; }
static size_t count_cycles(const tr_model *m) { return m->ncycles; }

/* The top-level arrays, in the order they are written. */
static const struct section {
	const char *key;
	void (*put)(tr_json_out *, const tr_model *, size_t, const tr_export_hooks *);
	size_t (*count)(const tr_model *);
} sections[] = {
	{ "reports", put_report, count_reports },
	{ "issues", put_issue, count_issues },
	{ "edges", put_edge, count_edges },
	{ "failure_groups", put_group, count_groups },
	{ "cycles", put_cycle, count_cycles },
};
#define NSECTIONS (sizeof sections / sizeof *sections)

/* s as a JSON string into b (nothing for NULL). */
static void quote(tr_buf *b, const char *s)
{
	if (!s)
		return;
	tr_json_out q = { 0 };
	put_string(&q, s, strlen(s));
	*b = (tr_buf){ q.data, q.len, q.cap };
}

/* The whole text; with a file, one element at a time is kept: a
 * 20,000-issue export is not held in memory beside the model. */
static void put_model(tr_json_out *o, const tr_model *m, const tr_export_hooks *hooks)
{
	/* Every failure, mention, edge and source names its report, and
	 * edges and lists of issues name issues: each path and id is made a
	 * JSON string once, and copied where it is named (the ids are then
	 * read from one array, not each from its issue elsewhere in memory). */
	tr_buf *quoted = tr_calloc(m->nreports ? m->nreports : 1, sizeof *quoted);
	for (size_t r = 0; r < m->nreports; r++)
		quote(&quoted[r], m->reports[r].path);
	o->quoted = quoted;
	o->nquoted = m->nreports;
	tr_buf *ids = tr_calloc(m->nissues ? m->nissues : 1, sizeof *ids);
	for (size_t i = 0; i < m->nissues; i++)
		quote(&ids[i], m->issues[i].id);
	o->quoted_ids = ids;
	o->nquoted_ids = m->nissues;
	tr_json_open(o, '{');
	for (size_t s = 0; s < NSECTIONS; s++) {
		tr_json_key(o, sections[s].key);
		tr_json_open(o, '[');
		size_t n = sections[s].count(m);
		for (size_t i = 0; i < n; i++) {
			sections[s].put(o, m, i, hooks);
			out_flush(o, false);
		}
		tr_json_close(o, ']');
	}
	if (hooks && hooks->top)
		hooks->top(hooks->ctx, o);
	tr_json_close(o, '}');
	put1(o, '\n');
	for (size_t r = 0; r < m->nreports; r++)
		tr_buf_free(&quoted[r]);
	free(quoted);
	for (size_t i = 0; i < m->nissues; i++)
		tr_buf_free(&ids[i]);
	free(ids);
	o->quoted = o->quoted_ids = NULL;
	o->nquoted = o->nquoted_ids = 0;
}

int tr_export_write(const tr_model *m, const tr_export_hooks *hooks, FILE *out)
{
	tr_json_out o = { .file = out };
	put_model(&o, m, hooks);
	out_flush(&o, true);
	free(o.data);
	if (fflush(out) != 0)
		o.failed = true;
	return o.failed ? -1 : 0;
}

json_t *tr_export_model(const tr_model *m)
{
	tr_json_out o = { 0 };
	put_model(&o, m, NULL);
	return read_back(&o);
}

json_t *tr_export_issue(const tr_model *m, size_t issue)
{
	tr_json_out o = { 0 };
	put_issue(&o, m, issue, NULL);
	return read_back(&o);
}

/* ---- the whole export: the model with the analysis and the history ----- */

static void put_commits(tr_json_out *o, const tr_history *h, size_t issue)
{
	tr_json_open(o, '[');
	const tr_commit_link *v;
	size_t n = tr_history_issue(h, issue, &v);
	for (size_t i = 0; i < n; i++) {
		const tr_commit *c = v[i].commit;
		char when[32];
		tr_history_format_time(when, c->time, c->tz, false);
		tr_json_open(o, '{');
		KEY(o, "id");
		tr_json_str(o, c->id);
		KEY(o, "summary");
		tr_json_str(o, c->summary);
		KEY(o, "author");
		tr_json_str(o, c->author);
		KEY(o, "time");
		tr_json_str(o, when);
		KEY(o, "link");
		tr_json_str(o, tr_link_kind_word(v[i].kind));
		tr_json_close(o, '}');
	}
	tr_json_close(o, ']');
}

json_t *tr_export_commits(const tr_history *h, size_t issue)
{
	tr_json_out o = { 0 };
	put_commits(&o, h, issue);
	return read_back(&o);
}

typedef struct session_export {
	const tr_model *m;
	const tr_graph *gr;
	const tr_history *h;
	const tr_store *st;                 /* may be NULL */
	const tr_event **last;              /* per issue: its latest change, or NULL */
} session_export;

/* What the team is doing about an issue: the progress file's record and
 * the latest change of it, as the stand-up and `triage status` tell it. */
static void put_progress(tr_json_out *o, const session_export *x, size_t issue, tr_state state)
{
	const tr_progress *p = x->st ? tr_store_get(x->st, x->m->issues[issue].id) : NULL;
	tr_json_open(o, '{');
	KEY(o, "state");
	tr_json_str(o, tr_state_word(state));
	KEY(o, "owner");
	tr_json_str(o, p ? p->owner : NULL);
	KEY(o, "notes");
	tr_json_open(o, '[');
	for (size_t k = 0; p && k < p->nnotes; k++) {
		tr_json_open(o, '{');
		KEY(o, "by");
		tr_json_str(o, p->notes[k].by);
		KEY(o, "at");
		tr_json_str(o, p->notes[k].at);
		KEY(o, "text");
		tr_json_str(o, p->notes[k].text);
		tr_json_close(o, '}');
	}
	tr_json_close(o, ']');
	KEY(o, "last_change");
	const tr_event *e = x->last ? x->last[issue] : NULL;
	if (e) {
		tr_json_open(o, '{');
		KEY(o, "at");
		tr_json_str(o, e->at);
		KEY(o, "by");
		tr_json_str(o, e->by);
		KEY(o, "field");
		tr_json_str(o, e->field);
		KEY(o, "from");
		tr_json_str(o, e->from);
		KEY(o, "to");
		tr_json_str(o, e->to);
		tr_json_close(o, '}');
	} else {
		tr_json_null(o);
	}
	tr_json_close(o, '}');
}

static void add_issue_keys(void *ctx, size_t issue, tr_json_out *o)
{
	const session_export *x = ctx;
	const tr_graph_node *nd = &x->gr->nodes[issue];
	KEY(o, "waits_on");
	put_ids(o, x->m, nd->waits_on, nd->nwaits_on);
	KEY(o, "unblocks");
	put_ids(o, x->m, nd->unblocks, nd->nunblocks);
	KEY(o, "ready");
	tr_json_bool(o, nd->ready);
	KEY(o, "holds_up");
	tr_json_int(o, (long long)nd->holds_up);
	KEY(o, "commits");
	put_commits(o, x->h, issue);
	tr_state st = x->st ? tr_store_state(x->st, x->m->issues[issue].id) : TR_STATE_OPEN;
	KEY(o, "progress");
	put_progress(o, x, issue, st);
}

static void add_top_keys(void *ctx, tr_json_out *o)
{
	const session_export *x = ctx;
	KEY(o, "critical_path");
	put_ids(o, x->m, x->gr->critical_path, x->gr->ncritical);
	/* Every stand-up marked (and not withdrawn), oldest first. */
	KEY(o, "standups");
	tr_json_open(o, '[');
	size_t n = 0;
	const tr_event *ev = x->st ? tr_store_events(x->st, &n) : NULL;
	for (size_t k = 0; k < n; k++) {
		if (ev[k].issue || ev[k].failure || strcmp(ev[k].field, TR_EVENT_STANDUP) != 0 || !ev[k].to)
			continue;
		bool withdrawn = false;
		for (size_t j = k + 1; j < n && !withdrawn; j++)
			withdrawn = !ev[j].to && ev[j].from && !ev[j].issue &&
			            strcmp(ev[j].field, TR_EVENT_STANDUP) == 0 && strcmp(ev[j].from, ev[k].at) == 0;
		if (withdrawn)
			continue;
		tr_json_open(o, '{');
		KEY(o, "at");
		tr_json_str(o, ev[k].at);
		KEY(o, "by");
		tr_json_str(o, ev[k].by);
		tr_json_close(o, '}');
	}
	tr_json_close(o, ']');
}

int tr_session_export(tr_session *s, FILE *out)
{
	const tr_model *m = tr_session_model(s);
	uint8_t *state = tr_session_states(s);
	bool *resolved = tr_calloc(m->nissues ? m->nissues : 1, sizeof *resolved);
	for (size_t i = 0; i < m->nissues; i++)
		resolved[i] = tr_graph_issue_resolved(&m->issues[i], state[i]);
	tr_graph *gr = tr_graph_new(m, resolved);
	const tr_store *st = tr_session_store(s);
	/* Each issue's latest change, in one pass over the events. */
	const tr_event **last = tr_calloc(m->nissues ? m->nissues : 1, sizeof *last);
	size_t nev = 0;
	const tr_event *ev = st ? tr_store_events(st, &nev) : NULL;
	for (size_t k = 0; k < nev; k++) {
		if (!ev[k].issue || ev[k].failure)
			continue;
		size_t i = tr_model_lookup(m, ev[k].issue);
		if (i < m->nissues && (!last[i] || strcmp(ev[k].at, last[i]->at) >= 0))
			last[i] = &ev[k];
	}
	session_export x = { m, gr, tr_session_history(s), st, last };
	tr_export_hooks hooks = { add_issue_keys, add_top_keys, &x };
	int rc = tr_export_write(m, &hooks, out);
	tr_graph_free(gr);
	free(last);
	free(resolved);
	free(state);
	return rc;
}
