#!/bin/sh
# `triage standup` and `triage ack` at the edges: marks from two branches
# merged by the driver, undone acknowledgements, bad --since values, a mark
# dated in the future, changes to issues or fields triage does not know, a
# report git has never seen, a shallow clone, and text that tries to break
# the markdown or ping a whole channel.
. "$top_srcdir/tests/cli/lib.sh"
unset TRIAGE_USER TRIAGE_NOW
mkdir -p "$TMP/home"
HOME=$TMP/home
export HOME
unset XDG_CONFIG_HOME
TZ=UTC
export TZ

R=$TMP/repo
F=$R/.triage/progress.json
git init -q -b main "$R"
cd "$R" || exit 1
git config user.name "Alice Example"
git config user.email alice@example.com
echo '.triage/progress.json merge=triage' >.gitattributes
git config merge.triage.driver "'$TRIAGE' merge-driver %O %A %B"
mkdir docs
cp "$top_srcdir/tests/fixtures/standup-report.md" docs/cluster.md
at() { _t=$1; shift; TRIAGE_NOW=$_t "$@"; }
at 2026-11-23T09:00:00Z "$TRIAGE" standup --mark docs/cluster.md >/dev/null 2>&1
git add -A
GIT_COMMITTER_DATE=2026-11-23T09:01:00Z GIT_AUTHOR_DATE=2026-11-23T09:01:00Z \
	git commit -q -m "report, progress and a first mark"

# --- a mark on each branch, merged by the driver --------------------------------
git checkout -q -b feature
at 2026-11-24T09:00:00Z "$TRIAGE" --user "Bob <bob@example.com>" standup --mark >/dev/null 2>&1
git commit -q -am "feature: Tuesday's stand-up"
git checkout -q main
at 2026-11-25T09:00:00Z "$TRIAGE" standup --mark >/dev/null 2>&1
git commit -q -am "main: Wednesday's stand-up"
git merge -q --no-edit feature >"$TMP/out" 2>&1
ok $? "two branches that both marked a stand-up merge"
unlike "$F" '^(<<<<<<<|>>>>>>>)' "without conflict markers"
is "$($JGET "$F" events.length)" 3 "every mark is kept"
is "$($JGET "$F" events.1.by)" "Bob <bob@example.com>" "in time order: Bob's Tuesday mark"
is "$($JGET "$F" events.2.at)" "2026-11-25T09:00:00Z" "then Wednesday's"
at 2026-11-25T12:00:00Z "$TRIAGE" standup >"$TMP/out" 2>&1
like "$TMP/out" '^Stand-up since Wed 25 Nov 09:00 \(the last stand-up, held by Alice Example\)$' \
	"the latest mark of either branch starts the next stand-up"

# --- since when ------------------------------------------------------------------
at 2026-11-25T12:00:00Z "$TRIAGE" standup --since 3d >"$TMP/out" 2>&1
like "$TMP/out" '^Stand-up since Sun 22 Nov 12:00 \(the last 3d\)$' "--since 3d"
at 2026-11-25T12:00:00Z "$TRIAGE" standup --since 2026-11-24 >"$TMP/out" 2>&1
like "$TMP/out" '^Stand-up since Tue 24 Nov 00:00$' "--since a date"
at 2026-11-25T12:00:00Z "$TRIAGE" standup --since 2026-11-24T10:30 >"$TMP/out" 2>&1
like "$TMP/out" '^Stand-up since Tue 24 Nov 10:30$' "--since a date and time"
at 2026-11-25T12:00:00Z "$TRIAGE" standup --since HEAD~1 >"$TMP/out" 2>&1
ok $? "--since a commit"
like "$TMP/out" '^Stand-up since .* \(commit HEAD~1\)$' "names it"
for bad in yesterday 3x 2026-13-01 2026-02-30 "" 99999999999999999999d; do
	at 2026-11-25T12:00:00Z "$TRIAGE" standup --since "$bad" >"$TMP/out" 2>"$TMP/err"
	is $? 2 "--since '$bad' is a usage error"
done
like "$TMP/err" "is not a date \(2026-11-24, 2026-11-24T09:00\), a duration \(24h, 3d, 2w\), a commit of this repository, or 'last'" \
	"that says what --since takes"
at 2026-11-25T12:00:00Z "$TRIAGE" standup --since 2027-01-01 >"$TMP/out" 2>"$TMP/err"
is $? 2 "--since in the future is refused"
like "$TMP/err" '^triage: standup: --since 2027-01-01 is in the future$' "and says so"
at 2026-11-25T12:00:00Z "$TRIAGE" standup --format html >"$TMP/out" 2>"$TMP/err"
is $? 2 "an unknown format is a usage error"

# --- marks and changes triage cannot place ---------------------------------------
cp "$F" "$TMP/saved"
# A mark from a clock far ahead, a change to an issue no report has, and a
# field this version does not know, added by hand after the last event.
awk '{ line[NR] = $0 }
END {
	for (i = 1; i <= NR; i++) {
		if (line[i + 1] == "  ]") {
			print line[i] ","
			print "    {\"at\": \"2030-01-01T00:00:00Z\", \"by\": \"Dave <dave@example.com>\", \"issue\": null, \"field\": \"standup\", \"from\": null, \"to\": \"held\"},"
			print "    {\"at\": \"2026-11-25T10:00:00Z\", \"by\": \"Dave <dave@example.com>\", \"issue\": \"#999\", \"field\": \"state\", \"from\": \"open\", \"to\": \"fixed\"},"
			print "    {\"at\": \"2026-11-25T10:05:00Z\", \"by\": \"Dave <dave@example.com>\", \"issue\": \"#101\", \"field\": \"severity\", \"from\": \"low\", \"to\": \"high\"}"
		} else {
			print line[i]
		}
	}
}' "$TMP/saved" >"$F"
at 2026-11-25T12:00:00Z "$TRIAGE" standup >"$TMP/out" 2>"$TMP/err"
ok $? "a hand-edited file with odd events still gives a stand-up"
like "$TMP/err" '^triage: 1 stand-up mark dated in the future left out \(a clock ahead\?\)$' \
	"a mark in the future is left out, and said so"
like "$TMP/out" '^Stand-up since Wed 25 Nov 09:00 \(the last stand-up, held by Alice Example\)$' \
	"the last mark before now counts"
like "$TMP/out" '^  #999 \(not in the reports\)$' "a change to an unknown issue is told after the others"
like "$TMP/out" '^    state open → fixed \(Dave, Wed 25 Nov 10:00\)$' "with what it was"
like "$TMP/out" '^    severity low → high \(Dave, Wed 25 Nov 10:05\)$' "an unknown field is told as written"
cp "$TMP/saved" "$F"

# --- ack, and its undo -------------------------------------------------------------
at 2026-11-25T13:00:00Z "$TRIAGE" ack "TimeoutError: payment gateway did not answer in 45s" >"$TMP/out" 2>&1
ok $? "ack a failure line: its signature"
is "$(cat "$TMP/out")" "acknowledged: TimeoutError: payment gateway did not answer in Ns" "says which group"
is "$($JGET "$F" "acknowledged.TimeoutError: payment gateway did not answer in Ns.by")" \
	"Alice Example <alice@example.com>" "recorded in acknowledged"
at 2026-11-25T13:10:00Z "$TRIAGE" ack --undo 102 >"$TMP/out" 2>&1
is "$(cat "$TMP/out")" "no longer acknowledged: TimeoutError: payment gateway did not answer in Ns" "ack --undo withdraws it"
is "$($JGET "$F" "acknowledged.TimeoutError: payment gateway did not answer in Ns" 2>/dev/null)" "" "gone from acknowledged"
at 2026-11-25T13:10:00Z "$TRIAGE" ack --undo 102 >"$TMP/out" 2>&1
is "$(cat "$TMP/out")" "nothing to change" "withdrawing twice changes nothing"
at 2026-11-25T13:10:00Z "$TRIAGE" ack "no such thing" >"$TMP/out" 2>"$TMP/err"
is $? 1 "ack of something unknown fails"
like "$TMP/err" "is neither a failure signature of the reports nor an issue" "and says so"
at 2026-11-25T13:10:00Z "$TRIAGE" ack 104 >"$TMP/out" 2>"$TMP/err"
like "$TMP/err" '#104 has no failure lines to acknowledge' "an issue without failures has nothing to acknowledge"

# --- a report git has never seen; a shallow clone ------------------------------------
cp docs/cluster.md docs/other.md
at 2026-11-25T12:00:00Z "$TRIAGE" standup docs/other.md >"$TMP/out" 2>&1
like "$TMP/out" '^  docs/other.md: not committed to git: no earlier version to compare$' \
	"an uncommitted report: said plainly"
git add docs/other.md
GIT_COMMITTER_DATE=2026-11-25T11:00:00Z GIT_AUTHOR_DATE=2026-11-25T11:00:00Z git commit -q -m "another report"
at 2026-11-25T12:00:00Z "$TRIAGE" standup docs/other.md >"$TMP/out" 2>&1
like "$TMP/out" '^  docs/other.md: a new report \(4 issues\)$' "a report committed since: new"
git clone -q --depth 1 "file://$R" "$TMP/shallow" 2>/dev/null
cd "$TMP/shallow" || exit 1
at 2026-11-25T12:00:00Z "$TRIAGE" standup --since 2026-11-20 docs/cluster.md >"$TMP/out" 2>"$TMP/err"
ok $? "a shallow clone gives a stand-up"
like "$TMP/out" '^  docs/cluster.md: a shallow clone whose history stops after then: no earlier version to compare \(git fetch --unshallow\)$' \
	"that says why the report cannot be compared"
cd "$R" || exit 1

# --- text that tries to break the markdown or ping everyone ---------------------------
at 2026-11-25T14:00:00Z "$TRIAGE" note 101 '@channel <!here> **bold** [x](http://e.com) `code` <b>hi</b> & 1. _u_ ~s~ | # \' >/dev/null
at 2026-11-25T14:00:00Z "$TRIAGE" --user '@everyone <!channel>' set 102 in-progress --owner '@here' >/dev/null
at 2026-11-25T15:00:00Z "$TRIAGE" standup --since 2026-11-25T13:30 --format markdown >"$TMP/md" 2>&1
ok $? "the markdown stand-up with hostile text"
unlike "$TMP/md" '@(channel|here|everyone)' "no @channel, @here or @everyone can ping"
unlike "$TMP/md" '<' "no raw HTML and no Slack <!here>"
like "$TMP/md" '^  - note "@⁠channel &lt;!here&gt; \\\*\\\*bold\\\*\\\* \\\[x\\\]\(http://e.com\) \\`code\\` &lt;b&gt;hi&lt;/b&gt; &amp; 1. \\_u\\_ \\~s\\~ \\\| # \\\\" ' \
	"the note is escaped, character by character"
like "$TMP/md" '^  - owner none → @⁠here \(@⁠everyone, Wed 25 Nov 14:00\)$' \
	"names and owners too"
printf '\033[31m' >"$TMP/esc"
at 2026-11-25T14:00:00Z "$TRIAGE" note 103 "red $(cat "$TMP/esc")alert" >/dev/null
at 2026-11-25T15:00:00Z "$TRIAGE" standup --since 2026-11-25T13:30 >"$TMP/out" 2>&1
like "$TMP/out" 'note "red \^\[\[31malert"' "escape sequences are shown inert in text"
at 2026-11-25T15:00:00Z "$TRIAGE" standup --since 2026-11-25T13:30 --format markdown >"$TMP/md" 2>&1
ok "$(grep -c "$(printf '\033')" "$TMP/md")" "and in markdown"

# --- status: 80 columns, how long ago, names without addresses --------------------
at 2026-11-26T09:00:00Z "$TRIAGE" --user "Alice Example <alice@other.example>" set 104 in-progress >/dev/null
at 2026-11-26T12:00:00Z "$TRIAGE" status >"$TMP/status" 2>&1
like "$TMP/status" '^#104 +in-progress +- +3h ago Alice Example <alice@other.example>: stat' \
	"two people of one name keep their addresses"
like "$TMP/status" '^#101 +open +- +22h ago Alice Example <alice@example.com>: ' "both of them"
like "$TMP/status" '^#102 +in-progress +@here +22h ago @everyone: owner @here$' "someone else's name alone"
ok "$(awk '{ sub(/…$/, "x") } length($0) > 80' "$TMP/status" | wc -l)" "every line fits 80 columns"

# --- a first stand-up in a new repository -------------------------------------------
# Reports that did not exist at --since, and commits made in one second:
# listed as git log lists them, not by their ids.
N=$TMP/fresh
git init -q -b main "$N"
cp "$top_srcdir/tests/fixtures/standup-report.md" "$N/cluster.md"
(
	cd "$N" || exit 1
	git config user.name "Alice Example"
	git config user.email alice@example.com
	git add cluster.md
	GIT_COMMITTER_DATE=2026-11-24T10:00:00Z GIT_AUTHOR_DATE=2026-11-24T10:00:00Z git commit -q -m report
	for i in 1 2 3 4 5; do
		echo "$i" >"f$i"
		git add "f$i"
		GIT_COMMITTER_DATE=2026-11-24T10:30:00Z GIT_AUTHOR_DATE=2026-11-24T10:30:00Z \
			git commit -q -m "step $i for #101"
	done
)
(cd "$N" && at 2026-11-24T11:00:00Z "$TRIAGE" standup --since 2026-11-23T11:00:00Z cluster.md) >"$TMP/out" 2>&1
ok $? "a first stand-up over reports that are new"
like "$TMP/out" '^  fixed 0/[0-9]+ \(no issues in the reports then\)$' "says there was nothing then, not 0/0"
got=$(sed -n 's/^  [0-9a-f]\{7\} step \([0-9]\) for #101.*/\1/p' "$TMP/out" | tr -d '\n')
is "$got" 54321 "commits of one second in git log's order, newest first"
long=$(awk 'BEGIN { for (i = 0; i < 500; i++) printf "word%d ", i }')
(cd "$N" && at 2026-11-24T11:05:00Z "$TRIAGE" note 101 "$long" cluster.md) >/dev/null 2>&1
(cd "$N" && at 2026-11-24T11:10:00Z "$TRIAGE" standup --since 2026-11-23T11:00:00Z cluster.md) >"$TMP/out" 2>&1
like "$TMP/out" 'word0 word1 .*\.\.\."' "a note of 4,000 characters is cut, and says so"
ok "$(( $(wc -L <"$TMP/out") > 300 ))" "no line of the stand-up is longer than a few hundred columns"

done_testing
