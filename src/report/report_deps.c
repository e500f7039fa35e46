/* What was set aside while reading the sections: dependency lines and
 * failures, read once every issue of the report is known. */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "report_internal.h"
#include "triage/text.h"

typedef struct dep_ctx {
	reader *r;
	unsigned line;
} dep_ctx;

static void prose_edge(void *ctx, const char *s, rt_ref from, rt_ref to, tr_edge_kind kind)
{
	dep_ctx *d = ctx;
	size_t a = rd_intern_ref(d->r, s, from, d->line);
	size_t b = rd_intern_ref(d->r, s, to, d->line);
	if (a == NONE || b == NONE)
		return;
	tr_model_add_edge(d->r->m, a, b, kind, 0, d->line);
}

/* A chain name for a named issue: "Golden Path" makes it golden-path. */
static void claim_name(reader *r, size_t issue, const char *name, size_t n)
{
	issue_extra *e = rd_extra(r, issue);
	if (!r->m->issues[issue].named || e->new_id)
		return;
	char *raw = tr_strndup(name, n);
	char *slug = tr_slug(raw);
	free(raw);
	if (*slug && strcmp(slug, r->m->issues[issue].id) != 0 &&
	    tr_model_lookup(r->m, slug) == NONE && rm_get(&r->claimed, slug, strlen(slug)) == RM_NONE) {
		rm_put(&r->claimed, slug, strlen(slug), issue);
		e->new_id = slug;
		return;
	}
	free(slug);
}

static size_t name_node(reader *r, const char *name, size_t n, unsigned line)
{
	char *clean = rt_clean(name, n);
	char *slug = tr_slug(clean);
	size_t i = NONE;
	if (*slug) {
		i = rm_get(&r->claimed, slug, strlen(slug));
		if (i == RM_NONE) {
			size_t before = r->m->nissues;
			i = rd_intern(r, slug, true, line);
			if (i >= before)
				r->m->issues[i].title = tr_strdup(clean);
		}
	}
	free(slug);
	free(clean);
	return i;
}

static void read_chain(reader *r, pending_dep *d, rch_titles **titles, rch_node **nodes, size_t *cap)
{
	const char *s = r->doc.arena.data + d->off;
	size_t nn = rch_split(s, d->len, nodes, cap);
	if (nn < 2)
		return;
	rch_node *nd = *nodes;
	size_t filled = 0, refs = 0, named = 0, matched = 0;
	size_t *match = tr_malloc(nn * sizeof *match);
	for (size_t k = 0; k < nn; k++) {
		match[k] = NONE;
		if (nd[k].kind == RCH_EMPTY)
			continue;
		filled++;
		if (nd[k].kind == RCH_REF) {
			refs++;
			continue;
		}
		named++;
		if (!*titles)
			*titles = rch_titles_new(r->m);
		match[k] = rch_titles_find(*titles, r->m, s + nd[k].start, nd[k].len);
		matched += match[k] != NONE;
	}
	/* A chain names at least one issue by number, or only known issues. */
	if (filled < 2 || (refs == 0 && matched < named)) {
		free(match);
		return;
	}
	d->is_chain = true;
	size_t prev = NONE;
	for (size_t k = 0; k < nn; k++) {
		size_t i = NONE;
		if (nd[k].kind == RCH_REF) {
			rt_ref ref;
			if (rt_next_ref(s, nd[k].start + nd[k].len, nd[k].start, &ref))
				i = rd_intern_ref(r, s, ref, d->line);
		} else if (nd[k].kind == RCH_NAME && match[k] != NONE) {
			i = match[k];
			claim_name(r, i, s + nd[k].start, nd[k].len);
		} else if (nd[k].kind == RCH_NAME) {
			i = name_node(r, s + nd[k].start, nd[k].len, d->line);
		}
		if (i == NONE)
			continue;
		if (prev != NONE)
			tr_model_add_edge(r->m, prev, i, TR_EDGE_CHAIN, 0, d->line);
		prev = i;
	}
	free(match);
}

void rd_read_deps(reader *r)
{
	rch_titles *titles = NULL;
	rch_node *nodes = NULL;
	size_t cap = 0;
	for (size_t k = 0; k < r->ndeps; k++) {
		pending_dep *d = &r->deps[k];
		const char *s = r->doc.arena.data + d->off;
		if (d->kind == DEP_LINE) {
			read_chain(r, d, &titles, &nodes, &cap);
			dep_ctx ctx = { r, d->line };
			rch_prose(s, d->len, prose_edge, &ctx);
			continue;
		}
		rt_ref ref;
		for (size_t at = 0; rt_next_ref(s, d->len, at, &ref); at = ref.end) {
			size_t other = rd_intern_ref(r, s, ref, d->line);
			if (other == NONE)
				continue;
			if (d->kind == DEP_TABLE_DEPENDS)
				tr_model_add_edge(r->m, other, d->issue, TR_EDGE_TABLE, 0, d->line);
			else
				tr_model_add_edge(r->m, d->issue, other, TR_EDGE_TABLE, 0, d->line);
		}
	}
	free(nodes);
	rch_titles_free(titles);
}

void rd_read_failures(reader *r)
{
	for (size_t k = 0; k < r->nfails; k++) {
		const pending_fail *f = &r->fails[k];
		if (f->dep != NONE && r->deps[f->dep].is_chain)
			continue;
		tr_buf_reset(&r->scratch);
		tr_buf_add(&r->scratch, r->doc.arena.data + f->off, f->len);
		FOR_SET(r, f->set, i)
			tr_issue_add_failure(&r->m->issues[i], r->scratch.data, 0, f->line);
	}
}
