#!/bin/sh
# apt-source.sh: download a Debian source package into DESTDIR with
# `apt-get source --download-only`, using a private apt state whose deb-src
# entries are derived from this machine's own apt sources. Nothing on the
# system is changed, so it works without root.
set -eu

usage() {
	echo "usage: $0 DESTDIR NAME=VERSION" >&2
	exit 2
}
[ $# -eq 2 ] || usage
dest=$1
spec=$2

command -v apt-get >/dev/null 2>&1 || {
	echo "apt-source: apt-get not found: no Debian source archive to fall back on" >&2
	exit 1
}

etc=${APT_ETC:-/etc/apt}
state=$(mktemp -d "${TMPDIR:-/tmp}/apt-source.XXXXXX")
trap 'rm -rf "$state"' EXIT
trap 'exit 130' INT TERM
mkdir -p "$state/sources.list.d" "$state/lists/partial" "$state/cache/archives/partial"

# One-line sources: every "deb" line becomes a "deb-src" line.
for f in "$etc/sources.list" "$etc"/sources.list.d/*.list; do
	[ -f "$f" ] || continue
	sed -n 's/^[[:space:]]*deb\(-src\)\{0,1\}\([[:space:]]\)/deb-src\2/p' "$f"
done >"$state/sources.list.d/derived.list"

# deb822 sources: a stanza whose Types has "deb" gets Types: deb-src.
n=0
for f in "$etc"/sources.list.d/*.sources; do
	[ -f "$f" ] || continue
	n=$((n + 1))
	awk '/^Types:/ { if ($0 ~ /[[:space:]]deb(-src)?([[:space:]]|$)/) $0 = "Types: deb-src" } { print }' \
		"$f" >"$state/sources.list.d/derived$n.sources"
done

grep -q 'deb-src' "$state"/sources.list.d/* 2>/dev/null || {
	echo "apt-source: no deb entries in $etc to derive deb-src entries from" >&2
	exit 1
}

set -- -q -o Dir::Etc::SourceList=/dev/null \
	-o Dir::Etc::SourceParts="$state/sources.list.d" \
	-o Dir::State::Lists="$state/lists" \
	-o Dir::Cache="$state/cache" \
	-o Debug::NoLocking=true
# As root, apt hands downloads to the _apt user, which cannot write our dirs.
[ "$(id -u)" -ne 0 ] || set -- "$@" -o APT::Sandbox::User=root

printf '  %-8s%s\n' FETCH "apt-get source --download-only $spec" >&2
log=$state/log
if ! apt-get "$@" update >"$log" 2>&1; then
	cat "$log" >&2
	echo "apt-source: apt-get update failed" >&2
	exit 1
fi
if ! (cd "$dest" && apt-get "$@" source --download-only "$spec") >"$log" 2>&1; then
	cat "$log" >&2
	echo "apt-source: apt-get source $spec failed" >&2
	exit 1
fi
