/* The data the console shows: reading the reports, the history and the
 * progress; the per-issue progress after a change; saving a change. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "console/state.h"
#include "triage/session.h"
#include "triage/text.h"

/* The session reads the reports again (and the progress file, when it
 * changed); the history follows the new model. */
int app_load_data(tr_app *app, tr_error *err)
{
	tr_session *s = app->con->session;
	char *sel_id = app->model && app->sel < app->model->nissues
	                   ? tr_strdup(app->model->issues[app->sel].id)
	                   : NULL;
	if (tr_session_load_model(s, err) < 0) {
		free(sel_id);
		return -1;
	}
	tr_model *m = tr_session_model(s);
	free(app->history_problem);
	app->history_problem = NULL;
	if (app->repo) {
		tr_error herr = TR_ERROR_INIT;
		if (tr_session_load_history(s, &herr) < 0)
			app->history_problem = tr_strdup(herr.message ? herr.message : "cannot read the history");
		tr_error_clear(&herr);
	}
	app->history = tr_session_history(s);
	app_versions_free(app);         /* read again for the new reports, when asked */
	app->model = m;
	app->con->haystack_model = NULL; /* the text filter's cache is for the old one */
	app->sel = TR_NONE;
	app->sel_pos = 0;
	if (sel_id)
		app->sel = tr_model_lookup(m, sel_id);
	free(sel_id);
	app_progress_changed(app);
	return 0;
}

/* The per-issue progress and the graph, after the store or the model changed. */
void app_progress_changed(tr_app *app)
{
	size_t n = app->model->nissues;
	free(app->progress);
	free(app->state);
	app->progress = tr_calloc(n + 1, sizeof *app->progress);
	app->state = tr_calloc(n + 1, 1);
	bool *resolved = tr_calloc(n + 1, sizeof *resolved);
	for (size_t i = 0; i < n; i++) {
		const char *id = app->model->issues[i].id;
		app->progress[i] = app->store ? tr_store_get(app->store, id) : NULL;
		tr_state s = app->progress[i] ? app->progress[i]->state : TR_STATE_OPEN;
		if ((unsigned)s >= TR_STATE_COUNT)
			s = TR_STATE_OPEN;
		app->state[i] = (uint8_t)s;
		resolved[i] = tr_graph_issue_resolved(&app->model->issues[i], (tr_graph_state)s);
	}
	tr_graph_free(app->graph);
	app->graph = tr_graph_new(app->model, resolved);
	free(resolved);
	app->generation++;
	app_refilter(app);
}

bool app_can_save(tr_app *app)
{
	if (!app->store) {
		app_error(app, "progress cannot be saved: no place for the progress file");
		return false;
	}
	if (tr_store_read_only(app->store)) {
		const tr_error *why = tr_store_problem(app->store);
		app_error(app, "read-only: %s", why && why->message ? why->message : "opened read-only");
		return false;
	}
	return true;
}

bool app_apply(tr_app *app, const tr_change *ch, const char *what)
{
	if (!app_can_save(app))
		return false;
	tr_error err = TR_ERROR_INIT;
	int n = tr_store_apply(app->store, ch, 1, &err);
	if (n < 0) {
		app_error(app, "not saved: %s", err.message ? err.message : tr_status_name(err.status));
		tr_error_clear(&err);
		app_progress_changed(app);
		return false;
	}
	app_progress_changed(app);
	if (n == 0)
		app_message(app, "%s: nothing changed", ch->issue ? ch->issue : "");
	else
		app_message(app, "%s%s%s (saved to %s)", ch->issue ? ch->issue : "", ch->issue ? " " : "",
		            what, tr_store_path(app->store));
	return n > 0;
}

/* One event in a few words, as the status line tells it. */
static void say_event(tr_app *app, const tr_event *e, tr_buf *out)
{
	const char *arrow = app->ascii ? "->" : "\u2192";
	const char *id = e->issue ? e->issue : "";
	if (strcmp(e->field, TR_EVENT_STANDUP) == 0)
		tr_buf_adds(out, e->to ? "stand-up marked as held" : "a stand-up mark withdrawn");
	else if (strcmp(e->field, "state") == 0)
		tr_buf_addf(out, "%s %s %s", id, arrow, e->to ? e->to : "open");
	else if (strcmp(e->field, "owner") == 0)
		tr_buf_addf(out, "%s owner %s %s", id, arrow, e->to ? e->to : "nobody");
	else if (strcmp(e->field, "note") == 0)
		tr_buf_addf(out, "%s %s", id, !e->to ? "note removed" : e->from ? "note edited" : "note added");
	else if (strcmp(e->field, "acknowledged") == 0)
		tr_buf_adds(out, e->to ? "a failure group acknowledged" : "an acknowledgement withdrawn");
	else
		tr_buf_addf(out, "%s %s %s %s", id, e->field, arrow, e->to ? e->to : "none");
}

void app_announce(tr_app *app, size_t from)
{
	size_t n;
	const tr_event *ev = app->store ? tr_store_events(app->store, &n) : NULL;
	if (!ev || from >= n)
		return;
	/* The last change first: it is what just happened. */
	const tr_event *last = &ev[n - 1];
	tr_buf who = TR_BUF_INIT, what = TR_BUF_INIT;
	say_event(app, last, &what);
	size_t more = n - from - 1;
	if (more)
		tr_buf_addf(&what, " (and %zu more change%s)", more, more == 1 ? "" : "s");
	const char *name = app_person(last->by, &who);
	app_message(app, "%s: %s", name ? name : "someone", tr_buf_str(&what));
	tr_buf_free(&who);
	tr_buf_free(&what);
}
