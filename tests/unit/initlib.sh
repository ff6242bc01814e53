#!/bin/sh
# Unit tests for src/initlib.c, the host-testable part of the app-mode init:
# compiled with the host compiler and run here.
set -eu
. "$(dirname "$0")/../lib.sh"
top=$(cd "$(dirname "$0")/../.." && pwd)
if ! ${HOSTCC:-cc} -std=c99 -Wall -Wextra -Werror -o "$scratch/initlib-test" \
	"$top/tests/unit/initlib-test.c" "$top/src/initlib.c" 2>"$scratch/err"; then
	fail "initlib-test compiles" "$(cat "$scratch/err")"
	exit 0
fi
"$scratch/initlib-test" "$scratch" || true
