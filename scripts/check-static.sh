#!/bin/sh
# check-static.sh: fail unless every FILE is a statically linked ELF
# executable: no program interpreter and no shared libraries needed.
set -eu

[ $# -ge 1 ] || { echo "usage: $0 FILE..." >&2; exit 2; }
for f in "$@"; do
	hdr=$(readelf -h "$f" 2>/dev/null) || {
		echo "check-static: $f: not an ELF file" >&2
		exit 1
	}
	case $hdr in *"Type:"*"EXEC"*|*"Type:"*"DYN"*) ;; *)
		echo "check-static: $f: not an executable" >&2; exit 1 ;;
	esac
	if readelf -lW "$f" | grep -q '^ *INTERP' ||
		readelf -dW "$f" | grep -q '(NEEDED)'; then
		echo "check-static: $f is dynamically linked; it must be static" >&2
		exit 1
	fi
done
