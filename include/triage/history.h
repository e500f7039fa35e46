/* History: the commits of the repository linked to the issues of a model.
 *
 * A commit is linked to an issue when its message closes it ("Fixes #305"),
 * mentions it ("#305", "(#305)", "GH-305", ".../issues/305"), or, with no
 * reference, changes one of the issue's test files.  What was scanned is
 * kept in an index in the git directory, so a later start reads only the
 * commits added since.  Messages and author names are untrusted: they are
 * kept as raw bytes here and must go through text.h before a terminal. */
#ifndef TRIAGE_HISTORY_H
#define TRIAGE_HISTORY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "triage/error.h"
#include "triage/model.h"
#include "triage/repo.h"
#include "triage/str.h"

/* Strongest first: a commit linked in two ways is shown with the first. */
#define TR_LINK_KIND_LIST(X)                  \
	X(FIXES,        "fixes")                  \
	X(MENTIONS,     "mentions")               \
	X(TOUCHES_TEST, "touches-test")

typedef enum {
#define X(name, word) TR_LINK_##name,
	TR_LINK_KIND_LIST(X)
#undef X
	TR_LINK_KIND_COUNT
} tr_link_kind;

const char *tr_link_kind_word(tr_link_kind k);

/* One issue reference found in a commit message. */
typedef struct tr_ref {
	unsigned long number;   /* 305 for "#305" */
	tr_link_kind kind;      /* TR_LINK_FIXES or TR_LINK_MENTIONS */
} tr_ref;

/* Finds the issue references in a commit message (any bytes; need not be
 * NUL-terminated).  Each number appears once, with its strongest kind, in
 * the order of first appearance.  Returns how many; *out is owned by the
 * caller (free), NULL when there are none. */
size_t tr_message_refs(const char *msg, size_t len, tr_ref **out);

/* The subject of a commit message as git shows it: the first paragraph with
 * its lines joined by single spaces.  Caller frees; raw bytes. */
char *tr_message_summary(const char *msg, size_t len);

typedef struct tr_commit {
	char id[41];            /* full hex id */
	char *author;           /* "Name <email>", after .mailmap */
	char *author_name;      /* the name alone */
	int64_t time;           /* author time, seconds since the epoch */
	int tz;                 /* the author's offset from UTC, in minutes */
	char *summary;          /* see tr_message_summary */
	uint32_t rank;          /* place among the linked commits as git log lists them
	                         * (newest committed first, children before parents) */
} tr_commit;

typedef struct tr_commit_link {
	const tr_commit *commit;
	tr_link_kind kind;
} tr_commit_link;

typedef struct tr_history_options {
	bool all;               /* every branch and tag (and HEAD), not only HEAD */
	bool no_index;          /* neither read nor write the index */
} tr_history_options;

/* What a load did, for tests, benchmarks and the curious. */
typedef struct tr_history_stats {
	size_t commits;         /* reachable from the tips */
	size_t tips;
	size_t scanned;         /* commits read from the object database this time */
	size_t trees;           /* tree objects read to find test-file changes */
	bool index_used;        /* a valid index was read and used */
	bool index_rejected;    /* an index was there but damaged or foreign */
	bool index_written;
	bool shallow;
	size_t unreadable;      /* commits or trees that could not be read (a partial
	                         * clone, damage): passed over, what else they would
	                         * have linked is missing; the index is not kept */
	size_t clamped;         /* commits read this time whose author date or time
	                         * zone was out of range, shown clamped */
} tr_history_stats;

typedef struct tr_history tr_history;

/* Walks the history of `repo` (HEAD, or everything with opt->all) and links
 * it to the issues of `m`.  opt may be NULL.  An unborn HEAD gives an empty
 * history, not an error.  On error returns NULL; the message names the
 * repository.  The history does not refer to m or repo once built. */
tr_history *tr_history_load(tr_repo *repo, const tr_model *m, const tr_history_options *opt,
                            tr_error *err);
void tr_history_free(tr_history *h);

/* The commits linked to issue `issue` (an index into the model given to
 * tr_history_load), newest first.  Returns how many; *out stays owned by h. */
size_t tr_history_issue(const tr_history *h, size_t issue, const tr_commit_link **out);
const tr_history_stats *tr_history_stats_get(const tr_history *h);
/* The one line saying what could not be read (stats.unreadable), else
 * what was out of range (stats.clamped), or NULL when neither.  Caller
 * frees. */
char *tr_history_unreadable_note(const tr_history *h);

/* "2025-09-11T16:48:00+02:00" for a time and an offset in minutes. */
void tr_history_format_time(char out[32], int64_t time, int tz, bool date_only);

/* What a console shows for one commit: its whole message and the paths it
 * changed against its first parent (everything, for a root commit). */
typedef struct tr_commit_detail {
	tr_commit commit;
	char *message;          /* raw bytes, NUL-terminated */
	tr_strv paths;          /* for a rename, the new path */
	char *status;           /* one letter per path: A, D, M, R, T, C */
	/* The change itself: lines added and removed per path (binary files
	 * count none), and the patch as lines, each led by what it is: 'F' a
	 * file's header ("path" or "old -> new"), '@' a hunk's header, '+'
	 * added, '-' removed, ' ' context, 'B' a binary file.  Untrusted
	 * text; cut after TR_DIFF_MAX_LINES lines (patch_cut says so). */
	size_t *added, *removed;
	bool *binary;           /* per path: a binary file, whose counts say nothing */
	size_t insertions, deletions;
	tr_strv patch;
	bool patch_cut;
} tr_commit_detail;

#define TR_DIFF_MAX_LINES 20000

/* `id` is a full or abbreviated hex id. */
tr_commit_detail *tr_commit_detail_load(tr_repo *repo, const char *id, tr_error *err);
void tr_commit_detail_free(tr_commit_detail *d);

#endif
