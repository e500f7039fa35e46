#!/bin/sh
# Issue keys as reports write them, from the report to the export and back
# from the command line: a tracker key is exported as written and `triage
# set` takes it in any case.
. "$top_srcdir/tests/cli/lib.sh"
mkdir -p "$TMP/w"
cd "$TMP/w" || exit 1
R=$top_srcdir/tests/fixtures/report-keys.md

"$TRIAGE" export "$R" >"$TMP/out.json" 2>"$TMP/err"
ok $? "export reads a report keyed by tracker keys"
like "$TMP/out.json" '"id": "SRCH-201",' "a tracker key is exported as written"
like "$TMP/out.json" '"id": "CACHE-DTYPE-002",' "a bracketed id without its brackets"
like "$TMP/out.json" '"id": "003",' "a zero-padded key as written"
unlike "$TMP/out.json" '"id": "#812",' "Build #812 is no issue"

"$TRIAGE" --state "$TMP/p.json" set srch-201 fixed "$R" >"$TMP/out" 2>"$TMP/err"
ok $? "set takes a tracker key in any case"
like "$TMP/out" '^SRCH-201: state open → fixed$' "and saves it under the key as written"
"$TRIAGE" --state "$TMP/p.json" set '[CACHE-DTYPE-002]' in-progress "$R" >"$TMP/out" 2>"$TMP/err"
ok $? "set takes a bracketed id with its brackets"
like "$TMP/out" '^CACHE-DTYPE-002: state open → in-progress$' "the id without them"
"$TRIAGE" --state "$TMP/p.json" status "$R" >"$TMP/out" 2>"$TMP/err"
like "$TMP/out" '^SRCH-201 +fixed ' "status lists the key"

done_testing
