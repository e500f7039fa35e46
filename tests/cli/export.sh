#!/bin/sh
# `triage export`: the seed report as JSON, as a user would check it.
. "$top_srcdir/tests/cli/lib.sh"

out="$TMP/seed.json"
"$TRIAGE" export "$TRIAGE_SEED" >"$out" 2>"$TMP/err"
ok $? "export of the seed exits 0"
"$JGET" "$out" issues.length >/dev/null
ok $? "the output is JSON"
is "$("$JGET" "$out" reports.0.title)" "HOLISTIC TEST PLAN EXECUTION REPORT: 7-ISSUE CLUSTER VALIDATION" "report title"
is "$("$JGET" "$out" reports.0.executed_at)" "2025-09-11 16:48-16:53" "report execution date"
like "$out" '"encoding": ".*mac-roman' "the report's encoding says mojibake was repaired"
is "$("$JGET" "$out" issues.length)" 8 "7 numbered issues and the Golden Path section"
for id in '#305' '#307' '#306' '#292' '#271' '#308' '#316' golden-path; do
	"$JGET" "$out" "issues.[id=$id].id" >/dev/null
	ok $? "issue $id is exported"
done
is "$("$JGET" "$out" 'issues.[id=#305].priority')" P0 "#305 priority"
is "$("$JGET" "$out" 'issues.[id=#305].severity')" "P0 CRITICAL" "#305 severity as written"
is "$("$JGET" "$out" 'issues.[id=#305].status')" reproduced "#305 status"
is "$("$JGET" "$out" 'issues.[id=#307].status')" partially-reproduced "#307 status"
is "$("$JGET" "$out" 'issues.[id=#306].status')" root-cause-identified "#306 status"
is "$("$JGET" "$out" 'issues.[id=golden-path].status')" blocked "Golden Path status"
is "$("$JGET" "$out" 'issues.[id=#305].tests')" '{"failed":6,"passed":2,"skipped":0}' "#305 test counts"
is "$("$JGET" "$out" 'issues.[id=#271].tests.failed')" 7 "#271 failed count"
is "$("$JGET" "$out" 'issues.[id=#307].tests.skipped')" 2 "#307 skipped count"
is "$("$JGET" "$out" 'issues.[id=#292].tests.failed')" 7 "#292: all 7 failing"
is "$("$JGET" "$out" 'issues.[id=#305].test_files.0')" tests/unit/core/test_execution_tracker_ssot.py "#305 test file"
is "$("$JGET" "$out" 'issues.[id=#292].plan_phase')" P1 "#292 is planned in P1"
is "$("$JGET" "$out" 'issues.[id=#316].plan_phase')" P2 "#316 is planned in P2"
is "$("$JGET" "$out" 'edges.[from=#305].to')" '#271' "edge #305 -> #271"
is "$("$JGET" "$out" 'edges.[from=#292].to')" golden-path "edge #292 -> Golden Path"
is "$("$JGET" "$out" 'edges.[from=#307].to')" '#316' "edge #307 -> #316"
is "$("$JGET" "$out" edges.length)" 6 "six dependency edges"
line=$(grep -n "object has no attribute 'subTest'" "$TRIAGE_SEED" | cut -d: -f1)
is "$("$JGET" "$out" 'issues.[id=#307].failures.0.line')" "$line" "a failure carries its line in the report"
like "$out" "\"signature\": \"ModuleNotFoundError: No module named 'netra_backend.app.tools.enhanced_dispatcher'\"" "a failure's signature keeps the missing module"
is "$("$JGET" "$out" cycles)" '[]' "the seed has no cycle"

# Bad input: a clear message naming the file, non-zero exit, nothing on stdout.
: >"$TMP/empty.md"
"$TRIAGE" export "$TMP/empty.md" >"$TMP/out" 2>"$TMP/err"
is $? 1 "an empty report fails"
like "$TMP/err" "empty.md.*empty" "and says the file is empty"
test ! -s "$TMP/out"
ok $? "nothing is written to stdout"

printf 'PK\003\004\000\000binary' >"$TMP/binary.md"
"$TRIAGE" export "$TMP/binary.md" >/dev/null 2>"$TMP/err"
is $? 1 "binary data fails"
like "$TMP/err" "binary.md: not a text report" "as not a text report"

printf '# Notes\n\nNothing to see here.\n' >"$TMP/none.md"
"$TRIAGE" export "$TMP/none.md" >/dev/null 2>"$TMP/err"
is $? 1 "a report with no issues fails"
like "$TMP/err" "none.md: no issues found" "with a clear message"

# Escape sequences in a report stay data: escaped in JSON, never raw.
printf '## Issue #1 \033]0;pwned\007 Title\n\n**Status:** \033[2J reproduced\n' >"$TMP/esc.md"
"$TRIAGE" export "$TMP/esc.md" >"$TMP/esc.json" 2>&1
ok $? "a report with escape sequences exports"
unlike "$TMP/esc.json" "$(printf '\033')" "no raw ESC reaches the output"
like "$TMP/esc.json" '\\u001[bB]\]0;pwned' "the ESC is kept as escaped data"
# In a repository: commits[] per issue, and --all after the command too.
export GIT_AUTHOR_NAME=A GIT_AUTHOR_EMAIL=a@example.com GIT_COMMITTER_NAME=A \
	GIT_COMMITTER_EMAIL=a@example.com GIT_AUTHOR_DATE='2025-09-12T10:00:00Z' \
	GIT_COMMITTER_DATE='2025-09-12T10:00:00Z' GIT_CONFIG_NOSYSTEM=1 HOME="$TMP"
repo="$TMP/repo"
git init -q -b main "$repo" && cp "$TRIAGE_SEED" "$repo/seed.md" &&
	(cd "$repo" && git add seed.md && git commit -qm "Fix #305: one ExecutionTracker" &&
	 git checkout -qb side && git commit -q --allow-empty -m "Look at #271 isolation" &&
	 git checkout -q main)
(cd "$repo" && "$TRIAGE" export seed.md) >"$TMP/repo.json" 2>"$TMP/err"
ok $? "export in a repository exits 0"
is "$("$JGET" "$TMP/repo.json" 'issues.[id=#305].commits.0.link')" fixes "#305 lists the commit that fixes it"
is "$("$JGET" "$TMP/repo.json" 'issues.[id=#271].commits.length')" 0 "a commit on another branch is not on HEAD"
(cd "$repo" && "$TRIAGE" export --all seed.md) >"$TMP/all.json" 2>&1
ok $? "export --all exits 0"
is "$("$JGET" "$TMP/all.json" 'issues.[id=#271].commits.0.link')" mentions "--all after the command reaches every branch"
is "$("$JGET" "$out" 'issues.[id=#305].sources.title')" "$TRIAGE_SEED:26" "#305's title comes from its heading"
is "$("$JGET" "$out" 'issues.[id=#305].sources.priority')" "$TRIAGE_SEED:26" "its priority from the same heading"
is "$("$JGET" "$out" 'issues.[id=#305].sources.status')" "$TRIAGE_SEED:28" "its status from the Status label"
is "$("$JGET" "$out" 'issues.[id=#305].sources.tests')" "$TRIAGE_SEED:55" "its test counts from the sentence that states them"
is "$("$JGET" "$out" 'issues.[id=#305].sources.plan')" "$TRIAGE_SEED:250" "its plan step from the recommendation"
is "$("$JGET" "$out" 'issues.[id=#306].sources.tests')" null "no source where the report states no count"
is "$("$JGET" "$out" 'issues.[id=#305].failures.0.source')" "$TRIAGE_SEED:33" "a failure's source"
is "$("$JGET" "$out" 'edges.[from=#305].source')" "$TRIAGE_SEED:225" "an edge's source is the line of the map"
done_testing
