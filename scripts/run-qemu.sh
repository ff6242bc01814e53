#!/bin/sh
# run-qemu.sh: boot KERNEL and INITRD, or the disk image DISK through the
# firmware that FIRMWARE_OPTS loads, in qemu with the console on this
# terminal. The machine comes from the environment: QEMU, QEMU_MACHINE,
# QEMU_CPU, QEMU_DEVICES, APP_EXIT and UNAME_M (config/arch/ARCH.mk), QEMU_MEM,
# ACCEL, HOSTFWD, NET_RESTRICT, QEMU_OPTS, SHARE, SHARE_RW, GDB_PORT
# (config/system.mk). With APP_STATUS=1 (app
# mode), exit with the status of the app that ran.
set -eu

: "${QEMU:?QEMU must name the qemu system emulator}" "${QEMU_MACHINE:?QEMU_MACHINE is not set}"
QEMU_MEM=${QEMU_MEM:-256M}
KERNEL_CMDLINE=${KERNEL_CMDLINE:-}
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
	# The firmware's files must be there: qemu's own message is obscure.
	for f in ${FIRMWARE_OPTS:-}; do
		case $f in
		/*) [ -r "$f" ] || { echo "run-qemu: firmware $f: not found; run make deps" >&2; exit 1; } ;;
		esac
	done
	# The disk is the first to boot: UEFI tries no network boot before it.
	# shellcheck disable=SC2086 # FIRMWARE_OPTS is a list of options
	set -- ${FIRMWARE_OPTS:-} -drive "file=$DISK,format=$fmt,if=none,id=disk" \
		-device virtio-blk-pci,drive=disk,bootindex=0
else
	# No firmware to feed: none of the machine's default devices (VGA and
	# its option ROM, floppy, CD-ROM, parallel port) is wanted.
	set -- -nodefaults -kernel "$KERNEL" -initrd "$INITRD" -append "$KERNEL_CMDLINE"
fi
command -v "$QEMU" >/dev/null 2>&1 || {
	echo "run-qemu: $QEMU not found; run make deps" >&2; exit 1; }

# /dev/kvm alone is not enough: a paravirtual KVM (kvm_pvm) hangs a stock
# guest kernel. Use KVM only with the hardware modules loaded, and for a
# guest of the host's own architecture.
case $ACCEL in
auto)
	if { [ -d /sys/module/kvm_intel ] || [ -d /sys/module/kvm_amd ]; } &&
		[ "$(uname -m)" = "${UNAME_M:-x86_64}" ] && [ -r /dev/kvm ] && [ -w /dev/kvm ]; then
		ACCEL=kvm
	else
		ACCEL=tcg
	fi
	;;
kvm | tcg) ;;
*) echo "run-qemu: ACCEL must be auto, kvm or tcg, not '$ACCEL'" >&2; exit 2 ;;
esac
cpu=${QEMU_CPU:+-cpu $QEMU_CPU}
[ "$ACCEL" = tcg ] || cpu="-cpu host"

[ -n "${QUIET_RUN:-}" ] ||
	echo "run-qemu: booting with $ACCEL, $QEMU_MEM; quit with Ctrl-A X, or poweroff in the guest" >&2
# Host port forwards: HOSTFWD="tcp::8080-:80 ...", parsed and rebuilt by
# hostfwd.sh, bound to 127.0.0.1 unless a rule names a host address.
# shellcheck disable=SC2086 # HOSTFWD is a list of rules
fwd=$("$(dirname "$0")/hostfwd.sh" ${HOSTFWD:-}) || exit 2
case ${NET_RESTRICT:-0} in
0) netdev=user,id=net0 ;;
1) netdev=user,id=net0,restrict=on ;;
*) echo "run-qemu: NET_RESTRICT must be 0 or 1, not '$NET_RESTRICT'" >&2; exit 2 ;;
esac
netdev=$netdev${fwd:+,$fwd}

# shellcheck disable=SC2086 # $cpu, $QEMU_DEVICES and $QEMU_OPTS are lists of options
set -- -M "$QEMU_MACHINE" -accel "$ACCEL" $cpu -m "$QEMU_MEM" -no-reboot "$@" \
	-netdev "$netdev" ${QEMU_DEVICES:-} ${QEMU_OPTS:-}
# make run SHARE=dir: the directory over virtio-9p, its mount tag saying
# to rcS whether to mount it read-only (qemu refuses writes then too).
if [ -n "${SHARE:-}" ]; then
	[ -d "$SHARE" ] || { echo "run-qemu: SHARE=$SHARE: no such directory" >&2; exit 1; }
	case ${SHARE_RW:-0} in
	0) ro=,readonly=on tag=host-ro ;;
	1) ro= tag=host-rw ;;
	*) echo "run-qemu: SHARE_RW must be 0 or 1, not '$SHARE_RW'" >&2; exit 2 ;;
	esac
	# qemu reads a comma in an option's value doubled.
	path=$(printf '%s\n' "$SHARE" | sed 's/,/,,/g')
	set -- "$@" -fsdev "local,id=share,path=$path,security_model=none$ro" \
		-device "virtio-9p-pci,fsdev=share,mount_tag=$tag"
fi
# make run GDB=1: the guest waits at its first instruction for gdb, on
# this machine's loopback only.
if [ -n "${GDB_PORT:-}" ]; then
	case $GDB_PORT in
	*[!0-9]* | '') echo "run-qemu: GDB_PORT must be a port number, not '$GDB_PORT'" >&2; exit 2 ;;
	esac
	set -- "$@" -S -gdb "tcp:127.0.0.1:$GDB_PORT"
	echo "run-qemu: the guest waits for gdb on 127.0.0.1:$GDB_PORT: run make gdb in another terminal" >&2
fi
if [ -z "${APP_STATUS:-}" ]; then
	# The console is kept in a file as well, to tell after qemu exits
	# whether the guest ever reached its userland: qemu exits with 0 when
	# the kernel panics or the machine resets early (-no-reboot), as when
	# QEMU_MEM is too small for the kernel.
	tmp=$(mktemp -d "${TMPDIR:-/tmp}/run-qemu.XXXXXX")
	trap 'rm -rf "$tmp"' EXIT
	trap 'exit 130' INT TERM
	rc=0
	"$QEMU" -nographic -chardev "stdio,id=con,mux=on,logfile=$tmp/console" \
		-serial chardev:con -mon chardev=con,mode=readline "$@" || rc=$?
	[ "$rc" -eq 0 ] || exit "$rc"
	panic=$(tr -d '\r' <"$tmp/console" | grep -m 1 -o 'Kernel panic.*' || :)
	if [ -n "$panic" ]; then
		echo "run-qemu: the guest's kernel panicked: $panic" >&2
		exit 1
	fi
	# The system ran without some of its files (rcS says so too).
	unpack=$(tr -d '\r' <"$tmp/console" | grep -m 1 -o 'Initramfs unpacking failed.*' || :)
	if [ -n "$unpack" ]; then
		echo "run-qemu: the guest's initramfs did not unpack whole: $unpack; too little memory" \
			"(QEMU_MEM=$QEMU_MEM) for it?" >&2
		exit 1
	fi
	# The userland's first words: rcS's line, a login prompt, or init's.
	if ! tr -d '\r' <"$tmp/console" | grep -q 'rcS: \| login: \|^init: '; then
		echo "run-qemu: the guest never reached its userland (no line from rcS or init, no login" \
			"prompt); too little memory (QEMU_MEM=$QEMU_MEM), or a kernel that does not boot here?" >&2
		exit 1
	fi
	exit 0
fi

# App mode: return the app's exit status. init's last console line,
# "init: ... status N", carries all 8 bits on every machine; the console is
# logged to a file to read it. Where the machine has an exit device, init
# also hands the status to it, and qemu's exit status must agree:
#   isa-debug-exit  qemu exits with (status << 1) | 1: the low 7 bits
#   sifive-test     qemu exits with the status
#   (none)          qemu exits with 0 when the guest powers off
case ${APP_EXIT:-} in
isa-debug-exit) set -- -device isa-debug-exit,iobase=0xf4,iosize=0x01 "$@" ;;
sifive-test | '') ;;
*) echo "run-qemu: APP_EXIT must be isa-debug-exit, sifive-test or empty, not '$APP_EXIT'" >&2; exit 2 ;;
esac
tmp=$(mktemp -d "${TMPDIR:-/tmp}/run-qemu.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM
rc=0
"$QEMU" -display none -chardev "stdio,id=con,mux=on,signal=off,logfile=$tmp/console" \
	-serial chardev:con -mon chardev=con,mode=readline "$@" || rc=$?
line=$(tr -d '\r' <"$tmp/console" | grep '^init: .* status [0-9]*$' | tail -n 1) || true
status=${line##* }
# What qemu's exit status must be for the status the line gives.
case ${APP_EXIT:-} in
isa-debug-exit) from_qemu=$((rc >> 1)) want_rc=$(( ((status & 127) << 1) | 1 )) ;;
sifive-test) from_qemu=$rc want_rc=$status ;;
*) from_qemu= want_rc=0 ;;
esac
if [ -n "$line" ] && [ "$rc" -eq "$want_rc" ]; then
	exit "$status"
fi
if [ "${APP_EXIT:-}" = isa-debug-exit ] && [ $((rc & 1)) -eq 1 ] && [ "$rc" -gt 1 ]; then
	echo "run-qemu: no status line from init; low 7 bits from qemu: $from_qemu" >&2
	exit "$from_qemu"
fi
if [ -n "$line" ]; then
	echo "run-qemu: init reported status $status, but qemu exited with $rc" >&2
else
	echo "run-qemu: qemu exited with $rc and init reported no status" >&2
fi
exit 125
