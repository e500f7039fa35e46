#include "config.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "triage/store.h"
#include "triage/text.h"

/* The issue table's columns, each followed by a space. */
#define SUMMARY_ID_MIN 4
#define SUMMARY_ID_MAX 16
#define SUMMARY_PRI_COLS 3              /* "P0" */
#define SUMMARY_STATUS_COLS 21          /* "root-cause-identified" */
#define SUMMARY_STATE_COLS 11           /* "in-progress" */
#define SUMMARY_OWNER_COLS 10
#define SUMMARY_COUNT_COLS 4
#define SUMMARY_PLAN_COLS 7
#define SUMMARY_TITLE_MIN 10
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

static void count_text(char *out, size_t n, long v)
{
	if (v < 0)
		snprintf(out, n, "-");
	else
		snprintf(out, n, "%ld", v);
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
	/* The id column fits the longest id ("golden-path"), within reason. */
	size_t idw = SUMMARY_ID_MIN;
	for (size_t i = 0; i < m->nissues; i++) {
		size_t w = tr_text_width(m->issues[i].id);
		if (w > idw)
			idw = w;
	}
	if (idw > SUMMARY_ID_MAX)
		idw = SUMMARY_ID_MAX;
	const size_t priw = SUMMARY_PRI_COLS, statw = SUMMARY_STATUS_COLS, numw = SUMMARY_COUNT_COLS,
	             planw = SUMMARY_PLAN_COLS;
	const size_t statew = SUMMARY_STATE_COLS, ownerw = SUMMARY_OWNER_COLS;
	size_t fixed = idw + 1 + priw + 1 + statw + 1 + statew + 1 + ownerw + 1 + 3 * (numw + 1) + planw + 1;
	size_t titlew = width > fixed + SUMMARY_TITLE_MIN ? width - fixed : SUMMARY_TITLE_MIN;
	tr_buf line = TR_BUF_INIT;
	cell(&line, "ID", idw, ascii, false); tr_buf_addc(&line, ' ');
	cell(&line, "PRI", priw, ascii, false); tr_buf_addc(&line, ' ');
	cell(&line, "STATUS", statw, ascii, false); tr_buf_addc(&line, ' ');
	cell(&line, "STATE", statew, ascii, false); tr_buf_addc(&line, ' ');
	cell(&line, "OWNER", ownerw, ascii, false); tr_buf_addc(&line, ' ');
	cell(&line, "FAIL", numw, ascii, true); tr_buf_addc(&line, ' ');
	cell(&line, "PASS", numw, ascii, true); tr_buf_addc(&line, ' ');
	cell(&line, "SKIP", numw, ascii, true); tr_buf_addc(&line, ' ');
	cell(&line, "PLAN", planw, ascii, false); tr_buf_addc(&line, ' ');
	cell(&line, "TITLE", titlew, ascii, false);
	print_line(&line);
	for (size_t i = 0; i < m->nissues; i++) {
		const tr_issue *is = &m->issues[i];
		char f[24], p[24], s[24], plan[48];
		count_text(f, sizeof f, is->tests.failed);
		count_text(p, sizeof p, is->tests.passed);
		count_text(s, sizeof s, is->tests.skipped);
		if (is->plan_phase)
			snprintf(plan, sizeof plan, "%s%s", is->plan_phase, is->plan_done ? (ascii ? " [x]" : " \xE2\x9C\x93") : "");
		else
			snprintf(plan, sizeof plan, "-");
		cell(&line, is->id, idw, ascii, false); tr_buf_addc(&line, ' ');
		cell(&line, tr_priority_word(is->priority), priw, ascii, false); tr_buf_addc(&line, ' ');
		cell(&line, tr_issue_status_word(is->status), statw, ascii, false); tr_buf_addc(&line, ' ');
		const tr_progress *pr = st ? tr_store_get(st, is->id) : NULL;
		cell(&line, tr_state_word(pr ? pr->state : TR_STATE_OPEN), statew, ascii, false);
		tr_buf_addc(&line, ' ');
		cell(&line, pr && pr->owner ? pr->owner : "-", ownerw, ascii, false); tr_buf_addc(&line, ' ');
		cell(&line, f, numw, ascii, true); tr_buf_addc(&line, ' ');
		cell(&line, p, numw, ascii, true); tr_buf_addc(&line, ' ');
		cell(&line, s, numw, ascii, true); tr_buf_addc(&line, ' ');
		cell(&line, plan, planw, ascii, false); tr_buf_addc(&line, ' ');
		cell(&line, is->title ? is->title : "", titlew, ascii, false);
		print_line(&line);
	}
	tr_buf_free(&line);
}

static void print_edges(const tr_model *m, bool ascii)
{
	if (!m->nedges)
		return;
	printf("\nDependencies (prerequisite %s what it unblocks)\n", ascii ? "->" : "\xE2\x86\x92");
	for (size_t e = 0; e < m->nedges; e++) {
		const tr_edge *ed = &m->edges[e];
		tr_buf line = TR_BUF_INIT;
		tr_buf_adds(&line, "  ");
		tr_text_fit(&line, m->issues[ed->from].id, SUMMARY_EDGE_ID_COLS, ascii);
		tr_buf_adds(&line, ascii ? " -> " : " \xE2\x86\x92 ");
		tr_text_fit(&line, m->issues[ed->to].id, SUMMARY_EDGE_ID_COLS, ascii);
		puts(tr_buf_str(&line));
		tr_buf_free(&line);
	}
}

static void print_cycles(const tr_model *m, bool ascii)
{
	for (size_t c = 0; c < m->ncycles; c++) {
		const tr_cycle *cy = &m->cycles[c];
		tr_buf line = TR_BUF_INIT;
		if (!cy->ring) {
			/* Paths that cross: no one line of arrows says them. */
			tr_buf_addf(&line, "  cycles among (%zu): ", cy->n);
			for (size_t k = 0; k < cy->n; k++) {
				if (k)
					tr_buf_adds(&line, ", ");
				tr_text_fit(&line, m->issues[cy->issues[k]].id, SUMMARY_EDGE_ID_COLS, ascii);
			}
			puts(tr_buf_str(&line));
			tr_buf_free(&line);
			continue;
		}
		tr_buf_adds(&line, cy->n == 1 ? "  self-loop: " : "  cycle: ");
		for (size_t k = 0; k <= cy->n; k++) {
			if (k)
				tr_buf_adds(&line, ascii ? " -> " : " \xE2\x86\x92 ");
			tr_text_fit(&line, m->issues[cy->issues[k % cy->n]].id, SUMMARY_EDGE_ID_COLS, ascii);
		}
		puts(tr_buf_str(&line));
		tr_buf_free(&line);
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
		tr_buf_adds(&line, "  report:   ");
		tr_text_fit(&line, rp->path, (size_t)width - SUMMARY_LABEL_COLS, ascii);
		tr_buf_addf(&line, " (%zu issue%s)", rp->nissues, rp->nissues == 1 ? "" : "s");
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
	printf("\n%zu issue%s, %zu dependenc%s, %zu failure%s in %zu group%s, %zu cycle%s\n",
	       m->nissues, m->nissues == 1 ? "" : "s", m->nedges, m->nedges == 1 ? "y" : "ies",
	       nfail, nfail == 1 ? "" : "s", m->ngroups, m->ngroups == 1 ? "" : "s",
	       m->ncycles, m->ncycles == 1 ? "" : "s");
	print_edges(m, ascii);
	print_cycles(m, ascii);
	print_groups(m, (size_t)width, ascii);
	tr_session_free(session);
	return CLI_OK;
}
