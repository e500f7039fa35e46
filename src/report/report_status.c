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
	char small[RT_SMALL];
	char *clean = rt_clean_tmp(s, n, small);
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
	rt_clean_free(clean, small);
	words[o] = '\0';
	if (!ok || !o)
		return -1;
	for (size_t k = 0; k < sizeof states / sizeof *states; k++)
		if (strcmp(words, states[k]) == 0)
			return tr_issue_status_from_text(words);
	return -1;
}

tr_issue_status rd_status_of(reader *r, const char *s, size_t n)
{
	char small[RD_STATUS_MEMO_TEXT + 1];
	if (n > RD_STATUS_MEMO_TEXT) {
		char *raw = tr_strndup(s, n);
		tr_issue_status st = tr_issue_status_from_text(raw);
		free(raw);
		return st;
	}
	/* Any of the places may hold the text, found by its length and then
	 * its bytes: a report's few status texts seldom share a length, and
	 * looking at sixteen lengths costs less than hashing the text.  A new
	 * text takes the place filled longest ago. */
	for (size_t k = 0; k < RD_STATUS_MEMO; k++) {
		const rd_status_memo *m = &r->status_memo[k];
		if (m->len == n + 1 && memcmp(m->text, s, n) == 0)
			return (tr_issue_status)m->status;
	}
	rd_status_memo *m = &r->status_memo[r->status_next++ % RD_STATUS_MEMO];
	memcpy(small, s, n);
	small[n] = '\0';
	tr_issue_status st = tr_issue_status_from_text(small);
	m->len = (unsigned char)(n + 1);
	m->status = (signed char)st;
	memcpy(m->text, s, n);
	return st;
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

/* ---- a status leading an item's text ------------------------------------- */

/* What a status said in a few words is written with: "✅ RESOLVED", "IN
 * PROGRESS", "Already fixed", "not reproduced".  Every word of the lead
 * must be one of these, so "Open redirect in login" or "Done button
 * misaligned" stay titles. */
static bool status_word(const char *w, size_t n)
{
#define W(s) { s, sizeof s - 1 }
	static const struct { const char *word; size_t len; } words[] = {
		W("open"), W("reopened"), W("new"), W("todo"), W("pending"), W("in"), W("progress"),
		W("wip"), W("ongoing"), W("review"), W("resolved"), W("closed"), W("fixed"), W("done"),
		W("merged"), W("complete"), W("completed"), W("finished"), W("verified"), W("blocked"),
		W("confirmed"), W("reproduced"), W("not"), W("yet"), W("investigating"), W("under"),
		W("investigation"), W("fully"), W("already"), W("now"), W("cerrado"), W("resuelto"),
		W("abierto"), W("erledigt"), W("behoben"), W("offen"), W("r\xC3\xA9solu"),
		W("ferm\xC3\xA9"), W("resolvido"), W("fechado"),
	};
#undef W
	/* Asked of the first word of every item: the first letter and the
	 * length rule out nearly all before any is compared. */
	unsigned char first = (unsigned char)(*w | 0x20);
	for (size_t k = 0; k < sizeof words / sizeof *words; k++)
		if (words[k].len == n && (unsigned char)words[k].word[0] == first &&
		    strncasecmp(w, words[k].word, n) == 0)
			return true;
	return false;
}

/* The separator between an item's parts: " - ", " — ", " – ", ":", "|". */
static size_t lead_sep(const char *s)
{
	if (*s == '-' || *s == ':' || *s == '|' || *s == ',')
		return 1;
	if ((unsigned char)s[0] == 0xE2 && (unsigned char)s[1] == 0x80 &&
	    ((unsigned char)s[2] == 0x94 || (unsigned char)s[2] == 0x93))
		return 3;
	return 0;
}

/* Past spaces and separators. */
static const char *past_seps(const char *p)
{
	for (size_t k = 0; *p == ' ' || (k = lead_sep(p)) > 0;)
		p += *p == ' ' ? 1 : k;
	return p;
}

/* Whether the words at p, up to a separator or the end, all say a status:
 * the end of those words, or NULL. */
static const char *status_words_end(const char *p)
{
	const char *q = p, *end = NULL;
	for (unsigned words = 0; words < 4; words++) {
		const char *w = q;
		while (isalpha((unsigned char)*q) || (unsigned char)*q >= 0x80 || *q == '\'')
			q++;
		if (q == w || !status_word(w, (size_t)(q - w)))
			return NULL;
		end = q;
		if (*q != ' ')
			break;
		const char *nx = q + 1;
		if (!*nx || lead_sep(nx) || *nx == '(')
			break;
		q = nx;
	}
	const char *f = end;
	/* "Fixed-size buffer", "Closed-loop": a hyphen joins one word, it
	 * parts nothing. */
	if (f && *f == '-' && (isalnum((unsigned char)f[1]) || (unsigned char)f[1] >= 0x80))
		return NULL;
	while (f && *f == ' ')
		f++;
	return f && (!*f || *f == '.' || *f == '(' || lead_sep(f)) ? end : NULL;
}

/* Words that say an item was updated, not what it is about. */
static bool update_note(const char *p)
{
	static const char *const words[] = {
		"updated", "commented", "processed", "reprocessed", "linked", "labeled", "labelled",
	};
	size_t n = 0;
	while (isalpha((unsigned char)p[n]))
		n++;
	for (size_t k = 0; k < sizeof words / sizeof *words; k++)
		if (strlen(words[k]) == n && strncasecmp(p, words[k], n) == 0)
			return true;
	return false;
}

tr_issue_status rd_item_lead_status(char **title, char **severity, char **said)
{
	*said = NULL;
	const char *t = *title, *p = t;
	if (!t)
		return TR_ISSUE_UNKNOWN;
	bool lead = false;
	/* "(P0 Critical) - …": the rank first. */
	const char *close = *p == '(' ? memchr(p, ')', strnlen(p, 40)) : NULL;
	if (close && close > p + 1) {
		size_t in = (size_t)(close - p - 1);
		const char *after = close + 1;
		while (*after == ' ')
			after++;
		char rank[48];
		memcpy(rank, p + 1, in);
		rank[in] = '\0';
		if ((!*after || lead_sep(after)) &&
		    (rt_plevel(rank, in) >= 0 || tr_priority_from_text(rank) != TR_PRIORITY_NONE)) {
			if (!*severity)
				*severity = tr_strndup(p + 1, in);
			p = past_seps(after);
			lead = true;
		}
	}
	tr_issue_status st = TR_ISSUE_UNKNOWN;
	const char *end = status_words_end(p);
	if (end) {
		char *words = tr_strndup(p, (size_t)(end - p));
		st = tr_issue_status_from_text(words);
		if (st != TR_ISSUE_UNKNOWN) {
			*said = words;
			p = past_seps(end);
			lead = true;
		} else {
			free(words);
		}
	}
	if (!lead)
		return st;
	/* "RESOLVED (via PR #371)": an aside alone is no title. */
	size_t rest = strlen(p);
	while (rest && (p[rest - 1] == ' ' || p[rest - 1] == '.'))
		rest--;
	char *left = NULL;
	if (rest && !update_note(p) && !(*p == '(' && p[rest - 1] == ')' &&
	                                 !memchr(p + 1, '(', rest - 1)))
		left = tr_strndup(p, rest);
	free(*title);
	*title = left;
	return st;
}
