#!/bin/sh
# The Makefile rebuilds exactly what a change affects, in a built tree: a
# no-op make prints nothing, a rootfs/ edit re-packs only the initramfs, a
# kernel fragment edit rebuilds only the kernel. Also: `make help` lists
# every public target. Files are only touched, so the tree stays clean.
set -eu
. "$(dirname "$0")/../lib.sh"
top=$(cd "$(dirname "$0")/../.." && pwd)
: "${O:?}"

# steps AFTER EXPECTED...: run make after touching AFTER; the step tags it
# prints must be exactly EXPECTED.
steps() {
	name=$1 file=$2
	shift 2
	[ -z "$file" ] || touch "$top/$file"
	if ! mk >"$scratch/out" 2>&1; then
		fail "$name" "make failed:" "$(tail -n 10 "$scratch/out")"
		return
	fi
	got=$(awk '{ print $1 }' "$scratch/out" | tr '\n' ' ')
	if [ "$got" = "$*${*:+ }" ]; then
		pass "$name"
	else
		fail "$name" "expected steps: $*" "got:" "$(cat "$scratch/out")"
	fi
}

mk >/dev/null 2>&1 || true
steps "a no-op make prints nothing" ""
steps "a rootfs/ edit re-stages and re-packs only" rootfs/etc/issue ROOTFS CPIO
steps "a rootfs/ edit is not repeated" ""
steps "a permissions edit re-packs only" config/permissions CPIO
steps "a kernel fragment edit rebuilds only the kernel" config/linux.fragment CONFIG BUILD
steps "a kernel rebuild is not repeated" ""

mk help >"$scratch/help"
for t in $(sed -n 's/^\.PHONY: *//p' "$top/Makefile"); do
	if grep -q "^  $t[ (]" "$scratch/help"; then
		pass "make help lists $t"
	else
		fail "make help lists $t"
	fi
done
