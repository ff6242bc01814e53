#!/bin/sh
# fetch.sh: put a file into a download directory, verified against its pinned
# SHA-256, and print its path. Each SOURCE names one acceptable file; they
# are tried in order, first as already in DIR, then from where they come.
set -eu

usage() {
	cat >&2 <<USAGE
usage: $0 DIR HASHFILE SOURCE...
SOURCE is a URL (the file is its last component),
apt:SUITE/NAME=VERSION/FILE for FILE of a Debian source package, fetched
with apt-get source from that suite of this machine's Debian mirror, or
deb:SUITE/NAME=VERSION/FILE for a Debian binary package's .deb FILE.
HASHFILE lines: sha256 HASH FILE. Every SOURCE's file needs one. Lines
"license HASH PATH" (scripts/license-check.sh) are checked, not used.
USAGE
	exit 2
}

[ $# -ge 3 ] || usage
dir=$1
hashfile=$2
shift 2
here=$(cd "$(dirname "$0")" && pwd)
[ -f "$hashfile" ] && [ -r "$hashfile" ] || { echo "fetch: $hashfile: cannot read" >&2; exit 1; }

tmp=
cleanup() { [ -z "$tmp" ] || rm -rf "$tmp"; }
trap cleanup EXIT
trap 'exit 130' INT TERM

# The file a source gives.
name_of() {
	case $1 in
	apt:*/*/* | deb:*/*/*) echo "${1##*/}" ;;
	*://*/*) name=${1%%[?#]*}; echo "${name##*/}" ;;
	*) echo "fetch: unknown source '$1' (a URL, apt:SUITE/NAME=VERSION/FILE or deb:...)" >&2; return 1 ;;
	esac
}

# The pinned hash of file $1, from a hash file checked line by line.
hash_of() {
	awk -v want="$1" -v hf="$hashfile" "$(cat "$here/tables.awk")"'
		{ hash_file_line("fetch", hf) }
		END { if (err) exit 1; if (("sha256", want) in seen) print seen["sha256", want]; else exit 3 }' "$hashfile" || {
		[ $? -ne 3 ] || echo "fetch: $hashfile has no sha256 line for $1" >&2
		return 1
	}
}

sha256() { sha256sum "$1" | cut -d' ' -f1; }

# Check that file $1 has SHA-256 $2; on a mismatch, say so, naming it as $3
# and where it came from as $4.
verify() {
	actual=$(sha256 "$1")
	[ "$actual" != "$2" ] || return 0
	cat >&2 <<MSG
fetch: $3: SHA-256 mismatch
  expected: $2
  actual:   $actual
  from:     $4
  This may be a corrupt or truncated download, or tampering.
MSG
	return 1
}

# Every source's file and hash, checked before anything is fetched.
for src in "$@"; do
	file=$(name_of "$src")
	hash_of "$file" >/dev/null
done
mkdir -p "$dir"

# 1. The download directory. A cached file that fails its hash is left as
# it is: the pin may be the wrong one (a typo, or another clone's cache),
# and another clone may need the file. Only a download that passes the pin
# replaces it, renamed over it: then the cached copy was the bad one.
mismatch=
for src in "$@"; do
	file=$(name_of "$src")
	[ -e "$dir/$file" ] || [ -L "$dir/$file" ] || continue
	if [ -L "$dir/$file" ] || [ ! -f "$dir/$file" ]; then
		echo "fetch: $dir/$file is not a regular file; move it away" >&2
		exit 1
	fi
	if [ "$(sha256 "$dir/$file")" = "$(hash_of "$file")" ]; then
		echo "$dir/$file"
		exit 0
	fi
	mismatch="$mismatch $file"
	echo "fetch: the cached $file does not match its pin in $hashfile: left as it is" >&2
done

# 2. Every source, in order.
tmp=$(mktemp -d "$dir/.fetch.XXXXXX")
tried=
gone=
for src in "$@"; do
	file=$(name_of "$src")
	sum=$(hash_of "$file")
	tried="$tried $src"
	rm -rf "$tmp/get"
	mkdir "$tmp/get"
	case $src in
	apt:* | deb:*)
		spec=${src#*:} # SUITE/NAME=VERSION/FILE
		suite=${spec%%/*} pkg=${spec#*/} binary=
		[ "${src%%:*}" = apt ] || binary=--binary
		rc=0
		"$here/apt-source.sh" $binary "$tmp/get" "$suite" "${pkg%/*}" "$file" >&2 || rc=$?
		[ $rc -ne 3 ] || gone="$gone ${pkg%/*} ($suite)"
		[ $rc -eq 0 ] || continue
		;;
	*)
		command -v curl >/dev/null 2>&1 || {
			echo "fetch: curl not found, skipping $src" >&2
			continue
		}
		printf '  %-8s%s\n' FETCH "$src" >&2
		# A server that stalls is given up: under 1 KiB/s for a minute, or
		# an hour in all.
		curl -fL --connect-timeout "${FETCH_TIMEOUT:-10}" --speed-limit 1024 --speed-time 60 \
			--max-time "${FETCH_MAX_TIME:-3600}" -sS -o "$tmp/get/$file" "$src" || continue
		;;
	esac
	verify "$tmp/get/$file" "$sum" "$file" "$src" || continue
	mv -f "$tmp/get/$file" "$dir/$file"
	echo "$dir/$file"
	exit 0
done

# One line that says it all: what, where it looked, and what to do.
if [ -n "$mismatch" ]; then
	echo "fetch: $(name_of "$1"): no verified copy; the cache's$mismatch does not match the pin in" \
		"$hashfile: check the pin (make source names every mismatch); tried:$tried" >&2
elif [ -n "$gone" ]; then
	echo "fetch: $(name_of "$1"): the Debian mirror no longer has$gone; tried:$tried.${FETCH_HINT:+ $FETCH_HINT}" >&2
else
	echo "fetch: $(name_of "$1"): could not get a verified copy; tried:$tried" >&2
fi
exit 1
