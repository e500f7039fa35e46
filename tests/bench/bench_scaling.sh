#!/bin/sh
# Paths that once cost the square of their input, each from data that could
# be committed to a repository: the time at n and at 10n, and their ratio.
# A near-linear path stays at about 10x; the goal is at most 15x.
#   sh tests/bench/bench_scaling.sh BUILDDIR [CASE...]     (make bench runs it)
set -eu
missed=0   # 1 once a line misses its goal: the exit status
build=${1:?usage: bench_scaling.sh BUILDDIR [CASE...]}
shift
# The cases run in a scratch folder: a build folder given as "." is named
# in full first.
build=$(cd "$build" && pwd)
triage="$build/triage"
work=${TMPDIR:-/tmp}/triage-bench/scaling
rm -rf "$work"
mkdir -p "$work"
cd "$work"

ms() { echo $(( $(date +%s%N) / 1000000 )); }
# elapsed CMD...: milliseconds taken (the command's failure is not ours)
elapsed() {
	t0=$(ms)
	"$@" >/dev/null 2>&1 || true
	echo $(( $(ms) - t0 ))
}
# Each case defines run_a (at n) and run_b (at 10n) and calls timed, which
# runs them in turn RUNS times and keeps the best time of each: this
# machine's speed drifts over seconds, and a ratio of two single runs taken
# apart said as much of the drift as of the path.
RUNS=3
# timed TITLE N [FILE_A FILE_B]: FILE_A and FILE_B, where the command
# changes what it reads, are put back as they were before each run.
timed() {
	keep_a=${3:-}
	keep_b=${4:-}
	for f in $keep_a $keep_b; do cp "$f" "$f.kept"; done
	best_a=
	best_b=
	i=0
	while [ "$i" -lt "$RUNS" ]; do
		[ -z "$keep_a" ] || cp "$keep_a.kept" "$keep_a"
		t=$(elapsed run_a)
		if [ -z "$best_a" ] || [ "$t" -lt "$best_a" ]; then best_a=$t; fi
		[ -z "$keep_b" ] || cp "$keep_b.kept" "$keep_b"
		t=$(elapsed run_b)
		if [ -z "$best_b" ] || [ "$t" -lt "$best_b" ]; then best_b=$t; fi
		i=$((i + 1))
	done
	line "$1" "$2" "$best_a" "$best_b"
}
# line TITLE N T1 T10
line() {
	awk -v t="$1" -v n="$2" -v a="$3" -v b="$4" 'BEGIN {
		r = a > 0 ? b / a : b
		printf "   %-46s n=%-8s %8.1f ms   10n: %9.1f ms   %5.1fx  %s\n", t, n, a, b, r,
			(r > 15 ? "MISS" : "PASS")
		exit (r > 15 ? 1 : 0)
	}' || missed=1
}
wanted() { [ -z "$cases" ] || case " $cases " in *" $1 "*) return 0 ;; *) return 1 ;; esac; }
cases="$*"

# A report of n issues #1..#n, each one line of prose.
gen_report() {   # gen_report N > FILE
	awk -v n="$1" 'BEGIN { print "# Scaling"; for (i = 1; i <= n; i++) printf "\n## Issue #%d — Item %d\n\n**Status:** reproduced\n", i, i }'
}

echo "== paths fed by committed data: time at n and 10n (goal: at most 15x)"

if wanted script; then
	# Scripted mode, one key line of n keys (an unbound key: the line is
	# what is measured, not the drawing).
	for n in 100000 1000000; do
		awk -v n="$n" 'BEGIN { s = "xxxxxxxxxx"; for (i = 0; i < n / 10; i++) printf "%s", s; print "" }' >"keys-$n.script"
	done
	gen_report 3 >small.md
	run_a() { "$triage" --state "$work/p.json" --script keys-100000.script small.md; }
	run_b() { "$triage" --state "$work/p.json" --script keys-1000000.script small.md; }
	timed "scripted mode, one key line of n keys" 100000
fi

# A progress file of n issues none of the reports has, ids in the order
# given, with e events spread over them.
gen_progress() {   # gen_progress N EVENTS asc|desc > FILE
	awk -v n="$1" -v ev="$2" -v order="$3" 'BEGIN {
		print "{\n  \"version\": 1,\n  \"issues\": {"
		for (k = 0; k < n; k++) {
			i = order == "desc" ? n - k : k + 1
			printf "    \"#%d\": {\"state\": \"in-progress\", \"owner\": \"owner %d\", \"updated_by\": \"A <a@example.org>\", \"updated_at\": \"2026-01-01T00:00:00Z\"}%s\n", 100000 + i, i, k < n - 1 ? "," : ""
		}
		print "  },\n  \"events\": ["
		for (k = 0; k < ev; k++)
			printf "    {\"at\": \"2026-01-01T00:00:00Z\", \"by\": \"A <a@example.org>\", \"issue\": \"#%d\", \"field\": \"state\", \"from\": \"open\", \"to\": \"in-progress\"}%s\n", 100001 + k % n, k < ev - 1 ? "," : ""
		print "  ]\n}"
	}'
}

if wanted progress; then
	gen_report 3 >small.md
	gen_progress 20000 0 desc >desc-20000.json
	gen_progress 200000 0 desc >desc-200000.json
	run_a() { "$triage" --state desc-20000.json status small.md; }
	run_b() { "$triage" --state desc-200000.json status small.md; }
	timed "progress file, issue ids in descending order" 20000
fi

if wanted status; then
	gen_report 3 >small.md
	gen_progress 2000 20000 asc >status-2000.json
	gen_progress 20000 200000 asc >status-20000.json
	run_a() { "$triage" --state status-2000.json status small.md; }
	run_b() { "$triage" --state status-20000.json status small.md; }
	timed "status: n ids no report has, 10n events" 2000
fi

if wanted people; then
	# n changes since the last stand-up, each by another person: whether a
	# name is shared (the stand-up's and the status's "Alice" or "Alice
	# <a@x>") once cost a pass over everyone seen.
	gen_people() {   # gen_people N > FILE
		awk -v n="$1" 'BEGIN {
			print "{\n  \"version\": 1,\n  \"issues\": {"
			for (k = 1; k <= n; k++)
				printf "    \"#%d\": {\"state\": \"in-progress\"}%s\n", k, k < n ? "," : ""
			print "  },\n  \"events\": ["
			print "    {\"at\": \"2026-01-01T00:00:00Z\", \"by\": \"A <a@example.org>\", \"issue\": null, \"field\": \"standup\", \"from\": null, \"to\": \"held\"},"
			for (k = 1; k <= n; k++)
				printf "    {\"at\": \"2026-01-02T00:00:00Z\", \"by\": \"Person %d <p%d@example.org>\", \"issue\": \"#%d\", \"field\": \"state\", \"from\": \"open\", \"to\": \"in-progress\"}%s\n", k, k, k, k < n ? "," : ""
			print "  ]\n}"
		}'
	}
	gen_report 3 >small.md
	gen_people 3000 >people-3000.json
	gen_people 30000 >people-30000.json
	run_a() { TRIAGE_NOW=2026-01-03T00:00:00Z "$triage" --state people-3000.json standup small.md; }
	run_b() { TRIAGE_NOW=2026-01-03T00:00:00Z "$triage" --state people-30000.json standup small.md; }
	timed "standup: n changes by n people since the mark" 3000
	run_a() { "$triage" --state people-3000.json status small.md; }
	run_b() { "$triage" --state people-30000.json status small.md; }
	timed "status: n issues last changed by n people" 3000
	# And n issues of the report, each with an owner of its own.
	for n in 3000 30000; do
		gen_report "$n" >"owned-$n.md"
		awk -v n="$n" 'BEGIN {
			print "{\n  \"version\": 1,\n  \"issues\": {"
			for (k = 1; k <= n; k++)
				printf "    \"#%d\": {\"state\": \"in-progress\", \"owner\": \"Owner %d\"}%s\n", k, k, k < n ? "," : ""
			print "  },\n  \"events\": []\n}"
		}' >"owned-$n.json"
	done
	run_a() { "$triage" --state owned-3000.json standup owned-3000.md; }
	run_b() { "$triage" --state owned-30000.json standup owned-30000.md; }
	timed "standup: n issues, each with its own owner" 3000
fi

if wanted holds-up; then
	# The dependency analysis of issues with no arrows at all: each one's
	# count of what it holds up once cost a pass over all the others.
	gen_report 100000 >flat-100000.md
	gen_report 1000000 >flat-1000000.md
	run_a() { "$triage" --state "$work/p.json" export flat-100000.md; }
	run_b() { "$triage" --state "$work/p.json" export flat-1000000.md; }
	timed "export, n issues and no arrows (holds_up)" 100000
	rm -f flat-1000000.md
fi

if wanted test-files; then
	# One issue with n **Test File:** labels, each naming another file.
	for n in 8000 80000; do
		awk -v n="$n" 'BEGIN { print "# Files\n\n## Issue #1 — Many files\n\n**Status:** reproduced\n"; for (i = 1; i <= n; i++) printf "**Test File:** tests/unit/test_%d.py\n\n", i }' >"files-$n.md"
	done
	run_a() { "$triage" --state "$work/p.json" export files-8000.md; }
	run_b() { "$triage" --state "$work/p.json" export files-80000.md; }
	timed "export, one issue with n Test File labels" 8000
fi

if wanted owner-picker; then
	# The console's owner picker over a progress file naming n owners:
	# opening it and moving in it (five keys), from the scripted mode's marks.
	printf ':mark -\no\njjjjj\n:mark picker\n<Esc>\n' >picker.script
	gen_report 3 >small.md
	for n in 10000 100000; do
		gen_progress "$n" 0 asc >"owners-$n.json"
		cp "owners-$n.json" owners.json
		"$triage" --state owners.json --script picker.script small.md 2>"picker-$n.marks" >/dev/null || true
	done
	a=$(awk '$1 == "picker:" { print $2 }' picker-10000.marks)
	b=$(awk '$1 == "picker:" { print $2 }' picker-100000.marks)
	line "console: owner picker over n owners, 6 keys" 10000 "${a:-0}" "${b:-0}"
fi

# A report of n issues and about m arrows between them, at random.
gen_graph() {   # gen_graph N ARROWS > FILE
	awk -v n="$1" -v m="$2" 'BEGIN { srand(7); print "# Graph"
		for (i = 1; i <= n; i++) printf "\n## Issue #%d — Item %d\n\n**Status:** reproduced\n", i, i
		print "\n## Dependencies\n\n```"
		for (k = 0; k < m; k++) { a = int(rand() * n) + 1; b = int(rand() * n) + 1
			if (a > b) { t = a; a = b; b = t } if (a != b) printf "#%d → #%d\n", a, b }
		print "```" }'
}

if wanted graph; then
	# The text graph of n issues and 10n arrows.
	gen_graph 100 1000 >graph-100.md
	gen_graph 1000 10000 >graph-1000.md
	run_a() { "$triage" --state "$work/p.json" graph graph-100.md; }
	run_b() { "$triage" --state "$work/p.json" graph graph-1000.md; }
	timed "graph (text), n issues and 10n arrows" 100
	"$triage" --state "$work/p.json" graph graph-1000.md 2>/dev/null | wc -c | awk '{ printf "   %-46s %d bytes\n", "  its output at 10n", $1 }'
fi

if wanted cycle; then
	# One cycle through all n issues, each blocking the one before it: the
	# analysis finds the cycle with its issues from the last to the first,
	# and puts them in model order.
	gen_cycle() {   # gen_cycle N > FILE
		awk -v n="$1" 'BEGIN { print "# Cycle"
			for (i = 1; i <= n; i++) printf "\n## Issue #%d — Item %d\n\n**Status:** reproduced\n", i, i
			print "\n## Dependencies\n"
			for (i = n; i > 1; i--) printf "- #%d blocks #%d\n", i, i - 1
			printf "- #1 blocks #%d\n", n }'
	}
	gen_cycle 2000 >cycle-2000.md
	gen_cycle 20000 >cycle-20000.md
	run_a() { "$triage" --state "$work/p.json" export cycle-2000.md; }
	run_b() { "$triage" --state "$work/p.json" export cycle-20000.md; }
	timed "export, one cycle through n issues" 2000
fi

if wanted merge; then
	# The merge driver: one issue with n notes on each side (a third of
	# them from the base), then n issues whose state both sides changed,
	# with 10n events each side.
	gen_notes() {   # gen_notes N TAG > FILE
		awk -v n="$1" -v tag="$2" 'BEGIN { print "{\n  \"version\": 1,\n  \"issues\": {\n    \"#1\": {\"state\": \"in-progress\", \"notes\": ["
			for (i = 1; i <= n; i++) printf "      {\"by\": \"A <a@example.org>\", \"at\": \"2026-01-01T00:00:%02dZ\", \"text\": \"%s note %d\"}%s\n", i % 60, (i % 3 == 0 ? "base" : tag), i, i < n ? "," : ""
			print "    ], \"updated_at\": \"2026-01-01T00:00:00Z\"}\n  },\n  \"events\": []\n}" }'
	}
	gen_changed() {   # gen_changed N STATE EVENTS DAY > FILE
		awk -v n="$1" -v st="$2" -v ev="$3" -v day="$4" 'BEGIN { print "{\n  \"version\": 1,\n  \"issues\": {"
			for (i = 1; i <= n; i++) printf "    \"#%d\": {\"state\": \"%s\", \"updated_at\": \"2026-01-%02dT00:00:00Z\"}%s\n", i, st, day, i < n ? "," : ""
			print "  },\n  \"events\": ["
			for (k = 0; k < ev; k++) printf "    {\"at\": \"2026-01-%02dT00:00:%02dZ\", \"by\": \"A <a@example.org>\", \"issue\": \"#%d\", \"field\": \"state\", \"from\": \"open\", \"to\": \"%s\"}%s\n", day, k % 60, 1 + k % n, st, k < ev - 1 ? "," : ""
			print "  ]\n}" }'
	}
	for n in 2000 20000; do
		gen_notes "$n" base >"notes-base-$n.json"
		gen_notes "$n" ours >"notes-ours-$n.json"
		gen_notes "$n" theirs >"notes-theirs-$n.json"
		gen_changed "$n" open 0 1 >"changed-base-$n.json"
		gen_changed "$n" fixed $((n * 10)) 2 >"changed-ours-$n.json"
		gen_changed "$n" verified $((n * 10)) 3 >"changed-theirs-$n.json"
	done
	run_a() { "$triage" merge-driver notes-base-2000.json notes-ours-2000.json notes-theirs-2000.json; }
	run_b() { "$triage" merge-driver notes-base-20000.json notes-ours-20000.json notes-theirs-20000.json; }
	timed "merge driver, n notes on one issue each side" 2000 notes-ours-2000.json notes-ours-20000.json
	run_a() { "$triage" merge-driver changed-base-2000.json changed-ours-2000.json changed-theirs-2000.json; }
	run_b() { "$triage" merge-driver changed-base-20000.json changed-ours-20000.json changed-theirs-20000.json; }
	timed "merge driver, n issues changed on both sides" 2000 changed-ours-2000.json changed-ours-20000.json
fi
if wanted undo; then
	# Undo when someone has changed every one of the user's n notes since
	# (they are gone), on an issue with n notes of another's: whether each
	# change still stands once cost a pass over the notes.
	gen_passed() {   # gen_passed N > FILE
		awk -v n="$1" 'function ts(i) { return sprintf("2026-01-%02dT%02d:%02d:%02dZ", 2 + int(i / 86400), int(i / 3600) % 24, int(i / 60) % 60, i % 60) }
		BEGIN { print "{\n  \"version\": 1,\n  \"issues\": {\n    \"#1\": {\"state\": \"in-progress\", \"notes\": ["
			for (i = 1; i <= n; i++) printf "      {\"by\": \"B <b@example.org>\", \"at\": \"%s\", \"text\": \"note %d\"}%s\n", ts(i), i, i < n ? "," : ""
			print "    ], \"updated_at\": \"2026-01-02T00:00:00Z\"}\n  },\n  \"events\": ["
			for (i = 1; i <= n; i++) printf "    {\"at\": \"%s\", \"by\": \"A <a@example.org>\", \"issue\": \"#1\", \"field\": \"note\", \"from\": null, \"to\": \"mine %d\"}%s\n", ts(i), i, i < n ? "," : ""
			print "  ]\n}" }'
	}
	gen_report 3 >small.md
	gen_passed 2000 >passed-2000.json
	gen_passed 20000 >passed-20000.json
	run_a() { "$triage" --state passed-2000.json --user "A <a@example.org>" undo small.md; }
	run_b() { "$triage" --state passed-20000.json --user "A <a@example.org>" undo small.md; }
	timed "undo: n own changes passed over, n notes" 2000 passed-2000.json passed-20000.json
fi
if wanted editor; then
	# The console's note editor, n characters typed into it one by one
	# (from the scripted mode's marks): each drawing once counted the
	# columns of all the text before the cursor.
	gen_report 3 >small.md
	for n in 1500 15000; do
		awk -v n="$n" 'BEGIN { print "a\n:mark -"; for (i = 0; i < n; i++) printf "x"; print "\n:mark typed\n<C-g>" }' >"type-$n.script"
		rm -f typed.json
		HOME="$work" XDG_STATE_HOME="$work/state" "$triage" --state typed.json --script "type-$n.script" small.md 2>"typed-$n.marks" >/dev/null || true
	done
	a=$(awk '$1 == "typed:" { print $2 }' typed-1500.marks)
	b=$(awk '$1 == "typed:" { print $2 }' typed-15000.marks)
	line "console: n characters typed in a note" 1500 "${a:-0}" "${b:-0}"
fi
if wanted graph-pane; then
	# The console's graph pane over n issues and 5n arrows: a channel's
	# nets were placed track by track, each track a pass over all the
	# nets left.
	printf '4\nG\njjjjjjlllll\n' >graph-pane.script
	gen_graph 2000 10000 >pane-2000.md
	gen_graph 20000 100000 >pane-20000.md
	run_a() { "$triage" --state "$work/p.json" --script graph-pane.script pane-2000.md; }
	run_b() { "$triage" --state "$work/p.json" --script graph-pane.script pane-20000.md; }
	timed "console: graph pane, n issues and 5n arrows" 2000
fi
exit "$missed"
