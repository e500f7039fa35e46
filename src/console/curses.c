/* The terminal backend through ncursesw: setting the terminal up and
 * giving it back (to the shell on exit and suspend, to a program the console
 * runs), and the clipboard.  Drawing, input and the rescue on a signal are
 * in curses_draw.c, curses_input.c and curses_rescue.c. */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "console/curses_internal.h"

#include "triage/text.h"

static void bracketed_paste(bool on)
{
	putp(curses_cap_or(on ? "BE" : "BD", on ? "\033[?2004h" : "\033[?2004l"));
	fflush(stdout);
}


static void curses_size(ui_backend *be, int *w, int *h)
{
	(void)be;
	getmaxyx(stdscr, *h, *w);
}

static int curses_colors(ui_backend *be)
{
	return ((curses_backend *)be)->colors;
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
		curses_rescue_uninstall();
		bracketed_paste(false);
		curs_set(1);
		endwin();
		delscreen(cb->scr);
		curses_rescue_die();
	}
	free(cb->prev);
	tr_buf_free(&cb->paste);
	tr_error_clear(&cb->err);
	free(cb);
}

static void curses_suspend(ui_backend *be)
{
	curses_backend *cb = (curses_backend *)be;
	curses_rescue_hold(); /* the shell has the terminal while we are stopped */
	bracketed_paste(false);
	endwin();
	/* The whole process group, as the shell's job control expects. */
	kill(0, SIGTSTP);
	/* Resumed: the screen holds whatever the shell left. */
	free(cb->prev);
	cb->prev = NULL;
	refresh();
	bracketed_paste(true);
	curses_rescue_resume();
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
	curses_rescue_hold();
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
	curses_rescue_resume();
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
	curses_rescue_save_shell();
	/* Asked of terminfo first: newterm() on a terminal it does not know
	 * fails leaving its half-made screen allocated, which setupterm()
	 * does not. */
	SCREEN *scr = curses_term_known() ? newterm(NULL, stdout, stdin) : NULL;
	if (!scr) {
		const char *term = getenv("TERM");
		/* The environment, not the command line, is wrong: status 1. */
		tr_error_set(err, TR_IO,
		             "cannot open the terminal '%s': set TERM to one terminfo knows "
		             "(such as xterm-256color), or use 'triage summary'",
		             term ? term : "(TERM not set)");
		return NULL;
	}
	set_term(scr);
	curses_lighten_attributes();
	/* A terminal that cannot move the cursor (TERM=dumb, an emacs shell
	 * buffer) would show only the last line drawn: refuse it as plainly
	 * as an unknown one, before anything is drawn. */
	const char *cup = tigetstr("cup");
	if (!cup || cup == (const char *)-1) {
		const char *term = getenv("TERM");
		endwin();
		delscreen(scr);
		tr_error_set(err, TR_IO,
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
	define_key(curses_cap_or("PS", "\033[200~"), KEY_PASTE_BEGIN);
	define_key(curses_cap_or("PE", "\033[201~"), KEY_PASTE_END);
	bracketed_paste(true);
	curses_rescue_install(mouse);
	return &cb->base;
}
