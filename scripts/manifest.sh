#!/bin/sh
# manifest.sh: write to MANIFEST what DIR holds: one line per entry with its
# type, mode, path and link target, then each file's SHA-256. MANIFEST is
# rewritten only when that changed, so that what depends on it is redone
# only when the content really changed, not when it was merely reinstalled.
set -eu

[ $# -eq 2 ] || { echo "usage: $0 DIR MANIFEST" >&2; exit 2; }
dir=$1 manifest=$2
mkdir -p "$(dirname "$manifest")"
tmp=$manifest.tmp
trap 'rm -f "$tmp"' EXIT
trap 'exit 130' INT TERM

if [ -d "$dir" ]; then
	(cd "$dir" && find . -printf '%y %m %p -> %l\n' | LC_ALL=C sort &&
		find . -type f -print0 | LC_ALL=C sort -z | xargs -0 -r sha256sum)
fi >"$tmp"
if cmp -s "$tmp" "$manifest"; then
	rm -f "$tmp"
else
	mv -f "$tmp" "$manifest"
fi
