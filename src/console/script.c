/* The script backend: the console without a terminal.  Keys and commands
 * come from a file, screens go to files; it never touches /dev/tty, so the
 * tests and the benchmark run anywhere.  See ui.h for the commands. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "console/state.h"
#include "triage/text.h"

typedef struct script_backend {
	ui_backend base;
	char *path;
	char *text;             /* the whole script */
	const char *pos;        /* next unread byte */
	const char *line_end;   /* end of the key line being read (a NUL now), or NULL */
	const char *line_next;  /* where the line after it starts */
	unsigned line;
	int w, h;
	const tr_canvas *screen;
	const tr_theme *theme;
	tr_error err;
	int colors;
	double mark;
	unsigned long keys_since_mark;
	tr_buf paste;           /* the text of the last :paste */
} script_backend;

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static void script_size(ui_backend *be, int *w, int *h)
{
	script_backend *s = (script_backend *)be;
	*w = s->w;
	*h = s->h;
}

static int script_colors(ui_backend *be)
{
	return ((script_backend *)be)->colors;
}

static void script_present(ui_backend *be, const tr_canvas *c, const tr_theme *theme)
{
	script_backend *s = (script_backend *)be;
	s->screen = c;
	s->theme = theme;
}

static const tr_error *script_error(ui_backend *be)
{
	return &((script_backend *)be)->err;
}

static void script_free(ui_backend *be)
{
	script_backend *s = (script_backend *)be;
	if (!s)
		return;
	free(s->path);
	free(s->text);
	tr_buf_free(&s->paste);
	tr_error_clear(&s->err);
	free(s);
}

static int write_file(script_backend *s, const char *file, const char *data)
{
	FILE *f = fopen(file, "w");
	if (!f)
		return tr_error_set(&s->err, TR_IO, "%s:%u: cannot write %s: %s", s->path, s->line, file,
		                    strerror(errno));
	fputs(data, f);
	if (fclose(f) != 0)
		return tr_error_set(&s->err, TR_IO, "%s:%u: cannot write %s", s->path, s->line, file);
	return 0;
}

/* Each row as runs of one style: "3: 0-79 cursor=black/cyan+bold", the
 * slot with the colours and attributes this theme gives it on a terminal
 * of s->colors colours (0 for NO_COLOR), as the curses backend draws it. */
static char *dump_styles(const script_backend *s)
{
	const tr_canvas *c = s->screen;
	tr_buf b = TR_BUF_INIT;
	for (int y = 0; y < c->h; y++) {
		tr_buf_addf(&b, "%d:", y);
		int x = 0;
		while (x < c->w) {
			const tr_canvas_cell *p = tr_canvas_at(c, x, y);
			int end = x + 1;
			while (end < c->w && tr_canvas_at(c, end, y)->slot == p->slot &&
			       tr_canvas_at(c, end, y)->attr == p->attr)
				end++;
			tr_slot slot = p->slot < TR_SLOT_COUNT ? (tr_slot)p->slot : TR_SLOT_NORMAL;
			tr_style st = s->theme ? s->theme->slot[slot] : (tr_style){ -1, -1, 0 };
			st = tr_style_degrade(st, slot, s->colors);
			st.attr |= p->attr;
			char f[16], g[16];
			tr_buf_addf(&b, " %d-%d %s=%s/%s", x, end - 1, tr_slot_word(slot),
			            tr_color_word(st.fg, f), tr_color_word(st.bg, g));
			static const char *const names[] = {
#define X(name, word) word,
				TR_ATTR_LIST(X)
#undef X
			};
			for (int k = 0; k < (int)(sizeof names / sizeof *names); k++)
				if (st.attr & (1u << k))
					tr_buf_addf(&b, "+%s", names[k]);
			x = end;
		}
		tr_buf_addc(&b, '\n');
	}
	return tr_buf_detach(&b);
}

/* A command line (":dump FILE").  Returns 1 when it produced an event. */
static int command(script_backend *s, char *cmd, ui_input *ev)
{
	char *arg = cmd;
	while (*arg && *arg != ' ')
		arg++;
	if (*arg)
		*arg++ = '\0';
	tr_trim(arg);
	if (strcmp(cmd, "dump") == 0 || strcmp(cmd, "dump-styles") == 0) {
		if (!*arg) {
			tr_error_set(&s->err, TR_USAGE, "%s:%u: :%s needs a file name", s->path, s->line, cmd);
			ev->type = UI_EV_ERROR;
			return 1;
		}
		char *text = !s->screen                ? tr_strdup("")
		             : strcmp(cmd, "dump") == 0 ? tr_canvas_dump(s->screen)
		                                        : dump_styles(s);
		int rc = write_file(s, arg, text);
		free(text);
		if (rc < 0) {
			ev->type = UI_EV_ERROR;
			return 1;
		}
		return 0;
	}
	if (strcmp(cmd, "resize") == 0) {
		if (tr_parse_size(arg, &s->w, &s->h) < 0) {
			tr_error_set(&s->err, TR_USAGE, "%s:%u: :resize wants WIDTHxHEIGHT (such as 80x24), not '%s'",
			             s->path, s->line, arg);
			ev->type = UI_EV_ERROR;
			return 1;
		}
		ev->type = UI_EV_RESIZE;
		ev->w = s->w;
		ev->h = s->h;
		return 1;
	}
	if (strcmp(cmd, "click") == 0 || strcmp(cmd, "wheel") == 0) {
		int x, y;
		char dir[8] = "";
		bool okay = strcmp(cmd, "click") == 0 ? sscanf(arg, "%d %d", &x, &y) == 2
		                                      : sscanf(arg, "%7s %d %d", dir, &x, &y) == 3 &&
		                                                (!strcmp(dir, "up") || !strcmp(dir, "down"));
		if (!okay) {
			tr_error_set(&s->err, TR_USAGE, "%s:%u: write ':click X Y' or ':wheel up|down X Y'",
			             s->path, s->line);
			ev->type = UI_EV_ERROR;
			return 1;
		}
		ev->type = UI_EV_MOUSE;
		ev->x = x;
		ev->y = y;
		ev->button = strcmp(cmd, "click") == 0 ? UI_BUTTON_PRESS
		             : strcmp(dir, "up") == 0  ? UI_WHEEL_UP
		                                       : UI_WHEEL_DOWN;
		return 1;
	}
	if (strcmp(cmd, "colors") == 0) {
		int n = atoi(arg);
		if (n != 0 && n != 8 && n != 16 && n != 256) {
			tr_error_set(&s->err, TR_USAGE, "%s:%u: :colors is 0, 8, 16 or 256", s->path, s->line);
			ev->type = UI_EV_ERROR;
			return 1;
		}
		s->colors = n;
		return 0;
	}
	if (strcmp(cmd, "tick") == 0) {
		ev->type = UI_EV_TIMEOUT;
		return 1;
	}
	if (strcmp(cmd, "paste") == 0) {
		/* What a terminal's bracketed paste delivers; \n a line break,
		 * \e an escape, \\ a backslash. */
		tr_buf_reset(&s->paste);
		for (const char *p = arg; *p; p++) {
			if (*p == '\\' && p[1]) {
				p++;
				tr_buf_addc(&s->paste, *p == 'n' ? '\n' : *p == 'e' ? '\033' : *p);
			} else {
				tr_buf_addc(&s->paste, *p);
			}
		}
		ev->type = UI_EV_PASTE;
		ev->text = tr_buf_str(&s->paste);
		ev->len = s->paste.len;
		return 1;
	}
	if (strcmp(cmd, "shell") == 0) {
		/* Another session at work between two keys (tests of races): the
		 * command runs to its end before the next line is read. */
		fflush(NULL);
		int rc = system(arg);
		if (rc != 0) {
			tr_error_set(&s->err, TR_USAGE, "%s:%u: ':shell %s' failed (status %d)", s->path,
			             s->line, arg, rc);
			ev->type = UI_EV_ERROR;
			return 1;
		}
		return 0;
	}
	if (strcmp(cmd, "mark") == 0) {
		double t = now_ms();
		if (s->mark > 0) {
			double per = s->keys_since_mark ? (t - s->mark) / (double)s->keys_since_mark : 0;
			fprintf(stderr, "%s: %.3f ms, %lu keys, %.4f ms per key\n", *arg ? arg : "mark",
			        t - s->mark, s->keys_since_mark, per);
		}
		s->mark = t;
		s->keys_since_mark = 0;
		return 0;
	}
	tr_error_set(&s->err, TR_USAGE,
	             "%s:%u: unknown command ':%s' (the commands are :resize, :dump, :dump-styles, "
	             ":click, :wheel, :tick, :paste, :shell and :mark)",
	             s->path, s->line, cmd);
	ev->type = UI_EV_ERROR;
	return 1;
}

static void script_next(ui_backend *be, ui_input *ev, int timeout_ms)
{
	script_backend *s = (script_backend *)be;
	(void)timeout_ms;
	memset(ev, 0, sizeof *ev);
	for (;;) {
		if (s->line_end) {
			if (s->pos < s->line_end) {
				/* The next key of a key line, which ends in a NUL. */
				const char *p = s->pos;
				tr_error kerr = TR_ERROR_INIT;
				int key = tr_key_parse(&p, &kerr);
				s->pos = p;
				if (key < 0) {
					tr_error_set(&s->err, TR_USAGE, "%s:%u: %s", s->path, s->line,
					             kerr.message ? kerr.message : "bad key");
					tr_error_clear(&kerr);
					ev->type = UI_EV_ERROR;
					return;
				}
				ev->type = UI_EV_KEY;
				ev->key = key;
				s->keys_since_mark++;
				return;
			}
			s->pos = s->line_next;
			s->line_end = NULL;
		}
		if (!*s->pos) {
			ev->type = UI_EV_END;
			return;
		}
		s->line++;
		const char *nl = strchr(s->pos, '\n');
		const char *end = nl ? nl : s->pos + strlen(s->pos);
		const char *stop = end;
		if (stop > s->pos && stop[-1] == '\r')
			stop--;
		if (stop == s->pos || *s->pos == '#') {
			s->pos = nl ? nl + 1 : end;
			continue;
		}
		if (*s->pos == ':') {
			char *cmd = tr_strndup(s->pos + 1, (size_t)(stop - s->pos - 1));
			s->pos = nl ? nl + 1 : end;
			int produced = command(s, cmd, ev);
			free(cmd);
			if (produced)
				return;
			continue;
		}
		/* The key line is cut off where it ends, in place, so that each
		 * key is read without copying what is left of the line. */
		s->line_end = stop;
		s->line_next = nl ? nl + 1 : end;
		s->text[stop - s->text] = '\0';
	}
}

static void script_invalidate(ui_backend *be)
{
	(void)be;
}

/* A script draws after every key: its screens and its timings are per key. */
static bool script_pending(ui_backend *be)
{
	(void)be;
	return false;
}

static void script_suspend(ui_backend *be)
{
	(void)be;
}

/* No terminal: what would be copied goes to the file named by
 * TRIAGE_CLIPBOARD, if any (for tests), else nowhere. */
static void script_clipboard(ui_backend *be, const char *text)
{
	script_backend *s = (script_backend *)be;
	const char *file = getenv("TRIAGE_CLIPBOARD");
	if (file && *file)
		write_file(s, file, text);
}

/* The program runs with no terminal to draw on: its input is empty. */
static int script_run(ui_backend *be, char *const argv[])
{
	(void)be;
	fflush(NULL);
	pid_t pid = fork();
	if (pid == 0) {
		int fd = open("/dev/null", O_RDONLY);
		if (fd >= 0)
			dup2(fd, 0);
		execvp(argv[0], argv);
		_exit(127);
	}
	if (pid < 0)
		return -1;
	int st;
	while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
	int status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
	return status == 127 ? -1 : status;
}

static const ui_backend_ops script_ops = {
	.size = script_size,
	.colors = script_colors,
	.present = script_present,
	.next = script_next,
	.pending = script_pending,
	.suspend = script_suspend,
	.invalidate = script_invalidate,
	.clipboard = script_clipboard,
	.run = script_run,
	.error = script_error,
	.free = script_free,
};

ui_backend *ui_script_backend_new(const char *path, int w, int h, int colors, tr_error *err)
{
	FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
	if (!f) {
		tr_error_set(err, TR_IO, "%s: cannot open the script: %s", path, strerror(errno));
		return NULL;
	}
	tr_buf b = TR_BUF_INIT;
	char chunk[4096];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		tr_buf_add(&b, chunk, n);
	if (f != stdin)
		fclose(f);
	if (memchr(tr_buf_str(&b), '\0', b.len)) {
		tr_buf_free(&b);
		tr_error_set(err, TR_FORMAT, "%s: a script is text, and this one holds NUL bytes", path);
		return NULL;
	}
	script_backend *s = tr_calloc(1, sizeof *s);
	s->base.ops = &script_ops;
	s->path = tr_strdup(path);
	s->text = tr_buf_detach(&b);
	if (!s->text)
		s->text = tr_strdup("");
	s->pos = s->text;
	s->w = w > 0 ? w : 80;
	s->h = h > 0 ? h : 24;
	s->colors = colors;
	return &s->base;
}
