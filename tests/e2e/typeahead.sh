#!/bin/sh
# Keys typed faster than the screen goes out (a held key, a slow link) are
# all handled, and only the screen of the last one is drawn: what goes to
# the terminal for five j typed at once never shows the rows in between.
. "$top_srcdir/tests/e2e/lib.sh"

make_repo "$TMP/repo"
cd "$TMP/repo" || exit 1

start 80 24 "$TRIAGE" seed.md
ok_screen '^>#305 ' "the console opens on #305"
: >"$TMP/sent"
tm pipe-pane -t "$SESSION" -O "cat >>'$TMP/sent'"
keys -l jjjjj
ok_screen '^>#308 ' "five j typed at once move five rows"
ok_screen '^ 1 Issues 8/8 .* 6/8 *$' "the list says where the cursor is"
ok_screen '^ #308  Integration Import Failures' "the detail is #308's"
# #307 is the row after #305: drawn on its way, its title would have gone
# to the terminal in the list's row or the detail's heading.
unlike "$TMP/sent" 'API Validation' "the rows in between are never sent"
keys -l kkkkkj
ok_screen '^>#307 ' "and five k and a j at once end on #307"
keys q
is "$(wait_exit)" 0 "q quits"

done_testing
