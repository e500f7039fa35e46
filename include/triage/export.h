/* The model as JSON (jansson).  Later layers (history, progress, graph) add
 * their keys to the objects this builds. */
#ifndef TRIAGE_EXPORT_H
#define TRIAGE_EXPORT_H

#include <jansson.h>
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

/* Later layers add their keys through hooks, so the export can stream. */
typedef struct tr_export_hooks {
	/* Adds keys to an issue's object just before it is written. */
	void (*issue)(void *ctx, size_t issue, json_t *obj);
	/* Adds keys, in order, after the model's own top-level keys. */
	void (*top)(void *ctx, json_t *obj);
	void *ctx;
} tr_export_hooks;

/* Writes the model as tr_export_dump(tr_export_model(m)) would, with the
 * hooks' keys, one element at a time.  hooks may be NULL.  0 or -1 when
 * the output could not be written. */
int tr_export_write(const tr_model *m, const tr_export_hooks *hooks, FILE *out);

#endif
