#!/bin/sh
# Sets triage up on a Debian machine: build dependencies, autoreconf,
# configure, make.  Then, by the first argument:
#   ./setup.sh run     build a demo repository (examples/demo.sh) and open
#                      triage there; with reports named, open those
#   ./setup.sh check   run the test suite (make check)
#   ./setup.sh         only build
# As root it installs what is missing with apt-get; otherwise it prints the
# apt-get line to run and stops.
set -eu

cd "$(dirname "$0")"

# Build and test dependencies, by Debian package name.
PACKAGES="build-essential autoconf automake pkg-config git \
libncurses-dev libgit2-dev libjansson-dev libmd4c-dev \
tmux clang libclang-rt-dev graphviz"

missing=""
for p in $PACKAGES; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed'; then
		missing="$missing $p"
	fi
done

if [ -n "$missing" ]; then
	if [ "$(id -u)" -ne 0 ]; then
		echo "setup: missing packages:$missing" >&2
		echo "setup: install them as root, then run this again:" >&2
		echo "  apt-get update && apt-get install -y$missing" >&2
		exit 1
	fi
	echo "setup: installing$missing" >&2
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -q >&2
	# shellcheck disable=SC2086
	apt-get install -y -q --no-install-recommends $missing >&2
fi

if [ ! -x configure ] || [ configure.ac -nt configure ] || [ Makefile.am -nt configure ]; then
	autoreconf -fi >&2
fi
if [ ! -f Makefile ] || [ configure -nt config.status ]; then
	./configure -q >&2
fi
jobs=$(nproc 2>/dev/null || echo 2)
make -s -j"$jobs" >&2

case "${1:-build}" in
run)
	shift
	if [ $# -eq 0 ]; then
		# A demo repository outside the source tree: the console opens on a
		# cluster three people worked on for two days, and writes nothing here.
		top=$(pwd)
		demo=$(sh examples/demo.sh "${TRIAGE_DEMO:-${TMPDIR:-/tmp}/triage-demo}" "$top/triage")
		echo "setup: the demo repository is $demo (made again on each run)" >&2
		cd "$demo"
		exec "$top/triage" docs/cluster-report.md
	fi
	exec ./triage "$@"
	;;
check)
	exec make -s -j"$jobs" check AM_COLOR_TESTS=no
	;;
build)
	;;
*)
	echo "usage: ./setup.sh [run [REPORT...] | check]" >&2
	exit 2
	;;
esac
