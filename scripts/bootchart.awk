# bootchart.awk: read a boot's host times and its console transcript, as
# scripts/bootchart.exp writes them, and write the initcall and milestone
# tables; print the slowest initcalls and the milestones.
#
# usage: awk -v top=N -v initcalls=FILE -v milestones=FILE [-v map=System.map] \
#            -f bootchart.awk TIMES TRANSCRIPT
# A kernel without kallsyms prints each initcall as its address; with map,
# the kernel's System.map, the address is given its name.
# TIMES holds "EVENT SECONDS" lines; the transcript is what the console
# printed, with initcall_debug and printk.time=1. Both are the guest's
# output, so a line that is not exactly what is expected is not trusted:
# it is skipped (and counted), or refused with its file and line.
#
# initcalls: RANK USECS SHARE_PCT START_S INITCALL, tab-separated, the
#   slowest first (of equal ones, the earlier); SHARE_PCT of the sum.
# milestones: EVENT GUEST_S HOST_S, "-" where a clock did not see it.

BEGIN {
	# The milestones, in boot order: event, and its name in the report.
	nev = split("first-output kernel init rcS-done login-prompt", events, " ")
	label["first-output"] = "first output"
	label["kernel"] = "kernel start"
	label["init"] = "/init"
	label["rcS-done"] = "rcS done"
	label["login-prompt"] = "login prompt"
	for (i = 1; i <= nev; i++) known[events[i]] = 1
	if (top !~ /^[1-9][0-9]*$/) die("top must be a positive number, not '" top "'")
	if (initcalls == "" || milestones == "") die("initcalls= and milestones= must name the output files")
	stamp_re = "\\[ *[0-9]+\\.[0-9]+\\] "
	n = 0
	if (map != "") {
		while ((r = (getline line < map)) > 0)
			if (split(line, f, " ") == 3 && f[1] ~ /^[0-9a-f]+$/ && f[3] ~ /^[A-Za-z0-9_.]+$/)
				addr["0x" f[1]] = f[3]
		if (r < 0) die(map ": cannot read")
		close(map)
	}
}

function die(msg) {
	print "bootchart: " msg > "/dev/stderr"
	failed = 1
	exit 1
}

# The printk stamp at the start of S, which starts with stamp_re, in seconds.
function stamp(s) {
	sub(/^\[ */, "", s)
	sub(/\].*$/, "", s)
	return s + 0
}

# The function in a %pS symbol, "name+0x0/0x20": "" if it is not one.
function symbol(s) {
	if (s ~ /^0x[0-9a-f]+$/) return (s in addr) ? addr[s] : ""
	sub(/\+0x[0-9a-f]+\/0x[0-9a-f]+$/, "", s)
	return s ~ /^[A-Za-z0-9_.]+$/ ? s : ""
}

FILENAME == ARGV[1] {
	if (NF != 2 || !($1 in known) || $2 !~ /^[0-9]+(\.[0-9]+)?$/)
		die(FILENAME ":" FNR ": not 'EVENT SECONDS' with a known event: " $0)
	if (!($1 in host)) host[$1] = $2 + 0
	next
}

{ sub(/\r+$/, "") }

# "[  0.201602] calling  init_hw_perf_events+0x0/0x645 @ 1": where an
# initcall starts. Userspace output may run into a kernel line, so a line
# is matched where the stamp starts, not only at its start.
match($0, stamp_re "calling  [^ ]+ @ [0-9]+") {
	s = substr($0, RSTART, RLENGTH)
	split(s, f, "] calling  ")
	split(f[2], w, " ")
	name = symbol(w[1])
	if (name == "") { skipped++; next }
	called[name] = stamp(s)
	next
}

# "[  0.204773] initcall init_hw_perf_events+0x0/0x645 returned 0 after 0 usecs"
match($0, stamp_re "initcall [^ ]+ returned -?[0-9]+ after [0-9]+ usecs") {
	s = substr($0, RSTART, RLENGTH)
	split(s, f, "] initcall ")
	split(f[2], w, " ")
	name = symbol(w[1])
	if (name == "") { skipped++; next }
	n++
	iname[n] = name
	us[n] = w[5] + 0
	# Without its "calling" line, it started its run time before it returned.
	start[n] = (name in called) ? called[name] : stamp(s) - us[n] / 1e6
	delete called[name]
	total += us[n]
	last = stamp(s)
	next
}

/^initcall [^ ]+ returned -?[0-9]+ after [0-9]+ usecs/ { unstamped++; next }
# One cut short or run into by other output.
$0 ~ stamp_re "(calling  |initcall )" { skipped++; next }

match($0, stamp_re "Linux version ") {
	if (!("kernel" in guest)) guest["kernel"] = stamp(substr($0, RSTART, RLENGTH))
	next
}

match($0, stamp_re "Run /[^ ]* as init process") {
	if (!("init" in guest)) guest["init"] = stamp(substr($0, RSTART, RLENGTH))
	next
}

# rcS prints the uptime, the guest's own clock, when it is done.
match($0, /rcS: system up in [0-9]+(\.[0-9]+)?s/) {
	s = substr($0, RSTART + 18, RLENGTH - 19)
	if (!("rcS-done" in guest)) guest["rcS-done"] = s + 0
	next
}

# Initcall A ranks after B: it was quicker, or as quick and later.
function later(a, b) { return us[a] < us[b] || (us[a] == us[b] && a > b) }

# Heap sort of A[1..N], by later(): no awk has a sort of its own.
function heapsort(a, n,    i, t) {
	for (i = int(n / 2); i >= 1; i--) sift(a, i, n)
	for (i = n; i > 1; i--) {
		t = a[1]; a[1] = a[i]; a[i] = t
		sift(a, 1, i - 1)
	}
}
function sift(a, root, end,    child, t) {
	while ((child = 2 * root) <= end) {
		if (child < end && later(a[child + 1], a[child])) child++
		if (!later(a[child], a[root])) return
		t = a[root]; a[root] = a[child]; a[child] = t
		root = child
	}
}

function share(i) { return total ? 100 * us[i] / total : 0 }
function secs(t) { return t == "" ? "-" : sprintf("%.3f", t) }
function cell(t) { return t == "-" ? "-" : t " s" }

END {
	if (failed) exit 1
	if (n == 0 && unstamped) die("initcall lines without printk stamps: is printk.time=1 on the command line?")
	if (n == 0) die("no initcall lines: is initcall_debug on the command line, and CONFIG_PRINTK in the kernel?")

	for (i = 1; i <= n; i++) order[i] = i
	heapsort(order, n)
	print "# rank\tusecs\tshare_pct\tstart_s\tinitcall" > initcalls
	for (r = 1; r <= n; r++) {
		i = order[r]
		printf "%d\t%d\t%.1f\t%.6f\t%s\n", r, us[i], share(i), start[i], iname[i] > initcalls
	}
	close(initcalls)

	print "# event\tguest_s\thost_s" > milestones
	for (i = 1; i <= nev; i++) {
		e = events[i]
		printf "%s\t%s\t%s\n", e, secs(guest[e]), secs(host[e]) > milestones
	}
	close(milestones)

	ntop = n < top ? n : top
	printf "The %d slowest initcalls, of %d: %.1f ms in all, %.3f s from the first call to the last return\n",
		ntop, n, total / 1000, last - start[1]
	printf "  %8s  %6s  %s\n", "ms", "share", "initcall"
	for (r = 1; r <= ntop; r++) {
		i = order[r]
		printf "  %8.1f  %5.1f%%  %s\n", us[i] / 1000, share(i), iname[i]
	}
	if (skipped) printf "  (%d garbled initcall lines skipped)\n", skipped
	printf "Milestones:    %14s  %14s\n", "guest clock", "host clock"
	for (i = 1; i <= nev; i++) {
		e = events[i]
		printf "  %-12s %14s  %14s\n", label[e], cell(secs(guest[e])), cell(secs(host[e]))
	}
	print "  (guest: the kernel's printk clock, and rcS's uptime; host: from qemu's start)"
}
