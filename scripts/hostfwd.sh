#!/bin/sh
# hostfwd.sh: parse qemu port forwards, PROTO:[HOSTADDR]:HOSTPORT-[GUESTADDR]:GUESTPORT
# each, into their parts, check each part, and print qemu's -netdev options
# rebuilt from them: hostfwd=PROTO:HOSTADDR:HOSTPORT-GUESTADDR:GUESTPORT,...
# A rule with no HOSTADDR listens on 127.0.0.1 only. With --check, also
# refuse a host port that a program on this machine already listens on,
# and print nothing.
set -eu

check=
[ "${1:-}" != --check ] || { check=1; shift; }
die() { echo "HOSTFWD rule '$rule': $*" >&2; exit 1; }

# An IPv4 address: four decimal numbers from 0 to 255.
ipv4() {
	case $1 in *[!0-9.]* | *..* | .* | *.) return 1 ;; esac
	old_ifs=$IFS IFS=.
	# shellcheck disable=SC2086 # split on the dots
	set -- $1
	IFS=$old_ifs
	[ $# -eq 4 ] || return 1
	for n; do
		case $n in 0 | [1-9] | [1-9][0-9] | 1[0-9][0-9] | 2[0-4][0-9] | 25[0-5]) ;; *) return 1 ;; esac
	done
}
port() {
	case $1 in [1-9] | [1-9][0-9] | [1-9][0-9][0-9] | [1-9][0-9][0-9][0-9] | [1-6][0-9][0-9][0-9][0-9]) ;; *) return 1 ;; esac
	[ "$1" -le 65535 ]
}

out=
for rule; do
	case $rule in
	tcp:*:*-*:* | udp:*:*-*:*) ;;
	*) die "not PROTO:[HOSTADDR]:HOSTPORT-[GUESTADDR]:GUESTPORT, such as tcp::8080-:80" ;;
	esac
	proto=${rule%%:*} rest=${rule#*:}
	host=${rest%%-*} guest=${rest#*-}
	haddr=${host%%:*} hport=${host#*:}
	gaddr=${guest%%:*} gport=${guest#*:}
	[ -z "$haddr" ] || ipv4 "$haddr" || die "'$haddr' is not an IPv4 address"
	[ -z "$gaddr" ] || ipv4 "$gaddr" || die "'$gaddr' is not an IPv4 address"
	port "$hport" || die "'$hport' is not a port from 1 to 65535"
	port "$gport" || die "'$gport' is not a port from 1 to 65535"
	haddr=${haddr:-127.0.0.1}
	if [ -n "$check" ] && command -v ss >/dev/null 2>&1 &&
		ss -Hln -"$(printf %.1s "$proto")" "sport = :$hport" 2>/dev/null | grep -q .; then
		die "port $hport is in use on this machine by another program; choose another port"
	fi
	out="$out${out:+,}hostfwd=$proto:$haddr:$hport-$gaddr:$gport"
done
[ -n "$check" ] || printf '%s\n' "$out"
