#!/bin/sh
# musl-gcc.sh SYSROOT GCC: write SYSROOT/bin/musl-gcc, the compiler driver
# for programs linked against the musl in SYSROOT, in place of musl's own.
# musl's passes -specs with the specs file's path in this tree to every
# compile, which a distcc host cannot open: each compile would fall back to
# this machine. This one gives a compile (-c, -S, -E) the specs file's
# include paths as flags instead, which distcc keeps to the preprocessing
# done here, and links with the specs file as musl's does. The objects are
# the same bytes.
set -eu
[ $# -eq 2 ] || { echo "usage: $0 SYSROOT GCC" >&2; exit 2; }
sysroot=$1 gcc=$2
case $sysroot$gcc in *[!A-Za-z0-9/._+,@-]*)
	echo "musl-gcc.sh: '$sysroot' or '$gcc' holds a byte a shell script cannot take unquoted" >&2; exit 2 ;;
esac
[ -f "$sysroot/lib/musl-gcc.specs" ] || { echo "musl-gcc.sh: no $sysroot/lib/musl-gcc.specs: is musl installed?" >&2; exit 1; }
gccinc=$("$gcc" -print-file-name=include)
[ -d "$gccinc" ] || { echo "musl-gcc.sh: $gcc gives no include directory ('$gccinc')" >&2; exit 1; }
out=$sysroot/bin/musl-gcc
trap 'rm -f "$out.tmp"' EXIT
cat >"$out.tmp" <<WRAPPER
#!/bin/sh
# musl-gcc, as scripts/musl-gcc.sh writes it: compiles with the sysroot's
# headers as flags, links with musl's specs file.
gcc=\${REALGCC:-$gcc}
for a; do
	case \$a in -c | -S | -E) exec "\$gcc" "\$@" -nostdinc -isystem $sysroot/include -isystem $gccinc ;; esac
done
exec "\$gcc" "\$@" -specs $sysroot/lib/musl-gcc.specs
WRAPPER
chmod 755 "$out.tmp"
mv -f "$out.tmp" "$out"
