/* Dependencies only from statements that say so: each form a report
 * writes them in, the lists, groups and ranges they name, and the arrows
 * that mean something else. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "tap.h"
#include "report_tap.h"
#include "report/report_internal.h"
#include "triage/report.h"

static const tr_edge *edge(const tr_model *m, const char *from, const char *to)
{
	for (size_t e = 0; m && e < m->nedges; e++) {
		const tr_edge *ed = &m->edges[e];
		if (strcmp(m->issues[ed->from].id, from) == 0 && strcmp(m->issues[ed->to].id, to) == 0)
			return ed;
	}
	return NULL;
}

static bool edge_at(const tr_model *m, const char *from, const char *to, unsigned line)
{
	const tr_edge *e = edge(m, from, to);
	return e && e->line == line;
}

/* Any edge touching the issue. */
static bool touched(const tr_model *m, const char *id)
{
	for (size_t e = 0; m && e < m->nedges; e++)
		if (strcmp(m->issues[m->edges[e].from].id, id) == 0 ||
		    strcmp(m->issues[m->edges[e].to].id, id) == 0)
			return true;
	return false;
}

static void labels(const tr_model *m)
{
	ok(edge_at(m, "#701", "#702", 10), "**Blocked by:** #701 under #702's heading");
	ok(edge_at(m, "#701", "#703", 14) && edge_at(m, "#702", "#703", 14),
	   "- **Dependencies:** Issues #701, #702");
	ok(edge_at(m, "#703", "#704", 15), "- **Blocks**: #704 (the section's issue blocks it)");
	ok(edge_at(m, "#703", "#704", 15) && !edge(m, "#704", "#703"), "Depends on #703 says it again");
	ok(edge(m, "#704", "#729") && edge(m, "#704", "#730"), "#729, #730 all depend on this");
	ok(edge_at(m, "#701", "#705", 25) && edge_at(m, "#703", "#705", 25),
	   "a nested item is about its parent item: Blocked by: #701 (Quota), #703 (Snapshots)");
	ok(edge(m, "#705", "#706"), "- Requires #705 under 2. **#706 - ...**");
}

static void prose(const tr_model *m)
{
	ok(edge(m, "#707", "#710") && edge(m, "#708", "#710") && edge(m, "#709", "#710"),
	   "#A, #B and #C must complete before #D");
	ok(edge(m, "#707", "#711") && edge(m, "#708", "#711") && edge(m, "#709", "#711"),
	   "once #707-709 are resolved: the range expanded");
	ok(edge(m, "#701", "#712") && edge(m, "#702", "#712"), "(after #701, #702)");
	ok(edge(m, "#713", "#714"), "#A is a prerequisite for #B");
	ok(edge(m, "#715", "#716"), "BLOCKED BY in capitals");
	ok(edge(m, "#719", "#717") && edge(m, "#719", "#718"),
	   "Issues #717, #718 are blocked by Issue #719: a list as the subject");
	ok(edge(m, "#720", "#721"), "#A enables #B");
	ok(!touched(m, "#722") && !touched(m, "#723"), "does not depend on: no edge");
	ok(edge(m, "#724", "#725") && edge(m, "#724", "#726"), "#A (Audit) \xE2\x86\x92 blocks #B, #C");
	ok(edge(m, "#727", "#728"), "\xE2\x86\x92 BLOCKS \xE2\x86\x92 between two issues");
	ok(!touched(m, "release-readiness"), "\xE2\x86\x92 BLOCKS \xE2\x86\x92 a name: no node");
}

static void not_dependencies(const tr_model *m)
{
	ok(!edge(m, "#731", "#732"), "a merge arrow outside a dependency map");
	ok(!edge(m, "#733", "#734"), "a similarity score");
	ok(!touched(m, "#735"), "\xE2\x86\x92 RESOLVED");
	ok(!touched(m, "#736") && !touched(m, "#737"), "depends on / needs with no issue after them");
	ok(!touched(m, "#750") && !touched(m, "#751"), "\xE2\x86\x92 monitors, even in a dependency map");
	size_t n = 0;
	for (size_t i = 0; i < m->nissues; i++)
		n += m->issues[i].named;
	is_int(n, 1, "one named node: the goal a chain of issues leads to; no '90%%', 'new/' or 'resolved'");
}

static void maps(const tr_model *m)
{
	ok(edge_at(m, "#740", "#741", 53) && edge_at(m, "#741", "#742", 53),
	   "a chain in a dependency map's code block");
	ok(edge(m, "#742", "storage-goal"), "... to the goal it names");
	ok(edge(m, "#743", "#745") && edge(m, "#744", "#745"), "a group: (#743, #744) \xE2\x86\x92 #745");
	ok(!edge(m, "#758", "#759"), "an arrow that says it is a merge, even in a dependency map");
	ok(edge(m, "#746", "#749") && edge(m, "#747", "#749") && edge(m, "#748", "#749"),
	   "a range: #746-748 \xE2\x86\x92 #749");
	ok(edge_at(m, "#753", "#752", 64) && edge_at(m, "#754", "#752", 65),
	   "branches under a head, with a legend '\xE2\x86\x92 depends on': arrows point to the prerequisite");
	ok(edge(m, "#755", "#756"), "\xE2\x86\x93 blocks between two lines");
	ok(edge(m, "#756", "#757"), "a bare \xE2\x86\x93 in a dependency map");
}

static void table(const tr_model *m)
{
	ok(edge_at(m, "#761", "#760", 80) && edge_at(m, "#762", "#760", 80),
	   "a 'Should be blocked by' column");
	ok(edge_at(m, "#760", "#763", 80), "an 'Unblocks' column");
	ok(edge(m, "#765", "#764") && edge(m, "#766", "#764") && edge(m, "#767", "#764"),
	   "a range in a cell");
	ok(!touched(m, "none"), "'None' is no issue");
}

static void inline_forms(void)
{
	tr_model *m = read_text("# Plan\n\n## #1: A\n\n**Status:** open\n\n## #2: B\n\n"
	                        "**Status:** open\n\n## Resolution order\n\n#1 \xE2\x86\x92 #2\n\n"
	                        "## Critical path\n\n#2 -> #3\n");
	ok(m && !edge(m, "#1", "#2"), "an order of work is no dependency map");
	ok(m && edge(m, "#2", "#3"), "a critical path is one");
	tr_model_free(m);

	m = read_text("# Work\n\n## #10: Base\n\n**Status:** open\n\n## #11: Top\n\n"
	              "**Status:** open\n\n**Dependency chain:**\n\n- #10 \xE2\x86\x92 #11\n");
	ok(m && edge(m, "#10", "#11"), "a label paragraph that introduces dependencies");
	tr_model_free(m);

	m = read_text("# Tracker\n\n## PROJ-1: Schema\n\n**Status:** open\n\n## PROJ-2: Writer\n\n"
	              "**Status:** open\n\nPROJ-2 is blocked by PROJ-1 and by UTF-8.\n");
	ok(m && edge(m, "PROJ-1", "PROJ-2"), "tracker keys in a statement");
	ok(m && !touched(m, "UTF-8"), "a key-like word the report does not use as a key");
	tr_model_free(m);

	m = read_text("# Order\n\n## #1: A\n\n**Status:** open\n\n## #2: B\n\n**Status:** open\n\n"
	              "## Notes\n\nAfter #1 lands, #3 can start.\n#4 cannot start until #2 is merged.\n");
	ok(m && edge(m, "#1", "#3"), "After #1 lands, #3 can start: the subject after the comma");
	ok(m && edge(m, "#2", "#4"), "#4 cannot start until #2 is merged");
	tr_model_free(m);

	m = read_text("# And\n\n## Notes\n\n#5 blocks #6 and depends on #4.\n");
	ok(m && edge(m, "#5", "#6") && edge(m, "#4", "#5") && !edge(m, "#4", "#6"),
	   "#5 blocks #6 and depends on #4: one subject for both verbs");
	tr_model_free(m);

	m = read_text("# Table\n\n| Issue | Title | Notes |\n|---|---|---|\n"
	              "| #7 | Cache | Blocked by #6 |\n| #8 | Index | Needs #7 first |\n"
	              "| #9 | Docs | see #8 |\n");
	ok(m && edge_at(m, "#6", "#7", 5), "a statement in a table cell is about the row's issue");
	ok(m && edge_at(m, "#7", "#8", 6), "Needs #7 first, in a Notes cell");
	ok(m && !edge(m, "#8", "#9"), "a mention in a cell is none");
	tr_model_free(m);

	m = read_text("# Range\n\n## #1: A\n\n**Status:** open\n\n#2 depends on #1-900000.\n");
	ok(m && m->nissues <= 3, "a range too wide to be a list is not expanded");
	tr_model_free(m);
}

/* A line gives its edges whichever way it is read: lines without an arrow
 * are read for statements in words alone, so each arrow, a legend in
 * words, and verbs next to other marks must still be found. */
static void marks(void)
{
	tr_model *m = read_text("# Plan\n\n## Dependency map\n\n"
	                        "- #1 -> #2\n- #3 => #4\n- #5 --> #6\n- #7 \xE2\x86\x92 #8\n"
	                        "- #9 \xE2\x9F\xB6 #10\n- #12 \xE2\x86\x90 #11\n- #14 <- #13\n"
	                        "- #15 \xE2\x9C\x85 #16\n");
	ok(m && edge(m, "#1", "#2") && edge(m, "#3", "#4") && edge(m, "#5", "#6"),
	   "->, => and --> in a dependency map");
	ok(m && edge(m, "#7", "#8") && edge(m, "#9", "#10"), "\xE2\x86\x92 and \xE2\x9F\xB6 in a dependency map");
	ok(m && edge(m, "#11", "#12") && edge(m, "#13", "#14"), "\xE2\x86\x90 and <- point to the dependent");
	ok(m && !touched(m, "#15") && !touched(m, "#16"), "an emoji between two issues is no arrow");
	tr_model_free(m);

	m = read_text("# Flow\n\n## #20: A\n\n**Status:** open\n\n## Stages\n\n```\nStage A (#20)\n    \xE2\x86\x93 blocks\nStage B (#21)\n```\n");
	ok(m && edge(m, "#20", "#21"), "\xE2\x86\x93 blocks between two lines of a code block");
	tr_model_free(m);

	/* ⬇ is an emoji as well as an arrow, and either may be followed by the
	 * variation selector that asks for its emoji form. */
	static const char *const downs[] = {
		"\xE2\xAC\x87 blocks", "\xE2\x86\x93\xEF\xB8\x8F blocks", "\xE2\xAC\x87\xEF\xB8\x8F blocks",
		"\xE2\x86\x93\xEF\xB8\x8F depends on", "\xE2\xAC\x87\xEF\xB8\x8F",
		"\xE2\xAC\x87 \xE2\x86\x93 blocks",
	};
	for (size_t k = 0; k < sizeof downs / sizeof *downs; k++) {
		char text[256];
		snprintf(text, sizeof text, "# Flow\n\n## #20: A\n\n**Status:** open\n\n## Dependency map\n\n"
		         "```\nStage A (#20)\n    %s\nStage B (#21)\n```\n", downs[k]);
		m = read_text(text);
		if (k == 3)
			ok(m && edge(m, "#21", "#20") && !edge(m, "#20", "#21"),
			   "\"%s\" between two lines of a code block: the lower is the prerequisite", downs[k]);
		else
			ok(m && edge(m, "#20", "#21") && !edge(m, "#21", "#20"),
			   "\"%s\" between two lines of a code block: the upper is the prerequisite", downs[k]);
		tr_model_free(m);
	}

	m = read_text("# Notes\n\n"
	              "#31 REQUIRES #30.\n#33 Waits on #32.\n#34 unblocks #35.\n"
	              "#37 \xE2\x80\x94 needs #36 first.\n\xE2\x9A\xA0\xEF\xB8\x8F #39 depends upon #38.\n"
	              "#40 \xE2\x9C\x85 Enables #41.\n#43 cannot start until #42 is merged.\n"
	              "#44, #45 \xE2\x80\x93 block #46.\n#47 needs2 #48.\n");
	ok(m && edge(m, "#30", "#31") && edge(m, "#32", "#33") && edge(m, "#34", "#35"),
	   "verbs in any case: REQUIRES, Waits on, unblocks");
	ok(m && edge(m, "#36", "#37") && edge(m, "#38", "#39") && edge(m, "#40", "#41"),
	   "verbs after a dash or an emoji: \xE2\x80\x94 needs, \xE2\x9A\xA0\xEF\xB8\x8F ... depends upon, \xE2\x9C\x85 Enables");
	ok(m && edge(m, "#42", "#43"), "until ... is merged");
	ok(m && edge(m, "#44", "#46") && edge(m, "#45", "#46"), "a list, a dash, then block");
	ok(m && !touched(m, "#47") && !touched(m, "#48"), "a verb inside a word is none");
	tr_model_free(m);

	m = read_text("# Order\n\n## #50: Base\n\n**Status:** open\n\n## #51: Top\n\n"
	              "**Status:** open\n\nBlocked by #50 \xE2\x9C\x85\n");
	ok(m && edge(m, "#50", "#51"), "a line that starts with its verb is about its section's issue");
	tr_model_free(m);

	m = read_text("# Table\n\n| Issue | Title | Notes |\n|---|---|---|\n"
	              "| #61 | Cache | \xE2\x9C\x85 waits for #60 |\n| #62 | Index | #61 \xE2\x86\x92 blocks this |\n");
	ok(m && edge_at(m, "#60", "#61", 5), "a cell with an emoji and a verb: about the row's issue");
	ok(m && edge_at(m, "#61", "#62", 6), "a cell with an arrow and a verb");
	tr_model_free(m);
}

/* The verbs of each language, each found among the verbs that share its
 * first two letters. */
static void languages(void)
{
	tr_model *m = read_text("# Notas\n\n"
	                        "#81 depende de #80.\n#83 d\xC3\xA9pend de #82.\n#85 n\xC3\xA9" "cessite #84.\n"
	                        "#87 erfordert #86.\n#89 ben\xC3\xB6tigt #88.\n#91 requiere #90.\n"
	                        "#93 ist abh\xC3\xA4ngig von #92.\n#94 bloquea #95.\n#97 est bloqu\xC3\xA9" "e par #96.\n"
	                        "#99 requer #98.\n#100 blockiert #101.\n#103 necesita #102.\n");
	ok(m && edge(m, "#80", "#81") && edge(m, "#82", "#83") && edge(m, "#84", "#85"),
	   "depende de, d\xC3\xA9pend de, n\xC3\xA9" "cessite");
	ok(m && edge(m, "#86", "#87") && edge(m, "#88", "#89") && edge(m, "#90", "#91"),
	   "erfordert, ben\xC3\xB6tigt, requiere");
	ok(m && edge(m, "#92", "#93") && edge(m, "#94", "#95") && edge(m, "#96", "#97"),
	   "abh\xC3\xA4ngig von, bloquea, bloqu\xC3\xA9" "e par");
	ok(m && edge(m, "#98", "#99") && edge(m, "#100", "#101") && edge(m, "#102", "#103"),
	   "requer, blockiert, necesita");
	tr_model_free(m);
}

/* An item that says it has no blockers, in any case and at any place
 * after its key, gets none from an arrow; other words do not say it. */
static void unblocked(void)
{
	static const char *const says[] = {
		" Tracking (0 blockers)", " Tracking - No Blockers", " NO BLOCKER yet",
		" no blocking dependencies", " Audit: No blocking dependency.", " (no dependencies)",
		" **No prerequisites**", " Tracking, Not Blocked",
	};
	for (size_t k = 0; k < sizeof says / sizeof *says; k++)
		ok(rd_says_unblocked(says[k], strlen(says[k])), "\"%s\" says it has no blockers", says[k]);
	static const char *const not_says[] = {
		" Ledger Retry Storm - P2", " no  blockers", " 10 blockers", " Snoblockers",
		" not blocking", " no deps", " nob", "",
	};
	for (size_t k = 0; k < sizeof not_says / sizeof *not_says; k++)
		ok(!rd_says_unblocked(not_says[k], strlen(not_says[k])), "\"%s\" does not", not_says[k]);

	const char *map = "# Dependencies\n\n## Graph\n\n```\nLegend:\n  \xE2\x86\x92 depends on\n\n"
	                  "#60 (Tracking)\n  \xE2\x86\x92 #61 (Integration)\n```\n\n## Analysis\n\n"
	                  "1. **#60 - Tracking**%s\n2. **#61 - Integration**\n";
	char text[512];
	snprintf(text, sizeof text, map, "");
	tr_model *m = read_text(text);
	ok(m && edge(m, "#61", "#60"), "an arrow under a legend gives an item its blocker");
	tr_model_free(m);
	snprintf(text, sizeof text, map, " (NOT BLOCKED)");
	m = read_text(text);
	ok(m && !edge(m, "#61", "#60"), "... but not to an item NOT BLOCKED");
	tr_model_free(m);
}

/* Sources: each field keeps the line it was read on, and across two
 * reports the report it came from. */
static void sources(void)
{
	const char *a = "# One\n\n## #1: Schema migration\n\n**Priority:** P1\n\n- 2 failed, 3 passed\n";
	const char *b = "# Two\n\n## #1: Later title\n\n**Status:** blocked\n";
	tr_model *m = tr_model_new();
	tr_error err = TR_ERROR_INIT;
	ok(tr_report_load_buffer(m, "a.md", a, strlen(a), &err) == 0 &&
	   tr_report_load_buffer(m, "b.md", b, strlen(b), &err) == 0, "two reports load");
	tr_error_clear(&err);
	tr_model_finish(m);
	size_t i = tr_model_lookup(m, "#1");
	if (ok(i != (size_t)-1, "#1 is read")) {
		const tr_issue *is = &m->issues[i];
		ok(is->sources[TR_SOURCE_TITLE].report == 0 && is->sources[TR_SOURCE_TITLE].line == 3,
		   "the title from the first report's heading, line 3");
		ok(is->sources[TR_SOURCE_PRIORITY].line == 5, "the priority from its label, line 5");
		ok(is->sources[TR_SOURCE_TESTS].line == 7, "the counts from the sentence, line 7");
		ok(is->sources[TR_SOURCE_STATUS].report == 1 && is->sources[TR_SOURCE_STATUS].line == 5,
		   "the status from the second report, line 5");
		is_int(is->sources[TR_SOURCE_PLAN].line, 0, "no plan, no source");
	}
	tr_model_free(m);
}

int main(void)
{
	tr_model *m = load("report-deps.md");
	labels(m);
	prose(m);
	not_dependencies(m);
	maps(m);
	table(m);
	tr_model_free(m);
	inline_forms();
	marks();
	languages();
	unblocked();
	sources();
	return done_testing();
}
