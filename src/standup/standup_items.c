/* The stand-up's items and the words in them: building blocks for the
 * sections (standup.c). */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "standup_internal.h"
#include "triage/clock.h"

/* ---- building items ---------------------------------------------------- */

/* Text from outside (a note, a failure's signature) longer than this is cut,
 * with an ellipsis: a stand-up is read in a chat, and one 50,000-character
 * line would bury it.  The whole text stays in the export and the console. */
#define SPAN_TEXT_MAX 240

void su_span(tr_standup_item *it, tr_span_kind kind, const char *text)
{
	tr_grow((void **)&it->spans, &it->capspans, it->nspans + 1, sizeof *it->spans);
	it->spans[it->nspans].kind = kind;
	if (!text)
		text = "";
	size_t n = strlen(text);
	if (kind != TR_SPAN_WORDS && n > SPAN_TEXT_MAX) {
		n = SPAN_TEXT_MAX;
		while (n > 0 && ((unsigned char)text[n] & 0xC0) == 0x80)
			n--;        /* not inside a character */
		it->spans[it->nspans].text = tr_sprintf("%.*s...", (int)n, text);
	} else {
		it->spans[it->nspans].text = tr_strdup(text);
	}
	it->nspans++;
}

/* Appends words of the program's own to the item. */
static void words(tr_standup_item *it, const char *s)
{
	/* Consecutive words join into one span: fewer pieces to render. */
	if (it->nspans && it->spans[it->nspans - 1].kind == TR_SPAN_WORDS) {
		tr_span *last = &it->spans[it->nspans - 1];
		size_t had = strlen(last->text), n = strlen(s);
		last->text = tr_realloc(last->text, had + n + 1);
		memcpy(last->text + had, s, n + 1);
	} else {
		su_span(it, TR_SPAN_WORDS, s);
	}
}

void su_words(tr_standup_item *it, const char *fmt, ...)
{
	/* Most words are a fixed piece (" (", ", ") or a short format: no
	 * allocation for them, and a join appends where it was copied whole. */
	if (!strchr(fmt, '%')) {
		words(it, fmt);
		return;
	}
	char small[128], *big = NULL;
	const char *s = small;
	va_list ap;
	va_start(ap, fmt);
	int k = vsnprintf(small, sizeof small, fmt, ap);
	va_end(ap);
	if (k < 0)
		small[0] = '\0';
	if (k >= (int)sizeof small) {
		va_start(ap, fmt);
		s = big = tr_vsprintf(fmt, ap);
		va_end(ap);
	}
	words(it, s);
	free(big);
}

tr_standup_item *su_item(tr_standup *s, tr_standup_section_id sec, int level, size_t issue)
{
	tr_standup_section *x = &s->sections[sec];
	tr_grow((void **)&x->items, &x->capitems, x->nitems + 1, sizeof *x->items);
	tr_standup_item *it = &x->items[x->nitems++];
	memset(it, 0, sizeof *it);
	it->level = level;
	it->issue = issue;
	return it;
}

static void item_clear(tr_standup_item *it)
{
	for (size_t i = 0; i < it->nspans; i++)
		free(it->spans[i].text);
	free(it->spans);
}

void tr_standup_free(tr_standup *s)
{
	if (!s)
		return;
	item_clear(&s->header);
	for (int k = 0; k < TR_STANDUP_SECTION_COUNT; k++) {
		for (size_t i = 0; i < s->sections[k].nitems; i++)
			item_clear(&s->sections[k].items[i]);
		free(s->sections[k].items);
	}
	tr_strv_free(&s->warnings);
	free(s);
}

/* ---- people ------------------------------------------------------------ */

void su_who(tr_standup_item *it, const tr_people *p, const char *who)
{
	if (!who || !*who) {
		su_words(it, "someone");
		return;
	}
	char *shown = tr_strndup(who, tr_people_shown_len(p, who));
	su_span(it, TR_SPAN_TEXT, shown);
	free(shown);
}

void su_when(tr_standup_item *it, int64_t t, int now_year)
{
	char buf[32];
	tr_time_human_in(buf, t, now_year);
	words(it, buf);
}

/* " (Alice Example, Tue 24 Nov 10:02)" */
void su_by_at(tr_standup_item *it, const tr_people *p, const char *who, int64_t t, int now_year)
{
	su_words(it, " (");
	su_who(it, p, who);
	su_words(it, ", ");
	su_when(it, t, now_year);
	su_words(it, ")");
}
