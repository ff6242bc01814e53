#!/bin/sh
# The README fits on a screen or two and sends the reader to docs/: it has
# at most 150 lines, links every page of docs/, and every relative link of
# the README and docs/ reaches a file of the tree (and, with #anchor, a
# heading of that page), so that no page points at what moved or went.
set -eu
. "$(dirname "$0")/../lib.sh"
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top"

n=$(wc -l <README.md)
if [ "$n" -le 150 ]; then
	pass "the README has at most 150 lines ($n)"
else
	fail "the README has at most 150 lines" "it has $n"
fi

for page in docs/*.md; do
	if grep -qF "]($page)" README.md; then
		pass "the README links $page"
	else
		fail "the README links $page"
	fi
done

# anchors PAGE: GitHub's anchor of each heading of PAGE, one a line.
anchors() {
	sed -n 's/^#\{1,6\} \(.*\)$/\1/p' "$1" | tr 'A-Z' 'a-z' |
		sed 's/[^a-z0-9 _-]//g; s/ /-/g'
}
bad=
for doc in README.md docs/*.md; do
	dir=$(dirname "$doc")
	# Every markdown link target that is not a URL.
	for link in $(grep -o '](\([^)]*\))' "$doc" | sed 's/^](//; s/)$//' | grep -v '^[a-z]*:'); do
		file=${link%%#*}
		anchor=
		[ "$file" = "$link" ] || anchor=${link#*#}
		target=$dir/$file
		[ -n "$file" ] || target=$doc
		if [ ! -e "$target" ]; then
			bad="$bad
$doc: $link: no such file"
		elif [ -n "$anchor" ] && ! anchors "$target" | grep -qx -- "$anchor"; then
			bad="$bad
$doc: $link: $file has no heading #$anchor"
		fi
	done
done
if [ -z "$bad" ]; then
	pass "every relative link of the README and docs/ reaches its file and heading"
else
	fail "every relative link of the README and docs/ reaches its file and heading" "$bad"
fi
