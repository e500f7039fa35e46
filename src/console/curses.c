/* The terminal backend: copies the canvas to the screen through ncursesw
 * and turns its input into events.  Only cells that changed since the last
 * frame are handed to curses, which in turn sends only what differs. */
#include "config.h"

#include <curses.h>
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include "console/state.h"
#include "triage/text.h"

typedef struct curses_backend {
	ui_backend base;
	SCREEN *scr;
	tr_canvas_cell *prev;   /* what is on the screen, w * h */
	int w, h;
	int colors;
	bool styles_ready;
	attr_t attr[TR_SLOT_COUNT];
	short pair[TR_SLOT_COUNT];
	const tr_theme *theme;
	tr_error err;
	tr_buf paste;           /* the text of the last paste */
} curses_backend;

/* Bracketed paste: the terminal marks pasted text, which then arrives as
 * text, never as keys.  Codes beyond ncurses' own for the two marks. */
#define KEY_PASTE_BEGIN (KEY_MAX + 1)
#define KEY_PASTE_END (KEY_MAX + 2)
/* A paste larger than this is cut (the editor holds far less). */
#define PASTE_MAX (1 << 20)

static const char *cap_or(const char *name, const char *fallback)
{
	char *s = tigetstr(name);
	return s && s != (char *)-1 ? s : fallback;
}

static void bracketed_paste(bool on)
{
	putp(cap_or(on ? "BE" : "BD", on ? "\033[?2004h" : "\033[?2004l"));
	fflush(stdout);
}


static void curses_size(ui_backend *be, int *w, int *h)
{
	(void)be;
	getmaxyx(stdscr, *h, *w);
}

/* ---- giving the terminal back when a signal ends the process -----------
 *
 * A console that dies of a signal (a hangup, kill, an abort on a failed
 * allocation) must not leave the terminal without echo, on the alternate
 * screen, with the cursor hidden and mouse reports arriving as text.  A
 * handler may only call async-signal-safe functions and reach statics, so
 * what it sends is put together while the console starts and the handler
 * only writes it, puts back the terminal modes the shell had and dies of the
 * same signal.  This is the one piece of process-wide state the console
 * keeps: there is one terminal. */

/* Signals whose default action ends the process.  Faults keep their own
 * handlers' work (a sanitizer's report) by being passed on to them. */
static const int rescued_signals[] = {
	SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGUSR1, SIGUSR2, SIGALRM, SIGPIPE, SIGABRT,
	SIGXCPU, SIGVTALRM, SIGSEGV, SIGBUS, SIGFPE, SIGILL,
};
#define N_RESCUED (sizeof rescued_signals / sizeof *rescued_signals)

static struct {
	char seq[512];           /* what undoes the console's terminal modes */
	size_t len;
	int fd;
	struct termios shell;    /* the modes before the console */
	bool have_shell;
	bool installed[N_RESCUED];
	struct sigaction old[N_RESCUED];
	volatile sig_atomic_t active;   /* the console owns the terminal now */
} rescue;

static bool is_fault(int sig)
{
	return sig == SIGSEGV || sig == SIGBUS || sig == SIGFPE || sig == SIGILL;
}

static void rescue_terminal(int sig)
{
	int saved_errno = errno;
	if (rescue.active) {
		rescue.active = 0;
		size_t off = 0;
		while (off < rescue.len) {
			ssize_t w = write(rescue.fd, rescue.seq + off, rescue.len - off);
			if (w <= 0 && errno != EINTR)
				break;
			if (w > 0)
				off += (size_t)w;
		}
		if (rescue.have_shell)
			tcsetattr(rescue.fd, TCSANOW, &rescue.shell);
	}
	/* Die of the signal as if it had not been caught: the shell reports
	 * it, a core is dumped where one would be.  Curses' own handlers (for
	 * SIGINT and SIGTERM they exit with status 1) are not wanted now. */
	for (size_t i = 0; i < N_RESCUED; i++) {
		if (rescued_signals[i] != sig)
			continue;
		if (is_fault(sig)) {
			sigaction(sig, &rescue.old[i], NULL);
		} else {
			struct sigaction dfl;
			memset(&dfl, 0, sizeof dfl);
			dfl.sa_handler = SIG_DFL;
			sigemptyset(&dfl.sa_mask);
			sigaction(sig, &dfl, NULL);
		}
	}
	raise(sig);
	errno = saved_errno;
}

static void rescue_add(const char *cap)
{
	if (!cap || cap == (const char *)-1)
		return;
	size_t n = strlen(cap);
	if (rescue.len + n < sizeof rescue.seq) {
		memcpy(rescue.seq + rescue.len, cap, n);
		rescue.len += n;
	}
}

/* Called once the console has set the terminal up: the sequences undo what
 * was turned on, in this terminal's terms (terminfo). */
static void rescue_install(bool mouse_on)
{
	rescue.len = 0;
	/* CAN first: a sequence of ours the signal cut in half is cancelled
	 * instead of swallowing what follows. */
	rescue_add("\030");
	if (mouse_on) {
		char *xm = tigetstr("XM");
		if (xm && xm != (char *)-1)
			rescue_add(tiparm(xm, 0));
		else
			rescue_add("\033[?1000l\033[?1002l\033[?1003l\033[?1006l");
	}
	rescue_add(cap_or("BD", "\033[?2004l"));     /* bracketed paste off */
	rescue_add(tigetstr("sgr0"));
	rescue_add(tigetstr("rmkx"));
	rescue_add(tigetstr("cnorm"));
	rescue_add(tigetstr("rmcup"));
	for (size_t i = 0; i < N_RESCUED; i++) {
		struct sigaction sa;
		memset(&sa, 0, sizeof sa);
		sa.sa_handler = rescue_terminal;
		sigfillset(&sa.sa_mask);
		rescue.installed[i] = false;
		if (sigaction(rescued_signals[i], NULL, &rescue.old[i]) < 0)
			continue;
		/* Ignored by whoever started us (nohup): stays ignored. */
		if (!(rescue.old[i].sa_flags & SA_SIGINFO) && rescue.old[i].sa_handler == SIG_IGN)
			continue;
		if (sigaction(rescued_signals[i], &sa, NULL) == 0)
			rescue.installed[i] = true;
	}
	rescue.active = 1;
}

static void rescue_uninstall(void)
{
	rescue.active = 0;
	for (size_t i = 0; i < N_RESCUED; i++)
		if (rescue.installed[i]) {
			sigaction(rescued_signals[i], &rescue.old[i], NULL);
			rescue.installed[i] = false;
		}
}

static int curses_colors(ui_backend *be)
{
	return ((curses_backend *)be)->colors;
}

static attr_t to_curses_attr(uint8_t a)
{
	attr_t r = A_NORMAL;
	if (a & TR_ATTR_BOLD)
		r |= A_BOLD;
	if (a & TR_ATTR_DIM)
		r |= A_DIM;
	if (a & TR_ATTR_UNDERLINE)
		r |= A_UNDERLINE;
	if (a & TR_ATTR_REVERSE)
		r |= A_REVERSE;
	if (a & TR_ATTR_BLINK)
		r |= A_BLINK;
#ifdef A_ITALIC
	if (a & TR_ATTR_ITALIC)
		r |= A_ITALIC;
#endif
	return r;
}

/* One colour pair per slot, from the theme as this terminal can show it. */
static void setup_styles(curses_backend *cb, const tr_theme *theme)
{
	for (int s = 0; s < TR_SLOT_COUNT; s++) {
		tr_style st = tr_style_degrade(theme->slot[s], (tr_slot)s, cb->colors);
		cb->attr[s] = to_curses_attr(st.attr);
		cb->pair[s] = 0;
		if (cb->colors >= 8 && s + 1 < COLOR_PAIRS && (st.fg >= 0 || st.bg >= 0)) {
			init_pair((short)(s + 1), st.fg, st.bg);
			cb->pair[s] = (short)(s + 1);
		}
	}
	cb->theme = theme;
	cb->styles_ready = true;
}

static void curses_present(ui_backend *be, const tr_canvas *c, const tr_theme *theme)
{
	curses_backend *cb = (curses_backend *)be;
	if (!cb->styles_ready || cb->theme != theme)
		setup_styles(cb, theme);
	int sw, sh;
	getmaxyx(stdscr, sh, sw);
	bool full = false;
	if (cb->w != c->w || cb->h != c->h || !cb->prev) {
		free(cb->prev);
		cb->w = c->w;
		cb->h = c->h;
		cb->prev = tr_calloc((size_t)c->w * (size_t)c->h + 1, sizeof *cb->prev);
		full = true;
		clearok(stdscr, TRUE);
	}
	for (int y = 0; y < c->h && y < sh; y++) {
		for (int x = 0; x < c->w && x < sw; x++) {
			const tr_canvas_cell *p = tr_canvas_at(c, x, y);
			tr_canvas_cell *q = &cb->prev[(size_t)y * (size_t)c->w + (size_t)x];
			if (!full && memcmp(p, q, sizeof *p) == 0)
				continue;
			*q = *p;
			if (p->width == 0)
				continue; /* drawn with the wide character on its left */
			/* The bottom-right cell scrolls some terminals when written;
			 * curses handles it with insert tricks we need not know. */
			wchar_t wc[2] = { (wchar_t)p->cp, 0 };
			cchar_t cc;
			uint8_t slot = p->slot < TR_SLOT_COUNT ? p->slot : 0;
			attr_t a = cb->attr[slot] | to_curses_attr(p->attr);
			setcchar(&cc, wc, a, cb->pair[slot], NULL);
			mvwadd_wch(stdscr, y, x, &cc);
			if (p->width == 2 && x + 1 < c->w)
				cb->prev[(size_t)y * (size_t)c->w + (size_t)x + 1] = *tr_canvas_at(c, x + 1, y);
		}
	}
	if (c->cursor_x >= 0) {
		curs_set(1);
		wmove(stdscr, c->cursor_y, c->cursor_x);
	} else {
		curs_set(0);
	}
	wnoutrefresh(stdscr);
	doupdate();
}

static int map_key(int code)
{
	switch (code) {
	case KEY_UP: return TR_KEY_UP;
	case KEY_DOWN: return TR_KEY_DOWN;
	case KEY_LEFT: return TR_KEY_LEFT;
	case KEY_RIGHT: return TR_KEY_RIGHT;
	case KEY_PPAGE: return TR_KEY_PGUP;
	case KEY_NPAGE: return TR_KEY_PGDN;
	case KEY_HOME: return TR_KEY_HOME;
	case KEY_END: return TR_KEY_END;
	case KEY_ENTER: return TR_KEY_ENTER;
	case KEY_BTAB: return TR_KEY_BTAB;
	case KEY_BACKSPACE: return TR_KEY_BACKSPACE;
	case KEY_DC: return TR_KEY_DELETE;
	case KEY_IC: return TR_KEY_INSERT;
	case KEY_F(1): return TR_KEY_F1;
	case KEY_F(5): return TR_KEY_F5;
	case KEY_F(10): return TR_KEY_F10;
	default: return 0;
	}
}

/* Reads the rest of a paste, up to its end mark, as text: line breaks as
 * '\n', keys ncurses made of escape sequences inside it dropped. */
static void read_paste(curses_backend *cb, ui_input *ev)
{
	tr_buf_reset(&cb->paste);
	wtimeout(stdscr, 1000);  /* a paste whose end mark never comes ends */
	for (;;) {
		wint_t ch;
		int r = wget_wch(stdscr, &ch);
		if (r == ERR || (r == KEY_CODE_YES && ch == KEY_PASTE_END))
			break;
		if (r == KEY_CODE_YES) {
			if (ch == KEY_ENTER)
				tr_buf_addc(&cb->paste, '\n');
			continue;
		}
		if (cb->paste.len >= PASTE_MAX)
			continue;
		if (ch == '\r')
			ch = '\n';
		char enc[4];
		size_t n = tr_utf8_encode((uint32_t)ch, enc);
		tr_buf_add(&cb->paste, enc, n);
	}
	ev->type = UI_EV_PASTE;
	ev->text = tr_buf_str(&cb->paste);
	ev->len = cb->paste.len;
}

static void curses_next(ui_backend *be, ui_input *ev, int timeout_ms)
{
	curses_backend *cb = (curses_backend *)be;
	memset(ev, 0, sizeof *ev);
	wtimeout(stdscr, timeout_ms);
	for (;;) {
		wint_t ch;
		int r = wget_wch(stdscr, &ch);
		if (r == ERR) {
			/* A timeout, or the terminal is gone (an SSH connection
			 * dropped): then stop rather than spin on a dead input. */
			struct pollfd p = { STDIN_FILENO, POLLIN, 0 };
			bool gone = poll(&p, 1, 0) > 0 && (p.revents & (POLLHUP | POLLERR | POLLNVAL));
			ev->type = gone ? UI_EV_END : UI_EV_TIMEOUT;
			return;
		}
		if (r == KEY_CODE_YES) {
			if (ch == KEY_PASTE_BEGIN) {
				read_paste(cb, ev);
				return;
			}
			if (ch == KEY_PASTE_END)
				continue;
			if (ch == KEY_RESIZE) {
				ev->type = UI_EV_RESIZE;
				getmaxyx(stdscr, ev->h, ev->w);
				return;
			}
			if (ch == KEY_MOUSE) {
				MEVENT me;
				if (getmouse(&me) != OK)
					continue;
				ev->type = UI_EV_MOUSE;
				ev->x = me.x;
				ev->y = me.y;
				if (me.bstate & BUTTON4_PRESSED)
					ev->button = UI_WHEEL_UP;
#ifdef BUTTON5_PRESSED
				else if (me.bstate & BUTTON5_PRESSED)
					ev->button = UI_WHEEL_DOWN;
#endif
				else if (me.bstate & (BUTTON1_PRESSED | BUTTON1_CLICKED))
					ev->button = UI_BUTTON_PRESS;
				else
					continue;
				return;
			}
			int key = map_key((int)ch);
			if (!key)
				continue; /* a key we have no use for: ignore it safely */
			ev->type = UI_EV_KEY;
			ev->key = key;
			return;
		}
		ev->type = UI_EV_KEY;
		ev->key = (int)ch;
		return;
	}
}

static const tr_error *curses_error(ui_backend *be)
{
	return &((curses_backend *)be)->err;
}

static void curses_free(ui_backend *be)
{
	curses_backend *cb = (curses_backend *)be;
	if (!cb)
		return;
	if (cb->scr) {
		rescue_uninstall();
		bracketed_paste(false);
		curs_set(1);
		endwin();
		delscreen(cb->scr);
	}
	free(cb->prev);
	tr_buf_free(&cb->paste);
	tr_error_clear(&cb->err);
	free(cb);
}

static void curses_invalidate(ui_backend *be)
{
	curses_backend *cb = (curses_backend *)be;
	free(cb->prev);
	cb->prev = NULL; /* present() then draws every cell, after a clear */
}

/* Keys already typed (a paste, a held key) are handled before drawing: one
 * screen for the lot instead of one per key.  Input ncurses has buffered
 * itself is missed, which only costs a screen drawn early. */
static bool curses_pending(ui_backend *be)
{
	(void)be;
	struct pollfd p = { STDIN_FILENO, POLLIN, 0 };
	return poll(&p, 1, 0) > 0 && (p.revents & POLLIN);
}

static void curses_suspend(ui_backend *be)
{
	curses_backend *cb = (curses_backend *)be;
	rescue.active = 0; /* the shell has the terminal while we are stopped */
	bracketed_paste(false);
	endwin();
	/* The whole process group, as the shell's job control expects. */
	kill(0, SIGTSTP);
	/* Resumed: the screen holds whatever the shell left. */
	free(cb->prev);
	cb->prev = NULL;
	refresh();
	bracketed_paste(true);
	rescue.active = 1;
}

static void base64(tr_buf *out, const char *s, size_t n)
{
	static const char tab[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	for (size_t i = 0; i < n; i += 3) {
		unsigned v = (unsigned char)s[i] << 16;
		if (i + 1 < n)
			v |= (unsigned char)s[i + 1] << 8;
		if (i + 2 < n)
			v |= (unsigned char)s[i + 2];
		tr_buf_addc(out, tab[(v >> 18) & 63]);
		tr_buf_addc(out, tab[(v >> 12) & 63]);
		tr_buf_addc(out, i + 1 < n ? tab[(v >> 6) & 63] : '=');
		tr_buf_addc(out, i + 2 < n ? tab[v & 63] : '=');
	}
}

/* OSC 52 sets the terminal's clipboard.  Inside tmux it is sent twice: as
 * is (tmux keeps it when set-clipboard is on) and wrapped for tmux's
 * passthrough to the terminal outside (allow-passthrough), each escape
 * doubled there as tmux wants. */
static void curses_clipboard(ui_backend *be, const char *text)
{
	(void)be;
	tr_buf seq = TR_BUF_INIT;
	tr_buf_adds(&seq, "\033]52;c;");
	base64(&seq, text, strlen(text));
	tr_buf_adds(&seq, "\033\\");
	tr_buf out = TR_BUF_INIT;
	tr_buf_add(&out, seq.data, seq.len);
	if (getenv("TMUX")) {
		tr_buf_adds(&out, "\033Ptmux;");
		for (size_t i = 0; i < seq.len; i++) {
			if (seq.data[i] == '\033')
				tr_buf_addc(&out, '\033');
			tr_buf_addc(&out, seq.data[i]);
		}
		tr_buf_adds(&out, "\033\\");
	}
	fflush(stdout);
	if (fwrite(out.data, 1, out.len, stdout) != out.len) {
		/* the terminal is gone: nothing to copy to */
	}
	fflush(stdout);
	tr_buf_free(&seq);
	tr_buf_free(&out);
}

/* The program has the terminal as the shell would give it; the console
 * waits, ignoring the Ctrl-C and Ctrl-\ meant for the program. */
static int curses_run(ui_backend *be, char *const argv[])
{
	curses_backend *cb = (curses_backend *)be;
	rescue.active = 0;
	bracketed_paste(false);
	def_prog_mode();
	endwin();
	struct sigaction ign, old_int, old_quit;
	memset(&ign, 0, sizeof ign);
	ign.sa_handler = SIG_IGN;
	sigemptyset(&ign.sa_mask);
	sigaction(SIGINT, &ign, &old_int);
	sigaction(SIGQUIT, &ign, &old_quit);
	int status = -1;
	pid_t pid = fork();
	if (pid == 0) {
		signal(SIGINT, SIG_DFL);
		signal(SIGQUIT, SIG_DFL);
		execvp(argv[0], argv);
		_exit(127);
	}
	if (pid > 0) {
		int st;
		while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
			;
		status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
		if (status == 127)
			status = -1;
	}
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGQUIT, &old_quit, NULL);
	reset_prog_mode();
	free(cb->prev);
	cb->prev = NULL; /* the program left the screen as it liked */
	refresh();
	bracketed_paste(true);
	rescue.active = 1;
	return status;
}

static const ui_backend_ops curses_ops = {
	.size = curses_size,
	.colors = curses_colors,
	.present = curses_present,
	.next = curses_next,
	.pending = curses_pending,
	.suspend = curses_suspend,
	.invalidate = curses_invalidate,
	.clipboard = curses_clipboard,
	.run = curses_run,
	.error = curses_error,
	.free = curses_free,
};

ui_backend *ui_curses_backend_new(bool mouse, bool no_color, tr_error *err)
{
	/* Esc alone must not wait a second to be told from an escape sequence. */
	if (!getenv("ESCDELAY"))
		set_escdelay(25);
	rescue.fd = isatty(STDOUT_FILENO) ? STDOUT_FILENO : STDIN_FILENO;
	rescue.have_shell = tcgetattr(rescue.fd, &rescue.shell) == 0;
	SCREEN *scr = newterm(NULL, stdout, stdin);
	if (!scr) {
		const char *term = getenv("TERM");
		tr_error_set(err, TR_USAGE,
		             "cannot open the terminal '%s': set TERM to one terminfo knows "
		             "(such as xterm-256color), or use 'triage summary'",
		             term ? term : "(TERM not set)");
		return NULL;
	}
	set_term(scr);
	/* A terminal that cannot move the cursor (TERM=dumb, an emacs shell
	 * buffer) would show only the last line drawn: refuse it as plainly
	 * as an unknown one, before anything is drawn. */
	const char *cup = tigetstr("cup");
	if (!cup || cup == (const char *)-1) {
		const char *term = getenv("TERM");
		endwin();
		delscreen(scr);
		tr_error_set(err, TR_USAGE,
		             "the terminal '%s' cannot move the cursor, so the console cannot draw on "
		             "it: set TERM to one that can (such as xterm-256color), or use 'triage "
		             "summary'",
		             term ? term : "(TERM not set)");
		return NULL;
	}
	curses_backend *cb = tr_calloc(1, sizeof *cb);
	cb->base.ops = &curses_ops;
	cb->scr = scr;
	raw();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	curs_set(0);
	cb->colors = 0;
	if (!no_color && has_colors() && start_color() == OK) {
		use_default_colors();
		cb->colors = COLORS >= 256 ? 256 : COLORS >= 16 ? 16 : COLORS >= 8 ? 8 : 0;
	}
	if (mouse) {
		mouseinterval(0);
		mmask_t mask = BUTTON1_PRESSED | BUTTON4_PRESSED;
#ifdef BUTTON5_PRESSED
		mask |= BUTTON5_PRESSED;
#endif
		mouse = mousemask(mask, NULL) != 0;
	}
	define_key(cap_or("PS", "\033[200~"), KEY_PASTE_BEGIN);
	define_key(cap_or("PE", "\033[201~"), KEY_PASTE_END);
	bracketed_paste(true);
	rescue_install(mouse);
	return &cb->base;
}
