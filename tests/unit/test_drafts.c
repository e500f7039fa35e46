/* The note editor's drafts file: what one session keeps, the next reads
 * back as it was typed (line breaks, backslashes, an edit's key with its
 * separators); two consoles keep each other's drafts; the last draft given
 * up removes the file; a damaged file is read as far as it makes sense and
 * never crashes or misleads, a foreign one is neither read nor written
 * over; a link is not followed, nor a folder open to others written to; a
 * killed writer's leftover does not stop the next save; many drafts are
 * read in one pass. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/file.h>
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

static bool slurp_is(const char *path, const char *want)
{
	char buf[256] = "";
	FILE *f = fopen(path, "r");
	if (!f)
		return false;
	size_t n = fread(buf, 1, sizeof buf - 1, f);
	fclose(f);
	buf[n] = '\0';
	return strcmp(buf, want) == 0;
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
	/* "--state progress.json" in two projects: two files. */
	char *one = tr_sprintf("%s/one", top), *two = tr_sprintf("%s/two", top);
	mkdir(one, 0700);
	mkdir(two, 0700);
	char *r1 = chdir(one) == 0 ? app_drafts_path("progress.json") : NULL;
	char *r2 = chdir(two) == 0 ? app_drafts_path("progress.json") : NULL;
	ok(r1 && r2 && strcmp(r1, r2) != 0, "a relative progress file is told apart by its folder");
	ok(chdir("/") == 0, "(back to /)");
	rmdir(one);
	rmdir(two);
	free(r1);
	free(r2);
	free(one);
	free(two);

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
	is_int((int)count(a, &keys, &texts), -1, "a file of another kind is not read as drafts");
	ok(app_drafts_put(a, "/work/one", "#5", "five", &err) < 0 && err.message &&
	   strstr(err.message, "move it away"), "nor written over: it may be a newer triage's (%s)",
	   err.message ? err.message : "no error");
	tr_error_clear(&err);
	ok(slurp_is(a, "something else entirely\nkey #1\ntext x\n"), "it is left as it was");
	write_file(a, "");
	is_int((int)count(a, &keys, &texts), 0, "an empty file holds no drafts");
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
	ok(mkfifo(a, 0600) == 0, "a FIFO where the file would be");
	is_int((int)count(a, &keys, &texts), -1, "is not read (nor waited on)");
	ok(app_drafts_put(a, "/work/one", "#6", "six", &err) < 0 && err.message &&
	   strstr(err.message, "move it away"), "nor written over, and the message says what to do (%s)",
	   err.message ? err.message : "written");
	tr_error_clear(&err);
	unlink(a);


	/* A file of drafts left half written by a killed console, in the way
	 * of the next save. */
	char *tmp = tr_sprintf("%s.tmp", a);
	write_file(tmp, "triage drafts 1\nkey #1\n");
	ok(app_drafts_put(a, "/work/one", "#7", "after a crash", &err) == 0,
	   "a temporary file left by a killed console does not stop a save (%s)",
	   err.message ? err.message : "saved");
	tr_error_clear(&err);
	ok(count(a, &keys, &texts) == 1 && strcmp(texts.v[0], "after a crash") == 0, "the draft is kept");
	ok(access(tmp, F_OK) != 0, "and the leftover is gone");
	char *inside = tr_sprintf("%s/x", tmp);
	mkdir(tmp, 0700);
	mkdir(inside, 0700);
	ok(app_drafts_put(a, "/work/one", "#7", "blocked", &err) < 0 && err.message &&
	   strstr(err.message, "rm -r"), "a folder in its way is named, with how to remove it (%s)",
	   err.message ? err.message : "saved");
	tr_error_clear(&err);
	rmdir(inside);
	rmdir(tmp);
	free(inside);
	free(tmp);

	/* Another console saving: its lock is waited for, then the save
	 * says so rather than writing over what the other writes. */
	char *dir0 = tr_strdup(a);
	*strrchr(dir0, '/') = '\0';
	char *lockp = tr_sprintf("%s/.lock", dir0);
	int lfd = open(lockp, O_RDWR | O_CREAT, 0600);
	ok(lfd >= 0 && flock(lfd, LOCK_EX) == 0, "another console holds the drafts' lock");
	ok(app_drafts_put(a, "/work/one", "#7", "while locked", &err) < 0 && err.message &&
	   strstr(err.message, "another triage"), "a save waits, then says so (%s)",
	   err.message ? err.message : "saved");
	tr_error_clear(&err);
	ok(count(a, &keys, &texts) == 1 && strcmp(texts.v[0], "after a crash") == 0,
	   "the file is as the other left it");
	close(lfd);
	ok(app_drafts_put(a, "/work/one", "#7", "unlocked", &err) == 0, "once let go, the save is made");
	free(lockp);
	free(dir0);

	/* Many drafts (a file near the size limit, or damaged into one) are
	 * read in one pass, not compared with each other. */
	FILE *f = fopen(a, "w");
	fputs("triage drafts 1\nstore /work/one\n", f);
	for (int i = 0; i < 200000; i++)
		fprintf(f, "key #%d\ntext t\n", i);
	fclose(f);
	is_int((int)count(a, &keys, &texts), 200000, "200,000 drafts are read back");
	ok(app_drafts_put(a, "/work/one", "#1", NULL, &err) == 0 && count(a, &keys, &texts) == 199999,
	   "and one given up among them");
	unlink(a);

	/* The drafts folder: the user's own, not a link elsewhere, not open to
	 * others. */
	char *dir = tr_strdup(a);
	*strrchr(dir, '/') = '\0';
	char *away = tr_sprintf("%s/away", top);
	mkdir(away, 0700);
	ok(rename(dir, away) == 0 && symlink(away, dir) == 0, "the drafts folder made a link");
	ok(app_drafts_put(a, "/work/one", "#8", "to a link", &err) < 0 && err.message &&
	   strstr(err.message, "link"), "a draft is not written through it (%s)",
	   err.message ? err.message : "written");
	tr_error_clear(&err);
	char *through = tr_sprintf("%s%s", away, strrchr(a, '/'));
	ok(access(through, F_OK) != 0, "nothing is written where the link points");
	write_file(through, "triage drafts 1\nkey #305\ntext planted\n");
	is_int((int)count(a, &keys, &texts), -1, "nor read from there");
	unlink(through);
	unlink(dir);
	ok(rename(away, dir) == 0 && chmod(dir, 0777) == 0, "the drafts folder open to everyone");
	ok(app_drafts_put(a, "/work/one", "#8", "open", &err) < 0 && err.message &&
	   strstr(err.message, "chmod 700"), "a draft is not written there (%s)",
	   err.message ? err.message : "written");
	tr_error_clear(&err);
	ok(access(a, F_OK) != 0, "nothing is written");
	chmod(dir, 0700);
	ok(app_drafts_put(a, "/work/one", "#8", "closed", &err) == 0, "made private, it takes drafts again");
	unlink(a);
	free(through);
	free(away);
	free(dir);

	/* A home that is not a path from the root would put the drafts in
	 * the folder the console runs in, the work tree. */
	unsetenv("XDG_STATE_HOME");
	setenv("HOME", "relative/home", 1);
	char *rel = app_drafts_path("/work/one/.triage/progress.json");
	ok(rel == NULL, "a relative HOME keeps no drafts file (%s)", rel ? rel : "none");
	free(rel);
	setenv("HOME", top, 1);
	rel = app_drafts_path("/work/one/.triage/progress.json");
	ok(rel && strncmp(rel, top, strlen(top)) == 0 && strstr(rel, "/.local/state/triage/drafts/"),
	   "else under ~/.local/state/triage/drafts/");
	free(rel);

	tr_strv_free(&keys);
	tr_strv_free(&texts);
	free(target);
	free(a);
	free(b);
	remove_tree(top);
	return done_testing();
}
