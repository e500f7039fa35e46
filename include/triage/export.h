/* The model as JSON: the export's text, streamed, and the same as jansson
 * values for those who want objects.  Later layers (history, progress,
 * graph) add their keys through hooks. */
#ifndef TRIAGE_EXPORT_H
#define TRIAGE_EXPORT_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include "triage/model.h"

/* A new reference the caller owns (json_decref). */
json_t *tr_export_model(const tr_model *m);
/* The object for one issue, as found in the "issues" array. */
json_t *tr_export_issue(const tr_model *m, size_t issue);

#include <stdio.h>
#include "triage/history.h"

/* An issue's commits as a JSON array of {id, summary, author, time, link}
 * (time as ISO 8601 with the author's offset), newest first.  h may be
 * NULL: an empty array.  A new reference. */
json_t *tr_export_commits(const tr_history *h, size_t issue);

/* Writes root as indented JSON and a final newline.  Besides what JSON
 * escapes anyway (C0 controls), C1 controls and bidirectional overrides are
 * written as \uXXXX, so the output is inert on a terminal.  0 or -1. */
int tr_export_dump(json_t *root, FILE *out);
/* The same into a new string the caller frees. */
char *tr_export_dumps(json_t *root);

/* The export's text is written a piece at a time in the layout above.  A
 * member of an object is a key followed by one value (or an opened and
 * closed container); an element of an array is a value.  Strings are
 * escaped as tr_export_dump() does; NULL is written as null. */
typedef struct tr_json_out tr_json_out;
void tr_json_key(tr_json_out *o, const char *key);
void tr_json_open(tr_json_out *o, char bracket);        /* '{' or '[' */
void tr_json_close(tr_json_out *o, char bracket);       /* '}' or ']' */
void tr_json_str(tr_json_out *o, const char *s);
void tr_json_strn(tr_json_out *o, const char *s, size_t n);
void tr_json_int(tr_json_out *o, long long v);
void tr_json_bool(tr_json_out *o, bool v);
void tr_json_null(tr_json_out *o);

/* Later layers add their keys through hooks, so the export can stream. */
typedef struct tr_export_hooks {
	/* Writes keys of an issue's object after the model's own (an issue
	 * several reports define ends with its in_reports). */
	void (*issue)(void *ctx, size_t issue, tr_json_out *o);
	/* Writes keys after the model's own top-level keys. */
	void (*top)(void *ctx, tr_json_out *o);
	void *ctx;
} tr_export_hooks;

/* Writes the model as tr_export_dump(tr_export_model(m)) would, with the
 * hooks' keys, one element at a time.  hooks may be NULL.  0 or -1 when
 * the output could not be written. */
int tr_export_write(const tr_model *m, const tr_export_hooks *hooks, FILE *out);

#endif
