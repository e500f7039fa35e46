#!/bin/sh
# A report full of escape sequences: the terminal's title and screen stay
# as the console draws them; the sequences show as text.
. "$top_srcdir/tests/e2e/lib.sh"

make_repo "$TMP/repo"
cd "$TMP/repo" || exit 1
# A title change (OSC 0 and 2), clear screen, cursor moves, colours, an
# alternate screen switch, a C1 CSI, a bell, CR and BS, a hyperlink.
printf '# Cluster \033]0;pwned-title\007report\n\n' >evil.md
printf '## Issue #1 \033]2;pwned-again\033\\ Title \033[2J\033[H\033[31mred\n\n' >>evil.md
printf '**Status:** reproduced \302\2332J \033[?1049h\n\n' >>evil.md
printf '```\nError: \033[1;1H\033[Kwiped \007\r\b\b \033]8;;http://x\033\\link\033]8;;\033\\\n```\n\n' >>evil.md
printf -- '- 1 failed, 0 passed\n' >>evil.md

start 80 24 sh -c "'printf \"\\033]2;%s\\007\" before; exec $TRIAGE evil.md'"
ok_screen '^ 1 Issues 1/1' "the console opens on the report"
title=$(pane '#{pane_title}')
is "$title" before "the terminal's title is not changed by the report"
ok_screen '\^\[\]0;pwned-title\^G' "the title sequence shows as text in the header"
ok_screen '#1 .*\^\[\]2;pwned-again\^\[\\ Title \^\[\[2J\^\[\[H\^\[\[31mred' "and in the list, with the clear-screen"
ok_screen '\\x9b2J \^\[\[\?1049h' "a C1 CSI and an alternate-screen switch are text"
ok_screen '0/1 fixed *$' "the status line is intact"
keys 3 Enter
ok_screen 'evil.md:8  Error: \^\[\[1;1H\^\[\[Kwiped \^G' "the failure line shows its controls as text"
ok_screen '\^H\^H \^\[\]' "backspaces and the hyperlink too"
ok_screen '^ 1 Issues 1/1' "and nothing was wiped above it"
is "$(pane '#{pane_title}')" before "the title is still unchanged"
is "$(pane '#{alternate_on}')" 1 "the console is on the alternate screen it chose"
keys Q
is "$(wait_exit)" 0 "Q quits"
is "$(pane '#{alternate_on}')" 0 "and leaves the alternate screen"

done_testing
