#!/bin/sh
# Unit tests for scripts/kernel-tree.sh, what make info and the SBOM say of
# a developer's tree (LINUX_SRC=dir): its version from its Makefile, its
# git commit and whether its work tree differs, read without writing into
# it; and for kernel-check.sh --config, the check of that tree's .config.
set -eu
. "$(dirname "$0")/../lib.sh"
top=$(cd "$(dirname "$0")/../.." && pwd)
kt=$top/scripts/kernel-tree.sh

# is NAME WANT CMD...: CMD succeeds and prints WANT.
is() {
	name=$1 want=$2
	shift 2
	if got=$("$@" 2>&1) && [ "$got" = "$want" ]; then
		pass "$name"
	else
		fail "$name" "got:  $got" "want: $want"
	fi
}

t=$scratch/linux
mkdir -p "$t"
printf '# SPDX\nVERSION = 7\nPATCHLEVEL = 2\nSUBLEVEL = 0\nEXTRAVERSION = -rc3\nNAME = Baby Opossum Posse\n' >"$t/Makefile"
is "version: VERSION.PATCHLEVEL.SUBLEVEL and EXTRAVERSION of its Makefile" 7.2.0-rc3 "$kt" version "$t"
is "id: a tree outside git says that no commit names it" "not a git work tree: no commit named" "$kt" id "$t"
# A tree inside another repository is not that repository's commit.
mkdir -p "$scratch/outer/linux"
cp "$t/Makefile" "$scratch/outer/linux/"
git -C "$scratch/outer" init -q
is "id: a tree inside another git work tree is not named by that one's commit" \
	"not a git work tree: no commit named" "$kt" id "$scratch/outer/linux"
git -C "$t" init -q
is "id: a git work tree with no commit says so" "a git work tree with no commit" "$kt" id "$t"
git -C "$t" add Makefile
git -C "$t" -c user.name=t -c user.email=t@example.org commit -qm 1
head=$(git -C "$t" rev-parse HEAD)
is "id: a clean git work tree is its commit" "git $head" "$kt" id "$t"
# A file touched, its content the same: git status would refresh the
# index's record of it, and must not.
sum=$(sha256sum <"$t/.git/index")
touch -d 2001-01-01 "$t/Makefile"
is "id: a touched file is no change" "git $head" "$kt" id "$t"
if [ "$(sha256sum <"$t/.git/index")" = "$sum" ]; then
	pass "id: git's index is not rewritten (GIT_OPTIONAL_LOCKS=0)"
else
	fail "id: git's index is not rewritten (GIT_OPTIONAL_LOCKS=0)"
fi
echo '# a change' >>"$t/Makefile"
is "id: a changed work tree is its commit, with uncommitted changes" "git $head, with uncommitted changes" "$kt" id "$t"
printf 'VERSION = 7\n' >"$scratch/half"
mkdir -p "$scratch/half.d" && mv "$scratch/half" "$scratch/half.d/Makefile"
expect_error "version: a Makefile without PATCHLEVEL is not a kernel tree's" "no VERSION and PATCHLEVEL lines" \
	"$kt" version "$scratch/half.d"
printf 'VERSION = 7\nPATCHLEVEL = 2\nEXTRAVERSION = $(shell x)\n' >"$scratch/half.d/Makefile"
expect_error "version: a part that is not a version's is refused, with its line" "Makefile:3: not a version part" \
	"$kt" version "$scratch/half.d"
expect_error "a missing directory is refused" "$scratch/missing: no such directory" "$kt" version "$scratch/missing"

# kernel-check.sh --config: what config/linux.needs and KERNEL_NEEDS list.
sed -n 's/^\([A-Z0-9_]*\) .*/CONFIG_\1=y/p' "$top/config/linux.needs" >"$scratch/config"
echo CONFIG_SERIAL_8250_CONSOLE=y >>"$scratch/config"
is "kernel-check --config: a .config with every need passes" \
	"kernel-check: $scratch/config has what the initramfs needs" \
	env LINUX_ARCH=x86_64 KERNEL_NEEDS=SERIAL_8250_CONSOLE "$top/scripts/kernel-check.sh" --config \
	"$scratch/config" "$top/config/linux.needs"
grep -v DEVTMPFS= "$scratch/config" >"$scratch/config2"
expect_error "kernel-check --config: a .config without DEVTMPFS fails, the option named" \
	"$scratch/config2 lacks CONFIG_DEVTMPFS=y" env LINUX_ARCH=x86_64 KERNEL_NEEDS=SERIAL_8250_CONSOLE \
	"$top/scripts/kernel-check.sh" --config "$scratch/config2" "$top/config/linux.needs"
