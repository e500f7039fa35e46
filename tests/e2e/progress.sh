#!/bin/sh
# Marking progress by keys in a real terminal: #305 in progress, with an
# owner and a note; all three are in .triage/progress.json after quitting,
# and a change saved by another session shows within two seconds.
. "$top_srcdir/tests/e2e/lib.sh"

make_repo "$TMP/repo"
cd "$TMP/repo" || exit 1
state=.triage/progress.json

start 80 24 "$TRIAGE" seed.md
ok_screen '^>#305 ' "the console opens on #305"
keys s
ok_screen 'State of #305' "s opens the state picker"
keys j Enter
ok_screen '#305 is now in-progress \(saved to' "choosing in-progress saves it and says so"
keys o
ok_screen 'Owner of #305' "o opens the owner picker"
ok_screen 'Ada Lovelace <ada@example.org>' "offering the git user first"
keys Enter
ok_screen '#305 is owned by Ada Lovelace now' "choosing the user saves the owner"
keys a
ok_screen 'Note on #305:' "a opens the note editor"
# Typed as a person would, with a correction: UTF-8, a word deleted.
keys -l 'Fixing the tracker — ExecutionState enum wrong'
keys C-w BSpace
keys -l ' ✅'
keys Enter
ok_screen '#305 has a new note' "Enter saves the note"
# The notes come after the rows every issue has: the detail zoomed has
# room for them at 80x24.
keys 2 z
ok_screen 'Fixing the tracker — ExecutionState enum ✅' "the detail shows the note"
keys Q
is "$(wait_exit)" 0 "Q quits"

is "$("$JGET" "$state" 'issues.#305.state')" in-progress "the file has #305 in progress"
is "$("$JGET" "$state" 'issues.#305.owner')" "Ada Lovelace <ada@example.org>" "with its owner"
is "$("$JGET" "$state" 'issues.#305.notes.0.text')" 'Fixing the tracker — ExecutionState enum ✅' "and the note as typed"
is "$("$JGET" "$state" 'issues.#305.notes.0.by')" "Ada Lovelace <ada@example.org>" "signed by the user"

# Back again: the list shows what was saved; with no report named, the
# console opens the ones this repository remembers.
start 80 24 "$TRIAGE"
ok_screen '#305 .*in-progress +Ada Lovel' "reopened, with no report named, #305 shows in progress and its owner"

# Someone else's session saves a change: it shows here within two seconds.
printf 'j\ns\njj\n<Enter>\n' >other.script
TRIAGE_USER="Bob <bob@example.org>" "$TRIAGE" --script other.script seed.md
is "$("$JGET" "$state" 'issues.#307.state')" fixed "another session marks #307 fixed"
ok_screen '#307 .*fixed' "the open console shows it within two seconds" 2
ok_screen '1/8 fixed *$' "and counts it on the status line"
keys u
ok_screen 'undid: #305 note removed' "u undoes the user's own last change, saved by the earlier session"
is "$("$JGET" "$state" 'issues.#307.state')" fixed "and leaves the other person's change"
keys q
is "$(wait_exit)" 0 "q quits"

done_testing
