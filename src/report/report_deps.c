/* What was set aside while reading the sections: dependency lines and
 * failures, read once every issue of the report is known. */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "report_internal.h"
#include "triage/text.h"

/* What reading the lines needs from one to the next, kept so that a line
 * costs no allocation once the lines before it have made room. */
typedef struct dep_work {
	rch_titles *titles;     /* made when a chain first names a title */
	rch_node *nodes;
	size_t capnodes;
	rch_ends ids;           /* the references of one list, node or cell */
	rch_ends chain;         /* the references of a chain's lists (rch_split) */
	rch_lists *lists;       /* the lists of a statement in words */
	size_t *prev, *cur, *match, *self;
	size_t capprev, capcur, capmatch, capself;
} dep_work;

static void dep_work_free(dep_work *w)
{
	rch_titles_free(w->titles);
	free(w->nodes);
	rch_ends_free(&w->ids);
	rch_ends_free(&w->chain);
	rch_lists_free(w->lists);
	free(w->prev);
	free(w->cur);
	free(w->match);
	free(w->self);
}

/* The issues a line is about when its statement names no subject: the
 * item over it ("7. #126 …" over "- Blocked by: #103"), the item it
 * continues, or its section's issues. */
typedef struct dep_ctx {
	reader *r;
	dep_work *w;
	const pending_dep *d;
	size_t *self;
	size_t nself, capself;
	bool self_read;
} dep_ctx;

/* The issue an end names (TR_NONE for a tracker-like key the report does not
 * use for its items). */
static size_t intern_end(reader *r, const char *s, const rch_end *e, unsigned line)
{
	if (e->num < 0)
		return rd_intern_ref(r, s, e->ref, line);
	char id[24];
	snprintf(id, sizeof id, "#%ld", e->num);
	return rd_intern(r, id, false, line);
}

/* The issues a list item or heading leads with. */
static bool item_lead(dep_ctx *c, size_t item)
{
	if (item == TR_NONE)
		return false;
	const rb_block *bl = &c->r->doc.blocks[item];
	const char *s = rb_text(&c->r->doc, bl);
	rch_ends *ids = &c->w->ids;
	ids->n = 0;
	rch_lead(s, bl->len, ids);
	for (size_t k = 0; k < ids->n; k++) {
		size_t i = intern_end(c->r, s, &ids->v[k], bl->line);
		if (i == TR_NONE)
			continue;
		tr_grow((void **)&c->self, &c->capself, c->nself + 1, sizeof *c->self);
		c->self[c->nself++] = i;
	}
	return c->nself > 0;
}

static void read_self(dep_ctx *c)
{
	if (c->self_read)
		return;
	c->self_read = true;
	const pending_dep *d = c->d;
	if (d->issue != TR_NONE) {
		/* A table row's cell: the row's issue. */
		tr_grow((void **)&c->self, &c->capself, 1, sizeof *c->self);
		c->self[c->nself++] = d->issue;
		return;
	}
	if (!d->first && item_lead(c, d->item))
		return;
	if (item_lead(c, d->parent) || item_lead(c, d->heading))
		return;
	if (d->set == TR_NONE)
		return;
	FOR_SET(c->r, d->set, i) {
		tr_grow((void **)&c->self, &c->capself, c->nself + 1, sizeof *c->self);
		c->self[c->nself++] = i;
	}
}

static void prose_edge(void *ctx, const char *s, const rch_end *from, const rch_end *to,
                       tr_edge_kind kind)
{
	dep_ctx *c = ctx;
	reader *r = c->r;
	unsigned line = c->d->line;
	if (from && to) {
		size_t a = intern_end(r, s, from, line), b = intern_end(r, s, to, line);
		if (a != TR_NONE && b != TR_NONE)
			tr_model_add_edge(r->m, a, b, kind, 0, line);
		return;
	}
	size_t other = intern_end(r, s, from ? from : to, line);
	if (other == TR_NONE)
		return;
	read_self(c);
	for (size_t k = 0; k < c->nself; k++) {
		if (from)
			tr_model_add_edge(r->m, other, c->self[k], kind, 0, line);
		else
			tr_model_add_edge(r->m, c->self[k], other, kind, 0, line);
	}
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
	    tr_model_lookup(r->m, slug) == TR_NONE && tr_smap_get(&r->claimed, slug, strlen(slug)) == TR_NONE) {
		tr_smap_put(&r->claimed, slug, strlen(slug), issue);
		e->new_id = slug;
		return;
	}
	free(slug);
}

static size_t name_node(reader *r, const char *name, size_t n, unsigned line)
{
	char *clean = rt_clean(name, n);
	char *slug = tr_slug(clean);
	size_t i = TR_NONE;
	if (*slug) {
		i = tr_smap_get(&r->claimed, slug, strlen(slug));
		if (i == TR_NONE) {
			size_t before = r->m->nissues;
			i = rd_intern(r, slug, true, line);
			if (i >= before) {
				r->m->issues[i].title = tr_strdup(clean);
				rd_source(&r->m->issues[i], TR_SOURCE_TITLE, line);
			}
		}
	}
	free(slug);
	free(clean);
	return i;
}

/* The issues of ends v[0..nv), as indices. */
static size_t ends_issues(reader *r, const char *s, const rch_end *v, size_t nv, unsigned line,
                          size_t **out, size_t *cap)
{
	tr_grow((void **)out, cap, nv + 1, sizeof **out);
	size_t n = 0;
	for (size_t k = 0; k < nv; k++) {
		size_t i = intern_end(r, s, &v[k], line);
		if (i != TR_NONE)
			(*out)[n++] = i;
	}
	return n;
}

/* Issues of a list node, as indices. */
static size_t node_issues(reader *r, dep_work *w, const char *s, const rch_node *nd, unsigned line,
                          size_t **out, size_t *cap)
{
	rch_ends *ids = &w->ids;
	ids->n = 0;
	rch_list(s, nd->start + nd->len, nd->start, 0, ids);
	return ends_issues(r, s, ids->v, ids->n, line, out, cap);
}

static void link(reader *r, const size_t *a, size_t na, const size_t *b, size_t nb, int sense,
                 unsigned line)
{
	for (size_t i = 0; i < na; i++)
		for (size_t j = 0; j < nb; j++)
			if (sense > 0)
				tr_model_add_edge(r->m, a[i], b[j], TR_EDGE_CHAIN, 0, line);
			else
				tr_model_add_edge(r->m, b[j], a[i], TR_EDGE_CHAIN, 0, line);
}

/* Words before the first arrow that call the line a dependency
 * ("Dependency chain: #1 → #2"). */
static bool line_says_deps(const char *s, size_t n)
{
	static const char *const words[] = { "depend", "prerequisite", "block", "critical path", NULL };
	char lower[128];
	size_t k = 0;
	for (; k < n && k < sizeof lower - 1; k++) {
		if (s[k] == '-' || s[k] == '=' || (unsigned char)s[k] == 0xE2)
			break;
		lower[k] = (char)tolower((unsigned char)s[k]);
	}
	lower[k] = '\0';
	for (const char *const *w = words; *w; w++)
		if (strstr(lower, *w))
			return true;
	return false;
}

/* Words saying an arrow is something else, even in a dependency map: a
 * merge, a rename, a duplicate, a replacement. */
static bool line_says_other(const char *s, size_t n)
{
	static const char *const words[] = {
		"merge", "renam", "duplicate", "similar", "moved", "replaced", "supersed", NULL,
	};
	for (size_t i = 0; i < n; i++) {
		char c = (char)(s[i] | 0x20);
		/* Only word starts whose letter starts one of the words. */
		if ((c != 'm' && c != 'r' && c != 'd' && c != 's') ||
		    (i > 0 && isalpha((unsigned char)s[i - 1])))
			continue;
		for (const char *const *w = words; *w; w++) {
			/* The first two letters before anything is measured. */
			if ((*w)[0] != c || n - i < 2 || (s[i + 1] | 0x20) != (*w)[1])
				continue;
			size_t len = strlen(*w);
			if (n - i >= len && strncasecmp(s + i, *w, len) == 0)
				return true;
		}
	}
	return false;
}

/* A chain of arrows.  Arrows labelled with a verb ("→ blocks #3") are
 * statements, read as prose; a bare arrow is a dependency only in a
 * dependency map (a heading or the line says so, or a legend), pointing to
 * the dependent unless the legend says otherwise. */
static void read_chain(reader *r, dep_work *w, const pending_dep *d, int legend)
{
	const char *s = r->doc.arena.data + d->off;
	size_t nn = rch_split(s, d->len, &w->nodes, &w->capnodes, &w->chain);
	if (nn < 2)
		return;
	rch_node *nd = w->nodes;
	size_t filled = 0, refs = 0, named = 0, matched = 0;
	for (size_t k = 0; k < nn; k++) {
		filled += nd[k].kind != RCH_EMPTY;
		refs += nd[k].kind == RCH_REF;
		named += nd[k].kind == RCH_NAME;
	}
	int sense = legend ? legend : (d->map || line_says_deps(s, d->len)) ? 1 : 0;
	if (!sense || filled < 2 || refs + named < 2 || line_says_other(s, d->len))
		return;
	tr_grow((void **)&w->match, &w->capmatch, nn, sizeof *w->match);
	size_t *match = w->match;
	for (size_t k = 0; k < nn; k++) {
		match[k] = TR_NONE;
		if (nd[k].kind != RCH_NAME)
			continue;
		if (!w->titles)
			w->titles = rch_titles_new(r->m);
		match[k] = rch_titles_find(w->titles, r->m, s + nd[k].start, nd[k].len);
		matched += match[k] != TR_NONE;
	}
	/* A chain of names alone joins only issues the report has. */
	if (refs == 0 && matched < named)
		return;
	size_t *prev = w->prev, *cur = w->cur, capprev = w->capprev, capcur = w->capcur;
	size_t nprev = 0, seen_refs = 0;
	for (size_t k = 0; k < nn; k++) {
		size_t ncur = 0;
		if (nd[k].kind == RCH_REF) {
			/* The ends the split found, as a list node's own reading finds them. */
			ncur = ends_issues(r, s, w->chain.v + nd[k].id0, nd[k].nids, d->line, &cur, &capcur);
			seen_refs++;
		} else if (nd[k].kind == RCH_NAME && match[k] != TR_NONE) {
			tr_grow((void **)&cur, &capcur, 1, sizeof *cur);
			cur[ncur++] = match[k];
			claim_name(r, match[k], s + nd[k].start, nd[k].len);
		} else if (nd[k].kind == RCH_NAME && k == nn - 1 && seen_refs >= 2 && nprev > 0) {
			/* The goal a chain of issues leads to ("→ Golden Path"). */
			size_t i = name_node(r, s + nd[k].start, nd[k].len, d->line);
			if (i != TR_NONE) {
				tr_grow((void **)&cur, &capcur, 1, sizeof *cur);
				cur[ncur++] = i;
			}
		}
		link(r, prev, nprev, cur, ncur, nd[k].left ? -sense : sense, d->line);
		size_t *t = prev;
		prev = cur;
		cur = t;
		size_t tc = capprev;
		capprev = capcur;
		capcur = tc;
		nprev = ncur;
	}
	w->prev = prev;
	w->cur = cur;
	w->capprev = capprev;
	w->capcur = capcur;
}

/* The line of code block `code` before (dir < 0) or after the one at
 * arena offset `off` that is not blank, skipping lines `skip` accepts (at
 * most SKIP_MAX of them, so a block of branches is read in linear time);
 * [*b, *e) in the arena.  False at the block's edge or a blank line. */
#define SKIP_MAX 64

static bool code_line(reader *r, size_t code, size_t off, int dir, bool (*skip)(const char *, size_t),
                      size_t *b, size_t *e)
{
	const rb_block *bl = &r->doc.blocks[code];
	const char *a = r->doc.arena.data;
	size_t lo = bl->off, hi = bl->off + bl->len;
	size_t p = off;
	for (unsigned skipped = 0; skipped <= SKIP_MAX; skipped++) {
		size_t ls, le;
		if (dir < 0) {
			while (p > lo && a[p - 1] != '\0')
				p--;            /* the start of this line */
			if (p <= lo)
				return false;
			le = p - 1;
			ls = le;
			while (ls > lo && a[ls - 1] != '\0')
				ls--;
			p = ls;
		} else {
			while (p < hi && a[p] != '\0')
				p++;
			if (p >= hi)
				return false;
			ls = p + 1;
			le = ls;
			while (le < hi && a[le] != '\0')
				le++;
			p = ls;
		}
		while (ls < le && isspace((unsigned char)a[ls]))
			ls++;
		while (le > ls && isspace((unsigned char)a[le - 1]))
			le--;
		if (ls == le)
			return false;
		if (skip && skip(a + ls, le - ls))
			continue;
		*b = ls;
		*e = le;
		return true;
	}
	return false;
}

static bool is_branch(const char *s, size_t n)
{
	return rch_leading_arrow(s, n) > 0;
}

/* The issues of the first list in arena text [b, e). */
static size_t line_issues(reader *r, dep_work *w, size_t b, size_t e, unsigned line, size_t **out,
                          size_t *cap)
{
	const char *s = r->doc.arena.data + b;
	rt_ref ref;
	if (!rt_next_ref(s, e - b, 0, &ref))
		return 0;
	rch_node nd = { RCH_REF, ref.start, e - b - ref.start, false, 0, 0 };
	return node_issues(r, w, s, &nd, line, out, cap);
}

/* A map drawn downwards ("Phase 0 (AMI-104)" / "↓ blocks" / "Phase 1
 * (AMI-105)") and branches under a head ("#34 (Win)" / "  → #102").  */
static void read_drawn(reader *r, dep_work *w, const pending_dep *d, int legend)
{
	const char *s = r->doc.arena.data + d->off;
	int down = rch_down(s, d->len);
	size_t arrow = down == RCH_NOT ? rch_leading_arrow(s, d->len) : 0;
	if (down == RCH_NOT && !arrow)
		return;
	size_t pb, pe, nb, ne, *a = NULL, *b = NULL, capa = 0, capb = 0, na = 0, nb2 = 0;
	int sense = 0;
	if (down != RCH_NOT) {
		sense = down == RCH_FORWARD ? 1 : down == RCH_BACKWARD ? -1 : legend ? legend : d->map ? 1 : 0;
		if (sense && code_line(r, d->code, d->off, -1, NULL, &pb, &pe) &&
		    code_line(r, d->code, d->off, 1, NULL, &nb, &ne)) {
			na = line_issues(r, w, pb, pe, d->line, &a, &capa);
			nb2 = line_issues(r, w, nb, ne, d->line, &b, &capb);
		}
	} else if (legend) {
		/* A branch means what the legend says, from the head above it. */
		sense = legend;
		if (code_line(r, d->code, d->off, -1, is_branch, &pb, &pe)) {
			na = line_issues(r, w, pb, pe, d->line, &a, &capa);
			w->ids.n = 0;
			size_t end = rch_lead(s + arrow, d->len - arrow, &w->ids);
			if (end) {
				rch_node nd = { RCH_REF, arrow, end, false, 0, 0 };
				rt_ref ref;
				if (rt_next_ref(s, arrow + end, arrow, &ref)) {
					nd.start = ref.start;
					nd.len = arrow + end - ref.start;
					nb2 = node_issues(r, w, s, &nd, d->line, &b, &capb);
				}
			}
		}
	}
	if (sense)
		link(r, a, na, b, nb2, sense, d->line);
	free(a);
	free(b);
}

/* A dependency column's cell: every list in it. */
static void read_cell(reader *r, dep_work *w, const pending_dep *d)
{
	const char *s = r->doc.arena.data + d->off;
	rch_ends *ids = &w->ids;
	ids->n = 0;
	rt_ref ref;
	for (size_t at = 0; rt_next_ref(s, d->len, at, &ref);)
		at = rch_list(s, d->len, ref.start, 0, ids);
	for (size_t k = 0; k < ids->n; k++) {
		size_t other = intern_end(r, s, &ids->v[k], d->line);
		if (other == TR_NONE)
			continue;
		if (d->kind == DEP_TABLE_DEPENDS)
			tr_model_add_edge(r->m, other, d->issue, TR_EDGE_TABLE, 0, d->line);
		else
			tr_model_add_edge(r->m, d->issue, other, TR_EDGE_TABLE, 0, d->line);
	}
}

/* Whether heading h is `sec` or one of its subsections (TR_NONE: the part
 * before the first heading, which holds the whole report). */
static bool within(const reader *r, size_t h, size_t sec)
{
	if (sec == TR_NONE)
		return true;
	unsigned level = r->heads[sec].level;
	while (h != TR_NONE && r->heads[h].level > level)
		h = r->heads[h].parent;
	return h == sec;
}

/* Whether a line may hold what only a legend, a drawn map or a chain is
 * read from: an arrow ("->", "=>", " <-", or the UTF-8 of one, all of whose
 * second bytes are 0x86, 0x9F or 0xAC: what rch_legend, rch_down,
 * rch_leading_arrow and rch_split read) or the word "arrow" (a legend in
 * words, found by "rrow" as rch_legend finds it).  Most lines hold neither,
 * and only a statement in words can be read from them.  `known` (DEP_*)
 * spares the searches whose answer the line's reader saw. */
static bool may_draw(const char *s, size_t n, unsigned known)
{
	if (known & DEP_DRAWS)
		return true;
	if (!(known & DEP_NO_ANGLE) && (memchr(s, '>', n) || memchr(s, '<', n)))
		return true;
	for (const char *p = s, *e = s + n;
	     !(known & DEP_NO_E2) && (p = memchr(p, 0xE2, (size_t)(e - p))) != NULL; p++)
		if (e - p >= 3 && (p[1] == '\x86' || p[1] == '\x9F' || p[1] == '\xAC'))
			return true;
	return rd_says_arrow(s, n);
}

static void read_prose(reader *r, dep_work *w, const pending_dep *d, const char *s)
{
	dep_ctx ctx = { r, w, d, w->self, 0, w->capself, false };
	rch_prose(s, d->len, &w->lists, prose_edge, &ctx);
	w->self = ctx.self;
	w->capself = ctx.capself;
}

void rd_read_deps(reader *r)
{
	dep_work w = { 0 };
	size_t code = TR_NONE;
	int legend = 0;         /* what a bare arrow means in this code block */
	/* A legend in prose holds in its section and the sections under it. */
	int prose_legend = 0;
	size_t legend_section = TR_NONE;
	for (size_t k = 0; k < r->ndeps; k++) {
		const pending_dep *d = &r->deps[k];
		const char *s = r->doc.arena.data + d->off;
		if (d->kind != DEP_LINE) {
			read_cell(r, &w, d);
			continue;
		}
		if (d->code != code) {
			code = d->code;
			legend = 0;
		}
		if (prose_legend && !within(r, d->section, legend_section))
			prose_legend = 0;
		if (!may_draw(s, d->len, d->known)) {
			read_prose(r, &w, d, s);
			continue;
		}
		if (code != TR_NONE) {
			int l = rch_legend(s, d->len);
			if (l) {
				legend = l;
				continue;
			}
			read_drawn(r, &w, d, legend ? legend : prose_legend);
		} else {
			int l = rch_legend(s, d->len);
			if (l) {
				prose_legend = l;
				legend_section = d->section;
				continue;
			}
		}
		read_chain(r, &w, d, legend ? legend : prose_legend);
		read_prose(r, &w, d, s);
	}
	dep_work_free(&w);
}

/* Every phrase rd_says_unblocked looks for has a space between "0", "no"
 * or "not" and "b", "d" or "p": an item's lead without one ("#1446 Retry
 * storm - P2") cannot say it, and is passed at a test a space. */
static bool may_say_unblocked(const char *s, size_t n)
{
	for (size_t i = 1; i + 1 < n; i++) {
		if (s[i] != ' ')
			continue;
		char a = (char)(s[i - 1] | 0x20), b = (char)(s[i + 1] | 0x20);
		if ((a == 'o' || a == 't' || a == '0') && (b == 'b' || b == 'd' || b == 'p'))
			return true;
	}
	return false;
}

bool rd_says_unblocked(const char *s, size_t n)
{
	static const char *const words[] = {
		"0 blockers", "no blockers", "no blocker", "no blocking dependencies",
		"no blocking dependency", "no dependencies", "no prerequisites", "not blocked",
	};
	return may_say_unblocked(s, n) && rt_has_any_word(s, n, words, sizeof words / sizeof *words);
}

void rd_settle_deps(reader *r)
{
	tr_model *m = r->m;
	bool *drop = NULL;
	for (size_t e = 0; e < m->nedges; e++) {
		const tr_edge *ed = &m->edges[e];
		if (ed->kind != TR_EDGE_CHAIN)
			continue;
		if (!(ed->to < r->capextra && r->extra[ed->to].unblocked))
			continue;
		if (!drop)
			drop = tr_calloc(m->nedges, sizeof *drop);
		drop[e] = true;
	}
	if (drop)
		tr_model_drop_edges(m, drop);
	free(drop);
}
