#!/bin/sh
# license-check.sh: check that each license text a package lists is in its
# source tree with the SHA-256 that its hash file pins, so that a license
# changed by a new version stops the build until someone has read it.
set -eu

usage() {
	cat >&2 <<USAGE
usage: $0 NAME HASHFILE DIR [FILE]...
NAME is the package, DIR its source tree (or a copy of its license files),
FILE each path of its NAME_LICENSE_FILES, relative to DIR. HASHFILE needs
one line "license HASH FILE" for each, and none for another file.
USAGE
	exit 2
}

[ $# -ge 3 ] || usage
name=$1 hashfile=$2 dir=$3
shift 3
here=$(cd "$(dirname "$0")" && pwd)
var=$(printf '%s' "$name" | tr 'a-z-' 'A-Z_')_LICENSE_FILES
[ -f "$hashfile" ] && [ -r "$hashfile" ] || { echo "license: $hashfile: cannot read" >&2; exit 1; }
[ -d "$dir" ] || { echo "license: $dir: no such directory" >&2; exit 1; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/license.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM

# The pinned license lines, "HASH PATH", from a hash file checked whole.
awk -v hf="$hashfile" "$(cat "$here/tables.awk")"'
	hash_file_line("license", hf) && $1 == "license" { print $2, $3 }' "$hashfile" >"$tmp/pinned"
# The listed files, checked as the hash file's paths are.
printf '%s\n' "$@" | awk -v var="$var" "$(cat "$here/tables.awk")"'
	NF && (w = relpath_why($0)) != "" { printf "license: %s: %s: not a normalised path in the source tree (%s)\n", var, $0, w >"/dev/stderr"; exit 1 }'

# Every listed file: pinned, present, with the pinned bytes. Every pinned
# file: listed.
status=0
: >"$tmp/listed"
for f in "$@"; do
	echo "$f" >>"$tmp/listed"
	pinned=$(awk -v f="$f" '$2 == f { print $1; exit }' "$tmp/pinned")
	if [ -z "$pinned" ]; then
		hint=HASH
		[ -L "$dir/$f" ] || [ ! -f "$dir/$f" ] || hint=$(sha256sum <"$dir/$f" | cut -d' ' -f1)
		cat >&2 <<MSG
license: $name: $f is in $var, but $hashfile has no license line for it.
  Read it, then add its hash to $hashfile: license $hint $f
MSG
		status=1
		continue
	fi
	if [ -L "$dir/$f" ] || [ ! -f "$dir/$f" ]; then
		echo "license: $name: $f, in $var, is not a regular file in $dir" >&2
		status=1
		continue
	fi
	actual=$(sha256sum <"$dir/$f" | cut -d' ' -f1)
	[ "$actual" != "$pinned" ] || continue
	cat >&2 <<MSG
license: $name: the license file $f has changed
  expected: $pinned ($hashfile)
  actual:   $actual ($dir/$f)
  Read the new license, then update the hash in $hashfile.
MSG
	status=1
done
while read -r _ f; do
	grep -qxF -- "$f" "$tmp/listed" || {
		echo "license: $name: $hashfile pins $f, which $var does not list: list it, or remove the line" >&2
		status=1
	}
done <"$tmp/pinned"
exit "$status"
