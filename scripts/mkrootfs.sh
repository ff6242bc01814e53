#!/bin/sh
# mkrootfs.sh: stage the root filesystem: the busybox install, the skeleton
# from rootfs/ on top, and root's password hash from the config. Owners and
# modes are not set here: the packers take them from config/permissions.
# With TINY_INIT set to a built src/init.c, that is /init instead of the
# script that starts busybox init. SERVICES and NETWORK name the service
# list and network settings (config/services, config/network).
set -eu

[ $# -eq 4 ] || {
	echo "usage: $0 STAGING BUSYBOX_ROOT SKELETON ROOT_PASSWORD_FILE" >&2
	exit 2
}
staging=$1
busybox_root=$2
skeleton=$3
pwfile=$4

tmp=$staging.tmp
rm -rf "$tmp"
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM
mkdir -p "$tmp"
cp -R -P -p "$busybox_root/." "$tmp/"
cp -R -P -p "$skeleton/." "$tmp/"

# Services: each name in $SERVICES is linked from /var/service, where
# runsvdir looks. udhcpc makes no sense with a static network.
mkdir -p "$tmp/var/service"
net_mode=dhcp
if [ -n "${NETWORK:-}" ]; then
	net_mode=$(sed -n 's/^NET_MODE=//p' "$NETWORK")
	case $net_mode in
	dhcp) ;;
	static)
		for key in NET_ADDRESS NET_GATEWAY NET_DNS; do
			grep -q "^$key=[0-9a-fA-F.:/]*$" "$NETWORK" || {
				echo "mkrootfs: $NETWORK: static networking needs $key=ADDRESS" >&2
				exit 1
			}
		done
		;;
	*) echo "mkrootfs: $NETWORK: NET_MODE must be dhcp or static, not '$net_mode'" >&2; exit 1 ;;
	esac
	grep '^NET_[A-Z]*=' "$NETWORK" >"$tmp/etc/network.conf"
fi
if [ -n "${SERVICES:-}" ]; then
	for name in $(grep -v '^[[:space:]]*\(#\|$\)' "$SERVICES"); do
		[ -x "$tmp/etc/sv/$name/run" ] || {
			echo "mkrootfs: $SERVICES: no service $name (rootfs/etc/sv/$name/run)" >&2
			exit 1
		}
		[ "$name.$net_mode" != udhcpc.static ] || continue
		ln -s "/etc/sv/$name" "$tmp/var/service/$name"
	done
fi

# SYSTEM_INIT=tiny: src/init.c is /init, and runs /etc/init.d/tiny.
if [ -n "${TINY_INIT:-}" ]; then
	cp "$TINY_INIT" "$tmp/init"
	printf '%s\0' /etc/init.d/tiny >"$tmp/etc/init.argv"
fi

# Root's password: the first line of $pwfile that is not a comment. None
# means no password. busybox 1.35 checks MD5, SHA-256 and SHA-512 crypt.
hash=$(grep -v '^[[:space:]]*\(#\|$\)' "$pwfile" | head -n 1 | tr -d '[:space:]') || true
if [ -n "$hash" ]; then
	if ! printf '%s\n' "$hash" | grep -Eq '^(\$(1|5|6)\$[./A-Za-z0-9=$]+|[!*])$'; then
		cat >&2 <<MSG
mkrootfs: $pwfile: not a password hash busybox can check: $hash
  Use a SHA-512 crypt hash, made with: openssl passwd -6
  or ! to lock root's password.
MSG
		exit 1
	fi
	awk -F: -v OFS=: -v h="$hash" '$1 == "root" { $2 = h; found = 1 } { print }
		END { exit !found }' "$tmp/etc/shadow" >"$tmp/etc/shadow.new" || {
		echo "mkrootfs: $skeleton/etc/shadow has no root entry" >&2
		exit 1
	}
	mv -f "$tmp/etc/shadow.new" "$tmp/etc/shadow"
fi

rm -rf "$staging"
mv "$tmp" "$staging"
