#!/bin/sh
# Builds a demo repository for triage: the bundled example report in a
# small project where three people worked on its issues for two days, dated
# relative to now.  Everything is made with git and triage's own commands
# (TRIAGE_NOW dates each change), so the result is what a team would have:
#   - a few dozen commits by Alice, Bob and Carol that fix the issues,
#     mention them, or change the test files the report names;
#   - .triage/progress.json with two days of owners, states and notes, and
#     a stand-up marked yesterday morning;
#   - two versions of the report: the first run, and today's.
#
#   examples/demo.sh [DIR [TRIAGE]]
#
# DIR defaults to $TMPDIR/triage-demo (a demo made before is made again;
# any other non-empty directory is left alone), TRIAGE to the triage built
# beside this script.  Prints DIR.  Then: cd DIR && triage
set -eu

here=$(cd "$(dirname "$0")" && pwd)
dir=${1:-${TMPDIR:-/tmp}/triage-demo}
triage=${2:-$here/../triage}
report=$here/cluster-report.md
[ -x "$triage" ] || { echo "demo: no triage at $triage: build it first (./setup.sh)" >&2; exit 1; }
[ -f "$report" ] || { echo "demo: no example report at $report" >&2; exit 1; }
triage=$(cd "$(dirname "$triage")" && pwd)/$(basename "$triage")

if [ -e "$dir" ]; then
	if [ -f "$dir/.git/triage-demo" ]; then
		rm -rf "$dir"
	elif [ -n "$(ls -A "$dir" 2>/dev/null)" ]; then
		echo "demo: $dir is not empty and is not a demo made before: choose another directory" >&2
		exit 1
	fi
fi
mkdir -p "$dir"
cd "$dir"
git init -q
: >.git/triage-demo
git config user.name "Alice Example"
git config user.email alice@example.com
git config merge.triage.driver "triage merge-driver %O %A %B"
# The demo must not depend on the machine's git or triage settings.
unset TRIAGE_USER GIT_AUTHOR_NAME GIT_AUTHOR_EMAIL GIT_COMMITTER_NAME GIT_COMMITTER_EMAIL || true

ALICE="Alice Example <alice@example.com>"
BOB="Bob Builder <bob@example.com>"
CAROL="Carol Chen <carol@example.com>"
now=$(date +%s)
today=$(( now - now % 86400 ))  # midnight, UTC
day1=$(( today - 2 * 86400 ))    # the day before yesterday: the first run
day2=$(( today - 86400 ))        # yesterday: the stand-up, then a day's work
at() { echo $(( $1 + $2 * 3600 + ${3:-0} * 60 )); }   # at DAY HOUR [MINUTE]

# as WHO TIME triage-args...
as() {
	_who=$1 _t=$2
	shift 2
	TRIAGE_USER=$_who TRIAGE_NOW=@$_t "$triage" "$@" >/dev/null
}
# commit WHO TIME MESSAGE FILE...: WHO changes each FILE (the progress file
# and the report as they are) and commits
commit() {
	_name=${1% <*} _email=${1#*<}
	_email=${_email%>}
	_t=$2 _msg=$3
	shift 3
	for _f in "$@"; do
		case $_f in
		.triage/*|docs/*) ;;
		*) mkdir -p "$(dirname "$_f")"; printf '# %s\n' "$_msg" >>"$_f" ;;
		esac
	done
	git add -- "$@"
	GIT_AUTHOR_NAME=$_name GIT_AUTHOR_EMAIL=$_email GIT_AUTHOR_DATE=@$_t \
	GIT_COMMITTER_NAME=$_name GIT_COMMITTER_EMAIL=$_email GIT_COMMITTER_DATE=@$_t \
		git commit -q -m "$_msg"
}

T_TRACKER=tests/unit/core/test_execution_tracker_ssot.py
T_API=tests/unit/api/test_validation_error_prevention.py
T_WS=tests/integration/websocket/test_websocket_await_expression_fixes.py
T_ISO=tests/unit/golden_path/test_user_context_isolation_comprehensive.py

# --- before: the project, and the report's first run ------------------------
t0=$(( day1 - 3 * 86400 ))
echo '.triage/progress.json merge=triage' >.gitattributes
commit "$ALICE" "$(at $t0 10)" "Start the backend" .gitattributes src/backend/app.py src/backend/tracker.py
commit "$BOB" "$(at $t0 11)" "Add the websocket layer" src/backend/websocket.py
commit "$CAROL" "$(at $t0 14)" "Add API validation" src/backend/api.py
commit "$ALICE" "$(at $t0 16)" "Tests for the tracker, the API, websockets and isolation" \
	"$T_TRACKER" "$T_API" "$T_WS" "$T_ISO"

# The first run found #305 failing harder and #307 only partly understood.
mkdir -p docs
sed -e 's/^- 6 failed, 2 passed out of 8 tests/- 8 failed, 0 passed out of 8 tests/' \
    -e 's/^\(\*\*Execution Date:\*\*\) 2025-09-11 16:48-16:53/\1 2025-09-10 09:12-09:20/' \
    -e 's/^\(\*\*Status:\*\* .*\)PARTIALLY REPRODUCED/\1NOT REPRODUCED/' \
    "$report" >docs/cluster-report.md
commit "$ALICE" "$(at $day1 8 30)" "Cluster report: the first run" docs/cluster-report.md

# --- the day before yesterday ------------------------------------------------
as "$ALICE" "$(at $day1 9 10)" set 305 in-progress --owner alice \
	--note "the tracker builds its states from two enums" docs/cluster-report.md
as "$BOB" "$(at $day1 9 40)" set 308 in-progress --owner bob --note "the dispatcher module was renamed"
as "$CAROL" "$(at $day1 10 5)" set 307 in-progress --owner carol
commit "$ALICE" "$(at $day1 10 30)" "Tracker: one enum for execution states (#305)" src/backend/tracker.py
commit "$BOB" "$(at $day1 11)" "Dispatcher: restore the enhanced_dispatcher import path, see #308" src/backend/dispatch.py
commit "$ALICE" "$(at $day1 11 45)" "Cover the dead and completing states" "$T_TRACKER"
commit "$CAROL" "$(at $day1 13)" "API: a subTest shim for the validation tests (#307)" src/backend/api.py
commit "$BOB" "$(at $day1 14)" "Fix the import of the tool dispatcher (fixes #308)" src/backend/dispatch.py
as "$BOB" "$(at $day1 14 10)" set 308 fixed
commit "$CAROL" "$(at $day1 15)" "Validation tests use the shim" "$T_API"
as "$CAROL" "$(at $day1 15 20)" note 307 "the 422s come from the boundary tests, not the API"
commit "$ALICE" "$(at $day1 16)" "Tracker: map legacy dict states onto the enum, refs #305" src/backend/tracker.py
as "$BOB" "$(at $day1 16 30)" set 306 in-progress --owner bob
commit "$BOB" "$(at $day1 17)" "Test discovery: collect again after the import fix (#306)" src/backend/discovery.py
commit "$ALICE" "$(at $day1 17 30)" "Progress: the first day" .triage/progress.json

# --- yesterday: the stand-up, then a day's work ---------------------------------
as "$ALICE" "$(at $day2 9)" standup --mark 2>/dev/null
as "$BOB" "$(at $day2 9 20)" set 306 fixed --note "collection is clean"
commit "$BOB" "$(at $day2 9 15)" "Closes #306: discovery survives a missing module" src/backend/discovery.py
commit "$ALICE" "$(at $day2 10)" "Fix ExecutionTracker dict/enum confusion (fixes #305)" src/backend/tracker.py
commit "$ALICE" "$(at $day2 10 20)" "Tracker tests: the dead and completing states" "$T_TRACKER"
as "$ALICE" "$(at $day2 10 30)" set 305 fixed --note "merged; the tests pass locally"
as "$ALICE" "$(at $day2 10 35)" set 271 in-progress --owner alice
commit "$CAROL" "$(at $day2 11)" "API validation: reject empty payloads with 400, see #307" src/backend/api.py
commit "$BOB" "$(at $day2 11 30)" "WebSocket: await the send in the event loop (#292)" src/backend/websocket.py
as "$BOB" "$(at $day2 11 40)" set 292 in-progress --owner bob
commit "$BOB" "$(at $day2 12 30)" "WebSocket tests: give each test its own user" "$T_WS"
commit "$ALICE" "$(at $day2 13 30)" "UserContextManager: set_context_data and the isolation checks (#271)" src/backend/context.py
commit "$ALICE" "$(at $day2 14)" "Isolation tests use the context manager" "$T_ISO"
as "$CAROL" "$(at $day2 14 30)" set 307 fixed --note "boundary tests fixed; 422s gone"
commit "$CAROL" "$(at $day2 14 20)" "Fixes #307: validation errors carry the field" src/backend/api.py
as "$CAROL" "$(at $day2 15)" set 316 in-progress --owner carol
commit "$CAROL" "$(at $day2 15 30)" "OAuth: retry the Redis connection with backoff (#316)" src/backend/oauth.py
as "$CAROL" "$(at $day2 15 40)" ack 316
# The report's second run: the bundled example as it is.
cp "$report" docs/cluster-report.md
commit "$ALICE" "$(at $day2 16)" "Cluster report: the second run" docs/cluster-report.md
as "$BOB" "$(at $day2 16 30)" note 292 "one await left, in the broadcast path"
commit "$ALICE" "$(at $day2 17 30)" "Progress: the second day" .triage/progress.json

# --- this morning, before the stand-up ----------------------------------------
if [ "$(at "$today" 8)" -lt "$now" ]; then
	commit "$BOB" "$(at "$today" 8)" "WebSocket: await the broadcast too, refs #292" src/backend/websocket.py
fi
echo "$dir"
