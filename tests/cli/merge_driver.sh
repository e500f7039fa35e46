#!/bin/sh
# `triage merge-driver`: two branches of a real repository record progress
# apart; git merges them through the driver, installed as the README says,
# without conflict markers and without losing anyone's work.
. "$top_srcdir/tests/cli/lib.sh"
unset TRIAGE_USER

R=$TMP/repo
F=$R/.triage/progress.json
git init -q -b main "$R"
cd "$R" || exit 1
git config user.name "Alice Example"
git config user.email alice@example.com
# The two install lines of the README.
echo '.triage/progress.json merge=triage' >.gitattributes
git config merge.triage.driver "'$TRIAGE' merge-driver %O %A %B"
mkdir docs
cp "$TRIAGE_SEED" docs/cluster.md

"$TRIAGE" set 305 in-progress --note "base note" docs/cluster.md >/dev/null
git add -A && git commit -q -m "cluster report and progress"
ok $? "the progress file is committed"

git checkout -q -b feature
"$TRIAGE" --user "Bob <bob@example.com>" set 307 fixed --note "fixed on the branch" >/dev/null
"$TRIAGE" --user "Bob <bob@example.com>" set 305 fixed >/dev/null
"$TRIAGE" --user "Bob <bob@example.com>" set 308 in-progress >/dev/null
git commit -q -am "feature: progress"

git checkout -q main
"$TRIAGE" note 305 "a note on main" >/dev/null
"$TRIAGE" set 306 wont-fix --owner alice >/dev/null
"$TRIAGE" set 308 wont-fix >/dev/null
git commit -q -am "main: progress"
# The branch changes #308 once more, later than main did.
sleep 1
git checkout -q feature
"$TRIAGE" --user "Bob <bob@example.com>" set 308 verified >/dev/null
git commit -q -am "feature: #308 verified"
git checkout -q main

git merge -q --no-edit feature >"$TMP/merge" 2>&1
ok $? "git merge succeeds through the driver"
unlike "$F" '^(<<<<<<<|=======|>>>>>>>)' "no conflict markers"
"$JGET" "$F" version >/dev/null
ok $? "the merged file is JSON"
is "$(git status --porcelain)" "" "and the merge is complete"
is "$($JGET "$F" 'issues.#305.state')" "fixed" "a field changed on one branch takes that branch's value"
is "$($JGET "$F" 'issues.#307.state')" "fixed" "an issue only the branch touched is there"
is "$($JGET "$F" 'issues.#306.state')" "wont-fix" "an issue only main touched is there"
is "$($JGET "$F" 'issues.#306.owner')" "alice" "with its owner"
is "$($JGET "$F" 'issues.#308.state')" "verified" "a field changed on both takes the later change"
is "$($JGET "$F" 'issues.#305.notes.length')" 2 "notes of both branches are united"
is "$($JGET "$F" 'issues.#305.notes.0.text')" "base note" "the base note once"
is "$($JGET "$F" 'issues.#305.notes.1.text')" "a note on main" "and main's note"
is "$($JGET "$F" 'issues.#307.notes.0.text')" "fixed on the branch" "and the branch's"
is "$($JGET "$F" events.length)" 11 "events of both branches are united, none twice"
is "$($JGET "$F" 'events.[to=wont-fix].issue')" "#306" "both sides' events are there"

"$TRIAGE" status >"$TMP/status" 2>&1
like "$TMP/status" '^#308 +verified ' "status reads the merged file"

# Both branches start the progress file on their own (no common version).
R2=$TMP/repo2
F2=$R2/.triage/progress.json
git init -q -b main "$R2"
cd "$R2" || exit 1
git config user.name "Alice Example"
git config user.email alice@example.com
echo '.triage/progress.json merge=triage' >.gitattributes
git config merge.triage.driver "'$TRIAGE' merge-driver %O %A %B"
mkdir docs
cp "$TRIAGE_SEED" docs/cluster.md
git add -A && git commit -q -m "cluster report"
git checkout -q -b feature
"$TRIAGE" --user "Bob <bob@example.com>" set 305 fixed docs/cluster.md >/dev/null
git add -A && git commit -q -m "feature: progress"
git checkout -q main
"$TRIAGE" set 307 in-progress --note "on main" docs/cluster.md >/dev/null
git add -A && git commit -q -m "main: progress"
git merge -q --no-edit feature >"$TMP/merge2" 2>&1
ok $? "a file both branches added merges through the driver"
unlike "$F2" '^(<<<<<<<|=======|>>>>>>>)' "without conflict markers"
is "$($JGET "$F2" 'issues.#305.state')" "fixed" "the branch's issue is there"
is "$($JGET "$F2" 'issues.#307.notes.0.text')" "on main" "and main's"
is "$($JGET "$F2" events.length)" 3 "with the events of both"
cd "$R" || exit 1

# Unreadable input: non-zero, ours untouched (git then reports a conflict).
cp "$F" "$TMP/ours"
cp "$F" "$TMP/ours.before"
printf '{"version": 1, "issues": {' >"$TMP/theirs"
"$TRIAGE" merge-driver "$TMP/base-missing" "$TMP/ours" "$TMP/theirs" 2>"$TMP/err"
is $? 1 "a damaged side makes the driver fail"
like "$TMP/err" "theirs" "naming the file"
cmp -s "$TMP/ours" "$TMP/ours.before"
ok $? "and leaves ours untouched"
"$TRIAGE" merge-driver "$TMP/ours" "$TMP/nonexistent" "$TMP/ours.before" 2>/dev/null
is $? 1 "a missing side makes it fail"
"$TRIAGE" merge-driver "$TMP/ours" "$TMP/ours" >/dev/null 2>&1
is $? 2 "two arguments are a usage error"

done_testing
