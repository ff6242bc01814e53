#!/bin/sh
# distcc: two distccd on 127.0.0.1, each on a port of its own, and make
# repro-check's second build through them (scripts/repro-check.sh with
# REPRO_A, this tree as the first build, and the network left on): a clean
# build of what make all makes, with DISTCC_HOSTS naming both and ccache
# off, in a longer path under $OUT/tests, with another umask, time zone and
# locale. Each daemon's log must show compiles of both the kernel and
# busybox that it ran, and make run's kernel images and the initramfs must
# be this tree's, byte for byte (ten minutes or more). Not the disk image's
# kernel, whose build differs only in its config: a third kernel would make
# this the longest suite by far. The unit suite's repro test packs the ext4
# root and the disk image again from another path.
set -eu
. "$(dirname "$0")/lib.sh"
top=$(cd "$(dirname "$0")/.." && pwd)
: "${O:?}" "${OUT:?}" "${ARCH:?}" "${KERNEL:?}" "${IMAGE_KERNEL:?}" "${DL_DIR:?}"
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

# The second build of make repro-check, through the daemons: a clean build
# of make all's outputs, in a longer path, with another umask, time zone and
# locale and no ccache, compared byte for byte with this tree's own (the
# first build, not built again). It needs the network for distccd, so unlike
# make repro-check's it is not offline: make repro-check is that.
if ! mk -s all >"$scratch/all" 2>&1; then
	fail "make all in the tree under test" "$(tail -n 10 "$scratch/all")"
	exit 1
fi
do=$OUT/tests/distcc-repro
kernels=
for f in "$IMAGE_KERNEL" "$KERNEL"; do
	case " $kernels " in *" ${f#"$OUT"/} "*) ;; *) kernels="$kernels ${f#"$OUT"/}" ;; esac
done
# distccd, run by root, drops to its own user, which must read musl-gcc's
# specs file in the build tree: umask 077 would keep it out, and every
# busybox compile would fall back to this host.
umask_b=077
[ "$(id -u)" -ne 0 ] || umask_b=022
echo "building in $do/b through distcc (log: $do/b.log)" >&2
start=$(date +%s.%N)
# shellcheck disable=SC2086 # kernels is a list of words
if ! build_guard env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL REPRO_A="$O" REPRO_ONLINE=1 REPRO_UMASK="$umask_b" REPRO_TARGETS=all \
	DISTCC_HOSTS="${hosts# }" DL_DIR="$DL_DIR" "$top/scripts/repro-check.sh" "$top" "$do" "$ARCH" $kernels \
	>"$logs/distcc-repro.log" 2>&1; then
	fail "a clean build with DISTCC_HOSTS='${hosts# }' is this tree's, byte for byte" \
		"$(tail -n 25 "$logs/distcc-repro.log")"
	exit 1
fi
echo "TIME: clean build through distcc: $(echo "$(date +%s.%N) - $start" | bc) s"
pass "a clean build with DISTCC_HOSTS='${hosts# }' is this tree's, byte for byte"
for f in $kernels initramfs.cpio.gz; do
	if grep -q "^    identical: $f " "$logs/distcc-repro.log"; then
		pass "$(basename "$f") through distcc is the local build's, byte for byte"
	else
		fail "$(basename "$f") through distcc is the local build's, byte for byte" \
			"$(cat "$logs/distcc-repro.log")"
	fi
done

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
