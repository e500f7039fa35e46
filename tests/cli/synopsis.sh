#!/bin/sh
# One synopsis per command, the same in `triage --help`, in the command's
# own -h and in the man page; and a misspelt command is named as one.
. "$top_srcdir/tests/cli/lib.sh"

"$TRIAGE" --help >"$TMP/help" || exit 1
# --help lists "  NAME  summary" then "               triage NAME SYNOPSIS".
sed -n 's/^               triage //p' "$TMP/help" >"$TMP/from-help"
cut -d' ' -f1 "$TMP/from-help" >"$TMP/commands"
test -s "$TMP/commands"
ok $? "--help lists the commands with their synopses"

# The man page: ".B NAME \fR[\fB\-\-opt ..." under COMMANDS, as plain text.
sed -n '/^\.SH COMMANDS/,/^\.SH /p' "$top_srcdir/doc/triage.1" |
	sed -n '/^\.TP/{n;s/^\.B //p}' |
	sed 's/\\f[BIRP]//g; s/\\-/-/g; s/\\(aq/'"'"'/g; s/  */ /g; s/ *$//' >"$TMP/from-man"

while read -r cmd; do
	want=$(grep -m1 "^$cmd " "$TMP/from-help")
	"$TRIAGE" "$cmd" -h >"$TMP/h" 2>&1
	ok $? "$cmd -h exits 0"
	is "$(sed -n '1s/^Usage: triage //p' "$TMP/h")" "$want" "$cmd -h gives the synopsis --help gives"
	is "$(grep -m1 "^$cmd " "$TMP/from-man")" "$want" "doc/triage.1 gives the same synopsis for $cmd"
	"$TRIAGE" "$cmd" --help >"$TMP/h2" 2>&1
	cmp -s "$TMP/h" "$TMP/h2"
	ok $? "$cmd --help is $cmd -h"
done <"$TMP/commands"

# Every command of the man page is one the program has.
cut -d' ' -f1 "$TMP/from-man" | sort >"$TMP/man-commands"
sort "$TMP/commands" | cmp -s - "$TMP/man-commands"
ok $? "the man page and --help list the same commands"

# A word that is no command, no file and no folder.
"$TRIAGE" stauts >"$TMP/out" 2>&1
is $? 2 "a misspelt command is a usage error"
like "$TMP/out" "unknown command 'stauts'" "that names it"
like "$TMP/out" "nearest: status" "and the command nearest to it"
"$TRIAGE" grpah "$TRIAGE_SEED" >"$TMP/out" 2>&1
like "$TMP/out" "unknown command 'grpah'; the nearest: graph" "with its arguments too"
"$TRIAGE" zzzzqx >"$TMP/out" 2>&1
like "$TMP/out" "unknown command 'zzzzqx' \(the commands: export, " "nothing near: the commands listed"
# help, as git has it.
"$TRIAGE" help >"$TMP/out" 2>&1
ok $? "triage help works"
"$TRIAGE" --help | cmp -s - "$TMP/out"
ok $? "and prints what --help prints"
"$TRIAGE" help set >"$TMP/out" 2>&1
like "$TMP/out" '^Usage: triage set ISSUE STATE' "triage help COMMAND prints the command's usage"
"$TRIAGE" help sett >"$TMP/out" 2>&1
is $? 2 "triage help of no command is a usage error"
like "$TMP/out" "unknown command 'sett'; the nearest: set" "and names the nearest"

# getopt's own messages begin as every other does.
"$TRIAGE" --bogus >"$TMP/out" 2>&1
like "$TMP/out" "^triage: unrecognized option '--bogus'" "an unknown option: 'triage:', not the path run"
"$TRIAGE" set 305 --owner >"$TMP/out" 2>&1
like "$TMP/out" "^triage: set: option '--owner' requires an argument" "a command's missing argument: 'triage: set:'"

# After "--" a word is a report, even one named like a command.
mkdir -p "$TMP/dd"
cp "$TRIAGE_SEED" "$TMP/dd/set"
(cd "$TMP/dd" && "$TRIAGE" -- set) >"$TMP/out" 2>&1
ok $? "triage -- set reads a report named set"
like "$TMP/out" '^  report: +set \(8 issues\)' "and summarises it"

# A report's name is still a report, found or not.
cd "$TMP" || exit 1
cp "$TRIAGE_SEED" status.md
"$TRIAGE" status.md >"$TMP/out" 2>&1
ok $? "a report is opened by name"
"$TRIAGE" missing.md >"$TMP/out" 2>&1
like "$TMP/out" "missing.md: cannot open" "a missing report is said as one"
mkdir -p "$TMP/gone"
cp "$TRIAGE_SEED" "$TMP/gone/seed.md"
"$TRIAGE" gone >"$TMP/out" 2>&1
ok $? "a folder of reports named like a word is read"

done_testing
