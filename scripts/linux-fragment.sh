#!/bin/sh
# linux-fragment.sh: turn an edited kernel .config back into the fragments
# it came from (allnoconfig plus FRAGMENT..., in order). Each fragment keeps
# its comments and lines, with each symbol's value updated; every other
# symbol whose value now differs from BASE, the .config the old fragments
# produced, is appended to the last fragment. A fragment is rewritten only
# if it changed.
set -eu

[ $# -ge 3 ] || { echo "usage: $0 BASE-CONFIG NEW-CONFIG FRAGMENT..." >&2; exit 2; }
for f in "$@"; do
	[ -r "$f" ] || { echo "linux-fragment: $f: cannot read" >&2; exit 1; }
done
base=$1 new=$2
shift 2
tmp=$(mktemp -d "${TMPDIR:-/tmp}/linux-fragment.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM

# The fragments before the last: their symbols are not appended to it.
: >"$tmp/others"
n=$#
i=0
for f in "$@"; do
	i=$((i + 1))
	[ "$i" -eq "$n" ] || cat "$f" >>"$tmp/others"
done
i=0
for f in "$@"; do
	i=$((i + 1))
	awk -v last=$((i == n)) '
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
	FILENAME == ARGV[1] { if (parse($0)) base[sym] = val; next }
	FILENAME == ARGV[2] { if (parse($0)) { new[sym] = val; order[++n] = sym }; next }
	FILENAME == ARGV[3] { if (last && parse($0)) done[sym] = 1; next }
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
		if (!last) exit 0
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
	' "$base" "$new" "$tmp/others" "$f" >"$tmp/out"
	cmp -s "$tmp/out" "$f" || { cp "$tmp/out" "$f.tmp" && mv -f "$f.tmp" "$f"; }
done
