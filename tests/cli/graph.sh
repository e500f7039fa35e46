#!/bin/sh
# `triage graph` and the dependency keys of `triage export`, as a user
# checks them before a stand-up.
. "$top_srcdir/tests/cli/lib.sh"

F="$top_srcdir/tests/fixtures"
ST="$TMP/progress.json"           # a progress file of our own: nothing from elsewhere
tg() { "$TRIAGE" --state "$ST" "$@"; }

# The seed, drawn as a user sees it: golden renderings.
tg graph --width 80 "$TRIAGE_SEED" >"$TMP/seed.txt" 2>"$TMP/err"
ok $? "graph of the seed exits 0"
cmp -s "$TMP/seed.txt" "$F/graph-seed.txt"
ok $? "the seed's drawing is the expected one"
[ $? -eq 0 ] || diff "$F/graph-seed.txt" "$TMP/seed.txt" | sed 's/^/#   /' | head -n 30
is "$(cat "$TMP/err")" "" "nothing on stderr"
like "$TMP/seed.txt" '^critical path \(4\): #305 → #271 → #292 → golden-path$' "the critical path is named"
like "$TMP/seed.txt" '^ready now \(2\): #305, #308$' "what can be worked on now"
like "$TMP/seed.txt" '╟──▶║#271' "an arrow runs from #305 into #271, on the critical path"

tg --ascii graph --width 80 "$TRIAGE_SEED" >"$TMP/seed-ascii.txt"
cmp -s "$TMP/seed-ascii.txt" "$F/graph-seed-ascii.txt"
ok $? "the seed in ASCII is the expected drawing"
[ $? -eq 0 ] || diff "$F/graph-seed-ascii.txt" "$TMP/seed-ascii.txt" | sed 's/^/#   /' | head -n 30
if LC_ALL=C grep -q '[^ -~]' "$TMP/seed-ascii.txt"; then ok 1 "--ascii output is ASCII only"; else ok 0 "--ascii output is ASCII only"; fi
is "$(awk 'length > 80' "$TMP/seed-ascii.txt" | wc -l)" 0 "the seed's graph fits an 80-column pane"

tg --ascii graph --width 40 "$TRIAGE_SEED" >"$TMP/seed-40.txt"
is "$(awk '/^$/ { exit } length > 40' "$TMP/seed-40.txt" | wc -l)" 0 "in 40 columns the drawing goes top to bottom, and fits"
like "$TMP/seed-40.txt" '^ +Y +Y *$' "arrows point down"

# A larger cluster: fan-in, fan-out, an edge skipping layers, a cycle, an
# isolated issue.
tg graph --width 80 "$F/graph-larger.md" >"$TMP/larger.txt"
cmp -s "$TMP/larger.txt" "$F/graph-larger.txt"
ok $? "the larger cluster's drawing is the expected one"
[ $? -eq 0 ] || diff "$F/graph-larger.txt" "$TMP/larger.txt" | sed 's/^/#   /' | head -n 40
tg graph --direction tb "$F/graph-larger.md" >"$TMP/larger-tb.txt"
cmp -s "$TMP/larger-tb.txt" "$F/graph-larger-tb.txt"
ok $? "and top to bottom"
[ $? -eq 0 ] || diff "$F/graph-larger-tb.txt" "$TMP/larger-tb.txt" | sed 's/^/#   /' | head -n 40
like "$TMP/larger.txt" '^cycle: #408 → #410 → #408$' "the cycle is flagged"
like "$TMP/larger.txt" '^ready now \(5\): #401, #404, #407, #413, #414$' "ready issues, the one holding up most first"

# Progress changes the picture: #305 fixed moves the critical path.
tg --user "Ann <ann@example.org>" set '#305' fixed "$TRIAGE_SEED" >/dev/null 2>&1
ok $? "record #305 as fixed"
tg graph --width 80 "$TRIAGE_SEED" >"$TMP/fixed.txt"
like "$TMP/fixed.txt" '^critical path \(4\): #308 → #306 → #307 → #316$' "with #305 fixed the other chain is critical"
like "$TMP/fixed.txt" '^ready now \(2\): #308, #271$' "and #271 is ready"
like "$TMP/fixed.txt" '│#305 +✓P0├' "#305's box shows it is fixed"
tg export "$TRIAGE_SEED" >"$TMP/fixed.json"
is "$("$JGET" "$TMP/fixed.json" 'issues.[id=#271].ready')" true "export: #271 is ready once #305 is fixed"
is "$("$JGET" "$TMP/fixed.json" 'issues.[id=#271].waits_on')" '[]' "export: #271 waits on nothing"
rm -f "$ST"

# The export gains the analysis.
tg export "$TRIAGE_SEED" >"$TMP/seed.json"
is "$("$JGET" "$TMP/seed.json" 'issues.[id=#305].ready')" true "export: #305 is ready"
is "$("$JGET" "$TMP/seed.json" 'issues.[id=#305].holds_up')" 3 "export: #305 holds up three issues"
is "$("$JGET" "$TMP/seed.json" 'issues.[id=#305].unblocks')" '["#271"]' "export: #305 unblocks #271"
is "$("$JGET" "$TMP/seed.json" 'issues.[id=#271].waits_on')" '["#305"]' "export: #271 waits on #305"
is "$("$JGET" "$TMP/seed.json" 'issues.[id=#271].ready')" false "export: #271 is not ready"
is "$("$JGET" "$TMP/seed.json" 'issues.[id=golden-path].holds_up')" 0 "export: the Golden Path holds up nothing"
is "$("$JGET" "$TMP/seed.json" critical_path)" '["#305","#271","#292","golden-path"]' "export: the critical path"
tg export "$F/graph-larger.md" >"$TMP/larger.json"
is "$("$JGET" "$TMP/larger.json" cycles)" '[["#408","#410"]]' "export: the cycle"
is "$("$JGET" "$TMP/larger.json" 'issues.[id=#408].ready')" false "export: an issue on a cycle is not ready"

# DOT that Graphviz accepts.
tg graph --format dot "$TRIAGE_SEED" >"$TMP/seed.dot"
ok $? "DOT of the seed exits 0"
dot -Tsvg "$TMP/seed.dot" >"$TMP/seed.svg" 2>"$TMP/dot.err"
ok $? "Graphviz accepts the seed's DOT"
like "$TMP/seed.svg" '<svg' "and draws it"
like "$TMP/seed.dot" '^	"#305" -> "#271" \[color="#c0392b", penwidth=2.5\];$' "the critical path is bold"
like "$TMP/seed.dot" 'label="#305 \(P0\)\\nExecutionTracker Dict/Enum Errors"' "nodes are labelled with id, priority and title"
tg graph --format dot "$F/graph-larger.md" | dot -Tsvg >/dev/null 2>"$TMP/dot.err"
ok $? "Graphviz accepts the larger cluster's DOT (a cycle included)"
like "$TMP/seed.dot" '^digraph triage \{$' "a digraph"

# Hostile text in titles and ids reaches neither the terminal nor DOT raw.
esc=$(printf '\033')
bel=$(printf '\007')
{
	printf '# Report\n\n## DETAILED TEST EXECUTION RESULTS\n\n'
	printf '### Phase 1: Evil %s]0;pwned%s %s[2J "quoted" \\N back\\slash (#1) - P0 CRITICAL\n\n' "$esc" "$bel" "$esc"
	printf '**Status:** CONFIRMED\n\n'
	printf '### Phase 2: Second (#2) - P1\n\n**Status:** CONFIRMED\n\n'
	printf '## Dependency Map\n```\n#1 Evil → #2 Second → #2 Second\n#2 → #1\n```\n'
} >"$TMP/evil.md"
tg graph --width 80 "$TMP/evil.md" >"$TMP/evil.txt" 2>&1
ok $? "a hostile report is drawn"
if grep -q "$esc" "$TMP/evil.txt" || grep -q "$bel" "$TMP/evil.txt"; then
	ok 1 "no escape or bell in the drawing"
else
	ok 0 "no escape or bell in the drawing"
fi
tg graph --format dot "$TMP/evil.md" >"$TMP/evil.dot"
if grep -q "$esc" "$TMP/evil.dot"; then ok 1 "no escape in the DOT"; else ok 0 "no escape in the DOT"; fi
dot -Tsvg "$TMP/evil.dot" >/dev/null 2>"$TMP/dot.err"
ok $? "Graphviz accepts DOT with quotes and backslashes in titles"

# An issue that waits on itself is a cycle of one, said and exported.
printf '# R\n\n## DETAILED TEST EXECUTION RESULTS\n\n### Phase 1: Alone (#1) - P0\n\n**Status:** CONFIRMED\n\n## Dependency Map\n```\n#1 Alone → #1 Alone\n```\n' >"$TMP/self.md"
tg graph --width 80 "$TMP/self.md" >"$TMP/self.txt" 2>&1
ok $? "a self-loop is drawn"
like "$TMP/self.txt" '^cycle: #1 \(waits on itself\)$' "and said to be a cycle"
like "$TMP/self.txt" '#1 ↻' "its box is marked"
like "$TMP/self.txt" '^ready now: none$' "nothing is ready, in words"
tg export "$TMP/self.md" >"$TMP/self.json" 2>/dev/null
is "$("$JGET" "$TMP/self.json" cycles)" '[["#1"]]' "export: the self-loop among the cycles"
is "$("$JGET" "$TMP/self.json" 'issues.[id=#1].ready')" false "export: an issue waiting on itself is not ready"
tg graph --format dot "$TMP/self.md" | dot -Tsvg >/dev/null 2>"$TMP/dot.err"
ok $? "Graphviz accepts the self-loop"

# The lines under the drawing wrap at the width, ids kept whole.
{ printf '# R\n\n'; for i in $(seq 1 30); do printf '## Issue #%d - Item %d\n\n**Status:** open\n\n' $((100 + i)) $i; done; } >"$TMP/many.md"
tg graph --width 40 "$TMP/many.md" >"$TMP/many.txt" 2>&1
sed -n '/^ready now/,$p' "$TMP/many.txt" >"$TMP/ready.txt"
like "$TMP/ready.txt" '^ready now \(30\): #[0-9]+, #[0-9]+,' "ready now: a line of ids"
like "$TMP/ready.txt" '^    #[0-9]+, ' "continued four columns in"
ok "$(( $(wc -L <"$TMP/ready.txt") > 40 ))" "no line past --width 40"
is "$(tr -d ' \n' <"$TMP/ready.txt" | grep -o '#1[0-9][0-9]' | sort -u | wc -l | tr -d ' ')" 30 "and every issue is there, none cut"

# Ids longer than the line: cut to what it leaves, the separator after them too.
L=someverylongownername/averylongrepositoryname
printf '# R\n\n## Issue %s#4501 - A\n\nBlocked by %s#4502.\n\n## Issue %s#4502 - B\n\nBlocked by %s#4501.\n\nDepends on %s#4502.\n' \
	$L $L $L $L $L >"$TMP/longids.md"
tg graph --width 40 "$TMP/longids.md" | sed -n '/^critical path/,$p' >"$TMP/longids.txt" 2>&1
like "$TMP/longids.txt" '^cycle: .* \(waits on itself\)$' "a self-loop of a long id is told"
ok "$(( $(wc -L <"$TMP/longids.txt") > 40 ))" "and no line under the drawing is wider than --width 40"
tg summary --width 40 "$TMP/longids.md" >"$TMP/longids.sum" 2>&1
ok "$(( $(wc -L <"$TMP/longids.sum") > 40 ))" "nor any line of summary --width 40"

# A cycle is told the way its edges go; crossing ones as a set.
printf '# R\n\n## Issue #1 - One\n\nBlocked by #2.\n\n## Issue #2 - Two\n\nBlocked by #3.\n\n## Issue #3 - Three\n\nBlocked by #1.\n' >"$TMP/ring.md"
tg graph --width 80 "$TMP/ring.md" >"$TMP/ring.txt" 2>&1
like "$TMP/ring.txt" '^cycle: #1 → #3 → #2 → #1$' "a cycle runs the way of its edges (#1 unblocks #3)"
tg summary "$TMP/ring.md" >"$TMP/ring.sum" 2>&1
like "$TMP/ring.sum" '^  #1 → #3$' "as the summary's edges say"
like "$TMP/ring.sum" '^  cycle: #1 → #3 → #2 → #1$' "and its cycle line"
printf '\n## Issue #4 - Four\n\nBlocked by #1.\n\nDepends on #4.\n\n## Issue #5 - Five\n\nBlocks #1.\n\nBlocked by #4.\n' >>"$TMP/ring.md"
tg summary "$TMP/ring.md" >"$TMP/ring.sum" 2>&1
like "$TMP/ring.sum" '^  cycles among \(5\): #1, #2, #3, #4, #5$' "crossing cycles are one set, not a line of arrows"
like "$TMP/ring.sum" '^  self-loop: #4 → #4$' "and a self-loop inside them is still told"

# Usage errors and bad input.
tg graph --format png "$TRIAGE_SEED" >/dev/null 2>"$TMP/err"
is $? 2 "an unknown format is a usage error"
like "$TMP/err" "unknown format 'png' \(known: text, dot\)" "and says which formats exist"
tg graph --width zero "$TRIAGE_SEED" >/dev/null 2>"$TMP/err"
is $? 2 "a width that is not a number is a usage error"
tg graph --direction sideways "$TRIAGE_SEED" >/dev/null 2>"$TMP/err"
is $? 2 "an unknown direction is a usage error"
tg graph "$TMP/missing.md" >"$TMP/out" 2>"$TMP/err"
is $? 1 "a missing report fails"
like "$TMP/err" "missing.md" "naming the file"
is "$(wc -c <"$TMP/out")" 0 "with nothing on stdout"

# The graph pane of the console, driven by a script of keys (no terminal):
# each ":dump" writes the screen's text, ":dump-styles" the colour slot of
# every run of cells.
console() {   # console SCRIPT REPORT...
	script=$1
	shift
	(
		unset NO_COLOR
		cd "$TMP" &&
		HOME="$TMP" XDG_CONFIG_HOME=/nonexistent/config TRIAGE_DATADIR="$top_srcdir" \
		TRIAGE_USER="Ada Lovelace <ada@example.org>" \
		"$TRIAGE" --state "$TMP/pane.json" --script "$script" "$@"
	)
}
row() { sed -n "$(($2 + 1))p" "$1"; }   # row FILE Y: screen row Y (from 0)

cat >"$TMP/hl.script" <<EOF
:resize 100x30
4
l
:dump $TMP/hl.dump
:dump-styles $TMP/hl.styles
j
:dump-styles $TMP/hl2.styles
EOF
console "$TMP/hl.script" "$TRIAGE_SEED" >"$TMP/out" 2>&1
ok $? "the console's graph pane runs its script"
is "$(row "$TMP/hl.dump" 12)" " #271 waits on #305, unblocks #292, holds up 2" \
	"with #271 selected the pane says what it waits on and unblocks"
like "$TMP/hl.dump" '^║#305 +P0╟──▶║#271 +P0╟──▶║#292 +╟──▶║golden-path +║' \
	"the critical path has double lines"
like "$TMP/hl.styles" '^14: .* 26-45 cursor=' \
	"#271's box shows the selection on its first line, whole, blanks included"
like "$TMP/hl.styles" '^13: 0-21 critical=.* 25-46 critical=.* 50-71 critical=.* 75-96 critical=' \
	"every border keeps the colour of the critical path, the selected one's too"
like "$TMP/hl.styles" '^14: .* 1-4 upstream=.* 51-54 downstream=.* 76-86 downstream=' \
	"#305's id, upstream of it, is lit, #292's and the Golden Path's downstream"
like "$TMP/hl.styles" '^14: .* 22-24 edge-upstream=.* 47-49 edge-downstream=.* 72-74 edge-downstream=' \
	"and so are the arrows into it and out of it"
like "$TMP/hl.styles" '^18: 0-21 box-open=' "the other chain is not"
like "$TMP/hl2.styles" '^13: 0-21 critical=.* 25-46 critical=.* 50-71 critical=.* 75-96 critical=' \
	"with #306 selected the critical path, unrelated to it, is marked"
like "$TMP/hl2.styles" '^14: .* 1-4 box-id=.* 26-29 box-id=' "and its ids are not lit"
like "$TMP/hl2.styles" '^19: .* 1-4 upstream=.* 26-45 cursor=.* 51-54 downstream=' \
	"#306's own chain is"

# A graph bigger than the pane: the window follows the selection.
cat >"$TMP/scroll.script" <<EOF
:resize 60x16
4
z
:dump $TMP/s1.dump
kk
:dump $TMP/s2.dump
<PgDn>
:dump $TMP/s3.dump
<Enter>
:dump $TMP/s4.dump
EOF
console "$TMP/scroll.script" "$F/graph-larger.md" >"$TMP/out" 2>&1
ok $? "a larger graph in a small pane"
like "$TMP/s1.dump" '^║#401 ' "the pane opens on the selected issue's box"
unlike "$TMP/s1.dump" '#404 ' "and #404, far above, is out of view"
is "$(row "$TMP/s2.dump" 2)" " #404 waits on nothing, unblocks #403 #406, holds up 5" "k k walks up to #404"
like "$TMP/s2.dump" '^│#404 ' "and the window scrolls up to show its box"
unlike "$TMP/s2.dump" '#407 ' "leaving the bottom of the graph"
is "$(row "$TMP/s3.dump" 2)" " #401 waits on nothing, unblocks #402 #403 #411, holds up 5" \
	"PgDn selects the box a pane further down"
like "$TMP/s3.dump" '^║#401 ' "and shows it"
is "$(row "$TMP/s4.dump" 2 | sed "s/  .*//")" ">#401" "Enter on a box opens that issue's detail (the cursor on its first line)"

cat >"$TMP/enter.script" <<EOF
:resize 80x24
4
j
<Enter>
:dump $TMP/e1.dump
EOF
console "$TMP/enter.script" "$TRIAGE_SEED" >"$TMP/out" 2>&1
like "$TMP/e1.dump" '^>#308 ' "Enter on #308 in the graph selects it in the issue list"
like "$TMP/e1.dump" '^>#308  Integration Import Failures$' "and shows its detail, focused (the cursor on its first line)"

# A fixed prerequisite is not waited on.
"$TRIAGE" --state "$TMP/pane.json" --user "Ann <ann@example.org>" set '#305' fixed "$TRIAGE_SEED" >/dev/null 2>&1
console "$TMP/hl.script" "$TRIAGE_SEED" >"$TMP/out" 2>&1
is "$(row "$TMP/hl.dump" 12)" " #271 waits on nothing open, unblocks #292, holds up 2" \
	"with #305 fixed the pane says #271 waits on nothing open"
like "$TMP/hl2.styles" '^13: 0-21 box-fixed=.* 25-46 box-open=' "and #305's box is coloured as fixed"
rm -f "$TMP/pane.json"

# The issue list's orders: ready first, then holding up most.
cat >"$TMP/sort.script" <<EOF
:resize 100x40
S
:dump $TMP/o1.dump
S
:dump $TMP/o2.dump
EOF
console "$TMP/sort.script" "$F/graph-larger.md" >"$TMP/out" 2>&1
# The rows of issues on screen (not the separator under the ready ones).
list_ids() { sed -n '4,16p' "$1" | grep -E '^.#' | cut -c2- | awk '{ printf "%s%s", sep, $1; sep = " " }'; }
is "$(list_ids "$TMP/o1.dump")" "#401 #404 #407 #413 #414 #402 #403 #406 #408 #410 #405 #409" \
	"S: ready first (holding up more first), then the blocked ones"
like "$TMP/o1.dump" '^ ── ready above: 5 ─+$' "under a separator"
like "$TMP/o1.dump" 'sort: ready$' "the top line says so"
is "$(list_ids "$TMP/o2.dump")" "#401 #404 #407 #413 #402 #403 #406 #408 #410 #405 #409 #414 #411" \
	"S again: holding up most first"
like "$TMP/o2.dump" 'sort: blocking$' "the top line says so"

# A graph too large to draw readably (300 issues, about 3,000 arrows): told
# in short, not megabytes of boxes; DOT still has all of it.
awk 'BEGIN { srand(7); print "# Large"; for (i = 1; i <= 300; i++) printf "\n## Issue #%d \342\200\224 Item %d\n\n**Status:** reproduced\n", i, i
	print "\n## Dependencies\n\n```"
	for (k = 0; k < 3000; k++) { a = int(rand() * 300) + 1; b = int(rand() * 300) + 1
		if (a > b) { t = a; a = b; b = t } if (a == b) continue; printf "#%d \342\206\222 #%d\n", a, b }
	print "```" }' >"$TMP/large.md"
timeout 60 "$TRIAGE" graph "$TMP/large.md" >"$TMP/large.txt" 2>"$TMP/err"
is $? 0 "a graph of 300 issues and thousands of arrows: graph exits 0"
ok "$([ "$(wc -c <"$TMP/large.txt")" -lt 20000 ]; echo $?)" "and writes a few kilobytes, not megabytes ($(wc -c <"$TMP/large.txt") bytes)"
like "$TMP/large.txt" '^300 issues and [0-9]+ arrows: more than a drawing shows readably' "it says why there is no drawing"
like "$TMP/large.txt" 'triage graph --format dot' "and how to draw it whole"
like "$TMP/large.txt" '^holding up most \(20 of 300 unresolved\):' "it lists the issues holding up most"
like "$TMP/large.txt" '^  #1 +holds up [0-9]+ +waits on 0 +unblocks [0-9]+ +Item 1$' "each with its counts and title"
like "$TMP/large.txt" '^critical path \([0-9]+\): #1 ' "then the critical path"
like "$TMP/large.txt" '^ready now \([0-9]+\): ' "and what is ready"
unlike "$TMP/large.txt" '┌|╔' "and no boxes"
"$TRIAGE" graph --format dot "$TMP/large.md" >"$TMP/large.dot" 2>/dev/null
is "$(grep -c -- '" -> "' "$TMP/large.dot")" "$(sed -n 's/^300 issues and \([0-9]*\) arrows.*/\1/p' "$TMP/large.txt")" "DOT has every arrow"

done_testing
