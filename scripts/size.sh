#!/bin/sh
# size.sh: where the bytes of the built system go, and whether they fit
# their budgets. The initramfs by package and by file, the kernel by
# top-level source directory and by symbol: tables and a bar chart in
# OUTDIR, a summary on standard output; then each budget exceeded, with
# the largest parts of what exceeds it, and a failure.
#
#   size.sh INFO OUTDIR BUDGET
#
# INFO is make info's model of the build (scripts/info.mk), read by key:
# the kernel image as booted (artifacts.kernel: bzImage, Image, zImage);
# the kernel's build tree (artifacts.linux_builddir: vmlinux, vmlinux.a)
# and source (packages.linux.srcdir, for scripts/bloat-o-meter); the
# gzipped initramfs (artifacts.system_initramfs), with the uncompressed one
# beside it; the staged tree and its permissions table (artifacts.rootfs,
# rootfs_permissions), listed with mkcpio -l (artifacts.mkcpio) as the
# archive holds them; and the manifests (NAME.manifest, as
# scripts/manifest.sh writes them) of packages_rootfs, in the order they
# were copied into it: a file is a package's when the staged file is the
# one its manifest lists (same type, same SHA-256 or link target), the
# last such package's; every other is "rootfs", the skeleton's, an
# overlay's or made from config/. Budgets may name any of arches and
# packages_all; the binutils that read the kernel are arch_vars'
# CROSS_COMPILE.
#
# Environment: SIZE_BASE, a vmlinux (or a saved vmlinux.syms.gz) to
# compare the kernel with; SIZE_TOP, how many files, symbols and
# directories to show (default 10); V=1 shows each command.
#
# Written to OUTDIR, each file renamed into place when complete:
#   files.tsv           every entry of the archive: path, type, package,
#                       bytes (content), cpio (its bytes in the archive)
#   packages.tsv        package, entries, bytes, cpio, gzip (its regular
#                       files compressed alone with gzip -9)
#   kernel.tsv          part of vmlinux (a directory, kallsyms, or "(link)":
#                       what the linker adds), bytes (code and data), bss
#   kernel-objects.tsv  every object linked into vmlinux: object, directory,
#                       bytes, bss
#   sections.tsv        vmlinux's sections and their sizes
#   symbols.tsv         vmlinux's sized symbols: bytes, nm type, name
#   summary.txt         what is printed, the budgets but for their failure
#   size.svg            bar charts of where the bytes go
#   vmlinux.syms.gz     the kernel's symbols (objcopy --only-keep-debug),
#                       and vmlinux.prev.syms.gz, those of the kernel before
#                       the last change this script saw: without SIZE_BASE,
#                       the kernel is compared with that one
#   bloat.txt           scripts/bloat-o-meter's full output, when compared
#
# BUDGET is documented in config/size.budget.
set -eu

usage() {
	echo "usage: $0 INFO OUTDIR BUDGET" >&2
	exit 2
}
[ $# -eq 3 ] || usage
info=$1 out=$2 budget=$3
here=$(cd "$(dirname "$0")" && pwd)
# Byte counts and sort orders, whatever the user's locale.
LC_ALL=C
export LC_ALL

die() { echo "size: $*" >&2; exit 1; }
[ -f "$info" ] && [ -r "$info" ] || die "$info: cannot read: make info"
# shellcheck disable=SC2016 # jq's variables
vars=$(jq -r '. as $i | @sh "kernel=\(.artifacts.kernel) kbuild=\(.artifacts.linux_builddir)" +
	@sh " ksrc=\(.packages.linux.srcdir) initramfs=\(.artifacts.system_initramfs)" +
	@sh " rootfs=\(.artifacts.rootfs) table=\(.artifacts.rootfs_permissions) mkcpio=\(.artifacts.mkcpio)" +
	@sh " cross=\(.arch_vars.CROSS_COMPILE) ARCH=\(.arch) arches=\(.arches | join(" "))" +
	@sh " all_pkgs=\(.packages_all | join(" "))" +
	@sh " manifests=\([.packages_rootfs[] | $i.packages[.].manifest] | join(" "))"' "$info") ||
	die "$info: not the info.json make info writes"
eval "$vars"
# shellcheck disable=SC2086 # paths, one word each
set -- $manifests
top=${SIZE_TOP:-10}
case $top in '' | *[!0-9]* | 0*) die "SIZE_TOP=$top: not a number of rows" ;; esac
# A path as messages show it: from here (make's top directory) when inside.
show() {
	case $1 in
	"$PWD"/*) printf '%s\n' "${1#"$PWD"/}" ;;
	*) printf '%s\n' "$1" ;;
	esac
}
# run CMD...: CMD, shown first under V=1.
run() {
	[ "${V:-0}" != 1 ] || echo "$*" >&2
	"$@"
}

# Prerequisites first, each missing one named with where it comes from.
for t in "${cross}size" "${cross}nm" "${cross}objcopy"; do
	command -v "$t" >/dev/null 2>&1 || die "$t is missing: it comes with the cross compiler's binutils: make deps"
done
command -v gnuplot >/dev/null 2>&1 || die "gnuplot is missing: make size installs it when it may (gnuplot-nox)"
case $initramfs in *.gz) cpio=${initramfs%.gz} ;; *) die "$initramfs: not a .gz" ;; esac
for f in "$budget" "$kernel" "$kbuild/vmlinux" "$kbuild/vmlinux.a" "$initramfs" "$cpio" "$table" "$@"; do
	[ -f "$f" ] && [ -r "$f" ] || die "$f: cannot read"
done
for d in "$rootfs" "$ksrc"; do
	[ -d "$d" ] || die "$d: not a directory"
done
if [ -n "${SIZE_BASE:-}" ]; then
	[ -f "$SIZE_BASE" ] && [ -r "$SIZE_BASE" ] || die "SIZE_BASE=$SIZE_BASE: cannot read"
	[ -f "$ksrc/scripts/bloat-o-meter" ] || die "$ksrc/scripts/bloat-o-meter: no such file"
	command -v python3 >/dev/null 2>&1 || die "python3 is missing, for bloat-o-meter: make size installs it when it may"
fi
pkgs=
for m in "$@"; do
	n=${m##*/}
	n=${n%.manifest}
	printf '%s\n' "$n" | grep -Eqx '[a-z0-9][a-z0-9._+-]*' || die "$m: not NAME.manifest of a package"
	[ "$n" != rootfs ] || die "$m: a package may not be named rootfs, the name of the files of none"
	pkgs="$pkgs $n"
done

mkdir -p "$out"
work=$(mktemp -d "$out.tmp.XXXXXX")
trap 'rm -rf "$work"' EXIT
trap 'exit 130' INT TERM
tmp=$work/tmp
mkdir "$tmp"

# --- The budgets: checked whole before anything is measured -----------------
# Each line that holds for ARCH: WHAT, BYTES, where it is (FILE:LINE).
kdirs=$(cd "$ksrc" && for d in */; do printf '%s ' "${d%/}"; done)
awk -v f="$(show "$budget")" -v arch="$ARCH" -v arches="$arches" -v pkgs="$all_pkgs" \
	-v dirs="$kdirs" "$(cat "$here/tables.awk")"'
	function bad(n, why) {
		printf "size: %s:%d:%d: %s\n", f, FNR, col(n), why >"/dev/stderr"
		err = 1
		exit 1
	}
	BEGIN {
		n = split(arches, a, " ")
		for (i = 1; i <= n; i++) known_arch[a[i]] = 1
		n = split(pkgs, a, " ")
		for (i = 1; i <= n; i++) known_pkg[a[i]] = 1
		n = split(dirs, a, " ")
		for (i = 1; i <= n; i++) known_dir[a[i]] = 1
	}
	crlf(f) != "" { printf "size: %s\n", crlf(f) >"/dev/stderr"; err = 1; exit 1 }
	/^[ \t]*(#|$)/ { next }
	{
		w = $1
		if (w == "kernel" || w == "initramfs" || w == "rootfs") {
		} else if (w ~ /^initramfs\+/) {
			if (!(substr(w, 11) in known_pkg))
				bad(1, "no package \"" substr(w, 11) "\"; the packages are:" (pkgs == "" ? " none" : " " pkgs))
		} else if (w ~ /^package:/) {
			if (!(substr(w, 9) in known_pkg))
				bad(1, "no package \"" substr(w, 9) "\"; the packages are:" (pkgs == "" ? " none" : " " pkgs))
		} else if (w ~ /^kernel-dir:/) {
			if (!(substr(w, 12) in known_dir))
				bad(1, "not a top-level directory of the kernel source: \"" substr(w, 12) "\"")
		} else
			bad(1, "not a budget: \"" w "\"; want kernel, initramfs, initramfs+NAME, rootfs, package:NAME or kernel-dir:DIR")
		if (NF < 2) bad(1, "want: WHAT BYTES [ARCH...]")
		if ($2 !~ /^[0-9]+$/ || length($2) > 15) bad(2, "not a number of bytes: " $2)
		for (i = 3; i <= NF; i++)
			if (!($i in known_arch)) bad(i, "no architecture \"" $i "\"; one of: " arches)
		# A budget given twice for one architecture would be ambiguous.
		if (NF == 2) { n = split(arches, a, " ") } else { n = 0; for (i = 3; i <= NF; i++) a[++n] = $i }
		for (i = 1; i <= n; i++) {
			if ((w, a[i]) in seen) bad(1, w " already has a budget for " a[i] " on line " seen[w, a[i]])
			seen[w, a[i]] = FNR
		}
		mine = NF == 2
		for (i = 3; i <= NF; i++) if ($i == arch) mine = 1
		if (mine) printf "%s\t%s\t%s:%d\n", w, $2, f, FNR
	}
	END { if (err) exit 1 }' "$budget" >"$tmp/budgets.lines"
# initramfs+NAME: what package NAME may add to the initramfs's budget when
# it is in the system (a service enabled); dropped when it is not.
awk -F '\t' -v present=" $pkgs " '
	$1 ~ /^initramfs\+/ {
		p = substr($1, 11)
		if (index(present, " " p " ")) { extra += $2; from = from ", +" $2 " for " p " (" $3 ")" }
		next
	}
	{ line[++n] = $0 }
	END {
		for (i = 1; i <= n; i++) {
			split(line[i], f, "\t")
			if (f[1] == "initramfs") printf "initramfs\t%.0f\t%s%s\n", f[2] + extra, f[3], from
			else print line[i]
		}
	}' "$tmp/budgets.lines" >"$tmp/budgets"

# --- The kernel ----------------------------------------------------------------
image_bytes=$(wc -c <"$kernel")
run "${cross}size" "$kbuild/vmlinux" >"$tmp/vmlinux.size"
run "${cross}size" -A "$kbuild/vmlinux" >"$tmp/vmlinux.sections"
# The objects linked into vmlinux: vmlinux.a whole; of each lib.a, the
# members the link pulled in, those whose every global symbol vmlinux
# defines; the kallsyms tables the last link step made; the build stamp.
(cd "$kbuild" && run "${cross}size" vmlinux.a) >"$tmp/objects.size"
run "${cross}nm" -g --defined-only "$kbuild/vmlinux" >"$tmp/nm"
awk '{ print $NF }' "$tmp/nm" >"$tmp/vmlinux.globals"
for lib in $(cd "$kbuild" && find . -name lib.a | sed 's,^\./,,' | sort); do
	(cd "$kbuild" && run "${cross}nm" -g --defined-only "$lib") >"$tmp/nm"
	awk -v lib="$lib" 'NR == FNR { have[$1] = 1; next }
			/:$/ { m = substr($0, 1, length($0) - 1); if (m !~ /\//) m = dir(lib) m; all[m] = 1; next }
			NF == 3 && $2 ~ /^[BDGRSTVW]$/ && !($3 in have) { missing[m] = 1 }
			function dir(p) { sub(/[^\/]*$/, "", p); return p }
			END { for (m in all) if (!(m in missing)) print m }' "$tmp/vmlinux.globals" "$tmp/nm" >"$tmp/pulled"
	(cd "$kbuild" && run "${cross}size" "$lib") >"$tmp/lib.size"
	awk -v lib="$lib" 'NR == FNR { pulled[$0] = 1; next }
		FNR == 1 { next }
		{ m = $6; if (m !~ /\//) { d = lib; sub(/[^\/]*$/, "", d); m = d m } }
		m in pulled { $6 = m; print }' "$tmp/pulled" "$tmp/lib.size" >>"$tmp/objects.size"
done
kallsyms=$(cd "$kbuild" && find . -maxdepth 1 -name '.tmp_vmlinux*.kallsyms.o' -newer vmlinux.a \
	-exec ls -t {} + | head -n 1)
extra=
[ ! -f "$kbuild/init/version-timestamp.o" ] || extra=init/version-timestamp.o
if [ -n "$kallsyms$extra" ]; then
	# shellcheck disable=SC2086 # two plain names, or one, or none
	(cd "$kbuild" && run "${cross}size" $kallsyms $extra) >"$tmp/extra.size"
	sed 1d "$tmp/extra.size" >>"$tmp/objects.size"
fi
# Each object's bytes (text and data: what the image holds) and bss, and
# the parts: the top-level directories, kallsyms, and what the linker
# added (padding, the tables it makes), the rest of vmlinux's size.
awk -v work="$work" -v tmp="$tmp" -v vm="$tmp/vmlinux.size" '
	BEGIN {
		getline <vm; getline <vm
		vbytes = $1 + $2; vbss = $3
		print "object\tdirectory\tbytes\tbss" >(work "/kernel-objects.tsv")
	}
	$1 !~ /^[0-9]+$/ { next }
	{
		o = $6
		sub(/^\.\//, "", o)
		if (o ~ /^\.tmp_vmlinux.*kallsyms\.o$/) d = "kallsyms"
		else if (o ~ /\//) { d = o; sub(/\/.*/, "", d) }
		else d = "(link)"
		printf "%s\t%s\t%.0f\t%.0f\n", o, d, $1 + $2, $3 >(work "/kernel-objects.tsv")
		bytes[d] += $1 + $2; bss[d] += $3
		sum += $1 + $2; sumbss += $3
	}
	END {
		for (d in bytes)
			if (d != "kallsyms" && d != "(link)") printf "%s\t%.0f\t%.0f\n", d, bytes[d], bss[d] >(tmp "/dirs")
		if ("kallsyms" in bytes) printf "kallsyms\t%.0f\t%.0f\n", bytes["kallsyms"], bss["kallsyms"] >(tmp "/tail")
		printf "(link)\t%.0f\t%.0f\n", vbytes - sum, vbss - sumbss >(tmp "/tail")
	}' "$tmp/objects.size"
{
	printf 'part\tbytes\tbss\n'
	sort -t '	' -k2,2nr -k1,1 "$tmp/dirs"
	cat "$tmp/tail"
} >"$work/kernel.tsv"
awk 'NR > 2 && NF == 3 && $2 ~ /^[0-9]+$/ && $1 != "Total" { printf "%s\t%s\n", $1, $2 }' \
	"$tmp/vmlinux.sections" | { printf 'section\tbytes\n'; cat; } >"$work/sections.tsv"
run "${cross}nm" --size-sort -S "$kbuild/vmlinux" >"$tmp/nm"
awk '
	function hex(s,    i, n) {
		n = 0
		for (i = 1; i <= length(s); i++) n = n * 16 + index("0123456789abcdef", tolower(substr(s, i, 1))) - 1
		return n
	}
	NF == 4 { printf "%.0f\t%s\t%s\n", hex($2), $3, $4 }' "$tmp/nm" >"$tmp/symbols"
{
	printf 'bytes\ttype\tsymbol\n'
	sort -t '	' -k1,1nr -k3,3 "$tmp/symbols"
} >"$work/symbols.tsv"

# The kernel's symbols, kept; the previous ones too when they changed.
run "${cross}objcopy" --only-keep-debug "$kbuild/vmlinux" "$tmp/vmlinux.syms"
gzip -9 -n -c "$tmp/vmlinux.syms" >"$work/vmlinux.syms.gz"
if [ -f "$out/vmlinux.syms.gz" ] && ! cmp -s "$out/vmlinux.syms.gz" "$work/vmlinux.syms.gz"; then
	cp "$out/vmlinux.syms.gz" "$work/vmlinux.prev.syms.gz"
fi
base='' base_name=''
if [ -n "${SIZE_BASE:-}" ]; then
	base=$SIZE_BASE base_name="SIZE_BASE=$SIZE_BASE"
elif [ -f "$work/vmlinux.prev.syms.gz" ]; then
	base=$work/vmlinux.prev.syms.gz base_name="the kernel before the last change"
elif [ -f "$out/vmlinux.prev.syms.gz" ]; then
	base=$out/vmlinux.prev.syms.gz base_name="the kernel before the last change"
fi
if [ -n "$base" ]; then
	[ -f "$ksrc/scripts/bloat-o-meter" ] || die "$ksrc/scripts/bloat-o-meter: no such file"
	command -v python3 >/dev/null 2>&1 || die "python3 is missing, for bloat-o-meter: make size installs it when it may"
	case $base in
	*.gz) gzip -dc "$base" >"$tmp/base" || die "$base: not a gzip file" ;;
	*) cp "$base" "$tmp/base" ;;
	esac
	"${cross}nm" "$tmp/base" >/dev/null 2>&1 || die "${SIZE_BASE:+SIZE_BASE=}$base: not a kernel ${cross}nm can read"
	# shellcheck disable=SC2086 # no -p without a prefix
	run python3 "$ksrc/scripts/bloat-o-meter" ${cross:+-p "$cross"} "$tmp/base" "$kbuild/vmlinux" \
		>"$work/bloat.txt" || die "bloat-o-meter failed"
fi

# --- The initramfs -------------------------------------------------------------
gzip_bytes=$(wc -c <"$initramfs")
gzip -dc "$initramfs" | cmp -s - "$cpio" || die "$cpio is not $initramfs uncompressed: make initramfs"
run "$mkcpio" -l -p "$table" "$rootfs" >"$tmp/list" || die "$mkcpio -l failed on $rootfs"
# What the tree holds: each file's size, and each link's target (its size).
(cd "$rootfs" && find . -mindepth 1 \( -type f -o -type l \) -printf '%P\t%y\t%s\t%l\n') >"$tmp/staged"
# The staged files that a manifest lists, hashed: a file that replaced a
# package's (from the skeleton, an overlay, the config) is not the package's.
for m in "$@"; do
	sed -n 's,^f [0-7]* \./\(.*\) -> $,\1,p' "$m"
done | sort -u | while IFS= read -r f; do
	if [ -f "$rootfs/$f" ] && [ ! -L "$rootfs/$f" ]; then
		printf '%s\t%s\n' "$(sha256sum <"$rootfs/$f" | cut -d' ' -f1)" "$f"
	fi
done >"$tmp/hashes"
# files.tsv: every entry with its package, its bytes, and what it costs the
# archive: a 110-byte newc header and its name with a NUL, then its data,
# each padded to 4 bytes.
awk '
	function pad4(n) { return n + (4 - n % 4) % 4 }
	function owner(p, t) {
		if (!(p in who) || mtype[p] != t) return "rootfs"
		if (t == "f" && mhash[p, who[p]] != hash[p]) return "rootfs"
		if (t == "l" && mlink[p] != target[p]) return "rootfs"
		return who[p]
	}
	kind == "manifest" && FNR == 1 { pkg = FILENAME; sub(/.*\//, "", pkg); sub(/\.manifest$/, "", pkg) }
	kind == "manifest" && /^[dflcbps] [0-7]+ \.\// {
		rest = $0
		sub(/^[^ ]+ [^ ]+ \.\//, "", rest)
		i = index(rest, " -> ")
		p = substr(rest, 1, i - 1)
		who[p] = pkg; mtype[p] = $1; mlink[p] = substr(rest, i + 4)
		next
	}
	kind == "manifest" && /^[0-9a-f]+  \.\// {
		p = $0
		sub(/^[0-9a-f]+  \.\//, "", p)
		mhash[p, pkg] = $1
		next
	}
	kind == "hashes" { i = index($0, "\t"); hash[substr($0, i + 1)] = substr($0, 1, i - 1); next }
	kind == "staged" {
		split($0, s, "\t")
		size[s[1]] = s[3] + 0
		if (s[2] == "l") target[s[1]] = substr($0, length(s[1] s[2] s[3]) + 4)
		next
	}
	kind == "list" {
		name = $0
		for (i = 1; i <= 7; i++) sub(/^[^ ]+ /, "", name)
		if (name ~ /\t/) { printf "size: a name with a tab in the archive: %s\n", name >"/dev/stderr"; exit 1 }
		t = substr($1, 1, length($1) - 4)
		t = t == "10" ? "f" : t == "12" ? "l" : t == "4" ? "d" : t == "2" ? "c" : t == "6" ? "b" : t == "1" ? "p" : "s"
		b = 0
		if (t == "f" || t == "l") {
			if (!(name in size)) {
				printf "size: %s is in the listing of the archive, not in the staged tree\n", name >"/dev/stderr"
				exit 1
			}
			b = size[name]
		}
		printf "%s\t%s\t%s\t%.0f\t%.0f\n", name, t, owner(name, t), b, pad4(110 + length(name) + 1) + pad4(b)
	}' kind=manifest "$@" kind=hashes "$tmp/hashes" kind=staged "$tmp/staged" kind=list "$tmp/list" >"$tmp/files"
{
	printf 'path\ttype\tpackage\tbytes\tcpio\n'
	sort -t '	' -k4,4nr -k1,1 "$tmp/files"
} >"$work/files.tsv"
# The archive, accounted for: its entries, then its 124-byte trailer.
cpio_bytes=$(wc -c <"$cpio")
sum=$(awk -F '\t' 'NR > 1 { n += $5 } END { printf "%.0f\n", n + 124 }' "$work/files.tsv")
[ "$sum" = "$cpio_bytes" ] ||
	die "$cpio has $cpio_bytes bytes, and the staged tree's entries $sum: is it older than $rootfs? make initramfs"
# packages.tsv: each package's entries and bytes; gzip, what its regular
# files take compressed alone (the archive is compressed whole).
for p in $pkgs rootfs; do
	awk -F '\t' -v p="$p" 'NR > 1 && $3 == p && $2 == "f" { print $1 }' "$work/files.tsv" | sort >"$tmp/pf"
	gz=0
	if [ -s "$tmp/pf" ]; then
		gz=$(cd "$rootfs" && tr '\n' '\0' <"$tmp/pf" | xargs -0 cat -- | gzip -9 -n | wc -c)
	fi
	awk -F '\t' -v p="$p" -v gz="$gz" 'NR > 1 && $3 == p { n++; b += $4; c += $5 }
		END { printf "%s\t%.0f\t%.0f\t%.0f\t%.0f\n", p, n, b, c, gz }' "$work/files.tsv"
done >"$tmp/packages"
{
	printf 'package\tentries\tbytes\tcpio\tgzip\n'
	sort -t '	' -k3,3nr -k1,1 "$tmp/packages"
} >"$work/packages.tsv"

# --- The chart -----------------------------------------------------------------
# Names as labels: gnuplot reads its data split at tabs, and a few
# characters mean something to it.
label='function label(s) { gsub(/[^A-Za-z0-9._\/+(): -]/, "?", s); return s }'
awk -F '\t' "$label"' NR > 1 && $2 > 0 { printf "%s\t%s\n", ($1 == "(link)" ? "(padding, linker tables)" : label($1)), $2 }' \
	"$work/kernel.tsv" >"$tmp/kernel.dat"
awk -F '\t' "$label"' NR > 1 && $3 > 0 { printf "%s\t%s\n", label($1), $3 }' "$work/packages.tsv" >"$tmp/packages.dat"
awk -F '\t' -v top="$top" "$label"' NR > 1 && NR <= top + 1 { printf "%s\t%s\n", label($1 " (" $3 ")"), $4 }' \
	"$work/files.tsv" >"$tmp/files.dat"
rows=$(wc -l <"$tmp/kernel.dat")
for f in "$tmp/packages.dat" "$tmp/files.dat"; do
	[ "$(wc -l <"$f")" -le "$rows" ] || rows=$(wc -l <"$f")
done
kname=${kernel##*/}
cat >"$tmp/plot.gp" <<GP
set terminal svg size 1000,$((3 * (rows * 20 + 110))) noenhanced font "sans,12" background rgb "white"
set output "size.svg"
set datafile separator "\t"
set style fill solid 0.85 noborder
set grid xtics lc rgb "#dddddd"
set xlabel "KiB"
set xrange [0:*]
set offsets 0, graph 0.15, 0, 0
set yrange [0.6 - $rows:0.6]
set ytics nomirror scale 0
set xtics nomirror
set lmargin 36
set multiplot layout 3,1 title "minilinux-$ARCH: where the bytes go"
set title "kernel: vmlinux by directory, code and data before compression ($kname: $((image_bytes / 1024)) KiB)"
plot "kernel.dat" using (\$2/2048):(-\$0):(\$2/2048):(0.38):ytic(1) with boxxyerror lc rgb "#4477aa" notitle, \
	"" using (\$2/1024):(-\$0):(sprintf(" %.0f", \$2/1024)) with labels left notitle
set title "initramfs by package: bytes of its files (initramfs.cpio.gz: $((gzip_bytes / 1024)) KiB)"
plot "packages.dat" using (\$2/2048):(-\$0):(\$2/2048):(0.38):ytic(1) with boxxyerror lc rgb "#228833" notitle, \
	"" using (\$2/1024):(-\$0):(sprintf(" %.0f", \$2/1024)) with labels left notitle
set title "initramfs: the largest files"
plot "files.dat" using (\$2/2048):(-\$0):(\$2/2048):(0.38):ytic(1) with boxxyerror lc rgb "#ccbb44" notitle, \
	"" using (\$2/1024):(-\$0):(sprintf(" %.1f", \$2/1024)) with labels left notitle
unset multiplot
GP
(cd "$tmp" && run gnuplot plot.gp) || die "gnuplot failed on $tmp/plot.gp"
if command -v xmllint >/dev/null 2>&1; then
	xmllint --noout "$tmp/size.svg" || die "gnuplot wrote a malformed SVG"
else
	python3 -c 'import sys, xml.dom.minidom; xml.dom.minidom.parse(sys.argv[1])' "$tmp/size.svg" ||
		die "gnuplot wrote a malformed SVG"
fi
grep -q '<svg' "$tmp/size.svg" || die "gnuplot wrote no SVG"
mv "$tmp/size.svg" "$work/size.svg"

# --- The summary, and the budgets ------------------------------------------------
# Each figure a budget may hold, and the largest parts of each, biggest first.
{
	printf 'kernel\t%s\n' "$image_bytes"
	printf 'initramfs\t%s\n' "$gzip_bytes"
	awk -F '\t' 'NR > 1 { printf "%s\t%s\n", ($1 == "rootfs" ? "rootfs" : "package:" $1), $3 }' "$work/packages.tsv"
	awk -F '\t' 'NR > 1 && $1 != "kallsyms" && $1 != "(link)" { printf "kernel-dir:%s\t%s\n", $1, $2 }' \
		"$work/kernel.tsv"
} >"$tmp/figures"
{
	# The padding is no part to cut: not an offender.
	awk -F '\t' 'NR > 1 && $1 != "(link)" { printf "kernel\t%s\t%s\n", $2, $1 }' "$work/kernel.tsv" |
		sort -t '	' -k2,2nr
	awk -F '\t' 'NR > 1 { printf "initramfs\t%s\t%s (%s)\n", $4, $1, $3 }' "$work/files.tsv"
	awk -F '\t' 'NR > 1 { printf "%s\t%s\t%s\n", ($3 == "rootfs" ? "rootfs" : "package:" $3), $4, $1 }' \
		"$work/files.tsv"
	awk -F '\t' 'NR > 1 { printf "kernel-dir:%s\t%s\t%s\n", $2, $3, $1 }' "$work/kernel-objects.tsv" |
		sort -t '	' -k2,2nr -k3,3
} >"$tmp/offenders"

{
	awk -F '\t' -v kname="$kname" -v image="$image_bytes" -v top="$top" -v vm="$tmp/vmlinux.size" \
		-v sections="$work/sections.tsv" -v symbols="$work/symbols.tsv" '
		function kib(n) { return sprintf("%.1f KiB", n / 1024) }
		BEGIN {
			getline <vm; getline <vm
			vbytes = $1 + $2
			printf "kernel: %s %.0f bytes (%s)\n", kname, image, kib(image)
			printf "  vmlinux: %.0f bytes of code and data, %.0f of bss; its largest sections:\n   ", vbytes, $3
			while ((getline line <sections) > 0)
				if (split(line, s, "\t") == 2 && s[2] ~ /^[0-9]+$/) { sec[++n] = s[1]; secb[n] = s[2] + 0 }
			# The six largest, in size order.
			for (i = 1; i <= n && i <= 6; i++) {
				for (j = i + 1; j <= n; j++)
					if (secb[j] > secb[i]) { t = sec[i]; sec[i] = sec[j]; sec[j] = t; t = secb[i]; secb[i] = secb[j]; secb[j] = t }
				printf " %s %.0f", sec[i], secb[i]
			}
			printf "\n  %-22s %10s %6s %9s\n", "by directory", "bytes", "share", "bss"
		}
		NR > 1 {
			if ($1 != "kallsyms" && $1 != "(link)" && ++shown > top) { rest += $2; restn++; next }
			note = $1 == "(link)" ? "  padding, linker-made tables" : $1 == "kallsyms" ? "  symbol names (CONFIG_KALLSYMS)" : ""
			if ($1 == "kallsyms" || $1 == "(link)") flush()
			printf "  %-22s %10.0f %5.1f%% %9.0f%s\n", $1, $2, 100 * $2 / vbytes, $3, note
		}
		function flush() {
			if (restn) printf "  %-22s %10.0f %5.1f%%\n", "(" restn " more)", rest, 100 * rest / vbytes
			restn = 0
		}
		END {
			printf "  largest symbols:\n"
			getline line <symbols
			for (i = 0; i < top && (getline line <symbols) > 0; i++) {
				split(line, s, "\t")
				printf "  %10.0f  %s  %s\n", s[1], s[2], s[3]
			}
		}' "$work/kernel.tsv"
	if [ -f "$work/bloat.txt" ]; then
		echo "  compared with $base_name (bloat-o-meter; all of it in $(show "$out/bloat.txt")):"
		awk -v top="$top" 'NR == 1 || NR == 2 || /^Total: / { print "    " $0; next } NR <= top + 2 { print "    " $0 }
			END { if (NR > top + 3) printf "    (%d more)\n", NR - top - 3 }' "$work/bloat.txt"
	fi
	awk -F '\t' -v gz="$gzip_bytes" -v cpio="$cpio_bytes" -v top="$top" -v files="$work/files.tsv" '
		function kib(n) { return sprintf("%.1f KiB", n / 1024) }
		BEGIN {
			printf "initramfs: initramfs.cpio.gz %.0f bytes (%s); uncompressed %.0f\n", gz, kib(gz), cpio
			printf "  %-22s %10s %10s %10s %10s\n", "by package", "entries", "bytes", "in cpio", "gzip -9"
		}
		NR > 1 { printf "  %-22s %10.0f %10.0f %10.0f %10.0f\n", $1, $2, $3, $4, $5 }
		END {
			printf "  largest files:\n"
			getline line <files
			for (i = 0; i < top && (getline line <files) > 0; i++) {
				split(line, s, "\t")
				printf "  %10.0f  %-10s %s\n", s[4], s[3], s[1]
			}
		}' "$work/packages.tsv"
} >"$work/summary.txt"
# The budgets: a line each in the summary; those exceeded, with their
# largest parts, on standard error, and the status.
awk -F '\t' -v f="$(show "$budget")" -v sum="$work/summary.txt" -v figures="$tmp/figures" -v offenders="$tmp/offenders" '
	BEGIN {
		while ((getline line <figures) > 0) { split(line, s, "\t"); fig[s[1]] = s[2] }
		while ((getline line <offenders) > 0) {
			split(line, s, "\t")
			if (n[s[1]] < 5) { n[s[1]]++; off[s[1], n[s[1]]] = sprintf("%10.0f  %s", s[2], s[3]) }
		}
		what["kernel"] = "the largest parts of vmlinux (code and data, uncompressed)"
		what["initramfs"] = "the largest files"
		what["rootfs"] = "its largest files"
		printf "budgets (%s):\n", f >>sum
	}
	{
		have = fig[$1] + 0
		over = have > $2 + 0
		printf("  %-22s %10.0f of %10.0f %5.1f%%%s\n", $1, have, $2, ($2 > 0 ? 100 * have / $2 : 100 * over),
			(over ? "  OVER" : "")) >>sum
		if (!over) next
		bad++
		w = $1 ~ /^package:/ ? "its largest files" : $1 ~ /^kernel-dir:/ ? "its largest objects" : what[$1]
		printf "size: %s: %s is over budget: %.0f bytes, %.0f more than its %.0f; %s:\n", $3, $1, have, have - $2,
			$2, w >"/dev/stderr"
		for (i = 1; i <= n[$1]; i++) printf "size:   %s\n", off[$1, i] >"/dev/stderr"
	}
	END {
		if (NR == 0) printf "  (none for %s)\n", ENVIRON["ARCH"] >>sum
		close(sum)
		if (bad) exit 1
	}' "$tmp/budgets" 2>"$tmp/over" && status=0 || status=$?
[ "$status" -le 1 ] || { cat "$tmp/over" >&2; die "checking the budgets failed"; }

# --- Into place, each file whole --------------------------------------------------
for f in files.tsv packages.tsv kernel.tsv kernel-objects.tsv sections.tsv symbols.tsv size.svg \
	vmlinux.syms.gz vmlinux.prev.syms.gz bloat.txt summary.txt; do
	[ ! -f "$work/$f" ] || mv -f "$work/$f" "$out/$f"
done
# bloat.txt says what this run compared, or is not there.
[ -n "$base" ] || rm -f "$out/bloat.txt"
cat "$out/summary.txt"
if [ "$status" -ne 0 ]; then
	cat "$tmp/over" >&2
	die "over budget ($(show "$budget"))"
fi
