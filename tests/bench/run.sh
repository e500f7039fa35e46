#!/bin/sh
# Runs every benchmark and prints its figures beside the reference it names;
# each goal's line ends with PASS or MISS.  A benchmark that misses a goal
# (or fails) does not stop the others: they all run, and then the status is
# 1 and the last line names the ones that missed.
#   make bench      (or, after make bench-programs:
#                    sh tests/bench/run.sh BUILDDIR SRCDIR [NAME...],
#                    NAME one of those below: only those run)
set -eu
build=${1:?usage: run.sh BUILDDIR SRCDIR [NAME...]}
src=${2:?usage: run.sh BUILDDIR SRCDIR [NAME...]}
shift 2
# Benchmarks change directory: the folders are made absolute first.
build=$(cd "$build" && pwd)
src=$(cd "$src" && pwd)
only=" $* "
if [ ! -x "$build/tests/bench/bench_reader" ]; then
	echo "run.sh: the benchmark programs are not built in $build: run 'make bench-programs' there" >&2
	exit 1
fi
here=$src/tests/bench
work=${TMPDIR:-/tmp}/triage-bench
mkdir -p "$work"

missed=
# bench NAME COMMAND...: runs one benchmark; its failure is remembered.
bench() {
	name=$1
	shift
	case $only in
	"  " | *" $name "*) "$@" || missed="$missed $name" ;;
	esac
}

reader() {
	echo "== reader: 5,000- and 20,000-issue reports in the style of a real one"
	"$build/tests/bench/gen_report" 5000 >"$work/report-5000.md"
	"$build/tests/bench/gen_report" 20000 >"$work/report-20000.md"
	"$build/tests/bench/bench_reader" "$build/triage" "$work/report-5000.md" "$work/report-20000.md"
}
folder() {
	echo "== a folder of 2,000 reports in a dozen styles (about 25 MB): triage export DIR"
	rm -rf "$work/folder"
	"$build/tests/bench/gen_folder" "$work/folder" 2000 12
	"$build/tests/bench/bench_folder" "$build/triage" "$work/folder"
}
store() {
	echo "== progress store: 5,000 issues and 50,000 events; load, one change, save"
	mkdir -p "$work/store"
	"$build/tests/bench/bench_store" "$work/store"
}

bench reader reader
bench folder folder
bench store store
bench layout sh "$here/bench_layout.sh" "$build"
bench history sh "$here/bench_history.sh" "$build"
bench console sh "$here/bench_console.sh" "$build"
bench standup sh "$here/bench_standup.sh" "$build"
bench keys sh "$here/bench_keys.sh" "$build" "$src"
bench scaling sh "$here/bench_scaling.sh" "$build"
bench reader-shapes sh "$here/bench_reader_shapes.sh" "$build"

if [ -n "$missed" ]; then
	echo "== MISS:$missed"
	exit 1
fi
echo "== every goal met"
