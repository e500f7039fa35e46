/* The issue list: which issues the filter shows, in which order, and
 * which one is selected. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "console/state.h"
#include "triage/text.h"

static bool owner_matches(const tr_app *app, size_t i)
{
	const char *want = app->con->filter.owner;
	if (!want)
		return true;
	const char *owner = app_owner(app, i);
	if (!*want)
		return owner == NULL;
	return owner && tr_strcasestr(owner, want);
}

static void lower_ascii(char *s)
{
	for (; *s; s++)
		if (*s >= 'A' && *s <= 'Z')
			*s = (char)(*s + 32);
}

static void add_field(tr_buf *b, const char *s)
{
	if (!s)
		return;
	tr_buf_adds(b, s);
	tr_buf_addc(b, '\n'); /* a match never spans two fields */
}

/* What a text filter searches in each issue, lower-cased once per model:
 * filtering thousands of issues is then one fast strstr() each. */
static void build_haystacks(tr_app *app)
{
	if (app->con->haystack_model == app->model && app->con->haystacks)
		return;
	for (size_t i = 0; i < app->con->nhaystacks; i++)
		free(app->con->haystacks[i]);
	free(app->con->haystacks);
	size_t n = app->model->nissues;
	app->con->haystacks = tr_calloc(n + 1, sizeof *app->con->haystacks);
	app->con->nhaystacks = n;
	for (size_t i = 0; i < n; i++) {
		const tr_issue *is = &app->model->issues[i];
		tr_buf b = TR_BUF_INIT;
		add_field(&b, is->id);
		add_field(&b, is->title);
		add_field(&b, is->severity);
		add_field(&b, is->status_text);
		for (size_t k = 0; k < is->findings.n; k++)
			add_field(&b, is->findings.v[k]);
		for (size_t k = 0; k < is->test_files.n; k++)
			add_field(&b, is->test_files.v[k]);
		for (size_t k = 0; k < is->nfailures; k++)
			add_field(&b, is->failures[k].text);
		app->con->haystacks[i] = tr_buf_detach(&b);
		if (!app->con->haystacks[i])
			app->con->haystacks[i] = tr_strdup("");
		lower_ascii(app->con->haystacks[i]);
	}
	app->con->haystack_model = app->model;
}

static bool text_matches(const tr_app *app, size_t i, const char *q)
{
	if (!q || !*q)
		return true;
	if (i < app->con->nhaystacks && strstr(app->con->haystacks[i], q))
		return true;
	const tr_progress *p = app_progress(app, i);
	if (p) {
		for (size_t k = 0; k < p->nnotes; k++)
			if (p->notes[k].text && tr_strcasestr(p->notes[k].text, q))
				return true;
		if (p->owner && tr_strcasestr(p->owner, q))
			return true;
	}
	return false;
}

static bool issue_shown(const tr_app *app, size_t i, const char *q)
{
	const ui_filter *f = &app->con->filter;
	if (f->state >= 0 && app_state(app, i) != (tr_state)f->state)
		return false;
	if (f->priority >= 0) {
		tr_priority p = app->model->issues[i].priority;
		int want = f->priority == 4 ? TR_PRIORITY_NONE : f->priority;
		if ((int)p != want)
			return false;
	}
	return owner_matches(app, i) && text_matches(app, i, q);
}

void app_refilter(tr_app *app)
{
	size_t n = app->model->nissues;
	free(app->rows);
	app->rows = tr_malloc((n + 1) * sizeof *app->rows);
	app->nrows = 0;
	char *q = NULL;
	if (app->con->filter.text && *app->con->filter.text) {
		build_haystacks(app);
		q = tr_strdup(app->con->filter.text);
		lower_ascii(q);
	}
	for (size_t i = 0; i < n; i++)
		if (issue_shown(app, i, q))
			app->rows[app->nrows++] = i;
	free(q);
	if (app->con->sort != UI_SORT_REPORT && app->graph)
		tr_graph_sort(app->graph,
		              app->con->sort == UI_SORT_READY ? TR_GRAPH_ORDER_READY_FIRST
		                                         : TR_GRAPH_ORDER_HOLDS_UP,
		              app->rows, app->nrows);
	/* Keep the selection when it is still listed; else the row that took
	 * its place. */
	if (app_sel_row(app) == TR_NONE) {
		size_t at = app->sel_pos < app->nrows ? app->sel_pos : app->nrows - 1;
		app->sel = app->nrows ? app->rows[at] : TR_NONE;
	}
	app->sel_pos = app_sel_row(app) == TR_NONE ? 0 : app_sel_row(app);
	app_refresh_views(app);
}

size_t app_sel_row(const tr_app *app)
{
	for (size_t r = 0; r < app->nrows; r++)
		if (app->rows[r] == app->sel)
			return r;
	return TR_NONE;
}

void app_select(tr_app *app, size_t issue)
{
	if (issue != TR_NONE && issue >= app->model->nissues)
		issue = TR_NONE;
	if (issue == app->sel)
		return;
	app->sel = issue;
	size_t row = app_sel_row(app);
	app->sel_pos = row == TR_NONE ? 0 : row;
	app_refresh_views(app);
}

static void clear_filters(tr_app *app)
{
	app->con->filter.state = app->con->filter.priority = -1;
	free(app->con->filter.owner);
	free(app->con->filter.text);
	app->con->filter.owner = app->con->filter.text = NULL;
	app_refilter(app);
}

/* Going to an issue the filter hides would select what the list does not
 * show, and the next key would act on it unseen: the filter goes. */
static void go_to(tr_app *app, size_t issue)
{
	app_select(app, issue);
	bool hidden = app_sel_row(app) == TR_NONE;
	if (hidden) {
		clear_filters(app);
		size_t row = app_sel_row(app);
		app->sel_pos = row == TR_NONE ? 0 : row;
		app_refresh_views(app);
	}
	app_message(app, "%s selected%s", app->model->issues[issue].id,
	            hidden ? " (the filter hid it: all issues shown)" : "");
}

/* The picker's item begins with the id (ids hold no blank): looked up
 * again, since the reports may have been read again meanwhile. */
static void go_to_chosen(tr_app *app, const char *issue, int choice, int n, const char *value)
{
	(void)issue;
	(void)n;
	if (choice < 0 || !value)
		return;
	char *id = tr_strndup(value, strcspn(value, " "));
	size_t i = tr_model_lookup(app->model, id);
	if (i != TR_NONE)
		go_to(app, i);
	free(id);
}

void app_go_to_issue(tr_app *app, const size_t *issues, size_t n)
{
	if (n == 1) {
		go_to(app, issues[0]);
		return;
	}
	tr_strv items = TR_STRV_INIT;
	for (size_t k = 0; k < n; k++) {
		const tr_issue *is = &app->model->issues[issues[k]];
		tr_strv_push_owned(&items, tr_sprintf("%s  %s", is->id, is->title ? is->title : ""));
	}
	app_pick_for(app, NULL, "Go to which issue?", (const char *const *)items.v, items.n, 0, go_to_chosen);
	tr_strv_free(&items);
}

/* ---- the filter's pickers ------------------------------------------------ */

static void filter_text_typed(tr_app *app, const char *text)
{
	free(app->con->filter.text);
	app->con->filter.text = *text ? tr_strdup(text) : NULL;
	app_refilter(app);
}

static void filter_owner_typed(tr_app *app, const char *text)
{
	free(app->con->filter.owner);
	app->con->filter.owner = tr_strdup(text);
	app_refilter(app);
}

static void filter_state_chosen(tr_app *app, int choice)
{
	app->con->filter.state = choice - 1;
	app_refilter(app);
}

static void filter_priority_chosen(tr_app *app, int choice)
{
	app->con->filter.priority = choice - 1;
	app_refilter(app);
}

/* By the items as the picker showed them: another session's change read
 * while it was open must not shift which owner is meant.  Anyone, nobody
 * and a name to type are 1, 2 and 3; the people follow. */
static void filter_owner_chosen(tr_app *app, const char *issue, int choice, int n, const char *value)
{
	(void)issue;
	(void)n;
	free(app->con->filter.owner);
	app->con->filter.owner = NULL;
	if (choice < 0) {
		app->con->filter.owner = tr_strdup(value); /* typed: part of a name */
		app_refilter(app);
	} else if (choice == 0) {
		app_refilter(app);
	} else if (choice == 1) {
		app->con->filter.owner = tr_strdup("");
		app_refilter(app);
	} else if (choice == 2) {
		app_edit(app, "Owner contains: ", "", filter_owner_typed);
	} else {
		app->con->filter.owner = tr_strdup(value);
		app_refilter(app);
	}
}

static void filter_chosen(tr_app *app, int choice)
{
	switch (choice) {
	case 0: {
		const char *items[TR_STATE_COUNT + 1] = { "any state" };
		for (int s = 0; s < TR_STATE_COUNT; s++)
			items[s + 1] = tr_state_word((tr_state)s);
		app_pick(app, "Show issues in state", items, TR_STATE_COUNT + 1,
		         (size_t)(app->con->filter.state + 1), filter_state_chosen);
		break;
	}
	case 1: {
		static const char *const items[] = { "any priority", "P0", "P1", "P2", "P3", "none" };
		app_pick(app, "Show issues of priority", items, 6, (size_t)(app->con->filter.priority + 1),
		         filter_priority_chosen);
		break;
	}
	case 2: {
		tr_strv cand = TR_STRV_INIT, items = TR_STRV_INIT;
		app_owner_candidates(app, &cand);
		/* The fixed choices first, each always under the same digit. */
		tr_strv_push(&items, "anyone");
		tr_strv_push(&items, "nobody");
		tr_strv_push(&items, "type a name...");
		for (size_t i = 0; i < cand.n; i++)
			tr_strv_push(&items, cand.v[i]);
		app_pick_for(app, NULL, "Show issues owned by", (const char *const *)items.v, items.n, 0,
		             filter_owner_chosen);
		app_pick_typing(app, true);
		tr_strv_free(&cand);
		tr_strv_free(&items);
		break;
	}
	case 3:
		app_edit(app, "Filter text: ", app->con->filter.text ? app->con->filter.text : "",
		         filter_text_typed);
		break;
	default:
		clear_filters(app);
		app_message(app, "all issues shown");
		break;
	}
}

void app_filter_pick(tr_app *app)
{
	static const char *const items[] = { "state...", "priority...", "owner...", "text...",
	                                     "clear all filters" };
	app_pick(app, "Filter issues by", items, 5, 0, filter_chosen);
}

bool app_ready_first(const tr_app *app)
{
	return app->con->sort == UI_SORT_READY;
}

void app_sort_next(tr_app *app)
{
	ui_console *con = app->con;
	con->sort = (ui_sort)((con->sort + 1) % UI_SORT_COUNT);
	app_refilter(app);
	app_message(app, "issues in %s order",
	            con->sort == UI_SORT_REPORT  ? "the report's"
	            : con->sort == UI_SORT_READY ? "ready-first"
	                                         : "most-blocking-first");
}

void app_filter_free(tr_app *app)
{
	ui_console *con = app->con;
	for (size_t i = 0; i < con->nhaystacks; i++)
		free(con->haystacks[i]);
	free(con->haystacks);
	con->haystacks = NULL;
	con->nhaystacks = 0;
	free(con->filter.owner);
	free(con->filter.text);
	con->filter.owner = con->filter.text = NULL;
}
