# End-to-end helpers: the console in a real terminal, tmux, on a private
# server with no user configuration.  Source after setting nothing; call
#   start W H COMMAND...   open the console (or anything) in a W x H terminal
#   keys KEY...            tmux send-keys
#   wait_for REGEX [SECS]  poll the screen until a line matches (default 15 s: CI runs the sanitizer build with other tests beside it)
#   screen                 the screen as text, in $TMP/screen
. "$top_srcdir/tests/cli/lib.sh"

SOCK="triage-e2e-$$"
SESSION=t0
nsessions=0
tm() { tmux -u -L "$SOCK" -f /dev/null "$@"; }
trap 'tm kill-server >/dev/null 2>&1; rm -rf "$TMP"' EXIT

# A fixed, known terminal; each test may choose another.
TERM_E2E=${TERM_E2E:-tmux-256color}

start() {   # start W H COMMAND...
	w=$1 h=$2
	shift 2
	# A new session each time: killing the last one would stop the server
	# under the next command.
	nsessions=$((nsessions + 1))
	SESSION=t$nsessions
	# remain-on-exit keeps the pane after the program ends, to read its
	# exit status and what it left on the screen.
	tm new-session -d -s "$SESSION" -x "$w" -y "$h" \
		"env TERM=$TERM_E2E $*; echo \$? >'$TMP/exit.$SESSION'" \
		\; set-option -t "$SESSION" remain-on-exit on >/dev/null
}

keys() { tm send-keys -t "$SESSION" "$@"; }

screen() { tm capture-pane -p -t "$SESSION" >"$TMP/screen" 2>/dev/null; }

# Polls rather than sleeping a fixed time: fast when the console is, and
# patient on a loaded machine.
wait_for() {   # wait_for REGEX [SECONDS]
	tenths=$(( ${2:-15} * 10 ))
	i=0
	while [ $i -lt $tenths ]; do
		screen
		grep -Eq -- "$1" "$TMP/screen" && return 0
		sleep 0.1
		i=$((i + 1))
	done
	return 1
}

# ok_screen REGEX DESCRIPTION [SECONDS]: waits for the screen, then reports.
ok_screen() {
	wait_for "$1" "${3:-15}"
	st=$?
	ok $st "$2"
	[ $st -eq 0 ] || { echo "#   no line matches: $1"; sed 's/^/#   | /' "$TMP/screen"; }
}

pane() { tm display-message -p -t "$SESSION" "$1"; }   # pane '#{pane_title}'

# Waits until the program in the pane has ended; prints its exit status.
# (The shell around it writes the status down: tmux's own pane_dead_status
# can stay empty when the pane closes before the program is reaped.)
wait_exit() {
	i=0
	while [ $i -lt 50 ]; do
		if [ -s "$TMP/exit.$SESSION" ]; then
			cat "$TMP/exit.$SESSION"
			return 0
		fi
		sleep 0.1
		i=$((i + 1))
	done
	echo timeout
}

# A git repository holding a copy of the seed, with a known user.
make_repo() {   # make_repo DIR
	mkdir -p "$1"
	git -C "$1" init -q .
	git -C "$1" config user.name "Ada Lovelace"
	git -C "$1" config user.email ada@example.org
	cp "$TRIAGE_SEED" "$1/seed.md"
}

unset TRIAGE_USER NO_COLOR XDG_STATE_HOME
HOME="$TMP/home"
XDG_CONFIG_HOME="$TMP/config"
GIT_CONFIG_NOSYSTEM=1
export HOME XDG_CONFIG_HOME GIT_CONFIG_NOSYSTEM
mkdir -p "$HOME"

# The console's process id: the child of the shell tmux started in the pane.
console_pid() {
	shell=$(pane '#{pane_pid}')
	for stat in /proc/[0-9]*/stat; do
		# Fields after the command name, which is in parentheses.
		rest=$(sed 's/^.*) //' "$stat" 2>/dev/null) || continue
		set -- $rest
		if [ "${2:-}" = "$shell" ]; then
			pid=${stat#/proc/}
			echo "${pid%/stat}"
			return 0
		fi
	done
	return 1
}

# CPU time (user + system) a process has used, in clock ticks.
cpu_ticks() {
	rest=$(sed 's/^.*) //' "/proc/$1/stat")
	set -- $rest
	echo $(( ${12} + ${13} ))
}
