#!/bin/sh
# The rootfs is staged and packed by an unprivileged user, and the archive
# still holds root-owned entries and real device nodes. Run as root (as CI
# does), the packing is done as "nobody" through setpriv; a failure to
# drop root fails the test.
set -eu
. "$(dirname "$0")/../lib.sh"
top=$(cd "$(dirname "$0")/../.." && pwd)
: "${MKCPIO:?}" "${BUSYBOX_ROOT:?}"
bbroot=$BUSYBOX_ROOT
[ -d "$bbroot" ] || { fail "unprivileged packing" "no $bbroot; run make first"; exit 1; }

work=$(mktemp -d "${TMPDIR:-/tmp}/unpriv.XXXXXX")
trap 'rm -rf "$scratch" "$work"' EXIT
as_user=
src=$top mkcpio=$MKCPIO
if [ "$(id -u)" -eq 0 ]; then
	# The tree may sit where nobody cannot enter (a clone in a 0700 temp
	# dir): nobody gets its own copy of the inputs.
	mkdir "$work/in"
	cp -R -P -p "$top/scripts" "$top/rootfs" "$top/config" "$work/in/"
	cp -R -P -p "$bbroot" "$work/in/busybox-root"
	cp "$MKCPIO" "$work/in/mkcpio"
	src=$work/in bbroot=$work/in/busybox-root mkcpio=$work/in/mkcpio
	chown -R 65534:65534 "$work"
	as_user="setpriv --reuid=65534 --regid=65534 --clear-groups --"
fi

# shellcheck disable=SC2086 # $as_user is a command prefix
if $as_user sh -c '
	set -eu
	"$1/scripts/mkrootfs.sh" "$2/rootfs" "$1/rootfs" "$1/config" "$1/config/permissions" "$3"
	"$4" -t 0 -p "$2/rootfs.permissions" -o "$2/initramfs.cpio" "$2/rootfs"
	gzip -n "$2/initramfs.cpio"' sh "$src" "$work" "$bbroot" "$mkcpio" \
	>"$scratch/err" 2>&1; then
	pass "staging and packing succeed as uid $($as_user id -u)"
else
	fail "staging and packing succeed as uid $($as_user id -u)" "$(cat "$scratch/err")"
	exit 1
fi

# Whoever runs the suite, the build really ran without root.
owner=$(stat -c %u "$work/rootfs/etc/shadow")
if [ "$owner" = "$($as_user id -u)" ] && [ "$owner" != 0 ]; then
	pass "the staged files belong to the unprivileged user ($owner)"
else
	fail "the staged files belong to the unprivileged user" "owner is $owner, packer is uid $($as_user id -u)"
fi

gzip -dc "$work/initramfs.cpio.gz" | cpio -itv --numeric-uid-gid --quiet |
	tr -s ' ' >"$scratch/list"
n=$(awk '$3 != 0 || $4 != 0' "$scratch/list" | wc -l)
if [ "$n" -eq 0 ] && [ -s "$scratch/list" ]; then
	pass "every entry is owned by 0:0"
else
	fail "every entry is owned by 0:0" "$n entries are not:" "$(awk '$3 != 0 || $4 != 0' "$scratch/list" | head -n 5)"
fi
# Compare type, mode, owner, device numbers and name; drop sizes and dates.
sed -E 's/ [A-Z][a-z]{2} [0-9]+ [0-9:]+ / /; s/^(-[^ ]+ [0-9]+ [0-9]+ [0-9]+) [0-9]+ /\1 /' \
	"$scratch/list" >"$scratch/short"
for want in "crw------- 1 0 0 5, 1 dev/console" "crw-rw-rw- 1 0 0 1, 3 dev/null" \
	"-rw------- 1 0 0 etc/shadow"; do
	if grep -qxF -- "$want" "$scratch/short"; then
		pass "the archive has: $want"
	else
		fail "the archive has: $want" "$(grep -F "${want##* }" "$scratch/short")"
	fi
done
