#!/bin/sh
# run.sh: run the test suites, show every result, and end with the line
# "N passed, N failed". Exits 0 only if nothing failed.
# usage: run.sh [unit|fuzz|boot|app|image|modules|distcc]...   (default: all)
# O is the output dir, OUT the architecture's tree in it.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
: "${O:?O must name the output dir}" "${OUT:?OUT must name the architecture's output dir}"
logs=$OUT/tests
mkdir -p "$logs"

suites=
[ $# -gt 0 ] || set -- unit fuzz boot app image modules distcc
for s in "$@"; do
	case $s in
	unit) suites="$suites $(ls "$here"/unit/*.sh)" ;;
	fuzz | boot | app | image | modules | distcc) suites="$suites $here/$s.sh" ;;
	*) echo "run.sh: unknown suite '$s' (unit, fuzz, boot, app, image, modules, distcc)" >&2; exit 2 ;;
	esac
done

passed=0 failed=0
for t in $suites; do
	name=$(basename "$t" .sh)
	printf '  %-8s%s\n' TEST "$name${ARCH:+ ($ARCH)}"
	status=0 start=$(date +%s)
	sh "$t" >"$logs/$name.log" 2>&1 || status=$?
	grep -v '^TIME:' "$logs/$name.log" | sed 's/^/    /' || true
	p=$(grep -c '^PASS:' "$logs/$name.log" || true)
	f=$(grep -c '^FAIL:' "$logs/$name.log" || true)
	# A suite that died without reporting a failure still failed.
	if [ "$status" -ne 0 ] && [ "$f" -eq 0 ]; then
		echo "    FAIL: $name exited with status $status; see $logs/$name.log"
		f=1
	fi
	printf '    %d passed, %d failed, in %d s\n' "$p" "$f" "$(($(date +%s) - start))"
	passed=$((passed + p))
	failed=$((failed + f))
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
