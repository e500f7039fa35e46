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
like "$TMP/seed-40.txt" '^ +v +v *$' "arrows point down"

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

done_testing
