#!/bin/sh
# Unit tests for make size (scripts/size.sh): on the built tree, the tables
# add up to the archive and the vmlinux they describe, byte for byte, and
# the chart is well-formed SVG; a budget one byte too small fails and names
# the largest parts, one exactly met holds; bloat-o-meter compares with
# SIZE_BASE, and by itself with the kernel before a change; a malformed
# budget line is refused with its file, line and column, a stale archive
# and a missing tool are reported.
set -eu
. "$(dirname "$0")/../lib.sh"
top=$(cd "$(dirname "$0")/../.." && pwd)
: "${O:?}" "${OUT:?}"
sz=$OUT/size
# What these checks need, from the build's model (make info), by key.
mk info >/dev/null
info=$OUT/info.json
key() { jq -r "$1" "$info"; }
kbuild=$(key .artifacts.linux_builddir)
kernel=$(key .artifacts.kernel)
cross=$(key .arch_vars.CROSS_COMPILE)
sum() { awk -F '\t' -v c="$1" 'NR > 1 { n += $c } END { printf "%.0f\n", n }' "$2"; }
field() { awk -F '\t' -v k="$1" -v c="$2" '$1 == k { print $c }' "$3"; }

# --- make size on the built tree, with the project's budgets --------------------
start=$(date +%s)
if mk size >"$scratch/out" 2>"$scratch/err"; then
	pass "make size succeeds: the build fits config/size.budget"
else
	fail "make size succeeds: the build fits config/size.budget" "$(tail -n 12 "$scratch/err")"
fi
echo "TIME: make size $(($(date +%s) - start)) s"
steps=$(grep -E '^  [A-Z][A-Z0-9]* +[^ ]' "$scratch/out" | awk '{ print $1 }' | tr '\n' ' ')
if [ "$steps" = "SIZE " ] && grep -q '^initramfs: initramfs.cpio.gz ' "$scratch/out" &&
	grep -q '^budgets (' "$scratch/out"; then
	pass "it prints one step, SIZE, then the summary"
else
	fail "it prints one step, SIZE, then the summary" "steps: $steps" "$(head -n 5 "$scratch/out")"
fi
echo "SIZE: $(grep -E '^(kernel|initramfs): ' "$scratch/out" | tr '\n' ' ')"

# The tables add up. The archive: each entry's header, name and data, and
# the 124-byte trailer.
cpio=$(wc -c <"$OUT/initramfs.cpio")
got=$(($(sum 5 "$sz/files.tsv") + 124))
if [ "$got" = "$cpio" ] && [ "$(($(sum 4 "$sz/packages.tsv") + 124))" = "$cpio" ]; then
	pass "files.tsv and packages.tsv account for the $cpio bytes of initramfs.cpio"
else
	fail "files.tsv and packages.tsv account for the $cpio bytes of initramfs.cpio" \
		"files: $got with the trailer; packages: $(sum 4 "$sz/packages.tsv") without it"
fi
if [ "$(sum 4 "$sz/files.tsv")" = "$(sum 3 "$sz/packages.tsv")" ] &&
	[ "$(($(wc -l <"$sz/files.tsv") - 1))" = "$(sum 2 "$sz/packages.tsv")" ] &&
	[ "$(field bin/busybox 3 "$sz/files.tsv")" = busybox ] &&
	[ "$(field bin/busybox 4 "$sz/files.tsv")" = "$(wc -c <"$OUT/rootfs/bin/busybox")" ] &&
	[ "$(field etc/passwd 3 "$sz/files.tsv")" = rootfs ]; then
	pass "the packages' bytes are their files'; bin/busybox is busybox's, etc/passwd no package's"
else
	fail "the packages' bytes are their files'; bin/busybox is busybox's, etc/passwd no package's" \
		"$(cat "$sz/packages.tsv")" "$(grep -E '^(bin/busybox|etc/passwd)	' "$sz/files.tsv")"
fi
# The kernel: the parts are vmlinux's code and data, the objects of
# vmlinux.a are all there with what size(1) says of them.
vm=$("${cross}size" "$kbuild/vmlinux" | awk 'NR == 2 { print $1 + $2 }')
a=$("${cross}size" -t "$kbuild/vmlinux.a" | awk 'END { print $1 + $2 }')
(cd "$kbuild" && "${cross}ar" t vmlinux.a) >"$scratch/members"
members=$(wc -l <"$scratch/members")
from_a=$(awk -F '\t' 'NR == FNR { m[$0] = 1; next } FNR > 1 && $1 in m { n += $3; k++ }
	END { printf "%.0f %d\n", n, k }' "$scratch/members" "$sz/kernel-objects.tsv")
if [ "$(sum 2 "$sz/kernel.tsv")" = "$vm" ] && [ "$from_a" = "$a $members" ] &&
	[ "$(field '(link)' 2 "$sz/kernel.tsv")" -ge 0 ]; then
	pass "kernel.tsv accounts for the $vm bytes of vmlinux; vmlinux.a's $members objects are all in it"
else
	fail "kernel.tsv accounts for the $vm bytes of vmlinux; vmlinux.a's $members objects are all in it" \
		"kernel.tsv: $(sum 2 "$sz/kernel.tsv"); vmlinux.a: $a in $members objects, listed: $from_a"
fi
# A lib.a member counts only if the link pulled it in: vmlinux defines
# its global symbols (the EFI stub's, say, it does not).
"${cross}nm" -g --defined-only "$kbuild/vmlinux" | awk '{ print $NF }' >"$scratch/globals"
bad=
for o in $(awk -F '\t' 'NR == FNR { m[$0] = 1; next }
	FNR > 1 && !($1 in m) && $2 != "kallsyms" && $1 !~ /version-timestamp/ { print $1 }' \
	"$scratch/members" "$sz/kernel-objects.tsv"); do
	s=$("${cross}nm" -g --defined-only "$kbuild/$o" | awk '$2 ~ /^[TDRB]$/ { print $3; exit }')
	grep -qx "$s" "$scratch/globals" || bad="$bad $o($s)"
done
if [ -z "$bad" ]; then
	pass "the objects of lib.a counted are those linked into vmlinux"
else
	fail "the objects of lib.a counted are those linked into vmlinux" "not linked:$bad"
fi
dirs_ok=$(awk -F '\t' 'NR == FNR { if (FNR > 1) n[$2] += $3; next }
	FNR > 1 && $1 != "(link)" && n[$1] != $2 { bad = bad " " $1 } END { print bad }' \
	"$sz/kernel-objects.tsv" "$sz/kernel.tsv")
if [ -z "$dirs_ok" ] && [ "$(field drivers 2 "$sz/kernel.tsv")" -gt 0 ]; then
	pass "each directory of kernel.tsv is the sum of its objects"
else
	fail "each directory of kernel.tsv is the sum of its objects" "differ:$dirs_ok"
fi
largest=$("${cross}nm" --size-sort -S "$kbuild/vmlinux" | awk 'END { print $2 }')
if [ "$(sed -n 2p "$sz/symbols.tsv" | cut -f1)" = "$(printf '%d' "0x$largest")" ]; then
	pass "symbols.tsv starts with vmlinux's largest symbol"
else
	fail "symbols.tsv starts with vmlinux's largest symbol" "$(sed -n 2p "$sz/symbols.tsv")"
fi

# The chart: well-formed SVG, with the parts' names in it.
svg=$sz/size.svg
if command -v xmllint >/dev/null 2>&1; then
	parse() { xmllint --noout "$1"; }
else
	parse() { python3 -c 'import sys, xml.dom.minidom; xml.dom.minidom.parse(sys.argv[1])' "$1"; }
fi
if [ -s "$svg" ] && parse "$svg" 2>"$scratch/xml" && grep -q '<svg' "$svg" &&
	grep -q '>drivers<' "$svg" && grep -q '>busybox<' "$svg"; then
	pass "size.svg is well-formed SVG, with the kernel's directories and the packages"
else
	fail "size.svg is well-formed SVG, with the kernel's directories and the packages" "$(head -n 3 "$scratch/xml")"
fi
head -c 200 "$svg" >"$scratch/bad.svg"
if parse "$scratch/bad.svg" 2>/dev/null; then
	fail "the SVG check refuses a truncated SVG"
else
	pass "the SVG check refuses a truncated SVG"
fi

# --- Budgets ---------------------------------------------------------------------
image=$(wc -c <"$kernel")
gz=$(wc -c <"$OUT/initramfs.cpio.gz")
busybox=$(field busybox 3 "$sz/packages.tsv")
biggest=$(awk -F '\t' 'NR == 2 { print $1 }' "$sz/kernel.tsv")
cp "$sz/summary.txt" "$scratch/summary"
b=$scratch/budget
printf 'kernel %s %s\ninitramfs %s\npackage:busybox %s\n' "$image" "$ARCH" "$gz" "$busybox" >"$b"
expect_ok "budgets met exactly hold" mk size SIZE_BUDGET="$b"
printf 'kernel %s\n' $((image - 1)) >"$b"
expect_error "a kernel one byte over its budget fails, naming the largest directory" \
	"$b:1: kernel is over budget: $image bytes, 1 more than its $((image - 1))" mk size SIZE_BUDGET="$b"
if grep -q "^size: *[0-9]*  $biggest\$" "$scratch/err"; then
	pass "... and lists $biggest among the offenders"
else
	fail "... and lists $biggest among the offenders" "$(cat "$scratch/err")"
fi
printf '# tight\n\ninitramfs %s %s\npackage:busybox 1000\n' $((gz - 1)) "$ARCH" >"$b"
expect_error "an initramfs over budget fails" "$b:3: initramfs is over budget: $gz bytes, 1 more" mk size SIZE_BUDGET="$b"
if grep -q "bin/busybox (busybox)" "$scratch/err" && grep -q "package:busybox is over budget" "$scratch/err" &&
	grep -q "^size:  *[0-9]*  bin/busybox\$" "$scratch/err" && grep -q "^  package:busybox .* OVER\$" "$scratch/out"; then
	pass "... and so does busybox, each naming bin/busybox"
else
	fail "... and so does busybox, each naming bin/busybox" "$(cat "$scratch/err")"
fi
other=$(for a in $(cd "$top/config/arch" && ls ./*.mk); do a=${a#./}; echo "${a%.mk}"; done | grep -vx "$ARCH" | head -n 1)
printf 'kernel 1 %s\npackage:dropbear 0\n' "$other" >"$b"
expect_ok "a budget for another architecture, or a package not in the system, holds" mk size SIZE_BUDGET="$b"
# initramfs+NAME: an allowance for package NAME, added when it is in the
# system (busybox always is), nothing when it is not (dropbear, off).
printf 'initramfs %s %s\ninitramfs+busybox 1 %s\n' $((gz - 1)) "$ARCH" "$ARCH" >"$b"
expect_ok "an initramfs+NAME budget adds to the initramfs's when NAME is in the system" mk size SIZE_BUDGET="$b"
printf 'initramfs %s %s\ninitramfs+dropbear 100000 %s\n' $((gz - 1)) "$ARCH" "$ARCH" >"$b"
expect_error "... and nothing when NAME is not in it" "initramfs is over budget" mk size SIZE_BUDGET="$b"

# Malformed lines: refused with FILE:LINE:COLUMN, before anything is written.
cp "$sz/summary.txt" "$scratch/summary"
refuse() { # NAME TEXT LINE...
	name=$1 text=$2
	shift 2
	printf '%s\n' "$@" >"$b"
	expect_error "a budget file with $name is refused" "$b:$text" mk size SIZE_BUDGET="$b"
}
refuse "an unknown WHAT" '2:1: not a budget: "kernal"' "kernel 1000000000" "kernal 100"
refuse "a number with a unit" "1:11: not a number of bytes: 12k" "initramfs 12k"
refuse "a negative number" "1:8: not a number of bytes: -1" "kernel -1"
refuse "no number" "1:1: want: WHAT BYTES [ARCH...]" "rootfs"
refuse "an unknown architecture" '1:12: no architecture "x86"' "kernel 100 x86"
refuse "an unknown package" '1:1: no package "busybx"' "package:busybx 100"
refuse "an unknown package's allowance" '1:1: no package "dropbar"' "initramfs+dropbar 100"
refuse "a kernel directory that escapes" '1:1: not a top-level directory of the kernel source: "../net"' \
	"kernel-dir:../net 100"
refuse "a budget given twice" "3:1: kernel already has a budget for $ARCH on line 1" \
	"kernel 100" "# again" "kernel 200 $ARCH"
refuse "CRLF line endings" "1:11: CRLF line endings" "$(printf 'kernel 100\r')"
if cmp -s "$scratch/summary" "$sz/summary.txt" && ! ls -d "$OUT"/size.tmp.* >/dev/null 2>&1; then
	pass "a refused budget file leaves the tables as they were, and no temp dir"
else
	fail "a refused budget file leaves the tables as they were, and no temp dir" "$(ls -d "$OUT"/size*)"
fi
expect_error "SIZE_TOP must be a number" "SIZE_TOP=x: not a number of rows" mk size SIZE_TOP=x

# --- bloat-o-meter -----------------------------------------------------------------
# A kernel without vmlinux's largest symbol: the comparison names it.
sym=$(sed -n 2p "$sz/symbols.tsv" | cut -f3)
"${cross}objcopy" --only-keep-debug -N "$sym" "$kbuild/vmlinux" "$scratch/base"
expect_ok "make size SIZE_BASE=vmlinux compares the kernels" mk size SIZE_BASE="$scratch/base"
if grep -q "^    add/remove: 1/0 " "$scratch/out" && grep -q "^    $sym  *- " "$scratch/out" &&
	grep -q "^$sym " "$sz/bloat.txt"; then
	pass "bloat-o-meter's summary names the symbol added since SIZE_BASE"
else
	fail "bloat-o-meter's summary names the symbol added since SIZE_BASE" "$(grep -A4 compared "$scratch/out")"
fi
expect_error "a SIZE_BASE that is not there is refused" "SIZE_BASE=$scratch/none: cannot read" \
	mk size SIZE_BASE="$scratch/none"
echo "not a kernel" >"$scratch/text"
expect_error "a SIZE_BASE that is no kernel is refused" "not a kernel" mk size SIZE_BASE="$scratch/text"
# Without SIZE_BASE: the kernel the last make size saw, when it differs.
rm -f "$sz/vmlinux.prev.syms.gz"
gzip -9 -n -c "$scratch/base" >"$sz/vmlinux.syms.gz"
mk size >"$scratch/out" 2>&1 || true
mk size >"$scratch/out2" 2>&1 || true
if grep -q "compared with the kernel before the last change" "$scratch/out" &&
	grep -q "^    $sym  *- " "$scratch/out2" && [ -f "$sz/vmlinux.prev.syms.gz" ]; then
	pass "after a kernel change, make size compares with the kernel before it, each time"
else
	fail "after a kernel change, make size compares with the kernel before it, each time" "$(head -n 30 "$scratch/out")"
fi
rm -f "$sz/vmlinux.prev.syms.gz"
mk size >"$scratch/out" 2>&1 || true
if ! grep -q "compared with" "$scratch/out" && [ ! -e "$sz/bloat.txt" ]; then
	pass "with no change seen and no SIZE_BASE, nothing is compared and bloat.txt is gone"
else
	fail "with no change seen and no SIZE_BASE, nothing is compared and bloat.txt is gone"
fi

# --- The script alone: a stale archive, a missing tool ---------------------------
direct() { # ROOTFS [ENV...]: size.sh on info.json, its rootfs changed to ROOTFS
	jq --arg r "$1" '.artifacts.rootfs = $r' "$info" >"$scratch/info.json"
	shift
	env "$@" "$top/scripts/size.sh" "$scratch/info.json" "$scratch/size" "$top/config/size.budget"
}
expect_ok "size.sh by itself, on the built tree" direct "$OUT/rootfs"
expect_error "size.sh refuses what is not make info's JSON" "not the info.json make info writes" \
	"$top/scripts/size.sh" "$top/config/size.budget" "$scratch/size" "$top/config/size.budget"
cp -R -P "$OUT/rootfs" "$scratch/rootfs"
echo "new" >"$scratch/rootfs/new-file"
expect_error "an archive older than the tree is reported" "is it older than $scratch/rootfs? make initramfs" \
	direct "$scratch/rootfs"
# A package's file replaced by another of the same size (an overlay's,
# say) is no longer the package's.
rm -f "$scratch/rootfs/new-file"
bb=$(wc -c <"$scratch/rootfs/bin/busybox")
rm -f "$scratch/rootfs/bin/busybox"
head -c "$bb" /dev/zero >"$scratch/rootfs/bin/busybox"
direct "$scratch/rootfs" >/dev/null 2>&1 || true
if [ "$(field bin/busybox 3 "$scratch/size/files.tsv")" = rootfs ] &&
	[ "$(field bin/sh 3 "$scratch/size/files.tsv")" = busybox ]; then
	pass "a package's file replaced in the tree is no longer the package's; its links still are"
else
	fail "a package's file replaced in the tree is no longer the package's; its links still are" \
		"$(grep -E '^bin/(busybox|sh)	' "$scratch/size/files.tsv")"
fi
mkdir "$scratch/bin"
for d in $(echo "$PATH" | tr ':' ' '); do
	for t in "$d"/*; do
		n=${t##*/}
		[ "$n" = gnuplot ] || [ -e "$scratch/bin/$n" ] || ln -s "$t" "$scratch/bin/$n" 2>/dev/null || true
	done
done
expect_error "a missing gnuplot is reported" "gnuplot is missing" direct "$OUT/rootfs" PATH="$scratch/bin"
