#!/bin/sh
# debian-cves.sh: the CVE IDs a Debian changelog names in its entries newer
# than the pinned Debian version PIN, one "CVE-ID VERSION" line each,
# VERSION being the oldest such entry that names it: the first upload that
# fixes it. Entries are headed "SOURCE (VERSION) SUITE; urgency=...";
# versions compare as dpkg compares them.
#
#   debian-cves.sh CHANGELOG PIN
set -eu

[ $# -eq 2 ] || { echo "usage: $0 CHANGELOG PIN" >&2; exit 2; }
changelog=$1 pin=$2
[ -f "$changelog" ] && [ -r "$changelog" ] || { echo "debian-cves: $changelog: cannot read" >&2; exit 1; }
case $pin in '' | *[!A-Za-z0-9.+~:-]*) echo "debian-cves: '$pin' is not a Debian version" >&2; exit 2 ;; esac
command -v dpkg >/dev/null 2>&1 || { echo "debian-cves: dpkg is needed to compare Debian versions" >&2; exit 1; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/debian-cves.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM

# Each entry's version, then the IDs in it: "V VERSION" and "C CVE-ID" lines.
awk '
	/^[a-z0-9][a-z0-9.+-]* \([^ )]+\) / {
		v = $2; gsub(/[()]/, "", v); print "V", v; next
	}
	{
		s = $0
		while (match(s, /CVE-[0-9][0-9][0-9][0-9]-[0-9][0-9][0-9][0-9]+/)) {
			print "C", substr(s, RSTART, RLENGTH); s = substr(s, RSTART + RLENGTH)
		}
	}' "$changelog" >"$tmp/lines"
grep -q '^V ' "$tmp/lines" || { echo "debian-cves: $changelog: no entry headed SOURCE (VERSION)" >&2; exit 1; }

# Keep the IDs of the entries newer than PIN; the last (oldest) entry that
# names an ID wins.
newer=0
while read -r kind word; do
	case $kind in
	V)
		case $word in *[!A-Za-z0-9.+~:-]*) echo "debian-cves: $changelog: a bad version '$word'" >&2; exit 1 ;; esac
		if dpkg --compare-versions "$word" gt "$pin"; then newer=1 version=$word; else newer=0; fi
		;;
	C) [ "$newer" -eq 0 ] || echo "$word $version" ;;
	esac
done <"$tmp/lines" >"$tmp/ids"
awk '{ at[$1] = $2 } END { for (id in at) print id, at[id] }' "$tmp/ids" | LC_ALL=C sort
