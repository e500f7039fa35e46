#!/bin/sh
# `triage log` and the commits of `triage export`, as a user checks them: a
# small repository made with git (fixed dates) around the seed report.
. "$top_srcdir/tests/cli/lib.sh"

HOME=$TMP GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null
GIT_AUTHOR_NAME="Ada Example" GIT_AUTHOR_EMAIL=ada@example.com
GIT_COMMITTER_NAME="Ada Example" GIT_COMMITTER_EMAIL=ada@example.com
export HOME GIT_CONFIG_NOSYSTEM GIT_CONFIG_GLOBAL GIT_AUTHOR_NAME GIT_AUTHOR_EMAIL \
	GIT_COMMITTER_NAME GIT_COMMITTER_EMAIL
ESC=$(printf '\033')

R=$TMP/repo
n=0
# commit MESSAGE [FILE]: one hour after the previous commit
commit() {
	n=$((n + 1))
	if [ -n "${2:-}" ]; then
		mkdir -p "$(dirname "$R/$2")"
		echo "$n" >"$R/$2"
	fi
	printf '%s\n' "$1" >"$TMP/msg"
	git -C "$R" add -A
	GIT_AUTHOR_DATE="@$((1700000000 + n * 3600)) +0000" \
	GIT_COMMITTER_DATE="@$((1700000000 + n * 3600)) +0000" \
		git -C "$R" commit -q --allow-empty --cleanup=verbatim -F "$TMP/msg"
}

git init -q -b main "$R"
cp "$TRIAGE_SEED" "$R/report.md"
commit "Add the cluster report"
commit "Fix dict/enum handling in ExecutionTracker (fixes #305)" src/tracker.py
commit "Speed up the tracker tests" tests/unit/core/test_execution_tracker_ssot.py
commit "Await the websocket send, GH-292" src/ws.py
commit "Isolate user contexts (#271)" src/ctx.py
commit "${ESC}]0;pwned$(printf '\007')${ESC}[2JRetitle the tracker docs, see #305" docs/tracker.md
commit "Numbers #3050 and abc#305 are not references" src/x.py
git -C "$R" checkout -q -b feature
commit "Closes #308 on a branch" src/feature.py
git -C "$R" checkout -q main
REPORT=$R/report.md

# The three ways to name an issue give the same list.
"$TRIAGE" -C "$R" log 305 "$REPORT" >"$TMP/305" 2>"$TMP/err"
ok $? "log 305 exits 0"
is "$(wc -l <"$TMP/305" | tr -d ' ')" 3 "#305 has three commits"
is "$(sed -n 1p "$TMP/305" | awk '{print $3}')" mentions "the newest mentions it"
is "$(sed -n 2p "$TMP/305" | awk '{print $3}')" touches-test "the next changed its test file"
is "$(sed -n 3p "$TMP/305" | awk '{print $3}')" fixes "the oldest fixes it"
like "$TMP/305" '^[0-9a-f]{12}  2023-11-15  fixes         Ada Example +Fix dict/enum handling in ExecutionTracker \(fixes #305\)$' \
	"a line: id, date, link, author, summary"
unlike "$TMP/305" 'not references' "#3050 and abc#305 are not #305"
"$TRIAGE" -C "$R" log '#305' "$REPORT" >"$TMP/hash" 2>&1
"$TRIAGE" -C "$R" log GH-305 "$REPORT" >"$TMP/gh" 2>&1
ok "$(cmp -s "$TMP/305" "$TMP/hash" && cmp -s "$TMP/305" "$TMP/gh"; echo $?)" "305, #305 and GH-305 are the same issue"

# Escape sequences in a message never reach the terminal raw.
unlike "$TMP/305" "$ESC" "no raw escape character in the output"
like "$TMP/305" 'mentions .*\^\[\]0;pwned.*Retitle the tracker docs' "the escape is shown, inert"

# The repository holding the current directory, searched upward.
(cd "$R/src" && "$TRIAGE" log 305 ../report.md) >"$TMP/cwd" 2>&1
ok "$(cmp -s "$TMP/305" "$TMP/cwd"; echo $?)" "without -C, the repository of the working directory"
ok "$(test -f "$R/.git/triage/history-head.idx"; echo $?)" "the index is kept in the git directory"
is "$(git -C "$R" status --porcelain)" "" "and the work tree stays clean"

# A later start reads the index; a damaged one is rebuilt.
printf 'garbage' | dd of="$R/.git/triage/history-head.idx" bs=1 seek=100 conv=notrunc 2>/dev/null
"$TRIAGE" -C "$R" log 305 "$REPORT" >"$TMP/again" 2>&1
ok "$(cmp -s "$TMP/305" "$TMP/again"; echo $?)" "a damaged index gives the same list"

# -v: each commit's message and changed files.
"$TRIAGE" -C "$R" log -v 305 "$REPORT" >"$TMP/verbose" 2>&1
ok $? "log -v exits 0"
like "$TMP/verbose" '^    A tests/unit/core/test_execution_tracker_ssot.py$' "with the files a commit changed"
like "$TMP/verbose" '^    Fix dict/enum handling in ExecutionTracker \(fixes #305\)$' "and its message"
unlike "$TMP/verbose" "$ESC" "still inert"

# Branches: HEAD only, unless --all.
"$TRIAGE" -C "$R" log 308 "$REPORT" >"$TMP/308" 2>"$TMP/err"
ok $? "an issue with no commit on HEAD exits 0"
is "$(wc -l <"$TMP/308" | tr -d ' ')" 0 "and lists nothing"
like "$TMP/err" '#308: no commit' "but says so"
"$TRIAGE" -C "$R" log --all 308 "$REPORT" >"$TMP/308all" 2>&1
like "$TMP/308all" 'fixes +Ada Example +Closes #308 on a branch$' "log --all finds it on a branch"
"$TRIAGE" -C "$R" --all log 308 "$REPORT" >"$TMP/308g" 2>&1
ok "$(cmp -s "$TMP/308all" "$TMP/308g"; echo $?)" "--all works before the command too"

# Usage and unknown issues.
"$TRIAGE" -C "$R" log >"$TMP/out" 2>&1
is $? 2 "log without an issue is a usage error"
"$TRIAGE" -C "$R" log 9999 "$REPORT" >"$TMP/out" 2>&1
is $? 1 "an issue the reports do not have fails"
like "$TMP/out" "no issue '9999'" "and names it"

# The export: commits[] for every issue.
"$TRIAGE" -C "$R" export "$REPORT" >"$TMP/json" 2>"$TMP/err"
ok $? "export in a repository exits 0"
is "$("$JGET" "$TMP/json" 'issues.[id=#305].commits.length')" 3 "#305 has three commits in the export"
is "$("$JGET" "$TMP/json" 'issues.[id=#305].commits.2.link')" fixes "with the link kind"
is "$("$JGET" "$TMP/json" 'issues.[id=#305].commits.2.summary')" \
	"Fix dict/enum handling in ExecutionTracker (fixes #305)" "the summary"
is "$("$JGET" "$TMP/json" 'issues.[id=#305].commits.2.author')" "Ada Example <ada@example.com>" "the author"
is "$("$JGET" "$TMP/json" 'issues.[id=#305].commits.2.time')" "2023-11-15T00:13:20+00:00" "the time"
is "$("$JGET" "$TMP/json" 'issues.[id=#305].commits.2.id')" "$(git -C "$R" rev-parse HEAD~5)" "the full id"
is "$("$JGET" "$TMP/json" 'issues.[id=#292].commits.0.link')" mentions "#292 is mentioned"
is "$("$JGET" "$TMP/json" 'issues.[id=#271].commits.0.link')" mentions "#271 is mentioned"
is "$("$JGET" "$TMP/json" 'issues.[id=#307].commits')" '[]' "#307 has none"
unlike "$TMP/json" "$ESC" "the export is inert too"

# Outside any repository: everything else works and says so once.
mkdir "$TMP/none"
(cd "$TMP/none" && "$TRIAGE" export "$REPORT") >"$TMP/json" 2>"$TMP/err"
ok $? "export outside a repository exits 0"
is "$(wc -l <"$TMP/err" | tr -d ' ')" 1 "with one line on stderr"
like "$TMP/err" 'not inside a git repository' "saying there is no repository"
is "$("$JGET" "$TMP/json" 'issues.[id=#305].commits')" '[]' "and no commits"
(cd "$TMP/none" && "$TRIAGE" log 305 "$REPORT") >"$TMP/out" 2>&1
is $? 1 "log outside a repository fails"
like "$TMP/out" 'not inside a git repository' "and says why"

# An empty repository: no commits, no error.
git init -q "$TMP/empty"
"$TRIAGE" -C "$TMP/empty" log 305 "$REPORT" >"$TMP/out" 2>"$TMP/err"
ok $? "log in an empty repository exits 0"
is "$(wc -l <"$TMP/out" | tr -d ' ')" 0 "and lists nothing"

# A bare clone and a linked worktree see the same history.
git clone -q --bare "$R" "$TMP/bare.git"
"$TRIAGE" -C "$TMP/bare.git" log 305 "$REPORT" >"$TMP/bare" 2>&1
ok "$(cmp -s "$TMP/305" "$TMP/bare"; echo $?)" "a bare repository"
git -C "$R" worktree add -q "$TMP/wt" feature
"$TRIAGE" -C "$TMP/wt" log 308 "$REPORT" >"$TMP/wt308" 2>&1
like "$TMP/wt308" 'Closes #308 on a branch$' "a linked worktree, with its own HEAD"

# -C naming a directory that is not there: said as such, once.
"$TRIAGE" -C "$TMP/nowhere" log 305 "$REPORT" >"$TMP/out" 2>&1
is $? 1 "log -C with a missing directory fails"
like "$TMP/out" "^triage: -C $TMP/nowhere: No such file or directory" "and says the directory is missing"
"$TRIAGE" -C "$TMP/nowhere" export "$REPORT" >"$TMP/json" 2>"$TMP/err"
ok $? "export -C with a missing directory still exports"
is "$(wc -l <"$TMP/err" | tr -d ' ')" 1 "saying so in one line"

# A repository libgit2 cannot open: the message names it in full, even
# when it was found from the working directory.
git init -q "$TMP/badconfig"
printf '[core\nbad' >"$TMP/badconfig/.git/config"
(cd "$TMP/badconfig" && "$TRIAGE" log 305 "$REPORT") >"$TMP/out" 2>&1
is $? 1 "a repository with a broken config fails"
like "$TMP/out" "^triage: $TMP/badconfig: cannot open the git repository: .*config" \
	"naming the repository and what is wrong"

# A repository that lost an object: what can be read is given, and what
# could not be is said once, with the count.
git init -q -b main "$TMP/broken"
R=$TMP/broken
commit "First #305" a
commit "Second #305" a
commit "Third #305" a
o=$(git -C "$R" rev-parse HEAD~1)
rm -f "$R/.git/objects/$(echo "$o" | cut -c1-2)/$(echo "$o" | cut -c3-)"
"$TRIAGE" -C "$R" log 305 "$REPORT" >"$TMP/out" 2>"$TMP/err"
is $? 0 "a damaged repository: log still works"
like "$TMP/out" 'Third #305' "with the commits that can be read"
like "$TMP/err" '^triage: 1 commit or tree of the repository could not be read \(a partial clone, or damage\) and was passed over' \
	"saying once what was passed over"
is "$(wc -l <"$TMP/err" | tr -d ' ')" 1 "in one line"

done_testing
