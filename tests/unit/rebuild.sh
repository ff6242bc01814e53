#!/bin/sh
# The Makefile rebuilds exactly what a change affects, in a built tree: a
# no-op make prints nothing, a rootfs/ edit re-packs only the initramfs, a
# kernel fragment edit rebuilds only the kernel. Also: `make help` lists
# every public target. Files are only touched, so the tree stays clean.
set -eu
. "$(dirname "$0")/../lib.sh"
top=$(cd "$(dirname "$0")/../.." && pwd)
: "${OUT:?}" "${ARCH:?}"

# steps NAME AFTER EXPECTED...: run make (with $MKVARS) after touching AFTER;
# the step tags it prints must be exactly EXPECTED.
MKVARS=
steps() {
	name=$1 file=$2
	shift 2
	[ -z "$file" ] || touch "$file"
	# shellcheck disable=SC2086 # MKVARS is a list of words
	expect_steps "$name" "$*" mk $MKVARS
}

mk >/dev/null 2>&1 || true
steps "a no-op make prints nothing" ""
steps "a rootfs/ edit re-stages and re-packs only" "$top/rootfs/etc/issue" ROOTFS CPIO
steps "a rootfs/ edit is not repeated" ""
# V=2 says why a step runs: the record whose text changed, and the inputs
# newer than the step's output.
rel() { case $1 in "$top"/*) echo "${1#"$top"/}" ;; *) echo "$1" ;; esac; }
touch "$top/rootfs/etc/issue"
if mk V=2 >"$scratch/why" 2>&1 && grep -qxF "  WHY     $(rel "$OUT")/vars/rootfs changed" "$scratch/why" &&
	grep -qxF "  WHY     $(rel "$OUT")/vars/rootfs is newer than $(rel "$OUT")/stamps/rootfs.staged" "$scratch/why"; then
	pass "V=2 names the record that changed and the newer input of each step"
else
	fail "V=2 names the record that changed and the newer input of each step" "$(cat "$scratch/why")"
fi
# Reading the Makefile writes nothing: make -n, help and clean in a new O
# leave no O behind.
for goal in -n help clean; do
	if mk O="$scratch/new-o" "$goal" >"$scratch/goal" 2>&1 && [ ! -e "$scratch/new-o" ]; then
		pass "make $goal in a new O succeeds and writes nothing"
	else
		fail "make $goal in a new O succeeds and writes nothing" "$(tail -n 3 "$scratch/goal")" \
			"$(find "$scratch/new-o" 2>/dev/null | head -n 5)"
		rm -rf "$scratch/new-o"
	fi
done
steps "a permissions edit re-stages and re-packs only" "$top/config/permissions" ROOTFS CPIO
steps "a users table edit re-stages and re-packs only" "$top/config/users" ROOTFS CPIO
steps "a services edit re-stages and re-packs only" "$top/config/services" ROOTFS CPIO

# An overlay and a post-build hook: set, edited, then dropped again.
mkdir -p "$scratch/ov/etc"
echo overlay >"$scratch/ov/etc/from-overlay"
printf '#!/bin/sh\necho hook >"$1/etc/from-hook"\n' >"$scratch/hook"
chmod +x "$scratch/hook"
MKVARS="ROOTFS_OVERLAY=$scratch/ov POST_BUILD=$scratch/hook"
steps "setting ROOTFS_OVERLAY and POST_BUILD re-stages and re-packs only" "" ROOTFS CPIO
in_cpio() { gzip -dc "$OUT/initramfs.cpio.gz" | cpio -it --quiet 2>/dev/null | grep -cx "$1"; }
if [ "$(in_cpio etc/from-overlay)$(in_cpio etc/from-hook)" = 11 ]; then
	pass "the initramfs holds the overlay's file and the hook's"
else
	fail "the initramfs holds the overlay's file and the hook's"
fi
steps "an overlay edit re-stages and re-packs only" "$scratch/ov/etc/from-overlay" ROOTFS CPIO
steps "a hook edit re-stages and re-packs only" "$scratch/hook" ROOTFS CPIO
MKVARS=
steps "dropping them re-stages and re-packs only" "" ROOTFS CPIO
if [ "$(in_cpio etc/from-overlay)$(in_cpio etc/from-hook)" = 00 ]; then
	pass "without them, the initramfs no longer holds their files"
else
	fail "without them, the initramfs no longer holds their files"
fi
expect_error "a missing ROOTFS_OVERLAY directory is named" "$scratch/nowhere is not a directory" \
	mk ROOTFS_OVERLAY="$scratch/nowhere"
steps "after that failure, a plain make re-stages the last good settings" "" ROOTFS CPIO
# The fragments are known by their content: touching one rebuilds
# nothing; an edit rebuilds the kernel only, and so does undoing it. The
# copies put back what was there, whatever happens.
common=$top/config/linux.fragment arch=$top/config/arch/$ARCH.fragment
disk=$top/config/linux-disk.fragment
cp -p "$common" "$scratch/common.fragment"
cp -p "$arch" "$scratch/arch.fragment"
cp -p "$disk" "$scratch/disk.fragment"
trap 'cp -p "$scratch/common.fragment" "$common"; cp -p "$scratch/arch.fragment" "$arch"
	cp -p "$scratch/disk.fragment" "$disk"; rm -rf "$scratch"' EXIT
steps "touching a kernel fragment rebuilds nothing" "$common"
echo "# An edit." >>"$common"
steps "a kernel fragment edit rebuilds only the kernel" "" CONFIG BUILD INSTALL
cp -p "$scratch/common.fragment" "$common"
steps "undoing it rebuilds only the kernel" "" CONFIG BUILD INSTALL
echo "# An edit." >>"$arch"
steps "an architecture fragment edit rebuilds only the kernel" "" CONFIG BUILD INSTALL
cp -p "$scratch/arch.fragment" "$arch"
steps "undoing it rebuilds only the kernel" "" CONFIG BUILD INSTALL
steps "a kernel rebuild is not repeated" ""
# What only disk images need: in make run's kernel, unless the disk image
# has its own (DISK_KERNEL = separate, x86_64).
echo "# An edit." >>"$disk"
if [ "${DISK_IMAGE_KERNEL:?}" != "${IMAGE_KERNEL:?}" ]; then
	steps "a disk fragment edit rebuilds nothing make run boots (the disk has its own kernel)" ""
else
	steps "a disk fragment edit rebuilds only the kernel" "" CONFIG BUILD INSTALL
fi
cp -p "$scratch/disk.fragment" "$disk"
steps "undoing it rebuilds nothing more" "" $([ "$DISK_IMAGE_KERNEL" != "$IMAGE_KERNEL" ] || echo CONFIG BUILD INSTALL)
# With modules, the disk image gets the one kernel: the rootfs's modules
# are that kernel's. (make -n, in a scratch O: nothing is built.)
if [ "$DISK_IMAGE_KERNEL" != "$IMAGE_KERNEL" ]; then
	{ cat "$common"; echo CONFIG_MODULES=y; } >"$scratch/modules.fragment"
	for f in "$common" "$scratch/modules.fragment"; do
		"$top/tests/submake" -n -C "$top" O="$scratch/n" ARCH="$ARCH" LINUX_FRAGMENT="$f" image \
			>"$scratch/plan" 2>&1 || { cat "$scratch/plan"; exit 1; }
		echo "$f $(awk '/BUILD.*linux-disk-/ { n++ } END { print n + 0 }' "$scratch/plan")" >>"$scratch/plans"
	done
	if [ "$(awk '{ printf "%s ", $2 }' "$scratch/plans")" = "1 0 " ]; then
		pass "make image plans the disk's own kernel, but not when the kernel has modules"
	else
		fail "make image plans the disk's own kernel, but not when the kernel has modules" "$(cat "$scratch/plans")"
	fi
fi

# A compiler that appears during the make, as when its deps installs it,
# is recorded as it then is: the next make does not take it for a new
# compiler and rebuild everything. late-gcc says nothing to --version until
# its first compile, check-toolchain's. (A scratch O: only that step runs.)
fc=$scratch/late
mkdir -p "$fc"
printf '%s\n' '#!/bin/sh' \
	"if [ \"\$1\" = --version ]; then [ ! -e '$fc/installed' ] || echo 'late-gcc (installed by deps) 1.0'; exit 0; fi" \
	"touch '$fc/installed'" 'exec gcc "$@"' >"$fc/late-gcc"
chmod +x "$fc/late-gcc"
late() {
	PATH="$fc:$PATH" "$top/tests/submake" -C "$top" \
		O="$scratch/late-o" ARCH="$ARCH" ${DL_DIR:+DL_DIR="$DL_DIR"} CROSS_COMPILE=late- \
		"$scratch/late-o/$ARCH/stamps/toolchain.checked"
}
if ! late >"$scratch/late.out" 2>&1; then
	fail "a compiler installed during the make is checked" "$(tail -n 5 "$scratch/late.out")"
elif [ ! -e "$fc/installed" ]; then
	fail "a compiler installed during the make is checked" "check-toolchain did not compile"
elif stamp=$(stat -c %y "$scratch/late-o/$ARCH/stamps/toolchain.checked") &&
	late >"$scratch/late.out" 2>&1 &&
	[ "$(stat -c %y "$scratch/late-o/$ARCH/stamps/toolchain.checked")" = "$stamp" ]; then
	pass "a compiler installed during the make: the next make takes it for the same one"
else
	fail "a compiler installed during the make: the next make takes it for the same one" \
		"the toolchain step ran again; its record: $(cat "$scratch/late-o/$ARCH/vars/toolchain")" \
		"$(tail -n 5 "$scratch/late.out")"
fi

mk help >"$scratch/help"
for t in $(sed -n 's/^\.PHONY: *//p' "$top/Makefile"); do
	if grep -q "^  $t[ (]" "$scratch/help"; then
		pass "make help lists $t"
	else
		fail "make help lists $t"
	fi
done
