/* Themes: the shipped files load, a bad line is an error naming the file
 * and the line, and colours degrade to what the terminal has. */
#include "config.h"

#include "tap.h"
#include "console/theme.h"

static bool same_theme(const tr_theme *a, const tr_theme *b)
{
	for (int s = 0; s < TR_SLOT_COUNT; s++)
		if (a->slot[s].fg != b->slot[s].fg || a->slot[s].bg != b->slot[s].bg ||
		    a->slot[s].attr != b->slot[s].attr)
			return false;
	return true;
}

int main(void)
{
	const char *src = getenv("top_srcdir");
	if (!src)
		src = ".";
	static const char *const shipped[] = { "default", "light", "mono", "high-contrast" };
	tr_theme *def = tr_theme_default();
	for (size_t i = 0; i < 4; i++) {
		tr_error err = TR_ERROR_INIT;
		char *path = tr_theme_find(shipped[i], NULL, src, &err);
		ok(path != NULL, "the %s theme is found in the data directory", shipped[i]);
		tr_theme *t = path ? tr_theme_load_file(path, &err) : NULL;
		ok(t != NULL, "themes/%s.theme loads: %s", shipped[i], err.message ? err.message : "ok");
		if (t && i == 0)
			ok(same_theme(t, def), "themes/default.theme is the built-in default");
		if (t && i == 2) {
			bool colourless = true;
			for (int s = 0; s < TR_SLOT_COUNT; s++)
				if (t->slot[s].fg >= 0 || t->slot[s].bg >= 0)
					colourless = false;
			ok(colourless, "the mono theme uses attributes only");
			ok(t->slot[TR_SLOT_CURSOR].attr & TR_ATTR_REVERSE, "and shows the cursor reversed");
		}
		if (t && i != 2)
			ok(!same_theme(t, def) || i == 0, "%s differs from the default", shipped[i]);
		tr_theme_free(t);
		free(path);
		tr_error_clear(&err);
	}

	/* Every slot is named in the shipped default theme, for whoever edits it. */
	tr_error err = TR_ERROR_INIT;
	char *text = tr_theme_text(def);
	bool all = true;
	for (int s = 0; s < TR_SLOT_COUNT; s++) {
		char want[64];
		snprintf(want, sizeof want, "\n%s ", tr_slot_word((tr_slot)s));
		if (!strstr(text, want))
			all = false;
	}
	ok(all, "the theme text lists every slot");
	tr_theme *back = tr_theme_load_buffer("x.theme", text, &err);
	ok(back && same_theme(back, def), "and reads back as the same theme");
	tr_theme_free(back);
	free(text);

	for (int r = 0; r < TR_CELL_ROLE_COUNT; r++)
		if (strcmp(tr_cell_role_word((tr_cell_role)r), tr_slot_word(TR_SLOT_FROM_ROLE(r))) != 0)
			ok(0, "graph role %s has the slot of the same name", tr_cell_role_word((tr_cell_role)r));
	ok(1, "every graph cell role has the colour slot of the same name");

	tr_theme *t = tr_theme_load_buffer("my.theme",
	                                   "# comment\n\ncursor  #ff8700 default bold underline\n"
	                                   "title 33\nheader bright-red\n",
	                                   &err);
	ok(t != NULL, "a hand-written theme loads");
	if (t) {
		is_int(t->slot[TR_SLOT_CURSOR].fg, 208, "#ff8700 is colour 208");
		is_int(t->slot[TR_SLOT_CURSOR].attr, TR_ATTR_BOLD | TR_ATTR_UNDERLINE, "attributes add up");
		is_int(t->slot[TR_SLOT_TITLE].fg, 33, "a number is a colour");
		is_int(t->slot[TR_SLOT_TITLE].bg, -1, "a missing background is the default");
		is_int(t->slot[TR_SLOT_HEADER].fg, 9, "bright-red is 9");
		is_int(t->slot[TR_SLOT_ID].fg, def->slot[TR_SLOT_ID].fg, "a slot not named keeps its default");
	}
	tr_theme_free(t);

	static const struct { const char *text, *want; } bad[] = {
		{ "normal default\ncursr red\n", "bad.theme:2: unknown colour slot 'cursr'" },
		{ "cursor purple\n", "bad.theme:1: 'purple' is not a colour" },
		{ "\n\ncursor red blue shiny\n", "bad.theme:3: 'shiny' is neither a colour nor an attribute" },
		{ "cursor\n", "bad.theme:1: 'cursor' has no colour" },
		{ "cursor #12345\n", "bad.theme:1: '#12345' is not a colour" },
		{ "cursor 256\n", "bad.theme:1: '256' is not a colour" },
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		tr_error e = TR_ERROR_INIT;
		tr_theme *b = tr_theme_load_buffer("bad.theme", bad[i].text, &e);
		ok(b == NULL && e.message && strncmp(e.message, bad[i].want, strlen(bad[i].want)) == 0,
		   "error: %s", e.message ? e.message : "(none)");
		tr_theme_free(b);
		tr_error_clear(&e);
	}

	tr_style st = { 196, 17, 0 };
	tr_style d = tr_style_degrade(st, TR_SLOT_ID, 256);
	is_int(d.fg, 196, "256 colours: kept");
	d = tr_style_degrade(st, TR_SLOT_ID, 16);
	ok(d.fg < 16 && d.bg < 16, "16 colours: the nearest of the sixteen (%d on %d)", d.fg, d.bg);
	is_int(d.fg, 9, "pure red becomes bright red");
	d = tr_style_degrade((tr_style){ 9, -1, 0 }, TR_SLOT_ID, 8);
	is_int(d.fg, 1, "8 colours: a bright colour is its base colour");
	ok(d.attr & TR_ATTR_BOLD, "in bold");
	d = tr_style_degrade((tr_style){ 6, 6, 0 }, TR_SLOT_CURSOR, 8);
	ok(d.fg == -1 && (d.attr & TR_ATTR_REVERSE), "text the colour of its background keeps its meaning by attributes");
	/* Eight colours, as a console has them, keep the hierarchy readable. */
	d = tr_style_degrade(def->slot[TR_SLOT_STATUS_BAR], TR_SLOT_STATUS_BAR, 8);
	ok(d.fg == TR_C_BLACK && d.bg == TR_C_WHITE, "8 colours: the grey status bar is black on white (%d on %d)",
	   d.fg, d.bg);
	d = tr_style_degrade(def->slot[TR_SLOT_DIM], TR_SLOT_DIM, 8);
	ok(d.fg == -1 && (d.attr & TR_ATTR_DIM), "grey text is dim text, not black on black");
	d = tr_style_degrade(def->slot[TR_SLOT_LABEL], TR_SLOT_LABEL, 8);
	is_int(d.fg, TR_C_CYAN, "blue labels are cyan on a black console");
	d = tr_style_degrade(def->slot[TR_SLOT_PRIORITY_P0], TR_SLOT_PRIORITY_P0, 8);
	ok(d.fg == TR_C_RED && (d.attr & TR_ATTR_BOLD), "P0 stays red and bold");
	ok(def->slot[TR_SLOT_ID].fg != def->slot[TR_SLOT_STATE_IN_PROGRESS].fg &&
	   def->slot[TR_SLOT_STATE_IN_PROGRESS].fg != def->slot[TR_SLOT_PRIORITY_P1].fg &&
	   def->slot[TR_SLOT_HASH].fg != def->slot[TR_SLOT_ID].fg,
	   "ids, in-progress, P1 and commit ids are not one colour");
	d = tr_style_degrade(def->slot[TR_SLOT_CURSOR], TR_SLOT_CURSOR, 0);
	ok(d.fg == -1 && d.bg == -1, "no colour (NO_COLOR): no colour at all");
	ok(d.attr & TR_ATTR_REVERSE, "and the cursor still shows, reversed");

	char *p = tr_theme_find("odd name;", NULL, src, &err);
	ok(p == NULL && err.status == TR_USAGE, "a theme name with odd characters is refused");
	free(p);
	tr_error_clear(&err);
	p = tr_theme_find("no-such-theme", NULL, src, &err);
	ok(p == NULL && err.message && strstr(err.message, "no theme called 'no-such-theme'"),
	   "an unknown theme name says where it looked");
	free(p);
	tr_error_clear(&err);
	tr_theme_free(def);
	return done_testing();
}
