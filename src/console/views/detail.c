/* The selected issue: what the report says about it (severity, status,
 * test counts as a bar, test files, findings, impact), where it stands in
 * the dependency graph, and what the team recorded (state, owner, notes). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "console/view.h"
#include "console/views/detail_internal.h"
#include "triage/clock.h"
#include "triage/text.h"

#define LABEL_W 11

/* The sections of free text, whose length is the issue's: folded, each is
 * one line that says how much is there. */
#define SECTION_LIST(X)                  \
	X(NOTES,    "Notes")             \
	X(FINDINGS, "Findings")          \
	X(IMPACT,   "Impact")            \
	X(TIMELINE, "Timeline")

typedef enum {
#define X(name, title) SEC_##name,
	SECTION_LIST(X)
#undef X
	SEC_COUNT
} section;

static const char *const section_title[SEC_COUNT] = {
#define X(name, title) title,
	SECTION_LIST(X)
#undef X
};

/* Notes this long or shorter stay open with the list focused: a note
 * just written from the list is seen where it was added. */
#define NOTES_OPEN_LINES 3

/* Focused, the pane has a line cursor, as tig's views do: j and k move it
 * and the text scrolls when it reaches an edge.  On a note, E and D act on
 * that note and Enter reads it in full. */
typedef struct detail_view {
	ui_doc doc;
	size_t issue;           /* what the document shows */
	unsigned gen;
	int width;
	bool sources;           /* show the line each field was read from */
	bool commits_beside;    /* the commits pane is on the screen: the
	                         * timeline leaves the commits to it */
	size_t cur;             /* the cursor's line */
	bool cursor_shown;      /* by the last drawing (the pane focused) */
	bool follow_cursor;     /* rebuilt around the cursor: the text scrolls to it */
	int drawn_h;            /* the pane's height at the last drawing */
	/* Per note of the issue (oldest first, as drawn): its first and last
	 * line in the document. */
	size_t *note_first, *note_last;
	size_t nnotes;
	/* The long sections, folded into one line until opened: moving down
	 * the list then sends the fixed rows that change, not each issue's own
	 * long text.  Focus changes nothing drawn (as in tig, a Tab sends only
	 * the frames); l on the folded line opens them for the session (and h
	 * on a section folded alone folds them all again).  `open`: what the
	 * document was built with; `closed`: folded alone by h while open;
	 * first and last line of each in the document, or TR_NONE. */
	bool open;
	bool built_focused;     /* the folded line says "l opens" only in the
	                         * focused pane, where l does */
	bool unfolded;
	bool closed[SEC_COUNT];
	size_t sec_first[SEC_COUNT], sec_last[SEC_COUNT];
	size_t pending[SEC_COUNT]; /* folded into end_folded's line: 1 + items */
	/* The lines of the Waits on and Unblocks rows (first, last), where
	 * Enter goes to an issue they name; TR_NONE when not drawn. */
	size_t refs[2][2];
} detail_view;

static void *detail_open(tr_app *app)
{
	(void)app;
	detail_view *v = tr_calloc(1, sizeof *v);
	v->issue = TR_NONE;
	v->gen = (unsigned)-1;
	return v;
}

static void detail_close_parts(detail_view *v)
{
	ui_doc_free(&v->doc);
	free(v->note_first);
	free(v->note_last);
}

static void detail_close(void *st)
{
	detail_close_parts(st);
	free(st);
}

static void label(ui_doc *d, const char *text)
{
	ui_doc_line(d, 0);
	char pad[LABEL_W + 1];
	snprintf(pad, sizeof pad, "%-*s", LABEL_W, text);
	ui_doc_add(d, pad, TR_SLOT_LABEL, 0);
}

static void repeat_sym(ui_doc *d, tr_sym sym, bool ascii, long n, uint8_t slot)
{
	if (n <= 0)
		return;
	tr_buf b = TR_BUF_INIT;
	for (long i = 0; i < n; i++)
		tr_buf_adds(&b, tr_sym_text(sym, ascii));
	ui_doc_add(d, tr_buf_str(&b), slot, 0);
	tr_buf_free(&b);
}

/* Failed, passed and skipped as one bar of `width` cells; each kind that
 * is there gets at least one cell, so a single failure never disappears. */
static void test_bar(ui_doc *d, const tr_tests *t, int width, bool ascii)
{
	long f = t->failed > 0 ? t->failed : 0, p = t->passed > 0 ? t->passed : 0,
	     s = t->skipped > 0 ? t->skipped : 0;
	long total = f + p + s;
	if (total == 0 || width < 3)
		return;
	long cf = f ? (f * width + total / 2) / total : 0;
	long cs = s ? (s * width + total / 2) / total : 0;
	if (f && cf == 0)
		cf = 1;
	if (s && cs == 0)
		cs = 1;
	long cp = width - cf - cs;
	if (p && cp <= 0) {
		cp = 1;
		if (cf > cs)
			cf--;
		else
			cs--;
	}
	if (!p)
		cp = 0;
	if (!p && cf + cs < width)
		cf = width - cs;
	repeat_sym(d, TR_SYM_BAR_FULL, ascii, cf, TR_SLOT_BAR_FAILED);
	repeat_sym(d, TR_SYM_BAR_HALF, ascii, cp, TR_SLOT_BAR_PASSED);
	repeat_sym(d, TR_SYM_BAR_LIGHT, ascii, cs, TR_SLOT_BAR_SKIPPED);
	ui_doc_add(d, " ", TR_SLOT_NORMAL, 0);
}

static void count_text(tr_buf *b, long n, const char *what)
{
	if (n < 0)
		return;
	if (b->len)
		tr_buf_adds(b, ", ");
	tr_buf_addf(b, "%ld %s", n, what);
}

static void issue_list(ui_doc *d, tr_app *app, const size_t *v, size_t n, int width)
{
	if (n == 0) {
		ui_doc_add(d, "nothing", TR_SLOT_DIM, 0);
		return;
	}
	int used = LABEL_W;
	for (size_t k = 0; k < n; k++) {
		const char *id = app->model->issues[v[k]].id;
		int w = (int)tr_text_width(id) + 2;
		if (used + w > width && used > LABEL_W) {
			ui_doc_line(d, LABEL_W);
			used = LABEL_W;
		}
		tr_state s = app_state(app, v[k]);
		ui_doc_add(d, id, TR_SLOT_ID, 0);
		if (tr_graph_state_resolved((tr_graph_state)s)) {
			ui_doc_add(d, " ", TR_SLOT_NORMAL, 0);
			tr_sym mark = s == TR_STATE_VERIFIED ? TR_SYM_VERIFIED
			              : s == TR_STATE_WONT_FIX ? TR_SYM_WONT_FIX
			                                       : TR_SYM_FIXED;
			ui_doc_add(d, tr_sym_text(mark, app->ascii), app_state_slot(s), 0);
			w += 2;
		}
		ui_doc_add(d, "  ", TR_SLOT_NORMAL, 0);
		used += w;
	}
}

static void bullets(ui_doc *d, tr_app *app, const char *title, const tr_strv *items, int width)
{
	if (!items->n)
		return;
	ui_doc_line(d, 0);
	ui_doc_add(d, title, TR_SLOT_LABEL, 0);
	for (size_t k = 0; k < items->n; k++) {
		ui_doc_line(d, 1);
		ui_doc_add(d, tr_sym_text(TR_SYM_BULLET, app->ascii), TR_SLOT_DIM, 0);
		ui_doc_add(d, " ", TR_SLOT_NORMAL, 0);
		ui_doc_wrap(d, items->v[k], TR_SLOT_NORMAL, 3, width, 3);
	}
}

/* The team's notes, oldest first: what a stand-up reads.  Where each one
 * is goes into v, for the cursor. */
static void notes(detail_view *v, const tr_progress *pr, int width, tr_buf *tmp)
{
	ui_doc *d = &v->doc;
	free(v->note_first);
	free(v->note_last);
	v->note_first = v->note_last = NULL;
	v->nnotes = 0;
	if (!pr || !pr->nnotes)
		return;
	ui_doc_line(d, 0);
	ui_doc_addf(d, TR_SLOT_LABEL, 0, "Notes (%zu)", pr->nnotes);
	v->note_first = tr_calloc(pr->nnotes, sizeof *v->note_first);
	v->note_last = tr_calloc(pr->nnotes, sizeof *v->note_last);
	v->nnotes = pr->nnotes;
	for (size_t k = 0; k < pr->nnotes; k++) {
		const tr_note *n = &pr->notes[k];
		ui_doc_line(d, 1);
		v->note_first[k] = d->n - 1;
		char date[11];
		snprintf(date, sizeof date, "%.10s", n->at ? n->at : "");
		ui_doc_add(d, date, TR_SLOT_DATE, 0);
		ui_doc_add(d, " ", TR_SLOT_NORMAL, 0);
		const char *by = app_person(n->by, tmp);
		ui_doc_add(d, by ? by : "?", TR_SLOT_AUTHOR, 0);
		ui_doc_add(d, ": ", TR_SLOT_NORMAL, 0);
		int used = 1 + (int)strlen(date) + 1 + (int)tr_text_width(by ? by : "?") + 2;
		ui_doc_wrap(d, n->text, TR_SLOT_NOTE, used, width, 3);
		v->note_last[k] = d->n - 1;
	}
}

/* A section begins at the document's next line. */
static size_t section_start(detail_view *v, section s)
{
	v->sec_first[s] = v->sec_last[s] = TR_NONE;
	return v->doc.n;
}

/* The section built since `at`, of n items, stays open or is folded:
 * until the sections are opened, into the one line that end_folded writes
 * for all of them; once open, folded alone by h, to a line of its own
 * ("▸ Findings (3)  l opens").
 * Notes short enough stay open while the others are folded: one just
 * written from the list is seen where it was added. */
static void section_end(detail_view *v, tr_app *app, section s, size_t at, size_t n)
{
	ui_doc *d = &v->doc;
	bool focus_fold = !v->open;
	if (d->n == at) {
		/* Findings and Impact folded say so when there are none, so that
		 * the line keeps its shape from one issue to the next. */
		if (focus_fold && s != SEC_NOTES)
			v->pending[s] = 1 + n;
		return;
	}
	if (focus_fold && s == SEC_NOTES && !v->closed[s] && d->n - at - 1 <= NOTES_OPEN_LINES)
		focus_fold = false;
	if (v->closed[s] || focus_fold) {
		ui_doc_truncate(d, at);
		if (s == SEC_NOTES)
			v->nnotes = 0; /* no note under the cursor: E and D pick one */
	}
	if (focus_fold) {
		v->pending[s] = 1 + n;
		return;
	}
	if (v->closed[s]) {
		ui_doc_line(d, 0);
		ui_doc_add(d, tr_sym_text(TR_SYM_COLLAPSED, app->ascii), TR_SLOT_DIM, 0);
		ui_doc_add(d, " ", TR_SLOT_NORMAL, 0);
		ui_doc_addf(d, TR_SLOT_LABEL, 0, "%s (%zu)", section_title[s], n);
		char tmp[16];
		const char *key = app_key_of(app, TR_ACTION_MOVE_RIGHT, tmp);
		if (*key) {
			ui_doc_add(d, "  ", TR_SLOT_NORMAL, 0);
			ui_doc_add(d, key, TR_SLOT_STATUS_KEY, 0);
			ui_doc_add(d, " opens", TR_SLOT_DIM, 0);
		}
	}
	v->sec_first[s] = at;
	v->sec_last[s] = d->n - 1;
}

/* Folded, the sections are one line: "▸ Findings (3)  Impact (0)
 * Timeline (2)", and "l opens" in the focused detail, where l does. */
static void end_folded(detail_view *v, tr_app *app)
{
	ui_doc *d = &v->doc;
	bool any = false;
	for (int k = 0; k < SEC_COUNT; k++)
		any |= v->pending[k] != 0;
	if (!any)
		return;
	ui_doc_line(d, 0);
	ui_doc_add(d, tr_sym_text(TR_SYM_COLLAPSED, app->ascii), TR_SLOT_DIM, 0);
	for (int k = 0; k < SEC_COUNT; k++) {
		if (!v->pending[k])
			continue;
		ui_doc_add(d, " ", TR_SLOT_NORMAL, 0);
		ui_doc_addf(d, TR_SLOT_LABEL, 0, "%s (%zu)", section_title[k], v->pending[k] - 1);
		ui_doc_add(d, " ", TR_SLOT_NORMAL, 0);
		if (v->pending[k] > 1)
			v->sec_first[k] = v->sec_last[k] = d->n - 1;
	}
	char tmp[16];
	const char *key = app_key_of(app, TR_ACTION_MOVE_RIGHT, tmp);
	if (*key && app_pane_focused(app, UI_PANE_DETAIL)) {
		ui_doc_add(d, " ", TR_SLOT_NORMAL, 0);
		ui_doc_add(d, key, TR_SLOT_STATUS_KEY, 0);
		ui_doc_add(d, " opens", TR_SLOT_DIM, 0);
	}
}

static void build(detail_view *v, tr_app *app, int width)
{
	ui_doc *d = &v->doc;
	ui_doc_clear(d);
	memset(v->pending, 0, sizeof v->pending);
	for (int k = 0; k < SEC_COUNT; k++)
		v->sec_first[k] = v->sec_last[k] = TR_NONE;
	v->refs[0][0] = v->refs[0][1] = v->refs[1][0] = v->refs[1][1] = TR_NONE;
	if (v->issue == TR_NONE) {
		ui_doc_add(d, "no issue selected", TR_SLOT_DIM, 0);
		return;
	}
	const tr_issue *is = &app->model->issues[v->issue];
	tr_buf tmp = TR_BUF_INIT;

	ui_doc_add(d, is->id, TR_SLOT_ID, TR_ATTR_BOLD);
	ui_doc_add(d, "  ", TR_SLOT_NORMAL, 0);
	ui_doc_wrap(d, is->title ? is->title : "(no title)", TR_SLOT_NORMAL,
	            (int)tr_text_width(is->id) + 2, width, 2);

	label(d, "Severity");
	if (is->severity)
		ui_doc_wrap(d, is->severity, app_priority_slot(is->priority), LABEL_W, width, LABEL_W);
	else
		ui_doc_add(d, tr_priority_word(is->priority) ? tr_priority_word(is->priority) : "not given",
		           is->priority == TR_PRIORITY_NONE ? TR_SLOT_DIM : app_priority_slot(is->priority), 0);

	label(d, "Status");
	ui_doc_add(d, tr_issue_status_word(is->status), TR_SLOT_STATUS, 0);
	if (is->status_text) {
		ui_doc_add(d, " ", TR_SLOT_NORMAL, 0);
		ui_doc_add(d, tr_sym_text(TR_SYM_DOT, app->ascii), TR_SLOT_DIM, 0);
		ui_doc_add(d, " ", TR_SLOT_NORMAL, 0);
		ui_doc_wrap(d, is->status_text, TR_SLOT_NORMAL,
		            LABEL_W + (int)strlen(tr_issue_status_word(is->status)) + 3, width, LABEL_W);
	}

	label(d, "Progress");
	tr_state s = app_state(app, v->issue);
	ui_doc_add(d, tr_state_word(s), app_state_slot(s), 0);
	const char *owner = app_owner(app, v->issue);
	ui_doc_add(d, owner ? ", owner " : ", no owner", TR_SLOT_NORMAL, 0);
	if (owner)
		ui_doc_add(d, app_person(owner, &tmp), TR_SLOT_OWNER, 0);
	const tr_progress *pr = app_progress(app, v->issue);

	label(d, "Tests");
	const tr_tests *t = &is->tests;
	if (t->failed < 0 && t->passed < 0 && t->skipped < 0) {
		ui_doc_add(d, "the report gives no counts", TR_SLOT_DIM, 0);
	} else {
		int bw = width - LABEL_W - 34;
		if (bw > 24)
			bw = 24;
		test_bar(d, t, bw, app->ascii);
		tr_buf counts = TR_BUF_INIT;
		count_text(&counts, t->failed, "failed");
		count_text(&counts, t->passed, "passed");
		count_text(&counts, t->skipped, "skipped");
		ui_doc_add(d, tr_buf_str(&counts), TR_SLOT_NORMAL, 0);
		tr_buf_free(&counts);
	}

	label(d, "Plan");
	if (!is->plan_phase) {
		ui_doc_add(d, "not in the plan", TR_SLOT_DIM, 0);
	} else {
		tr_buf plan = TR_BUF_INIT;
		tr_buf_adds(&plan, is->plan_phase);
		if (is->plan_step)
			tr_buf_addf(&plan, ", step %d", is->plan_step);
		if (is->plan_done)
			tr_buf_adds(&plan, ", done");
		ui_doc_add(d, tr_buf_str(&plan), TR_SLOT_NORMAL, 0);
		tr_buf_free(&plan);
	}

	if (app->graph && v->issue < app->graph->nissues) {
		const tr_graph *g = app->graph;
		const tr_graph_node *nd = &g->nodes[v->issue];
		label(d, "Waits on");
		v->refs[0][0] = d->n - 1;
		issue_list(d, app, g->pred + g->pred_start[v->issue],
		           g->pred_start[v->issue + 1] - g->pred_start[v->issue], width);
		v->refs[0][1] = d->n - 1;
		label(d, "Unblocks");
		v->refs[1][0] = d->n - 1;
		issue_list(d, app, g->succ + g->succ_start[v->issue],
		           g->succ_start[v->issue + 1] - g->succ_start[v->issue], width);
		v->refs[1][1] = d->n - 1;
		label(d, "Graph");
		if (nd->resolved)
			ui_doc_add(d, "resolved", TR_SLOT_STATE_FIXED, 0);
		else if (nd->ready)
			ui_doc_add(d, "ready to work on", TR_SLOT_STATE_IN_PROGRESS, 0);
		else
			ui_doc_addf(d, TR_SLOT_NORMAL, 0, "blocked by %zu", nd->nwaits_on);
		if (nd->holds_up)
			ui_doc_addf(d, TR_SLOT_NORMAL, 0, ", holds up %zu", nd->holds_up);
		if (nd->critical)
			ui_doc_add(d, ", on the critical path", TR_SLOT_GRAPH_CRITICAL, 0);
		if (nd->in_cycle)
			ui_doc_add(d, ", in a cycle", TR_SLOT_GRAPH_EDGE_CYCLE, 0);
	}

	label(d, "Reported");
	if (is->report < app->model->nreports) {
		tr_buf where = TR_BUF_INIT;
		tr_buf_addf(&where, "%s:%u", app->model->reports[is->report].path, is->line);
		ui_doc_wrap(d, tr_buf_str(&where), TR_SLOT_LOCATION, LABEL_W, width, LABEL_W);
		/* Where each field was read, so a doubtful fact can be looked up:
		 * a line of this report, or another report's file and line. */
		for (int f = 0; v->sources && f < TR_SOURCE_COUNT; f++) {
			const tr_source *src = &is->sources[f];
			if (!src->line || src->report >= app->model->nreports)
				continue;
			ui_doc_line(d, LABEL_W);
			tr_buf_reset(&where);
			tr_buf_addf(&where, "%-9s", tr_source_word((tr_source_field)f));
			ui_doc_add(d, tr_buf_str(&where), TR_SLOT_DIM, 0);
			tr_buf_reset(&where);
			if (src->report == is->report)
				tr_buf_addf(&where, "line %u", src->line);
			else
				tr_buf_addf(&where, "%s:%u", app->model->reports[src->report].path, src->line);
			ui_doc_wrap(d, tr_buf_str(&where), TR_SLOT_LOCATION, LABEL_W + 9, width, LABEL_W + 9);
		}
		tr_buf_free(&where);
	}

	label(d, is->test_files.n > 1 ? "Test files" : "Test file");
	if (!is->test_files.n)
		ui_doc_add(d, "none named", TR_SLOT_DIM, 0);
	for (size_t k = 0; k < is->test_files.n; k++) {
		if (k)
			ui_doc_line(d, LABEL_W);
		ui_doc_wrap(d, is->test_files.v[k], TR_SLOT_LOCATION, LABEL_W, width, LABEL_W);
	}

	/* When and by whom the progress changed comes after the fields every
	 * issue has, which then keep their rows whether or not the team has
	 * changed anything yet. */
	if (pr && pr->updated_at) {
		label(d, "Changed");
		char date[11];
		snprintf(date, sizeof date, "%.10s", pr->updated_at);
		ui_doc_add(d, date, TR_SLOT_DATE, 0);
		if (pr->updated_by) {
			ui_doc_add(d, " by ", TR_SLOT_DIM, 0);
			ui_doc_add(d, app_person(pr->updated_by, &tmp), TR_SLOT_AUTHOR, 0);
		}
	}

	/* The notes, as many as the team wrote, come after the fields every
	 * issue has, which would otherwise move down by them from one issue to
	 * the next and off a small screen. */
	size_t at = section_start(v, SEC_NOTES);
	notes(v, pr, width, &tmp);
	section_end(v, app, SEC_NOTES, at, pr ? pr->nnotes : 0);

	at = section_start(v, SEC_FINDINGS);
	bullets(d, app, "Findings", &is->findings, width);
	section_end(v, app, SEC_FINDINGS, at, is->findings.n);
	at = section_start(v, SEC_IMPACT);
	bullets(d, app, "Impact", &is->impact, width);
	section_end(v, app, SEC_IMPACT, at, is->impact.n);
	at = section_start(v, SEC_TIMELINE);
	size_t nt = detail_timeline(d, app, v->issue, width, !v->commits_beside, &tmp);
	section_end(v, app, SEC_TIMELINE, at, nt);
	end_folded(v, app);

	tr_buf_free(&tmp);
}

static void detail_refresh(void *st, tr_app *app)
{
	detail_view *v = st;
	if (v->issue != app->sel) {
		v->issue = app->sel;
		v->doc.top = 0;
		v->cur = 0;
		v->gen = (unsigned)-1;
	}
}

/* Whether the long sections are open: once opened with l, in a zoomed
 * detail (the pane alone: there is nothing else to move), or always when
 * the config file says so. */
static bool sections_open(const detail_view *v, tr_app *app)
{
	return v->unfolded || app_pane_zoomed(app, UI_PANE_DETAIL) ||
	       (app->opts && app->opts->open_sections);
}

static section section_under(const detail_view *v);

static void ensure(detail_view *v, tr_app *app, int width, bool open)
{
	bool same_issue = v->issue == app->sel && v->doc.n;
	if (v->issue != app->sel)
		detail_refresh(v, app);
	bool beside = app_pane_beside(app, UI_PANE_COMMITS);
	bool focused = app_pane_focused(app, UI_PANE_DETAIL);
	if (v->gen == app->generation && v->width == width && v->commits_beside == beside &&
	    v->open == open && (open || v->built_focused == focused))
		return;
	/* Built again at another width (a resize, a zoom), the cursor stays
	 * on the line it was on, as far down the pane as it was; in a section
	 * that opened or closed, on that section. */
	bool moved = same_issue && (v->width != width || v->open != open);
	ui_doc_anchor at = ui_doc_anchor_of(&v->doc, v->cur);
	section sec = v->open != open ? section_under(v) : SEC_COUNT;
	size_t on_screen = v->cur >= v->doc.top ? v->cur - v->doc.top : 0;
	size_t top = v->doc.top;
	v->commits_beside = beside;
	v->open = open;
	v->built_focused = focused;
	build(v, app, width);
	v->doc.top = top;
	if (moved) {
		v->cur = sec != SEC_COUNT && v->sec_first[sec] != TR_NONE ? v->sec_first[sec]
		                                                          : ui_doc_anchor_row(&v->doc, at);
		v->doc.top = v->cur >= on_screen ? v->cur - on_screen : 0;
		v->follow_cursor = true;
	}
	v->gen = app->generation;
	v->width = width;
}

static void detail_draw(void *st, tr_app *app, tr_canvas *c, tr_rect a, bool focused)
{
	detail_view *v = st;
	tr_rect inner = { a.x + 1, a.y, a.w - 2, a.h };
	ensure(v, app, inner.w, sections_open(v, app));
	/* Rebuilt around the cursor or given another height (a resize, a
	 * zoom), the text scrolls to it; scrolled under it (the wheel), the
	 * cursor stays on the screen. */
	if (a.h != v->drawn_h) {
		v->follow_cursor = true;
		v->drawn_h = a.h;
	}
	if (v->follow_cursor && a.h > 0) {
		v->follow_cursor = false;
		if (v->cur >= v->doc.top + (size_t)a.h)
			v->doc.top = v->cur - (size_t)a.h + 1;
		if (v->cur < v->doc.top)
			v->doc.top = v->cur;
	}
	ui_doc_draw(&v->doc, c, inner, app->search);
	v->cursor_shown = focused && v->doc.n && a.h > 0;
	if (!v->cursor_shown)
		return;
	size_t top = v->doc.top, end = top + (size_t)a.h;
	if (end > v->doc.n)
		end = v->doc.n;
	if (v->cur < top)
		v->cur = top;
	if (v->cur >= end)
		v->cur = end - 1;
	ui_cursor_row(c, a, a.y + (int)(v->cur - top), true);
}

/* The note of the selected issue the cursor is on, or TR_NONE. */
static size_t note_under(detail_view *v, tr_app *app)
{
	const tr_progress *pr = app->sel != TR_NONE ? app_progress(app, app->sel) : NULL;
	if (!pr || v->issue != app->sel || v->gen != app->generation || v->nnotes != pr->nnotes)
		return TR_NONE;
	for (size_t k = 0; k < v->nnotes; k++)
		if (v->cur >= v->note_first[k] && v->cur <= v->note_last[k])
			return k;
	return TR_NONE;
}

static const tr_note *detail_note(void *st, tr_app *app)
{
	detail_view *v = st;
	size_t k = note_under(v, app);
	return k == TR_NONE ? NULL : &app_progress(app, app->sel)->notes[k];
}

/* Enter on a note: the note in full, over the pane. */
static bool open_note(detail_view *v, tr_app *app)
{
	const tr_note *n = detail_note(v, app);
	if (!n || !n->text)
		return false;
	tr_buf who = TR_BUF_INIT;
	const char *by = app_person(n->by, &who);
	char *title = tr_sprintf("Note on %s by %s, %.10s", app->model->issues[app->sel].id, by ? by : "?",
	                         n->at ? n->at : "");
	void *tv = ui_text_view_new(app, title, n->text, NULL, 0);
	app_push_view(app, UI_PANE_DETAIL, &ui_text_view, tv);
	free(title);
	tr_buf_free(&who);
	return true;
}

/* The issues named on the cursor's line, if it is on Waits on or Unblocks
 * (n = 0 elsewhere, or where they name none). */
static const size_t *refs_under(const detail_view *v, tr_app *app, size_t *n)
{
	const tr_graph *g = app->graph;
	*n = 0;
	if (!g || v->issue >= g->nissues || v->issue != app->sel || v->gen != app->generation)
		return NULL;
	for (int k = 0; k < 2; k++) {
		if (v->refs[k][0] == TR_NONE || v->cur < v->refs[k][0] || v->cur > v->refs[k][1])
			continue;
		const size_t *start = k ? g->succ_start : g->pred_start;
		*n = start[v->issue + 1] - start[v->issue];
		return (k ? g->succ : g->pred) + start[v->issue];
	}
	return NULL;
}

/* Enter on Waits on or Unblocks: the issue named there selected (in the
 * list and every pane), as a tig user expects of a reference; of several,
 * a picker says which. */
static bool open_ref(detail_view *v, tr_app *app)
{
	size_t n;
	const size_t *ids = refs_under(v, app, &n);
	if (!n)
		return false;
	app_go_to_issue(app, ids, n);
	return true;
}

/* Whether document line `line` is section k's: its heading, its lines, or
 * the folded line that holds it. */
static bool in_section(const detail_view *v, int k, size_t line)
{
	return v->sec_first[k] != TR_NONE && line >= v->sec_first[k] && line <= v->sec_last[k];
}

/* The section the cursor is in, or SEC_COUNT (on the folded line, the
 * first on it). */
static section section_under(const detail_view *v)
{
	for (int k = 0; k < SEC_COUNT; k++)
		if (in_section(v, k, v->cur))
			return (section)k;
	return SEC_COUNT;
}

/* Enter on a section: its text in full, over the pane, open or folded,
 * as the document would show it on a line as wide as it needs.  On the
 * one line that holds every folded section, all of them, each under its
 * title. */
static bool open_sections(detail_view *v, tr_app *app)
{
	bool on[SEC_COUNT];
	size_t n = 0;
	for (int k = 0; k < SEC_COUNT; k++) {
		on[k] = in_section(v, k, v->cur);
		n += on[k];
	}
	if (!n)
		return false;
	detail_view full = { .issue = v->issue, .sources = v->sources,
	                     .commits_beside = v->commits_beside, .open = true };
	build(&full, app, 1 << 16);
	tr_buf text = TR_BUF_INIT, titles = TR_BUF_INIT;
	for (int s = 0; s < SEC_COUNT; s++) {
		if (!on[s] || full.sec_first[s] == TR_NONE)
			continue;
		if (titles.len)
			tr_buf_adds(&titles, ", ");
		tr_buf_adds(&titles, section_title[s]);
		if (n > 1)
			tr_buf_addf(&text, "%s%s", text.len ? "\n\n" : "", section_title[s]);
		for (size_t i = full.sec_first[s] + 1; i <= full.sec_last[s]; i++) {
			const ui_doc_row *l = &full.doc.lines[i];
			if (text.len)
				tr_buf_addc(&text, '\n');
			for (int k = 1; k < l->indent; k++)
				tr_buf_addc(&text, ' ');
			for (size_t k = 0; k < l->n; k++)
				tr_buf_adds(&text, l->spans[k].text);
		}
	}
	bool shown = titles.len > 0;
	if (shown) {
		char *title = tr_sprintf("%s of %s", tr_buf_str(&titles), app->model->issues[v->issue].id);
		void *tv = ui_text_view_new(app, title, tr_buf_str(&text), NULL, 0);
		ui_text_view_slot(tv, TR_SLOT_NORMAL);
		app_push_view(app, UI_PANE_DETAIL, &ui_text_view, tv);
		free(title);
	}
	tr_buf_free(&titles);
	tr_buf_free(&text);
	detail_close_parts(&full);
	return shown;
}

/* The text built again after a section was folded or opened, the cursor
 * on that section's first line, in sight. */
static void rebuild_at(detail_view *v, tr_app *app, section s, tr_rect area)
{
	v->gen = (unsigned)-1;
	ensure(v, app, area.w - 2, sections_open(v, app));
	if (v->sec_first[s] != TR_NONE)
		v->cur = v->sec_first[s];
	if (v->cur < v->doc.top)
		v->doc.top = v->cur;
}

/* h folds the section under the cursor, l opens it again (as they close
 * and open a failure group); the cursor stays on it. */
static bool fold_section(detail_view *v, tr_app *app, section s, bool fold, tr_rect area)
{
	if (v->closed[s] == fold)
		return false;
	v->closed[s] = fold;
	rebuild_at(v, app, s, area);
	return true;
}

/* The cursor moved by a, the text scrolled to keep it in `rows` lines: the
 * lists' rule, on the document's lines.  A move that cannot go further
 * is still the detail's key (it does not fall through to the panes). */
static bool move_cursor(detail_view *v, tr_action a, size_t rows)
{
	if (!v->doc.n)
		return ui_doc_action(&v->doc, a, (tr_rect){ 0, 0, 0, (int)rows });
	ui_list l = { v->cur, v->doc.top, v->doc.n, 0 };
	if (!ui_list_move(&l, a, (int)rows))
		return false;
	v->cur = l.cur;
	v->doc.top = l.top;
	return true;
}

/* l on the folded line opens every section, h on a section folded alone
 * folds them all into the one line again; the cursor stays on the section. */
static bool fold_all(detail_view *v, tr_app *app, section s, bool fold, tr_rect area)
{
	if (v->unfolded == !fold)
		return false;
	v->unfolded = !fold;
	memset(v->closed, 0, sizeof v->closed);
	rebuild_at(v, app, s, area);
	return true;
}

static bool detail_action(void *st, tr_app *app, tr_action a, tr_rect area)
{
	detail_view *v = st;
	ensure(v, app, area.w - 2, sections_open(v, app));
	section s = section_under(v);
	if ((a == TR_ACTION_MOVE_LEFT || a == TR_ACTION_MOVE_RIGHT) && s != SEC_COUNT) {
		bool left = a == TR_ACTION_MOVE_LEFT;
		/* On a section, h and l fold and open and never leave the pane:
		 * h on what is folded already (the one line, or a section folded
		 * alone where only the zoom or the config keeps the rest open)
		 * does nothing. */
		if (!v->open)
			return left || fold_all(v, app, s, false, area);
		if (left && v->closed[s]) {
			if (v->unfolded && !app_pane_zoomed(app, UI_PANE_DETAIL) &&
			    !(app->opts && app->opts->open_sections))
				fold_all(v, app, s, true, area);
			return true;
		}
		fold_section(v, app, s, left, area);
		return true;
	}
	if (a == TR_ACTION_MOVE_LEFT || a == TR_ACTION_MOVE_RIGHT)
		return false;
	if (a == TR_ACTION_SOURCES) {
		v->sources = !v->sources;
		v->gen = (unsigned)-1;
		return true;
	}
	if (a == TR_ACTION_OPEN)
		return open_note(v, app) || open_ref(v, app) || open_sections(v, app);
	return move_cursor(v, a, area.h > 0 ? (size_t)area.h : 1);
}

static bool detail_find(void *st, tr_app *app, const char *q, int dir, tr_rect area,
                        ui_found *found)
{
	detail_view *v = st;
	ensure(v, app, area.w - 2, sections_open(v, app));
	/* From the cursor, as in tig; the match becomes the cursor's line. */
	size_t top = v->doc.top, cur = v->cur;
	v->doc.top = v->cur;
	if (!ui_doc_find(&v->doc, q, dir, area, found)) {
		v->doc.top = top;
		if (v->open)
			return false;
		/* Folded text is searched too, as a failure group's lines are:
		 * a match there opens the sections (the lines before them are
		 * the same either way, so the cursor keeps its line). */
		v->unfolded = true;
		v->gen = (unsigned)-1;
		ensure(v, app, area.w - 2, true);
		v->doc.top = v->cur = cur < v->doc.n ? cur : 0;
		if (!ui_doc_find(&v->doc, q, dir, area, found)) {
			v->unfolded = false;
			v->gen = (unsigned)-1;
			ensure(v, app, area.w - 2, sections_open(v, app));
			v->doc.top = top;
			v->cur = cur;
			return false;
		}
	}
	v->cur = v->doc.top;
	return true;
}

/* The wheel scrolls the text, not the cursor (which the drawing keeps on
 * the screen). */
static void detail_click(void *st, tr_app *app, int x, int y, int button, tr_rect area)
{
	detail_view *v = st;
	(void)x;
	if (ui_is_wheel(button)) {
		/* The pane is not focused by a wheel turn: it scrolls as drawn. */
		ensure(v, app, area.w - 2, v->open);
		for (int k = 0; k < UI_WHEEL_STEP; k++)
			ui_doc_action(&v->doc, ui_wheel_action(button), area);
		return;
	}
	/* A click on the folded line opens the sections, as l there does,
	 * and puts the cursor on the heading of the one clicked. */
	ensure(v, app, area.w - 2, v->open);
	if (y < 0)
		return;
	size_t line = v->doc.top + (size_t)y, into = 0;
	section s = SEC_COUNT;
	/* On the folded line, the first section on it. */
	for (int k = 0; k < SEC_COUNT && s == SEC_COUNT; k++)
		if (in_section(v, k, line)) {
			s = (section)k;
			into = line - v->sec_first[k];
		}
	if (s != SEC_COUNT && !v->open)
		v->unfolded = true;
	ensure(v, app, area.w - 2, sections_open(v, app));
	if (s != SEC_COUNT && v->sec_first[s] != TR_NONE)
		line = v->sec_first[s] + (into <= v->sec_last[s] - v->sec_first[s] ? into : 0);
	if (line < v->doc.n)
		v->cur = line;
}

/* The issue's id and title head the text: the pane's title names the
 * issue only when that line is not in sight (scrolled away, or the pane
 * not drawn yet), rather than say it twice, once more on every move. */
static void detail_title(void *st, tr_app *app, tr_buf *out)
{
	const detail_view *v = st;
	tr_buf_adds(out, "Detail");
	if (app->sel != TR_NONE && (v->issue != app->sel || v->doc.top > 0 || v->doc.page < 1)) {
		tr_buf_adds(out, " ");
		tr_buf_adds(out, app->model->issues[app->sel].id);
	}
}

static const tr_action detail_hints[] = {
	TR_ACTION_SET_STATE, TR_ACTION_SET_OWNER, TR_ACTION_ADD_NOTE, TR_ACTION_UNDO,
	TR_ACTION_NEXT_PANE, TR_ACTION_CLOSE, TR_ACTION_NONE,
};

/* On a note, what can be done with it: E and D on one's own (as lazygit
 * shows the keys of the item selected). */
static const tr_action *detail_hints_now(void *st, tr_app *app)
{
	static const tr_action own[] = {
		TR_ACTION_EDIT_NOTE, TR_ACTION_DELETE_NOTE, TR_ACTION_OPEN, TR_ACTION_NONE,
	};
	static const tr_action other[] = {
		TR_ACTION_OPEN, TR_ACTION_ADD_NOTE, TR_ACTION_NEXT_PANE, TR_ACTION_NONE,
	};
	static const tr_action ref[] = {
		TR_ACTION_OPEN, TR_ACTION_SET_STATE, TR_ACTION_ADD_NOTE, TR_ACTION_NEXT_PANE, TR_ACTION_NONE,
	};
	static const tr_action on_section[] = {
		TR_ACTION_OPEN, TR_ACTION_ADD_NOTE, TR_ACTION_SEARCH, TR_ACTION_NEXT_PANE, TR_ACTION_NONE,
	};
	size_t nref;
	refs_under(st, app, &nref);
	if (nref)
		return ref;
	const tr_note *n = detail_note(st, app);
	if (!n) {
		const detail_view *v = st;
		return v->cursor_shown && section_under(v) != SEC_COUNT ? on_section : detail_hints;
	}
	const char *user = app->store ? tr_store_user(app->store) : NULL;
	return user && n->by && strcmp(n->by, user) == 0 ? own : other;
}

/* With the cursor on the screen, its line, as a list's position is: j
 * that moves only the cursor moves the count with it. */
static void detail_where(void *st, tr_app *app, ui_where *out)
{
	detail_view *v = st;
	(void)app;
	ui_doc_where(&v->doc, out);
	if (out->count && v->cursor_shown)
		out->pos = v->cur + 1;
}

const ui_view_ops ui_detail_view = {
	.name = "detail",
	.open = detail_open,
	.close = detail_close,
	.title = detail_title,
	.draw = detail_draw,
	.action = detail_action,
	.refresh = detail_refresh,
	.click = detail_click,
	.find = detail_find,
	.where = detail_where,
	.note = detail_note,
	.hints_now = detail_hints_now,
	.hints = detail_hints,
};
