#!/bin/sh
# A failure read in full in a real 80x24 terminal: Enter on its line in the
# failures pane opens it wrapped, nothing cut with an ellipsis, the report's
# lines around it numbered; q goes back to the list.
. "$top_srcdir/tests/e2e/lib.sh"

make_repo "$TMP/repo"
cd "$TMP/repo" || exit 1

start 80 24 "$TRIAGE" seed.md
ok_screen '^>#305 ' "the console opens on #305"
keys 3 Enter j Enter
ok_screen 'Failure of #305' "Enter on a failure's line opens it in full"
ok_screen "'core.agent_execution_tracker.AgentExecutionTracker',$" "its long line is wrapped, not cut"
ok_screen '^ Reported seed.md:33' "it says where the report has it"
ok_screen '^ >33 SSOT VIOLATION: Found 2 different' "and shows the report's line, marked"
ok_screen '^  32 ```' "with the lines around it"
keys z
ok_screen '^ 3 Failure of #305' "z gives it the whole screen"
keys q q
ok_screen '^>     seed.md:33 ' "q twice: back to the failures list, on the same line"
keys Q
is "$(wait_exit)" 0 "Q quits"

done_testing
