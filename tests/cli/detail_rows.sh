#!/bin/sh
# The detail's fields keep their rows from one issue to the next: an issue
# with no test file, no plan step or no recorded change shows the same
# labels on the same rows as one with all of them, so that moving down the
# list sends the terminal only the values that differ.
. "$top_srcdir/tests/cli/lib.sh"

TRIAGE_DATADIR="$top_srcdir"
TRIAGE_USER="Ada Lovelace <ada@example.org>"
export TRIAGE_DATADIR TRIAGE_USER
cd "$TMP" || exit 1
cp "$TRIAGE_SEED" seed.md

# #307 changed (a Changed row), the others as reported; every issue of the
# seed report in turn, at 80x24 where the detail is below the list.
"$TRIAGE" --state progress.json set 307 in-progress seed.md >/dev/null 2>&1
ok $? "a change recorded on #307"
{
	echo ':resize 80x24'
	for n in 1 2 3 4 5 6 7 8; do
		echo ":dump $TMP/$n.dump"
		echo 'j'
	done
} >rows.script
"$TRIAGE" --state progress.json --script rows.script seed.md >out 2>&1
ok $? "the console visits every issue"

# The labels: the first twelve columns of the detail's rows below its
# title (the pane's tab line is row 12, the issue's own line row 13).
labels() {
	sed -n '14,23p' "$1" | cut -c1-12
}
labels 1.dump >want
like want '^ Test file' "the first issue's test file is on the first screen"
like 2.dump '^ Progress   in-progress' "#307 is the one changed"
for n in 2 3 4 5 6 7 8; do
	issue=$(sed -n '13s/^ \([^ ]*\).*/\1/p' "$n.dump")
	labels "$n.dump" >got
	if cmp -s want got; then
		ok 0 "$issue: every label on the row it has for #305"
	else
		ok 1 "$issue: every label on the row it has for #305"
		diff want got | sed 's/^/#   /'
	fi
done
done_testing
