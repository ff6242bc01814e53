# busybox: the whole userland, linked statically against musl, configured
# by config/busybox.config.
BUSYBOX_VERSION = 1.35.0
BUSYBOX_SOURCE = busybox-$(BUSYBOX_VERSION).tar.bz2
BUSYBOX_SITE = https://busybox.net/downloads
BUSYBOX_DEBIAN = bookworm busybox=1:1.35.0-4+deb12u1
BUSYBOX_LICENSE = GPL-2.0-only
BUSYBOX_LICENSE_FILES = LICENSE
BUSYBOX_DEPENDENCIES = musl linux-headers
BUSYBOX_CONFIG_FILES = $(TOPDIR)/config/busybox.config

# Security fixes missing from 1.35.0, applied in this order: Debian's
# packaging carries the upstream commits d417193cf37c, fb08d43d44d1,
# 0256e00a9d07 and 38335df9e9f4 as debian/patches/NAME.patch.
BUSYBOX_EXTRA_DOWNLOADS = apt:busybox_$(BUSYBOX_DEBIAN_VERSION).debian.tar.xz
BUSYBOX_PATCHES = $(foreach p,CVE-2022-48174 CVE-2023-42364-part1 CVE-2023-42364-part2 CVE-2023-42363,\
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
