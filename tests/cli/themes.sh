#!/bin/sh
# Themes by name: found in themes/ beside the program when it runs from its
# build tree (nothing installed, no TRIAGE_DATADIR), and a missing one is
# named with the places looked at.
. "$top_srcdir/tests/cli/lib.sh"

HOME="$TMP/home"
XDG_CONFIG_HOME="$TMP/config"
TRIAGE_USER="Ada Lovelace <ada@example.org>"
export HOME XDG_CONFIG_HOME TRIAGE_USER
unset TRIAGE_DATADIR NO_COLOR
mkdir -p "$HOME" "$TMP/tree/themes" "$TMP/bare"
cp "$TRIAGE" "$TMP/tree/triage"
cp "$TRIAGE" "$TMP/bare/triage"
cp "$TRIAGE_SEED" "$TMP/seed.md"
# A theme only this tree has: the header in colour 201.
printf 'header 201 default bold\n' >"$TMP/tree/themes/pink.theme"
cp "$top_srcdir/themes/light.theme" "$TMP/tree/themes/light.theme"
printf ':dump %s\n:dump-styles %s\n' "$TMP/screen" "$TMP/styles" >"$TMP/dump.script"
cd "$TMP" || exit 1

"$TMP/tree/triage" --theme pink --state "$TMP/p.json" --script "$TMP/dump.script" seed.md >"$TMP/out" 2>&1
ok $? "the console runs with a theme from themes/ beside the program"
ok $(grep -q 'theme not loaded' "$TMP/screen"; echo $((1 - $?))) "and says nothing about a missing theme"
like "$TMP/styles" '^0: 0-[0-9]+ header=201/default\+bold' "the top line has the theme's colour"

"$TMP/tree/triage" --theme light --state "$TMP/p.json" --script "$TMP/dump.script" seed.md >"$TMP/out" 2>&1
like "$TMP/styles" 'title-focus=white/25\+bold' "light, as shipped, is found there too"

"$TMP/bare/triage" --theme pink --state "$TMP/p.json" --script "$TMP/dump.script" seed.md >"$TMP/out" 2>&1
like "$TMP/screen" "theme not loaded, default used: no theme called 'pink'" \
	"with no themes/ beside it, the theme is not found, and the console says so"
like "$TMP/styles" '^0: 0-[0-9]+ header=white/blue\+bold' "and draws with the default theme"

done_testing
