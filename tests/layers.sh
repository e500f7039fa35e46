#!/bin/sh
# The layers as doc/HACKING.md draws them: only the history talks to
# libgit2, only the store and the export to jansson, and no source file
# grows past 1,000 lines.
. "$top_srcdir/tests/cli/lib.sh"
cd "$top_srcdir" || exit 1

# Files of src/ and include/ that include a header, directly.
includers() {
	grep -rlE "^[[:space:]]*#[[:space:]]*include[[:space:]]*[<\"]$1[>\"]" src include | sort
}

includers git2.h | grep -v '^src/history/' >"$TMP/git2"
is "$(cat "$TMP/git2")" "" "only src/history includes <git2.h>"

# jansson.h, and export.h which brings it.
{ includers jansson.h; includers triage/export.h; } | sort -u |
	grep -v -e '^src/store/' -e '^src/session/export\(_text\)\{0,1\}\.[ch]$' -e '^include/triage/export\.h$' >"$TMP/jansson"
is "$(cat "$TMP/jansson")" "" "only the store and the export include <jansson.h> (or export.h)"

# The core's public headers do not reach into the console or the programs.
grep -lE '#[[:space:]]*include[[:space:]]*"(console|cli)/' include/triage/*.h >"$TMP/up"
is "$(cat "$TMP/up")" "" "include/triage/ includes nothing of the console or the command line"

find src -name '*.c' -exec wc -l {} + |
	awk '$2 != "total" && $1 > 1000 { print $2 " (" $1 " lines)" }' >"$TMP/long"
is "$(cat "$TMP/long")" "" "no .c file is over 1,000 lines"

done_testing
