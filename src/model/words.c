/* The words of the model: statuses, states, priorities, edge kinds and
 * sources, and the free text of reports read as statuses and priorities. */
#include "config.h"

#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "model_internal.h"
#include "triage/str.h"

/* ---- status and priority words ---------------------------------------- */

static const char *const status_words[] = { TR_ISSUE_STATUS_LIST(TR_WORD_OF) };

const char *tr_issue_status_word(tr_issue_status s)
{
	return tr_word(status_words, s, status_words[TR_ISSUE_UNKNOWN]);
}

static const char *const state_words[] = { TR_STATE_LIST(TR_WORD_OF) };

const char *tr_state_word(tr_state s)
{
	return tr_word(state_words, s, state_words[TR_STATE_OPEN]);
}

int tr_state_from_word(const char *word)
{
	return tr_word_index(state_words, word);
}

bool tr_state_resolved(tr_state s)
{
	return s == TR_STATE_FIXED || s == TR_STATE_VERIFIED || s == TR_STATE_WONT_FIX;
}

/* Compares letters only, so "ROOT-CAUSE identified", "root cause
 * IDENTIFIED" and "root_cause_identified" all read the same.  Written into
 * `small` when it fits (a status or a severity nearly always does); free
 * the result with free_norm(). */
static char *letters_only(const char *text, char small[128], size_t *len)
{
	size_t n = strlen(text);
	char *out = n + 2 <= 128 ? small : tr_malloc(n + 2), *o = out;
	bool space = true;
	for (const char *p = text; *p; p++) {
		unsigned char b = (unsigned char)*p;
		/* ASCII letters without a call into the C library each. */
		if ((b | 0x20) >= 'a' && (b | 0x20) <= 'z') {
			*o++ = (char)(b | 0x20);
			space = false;
		} else if (b >= 0x80 && isalpha(b)) {
			*o++ = (char)tolower(b);
			space = false;
		} else if ((unsigned char)*p == 0xC3 && (unsigned char)p[1] >= 0x80 &&
		           (unsigned char)p[1] <= 0xBF && (unsigned char)p[1] != 0x97 &&
		           (unsigned char)p[1] != 0xB7) {
			/* Latin letters with accents (U+00C0..U+00FF but × and ÷) are
			 * letters of the word: "résolu", "gelöst", "concluído". */
			unsigned char c = (unsigned char)p[1];
			*o++ = *p++;
			*o++ = (char)(c <= 0x9E ? c + 0x20 : c);
			space = false;
		} else if (!space) {
			*o++ = ' ';
			space = true;
		}
	}
	*o = '\0';
	*len = (size_t)(o - out);
	return out;
}

static void free_norm(char *norm, char small[128])
{
	if (norm != small)
		free(norm);
}

/* strstr for the few dozen bytes of a status or severity: glibc's generic
 * strstr spends more on setting up than on such a search. */
static const char *find_in(const char *h, size_t hn, const char *w)
{
	size_t wn = strlen(w);
	const char *end = h + hn;
	for (const char *p = h; (size_t)(end - p) >= wn; p++) {
		p = memchr(p, w[0], (size_t)(end - p) - wn + 1);
		if (!p)
			return NULL;
		if (memcmp(p, w, wn) == 0)
			return p;
	}
	return NULL;
}

static bool has_word(const char *norm, size_t len, const char *word);

/* A pair of bytes as a number below PAIR_BITS: their low five bits, which
 * tell the letters a-z apart (other pairs may share a number: it only says
 * where a word may be). */
#define PAIR_BITS 1024
static unsigned pair_of(char a, char b)
{
	return ((unsigned)(a & 31) << 5) | (unsigned)(b & 31);
}


tr_issue_status tr_issue_status_from_text(const char *text)
{
	if (!text)
		return TR_ISSUE_UNKNOWN;
	static const struct { const char *words; tr_issue_status status; } rules[] = {
		/* Most specific first: "not reproduced" contains "reproduced". */
		/* Done in part is work in progress, not resolved (nor a
		 * reproduction, as "partially" alone reads below). */
		{ "partially resolved", TR_ISSUE_IN_PROGRESS }, { "partly resolved", TR_ISSUE_IN_PROGRESS },
		{ "partially fixed", TR_ISSUE_IN_PROGRESS }, { "partly fixed", TR_ISSUE_IN_PROGRESS },
		{ "partially complete", TR_ISSUE_IN_PROGRESS }, { "partially done", TR_ISSUE_IN_PROGRESS },
		{ "mostly resolved", TR_ISSUE_IN_PROGRESS }, { "mostly fixed", TR_ISSUE_IN_PROGRESS },
		{ "mostly done", TR_ISSUE_IN_PROGRESS }, { "largely resolved", TR_ISSUE_IN_PROGRESS },
		{ "largely fixed", TR_ISSUE_IN_PROGRESS },
		/* Some of the parts, not all ("All components resolved" is done). */
		{ "major components resolved", TR_ISSUE_IN_PROGRESS },
		{ "major components fixed", TR_ISSUE_IN_PROGRESS },
		{ "some components resolved", TR_ISSUE_IN_PROGRESS },
		{ "some components fixed", TR_ISSUE_IN_PROGRESS },
		{ "most components resolved", TR_ISSUE_IN_PROGRESS },
		{ "most components fixed", TR_ISSUE_IN_PROGRESS },
		{ "partially reproduced", TR_ISSUE_PARTIALLY_REPRODUCED },
		{ "partly reproduced", TR_ISSUE_PARTIALLY_REPRODUCED },
		{ "partially", TR_ISSUE_PARTIALLY_REPRODUCED },
		{ "not reproduced", TR_ISSUE_NOT_REPRODUCED },
		{ "could not reproduce", TR_ISSUE_NOT_REPRODUCED },
		{ "cannot reproduce", TR_ISSUE_NOT_REPRODUCED },
		{ "can t reproduce", TR_ISSUE_NOT_REPRODUCED },
		{ "unable to reproduce", TR_ISSUE_NOT_REPRODUCED },
		{ "not reproducible", TR_ISSUE_NOT_REPRODUCED },
		{ "root cause", TR_ISSUE_ROOT_CAUSE_IDENTIFIED },
		{ "blocked", TR_ISSUE_BLOCKED }, { "bloqueado", TR_ISSUE_BLOCKED },
		{ "bloqueada", TR_ISSUE_BLOCKED }, { "blockiert", TR_ISSUE_BLOCKED },
		{ "bloqu\xC3\xA9", TR_ISSUE_BLOCKED },
		{ "reproduced", TR_ISSUE_REPRODUCED },
		{ "reproducible", TR_ISSUE_REPRODUCED },
		{ "confirmed", TR_ISSUE_CONFIRMED },
		{ "verified", TR_ISSUE_CONFIRMED },
	};
	/* Tracker words, as whole words: "unresolved" is not "resolved". */
	static const struct { const char *word; tr_issue_status status; } words[] = {
		{ "not fixed", TR_ISSUE_OPEN }, { "not yet fixed", TR_ISSUE_OPEN },
		{ "not resolved", TR_ISSUE_OPEN }, { "not yet resolved", TR_ISSUE_OPEN },
		{ "not done", TR_ISSUE_OPEN }, { "not complete", TR_ISSUE_OPEN },
		{ "not started", TR_ISSUE_OPEN }, { "reopened", TR_ISSUE_OPEN },
		{ "in progress", TR_ISSUE_IN_PROGRESS }, { "wip", TR_ISSUE_IN_PROGRESS },
		{ "ongoing", TR_ISSUE_IN_PROGRESS }, { "in review", TR_ISSUE_IN_PROGRESS },
		{ "under investigation", TR_ISSUE_IN_PROGRESS }, { "investigating", TR_ISSUE_IN_PROGRESS },
		{ "working on", TR_ISSUE_IN_PROGRESS }, { "started", TR_ISSUE_IN_PROGRESS },
		{ "resolved", TR_ISSUE_RESOLVED }, { "closed", TR_ISSUE_RESOLVED },
		{ "fixed", TR_ISSUE_RESOLVED }, { "done", TR_ISSUE_RESOLVED },
		{ "merged", TR_ISSUE_RESOLVED }, { "complete", TR_ISSUE_RESOLVED },
		{ "completed", TR_ISSUE_RESOLVED }, { "finished", TR_ISSUE_RESOLVED },
		{ "open", TR_ISSUE_OPEN }, { "new", TR_ISSUE_OPEN }, { "todo", TR_ISSUE_OPEN },
		{ "to do", TR_ISSUE_OPEN }, { "pending", TR_ISSUE_OPEN },
		{ "unresolved", TR_ISSUE_OPEN }, { "active", TR_ISSUE_OPEN },
		/* Spanish, German, French and Portuguese, the negations first. */
		{ "no resuelto", TR_ISSUE_OPEN }, { "sin resolver", TR_ISSUE_OPEN },
		{ "nicht behoben", TR_ISSUE_OPEN }, { "nicht erledigt", TR_ISSUE_OPEN },
		{ "nicht gel\xC3\xB6st", TR_ISSUE_OPEN }, { "non r\xC3\xA9solu", TR_ISSUE_OPEN },
		{ "n\xC3\xA3o resolvido", TR_ISSUE_OPEN },
		{ "en progreso", TR_ISSUE_IN_PROGRESS }, { "en curso", TR_ISSUE_IN_PROGRESS },
		{ "in arbeit", TR_ISSUE_IN_PROGRESS }, { "in bearbeitung", TR_ISSUE_IN_PROGRESS },
		{ "en cours", TR_ISSUE_IN_PROGRESS }, { "em andamento", TR_ISSUE_IN_PROGRESS },
		{ "em progresso", TR_ISSUE_IN_PROGRESS },
		{ "cerrado", TR_ISSUE_RESOLVED }, { "cerrada", TR_ISSUE_RESOLVED },
		{ "resuelto", TR_ISSUE_RESOLVED }, { "resuelta", TR_ISSUE_RESOLVED },
		{ "solucionado", TR_ISSUE_RESOLVED }, { "corregido", TR_ISSUE_RESOLVED },
		{ "erledigt", TR_ISSUE_RESOLVED }, { "behoben", TR_ISSUE_RESOLVED },
		{ "geschlossen", TR_ISSUE_RESOLVED }, { "gel\xC3\xB6st", TR_ISSUE_RESOLVED },
		{ "r\xC3\xA9solu", TR_ISSUE_RESOLVED }, { "r\xC3\xA9solue", TR_ISSUE_RESOLVED },
		{ "corrig\xC3\xA9", TR_ISSUE_RESOLVED }, { "ferm\xC3\xA9", TR_ISSUE_RESOLVED },
		{ "termin\xC3\xA9", TR_ISSUE_RESOLVED }, { "resolvido", TR_ISSUE_RESOLVED },
		{ "resolvida", TR_ISSUE_RESOLVED }, { "corrigido", TR_ISSUE_RESOLVED },
		{ "fechado", TR_ISSUE_RESOLVED }, { "conclu\xC3\xAD" "do", TR_ISSUE_RESOLVED },
		{ "abierto", TR_ISSUE_OPEN }, { "abierta", TR_ISSUE_OPEN },
		{ "pendiente", TR_ISSUE_OPEN }, { "offen", TR_ISSUE_OPEN },
		{ "ouvert", TR_ISSUE_OPEN }, { "ouverte", TR_ISSUE_OPEN },
		{ "aberto", TR_ISSUE_OPEN }, { "aberta", TR_ISSUE_OPEN },
		{ "pendente", TR_ISSUE_OPEN },
	};
	char small[128];
	size_t n;
	char *norm = letters_only(text, small, &n);
	/* The pairs of bytes the text holds, as bits: a word whose first two
	 * are not among them is not looked for, so most of the list costs a
	 * test each rather than a search. */
	uint64_t pairs[PAIR_BITS / 64] = { 0 };
	uint32_t firsts = 0;     /* the letters that start a pair, by their low five bits */
	for (size_t i = 0; i + 1 < n; i++) {
		unsigned p = pair_of(norm[i], norm[i + 1]);
		pairs[p / 64] |= 1ull << (p % 64);
		firsts |= 1u << (norm[i] & 31);
	}
	/* The first letter alone rules out most words at a test each; the
	 * pair, the rest before any search. */
#define MAY_HOLD(w) ((firsts >> ((w)[0] & 31) & 1) && \
	             (pairs[pair_of((w)[0], (w)[1]) / 64] & (1ull << (pair_of((w)[0], (w)[1]) % 64))))
	tr_issue_status st = TR_ISSUE_UNKNOWN;
	for (size_t i = 0; i < sizeof rules / sizeof *rules && st == TR_ISSUE_UNKNOWN; i++)
		if (MAY_HOLD(rules[i].words) && find_in(norm, n, rules[i].words))
			st = rules[i].status;
	for (size_t i = 0; i < sizeof words / sizeof *words && st == TR_ISSUE_UNKNOWN; i++)
		if (MAY_HOLD(words[i].word) && has_word(norm, n, words[i].word))
			st = words[i].status;
#undef MAY_HOLD
	free_norm(norm, small);
	if (st != TR_ISSUE_UNKNOWN)
		return st;
	/* No word: an emoji may be all there is. */
	if (strstr(text, "\xE2\x9C\x85") || strstr(text, "\xE2\x9C\x94") || strstr(text, "\xE2\x98\x91"))
		return TR_ISSUE_RESOLVED;       /* ✅ ✔ ☑ */
	if (strstr(text, "\xF0\x9F\x94\x84") || strstr(text, "\xE2\x8F\xB3") ||
	    strstr(text, "\xF0\x9F\x9A\xA7"))
		return TR_ISSUE_IN_PROGRESS;    /* 🔄 ⏳ 🚧 */
	return TR_ISSUE_UNKNOWN;
}

static bool has_word(const char *norm, size_t len, const char *word)
{
	size_t n = strlen(word);
	for (const char *p = norm; (p = find_in(p, len - (size_t)(p - norm), word)); p++) {
		bool start = p == norm || p[-1] == ' ';
		bool end = p[n] == '\0' || p[n] == ' ';
		if (start && end)
			return true;
	}
	return false;
}

tr_priority tr_priority_from_text(const char *text)
{
	if (!text)
		return TR_PRIORITY_NONE;
	/* An explicit P0..P3 wins over words ("P1 - CRITICAL" is P1). */
	for (const char *p = text; *p; p++) {
		if ((*p == 'P' || *p == 'p') && isdigit((unsigned char)p[1]) &&
		    !isalnum((unsigned char)p[2]) && (p == text || !isalnum((unsigned char)p[-1])))
			/* A level outside P0..P3 ("P4 Medium") is none of ours, and
			 * its words do not make it one. */
			return p[1] <= '3' ? (tr_priority)(p[1] - '0') : TR_PRIORITY_NONE;
	}
	char small[128];
	size_t n;
	char *norm = letters_only(text, small, &n);
	/* One pass over the words (single spaces apart once normalised): the
	 * ranks each word names, and whether one is denied ("Non-Critical",
	 * "not urgent"), which ranks nothing. */
	bool denied = false, named[4] = { false };
	const char *prev = NULL;
	size_t prevn = 0;
	for (size_t i = 0; i < n;) {
		const char *w = norm + i;
		size_t k = 0;
		while (i + k < n && norm[i + k] != ' ')
			k++;
#define IS(word) (k == sizeof word - 1 && memcmp(w, word, k) == 0)
		bool non = prevn == 3 && memcmp(prev, "non", 3) == 0;
		bool not = prevn == 3 && memcmp(prev, "not", 3) == 0;
		if (((non || not) && (IS("critical") || IS("urgent"))) || (non && IS("blocker")) ||
		    IS("noncritical"))
			denied = true;
		if (IS("critical") || IS("blocker") || IS("urgent"))
			named[TR_P0] = true;
		else if (IS("high"))
			named[TR_P1] = true;
		else if (IS("medium") || IS("moderate") || IS("normal"))
			named[TR_P2] = true;
		else if (IS("low") || IS("minor"))
			named[TR_P3] = true;
#undef IS
		prev = w;
		prevn = k;
		i += k + 1;
	}
	free_norm(norm, small);
	if (denied)
		return TR_PRIORITY_NONE;
	for (int p = TR_P0; p <= TR_P3; p++)
		if (named[p])
			return (tr_priority)p;
	return TR_PRIORITY_NONE;
}

const char *tr_priority_word(tr_priority p)
{
	static const char *const words[] = { "P0", "P1", "P2", "P3" };
	return p < TR_P0 ? NULL : tr_word(words, p, NULL);
}

static const char *const edge_words[] = { TR_EDGE_KIND_LIST(TR_WORD_OF) };

const char *tr_source_word(tr_source_field f)
{
	static const char *const words[] = {
#define X(name, word) word,
		TR_SOURCE_LIST(X)
#undef X
	};
	return (unsigned)f < TR_SOURCE_COUNT ? words[f] : NULL;
}

const char *tr_edge_kind_word(tr_edge_kind k)
{
	return tr_word(edge_words, k, "chain");
}
