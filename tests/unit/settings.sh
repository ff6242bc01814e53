#!/bin/sh
# Unit tests for the settings a user gives make (scripts/checks.mk): each bad
# value is refused at parse time, in one line, before anything is created or
# run; and make clean and distclean remove only what the build made.
set -eu
. "$(dirname "$0")/../lib.sh"
top=$(cd "$(dirname "$0")/../.." && pwd)

# m ARGS...: make in this tree, with nothing of the caller's O or DL_DIR.
m() { "$top/tests/submake" -C "$top" "$@"; }
# refused NAME TEXT ARGS...: make -n ARGS must fail, saying TEXT.
refused() {
	name=$1 text=$2
	shift 2
	expect_error "$name" "$text" m -n "$@"
}

# Paths: no blanks or bytes a recipe cannot quote; never /, home, the
# checkout or a directory that holds it; nothing created on the way.
refused "O with a blank is refused" "a path here may hold only" O="$scratch/My Documents/out" all
if [ ! -e "$scratch/My Documents" ] && [ ! -e "$top/My" ]; then
	pass "a refused O creates nothing, here or in the tree"
else
	fail "a refused O creates nothing, here or in the tree"
fi
refused "O with a ; is refused, and nothing runs" "a path here may hold only" O="x;touch $scratch/ran;" all
if [ ! -e "$scratch/ran" ]; then pass "nothing in O ran as a command"; else fail "nothing in O ran as a command"; fi
refused "DL_DIR with a quote is refused" "a path here may hold only" DL_DIR="$scratch/it's" all
refused "O=/ is refused" "O=/ is /; make clean would empty it" O=/ clean
refused "O=. (the checkout) is refused" "is this checkout" O=. clean
# (A clone right in the home directory: its parent is the home.)
if [ "$(cd "$top/.." && pwd -P)" = "$(cd "${HOME:-/nonexistent}" 2>/dev/null && pwd -P)" ]; then
	refused "O=.. (holds the checkout: the home directory) is refused" "is the home directory" O=.. clean
else
	refused "O=.. (holds the checkout) is refused" "is a directory that holds this checkout" O=.. clean
fi
case ${HOME:-/} in
/) echo "    (O=\$HOME not tried: HOME is ${HOME:-unset})" ;;
*) refused "O=\$HOME is refused" "is the home directory" O="$HOME" clean ;;
esac
refused "DL_DIR=/ is refused" "DL_DIR=/ is /" DL_DIR=/ distclean
refused "O and DL_DIR the same is refused" "O and DL_DIR are both" O="$scratch/x" DL_DIR="$scratch/x" all

# Numbers: decimal, within bounds.
refused "JOBS=99999 is refused" "JOBS=99999 is out of range: from 1 to 256" JOBS=99999 all
refused "JOBS=abc is refused" "JOBS='abc' must be a decimal number" JOBS=abc all
refused "GDB=yes is refused" "GDB must be 0 or 1, not 'yes'" GDB=yes run
refused "GDB_PORT=80 is refused" "GDB_PORT=80 is out of range: from 1024 to 65535" GDB_PORT=80 run
refused "GDB_SCRIPT with a blank is refused" "a path here may hold only" GDB_SCRIPT="$scratch/my script" gdb
refused "SHARE naming no directory is refused" "SHARE=$scratch/missing: no such directory" SHARE="$scratch/missing" run
refused "SHARE with an app is refused" "an app (APP=) has none" SHARE="$scratch" APP=src/hello.c run
# LINUX_SRC=dir: a kernel tree for the architecture, never configured in
# place; not with a prebuilt kernel, nor for make legal-info. (A tree of
# the files these checks look at.)
mkdir -p "$scratch/ktree/arch/x86/boot" "$scratch/ktree/arch/arm64/boot" "$scratch/ktree/arch/arm/boot" \
	"$scratch/ktree/arch/riscv/boot"
touch "$scratch/ktree/Kconfig"
refused "LINUX_SRC naming no directory is refused" "LINUX_SRC=$scratch/missing: no such directory" \
	LINUX_SRC="$scratch/missing" run
refused "LINUX_SRC naming no kernel tree is refused" "not a kernel source tree (no Kconfig at its top)" \
	LINUX_SRC="$top/docs" run
refused "LINUX_SRC with a blank is refused" "a path here may hold only" LINUX_SRC="$scratch/my linux" run
refused "LINUX_SRC and KERNEL together are refused" "give one of them" LINUX_SRC="$scratch/ktree" KERNEL=README.md run
refused "make legal-info LINUX_SRC=dir is refused" "whose source is yours to give" LINUX_SRC="$scratch/ktree" legal-info
mkdir -p "$scratch/ktree/include/config"
refused "LINUX_SRC configured in place is refused, with how to clean it" \
	"kbuild builds out of tree only from a clean tree; make -C $scratch/ktree mrproper" LINUX_SRC="$scratch/ktree" run
rmdir "$scratch/ktree/include/config"
rm -r "$scratch/ktree/arch/x86" "$scratch/ktree/arch/arm64" "$scratch/ktree/arch/arm" "$scratch/ktree/arch/riscv"
refused "LINUX_SRC without the architecture's arch/ directory is refused" "the tree has no arch/" \
	LINUX_SRC="$scratch/ktree" run
refused "DEBUG=yes is refused" "DEBUG must be 0 or 1, not 'yes'" DEBUG=yes all
refused "KERNEL with a ; is refused, and nothing runs" "a path here may hold only" KERNEL="x;touch $scratch/ran2;" run
refused "IMAGE_SIZE=0100 (octal to the shell) is refused" "IMAGE_SIZE='0100' must be a decimal number" \
	IMAGE_SIZE=0100 image
refused "ROOTFS_FREE=999999 is refused" "ROOTFS_FREE=999999 is out of range" ROOTFS_FREE=999999 image
refused "SOURCE_DATE_EPOCH that is not a number is refused" "SOURCE_DATE_EPOCH='1;touch" \
	SOURCE_DATE_EPOCH="1;touch $scratch/ran" all
refused "QEMU_MEM below the architecture's least is refused" "QEMU_MEM=8M is too little" \
	ARCH=x86_64 QEMU_MEM=8M run
refused "QEMU_MEM that is not a size is refused" "must be a memory size" QEMU_MEM=lots run

# Text that recipes quote, and names.
refused "a quote in KERNEL_CMDLINE is refused" "KERNEL_CMDLINE may not hold quotes" KERNEL_CMDLINE="a'b" run
refused "a line break in IMAGE_CMDLINE is refused" "IMAGE_CMDLINE may not hold" IMAGE_CMDLINE="a
LABEL x" image
refused "a blank in IMAGE_ID is refused" "IMAGE_ID='a b' may hold only" IMAGE_ID="a b" image
refused "a ; in APP_HOSTNAME is refused" "APP_HOSTNAME='a;b' may hold only" APP_HOSTNAME="a;b" all
refused "EFI_BOOT_FILE=../x (out of the ESP's directory) is refused" "EFI_BOOT_FILE='../x' may hold only" \
	ARCH=x86_64 EFI_BOOT_FILE=../x image
refused "EFI_BOOT_FILE=.. is refused" "EFI_BOOT_FILE='..' must be a file's name" ARCH=x86_64 EFI_BOOT_FILE=.. image
refused "a line break in ROOT_PART_TYPE (a partition more for sfdisk) is refused" "ROOT_PART_TYPE=" \
	ROOT_PART_TYPE="4F68BCE3-E8CD-4DB1-96E7-FBCAF984B709
size=1M" image

# Port forwards: parsed into their parts, nothing else reaches qemu.
refused "a HOSTFWD rule with a comma (another qemu option) is refused" "is not PROTO:[HOSTADDR]" \
	HOSTFWD='tcp::8080-:80,guestfwd=tcp:10.0.2.9:1-cmd:/bin/sh' run
refused "a HOSTFWD port out of range is refused" "'70000' is not a port from 1 to 65535" \
	HOSTFWD=tcp::70000-:80 run
refused "a HOSTFWD host address that is not one is refused" "'1.2.3' is not an IPv4 address" \
	HOSTFWD=tcp:1.2.3:8080-:80 run
port=$(free_port 23456)
python3 -c 'import socket, sys, time
s = socket.socket(); s.bind(("127.0.0.1", int(sys.argv[1]))); s.listen(1); time.sleep(60)' "$port" &
listener=$!
i=0
until ss -Hltn "sport = :$port" | grep -q . || [ $i -ge 50 ]; do sleep 0.1; i=$((i + 1)); done
refused "a HOSTFWD port in use is named as such" "port $port is in use on this machine" \
	HOSTFWD="tcp::$port-:80" run
kill "$listener"
if [ "$("$top/scripts/hostfwd.sh" tcp::8080-:80 udp:0.0.0.0:5353-10.0.2.15:53)" = \
	"hostfwd=tcp:127.0.0.1:8080-:80,hostfwd=udp:0.0.0.0:5353-10.0.2.15:53" ]; then
	pass "HOSTFWD rules are rebuilt from their parts, on 127.0.0.1 unless given"
else
	fail "HOSTFWD rules are rebuilt from their parts, on 127.0.0.1 unless given"
fi

# App mode: a program that is not static is refused before the long build,
# with the path of this build's musl-gcc.
refused "a dynamically linked APP is refused before the build" \
	"x86_64/sysroot/bin/musl-gcc -static" ARCH=x86_64 APP=/bin/sh all
refused "make app without APP names the variable" "make app: APP is not set" app
refused "an APP that is not there is refused" "APP=$scratch/nothing: no such file" APP="$scratch/nothing" app

# make bump: the version is data, never code.
refused "make bump refuses a VERSION that is not a version" "is not a version" \
	bump PKG=musl VERSION="1'; touch $scratch/ran; echo '"
if [ ! -e "$scratch/ran" ]; then pass "nothing in VERSION ran"; else fail "nothing in VERSION ran"; fi

# make clean removes the build's directories of O, and O only when nothing
# else is in it; distclean keeps a download cache outside the tree.
o=$scratch/clean-out dl=$scratch/clean-dl
mkdir -p "$o/x86_64/build" "$o/src/linux-1" "$dl/busybox" "$dl/ccache"
echo mine >"$o/notes.txt"
echo mine >"$dl/mine.txt"
if m O="$o" DL_DIR="$dl" distclean >"$scratch/clean" 2>&1 && [ ! -e "$o/x86_64" ] && [ ! -e "$o/src" ] &&
	[ -f "$o/notes.txt" ] && [ -d "$dl/busybox" ] && grep -q "may serve other clones: kept" "$scratch/clean"; then
	pass "make distclean removes the build's directories, keeps a file of the user's and a shared DL_DIR"
else
	fail "make distclean removes the build's directories, keeps a file of the user's and a shared DL_DIR" \
		"$(cat "$scratch/clean")" "$(ls -A "$o" "$dl")"
fi
if m O="$o" DL_DIR="$dl" clean-downloads >"$scratch/clean" 2>&1 && [ ! -e "$dl/busybox" ] &&
	[ ! -e "$dl/ccache" ] && [ -f "$dl/mine.txt" ]; then
	pass "make clean-downloads empties the cache of what the build put there"
else
	fail "make clean-downloads empties the cache of what the build put there" "$(ls -A "$dl")"
fi
rm "$o/notes.txt"
mkdir -p "$o/x86_64"
if m O="$o" DL_DIR="$dl" clean >/dev/null 2>&1 && [ ! -e "$o" ]; then
	pass "make clean removes O when only the build's directories were in it"
else
	fail "make clean removes O when only the build's directories were in it"
fi

# A source from a Debian binary package (linux's): its version must be the
# package's.
v=$(sed -n 's/^LINUX_VERSION = //p' "$top/config/packages/linux.mk")
refused "a binary package of another version than the pin is refused" "is not version $v.1 (LINUX_VERSION)" \
	LINUX_VERSION="$v.1" all
