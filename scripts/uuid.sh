#!/bin/sh
# uuid.sh: a stable UUID for NAME, derived from SEED: the same inputs give
# the same UUID, so images are reproducible. With -x, 8 hex digits instead
# (a FAT volume id).
set -eu
short=
[ "${1:-}" != -x ] || { short=1; shift; }
[ $# -eq 2 ] || { echo "usage: $0 [-x] SEED NAME" >&2; exit 2; }
h=$(printf '%s/%s' "$1" "$2" | sha256sum | cut -c1-32)
if [ -n "$short" ]; then
	echo "$h" | cut -c1-8
	exit 0
fi
# RFC 4122 layout: version 4 nibble, variant 10xx.
v=$(printf '%x' $(( (0x$(echo "$h" | cut -c17) & 3) | 8 )))
echo "$h" | sed -E "s/^(.{8})(.{4}).(.{3}).(.{3})(.{12})$/\1-\2-4\3-$v\4-\5/"
