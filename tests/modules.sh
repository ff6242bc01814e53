#!/bin/sh
# Kernel modules. make run's kernel has none, and the rootfs (the
# initramfs) no /lib/modules. Where the disk image has a kernel of its own
# with modules (x86_64: config/arch/x86_64.disk.fragment, e1000 among
# them), that kernel's package tree holds them with depmod's files, the
# disk's root has them, owned by root, and the disk image booted with an
# e1000 NIC loads the driver with busybox modprobe: the NIC appears, and
# modprobe -r takes it away again. No kernel is built here: the disk's is
# built anyway. (That a LINUX_FRAGMENT with modules gives one kernel for
# both, whose modules the rootfs holds, is the rebuild unit test's.)
set -eu
. "$(dirname "$0")/lib.sh"
result=0 # set to 1 by a failed boot_checks: the suite then fails
top=$(cd "$(dirname "$0")/.." && pwd)
: "${OUT:?}" "${ARCH:?}" "${LINUX_VERSION:?}" "${IMAGE_KERNEL:?}" "${DISK_IMAGE_KERNEL:?}" "${IMAGE_FIRMWARES:?}"

if grep -qx '# CONFIG_MODULES is not set' "$OUT/build/linux/.config" && [ ! -e "$OUT/rootfs/lib/modules" ]; then
	pass "make run's kernel has no module support, and the rootfs no /lib/modules"
else
	fail "make run's kernel has no module support, and the rootfs no /lib/modules"
fi

dconfig=$OUT/build/linux-disk/.config
if [ "$DISK_IMAGE_KERNEL" = "$IMAGE_KERNEL" ] || ! grep -qx CONFIG_MODULES=y "$dconfig"; then
	echo "NOTE: $ARCH's disk image has no kernel of its own with modules (config/arch/$ARCH.mk," \
		"$ARCH.disk.fragment): no module to load"
	exit 0
fi
if ! mk -s image >"$scratch/make" 2>&1; then
	fail "make image" "$(tail -n 10 "$scratch/make")"
	exit 1
fi
expect_steps "a no-op make image prints nothing, modules included" "" mk image

mod=kernel/drivers/net/ethernet/intel/e1000/e1000.ko
moddir=$OUT/pkg/linux-disk/lib/modules/$LINUX_VERSION
if [ -f "$moddir/$mod" ] && grep -q "^$mod:" "$moddir/modules.dep" && [ ! -e "$moddir/build" ] &&
	[ ! -e "$moddir/source" ]; then
	pass "the disk kernel's tree has e1000.ko and modules.dep, and no link to the build tree"
else
	fail "the disk kernel's tree has e1000.ko and modules.dep, and no link to the build tree" \
		"$(cd "$OUT/pkg/linux-disk" && find . 2>&1 | head -n 20)"
fi

# The disk's root: partition 2 of the image.
img=$OUT/disk.img
start=$(sfdisk -d "$img" | sed -n 's/.*img2 : start= *\([0-9]*\), size= *\([0-9]*\).*/\1 \2/p')
dd if="$img" of="$scratch/root" bs=512 skip="${start% *}" count="${start#* }" status=none
st=$(debugfs -R "stat /lib/modules/$LINUX_VERSION/$mod" "$scratch/root" 2>/dev/null | tr -s ' \n' '  ')
case $st in
*"Type: regular"*"User: 0 Group: 0 "*) pass "the disk's root has e1000.ko, owned by root" ;;
*) fail "the disk's root has e1000.ko, owned by root" "${st:-no such file}" ;;
esac
if debugfs -R "cat /lib/modules/$LINUX_VERSION/modules.dep" "$scratch/root" 2>/dev/null | grep -q "^$mod:"; then
	pass "the disk's root has depmod's modules.dep"
else
	fail "the disk's root has depmod's modules.dep"
fi

# Booted from a copy, by the first firmware, with an e1000 NIC beside
# virtio's.
cp "$img" "$scratch/disk.img"
fw=${IMAGE_FIRMWARES%% *}
eval "FIRMWARE_OPTS=\${FIRMWARE_$fw:-}"
DISK=$scratch/disk.img FIRMWARE_OPTS=$FIRMWARE_OPTS QEMU_OPTS="${QEMU_OPTS:-} -netdev user,id=nic1 -device e1000,netdev=nic1" \
	boot_checks "modules boot: " modules "$top/tests/modules.checks" || result=1
exit "$result"
