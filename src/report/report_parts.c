/* Tables as the cut that keeps md4c linear sees them (report_walk.c,
 * find_cuts): their rows are read in linear time, a paragraph's are not,
 * so which lines are a table's must be known before md4c reads them. */
#include "config.h"

#include <md4c.h>
#include <string.h>

#include "report_internal.h"

/* The cells of a table row: the '|' it holds but those escaped ("\|", which
 * md4c keeps as text), less a leading and a trailing one (a guess, never a
 * parse; see find_cuts).  0 for a line holding none. */
size_t rb_row_cells(const char *s, size_t n)
{
	size_t pipes = 0, first = n, last = 0;
	for (const char *p = s, *e = s + n; (p = memchr(p, '|', (size_t)(e - p))) != NULL; p++) {
		size_t at = (size_t)(p - s), slashes = 0;
		while (slashes < at && s[at - 1 - slashes] == '\\')
			slashes++;
		if (slashes % 2)
			continue;
		if (!pipes)
			first = at;
		last = at;
		pipes++;
	}
	if (!pipes)
		return 0;
	size_t cells = pipes + 1;
	size_t i = 0;
	while (i < first && (s[i] == ' ' || s[i] == '\t'))
		i++;
	if (i == first)
		cells--;
	size_t j = n;
	while (j > last + 1 && (s[j - 1] == ' ' || s[j - 1] == '\t'))
		j--;
	if (j == last + 1)
		cells--;
	return cells;
}

/* A table's delimiter row at the margin ("|---|:--:|", "--- | ---"): its
 * cells, or 0. */
size_t rb_underline_cells(const char *s, size_t n)
{
	size_t i = 0;
	while (i < n && i < 3 && s[i] == ' ')
		i++;
	bool dash = false;
	for (size_t k = i; k < n; k++) {
		char c = s[k];
		if (c == '-')
			dash = true;
		else if (c != '|' && c != ':' && c != ' ' && c != '\t')
			return 0;
	}
	return dash ? rb_row_cells(s + i, n - i) : 0;
}

/* A line that ends a table for md4c (0.4): a list item ("- ", "*\t", "1. ")
 * or a quote ("> ").  Any other line with text, pipe or no pipe, is one
 * more row. */
bool rb_ends_table(const char *s, size_t n)
{
	size_t i = 0;
	while (i < n && i < 3 && s[i] == ' ')
		i++;
	if (i >= n)
		return false;
	char c = s[i];
	if (c == '>')
		return true;
	size_t m = i;
	if (c == '-' || c == '*' || c == '+') {
		m = i + 1;
	} else {
		while (m < n && m - i < 9 && s[m] >= '0' && s[m] <= '9')
			m++;
		if (m == i || m >= n || (s[m] != '.' && s[m] != ')'))
			return false;
		m++;
	}
	return m >= n || s[m] == ' ' || s[m] == '\t';
}

static int saw_table(MD_BLOCKTYPE t, void *d, void *u)
{
	(void)d;
	if (t == MD_BLOCK_TABLE)
		*(bool *)u = true;
	return 0;
}
static int no_span(MD_SPANTYPE t, void *d, void *u) { (void)t; (void)d; (void)u; return 0; }
static int no_block(MD_BLOCKTYPE t, void *d, void *u) { (void)t; (void)d; (void)u; return 0; }
static int no_text(MD_TEXTTYPE t, const MD_CHAR *s, MD_SIZE n, void *u)
{
	(void)t; (void)s; (void)n; (void)u;
	return 0;
}

/* Whether md4c takes these lines (a row over a delimiter row, at the start
 * of a block) for the head of a table: asked of md4c itself, so that what
 * is not counted as a paragraph's is a table's. */
bool rb_md4c_table_head(const char *s, size_t n)
{
	bool table = false;
	MD_PARSER parser = { 0, MD_DIALECT_GITHUB, saw_table, no_block, no_span, no_span, no_text,
	                     NULL, NULL };
	md_parse(s, (MD_SIZE)n, &parser, &table);
	return table;
}
