#include "config.h"

#include <string.h>

#include "triage/dot.h"
#include "triage/text.h"

/* Appends s as the inside of a DOT quoted string: inert first (controls
 * become visible escapes), then backslashes and quotes escaped, so nothing
 * in a title can end the string or start a DOT escape such as \N or \G. */
static void quoted(tr_buf *out, const char *s, size_t cols)
{
	tr_buf clean = TR_BUF_INIT;
	if (cols)
		tr_text_fit(&clean, s, cols, false);
	else
		tr_text_inert(&clean, s, strlen(s), false);
	for (const char *p = tr_buf_str(&clean); *p; p++) {
		if (*p == '"' || *p == '\\')
			tr_buf_addc(out, '\\');
		tr_buf_addc(out, *p);
	}
	tr_buf_free(&clean);
}

/* Fill and border by state: paler for what is still to do. */
static const char *const fills[TR_STATE_COUNT] = {
	"#ffffff", "#fff3cd", "#d4edda", "#b7e1c1", "#e2e3e5",
};
static const char *const borders[TR_STATE_COUNT] = {
	"#6c757d", "#b8860b", "#2e7d32", "#1b5e20", "#9e9e9e",
};

char *tr_dot(const tr_model *m, const tr_graph *g, const uint8_t *state)
{
	size_t n = g->nissues == m->nissues ? m->nissues : 0;
	tr_buf b = TR_BUF_INIT;
	tr_buf_adds(&b, "digraph triage {\n"
	                "\tgraph [rankdir=LR, fontname=\"Helvetica\", nodesep=0.3, ranksep=0.5];\n"
	                "\tnode [shape=box, style=\"rounded,filled\", fontname=\"Helvetica\", fontsize=11];\n"
	                "\tedge [color=\"#555555\", arrowsize=0.7];\n");
	if (g->ncritical) {
		tr_buf_adds(&b, "\t// critical path:");
		for (size_t i = 0; i < g->ncritical; i++) {
			tr_buf_adds(&b, i ? " -> " : " ");
			/* A comment ends at a newline; inert text has none. */
			quoted(&b, m->issues[g->critical_path[i]].id, 0);
		}
		tr_buf_addc(&b, '\n');
	}
	for (size_t i = 0; i < n; i++) {
		const tr_issue *is = &m->issues[i];
		unsigned st = state && state[i] < TR_STATE_COUNT ? state[i] : TR_STATE_OPEN;
		tr_buf_adds(&b, "\t\"");
		quoted(&b, is->id, 0);
		tr_buf_adds(&b, "\" [label=\"");
		quoted(&b, is->id, 0);
		const char *prio = tr_priority_word(is->priority);
		if (prio)
			tr_buf_addf(&b, " (%s)", prio);
		if (st != TR_STATE_OPEN)
			tr_buf_addf(&b, " %s", tr_state_word(st));
		if (is->title) {
			tr_buf_adds(&b, "\\n");
			quoted(&b, is->title, 48);
		}
		bool critical = g->nodes[i].critical != 0;
		tr_buf_addf(&b, "\", fillcolor=\"%s\", color=\"%s\"%s", fills[st],
		            critical ? "#c0392b" : borders[st], critical ? ", penwidth=2.5" : "");
		if (st == TR_STATE_WONT_FIX)
			tr_buf_adds(&b, ", style=\"rounded,filled,dashed\"");
		tr_buf_adds(&b, "];\n");
	}
	for (size_t u = 0; u < n; u++) {
		for (size_t k = g->succ_start[u]; k < g->succ_start[u + 1]; k++) {
			size_t v = g->succ[k];
			tr_buf_adds(&b, "\t\"");
			quoted(&b, m->issues[u].id, 0);
			tr_buf_adds(&b, "\" -> \"");
			quoted(&b, m->issues[v].id, 0);
			tr_buf_addc(&b, '"');
			bool critical = g->nodes[u].critical && g->nodes[v].critical == g->nodes[u].critical + 1;
			if (critical)
				tr_buf_adds(&b, " [color=\"#c0392b\", penwidth=2.5]");
			else if (g->succ_back[k])
				/* Drawn against the flow so the rest keeps its ranks. */
				tr_buf_adds(&b, " [style=dashed, color=\"#c0392b\", constraint=false]");
			tr_buf_adds(&b, ";\n");
		}
	}
	tr_buf_adds(&b, "}\n");
	return tr_buf_detach(&b);
}
