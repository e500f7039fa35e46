#!/bin/sh
# Keys typed faster than the screen goes out (a held key, a slow link) are
# all handled, and only the screen of the last one is drawn: what goes to
# the terminal for five j typed at once never shows the rows in between,
# and a pane opened and scrolled sideways at once keeps its key column.
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
# The failures pane, never drawn yet, scrolled sideways in the same
# breath: its key column (a group's mark and count) is kept from its first
# screen on, as it is when > comes after the pane is drawn.
keys -l 'g3>'
ok_screen '→ col 41' "3 and > typed at once scroll the failures sideways"
ok_screen '^>▸ 1× ' "and keep the group's mark and count at the left"
keys Q
is "$(wait_exit)" 0 "Q quits"

done_testing
