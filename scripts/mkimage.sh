#!/bin/sh
# mkimage.sh: assemble a GPT disk image, without root or loop devices, from
# an ext4 root filesystem image and a kernel. Partition 1 is the EFI system
# partition (FAT) with the kernel and syslinux for both BIOS (ldlinux.sys,
# gptmbr.bin in the MBR) and UEFI (\EFI\BOOT\BOOTX64.EFI); partition 2 is
# the root filesystem, found by the kernel as root=PARTUUID=...
set -eu

[ $# -eq 4 ] || {
	echo "usage: $0 OUTPUT KERNEL ROOT-EXT4 SEED   (IMAGE_SIZE, IMAGE_CMDLINE, SOURCE_DATE_EPOCH in the environment)" >&2
	exit 2
}
out=$1 kernel=$2 root=$3 seed=$4
here=$(cd "$(dirname "$0")" && pwd)
epoch=${SOURCE_DATE_EPOCH:-0}
SYSLINUX_DIR=${SYSLINUX_DIR:-/usr/lib/syslinux}
SYSLINUX_EFI=${SYSLINUX_EFI:-/usr/lib/SYSLINUX.EFI/efi64/syslinux.efi}

tmp=$(mktemp -d "${TMPDIR:-/tmp}/mkimage.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM

root_uuid=$("$here/uuid.sh" "$seed" root-partition)
mib() { echo $(( ($1 + 1048575) / 1048576 )); }

# The ESP holds the kernel, syslinux and 1 MiB to spare.
esp_mib=$(( $(mib "$(wc -c <"$kernel")") + 2 ))
root_mib=$(mib "$(wc -c <"$root")")
# 1 MiB before the first partition, 1 MiB at the end for the backup GPT.
need_mib=$((1 + esp_mib + root_mib + 1))
total_mib=$need_mib
if [ -n "${IMAGE_SIZE:-}" ]; then
	case $IMAGE_SIZE in
	*[!0-9]*) echo "mkimage: IMAGE_SIZE must be a number of MiB, not '$IMAGE_SIZE'" >&2; exit 1 ;;
	esac
	if [ "$IMAGE_SIZE" -lt "$need_mib" ]; then
		echo "mkimage: IMAGE_SIZE=$IMAGE_SIZE MiB is too small: the content needs at least $need_mib MiB" >&2
		exit 1
	fi
	total_mib=$IMAGE_SIZE
	root_mib=$((total_mib - 2 - esp_mib))
	# Grow the root filesystem into the partition it gets.
	cp "$root" "$tmp/root.ext4"
	root=$tmp/root.ext4
	E2FSPROGS_FAKE_TIME=$epoch resize2fs -f "$root" "${root_mib}M" >"$tmp/log" 2>&1 || {
		cat "$tmp/log" >&2; exit 1; }
	truncate -s "${root_mib}M" "$root"
fi

# The boot configuration, one for BIOS and one beside BOOTX64.EFI.
cat >"$tmp/syslinux.cfg" <<CFG
SERIAL 0 115200
PROMPT 0
TIMEOUT 0
DEFAULT linux
LABEL linux
  KERNEL /bzImage
  APPEND root=PARTUUID=$root_uuid rootfstype=ext4 rootwait rw init=/init ${IMAGE_CMDLINE:-console=ttyS0}
CFG

# Files go in with the epoch as their time, so the image is reproducible.
cp "$kernel" "$tmp/bzImage"
cp "$SYSLINUX_EFI" "$tmp/BOOTX64.EFI"
cp "$SYSLINUX_DIR/modules/efi64/ldlinux.e64" "$tmp/ldlinux.e64"
touch -d "@$epoch" "$tmp/bzImage" "$tmp/BOOTX64.EFI" "$tmp/ldlinux.e64" "$tmp/syslinux.cfg"
export MTOOLS_SKIP_CHECK=1 SOURCE_DATE_EPOCH="$epoch"
esp=$tmp/esp.img
mkfs.vfat -C --invariant -i "$("$here/uuid.sh" -x "$seed" esp)" -n EFI "$esp" $((esp_mib * 1024)) >/dev/null
mmd -i "$esp" ::/EFI ::/EFI/BOOT
mcopy -m -i "$esp" "$tmp/bzImage" "$tmp/syslinux.cfg" ::/
mcopy -m -i "$esp" "$tmp/BOOTX64.EFI" "$tmp/ldlinux.e64" "$tmp/syslinux.cfg" ::/EFI/BOOT/
syslinux --install "$esp"

truncate -s 0 "$out.tmp"
truncate -s "${total_mib}M" "$out.tmp"
sfdisk -q "$out.tmp" <<PARTS
label: gpt
label-id: $("$here/uuid.sh" "$seed" disk)
first-lba: 2048
start=1MiB, size=${esp_mib}MiB, type=C12A7328-F81F-11D2-BA4B-00A0C93EC93B, uuid=$("$here/uuid.sh" "$seed" esp-partition), name="EFI system", attrs="LegacyBIOSBootable"
start=$((1 + esp_mib))MiB, size=${root_mib}MiB, type=4F68BCE3-E8CD-4DB1-96E7-FBCAF984B709, uuid=$root_uuid, name="root"
PARTS
dd if="$esp" of="$out.tmp" bs=1M seek=1 conv=notrunc status=none
dd if="$root" of="$out.tmp" bs=1M seek=$((1 + esp_mib)) conv=notrunc status=none
# BIOS boot code: it loads the partition marked LegacyBIOSBootable.
dd if="$SYSLINUX_DIR/mbr/gptmbr.bin" of="$out.tmp" bs=440 count=1 conv=notrunc status=none
mv -f "$out.tmp" "$out"
