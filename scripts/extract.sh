#!/bin/sh
# extract.sh: unpack a verified tarball to DEST and apply patches in the
# order given. A PATCH is a file, or ARCHIVE:MEMBER for a patch inside a
# tarball. The TARBALL may be DEB:MEMBER, a tarball inside a Debian binary
# package (linux-source-6.12's /usr/src/linux-source-6.12.tar.xz). DEST
# appears only once everything has succeeded.
set -eu

[ $# -ge 2 ] || { echo "usage: $0 TARBALL DEST [PATCH | ARCHIVE:MEMBER]..." >&2; exit 2; }
tarball=$1
dest=$2
shift 2
member=
case $tarball in
*.deb:*) member=${tarball#*.deb:} tarball=${tarball%%.deb:*}.deb ;;
esac
[ -f "$tarball" ] || { echo "extract: $tarball: no such file" >&2; exit 1; }
mkdir -p "$(dirname "$dest")"
tmp=$(mktemp -d "$dest.tmp.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM

mkdir "$tmp/tree"
if [ -n "$member" ]; then
	# The package's files, then the tarball among them; -a picks the
	# decompressor from the member's name.
	case $member in /* | *..*) echo "extract: $member: not a plain path in the package" >&2; exit 1 ;; esac
	dpkg-deb --fsys-tarfile "$tarball" | tar -xf - -C "$tmp" "./$member" || {
		echo "extract: $tarball has no $member" >&2
		exit 1
	}
	tar -xaf "$tmp/$member" -C "$tmp/tree"
	rm -f "$tmp/$member"
else
	tar -xf "$tarball" -C "$tmp/tree"
fi
# The tarball holds one top directory: that becomes DEST.
top=$(ls -A "$tmp/tree")
[ -d "$tmp/tree/$top" ] && [ "$(printf '%s\n' "$top" | wc -l)" -eq 1 ] || {
	echo "extract: $tarball: expected a single top directory" >&2
	exit 1
}
for p in "$@"; do
	file=$p
	if [ ! -f "$p" ] && [ -f "${p%%:*}" ]; then
		file=$tmp/patch
		tar -xOf "${p%%:*}" "${p#*:}" >"$file" 2>"$tmp/err" || {
			echo "extract: ${p%%:*} has no ${p#*:}: $(cat "$tmp/err")" >&2
			exit 1
		}
	fi
	[ -f "$file" ] || { echo "extract: patch $p: no such file" >&2; exit 1; }
	printf '  %-8s%s\n' PATCH "$(basename "$dest"): $(basename "${p#*:}")"
	patch -d "$tmp/tree/$top" -p1 -N -s <"$file" >"$tmp/err" 2>&1 || {
		cat "$tmp/err" >&2
		echo "extract: $p does not apply to $(basename "$dest")" >&2
		exit 1
	}
done
rm -rf "$dest"
mv "$tmp/tree/$top" "$dest"
