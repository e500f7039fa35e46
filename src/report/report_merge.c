/* A report is read into a model of its own and merged into the caller's
 * only once it was read completely, so a failed report leaves nothing
 * behind.  Merging is also where an issue named by several reports becomes
 * one: the first definition's fields win, later ones fill what is empty. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "report_internal.h"

#define TAKE(dst, src) do { (dst) = (src); (src) = NULL; } while (0)

static void take_strv(tr_strv *dst, tr_strv *src)
{
	if (dst->n == 0 && src->n > 0) {
		tr_strv_free(dst);
		*dst = *src;
		memset(src, 0, sizeof *src);
	}
}

/* Moves what `to` lacks from `from`; appends failures. */
static void fill_issue(tr_issue *to, tr_issue *from, size_t report)
{
	/* A field taken keeps where it was read, in dst's numbering. */
#define SOURCE(f) \
	if (!to->sources[f].line && from->sources[f].line) \
		to->sources[f] = (tr_source){ report, from->sources[f].line }
	if (!to->title) {
		TAKE(to->title, from->title);
		SOURCE(TR_SOURCE_TITLE);
	}
	if (!to->severity)
		TAKE(to->severity, from->severity);
	if (to->priority == TR_PRIORITY_NONE && from->priority != TR_PRIORITY_NONE) {
		to->priority = from->priority;
		SOURCE(TR_SOURCE_PRIORITY);
	}
	if (to->status == TR_ISSUE_UNKNOWN && from->status != TR_ISSUE_UNKNOWN) {
		to->status = from->status;
		free(to->status_text);
		TAKE(to->status_text, from->status_text);
		to->sources[TR_SOURCE_STATUS] = (tr_source){ 0, 0 };
		SOURCE(TR_SOURCE_STATUS);
	} else if (!to->status_text && from->status_text) {
		TAKE(to->status_text, from->status_text);
		SOURCE(TR_SOURCE_STATUS);
	}
	take_strv(&to->test_files, &from->test_files);
	take_strv(&to->findings, &from->findings);
	take_strv(&to->impact, &from->impact);
	if (to->tests.failed < 0 && to->tests.passed < 0 && to->tests.skipped < 0)
		SOURCE(TR_SOURCE_TESTS);
	if (to->tests.failed < 0)
		to->tests.failed = from->tests.failed;
	if (to->tests.passed < 0)
		to->tests.passed = from->tests.passed;
	if (to->tests.skipped < 0)
		to->tests.skipped = from->tests.skipped;
	if (!to->plan_phase && from->plan_phase) {
		TAKE(to->plan_phase, from->plan_phase);
		to->plan_step = from->plan_step;
		to->plan_done = from->plan_done;
		SOURCE(TR_SOURCE_PLAN);
	}
#undef SOURCE
	if (from->nfailures) {
		tr_grow((void **)&to->failures, &to->capfailures, to->nfailures + from->nfailures,
		        sizeof *to->failures);
		for (size_t f = 0; f < from->nfailures; f++) {
			to->failures[to->nfailures] = from->failures[f];
			to->failures[to->nfailures].report = report;
			to->nfailures++;
		}
		/* The strings moved with the entries. */
		from->nfailures = 0;
	}
}

/* Room for the first mentions at once: an issue that two reports define
 * is mostly defined by more. */
#define FIRST_MENTIONS 8

static void add_mention(tr_model *m, tr_issue *to, const tr_issue *of, size_t report)
{
	/* Reports of a folder may all define the same issue: the array doubles
	 * when full (its room is FIRST_MENTIONS, or the power of two at or
	 * above its count), not copied whole for each report. */
	size_t n = to->nmentions;
	if (n == 0 || (n >= FIRST_MENTIONS && (n & (n - 1)) == 0))
		to->mentions = tr_realloc(to->mentions, (n ? 2 * n : FIRST_MENTIONS) * sizeof *to->mentions);
	to->mentions[to->nmentions++] = (tr_mention){
		report, of->line, tr_model_keep_text(m, of->title), of->priority, of->status,
		tr_model_keep_text(m, of->status_text), of->tests,
	};
}

/* An issue a second report defines too: what each report says is kept,
 * the first's as it stood before the second filled anything in. */
static void mention(tr_model *m, tr_issue *to, const tr_issue *from, size_t report)
{
	if (!from->title && from->status == TR_ISSUE_UNKNOWN && from->priority == TR_PRIORITY_NONE)
		return;         /* only named there (a chain, a mention), not defined */
	if (to->nmentions == 0)
		add_mention(m, to, to, to->report);
	add_mention(m, to, from, report);
}

static int by_index(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	return x < y ? -1 : x > y;
}

void rm_merge(tr_model *dst, tr_model *src, char *const *ids)
{
	tr_report *sr = &src->reports[0];
	size_t r = tr_model_add_report(dst, sr->path);
	tr_report *dr = &dst->reports[r];
	TAKE(dr->title, sr->title);
	TAKE(dr->executed_at, sr->executed_at);
	TAKE(dr->encoding, sr->encoding);
	dr->scope = sr->scope;
	memset(&sr->scope, 0, sizeof sr->scope);
	dr->notes = sr->notes;
	memset(&sr->notes, 0, sizeof sr->notes);

	/* The issues known already are found all at once, and their memory
	 * asked for before any is read: a folder's model is large, its issues
	 * rarely in the caches, and the fetches then overlap instead of each
	 * waiting for the one before. */
	size_t n = src->nissues ? src->nissues : 1;
	size_t *map = tr_malloc(n * sizeof *map);
	const char **id_of = tr_malloc(n * sizeof *id_of);
	for (size_t i = 0; i < src->nissues; i++)
		id_of[i] = ids && ids[i] ? ids[i] : src->issues[i].id;
	tr_model_lookup_all(dst, id_of, src->nissues, map);
	for (size_t i = 0; i < src->nissues; i++)
		if (map[i] != TR_NONE)
			for (size_t b = 0; b < sizeof(tr_issue); b += 64)
				__builtin_prefetch((const char *)&dst->issues[map[i]] + b);
	/* Then where each one's next mention goes, once the issues came. */
	for (size_t i = 0; i < src->nissues; i++)
		if (map[i] != TR_NONE && dst->issues[map[i]].mentions)
			__builtin_prefetch(&dst->issues[map[i]].mentions[dst->issues[map[i]].nmentions], 1);
	for (size_t i = 0; i < src->nissues; i++) {
		tr_issue *from = &src->issues[i];
		size_t before = dst->nissues;
		/* Not there before: new, or made just now for another of the
		 * report's issues renamed alike, which interning finds. */
		size_t k = map[i] != TR_NONE ? map[i]
		                              : tr_model_intern(dst, id_of[i], from->named, r, from->line);
		map[i] = k;
		tr_issue *to = &dst->issues[k];
		if (k < before && !to->title && to->status == TR_ISSUE_UNKNOWN && from->title) {
			/* Known only as a name in an earlier chain: this is its definition. */
			to->report = r;
			to->line = from->line;
		} else if (k < before && to->report != r &&
		           (to->title || to->status != TR_ISSUE_UNKNOWN || to->priority != TR_PRIORITY_NONE)) {
			mention(dst, to, from, r);
		}
		fill_issue(to, from, r);
	}
	/* Every issue this report speaks of, including those known before.
	 * Its own ids are distinct, so only a rename can make two of them one:
	 * counted over this report's issues alone, never with a table of all
	 * the merged ones (for each report of a folder, that costs their
	 * product). */
	size_t renamed = 0;
	for (size_t i = 0; ids && i < src->nissues; i++)
		renamed += ids[i] != NULL;
	dr->nissues = src->nissues;
	if (renamed) {
		size_t *order = tr_malloc((src->nissues ? src->nissues : 1) * sizeof *order);
		memcpy(order, map, src->nissues * sizeof *order);
		qsort(order, src->nissues, sizeof *order, by_index);
		for (size_t i = 1; i < src->nissues; i++)
			dr->nissues -= order[i] == order[i - 1];
		free(order);
	}
	for (size_t e = 0; e < src->nedges; e++) {
		const tr_edge *ed = &src->edges[e];
		tr_model_add_edge(dst, map[ed->from], map[ed->to], ed->kind, r, ed->line);
	}
	free(id_of);
	free(map);
}
