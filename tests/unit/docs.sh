#!/bin/sh
# The README shows some files whole ("This is the whole of `FILE`:" and a
# code block): each copy must be the file as it is.
set -eu
. "$(dirname "$0")/../lib.sh"
top=$(cd "$(dirname "$0")/../.." && pwd)

files=$(sed -n 's/^.*the whole of `\([^`]*\)`.*$/\1/p' "$top/README.md")
[ -n "$files" ] || fail "the README shows files whole" "no \"the whole of\" in README.md"
for f in $files; do
	# The first code block after the sentence that names the file.
	awk -v f="$f" '
		index($0, "the whole of `" f "`") { found = 1; next }
		found && /^```/ { if (inside) exit; inside = 1; next }
		inside { print }' "$top/README.md" >"$scratch/shown"
	if cmp -s "$scratch/shown" "$top/$f"; then
		pass "the README shows $f as it is"
	else
		fail "the README shows $f as it is" "$(diff "$scratch/shown" "$top/$f" | head -n 10)"
	fi
done
