/* The cluster-report reader: markdown (md4c, GitHub dialect) in, model out. */
#ifndef TRIAGE_REPORT_H
#define TRIAGE_REPORT_H

#include <stddef.h>
#include "triage/error.h"
#include "triage/model.h"

/* Reads the file at `path` into m (decoding and repairing its encoding
 * first).  On error nothing of that report stays in m, err says which file
 * (and line) and what is wrong, and -1 is returned. */
int tr_report_load_file(tr_model *m, const char *path, tr_error *err);

/* Same, from bytes already in memory; `path` is used in messages only. */
int tr_report_load_buffer(tr_model *m, const char *path, const char *data, size_t len,
                          tr_error *err);

/* Loads every file and calls tr_model_finish().  Stops at the first error. */
int tr_report_load_all(tr_model *m, char *const *paths, size_t n, tr_error *err);

#endif
