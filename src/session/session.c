/* The session: the one place that finds the repository, the user, the
 * progress file and the reports, in that order (see session.h). */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "triage/report.h"
#include "triage/session.h"
#include "triage/str.h"
#include "triage/text.h"

struct tr_session {
	tr_session_opts opts;   /* its strings borrowed, but for repo_dir */
	char *repo_dir;
	bool repo_opened;       /* the repository was looked for (see repo_of()) */
	tr_repo *repo;
	tr_error repo_err;
	char *user;
	bool user_known;        /* user resolved (it may still be NULL) */
	bool store_opened;
	tr_store *store;
	tr_error store_err;
	tr_strv named;          /* the reports named */
	tr_strv reports;        /* the reports read, once chosen */
	bool chosen;
	tr_model *model;
	tr_history *history;
};

char *tr_session_identity(const char *user, const tr_repo *repo)
{
	if (user && *user)
		return tr_strdup(user);
	const char *env = getenv("TRIAGE_USER");
	if (env && *env)
		return tr_strdup(env);
	char *git = tr_repo_user(repo);
	if (git)
		return git;
	/* The login name, as the shell has it: a name the user can see and
	 * change, unlike the password database's. */
	const char *login = getenv("USER");
	if (!login || !*login)
		login = getenv("LOGNAME");
	return login && *login ? tr_strdup(login) : NULL;
}

/* The repository holding a report, for a session run from outside any:
 * there the progress file is kept and the user is known. */
static tr_repo *repo_of_report(const char *report)
{
	char *dir = tr_strdup(report);
	char *slash = strrchr(dir, '/');
	if (slash == dir)
		dir[1] = '\0';
	else if (slash)
		*slash = '\0';
	tr_error err = TR_ERROR_INIT;
	tr_repo *r = tr_repo_open(slash ? dir : ".", &err);
	tr_error_clear(&err);
	free(dir);
	return r;
}

static tr_repo *repo_of(tr_session *s);

/* The identity: of this repository, else of the one holding the first
 * report when run from outside.  Resolved on first use, as asking git
 * starts libgit2 and reads the configuration and the CA certificates,
 * which a command that records nothing never needs. */
static void resolve_user(tr_session *s)
{
	if (s->user_known)
		return;
	s->user_known = true;
	tr_repo *repo = repo_of(s);
	tr_repo *own = !repo && s->named.n ? repo_of_report(s->named.v[0]) : NULL;
	s->user = tr_session_identity(s->opts.user, repo ? repo : own);
	tr_repo_free(own);
}

/* The repository and the progress store are opened on first use, not
 * when the session opens: starting libgit2 loads the system's CA
 * certificates (tens of milliseconds and a few megabytes), which an export
 * then does after the reports are read, when the reader's memory is free
 * again, and a command that stops before needing them never does. */
static tr_repo *repo_of(tr_session *s)
{
	if (!s->repo_opened) {
		s->repo_opened = true;
		s->repo = tr_repo_open(s->repo_dir, &s->repo_err);
		/* None is not a problem unless -C named one. */
		if (!s->repo && s->repo_err.status == TR_NOTFOUND && !s->repo_dir)
			tr_error_clear(&s->repo_err);
	}
	return s->repo;
}

static void open_store(tr_session *s)
{
	const char *first = s->named.n ? s->named.v[0] : NULL;
	char *path = tr_store_locate(s->opts.state_file, repo_of(s), first, &s->store_err);
	if (!path)
		return;
	/* Only a store open for changes records who made them. */
	if (s->opts.writing)
		resolve_user(s);
	s->store = tr_store_open(path, s->user, !s->opts.writing, &s->store_err);
	free(path);
}

static tr_store *store_of(tr_session *s)
{
	if (!s->store_opened) {
		s->store_opened = true;
		open_store(s);
	}
	return s->store;
}

tr_session *tr_session_open(const tr_session_opts *o)
{
	tr_session *s = tr_calloc(1, sizeof *s);
	s->opts = *o;
	s->opts.reports = NULL;
	s->opts.nreports = 0;
	for (size_t i = 0; i < o->nreports; i++)
		tr_strv_push(&s->named, o->reports[i]);
	if (o->repo_dir)
		s->repo_dir = tr_strdup(o->repo_dir);
	s->opts.repo_dir = s->repo_dir;
	/* 1. The repository, 2. the identity and 3. the progress store are
	 * found on first use (repo_of(), resolve_user(), store_of()). */
	return s;
}

void tr_session_free(tr_session *s)
{
	if (!s)
		return;
	tr_history_free(s->history);
	tr_model_free(s->model);
	tr_store_free(s->store);
	tr_repo_free(s->repo);
	tr_error_clear(&s->repo_err);
	tr_error_clear(&s->store_err);
	tr_strv_free(&s->named);
	tr_strv_free(&s->reports);
	free(s->user);
	free(s->repo_dir);
	free(s);
}

tr_repo *tr_session_repo(tr_session *s)
{
	return repo_of(s);
}

const tr_error *tr_session_repo_problem(tr_session *s)
{
	repo_of(s);
	return s->repo_err.status != TR_OK ? &s->repo_err : NULL;
}

char *tr_session_no_repo_message(const tr_session *s, const char *what)
{
	struct stat st;
	if (s->repo_dir && stat(s->repo_dir, &st) < 0)
		return tr_sprintf("-C %s: %s: %s", s->repo_dir, strerror(errno), what);
	char *cwd = s->repo_dir ? NULL : getcwd(NULL, 0);
	char *msg = tr_sprintf("%s: not inside a git repository: %s",
	                       s->repo_dir ? s->repo_dir : cwd ? cwd : ".", what);
	free(cwd);
	return msg;
}

const char *tr_session_user(tr_session *s)
{
	resolve_user(s);
	return s->user;
}

tr_store *tr_session_store(tr_session *s)
{
	return store_of(s);
}

const tr_error *tr_session_store_problem(tr_session *s)
{
	return store_of(s) ? NULL : &s->store_err;
}

void tr_session_set_skip(tr_session *s, tr_report_skip_fn skip, void *ctx)
{
	s->opts.skip = skip;
	s->opts.skip_ctx = ctx;
}

void tr_session_use_reports(tr_session *s, char *const *paths, size_t n)
{
	tr_strv_free(&s->reports);
	for (size_t i = 0; i < n; i++)
		tr_strv_push(&s->reports, paths[i]);
	s->chosen = true;
}

/* 4. The reports: named, else those the store remembers. */
static void choose_reports(tr_session *s)
{
	if (s->chosen)
		return;
	s->chosen = true;
	if (s->named.n) {
		tr_session_use_reports(s, s->named.v, s->named.n);
		return;
	}
	if (!store_of(s))
		return;
	tr_strv remembered = TR_STRV_INIT, skipped = TR_STRV_INIT;
	tr_store_reports(s->store, &remembered, &skipped);
	/* One that is gone is the reader's to skip, with a word through skip. */
	for (size_t i = 0; i < remembered.n; i++)
		tr_strv_push(&s->reports, remembered.v[i]);
	for (size_t i = 0; s->opts.skip && i < skipped.n; i++)
		s->opts.skip(s->opts.skip_ctx, NULL, skipped.v[i]);
	tr_strv_free(&remembered);
	tr_strv_free(&skipped);
}

int tr_session_load_model(tr_session *s, tr_error *err)
{
	choose_reports(s);
	if (s->reports.n == 0)
		return tr_error_set(err, TR_NOTFOUND, "no report named, and none remembered");
	/* 5. The model. */
	tr_model *m = tr_model_new();
	if (tr_report_load_paths(m, s->reports.v, s->reports.n, s->opts.skip, s->opts.skip_ctx,
	                         err) < 0) {
		tr_model_free(m);
		return -1;
	}
	tr_history_free(s->history);
	s->history = NULL;
	tr_model_free(s->model);
	s->model = m;
	/* The reading's own buffers and tables, freed by now, are about as
	 * large as the model.  Kept, the history and the export came on top of
	 * them: a 2.9 MB report's export peaked at 27-28.7 MB inside a git
	 * repository, and 22.6-24.4 MB with them given back.  A big report's
	 * peak is in the reading and stays; the cost is the pages taken again
	 * (a 20,000-issue export: 2,400 faults, not 1,100). */
	tr_heap_give_back();
	/* Another session may have saved since: what is shown with the new
	 * reports is what the file says now (a store not opened yet will be
	 * read when it is). */
	if (s->store_opened && s->store && tr_store_changed_on_disk(s->store)) {
		tr_error serr = TR_ERROR_INIT;
		tr_store_reload(s->store, &serr);
		tr_error_clear(&serr);
	}
	return 0;
}

const tr_strv *tr_session_reports(const tr_session *s)
{
	return &s->reports;
}

bool tr_session_reports_named(const tr_session *s)
{
	return s->named.n > 0;
}

tr_model *tr_session_model(const tr_session *s)
{
	return s->model;
}

int tr_session_load_history(tr_session *s, tr_error *err)
{
	tr_history_free(s->history);
	s->history = NULL;
	if (!repo_of(s))
		return tr_error_set(err, TR_NOTFOUND, "not inside a git repository");
	if (!s->model)
		return tr_error_set(err, TR_USAGE, "no reports loaded");
	/* 6. The history. */
	tr_history_options opt = { s->opts.all, false };
	s->history = tr_history_load(s->repo, s->model, &opt, err);
	return s->history ? 0 : -1;
}

tr_history *tr_session_history(const tr_session *s)
{
	return s->history;
}

uint8_t *tr_session_states(tr_session *s)
{
	size_t n = s->model ? s->model->nissues : 0;
	uint8_t *state = tr_calloc(n ? n : 1, 1);
	for (size_t i = 0; store_of(s) && i < n; i++)
		state[i] = (uint8_t)tr_store_state(s->store, s->model->issues[i].id);
	return state;
}

int tr_session_remember_reports(tr_session *s, tr_error *err)
{
	if (!s->named.n || !store_of(s) || tr_store_read_only(s->store))
		return 0;
	return tr_store_remember_reports(s->store, s->named.v, s->named.n, err);
}
