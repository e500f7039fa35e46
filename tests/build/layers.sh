#!/bin/sh
# The console's files form layers: no file includes, or calls into, a file
# that includes or calls it back, however far round; and a view sees the
# console only through view.h.
. "$top_srcdir/tests/cli/lib.sh"

tools="$top_srcdir/tests/tools"
src="$top_srcdir/src/console"
obj="$top_builddir/src/console"

# The checker itself: it finds a cycle, names it, and lets a layered graph be.
printf 'a.c b.c\nb.c c.c\nc.c a.c\nc.c d.c\nd.c d.c\n' >"$TMP/cyclic"
sh "$tools/cycles.sh" <"$TMP/cyclic" >"$TMP/found"
is $? 1 "a cycle three files long is found"
like "$TMP/found" '^cycle: ([abc]\.c -> ){3}[abc]\.c$' "it is named file by file"
printf 'a.c b.c\nb.c c.c\na.c c.c\nc.c c.c\n' | sh "$tools/cycles.sh" >"$TMP/none"
is $? 0 "a layered graph (a file using itself included) passes"

sh "$tools/deps.sh" includes "$src" >"$TMP/includes"
is $? 0 "the include graph is read"
like "$TMP/includes" '^views/issues\.c view\.h$' "it has the issue list including view.h"
sh "$tools/cycles.sh" <"$TMP/includes" >"$TMP/include-cycle"
ok $? "no include cycle between console files"
sed 's/^/#   /' "$TMP/include-cycle"

sh "$tools/deps.sh" calls "$src" "$obj" >"$TMP/calls"
is $? 0 "the call graph is read from the objects"
like "$TMP/calls" '^views/commits\.c views/commit\.c$' "it has the commits pane opening a commit"
sh "$tools/cycles.sh" <"$TMP/calls" >"$TMP/call-cycle"
ok $? "no call cycle between console files"
sed 's/^/#   /' "$TMP/call-cycle"

# A view's own files share a header of their own (views/NAME_internal.h).
grep '^views/' "$TMP/includes" | grep -v ' view\.h$' |
	grep -Ev '^views/([a-z]+)(_[a-z]+)?\.[ch] views/\1_internal\.h$' >"$TMP/view-includes"
unlike "$TMP/view-includes" . "views include no console header but view.h (and their own)"

done_testing
