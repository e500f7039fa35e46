#!/bin/sh
# `triage console` from the command line: which reports it opens, the
# scripted mode's errors, the config file, and no terminal needed.
. "$top_srcdir/tests/cli/lib.sh"

unset TRIAGE_USER NO_COLOR
HOME="$TMP/home"
XDG_CONFIG_HOME="$TMP/config"
GIT_CONFIG_NOSYSTEM=1
TRIAGE_DATADIR="$top_srcdir"
export HOME XDG_CONFIG_HOME GIT_CONFIG_NOSYSTEM TRIAGE_DATADIR
mkdir -p "$HOME" "$TMP/plain"
cd "$TMP/plain" || exit 1

"$TRIAGE" console --help >"$TMP/out" 2>&1
ok $? "console --help exits 0"
like "$TMP/out" '--script FILE' "and explains the scripted mode"

printf ':dump %s\n' "$TMP/screen" >"$TMP/dump.script"

# No report named, none remembered: the bundled example, saying so.
"$TRIAGE" --state "$TMP/p.json" --script "$TMP/dump.script" >"$TMP/out" 2>&1
ok $? "with no report the console opens"
like "$TMP/screen" "^ triage  $(sed -n 's/^# //p;q' "$top_srcdir/examples/cluster-report.md" | cut -c1-30)" "on the bundled example"
like "$TMP/screen" 'no report named: showing the bundled example' "and says so"
TRIAGE_DATADIR=/nonexistent "$TRIAGE" --state "$TMP/p.json" --script "$TMP/dump.script" >"$TMP/out" 2>&1
is $? 1 "no report and no bundled example: an error"
like "$TMP/out" 'name a cluster report' "that says what to do"

# Looking writes nothing: no .triage/ in a repository or beside a report
# outside one, until the first change.
mkdir -p "$TMP/repo" "$TMP/loose"
git -C "$TMP/repo" init -q .
cp "$TRIAGE_SEED" "$TMP/repo/seed.md"
cp "$TRIAGE_SEED" "$TMP/loose/seed.md"
printf 'jj3<Enter>4<Tab>/Tracker<Enter>fjj<Enter>r\n:dump %s\n' "$TMP/screen" >"$TMP/browse.script"
(cd "$TMP/repo" && TRIAGE_USER="Ada <ada@example.org>" "$TRIAGE" --script "$TMP/browse.script" seed.md) >/dev/null 2>&1
ok $? "browsing in a repository works"
ok $(test ! -e "$TMP/repo/.triage"; echo $?) "and creates no .triage/ in the work tree"
is "$(git -C "$TMP/repo" status --porcelain --untracked-files=all | grep -v seed.md)" "" "git sees nothing new"
(cd "$TMP/loose" && TRIAGE_USER="Ada <ada@example.org>" "$TRIAGE" --script "$TMP/browse.script" seed.md) >/dev/null 2>&1
ok $(test ! -e "$TMP/loose/.triage"; echo $?) "outside a repository neither"

# The first change creates it, and remembers the reports opened for the
# next time.
printf 'sj<Enter>\n:dump %s\n' "$TMP/screen" >"$TMP/change.script"
(cd "$TMP/repo" && TRIAGE_USER="Ada <ada@example.org>" "$TRIAGE" --script "$TMP/change.script" seed.md) >/dev/null 2>&1
ok $(test -f "$TMP/repo/.triage/progress.json"; echo $?) "the first change creates .triage/progress.json"
like "$TMP/screen" '#305 is now in-progress \(saved to \.triage/progress\.json\)' "and says so, the path relative to the work tree"
mkdir -p "$TMP/repo/docs"
(cd "$TMP/repo/docs" && TRIAGE_USER="Ada <ada@example.org>" "$TRIAGE" --script "$TMP/change.script" ../seed.md) >/dev/null 2>&1
like "$TMP/screen" '#305 is now fixed \(saved to \.triage/progress\.json\)' "also when it runs in a folder below the top"
(cd "$TMP/repo" && "$TRIAGE" --script "$TMP/dump.script") >"$TMP/out" 2>&1
ok $? "a second start with no report named works"
like "$TMP/screen" 'HOLISTIC TEST PLAN EXECUTION REPORT' "on the report this repository remembers"
like "$TMP/screen" 'no report named: showing the 1 this repository remembers' "and says so"

"$TRIAGE" --script "$TMP/dump.script" "$TMP/no-such-report.md" >"$TMP/out" 2>&1
is $? 1 "a missing report fails before anything is drawn"
like "$TMP/out" 'no-such-report.md' "naming the file"

# Script errors name the script and the line.
printf ':resize 80x24\njj\nk<Bogus>\n' >"$TMP/bad.script"
"$TRIAGE" --state "$TMP/p.json" --script "$TMP/bad.script" "$TRIAGE_SEED" >"$TMP/out" 2>&1
is $? 2 "an unknown key name in a script is a usage error"
like "$TMP/out" 'bad.script:3: unknown key <Bogus>' "naming the script, the line and the key"
printf ':explode\n' >"$TMP/bad.script"
"$TRIAGE" --state "$TMP/p.json" --script "$TMP/bad.script" "$TRIAGE_SEED" >"$TMP/out" 2>&1
like "$TMP/out" "bad.script:1: unknown command ':explode'" "an unknown command too"
printf ':resize 80 by 24\n' >"$TMP/bad.script"
"$TRIAGE" --state "$TMP/p.json" --script "$TMP/bad.script" "$TRIAGE_SEED" >"$TMP/out" 2>&1
like "$TMP/out" "bad.script:1: :resize wants WIDTHxHEIGHT" "a bad size"
printf ':dump %s/no/such/dir/x\n' "$TMP" >"$TMP/bad.script"
"$TRIAGE" --state "$TMP/p.json" --script "$TMP/bad.script" "$TRIAGE_SEED" >"$TMP/out" 2>&1
is $? 1 "a dump that cannot be written fails"
like "$TMP/out" "bad.script:1: cannot write" "and says which line"
"$TRIAGE" --state "$TMP/p.json" --script "$TMP/dump.script" --size 80 "$TRIAGE_SEED" >"$TMP/out" 2>&1
is $? 2 "--size without a height is a usage error"
"$TRIAGE" --state "$TMP/p.json" console "$TRIAGE_SEED" </dev/null >"$TMP/out" 2>&1
is $? 1 "without a terminal and without a script the console says it needs one (status 1: the environment is wrong)"
like "$TMP/out" 'the console needs a terminal' "in words"
mkdir -p "$TMP/noterm" && cp "$TRIAGE_SEED" "$TMP/noterm/seed.md"
(cd "$TMP/noterm" && "$TRIAGE" console seed.md </dev/null >/dev/null 2>&1)
test ! -e "$TMP/noterm/.triage"
ok $? "a console that cannot start writes no progress file"

# The scripted mode never needs a terminal: no controlling tty at all.
setsid "$TRIAGE" --state "$TMP/p.json" --script "$TMP/dump.script" "$TRIAGE_SEED" \
	</dev/null >"$TMP/out" 2>&1
ok $? "the scripted mode runs with no controlling terminal"
like "$TMP/screen" '^ 1 Issues 8/8' "and draws the screen"

# The config file: a theme, key bindings, and a bad line reported by
# file and line while the console starts anyway.
mkdir -p "$XDG_CONFIG_HOME/triage"
printf '# my settings\ntheme = mono\nbind x quit\nunbind q\nbind <C-n> move-down\nsort = sideways\nbind y fly\n' \
	>"$XDG_CONFIG_HOME/triage/config"
printf ':dump %s/0\nm\n:dump %s/0m\n<Esc>\n<C-n>\n:dump %s/1\n?\n:dump %s/2\n/[quit]<Enter>\n:dump %s/3\nG\n:dump %s/3b\n<Esc>q\n:dump %s/4\nx\n:dump %s/5\n' \
	"$TMP" "$TMP" "$TMP" "$TMP" "$TMP" "$TMP" "$TMP" "$TMP" >"$TMP/cfg.script"
"$TRIAGE" --state "$TMP/p.json" --script "$TMP/cfg.script" "$TRIAGE_SEED" >"$TMP/out" 2>&1
ok $? "a config file with bad lines still starts the console"
like "$TMP/0" 'config:6: sort is report.*m more' "the first bad line is named with its file and line"
tr -s ' \n' '  ' <"$TMP/0m" | grep -q "config:6: sort is report, ready or blocking, not .sideways."
ok $? "the messages view (m) has it whole"
like "$TMP/1" '^ #307  API Validation' "a key bound in the config file works (Ctrl-N moves down)"
like "$TMP/2" '^   j <Down> <C-n> +move down' "the help lists the keys actually bound"
like "$TMP/3" '^   Q <F10> <C-c> x +quit' "including a new key for quit"
like "$TMP/3b" 'theme +mono' "and the theme from the config file"
like "$TMP/4" '^ 1 Issues 8/8' "q no longer quits"
is "$(cat "$TMP/5" 2>/dev/null)" "" "x quits (nothing after it ran)"

# A theme that does not exist: the console starts with the default.
"$TRIAGE" --state "$TMP/p.json" --theme nonesuch --script "$TMP/dump.script" "$TRIAGE_SEED" >"$TMP/out" 2>&1
ok $? "an unknown theme does not stop the console"
like "$TMP/screen" "theme not loaded, default used: no theme called 'nonesuch'" "it says which and why"


# No XDG_CONFIG_HOME: the config file is ~/.config/triage/config.
mkdir -p "$HOME/.config/triage"
printf 'theme = high-contrast\n' >"$HOME/.config/triage/config"
printf '?G\n:dump %s/help\n' "$TMP" >"$TMP/help.script"
(unset XDG_CONFIG_HOME; "$TRIAGE" --state "$TMP/p.json" --script "$TMP/help.script" "$TRIAGE_SEED") \
	>"$TMP/out" 2>&1
ok $? "without XDG_CONFIG_HOME the console starts"
like "$TMP/help" "config file $HOME/.config/triage/config" "and reads ~/.config/triage/config"
like "$TMP/help" 'theme +high-contrast' "whose theme it uses"

# A progress file in a directory the user may not write: the console opens
# read-only and says why; a change is refused and the file left as it was.
if [ "$(id -u)" -eq 0 ]; then
	# Root writes anywhere: run as nobody, for whom the directory is read-only.
	as_user="setpriv --reuid=65534 --regid=65534 --clear-groups"
else
	as_user=""
fi
BASE=$(mktemp -d /tmp/triage-console-ro.XXXXXX)
chmod 755 "$BASE"
mkdir -p "$BASE/ro" "$BASE/out"
cp "$TRIAGE_SEED" "$BASE/ro/seed.md"
"$TRIAGE" --user Dana --state "$BASE/ro/progress.json" set 305 fixed "$BASE/ro/seed.md" >/dev/null 2>&1
cp "$BASE/ro/progress.json" "$TMP/ro-before"
cp "$TRIAGE" "$BASE/triage-bin"
printf ':dump %s/out/1\nm\n:dump %s/out/1m\nq\ns\n:dump %s/out/2\n' "$BASE" "$BASE" "$BASE" >"$BASE/ro.script"
chmod 755 "$BASE/triage-bin"
chmod 644 "$BASE/ro/progress.json" "$BASE/ro/seed.md" "$BASE/ro.script"
chmod 777 "$BASE/out"
chmod 555 "$BASE/ro"
(cd "$BASE" && $as_user "$BASE/triage-bin" --user Dana --state "$BASE/ro/progress.json" \
	--script "$BASE/ro.script" "$BASE/ro/seed.md") >"$TMP/out" 2>&1
ok $? "a progress file that cannot be written still opens the console"
like "$BASE/out/1" '^ read-only: ro/progress.json: no permission' "read-only, saying why (the path relative to where it runs)"
tr -s ' \n' '  ' <"$BASE/out/1m" | grep -q "ro/progress.json: no permission to write in ro"
ok $? "the messages view (m) has the reason whole"
like "$BASE/out/1" 'READ-ONLY' "the top line says read-only"
like "$BASE/out/1" '^>#305 .* fixed ' "the progress is shown"
unlike "$BASE/out/2" 'State of #305' "s offers no state to choose"
like "$BASE/out/2" '^ read-only: ro/progress.json' "and says why again"
cmp -s "$BASE/ro/progress.json" "$TMP/ro-before"
ok $? "and the file is untouched"
chmod 755 "$BASE/ro"
rm -rf "$BASE"

# The messages view keeps the last 200 messages, the newest last and in
# view; one said while it is open is added to it, the oldest dropped.
{ i=1; while [ $i -le 205 ]; do printf '/zz%d<Enter>\n' $i; i=$((i + 1)); done
  printf 'm\n:dump %s\n/zz999<Enter>G\n:dump %s\n' "$TMP/log1" "$TMP/log2"; } >"$TMP/log.script"
"$TRIAGE" --state "$TMP/log.json" --script "$TMP/log.script" "$TRIAGE_SEED" >/dev/null 2>&1
like "$TMP/log1" '^ Messages: 200 ' "the messages view keeps the last 200"
like "$TMP/log1" "no match for 'zz205'" "the newest in view"
unlike "$TMP/log1" "no match for 'zz5'" "the oldest dropped"
like "$TMP/log2" "no match for 'zz999'" "a message said while it is open is added"
like "$TMP/log2" '^ Messages: 200 ' "still 200 of them"

# --all: the console counts commits from every branch, as log and export do.
export GIT_AUTHOR_NAME=A GIT_AUTHOR_EMAIL=a@example.com GIT_COMMITTER_NAME=A \
	GIT_COMMITTER_EMAIL=a@example.com GIT_CONFIG_NOSYSTEM=1
git init -q -b main "$TMP/allrepo" && cp "$TRIAGE_SEED" "$TMP/allrepo/seed.md" &&
	(cd "$TMP/allrepo" && git add seed.md && git commit -qm "Fix #305" &&
	 git checkout -qb side && git commit -q --allow-empty -m "Look at #271" &&
	 git checkout -q main)
printf ':dump %s\n' "$TMP/all.dump" >"$TMP/all.script"
(cd "$TMP/allrepo" && "$TRIAGE" --state "$TMP/all.json" --script "$TMP/all.script" --size 160x48 seed.md) >/dev/null 2>&1
like "$TMP/all.dump" '^ #271 .* - confirmed *│' "without --all, a commit on another branch is not counted"
(cd "$TMP/allrepo" && "$TRIAGE" --all --state "$TMP/all.json" --script "$TMP/all.script" --size 160x48 seed.md) >/dev/null 2>&1
like "$TMP/all.dump" '^ #271 .* 1 confirmed *│' "with --all, it is"

done_testing
