/* Failures are error output: each shape of failure a report quotes is one
 * failure, whole, with the signature of what failed; commands, code,
 * configuration, data, diffs, passing output and warnings are none. */
#include "config.h"

#include <string.h>

#include "tap.h"
#include "report_tap.h"
#include "triage/report.h"

static size_t nfail(const tr_model *m, const char *id)
{
	const tr_issue *is = issue(m, id);
	return is ? is->nfailures : 0;
}

/* Failure k of an issue, or NULL. */
static const tr_failure *failure(const tr_model *m, const char *id, size_t k)
{
	const tr_issue *is = issue(m, id);
	return is && k < is->nfailures ? &is->failures[k] : NULL;
}

static size_t lines_of(const tr_failure *f)
{
	size_t n = 1;
	for (const char *p = f ? f->text : ""; *p; p++)
		n += *p == '\n';
	return f ? n : 0;
}

static void shape(const tr_model *m, const char *id, size_t k, unsigned line, size_t lines,
                  const char *signature, const char *what)
{
	const tr_failure *f = failure(m, id, k);
	if (!ok(f && f->line == line && lines_of(f) == lines, "%s: %s (line %u, %zu lines)", id, what,
	        f ? f->line : 0, lines_of(f)))
		return;
	is_str(f->signature, signature, "%s: its signature", id);
}

/* Loads markdown from a string as one issue's section. */
static tr_model *inline_report(const char *body)
{
	tr_model *m = tr_model_new();
	tr_error err = TR_ERROR_INIT;
	tr_buf b = TR_BUF_INIT;
	tr_buf_addf(&b, "# Cluster\n\n## Issue #1 \xE2\x80\x94 Something broke\n\n%s", body);
	if (tr_report_load_buffer(m, "inline.md", b.data, b.len, &err) < 0)
		printf("# %s\n", err.message ? err.message : "no message");
	tr_model_finish(m);
	tr_error_clear(&err);
	tr_buf_free(&b);
	return m;
}

int main(void)
{
	tr_model *m = tr_model_new();
	tr_error err = TR_ERROR_INIT;
	char *paths[] = { (char *)fixture("failures.md") };
	if (!ok(tr_report_load_all(m, paths, 1, &err) == 0, "the failure shapes load"))
		printf("# %s\n", err.message ? err.message : "no message");
	tr_error_clear(&err);

	is_int(nfail(m, "#601"), 1, "a traceback is one failure");
	shape(m, "#601", 0, 9, 6, "KeyError: 'sku-N'",
	      "from its first line to the exception, named by the exception");
	is_int(nfail(m, "#602"), 1, "a chained traceback is one failure");
	shape(m, "#602", 0, 20, 11,
	      "payments.errors.GatewayUnavailableError: gateway unavailable after N retries",
	      "named by the last exception");
	is_int(nfail(m, "#603"), 1, "a message wrapped over three lines is one failure");
	shape(m, "#603", 0, 36, 3,
	      "SCHEMA VIOLATION: Order model has N fields missing from the migration, expected the "
	      "migration to add them before the release and the serializer to expose them.",
	      "its signature reads the whole message");

	is_int(nfail(m, "#604"), 3, "pytest: the FAILED and ERROR lines, not PASSED");
	shape(m, "#604", 0, 44, 1, "<path>::test_total_with_coupon FAILED [ N%]",
	      "a -v result line keeps the test's name");
	shape(m, "#604", 1, 46, 1, "FAILED <path>::test_total_with_coupon - AssertionError: assert N == N",
	      "the short summary's FAILED line");
	shape(m, "#604", 2, 47, 1, "ERROR <path>::test_vat - fixture 'eu_rates' not found",
	      "an ERROR line keeps the missing fixture");
	is_int(nfail(m, "#605"), 1, "pytest's E lines are one failure");
	shape(m, "#605", 0, 55, 2, "AssertionError: assert N == N", "without the E prefix");

	is_int(nfail(m, "#606"), 1, "go test: --- FAIL with its message; not PASS or the package lines");
	shape(m, "#606", 0, 63, 2, "--- FAIL: TestSettle (Ns) settle_test.go:N: settled N of N orders",
	      "the message is part of it");
	is_int(nfail(m, "#607"), 1, "a Go panic is one failure");
	shape(m, "#607", 0, 73, 1, "panic: runtime error: index out of range [\xE2\x80\xA6] with length N",
	      "the goroutine dump after the blank line is not another failure");

	is_int(nfail(m, "#608"), 3, "compiler and linker errors, one a line");
	shape(m, "#608", 0, 83, 1, "<path>: error: 'balance' undeclared (first use in this function)",
	      "a compiler error keeps the undeclared name");
	shape(m, "#608", 1, 84, 1, "<path>: ledger.o: undefined reference to `ledger_close'",
	      "a linker error keeps the missing symbol");

	is_int(nfail(m, "#609"), 3, "log lines at ERROR, not INFO or WARNING");
	shape(m, "#609", 0, 92, 1, "<time> N:N:N ERROR worker-N batch N failed: deadlock detected",
	      "a timestamped ERROR line, without its time");
	shape(m, "#609", 1, 94, 1, "[ERROR] inventory sync aborted: N items left unsynced", "[ERROR]");
	shape(m, "#609", 2, 95, 1, "level=error msg=\"cache flush failed\" key=sess_<hex>", "level=error");

	is_int(nfail(m, "#610"), 1, "a JSON log record at ERROR, not the one at INFO");
	shape(m, "#610", 0, 102, 1, "ERROR: Payment capture failed: card_declined",
	      "its message is its signature");

	is_int(nfail(m, "#611"), 2, "a crossed test and a FAILED one; not the passing ones");
	is_int(nfail(m, "#612"), 0, "commands, code, YAML, JSON data, a diff, merge markers, a passing "
	       "run and a drawing are no failures");
	is_int(nfail(m, "#613"), 0, "warnings are no failures");

	const tr_failure *a = failure(m, "#601", 0), *b = failure(m, "#614", 0);
	ok(a && b && strcmp(a->signature, b->signature) == 0,
	   "the same failure in another run (other paths, line numbers and ids) has the same signature");
	const tr_failure_group *g = NULL;
	for (size_t k = 0; a && k < m->ngroups; k++)
		if (strcmp(m->groups[k].signature, a->signature) == 0)
			g = &m->groups[k];
	ok(g && g->count == 2 && g->nissues == 2, "and groups the two issues");
	tr_model_free(m);

	/* Blocks tagged with a language: code and data say "error" without
	 * being error output; only the unmistakable counts. */
	m = inline_report("```python\nAttributeError: 'Cart' object has no attribute 'total'\n"
	                  "    raise ValueError('bad')\nerror = True\n```\n");
	is_int(nfail(m, "#1"), 1, "in a python block, the exception at the margin; not code");
	tr_model_free(m);
	m = inline_report("```yaml\nerror: true\nstatus: FAILED\n```\n\n```typescript\n"
	                  "throw new Error('x');\nconsole.error('FAILED');\n```\n");
	is_int(nfail(m, "#1"), 0, "YAML keys and TypeScript throws are no failures");
	tr_model_free(m);
	m = inline_report("```\nERROR: one\nERROR: two\n```\n");
	is_int(nfail(m, "#1"), 2, "two error lines in a row are two failures");
	tr_model_free(m);
	m = inline_report("```\nInvalidSignature: timestamp outside tolerance\n"
	                  "Timeout: 30000ms\nRuntimeWarning: coroutine was never awaited\n```\n");
	is_int(nfail(m, "#1"), 1, "an exception of any name in output; a label or a warning is none");
	tr_model_free(m);

	/* Many lines: one failure stops growing; the next start is its own. */
	tr_buf big = TR_BUF_INIT;
	tr_buf_adds(&big, "```\nTraceback (most recent call last):\n");
	for (int i = 0; i < 500; i++)
		tr_buf_addf(&big, "  File \"/srv/m%d.py\", line %d, in f\n", i, i);
	tr_buf_adds(&big, "RecursionError: maximum recursion depth exceeded\nERROR: after it\n```\n");
	m = inline_report(big.data);
	const tr_failure *f = nfail(m, "#1") == 2 ? failure(m, "#1", 0) : NULL;
	ok(f && lines_of(f) <= 402 &&
	   strcmp(f->signature, "RecursionError: maximum recursion depth exceeded") == 0,
	   "a 500-frame traceback is one failure, named by the exception; the error after it is another");
	ok(f && strstr(f->text, "Traceback (most recent call last):\n  File \"/srv/m0.py\"") &&
	   strstr(f->text, "lines left out") && strstr(f->text, "/srv/m499.py\", line 499, in f\nRecursionError:"),
	   "cut in the middle, it keeps its outermost frames, says what it left out, and keeps the innermost "
	   "frames with the exception");
	tr_model_free(m);
	tr_buf_reset(&big);
	tr_buf_adds(&big, "```\nTraceback (most recent call last):\n");
	for (int i = 0; i < 40; i++)
		tr_buf_addf(&big, "  File \"/srv/m%d.py\", line %d, in f\n    call_%d()\n", i, i, i);
	tr_buf_adds(&big, "RuntimeError: the scheduler could not allocate\n```\n");
	m = inline_report(big.data);
	f = nfail(m, "#1") == 1 ? failure(m, "#1", 0) : NULL;
	ok(f && lines_of(f) == 82 && strstr(f->text, "call_35()") && !strstr(f->text, "left out"),
	   "a 40-frame traceback is kept whole, every frame and its code line");
	tr_model_free(m);
	/* Java puts the exception first: a cut keeps it at the top. */
	tr_buf_reset(&big);
	tr_buf_adds(&big, "```\njava.lang.IllegalStateException: pool closed\n");
	for (int i = 0; i < 600; i++)
		tr_buf_addf(&big, "\tat com.example.Pool.get(Pool.java:%d)\n", i);
	tr_buf_adds(&big, "```\n");
	m = inline_report(big.data);
	f = nfail(m, "#1") == 1 ? failure(m, "#1", 0) : NULL;
	ok(f && strncmp(f->text, "java.lang.IllegalStateException: pool closed\n", 45) == 0 &&
	   strstr(f->text, "Pool.java:599)") && lines_of(f) <= 402,
	   "a Java trace over the limit keeps its exception line first and its last frames");
	tr_model_free(m);
	tr_buf_free(&big);
	/* A line that is nothing but a prefix or a mark says nothing: it is no
	 * failure, and what comes after it is read as before. */
	m = inline_report("```\n\xE2\x9D\x8C\nINTERNALERROR>\nERROR: after them\n```\n\n"
	                  "```bash\nINTERNALERROR>\n\xE2\x9C\x97\n```\n");
	ok(nfail(m, "#1") == 1, "lines of a prefix alone give no failure (%zu)", nfail(m, "#1"));
	shape(m, "#1", 0, 8, 1, "ERROR: after them", "the error after them is one");
	tr_model_free(m);
	return done_testing();
}
