#!/bin/sh
# fuzz.sh: build each libFuzzer harness tests/fuzz/NAME.c with clang's
# address and undefined-behaviour sanitizers, and run it for FUZZ_S seconds
# on a working corpus in $O/fuzz/NAME/ seeded from tests/fuzz/NAME/. Any
# crash, leak or sanitizer report fails, and the input that caused it is
# kept as $O/fuzz/NAME/crash-* (replay: $O/fuzz/NAME/NAME FILE).
set -eu
. "$(dirname "$0")/lib.sh"
top=$(cd "$(dirname "$0")/.." && pwd)
: "${O:?}"
secs=${FUZZ_S:-30}
case $secs in '' | *[!0-9]* | 0) echo "fuzz: FUZZ_S must be a number of seconds, not '$secs'" >&2; exit 2 ;; esac
CLANG=${CLANG:-clang}
command -v "$CLANG" >/dev/null 2>&1 || {
	fail "fuzzing" "$CLANG not found: run make deps, or apt-get install clang"
	exit 1
}
flags="-g -O1 -std=c99 -Wall -Wextra -Werror -Wno-unused-function
	-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all"

status=0
for src in "$top"/tests/fuzz/*.c; do
	name=$(basename "$src" .c)
	dir=$O/fuzz/$name
	mkdir -p "$dir/corpus"
	# shellcheck disable=SC2086 # flags is a list of words
	if ! $CLANG $flags -o "$dir/$name.tmp" "$src" 2>"$scratch/cc"; then
		fail "fuzz $name: the harness builds" "$(tail -n 5 "$scratch/cc")" \
			"(libFuzzer's runtime is in libclang-rt-NN-dev on Debian)"
		status=1
		continue
	fi
	mv -f "$dir/$name.tmp" "$dir/$name"
	dict=
	[ ! -f "$top/tests/fuzz/$name.dict" ] || dict=-dict=$top/tests/fuzz/$name.dict
	rc=0
	(cd "$dir" && guard "./$name" -close_fd_mask=2 -max_total_time="$secs" -timeout=10 \
		-rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$dir/" $dict \
		corpus "$top/tests/fuzz/$name") >"$dir/log" 2>&1 || rc=$?
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$dir/log")
	rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$dir/log")
	cov=$(sed -n 's/^#[0-9]*[[:space:]]*DONE[[:space:]]*cov: \([0-9]*\).*/\1/p' "$dir/log")
	if [ "$rc" -eq 0 ] && [ -n "$runs" ]; then
		pass "fuzz $name: ${secs} s, ${runs} runs, ${rate} exec/s, ${cov:-?} edges covered, no finding"
	else
		fail "fuzz $name: status $rc; the input is kept: $(ls "$dir"/crash-* "$dir"/leak-* \
			"$dir"/timeout-* "$dir"/oom-* 2>/dev/null | tr '\n' ' ')" \
			"replay: $dir/$name FILE; log: $dir/log" \
			"$(grep -E 'ERROR|SUMMARY|runtime error|Test unit written' "$dir/log" | head -n 8 |
				sed '2,$s/^/      /')"
		status=1
	fi
done
exit "$status"
