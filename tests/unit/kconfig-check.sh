#!/bin/sh
# Unit tests for scripts/kconfig-check.sh: every symbol a fragment asks for
# must be in the final .config with the requested value.
set -eu
. "$(dirname "$0")/../lib.sh"
top=$(cd "$(dirname "$0")/../.." && pwd)
check=$top/scripts/kconfig-check.sh

config='CONFIG_A=y
CONFIG_B=m
CONFIG_S="hello"
CONFIG_N=5
# CONFIG_OFF is not set'
printf '%s\n' "$config" >"$scratch/.config"

# row NAME ok|error:TEXT FRAGMENT
row() {
	printf '%b' "$3" >"$scratch/fragment"
	case $2 in
	ok) expect_ok "$1" "$check" "$scratch/fragment" "$scratch/.config" ;;
	error:*) expect_error "$1" "${2#error:}" "$check" "$scratch/fragment" "$scratch/.config" ;;
	esac
}

row "symbols with their values are accepted" ok \
	'# comment\nCONFIG_A=y\nCONFIG_B=m\nCONFIG_S="hello"\nCONFIG_N=5\n'
row "an unset symbol may be absent or not set" ok \
	'# CONFIG_OFF is not set\n# CONFIG_ABSENT is not set\n'
row "a dropped symbol is named" "error:CONFIG_DROPPED=y requested, but the final config has no CONFIG_DROPPED" \
	'CONFIG_A=y\nCONFIG_DROPPED=y\n'
row "y wanted but m given is detected" "error:CONFIG_B=y requested, but the final config has CONFIG_B=m" \
	'CONFIG_B=y\n'
row "a changed string is detected" 'error:CONFIG_S="bye" requested' 'CONFIG_S="bye"\n'
row "a changed number is detected" "error:CONFIG_N=6 requested" 'CONFIG_N=6\n'
row "a symbol wanted off but on is detected" "error:CONFIG_A=n requested, but the final config has CONFIG_A=y" \
	'# CONFIG_A is not set\n'
row "a line that is not config is refused" "error:not a config line" 'A=y\n'
row "the line number of the failing symbol is given" "error:fragment:3:" \
	'CONFIG_A=y\n\nCONFIG_GONE=y\n'
expect_error "a missing .config is reported" "cannot read" \
	"$check" "$scratch/fragment" "$scratch/none"

# The real thing, on x86_64: without CONFIG_PCI, Kconfig drops the PCI
# drivers from the kernel config, and the check must name them.
src=${O:-$top/out}/src/linux-${LINUX_VERSION:-}
arch=$top/config/arch/x86_64.fragment
if [ -n "${LINUX_VERSION:-}" ] && [ -d "$src" ]; then
	grep -v '^CONFIG_PCI=y$' "$top/config/linux.fragment" >"$scratch/linux.fragment"
	cat "$scratch/linux.fragment" "$arch" >"$scratch/all.fragment"
	make -s -C "$src" O="$scratch/kbuild" ARCH=x86_64 \
		KCONFIG_ALLCONFIG="$scratch/all.fragment" allnoconfig >/dev/null 2>&1
	expect_error "the real kernel config: dropping CONFIG_PCI is caught" \
		"CONFIG_VIRTIO_PCI=y requested, but the final config has no CONFIG_VIRTIO_PCI" \
		"$check" "$scratch/linux.fragment" "$scratch/kbuild/.config"
	# Without CONFIG_EFI, the EFI stub the disk kernel's fragment asks for.
	grep -v '^CONFIG_EFI=y$' "$top/config/arch/x86_64.disk.fragment" >"$scratch/arch.fragment"
	cat "$top/config/linux.fragment" "$top/config/linux-disk.fragment" "$scratch/arch.fragment" "$arch" \
		>"$scratch/all.fragment"
	make -s -C "$src" O="$scratch/kbuild" ARCH=x86_64 \
		KCONFIG_ALLCONFIG="$scratch/all.fragment" allnoconfig >/dev/null 2>&1
	expect_error "the real kernel config: ... in the disk fragment too" \
		"arch.fragment:$(grep -n '^CONFIG_EFI_STUB=y$' "$scratch/arch.fragment" | cut -d: -f1): CONFIG_EFI_STUB=y requested, but the final config has no CONFIG_EFI_STUB" \
		"$check" "$scratch/arch.fragment" "$scratch/kbuild/.config"
	cp "$top/config/linux.fragment" "$scratch/linux.fragment"
	cp "$arch" "$scratch/x86_64.fragment"
	cat "$scratch/linux.fragment" "$arch" >"$scratch/all.fragment"
	make -s -C "$src" O="$scratch/kbuild" ARCH=x86_64 \
		KCONFIG_ALLCONFIG="$scratch/all.fragment" allnoconfig >/dev/null 2>&1
	expect_ok "the real kernel config: the shipped fragments hold" \
		sh -c '"$1" "$2" "$4" && "$1" "$3" "$4"' sh "$check" "$scratch/linux.fragment" \
		"$scratch/x86_64.fragment" "$scratch/kbuild/.config"

	# linux-savedefconfig round trip: an edited .config, turned back into
	# the two fragments, configures to the same symbols.
	cp "$scratch/kbuild/.config" "$scratch/base.config"
	sed -e 's/^# CONFIG_IKCONFIG is not set$/CONFIG_IKCONFIG=y/' \
		-e 's/^CONFIG_X86_IOPL_IOPERM=y$/# CONFIG_X86_IOPL_IOPERM is not set/' \
		"$scratch/base.config" >"$scratch/kbuild/.config"
	make -s -C "$src" O="$scratch/kbuild" ARCH=x86_64 olddefconfig >/dev/null 2>&1
	cp "$scratch/kbuild/.config" "$scratch/edited.config"
	cp "$scratch/linux.fragment" "$scratch/linux.fragment.old"
	"$top/scripts/linux-fragment.sh" "$scratch/base.config" "$scratch/edited.config" \
		"$scratch/linux.fragment" "$scratch/x86_64.fragment"
	cat "$scratch/linux.fragment" "$scratch/x86_64.fragment" >"$scratch/all.fragment"
	make -s -C "$src" O="$scratch/kbuild" ARCH=x86_64 \
		KCONFIG_ALLCONFIG="$scratch/all.fragment" allnoconfig >/dev/null 2>&1
	if grep '^CONFIG_' "$scratch/edited.config" | sort >"$scratch/a" &&
		grep '^CONFIG_' "$scratch/kbuild/.config" | sort >"$scratch/b" &&
		cmp -s "$scratch/a" "$scratch/b" &&
		grep -qx 'CONFIG_IKCONFIG=y' "$scratch/x86_64.fragment" &&
		grep -qx '# CONFIG_X86_IOPL_IOPERM is not set' "$scratch/x86_64.fragment" &&
		cmp -s "$scratch/linux.fragment" "$scratch/linux.fragment.old"; then
		pass "the real kernel config: a saved fragment reproduces the edited config"
	else
		fail "the real kernel config: a saved fragment reproduces the edited config" \
			"$(diff "$scratch/a" "$scratch/b" | head -n 10)"
	fi
else
	fail "the real kernel config" "no kernel source in $src; run make first"
fi
