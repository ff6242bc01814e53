#!/bin/sh
# bootchart.sh: boot the built system once with initcall_debug; print the
# ten slowest initcalls and the time to each boot milestone, on the guest's
# clock and the host's, and write the same to OUTDIR as tables and a chart.
#
# usage: bootchart.sh OUTDIR
#        bootchart.sh -r TRANSCRIPT TIMES OUTDIR    chart a recorded boot
# The boot is scripts/run-qemu.sh's, set up by the environment as for make
# run (KERNEL, INITRD, KERNEL_CMDLINE, QEMU, ...), with BOOTCHART_CMDLINE
# added to the command line. OUTDIR gets console.log and host.times (the
# boot, as -r reads them), initcalls.tsv, milestones.tsv and bootchart.svg,
# each renamed into place once all are made. V=1 shows the commands and the
# console; ARCH, when set, goes in the chart's title. SYSTEM_MAP, the
# kernel's System.map, names the initcalls of a kernel without kallsyms.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
top=10

usage() {
	cat >&2 <<EOF
usage: bootchart.sh OUTDIR
       bootchart.sh -r TRANSCRIPT TIMES OUTDIR
EOF
	exit 2
}
# step TAG PATH: the build's one line per step, the path from here.
step() { printf '  %-8s%s\n' "$1" "${2#"$PWD"/}"; }
# run CMD...: CMD, shown first with V=1 (on stderr: stdout may be a file).
run() {
	[ "${V:-0}" != 1 ] || echo "$*" >&2
	"$@"
}
# failed: show the transcript's last lines, its controls removed (they are
# the guest's), and stop; a boot's is kept as failed-console.log.
failed() {
	log=$recorded
	if [ "$booted" = 1 ] && [ -s "$recorded" ]; then
		log=$outdir/failed-console.log
		mv -f "$recorded" "$log"
	fi
	if [ -s "$log" ]; then
		echo "--- last lines of the console (${log#"$PWD"/}):" >&2
		tr -d '\000-\010\013-\037\177' <"$log" | tail -n "${LOG_TAIL:-25}" >&2
		echo "---" >&2
	fi
	exit 1
}

recorded='' booted=0
case ${1:-} in
-r)
	[ $# -eq 4 ] || usage
	recorded=$2 times=$3 outdir=$4
	for f in "$recorded" "$times"; do
		[ -r "$f" ] || { echo "bootchart: $f: not found" >&2; exit 1; }
	done
	;;
-*) usage ;;
*) [ $# -eq 1 ] || usage; outdir=$1 ;;
esac

tools="gnuplot:gnuplot-nox xmllint:libxml2-utils"
[ -n "$recorded" ] || tools="expect:expect $tools"
for t in $tools; do
	command -v "${t%%:*}" >/dev/null 2>&1 ||
		{ echo "bootchart: ${t%%:*} not found; run make deps, or apt-get install ${t#*:}" >&2; exit 1; }
done

mkdir -p "$outdir"
tmp=$(mktemp -d "$outdir/.tmp.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM

if [ -z "$recorded" ]; then
	: "${KERNEL:?KERNEL must name the kernel image}" "${INITRD:?INITRD must name the initramfs}"
	# The options go before a "--", after which the words are init's.
	add=${BOOTCHART_CMDLINE-initcall_debug printk.time=1 ignore_loglevel}
	cmdline=" ${KERNEL_CMDLINE:-} "
	case $cmdline in
	*" -- "*) pre=${cmdline%%" -- "*} post=${cmdline#*" -- "}; cmdline="$pre $add -- $post" ;;
	*) cmdline="$cmdline$add" ;;
	esac
	# shellcheck disable=SC2086 # split to squeeze the blanks, not globbed
	cmdline=$(set -f && printf '%s ' $cmdline)
	KERNEL_CMDLINE=${cmdline% }
	export KERNEL_CMDLINE
	step BOOT "$outdir/console.log"
	[ "${V:-0}" != 1 ] || echo "KERNEL_CMDLINE='$KERNEL_CMDLINE'"
	recorded=$tmp/console.log times=$tmp/host.times booted=1
	run expect -f "$here/bootchart.exp" "$recorded" "$times" || failed
fi

if ! run awk -v top="$top" -v initcalls="$tmp/initcalls.tsv" -v milestones="$tmp/milestones.tsv" \
	-v map="${SYSTEM_MAP:-}" -f "$here/bootchart.awk" "$times" "$recorded" >"$tmp/report"; then
	failed
fi

# Where the guest's clock read 0 on the host's: from the /init line, which
# both saw; else from the kernel's first line, which the console may print
# late (it replays what came before it started).
offset=$(awk -F '\t' '$2 != "-" && $3 != "-" && ($1 == "init" || $1 == "kernel") { o[$1] = $3 - $2 }
	END { print(("init" in o) ? o["init"] : ("kernel" in o) ? o["kernel"] : 0) }' "$tmp/milestones.tsv")
title=$(awk -F '\t' -v arch="${ARCH:-}" '$1 == "login-prompt" && $3 != "-" { login = $3 }
	END { printf "%sboot, %s", (arch == "" ? "" : arch " "),
		(login == "" ? "no login prompt" : "login prompt " login " s after qemu started") }' \
	"$tmp/milestones.tsv")
step CHART "$outdir/bootchart.svg"
if ! run gnuplot -c "$here/bootchart.gp" "$tmp/initcalls.tsv" "$tmp/milestones.tsv" "$offset" "$top" \
	"$title" "$tmp/bootchart.svg" >"$tmp/gnuplot.log" 2>&1 ||
	! run xmllint --noout "$tmp/bootchart.svg" >>"$tmp/gnuplot.log" 2>&1; then
	cat "$tmp/gnuplot.log" >&2
	echo "bootchart: gnuplot did not write a well-formed SVG" >&2
	exit 1
fi
[ "${V:-0}" != 1 ] || cat "$tmp/gnuplot.log"

files="initcalls.tsv milestones.tsv bootchart.svg"
[ "$booted" = 0 ] || files="console.log host.times $files"
for f in $files; do
	mv -f "$tmp/$f" "$outdir/$f"
done
cat "$tmp/report"
