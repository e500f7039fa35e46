/* The progress file written: by hand, not by jansson, so that the order is
 * ours (issues by number, keys in a fixed order), notes and events take
 * one line each (an added event is a one-line diff), and text that could
 * drive a terminal (C1 controls, bidirectional overrides) is escaped even
 * when someone `cat`s the file.  Read in store_format.c. */
#include "config.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "store_internal.h"
#include "triage/text.h"

static bool needs_escape(uint32_t cp)
{
	return cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp <= 0x9f) ||
	       (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069) ||
	       cp == 0x2028 || cp == 0x2029 || cp == 0x200e || cp == 0x200f;
}

static void put_str(tr_buf *b, const char *s)
{
	if (!s) {
		tr_buf_add(b, "null", 4);
		return;
	}
	tr_buf_addc(b, '"');
	size_t n = strlen(s), run = 0, i = 0;
	while (i < n) {
		unsigned char ch = (unsigned char)s[i];
		if (ch >= 0x20 && ch < 0x7f && ch != '"' && ch != '\\') {
			i++;
			continue;
		}
		if (i > run)
			tr_buf_add(b, s + run, i - run);
		uint32_t cp;
		size_t len = tr_utf8_decode(s + i, n - i, &cp);
		if (cp == '"')
			tr_buf_add(b, "\\\"", 2);
		else if (cp == '\\')
			tr_buf_add(b, "\\\\", 2);
		else if (cp == '\n')
			tr_buf_add(b, "\\n", 2);
		else if (cp == '\t')
			tr_buf_add(b, "\\t", 2);
		else if (cp == '\r')
			tr_buf_add(b, "\\r", 2);
		else if (needs_escape(cp))
			tr_buf_addf(b, "\\u%04x", (unsigned)cp);
		else {
			char enc[4];
			tr_buf_add(b, enc, tr_utf8_encode(cp, enc));
		}
		i += len;
		run = i;
	}
	if (n > run)
		tr_buf_add(b, s + run, n - run);
	tr_buf_addc(b, '"');
}

static void put_key(tr_buf *b, const char *indent, const char *key)
{
	tr_buf_adds(b, indent);
	put_str(b, key);
	tr_buf_add(b, ": ", 2);
}

static void write_issue(tr_buf *b, const tr_progress *p, bool last)
{
	put_key(b, "    ", p->id);
	tr_buf_add(b, "{\n", 2);
	put_key(b, "      ", "state");
	put_str(b, tr_state_word(p->state));
	tr_buf_add(b, ",\n", 2);
	put_key(b, "      ", "owner");
	put_str(b, p->owner);
	tr_buf_add(b, ",\n", 2);
	put_key(b, "      ", "notes");
	if (p->nnotes == 0) {
		tr_buf_add(b, "[],\n", 4);
	} else {
		tr_buf_add(b, "[\n", 2);
		for (size_t i = 0; i < p->nnotes; i++) {
			const tr_note *n = &p->notes[i];
			tr_buf_adds(b, "        {\"by\": ");
			put_str(b, n->by);
			tr_buf_adds(b, ", \"at\": ");
			put_str(b, n->at);
			tr_buf_adds(b, ", \"text\": ");
			put_str(b, n->text);
			tr_buf_adds(b, i + 1 < p->nnotes ? "},\n" : "}\n");
		}
		tr_buf_adds(b, "      ],\n");
	}
	put_key(b, "      ", "updated_by");
	put_str(b, p->updated_by);
	tr_buf_add(b, ",\n", 2);
	put_key(b, "      ", "updated_at");
	put_str(b, p->updated_at);
	tr_buf_adds(b, last ? "\n    }\n" : "\n    },\n");
}

static void write_event(tr_buf *b, const tr_event *ev, bool last)
{
	tr_buf_adds(b, "    {\"at\": ");
	put_str(b, ev->at);
	if (ev->seq > 1)
		tr_buf_addf(b, ", \"seq\": %d", ev->seq);
	tr_buf_adds(b, ", \"by\": ");
	put_str(b, ev->by);
	tr_buf_adds(b, ", \"issue\": ");
	put_str(b, ev->issue);
	if (ev->failure) {
		tr_buf_adds(b, ", \"failure\": ");
		put_str(b, ev->failure);
	}
	tr_buf_adds(b, ", \"field\": ");
	put_str(b, ev->field);
	tr_buf_adds(b, ", \"from\": ");
	put_str(b, ev->from);
	tr_buf_adds(b, ", \"to\": ");
	put_str(b, ev->to);
	if (ev->note_at) {
		tr_buf_adds(b, ", \"note_at\": ");
		put_str(b, ev->note_at);
	}
	if (ev->undoes) {
		tr_buf_adds(b, ev->redo ? ", \"redoes\": " : ", \"undoes\": ");
		put_str(b, ev->undoes);
	}
	tr_buf_adds(b, last ? "}\n" : "},\n");
}

void tr_doc_write(const tr_doc *d, tr_buf *b)
{
	/* Version 1 while nothing needs 2: an older triage still reads it. */
	int version = 1;
	for (size_t i = 0; i < d->nevents && version == 1; i++)
		if (d->events[i].seq > 1 || d->events[i].undoes || d->events[i].note_at)
			version = 2;
	tr_buf_addf(b, "{\n  \"version\": %d,\n", version);

	tr_buf_adds(b, "  \"reports\": ");
	if (d->reports.n == 0) {
		tr_buf_adds(b, "[],\n");
	} else {
		tr_buf_adds(b, "[\n");
		for (size_t i = 0; i < d->reports.n; i++) {
			tr_buf_adds(b, "    ");
			put_str(b, d->reports.v[i]);
			tr_buf_adds(b, i + 1 < d->reports.n ? ",\n" : "\n");
		}
		tr_buf_adds(b, "  ],\n");
	}

	tr_buf_adds(b, "  \"issues\": ");
	if (d->nissues == 0) {
		tr_buf_adds(b, "{},\n");
	} else {
		tr_buf_adds(b, "{\n");
		for (size_t i = 0; i < d->nissues; i++)
			write_issue(b, &d->issues[i], i + 1 == d->nissues);
		tr_buf_adds(b, "  },\n");
	}

	tr_buf_adds(b, "  \"acknowledged\": ");
	if (d->nacks == 0) {
		tr_buf_adds(b, "{},\n");
	} else {
		tr_buf_adds(b, "{\n");
		for (size_t i = 0; i < d->nacks; i++) {
			put_key(b, "    ", d->acks[i].signature);
			tr_buf_adds(b, "{\"by\": ");
			put_str(b, d->acks[i].by);
			tr_buf_adds(b, ", \"at\": ");
			put_str(b, d->acks[i].at);
			tr_buf_adds(b, i + 1 < d->nacks ? "},\n" : "}\n");
		}
		tr_buf_adds(b, "  },\n");
	}

	tr_buf_adds(b, "  \"events\": ");
	if (d->nevents == 0) {
		tr_buf_adds(b, "[]\n");
	} else {
		tr_buf_adds(b, "[\n");
		for (size_t i = 0; i < d->nevents; i++)
			write_event(b, &d->events[i], i + 1 == d->nevents);
		tr_buf_adds(b, "  ]\n");
	}
	tr_buf_adds(b, "}\n");
}
