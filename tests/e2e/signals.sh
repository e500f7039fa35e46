#!/bin/sh
# A console killed by a signal gives the terminal back as it found it:
# echo and line editing on (stty), the main screen, the cursor shown, no
# mouse reporting, no application keypad.  A file size limit (ulimit -f)
# is a save that fails with a message, not a death.  A hangup or a kill
# while a note is typed keeps the words as a draft first.
. "$top_srcdir/tests/e2e/lib.sh"

make_repo "$TMP/repo"
cd "$TMP/repo" || exit 1

# The terminal as the shell leaves it, to compare with.
start 80 24 "stty -a >'$TMP/stty.before'"
wait_exit >/dev/null

# check_restored NAME: what the pane and stty -a say after the console died.
check_restored() {
	ok_screen '^stty done' "$1: the shell runs again after the console"
	is "$(pane '#{alternate_on}')" 0 "$1: the alternate screen is left"
	is "$(pane '#{cursor_flag}')" 1 "$1: the cursor is shown"
	is "$(pane '#{mouse_any_flag}')" 0 "$1: mouse reporting is off"
	is "$(pane '#{keypad_cursor_flag}')" 0 "$1: cursor keys are back in normal mode"
	is "$(pane '#{keypad_flag}')" 0 "$1: the keypad is back in normal mode"
	for flag in echo icanon isig icrnl ixon opost; do
		grep -Eq "(^| )-$flag( |;|$)" "$TMP/stty.$1"
		is $? 1 "$1: stty -a says $flag, not -$flag"
	done
	cmp -s "$TMP/stty.before" "$TMP/stty.$1"
	st=$?
	ok $st "$1: stty -a is as before the console"
	[ $st -eq 0 ] || diff "$TMP/stty.before" "$TMP/stty.$1" | sed "s/^/#   /"
}

# SIGABRT is what an allocation failure ends in.
for sig in HUP INT QUIT TERM USR1 USR2 ALRM PIPE ABRT; do
	start 80 24 "true; ulimit -c 0; TERM=$TERM_E2E $TRIAGE seed.md; echo \$? >'$TMP/status.$sig'; stty -a >'$TMP/stty.$sig'; echo stty done; read x"
	ok_screen '^ 1 Issues 8/8' "$sig: the console opens"
	pid=$(console_pid)
	kill -s "$sig" "$pid"
	check_restored "$sig"
	case $sig in
	HUP) n=1 ;; INT) n=2 ;; QUIT) n=3 ;; ABRT) n=6 ;; USR1) n=10 ;; USR2) n=12 ;;
	PIPE) n=13 ;; ALRM) n=14 ;; TERM) n=15 ;;
	esac
	is "$(cat "$TMP/status.$sig")" $((128 + n)) "$sig: the console still dies of the signal"
done

# A save over the file size limit: the store's message, no temporary file
# left, the file as it was, the console still running.
"$TRIAGE" set 305 in-progress --note "$(printf '%02000d' 0)" seed.md >/dev/null
cp .triage/progress.json "$TMP/progress.before"
start 80 24 "true; ulimit -f 2; TERM=$TERM_E2E $TRIAGE seed.md; echo \$? >'$TMP/status.XFSZ'; stty -a >'$TMP/stty.XFSZ'; echo stty done; read x"
ok_screen '^ 1 Issues 8/8' "XFSZ: the console opens under ulimit -f"
keys a
ok_screen 'Note' "XFSZ: the note editor opens"
keys "$(printf '%0900d' 0)" Enter
ok_screen 'not saved: .*m more' "XFSZ: the save fails, said on the status line"
keys m
ok_screen 'over the size limit' "XFSZ: with the store's message whole in the messages view"
keys q
cmp -s .triage/progress.json "$TMP/progress.before"
ok $? "XFSZ: the progress file is as it was"
is "$(ls -a .triage | grep -c 'tmp')" 0 "XFSZ: no temporary file is left"
grep -q '^text 0000' "$HOME"/.local/state/triage/drafts/*
ok $? "XFSZ: the note not saved is kept as a draft, for the next session too"
keys q
check_restored XFSZ
is "$(cat "$TMP/status.XFSZ")" 0 "XFSZ: the console quits normally"

# A hangup (an SSH connection dropped) or a kill while a note is being
# typed: the words are kept as a draft, as Esc keeps them, before the
# console gives the terminal back and dies of the signal.
for sig in HUP TERM; do
	rm -rf "$HOME/.local/state"
	start 80 24 "true; ulimit -c 0; TERM=$TERM_E2E $TRIAGE seed.md; echo \$? >'$TMP/status.$sig'; stty -a >'$TMP/stty.$sig'; echo stty done; read x"
	ok_screen '^ 1 Issues 8/8' "$sig while typing: the console opens"
	keys a
	ok_screen 'Note on #305' "$sig while typing: the note editor opens"
	keys -l "typed as the line dropped"
	ok_screen 'typed as the line dropped' "$sig while typing: the words are on the screen"
	kill -s "$sig" "$(console_pid)"
	check_restored "$sig"
	case $sig in HUP) n=1 ;; TERM) n=15 ;; esac
	is "$(cat "$TMP/status.$sig")" $((128 + n)) "$sig while typing: the console still dies of the signal"
	grep -q '^text typed as the line dropped$' "$HOME"/.local/state/triage/drafts/* 2>/dev/null
	ok $? "$sig while typing: the words are kept as a draft"
done

done_testing
