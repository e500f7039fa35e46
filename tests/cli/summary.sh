#!/bin/sh
# `triage summary`: a readable table of the seed.
. "$top_srcdir/tests/cli/lib.sh"

"$TRIAGE" summary --width 100 "$TRIAGE_SEED" >"$TMP/out" 2>"$TMP/err"
ok $? "summary of the seed exits 0"
like "$TMP/out" '^HOLISTIC TEST PLAN EXECUTION REPORT' "starts with the report title"
like "$TMP/out" '^#305 +P0 +reproduced +open +- +6 +2 +0 +P0 +ExecutionTrac' "a row per issue with its progress state, owner, counts and plan"
like "$TMP/out" '^golden-path +- +blocked' "the Golden Path section is a row"
like "$TMP/out" '^8 issues, 6 dependencies' "a count line"
like "$TMP/out" '#292 → golden-path' "dependencies are listed"
like "$TMP/out" "AttributeError: 'TestAPIValidationErrorPrevention' object has no attribute 'subTest'" "failure groups are listed, each by what failed"
# wc -L measures display columns ("…" is one column, three bytes).
is "$(wc -L <"$TMP/out")" 100 "no line is wider than --width, and the table uses it"

# Narrower: columns give way (first those with nothing to say), the title
# keeps room, and every line fits.
"$TRIAGE" summary --width 80 "$TRIAGE_SEED" >"$TMP/w80" 2>&1
ok "$(( $(wc -L <"$TMP/w80") > 80 ))" "at --width 80 every line fits"
like "$TMP/w80" '^ID +PRI +STATUS +STATE +FAIL +PASS +TITLE$' "the empty owner column, the plan and skips gave way"
like "$TMP/w80" '^#307 +P0 +partially-reproduced +open +6 +- +API Validation 422 Errors$' \
	"and a title reads whole"
"$TRIAGE" summary --width 40 "$TRIAGE_SEED" >"$TMP/w40" 2>&1
ok "$(( $(wc -L <"$TMP/w40") > 40 ))" "at --width 40 every line fits too"
like "$TMP/w40" '^#305 +P0 +ExecutionTracker' "with the id, priority and title"
like "$TMP/w40" '^8 issues, 6 dependencies,$' "the count line wrapped at a comma"

"$TRIAGE" "$TRIAGE_SEED" >"$TMP/default" 2>&1
ok $? "triage REPORT without a command works"

"$TRIAGE" --ascii summary "$TRIAGE_SEED" >"$TMP/ascii"
LC_ALL=C grep -q '[^ -~]' "$TMP/ascii"
is $? 1 "--ascii prints ASCII only"

# Escape sequences and control characters from a report are shown inert.
printf '## Issue #1 \033]0;pwned\007Title \302\233 31m\n\n**Status:** reproduced\n' >"$TMP/esc.md"
"$TRIAGE" summary "$TMP/esc.md" >"$TMP/esc" 2>&1
ok $? "a report with escape sequences is summarised"
unlike "$TMP/esc" "$(printf '\033')" "no raw ESC reaches the terminal"
unlike "$TMP/esc" "$(printf '\007')" "no raw BEL reaches the terminal"
unlike "$TMP/esc" "$(printf '\302\233')" "no raw C1 CSI reaches the terminal"
like "$TMP/esc" '\^\[\]0;pwned\^G' "the sequence is shown as text"
like "$TMP/esc" '\(1 issue\)$' "one issue is one issue"
like "$TMP/esc" '^1 issue, 0 dependencies, 0 failures in 0 groups, 0 cycles$' "counts of one are singular"

"$TRIAGE" summary --width 5 "$TRIAGE_SEED" >/dev/null 2>&1
is $? 2 "a silly --width is a usage error"
done_testing
