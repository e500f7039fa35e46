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

/* Writes root as indented JSON and a final newline.  Besides what JSON
 * escapes anyway (C0 controls), C1 controls and bidirectional overrides are
 * written as \uXXXX, so the output is inert on a terminal.  0 or -1. */
int tr_export_dump(json_t *root, FILE *out);
/* The same into a new string the caller frees. */
char *tr_export_dumps(json_t *root);

#endif
