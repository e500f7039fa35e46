/* Inside the stand-up: the events since then, netted per thing changed. */
#ifndef TRIAGE_STANDUP_INTERNAL_H
#define TRIAGE_STANDUP_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "triage/people.h"
#include "triage/standup.h"
#include "triage/store.h"

/* What one chain of events changed: an issue's field (state, owner, or one
 * this version does not know), one note (by its author and time), or one
 * failure group's acknowledgement.  Undos and redos are changes like any
 * other: a value set and set back, by an undo or by hand, nets to nothing. */
typedef enum { NET_FIELD, NET_NOTE, NET_ACK } net_kind;

typedef struct net_chain {
	net_kind kind;
	const tr_event *ev;     /* its last event: issue, failure, field, note's author */
	const char *start;      /* the value before its first event (NULL: none) */
	const char *end;        /* the value after its last (NULL: none) */
	const char *gone;       /* a note: its text before it was last removed */
	size_t last;            /* position of its last event */
	/* Position of the first event of what is told: after the value last
	 * stood at `start` (its people made the change); NONE while it stands
	 * there. */
	size_t seg;
	size_t sibling;         /* the next chain of the same note, or NONE */
} net_chain;

typedef struct net_set {
	size_t nev;
	size_t *order;          /* position -> index of the event, in time order */
	size_t *chain_of;       /* position -> its chain, or NONE (a mark) */
	size_t *next;           /* position -> the next position of its chain, or NONE */
	net_chain *c;
	size_t n, cap;
} net_set;

/* Chains the events (at[k] is ev[k]'s time): linear, but for a sort when
 * the times are out of order (a file merged by hand). */
void net_build(net_set *s, const tr_event *const *ev, const int64_t *at, size_t n);
void net_free(net_set *s);
/* Whether the chain changed anything: its end differs from its start, and
 * a note neither came and went nor came back. */
bool net_told(const net_chain *c);

/* ---- items and words (standup_items.c) ---- */

/* A span of text of `kind` (text from outside is cut past a few hundred bytes). */
void su_span(tr_standup_item *it, tr_span_kind kind, const char *text);
/* Words of the program's own; consecutive ones join into one span. */
void su_words(tr_standup_item *it, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
tr_standup_item *su_item(tr_standup *s, tr_standup_section_id sec, int level, size_t issue);
/* Who did it: the name alone unless two people share it. */
void su_who(tr_standup_item *it, const tr_people *p, const char *who);
void su_when(tr_standup_item *it, int64_t t, int now_year);
/* " (Alice Example, Tue 24 Nov 10:02)" */
void su_by_at(tr_standup_item *it, const tr_people *p, const char *who, int64_t t, int now_year);

#endif
