#!/bin/sh
# cc-launchers.sh: make DIR hold one link per compiler name, to ccache or to
# distcc, as Debian's /usr/lib/ccache does. DIR is first in the build's
# PATH, so every sub-build that runs "gcc" or "x86_64-linux-gnu-gcc" goes
# through the link and no command line changes: the objects and the
# recorded steps stay the same, whichever is on. ccache and distcc each
# find the real compiler further down PATH. DIR/.cc-launchers marks it.
#   CCACHE  auto (ccache when installed), 1 (ccache, which must be), 0
#   DISTCC  1: compile on DISTCC_HOSTS; with ccache, on its misses
#           (the Makefile sets CCACHE_PREFIX=distcc)
# Prints the launcher chosen, unless it is none.
set -eu

usage() {
	echo "usage: $0 DIR auto|0|1 0|1 COMPILER..." >&2
	exit 2
}
[ $# -ge 3 ] || usage
dir=$1 ccache=$2 distcc=$3
shift 3
case $ccache in auto | 0 | 1) ;; *) usage ;; esac
case $distcc in 0 | 1) ;; *) usage ;; esac
for name in "$@"; do
	case $name in
	"" | */* | .*) echo "cc-launchers: '$name' is not a compiler's name" >&2; exit 2 ;;
	esac
done

need() {
	command -v "$1" || {
		echo "cc-launchers: $2, but $1 is not installed: run make deps, or apt-get install $3" >&2
		exit 1
	}
}
target= mode=
if [ "$ccache" = 1 ] || { [ "$ccache" = auto ] && command -v ccache >/dev/null 2>&1; }; then
	target=$(need ccache "CCACHE=1" ccache)
	mode=ccache
fi
if [ "$distcc" = 1 ]; then
	d=$(need distcc "DISTCC_HOSTS is set" distcc)
	[ -n "$target" ] || target=$d
	mode=${mode:+$mode+}distcc
fi

mkdir -p "$dir"
# The mark by which the Makefile drops DIR from the PATH of other builds.
[ -e "$dir/.cc-launchers" ] || : >"$dir/.cc-launchers"
# Only links are removed: DIR holds nothing this script did not make.
for f in "$dir"/* "$dir"/.*.tmp; do
	[ -L "$f" ] || continue
	keep=
	if [ -n "$target" ]; then
		for name in "$@"; do
			[ "$f" != "$dir/$name" ] || keep=1
		done
	fi
	[ -n "$keep" ] || rm -f "$f"
done
[ -n "$target" ] || exit 0
for name in "$@"; do
	ln -sfn "$target" "$dir/.$name.tmp"
	mv -f "$dir/.$name.tmp" "$dir/$name"
done
printf '  %-8s%s\n' LAUNCH "$mode: $*"
