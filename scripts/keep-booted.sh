#!/bin/sh
# keep-booted.sh: keep what a boot wrote in an image before it is made again.
# STAMP has IMAGE's time as the build made it; an IMAGE whose time differs
# was booted since, and holds what was written in the guest.
#   keep-booted.sh IMAGE STAMP refuse     (make run-image) fail, saying how
#                                          to rebuild and what that loses
#   keep-booted.sh IMAGE STAMP keep       (make image) move a booted IMAGE to
#                                          IMAGE.old, unless that exists
#   keep-booted.sh IMAGE STAMP install NEW
#                                          rename the finished NEW to IMAGE
# install writes STAMP.next before the rename and renames it to STAMP after,
# and an IMAGE whose time is either one's counts as unbooted: a build killed
# between the two renames leaves no fresh image that looks booted.
# An IMAGE unchanged since it was made, or none, goes on without a word.
set -eu

usage() { echo "usage: $0 IMAGE STAMP refuse|keep|install [NEW]" >&2; exit 2; }
[ $# -ge 3 ] || usage
image=$1 stamp=$2 mode=$3
name=${image##*/}

if [ "$mode" = install ]; then
	[ $# -eq 4 ] || usage
	touch -r "$4" "$stamp.next"
	mv -f "$4" "$image"
	mv -f "$stamp.next" "$stamp"
	exit 0
fi
[ $# -eq 3 ] || usage
[ -e "$image" ] || exit 0
made_at() { [ -e "$1" ] && [ "$(stat -c %y "$image")" = "$(stat -c %y "$1")" ]; }
! made_at "$stamp" || exit 0
! made_at "$stamp.next" || exit 0
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
*) usage ;;
esac
