/* A folder read on several threads gives what one thread gives: the same
 * model (as exported, byte for byte) and the same words about what was
 * skipped, in the same order.  The folder holds every report fixture five
 * times over in different orders (issues defined again and again, so the
 * order of the merge shows), a report in several encodings, files that are
 * no reports, an empty one, a symlink to a report read already and one out
 * of the folder; one of its files is also named on its own. */
#include "config.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tap.h"
#include "triage/export.h"
#include "triage/jobs.h"
#include "triage/report.h"
#include "triage/str.h"

#define COPIES 5

static void put_file(const char *path, const char *text, size_t n)
{
	FILE *f = fopen(path, "wb");
	if (!f || fwrite(text, 1, n, f) != n || fclose(f) != 0) {
		printf("Bail out! cannot write %s\n", path);
		exit(1);
	}
}

/* A file of the folder: root/name, freed by the caller. */
static char *at(const char *root, const char *name)
{
	return tr_sprintf("%s/%s", root, name);
}

/* The fixtures a folder of reports is made of: every markdown one. */
static size_t fixtures(char ***names)
{
	char dir[4096];
	snprintf(dir, sizeof dir, "%s", fixture(""));
	DIR *d = opendir(dir);
	if (!d) {
		printf("Bail out! cannot read %s\n", dir);
		exit(1);
	}
	size_t n = 0;
	*names = NULL;
	struct dirent *e;
	while ((e = readdir(d)) != NULL)
		if (tr_report_markdown_name(e->d_name)) {
			*names = realloc(*names, (n + 1) * sizeof **names);
			(*names)[n++] = tr_strdup(e->d_name);
		}
	closedir(d);
	return n;
}

/* Makes the folder; `named` gets the path of one of its reports. */
static void make_folder(const char *root, char *named, size_t size)
{
	char **names;
	size_t n = fixtures(&names);
	ok(n >= 20, "%zu report fixtures to make a folder of", n);
	char link_to[4096] = "";
	*named = '\0';
	for (int c = 0; c < COPIES; c++) {
		char *sub = tr_sprintf("%s/copy%d", root, c);
		mkdir(sub, 0755);
		for (size_t i = 0; i < n; i++) {
			size_t len;
			char *text = slurp(fixture(names[i]), &len);
			/* Each copy sorts the fixtures differently, so that an issue
			 * is first defined by a different report in each. */
			char *path = tr_sprintf("%s/%03zu-%s", sub, (i * (size_t)(c + 3)) % n, names[i]);
			put_file(path, text, len);
			if (c == 3 && strcmp(names[i], "report-tasks.md") == 0)
				snprintf(named, size, "%s", path);
			if (c == 2 && strcmp(names[i], "report-table.md") == 0)
				snprintf(link_to, sizeof link_to, "%s", path);
			free(path);
			free(text);
		}
		free(sub);
	}
	ok(*named && *link_to, "the reports to name twice are there");
	struct { const char *name, *text; } odd[] = {
		{ "copy0/empty.md", "" },
		{ "copy0/blank.md", "\n  \n" },
		{ "copy1/notes.md", "# Notes\n\nNothing to see here.\n" },
	};
	for (size_t i = 0; i < sizeof odd / sizeof *odd; i++) {
		char *path = at(root, odd[i].name);
		put_file(path, odd[i].text, strlen(odd[i].text));
		free(path);
	}
	/* A symlink to a report of the folder: read once, where first met. */
	char *path = at(root, "copy0/zz-link.md");
	if (symlink(link_to, path) != 0)
		printf("# cannot make a symlink\n");
	free(path);
	path = at(root, "copy0/zz-out.md");
	if (symlink(fixture("seed.md"), path) != 0)
		printf("# cannot make a symlink\n");
	free(path);
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

static void said(void *ctx, const char *path, const char *why)
{
	(void)path;
	tr_buf_add((tr_buf *)ctx, why, strlen(why));
	tr_buf_add((tr_buf *)ctx, "\n", 1);
}

typedef struct outcome {
	int rc;
	char *export;
	tr_buf words;
} outcome;

static outcome read_folder(char *const *paths, size_t n, unsigned jobs)
{
	outcome o = { 0, NULL, TR_BUF_INIT };
	tr_model *m = tr_model_new();
	tr_error err = TR_ERROR_INIT;
	o.rc = tr_report_load_paths_jobs(m, paths, n, jobs, said, &o.words, &err);
	tr_error_clear(&err);
	size_t len = 0;
	FILE *f = open_memstream(&o.export, &len);
	tr_export_write(m, NULL, f);
	fclose(f);
	tr_model_free(m);
	return o;
}

static void outcome_free(outcome *o)
{
	free(o->export);
	tr_buf_free(&o->words);
}

/* What inotify saw since it was last asked: per name of `names`, how many
 * events of `mask[k]` came for names[k]. */
static void seen_events(int in, const char *const *names, const uint32_t *mask, int *count,
                        size_t n)
{
	for (size_t k = 0; k < n; k++)
		count[k] = 0;
	char buf[8192] __attribute__((aligned(__alignof__(struct inotify_event))));
	ssize_t got;
	while ((got = read(in, buf, sizeof buf)) > 0)
		for (char *p = buf; p < buf + got;) {
			const struct inotify_event *ev = (const struct inotify_event *)p;
			for (size_t k = 0; k < n; k++)
				if (ev->len && strcmp(ev->name, names[k]) == 0 && (ev->mask & mask[k]))
					count[k]++;
			p += sizeof *ev + ev->len;
		}
}

/* What a reading of a folder does to its files, as inotify sees it: a
 * FIFO is never opened, and a hard link to a report read already is
 * opened (only so can it be known) but not read. */
static void opened_and_read(void)
{
	char dir[4096];
	tap_tempdir(dir, sizeof dir, "test_report_folder_links");
	char *a = at(dir, "a.md"), *b = at(dir, "b.md"), *fifo = at(dir, "fifo.md");
	size_t len;
	char *text = slurp(fixture("report-tasks.md"), &len);
	put_file(a, text, len);
	free(text);
	bool made = link(a, b) == 0 && mkfifo(fifo, 0644) == 0;
	ok(made, "a hard link and a FIFO are made");
	static const char *const names[] = { "fifo.md", "a.md", "b.md" };
	static const uint32_t masks[] = { IN_OPEN, IN_ACCESS, IN_ACCESS };
	int in = inotify_init1(IN_NONBLOCK);
	ok(in >= 0 && inotify_add_watch(in, dir, IN_OPEN | IN_ACCESS) >= 0, "inotify watches the folder");
	for (unsigned jobs = 1; jobs <= 4; jobs *= 4) {
		char *paths[] = { dir };
		outcome o = read_folder(paths, 1, jobs);
		ok(o.rc == 0, "%u threads: the folder reads", jobs);
		ok(o.words.data && strstr(o.words.data, "fifo.md: not a regular file (a FIFO)"),
		   "%u threads: the FIFO is said skipped", jobs);
		int n[3];
		seen_events(in, names, masks, n, 3);
		int opened_fifo = n[0], read_a = n[1], read_b = n[2];
		ok(opened_fifo == 0, "%u threads: the FIFO is not opened (%d)", jobs, opened_fifo);
		ok(read_a > 0 && read_b == 0, "%u threads: a.md is read, its hard link b.md is not (%d, %d)",
		   jobs, read_a, read_b);
		outcome_free(&o);
	}
	/* Named alone, the same. */
	tr_model *m = tr_model_new();
	tr_error err = TR_ERROR_INIT;
	ok(tr_report_load_file(m, fifo, &err) < 0 && err.message && strstr(err.message, "a FIFO"),
	   "a FIFO named alone is refused");
	tr_error_clear(&err);
	tr_model_free(m);
	int opened_fifo;
	seen_events(in, names, masks, &opened_fifo, 1);
	ok(opened_fifo == 0, "and not opened (%d)", opened_fifo);
	if (in >= 0)
		close(in);
	unlink(a);
	unlink(b);
	unlink(fifo);
	rmdir(dir);
	free(a);
	free(b);
	free(fifo);
}

int main(void)
{
	char root[4096];
	tap_tempdir(root, sizeof root, "test_report_folder");
	char named[4096];
	make_folder(root, named, sizeof named);
	char *paths[] = { root, named };

	outcome one = read_folder(paths, 2, 1);
	ok(one.rc == 0 && one.export && strlen(one.export) > 10000,
	   "one thread reads the folder (%zu bytes exported)", one.export ? strlen(one.export) : 0);
	const char *w = one.words.data ? one.words.data : "";
	ok(strstr(w, "empty.md: empty report") != NULL, "the empty file is said skipped");
	ok(strstr(w, "notes.md: no issues in it") != NULL, "the file with no issues is said skipped");
	ok(strstr(w, "zz-out.md: a symlink out of the folder") != NULL,
	   "the symlink out of the folder is said");
	ok(strstr(w, "zz-link.md") == NULL, "the symlink to a report read already says nothing");
	ok(strstr(w, "report-tasks.md") == NULL && strstr(w, "report-table.md") == NULL,
	   "the files reached twice say nothing");

	unsigned counts[] = { 2, 3, 8, 0 };
	for (size_t k = 0; k < sizeof counts / sizeof *counts; k++) {
		outcome more = read_folder(paths, 2, counts[k]);
		ok(more.rc == one.rc, "%u threads: the same result", counts[k]);
		is_str(more.export, one.export, "%u threads: the same model, byte for byte", counts[k]);
		is_str(more.words.data, one.words.data, "%u threads: the same words, in the same order",
		       counts[k]);
		outcome_free(&more);
	}
	/* The same again, as a caller with no count in mind reads it. */
	tr_model *m = tr_model_new();
	tr_error err = TR_ERROR_INIT;
	ok(tr_report_load_paths(m, paths, 2, NULL, NULL, &err) == 0,
	   "read on as many threads as processors (%u)", tr_jobs_online());
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	tr_export_write(m, NULL, f);
	fclose(f);
	is_str(text, one.export, "the same model");
	free(text);
	tr_model_free(m);
	tr_error_clear(&err);
	outcome_free(&one);

	/* Nothing in the folder is a report: said once, whatever the count. */
	char lone[4096];
	tap_tempdir(lone, sizeof lone, "test_report_folder_none");
	char *path = at(lone, "a.md");
	put_file(path, "# A\n\nText.\n", 11);
	free(path);
	path = at(lone, "b.md");
	put_file(path, "", 0);
	free(path);
	char *none[] = { lone };
	for (unsigned jobs = 1; jobs <= 4; jobs *= 2) {
		outcome o = read_folder(none, 1, jobs);
		ok(o.rc != 0, "%u threads: a folder of no reports is an error", jobs);
		outcome_free(&o);
	}
	char *cmd = tr_sprintf("rm -rf '%s' '%s'", root, lone);
	if (system(cmd) != 0)
		printf("# cannot remove %s\n", root);
	free(cmd);
	opened_and_read();
	return done_testing();
}
