/* Attribute changes without the character-set switch: what is left of
 * sgr0 and sgr on terminals that put one at either end, and what is left
 * alone.  Read from the terminfo entries every system has. */
#include "config.h"

#include <curses.h>
#include <term.h>

#include "tap.h"

void curses_lighten_attributes(void);

/* The capability as text, control characters as ^X. */
static const char *shown(const char *name)
{
	static char out[512];
	const char *s = tigetstr(name);
	size_t n = 0;
	for (; s && s != (const char *)-1 && *s && n + 3 < sizeof out; s++) {
		if ((unsigned char)*s < 32) {
			out[n++] = '^';
			out[n++] = (char)(*s + 64);
		} else {
			out[n++] = *s;
		}
	}
	out[n] = '\0';
	return out;
}

/* Loads a terminal's description, lightens it, checks sgr0 and whether
 * sgr still chooses a character set. */
static void check(const char *term, const char *want_sgr0, bool sgr_chooses)
{
	int err;
	if (setupterm(term, 1, &err) != OK) {
		ok(false, "%s: terminfo has it", term);
		return;
	}
	curses_lighten_attributes();
	is_str(shown("sgr0"), want_sgr0, "%s: sgr0 is %s", term, want_sgr0);
	ok((strstr(shown("sgr"), "%p9") != NULL) == sgr_chooses, "%s: sgr %s a character set", term,
	   sgr_chooses ? "still chooses" : "no longer chooses");
	del_curterm(cur_term);
}

int main(void)
{
	/* xterm starts them with ESC ( B. */
	check("xterm-256color", "^[[m", false);
	/* tmux, screen and the Linux console end them with ^O. */
	check("tmux-256color", "^[[m", false);
	check("screen-256color", "^[[m", false);
	check("linux", "^[[m", false);
	/* A delay after the switch: the text is not the shape looked for. */
	check("vt100", "^[[m^O$<2>", true);
	return done_testing();
}
