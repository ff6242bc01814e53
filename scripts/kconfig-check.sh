#!/bin/sh
# kconfig-check.sh: verify that every symbol a config fragment asks for ended
# up in the final .config with the requested value. Kconfig silently drops
# symbols whose dependencies are unmet; this makes that an error.
set -eu

[ $# -eq 2 ] || { echo "usage: $0 FRAGMENT DOTCONFIG" >&2; exit 2; }
fragment=$1
config=$2
for f in "$fragment" "$config"; do
	[ -r "$f" ] || { echo "kconfig-check: $f: cannot read" >&2; exit 1; }
done

awk -v fragment="$fragment" '
	function want(sym, val) { wanted[sym] = val; order[++n] = sym; line[sym] = FNR }
	FNR == NR {
		if ($0 ~ /^CONFIG_[A-Za-z0-9_]+=/) {
			eq = index($0, "="); want(substr($0, 1, eq - 1), substr($0, eq + 1))
		} else if ($0 ~ /^# CONFIG_[A-Za-z0-9_]+ is not set$/) {
			want($2, "n")
		} else if ($0 !~ /^[ \t]*(#|$)/) {
			printf "%s:%d: not a config line: %s\n", fragment, FNR, $0; bad++
		}
		next
	}
	/^CONFIG_[A-Za-z0-9_]+=/ { eq = index($0, "="); got[substr($0, 1, eq - 1)] = substr($0, eq + 1) }
	/^# CONFIG_[A-Za-z0-9_]+ is not set$/ { got[$2] = "n" }
	END {
		for (i = 1; i <= n; i++) {
			s = order[i]
			have = (s in got) ? got[s] : "n"
			if (have != wanted[s]) {
				printf "%s:%d: %s=%s requested, but the final config has %s\n",
					fragment, line[s], s, wanted[s],
					(s in got) ? s "=" got[s] : "no " s " (unknown symbol, or its dependencies are not met)"
				bad++
			}
		}
		exit bad ? 1 : 0
	}
' "$fragment" "$config" >&2 || {
	echo "kconfig-check: $fragment: symbols dropped or changed, see above" >&2
	exit 1
}
