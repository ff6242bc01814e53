#!/bin/sh
# run-qemu.sh: boot KERNEL and INITRD, or the disk image DISK through its
# firmware and bootloader (FIRMWARE=bios or uefi), in qemu with the console
# on this terminal. Settings come from the environment (config/system.mk).
# With APP_STATUS=1 (app mode), exit with the status of the app that ran.
set -eu

QEMU=${QEMU:-qemu-system-x86_64}
QEMU_MEM=${QEMU_MEM:-256M}
KERNEL_CMDLINE=${KERNEL_CMDLINE:-console=ttyS0}
ACCEL=${ACCEL:-auto}
if [ -n "${DISK:-}" ]; then
	set -- "$DISK"
else
	: "${KERNEL:?KERNEL or DISK must be set}" "${INITRD:?INITRD is not set}"
	set -- "$KERNEL" "$INITRD"
fi
for f in "$@"; do
	[ -r "$f" ] || { echo "run-qemu: $f: not found; run make first" >&2; exit 1; }
done
set --
if [ -n "${DISK:-}" ]; then
	case $DISK in *.qcow2) fmt=qcow2 ;; *) fmt=raw ;; esac
	case ${FIRMWARE:-bios} in
	bios) ;;
	uefi)
		OVMF=${OVMF:-/usr/share/ovmf/OVMF.fd}
		[ -r "$OVMF" ] || { echo "run-qemu: $OVMF: not found; run make deps" >&2; exit 1; }
		set -- -bios "$OVMF"
		;;
	*) echo "run-qemu: FIRMWARE must be bios or uefi, not '$FIRMWARE'" >&2; exit 2 ;;
	esac
	set -- "$@" -drive "file=$DISK,format=$fmt,if=virtio"
else
	set -- -kernel "$KERNEL" -initrd "$INITRD" -append "$KERNEL_CMDLINE"
fi
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
# Host port forwards: HOSTFWD="tcp::8080-:80 ..." binds to 127.0.0.1 unless
# a rule names a host address itself.
netdev=user,id=net0
for rule in ${HOSTFWD:-}; do
	case $rule in
	tcp:*:*-*:* | udp:*:*-*:*) ;;
	*) echo "run-qemu: HOSTFWD rule '$rule' is not PROTO:[HOSTADDR]:HOSTPORT-[GUESTADDR]:GUESTPORT" >&2; exit 2 ;;
	esac
	proto=${rule%%:*} rest=${rule#*:}
	[ "${rest%%:*}" ] || rest=127.0.0.1$rest
	netdev="$netdev,hostfwd=$proto:$rest"
done

# shellcheck disable=SC2086 # $cpu and $QEMU_OPTS are lists of options
set -- -accel "$ACCEL" $cpu -m "$QEMU_MEM" -no-reboot "$@" \
	-netdev "$netdev" -device virtio-net-pci,netdev=net0 \
	-device virtio-rng-pci ${QEMU_OPTS:-}
if [ -z "${APP_STATUS:-}" ]; then
	exec "$QEMU" -nographic "$@"
fi

# App mode: return the app's exit status. The guest's init writes it to the
# isa-debug-exit port, and qemu exits with (status << 1) | 1, which keeps
# only its low 7 bits; init's last console line, "init: ... status N",
# carries all 8. The console is logged to a file to read that line.
tmp=$(mktemp -d "${TMPDIR:-/tmp}/run-qemu.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM
rc=0
"$QEMU" -display none -chardev "stdio,id=con,mux=on,signal=off,logfile=$tmp/console" \
	-serial chardev:con -mon chardev=con,mode=readline \
	-device isa-debug-exit,iobase=0xf4,iosize=0x01 "$@" || rc=$?
line=$(tr -d '\r' <"$tmp/console" | grep '^init: .* status [0-9]*$' | tail -n 1) || true
status=${line##* }
if [ -n "$line" ] && { [ "$rc" -eq 0 ] || [ $((rc >> 1)) -eq $((status & 127)) ]; }; then
	exit "$status"
fi
if [ $((rc & 1)) -eq 1 ] && [ "$rc" -gt 1 ]; then
	echo "run-qemu: no status line from init; low 7 bits from qemu: $((rc >> 1))" >&2
	exit $((rc >> 1))
fi
echo "run-qemu: qemu exited with $rc and init reported no status" >&2
exit 125
