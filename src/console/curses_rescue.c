/* Giving the terminal back when a signal ends the process. */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "console/curses_internal.h"

const char *curses_cap_or(const char *name, const char *fallback)
{
	char *s = tigetstr(name);
	return s && s != (char *)-1 ? s : fallback;
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
	volatile sig_atomic_t pending;  /* a hangup or termination put off */
} rescue;

static bool is_fault(int sig)
{
	return sig == SIGSEGV || sig == SIGBUS || sig == SIGFPE || sig == SIGILL;
}

/* A hangup (an SSH connection dropped) or a termination is put off once
 * while the console owns the terminal: the loop then ends as if the input
 * had, which keeps the note being typed as a draft, and the console dies
 * of the signal after giving the terminal back (curses_rescue_pending).
 * A second signal is not put off. */
static bool put_off(int sig)
{
	return (sig == SIGHUP || sig == SIGTERM) && rescue.active && !rescue.pending;
}

/* The signal's default action back (async-signal-safe: the handler uses
 * it too). */
static void default_action(int sig)
{
	struct sigaction dfl;
	memset(&dfl, 0, sizeof dfl);
	dfl.sa_handler = SIG_DFL;
	sigemptyset(&dfl.sa_mask);
	sigaction(sig, &dfl, NULL);
}

static void rescue_terminal(int sig)
{
	int saved_errno = errno;
	if (put_off(sig)) {
		rescue.pending = sig;
		errno = saved_errno;
		return;
	}
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
		if (is_fault(sig))
			sigaction(sig, &rescue.old[i], NULL);
		else
			default_action(sig);
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
void curses_rescue_install(bool mouse_on)
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
	rescue_add(curses_cap_or("BD", "\033[?2004l"));     /* bracketed paste off */
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

int curses_rescue_pending(void)
{
	return rescue.pending;
}

void curses_rescue_die(void)
{
	int sig = rescue.pending;
	if (!sig)
		return;
	default_action(sig);
	raise(sig);
}

void curses_rescue_uninstall(void)
{
	rescue.active = 0;
	for (size_t i = 0; i < N_RESCUED; i++)
		if (rescue.installed[i]) {
			sigaction(rescued_signals[i], &rescue.old[i], NULL);
			rescue.installed[i] = false;
		}
}

void curses_rescue_save_shell(void)
{
	rescue.fd = isatty(STDOUT_FILENO) ? STDOUT_FILENO : STDIN_FILENO;
	rescue.have_shell = tcgetattr(rescue.fd, &rescue.shell) == 0;
}

/* The shell, or a program the console runs, has the terminal. */
void curses_rescue_hold(void)
{
	rescue.active = 0;
}

void curses_rescue_resume(void)
{
	rescue.active = 1;
}
