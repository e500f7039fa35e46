/* What a report says about an issue beyond its heading: several
 * dependency statements on one line, labels nested under a list item,
 * a status leading an item's text, and which mention gives the title. */
#include "config.h"

#include <string.h>

#include "tap.h"
#include "report_tap.h"
#include "triage/graph.h"
#include "triage/report.h"

/* "Blocked by #2. Blocked by #4.": every statement of a line that leads
 * with the verb is about the section's issue, as the first is. */
static void statements_per_line(void)
{
	tr_model *m = read_text(
		"# Payment retries\n\n"
		"## Issue #1: Retry storm on the card gateway\n\n"
		"Blocked by #2. Blocked by #4.\n\n"
		"## Issue #2: Idempotency keys expire early\n\n"
		"Status: open\n\n"
		"## Issue #4: Gateway timeouts are not retried\n\n"
		"Blocked by #2. Requires #3! Needs #1.\n\n"
		"## Issue #5: Ledger drift\n\n"
		"**Dependency**: Requires #2. Blocked by #4.\n\n"
		"## Issue #6: Refund queue\n\n"
		"Blocked by #5. See PR #418. Fixed in v1.2 today. Requires attempt #3.\n\n"
		"## Issue #8: Dunning\n\n"
		"Blocked by #6. Merged #2 -> #8 last week.\n");
	if (ok(m != NULL, "a report with two statements on a line is read")) {
		ok(has_edge(m, "#2", "#1") && has_edge(m, "#4", "#1"),
		   "\"Blocked by #2. Blocked by #4.\" under #1: both block #1");
		ok(has_edge(m, "#2", "#4") && has_edge(m, "#3", "#4") && has_edge(m, "#1", "#4"),
		   "three sentences under #4, each with its verb: three prerequisites");
		ok(has_edge(m, "#2", "#5") && has_edge(m, "#4", "#5"),
		   "after a label, the later sentence is the issue's too");
		ok(has_edge(m, "#5", "#6") && !has_edge(m, "#418", "#6") && !has_edge(m, "#3", "#6"),
		   "a pull request and a local number in later sentences give no edge");
		ok(!issue(m, "#418"), "nor become issues");
		ok(has_edge(m, "#6", "#8") && !has_edge(m, "#2", "#8") && !has_edge(m, "#8", "#2"),
		   "a merge arrow in a later sentence is no dependency");
		ok(!has_edge(m, "#1", "#2") && !has_edge(m, "#4", "#2"), "never the other way");
		tr_model_free(m);
	}
	/* The same line under the issue it names: the report says #4 waits for
	 * itself, and a cycle of one is the user's to see. */
	m = read_text(
		"# Queue\n\n"
		"## Issue #1: Lease loss\n\n"
		"Status: open\n\n"
		"## Issue #4: Stuck consumers\n\n"
		"Blocked by #1. Blocked by #4.\n");
	if (ok(m != NULL, "a section whose line names its own issue is read")) {
		ok(has_edge(m, "#1", "#4"), "\"Blocked by #1.\" under #4: #1 blocks #4");
		ok(has_edge(m, "#4", "#4"), "\"Blocked by #4.\" under #4: the loop the report states");
		tr_model_free(m);
	}
	m = read_text(
		"# Queue\n\n"
		"## Items\n\n"
		"- **#8** \u2014 Consumers stall. See #5. Blocked by #7.\n");
	if (ok(m != NULL, "items with sentences after references are read")) {
		ok(has_edge(m, "#7", "#8") && !has_edge(m, "#5", "#8") && !has_edge(m, "#7", "#5"),
		   "a sentence after a reference is still the item's: #7 blocks #8");
		tr_model_free(m);
	}
}

static bool title_is(const tr_issue *is, const char *title)
{
	return is && is->title && strcmp(is->title, title) == 0;
}

static bool said(const tr_issue *is, const char *text)
{
	return is && is->status_text && strcmp(is->status_text, text) == 0;
}

/* "- **#342**: title" over "  - **Status**: resolved": the nested label is
 * the item's issue's, as it would be under "## Issue #342"; and a status
 * list later in the report ("- **#372**: ✅ RESOLVED - …") gives each issue
 * its status, not its title. */
static void item_statuses(void)
{
	tr_model *m = read_text(
		"# Cache cluster resolution\n\n"
		"## Cluster issues resolved\n\n"
		"### Primary issue\n"
		"- **#395**: Auth service timeouts\n"
		"  - **Root Cause**: VPC routes\n"
		"  - **Priority**: P1\n\n"
		"### Related Cluster Issues\n"
		"- **#372**: Handshake race in the socket layer\n"
		"  - **Impact**: chat drops\n"
		"  - **Status**: \u2705 Already resolved via PR #371\n\n"
		"- **#367**: State drift between environments\n"
		"  - **Impact**: deploys fail\n\n"
		"## Verification\n\n"
		"### Cluster status\n"
		"- **#372**: \u2705 RESOLVED - Race conditions eliminated\n"
		"- **#367**: \U0001F504 IN PROGRESS - working on it\n"
		"- **#395**: Open: waiting for the network team\n"
		"- **#12**: Fixed - Typo in the banner\n"
		"- **#13**: Done button misaligned\n"
		"- **#14**: Open redirect in the login form\n"
		"- **#15**: RESOLVED\n"
		"- **#16**: Fixed-size buffer overflow in the parser\n"
		"- **#17**: Closed-loop controller diverges\n");
	if (ok(m != NULL, "a cluster with a status list is read")) {
		const tr_issue *a = issue(m, "#372"), *b = issue(m, "#367"), *c = issue(m, "#395");
		ok(a && a->status == TR_ISSUE_RESOLVED && said(a, "Already resolved via PR #371"),
		   "a Status label nested under an item is its issue's");
		ok(a && a->sources[TR_SOURCE_STATUS].line == 13, "read on its own line, 13");
		ok(c && c->priority == TR_P1, "so is a nested Priority label");
		ok(b && b->status == TR_ISSUE_IN_PROGRESS && said(b, "IN PROGRESS"),
		   "\"IN PROGRESS - working on it\" after the key: in progress");
		ok(c && c->status == TR_ISSUE_OPEN && said(c, "Open"), "\"Open: waiting …\": open");
		ok(title_is(a, "Handshake race in the socket layer") &&
		   title_is(b, "State drift between environments") &&
		   title_is(c, "Auth service timeouts"),
		   "the first item naming an issue gives its title, a later one does not");
		ok(a && a->sources[TR_SOURCE_TITLE].line == 11, "the title is read on line 11");
		const tr_issue *t = issue(m, "#12");
		ok(t && t->status == TR_ISSUE_RESOLVED && title_is(t, "Typo in the banner"),
		   "a status word leading the text is no part of the title");
		ok(title_is(issue(m, "#13"), "Done button misaligned") &&
		   issue(m, "#13")->status == TR_ISSUE_UNKNOWN &&
		   title_is(issue(m, "#14"), "Open redirect in the login form") &&
		   issue(m, "#14")->status == TR_ISSUE_UNKNOWN,
		   "a title that only starts with a status word is a title");
		t = issue(m, "#15");
		ok(t && t->status == TR_ISSUE_RESOLVED && !t->title, "a status alone gives no title");
		ok(title_is(issue(m, "#16"), "Fixed-size buffer overflow in the parser") &&
		   issue(m, "#16")->status == TR_ISSUE_UNKNOWN &&
		   title_is(issue(m, "#17"), "Closed-loop controller diverges") &&
		   issue(m, "#17")->status == TR_ISSUE_UNKNOWN,
		   "a status word joined to the next by a hyphen is one word of the title");
		ok(!issue(m, "#371"), "the pull request is no issue");
		tr_model_free(m);
	}
}

/* Under an issue's heading, an item naming another issue keeps its nested
 * labels to itself; one under related words gives them to no one. */
static void nested_in_sections(void)
{
	tr_model *m = read_text(
		"# Checkout\n\n"
		"## Issue #20: Checkout fails\n\n"
		"- **#21**: Payment token expiry\n"
		"  - **Status**: fixed\n"
		"  - **Priority**: P3\n\n"
		"Related issues:\n\n"
		"- **#30**: An old login bug\n"
		"  - **Status**: closed\n\n"
		"Status: open\n\n"
		"Priority: P1\n\n"
		"## P0 - Blocking\n\n"
		"- **#40**: Ledger drift\n"
		"  - **Priority**: P2\n"
		"- **#41**: Refund queue stalls\n");
	if (ok(m != NULL, "items with labels under an issue's heading are read")) {
		const tr_issue *a = issue(m, "#20"), *b = issue(m, "#21");
		ok(a && a->status == TR_ISSUE_OPEN && a->priority == TR_P1,
		   "the section's issue keeps its own labels");
		ok(b && b->status == TR_ISSUE_RESOLVED && b->priority == TR_P3,
		   "the item's issue takes those nested under it");
		ok(!issue(m, "#30"), "a related item is no issue");
		ok(issue(m, "#40") && issue(m, "#40")->priority == TR_P2,
		   "a nested Priority beats the group heading's P-level");
		ok(issue(m, "#41") && issue(m, "#41")->priority == TR_P0,
		   "which ranks the items that state none");
		tr_model_free(m);
	}
}

/* "- **Issue #1021** (P0 Critical) - Updated with current logs": a rank and
 * an update note are no title; a later item that has one gives it. */
static void update_notes(void)
{
	tr_model *m = read_text(
		"# Sweep\n\n"
		"## Issues updated\n\n"
		"- **Issue #50** (P0 Critical) - Updated with current failure logs\n"
		"- **Issue #51** (P1) - Queue worker leaks file handles\n"
		"- **Issue #52** - Updated README wording\n\n"
		"## Summary\n\n"
		"1. **Issue #50** (P0) - Event tracker for the socket layer\n"
		"2. **Issue #51** (P1) - Another wording\n");
	if (ok(m != NULL, "a list of updated issues is read")) {
		const tr_issue *a = issue(m, "#50"), *b = issue(m, "#51");
		ok(title_is(a, "Event tracker for the socket layer"),
		   "a rank and an update note are no title: the later item's is taken");
		ok(a && a->priority == TR_P0 && a->severity &&
		   strcmp(a->severity, "P0 Critical") == 0, "the rank is the issue's severity");
		ok(title_is(b, "Queue worker leaks file handles"), "a rank before a title leaves the title");
		ok(title_is(issue(m, "#52"), "Updated README wording"),
		   "with no rank or status before it, an update is a title");
		tr_model_free(m);
	}
}

/* What the report calls resolved is not ready and holds nothing up: the
 * statuses read from items count as those of labels under headings do. */
static void resolved_items_are_done(void)
{
	tr_model *m = read_text(
		"# Socket cluster\n\n"
		"## Members\n\n"
		"- **#70**: Handshake race\n"
		"  - **Status**: \u2705 resolved\n"
		"- **#71**: Token refresh loop\n"
		"- **#72**: Reconnect storm\n\n"
		"## Dependencies\n\n"
		"- #70 blocks #71\n"
		"- #71 blocks #72\n\n"
		"## Status\n\n"
		"- **#71**: DONE - refresh fixed\n");
	if (ok(m != NULL, "a cluster whose items say they are resolved is read")) {
		bool done[8] = { false };
		for (size_t i = 0; i < m->nissues && i < 8; i++)
			done[i] = tr_graph_issue_resolved(&m->issues[i], TR_STATE_OPEN);
		tr_graph *g = m->nissues <= 8 ? tr_graph_new(m, done) : NULL;
		size_t a = tr_model_lookup(m, "#70"), b = tr_model_lookup(m, "#71"),
		       c = tr_model_lookup(m, "#72");
		if (ok(g && a != TR_NONE && b != TR_NONE && c != TR_NONE, "the graph is built")) {
			ok(!g->nodes[a].ready && !g->nodes[b].ready,
			   "an issue resolved by a nested label or a status list is not ready");
			ok(g->nodes[c].ready, "what waited only for them is");
			ok(g->ncritical == 0, "and no chain of unresolved issues is left");
		}
		tr_graph_free(g);
		tr_model_free(m);
	}
}

int main(void)
{
	statements_per_line();
	item_statuses();
	nested_in_sections();
	update_notes();
	resolved_items_are_done();
	return done_testing();
}
