#!/bin/sh
# Resizing the terminal at any moment, here with the state picker open:
# the screen is drawn again for the new size and the picker still works.
. "$top_srcdir/tests/e2e/lib.sh"

make_repo "$TMP/repo"
cd "$TMP/repo" || exit 1

start 80 24 "$TRIAGE" seed.md
ok_screen '^ 1 Issues 8/8' "the console opens at 80x24"
keys s
ok_screen 'State of #305' "the state picker is open"
tm resize-window -t "$SESSION" -x 160 -y 48
ok_screen '│ 2 Detail *$' "at 160x48 the panes are side by side"
# A capture can land between two chunks of one redraw: poll for each part.
ok_screen 'State of #305' "with the picker still open"
tm resize-window -t "$SESSION" -x 30 -y 8
ok_screen 'terminal too small \(30x8\)' "too small: it says so"
tm resize-window -t "$SESSION" -x 60 -y 20
ok_screen 'State of #305' "back to 60x20, the picker is there again"
ok_screen '^ 1 Issues 8/8' "over the redrawn list"
keys j j Enter
ok_screen '#305 is now fixed' "the picker still chooses"
ok_screen '1/8 fixed *$' "and the progress counts it"
keys a
ok_screen 'Note on #305:' "the note editor opens"
keys -l 'typed across a resize'
tm resize-window -t "$SESSION" -x 100 -y 30
ok_screen 'Note on #305: typed across a resize' "a resize keeps what was typed"
keys Enter
ok_screen '#305 has a new note' "and Enter saves it"
keys q
is "$(wait_exit)" 0 "q quits"
is "$("$JGET" .triage/progress.json 'issues.#305.notes.0.text')" 'typed across a resize' "the note is saved"

done_testing
