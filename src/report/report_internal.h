/* The reader's private interfaces: the markdown walk (report_walk.c), the
 * issue references (report_refs.c) and other text forms a report uses
 * (report_text.c), test counts (report_counts.c),
 * dependency chains (report_chain.c; the names in them, report_titles.c)
 * and merging a finished report into a model (report_merge.c).
 *
 * Block text lives in one arena per document and is referred to by offset,
 * so reading a 20,000-issue report costs a handful of allocations, not one
 * per paragraph. */
#ifndef TRIAGE_REPORT_INTERNAL_H
#define TRIAGE_REPORT_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "triage/error.h"
#include "triage/map.h"
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

/* What a code block's info string says it holds: it decides how much of
 * it can be error output. */
typedef enum {
	RB_LANG_NONE,           /* no info string, or an indented block */
	RB_LANG_OUTPUT,         /* text, console, output, log, … */
	RB_LANG_SHELL,          /* bash, sh, shell, …: commands with their output */
	RB_LANG_JSON,           /* json, jsonl, ndjson */
	RB_LANG_DATA,           /* yaml, toml, ini, xml, csv, … */
	RB_LANG_CODE,           /* a programming language */
	RB_LANG_DIFF,           /* diff, patch */
} rb_lang;

/* A block's length and first span fit 32 bits: md4c's offsets do, and the
 * text of a block is never longer than what it was written as.  A block
 * per line or two of a report: each byte less is pages less to touch. */
typedef struct rb_block {
	size_t off;             /* text in rb_doc.arena; NUL-terminated */
	uint32_t len;
	uint32_t span0;         /* first code span in rb_doc.spans */
	unsigned nspans;
	unsigned line;          /* 1-based line of the first text line; 0 if unknown */
	unsigned number;        /* ordered item number (0 for a bullet); cell column */
	unsigned lead_bold;     /* end of a bold span the text opens with, or 0 */
	unsigned char kind;     /* rb_kind */
	unsigned char level;    /* heading level; a list item's nesting depth (1 = top) */
	unsigned char lang;     /* code blocks: rb_lang */
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
	/* The blocks but code whose text has a '-' before a digit, in order:
	 * only these may hold a tracker key ("AMI-106"; rd_learn_keys). */
	size_t *dashed;
	size_t ndashed, capdashed;
	unsigned parts;         /* parts cut for runs of bracket lines (see rb_walk) */
	unsigned split_line;    /* the first line a part starts at, when parts > 1 */
	/* The walk's table of line starts, needed only while it runs: kept
	 * here for the next walk, as the rest is (rb_doc_empty). */
	uint32_t *starts;
	size_t capstarts;
} rb_doc;

/* The kind of a code block's info string ("python", "json {.x}"). */
rb_lang rb_lang_of(const char *info, size_t n);

/* md4c takes time quadratic in the lines of one paragraph that hold link
 * brackets ("[a](" on 200,000 lines: minutes).  No report written by hand
 * comes near this many such lines without a blank line between them;
 * beyond it the text is parsed in parts, each ending at a line start, and
 * doc->parts says so.  A table's rows are read one by one, in linear time:
 * they are cut only past RB_TABLE_RUN_MAX, a bound in case a paragraph was
 * still taken for a table (find_cuts asks md4c about each table's head). */
#define RB_BRACKET_RUN_MAX 5000
#define RB_TABLE_RUN_MAX 250000

/* Tables, for the cut (report_parts.c): a row's cells (pipes not escaped,
 * less a leading and a trailing one; 0 for none); a delimiter row's cells,
 * or 0; whether a line ends a table (a list item, a quote); whether md4c
 * reads these lines as a table's head. */
size_t rb_row_cells(const char *s, size_t n);
size_t rb_underline_cells(const char *s, size_t n);
bool rb_ends_table(const char *s, size_t n);
bool rb_md4c_table_head(const char *s, size_t n);

/* Parses `len` bytes of UTF-8 markdown (GitHub dialect) into doc, zeroed
 * or emptied by rb_doc_empty.  Returns 0, or md4c's non-zero status when it
 * gave up (out of memory). */
int rb_walk(rb_doc *doc, const char *text, size_t len);

/* A text of more than this is given to md4c in parts of about this size,
 * cut before headings where that reads the same as the whole (see
 * report_walk.c): md4c's tables then stay small. */
#define RB_PART_BYTES (64 * 1024)
/* rb_walk with parts of `part` bytes or more; 0: the whole text at once
 * (but for the cuts RB_BRACKET_RUN_MAX asks for). */
int rb_walk_parts(rb_doc *doc, const char *text, size_t len, size_t part);
void rb_doc_free(rb_doc *doc);
/* Empties doc for the next walk, keeping its buffers of up to `keep` bytes
 * (larger ones, a huge report's, are freed). */
void rb_doc_empty(rb_doc *doc, size_t keep);

/* A block's code spans; NULL when it has none (the document may have no
 * table of spans at all). */
static inline const rb_span *rb_spans(const rb_doc *doc, const rb_block *b)
{
	return b->nspans ? doc->spans + b->span0 : NULL;
}

static inline const char *rb_text(const rb_doc *doc, const rb_block *b)
{
	return doc->arena.data ? doc->arena.data + b->off : "";
}

/* ---- references (report_refs.c) and text forms (report_text.c) ------ */

/* An issue reference as a report writes it: "#123", "GH-123", a link to
 * ".../issues/123" (each the issue "#123"), a tracker key "PROJ-123", a
 * bracketed id "[CACHE-DTYPE-002]" (the issue "PROJ-123", "CACHE-DTYPE-002")
 * or an issue of another repository "owner/repo#123" (kept as written).
 * A reference is whole: "#3050" is not "#305", "abc#305" and "v2-3" are no
 * references, and a number that counts something local ("WHY #1", "PR
 * #418", "Build #812", "#1 priority") is none either. */
typedef enum {
	RT_HASH,        /* #123 */
	RT_GH,          /* GH-123, gh-123 */
	RT_URL,         /* .../issues/123 */
	RT_TRACKER,     /* PROJ-123: an issue only where the report uses PROJ as its keys */
	RT_BRACKET,     /* [PROJ-123], [CACHE-DTYPE-002] */
	RT_REPO,        /* owner/repo#123: an issue of another repository, kept as written */
	RT_WORD,        /* Issue 7, Issue 007: an issue only where the report keys its
	                 * items so (see rd_learn_keys); "#7", or "007" as written */
} rt_form;

typedef struct rt_ref {
	size_t start, end;      /* the reference as written, in s */
	size_t key, keylen;     /* the key in s: "123" of a number, "PROJ-123" */
	unsigned char form;     /* rt_form */
	bool padded;            /* RT_WORD: the number starts with a 0 ("007") */
} rt_ref;

static inline bool rt_word_padded(const rt_ref *ref)
{
	return ref->form == RT_WORD && ref->padded;
}

/* Finds the first reference at or after `from`; false when there is none. */
bool rt_next_ref(const char *s, size_t n, size_t from, rt_ref *ref);
/* The reference that starts at s[at], if one does. */
bool rt_ref_at(const char *s, size_t n, size_t at, rt_ref *ref);
/* Whether the issue's id is "#" and the number (the GitHub forms). */
static inline bool rt_numbered(const rt_ref *ref)
{
	return ref->form == RT_HASH || ref->form == RT_GH || ref->form == RT_URL ||
	       (ref->form == RT_WORD && !rt_word_padded(ref));
}
/* The next tracker key ("PROJ-123") at or after `from`, quickly. */
bool rt_next_tracker(const char *s, size_t n, size_t from, rt_ref *ref);
/* Length of a tracker key's prefix ("PROJ" of "PROJ-123"). */
size_t rt_prefix_len(const char *s, const rt_ref *ref);
/* Whether a line may hold a reference, cheaply: most lines hold none. */
bool rt_may_ref(const char *s, size_t n);
/* The same, but for "Issue 7" only when `words`: a report that does not key
 * its items so (reader.word_keys) takes no such reference. */
bool rt_may_ref_in(const char *s, size_t n, bool words);
/* The issue's id ("#305", "PROJ-123") as a new string. */
char *rt_ref_id(const char *s, const rt_ref *ref);

bool rt_is_emoji(uint32_t cp);
/* A copy of s with emoji removed, whitespace runs (newlines too) collapsed
 * to one space and the ends trimmed.  Caller frees. */
char *rt_clean(const char *s, size_t n);
/* rt_clean for a text only read and let go: in `small` when it fits (most
 * lines and headings do), else on the heap; free with rt_clean_free(). */
#define RT_SMALL 512
char *rt_clean_tmp(const char *s, size_t n, char small[RT_SMALL]);
void rt_clean_free(char *clean, char small[RT_SMALL]);
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
	RL_RISK,        /* "Risk Level: LOW": the risk of a change; only a P-level ranks */
	RL_TEST_FILES,
	RL_DATE,
	RL_SCOPE,
	RL_ISSUE,       /* "**GitHub Issue:** [#254](…)": the issue a section is about */
} rl_kind;

/* Recognises "Status: …", "**Priority:** P1", "✅ Test Files: …" (markup is
 * already gone; report_labels.c).  *value is the offset of the value within
 * the line. */
rl_kind rt_label(const char *line, size_t n, size_t *value);

/* Whether a label's name s[0..n) (what comes before its colon) may be one
 * that rt_label reads as RL_ISSUE, cheaply: it has an 's', a 'k', an 'r' or
 * a 'g', and all the letters, in either case, of "issue", "ticket", "bug",
 * "member", "jira" or "linear".  "Status" and "Test File" have not. */
bool rt_may_name_issue(const char *s, size_t n);

/* Where the references of an issue label's value start, when the value
 * starts with one ("GitHub Issue #1184", "[#267 - BUG] …", "#271, #317");
 * TR_NONE when it does not ("`_cleanup` is async"). */
size_t rt_issue_value(const char *v, size_t n);
/* Length of a local number leading a heading: "1. ", "Issue 1: ",
 * "CLUSTER 4 - ", "BUG #1:" is not one (it has a reference); 0 if none. */
size_t rt_local_prefix(const char *s, size_t n);

/* Length of a short item key leading s ("C3", "B12"), or 0.  Such a key
 * names an issue only where it keys an item: a heading's lead, a table's
 * key column, a list item's lead. */
size_t rt_short_key(const char *s, size_t n);

/* The next word at or after i whose first byte `first` holds (ASCII letters
 * only), or n.  A word starts after a byte that is no letter or digit. */
size_t rt_next_word_start(const char *s, size_t n, size_t i, const bool first[256]);

/* The first explicit P-level written in s ("(P1)", "P0-critical", "| P2 |"):
 * 0..3, or -1 when there is none or it is outside P0..P3 ("P4"). */
int rt_plevel(const char *s, size_t n);

/* A copy of s[0..n) without the spaces around it; NULL when nothing is left. */
char *rt_trim_dup(const char *s, size_t n);

/* Whether a word looks like a source path: it has a '/' or ends in a
 * source-file extension. */
bool rt_path_like(const char *s, size_t n);

/* Case-insensitive ASCII search for `word` (written in lower case) in
 * s[0..n) at word boundaries. */
bool rt_has_word(const char *s, size_t n, const char *word);
/* Whether any of `words` (lower case) is in s[0..n), as rt_has_word: in
 * one pass over s, however many words. */
bool rt_has_any_word(const char *s, size_t n, const char *const *words, size_t nwords);
/* A list of at most RT_WORDS_MAX words prepared once for rt_has_words,
 * where every line is asked about it: rt_has_any_word prepares its list
 * on each call. */
#define RT_WORDS_MAX 64
typedef struct rt_words {
	const char *const *words;
	unsigned char n;                /* how many; 0: not prepared yet */
	unsigned char head[32], next[RT_WORDS_MAX];
} rt_words;
void rt_words_prepare(rt_words *w, const char *const *words, size_t n);
bool rt_has_words(const char *s, size_t n, const rt_words *w);

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
/* "104/113 tests passing", "3/10 tests failing", "7/7 PASSED", "success
 * rate (47/51 tests)": the first such count in s, into out; *at is where
 * it starts.  "6/7 decorators working" and "3/3 attempts failed" are none. */
bool rc_ratio(const char *s, size_t n, rc_counts *out, size_t *at);
/* One line of a code block. */
rc_line_kind rc_code_line(const char *s, size_t n, rc_counts *out);

/* ---- dependency statements (report_chain.c) -------------------------- */

/* The ids of a list of references starting at the first one at or after
 * `at`, when at most `lead` bytes of the same clause come before it: "#3,
 * #5 and #6", "(#61, #62)", "#103 (Treasure Cards), #107", ranges
 * "#61-64" and "#40-#45" expanded.  Pushes its ends; returns where the list
 * ends, or 0 when there is none. */
typedef struct rch_end {
	rt_ref ref;             /* the reference in the line */
	long num;               /* >= 0: the issue "#num" a range stands for */
} rch_end;

typedef struct rch_ends {
	rch_end *v;
	size_t n, cap;
} rch_ends;

void rch_ends_free(rch_ends *ids);
size_t rch_list(const char *s, size_t n, size_t at, size_t lead, rch_ends *ids);

/* The list a text leads with, after markup and "Issue" ("**#126 - Title**",
 * "4. **Issue #111** - Title"): pushes its ends; returns where it ends, or
 * 0. */
size_t rch_lead(const char *s, size_t n, rch_ends *ids);

/* Statements in words, in one line: "#A blocks #B", "#B is blocked by #A",
 * "#B depends on / requires / needs #A", "#A enables #B", "#A is a
 * prerequisite for #B", "#A, #B and #C must complete before #D", "#D can
 * start once #40-45 are resolved", "#D (after #A, #B)", "#A, #B all depend
 * on this", labels "Blocked by: #A", "Dependencies: #A, #B", "Blocks: #C".
 * Calls edge() with the ends, prerequisite first; an end is NULL for the
 * issue the line is about (a label with no subject of its own, "this"). */
typedef void (*rch_edge_fn)(void *ctx, const char *s, const rch_end *from, const rch_end *to,
                            tr_edge_kind kind);
/* *keep holds the lists found from one line to the next, so that a line
 * costs no allocation once the lines before it made room: NULL at first,
 * rch_lists_free()d after the last. */
typedef struct rch_lists rch_lists;
void rch_prose(const char *s, size_t n, rch_lists **keep, rch_edge_fn edge, void *ctx);
void rch_lists_free(rch_lists *ls);

/* A line split at arrows (→ ⟶ -> =>).  A node is a list of references
 * (the first segment's last list, or a list leading a later segment), a
 * name, or something else: a verb ("→ blocks #3", read as prose), a state
 * ("→ RESOLVED"), a value ("40%"), words around a reference. */
typedef enum { RCH_EMPTY, RCH_REF, RCH_NAME, RCH_OTHER } rch_node_kind;

typedef struct rch_node {
	rch_node_kind kind;
	size_t start, len;      /* the list (for rch_list) or the name, in the line */
	bool left;              /* the arrow before it points left ("#3 ← #2") */
	size_t id0, nids;       /* RCH_REF: the list's ends, in those rch_split gives */
} rch_node;

/* Returns the number of nodes (0 when the line has no arrow); *nodes is
 * reused across calls.  The ends of the lists are pushed onto ids, emptied
 * first. */
size_t rch_split(const char *s, size_t n, rch_node **nodes, size_t *cap, rch_ends *ids);

/* What an arrow says: nothing, something only a dependency map makes a
 * dependency (bare), or a dependency with the prerequisite before it
 * ("↓ blocks") or after it ("→ depends on"). */
enum { RCH_NOT, RCH_BARE, RCH_FORWARD, RCH_BACKWARD };

/* A line that is a downward arrow between two lines of a map: "↓",
 * "↓ blocks". */
int rch_down(const char *s, size_t n);
/* A line starting with an arrow ("  → #102 (Player Cards)"): the offset
 * after the arrow, or 0. */
size_t rch_leading_arrow(const char *s, size_t n);
/* A legend "→ depends on / is blocked by", "→ means 'is blocked by'", "A ←
 * B means B blocks A", "A → B: A depends on B": what a right arrow means,
 * -1 (it points to the prerequisite) or 1 (to the dependent), whichever
 * way the legend draws it; 0 when the line is no legend. */
int rch_legend(const char *s, size_t n);

/* A table column's name: -1 when its cells name the row's prerequisites
 * ("Depends On", "Should be blocked by", "Requires"), 1 when they name the
 * issues the row blocks ("Blocks", "Enables"), 0 otherwise. */
int rch_column(const char *name);

/* Titles of a model's issues, indexed by word for matching chain names
 * (report_titles.c). */
typedef struct rch_titles rch_titles;
rch_titles *rch_titles_new(const tr_model *m);
/* The issue whose title contains `name` (case-insensitive, whole words):
 * a named issue first, then the shortest title; TR_NONE when none. */
size_t rch_titles_find(rch_titles *t, const tr_model *m, const char *name, size_t n);
void rch_titles_free(rch_titles *t);

/* ---- merging (report_merge.c) ---------------------------------------- */

/* Moves everything of `src` (one report, already checked) into `dst`: the
 * report entry, issues (the first definition's fields win; later ones fill
 * what is still empty; failures are appended) and edges.  `ids[i]`, when not
 * NULL, is the id issue i of src takes in dst.  src is left to be freed. */
void rm_merge(tr_model *dst, tr_model *src, char *const *ids);

/* ---- the reader's state (report.c and the rd_ files) ------------------ */

/* Heading levels run 1..6; arrays indexed by level leave 0 unused. */
#define RD_LEVELS 7

typedef enum { H_PLAIN, H_ISSUE, H_NARROW } h_role;

typedef struct heading {
	size_t block;
	unsigned level;
	size_t parent;          /* enclosing heading, or TR_NONE */
	unsigned ref_levels;    /* bit L: a child heading of level L names an issue */
	bool has_refs;
	signed char has_label;  /* its section has a Status or test-file label: 1, 0, -1 not yet read */
	h_role role;
	size_t set;             /* ISSUE/NARROW: its issues (see reader.sets) */
	signed char impact;     /* says impact / implication / risk: 1, 0, -1 not yet read */
	signed char plan;       /* says recommendation / plan / phase...: 1, 0, -1 not yet read */
	signed char related;    /* says related / see also...: 1, 0, -1 not yet read */
	signed char deps;       /* says dependency / blocker / prerequisite: 1, 0, -1 not yet read */
	signed char plevel;     /* P-level written in it, -1 none, -2 not yet read */
	signed char goals;      /* says goals / success criteria: 1, 0, -1 not yet read */
	signed char status;     /* the status it names ("## Resolved"), -1 none, -2 not yet read */
	bool fallback;          /* an unkeyed item read as a named issue (rd_fallback_items) */
	size_t alias;           /* a heading of the same local number and title that names
	                         * the issue ("## Issue 2: T" / "### Issue 2: T" over
	                         * "**GitHub Issue:** #997"), or TR_NONE */
} heading;

typedef struct issue_extra {
	long total;             /* "out of 8 tests"; -1 */
	long go[3];             /* go test --- FAIL / PASS / SKIP lines */
	bool go_seen;
	char *new_id;           /* the name a chain gives a named issue */
	signed char group;      /* P-level of a group heading it falls under; -1 */
	unsigned group_line;    /* that heading's line */
	size_t in_set;          /* 1 + the set it was last added to, 0 none: sets stay O(1) */
	size_t probe;           /* stamp of the last membership probe that found it */
	size_t status_heading;  /* the status section it sits in ("## Resolved"), or TR_NONE */
	bool unblocked;         /* the report says it has no blockers ("(0 blockers)") */
} issue_extra;

typedef enum { DEP_LINE, DEP_TABLE_DEPENDS, DEP_TABLE_BLOCKS } dep_kind;

typedef struct pending_dep {
	dep_kind kind;
	size_t off, len;
	unsigned line;
	size_t issue;           /* table rows: the row's issue (a cell's statement is about it) */
	/* Where the line stands, for the issue a statement without a subject
	 * is about and for what a bare arrow means there. */
	size_t set;             /* the section's issues (reader.target), or TR_NONE */
	size_t item;            /* the list item the line is in, or TR_NONE */
	size_t parent;          /* that item's parent item, or TR_NONE */
	size_t code;            /* the code block the line is in, or TR_NONE */
	size_t heading;         /* the innermost heading in force when it names issues
	                         * without opening their section ("### Issue #1295 -
	                         * PENDING" under #1296's), or TR_NONE */
	bool first;             /* the item's first line */
	size_t section;         /* the innermost heading in force (r->heads), or TR_NONE */
	bool map;               /* a heading in force speaks of dependencies */
	unsigned char known;    /* DEP_* that whoever set the line aside saw, so that
	                         * rd_read_deps need not look again; 0: none */
} pending_dep;

/* What is known of a pending line's bytes: no '<' or '>', no byte 0xE2 (no
 * arrow in UTF-8), or something a drawing is read from found ('<', '>', an
 * arrow or the word "arrow"). */
enum { DEP_NO_ANGLE = 1, DEP_NO_E2 = 2, DEP_DRAWS = 4 };

typedef struct pending_plan {
	size_t block;
	size_t heading;         /* nearest heading, or TR_NONE */
} pending_plan;

/* A code block whose failures are read after the others (rd_read_failures),
 * with the set of issues it belongs to. */
typedef struct pending_code {
	size_t block;
	size_t set;
} pending_code;

typedef enum {
	COL_OTHER, COL_ISSUE, COL_TITLE, COL_PRIORITY, COL_STATUS,
	COL_FAILED, COL_PASSED, COL_SKIPPED, COL_DEPENDS, COL_BLOCKS,
} col_role;

/* References of one piece of text; the vector is reused. */
typedef struct rd_refv {
	rt_ref *v;
	size_t n, cap;
} rd_refv;

/* A status text and what it reads as (rd_status_of). */
#define RD_STATUS_MEMO 16
#define RD_STATUS_MEMO_TEXT 62
typedef struct rd_status_memo {
	unsigned char len;      /* the text's length + 1; 0: empty */
	signed char status;
	char text[RD_STATUS_MEMO_TEXT];
} rd_status_memo;

/* A heading's text, by the block that holds it, and whether it says one
 * of a list of words (rd_heading_says). */
#define RD_SAYS_MEMO 32
typedef struct rd_says_memo {
	const char *const *words;       /* NULL: empty */
	uint32_t hash;
	uint32_t block;
	bool says;
} rd_says_memo;

typedef struct reader {
	tr_model *m;            /* this report's own model */
	rb_doc doc;
	heading *heads;
	size_t nheads;
	unsigned root_ref_levels;
	size_t *sets;           /* each set: count, then issue indices */
	size_t nsets, capsets;
	issue_extra *extra;
	size_t capextra;
	pending_dep *deps;
	size_t ndeps, capdeps;
	pending_plan *plans;
	size_t nplans, capplans;
	pending_code *codes;
	size_t ncodes, capcodes;
	tr_smap claimed;         /* new ids given by chains -> issue */
	tr_smap prefixes;        /* tracker prefix -> how it is used (see rd_learn_keys) */
	unsigned char word_keys;/* "Issue 7" keys items: 0 never, 1 zero-padded only, 2 all */
	uint64_t *numkeys;      /* "#305" -> issue, by number: number + 1, 0 empty */
	size_t *numvals;
	size_t numcap, numused;
	tr_buf scratch;
	rd_refv refs;           /* a heading's or a plan item's references */
	/* Kept from one code block to the next (report_failures.c): a report
	 * has thousands, and each would allocate these afresh. */
	tr_buf fail_text, fail_key;
	void *fail_lines;
	size_t capfail_lines;
	size_t probes;          /* membership probes made (see rd_set_mark) */
	size_t run_first;       /* the first list item of the run being read */
	/* The statuses of recent label texts (rd_status_of): a report writes
	 * the same few thousands of times. */
	rd_status_memo status_memo[RD_STATUS_MEMO];
	unsigned status_next;   /* the place the next new text takes */
	/* What rd_heading_says found in recent heading texts: a report repeats
	 * its subsections' headings ("Test Results") under every issue. */
	rd_says_memo says_memo[RD_SAYS_MEMO];
	signed char run_related;/* its lead-in says related / see also: 1, 0, -1 not yet read */
	rt_words goal_later;    /* the words of goals and of later runs (report_lines.c) */

	/* where the walk is */
	size_t active[RD_LEVELS];       /* heading per level */
	size_t target;          /* the set content goes to, or TR_NONE */
	bool impact;
	size_t title_heading;   /* the report's first heading */
	size_t items[8];        /* the list item last read at each depth (1..7), or TR_NONE */
	/* The issue the item at each depth leads with ("- **#342**: title"),
	 * RD_MENTION for a key it only mentions (under related words), or
	 * TR_NONE; it holds while owner_item[depth] is items[depth]. */
	size_t owner[8], owner_item[8];
	unsigned at_line;       /* the line being read, for the sources of fields */
	size_t item;            /* the list item being read, or TR_NONE */
	bool item_first;        /* reading that item's first line */
	size_t code;            /* the code block being read, or TR_NONE */
	bool intro_deps;        /* the last paragraph introduced dependencies
	                         * ("**Issue Dependencies:**") */

	/* the table being read */
	col_role *cols;
	size_t ncols, capcols;
	bool issue_table;
	size_t *row;            /* cell blocks of the current row */
	size_t nrow, caprow;
} reader;

/* reader.owner: an item led by a key that names no issue of its own. */
#define RD_MENTION (TR_NONE - 1)

#define FOR_SET(r, set, var) \
	for (size_t _k = 0, var; _k < (r)->sets[set] && ((var = (r)->sets[(set) + 1 + _k]), 1); _k++)

/* report_ids.c: issues by reference, sets of issues, pending dependencies */
issue_extra *rd_extra(reader *r, size_t issue);
/* Sets the extras from `from` to r->capextra as a new issue's. */
void rd_extra_init(reader *r, size_t from);
/* Room for `nissues` issues in the report's model and their extras at once
 * (see tr_model_reserve). */
void rd_reserve(reader *r, size_t nissues);
size_t rd_intern(reader *r, const char *id, bool named, unsigned line);
/* "#305" from a reference, in `small` when it fits (it nearly always
 * does); free the result with rd_free_id(). */
char *rd_ref_id(const char *s, rt_ref ref, char small[32]);
void rd_free_id(char *id, char small[32]);
/* The references in s that name issues of this report, into v (emptied
 * first); returns how many. */
size_t rd_refs(const reader *r, const char *s, size_t n, rd_refv *v);

/* Learns which tracker prefixes ("AMI" of "AMI-106") key this report's items. */
void rd_learn_keys(reader *r);
/* Whether a heading leads with "Issue 007" that keys its item. */
bool rd_word_lead(const reader *r, const char *s, size_t n);
/* Whether a reference names an issue of this report (a tracker key only
 * with a learnt prefix, "Issue 7" only where the report keys its items so). */
bool rd_ref_ok(const reader *r, const char *s, const rt_ref *ref);
/* The issue a reference names, or TR_NONE. */
size_t rd_find_ref(reader *r, const char *s, rt_ref ref);
/* The same, creating it; TR_NONE when the reference names no issue of this
 * report (see rd_ref_ok). */
size_t rd_intern_ref(reader *r, const char *s, rt_ref ref, unsigned line);
size_t rd_set_new(reader *r);
/* Adds to the set most recently created (sets are built one at a time). */
void rd_set_add(reader *r, size_t set, size_t issue);
/* Marks the members of `set` for rd_set_marked(); returns the mark.  A
 * heading naming thousands of issues costs as many steps, not their square. */
size_t rd_set_mark(reader *r, size_t set);
bool rd_set_marked(reader *r, size_t issue, size_t mark);
/* "->", "=>", "→", "⟶", "←" or " <- " somewhere in the line. */
bool rd_has_arrow(const char *s, size_t n);
/* Whether "rrow" ("Arrows", "arrow": a legend in words) is in the line. */
bool rd_says_arrow(const char *s, size_t n);
/* Notes whether a paragraph introduces dependencies. */
void rd_intro(reader *r, const rb_block *bl);
size_t rd_add_dep(reader *r, dep_kind kind, size_t off, size_t len, unsigned line, size_t issue);

/* report_sections.c: headings */
extern const char *const rd_plan_words[];
void rd_outline(reader *r);
void rd_read_heading(reader *r, size_t h);
/* Of a report that keys nothing, the headings that are its items: numbered
 * or naming a test file, with failure output or an issue's labels in their
 * section; else sibling sections that all hold failure output; else, when
 * the title speaks of failures or a cluster, the title. */
void rd_fallback_items(reader *r);
bool rd_heading_says(reader *r, const heading *hd, const char *const *words);
/* The P-level of the group heading in force above `level` (not the
 * report's title), or -1: it applies to issues under it that give none. */
int rd_group_plevel(reader *r, unsigned level, unsigned *line);
/* report_status.c: the heading in force above `level` that names a
 * status ("## Resolved", "### Done (3)", "## Open issues"), or TR_NONE: it
 * gives the issues under it that state none their status. */
size_t rd_status_heading(reader *r, unsigned level);
/* Notes the status heading in force for an item's issue. */
void rd_note_status_heading(reader *r, size_t issue, unsigned level);
/* tr_issue_status_from_text of s[0..n), remembered for the short texts a
 * report repeats. */
tr_issue_status rd_status_of(reader *r, const char *s, size_t n);
/* Gives the issue the status of its status section, if it states none. */
void rd_section_status(reader *r, size_t issue);
/* The status an item's text leads with after its key ("✅ RESOLVED - Race
 * fixed", "IN PROGRESS: working on it"), taken off *title (which may be
 * left NULL), with a P-level before it ("(P0 Critical) - …"), which goes to
 * *severity when that is NULL.  What is left after either is no title when
 * it only notes an update ("Updated with the latest logs").  Returns the
 * status (TR_ISSUE_UNKNOWN: none) and its words in *said (caller frees). */
tr_issue_status rd_item_lead_status(char **title, char **severity, char **said);
/* Gives the issues of `set` the P-level `pl` where they have none. */
void rd_set_plevel(reader *r, size_t set, int pl);
/* Whether a heading in force speaks of goals or success criteria (asked
 * only of the few lines that state counts). */
bool rd_in_goals(reader *r);
/* Sets what is still empty; `line` is where the severity was read. */
void rd_set_severity(tr_issue *is, const char *severity, unsigned line);
/* Notes that field f of the issue was read on `line`, unless it already was. */
static inline void rd_source(tr_issue *is, tr_source_field f, unsigned line)
{
	if (!is->sources[f].line)
		is->sources[f] = (tr_source){ 0, line };
}
void rd_define(reader *r, size_t issue, const char *title, const char *severity);
/* The same, handing over *title and *severity where the issue takes them
 * (they are then NULL, the rest left to the caller to free): a report
 * defines thousands of issues, each of whose strings would otherwise be
 * made twice. */
void rd_define_own(reader *r, size_t issue, char **title, char **severity);

/* report_lines.c: paragraphs, list items and code blocks */
bool rd_read_lines(reader *r, const rb_block *bl);
void rd_read_item(reader *r, size_t b);
void rd_read_code(reader *r, const rb_block *bl);

/* report_table.c */
void rd_read_row_end(reader *r);

/* report_deps.c: what was set aside while reading */
void rd_read_deps(reader *r);
/* Whether the text after an item's key says it has no blockers: "(0
 * blockers)", "no blocking dependencies". */
bool rd_says_unblocked(const char *s, size_t n);
/* Drops the edges a drawn map gives into an issue the report says has no
 * blockers.  An arrow that only reverses a stated edge stays: a cycle the
 * report draws is the user's to see. */
void rd_settle_deps(reader *r);

/* report_files.c: reads a report file whole into `out`: a regular file of
 * at most TR_REPORT_MAX_BYTES, opened without blocking (a FIFO cannot hang
 * it) and, unless `follow`, without following a symlink. */
int rd_read_file(const char *path, bool follow, tr_buf *out, tr_error *err);
/* What reading a report needs beside its text and the model it is merged
 * into, kept by a caller that reads many (a folder's) from one to the
 * next instead of allocated anew, and fresh memory touched, for each: the
 * model a report is read into (or NULL; what the report before left in it
 * is cleared when the next needs it) and the walked document's buffers
 * (emptied).  Zeroed at first; rd_kept_free frees it. */
typedef struct rd_kept {
	tr_model *model;
	rb_doc doc;
	/* The reader's tables of issue extras and of dependencies set aside:
	 * each report grew its own, by doubling, in memory the model then
	 * took, so that the next report's were touched afresh again. */
	issue_extra *extra;
	size_t capextra;
	pending_dep *deps;
	size_t capdeps;
} rd_kept;

/* A buffer kept for the next report is at most this large: a folder's one
 * huge report does not hold its memory while the others are read. */
#define RD_KEEP_BYTES ((size_t)1 << 20)

void rd_kept_free(rd_kept *k);

/* A report read into a model of its own, not yet merged into the caller's:
 * the model, and the ids its first `nids` issues take instead of their own
 * (ids[i] NULL: its own; ids NULL: none renamed).  A folder's reports are
 * read by several threads at once and merged by one, in order. */
typedef struct rd_read {
	tr_model *m;
	char **ids;
	size_t nids;
} rd_read;

/* report.c: reads the report held in `text` into `out`, as
 * tr_report_load_buffer reads it: 0, or -1 with err set (and nothing in
 * out).  Afterwards the caller may only read the next file into `text` or
 * free it: its memory was freed or kept for that.  `kept`, when not NULL,
 * is what the caller keeps between reports: used, and handed back for the
 * next. */
int rd_read_owned(const char *path, tr_buf *text, rd_kept *kept, rd_read *out, tr_error *err);
/* Merges a report read into m, and frees it: its model goes to `kept`,
 * when given and holding none, for the next report to be read into. */
void rd_merge_read(tr_model *m, rd_read *rr, rd_kept *kept);
void rd_read_free(rd_read *rr);

/* report_failures.c: the failures a code block quotes, added to the
 * issues of `set`. */
void rd_code_failures(reader *r, const rb_block *bl, size_t set);

/* report_plan.c */
void rd_read_plan(reader *r);

/* Eight bytes at a time (on little-endian machines, where the first byte is
 * the lowest): the bytes of w equal to c, or that are digits, each flagged
 * by its high bit.  The lowest one flagged is the first such, a borrow
 * running only upwards from one; a mask of 0 means none. */
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define RT_ONES8 0x0101010101010101ull
#define RT_HIGHS8 0x8080808080808080ull
static inline uint64_t rt_bytes8(uint64_t w, unsigned char c)
{
	uint64_t x = w ^ (RT_ONES8 * c);
	return (x - RT_ONES8) & ~x & RT_HIGHS8;
}

static inline uint64_t rt_digits8(uint64_t w)
{
	uint64_t x = w ^ (RT_ONES8 * '0');
	return (x - RT_ONES8 * 10) & ~x & RT_HIGHS8;
}
#endif

#endif
