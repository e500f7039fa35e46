#!/bin/sh
# History benchmark: a 200,000-commit repository made once with git
# fast-import (kept under $TMPDIR/triage-bench), 100 more commits on branch
# `next`, and bench_history's figures on it.
#   make bench      (or: sh tests/bench/bench_history.sh BUILDDIR)
set -eu
build=${1:?usage: bench_history.sh BUILDDIR}
work=${TMPDIR:-/tmp}/triage-bench
repo=$work/history-200k.git
mkdir -p "$work"
# The repository is made again when the generator changes.
stamp=$repo/made-by-$(cksum <"$build/tests/bench/gen_history" | cut -d' ' -f1)
if [ ! -f "$stamp" ]; then
	echo "== history: making a 200,000-commit repository with git fast-import (once)"
	rm -rf "$repo"
	git init -q --bare "$repo"
	"$build/tests/bench/gen_history" 200000 | git -C "$repo" fast-import --quiet
	"$build/tests/bench/gen_history" 100 200000 refs/heads/next | git -C "$repo" fast-import --quiet
	: >"$stamp"
fi
echo "== history: cold scan, warm start and an update, beside git log"
"$build/tests/bench/bench_history" "$repo"
