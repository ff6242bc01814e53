# Linux: the kernel, configured from allnoconfig plus config/linux.fragment
# and the architecture's fragment, config/arch/ARCH.fragment (and what disk
# images need, unless they have a kernel of their own: linux-disk.mk). Its
# modules, if the config enables them, go into the rootfs.
LINUX_VERSION = 6.12.118
LINUX_SOURCE = linux-$(LINUX_VERSION).tar.xz
LINUX_SITE = https://cdn.kernel.org/pub/linux/kernel/v6.x
# The source: Debian's security update of the kernel, as Debian's
# linux-source-6.12 package holds it (kernel.org's 6.12.118 with the
# patches of Debian's debian/patches/series applied). kernel.org's tarball
# is not pinned (linux.hash): no published hash of it could be read where
# this pin was made, so it is not used. The orig tarball of Debian's linux
# source package is not fetched either: its tree lacks Debian's patches,
# and one build must not differ from another by which file a mirror has.
# LINUX_DEBIAN names that source package, for make cve-report's feed (its
# changelog) and make outdated.
LINUX_DEBIAN = trixie-security linux=6.12.118-1
LINUX_DEBIAN_SOURCE =
LINUX_DEBIAN_BINARY = trixie-security linux-source-6.12=6.12.118-1
LINUX_DEBIAN_BINARY_MEMBER = usr/src/linux-source-6.12.tar.xz
LINUX_DEBIAN_BINARY_NOTE = Debian's tree, kernel.org's $(LINUX_VERSION) with the patches of debian/patches/series of Debian's $(word 2,$(LINUX_DEBIAN))
LINUX_CPE = cpe:2.3:o:linux:linux_kernel
LINUX_LICENSE = GPL-2.0-only WITH Linux-syscall-note
LINUX_LICENSE_FILES = COPYING LICENSES/preferred/GPL-2.0 LICENSES/exceptions/Linux-syscall-note
LINUX_CONFIG_FILES = $(LINUX_FRAGMENTS)
LINUX_BUILD_NOTE = (a few minutes; log: $(OUT)/logs/linux-build.log)

# LINUX_SRC=dir (docs/kernel-developers.md): the kernel is built from a
# developer's own tree instead, out of tree, so nothing is written into it,
# in a build tree of its own; the pinned source is still fetched, for
# linux-headers, so the userland stays the same. The Makefile runs kbuild
# at every make, which rebuilds what changed in the tree. The project's
# fragments go on allnoconfig as usual; one of their symbols that the tree
# does not give is a note, since the tree may be older or newer than the
# pin, but what config/linux.needs lists stops the build. DEBUG=1 adds
# config/linux-debug.fragment, also in a build tree of its own, and builds
# the kernel's gdb helpers (scripts_gdb: vmlinux-gdb.py, the lx- commands).
LINUX_LOCAL_SRC = $(LINUX_SRC)
LINUX_LOCAL_VERSION = $(if $(LINUX_SRC),$(shell $(TOPDIR)/scripts/kernel-tree.sh version '$(LINUX_SRC)'))
LINUX_LOCAL_TREE = $(if $(LINUX_SRC),$(shell $(TOPDIR)/scripts/kernel-tree.sh id '$(LINUX_SRC)'))
LINUX_TREE = $(or $(LINUX_SRC),$(LINUX_SRCDIR))
LINUX_TREE_SUFFIX = $(if $(LINUX_SRC),-src)$(if $(filter 1,$(DEBUG)),-debug)
LINUX_BUILDDIR = $(BUILDDIR)/linux$(LINUX_TREE_SUFFIX)
LINUX_CONFIGURE_NOTES = $(call linux-configure-notes,LINUX)

# Who, where and when the kernel says it was built (uname -v): fixed, so
# that two builds of the same tree give the same bytes. Debian's patch lets
# KBUILD_BUILD_VERSION_TIMESTAMP from the environment win: it is emptied. $(call
# linux-make,PKG): make in package PKG's build tree (linux, or linux-disk).
linux-make = $(MAKE) -C "$(LINUX_TREE)" O="$($(1)_BUILDDIR)" ARCH=$(LINUX_ARCH) \
	CROSS_COMPILE=$(TARGET_CROSS) KBUILD_BUILD_USER=build KBUILD_BUILD_HOST=minilinux \
	KBUILD_BUILD_TIMESTAMP='$(LINUX_BUILD_TIMESTAMP)' KBUILD_BUILD_VERSION=1 KBUILD_BUILD_VERSION_TIMESTAMP=
LINUX_MAKE = $(call linux-make,LINUX)
# Every symbol of every fragment must reach the final .config.
define linux-configure
mkdir -p "$($(1)_BUILDDIR)"
cat $($(1)_CONFIG_FILES) >"$($(1)_BUILDDIR)/fragment"
$(call linux-make,$(1)) KCONFIG_ALLCONFIG="$($(1)_BUILDDIR)/fragment" -j"$$JOBS" allnoconfig
$(if $(LINUX_SRC),$(linux-configure-local),$(linux-configure-check))
cp "$($(1)_BUILDDIR)/.config" "$($(1)_BUILDDIR)/config.base"
endef
define linux-configure-check
for f in $($(1)_CONFIG_FILES); do \
	"$(TOPDIR)/scripts/kconfig-check.sh" "$$f" "$($(1)_BUILDDIR)/.config" || \
	{ rm -f "$($(1)_BUILDDIR)/.config"; exit 1; }; \
done
endef
# A developer's tree: what it drops of the fragments, in fragment-check
# for the notes; what the initramfs needs, checked.
define linux-configure-local
: >"$($(1)_BUILDDIR)/fragment-check"
for f in $($(1)_CONFIG_FILES); do \
	"$(TOPDIR)/scripts/kconfig-check.sh" "$$f" "$($(1)_BUILDDIR)/.config" 2>>"$($(1)_BUILDDIR)/fragment-check" || \
	echo "$$f: its symbols above are not in the tree's .config as asked" >>"$($(1)_BUILDDIR)/fragment-check"; \
done
LINUX_ARCH=$(LINUX_ARCH) KERNEL_NEEDS='$(KERNEL_NEEDS)' "$(TOPDIR)/scripts/kernel-check.sh" --config \
	"$($(1)_BUILDDIR)/.config" "$(TOPDIR)/config/linux.needs" || { rm -f "$($(1)_BUILDDIR)/.config"; exit 1; }
endef
# After configuring a developer's tree: how many fragment lines it did not
# take, and where they are listed.
linux-configure-notes = $(if $(LINUX_SRC),n=$$(grep -c 'requested, but' "$($(1)_BUILDDIR)/fragment-check") || :; \
	[ "$$n" = 0 ] || printf '  %-8s%s\n' NOTE "$(patsubst $(CURDIR)/%,%,$($(1)_LABEL)): symbols of the fragments \
	its .config does not have as asked: $$n; the list: $(patsubst $(CURDIR)/%,%,$($(1)_BUILDDIR))/fragment-check")
LINUX_CONFIGURE_CMDS = $(call linux-configure,LINUX)
define linux-build
$(call linux-make,$(1)) -j"$$JOBS" $(notdir $(LINUX_IMAGE)) $(if $(filter 1,$(DEBUG)),scripts_gdb)
if grep -qx CONFIG_MODULES=y "$($(1)_BUILDDIR)/.config"; then $(call linux-make,$(1)) -j"$$JOBS" modules; fi
endef
LINUX_BUILD_CMDS = $(call linux-build,LINUX)
# The modules, stripped and with depmod's files, in /lib/modules/VERSION of
# the package's tree, for the rootfs. The image is copied by the Makefile.
define linux-install
rm -rf "$($(1)_DESTDIR)" && mkdir -p "$($(1)_DESTDIR)"
if grep -qx CONFIG_MODULES=y "$($(1)_BUILDDIR)/.config"; then \
	$(call linux-make,$(1)) INSTALL_MOD_PATH="$($(1)_DESTDIR)" INSTALL_MOD_STRIP=1 modules_install && \
	rm -f "$($(1)_DESTDIR)"/lib/modules/*/build "$($(1)_DESTDIR)"/lib/modules/*/source; \
fi
endef
LINUX_INSTALL_CMDS = $(call linux-install,LINUX)
