#!/bin/sh
# bump.sh: move a package to upstream version VERSION: rewrite its version
# and Debian source in NAME.mk, and its hashes in NAME.hash. Every new hash
# comes from Debian's signed source index (apt checks the suite's Release
# signature, and the index lists each file's SHA-256); upstream's tarball
# is pinned only when it is reachable and has exactly the bytes of Debian's
# orig tarball. A file that nothing vouches for is never pinned.
#
#   bump.sh NAME VERSION PREFIX MKFILE HASHFILE DEBIAN-NAME DEBIAN-VERSION SOURCE SITE
#
# DEBIAN-VERSION is the pinned one without its epoch, SOURCE upstream's
# tarball for the pinned version. Environment: BUMP_SUITES, the suites to
# search, in order of preference (default: stable stable-security testing
# unstable); APT_SOURCE, the apt-source.sh to use; BUMP_BINARY, the
# package's PKG_DEBIAN_BINARY ("SUITE BINNAME=VERSION") when its source is
# a Debian binary package: then the .deb of BINNAME at VERSION is pinned,
# from the signed Packages index, and the source package DEBIAN-NAME of
# the same version in the same suite is named for its changelog.
set -eu

[ $# -eq 9 ] || { echo "usage: $0 NAME VERSION PREFIX MKFILE HASHFILE DEBIAN-NAME DEBIAN-VERSION SOURCE SITE" >&2; exit 2; }
name=$1 version=$2 prefix=$3 mk=$4 hashfile=$5 dname=$6 dold=$7 source=$8 site=$9
here=$(cd "$(dirname "$0")" && pwd)
apt_source=${APT_SOURCE:-$here/apt-source.sh}
suites=${BUMP_SUITES:-stable stable-security testing unstable}

case $version in
'' | -* | *[!A-Za-z0-9.+~]*) echo "bump: '$version' is not a version" >&2; exit 2 ;;
esac
[ -n "$dname" ] || { echo "bump: $name has no ${prefix}_DEBIAN: no signed source to take a hash from" >&2; exit 1; }
for v in VERSION DEBIAN; do
	[ "$(grep -c "^${prefix}_$v = " "$mk")" -eq 1 ] || {
		echo "bump: $mk: want one line '${prefix}_$v = ...' to rewrite; edit it by hand" >&2
		exit 1
	}
done
old=$(sed -n "s/^${prefix}_VERSION = //p" "$mk")
case $old in
*'$'*) echo "bump: $mk: ${prefix}_VERSION is '$old', not a version of its own" >&2; exit 1 ;;
esac

tmp=$(mktemp -d "${TMPDIR:-/tmp}/bump.XXXXXX")
trap 'rm -rf "$tmp" "$mk.bump" "$hashfile.bump"' EXIT
trap 'exit 130' INT TERM

# The first suite, in order of preference, with a Debian version of VERSION
# of package $dname (source) or of BUMP_BINARY's binary; in it, the newest
# revision.
binary= lookup=$dname
if [ -n "${BUMP_BINARY:-}" ]; then
	binary=--binary lookup=${BUMP_BINARY#* } lookup=${lookup%%=*}
	grep -q "^${prefix}_DEBIAN_BINARY = " "$mk" || {
		echo "bump: $mk: want one line '${prefix}_DEBIAN_BINARY = ...' to rewrite" >&2
		exit 1
	}
fi
found=
for s in $suites; do
	"$apt_source" $binary --versions "$s" "$lookup" >"$tmp/vers" 2>"$tmp/err" || {
		echo "bump: asking $s failed: $(tail -n 1 "$tmp/err")" >&2
		continue
	}
	best=
	while read -r n v c; do
		u=${v#*:}
		[ "$n" = "$lookup" ] && [ "${u%-*}" = "$version" ] || continue
		if [ -z "$best" ] || dpkg --compare-versions "$v" gt "$best"; then best=$v codename=$c; fi
	done <"$tmp/vers"
	# Pinned by codename: "stable" moves on at the next release.
	[ -z "$best" ] || { found="${codename:-$s} $best"; break; }
done
[ -n "$found" ] || {
	echo "bump: no Debian suite ($suites) has $lookup $version: nothing vouches for a download of it, so it is refused" >&2
	exit 1
}
set -- $found
suite=$1 dver=$2 dnew=${2#*:}
echo "  BUMP    $name $old -> $version: Debian's $lookup=$dver in $suite"

# A binary package's .deb: its line replaces the old one; the source
# package of the same version must be in the same suite, for its changelog.
if [ -n "$binary" ]; then
	"$apt_source" --binary --uris "$suite" "$lookup=$dver" >"$tmp/uris"
	deb=$(awk '$1 ~ /\.deb$/ { print $1; exit }' "$tmp/uris")
	h=$(awk '$1 ~ /\.deb$/ { print $2; exit }' "$tmp/uris")
	[ -n "$deb" ] && [ -n "$h" ] || { echo "bump: $lookup=$dver in $suite has no .deb in its index" >&2; exit 1; }
	"$apt_source" --versions "$suite" "$dname" >"$tmp/srcvers" 2>/dev/null || :
	awk -v v="$dver" '$2 == v { f = 1 } END { exit !f }' "$tmp/srcvers" || {
		echo "bump: $suite has no source package $dname=$dver beside $lookup=$dver" >&2
		exit 1
	}
	olddeb=$(echo "${BUMP_BINARY#* }" | sed 's/=/_/; s/_[0-9]*:/_/')_all.deb
	awk -v f="$olddeb" '
		/^#/ { c = c $0 "\n"; next }
		$1 == "sha256" && $3 == f { c = ""; next }
		{ printf "%s%s\n", c, $0; c = "" }
		END { printf "%s", c }' "$hashfile" >"$hashfile.bump"
	{
		echo "# $lookup=$dver, $suite: its hash from Debian's signed Packages index (make bump)."
		echo "sha256 $h $deb"
	} >>"$hashfile.bump"
	sed -e "s/^${prefix}_VERSION = .*/${prefix}_VERSION = $version/" \
		-e "s/^${prefix}_DEBIAN = .*/${prefix}_DEBIAN = $suite $dname=$dver/" \
		-e "s/^${prefix}_DEBIAN_BINARY = .*/${prefix}_DEBIAN_BINARY = $suite $lookup=$dver/" "$mk" >"$mk.bump"
	mv -f "$hashfile.bump" "$hashfile"
	mv -f "$mk.bump" "$mk"
	echo "  NOTE    upstream's tarball is not pinned: nothing signed vouches for it, and Debian's tree is another" >&2
	echo "  BUMP    wrote $mk and $hashfile; check the patches still apply: make $name"
	exit 0
fi

"$apt_source" --uris "$suite" "$dname=$dver" >"$tmp/uris"
orig=$(awk -v p="${dname}_$version.orig.tar." 'index($1, p) == 1 && $1 !~ /\.asc$/ { print $1; exit }' "$tmp/uris")
[ -n "$orig" ] || { echo "bump: $dname=$dver in $suite has no orig tarball" >&2; exit 1; }
hash_of() { awk -v f="$1" '$1 == f { print $2 }' "$tmp/uris"; }

# The new lines: Debian's orig tarball, and each file of the old Debian
# revision that the hash file pins (such as a debian.tar.xz with patches).
{
	echo "# $dname=$dver, $suite: hashes from Debian's signed source index (make bump)."
	echo "sha256 $(hash_of "$orig") $orig"
	awk '$1 == "sha256" { print $3 }' "$hashfile" | while read -r f; do
		case $f in
		*_"$dold".*)
			nf=$(echo "$f" | sed "s/_$dold\./_$dnew./")
			h=$(hash_of "$nf")
			[ -n "$h" ] || { echo "bump: $dname=$dver has no $nf (for $f)" >&2; exit 1; }
			echo "sha256 $h $nf"
			;;
		esac
	done
} >"$tmp/new"

# Upstream's tarball: pinned only if it is Debian's orig, byte for byte.
upsource=$(echo "$source" | sed "s/$old/$version/")
pinned=$(awk -v f="$upsource" '$1 == "sha256" && $3 == f { print $2 }' "$hashfile")
if [ -n "$site" ] && [ "$pinned" = "$(hash_of "$orig")" ]; then
	# Already pinned, and the index vouches for the same bytes.
	echo "# $upsource: upstream's, the same bytes as $orig."
	echo "sha256 $pinned $upsource"
elif [ -n "$site" ]; then
	if command -v curl >/dev/null 2>&1 &&
		curl -fsSL --connect-timeout "${FETCH_TIMEOUT:-10}" -o "$tmp/up" "$site/$upsource" 2>"$tmp/err"; then
		if [ "$(sha256sum <"$tmp/up" | cut -d' ' -f1)" = "$(hash_of "$orig")" ]; then
			echo "# $upsource: upstream's, the same bytes as $orig."
			echo "sha256 $(hash_of "$orig") $upsource"
		else
			echo "  NOTE    $upsource differs from $orig: not pinned, Debian's is used" >&2
		fi
	else
		echo "  NOTE    $site/$upsource: not reachable, not pinned; Debian's $orig is used" >&2
	fi
fi >>"$tmp/new"

# Rewrite both files, the old version's lines out, through temp names.
oldsource=$source
# A comment right above a line that goes, goes with it.
awk -v s="$oldsource" -v o="${dname}_$old.orig." -v d="_$dold." '
	/^#/ { c = c $0 "\n"; next }
	$1 == "sha256" && ($3 == s || index($3, o) == 1 || index($3, d)) { c = ""; next }
	{ printf "%s%s\n", c, $0; c = "" }
	END { printf "%s", c }' "$hashfile" >"$hashfile.bump"
cat "$tmp/new" >>"$hashfile.bump"
sed -e "s/^${prefix}_VERSION = .*/${prefix}_VERSION = $version/" \
	-e "s/^${prefix}_DEBIAN = .*/${prefix}_DEBIAN = $suite $dname=$dver/" "$mk" >"$mk.bump"
mv -f "$hashfile.bump" "$hashfile"
mv -f "$mk.bump" "$mk"
echo "  BUMP    wrote $mk and $hashfile; check the patches still apply: make $name"
