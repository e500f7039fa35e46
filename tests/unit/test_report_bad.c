/* Bad and hostile input: every report gives a model or a clear error that
 * names the file, and nothing crashes or hangs.  The hostile inputs are the
 * patterns known to make markdown parsers quadratic; each is generated
 * here and read inside an issue section, so the whole reader runs over it.
 * A hang fails the test: an alarm ends it long after any sane reading
 * would have finished (even under sanitizers), and automake's driver counts
 * the missing plan as an error.  The times printed are for a reader of the
 * log, not asserted. */
#include "config.h"

#include <string.h>
#include <time.h>
#include <unistd.h>

#include "tap.h"
#include "triage/report.h"

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Loads `len` bytes as "bad.md"; returns the status and the message. */
static int load(tr_model *m, const char *data, size_t len, char **message)
{
	tr_error err = TR_ERROR_INIT;
	int rc = tr_report_load_buffer(m, "bad.md", data, len, &err);
	*message = err.message ? strdup(err.message) : NULL;
	tr_error_clear(&err);
	return rc;
}

static bool fails_with(const char *data, size_t len, const char *want, const char *what)
{
	tr_model *m = tr_model_new();
	char *msg;
	int rc = load(m, data, len, &msg);
	bool good = rc < 0 && msg && strncmp(msg, "bad.md: ", 8) == 0 && strstr(msg, want);
	ok(good, "%s: an error naming the file says '%s'", what, want);
	if (!good)
		printf("#   got: %s\n", msg ? msg : "(no error)");
	ok(m->nissues == 0 && m->nreports == 0 && m->nedges == 0, "%s: nothing is left in the model", what);
	free(msg);
	tr_model_free(m);
	return good;
}

/* A growing buffer for generated reports. */
typedef struct { char *p; size_t n, cap; } gen;

static void put(gen *g, const char *s, size_t n)
{
	if (g->n + n + 1 > g->cap) {
		while (g->n + n + 1 > g->cap)
			g->cap = g->cap ? g->cap * 2 : 4096;
		g->p = realloc(g->p, g->cap);
	}
	memcpy(g->p + g->n, s, n);
	g->n += n;
	g->p[g->n] = '\0';
}

static void puts_(gen *g, const char *s)
{
	put(g, s, strlen(s));
}

static void repeat(gen *g, const char *s, size_t times)
{
	size_t n = strlen(s);
	for (size_t i = 0; i < times; i++)
		put(g, s, n);
}

static const char header[] = "## Issue #1 \xE2\x80\x94 Hostile input\n\n**Status:** reproduced\n\n";

/* Reads a generated report: it must load, and issue #1 must be there. */
static void survives(gen *g, const char *what)
{
	tr_model *m = tr_model_new();
	char *msg;
	double t = now();
	int rc = load(m, g->p, g->n, &msg);
	t = now() - t;
	ok(rc == 0 && tr_model_lookup(m, "#1") != TR_NONE, "%s (%.1f MB) is read", what,
	   (double)g->n / 1e6);
	if (rc != 0)
		printf("#   error: %s\n", msg ? msg : "(none)");
	printf("#   %s: %.3f s\n", what, t);
	if (rc == 0)
		tr_model_finish(m);
	free(msg);
	tr_model_free(m);
	free(g->p);
	memset(g, 0, sizeof *g);
}

static void hostile(void)
{
	gen g = { NULL, 0, 0 };
	const size_t N = 50000;

	puts_(&g, header);
	repeat(&g, "word ", 2000000);           /* 10 MB in one line */
	survives(&g, "a 10 MB paragraph on one line");

	puts_(&g, header);
	puts_(&g, "```\n");
	repeat(&g, "AttributeError: 'X' object has no attribute 'y' ", 200000);
	puts_(&g, "\n```\n");
	survives(&g, "a 10 MB error line");

	puts_(&g, header);
	puts_(&g, "- ");
	repeat(&g, "#1 \xE2\x86\x92 ", 200000);
	puts_(&g, "#2\n");
	survives(&g, "a chain of 200,000 arrows");

	puts_(&g, header);
	repeat(&g, ">", 20000);
	puts_(&g, " a\n");
	survives(&g, "20,000 nested block quotes");

	puts_(&g, header);
	repeat(&g, ">", 5000);
	repeat(&g, "a*", N);
	puts_(&g, "\n");
	for (size_t i = 0; i < 20000; i++) {
		repeat(&g, ">", 20);
		puts_(&g, " a*\n");
	}
	survives(&g, "thousands of > before runs of a*");

	puts_(&g, header);
	repeat(&g, "- ", 20000);
	puts_(&g, "a\n");
	survives(&g, "'- ' repeated 20,000 times");

	puts_(&g, header);
	for (size_t i = 0; i < 3000; i++) {
		repeat(&g, "  ", i);
		puts_(&g, "* a #1 -> #2\n");
	}
	survives(&g, "3,000-deep nested list items");

	puts_(&g, header);
	repeat(&g, "![[]()", N);
	puts_(&g, "\n");
	survives(&g, "'![[]()' repeated 50,000 times");

	puts_(&g, header);
	repeat(&g, "[", N);
	puts_(&g, "a");
	repeat(&g, "]", N);
	puts_(&g, "\n");
	survives(&g, "50,000 nested brackets");

	puts_(&g, header);
	repeat(&g, "*a ", N);
	puts_(&g, "\n");
	repeat(&g, "_a ", N);
	puts_(&g, "\n");
	repeat(&g, "a**b c* ", N);
	puts_(&g, "\n");
	repeat(&g, "*a_ ", N);
	puts_(&g, "\n");
	survives(&g, "long runs of emphasis openers and closers");

	puts_(&g, header);
	repeat(&g, "[a](<b", N);
	puts_(&g, "\n");
	repeat(&g, "[ (](", N);
	puts_(&g, "\n");
	repeat(&g, "e`", N);
	puts_(&g, "\n");
	survives(&g, "unclosed links and backticks");

	puts_(&g, header);
	for (int row = 0; row < 3; row++) {
		puts_(&g, "|");
		repeat(&g, row == 1 ? "-|" : "#1|", 20000);
		puts_(&g, "\n");
	}
	survives(&g, "a 20,000-column table");

	puts_(&g, header);
	puts_(&g, "| Issue | Title | Status |\n|---|---|---|\n");
	for (size_t i = 0; i < 20000; i++) {
		char row[64];
		snprintf(row, sizeof row, "| #%zu | t%zu | blocked |\n", i + 2, i);
		puts_(&g, row);
	}
	survives(&g, "a table of 20,000 issues");

	puts_(&g, header);
	for (size_t i = 0; i < 20000; i++) {
		char line[64];
		snprintf(line, sizeof line, "[%zu]: /u%zu\n", i, i);
		puts_(&g, line);
	}
	repeat(&g, "[7] ", N);
	puts_(&g, "\n");
	survives(&g, "20,000 link references");

	/* Link brackets on 200,000 lines with no blank line between them:
	 * md4c alone takes the square of the lines (minutes); the reader parses
	 * such a run in parts and says so in the report's notes. */
	puts_(&g, header);
	repeat(&g, "[#1](\n", 200000);
	{
		tr_model *m = tr_model_new();
		char *msg;
		int rc = load(m, g.p, g.n, &msg);
		ok(rc == 0 && m->nreports == 1 && m->reports[0].notes.n == 1 &&
		   strstr(m->reports[0].notes.v[0], "read in 40 parts"),
		   "200,000 lines of '[#1](' are read in parts, and the report says so");
		free(msg);
		tr_model_free(m);
	}
	survives(&g, "200,000 lines of '[#1](' in one paragraph");
	puts_(&g, header);
	puts_(&g, "| Issue | Note |\n|---|---|\n");
	repeat(&g, "| [a] | [#1]( |\n", 200000);
	survives(&g, "a table of 200,000 rows of link brackets");

	/* A table's rows are read one by one, in linear time: 8,000 rows with
	 * a link each are read whole, none lost past a cut. */
	puts_(&g, "# Cluster\n\n| Issue | Title | Priority |\n|---|---|---|\n");
	for (size_t i = 1; i <= 8000; i++) {
		char line[96];
		snprintf(line, sizeof line, "| #%zu | [log](http://ci/%zu) fails | P1 |\n", i, i);
		puts_(&g, line);
	}
	{
		tr_model *m = tr_model_new();
		char *msg;
		int rc = load(m, g.p, g.n, &msg);
		ok(rc == 0 && m->nissues == 8000 && m->reports[0].notes.n == 0,
		   "a table of 8,000 rows holding links: every row an issue, read whole");
		free(msg);
		tr_model_free(m);
	}
	g.n = 0;

	/* An escaped pipe is text to md4c: "a \\| b" over "--|--" is no table's
	 * head, and the paragraph under it is still cut at the bracket limit. */
	puts_(&g, header);
	puts_(&g, "a \\| b\n--|--\n");
	repeat(&g, "[a](\n", 6000);
	{
		tr_model *m = tr_model_new();
		char *msg;
		int rc = load(m, g.p, g.n, &msg);
		ok(rc == 0 && m->reports[0].notes.n == 1 && strstr(m->reports[0].notes.v[0], "read in 2 parts"),
		   "a head with an escaped pipe makes no table: its paragraph is cut as any");
		free(msg);
		tr_model_free(m);
	}
	g.n = 0;

	/* A list item ends a table (md4c starts a list there, whose paragraph
	 * takes the lines after it, marker and tab or not): they count as a
	 * paragraph's. */
	static const char *const items[] = { "- [a](\n", "-\t[a](\n", "1.\t[a](\n", "> [a](\n" };
	for (size_t k = 0; k < sizeof items / sizeof *items; k++) {
		puts_(&g, header);
		puts_(&g, "| a | b |\n|---|---|\n| c | d |\n");
		puts_(&g, items[k]);
		repeat(&g, "[a]( |\n", 6000);
		tr_model *m = tr_model_new();
		char *msg;
		int rc = load(m, g.p, g.n, &msg);
		ok(rc == 0 && m->reports[0].notes.n == 1 && strstr(m->reports[0].notes.v[0], "read in 2 parts"),
		   "a table ended by a list item or a quote (%zu): the paragraph after it is cut", k);
		free(msg);
		tr_model_free(m);
		g.n = 0;
	}

	/* Under a heading or a rule with no blank line, with no leading pipes,
	 * with odd first rows (indented, HTML, no pipe, a pipe in code): md4c
	 * reads every row of the table, and so does the reader. */
	static const char *const heads[] = {
		"# Cluster\n| Issue | Title | Priority |\n|---|---|---|\n",
		"# Cluster\n\n---\n| Issue | Title | Priority |\n|---|---|---|\n",
		"# Cluster\n\nIssue | Title | Priority\n---|---|---\n",
		"# Cluster\n\n| Issue | Title | Priority |\n|---|---|---|\n    | #9999 | x | P1 |\n",
		"# Cluster\n\n| Issue | Title | Priority |\n|---|---|---|\n<b>#9999</b> | x | P1\n",
		"# Cluster\n\n| Issue | Title | Priority |\n|---|---|---|\nsee the log below\n",
		"# Cluster\n\n| Issue | Title | Priority |\n|---|---|---|\n`a|b`\n",
	};
	for (size_t k = 0; k < sizeof heads / sizeof *heads; k++) {
		puts_(&g, heads[k]);
		for (size_t i = 1; i <= 8000; i++) {
			char line[96];
			snprintf(line, sizeof line, k == 2 ? "#%zu | [log](http://ci/%zu) fails | P1\n"
			                                   : "| #%zu | [log](http://ci/%zu) fails | P1 |\n", i, i);
			puts_(&g, line);
		}
		tr_model *m = tr_model_new();
		char *msg;
		int rc = load(m, g.p, g.n, &msg);
		ok(rc == 0 && tr_model_lookup(m, "#8000") != TR_NONE && m->reports[0].notes.n == 0,
		   "a table of 8,000 rows, read whole (%zu)", k);
		free(msg);
		tr_model_free(m);
		g.n = 0;
	}
	puts_(&g, header);
	puts_(&g, "```\n");
	repeat(&g, "[INFO] [worker] a log line in a fenced block\n", 100000);
	puts_(&g, "```\n");
	{
		tr_model *m = tr_model_new();
		char *msg;
		int rc = load(m, g.p, g.n, &msg);
		ok(rc == 0 && m->reports[0].notes.n == 0,
		   "a fenced block of 100,000 lines with brackets is read whole: code is no paragraph");
		free(msg);
		tr_model_free(m);
	}
	survives(&g, "a fenced log of 100,000 lines");

	/* Names that all match every title: matching stays bounded. */
	puts_(&g, "# Names\n\n");
	for (size_t i = 0; i < 2000; i++) {
		char h[96];
		snprintf(h, sizeof h, "## Shared words section %zu\n\n**Status:** ok\n\n## #%zu: Shared words\n\n",
		         i, i + 1);
		puts_(&g, h);
	}
	for (size_t i = 0; i < 4000; i++) {
		char line[96];
		snprintf(line, sizeof line, "- Shared words \xE2\x86\x92 Shared %zu \xE2\x86\x92 #1\n", i);
		puts_(&g, line);
	}
	survives(&g, "4,000 chain names matching 4,000 titles");
}

int main(void)
{
	alarm(300);
	fails_with("", 0, "empty report", "an empty file");
	fails_with(" \n\t\n  \n", 7, "empty report", "a file of blank lines");
	const char *none = "# Notes\n\nNothing to see here.\n\n- a list\n";
	if (fails_with(none, strlen(none), "no issues found", "a report without issues")) {
		tr_model *m = tr_model_new();
		char *msg;
		load(m, none, strlen(none), &msg);
		ok(msg && strstr(msg, "## Issue #") && strstr(msg, "table") && strstr(msg, "- [ ]"),
		   "the message shows the forms an issue may take");
		free(msg);
		tr_model_free(m);
	}
	static const char binary[] = "PK\003\004\000\000\024\000binary\000data";
	fails_with(binary, sizeof binary - 1, "not a text report", "binary data");
	static const char nul[] = "## Issue #1 \xE2\x80\x94 Title\n\000\000\000\000";
	fails_with(nul, sizeof nul - 1, "not a text report", "a report with NUL bytes");
	fails_with(nul, sizeof nul - 1, "on line 2", "a report with NUL bytes on its second line");

	/* Invalid UTF-8 is read, with U+FFFD in its place. */
	static const char bad_utf8[] = "## Issue #4 \xE2\x80\x94 Caf\xC3\xA9 \xE2\x80\x94 \xFF crash\n\n"
	                               "**Status:** \xE2\x9C\x85 confirmed\n";
	tr_model *m = tr_model_new();
	char *msg;
	int rc = load(m, bad_utf8, sizeof bad_utf8 - 1, &msg);
	size_t i4 = tr_model_lookup(m, "#4");
	ok(rc == 0 && i4 != TR_NONE, "a report with invalid UTF-8 is read");
	ok(i4 != TR_NONE && m->issues[i4].title && strstr(m->issues[i4].title, "\xEF\xBF\xBD") &&
	   strstr(m->issues[i4].title, "crash"), "with U+FFFD in place of the bad bytes");
	free(msg);
	tr_model_free(m);

	/* Files that cannot be read. */
	m = tr_model_new();
	tr_error err = TR_ERROR_INIT;
	rc = tr_report_load_file(m, "/nonexistent/cluster.md", &err);
	ok(rc < 0 && err.message && strstr(err.message, "/nonexistent/cluster.md: cannot open"),
	   "a missing file: the message names it");
	tr_error_clear(&err);
	rc = tr_report_load_file(m, "/", &err);
	ok(rc < 0 && err.message && strstr(err.message, "/: is a directory"), "a directory is no report");
	tr_error_clear(&err);
	/* A file that says it has no size (procfs) is still read to its end:
	 * its text is found to hold no issues, not taken for empty. */
	rc = tr_report_load_file(m, "/proc/self/status", &err);
	ok(rc < 0 && err.status == TR_NOTFOUND, "a file with no size given is read for its text");
	tr_error_clear(&err);
	/* A report is read whole, whatever its size, and again when the file
	 * is written anew with more text. */
	char grown[] = "/tmp/triage-test-grown-XXXXXX";
	int gfd = mkstemp(grown);
	const char *unit = "## Issue #901 \xE2\x80\x94 First\n\n**Status:** open\n\n";
	ok(gfd >= 0 && write(gfd, unit, strlen(unit)) == (ssize_t)strlen(unit), "a report on disk");
	tr_model *g = tr_model_new();
	rc = tr_report_load_file(g, grown, &err);
	ok(rc == 0 && g->nissues == 1, "its one issue is read");
	tr_model_free(g);
	for (int k = 0; gfd >= 0 && k < 3000; k++) {
		char more[96];
		int n = snprintf(more, sizeof more, "## Issue #%d \xE2\x80\x94 More\n\n**Status:** open\n\n", 1000 + k);
		if (write(gfd, more, (size_t)n) != n)
			break;
	}
	g = tr_model_new();
	rc = tr_report_load_file(g, grown, &err);
	ok(rc == 0 && g->nissues == 3001, "written anew with 3,000 more, all 3,001 are read");
	tr_model_free(g);
	tr_error_clear(&err);
	if (gfd >= 0)
		close(gfd);
	unlink(grown);
	char *paths[] = { (char *)fixture("report-headings.md"), (char *)"/nonexistent/second.md" };
	rc = tr_report_load_all(m, paths, 2, &err);
	ok(rc == 0 && m->nreports == 1, "of several, one that cannot be read is skipped and the "
	   "other loads");
	tr_error_clear(&err);
	char *missing[] = { (char *)"/nonexistent/first.md", (char *)"/nonexistent/second.md" };
	tr_model *m2 = tr_model_new();
	rc = tr_report_load_all(m2, missing, 2, &err);
	ok(rc < 0 && err.message && strstr(err.message, "none of the 2 files"),
	   "when none can be read, loading fails and says so");
	tr_error_clear(&err);
	tr_model_free(m2);
	tr_model_free(m);

	hostile();
	return done_testing();
}
