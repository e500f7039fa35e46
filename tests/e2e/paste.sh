#!/bin/sh
# Pasting in a real terminal (tmux, bracketed paste): text pasted into the
# note editor is the note, line breaks included, and none of it runs as a
# key; a paste with no editor open does nothing but say so; the terminal's
# paste mode is off again after quitting.
. "$top_srcdir/tests/e2e/lib.sh"

make_repo "$TMP/repo"
cd "$TMP/repo" || exit 1
state=.triage/progress.json

start 80 24 "$TRIAGE" seed.md
ok_screen '^>#305 ' "the console opens on #305"
# Keys that would undo, set a state, open a picker and quit, if typed.
tm set-buffer -b p "$(printf 'the fixture builds it twice\nuse s then j and q')"
tm paste-buffer -p -b p -t "$SESSION"
ok_screen 'a paste is text, not keys' "a paste with no editor open is refused, and said"
ok_screen '^>#305 ' "nothing in it moved, picked or quit"
keys a
ok_screen 'Note on #305:' "a opens the note editor"
tm paste-buffer -p -b p -t "$SESSION"
ok_screen 'Note on #305: the fixture builds it twice.use s then j and q' "the paste is in the editor, both lines"
keys Enter
ok_screen '#305 has a new note' "Enter saves it"
ok $(grep -q 'State of' "$TMP/screen"; echo $((1 - $?))) "no picker opened"
# The notes come after the rows every issue has: the detail zoomed has
# room for them at 80x24.
keys 2 z
ok_screen 'the fixture builds it twice' "the detail shows the first line"
ok_screen 'use s then j and q' "and the second, as a line of the note"
keys Q
is "$(wait_exit)" 0 "Q quits"
ok $(grep -c 'the fixture builds it twice\\nuse s then j and q' "$state" >/dev/null; echo $?) \
	"the note is saved with its line break"
# The terminal's paste mode is given back: a program after the console
# (cat -v) receives a paste without the marks around it.
start 80 24 "$TRIAGE" seed.md "; cat -v"
ok_screen '^>#305 ' "the console opens again"
keys q
i=0
while [ $i -lt 50 ] && [ "$(pane '#{pane_current_command}')" != cat ]; do sleep 0.1; i=$((i + 1)); done
tm set-buffer -b q "pasted-after"
tm paste-buffer -p -b q -t "$SESSION"
ok_screen 'pasted-after' "after quitting, a paste reaches the next program"
ok $(grep -q '200~' "$TMP/screen"; echo $((1 - $?))) "with bracketed paste off again"

done_testing
