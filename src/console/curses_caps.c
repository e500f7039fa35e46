/* Leaner attribute changes.  Many terminal descriptions make every
 * attribute change also choose the character set: xterm's sgr0 and sgr
 * start with ESC ( B, tmux's and screen's end with ^O.  The console never
 * draws with the alternate character set (its lines are Unicode, or ASCII
 * on an ASCII canvas), so each colour or attribute change can leave that
 * out: three bytes less on xterm, one on tmux and screen.  The switch is
 * sent once with each whole screen instead (curses_reset_charset), for a
 * terminal something else left in the other set (a pager, the shell while
 * the console was suspended). */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "console/curses_internal.h"

#include <term.h>

static char *cap(const char *name)
{
	char *s = tigetstr(name);
	return s && s != (char *)-1 ? s : NULL;
}

/* Removes `part` from the start or the end of s, where it stands there and
 * is not all of s.  curses keeps its own copies of the strings it reads
 * (the pointers term.h shows are not the ones it uses), so the text itself
 * is changed where tigetstr finds it. */
static void drop_part(char *s, const char *part)
{
	size_t n = strlen(part), len = strlen(s);
	if (!n || len <= n)
		return;
	if (strncmp(s, part, n) == 0)
		memmove(s, s + n, len - n + 1);
	else if (strcmp(s + len - n, part) == 0)
		s[len - n] = '\0';
}

void curses_lighten_attributes(void)
{
	const char *on = cap("smacs"), *off = cap("rmacs");
	if (!on || !off || !*off)
		return;
	char *sgr0 = cap("sgr0"), *sgr = cap("sgr");
	if (sgr0)
		drop_part(sgr0, off);
	/* sgr's ninth parameter is the alternate character set. */
	char choose[64];
	int n = snprintf(choose, sizeof choose, "%%?%%p9%%t%s%%e%s%%;", on, off);
	if (sgr && n > 0 && (size_t)n < sizeof choose)
		drop_part(sgr, choose);
}

void curses_reset_charset(void)
{
	const char *off = cap("rmacs");
	if (!off)
		return;
	/* putp goes through stdio, curses writes its own buffer: out first,
	 * before the screen it is for. */
	putp(off);
	fflush(stdout);
}

bool curses_term_known(void)
{
	int found = 0;
	if (setupterm(NULL, fileno(stdout), &found) != OK)
		return false;
	del_curterm(cur_term);
	return true;
}
