#!/bin/sh
# `triage standup` tells net changes: a progress file built by changes,
# undos and redos over two sessions (each run is one) tells what changed
# since the mark, not how it got there.
. "$top_srcdir/tests/cli/lib.sh"
unset TRIAGE_NOW
TZ=UTC
export TZ
mkdir -p "$TMP/work"
cd "$TMP/work" || exit 1
cp "$TRIAGE_SEED" cluster.md
S=$TMP/work/progress.json
# as WHO TIME triage-args...
as() {
	_who=$1 _at=$2
	shift 2
	TRIAGE_NOW=$_at "$TRIAGE" --user "$_who" --state "$S" "$@" >/dev/null 2>&1
}
A='Alice <alice@example.com>'
B='Bob <bob@example.com>'

# The day before, and the stand-up.
as "$B" 2026-03-01T09:00:00Z set 305 open --owner bob cluster.md
as "$B" 2026-03-01T09:01:00Z note 305 "the enum is imported twice" cluster.md
as "$B" 2026-03-01T09:02:00Z note 307 "422 from the validator" cluster.md
as "$B" 2026-03-01T10:00:00Z standup --mark cluster.md

# The first session: states, owners back and forth, undo three times,
# redo once, notes added, edited and deleted.
as "$A" 2026-03-02T09:00:00Z set 305 fixed cluster.md
as "$A" 2026-03-02T09:01:00Z set 305 in-progress --owner carol cluster.md
as "$A" 2026-03-02T09:02:00Z set 305 in-progress --owner dave cluster.md
as "$A" 2026-03-02T09:03:00Z set 305 in-progress --owner caroldave cluster.md
as "$A" 2026-03-02T09:04:00Z undo cluster.md
as "$A" 2026-03-02T09:05:00Z undo cluster.md
as "$A" 2026-03-02T09:06:00Z undo cluster.md
as "$A" 2026-03-02T09:07:00Z redo cluster.md
as "$A" 2026-03-02T09:08:00Z note 305 "shim the enum" cluster.md
as "$A" 2026-03-02T09:09:00Z note --edit 305 "shim the enum in conftest" cluster.md
as "$A" 2026-03-02T09:10:00Z note 305 "second thoughts" cluster.md
as "$A" 2026-03-02T09:11:00Z note --delete 305 cluster.md
# Bob deletes his note on #307 and restores it by undo.
as "$B" 2026-03-02T09:12:00Z note --delete 307 cluster.md
as "$B" 2026-03-02T09:13:00Z undo cluster.md

# The next session: undo eight times, redo ten.
for m in 00 01 02 03 04 05 06 07; do as "$A" 2026-03-02T10:$m:00Z undo cluster.md; done
for m in 10 11 12 13 14 15 16 17 18 19; do as "$A" 2026-03-02T10:$m:00Z redo cluster.md; done
is "$($JGET "$S" 'issues.#305.owner')" carol "the owner is where the first session left it"

TRIAGE_NOW=2026-03-02T12:00:00Z "$TRIAGE" --state "$S" standup cluster.md >"$TMP/out" 2>&1
ok $? "the stand-up exits 0"
sed -n '/^Progress$/,/^$/p' "$TMP/out" >"$TMP/got"
cat >"$TMP/want" <<'EOF'
Progress
  #305 ExecutionTracker Dict/Enum Errors
    state open → in-progress (Alice, Mon 2 Mar 10:11)
    owner bob → carol (Alice, Mon 2 Mar 10:11)
    note "shim the enum in conftest" (Alice, Mon 2 Mar 10:13)

EOF
diff -u "$TMP/want" "$TMP/got" >"$TMP/diff"
ok $? "the progress told is the net change: one line per field and note"
sed 's/^/#   /' "$TMP/diff"
unlike "$TMP/out" 'removed|dave|undo|redo' "no note removed, no owner on the way, no undo or redo"
unlike "$TMP/got" '#307|validator' "a note deleted and restored is not told"

TRIAGE_NOW=2026-03-02T12:00:00Z "$TRIAGE" --state "$S" standup --format markdown cluster.md >"$TMP/md" 2>&1
is "$(grep -c 'owner' "$TMP/md")" 1 "the markdown tells the owner once too"

# Changed back entirely: nothing to tell.
as "$B" 2026-03-02T13:00:00Z standup --mark cluster.md
as "$A" 2026-03-02T13:01:00Z set 305 fixed --owner alice cluster.md
as "$A" 2026-03-02T13:02:00Z undo cluster.md
as "$A" 2026-03-02T13:03:00Z redo cluster.md
as "$A" 2026-03-02T13:04:00Z undo cluster.md
TRIAGE_NOW=2026-03-02T14:00:00Z "$TRIAGE" --state "$S" standup cluster.md >"$TMP/out" 2>&1
is "$(sed -n '/^Progress$/{n;p;}' "$TMP/out")" "  no changes recorded" \
	"a change done, undone, redone and undone again is no change"
done_testing
