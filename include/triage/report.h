/* The cluster-report reader: markdown (md4c, GitHub dialect) in, model out. */
#ifndef TRIAGE_REPORT_H
#define TRIAGE_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include "triage/error.h"
#include "triage/model.h"

/* Reads the file at `path` into m (decoding and repairing its encoding
 * first); no issues in it is TR_NOTFOUND.  On error nothing of that report stays in m, err says which file
 * (and line) and what is wrong, and -1 is returned. */
int tr_report_load_file(tr_model *m, const char *path, tr_error *err);

/* Same, from bytes already in memory; `path` is used in messages only. */
int tr_report_load_buffer(tr_model *m, const char *path, const char *data, size_t len,
                          tr_error *err);

/* The largest report read, in bytes: a report is text someone wrote, and a
 * larger file (a log, an image, a sparse or growing file) is refused. */
#define TR_REPORT_MAX_BYTES (256ull << 20)

/* Called for each file of a set that is skipped, and for each note the
 * reader made on a report it read; `why` is one line that names the file
 * and says why ("guide.md: no issues in it (not a cluster report);
 * skipped", "big.md: from line 9 on, read in 4 parts: …"). */
typedef void (*tr_report_skip_fn)(void *ctx, const char *path, const char *why);

/* Loads the reports named and calls tr_model_finish().  A folder gives
 * every markdown file under it (.md, .markdown, …; sorted by path), leaving
 * out dot-folders such as .git, node_modules, symlinks to folders or out of
 * the folder, and anything that is not a regular file.  A file that cannot
 * be read, or has no issues, is skipped (said through `skip`, which may be
 * NULL) and the others load; -1 only when nothing could be read.  With one
 * file named, its error is returned as tr_report_load_file gives it.
 * The files are read on as many threads as there are processors to run
 * on (see tr_report_load_paths_jobs); `skip` is called on the caller's. */
int tr_report_load_paths(tr_model *m, char *const *paths, size_t n, tr_report_skip_fn skip,
                         void *ctx, tr_error *err);
/* Same, on up to `jobs` threads (0: one per processor this process may
 * run on, at most TR_JOBS_MAX).  The model, and every word said through
 * `skip` and its order, are the same whatever the number, for files that
 * do not change meanwhile.  A file found before (through a symlink or a
 * hard link) is not read again, and one the walk saw is not a regular file
 * is not opened. */
int tr_report_load_paths_jobs(tr_model *m, char *const *paths, size_t n, unsigned jobs,
                              tr_report_skip_fn skip, void *ctx, tr_error *err);
/* tr_report_load_paths without a word about what was skipped. */
int tr_report_load_all(tr_model *m, char *const *paths, size_t n, tr_error *err);

/* Whether a file name is a markdown file's: .md, .markdown, .mdown, .mkd, .mkdn. */
bool tr_report_markdown_name(const char *name);

#endif
