/* Leaner attribute changes.  xterm's terminfo (and its many copies) starts
 * sgr0 and sgr with ESC ( B, a switch back to the ASCII character set, so
 * every change of colour or attribute costs three bytes more than it needs.
 * The console never draws with the alternate character set (its lines are
 * Unicode, or ASCII on an ASCII canvas), so the switch can be left out. */
#include "config.h"

#include <string.h>

#include "console/curses_internal.h"

static char *cap(const char *name)
{
	char *s = tigetstr(name);
	return s && s != (char *)-1 ? s : NULL;
}

/* Drops n bytes at the start of s.  curses keeps its own copies of the
 * strings it reads (the pointers term.h shows are not the ones it uses), so
 * the text itself is changed where tigetstr finds it. */
static void drop_front(char *s, size_t n)
{
	memmove(s, s + n, strlen(s + n) + 1);
}

void curses_lighten_attributes(void)
{
	static const char ascii_set[] = "\033(B";
	/* sgr's ninth parameter is the alternate character set: this is how
	 * xterm's chooses it or the ASCII set, at the start. */
	static const char choose[] = "%?%p9%t\033(0%e\033(B%;";
	char *acs_off = cap("rmacs"), *sgr0 = cap("sgr0"), *sgr = cap("sgr");
	if (!acs_off || strcmp(acs_off, ascii_set) != 0)
		return;
	size_t n = sizeof ascii_set - 1;
	if (sgr0 && strncmp(sgr0, ascii_set, n) == 0 && sgr0[n])
		drop_front(sgr0, n);
	if (sgr && strncmp(sgr, choose, sizeof choose - 1) == 0)
		drop_front(sgr, sizeof choose - 1);
}
