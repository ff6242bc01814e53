#!/bin/sh
# Unit tests for src/initlib.c, the host-testable part of the app-mode init:
# compiled with the host compiler, with the address and undefined-behaviour
# sanitizers, and run here. A crash, a sanitizer report or an early exit
# fails the suite, not only a FAIL line.
set -eu
. "$(dirname "$0")/../lib.sh"
top=$(cd "$(dirname "$0")/../.." && pwd)
if ! ${HOSTCC:-cc} -std=c99 -Wall -Wextra -Werror -g -fsanitize=address,undefined \
	-fno-omit-frame-pointer -fno-sanitize-recover=all -o "$scratch/initlib-test" \
	"$top/tests/unit/initlib-test.c" "$top/src/initlib.c" 2>"$scratch/err"; then
	fail "initlib-test compiles" "$(cat "$scratch/err")"
	exit 1
fi
status=0
ASAN_OPTIONS=abort_on_error=0:detect_leaks=1:exitcode=99 \
	UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1:exitcode=99 \
	"$scratch/initlib-test" "$scratch" >"$scratch/out" 2>&1 || status=$?
grep -v '^initlib-test: all tests ran$' "$scratch/out" || true
if [ "$status" -ne 0 ] && ! grep -q '^FAIL: ' "$scratch/out"; then
	fail "initlib-test runs to its end" "it exited with status $status"
elif ! grep -qx 'initlib-test: all tests ran' "$scratch/out"; then
	fail "initlib-test runs to its end" "it stopped early, with status $status"
fi
