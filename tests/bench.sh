#!/bin/sh
# bench.sh: print the figures the project aims at, for one architecture:
# clean build times with sources cached, no-op and re-pack times, image
# sizes, and TCG boot times. The clean build goes to $O/bench, so the main
# build is left alone; BENCH_CLEAN=0 skips it and measures the existing $O.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
: "${O:?}" "${DL_DIR:?}" "${ARCH:?}" "${KERNEL:?}" "${IMAGE_KERNEL:?}"
bo=$O/bench
[ "${BENCH_CLEAN:-1}" = 1 ] || bo=$O
out=$bo/$ARCH
kernel=$out/$(basename "$KERNEL")
image_kernel=$out/$(basename "$IMAGE_KERNEL")
mk() { env -u MAKEFLAGS make --no-print-directory -C "$top" O="$bo" ARCH="$ARCH" DL_DIR="$DL_DIR" "$@"; }
now() { date +%s.%N; }
# timed LABEL TARGET...: build TARGETs and print how long it took.
timed() {
	label=$1
	shift
	t0=$(now)
	mk "$@" >"$scratch/make.log" 2>&1 || { cat "$scratch/make.log"; exit 1; }
	t=$(echo "$(now) - $t0" | bc)
	printf '  %-34s %7.1f s\n' "$label" "$t"
	total=$(echo "$total + $t" | bc)
}
scratch=$(mktemp -d "${TMPDIR:-/tmp}/bench.XXXXXX")
trap 'rm -rf "$scratch"' EXIT

echo "$ARCH: build (sources cached, $(nproc) cores):"
mk -s source >/dev/null
total=0
if [ "${BENCH_CLEAN:-1}" = 1 ]; then
	rm -rf "$bo"
	timed "sources unpacked" "$bo/stamps/linux.extracted" "$bo/stamps/musl.extracted" \
		"$bo/stamps/busybox.extracted"
	timed "musl" "$out/stamps/musl.installed"
	timed "linux UAPI headers" "$out/stamps/linux-headers.installed"
	timed "busybox" "$out/stamps/busybox.installed"
	timed "kernel (configure and build)" "$kernel"
	timed "the other packages, rootfs, initramfs" "$out/initramfs.cpio.gz"
	printf '  %-34s %7.1f s\n' "total clean build" "$total"
fi
mk all >/dev/null
timed "no-op make" all
touch "$top/rootfs/etc/issue"
timed "make after a rootfs/ edit" all

echo "Sizes:"
for f in $(printf '%s\n' "$image_kernel" "$kernel" | uniq) "$out/initramfs.cpio.gz"; do
	printf '  %-34s %7d KiB\n' "$(basename "$f")" $(($(wc -c <"$f") / 1024))
done

echo "Boot under TCG, qemu start to (best of 3):"
printf '# Timing only: no checks.\n' >"$scratch/none.checks"
for i in 1 2 3; do
	KERNEL=$kernel INITRD=$out/initramfs.cpio.gz ACCEL=tcg \
		expect -f "$top/tests/boot.exp" "$scratch/none.checks" "$scratch/boot.log" |
		grep '^TIME:' >>"$scratch/times" || true
done
for ev in rcS-done login-prompt shell-prompt; do
	best=$(awk -v e="$ev" '$2 == e { print $3 }' "$scratch/times" | sort -n | head -n 1)
	printf '  %-34s %7s s\n' "$ev" "${best:-?}"
done

echo "App mode (src/hello.c as the app):"
mk "$out/target/hello" >/dev/null
mk APP="$out/target/hello" >/dev/null
app=$(wc -c <"$out/target/hello")
app_gz=$(gzip -9 -n -c "$out/target/hello" | wc -c)
img=$(wc -c <"$out/app/initramfs.cpio.gz")
raw=$(wc -c <"$out/app/initramfs.cpio")
printf '  %-34s %7d B\n' "initramfs.cpio.gz" "$img" "hello itself" "$app" \
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
printf '  %-34s %7s s\n' "qemu start to first output (best of 3)" "${best:-?}"
