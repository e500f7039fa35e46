/* The pane table: one row per pane.  The pane enum, the view table, the
 * pane actions with their default keys and help lines, the tab bar and the
 * wide layout are all generated from it, so a new pane is its view file and
 * one row here.
 *
 * A row: enum name, word ("pane-WORD" is its action; WORD its label), title,
 * default key, view (ui_VIEW_view is its ops), list (1: a list of rows,
 * whose long lines scroll sideways; 0: the view wraps or moves its own way),
 * wide-layout column (LEFT or RIGHT; OVER: shown over the whole right
 * column only while focused), height as a share NUM/DEN of the body (0/0:
 * what is left of the column; the last pane of a column), help line.  In a column the panes
 * stack in the table's order.  The first row is the list, which the stacked
 * layout keeps above whichever pane is shown below it.
 *
 * ROW is called as ROW(ARG, row...): ARG is passed through untouched, so
 * the action table can hand its own X-macro on to the rows. */
#ifndef TRIAGE_CONSOLE_PANES_H
#define TRIAGE_CONSOLE_PANES_H

#define UI_PANE_LIST(ROW, ARG)                                                                   \
	ROW(ARG, ISSUES,   "issues",   "Issues",   "1", issues,   1, LEFT,  11, 20,                  \
	    "focus the issue list")                                                              \
	ROW(ARG, DETAIL,   "detail",   "Detail",   "2", detail,   0, RIGHT,  2,  5,                  \
	    "focus the selected issue's detail")                                                 \
	ROW(ARG, FAILURES, "failures", "Failures", "3", failures, 1, RIGHT,  3, 10,                  \
	    "focus its failures")                                                                \
	ROW(ARG, GRAPH,    "graph",    "Graph",    "4", graph,    0, LEFT,   0,  0,                  \
	    "focus the dependency graph")                                                        \
	ROW(ARG, COMMITS,  "commits",  "Commits",  "5", commits,  1, RIGHT,  0,  0,                  \
	    "focus its commits")                                                                 \
	ROW(ARG, STANDUP,  "standup",  "Stand-up", "6", standup,  1, OVER,   0,  0,                  \
	    "focus the stand-up: what changed since the last one")

#endif
