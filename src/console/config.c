/* The console's options: their defaults, the config file ("option = value",
 * "bind KEY ACTION", "unbind KEY") and where it lives. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "console/ui.h"
#include "triage/text.h"

void tr_console_opts_init(tr_console_opts *o)
{
	memset(o, 0, sizeof *o);
	o->mouse = -1;
	tr_keymap_defaults(&o->keys);
}

void tr_console_opts_free(tr_console_opts *o)
{
	free(o->cfg_theme);
	free(o->cfg_sort);
	tr_keymap_free(&o->keys);
	tr_strv_free(&o->warnings);
}

char *tr_console_config_dir(void)
{
	const char *xdg = getenv("XDG_CONFIG_HOME");
	if (xdg && *xdg == '/')
		return tr_sprintf("%s/triage", xdg);
	const char *home = getenv("HOME");
	if (home && *home)
		return tr_sprintf("%s/.config/triage", home);
	return NULL;
}

char *tr_console_config_path(void)
{
	char *dir = tr_console_config_dir();
	if (!dir)
		return NULL;
	char *path = tr_sprintf("%s/config", dir);
	free(dir);
	return path;
}

static const struct option_info {
	const char *word;
	enum { OPT_STRING, OPT_BOOL } kind;
} options[] = {
#define X(name, word, kind, help) { word, OPT_##kind },
	TR_OPTION_LIST(X)
#undef X
};

enum {
#define X(name, word, kind, help) OPTION_##name,
	TR_OPTION_LIST(X)
#undef X
};

static int parse_bool(const char *v)
{
	static const char *const yes[] = { "yes", "on", "true", "1" };
	static const char *const no[] = { "no", "off", "false", "0" };
	for (int i = 0; i < 4; i++) {
		if (strcmp(v, yes[i]) == 0)
			return 1;
		if (strcmp(v, no[i]) == 0)
			return 0;
	}
	return -1;
}

static void warn(tr_console_opts *o, const char *path, unsigned line, const char *fmt, const char *a)
{
	char *msg = tr_sprintf(fmt, a);
	tr_strv_push_owned(&o->warnings, tr_sprintf("%s:%u: %s", path, line, msg));
	free(msg);
}

static void config_line(tr_console_opts *o, const char *path, unsigned ln, char *line)
{
	char *s = tr_trim(line);
	if (!*s || *s == '#')
		return;
	if (strncmp(s, "bind ", 5) == 0 || strncmp(s, "unbind ", 7) == 0) {
		bool bind = s[0] == 'b';
		const char *p = s + (bind ? 5 : 7);
		while (*p == ' ')
			p++;
		tr_error err = TR_ERROR_INIT;
		int key = tr_key_parse(&p, &err);
		if (key < 0) {
			warn(o, path, ln, "%s", err.message ? err.message : "bad key");
			tr_error_clear(&err);
			return;
		}
		if (*p && *p != ' ') {
			warn(o, path, ln, "'%s' is not one key: write one key name, such as x or <C-x>", s);
			return;
		}
		while (*p == ' ')
			p++;
		key = ui_key_normalise(key);
		if (!bind) {
			tr_keymap_bind(&o->keys, key, TR_ACTION_NONE);
			return;
		}
		tr_action a = tr_action_from_word(p);
		if (a == TR_ACTION_NONE) {
			warn(o, path, ln, "unknown action '%s': the actions are listed by the help screen (?)", p);
			return;
		}
		tr_keymap_bind(&o->keys, key, a);
		return;
	}
	char *eq = strchr(s, '=');
	if (!eq) {
		warn(o, path, ln, "'%s' is not 'option = value', 'bind KEY ACTION' or 'unbind KEY'", s);
		return;
	}
	*eq = '\0';
	char *name = tr_trim(s), *value = tr_trim(eq + 1);
	int which = -1;
	for (size_t i = 0; i < sizeof options / sizeof *options; i++)
		if (strcmp(name, options[i].word) == 0)
			which = (int)i;
	if (which < 0) {
		/* The options named from the table: "theme, ascii, ... and sections". */
		size_t n = sizeof options / sizeof *options;
		tr_buf msg = TR_BUF_INIT;
		tr_buf_adds(&msg, "unknown option '%s' (the options are ");
		for (size_t i = 0; i < n; i++)
			tr_buf_addf(&msg, "%s%s", i == 0 ? "" : i + 1 < n ? ", " : " and ", options[i].word);
		tr_buf_adds(&msg, ")");
		warn(o, path, ln, tr_buf_str(&msg), name);
		tr_buf_free(&msg);
		return;
	}
	if (options[which].kind == OPT_BOOL) {
		int b = parse_bool(value);
		if (b < 0) {
			warn(o, path, ln, "'%s' is not yes or no", value);
			return;
		}
		if (which == OPTION_ASCII)
			o->cfg_ascii = b;
		else if (which == OPTION_MOUSE)
			o->mouse = b;
		else if (which == OPTION_CLIPBOARD)
			o->no_clipboard = !b;
		return;
	}
	if (which == OPTION_THEME) {
		free(o->cfg_theme);
		o->cfg_theme = tr_strdup(value);
	} else if (which == OPTION_SORT) {
		if (strcmp(value, "report") && strcmp(value, "ready") && strcmp(value, "blocking")) {
			warn(o, path, ln, "sort is report, ready or blocking, not '%s'", value);
			return;
		}
		free(o->cfg_sort);
		o->cfg_sort = tr_strdup(value);
	} else if (which == OPTION_SECTIONS) {
		if (strcmp(value, "folded") && strcmp(value, "open")) {
			warn(o, path, ln, "sections is folded or open, not '%s'", value);
			return;
		}
		o->open_sections = strcmp(value, "open") == 0;
	}
}

void tr_console_config(tr_console_opts *o, const char *path)
{
	if (!path)
		return;
	FILE *f = fopen(path, "r");
	if (!f) {
		if (errno != ENOENT)
			warn(o, path, 0, "cannot read the config file: %s", strerror(errno));
		return;
	}
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	unsigned ln = 0;
	while ((n = getline(&line, &cap, f)) >= 0 && ln < 100000) {
		ln++;
		if (n > 0 && line[n - 1] == '\n')
			line[n - 1] = '\0';
		config_line(o, path, ln, line);
	}
	free(line);
	fclose(f);
}
