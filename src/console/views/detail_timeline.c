/* The detail pane's timeline: every change to an issue's progress, every
 * commit linked to it and every version of its report, oldest first, with
 * who (detail.c draws it under the issue's fixed rows). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "console/view.h"
#include "console/views/detail_internal.h"
#include "triage/clock.h"
#include "triage/text.h"

/* ---- the timeline ---------------------------------------------------------- */

typedef enum { TL_EVENT, TL_COMMIT, TL_REPORT } tl_kind;

typedef struct tl_entry {
	int64_t t;
	tl_kind kind;
	size_t i;
} tl_entry;

static int cmp_entry(const void *a, const void *b)
{
	const tl_entry *x = a, *y = b;
	if (x->t != y->t)
		return x->t < y->t ? -1 : 1;
	if (x->kind != y->kind)
		return x->kind < y->kind ? -1 : 1;
	return x->i < y->i ? -1 : x->i > y->i;
}

static void counts(tr_buf *b, const tr_tests *t)
{
	if (t->failed < 0 && t->passed < 0) {
		tr_buf_adds(b, "no counts");
		return;
	}
	tr_buf_addf(b, "%ld failed, %ld passed", t->failed < 0 ? 0 : t->failed, t->passed < 0 ? 0 : t->passed);
}

/* Everything that concerns the issue, oldest first: each change to its
 * progress, each commit linked to it, and each version of its report, whose
 * status and test counts make the trend across runs.  With the commits pane
 * on the screen beside it, the commits are that pane's alone: the same list
 * twice would be sent to the terminal twice on every move. */
size_t detail_timeline(ui_doc *d, tr_app *app, size_t issue, int width, bool commits, tr_buf *tmp)
{
	const tr_issue *is = &app->model->issues[issue];
	tl_entry *v = NULL;
	size_t n = 0, cap = 0;
	size_t nev = 0;
	const tr_event *ev = app->store ? tr_store_events(app->store, &nev) : NULL;
	/* An undo names the change it reverses, which may be an undo: that
	 * makes it a redo. */
	uint8_t *undo_kind = tr_malloc(nev ? nev : 1);
	tr_event_undo_kinds(ev, nev, undo_kind);
	for (size_t k = 0; k < nev; k++) {
		int64_t t;
		if (!ev[k].issue || strcmp(ev[k].issue, is->id) != 0 || tr_time_parse(ev[k].at, &t) < 0)
			continue;
		tr_grow((void **)&v, &cap, n + 1, sizeof *v);
		v[n++] = (tl_entry){ t, TL_EVENT, k };
	}
	const tr_commit_link *links = NULL;
	size_t nl = commits ? app_commits(app, issue, &links) : 0;
	for (size_t k = 0; k < nl; k++) {
		tr_grow((void **)&v, &cap, n + 1, sizeof *v);
		v[n++] = (tl_entry){ links[k].commit->time, TL_COMMIT, k };
	}
	const app_report_version *rv;
	size_t nrv = app_report_versions(app, &rv);
	for (size_t k = 0; k < nrv; k++) {
		if (tr_model_lookup(rv[k].model, is->id) == TR_NONE)
			continue;
		tr_grow((void **)&v, &cap, n + 1, sizeof *v);
		v[n++] = (tl_entry){ rv[k].time, TL_REPORT, k };
	}
	ui_doc_line(d, 0);
	ui_doc_addf(d, TR_SLOT_LABEL, 0, "Timeline (%zu)", n);
	if (!n) {
		ui_doc_line(d, 1);
		ui_doc_add(d,
		           commits ? "nothing recorded yet: no change, commit or earlier report"
		                   : "nothing recorded yet: no change or earlier report",
		           TR_SLOT_DIM, 0);
	}
	if (n > 1)
		qsort(v, n, sizeof *v, cmp_entry);
	const char *arrow = tr_sym_text(TR_SYM_ARROW, app->ascii);
	int64_t now = tr_now();
	tr_buf what = TR_BUF_INIT;
	for (size_t k = 0; k < n; k++) {
		ui_doc_line(d, 1);
		char when[32];
		tr_time_human(when, v[k].t, now);
		ui_doc_add(d, when, TR_SLOT_DATE, 0);
		ui_doc_add(d, " ", TR_SLOT_NORMAL, 0);
		int used = 1 + (int)tr_text_width(when) + 1;
		const char *who = NULL;
		tr_buf_reset(&what);
		uint8_t slot = TR_SLOT_NORMAL;
		if (v[k].kind == TL_EVENT) {
			const tr_event *e = &ev[v[k].i];
			who = app_person(e->by, tmp);
			if (strcmp(e->field, "note") == 0) {
				tr_buf_addf(&what, "%s %s", !e->to ? "note removed:" : e->from ? "note edited:" : "note:",
				            e->to ? e->to : e->from ? e->from : "");
				slot = TR_SLOT_NOTE;
			} else if (strcmp(e->field, "acknowledged") == 0) {
				tr_buf_addf(&what, "%s %s", e->to ? "acknowledged" : "no longer acknowledged",
				            e->failure ? e->failure : "");
			} else {
				tr_buf_addf(&what, "%s %s %s %s", e->field, e->from ? e->from : "none", arrow,
				            e->to ? e->to : "none");
			}
			if (undo_kind[v[k].i] != TR_EVENT_DONE)
				tr_buf_adds(&what, undo_kind[v[k].i] == TR_EVENT_REDO ? " (redo)" : " (undo)");
		} else if (v[k].kind == TL_COMMIT) {
			const tr_commit *c = links[v[k].i].commit;
			who = c->author_name ? c->author_name : c->author;
			tr_buf_addf(&what, "%.7s %s: %s", c->id, tr_link_kind_word(links[v[k].i].kind),
			            c->summary ? c->summary : "");
		} else {
			const app_report_version *r = &rv[v[k].i];
			const tr_issue *ri = &r->model->issues[tr_model_lookup(r->model, is->id)];
			who = "report";
			tr_buf_addf(&what, "%s: %s, ", r->label, tr_issue_status_word(ri->status));
			counts(&what, &ri->tests);
			slot = TR_SLOT_STATUS;
		}
		ui_doc_add(d, who ? who : "?", TR_SLOT_AUTHOR, 0);
		ui_doc_add(d, " ", TR_SLOT_NORMAL, 0);
		used += (int)tr_text_width(who ? who : "?") + 1;
		ui_doc_wrap(d, tr_buf_str(&what), slot, used, width, 3);
	}
	tr_buf_free(&what);
	free(undo_kind);
	free(v);
	return n;
}
