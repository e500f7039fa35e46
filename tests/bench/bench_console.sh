#!/bin/sh
# Console benchmark, on the 5,000-issue report and a 200,000-commit
# repository, all in the scripted mode (no terminal):
#   - start to the first full screen, history index warm, beside the same
#     run's `triage export` of the same report in the same repository
#     (goal: no slower than the export);
#   - one key handled and the screen drawn again, at 160x48: moving down the
#     list, and applying or clearing a text filter (goal: under 5 ms).
# Times are the best of several runs (the first screen and the export
# taking turns, so that the load of a shared machine weighs on both alike).
# Each goal's line ends with PASS or MISS;
# the exit status is 1 on a MISS.
#   sh tests/bench/bench_console.sh BUILDDIR     (make bench runs it)
set -eu
build=${1:?usage: bench_console.sh BUILDDIR}
triage="$build/triage"
work=${TMPDIR:-/tmp}/triage-bench/console
mkdir -p "$work"

echo "== console: first screen and one key, 5,000 issues and 200,000 commits (scripted mode)"
report="$work/report-5000.md"
[ -s "$report" ] || "$build/tests/bench/gen_report" 5000 >"$report"
# A repository of its own (the history benchmark measures cold scans on
# its copy; this one keeps a warm index), made once per generator.
repo="$work/repo-200k.git"
stamp=$repo/made-by-$(cksum <"$build/tests/bench/gen_history" | cut -d' ' -f1)
if [ ! -f "$stamp" ]; then
	echo "   (making a 200,000-commit repository with git fast-import, once)"
	rm -rf "$repo"
	git init -q --bare "$repo"
	"$build/tests/bench/gen_history" 200000 | git -C "$repo" fast-import --quiet
	git -C "$repo" symbolic-ref HEAD refs/heads/main
	: >"$stamp"
fi
state="$work/progress.json"
run() { "$triage" -C "$repo" --state "$state" "$@"; }

ms() { echo $(( $(date +%s%N) / 1000000 )); }
once() {   # once CMD... : one run, in ms
	t0=$(ms)
	"$@" >/dev/null 2>&1
	echo $(( $(ms) - t0 ))
}

printf ':resize 160x48\n:dump %s\n' "$work/first.dump" >"$work/first.script"
# The first run builds the history index; the figures are for a warm one.
run --script "$work/first.script" "$report" >/dev/null 2>&1
grep -q 'Issues 5000/5000' "$work/first.dump" || { echo "bench_console: the first screen is not right" >&2; exit 1; }

# Five of each, taking turns: the best of each.
export_ms= first_ms=
for _ in 1 2 3 4 5; do
	t=$(once run export "$report")
	if [ -z "$export_ms" ] || [ "$t" -lt "$export_ms" ]; then export_ms=$t; fi
	t=$(once run --script "$work/first.script" "$report")
	if [ -z "$first_ms" ] || [ "$t" -lt "$first_ms" ]; then first_ms=$t; fi
done

# Keys: 1,000 moves down, then 50 times a text filter applied and cleared.
keys="$work/keys.script"
{
	echo ':resize 160x48'
	echo ':mark -'
	i=0
	while [ $i -lt 50 ]; do
		echo 'jjjjjjjjjjjjjjjjjjjj'
		i=$((i + 1))
	done
	echo ':mark down'
	i=0
	while [ $i -lt 50 ]; do
		echo 'fjjj<Enter>Timeouts'
		echo ':mark -'
		echo '<Enter>'
		echo ':mark filter'
		echo 'fjjjj'
		echo ':mark -'
		echo '<Enter>'
		echo ':mark unfilter'
		i=$((i + 1))
	done
} >"$keys"
per_key() {   # per_key LABEL FILE: milliseconds per key over every mark of LABEL
	awk -v l="$1:" '$1 == l { ms += $2; keys += $4 } END { if (keys) printf "%.3f", ms / keys; else print "?" }' "$2"
}
lower() { awk -v a="$1" -v b="$2" 'BEGIN { print (a == "" || b + 0 < a + 0) ? b : a }'; }
best_down= best_filter= best_unfilter=
for _ in 1 2 3; do
	run --script "$keys" "$report" 2>"$work/marks" >/dev/null
	d=$(per_key down "$work/marks")
	f=$(per_key filter "$work/marks")
	u=$(per_key unfilter "$work/marks")
	best_down=$(lower "$best_down" "$d")
	best_filter=$(lower "$best_filter" "$f")
	best_unfilter=$(lower "$best_unfilter" "$u")
done

missed=0
# check VAR MET: VAR is PASS, or MISS (remembered for the exit status)
check() { if [ "$2" = 1 ]; then eval "$1=PASS"; else eval "$1=MISS"; missed=1; fi; }
under5() { awk -v t="$1" 'BEGIN { print (t != "?" && t + 0 < 5) ? 1 : 0 }'; }
check v_first "$([ "$first_ms" -le "$export_ms" ] && echo 1 || echo 0)"
check v_down "$(under5 "$best_down")"
check v_filter "$(under5 "$best_filter")"
check v_unfilter "$(under5 "$best_unfilter")"
echo "   first full screen (5,000 issues, 200,000 commits, warm index): ${first_ms} ms"
echo "   triage export of the same report, same repository:              ${export_ms} ms   (goal: first screen no slower)  $v_first"
echo "   one key, moving down the list, 160x48:      ${best_down} ms   (goal: < 5 ms)  $v_down"
echo "   one key, applying a text filter:            ${best_filter} ms   (goal: < 5 ms)  $v_filter"
echo "   one key, clearing the filter:               ${best_unfilter} ms   (goal: < 5 ms)  $v_unfilter"
exit "$missed"
