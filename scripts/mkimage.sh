#!/bin/sh
# mkimage.sh: assemble a GPT disk image, without root or loop devices, from
# an ext4 root filesystem image and a kernel. Partition 1 is the EFI system
# partition (FAT) with the kernel and what boots it; partition 2 is the root
# filesystem, found by the kernel as root=PARTUUID=... How it boots is the
# architecture's IMAGE_BOOT:
#   syslinux  BIOS (gptmbr.bin in the MBR, ldlinux.sys, the partition marked
#             legacy-BIOS-bootable) and UEFI (\EFI\BOOT\EFI_BOOT_FILE)
#   uefi      UEFI firmware with its shell: when nothing else boots, the
#             shell runs \startup.nsh, which starts the kernel's EFI stub
#             with the command line
#   extlinux  U-Boot's distro boot, which reads /extlinux/extlinux.conf
set -eu

[ $# -eq 4 ] || {
	echo "usage: $0 OUTPUT KERNEL ROOT-EXT4 SEED   (IMAGE_BOOT, EFI_BOOT_FILE, ROOT_PART_TYPE," \
		"IMAGE_SIZE, IMAGE_CMDLINE, SOURCE_DATE_EPOCH in the environment)" >&2
	exit 2
}
out=$1 kernel=$2 root=$3 seed=$4
here=$(cd "$(dirname "$0")" && pwd)
epoch=${SOURCE_DATE_EPOCH:-0}
: "${IMAGE_BOOT:?IMAGE_BOOT is not set}" "${ROOT_PART_TYPE:?ROOT_PART_TYPE is not set}"
SYSLINUX_DIR=${SYSLINUX_DIR:-/usr/lib/syslinux}
SYSLINUX_EFI=${SYSLINUX_EFI:-/usr/lib/SYSLINUX.EFI/efi64/syslinux.efi}
case $IMAGE_BOOT in
syslinux)
	: "${EFI_BOOT_FILE:?EFI_BOOT_FILE is not set}"
	case $EFI_BOOT_FILE in
	.* | *[!A-Za-z0-9._-]*) echo "mkimage: EFI_BOOT_FILE must be a file's name, not '$EFI_BOOT_FILE'" >&2; exit 2 ;;
	esac
	;;
uefi | extlinux) ;;
*) echo "mkimage: IMAGE_BOOT must be syslinux, uefi or extlinux, not '$IMAGE_BOOT'" >&2; exit 2 ;;
esac

tmp=$(mktemp -d "${TMPDIR:-/tmp}/mkimage.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM

root_uuid=$("$here/uuid.sh" "$seed" root-partition)
mib() { echo $(( ($1 + 1048575) / 1048576 )); }

# The ESP holds the kernel, the boot files and 1 MiB to spare.
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

# The ESP's files, each with the epoch as its time, so that the image is
# reproducible: FILE:DIR pairs for mcopy.
name=$(basename "$kernel")
cmdline="root=PARTUUID=$root_uuid rootfstype=ext4 rootwait rw init=/init ${IMAGE_CMDLINE:-}"
mkdir "$tmp/esp"
cp "$kernel" "$tmp/esp/$name"
files="$name:/"
case $IMAGE_BOOT in
syslinux)
	# One boot configuration for BIOS and one beside the EFI loader.
	cat >"$tmp/esp/syslinux.cfg" <<CFG
SERIAL 0 115200
PROMPT 0
TIMEOUT 0
DEFAULT linux
LABEL linux
  KERNEL /$name
  APPEND $cmdline
CFG
	cp "$SYSLINUX_EFI" "$tmp/esp/$EFI_BOOT_FILE"
	cp "$SYSLINUX_DIR/modules/efi64/ldlinux.e64" "$tmp/esp/ldlinux.e64"
	files="$files syslinux.cfg:/ $EFI_BOOT_FILE:/EFI/BOOT ldlinux.e64:/EFI/BOOT syslinux.cfg:/EFI/BOOT"
	;;
uefi)
	# The shell passes the whole line, the kernel's path first, as the
	# command line: a word with a dot in it is one the kernel ignores.
	mv "$tmp/esp/$name" "$tmp/esp/$name.efi"
	files="$name.efi:/ startup.nsh:/"
	printf 'fs0:\r\n\\%s.efi %s\r\n' "$name" "$cmdline" >"$tmp/esp/startup.nsh"
	;;
extlinux)
	cat >"$tmp/esp/extlinux.conf" <<CFG
DEFAULT linux
TIMEOUT 0
LABEL linux
  KERNEL /$name
  APPEND $cmdline
CFG
	files="$files extlinux.conf:/extlinux"
	;;
esac
touch -d "@$epoch" "$tmp/esp"/*
# FAT keeps local times: UTC, whatever the builder's time zone, so that
# the ESP's bytes do not depend on it.
export MTOOLS_SKIP_CHECK=1 SOURCE_DATE_EPOCH="$epoch" TZ=UTC
esp=$tmp/esp.img
mkfs.vfat -C --invariant -i "$("$here/uuid.sh" -x "$seed" esp)" -n EFI "$esp" $((esp_mib * 1024)) >/dev/null
made=/
for f in $files; do
	dir=${f#*:} sub=
	for part in $(echo "$dir" | tr / ' '); do
		sub=$sub/$part
		case " $made " in *" $sub "*) continue ;; esac
		mmd -i "$esp" "::$sub"
		made="$made $sub"
	done
	mcopy -m -i "$esp" "$tmp/esp/${f%%:*}" "::$dir/"
done
[ "$IMAGE_BOOT" != syslinux ] || syslinux --install "$esp"

# A new file, never one a killed run left, which may be linked elsewhere.
rm -f "$out.tmp"
truncate -s "${total_mib}M" "$out.tmp"
sfdisk -q "$out.tmp" <<PARTS
label: gpt
label-id: $("$here/uuid.sh" "$seed" disk)
first-lba: 2048
start=1MiB, size=${esp_mib}MiB, type=C12A7328-F81F-11D2-BA4B-00A0C93EC93B, uuid=$("$here/uuid.sh" "$seed" esp-partition), name="EFI system", attrs="LegacyBIOSBootable"
start=$((1 + esp_mib))MiB, size=${root_mib}MiB, type=$ROOT_PART_TYPE, uuid=$root_uuid, name="root"
PARTS
dd if="$esp" of="$out.tmp" bs=1M seek=1 conv=notrunc status=none
dd if="$root" of="$out.tmp" bs=1M seek=$((1 + esp_mib)) conv=notrunc status=none
# BIOS boot code: it loads the partition marked LegacyBIOSBootable.
[ "$IMAGE_BOOT" != syslinux ] ||
	dd if="$SYSLINUX_DIR/mbr/gptmbr.bin" of="$out.tmp" bs=440 count=1 conv=notrunc status=none
mv -f "$out.tmp" "$out"
