#!/bin/sh
# Unit tests for scripts/run-qemu.sh with a stand-in for qemu that records
# its command line and writes a console transcript: the network options
# built from HOSTFWD and NET_RESTRICT, and the exit status when the guest
# never reached its userland (qemu itself exits 0 then).
set -eu
. "$(dirname "$0")/../lib.sh"
top=$(cd "$(dirname "$0")/../.." && pwd)

# The stand-in: its arguments to $scratch/args, FAKE_CONSOLE to the file of
# the chardev's logfile=, and exit FAKE_RC.
cat >"$scratch/qemu" <<'EOF'
#!/bin/sh
printf '%s\n' "$@" >"$FAKE_DIR/args"
for a; do
	case $a in *logfile=*) printf '%b' "$FAKE_CONSOLE" >"${a##*logfile=}" ;; esac
done
exit "${FAKE_RC:-0}"
EOF
chmod +x "$scratch/qemu"
: >"$scratch/kernel"
: >"$scratch/initrd"
run() {
	env QEMU="$scratch/qemu" QEMU_MACHINE=pc KERNEL="$scratch/kernel" INITRD="$scratch/initrd" \
		ACCEL=tcg QUIET_RUN=1 FAKE_DIR="$scratch" "$@" "$top/scripts/run-qemu.sh" </dev/null
}
booted='rcS: system up in 0.5s\r\nminilinux login: '

expect_ok "a guest that reached its login prompt: status 0" run FAKE_CONSOLE="$booted"
netdev=$(grep '^user,' "$scratch/args" || :)
if [ "$netdev" = user,id=net0 ]; then
	pass "no forwards, no restriction: -netdev user,id=net0"
else
	fail "no forwards, no restriction: -netdev user,id=net0" "got: $netdev"
fi
run FAKE_CONSOLE="$booted" NET_RESTRICT=1 HOSTFWD="tcp::2222-:22 udp:0.0.0.0:5353-10.0.2.15:53" >/dev/null 2>&1
netdev=$(grep '^user,' "$scratch/args" || :)
if [ "$netdev" = "user,id=net0,restrict=on,hostfwd=tcp:127.0.0.1:2222-:22,hostfwd=udp:0.0.0.0:5353-10.0.2.15:53" ]; then
	pass "NET_RESTRICT=1 and HOSTFWD: restrict=on, and each rule rebuilt"
else
	fail "NET_RESTRICT=1 and HOSTFWD: restrict=on, and each rule rebuilt" "got: $netdev"
fi
expect_error "a HOSTFWD rule with a comma never reaches qemu" "is not a port" \
	run FAKE_CONSOLE="$booted" HOSTFWD="tcp::2222-:22,smb=/"
expect_error "a kernel panic fails make run, quoting the panic" \
	"the guest's kernel panicked: Kernel panic - not syncing: VFS" \
	run FAKE_CONSOLE='Kernel panic - not syncing: VFS: Unable to mount root fs\r\n'
expect_error "an initramfs that did not unpack whole fails make run, though the guest booted" \
	"initramfs did not unpack whole: Initramfs unpacking failed: write error" \
	run FAKE_CONSOLE="[    0.51] Initramfs unpacking failed: write error\r\n$booted"
expect_error "a guest that printed nothing of its userland fails make run" "never reached its userland" \
	run FAKE_CONSOLE='Booting from ROM..\r\n'
rc=0
run FAKE_CONSOLE="$booted" FAKE_RC=3 >/dev/null 2>&1 || rc=$?
if [ "$rc" -eq 3 ]; then pass "qemu's own exit status is passed on"; else fail "qemu's own exit status is passed on" "got $rc"; fi
