/* The markdown walk: a text given to md4c in parts reads as the whole text
 * does, block for block, and what md4c gives as offsets into a part lands
 * on the right line of the report; and the blocks' text is cleaned alike
 * for keeping and for reading only. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "report/report_internal.h"
#include "triage/str.h"

/* Whether two walks of one text came out the same; says where they part
 * when they do not. */
static bool same_walk(const rb_doc *a, const rb_doc *b)
{
	if (a->nblocks != b->nblocks || a->nspans != b->nspans || a->nheads != b->nheads ||
	    a->parts != b->parts) {
		printf("# blocks %zu / %zu, spans %zu / %zu, headings %zu / %zu, parts %u / %u\n",
		       a->nblocks, b->nblocks, a->nspans, b->nspans, a->nheads, b->nheads, a->parts,
		       b->parts);
		return false;
	}
	for (size_t i = 0; i < a->nblocks; i++) {
		const rb_block *x = &a->blocks[i], *y = &b->blocks[i];
		if (x->kind != y->kind || x->level != y->level || x->line != y->line ||
		    x->number != y->number || x->task != y->task || x->lang != y->lang ||
		    x->header != y->header || x->has_ref != y->has_ref || x->lead_bold != y->lead_bold ||
		    x->nspans != y->nspans || x->len != y->len ||
		    memcmp(rb_text(a, x), rb_text(b, y), x->len) != 0) {
			printf("# block %zu: line %u / %u, \"%s\" / \"%s\"\n", i, x->line, y->line,
			       rb_text(a, x), rb_text(b, y));
			return false;
		}
	}
	for (size_t i = 0; i < a->nspans; i++)
		if (a->spans[i].start != b->spans[i].start || a->spans[i].len != b->spans[i].len)
			return false;
	for (size_t i = 0; i < a->nheads; i++)
		if (a->heads[i] != b->heads[i])
			return false;
	if (a->ndashed != b->ndashed) {
		printf("# blocks with a dash before a digit: %zu / %zu\n", a->ndashed, b->ndashed);
		return false;
	}
	for (size_t i = 0; i < a->ndashed; i++)
		if (a->dashed[i] != b->dashed[i])
			return false;
	return true;
}

/* Whether doc->dashed lists exactly the blocks but code whose text has a
 * '-' before a digit, in order (what the outline reads for tracker keys). */
static bool dashed_exact(const rb_doc *d)
{
	size_t k = 0;
	for (size_t i = 0; i < d->nblocks; i++) {
		const rb_block *bl = &d->blocks[i];
		const char *t = rb_text(d, bl);
		bool dash = false;
		for (size_t j = 0; j + 1 < bl->len && !dash; j++)
			dash = t[j] == '-' && t[j + 1] >= '0' && t[j + 1] <= '9';
		if (bl->kind == RB_CODE || !dash)
			continue;
		if (k >= d->ndashed || d->dashed[k] != i) {
			printf("# block %zu (\"%s\") is not listed where it should be\n", i, t);
			return false;
		}
		k++;
	}
	return k == d->ndashed;
}

/* Walks text whole and in the smallest parts there can be (a cut before
 * every heading that allows one); both must agree. */
static void check_parts(const char *text, const char *what)
{
	rb_doc whole, parts;
	memset(&whole, 0, sizeof whole);
	memset(&parts, 0, sizeof parts);
	size_t n = strlen(text);
	int a = rb_walk_parts(&whole, text, n, 0), b = rb_walk_parts(&parts, text, n, 1);
	ok(a == 0 && b == 0 && same_walk(&whole, &parts), "%s: read in parts as whole", what);
	ok(dashed_exact(&whole) && dashed_exact(&parts), "%s: the blocks that may hold a tracker "
	   "key are listed, and only they", what);
	rb_doc_free(&whole);
	rb_doc_free(&parts);
}

/* The heading blocks' texts, joined by '|'. */
static char *headings(const char *text, size_t part)
{
	rb_doc d;
	memset(&d, 0, sizeof d);
	rb_walk_parts(&d, text, strlen(text), part);
	tr_buf b = TR_BUF_INIT;
	tr_buf_adds(&b, "");
	for (size_t i = 0; i < d.nheads; i++) {
		if (i)
			tr_buf_adds(&b, "|");
		tr_buf_adds(&b, rb_text(&d, &d.blocks[d.heads[i]]));
	}
	rb_doc_free(&d);
	return tr_buf_detach(&b);
}

static const rb_block *block_with(const rb_doc *d, const char *text)
{
	for (size_t i = 0; i < d->nblocks; i++)
		if (strcmp(rb_text(d, &d->blocks[i]), text) == 0)
			return &d->blocks[i];
	return NULL;
}

/* rt_clean_tmp cleans a text as rt_clean does, into the room given when
 * it fits and on the heap when it may not, whatever the text holds: words,
 * runs of blanks, emoji, no-break spaces, accents, invalid bytes. */
static void check_clean_tmp(void)
{
	static const char *const pieces[] = {
		"word", " ", "\t", "\n", "\xF0\x9F\x9A\xA8", "\xC2\xA0", "r\xC3\xA9solu", "\xFF",
		"\x80", "  ", "#305", "\xE2\x9C\x85", "x",
	};
	size_t npieces = sizeof pieces / sizeof *pieces;
	unsigned seed = 12345;
	bool same = true, stack = true, heap = true;
	for (int round = 0; round < 400 && same; round++) {
		tr_buf t = TR_BUF_INIT;
		size_t want = (size_t)round * 3 / 2;
		while (t.len < want) {
			seed = seed * 1103515245u + 12345u;
			tr_buf_adds(&t, pieces[(seed >> 16) % npieces]);
		}
		const char *text = t.data ? t.data : "";
		char small[RT_SMALL];
		char *a = rt_clean(text, t.len), *b = rt_clean_tmp(text, t.len, small);
		same = strcmp(a, b) == 0;
		if (!same)
			printf("# %zu bytes: \"%s\" / \"%s\"\n", t.len, a, b);
		if (t.len * 3 + 1 <= RT_SMALL)
			stack &= b == small;
		else
			heap &= b != small;
		free(a);
		rt_clean_free(b, small);
		tr_buf_free(&t);
	}
	ok(same, "a text cleaned for reading only reads as one cleaned to keep");
	ok(stack, "a short text is cleaned into the room given");
	ok(heap, "a text that may not fit is cleaned on the heap");
}

/* The searches that pass sixteen or eight bytes at a time find what they
 * look for, and stop where they must, wherever it falls in the text: at
 * the start of a block of bytes, inside it, on its last byte, in the tail. */
static void check_offsets(void)
{
	bool clean = true, plevel = true, ref = true, local = true, counts = true;
	for (size_t at = 0; at < 40; at++) {
		tr_buf t = TR_BUF_INIT, want = TR_BUF_INIT;
		for (size_t k = 0; k < at; k++)
			tr_buf_addc(&t, (char)('a' + k % 26));
		tr_buf_add(&want, t.data ? t.data : "", t.len);
		tr_buf_adds(&t, "  x y\t\tz \xE2\x9C\x85 w.  ");
		tr_buf_adds(&want, at ? " x y z w." : "x y z w.");
		char *c = rt_clean(t.data, t.len);
		if (strcmp(c, want.data) != 0) {
			printf("# at %zu: \"%s\"\n", at, c);
			clean = false;
		}
		free(c);
		/* A P-level after `at` bytes, and a 'p' ending the text. */
		tr_buf_reset(&t);
		for (size_t k = 0; k < at; k++)
			tr_buf_addc(&t, 'x');
		tr_buf_adds(&t, " P2 p");
		plevel &= rt_plevel(t.data, t.len) == 2 && rt_plevel(t.data, t.len - 3) == -1 &&
		           rt_plevel(t.data, t.len - 2) == 2;
		/* A reference after `at` bytes. */
		tr_buf_reset(&t);
		for (size_t k = 0; k < at; k++)
			tr_buf_addc(&t, k % 7 == 6 ? ' ' : 'q');
		tr_buf_adds(&t, " (#305) end");
		rt_ref r;
		ref &= rt_next_ref(t.data, t.len, 0, &r) && r.start == at + 2 && r.end == at + 6 &&
		       !rt_next_ref(t.data, t.len, r.end, &r);
		/* A local number only when the text has a digit. */
		local &= rt_local_prefix(t.data, t.len) == 0;
		/* Counts after `at` bytes; a count word inside a word is none. */
		tr_buf_reset(&t);
		for (size_t k = 0; k < at; k++)
			tr_buf_addc(&t, k % 5 == 4 ? ' ' : 'o');
		tr_buf_adds(&t, " 3 Failed, 4 passed");
		rc_counts got = RC_COUNTS_NONE;
		counts &= rc_prose(t.data, t.len, &got) && got.failed == 3 && got.passed == 4;
		tr_buf_reset(&t);
		for (size_t k = 0; k < at; k++)
			tr_buf_addc(&t, 's');
		tr_buf_adds(&t, " 3 unfailing, 4 bypassed");
		counts &= !rc_prose(t.data, t.len, &got);
		tr_buf_free(&t);
		tr_buf_free(&want);
	}
	local &= rt_local_prefix("Issue 12: Title", 15) == 10 &&
	         rt_local_prefix("Critical Findings Of The Run", 28) == 0;
	ok(clean, "a text is cleaned alike wherever its blanks and emoji fall");
	ok(plevel, "a P-level is found wherever it falls, and a 'p' ending the text is none");
	ok(ref, "a reference is found wherever it falls, and only it");
	ok(local, "a local number is read only where there is one");
	ok(counts, "counts are read wherever they fall, and words holding a count word are none");
}

int main(void)
{
	check_clean_tmp();
	check_offsets();
	/* What a heading at the margin ends, and what it does not. */
	check_parts("# Report\n\nSome text.\n## Issue #1 - Title\n\n- [ ] open task\n- [x] done\n"
	            "## Issue #2\n> quoted\n# After a quote\n    indented code\n# After code\n"
	            "1. one\n2. two\n\n   continued\n### Issue #3\n", "lists, quotes, indented code");
	check_parts("# T\n\n```\ncode\n# not a heading\n```\n# Heading\n\n~~~~\n# in\n~~~\n# in\n~~~~\n"
	            "# Out\n", "fenced code");
	check_parts("# T\n\n<pre>\n# in pre\n\n# still in pre\n</pre>\n\n# After\n\n<div>\n# in div\n\n"
	            "# After div\n", "raw HTML");
	check_parts("# T\n\n| a | b |\n|---|---|\n| 1 | 2 |\n# After a table\n\ntext\n", "a table");
	/* Tracker keys in a heading, a cell, an item and prose are listed;
	 * those in code are not, nor is a cut undone inside a fence kept. */
	check_parts("# T\n\n## AMI-1 Title\n\n```\nAMI-2 in code\n# AMI-3 not a heading\n```\n"
	            "## AMI-4\n\n| key | v |\n|---|---|\n| AMI-5 | x-1 |\n\n- AMI-6 item\n"
	            "- a dash - 7 apart\n\nSee PROJ-12.\n# Last -9\n", "tracker keys");
	check_parts("# T\n\n- item\n  ```\n  code\n# After a list's fence\n\n   ```\n# in an indented fence\n"
	            "   ```\n# Out\n", "fences inside lists and indented");
	check_parts("para\n# h1\ntext\n## h2\n#nospace\n#\ttab\n####### seven\n# end\n",
	            "lines that are no headings");
	check_parts("# T\n\nsee [#5][ref] and [#6][]\n\n# H\n\n[ref]: https://x/issues/5\n[#6]: https://x/6\n",
	            "link references defined below their use");
	/* md4c alone knows that this fence opens: the line before it is no raw
	 * HTML to md4c (HTML of that kind does not interrupt a paragraph), so
	 * the heading line in it is code, in parts as in the whole. */
	const char *hidden = "# T\n\npara text\n<span>x</span>\n```\ncode\n\n# inside the fence\n```\n"
	                     "# Real\n\ntext\n";
	check_parts(hidden, "a fence the line scan cannot see");
	check_parts("# T\n\npara AMI-7 text\n<span>x</span>\n```\nAMI-8 code\n\n# inside the fence\n"
	            "```\n# Real AMI-9\n\ntext\n", "a cut undone after a tracker key");
	char *h1 = headings(hidden, 0), *h2 = headings(hidden, 1);
	is_str(h2, h1, "the line in the fence is no heading, read in parts");
	is_str(h1, "T|Real", "headings of the text with a hidden fence");
	free(h1);
	free(h2);

	/* A long report of many sections, as rb_walk reads it (parts of
	 * RB_PART_BYTES) and in the smallest parts. */
	tr_buf big = TR_BUF_INIT;
	tr_buf_adds(&big, "# Cluster report\n\n");
	for (int i = 0; i < 3000; i++)
		tr_buf_addf(&big, "### Issue #%d - Item %d (P%d)\n\n**Status:** open\n\n```\nError: case %d\n"
		            "```\n\n- [ ] step %d\n- 3 failed, 1 passed\n\n| a | b |\n|---|---|\n| %d | x |\n\n"
		            "---\n\n", 100 + i, i, i % 4, i, i, i);
	check_parts(big.data, "3,000 sections");
	rb_doc whole, parts;
	memset(&whole, 0, sizeof whole);
	memset(&parts, 0, sizeof parts);
	rb_walk_parts(&whole, big.data, big.len, 0);
	rb_walk(&parts, big.data, big.len);
	ok(same_walk(&whole, &parts), "3,000 sections: rb_walk as whole");
	is_int(parts.parts, 1, "parts cut before headings are no parts the report speaks of");
	const rb_block *task = block_with(&parts, "step 2999");
	/* 17 lines to a section, after the title's two. */
	ok(task && task->task == ' ', "a task item in the last part is read as one");
	is_int(task ? task->line : 0, 2 + 17 * 2999 + 9, "a task item in the last part is on its line");
	rb_doc_free(&whole);
	rb_doc_free(&parts);

	/* A run of lines holding '[' longer than md4c reads in time is cut;
	 * a task item after the cut is on its own line, not one counted from
	 * the cut. */
	tr_buf run = TR_BUF_INIT;
	for (int i = 0; i < RB_BRACKET_RUN_MAX + 10; i++)
		tr_buf_addf(&run, "[a%d](b\n", i);
	tr_buf_adds(&run, "\n- [ ] the task\n");
	rb_doc d;
	memset(&d, 0, sizeof d);
	rb_walk(&d, run.data, run.len);
	is_int(d.parts, 2, "a long run of bracket lines is read in two parts");
	task = block_with(&d, "the task");
	ok(task != NULL, "the task item after the run is read");
	is_int(task ? task->line : 0, RB_BRACKET_RUN_MAX + 12, "the task item after the cut is on its line");
	/* The same run with lines ended by a '\r' alone: one line to memchr,
	 * thousands to md4c. */
	tr_buf crrun = TR_BUF_INIT;
	for (int i = 0; i < RB_BRACKET_RUN_MAX + 10; i++)
		tr_buf_addf(&crrun, "[a%d](b\r", i);
	rb_doc crd;
	memset(&crd, 0, sizeof crd);
	rb_walk(&crd, crrun.data, crrun.len);
	is_int(crd.parts, 2, "a run of bracket lines ended by carriage returns is cut as well");
	rb_doc_free(&crd);
	tr_buf_free(&crrun);

	/* A document emptied for the next report walks it as a fresh one:
	 * after a larger text and a smaller one, after one cut in parts, and
	 * with its buffers freed as too large to keep. */
	const char *small = "# T\n\n### Issue #1 - A (P1)\n\n- [ ] `x` AMI-3\n\n| a | b |\n|---|---|\n"
	                    "| 1 | `y` |\n";
	const char *texts[] = { hidden, small, run.data, small, big.data };
	rb_doc fresh, reused;
	memset(&reused, 0, sizeof reused);
	for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) {
		memset(&fresh, 0, sizeof fresh);
		rb_walk(&fresh, texts[i], strlen(texts[i]));
		rb_doc_empty(&reused, i == 3 ? 0 : RD_KEEP_BYTES);
		rb_walk(&reused, texts[i], strlen(texts[i]));
		ok(same_walk(&fresh, &reused) && fresh.split_line == reused.split_line,
		   "text %zu walked into an emptied document as into a fresh one", i);
		rb_doc_free(&fresh);
	}
	rb_doc_free(&reused);
	rb_doc_free(&d);
	tr_buf_free(&run);
	tr_buf_free(&big);
	return done_testing();
}
