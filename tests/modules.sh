#!/bin/sh
# Kernel modules: the default system has none and no /lib/modules; a
# fragment with CONFIG_MODULES=y and one module (dummy, the dummy network
# driver) builds, through the Makefile, a system whose rootfs holds
# /lib/modules/VERSION with depmod's files, and busybox modprobe loads the
# module in the guest. That build has its own output dir under $OUT/tests,
# kept between runs, as it builds a second kernel (a few minutes the first
# time).
set -eu
. "$(dirname "$0")/lib.sh"
result=0 # set to 1 by a failed boot_checks: the suite then fails
top=$(cd "$(dirname "$0")/.." && pwd)
: "${OUT:?}" "${ARCH:?}" "${LINUX_VERSION:?}" "${KERNEL:?}"
logs=$OUT/tests
mkdir -p "$logs"

if grep -qx '# CONFIG_MODULES is not set' "$OUT/build/linux/.config" && [ ! -e "$OUT/rootfs/lib/modules" ]; then
	pass "the default kernel has no module support, and the rootfs no /lib/modules"
else
	fail "the default kernel has no module support, and the rootfs no /lib/modules"
fi

mo=$OUT/tests/modules-build
mkdir -p "$mo"
# Its architecture's tree in it.
mout=$mo/$ARCH
{
	cat "$top/config/linux.fragment"
	printf '%s\n' CONFIG_MODULES=y CONFIG_MODULE_UNLOAD=y CONFIG_DUMMY=m
} >"$scratch/fragment"
# Only rewritten when it differs, so a second run rebuilds nothing.
cmp -s "$scratch/fragment" "$mo/modules.fragment" || cp "$scratch/fragment" "$mo/modules.fragment"
echo "building the kernel with modules in $mo (log: $logs/modules-make.log)" >&2
if ! build_guard "$top/tests/submake" -C "$top" \
	O="$mo" ARCH="$ARCH" ${DL_DIR:+DL_DIR="$DL_DIR"} LINUX_FRAGMENT="$mo/modules.fragment" >"$logs/modules-make.log" 2>&1; then
	fail "make LINUX_FRAGMENT=... with CONFIG_MODULES=y" "$(tail -n 20 "$logs/modules-make.log")"
	exit 1
fi
pass "make LINUX_FRAGMENT=... with CONFIG_MODULES=y"
moddir=$mout/rootfs/lib/modules/$LINUX_VERSION
if [ -f "$moddir/kernel/drivers/net/dummy.ko" ] && [ -s "$moddir/modules.dep" ] &&
	grep -q '^kernel/drivers/net/dummy.ko:' "$moddir/modules.dep" &&
	[ ! -e "$moddir/build" ]; then
	pass "the staged rootfs has dummy.ko and modules.dep, and no link to the build tree"
else
	fail "the staged rootfs has dummy.ko and modules.dep, and no link to the build tree" \
		"$(cd "$mout/rootfs" && find lib 2>&1 | head -n 20)"
fi
if gzip -dc "$mout/initramfs.cpio.gz" | cpio -it --quiet 2>/dev/null |
	grep -qx "lib/modules/$LINUX_VERSION/kernel/drivers/net/dummy.ko"; then
	pass "the initramfs holds the module"
else
	fail "the initramfs holds the module"
fi

# A no-op make in that tree does nothing, modules included.
status=0
mk O="$mo" LINUX_FRAGMENT="$mo/modules.fragment" >"$scratch/out" 2>&1 || status=$?
if [ "$status" -eq 0 ] && [ ! -s "$scratch/out" ]; then
	pass "a no-op make with modules prints nothing"
else
	fail "a no-op make with modules prints nothing" "$(cat "$scratch/out")"
fi

EXPECT_HOSTNAME=$(cat "$top/rootfs/etc/hostname") KERNEL=$mout/$(basename "$KERNEL") \
	INITRD=$mout/initramfs.cpio.gz \
	boot_checks "modules boot: " modules "$top/tests/modules.checks" || result=1
exit "$result"
