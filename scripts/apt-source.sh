#!/bin/sh
# apt-source.sh: download files of a Debian source package from SUITE into
# DESTDIR, or list the versions SUITE has. It uses a private apt state whose
# deb-src entries are derived from this machine's own apt sources, with
# their suite replaced by SUITE: a machine on bookworm can fetch from trixie
# or sid of the same mirror. apt checks the suite's signed Release file, so
# the Sources index is vouched for by Debian's archive key, and every file
# is checked against the SHA-256 that index gives. Nothing on the system is
# changed, so it needs no root.
#
#   apt-source.sh DESTDIR SUITE NAME=VERSION [FILE...]
#       download FILE... (default: every file of the package)
#   apt-source.sh --uris SUITE NAME=VERSION
#       print "FILE SHA256" for each file, from the signed index
#   apt-source.sh --versions SUITE NAME...
#       print "NAME VERSION CODENAME" for each version of each source
#       package NAME that SUITE has, but those kept as Extra-Source-Only;
#       CODENAME is the suite's own name, as its signed Release file gives
#       it (trixie for stable, in 2026)
#
# With --binary first, the same for a binary package (NAME is a binary
# package's name, FILE its .deb), from the suite's signed Packages index.
#
# Exit status 3: SUITE has no such package or version (the mirror dropped it).
set -eu

kind=deb-src
[ "${1:-}" != --binary ] || { kind=deb; shift; }

usage() {
	cat >&2 <<USAGE
usage: $0 [--binary] DESTDIR SUITE NAME=VERSION [FILE...]
       $0 [--binary] --uris SUITE NAME=VERSION
       $0 [--binary] --versions SUITE NAME...
USAGE
	exit 2
}
[ $# -ge 3 ] || usage
mode=$1
suite=$2
spec=$3
shift 3
case $mode in
--uris) [ $# -eq 0 ] || usage ;;
--versions) set -- "$spec" "$@" ;;
-*) usage ;;
*) dest=$mode mode=download ;;
esac
case $suite in
'' | *[!a-z0-9-]* | -*) echo "apt-source: '$suite' is not a suite name" >&2; exit 2 ;;
esac
if [ "$mode" = --versions ]; then
	for n in "$@"; do
		case $n in
		'' | -* | *[!a-z0-9.+-]*) echo "apt-source: '$n' is not a source package name" >&2; exit 2 ;;
		esac
	done
else
	case $spec in
	*=*) ;;
	*) echo "apt-source: '$spec' is not NAME=VERSION" >&2; exit 2 ;;
	esac
	for f in "$@"; do
		case $f in
		*/* | . | .. | '' | *[!A-Za-z0-9._+~:-]*) echo "apt-source: '$f' is not a plain file name" >&2; exit 2 ;;
		esac
	done
fi
names_or_files="$*" # checked above: plain words, safe to split

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
	awk -v suite="$suite" -v suffix="$suffix" -v kind="$kind" '
		$1 != "deb" && $1 != "deb-src" { next }
		{
			i = 2
			if ($i ~ /^\[/) while ($i !~ /\]$/ && i < NF) i++
			if ($i ~ /^\[/ || $i ~ /\]$/) i++
			s = $(i + 1)
			base = s; sub(/-.*/, "", base)
			if (base suffix != s) next
			$1 = kind; $(i + 1) = suite
			print
		}' "$f"
done >"$state/sources.list.d/derived.list"

# deb822 sources: a stanza whose Types has "deb" gets Types: deb-src, and
# its Suites the ones derived as above.
n=0
for f in "$etc"/sources.list.d/*.sources; do
	[ -f "$f" ] || continue
	n=$((n + 1))
	awk -v suite="$suite" -v suffix="$suffix" -v kind="$kind" '
		function flush() {
			if (text != "" && deb && keep) printf "%s\n", text
			text = ""; deb = 0; keep = 0
		}
		/^[ \t]*$/ { flush(); next }
		/^#/ { next }
		/^Types:/ { if ($0 ~ /[ \t]deb([ \t]|$)/) deb = 1; $0 = "Types: " kind }
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

grep -q "$kind" "$state"/sources.list.d/* 2>/dev/null || {
	echo "apt-source: no deb entries in $etc to derive $kind entries for $suite from" >&2
	exit 1
}

# apt's tools, on the private state. As root, apt hands downloads to the
# _apt user, which cannot write our directories.
sandbox=
[ "$(id -u)" -ne 0 ] || sandbox=APT::Sandbox::User=root
apt() {
	tool=$1
	shift
	"$tool" -q -o Dir::Etc::SourceList=/dev/null \
		-o Dir::Etc::SourceParts="$state/sources.list.d" \
		-o Dir::State::Lists="$state/lists" \
		-o Dir::Cache="$state/cache" \
		-o Debug::NoLocking=true ${sandbox:+-o "$sandbox"} "$@"
}

log=$state/log
if ! apt apt-get update >"$log" 2>&1; then
	cat "$log" >&2
	echo "apt-source: apt-get update for $suite failed" >&2
	exit 1
fi

if [ "$mode" = --versions ]; then
	codename=$(cat "$state"/lists/*Release 2>/dev/null | sed -n 's/^Codename: //p' | head -n 1)
	for n in $names_or_files; do
		if [ "$kind" = deb ]; then
			apt apt-cache show "$n" 2>/dev/null
		else
			apt apt-cache showsrc "$n" 2>/dev/null
		fi | awk -v p="$n" -v c="${codename:-$suite}" '
			# A stanza at a time: an Extra-Source-Only one is kept for
			# what other packages were built with, not a version of p.
			function flush() { if (ok && v != "" && !extra) print p, v, c; ok = 0; v = ""; extra = 0 }
			/^$/ { flush(); next }
			/^Package:/ { ok = ($2 == p) }
			/^Version:/ { v = $2 }
			/^Extra-Source-Only: *yes/ { extra = 1 }
			END { flush() }'
	done
	exit 0
fi

# The files of NAME=VERSION and their hashes, from the signed index: lines
# 'URI' FILE SIZE SHA256:HASH. Run in an empty directory, as apt leaves out
# files that are already in the current one.
mkdir "$state/empty"
get=source show=showsrc
[ "$kind" = deb-src ] || get=download show=show
if ! (cd "$state/empty" && apt apt-get "$get" --print-uris "$spec") >"$log" 2>&1; then
	if grep -q "Can not find version\|Unable to find a source package\|was not found\|Unable to locate package" "$log"; then
		have=$(apt apt-cache "$show" "${spec%%=*}" 2>/dev/null | awk '/^Version:/ { printf " %s", $2 }')
		echo "apt-source: $suite has no ${spec} (it has:${have:- nothing by that name})" >&2
		exit 3
	fi
	cat "$log" >&2
	echo "apt-source: apt-get $get --print-uris $spec failed in $suite" >&2
	exit 1
fi
uris=$(awk '$1 ~ /^\x27/ && $4 ~ /^SHA256:/ { u = $1; gsub(/\x27/, "", u); print $2, substr($4, 8), u }' "$log")
[ -n "$uris" ] || { cat "$log" >&2; echo "apt-source: no files with SHA-256 for $spec in $suite" >&2; exit 1; }
if [ "$mode" = --uris ]; then
	printf '%s\n' "$uris" | cut -d' ' -f1,2
	exit 0
fi

files=${names_or_files:-$(printf '%s\n' "$uris" | cut -d' ' -f1)}
for file in $files; do
	line=$(printf '%s\n' "$uris" | awk -v f="$file" '$1 == f')
	[ -n "$line" ] || { echo "apt-source: $spec in $suite has no file $file" >&2; exit 3; }
	set -- $line
	printf '  %-8s%s\n' FETCH "$file ($suite: $spec)" >&2
	# apt-helper checks the file against the index's hash as it downloads.
	if ! apt /usr/lib/apt/apt-helper download-file "$3" "$dest/$file.part" "SHA256:$2" >"$log" 2>&1; then
		cat "$log" >&2
		rm -f "$dest/$file.part"
		echo "apt-source: downloading $file of $spec from $suite failed" >&2
		exit 1
	fi
	mv -f "$dest/$file.part" "$dest/$file"
done
