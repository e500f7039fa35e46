/* Reports written by other hands than the ones the reader grew up on:
 * trackers whose titles carry their own brackets, counts beside titles,
 * arrows and labels worded another way. */
#include "config.h"

#include <string.h>

#include "tap.h"
#include "report_tap.h"
#include "triage/report.h"

static void titles(void)
{
	tr_model *m = load("report-tracker.md");
	const tr_issue *a = issue(m, "#4401"), *b = issue(m, "#4405"), *c = issue(m, "#4414"),
	               *d = issue(m, "#4415");
	if (ok(a && b && c && d, "the four tracked bugs are read")) {
		is_str(a->title, "Checkout button unresponsive (Safari)",
		       "a bracket of the title stays when a (P0) follows it");
		is_str(a->severity, "P0", "and the (P0) is the severity");
		is_int(a->priority, TR_P0, "and the priority");
		is_str(b->title, "Cart total rounding off by one cent (2 blockers)",
		       "a count of blockers is part of the title");
		ok(b->severity == NULL && b->priority == TR_PRIORITY_NONE,
		   "and no severity nor priority");
		is_str(c->title, "Export drops the last row [CSV]", "a closing square bracket stays");
		is_str(d->title, "Login times out", "Issue #N: Title (P1) loses only the (P1)");
		is_int(d->priority, TR_P1, "which is its priority");
	}
	tr_model_free(m);
}

static void phases(void)
{
	tr_model *m = load("report-phases.md");
	const tr_issue *a = issue(m, "#712"), *b = issue(m, "#715"), *c = issue(m, "#710");
	if (ok(a && b && c, "the cluster's three issues are read")) {
		is_str(a->title, "Warmup floods the primary", "an item's title is read");
		ok(!b->title && !c->title,
		   "an issue only mentioned has no title, not the document's");
		is_int(b->priority, TR_PRIORITY_NONE,
		       "a sentence naming an issue under a P1 phase is a step, not ranked P1");
		is_int(c->priority, TR_PRIORITY_NONE, "nor the issue it waits on");
	}
	tr_model_free(m);
}

static void cluster_title(void)
{
	tr_model *m = load("report-cluster-title.md");
	const tr_issue *a = issue(m, "#301"), *b = issue(m, "#302"), *c = issue(m, "#305");
	if (ok(a && b && c, "the issues a title names are read")) {
		is_str(b->title, "Consumers stall on a poisoned message",
		       "an issue's own item is its title, not the cluster's");
		ok(!a->title && !c->title, "a title naming several issues is none of theirs");
	}
	is_str(m->nreports ? m->reports[0].title : NULL,
	       "Queue backlog cluster: #301, #302 and #305", "it stays the report's title");
	tr_model_free(m);
}

static void members(void)
{
	tr_model *m = load("report-members.md");
	ok(issue(m, "#810") && issue(m, "#812") && issue(m, "#815"),
	   "a Cluster members: label names the cluster's issues");
	ok(issue(m, "SHOP-41") && issue(m, "SHOP-44"), "so does an Open bugs: label");
	ok(issue(m, "#810") && !issue(m, "#810")->title,
	   "the cluster's heading is not the title of each issue it lists");
	ok(!issue(m, "#790") && !issue(m, "#801") && !issue(m, "SHOP-12"),
	   "related and see-also lists name none");
	tr_model_free(m);
}

static void bold_leads(void)
{
	tr_model *m = load("report-weekly.md");
	const tr_issue *a = issue(m, "#3301"), *b = issue(m, "#3307"), *c = issue(m, "#3310");
	if (ok(a && b && c, "the three numbered items are read")) {
		is_str(a->title, "Queue eviction storms", "the bold lead is the title, not what follows it");
		is_str(b->title, "DNS flaps in one region", "even when the rest of the line is prose");
		is_str(c->title, "Certificate rotation job", "a third");
		ok(a->priority == TR_P1 && b->priority == TR_P0 && c->priority == TR_P2,
		   "the P-levels after the bold are each item's priority");
	}
	tr_model_free(m);
}

static void table_words(void)
{
	tr_model *m = load("report-table-words.md");
	const tr_issue *a = issue(m, "#77"), *b = issue(m, "#78"), *c = issue(m, "QA-5");
	if (ok(a && b, "a table headed Anomalie | Priorité | Statut | Titre lists issues")) {
		is_str(a->title, "Plantage au démarrage", "its Titre column is the title");
		ok(a->priority == TR_P0 && b->priority == TR_P2, "its Priorité column the priority");
	}
	if (ok(c != NULL, "a Defect ID column keys a table")) {
		is_str(c->title, "Save button stays disabled", "with its Summary as the title");
		is_int(c->priority, TR_P1, "and its Severity as the priority");
	}
	tr_model_free(m);
}

static void kind_words(void)
{
	tr_model *m = load("report-kind-words.md");
	const tr_issue *a = issue(m, "#201"), *b = issue(m, "#202"), *c = issue(m, "#203");
	if (ok(a && b && c, "three issue headings")) {
		is_str(a->title, "Anmeldung schlägt fehl", "a kind word in another language is no title");
		is_str(b->title, "Export stops at the first page", "nor is Defect");
		is_str(c->title, "Payment webhook drops events", "a severity before the number");
		is_int(c->priority, TR_P0, "stays the severity");
		is_int(a->priority, TR_P1, "a Priorität: label is the priority");
	}
	tr_model_free(m);
}

static void chain_items(void)
{
	tr_model *m = load("report-chain-items.md");
	const tr_issue *a = issue(m, "OPS-12"), *b = issue(m, "OPS-20"), *c = issue(m, "OPS-9"),
	               *d = issue(m, "OPS-30");
	if (ok(a && b && c && d, "each item's leading key is read")) {
		ok(a->title == NULL, "an arrow chain after the key is no title");
		ok(b->title == NULL, "nor a => chain");
		ok(c->title == NULL, "nor a sentence in the past tense");
		is_str(d->title, "Rotate the signing keys", "a plain title still is");
	}
	tr_model_free(m);
}

int main(void)
{
	titles();
	phases();
	cluster_title();
	members();
	bold_leads();
	table_words();
	kind_words();
	chain_items();
	return done_testing();
}
