/* The cluster-report reader: bytes are decoded (encoding.c), walked with
 * md4c into blocks (report_walk.c), and the blocks read in order into a
 * model of the report's own, which is merged into the caller's model only
 * once the whole report was read (report_merge.c).
 *
 * Sections: a heading naming issues ("### Phase 1: Title (#305) - P0
 * CRITICAL") opens an issue section; what follows until a heading of the
 * same or a higher level belongs to its issues.  A subheading naming some of
 * them narrows the section to those.  An unnumbered heading among issue
 * headings (same level, same parent) whose section carries a Status or test
 * file label is a named issue ("golden-path").
 *
 * Dependencies, failures and the plan are read after the sections, so a
 * chain may name an issue defined further down, and a chain line inside an
 * error block is not taken for a failure. */
#include "config.h"

#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "report_internal.h"
#include "triage/encoding.h"
#include "triage/report.h"
#include "triage/text.h"

/* ---- the main pass ------------------------------------------------------------ */

static void read_blocks(reader *r)
{
	size_t h = 0;
	for (size_t b = 0; b < r->doc.nblocks; b++) {
		const rb_block *bl = &r->doc.blocks[b];
		if (bl->line)
			r->at_line = bl->line;
		switch (bl->kind) {
		case RB_HEADING:
			rd_read_heading(r, h++);
			break;
		case RB_PARA:
			rd_intro(r, bl);
			rd_read_lines(r, bl);
			break;
		case RB_ITEM:
			rd_read_item(r, b);
			break;
		case RB_CODE:
			rd_read_code(r, bl);
			break;
		case RB_CELL:
			tr_grow((void **)&r->row, &r->caprow, r->nrow + 1, sizeof *r->row);
			r->row[r->nrow++] = b;
			break;
		case RB_ROW_END:
			rd_read_row_end(r);
			break;
		case RB_TABLE_END:
			r->issue_table = false;
			r->ncols = r->nrow = 0;
			break;
		}
	}
}

/* ---- counts that follow from others ------------------------------------------- */

static void finish_counts(reader *r)
{
	for (size_t i = 0; i < r->m->nissues; i++) {
		tr_tests *t = &r->m->issues[i].tests;
		issue_extra *e = rd_extra(r, i);
		rd_section_status(r, i);
		if (r->m->issues[i].priority == TR_PRIORITY_NONE && e->group >= 0) {
			r->m->issues[i].priority = (tr_priority)e->group;
			rd_source(&r->m->issues[i], TR_SOURCE_PRIORITY, e->group_line);
		}
		/* go test lines count only when the report gives no count. */
		if (t->failed < 0 && t->passed < 0 && t->skipped < 0 && e->go_seen) {
			t->failed = e->go[0];
			t->passed = e->go[1];
			t->skipped = e->go[2];
		}
		if (e->total < 0)
			continue;
		long *f[3] = { &t->failed, &t->passed, &t->skipped };
		int unknown = 0, which = 0;
		long known = 0;
		for (int k = 0; k < 3; k++) {
			if (*f[k] < 0) {
				unknown++;
				which = k;
			} else {
				known += *f[k];
			}
		}
		/* One count left out is what the total leaves, but for skipped:
		 * what is neither failed nor passed may be errors, deselected or
		 * not run, so only "none skipped" follows from the total. */
		if (unknown == 1 && e->total >= known && (which != 2 || e->total == known))
			*f[which] = e->total - known;
	}
}

/* Lists a report may repeat an entry in, kept in order with each entry
 * once: folded here in one pass, not searched on every addition (80,000
 * test files under one issue would cost the square of that). */
static void fold_repeats(reader *r)
{
	tr_strv_dedupe(&r->m->reports[0].scope);
	for (size_t i = 0; i < r->m->nissues; i++)
		tr_strv_dedupe(&r->m->issues[i].test_files);
}

/* ---- loading -------------------------------------------------------------------- */

/* Everything but the walked document. */
static void reader_free_state(reader *r)
{
	free(r->heads);
	free(r->sets);
	for (size_t i = 0; i < r->capextra; i++)
		free(r->extra[i].new_id);
	free(r->extra);
	free(r->deps);
	free(r->plans);
	free(r->codes);
	free(r->cols);
	free(r->row);
	tr_smap_free(&r->claimed);
	tr_smap_free(&r->prefixes);
	free(r->numkeys);
	free(r->numvals);
	tr_buf_free(&r->scratch);
	free(r->refs.v);
	tr_buf_free(&r->fail_text);
	tr_buf_free(&r->fail_key);
	free(r->fail_lines);
}

/* A table of more issue extras than this is not kept for the next report:
 * each kept one is set afresh for the next, which for a large table after
 * a large report would cost more, report after report, than it saves. */
#define KEEP_EXTRAS 1024

/* What the report before left in `kept`, taken over emptied. */
static void reader_take_room(reader *r, rd_kept *kept)
{
	r->doc = kept->doc;
	r->extra = kept->extra;
	r->capextra = kept->capextra;
	rd_extra_init(r, 0);
	r->deps = kept->deps;
	r->capdeps = kept->capdeps;
	tr_model *model = kept->model;
	memset(kept, 0, sizeof *kept);
	kept->model = model;
}

/* The room of r's tables goes back to `kept`, for the next report. */
static void reader_keep_room(reader *r, rd_kept *kept)
{
	rb_doc_empty(&r->doc, RD_KEEP_BYTES);
	kept->doc = r->doc;
	memset(&r->doc, 0, sizeof r->doc);
	for (size_t i = 0; i < r->capextra; i++) {
		free(r->extra[i].new_id);
		r->extra[i].new_id = NULL;
	}
	if (r->capextra <= KEEP_EXTRAS) {
		kept->extra = r->extra;
		kept->capextra = r->capextra;
		r->extra = NULL;
		r->capextra = 0;
	}
	if (r->capdeps * sizeof *r->deps <= RD_KEEP_BYTES) {
		kept->deps = r->deps;
		kept->capdeps = r->capdeps;
		r->deps = NULL;
		r->capdeps = 0;
	}
}

/* The room of its tables goes back to `kept`, when given, for the next
 * report. */
static void reader_free(reader *r, rd_kept *kept)
{
	if (kept)
		reader_keep_room(r, kept);
	else
		rb_doc_free(&r->doc);
	reader_free_state(r);
}

void rd_kept_free(rd_kept *k)
{
	tr_model_free(k->model);
	rb_doc_free(&k->doc);
	free(k->extra);
	free(k->deps);
	memset(k, 0, sizeof *k);
}

/* A reader of a model holding one report entry, at the start of the text:
 * `model` (empty), or a new one. */
static void reader_start(reader *r, const char *path, char *encoding, tr_model *model)
{
	r->m = model ? model : tr_model_new();
	r->target = TR_NONE;
	r->title_heading = TR_NONE;
	for (int l = 0; l < RD_LEVELS; l++)
		r->active[l] = TR_NONE;
	for (unsigned d = 0; d < sizeof r->items / sizeof *r->items; d++)
		r->items[d] = TR_NONE;
	r->item = r->code = TR_NONE;
	tr_model_add_report(r->m, path);
	r->m->reports[0].encoding = encoding;
}

/* Most issues are defined by a heading that names them: room for as many
 * at once. */
static void reserve_issues(reader *r)
{
	size_t naming = 0;
	for (size_t h = 0; h < r->nheads; h++)
		naming += r->heads[h].has_refs;
	rd_reserve(r, naming);
}

/* The outline: the keys a report uses and its headings. */
static void read_outline(reader *r)
{
	rd_learn_keys(r);
	rd_outline(r);
	reserve_issues(r);
}

/* The failures the code blocks quote, in the order of the blocks. */
static void read_failures(reader *r)
{
	for (size_t k = 0; k < r->ncodes; k++)
		rd_code_failures(r, &r->doc.blocks[r->codes[k].block], r->codes[k].set);
}

static void read_body(reader *r)
{
	read_blocks(r);
	read_failures(r);
	rd_read_deps(r);
	rd_settle_deps(r);
	rd_read_plan(r);
	finish_counts(r);
	fold_repeats(r);
}

/* A report that keys nothing is read again with its unkeyed items as named
 * issues (see rd_fallback_items).  The walk and the outline are kept: the
 * outline depends on nothing the first reading did but the role and issues
 * it gave each heading, which are cleared, so its headings (taken over here)
 * and the keys learnt serve again.  When no such item is found the second
 * reading would repeat the first: it stops there. */
static void read_again_unkeyed(reader *r, const char *path)
{
	reader again;
	memset(&again, 0, sizeof again);
	again.doc = r->doc;
	reader_start(&again, path, NULL, NULL);
	again.word_keys = r->word_keys;
	again.prefixes = r->prefixes;
	memset(&r->prefixes, 0, sizeof r->prefixes);
	again.heads = r->heads;
	again.nheads = r->nheads;
	r->heads = NULL;
	/* What the first reading made of its headings; the rest of what it
	 * noted of them (labels, P-levels, words) the text alone decides. */
	for (size_t h = 0; h < again.nheads; h++) {
		again.heads[h].role = H_PLAIN;
		again.heads[h].set = TR_NONE;
	}
	again.root_ref_levels = r->root_ref_levels;
	reserve_issues(&again);
	rd_fallback_items(&again);
	bool found = false;
	for (size_t h = 0; h < again.nheads && !found; h++)
		found = again.heads[h].fallback;
	if (!found) {
		r->doc = again.doc;
		r->heads = again.heads;
		again.heads = NULL;
		reader_free_state(&again);
		tr_model_free(again.m);
		return;
	}
	again.m->reports[0].encoding = r->m->reports[0].encoding;
	r->m->reports[0].encoding = NULL;
	tr_model_free(r->m);
	reader_free_state(r);
	*r = again;
	read_body(r);
}

/* The first report read into an empty model moves there whole instead of
 * interning every issue a second time.  Renames re-index the model each, so
 * a report with many goes the long way. */
static bool move_whole(tr_model *m, rd_read *rr)
{
	if (m->nreports || m->nissues || m->nedges)
		return false;
	size_t renames = 0;
	for (size_t i = 0; rr->ids && i < rr->nids; i++)
		renames += rr->ids[i] != NULL;
	if (renames > 16)
		return false;
	for (size_t i = 0; renames && i < rr->nids; i++)
		if (rr->ids[i])
			tr_model_rename(rr->m, i, rr->ids[i]);
	tr_model tmp = *m;
	*m = *rr->m;
	*rr->m = tmp;
	return true;
}

/* The ids the reading gave issues in place of those they were read under,
 * taken from the reader: NULL when it renamed none. */
static char **take_ids(reader *r, size_t *n)
{
	char **ids = NULL;
	*n = r->m->nissues < r->capextra ? r->m->nissues : r->capextra;
	for (size_t i = 0; i < *n; i++)
		if (r->extra[i].new_id) {
			if (!ids)
				ids = tr_calloc(*n, sizeof *ids);
			ids[i] = r->extra[i].new_id;
			r->extra[i].new_id = NULL;
		}
	return ids;
}

void rd_read_free(rd_read *rr)
{
	for (size_t i = 0; rr->ids && i < rr->nids; i++)
		free(rr->ids[i]);
	free(rr->ids);
	tr_model_free(rr->m);
	memset(rr, 0, sizeof *rr);
}

void rd_merge_read(tr_model *m, rd_read *rr, rd_kept *kept)
{
	if (!move_whole(m, rr))
		rm_merge(m, rr->m, rr->ids);
	/* The model read into, emptied when the next report needs it. */
	if (kept && !kept->model) {
		kept->model = rr->m;
		rr->m = NULL;
	}
	rd_read_free(rr);
}

static bool blank(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!isspace((unsigned char)s[i]))
			return false;
	return true;
}

/* `owned`, when given, holds data.  When the text needs no change it is
 * read in place and the buffer handed back emptied, for the next file
 * (unless it is larger than RD_KEEP_BYTES); otherwise it is freed as soon
 * as the text is decoded: a large report is not kept three times over.
 * `kept`, when given, holds a model (or NULL) for the report to be read
 * into, cleared here, and the buffers of a walked document, and gets them
 * back: the reports of a folder reuse their room instead of each growing
 * its own anew. */
static int read_text(const char *path, const char *data, size_t len, tr_buf *owned,
                     rd_kept *kept, rd_read *out, tr_error *err)
{
	memset(out, 0, sizeof *out);
	if (len == 0 || blank(data, len))
		return tr_error_set(err, TR_FORMAT, "%s: empty report: there is nothing to read "
		                    "(give a markdown cluster report)", path);
	if (len >= 0xFFFFFFF0u)
		return tr_error_set(err, TR_FORMAT, "%s: too large to read as a report (%zu bytes; "
		                    "the limit is 4 GB)", path, len);
	tr_decoded dec;
	char *mem = owned ? owned->data : NULL;
	size_t mem_cap = owned ? owned->cap : 0;
	int decoded = owned ? tr_decode_buf(path, owned, &dec, err)
	                    : tr_decode(path, data, len, &dec, err);
	if (decoded < 0)
		return -1;
	/* Whether the text is the buffer's own memory, taken over. */
	bool in_place = mem && dec.text == mem;
	if (owned && !in_place)
		tr_buf_free(owned);

	reader r;
	memset(&r, 0, sizeof r);
	if (kept)
		reader_take_room(&r, kept);
	char *encoding = dec.description;
	dec.description = NULL;
	/* Decoding may have made the text longer than the file (Latin-1 to
	 * UTF-8 doubles it): offsets into it are 32-bit. */
	int rc = dec.len >= 0xFFFFFFF0u ? -3 : blank(dec.text, dec.len) ? -2
	                                 : rb_walk(&r.doc, dec.text, dec.len);
	if (in_place && mem_cap <= RD_KEEP_BYTES) {
		*owned = (tr_buf){ dec.text, 0, mem_cap };
		owned->data[0] = '\0';
		dec.text = NULL;
	}
	tr_decoded_free(&dec);
	/* The model the report before was read into is emptied only now, its
	 * walk done: md4c's few large allocations then come before the many
	 * small pieces it frees, which the reading that follows takes again
	 * as they are, rather than after them, when each large one first
	 * sweeps them all together. */
	if (kept && kept->model)
		tr_model_clear(kept->model);
	reader_start(&r, path, encoding, kept ? kept->model : NULL);
	if (kept)
		kept->model = NULL;
	int result = 0;
	if (rc == -3) {
		result = tr_error_set(err, TR_FORMAT, "%s: too large to read as a report once "
		                      "decoded to UTF-8 (the limit is 4 GB)", path);
		goto out;
	}
	if (rc == -2) {
		result = tr_error_set(err, TR_FORMAT, "%s: empty report: there is nothing to read "
		                      "(give a markdown cluster report)", path);
		goto out;
	}
	if (rc != 0) {
		result = tr_error_set(err, TR_NOMEM, "%s: the markdown parser gave up (status %d); "
		                      "the report may be too large for memory", path, rc);
		goto out;
	}
	read_outline(&r);
	read_body(&r);
	if (r.m->nissues == 0)
		read_again_unkeyed(&r, path);
	if (r.doc.parts > 1)
		tr_strv_push_owned(&r.m->reports[0].notes,
		    tr_sprintf("from line %u on, read in %u parts: more than %d lines holding '[' "
		               "without a blank line between them, or %d table rows (a paragraph "
		               "or table there is cut in two, and what follows the cut in a table "
		               "is read as text; the markdown parser would take minutes on it whole)",
		               r.doc.split_line, r.doc.parts, RB_BRACKET_RUN_MAX, RB_TABLE_RUN_MAX));
	if (r.m->nissues == 0) {
		result = tr_error_set(err, TR_NOTFOUND,
		    "%s: no issues found; a report lists its issues as headings "
		    "(\"## Issue #123 \xE2\x80\x94 Title\", \"### Title (#123) - P1\"), as rows of a "
		    "table with an Issue column, or as a task list (\"- [ ] #123 Title\")", path);
		goto out;
	}
	out->ids = take_ids(&r, &out->nids);
	out->m = r.m;
	r.m = NULL;
out:
	reader_free(&r, kept);
	if (kept && r.m)
		kept->model = r.m;      /* emptied when the next report needs it */
	else
		tr_model_free(r.m);
	return result;
}

int rd_read_owned(const char *path, tr_buf *text, rd_kept *kept, rd_read *out, tr_error *err)
{
	return read_text(path, text->data ? text->data : "", text->len, text, kept, out, err);
}

/* Reads a report and merges it into m. */
static int load(tr_model *m, const char *path, const char *data, size_t len, tr_buf *owned,
                rd_kept *kept, tr_error *err)
{
	rd_read rr;
	if (read_text(path, data, len, owned, kept, &rr, err) != 0)
		return -1;
	rd_merge_read(m, &rr, kept);
	return 0;
}

int tr_report_load_buffer(tr_model *m, const char *path, const char *data, size_t len,
                          tr_error *err)
{
	return load(m, path, data, len, NULL, NULL, err);
}

int tr_report_load_file(tr_model *m, const char *path, tr_error *err)
{
	tr_buf b = TR_BUF_INIT;
	int rc = rd_read_file(path, true, &b, err);
	if (rc == 0)
		rc = load(m, path, b.data ? b.data : "", b.len, &b, NULL, err);
	tr_buf_free(&b);
	return rc;
}
