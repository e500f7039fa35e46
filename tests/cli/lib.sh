# TAP helpers for the command-line tests.  Source it, call the checks, end
# with `done_testing`.
set -u
_n=0
_failed=0
: "${TRIAGE:?run through make check}"
: "${top_srcdir:?run through make check}"
: "${JGET:?run through make check}"   # prints a value from JSON: $JGET FILE PATH
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

# A machine of its own: no global git identity, configuration or user name
# leaks in from the one running the tests (a fresh machine has none of
# them), and the login name is a known one.  A test wanting another sets it.
HOME="$TMP/home"
XDG_CONFIG_HOME="$TMP/home/.config"
GIT_CONFIG_NOSYSTEM=1
USER=tester
LOGNAME=tester
export HOME XDG_CONFIG_HOME GIT_CONFIG_NOSYSTEM USER LOGNAME
unset TRIAGE_USER XDG_STATE_HOME   # the note editor's drafts go under this HOME
mkdir -p "$HOME"

ok() {   # ok CONDITION-STATUS DESCRIPTION
	_n=$((_n + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $_n - $2"
	else
		echo "not ok $_n - $2"
		_failed=$((_failed + 1))
	fi
}

# is GOT WANT DESCRIPTION
is() {
	_n=$((_n + 1))
	if [ "$1" = "$2" ]; then
		echo "ok $_n - $3"
	else
		echo "not ok $_n - $3"
		printf '#   got:  %s\n#   want: %s\n' "$1" "$2"
		_failed=$((_failed + 1))
	fi
}

# like FILE PATTERN DESCRIPTION: a line of FILE matches the grep -E pattern
like() {
	grep -Eq -- "$2" "$1"
	local st=$?
	ok $st "$3"
	[ $st -eq 0 ] || { echo "#   no line matches: $2"; sed 's/^/#   | /' "$1" | head -n 20; }
}

# unlike FILE PATTERN DESCRIPTION: no line of FILE matches
unlike() {
	if grep -Eq -- "$2" "$1"; then
		ok 1 "$3"
		grep -E -- "$2" "$1" | sed 's/^/#   | /' | head -n 5
	else
		ok 0 "$3"
	fi
}

done_testing() {
	echo "1..$_n"
	[ "$_failed" -eq 0 ]
}
