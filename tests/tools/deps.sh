#!/bin/sh
# The console's dependency graphs, as "FROM TO" lines for cycles.sh.
#   deps.sh includes SRCDIR   FILE -> each console header it includes
#   deps.sh calls SRCDIR OBJDIR
#                             FILE -> each file defining a symbol it uses,
#                             from the objects of SRCDIR's .c files
# Files are named relative to the console's directory (views/issues.c).
set -u
mode=$1 dir=$2
case $mode in
includes)
	(cd "$dir" && find . -name '*.[ch]' | sed 's|^\./||' | sort | while read -r f; do
		sed -n 's|^[[:space:]]*#[[:space:]]*include[[:space:]]*"console/\([^"]*\)".*|\1|p' "$f" |
			while read -r h; do echo "$f $h"; done
	done)
	;;
calls)
	# nm -P: "NAME TYPE VALUE SIZE"; U is used here and defined elsewhere.
	objdir=$3
	sources=$(cd "$dir" && find . -name '*.c' | sed 's|^\./||' | sort)
	for c in $sources; do
		[ -f "$objdir/${c%.c}.o" ] || { echo "deps.sh: no object for $c in $objdir" >&2; exit 1; }
	done
	for c in $sources; do
		${NM:-nm} -P "$objdir/${c%.c}.o" | awk -v f="$c" '{ print f, $2, $1 }'
	done | awk '
		$2 == "U" { used[NR] = $1 " " $3; next }
		$2 ~ /^[A-Z]$/ { def[$3] = $1 }
		END { for (i in used) { split(used[i], u, " "); if (u[2] in def) print u[1], def[u[2]] } }' |
		sort -u
	;;
*)
	echo "usage: deps.sh includes SRCDIR | calls SRCDIR OBJDIR" >&2
	exit 2
	;;
esac
