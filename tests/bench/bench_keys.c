/* Bytes per key: the console in a pseudo-terminal, keys typed one at a
 * time, and every byte it sends back counted until it falls quiet.  What a
 * user over a slow link waits for is these bytes, not CPU time.
 *
 * For each size it prints, measured in the same run:
 *   - the reference: a whole screen drawn again (Ctrl-L) at that size;
 *   - j (the mean of moves down the list), Tab (the mean of pane switches),
 *     help opened and closed, a resize to that size from one cell smaller,
 *     and five j sent at once (drawn once when they arrive together);
 * each beside what it cost before the screen was sent with fewer bytes.
 * Goals: one j at most 600 bytes at 80x24 and 1,200 at 160x48; Tab, help
 * and resize no more than before.  Each goal's line ends with PASS or MISS;
 * the exit status is 1 on a MISS.
 *
 *   bench_keys TRIAGE DIR REPORT      (run in DIR, TERM=xterm-256color) */

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

/* Output is over when nothing more has come for this long. */
#define QUIET_MS 300
/* A key whose screen has not ended by then is a failure of the run. */
#define LIMIT_MS 10000

typedef struct term {
	int fd;
	pid_t pid;
} term;

static long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

static void die(const char *what)
{
	fprintf(stderr, "bench_keys: %s: %s\n", what, strerror(errno));
	exit(1);
}

static void set_size(int fd, int w, int h)
{
	struct winsize ws = { .ws_row = (unsigned short)h, .ws_col = (unsigned short)w };
	if (ioctl(fd, TIOCSWINSZ, &ws) < 0)
		die("TIOCSWINSZ");
}

/* Reads until the console has said nothing for QUIET_MS; returns the
 * bytes read (-1 when the console ended or never fell quiet). */
static long drain(term *t)
{
	long n = 0, start = now_ms(), last = start;
	char buf[65536];
	for (;;) {
		long left = last + QUIET_MS - now_ms();
		if (left <= 0)
			return n;
		if (now_ms() - start > LIMIT_MS)
			return -1;
		struct pollfd p = { t->fd, POLLIN, 0 };
		int r = poll(&p, 1, (int)left);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			die("poll");
		if (r == 0)
			continue;
		ssize_t k = read(t->fd, buf, sizeof buf);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			return -1; /* EIO: the console has gone */
		n += k;
		last = now_ms();
	}
}

static long send_keys(term *t, const char *keys)
{
	size_t len = strlen(keys);
	if (write(t->fd, keys, len) != (ssize_t)len)
		die("write");
	return drain(t);
}

static void start(term *t, const char *triage, const char *report, int w, int h)
{
	int fd = posix_openpt(O_RDWR | O_NOCTTY);
	if (fd < 0 || grantpt(fd) < 0 || unlockpt(fd) < 0)
		die("posix_openpt");
	const char *name = ptsname(fd);
	if (!name)
		die("ptsname");
	set_size(fd, w, h);
	pid_t pid = fork();
	if (pid < 0)
		die("fork");
	if (pid == 0) {
		setsid();
		int s = open(name, O_RDWR);
		if (s < 0)
			_exit(127);
		ioctl(s, TIOCSCTTY, 0);
		dup2(s, 0);
		dup2(s, 1);
		dup2(s, 2);
		if (s > 2)
			close(s);
		close(fd);
		setenv("TERM", "xterm-256color", 1);
		execl(triage, triage, "console", report, (char *)NULL);
		_exit(127);
	}
	t->fd = fd;
	t->pid = pid;
	if (drain(t) <= 0) {
		fprintf(stderr, "bench_keys: the console did not draw its first screen\n");
		exit(1);
	}
}

static void stop(term *t)
{
	if (write(t->fd, "q", 1) == 1)
		drain(t);
	kill(t->pid, SIGTERM);
	waitpid(t->pid, NULL, 0);
	close(t->fd);
}

static long mean_of(term *t, const char *key, int times, long *max)
{
	long sum = 0;
	*max = 0;
	for (int i = 0; i < times; i++) {
		long n = send_keys(t, key);
		if (n < 0) {
			fprintf(stderr, "bench_keys: no screen after '%s'\n", key);
			exit(1);
		}
		sum += n;
		if (n > *max)
			*max = n;
	}
	return sum / times;
}

/* What each key cost before the screen was sent with fewer bytes: the same
 * screens (the layout of main at 5cc6f4a, xterm-256color) through the
 * terminal backend as it was, measured with this program.  j starts from
 * there; Tab, help and resize must not cost more.  A change of what the
 * screens hold (a taller pane, another column) changes these figures: measure
 * them again, the backend's changes reverted, before comparing. */
typedef struct figures {
	long j, tab, help, unhelp, resize;
} figures;

static const figures before_80x24 = { 830, 1237, 1775, 2250, 2269 };
static const figures before_160x48 = { 2364, 563, 4602, 8193, 8046 };

/* One line of the table: the figure, the one before, the goal, PASS or
 * MISS.  Returns whether the goal is met. */
static bool row(int w, int h, const char *what, long n, long most, long before, long goal)
{
	char size[16], most_s[32] = "";
	snprintf(size, sizeof size, "%dx%d", w, h);
	if (most >= 0)
		snprintf(most_s, sizeof most_s, "(most %ld)", most);
	printf("   %-8s%-28s%6ld %-12s%6ld     at most %-6ld%s\n", size, what, n, most_s, before, goal,
	       n <= goal ? "PASS" : "MISS");
	return n <= goal;
}

/* Whether every goal was met. */
static bool measure(const char *triage, const char *report, int w, int h, long goal,
                    const figures *before)
{
	term t;
	start(&t, triage, report, w, h);
	long full = send_keys(&t, "\f"); /* Ctrl-L: everything again */
	long jmax, tabmax, dummy;
	long j = mean_of(&t, "j", 5, &jmax);
	send_keys(&t, "g"); /* back to the top */
	long j5 = send_keys(&t, "jjjjj");
	send_keys(&t, "g");
	long tab = mean_of(&t, "\t", 4, &tabmax);
	send_keys(&t, "1");
	long help = mean_of(&t, "?", 1, &dummy);
	long unhelp = mean_of(&t, "\033", 1, &dummy);
	set_size(t.fd, w - 1, h - 1);
	drain(&t);
	set_size(t.fd, w, h);
	long resize = drain(&t);
	stop(&t);

	char size[16];
	snprintf(size, sizeof size, "%dx%d", w, h);
	printf("   %-8s%-28s%6ld   (the reference of this run)\n", size, "whole screen again, Ctrl-L", full);
	bool met = row(w, h, "j, one move down the list", j, jmax, before->j, goal);
	met &= row(w, h, "Tab, to the next pane", tab, tabmax, before->tab, before->tab);
	met &= row(w, h, "? opens help", help, -1, before->help, before->help);
	met &= row(w, h, "Esc closes help", unhelp, -1, before->unhelp, before->unhelp);
	met &= row(w, h, "resize, from one cell less", resize, -1, before->resize, before->resize);
	/* Typed together, the five moves are drawn once. */
	printf("   %-8s%-28s%6ld   (drawn once: about one j, not five)\n", size, "five j at once", j5);
	return met;
}

int main(int argc, char **argv)
{
	if (argc != 4) {
		fprintf(stderr, "usage: bench_keys TRIAGE DIR REPORT\n");
		return 2;
	}
	if (chdir(argv[2]) < 0)
		die(argv[2]);
	signal(SIGPIPE, SIG_IGN);
	printf("   %-8s%-28s%6s %-12s%6s     %s\n", "size", "key", "bytes", "", "before", "goal");
	bool met = measure(argv[1], argv[3], 80, 24, 600, &before_80x24);
	met &= measure(argv[1], argv[3], 160, 48, 1200, &before_160x48);
	return met ? 0 : 1;
}
