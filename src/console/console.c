/* Starting the console: which reports to show, the repository, the
 * progress store, the theme, the views; then the event loop on a terminal
 * or a script. */
#include "config.h"

#include <langinfo.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "console/actions.h"
#include "console/state.h"
#include "triage/session.h"
#include "triage/text.h"

/* Where the themes and the example are: as told, else beside the program
 * when it runs from its build tree (themes/ next to it: those match the
 * program better than an installed copy), else where they were installed.
 * Caller frees. */
static char *data_dir(const tr_console_opts *o)
{
	if (o->data_dir)
		return tr_strdup(o->data_dir);
	const char *env = getenv("TRIAGE_DATADIR");
	if (env && *env)
		return tr_strdup(env);
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n > 0) {
		exe[n] = '\0';
		char *slash = strrchr(exe, '/');
		if (slash) {
			*slash = '\0';
			char *probe = tr_sprintf("%s/themes", exe);
			struct stat st;
			bool here = stat(probe, &st) == 0 && S_ISDIR(st.st_mode);
			free(probe);
			if (here)
				return tr_strdup(exe);
		}
	}
	return tr_strdup(TRIAGE_DATADIR);
}

static bool is_file(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

static tr_theme *choose_theme(tr_app *app)
{
	const tr_console_opts *o = app->opts;
	const char *name = o->theme ? o->theme : o->cfg_theme;
	if (!name || strcmp(name, "default") == 0)
		return tr_theme_default();
	tr_error err = TR_ERROR_INIT;
	char *dir = tr_console_config_dir();
	char *data = data_dir(o);
	char *path = tr_theme_find(name, dir, data, &err);
	free(data);
	free(dir);
	tr_theme *t = path ? tr_theme_load_file(path, &err) : NULL;
	free(path);
	if (t) {
		free(t->name); /* as the user named it, for the help screen */
		t->name = tr_strdup(name);
	}
	if (!t) {
		app_error(app, "theme not loaded, default used: %s", err.message ? err.message : name);
		t = tr_theme_default();
	}
	tr_error_clear(&err);
	return t;
}

/* The mouse unless told otherwise; on the Linux console only when asked,
 * since ncurses reaches it through gpm, which does not clean up after itself. */
static bool want_mouse(const tr_console_opts *o)
{
	if (o->mouse >= 0)
		return o->mouse;
	const char *term = getenv("TERM");
	return !(term && strncmp(term, "linux", 5) == 0);
}

static bool locale_is_utf8(void)
{
	const char *cs = nl_langinfo(CODESET);
	return cs && (strcmp(cs, "UTF-8") == 0 || strcmp(cs, "utf8") == 0 || strcmp(cs, "utf-8") == 0);
}

static void app_free(tr_app *app)
{
	ui_console *con = app->con;
	for (int p = 0; p < UI_PANE_COUNT; p++) {
		ui_pane_slot *ps = &con->panes[p];
		if (ps->child_ops && ps->child_ops->close)
			ps->child_ops->close(ps->child_st);
		if (ps->ops && ps->ops->close)
			ps->ops->close(ps->st);
	}
	if (con->help.st)
		con->help.ops->close(con->help.st);
	if (con->log.st)
		con->log.ops->close(con->log.st);
	app_close_overlays(app);
	tr_strv_free(&con->draft_issue);
	tr_strv_free(&con->draft_text);
	free(con->drafts_path);
	free(con->note_at);
	free(con->note_text);
	free(con->asked);
	tr_strv_free(&con->note_choices);
	app_messages_free(app);
	app_versions_free(app);
	app_filter_free(app);
	free(app->search);
	free(app->rows);
	free(app->progress);
	free(app->state);
	free(app->user);
	free(app->history_problem);
	tr_graph_free(app->graph);
	tr_session_free(con->session);
	tr_theme_free(app->theme);
	tr_canvas_free(con->canvas);
	tr_keymap_free(&app->keys);
}

/* The session: the repository, who the user is, the progress file.  What
 * cannot be had is said on the status line; the console works without. */
static void open_session(tr_app *app, const tr_console_opts *o, tr_strv *notes)
{
	tr_session_opts so = {
		.repo_dir = o->repo_dir,
		.state_file = o->state_file,
		.user = o->user,
		.all = o->all,
		.writing = true,
		.reports = o->reports,
		.nreports = o->nreports,
	};
	tr_session *s = app->con->session = tr_session_open(&so);
	app->repo = tr_session_repo(s);
	const tr_error *rp = tr_session_repo_problem(s);
	if (rp && rp->status != TR_NOTFOUND)
		tr_strv_push_owned(notes, tr_sprintf("no history: %s", rp->message ? rp->message : ""));
	if (tr_session_user(s))
		app->user = tr_strdup(tr_session_user(s));
	app->store = tr_session_store(s);
	if (!app->store) {
		const tr_error *sp = tr_session_store_problem(s);
		tr_strv_push_owned(notes, tr_sprintf("progress will not be saved: %s",
		                                     sp && sp->message ? sp->message : "no place for it"));
	} else if (tr_store_read_only(app->store) && tr_store_problem(app->store)) {
		tr_strv_push_owned(notes, tr_sprintf("read-only: %s",
		                                     tr_store_problem(app->store)->message
		                                         ? tr_store_problem(app->store)->message
		                                         : "the progress file cannot be written"));
	}
}

/* The reports named, else those this repository remembers, else the
 * bundled example; says which on the status line. */
static void note_skipped(void *ctx, const char *path, const char *why)
{
	(void)path;
	tr_strv_push(ctx, why);
}

static int load_reports(tr_app *app, const tr_console_opts *o, tr_strv *notes, tr_error *err)
{
	tr_session *s = app->con->session;
	tr_error lerr = TR_ERROR_INIT;
	/* What is left out is said once, at the start, with the other notes. */
	tr_session_set_skip(s, note_skipped, notes);
	int rc = app_load_data(app, &lerr);
	tr_session_set_skip(s, NULL, NULL);
	if (rc == 0) {
		if (!tr_session_reports_named(s))
			tr_strv_push_owned(notes, tr_sprintf("no report named: showing the %zu this repository "
			                                     "remembers",
			                                     tr_session_reports(s)->n));
		return 0;
	}
	/* Reports named must load; remembered ones that cannot are said, and
	 * the example shown instead. */
	if (tr_session_reports_named(s)) {
		*err = lerr;
		return -1;
	}
	if (tr_session_reports(s)->n)
		tr_strv_push(notes, lerr.message ? lerr.message : "the remembered reports cannot be read");
	tr_error_clear(&lerr);
	char *data = data_dir(o);
	char *example = tr_sprintf("%s/examples/cluster-report.md", data);
	free(data);
	if (!is_file(example)) {
		tr_error_set(err, TR_NOTFOUND,
		             "no report named, none remembered here, and the bundled example %s is "
		             "missing: name a cluster report (triage REPORT.md)",
		             example);
		free(example);
		return -1;
	}
	tr_strv_push_owned(notes, tr_sprintf("no report named: showing the bundled example %s", example));
	tr_session_use_reports(s, &example, 1);
	free(example);
	return app_load_data(app, err);
}

/* A note worth the status line before the others: progress that cannot be
 * saved, or a line of the config file (the last `nwarnings` notes). */
static bool is_problem(const tr_strv *notes, size_t i, size_t nwarnings)
{
	return strncmp(notes->v[i], "read-only", 9) == 0 ||
	       strncmp(notes->v[i], "progress will not be saved", 26) == 0 ||
	       i >= notes->n - nwarnings;
}

int tr_console_run(tr_console_opts *o, tr_error *err)
{
	/* Checked before anything is opened: a console that cannot start must
	 * not remember its reports in the progress file either. */
	if (!o->script && (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)))
		return tr_error_set(err, TR_IO,
		                    "the console needs a terminal: run it in one, use --script FILE, or "
		                    "'triage summary' for text");
	tr_app app_storage;
	ui_console con_storage;
	tr_app *app = &app_storage;
	memset(app, 0, sizeof *app);
	memset(&con_storage, 0, sizeof con_storage);
	app->con = &con_storage;
	app->opts = o;
	app->sel = TR_NONE;
	app->con->filter.state = app->con->filter.priority = -1;
	app->keys = o->keys;
	memset(&o->keys, 0, sizeof o->keys);
	app->ascii = o->ascii || o->cfg_ascii || !locale_is_utf8();
	if (o->cfg_sort)
		app->con->sort = strcmp(o->cfg_sort, "ready") == 0      ? UI_SORT_READY
		            : strcmp(o->cfg_sort, "blocking") == 0 ? UI_SORT_BLOCKING
		                                                   : UI_SORT_REPORT;
	app->con->canvas = tr_canvas_new(o->width > 0 ? o->width : 80, o->height > 0 ? o->height : 24,
	                            app->ascii);
	/* The Linux console's font lacks ✓ ▶ ▸ ╭ …: draw what it has. */
	const char *term = getenv("TERM");
	app->con->canvas->console_font = term && strncmp(term, "linux", 5) == 0;

	tr_strv notes = TR_STRV_INIT;
	open_session(app, o, &notes);
	int rc = -1;
	if (load_reports(app, o, &notes, err) < 0)
		goto out;
	if (tr_session_reports_named(app->con->session) && app->store &&
	    !tr_store_read_only(app->store)) {
		/* Kept for the next change saved: no progress changes here, so the
		 * analysis made with the model stands. */
		tr_error merr = TR_ERROR_INIT;
		tr_session_remember_reports(app->con->session, &merr);
		tr_error_clear(&merr);
	}
	action_drafts_start(app, &notes);
	if (app->history_problem)
		tr_strv_push_owned(&notes, tr_sprintf("no history: %s", app->history_problem));
	char *unread = tr_history_unreadable_note(app->history);
	if (unread)
		tr_strv_push_owned(&notes, unread);

	app->theme = choose_theme(app);
	for (size_t i = 0; i < o->warnings.n; i++)
		tr_strv_push(&notes, o->warnings.v[i]);
	/* One line for what the user most needs to read: a problem (the theme
	 * error choose_theme set, read-only, the config) before a remark; the
	 * messages view has the others. */
	size_t shown = notes.n;
	if (!app->con->message) {
		for (size_t i = 0; i < notes.n && shown == notes.n; i++)
			if (is_problem(&notes, i, o->warnings.n)) {
				app_error(app, "%s", notes.v[i]);
				shown = i;
			}
		if (shown == notes.n && notes.n) {
			app_message(app, "%s", notes.v[0]);
			shown = 0;
		}
	}
	for (size_t i = 0; i < notes.n; i++)
		if (i != shown)
			app_log(app, is_problem(&notes, i, o->warnings.n), notes.v[i]);

	static const ui_view_ops *const pane_views[UI_PANE_COUNT] = {
#define X(_, name, word, title, key, view, ...) &ui_##view##_view,
		UI_PANE_LIST(X, _)
#undef X
	};
	for (int p = 0; p < UI_PANE_COUNT; p++) {
		app->con->panes[p].ops = pane_views[p];
		app->con->panes[p].st = pane_views[p]->open(app);
	}
	app->con->help = (ui_view_slot){ &ui_help_view, ui_help_view.open(app) };
	app->con->log = (ui_view_slot){ &ui_messages_view, ui_messages_view.open(app) };
	app->con->focus = UI_PANE_ISSUES;
	app->con->lower = UI_PANE_DETAIL;
	app_refilter(app);

	ui_backend *be = o->script ? ui_script_backend_new(o->script, o->width, o->height, o->no_color ? 0 : 256, err)
	                           : ui_curses_backend_new(want_mouse(o), o->no_color, err);
	if (!be)
		goto out;
	rc = app_run(app, be, err);
	be->ops->free(be);
out:
	tr_strv_free(&notes);
	app_free(app);
	return rc;
}
