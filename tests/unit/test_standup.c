/* The stand-up's markdown, read back by a GitHub-flavoured markdown parser
 * (md4c, as GitHub's own cmark-gfm would): whatever the text from outside,
 * it stays text — no emphasis, link, image, code, HTML, heading or list of
 * its own — and no chat can read a mention into it. */
#include "config.h"

#include <md4c.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "triage/standup.h"
#include "triage/str.h"
#include "standup/standup_internal.h"

typedef struct seen {
	int blocks[32];
	int spans[32];
	tr_buf text;
	int html;
} seen;

static int enter_block(MD_BLOCKTYPE t, void *d, void *u)
{
	(void)d;
	((seen *)u)->blocks[t]++;
	return 0;
}

static int leave_block(MD_BLOCKTYPE t, void *d, void *u)
{
	(void)t, (void)d, (void)u;
	return 0;
}

static int enter_span(MD_SPANTYPE t, void *d, void *u)
{
	(void)d;
	((seen *)u)->spans[t]++;
	return 0;
}

static int leave_span(MD_SPANTYPE t, void *d, void *u)
{
	(void)t, (void)d, (void)u;
	return 0;
}

static int text(MD_TEXTTYPE t, const MD_CHAR *s, MD_SIZE n, void *u)
{
	seen *w = u;
	if (t == MD_TEXT_HTML)
		w->html++;
	if (t == MD_TEXT_ENTITY) {
		/* The three entities the escaping writes. */
		const char *c = n == 4 && !memcmp(s, "&lt;", 4) ? "<" : n == 4 && !memcmp(s, "&gt;", 4) ? ">"
		              : n == 5 && !memcmp(s, "&amp;", 5) ? "&" : "?";
		tr_buf_adds(&w->text, c);
		return 0;
	}
	tr_buf_add(&w->text, s, n);
	return 0;
}

static void parse(const char *md, seen *w)
{
	memset(w, 0, sizeof *w);
	MD_PARSER p = { 0, MD_DIALECT_GITHUB, enter_block, leave_block, enter_span, leave_span, text,
	                NULL, NULL };
	md_parse(md, (MD_SIZE)strlen(md), &p, w);
}

/* A stand-up of one progress item: the issue id, then the text as a note. */
static tr_standup *one_item(const char *first, const char *note)
{
	tr_standup *s = tr_calloc(1, sizeof *s);
	for (int k = 0; k < TR_STANDUP_SECTION_COUNT; k++)
		s->sections[k].id = (tr_standup_section_id)k;
	tr_standup_section *x = &s->sections[TR_STANDUP_PROGRESS];
	x->items = tr_calloc(1, sizeof *x->items);
	x->nitems = x->capitems = 1;
	tr_standup_item *it = &x->items[0];
	it->issue = TR_NONE;
	it->spans = tr_calloc(2, sizeof *it->spans);
	it->nspans = it->capspans = 2;
	it->spans[0] = (tr_span){ TR_SPAN_TEXT, tr_strdup(first) };
	it->spans[1] = (tr_span){ TR_SPAN_QUOTE, tr_strdup(note) };
	s->header.spans = tr_calloc(1, sizeof *s->header.spans);
	s->header.nspans = s->header.capspans = 1;
	s->header.spans[0] = (tr_span){ TR_SPAN_TEXT, tr_strdup(first) };
	return s;
}

/* Words join into the span before them, whatever their length. */
static void test_words(void)
{
	tr_standup_item it = { 0 };
	char long_word[300];
	memset(long_word, 'w', sizeof long_word - 1);
	long_word[sizeof long_word - 1] = '\0';
	su_words(&it, "fixed ");
	su_words(&it, "%d/%d", 3, 7);
	su_words(&it, " %s.", long_word);
	su_span(&it, TR_SPAN_TEXT, "Alice");
	su_words(&it, ")");
	char *want = tr_sprintf("fixed 3/7 %s.", long_word);
	ok(it.nspans == 3 && strcmp(it.spans[0].text, want) == 0 &&
	   strcmp(it.spans[2].text, ")") == 0, "words join into one span, a long one too");
	free(want);
	for (size_t i = 0; i < it.nspans; i++)
		free(it.spans[i].text);
	free(it.spans);
}

/* A name alone, unless someone else seen so far has it too. */
static void test_people(void)
{
	tr_people p = TR_PEOPLE_INIT;
	const char *a1 = "Alice Example <a1@example.com>", *a2 = "Alice Example <a2@example.org>";
	tr_people_add(&p, a1);
	tr_people_add(&p, "Bob <bob@example.com>");
	tr_people_add(&p, a1);
	tr_standup_item it = { 0 };
	su_who(&it, &p, a1);
	su_who(&it, &p, "Bob <bob@example.com>");
	tr_people_add(&p, a2);
	su_who(&it, &p, a1);
	su_who(&it, &p, "Alice Example <a3@example.net>");
	su_who(&it, &p, "Carol <carol@example.com>");
	su_who(&it, &p, "Bob <bob2@example.com>");
	ok(it.nspans == 6 && strcmp(it.spans[0].text, "Alice Example") == 0 &&
	   strcmp(it.spans[1].text, "Bob") == 0, "one person of a name is the name alone");
	ok(it.nspans == 6 && strcmp(it.spans[2].text, a1) == 0 &&
	   strcmp(it.spans[3].text, "Alice Example <a3@example.net>") == 0,
	   "once two share it, each keeps the address (and so does a third)");
	ok(it.nspans == 6 && strcmp(it.spans[4].text, "Carol") == 0 &&
	   strcmp(it.spans[5].text, "Bob <bob2@example.com>") == 0,
	   "someone not seen is the name alone unless another has it");
	for (size_t i = 0; i < it.nspans; i++)
		free(it.spans[i].text);
	free(it.spans);
	tr_people_free(&p);
}

int main(void)
{
	test_words();
	test_people();
	static const char *const hostile[] = {
		"**bold** and *em* and __strong__ and _em_",
		"[link](http://example.com) ![img](x.png) <http://auto.link> [ref]",
		"`code` and ``double``",
		"<b>html</b> <!-- comment --> <script>alert(1)</script>",
		"@channel @here @everyone <!here> <!channel> <@U123ABC>",
		"~~strike~~ | table | cell |",
		"1. ordered",
		"- bullet",
		"+ plus",
		"# heading",
		"=====",
		"> quote",
		"trailing hashes ##",
		"back\\slash at the end\\",
		"&amp; &copy; &#64;channel",
		"line one\nline two\n\n# three",
		"tab\there and \033[31mescape\033[0m",
		"test_snake_case_name stays readable",
	};
	for (size_t i = 0; i < sizeof hostile / sizeof *hostile; i++) {
		tr_standup *s = one_item(hostile[i], hostile[i]);
		tr_buf md = TR_BUF_INIT;
		tr_standup_render_markdown(s, &md);
		seen w;
		parse(tr_buf_str(&md), &w);
		/* A bare URL may become a link, as it would in any chat; nothing
		 * else may. */
		int spans = 0;
		for (int k = 0; k < 32; k++)
			if (k != MD_SPAN_A)
				spans += w.spans[k];
		ok(spans == 0, "text %zu makes no emphasis, image, code or strikethrough", i);
		ok(w.html == 0, "text %zu makes no HTML", i);
		/* One heading (the header), one per section, one list, one item. */
		ok(w.blocks[MD_BLOCK_H] == 1 + TR_STANDUP_SECTION_COUNT, "text %zu makes no heading of its own", i);
		ok(w.blocks[MD_BLOCK_UL] == 1 && w.blocks[MD_BLOCK_LI] == 1 && w.blocks[MD_BLOCK_OL] == 0 &&
		   w.blocks[MD_BLOCK_QUOTE] == 0 && w.blocks[MD_BLOCK_HR] == 0 && w.blocks[MD_BLOCK_CODE] == 0,
		   "text %zu makes no list, quote, rule or code block of its own", i);
		const char *t = tr_buf_str(&w.text);
		ok(!strstr(t, "@channel") && !strstr(t, "@here") && !strstr(t, "@everyone") &&
		   !strchr(tr_buf_str(&md), '<'),
		   "text %zu can mention nobody", i);
		tr_buf_free(&w.text);
		tr_buf_free(&md);
		tr_standup_free(s);
	}

	/* What survives is the text itself, readable. */
	tr_buf b = TR_BUF_INIT;
	tr_markdown_escape(&b, "test_snake_case and *stars*");
	is_str(tr_buf_str(&b), "test_snake_case and \\*stars\\*", "underscores inside a word stay as they are");
	tr_buf_reset(&b);
	tr_markdown_escape(&b, "_lead and trail_");
	is_str(tr_buf_str(&b), "\\_lead and trail\\_", "underscores at a word's edge are escaped");
	tr_buf_reset(&b);
	tr_markdown_escape(&b, "ping @channel");
	is_str(tr_buf_str(&b), "ping @\xe2\x81\xa0" "channel", "@ takes an invisible word joiner");
	tr_buf_free(&b);
	return done_testing();
}
