#!/bin/sh
# The console in a real terminal (tmux): it opens on the seed at 80x24 and
# at 160x48, with the terminals people use, and gives the terminal back.
. "$top_srcdir/tests/e2e/lib.sh"

make_repo "$TMP/repo"
cd "$TMP/repo" || exit 1

start 80 24 "$TRIAGE" seed.md
ok_screen '^ 1 Issues 8/8' "80x24: the issue list opens"
ok_screen '#305 +(◆ +)?P0 +ExecutionTracker' "80x24: #305 is listed with its priority (and ready)"
ok_screen '2 Detail +3 Failures +4 Graph +5 Commits' "80x24: the other panes are reachable as tabs"
ok_screen 'Severity +P0 CRITICAL' "80x24: the selected issue's detail is shown"
ok_screen '0/8 fixed *$' "80x24: the cluster's progress is on the status line"
# Idle means idle: waiting for a key, it looks for other sessions' changes
# twice a second and does nothing else.
pid=$(console_pid)
ok $? "the console's process is found"
before=$(cpu_ticks "$pid")
sleep 3
after=$(cpu_ticks "$pid")
ok $(( after - before > 3 )) "idle for 3 s it uses no CPU to speak of ($((after - before)) ticks)"
# Colours as the default theme gives them: the top line white on blue.
tm capture-pane -e -p -t "$SESSION" | head -n 1 >"$TMP/colours"
like "$TMP/colours" "$(printf '\033')\\[[0-9;]*44m" "the top line has the theme's blue background"
keys 3
ok_screen 'AttributeError|SSOT VIOLATION' "80x24: 3 shows the failures"
keys 4
ok_screen '#305 waits on nothing, unblocks #271' "80x24: 4 shows the graph"
keys q
ok_screen '^ 1 Issues 8/8' "q goes back from the graph pane to the issue list"
keys q
is "$(wait_exit)" 0 "q there quits with status 0"

start 160 48 "$TRIAGE" seed.md
ok_screen '1 Issues 8/8 .*│ 2 Detail *$' "160x48: the list and the detail side by side"
ok_screen '│ #305  ExecutionTracker' "160x48: the detail names the issue on its first line"
# A capture may fall between two chunks of the first screen: wait for each.
ok_screen '^ 4 Graph' "160x48: the graph pane under the list"
ok_screen '3 Failures #305' "160x48: the failures pane"
ok_screen '5 Commits #305' "160x48: the commits pane"
ok_screen '╟──▶║#271' "160x48: the graph is drawn with box-drawing characters"
keys q
is "$(wait_exit)" 0 "160x48: q quits"

# The terminals of SSH sessions and consoles: each draws the list.
for term in xterm-256color screen linux; do
	TERM_E2E=$term
	start 80 24 "$TRIAGE" seed.md
	ok_screen '^ 1 Issues 8/8' "TERM=$term: the console opens"
	keys j
	ok_screen '^ #307  API Validation' "TERM=$term: keys work"
	keys q
	is "$(wait_exit)" 0 "TERM=$term: and it quits cleanly"
done
TERM_E2E=tmux-256color

# NO_COLOR: attributes only, no colour at all.
start 80 24 env NO_COLOR=1 "$TRIAGE" seed.md
ok_screen '^ 1 Issues 8/8' "NO_COLOR: the console opens"
tm capture-pane -e -p -t "$SESSION" >"$TMP/colours"
unlike "$TMP/colours" "$(printf '\033')\\[([0-9;]*;)?(3[0-7]|4[0-7]|38;5;[0-9]+|48;5;[0-9]+)(;[0-9;]*)?m" "NO_COLOR: no colour is sent"
like "$TMP/colours" "$(printf '\033')\\[([0-9;]*;)?7(;[0-9;]*)?m" "NO_COLOR: the cursor row is reversed instead"
keys q
wait_exit >/dev/null

# A terminal that cannot move the cursor: refused before anything is drawn.
TERM_E2E=dumb
# (The pane is kept open to read what was said.)
start 80 24 "$TRIAGE seed.md; echo \$? >'$TMP/dumb.status'; read x"
ok_screen "the terminal 'dumb' cannot move the cursor" "TERM=dumb: the console says why it does not start"
ok_screen "use 'triage summary'" "TERM=dumb: and what to use instead"
i=0
while [ ! -s "$TMP/dumb.status" ] && [ $i -lt 150 ]; do
	sleep 0.1
	i=$((i + 1))
done
is "$(cat "$TMP/dumb.status")" 1 "TERM=dumb: with status 1, as for any environment that is wrong"
# A terminal terminfo does not know: the same.
TERM_E2E=no-such-terminal-xyz
start 80 24 "$TRIAGE seed.md; echo \$? >'$TMP/unknown.status'; read x"
ok_screen "cannot open the terminal 'no-such-terminal-xyz'" "an unknown TERM: the console says why it does not start"
i=0
while [ ! -s "$TMP/unknown.status" ] && [ $i -lt 150 ]; do
	sleep 0.1
	i=$((i + 1))
done
is "$(cat "$TMP/unknown.status")" 1 "an unknown TERM: with status 1"
TERM_E2E=tmux-256color

# Not a UTF-8 locale: ASCII only, by itself.
start 80 24 env LC_ALL=C "$TRIAGE" seed.md
ok_screen '^ 1 Issues 8/8' "C locale: the console opens"
LC_ALL=C grep -q '[^ -~]' "$TMP/screen"
is $? 1 "C locale: only ASCII is drawn"
keys q
wait_exit >/dev/null

done_testing
