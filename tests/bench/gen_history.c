/* Generates a git history for benchmarks, as a `git fast-import` stream:
 * a main line with short topic branches merged now and then, tags, one to
 * three changed files per commit (now and then a test file, sometimes one
 * of the seed report's), and messages in a realistic mix: most without a
 * reference, others with "(#N)", "Fixes #N", "Closes: GH-N", an issue link,
 * and look-alikes that are not references ("#N0", "abc#N").
 *
 *   gen_history COMMITS [FIRST BRANCH] | git fast-import
 *
 * With FIRST and BRANCH, the numbering starts at FIRST and BRANCH (a full
 * ref name) is made from the tip of main and grows instead of it: new
 * commits on top of a history made by a first run.  The output is
 * deterministic for given arguments. */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t rng = 0x2545F4914F6CDD1DULL;

static unsigned next(unsigned n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (unsigned)(rng % n);
}

static const char *const first_names[] = {
	"Ada", "Linus", "Grace", "Ken", "Barbara", "Dennis", "Frances", "Edsger", "Margaret", "Niklaus",
	"Radia", "Bjarne", "Sophie", "Guido", "Hedy", "Donald", "Karen", "Brian", "Shafi", "Tony",
};
static const char *const last_names[] = {
	"Lovelace", "Torvalds", "Hopper", "Thompson", "Liskov", "Ritchie", "Allen", "Dijkstra",
	"Hamilton", "Wirth", "Perlman", "Stroustrup", "Wilson", "Rossum",
};
static const char *const verbs[] = {
	"Fix", "Refactor", "Add", "Remove", "Update", "Simplify", "Document", "Speed up", "Rework",
	"Guard", "Log", "Test",
};
static const char *const things[] = {
	"execution tracker state", "user context isolation", "websocket await handling",
	"auth token refresh", "database pool sizing", "tool dispatcher routing",
	"API validation errors", "session store expiry", "rate limiter window", "agent registry lookup",
	"billing export", "telemetry batching", "config loading", "error messages", "retry policy",
};
static const char *const body_lines[] = {
	"The previous code assumed the value was always present.",
	"This keeps the behaviour the same for existing callers.",
	"Found while reproducing the cluster failures locally.",
	"No functional change intended.",
	"The test now waits for the handler instead of sleeping.",
	"Covered by the existing integration suite.",
	"See the discussion in the design document.",
	"Reviewed-by: a colleague",
};
static const char *const seed_tests[] = {
	"tests/unit/core/test_execution_tracker_ssot.py",
	"tests/integration/websocket/test_websocket_await_expression_fixes.py",
	"tests/unit/golden_path/test_user_context_isolation_comprehensive.py",
};
static const unsigned seed_issues[] = { 305, 271, 292, 307, 306, 308, 316 };

#define NMOD 40
#define NSRC 25
#define NTEST 5

static unsigned issue_number(void)
{
	if (next(10) == 0)
		return seed_issues[next(sizeof seed_issues / sizeof *seed_issues)];
	return 1 + next(2000);
}

static void message(char *buf, size_t cap)
{
	char subject[256];
	snprintf(subject, sizeof subject, "%s %s", verbs[next(sizeof verbs / sizeof *verbs)],
	         things[next(sizeof things / sizeof *things)]);
	size_t n = 0;
	unsigned kind = next(100);
	unsigned num = issue_number();
	if (kind < 15)
		n += (size_t)snprintf(buf + n, cap - n, "%s (#%u)\n", subject, num);
	else if (kind < 20)
		n += (size_t)snprintf(buf + n, cap - n, "%s, %s-%u\n", subject, next(2) ? "GH" : "gh", num);
	else if (kind < 22)
		n += (size_t)snprintf(buf + n, cap - n, "%s for #%u0 and abc#%u\n", subject, num, num);
	else
		n += (size_t)snprintf(buf + n, cap - n, "%s\n", subject);
	unsigned lines = next(2) ? 1 + next(5) : 0;
	if (lines)
		n += (size_t)snprintf(buf + n, cap - n, "\n");
	for (unsigned i = 0; i < lines; i++)
		n += (size_t)snprintf(buf + n, cap - n, "%s\n", body_lines[next(sizeof body_lines / sizeof *body_lines)]);
	if (kind >= 22 && kind < 30)
		n += (size_t)snprintf(buf + n, cap - n, "\n%s #%u\n",
		                      (const char *[]){ "Fixes", "Closes:", "resolved", "Fix" }[next(4)],
		                      issue_number());
	else if (kind >= 30 && kind < 33)
		n += (size_t)snprintf(buf + n, cap - n, "\nCloses GH-%u\n", issue_number());
	else if (kind >= 33 && kind < 38)
		n += (size_t)snprintf(buf + n, cap - n, "\nRefs https://github.com/acme/app/issues/%u\n",
		                      issue_number());
}

static void file_change(unsigned long c, int test)
{
	char path[128];
	if (test && next(4) == 0)
		snprintf(path, sizeof path, "%s", seed_tests[next(3)]);
	else if (test)
		snprintf(path, sizeof path, "tests/unit/mod%02u/test_part%u.py", next(NMOD), next(NTEST));
	else if (next(20) == 0)
		snprintf(path, sizeof path, "docs/topic%u.md", next(20));
	else
		snprintf(path, sizeof path, "src/mod%02u/part%02u.c", next(NMOD), next(NSRC));
	char data[512];
	int n = snprintf(data, sizeof data,
	                 "/* %s */\n#include \"common.h\"\n\nint revision(void)\n{\n\treturn %lu;\n}\n\n"
	                 "int tuning(void)\n{\n\treturn %u;\n}\n",
	                 path, c, next(100000));
	printf("M 100644 inline %s\ndata %d\n%s\n", path, n, data);
}

static void commit(const char *ref, unsigned long c, unsigned long from, unsigned long merge,
                   uint64_t when)
{
	static char msg[4096];
	unsigned who = next(sizeof first_names / sizeof *first_names);
	unsigned last = next(sizeof last_names / sizeof *last_names);
	if (merge)
		snprintf(msg, sizeof msg, "Merge branch 'topic-%lu'\n", merge);
	else
		message(msg, sizeof msg);
	printf("commit %s\nmark :%lu\n", ref, c);
	printf("author %s %s <%s.%s@example.com> %" PRIu64 " +0000\n", first_names[who], last_names[last],
	       first_names[who], last_names[last], when);
	printf("committer %s %s <%s.%s@example.com> %" PRIu64 " +0000\n", first_names[who],
	       last_names[last], first_names[who], last_names[last], when);
	printf("data %zu\n%s\n", strlen(msg), msg);
	if (from)
		printf("from :%lu\n", from);
	if (merge)
		printf("merge :%lu\n", merge);
	else {
		unsigned files = 1 + next(3);
		for (unsigned f = 0; f < files; f++)
			file_change(c, f == 0 && next(20) == 0);
	}
	printf("\n");
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: gen_history COMMITS [FIRST BRANCH] | git fast-import\n");
		return 2;
	}
	unsigned long count = strtoul(argv[1], NULL, 10);
	unsigned long first = argc > 3 ? strtoul(argv[2], NULL, 10) : 0;
	/* Distinct but deterministic content for a continuation. */
	rng ^= (uint64_t)first * 0x9E3779B97F4A7C15ULL;
	uint64_t when = 1500000000 + (uint64_t)first * 600;
	unsigned long mark = 0, tip = 0;
	const char *main_ref = argc > 3 ? argv[3] : "refs/heads/main";
	if (first)
		printf("reset %s\nfrom refs/heads/main^0\n\n", main_ref);
	for (unsigned long c = first; c < first + count;) {
		when += 60 + next(1200);
		if (c > first + 10 && next(400) == 0 && c + 8 < first + count) {
			/* A topic branch of two to six commits, merged back. */
			unsigned len = 2 + next(5);
			unsigned long base = tip;
			for (unsigned i = 0; i < len; i++, c++) {
				++mark;
				commit("refs/heads/topic", mark, i == 0 ? base : mark - 1, 0, when);
				when += 60 + next(600);
			}
			unsigned long side = mark;
			++mark;
			commit(main_ref, mark, base, side, when);
			c++;
			tip = mark;
			continue;
		}
		++mark;
		commit(main_ref, mark, tip, 0, when);
		tip = mark;
		c++;
		if (c % 5000 == 0)
			printf("reset refs/tags/v%lu\nfrom :%lu\n\n", c / 5000, mark);
	}
	return 0;
}
