#!/bin/sh
# extract.sh: fetch a verified tarball, unpack it to DEST and apply patches in
# the order given. DEST appears only once everything has succeeded.
set -eu

[ $# -ge 3 ] || { echo "usage: $0 DL_DIR HASHFILE DEST [PATCH...]" >&2; exit 2; }
dl=$1
hashfile=$2
dest=$3
shift 3
here=$(cd "$(dirname "$0")" && pwd)

tarball=$("$here/fetch.sh" "$dl" "$hashfile")
mkdir -p "$(dirname "$dest")"
tmp=$(mktemp -d "$dest.tmp.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM

tar -xf "$tarball" -C "$tmp"
# The tarball holds one top directory: that becomes DEST.
set -- "$@" --
top=$(ls -A "$tmp")
[ -d "$tmp/$top" ] && [ "$(printf '%s\n' "$top" | wc -l)" -eq 1 ] || {
	echo "extract: $tarball: expected a single top directory" >&2
	exit 1
}
while [ "$1" != -- ]; do
	printf '  %-8s%s\n' PATCH "$(basename "$dest"): $(basename "$1")"
	patch -d "$tmp/$top" -p1 -N -s <"$1" || {
		echo "extract: $1 does not apply to $(basename "$dest")" >&2
		exit 1
	}
	shift
done
rm -rf "$dest"
mv "$tmp/$top" "$dest"
