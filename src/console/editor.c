/* The one-line editor: notes, owners, searches, filters.  Works on UTF-8
 * code points; the keys are those of a shell's line editor. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "console/state.h"
#include "triage/text.h"

static size_t prev_cp(const ui_editor *e, size_t at)
{
	if (at == 0)
		return 0;
	at--;
	while (at > 0 && ((unsigned char)e->text.data[at] & 0xC0) == 0x80)
		at--;
	return at;
}

static size_t next_cp(const ui_editor *e, size_t at)
{
	if (at >= e->text.len)
		return e->text.len;
	uint32_t cp;
	return at + tr_utf8_decode(e->text.data + at, e->text.len - at, &cp);
}

enum { MARK_CURSOR, MARK_SHOWN };

/* The text changed at byte `at`: a count past it no longer holds. */
static void changed_at(ui_editor *e, size_t at)
{
	for (size_t k = 0; k < sizeof e->mark / sizeof *e->mark; k++)
		if (e->mark[k].at > at)
			e->mark[k] = (struct ui_editor_mark){ 0, 0 };
}

static void erase(ui_editor *e, size_t from, size_t to)
{
	if (to <= from)
		return;
	changed_at(e, from);
	memmove(e->text.data + from, e->text.data + to, e->text.len - to + 1);
	e->text.len -= to - from;
	e->cursor = from;
}

static void insert(ui_editor *e, int key)
{
	char enc[4];
	size_t n = tr_utf8_encode((uint32_t)key, enc);
	changed_at(e, e->cursor);
	tr_buf_add(&e->text, enc, n); /* grows, and keeps the NUL */
	memmove(e->text.data + e->cursor + n, e->text.data + e->cursor, e->text.len - n - e->cursor);
	memcpy(e->text.data + e->cursor, enc, n);
	e->cursor += n;
}

/* Inserts one code point unless the text is full (then says it was cut). */
static void insert_checked(ui_editor *e, int key)
{
	char enc[4];
	size_t n = tr_utf8_encode((uint32_t)key, enc);
	if (e->text.len + n > UI_EDITOR_MAX) {
		e->cut = true;
		return;
	}
	insert(e, key);
}

/* Only printable characters go in: a control character or a key such as
 * <F5> is ignored rather than stored. */
static void type_char(ui_editor *e, int key)
{
	if (!ui_key_is_text(key))
		return;
	char enc[4];
	size_t n = tr_utf8_encode((uint32_t)key, enc);
	tr_buf b = TR_BUF_INIT;
	tr_text_inert(&b, enc, n, false);
	bool printable = b.len == n && memcmp(b.data, enc, n) == 0;
	tr_buf_free(&b);
	if (printable)
		insert_checked(e, key);
}

void ui_editor_set(ui_editor *e, const char *text)
{
	tr_buf_reset(&e->text);
	tr_buf_adds(&e->text, text ? text : "");
	tr_buf_str(&e->text);
	e->cursor = e->text.len;
	e->scroll = 0;
	changed_at(e, 0);
}

static bool is_space_at(const ui_editor *e, size_t at)
{
	return e->text.data[at] == ' ';
}

int ui_editor_key(ui_editor *e, int key)
{
	tr_buf_str(&e->text); /* an empty buffer has data from here on */
	switch (key) {
	case TR_KEY_ENTER:
		return 1;
	case TR_KEY_ESC:
		return -1;
	case TR_CTRL('g'):
	case TR_CTRL('c'):
		return -2;
	case TR_KEY_LEFT:
	case TR_CTRL('b'):
		e->cursor = prev_cp(e, e->cursor);
		break;
	case TR_KEY_RIGHT:
	case TR_CTRL('f'):
		e->cursor = next_cp(e, e->cursor);
		break;
	case TR_KEY_HOME:
	case TR_CTRL('a'):
		e->cursor = 0;
		break;
	case TR_KEY_END:
	case TR_CTRL('e'):
		e->cursor = e->text.len;
		break;
	case TR_KEY_BACKSPACE:
		erase(e, prev_cp(e, e->cursor), e->cursor);
		break;
	case TR_KEY_DELETE:
	case TR_CTRL('d'):
		erase(e, e->cursor, next_cp(e, e->cursor));
		break;
	case TR_CTRL('u'):
		erase(e, 0, e->cursor);
		break;
	case TR_CTRL('k'):
		erase(e, e->cursor, e->text.len);
		break;
	case TR_CTRL('w'): {
		/* The word before the cursor and the blanks after it, as a shell does. */
		size_t at = e->cursor;
		while (at > 0 && is_space_at(e, prev_cp(e, at)))
			at = prev_cp(e, at);
		while (at > 0 && !is_space_at(e, prev_cp(e, at)))
			at = prev_cp(e, at);
		erase(e, at, e->cursor);
		break;
	}
	default:
		if (!ui_key_is_text(key))
			return 2;
		type_char(e, key);
		break;
	}
	return 0;
}

void ui_editor_paste(ui_editor *e, const char *text, size_t len)
{
	tr_buf_str(&e->text);
	size_t i = 0;
	while (i < len) {
		uint32_t cp;
		i += tr_utf8_decode(text + i, len - i, &cp);
		if (cp == '\r' && i < len && text[i] == '\n')
			continue; /* CRLF: one line break */
		if (cp == '\r' || cp == '\n') {
			if (e->multiline)
				insert_checked(e, '\n');
			else
				type_char(e, ' ');
		} else if (cp == '\t') {
			type_char(e, ' ');
		} else {
			type_char(e, (int)cp);
		}
	}
}

/* A line break takes one column, drawn as a mark. */
static int cp_cols(uint32_t cp)
{
	if (cp == '\n')
		return 1;
	int cw = tr_cp_width(cp);
	return cw > 0 ? cw : 0;
}

/* Columns from the start of the text to byte offset `at` (a code point's
 * start), counted from the cursor's mark when it is not past `at`. */
static int cols_to(ui_editor *e, size_t at)
{
	struct ui_editor_mark *m = &e->mark[MARK_CURSOR];
	int w = 0;
	size_t i = 0;
	if (m->at <= at) {
		i = m->at;
		w = m->col;
	}
	while (i < at) {
		uint32_t cp;
		i += tr_utf8_decode(e->text.data + i, at - i, &cp);
		w += cp_cols(cp);
	}
	*m = (struct ui_editor_mark){ i, w };
	return w;
}

void ui_editor_draw(ui_editor *e, tr_canvas *c, int x, int y, int w)
{
	tr_buf_str(&e->text);
	int pw = tr_canvas_text(c, x, y, w / 2, e->prompt, TR_SLOT_LABEL, 0);
	x += pw;
	w -= pw;
	if (e->cut) {
		pw = tr_canvas_text(c, x, y, w / 2, "(cut) ", TR_SLOT_MESSAGE_ERROR, 0);
		x += pw;
		w -= pw;
	}
	if (w < 2)
		return;
	tr_canvas_fill(c, x, y, w, 1, TR_SLOT_EDITOR, 0);
	/* Scroll so the cursor stays visible with a little context. */
	int cur = cols_to(e, e->cursor);
	int scroll = (int)e->scroll;
	if (cur < scroll)
		scroll = cur - w / 3 > 0 ? cur - w / 3 : 0;
	if (cur >= scroll + w)
		scroll = cur - w + 1;
	e->scroll = (size_t)scroll;
	/* Skip whole code points up to the scroll column, from the mark of
	 * the last draw when the walk from the start would pass it. */
	struct ui_editor_mark *m = &e->mark[MARK_SHOWN];
	size_t i = 0;
	int col = 0;
	if (m->col < scroll && m->at <= e->text.len) {
		i = m->at;
		col = m->col;
	}
	while (i < e->text.len && col < scroll) {
		uint32_t cp;
		size_t len = tr_utf8_decode(e->text.data + i, e->text.len - i, &cp);
		col += cp_cols(cp);
		i += len;
	}
	*m = (struct ui_editor_mark){ i, col };
	int pad = col - scroll;
	/* Line by line, a mark between: a pasted note keeps its lines. */
	const char *mark = tr_sym_text(TR_SYM_NEWLINE, c->ascii);
	int at = x + pad, end = x + w;
	const char *p = e->text.data + i;
	for (;;) {
		const char *nl = strchr(p, '\n');
		char *piece = tr_strndup(p, nl ? (size_t)(nl - p) : strlen(p));
		at += tr_canvas_text(c, at, y, end - at, piece, TR_SLOT_EDITOR, 0);
		free(piece);
		if (!nl || at >= end)
			break;
		at += tr_canvas_text(c, at, y, end - at, mark, TR_SLOT_DIM, 0);
		p = nl + 1;
	}
	tr_canvas_set_cursor(c, x + cur - scroll, y);
}
