# busybox: the whole userland, linked statically against musl.
BUSYBOX_VERSION = 1.35.0
# Security fixes missing from the 1.35.0 release, applied before configuring.
# They come from Debian's packaging (busybox-fixes.hash), which carries the
# upstream commits d417193cf37c, fb08d43d44d1, 0256e00a9d07 and 38335df9e9f4
# as debian/patches/NAME.patch. Applied in this order.
BUSYBOX_FIXES = CVE-2022-48174 CVE-2023-42364-part1 CVE-2023-42364-part2 CVE-2023-42363
BUSYBOX_FIXES_VERSION = 1.35.0-4+deb12u1
