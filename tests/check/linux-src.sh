#!/bin/sh
# For kernel developers (docs/kernel-developers.md): make LINUX_SRC=dir
# DEBUG=1 builds the kernel from a developer's own tree, out of tree, with
# debug information; the tree is left as it was; make info and the SBOM
# name it as a local tree; make gdb loads the kernel's lx- helpers and
# reads its structures; a one-line change rebuilds only what it touches,
# and the guest runs it. The tree is the pinned source, copied with hard
# links (a change replaces a file, never writes into a shared one). A
# kernel build from scratch, with debug information: make check's tier.
set -eu
. "$(dirname "$0")/../lib.sh"
top=$(cd "$(dirname "$0")/../.." && pwd)
: "${OUT:?}" "${INFO:?}" "${LINUX_BUILDDIR:?}" "${LINUX_VERSION:?}" "${UNAME_M:?}"
result=0
mkdir -p "$OUT/tests"
srcdir=$(jq -r '.packages.linux.srcdir' "$INFO")
image_name=$(jq -r '.arch_vars.LINUX_IMAGE' "$INFO")
tree=$OUT/tests/linux-tree
builddir=$OUT/build/linux-src-debug
# From scratch: the copy's files have the pinned tree's times, older than
# the objects a run before this one left.
rm -rf "$tree" "$builddir"
cp -al "$srcdir" "$tree"
# Every file of the tree: type, name, size, time, inode.
snapshot() { (cd "$tree" && find . -printf '%y %p %s %T@ %i\n' | LC_ALL=C sort); }
snapshot >"$scratch/before"
main_sum=$(sha256sum <"$srcdir/init/main.c")
log=$OUT/tests/linux-src.make.log
# The fragments, and a symbol no kernel has: a tree that lacks a symbol
# of the fragments is a NOTE, not an error.
frag=$OUT/tests/linux-src.fragment
{ cat "$top/config/linux.fragment"; echo CONFIG_MINILINUX_NOT_IN_ANY_TREE=y; } >"$frag"

start=$(date +%s)
if build_guard "$top/tests/submake" -C "$top" O="$O" ARCH="$ARCH" DL_DIR="$DL_DIR" -s \
	LINUX_SRC="$tree" DEBUG=1 LINUX_FRAGMENT="$frag" </dev/null >"$log" 2>&1; then
	pass "make LINUX_SRC=dir DEBUG=1 builds the kernel from that tree ($(($(date +%s) - start)) s)"
else
	fail "make LINUX_SRC=dir DEBUG=1 builds the kernel from that tree" "$(tail -n 20 "$log")"
	exit 1
fi
if grep -q "^  CONFIG  linux of \(.*/\)\{0,1\}tests/linux-tree\$" "$log"; then
	pass "the step lines name the tree"
else
	fail "the step lines name the tree" "$(head -n 5 "$log")"
fi
if grep -q "NOTE    linux of .*tests/linux-tree: symbols of the fragments its .config does not have as asked: 1;" "$log" &&
	grep -q 'CONFIG_MINILINUX_NOT_IN_ANY_TREE=y requested' "$builddir/fragment-check"; then
	pass "a symbol of the fragments that the tree lacks is a NOTE, listed in fragment-check"
else
	fail "a symbol of the fragments that the tree lacks is a NOTE, listed in fragment-check" \
		"$(grep NOTE "$log")" "$(cat "$builddir/fragment-check")"
fi
snapshot >"$scratch/after"
if cmp -s "$scratch/before" "$scratch/after"; then
	pass "nothing was written into the tree: every file as it was, none added or removed"
else
	fail "nothing was written into the tree: every file as it was, none added or removed" \
		"$(diff "$scratch/before" "$scratch/after" | head -n 10)"
fi
if grep -qx 'CONFIG_DEBUG_INFO=y' "$builddir/.config" && grep -qx 'CONFIG_GDB_SCRIPTS=y' "$builddir/.config" &&
	readelf -S "$builddir/vmlinux" | grep -q '\.debug_info' && [ -e "$builddir/vmlinux-gdb.py" ]; then
	pass "DEBUG=1: vmlinux has debug information, and the build tree the kernel's gdb helpers"
else
	fail "DEBUG=1: vmlinux has debug information, and the build tree the kernel's gdb helpers" \
		"$(grep -E 'CONFIG_(DEBUG_INFO|GDB_SCRIPTS)\b' "$builddir/.config")"
fi
if cmp -s "$builddir/$image_name" "$OUT/$(basename "$image_name")"; then
	pass "the kernel make run boots is the one built from the tree"
else
	fail "the kernel make run boots is the one built from the tree" "$OUT/$(basename "$image_name") differs"
fi

# make info and the SBOM: the kernel is the tree's, not the pin's.
rm -f "$OUT/sbom.cdx.json"
if ! mk -s info sbom LINUX_SRC="$tree" DEBUG=1 LINUX_FRAGMENT="$frag" >"$scratch/info.out" 2>&1; then
	fail "make info sbom LINUX_SRC=dir" "$(tail -n 10 "$scratch/info.out")"
	result=1
fi
got=$(jq -r '.packages.linux | [.local_src, .local_version, .local_tree] | join("|")' "$INFO")
want="$tree|$LINUX_VERSION|not a git work tree: no commit named"
if [ "$got" = "$want" ]; then
	pass "make info: packages.linux names the local tree, its version and that no commit names it"
else
	fail "make info: packages.linux names the local tree, its version and that no commit names it" \
		"got:  $got" "want: $want"
fi
got=$(jq -c '.components[] | select(.name == "linux") |
	[.version, ([.externalReferences[]? | .type + " " + .url] | join(",")), (.pedigree != null)]' "$OUT/sbom.cdx.json")
want="[\"$LINUX_VERSION\",\"other file://$tree\",false]"
if [ "$got" = "$want" ]; then
	pass "the SBOM's linux is the local tree: its URL alone, no pinned download, no patch"
else
	fail "the SBOM's linux is the local tree: its URL alone, no pinned download, no patch" \
		"got:  $got" "want: $want"
fi

# The validator that the unit suite sbom installs (make check runs it first).
if [ -f "$O/sbom-validator/validate.js" ] && node "$O/sbom-validator/validate.js" "$OUT/sbom.cdx.json" \
	>"$scratch/v" 2>&1; then
	pass "that SBOM is valid CycloneDX 1.5 (strict)"
else
	fail "that SBOM is valid CycloneDX 1.5 (strict)" "$(cat "$scratch/v" 2>/dev/null)" \
		"(the validator is the one tests/unit/sbom.sh installs in $O/sbom-validator)"
fi

# make gdb: the kernel's own lx- command, and a structure read through
# the debug information, at a breakpoint; then the guest boots on.
cat >"$scratch/k.gdb" <<'EOF'
hbreak kernel_init
continue
printf "PID %d\n", init_task.pid
printf "COMM %s\n", init_task.comm
info line kernel_init
lx-version
delete
detach
quit
EOF
echo "check \"after gdb detached, the guest booted the tree's kernel\" {uname -r} $LINUX_VERSION" >"$scratch/gdb.checks"
gdb_boot "make run GDB=1 LINUX_SRC=dir DEBUG=1: " linux-src-gdb "$scratch/gdb.checks" "$scratch/k.gdb" \
	LINUX_SRC="$tree" DEBUG=1 LINUX_FRAGMENT="$frag" || result=1
rc=$gdb_rc
if [ "$rc" -eq 0 ] && grep -q "^Linux version $LINUX_VERSION " "$scratch/gdb.out"; then
	pass "make gdb loads the kernel's lx- commands: lx-version prints its banner"
else
	fail "make gdb loads the kernel's lx- commands: lx-version prints its banner" \
		"make gdb: status $rc" "$(tail -n 15 "$scratch/gdb.out")"
fi
if grep -qx 'PID 0' "$scratch/gdb.out" && grep -q '^COMM swapper' "$scratch/gdb.out"; then
	pass "make gdb reads a structure by its debug information: init_task's pid and comm"
else
	fail "make gdb reads a structure by its debug information: init_task's pid and comm" \
		"$(grep -E '^(PID|COMM)' "$scratch/gdb.out")"
fi
if grep -q "^Line [0-9]* of \".*init/main\.c\"" "$scratch/gdb.out"; then
	pass "the debug information gives kernel_init's line in init/main.c"
else
	fail "the debug information gives kernel_init's line in init/main.c" "$(grep '^Line' "$scratch/gdb.out")"
fi

# A one-line change in the tree: a new file replaces init/main.c (the
# pinned source's stays as it is), kbuild compiles it alone and relinks,
# and the guest's kernel log has the changed line.
edited=$(date +%s)
sed 's/pr_notice("Kernel command line: %s\\n"/pr_notice("Kernel command line (changed in LINUX_SRC): %s\\n"/' \
	"$tree/init/main.c" >"$tree/init/main.c.new"
mv -f "$tree/init/main.c.new" "$tree/init/main.c"
if grep -q 'changed in LINUX_SRC' "$tree/init/main.c" && [ "$(sha256sum <"$srcdir/init/main.c")" = "$main_sum" ]; then
	pass "the change is in the tree's init/main.c, not in the pinned source's"
else
	fail "the change is in the tree's init/main.c, not in the pinned source's"
fi
start=$(date +%s)
# Without -s: kbuild then logs a line per object it compiles.
if mk LINUX_SRC="$tree" DEBUG=1 LINUX_FRAGMENT="$frag" </dev/null >"$log" 2>&1; then
	built=$(date +%s)
	ccs=$(awk '/^  CC  / { n++ } END { print n + 0 }' "$OUT/logs/linux-build.log")
	if grep -q '^  CC      init/main\.o$' "$OUT/logs/linux-build.log" && [ "$ccs" -le 5 ]; then
		pass "the one-line change rebuilds what it touches: $ccs objects compiled, init/main.o among them ($((built - start)) s)"
	else
		fail "the one-line change rebuilds what it touches" "$ccs objects compiled" \
			"$(grep '^  CC  ' "$OUT/logs/linux-build.log" | head -n 10)"
	fi
else
	fail "make LINUX_SRC=dir rebuilds after a change in the tree" "$(tail -n 20 "$log")"
fi
echo "check \"the guest's kernel has the change\" {dmesg | grep -c 'Kernel command line (changed in LINUX_SRC)'} 1" \
	>"$scratch/change.checks"
BOOT_COMMAND="exec $top/tests/submake -s -C $top O=$O ARCH=$ARCH DL_DIR=$DL_DIR run LINUX_SRC=$tree DEBUG=1 LINUX_FRAGMENT=$frag" \
	boot_checks "make run LINUX_SRC=dir after a one-line change: " linux-src-change "$scratch/change.checks" ||
	result=1
echo "    (from the change to the guest's poweroff: $(($(date +%s) - edited)) s)"

# Without LINUX_SRC, make builds the pinned kernel again, from its own
# build tree, which the tree's build did not touch.
if mk -s </dev/null >"$log" 2>&1 && cmp -s "$LINUX_BUILDDIR/$image_name" "$OUT/$(basename "$image_name")"; then
	pass "make without LINUX_SRC goes back to the pinned kernel's build tree and image"
else
	fail "make without LINUX_SRC goes back to the pinned kernel's build tree and image" "$(tail -n 10 "$log")"
fi
mk -s info >/dev/null
rm -rf "$tree"
exit "$result"
