/* Reading reports from disk: one file, or every markdown file under a
 * folder.
 *
 * What a folder holds was written by others (a clone, an unpacked archive),
 * so nothing in it is trusted: a FIFO would block a plain open, a device or
 * a huge file would read until memory runs out, and a symlink may lead out
 * of the folder or around in a loop.  Files are therefore opened without
 * blocking and without following a final symlink, must be regular and at
 * most TR_REPORT_MAX_BYTES long; symlinks in a folder are followed only to
 * regular files inside it, and never to directories, so a walk cannot loop.
 * Each file skipped is said once, through the caller's callback, with why. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "report_internal.h"
#include "triage/jobs.h"
#include "triage/report.h"
#include "triage/str.h"

/* Folders nest deeper than this only by accident or malice. */
#define MAX_DEPTH 32

static char *size_words(unsigned long long n)
{
	if (n >= 1ull << 30)
		return tr_sprintf("%.1f GB", (double)n / (double)(1ull << 30));
	return tr_sprintf("%llu MB", n >> 20);
}

/* 0 when `st` is a file to read as a report; else -1 with err saying why
 * not (a folder, a FIFO, a device, a socket, or too large). */
static int refuse_kind(const char *path, const struct stat *st, tr_error *err)
{
	if (S_ISDIR(st->st_mode))
		return tr_error_set(err, TR_IO, "%s: is a directory; give a report file", path);
	if (!S_ISREG(st->st_mode))
		return tr_error_set(err, TR_IO, "%s: not a regular file (%s); a report is a file",
		                    path, S_ISFIFO(st->st_mode) ? "a FIFO" :
		                    S_ISSOCK(st->st_mode) ? "a socket" : "a device");
	if ((unsigned long long)st->st_size > TR_REPORT_MAX_BYTES) {
		char *size = size_words((unsigned long long)st->st_size);
		char *limit = size_words(TR_REPORT_MAX_BYTES);
		tr_error_set(err, TR_FORMAT, "%s: too large for a report (%s; the limit is %s)",
		             path, size, limit);
		free(size);
		free(limit);
		return -1;
	}
	return 0;
}

/* Opens a report file and checks what it is: the descriptor, or -1 with
 * err set.  `st` is the file's, when it was opened (all zero when not),
 * even when it is refused: the folder's reading knows it by it. */
static int open_report(const char *path, bool follow, struct stat *st, tr_error *err)
{
	memset(st, 0, sizeof *st);
	int flags = O_RDONLY | O_NONBLOCK | O_CLOEXEC | (follow ? 0 : O_NOFOLLOW);
	int fd = open(path, flags);
	if (fd < 0) {
		if (errno == ELOOP && !follow)
			return tr_error_set(err, TR_IO, "%s: is a symlink; not followed", path);
		return tr_error_set(err, TR_IO, "%s: cannot open: %s", path, strerror(errno));
	}
	if (fstat(fd, st) != 0) {
		int saved = errno;
		close(fd);
		memset(st, 0, sizeof *st);
		return tr_error_set(err, TR_IO, "%s: cannot read: %s", path, strerror(saved));
	}
	if (refuse_kind(path, st, err) < 0) {
		close(fd);
		return -1;
	}
	/* Regular files never block; the flag only kept a FIFO swapped in
	 * since the walk looked from hanging the open. */
	return fd;
}

/* Reads the file open_report opened whole into `out`, and closes it. */
static int read_report(int fd, const struct stat *st, const char *path, tr_buf *out,
                       tr_error *err)
{
	/* Room for the file, its NUL and one byte more: the read that finds
	 * the end then has room to ask for, and the buffer is not doubled
	 * (and copied) for nothing. */
	tr_buf_reset(out);
	size_t cap = (size_t)st->st_size + 2;
	if (cap > out->cap) {
		tr_room_large((void **)&out->data, &out->cap, cap < 4096 ? 4096 : cap, 1);
		out->data[0] = '\0';
	}
	int rc = 0;
	for (;;) {
		if (out->cap - out->len < 2)
			tr_grow((void **)&out->data, &out->cap, out->cap * 2, 1);
		ssize_t got = read(fd, out->data + out->len, out->cap - out->len - 1);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			rc = tr_error_set(err, TR_IO, "%s: cannot read: %s", path, strerror(errno));
			break;
		}
		if (got == 0)
			break;
		out->len += (size_t)got;
		/* A file that grows while it is read is still held to the limit. */
		if (out->len > TR_REPORT_MAX_BYTES) {
			rc = tr_error_set(err, TR_FORMAT, "%s: too large for a report (it grew past "
			                  "the limit while being read)", path);
			break;
		}
		/* The size fstat gave is read: the file as it was then, without
		 * a read more to find its end (a system call a file, for a
		 * folder of thousands).  A file that gives no size (procfs) or
		 * gave less than it said is read to its end. */
		if (st->st_size > 0 && out->len == (size_t)st->st_size)
			break;
	}
	close(fd);
	if (out->data)
		out->data[out->len] = '\0';
	return rc;
}

int rd_read_file(const char *path, bool follow, tr_buf *out, tr_error *err)
{
	struct stat st;
	/* What is no file (a device, a FIFO) is not opened at all: opening a
	 * device may do something.  The open checks again. */
	if ((follow ? stat(path, &st) : lstat(path, &st)) == 0 && !S_ISLNK(st.st_mode) &&
	    refuse_kind(path, &st, err) < 0)
		return -1;
	int fd = open_report(path, follow, &st, err);
	return fd < 0 ? -1 : read_report(fd, &st, path, out, err);
}

/* ---- folders ------------------------------------------------------------ */

typedef struct found {
	char *path;             /* as shown: under the folder named */
	char *open_path;        /* what to open: the same, or a symlink's target */
	bool named;             /* named on the command line, not found in a folder */
	dev_t dev;              /* the file, to read it once however it is reached; */
	ino_t ino;              /* both 0 until it is opened, for a plain file found */
	mode_t mode;            /* what it is, when the walk looked (else 0) */
} found;

typedef struct walk {
	found *files;
	size_t n, cap;
	char *root_real;        /* the folder being walked, resolved */
	size_t root_len;
	tr_report_skip_fn skip;
	void *ctx;
	size_t skipped;
} walk;

static void add(walk *w, char *path, char *open_path, bool named, const struct stat *st)
{
	tr_grow((void **)&w->files, &w->cap, w->n + 1, sizeof *w->files);
	w->files[w->n++] = (found){ path, open_path, named, st ? st->st_dev : 0, st ? st->st_ino : 0,
	                            st ? st->st_mode : 0 };
}

/* The files read so far, by device and inode: the same file named twice,
 * or reached through a symlink inside the folder as well, is read once,
 * where it is first met.  A plain file is known by the file it opened (the
 * walk did not stat it), so the set is filled as the files are read. */
typedef struct file_id {
	dev_t dev;
	ino_t ino;
	size_t at;              /* for a claim: the first of the files found that is it */
} file_id;

typedef struct file_set {
	file_id *slots;         /* both 0: empty */
	size_t mask;
} file_set;

static void file_set_init(file_set *s, size_t files)
{
	size_t cap = 16;
	while (cap < 2 * files)
		cap *= 2;
	s->slots = tr_calloc(cap, sizeof *s->slots);
	s->mask = cap - 1;
}

/* The file's slot: where it is, or the empty one where it goes. */
static file_id *file_set_slot(file_set *s, dev_t dev, ino_t ino)
{
	uint64_t h = ((uint64_t)ino ^ ((uint64_t)dev << 32 | (uint64_t)dev >> 32)) *
	             0x9E3779B97F4A7C15ull;
	for (size_t k = (size_t)(h >> 32) & s->mask;; k = (k + 1) & s->mask) {
		file_id *sl = &s->slots[k];
		if ((!sl->dev && !sl->ino) || (sl->dev == dev && sl->ino == ino))
			return sl;
	}
}

/* Adds the file; false when it was there already.  A file not known (both
 * 0) is never one seen. */
static bool file_set_add(file_set *s, dev_t dev, ino_t ino)
{
	if (!dev && !ino)
		return true;
	file_id *sl = file_set_slot(s, dev, ino);
	if (sl->dev || sl->ino)
		return false;
	*sl = (file_id){ dev, ino, 0 };
	return true;
}

/* Notes that files[at] is the file: the first of the files found that is
 * it, this one or one before. */
static size_t file_set_claim(file_set *s, dev_t dev, ino_t ino, size_t at)
{
	if (!dev && !ino)
		return at;
	file_id *sl = file_set_slot(s, dev, ino);
	if ((!sl->dev && !sl->ino) || at < sl->at)
		*sl = (file_id){ dev, ino, at };
	return sl->at;
}

static void say_skip(walk *w, const char *path, const char *why)
{
	w->skipped++;
	if (w->skip)
		w->skip(w->ctx, path, why);
}

bool tr_report_markdown_name(const char *name)
{
	const char *dot = strrchr(name, '.');
	if (!dot || dot == name)
		return false;
	static const char *const exts[] = { ".md", ".markdown", ".mdown", ".mkd", ".mkdn" };
	for (size_t i = 0; i < sizeof exts / sizeof *exts; i++)
		if (strcasecmp(dot, exts[i]) == 0)
			return true;
	return false;
}

/* A folder's entry, with the type readdir gave (DT_UNKNOWN when it gave
 * none). */
typedef struct entry {
	char *name;
	unsigned char type;
} entry;

static int by_name(const void *a, const void *b)
{
	return strcmp(((const entry *)a)->name, ((const entry *)b)->name);
}

static bool inside_root(const walk *w, const char *real)
{
	return strncmp(real, w->root_real, w->root_len) == 0 &&
	       (real[w->root_len] == '/' || real[w->root_len] == '\0' ||
	        (w->root_len == 1 && w->root_real[0] == '/'));
}

static void walk_dir(walk *w, const char *dir, int depth);

static void walk_folder(walk *w, char *path, const char *name, int depth)
{
	/* .git, .triage, editor and tool folders hold no reports. */
	if (name[0] == '.' || strcmp(name, "node_modules") == 0)
		return;
	if (depth >= MAX_DEPTH) {
		char *why = tr_sprintf("%s: folders nested more than %d deep are not read; skipped",
		                       path, MAX_DEPTH);
		say_skip(w, path, why);
		free(why);
		return;
	}
	walk_dir(w, path, depth + 1);
}

/* A symlink in the folder: taken (path and its target, owned by w then)
 * when it leads to a regular markdown file inside the folder. */
static void walk_symlink(walk *w, char *path, bool markdown)
{
	char *real = realpath(path, NULL);
	char *why = NULL;
	struct stat target;
	if (!real)
		why = tr_sprintf("%s: a symlink that leads nowhere (%s); skipped", path,
		                 errno == ELOOP ? "a loop" : strerror(errno));
	else if (!inside_root(w, real))
		why = tr_sprintf("%s: a symlink out of the folder; not followed", path);
	else if (stat(real, &target) != 0)
		why = tr_sprintf("%s: cannot read: %s; skipped", path, strerror(errno));
	else if (S_ISDIR(target.st_mode))
		why = tr_sprintf("%s: a symlink to a folder; not followed", path);
	else if (!markdown && S_ISREG(target.st_mode)) {
		free(real);
		free(path);
		return;
	}
	if (why) {
		say_skip(w, path, why);
		free(why);
		free(real);
		free(path);
		return;
	}
	add(w, path, real, false, &target);
}

static void walk_entry(walk *w, const char *dir, const entry *en, int depth)
{
	const char *name = en->name;
	bool markdown = tr_report_markdown_name(name);
	/* What readdir says is a regular file or a folder needs no stat of its
	 * own (a system call a file, for a folder of thousands): a file is
	 * opened without following a symlink, and checked then, in case it
	 * changed since. */
	if (en->type == DT_REG && !markdown)
		return;
	char *path = strcmp(dir, ".") == 0 ? tr_strdup(name) : tr_sprintf("%s/%s", dir, name);
	if (en->type == DT_REG) {
		add(w, path, NULL, false, NULL);
		return;
	}
	if (en->type == DT_DIR) {
		walk_folder(w, path, name, depth);
		free(path);
		return;
	}
	struct stat st;
	if (lstat(path, &st) != 0) {
		char *why = tr_sprintf("%s: cannot read: %s; skipped", path, strerror(errno));
		say_skip(w, path, why);
		free(why);
		free(path);
		return;
	}
	if (S_ISDIR(st.st_mode)) {
		walk_folder(w, path, name, depth);
		free(path);
		return;
	}
	if (S_ISLNK(st.st_mode)) {
		walk_symlink(w, path, markdown);
		return;
	}
	if (!markdown) {
		free(path);
		return;
	}
	add(w, path, NULL, false, &st);
}

static void walk_dir(walk *w, const char *dir, int depth)
{
	DIR *d = opendir(dir);
	if (!d) {
		char *why = tr_sprintf("%s: cannot read the folder: %s; skipped", dir, strerror(errno));
		say_skip(w, dir, why);
		free(why);
		return;
	}
	entry *names = NULL;
	size_t n = 0, cap = 0;
	struct dirent *e;
	while ((e = readdir(d)) != NULL)
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0) {
			tr_grow((void **)&names, &cap, n + 1, sizeof *names);
#ifdef _DIRENT_HAVE_D_TYPE
			names[n++] = (entry){ tr_strdup(e->d_name), e->d_type };
#else
			names[n++] = (entry){ tr_strdup(e->d_name), DT_UNKNOWN };
#endif
		}
	closedir(d);
	if (n)
		qsort(names, n, sizeof *names, by_name);
	for (size_t i = 0; i < n; i++) {
		walk_entry(w, dir, &names[i], depth);
		free(names[i].name);
	}
	free(names);
}

/* Strips trailing slashes ("docs/" -> "docs") so that paths under it read
 * well; "/" stays. */
static char *folder_name(const char *path)
{
	char *s = tr_strdup(path);
	size_t n = strlen(s);
	while (n > 1 && s[n - 1] == '/')
		s[--n] = '\0';
	return s;
}

/* ---- reading the files found ------------------------------------------------ */

/* One file found, read into a model of its own by whichever thread took
 * it; merged in order on the caller's. */
typedef struct job {
	file_id opened;         /* the file opened, or its entry when it could not
	                           be: for a file the walk did not know (both 0) */
	int rc;                 /* 0: read into got; -1: err says why not, or not read */
	rd_read got;
	tr_error err;
} job;

/* What each thread reads with: the file's bytes and the reader's room,
 * kept from one of its reports to the next. */
typedef struct reading {
	tr_buf text;
	rd_kept kept;
} reading;

typedef struct folder_read {
	walk *w;
	tr_model *m;
	job *jobs;
	reading *threads;
	file_set seen;          /* the caller's: the files taken */
	/* Which of the files found each file is first, so that no thread
	 * reads one found before (through a symlink, or a hard link) only to
	 * drop it.  A file is known once its job opened it or found it cannot;
	 * a job asks only once every job before it knows its file. */
	pthread_mutex_t mu;
	pthread_cond_t more_known;
	file_set claims;
	bool *known;
	size_t known_upto;      /* every job before this one knows its file */
	size_t loaded;
} folder_read;

/* The most bytes of files read and not yet merged: a folder's few large
 * reports are read one at a time, not one per thread at once. */
#define HOLD_BUDGET ((size_t)32 << 20)

/* Says that job i knows its file (dev and ino, both 0 when it has none)
 * and returns the first job whose file it is: i, or one before whose file
 * is the same.  Called once by every job, before it waits for anything,
 * so that the jobs before one that waits here cannot be waiting for it. */
static size_t first_with(folder_read *fr, size_t i, dev_t dev, ino_t ino)
{
	pthread_mutex_lock(&fr->mu);
	file_set_claim(&fr->claims, dev, ino, i);
	fr->known[i] = true;
	size_t upto = fr->known_upto;
	while (fr->known_upto < fr->w->n && fr->known[fr->known_upto])
		fr->known_upto++;
	if (fr->known_upto != upto)
		pthread_cond_broadcast(&fr->more_known);
	while (fr->known_upto < i)
		pthread_cond_wait(&fr->more_known, &fr->mu);
	size_t first = dev || ino ? file_set_slot(&fr->claims, dev, ino)->at : i;
	pthread_mutex_unlock(&fr->mu);
	return first;
}

/* Reads a file found and the report in it: any thread.  A file found
 * before is neither read nor (when the walk knows it) opened again. */
static void read_job(void *ctx, tr_jobs *jobs, unsigned thread, size_t i)
{
	folder_read *fr = ctx;
	const found *f = &fr->w->files[i];
	job *jb = &fr->jobs[i];
	reading *rd = &fr->threads[thread];
	jb->rc = -1;
	const char *path = f->open_path ? f->open_path : f->path;
	struct stat st;
	memset(&st, 0, sizeof st);
	if (f->dev || f->ino) {
		if (first_with(fr, i, f->dev, f->ino) < i)
			return;
		/* What the walk saw is no file (a device, a FIFO) is not
		 * opened at all: opening a device may do something. */
		st.st_mode = f->mode;
		if (f->mode && refuse_kind(path, &st, &jb->err) < 0)
			return;
	}
	int fd = open_report(path, f->named, &st, &jb->err);
	if (!f->dev && !f->ino) {
		/* Known only now.  One that cannot be opened is known by its
		 * entry, so that its error is said once however it is reached. */
		struct stat l;
		if (fd < 0 && st.st_ino == 0 && st.st_dev == 0 && lstat(path, &l) == 0)
			st = l;
		jb->opened = (file_id){ st.st_dev, st.st_ino, 0 };
		if (first_with(fr, i, st.st_dev, st.st_ino) < i) {
			if (fd >= 0)
				close(fd);
			return;
		}
	}
	if (fd < 0)
		return;
	tr_jobs_hold(jobs, i, (size_t)st.st_size);
	jb->rc = read_report(fd, &st, path, &rd->text, &jb->err);
	if (jb->rc == 0)
		jb->rc = rd_read_owned(f->path, &rd->text, &rd->kept, &jb->got, &jb->err);
}

/* Merges a file's report, or says why it was skipped: the caller's thread,
 * in the order the files were found.  A file read already, however it was
 * reached, is dropped unsaid. */
static void take_job(void *ctx, size_t i)
{
	folder_read *fr = ctx;
	const found *f = &fr->w->files[i];
	job *jb = &fr->jobs[i];
	bool first = file_set_add(&fr->seen, f->dev, f->ino) &&
	             file_set_add(&fr->seen, jb->opened.dev, jb->opened.ino);
	if (!first) {
		rd_read_free(&jb->got);
	} else if (jb->rc == 0) {
		rd_merge_read(fr->m, &jb->got, &fr->threads[0].kept);
		fr->loaded++;
	} else {
		char *why = jb->err.status == TR_NOTFOUND
		    ? tr_sprintf("%s: no issues in it (not a cluster report); skipped", f->path)
		    : tr_sprintf("%s; skipped", jb->err.message ? jb->err.message : "cannot read");
		say_skip(fr->w, f->path, why);
		free(why);
	}
	tr_error_clear(&jb->err);
}

/* Reads every file found into m, `jobs` at a time: the number of reports
 * read. */
static size_t read_found(walk *w, tr_model *m, unsigned jobs)
{
	folder_read fr = { .w = w, .m = m };
	size_t n = w->n ? w->n : 1;
	fr.jobs = tr_calloc(n, sizeof *fr.jobs);
	fr.known = tr_calloc(n, sizeof *fr.known);
	file_set_init(&fr.seen, w->n);
	file_set_init(&fr.claims, w->n);
	pthread_mutex_init(&fr.mu, NULL);
	pthread_cond_init(&fr.more_known, NULL);
	if (jobs == 0)
		jobs = tr_jobs_online();
	if (jobs > TR_JOBS_MAX)
		jobs = TR_JOBS_MAX;
	fr.threads = tr_calloc(jobs, sizeof *fr.threads);
	/* A few reports each thread may read ahead of the merge: enough that
	 * none waits on one long report, few enough that the memory held
	 * stays that of a few reports. */
	tr_jobs_run(w->n, jobs, 4 * (size_t)jobs, HOLD_BUDGET, read_job, take_job, &fr);
	for (unsigned t = 0; t < jobs; t++) {
		tr_buf_free(&fr.threads[t].text);
		rd_kept_free(&fr.threads[t].kept);
	}
	pthread_cond_destroy(&fr.more_known);
	pthread_mutex_destroy(&fr.mu);
	free(fr.threads);
	free(fr.jobs);
	free(fr.known);
	free(fr.seen.slots);
	free(fr.claims.slots);
	return fr.loaded;
}

int tr_report_load_paths_jobs(tr_model *m, char *const *paths, size_t n, unsigned jobs,
                              tr_report_skip_fn skip, void *ctx, tr_error *err)
{
	walk w;
	memset(&w, 0, sizeof w);
	w.skip = skip;
	w.ctx = ctx;
	size_t folders = 0;
	for (size_t i = 0; i < n; i++) {
		struct stat st;
		if (stat(paths[i], &st) == 0 && S_ISDIR(st.st_mode)) {
			folders++;
			char *dir = folder_name(paths[i]);
			w.root_real = realpath(dir, NULL);
			w.root_len = w.root_real ? strlen(w.root_real) : 0;
			if (w.root_real)
				walk_dir(&w, dir, 0);
			else
				say_skip(&w, dir, strerror(errno));
			free(w.root_real);
			w.root_real = NULL;
			free(dir);
		} else {
			bool there = stat(paths[i], &st) == 0;
			add(&w, tr_strdup(paths[i]), NULL, true, there ? &st : NULL);
		}
	}

	int rc = 0;
	size_t first_report = m->nreports;
	if (n == 1 && folders == 0) {
		/* One file named: its error is the answer, as it always was. */
		rc = tr_report_load_file(m, w.files[0].path, err);
	} else {
		size_t loaded = read_found(&w, m, jobs);
		if (loaded == 0) {
			if (w.n == 0)
				rc = tr_error_set(err, TR_NOTFOUND, "%s: no markdown reports in %s",
				                  n == 1 ? paths[0] : "the folders named",
				                  n == 1 ? "this folder" : "them");
			else
				rc = tr_error_set(err, TR_NOTFOUND, "none of the %zu files could be read as "
				                  "a cluster report (each was said above)", w.n);
		}
	}
	for (size_t i = 0; i < w.n; i++) {
		free(w.files[i].path);
		free(w.files[i].open_path);
	}
	free(w.files);
	/* What the reader had to do to a report is said the same way. */
	for (size_t r = first_report; rc == 0 && skip && r < m->nreports; r++)
		for (size_t k = 0; k < m->reports[r].notes.n; k++) {
			char *line = tr_sprintf("%s: %s", m->reports[r].path, m->reports[r].notes.v[k]);
			skip(ctx, m->reports[r].path, line);
			free(line);
		}
	if (rc == 0)
		tr_model_finish(m);
	return rc;
}

int tr_report_load_paths(tr_model *m, char *const *paths, size_t n, tr_report_skip_fn skip,
                         void *ctx, tr_error *err)
{
	return tr_report_load_paths_jobs(m, paths, n, 0, skip, ctx, err);
}

int tr_report_load_all(tr_model *m, char *const *paths, size_t n, tr_error *err)
{
	return tr_report_load_paths(m, paths, n, NULL, NULL, err);
}
