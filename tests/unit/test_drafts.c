/* The note editor's drafts file: what one session keeps, the next reads
 * back as it was typed (line breaks, backslashes, an edit's key with its
 * separators); two consoles keep each other's drafts; the last draft given
 * up removes the file; a damaged or foreign file is read as far as it makes
 * sense and never crashes or misleads; a link is not followed. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tap.h"
#include "store_fixture.h"
#include "console/state.h"

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	if (f) {
		fputs(text, f);
		fclose(f);
	}
}

static size_t count(const char *path, tr_strv *keys, tr_strv *texts)
{
	tr_strv_free(keys);
	tr_strv_free(texts);
	tr_error err = TR_ERROR_INIT;
	if (app_drafts_read(path, keys, texts, &err) < 0) {
		printf("# %s\n", err.message ? err.message : "?");
		tr_error_clear(&err);
		return (size_t)-1;
	}
	return keys->n;
}

int main(void)
{
	char top[] = "/tmp/triage-drafts-XXXXXX";
	if (!mkdtemp(top)) {
		printf("Bail out! mkdtemp\n");
		return 1;
	}
	setenv("XDG_STATE_HOME", top, 1);
	char *a = app_drafts_path("/work/one/.triage/progress.json");
	char *b = app_drafts_path("/work/two/.triage/progress.json");
	ok(a && b && strcmp(a, b) != 0, "two progress files keep their drafts apart");
	ok(a && strncmp(a, top, strlen(top)) == 0 && strstr(a, "/triage/drafts/"),
	   "under $XDG_STATE_HOME/triage/drafts/ (%s)", a ? a : "none");
	ok(app_drafts_path(NULL) == NULL, "no progress file, no drafts file");

	tr_strv keys = TR_STRV_INIT, texts = TR_STRV_INIT;
	is_int((int)count(a, &keys, &texts), 0, "no file yet: no drafts, and no error");
	struct stat st;
	ok(stat(a, &st) != 0, "reading creates nothing");

	tr_error err = TR_ERROR_INIT;
	const char *text = "first line\nsecond \\n line\twith a tab";
	const char *edit = "#305\x1f" "2026-03-02T10:00:00Z\x1f" "the old text";
	ok(app_drafts_put(a, "/work/one", "#305", text, &err) == 0, "a draft is kept");
	ok(app_drafts_put(a, "/work/one", edit, "the new text", &err) == 0, "and an edit's draft");
	ok(stat(a, &st) == 0 && (st.st_mode & 077) == 0, "in a file only its owner reads");
	is_int((int)count(a, &keys, &texts), 2, "both are read back");
	ok(keys.n == 2 && strcmp(keys.v[0], "#305") == 0 && strcmp(texts.v[0], text) == 0,
	   "as typed: line breaks, backslashes and tabs");
	ok(keys.n == 2 && strcmp(keys.v[1], edit) == 0 && strcmp(texts.v[1], "the new text") == 0,
	   "an edit's key whole, separators and all");

	/* Another console, on the same progress file, keeps its draft on top. */
	ok(app_drafts_put(a, "/work/one", "#271", "from the other console", &err) == 0, "a second draft");
	ok(app_drafts_put(a, "/work/one", "#305", "rewritten", &err) == 0, "the first rewritten");
	is_int((int)count(a, &keys, &texts), 3, "each console keeps the other's drafts");
	ok(keys.n == 3 && strcmp(texts.v[0], "rewritten") == 0, "a draft rewritten is its new text");

	ok(app_drafts_put(a, "/work/one", "#305", NULL, &err) == 0 &&
	   app_drafts_put(a, "/work/one", edit, "", &err) == 0, "drafts given up");
	is_int((int)count(a, &keys, &texts), 1, "leave the others");
	ok(app_drafts_put(a, "/work/one", "#271", NULL, &err) == 0, "the last given up");
	ok(stat(a, &st) != 0, "removes the file");

	/* Damaged, foreign or hostile files. */
	write_file(a, "something else entirely\nkey #1\ntext x\n");
	is_int((int)count(a, &keys, &texts), 0, "a file of another kind holds no drafts");
	write_file(a, "triage drafts 1\nkey #1\nkey #2\ntext two\ntext orphan\nkey #3\ntext bad \\x00 escape\\q\n"
	              "key #4\ntext \\x1");
	is_int((int)count(a, &keys, &texts), 2, "a damaged file gives what it holds whole");
	ok(keys.n == 2 && strcmp(keys.v[0], "#2") == 0 && strcmp(texts.v[0], "two") == 0 &&
	   strcmp(texts.v[1], "bad ") == 0, "a broken escape ends its text; a NUL is never made");
	ok(app_drafts_put(a, "/work/one", "#5", "five", &err) == 0, "a damaged file is written over whole");
	is_int((int)count(a, &keys, &texts), 3, "keeping what could be read");
	unlink(a);
	char *target = tr_sprintf("%s/elsewhere", top);
	write_file(target, "triage drafts 1\nkey #9\ntext from a link\n");
	ok(symlink(target, a) == 0, "a link where the file would be");
	is_int((int)count(a, &keys, &texts), -1, "is not followed");
	unlink(a);
	mkdir(a, 0700);
	is_int((int)count(a, &keys, &texts), -1, "nor is a directory read");
	rmdir(a);

	tr_strv_free(&keys);
	tr_strv_free(&texts);
	free(target);
	free(a);
	free(b);
	remove_tree(top);
	return done_testing();
}
