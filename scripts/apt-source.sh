#!/bin/sh
# apt-source.sh: download a Debian source package from SUITE into DESTDIR with
# `apt-get source --download-only`, using a private apt state whose deb-src
# entries are derived from this machine's own apt sources, with their suite
# replaced by SUITE: a machine on bookworm can fetch from trixie or sid of
# the same mirror. Nothing on the system is changed, so it needs no root.
set -eu

usage() {
	echo "usage: $0 DESTDIR SUITE NAME=VERSION" >&2
	exit 2
}
[ $# -eq 3 ] || usage
dest=$1
suite=$2
spec=$3
case $suite in
'' | *[!a-z0-9-]* | -*) echo "apt-source: '$suite' is not a suite name" >&2; exit 2 ;;
esac
case $spec in
*=*) ;;
*) echo "apt-source: '$spec' is not NAME=VERSION" >&2; exit 2 ;;
esac

command -v apt-get >/dev/null 2>&1 || {
	echo "apt-source: apt-get not found: no Debian source archive to fall back on" >&2
	exit 1
}

etc=${APT_ETC:-/etc/apt}
state=$(mktemp -d "${TMPDIR:-/tmp}/apt-source.XXXXXX")
trap 'rm -rf "$state"' EXIT
trap 'exit 130' INT TERM
mkdir -p "$state/sources.list.d" "$state/lists/partial" "$state/cache/archives/partial"

# An entry's suite CODENAME[-SUFFIX] becomes SUITE when its suffix is
# SUITE's: bookworm gives trixie or sid, bookworm-security gives
# trixie-security. Entries with another suffix are left out.
case $suite in
*-*) suffix=-${suite#*-} ;;
*) suffix= ;;
esac

# One-line sources: "deb [OPTIONS] URI SUITE COMPONENT..." lines.
for f in "$etc/sources.list" "$etc"/sources.list.d/*.list; do
	[ -f "$f" ] || continue
	awk -v suite="$suite" -v suffix="$suffix" '
		$1 != "deb" && $1 != "deb-src" { next }
		{
			i = 2
			if ($i ~ /^\[/) while ($i !~ /\]$/ && i < NF) i++
			if ($i ~ /^\[/ || $i ~ /\]$/) i++
			s = $(i + 1)
			base = s; sub(/-.*/, "", base)
			if (base suffix != s) next
			$1 = "deb-src"; $(i + 1) = suite
			print
		}' "$f"
done >"$state/sources.list.d/derived.list"

# deb822 sources: a stanza whose Types has "deb" gets Types: deb-src, and
# its Suites the ones derived as above.
n=0
for f in "$etc"/sources.list.d/*.sources; do
	[ -f "$f" ] || continue
	n=$((n + 1))
	awk -v suite="$suite" -v suffix="$suffix" '
		function flush() {
			if (text != "" && deb && keep) printf "%s\n", text
			text = ""; deb = 0; keep = 0
		}
		/^[ \t]*$/ { flush(); next }
		/^#/ { next }
		/^Types:/ { if ($0 ~ /[ \t]deb([ \t]|$)/) deb = 1; $0 = "Types: deb-src" }
		/^Suites:/ {
			for (i = 2; i <= NF; i++) {
				base = $i; sub(/-.*/, "", base)
				if (base suffix == $i) keep = 1
			}
			$0 = "Suites: " suite
		}
		{ text = text $0 "\n" }
		END { flush() }' "$f" >"$state/sources.list.d/derived$n.sources"
done

grep -q 'deb-src' "$state"/sources.list.d/* 2>/dev/null || {
	echo "apt-source: no deb entries in $etc to derive deb-src entries for $suite from" >&2
	exit 1
}

set -- -q -o Dir::Etc::SourceList=/dev/null \
	-o Dir::Etc::SourceParts="$state/sources.list.d" \
	-o Dir::State::Lists="$state/lists" \
	-o Dir::Cache="$state/cache" \
	-o Debug::NoLocking=true
# As root, apt hands downloads to the _apt user, which cannot write our dirs.
[ "$(id -u)" -ne 0 ] || set -- "$@" -o APT::Sandbox::User=root

printf '  %-8s%s\n' FETCH "apt-get source --download-only $spec ($suite)" >&2
log=$state/log
if ! apt-get "$@" update >"$log" 2>&1; then
	cat "$log" >&2
	echo "apt-source: apt-get update for $suite failed" >&2
	exit 1
fi
if ! (cd "$dest" && apt-get "$@" source --download-only "$spec") >"$log" 2>&1; then
	cat "$log" >&2
	echo "apt-source: apt-get source $spec failed in $suite (a version the mirror no longer has?)" >&2
	exit 1
fi
