#!/bin/sh
# Ctrl-Z stops the console from anywhere, as the shell's job control
# expects, and fg brings it back as it was: a note half typed is still in
# its editor (Ctrl-Z is not typed into it, nor is the fg that follows), a
# picker is still open with its filter.
. "$top_srcdir/tests/e2e/lib.sh"

make_repo "$TMP/repo"
cd "$TMP/repo" || exit 1
state=.triage/progress.json

# A shell with job control, as a user has.
start 80 24 "env PS1='sh> ' bash --norc --noprofile -i"
ok_screen '^sh>' "an interactive shell starts"
keys "$TRIAGE seed.md" Enter
ok_screen '^>#305 ' "the console opens on #305"

keys a
ok_screen 'Note on #305:' "a opens the note editor"
keys "in editor"
ok_screen 'Note on #305: in editor' "the words are in the editor"
keys C-z
ok_screen 'Stopped' "Ctrl-Z in the note editor stops the console"
is "$(pane '#{alternate_on}')" 0 "the shell has the main screen"
keys fg Enter
ok_screen 'Note on #305: in editor *$' "fg: the editor is back, the note as it was typed"
keys Enter
ok_screen '#305 has a new note' "Enter saves the note"
ok $(grep -q '"text": "in editor"' "$state"; echo $?) "the note saved is the words typed, no more"

keys o
ok_screen 'Owner of #305' "o opens the owner picker"
keys al
ok_screen '> al' "typing filters it"
keys C-z
ok_screen 'Stopped' "Ctrl-Z in a picker stops the console"
keys fg Enter
ok_screen '> al *│' "fg: the picker is back with its filter, nothing typed into it"
keys Escape
ok_screen '^>#305 ' "Esc closes the picker"

# From the main view, as before.
keys C-z
ok_screen 'Stopped' "Ctrl-Z in the issue list stops the console"
keys fg Enter
ok_screen '^>#305 ' "fg: the issue list is back"
keys Q
ok_screen '^sh> *$' "Q quits to the shell"

done_testing
