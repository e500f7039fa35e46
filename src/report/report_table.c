/* Tables whose header names an issue column and a title, priority or
 * status column: each row is an issue. */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "report_internal.h"
#include "triage/text.h"

static bool word_in(const char *w, size_t n, const char *const *set)
{
	for (size_t k = 0; set[k]; k++)
		if (strlen(set[k]) == n && strncasecmp(w, set[k], n) == 0)
			return true;
	return false;
}

/* A header worded another way ("Bug ID", "Ticket #", "Defect", "Anomalie",
 * "Priorität", "Titre"): every word is one of a role's words or a filler,
 * so "Issue type" or "Related issue" stay other columns. */
static col_role column_words(const char *c)
{
	static const char *const fillers[] = {
		"#", "no", "no.", "nr", "nr.", "id", "number", "ref", "key", "the", "de", "del", "du",
		"la", "le", "der", "die", NULL,
	};
	static const char *const issue[] = {
		"issue", "issues", "ticket", "tickets", "bug", "bugs", "defect", "defects", "ref",
		"key", "id", "jira", "linear", "github", "gh", "anomalie", "anomalía", "fehler",
		"incidencia", "incidente", "problema", "bogue", "ticketnummer", NULL,
	};
	static const char *const title[] = {
		"title", "summary", "titre", "titel", "título", "titulo", "titolo", "resumen",
		"résumé", "zusammenfassung", "beschreibung", "descripción", NULL,
	};
	static const char *const priority[] = {
		"priority", "prio", "severity", "priorität", "prioritaet", "priorité", "prioridad",
		"priorità", "prioridade", "sévérité", "severidad", "gravedad", "gravité", NULL,
	};
	static const char *const status[] = {
		"status", "state", "statut", "estado", "stato", "zustand", "état", NULL,
	};
	static const struct { const char *const *words; col_role role; } roles[] = {
		{ title, COL_TITLE }, { priority, COL_PRIORITY }, { status, COL_STATUS },
		{ issue, COL_ISSUE },
	};
	for (size_t k = 0; k < sizeof roles / sizeof *roles; k++) {
		bool any = false, all = true;
		for (const char *w = c; *w && all;) {
			w += strspn(w, " ");
			size_t n = strcspn(w, " ");
			if (!n)
				break;
			if (word_in(w, n, roles[k].words))
				any = true;
			else if (!word_in(w, n, fillers))
				all = false;
			w += n;
		}
		if (any && all)
			return roles[k].role;
	}
	return COL_OTHER;
}

static col_role column_role(const char *s, size_t n)
{
	char *c = rt_clean(s, n);
	static const struct { const char *name; col_role role; } names[] = {
		{ "issue", COL_ISSUE }, { "issues", COL_ISSUE }, { "id", COL_ISSUE }, { "#", COL_ISSUE },
		{ "ticket", COL_ISSUE }, { "issue #", COL_ISSUE }, { "issue id", COL_ISSUE },
		{ "github issue", COL_ISSUE }, { "gh issue", COL_ISSUE }, { "issue number", COL_ISSUE },
		{ "issue link", COL_ISSUE }, { "key", COL_ISSUE }, { "jira", COL_ISSUE },
		{ "title", COL_TITLE }, { "summary", COL_TITLE }, { "name", COL_TITLE },
		{ "description", COL_TITLE }, { "issue title", COL_TITLE },
		{ "priority", COL_PRIORITY }, { "severity", COL_PRIORITY }, { "sev", COL_PRIORITY },
		{ "prio", COL_PRIORITY },
		{ "status", COL_STATUS }, { "state", COL_STATUS },
		{ "failed", COL_FAILED }, { "failing", COL_FAILED }, { "failures", COL_FAILED },
		{ "passed", COL_PASSED }, { "passing", COL_PASSED },
		{ "skipped", COL_SKIPPED },
		{ "depends on", COL_DEPENDS }, { "dependencies", COL_DEPENDS },
		{ "blocked by", COL_DEPENDS }, { "prerequisites", COL_DEPENDS },
		{ "blocks", COL_BLOCKS }, { "unblocks", COL_BLOCKS },
	};
	col_role role = COL_OTHER;
	for (size_t i = 0; i < sizeof names / sizeof *names; i++)
		if (strcasecmp(c, names[i].name) == 0) {
			role = names[i].role;
			break;
		}
	if (role == COL_OTHER)
		role = column_words(c);
	if (role == COL_OTHER) {
		int dep = rch_column(c);
		role = dep < 0 ? COL_DEPENDS : dep > 0 ? COL_BLOCKS : COL_OTHER;
	}
	free(c);
	return role;
}

static void read_header_row(reader *r)
{
	r->ncols = 0;
	bool issue = false, other = false;
	for (size_t k = 0; k < r->nrow; k++) {
		const rb_block *c = &r->doc.blocks[r->row[k]];
		size_t col = c->number;
		tr_grow((void **)&r->cols, &r->capcols, col + 1, sizeof *r->cols);
		while (r->ncols <= col)
			r->cols[r->ncols++] = COL_OTHER;
		col_role role = column_role(rb_text(&r->doc, c), c->len);
		/* The first column of a kind is the one read. */
		for (size_t j = 0; j < col && role != COL_OTHER; j++)
			if (r->cols[j] == role)
				role = COL_OTHER;
		r->cols[col] = role;
		issue |= role == COL_ISSUE;
		other |= role == COL_TITLE || role == COL_PRIORITY || role == COL_STATUS ||
		         role == COL_DEPENDS || role == COL_BLOCKS;
	}
	r->issue_table = issue && other;
}

static long cell_number(const char *s, size_t n)
{
	while (n && isspace((unsigned char)*s)) {
		s++;
		n--;
	}
	while (n && isspace((unsigned char)s[n - 1]))
		n--;
	if (n == 0 || n > 9)
		return -1;
	long v = 0;
	for (size_t i = 0; i < n; i++) {
		if (!isdigit((unsigned char)s[i]))
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

static void read_issue_row(reader *r)
{
	const rb_block *cells[COL_BLOCKS + 1] = { NULL };
	unsigned line = 0;
	for (size_t k = 0; k < r->nrow; k++) {
		const rb_block *c = &r->doc.blocks[r->row[k]];
		if (!line)
			line = c->line;
		if (c->number < r->ncols && r->cols[c->number] != COL_OTHER)
			cells[r->cols[c->number]] = c;
	}
	const rb_block *ic = cells[COL_ISSUE];
	if (!ic)
		return;
	char small[RT_SMALL];
	char *clean = rt_clean_tmp(rb_text(&r->doc, ic), ic->len, small);
	size_t n = strlen(clean);
	char *title = NULL, *severity = NULL, *id = NULL;
	bool named = false;
	rt_ref ref;
	if (rt_next_ref(clean, n, 0, &ref) && rd_ref_ok(r, clean, &ref)) {
		id = rt_ref_id(clean, &ref);
		rt_heading_parts(clean, &ref, 1, &title, &severity);
	} else if (rt_short_key(clean, n) == n) {
		id = tr_strdup(clean);
	} else if (cell_number(clean, n) >= 0) {
		/* A tracker's number is "#305"; a zero-padded "002" is a key of
		 * the report's own, kept as written. */
		id = clean[0] == '0' && n > 1 ? tr_strdup(clean) : tr_sprintf("#%s", clean);
	} else if (n && strcmp(clean, "-") != 0 && strcmp(clean, "\xE2\x80\x94") != 0) {
		id = tr_slug(clean);
		named = true;
		title = tr_strdup(clean);
	}
	rt_clean_free(clean, small);
	if (!id || !*id) {
		free(id);
		free(title);
		free(severity);
		return;
	}
	size_t i = rd_intern(r, id, named, line);
	free(id);
	if (cells[COL_TITLE]) {
		char *t = rt_clean(rb_text(&r->doc, cells[COL_TITLE]), cells[COL_TITLE]->len);
		if (*t) {
			free(title);
			title = t;
		} else {
			free(t);
		}
	}
	rd_define_own(r, i, &title, &severity);
	free(title);
	free(severity);
	rd_note_status_heading(r, i, RD_LEVELS);
	tr_issue *is = &r->m->issues[i];
	if (cells[COL_PRIORITY]) {
		char *p = rt_clean_tmp(rb_text(&r->doc, cells[COL_PRIORITY]), cells[COL_PRIORITY]->len,
		                       small);
		rd_set_severity(is, p, line);
		rt_clean_free(p, small);
	}
	if (cells[COL_STATUS] && !is->status_text) {
		char *st = rt_clean(rb_text(&r->doc, cells[COL_STATUS]), cells[COL_STATUS]->len);
		tr_issue_status status = rd_status_of(r, rb_text(&r->doc, cells[COL_STATUS]),
		                                      cells[COL_STATUS]->len);
		if (*st || status != TR_ISSUE_UNKNOWN) {
			is->status_text = st;
			is->status = status;
			rd_source(is, TR_SOURCE_STATUS, line);
		} else {
			free(st);
		}
	}
	static const col_role counts[] = { COL_FAILED, COL_PASSED, COL_SKIPPED };
	long *fields[] = { &is->tests.failed, &is->tests.passed, &is->tests.skipped };
	for (int k = 0; k < 3; k++) {
		const rb_block *c = cells[counts[k]];
		long v = c ? cell_number(rb_text(&r->doc, c), c->len) : -1;
		if (v >= 0 && *fields[k] < 0) {
			*fields[k] = v;
			rd_source(is, TR_SOURCE_TESTS, line);
		}
	}
	if (cells[COL_DEPENDS])
		rd_add_dep(r, DEP_TABLE_DEPENDS, cells[COL_DEPENDS]->off, cells[COL_DEPENDS]->len, line, i);
	if (cells[COL_BLOCKS])
		rd_add_dep(r, DEP_TABLE_BLOCKS, cells[COL_BLOCKS]->off, cells[COL_BLOCKS]->len, line, i);
	/* A statement in another cell ("Blocked by #6", "Needs #7 first") is
	 * about the row's issue. */
	for (size_t k = 0; k < r->nrow; k++) {
		const rb_block *c = &r->doc.blocks[r->row[k]];
		col_role role = c->number < r->ncols ? r->cols[c->number] : COL_OTHER;
		if (role == COL_ISSUE || role == COL_DEPENDS || role == COL_BLOCKS || !c->len ||
		    !rt_may_ref(rb_text(&r->doc, c), c->len))
			continue;
		rd_add_dep(r, DEP_LINE, c->off, c->len, c->line ? c->line : line, i);
	}
}

void rd_read_row_end(reader *r)
{
	bool header = r->nrow > 0 && r->doc.blocks[r->row[0]].header;
	if (header)
		read_header_row(r);
	else if (r->issue_table)
		read_issue_row(r);
	r->nrow = 0;
}
