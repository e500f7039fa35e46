/* Reading reports in unit tests: load a fixture or a string into a model,
 * and find the issues and edges a test asserts on. Include after tap.h. */
#ifndef TRIAGE_TEST_REPORT_TAP_H
#define TRIAGE_TEST_REPORT_TAP_H

#include <string.h>

#include "triage/report.h"

__attribute__((unused)) static const tr_issue *issue(const tr_model *m, const char *id)
{
	size_t i = tr_model_lookup(m, id);
	return i == TR_NONE ? NULL : &m->issues[i];
}

/* Whether any edge runs from the issue keyed FROM to the one keyed TO. */
__attribute__((unused)) static bool has_edge(const tr_model *m, const char *from, const char *to)
{
	for (size_t e = 0; e < m->nedges; e++)
		if (strcmp(m->issues[m->edges[e].from].id, from) == 0 &&
		    strcmp(m->issues[m->edges[e].to].id, to) == 0)
			return true;
	return false;
}

/* Loads one fixture; a failure to load is a failed test, not an abort. */
__attribute__((unused)) static tr_model *load(const char *name)
{
	tr_model *m = tr_model_new();
	tr_error err = TR_ERROR_INIT;
	char *paths[] = { (char *)fixture(name) };
	if (!ok(tr_report_load_all(m, paths, 1, &err) == 0, "%s loads", name))
		printf("# %s\n", err.message ? err.message : "(no message)");
	tr_error_clear(&err);
	return m;
}

/* Reads markdown from a string; returns the model (finished) or NULL. */
__attribute__((unused)) static tr_model *read_text(const char *text)
{
	tr_model *m = tr_model_new();
	tr_error err = TR_ERROR_INIT;
	if (tr_report_load_buffer(m, "inline.md", text, strlen(text), &err) < 0) {
		printf("# %s\n", err.message ? err.message : "(no message)");
		tr_error_clear(&err);
		tr_model_free(m);
		return NULL;
	}
	tr_model_finish(m);
	return m;
}

#endif
