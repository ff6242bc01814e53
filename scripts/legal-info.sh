#!/bin/sh
# legal-info.sh: gather what the licenses of the system's packages ask to
# pass on with it: their license texts, checked against their pins, the
# sources and patches they were built from, and a manifest; into DEST,
# which appears only when complete.
set -eu

usage() {
	cat >&2 <<USAGE
usage: $0 INFO STAMPS LICENSE DEST
INFO is make info's model of the build (scripts/info.mk): the packages it
lists as packages_legal, read by key: version, license, license_files,
site, srcdir, hashfile, dl and patches (each a download's member, a whole
download, or a local patch).
STAMPS holds NAME.extracted, the name of the tarball each source came from;
LICENSE is the project's own license.
USAGE
	exit 2
}

[ $# -eq 4 ] || usage
info=$1 stamps=$2 license=$3 dest=$4
here=$(cd "$(dirname "$0")" && pwd)
marker="legal-info: the licenses and sources of a minilinux system."
[ -f "$info" ] || { echo "legal-info: $info: no such file" >&2; exit 1; }
[ -f "$license" ] || { echo "legal-info: $license: no such file" >&2; exit 1; }
# DEST is replaced only if it is one this script made.
if [ -e "$dest" ] || [ -L "$dest" ]; then
	[ ! -L "$dest" ] && [ -d "$dest" ] && [ "$(head -n 1 "$dest/README" 2>/dev/null)" = "$marker" ] || {
		echo "legal-info: $dest exists and is not a legal-info made by make legal-info; move it away" >&2
		exit 1
	}
fi

mkdir -p "$(dirname "$dest")"
tmp=$(mktemp -d "$dest.tmp.XXXXXX")
old=
trap 'rm -rf "$tmp" ${old:+"$old"}' EXIT
trap 'exit 130' INT TERM

sha256() { sha256sum <"$1" | cut -d' ' -f1; }
# The sha256 line's hash for file $2 in hash file $1 (already checked whole).
pinned() { awk -v f="$2" '$1 == "sha256" && $3 == f { print $2; exit }' "$1"; }
# A name that must be a plain file name, such as a tarball's or a version.
plain() {
	case $2 in
	'' | . | .. | */* | *[!-A-Za-z0-9._+~:]*) echo "legal-info: $info: $1 '$2' is not a plain name" >&2; exit 1 ;;
	esac
}
# copy_source NV DIR FILE HASHFILE: copy a download into sources/NV/ and
# check the copy against its pin; print "FILE=SHA256".
copy_source() {
	plain "a download" "$3"
	want=$(pinned "$4" "$3")
	[ -n "$want" ] || { echo "legal-info: $4 has no sha256 line for $3" >&2; exit 1; }
	cp "$2/$3" "$tmp/sources/$1/$3"
	got=$(sha256 "$tmp/sources/$1/$3")
	[ "$got" = "$want" ] || {
		echo "legal-info: $2/$3: SHA-256 $got, not the pinned $want ($4)" >&2
		exit 1
	}
	echo "$3=$got"
}

cp "$license" "$tmp/LICENSE"
mkdir "$tmp/licenses" "$tmp/sources"
echo '"package","version","license","license files","sources (file=sha256)","patches, in order (patch=sha256)","site"' \
	>"$tmp/manifest.csv"
n=0
# A line of shell assignments per package, from its keys: patches from
# downloads as DOWNLOAD or DOWNLOAD:MEMBER, local ones as paths.
jq -r '.packages_legal[] as $n | .packages[$n] |
	@sh "name=\(.name) version=\(.version) spdx=\(.license // "")" +
	@sh " files=\(.license_files // [] | join(" ")) site=\(.site // "") srcdir=\(.srcdir)" +
	@sh " hashfile=\(.hashfile) dl=\(.dl)" +
	@sh " patches=\([.patches[]? | select(.download != "") | .download +
		if .member != "" then ":" + .member else "" end] | join(" "))" +
	@sh " locals=\([.patches[]? | select(.download == "") | .path] | join(" "))"' "$info" >"$tmp/packages"
while IFS= read -r vars; do
	eval "$vars"
	plain "a package" "$name"
	plain "$name's version" "$version"
	case "$name$version$spdx$files$site$patches" in
	*'"'*) echo "legal-info: $info: $name: a field holds a '\"'" >&2; exit 1 ;;
	esac
	nv=$name-$version
	[ -n "$files" ] || { echo "legal-info: $name has no license files: set its _LICENSE_FILES" >&2; exit 1; }
	# The license texts: checked in the tree (which also checks each path),
	# copied, and the copies checked again.
	# shellcheck disable=SC2086 # the paths, checked by license-check.sh
	"$here/license-check.sh" "$name" "$hashfile" "$srcdir" $files
	for f in $files; do
		mkdir -p "$tmp/licenses/$nv/$(dirname "$f")"
		cp "$srcdir/$f" "$tmp/licenses/$nv/$f"
	done
	# shellcheck disable=SC2086
	"$here/license-check.sh" "$name" "$hashfile" "$tmp/licenses/$nv" $files

	# The tarball the source was extracted from, the archives its patches
	# come from, and the local patches.
	mkdir "$tmp/sources/$nv"
	[ -f "$stamps/$name.extracted" ] || { echo "legal-info: $name is not extracted: make $name" >&2; exit 1; }
	sources=$(copy_source "$nv" "$dl" "$(head -n 1 "$stamps/$name.extracted")" "$hashfile")
	applied=
	for p in $patches; do
		a=${p%%:*}
		[ -e "$tmp/sources/$nv/$a" ] || sources="$sources $(copy_source "$nv" "$dl" "$a" "$hashfile")"
		if [ "$a" = "$p" ]; then
			h=$(sha256 "$tmp/sources/$nv/$a")
		else
			tar -xOf "$tmp/sources/$nv/$a" "${p#*:}" >"$tmp/patch"
			h=$(sha256 "$tmp/patch")
			rm -f "$tmp/patch"
		fi
		applied="$applied $p=$h"
	done
	for p in $locals; do
		b=${p##*/}
		plain "a local patch" "$b"
		cp "$p" "$tmp/sources/$nv/$b"
		h=$(sha256 "$tmp/sources/$nv/$b")
		sources="$sources $b=$h"
		applied="$applied $b=$h"
	done
	printf '"%s","%s","%s","%s","%s","%s","%s"\n' "$name" "$version" "$spdx" "$files" \
		"$sources" "${applied# }" "$site" >>"$tmp/manifest.csv"
	n=$((n + 1))
done <"$tmp/packages"
[ "$n" -gt 0 ] || { echo "legal-info: $info lists no package" >&2; exit 1; }

cat >"$tmp/README" <<README
$marker

Made by \`make legal-info\`, for the packages in the system: those in its
root filesystem (PACKAGES and the kernel, linux) and musl, the C library
linked into every program. The kernel's UAPI headers (linux-headers) are
built from linux's source and are listed as linux.

  LICENSE                 the license of the build system itself (its
                          scripts, configuration and own patches)
  manifest.csv            one line per package: its version, its license
                          (SPDX), its license files, the files under
                          sources/ with their SHA-256, the patches applied
                          in order with theirs, and upstream's site
  licenses/NAME-VERSION/  the package's license files, at their paths in
                          its source tree; each has the hash pinned in
                          config/packages/NAME.hash
  sources/NAME-VERSION/   the tarball the source was extracted from, the
                          Debian packaging tarballs its patches come from
                          (a patch ARCHIVE:MEMBER is MEMBER inside ARCHIVE),
                          and the project's own patches (patches/NAME/)

Each download is a copy of the pinned file of the download cache, checked
against its pin again after copying.
README

# Replace the old one, if any, only now that the new one is complete.
if [ -e "$dest" ]; then
	old=$(mktemp -d "$dest.old.XXXXXX")
	mv "$dest" "$old/"
fi
mv "$tmp" "$dest"
