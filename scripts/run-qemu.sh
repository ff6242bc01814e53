#!/bin/sh
# run-qemu.sh: boot KERNEL and INITRD in qemu with the console on this
# terminal. Settings come from the environment (see config/system.mk);
# arguments are added to qemu's command line.
set -eu

: "${KERNEL:?KERNEL is not set}" "${INITRD:?INITRD is not set}"
QEMU=${QEMU:-qemu-system-x86_64}
QEMU_MEM=${QEMU_MEM:-256M}
KERNEL_CMDLINE=${KERNEL_CMDLINE:-console=ttyS0}
ACCEL=${ACCEL:-auto}
for f in "$KERNEL" "$INITRD"; do
	[ -r "$f" ] || { echo "run-qemu: $f: not found; run make first" >&2; exit 1; }
done
command -v "$QEMU" >/dev/null 2>&1 || {
	echo "run-qemu: $QEMU not found; run make deps" >&2; exit 1; }

# /dev/kvm alone is not enough: a paravirtual KVM (kvm_pvm) hangs a stock
# guest kernel. Use KVM only with the hardware modules loaded.
case $ACCEL in
auto)
	if { [ -d /sys/module/kvm_intel ] || [ -d /sys/module/kvm_amd ]; } &&
		[ -r /dev/kvm ] && [ -w /dev/kvm ]; then
		ACCEL=kvm
	else
		ACCEL=tcg
	fi
	;;
kvm | tcg) ;;
*) echo "run-qemu: ACCEL must be auto, kvm or tcg, not '$ACCEL'" >&2; exit 2 ;;
esac
cpu=
[ "$ACCEL" = tcg ] || cpu="-cpu host"

[ -n "${QUIET_RUN:-}" ] ||
	echo "run-qemu: booting with $ACCEL, $QEMU_MEM; quit with Ctrl-A X, or poweroff in the guest" >&2
# shellcheck disable=SC2086 # $cpu and $QEMU_OPTS are lists of options
exec "$QEMU" -accel "$ACCEL" $cpu -m "$QEMU_MEM" -nographic -no-reboot \
	-kernel "$KERNEL" -initrd "$INITRD" -append "$KERNEL_CMDLINE" \
	-netdev user,id=net0 -device virtio-net-pci,netdev=net0 \
	-device virtio-rng-pci \
	${QEMU_OPTS:-} "$@"
