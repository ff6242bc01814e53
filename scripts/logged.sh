#!/bin/sh
# logged.sh: run a noisy sub-build with its output in a log file. On failure,
# show the log's tail and where the whole log is. With V=1, show everything.
# On a terminal, a step still running says so every 30 s.
set -eu

[ $# -ge 2 ] || { echo "usage: $0 LOGFILE COMMAND [ARG...]" >&2; exit 2; }
log=$1
shift
mkdir -p "$(dirname "$log")"
if [ "${V:-0}" = 1 ]; then
	echo "$*"
	exec "$@"
fi
rc=0
if [ -t 1 ]; then
	# On a terminal, a long step says every 30 s (PROGRESS_S) how far it is: seconds,
	# and lines of log against the last successful run's (kbuild and
	# busybox write a line per object).
	"$@" >"$log" 2>&1 &
	pid=$!
	trap 'kill "$pid" 2>/dev/null; exit 130' INT TERM
	total=$(cat "$log.lines" 2>/dev/null || :)
	n=0
	while kill -0 "$pid" 2>/dev/null; do
		sleep 1
		n=$((n + 1))
		[ $((n % ${PROGRESS_S:-30})) -ne 0 ] || ! kill -0 "$pid" 2>/dev/null ||
			printf '  %-8s%s\n' ... "${log##*/}: $n s, $(wc -l <"$log") lines${total:+ of about $total}"
	done
	wait "$pid" || rc=$?
else
	"$@" >"$log" 2>&1 || rc=$?
fi
if [ "$rc" -eq 0 ]; then
	wc -l <"$log" >"$log.lines"
	exit 0
fi
echo "--- last lines of $log:" >&2
tail -n "${LOG_TAIL:-25}" "$log" >&2
echo "--- failed ($rc): $*" >&2
exit "$rc"
