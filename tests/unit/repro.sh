#!/bin/sh
# The cheap form of make repro-check, on every make test: the staged tree,
# copied to another path, is packed and imaged again by the build's own
# scripts with another umask, time zone and locale; the initramfs, the ext4
# root and the disk image must be the same bytes as the build's. And the
# build works with no network at all: unshare -n, from the download cache.
set -eu
. "$(dirname "$0")/../lib.sh"
top=$(cd "$(dirname "$0")/../.." && pwd)
: "${OUT:?}" "${MKCPIO:?}" "${DISK_IMAGE_KERNEL:?}" "${SOURCE_DATE_EPOCH:?}" "${IMAGE_ID:?}" "${ROOTFS_FREE:?}"

mk -s all image >"$scratch/make" 2>&1 || { fail "make image" "$(tail -n 10 "$scratch/make")"; exit 1; }
two=$scratch/second/path/somewhere/else
mkdir -p "$two"
cp -R -P -p "$OUT/rootfs" "$two/rootfs"
cp "$OUT/rootfs.permissions" "$two/rootfs.permissions"
# The disk's own kernel's tree (its modules) goes into the ext4 too.
disk_trees=
if [ "$DISK_IMAGE_KERNEL" != "${IMAGE_KERNEL:?}" ]; then
	cp -R -P -p "$OUT/pkg/linux-disk" "$two/linux-disk"
	disk_trees=$two/linux-disk
fi

# The Makefile's pack, EXT4 and IMAGE steps, from the second path.
start=$(date +%s.%N)
if (
	umask 077
	export TZ=Pacific/Chatham LC_ALL=C.UTF-8
	"$MKCPIO" -t "$SOURCE_DATE_EPOCH" -p "$two/rootfs.permissions" -o "$two/initramfs.cpio" "$two/rootfs"
	gzip -n -9 -c "$two/initramfs.cpio" >"$two/initramfs.cpio.gz"
	MKCPIO=$MKCPIO "$top/scripts/mkext4.sh" "$two/rootfs" "$two/rootfs.permissions" \
		"$two/rootfs.ext4" "$ROOTFS_FREE" "$("$top/scripts/uuid.sh" "$IMAGE_ID" root-fs)" \
		"$SOURCE_DATE_EPOCH" $disk_trees
	"$top/scripts/mkimage.sh" "$two/disk.img" "$DISK_IMAGE_KERNEL" "$two/rootfs.ext4" "$IMAGE_ID"
) >"$scratch/err" 2>&1; then
	echo "TIME: repack and reimage $(echo "$(date +%s.%N) - $start" | bc) s"
	for f in initramfs.cpio.gz rootfs.ext4 disk.img; do
		if cmp -s "$OUT/$f" "$two/$f"; then
			pass "$f is the same bytes from another path, umask, time zone and locale"
		else
			fail "$f is the same bytes from another path, umask, time zone and locale" \
				"first differences (cmp -l):" "$(cmp -l "$OUT/$f" "$two/$f" | head -n 5)"
		fi
	done
else
	fail "repack and reimage from a second path" "$(tail -n 10 "$scratch/err")"
fi

# Offline: every source is found in the cache and verified, and a make in
# the built tree needs no network. Without root, a user namespace gives the
# network namespace; a host that allows neither fails this test.
# The cache first gets everything, with the network if it is needed.
mk -s source >"$scratch/source" 2>&1 || fail "make source" "$(tail -n 10 "$scratch/source")"
if [ "$(id -u)" -eq 0 ]; then offline="unshare -n"; else offline="unshare -rn"; fi
# shellcheck disable=SC2086 # $offline is a command prefix
if ! $offline sh -c 'ip link show 2>/dev/null | grep -c "^[0-9]*:" | grep -qx 1' 2>/dev/null; then
	fail "unshare gives a namespace with no network" "'$offline' fails or leaves interfaces"
elif $offline "$top/tests/submake" -C "$top" \
	O="$O" ARCH="$ARCH" DL_DIR="$DL_DIR" source all image >"$scratch/offline" 2>&1; then
	pass "make source and make image succeed with no network ($offline)"
else
	fail "make source and make image succeed with no network ($offline)" "$(tail -n 10 "$scratch/offline")"
fi
