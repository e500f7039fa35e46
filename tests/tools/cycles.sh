#!/bin/sh
# Reads a graph as "FROM TO" lines on standard input and finds a cycle.
# Prints "cycle: A -> B -> A" and exits 1 when there is one; exits 0 when the
# graph has none.  Self-edges (a file calling itself) are not cycles here.
awk '
{ if ($1 != $2) { key = $1 SUBSEP $2; if (!(key in seen)) { seen[key] = 1;
	out[$1] = out[$1] " " $2; node[$1] = 1; node[$2] = 1 } } }
END {
	# Peel off the nodes that cannot be on a cycle: those with no edge
	# out, then those with no edge in, until nothing changes.
	do {
		changed = 0
		for (n in node) { nout[n] = 0; nin[n] = 0 }
		for (n in node) {
			k = split(out[n], to, " ")
			for (i = 1; i <= k; i++)
				if (to[i] in node) { nout[n]++; nin[to[i]]++ }
		}
		for (n in node)
			if (nout[n] == 0 || nin[n] == 0) { delete node[n]; changed = 1 }
	} while (changed)
	for (start in node) break
	if (!(start in node)) exit 0
	# Every node left has an edge to another left: follow them until one
	# comes round again.
	n = start; steps = 0
	while (!(n in at)) {
		at[n] = steps; path[steps++] = n
		k = split(out[n], to, " ")
		for (i = 1; i <= k; i++) if (to[i] in node) { n = to[i]; break }
	}
	s = "cycle:"
	for (i = at[n]; i < steps; i++) s = s " " path[i] " ->"
	print s " " n
	exit 1
}'
