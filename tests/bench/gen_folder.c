/* Generates a folder of reports in the styles teams write them, for the
 * folder benchmark: cluster reports with issue headings, issue tables, task
 * lists, test gardener worklogs with pytest output, log clusters with JSON
 * log records, five-whys analyses, tracker dependency maps, known-issue
 * registries, failing-test notes with karma output, remediation plans, go
 * test reports, and now and then a guide that is no report at all.  Issue
 * numbers come from a shared pool, so the same issue is in several reports.
 *
 *   gen_folder DIR COUNT [KB]      (KB: the size each report grows to; 12)
 *
 * The output is deterministic for given arguments. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static uint64_t rng = 0x2545F4914F6CDD1DULL;

static unsigned pick(unsigned n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (unsigned)(rng % n);
}

#define ANY(a) (a)[pick(sizeof(a) / sizeof *(a))]

static const char *const areas[] = {
	"Checkout", "Ledger", "Scheduler", "Uploads", "Search", "Billing", "Sessions", "Inventory",
	"Notifications", "Exports", "Webhooks", "Reports",
};
static const char *const problems[] = {
	"Timeouts Under Load", "Stale Cache Entries", "Race On Shutdown", "Missing Fixture",
	"Schema Drift", "Retry Storm", "Off-By-One Totals", "Leaked Connections",
};
static const char *const prios[] = { "P0", "P1", "P2", "P3" };
static const char *const statuses[] = {
	"\xE2\x9C\x85 REPRODUCED", "ROOT CAUSE IDENTIFIED", "\xE2\x9A\xA0\xEF\xB8\x8F BLOCKED",
	"open", "in progress", "resolved", "NOT REPRODUCED",
};
static unsigned issue_no(void)
{
	return 100 + pick(5000);
}

static void error_block(FILE *f)
{
	const char *area = ANY(areas);
	fprintf(f, "```\nTraceback (most recent call last):\n");
	fprintf(f, "  File \"/srv/app/%s/handlers.py\", line %u, in handle\n", area, 10 + pick(400));
	fprintf(f, "    return self.backend.run(request)\n");
	switch (pick(5)) {
	case 0: fprintf(f, "AttributeError: '%sService' object has no attribute 'flush_%u'\n", area, pick(9)); break;
	case 1: fprintf(f, "KeyError: 'order-%u'\n", pick(100000)); break;
	case 2: fprintf(f, "TimeoutError: %s gateway did not answer in %us\n", area, 5 + pick(60)); break;
	case 3: fprintf(f, "ModuleNotFoundError: No module named 'app.%s.v%u'\n", area, pick(4)); break;
	default: fprintf(f, "AssertionError: assert %u == %u\n", pick(100), pick(100)); break;
	}
	fprintf(f, "```\n\n");
}

static void pytest_block(FILE *f)
{
	unsigned failed = 1 + pick(5), passed = pick(40);
	fprintf(f, "```\n$ pytest tests/%s -q\n", ANY(areas));
	for (unsigned i = 0; i < failed; i++)
		fprintf(f, "FAILED tests/test_%s.py::test_case_%u - %s\n", ANY(areas), pick(90),
		        ANY(problems));
	fprintf(f, "=========== %u failed, %u passed in %u.%02us ===========\n```\n\n", failed, passed,
	        pick(90), pick(100));
}

static void prose(FILE *f)
{
	fprintf(f, "The %s path shows %s since the last deploy; the on-call saw it in %u of %u "
	        "runs and the retries hide it from the dashboards.\n\n",
	        ANY(areas), ANY(problems), 1 + pick(9), 10 + pick(30));
}

/* Each style writes one unit (an issue's section, a row, an item); the
 * report repeats units until it reaches its size. */
static void style_cluster(FILE *f, int k)
{
	unsigned n = issue_no();
	fprintf(f, "### \xF0\x9F\x9A\xA8 **Phase %d: %s %s (#%u) - %s CRITICAL**\n\n", k + 1,
	        ANY(areas), ANY(problems), n, ANY(prios));
	fprintf(f, "**Status:** %s  \n**Test File:** `tests/unit/test_%s_%u.py`\n\n", ANY(statuses),
	        ANY(areas), n);
	fprintf(f, "#### **Critical Findings:**\n");
	error_block(f);
	fprintf(f, "#### **Test Results:**\n- %u failed, %u passed out of %u tests\n\n", 1 + pick(5),
	        pick(5), 10);
	if (k > 0)
		fprintf(f, "#%u blocks #%u.\n\n", issue_no(), n);
}

static void style_table(FILE *f, int k)
{
	if (k == 0)
		fprintf(f, "| Issue | Title | Priority | Status | Depends on |\n|---|---|---|---|---|\n");
	fprintf(f, "| #%u | %s %s | %s | %s | #%u |\n", issue_no(), ANY(areas), ANY(problems),
	        ANY(prios), ANY(statuses), issue_no());
}

static void style_tasks(FILE *f, int k)
{
	if (k == 0)
		fprintf(f, "## Remediation checklist\n\n");
	fprintf(f, "- [%c] #%u %s %s - %s\n", pick(3) ? ' ' : 'x', issue_no(), ANY(areas),
	        ANY(problems), ANY(prios));
}

static void style_gardener(FILE *f, int k)
{
	unsigned n = issue_no();
	fprintf(f, "### %d. CRITICAL: %s %s\n\n**GitHub Issue:** [#%u](https://example.org/acme/"
	        "shop/issues/%u)\n**Priority:** %s\n\n", k + 1, ANY(areas), ANY(problems), n, n, ANY(prios));
	pytest_block(f);
	prose(f);
}

static void style_logs(FILE *f, int k)
{
	fprintf(f, "## CLUSTER %d: %s %s (%s - Critical)\n\n**Issue Updated:** #%u\n\n```json\n",
	        k + 1, ANY(areas), ANY(problems), ANY(prios), issue_no());
	for (unsigned i = 0; i < 2 + pick(3); i++)
		fprintf(f, "{\n  \"message\": \"%s failed: %s\",\n  \"module\": \"app.%s\",\n"
		        "  \"timestamp\": \"2026-02-%02uT%02u:%02u:%02u.%06uZ\",\n  \"severity\": \"%s\"\n}\n",
		        ANY(areas), ANY(problems), ANY(areas), 1 + pick(28), pick(24), pick(60), pick(60),
		        pick(1000000), pick(3) ? "ERROR" : "WARNING");
	fprintf(f, "```\n\n");
}

static void style_whys(FILE *f, int k)
{
	fprintf(f, "### WHY #%d: Why did the %s %s?\n\n", k + 1, ANY(areas), ANY(problems));
	prose(f);
	fprintf(f, "```python\ndef flush(self):\n    for item in self.pending:\n"
	        "        self.backend.write(item)  # never awaited\n```\n\n");
	if (k == 0)
		fprintf(f, "Root issue: #%u (%s).\n\n", issue_no(), ANY(prios));
}

static void style_jira(FILE *f, int k)
{
	unsigned a = 1 + pick(400), b = 1 + pick(400);
	if (k == 0)
		fprintf(f, "## Dependency map\n\n");
	fprintf(f, "### SHOP-%u: %s %s\n\n**Priority:** %s\n**Status:** %s\n\nSHOP-%u is blocked by "
	        "SHOP-%u.\n\n```\nSHOP-%u (%s) \xE2\x86\x92 blocks SHOP-%u\n```\n\n", a, ANY(areas),
	        ANY(problems), ANY(prios), ANY(statuses), a, b, b, ANY(areas), a);
}

static void style_registry(FILE *f, int k)
{
	fprintf(f, "### Issue %03d\n\n- **Severity:** %s\n- **Area:** %s\n- **Seen:** %u times\n\n",
	        k + 1, pick(2) ? "High" : "Medium", ANY(areas), 1 + pick(40));
	prose(f);
}

static void style_karma(FILE *f, int k)
{
	fprintf(f, "### %d. `%s.test.ts` (%u tests)\n\n~~~\n", k + 1, ANY(areas), 1 + pick(9));
	fprintf(f, "Chrome 120.0 (Linux x86_64) %s %s FAILED\n\texpected %u to equal %u\n"
	        "\tAssertionError@node_modules/chai/chai.js:%u:18\n~~~\n\n", ANY(areas), ANY(problems),
	        pick(50), pick(50), 1000 + pick(9000));
}

static void style_plan(FILE *f, int k)
{
	fprintf(f, "### Phase %d: %s (P%d)\n\n1. **Fix %s** (#%u)\n2. **Verify** (#%u)\n\n"
	        "```bash\nmake test AREA=%s\n```\n\n```yaml\nretries: %u\ntimeout: %us\n```\n\n",
	        k + 1, ANY(areas), k % 4, ANY(problems), issue_no(), issue_no(), ANY(areas), pick(5),
	        pick(90));
}

static void style_gotest(FILE *f, int k)
{
	fprintf(f, "## #%u: %s %s\n\n**Status:** %s\n\n```\n=== RUN   Test%s\n--- FAIL: Test%s (%u.%02us)\n"
	        "    %s_test.go:%u: %s\n--- PASS: TestOther%d (0.00s)\nFAIL\n```\n\n", issue_no(),
	        ANY(areas), ANY(problems), ANY(statuses), ANY(areas), ANY(areas), pick(3), pick(100),
	        ANY(areas), pick(300), ANY(problems), k);
}

static void style_guide(FILE *f, int k)
{
	fprintf(f, "## Step %d: %s\n\n", k + 1, ANY(areas));
	prose(f);
	fprintf(f, "```bash\ncompose build %s\ncompose up -d\n```\n\n", ANY(areas));
}

typedef void (*style_fn)(FILE *, int);
static const struct { const char *name; style_fn unit; } styles[] = {
	{ "cluster", style_cluster }, { "tracker", style_table }, { "tasks", style_tasks },
	{ "gardener", style_gardener }, { "log-cluster", style_logs }, { "five-whys", style_whys },
	{ "deps", style_jira }, { "registry", style_registry }, { "karma", style_karma },
	{ "plan", style_plan }, { "gotest", style_gotest }, { "guide", style_guide },
};
#define NSTYLES (sizeof styles / sizeof *styles)

int main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: gen_folder DIR COUNT [KB]\n");
		return 2;
	}
	const char *dir = argv[1];
	long count = atol(argv[2]);
	long kb = argc > 3 ? atol(argv[3]) : 12;
	if (mkdir(dir, 0755) != 0 && errno != EEXIST) {
		perror(dir);
		return 1;
	}
	for (long i = 0; i < count; i++) {
		/* A few folders deep, as teams file them. */
		char sub[4096], path[4200];
		snprintf(sub, sizeof sub, "%s/%s", dir, styles[i % NSTYLES].name);
		mkdir(sub, 0755);
		snprintf(path, sizeof path, "%s/%s-%04ld.md", sub, styles[i % NSTYLES].name, i);
		FILE *f = fopen(path, "w");
		if (!f) {
			perror(path);
			return 1;
		}
		fprintf(f, "# %s %s report %ld\n\n**Execution Date:** 2026-02-%02u\n\n", ANY(areas),
		        styles[i % NSTYLES].name, i, 1 + pick(28));
		long target = (kb * 1024 * (75 + (long)pick(50))) / 100;
		for (int k = 0; ftell(f) < target; k++)
			styles[i % NSTYLES].unit(f, k);
		fclose(f);
	}
	return 0;
}
