/* The cluster model: what one or more cluster reports say, typed.
 *
 * Ownership: a tr_model owns every report, issue, edge, failure and string
 * reachable from it; tr_model_free() releases all of it.  Issues, edges and
 * reports are referred to by index so the arrays may grow while reading. */
#ifndef TRIAGE_MODEL_H
#define TRIAGE_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include "triage/str.h"

/* Normalised report status: enum name, the word used in exports and on the
 * command line. */
#define TR_ISSUE_STATUS_LIST(X)                                  \
	X(REPRODUCED,            "reproduced")                       \
	X(PARTIALLY_REPRODUCED,  "partially-reproduced")             \
	X(NOT_REPRODUCED,        "not-reproduced")                   \
	X(ROOT_CAUSE_IDENTIFIED, "root-cause-identified")            \
	X(CONFIRMED,             "confirmed")                        \
	X(BLOCKED,               "blocked")                          \
	X(OPEN,                  "open")                             \
	X(IN_PROGRESS,           "in-progress")                      \
	X(RESOLVED,              "resolved")                         \
	X(UNKNOWN,               "unknown")

typedef enum {
#define X(name, word) TR_ISSUE_##name,
	TR_ISSUE_STATUS_LIST(X)
#undef X
	TR_ISSUE_STATUS_COUNT
} tr_issue_status;

const char *tr_issue_status_word(tr_issue_status s);
/* Maps free text ("✅ SUCCESSFULLY REPRODUCED", "Partially reproduced", "ROOT
 * CAUSE IDENTIFIED", tracker words: "Open", "WIP", "Closed", "Fixed", "Done",
 * "Merged", or an emoji alone: ✅ resolved, 🔄 in progress) to a status;
 * TR_ISSUE_UNKNOWN when nothing fits. */
tr_issue_status tr_issue_status_from_text(const char *text);

/* The progress of an issue, as the progress store keeps it and the graph
 * colours it.  fixed, verified and wont-fix count as resolved. */
#define TR_STATE_LIST(X)                  \
	X(OPEN,        "open")                \
	X(IN_PROGRESS, "in-progress")         \
	X(FIXED,       "fixed")               \
	X(VERIFIED,    "verified")            \
	X(WONT_FIX,    "wont-fix")

typedef enum {
#define X(name, word) TR_STATE_##name,
	TR_STATE_LIST(X)
#undef X
	TR_STATE_COUNT
} tr_state;

const char *tr_state_word(tr_state s);
/* "in-progress" -> TR_STATE_IN_PROGRESS; -1 when the word is not a state. */
int tr_state_from_word(const char *word);
bool tr_state_resolved(tr_state s);

typedef enum { TR_PRIORITY_NONE = -1, TR_P0 = 0, TR_P1, TR_P2, TR_P3 } tr_priority;

/* "P0 CRITICAL" -> P0, "HIGH PRIORITY" -> P1, "medium" -> P2, "low" -> P3,
 * "INFRASTRUCTURE" -> none. */
tr_priority tr_priority_from_text(const char *text);
const char *tr_priority_word(tr_priority p);     /* "P0".."P3", or NULL */

/* Test counts; -1 means the report does not say. */
typedef struct tr_tests {
	long failed, passed, skipped;
} tr_tests;

typedef struct tr_failure {
	char *text;             /* as written, its lines joined by newlines (untrusted UTF-8) */
	char *signature;        /* normalised shape, see signature.h */
	size_t report;          /* index into model->reports */
	unsigned line;          /* 1-based line in that report */
} tr_failure;

/* The fields whose origin an issue keeps: enum name, the key in exports. */
#define TR_SOURCE_LIST(X)            \
	X(TITLE,    "title")             \
	X(PRIORITY, "priority")          \
	X(STATUS,   "status")            \
	X(TESTS,    "tests")             \
	X(PLAN,     "plan")

typedef enum {
#define X(name, word) TR_SOURCE_##name,
	TR_SOURCE_LIST(X)
#undef X
	TR_SOURCE_COUNT
} tr_source_field;

const char *tr_source_word(tr_source_field f);

/* Where a fact was read: a report and its 1-based line; line 0 when the
 * fact was not read from any. */
typedef struct tr_source {
	size_t report;
	unsigned line;
} tr_source;

/* What one report says of an issue that several reports define: kept for
 * each of them, where the issue's own fields give the first report's.  Its
 * texts are the model's (tr_model_keep_text). */
typedef struct tr_mention {
	size_t report;
	unsigned line;          /* where that report defines the issue */
	const char *title;      /* as that report gives it; may be NULL */
	tr_priority priority;
	tr_issue_status status;
	const char *status_text; /* may be NULL */
	tr_tests tests;
} tr_mention;

typedef struct tr_issue {
	char *id;               /* "#305"; a slug ("golden-path") for named issues */
	bool named;             /* true when the report gives it no number */
	char *title;            /* may be NULL */
	char *severity;         /* as written: "P0 CRITICAL"; may be NULL */
	tr_priority priority;
	tr_issue_status status;
	char *status_text;      /* as written; may be NULL */
	tr_strv test_files;
	tr_tests tests;
	tr_strv findings;
	tr_strv impact;
	tr_failure *failures;
	size_t nfailures, capfailures;
	char *plan_phase;       /* "P0", "Phase 2", ...; NULL when not planned */
	int plan_step;          /* order within the plan, 1-based; 0 if none */
	bool plan_done;         /* its plan step is checked done */
	tr_source sources[TR_SOURCE_COUNT];     /* where each field was read */
	tr_mention *mentions;   /* one per report, when more than one report defines it */
	size_t nmentions;
	size_t report;          /* where it was first defined */
	unsigned line;
} tr_issue;

#define TR_EDGE_KIND_LIST(X)               \
	X(CHAIN,      "chain")                 \
	X(BLOCKS,     "blocks")                \
	X(DEPENDS_ON, "depends-on")            \
	X(BLOCKED_BY, "blocked-by")            \
	X(TABLE,      "table")

typedef enum {
#define X(name, word) TR_EDGE_##name,
	TR_EDGE_KIND_LIST(X)
#undef X
} tr_edge_kind;

const char *tr_edge_kind_word(tr_edge_kind k);

/* A dependency: `from` must be resolved before `to` can be. */
typedef struct tr_edge {
	size_t from, to;        /* issue indices */
	tr_edge_kind kind;
	size_t report;
	unsigned line;
} tr_edge;

typedef struct tr_failure_group {
	char *signature;
	size_t count;           /* failure lines with this signature */
	size_t *issues;         /* distinct issue indices, in model order */
	size_t nissues;
} tr_failure_group;

/* The issues that wait on each other: a strongly connected component, or
 * an issue waiting on itself (n == 1).  When `ring`, each waits on the one
 * before it (edges run issues[k] -> issues[k+1] -> ... -> issues[0]) and
 * the issues are in that order, from the first in the model; otherwise the
 * paths between them cross, and they are in model order. */
/* The strongly connected components of a graph of n nodes in CSR form (v's
 * successors are adj[start[v]] .. adj[start[v + 1] - 1]), by Tarjan's
 * algorithm, iteratively: comp[v] gets v's component, numbered in the order
 * they complete, so an edge between two components runs to a lower number;
 * order (may be NULL) gets every node, component by component in that
 * order, each component's in the order the walk reached them.  Returns how
 * many components there are. */
size_t tr_scc(size_t n, const size_t *start, const size_t *adj, size_t *comp, size_t *order);

typedef struct tr_cycle {
	size_t *issues;
	size_t n;
	bool ring;
} tr_cycle;

typedef struct tr_report {
	char *path;
	char *title;            /* first heading; may be NULL */
	char *executed_at;      /* as written; may be NULL */
	char *encoding;         /* what was read and repaired, e.g. "utf-8, mojibake (mac-roman) repaired" */
	tr_strv scope;          /* issue ids the report says are in scope */
	tr_strv notes;          /* what the reader did that its user should know, one line each */
	size_t nissues;         /* issues defined by this report */
} tr_report;

struct tr_id_index;

typedef struct tr_model {
	tr_report *reports;
	size_t nreports, capreports;
	tr_issue *issues;
	size_t nissues, capissues;
	tr_edge *edges;
	size_t nedges, capedges;
	tr_failure_group *groups;       /* filled by tr_model_finish() */
	size_t ngroups;
	tr_cycle *cycles;               /* filled by tr_model_finish() */
	size_t ncycles;
	struct tr_id_index *index;      /* id -> issue index */
} tr_model;

tr_model *tr_model_new(void);
void tr_model_free(tr_model *m);
/* Empties m, as if freed and made new, but keeps room it had (up to a
 * report's worth) for what is put in it next: one model serves every
 * report of a folder in turn. */
void tr_model_clear(tr_model *m);

/* Adds a report entry and returns its index. */
size_t tr_model_add_report(tr_model *m, const char *path);

/* Makes room for `nissues` issues in all, so that a reader that knows
 * about how many a report defines does not grow the table step by step
 * (each step copies it, and the last leaves up to half of it unused). */
void tr_model_reserve(tr_model *m, size_t nissues);
/* A copy of `text` that the model keeps until it is freed, one for all
 * equal texts (NULL for NULL): a mention's title and status, which the
 * reports of a folder repeat for each issue they share. */
const char *tr_model_keep_text(tr_model *m, const char *text);
/* Returns the index of the issue with that exact id, or TR_NONE. */
size_t tr_model_lookup(const tr_model *m, const char *id);
/* The same for n ids at once, into out[0..n): faster than one at a time
 * for many ids in a large model. */
void tr_model_lookup_all(const tr_model *m, const char *const *ids, size_t n, size_t *out);
/* Finds or creates the issue `id`; a new one is recorded as defined at
 * (report, line).  Returns its index. */
size_t tr_model_intern(tr_model *m, const char *id, bool named, size_t report, unsigned line);
/* Renames an issue (used when a chain names an unnumbered section). */
void tr_model_rename(tr_model *m, size_t issue, const char *new_id);

/* Adds an edge unless the same from/to pair is already there. */
void tr_model_add_edge(tr_model *m, size_t from, size_t to, tr_edge_kind kind,
                       size_t report, unsigned line);
/* Removes the edges e with drop[e] set, keeping the others in order. */
void tr_model_drop_edges(tr_model *m, const bool *drop);
void tr_issue_add_failure(tr_issue *is, const char *text, size_t report, unsigned line);
/* Same, for a failure of several lines whose signature comes from `key`,
 * the part that says what went wrong (a traceback's exception line). */
void tr_issue_add_failure_keyed(tr_issue *is, const char *text, const char *key, size_t report,
                                unsigned line);

/* Computes failure groups and cycles, and sorts nothing: issues keep the
 * order in which the reports define them.  Call once after loading. */
void tr_model_finish(tr_model *m);

/* Command-line spelling of an issue: "305", "#305", "GH-305", "gh-305" all
 * give "#305"; anything else is returned as a lower-case slug ("Golden Path"
 * -> "golden-path").  Caller frees. */
char *tr_issue_id_from_arg(const char *arg);
/* Looks an argument up the same way; TR_NONE when unknown. */
size_t tr_model_find_arg(const tr_model *m, const char *arg);
/* "Golden Path Workflow" -> "golden-path-workflow".  Caller frees. */
char *tr_slug(const char *text);

#endif
