/* The dependency graph as Graphviz DOT, for a slide or a wiki: issues as
 * boxes labelled with id, priority and title and filled by progress state,
 * the critical path drawn bold, edges that close a cycle dashed. */
#ifndef TRIAGE_DOT_H
#define TRIAGE_DOT_H

#include <stdint.h>
#include "triage/graph.h"
#include "triage/model.h"

/* The whole graph of m (g = tr_graph_new of m).  state: per issue a
 * tr_state, or NULL for all open.  Every label is inert text quoted
 * for DOT.  Caller frees. */
char *tr_dot(const tr_model *m, const tr_graph *g, const uint8_t *state);

#endif
