#!/bin/sh
# repro-check.sh: build the system twice from this tree, into DIR/a and into
# DIR/b (a longer path), the second later, with another umask, time zone and
# locale, with no network at all (unshare -n: only the download cache) and
# without ccache (the first may take its objects from the cache, which the
# second must then match), then compare the outputs byte for byte. On a
# difference, name the first file that differs and show how (diffoscope
# when installed, else cmp -l).
#
# For make test's distcc suite, settings in the environment: REPRO_A=O, an
# output dir already built from this tree (make all image), is the first
# build, not built again here; REPRO_ONLINE=1 leaves the second build the
# network, which a build through distccd on this host needs; REPRO_UMASK is
# the second build's umask (077); REPRO_TARGETS=all builds and compares only
# the kernels and the initramfs, not the ext4 root and the disk image
# (REPRO_TARGETS="all image", the default).
set -eu

# KERNEL-FILE: each kernel image, as a path in the architecture's output
# directory (make run's, and the disk image's when it has its own).
[ $# -ge 4 ] || { echo "usage: $0 TOPDIR DIR ARCH KERNEL-FILE...   (DL_DIR in the environment)" >&2; exit 2; }
top=$1 dir=$2 arch=$3
shift 3
: "${DL_DIR:?DL_DIR must name the download cache}"
targets=${REPRO_TARGETS:-all image}
case $targets in
"all image") outputs="$* initramfs.cpio.gz rootfs.ext4 disk.img" ;;
all) outputs="$* initramfs.cpio.gz" ;;
*) echo "repro-check: REPRO_TARGETS must be 'all image' or 'all', not '$targets'" >&2; exit 2 ;;
esac
trap 'exit 130' INT TERM

# Without root, a user namespace gives the network namespace.
if [ "${REPRO_ONLINE:-0}" = 1 ]; then offline= where="with the network"
elif [ "$(id -u)" -eq 0 ]; then offline="unshare -n" where="with no network"
else offline="unshare -rn" where="with no network"; fi
# shellcheck disable=SC2086 # $offline is a command prefix
[ -z "$offline" ] || $offline true 2>/dev/null || {
	echo "repro-check: cannot build without network: '$offline' fails here (user namespaces off?)" >&2
	exit 1
}

# build NAME O ENV...: make the targets (the kernel, the initramfs and the
# image) in O.
build() {
	name=$1 o=$2
	shift 2
	printf '  %-8s%s\n' REPRO "build $name in $o ($*)"
	start=$(date +%s)
	# shellcheck disable=SC2086 # $targets is a list of goals
	if ! env "$@" sh -c 'umask "$UMASK_SET"; exec "$@"' sh make --no-print-directory -C "$top" \
		O="$o" ARCH="$arch" DL_DIR="$DL_DIR" $targets >"$dir/$name.log" 2>&1; then
		echo "repro-check: build $name failed; the log's tail ($dir/$name.log):" >&2
		tail -n 20 "$dir/$name.log" >&2
		exit 1
	fi
	echo "    $((($(date +%s) - start))) s"
}

case $dir in /*) ;; *) dir=$(pwd)/$dir ;; esac
a=${REPRO_A:-$dir/a}
[ -z "${REPRO_A:-}" ] || [ -d "$a/$arch" ] || {
	echo "repro-check: REPRO_A=$a: no $arch tree there to compare with" >&2
	exit 2
}
# Only what this script made is removed: DIR/a, DIR/b and the logs.
rm -rf "$dir/a" "$dir/b" "$dir/a.log" "$dir/b.log"
mkdir -p "$dir"
printf '  %-8s%s\n' REPRO "make source (the download cache, $DL_DIR)"
make --no-print-directory -C "$top" ARCH="$arch" DL_DIR="$DL_DIR" O="$dir/a" source >"$dir/source.log" 2>&1 || {
	echo "repro-check: make source failed:" >&2
	tail -n 20 "$dir/source.log" >&2
	exit 1
}
if [ -n "${REPRO_A:-}" ]; then
	printf '  %-8s%s\n' REPRO "build a: $a, as it is"
else
	build a "$a" UMASK_SET=022 TZ=UTC LC_ALL=C
fi
# shellcheck disable=SC2086 # $offline is a command prefix
build b "$dir/b/a/longer/path" UMASK_SET="${REPRO_UMASK:-077}" TZ=Asia/Kathmandu LC_ALL=C.UTF-8 CCACHE=0 $offline

for f in $outputs; do
	one=$a/$arch/$f two=$dir/b/a/longer/path/$arch/$f
	if cmp -s "$one" "$two"; then
		printf '    identical: %s (%s bytes, sha256 %s)\n' "$f" "$(wc -c <"$one")" \
			"$(sha256sum "$one" | cut -c1-16)"
		continue
	fi
	echo "repro-check: $f differs between the two builds:" >&2
	echo "  $one" "  $two" >&2
	if command -v diffoscope >/dev/null 2>&1; then
		diffoscope --text - "$one" "$two" | head -n 60 >&2 || :
	else
		echo "  first differing bytes (cmp -l; install diffoscope for more):" >&2
		cmp -l "$one" "$two" | head -n 10 >&2 || :
	fi
	exit 1
done
echo "repro-check: the two builds are byte-identical; the second ran $where"
