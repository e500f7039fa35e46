#include "config.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "triage/store.h"
#include "triage/text.h"

/* The issue table's columns: a column is as wide as what it holds, within
 * its cap; the title takes the rest.  When the width cannot hold them all,
 * columns go in their `drop` order (1 first; 0 never), those that say "-"
 * on every row before any other. */
#define SUMMARY_COLUMNS(X) \
	/* name    head      cap  right drop */ \
	X(ID,     "ID",      16, false, 0) \
	X(PRI,    "PRI",      3, false, 8) \
	X(STATUS, "STATUS",  21, false, 7) \
	X(STATE,  "STATE",   11, false, 6) \
	X(OWNER,  "OWNER",   10, false, 4) \
	X(FAIL,   "FAIL",     6, true,  5) \
	X(PASS,   "PASS",     6, true,  3) \
	X(SKIP,   "SKIP",     6, true,  2) \
	X(PLAN,   "PLAN",     7, false, 1) \
	X(TITLE,  "TITLE",    0, false, 0)
enum {
#define X(name, head, cap, right, drop) COL_##name,
	SUMMARY_COLUMNS(X)
#undef X
	NCOLS
};
static const struct column {
	const char *head;
	size_t cap;
	bool right;
	int drop;
} columns[NCOLS] = {
#define X(name, head, cap, right, drop) { head, cap, right, drop },
	SUMMARY_COLUMNS(X)
#undef X
};
#define SUMMARY_TITLE_MIN 24          /* narrower, other columns give way */
/* An id in a dependency or a cycle line. */
#define SUMMARY_EDGE_ID_COLS 40
/* "  report:   ", "  executed: ": what comes before a report's facts. */
#define SUMMARY_LABEL_COLS 12
/* "  1234x ": a failure group's count. */
#define SUMMARY_GROUP_PREFIX_COLS 8
#define SUMMARY_MIN_WIDTH 40
#define SUMMARY_MAX_WIDTH 1000

/* Appends s fitted into exactly `cols` columns (padded), made inert. */
static void cell(tr_buf *line, const char *s, size_t cols, bool ascii, bool right)
{
	tr_buf tmp = TR_BUF_INIT;
	size_t used = tr_text_fit(&tmp, s ? s : "-", cols, ascii);
	if (right)
		for (size_t i = used; i < cols; i++)
			tr_buf_addc(line, ' ');
	tr_buf_add(line, tr_buf_str(&tmp), tmp.len);
	if (!right)
		for (size_t i = used; i < cols; i++)
			tr_buf_addc(line, ' ');
	tr_buf_free(&tmp);
}

/* A row's text in a column (into buf when it is made); "-" for nothing. */
static const char *column_word(const tr_issue *is, const tr_store *st, int col, bool ascii,
                               char *buf, size_t n)
{
	const tr_progress *pr = st ? tr_store_get(st, is->id) : NULL;
	long count = -1;
	switch (col) {
	case COL_ID: return is->id;
	case COL_PRI: return tr_priority_word(is->priority);
	case COL_STATUS: return tr_issue_status_word(is->status);
	case COL_STATE: return tr_state_word(pr ? pr->state : TR_STATE_OPEN);
	case COL_OWNER: return pr && pr->owner ? pr->owner : "-";
	case COL_FAIL: count = is->tests.failed; break;
	case COL_PASS: count = is->tests.passed; break;
	case COL_SKIP: count = is->tests.skipped; break;
	case COL_PLAN:
		if (!is->plan_phase)
			return "-";
		snprintf(buf, n, "%s%s", is->plan_phase,
		         is->plan_done ? (ascii ? " [x]" : " \xE2\x9C\x93") : "");
		return buf;
	default: return is->title ? is->title : "";
	}
	if (count < 0)
		return "-";
	snprintf(buf, n, "%ld", count);
	return buf;
}

static const char *column_text(const tr_issue *is, const tr_store *st, int col, bool ascii,
                               char *buf, size_t n)
{
	const char *t = column_word(is, st, col, ascii, buf, n);
	return t ? t : "-";
}

static void print_line(tr_buf *line)
{
	/* Cells are inert already; trailing padding is noise in a chat message. */
	while (line->len && line->data[line->len - 1] == ' ')
		line->data[--line->len] = '\0';
	puts(tr_buf_str(line));
	tr_buf_reset(line);
}

/* The report's word on each issue, and the team's: the progress state and
 * the owner from the progress file (st may be NULL: all open). */
static void print_issues(const tr_model *m, const tr_store *st, size_t width, bool ascii)
{
	size_t w[NCOLS];
	bool said[NCOLS] = { false }, shown[NCOLS];
	char buf[64];
	for (int c = 0; c < NCOLS; c++)
		w[c] = tr_text_width(columns[c].head);
	for (size_t i = 0; i < m->nissues; i++)
		for (int c = 0; c < COL_TITLE; c++) {
			const char *t = column_text(&m->issues[i], st, c, ascii, buf, sizeof buf);
			size_t tw = tr_text_width(t);
			if (tw > w[c])
				w[c] = tw < columns[c].cap ? tw : columns[c].cap;
			said[c] |= strcmp(t, "-") != 0;
		}
	size_t fixed = 0;
	for (int c = 0; c < NCOLS; c++) {
		shown[c] = true;
		fixed += c < COL_TITLE ? w[c] + 1 : 0;
	}
	/* Too narrow: the columns saying nothing go first, then the others. */
	for (int pass = 0; pass < 2; pass++)
		for (int d = 1; fixed + SUMMARY_TITLE_MIN > width && d < NCOLS; d++)
			for (int c = 0; c < COL_TITLE; c++)
				if (columns[c].drop == d && shown[c] && (pass || !said[c])) {
					shown[c] = false;
					fixed -= w[c] + 1;
				}
	/* Even with every column that may go gone, the title takes what is left. */
	w[COL_TITLE] = width > fixed + SUMMARY_TITLE_MIN ? width - fixed
	             : width > fixed + 4            ? width - fixed : 4;

	tr_buf line = TR_BUF_INIT;
	for (int c = 0; c < NCOLS; c++)
		if (shown[c]) {
			cell(&line, columns[c].head, w[c], ascii, columns[c].right);
			tr_buf_addc(&line, ' ');
		}
	print_line(&line);
	for (size_t i = 0; i < m->nissues; i++) {
		for (int c = 0; c < NCOLS; c++)
			if (shown[c]) {
				cell(&line, column_text(&m->issues[i], st, c, ascii, buf, sizeof buf), w[c],
				     ascii, columns[c].right);
				tr_buf_addc(&line, ' ');
			}
		print_line(&line);
	}
	tr_buf_free(&line);
}

static void print_edges(const tr_model *m, size_t width, bool ascii)
{
	if (!m->nedges)
		return;
	const char *arrow = ascii ? "->" : "\xE2\x86\x92";
	/* 46 columns; in fewer, the short way of saying it. */
	if (width >= 46)
		printf("\nDependencies (prerequisite %s what it unblocks)\n", arrow);
	else
		printf("\nDependencies (first %s next)\n", arrow);
	/* "  A → B": each id gets half of what is left, and no more than its cap. */
	size_t idw = width > 8 ? (width - 5) / 2 : 1;
	if (idw > SUMMARY_EDGE_ID_COLS)
		idw = SUMMARY_EDGE_ID_COLS;
	for (size_t e = 0; e < m->nedges; e++) {
		const tr_edge *ed = &m->edges[e];
		tr_buf line = TR_BUF_INIT;
		tr_buf_adds(&line, "  ");
		tr_text_fit(&line, m->issues[ed->from].id, idw, ascii);
		tr_buf_adds(&line, ascii ? " -> " : " \xE2\x86\x92 ");
		tr_text_fit(&line, m->issues[ed->to].id, idw, ascii);
		puts(tr_buf_str(&line));
		tr_buf_free(&line);
	}
}

static void print_cycles(const tr_model *m, size_t width, bool ascii)
{
	const char *arrow = ascii ? " -> " : " \xE2\x86\x92 ";
	for (size_t c = 0; c < m->ncycles; c++) {
		const tr_cycle *cy = &m->cycles[c];
		char lead[64];
		if (!cy->ring) {
			/* Paths that cross: no one line of arrows says them. */
			snprintf(lead, sizeof lead, "  cycles among (%zu): ", cy->n);
			cli_put_ids(stdout, m, lead, cy->issues, cy->n, ", ", false, width, ascii);
		} else {
			cli_put_ids(stdout, m, cy->n == 1 ? "  self-loop: " : "  cycle: ", cy->issues, cy->n,
			            arrow, true, width, ascii);
		}
	}
}

static int cmp_group(const void *a, const void *b)
{
	const tr_failure_group *x = *(const tr_failure_group *const *)a;
	const tr_failure_group *y = *(const tr_failure_group *const *)b;
	if (x->count != y->count)
		return x->count < y->count ? 1 : -1;
	return x < y ? -1 : x > y;
}

static void print_groups(const tr_model *m, size_t width, bool ascii)
{
	if (!m->ngroups)
		return;
	const tr_failure_group **order = tr_malloc(m->ngroups * sizeof *order);
	for (size_t g = 0; g < m->ngroups; g++)
		order[g] = &m->groups[g];
	qsort(order, m->ngroups, sizeof *order, cmp_group);
	printf("\nFailure groups (most frequent first)\n");
	for (size_t g = 0; g < m->ngroups; g++) {
		const tr_failure_group *gr = order[g];
		tr_buf line = TR_BUF_INIT, ids = TR_BUF_INIT;
		for (size_t k = 0; k < gr->nissues; k++) {
			if (k)
				tr_buf_addc(&ids, ' ');
			tr_buf_adds(&ids, m->issues[gr->issues[k]].id);
		}
		tr_buf_addf(&line, "  %4zux ", gr->count);
		size_t room = width > SUMMARY_MIN_WIDTH ? width - SUMMARY_GROUP_PREFIX_COLS
		                                        : SUMMARY_MIN_WIDTH - SUMMARY_GROUP_PREFIX_COLS;
		size_t idw = tr_text_width(tr_buf_str(&ids));
		if (idw > room / 3)
			idw = room / 3;
		tr_text_fit(&line, gr->signature, room - idw - 2, ascii);
		tr_buf_adds(&line, "  ");
		tr_text_fit(&line, tr_buf_str(&ids), idw, ascii);
		puts(tr_buf_str(&line));
		tr_buf_free(&line);
		tr_buf_free(&ids);
	}
	free(order);
}

int cmd_summary(cli_globals *g, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "width", required_argument, NULL, 'w' },
		CLI_OPT_HELP,
		{ NULL, 0, NULL, 0 },
	};
	int c, rc = CLI_GETOPT_START, width = cli_term_width(100);
	while ((c = cli_getopt("summary", g, argc, argv, "w:", opts, &rc)) != -1) {
		if (c == 'w') {
			width = atoi(optarg);
			if (width < SUMMARY_MIN_WIDTH || width > SUMMARY_MAX_WIDTH) {
				cli_error("summary: --width must be between %d and %d", SUMMARY_MIN_WIDTH,
				          SUMMARY_MAX_WIDTH);
				return CLI_USAGE;
			}
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
	bool ascii = g->ascii;
	tr_buf line = TR_BUF_INIT;
	for (size_t r = 0; r < m->nreports; r++) {
		const tr_report *rp = &m->reports[r];
		tr_text_fit(&line, rp->title ? rp->title : rp->path, (size_t)width, ascii);
		print_line(&line);
		char count[48];
		int cw = snprintf(count, sizeof count, " (%zu issue%s)", rp->nissues, rp->nissues == 1 ? "" : "s");
		size_t room = (size_t)width - SUMMARY_LABEL_COLS;
		tr_buf_adds(&line, "  report:   ");
		tr_text_fit(&line, rp->path, room > (size_t)cw + 8 ? room - (size_t)cw : room, ascii);
		tr_buf_adds(&line, count);
		print_line(&line);
		if (rp->executed_at) {
			tr_buf_adds(&line, "  executed: ");
			tr_text_fit(&line, rp->executed_at, (size_t)width - SUMMARY_LABEL_COLS, ascii);
			print_line(&line);
		}
		tr_buf_adds(&line, "  encoding: ");
		tr_text_fit(&line, rp->encoding ? rp->encoding : "-", (size_t)width - SUMMARY_LABEL_COLS, ascii);
		print_line(&line);
	}
	tr_buf_free(&line);
	putchar('\n');
	print_issues(m, tr_session_store(session), (size_t)width, ascii);
	size_t nfail = 0;
	for (size_t i = 0; i < m->nissues; i++)
		nfail += m->issues[i].nfailures;
	char *counts[4] = {
		tr_sprintf("%zu issue%s", m->nissues, m->nissues == 1 ? "" : "s"),
		tr_sprintf("%zu dependenc%s", m->nedges, m->nedges == 1 ? "y" : "ies"),
		tr_sprintf("%zu failure%s in %zu group%s", nfail, nfail == 1 ? "" : "s", m->ngroups,
		           m->ngroups == 1 ? "" : "s"),
		tr_sprintf("%zu cycle%s", m->ncycles, m->ncycles == 1 ? "" : "s"),
	};
	putchar('\n');
	cli_put_list(stdout, "", (const char *const *)counts, 4, ", ", (size_t)width, 2, ascii);
	for (int k = 0; k < 4; k++)
		free(counts[k]);
	print_edges(m, (size_t)width, ascii);
	print_cycles(m, (size_t)width, ascii);
	print_groups(m, (size_t)width, ascii);
	tr_session_free(session);
	return CLI_OK;
}
