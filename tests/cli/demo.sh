#!/bin/sh
# examples/demo.sh, the quick start's demo repository: made outside the
# source tree, dated relative to now, with three people's commits linked to
# the example's issues, two days of progress, a stand-up marked yesterday and
# two versions of the report, so that the first screen and the first
# stand-up have something to say.
. "$top_srcdir/tests/cli/lib.sh"
unset TRIAGE_USER TRIAGE_NOW
mkdir -p "$TMP/home"
HOME=$TMP/home
export HOME
unset XDG_CONFIG_HOME

D=$TMP/demo
out=$(sh "$top_srcdir/examples/demo.sh" "$D" "$TRIAGE" 2>"$TMP/err")
ok $? "the demo is made"
is "$out" "$D" "and its directory printed"
is "$(cat "$TMP/err")" "" "quietly"
cd "$D" || exit 1
is "$(git log --format=%an | sort -u | tr '\n' ,)" "Alice Example,Bob Builder,Carol Chen," "three authors"
n=$(git rev-list --count HEAD)
ok $(( n >= 24 ? 0 : 1 )) "a few dozen commits ($n)"
newest=$(git log -1 --format=%ct)
now=$(date +%s)
ok $(( newest <= now && newest > now - 2 * 86400 ? 0 : 1 )) "dated relative to now"
is "$(git log --format=%s -- docs/cluster-report.md | wc -l | tr -d ' ')" 2 "two versions of the report"
cmp -s docs/cluster-report.md "$top_srcdir/examples/cluster-report.md"
ok $? "the second is the bundled example"
is "$($JGET .triage/progress.json 'issues.#305.state')" "fixed" "progress has states"
is "$($JGET .triage/progress.json 'issues.#271.owner')" "alice" "and owners"
marks=$(grep -c '"field": "standup"' .triage/progress.json)
is "$marks" 1 "one stand-up mark"
git diff --quiet HEAD -- .triage/progress.json
ok $? "the progress file is committed"

"$TRIAGE" standup >"$TMP/standup" 2>"$TMP/err"
ok $? "triage standup in the demo exits 0"
is "$(cat "$TMP/err")" "" "with nothing on stderr"
like "$TMP/standup" '^Stand-up since .* \(the last stand-up, held by Alice Example\)$' "since yesterday's mark"
like "$TMP/standup" '^    state in-progress → fixed \(Alice Example, ' "progress is told"
like "$TMP/standup" '^    fixes #305$' "commits are linked"
like "$TMP/standup" '^    touches-test #271$' "test-file changes too"
like "$TMP/standup" '^    #271 User Isolation Security Validation \(was waiting on #305\)$' "something became ready"
like "$TMP/standup" '^  docs/cluster-report.md: a new version since ' "the report changed"
like "$TMP/standup" '^    #305 8 failed, 0 passed → 6 failed, 2 passed$' "with its test counts"

# Made again: the same story, and never over a directory that is not a demo.
sh "$top_srcdir/examples/demo.sh" "$D" "$TRIAGE" >/dev/null 2>&1
ok $? "a demo made before is made again"
is "$(git -C "$D" rev-list --count HEAD)" "$n" "with the same commits"
mkdir "$TMP/mine"
echo precious >"$TMP/mine/file"
sh "$top_srcdir/examples/demo.sh" "$TMP/mine" "$TRIAGE" >/dev/null 2>"$TMP/err"
is $? 1 "a directory that is not a demo is refused"
is "$(cat "$TMP/mine/file")" "precious" "and left alone"
like "$TMP/err" 'is not empty and is not a demo made before' "saying why"
done_testing
