#!/bin/sh
# The graph benchmark: a 5,000-issue report with a 10,000-edge dependency
# map, read and laid out in the same run.
#   sh tests/bench/bench_layout.sh BUILDDIR      (make bench runs it)
set -eu
build=${1:?usage: bench_layout.sh BUILDDIR}
work=${TMPDIR:-/tmp}/triage-bench
mkdir -p "$work"

echo "== graph: layout of a 5,000-issue, 10,000-edge report beside reading it"
# The map names a few pairs twice; 10,320 links make 10,000 distinct edges.
"$build/tests/bench/gen_report" 5000 10320 >"$work/report-5000-10000.md"
"$build/tests/bench/bench_layout" "$work/report-5000-10000.md"
