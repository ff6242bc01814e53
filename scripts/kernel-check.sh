#!/bin/sh
# kernel-check.sh: before make run boots a prebuilt kernel (KERNEL=path),
# check that it is one qemu boots for this architecture, and that its
# .config, when one can be found, has what the initramfs needs: the
# symbols of NEEDS (config/linux.needs) and the architecture's console
# (KERNEL_NEEDS). The .config is KERNEL_CONFIG, or the kernel build tree's:
# beside KERNEL (vmlinux), or three levels up (arch/ARCH/boot/IMAGE).
#
#   kernel-check.sh KERNEL NEEDS         check; say which .config was read
#   kernel-check.sh --vmlinux KERNEL     print the vmlinux with KERNEL's
#                                        symbols, for gdb
#   kernel-check.sh --config CONFIG NEEDS   check that .config alone: the
#                                        configure step of LINUX_SRC=dir
# The environment gives LINUX_ARCH, KERNEL_NEEDS and, optionally,
# KERNEL_CONFIG, and SHARE when make run shares a directory (9p).
set -eu

die() { echo "kernel-check: $*" >&2; exit 1; }
mode=check
if [ "${1:-}" = --config ]; then
	[ $# -eq 3 ] || { echo "usage: $0 --config CONFIG NEEDS" >&2; exit 2; }
	mode=config config=$2 needs=$3 kernel="the kernel of $2" kind=
	if [ ! -f "$config" ] || [ ! -r "$config" ]; then die "$config: no such readable file"; fi
elif [ "${1:-}" = --vmlinux ]; then
	mode=vmlinux
	shift
	[ $# -eq 1 ] || { echo "usage: $0 --vmlinux KERNEL" >&2; exit 2; }
else
	[ $# -eq 2 ] || { echo "usage: $0 KERNEL NEEDS   (LINUX_ARCH, KERNEL_NEEDS, KERNEL_CONFIG)" >&2; exit 2; }
	needs=$2
fi
: "${LINUX_ARCH:?LINUX_ARCH is not set}"
# The kernel: its kind, from its boot header, and its build tree.
if [ "$mode" != config ]; then
	kernel=$1
	[ ! -d "$kernel" ] || die "KERNEL=$kernel is a directory: name the kernel image in it (for example arch/x86/boot/bzImage)"
	if [ ! -f "$kernel" ] || [ ! -r "$kernel" ]; then die "KERNEL=$kernel: no such readable file"; fi

	# The bytes at OFFSET, COUNT of them, as hex: hexbytes OFFSET COUNT.
	hexbytes() { od -An -tx1 -j "$1" -N "$2" "$kernel" | tr -d ' \n'; }
	# What the file is, from its magic numbers (the kernel's boot protocols).
	kind=
	case $(hexbytes 0 4) in
	7f454c46)
		# ELF: e_machine, 2 bytes little-endian at 18.
		case $(hexbytes 18 2) in
		3e00) kind="an x86_64 vmlinux" ;;
		b700) kind="an arm64 vmlinux" ;;
		f300) kind="a riscv vmlinux" ;;
		2800) kind="an arm vmlinux" ;;
		*) kind="an ELF file for another machine" ;;
		esac
		;;
	esac
	if [ -z "$kind" ]; then
		if [ "$(hexbytes 514 4)" = 48647253 ]; then
			kind="an x86_64 bzImage" # "HdrS" at 0x202
		elif [ "$(hexbytes 56 4)" = 41524d64 ]; then
			kind="an arm64 Image" # "ARM\x64" at 0x38
		elif [ "$(hexbytes 56 4)" = 52534305 ]; then
			kind="a riscv Image" # "RSC\x05" at 0x38
		elif [ "$(hexbytes 36 4)" = 18286f01 ]; then
			kind="an arm zImage" # 0x016f2818 at 0x24
		fi
	fi
	# What qemu boots with -kernel for each architecture: x86_64 boots a
	# vmlinux through PVH as well as a bzImage; the others their Image.
	case $LINUX_ARCH:$kind in
	"x86_64:an x86_64 bzImage" | "x86_64:an x86_64 vmlinux" | "arm64:an arm64 Image" | "riscv:a riscv Image" | "arm:an arm zImage") ;;
	*:) die "KERNEL=$kernel is not a kernel image qemu boots for $LINUX_ARCH (no boot header found)" ;;
	*) die "KERNEL=$kernel is $kind, not a kernel qemu boots for $LINUX_ARCH" ;;
	esac

	# The build tree's .config: given, beside the file, or above arch/*/boot/.
	dir=$(cd "$(dirname "$kernel")" && pwd)
	config=${KERNEL_CONFIG:-}
	if [ -n "$config" ]; then
		if [ ! -f "$config" ] || [ ! -r "$config" ]; then die "KERNEL_CONFIG=$config: no such readable file"; fi
	else
		for c in "$dir/.config" "$dir/../../../.config"; do
			if [ -f "$c" ]; then
				config=$(cd "$(dirname "$c")" && pwd)/.config
				break
			fi
		done
	fi

	if [ "$mode" = vmlinux ]; then
		case $kind in *vmlinux) echo "$dir/$(basename "$kernel")"; exit 0 ;; esac
		if [ -z "$config" ] || [ ! -f "$(dirname "$config")/vmlinux" ]; then
			die "no vmlinux beside $kernel or in its build tree: give gdb's symbols with VMLINUX=path"
		fi
		echo "$(dirname "$config")/vmlinux"
		exit 0
	fi
fi

[ -r "$needs" ] || die "$needs: cannot read"
if [ -z "$config" ]; then
	echo "kernel-check: $kernel ($kind): no .config beside it or in its build tree (KERNEL_CONFIG=file names" \
		"one): its options are not checked; config/linux.needs lists what the boot needs" >&2
	exit 0
fi
case $kind in "an x86_64 vmlinux") elf_needs="PVH" ;; *) elf_needs= ;; esac
for s in ${KERNEL_NEEDS:-}; do
	case $s in *[!A-Z0-9_]*) die "KERNEL_NEEDS: '$s' is not a kernel option's name (such as SERIAL_8250_CONSOLE)" ;; esac
done
# Each need: CONFIG_SYM=y in the .config, or a line saying why it is needed.
# shellcheck disable=SC2086 # KERNEL_NEEDS is a list of symbols
{
	cat "$needs"
	for s in ${KERNEL_NEEDS:-}; do echo "$s the console, for $LINUX_ARCH"; done
	for s in $elf_needs; do echo "$s qemu boots a vmlinux through PVH"; done
	if [ -n "${SHARE:-}" ]; then
		echo "NET_9P_VIRTIO SHARE=dir reaches the guest over virtio-9p"
		echo "9P_FS SHARE=dir is mounted as a 9p filesystem"
	fi
} | awk -v needs="$needs" -v config="$config" '
	FNR == NR {
		if (/^[ \t]*(#|$)/) next
		if ($1 !~ /^[A-Z0-9_]+$/ || NF < 2) {
			printf "kernel-check: %s:%d: not SYMBOL REASON: %s\n", needs, FNR, $0; bad = 1; next
		}
		sym[++n] = $1; why[n] = $0; sub(/^[A-Z0-9_]+[ \t]+/, "", why[n])
		next
	}
	/^CONFIG_[A-Z0-9_]+=y$/ { have[substr($0, 8, length($0) - 9)] = 1 }
	END {
		if (bad) exit 2
		for (i = 1; i <= n; i++)
			if (!(sym[i] in have)) {
				printf "kernel-check: %s lacks CONFIG_%s=y: %s\n", config, sym[i], why[i]
				missing = 1
			}
		exit missing
	}
' - "$config" >&2 || die "$kernel cannot boot this initramfs: build it with the options above"
if [ "$mode" = config ]; then
	echo "kernel-check: $config has what the initramfs needs"
else
	echo "kernel-check: $kernel ($kind): $config has what the initramfs needs"
fi
