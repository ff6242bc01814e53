#!/bin/sh
# logged.sh: run a noisy sub-build with its output in a log file. On failure,
# show the log's tail and where the whole log is. With V=1, show everything.
set -eu

[ $# -ge 2 ] || { echo "usage: $0 LOGFILE COMMAND [ARG...]" >&2; exit 2; }
log=$1
shift
mkdir -p "$(dirname "$log")"
if [ "${V:-0}" = 1 ]; then
	echo "$*"
	exec "$@"
fi
if "$@" >"$log" 2>&1; then
	exit 0
else
	rc=$?
fi
echo "--- last lines of $log:" >&2
tail -n "${LOG_TAIL:-25}" "$log" >&2
echo "--- failed ($rc): $*" >&2
exit "$rc"
