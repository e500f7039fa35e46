#!/bin/sh
# In a real terminal (tmux): e hands the terminal to $EDITOR at the issue's
# report line and takes it back, the console redrawn; y puts the issue on
# the clipboard with OSC 52 (tmux keeps it with set-clipboard on), and
# clipboard = no in the config file turns that off.
. "$top_srcdir/tests/e2e/lib.sh"

make_repo "$TMP/repo"
cd "$TMP/repo" || exit 1
cat >"$TMP/editor" <<EOS
#!/bin/sh
echo "\$@" >"$TMP/args"
echo "the editor has the terminal"
sleep 1
EOS
chmod +x "$TMP/editor"

start 80 24 "EDITOR='$TMP/editor'" "$TRIAGE" seed.md
tm set-option -g set-clipboard on
ok_screen '^>#305 ' "the console opens on #305"
keys e
ok_screen 'the editor has the terminal' "e runs the editor on the terminal"
ok_screen 'back from .*editor seed.md:26' "and the console comes back after it"
ok_screen '^>#305 ' "drawn whole again"
is "$(cat "$TMP/args" 2>/dev/null)" "+26 seed.md" "the editor got the report at the issue's line"
keys y
ok_screen 'sent to the terminal clipboard \(OSC 52\): #305' "y says what it sent, not that it was copied"
is "$(tm show-buffer 2>/dev/null)" "#305 ExecutionTracker Dict/Enum Errors (seed.md:26)" \
	"and the terminal's clipboard (tmux's buffer) has it"
keys Q
is "$(wait_exit)" 0 "Q quits"

mkdir -p "$XDG_CONFIG_HOME/triage"
echo 'clipboard = no' >"$XDG_CONFIG_HOME/triage/config"
tm set-buffer "before"
start 80 24 "$TRIAGE" seed.md
ok_screen '^>#305 ' "with clipboard = no the console opens"
keys y
ok_screen 'copying is off' "y says copying is off"
is "$(tm show-buffer 2>/dev/null)" "before" "and the clipboard is untouched"
keys Q
is "$(wait_exit)" 0 "Q quits"

done_testing
