#!/bin/sh
# `triage set`, `triage note`, `triage status`: remediation progress kept in
# .triage/progress.json, as a user records and reads it.
. "$top_srcdir/tests/cli/lib.sh"
unset TRIAGE_USER
# Who the user is comes from the repository made here, never from the
# machine running the tests.
mkdir -p "$TMP/home"
HOME=$TMP/home
export HOME
unset XDG_CONFIG_HOME

REPO=$TMP/repo
F=$REPO/.triage/progress.json
mkdir -p "$REPO/docs"
cp "$TRIAGE_SEED" "$REPO/docs/cluster.md"
git init -q "$REPO"
git -C "$REPO" config user.name "Alice Example"
git -C "$REPO" config user.email alice@example.com
cd "$REPO/docs" || exit 1

# --- set, in a subdirectory of a repository --------------------------------
"$TRIAGE" set 305 in-progress --owner alice --note "enum vs dict" cluster.md >"$TMP/out" 2>"$TMP/err"
ok $? "set ISSUE STATE --owner --note REPORT exits 0"
test -f "$F"
ok $? "the progress file is .triage/progress.json at the top of the work tree"
is "$($JGET "$F" 'issues.#305.state')" "in-progress" "the state is saved"
is "$($JGET "$F" 'issues.#305.owner')" "alice" "the owner is saved"
is "$($JGET "$F" 'issues.#305.notes.0.text')" "enum vs dict" "the note is saved"
is "$($JGET "$F" 'issues.#305.updated_by')" "Alice Example <alice@example.com>" \
	"the user is git's user.name and user.email"
like "$TMP/out" '^#305: state open → in-progress$' "set says what it saved"
like "$TMP/out" '^#305: owner none → alice$' "including the owner"
is "$($JGET "$F" events.length)" 3 "three events"
is "$($JGET "$F" 'events.0.field')" "state" "the first is the state"
is "$($JGET "$F" 'events.0.from')" "open" "from open"
is "$($JGET "$F" 'events.0.to')" "in-progress" "to in-progress"
like "$F" '^  "version": 1,$' "the file has a version, two-space indent"
is "$(tail -c 1 "$F" | od -An -c | tr -d ' ')" '\n' "and a final newline"
is "$($JGET "$F" reports.0)" "../docs/cluster.md" "the report is remembered, relative to the file"

# --- later commands without a report use the remembered one ---------------
"$TRIAGE" note 305 "second look" >"$TMP/out" 2>"$TMP/err"
ok $? "note without a report uses the one remembered"
is "$($JGET "$F" 'issues.#305.notes.length')" 2 "the note is added"
is "$($JGET "$F" 'issues.#305.notes.1.text')" "second look" "after the first"
like "$TMP/out" '^#305: note added: second look$' "note says what it saved"

TRIAGE_USER="Bob Example <bob@example.com>" "$TRIAGE" set "#307" fixed >/dev/null 2>&1
ok $? "set with TRIAGE_USER"
is "$($JGET "$F" 'issues.#307.updated_by')" "Bob Example <bob@example.com>" "TRIAGE_USER names the user"
TRIAGE_USER="Bob" "$TRIAGE" --user "Carol <carol@example.com>" set golden-path verified >/dev/null 2>&1
is "$($JGET "$F" 'issues.golden-path.updated_by')" "Carol <carol@example.com>" "--user wins over TRIAGE_USER"
is "$($JGET "$F" 'issues.golden-path.state')" "verified" "a named issue takes a state too"

"$TRIAGE" set 307 fixed >"$TMP/out" 2>&1
ok $? "setting the state it already has is fine"
like "$TMP/out" '^nothing to change$' "and says so"

# --- status ------------------------------------------------------------------
cd "$TMP" || exit 1
"$TRIAGE" -C "$REPO" status >"$TMP/status" 2>"$TMP/err"
ok $? "status -C REPO works from elsewhere"
like "$TMP/status" '^ISSUE +STATE +OWNER +LAST CHANGE$' "status has a header"
like "$TMP/status" '^#305 +in-progress +alice +just now Alice Example: note: second look$' \
	"each issue with state, owner and last change: how long ago, and the name without the address"
like "$TMP/status" '^#307 +fixed +- +just now Bob Example: state fixed$' "a state change as last change"
ok "$(awk '{ sub(/…$/, "x") } length($0) > 80' "$TMP/status" | wc -l)" "status fits 80 columns in a file or a pipe"
like "$TMP/status" '^#306 +open +- +-$' "an untouched issue is open"
is "$(wc -l <"$TMP/status" | tr -d ' ')" 9 "every issue of the report is listed"

# Two people of one name keep the addresses that tell them apart.
"$TRIAGE" -C "$REPO" --user "Alice Example <alice@elsewhere.org>" set 308 in-progress >/dev/null 2>&1
COLUMNS=200 "$TRIAGE" -C "$REPO" status >"$TMP/status" 2>"$TMP/err"
like "$TMP/status" '^#305 .* Alice Example <alice@example.com>: note: second look$' \
	"two people of one name: each is shown with the address"
like "$TMP/status" '^#308 .* Alice Example <alice@elsewhere.org>: state in-progress$' "the other too"
like "$TMP/status" '^#307 .* Bob Example: state fixed$' "a name nobody else has stays alone"

# --- errors: nothing is written -----------------------------------------------
cd "$REPO/docs" || exit 1
cp "$F" "$TMP/before"
"$TRIAGE" set 999 fixed >"$TMP/out" 2>"$TMP/err"
is $? 1 "an unknown issue is an error"
like "$TMP/err" "999: no such issue in the reports \(known: #305, #307" "that lists the known issues"
"$TRIAGE" set 305 done >"$TMP/out" 2>"$TMP/err"
is $? 2 "an unknown state is a usage error"
like "$TMP/err" "'done' is not a state: use open, in-progress, fixed, verified or wont-fix" \
	"that lists the states"
"$TRIAGE" note 999 "a note" >"$TMP/out" 2>"$TMP/err"
is $? 1 "a note on an unknown issue is an error"
like "$TMP/err" "999: no such issue in the reports" "that names the issue"
"$TRIAGE" note 305 "   " >/dev/null 2>&1
is $? 2 "an empty note is a usage error"
"$TRIAGE" set 305 fixed --note "   " >/dev/null 2>"$TMP/err"
is $? 2 "a blank --note is a usage error too"
like "$TMP/err" "the note is empty; nothing was saved" "that says so"
"$TRIAGE" set 305 >/dev/null 2>&1
is $? 2 "set without a state is a usage error"
cmp -s "$F" "$TMP/before"
ok $? "after all those errors the file is unchanged"

# --- text from users is inert on the terminal ---------------------------------
"$TRIAGE" note 306 "$(printf 'red \033[31m bell \007 csi \302\233')" >"$TMP/out" 2>&1
ok $? "a note with escape sequences is saved"
"$TRIAGE" status >"$TMP/status" 2>&1
unlike "$TMP/status" "$(printf '\033')" "status shows no raw ESC"
unlike "$TMP/status" "$(printf '\302\233')" "nor a raw C1 control"
unlike "$TMP/out" "$(printf '\007')" "set shows no raw BEL"
unlike "$F" "$(printf '\033')" "the file holds no raw ESC either"

# --- a stale lock -------------------------------------------------------------
echo "pid 4242 on a-host-that-crashed" >"$REPO/.triage/progress.json.lock"
"$TRIAGE" set 308 in-progress >/dev/null 2>"$TMP/err"
ok $? "a lock left by a killed session does not block"
test ! -e "$REPO/.triage/progress.json.lock"
ok $? "and is cleared"
flock "$REPO/.triage/progress.json.lock" sleep 1 &
holder=$!
sleep 0.3
"$TRIAGE" set 308 fixed >/dev/null 2>"$TMP/err"
ok $? "a held lock is waited for"
wait $holder
is "$($JGET "$F" 'issues.#308.state')" "fixed" "and the change is saved after it"

# --- damaged and newer files are left alone ------------------------------------
check_untouched() {   # FILE-CONTENT PATTERN WHAT
	printf '%s' "$1" >"$F"
	"$TRIAGE" set 305 fixed >"$TMP/out" 2>"$TMP/err"
	is $? 1 "$3: set fails"
	like "$TMP/err" "$2" "$3: the error says what is wrong"
	like "$TMP/err" "$F" "$3: and names the file"
	is "$(cat "$F")" "$1" "$3: the file is left as it was"
	"$TRIAGE" status cluster.md >"$TMP/out" 2>"$TMP/err"
	is $? 1 "$3: status fails, as the states cannot be read"
	like "$TMP/out" '^#306 +open ' "$3: but still lists the report's issues"
	like "$TMP/err" "$2" "$3: and says why"
}
cp "$F" "$TMP/good"
check_untouched '{"version": 1, "issues": {"#305": ' 'damaged progress file' "a truncated file"
check_untouched '{"version": 7, "issues": {}}' 'written by a newer triage .*upgrade triage' "a newer version"
check_untouched "$(printf '{\n<<<<<<< HEAD\n"version": 1\n=======\n>>>>>>> b\n}')" \
	'progress.json:2: the progress file holds git conflict markers' "a file with conflict markers"
cp "$TMP/good" "$F"

# A report remembered and gone: status lists what the file holds, and fails.
mv cluster.md cluster.md.away
"$TRIAGE" status >"$TMP/out" 2>"$TMP/err"
is $? 1 "status fails when no remembered report can be read"
like "$TMP/err" 'cluster.md: cannot open' "and names the report"
like "$TMP/out" '^#305 ' "but lists the issues the file holds"
mv cluster.md.away cluster.md
"$TRIAGE" status >/dev/null 2>&1
ok $? "and succeeds again once the report is back"

# A report outside the work tree is read but not remembered: the file is
# shared, and every later command would refuse the path with a warning.
mkdir -p "$TMP/elsewhere"
cp cluster.md "$TMP/elsewhere/other.md"
"$TRIAGE" set 306 in-progress "$TMP/elsewhere/other.md" >/dev/null 2>"$TMP/err"
ok $? "set on a report outside the work tree works"
unlike "$F" 'other\.md' "but the report is not remembered"
"$TRIAGE" status >/dev/null 2>"$TMP/err"
ok $? "and status after it succeeds"
is "$(cat "$TMP/err")" "" "with no warning about the report"
"$TRIAGE" set 306 open >/dev/null 2>&1

# --- a full disk: a write that fails leaves the old file whole ----------------
cp "$F" "$TMP/before"
big=$(awk 'BEGIN { for (i = 0; i < 400; i++) printf "0123456789" }')
( trap '' XFSZ; ulimit -f 1; exec "$TRIAGE" note 305 "$big" ) >"$TMP/out" 2>"$TMP/err"
is $? 1 "a save the disk cannot hold fails"
like "$TMP/err" "progress.json: cannot save \(writing: File too large\)" "with the cause"
like "$TMP/err" "the file is as it was" "and says the file is unchanged"
cmp -s "$F" "$TMP/before"
ok $? "the old file is whole"
test ! -e "$F.tmp"
ok $? "no temporary file is left"

# --- outside a repository: beside the report; no user is an error -------------
mkdir -p "$TMP/plain"
cp "$TRIAGE_SEED" "$TMP/plain/report.md"
cd "$TMP/plain" || exit 1
env -u USER -u LOGNAME "$TRIAGE" set 305 fixed report.md >/dev/null 2>"$TMP/err"
is $? 1 "without git identity, --user, TRIAGE_USER or a login name, set fails"
like "$TMP/err" "who is making this change\?" "and asks who"
test ! -e "$TMP/plain/.triage/progress.json"
ok $? "and writes nothing"
printf '[user]\n\tname = Glob Al\n\temail = glob@example.com\n' >"$HOME/.gitconfig"
"$TRIAGE" note 305 "from the global identity" report.md >/dev/null 2>"$TMP/err"
ok $? "outside a repository, the global git identity is used"
is "$("$JGET" "$TMP/plain/.triage/progress.json" 'issues.#305.notes.0.by')" "Glob Al <glob@example.com>" "and recorded as the author"
rm -rf "$HOME/.gitconfig" "$TMP/plain/.triage"
"$TRIAGE" --user "Dana <dana@example.com>" set 305 fixed report.md >/dev/null 2>"$TMP/err"
ok $? "outside a repository, with --user, set works"
test -f "$TMP/plain/.triage/progress.json"
ok $? "and the file is beside the report"

# From outside, on a report inside a repository: that repository's file.
"$TRIAGE" --user "Dana <dana@example.com>" set 306 in-progress "$REPO/docs/cluster.md" >/dev/null 2>"$TMP/err"
ok $? "set from outside on a report in a repository"
is "$($JGET "$F" 'issues.#306.state')" "in-progress" "saves in the file at the top of its work tree"
test ! -e "$REPO/docs/.triage"
ok $? "not in a second file beside the report"
"$TRIAGE" note 306 "from outside" "$REPO/docs/cluster.md" >/dev/null 2>"$TMP/err"
ok $? "note from outside, with no --user"
is "$($JGET "$F" 'issues.#306.updated_by')" "Alice Example <alice@example.com>" \
	"is recorded under that repository's user.name and user.email"

"$TRIAGE" --user Dana --state "$TMP/elsewhere.json" set 307 wont-fix report.md >/dev/null 2>&1
ok $? "--state FILE"
is "$($JGET "$TMP/elsewhere.json" 'issues.#307.state')" "wont-fix" "keeps progress in FILE"

# --- a directory the user may not write -----------------------------------------
if [ "$(id -u)" -eq 0 ]; then
	# Root writes anywhere: run as nobody, for whom the directory is read-only.
	as_user="setpriv --reuid=65534 --regid=65534 --clear-groups"
else
	as_user=""
fi
# Somewhere that user can reach ($TMP may sit in a directory only root enters).
BASE=$TMP
chmod 755 "$TMP"
$as_user test -x "$TMP" 2>/dev/null || BASE=$(mktemp -d /tmp/triage-ro.XXXXXX)
chmod 755 "$BASE"
RO=$BASE/ro
mkdir -p "$RO"
cp "$TRIAGE_SEED" "$RO/report.md"
"$TRIAGE" --user Dana --state "$RO/progress.json" set 305 fixed "$RO/report.md" >/dev/null 2>&1
cp "$RO/progress.json" "$TMP/before"
cp "$TRIAGE" "$BASE/triage-bin"
chmod 755 "$BASE/triage-bin"
chmod 644 "$RO/progress.json" "$RO/report.md"
chmod 555 "$RO"
$as_user "$BASE/triage-bin" --user Dana --state "$RO/progress.json" set 305 verified "$RO/report.md" \
	>"$TMP/out" 2>"$TMP/err"
is $? 1 "in a read-only directory set fails"
like "$TMP/err" "no permission to write in $RO" "and says why"
like "$TMP/err" "get write access to it, or keep your progress elsewhere with --state FILE" "and what to do about it"
cmp -s "$RO/progress.json" "$TMP/before"
ok $? "the file is untouched"
$as_user "$BASE/triage-bin" --state "$RO/progress.json" status "$RO/report.md" >"$TMP/out" 2>&1
like "$TMP/out" '^#305 +fixed ' "status still reads it"
chmod 755 "$RO"
[ "$BASE" = "$TMP" ] || rm -rf "$BASE"

done_testing
