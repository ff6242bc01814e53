#!/bin/sh
# fetch.sh: put a source tarball into the download cache, verified against its
# pinned SHA-256, and print its path. Tries the cache, then every source of
# every accepted tarball listed in the hash file, in order.
set -eu

usage() {
	cat >&2 <<USAGE
usage: $0 DL_DIR HASHFILE
HASHFILE lines: SHA256 FILE SOURCE... where SOURCE is a URL or
apt:NAME=VERSION/FILE-IN-DEBIAN-SOURCE (fetched with apt-get source).
Prints the path of the verified file in DL_DIR.
USAGE
	exit 2
}

[ $# -eq 2 ] || usage
dl=$1
hashfile=$2
here=$(cd "$(dirname "$0")" && pwd)
[ -r "$hashfile" ] || { echo "fetch: $hashfile: cannot read" >&2; exit 1; }
mkdir -p "$dl"

tmp=
cleanup() { [ -z "$tmp" ] || rm -rf "$tmp"; }
trap cleanup EXIT
trap 'exit 130' INT TERM

sha256() { sha256sum "$1" | cut -d' ' -f1; }

# Check that file $1 has SHA-256 $2. On a mismatch, delete it and say so,
# naming it as $3 and where it came from as $4.
verify() {
	actual=$(sha256 "$1")
	[ "$actual" != "$2" ] || return 0
	rm -f "$1"
	cat >&2 <<MSG
fetch: $3: SHA-256 mismatch, file deleted
  expected: $2
  actual:   $actual
  from:     $4
  This may be a corrupt or truncated download, or tampering.
MSG
	return 1
}

# Rename a verified temp file $1 into the cache as $2, and print its path.
accept() {
	mv -f "$1" "$dl/$2"
	echo "$dl/$2"
	exit 0
}

lines=$(grep -v '^[[:space:]]*\(#\|$\)' "$hashfile") || {
	echo "fetch: $hashfile: no tarball listed" >&2; exit 1; }

# 1. The download cache. A cached file that fails its hash is removed.
while read -r sum file _; do
	[ -e "$dl/$file" ] || continue
	if verify "$dl/$file" "$sum" "$file" "the download cache ($dl)"; then
		echo "$dl/$file"
		exit 0
	fi
done <<LINES
$lines
LINES

# 2. Every source, in order: upstream URLs first, then Debian's archive.
tmp=$(mktemp -d "$dl/.fetch.XXXXXX")
tried=
while read -r sum file sources; do
	for src in $sources; do
		tried="$tried $src"
		case $src in
		apt:*)
			spec=${src#apt:}
			rm -rf "$tmp/apt"
			mkdir -p "$tmp/apt"
			"$here/apt-source.sh" "$tmp/apt" "${spec%%/*}" >&2 || continue
			[ -e "$tmp/apt/${spec#*/}" ] || {
				echo "fetch: apt-get source gave no ${spec#*/}" >&2
				continue
			}
			verify "$tmp/apt/${spec#*/}" "$sum" "$file" "$src" &&
				accept "$tmp/apt/${spec#*/}" "$file"
			;;
		*://*)
			command -v curl >/dev/null 2>&1 || {
				echo "fetch: curl not found, skipping $src" >&2
				continue
			}
			printf '  %-8s%s\n' FETCH "$src" >&2
			curl -fL --connect-timeout "${FETCH_TIMEOUT:-10}" -sS \
				-o "$tmp/$file" "$src" || continue
			verify "$tmp/$file" "$sum" "$file" "$src" &&
				accept "$tmp/$file" "$file"
			;;
		*)
			echo "fetch: $hashfile: unknown source '$src'" >&2
			;;
		esac
	done
done <<LINES
$lines
LINES

echo "fetch: could not get a verified tarball from $hashfile; tried:$tried" >&2
exit 1
