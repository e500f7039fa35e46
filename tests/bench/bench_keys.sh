#!/bin/sh
# Bytes per key in a real terminal (a pseudo-terminal, xterm-256color): the
# seed report in a repository whose commits fix and mention its issues, at
# 80x24 and 160x48, beside a whole screen drawn again at the same size.
#   sh tests/bench/bench_keys.sh BUILDDIR SRCDIR    (make bench runs it)
set -eu
build=${1:?usage: bench_keys.sh BUILDDIR SRCDIR}
src=${2:?usage: bench_keys.sh BUILDDIR SRCDIR}
work=${TMPDIR:-/tmp}/triage-bench/keys
rm -rf "$work"
mkdir -p "$work/repo" "$work/home"

echo "== console: bytes sent per key over a terminal (seed report, xterm-256color)"
repo="$work/repo"
(
	cd "$repo"
	export HOME="$work/home" GIT_CONFIG_NOSYSTEM=1
	git init -q .
	git config user.name "Ada Lovelace"
	git config user.email ada@example.org
	cp "$src/tests/fixtures/seed.md" seed.md
	git add seed.md
	git commit -q -m "Cluster report"
	mkdir -p tests/unit/core
	for n in 305 307 271 306; do
		echo "# $n" >>tests/unit/core/test_execution_tracker_ssot.py
		git add tests
		git commit -q -m "Guard the tracker against a stale enum (fixes #$n)"
		echo "$n" >notes.txt
		git add notes.txt
		git commit -q -m "Log the failing call, see #$n"
	done
)
HOME="$work/home" XDG_CONFIG_HOME="$work/home/config" TRIAGE_DATADIR="$src" \
TRIAGE_USER="Ada Lovelace <ada@example.org>" LC_ALL=C.UTF-8 \
	"$build/tests/bench/bench_keys" "$build/triage" "$repo" seed.md
