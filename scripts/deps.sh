#!/bin/sh
# deps.sh: check that every host tool the build needs is here: the common
# ones below, and those given as arguments (an architecture's ARCH_DEPS:
# its cross compiler, qemu and firmware). Missing ones are installed with
# apt when we may (root, or passwordless sudo); otherwise print the exact
# command to run, and fail. With DEPS_LOG set, apt's output goes there, and
# only its tail is shown, when it fails.
set -eu

# TOOL:DEBIAN-PACKAGE. A TOOL starting with / is a file, not a command.
NEEDS="
cc:gcc make:make flex:flex bison:bison bc:bc perl:perl
xz:xz-utils bzip2:bzip2 gzip:gzip tar:tar patch:patch rsync:rsync
readelf:binutils sha256sum:coreutils curl:curl dpkg-deb:dpkg
/usr/include/libelf.h:libelf-dev
expect:expect cpio:cpio setpriv:util-linux script:bsdutils
mke2fs:e2fsprogs sfdisk:fdisk mkfs.vfat:dosfstools mcopy:mtools
qemu-img:qemu-utils ss:iproute2 depmod:kmod ssh:openssh-client ssh-keygen:openssh-client
busybox:busybox openssl:openssl jq:jq
$*"
for need in $NEEDS; do
	case $need in
	?*:?*) ;;
	*) echo "deps: '$need' is not TOOL:DEBIAN-PACKAGE" >&2; exit 2 ;;
	esac
done
# Some of these are in sbin, which a user's PATH may lack.
PATH=$PATH:/usr/sbin:/sbin

missing='' tools=''
for need in $NEEDS; do
	tool=${need%%:*}
	case $tool in
	/*) [ -e "$tool" ] && continue ;;
	*) command -v "$tool" >/dev/null 2>&1 && continue ;;
	esac
	tools="$tools $tool"
	case " $missing " in *" ${need#*:} "*) ;; *) missing="$missing ${need#*:}" ;; esac
done
[ -n "$missing" ] || exit 0
# When they cannot be installed here: what is missing, and what to run.
missing_line() { echo "deps: missing:$tools" >&2; }

line="apt-get install -y$missing"
if ! command -v apt-get >/dev/null 2>&1; then
	missing_line
	echo "deps: no apt-get here; install the equivalents of:$missing" >&2
	exit 1
fi
# DEPS_NO_INSTALL=1 only reports, as for a user who may not install.
if [ "${DEPS_NO_INSTALL:-0}" = 1 ]; then
	missing_line
	echo "deps: please run: $line" >&2
	exit 1
elif [ "$(id -u)" -eq 0 ]; then
	sudo=
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
	sudo=sudo
elif command -v sudo >/dev/null 2>&1; then
	missing_line
	echo "deps: please run: sudo $line" >&2
	exit 1
else
	missing_line
	echo "deps: please run as root: $line" >&2
	exit 1
fi
log=${DEPS_LOG:-}
if [ -n "$log" ]; then
	mkdir -p "$(dirname "$log")"
	: >"$log"
fi
echo "deps: installing:$missing${log:+ (log: $log)}" >&2
export DEBIAN_FRONTEND=noninteractive
apt() { # ARGS...: apt-get, into the log when there is one
	if [ -n "$log" ]; then
		# shellcheck disable=SC2086 # sudo is a word or nothing
		$sudo apt-get "$@" >>"$log" 2>&1
	else
		# shellcheck disable=SC2086
		$sudo apt-get "$@" >&2
	fi
}
# shellcheck disable=SC2086 # word splitting of the package list is wanted
if ! apt install -y -q --no-install-recommends $missing &&
	! { apt update -q && apt install -y -q --no-install-recommends $missing; }; then
	[ -z "$log" ] || tail -n 20 "$log" >&2
	echo "deps: apt-get could not install:$missing${log:+ (log: $log)}" >&2
	exit 1
fi
