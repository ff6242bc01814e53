#!/bin/sh
# distcc: two distccd on 127.0.0.1, each on a port of its own, in a mount
# namespace where this tree and O are empty directories, as on another
# machine. make DISTCC_HOSTS=... in the built tree makes only its launchers
# (nothing is built again), and through those launchers, with ccache off,
# slices of the three builds are compiled again elsewhere: the kernel's
# init/ and mm/ (with the built .config), busybox's libbb/ and coreutils/
# (through this build's musl-gcc) and musl's src/string/ and src/stdio/,
# each in a longer path under $OUT/tests, with another umask, time zone and
# locale. Every object must be the built tree's, byte for byte, and each
# daemon's log must show compiles of all three that it ran: a compile that
# needs a file of this tree (a -specs path) would have failed there and
# been done here. The full second build is make repro-check's.
set -eu
. "$(dirname "$0")/lib.sh"
top=$(cd "$(dirname "$0")/.." && pwd)
: "${O:?}" "${OUT:?}" "${ARCH:?}" "${CROSS_COMPILE:?}" "${LINUX_ARCH:?}" "${LINUX_SRCDIR:?}" "${LINUX_BUILDDIR:?}"
: "${LINUX_BUILD_TIMESTAMP:?}" "${BUSYBOX_SRCDIR:?}" "${BUSYBOX_BUILDDIR:?}" "${MUSL_BUILDDIR:?}" "${TARGET_CC:?}"
: "${HOSTCC:=cc}"
logs=$OUT/tests
mkdir -p "$logs"

# The daemons' logs, where they can write them.
work=$(mktemp -d "${TMPDIR:-/tmp}/distcc.XXXXXX")
pids=
# At the end, the launchers of the tree under test are its own again.
trap 'for p in $pids; do kill "$p" 2>/dev/null; done; mk >/dev/null 2>&1; rm -rf "$scratch" "$work"' EXIT
chmod 755 "$work"
mkdir "$work/logs"
chmod 1777 "$work/logs"
# The daemons run the real compiler, as on another machine: not through
# the launchers of the make that runs this test, which are in its PATH.
daemon_path=$(IFS=:; for d in $PATH; do [ -e "$d/.cc-launchers" ] || printf '%s:' "$d"; done)
# hide CMD...: CMD in a mount namespace with empty directories over this
# tree and O, as a user other than root: as root, by unshare -m (distccd
# drops to its own user); else in a user namespace mapped back to this
# user, which needs unprivileged user namespaces.
hidden=$top
case $O/ in "$top"/*) ;; *) hidden="$hidden $O" ;; esac
hide() {
	if [ "$(id -u)" -eq 0 ]; then
		unshare -m --propagation private sh -c 'for d in $0; do mount -t tmpfs none "$d" || exit 1; done; exec "$@"' "$hidden" "$@"
	else
		unshare -rm --propagation private sh -c 'for d in $0; do mount -t tmpfs none "$d" || exit 1; done
			exec unshare -U --map-user="$1" --map-group="$2" "$@"' "$hidden" "$(id -u)" "$(id -g)" "$@"
	fi
}
if hide sh -c 'for d in $0; do [ -z "$(ls -A "$d")" ] || exit 1; done' "$hidden" 2>"$scratch/hide"; then
	pass "a daemon's view of the host has this tree and O empty"
else
	fail "a daemon's view of the host has this tree and O empty" "$(cat "$scratch/hide")" \
		"(unshare -m as root; as a user, unprivileged user namespaces)"
	exit 1
fi
hosts=
port=13632
for n in 1 2; do
	port=$(free_port "$port")
	hide env -u CCACHE_DIR -u CCACHE_BASEDIR -u CCACHE_PREFIX -u DISTCC_HOSTS PATH="${daemon_path%:}" \
		distccd --daemon --no-detach --listen 127.0.0.1 --allow 127.0.0.1 --port "$port" --jobs 2 \
		--log-level info --log-file "$work/logs/d$n.log" &
	pids="$pids $!"
	hosts="$hosts 127.0.0.1:$port/2"
	port=$((port + 1))
done
# In random order for each compile, so that both daemons get some of
# each slice.
hosts=${hosts# }
dhosts="--randomize $hosts"
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
	pass "two distccd listen on 127.0.0.1: $hosts"
else
	fail "two distccd listen on 127.0.0.1: $hosts" "$(cat "$work"/logs/*.log 2>&1)"
	exit 1
fi

# The built tree's launchers, made for the daemons.
if ! mk -s all >"$scratch/all" 2>&1; then
	fail "make all in the tree under test" "$(tail -n 10 "$scratch/all")"
	exit 1
fi
expect_steps "make DISTCC_HOSTS=... CCACHE=0 in a built tree makes its launchers, nothing else" "LAUNCH" \
	mk CCACHE=0 DISTCC_HOSTS="$dhosts"
cc=$OUT/cc
if [ "$(readlink "$cc/${CROSS_COMPILE}gcc")" = "$(command -v distcc)" ]; then
	pass "the cross compiler, ${CROSS_COMPILE}gcc, goes through distcc"
else
	fail "the cross compiler, ${CROSS_COMPILE}gcc, goes through distcc" "$(ls -l "$cc")"
	exit 1
fi

# The slices, as the Makefile's sub-builds run: its launchers first in PATH,
# its distcc state, no ccache. A compile that failed on a daemon (objtool's
# host tools do, below) would keep distcc off it for a minute: not here.
sl=$OUT/tests/distcc/another/path/for/the/slices
rm -rf "$OUT/tests/distcc"
mkdir -p "$sl"
slice() { # NAME MAKE-ARGUMENTS...: log in $logs/distcc-NAME.log
	name=$1
	shift
	if ! (umask 027 && build_guard env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL -u CCACHE_PREFIX PATH="$cc:$PATH" \
		DISTCC_HOSTS="$dhosts" DISTCC_DIR="$O/distcc" DISTCC_BACKOFF_PERIOD=0 TZ=Pacific/Chatham LC_ALL=C.UTF-8 \
		"$@") >"$logs/distcc-$name.log" 2>&1; then
		fail "the $name slice through distcc builds" "$(tail -n 15 "$logs/distcc-$name.log")"
		return 1
	fi
}
# same NAME BUILT SLICE OBJECT...: each OBJECT in SLICE is BUILT's.
same() {
	name=$1 built=$2 dir=$3
	shift 3
	n=0 differ=
	for f; do
		n=$((n + 1))
		cmp -s "$built/$f" "$dir/$f" || differ="$differ $f"
	done
	if [ "$n" -gt 20 ] && [ -z "$differ" ]; then
		pass "$name: $n objects through distcc, elsewhere, are the built tree's, byte for byte"
	else
		fail "$name: $n objects through distcc, elsewhere, are the built tree's, byte for byte" "differ:$differ"
	fi
}
start=$(date +%s.%N)

# The kernel: its build tree's .config, then init/ and mm/.
k=$sl/linux
mkdir -p "$k"
cp "$LINUX_BUILDDIR/.config" "$k/.config"
set -- make -C "$LINUX_SRCDIR" O="$k" ARCH="$LINUX_ARCH" CROSS_COMPILE="$CROSS_COMPILE" \
	KBUILD_BUILD_USER=build KBUILD_BUILD_HOST=minilinux KBUILD_BUILD_TIMESTAMP="$LINUX_BUILD_TIMESTAMP" \
	KBUILD_BUILD_VERSION=1 KBUILD_BUILD_VERSION_TIMESTAMP= -j4
if slice linux-prepare "$@" olddefconfig prepare && slice linux "$@" init/ mm/; then
	# shellcheck disable=SC2046 # object paths, one word each
	same "the kernel's init/ and mm/" "$LINUX_BUILDDIR" "$k" \
		$(cd "$k" && find init mm -name '*.o' ! -name '*.mod.o' | LC_ALL=C sort)
fi

# busybox, through this build's musl-gcc: its .config, then libbb/ and
# coreutils/ (one goal at a time: its top Makefile is not safe for two).
b=$sl/busybox
mkdir -p "$b"
cp "$BUSYBOX_BUILDDIR/.config" "$b/.config"
set -- make -C "$BUSYBOX_SRCDIR" O="$b" CC="$TARGET_CC" CROSS_COMPILE="$CROSS_COMPILE" HOSTCC="$HOSTCC" \
	KCONFIG_NOTIMESTAMP=1 -j4
if slice busybox "$@" libbb/ && slice busybox-coreutils "$@" coreutils/; then
	# shellcheck disable=SC2046
	same "busybox's libbb/ and coreutils/" "$BUSYBOX_BUILDDIR" "$b" \
		$(cd "$b" && find libbb coreutils -name '*.o' ! -name 'built-in.o' | LC_ALL=C sort)
fi

# musl: its configured build tree's config.mak, then the objects of
# src/string/ and src/stdio/ that the built tree has.
m=$sl/musl
mkdir -p "$m"
cp "$MUSL_BUILDDIR/config.mak" "$m/config.mak"
msrc=$(sed -n 's/^srcdir = //p' "$m/config.mak")
objs=$(cd "$MUSL_BUILDDIR" && find obj/src/string obj/src/stdio -name '*.lo' | LC_ALL=C sort)
# shellcheck disable=SC2086
if slice musl make -C "$m" -f "$msrc/Makefile" -j4 $objs; then
	# shellcheck disable=SC2086
	same "musl's src/string/ and src/stdio/" "$MUSL_BUILDDIR" "$m" $objs
fi
echo "TIME: slices through distcc: $(echo "$(date +%s.%N) - $start" | bc) s"

# What each daemon compiled: its COMPILE_OK lines, by source path.
# count ERE FILE: the lines of FILE that match.
count() { awk -v re="$1" '$0 ~ re { n++ } END { print n + 0 }' "$2"; }
for n in 1 2; do
	l=$work/logs/d$n.log
	cp "$l" "$logs/distccd-$n.log"
	ok=$(count 'COMPILE_OK' "$l")
	kernel=$(count 'COMPILE_OK.*/linux-[^/ ]*/(init|mm)/[^ ]*\\.c$' "$l")
	bb=$(count 'COMPILE_OK.*/busybox-[^/ ]*/(libbb|coreutils)/[^ ]*\\.c$' "$l")
	musl=$(count 'COMPILE_OK.*/musl-[^/ ]*/src/(string|stdio)/[^ ]*\\.c$' "$l")
	echo "TIME: distccd $n: $ok compiles, $kernel of the kernel's, $bb of busybox's, $musl of musl's"
	if [ "$kernel" -gt 5 ] && [ "$bb" -gt 20 ] && [ "$musl" -gt 20 ]; then
		pass "distccd $n ran kernel, busybox and musl compiles ($kernel, $bb and $musl of $ok)"
	else
		fail "distccd $n ran kernel, busybox and musl compiles ($kernel, $bb and $musl of $ok)" \
			"$(grep 'COMPILE_OK' "$l" | tail -n 5)" "its log: $logs/distccd-$n.log"
	fi
	# A compile that fails there is done again here (distcc's retry): a
	# warning that -Werror makes fatal can show only in preprocessed code
	# (objtool's host tools, compiled by this build's gcc launcher, do).
	# A compiler the daemon refuses to run is this build's fault.
	refused=$(count 'EXEC_FAILED|CRITICAL|not in the allowed list|not allowed' "$l")
	failed=$(count 'COMPILE_ERROR' "$l")
	echo "TIME: distccd $n: $failed compiles failed there and were done here"
	if [ "$refused" -eq 0 ]; then
		pass "distccd $n refused no compiler"
	else
		fail "distccd $n refused no compiler" "$(grep -E 'EXEC_FAILED|CRITICAL|allowed' "$l" | head -n 5)"
	fi
done
expect_steps "make without DISTCC_HOSTS makes the launchers again, nothing else" "LAUNCH" mk
