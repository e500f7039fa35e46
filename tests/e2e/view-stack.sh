#!/bin/sh
# q and Q in a real terminal, as tig and less have them: q closes the view
# on top (a commit, the help, the zoom, the pane Enter focused) as Esc does
# and quits only from the issue list with nothing open; Q quits from
# anywhere.
. "$top_srcdir/tests/e2e/lib.sh"

make_repo "$TMP/repo"
cd "$TMP/repo" || exit 1
echo x >tracker.py
git add tracker.py seed.md
git commit -q -m 'Fix ExecutionTracker dict/enum handling' -m 'Fixes #305.'

start 80 24 "$TRIAGE" seed.md
ok_screen '^ 1 Issues 8/8' "the console opens"
keys 5 Enter
ok_screen 'Fixes #305' "5 and Enter open #305's commit"
ok_screen 'q close +Q quit' "the status line says q closes it"
keys q
ok_screen '^>[0-9a-f]{7} .*fixes' "q closes the commit: the list of commits is back"
ok_screen 'q close +Q quit' "the commits pane has the focus: q still closes"
keys q
ok_screen 'f filter +\? help' "q goes back to the issue list (its keys on the status line)"
keys Enter
ok_screen 'q close +Q quit' "Enter on an issue focuses its detail: q closes it"
keys q
ok_screen 'f filter +\? help' "q goes back to the issue list instead of quitting"
keys '?'
ok_screen 'Help: keys \(q closes\)' "? opens the help, whose title says q closes it"
ok_screen 'q close +Q quit' "so does its status line"
keys q
ok_screen '^ 1 Issues 8/8' "q closes the help"
keys 2 z
ok_screen '^ 2 Detail' "z zooms the detail"
keys q
ok_screen '^ 1 Issues 8/8' "q brings the other panes back"
keys q q
is "$(wait_exit)" 0 "q from the detail pane goes back to the list, and q there quits"

start 80 24 "$TRIAGE" seed.md
ok_screen '^ 1 Issues 8/8' "the console opens again"
keys 5 Enter '?'
ok_screen 'Help: keys' "the help over an open commit"
keys Q
is "$(wait_exit)" 0 "Q quits from the help at once"

start 80 24 "$TRIAGE" seed.md
ok_screen '^ 1 Issues 8/8' "and again"
keys s
ok_screen 'State of #305' "s opens the state picker"
keys Q
is "$(wait_exit)" 0 "Q quits from a picker"

start 80 24 "$TRIAGE" seed.md
ok_screen '^ 1 Issues 8/8' "once more"
keys a D r a f t Escape
ok_screen 'kept as a draft' "Esc in the note editor keeps a draft"
keys Q
is "$(wait_exit)" 0 "Q quits at once: the draft is kept for the next session"

start 80 24 "$TRIAGE" seed.md
ok_screen '#305 has a draft note from before: a brings it back' "the next console offers the draft"
keys a
ok_screen 'Note on #305 \(draft\): Draft' "a brings it back"
keys C-g
ok_screen 'Discard the note typed for #305' "Ctrl-G asks before discarding it"
keys y
ok_screen 'the draft note on #305 is discarded' "y discards it"
keys Q
is "$(wait_exit)" 0 "and Q quits"

done_testing
