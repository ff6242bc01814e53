#!/bin/sh
# An interrupted build is safe: make is killed (SIGKILL to its whole process
# group, like a power cut) at points spread over the ROOTFS, CPIO, EXT4 and
# IMAGE steps. At the kill, each output's final name must hold complete
# bytes, old or new; the next make must give the reference bytes. Half the
# killed runs use other settings, so that what they leave behind differs
# from what the next make writes. INTERRUPT_OFFSETS="0.41 0.73" replays
# given kill times (seconds).
set -eu
. "$(dirname "$0")/../lib.sh"
top=$(cd "$(dirname "$0")/../.." && pwd)
: "${OUT:?}" "${O:?}"

# Settings B: every output differs from the default's (A), the ext4 is
# larger, so stale temp files from B cannot pass for A's.
B="ROOTFS_FREE=24 IMAGE_ID=interrupt SOURCE_DATE_EPOCH=946684800"
GOALS="initramfs image"
OUTPUTS="initramfs.cpio.gz rootfs.ext4 disk.img"
STEPS="ROOTFS CPIO EXT4 IMAGE"
# The tools' own temp dirs, left by killed runs, go with the scratch dir.
mkdir -p "$scratch/tmp"
export TMPDIR="$scratch/tmp"

now() { date +%s.%N; }
# sums FILE: each output's sha256, one "NAME HASH" line each.
sums() {
	for f in $OUTPUTS; do
		printf '%s %s\n' "$f" "$(sha256sum <"$OUT/$f" 2>/dev/null | cut -d' ' -f1)"
	done >"$1"
}
# The staged tree without mtimes, which mkusers.sh sets to now.
listing() {
	(cd "$OUT/rootfs" && find . -printf '%p %y %m %s %l\n' | LC_ALL=C sort &&
		find . -type f -exec sha256sum {} + | LC_ALL=C sort)
	cat "$OUT/rootfs.permissions"
}
# Force the steps again: the rootfs's recorded inputs are newer than its
# stamp. Touching this, not rootfs/, leaves other output dirs alone.
force() { touch "$OUT/vars/rootfs"; }

# must NAME CMD...: CMD, a make, must succeed, or nothing below means much.
must() {
	name=$1
	shift
	if "$@" >"$scratch/out" 2>&1; then
		pass "$name"
	else
		fail "$name" "$(tail -n 10 "$scratch/out")"
		exit 1
	fi
}

# The reference: A, built again, so that no output an earlier run left is
# taken for it; then B, built whole, to know its bytes.
force
# shellcheck disable=SC2086 # B and GOALS are lists of words
must "the tree is built (make $GOALS)" mk $GOALS
sums "$scratch/A"
listing >"$scratch/A.list"
LC_ALL=C ls -A "$OUT" >"$scratch/before"
# shellcheck disable=SC2086
must "settings B build" mk $B $GOALS
sums "$scratch/B"
cut -d' ' -f2 "$scratch/B" >"$scratch/B.hashes"
same=$(cut -d' ' -f2 "$scratch/A" | grep -cxFf "$scratch/B.hashes" || true)
if [ "$same" -eq 0 ]; then
	pass "settings B change every output"
else
	fail "settings B change every output" "A:" "$(cat "$scratch/A")" "B:" "$(cat "$scratch/B")"
fi

# Where the steps start: a forced run, each line timed from make's start.
force
t0=$(now)
# shellcheck disable=SC2086
{ mk $GOALS 2>&1 && echo END; } | while IFS= read -r line; do
	echo "$(now) $line"
done | awk -v t0="$t0" '{ printf "%.3f %s\n", $1 - t0, $2 }' >"$scratch/timed"
if ! grep -q ' END$' "$scratch/timed"; then
	fail "the timed run" "$(cat "$scratch/timed")"
	exit 1
fi
# STEP START END, one line per step, END the next step's start.
awk -v steps="$STEPS" 'BEGIN { n = split(steps, s) }
	{ t[$2] = $1 }
	END { for (i = 1; i <= n; i++) print s[i], t[s[i]], t[i < n ? s[i + 1] : "END"] }' \
	"$scratch/timed" >"$scratch/windows"
echo "step windows (s from make's start): $(tr '\n' ';' <"$scratch/windows")"
if grep -qv '^[A-Z0-9]* [0-9.]* [0-9.]*$' "$scratch/windows"; then
	fail "the timed run prints every step" "$(cat "$scratch/timed")"
	exit 1
fi

# Offsets: a quarter, half and three quarters into each step, and three
# at random over the whole run.
seed=$(od -An -N2 -tu2 /dev/urandom | tr -d ' ')
offsets=${INTERRUPT_OFFSETS:-$(awk -v seed="$seed" '
	{ for (f = 0.25; f < 1; f += 0.25) printf "%.3f\n", $2 + f * ($3 - $2); end = $3 }
	END { srand(seed); for (i = 0; i < 3; i++) printf "%.3f\n", rand() * end }' "$scratch/windows")}
echo "kill offsets (s): $(echo "$offsets" | tr '\n' ' ')"

# kill_at STEP DELAY CMD...: run CMD, its output in $scratch/killed, in a
# session of its own, and SIGKILL that whole session's group DELAY seconds
# after CMD prints STEP's tag. Returns 137 when it killed CMD, CMD's status
# when CMD ended first.
kill_at() {
	ka_step=$1 ka_delay=$2 ka=$scratch/killed
	shift 2
	rm -f "$ka.pgid" "$ka.end"
	: >"$ka"
	# The inner shell leads the group and stays, to say when CMD ended.
	# shellcheck disable=SC2016 # $$, $@ and $0 are the inner shell's
	setsid -w sh -c 'echo "$$" >"$0.pgid"; s=0; "$@" || s=$?; : >"$0.end"; exit "$s"' \
		"$ka" "$@" >"$ka" 2>&1 &
	ka_pid=$!
	until [ -e "$ka.end" ] || grep -q "^  $ka_step " "$ka"; do
		sleep 0.005
	done
	ka_status=0
	if [ ! -e "$ka.end" ]; then
		sleep "$ka_delay"
		kill -s KILL -- "-$(cat "$ka.pgid")"
		# The shell's own "Killed" line is no news here.
		{ wait "$ka_pid"; } 2>/dev/null || ka_status=$?
		[ -e "$ka.end" ] || return 137
		return "$ka_status"
	fi
	wait "$ka_pid" || ka_status=$?
	return "$ka_status"
}

# attempt N OFFSET [STEP]: kill a forced make (settings B for odd N) after
# OFFSET seconds, counted from make's start, or with STEP from when make
# prints STEP's tag; check the final names then, and after the next plain
# make.
: >"$scratch/hit"
attempt() {
	n=$1 t=$2 at=${3:-}
	if [ $((n % 2)) -eq 1 ]; then which=B vars=$B; else which=A vars=; fi
	force
	status=0
	# shellcheck disable=SC2086 # vars and GOALS are lists of words
	set -- "$top/tests/submake" -C "$top" O="$O" ${ARCH:+ARCH="$ARCH"} ${DL_DIR:+DL_DIR="$DL_DIR"} $vars $GOALS
	if [ -z "$at" ]; then
		when="at ${t}s"
		timeout -s KILL "$t" "$@" >"$scratch/killed" 2>&1 || status=$?
	else
		when="${t}s into $at"
		kill_at "$at" "$t" "$@" || status=$?
	fi
	case $status in
	0 | 124 | 137) ;;
	*) fail "killed $when: make failed before the kill" "$(tail -n 10 "$scratch/killed")" ;;
	esac
	if [ "$status" -eq 0 ]; then
		what="nothing: make had finished"
	else
		# The last step tag it printed; the shell's "Killed" is no tag.
		what=$(awk '$1 ~ /^[A-Z0-9]+$/ && NF == 2 { s = $1 }
			END { print s ? "in " s : "while parsing" }' "$scratch/killed")
		landed=${what#in }
		echo "$landed" >>"$scratch/hit"
	fi
	name="killed $when with settings $which ($what)"
	sums "$scratch/now"
	bad=
	while read -r f h; do
		grep -qx "$f $h" "$scratch/A" || grep -qx "$f $h" "$scratch/B" || bad="$bad $f"
	done <"$scratch/now"
	if [ -z "$bad" ]; then
		pass "$name: every final name holds complete bytes"
	else
		fail "$name: every final name holds complete bytes" "neither A's nor B's bytes:$bad" \
			"$(tail -n 3 "$scratch/killed")"
	fi
	# shellcheck disable=SC2086
	if ! mk $GOALS >"$scratch/next" 2>&1; then
		fail "$name: the next make succeeds" "$(tail -n 10 "$scratch/next")"
		return
	fi
	sums "$scratch/now"
	listing >"$scratch/now.list"
	if cmp -s "$scratch/A" "$scratch/now" && cmp -s "$scratch/A.list" "$scratch/now.list"; then
		pass "$name: the next make gives the reference bytes"
	else
		fail "$name: the next make gives the reference bytes" "$(diff "$scratch/A" "$scratch/now")" \
			"$(diff "$scratch/A.list" "$scratch/now.list" | head -n 5)" "it printed:" \
			"$(cat "$scratch/next")"
	fi
}

n=0
for t in $offsets; do
	attempt "$n" "$t"
	n=$((n + 1))
done
# A loaded machine may have missed a step: the runs vary by more than a
# short step lasts. Up to five more tries each, killed half, then a quarter
# of the step's timed length after make names it, then as soon as it does.
if [ -z "${INTERRUPT_OFFSETS:-}" ]; then
	for step in $STEPS; do
		len=$(awk -v s="$step" '$1 == s { print $3 - $2 }' "$scratch/windows")
		for f in 0.5 0.25 0 0 0; do
			! grep -qx "$step" "$scratch/hit" || break
			t=$(awk -v l="$len" -v f="$f" 'BEGIN { printf "%.3f", l * f }')
			echo "$step not interrupted yet: once more, ${t}s after make names it"
			attempt "$n" "$t" "$step"
			n=$((n + 1))
		done
		if grep -qx "$step" "$scratch/hit"; then
			pass "a kill interrupted $step"
		else
			fail "a kill interrupted $step" "kills landed in: $(sort -u "$scratch/hit" | tr '\n' ' ')"
		fi
	done
fi
# shellcheck disable=SC2086
expect_steps "after all that, a no-op make prints nothing" "" mk -s $GOALS

# Temp files have fixed names, removed or replaced by the next run of their
# step: once the build is complete again, killed runs left nothing behind.
LC_ALL=C ls -A "$OUT" >"$scratch/after"
left=$(LC_ALL=C comm -13 "$scratch/before" "$scratch/after" | tr '\n' ' ')
if [ -z "$left" ]; then
	pass "killed runs left no temp file in $OUT"
else
	fail "killed runs left no temp file in $OUT" "left: $left"
fi
