# lib.sh: helpers for the test suites. Every check prints one line,
# "PASS: name" or "FAIL: name" followed by indented details; tests/run.sh
# counts them.

pass() { printf 'PASS: %s\n' "$1"; }

fail() {
	printf 'FAIL: %s\n' "$1"
	shift
	for line in "$@"; do printf '      %s\n' "$line"; done
}

# A scratch dir for this suite, removed on exit.
scratch=$(mktemp -d "${TMPDIR:-/tmp}/test.XXXXXX")
trap 'rm -rf "$scratch"' EXIT
trap 'exit 130' INT TERM

# mk ARGS...: make in the tree under test ($top), with the suite's O=,
# ARCH= and DL_DIR=, and none of the calling make's flags.
mk() {
	"$top/tests/submake" -C "$top" \
		O="$O" ${ARCH:+ARCH="$ARCH"} ${DL_DIR:+DL_DIR="$DL_DIR"} "$@"
}

# guard CMD...: run CMD, killed if it outlives TEST_TIMEOUT seconds, so a
# stuck guest fails the test instead of hanging it.
guard() { timeout -k 10 "${TEST_TIMEOUT:-600}" "$@"; }

# build_guard CMD...: run CMD, a build, killed if it outlives
# TEST_BUILD_TIMEOUT seconds (an hour), so a stuck compile fails the suite
# instead of hanging it. A clean build on a slow machine, or beside another,
# takes longer than a guest may. Says on stderr when it killed CMD. CMD is
# a program: timeout cannot run a shell function such as mk, but it can run
# tests/submake.
build_guard() {
	bg_limit=${TEST_BUILD_TIMEOUT:-3600} bg_status=0
	timeout -k 10 "$bg_limit" "$@" || bg_status=$?
	case $bg_status in
	124 | 137) echo "build_guard: killed after $bg_limit s (TEST_BUILD_TIMEOUT): $*" >&2 ;;
	esac
	return "$bg_status"
}

# boot_checks LABEL NAME CHECKS [USER [PASSWORD]]: boot the guest that the
# environment sets up for scripts/run-qemu.sh, run the checks table with
# tests/boot.exp, and print its lines with LABEL before each check's name;
# show the console transcript ($OUT/tests/NAME.transcript) when one failed.
# The output is also kept in $scratch/NAME.out. A harness that stops
# before the end of its table is a failure too. Returns non-zero if any
# check failed: callers keep that status and exit with it.
boot_checks() {
	label=$1 name=$2 checks=$3
	shift 3
	status=0
	guard expect -f "$top/tests/boot.exp" "$checks" "$OUT/tests/$name.transcript" "$@" \
		>"$scratch/$name.out" || status=$?
	sed "s|^PASS: |PASS: $label|; s|^FAIL: |FAIL: $label|; /^DONE: /d" "$scratch/$name.out"
	# A harness that did not reach the end of its table (killed by the
	# timeout, say) failed, whatever its status and its FAIL lines.
	if ! grep -q '^DONE: ' "$scratch/$name.out"; then
		fail "${label}the boot harness ran its whole table ($checks)" \
			"it exited with status $status before the end"
		[ "$status" -ne 0 ] || status=1
	fi
	if [ "$status" -ne 0 ]; then
		echo "--- console transcript ($OUT/tests/$name.transcript):"
		cat "$OUT/tests/$name.transcript"
		echo "--- end of transcript"
	fi
	return "$status"
}

# gdb_boot LABEL NAME CHECKS GDB-SCRIPT MAKE-ARGS...: make run GDB=1
# MAKE-ARGS boots in the background, its console checked by boot_checks
# (LABEL, NAME, CHECKS), while make gdb MAKE-ARGS runs GDB-SCRIPT on it.
# gdb's output goes to $scratch/gdb.out and $OUT/tests/NAME.gdb, its status
# to gdb_rc. Prints the boot's lines, and returns its status.
gdb_boot() {
	gdb_label=$1 gdb_name=$2 gdb_checks=$3 gdb_script=$4
	shift 4
	gdb_port=$(free_port 12340)
	BOOT_COMMAND="exec $top/tests/submake -s -C $top O=$O ARCH=$ARCH DL_DIR=$DL_DIR run GDB=1 GDB_PORT=$gdb_port $*" \
		boot_checks "$gdb_label" "$gdb_name" "$gdb_checks" >"$scratch/boot-gdb" 2>&1 &
	gdb_boot_pid=$!
	# qemu listens once the build before it is done: up to two minutes.
	i=0
	until ss -Hltn "sport = :$gdb_port" | grep -q . || [ $i -ge 1200 ]; do sleep 0.1; i=$((i + 1)); done
	gdb_rc=0
	timeout -k 5 180 "$top/tests/submake" -s -C "$top" O="$O" ARCH="$ARCH" DL_DIR="$DL_DIR" gdb \
		GDB_PORT="$gdb_port" GDB_SCRIPT="$gdb_script" "$@" </dev/null >"$scratch/gdb.out" 2>&1 || gdb_rc=$?
	cp "$scratch/gdb.out" "$OUT/tests/$gdb_name.gdb"
	gdb_status=0
	wait "$gdb_boot_pid" || gdb_status=1
	cat "$scratch/boot-gdb"
	return "$gdb_status"
}

# free_port N: the first TCP port from N up that nothing listens on.
free_port() {
	p=$1
	while ss -Hltn "sport = :$p" | grep -q .; do p=$((p + 1)); done
	echo "$p"
}

# expect_steps NAME "TAG..." CMD...: CMD, a make, must succeed and print
# exactly these step tags, in this order (none for "").
expect_steps() {
	name=$1 want=$2
	shift 2
	if ! "$@" >"$scratch/steps" 2>&1; then
		fail "$name" "make failed: $*" "$(tail -n 10 "$scratch/steps")"
		return
	fi
	got=$(awk '{ print $1 }' "$scratch/steps" | tr '\n' ' ')
	if [ "$got" = "$want${want:+ }" ]; then
		pass "$name"
	else
		fail "$name" "expected steps: $want" "got:" "$(cat "$scratch/steps")"
	fi
}

# expect_ok NAME CMD...: CMD must succeed.
expect_ok() {
	name=$1
	shift
	if "$@" >"$scratch/out" 2>"$scratch/err"; then
		pass "$name"
	else
		fail "$name" "exit status $? from: $*" "$(tail -n 5 "$scratch/err")"
	fi
}

# expect_error NAME TEXT CMD...: CMD must fail, and say TEXT on stderr.
expect_error() {
	name=$1
	text=$2
	shift 2
	if "$@" >"$scratch/out" 2>"$scratch/err"; then
		fail "$name" "succeeded, but should have failed: $*"
	elif grep -qF -- "$text" "$scratch/err"; then
		pass "$name"
	else
		fail "$name" "failed without saying '$text'; it said:" "$(tail -n 5 "$scratch/err")"
	fi
}
