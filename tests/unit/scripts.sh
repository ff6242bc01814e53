#!/bin/sh
# Unit tests for the small build scripts: mkrootfs.sh (staging, users,
# overlays, the post-build hook), check-static.sh (the static-binary check)
# and deps.sh.
set -eu
. "$(dirname "$0")/../lib.sh"
top=$(cd "$(dirname "$0")/../.." && pwd)

mkdir -p "$scratch/bb/bin" "$scratch/skel/etc/sv/syslogd" "$scratch/cfg"
echo busybox >"$scratch/bb/bin/busybox"
chmod +x "$scratch/bb/bin/busybox"
ln -s busybox "$scratch/bb/bin/sh"
ln -s busybox "$scratch/bb/bin/false"
echo "skeleton" >"$scratch/skel/etc/motd"
echo "skeleton" >"$scratch/skel/etc/issue"
printf '#!/bin/sh\nexec syslogd -n\n' >"$scratch/skel/etc/sv/syslogd/run"
chmod +x "$scratch/skel/etc/sv/syslogd/run"
echo syslogd >"$scratch/cfg/services"
echo NET_MODE=dhcp >"$scratch/cfg/network"
cp "$top/config/groups" "$scratch/cfg/groups"
printf '/etc/shadow f 0600 0 0\n/root d 0700 0 0\n' >"$scratch/cfg/permissions"

# stage USERS-LINE...: stage with root, nobody and these users.
stage() {
	printf '%s\n' "# comment" "root 0 0 wheel /root /bin/sh -" \
		"nobody 65534 65534 - - /bin/false !" "$@" >"$scratch/cfg/users"
	"$top/scripts/mkrootfs.sh" "$scratch/stage" "$scratch/skel" \
		"$scratch/cfg" "$scratch/cfg/permissions" "$scratch/bb"
}
field() { awk -F: -v u="$1" -v n="$2" '$1 == u { print $n }' "$scratch/stage/etc/$3"; }

# row NAME USERS-LINE USER EXPECTED-SHADOW-FIELD
row() {
	if ! stage "$2" 2>"$scratch/err"; then
		fail "$1" "mkrootfs failed:" "$(cat "$scratch/err")"
	elif [ "$(field "$3" 2 shadow)" = "$4" ]; then
		pass "$1"
	else
		fail "$1" "$3's shadow field is '$(field "$3" 2 shadow)', not '$4'"
	fi
}
hash='$6$salt$IxDD3jeSOb5eB1CX5LBsqZFVkJdido3OUILO5Ifz5iwMuTS4XMS130MTSuDDl3aCI6WouIL9AjRbLCelDCy.g.'
row "- gives root no password" "" root ""
row "a SHA-512 hash is set" "alice 1000 1000 wheel /home/alice /bin/sh $hash" alice "$hash"
row "! locks an account" "alice 1000 1000 - /home/alice /bin/sh !" alice "!"
row "! before a hash locks it too" "alice 1000 1000 - /home/alice /bin/sh !$hash" alice "!$hash"
stage "alice 1000 1000 wheel,tty /home/alice /bin/sh $hash" "bob 1001 100 - - /bin/sh -"
if [ "$(field alice 0 passwd)" = "alice:x:1000:1000:alice:/home/alice:/bin/sh" ] &&
	[ "$(grep -c '^wheel:x:10:root,alice$' "$scratch/stage/etc/group")" = 1 ] &&
	[ "$(grep -c '^tty:x:5:alice$' "$scratch/stage/etc/group")" = 1 ] &&
	[ "$(grep -c '^alice:x:1000:$' "$scratch/stage/etc/group")" = 1 ] &&
	[ "$(grep -c '^bob:x:100:$' "$scratch/stage/etc/group")" = 1 ] &&
	[ "$(field bob 6 passwd)" = /nonexistent ]; then
	pass "passwd and group: extra groups, a group of its own, no home"
else
	fail "passwd and group: extra groups, a group of its own, no home" \
		"$(cat "$scratch/stage/etc/passwd" "$scratch/stage/etc/group")"
fi
if [ -d "$scratch/stage/home/alice" ] && [ ! -e "$scratch/stage/nonexistent" ] &&
	grep -q '^/home/alice d 0700 1000 1000$' "$scratch/stage.permissions" &&
	[ "$(grep -c '^/root ' "$scratch/stage.permissions")" = 1 ]; then
	pass "a home is made, owned by its user in the permissions table"
else
	fail "a home is made, owned by its user in the permissions table" "$(cat "$scratch/stage.permissions")"
fi
if [ -L "$scratch/stage/bin/sh" ] && [ "$(cat "$scratch/stage/etc/motd")" = skeleton ] &&
	[ "$(readlink "$scratch/stage/var/service/syslogd")" = /etc/sv/syslogd ]; then
	pass "busybox, the skeleton and the services are staged"
else
	fail "busybox, the skeleton and the services are staged"
fi
expect_error "a duplicate user name is refused" "user alice is listed twice (first on line 4)" \
	stage "alice 1000 1000 - - /bin/sh -" "alice 1001 1001 - - /bin/sh -"
expect_error "a duplicate uid is refused" "users:5:5: user bob: UID 1000 is already alice's" \
	stage "alice 1000 1000 - - /bin/sh -" "bob 1000 1001 - - /bin/sh -"
expect_error "a yescrypt hash busybox cannot check is refused" "openssl passwd -6" \
	stage 'alice 1000 1000 - - /bin/sh $y$j9T$abc$def'
expect_error "a malformed hash is refused" "user alice: not a password hash" \
	stage 'alice 1000 1000 - - /bin/sh secret'
expect_error "a truncated SHA-512 hash is refused" "not a password hash" \
	stage "alice 1000 1000 - - /bin/sh ${hash%?}"
expect_error "an unknown group is refused" 'user alice: no group "staff"' \
	stage "alice 1000 1000 staff - /bin/sh -"
expect_error "a shell missing from the rootfs is refused" "shell /bin/bash is not in the root" \
	stage "alice 1000 1000 - - /bin/bash -"
expect_error "a line with a missing column is refused" "want NAME UID GID GROUPS HOME SHELL PASSWORD" \
	stage "alice 1000 1000 - - /bin/sh"

# Homes and shells: absolute, normalised, and never a system directory.
# The rows run in a subdirectory so that an escape would land in $scratch.
for home in /../../escaped /home/../../escaped /home//alice home/alice /home/./alice; do
	expect_error "HOME $home is refused" "HOME must be an absolute, normalised path" \
		stage "alice 1000 1000 - $home /bin/sh -"
done
if [ ! -e "$scratch/escaped" ] && [ ! -e /escaped ]; then
	pass "a refused HOME made no directory outside the staging tree"
else
	fail "a refused HOME made no directory outside the staging tree" "$(ls -d "$scratch/escaped" /escaped 2>&1)"
fi
for home in / /bin /etc /etc/alice /usr/bin /dev/shm /home /root /var/log; do
	expect_error "HOME $home, a system directory, is refused" "users:4:19: user alice: HOME $home is a system directory" \
		stage "alice 1000 1000 - $home /bin/sh -"
done
expect_error "a SHELL with .. is refused" "SHELL must be an absolute, normalised path" \
	stage "alice 1000 1000 - - /bin/../bin/sh -"
mkdir -p "$scratch/evil/etc" "$scratch/outside"
ln -s "$scratch/outside" "$scratch/evil/home"
stage_evil() {
	ROOTFS_OVERLAY=$scratch/evil
	export ROOTFS_OVERLAY
	rc=0
	stage "$@" || rc=$?
	unset ROOTFS_OVERLAY
	return "$rc"
}
expect_error "a HOME under a symlink an overlay made is refused" "/home is a symlink in the root filesystem" \
	stage_evil "alice 1000 1000 - /home/alice /bin/sh -"
if [ -z "$(ls -A "$scratch/outside")" ]; then
	pass "nothing was made through the overlay's symlink"
else
	fail "nothing was made through the overlay's symlink" "$(ls -A "$scratch/outside")"
fi
# An overlay's symlink at a path the build writes is refused, never written
# through: the host's file and directory stay as they were.
echo "host file" >"$scratch/outside/host-file"
for link in etc/passwd etc/shadow etc/group etc/network.conf var/service:dir root/.ssh:dir; do
	rm -rf "$scratch/ln-ov"
	path=${link%:dir}
	mkdir -p "$scratch/ln-ov/$(dirname "$path")"
	case $link in
	*:dir) ln -s "$scratch/outside" "$scratch/ln-ov/$path" ;;
	*) ln -s "$scratch/outside/host-file" "$scratch/ln-ov/$path" ;;
	esac
	printf 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIAABAgMEBQYHCAkKCwwNDg8QERITFBUWFxgZGhscHR4f example\n' >"$scratch/ln-keys"
	expect_error "an overlay's symlink at /$path is refused" "/$path is a symlink" \
		env ROOTFS_OVERLAY="$scratch/ln-ov" AUTHORIZED_KEYS_FILE="$scratch/ln-keys" \
		"$top/scripts/mkrootfs.sh" "$scratch/lnstage" "$scratch/skel" "$scratch/cfg" \
		"$scratch/cfg/permissions" "$scratch/bb"
done
if [ "$(cat "$scratch/outside/host-file")" = "host file" ] && [ "$(ls -A "$scratch/outside")" = host-file ]; then
	pass "nothing on the host was written through an overlay's symlink"
else
	fail "nothing on the host was written through an overlay's symlink" "$(ls -lA "$scratch/outside")"
fi

# config/services: plain names only; config/network: known keys, checked
# values, never code.
cp "$scratch/cfg/services" "$scratch/cfg/services.good"
cp "$scratch/cfg/network" "$scratch/cfg/network.good"
printf 'syslogd\n../../outside\n' >"$scratch/cfg/services"
expect_error "a service named with a path is refused with its line and column" \
	"services:2:1: a service is one plain name" stage
printf 'syslogd\0udhcpc\n' >"$scratch/cfg/services"
expect_error "a NUL byte in config/services is refused" "services: a NUL byte" stage
cp "$scratch/cfg/services.good" "$scratch/cfg/services"
printf 'NET_MODE=dhcp\nNET_X=$(touch /tmp/pwned)\n' >"$scratch/cfg/network"
expect_error "an unknown config/network key is refused" "network:2:1: want NET_MODE, NET_ADDRESS" stage
printf 'NET_MODE=static\nNET_ADDRESS=10.0.2.15/24;reboot\nNET_GATEWAY=10.0.2.2\nNET_DNS=10.0.2.3\n' \
	>"$scratch/cfg/network"
expect_error "a config/network value that is not an address is refused" "network:2:13: NET_ADDRESS=" stage
printf 'NET_MODE=static\nNET_ADDRESS=10.0.2.15/24\n' >"$scratch/cfg/network"
expect_error "static networking without a gateway is refused" "static networking needs NET_GATEWAY" stage
printf '# static\nNET_MODE=static\nNET_ADDRESS=10.0.2.15/24\nNET_GATEWAY=10.0.2.2\nNET_DNS=10.0.2.3\n' \
	>"$scratch/cfg/network"
if stage 2>"$scratch/err" && [ "$(cat "$scratch/stage/etc/network.conf")" = "NET_MODE=static
NET_ADDRESS=10.0.2.15/24
NET_GATEWAY=10.0.2.2
NET_DNS=10.0.2.3" ]; then
	pass "/etc/network.conf holds the checked keys only"
else
	fail "/etc/network.conf holds the checked keys only" "$(cat "$scratch/err" "$scratch/stage/etc/network.conf")"
fi
cp "$scratch/cfg/network.good" "$scratch/cfg/network"

mkdir -p "$scratch/crlf-root"
printf 'root 0 0 wheel /root /bin/sh -\r\n' >"$scratch/crlf-users"
expect_error "a users table with CRLF line endings says so" "crlf-users:1:31: CRLF line endings" \
	"$top/scripts/mkusers.sh" "$scratch/crlf-users" "$top/config/groups" "$scratch/crlf-root"
printf 'root 0\r\n' >"$scratch/crlf-groups"
expect_error "a groups table with CRLF line endings says so" "crlf-groups:1:7: CRLF line endings" \
	"$top/scripts/mkusers.sh" "$top/config/users" "$scratch/crlf-groups" "$scratch/crlf-root"
printf 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIAABAgMEBQYHCAkKCwwNDg8QERITFBUWFxgZGhscHR4f example\r\n' >"$scratch/crlf-keys"
stage_keys() {
	AUTHORIZED_KEYS_FILE=$scratch/crlf-keys
	export AUTHORIZED_KEYS_FILE
	rc=0
	stage "$@" || rc=$?
	unset AUTHORIZED_KEYS_FILE
	return "$rc"
}
expect_error "authorized_keys with CRLF line endings says so" "crlf-keys:1:89: CRLF line endings" stage_keys
stage "bob 1001 100 - - /bin/sh -"
if [ "$(field bob 3 passwd)" = 1001 ] && [ ! -e "$scratch/stage.tmp" ]; then
	pass "a refused table leaves the last good staging alone"
else
	fail "a refused table leaves the last good staging alone"
fi

# Overlays, in order, over the skeleton; then the post-build hook.
mkdir -p "$scratch/ov1/etc" "$scratch/ov2/etc" "$scratch/ov1/home/alice"
echo ov1 >"$scratch/ov1/etc/motd"
echo ov1 >"$scratch/ov1/etc/issue"
echo ov1 >"$scratch/ov1/home/alice/.profile"
echo ov2 >"$scratch/ov2/etc/motd"
printf '#!/bin/sh\nset -eu\n[ "$(pwd)" = "$1" ]\necho "hook saw $(cat etc/motd)" >"$1/etc/hooked"\n' \
	>"$scratch/hook"
chmod +x "$scratch/hook"
(
	export ROOTFS_OVERLAY="$scratch/ov1 $scratch/ov2" POST_BUILD="$scratch/hook"
	stage "alice 1000 1000 - /home/alice /bin/sh -"
) >"$scratch/err" 2>&1 || cat "$scratch/err"
if [ "$(cat "$scratch/stage/etc/motd" "$scratch/stage/etc/issue")" = "ov2
ov1" ]; then
	pass "overlays go over the skeleton in order, the last one winning"
else
	fail "overlays go over the skeleton in order, the last one winning"
fi
if [ "$(cat "$scratch/stage/etc/hooked" 2>&1)" = "hook saw ov2" ]; then
	pass "the post-build hook runs in the staged tree, after the overlays"
else
	fail "the post-build hook runs in the staged tree, after the overlays"
fi
if grep -q '^/home/alice/.profile f 0644 1000 1000$' "$scratch/stage.permissions"; then
	pass "what an overlay puts in a home is owned by its user"
else
	fail "what an overlay puts in a home is owned by its user" "$(cat "$scratch/stage.permissions")"
fi
printf '#!/bin/sh\nrm -f "$1/etc/motd"\nexit 3\n' >"$scratch/badhook"
chmod +x "$scratch/badhook"
expect_error "a failing hook fails the build, naming it" "badhook failed with status 3" \
	env POST_BUILD="$scratch/badhook" "$top/scripts/mkrootfs.sh" "$scratch/stage" "$scratch/skel" \
	"$scratch/cfg" "$scratch/cfg/permissions" "$scratch/bb"
if [ -f "$scratch/stage/etc/hooked" ] && [ -f "$scratch/stage/etc/motd" ]; then
	pass "a failing hook leaves the last good staging alone"
else
	fail "a failing hook leaves the last good staging alone"
fi
expect_error "a missing overlay directory is named" "ROOTFS_OVERLAY: $scratch/nowhere is not a directory" \
	env ROOTFS_OVERLAY="$scratch/nowhere" "$top/scripts/mkrootfs.sh" "$scratch/stage" \
	"$scratch/skel" "$scratch/cfg" "$scratch/cfg/permissions" "$scratch/bb"

if [ -n "${BUSYBOX:-}" ]; then
	expect_ok "check-static accepts the static busybox" "$top/scripts/check-static.sh" "$BUSYBOX"
fi
expect_error "check-static refuses a dynamic binary" "dynamically linked" \
	"$top/scripts/check-static.sh" /bin/sh
expect_error "check-static refuses a non-ELF file" "not an ELF file" \
	"$top/scripts/check-static.sh" "$scratch/cfg/users"

# check-toolchain.sh: before the long build, the cross compiler must link a
# static program, or the one line says what is missing.
expect_error "toolchain: a missing compiler is named, with the way to get it" \
	"toolchain: no nosuch-linux-gnu-gcc for ARCH=nosuch: run make deps ARCH=nosuch" \
	"$top/scripts/check-toolchain.sh" nosuch-linux-gnu- nosuch
mkdir -p "$scratch/cross"
printf '#!/bin/sh\necho "ld: cannot find -lgcc: No such file or directory" >&2\nexit 1\n' \
	>"$scratch/cross/fake-linux-gnu-gcc"
chmod +x "$scratch/cross/fake-linux-gnu-gcc"
expect_error "toolchain: a compiler that cannot link says why" \
	"fake-linux-gnu-gcc cannot link a static program for ARCH=fake: ld: cannot find -lgcc" \
	env PATH="$scratch/cross:$PATH" "$top/scripts/check-toolchain.sh" fake-linux-gnu- fake
if [ "$(grep -c . "$scratch/err")" = 1 ]; then
	pass "toolchain: in one line"
else
	fail "toolchain: in one line" "$(cat "$scratch/err")"
fi
expect_ok "toolchain: this machine's compiler for ${ARCH:-x86_64} links" \
	"$top/scripts/check-toolchain.sh" "${CROSS_COMPILE:-x86_64-linux-gnu-}" "${ARCH:-x86_64}"

# deps.sh names what is missing and the exact install line, without
# installing anything here (DEPS_NO_INSTALL=1).
mkdir -p "$scratch/bin"
for t in sh id; do ln -s "$(command -v "$t")" "$scratch/bin/$t"; done
ln -s "$(command -v apt-get)" "$scratch/bin/apt-get"
arch_deps="qemu-system-aarch64:qemu-system-arm aarch64-linux-gnu-gcc:gcc-aarch64-linux-gnu"
expect_error "deps: the missing tools are named, in one line" "deps: missing: cc make flex" \
	env PATH="$scratch/bin" DEPS_NO_INSTALL=1 "$top/scripts/deps.sh" $arch_deps
expect_error "deps: an architecture's missing tool is named" " qemu-system-aarch64 aarch64-linux-gnu-gcc" \
	env PATH="$scratch/bin" DEPS_NO_INSTALL=1 "$top/scripts/deps.sh" $arch_deps
expect_error "deps: the exact apt-get line is printed" \
	"please run: apt-get install -y gcc make flex bison bc perl" \
	env PATH="$scratch/bin" DEPS_NO_INSTALL=1 "$top/scripts/deps.sh" $arch_deps
expect_error "deps: the test tools are in the install line" "expect cpio util-linux" \
	env PATH="$scratch/bin" DEPS_NO_INSTALL=1 "$top/scripts/deps.sh" $arch_deps
expect_error "deps: an architecture's tools are in the install line" \
	"openssl jq qemu-system-arm gcc-aarch64-linux-gnu" \
	env PATH="$scratch/bin" DEPS_NO_INSTALL=1 "$top/scripts/deps.sh" $arch_deps
expect_error "deps: a malformed TOOL:PACKAGE is refused" "'qemu' is not TOOL:DEBIAN-PACKAGE" \
	env PATH="$scratch/bin" DEPS_NO_INSTALL=1 "$top/scripts/deps.sh" qemu
# make deps-all asks for every architecture's tools at once: in a PATH of
# this machine's commands but one architecture's qemu and one's compiler,
# it names both, and the install line has both packages. make -n does not
# run it.
farm=$scratch/farm
mkdir -p "$farm"
for d in /usr/local/bin /usr/bin /bin /usr/sbin /sbin; do
	[ -d "$d" ] && for f in "$d"/*; do [ -e "$farm/${f##*/}" ] || ln -s "$f" "$farm/${f##*/}"; done
done
rm -f "$farm/qemu-system-riscv64" "$farm/arm-linux-gnueabihf-gcc"
expect_error "make deps-all names every architecture's missing tools" \
	"deps: missing: arm-linux-gnueabihf-gcc qemu-system-riscv64" \
	env PATH="$farm" DEPS_NO_INSTALL=1 "$top/tests/submake" -s -C "$top" O="$scratch/deps-o" DL_DIR="$scratch/deps-dl" deps-all
expect_error "... and puts their packages in one install line" \
	"please run: apt-get install -y gcc-arm-linux-gnueabihf qemu-system-misc" \
	env PATH="$farm" DEPS_NO_INSTALL=1 "$top/tests/submake" -s -C "$top" O="$scratch/deps-o" DL_DIR="$scratch/deps-dl" deps-all
if env PATH="$farm" DEPS_NO_INSTALL=1 "$top/tests/submake" -n -C "$top" O="$scratch/deps-n-o" DL_DIR="$scratch/deps-dl" deps-all >"$scratch/out" 2>&1 &&
	grep -q 'scripts/deps.sh' "$scratch/out" && [ ! -e "$scratch/deps-n-o" ]; then
	pass "make -n deps-all prints what it would run, and runs nothing"
else
	fail "make -n deps-all prints what it would run, and runs nothing" "$(cat "$scratch/out")"
fi

# apt-get's output goes to DEPS_LOG, and only its tail to the terminal when
# it fails: a fake apt-get (and sudo, for a user) says 100 lines.
rm "$scratch/bin/apt-get"
for t in cat tail mkdir dirname seq; do ln -s "$(command -v "$t")" "$scratch/bin/$t"; done
printf '#!/bin/sh\n[ "$1" = -n ] && shift\nexec "$@"\n' >"$scratch/bin/sudo"
printf '#!/bin/sh\nfor i in $(seq 100); do echo "apt line $i"; done\nexit ${FAKE_APT_RC:-0}\n' >"$scratch/bin/apt-get"
chmod +x "$scratch/bin/sudo" "$scratch/bin/apt-get"
if env PATH="$scratch/bin" DEPS_LOG="$scratch/apt/deps.log" "$top/scripts/deps.sh" $arch_deps \
	>"$scratch/out" 2>&1 && [ "$(grep -c . "$scratch/out")" -eq 1 ] &&
	grep -q "^deps: installing: gcc .* (log: $scratch/apt/deps.log)\$" "$scratch/out" &&
	[ "$(grep -c '^apt line' "$scratch/apt/deps.log")" -eq 100 ]; then
	pass "deps: apt-get's output goes to the log, one line on the terminal"
else
	fail "deps: apt-get's output goes to the log, one line on the terminal" "$(cat "$scratch/out")"
fi
expect_error "deps: apt-get failing shows the log's tail and says so" "apt line 100" \
	env PATH="$scratch/bin" DEPS_LOG="$scratch/apt/deps.log" FAKE_APT_RC=100 "$top/scripts/deps.sh" $arch_deps
rm "$scratch/bin/apt-get"
expect_error "deps: without apt-get, says what to install" "no apt-get here" \
	env PATH="$scratch/bin" "$top/scripts/deps.sh"
# shellcheck disable=SC2086 # ARCH_DEPS is a list
expect_ok "deps: this machine has everything for ${ARCH:-x86_64}" "$top/scripts/deps.sh" ${ARCH_DEPS:-}

# logged.sh: on a terminal (script gives one), a step still running says how
# far it is (every PROGRESS_S seconds, 30 by default), against the last
# successful run's lines; off a terminal, nothing but the step's own line.
echo 3 >"$scratch/step.log.lines"
if script -qec "PROGRESS_S=1 '$top/scripts/logged.sh' '$scratch/step.log' sh -c 'echo a; echo b; sleep 2.5'" \
	/dev/null >"$scratch/progress" 2>&1 &&
	grep -q '^  \.\.\.     step\.log: [12] s, 2 lines of about 3' "$scratch/progress" &&
	[ "$(cat "$scratch/step.log.lines")" = 2 ]; then
	pass "logged.sh: a long step on a terminal says how far it is"
else
	fail "logged.sh: a long step on a terminal says how far it is" "$(cat "$scratch/progress")"
fi
if PROGRESS_S=1 "$top/scripts/logged.sh" "$scratch/step.log" sh -c 'sleep 1.5' >"$scratch/progress" 2>&1 &&
	[ ! -s "$scratch/progress" ]; then
	pass "logged.sh: off a terminal, it says nothing while the step runs"
else
	fail "logged.sh: off a terminal, it says nothing while the step runs" "$(cat "$scratch/progress")"
fi

# keep-booted.sh install: the stamp goes with the rename, so a build killed
# between the two leaves an image that counts as made, not booted.
kb=$top/scripts/keep-booted.sh
d=$scratch/kb
mkdir -p "$d"
echo old >"$d/disk.img"
touch -d '-2 hours' "$d/disk.img"
touch -r "$d/disk.img" "$d/made"
echo new >"$d/disk.img.new"
touch -r "$d/disk.img.new" "$d/made.next" && mv "$d/disk.img.new" "$d/disk.img" # killed here
if "$kb" "$d/disk.img" "$d/made" keep >"$scratch/out" 2>&1 && [ ! -e "$d/disk.img.old" ] && [ ! -s "$scratch/out" ]; then
	pass "keep-booted.sh: an image renamed just before a kill counts as made, not booted"
else
	fail "keep-booted.sh: an image renamed just before a kill counts as made, not booted" "$(cat "$scratch/out")"
fi
echo newer >"$d/disk.img.new"
if "$kb" "$d/disk.img" "$d/made" install "$d/disk.img.new" && [ "$(cat "$d/disk.img")" = newer ] &&
	[ ! -e "$d/made.next" ] && [ "$(stat -c %y "$d/made")" = "$(stat -c %y "$d/disk.img")" ]; then
	pass "keep-booted.sh install: the image renamed, its stamp with its time"
else
	fail "keep-booted.sh install: the image renamed, its stamp with its time" "$(ls -l --full-time "$d")"
fi
echo "written in the guest" >>"$d/disk.img"
if "$kb" "$d/disk.img" "$d/made" keep >"$scratch/out" 2>&1 && [ -e "$d/disk.img.old" ] && [ ! -e "$d/disk.img" ]; then
	pass "keep-booted.sh: an image written since it was made is kept as .old"
else
	fail "keep-booted.sh: an image written since it was made is kept as .old" "$(cat "$scratch/out")"
fi
expect_error "keep-booted.sh: install needs the new image's name" "usage:" "$kb" "$d/disk.img" "$d/made" install
expect_error "mkimage.sh: an EFI_BOOT_FILE out of its directory is refused" "must be a file's name" \
	env IMAGE_BOOT=syslinux ROOT_PART_TYPE=x EFI_BOOT_FILE=../x "$top/scripts/mkimage.sh" a b c d

# mkusers.sh with the host's / as ROOT: refused before anything is written.
# Run as nobody when this is root, so that a broken check cannot write the
# host's /etc: its tables are copied where nobody can read them.
mu=$(mktemp -d "${TMPDIR:-/tmp}/mkusers-root.XXXXXX")
cp "$top/scripts/mkusers.sh" "$top/scripts/tables.awk" "$top/config/users" "$top/config/groups" "$mu/"
chmod -R a+rX "$mu"
ln -s / "$mu/host-root"
as_nobody=
[ "$(id -u)" -ne 0 ] || as_nobody="setpriv --reuid=65534 --regid=65534 --clear-groups --"
for r in / "$mu/host-root"; do
	# shellcheck disable=SC2086 # as_nobody is a command line or nothing
	expect_error "mkusers.sh refuses ROOT=$r, the host's /" "is the host's /" \
		$as_nobody sh "$mu/mkusers.sh" "$mu/users" "$mu/groups" "$r"
done
rm -rf "$mu"

# check-keys.sh: what dropbear would read otherwise than its writer meant.
ck=$top/scripts/check-keys.sh
key=AAAAC3NzaC1lZDI1NTE5AAAAIAABAgMEBQYHCAkKCwwNDg8QERITFBUWFxgZGhscHR4f
printf '%s\n' "# root's keys" "" "ssh-ed25519 $key me@host" \
	"no-pty,command=\"echo a, \\\"b\\\"\",permitopen=\"h:1\" ssh-ed25519 $key" "restrict ssh-ed25519 $key" >"$scratch/keys"
expect_ok "check-keys.sh: keys, comments, options with quoted commas and quotes" "$ck" "$scratch/keys"
# keys_refused NAME LINE WANT: a file of LINE is refused, saying WANT.
keys_refused() {
	printf '%s\n' "$2" >"$scratch/bad-keys"
	expect_error "check-keys.sh: $1" "$3" "$ck" "$scratch/bad-keys"
}
keys_refused "a key cut short is refused" "ssh-ed25519 ${key%????????} me" "bad-keys:1:13: the key ends inside a field"
keys_refused "a word before the type (read as options) is refused" "garbage ssh-ed25519 $key" \
	"bad-keys:1:1: not an option dropbear knows: garbage"
keys_refused "an option dropbear does not know is refused" "no-pty,from=\"x\" ssh-ed25519 $key" \
	"bad-keys:1:8: not an option dropbear knows: from"
keys_refused "an unclosed quote in an option is refused" "command=\"ls ssh-ed25519 $key" "has no closing quote"
keys_refused "an ed25519 key given as ssh-rsa is refused" "ssh-rsa $key" "bad-keys:1:9: the key inside is not ssh-rsa"
keys_refused "two keys pasted together are refused" "ssh-ed25519 $key$key" "the key has 4 fields, not 2"
keys_refused "a type without a key is refused" "ssh-ed25519" "not a key in base64 after ssh-ed25519: nothing"
keys_refused "a control byte is shown as ?, not sent to the terminal" "$(printf '\033[31m') ssh-ed25519 $key" \
	"not an option or a key type: ?[31m ssh"

# The staged permissions table names the user's table, so that mkcpio's
# messages give its lines, not the copy's.
printf '/etc/nothere f 0600 0 0' >>"$scratch/cfg/permissions" # no final line break
if stage 2>"$scratch/err" && [ "$(head -n 1 "$scratch/stage.permissions")" = "#file $scratch/cfg/permissions" ] &&
	! "$MKCPIO" -p "$scratch/stage.permissions" -o "$scratch/p.cpio" "$scratch/stage" 2>"$scratch/err" &&
	grep -q "^mkcpio: $scratch/cfg/permissions:[0-9]*:1: '/etc/nothere' is not in the tree" "$scratch/err"; then
	pass "a permissions error names config/permissions and its line, not the staged copy"
else
	fail "a permissions error names config/permissions and its line, not the staged copy" "$(cat "$scratch/err")"
fi

# mkext4.sh with a tree to add (the disk kernel's modules): its files go in
# beside the staged tree's, owned by root; one that would replace a staged
# file is refused.
mkdir -p "$scratch/e4/stage/etc" "$scratch/e4/add/lib/modules/1" "$scratch/e4/clash/etc"
echo staged >"$scratch/e4/stage/etc/passwd"
echo module >"$scratch/e4/add/lib/modules/1/m.ko"
echo other >"$scratch/e4/clash/etc/passwd"
printf '/ d 0755 0 0\n' >"$scratch/e4/table"
if MKCPIO=$MKCPIO "$top/scripts/mkext4.sh" "$scratch/e4/stage" "$scratch/e4/table" "$scratch/e4/root.ext4" 1 \
	0f0e0d0c-0b0a-4908-8706-050403020100 0 "$scratch/e4/add" 2>"$scratch/err" &&
	[ "$(debugfs -R "cat /lib/modules/1/m.ko" "$scratch/e4/root.ext4" 2>/dev/null)" = module ] &&
	[ "$(debugfs -R "cat /etc/passwd" "$scratch/e4/root.ext4" 2>/dev/null)" = staged ] &&
	debugfs -R "stat /lib/modules/1/m.ko" "$scratch/e4/root.ext4" 2>/dev/null | tr -s ' ' | grep -q "User: 0 Group: 0 "; then
	pass "mkext4.sh: an added tree's files are in the root beside the staged ones, root's"
else
	fail "mkext4.sh: an added tree's files are in the root beside the staged ones, root's" "$(cat "$scratch/err")"
fi
expect_error "mkext4.sh: an added tree may not replace a staged file" "would replace what the staged tree has: etc/passwd" \
	env MKCPIO="$MKCPIO" "$top/scripts/mkext4.sh" "$scratch/e4/stage" "$scratch/e4/table" "$scratch/e4/r2.ext4" 1 \
	0f0e0d0c-0b0a-4908-8706-050403020100 0 "$scratch/e4/clash"
