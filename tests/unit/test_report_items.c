/* What a report says about an issue beyond its heading: several
 * dependency statements on one line, labels nested under a list item,
 * a status leading an item's text, and which mention gives the title. */
#include "config.h"

#include <string.h>

#include "tap.h"
#include "report_tap.h"
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

int main(void)
{
	statements_per_line();
	return done_testing();
}
