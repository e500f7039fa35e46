/* History: commits linked to issues, on small repositories made with the git
 * command line (fixed dates), through the library as the console uses it. */
#include "config.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tap.h"
#include "triage/export.h"
#include "triage/history.h"
#include "triage/repo.h"
#include "triage/text.h"

static char top[64];

/* Runs a shell command (built like printf); bails out when it fails. */
__attribute__((format(printf, 1, 2)))
static void sh(const char *fmt, ...)
{
	char cmd[4096];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(cmd, sizeof cmd, fmt, ap);
	va_end(ap);
	if (system(cmd) != 0) {
		printf("Bail out! command failed: %s\n", cmd);
		exit(1);
	}
}

static void put_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "wb");
	if (!f) {
		printf("Bail out! cannot write %s\n", path);
		exit(1);
	}
	fputs(text, f);
	fclose(f);
}

/* Commits in `repo` at time `when` (seconds; +0000) as the default author,
 * after writing `content` to `path` (NULL: an empty commit). */
static void commit_as(const char *repo, long when, const char *author, const char *msg,
                      const char *path, const char *content)
{
	char buf[1024];
	if (path) {
		snprintf(buf, sizeof buf, "%s/%s", repo, path);
		for (char *s = strchr(buf + strlen(repo) + 1, '/'); s; s = strchr(s + 1, '/')) {
			*s = '\0';
			mkdir(buf, 0777);
			*s = '/';
		}
		put_file(buf, content);
	}
	snprintf(buf, sizeof buf, "%s/msg.tmp", top);
	put_file(buf, msg);
	char date[64];
	snprintf(date, sizeof date, "@%ld +0000", when);
	setenv("GIT_AUTHOR_DATE", date, 1);
	setenv("GIT_COMMITTER_DATE", date, 1);
	setenv("GIT_AUTHOR_NAME", author ? author : "Ada Example", 1);
	setenv("GIT_AUTHOR_EMAIL", author ? "old@example.com" : "ada@example.com", 1);
	sh("cd '%s' && git add -A && git commit -q --allow-empty --cleanup=verbatim -F '%s/msg.tmp'",
	   repo, top);
}

static void commit(const char *repo, long when, const char *msg, const char *path,
                   const char *content)
{
	commit_as(repo, when, NULL, msg, path, content);
}

static tr_model *model(void)
{
	static const struct {
		const char *id, *test;
	} issues[] = {
		{ "#305", "tests/unit/core/test_tracker.py" },
		{ "#271", NULL },
		{ "#292", "tests/integration/test_ws.py" },
		{ "#307", NULL },
		{ "#306", NULL },
		{ "#308", NULL },
		{ "#316", NULL },
		{ "golden-path", "./tests/e2e/test_golden.py" },
	};
	tr_model *m = tr_model_new();
	size_t r = tr_model_add_report(m, "report.md");
	for (size_t i = 0; i < sizeof issues / sizeof *issues; i++) {
		size_t k = tr_model_intern(m, issues[i].id, issues[i].id[0] != '#', r, (unsigned)i + 1);
		if (issues[i].test)
			tr_strv_push(&m->issues[k].test_files, issues[i].test);
	}
	tr_model_finish(m);
	return m;
}

/* An issue's commits as "kind:summary" lines, newest first; static buffer. */
static const char *links(const tr_history *h, const tr_model *m, const char *id)
{
	static char out[4096];
	out[0] = '\0';
	const tr_commit_link *v;
	size_t n = tr_history_issue(h, tr_model_lookup(m, id), &v);
	for (size_t i = 0; i < n; i++) {
		size_t len = strlen(out);
		snprintf(out + len, sizeof out - len, "%s%s:%s", i ? "|" : "", tr_link_kind_word(v[i].kind),
		         v[i].commit->summary);
	}
	return out;
}

static tr_history *load(const char *dir, const tr_model *m, bool all, tr_error *err)
{
	tr_error_clear(err);
	tr_repo *r = tr_repo_open(dir, err);
	if (!r)
		return NULL;
	tr_history_options opt = { all, false };
	tr_history *h = tr_history_load(r, m, &opt, err);
	tr_repo_free(r);
	return h;
}

static char *rev(const char *repo, const char *what)
{
	char cmd[1024], line[128] = "";
	snprintf(cmd, sizeof cmd, "git -C '%s' rev-parse '%s'", repo, what);
	FILE *p = popen(cmd, "r");
	if (!p || !fgets(line, sizeof line, p)) {
		printf("Bail out! %s\n", cmd);
		exit(1);
	}
	pclose(p);
	line[strcspn(line, "\n")] = '\0';
	return strdup(line);
}

static bool exists(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0;
}

/* ---- messages -------------------------------------------------------- */

static const char *refs_of(const char *msg)
{
	static char out[512];
	tr_ref *v;
	size_t n = tr_message_refs(msg, strlen(msg), &v);
	out[0] = '\0';
	for (size_t i = 0; i < n; i++) {
		size_t len = strlen(out);
		snprintf(out + len, sizeof out - len, "%s%lu:%s", i ? " " : "", v[i].number,
		         tr_link_kind_word(v[i].kind));
	}
	free(v);
	return out;
}

static void test_message_rules(void)
{
	is_str(refs_of("Fix tracker state (fixes #305)"), "305:fixes", "'fixes #305' closes");
	is_str(refs_of("Fixes: #305"), "305:fixes", "a colon may follow the keyword");
	is_str(refs_of("CLOSES GH-271"), "271:fixes", "keywords in any case, GH- ids");
	is_str(refs_of("resolved\t #292"), "292:fixes", "spaces and tabs after the keyword");
	is_str(refs_of("Closes https://github.com/acme/app/issues/42"), "42:fixes",
	       "a keyword before an issue link");
	const char *kw[] = { "fix", "fixes", "fixed", "close", "closes", "closed", "resolve",
		             "resolves", "resolved" };
	int all_fix = 1;
	for (size_t i = 0; i < sizeof kw / sizeof *kw; i++) {
		char msg[64];
		snprintf(msg, sizeof msg, "Body.\n\n%s #7\n", kw[i]);
		all_fix &= strcmp(refs_of(msg), "7:fixes") == 0;
	}
	ok(all_fix, "all nine closing keywords, anywhere in the message");
	is_str(refs_of("Refs #305"), "305:mentions", "a bare #305 mentions");
	is_str(refs_of("Tidy up (#305)"), "305:mentions", "(#305) mentions");
	is_str(refs_of("GH-305 and gh-306"), "305:mentions 306:mentions", "GH-305 and gh-306 mention");
	is_str(refs_of("see https://github.com/acme/app/issues/307."), "307:mentions",
	       "an .../issues/307 link mentions");
	is_str(refs_of("hotfix #305"), "305:mentions", "a keyword must be a whole word");
	is_str(refs_of("Fixed\n#305"), "305:mentions", "the keyword must be on the same line");
	is_str(refs_of("Fixes #1, #2"), "1:fixes 2:mentions", "only the reference after the keyword closes");
	is_str(refs_of("about #7 ... fixes #7"), "7:fixes", "one entry per number, the strongest kind");
	is_str(refs_of("#3050"), "3050:mentions", "#3050 is 3050");
	is_str(refs_of("abc#305 issue#305 &#305; x_#305 \xC3\xA9#305"), "",
	       "a # glued to a word is no reference");
	is_str(refs_of("#305abc GH-305x #0305 #1234567890 # 305 GH305"), "",
	       "nor are numbers glued to letters, leading zeros, ten digits, or a lone #");
	is_str(refs_of("/issues/12a /issues/ repo/issues/99"), "99:mentions", "issue links need a whole number");
	is_str(refs_of(""), "", "an empty message has no reference");

	char *s = tr_message_summary("  Subject line\ncontinues here  \n\nBody text\n", 44);
	is_str(s, "Subject line continues here", "the summary is the first paragraph on one line");
	free(s);
	s = tr_message_summary("\n\n\nLate subject\n", 16);
	is_str(s, "Late subject", "leading blank lines are skipped");
	free(s);
	s = tr_message_summary("", 0);
	is_str(s, "", "an empty message has an empty summary");
	free(s);
}

/* ---- the main repository --------------------------------------------- */

static char repo[128];

static void make_repo(void)
{
	snprintf(repo, sizeof repo, "%s/main", top);
	sh("git init -q -b main '%s'", repo);
	char mm[256];
	snprintf(mm, sizeof mm, "%s/.mailmap", repo);
	put_file(mm, "Canonical Name <canon@example.com> <old@example.com>\n");
	commit(repo, 1000, "Initial layout\n", "tests/unit/core/test_tracker.py", "v1\n");
	commit_as(repo, 2000, "Old Name", "Fix tracker state (fixes #305)\n", "src/tracker.c", "a\n");
	commit(repo, 3000, "Refactor context (#271)\n", "src/context.c", "a\n");
	commit(repo, 4000, "Tidy websocket, GH-292\n", "src/ws.c", "a\n");
	commit(repo, 5000, "See https://github.com/acme/app/issues/307 for details\n", "src/ws.c", "b\n");
	/* A side branch that changes #292's test file, merged later. */
	sh("git -C '%s' checkout -q -b side", repo);
	commit(repo, 5500, "Side work on the websocket test\n", "tests/integration/test_ws.py", "v1\n");
	sh("git -C '%s' checkout -q main", repo);
	commit(repo, 6000, "Closes: #306\n", "src/other.c", "a\n");
	commit(repo, 7000, "Speed up tracker tests\n", "tests/unit/core/test_tracker.py", "v2\n");
	commit(repo, 8000, "Numbers #3050 and abc#305 are not ours; nor is #999\n", "src/x.c", "a\n");
	commit(repo, 9000, "Mention #305 while changing its test\n", "tests/unit/core/test_tracker.py",
	       "v3\n");
	setenv("GIT_AUTHOR_DATE", "@9500 +0000", 1);
	setenv("GIT_COMMITTER_DATE", "@9500 +0000", 1);
	sh("git -C '%s' -c user.name=Ada -c user.email=ada@example.com merge -q --no-ff "
	   "-m \"Merge branch 'side'\" side",
	   repo);
	commit(repo, 10000, "Golden path end to end\n", "tests/e2e/test_golden.py", "v1\n");
	/* Not on HEAD: an unmerged branch and a tag on a commit of its own. */
	sh("git -C '%s' checkout -q -b feature", repo);
	commit(repo, 11000, "Fixes #308 on a branch\n", "src/feature.c", "a\n");
	sh("git -C '%s' checkout -q --detach main", repo);
	commit(repo, 11500, "Mentions #316 in a tagged commit\n", "src/tagged.c", "a\n");
	sh("git -C '%s' tag v-tagged && git -C '%s' checkout -q main", repo, repo);
}

static void test_links(const tr_model *m)
{
	tr_error err = TR_ERROR_INIT;
	tr_history *h = load(repo, m, false, &err);
	if (!ok(h != NULL, "the history loads")) {
		printf("# %s\n", err.message);
		return;
	}
	is_str(links(h, m, "#305"),
	       "mentions:Mention #305 while changing its test|touches-test:Speed up tracker tests|"
	       "fixes:Fix tracker state (fixes #305)|touches-test:Initial layout",
	       "#305: each link kind, newest first; a reference wins over a test change");
	is_str(links(h, m, "#271"), "mentions:Refactor context (#271)", "#271 is mentioned");
	is_str(links(h, m, "#292"),
	       "touches-test:Side work on the websocket test|mentions:Tidy websocket, GH-292",
	       "#292: the merged branch's commit changed its test, the merge itself did not");
	is_str(links(h, m, "#307"), "mentions:See https://github.com/acme/app/issues/307 for details",
	       "#307 through an issue link");
	is_str(links(h, m, "#306"), "fixes:Closes: #306", "#306 is closed");
	is_str(links(h, m, "golden-path"), "touches-test:Golden path end to end",
	       "a named issue is linked by its test file");
	is_str(links(h, m, "#308"), "", "a branch not merged is not on HEAD");
	is_str(links(h, m, "#316"), "", "nor is a tagged commit off HEAD");

	const tr_commit_link *v;
	size_t n = tr_history_issue(h, tr_model_lookup(m, "#305"), &v);
	if (n == 4) {
		is_str(v[2].commit->author, "Canonical Name <canon@example.com>", "authors go through .mailmap");
		is_str(v[2].commit->author_name, "Canonical Name", "and so does the name alone");
		is_int(v[2].commit->time, 2000, "the author time");
		char *id = rev(repo, ":/Speed up tracker");
		is_str(v[1].commit->id, id, "the full commit id");
		free(id);
	}
	json_t *j = tr_export_commits(h, tr_model_lookup(m, "#306"));
	char *s = json_dumps(j, JSON_COMPACT);
	char *id = rev(repo, ":/Closes: #306");
	char want[512];
	snprintf(want, sizeof want,
	         "[{\"id\":\"%s\",\"summary\":\"Closes: #306\",\"author\":\"Ada Example <ada@example.com>\","
	         "\"time\":\"1970-01-01T01:40:00+00:00\",\"link\":\"fixes\"}]", id);
	is_str(s, want, "an issue's commits as JSON");
	free(s);
	free(id);
	json_decref(j);
	const tr_history_stats *st = tr_history_stats_get(h);
	is_int(st->commits, 12, "twelve commits reachable from HEAD");
	tr_history_free(h);

	h = load(repo, m, true, &err);
	ok(h != NULL, "the history of every branch and tag loads");
	is_str(links(h, m, "#308"), "fixes:Fixes #308 on a branch", "--all: the unmerged branch");
	is_str(links(h, m, "#316"), "mentions:Mentions #316 in a tagged commit", "--all: the tag");
	is_str(links(h, m, "#305"),
	       "mentions:Mention #305 while changing its test|touches-test:Speed up tracker tests|"
	       "fixes:Fix tracker state (fixes #305)|touches-test:Initial layout",
	       "--all: the rest as from HEAD");
	tr_history_free(h);

	/* A deleted branch takes its commits with it. */
	sh("git -C '%s' branch -q -D feature", repo);
	h = load(repo, m, true, &err);
	is_str(links(h, m, "#308"), "", "--all: a deleted branch's commit is gone");
	is_str(links(h, m, "#316"), "mentions:Mentions #316 in a tagged commit", "the tag's is not");
	is_int(tr_history_stats_get(h)->scanned, 0, "and nothing had to be read");
	tr_history_free(h);
	tr_error_clear(&err);
}

static void test_detail(void)
{
	tr_error err = TR_ERROR_INIT;
	tr_repo *r = tr_repo_open(repo, &err);
	char *id = rev(repo, ":/Speed up tracker");
	tr_commit_detail *d = tr_commit_detail_load(r, id, &err);
	if (ok(d != NULL, "a commit's detail loads")) {
		is_str(d->message, "Speed up tracker tests\n", "its whole message");
		is_int(d->paths.n, 1, "one changed path");
		is_str(d->paths.n ? d->paths.v[0] : NULL, "tests/unit/core/test_tracker.py", "the path");
		is_str(d->status, "M", "modified");
	}
	tr_commit_detail_free(d);
	free(id);
	id = rev(repo, ":/Initial layout");
	id[10] = '\0';
	d = tr_commit_detail_load(r, id, &err);
	if (ok(d != NULL, "an abbreviated id will do")) {
		is_int(d->paths.n, 2, "a root commit: every file it has");
		is_str(d->status, "AA", "added");
		is_str(d->commit.author, "Ada Example <ada@example.com>", "the author");
	}
	tr_commit_detail_free(d);
	free(id);
	/* A binary file counts no lines, and is said to be binary (a commit
	 * no branch holds, so the other tests see the same history). */
	char cmd[1024], line[128] = "";
	snprintf(cmd, sizeof cmd, "cd '%s' && b=$(printf 'PNG\\0\\1\\2' | git hash-object -w --stdin) && "
	         "t=$(printf '100644 blob %%s\\tlogo.png\\n' \"$b\" | git mktree) && "
	         "git commit-tree \"$t\" -m 'Add the logo'", repo);
	FILE *p = popen(cmd, "r");
	if (p && fgets(line, sizeof line, p))
		line[strcspn(line, "\n")] = '\0';
	if (p)
		pclose(p);
	d = tr_commit_detail_load(r, line, &err);
	if (ok(d != NULL, "a commit adding a binary file loads")) {
		is_str(d->paths.n ? d->paths.v[0] : NULL, "logo.png", "its path");
		ok(d->binary && d->binary[0] && d->added[0] == 0 && d->removed[0] == 0,
		   "the file is binary and counts no lines");
	}
	tr_commit_detail_free(d);
	tr_error_clear(&err);
	d = tr_commit_detail_load(r, "0123456789abcdef", &err);
	ok(d == NULL && err.status == TR_NOTFOUND, "an unknown commit is not found");
	ok(err.message && strstr(err.message, repo) != NULL, "and the message names the repository");
	tr_error_clear(&err);
	d = tr_commit_detail_load(r, "zz; rm -rf", &err);
	ok(d == NULL && err.status == TR_USAGE, "something that is not an id is refused");
	tr_error_clear(&err);
	tr_repo_free(r);
}

/* ---- the index ------------------------------------------------------- */

static char idx[256], journal[256];

static void test_index(const tr_model *m)
{
	tr_error err = TR_ERROR_INIT;
	snprintf(idx, sizeof idx, "%s/.git/triage/history-head.idx", repo);
	snprintf(journal, sizeof journal, "%s/.git/triage/history-head.jnl", repo);
	tr_history *h = load(repo, m, false, &err);
	const tr_history_stats *st = tr_history_stats_get(h);
	ok(exists(idx), "the index is kept in the git directory");
	is_int(st->scanned, 0, "a second start reads no commit");
	ok(st->index_used, "it uses the index");
	char *before = strdup(links(h, m, "#305"));
	tr_history_free(h);

	size_t base_len;
	char *base_bytes = slurp(idx, &base_len);
	commit(repo, 12000, "Fixes #271 at last\n", "src/context.c", "b\n");
	commit(repo, 13000, "More tracker tests\n", "tests/unit/core/test_tracker.py", "v4\n");
	h = load(repo, m, false, &err);
	st = tr_history_stats_get(h);
	is_int(st->scanned, 2, "after two commits, a start reads those two");
	is_str(links(h, m, "#271"), "fixes:Fixes #271 at last|mentions:Refactor context (#271)",
	       "and finds their references");
	is_int(tr_history_issue(h, tr_model_lookup(m, "#305"), &(const tr_commit_link *){ NULL }), 5,
	       "and their test changes");
	tr_history_free(h);
	ok(exists(journal), "the new commits go to a journal beside the index");
	size_t now_len;
	char *now_bytes = slurp(idx, &now_len);
	ok(now_len == base_len && memcmp(now_bytes, base_bytes, now_len) == 0,
	   "the index itself is not written again");
	free(now_bytes);
	free(base_bytes);

	commit(repo, 13500, "Document the tracker\n", "docs/tracker.md", "a\n");
	h = load(repo, m, false, &err);
	st = tr_history_stats_get(h);
	is_int(st->scanned, 1, "one more commit: one read");
	is_int(st->commits, 15, "index and journal together");
	tr_history_free(h);
	h = load(repo, m, false, &err);
	st = tr_history_stats_get(h);
	ok(st->scanned == 0 && st->index_used, "index and journal give a warm start");
	tr_history_free(h);

	/* A damaged journal: only what it held is read again. */
	FILE *f = fopen(journal, "r+b");
	fseek(f, 60, SEEK_SET);
	fputc('#', f);
	fclose(f);
	h = load(repo, m, false, &err);
	st = tr_history_stats_get(h);
	ok(h && st->index_rejected && st->index_used, "a damaged journal is noticed, the index used");
	is_int(st->scanned, 3, "the journal's commits are read again");
	is_str(links(h, m, "#271"), "fixes:Fixes #271 at last|mentions:Refactor context (#271)",
	       "with the same result");
	tr_history_free(h);

	/* A damaged index: one byte changed in the middle. */
	f = fopen(idx, "r+b");
	fseek(f, 0, SEEK_END);
	long size = ftell(f);
	fseek(f, size / 2, SEEK_SET);
	int c = fgetc(f);
	fseek(f, size / 2, SEEK_SET);
	fputc(c ^ 0x40, f);
	fclose(f);
	h = load(repo, m, false, &err);
	st = tr_history_stats_get(h);
	ok(h && st->index_rejected, "a damaged index is noticed");
	is_int(st->scanned, 15, "and every commit is read again");
	is_str(links(h, m, "#271"), "fixes:Fixes #271 at last|mentions:Refactor context (#271)",
	       "with the same result");
	ok(!exists(journal), "the new index has no journal");
	tr_history_free(h);
	h = load(repo, m, false, &err);
	st = tr_history_stats_get(h);
	ok(!st->index_rejected && st->scanned == 0, "the rebuilt index is sound");
	tr_history_free(h);

	/* Foreign files where the index should be. */
	const char *foreign[] = { "", "hello", "TRIAGEHX\001\000\000\000truncated" };
	for (size_t i = 0; i < 3; i++) {
		f = fopen(idx, "wb");
		fwrite(foreign[i], 1, i == 2 ? 21 : strlen(foreign[i]), f);
		fclose(f);
		h = load(repo, m, false, &err);
		st = h ? tr_history_stats_get(h) : NULL;
		ok(st && st->index_rejected && st->scanned == 15, "a foreign index file (%zu) is rebuilt", i);
		tr_history_free(h);
	}

	/* A rewritten history: three commits dropped, one made instead. */
	commit(repo, 13800, "Still in the journal\n", "docs/tracker.md", "b\n");
	h = load(repo, m, false, &err);
	tr_history_free(h);
	sh("git -C '%s' reset -q --hard HEAD~4", repo);
	commit(repo, 14000, "Resolves #307 after the rewrite\n", "src/ws.c", "c\n");
	h = load(repo, m, false, &err);
	st = tr_history_stats_get(h);
	is_int(st->scanned, 1, "after a rewrite only the new commit is read");
	is_int(st->commits, 13, "the dropped commits are gone");
	is_str(links(h, m, "#271"), "mentions:Refactor context (#271)", "and so are their links");
	is_str(links(h, m, "#307"),
	       "fixes:Resolves #307 after the rewrite|"
	       "mentions:See https://github.com/acme/app/issues/307 for details",
	       "the new commit's link is there");
	is_str(links(h, m, "#305"), before, "the rest is as it was");
	ok(!exists(journal), "commits went away: a new index, no journal");
	tr_history_free(h);
	free(before);

	/* Reports that name another test file: the index learns the path. */
	tr_model *m2 = tr_model_new();
	size_t r = tr_model_add_report(m2, "other.md");
	size_t k = tr_model_intern(m2, "#900", false, r, 1);
	tr_strv_push(&m2->issues[k].test_files, "src/ws.c");
	tr_model_finish(m2);
	h = load(repo, m2, false, &err);
	is_str(links(h, m2, "#900"),
	       "touches-test:Resolves #307 after the rewrite|"
	       "touches-test:See https://github.com/acme/app/issues/307 for details|"
	       "touches-test:Tidy websocket, GH-292",
	       "a test file the index did not know");
	tr_history_free(h);
	h = load(repo, m, false, &err);
	st = tr_history_stats_get(h);
	ok(st->scanned == 0 && st->trees == 0, "the first reports again: nothing to read");
	is_str(links(h, m, "#292"),
	       "touches-test:Side work on the websocket test|mentions:Tidy websocket, GH-292",
	       "and their links are as before");
	tr_history_free(h);
	tr_model_free(m2);

	/* Without the index: nothing read or written there. */
	unlink(idx);
	tr_repo *rp = tr_repo_open(repo, &err);
	tr_history_options opt = { false, true };
	h = tr_history_load(rp, m, &opt, &err);
	ok(h && !exists(idx), "no_index leaves no index behind");
	tr_history_free(h);
	tr_repo_free(rp);
	tr_error_clear(&err);
}

/* ---- other repositories ---------------------------------------------- */

static void test_kinds_of_repository(const tr_model *m)
{
	tr_error err = TR_ERROR_INIT;
	char path[256], file[300];

	snprintf(path, sizeof path, "%s/bare.git", top);
	sh("git clone -q --bare '%s' '%s'", repo, path);
	tr_history *h = load(path, m, false, &err);
	ok(h != NULL, "a bare repository");
	is_str(links(h, m, "#306"), "fixes:Closes: #306", "its history");
	const tr_commit_link *v;
	if (tr_history_issue(h, tr_model_lookup(m, "#305"), &v) > 2)
		is_str(v[2].commit->author_name, "Canonical Name", "with the .mailmap of HEAD");
	snprintf(file, sizeof file, "%s/triage/history-head.idx", path);
	ok(exists(file), "its index is in the repository itself");
	tr_history_free(h);

	snprintf(path, sizeof path, "%s/worktree", top);
	sh("git -C '%s' worktree add -q -b wt '%s'", repo, path);
	commit(path, 20000, "Fixes #316 in a linked worktree\n", "src/wt.c", "a\n");
	h = load(path, m, false, &err);
	ok(h != NULL, "a linked worktree");
	is_str(links(h, m, "#316"), "fixes:Fixes #316 in a linked worktree", "its own HEAD");
	snprintf(file, sizeof file, "%s/.git/worktrees/worktree/triage", repo);
	ok(!exists(file), "no index in the worktree's own git directory");
	snprintf(file, sizeof file, "%s/triage", path);
	ok(!exists(file), "nor in its work tree");
	tr_history_free(h);

	snprintf(path, sizeof path, "%s/shallow", top);
	sh("git clone -q --depth 3 'file://%s' '%s'", repo, path);
	h = load(path, m, false, &err);
	if (ok(h != NULL, "a shallow clone")) {
		const tr_history_stats *st = tr_history_stats_get(h);
		ok(st->shallow, "is seen as shallow");
		is_int(st->commits, 3, "three commits deep");
		is_str(links(h, m, "#307"), "fixes:Resolves #307 after the rewrite", "its history");
		/* The oldest commit there is the merge, its parents cut off: what
		 * it changed cannot be told, though its tree has every test file. */
		is_str(links(h, m, "#305"), "", "the commit at the shallow boundary changed no test file");
		is_str(links(h, m, "#292"), "", "none at all");
		is_str(links(h, m, "golden-path"), "touches-test:Golden path end to end",
		       "its child's change is seen");
	} else {
		printf("# %s\n", err.message);
	}
	tr_history_free(h);

	snprintf(path, sizeof path, "%s/empty", top);
	sh("git init -q '%s'", path);
	h = load(path, m, false, &err);
	if (ok(h != NULL, "an empty repository is no error")) {
		is_int(tr_history_stats_get(h)->commits, 0, "and has no commit");
		is_str(links(h, m, "#305"), "", "nor links");
	}
	tr_history_free(h);

	snprintf(path, sizeof path, "%s/norepo", top);
	mkdir(path, 0777);
	tr_repo *r = tr_repo_open(path, &err);
	ok(r == NULL && err.status == TR_NOTFOUND, "outside a repository: not found, not an error");
	tr_error_clear(&err);

	/* A repository that lost an object: a clear error, no crash. */
	snprintf(path, sizeof path, "%s/broken", top);
	sh("git init -q -b main '%s'", path);
	commit(path, 1000, "First #305\n", "a", "1\n");
	commit(path, 2000, "Second #305\n", "a", "2\n");
	commit(path, 3000, "Third #305\n", "a", "3\n");
	sh("cd '%s' && o=$(git rev-parse HEAD~1) && rm -f .git/objects/$(echo $o | cut -c1-2)/$(echo $o | cut -c3-)",
	   path);
	h = load(path, m, false, &err);
	if (ok(h != NULL, "a missing commit object is no error: the rest is read")) {
		is_int((int)tr_history_stats_get(h)->unreadable, 1, "the missing commit is counted");
		ok(strstr(links(h, m, "#305"), "Third") != NULL, "and the commit above it is linked");
		ok(!tr_history_stats_get(h)->index_written, "no index is kept of a partial read");
		char *note = tr_history_unreadable_note(h);
		ok(note && strstr(note, "1 commit or tree") != NULL, "the note says how many");
		free(note);
	}
	tr_history_free(h);
	tr_error_clear(&err);
}

/* Messages and names are data: escape sequences and invalid UTF-8 are kept
 * as they are here, escaped in JSON. */
static void test_untrusted(const tr_model *m)
{
	tr_error err = TR_ERROR_INIT;
	char path[256];
	snprintf(path, sizeof path, "%s/hostile", top);
	sh("git init -q -b main '%s'", path);
	/* git itself would turn invalid UTF-8 into Latin-1 and strip control
	 * characters from names: this commit is written as raw bytes. */
	commit(path, 500, "Base\n", "b", "1\n");
	char raw[512], file[300];
	char *base = rev(path, "HEAD"), *tree = rev(path, "HEAD^{tree}");
	snprintf(raw, sizeof raw,
	         "tree %s\nparent %s\nauthor Mal\033]0;owned\007lory <m@example.com> 1000 +0000\n"
	         "committer Mal <m@example.com> 1000 +0000\n\n\033[2J\033[31mFix #305 \xff\xfe now\n",
	         tree, base);
	snprintf(file, sizeof file, "%s/raw.tmp", top);
	put_file(file, raw);
	sh("cd '%s' && git update-ref HEAD $(git hash-object -t commit -w --literally '%s') && "
	   "git reset -q --hard", path, file);
	free(base);
	free(tree);
	commit(path, 2000, "Same time, then #305\n", "a", "1\n");
	commit(path, 2000, "Same time, the child, #305\n", "a", "2\n");
	tr_history *h = load(path, m, false, &err);
	const tr_commit_link *v;
	size_t n = tr_history_issue(h, tr_model_lookup(m, "#305"), &v);
	if (is_int(n, 3, "three commits mention #305")) {
		is_str(v[0].commit->summary, "Same time, the child, #305", "equal times: the child first");
		is_str(v[2].commit->summary, "\033[2J\033[31mFix #305 \xff\xfe now", "a summary is kept as written");
		is_str(v[2].commit->author_name, "Mal\033]0;owned\007lory", "and so is a name");
		char *inert = tr_text_inert_dup(v[2].commit->summary);
		ok(!strchr(inert, '\033') && tr_utf8_valid(inert, strlen(inert)),
		   "text.h makes them inert for a terminal");
		free(inert);
	}
	json_t *j = tr_export_commits(h, tr_model_lookup(m, "#305"));
	char *s = json_dumps(j, JSON_COMPACT);
	ok(s && !strchr(s, '\033') && tr_strcasestr(s, "\\u001b[2J") && tr_utf8_valid(s, strlen(s)),
	   "JSON escapes them");
	free(s);
	json_decref(j);
	tr_history_free(h);
	tr_error_clear(&err);
}

/* Many test files in one directory and below it: each issue gets only the
 * changes to its own files. */
static void test_many_paths(void)
{
	tr_error err = TR_ERROR_INIT;
	char path[256], file[300];
	snprintf(path, sizeof path, "%s/many", top);
	sh("git init -q -b main '%s' && mkdir -p '%s/tests/deep/er'", path, path);
	for (int i = 0; i < 300; i++) {
		snprintf(file, sizeof file, "%s/tests/t%03d.py", path, i);
		put_file(file, "v1\n");
	}
	commit(path, 1000, "Three hundred tests\n", "tests/deep/er/t.py", "v1\n");
	commit(path, 2000, "Change two of them\n", "tests/t150.py", "v2\n");
	commit(path, 3000, "And one deep down\n", "tests/deep/er/t.py", "v2\n");
	snprintf(file, sizeof file, "%s/tests/t007.py", path);
	put_file(file, "v2\n");
	commit(path, 4000, "Then another\n", NULL, NULL);
	tr_model *m = tr_model_new();
	size_t r = tr_model_add_report(m, "many.md");
	for (int i = 0; i < 300; i++) {
		char id[16];
		snprintf(id, sizeof id, "#%d", 1000 + i);
		snprintf(file, sizeof file, "tests/t%03d.py", i);
		size_t k = tr_model_intern(m, id, false, r, 1);
		tr_strv_push(&m->issues[k].test_files, file);
	}
	size_t deep = tr_model_intern(m, "deep", true, r, 1);
	tr_strv_push(&m->issues[deep].test_files, "tests/deep/er/t.py");
	tr_strv_push(&m->issues[deep].test_files, "tests/deep");
	tr_model_finish(m);
	tr_history *h = load(path, m, false, &err);
	is_str(links(h, m, "#1150"), "touches-test:Change two of them|touches-test:Three hundred tests",
	       "300 test files: the one changed later");
	is_str(links(h, m, "#1007"), "touches-test:Then another|touches-test:Three hundred tests",
	       "another");
	is_str(links(h, m, "#1151"), "touches-test:Three hundred tests", "one never changed again");
	is_str(links(h, m, "deep"), "touches-test:And one deep down|touches-test:Three hundred tests",
	       "a file deeper down, and a directory named as a test file");
	tr_history_free(h);
	tr_model_free(m);
	tr_error_clear(&err);
}

int main(void)
{
	snprintf(top, sizeof top, "/tmp/triage-history-XXXXXX");
	if (!mkdtemp(top)) {
		printf("Bail out! mkdtemp\n");
		return 1;
	}
	/* Git as on a fresh machine: no configuration but ours. */
	setenv("HOME", top, 1);
	setenv("GIT_CONFIG_NOSYSTEM", "1", 1);
	setenv("GIT_CONFIG_GLOBAL", "/dev/null", 1);
	setenv("GIT_AUTHOR_NAME", "Ada Example", 1);
	setenv("GIT_AUTHOR_EMAIL", "ada@example.com", 1);
	setenv("GIT_COMMITTER_NAME", "Ada Example", 1);
	setenv("GIT_COMMITTER_EMAIL", "ada@example.com", 1);

	test_message_rules();
	tr_model *m = model();
	make_repo();
	test_links(m);
	test_detail();
	test_index(m);
	test_kinds_of_repository(m);
	test_untrusted(m);
	test_many_paths();
	tr_model_free(m);
	sh("rm -rf '%s'", top);
	return done_testing();
}
