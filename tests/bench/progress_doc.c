#include "config.h"

#include <stdio.h>

#include "progress_doc.h"
#include "triage/clock.h"

tr_doc *bench_progress_doc(long nissues, long first, long nevents, long long now, const char *report)
{
	static const char *const words[] = { "tracker", "enum", "dict", "fixture", "timeout",
		                             "websocket", "auth", "retry", "golden", "path" };
	tr_doc *d = tr_doc_new();
	tr_strv_push(&d->reports, report);
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
	for (long e = 0; e < nevents && nissues > 0; e++) {
		long long t = now - 864000 + e * (864000 / nevents);
		if (!marked && t >= now - 86400) {
			tr_time_iso(at, now - 86400);
			tr_event m = { .at = at, .by = "Engineer 1 <e1@example.com>", .field = TR_EVENT_STANDUP,
			               .to = "held" };
			tr_doc_add_event(d, &m);
			marked = true;
		}
		long i = (e * 7919) % nissues;
		snprintf(id, sizeof id, "#%ld", first + i);
		snprintf(by, sizeof by, "Engineer %ld <e%ld@example.com>", e % 40, e % 40);
		tr_time_iso(at, t);
		tr_event ev = { .at = at, .by = by, .issue = id };
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
	return d;
}
