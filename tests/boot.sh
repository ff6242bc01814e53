#!/bin/sh
# Boot tests: boot the built system, log in and check what the guest did;
# boot it with SSH on and log in from the host; then show the harness can
# fail, against a deliberately broken variant, and boot a customised
# variant. With ARCH_ONLY=1 (make test-arch), the first two only: the
# variants test nothing that depends on the architecture.
set -eu
. "$(dirname "$0")/lib.sh"
result=0 # set to 1 by a failed boot_checks: the suite then fails
top=$(cd "$(dirname "$0")/.." && pwd)
: "${OUT:?}" "${KERNEL:?}" "${INITRD:?}" "${MKCPIO:?}" "${LINUX_VERSION:?}" "${UNAME_M:?}"
: "${KERNEL_CMDLINE:?}"
EXPECT_HOSTNAME=$(cat "$top/rootfs/etc/hostname")
export EXPECT_HOSTNAME UNAME_M CONSOLE
mkdir -p "$OUT/tests"

EXPECT_STOPPED="klogd syslogd udhcpc" boot_checks "" boot "$top/tests/boot.checks" || result=1
# root has no password in config/users: rcS says so at every boot.
if grep -q 'rcS: root has no password: anyone at the console logs in as root' "$OUT/tests/boot.transcript"; then
	pass "rcS says at boot that root has no password"
else
	fail "rcS says at boot that root has no password" "no such line in $OUT/tests/boot.transcript"
fi
# Shutdown says nothing but which services it stopped: no shell error.
if grep -a 'init.d/rc[SK]: line\|rcK: / .*still read-write' "$OUT/tests/boot.transcript"; then
	fail "rcS and rcK run without an error on the console"
else
	pass "rcS and rcK run without an error on the console"
fi

# The least memory the architecture's file says the system runs in
# (QEMU_MEM_MIN): the same checks, in that much.
if [ -n "${QEMU_MEM_MIN:-}" ]; then
	QEMU_MEM=$QEMU_MEM_MIN EXPECT_STOPPED="klogd syslogd udhcpc" \
		boot_checks "in $QEMU_MEM_MIN: " boot-min "$top/tests/boot.checks" || result=1
fi

# An initramfs the kernel cannot unpack whole (a file larger than the
# guest's memory: 160 MiB of zeros, a small archive, appended to the
# system's) still boots to a login: rcS says on the console that files are
# missing, and run-qemu's status is a failure.
mkdir -p "$scratch/big/opt"
head -c 160M /dev/zero >"$scratch/big/opt/zeros"
printf '/opt d 0755 0 0\n' >"$scratch/big.table"
"$MKCPIO" -t 0 -p "$scratch/big.table" -o "$scratch/big.cpio" "$scratch/big"
gzip -1 -c "$scratch/big.cpio" | cat "$INITRD" - >"$scratch/big-initrd.gz"
rm -rf "$scratch/big" "$scratch/big.cpio"
echo "# nothing to check but how the boot ends" >"$scratch/none.checks"
INITRD=$scratch/big-initrd.gz QEMU_MEM=64M guard expect -f "$top/tests/boot.exp" "$scratch/none.checks" \
	"$OUT/tests/unpack.transcript" >"$scratch/unpack.out" 2>&1 && rc=0 || rc=$?
if [ "$rc" -ne 0 ] && grep -q '^FAIL: poweroff ends qemu by itself' "$scratch/unpack.out" &&
	grep -aq 'rcS: THE INITRAMFS DID NOT UNPACK WHOLE' "$OUT/tests/unpack.transcript" &&
	grep -aq "run-qemu: the guest's initramfs did not unpack whole" "$OUT/tests/unpack.transcript"; then
	pass "an initramfs that did not unpack whole: rcS says so, make run fails"
else
	fail "an initramfs that did not unpack whole: rcS says so, make run fails" "$(cat "$scratch/unpack.out")" \
		"$(grep -a 'unpack\|rcS' "$OUT/tests/unpack.transcript")"
fi

# The ssh variant: dropbear enabled, and a key of the host's in
# authorized_keys; the host logs in through a port forward. The default
# system has no dropbear: it is built here if need be.
: "${PACKAGE_ROOTS:?}"
mk -s dropbear >"$scratch/make-dropbear" 2>&1 || { cat "$scratch/make-dropbear"; exit 1; }
ssh-keygen -q -t ed25519 -N '' -C minilinux-test -f "$scratch/id"
ssh-keygen -q -t ed25519 -N '' -C another-key -f "$scratch/other"
mkdir -p "$scratch/ssh-config"
cp "$top/config/network" "$top/config/users" "$top/config/groups" "$scratch/ssh-config/"
{ cat "$top/config/services"; echo dropbear; } >"$scratch/ssh-config/services"
cp "$scratch/id.pub" "$scratch/ssh-config/authorized_keys"
# shellcheck disable=SC2086 # PACKAGE_ROOTS is a list of directories
"$top/scripts/mkrootfs.sh" "$scratch/ssh" "$top/rootfs" "$scratch/ssh-config" \
	"$top/config/permissions" $PACKAGE_ROOTS "$OUT/pkg/dropbear"
"$MKCPIO" -t 0 -p "$scratch/ssh.permissions" -o "$scratch/ssh.cpio" "$scratch/ssh"
gzip -n "$scratch/ssh.cpio"
SSH_PORT=$(free_port 12222)
SSH_OPTS="-p $SSH_PORT -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR \
-o ConnectTimeout=60 -o IdentitiesOnly=yes -o BatchMode=yes"
SSH_KEY=$scratch/id OTHER_KEY=$scratch/other TOP=$top
export SSH_PORT SSH_OPTS SSH_KEY OTHER_KEY TOP
# With NET_RESTRICT=1: the forward into the guest still works, and the
# guest reaches no server of the host's (one listens on its loopback).
mkdir -p "$scratch/www"
echo "from-the-host" >"$scratch/www/file.txt"
HOST_PORT=$(free_port $((SSH_PORT + 1)))
export HOST_PORT
busybox httpd -f -p "127.0.0.1:$HOST_PORT" -h "$scratch/www" &
httpd=$!
INITRD=$scratch/ssh.cpio.gz HOSTFWD="tcp::$SSH_PORT-:22" NET_RESTRICT=1 EXPECT_STOPPED="dropbear klogd syslogd udhcpc" \
	boot_checks "ssh: " ssh "$top/tests/ssh.checks" || result=1
kill "$httpd" 2>/dev/null || :
[ "${ARCH_ONLY:-0}" != 1 ] || exit "$result"

# The broken variant: the same system, but /etc/shadow packed with mode 0644
# (its line dropped from the permissions table) and root given a password.
hash='$6$minilinuxtest$tDi2dYB4ZxQufDb3x7Rfnp9dLnlZ7FxG2Ay8PZoH0hJqzRT2SXuzoBd5mgVgwAf6EPj7SFz7LeHYFJlQH8lo4.'
cp -R -P -p "$OUT/rootfs" "$scratch/variant"
sed -i "s|^root:[^:]*:|root:$hash:|" "$scratch/variant/etc/shadow"
grep -v '^/etc/shadow ' "$top/config/permissions" >"$scratch/permissions"
"$MKCPIO" -t 0 -p "$scratch/permissions" -o "$scratch/variant.cpio" "$scratch/variant"
gzip -n "$scratch/variant.cpio"

if INITRD=$scratch/variant.cpio.gz boot_checks "" broken "$top/tests/broken.checks" \
	root letmein >/dev/null; then
	fail "the harness fails on the broken variant" "it exited 0"
else
	pass "the harness fails on the broken variant"
fi
if grep -q 'rcS: root has no password' "$OUT/tests/broken.transcript"; then
	fail "a root with a password gets no such line at boot"
else
	pass "a root with a password gets no such line at boot"
fi
# reported RESULT NAME CHECK: the broken run's line for NAME is RESULT.
reported() {
	if grep -qxF "$1: $2" "$scratch/broken.out"; then
		pass "$3"
	else
		fail "$3" "$(cat "$scratch/broken.out")"
	fi
}
for name in "login as root" "control: id -u is 0" "control: root logs in again" \
	"poweroff ends qemu by itself"; do
	reported PASS "$name" "broken variant: '$name' still passes"
done
for name in "broken: a guest command that fails" "broken: a wrong expected value" \
	"broken: /etc/shadow has mode 0600" "broken: a refused login taken for a good one" \
	"broken: a good login taken for a refused one"; do
	reported FAIL "$name" "the harness catches '${name#broken: }'"
done

# A harness that stops early fails, even when it exits 0: one killed by its
# timeout during the boot, and a table that exits in its middle.
printf '%s\n' 'check "a first check" {true} ""' 'exit 0' 'check "never run" {true} ""' \
	>"$scratch/early.checks"
for run in "killed:TEST_TIMEOUT=3:boot.checks" "early exit 0:TEST_TIMEOUT=600:$scratch/early.checks"; do
	what=${run%%:*} rest=${run#*:}
	case ${rest#*:} in /*) table=${rest#*:} ;; *) table=$top/tests/${rest#*:} ;; esac
	if env "${rest%%:*}" sh -c '. "$1"; top=$2; boot_checks "" early "$3"' sh \
		"$top/tests/lib.sh" "$top" "$table" >"$scratch/early.out" 2>&1; then
		fail "a boot harness that stops early ($what) fails" "boot_checks returned 0"
	elif grep -q '^FAIL: the boot harness ran its whole table' "$scratch/early.out"; then
		pass "a boot harness that stops early ($what) fails"
	else
		fail "a boot harness that stops early ($what) fails" "$(cat "$scratch/early.out")"
	fi
done

# The custom variant: what config/ and the customising hooks can change.
# NET_MODE=static, httpd enabled with a port forward from the host, a web
# server on the host's loopback for the guest to read, users from a table
# (alice with a password, bob locked), two overlays and a post-build hook.
# openssl makes the hashes and the host's busybox (Debian's) serves the file:
# the one built may be another architecture's.
cfg=$scratch/config
mkdir -p "$cfg" "$scratch/ov1/etc" "$scratch/ov2/etc" "$scratch/ov1/home/alice"
cp "$top/config/groups" "$top/config/services" "$top/config/network" "$cfg/"
echo httpd >>"$cfg/services"
sed -i 's/^NET_MODE=.*/NET_MODE=static/' "$cfg/network"
ALICE_PW=alice-secret-$$
BOB_PW=bob-secret-$$
export ALICE_PW BOB_PW
{
	cat "$top/config/users"
	echo "alice 1000 1000 wheel /home/alice /bin/sh $(openssl passwd -6 "$ALICE_PW")"
	echo "bob 1001 1001 - /home/bob /bin/sh !$(openssl passwd -6 "$BOB_PW")"
} >"$cfg/users"
echo "first overlay" >"$scratch/ov1/etc/motd"
echo "first overlay" >"$scratch/ov1/etc/overlay-1"
echo "alias ll='ls -l'" >"$scratch/ov1/home/alice/.profile"
echo "second overlay" >"$scratch/ov2/etc/motd"
printf '#!/bin/sh\nset -eu\necho "hook ran on $(cat etc/motd)" >etc/post-build\n' >"$scratch/hook"
chmod +x "$scratch/hook"
ROOTFS_OVERLAY="$scratch/ov1 $scratch/ov2" POST_BUILD=$scratch/hook "$top/scripts/mkrootfs.sh" \
	"$scratch/custom" "$top/rootfs" "$cfg" "$top/config/permissions" $PACKAGE_ROOTS
"$MKCPIO" -t 0 -p "$scratch/custom.permissions" -o "$scratch/custom.cpio" "$scratch/custom"
gzip -n "$scratch/custom.cpio"
FWD_PORT=$(free_port 18080)
HOST_PORT=$(free_port $((FWD_PORT + 1)))
PAYLOAD="from-the-host-$$"
TOPDIR=$top
export FWD_PORT HOST_PORT PAYLOAD TOPDIR
mkdir -p "$scratch/www"
echo "$PAYLOAD" >"$scratch/www/file.txt"
busybox httpd -f -p "127.0.0.1:$HOST_PORT" -h "$scratch/www" &
httpd=$!
INITRD=$scratch/custom.cpio.gz HOSTFWD="tcp::$FWD_PORT-:80" EXPECT_STOPPED="httpd klogd syslogd" \
	boot_checks "custom variant: " custom "$top/tests/custom.checks" || result=1
kill "$httpd" 2>/dev/null || true
exit "$result"
