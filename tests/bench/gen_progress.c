/* Generates a progress file for benchmarks: ISSUES issues numbered from
 * FIRST (as gen_report numbers them), every one touched, some owned, a few
 * notes each, and EVENTS events spread over the ten days before NOW, with
 * a stand-up marked a day before NOW.
 *
 *   gen_progress ISSUES FIRST EVENTS NOW REPORT > .triage/progress.json
 *
 * Written through the store's own writer, so the file is what triage
 * writes.  Deterministic for given arguments. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "store/store_internal.h"
#include "triage/clock.h"

int main(int argc, char **argv)
{
	if (argc < 6) {
		fprintf(stderr, "usage: gen_progress ISSUES FIRST EVENTS NOW REPORT\n");
		return 2;
	}
	long nissues = atol(argv[1]), first = atol(argv[2]), nevents = atol(argv[3]);
	long long now = atoll(argv[4]);
	static const char *const words[] = { "tracker", "enum", "dict", "fixture", "timeout",
		                             "websocket", "auth", "retry", "golden", "path" };
	tr_doc *d = tr_doc_new();
	tr_strv_push(&d->reports, argv[5]);
	char id[32], by[64], at[21], text[160];
	for (long i = 0; i < nissues; i++) {
		snprintf(id, sizeof id, "#%ld", first + i);
		tr_progress *p = tr_doc_intern(d, id);
		p->state = (tr_state)(i % TR_STATE_COUNT);
		if (i % 3)
			p->owner = tr_sprintf("engineer-%ld", i % 40);
		snprintf(by, sizeof by, "Engineer %ld <e%ld@example.com>", i % 40, i % 40);
		tr_time_iso(at, now - 864000 + i * 7);
		for (long k = 0; k < i % 3; k++) {
			snprintf(text, sizeof text, "%s %s looks like %s; see the %s logs", words[(i + k) % 10],
			         words[(i * 7 + k) % 10], words[(i * 3) % 10], words[k % 10]);
			tr_doc_add_note(p, by, at, text);
		}
		p->updated_by = tr_strdup(by);
		p->updated_at = tr_strdup(at);
	}
	bool marked = false;
	for (long e = 0; e < nevents; e++) {
		long long t = now - 864000 + e * (864000 / (nevents ? nevents : 1));
		if (!marked && t >= now - 86400) {
			tr_time_iso(at, now - 86400);
			tr_event m = { at, "Engineer 1 <e1@example.com>", NULL, NULL, TR_EVENT_STANDUP, NULL, "held" };
			tr_doc_add_event(d, &m);
			marked = true;
		}
		long i = (e * 7919) % nissues;
		snprintf(id, sizeof id, "#%ld", first + i);
		snprintf(by, sizeof by, "Engineer %ld <e%ld@example.com>", e % 40, e % 40);
		tr_time_iso(at, t);
		tr_event ev = { at, by, id, NULL, NULL, NULL, NULL };
		switch (e % 3) {
		case 0:
			ev.field = "state";
			ev.from = (char *)tr_state_word((tr_state)(e % TR_STATE_COUNT));
			ev.to = (char *)tr_state_word((tr_state)((e + 1) % TR_STATE_COUNT));
			break;
		case 1:
			ev.field = "owner";
			ev.to = "engineer-7";
			break;
		default:
			snprintf(text, sizeof text, "%s fails again under %s", words[e % 10], words[(e / 10) % 10]);
			ev.field = "note";
			ev.to = text;
		}
		tr_doc_add_event(d, &ev);
	}
	tr_buf out = TR_BUF_INIT;
	tr_doc_write(d, &out);
	fwrite(out.data, 1, out.len, stdout);
	tr_buf_free(&out);
	tr_doc_free(d);
	return 0;
}
