#!/bin/sh
# Who a change is recorded as: one rule for every command and the console
# (--user, TRIAGE_USER, git's user.name and user.email, the login name).
. "$top_srcdir/tests/cli/lib.sh"
unset TRIAGE_USER LOGNAME NO_COLOR
HOME=$TMP/home
XDG_CONFIG_HOME=$TMP/config
GIT_CONFIG_NOSYSTEM=1
TRIAGE_DATADIR=$top_srcdir
export HOME XDG_CONFIG_HOME GIT_CONFIG_NOSYSTEM TRIAGE_DATADIR
mkdir -p "$HOME" "$TMP/repo"
git -C "$TMP/repo" init -q .
cp "$TRIAGE_SEED" "$TMP/repo/seed.md"
cd "$TMP/repo" || exit 1
F=$TMP/repo/.triage/progress.json

# The last event of the progress file: who made it.
last_by() {
	n=$("$JGET" "$F" events.length)
	"$JGET" "$F" "events.$((n - 1)).by"
}

# No git identity anywhere, only the login name.
USER=alice "$TRIAGE" set 305 in-progress seed.md >"$TMP/out" 2>"$TMP/err"
ok $? "with no git identity, set works under the login name"
is "$(last_by)" alice "and records the login name"

# The console, the same way: a note on the selected issue (a, text, Enter).
printf ':resize 80x24\naa note from the console<Enter>\n:dump %s/screen\n' "$TMP" >"$TMP/set.script"
before=$("$JGET" "$F" events.length)
USER=alice "$TRIAGE" --script "$TMP/set.script" seed.md >"$TMP/out" 2>&1
ok $? "the console runs its script"
is "$("$JGET" "$F" events.length)" "$((before + 1))" "and saves one change"
is "$(last_by)" alice "under the same name as the command line"

# LOGNAME when USER is not set, for both.
env -u USER LOGNAME=bob "$TRIAGE" note 305 "from bob" seed.md >/dev/null 2>&1
is "$(last_by)" bob "LOGNAME stands in for USER on the command line"
env -u USER LOGNAME=bob "$TRIAGE" --script "$TMP/set.script" seed.md >/dev/null 2>&1
is "$(last_by)" bob "and in the console"

# git's identity before the login name; TRIAGE_USER before git; --user first.
git config user.name "Git Name"
git config user.email git@example.com
USER=alice "$TRIAGE" --script "$TMP/set.script" seed.md >/dev/null 2>&1
is "$(last_by)" "Git Name <git@example.com>" "git's user.name and user.email before the login name (console)"
USER=alice "$TRIAGE" note 305 "from git" seed.md >/dev/null 2>&1
is "$(last_by)" "Git Name <git@example.com>" "and on the command line"
TRIAGE_USER=Tess USER=alice "$TRIAGE" --script "$TMP/set.script" seed.md >/dev/null 2>&1
is "$(last_by)" Tess "TRIAGE_USER before git's identity (console)"
TRIAGE_USER=Tess "$TRIAGE" --user Uma note 305 "from uma" seed.md >/dev/null 2>&1
is "$(last_by)" Uma "--user before TRIAGE_USER"
TRIAGE_USER=Tess "$TRIAGE" --user Uma --script "$TMP/set.script" seed.md >/dev/null 2>&1
is "$(last_by)" Uma "in the console too"

done_testing
