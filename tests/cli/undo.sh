#!/bin/sh
# `triage undo`, `triage redo`, `triage note --edit/--delete`: each run is a
# session of its own, so undo reads what to take back from the progress
# file's events; other people's changes and notes are theirs.
. "$top_srcdir/tests/cli/lib.sh"
unset TRIAGE_USER
mkdir -p "$TMP/work"
cd "$TMP/work" || exit 1
cp "$TRIAGE_SEED" cluster.md
S=$TMP/work/progress.json
alice() { "$TRIAGE" --user 'Alice <alice@example.com>' --state "$S" "$@"; }
bob() { "$TRIAGE" --user 'Bob <bob@example.com>' --state "$S" "$@"; }

alice undo cluster.md >"$TMP/out" 2>&1
ok $? "undo with nothing done exits 0"
is "$(cat "$TMP/out")" "nothing to undo" "and says there is nothing to undo"
test -f "$S"
is $? 1 "and writes no file"

TRIAGE_NOW=2026-03-02T09:00:00Z alice set 305 in-progress --owner alice cluster.md >/dev/null
TRIAGE_NOW=2026-03-02T09:05:00Z alice set 305 fixed cluster.md >/dev/null
TRIAGE_NOW=2026-03-02T09:10:00Z bob set 307 verified cluster.md >/dev/null

TRIAGE_NOW=2026-03-02T10:00:00Z alice undo >"$TMP/out" 2>&1
ok $? "undo exits 0"
is "$(cat "$TMP/out")" "undid: #305 state fixed → in-progress" \
	"undo takes the user's newest change, from an earlier run, and says what it undid"
is "$($JGET "$S" 'issues.#305.state')" in-progress "the state is back"
is "$($JGET "$S" 'issues.#307.state')" verified "someone else's later change stands"
is "$($JGET "$S" 'events.4.undoes')" "2026-03-02T09:05:00Z" "the undo is an event naming the change it reverses"

TRIAGE_NOW=2026-03-02T10:01:00Z alice --ascii undo >"$TMP/out" 2>&1
is "$(cat "$TMP/out")" "undid: #305 state in-progress -> open, owner alice -> none" \
	"the next undo takes the change before (--ascii: an ASCII arrow)"
is "$($JGET "$S" 'issues.#305.owner')" null "with its owner"
alice undo >"$TMP/out" 2>&1
is "$(cat "$TMP/out")" "nothing to undo" "then there is nothing of the user's left"

TRIAGE_NOW=2026-03-02T10:02:00Z alice redo >"$TMP/out" 2>&1
ok $? "redo exits 0"
is "$(cat "$TMP/out")" "redid: #305 state open → in-progress, owner none → alice" "redo takes the last undo first"
last=$(($($JGET "$S" events.length) - 1))
is "$($JGET "$S" "events.$last.redoes")" "2026-03-02T10:01:00Z" "a redo names the undo it reverses, as redoes"
TRIAGE_NOW=2026-03-02T10:04:00Z alice standup --since 2026-03-02T09:30:00Z cluster.md >"$TMP/out" 2>&1
like "$TMP/out" '^    state fixed → in-progress \(Alice, ' "the stand-up tells the net change over undos and redos"
unlike "$TMP/out" '^    (undo|redo|owner)' "and neither the undo and redo as such nor an owner set back"
TRIAGE_NOW=2026-03-02T10:03:00Z alice note 305 "the enum is imported twice" >/dev/null
alice redo >"$TMP/out" 2>&1
is "$(cat "$TMP/out")" "nothing to redo" "a new change ends what can be redone"

bob undo >"$TMP/out" 2>&1
is "$(cat "$TMP/out")" "undid: #307 state verified → open" "another person undoes only theirs"

# --- notes: edit and delete one's own ------------------------------------------
TRIAGE_NOW=2026-03-02T11:00:00Z alice note --edit 305 "the enum is imported twice, by the fixture" >"$TMP/out" 2>&1
ok $? "note --edit exits 0"
is "$(cat "$TMP/out")" "#305: note edited: the enum is imported twice, by the fixture" "and says what it saved"
is "$($JGET "$S" 'issues.#305.notes.0.text')" "the enum is imported twice, by the fixture" "the note has the new text"
is "$($JGET "$S" 'issues.#305.notes.0.at')" "2026-03-02T10:03:00Z" "and keeps its time"
last=$(($($JGET "$S" events.length) - 1))
is "$($JGET "$S" "events.$last.from")" "the enum is imported twice" "the event keeps the old text"
is "$($JGET "$S" "events.$last.note_at")" "2026-03-02T10:03:00Z" "and names the note by its time"

bob note --edit 305 "rewritten" >"$TMP/out" 2>&1
is $? 1 "someone else's note cannot be edited"
like "$TMP/out" "no note of yours" "that says why"
bob note --delete 305 >/dev/null 2>&1
is $? 1 "nor deleted"

TRIAGE_NOW=2026-03-02T11:05:00Z alice note --delete 305 >"$TMP/out" 2>&1
ok $? "note --delete exits 0"
is "$(cat "$TMP/out")" "#305: note deleted: the enum is imported twice, by the fixture" "and says what it deleted"
is "$($JGET "$S" 'issues.#305.notes.length')" 0 "the note is gone"
TRIAGE_NOW=2026-03-02T11:10:00Z alice undo >"$TMP/out" 2>&1
is "$(cat "$TMP/out")" "undid: #305 note added back: “the enum is imported twice, by …”" \
	"undo brings a deleted note back, saying which (in a few words)"
is "$($JGET "$S" 'issues.#305.notes.0.at')" "2026-03-02T10:03:00Z" "with its time"

alice note --edit 305 "   " >"$TMP/out" 2>&1
is $? 2 "an edit to nothing is a usage error"
alice note --edit --delete 305 >"$TMP/out" 2>&1
is $? 2 "--edit and --delete together are a usage error"
is "$(sed -n 's/.*"version": \([0-9]*\).*/\1/p' "$S")" 2 "a file with undos and edits is version 2"

# A change all of whose fields someone changed since is passed over, and
# saying only "nothing to undo" would hide why.
TRIAGE_NOW=2026-03-02T10:20:00Z alice --state "$TMP/passed.json" set 306 fixed cluster.md >/dev/null
TRIAGE_NOW=2026-03-02T10:21:00Z bob --state "$TMP/passed.json" set 306 verified cluster.md >/dev/null
TRIAGE_NOW=2026-03-02T10:22:00Z alice --state "$TMP/passed.json" undo >"$TMP/out" 2>&1
ok $? "undo of a change overwritten since exits 0"
is "$(cat "$TMP/out")" "nothing to undo: 1 change passed over: changed by someone since" \
	"and says it passed one over, and why"
is "$($JGET "$TMP/passed.json" 'issues.#306.state')" verified "the other person's change stands"

done_testing
