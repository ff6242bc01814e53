# Linux: the kernel, configured from allnoconfig plus config/linux.fragment
# and the architecture's fragment, config/arch/ARCH.fragment. Its modules,
# if the config enables them, go into the rootfs.
LINUX_VERSION = 6.12.107
LINUX_SOURCE = linux-$(LINUX_VERSION).tar.xz
LINUX_SITE = https://cdn.kernel.org/pub/linux/kernel/v6.x
LINUX_DEBIAN = trixie linux=6.12.107-1
# Debian's orig tarball is not kernel.org's: genorig.py deletes the paths
# its debian/copyright lists as Files-Excluded (non-free firmware and
# files without source). None is built here; the README lists them.
LINUX_DEBIAN_NOTE = Debian's repack, without its Files-Excluded paths
LINUX_CPE = cpe:2.3:o:linux:linux_kernel
LINUX_LICENSE = GPL-2.0-only WITH Linux-syscall-note
LINUX_LICENSE_FILES = COPYING LICENSES/preferred/GPL-2.0 LICENSES/exceptions/Linux-syscall-note
LINUX_CONFIG_FILES = $(LINUX_FRAGMENTS)
LINUX_BUILD_NOTE = (a few minutes; log: $(OUT)/logs/linux-build.log)

# Who, where and when the kernel says it was built (uname -v): fixed, so
# that two builds of the same tree give the same bytes.
LINUX_MAKE = $(MAKE) -C "$(LINUX_SRCDIR)" O="$(LINUX_BUILDDIR)" ARCH=$(LINUX_ARCH) \
	CROSS_COMPILE=$(TARGET_CROSS) KBUILD_BUILD_USER=build KBUILD_BUILD_HOST=minilinux \
	KBUILD_BUILD_TIMESTAMP='$(LINUX_BUILD_TIMESTAMP)' KBUILD_BUILD_VERSION=1
# Every symbol of every fragment must reach the final .config.
define LINUX_CONFIGURE_CMDS
mkdir -p "$(LINUX_BUILDDIR)"
cat $(LINUX_FRAGMENTS) >"$(LINUX_BUILDDIR)/fragment"
$(LINUX_MAKE) KCONFIG_ALLCONFIG="$(LINUX_BUILDDIR)/fragment" allnoconfig
for f in $(LINUX_FRAGMENTS); do \
	"$(TOPDIR)/scripts/kconfig-check.sh" "$$f" "$(LINUX_BUILDDIR)/.config" || \
	{ rm -f "$(LINUX_BUILDDIR)/.config"; exit 1; }; \
done
cp "$(LINUX_BUILDDIR)/.config" "$(LINUX_BUILDDIR)/config.base"
endef
define LINUX_BUILD_CMDS
$(LINUX_MAKE) -j"$$JOBS" $(notdir $(LINUX_IMAGE))
if grep -qx CONFIG_MODULES=y "$(LINUX_BUILDDIR)/.config"; then $(LINUX_MAKE) -j"$$JOBS" modules; fi
endef
# The modules, stripped and with depmod's files, in /lib/modules/VERSION of
# the package's tree, for the rootfs. The image is copied by the Makefile.
define LINUX_INSTALL_CMDS
rm -rf "$(LINUX_DESTDIR)" && mkdir -p "$(LINUX_DESTDIR)"
if grep -qx CONFIG_MODULES=y "$(LINUX_BUILDDIR)/.config"; then \
	$(LINUX_MAKE) INSTALL_MOD_PATH="$(LINUX_DESTDIR)" INSTALL_MOD_STRIP=1 modules_install && \
	rm -f "$(LINUX_DESTDIR)"/lib/modules/*/build "$(LINUX_DESTDIR)"/lib/modules/*/source; \
fi
endef
