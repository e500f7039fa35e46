/* The progress file format: the document in memory, and reading it with
 * jansson.  Writing it is store_write.c's. */
#include "config.h"

#include <errno.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "store_internal.h"
#include "triage/clock.h"

void tr_time_now(char out[21])
{
	tr_time_iso(out, tr_now());
}

/* ---- the document ------------------------------------------------------ */

tr_doc *tr_doc_new(void)
{
	return tr_calloc(1, sizeof(tr_doc));
}

void tr_progress_clear(tr_progress *p)
{
	free(p->id);
	free(p->owner);
	for (size_t i = 0; i < p->nnotes; i++) {
		free(p->notes[i].by);
		free(p->notes[i].at);
		free(p->notes[i].text);
	}
	free(p->notes);
	free(p->updated_by);
	free(p->updated_at);
	memset(p, 0, sizeof *p);
}

void tr_event_clear(tr_event *ev)
{
	free(ev->at);
	free(ev->by);
	free(ev->issue);
	free(ev->failure);
	free(ev->field);
	free(ev->from);
	free(ev->to);
	free(ev->undoes);
	free(ev->note_at);
	memset(ev, 0, sizeof *ev);
}

void tr_event_ref(const tr_event *ev, char out[40])
{
	if (ev->seq > 1)
		snprintf(out, 40, "%.24s#%d", ev->at ? ev->at : "", ev->seq);
	else
		snprintf(out, 40, "%.24s", ev->at ? ev->at : "");
}

static void ack_clear(tr_ack *a)
{
	free(a->signature);
	free(a->by);
	free(a->at);
}

void tr_doc_free(tr_doc *d)
{
	if (!d)
		return;
	tr_strv_free(&d->reports);
	for (size_t i = 0; i < d->nissues; i++)
		tr_progress_clear(&d->issues[i]);
	free(d->issues);
	for (size_t i = 0; i < d->nacks; i++)
		ack_clear(&d->acks[i]);
	free(d->acks);
	for (size_t i = 0; i < d->nevents; i++)
		tr_event_clear(&d->events[i]);
	free(d->events);
	free(d);
}

static char *dup_or_null(const char *s)
{
	return s ? tr_strdup(s) : NULL;
}

static bool is_number_id(const char *s)
{
	if (s[0] != '#' || !s[1])
		return false;
	for (const char *p = s + 1; *p; p++)
		if (*p < '0' || *p > '9')
			return false;
	return true;
}

int tr_doc_id_cmp(const char *a, const char *b)
{
	bool na = is_number_id(a), nb = is_number_id(b);
	if (na != nb)
		return na ? -1 : 1;
	if (na) {
		const char *da = a + 1, *db = b + 1;
		while (*da == '0' && da[1])
			da++;
		while (*db == '0' && db[1])
			db++;
		size_t la = strlen(da), lb = strlen(db);
		if (la != lb)
			return la < lb ? -1 : 1;
		int c = strcmp(da, db);
		if (c)
			return c;
	}
	return strcmp(a, b);
}

/* Index of id, or where it would go (with *found false). */
static size_t issue_slot(const tr_doc *d, const char *id, bool *found)
{
	size_t lo = 0, hi = d->nissues;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = tr_doc_id_cmp(d->issues[mid].id, id);
		if (c == 0) {
			*found = true;
			return mid;
		}
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	*found = false;
	return lo;
}

tr_progress *tr_doc_find(const tr_doc *d, const char *id)
{
	bool found;
	size_t i = issue_slot(d, id, &found);
	return found ? &d->issues[i] : NULL;
}

tr_progress *tr_doc_intern(tr_doc *d, const char *id)
{
	bool found;
	size_t i = issue_slot(d, id, &found);
	if (found)
		return &d->issues[i];
	tr_grow((void **)&d->issues, &d->capissues, d->nissues + 1, sizeof *d->issues);
	memmove(&d->issues[i + 1], &d->issues[i], (d->nissues - i) * sizeof *d->issues);
	d->nissues++;
	tr_progress *p = &d->issues[i];
	memset(p, 0, sizeof *p);
	p->id = tr_strdup(id);
	p->state = TR_STATE_OPEN;
	return p;
}

static size_t ack_slot(const tr_doc *d, const char *sig, bool *found)
{
	size_t lo = 0, hi = d->nacks;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(d->acks[mid].signature, sig);
		if (c == 0) {
			*found = true;
			return mid;
		}
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	*found = false;
	return lo;
}

tr_ack *tr_doc_find_ack(const tr_doc *d, const char *signature)
{
	bool found;
	size_t i = ack_slot(d, signature, &found);
	return found ? &d->acks[i] : NULL;
}

void tr_doc_set_ack(tr_doc *d, const char *signature, const char *by, const char *at)
{
	bool found;
	size_t i = ack_slot(d, signature, &found);
	if (found) {
		free(d->acks[i].by);
		free(d->acks[i].at);
	} else {
		tr_grow((void **)&d->acks, &d->capacks, d->nacks + 1, sizeof *d->acks);
		memmove(&d->acks[i + 1], &d->acks[i], (d->nacks - i) * sizeof *d->acks);
		d->nacks++;
		d->acks[i].signature = tr_strdup(signature);
	}
	d->acks[i].by = dup_or_null(by);
	d->acks[i].at = dup_or_null(at);
}

void tr_doc_remove_ack(tr_doc *d, const char *signature)
{
	bool found;
	size_t i = ack_slot(d, signature, &found);
	if (!found)
		return;
	ack_clear(&d->acks[i]);
	memmove(&d->acks[i], &d->acks[i + 1], (d->nacks - i - 1) * sizeof *d->acks);
	d->nacks--;
}

void tr_doc_add_note(tr_progress *p, const char *by, const char *at, const char *text)
{
	tr_grow((void **)&p->notes, &p->capnotes, p->nnotes + 1, sizeof *p->notes);
	tr_note *n = &p->notes[p->nnotes++];
	n->by = dup_or_null(by);
	n->at = dup_or_null(at);
	n->text = dup_or_null(text);
}

bool tr_doc_remove_note(tr_progress *p, const char *by, const char *at, const char *text)
{
	for (size_t i = 0; i < p->nnotes; i++) {
		tr_note *n = &p->notes[i];
		if (tr_str_eq(n->by, by) && tr_str_eq(n->at, at) && tr_str_eq(n->text, text)) {
			free(n->by);
			free(n->at);
			free(n->text);
			memmove(n, n + 1, (p->nnotes - i - 1) * sizeof *n);
			p->nnotes--;
			return true;
		}
	}
	return false;
}

tr_note *tr_doc_find_note(const tr_progress *p, const char *by, const char *at, const char *text)
{
	for (size_t i = 0; p && i < p->nnotes; i++) {
		tr_note *n = &p->notes[i];
		if (tr_str_eq(n->by, by) && tr_str_eq(n->at, at) && tr_str_eq(n->text, text))
			return n;
	}
	return NULL;
}

void tr_doc_insert_note(tr_progress *p, const char *by, const char *at, const char *text)
{
	size_t k = p->nnotes;
	while (k > 0 && at && p->notes[k - 1].at && strcmp(p->notes[k - 1].at, at) > 0)
		k--;
	tr_doc_add_note(p, by, at, text);
	tr_note n = p->notes[p->nnotes - 1];
	memmove(&p->notes[k + 1], &p->notes[k], (p->nnotes - 1 - k) * sizeof n);
	p->notes[k] = n;
}

void tr_event_copy(tr_event *dst, const tr_event *src)
{
	dst->at = dup_or_null(src->at);
	dst->by = dup_or_null(src->by);
	dst->issue = dup_or_null(src->issue);
	dst->failure = dup_or_null(src->failure);
	dst->field = dup_or_null(src->field);
	dst->from = dup_or_null(src->from);
	dst->to = dup_or_null(src->to);
	dst->seq = src->seq > 1 ? src->seq : 0;
	dst->undoes = dup_or_null(src->undoes);
	dst->redo = src->undoes && src->redo;
	dst->note_at = dup_or_null(src->note_at);
}

void tr_doc_add_event(tr_doc *d, const tr_event *ev)
{
	tr_grow((void **)&d->events, &d->capevents, d->nevents + 1, sizeof *d->events);
	tr_event_copy(&d->events[d->nevents++], ev);
}

bool tr_event_equal(const tr_event *a, const tr_event *b)
{
	return tr_str_eq(a->at, b->at) && tr_str_eq(a->by, b->by) && tr_str_eq(a->issue, b->issue) &&
	       tr_str_eq(a->failure, b->failure) && tr_str_eq(a->field, b->field) &&
	       tr_str_eq(a->from, b->from) && tr_str_eq(a->to, b->to) &&
	       (a->seq > 1 ? a->seq : 0) == (b->seq > 1 ? b->seq : 0) &&
	       tr_str_eq(a->undoes, b->undoes) && (a->undoes && a->redo) == (b->undoes && b->redo) &&
	       tr_str_eq(a->note_at, b->note_at);
}

/* ---- reading ----------------------------------------------------------- */

typedef struct parse_ctx {
	const char *path;
	tr_error *err;
} parse_ctx;

/* What to do about a damaged file, naming it: "...; " FIX_HINT, path. */
#define FIX_HINT "triage leaves the file as it is: repair it by hand, or, when it is committed, " \
	"take its last committed copy (git checkout -- %s)"

/* Where in the file a fault is: put into words only when there is one (a
 * file of 50,000 events spent more on writing down where each event was
 * than on checking it). */
typedef enum spot_kind { AT_TOP, AT_TEXT, AT_ISSUE, AT_NOTES, AT_NOTE, AT_EVENT } spot_kind;
typedef struct spot {
	spot_kind kind;
	const char *s;          /* AT_TEXT: the words; AT_ISSUE, AT_NOTE(S): the issue's id */
	size_t i;               /* AT_NOTE, AT_EVENT: the index */
} spot;

#define TOP ((spot){ AT_TOP, NULL, 0 })
#define AT(words) ((spot){ AT_TEXT, (words), 0 })

__attribute__((format(printf, 3, 4)))
static int bad(parse_ctx *c, spot w, const char *fmt, ...)
{
	char msg[512], where[160] = "";
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	switch (w.kind) {
	case AT_TOP:
		break;
	case AT_TEXT:
		snprintf(where, sizeof where, "%s: ", w.s);
		break;
	case AT_ISSUE:
		snprintf(where, sizeof where, "issues.%.100s: ", w.s);
		break;
	case AT_NOTES:
		snprintf(where, sizeof where, "issues.%.100s.notes: ", w.s);
		break;
	case AT_NOTE:
		snprintf(where, sizeof where, "issues.%.100s.notes[%zu]: ", w.s, w.i);
		break;
	case AT_EVENT:
		snprintf(where, sizeof where, "events[%zu]: ", w.i);
		break;
	}
	return tr_error_set(c->err, TR_FORMAT, "%s: damaged progress file: %s%s; " FIX_HINT, c->path,
	                    where, msg, c->path);
}

/* Only the keys we know: a key we would not write back would be lost. */
static int check_keys(parse_ctx *c, json_t *obj, spot where, const char *const *keys)
{
	const char *k;
	json_t *v;
	json_object_foreach(obj, k, v) {
		size_t i;
		for (i = 0; keys[i]; i++)
			if (strcmp(k, keys[i]) == 0)
				break;
		if (!keys[i])
			return bad(c, where, "unknown key \"%s\"", k);
	}
	return 0;
}

/* Copies the string at key into *out; a missing key or null gives NULL when
 * allowed. */
static int get_str(parse_ctx *c, json_t *obj, const char *key, bool required, bool nullable,
                   spot where, char **out)
{
	json_t *v = json_object_get(obj, key);
	*out = NULL;
	if (!v || json_is_null(v)) {
		if ((!v && required) || (v && !nullable))
			return bad(c, where, "\"%s\" is %s", key, v ? "null" : "missing");
		return 0;
	}
	if (!json_is_string(v))
		return bad(c, where, "\"%s\" is not a string", key);
	*out = tr_strndup(json_string_value(v), json_string_length(v));
	return 0;
}

static int parse_notes(parse_ctx *c, json_t *arr, const char *id, tr_progress *p)
{
	if (!json_is_array(arr))
		return bad(c, (spot){ AT_NOTES, id, 0 }, "not a list");
	static const char *const keys[] = { "by", "at", "text", NULL };
	size_t i;
	json_t *n;
	json_array_foreach(arr, i, n) {
		spot where = { AT_NOTE, id, i };
		if (!json_is_object(n))
			return bad(c, where, "not an object");
		if (check_keys(c, n, where, keys) < 0)
			return -1;
		tr_grow((void **)&p->notes, &p->capnotes, p->nnotes + 1, sizeof *p->notes);
		tr_note *note = &p->notes[p->nnotes++];
		memset(note, 0, sizeof *note);
		if (get_str(c, n, "by", true, false, where, &note->by) < 0 ||
		    get_str(c, n, "at", true, false, where, &note->at) < 0 ||
		    get_str(c, n, "text", true, false, where, &note->text) < 0)
			return -1;
	}
	return 0;
}

static bool issues_sorted(const tr_doc *d)
{
	for (size_t i = 1; i < d->nissues; i++)
		if (tr_doc_id_cmp(d->issues[i - 1].id, d->issues[i].id) >= 0)
			return false;
	return true;
}

static int progress_cmp(const void *a, const void *b)
{
	return tr_doc_id_cmp(((const tr_progress *)a)->id, ((const tr_progress *)b)->id);
}

static int ack_cmp(const void *a, const void *b)
{
	return strcmp(((const tr_ack *)a)->signature, ((const tr_ack *)b)->signature);
}

void store_sort_acks(tr_doc *d)
{
	if (d->nacks < 2)
		return;
	qsort(d->acks, d->nacks, sizeof *d->acks, ack_cmp);
	/* One entry per signature (keys of one object are unique already;
	 * a merge may bring the same one from both sides): the first kept. */
	size_t w = 1;
	for (size_t i = 1; i < d->nacks; i++) {
		if (strcmp(d->acks[w - 1].signature, d->acks[i].signature) == 0) {
			ack_clear(&d->acks[i]);
			continue;
		}
		d->acks[w++] = d->acks[i];
	}
	d->nacks = w;
}

/* The issues in order, each once. */
static int sort_issues(parse_ctx *c, tr_doc *d)
{
	if (issues_sorted(d))
		return 0;
	qsort(d->issues, d->nissues, sizeof *d->issues, progress_cmp);
	for (size_t i = 1; i < d->nissues; i++)
		if (tr_doc_id_cmp(d->issues[i - 1].id, d->issues[i].id) == 0)
			return bad(c, (spot){ AT_ISSUE, d->issues[i].id, 0 }, "the issue is there twice");
	return 0;
}

static int parse_issue(parse_ctx *c, tr_doc *d, const char *id, json_t *o)
{
	spot where = { AT_ISSUE, id, 0 };
	if (!*id)
		return bad(c, AT("issues"), "an issue has an empty id");
	if (!json_is_object(o))
		return bad(c, where, "not an object");
	static const char *const keys[] = { "state", "owner", "notes", "updated_by", "updated_at", NULL };
	if (check_keys(c, o, where, keys) < 0)
		return -1;
	/* Appended in the order they come; parse_root sorts them once if the
	 * file had them in another order (inserting each in its place would
	 * cost the square of their number when they come in reverse). */
	tr_grow((void **)&d->issues, &d->capissues, d->nissues + 1, sizeof *d->issues);
	tr_progress *p = &d->issues[d->nissues++];
	memset(p, 0, sizeof *p);
	p->id = tr_strdup(id);
	char *state = NULL;
	if (get_str(c, o, "state", false, false, where, &state) < 0)
		return -1;
	int s = state ? tr_state_from_word(state) : TR_STATE_OPEN;
	if (s < 0) {
		bad(c, where, "\"%.60s\" is not a state (open, in-progress, fixed, verified, wont-fix)",
		    state);
		free(state);
		return -1;
	}
	free(state);
	p->state = (tr_state)s;
	if (get_str(c, o, "owner", false, true, where, &p->owner) < 0 ||
	    get_str(c, o, "updated_by", false, true, where, &p->updated_by) < 0 ||
	    get_str(c, o, "updated_at", false, true, where, &p->updated_at) < 0)
		return -1;
	json_t *notes = json_object_get(o, "notes");
	if (notes && parse_notes(c, notes, p->id, p) < 0)
		return -1;
	return 0;
}

static int parse_event(parse_ctx *c, tr_doc *d, size_t i, json_t *o)
{
	spot where = { AT_EVENT, NULL, i };
	if (!json_is_object(o))
		return bad(c, where, "not an object");
	static const char *const keys[] = { "at", "seq", "by", "issue", "failure", "field", "from",
	                                    "to", "note_at", "undoes", "redoes", NULL };
	if (check_keys(c, o, where, keys) < 0)
		return -1;
	tr_grow((void **)&d->events, &d->capevents, d->nevents + 1, sizeof *d->events);
	tr_event *ev = &d->events[d->nevents++];
	memset(ev, 0, sizeof *ev);
	if (get_str(c, o, "at", true, false, where, &ev->at) < 0 ||
	    get_str(c, o, "by", true, false, where, &ev->by) < 0 ||
	    get_str(c, o, "issue", false, true, where, &ev->issue) < 0 ||
	    get_str(c, o, "failure", false, true, where, &ev->failure) < 0 ||
	    get_str(c, o, "field", true, false, where, &ev->field) < 0 ||
	    get_str(c, o, "from", false, true, where, &ev->from) < 0 ||
	    get_str(c, o, "to", false, true, where, &ev->to) < 0 ||
	    get_str(c, o, json_object_get(o, "redoes") ? "redoes" : "undoes", false, true, where,
	            &ev->undoes) < 0 ||
	    get_str(c, o, "note_at", false, true, where, &ev->note_at) < 0)
		return -1;
	if (json_object_get(o, "redoes") && json_object_get(o, "undoes"))
		return bad(c, where, "both \"undoes\" and \"redoes\"");
	ev->redo = ev->undoes && json_object_get(o, "redoes");
	json_t *seq = json_object_get(o, "seq");
	if (seq) {
		if (!json_is_integer(seq) || json_integer_value(seq) < 1 ||
		    json_integer_value(seq) > 1000000)
			return bad(c, where, "\"seq\" is not a number from 1 to 1000000");
		ev->seq = json_integer_value(seq) > 1 ? (int)json_integer_value(seq) : 0;
	}
	/* A stand-up mark belongs to the whole cluster, not to one issue. */
	if (!ev->issue && !ev->failure && strcmp(ev->field, TR_EVENT_STANDUP) != 0)
		return bad(c, where, "names neither an issue nor a failure");
	return 0;
}

static int parse_root(parse_ctx *c, tr_doc *d, json_t *root, bool *newer)
{
	if (!json_is_object(root))
		return bad(c, TOP, "the top level is not an object");
	json_t *ver = json_object_get(root, "version");
	if (!json_is_integer(ver))
		return bad(c, TOP, "\"version\" is %s", ver ? "not a number" : "missing");
	json_int_t v = json_integer_value(ver);
	if (v > TR_STORE_VERSION) {
		*newer = true;
		return tr_error_set(c->err, TR_FORMAT,
		                    "%s: written by a newer triage (file format %lld; this one knows "
		                    "up to %d): upgrade triage; the file is left as it is",
		                    c->path, (long long)v, TR_STORE_VERSION);
	}
	if (v < 1)
		return bad(c, TOP, "\"version\" is %lld", (long long)v);
	static const char *const keys[] = { "version", "reports", "issues", "acknowledged", "events", NULL };
	if (check_keys(c, root, TOP, keys) < 0)
		return -1;

	json_t *reports = json_object_get(root, "reports");
	if (reports) {
		if (!json_is_array(reports))
			return bad(c, AT("reports"), "not a list");
		size_t i;
		json_t *r;
		json_array_foreach(reports, i, r) {
			if (!json_is_string(r) || json_string_length(r) == 0)
				return bad(c, AT("reports"), "entry %zu is not a path", i);
			tr_strv_push(&d->reports, json_string_value(r));
		}
		tr_strv_dedupe(&d->reports);
	}

	json_t *issues = json_object_get(root, "issues");
	if (issues) {
		if (!json_is_object(issues))
			return bad(c, AT("issues"), "not an object");
		const char *id;
		json_t *o;
		json_object_foreach(issues, id, o)
			if (parse_issue(c, d, id, o) < 0)
				return -1;
		if (sort_issues(c, d) < 0)
			return -1;
	}

	json_t *acks = json_object_get(root, "acknowledged");
	if (acks) {
		if (!json_is_object(acks))
			return bad(c, AT("acknowledged"), "not an object");
		static const char *const akeys[] = { "by", "at", NULL };
		const char *sig;
		json_t *o;
		json_object_foreach(acks, sig, o) {
			if (!json_is_object(o) || check_keys(c, o, AT("acknowledged"), akeys) < 0)
				return bad(c, AT("acknowledged"), "an entry is not an object with by and at");
			char *by = NULL, *at = NULL;
			if (get_str(c, o, "by", false, true, AT("acknowledged"), &by) < 0 ||
			    get_str(c, o, "at", false, true, AT("acknowledged"), &at) < 0) {
				free(by);
				return -1;
			}
			/* Appended, then sorted once: see the issues above. */
			tr_grow((void **)&d->acks, &d->capacks, d->nacks + 1, sizeof *d->acks);
			tr_ack *a = &d->acks[d->nacks++];
			a->signature = tr_strdup(sig);
			a->by = by;
			a->at = at;
		}
		store_sort_acks(d);
	}

	json_t *events = json_object_get(root, "events");
	if (events) {
		if (!json_is_array(events))
			return bad(c, AT("events"), "not a list");
		tr_grow((void **)&d->events, &d->capevents, json_array_size(events), sizeof *d->events);
		size_t i;
		json_t *e;
		json_array_foreach(events, i, e)
			if (parse_event(c, d, i, e) < 0)
				return -1;
	}
	return 0;
}

/* The line of the first git conflict marker, or 0. */
static unsigned conflict_line(const char *data, size_t len)
{
	unsigned line = 1;
	for (size_t i = 0; i < len; i++) {
		if ((i == 0 || data[i - 1] == '\n') && len - i >= 8 &&
		    (memcmp(data + i, "<<<<<<< ", 8) == 0 || memcmp(data + i, "<<<<<<<\n", 8) == 0))
			return line;
		if (data[i] == '\n')
			line++;
	}
	return 0;
}

/* ---- the file as triage writes it, a piece at a time ---------------------

 * A file of 50,000 events became one jansson tree of about 100 MB before
 * any of it was read into the document, and most of reading it was making
 * and freeing that tree.  The file as tr_doc_write writes it ("version"
 * first, then the reports, issues and acknowledgements, "events" last;
 * keys in plain ASCII) is read here a member at a time instead: each issue
 * and each event is parsed by jansson on its own, read into the document
 * and freed.  Anything else (another order, a key written with an escape,
 * any error at all) gives up, and the whole file is read again as one
 * tree, which says what is wrong exactly as it always did. */

typedef struct piece_scan {
	const char *s;
	size_t n, at;
} piece_scan;

static void scan_space(piece_scan *p)
{
	while (p->at < p->n && (p->s[p->at] == ' ' || p->s[p->at] == '\n' || p->s[p->at] == '\t' ||
	                        p->s[p->at] == '\r'))
		p->at++;
}

static bool scan_char(piece_scan *p, char ch)
{
	scan_space(p);
	if (p->at < p->n && p->s[p->at] == ch) {
		p->at++;
		return true;
	}
	return false;
}

/* A member's key and its colon: a key as triage writes one (printable
 * ASCII without escapes), copied into `key`. */
static bool scan_key(piece_scan *p, tr_buf *key)
{
	if (!scan_char(p, '"'))
		return false;
	size_t from = p->at;
	while (p->at < p->n && p->s[p->at] != '"') {
		unsigned char ch = (unsigned char)p->s[p->at];
		if (ch < 0x20 || ch >= 0x7f || ch == '\\')
			return false;
		p->at++;
	}
	if (p->at >= p->n)
		return false;
	tr_buf_reset(key);
	tr_buf_add(key, p->s + from, p->at - from);
	p->at++;
	return scan_char(p, ':');
}

/* The object or array that comes next, parsed on its own (NULL if it is
 * none, or damaged). */
static json_t *scan_value(piece_scan *p)
{
	scan_space(p);
	json_error_t je;
	json_t *v = json_loadb(p->s + p->at, p->n - p->at, JSON_DISABLE_EOF_CHECK |
	                       JSON_REJECT_DUPLICATES, &je);
	/* The length read is an int: a value past 2 GB is read whole. */
	if (v && (je.position <= 0 || (size_t)je.position > p->n - p->at)) {
		json_decref(v);
		return NULL;
	}
	if (v)
		p->at += (size_t)je.position;
	return v;
}

/* The members of an object, or the elements of an array (`open` '{' or
 * '['), each given to `one`; false to give up. */
static bool scan_each(piece_scan *p, char open, tr_buf *key,
                      int (*one)(parse_ctx *c, tr_doc *d, const char *key, size_t i, json_t *v),
                      parse_ctx *c, tr_doc *d)
{
	char close = open == '{' ? '}' : ']';
	if (!scan_char(p, open))
		return false;
	if (scan_char(p, close))
		return true;
	for (size_t i = 0;; i++) {
		if (open == '{' && !scan_key(p, key))
			return false;
		json_t *v = scan_value(p);
		int rc = v ? one(c, d, key->data, i, v) : -1;
		json_decref(v);
		if (rc < 0)
			return false;
		if (scan_char(p, close))
			return true;
		if (!scan_char(p, ','))
			return false;
	}
}

static int one_issue(parse_ctx *c, tr_doc *d, const char *key, size_t i, json_t *v)
{
	(void)i;
	return parse_issue(c, d, key, v);
}

static int one_event(parse_ctx *c, tr_doc *d, const char *key, size_t i, json_t *v)
{
	(void)key;
	return parse_event(c, d, i, v);
}

/* Reads the file a piece at a time into d: true, or false to read it
 * again whole (d and c->err are then the caller's to reset). */
static bool parse_pieces(parse_ctx *c, tr_doc *d, const char *data, size_t len, bool *newer)
{
	piece_scan p = { data, len, 0 };
	tr_buf key = TR_BUF_INIT;
	json_t *head = json_object();
	bool ok = false;
	if (!scan_char(&p, '{') || !scan_key(&p, &key) || strcmp(key.data, "version") != 0)
		goto out;
	scan_space(&p);
	long long version = 0;
	size_t digits = 0;
	while (p.at < p.n && p.s[p.at] >= '0' && p.s[p.at] <= '9' && digits < 9) {
		version = version * 10 + (p.s[p.at++] - '0');
		digits++;
	}
	/* As JSON has numbers: no leading zero, and not too long to be one. */
	if (!digits || (digits > 1 && p.s[p.at - digits] == '0') ||
	    (p.at < p.n && p.s[p.at] >= '0' && p.s[p.at] <= '9'))
		goto out;
	json_object_set_new(head, "version", json_integer(version));
	bool issues = false, events = false;
	while (!events && scan_char(&p, ',')) {
		if (!scan_key(&p, &key) || json_object_get(head, key.data))
			goto out;
		if (strcmp(key.data, "events") == 0) {
			events = true;
		} else if (strcmp(key.data, "issues") == 0) {
			if (issues || !scan_each(&p, '{', &key, one_issue, c, d))
				goto out;
			issues = true;
		} else if (strcmp(key.data, "reports") == 0 || strcmp(key.data, "acknowledged") == 0) {
			json_t *v = scan_value(&p);
			if (!v)
				goto out;
			json_object_set_new(head, key.data, v);
		} else {
			goto out;
		}
	}
	/* What comes before the events, read as ever; then the events. */
	if (parse_root(c, d, head, newer) < 0 || (issues && sort_issues(c, d) < 0))
		goto out;
	if (events && !scan_each(&p, '[', &key, one_event, c, d))
		goto out;
	if (!scan_char(&p, '}'))
		goto out;
	scan_space(&p);
	ok = p.at == p.n;
out:
	json_decref(head);
	tr_buf_free(&key);
	return ok;
}

tr_doc *store_parse_pieces(const char *path, const char *data, size_t len)
{
	tr_error err = TR_ERROR_INIT;
	parse_ctx c = { path, &err };
	tr_doc *d = tr_doc_new();
	bool newer = false;
	if (!parse_pieces(&c, d, data, len, &newer)) {
		tr_doc_free(d);
		d = NULL;
	}
	tr_error_clear(&err);
	return d;
}

tr_doc *store_parse_whole(const char *path, const char *data, size_t len, bool *newer,
                          tr_error *err)
{
	*newer = false;
	parse_ctx c = { path, err };
	json_error_t je;
	json_t *root = json_loadb(data, len, JSON_REJECT_DUPLICATES, &je);
	if (!root) {
		tr_error_set(err, TR_FORMAT, "%s:%d: damaged progress file: %s; " FIX_HINT, path, je.line,
		             je.text, path);
		return NULL;
	}
	tr_doc *d = tr_doc_new();
	int rc = parse_root(&c, d, root, newer);
	json_decref(root);
	if (rc < 0) {
		tr_doc_free(d);
		return NULL;
	}
	return d;
}

tr_doc *tr_doc_parse(const char *path, const char *data, size_t len, bool *newer, tr_error *err)
{
	*newer = false;
	if (len == 0)
		return tr_doc_new();
	unsigned cl = conflict_line(data, len);
	if (cl) {
		tr_error_set(err, TR_FORMAT,
		             "%s:%u: the progress file holds git conflict markers: a merge ran without "
		             "triage's merge driver (see triage(1) to install it); repair the file by "
		             "hand, or take one side with git checkout --ours/--theirs", path, cl);
		return NULL;
	}
	tr_doc *d = store_parse_pieces(path, data, len);
	return d ? d : store_parse_whole(path, data, len, newer, err);
}
