#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "console/keys.h"
#include "triage/text.h"

static const struct action_info {
	const char *word, *keys, *label, *help;
	tr_action_group group;
} actions[] = {
	{ "none", "", "", "", TR_GROUP_OTHER },
#define X(name, word, keys, group, label, help) { word, keys, label, help, TR_GROUP_##group },
	TR_ACTION_LIST(X)
#undef X
};

static const char *const group_titles[] = {
#define X(name, title) title,
	TR_ACTION_GROUP_LIST(X)
#undef X
};

static const char *const special_names[] = {
#define X(name, word) word,
	TR_KEY_LIST(X)
#undef X
};

const char *tr_action_word(tr_action a)
{
	return (unsigned)a < TR_ACTION_COUNT ? actions[a].word : "none";
}

const char *tr_action_label(tr_action a)
{
	return (unsigned)a < TR_ACTION_COUNT ? actions[a].label : "";
}

const char *tr_action_help(tr_action a)
{
	return (unsigned)a < TR_ACTION_COUNT ? actions[a].help : "";
}

tr_action_group tr_action_group_of(tr_action a)
{
	return (unsigned)a < TR_ACTION_COUNT ? actions[a].group : TR_GROUP_OTHER;
}

const char *tr_action_group_title(tr_action_group g)
{
	return (unsigned)g < TR_GROUP_COUNT ? group_titles[g] : "";
}

tr_action tr_action_from_word(const char *word)
{
	for (int a = 1; a < TR_ACTION_COUNT; a++)
		if (strcmp(actions[a].word, word) == 0)
			return (tr_action)a;
	return TR_ACTION_NONE;
}

const char *tr_key_name(int key, char tmp[16])
{
	if (key > TR_KEY_FIRST_SPECIAL && key < TR_KEY_LAST_SPECIAL) {
		snprintf(tmp, 16, "<%s>", special_names[key - TR_KEY_FIRST_SPECIAL - 1]);
		return tmp;
	}
	if (key == ' ')
		return "<Space>";
	if (key == '<')
		return "<lt>";
	if (key >= 1 && key <= 26) {
		snprintf(tmp, 16, "<C-%c>", 'a' + key - 1);
		return tmp;
	}
	if (key <= 0 || key == 0x7F || (key >= 0x80 && key < 0xA0) || key > 0x10FFFF ||
	    (key < 0x20)) {
		snprintf(tmp, 16, "<U+%04X>", (unsigned)key);
		return tmp;
	}
	size_t n = tr_utf8_encode((uint32_t)key, tmp);
	tmp[n] = '\0';
	/* A key that would draw as something else (a combining mark, a
	 * bidirectional control) is named by number. */
	tr_buf b = TR_BUF_INIT;
	tr_text_inert(&b, tmp, n, false);
	if (strcmp(tr_buf_str(&b), tmp) != 0 || tr_cp_width((uint32_t)key) <= 0)
		snprintf(tmp, 16, "<U+%04X>", (unsigned)key);
	tr_buf_free(&b);
	return tmp;
}

bool ui_key_is_text(int key)
{
	return key >= 0x20 && key != 0x7F && !(key >= 0x80 && key < 0xA0) && key <= 0x10FFFF &&
	       !(key >= 0xD800 && key <= 0xDFFF);
}

const char *tr_key_label(int key, char tmp[16])
{
	return key == '<' ? "<" : tr_key_name(key, tmp);
}

int tr_key_parse(const char **s, tr_error *err)
{
	const char *p = *s;
	if (!*p) {
		tr_error_set(err, TR_FORMAT, "a key is missing");
		return -1;
	}
	/* Only as far ahead as a key can reach: a key line is read a key at a
	 * time, and looking to its end for each would make a long line cost
	 * the square of its length. */
	char name[32];
	const char *end = *p == '<' ? memchr(p, '>', strnlen(p, sizeof name + 1)) : NULL;
	if (!end) {
		uint32_t cp;
		size_t len = tr_utf8_decode(p, strnlen(p, 4), &cp);
		*s = p + len;
		return (int)cp;
	}
	size_t n = (size_t)(end - p - 1);
	if (n == 0 || n >= sizeof name) {
		/* "<" alone, or "<>": the character itself. */
		*s = p + 1;
		return '<';
	}
	memcpy(name, p + 1, n);
	name[n] = '\0';
	int key = -1;
	for (int k = TR_KEY_FIRST_SPECIAL + 1; k < TR_KEY_LAST_SPECIAL; k++)
		if (strcasecmp(name, special_names[k - TR_KEY_FIRST_SPECIAL - 1]) == 0)
			key = k;
	if (key < 0) {
		static const struct { const char *name; int key; } aliases[] = {
			{ "Space", ' ' }, { "lt", '<' }, { "gt", '>' }, { "Return", TR_KEY_ENTER },
			{ "CR", TR_KEY_ENTER }, { "Escape", TR_KEY_ESC }, { "Backspace", TR_KEY_BACKSPACE },
			{ "Delete", TR_KEY_DELETE }, { "PageUp", TR_KEY_PGUP }, { "PageDown", TR_KEY_PGDN },
			{ "BackTab", TR_KEY_BTAB }, { "Hash", '#' }, { "Bar", '|' },
		};
		for (size_t i = 0; i < sizeof aliases / sizeof *aliases; i++)
			if (strcasecmp(name, aliases[i].name) == 0)
				key = aliases[i].key;
	}
	if (key < 0 && (name[0] == 'C' || name[0] == 'c') && name[1] == '-' && name[2] &&
	    !name[3]) {
		char c = name[2];
		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if (c >= 'a' && c <= 'z')
			key = TR_CTRL(c);
	}
	if (key < 0 && (name[0] == 'U' || name[0] == 'u') && name[1] == '+') {
		char *e;
		long v = strtol(name + 2, &e, 16);
		if (!*e && v > 0 && v <= 0x10FFFF)
			key = (int)v;
	}
	if (key < 0) {
		tr_error_set(err, TR_FORMAT,
		             "unknown key <%s>: keys are characters or <Enter>, <Esc>, <Tab>, <S-Tab>, "
		             "<Up>, <Down>, <Left>, <Right>, <PgUp>, <PgDn>, <Home>, <End>, <BS>, <Del>, "
		             "<Space>, <lt>, <C-x>, <F1>",
		             name);
		return -1;
	}
	*s = end + 1;
	return key;
}

void tr_keymap_free(tr_keymap *km)
{
	free(km->v);
	km->v = NULL;
	km->n = km->cap = 0;
}

void tr_keymap_bind(tr_keymap *km, int key, tr_action action)
{
	for (size_t i = 0; i < km->n; i++) {
		if (km->v[i].key == key) {
			if (action == TR_ACTION_NONE) {
				memmove(&km->v[i], &km->v[i + 1], (km->n - i - 1) * sizeof *km->v);
				km->n--;
			} else {
				km->v[i].action = action;
			}
			return;
		}
	}
	if (action == TR_ACTION_NONE)
		return;
	tr_grow((void **)&km->v, &km->cap, km->n + 1, sizeof *km->v);
	km->v[km->n++] = (struct tr_binding){ key, action };
}

void tr_keymap_defaults(tr_keymap *km)
{
	for (int a = 1; a < TR_ACTION_COUNT; a++) {
		const char *p = actions[a].keys;
		while (*p) {
			while (*p == ' ')
				p++;
			if (!*p)
				break;
			int key = tr_key_parse(&p, NULL);
			if (key < 0)
				abort(); /* the built-in table is wrong: a programming error */
			tr_keymap_bind(km, key, (tr_action)a);
		}
	}
}

tr_action tr_keymap_lookup(const tr_keymap *km, int key)
{
	for (size_t i = 0; i < km->n; i++)
		if (km->v[i].key == key)
			return km->v[i].action;
	return TR_ACTION_NONE;
}

void tr_keymap_keys_of(const tr_keymap *km, tr_action a, tr_buf *out)
{
	bool first = true;
	for (size_t i = 0; i < km->n; i++) {
		if (km->v[i].action != a)
			continue;
		char tmp[16];
		if (!first)
			tr_buf_addc(out, ' ');
		tr_buf_adds(out, tr_key_label(km->v[i].key, tmp));
		first = false;
	}
}

int tr_keymap_first_key(const tr_keymap *km, tr_action a)
{
	for (size_t i = 0; i < km->n; i++)
		if (km->v[i].action == a)
			return km->v[i].key;
	return 0;
}

int ui_key_normalise(int key)
{
	switch (key) {
	case '\r':
	case '\n':
		return TR_KEY_ENTER;
	case '\t':
		return TR_KEY_TAB;
	case 27:
		return TR_KEY_ESC;
	case 127:
	case 8:
		return TR_KEY_BACKSPACE;
	default:
		return key;
	}
}
