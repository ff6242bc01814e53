# busybox: the whole userland, linked statically against musl, configured
# by config/busybox.config.
BUSYBOX_VERSION = 1.38.0
BUSYBOX_SOURCE = busybox-$(BUSYBOX_VERSION).tar.bz2
BUSYBOX_SITE = https://busybox.net/downloads
BUSYBOX_DEBIAN = forky busybox=1:1.38.0-3
BUSYBOX_CPE = cpe:2.3:a:busybox:busybox
BUSYBOX_LICENSE = GPL-2.0-only
BUSYBOX_LICENSE_FILES = LICENSE
BUSYBOX_DEPENDENCIES = musl linux-headers
BUSYBOX_CONFIG_FILES = $(TOPDIR)/config/busybox.config

# Fixes missing from 1.38.0, from Debian's packaging of 1.38.0-3, in its
# order: tc without CBQ (gone from the kernel's headers since 6.8), then the
# security fixes that busybox.cves names. patches/busybox/ adds ours.
BUSYBOX_EXTRA_DOWNLOADS = apt:busybox_$(BUSYBOX_DEBIAN_VERSION).debian.tar.xz
BUSYBOX_PATCHES = $(foreach p,busybox-1.36.1-no-cbq \
	awk.c-fix-CVE-2023-42366-bug-15874 \
	wget-disallow-control-chars-in-URLs-CVE-2025-60876 \
	archival-libarchive-sanitize-filenames-on-output-CVE-2025-46394-2 \
	netstat-sanitize-argv0-for-p-CVE-2024-58251 \
	ash-fix-out-of-bounds-read-in-ifsbreakup-CVE-2026-38754 \
	ash-fix-stack-overflow-in-evalfun-CVE-2026-38755 \
	awk-fix-stack-overflow-in-evaluate-CVE-2026-38752 \
	awk-fix-use-after-free-in-awk_sub-CVE-2026-38753,\
	busybox_$(BUSYBOX_DEBIAN_VERSION).debian.tar.xz:debian/patches/$(p).patch)

BUSYBOX_MAKE = $(MAKE) -C "$(BUSYBOX_SRCDIR)" O="$(BUSYBOX_BUILDDIR)" CC="$(TARGET_CC)" \
	CROSS_COMPILE=$(TARGET_CROSS) HOSTCC=$(HOSTCC) KCONFIG_NOTIMESTAMP=1
define BUSYBOX_CONFIGURE_CMDS
mkdir -p "$(BUSYBOX_BUILDDIR)"
cp "$(TOPDIR)/config/busybox.config" "$(BUSYBOX_BUILDDIR)/.config"
yes "" | $(BUSYBOX_MAKE) oldconfig
endef
define BUSYBOX_BUILD_CMDS
$(BUSYBOX_MAKE) -j"$$JOBS" busybox
"$(TOPDIR)/scripts/check-static.sh" "$(BUSYBOX_BUILDDIR)/busybox"
endef
define BUSYBOX_INSTALL_CMDS
rm -rf "$(BUSYBOX_DESTDIR)"
$(BUSYBOX_MAKE) CONFIG_PREFIX="$(BUSYBOX_DESTDIR)" install
endef
