/* The export's JSON text (export_text.c): what the export's writers share,
 * and no one else uses. */
#ifndef TRIAGE_EXPORT_TEXT_H
#define TRIAGE_EXPORT_TEXT_H

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "triage/export.h"
#include "triage/str.h"

/* The export is written as text, piece by piece, rather than built as
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
	struct kept_quote *kept;        /* texts the model keeps once, quoted (jt_put_kept) */
	size_t kept_cap, kept_used;
	tr_buf kept_text;               /* what their slots point into */
};

/* A line break and n spaces, past what jt_line holds. */
void jt_deep_newline(tr_json_out *o, size_t n);
/* A key as put_key writes it, when it needs room or a deep indentation. */
void jt_put_key_slow(tr_json_out *o, const char *quoted, size_t n);

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

static const char jt_line[] = "\n                                ";

/* A line break and the indentation of the depth: nearly always copied as
 * one piece of a fixed size (a copy the compiler writes out), of which the
 * part needed is kept. */
static inline void newline(tr_json_out *o)
{
	size_t n = (size_t)o->depth * 2;
	if (n >= sizeof jt_line - 1) {
		jt_deep_newline(o, n);
		return;
	}
	room(o, sizeof jt_line);
	memcpy(o->data + o->len, jt_line, sizeof jt_line);
	o->len += n + 1;
}

/* The comma, the line break and its indentation and the key, with one
 * check for room: an export writes millions of keys. */
static inline void put_key(tr_json_out *o, const char *quoted, size_t n)
{
	size_t in = (size_t)o->depth * 2;
	if (in >= sizeof jt_line - 1 || o->cap - o->len < 1 + sizeof jt_line + n) {
		jt_put_key_slow(o, quoted, n);
		return;
	}
	char *p = o->data + o->len;
	*p = ',';
	p += !o->fresh;
	memcpy(p, jt_line, sizeof jt_line);
	p += in + 1;
	memcpy(p, quoted, n);
	o->len = (size_t)(p + n - o->data);
	o->fresh = false;
	o->keyed = true;
}

#define KEY(o, lit) put_key(o, "\"" lit "\": ", sizeof lit + 3)

/* s (n bytes) as a JSON string. */
void jt_put_string(tr_json_out *o, const char *s, size_t n);
/* Where the next element of an array, or the top value, goes. */
void jt_element_start(tr_json_out *o);
/* Where the next value goes: after its key (most of them, so that test is
 * made where the call is), or as the next element. */
static inline void jt_value_start(tr_json_out *o)
{
	if (o->keyed)
		o->keyed = false;
	else
		jt_element_start(o);
}
/* Hands what is written so far to o's file, once there is enough of it
 * (or all of it, when forced). */
void jt_flush(tr_json_out *o, bool force);
/* A text the model keeps once for all who hold it (tr_model_keep_text), as
 * a value; NULL as null. */
void jt_put_kept(tr_json_out *o, const char *s);
void jt_kept_free(tr_json_out *o);
/* s as a JSON string into b (nothing for NULL). */
void jt_quote(tr_buf *b, const char *s);
/* What was written, read back as jansson values; o's memory is freed. */
json_t *jt_read_back(tr_json_out *o);

#endif
