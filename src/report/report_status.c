/* The status a section's heading gives the issues under it that state
 * none ("## Resolved", "### Done (3)", "## Open issues"). */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "report_internal.h"
#include "triage/text.h"

/* Whether a heading names only a status, with perhaps a noun and a count:
 * "Resolved", "✅ Done (3)", "Open issues", "In progress:".  "Open
 * questions" and "Fixed in 2.3" are no such heading, nor "Blocked": what
 * blocks an issue is its dependencies' to say, and an item listed there
 * may be the one that is ready ("#430 - Ready to start"). */
static int status_heading(const char *s, size_t n)
{
	static const char *const states[] = {
		"open", "new", "todo", "to do", "pending", "active", "in progress", "ongoing",
		"wip", "in review", "resolved", "closed", "fixed", "done", "merged",
		"complete", "completed", "finished", "verified", "abiertos", "cerrados",
		"resueltos", "offen", "erledigt", "behoben", "ouverts", "r\xC3\xA9solus",
		"abertos", "resolvidos",
	};
	static const char *const nouns[] = {
		"issue", "issues", "item", "items", "bug", "bugs", "ticket", "tickets", "task",
		"tasks", "problem", "problems",
	};
	char *clean = rt_clean(s, n);
	char words[64];
	size_t o = 0;
	bool ok = true;
	for (const char *p = clean; *p && ok;) {
		while (*p == ' ' || *p == ':')
			p++;
		if (*p == '(') {
			/* A count: "(3)", "(3 issues)". */
			const char *q = p + 1;
			while (isdigit((unsigned char)*q))
				q++;
			ok = q > p + 1;
			if (ok && *q == ' ') {
				const char *w = ++q;
				while (isalpha((unsigned char)*q))
					q++;
				bool noun = false;
				for (size_t k = 0; k < sizeof nouns / sizeof *nouns && !noun; k++)
					noun = strlen(nouns[k]) == (size_t)(q - w) &&
					       strncasecmp(w, nouns[k], (size_t)(q - w)) == 0;
				ok = noun;
			}
			ok = ok && *q == ')';
			if (!ok)
				break;
			p = q + 1;
			continue;
		}
		size_t len = 0;
		while (p[len] && p[len] != ' ' && p[len] != ':' && p[len] != '(')
			len++;
		if (!len)
			break;
		bool noun = false;
		for (size_t k = 0; k < sizeof nouns / sizeof *nouns && !noun; k++)
			noun = strlen(nouns[k]) == len && strncasecmp(p, nouns[k], len) == 0;
		if (!noun) {
			if (o + len + 1 >= sizeof words) {
				ok = false;
				break;
			}
			if (o)
				words[o++] = ' ';
			for (size_t k = 0; k < len; k++)
				words[o++] = (char)tolower((unsigned char)p[k]);
		}
		p += len;
	}
	free(clean);
	words[o] = '\0';
	if (!ok || !o)
		return -1;
	for (size_t k = 0; k < sizeof states / sizeof *states; k++)
		if (strcmp(words, states[k]) == 0)
			return tr_issue_status_from_text(words);
	return -1;
}

size_t rd_status_heading(reader *r, unsigned level)
{
	for (unsigned l = level; l-- > 1;) {
		size_t h = r->active[l];
		if (h == TR_NONE || h == r->title_heading || r->heads[h].role != H_PLAIN)
			continue;
		heading *hd = &r->heads[h];
		if (hd->status == -2) {
			const rb_block *bl = &r->doc.blocks[hd->block];
			hd->status = bl->len > 48 ? -1
			                          : (signed char)status_heading(rb_text(&r->doc, bl), bl->len);
		}
		if (hd->status >= 0)
			return h;
	}
	return TR_NONE;
}

void rd_note_status_heading(reader *r, size_t issue, unsigned level)
{
	size_t h = rd_status_heading(r, level);
	issue_extra *e = rd_extra(r, issue);
	if (h != TR_NONE && e->status_heading == TR_NONE)
		e->status_heading = h;
}

void rd_section_status(reader *r, size_t issue)
{
	issue_extra *e = rd_extra(r, issue);
	tr_issue *is = &r->m->issues[issue];
	if (e->status_heading == TR_NONE || is->status_text || is->status != TR_ISSUE_UNKNOWN)
		return;
	const heading *hd = &r->heads[e->status_heading];
	const rb_block *bl = &r->doc.blocks[hd->block];
	is->status = (tr_issue_status)hd->status;
	is->status_text = rt_clean(rb_text(&r->doc, bl), bl->len);
	rd_source(is, TR_SOURCE_STATUS, bl->line);
}
