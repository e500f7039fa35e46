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

done_testing
