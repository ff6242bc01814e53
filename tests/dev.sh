#!/bin/sh
# For kernel developers (docs/kernel-developers.md): make run KERNEL=path
# boots a prebuilt kernel with the built initramfs, after checking it; make
# run GDB=1 holds the guest for make gdb, which stops it at a kernel
# function and reads the kernel's memory, and the guest then boots on;
# make run SHARE=dir mounts a host directory in the guest.
# The prebuilt kernel is the image in this build's own kernel tree, as a
# developer's tree holds one.
set -eu
. "$(dirname "$0")/lib.sh"
top=$(cd "$(dirname "$0")/.." && pwd)
: "${OUT:?}" "${INFO:?}" "${LINUX_BUILDDIR:?}" "${LINUX_VERSION:?}" "${LINUX_ARCH:?}" "${UNAME_M:?}"
result=0
mkdir -p "$OUT/tests"
eval "$(jq -r '.arch_vars | @sh "LINUX_IMAGE=\(.LINUX_IMAGE) KERNEL_NEEDS=\(.KERNEL_NEEDS)"' "$INFO")"
image=$LINUX_BUILDDIR/$LINUX_IMAGE
export LINUX_VERSION UNAME_M

# config/linux.needs and the architecture's KERNEL_NEEDS hold for the
# kernel built here: the list asks nothing the project's own kernel lacks.
if LINUX_ARCH=$LINUX_ARCH KERNEL_NEEDS=$KERNEL_NEEDS "$top/scripts/kernel-check.sh" "$image" \
	"$top/config/linux.needs" >"$scratch/check" 2>&1 && grep -q "$LINUX_BUILDDIR/.config has what" "$scratch/check"; then
	pass "the kernel built here has what config/linux.needs and KERNEL_NEEDS ask, its .config found in its tree"
else
	fail "the kernel built here has what config/linux.needs and KERNEL_NEEDS ask, its .config found in its tree" \
		"$(cat "$scratch/check")"
fi

# Kernels make run refuses before starting qemu, each with its reason. A
# kernel that were not refused would boot, on this suite's terminal: a
# minute's limit turns that into a failure.
# refused NAME TEXT MAKE-ARGS...: make fails at once, saying TEXT, and
# starts no qemu.
refused() {
	name=$1 text=$2
	shift 2
	rc=0
	timeout -k 5 60 "$top/tests/submake" -C "$top" O="$O" ARCH="$ARCH" DL_DIR="$DL_DIR" "$@" </dev/null \
		>"$scratch/out" 2>"$scratch/err" || rc=$?
	if [ "$rc" -ne 0 ] && [ "$rc" -ne 124 ] && [ "$rc" -ne 137 ] && grep -qF -- "$text" "$scratch/err" &&
		! grep -q 'run-qemu: booting' "$scratch/out" "$scratch/err"; then
		pass "$name"
	else
		fail "$name" "make $*: status $rc (124: killed after a minute), wanted: $text" \
			"$(tail -n 5 "$scratch/err")"
	fi
}
mkdir -p "$scratch/nodevtmpfs" "$scratch/dir"
cp "$image" "$scratch/nodevtmpfs/"
grep -v '^CONFIG_DEVTMPFS=' "$LINUX_BUILDDIR/.config" >"$scratch/nodevtmpfs/.config"
refused "make run KERNEL=path: a kernel whose .config lacks DEVTMPFS is refused, the option named" \
	"lacks CONFIG_DEVTMPFS=y: rcS mounts /dev as devtmpfs" \
	-s run KERNEL="$scratch/nodevtmpfs/$(basename "$image")"
refused "make run KERNEL=path KERNEL_CONFIG=file: that .config is the one checked" \
	"$scratch/nodevtmpfs/.config lacks CONFIG_DEVTMPFS=y" \
	-s run KERNEL="$image" KERNEL_CONFIG="$scratch/nodevtmpfs/.config"
# Another architecture's kernel: its boot header, in a file of zeros.
head -c 4096 /dev/zero >"$scratch/other"
if [ "$LINUX_ARCH" = arm64 ]; then
	printf 'HdrS' | dd of="$scratch/other" bs=1 seek=514 conv=notrunc 2>/dev/null
	other="an x86_64 bzImage"
else
	printf 'ARMd' | dd of="$scratch/other" bs=1 seek=56 conv=notrunc 2>/dev/null
	other="an arm64 Image"
fi
refused "make run KERNEL=path: another architecture's kernel is refused" \
	"is $other, not a kernel qemu boots for $LINUX_ARCH" -s run KERNEL="$scratch/other"
refused "make run KERNEL=path: a directory is refused" "is a directory" -s run KERNEL="$scratch/dir"
refused "make run KERNEL=path: a missing file is refused" "no such readable file" \
	-s run KERNEL="$scratch/missing"
refused "KERNEL=path is refused by the targets that use the kernel built here" \
	"KERNEL=path is for make run and make gdb only" -s image KERNEL="$image"

# The prebuilt kernel boots with the built initramfs, through make run.
# x86_64 boots its own kernel as vmlinux (PVH, boot protocol 2.12); given
# the bzImage, qemu boots that, and the guest sees the protocol of its header.
echo "check \"uname -r is the kernel's\" {uname -r} $LINUX_VERSION" >"$scratch/user.checks"
if [ "$LINUX_ARCH" = x86_64 ]; then
	hdr=$(od -An -tx1 -j 518 -N 2 "$image" | awk '{ print "0x" $2 $1 }')
	echo "check \"the guest was booted from the bzImage: boot protocol $hdr\"" \
		"{cat /sys/kernel/boot_params/version} $hdr" >>"$scratch/user.checks"
fi
# A relative KERNEL is taken from the top of the tree.
rel=$(realpath --relative-to="$top" "$image")
BOOT_COMMAND="exec $top/tests/submake -s -C $top O=$O ARCH=$ARCH DL_DIR=$DL_DIR run KERNEL=$rel" \
	boot_checks "make run KERNEL=(a relative path to) $(basename "$image"): " dev-kernel "$scratch/user.checks" || result=1

# make run GDB=1 and make gdb: a hardware breakpoint at kernel_init (the
# first process's kernel side), the PC there, the kernel's banner read
# from its memory; then gdb detaches and the guest boots to a login.
cat >"$scratch/k.gdb" <<'EOF'
hbreak kernel_init
continue
printf "PC %#lx\n", $pc
x/s &linux_banner
delete
detach
quit
EOF
want_pc=$(awk '$3 == "kernel_init" { print "0x" $1; exit }' "$LINUX_BUILDDIR/System.map" | sed 's/0x0*/0x/')
echo "check \"after gdb detached, the guest booted: uname -r\" {uname -r} $LINUX_VERSION" >"$scratch/gdb.checks"
gdb_boot "make run GDB=1: " dev-gdb "$scratch/gdb.checks" "$scratch/k.gdb" || result=1
rc=$gdb_rc
got_pc=$(sed -n 's/^PC //p' "$scratch/gdb.out")
if [ "$rc" -eq 0 ] && [ -n "$want_pc" ] && [ "$got_pc" = "$want_pc" ]; then
	pass "make gdb stops the guest at kernel_init (hbreak), its PC that of System.map ($want_pc)"
else
	fail "make gdb stops the guest at kernel_init (hbreak), its PC that of System.map ($want_pc)" \
		"make gdb: status $rc, PC '$got_pc'" "$(tail -n 15 "$scratch/gdb.out")"
fi
if grep -q "Linux version $LINUX_VERSION " "$scratch/gdb.out"; then
	pass "make gdb reads the kernel's memory: linux_banner is the pinned version's"
else
	fail "make gdb reads the kernel's memory: linux_banner is the pinned version's" "$(tail -n 15 "$scratch/gdb.out")"
fi

# make run SHARE=dir: a script written on the host runs in the guest, from
# /mnt/host; the guest cannot write there, unless SHARE_RW=1, and then
# what it writes is on the host. The directory's name holds a comma, which
# qemu's options need doubled.
mkdir -p "$scratch/share,dir"
printf '#!/bin/sh\necho "hello from $(uname -m), uid $(id -u)"\n' >"$scratch/share,dir/hello.sh"
cat >"$scratch/share.checks" <<EOF
check "/mnt/host is the host's directory, read-only, over 9p" \\
	{grep ' /mnt/host ' /proc/mounts | cut -d' ' -f1-4 | cut -d, -f1} "host-ro /mnt/host 9p ro"
check "a script written on the host runs in the guest" {sh /mnt/host/hello.sh} "hello from $UNAME_M, uid 0"
check "the guest cannot write to it" {touch /mnt/host/x 2>/dev/null; echo \$?} 1
check "remounted read-write in the guest, qemu still refuses writes" \
	{mount -o remount,rw /mnt/host && grep -c ' /mnt/host 9p rw' /proc/mounts; touch /mnt/host/x 2>/dev/null; echo \$?} "1\n1"
EOF
BOOT_COMMAND="exec $top/tests/submake -s -C $top O=$O ARCH=$ARCH DL_DIR=$DL_DIR run SHARE=$scratch/share,dir" \
	boot_checks "make run SHARE=dir: " dev-share "$scratch/share.checks" || result=1
if [ -e "$scratch/share,dir/x" ]; then
	fail "make run SHARE=dir: nothing the guest tried to write is on the host"
else
	pass "make run SHARE=dir: nothing the guest tried to write is on the host"
fi
cat >"$scratch/share-rw.checks" <<EOF
check "/mnt/host is read-write" {grep -c ' /mnt/host 9p rw' /proc/mounts} 1
check "the guest writes a file there" {uname -m >/mnt/host/from-guest; echo written} written
host "the host reads what the guest wrote" {cat '$scratch/share,dir/from-guest'} $UNAME_M
host "the file is the host user's who ran qemu" {stat -c %u '$scratch/share,dir/from-guest'} $(id -u)
EOF
BOOT_COMMAND="exec $top/tests/submake -s -C $top O=$O ARCH=$ARCH DL_DIR=$DL_DIR run SHARE=$scratch/share,dir SHARE_RW=1" \
	boot_checks "make run SHARE=dir SHARE_RW=1: " dev-share-rw "$scratch/share-rw.checks" || result=1

# With KERNEL=path, make gdb finds the vmlinux of the kernel's build tree.
v=$(mk -s gdb KERNEL="$image" GDB_PROGRAM=echo 2>/dev/null | awk '{ print $NF }')
if [ "$v" = "$LINUX_BUILDDIR/vmlinux" ]; then
	pass "make gdb KERNEL=path reads the symbols of the vmlinux in that kernel's build tree"
else
	fail "make gdb KERNEL=path reads the symbols of the vmlinux in that kernel's build tree" "got '$v'"
fi
# VMLINUX=path, relative to the top of the tree, names gdb's symbols.
rel=$(realpath --relative-to="$top" "$LINUX_BUILDDIR/vmlinux")
v=$(mk -s gdb VMLINUX="$rel" GDB_PROGRAM=echo 2>/dev/null | awk '{ print $NF }')
if [ "$v" = "$LINUX_BUILDDIR/vmlinux" ]; then
	pass "make gdb VMLINUX=path (relative to the tree) reads that file's symbols"
else
	fail "make gdb VMLINUX=path (relative to the tree) reads that file's symbols" "got '$v'"
fi
exit "$result"
