#!/bin/sh
# The command line itself: help, version, usage errors.
. "$top_srcdir/tests/cli/lib.sh"

"$TRIAGE" --help >"$TMP/help" 2>&1
ok $? "--help exits 0"
like "$TMP/help" '^Usage: triage' "--help starts with a usage line"
for cmd in export summary; do
	like "$TMP/help" "^  $cmd " "--help lists the $cmd command"
done

"$TRIAGE" --version >"$TMP/version"
ok $? "--version exits 0"
like "$TMP/version" '^triage [0-9]+\.[0-9]+\.[0-9]+$' "--version prints the version"

"$TRIAGE" --no-such-option >"$TMP/out" 2>&1
is $? 2 "an unknown option is a usage error (exit 2)"
like "$TMP/out" "triage --help" "and points to --help"

"$TRIAGE" export >"$TMP/out" 2>&1
is $? 1 "export without a report fails"
like "$TMP/out" "no report given" "and says a report is needed"

"$TRIAGE" export --format yaml "$TRIAGE_SEED" >"$TMP/out" 2>&1
is $? 2 "an unknown export format is a usage error"
like "$TMP/out" "unknown format 'yaml'" "and names the format"

"$TRIAGE" export "$TMP/does-not-exist.md" >"$TMP/out" 2>&1
is $? 1 "a missing report fails"
like "$TMP/out" "does-not-exist.md" "the error names the file"

"$TRIAGE" export -h >"$TMP/out" 2>&1
is $? 0 "export -h succeeds"
like "$TMP/out" '"sources" gives the file:line' "export -h says where each field's source is kept"

man_page="$top_srcdir/doc/triage.1"
for cmd in export summary; do
	like "$man_page" "^\\.B? ?$cmd|^\\.SS $cmd|triage $cmd" "the man page documents $cmd"
done

# The global options after the command's name, as before it: one rule for
# every command.
cp "$TRIAGE_SEED" "$TMP/g.md"
"$TRIAGE" set 316 verified --user "Bob" --state "$TMP/g.json" "$TMP/g.md" >"$TMP/out" 2>&1
is $? 0 "set takes --user and --state after its name"
"$TRIAGE" --state "$TMP/g.json" export "$TMP/g.md" >"$TMP/g.export"
is "$($JGET "$TMP/g.export" issues.6.progress.last_change.by)" "Bob" "the change is Bob's, in the file --state named"
"$TRIAGE" note 316 "seen on main" "$TMP/g.md" --user=Carol --state="$TMP/g.json" >"$TMP/out" 2>&1
is $? 0 "note takes --user=NAME and --state=FILE after its operands"
"$TRIAGE" status "$TMP/g.md" --state "$TMP/g.json" >"$TMP/out" 2>&1
like "$TMP/out" '^#316 +verified' "status reads the file --state names after its name"
"$TRIAGE" summary --ascii "$TMP/g.md" --state "$TMP/g.json" >"$TMP/out" 2>&1
is $? 0 "summary takes --ascii after its name"
unlike "$TMP/out" "$(printf '\342')" "and draws with ASCII only"
"$TRIAGE" export "$TMP/g.md" -C "$TMP" >"$TMP/out" 2>&1
is $? 0 "export takes -C after its name"
like "$TMP/out" "$TMP: not inside a git repository" "and looks for the repository there"
"$TRIAGE" console --script /dev/null "$TMP/g.md" --size 90x30 --user Ann --state "$TMP/g.json" >"$TMP/out" 2>&1
is $? 0 "console takes --script, --size, --user and --state after its name"
"$TRIAGE" set 316 fixed "$TMP/g.md" --state "$TMP/g.json" -- --user >"$TMP/out" 2>&1
like "$TMP/out" "^triage: --user: cannot open" "after -- an option's name is an operand (a report named --user)"
"$TRIAGE" set 316 fixed --no-such "$TMP/g.md" >"$TMP/out" 2>&1
is $? 2 "an unknown option after the name is still a usage error"
like "$TMP/out" "triage set --help" "that points to the command's help"

done_testing
