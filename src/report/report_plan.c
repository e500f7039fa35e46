/* The remediation plan: numbered recommendations under a plan heading,
 * and task lists. */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "report_internal.h"
#include "triage/text.h"

/* "P0" from "Phase 1: Critical Infrastructure (P0)", else "Phase 1", else
 * the heading's text. */
static char *phase_of(reader *r, size_t h)
{
	if (h == TR_NONE)
		return tr_strdup("Plan");
	const rb_block *bl = &r->doc.blocks[r->heads[h].block];
	char *clean = rt_clean(rb_text(&r->doc, bl), bl->len);
	for (const char *p = clean; *p; p++) {
		if ((*p == 'P' || *p == 'p') && p[1] >= '0' && p[1] <= '3' &&
		    !isalnum((unsigned char)p[2]) && (p == clean || !isalnum((unsigned char)p[-1]))) {
			char *phase = tr_sprintf("P%c", p[1]);
			free(clean);
			return phase;
		}
	}
	long number;
	if (rt_phase_prefix(clean, strlen(clean), &number)) {
		free(clean);
		return tr_sprintf("Phase %ld", number);
	}
	size_t n = strlen(clean);
	while (n && (clean[n - 1] == ':' || clean[n - 1] == ' '))
		clean[--n] = '\0';
	if (!*clean) {
		free(clean);
		return tr_strdup("Plan");
	}
	return clean;
}

/* "- [ ] #1518 Flaky login - P2": title and severity from the item. */
static void define_from_item(reader *r, size_t issue, const char *text, size_t n)
{
	char small[RT_SMALL];
	char *clean = rt_clean_tmp(text, n, small);
	rd_refv refs = { NULL, 0, 0 };
	rd_refs(r, clean, strlen(clean), &refs);
	char *title, *severity;
	rt_heading_parts(clean, refs.v, refs.n, &title, &severity);
	free(refs.v);
	/* "**Issue #1333** (NEW) - \"area | P0 | title\"": the item's P-level. */
	int pl = rt_plevel(clean, strlen(clean));
	if (pl >= 0 && r->m->issues[issue].priority == TR_PRIORITY_NONE) {
		r->m->issues[issue].priority = (tr_priority)pl;
		rd_source(&r->m->issues[issue], TR_SOURCE_PRIORITY, r->at_line);
	}
	rd_define_own(r, issue, &title, &severity);
	free(title);
	free(severity);
	rt_clean_free(clean, small);
}

void rd_read_plan(reader *r)
{
	int counter = 0;
	char *phase = NULL;           /* of phase_heading: items share their heading */
	size_t phase_heading = TR_NONE - 1;
	for (size_t k = 0; k < r->nplans; k++) {
		const pending_plan *p = &r->plans[k];
		const rb_block *bl = &r->doc.blocks[p->block];
		const char *text = rb_text(&r->doc, bl);
		size_t nrefs = rd_refs(r, text, bl->len, &r->refs);
		if (nrefs == 0)
			continue;
		int step = bl->number > 0 && bl->number < 1000000 ? (int)bl->number : counter + 1;
		counter = step;
		if (p->heading != phase_heading) {
			free(phase);
			phase = phase_of(r, p->heading);
			phase_heading = p->heading;
		}
		for (size_t j = 0; j < nrefs; j++) {
			/* Copied: defining an issue reads the item's references again. */
			rt_ref ref = r->refs.v[j];
			size_t i = rd_find_ref(r, text, ref);
			if (i == TR_NONE && bl->task) {
				/* A task list may be the only place an issue is listed. */
				i = rd_intern_ref(r, text, ref, bl->line);
				r->at_line = bl->line;
				if (i != TR_NONE)
					define_from_item(r, i, text, bl->len);
				if (i != TR_NONE && r->m->issues[i].priority == TR_PRIORITY_NONE) {
					const char *nl = memchr(text, '\n', bl->len);
					int pl = rt_plevel(text, nl ? (size_t)(nl - text) : bl->len);
					if (pl >= 0) {
						r->m->issues[i].priority = (tr_priority)pl;
						rd_source(&r->m->issues[i], TR_SOURCE_PRIORITY, bl->line);
					}
				}
			}
			if (i == TR_NONE || r->m->issues[i].plan_phase)
				continue;
			tr_issue *is = &r->m->issues[i];
			is->plan_phase = tr_strdup(phase);
			rd_source(is, TR_SOURCE_PLAN, bl->line);
			is->plan_step = step;
			is->plan_done = bl->task == 'x';
		}
	}
	free(phase);
}
