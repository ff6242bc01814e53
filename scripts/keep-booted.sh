#!/bin/sh
# keep-booted.sh: before IMAGE is made again, keep what a boot wrote in it.
# STAMP has IMAGE's time as the build made it (touch -r); an IMAGE changed
# since was booted, and holds what was written in the guest. Then:
#   refuse  (make run-image) fail, saying how to rebuild and what that loses
#   keep    (make image) move it to IMAGE.old, unless that exists already
# An IMAGE unchanged since it was made, or none, goes on without a word.
set -eu

[ $# -eq 3 ] || { echo "usage: $0 IMAGE STAMP refuse|keep" >&2; exit 2; }
image=$1 stamp=$2 mode=$3
[ -e "$image" ] || exit 0
if [ -e "$stamp" ] && [ "$(stat -c %y "$image")" = "$(stat -c %y "$stamp")" ]; then
	exit 0
fi
name=${image##*/}
case $mode in
refuse)
	echo "run-image: $name was booted since make image made it, and what it is made from has changed:" \
		"make image makes it again (keeping this one as $name.old), or" \
		"make run-image IMAGE_REBUILD=no boots it as it is" >&2
	exit 1
	;;
keep)
	if [ -e "$image.old" ] || [ -L "$image.old" ]; then
		echo "image: $name was booted since it was made, and $name.old is there already: move one of" \
			"them away, so that what was written in the guest is not lost" >&2
		exit 1
	fi
	mv "$image" "$image.old"
	printf '  %-8s%s\n' NOTE "$name was booted since it was made: kept as $image.old"
	;;
*) echo "keep-booted: refuse or keep, not '$mode'" >&2; exit 2 ;;
esac
