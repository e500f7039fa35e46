#!/bin/sh
# Something else may leave the terminal in the line-drawing character set
# (a background job's output, a program the console ran).  Colour changes
# no longer switch back to the ordinary set each time (it cost bytes on
# every key), so each whole screen the console draws does: Ctrl-L, like the
# return from the editor or a suspend, makes text read as text again.
# tmux shows cells drawn in line drawing with an SO before them in a
# capture with escapes (-e).
. "$top_srcdir/tests/e2e/lib.sh"

make_repo "$TMP/repo"
cd "$TMP/repo" || exit 1

so=$(printf '\016')
# plain: waits (up to 15 s, the screen being drawn) until no cell of the
# screen is in the line-drawing set.
plain() {
	i=0
	while [ $i -lt 150 ]; do
		tm capture-pane -e -p -t "$SESSION" >"$TMP/cells" 2>/dev/null
		grep -q "$so" "$TMP/cells" || return 0
		sleep 0.1
		i=$((i + 1))
	done
	return 1
}

# SO shifts to the second set (tmux and screen describe the switch back as
# SI); ESC ( 0 makes the first set line drawing (xterm's switch back is
# ESC ( B).
for case in "tmux-256color SO \\016" "xterm-256color ESC(0 \\033(0"; do
	set -- $case
	TERM_E2E=$1
	start 80 24 "$TRIAGE" seed.md
	ok_screen '^>#305 ' "$1: the console opens on #305"
	plain
	ok $? "$1: in the ordinary character set"
	printf "$3" >"$(pane '#{pane_tty}')"
	# A move after Ctrl-L: once it shows, both were drawn, and neither
	# the whole screen nor the move may be in the line-drawing set.
	keys C-l j
	ok_screen '^>#307 ' "$1: a move after Ctrl-L"
	ok_screen '^ 1 Issues 8/8 ' "$1: the list's title is there"
	plain
	ok $? "$1: after $2, Ctrl-L and the move draw in the ordinary character set"
	keys Q
	is "$(wait_exit)" 0 "$1: Q quits"
done

done_testing
