/* A text in full, opened over a pane: a failure (and later anything else
 * cut short in a list), wrapped to the pane's width and scrollable, with
 * the lines of the report around the one it came from, so it can be read
 * and checked at 80 columns.  n and N search it; Esc goes back. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "console/view.h"
#include "triage/text.h"

/* Lines of the report shown before and after the line the text is from. */
#define CONTEXT 4

typedef struct text_view {
	char *title;
	char *text;
	char *report;           /* the report's path, or NULL */
	unsigned line;          /* where in it the text starts (1-based), or 0 */
	unsigned nlines;        /* lines the text spans there */
	tr_strv around;         /* the report's lines from `first` */
	unsigned first;
	ui_doc doc;
	int width;
	bool ascii;
	uint8_t slot;           /* the text's colour */
} text_view;

void *ui_text_view_new(tr_app *app, const char *title, const char *text, const char *report,
                       unsigned line)
{
	text_view *v = tr_calloc(1, sizeof *v);
	v->title = tr_strdup(title);
	v->text = tr_strdup(text ? text : "");
	v->width = -1;
	v->ascii = app->ascii;
	v->slot = TR_SLOT_FAILURE;
	v->nlines = 1;
	for (const char *p = v->text; (p = strchr(p, '\n')) != NULL; p++)
		v->nlines++;
	if (report && line > 0) {
		v->report = tr_strdup(report);
		v->line = line;
		unsigned from = line > CONTEXT ? line - CONTEXT : 1;
		v->first = app_report_lines(app, report, from, line + v->nlines - 1 + CONTEXT, &v->around)
		               ? from
		               : 0;
	}
	return v;
}

void ui_text_view_slot(void *st, uint8_t slot)
{
	text_view *v = st;
	v->slot = slot;
	v->width = -1;
}

static void text_close(void *st)
{
	text_view *v = st;
	free(v->title);
	free(v->text);
	free(v->report);
	tr_strv_free(&v->around);
	ui_doc_free(&v->doc);
	free(v);
}

static void build(text_view *v, int width)
{
	ui_doc *d = &v->doc;
	ui_doc_clear(d);
	ui_doc_line(d, 0);
	ui_doc_wrap_hanging(d, v->text, v->slot, 0, width, 0);
	if (!v->report)
		return;
	ui_doc_line(d, 0);
	ui_doc_line(d, 0);
	ui_doc_add(d, "Reported ", TR_SLOT_LABEL, 0);
	ui_doc_addf(d, TR_SLOT_LOCATION, 0, "%s:%u", v->report, v->line);
	if (!v->first) {
		ui_doc_line(d, 0);
		ui_doc_add(d, "(the report cannot be read now)", TR_SLOT_DIM, 0);
		return;
	}
	/* Line numbers in a column as wide as the last one; the text's own
	 * lines marked as the line in question, with the cursor's mark. */
	char num[16];
	int nw = snprintf(num, sizeof num, "%u", v->first + (unsigned)v->around.n - 1);
	for (size_t k = 0; k < v->around.n; k++) {
		unsigned ln = v->first + (unsigned)k;
		bool own = ln >= v->line && ln < v->line + v->nlines;
		ui_doc_line(d, 0);
		ui_doc_addf(d, own ? TR_SLOT_NUMBER : TR_SLOT_DIM, 0, "%s%*u ",
		            own ? tr_sym_text(TR_SYM_CURSOR, v->ascii) : " ", nw, ln);
		ui_doc_wrap_hanging(d, v->around.v[k], own ? TR_SLOT_NORMAL : TR_SLOT_DIM, nw + 2, width, nw + 2);
	}
}

static void ensure(text_view *v, int width)
{
	if (v->width == width)
		return;
	size_t top = v->doc.top;
	build(v, width);
	v->doc.top = top < v->doc.n ? top : 0;
	v->width = width;
}

static void text_draw(void *st, tr_app *app, tr_canvas *c, tr_rect a, bool focused)
{
	text_view *v = st;
	(void)focused;
	tr_rect inner = { a.x + 1, a.y, a.w - 2, a.h };
	ensure(v, inner.w);
	ui_doc_draw(&v->doc, c, inner, app->search);
}

static bool text_action(void *st, tr_app *app, tr_action a, tr_rect area)
{
	text_view *v = st;
	(void)app;
	ensure(v, area.w - 2);
	if (a == TR_ACTION_OPEN)
		return true;
	if (a == TR_ACTION_MOVE_LEFT || a == TR_ACTION_MOVE_RIGHT)
		return false;
	return ui_doc_action(&v->doc, a, area);
}

static bool text_find(void *st, tr_app *app, const char *q, int dir, tr_rect area, ui_found *found)
{
	text_view *v = st;
	(void)app;
	ensure(v, area.w - 2);
	return ui_doc_find(&v->doc, q, dir, area, found);
}

static void text_click(void *st, tr_app *app, int x, int y, int button, tr_rect area)
{
	(void)x;
	(void)y;
	if (ui_is_wheel(button))
		for (int k = 0; k < UI_WHEEL_STEP; k++)
			text_action(st, app, ui_wheel_action(button), area);
}

static void text_title(void *st, tr_app *app, tr_buf *out)
{
	text_view *v = st;
	(void)app;
	tr_buf_adds(out, v->title);
}

static const tr_action text_hints[] = {
	TR_ACTION_MOVE_DOWN, TR_ACTION_SEARCH, TR_ACTION_SEARCH_NEXT, TR_ACTION_ZOOM, TR_ACTION_CLOSE,
	TR_ACTION_NONE,
};

static void text_where(void *st, tr_app *app, ui_where *out)
{
	(void)app;
	ui_doc_where(&((text_view *)st)->doc, out);
}

static bool text_source(void *st, tr_app *app, const char **report, unsigned *line)
{
	text_view *v = st;
	(void)app;
	if (!v->report)
		return false;
	*report = v->report;
	*line = v->line;
	return true;
}

const ui_view_ops ui_text_view = {
	.name = "text",
	.close = text_close,
	.title = text_title,
	.draw = text_draw,
	.action = text_action,
	.click = text_click,
	.find = text_find,
	.want = ui_want_document,
	.where = text_where,
	.source = text_source,
	.hints = text_hints,
};
