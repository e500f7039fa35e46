#!/bin/sh
# Stand-up benchmark: `triage standup` beside `triage export` on the same
# data, in the same run: a 5,000-issue report committed on top of the
# 200,000-commit history (made once, as bench_history.sh makes it), a
# progress file of 50,000 events with a stand-up marked a day ago, and a
# warm history index.  Each figure is the best of five runs.
#   make bench      (or: sh tests/bench/bench_standup.sh BUILDDIR)
set -eu
build=${1:?usage: bench_standup.sh BUILDDIR}
work=${TMPDIR:-/tmp}/triage-bench
repo=$work/history-200k.git
mkdir -p "$work"
stamp=$repo/made-by-$(cksum <"$build/tests/bench/gen_history" | cut -d' ' -f1)
if [ ! -f "$stamp" ]; then
	echo "== stand-up: making a 200,000-commit repository with git fast-import (once)"
	rm -rf "$repo"
	git init -q --bare "$repo"
	"$build/tests/bench/gen_history" 200000 | git -C "$repo" fast-import --quiet
	"$build/tests/bench/gen_history" 100 200000 refs/heads/next | git -C "$repo" fast-import --quiet
	: >"$stamp"
fi
wt=$work/standup-200k
made=$wt/.git/made-from-$(cksum <"$stamp" | cut -d' ' -f1)-$(cksum <"$build/tests/bench/gen_report" | cut -d' ' -f1)
if [ ! -f "$made" ]; then
	rm -rf "$wt"
	git clone -q --shared -b main "$repo" "$wt"
	mkdir -p "$wt/docs"
	"$build/tests/bench/gen_report" 5000 >"$wt/docs/cluster.md"
	git -C "$wt" add docs/cluster.md
	t=$(( $(git -C "$wt" log -1 --format=%ct) + 60 ))
	GIT_AUTHOR_DATE=@$t GIT_COMMITTER_DATE=@$t git -C "$wt" -c user.name=Bench -c user.email=b@example.com \
		commit -q -m "The cluster report"
	: >"$made"
fi
now=$(( $(git -C "$wt" log -1 --format=%ct) + 3600 ))
mkdir -p "$wt/.triage"
"$build/tests/bench/gen_progress" 5000 10000 50000 "$now" ../docs/cluster.md >"$wt/.triage/progress.json"
cd "$wt"
TRIAGE_NOW=@$now
export TRIAGE_NOW
# Warms the history index (and says what the data holds).
"$build/triage" export docs/cluster.md >"$work/standup-export.json"
"$build/triage" standup docs/cluster.md >"$work/standup.txt"

ms() { echo $(( ($(date +%s%N) - $1) / 1000000 )); }
# The three commands take turns, five rounds, and each keeps its best: a
# machine busy with something else slows one round, not one command.
e= s= m=
for round in 1 2 3 4 5; do
	for which in e s m; do
		case $which in
		e) set -- export docs/cluster.md ;;
		s) set -- standup docs/cluster.md ;;
		m) set -- standup --format markdown docs/cluster.md ;;
		esac
		t=$(date +%s%N)
		"$build/triage" "$@" >/dev/null
		took=$(ms "$t")
		eval "prev=\$$which"
		if [ -z "$prev" ] || [ "$took" -lt "$prev" ]; then eval "$which=$took"; fi
	done
done
echo "== stand-up: 5,000 issues, 50,000 events, $(git rev-list --count HEAD) commits, warm index"
echo "   $(wc -l <"$work/standup.txt") lines of stand-up; $(grep -c '^  [0-9a-f]\{7\} ' "$work/standup.txt") commits told"
printf '   triage export:                    %6d ms (reference)\n' "$e"
printf '   triage standup:                   %6d ms\n' "$s"
printf '   triage standup --format markdown: %6d ms\n' "$m"
# The goal: a stand-up no slower than the export.
if [ "$s" -le "$e" ]; then echo "   standup is no slower than export (goal)  PASS"; exit 0; fi
echo "   standup is SLOWER than export (goal: no slower)  MISS"
exit 1
