/* Help: every action with the keys bound to it now (the config file may
 * have changed them), generated from the action table, then where the
 * config file and the themes are. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "console/view.h"
#include "triage/text.h"

typedef struct help_view {
	ui_doc doc;
	int width;
} help_view;

static void *help_open(tr_app *app)
{
	(void)app;
	help_view *v = tr_calloc(1, sizeof *v);
	v->width = -1;
	return v;
}

static void help_close(void *st)
{
	help_view *v = st;
	ui_doc_free(&v->doc);
	free(v);
}

#define KEYS_W 20

/* An entry: its keys (or name) padded to the keys' column at `indent`,
 * then what it does, wrapped under the description column (a hanging
 * indent), never cut at the pane's edge. */
static void entry(ui_doc *d, int indent, const char *keys, uint8_t slot, const char *text, int width)
{
	ui_doc_line(d, indent);
	char pad[64];
	snprintf(pad, sizeof pad, "%-*s", KEYS_W + 2 - indent, keys);
	ui_doc_add(d, pad, slot, 0);
	ui_doc_add(d, " ", TR_SLOT_NORMAL, 0);
	int used = indent + (int)tr_text_width(pad) + 1;
	ui_doc_wrap(d, text, TR_SLOT_NORMAL, used, width, KEYS_W + 3);
}

/* A section of its own: a heading over rows of keys and what they do. */
static void table(ui_doc *d, const char *heading, const char *const (*rows)[2], size_t n, int width)
{
	ui_doc_line(d, 0);
	ui_doc_line(d, 0);
	ui_doc_add(d, heading, TR_SLOT_LABEL, TR_ATTR_UNDERLINE);
	for (size_t k = 0; k < n; k++)
		entry(d, 2, rows[k][0], TR_SLOT_STATUS_KEY, rows[k][1], width);
}

static void build(help_view *v, tr_app *app, int width)
{
	ui_doc *d = &v->doc;
	ui_doc_clear(d);
	for (int g = 0; g < TR_GROUP_COUNT; g++) {
		if (g)
			ui_doc_line(d, 0);
		ui_doc_line(d, 0);
		ui_doc_add(d, tr_action_group_title((tr_action_group)g), TR_SLOT_LABEL, TR_ATTR_UNDERLINE);
		for (int a = 1; a < TR_ACTION_COUNT; a++) {
			if ((int)tr_action_group_of((tr_action)a) != g)
				continue;
			tr_buf keys = TR_BUF_INIT;
			tr_keymap_keys_of(&app->keys, (tr_action)a, &keys);
			/* The action's name too: what a config file binds a key to. */
			char *text = tr_sprintf("%s [%s]", tr_action_help((tr_action)a), tr_action_word((tr_action)a));
			entry(d, 2, keys.len ? tr_buf_str(&keys) : "(not bound)",
			      keys.len ? TR_SLOT_STATUS_KEY : TR_SLOT_DIM, text, width);
			free(text);
			tr_buf_free(&keys);
		}
	}
	static const char *const edit[][2] = {
		{ "<Left> <Right>", "move by a character" },
		{ "<Home> <End>", "go to the start or the end (also <C-a> <C-e>)" },
		{ "<BS> <Del>", "delete before or under the cursor" },
		{ "<C-u> <C-k>", "delete to the start or to the end" },
		{ "<C-w>", "delete the word before the cursor" },
		{ "<Enter>", "save the note or the owner, or search" },
		{ "<Esc>", "close: a note's words are kept as a draft (a or E brings them back, in a later "
		           "session too); an owner or a search is cancelled" },
		{ "<C-g> <C-c>", "discard the note typed (asks first); an owner or a search is cancelled" },
	};
	table(d, "Editing a note, an owner or a search", edit, sizeof edit / sizeof *edit, width);
	static const char *const pick[][2] = {
		{ "letters", "filter a list of people; elsewhere jump to the next item they begin (a letter never chooses)" },
		{ "<Enter> 1-9", "choose the item under the cursor, or the item of that number" },
		{ "y n", "answer a question before something is lost (a draft); no is the default" },
		{ "<Esc>", "close it, choosing nothing" },
	};
	table(d, "In a picker", pick, sizeof pick / sizeof *pick, width);
	static const char *const mouse[][2] = {
		{ "click", "select a row, focus a pane or a tab, open a failure group" },
		{ "wheel", "scroll the pane under the pointer" },
	};
	table(d, "Mouse (when the terminal sends it)", mouse, sizeof mouse / sizeof *mouse, width);
	char *marks = tr_sprintf("%s changed since the last stand-up, %s ready to work on",
	                         tr_sym_text(TR_SYM_CHANGED, app->ascii),
	                         tr_sym_text(TR_SYM_READY, app->ascii));
	const char *const columns[][2] = {
		{ "ID", "the issue's key; one longer than the column (a named issue's slug) is cut, "
		        "and the detail gives it whole" },
		{ "(marks)", marks },
		{ "PRI", "its priority, P0 to P3, as the report gives it" },
		{ "PROGRESS", "ours: open, in-progress, fixed, verified or wont-fix, as s sets it" },
		{ "OWNER", "who works on it, as o sets it" },
		{ "COMMITS", "commits that fix it, mention it or change its test files" },
		{ "REPORTED", "the status the report gives (its words, which may be the same as "
		              "PROGRESS's: the report's, not ours)" },
	};
	table(d, "The issue list's columns", columns, sizeof columns / sizeof *columns, width);
	free(marks);
	ui_doc_line(d, 0);
	ui_doc_line(d, 0);
	ui_doc_add(d, "Marks", TR_SLOT_LABEL, TR_ATTR_UNDERLINE);
	/* From the symbol table, as this terminal draws them: each meaning
	 * once, with every form it takes (the corners, the arrows' heads). */
	for (int k = 0; k < TR_SYM_COUNT; k++) {
		const char *meaning = tr_sym_meaning((tr_sym)k);
		bool said = false;
		for (int j = 0; j < k && !said; j++)
			said = strcmp(tr_sym_meaning((tr_sym)j), meaning) == 0;
		if (said)
			continue;
		tr_buf forms = TR_BUF_INIT;
		for (int j = k; j < TR_SYM_COUNT; j++) {
			const char *sym = tr_sym_text((tr_sym)j, app->ascii);
			if (strcmp(tr_sym_meaning((tr_sym)j), meaning) != 0)
				continue;
			bool dup = false;
			for (int i = k; i < j && !dup; i++)
				dup = strcmp(tr_sym_meaning((tr_sym)i), meaning) == 0 &&
				      strcmp(tr_sym_text((tr_sym)i, app->ascii), sym) == 0;
			if (dup)
				continue;
			if (forms.len)
				tr_buf_addc(&forms, ' ');
			tr_buf_adds(&forms, sym);
		}
		ui_doc_line(d, 2);
		ui_doc_add(d, tr_buf_str(&forms), TR_SLOT_STATUS_KEY, 0);
		int fw = (int)tr_text_width(tr_buf_str(&forms));
		ui_doc_addf(d, TR_SLOT_NORMAL, 0, "%*s", fw < KEYS_W + 1 ? KEYS_W + 1 - fw : 1, "");
		ui_doc_wrap(d, meaning, TR_SLOT_NORMAL, 2 + (fw < KEYS_W + 1 ? KEYS_W + 1 : fw + 1), width,
		            KEYS_W + 3);
		tr_buf_free(&forms);
	}
	ui_doc_line(d, 0);
	ui_doc_line(d, 0);
	ui_doc_add(d, "Settings", TR_SLOT_LABEL, TR_ATTR_UNDERLINE);
	char *cfg = tr_console_config_path();
	ui_doc_line(d, 2);
	ui_doc_add(d, "config file ", TR_SLOT_NORMAL, 0);
	ui_doc_wrap(d, cfg ? cfg : "(no home directory)", TR_SLOT_LOCATION, 14, width, 14);
	free(cfg);
	/* The options the config file takes, from the option table. */
	static const char *const options[][2] = {
#define X(name, word, kind, help) { word, help },
		TR_OPTION_LIST(X)
#undef X
		{ "bind KEY ACTION", "run ACTION (its name is in brackets above) on KEY" },
		{ "unbind KEY", "KEY does nothing" },
	};
	for (size_t k = 0; k < sizeof options / sizeof *options; k++) {
		char *left = strchr(options[k][0], ' ') ? tr_strdup(options[k][0])
		                                        : tr_sprintf("%s = ...", options[k][0]);
		entry(d, 4, left, TR_SLOT_STATUS_KEY, options[k][1], width);
		free(left);
	}
	ui_doc_line(d, 2);
	ui_doc_add(d, "theme       ", TR_SLOT_NORMAL, 0);
	ui_doc_add(d, app->theme ? app->theme->name : "default", TR_SLOT_LOCATION, 0);
	if (app->store) {
		ui_doc_line(d, 2);
		ui_doc_add(d, "progress    ", TR_SLOT_NORMAL, 0);
		ui_doc_wrap(d, tr_store_path(app->store), TR_SLOT_LOCATION, 14, width, 14);
		if (tr_store_read_only(app->store)) {
			const tr_error *why = tr_store_problem(app->store);
			ui_doc_line(d, 14);
			ui_doc_add(d, "read-only: ", TR_SLOT_MESSAGE_ERROR, 0);
			ui_doc_wrap(d, why && why->message ? why->message : "opened read-only", TR_SLOT_NORMAL,
			            25, width, 14);
		}
	} else {
		ui_doc_line(d, 2);
		ui_doc_add(d, "progress    not saved: no place for the progress file", TR_SLOT_DIM, 0);
	}
	if (app->history_problem) {
		ui_doc_line(d, 2);
		ui_doc_add(d, "history     ", TR_SLOT_NORMAL, 0);
		ui_doc_wrap(d, app->history_problem, TR_SLOT_DIM, 14, width, 14);
	}
}

static void help_refresh(void *st, tr_app *app)
{
	help_view *v = st;
	(void)app;
	v->width = -1;
	v->doc.top = 0;
}

static void ensure(help_view *v, tr_app *app, int width)
{
	if (v->width == width)
		return;
	size_t top = v->doc.top;
	build(v, app, width);
	v->doc.top = top;
	v->width = width;
}

static void help_draw(void *st, tr_app *app, tr_canvas *c, tr_rect a, bool focused)
{
	help_view *v = st;
	(void)focused;
	tr_rect inner = { a.x + 1, a.y, a.w - 2, a.h };
	ensure(v, app, inner.w);
	ui_doc_draw(&v->doc, c, inner, app->search);
}

static bool help_action(void *st, tr_app *app, tr_action a, tr_rect area)
{
	help_view *v = st;
	ensure(v, app, area.w - 2);
	return ui_doc_action(&v->doc, a, area);
}

static bool help_find(void *st, tr_app *app, const char *q, int dir, tr_rect area,
                      ui_found *found)
{
	help_view *v = st;
	ensure(v, app, area.w - 2);
	return ui_doc_find(&v->doc, q, dir, area, found);
}

static void help_title(void *st, tr_app *app, tr_buf *out)
{
	(void)st;
	char tmp[16];
	const char *key = app_key_of(app, TR_ACTION_BACK, tmp);
	tr_buf_addf(out, "Help: keys (%s closes)", *key ? key : app_key_of(app, TR_ACTION_CLOSE, tmp));
}

static const tr_action help_hints[] = { TR_ACTION_MOVE_DOWN, TR_ACTION_SEARCH, TR_ACTION_NONE };

static void help_where(void *st, tr_app *app, ui_where *out)
{
	(void)app;
	ui_doc_where(&((help_view *)st)->doc, out);
}

const ui_view_ops ui_help_view = {
	.name = "help",
	.open = help_open,
	.close = help_close,
	.title = help_title,
	.draw = help_draw,
	.action = help_action,
	.refresh = help_refresh,
	.find = help_find,
	.where = help_where,
	.hints = help_hints,
};
