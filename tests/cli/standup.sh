#!/bin/sh
# `triage standup` over two days of work in a real repository: three people
# change states, owners and notes, commit fixes and test changes, edit the
# report, and mark a stand-up each morning.  Each stand-up is checked line
# by line, as text and as markdown.
. "$top_srcdir/tests/cli/lib.sh"
unset TRIAGE_USER TRIAGE_NOW
mkdir -p "$TMP/home"
HOME=$TMP/home
export HOME
unset XDG_CONFIG_HOME
TZ=UTC
export TZ

ALICE="Alice Example <alice@example.com>"
BOB="Bob Builder <bob@example.com>"
CAROL="Carol Chen <carol@example.com>"
REPO=$TMP/repo
mkdir -p "$REPO/docs" "$REPO/tests" "$REPO/src"
cp "$top_srcdir/tests/fixtures/standup-report.md" "$REPO/docs/cluster.md"
for f in cart payment receipt; do echo "# $f" >"$REPO/tests/test_$f.py"; done
git init -q "$REPO"
git -C "$REPO" config user.name "Alice Example"
git -C "$REPO" config user.email alice@example.com
cd "$REPO" || exit 1

# as WHO TIME triage-args...: a change by WHO at TIME (UTC)
as() {
	_who=$1 _at=$2
	shift 2
	TRIAGE_USER=$_who TRIAGE_NOW=$_at "$TRIAGE" "$@"
}
# commit WHO TIME MESSAGE FILE...: WHO changes each FILE (but for the
# progress file, committed as it is) and commits
commit() {
	_name=${1% <*} _email=${1#*<}
	_email=${_email%>}
	_at=$2 _msg=$3
	shift 3
	for _f in "$@"; do
		case $_f in .triage/*) ;; *) echo "$_msg" >>"$_f" ;; esac
	done
	git add "$@"
	GIT_AUTHOR_NAME=$_name GIT_AUTHOR_EMAIL=$_email GIT_AUTHOR_DATE=$_at \
	GIT_COMMITTER_NAME=$_name GIT_COMMITTER_EMAIL=$_email GIT_COMMITTER_DATE=$_at \
		git commit -q -m "$_msg"
}
# same FILE EXPECTED-FILE DESCRIPTION: the whole output, line by line
same() {
	if diff -u "$2" "$1" >"$TMP/diff"; then
		ok 0 "$3"
	else
		ok 1 "$3"
		sed 's/^/#   /' "$TMP/diff"
	fi
}

git add docs tests
GIT_AUTHOR_DATE=2026-11-20T10:00:00Z GIT_COMMITTER_DATE=2026-11-20T10:00:00Z \
	git commit -q -m "Add the checkout cluster report"

# --- day 1: Monday --------------------------------------------------------
as "$ALICE" 2026-11-23T09:00:00Z standup --mark docs/cluster.md >"$TMP/day1" 2>"$TMP/err"
ok $? "the first stand-up, marked, exits 0"
like "$TMP/day1" '^Stand-up since Sun 22 Nov 09:00 \(no stand-up recorded: the last 24 hours\)$' \
	"with no mark yet, it covers the last 24 hours"
like "$TMP/err" '^triage: stand-up marked as held Mon 23 Nov 09:00; the next one starts from here$' \
	"--mark says so on stderr"
is "$($JGET .triage/progress.json 'events.0.field')" "standup" "the mark is an event"
is "$($JGET .triage/progress.json 'events.0.to')" "held" "that says held"
is "$($JGET .triage/progress.json 'events.0.issue')" "null" "for no issue"

as "$ALICE" 2026-11-23T09:30:00Z set 101 in-progress --owner alice --note "totals are rounded twice" >/dev/null
as "$BOB" 2026-11-23T10:15:00Z set 102 in-progress --owner bob >/dev/null
commit "$BOB" 2026-11-23T11:00:00Z "Retry payments with backoff (#102)" src/pay.py
commit "$ALICE" 2026-11-23T14:00:00Z "Round cart totals once (fixes #101)" src/cart.py
commit "$CAROL" 2026-11-23T15:00:00Z "Cover receipt templates" tests/test_receipt.py
as "$ALICE" 2026-11-23T16:30:00Z set 101 fixed >/dev/null
as "$CAROL" 2026-11-23T17:00:00Z set 104 in-progress --owner carol >/dev/null
commit "$ALICE" 2026-11-23T17:30:00Z "Progress of Monday" .triage/progress.json

# --- day 2: Tuesday -------------------------------------------------------
as "$BOB" 2026-11-24T09:00:00Z standup >"$TMP/day2" 2>"$TMP/err"
ok $? "Tuesday's stand-up exits 0"
is "$(cat "$TMP/err")" "" "and says nothing on stderr"
cat >"$TMP/want2" <<'END'
Stand-up since Mon 23 Nov 09:00 (the last stand-up, held by Alice Example)

Progress
  #102 Payment retries
    state open → in-progress (Bob Builder, Mon 23 Nov 10:15)
    owner none → bob (Bob Builder, Mon 23 Nov 10:15)
  #104 Audit log
    state open → in-progress (Carol Chen, Mon 23 Nov 17:00)
    owner none → carol (Carol Chen, Mon 23 Nov 17:00)
  #101 Cart totals drift
    owner none → alice (Alice Example, Mon 23 Nov 09:30)
    note "totals are rounded twice" (Alice Example, Mon 23 Nov 09:30)
    state open → fixed (Alice Example, Mon 23 Nov 16:30)

Commits
  ad1f2b1 Cover receipt templates (Carol Chen, Mon 23 Nov 15:00)
    touches-test #103
  4ae4b6f Round cart totals once (fixes #101) (Alice Example, Mon 23 Nov 14:00)
    fixes #101
  b3c8d2e Retry payments with backoff (#102) (Bob Builder, Mon 23 Nov 11:00)
    mentions #102

The graph
  fixed 0/4 → 1/4
  became ready:
    #102 Payment retries (was waiting on #101)
  blocked:
    #103 waits on #102, #104
  critical path: #102 → #103
    was: #101 → #102 → #103

Owners
  alice: #101 fixed
  bob: #102 in-progress
  carol: #104 in-progress
  P0 and P1 issues nobody owns:
    #103 Receipt e-mails (P1)

The reports
  docs/cluster.md: unchanged

Failure groups
  no new failure groups
END
# Commit ids depend on the bytes committed: compare them as placeholders.
sed -E 's/^  [0-9a-f]{7} /  XXXXXXX /' "$TMP/day2" >"$TMP/got2"
sed -E 's/^  [0-9a-f]{7} /  XXXXXXX /' "$TMP/want2" >"$TMP/want2x"
same "$TMP/got2" "$TMP/want2x" "Tuesday's stand-up tells Monday, line by line"
as "$BOB" 2026-11-24T09:05:00Z standup --mark >/dev/null 2>&1
ok $? "Bob marks Tuesday's stand-up"

# The report's second run: #101 passes now, #102's cause is confirmed, a new
# issue with a new failure appears.
python_free_edit() {
	sed -e 's/^- 6 failed, 2 passed out of 8 tests$/- 0 failed, 8 passed out of 8 tests/' \
	    -e '/^## Issue #102/,/^## Issue #103/s/^\*\*Status:\*\* ROOT CAUSE IDENTIFIED$/**Status:** CONFIRMED/' \
	    docs/cluster.md >"$TMP/edited"
	cat >>"$TMP/edited" <<'END'

## Issue #105 — Refund rounding

**Priority:** P0
**Status:** REPRODUCED

```
ValueError: refund of -3 is below zero
```
END
	cp "$TMP/edited" docs/cluster.md
}
python_free_edit
git add docs/cluster.md
GIT_AUTHOR_DATE=2026-11-24T10:00:00Z GIT_COMMITTER_DATE=2026-11-24T10:00:00Z \
	git commit -q -m "Report: the second run"
as "$BOB" 2026-11-24T11:00:00Z set 102 fixed --note "backoff in place" >/dev/null
as "$CAROL" 2026-11-24T12:00:00Z ack 102 >"$TMP/out" 2>&1
ok $? "ack ISSUE acknowledges its failure groups"
is "$(cat "$TMP/out")" "acknowledged: TimeoutError: payment gateway did not answer in Ns" "and says which"
as "$CAROL" 2026-11-24T13:00:00Z set 104 fixed >/dev/null
as "$ALICE" 2026-11-24T14:00:00Z note 103 "templates need the new totals" >/dev/null
commit "$CAROL" 2026-11-24T15:00:00Z "Log refunds for audit, see #104 and #105" src/audit.py

# --- day 3: Wednesday -----------------------------------------------------
as "$CAROL" 2026-11-25T09:00:00Z standup >"$TMP/day3" 2>"$TMP/err"
ok $? "Wednesday's stand-up exits 0"
cat >"$TMP/want3" <<'END'
Stand-up since Tue 24 Nov 09:05 (the last stand-up, held by Bob Builder)

Progress
  #102 Payment retries
    state in-progress → fixed (Bob Builder, Tue 24 Nov 11:00)
    note "backoff in place" (Bob Builder, Tue 24 Nov 11:00)
  #103 Receipt e-mails
    note "templates need the new totals" (Alice Example, Tue 24 Nov 14:00)
  #104 Audit log
    state in-progress → fixed (Carol Chen, Tue 24 Nov 13:00)

Commits
  XXXXXXX Log refunds for audit, see #104 and #105 (Carol Chen, Tue 24 Nov 15:00)
    mentions #104, #105

The graph
  fixed 1/4 → 3/5
  became ready:
    #103 Receipt e-mails (was waiting on #102, #104)
  ready now, nobody owns it:
    #103 Receipt e-mails (P1)
    #105 Refund rounding (P0)
  critical path: none
    was: #102 → #103

Owners
  alice: #101 fixed
  bob: #102 fixed
  carol: #104 fixed
  P0 and P1 issues nobody owns:
    #103 Receipt e-mails (P1)
    #105 Refund rounding (P0)

The reports
  docs/cluster.md: a new version since XXXXXXX of Mon 23 Nov 17:30
    #101 6 failed, 2 passed → 0 failed, 8 passed
    #102 root-cause-identified → confirmed
    added #105 Refund rounding

Failure groups
  new: ValueError: refund of -N is below zero (1 line in #105)
  acknowledged: TimeoutError: payment gateway did not answer in Ns (Carol Chen, Tue 24 Nov 12:00)
  1 acknowledged group left out
END
sed -E 's/^  [0-9a-f]{7} /  XXXXXXX /; s/since [0-9a-f]{7} of/since XXXXXXX of/' "$TMP/day3" >"$TMP/got3"
same "$TMP/got3" "$TMP/want3" "Wednesday's stand-up tells Tuesday, line by line"

as "$CAROL" 2026-11-25T09:00:00Z standup --format markdown >"$TMP/day3.md" 2>"$TMP/err"
ok $? "the markdown stand-up exits 0"
cat >"$TMP/want3.md" <<'END'
## Stand-up since Tue 24 Nov 09:05 (the last stand-up, held by Bob Builder)

### Progress

- **#102** Payment retries
  - state in-progress → fixed (Bob Builder, Tue 24 Nov 11:00)
  - note "backoff in place" (Bob Builder, Tue 24 Nov 11:00)
- **#103** Receipt e-mails
  - note "templates need the new totals" (Alice Example, Tue 24 Nov 14:00)
- **#104** Audit log
  - state in-progress → fixed (Carol Chen, Tue 24 Nov 13:00)

### Commits

- `XXXXXXX` Log refunds for audit, see #104 and #105 (Carol Chen, Tue 24 Nov 15:00)
  - mentions **#104**, **#105**

### The graph

- fixed 1/4 → 3/5
- became ready:
  - **#103** Receipt e-mails (was waiting on **#102**, **#104**)
- ready now, nobody owns it:
  - **#103** Receipt e-mails (P1)
  - **#105** Refund rounding (P0)
- critical path: none
  - was: **#102** → **#103**

### Owners

- alice: **#101** fixed
- bob: **#102** fixed
- carol: **#104** fixed
- P0 and P1 issues nobody owns:
  - **#103** Receipt e-mails (P1)
  - **#105** Refund rounding (P0)

### The reports

- docs/cluster.md: a new version since `XXXXXXX` of Mon 23 Nov 17:30
  - **#101** 6 failed, 2 passed → 0 failed, 8 passed
  - **#102** root-cause-identified → confirmed
  - added **#105** Refund rounding

### Failure groups

- new: `ValueError: refund of -N is below zero` (1 line in **#105**)
- acknowledged: `TimeoutError: payment gateway did not answer in Ns` (Carol Chen, Tue 24 Nov 12:00)
- 1 acknowledged group left out
END
sed -E 's/`[0-9a-f]{7}`/`XXXXXXX`/' "$TMP/day3.md" >"$TMP/got3.md"
same "$TMP/got3.md" "$TMP/want3.md" "and as markdown, line by line"

# --- the export carries the progress and the marks ---------------------------
as "$CAROL" 2026-11-25T09:10:00Z export >"$TMP/export.json" 2>/dev/null
ok $? "export exits 0"
is "$($JGET "$TMP/export.json" 'issues.[id=#102].progress.state')" "fixed" "each issue's progress state"
is "$($JGET "$TMP/export.json" 'issues.[id=#102].progress.owner')" "bob" "its owner"
is "$($JGET "$TMP/export.json" 'issues.[id=#102].progress.notes.0.text')" "backoff in place" "its notes"
is "$($JGET "$TMP/export.json" 'issues.[id=#102].progress.last_change.field')" "note" "and its last change"
is "$($JGET "$TMP/export.json" 'issues.[id=#102].progress.last_change.at')" "2026-11-24T11:00:00Z" "when"
is "$($JGET "$TMP/export.json" 'issues.[id=#105].progress.state')" "open" "an untouched issue is open"
is "$($JGET "$TMP/export.json" 'issues.[id=#105].progress.last_change')" "null" "with no last change"
is "$($JGET "$TMP/export.json" 'standups.length')" 2 "the stand-ups marked"
is "$($JGET "$TMP/export.json" 'standups.1.by')" "$BOB" "who held them"

# --- the summary has the team's word too ----------------------------------------
as "$CAROL" 2026-11-25T09:10:00Z summary --width 120 >"$TMP/summary" 2>/dev/null
like "$TMP/summary" '^ID +PRI +STATUS +STATE +OWNER +FAIL' "summary has state and owner columns"
like "$TMP/summary" '^#102 +P1 +confirmed +fixed +bob +' "each issue's progress state and owner"
like "$TMP/summary" '^#105 +P0 +reproduced +open +- +' "an untouched issue: open, nobody"

done_testing
