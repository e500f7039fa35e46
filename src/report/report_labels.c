/* The labels a report gives its issues and itself: "Status: …",
 * "**Priority:** P1", "✅ Test Files: …", "**GitHub Issue:** [#254](…)". */
#include "config.h"

#include <ctype.h>
#include <string.h>

#include "report_internal.h"
#include "triage/text.h"

/* Whether a label's words (lower case, one space apart) name the issues a
 * report is about, however worded: "Cluster members", "Issues in this
 * cluster", "Affected tickets", "Open bugs".  Every word must be one of
 * these, so "Related issues", "Closed issues" or "Blocked by" never are. */
static bool issue_label_words(const char *norm)
{
	static const char *const nouns[] = {
		"issue", "issues", "ticket", "tickets", "bug", "bugs", "member", "members", NULL,
	};
	static const char *const others[] = {
		"github", "gh", "jira", "linear", "tracking", "tracked", "new", "created", "updated",
		"opened", "filed", "id", "number", "key", "link", "affected", "open", "primary",
		"cluster", "in", "this", "the", "existing", "main", NULL,
	};
	bool noun = false;
	for (const char *w = norm; *w;) {
		size_t len = strcspn(w, " ");
		bool known = false;
		/* Only the words of the same first letter are measured. */
		for (size_t k = 0; nouns[k] && !known; k++)
			if (nouns[k][0] == w[0] && strlen(nouns[k]) == len && memcmp(w, nouns[k], len) == 0)
				known = noun = true;
		for (size_t k = 0; others[k] && !known; k++)
			if (others[k][0] == w[0] && strlen(others[k]) == len &&
			    memcmp(w, others[k], len) == 0)
				known = true;
		if (!known)
			return false;
		w += len;
		w += *w == ' ';
	}
	return noun;
}

/* Every RL_ISSUE name below, and every name issue_label_words takes (it
 * needs a noun), holds one of these words: a name without all the letters
 * of any of them is none, and is left before it is folded and compared.
 * A word added to those lists that holds none of them belongs here. */
bool rt_may_name_issue(const char *s, size_t n)
{
#define L(c) (1u << ((c) - 'a'))
	static const uint32_t words[] = {
		L('i') | L('s') | L('u') | L('e'),                      /* issue */
		L('t') | L('i') | L('c') | L('k') | L('e'),             /* ticket */
		L('b') | L('u') | L('g'),                               /* bug */
		L('m') | L('e') | L('b') | L('r'),                      /* member */
		L('j') | L('i') | L('r') | L('a'),                      /* jira */
		L('l') | L('i') | L('n') | L('e') | L('a') | L('r'),    /* linear */
	};
#undef L
	/* By table, one OR a byte: a letter's bit (either case), and bit 26
	 * for the bytes a name must have one of. */
#define B(c) (1u << ((c) - 'a'))
#define UPPER(c) [(c) - 'a' + 'A'] = B(c)
	static const uint32_t bits[256] = {
		['a'] = B('a'), ['b'] = B('b'), ['c'] = B('c'), ['d'] = B('d'), ['e'] = B('e'),
		['f'] = B('f'), ['g'] = B('g') | 1u << 26, ['h'] = B('h'), ['i'] = B('i'),
		['j'] = B('j'), ['k'] = B('k') | 1u << 26, ['l'] = B('l'), ['m'] = B('m'),
		['n'] = B('n'), ['o'] = B('o'), ['p'] = B('p'), ['q'] = B('q'),
		['r'] = B('r') | 1u << 26, ['s'] = B('s') | 1u << 26, ['t'] = B('t'), ['u'] = B('u'),
		['v'] = B('v'), ['w'] = B('w'), ['x'] = B('x'), ['y'] = B('y'), ['z'] = B('z'),
		UPPER('a'), UPPER('b'), UPPER('c'), UPPER('d'), UPPER('e'), UPPER('f'), UPPER('g'),
		UPPER('h'), UPPER('i'), UPPER('j'), UPPER('k'), UPPER('l'), UPPER('m'), UPPER('n'),
		UPPER('o'), UPPER('p'), UPPER('q'), UPPER('r'), ['S'] = B('s') | 1u << 26, UPPER('t'),
		UPPER('u'), UPPER('v'), UPPER('w'), UPPER('x'), UPPER('y'), UPPER('z'),
	};
#undef UPPER
#undef B
	uint32_t have = 0;
	for (size_t i = 0; i < n; i++)
		have |= bits[(unsigned char)s[i]];
	bool mark = have >> 26 & 1;
	for (size_t k = 0; k < sizeof words / sizeof *words && mark; k++)
		if ((have & words[k]) == words[k])
			return true;
	return false;
}

rl_kind rt_label(const char *line, size_t n, size_t *value)
{
	size_t i = 0;
	/* Emoji, bullets and spaces may come before the label. */
	while (i < n) {
		unsigned char c = (unsigned char)line[i];
		if (c == ' ' || c == '\t' || c == '-' || c == '*' || c == '>') {
			i++;
			continue;
		}
		if (c >= 0x80) {
			uint32_t cp;
			size_t k = tr_utf8_decode(line + i, n - i, &cp);
			if (rt_is_emoji(cp) || cp == 0x2022) {
				i += k;
				continue;
			}
		}
		break;
	}
	char norm[48];
	size_t o = 0;
	size_t j = i;
	for (; j < n && line[j] != ':'; j++) {
		unsigned char c = (unsigned char)line[j];
		if (j - i > 40)
			return RL_NONE;
		if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') {
			/* ASCII letters folded without a call into the C library. */
			if (o < sizeof norm - 1)
				norm[o++] = (char)(c | 0x20);
		} else if (isalpha(c) || c >= 0x80) {
			/* Bytes of other scripts are letters too: "Priorität". */
			if (o < sizeof norm - 1)
				norm[o++] = (char)tolower(c);
		} else if (c == ' ' || c == '_' || c == '-') {
			if (o && norm[o - 1] != ' ' && o < sizeof norm - 1)
				norm[o++] = ' ';
		} else if (c != '(' && c != ')') {
			return RL_NONE;
		}
	}
	if (j >= n || o == 0)
		return RL_NONE;
	while (o && norm[o - 1] == ' ')
		o--;
	norm[o] = '\0';
	/* The names by first letter: most lines with a colon are no label, and
	 * only the names they may be are compared. */
	typedef struct { const char *name; rl_kind kind; } label_name;
	const label_name *names = NULL;
	size_t nnames = 0;
#define NAMES(...) do { \
		static const label_name v[] = { __VA_ARGS__ }; \
		names = v; \
		nnames = sizeof v / sizeof *v; \
	} while (0)
	switch (norm[0]) {
	case 'b':
		NAMES({ "business priority", RL_PRIORITY });
		break;
	case 'c':
		NAMES({ "current status", RL_STATUS }, { "criticidad", RL_SEVERITY });
		break;
	case 'd':
		NAMES({ "date", RL_DATE });
		break;
	case 'e':
		NAMES({ "estado", RL_STATUS }, { "execution date", RL_DATE }, { "executed", RL_DATE },
		      { "executed at", RL_DATE }, { "executed on", RL_DATE }, { "execution time", RL_DATE });
		break;
	case 'g':
		NAMES({ "gravedad", RL_SEVERITY }, { "gravit\xC3\xA9", RL_SEVERITY },
		      { "gravidade", RL_SEVERITY }, { "github issue", RL_ISSUE },
		      { "github issues", RL_ISSUE }, { "gh issue", RL_ISSUE },
		      { "github issue updated", RL_ISSUE }, { "github issue created", RL_ISSUE });
		break;
	case 'i':
		NAMES({ "issue", RL_ISSUE }, { "issues", RL_ISSUE }, { "issue updated", RL_ISSUE },
		      { "issues updated", RL_ISSUE }, { "issue created", RL_ISSUE }, { "issue id", RL_ISSUE },
		      { "issue number", RL_ISSUE }, { "issue link", RL_ISSUE });
		break;
	case 'j':
		NAMES({ "jira", RL_ISSUE }, { "jira ticket", RL_ISSUE });
		break;
	case 'l':
		NAMES({ "linear", RL_ISSUE }, { "linear issue", RL_ISSUE });
		break;
	case 'n':
		NAMES({ "new issue", RL_ISSUE }, { "new issue created", RL_ISSUE });
		break;
	case 'o':
		NAMES({ "overall status", RL_STATUS });
		break;
	case 'p':
		NAMES({ "priority", RL_PRIORITY }, { "prio", RL_PRIORITY }, { "priority level", RL_PRIORITY },
		      { "prioridad", RL_PRIORITY }, { "prioritaet", RL_PRIORITY },
		      { "priorit\xC3\xA4t", RL_PRIORITY }, { "priorit\xC3\xA9", RL_PRIORITY },
		      { "priorit\xC3\xA0", RL_PRIORITY }, { "prioridade", RL_PRIORITY });
		break;
	case 'r':
		NAMES({ "reproduction status", RL_STATUS }, { "repro status", RL_STATUS },
		      { "risk level", RL_RISK }, { "run date", RL_DATE }, { "report date", RL_DATE });
		break;
	case 's':
		NAMES({ "status", RL_STATUS }, { "state", RL_STATUS }, { "severity", RL_SEVERITY },
		      { "sev", RL_SEVERITY }, { "severity level", RL_SEVERITY }, { "severidad", RL_SEVERITY },
		      { "schweregrad", RL_SEVERITY }, { "s\xC3\xA9v\xC3\xA9rit\xC3\xA9", RL_SEVERITY },
		      { "statut", RL_STATUS }, { "stato", RL_STATUS }, { "situa\xC3\xA7\xC3\xA3o", RL_STATUS },
		      { "severidade", RL_SEVERITY }, { "scope", RL_SCOPE });
		break;
	case 't':
		NAMES({ "test file", RL_TEST_FILES }, { "test files", RL_TEST_FILES },
		      { "test", RL_TEST_FILES }, { "tests", RL_TEST_FILES }, { "test suite", RL_TEST_FILES },
		      { "test suites", RL_TEST_FILES }, { "test module", RL_TEST_FILES },
		      { "test modules", RL_TEST_FILES }, { "test path", RL_TEST_FILES },
		      { "test paths", RL_TEST_FILES }, { "test date", RL_DATE },
		      { "tracking issue", RL_ISSUE }, { "ticket", RL_ISSUE }, { "tickets", RL_ISSUE });
		break;
	case 'z':
		NAMES({ "zustand", RL_STATUS });
		break;
	case '\xC3':
		NAMES({ "\xC3\xA9tat", RL_STATUS });
		break;
	}
#undef NAMES
	rl_kind kind = RL_NONE;
	for (size_t k = 0; k < nnames && kind == RL_NONE; k++)
		if (strcmp(norm, names[k].name) == 0)
			kind = names[k].kind;
	if (kind == RL_NONE && issue_label_words(norm))
		kind = RL_ISSUE;
	if (kind == RL_NONE)
		return RL_NONE;
	j++;
	while (j < n && (line[j] == ' ' || line[j] == '\t'))
		j++;
	*value = j;
	return kind;
}
