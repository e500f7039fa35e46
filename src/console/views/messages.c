/* Messages: why progress is read-only (when it is), then every message the
 * status line has shown, whole and wrapped, the newest last and in view. */
#include "config.h"

#include <stdlib.h>

#include "console/view.h"
#include "triage/text.h"

typedef struct messages_view {
	ui_doc doc;
	int width;
	size_t count;           /* messages in the doc */
	const char *last;       /* the newest of them (the log drops the oldest when full) */
	bool at_end;            /* show the newest when it is rebuilt */
} messages_view;

static void *messages_open(tr_app *app)
{
	(void)app;
	messages_view *v = tr_calloc(1, sizeof *v);
	v->width = -1;
	return v;
}

static void messages_close(void *st)
{
	messages_view *v = st;
	ui_doc_free(&v->doc);
	free(v);
}

static void build(messages_view *v, tr_app *app, int width)
{
	ui_doc *d = &v->doc;
	ui_doc_clear(d);
	char *why = app_read_only_reason(app);
	if (why) {
		ui_doc_line(d, 0);
		ui_doc_add(d, "Read-only: changes cannot be saved", TR_SLOT_LABEL, TR_ATTR_UNDERLINE);
		ui_doc_line(d, 2);
		ui_doc_wrap(d, why, TR_SLOT_MESSAGE_ERROR, 2, width, 2);
		ui_doc_line(d, 0);
		free(why);
	}
	ui_doc_line(d, 0);
	ui_doc_add(d, "Messages, the newest last", TR_SLOT_LABEL, TR_ATTR_UNDERLINE);
	size_t n = app_log_count(app);
	if (!n) {
		ui_doc_line(d, 2);
		ui_doc_add(d, "none yet", TR_SLOT_DIM, 0);
	}
	for (size_t i = 0; i < n; i++) {
		bool error = false;
		const char *text = app_log_at(app, i, &error);
		ui_doc_line(d, 2);
		ui_doc_wrap(d, text, error ? TR_SLOT_MESSAGE_ERROR : TR_SLOT_NORMAL, 2, width, 4);
	}
	v->count = n;
	v->last = n ? app_log_at(app, n - 1, NULL) : NULL;
	v->width = width;
}

/* Built again when the width or the messages changed; opened, it shows the
 * newest. */
static void ensure(messages_view *v, tr_app *app, tr_rect area)
{
	int width = area.w - 2;
	size_t n = app_log_count(app);
	if (v->width != width || v->count != n || (n && v->last != app_log_at(app, n - 1, NULL))) {
		size_t top = v->doc.top;
		build(v, app, width);
		v->doc.top = top;
	}
	if (v->at_end) {
		ui_doc_action(&v->doc, TR_ACTION_LAST, area);
		v->at_end = false;
	}
}

static void messages_refresh(void *st, tr_app *app)
{
	messages_view *v = st;
	(void)app;
	v->width = -1;
	v->doc.top = 0;
	v->at_end = true;
}

static void messages_draw(void *st, tr_app *app, tr_canvas *c, tr_rect a, bool focused)
{
	messages_view *v = st;
	(void)focused;
	ensure(v, app, a);
	tr_rect inner = { a.x + 1, a.y, a.w - 2, a.h };
	ui_doc_draw(&v->doc, c, inner, app->search);
}

static bool messages_action(void *st, tr_app *app, tr_action a, tr_rect area)
{
	messages_view *v = st;
	ensure(v, app, area);
	return ui_doc_action(&v->doc, a, area);
}

static bool messages_find(void *st, tr_app *app, const char *q, int dir, tr_rect area,
                          ui_found *found)
{
	messages_view *v = st;
	ensure(v, app, area);
	return ui_doc_find(&v->doc, q, dir, area, found);
}

static void messages_title(void *st, tr_app *app, tr_buf *out)
{
	(void)st;
	char tmp[16];
	const char *key = app_key_of(app, TR_ACTION_BACK, tmp);
	tr_buf_addf(out, "Messages: %zu (%s closes)", app_log_count(app),
	            *key ? key : app_key_of(app, TR_ACTION_CLOSE, tmp));
}

static const tr_action messages_hints[] = { TR_ACTION_MOVE_UP, TR_ACTION_SEARCH, TR_ACTION_NONE };

static void messages_where(void *st, tr_app *app, ui_where *out)
{
	(void)app;
	ui_doc_where(&((messages_view *)st)->doc, out);
}

const ui_view_ops ui_messages_view = {
	.name = "messages",
	.open = messages_open,
	.close = messages_close,
	.title = messages_title,
	.draw = messages_draw,
	.action = messages_action,
	.refresh = messages_refresh,
	.find = messages_find,
	.where = messages_where,
	.hints = messages_hints,
};
