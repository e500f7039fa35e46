/* The reader's private interfaces: the markdown walk (report_walk.c), the
 * text forms a report uses (report_text.c), test counts (report_counts.c),
 * dependency chains (report_chain.c), a small string map (report_map.c) and
 * merging a finished report into a model (report_merge.c).
 *
 * Block text lives in one arena per document and is referred to by offset,
 * so reading a 20,000-issue report costs a handful of allocations, not one
 * per paragraph. */
#ifndef TRIAGE_REPORT_INTERNAL_H
#define TRIAGE_REPORT_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "triage/model.h"
#include "triage/str.h"

/* ---- the markdown walk (report_walk.c) ------------------------------- */

typedef enum {
	RB_HEADING,     /* level 1..6 */
	RB_PARA,        /* lines separated by '\n' */
	RB_ITEM,        /* a list item's own text; lines separated by '\n' */
	RB_CODE,        /* a code block; lines separated by '\0' */
	RB_CELL,        /* a table cell; `number` is its column */
	RB_ROW_END,     /* no text */
	RB_TABLE_END,   /* no text */
} rb_kind;

typedef struct rb_block {
	size_t off, len;        /* text in rb_doc.arena; NUL-terminated */
	size_t span0;           /* first code span in rb_doc.spans */
	unsigned nspans;
	unsigned line;          /* 1-based line of the first text line; 0 if unknown */
	unsigned number;        /* ordered item number (0 for a bullet); cell column */
	unsigned char kind;     /* rb_kind */
	unsigned char level;    /* heading level */
	char task;              /* list item: 0 not a task, ' ' open, 'x' done */
	bool header;            /* a table header cell */
	bool has_ref;           /* a heading that names an issue ("#305") */
} rb_block;

/* A code span inside a block, as offsets into the block's text. */
typedef struct rb_span {
	size_t start, len;
} rb_span;

typedef struct rb_doc {
	tr_buf arena;
	rb_block *blocks;
	size_t nblocks, capblocks;
	rb_span *spans;
	size_t nspans, capspans;
	size_t *heads;          /* the headings' block indices, in order */
	size_t nheads, capheads;
} rb_doc;

/* Parses `len` bytes of UTF-8 markdown (GitHub dialect) into doc.  Returns
 * 0, or md4c's non-zero status when it gave up (out of memory). */
int rb_walk(rb_doc *doc, const char *text, size_t len);
void rb_doc_free(rb_doc *doc);

static inline const char *rb_text(const rb_doc *doc, const rb_block *b)
{
	return doc->arena.data ? doc->arena.data + b->off : "";
}

/* ---- text forms (report_text.c) -------------------------------------- */

/* An issue reference "#123": [start, end) includes the '#'.  A reference is
 * whole: "#3050" is not "#305", and "abc#305" is no reference at all. */
typedef struct rt_ref {
	size_t start, end;
} rt_ref;

/* Finds the first reference at or after `from`; false when there is none. */
bool rt_next_ref(const char *s, size_t n, size_t from, rt_ref *ref);
/* "#305" as a new string. */
char *rt_ref_id(const char *s, const rt_ref *ref);

bool rt_is_emoji(uint32_t cp);
/* A copy of s with emoji removed, whitespace runs (newlines too) collapsed
 * to one space and the ends trimmed.  Caller frees. */
char *rt_clean(const char *s, size_t n);
/* Length of the leading "Phase 2:" / "Phase 2 -" prefix, or 0. */
size_t rt_phase_prefix(const char *s, size_t n, long *number);
/* Whether text reads as a severity ("P0 CRITICAL", "HIGH PRIORITY",
 * "INFRASTRUCTURE"): a priority word, or a few upper-case words. */
bool rt_severity_like(const char *s, size_t n);

/* Splits a cleaned heading into title and severity (either may be NULL);
 * `refs` are the issue references found in it. */
void rt_heading_parts(const char *clean, const rt_ref *refs, size_t nrefs,
                      char **title, char **severity);

typedef enum {
	RL_NONE,
	RL_STATUS,
	RL_PRIORITY,
	RL_SEVERITY,
	RL_TEST_FILES,
	RL_DATE,
	RL_SCOPE,
} rl_kind;

/* Recognises "Status: …", "**Priority:** P1", "✅ Test Files: …" (markup is
 * already gone).  *value is the offset of the value within the line. */
rl_kind rt_label(const char *line, size_t n, size_t *value);

/* Whether a word looks like a source path: it has a '/' or ends in a
 * source-file extension. */
bool rt_path_like(const char *s, size_t n);

/* Case-insensitive ASCII search for `word` in s[0..n) at word boundaries. */
bool rt_has_word(const char *s, size_t n, const char *word);

/* ---- test counts (report_counts.c) ----------------------------------- */

typedef struct rc_counts {
	long failed, passed, skipped, total;    /* -1 = not said */
} rc_counts;

#define RC_COUNTS_NONE ((rc_counts){ -1, -1, -1, -1 })

typedef enum {
	RC_LINE_OTHER,          /* not a count: an ordinary failure line */
	RC_LINE_SUMMARY,        /* a summary (pytest, unittest, SKIPPED [n]): counts set */
	RC_LINE_GO_FAIL,        /* "--- FAIL: TestX": a failure, counted */
	RC_LINE_GO_PASS,        /* "--- PASS: TestX" */
	RC_LINE_GO_SKIP,        /* "--- SKIP: TestX" */
	RC_LINE_NOISE,          /* "=== RUN", "ok  pkg", "PASS": neither */
} rc_line_kind;

/* Prose such as "6 failed, 2 passed out of 8 tests", "All 7 … tests
 * failing", "3 of 10 tests fail".  Returns whether anything was found. */
bool rc_prose(const char *s, size_t n, rc_counts *out);
/* One line of a code block. */
rc_line_kind rc_code_line(const char *s, size_t n, rc_counts *out);

/* ---- a string map (report_map.c) ------------------------------------- */

/* Keys are copied; values are size_t.  Open addressing, grows by doubling. */
typedef struct rm_map {
	struct rm_slot *slots;
	size_t cap, used;
} rm_map;

#define RM_MAP_INIT { NULL, 0, 0 }
#define RM_NONE ((size_t)-1)

size_t rm_get(const rm_map *m, const char *key, size_t n);
/* Stores value under key unless the key is there; returns the value now stored. */
size_t rm_put(rm_map *m, const char *key, size_t n, size_t value);
void rm_free(rm_map *m);

/* ---- dependency chains (report_chain.c) ------------------------------ */

typedef enum { RCH_EMPTY, RCH_REF, RCH_NAME } rch_node_kind;

typedef struct rch_node {
	rch_node_kind kind;
	size_t start, len;      /* the reference ("#305") or the name, in the line */
} rch_node;

/* Splits a line at arrows (→ ⟶ ⇒ -> =>).  Returns the number of nodes
 * (0 when the line has no arrow); *nodes is reused across calls. */
size_t rch_split(const char *s, size_t n, rch_node **nodes, size_t *cap);

/* Titles of a model's issues, indexed by word for matching chain names. */
typedef struct rch_titles rch_titles;
rch_titles *rch_titles_new(const tr_model *m);
/* The issue whose title contains `name` (case-insensitive, whole words):
 * a named issue first, then the shortest title; (size_t)-1 when none. */
size_t rch_titles_find(rch_titles *t, const tr_model *m, const char *name, size_t n);
void rch_titles_free(rch_titles *t);

/* Prose dependencies: "#A blocks #B", "#B depends on #A (and #C)", "#B is
 * blocked by #A".  Calls edge(ctx, from, to, kind) with the references'
 * ranges in s, prerequisite first. */
typedef void (*rch_edge_fn)(void *ctx, const char *s, rt_ref from, rt_ref to, tr_edge_kind kind);
void rch_prose(const char *s, size_t n, rch_edge_fn edge, void *ctx);

/* ---- merging (report_merge.c) ---------------------------------------- */

/* Moves everything of `src` (one report, already checked) into `dst`: the
 * report entry, issues (the first definition's fields win; later ones fill
 * what is still empty; failures are appended) and edges.  `ids[i]`, when not
 * NULL, is the id issue i of src takes in dst.  src is left to be freed. */
void rm_merge(tr_model *dst, tr_model *src, char *const *ids);

#endif
