#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "console/theme.h"
#include "triage/text.h"

_Static_assert(TR_SLOT_GRAPH_CRITICAL - TR_SLOT_GRAPH_BACKGROUND + 1 == TR_CELL_ROLE_COUNT,
               "every graph cell role has its colour slot, in the same order");
_Static_assert(TR_SLOT_COUNT <= 256, "a slot fits a cell's byte");

static const struct slot_info {
	const char *word, *what;
	tr_style def;
	uint8_t mono;
} slots[] = {
#define X(name, word, fg, bg, attrs, mono, what) { word, what, { fg, bg, attrs }, mono },
	TR_SLOT_LIST(X)
#undef X
};

static const char *const color_names[] = {
	"black", "red", "green", "yellow", "blue", "magenta", "cyan", "white",
};

static const struct { const char *word; uint8_t bit; } attr_names[] = {
#define X(name, word) { word, TR_ATTR_##name },
	TR_ATTR_LIST(X)
#undef X
};

const char *tr_slot_word(tr_slot s)
{
	return (unsigned)s < TR_SLOT_COUNT ? slots[s].word : "?";
}

const char *tr_slot_help(tr_slot s)
{
	return (unsigned)s < TR_SLOT_COUNT ? slots[s].what : "";
}

int tr_slot_from_word(const char *word)
{
	for (int i = 0; i < TR_SLOT_COUNT; i++)
		if (strcmp(slots[i].word, word) == 0)
			return i;
	return -1;
}

tr_theme *tr_theme_default(void)
{
	tr_theme *t = tr_calloc(1, sizeof *t);
	t->name = tr_strdup("default");
	for (int i = 0; i < TR_SLOT_COUNT; i++)
		t->slot[i] = slots[i].def;
	return t;
}

void tr_theme_free(tr_theme *t)
{
	if (!t)
		return;
	free(t->name);
	free(t);
}

/* The RGB value of a colour of the xterm 256-colour palette. */
static void palette_rgb(int c, int rgb[3])
{
	static const int base16[16][3] = {
		{ 0, 0, 0 }, { 205, 0, 0 }, { 0, 205, 0 }, { 205, 205, 0 },
		{ 0, 0, 238 }, { 205, 0, 205 }, { 0, 205, 205 }, { 229, 229, 229 },
		{ 127, 127, 127 }, { 255, 0, 0 }, { 0, 255, 0 }, { 255, 255, 0 },
		{ 92, 92, 255 }, { 255, 0, 255 }, { 0, 255, 255 }, { 255, 255, 255 },
	};
	if (c < 16) {
		memcpy(rgb, base16[c], sizeof base16[c]);
	} else if (c < 232) {
		static const int level[6] = { 0, 95, 135, 175, 215, 255 };
		c -= 16;
		rgb[0] = level[c / 36];
		rgb[1] = level[(c / 6) % 6];
		rgb[2] = level[c % 6];
	} else {
		rgb[0] = rgb[1] = rgb[2] = 8 + 10 * (c - 232);
	}
}

static int nearest(const int rgb[3], int first, int last)
{
	int best = first;
	long best_d = -1;
	for (int c = first; c <= last; c++) {
		int p[3];
		palette_rgb(c, p);
		long d = 0;
		for (int k = 0; k < 3; k++)
			d += (long)(p[k] - rgb[k]) * (p[k] - rgb[k]);
		if (best_d < 0 || d < best_d) {
			best_d = d;
			best = c;
		}
	}
	return best;
}

tr_style tr_style_degrade(tr_style st, tr_slot slot, int colors)
{
	uint8_t mono = (unsigned)slot < TR_SLOT_COUNT ? slots[slot].mono : 0;
	if (colors < 8) {
		return (tr_style){ TR_C_DEFAULT, TR_C_DEFAULT, (uint8_t)(st.attr | mono) };
	}
	int16_t *cs[2] = { &st.fg, &st.bg };
	bool grey_bar = false;
	for (int k = 0; k < 2; k++) {
		int c = *cs[k];
		if (c < 0)
			continue;
		if (colors < 256 && c >= 16) {
			int rgb[3];
			palette_rgb(c, rgb);
			c = nearest(rgb, 0, 15);
		}
		/* Eight colours have no grey: grey text is dim text, a grey bar
		 * a white one. */
		if (colors < 16 && c == 8) {
			if (k == 0) {
				st.attr |= TR_ATTR_DIM;
				*cs[k] = TR_C_DEFAULT;
			} else {
				*cs[k] = TR_C_WHITE;
				grey_bar = true;
			}
			continue;
		}
		if (colors < 16 && c >= 8) {
			c -= 8;
			/* A bright foreground on eight colours is the base colour in
			 * bold, which most such terminals draw bright. */
			if (k == 0)
				st.attr |= TR_ATTR_BOLD;
		}
		*cs[k] = (int16_t)c;
	}
	if (grey_bar && (st.fg < 0 || st.fg == TR_C_WHITE))
		st.fg = TR_C_BLACK;
	/* Blue text is hardly readable on the black of a console: cyan. */
	if (colors < 16 && st.fg == TR_C_BLUE && (st.bg < 0 || st.bg == TR_C_BLACK))
		st.fg = TR_C_CYAN;
	/* Degrading may make text the colour of its background: keep the
	 * meaning with attributes instead of colour. */
	if (st.fg >= 0 && st.fg == st.bg)
		return (tr_style){ TR_C_DEFAULT, TR_C_DEFAULT, (uint8_t)(st.attr | mono) };
	return st;
}

const char *tr_color_word(int color, char tmp[16])
{
	if (color < 0)
		return "default";
	if (color < 8)
		return color_names[color];
	if (color < 16)
		snprintf(tmp, 16, "bright-%s", color_names[color - 8]);
	else
		snprintf(tmp, 16, "%d", color);
	return tmp;
}

static int hexval(int ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	ch = tolower(ch);
	if (ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	return -1;
}

/* -2 when the word is not a colour. */
static int parse_color(const char *w)
{
	if (strcmp(w, "default") == 0 || strcmp(w, "-") == 0)
		return TR_C_DEFAULT;
	if (strcmp(w, "grey") == 0 || strcmp(w, "gray") == 0)
		return 8;
	const char *base = w;
	int bright = 0;
	if (strncmp(w, "bright-", 7) == 0) {
		base = w + 7;
		bright = 8;
	}
	for (int i = 0; i < 8; i++)
		if (strcmp(base, color_names[i]) == 0)
			return i + bright;
	if (bright)
		return -2;
	if (w[0] == '#') {
		if (strlen(w) != 7)
			return -2;
		int rgb[3];
		for (int k = 0; k < 3; k++) {
			int hi = hexval((unsigned char)w[1 + 2 * k]), lo = hexval((unsigned char)w[2 + 2 * k]);
			if (hi < 0 || lo < 0)
				return -2;
			rgb[k] = hi * 16 + lo;
		}
		/* The 6x6x6 cube and the grey ramp; the 16 base colours vary too
		 * much between terminals to aim at. */
		return nearest(rgb, 16, 255);
	}
	if (!*w || strlen(w) > 3)
		return -2;
	for (const char *p = w; *p; p++)
		if (!isdigit((unsigned char)*p))
			return -2;
	int n = atoi(w);
	return n <= 255 ? n : -2;
}

static int parse_attr(const char *w)
{
	if (strcmp(w, "none") == 0 || strcmp(w, "-") == 0 || strcmp(w, "normal") == 0)
		return 0;
	for (size_t i = 0; i < sizeof attr_names / sizeof *attr_names; i++)
		if (strcmp(w, attr_names[i].word) == 0)
			return attr_names[i].bit;
	return -1;
}

/* Splits a line into at most 8 words, cutting a comment: '#' that starts
 * the line or follows a blank and is not a colour (#rrggbb). */
static size_t split(char *line, char **words, size_t max)
{
	size_t n = 0;
	char *p = line;
	for (;;) {
		while (*p == ' ' || *p == '\t' || *p == '\r')
			p++;
		if (!*p)
			break;
		if (*p == '#' && !(isxdigit((unsigned char)p[1]) && n > 0))
			break;
		char *start = p;
		while (*p && *p != ' ' && *p != '\t' && *p != '\r')
			p++;
		if (n < max)
			words[n] = start;
		n++;
		if (*p)
			*p++ = '\0';
	}
	return n;
}

static const char *hint = "write 'SLOT FOREGROUND [BACKGROUND] [ATTRIBUTE...]', as in themes/default.theme";

tr_theme *tr_theme_load_buffer(const char *name, const char *text, tr_error *err)
{
	tr_theme *t = tr_theme_default();
	free(t->name);
	t->name = tr_strdup(name);
	const char *p = text;
	unsigned lineno = 0;
	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		char *line = tr_strndup(p, len);
		p += len + (nl ? 1 : 0);
		lineno++;
		char *w[8];
		size_t n = split(line, w, 8);
		int bad = 0;
		if (n == 0) {
			free(line);
			continue;
		}
		int s = tr_slot_from_word(w[0]);
		if (s < 0) {
			bad = tr_error_set(err, TR_FORMAT,
			                   "%s:%u: unknown colour slot '%s': the slots are those listed in "
			                   "themes/default.theme",
			                   name, lineno, w[0]);
		} else if (n < 2) {
			bad = tr_error_set(err, TR_FORMAT, "%s:%u: '%s' has no colour: %s", name, lineno,
			                   w[0], hint);
		} else if (n > 8) {
			bad = tr_error_set(err, TR_FORMAT, "%s:%u: too many words: %s", name, lineno, hint);
		} else {
			tr_style st = { 0, TR_C_DEFAULT, 0 };
			for (size_t k = 1; k < n && !bad; k++) {
				if (k <= 2) {
					int c = parse_color(w[k]);
					if (c != -2) {
						if (k == 1)
							st.fg = (int16_t)c;
						else
							st.bg = (int16_t)c;
						continue;
					}
					if (k == 1) {
						bad = tr_error_set(err, TR_FORMAT,
						                   "%s:%u: '%s' is not a colour: use default, a name "
						                   "such as red or bright-blue, 0-255 or #rrggbb",
						                   name, lineno, w[k]);
						break;
					}
				}
				int a = parse_attr(w[k]);
				if (a < 0)
					bad = tr_error_set(err, TR_FORMAT,
					                   "%s:%u: '%s' is neither a colour nor an attribute: "
					                   "attributes are bold, dim, underline, reverse, italic, "
					                   "blink and none",
					                   name, lineno, w[k]);
				else
					st.attr |= (uint8_t)a;
			}
			if (!bad)
				t->slot[s] = st;
		}
		free(line);
		if (bad) {
			tr_theme_free(t);
			return NULL;
		}
	}
	return t;
}

tr_theme *tr_theme_load_file(const char *path, tr_error *err)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		tr_error_set(err, TR_IO, "%s: cannot open the theme: %s", path, strerror(errno));
		return NULL;
	}
	tr_buf b = TR_BUF_INIT;
	char chunk[4096];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0 && b.len < (1u << 20))
		tr_buf_add(&b, chunk, n);
	bool failed = ferror(f);
	fclose(f);
	if (failed) {
		tr_buf_free(&b);
		tr_error_set(err, TR_IO, "%s: cannot read the theme", path);
		return NULL;
	}
	if (memchr(tr_buf_str(&b), '\0', b.len)) {
		tr_buf_free(&b);
		tr_error_set(err, TR_FORMAT, "%s: not a theme (it holds NUL bytes): a theme is a text file",
		             path);
		return NULL;
	}
	tr_theme *t = tr_theme_load_buffer(path, tr_buf_str(&b), err);
	tr_buf_free(&b);
	return t;
}

static bool is_file(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

char *tr_theme_find(const char *name, const char *config_dir, const char *data_dir, tr_error *err)
{
	size_t n = strlen(name);
	if (strchr(name, '/') || (n > 6 && strcmp(name + n - 6, ".theme") == 0)) {
		if (is_file(name))
			return tr_strdup(name);
		tr_error_set(err, TR_NOTFOUND, "%s: no such theme file", name);
		return NULL;
	}
	for (const char *p = name; *p; p++) {
		if (!isalnum((unsigned char)*p) && *p != '-' && *p != '_') {
			tr_error_set(err, TR_USAGE,
			             "'%s' is not a theme name: name one of the themes (default, light, "
			             "mono, high-contrast) or give a path to a .theme file",
			             name);
			return NULL;
		}
	}
	if (n == 0) {
		tr_error_set(err, TR_USAGE, "an empty theme name: name a theme or a .theme file");
		return NULL;
	}
	const char *dirs[2] = { config_dir, data_dir };
	tr_buf looked = TR_BUF_INIT;
	for (int i = 0; i < 2; i++) {
		if (!dirs[i])
			continue;
		char *path = tr_sprintf("%s/themes/%s.theme", dirs[i], name);
		if (is_file(path)) {
			tr_buf_free(&looked);
			return path;
		}
		tr_buf_addf(&looked, "%s%s", looked.len ? ", " : "", path);
		free(path);
	}
	tr_error_set(err, TR_NOTFOUND, "no theme called '%s' (looked for %s)", name,
	             looked.len ? tr_buf_str(&looked) : "nowhere: no themes directory");
	tr_buf_free(&looked);
	return NULL;
}

static void add_attrs(tr_buf *b, uint8_t attr)
{
	bool any = false;
	for (size_t i = 0; i < sizeof attr_names / sizeof *attr_names; i++) {
		if (attr & attr_names[i].bit) {
			tr_buf_addf(b, "%s%s", any ? " " : "", attr_names[i].word);
			any = true;
		}
	}
	if (!any)
		tr_buf_adds(b, "none");
}

char *tr_theme_text(const tr_theme *t)
{
	tr_buf b = TR_BUF_INIT;
	tr_buf_addf(&b, "# A triage theme: one line per colour slot, \"SLOT FOREGROUND [BACKGROUND]\n"
	               "# [ATTRIBUTE...]\".  Colours: default, black red green yellow blue magenta\n"
	               "# cyan white, bright-NAME, 0-255 or #rrggbb.  Attributes: bold dim underline\n"
	               "# reverse italic blink, or none.  A slot not named keeps its default.\n"
	               "#\n");
	tr_buf_addf(&b, "# %-20s %-15s %-15s %-20s what it colours\n", "slot", "fg", "bg",
	            "attributes");
	for (int i = 0; i < TR_SLOT_COUNT; i++) {
		char t1[16], t2[16];
		tr_buf attrs = TR_BUF_INIT;
		add_attrs(&attrs, t->slot[i].attr);
		tr_buf_addf(&b, "%-22s %-15s %-15s %-20s # %s\n", slots[i].word,
		            tr_color_word(t->slot[i].fg, t1), tr_color_word(t->slot[i].bg, t2),
		            tr_buf_str(&attrs), slots[i].what);
		tr_buf_free(&attrs);
	}
	return tr_buf_detach(&b);
}
