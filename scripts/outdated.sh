#!/bin/sh
# outdated.sh: for each package, the pinned version, the newest Debian has in
# the same series (the first two parts of the version: 1.38, 6.12) and the
# newest Debian has at all, from the signed source indexes of Debian's
# suites (through apt-source.sh's private apt state), and the newest
# release upstream's download directory lists, when it answers.
#
#   outdated.sh INFO
#
# INFO is make info's model of the build (scripts/info.mk): each package
# that builds its own source (source_from is its name), read by key:
# version, debian_name, site, source. Environment: OUTDATED_SUITES, the suites to ask (default: stable
# stable-security testing unstable); APT_SOURCE, the apt-source.sh to use.
set -eu

[ $# -eq 1 ] || { echo "usage: $0 INFO" >&2; exit 2; }
info=$1
here=$(cd "$(dirname "$0")" && pwd)
apt_source=${APT_SOURCE:-$here/apt-source.sh}
suites=${OUTDATED_SUITES:-stable stable-security testing unstable}

tmp=$(mktemp -d "${TMPDIR:-/tmp}/outdated.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM

# Debian's version without epoch and revision: the upstream version.
upstream_of() { v=${1#*:}; echo "${v%-*}"; }
series_of() { echo "$1" | cut -d. -f1-2; }
# newest: the highest of the versions on stdin, in Debian's order.
newest() {
	best=
	while read -r v; do
		if [ -z "$best" ] || dpkg --compare-versions "$v" gt "$best"; then best=$v; fi
	done
	echo "$best"
}

# A line of shell assignments per package, from its keys.
jq -r '.packages[] | select((.source_from // .name) == .name) |
	@sh "name=\(.name) version=\(.version) dsrc=\(.debian_name // "") site=\(.site // "")" +
	@sh " source=\(.source // "")"' "$info" >"$tmp/packages"

# Every suite once, for every package: "NAME UPSTREAM-VERSION SUITE VERSION".
names=$(jq -r '.packages[] | select((.source_from // .name) == .name) | .debian_name // empty' "$info" | sort -u)
: >"$tmp/all"
for s in $suites; do
	[ -n "$names" ] || break
	if ! "$apt_source" --versions "$s" $names >"$tmp/vers" 2>"$tmp/err"; then
		echo "outdated: asking $s failed: $(tail -n 1 "$tmp/err")" >&2
		continue
	fi
	while read -r n v c; do echo "$n $(upstream_of "$v") $c $v"; done <"$tmp/vers" >>"$tmp/all"
done

printf '%-10s %-12s %-26s %-26s %s\n' PACKAGE PINNED "SAME SERIES (DEBIAN)" "NEWEST (DEBIAN)" UPSTREAM
behind=0
while IFS= read -r vars; do
	eval "$vars"
	awk -v n="$dsrc" '$1 == n { print $2, $3, $4 }' "$tmp/all" >"$tmp/pkg"
	series=$(series_of "$version")
	same=$(awk -v s="$series" 'index($1, s ".") == 1 || $1 == s { print $1 }' "$tmp/pkg" | newest)
	top=$(awk '{ print $1 }' "$tmp/pkg" | newest)
	where() { [ -z "$1" ] && echo - || echo "$1 ($(awk -v v="$1" '$1 == v { print $2 }' "$tmp/pkg" | head -n 1))"; }

	# Upstream: the versions its directory listing names, as SOURCE does.
	up=unreachable
	if [ -n "$site" ] && command -v curl >/dev/null 2>&1 &&
		curl -fsSL --connect-timeout "${FETCH_TIMEOUT:-10}" --max-time 60 "$site/" -o "$tmp/index" 2>/dev/null; then
		pre=${source%%"$version"*} post=${source#*"$version"}
		up=$(grep -o "${pre}[0-9][0-9.]*${post}" "$tmp/index" | sed "s|^$pre||; s|$post\$||" | newest)
		up=${up:-none listed}
	fi
	[ -n "$site" ] || up=-
	printf '%-10s %-12s %-26s %-26s %s\n' "$name" "$version" "$(where "$same")" "$(where "$top")" "$up"
	for v in "$same" "$top"; do
		[ -z "$v" ] || ! dpkg --compare-versions "$v" gt "$version" || behind=1
	done
done <"$tmp/packages"
[ "$behind" -eq 0 ] || echo "To move a package: make bump PKG=NAME VERSION=V (the hash comes from Debian's signed index)"
