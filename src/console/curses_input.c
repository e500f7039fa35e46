/* Decoding the terminal's input into events: keys, the mouse, resizes and
 * pastes, which arrive as text, never as keys. */
#include "config.h"

#include <poll.h>
#include <string.h>
#include <unistd.h>

#include "console/curses_internal.h"
#include "triage/text.h"

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

static void read_event(curses_backend *cb, ui_input *ev, int timeout_ms)
{
	memset(ev, 0, sizeof *ev);
	wtimeout(stdscr, timeout_ms);
	for (;;) {
		wint_t ch;
		if (curses_rescue_pending()) {
			ev->type = UI_EV_END;
			return;
		}
		int r = wget_wch(stdscr, &ch);
		if (r == ERR && curses_rescue_pending()) {
			ev->type = UI_EV_END;
			return;
		}
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

void curses_next(ui_backend *be, ui_input *ev, int timeout_ms)
{
	curses_backend *cb = (curses_backend *)be;
	if (cb->has_ahead) {
		*ev = cb->ahead;
		cb->has_ahead = false;
		return;
	}
	read_event(cb, ev, timeout_ms);
}

/* Keys already typed (a paste, a held key, keys typed faster than the
 * screen goes over the link) are handled before drawing: one screen, of the
 * last state, for the lot instead of one per key.  curses may already hold
 * them in its own buffer, out of poll's sight, so the next event is read
 * without waiting and kept for curses_next. */
bool curses_pending(ui_backend *be)
{
	curses_backend *cb = (curses_backend *)be;
	if (cb->has_ahead)
		return true;
	struct pollfd p = { STDIN_FILENO, POLLIN, 0 };
	if (poll(&p, 1, 0) > 0 && (p.revents & POLLIN))
		return true;
	/* Reading would first send stdscr as a resize left it, just before
	 * the console draws the whole screen for the new size anyway. */
	untouchwin(stdscr);
	read_event(cb, &cb->ahead, 0);
	cb->has_ahead = cb->ahead.type != UI_EV_TIMEOUT;
	return cb->has_ahead;
}
