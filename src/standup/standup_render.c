/* The stand-up laid out: plain text for a terminal or a file, markdown for
 * chat.  Neither adds a word; they only make each span safe where it goes. */
#include "config.h"

#include <string.h>

#include "triage/standup.h"
#include "triage/text.h"

static void inert(tr_buf *out, const char *s, bool ascii)
{
	if (ascii)
		tr_text_inert_ascii(out, s, strlen(s));
	else
		tr_text_inert(out, s, strlen(s), false);
}

void tr_standup_item_text(const tr_standup_item *it, tr_buf *out, bool ascii)
{
	for (size_t i = 0; i < it->nspans; i++) {
		const tr_span *sp = &it->spans[i];
		if (sp->kind == TR_SPAN_QUOTE)
			tr_buf_addc(out, '"');
		if (sp->kind == TR_SPAN_WORDS && !ascii)
			tr_buf_adds(out, sp->text);
		else
			inert(out, sp->text, ascii);
		if (sp->kind == TR_SPAN_QUOTE)
			tr_buf_addc(out, '"');
	}
}

void tr_standup_render_text(const tr_standup *s, tr_buf *out, bool ascii)
{
	tr_standup_item_text(&s->header, out, ascii);
	tr_buf_addc(out, '\n');
	for (int k = 0; k < TR_STANDUP_SECTION_COUNT; k++) {
		const tr_standup_section *x = &s->sections[k];
		tr_buf_addf(out, "\n%s\n", tr_standup_section_title(x->id));
		for (size_t i = 0; i < x->nitems; i++) {
			tr_buf_adds(out, x->items[i].level ? "    " : "  ");
			tr_standup_item_text(&x->items[i], out, ascii);
			tr_buf_addc(out, '\n');
		}
	}
}

/* ---- markdown ----------------------------------------------------------- */

/* U+2060 WORD JOINER: invisible, and no chat parses "@<WJ>channel" as a
 * mention. */
#define WORD_JOINER "\xe2\x81\xa0"

static bool word_byte(char c)
{
	unsigned char u = (unsigned char)c;
	return (u >= '0' && u <= '9') || (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || u >= 0x80;
}

void tr_markdown_escape(tr_buf *out, const char *s)
{
	/* Controls and escape sequences first, as on a terminal: a chat
	 * message can be read in one. */
	tr_buf safe = TR_BUF_INIT;
	tr_text_inert(&safe, s, strlen(s), false);
	const char *start = tr_buf_str(&safe);
	for (const char *p = start; *p; p++) {
		switch (*p) {
		case '_':
			/* Between two letters an underscore can neither open nor close
			 * emphasis (test_foo_bar stays readable in chats that show
			 * backslashes). */
			if (p > start && word_byte(p[-1]) && word_byte(p[1])) {
				tr_buf_addc(out, '_');
				break;
			}
			/* fall through */
		case '\\': case '`': case '*': case '[': case ']': case '~': case '|':
			/* Inline markup: emphasis, code, links and images, strikethrough,
			 * table cells. */
			tr_buf_addc(out, '\\');
			tr_buf_addc(out, *p);
			break;
		case '<':
			/* Raw HTML, autolinks, and Slack's <!here> and <@U123>. */
			tr_buf_adds(out, "&lt;");
			break;
		case '>':
			tr_buf_adds(out, "&gt;");
			break;
		case '&':
			tr_buf_adds(out, "&amp;");
			break;
		case '@':
			tr_buf_adds(out, "@" WORD_JOINER);
			break;
		default:
			tr_buf_addc(out, *p);
		}
	}
	tr_buf_free(&safe);
}

/* A code span only for what cannot hold markup or a mention (commit ids,
 * most signatures); anything else is escaped text. */
static bool plain_code(const char *s)
{
	for (; *s; s++)
		if (strchr("`<>&@\\", *s) || (unsigned char)*s < 0x20 || *s == 0x7f)
			return false;
	return true;
}

static void md_spans(const tr_standup_item *it, tr_buf *out)
{
	for (size_t i = 0; i < it->nspans; i++) {
		const tr_span *sp = &it->spans[i];
		switch (sp->kind) {
		case TR_SPAN_WORDS:
			tr_buf_adds(out, sp->text);
			break;
		case TR_SPAN_ISSUE:
			tr_buf_adds(out, "**");
			tr_markdown_escape(out, sp->text);
			tr_buf_adds(out, "**");
			break;
		case TR_SPAN_QUOTE:
			tr_buf_addc(out, '"');
			tr_markdown_escape(out, sp->text);
			tr_buf_addc(out, '"');
			break;
		case TR_SPAN_CODE:
			if (*sp->text && plain_code(sp->text) && sp->text[0] != ' ' &&
			    sp->text[strlen(sp->text) - 1] != ' ') {
				tr_buf_addc(out, '`');
				tr_buf_adds(out, sp->text);
				tr_buf_addc(out, '`');
			} else {
				tr_markdown_escape(out, sp->text);
			}
			break;
		case TR_SPAN_TEXT:
		default:
			tr_markdown_escape(out, sp->text);
			break;
		}
	}
}

/* An item whose text starts like a list marker, a heading or a setext
 * underline ("1. ", "- ", "#", "==") would open a block of its own: its
 * first character (or the list number's dot) is escaped.  A '#' at the end
 * would close a heading: escaped too. */
static void md_item(const tr_standup_item *it, tr_buf *out)
{
	tr_buf b = TR_BUF_INIT;
	md_spans(it, &b);
	const char *t = tr_buf_str(&b);
	size_t digits = strspn(t, "0123456789");
	if (t[0] == '-' || t[0] == '+' || t[0] == '=' || t[0] == '#') {
		tr_buf_addc(out, '\\');
	} else if (digits && (t[digits] == '.' || t[digits] == ')')) {
		tr_buf_add(out, t, digits);
		tr_buf_addc(out, '\\');
		t += digits;
	}
	size_t n = strlen(t);
	if (n && t[n - 1] == '#') {
		size_t hashes = 0;
		while (hashes < n && t[n - 1 - hashes] == '#')
			hashes++;
		tr_buf_add(out, t, n - hashes);
		tr_buf_addc(out, '\\');
		tr_buf_add(out, t + n - hashes, hashes);
	} else {
		tr_buf_adds(out, t);
	}
	tr_buf_free(&b);
}

void tr_standup_render_markdown(const tr_standup *s, tr_buf *out)
{
	tr_buf_adds(out, "## ");
	md_item(&s->header, out);
	tr_buf_addc(out, '\n');
	for (int k = 0; k < TR_STANDUP_SECTION_COUNT; k++) {
		const tr_standup_section *x = &s->sections[k];
		tr_buf_addf(out, "\n### %s\n\n", tr_standup_section_title(x->id));
		for (size_t i = 0; i < x->nitems; i++) {
			tr_buf_adds(out, x->items[i].level ? "  - " : "- ");
			md_item(&x->items[i], out);
			tr_buf_addc(out, '\n');
		}
	}
}
