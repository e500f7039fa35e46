/* Dependency-graph analysis: what each issue waits on, what it unblocks,
 * whether it can be worked on now, how much it holds up, the critical path.
 *
 * The analysis reads the model's edges (an edge runs from the prerequisite
 * to what it unblocks) and a per-issue `resolved` flag; it knows nothing of
 * where progress is stored.  Cycles and self-loops are tolerated: they are
 * flagged, never followed forever.
 *
 * Ownership: a tr_graph owns its arrays; it keeps no pointer into the model,
 * so it may outlive it, but it describes the model as it was when built. */
#ifndef TRIAGE_GRAPH_H
#define TRIAGE_GRAPH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "triage/model.h"

/* The graph colours issues by their progress: tr_state (model.h).  The
 * older graph names stand for the same values. */
typedef tr_state tr_graph_state;
#define tr_graph_state_resolved tr_state_resolved
/* Whether an issue counts as resolved for the analysis: progress says fixed,
 * verified or wont-fix, or the report calls it resolved (closed, fixed,
 * done, merged) and progress does not say someone is on it. */
bool tr_graph_issue_resolved(const tr_issue *is, tr_state s);

typedef struct tr_graph_node {
	size_t *waits_on;       /* unresolved direct prerequisites, model order */
	size_t nwaits_on;
	size_t *unblocks;       /* unresolved direct dependents, model order */
	size_t nunblocks;
	bool resolved;          /* as given to tr_graph_new() */
	bool ready;             /* unresolved, and nothing unresolved anywhere upstream */
	bool in_cycle;          /* on a cycle or a self-loop */
	size_t holds_up;        /* unresolved issues downstream of it (transitively, itself
	                         * excluded); 0 for a resolved issue */
	size_t critical;        /* 1-based position on the critical path; 0 when not on it */
} tr_graph_node;

typedef struct tr_graph {
	size_t nissues;
	tr_graph_node *nodes;   /* one per model issue, same index */
	/* The longest chain of unresolved issues joined by edges, first
	 * prerequisite first; empty when no edge joins two unresolved issues.
	 * Cycles are broken (edges closing a cycle are ignored) before measuring.
	 * Among chains of equal length, the one starting earliest in the model. */
	size_t *critical_path;
	size_t ncritical;
	/* Every edge (resolved or not) in both directions, CSR form:
	 * successors of i are succ[succ_start[i] .. succ_start[i+1]). */
	size_t *succ_start, *succ;
	size_t *pred_start, *pred;
	/* Per succ entry: 1 when that edge closes a cycle (a back edge of a
	 * depth-first search in model order, or a self-loop).  Without these
	 * edges the graph is acyclic: the critical path and the layout's layers
	 * are measured on what remains. */
	uint8_t *succ_back;
	size_t ncycle_issues;   /* issues with in_cycle set */
	/* Strongly connected component of each issue: an edge u -> v lies on a
	 * cycle exactly when component[u] == component[v]. */
	size_t *component;
} tr_graph;

/* Analyses m.  resolved[i] says issue i is resolved; NULL means none is.
 * Linear in issues and edges except holds_up, which costs
 * O((issues / 64) * (issues + edges)) word operations. */
tr_graph *tr_graph_new(const tr_model *m, const bool *resolved);
void tr_graph_free(tr_graph *g);

/* Marks in mark[] (nissues entries, set to 0 or 1 by the call) the issues
 * upstream (downstream = false) or downstream of `issue`, following every
 * edge whether resolved or not; `issue` itself is marked only when a cycle
 * leads back to it.  Returns how many were marked. */
size_t tr_graph_reach(const tr_graph *g, size_t issue, bool downstream, uint8_t *mark);

/* Orders for the issue list.  Each comparison returns < 0 when a comes
 * first; ties fall back to model order, so sorting is deterministic.
 *   READY_FIRST: ready issues, then blocked unresolved ones, then resolved;
 *                within each, the one holding up more first.
 *   HOLDS_UP:    holding up more first; then ready first. */
typedef enum { TR_GRAPH_ORDER_READY_FIRST, TR_GRAPH_ORDER_HOLDS_UP } tr_graph_order;

int tr_graph_cmp(const tr_graph *g, tr_graph_order order, size_t a, size_t b);
/* Sorts idx[0..n) (issue indices) in that order; stable. */
void tr_graph_sort(const tr_graph *g, tr_graph_order order, size_t *idx, size_t n);

#endif
