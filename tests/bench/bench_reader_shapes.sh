#!/bin/sh
# Shapes of report text that once cost the reader the square of their size:
# the time at n and at 10n, and their ratio (goal: at most 15x).
#   sh tests/bench/bench_reader_shapes.sh BUILDDIR     (make bench runs it)
set -eu
missed=0   # 1 once a line misses its goal: the exit status
build=${1:?usage: bench_reader_shapes.sh BUILDDIR}
triage="$build/triage"
work=${TMPDIR:-/tmp}/triage-bench/shapes
rm -rf "$work"
mkdir -p "$work"
cd "$work"

ms() { echo $(( $(date +%s%N) / 1000000 )); }
elapsed() {   # elapsed CMD...: milliseconds taken
	t0=$(ms)
	"$@" >/dev/null 2>&1 || true
	echo $(( $(ms) - t0 ))
}
line() {   # line TITLE N T1 T10
	awk -v t="$1" -v n="$2" -v a="$3" -v b="$4" 'BEGIN {
		r = a > 0 ? b / a : b
		printf "   %-46s n=%-8s %6d ms   10n: %7d ms   %5.1fx  %s\n", t, n, a, b, r,
			(r > 15 ? "MISS" : "PASS")
		exit (r > 15 ? 1 : 0)
	}' || missed=1
}

echo "== reader shapes: time at n and 10n (goal: at most 15x)"

# A failure line of n bytes of escaped quotes (\'\'\'…): each quote once
# looked for its closing one to the end of the line, and none closes
# (400 KB took 33 s).
for n in 1000000 10000000; do
	{ printf '# Quotes\n\n## Issue #1 \342\200\224 Quotes\n\n```\nERROR: '
	  awk -v n="$n" 'BEGIN { s = "\\\x27\\\x27\\\x27\\\x27\\\x27"; for (i = 0; i < n / 10; i++) printf "%s", s; print "" }'
	  printf '```\n'; } >"quotes-$n.md"
done
a=$(elapsed "$triage" export quotes-1000000.md)
b=$(elapsed "$triage" export quotes-10000000.md)
line "failure signature, n bytes of escaped quotes" 1000000 "$a" "$b"

# Lines of link brackets without a blank line between them: md4c's time
# grows with the square of such a paragraph's or table's lines, so the
# reader parses them in parts (and says so).
for n in 20000 200000; do
	{ printf '# Brackets\n\n## Issue #1 \342\200\224 Brackets\n\n'
	  awk -v n="$n" 'BEGIN { for (i = 0; i < n; i++) print "[#1](" }'; } >"brackets-$n.md"
	{ printf '# Brackets\n\n## Issue #1 \342\200\224 Brackets\n\n| Issue | Note |\n|---|---|\n'
	  awk -v n="$n" 'BEGIN { for (i = 0; i < n; i++) print "| [a] | [#1]( |" }'; } >"table-$n.md"
done
a=$(elapsed "$triage" export brackets-20000.md)
b=$(elapsed "$triage" export brackets-200000.md)
line "markdown, n lines of '[#1](' in one paragraph" 20000 "$a" "$b"
a=$(elapsed "$triage" export table-20000.md)
b=$(elapsed "$triage" export table-200000.md)
line "markdown, a table of n rows of link brackets" 20000 "$a" "$b"
# A report that keys nothing, of n sections each with a subsection: each
# section once counted its later siblings again, and each section's text
# was read again for every section around it.
for n in 2000 20000; do
	awk -v n="$n" 'BEGIN { print "# Notes\n"; for (i = 1; i <= n; i++)
		printf "## Area %d\n\n### Detail\n\nsome text\n\n", i }' >"unkeyed-$n.md"
done
a=$(elapsed "$triage" export unkeyed-2000.md)
b=$(elapsed "$triage" export unkeyed-20000.md)
line "a report keying nothing, n sections" 2000 "$a" "$b"
rm -f quotes-10000000.md brackets-200000.md table-200000.md unkeyed-20000.md
exit "$missed"
