/* One commit, opened from the commits pane: who, when, the whole message
 * and the files it changed.  Esc goes back to the list. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "console/view.h"
#include "triage/text.h"

typedef struct commit_view {
	tr_commit_detail *detail;
	ui_doc doc;
	int width;
} commit_view;

void *ui_commit_view_new(tr_app *app, const char *id)
{
	tr_commit_detail *d = app_commit_detail(app, id);
	if (!d)
		return NULL;
	commit_view *v = tr_calloc(1, sizeof *v);
	v->detail = d;
	v->width = -1;
	return v;
}

const char *ui_commit_view_id(const void *st)
{
	const commit_view *v = st;
	return v->detail->commit.id;
}

static void commit_close(void *st)
{
	commit_view *v = st;
	tr_commit_detail_free(v->detail);
	ui_doc_free(&v->doc);
	free(v);
}

static uint8_t status_slot(char s)
{
	switch (s) {
	case 'A': return TR_SLOT_FILE_ADDED;
	case 'D': return TR_SLOT_FILE_DELETED;
	default: return TR_SLOT_FILE_MODIFIED;
	}
}

static void build(commit_view *v, int width)
{
	ui_doc *d = &v->doc;
	const tr_commit_detail *cd = v->detail;
	ui_doc_clear(d);
	ui_doc_add(d, "commit ", TR_SLOT_LABEL, 0);
	ui_doc_add(d, cd->commit.id, TR_SLOT_HASH, 0);
	ui_doc_line(d, 0);
	ui_doc_add(d, "Author ", TR_SLOT_LABEL, 0);
	ui_doc_wrap(d, cd->commit.author ? cd->commit.author : "?", TR_SLOT_AUTHOR, 7, width, 7);
	ui_doc_line(d, 0);
	ui_doc_add(d, "Date   ", TR_SLOT_LABEL, 0);
	char date[32];
	tr_history_format_time(date, cd->commit.time, cd->commit.tz, false);
	ui_doc_add(d, date, TR_SLOT_DATE, 0);
	ui_doc_line(d, 0);
	ui_doc_line(d, 4);
	ui_doc_wrap(d, cd->message ? cd->message : "", TR_SLOT_NORMAL, 4, width, 4);
	ui_doc_line(d, 0);
	ui_doc_line(d, 0);
	/* As git's --stat: the totals, then each file with its counts. */
	ui_doc_addf(d, TR_SLOT_LABEL, 0, "%zu file%s changed", cd->paths.n, cd->paths.n == 1 ? "" : "s");
	ui_doc_addf(d, TR_SLOT_FILE_ADDED, 0, ", %zu insertion%s(+)", cd->insertions,
	            cd->insertions == 1 ? "" : "s");
	ui_doc_addf(d, TR_SLOT_FILE_DELETED, 0, ", %zu deletion%s(-)", cd->deletions,
	            cd->deletions == 1 ? "" : "s");
	size_t ns = cd->status ? strlen(cd->status) : 0;
	for (size_t k = 0; k < cd->paths.n; k++) {
		char s = k < ns ? cd->status[k] : '?';
		char tag[3] = { s, ' ', '\0' };
		ui_doc_line(d, 2);
		ui_doc_add(d, tag, status_slot(s), TR_ATTR_BOLD);
		/* As git's --stat: a binary file counts no lines, and says so. */
		char counts[48];
		int cw = cd->binary && cd->binary[k]
		         ? snprintf(counts, sizeof counts, "binary ")
		         : snprintf(counts, sizeof counts, "+%zu -%zu ", cd->added ? cd->added[k] : 0,
		                    cd->removed ? cd->removed[k] : 0);
		ui_doc_add(d, counts, TR_SLOT_NUMBER, 0);
		ui_doc_wrap(d, cd->paths.v[k], status_slot(s), 4 + cw, width, 4);
	}
	/* The change itself, coloured by what each line is; inert text. */
	for (size_t k = 0; k < cd->patch.n; k++) {
		const char *l = cd->patch.v[k];
		switch (l[0]) {
		case 'F':
			ui_doc_line(d, 0);
			ui_doc_line(d, 0);
			ui_doc_wrap(d, l + 1, TR_SLOT_LABEL, 0, width, 2);
			break;
		case '@':
			ui_doc_line(d, 0);
			ui_doc_wrap(d, l + 1, TR_SLOT_DIM, 0, width, 2);
			break;
		case 'B':
			ui_doc_line(d, 0);
			ui_doc_add(d, "(a binary file: no lines to show)", TR_SLOT_DIM, 0);
			break;
		default: {
			char lead[2] = { l[0], '\0' };
			uint8_t slot = l[0] == '+' ? TR_SLOT_FILE_ADDED : l[0] == '-' ? TR_SLOT_FILE_DELETED
			                                                             : TR_SLOT_NORMAL;
			ui_doc_line(d, 0);
			ui_doc_add(d, lead, slot, 0);
			ui_doc_wrap(d, l + 1, slot, 1, width, 1);
			break;
		}
		}
	}
	if (cd->patch_cut) {
		ui_doc_line(d, 0);
		ui_doc_addf(d, TR_SLOT_DIM, 0, "(the diff is cut after %d lines)", TR_DIFF_MAX_LINES);
	}
}

static void ensure(commit_view *v, int width)
{
	if (v->width == width)
		return;
	size_t top = v->doc.top;
	build(v, width);
	v->doc.top = top;
	v->width = width;
}

static void commit_draw(void *st, tr_app *app, tr_canvas *c, tr_rect a, bool focused)
{
	commit_view *v = st;
	(void)app;
	(void)focused;
	tr_rect inner = { a.x + 1, a.y, a.w - 2, a.h };
	ensure(v, inner.w);
	ui_doc_draw(&v->doc, c, inner, app->search);
}

static bool commit_action(void *st, tr_app *app, tr_action a, tr_rect area)
{
	commit_view *v = st;
	(void)app;
	ensure(v, area.w - 2);
	if (a == TR_ACTION_OPEN)
		return true;
	if (a == TR_ACTION_MOVE_LEFT || a == TR_ACTION_MOVE_RIGHT)
		return false;
	return ui_doc_action(&v->doc, a, area);
}

static bool commit_find(void *st, tr_app *app, const char *q, int dir, tr_rect area,
                        ui_found *found)
{
	commit_view *v = st;
	(void)app;
	ensure(v, area.w - 2);
	return ui_doc_find(&v->doc, q, dir, area, found);
}

static void commit_click(void *st, tr_app *app, int x, int y, int button, tr_rect area)
{
	(void)x;
	(void)y;
	if (ui_is_wheel(button))
		for (int k = 0; k < UI_WHEEL_STEP; k++)
			commit_action(st, app, ui_wheel_action(button), area);
}

static void commit_title(void *st, tr_app *app, tr_buf *out)
{
	commit_view *v = st;
	(void)app;
	tr_buf_addf(out, "Commit %.7s", v->detail->commit.id);
}

static const tr_action commit_hints[] = {
	TR_ACTION_MOVE_DOWN, TR_ACTION_SEARCH, TR_ACTION_NONE,
};

static void commit_where(void *st, tr_app *app, ui_where *out)
{
	(void)app;
	ui_doc_where(&((commit_view *)st)->doc, out);
}

const ui_view_ops ui_commit_view = {
	.name = "commit",
	.close = commit_close,
	.title = commit_title,
	.draw = commit_draw,
	.action = commit_action,
	.click = commit_click,
	.find = commit_find,
	.want = ui_want_document,
	.where = commit_where,
	.hints = commit_hints,
};
