/* The list cursor and the document every scrolling pane is made of. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "console/view.h"
#include "triage/text.h"

void ui_list_set_count(ui_list *l, size_t n)
{
	l->n = n;
	if (n == 0) {
		l->cur = l->top = 0;
		return;
	}
	if (l->cur >= n)
		l->cur = n - 1;
	if (l->top > l->cur)
		l->top = l->cur;
}

void ui_list_show(ui_list *l, int page)
{
	size_t p = page > 0 ? (size_t)page : 1;
	l->page = (int)p;
	if (l->cur < l->top)
		l->top = l->cur;
	else if (l->cur >= l->top + p)
		l->top = l->cur - p + 1;
	/* No blank space under the last row while there is more above. */
	if (l->n > p && l->top > l->n - p)
		l->top = l->n - p;
	if (l->n <= p)
		l->top = 0;
}

bool ui_list_action(ui_list *l, tr_action a, int page)
{
	if (l->n == 0)
		return false;
	size_t p = page > 1 ? (size_t)page - 1 : 1;
	size_t old = l->cur;
	switch (a) {
	case TR_ACTION_MOVE_UP:
		if (l->cur > 0)
			l->cur--;
		break;
	case TR_ACTION_MOVE_DOWN:
		if (l->cur + 1 < l->n)
			l->cur++;
		break;
	case TR_ACTION_PAGE_UP:
		l->cur = l->cur > p ? l->cur - p : 0;
		l->top = l->top > p ? l->top - p : 0;
		break;
	case TR_ACTION_PAGE_DOWN:
		l->cur = l->cur + p < l->n ? l->cur + p : l->n - 1;
		l->top += p;
		break;
	case TR_ACTION_FIRST:
		l->cur = 0;
		break;
	case TR_ACTION_LAST:
		l->cur = l->n - 1;
		break;
	default:
		return false;
	}
	ui_list_show(l, page);
	return l->cur != old || a == TR_ACTION_PAGE_UP || a == TR_ACTION_PAGE_DOWN;
}

void ui_list_wheel(ui_list *l, int delta, int page)
{
	if (l->n == 0)
		return;
	if (delta < 0) {
		size_t d = (size_t)-delta;
		l->cur = l->cur > d ? l->cur - d : 0;
	} else {
		l->cur = l->cur + (size_t)delta < l->n ? l->cur + (size_t)delta : l->n - 1;
	}
	ui_list_show(l, page);
}

void ui_list_where(const ui_list *l, ui_where *out)
{
	size_t page = l->page > 0 ? (size_t)l->page : 1;
	*out = (ui_where){ 0, 0, false, false };
	if (l->n == 0)
		return;
	*out = (ui_where){ l->cur + 1, l->n, l->top > 0, l->top + page < l->n };
}

void ui_sideways_start(ui_sideways *s, int key)
{
	*s = (ui_sideways){ 0, key, true };
}

void ui_sideways_row(ui_sideways *s, int natural)
{
	if (natural > s->width)
		s->width = natural;
}

bool ui_sideways_get(const ui_sideways *s, int *width, int *key)
{
	*width = s->width;
	*key = s->key;
	return s->drawn;
}

bool ui_unshift_row(tr_canvas *c, tr_rect area, int y, int natural, ui_unshift *u)
{
	int shift = c->shift;
	if (!shift || natural > area.w - shift)
		return false;
	*u = (ui_unshift){ shift, c->clip_x, c->clip_w };
	/* The key column too: it was drawn apart, for a row that scrolls. */
	int right = c->clip_x + c->clip_w;
	c->clip_x = area.x < c->clip_x ? area.x : c->clip_x;
	c->clip_w = right - c->clip_x;
	c->shift = 0;
	tr_canvas_fill(c, area.x, y, area.w - shift, 1, TR_SLOT_NORMAL, 0);
	return true;
}

void ui_unshift_end(tr_canvas *c, const ui_unshift *u)
{
	c->shift = u->shift;
	c->clip_x = u->clip_x;
	c->clip_w = u->clip_w;
}

bool ui_list_move(ui_list *l, tr_action a, int page)
{
	switch (a) {
	case TR_ACTION_MOVE_UP:
	case TR_ACTION_MOVE_DOWN:
	case TR_ACTION_PAGE_UP:
	case TR_ACTION_PAGE_DOWN:
	case TR_ACTION_FIRST:
	case TR_ACTION_LAST:
		ui_list_action(l, a, page);
		return true;
	default:
		return false;
	}
}

size_t ui_list_click(ui_list *l, int y, int button, int head, int page)
{
	if (ui_is_wheel(button)) {
		ui_list_wheel(l, ui_wheel_delta(button), page);
		return TR_NONE;
	}
	if (y < head)
		return TR_NONE;
	size_t r = l->top + (size_t)(y - head);
	return r < l->n ? r : TR_NONE;
}

size_t ui_find_next(size_t from, size_t n, int dir, ui_match_fn match, const void *ctx,
                    ui_found *found)
{
	if (found)
		*found = (ui_found){ 0, 0, false };
	if (n == 0)
		return TR_NONE;
	if (from >= n)
		from = 0;
	size_t hit = TR_NONE;
	for (size_t k = 1; k <= n && hit == TR_NONE; k++) {
		size_t i = dir > 0 ? (from + k) % n : (from + n - k % n) % n;
		if (match(ctx, i))
			hit = i;
	}
	if (hit == TR_NONE || !found)
		return hit;
	for (size_t i = 0; i < n; i++)
		if (match(ctx, i)) {
			found->count++;
			if (i <= hit)
				found->nth++;
		}
	found->wrapped = dir > 0 ? hit <= from : hit >= from;
	return hit;
}

/* ---- documents -------------------------------------------------------- */

void ui_doc_truncate(ui_doc *d, size_t n)
{
	for (size_t i = n; i < d->n; i++) {
		for (size_t k = 0; k < d->lines[i].n; k++)
			free(d->lines[i].spans[k].text);
		free(d->lines[i].spans);
	}
	if (n < d->n)
		d->n = n;
}

void ui_doc_clear(ui_doc *d)
{
	ui_doc_truncate(d, 0);
}

void ui_doc_free(ui_doc *d)
{
	ui_doc_clear(d);
	free(d->lines);
	d->lines = NULL;
	d->cap = 0;
	d->top = 0;
}

void ui_doc_line(ui_doc *d, int indent)
{
	tr_grow((void **)&d->lines, &d->cap, d->n + 1, sizeof *d->lines);
	d->lines[d->n++] = (ui_doc_row){ NULL, 0, 0, indent, false };
}

void ui_doc_add(ui_doc *d, const char *text, uint8_t slot, uint8_t attr)
{
	if (d->n == 0)
		ui_doc_line(d, 0);
	ui_doc_row *l = &d->lines[d->n - 1];
	tr_grow((void **)&l->spans, &l->cap, l->n + 1, sizeof *l->spans);
	l->spans[l->n++] = (ui_span){ tr_strdup(text ? text : ""), slot, attr };
}

void ui_doc_addf(ui_doc *d, uint8_t slot, uint8_t attr, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *s = tr_vsprintf(fmt, ap);
	va_end(ap);
	ui_doc_add(d, s, slot, attr);
	free(s);
}

static int cp_cols(const char *t, size_t n, size_t *len)
{
	uint32_t cp;
	*len = tr_utf8_decode(t, n, &cp);
	int cw = tr_cp_width(cp);
	return cw < 0 ? 1 : cw;
}

/* Splits one line of inert text into pieces: the first of at most `first`
 * columns, the others of at most `cols`.  It breaks at spaces.  A word
 * longer than `cols` (a path, a dotted name) could never stand on a line
 * of its own: it is broken where the line ends, after its last '/' there
 * when it has one, rather than pushed whole to the next line, which would
 * leave the word before it alone.  A word that fits a line goes there. */
static void wrap_line(tr_strv *out, const char *t, int first, int cols)
{
	size_t n = strlen(t), i = 0;
	int cap = first;
	while (i < n) {
		size_t start = i, j = i, brk = 0, slash = 0;
		int w = 0;
		bool have_brk = false;
		while (j < n) {
			size_t len;
			int cw = cp_cols(t + j, n - j, &len);
			if (w + cw > cap)
				break;
			if (t[j] == ' ') {
				brk = j;
				have_brk = brk > start;
			}
			w += cw;
			j += len;
			if (t[j - 1] == '/')
				slash = j;
		}
		size_t end = j;
		if (j < n && t[j] != ' ') {
			/* In a word: where it starts, and whether a line of its
			 * own would hold it. */
			size_t ws = have_brk ? brk + 1 : start, k = ws;
			int ww = 0;
			while (k < n && t[k] != ' ' && ww <= cols) {
				size_t len;
				ww += cp_cols(t + k, n - k, &len);
				k += len;
			}
			if (ww <= cols && have_brk)
				end = brk;
			else if (slash > ws && slash < j)
				end = slash;
			else if (j == start)
				end = start + (size_t)tr_utf8_decode(t + start, n - start, &(uint32_t){ 0 });
		}
		tr_strv_push_owned(out, tr_strndup(t + start, end - start));
		i = end;
		while (i < n && t[i] == ' ')
			i++;
		cap = cols;
	}
}

/* Wraps text as ui_doc_wrap says; `hang`: a continuation line keeps its
 * line's own indentation and two more, so that it reads as one. */
static void doc_wrap(ui_doc *d, const char *text, uint8_t slot, int used, int width, int indent,
                     bool hang)
{
	if (!text)
		return;
	int room = width - used > 8 ? width - used : 8;
	/* Each line of a multi-line text (a commit message) is a paragraph. */
	const char *p = text;
	bool first = true;
	for (;;) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		tr_buf clean = TR_BUF_INIT;
		tr_text_inert(&clean, p, len, false);
		const char *rest = tr_buf_str(&clean);
		int lead = 0;
		while (hang && rest[lead] == ' ')
			lead++;
		int more = hang && lead < width / 2 ? lead + 2 : 0;
		int full = width - indent - more > 8 ? width - indent - more : 8;
		if (!*rest && !first)
			ui_doc_line(d, indent);
		if (*rest) {
			tr_strv parts = TR_STRV_INIT;
			wrap_line(&parts, rest, first ? room : full + more, full);
			for (size_t i = 0; i < parts.n; i++) {
				if (i > 0 || !first) {
					ui_doc_line(d, indent + (i > 0 ? more : 0));
					d->lines[d->n - 1].cont = i > 0;
				}
				ui_doc_add(d, parts.v[i], slot, 0);
			}
			tr_strv_free(&parts);
		}
		first = false;
		tr_buf_free(&clean);
		if (!nl || !nl[1])
			break;
		p = nl + 1;
	}
}

void ui_doc_wrap(ui_doc *d, const char *text, uint8_t slot, int used, int width, int indent)
{
	doc_wrap(d, text, slot, used, width, indent, false);
}

void ui_doc_wrap_hanging(ui_doc *d, const char *text, uint8_t slot, int used, int width,
                         int indent)
{
	doc_wrap(d, text, slot, used, width, indent, true);
}

ui_doc_anchor ui_doc_anchor_of(const ui_doc *d, size_t row)
{
	ui_doc_anchor a = { 0, 0 };
	if (row >= d->n)
		row = d->n ? d->n - 1 : 0;
	for (size_t i = 1; i <= row && i < d->n; i++) {
		if (d->lines[i].cont) {
			a.row++;
		} else {
			a.line++;
			a.row = 0;
		}
	}
	return a;
}

size_t ui_doc_anchor_row(const ui_doc *d, ui_doc_anchor a)
{
	size_t line = 0, i = 0;
	while (i + 1 < d->n && line < a.line)
		if (!d->lines[++i].cont)
			line++;
	/* Fewer rows of that line now: its last. */
	for (size_t k = 0; k < a.row && i + 1 < d->n && d->lines[i + 1].cont; k++)
		i++;
	return i;
}

static size_t doc_max_top(const ui_doc *d, tr_rect a)
{
	size_t h = a.h > 0 ? (size_t)a.h : 1;
	return d->n > h ? d->n - h : 0;
}

void ui_doc_draw(ui_doc *d, tr_canvas *c, tr_rect a, const char *highlight)
{
	/* The last page stays full: a document that got shorter (rewrapped
	 * wider after a resize) does not leave the pane mostly blank. */
	size_t max = doc_max_top(d, a);
	if (d->top > max)
		d->top = max;
	for (int row = 0; row < a.h; row++) {
		size_t i = d->top + (size_t)row;
		if (i >= d->n)
			break;
		ui_doc_row *l = &d->lines[i];
		int x = a.x + l->indent;
		for (size_t k = 0; k < l->n && x < a.x + a.w; k++) {
			int room = a.x + a.w - x;
			x += tr_canvas_fit(c, x, a.y + row, room, l->spans[k].text, l->spans[k].slot,
			                   l->spans[k].attr);
		}
		ui_highlight(c, a.x, a.y + row, a.w, highlight);
	}
	d->page = a.h;
}

void ui_doc_where(const ui_doc *d, ui_where *out)
{
	size_t page = d->page > 0 ? (size_t)d->page : 1;
	*out = (ui_where){ 0, 0, false, false };
	if (d->n > page)
		*out = (ui_where){ d->top + 1, d->n, d->top > 0, d->top + page < d->n };
}

bool ui_doc_action(ui_doc *d, tr_action a, tr_rect area)
{
	size_t max = doc_max_top(d, area), old = d->top;
	size_t page = area.h > 1 ? (size_t)area.h - 1 : 1;
	switch (a) {
	case TR_ACTION_MOVE_UP:
		if (d->top > 0)
			d->top--;
		break;
	case TR_ACTION_MOVE_DOWN:
		if (d->top < max)
			d->top++;
		break;
	case TR_ACTION_PAGE_UP:
		d->top = d->top > page ? d->top - page : 0;
		break;
	case TR_ACTION_PAGE_DOWN:
		d->top = d->top + page < max ? d->top + page : max;
		break;
	case TR_ACTION_FIRST:
		d->top = 0;
		break;
	case TR_ACTION_LAST:
		d->top = max;
		break;
	default:
		return false;
	}
	return d->top != old || true;
}

typedef struct line_query {
	const ui_doc *d;
	const char *q;
} line_query;

static bool line_matches(const void *ctx, size_t i)
{
	const line_query *lq = ctx;
	const ui_doc_row *l = &lq->d->lines[i];
	const char *q = lq->q;
	tr_buf b = TR_BUF_INIT;
	for (size_t k = 0; k < l->n; k++)
		tr_buf_adds(&b, l->spans[k].text);
	bool hit = tr_strcasestr(tr_buf_str(&b), q) != NULL;
	tr_buf_free(&b);
	return hit;
}

bool ui_doc_find(ui_doc *d, const char *q, int dir, tr_rect area, ui_found *found)
{
	(void)area;
	line_query lq = { d, q };
	size_t i = ui_find_next(d->top, d->n, dir, line_matches, &lq, found);
	if (i == TR_NONE)
		return false;
	d->top = i;
	return true;
}

static uint32_t fold(uint32_t cp)
{
	return cp >= 'A' && cp <= 'Z' ? cp + 32 : cp;
}

void ui_highlight(tr_canvas *c, int x, int y, int w, const char *q)
{
	if (!q || !*q || y < 0 || y >= c->h)
		return;
	uint32_t pat[64];
	size_t np = 0, n = strlen(q), i = 0;
	while (i < n && np < 64) {
		uint32_t cp;
		i += tr_utf8_decode(q + i, n - i, &cp);
		pat[np++] = fold(cp);
	}
	/* On the screen, where a list scrolled sideways has put the text,
	 * and within the pane. */
	x -= c->shift;
	int end = x + w;
	if (x < c->clip_x)
		x = c->clip_x;
	if (end > c->clip_x + c->clip_w)
		end = c->clip_x + c->clip_w;
	for (int s = x; s < end; s++) {
		/* Match code point by code point, stepping over right halves. */
		int at = s;
		size_t k = 0;
		while (k < np && at < end) {
			const tr_canvas_cell *p = tr_canvas_at(c, at, y);
			if (p->width == 0) {
				at++;
				continue;
			}
			if (fold(p->cp) != pat[k])
				break;
			k++;
			at++;
		}
		if (k == np) {
			for (int j = s; j < at; j++) {
				tr_canvas_cell *p = &c->cells[(size_t)y * (size_t)c->w + (size_t)j];
				p->slot = TR_SLOT_MATCH;
				p->attr = 0;
			}
			s = at - 1;
		}
	}
}

void ui_cursor_row(tr_canvas *c, tr_rect area, int y, bool focused)
{
	tr_canvas_style(c, area.x, y, area.w, focused ? TR_SLOT_CURSOR : TR_SLOT_CURSOR_IDLE, 0);
	/* Visible without colour too, and in a screen dump.  In the row's own
	 * style: a bold mark alone would cost an attribute change and back on
	 * every move. */
	tr_canvas_sym(c, area.x, y, TR_SYM_CURSOR, focused ? TR_SLOT_CURSOR : TR_SLOT_CURSOR_IDLE, 0);
}

int ui_want_document(void *st, tr_app *app)
{
	(void)st, (void)app;
	return -1;
}
