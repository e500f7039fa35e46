/* A session: what every command and the console work on, opened in one
 * place and one order: the repository, the user's identity, the progress
 * store, the reports (named, else those the store remembers), the model and
 * the history.  Nothing else finds files or repositories.
 *
 * Opening never fails as a whole: each step that cannot be done leaves its
 * part NULL and keeps why (asked for, it is found then: see
 * tr_session_open()), and the caller decides what is fatal (a command
 * that changes progress needs the store; the console shows the problem on
 * its status line and goes on). */
#ifndef TRIAGE_SESSION_H
#define TRIAGE_SESSION_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include "triage/error.h"
#include "triage/history.h"
#include "triage/model.h"
#include "triage/report.h"
#include "triage/repo.h"
#include "triage/store.h"

typedef struct tr_session_opts {
	const char *repo_dir;   /* -C DIR; NULL: the repository holding the current directory */
	const char *state_file; /* --state FILE; NULL: found from the repository or the first report */
	const char *user;       /* --user NAME; NULL: see tr_session_identity() */
	bool all;               /* history of every branch and tag, not only HEAD */
	bool writing;           /* the store is opened for changes, not read-only */
	char *const *reports;   /* named on the command line; none: those the store remembers */
	size_t nreports;
	/* Told of each report of a set that is skipped, and of each remembered
	 * report left out (path NULL); may be NULL. */
	tr_report_skip_fn skip;
	void *skip_ctx;
} tr_session_opts;

typedef struct tr_session tr_session;

/* Who makes a change: `user` (--user) when given, else $TRIAGE_USER, else
 * git's user.name and user.email (repo's configuration, or the user's own
 * outside a repository), else the login name ($USER, $LOGNAME).  NULL when
 * none of them says: a change is then refused and says how to give one.
 * The one rule for every command and the console.  Caller frees. */
char *tr_session_identity(const char *user, const tr_repo *repo);

/* A session over o (copied).  Its parts are found on first use, each
 * after those it depends on: the repository by tr_session_repo() and its
 * problem (or whatever needs it: the store's place, the history), the
 * progress store by tr_session_store() and its problem (or the reports it
 * remembers, the states), the identity when the store is opened for
 * changes, else on the first tr_session_user(); the reports, the model and
 * the history are loaded on demand, below.  So a command starts libgit2
 * only when it gets that far.  Never NULL. */
tr_session *tr_session_open(const tr_session_opts *o);
void tr_session_free(tr_session *s);

/* The repository; NULL outside one.  The problem, when there is a
 * repository that cannot be read, or -C DIR names none; NULL otherwise. */
tr_repo *tr_session_repo(tr_session *s);
const tr_error *tr_session_repo_problem(tr_session *s);
/* Why there is no repository, as the user asked for one, ending with
 * `what` follows from it: "-C DIR: No such file or directory: WHAT" or
 * "DIR: not inside a git repository: WHAT".  Caller frees. */
char *tr_session_no_repo_message(const tr_session *s, const char *what);
/* Who the changes are recorded as; NULL when nobody could be found.
 * Resolved on the first call. */
const char *tr_session_user(tr_session *s);
/* The progress store; NULL when there is nowhere to keep progress or the
 * file cannot be opened, with the problem (a read-only store's own problem
 * is tr_store_problem()). */
tr_store *tr_session_store(tr_session *s);
const tr_error *tr_session_store_problem(tr_session *s);

/* Loads the reports named, else those the store remembers, into the
 * model.  -1 with err: TR_NOTFOUND when there is no
 * report to load (tr_session_use_reports() may then name some), else the
 * reader's error.  Again after a load: reads the reports again, and the
 * store when it changed on disk; the history is dropped (load it again).
 * With no report to load, tr_session_reports() is empty. */
int tr_session_load_model(tr_session *s, tr_error *err);
/* Replaces opts.skip and its context, for the loads that follow. */
void tr_session_set_skip(tr_session *s, tr_report_skip_fn skip, void *ctx);
/* Replaces the reports to load (the console's bundled example). */
void tr_session_use_reports(tr_session *s, char *const *paths, size_t n);
/* The reports the model is (to be) read from. */
const tr_strv *tr_session_reports(const tr_session *s);
/* Whether the reports were named, not remembered. */
bool tr_session_reports_named(const tr_session *s);
tr_model *tr_session_model(const tr_session *s);

/* Walks the repository's history for the model.  -1 with err: TR_NOTFOUND
 * outside a repository, else what the repository said. */
int tr_session_load_history(tr_session *s, tr_error *err);
tr_history *tr_session_history(const tr_session *s);

/* Each issue's progress state (a tr_state) from the store; all open
 * without one.  Caller frees. */
uint8_t *tr_session_states(tr_session *s);

/* Remembers the reports named in the store, so a later session needs none
 * named.  0 when there is nothing to do. */
int tr_session_remember_reports(tr_session *s, tr_error *err);

/* Writes the whole export of the model: the reports' issues, each with the
 * dependency analysis (progress states from the store) and the commits of
 * the history when it was loaded.  0, or -1 when out cannot be written. */
int tr_session_export(tr_session *s, FILE *out);

#endif
