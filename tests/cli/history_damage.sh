#!/bin/sh
# History that cannot all be read: a partial clone without its trees, a
# malformed commit at HEAD, a malformed branch tip under --all.  What can be
# read is linked, what cannot is passed over and said once with its count.
. "$top_srcdir/tests/cli/lib.sh"
mkdir -p "$TMP/home"
HOME=$TMP/home
GIT_CONFIG_NOSYSTEM=1
export HOME GIT_CONFIG_NOSYSTEM
unset XDG_CONFIG_HOME TRIAGE_USER

REPORT=$TMP/cluster.md
cp "$TRIAGE_SEED" "$REPORT"
T=tests/unit/core/test_execution_tracker_ssot.py   # #305's test file in the seed

R=$TMP/origin
git init -q -b main "$R"
git -C "$R" config user.name "Ada Lovelace"
git -C "$R" config user.email ada@example.org
mkdir -p "$R/$(dirname "$T")"
echo one >"$R/$T"
git -C "$R" add -A && git -C "$R" commit -qm "Add the tracker test"
echo two >>"$R/$T"
git -C "$R" commit -qam "Tighten the tracker test"
echo fix >"$R/tracker.py"
git -C "$R" add -A && git -C "$R" commit -qm "Fix the enum handling (fixes #305)"
git -C "$R" config uploadpack.allowFilter true

# --- a partial clone: commits without their trees ---------------------------------
# libgit2 1.5 leaks a little on each open of such a repository (see the file).
LSAN_OPTIONS="suppressions=$top_srcdir/tests/cli/libgit2.supp${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
export LSAN_OPTIONS
git clone -q --no-checkout --filter=tree:0 "file://$R" "$TMP/partial" 2>/dev/null
"$TRIAGE" -C "$TMP/partial" export "$REPORT" >"$TMP/json" 2>"$TMP/err"
is $? 0 "a partial clone: export exits 0"
"$JGET" "$TMP/json" 'issues.0.id' >/dev/null 2>&1
ok $? "and prints the JSON"
is "$("$JGET" "$TMP/json" 'issues.0.commits.0.link')" fixes "the commit that fixes #305 is linked from its message"
like "$TMP/err" '^triage: [0-9]+ commits or trees of the repository could not be read \(a partial clone, or damage\) and were passed over' \
	"what could not be read is said"
is "$(grep -c 'could not be read' "$TMP/err")" 1 "once"
"$TRIAGE" -C "$TMP/partial" log 305 "$REPORT" >"$TMP/out" 2>"$TMP/err"
is $? 0 "a partial clone: log exits 0"
like "$TMP/out" 'fixes +Ada Lovelace +Fix the enum handling' "and lists the fix"

# --- a malformed commit at HEAD ------------------------------------------------------
M=$TMP/malformed
git clone -q "$R" "$M"
head=$(git -C "$M" rev-parse HEAD)
bad=$(printf 'tree not-a-tree\nparent %s\nauthor Eve <eve@example.org> 1700000000 +0000\ncommitter Eve <eve@example.org> 1700000000 +0000\n\nPatch the fixture (fixes #307)\n' "$head" |
	git -C "$M" hash-object -t commit --literally -w --stdin)
git -C "$M" update-ref refs/heads/main "$bad" 2>/dev/null || printf '%s\n' "$bad" >"$M/.git/refs/heads/main"
"$TRIAGE" -C "$M" export "$REPORT" >"$TMP/json" 2>"$TMP/err"
is $? 0 "a malformed commit at HEAD: export exits 0"
is "$("$JGET" "$TMP/json" 'issues.0.commits.0.link')" fixes "the history below it still links #305's fix"
"$TRIAGE" -C "$M" log 307 "$REPORT" >"$TMP/out" 2>&1
like "$TMP/out" 'fixes +Eve +Patch the fixture' "and the malformed commit's own message still counts"
"$TRIAGE" -C "$M" log 305 "$REPORT" >"$TMP/out" 2>&1
like "$TMP/out" 'touches-test .*Tighten the tracker test' "test-file changes below it are still found"

# --- a malformed branch tip under --all ------------------------------------------------
A=$TMP/branches
git clone -q "$R" "$A"
git -C "$A" config user.name "Ada Lovelace"
git -C "$A" config user.email ada@example.org
git -C "$A" checkout -q -b side
echo side >"$A/side.py"
git -C "$A" add -A && git -C "$A" commit -qm "Fix the discovery (fixes #306)"
side=$(git -C "$A" rev-parse HEAD)
git -C "$A" checkout -q main
tip=$(printf 'tree 0000\nparent %s\nauthor Eve <eve@example.org> 1700000000 +0000\n\nWIP\n' "$side" |
	git -C "$A" hash-object -t commit --literally -w --stdin)
git -C "$A" update-ref refs/heads/side "$tip" 2>/dev/null || printf '%s\n' "$tip" >"$A/.git/refs/heads/side"
"$TRIAGE" -C "$A" --all log 306 "$REPORT" >"$TMP/out" 2>"$TMP/err"
is $? 0 "--all with a malformed branch tip: log exits 0"
like "$TMP/out" 'fixes +Ada Lovelace +Fix the discovery' "and the branch's fix below the tip is found"

# --- dates and time zones no calendar has ----------------------------------------------
D=$TMP/dates
git clone -q "$R" "$D"
head=$(git -C "$D" rev-parse HEAD)
tree=$(git -C "$D" rev-parse 'HEAD^{tree}')
odd=$(printf 'tree %s\nparent %s\nauthor Eve <eve@example.org> 99999999999999 -9223\ncommitter Eve <eve@example.org> 1700000000 +0000\n\nFix the websocket (fixes #292)\n' "$tree" "$head" |
	git -C "$D" hash-object -t commit --literally -w --stdin)
git -C "$D" update-ref refs/heads/main "$odd"
"$TRIAGE" -C "$D" export "$REPORT" >"$TMP/json" 2>"$TMP/err"
is $? 0 "a commit dated past year 9999 with an offset of -92:23: export exits 0"
grep -q '"time": "9999-12-31T23:59:59-14:00"' "$TMP/json"
ok $? "its time is clamped to the last second of year 9999, the offset to -14:00"
unlike "$TMP/json" '"time": "\?"|[-+]92:23' "no '?' and no impossible offset"
like "$TMP/err" '^triage: 1 commit of the repository gives a date or time zone out of range, shown as the nearest' \
	"and it is said"
"$TRIAGE" -C "$D" log 292 "$REPORT" >"$TMP/out" 2>/dev/null
like "$TMP/out" '9999-12-31 +fixes +Eve' "log shows the clamped date"

done_testing
