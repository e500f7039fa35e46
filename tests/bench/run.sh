#!/bin/sh
# Runs every benchmark and prints its figures beside the reference it names.
#   make bench      (or: sh tests/bench/run.sh BUILDDIR)
set -eu
build=${1:?usage: run.sh BUILDDIR}
work=${TMPDIR:-/tmp}/triage-bench
mkdir -p "$work"

echo "== reader: 5,000- and 20,000-issue reports in the style of a real one"
"$build/tests/bench/gen_report" 5000 >"$work/report-5000.md"
"$build/tests/bench/gen_report" 20000 >"$work/report-20000.md"
"$build/tests/bench/bench_reader" "$build/triage" "$work/report-5000.md" "$work/report-20000.md"

echo "== a folder of 2,000 reports in a dozen styles (about 25 MB): triage export DIR"
rm -rf "$work/folder"
"$build/tests/bench/gen_folder" "$work/folder" 2000 12
"$build/tests/bench/bench_folder" "$build/triage" "$work/folder"

echo "== progress store: 5,000 issues and 50,000 events; load, one change, save"
mkdir -p "$work/store"
"$build/tests/bench/bench_store" "$work/store"
