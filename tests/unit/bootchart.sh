#!/bin/sh
# Unit tests for make bootchart (scripts/bootchart.*): the parser and the
# chart from a recorded boot (tests/data/bootchart/), with what it must skip
# or refuse; then a real boot of the built tree, and two boots that must
# fail, with the last good chart left as it was: a guest that never reaches
# the login prompt, and a kernel command line without initcall_debug.
set -eu
. "$(dirname "$0")/../lib.sh"
top=$(cd "$(dirname "$0")/../.." && pwd)
: "${OUT:?}" "${KERNEL_CMDLINE:?}"
data=$top/tests/data/bootchart
chart() { "$top/scripts/bootchart.sh" -r "$@"; }

# same NAME GOT-FILE: GOT-FILE must hold what stdin holds.
same() {
	cat >"$scratch/want"
	if cmp -s "$scratch/want" "$2"; then
		pass "$1"
	else
		fail "$1" "$(diff "$scratch/want" "$2" | head -n 20)"
	fi
}
# svg_ok NAME FILE: FILE parses as XML and has an <svg> root.
svg_ok() {
	if xmllint --noout "$2" 2>"$scratch/xml" && [ "$(xmllint --xpath 'local-name(/*)' "$2")" = svg ]; then
		pass "$1"
	else
		fail "$1" "$(head -n 5 "$scratch/xml")"
	fi
}
# The report's table rows: "ms share name".
report_rows() { awk '$2 ~ /%$/ && NF == 3 { print $3 }' "$1"; }
tsv_top() { awk -F '\t' '!/^#/ && $1 <= 10 { print $5 }' "$1"; }

# --- The recorded boot, as the console gave it: CR CR LF line ends.
sed 's/$/\r\r/' "$data/console.log" >"$scratch/console.log"
fx=$scratch/fx
if chart "$scratch/console.log" "$data/host.times" "$fx" >"$scratch/report" 2>"$scratch/err"; then
	pass "a recorded boot is charted"
else
	fail "a recorded boot is charted" "$(cat "$scratch/err")"
fi
# Ranked by time, the earlier first of two equal ones; serial8250_init has
# no "calling" line (it started its time before it returned); a line run
# into by other output counts; a name that is no symbol does not, however
# slow; nor do the PCI quirks' "calling" lines, or a line cut short.
same "the initcalls, slowest first: rank, usecs, share, start, name" "$fx/initcalls.tsv" <<'EOF'
# rank	usecs	share_pct	start_s	initcall
1	200000	34.7	0.451379	acpi_init
2	121418	21.1	0.900000	deferred_probe_initcall
3	45342	7.9	0.802000	pty_init
4	42600	7.4	0.300000	chr_dev_init
5	40800	7.1	0.659300	serial8250_init
6	36400	6.3	0.731000	virtio_rng_driver_init
7	33900	5.9	0.768000	slab_sysfs_init
8	20100	3.5	0.710000	kswapd_init
9	12300	2.1	0.848000	inet_init
10	12300	2.1	0.861000	virtio_net_driver_init
11	5840	1.0	0.650000	pnpacpi_init
12	4000	0.7	0.201602	init_hw_perf_events
13	1000	0.2	0.878000	prefixed_init
14	22	0.0	0.701000	efi_shutdown_init
EOF
same "the milestones on both clocks" "$fx/milestones.tsv" <<'EOF'
# event	guest_s	host_s
first-output	-	0.101
kernel	0.000	0.567
init	1.261	2.139
rcS-done	1.380	2.392
login-prompt	-	2.554
EOF
if [ "$(sed -n 1p "$scratch/report")" = "  CHART   ${fx#"$PWD"/}/bootchart.svg" ]; then
	pass "the chart is one step, one line"
else
	fail "the chart is one step, one line" "$(sed -n 1p "$scratch/report")"
fi
sed 1d "$scratch/report" >"$scratch/table"
same "the report: the ten slowest, the sum, what was skipped, the milestones" "$scratch/table" <<'EOF'
The 10 slowest initcalls, of 14: 576.0 ms in all, 0.820 s from the first call to the last return
        ms   share  initcall
     200.0   34.7%  acpi_init
     121.4   21.1%  deferred_probe_initcall
      45.3    7.9%  pty_init
      42.6    7.4%  chr_dev_init
      40.8    7.1%  serial8250_init
      36.4    6.3%  virtio_rng_driver_init
      33.9    5.9%  slab_sysfs_init
      20.1    3.5%  kswapd_init
      12.3    2.1%  inet_init
      12.3    2.1%  virtio_net_driver_init
  (3 garbled initcall lines skipped)
Milestones:       guest clock      host clock
  first output              -         0.101 s
  kernel start        0.000 s         0.567 s
  /init               1.261 s         2.139 s
  rcS done            1.380 s         2.392 s
  login prompt              -         2.554 s
  (guest: the kernel's printk clock, and rcS's uptime; host: from qemu's start)
EOF
svg_ok "the chart is well-formed SVG" "$fx/bootchart.svg"
labels=$(grep -c '>acpi_init  200.0 ms<\|>virtio_net_driver_init  12.3 ms<\|>login-prompt<' "$fx/bootchart.svg" || true)
if [ "$labels" = 3 ] && ! grep -q pnpacpi_init "$fx/bootchart.svg"; then
	pass "the chart labels the ten slowest and the milestones, and no other initcall"
else
	fail "the chart labels the ten slowest and the milestones, and no other initcall" \
		"$labels of 3 labels found, or pnpacpi_init (11th) labelled"
fi
if [ -z "$(find "$fx" -name '.tmp.*')" ] && [ ! -e "$fx/console.log" ]; then
	pass "a chart of a recorded boot leaves no temp dir, and no transcript"
else
	fail "a chart of a recorded boot leaves no temp dir, and no transcript" "$(ls -A "$fx")"
fi

# Bad input: NAME, TRANSCRIPT (sed script on the fixture), TIMES, what it must say.
sed 's/^kernel 0.567$/kernel 0.5s7/' "$data/host.times" >"$scratch/bad.times"
sed 's/^init /reboot /' "$data/host.times" >"$scratch/unknown.times"
while IFS='|' read -r name script times text; do
	sed "$script" "$data/console.log" >"$scratch/in.log"
	expect_error "$name" "$text" chart "$scratch/in.log" "$times" "$scratch/bad"
done <<EOF
a malformed time is refused, with its file and line||$scratch/bad.times|bad.times:2: not 'EVENT SECONDS'
an unknown event is refused, with its file and line||$scratch/unknown.times|unknown.times:3: not 'EVENT SECONDS'
no initcall lines: initcall_debug is named|/calling  /d;/initcall /d|$data/host.times|is initcall_debug on the command line
initcall lines without stamps: printk.time is named|s/^\\[ *[0-9.]*\\] //|$data/host.times|is printk.time=1 on the command line
a missing transcript is refused||$scratch/none.times|none.times: not found
EOF
if [ -z "$(ls -A "$scratch/bad")" ]; then
	pass "refused input writes nothing"
else
	fail "refused input writes nothing" "$(ls -A "$scratch/bad")"
fi

# --- A kernel without kallsyms prints addresses: System.map names them,
# and an address it does not list is skipped like any other non-symbol.
{
	echo '[    0.000000] Linux version 6.12.107 (build@minilinux) #1'
	echo '[    0.100000] calling  0xffffffff81a00010 @ 1'
	echo '[    0.130000] initcall 0xffffffff81a00010 returned 0 after 30000 usecs'
	echo '[    0.140000] calling  0xffffffff81a00020 @ 1'
	echo '[    0.150000] initcall 0xffffffff81a00020 returned 0 after 10000 usecs'
	echo '[    0.160000] initcall 0xffffffff81a000ff returned 0 after 90000 usecs'
	echo '[    0.200000] Run /init as init process'
	echo 'rcS: system up in 0.30s'
} >"$scratch/addr.log"
printf '%s\n' 'ffffffff81a00010 t acpi_init' 'ffffffff81a00020 T inet_init' 'ffffffff81a00030 t x' >"$scratch/System.map"
if SYSTEM_MAP=$scratch/System.map chart "$scratch/addr.log" "$data/host.times" "$scratch/ax" >/dev/null 2>"$scratch/err"; then
	tsv_top "$scratch/ax/initcalls.tsv" >"$scratch/names"
else
	cat "$scratch/err" >"$scratch/names"
fi
printf '%s\n' acpi_init inet_init | same "System.map names the initcalls of a kernel without kallsyms" "$scratch/names"

# --- A real boot of the built tree.
bc=$OUT/bootchart
start=$(date +%s)
expect_ok "make bootchart boots and charts the built system" mk bootchart
echo "TIME: make bootchart $(($(date +%s) - start)) s"
cp "$scratch/out" "$scratch/real"
if [ "$(awk 'NR <= 2 { print $1 }' "$scratch/real" | tr '\n' ' ')" = "BOOT CHART " ]; then
	pass "make bootchart prints one line per step"
else
	fail "make bootchart prints one line per step" "$(head -n 3 "$scratch/real")"
fi
rows=$(report_rows "$scratch/real" | wc -l)
if [ "$rows" -eq 10 ] && [ "$(report_rows "$scratch/real")" = "$(tsv_top "$bc/initcalls.tsv")" ] &&
	[ "$(grep -vc '^#' "$bc/initcalls.tsv")" -ge 10 ]; then
	pass "ten initcalls are listed, as ranked in initcalls.tsv"
else
	fail "ten initcalls are listed, as ranked in initcalls.tsv" "$rows listed:" "$(cat "$scratch/real")"
fi
# Every milestone on the host's clock, in order; /init and rcS on the guest's.
if awk -F '\t' '!/^#/ { if ($3 !~ /^[0-9]+\.[0-9]+$/ || $3 + 0 < last) bad = 1; last = $3 }
	$1 == "init" || $1 == "rcS-done" { if ($2 !~ /^[0-9]+\.[0-9]+$/) bad = 1 }
	END { exit bad }' "$bc/milestones.tsv"; then
	pass "every milestone has its time, in boot order"
else
	fail "every milestone has its time, in boot order" "$(cat "$bc/milestones.tsv")"
fi
svg_ok "the real boot's chart is well-formed SVG" "$bc/bootchart.svg"
if grep -q "initcall_debug" "$bc/console.log" && grep -q 'login: ' "$bc/console.log"; then
	pass "the transcript is kept, from the command line to the login prompt"
else
	fail "the transcript is kept, from the command line to the login prompt" "$(tail -n 5 "$bc/console.log")"
fi

# --- Boots that must fail, and leave the last chart as it was.
cp "$bc/bootchart.svg" "$scratch/good.svg" 2>/dev/null || :
rm -f "$bc/failed-console.log"
expect_error "a guest that never reaches the login prompt fails, with the console's tail" \
	"--- last lines of the console" mk bootchart KERNEL_CMDLINE="$KERNEL_CMDLINE rdinit=/nonexistent"
if grep -q "qemu exited before the login prompt" "$scratch/err" && [ -s "$bc/failed-console.log" ]; then
	pass "it says why, and keeps the transcript in failed-console.log"
else
	fail "it says why, and keeps the transcript in failed-console.log" "$(tail -n 5 "$scratch/err")"
fi
expect_error "a boot without initcall_debug fails, and says so" "is initcall_debug on the command line" \
	mk bootchart BOOTCHART_CMDLINE=printk.time=1
if cmp -s "$scratch/good.svg" "$bc/bootchart.svg" && [ -z "$(find "$bc" -name '.tmp.*')" ]; then
	pass "failed boots leave the last chart, and no temp dir"
else
	fail "failed boots leave the last chart, and no temp dir" "$(ls -A "$bc")"
fi
