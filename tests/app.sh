#!/bin/sh
# App-mode tests: build app initramfs images with `make APP=...`, boot them
# with the $OUT/app/run script that make writes, and check the app's output
# and the status the host gets back. Then boot the busybox system with the
# tiny init (SYSTEM_INIT=tiny) and log in.
set -eu
. "$(dirname "$0")/lib.sh"
result=0 # set to 1 by a failed boot_checks: the suite then fails
top=$(cd "$(dirname "$0")/.." && pwd)
: "${OUT:?}" "${MKCPIO:?}" "${KERNEL_CMDLINE:?}" "${PACKAGE_ROOTS:?}"
export KERNEL_CMDLINE
logs=$OUT/tests
mkdir -p "$logs"
mk -s "$OUT/target/hello" "$OUT/target/probe" "$OUT/target/libc-cves" >/dev/null

# row NAME APP ARGS STATUS [TEXT...]: boot APP with ARGS, and APP_ENV if
# set; the host must get STATUS, and the console must show each TEXT line.
APP_ENV=
n=0
row() {
	name=$1 app=$2 args=$3 want=$4
	shift 4
	n=$((n + 1))
	out=$logs/app-$n.transcript
	if ! mk -s APP="$OUT/target/$app" APP_ARGS="$args" APP_ENV="$APP_ENV" >"$out" 2>&1; then
		fail "$name" "make APP=$app failed:" "$(tail -n 5 "$out")"
		return
	fi
	status=0
	QUIET_RUN=1 timeout 120 "$OUT/app/run" </dev/null >"$out" 2>&1 || status=$?
	missing=
	for text in "$@"; do
		tr -d '\r' <"$out" | grep -qxF -- "$text" || missing="$missing [$text]"
	done
	if [ "$status" -eq "$want" ] && [ -z "$missing" ]; then
		pass "$name"
	else
		fail "$name" "host status $status (expected $want)" \
			"missing lines:${missing:- none}" "--- console ($out):" "$(cat "$out")"
	fi
}

row "exit status 0 reaches the host" hello "-x 0" 0 \
	"hello from app mode, 0 argument(s)" "init: /bin/hello exited, status 0"
row "exit status 1 reaches the host" hello "-x 1" 1 "init: /bin/hello exited, status 1"
row "exit status 42 reaches the host" hello "-x 42" 42 "init: /bin/hello exited, status 42"
row "exit status 255 reaches the host" hello "-x 255" 255 "init: /bin/hello exited, status 255"
row "an app killed by SIGKILL gives 137" probe "kill KILL" 137 \
	"init: /bin/probe killed by signal 9 (Killed), status 137"
row "an app killed by SIGSEGV gives 139" probe "kill SEGV" 139 \
	"init: /bin/probe killed by signal 11 (Segmentation fault), status 139"
row "orphans that exit are reaped: no zombies" probe orphans 0 \
	"own zombie seen: 1" "zombies left: 0"
row "SIGTERM sent to PID 1 reaches the app's handler" probe sigterm 0 \
	"handler ran: Terminated"
# Every signal tini forwards; the helper that sends each to PID 1 is in the
# app's process group, so it must get each one back too.
sigs="HUP INT QUIT USR1 USR2 PIPE ALRM TERM CONT TSTP URG XCPU XFSZ VTALRM PROF WINCH IO PWR RTMIN"
set --
for s in $sigs; do set -- "$@" "app got SIG$s" "helper got SIG$s"; done
row "every signal sent to PID 1 reaches the app's process group" probe \
	"signals $sigs" 0 "$@"
# The kernel passes TERM=linux and HOME=/, and init adds a PATH.
APP_ENV="PATH=/x TERM=dumb HOME=/h EMPTY=" row \
	"APP_ENV wins over the kernel's environment" probe "env PATH TERM HOME EMPTY" 0 \
	"PATH [/x], entries: 1" "TERM [dumb], entries: 1" "HOME [/h], entries: 1" \
	"EMPTY [], entries: 1"
APP_ENV=
row "arguments arrive intact, spaces included" probe \
	"args \"two  words\" \"it's\" '' 'a\"b'" 0 \
	"argc 4" "arg 1 [two  words]" "arg 2 [it's]" "arg 3 []" "arg 4 [a\"b]"
row "musl's CVE-2026-6042 fix: iconv decodes GB18030 right, and fast" libc-cves gb18030 0 \
	"gb18030: all right"
KERNEL_CMDLINE="$KERNEL_CMDLINE -- from-cmdline" row \
	"arguments after -- on the kernel command line are appended" probe "args one" 0 \
	"argc 2" "arg 1 [one]" "arg 2 [from-cmdline]"

# Ctrl-C on the console reaches the app: it has the console as its terminal.
mk -s APP="$OUT/target/probe" APP_ARGS=sigint >/dev/null 2>&1
if QUIET_RUN=1 guard expect -c '
	set timeout 60
	log_file -noappend '"$logs/app-sigint.transcript"'
	spawn -noecho '"$OUT/app/run"'
	expect { "waiting for Ctrl-C" {} timeout { exit 1 } eof { exit 1 } }
	send "\003"
	expect { "handler ran: Interrupt" {} timeout { exit 1 } eof { exit 1 } }
	expect eof
	lassign [wait] pid id oserr status
	exit $status' >/dev/null 2>&1; then
	pass "Ctrl-C on the console reaches the app"
else
	fail "Ctrl-C on the console reaches the app" "$(cat "$logs/app-sigint.transcript")"
fi

expect_error "a dynamically linked APP is refused" "CGO_ENABLED=0" mk APP=/bin/true
expect_error "a missing APP is refused" "APP=/no/such/app: no such file" mk APP=/no/such/app
expect_error "bad APP_ARGS quoting is refused" "not a list of words" \
	mk APP="$OUT/target/hello" APP_ARGS="it's"

# The busybox system with the tiny init instead of busybox init.
KERNEL_CMDLINE=${KERNEL_CMDLINE%% -- *}
TINY_INIT=$OUT/target/init "$top/scripts/mkrootfs.sh" "$scratch/tiny" \
	"$top/rootfs" "$top/config" "$top/config/permissions" $PACKAGE_ROOTS
"$MKCPIO" -t 0 -p "$scratch/tiny.permissions" -o "$scratch/tiny.cpio" "$scratch/tiny"
gzip -n "$scratch/tiny.cpio"
EXPECT_HOSTNAME=$(cat "$top/rootfs/etc/hostname")
export EXPECT_HOSTNAME
INITRD=$scratch/tiny.cpio.gz boot_checks "tiny init: " tiny "$top/tests/tiny.checks" || result=1
exit "$result"
