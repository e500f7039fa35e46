/* triage graph: the dependency graph as text (the console's graph pane,
 * whole) or as Graphviz DOT, with what a stand-up asks: the critical path,
 * what is ready now, cycles. */
#include "config.h"

#include <getopt.h>
#include <langinfo.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "triage/dot.h"
#include "triage/layout.h"
#include "triage/text.h"


/* Wider than any terminal; a bound so that the arithmetic stays in an int. */
#define GRAPH_MAX_WIDTH 100000

/* SGR colours for the roles, when stdout is a colour terminal. */
static const char *role_sgr(uint8_t role)
{
	switch (role) {
	case TR_CELL_EDGE_CRITICAL: case TR_CELL_CRITICAL: return "31;1";
	case TR_CELL_EDGE_CYCLE: return "35";
	case TR_CELL_BOX_IN_PROGRESS: return "33";
	case TR_CELL_BOX_FIXED: case TR_CELL_BOX_VERIFIED: return "32";
	case TR_CELL_BOX_WONT_FIX: return "2";
	case TR_CELL_BOX_ID: return "1";
	default: return NULL;
	}
}

static void print_colour(const tr_layout *l)
{
	int w = tr_layout_width(l), h = tr_layout_height(l);
	if (w <= 0)
		return;
	tr_cell *row = tr_malloc((size_t)w * sizeof *row);
	for (int y = 0; y < h; y++) {
		tr_layout_render(l, 0, y, w, 1, row);
		int end = w;
		while (end > 0 && (row[end - 1].cp == ' ' || row[end - 1].cp == 0))
			end--;
		const char *cur = NULL;
		for (int x = 0; x < end; x++) {
			if (row[x].cp == 0)
				continue;
			const char *sgr = role_sgr(row[x].role);
			if (sgr != cur && (!sgr || !cur || strcmp(sgr, cur) != 0)) {
				fputs("\x1b[0m", stdout);
				if (sgr)
					printf("\x1b[%sm", sgr);
				cur = sgr;
			}
			char u[4];
			fwrite(u, 1, tr_utf8_encode(row[x].cp, u), stdout);
		}
		fputs(cur ? "\x1b[0m\n" : "\n", stdout);
	}
	free(row);
}

/* What a stand-up asks, under the drawing, wrapped at `width`. */
static void print_facts(const tr_model *m, const tr_graph *gr, size_t width, bool ascii)
{
	const char *arrow = ascii ? " -> " : " \xE2\x86\x92 ";
	char lead[64];
	if (gr->ncritical) {
		snprintf(lead, sizeof lead, "critical path (%zu): ", gr->ncritical);
		cli_put_ids(stdout, m, lead, gr->critical_path, gr->ncritical, arrow, false, width, ascii);
	} else {
		printf("critical path: none (no chain of unresolved issues)\n");
	}
	size_t *ready = tr_malloc((gr->nissues ? gr->nissues : 1) * sizeof *ready), nready = 0;
	for (size_t i = 0; i < gr->nissues; i++)
		if (gr->nodes[i].ready)
			ready[nready++] = i;
	tr_graph_sort(gr, TR_GRAPH_ORDER_READY_FIRST, ready, nready);
	if (nready) {
		snprintf(lead, sizeof lead, "ready now (%zu): ", nready);
		cli_put_ids(stdout, m, lead, ready, nready, ", ", false, width, ascii);
	} else {
		puts("ready now: none");
	}
	free(ready);
	for (size_t c = 0; c < m->ncycles; c++) {
		const tr_cycle *cy = &m->cycles[c];
		if (!cy->ring) {
			/* Paths that cross: no one line of arrows says them. */
			snprintf(lead, sizeof lead, "cycles among (%zu): ", cy->n);
			cli_put_ids(stdout, m, lead, cy->issues, cy->n, ", ", false, width, ascii);
		} else if (cy->n > 1) {
			cli_put_ids(stdout, m, "cycle: ", cy->issues, cy->n, arrow, true, width, ascii);
		} else {
			/* "cycle: " and " (waits on itself)": 25 columns around the id. */
			tr_buf line = TR_BUF_INIT;
			tr_buf_adds(&line, "cycle: ");
			tr_text_fit(&line, m->issues[cy->issues[0]].id, width > 26 ? width - 25 : 1, ascii);
			tr_buf_adds(&line, " (waits on itself)");
			puts(tr_buf_str(&line));
			tr_buf_free(&line);
		}
	}
}

/* Beyond these a drawing of boxes is megabytes no one reads (300 issues
 * and 3,000 arrows drew 20 MB): the graph is told in short instead.  The
 * console's graph pane still walks the whole of it, and DOT draws it. */
#define READABLE_ISSUES 150
#define READABLE_ARROWS 400
#define SUMMARY_ROWS 20

static bool readable(const tr_model *m)
{
	return m->nissues <= READABLE_ISSUES && m->nedges <= READABLE_ARROWS;
}

/* The graph in short: why there is no drawing, how to get one, and the
 * issues that hold up most, before the facts every graph ends with. */
static void print_summary(const tr_model *m, const tr_graph *gr, int width, bool ascii)
{
	printf("%zu issues and %zu arrows: more than a drawing shows readably (it draws up to %d "
	       "issues and %d arrows), so in short.\n"
	       "Drawn whole: triage graph --format dot REPORT | dot -Tsvg > graph.svg, or the "
	       "console's graph pane.\n\n",
	       m->nissues, m->nedges, READABLE_ISSUES, READABLE_ARROWS);
	size_t *order = tr_malloc((gr->nissues ? gr->nissues : 1) * sizeof *order), n = 0;
	for (size_t i = 0; i < gr->nissues; i++)
		if (!gr->nodes[i].resolved)
			order[n++] = i;
	tr_graph_sort(gr, TR_GRAPH_ORDER_HOLDS_UP, order, n);
	size_t rows = n < SUMMARY_ROWS ? n : SUMMARY_ROWS;
	size_t idw = 4;
	for (size_t r = 0; r < rows; r++) {
		size_t w = tr_text_width(m->issues[order[r]].id);
		if (w > idw)
			idw = w < 20 ? w : 20;
	}
	printf("holding up most (%zu of %zu unresolved):\n", rows, n);
	tr_buf line = TR_BUF_INIT;
	for (size_t r = 0; r < rows; r++) {
		const tr_graph_node *nd = &gr->nodes[order[r]];
		const tr_issue *is = &m->issues[order[r]];
		tr_buf_reset(&line);
		tr_buf_adds(&line, "  ");
		size_t used = tr_text_fit(&line, is->id, idw, ascii);
		for (; used < idw; used++)
			tr_buf_addc(&line, ' ');
		tr_buf_addf(&line, "  holds up %-6zu waits on %-4zu unblocks %-4zu ", nd->holds_up,
		            nd->nwaits_on, nd->nunblocks);
		size_t left = width > 0 && (size_t)width > line.len + 8 ? (size_t)width - line.len : 40;
		tr_text_fit(&line, is->title ? is->title : "", left, ascii);
		puts(tr_buf_str(&line));
	}
	tr_buf_free(&line);
	free(order);
	putchar('\n');
}

static int parse_width(const char *arg, const char *what, int *out)
{
	char *end;
	long v = strtol(arg, &end, 10);
	if (*end || end == arg || v < 1 || v > GRAPH_MAX_WIDTH) {
		cli_error("graph: %s must be a number from 1 to %d, not '%s'", what, GRAPH_MAX_WIDTH, arg);
		return -1;
	}
	*out = (int)v;
	return 0;
}

int cmd_graph(cli_globals *g, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "direction", required_argument, NULL, 'd' },
		{ "width", required_argument, NULL, 'w' },
		{ "box-width", required_argument, NULL, 'b' },
		CLI_OPT_HELP,
		{ NULL, 0, NULL, 0 },
	};
	bool dot = false;
	tr_layout_opts o = TR_LAYOUT_OPTS_INIT;
	o.pane_width = -1;
	int c, rc = CLI_GETOPT_START;
	while ((c = cli_getopt("graph", g, argc, argv, "f:d:w:b:", opts, &rc)) != -1) {
		switch (c) {
		case 'f':
			if (strcmp(optarg, "dot") == 0) {
				dot = true;
			} else if (strcmp(optarg, "text") != 0) {
				cli_error("graph: unknown format '%s' (known: text, dot)", optarg);
				return CLI_USAGE;
			}
			break;
		case 'd':
			if (strcmp(optarg, "lr") == 0)
				o.dir = TR_LAYOUT_LEFT_RIGHT;
			else if (strcmp(optarg, "tb") == 0)
				o.dir = TR_LAYOUT_TOP_BOTTOM;
			else if (strcmp(optarg, "auto") == 0)
				o.dir = TR_LAYOUT_AUTO;
			else {
				cli_error("graph: unknown direction '%s' (known: auto, lr, tb)", optarg);
				return CLI_USAGE;
			}
			break;
		case 'w':
			if (parse_width(optarg, "--width", &o.pane_width) < 0)
				return CLI_USAGE;
			break;
		case 'b':
			if (parse_width(optarg, "--box-width", &o.box_width) < 0)
				return CLI_USAGE;
			break;
		}
	}
	if (rc != -1)
		return rc;
	tr_session *session = cli_session(g, argc - optind, argv + optind, false);
	const tr_model *m = cli_session_model(session);
	if (!m) {
		tr_session_free(session);
		return CLI_FAIL;
	}
	cli_store_warnings(session);
	uint8_t *state = tr_session_states(session);
	bool *resolved = tr_calloc(m->nissues ? m->nissues : 1, sizeof *resolved);
	for (size_t i = 0; i < m->nissues; i++)
		resolved[i] = tr_graph_issue_resolved(&m->issues[i], state[i]);
	tr_graph *gr = tr_graph_new(m, resolved);
	if (dot) {
		char *s = tr_dot(m, gr, state);
		fputs(s, stdout);
		free(s);
	} else {
		const char *cs = nl_langinfo(CODESET);
		o.ascii = g->ascii || !cs || strcmp(cs, "UTF-8") != 0;
		if (o.pane_width < 0)
			o.pane_width = cli_term_width(80);
		o.state = state;
		if (!readable(m)) {
			print_summary(m, gr, o.pane_width, o.ascii);
			print_facts(m, gr, (size_t)o.pane_width, o.ascii);
		} else {
			tr_layout *l = tr_layout_new(m, gr, &o);
			if (g->color && isatty(STDOUT_FILENO)) {
				print_colour(l);
			} else {
				char *s = tr_layout_text(l);
				fputs(s, stdout);
				free(s);
			}
			if (tr_layout_height(l) > 0)
				putchar('\n');
			print_facts(m, gr, (size_t)o.pane_width, o.ascii);
			tr_layout_free(l);
		}
	}
	rc = fflush(stdout) == 0 && !ferror(stdout) ? CLI_OK : CLI_FAIL;
	if (rc != CLI_OK)
		cli_error("graph: could not write the output");
	tr_graph_free(gr);
	free(resolved);
	free(state);
	tr_session_free(session);
	return rc;
}
