#!/bin/sh
# udhcpc6 (patches 0002 and 0004 of busybox): a DHCPv6 server's strings
# reach the script's environment only without blanks and control bytes, its
# domain names only of host names' bytes. The built busybox runs
# on this host, in a network namespace of its own (unshare -rn, no root),
# against dhcp6d on the other end of a veth pair.
set -eu
. "$(dirname "$0")/../lib.sh"
here=$(cd "$(dirname "$0")" && pwd)
: "${OUT:?}"
bb=$OUT/pkg/busybox/bin/busybox

# The target's busybox runs here only when the target is this machine.
if [ "$(uname -m)" != "${UNAME_M:-x86_64}" ]; then
	echo "    (not run: the ${UNAME_M} busybox does not run on this $(uname -m) host; make test ARCH=$(uname -m) runs it)"
	exit 0
fi
if ! unshare -rn true 2>/dev/null; then
	echo "    (not run: this host allows no user namespaces for unshare -rn)"
	exit 0
fi
cc -std=c99 -Wall -Wextra -Werror -O2 -o "$scratch/dhcp6d" "$here/dhcp6d.c"
cat >"$scratch/script" <<SCRIPT
#!$bb sh
# A Reply to a Solicit (Rapid Commit) runs the script as "renew".
case \$1 in bound | renew) env >"$scratch/env" ;; esac
SCRIPT
chmod +x "$scratch/script"

# lease URL [SEARCH]: boot udhcpc6 against a server that offers URL as the boot
# file; the script's environment is left in $scratch/env, the client's
# messages in $scratch/log.
lease() {
	rm -f "$scratch/env"
	guard unshare -rn "$bb" sh -c '
		set -e
		ip link add v0 type veth peer name v1
		for i in v0 v1; do echo 0 >/proc/sys/net/ipv6/conf/$i/accept_dad; ip link set $i up; done
		"$1/dhcp6d" v1 "$2" ${4:+"$4"} & server=$!
		i=0; until ip -6 addr show dev v0 | grep -q "fe80.*scope link" || [ $i -ge 50 ]; do sleep 0.1; i=$((i+1)); done
		"$3" udhcpc6 -i v0 -q -n -t 5 -T 1 -s "$1/script" 2>&1
		wait $server' lease "$scratch" "$1" "$bb" "${2:-}" >"$scratch/log" 2>&1
}

if lease "http://192.0.2.1/boot.img" && grep -qx 'bootfile_url=http://192.0.2.1/boot.img' "$scratch/env"; then
	pass "udhcpc6 gives the script a clean boot file URL"
else
	fail "udhcpc6 gives the script a clean boot file URL" "$(grep -h -e udhcpc6 -e bootfile "$scratch/log" "$scratch/env" 2>&1)"
fi
if lease "http://192.0.2.1/x -O /etc/init.d/S99pwn" && [ -f "$scratch/env" ] &&
	! grep -q '^bootfile_url=' "$scratch/env" &&
	grep -q 'option bootfile_url has a bad byte 0x20, ignored' "$scratch/log"; then
	pass "udhcpc6 drops a boot file URL with a blank, and says so"
else
	fail "udhcpc6 drops a boot file URL with a blank, and says so" \
		"$(grep -h -e udhcpc6 -e bootfile "$scratch/log" "$scratch/env" 2>&1)"
fi
if lease "http://192.0.2.1/boot.img" "lan.example corp.example" &&
	grep -qx 'search=lan.example corp.example' "$scratch/env"; then
	pass "udhcpc6 gives the script the domain search list"
else
	fail "udhcpc6 gives the script the domain search list" "$(grep -h -e udhcpc6 -e search "$scratch/log" "$scratch/env" 2>&1)"
fi
if lease "http://192.0.2.1/boot.img" 'lan.example x$(reboot).example' && [ -f "$scratch/env" ] &&
	! grep -q '^search=' "$scratch/env"; then
	pass "udhcpc6 drops a domain search list with a name of other bytes than a host name's"
else
	fail "udhcpc6 drops a domain search list with a name of other bytes than a host name's" \
		"$(grep -h -e udhcpc6 -e search "$scratch/log" "$scratch/env" 2>&1)"
fi
