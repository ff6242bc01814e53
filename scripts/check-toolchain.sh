#!/bin/sh
# check-toolchain.sh: before the long build, check that the cross compiler
# CROSS_COMPILE-gcc for ARCH compiles and links a static program (with no C
# library: musl comes later), and say in one line what is missing if not.
set -eu

[ $# -eq 2 ] || { echo "usage: $0 CROSS_COMPILE ARCH" >&2; exit 2; }
cross=$1 arch=$2
cc=${cross}gcc
command -v "$cc" >/dev/null 2>&1 || {
	echo "toolchain: no $cc for ARCH=$arch: run make deps ARCH=$arch, or set CROSS_COMPILE" >&2
	exit 1
}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/toolchain.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM
printf 'void _start(void) { for (;;) ; }\n' >"$tmp/t.c"
if ! "$cc" -static -nostdlib -o "$tmp/t" "$tmp/t.c" -lgcc >"$tmp/err" 2>&1; then
	echo "toolchain: $cc cannot link a static program for ARCH=$arch: $(grep -m 1 -i 'error\|not found\|cannot' "$tmp/err" || head -n 1 "$tmp/err")" >&2
	exit 1
fi
