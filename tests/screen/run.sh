#!/bin/sh
# Screen tests.  Each tests/screen/NAME.script is a session of keys and
# commands run by the console with no terminal (--script), in a fresh
# directory holding a copy of the seed report (seed.md).  Every screen it
# writes with ":dump N.dump" (or ":dump-styles N.styles") is compared with
# tests/screen/NAME.N.dump; a difference is shown as a diff.
#
# Lines of the script read by this runner, not by triage:
#   # args: ARGS      what follows the options (default: seed.md)
#   # setup: COMMAND  run in that directory first (sh)
#
# TRIAGE_SCREEN_UPDATE=1 make check   rewrites the expected screens from
# what the console draws now: read the diff before committing them.
. "$top_srcdir/tests/cli/lib.sh"

dir="$top_srcdir/tests/screen"
today=$(date -u +%Y-%m-%d)

for script in "$dir"/*.script; do
	name=$(basename "$script" .script)
	work="$TMP/$name"
	mkdir -p "$work"
	cp "$TRIAGE_SEED" "$work/seed.md"
	(
		cd "$work" || exit 1
		HOME="$work"
		XDG_CONFIG_HOME=/nonexistent/config
		TRIAGE_DATADIR="$top_srcdir"
		TRIAGE_USER="Ada Lovelace <ada@example.org>"
		GIT_CONFIG_NOSYSTEM=1
		export HOME XDG_CONFIG_HOME TRIAGE_DATADIR TRIAGE_USER GIT_CONFIG_NOSYSTEM
		unset NO_COLOR XDG_STATE_HOME
		sed -n 's/^# setup: //p' "$script" >setup.sh
		. ./setup.sh >setup.log 2>&1
		args=$(sed -n 's/^# args: //p' "$script")
		[ -n "$args" ] || args=seed.md
		eval "set -- $args"
		"$TRIAGE" --state progress.json --script "$script" "$@" >stdout 2>stderr
		echo $? >rc
	)
	rc=$(cat "$work/rc")
	is "$rc" 0 "$name: the session runs to its end"
	[ "$rc" = 0 ] || sed 's/^/#   stderr: /' "$work/stderr"
	found=0
	for got in "$work"/*.dump "$work"/*.styles; do
		[ -f "$got" ] || continue
		found=$((found + 1))
		base=$(basename "$got")
		# Changes and notes are stamped with the time they are made.
		sed "s/$today/YYYY-MM-DD/g" "$got" >"$got.norm"
		want="$dir/$name.$base"
		if [ -n "${TRIAGE_SCREEN_UPDATE:-}" ]; then
			cp "$got.norm" "$want"
		fi
		if [ ! -f "$want" ]; then
			ok 1 "$name: screen $base has an expected file ($name.$base)"
			continue
		fi
		diff -u "$want" "$got.norm" >"$work/diff" 2>&1
		st=$?
		ok $st "$name: screen $base is as expected"
		[ $st -eq 0 ] || sed 's/^/#   /' "$work/diff" | head -n 60
	done
	for want in "$dir/$name".*.dump "$dir/$name".*.styles; do
		[ -f "$want" ] || continue
		base=${want#"$dir/$name."}
		[ -f "$work/$base" ] || ok 1 "$name: the session wrote $base"
	done
	[ "$found" -gt 0 ] || ok 1 "$name: the session wrote a screen"
done

done_testing
