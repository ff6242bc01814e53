#!/bin/sh
# Disk image tests, as a user would check the result: the partition table,
# fsck of both filesystems, owners and device nodes, a boot through each of
# the architecture's firmwares (BIOS, then UEFI, on x86_64) from the same
# image with a file kept across them, a clean filesystem after poweroff.
# Unless ARCH_ONLY=1 (make test-arch), also what does not depend on the
# architecture: the failures (a too-small IMAGE_SIZE, a broken boot
# configuration), an unprivileged build, reproducibility, and a rootfs/
# edit rebuilding the image but not the kernel.
set -eu
. "$(dirname "$0")/lib.sh"
result=0 # set to 1 by a failed boot_checks: the suite then fails
top=$(cd "$(dirname "$0")/.." && pwd)
: "${OUT:?}" "${MKCPIO:?}" "${DISK_IMAGE_KERNEL:?}" "${IMAGE_BOOT:?}" "${ROOT_PART_TYPE:?}" "${IMAGE_FIRMWARES:?}"
export PATH="$PATH:/usr/sbin:/sbin"
logs=$OUT/tests
mkdir -p "$logs"
id=$(sed -n 's/^IMAGE_ID ?= //p' "$top/config/image.mk")
ROOT_PARTUUID=$("$top/scripts/uuid.sh" "$id" root-partition)
EXPECT_HOSTNAME=$(cat "$top/rootfs/etc/hostname")
PERSIST="kept-$$"
export ROOT_PARTUUID EXPECT_HOSTNAME PERSIST

if ! mk image >"$scratch/make" 2>&1; then
	fail "make image" "$(tail -n 10 "$scratch/make")"
	exit 1
fi
img=$OUT/disk.img
kname=$(basename "$DISK_IMAGE_KERNEL")

# Partitions: an ESP marked bootable for BIOS, then the root.
sfdisk -d "$img" >"$scratch/parts"
row() {
	if grep -q -- "$2" "$scratch/parts"; then pass "$1"; else fail "$1" "$(cat "$scratch/parts")"; fi
}
row "sfdisk: a GPT label" "^label: gpt"
row "sfdisk: partition 1 is an EFI system partition, BIOS-bootable" \
	'img1 : start= *2048,.*type=C12A7328-F81F-11D2-BA4B-00A0C93EC93B,.*name="EFI system", attrs="LegacyBIOSBootable"'
row "sfdisk: partition 2 is the architecture's root type, with the derived PARTUUID" \
	"img2 : .*type=$ROOT_PART_TYPE, uuid=$(echo "$ROOT_PARTUUID" | tr a-f A-F), name=\"root\""

# Each partition, cut out of the image, passes its fsck.
part() { # part N FILE [IMAGE]: partition N of IMAGE (default: the built one) to FILE
	src=${3:-$img}
	start=$(sfdisk -d "$src" | sed -n "s/.*img$1 : start= *\([0-9]*\), size= *\([0-9]*\).*/\1 \2/p")
	dd if="$src" of="$2" bs=512 skip="${start% *}" count="${start#* }" status=none
}
part 1 "$scratch/esp"
part 2 "$scratch/root"
expect_ok "fsck.vfat -n: the ESP is clean" fsck.vfat -n "$scratch/esp"
expect_ok "e2fsck -fn: the root is clean" e2fsck -fn "$scratch/root"
case $IMAGE_BOOT in
syslinux) esp_files="::/$kname ::/syslinux.cfg ::/ldlinux.sys ::/EFI/BOOT/$EFI_BOOT_FILE ::/EFI/BOOT/syslinux.cfg"
	boot_cfg=::/syslinux.cfg ;;
uefi) esp_files="::/$kname.efi ::/startup.nsh" boot_cfg=::/startup.nsh ;;
extlinux) esp_files="::/$kname ::/extlinux/extlinux.conf" boot_cfg=::/extlinux/extlinux.conf ;;
esac
for f in $esp_files; do
	expect_ok "the ESP holds ${f#::}" mdir -a -i "$scratch/esp" "$f"
done
stat_of() { debugfs -R "stat $1" "$scratch/root" 2>/dev/null | tr -s ' ' | head -n 3 | tr '\n' ' '; }
case $(stat_of /etc/shadow) in
*"Type: regular Mode: 0600 "*"User: 0 Group: 0 "*) pass "ext4: /etc/shadow is 0:0, mode 0600" ;;
*) fail "ext4: /etc/shadow is 0:0, mode 0600" "$(stat_of /etc/shadow)" ;;
esac
case $(debugfs -R "stat /dev/console" "$scratch/root" 2>/dev/null | tr -s ' ' | tr '\n' ' ') in
*"Type: character special Mode: 0600 "*"User: 0 Group: 0 "*"Device major/minor number: 05:01"*)
	pass "ext4: /dev/console is a 5,1 character device owned by 0:0" ;;
*) fail "ext4: /dev/console is a 5,1 character device owned by 0:0" "$(stat_of /dev/console)" ;;
esac
n=$(debugfs -R "ls -l /etc" "$scratch/root" 2>/dev/null | awk 'NF > 5 && ($4 != 0 || $5 != 0)' | wc -l)
if [ "$n" -eq 0 ]; then pass "ext4: everything in /etc is 0:0"; else fail "ext4: everything in /etc is 0:0" "$n entries are not"; fi

# Boot a copy through the first firmware, write a file, power off; then
# through each other firmware, find it.
cp "$img" "$scratch/disk.img"
checks=image.checks
for fw in $IMAGE_FIRMWARES; do
	eval "FIRMWARE_OPTS=\${FIRMWARE_$fw:-}"
	DISK=$scratch/disk.img FIRMWARE_OPTS=$FIRMWARE_OPTS \
		boot_checks "$fw boot: " "image-$fw" "$top/tests/$checks" || result=1
	# The booted copy, not the image as built.
	part 2 "$scratch/root" "$scratch/disk.img"
	expect_ok "e2fsck -fn: clean after poweroff ($fw)" e2fsck -fn "$scratch/root"
	# e2fsck -n passes a journal that still needs replaying: the flag says it.
	features=$(dumpe2fs -h "$scratch/root" 2>/dev/null | grep '^Filesystem features:') || features=
	case $features in
	'') fail "poweroff leaves the journal replayed ($fw)" "dumpe2fs -h gave no features line" ;;
	*needs_recovery*) fail "poweroff leaves the journal replayed ($fw)" "$features" ;;
	*) pass "poweroff leaves the journal replayed ($fw): no needs_recovery" ;;
	esac
	checks=image-again.checks
done
[ "${ARCH_ONLY:-0}" != 1 ] || exit "$result"

# A broken boot configuration: the root's PARTUUID is wrong.
cp "$img" "$scratch/broken.img"
part 1 "$scratch/esp"
mcopy -n -i "$scratch/esp" "$boot_cfg" "$scratch/boot.cfg"
sed -i "s/root=PARTUUID=[0-9a-f-]*/root=PARTUUID=00000000-0000-4000-8000-000000000000/; s/ rootwait//" \
	"$scratch/boot.cfg"
mcopy -o -i "$scratch/broken.img@@1M" "$scratch/boot.cfg" "$boot_cfg"
fw=$(echo "$IMAGE_FIRMWARES" | cut -d' ' -f1)
eval "FIRMWARE_OPTS=\${FIRMWARE_$fw:-}"
if DISK=$scratch/broken.img FIRMWARE_OPTS=$FIRMWARE_OPTS BOOT_TIMEOUT=60 guard expect -f "$top/tests/boot.exp" \
	"$top/tests/image.checks" "$logs/broken-image.transcript" >"$scratch/broken.out"; then
	fail "a broken boot configuration fails the boot test" "$(cat "$scratch/broken.out")"
elif grep -q '^FAIL: boot reaches the login prompt' "$scratch/broken.out"; then
	pass "a broken boot configuration fails the boot test"
else
	fail "a broken boot configuration fails the boot test" "$(cat "$scratch/broken.out")"
fi

expect_error "a too-small IMAGE_SIZE is refused, saying what is needed" \
	"too small: the content needs at least" mk image IMAGE_SIZE=4
expect_error "a non-numeric IMAGE_SIZE is refused" "must be a decimal number" mk image IMAGE_SIZE=lots
mk image IMAGE_SIZE=64 >/dev/null 2>&1 && [ "$(wc -c <"$img")" -eq $((64 * 1048576)) ] &&
	pass "a larger IMAGE_SIZE is honoured" || fail "a larger IMAGE_SIZE is honoured"
part 2 "$scratch/root"
expect_ok "e2fsck -fn: the grown root is clean" e2fsck -fn "$scratch/root"

# Reproducible: the same tree gives the same bytes.
mk image >/dev/null 2>&1
sum1=$(sha256sum <"$img")
rm -f "$img" "$OUT/rootfs.ext4"
mk image >/dev/null 2>&1
if [ "$(sha256sum <"$img")" = "$sum1" ]; then
	pass "two builds of the image are identical"
else
	fail "two builds of the image are identical"
fi

# ROOTFS_OVERLAY and POST_BUILD reach the image too, and a home from the
# users table is owned by its user there.
mkdir -p "$scratch/ov/etc"
echo "overlay in the image" >"$scratch/ov/etc/overlay-test"
printf '#!/bin/sh\necho "hook in the image" >etc/hook-test\n' >"$scratch/hook"
chmod +x "$scratch/hook"
if mk image ROOTFS_OVERLAY="$scratch/ov" POST_BUILD="$scratch/hook" >"$scratch/make" 2>&1; then
	part 2 "$scratch/custom"
	got=$(debugfs -R "cat /etc/overlay-test" "$scratch/custom" 2>/dev/null
		debugfs -R "cat /etc/hook-test" "$scratch/custom" 2>/dev/null)
	if [ "$got" = "overlay in the image
hook in the image" ]; then
		pass "make image ROOTFS_OVERLAY=... POST_BUILD=...: both in the image"
	else
		fail "make image ROOTFS_OVERLAY=... POST_BUILD=...: both in the image" "got: $got"
	fi
else
	fail "make image ROOTFS_OVERLAY=... POST_BUILD=..." "$(tail -n 10 "$scratch/make")"
fi
mk image >/dev/null 2>&1
part 2 "$scratch/root"
if debugfs -R "cat /etc/overlay-test" "$scratch/root" 2>/dev/null | grep -q .; then
	fail "without ROOTFS_OVERLAY again, the overlay's file is gone"
else
	pass "without ROOTFS_OVERLAY again, the overlay's file is gone"
fi

# A rootfs/ edit rebuilds the root filesystem and the image, not the kernel.
touch "$top/rootfs/etc/issue"
expect_steps "a rootfs/ edit rebuilds the root filesystem and the image only" \
	"ROOTFS EXT4 IMAGE" mk image

# An image written by a boot (its time changed since make image made it: an
# hour back here, so that make still finds it older than its inputs) is
# never made again silently: make run-image refuses, leaving it as it is,
# and make image keeps it as disk.img.old.
touch -d '-1 hour' "$img"
sum1=$(sha256sum <"$img")
touch "$top/rootfs/etc/issue"
expect_error "make run-image refuses to make a booted image again" "was booted since make image made it" \
	guard "$top/tests/submake" -C "$top" O="$O" ARCH="$ARCH" DL_DIR="$DL_DIR" run-image </dev/null
if [ "$(sha256sum <"$img")" = "$sum1" ] && [ ! -e "$img.old" ]; then
	pass "the booted image is left as it was"
else
	fail "the booted image is left as it was"
fi
if mk image >"$scratch/make" 2>&1 && grep -q "NOTE.*booted since it was made: kept as" "$scratch/make" &&
	[ "$(sha256sum <"$img.old")" = "$sum1" ] && [ -f "$img" ]; then
	pass "make image keeps a booted image as disk.img.old"
else
	fail "make image keeps a booted image as disk.img.old" "$(cat "$scratch/make")"
fi
touch -d '-1 hour' "$img"
expect_error "make image will not replace an earlier disk.img.old" "is there already" mk image IMAGE_ID=other
rm -f "$img" "$img.old"
mk image >/dev/null 2>&1

# The image is built by an unprivileged user and is still right.
# Its inputs are copied first, as the tree may sit where nobody cannot
# enter (a clone in a 0700 temp dir).
work=$(mktemp -d "${TMPDIR:-/tmp}/unpriv-image.XXXXXX")
mkdir "$work/in"
cp -R -P -p "$top/scripts" "$top/config" "$OUT/rootfs" "$DISK_IMAGE_KERNEL" "$work/in/"
cp "$MKCPIO" "$work/in/mkcpio"
as_user=
if [ "$(id -u)" -eq 0 ]; then
	chown -R 65534:65534 "$work"
	as_user="setpriv --reuid=65534 --regid=65534 --clear-groups --"
fi
# shellcheck disable=SC2086 # $as_user is a command prefix
if $as_user env PATH="$PATH" MKCPIO="$work/in/mkcpio" SOURCE_DATE_EPOCH=0 IMAGE_BOOT="$IMAGE_BOOT" \
	EFI_BOOT_FILE="${EFI_BOOT_FILE:-}" ROOT_PART_TYPE="$ROOT_PART_TYPE" sh -c '
	set -eu
	"$1/scripts/mkext4.sh" "$1/rootfs" "$1/config/permissions" "$2/root.ext4" 8 \
		"$("$1/scripts/uuid.sh" test root-fs)" 0
	"$1/scripts/mkimage.sh" "$2/disk.img" "$1/$3" "$2/root.ext4" test' \
	sh "$work/in" "$work" "$kname" >"$scratch/err" 2>&1; then
	if debugfs -R "stat /dev/console" "$work/root.ext4" 2>/dev/null | tr -s ' ' | tr '\n' ' ' |
		grep -q 'Type: character special Mode: 0600 .*User: 0 Group: 0 .*05:01'; then
		pass "an unprivileged build gives a root-owned /dev/console 5,1"
	else
		fail "an unprivileged build gives a root-owned /dev/console 5,1"
	fi
else
	fail "an unprivileged user builds the image" "$(cat "$scratch/err")"
fi
rm -rf "$work"
exit "$result"
