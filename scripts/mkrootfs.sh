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
# OS_RELEASE names the file that becomes /etc/os-release.
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
rm -rf "$tmp" "$tmp.permissions" "$tmp.homes" "$tmp.keys" "$tmp.network" "$tmp.services"
trap 'rm -rf "$tmp" "$tmp.permissions" "$tmp.homes" "$tmp.keys" "$tmp.network" "$tmp.services"' EXIT
trap 'exit 130' INT TERM
mkdir -p "$tmp"
for root in "$@"; do
	[ -d "$root" ] || { echo "mkrootfs: $root: no such package tree" >&2; exit 1; }
	cp -R -P -p "$root/." "$tmp/"
done
cp -R -P -p "$skeleton/." "$tmp/"
# What the system is (the Makefile writes it from the pins): an overlay may
# still replace it.
if [ -n "${OS_RELEASE:-}" ]; then
	rm -f "$tmp/etc/os-release"
	cp "$OS_RELEASE" "$tmp/etc/os-release"
fi

for dir in ${ROOTFS_OVERLAY:-}; do
	[ -d "$dir" ] || { echo "mkrootfs: ROOTFS_OVERLAY: $dir is not a directory" >&2; exit 1; }
	cp -R -P -p "$dir/." "$tmp/"
done

# The build writes these paths in the tree below; an overlay must not have
# put a symlink at any of them or on the way to them, or the write would go
# wherever the link points, on the host. no_link REL...: refuse if so.
no_link() {
	for rel; do
		p=$tmp
		old_ifs=$IFS IFS=/
		# shellcheck disable=SC2086 # split on the slashes
		set -- $rel
		IFS=$old_ifs
		for c; do
			p=$p/$c
			if [ -L "$p" ]; then
				echo "mkrootfs: /${p#"$tmp"/} is a symlink (to $(readlink "$p")), from an overlay or" \
					"a package; the build writes /$rel, and will not follow it: make it a directory" \
					"or a file" >&2
				exit 1
			fi
		done
	done
}
# A table with a NUL byte would be read as something else by each tool.
no_nul() {
	tr -d '\000' <"$1" | cmp -s - "$1" || { echo "mkrootfs: $1: a NUL byte" >&2; exit 1; }
}

# Network: a fixed set of keys, each value checked, written to
# /etc/network.conf for rcS, which reads it as data, never as code.
no_nul "$NETWORK"
awk -v f="$NETWORK" "$(cat "$here/tables.awk")"'
	function bad(c, why) { printf "mkrootfs: %s:%d:%d: %s\n", f, FNR, c, why >"/dev/stderr"; err = 1 }
	crlf(f) != "" { printf "mkrootfs: %s\n", crlf(f) >"/dev/stderr"; err = 1; next }
	/^[ \t]*(#|$)/ { next }
	{
		eq = index($0, "=")
		key = substr($0, 1, eq - 1); v = substr($0, eq + 1)
		if (!eq || key !~ /^NET_(MODE|ADDRESS|GATEWAY|DNS)$/) {
			bad(1, "want NET_MODE, NET_ADDRESS, NET_GATEWAY or NET_DNS=VALUE, not: " substr($0, 1, 40)); next
		}
		if (key in val) { bad(1, key " is set twice"); next }
		ok = key == "NET_MODE" ? v ~ /^(dhcp|static)$/ : \
			key == "NET_ADDRESS" ? v ~ /^[0-9a-fA-F.:]+\/[0-9]+$/ : v ~ /^[0-9a-fA-F.:]+$/
		if (!ok) {
			bad(eq + 1, key == "NET_MODE" ? "NET_MODE must be dhcp or static, not \"" v "\"" : \
				key "=" v ": not an address" (key == "NET_ADDRESS" ? " with its prefix length (10.0.2.15/24)" : ""))
			next
		}
		val[key] = v; order[++n] = key
	}
	END {
		if (err) exit 1
		if (!("NET_MODE" in val)) { val["NET_MODE"] = "dhcp"; order[++n] = "NET_MODE" }
		split("NET_ADDRESS NET_GATEWAY NET_DNS", need, " ")
		for (i = 1; i <= 3; i++)
			if (val["NET_MODE"] == "static" && !(need[i] in val)) {
				printf "mkrootfs: %s: static networking needs %s=ADDRESS\n", f, need[i] >"/dev/stderr"
				exit 1
			}
		for (i = 1; i <= n; i++) print order[i] "=" val[order[i]]
	}' "$NETWORK" >"$tmp.network" || exit 1
net_mode=$(sed -n 's/^NET_MODE=//p' "$tmp.network")
no_link etc/network.conf
mv "$tmp.network" "$tmp/etc/network.conf"

# Services: each a plain name, linked from /var/service, where runsvdir
# looks. udhcpc makes no sense with a static network.
no_nul "$SERVICES"
awk -v f="$SERVICES" "$(cat "$here/tables.awk")"'
	crlf(f) != "" { printf "mkrootfs: %s\n", crlf(f) >"/dev/stderr"; err = 1; next }
	/^[ \t]*(#|$)/ { next }
	NF != 1 || $1 !~ /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/ {
		printf "mkrootfs: %s:%d:%d: a service is one plain name (letters, digits, _ . -): %.40s\n",
			f, FNR, col(NF == 1 ? 1 : 2), $0 >"/dev/stderr"
		err = 1; next
	}
	{ print $1 }
	END { exit err }' "$SERVICES" >"$tmp.services" || exit 1
no_link var/service
mkdir -p "$tmp/var/service"
while read -r name; do
	no_link "etc/sv/$name" "var/service/$name"
	[ -x "$tmp/etc/sv/$name/run" ] || {
		echo "mkrootfs: $SERVICES: no service $name: no /etc/sv/$name/run in rootfs/," \
			"an overlay or a package of PACKAGES" >&2
		exit 1
	}
	[ "$name.$net_mode" != udhcpc.static ] || continue
	ln -s "/etc/sv/$name" "$tmp/var/service/$name"
done <"$tmp.services"
rm -f "$tmp.services"

no_link etc/passwd etc/group etc/shadow
"$here/mkusers.sh" "$USERS" "$GROUPS_TABLE" "$tmp" >"$tmp.homes"

# Root's SSH keys, checked line by line (scripts/check-keys.sh), into
# ~root/.ssh/authorized_keys, mode 0600 in a 0700 directory: the
# permissions table gets both below.
: >"$tmp.keys"
if [ -f "$KEYS" ] && grep -qv '^[[:space:]]*\(#\|$\)' "$KEYS"; then
	"$here/check-keys.sh" "$KEYS" || exit 1
	home=$(awk '$2 == 0 { print $1; exit }' "$tmp.homes")
	[ -n "$home" ] || { echo "mkrootfs: $KEYS: root has no home for its SSH keys" >&2; exit 1; }
	no_link "${home#/}/.ssh/authorized_keys"
	mkdir -p "$tmp$home/.ssh"
	cp "$KEYS" "$tmp$home/.ssh/authorized_keys"
	printf '%s\n' "$home/.ssh d 0700 0 0" "$home/.ssh/authorized_keys f 0600 0 0" >"$tmp.keys"
fi

# SYSTEM_INIT=tiny: src/init.c is /init, and runs /etc/init.d/tiny.
if [ -n "${TINY_INIT:-}" ]; then
	no_link init etc/init.argv
	rm -f "$tmp/init"
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
# The "#file" lines make mkcpio name TABLE and its line in its messages,
# not this copy (the user's last line may lack its line break).
{
	printf '#file %s\n' "$table"
	cat "$table"
	printf '\n#file %s\n' "$staging.permissions, the lines mkrootfs adds for homes and keys"
} >"$tmp.permissions"
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
