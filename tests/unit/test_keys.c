/* Keys: names as scripts and the config file write them, the bindings the
 * help screen lists, and the one-line editor a note is typed into. */
#include "config.h"

#include <locale.h>

#include "tap.h"
#include "console/state.h"

static int parse_one(const char *s)
{
	const char *p = s;
	return tr_key_parse(&p, NULL);
}

static ui_editor *editor(void)
{
	ui_editor *e = tr_calloc(1, sizeof *e);
	ui_editor_set(e, "");
	return e;
}

static void type(ui_editor *e, const char *keys)
{
	const char *p = keys;
	while (*p) {
		int k = tr_key_parse(&p, NULL);
		if (k < 0)
			break;
		ui_editor_key(e, ui_key_normalise(k));
	}
}

static void editor_free(ui_editor *e)
{
	tr_buf_free(&e->text);
	free(e);
}

static bool even(const void *ctx, size_t i)
{
	(void)ctx;
	return i % 2 == 0;
}

static bool never(const void *ctx, size_t i)
{
	(void)ctx;
	(void)i;
	return false;
}

/* A search over six rows whose even ones match: where it lands, which
 * match of how many, and whether it came round. */
static void search_counts(void)
{
	ui_found f;
	is_int((int)ui_find_next(1, 6, 1, even, NULL, &f), 2, "n from row 1 finds row 2");
	ok(f.nth == 2 && f.count == 3 && !f.wrapped, "the 2nd of 3 matches, not wrapped");
	is_int((int)ui_find_next(2, 6, 1, even, NULL, &f), 4, "n from row 2 finds row 4");
	ok(f.nth == 3 && f.count == 3 && !f.wrapped, "the 3rd of 3 matches, not wrapped");
	is_int((int)ui_find_next(4, 6, 1, even, NULL, &f), 0, "n from the last match finds the first");
	ok(f.nth == 1 && f.count == 3 && f.wrapped, "the 1st of 3, wrapped to the top");
	is_int((int)ui_find_next(0, 6, -1, even, NULL, &f), 4, "N from the first match finds the last");
	ok(f.nth == 3 && f.count == 3 && f.wrapped, "the 3rd of 3, wrapped to the bottom");
	ok(ui_find_next(1, 6, 1, never, NULL, &f) == TR_NONE && f.count == 0, "no match: none, counted 0");
	ok(ui_find_next(0, 0, 1, even, NULL, &f) == TR_NONE, "nothing to search: none");
}

int main(void)
{
	setlocale(LC_ALL, "C.UTF-8");
	is_int(parse_one("j"), 'j', "a character is itself");
	is_int(parse_one("<Enter>"), TR_KEY_ENTER, "<Enter>");
	is_int(parse_one("<enter>"), TR_KEY_ENTER, "names ignore case");
	is_int(parse_one("<S-Tab>"), TR_KEY_BTAB, "<S-Tab>");
	is_int(parse_one("<C-u>"), TR_CTRL('u'), "<C-u>");
	is_int(parse_one("<lt>"), '<', "<lt> is '<'");
	is_int(parse_one("é"), 0xE9, "a UTF-8 character is one key");
	is_int(parse_one("<PgDn>"), TR_KEY_PGDN, "<PgDn>");
	{
		/* A '<' whose '>' is further than any key name is the character. */
		const char *q = "<aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa>";
		is_int(tr_key_parse(&q, NULL), '<', "a '<' far from its '>' is the character '<'");
		is_int((int)(*q == 'a'), 1, "and the next key is the one after it");
		const char *cut = "\xc3";
		is_int(tr_key_parse(&cut, NULL) >= 0 && *cut == '\0', 1,
		       "a UTF-8 sequence cut by the line's end is one key and stops there");
	}
	tr_error err = TR_ERROR_INIT;
	const char *p = "<Bogus>";
	is_int(tr_key_parse(&p, &err), -1, "an unknown name is an error");
	ok(err.message && strstr(err.message, "unknown key <Bogus>"), "that names it");
	tr_error_clear(&err);

	char tmp[16];
	static const int keys[] = { 'j', TR_KEY_ENTER, TR_KEY_BTAB, TR_CTRL('w'), ' ', '<', 0xE9, TR_KEY_F5 };
	bool round = true;
	for (size_t i = 0; i < sizeof keys / sizeof *keys; i++)
		if (parse_one(tr_key_name(keys[i], tmp)) != keys[i])
			round = false;
	ok(round, "every key name reads back as the same key");
	is_str(tr_key_name(0x202E, tmp), "<U+202E>", "a key that would draw as something else is named by number");
	is_str(tr_key_name(0x65E5, tmp), "日", "other characters are themselves");
	is_str(tr_key_label('<', tmp), "<", "help shows < as it is typed, not by its script name");
	is_str(tr_key_label(TR_KEY_ENTER, tmp), "<Enter>", "and keys with no character by name");

	tr_keymap km = { 0 };
	tr_keymap_defaults(&km);
	bool bound = true;
	for (int a = 1; a < TR_ACTION_COUNT; a++)
		if (!tr_keymap_first_key(&km, (tr_action)a))
			bound = false;
	ok(bound, "every action has a key by default");
	is_int(tr_keymap_lookup(&km, 'Q'), TR_ACTION_QUIT, "Q quits");
	is_int(tr_keymap_lookup(&km, 'q'), TR_ACTION_BACK, "q closes the current view");
	is_int(tr_keymap_lookup(&km, '/'), TR_ACTION_SEARCH, "/ searches");
	is_int(tr_keymap_lookup(&km, '3'), TR_ACTION_PANE_FAILURES, "3 is the failures pane");
	is_int(tr_keymap_lookup(&km, TR_KEY_BTAB), TR_ACTION_PREV_PANE, "Shift-Tab goes back");
	tr_keymap_bind(&km, 'x', TR_ACTION_QUIT);
	tr_keymap_bind(&km, 'Q', TR_ACTION_NONE);
	is_int(tr_keymap_lookup(&km, 'Q'), TR_ACTION_NONE, "a key can be unbound");
	tr_buf b = TR_BUF_INIT;
	tr_keymap_keys_of(&km, TR_ACTION_QUIT, &b);
	is_str(tr_buf_str(&b), "<F10> <C-c> x", "the keys of an action follow the bindings");
	tr_buf_reset(&b);
	tr_keymap_keys_of(&km, TR_ACTION_SCROLL_LEFT, &b);
	is_str(tr_buf_str(&b), "<", "the keys of an action are named as typed");
	tr_buf_free(&b);
	is_int(tr_action_from_word("set-state"), TR_ACTION_SET_STATE, "actions have names for bind");
	tr_keymap_free(&km);

	ui_editor *e = editor();
	type(e, "Fixed in 日本 ✅");
	is_str(tr_buf_str(&e->text), "Fixed in 日本 ✅", "UTF-8 is typed as it is");
	type(e, "<Left><BS>");
	is_str(tr_buf_str(&e->text), "Fixed in 日本✅", "Left moves by a character, Backspace deletes the one before");
	type(e, "<Home>X<End>!");
	is_str(tr_buf_str(&e->text), "XFixed in 日本✅!", "Home and End");
	type(e, "<C-w>");
	is_str(tr_buf_str(&e->text), "XFixed in ", "Ctrl-W deletes the word before the cursor");
	type(e, "<C-w>");
	is_str(tr_buf_str(&e->text), "XFixed ", "and the blanks after the word before it");
	type(e, "<Left><Left><C-u>");
	is_str(tr_buf_str(&e->text), "d ", "Ctrl-U deletes to the start");
	type(e, "<C-a><Del>");
	is_str(tr_buf_str(&e->text), " ", "Delete removes the character under the cursor");
	ui_editor_key(e, 0xE9);
	ui_editor_key(e, 0x07);
	ui_editor_key(e, 0x9B);
	ui_editor_key(e, 0x202E);
	ui_editor_key(e, TR_KEY_F5);
	is_str(tr_buf_str(&e->text), "é ", "control characters and function keys are not stored");
	is_int(ui_editor_key(e, TR_KEY_ENTER), 1, "Enter accepts");
	is_int(ui_editor_key(e, TR_KEY_ESC), -1, "Esc cancels");
	editor_free(e);

	e = editor();
	for (int i = 0; i < UI_EDITOR_MAX + 100; i++)
		ui_editor_key(e, 'a');
	ok(e->text.len <= UI_EDITOR_MAX, "a note cannot grow without bound (%zu bytes)", e->text.len);
	ok(e->cut, "and the editor knows it cut the text, to say so");
	tr_canvas *c = tr_canvas_new(20, 1, false);
	ui_editor_draw(e, c, 0, 0, 20);
	ok(c->cursor_x >= 0 && c->cursor_x < 20, "the cursor stays on screen at the end of a long text");
	editor_free(e);
	tr_canvas_free(c);

	/* A paste is text: its control characters are dropped, its line
	 * breaks kept in a note (one for CRLF), spaces in a one-line field. */
	e = editor();
	e->multiline = true;
	static const char pasted[] = "one\r\ntwo\n\x1b[Au\tq";
	ui_editor_paste(e, pasted, sizeof pasted - 1);
	is_str(tr_buf_str(&e->text), "one\ntwo\n[Au q", "a paste into a note keeps its lines, no control character");
	ok(!e->cut, "and is not cut");
	editor_free(e);
	e = editor();
	ui_editor_paste(e, pasted, sizeof pasted - 1);
	is_str(tr_buf_str(&e->text), "one two [Au q", "into a one-line field, line breaks become spaces");
	editor_free(e);
	e = editor();
	e->multiline = true;
	tr_buf big = TR_BUF_INIT;
	for (int i = 0; i < UI_EDITOR_MAX / 10 + 10; i++)
		tr_buf_adds(&big, "0123456789");
	ui_editor_paste(e, big.data, big.len);
	ok(e->text.len == UI_EDITOR_MAX && e->cut, "a paste too long is cut at the limit, and marked cut");
	c = tr_canvas_new(40, 1, false);
	ui_editor_draw(e, c, 0, 0, 40);
	char *row = tr_canvas_dump(c);
	ok(strstr(row, "(cut)") != NULL, "the editor shows it was cut: %s", row);
	free(row);
	tr_canvas_free(c);
	tr_buf_free(&big);
	editor_free(e);
	search_counts();
	return done_testing();
}
