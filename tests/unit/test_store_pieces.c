/* The progress file read a piece at a time gives what reading it whole
 * gives: the same document for a file as triage writes it (and the same
 * in any spacing JSON allows), and for every other file the whole reading
 * alone, with its words about what is wrong. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "triage/str.h"
#include "store/store_internal.h"

/* A file in triage's layout with one of everything: notes and values
 * with escapes, acknowledgements, events on issues and failures, a
 * stand-up mark, undo, redo, a sequence and a note edit. */
static const char *const written =
	"{\n"
	"  \"version\": 2,\n"
	"  \"reports\": [\n    \"../docs/a.md\",\n    \"b \\\"quoted\\\".md\"\n  ],\n"
	"  \"issues\": {\n"
	"    \"#7\": {\n      \"state\": \"in-progress\",\n      \"owner\": \"ana\",\n"
	"      \"notes\": [\n"
	"        {\"by\": \"Ana <a@x>\", \"at\": \"2026-03-05T09:00:00Z\", \"text\": \"two\\nlines \\u00e9 \\u202e end\"}\n"
	"      ],\n"
	"      \"updated_by\": \"Ana <a@x>\",\n      \"updated_at\": \"2026-03-05T09:00:00Z\"\n    },\n"
	"    \"#12\": {\n      \"state\": \"open\",\n      \"owner\": null,\n      \"notes\": [],\n"
	"      \"updated_by\": null,\n      \"updated_at\": null\n    },\n"
	"    \"golden-path\": {\n      \"state\": \"fixed\"\n    }\n"
	"  },\n"
	"  \"acknowledged\": {\n"
	"    \"AssertionError: x\": {\"by\": \"bo\", \"at\": \"2026-03-05T10:00:00Z\"}\n"
	"  },\n"
	"  \"events\": [\n"
	"    {\"at\": \"2026-03-05T09:00:00Z\", \"by\": \"Ana <a@x>\", \"issue\": \"#7\", \"field\": \"state\", \"from\": \"open\", \"to\": \"in-progress\"},\n"
	"    {\"at\": \"2026-03-05T09:00:00Z\", \"seq\": 2, \"by\": \"Ana <a@x>\", \"issue\": \"#7\", \"field\": \"note\", \"to\": \"two\\nlines\"},\n"
	"    {\"at\": \"2026-03-05T09:05:00Z\", \"by\": \"bo\", \"failure\": \"AssertionError: x\", \"field\": \"ack\", \"to\": \"bo\"},\n"
	"    {\"at\": \"2026-03-05T09:06:00Z\", \"by\": \"bo\", \"issue\": \"#12\", \"field\": \"owner\", \"from\": null, \"to\": \"bo\", \"undoes\": \"2026-03-05T09:00:00Z\"},\n"
	"    {\"at\": \"2026-03-05T09:07:00Z\", \"by\": \"bo\", \"issue\": \"#12\", \"field\": \"owner\", \"from\": \"bo\", \"to\": null, \"redoes\": \"2026-03-05T09:06:00Z\"},\n"
	"    {\"at\": \"2026-03-05T09:08:00Z\", \"by\": \"Ana <a@x>\", \"issue\": \"#7\", \"field\": \"note\", \"from\": \"two\\nlines\", \"to\": \"edited\", \"note_at\": \"2026-03-05T09:00:00Z\"},\n"
	"    {\"at\": \"2026-03-05T09:09:00Z\", \"by\": \"bo\", \"field\": \"standup\", \"to\": \"2026-03-05T09:09:00Z\"}\n"
	"  ]\n"
	"}\n";

/* The text with the first `from` replaced by `to` (caller frees). */
static char *edit(const char *text, const char *from, const char *to)
{
	const char *at = strstr(text, from);
	if (!at) {
		printf("Bail out! the fixture has no %s\n", from);
		exit(1);
	}
	return tr_sprintf("%.*s%s%s", (int)(at - text), text, to, at + strlen(from));
}

static char *dump(const tr_doc *d)
{
	if (!d)
		return NULL;
	tr_buf b = TR_BUF_INIT;
	tr_doc_write(d, &b);
	return b.data;
}

/* Reads text both ways and through tr_doc_parse; `pieces`: whether the
 * piece-at-a-time reading is to take it. */
static void same(const char *what, const char *text, bool pieces)
{
	size_t len = strlen(text);
	tr_doc *p = store_parse_pieces("p.json", text, len);
	ok((p != NULL) == pieces, "%s: %s a piece at a time", what, pieces ? "read" : "not read");
	tr_error we = TR_ERROR_INIT, fe = TR_ERROR_INIT;
	bool wn = false, fn = false;
	tr_doc *w = store_parse_whole("p.json", text, len, &wn, &we);
	tr_doc *f = tr_doc_parse("p.json", text, len, &fn, &fe);
	char *pd = dump(p), *wd = dump(w), *fd = dump(f);
	if (pieces)
		is_str(pd, wd, "%s: the same document as read whole", what);
	is_str(fd, wd, "%s: tr_doc_parse gives what the whole reading gives", what);
	is_str(fe.message, we.message, "%s: and the same words", what);
	ok(fn == wn, "%s: and says the same of a newer file", what);
	free(pd);
	free(wd);
	free(fd);
	tr_doc_free(p);
	tr_doc_free(w);
	tr_doc_free(f);
	tr_error_clear(&we);
	tr_error_clear(&fe);
}

/* A file that is damaged: read whole, it is refused. */
static void damaged(const char *what, char *text)
{
	tr_error err = TR_ERROR_INIT;
	bool newer = false;
	tr_doc *w = store_parse_whole("p.json", text, strlen(text), &newer, &err);
	ok(w == NULL && err.message, "%s: refused (%s)", what, err.message ? err.message : "");
	tr_doc_free(w);
	tr_error_clear(&err);
	same(what, text, false);
	free(text);
}

int main(void)
{
	same("as triage writes it", written, true);
	tr_doc *d = store_parse_pieces("p.json", written, strlen(written));
	ok(d && d->nissues == 3 && d->nevents == 7 && d->nacks == 1 && d->reports.n == 2,
	   "every issue, event, acknowledgement and report is read");
	tr_doc_free(d);

	/* Any spacing JSON allows, and none. */
	char *one_line = tr_strdup(written);
	size_t k = 0;
	for (size_t i = 0; one_line[i]; i++)
		if (one_line[i] != '\n' && !(one_line[i] == ' ' && one_line[i + 1] == ' '))
			one_line[k++] = one_line[i];
	one_line[k] = '\0';
	same("on one line", one_line, true);
	free(one_line);
	char *spaced = tr_strdup(written);
	for (char *p = spaced; (p = strstr(p, ",\n")) != NULL; p += 2)
		p[1] = '\t';
	same("tabs for newlines", spaced, true);
	free(spaced);
	/* One change to the file each: whether it is still read a piece at a
	 * time (spacing, a part left out), or only whole (another order, an
	 * escape in a key); read the same either way. */
	static const struct {
		const char *what, *from, *to;
		bool pieces;
	} edits[] = {
		{ "carriage returns", "\"events\": [\n", "\"events\"\r\n :\r\n [\r\n", true },
		{ "no acknowledgements", "\"acknowledged\": {\n    \"AssertionError: x\": {\"by\": \"bo\", "
		  "\"at\": \"2026-03-05T10:00:00Z\"}\n  },\n", "", true },
		{ "issues out of order (#07 beside #7)", "\"golden-path\": {", "\"#07\": {}, \"golden-path\": {",
		  true },
		{ "an issue's id written with an escape", "\"#12\": {", "\"#1\\u0032\": {", false },
		{ "events before the issues", "\"issues\": {", "\"events\": [], \"issues\": {", false },
	};
	for (size_t e = 0; e < sizeof edits / sizeof *edits; e++) {
		char *text = edit(written, edits[e].from, edits[e].to);
		same(edits[e].what, text, edits[e].pieces);
		free(text);
	}
	char *late = edit(written, "  \"version\": 2,\n", "");
	char *moved = edit(late, "\"issues\": {", "\"version\": 2, \"issues\": {");
	same("version after the reports", moved, false);
	free(late);
	free(moved);
	char *only_version = tr_strdup("{\"version\": 1}");
	same("a version and nothing else", only_version, true);
	free(only_version);

	/* Damaged: each refused, in the same words either way. */
	static const struct {
		const char *what, *from, *to;
	} damage[] = {
		{ "the reports twice", "\"issues\": {", "\"reports\": [], \"issues\": {" },
		{ "a key twice in an event", "\"field\": \"state\",", "\"field\": \"state\", \"field\": \"x\"," },
		{ "an issue twice", "\"golden-path\": {", "\"#7\": {}, \"golden-path\": {" },
		{ "a version with a leading zero", "\"version\": 2", "\"version\": 02" },
		{ "a version as a fraction", "\"version\": 2", "\"version\": 2.0" },
		{ "a newer version", "\"version\": 2", "\"version\": 9" },
		{ "something after the end", "  ]\n}\n", "  ]\n}\n}" },
		{ "cut in the events", "\"standup\", \"to\": \"2026-03-05T09:09:00Z\"}\n  ]\n}\n", "\"stand" },
		{ "a byte that is no UTF-8", "\"to\": \"edited\"", "\"to\": \"ed\xff\"" },
		{ "an unknown key", "\"issues\": {", "\"shards\": [], \"issues\": {" },
		{ "an event that is a number", "\"events\": [\n", "\"events\": [\n    7,\n" },
		{ "an event with an unknown key", "\"seq\": 2,", "\"seq\": 2, \"color\": 1," },
		{ "a note that is no object", "\"notes\": []", "\"notes\": [1]" },
		{ "an empty id", "\"golden-path\": {", "\"\": {}, \"golden-path\": {" },
		{ "two commas", "\"acknowledged\"", ", \"acknowledged\"" },
		{ "events twice", "  ]\n}\n", "  ],\n  \"events\": []\n}\n" },
	};
	for (size_t e = 0; e < sizeof damage / sizeof *damage; e++)
		damaged(damage[e].what, edit(written, damage[e].from, damage[e].to));
	return done_testing();
}
