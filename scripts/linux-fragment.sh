#!/bin/sh
# linux-fragment.sh: turn an edited kernel .config back into a fragment for
# allnoconfig. Keeps the old fragment, comments and all, with each symbol's
# value updated, and appends every other symbol whose value now differs from
# BASE, the .config the old fragment produced.
set -eu

[ $# -eq 3 ] || { echo "usage: $0 OLD-FRAGMENT BASE-CONFIG NEW-CONFIG" >&2; exit 2; }
for f in "$@"; do
	[ -r "$f" ] || { echo "linux-fragment: $f: cannot read" >&2; exit 1; }
done

awk '
	function parse(line) {
		if (line ~ /^CONFIG_[A-Za-z0-9_]+=/) {
			eq = index(line, "="); sym = substr(line, 1, eq - 1); val = substr(line, eq + 1)
			return 1
		}
		if (line ~ /^# CONFIG_[A-Za-z0-9_]+ is not set$/) {
			split(line, w, " "); sym = w[2]; val = "n"
			return 1
		}
		return 0
	}
	function show(s, v) { return v == "n" ? "# " s " is not set" : s "=" v }
	FILENAME == ARGV[2] { if (parse($0)) base[sym] = val; next }
	FILENAME == ARGV[3] { if (parse($0)) { new[sym] = val; order[++n] = sym }; next }
	{ frag[++lines] = $0 }
	END {
		for (i = 1; i <= lines; i++) {
			if (parse(frag[i])) {
				done[sym] = 1
				print show(sym, (sym in new) ? new[sym] : "n")
			} else {
				print frag[i]
			}
		}
		for (s in base) if (!(s in new)) { new[s] = "n"; order[++n] = s }
		for (i = 1; i <= n; i++) {
			s = order[i]
			if (s in done) continue
			b = (s in base) ? base[s] : "n"
			if (new[s] == b) continue
			if (!added++) print "\n# Changed with make linux-menuconfig"
			print show(s, new[s])
			done[s] = 1
		}
	}
' "$1" "$2" "$3"
