#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "console/canvas.h"
#include "triage/text.h"

static const struct sym_info {
	const char *utf8, *console, *ascii, *meaning;
} syms[] = {
#define X(name, utf8, console, ascii, meaning) { utf8, console, ascii, meaning },
	TR_SYM_LIST(X)
#undef X
};

const char *tr_sym_text(tr_sym sym, bool ascii)
{
	if ((unsigned)sym >= TR_SYM_COUNT)
		return "?";
	return ascii ? syms[sym].ascii : syms[sym].utf8;
}

const char *tr_sym_meaning(tr_sym sym)
{
	return (unsigned)sym < TR_SYM_COUNT ? syms[sym].meaning : "";
}

tr_canvas *tr_canvas_new(int w, int h, bool ascii)
{
	tr_canvas *c = tr_calloc(1, sizeof *c);
	c->ascii = ascii;
	tr_canvas_resize(c, w, h);
	return c;
}

void tr_canvas_free(tr_canvas *c)
{
	if (!c)
		return;
	free(c->cells);
	free(c);
}

void tr_canvas_unclip(tr_canvas *c)
{
	c->shift = 0;
	c->clip_x = c->clip_y = 0;
	c->clip_w = c->w;
	c->clip_h = c->h;
}

void tr_canvas_clip(tr_canvas *c, int x, int y, int w, int h)
{
	int x1 = x + w, y1 = y + h;
	if (x < 0)
		x = 0;
	if (y < 0)
		y = 0;
	if (x1 > c->w)
		x1 = c->w;
	if (y1 > c->h)
		y1 = c->h;
	c->clip_x = x;
	c->clip_y = y;
	c->clip_w = x1 > x ? x1 - x : 0;
	c->clip_h = y1 > y ? y1 - y : 0;
}

void tr_canvas_clear(tr_canvas *c, uint8_t slot)
{
	for (size_t i = 0; i < (size_t)c->w * (size_t)c->h; i++)
		c->cells[i] = (tr_canvas_cell){ ' ', 1, slot, 0 };
	tr_canvas_unclip(c);
	c->cursor_x = c->cursor_y = -1;
}

void tr_canvas_resize(tr_canvas *c, int w, int h)
{
	if (w < 0)
		w = 0;
	if (h < 0)
		h = 0;
	free(c->cells);
	c->w = w;
	c->h = h;
	c->cells = tr_malloc(((size_t)w * (size_t)h + 1) * sizeof *c->cells);
	tr_canvas_clear(c, 0);
}

static bool in_clip(const tr_canvas *c, int x, int y)
{
	x -= c->shift;
	return x >= c->clip_x && x < c->clip_x + c->clip_w && y >= c->clip_y &&
	       y < c->clip_y + c->clip_h;
}

const tr_canvas_cell *tr_canvas_at(const tr_canvas *c, int x, int y)
{
	if (x < 0 || y < 0 || x >= c->w || y >= c->h)
		return NULL;
	return &c->cells[(size_t)y * (size_t)c->w + (size_t)x];
}

static tr_canvas_cell *cell(tr_canvas *c, int x, int y)
{
	return &c->cells[(size_t)y * (size_t)c->w + (size_t)(x - c->shift)];
}

/* Overwriting half of a double-width character leaves the other half
 * orphaned: blank it so the row stays well formed. */
static void unshare(tr_canvas *c, int x, int y)
{
	tr_canvas_cell *p = cell(c, x, y);
	if (p->width == 0 && x - c->shift > 0) {
		tr_canvas_cell *left = cell(c, x - 1, y);
		left->cp = ' ';
		left->width = 1;
	}
	if (p->width == 2 && x - c->shift + 1 < c->w) {
		tr_canvas_cell *right = cell(c, x + 1, y);
		right->cp = ' ';
		right->width = 1;
	}
}

/* Puts one measured, printable code point; the caller checked it fits. */
/* The characters of code page 437 above ASCII, which the Linux console's
 * font (and most fonts of the text console) has, in order. */
static const uint16_t cp437[] = {
	0x00A0, 0x00A1, 0x00A2, 0x00A3, 0x00A5, 0x00A7, 0x00AA, 0x00AB, 0x00AC, 0x00B0,
	0x00B1, 0x00B2, 0x00B5, 0x00B6, 0x00B7, 0x00BA, 0x00BB, 0x00BC, 0x00BD, 0x00BF,
	0x00C4, 0x00C5, 0x00C6, 0x00C7, 0x00C9, 0x00D1, 0x00D6, 0x00DC, 0x00DF, 0x00E0,
	0x00E1, 0x00E2, 0x00E4, 0x00E5, 0x00E6, 0x00E7, 0x00E8, 0x00E9, 0x00EA, 0x00EB,
	0x00EC, 0x00ED, 0x00EE, 0x00EF, 0x00F1, 0x00F2, 0x00F3, 0x00F4, 0x00F6, 0x00F7,
	0x00F9, 0x00FA, 0x00FB, 0x00FC, 0x00FF, 0x0192, 0x0393, 0x0398, 0x03A3, 0x03A6,
	0x03A9, 0x03B1, 0x03B4, 0x03B5, 0x03C0, 0x03C3, 0x03C4, 0x03C6, 0x2022, 0x203C,
	0x207F, 0x20A7, 0x2190, 0x2191, 0x2192, 0x2193, 0x2194, 0x2195, 0x21A8, 0x2219,
	0x221A, 0x221E, 0x221F, 0x2229, 0x2248, 0x2261, 0x2264, 0x2265, 0x2302, 0x2310,
	0x2320, 0x2321, 0x2500, 0x2502, 0x250C, 0x2510, 0x2514, 0x2518, 0x251C, 0x2524,
	0x252C, 0x2534, 0x253C, 0x2550, 0x2551, 0x2552, 0x2553, 0x2554, 0x2555, 0x2556,
	0x2557, 0x2558, 0x2559, 0x255A, 0x255B, 0x255C, 0x255D, 0x255E, 0x255F, 0x2560,
	0x2561, 0x2562, 0x2563, 0x2564, 0x2565, 0x2566, 0x2567, 0x2568, 0x2569, 0x256A,
	0x256B, 0x256C, 0x2580, 0x2584, 0x2588, 0x258C, 0x2590, 0x2591, 0x2592, 0x2593,
	0x25A0, 0x25AC, 0x25B2, 0x25BA, 0x25BC, 0x25C4, 0x25CB, 0x25D8, 0x25D9, 0x263A,
	0x263B, 0x263C, 0x2640, 0x2642, 0x2660, 0x2663, 0x2665, 0x2666, 0x266A, 0x266B,
};

static bool in_cp437(uint32_t cp)
{
	size_t lo = 0, hi = sizeof cp437 / sizeof *cp437;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (cp437[mid] == cp)
			return true;
		if (cp437[mid] < cp)
			lo = mid + 1;
		else
			hi = mid;
	}
	return false;
}

static char ascii_stand_in(uint32_t cp);

/* What the console's font draws for cp: itself, its nearest form there
 * (rounded corners square, small triangles big), or the ASCII stand-in the
 * --ascii mode uses, so each mark keeps one meaning; '?' for the rest. */
static uint32_t console_glyph(uint32_t cp)
{
	if (cp < 0x80)
		return cp;
	/* One of the console's own symbols: its form there, which the
	 * symbol table keeps apart from every other meaning's. */
	for (size_t k = 0; k < TR_SYM_COUNT; k++) {
		uint32_t u, f;
		size_t n = strlen(syms[k].utf8);
		if (tr_utf8_decode(syms[k].utf8, n, &u) == n && u == cp) {
			tr_utf8_decode(syms[k].console, strlen(syms[k].console), &f);
			return f;
		}
	}
	if (in_cp437(cp))
		return cp;
	switch (cp) {
	case 0x256D: return 0x250C;                       /* ╭ ┌ */
	case 0x256E: return 0x2510;
	case 0x2570: return 0x2514;
	case 0x256F: return 0x2518;
	case 0x25B8: return 0x25BA;                      /* ▸ as ► */
	case 0x2705: return 0x221A;                       /* ✅ as the font's tick, as ✓ */
	case 0x25C2: case 0x25C0: return 0x25C4;
	case 0x25BE: return 0x25BC;
	case 0x25B4: return 0x25B2;
	default: break;
	}
	char a = ascii_stand_in(cp);
	return a ? (uint32_t)(unsigned char)a : '?';
}

static void put(tr_canvas *c, int x, int y, uint32_t cp, int width, uint8_t slot, uint8_t attr)
{
	if (c->console_font && cp >= 0x80) {
		uint32_t g = console_glyph(cp);
		if (g != cp && width == 2) {
			/* A wide character the font lacks: its stand-in and a blank. */
			put(c, x, y, g, 1, slot, attr);
			put(c, x + 1, y, ' ', 1, slot, attr);
			return;
		}
		cp = g;
	}
	unshare(c, x, y);
	*cell(c, x, y) = (tr_canvas_cell){ cp, (uint8_t)width, slot, attr };
	if (width == 2) {
		unshare(c, x + 1, y);
		*cell(c, x + 1, y) = (tr_canvas_cell){ 0, 0, slot, attr };
	}
}

void tr_canvas_fill(tr_canvas *c, int x, int y, int w, int h, uint8_t slot, uint8_t attr)
{
	for (int j = y; j < y + h; j++)
		for (int i = x; i < x + w; i++)
			if (in_clip(c, i, j))
				put(c, i, j, ' ', 1, slot, attr);
}

void tr_canvas_style(tr_canvas *c, int x, int y, int w, uint8_t slot, uint8_t attr)
{
	for (int i = x; i < x + w; i++) {
		if (!in_clip(c, i, y))
			continue;
		tr_canvas_cell *p = cell(c, i, y);
		p->slot = slot;
		p->attr = attr;
	}
}

/* The right edge (exclusive) a write starting at x may reach. */
static int limit(const tr_canvas *c, int x, int maxw)
{
	int edge = c->clip_x + c->clip_w + c->shift;
	if (maxw >= 0 && x + maxw < edge)
		edge = x + maxw;
	return edge;
}

/* Writes already-inert UTF-8; returns the columns used. */
static int write_clean(tr_canvas *c, int x, int y, int edge, const char *s, size_t n, uint8_t slot,
                       uint8_t attr)
{
	int col = x;
	size_t i = 0;
	while (i < n && col < edge) {
		uint32_t cp;
		size_t len = tr_utf8_decode(s + i, n - i, &cp);
		i += len;
		int w = tr_cp_width(cp);
		if (w <= 0)
			continue;
		if (col + w > edge)
			break;
		if (w > 2)
			w = 1, cp = '?';
		if (in_clip(c, col, y) && (w == 1 || in_clip(c, col + 1, y)))
			put(c, col, y, cp, w, slot, attr);
		col += w;
	}
	return col - x;
}

/* The ASCII stand-in of the typography that reports, signatures and the
 * console's own labels use, one column for one: "[…]" reads as elided, not
 * as the "[?]" of an unknown character.  0 when there is none. */
static char ascii_stand_in(uint32_t cp)
{
	switch (cp) {
	case 0x2026: return '~';                          /* … as the ellipsis of a cut text */
	case 0x2022: case 0x25CF: return 'o';             /* • ● as the bullet's own stand-in */
	case 0x2010: case 0x2011: case 0x2012:
	case 0x2013: case 0x2014: case 0x2212: return '-'; /* dashes, minus */
	case 0x2018: case 0x2019: case 0x201A: return '\'';
	case 0x201C: case 0x201D: case 0x201E: return '"';
	case 0x00B7: return '.';
	case 0x2192: return '>';                          /* → of a dependency chain */
	case 0x00D7: return 'x';
	case 0x00A0: case 0x2002: case 0x2003: case 0x2009: return ' ';
	case 0x2713: case 0x2705: return 'v';             /* ✓ ✅ of a report: a tick */
	case 0x2714: return 'V';
	case 0x2717: case 0x2718: return 'x';             /* ✗ ✘ of a report: a cross */
	case 0x00BB: return '>';                          /* », not the cursor's * */
	default: return 0;
	}
}

static void make_inert(const tr_canvas *c, tr_buf *out, const char *s)
{
	size_t n = strlen(s);
	if (!c->ascii) {
		tr_text_inert(out, s, n, false);
		return;
	}
	/* Typography becomes its ASCII stand-in and zero-width marks (emoji
	 * joiners and variation selectors) go, as on a UTF-8 canvas; anything
	 * else that is not ASCII is left for tr_text_inert_ascii() to show as '?'. */
	tr_buf pre = TR_BUF_INIT;
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t len = tr_utf8_decode(s + i, n - i, &cp);
		char a = cp >= 0x80 ? ascii_stand_in(cp) : 0;
		if (a)
			tr_buf_addc(&pre, a);
		else if (cp < 0x80 || tr_cp_width(cp) != 0)
			tr_buf_add(&pre, s + i, len);
		i += len;
	}
	tr_text_inert_ascii(out, tr_buf_str(&pre), pre.len);
	tr_buf_free(&pre);
}

int tr_canvas_text(tr_canvas *c, int x, int y, int maxw, const char *s, uint8_t slot, uint8_t attr)
{
	if (!s || y < c->clip_y || y >= c->clip_y + c->clip_h)
		return 0;
	tr_buf b = TR_BUF_INIT;
	make_inert(c, &b, s);
	int used = write_clean(c, x, y, limit(c, x, maxw), tr_buf_str(&b), b.len, slot, attr);
	tr_buf_free(&b);
	return used;
}

static int clean_width(const char *s, size_t n)
{
	int w = 0;
	size_t i = 0;
	while (i < n) {
		uint32_t cp;
		i += tr_utf8_decode(s + i, n - i, &cp);
		int cw = tr_cp_width(cp);
		if (cw > 0)
			w += cw > 2 ? 1 : cw;
	}
	return w;
}

int tr_canvas_text_width(const tr_canvas *c, const char *s)
{
	tr_buf b = TR_BUF_INIT;
	make_inert(c, &b, s);
	int w = clean_width(tr_buf_str(&b), b.len);
	tr_buf_free(&b);
	return w;
}

int tr_canvas_fit(tr_canvas *c, int x, int y, int maxw, const char *s, uint8_t slot, uint8_t attr)
{
	if (!s || y < c->clip_y || y >= c->clip_y + c->clip_h)
		return 0;
	int edge = limit(c, x, maxw);
	if (edge <= x)
		return 0;
	tr_buf b = TR_BUF_INIT;
	make_inert(c, &b, s);
	int used;
	if (clean_width(tr_buf_str(&b), b.len) <= edge - x) {
		used = write_clean(c, x, y, edge, tr_buf_str(&b), b.len, slot, attr);
	} else {
		used = write_clean(c, x, y, edge - 1, tr_buf_str(&b), b.len, slot, attr);
		const char *ell = tr_sym_text(TR_SYM_ELLIPSIS, c->ascii);
		used += write_clean(c, x + used, y, edge, ell, strlen(ell), slot, attr);
	}
	tr_buf_free(&b);
	return used;
}

int tr_canvas_text_right(tr_canvas *c, int x_end, int y, int maxw, const char *s, uint8_t slot,
                         uint8_t attr)
{
	int w = tr_canvas_text_width(c, s);
	if (maxw >= 0 && w > maxw)
		w = maxw;
	return tr_canvas_fit(c, x_end - w, y, w, s, slot, attr);
}

int tr_canvas_sym(tr_canvas *c, int x, int y, tr_sym sym, uint8_t slot, uint8_t attr)
{
	const char *s = tr_sym_text(sym, c->ascii);
	if (y < c->clip_y || y >= c->clip_y + c->clip_h)
		return 0;
	return write_clean(c, x, y, limit(c, x, -1), s, strlen(s), slot, attr);
}

void tr_canvas_cp(tr_canvas *c, int x, int y, uint32_t cp, uint8_t slot, uint8_t attr)
{
	char tmp[4];
	size_t n = tr_utf8_encode(cp, tmp);
	tr_buf b = TR_BUF_INIT;
	if (c->ascii)
		tr_text_inert_ascii(&b, tmp, n);
	else
		tr_text_inert(&b, tmp, n, false);
	/* A single code point stays a single cell: its inert form would be
	 * several ("^["), which no trusted source should produce anyway. */
	uint32_t got;
	size_t len = tr_utf8_decode(b.data ? b.data : "", b.len, &got);
	if (len != b.len || tr_cp_width(got) <= 0)
		got = '?';
	int w = tr_cp_width(got) == 2 ? 2 : 1;
	if (in_clip(c, x, y) && (w == 1 || in_clip(c, x + 1, y)))
		put(c, x, y, got, w, slot, attr);
	tr_buf_free(&b);
}

void tr_canvas_hline(tr_canvas *c, int x, int y, int w, uint8_t slot)
{
	for (int i = 0; i < w; i++)
		tr_canvas_sym(c, x + i, y, TR_SYM_HLINE, slot, 0);
}

void tr_canvas_vline(tr_canvas *c, int x, int y, int h, uint8_t slot)
{
	for (int j = 0; j < h; j++)
		tr_canvas_sym(c, x, y + j, TR_SYM_VLINE, slot, 0);
}

void tr_canvas_box(tr_canvas *c, int x, int y, int w, int h, uint8_t slot)
{
	if (w < 2 || h < 2)
		return;
	tr_canvas_sym(c, x, y, TR_SYM_TOP_LEFT, slot, 0);
	tr_canvas_sym(c, x + w - 1, y, TR_SYM_TOP_RIGHT, slot, 0);
	tr_canvas_sym(c, x, y + h - 1, TR_SYM_BOTTOM_LEFT, slot, 0);
	tr_canvas_sym(c, x + w - 1, y + h - 1, TR_SYM_BOTTOM_RIGHT, slot, 0);
	tr_canvas_hline(c, x + 1, y, w - 2, slot);
	tr_canvas_hline(c, x + 1, y + h - 1, w - 2, slot);
	tr_canvas_vline(c, x, y + 1, h - 2, slot);
	tr_canvas_vline(c, x + w - 1, y + 1, h - 2, slot);
}

void tr_canvas_set_cursor(tr_canvas *c, int x, int y)
{
	if (x < 0 || y < 0 || x >= c->w || y >= c->h)
		x = y = -1;
	c->cursor_x = x;
	c->cursor_y = y;
}

char *tr_canvas_dump(const tr_canvas *c)
{
	tr_buf b = TR_BUF_INIT;
	char tmp[4];
	for (int y = 0; y < c->h; y++) {
		size_t start = b.len;
		for (int x = 0; x < c->w; x++) {
			const tr_canvas_cell *p = tr_canvas_at(c, x, y);
			if (p->width == 0)
				continue;
			tr_buf_add(&b, tmp, tr_utf8_encode(p->cp, tmp));
		}
		while (b.len > start && b.data[b.len - 1] == ' ')
			b.data[--b.len] = '\0';
		tr_buf_addc(&b, '\n');
	}
	return tr_buf_detach(&b);
}

void tr_wrap(tr_strv *out, const char *s, int cols)
{
	if (cols < 1)
		cols = 1;
	tr_buf clean = TR_BUF_INIT;
	tr_text_inert(&clean, s, strlen(s), false);
	const char *t = tr_buf_str(&clean);
	size_t n = clean.len, i = 0;
	while (i < n) {
		/* One line: take code points up to `cols` columns, remember the
		 * last space to break at. */
		size_t start = i, brk = 0, j = i, after_slash = 0;
		int w = 0;
		bool have_brk = false;
		while (j < n) {
			uint32_t cp;
			size_t len = tr_utf8_decode(t + j, n - j, &cp);
			int cw = tr_cp_width(cp);
			if (cw < 0)
				cw = 1;
			if (w + cw > cols)
				break;
			if (cp == ' ') {
				brk = j;
				have_brk = true;
			}
			w += cw;
			j += len;
			if (cp == '/')
				after_slash = j;
		}
		size_t end;
		if (j >= n) {
			end = n;
		} else if (t[j] == ' ') {
			end = j; /* the line is full right before a blank */
		} else if (have_brk && brk > start) {
			end = brk;
		} else if (j == start) {
			/* A character wider than the line: take it anyway. */
			uint32_t cp;
			end = start + tr_utf8_decode(t + start, n - start, &cp);
		} else if (after_slash > start && after_slash < j) {
			end = after_slash; /* a path longer than the line: at a '/' */
		} else {
			end = j;
		}
		tr_strv_push_owned(out, tr_strndup(t + start, end - start));
		i = end;
		while (i < n && t[i] == ' ')
			i++;
	}
	tr_buf_free(&clean);
}
