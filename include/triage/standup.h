/* The stand-up: what changed since the last one, who owns what, what is
 * ready.  Built from the model, the progress store's events, the history
 * and the reports as they were then; rendered as text for a terminal, as
 * markdown for chat, or drawn line by line by the console.
 *
 * The stand-up is plain data (sections of items, each item spans of words)
 * and keeps no pointer into what it was built from.  Text that came from
 * outside (titles, names, notes, commit summaries, signatures) is held in
 * spans marked untrusted, so each renderer makes it safe in its own way. */
#ifndef TRIAGE_STANDUP_H
#define TRIAGE_STANDUP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "triage/history.h"
#include "triage/model.h"
#include "triage/store.h"
#include "triage/str.h"

/* The sections, in the order they are told. */
#define TR_STANDUP_SECTION_LIST(X)                  \
	X(PROGRESS, "Progress")                         \
	X(COMMITS,  "Commits")                          \
	X(GRAPH,    "The graph")                        \
	X(OWNERS,   "Owners")                           \
	X(REPORTS,  "The reports")                      \
	X(FAILURES, "Failure groups")

typedef enum {
#define X(name, title) TR_STANDUP_##name,
	TR_STANDUP_SECTION_LIST(X)
#undef X
	TR_STANDUP_SECTION_COUNT
} tr_standup_section_id;

const char *tr_standup_section_title(tr_standup_section_id s);

typedef enum {
	TR_SPAN_WORDS,          /* triage's own words */
	TR_SPAN_ISSUE,          /* an issue id (strong in markdown) */
	TR_SPAN_TEXT,           /* untrusted text from outside */
	TR_SPAN_QUOTE,          /* untrusted text, quoted: a note */
	TR_SPAN_CODE,           /* a commit id or a signature: code in markdown */
} tr_span_kind;

typedef struct tr_span {
	tr_span_kind kind;
	char *text;
} tr_span;

typedef struct tr_standup_item {
	int level;              /* 0: a line of its own; 1: under the item before */
	size_t issue;           /* the model issue it is about, or TR_NONE */
	tr_span *spans;
	size_t nspans, capspans;
} tr_standup_item;

typedef struct tr_standup_section {
	tr_standup_section_id id;
	tr_standup_item *items;
	size_t nitems, capitems;
} tr_standup_section;

typedef struct tr_standup {
	int64_t since, now;
	tr_standup_item header;         /* "since Tue 24 Nov 09:00 (the last stand-up, by Alice)" */
	tr_standup_section sections[TR_STANDUP_SECTION_COUNT];
	tr_strv warnings;               /* e.g. a mark in the future, left out */
} tr_standup;

/* One report's earlier version, as the caller found it in git. */
typedef enum {
	TR_THEN_SAME,           /* no change since (or no earlier version to compare) */
	TR_THEN_CHANGED,        /* `model` holds the version as it was */
	TR_THEN_NEW,            /* the report did not exist then */
	TR_THEN_UNKNOWN,        /* git cannot say: `why` tells */
} tr_then_kind;

typedef struct tr_report_then {
	tr_then_kind kind;
	const tr_model *model;  /* CHANGED: that report alone, as it was */
	const char *commit;     /* CHANGED: the commit it was read from; may be NULL */
	int64_t time;           /* CHANGED: that commit's time */
	const char *why;        /* UNKNOWN: e.g. "not committed to git" */
} tr_report_then;

/* The reports as they were at `since`, found in git (repo may be NULL:
 * nothing can be compared then, and each report says why).  Never fails. */
typedef struct tr_standup_then tr_standup_then;
struct tr_repo;
tr_standup_then *tr_standup_then_new(struct tr_repo *repo, const tr_model *m, int64_t since);
void tr_standup_then_free(tr_standup_then *t);
/* One per report of m, for tr_standup_input.then. */
const tr_report_then *tr_standup_then_reports(const tr_standup_then *t);
/* For tr_standup_input.then_model: NULL when no report changed. */
const tr_model *tr_standup_then_model(const tr_standup_then *t);

typedef struct tr_standup_input {
	const tr_model *model;          /* now */
	const tr_store *store;          /* states, owners, acknowledgements, events;
	                                 * NULL: nothing recorded */
	const tr_history *history;      /* may be NULL: no commits are told */
	const tr_report_then *then;     /* one per model->reports; may be NULL */
	const tr_model *then_model;     /* every report as it was (the current text of
	                                 * those git cannot tell); NULL: as now */
	int64_t since, now;
	const char *since_label;        /* "the last stand-up", "24h", ... (trusted) */
	const char *since_by;           /* who held that stand-up, or NULL (untrusted) */
	bool ascii;                     /* "->" for "→" */
} tr_standup_input;

/* Builds the stand-up.  Never fails: what cannot be told is said. */
tr_standup *tr_standup_new(const tr_standup_input *in);
void tr_standup_free(tr_standup *s);

/* The time of the last stand-up mark at or before `now` that no undo
 * withdrew: 1 with *at and *by (into the store's strings), 0 when there is
 * none.  *future counts marks after `now`, which are left out. */
int tr_standup_last_mark(const tr_store *st, int64_t now, int64_t *at, const char **by,
                         size_t *future);

/* Per issue of m (m->nissues bytes), whether its progress (state, owner,
 * notes) changed since `since`, net: what the stand-up tells.  Changes
 * made and changed back, by hand or by undo and redo, are none. */
void tr_standup_changed(const tr_store *st, const tr_model *m, int64_t since, uint8_t *changed);

/* Of each event of a log, whether it belongs to an ordinary change, an
 * undo or a redo (the undo of an undo), into kind[n].  Linear. */
typedef enum { TR_EVENT_DONE, TR_EVENT_UNDO, TR_EVENT_REDO } tr_event_undo_kind;
void tr_event_undo_kinds(const tr_event *ev, size_t n, uint8_t *kind);

/* One item as a line of plain text, untrusted text made inert. */
void tr_standup_item_text(const tr_standup_item *it, tr_buf *out, bool ascii);

/* The whole stand-up for a terminal or a file. */
void tr_standup_render_text(const tr_standup *s, tr_buf *out, bool ascii);
/* GitHub-flavoured markdown for chat: headings, bullet lists, no HTML, no
 * ANSI; text from outside escaped so that it can neither change the markup
 * nor mention anyone (@channel, <!here>). */
void tr_standup_render_markdown(const tr_standup *s, tr_buf *out);
/* The escaping, for tests and other renderers: untrusted text as inline
 * markdown text. */
void tr_markdown_escape(tr_buf *out, const char *s);

#endif
