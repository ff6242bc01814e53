#!/bin/sh
# run.sh: run the test suites, show every result, and end with the line
# "N passed, N failed". Exits 0 only if nothing failed.
# usage: run.sh [unit|check|fuzz|boot|app|image|dev|modules|distcc]...   (default: all)
# O is the output dir, OUT the architecture's tree in it.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
: "${O:?O must name the output dir}" "${OUT:?OUT must name the architecture's output dir}"
logs=$OUT/tests
mkdir -p "$logs"

# What the suites need of the build, read by key from INFO (make info's
# info.json), exported under the names the suites use.
if [ -n "${INFO:-}" ]; then
	# shellcheck disable=SC2016 # jq's variables
	exports=$(jq -r 'def e(k; v): "export \(k)=\(v // "" | tostring | @sh)";
		.arch_vars as $a | .settings as $s | .artifacts as $f | .packages as $p |
		e("IMAGE_KERNEL"; $f.kernel), e("DISK_IMAGE_KERNEL"; $f.disk_kernel), e("MKCPIO"; $f.mkcpio),
		e("TARGET_CC"; $f.target_cc), e("LINUX_BUILDDIR"; $f.linux_builddir),
		e("LINUX_VERSION"; $p.linux.version), e("LINUX_SRCDIR"; $p.linux.srcdir),
		e("BUSYBOX"; $p.busybox.builddir + "/busybox"), e("BUSYBOX_ROOT"; $p.busybox.destdir),
		e("BUSYBOX_SRCDIR"; $p.busybox.srcdir), e("BUSYBOX_BUILDDIR"; $p.busybox.builddir),
		e("MUSL_BUILDDIR"; $p.musl.builddir),
		e("PACKAGE_ROOTS"; [.packages_rootfs[] | $p[.].destdir] | join(" ")),
		e("LINUX_BUILD_TIMESTAMP"; $s.LINUX_BUILD_TIMESTAMP), e("HOSTCC"; $s.HOSTCC),
		(["IMAGE_ID", "ROOTFS_FREE", "IMAGE_SIZE", "IMAGE_CMDLINE"][] as $k | e($k; $s[$k])),
		(["QEMU_MEM_MIN", "ARCH_DEPS", "CROSS_COMPILE", "UNAME_M", "CONSOLE", "IMAGE_FIRMWARES",
		  "EFI_BOOT_FILE", "ROOT_PART_TYPE", "IMAGE_BOOT", "LINUX_ARCH"][] as $k | e($k; $a[$k])),
		($a | to_entries[] | select(.key | startswith("FIRMWARE_")) | e(.key; .value))' "$INFO") ||
		{ echo "run.sh: $INFO: cannot be read: make info" >&2; exit 1; }
	eval "$exports"
fi

suites=
[ $# -gt 0 ] || set -- unit check fuzz boot app image dev modules distcc
for s in "$@"; do
	case $s in
	unit) suites="$suites $(ls "$here"/unit/*.sh)" ;;
	check) suites="$suites $(ls "$here"/check/*.sh)" ;;
	fuzz | boot | app | image | dev | modules | distcc) suites="$suites $here/$s.sh" ;;
	*) echo "run.sh: unknown suite '$s' (unit, check, fuzz, boot, app, image, dev, modules, distcc)" >&2; exit 2 ;;
	esac
done

passed=0 failed=0
for t in $suites; do
	name=$(basename "$t" .sh)
	printf '  %-8s%s\n' TEST "$name${ARCH:+ ($ARCH)}"
	status=0 start=$(date +%s)
	sh "$t" >"$logs/$name.log" 2>&1 || status=$?
	grep -v '^TIME:' "$logs/$name.log" | sed 's/^/    /' || true
	p=$(grep -c '^PASS:' "$logs/$name.log" || true)
	f=$(grep -c '^FAIL:' "$logs/$name.log" || true)
	# A suite that died without reporting a failure still failed.
	if [ "$status" -ne 0 ] && [ "$f" -eq 0 ]; then
		echo "    FAIL: $name exited with status $status; see $logs/$name.log"
		f=1
	fi
	printf '    %d passed, %d failed, in %d s\n' "$p" "$f" "$(($(date +%s) - start))"
	passed=$((passed + p))
	failed=$((failed + f))
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
