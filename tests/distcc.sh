#!/bin/sh
# distcc: two distccd on 127.0.0.1, each on a port of its own, and a clean
# build of the system in a scratch O with DISTCC_HOSTS naming both and
# ccache off. Each daemon's log must show compiles of both the kernel and
# busybox that it ran, and the kernel images and the initramfs must be the
# main build's, byte for byte. The build has its own output dir under
# $OUT/tests, made anew each run (a few minutes).
set -eu
. "$(dirname "$0")/lib.sh"
top=$(cd "$(dirname "$0")/.." && pwd)
: "${OUT:?}" "${ARCH:?}" "${KERNEL:?}" "${IMAGE_KERNEL:?}"
logs=$OUT/tests
mkdir -p "$logs"

# The daemons' logs, where they can write them: run by root, distccd
# drops to its own user.
work=$(mktemp -d "${TMPDIR:-/tmp}/distcc.XXXXXX")
pids=
trap 'for p in $pids; do kill "$p" 2>/dev/null; done; rm -rf "$scratch" "$work"' EXIT
chmod 755 "$work"
mkdir "$work/logs"
chmod 1777 "$work/logs"
# The daemons run the real compiler, as on another machine: not through
# the launchers of the make that runs this test, which are in its PATH.
daemon_path=$(IFS=:; for d in $PATH; do [ -e "$d/.cc-launchers" ] || printf '%s:' "$d"; done)
hosts=
port=13632
for n in 1 2; do
	port=$(free_port "$port")
	env -u CCACHE_DIR -u CCACHE_BASEDIR -u CCACHE_PREFIX -u DISTCC_HOSTS PATH="${daemon_path%:}" \
		distccd --daemon --no-detach --listen 127.0.0.1 --allow 127.0.0.1 --port "$port" --jobs 2 \
		--log-level info --log-file "$work/logs/d$n.log" &
	pids="$pids $!"
	hosts="$hosts 127.0.0.1:$port/2"
	port=$((port + 1))
done
# Until both listen.
for i in $(seq 50); do
	up=0
	for h in $hosts; do
		p=${h#127.0.0.1:}
		! ss -Hltn "sport = :${p%/*}" | grep -q . || up=$((up + 1))
	done
	[ "$up" -lt 2 ] || break
	sleep 0.1
done
if [ "$up" -eq 2 ]; then
	pass "two distccd listen on 127.0.0.1:$hosts"
else
	fail "two distccd listen on 127.0.0.1:$hosts" "$(cat "$work"/logs/*.log 2>&1)"
	exit 1
fi

do=$OUT/tests/distcc-build
rm -rf "$do"
echo "building in $do through distcc (log: $logs/distcc-make.log)" >&2
start=$(date +%s.%N)
if ! build_guard env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make --no-print-directory -C "$top" O="$do" \
	ARCH="$ARCH" ${DL_DIR:+DL_DIR="$DL_DIR"} DISTCC_HOSTS="${hosts# }" CCACHE=0 all \
	>"$logs/distcc-make.log" 2>&1; then
	fail "a clean build with DISTCC_HOSTS='${hosts# }'" "$(tail -n 20 "$logs/distcc-make.log")"
	exit 1
fi
echo "TIME: clean build through distcc: $(echo "$(date +%s.%N) - $start" | bc) s"
pass "a clean build with DISTCC_HOSTS='${hosts# }'"

# What each daemon compiled: its COMPILE_OK lines, by source path.
# count ERE FILE: the lines of FILE that match.
count() { awk -v re="$1" '$0 ~ re { n++ } END { print n + 0 }' "$2"; }
for n in 1 2; do
	l=$work/logs/d$n.log
	cp "$l" "$logs/distccd-$n.log"
	ok=$(count 'COMPILE_OK' "$l")
	kernel=$(count 'COMPILE_OK.*/linux-[^/ ]*/(init|kernel|mm|fs|drivers)/[^ ]*\\.c$' "$l")
	bb=$(count 'COMPILE_OK.*/busybox-[^/ ]*/(libbb|coreutils|shell|networking)/[^ ]*\\.c$' "$l")
	echo "TIME: distccd $n: $ok compiles, $kernel of the kernel's, $bb of busybox's"
	if [ "$kernel" -gt 50 ] && [ "$bb" -gt 20 ]; then
		pass "distccd $n ran kernel and busybox compiles ($kernel and $bb of $ok)"
	else
		fail "distccd $n ran kernel and busybox compiles ($kernel and $bb of $ok)" \
			"$(grep 'COMPILE_OK' "$l" | tail -n 5)" "its log: $logs/distccd-$n.log"
	fi
	# A compile that fails there is done again here (distcc's retry): a
	# warning that -Werror makes fatal can show only in preprocessed code.
	# A compiler the daemon refuses to run is this build's fault.
	refused=$(count 'EXEC_FAILED|CRITICAL|not in the allowed list|not allowed' "$l")
	echo "TIME: distccd $n: $(count 'COMPILE_ERROR' "$l") compiles failed there and were done here"
	if [ "$refused" -eq 0 ]; then
		pass "distccd $n refused no compiler"
	else
		fail "distccd $n refused no compiler" \
			"$(grep -E 'EXEC_FAILED|CRITICAL|allowed' "$l" | head -n 5)"
	fi
done

# The same bytes as the main build, compiled here.
for f in "$IMAGE_KERNEL" "$KERNEL" "$OUT/initramfs.cpio.gz"; do
	two=$do/$ARCH/${f#"$OUT"/}
	if cmp -s "$f" "$two"; then
		pass "$(basename "$f") through distcc is the local build's, byte for byte"
	else
		fail "$(basename "$f") through distcc is the local build's, byte for byte" \
			"$(sha256sum "$f" "$two" 2>&1)"
	fi
done

