/* The console's own symbols: in each way of drawing them (UTF-8, the Linux
 * console's font, ASCII) no two meanings look the same, so a mark read
 * alone is never in doubt, and a symbol put into a label draws as the
 * symbol drawn alone does.  The graph pane is on the same screen: what its
 * drawing holds (lines, boxes, the critical path's boxes, arrows' heads
 * in every direction, a self-loop, the progress marks), as drawn through a
 * canvas of each kind, is held to the same rule against the symbols. */
#include "config.h"

#include <locale.h>
#include <stdio.h>

#include "tap.h"
#include "console/canvas.h"
#include "triage/graph.h"
#include "triage/layout.h"
#include "triage/model.h"
#include "triage/str.h"
#include "triage/text.h"
/* Where the arrows' heads are is not part of the layout's interface. */
#include "graph/graph_internal.h"

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

/* Every form a screen may show, with what it means there. */
typedef struct seen {
	char *form;
	const char *meaning, *what;
} seen;

typedef struct screen {
	seen *v;
	size_t n, cap;
	bool apart;
} screen;

static void meet(screen *sc, int mode, const char *form, const char *meaning, const char *what)
{
	for (size_t i = 0; i < sc->n; i++) {
		if (strcmp(sc->v[i].form, form) != 0)
			continue;
		if (strcmp(sc->v[i].meaning, meaning) == 0)
			return;
		if (sc->apart)  /* the first clash said, not each cell of it */
			note("%s: %s (%s) and %s (%s) both draw as %s", mode_name[mode], sc->v[i].what,
			     sc->v[i].meaning, what, meaning, form);
		sc->apart = false;
		return;
	}
	tr_grow((void **)&sc->v, &sc->cap, sc->n + 1, sizeof *sc->v);
	sc->v[sc->n++] = (seen){ tr_strdup(form), meaning, what };
}

/* A graph cell's code point as a canvas of the mode draws it. */
static char *drawn_cp(int mode, uint32_t cp)
{
	tr_canvas *c = canvas(mode);
	tr_canvas_cp(c, 0, 0, cp, 0, 0);
	char *s = drawn(c);
	tr_canvas_free(c);
	return s;
}

static tr_model *graph_model(void)
{
	/* A chain (the critical path), a shorter one beside it, a cycle of two
	 * and one of one: arrows' heads in both directions of either layout. */
	static const char *const edges[][2] = {
		{ "#1", "#2" }, { "#2", "#3" }, { "#3", "#4" }, { "#5", "#6" },
		{ "#7", "#8" }, { "#8", "#7" }, { "#9", "#9" },
	};
	tr_model *m = tr_model_new();
	size_t r = tr_model_add_report(m, "t.md");
	for (size_t k = 0; k < sizeof edges / sizeof *edges; k++) {
		size_t a = tr_model_intern(m, edges[k][0], false, r, 1);
		size_t b = tr_model_intern(m, edges[k][1], false, r, 1);
		tr_model_add_edge(m, a, b, TR_EDGE_CHAIN, r, 1);
	}
	tr_model_finish(m);
	return m;
}

static const char *const state_meaning[TR_STATE_COUNT] = {
	NULL, "in progress", "fixed", "verified", "won't fix",
};

/* What the graph draws in `mode`, cell by cell, said to sc; the forms of
 * the arrows' heads it drew counted in heads.  forms: the symbols' forms
 * in that mode. */
static void meet_graph(screen *sc, int mode, tr_layout_dir dir, int *heads, char *const *forms)
{
	tr_model *m = graph_model();
	tr_graph *g = tr_graph_new(m, NULL);
	uint8_t *state = tr_calloc(m->nissues, 1);
	for (size_t i = 0; i < m->nissues; i++)
		state[i] = (uint8_t)(i % TR_STATE_COUNT);
	tr_layout_opts o = TR_LAYOUT_OPTS_INIT;
	o.dir = dir;
	o.ascii = mode == MODE_ASCII;
	o.state = state;
	tr_layout *l = tr_layout_new(m, g, &o);
	int w = tr_layout_width(l), h = tr_layout_height(l);
	tr_cell *cells = tr_calloc((size_t)w * (size_t)h, sizeof *cells);
	tr_layout_render(l, 0, 0, w, h, cells);
	bool *head = tr_calloc((size_t)w * (size_t)h, sizeof *head);
	for (size_t e = 0; e < l->nedges; e++) {
		const ledge *ed = &l->edges[e];
		if (ed->npt < 2)
			continue;
		const lay_point *z = &l->pts[ed->pt0 + ed->npt - 1];
		if (z->x >= 0 && z->y >= 0 && z->x < w && z->y < h)
			head[(size_t)z->y * (size_t)w + (size_t)z->x] = true;
	}
	tr_strv head_forms = TR_STRV_INIT;
	for (size_t k = 0; k < (size_t)w * (size_t)h; k++) {
		uint8_t role = cells[k].role;
		const char *meaning = NULL, *what = NULL;
		if (role == TR_CELL_CRITICAL) {
			/* Its sides and ports may be a box's lines (in ASCII | +):
			 * the box is told apart by the rest of its border. */
			meaning = tr_sym_meaning(TR_SYM_CRITICAL), what = "the graph's critical box";
			char *f = drawn_cp(mode, cells[k].cp);
			for (int j = TR_SYM_HLINE; j <= TR_SYM_BOTTOM_RIGHT; j++)
				if (strcmp(f, forms[j]) == 0)
					meaning = tr_sym_meaning(TR_SYM_HLINE), what = "the graph's critical box's side";
			free(f);
		} else if (role == TR_CELL_EDGE || role == TR_CELL_EDGE_CRITICAL || role == TR_CELL_EDGE_CYCLE ||
		           role == TR_CELL_EDGE_UPSTREAM || role == TR_CELL_EDGE_DOWNSTREAM) {
			if (head[k])
				meaning = tr_sym_meaning(TR_SYM_ARROW), what = "the graph's arrow head";
			else
				meaning = tr_sym_meaning(TR_SYM_HLINE), what = "the graph's line";
		} else if (role >= TR_CELL_BOX_OPEN && role <= TR_CELL_BOX_WONT_FIX) {
			meaning = tr_sym_meaning(TR_SYM_HLINE), what = "the graph's box";
		}
		if (!meaning || cells[k].cp == ' ' || cells[k].cp == 0)
			continue;
		char *f = drawn_cp(mode, cells[k].cp);
		meet(sc, mode, f, meaning, what);
		if (head[k] && !tr_strv_contains(&head_forms, f))
			tr_strv_push(&head_forms, f);
		free(f);
	}
	*heads += (int)head_forms.n;
	/* The marks inside a box: progress at the first line's end (no
	 * priority is given, so it is the last cell), and a self-loop after
	 * the id. */
	tr_cell label[2 * TR_LAYOUT_BOX_MAX];
	for (size_t i = 0; i < m->nissues; i++) {
		lay_label(l, i, label);
		if (state_meaning[state[i]]) {
			char *f = drawn_cp(mode, label[l->boxw - 1].cp);
			meet(sc, mode, f, state_meaning[state[i]], "the graph's progress mark");
			free(f);
		}
		if (strcmp(m->issues[i].id, "#9") == 0) {
			char *f = drawn_cp(mode, label[3].cp);
			meet(sc, mode, f, tr_sym_meaning(TR_SYM_SELF_LOOP), "the graph's self-loop");
			free(f);
		}
	}
	tr_strv_free(&head_forms);
	free(head);
	free(cells);
	free(state);
	tr_layout_free(l);
	tr_graph_free(g);
	tr_model_free(m);
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
		/* The graph's drawing, beside the symbols, in both directions. */
		screen sc = { NULL, 0, 0, true };
		for (int k = 0; k < TR_SYM_COUNT; k++)
			meet(&sc, mode, forms[k], tr_sym_meaning((tr_sym)k), names[k]);
		int heads = 0;
		meet_graph(&sc, mode, TR_LAYOUT_LEFT_RIGHT, &heads, forms);
		meet_graph(&sc, mode, TR_LAYOUT_TOP_BOTTOM, &heads, forms);
		ok(heads >= 4, "%s: the graphs drawn hold arrows' heads both ways in both directions (%d forms)",
		   mode_name[mode], heads);
		ok(sc.apart, "%s: nothing the graph draws looks like a mark of another meaning", mode_name[mode]);
		for (size_t i = 0; i < sc.n; i++)
			free(sc.v[i].form);
		free(sc.v);
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
