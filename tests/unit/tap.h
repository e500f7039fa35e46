/* A tiny TAP producer for the unit tests: one "ok"/"not ok" line per
 * assertion, a plan at the end.  Automake's tap-driver.sh counts them. */
#ifndef TRIAGE_TAP_H
#define TRIAGE_TAP_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int tap_count, tap_failed;

/* A new folder for a test's files, under $TMPDIR (else /tmp) and named
 * after the test, into dir; the whole test bails out when it cannot be
 * made, as nothing after it could run. */
__attribute__((unused)) static void tap_tempdir(char *dir, size_t size, const char *name)
{
	snprintf(dir, size, "%s/%s.XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp", name);
	if (!mkdtemp(dir)) {
		printf("Bail out! cannot create a temporary directory\n");
		exit(1);
	}
}

__attribute__((format(printf, 2, 3)))
__attribute__((unused)) static bool ok(bool cond, const char *fmt, ...)
{
	va_list ap;
	printf("%sok %d - ", cond ? "" : "not ", ++tap_count);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	if (!cond)
		tap_failed++;
	fflush(stdout);
	return cond;
}

/* String equality that shows both sides when it fails. */
#define is_str(got, want, ...) tap_is_str(got, want, __FILE__, __LINE__, __VA_ARGS__)
__attribute__((format(printf, 5, 6)))
__attribute__((unused)) static bool tap_is_str(const char *got, const char *want, const char *file, int line,
                       const char *fmt, ...)
{
	bool cond = (got == NULL && want == NULL) ||
	            (got != NULL && want != NULL && strcmp(got, want) == 0);
	va_list ap;
	printf("%sok %d - ", cond ? "" : "not ", ++tap_count);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	if (!cond) {
		tap_failed++;
		printf("#   at %s:%d\n#   got:  '%s'\n#   want: '%s'\n", file, line,
		       got ? got : "(null)", want ? want : "(null)");
	}
	fflush(stdout);
	return cond;
}

#define is_int(got, want, ...) tap_is_int((long long)(got), (long long)(want), __FILE__, __LINE__, __VA_ARGS__)
__attribute__((format(printf, 5, 6)))
__attribute__((unused)) static bool tap_is_int(long long got, long long want, const char *file, int line,
                       const char *fmt, ...)
{
	bool cond = got == want;
	va_list ap;
	printf("%sok %d - ", cond ? "" : "not ", ++tap_count);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	if (!cond) {
		tap_failed++;
		printf("#   at %s:%d\n#   got:  %lld\n#   want: %lld\n", file, line, got, want);
	}
	fflush(stdout);
	return cond;
}

__attribute__((unused)) static int done_testing(void)
{
	printf("1..%d\n", tap_count);
	return tap_failed ? 1 : 0;
}

/* Reads a whole file (fixtures); aborts the test program if it cannot. */
__attribute__((unused)) static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		printf("Bail out! cannot open %s\n", path);
		exit(1);
	}
	size_t cap = 4096, n = 0;
	char *buf = malloc(cap);
	size_t r;
	while ((r = fread(buf + n, 1, cap - n - 1, f)) > 0) {
		n += r;
		if (cap - n - 1 == 0)
			buf = realloc(buf, cap *= 2);
	}
	fclose(f);
	buf[n] = '\0';
	if (len)
		*len = n;
	return buf;
}

/* Path of a fixture under $top_srcdir/tests/fixtures (set by make check). */
__attribute__((unused)) static const char *fixture(const char *name)
{
	static char path[4096];
	const char *top = getenv("top_srcdir");
	snprintf(path, sizeof path, "%s/tests/fixtures/%s", top ? top : ".", name);
	return path;
}

#endif
