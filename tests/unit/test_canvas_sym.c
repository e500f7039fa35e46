/* The console's own symbols: in each way of drawing them (UTF-8, the Linux
 * console's font, ASCII) no two meanings look the same, so a mark read
 * alone is never in doubt, and a symbol put into a label draws as the
 * symbol drawn alone does. */
#include "config.h"

#include <locale.h>
#include <stdio.h>

#include "tap.h"
#include "console/canvas.h"
#include "triage/text.h"

enum { MODE_UTF8, MODE_CONSOLE, MODE_ASCII, MODE_COUNT };
static const char *const mode_name[MODE_COUNT] = { "UTF-8", "the Linux console", "ASCII" };

#define WIDTH 8

#define note(...) (printf("# "), printf(__VA_ARGS__), printf("\n"))

static tr_canvas *canvas(int mode)
{
	tr_canvas *c = tr_canvas_new(WIDTH, 1, mode == MODE_ASCII);
	c->console_font = mode == MODE_CONSOLE;
	return c;
}

/* The cells row 0 holds up to the first blank, as UTF-8. */
static char *drawn(const tr_canvas *c)
{
	tr_buf b = TR_BUF_INIT;
	for (int x = 0; x < c->w; x++) {
		const tr_canvas_cell *p = tr_canvas_at(c, x, 0);
		if (p->width == 0)
			continue;
		if (p->cp == ' ')
			break;
		char tmp[4];
		tr_buf_add(&b, tmp, tr_utf8_encode(p->cp, tmp));
	}
	return tr_buf_detach(&b);
}

static char *form(int mode, tr_sym sym)
{
	tr_canvas *c = canvas(mode);
	tr_canvas_sym(c, 0, 0, sym, 0, 0);
	char *s = drawn(c);
	tr_canvas_free(c);
	return s;
}

/* The same symbol put into a label, as the views build them. */
static char *in_label(int mode, tr_sym sym)
{
	tr_canvas *c = canvas(mode);
	tr_canvas_text(c, 0, 0, -1, tr_sym_text(sym, mode == MODE_ASCII), 0, 0);
	char *s = drawn(c);
	tr_canvas_free(c);
	return s;
}

int main(void)
{
	setlocale(LC_ALL, "C.UTF-8");
	static const char *const names[TR_SYM_COUNT] = {
#define X(name, utf8, console, ascii, meaning) #name,
		TR_SYM_LIST(X)
#undef X
	};
	for (int mode = 0; mode < MODE_COUNT; mode++) {
		char *forms[TR_SYM_COUNT];
		bool all_drawn = true, labels_agree = true, plain = true;
		for (int k = 0; k < TR_SYM_COUNT; k++) {
			forms[k] = form(mode, (tr_sym)k);
			if (!*forms[k]) {
				note("%s: %s draws nothing", mode_name[mode], names[k]);
				all_drawn = false;
			}
			char *l = in_label(mode, (tr_sym)k);
			if (strcmp(l, forms[k]) != 0) {
				note("%s: %s draws as %s alone but %s in a label", mode_name[mode], names[k],
				     forms[k], l);
				labels_agree = false;
			}
			free(l);
			for (const char *p = forms[k]; *p; p++)
				if (mode == MODE_ASCII && (unsigned char)*p >= 0x80)
					plain = false;
			if (mode == MODE_CONSOLE && strstr(forms[k], "?"))
				plain = false;
		}
		ok(all_drawn, "%s: every symbol draws something", mode_name[mode]);
		ok(labels_agree, "%s: a symbol in a label draws as it does alone", mode_name[mode]);
		ok(plain, "%s: every symbol has a form the terminal can show (ASCII: only ASCII; "
		          "the console: none left to '?')", mode_name[mode]);
		bool apart = true;
		for (int a = 0; a < TR_SYM_COUNT; a++)
			for (int b = a + 1; b < TR_SYM_COUNT; b++) {
				if (strcmp(tr_sym_meaning((tr_sym)a), tr_sym_meaning((tr_sym)b)) == 0)
					continue;
				if (strcmp(forms[a], forms[b]) == 0) {
					note("%s: %s (%s) and %s (%s) both draw as %s", mode_name[mode], names[a],
					     tr_sym_meaning((tr_sym)a), names[b], tr_sym_meaning((tr_sym)b),
					     forms[a]);
					apart = false;
				}
			}
		ok(apart, "%s: no two meanings share a form", mode_name[mode]);
		for (int k = 0; k < TR_SYM_COUNT; k++)
			free(forms[k]);
	}
	/* The marks the brief list of clashes named, spelt out. */
	char *bullet = form(MODE_ASCII, TR_SYM_BULLET), *prog = form(MODE_ASCII, TR_SYM_IN_PROGRESS);
	char *fixed = form(MODE_ASCII, TR_SYM_FIXED), *down = form(MODE_ASCII, TR_SYM_DOWN);
	char *wont = form(MODE_ASCII, TR_SYM_WONT_FIX), *times = form(MODE_ASCII, TR_SYM_TIMES);
	ok(strcmp(bullet, prog) != 0, "ASCII: a bullet (%s) is not the in-progress mark (%s)", bullet, prog);
	ok(strcmp(fixed, down) != 0, "ASCII: fixed (%s) is not the more-below mark (%s)", fixed, down);
	ok(strcmp(wont, times) != 0, "ASCII: won't fix (%s) is not the times sign (%s)", wont, times);
	free(bullet), free(prog), free(fixed), free(down), free(wont), free(times);
	/* Every meaning has words for the help. */
	bool said = true;
	for (int k = 0; k < TR_SYM_COUNT; k++)
		if (!*tr_sym_meaning((tr_sym)k))
			said = false;
	ok(said, "every symbol says what it means");
	return done_testing();
}
