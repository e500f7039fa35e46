#!/bin/sh
# Folders of reports, and several reports at once: every markdown file under
# a folder is read, what cannot be read or is no report is one line on
# stderr, and the rest load.  The folder is hostile on purpose: a FIFO, a
# symlink loop, symlinks out of the folder and to a folder, a 1 GB (sparse)
# file and an unreadable one.
. "$top_srcdir/tests/cli/lib.sh"
fx="$top_srcdir/tests/fixtures"
# Outside any repository, so that what is said does not depend on where the
# suite runs (and so that another user may run triage here).
cd "$TMP" || exit 1

dir="$TMP/reports"
mkdir -p "$dir/team/older" "$dir/team/samples" "$dir/.git" "$dir/node_modules/pkg" "$TMP/elsewhere"
cp "$fx/report-merge-1.md" "$dir/payments.md"
cp "$fx/report-merge-2.md" "$dir/team/older/payments-again.markdown"
cp "$TRIAGE_SEED" "$dir/team/cluster.MD"
cp "$fx/folder-guide.md" "$dir/team/guide.md"
cp "$fx/folder-logdump.md" "$dir/team/older/ci-log.md"
cp "$fx/folder-readme.md" "$dir/README.md"
cp "$fx/folder-corpus-guide.md" "$dir/team/samples/README.md"
cp "$TRIAGE_SEED" "$dir/.git/inside-git.md"
cp "$TRIAGE_SEED" "$dir/node_modules/pkg/CHANGELOG.md"
echo "not markdown: #999 is not read" >"$dir/notes.txt"

"$TRIAGE" export "$dir" >"$TMP/clean.json" 2>"$TMP/clean.err"
ok $? "export of a folder exits 0"
is "$("$JGET" "$TMP/clean.json" reports.length)" 3 "the three cluster reports under it are read, nested too"
is "$("$JGET" "$TMP/clean.json" reports.0.path)" "$dir/payments.md" "in path order"
is "$("$JGET" "$TMP/clean.json" reports.1.path)" "$dir/team/cluster.MD" "any case of .md"
is "$("$JGET" "$TMP/clean.json" reports.1.issues)" 8 "the seed's issues from its copy"
is "$("$JGET" "$TMP/clean.json" 'issues.[id=#901].failures.length')" 2 \
	"#901 is in two reports: one issue, with the failures of both"
is "$("$JGET" "$TMP/clean.json" 'issues.[id=#901].failures.1.report')" \
	"$dir/team/older/payments-again.markdown" "each failure says which report it came from"
is "$("$JGET" "$TMP/clean.json" 'issues.[id=#901].in_reports.length')" 2 \
	"what each report says of #901 is kept"
is "$("$JGET" "$TMP/clean.json" 'issues.[id=#901].in_reports.0.status')" reproduced "the first report's status"
is "$("$JGET" "$TMP/clean.json" 'issues.[id=#901].in_reports.1.status')" not-reproduced \
	"and the second's, which the issue's own status does not show"
is "$("$JGET" "$TMP/clean.json" 'issues.[id=#901].in_reports.1.tests.passed')" 4 "with its counts"
is "$("$JGET" "$TMP/clean.json" 'issues.[id=#901].in_reports.1.line')" 3 "and where it came from"
! "$JGET" "$TMP/clean.json" 'issues.[id=#902].in_reports' >/dev/null 2>&1
ok $? "an issue only one report defines has no in_reports"
unlike "$TMP/clean.json" 'inside-git|node_modules|notes.txt' ".git, node_modules and non-markdown files are not read"
like "$TMP/clean.err" "guide.md: no issues in it \(not a cluster report\); skipped" "a guide is said to be skipped"
like "$TMP/clean.err" "ci-log.md: no issues in it" "so is a log dump"
like "$TMP/clean.err" "$dir/README.md: no issues in it" "and a README"
like "$TMP/clean.err" "samples/README.md: no issues in it \(not a cluster report\); skipped" \
	"and a README that describes failure clusters and the fields of its files"
is "$(wc -l <"$TMP/clean.err")" 5 "one line for each file skipped, and the note that there is no repository"

# Now the hostile entries.
mkfifo "$dir/team/pipe.md"
ln -s loop.md "$dir/team/loop.md"
ln -s a.md "$dir/team/b.md" && ln -s b.md "$dir/team/a.md"
echo "# Secret" >"$TMP/elsewhere/secret.md"
ln -s "$TMP/elsewhere/secret.md" "$dir/outside.md"
ln -s .. "$dir/team/up"
ln -s payments.md "$dir/alias.md"
# The same file as two plain entries (known by the file opened, not by a
# stat of the entry), and an unreadable file reached by a symlink first.
ln "$dir/payments.md" "$dir/team/hardlink.md"
truncate -s 1G "$dir/huge.md"
cp "$fx/report-merge-1.md" "$dir/locked.md"
chmod 000 "$dir/locked.md"
ln -s locked.md "$dir/locked-alias.md"
as_user=""
run="$TRIAGE"
if [ "$(id -u)" = 0 ]; then
	# root reads a mode-000 file: run as nobody, who cannot.  The build
	# may sit in a folder nobody may enter: a copy of the program here.
	cp "$TRIAGE" "$TMP/triage" && run="$TMP/triage"
	chmod 755 "$TMP" "$TMP/triage" && chmod -R a+rX "$dir" && chmod 000 "$dir/locked.md"
	as_user="setpriv --reuid=nobody --regid=nogroup --clear-groups"
fi
timeout 20 $as_user "$run" export "$dir" >"$TMP/out.json" 2>"$TMP/err"
ok $? "a hostile folder still exports, without hanging"
is "$("$JGET" "$TMP/out.json" reports.length)" 3 "the reports in it are read, a file reached twice (by a symlink inside, a hard link) once"
unlike "$TMP/out.json" "hardlink.md" "the hard link is not read again"
like "$TMP/err" "pipe.md: not a regular file \(a FIFO\)" "the FIFO is skipped, not waited on"
like "$TMP/err" "loop.md: a symlink that leads nowhere \(a loop\)" "a symlink to itself is a loop"
like "$TMP/err" "team/a.md: a symlink that leads nowhere \(a loop\)" "so are two symlinks to each other"
like "$TMP/err" "outside.md: a symlink out of the folder; not followed" "a symlink out of the folder is not followed"
unlike "$TMP/out.json" "Secret" "nothing of its target is read"
like "$TMP/err" "team/up: a symlink to a folder; not followed" "a symlink to a folder is not walked"
like "$TMP/err" "huge.md: too large for a report \(1.0 GB; the limit is 256 MB\)" "a 1 GB file is refused by its size"
like "$TMP/err" "locked.md: cannot open: Permission denied; skipped" "an unreadable file is said"
is "$(grep -c . "$TMP/err")" 13 "nothing else is said (the unreadable file once, reached twice)"

# Several files named: the one that cannot be read is said, the others load.
"$TRIAGE" summary "$fx/report-merge-1.md" "$TMP/missing.md" "$fx/folder-guide.md" >"$TMP/sum" 2>"$TMP/err2"
ok $? "a missing file among several does not stop the others"
like "$TMP/err2" "missing.md: cannot open: No such file or directory; skipped" "it is named, with why"
like "$TMP/err2" "folder-guide.md: no issues in it" "the non-report too"
like "$TMP/sum" "#901" "the report that could be read is summarised"

# Nothing readable: exit 1.
mkdir "$TMP/empty"
cp "$fx/folder-guide.md" "$TMP/empty/"
"$TRIAGE" export "$TMP/empty" >"$TMP/none.json" 2>"$TMP/err3"
is $? 1 "a folder with no report in it fails"
like "$TMP/err3" "none of the 1 files could be read as a cluster report" "and says so"
is "$(wc -c <"$TMP/none.json")" 0 "with nothing on stdout"
mkdir "$TMP/void"
"$TRIAGE" export "$TMP/void" >/dev/null 2>"$TMP/err4"
is $? 1 "an empty folder fails"
like "$TMP/err4" "void: no markdown reports in this folder" "and says it has no markdown files"

# One file named with no issues: the error is what it always was.
"$TRIAGE" export "$fx/folder-guide.md" >/dev/null 2>"$TMP/err5"
is $? 1 "a single non-report fails"
like "$TMP/err5" "folder-guide.md: no issues found; a report lists its issues as headings" \
	"with the message that says what a report looks like"
"$TRIAGE" export "$fx/folder-corpus-guide.md" >"$TMP/guide.json" 2>"$TMP/err6"
is $? 1 "a guide whose title speaks of failures is no report either"
is "$(wc -c <"$TMP/guide.json")" 0 "and gives no issue"
like "$TMP/err6" "folder-corpus-guide.md: no issues found" "it is said so"

done_testing
