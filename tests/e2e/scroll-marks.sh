#!/bin/sh
# The scroll marks tell the truth on the very first screen and right after
# a resize, before any key: the mark is drawn from where this screen's list
# window is, not the last screen's.
. "$top_srcdir/tests/e2e/lib.sh"

make_repo "$TMP/repo"
cd "$TMP/repo" || exit 1

start 80 20 "$TRIAGE" seed.md
ok_screen '^>#305 ' "the console opens at 80x20 on #305"
# Seven of the eight rows fit: more below, nothing above.
ok_screen '^ 1 Issues 8/8 .* 1/8 ▼$' "the list's title marks the rows below on the first screen"
unlike "$TMP/screen" '^ 1 Issues.*▲' "and none above"
ok_screen '^ 2 Detail .* 1/[0-9]+ ▼$' "the detail's title marks its lines below"
# All eight fit at 160x48: the mark goes with the resize, not a key later.
tm resize-window -t "$SESSION" -x 160 -y 48
ok_screen '│ 2 Detail *$' "at 160x48 the panes are side by side"
ok_screen '^ 1 Issues 8/8 +1/8 +│' "the list's title has no mark when every row fits"
tm resize-window -t "$SESSION" -x 80 -y 20
ok_screen '^ 1 Issues 8/8 .* 1/8 ▼$' "back at 80x20 the mark is there again"
keys q
is "$(wait_exit)" 0 "q quits"

done_testing
