/* The canvas: what reaches a cell is inert and measured, and nothing
 * written inside a pane's rectangle lands outside it. */
#include "config.h"

#include <locale.h>

#include "tap.h"
#include "console/canvas.h"
#include "triage/text.h"

/* Row y of the dump (without its newline). */
static char *row(const tr_canvas *c, int y)
{
	char *all = tr_canvas_dump(c);
	char *p = all;
	for (int i = 0; i < y && p; i++) {
		p = strchr(p, '\n');
		if (p)
			p++;
	}
	char *end = p ? strchr(p, '\n') : NULL;
	char *out = p ? tr_strndup(p, end ? (size_t)(end - p) : strlen(p)) : tr_strdup("");
	free(all);
	return out;
}

static bool no_controls(const tr_canvas *c)
{
	for (int y = 0; y < c->h; y++)
		for (int x = 0; x < c->w; x++) {
			uint32_t cp = tr_canvas_at(c, x, y)->cp;
			if ((cp != 0 && cp < 0x20) || cp == 0x7F || (cp >= 0x80 && cp < 0xA0))
				return false;
		}
	return true;
}

int main(void)
{
	setlocale(LC_ALL, "C.UTF-8");
	tr_canvas *c = tr_canvas_new(20, 3, false);

	tr_canvas_text(c, 0, 0, -1, "ok \033]0;pwned\007 \xc2\x9b" "31m\r\b", 0, 0);
	ok(no_controls(c), "ESC, BEL, C1 CSI, CR and BS never reach a cell");
	char *r = row(c, 0);
	is_str(r, "ok ^[]0;pwned^G \\x9b", "they are shown as visible escapes, cut at the width");
	free(r);

	tr_canvas_clear(c, 0);
	int used = tr_canvas_text(c, 0, 1, -1, "日本語", 0, 0);
	is_int(used, 6, "three wide characters take six columns");
	is_int(tr_canvas_at(c, 1, 1)->width, 0, "the right half of a wide character is a continuation");
	r = row(c, 1);
	is_str(r, "日本語", "and the dump shows each once");
	free(r);

	tr_canvas_clear(c, 0);
	used = tr_canvas_text(c, 0, 0, 5, "日本語", 0, 0);
	is_int(used, 4, "a wide character that would straddle the limit is not drawn");
	ok(tr_canvas_at(c, 4, 0)->cp == ' ', "and the column after stays blank");

	tr_canvas_clear(c, 0);
	tr_canvas_clip(c, 5, 0, 6, 3);
	tr_canvas_text(c, 0, 1, -1, "0123456789ABCDEFGHIJ", 0, 0);
	r = row(c, 1);
	is_str(r, "     56789A", "writes are clipped on both sides to the pane");
	free(r);
	tr_canvas_text(c, 9, 2, -1, "日本", 0, 0);
	ok(tr_canvas_at(c, 11, 2)->cp == ' ', "a wide character never spills over the clip edge");
	tr_canvas_text(c, 5, 5, -1, "below", 0, 0);
	tr_canvas_unclip(c);
	ok(no_controls(c), "writing below the grid is harmless");

	tr_canvas_clear(c, 0);
	used = tr_canvas_fit(c, 0, 0, 8, "ExecutionTracker", 0, 0);
	r = row(c, 0);
	is_str(r, "Executi…", "a text that does not fit ends with an ellipsis");
	is_int(used, 8, "in exactly the room given");
	free(r);
	tr_canvas_clear(c, 0);
	tr_canvas_fit(c, 0, 0, 5, "✅✅✅", 0, 0);
	r = row(c, 0);
	is_str(r, "✅✅…", "emoji take their real width before the ellipsis");
	free(r);

	tr_canvas_clear(c, 0);
	tr_canvas_text(c, 0, 0, -1, "日本", 0, 0);
	tr_canvas_text(c, 1, 0, 1, "x", 0, 0);
	r = row(c, 0);
	is_str(r, " x本", "overwriting half of a wide character blanks the other half");
	free(r);

	tr_canvas_clear(c, 0);
	tr_canvas_text(c, 0, 0, -1, "e\xcc\x81t\xe2\x80\x8b\xe2\x80\xae!", 0, 0);
	r = row(c, 0);
	is_str(r, "et<U202E>!", "zero-width marks are dropped, bidi overrides shown inert");
	free(r);

	tr_canvas_free(c);
	c = tr_canvas_new(12, 2, true);
	tr_canvas_text(c, 0, 0, -1, "café → 日", 0, 0);
	tr_canvas_box(c, 0, 1, 3, 1, 0);
	tr_canvas_sym(c, 0, 1, TR_SYM_HLINE, 0, 0);
	bool ascii = true;
	for (int y = 0; y < 2; y++)
		for (int x = 0; x < 12; x++)
			if (tr_canvas_at(c, x, y)->cp > 0x7E)
				ascii = false;
	ok(ascii, "an ASCII canvas holds ASCII only");
	r = row(c, 0);
	is_str(r, "caf? > ?", "non-ASCII text becomes '?' there, an arrow '>'");
	free(r);
	tr_canvas_free(c);

	/* Typography has a stand-in of its own width, not the '?' of an
	 * unknown character; emoji joiners and selectors take no column. */
	c = tr_canvas_new(48, 2, true);
	used = tr_canvas_text(c, 0, 0, -1,
	                      "[\u2026] \u2022 a\u2014b \u2018x\u2019 \u201Cy\u201D \u2705 "
	                      "\U0001F469\u200D\U0001F469\u200D\U0001F467 \u26A0\uFE0F!",
	                      0, 0);
	r = row(c, 0);
	is_str(r, "[~] o a-b 'x' \"y\" v ??? ?!", "on an ASCII canvas typography reads as ASCII");
	free(r);

	/* The Linux console's font (code page 437): what it has stays, the
	 * rest takes its nearest form or the ASCII stand-in; the console's own
	 * marks their form there (test_canvas_sym.c): in progress », fixed √,
	 * verified V, cut ~; a report's cross stays a cross. */
	tr_canvas *lc = tr_canvas_new(40, 1, false);
	lc->console_font = true;
	tr_canvas_text(lc, 0, 0, -1,
	               "\u256D\u2500\u256E \u25B8\u25BE\u25B6 \u00BB\u2713\u2714\u2717 \u2026 "
	               "\u2588\u2592\u2591 \u2022\u00B7\u2192 \u6F22!",
	               0, 0);
	char *lr = row(lc, 0);
	is_str(lr, "\u250C\u2500\u2510 \u25BA\u25BC\u2192 \u00BB\u221AVx ~ \u2588\u2592\u2591 \u2022\u00B7\u2192 ? !",
	       "TERM=linux: only glyphs the console font has, each meaning one thing");
	free(lr);
	tr_canvas_free(lc);
	is_int(used, 26, "each stand-in takes one column");

	tr_canvas_clear(c, 0);
	tr_canvas_cp(c, 0, 0, 0x1B, 0, 0);
	tr_canvas_cp(c, 1, 0, 0x9B, 0, 0);
	ok(no_controls(c), "even a single code point from a trusted source is checked");
	tr_canvas_free(c);

	tr_strv paths = TR_STRV_INIT;
	tr_wrap(&paths, "tests/integration/websocket/test_websocket_fixes.py", 40);
	ok(paths.n == 2 && strcmp(paths.v[0], "tests/integration/websocket/") == 0 &&
	   strcmp(paths.v[1], "test_websocket_fixes.py") == 0,
	   "a path longer than the line breaks after a '/', not inside a name");
	tr_strv_free(&paths);
	tr_strv lines = TR_STRV_INIT;
	tr_wrap(&lines, "Multiple SSOT violations confirmed across execution", 20);
	is_int(lines.n, 3, "wrapping at spaces");
	is_str(lines.v[0], "Multiple SSOT", "first line breaks at a space");
	is_str(lines.v[2], "across execution", "last line");
	tr_strv_free(&lines);
	tr_wrap(&lines, "aaaaaaaaaaaaaaaaaaaaaaaaa", 10);
	is_int(lines.n, 3, "a word longer than the line is cut");
	tr_strv_free(&lines);
	tr_wrap(&lines, "\033[2J", 10);
	is_str(lines.v[0], "^[[2J", "wrapped text is inert");
	tr_strv_free(&lines);
	return done_testing();
}
