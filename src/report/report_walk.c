/* The markdown walk: md4c's callbacks turned into a flat list of blocks
 * (headings, paragraphs, list items, code blocks, table cells), each with
 * its text stripped of markup and the report line it starts on.
 *
 * md4c reports no positions, but the text it hands over for normal text and
 * code points into the input; the offset of the first such pointer in a
 * block gives its line through a table of line starts.  Lines inside a block
 * are consecutive in the source, so one lookup per block is enough. */
#include "config.h"

#include <ctype.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif
#include <md4c.h>
#include <stdlib.h>
#include <limits.h>
#include <string.h>
#include <strings.h>

#include "report_internal.h"
#include "triage/text.h"

typedef struct frame {
	unsigned char type;     /* MD_BLOCKTYPE */
	bool merged;            /* a paragraph whose text went to its list item */
	unsigned next_number;   /* ordered list: the next item's number */
} frame;

typedef struct walker {
	rb_doc *doc;
	const char *input;
	size_t input_len;
	size_t part;            /* where the part md4c is reading starts in input: the
	                         * offsets md4c gives (not its pointers) count from there */
	uint32_t *starts;       /* offsets of line starts; md4c's offsets are 32-bit
	                         * too, and half the table is fewer pages to touch */
	size_t nstarts, capstarts;
	size_t cursor;          /* the line of the last lookup, usually near the next */

	frame *stack;
	size_t depth, capstack;

	/* The block collecting text; only one at a time, so its text is the
	 * tail of the arena. */
	bool open;
	rb_block cur;
	unsigned breaks;        /* line breaks in cur so far */
	size_t code_span;       /* start of an open code span, relative to cur */
	bool in_code_span;
	unsigned html;          /* inside raw HTML blocks: their text is ignored */
	unsigned column;        /* next table cell's column */
	bool para_top;          /* the open paragraph is not inside a list or a table */
	bool strong_whole;      /* a strong span opened with the open paragraph */
	bool strong_lead;       /* a strong span opened with the open block's text */
	size_t strong_end;      /* where the last strong span closed, in the arena */
	unsigned char level;    /* the last real heading's level */
	unsigned char last_type;        /* the MD_BLOCKTYPE md4c entered last */
} walker;

/* The table of line starts holds the first line's; its room is the
 * document's, kept from the walk before. */
static void starts_begin(walker *w)
{
	tr_grow((void **)&w->starts, &w->capstarts, 1024, sizeof *w->starts);
	w->starts[0] = 0;
	w->nstarts = 1;
}

static inline void add_start(walker *w, size_t at)
{
	tr_grow((void **)&w->starts, &w->capstarts, w->nstarts + 1, sizeof *w->starts);
	w->starts[w->nstarts++] = (uint32_t)at;
}

/* Lines are some forty bytes: a memchr for each costs more in its call
 * than in its search, so the text is looked at many bytes at a time where
 * the processor has the instructions. */
static void build_line_table(walker *w)
{
	starts_begin(w);
	const char *s = w->input;
	size_t n = w->input_len, i = 0;
#ifdef __SSE2__
	/* Thirty-two at a time, with room made once for as many starts. */
	const __m128i nl = _mm_set1_epi8('\n');
	for (; i + 32 <= n; i += 32) {
		__m128i lo = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
		__m128i hi = _mm_loadu_si128((const __m128i *)(const void *)(s + i + 16));
		uint32_t bits = (uint32_t)_mm_movemask_epi8(_mm_cmpeq_epi8(lo, nl)) |
		                (uint32_t)_mm_movemask_epi8(_mm_cmpeq_epi8(hi, nl)) << 16;
		if (!bits)
			continue;
		tr_grow((void **)&w->starts, &w->capstarts, w->nstarts + 32, sizeof *w->starts);
		for (; bits; bits &= bits - 1)
			w->starts[w->nstarts++] = (uint32_t)(i + (unsigned)__builtin_ctz(bits) + 1);
	}
#endif
	for (const char *p = s + i, *end = s + n; (p = memchr(p, '\n', (size_t)(end - p))) != NULL;)
		add_start(w, (size_t)(++p - s));
}

/* 1-based line of an input offset.  Text arrives in document order, so the
 * answer is almost always a few lines after the previous one; otherwise a
 * binary search. */
static unsigned line_of(walker *w, size_t off)
{
	size_t c = w->cursor;
	if (w->starts[c] <= off) {
		for (int step = 0; step < 8; step++) {
			if (c + 1 >= w->nstarts || w->starts[c + 1] > off) {
				w->cursor = c;
				return (unsigned)(c + 1);
			}
			c++;
		}
	}
	size_t lo = 0, hi = w->nstarts;    /* starts[lo] <= off < starts[hi] */
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (w->starts[mid] <= off)
			lo = mid;
		else
			hi = mid;
	}
	w->cursor = lo;
	return (unsigned)(lo + 1);
}

/* The walk appends to the arena for every piece of text md4c hands over;
 * this is tr_buf_add without the call. */
static inline void put(tr_buf *a, const char *s, size_t n)
{
	if (a->len + n + 1 > a->cap)
		tr_grow((void **)&a->data, &a->cap, a->len + n + 1, 1);
	memcpy(a->data + a->len, s, n);
	a->len += n;
	a->data[a->len] = '\0';
}

static inline void putc1(tr_buf *a, char c)
{
	put(a, &c, 1);
}

static frame *top(walker *w, size_t up)
{
	return w->depth > up ? &w->stack[w->depth - 1 - up] : NULL;
}

static void begin(walker *w, rb_kind kind);

/* Whether the text has a '-' right before a digit. */
static bool dash_digit(const char *s, size_t n)
{
	for (const char *p = s, *e = s + n; (p = memchr(p, '-', (size_t)(e - p))) != NULL; p++)
		if (p + 1 < e && (unsigned char)(p[1] - '0') <= 9)
			return true;
	return false;
}

static void end(walker *w)
{
	if (!w->open)
		return;
	rb_doc *d = w->doc;
	w->open = false;
	w->in_code_span = false;
	size_t len = d->arena.len - w->cur.off;
	/* A list item or paragraph with no text says nothing; cells keep their
	 * place in the row. */
	if (len == 0 && w->cur.kind != RB_CELL && w->cur.kind != RB_HEADING && w->cur.task == 0)
		return;
	putc1(&d->arena, '\0');
	w->cur.len = len;
	if (d->nblocks == d->capblocks)
		tr_grow((void **)&d->blocks, &d->capblocks, d->nblocks + 1, sizeof *d->blocks);
	/* "**1. Golden Path Protection (Issue #1069) - 100% SUCCESS**": a line
	 * all in bold that names an issue is a heading one level down. */
	if (w->cur.kind == RB_PARA && w->para_top && w->strong_whole &&
	    w->strong_end == d->arena.len - 1 && w->breaks == 0 && len < 300) {
		rt_ref ref;
		if (rt_next_ref(d->arena.data + w->cur.off, len, 0, &ref) && ref.form != RT_TRACKER &&
		    ref.form != RT_WORD) {
			w->cur.kind = RB_HEADING;
			w->cur.level = w->level < 6 ? (unsigned char)(w->level + 1) : 6;
		}
	} else if (w->cur.kind == RB_HEADING) {
		w->level = w->cur.level;
	}
	/* Noted now, while the text is in cache: the outline then reads only
	 * these blocks for tracker keys, not the whole report again. */
	if (w->cur.kind != RB_CODE && dash_digit(d->arena.data + w->cur.off, len)) {
		tr_grow((void **)&d->dashed, &d->capdashed, d->ndashed + 1, sizeof *d->dashed);
		d->dashed[d->ndashed++] = d->nblocks;
	}
	if (w->cur.kind == RB_HEADING) {
		/* Read now, while the text is in cache: the outline needs only this. */
		rt_ref ref;
		/* "Issue 7" keys an item only in some reports: the outline asks
		 * (rd_learn_keys). */
		const char *t = d->arena.data + w->cur.off;
		for (size_t at = 0; rt_next_ref(t, len, at, &ref); at = ref.end)
			if (ref.form != RT_WORD) {
				w->cur.has_ref = true;
				break;
			}
		tr_grow((void **)&d->heads, &d->capheads, d->nheads + 1, sizeof *d->heads);
		d->heads[d->nheads++] = d->nblocks;
	}
	d->blocks[d->nblocks++] = w->cur;
}

static void begin(walker *w, rb_kind kind)
{
	end(w);
	memset(&w->cur, 0, sizeof w->cur);
	w->cur.kind = (unsigned char)kind;
	w->cur.off = w->doc->arena.len;
	w->cur.span0 = w->doc->nspans;
	w->breaks = 0;
	w->strong_whole = false;
	w->strong_lead = false;
	w->open = true;
}

/* A list item's own text ends where a nested block starts. */
static void close_item(walker *w)
{
	if (w->open && w->cur.kind == RB_ITEM)
		end(w);
}

static void marker(walker *w, rb_kind kind)
{
	end(w);
	rb_doc *d = w->doc;
	if (d->nblocks == d->capblocks)
		tr_grow((void **)&d->blocks, &d->capblocks, d->nblocks + 1, sizeof *d->blocks);
	rb_block *b = &d->blocks[d->nblocks++];
	memset(b, 0, sizeof *b);
	b->kind = (unsigned char)kind;
	b->off = d->arena.len;
	putc1(&d->arena, '\0');
}

static int enter_block(MD_BLOCKTYPE type, void *detail, void *userdata)
{
	walker *w = userdata;
	/* Grow first: the stack may move. */
	if (w->depth == w->capstack)
		tr_grow((void **)&w->stack, &w->capstack, w->depth + 1, sizeof *w->stack);
	frame *parent = top(w, 0);
	frame *f = &w->stack[w->depth++];
	memset(f, 0, sizeof *f);
	f->type = (unsigned char)type;
	w->last_type = (unsigned char)type;

	switch (type) {
	case MD_BLOCK_DOC:
	case MD_BLOCK_HR:
	case MD_BLOCK_THEAD:
	case MD_BLOCK_TBODY:
		break;
	case MD_BLOCK_QUOTE:
	case MD_BLOCK_UL:
		close_item(w);
		break;
	case MD_BLOCK_OL:
		close_item(w);
		f->next_number = ((MD_BLOCK_OL_DETAIL *)detail)->start;
		break;
	case MD_BLOCK_LI: {
		MD_BLOCK_LI_DETAIL *li = detail;
		unsigned number = 0;
		if (parent && parent->type == MD_BLOCK_OL)
			number = parent->next_number++;
		begin(w, RB_ITEM);
		w->cur.number = number;
		/* Nesting depth, so a nested item can be read as about its parent
		 * ("7. #126 …" over "- Blocked by: #103"). */
		unsigned depth = 0;
		for (size_t k = 0; k < w->depth; k++)
			depth += w->stack[k].type == MD_BLOCK_LI;
		w->cur.level = (unsigned char)(depth < 255 ? depth : 255);
		if (li->is_task) {
			w->cur.task = li->task_mark == ' ' ? ' ' : 'x';
			if (w->part + li->task_mark_offset < w->input_len)
				w->cur.line = line_of(w, w->part + li->task_mark_offset);
		}
		break;
	}
	case MD_BLOCK_P:
		/* A loose list item's paragraphs are the item's own text. */
		if (parent && parent->type == MD_BLOCK_LI && w->open && w->cur.kind == RB_ITEM) {
			f->merged = true;
			if (w->doc->arena.len > w->cur.off) {
				putc1(&w->doc->arena, '\n');
				w->breaks++;
			}
		} else {
			begin(w, RB_PARA);
			w->para_top = !parent || parent->type == MD_BLOCK_DOC || parent->type == MD_BLOCK_QUOTE;
		}
		break;
	case MD_BLOCK_H:
		begin(w, RB_HEADING);
		w->cur.level = (unsigned char)((MD_BLOCK_H_DETAIL *)detail)->level;
		break;
	case MD_BLOCK_CODE: {
		begin(w, RB_CODE);
		const MD_ATTRIBUTE *info = &((MD_BLOCK_CODE_DETAIL *)detail)->info;
		w->cur.lang = (unsigned char)rb_lang_of(info->text, info->text ? info->size : 0);
		break;
	}
	case MD_BLOCK_HTML:
		close_item(w);
		w->html++;
		break;
	case MD_BLOCK_TABLE:
		close_item(w);
		break;
	case MD_BLOCK_TR:
		w->column = 0;
		break;
	case MD_BLOCK_TH:
	case MD_BLOCK_TD:
		begin(w, RB_CELL);
		w->cur.number = w->column++;
		w->cur.header = type == MD_BLOCK_TH;
		break;
	}
	return 0;
}

static int leave_block(MD_BLOCKTYPE type, void *detail, void *userdata)
{
	(void)detail;
	walker *w = userdata;
	frame *f = top(w, 0);
	switch (type) {
	case MD_BLOCK_P:
		if (!(f && f->merged))
			end(w);
		break;
	case MD_BLOCK_LI:
	case MD_BLOCK_H:
	case MD_BLOCK_CODE:
	case MD_BLOCK_TH:
	case MD_BLOCK_TD:
		end(w);
		break;
	case MD_BLOCK_TR:
		marker(w, RB_ROW_END);
		break;
	case MD_BLOCK_TABLE:
		marker(w, RB_TABLE_END);
		break;
	case MD_BLOCK_HTML:
		if (w->html)
			w->html--;
		break;
	default:
		break;
	}
	if (w->depth)
		w->depth--;
	return 0;
}

/* Whether a link's target is a pull or merge request. */
static bool pull_link(const MD_SPAN_A_DETAIL *a)
{
	const char *h = a->href.text;
	size_t n = a->href.size;
	for (size_t i = 0; h && i + 6 <= n; i++)
		if (h[i] == '/' && ((n - i >= 6 && memcmp(h + i, "/pull/", 6) == 0) ||
		                    (n - i >= 16 && memcmp(h + i, "/merge_requests/", 16) == 0)))
			return true;
	return false;
}

static int enter_span(MD_SPANTYPE type, void *detail, void *userdata)
{
	walker *w = userdata;
	if (type == MD_SPAN_STRONG && w->open && w->cur.kind == RB_PARA &&
	    w->doc->arena.len == w->cur.off)
		w->strong_whole = true;
	if (type == MD_SPAN_STRONG && w->open && w->doc->arena.len == w->cur.off)
		w->strong_lead = true;
	/* "[#7](…/pull/7)" names a pull request: said so, "PR #7", so the
	 * number is not taken for an issue. */
	if (type == MD_SPAN_A && w->open && !w->html && pull_link(detail))
		put(&w->doc->arena, "PR ", 3);
	if (type == MD_SPAN_CODE && w->open) {
		w->code_span = w->doc->arena.len - w->cur.off;
		w->in_code_span = true;
	}
	return 0;
}

static int leave_span(MD_SPANTYPE type, void *detail, void *userdata)
{
	(void)detail;
	walker *w = userdata;
	if (type == MD_SPAN_STRONG && w->open && w->strong_whole)
		w->strong_end = w->doc->arena.len;
	if (type == MD_SPAN_STRONG && w->open && w->strong_lead) {
		size_t at = w->doc->arena.len - w->cur.off;
		w->cur.lead_bold = at < UINT_MAX ? (unsigned)at : 0;
		w->strong_lead = false;
	}
	if (type == MD_SPAN_CODE && w->open && w->in_code_span) {
		rb_doc *d = w->doc;
		size_t endpos = d->arena.len - w->cur.off;
		tr_grow((void **)&d->spans, &d->capspans, d->nspans + 1, sizeof *d->spans);
		d->spans[d->nspans++] = (rb_span){ w->code_span, endpos - w->code_span };
		w->cur.nspans++;
		w->in_code_span = false;
	}
	return 0;
}

/* The few entities a report is likely to use, and numeric ones; anything
 * else stays as written. */
static void add_entity(tr_buf *out, const char *s, size_t n)
{
	static const struct { const char *name; const char *text; } named[] = {
		{ "&amp;", "&" }, { "&lt;", "<" }, { "&gt;", ">" }, { "&quot;", "\"" },
		{ "&apos;", "'" }, { "&nbsp;", " " }, { "&rarr;", "\xE2\x86\x92" },
		{ "&mdash;", "\xE2\x80\x94" }, { "&ndash;", "\xE2\x80\x93" },
	};
	for (size_t i = 0; i < sizeof named / sizeof *named; i++)
		if (strlen(named[i].name) == n && memcmp(named[i].name, s, n) == 0) {
			tr_buf_adds(out, named[i].text);
			return;
		}
	if (n >= 4 && s[1] == '#') {
		uint32_t cp = 0;
		bool hex = s[2] == 'x' || s[2] == 'X';
		for (size_t i = hex ? 3 : 2; i + 1 < n && cp <= 0x10FFFF; i++) {
			char c = s[i];
			unsigned v = c >= '0' && c <= '9' ? (unsigned)(c - '0')
			           : hex && c >= 'a' && c <= 'f' ? (unsigned)(c - 'a' + 10)
			           : hex && c >= 'A' && c <= 'F' ? (unsigned)(c - 'A' + 10) : 99;
			if (v == 99)
				break;
			cp = cp * (hex ? 16 : 10) + v;
		}
		if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
			cp = TR_REPLACEMENT;
		char u[4];
		tr_buf_add(out, u, tr_utf8_encode(cp, u));
		return;
	}
	tr_buf_add(out, s, n);
}

static int text(MD_TEXTTYPE type, const MD_CHAR *s, MD_SIZE size, void *userdata)
{
	walker *w = userdata;
	if (!w->open || w->html)
		return 0;
	tr_buf *a = &w->doc->arena;
	if (w->cur.line == 0 && s >= w->input && s < w->input + w->input_len) {
		unsigned line = line_of(w, (size_t)(s - w->input));
		w->cur.line = line > w->breaks ? line - w->breaks : 1;
	}
	switch (type) {
	case MD_TEXT_NULLCHAR:
		put(a, "\xEF\xBF\xBD", 3);
		break;
	case MD_TEXT_BR:
	case MD_TEXT_SOFTBR:
		putc1(a, w->cur.kind == RB_HEADING || w->cur.kind == RB_CELL ? ' ' : '\n');
		w->breaks++;
		break;
	case MD_TEXT_ENTITY:
		add_entity(a, s, size);
		break;
	case MD_TEXT_HTML:
		break;
	case MD_TEXT_CODE:
		if (w->cur.kind == RB_CODE) {
			/* Code lines are kept apart by NULs so each is a C string.
			 * md4c hands over each line's end alone: half the calls. */
			if (size == 1 && s[0] == '\n') {
				putc1(a, '\0');
				w->breaks++;
				break;
			}
			const char *p = s, *e = s + size, *nl;
			while ((nl = memchr(p, '\n', (size_t)(e - p))) != NULL) {
				put(a, p, (size_t)(nl - p));
				putc1(a, '\0');
				w->breaks++;
				p = nl + 1;
			}
			put(a, p, (size_t)(e - p));
			break;
		}
		put(a, s, size);
		break;
	default:
		put(a, s, size);
		break;
	}
	return 0;
}

rb_lang rb_lang_of(const char *info, size_t n)
{
	/* md4c gives no text for a fence without an info string. */
	if (!info || !n)
		return RB_LANG_NONE;
	size_t k = 0;
	while (k < n && (info[k] == ' ' || info[k] == '\t'))
		k++;
	info += k;
	n -= k;
	k = 0;
	while (k < n && info[k] != ' ' && info[k] != '\t' && info[k] != '{' && info[k] != ',')
		k++;
	if (k == 0)
		return RB_LANG_NONE;
	static const struct { const char *name; rb_lang lang; } names[] = {
		{ "text", RB_LANG_OUTPUT }, { "txt", RB_LANG_OUTPUT }, { "plain", RB_LANG_OUTPUT },
		{ "plaintext", RB_LANG_OUTPUT }, { "console", RB_LANG_OUTPUT },
		{ "output", RB_LANG_OUTPUT }, { "log", RB_LANG_OUTPUT }, { "logs", RB_LANG_OUTPUT },
		{ "shell-session", RB_LANG_OUTPUT }, { "terminal", RB_LANG_OUTPUT },
		{ "stderr", RB_LANG_OUTPUT }, { "stdout", RB_LANG_OUTPUT }, { "pytb", RB_LANG_OUTPUT },
		{ "traceback", RB_LANG_OUTPUT }, { "error", RB_LANG_OUTPUT }, { "none", RB_LANG_OUTPUT },
		{ "bash", RB_LANG_SHELL }, { "sh", RB_LANG_SHELL }, { "shell", RB_LANG_SHELL },
		{ "zsh", RB_LANG_SHELL }, { "powershell", RB_LANG_SHELL }, { "ps1", RB_LANG_SHELL },
		{ "cmd", RB_LANG_SHELL }, { "bat", RB_LANG_SHELL },
		{ "json", RB_LANG_JSON }, { "jsonl", RB_LANG_JSON }, { "ndjson", RB_LANG_JSON },
		{ "json5", RB_LANG_JSON },
		{ "yaml", RB_LANG_DATA }, { "yml", RB_LANG_DATA }, { "toml", RB_LANG_DATA },
		{ "ini", RB_LANG_DATA }, { "xml", RB_LANG_DATA }, { "csv", RB_LANG_DATA },
		{ "env", RB_LANG_DATA }, { "properties", RB_LANG_DATA }, { "conf", RB_LANG_DATA },
		{ "mermaid", RB_LANG_DATA }, { "markdown", RB_LANG_DATA }, { "md", RB_LANG_DATA },
		{ "html", RB_LANG_DATA }, { "http", RB_LANG_DATA }, { "graphql", RB_LANG_DATA },
		{ "dot", RB_LANG_DATA }, { "hcl", RB_LANG_DATA }, { "tf", RB_LANG_DATA },
		{ "diff", RB_LANG_DIFF }, { "patch", RB_LANG_DIFF }, { "udiff", RB_LANG_DIFF },
	};
	/* The names are in lower case: their first letter rules out most. */
	char first = (char)tolower((unsigned char)info[0]);
	for (size_t i = 0; i < sizeof names / sizeof *names; i++)
		if (names[i].name[0] == first && strlen(names[i].name) == k &&
		    strncasecmp(names[i].name, info, k) == 0)
			return names[i].lang;
	/* Anything else named is taken for a programming language. */
	return RB_LANG_CODE;
}

/* ---- parts: keeping md4c linear ------------------------------------------- */

/* Where the parts start.  A run of lines without a blank one is counted
 * by its lines holding '[', and cut before the line that would make it
 * more than RB_BRACKET_RUN_MAX (a table's rows count apart: find_cuts).  Code does not count: md4c does not read
 * it for links.  Only what md4c is sure to take for fenced code is left out
 * of the count — a fence at the margin (one inside a list item or a quote
 * may end with it), not inside raw HTML (which may hide a fence line) — so
 * a misjudged line is counted, and no run escapes the limit. */
typedef struct scan {
	size_t *cuts;
	size_t n, cap;
	size_t *heads;          /* optional cuts before headings (RB_PART_BYTES) */
	size_t nheads, capheads;
} scan;

/* md4c holds every block of the text it is given until it has read them
 * all: given a long report whole, its tables of blocks and lines grow with
 * the report (megabytes of pages touched anew for each one read).  So the
 * text is also cut, every RB_PART_BYTES or more, before a heading at the
 * margin: such a line ends whatever block came before it (a list, a quote,
 * a paragraph), so the parts parse as the whole does.  Only where the
 * heading is no text of a fence, raw HTML or a table (rb_walk checks what
 * md4c was in when the part before it ended), and not at all in a text that
 * may define link references ("[x]: url"), which hold across all of it. */

/* "# Title", "### Title", "##": an ATX heading at the margin. */
static bool heading_line(const char *s, size_t n)
{
	size_t k = 0;
	while (k < n && k < 7 && s[k] == '#')
		k++;
	return k >= 1 && k <= 6 && (k == n || s[k] == ' ');
}

/* Whether the text may define a link reference: a ']' followed by ':'. */
static bool may_define_refs(const char *s, size_t len)
{
	for (const char *p = s, *e = s + len; (p = memchr(p, ']', (size_t)(e - p))) != NULL; p++)
		if (p + 1 < e && p[1] == ':')
			return true;
	return false;
}

/* Whether a line can end a block that a heading after it does not end, or
 * that only md4c can tell the end of: a fence, raw HTML, a table row,
 * indented code. */
static bool open_ended(const char *s, size_t n)
{
	size_t lead = 0;
	while (lead < n && s[lead] == ' ')
		lead++;
	return lead >= 4 || lead == n || s[lead] == '\t' || s[lead] == '`' || s[lead] == '~' ||
	       s[lead] == '<' || s[lead] == '|' || s[n - 1] == '|';
}

/* `cr`: the text holds a '\r' somewhere.  Most text has none, and then
 * memchr finds each line's end at a fraction of the cost of a loop over
 * its bytes (this pass reads the whole report). */
static size_t line_end(const char *s, size_t len, size_t at, bool cr)
{
	if (!cr) {
		const char *nl = memchr(s + at, '\n', len - at);
		return nl ? (size_t)(nl - s) : len;
	}
	while (at < len && s[at] != '\n' && s[at] != '\r')
		at++;
	return at;
}

static size_t next_line(const char *s, size_t len, size_t end)
{
	if (end < len && s[end] == '\r')
		end++;
	if (end < len && s[end] == '\n')
		end++;
	return end;
}

/* A fence at the margin: its character and length, or 0. */
static size_t fence_open(const char *s, size_t n, char *ch)
{
	if (n < 3 || (s[0] != '`' && s[0] != '~'))
		return 0;
	size_t k = 0;
	while (k < n && s[k] == s[0])
		k++;
	if (k < 3)
		return 0;
	if (s[0] == '`' && memchr(s + k, '`', n - k))
		return 0;       /* "```a`" is a code span, not a fence */
	*ch = s[0];
	return k;
}

/* A closing fence: up to three columns of indent, at least `len` fence
 * characters, nothing after them but blanks. */
static bool fence_close(const char *s, size_t n, char ch, size_t len)
{
	size_t i = 0;
	while (i < n && i < 3 && s[i] == ' ')
		i++;
	size_t k = 0;
	while (i + k < n && s[i + k] == ch)
		k++;
	if (k < len)
		return false;
	for (size_t j = i + k; j < n; j++)
		if (s[j] != ' ' && s[j] != '\t')
			return false;
	return true;
}

/* "---", "* * *", "___": a thematic break, a block of one line. */
static bool thematic_break(const char *s, size_t n)
{
	size_t i = 0, marks = 0;
	while (i < n && i < 3 && s[i] == ' ')
		i++;
	if (i >= n || (s[i] != '-' && s[i] != '*' && s[i] != '_'))
		return false;
	char c = s[i];
	for (; i < n; i++) {
		if (s[i] == c)
			marks++;
		else if (s[i] != ' ' && s[i] != '\t')
			return false;
	}
	return marks >= 3;
}

static bool blank_line(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t')
			return false;
	return true;
}

/* Raw HTML opening at this line (up to three spaces in): the text that ends
 * it ("</pre>", "-->"), or "" for a block that ends at a blank line, or
 * NULL.  Any '<' counts, more than md4c's list of tags: taking a line for
 * HTML only makes the fences in it count as lines. */
static const char *html_open(const char *s, size_t n)
{
	size_t i = 0;
	while (i < n && i < 3 && s[i] == ' ')
		i++;
	if (i >= n || s[i] != '<')
		return NULL;
	static const struct { const char *start, *end; } kinds[] = {
		{ "<pre", "</pre>" }, { "<script", "</script>" }, { "<style", "</style>" },
		{ "<textarea", "</textarea>" }, { "<!--", "-->" }, { "<?", "?>" },
		{ "<![CDATA[", "]]>" }, { "<!", ">" },
	};
	for (size_t k = 0; k < sizeof kinds / sizeof *kinds; k++) {
		size_t kl = strlen(kinds[k].start);
		if (n - i >= kl && strncasecmp(s + i, kinds[k].start, kl) == 0)
			return kinds[k].end;
	}
	return "";
}

static bool has_ci(const char *s, size_t n, const char *word)
{
	size_t k = strlen(word);
	for (size_t i = 0; i + k <= n; i++)
		if (strncasecmp(s + i, word, k) == 0)
			return true;
	return false;
}

/* Without a '\r' in the text its lines are those of the line table
 * (line_of), which is filled here on the way: the text is read once for
 * both.  Returns false when the table is left to build_line_table. */
static bool find_cuts(scan *sc, walker *w, const char *s, size_t len, size_t part)
{
	size_t run = 0;                 /* bracket lines in the run so far */
	/* md4c reads a table's cells one by one, in time linear in its rows
	 * (320,000 rows of links: a third of a second), so the rows of a table
	 * do not count: a table cut in two would lose the rows after the cut,
	 * which have no header.  A table is known by its delimiter row under a
	 * first line of a block with as many cells, and md4c asked whether the
	 * two are a table's head; it goes on while its lines hold a cell's
	 * pipe and begin no other block.  RB_TABLE_RUN_MAX bounds what a wrong
	 * guess would cost. */
	size_t cells = 0;               /* of the last line, when it may head a table */
	size_t head = 0;                /* where that line starts */
	bool fresh = true;              /* the next line with text starts a block */
	size_t trun = 0;                /* in a table: its bracket lines so far; else 0 */
	bool table = false;
	const char *pipe = memchr(s, '|', len);
	char fch = 0;
	size_t flen = 0;                /* in a fence: its length */
	const char *html = NULL;        /* in raw HTML: what ends it */
	bool cr = memchr(s, '\r', len) != NULL;
	/* The next '[' of the text, looked for once past each, rather than
	 * in every line: most lines hold none. */
	const char *bracket = memchr(s, '[', len);
	/* Heading cuts: where the last cut is, and whether the last line with
	 * text leaves no doubt where its block ends. */
	size_t last = 0, prev = 0, prev_n = 0;  /* prev: the last line with text */
	bool split = part && len > part && !may_define_refs(s, len);
	if (!cr)
		starts_begin(w);
	for (size_t at = 0; at < len;) {
		size_t e = line_end(s, len, at, cr), n = e - at;
		const char *l = s + at;
		size_t next = next_line(s, len, e);
		if (!cr && e < len)
			add_start(w, next);
		if (flen) {
			if (fence_close(l, n, fch, flen))
				flen = 0;
			prev = at;
			prev_n = n;
			at = next;
			continue;
		}
		if (blank_line(l, n)) {
			run = 0;
			table = false;
			fresh = true;
			cells = trun = 0;
			if (html && !*html)
				html = NULL;
			at = next;
			continue;
		}
		if (split && !html && l[0] == '#' && at - last >= part && prev_n &&
		    heading_line(l, n) && !open_ended(s + prev, prev_n)) {
			tr_grow((void **)&sc->heads, &sc->capheads, sc->nheads + 1, sizeof *sc->heads);
			sc->heads[sc->nheads++] = at;
			last = at;
		}
		prev = at;
		prev_n = n;
		/* md4c reads every line of a table as a row but a list item's or a
		 * quote's (a fence, raw HTML, a heading's "#" among them). */
		if (table && rb_ends_table(l, n))
			table = false;
		if (table) {
			/* one more row */
		} else if (html) {
			if (*html && has_ci(l, n, html))
				html = NULL;
		} else if ((flen = fence_open(l, n, &fch)) != 0) {
			run = 0;
			table = false;
			fresh = true;
			cells = trun = 0;
			at = next;
			continue;
		} else if ((html = html_open(l, n)) != NULL && *html && has_ci(l, n, html)) {
			html = NULL;    /* opened and closed on one line */
		}
		if (pipe && pipe < l)
			pipe = memchr(l, '|', len - at);
		bool piped = pipe && pipe < l + n;
		/* A head is the first line of a block, at the margin: after a
		 * blank line, a heading or a thematic break ("---"), which are
		 * blocks of one line; md4c makes no table of a paragraph's later
		 * lines, nor (for the cut's sake) is one in a list item taken. */
		bool first = fresh;
		fresh = !table && !html && (heading_line(l, n) || thematic_break(l, n));
		if (!table && !html && piped && cells && rb_underline_cells(l, n) == cells &&
		    rb_md4c_table_head(s + head, e - head)) {
			table = true;
			trun = 0;
		}
		cells = !table && !html && piped && first && l[0] != ' ' && l[0] != '\t'
		            ? rb_row_cells(l, n) : 0;
		head = at;
		if (bracket && bracket < l)
			bracket = memchr(l, '[', len - at);
		bool held = bracket && bracket < l + n;
		if (held && (table ? ++trun > RB_TABLE_RUN_MAX : ++run > RB_BRACKET_RUN_MAX)) {
			tr_grow((void **)&sc->cuts, &sc->cap, sc->n + 1, sizeof *sc->cuts);
			sc->cuts[sc->n++] = at;
			last = at;
			run = 1;
			table = false;
			trun = 0;
			html = NULL;
			fresh = true;
		}
		at = next;
	}
	return !cr;
}

/* Whether md4c, at the end of a part, was in a block that a heading after
 * it would not have ended (see RB_PART_BYTES). */
static bool ends_open(unsigned char type)
{
	return type == MD_BLOCK_CODE || type == MD_BLOCK_HTML || type == MD_BLOCK_TABLE ||
	       type == MD_BLOCK_THEAD || type == MD_BLOCK_TBODY || type == MD_BLOCK_TR ||
	       type == MD_BLOCK_TH || type == MD_BLOCK_TD;
}

int rb_walk_parts(rb_doc *doc, const char *input, size_t len, size_t part)
{
	walker w;
	memset(&w, 0, sizeof w);
	w.doc = doc;
	w.input = input;
	w.input_len = len;
	w.starts = doc->starts;
	w.capstarts = doc->capstarts;
	/* The arena holds about as much text as the input. */
	tr_room_large((void **)&doc->arena.data, &doc->arena.cap, len + 64, 1);
	doc->arena.len = 0;
	doc->arena.data[0] = '\0';
	/* And about a block for every 48 bytes: room for them at once saves
	 * copying the table as it doubles (and the allocator's sweeps then). */
	tr_room_large((void **)&doc->blocks, &doc->capblocks, len / 48 + 16, sizeof *doc->blocks);
	/* GitHub's dialect but for its autolinks: the reader finds issue URLs
	 * in the text itself, and md4c looked at every ':', '@' and '.' for
	 * bare URLs and addresses only to make them links. */
	MD_PARSER parser = {
		0, MD_FLAG_TABLES | MD_FLAG_STRIKETHROUGH | MD_FLAG_TASKLISTS, enter_block, leave_block,
		enter_span, leave_span, text, NULL, NULL,
	};
	scan sc = { NULL, 0, 0, NULL, 0, 0 };
	/* A text too short to be cut before a heading, of no more lines than
	 * a run of bracket lines must have to be cut, cannot be cut at all:
	 * most reports are such, and a folder holds thousands.  Its lines
	 * are found (by memchr) for the line table alone, and the scan line by
	 * line is spared.  Lines a '\r' ends are not counted so: such a text
	 * is scanned. */
	bool short_text = !(part && len > part);
	if (short_text)
		build_line_table(&w);
	if (!short_text || w.nstarts > RB_BRACKET_RUN_MAX || memchr(input, '\r', len)) {
		if (!find_cuts(&sc, &w, input, len, part) && !short_text)
			build_line_table(&w);
	}
	int rc = 0;
	size_t from = 0, k = 0, h = 0;
	while (rc == 0) {
		size_t cut = k < sc.n ? sc.cuts[k] : len;
		while (h < sc.nheads && sc.heads[h] <= from)
			h++;
		bool at_heading = h < sc.nheads && sc.heads[h] < cut;
		size_t to = at_heading ? sc.heads[h] : cut;
		/* What a heading cut that turns out wrong is undone to. */
		walker before = w;
		size_t arena = doc->arena.len, nblocks = doc->nblocks, nspans = doc->nspans,
		       nheads = doc->nheads, ndashed = doc->ndashed;
		w.part = from;
		rc = md_parse(input + from, (MD_SIZE)(to - from), &parser, &w);
		end(&w);
		w.depth = 0;
		w.html = 0;
		if (at_heading && rc == 0 && ends_open(w.last_type)) {
			/* The heading line was text of the block before it: that part
			 * is read again up to the next cut, and no more headings are
			 * cut at, so no text is read more than twice. */
			before.stack = w.stack;
			before.capstack = w.capstack;
			w = before;
			doc->arena.len = arena;
			doc->arena.data[arena] = '\0';
			doc->nblocks = nblocks;
			doc->nspans = nspans;
			doc->nheads = nheads;
			doc->ndashed = ndashed;
			sc.nheads = 0;
			continue;
		}
		if (!at_heading)
			k++;
		from = to;
		if (to >= len)
			break;
	}
	doc->parts = (unsigned)sc.n + 1;
	if (sc.n)
		doc->split_line = line_of(&w, sc.cuts[0]);
	free(sc.cuts);
	free(sc.heads);
	free(w.stack);
	doc->starts = w.starts;
	doc->capstarts = w.capstarts;
	return rc;
}

int rb_walk(rb_doc *doc, const char *input, size_t len)
{
	return rb_walk_parts(doc, input, len, RB_PART_BYTES);
}

void rb_doc_free(rb_doc *doc)
{
	tr_buf_free(&doc->arena);
	free(doc->blocks);
	free(doc->spans);
	free(doc->heads);
	free(doc->dashed);
	free(doc->starts);
	memset(doc, 0, sizeof *doc);
}

/* Frees a table of more than `keep` bytes. */
static void keep_room(void **p, size_t *cap, size_t size, size_t keep)
{
	if (*cap * size > keep) {
		free(*p);
		*p = NULL;
		*cap = 0;
	}
}

void rb_doc_empty(rb_doc *doc, size_t keep)
{
	keep_room((void **)&doc->arena.data, &doc->arena.cap, 1, keep);
	keep_room((void **)&doc->blocks, &doc->capblocks, sizeof *doc->blocks, keep);
	keep_room((void **)&doc->spans, &doc->capspans, sizeof *doc->spans, keep);
	keep_room((void **)&doc->heads, &doc->capheads, sizeof *doc->heads, keep);
	keep_room((void **)&doc->dashed, &doc->capdashed, sizeof *doc->dashed, keep);
	keep_room((void **)&doc->starts, &doc->capstarts, sizeof *doc->starts, keep);
	doc->arena.len = 0;
	doc->nblocks = doc->nspans = doc->nheads = doc->ndashed = 0;
	doc->parts = doc->split_line = 0;
}
