#!/bin/sh
# bench.sh: print the figures the project aims at, for one architecture:
# clean build times with sources cached, then again from a full ccache
# after make clean, and of the machine's yardstick (the kernel's tinyconfig),
# no-op and re-pack times, image sizes, TCG boot times.
# The clean build goes to $O/bench, so the main build is left alone;
# BENCH_CLEAN=0 skips it and measures the existing $O. Side by side with
# ratios, against BENCH_SEED=1, the seed way (a defconfig kernel and
# busybox's defconfig, built the same way: 20 to 30 minutes more), and
# BENCH_BASE=REV, this project at an earlier commit (built from git archive).
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
: "${O:?}" "${DL_DIR:?}" "${ARCH:?}" "${KERNEL:?}" "${INITRD:?}" "${INFO:?INFO must name make info's info.json}"
# What it needs of the build, by key, from make info's model.
# shellcheck disable=SC2016 # jq's variables
eval "$(jq -r '.arch_vars as $a | .packages as $p |
	@sh "IMAGE_KERNEL=\(.artifacts.kernel) LINUX_ARCH=\($a.LINUX_ARCH) LINUX_IMAGE=\($a.LINUX_IMAGE)" +
	@sh " CROSS_COMPILE=\($a.CROSS_COMPILE) LINUX_VERSION=\($p.linux.version)" +
	@sh " BUSYBOX_VERSION=\($p.busybox.version) JOBS=\(.settings.JOBS)"' "$INFO")"
bo=$O/bench
[ "${BENCH_CLEAN:-1}" = 1 ] || bo=$O
out=$bo/$ARCH
kernel=$out/$(basename "$KERNEL")
image_kernel=$out/$(basename "$IMAGE_KERNEL")
# The jobs of this make, for the seed's sub-builds.
jobs=${JOBS:-$(nproc)}
mk() { "$top/tests/submake" -C "$top" O="$bo" ARCH="$ARCH" DL_DIR="$DL_DIR" "$@"; }
# kmake DIR ARG...: the kernel's own make, from the bench tree's source, in DIR.
kmake() {
	d=$1
	shift
	make -C "$bo/src/linux-$LINUX_VERSION" O="$d" ARCH="$LINUX_ARCH" CROSS_COMPILE="$CROSS_COMPILE" "$@"
}
now() { date +%s.%N; }
# timed LABEL CMD...: run CMD, print how long it took, add it to $total and
# keep it in $last.
timed() {
	label=$1
	shift
	t0=$(now)
	"$@" >"$scratch/make.log" 2>&1 || { cat "$scratch/make.log"; exit 1; }
	last=$(echo "$(now) - $t0" | bc)
	printf '  %-38s %7.1f s\n' "$label" "$last"
	total=$(echo "$total + $last" | bc)
}
scratch=$(mktemp -d "${TMPDIR:-/tmp}/bench.XXXXXX")
trap 'rm -rf "$scratch"' EXIT
trap 'exit 130' INT TERM
if [ -n "${BENCH_BASE:-}" ]; then
	base_rev=$(git -C "$top" rev-parse --verify -q "$BENCH_BASE^{commit}") || {
		echo "bench: BENCH_BASE=$BENCH_BASE: no such commit in $top" >&2
		exit 2
	}
fi
case ${BENCH_SEED:-0} in 0 | 1) ;; *) echo "bench: BENCH_SEED must be 0 or 1" >&2; exit 2 ;; esac

# boot_time KERNEL INITRD: five TCG boots, each timed from qemu's start by
# this tree's qemu command line and harness. Quiet, the kernel prints
# nothing of /init, so its time is worked out: the guest's clock reads
# rcS's uptime when the host sees rcS's line, which puts the guest's zero
# on the host's clock, and the kernel's log (/dev/kmsg, every level, each
# record with its microseconds) says when on the guest's clock it ran init.
cat >"$scratch/timing.checks" <<'EOF'
# Timing only: the kernel's record of running init, read in the transcript.
check_re "the kernel logged when it ran init" {grep -m 1 ';Run /.* as init process' /dev/kmsg} {^[0-9]+,[0-9]+,[0-9]+,[^;]*;Run /}
EOF
boot_time() {
	: >"$scratch/times"
	for i in 1 2 3 4 5; do
		KERNEL=$1 INITRD=$2 ACCEL=tcg expect -f "$top/tests/boot.exp" "$scratch/timing.checks" \
			"$scratch/boot.log" >"$scratch/boot.out" || { cat "$scratch/boot.out" >&2; return 1; }
		grep '^TIME:' "$scratch/boot.out" >>"$scratch/times"
		tr -d '\r' <"$scratch/boot.log" | awk '
			/^TIME: rcS-done / { host = $3 }
			match($0, /rcS: system up in [0-9.]+s/) { up = substr($0, RSTART + 18, RLENGTH - 19) }
			/^[0-9]+,[0-9]+,[0-9]+,[^;]*;Run \// { split($0, f, ","); init = f[3] / 1e6 }
			END {
				if (up != "") print "TIME: rcS-uptime", up
				if (up != "" && init != "" && host != "") printf "TIME: init %.2f\n", host - up + init
			}' "$scratch/boot.out" - >>"$scratch/times"
	done
}
# median EVENT: the median of the boots' times of EVENT.
median() {
	awk -v e="$1" '$2 == e { print $3 }' "$scratch/times" | sort -n |
		awk '{ v[NR] = $1 } END { if (NR) print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; else print "?" }'
}
size() { wc -c <"$1"; }

echo "$ARCH: build (sources cached, $(nproc) cores):"
mk -s source >/dev/null
total=0
clean_build=
if [ "${BENCH_CLEAN:-1}" = 1 ]; then
	rm -rf "$bo" "$O/bench.ccache"
	# An empty cache of its own, when ccache is there: the first build is
	# a cold one, as on a new machine.
	export CCACHE_DIR="$O/bench.ccache"
	timed "sources unpacked" mk "$bo/stamps/linux.extracted" "$bo/stamps/musl.extracted" \
		"$bo/stamps/busybox.extracted"
	timed "musl" mk "$out/stamps/musl.installed"
	musl_time=$last
	timed "linux UAPI headers" mk "$out/stamps/linux-headers.installed"
	headers_time=$last
	timed "busybox" mk "$out/stamps/busybox.installed"
	timed "kernel (configure and build)" mk "$kernel"
	kernel_cold=$last
	timed "the other packages, rootfs, initramfs" mk "$out/initramfs.cpio.gz"
	clean_build=$total
	printf '  %-38s %7.1f s\n' "total clean build" "$total"
	if command -v ccache >/dev/null 2>&1; then
		mk clean >/dev/null
		total=0
		timed "after make clean, from ccache: kernel" mk "$kernel"
		kernel_hot=$last
		timed "  and the rest" mk all
		hot=$(echo "$total" | bc)
		printf '  %-38s %7.1f s  (%.1fx faster; the kernel %.1fx)\n' "total, from ccache" "$hot" \
			"$(echo "$clean_build / $hot" | bc -l)" "$(echo "$kernel_cold / $kernel_hot" | bc -l)"
	else
		echo "  (ccache is not installed: no build from the cache)"
	fi
	unset CCACHE_DIR
	# The machine's yardstick: the kernel's tinyconfig, from the same
	# source, compiled rather than from a cache. Build times differ
	# twofold from one machine to the next; the ratio to it travels.
	tiny=$O/bench-yardstick
	rm -rf "$tiny"
	tiny_kernel() { kmake "$tiny" tinyconfig && kmake "$tiny" -j"$jobs" "$(basename "$LINUX_IMAGE")"; }
	total=0
	export CCACHE_DISABLE=1
	timed "yardstick: a tinyconfig kernel" tiny_kernel
	unset CCACHE_DISABLE
	rm -rf "$tiny"
	printf '  %-38s %7.2fx\n' "the kernel's clean build over it" "$(echo "$kernel_cold / $last" | bc -l)"
fi
mk all >/dev/null
total=0
timed "no-op make" mk all
touch "$top/rootfs/etc/issue"
timed "make after a rootfs/ edit" mk all

echo "Sizes:"
for f in $(printf '%s\n' "$image_kernel" "$kernel" | uniq) "$out/initramfs.cpio.gz"; do
	printf '  %-38s %7d KiB\n' "$(basename "$f")" $(($(size "$f") / 1024))
done

echo "Boot under TCG, qemu start to (median of 5):"
boot_time "$kernel" "$out/initramfs.cpio.gz"
cur_boot=$(median login-prompt)
printf '  %-38s %7s s\n' "/init (worked out: see boot_time)" "$(median init)" \
	"rcS-done" "$(median rcS-done)" "login-prompt" "$(median login-prompt)" \
	"shell-prompt" "$(median shell-prompt)" "rcS's uptime, on the guest's clock" "$(median rcS-uptime)"

echo "App mode (src/hello.c as the app):"
mk "$out/target/hello" >/dev/null
mk APP="$out/target/hello" >/dev/null
app=$(size "$out/target/hello")
app_gz=$(gzip -9 -n -c "$out/target/hello" | wc -c)
img=$(size "$out/app/initramfs.cpio.gz")
raw=$(size "$out/app/initramfs.cpio")
printf '  %-38s %7d B\n' "initramfs.cpio.gz" "$img" "hello itself" "$app" \
	"initramfs.cpio.gz less hello, gzipped" $((img - app_gz)) \
	"initramfs.cpio (no gzip) less hello" $((raw - app))
best=
for i in 1 2 3; do
	t=$(ACCEL=tcg QUIET_RUN=1 expect -c '
		set timeout 60
		log_user 0
		set start [clock milliseconds]
		spawn -noecho '"$out/app/run"'
		expect { "hello from app mode" {} timeout { exit 1 } eof { exit 1 } }
		puts [format %.2f [expr {([clock milliseconds] - $start) / 1000.0}]]
		catch { expect eof }') || continue
	best=$(printf '%s\n' $best "$t" | sort -n | head -n 1)
done
printf '  %-38s %7s s\n' "qemu start to first output (best of 3)" "${best:-?}"

[ "${BENCH_SEED:-0}" = 1 ] || [ -n "${BENCH_BASE:-}" ] || exit 0

# --- Side by side -------------------------------------------------------------
# Each: clean build seconds, kernel bytes, initramfs bytes, boot seconds.
[ -n "$clean_build" ] || { echo "bench: the comparisons need the clean build (BENCH_CLEAN=1)" >&2; exit 2; }
cols="this tree"
row_build=$clean_build row_kernel=$(size "$image_kernel") row_initrd=$(size "$out/initramfs.cpio.gz")
row_boot=$cur_boot

# The seed way: the kernel's defconfig and busybox's defconfig (static,
# against this tree's musl), from the same patched sources, staged and
# packed from the same rootfs/ and config/ by the same scripts.
seed_kernel() {
	kmake "$seed/linux" defconfig && kmake "$seed/linux" -j"$jobs" "$(basename "$LINUX_IMAGE")"
}
seed_busybox() {
	bm="make -C $bo/src/busybox-$BUSYBOX_VERSION O=$seed/busybox CROSS_COMPILE=$CROSS_COMPILE CC=$out/sysroot/bin/musl-gcc"
	mkdir -p "$seed/busybox"
	$bm defconfig &&
		sed -i 's/^# CONFIG_STATIC is not set$/CONFIG_STATIC=y/' "$seed/busybox/.config" &&
		yes "" | $bm oldconfig &&
		$bm -j"$jobs" busybox && $bm CONFIG_PREFIX="$seed/busybox-root" install
}
seed_initramfs() {
	TINY_INIT= ROOTFS_OVERLAY= POST_BUILD= "$top/scripts/mkrootfs.sh" "$seed/rootfs" "$top/rootfs" \
		"$top/config" "$top/config/permissions" "$seed/busybox-root" &&
		"$O/host/mkcpio" -t "${SOURCE_DATE_EPOCH:-0}" -p "$seed/rootfs.permissions" -o "$seed/initramfs.cpio" \
			"$seed/rootfs" && gzip -n -9 -f "$seed/initramfs.cpio"
}
if [ "${BENCH_SEED:-0}" = 1 ]; then
	echo "The seed way (defconfig kernel, busybox's defconfig), a clean build:"
	seed=$O/bench-seed
	rm -rf "$seed"
	mkdir -p "$seed"
	total=0
	# Compiled, as the seed was: not from a cache.
	export CCACHE_DISABLE=1
	timed "kernel defconfig (configure and build)" seed_kernel
	timed "busybox defconfig" seed_busybox
	timed "rootfs, initramfs" seed_initramfs
	unset CCACHE_DISABLE
	# musl and the headers are this tree's build: their time counts too.
	seed_build=$(echo "$total + $musl_time + $headers_time" | bc)
	boot_time "$seed/linux/$LINUX_IMAGE" "$seed/initramfs.cpio.gz"
	cols="$cols|seed"
	row_build="$row_build|$seed_build" row_kernel="$row_kernel|$(size "$seed/linux/$LINUX_IMAGE")"
	row_initrd="$row_initrd|$(size "$seed/initramfs.cpio.gz")" row_boot="$row_boot|$(median login-prompt)"
fi

# An earlier commit: its tree from git archive, built clean in O of its own
# (the same download cache), booted as this tree boots its own build.
if [ -n "${BENCH_BASE:-}" ]; then
	short=$(git -C "$top" rev-parse --short "$base_rev")
	case $base_rev in "$BENCH_BASE"*) named=$short ;; *) named="$short ($BENCH_BASE)" ;; esac
	echo "This project at $named, a clean build:"
	bsrc=$O/bench-base/src bout=$O/bench-base/out
	rm -rf "$O/bench-base"
	mkdir -p "$bsrc"
	git -C "$top" archive "$base_rev" | tar -x -C "$bsrc"
	bmk() { CCACHE_DISABLE=1 "$top/tests/submake" -C "$bsrc" O="$bout" ARCH="$ARCH" DL_DIR="$DL_DIR" CCACHE=0 "$@"; }
	bmk -s source >/dev/null 2>&1 || { echo "bench: make source at $short failed" >&2; exit 1; }
	rm -rf "$bout"
	total=0
	timed "clean build (make all)" bmk all
	bk=$bout/$ARCH/$(basename "$IMAGE_KERNEL") bi=$bout/$ARCH/initramfs.cpio.gz
	br=$bout/$ARCH/$(basename "$KERNEL")
	[ -f "$br" ] || br=$bk
	boot_time "$br" "$bi"
	cols="$cols|$short"
	row_build="$row_build|$total" row_kernel="$row_kernel|$(size "$bk")"
	row_initrd="$row_initrd|$(size "$bi")" row_boot="$row_boot|$(median login-prompt)"
fi

# A table: each figure, then each other column and its ratio to this tree's.
echo "Side by side (ratio: the other's figure over this tree's):"
printf '%s\n' "$cols" "clean build (s)|$row_build" "kernel image (KiB)|$row_kernel" \
	"initramfs.cpio.gz (KiB)|$row_initrd" "boot to login prompt (s)|$row_boot" |
	awk -F'|' 'NR == 1 { printf "  %-26s %10s", "", $1; for (i = 2; i <= NF; i++) printf " %10s %7s", $i, "ratio"; print ""; next }
	{
		kib = ($1 ~ /KiB/)
		printf "  %-26s %10s", $1, kib ? sprintf("%d", $2 / 1024) : sprintf("%.2f", $2)
		for (i = 3; i <= NF; i++)
			printf " %10s %6.2fx", kib ? sprintf("%d", $i / 1024) : sprintf("%.2f", $i), ($2 > 0) ? $i / $2 : 0
		print ""
	}'
