/* The graph drawn on a character grid: what a reader of the pane relies on
 * (boxes apart, arrows from box to box and never through one, scrolling
 * shows the same picture) on many generated graphs, and a few exact
 * drawings. */
#include "config.h"

#include <limits.h>
#include <locale.h>
#include <stdint.h>

#include "tap.h"
#include "triage/layout.h"
#include "triage/str.h"
#include "triage/text.h"
/* The edge paths are not part of the interface; the invariants are about them. */
#include "graph/graph_internal.h"

static uint64_t rng = 0x9E3779B97F4A7C15ULL;

static unsigned next(unsigned n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (unsigned)(rng % n);
}

static tr_model *model_of(const char *const *spec, size_t n)
{
	tr_model *m = tr_model_new();
	size_t r = tr_model_add_report(m, "t.md");
	for (size_t i = 0; i < n; i++) {
		char *s = tr_strdup(spec[i]), *gt = strchr(s, '>');
		if (gt) {
			*gt = '\0';
			size_t a = tr_model_intern(m, s, false, r, 1);
			size_t b = tr_model_intern(m, gt + 1, false, r, 1);
			tr_model_add_edge(m, a, b, TR_EDGE_CHAIN, r, 1);
		} else {
			tr_model_intern(m, s, false, r, 1);
		}
		free(s);
	}
	tr_model_finish(m);
	return m;
}

#define MODEL(...) model_of((const char *const[]){ __VA_ARGS__ }, \
	sizeof((const char *const[]){ __VA_ARGS__ }) / sizeof(const char *))

static const char *const titles[] = {
	"ExecutionTracker Dict/Enum Errors", "API Validation 422 Errors", "WebSocket",
	"User Isolation Security Validation", "短い題名と長い題名", "Ünïcödé títlé",
	"evil \x1b[2J\x1b]0;pwned\x07 title", "bidi \xE2\x80\xAE reversed", "tab\there\nnewline",
	"", "x",
};

/* n issues, about density * n edges, mostly forward, some back (cycles),
 * a few self-loops, some issues left isolated. */
static tr_model *random_model(size_t n, unsigned density_pct)
{
	tr_model *m = tr_model_new();
	size_t r = tr_model_add_report(m, "t.md");
	for (size_t i = 0; i < n; i++) {
		char id[32];
		snprintf(id, sizeof id, "#%zu", 100 + i);
		size_t k = tr_model_intern(m, id, false, r, 1);
		const char *t = titles[next(sizeof titles / sizeof *titles)];
		if (*t)
			m->issues[k].title = tr_strdup(t);
		m->issues[k].priority = (tr_priority)((int)next(5) - 1);
	}
	size_t ne = n * density_pct / 100;
	for (size_t e = 0; e < ne; e++) {
		size_t a = next((unsigned)n), b = next((unsigned)n);
		if (next(6) && a > b) {
			size_t t = a;
			a = b;
			b = t;
		}
		if (a == b && next(4))
			continue;
		tr_model_add_edge(m, a, b, TR_EDGE_CHAIN, r, 1);
	}
	tr_model_finish(m);
	return m;
}

/* Is p just outside r, touching one of its sides (not a corner)? */
static bool touches(const tr_rect *r, lay_point p)
{
	bool in_x = p.x > r->x && p.x < r->x + r->w - 1;
	bool in_y = p.y > r->y && p.y < r->y + r->h - 1;
	return (in_y && (p.x == r->x - 1 || p.x == r->x + r->w)) ||
	       (in_x && (p.y == r->y - 1 || p.y == r->y + r->h));
}

static bool printable(uint32_t cp)
{
	return cp == 0 || (cp >= 0x20 && cp != 0x7F && !(cp >= 0x80 && cp < 0xA0) &&
	                   !(cp >= 0x202A && cp <= 0x202E) && !(cp >= 0x2066 && cp <= 0x2069));
}

typedef struct {
	int overlapping_boxes, outside_grid, missing_box, bad_ends, not_straight;
	int through_box, shared_run, bad_cells, non_ascii, window_mismatch, bad_arrow;
	int hit_miss, follow_miss, role_miss;
	int layouts;
} tally;

/* Checks one layout of m; adds what is wrong to t. */
static void check_layout(const tr_model *m, const tr_graph *g, const tr_layout_opts *o, tally *t)
{
	tr_layout *l = tr_layout_new(m, g, o);
	int W = tr_layout_width(l), H = tr_layout_height(l);
	size_t n = m->nissues;
	t->layouts++;

	/* Boxes: one per issue (but hidden isolated ones), inside, apart. */
	int *owner = tr_malloc(((size_t)W * (size_t)H + 1) * sizeof *owner);
	for (size_t i = 0; i < (size_t)W * (size_t)H; i++)
		owner[i] = -1;
	for (size_t i = 0; i < n; i++) {
		tr_rect r;
		bool isolated = g->succ_start[i] == g->succ_start[i + 1] && g->pred_start[i] == g->pred_start[i + 1];
		if (!tr_layout_box(l, i, &r)) {
			t->missing_box += !(o->hide_isolated && isolated);
			continue;
		}
		if (r.x < 0 || r.y < 0 || r.x + r.w > W || r.y + r.h > H) {
			t->outside_grid++;
			continue;
		}
		for (int y = r.y; y < r.y + r.h; y++)
			for (int x = r.x; x < r.x + r.w; x++) {
				int *cell = &owner[(size_t)y * (size_t)W + (size_t)x];
				if (*cell >= 0)
					t->overlapping_boxes++;
				*cell = (int)i;
			}
		int cx = r.x + r.w / 2, cy = r.y + r.h / 2;
		t->hit_miss += tr_layout_hit(l, cx, cy) != i;
		int x0 = 0, y0 = 0;
		tr_layout_follow(l, i, 30, 10, &x0, &y0);
		t->follow_miss += !(r.x >= x0 && r.y >= y0 && ((r.x + r.w <= x0 + 30 && r.y + r.h <= y0 + 10) ||
		                                                (r.x == x0 || r.y == y0)));
	}

	/* Edges: from box to box, straight runs, never through a box, and two
	 * arrows share a run only when they leave one box by one port. */
	int *hrun = tr_malloc(((size_t)W * (size_t)H + 1) * sizeof *hrun);
	int *vrun = tr_malloc(((size_t)W * (size_t)H + 1) * sizeof *vrun);
	for (size_t i = 0; i < (size_t)W * (size_t)H; i++)
		hrun[i] = vrun[i] = -1;
	for (size_t e = 0; e < l->nedges; e++) {
		const ledge *ed = &l->edges[e];
		const lay_point *p = l->pts + ed->pt0;
		tr_rect a, b;
		if (!tr_layout_box(l, ed->from, &a) || !tr_layout_box(l, ed->to, &b) || ed->npt < 2) {
			t->bad_ends++;
			continue;
		}
		if (!touches(&a, p[0]) || !touches(&b, p[ed->npt - 1]))
			t->bad_ends++;
		int net = ed->reversed ? (int)(n + e) : (int)ed->from;
		for (size_t k = 0; k + 1 < ed->npt; k++) {
			lay_point u = p[k], v = p[k + 1];
			if (u.x != v.x && u.y != v.y) {
				t->not_straight++;
				continue;
			}
			int dx = (v.x > u.x) - (v.x < u.x), dy = (v.y > u.y) - (v.y < u.y);
			for (lay_point q = u;; q.x += dx, q.y += dy) {
				if (q.x < 0 || q.y < 0 || q.x >= W || q.y >= H) {
					t->outside_grid++;
					break;
				}
				size_t c = (size_t)q.y * (size_t)W + (size_t)q.x;
				if (owner[c] >= 0)
					t->through_box++;
				/* A run's end cells turn; only its inner cells are shared. */
				bool inner = !(q.x == u.x && q.y == u.y) && !(q.x == v.x && q.y == v.y);
				int *run = dy ? vrun : hrun;
				if (inner || k == 0 || k + 2 == ed->npt) {
					if (*(run + c) >= 0 && run[c] != net)
						t->shared_run++;
					run[c] = net;
				}
				if (q.x == v.x && q.y == v.y)
					break;
			}
		}
	}

	/* The picture: inert cells, ASCII when asked, arrowheads at the ends,
	 * and any window shows exactly that part of the whole. */
	tr_layout_select(l, n ? (size_t)next((unsigned)n) : 0);
	tr_cell *full = tr_malloc(((size_t)W * (size_t)H + 1) * sizeof *full);
	tr_layout_render(l, 0, 0, W, H, full);
	for (size_t i = 0; i < (size_t)W * (size_t)H; i++) {
		t->bad_cells += !printable(full[i].cp) || full[i].role >= TR_CELL_ROLE_COUNT;
		if (o->ascii)
			t->non_ascii += full[i].cp >= 0x80;
	}
	for (size_t e = 0; e < l->nedges; e++) {
		const ledge *ed = &l->edges[e];
		if (ed->npt < 2)
			continue;
		lay_point z = l->pts[ed->pt0 + ed->npt - 1];
		uint32_t cp = full[(size_t)z.y * (size_t)W + (size_t)z.x].cp;
		t->bad_arrow += !(o->ascii ? strchr("<>AY", (int)cp) != NULL
		                           : (cp == 0x25B6 || cp == 0x25C0 || cp == 0x2191 || cp == 0x2193));
	}
	size_t sel = tr_layout_selected(l);
	tr_rect sr;
	if (sel != TR_NONE && tr_layout_box(l, sel, &sr))
		t->role_miss += full[(size_t)sr.y * (size_t)W + (size_t)sr.x].role != TR_CELL_SELECTED;
	for (int k = 0; k < 4; k++) {
		int x0 = (int)next((unsigned)W + 10) - 5, y0 = (int)next((unsigned)H + 10) - 5;
		int w = 1 + (int)next(40), h = 1 + (int)next(20);
		tr_cell *win = tr_malloc((size_t)w * (size_t)h * sizeof *win);
		tr_layout_render(l, x0, y0, w, h, win);
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++) {
				int gx = x0 + x, gy = y0 + y;
				tr_cell want = { ' ', TR_CELL_BACKGROUND };
				if (gx >= 0 && gy >= 0 && gx < W && gy < H)
					want = full[(size_t)gy * (size_t)W + (size_t)gx];
				tr_cell got = win[(size_t)y * (size_t)w + (size_t)x];
				t->window_mismatch += got.cp != want.cp || got.role != want.role;
			}
		free(win);
	}
	free(full);
	free(owner);
	free(hrun);
	free(vrun);
	tr_layout_free(l);
}

static void test_invariants(void)
{
	tally t;
	memset(&t, 0, sizeof t);
	static const size_t sizes[] = { 1, 2, 3, 5, 8, 13, 21, 40, 90, 200 };
	for (size_t s = 0; s < sizeof sizes / sizeof *sizes; s++) {
		for (unsigned density = 0; density <= 250; density += 50) {
			tr_model *m = random_model(sizes[s], density);
			bool *res = tr_calloc(m->nissues, sizeof *res);
			uint8_t *state = tr_calloc(m->nissues, 1);
			for (size_t i = 0; i < m->nissues; i++) {
				state[i] = (uint8_t)next(TR_STATE_COUNT);
				res[i] = tr_state_resolved(state[i]);
			}
			tr_graph *g = tr_graph_new(m, next(2) ? res : NULL);
			for (int variant = 0; variant < 8; variant++) {
				tr_layout_opts o = TR_LAYOUT_OPTS_INIT;
				o.dir = variant & 1 ? TR_LAYOUT_TOP_BOTTOM : TR_LAYOUT_LEFT_RIGHT;
				o.ascii = variant & 2;
				/* Long edges along lanes above the drawing. */
				o.max_dummies = variant & 4 ? 1 : 0;
				o.box_width = 8 + (int)next(20);
				o.state = state;
				o.hide_isolated = next(2);
				check_layout(m, g, &o, &t);
			}
			tr_graph_free(g);
			free(res);
			free(state);
			tr_model_free(m);
		}
	}
	is_int(t.overlapping_boxes, 0, "no two boxes overlap (%d layouts)", t.layouts);
	is_int(t.missing_box, 0, "every issue has its box (but hidden isolated ones)");
	is_int(t.outside_grid, 0, "boxes and arrows stay inside the grid");
	is_int(t.bad_ends, 0, "every arrow starts at its prerequisite's box and ends at its dependent's");
	is_int(t.not_straight, 0, "arrows run horizontally or vertically");
	is_int(t.through_box, 0, "no arrow runs through a box");
	is_int(t.shared_run, 0, "arrows share a run only when they leave one box by one port");
	is_int(t.bad_arrow, 0, "every arrow ends in an arrowhead pointing at its box");
	is_int(t.bad_cells, 0, "no cell holds a control or bidirectional character");
	is_int(t.non_ascii, 0, "with --ascii every cell is ASCII");
	is_int(t.window_mismatch, 0, "a window shows exactly that part of the whole drawing");
	is_int(t.hit_miss, 0, "hit-testing a box's centre finds its issue");
	is_int(t.follow_miss, 0, "following an issue scrolls its box into the view");
	is_int(t.role_miss, 0, "the selected issue's box is drawn as selected");
}

static char *text_of(const tr_model *m, tr_layout_dir dir, bool ascii, int pane)
{
	tr_graph *g = tr_graph_new(m, NULL);
	tr_layout_opts o = TR_LAYOUT_OPTS_INIT;
	o.dir = dir;
	o.ascii = ascii;
	o.pane_width = pane;
	tr_layout *l = tr_layout_new(m, g, &o);
	char *s = tr_layout_text(l);
	tr_layout_free(l);
	tr_graph_free(g);
	return s;
}

static void test_small_drawings(void)
{
	tr_model *m = MODEL("#1>#2", "#1>#3");
	m->issues[0].title = tr_strdup("Import fixes");
	m->issues[0].priority = TR_P0;
	m->issues[1].title = tr_strdup("Test discovery");
	char *s = text_of(m, TR_LAYOUT_LEFT_RIGHT, true, 0);
	is_str(s,
	       "                    ################\n"
	       "                 +->|#2            |\n"
	       "                 |  |Test discovery|\n"
	       "################ |  ################\n"
	       "|#1          P0+-+\n"
	       "|Import fixes  | |  +--------------+\n"
	       "################ +->|#3            |\n"
	       "                    |              |\n"
	       "                    +--------------+\n",
	       "a fan-out, left to right, in ASCII");
	free(s);
	s = text_of(m, TR_LAYOUT_TOP_BOTTOM, false, 0);
	is_str(s,
	       "         ╔══════════════╗\n"
	       "         ║#1          P0║\n"
	       "         ║Import fixes  ║\n"
	       "         ╚══════╤═══════╝\n"
	       "                │\n"
	       "       ┌────────┴───────┐\n"
	       "       │                │\n"
	       "       ↓                ↓\n"
	       "╔══════════════╗ ┌──────────────┐\n"
	       "║#2            ║ │#3            │\n"
	       "║Test discovery║ │              │\n"
	       "╚══════════════╝ └──────────────┘\n",
	       "the same, top to bottom: the critical path has double lines");
	free(s);
	tr_model_free(m);

	m = MODEL("a>b", "b>a", "c>c");
	s = text_of(m, TR_LAYOUT_LEFT_RIGHT, false, 0);
	is_str(s,
	       "╔════════╗   ╔════════╗\n"
	       "║a       ╟──▶║b       ║\n"
	       "║        ║◀──╢        ║\n"
	       "╚════════╝   ╚════════╝\n"
	       "\n"
	       "┌────────┐\n"
	       "│c ↻     │\n"
	       "│        │\n"
	       "└────────┘\n",
	       "a two-issue cycle: the edge closing it points back; a self-loop is marked");
	free(s);
	tr_model_free(m);
}

static void test_auto_direction(void)
{
	/* The seed's two chains of four fit an 80-column pane left to right. */
	tr_model *m = MODEL("#305>#271", "#271>#292", "#292>golden-path", "#308>#306", "#306>#307",
	                    "#307>#316");
	for (size_t i = 0; i < m->nissues; i++)
		m->issues[i].title = tr_strdup("ExecutionTracker Dict/Enum Errors");
	tr_graph *g = tr_graph_new(m, NULL);
	tr_layout_opts o = TR_LAYOUT_OPTS_INIT;
	o.pane_width = 80;
	tr_layout *l = tr_layout_new(m, g, &o);
	is_int(tr_layout_direction(l), TR_LAYOUT_LEFT_RIGHT, "two chains of four: left to right");
	ok(tr_layout_width(l) <= 80, "within 80 columns (%d)", tr_layout_width(l));
	tr_layout_free(l);
	o.pane_width = 40;
	l = tr_layout_new(m, g, &o);
	is_int(tr_layout_direction(l), TR_LAYOUT_TOP_BOTTOM, "in 40 columns: top to bottom");
	ok(tr_layout_width(l) <= 40, "and within 40 columns (%d)", tr_layout_width(l));
	tr_layout_free(l);
	o.pane_width = 0;
	l = tr_layout_new(m, g, &o);
	is_int(tr_layout_direction(l), TR_LAYOUT_LEFT_RIGHT, "no width given: left to right");
	/* Keys: right from #305 is #271; down from #305 the other chain. */
	size_t a = tr_model_lookup(m, "#305");
	is_str(m->issues[tr_layout_step(l, a, 1, 0)].id, "#271", "stepping right follows the chain");
	is_str(m->issues[tr_layout_step(l, a, 0, 1)].id, "#308", "stepping down reaches the other chain");
	is_str(m->issues[tr_layout_step(l, a, -1, 0)].id, "#305", "nothing to the left: stays");
	tr_layout_free(l);
	tr_graph_free(g);
	tr_model_free(m);
}

/* The drawing of a layout made with these options; its direction and
 * width. */
static char *drawing(const tr_model *m, const tr_graph *g, tr_layout_dir dir, int pane, int box,
                     tr_layout_dir *used, int *width)
{
	tr_layout_opts o = TR_LAYOUT_OPTS_INIT;
	o.dir = dir;
	o.pane_width = pane;
	o.box_width = box;
	tr_layout *l = tr_layout_new(m, g, &o);
	char *s = tr_layout_text(l);
	*used = tr_layout_direction(l);
	*width = tr_layout_width(l);
	tr_layout_free(l);
	return s;
}

/* When a left-to-right drawing is too wide, AUTO narrows its boxes, or
 * (when top to bottom would be wider still) keeps it left to right with
 * the narrowest boxes: each is the drawing asked for outright. */
static void test_auto_narrows(void)
{
	/* One issue unblocking twenty: two layers, a tall left-to-right
	 * drawing and a wide top-to-bottom one. */
	const char *spec[20];
	char names[20][16];
	for (int i = 0; i < 20; i++) {
		snprintf(names[i], sizeof names[i], "hub>leaf%d", i);
		spec[i] = names[i];
	}
	tr_model *m = model_of(spec, 20);
	for (size_t i = 0; i < m->nissues; i++)
		m->issues[i].title = tr_strdup("Isolation failures in the session store");
	tr_graph *g = tr_graph_new(m, NULL);
	tr_layout_dir d;
	int w14, w12, w;
	char *lr14 = drawing(m, g, TR_LAYOUT_LEFT_RIGHT, 0, 14, &d, &w14);
	char *lr12 = drawing(m, g, TR_LAYOUT_LEFT_RIGHT, 0, 12, &d, &w12);
	char *s = drawing(m, g, TR_LAYOUT_AUTO, w14, 0, &d, &w);
	is_int(d, TR_LAYOUT_LEFT_RIGHT, "a pane four columns short: still left to right");
	is_str(s, lr14, "with the boxes narrowed to fit, as drawn with that width outright");
	free(s);
	s = drawing(m, g, TR_LAYOUT_AUTO, w12 - 1, 0, &d, &w);
	is_int(d, TR_LAYOUT_LEFT_RIGHT, "too narrow for either, top to bottom wider: left to right");
	is_str(s, lr12, "with the narrowest boxes, as drawn with that width outright");
	free(s);
	free(lr14);
	free(lr12);
	tr_graph_free(g);
	tr_model_free(m);
}

/* On graphs of every shape and panes of every width, AUTO draws what the
 * direction and box width it chose draw when asked for outright (the pane
 * still sets how the issues without an edge wrap below); and when
 * it goes top to bottom for want of room, left to right would not have
 * fitted even with the narrowest boxes. */
static void test_auto_as_asked(void)
{
	static const size_t sizes[] = { 12, 60, 300 };
	static const unsigned densities[] = { 60, 150, 250 };
	static const int panes[] = { 30, 60, 100, 160, 400 };
	int differ = 0, cramped = 0, runs = 0;
	for (size_t s = 0; s < sizeof sizes / sizeof *sizes; s++)
		for (size_t d = 0; d < sizeof densities / sizeof *densities; d++) {
			tr_model *m = random_model(sizes[s], densities[d]);
			tr_graph *g = tr_graph_new(m, NULL);
			for (size_t p = 0; p < sizeof panes / sizeof *panes; p++) {
				tr_layout_dir dir, lr;
				int w, lrw;
				char *a = drawing(m, g, TR_LAYOUT_AUTO, panes[p], 0, &dir, &w);
				tr_layout_opts o = TR_LAYOUT_OPTS_INIT;
				o.pane_width = panes[p];
				tr_layout *l = tr_layout_new(m, g, &o);
				/* The box width: boxes with more arrows than it has
				 * rows for are wider top to bottom, never narrower. */
				int bw = INT_MAX;
				tr_rect b;
				for (size_t i = 0; i < m->nissues; i++)
					if (tr_layout_box(l, i, &b) && b.w - 2 < bw)
						bw = b.w - 2;
				tr_layout_free(l);
				if (bw < INT_MAX) {
					tr_layout_dir asked;
					char *e = drawing(m, g, dir, panes[p], bw, &asked, &w);
					differ += strcmp(a, e) != 0;
					free(e);
				}
				if (dir == TR_LAYOUT_TOP_BOTTOM) {
					char *e = drawing(m, g, TR_LAYOUT_LEFT_RIGHT, 0, TR_LAYOUT_BOX_NARROW, &lr, &lrw);
					cramped += lrw <= panes[p];
					free(e);
				}
				free(a);
				runs++;
			}
			tr_graph_free(g);
			tr_model_free(m);
		}
	is_int(differ, 0, "AUTO draws what its direction and box width draw asked outright (%d panes)", runs);
	is_int(cramped, 0, "top to bottom only when left to right does not fit narrowed");
}

static void test_labels_are_inert(void)
{
	tr_model *m = MODEL("#1>#2");
	m->issues[0].title = tr_strdup("\x1b]52;c;cGF5bG9hZA==\x07\x1b[2J\xC2\x9b" "31m");
	free(m->issues[1].id);
	m->issues[1].id = tr_strdup("\xE2\x80\xAE" "evil\x1b[0m");
	char *s = text_of(m, TR_LAYOUT_LEFT_RIGHT, false, 0);
	ok(!strchr(s, '\x1b') && !strchr(s, '\x07'), "no escape or bell reaches the drawing");
	ok(!strstr(s, "\xC2\x9b") && !strstr(s, "\xE2\x80\xAE"), "no C1 control or bidi override either");
	ok(strstr(s, "^[") != NULL, "the escape shows as ^[");
	free(s);
	tr_model_free(m);
}

/* Edges across many layers, past the budget of dummies: the longest run
 * along lanes above the boxes, and the layout stays small and quick. */
static void test_lanes(void)
{
	tr_model *m = MODEL("a>b", "b>c", "c>d", "d>e", "e>f", "a>f", "x>f");
	tr_graph *g = tr_graph_new(m, NULL);
	tr_layout_opts o = TR_LAYOUT_OPTS_INIT;
	o.dir = TR_LAYOUT_LEFT_RIGHT;
	o.ascii = true;
	o.max_dummies = 1;
	tr_layout *l = tr_layout_new(m, g, &o);
	char *s = tr_layout_text(l);
	const char *nl = strchr(s, '\n');
	ok(nl && strspn(s, " |+-") == (size_t)(nl - s) && strchr(s, '+'),
	   "the edge from a to f runs along the top line");
	tr_rect a, f;
	tr_layout_box(l, tr_model_lookup(m, "a"), &a);
	tr_layout_box(l, tr_model_lookup(m, "f"), &f);
	ok(a.y > 1 && f.y > 1, "the boxes start below the lane and a blank line");
	free(s);
	tr_layout_free(l);
	tr_graph_free(g);
	tr_model_free(m);

	/* A chain of 3,000 with 6,000 edges from its first half to its end:
	 * nine million dummies without lanes. */
	size_t n = 3000;
	m = tr_model_new();
	size_t r = tr_model_add_report(m, "t.md");
	for (size_t i = 0; i < n; i++) {
		char id[32];
		snprintf(id, sizeof id, "#%zu", i + 1);
		tr_model_intern(m, id, false, r, 1);
		if (i)
			tr_model_add_edge(m, i - 1, i, TR_EDGE_CHAIN, r, 1);
	}
	for (size_t k = 0; k < 2 * n; k++)
		tr_model_add_edge(m, k % (n / 2), n - 1 - (k / (n / 2)) % 50, TR_EDGE_CHAIN, r, 1);
	tr_model_finish(m);
	g = tr_graph_new(m, NULL);
	l = tr_layout_new(m, g, NULL);
	tr_rect last;
	ok(tr_layout_box(l, n - 1, &last), "a pathological graph is laid out");
	tr_cell cells[80 * 24];
	tr_layout_render(l, last.x - 40, last.y - 10, 80, 24, cells);
	ok(cells[10 * 80 + 40].cp == 0x250C || cells[10 * 80 + 40].cp == 0x2554,
	   "and a pane shows the last issue's box where the layout says it is");
	tr_layout_free(l);
	tr_graph_free(g);
	tr_model_free(m);
}

/* Issues with no dependency sit side by side below the drawing, not in a
 * column as tall as their number. */
static void test_shelf(void)
{
	tr_model *m = MODEL("a>b", "i1", "i2", "i3", "i4", "i5");
	tr_graph *g = tr_graph_new(m, NULL);
	tr_layout_opts o = TR_LAYOUT_OPTS_INIT;
	o.pane_width = 30;
	tr_layout *l = tr_layout_new(m, g, &o);
	tr_rect a, i1, i2, i4;
	tr_layout_box(l, tr_model_lookup(m, "a"), &a);
	tr_layout_box(l, tr_model_lookup(m, "i1"), &i1);
	tr_layout_box(l, tr_model_lookup(m, "i2"), &i2);
	tr_layout_box(l, tr_model_lookup(m, "i4"), &i4);
	ok(i1.y > a.y + a.h, "unconnected issues come below the drawing");
	ok(i2.y == i1.y && i2.x > i1.x, "side by side");
	ok(i4.y > i1.y && tr_layout_width(l) <= 30, "wrapped to the pane's width");
	tr_layout_free(l);
	o.hide_isolated = true;
	l = tr_layout_new(m, g, &o);
	ok(!tr_layout_box(l, tr_model_lookup(m, "i1"), NULL), "or left out when asked");
	tr_layout_free(l);
	tr_graph_free(g);
	tr_model_free(m);
}

/* Crossings between consecutive layers of a left-to-right drawing when the
 * issue of each layer sit in the order pos[] gives (pos[i] compares issue
 * i with the others of its layer). */
static long crossings(const tr_model *m, const int *layer, const long *pos)
{
	long cross = 0;
	for (size_t e = 0; e < m->nedges; e++)
		for (size_t f = e + 1; f < m->nedges; f++) {
			const tr_edge *a = &m->edges[e], *b = &m->edges[f];
			if (layer[a->from] != layer[b->from] || a->from == b->from || a->to == b->to)
				continue;
			long d0 = pos[a->from] - pos[b->from], d1 = pos[a->to] - pos[b->to];
			cross += (d0 < 0) != (d1 < 0);
		}
	return cross;
}

/* Layered graphs whose every edge joins consecutive layers: the drawing
 * orders each layer so that fewer arrows cross than in the report's order,
 * and none at all where an order without crossings is easy to find. */
static void test_fewer_crossings(void)
{
	/* Eight pairs named in opposite orders: as reported, every pair of
	 * arrows crosses. */
	tr_model *m = MODEL("t8", "t7", "t6", "t5", "t4", "t3", "t2", "t1", "s1>t1", "s2>t2",
	                    "s3>t3", "s4>t4", "s5>t5", "s6>t6", "s7>t7", "s8>t8");
	tr_graph *g = tr_graph_new(m, NULL);
	tr_layout_opts o = TR_LAYOUT_OPTS_INIT;
	o.dir = TR_LAYOUT_LEFT_RIGHT;
	tr_layout *l = tr_layout_new(m, g, &o);
	int layer[16];
	long model_pos[16], drawn_pos[16];
	for (size_t i = 0; i < m->nissues; i++) {
		tr_rect r;
		tr_layout_box(l, i, &r);
		layer[i] = r.x;
		drawn_pos[i] = r.y;
		model_pos[i] = (long)i;
	}
	is_int(crossings(m, layer, model_pos), 28, "in the report's order all 28 pairs of arrows cross");
	is_int(crossings(m, layer, drawn_pos), 0, "drawn, none does");
	tr_layout_free(l);
	tr_graph_free(g);
	tr_model_free(m);

	long as_reported = 0, drawn = 0;
	int worse = 0, rounds = 0;
	for (int round = 0; round < 40; round++) {
		int nl = 2 + (int)next(4), per = 3 + (int)next(6);
		size_t n = (size_t)(nl * per);
		m = tr_model_new();
		size_t r = tr_model_add_report(m, "t.md");
		/* Issue numbers shuffled, so the report's order is arbitrary. */
		size_t *perm = tr_malloc(n * sizeof *perm);
		for (size_t i = 0; i < n; i++)
			perm[i] = i;
		for (size_t i = n; i > 1; i--) {
			size_t j = next((unsigned)i), t = perm[i - 1];
			perm[i - 1] = perm[j];
			perm[j] = t;
		}
		for (size_t i = 0; i < n; i++) {
			char id[32];
			snprintf(id, sizeof id, "#%zu", 100 + perm[i]);
			tr_model_intern(m, id, false, r, 1);
		}
		/* Issue k sits in layer k / per; each has an arrow from the layer
		 * before and to the layer after, and a few more. */
		for (int L = 0; L + 1 < nl; L++)
			for (int k = 0; k < per; k++) {
				size_t a = (size_t)(L * per + k), b = (size_t)((L + 1) * per + k);
				size_t a2 = (size_t)(L * per) + next((unsigned)per);
				size_t b2 = (size_t)((L + 1) * per) + next((unsigned)per);
				tr_model_add_edge(m, perm[a], perm[b2], TR_EDGE_CHAIN, r, 1);
				tr_model_add_edge(m, perm[a2], perm[b], TR_EDGE_CHAIN, r, 1);
			}
		tr_model_finish(m);
		g = tr_graph_new(m, NULL);
		l = tr_layout_new(m, g, &o);
		int *lay = tr_malloc(n * sizeof *lay);
		long *mp = tr_malloc(n * sizeof *mp), *dp = tr_malloc(n * sizeof *dp);
		for (size_t i = 0; i < n; i++) {
			tr_rect b;
			tr_layout_box(l, i, &b);
			lay[i] = b.x;
			dp[i] = b.y;
			mp[i] = (long)i;
		}
		long c0 = crossings(m, lay, mp), c1 = crossings(m, lay, dp);
		as_reported += c0;
		drawn += c1;
		worse += c1 > c0;
		rounds++;
		free(lay);
		free(mp);
		free(dp);
		free(perm);
		tr_layout_free(l);
		tr_graph_free(g);
		tr_model_free(m);
	}
	is_int(worse, 0, "no drawing crosses more arrows than the report's order would (%d graphs)", rounds);
	ok(drawn * 2 < as_reported, "and together they cross less than half as often (%ld against %ld)",
	   drawn, as_reported);
}

static void test_degenerate(void)
{
	tr_model *m = tr_model_new();
	tr_model_finish(m);
	tr_graph *g = tr_graph_new(m, NULL);
	tr_layout *l = tr_layout_new(m, g, NULL);
	is_int(tr_layout_width(l) + tr_layout_height(l), 0, "an empty model draws nothing");
	char *s = tr_layout_text(l);
	is_str(s, "", "and prints nothing");
	free(s);
	is_int(tr_layout_hit(l, 0, 0), -1, "nothing to hit");
	tr_layout_select(l, 5);
	is_int(tr_layout_selected(l), -1, "selecting an unknown issue clears the selection");
	tr_layout_free(l);
	tr_model *other = MODEL("a>b");
	l = tr_layout_new(other, g, NULL);
	is_int(tr_layout_width(l), 0, "a graph of another model draws nothing rather than guess");
	tr_layout_free(l);
	tr_graph_free(g);
	tr_model_free(m);

	/* One issue, absurd box widths. */
	g = tr_graph_new(other, NULL);
	tr_layout_opts o = TR_LAYOUT_OPTS_INIT;
	o.box_width = 1;
	l = tr_layout_new(other, g, &o);
	tr_rect r;
	ok(tr_layout_box(l, 0, &r) && r.w >= 10, "boxes are at least 8 columns inside");
	tr_layout_free(l);
	o.box_width = 1 << 30;
	l = tr_layout_new(other, g, &o);
	ok(tr_layout_box(l, 0, &r) && r.w < 20, "and no wider than their text needs");
	tr_layout_free(l);
	tr_graph_free(g);
	tr_model_free(other);
}

int main(void)
{
	/* Widths of wide characters as a UTF-8 terminal counts them. */
	setlocale(LC_ALL, "C.UTF-8");
	test_small_drawings();
	test_auto_direction();
	test_auto_narrows();
	test_auto_as_asked();
	test_labels_are_inert();
	test_degenerate();
	test_lanes();
	test_shelf();
	test_fewer_crossings();
	test_invariants();
	return done_testing();
}
