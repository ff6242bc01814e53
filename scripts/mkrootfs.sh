#!/bin/sh
# mkrootfs.sh: stage the root filesystem in STAGING, in this order:
#   1. each package's installed tree ROOT (busybox first), then the
#      skeleton (rootfs/) over them;
#   2. each directory of ROOTFS_OVERLAY over that, the last one winning;
#   3. the services, network settings, accounts and root's SSH keys from
#      the config;
#   4. the post-build hook POST_BUILD, run as: POST_BUILD STAGING-DIR.
# Owners and modes are not set here: the packers take them from the
# permissions table written to STAGING.permissions, which is TABLE plus the
# users' homes, each owned by its user.
# The config files are CONFIG/services, network, users, groups and
# authorized_keys (optional); the variables SERVICES_FILE, NETWORK_FILE,
# USERS_FILE, GROUPS_FILE and AUTHORIZED_KEYS_FILE name others instead.
# With TINY_INIT set to a built src/init.c, that is /init instead of the
# script that starts busybox init.
set -eu

[ $# -ge 4 ] || {
	echo "usage: $0 STAGING SKELETON CONFIG TABLE [ROOT...]" >&2
	exit 2
}
staging=$1 skeleton=$2 config=$3 table=$4
shift 4
here=$(cd "$(dirname "$0")" && pwd)
SERVICES=${SERVICES_FILE:-$config/services} NETWORK=${NETWORK_FILE:-$config/network}
USERS=${USERS_FILE:-$config/users} GROUPS_TABLE=${GROUPS_FILE:-$config/groups}
KEYS=${AUTHORIZED_KEYS_FILE:-$config/authorized_keys}

tmp=$staging.tmp
rm -rf "$tmp" "$tmp.permissions" "$tmp.homes" "$tmp.keys"
trap 'rm -rf "$tmp" "$tmp.permissions" "$tmp.homes" "$tmp.keys"' EXIT
trap 'exit 130' INT TERM
mkdir -p "$tmp"
for root in "$@"; do
	[ -d "$root" ] || { echo "mkrootfs: $root: no such package tree" >&2; exit 1; }
	cp -R -P -p "$root/." "$tmp/"
done
cp -R -P -p "$skeleton/." "$tmp/"

for dir in ${ROOTFS_OVERLAY:-}; do
	[ -d "$dir" ] || { echo "mkrootfs: ROOTFS_OVERLAY: $dir is not a directory" >&2; exit 1; }
	cp -R -P -p "$dir/." "$tmp/"
done

# Network: NET_MODE dhcp or static, kept in /etc/network.conf for rcS.
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

# Services: each name is linked from /var/service, where runsvdir looks.
# udhcpc makes no sense with a static network.
mkdir -p "$tmp/var/service"
for name in $(grep -v '^[[:space:]]*\(#\|$\)' "$SERVICES"); do
	[ -x "$tmp/etc/sv/$name/run" ] || {
		echo "mkrootfs: $SERVICES: no service $name: no /etc/sv/$name/run in rootfs/," \
			"an overlay or a package of PACKAGES" >&2
		exit 1
	}
	[ "$name.$net_mode" != udhcpc.static ] || continue
	ln -s "/etc/sv/$name" "$tmp/var/service/$name"
done

"$here/mkusers.sh" "$USERS" "$GROUPS_TABLE" "$tmp" >"$tmp.homes"

# Root's SSH keys, checked line by line, into ~root/.ssh/authorized_keys,
# mode 0600 in a 0700 directory: the permissions table gets both below.
: >"$tmp.keys"
if [ -f "$KEYS" ] && grep -qv '^[[:space:]]*\(#\|$\)' "$KEYS"; then
	awk -v f="$KEYS" "$(cat "$here/tables.awk")"'
		crlf(f) != "" { printf "mkrootfs: %s\n", crlf(f); bad = 1; next }
		/^[ \t]*(#|$)/ { next }
		{
			ok = 0
			for (i = 1; i < NF; i++)
				if ($i ~ /^(ssh-(ed25519|rsa)|ecdsa-sha2-nistp(256|384|521)|sk-(ssh-ed25519|ecdsa-sha2-nistp256)@openssh\.com)$/ &&
					$(i + 1) ~ /^AAAA[A-Za-z0-9+\/]+=*$/) ok = 1
			if (!ok) {
				printf "mkrootfs: %s:%d: not a public key (TYPE BASE64 [COMMENT]): %.40s\n", f, FNR, $0
				bad = 1
			}
		}
		END { exit bad }' "$KEYS" >&2 || exit 1
	home=$(awk '$2 == 0 { print $1; exit }' "$tmp.homes")
	[ -n "$home" ] || { echo "mkrootfs: $KEYS: root has no home for its SSH keys" >&2; exit 1; }
	mkdir -p "$tmp$home/.ssh"
	cp "$KEYS" "$tmp$home/.ssh/authorized_keys"
	printf '%s\n' "$home/.ssh d 0700 0 0" "$home/.ssh/authorized_keys f 0600 0 0" >"$tmp.keys"
fi

# SYSTEM_INIT=tiny: src/init.c is /init, and runs /etc/init.d/tiny.
if [ -n "${TINY_INIT:-}" ]; then
	cp "$TINY_INIT" "$tmp/init"
	printf '%s\0' /etc/init.d/tiny >"$tmp/etc/init.argv"
fi

if [ -n "${POST_BUILD:-}" ]; then
	[ -f "$POST_BUILD" ] && [ -x "$POST_BUILD" ] || {
		echo "mkrootfs: POST_BUILD: $POST_BUILD is not an executable file" >&2
		exit 1
	}
	(cd "$tmp" && "$POST_BUILD" "$tmp") || {
		echo "mkrootfs: POST_BUILD: $POST_BUILD failed with status $?; nothing changed" >&2
		exit 1
	}
fi

# The permissions table: TABLE, then every home not in it, with all that is
# under it, owned by its user. Homes are 0700; what is in them keeps the
# packers' defaults. Only files and directories: a symlink stays root's.
cp "$table" "$tmp.permissions"
while read -r path rest; do
	grep -q "^$path[[:space:]]" "$table" || echo "$path $rest"
done <"$tmp.keys" >>"$tmp.permissions"
while read -r home uid gid; do
	grep -q "^$home[[:space:]]" "$table" && continue
	[ -d "$tmp$home" ] || continue
	(cd "$tmp" && find ".$home" \( -type d -o -type f \) -print) | LC_ALL=C sort |
		while IFS= read -r path; do
			path=${path#.}
			if [ "$path" = "$home" ]; then
				echo "$path d 0700 $uid $gid"
			elif [ -d "$tmp$path" ]; then
				echo "$path d 0755 $uid $gid"
			elif [ -x "$tmp$path" ]; then
				echo "$path f 0755 $uid $gid"
			else
				echo "$path f 0644 $uid $gid"
			fi
		done >>"$tmp.permissions"
done <"$tmp.homes"
rm -f "$tmp.homes" "$tmp.keys"

rm -rf "$staging" "$staging.permissions"
mv "$tmp.permissions" "$staging.permissions"
mv "$tmp" "$staging"
