# Build a minimal Linux system (kernel, musl, static busybox, initramfs) and
# boot it in qemu. Settings live in config/; `make help` lists every target.

O ?= out
DL_DIR ?= dl
V ?= 0
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
override O := $(abspath $(O))
override DL_DIR := $(abspath $(DL_DIR))
TOPDIR := $(abspath $(dir $(lastword $(MAKEFILE_LIST))))
export V
# mke2fs, sfdisk and friends live in sbin, which a user's PATH may lack.
export PATH := $(PATH):/usr/sbin:/sbin

include $(TOPDIR)/config/system.mk
include $(TOPDIR)/config/musl.mk
include $(TOPDIR)/config/busybox.mk
include $(TOPDIR)/config/linux.mk
include $(TOPDIR)/config/app.mk
include $(TOPDIR)/config/image.mk
include $(TOPDIR)/config/rootfs.mk
# scripts/mkapp.sh splits these as the shell would: pass them verbatim.
export APP_ARGS APP_ENV

.DEFAULT_GOAL := all
.DELETE_ON_ERROR:
.SUFFIXES:

ifeq ($(V),1)
Q :=
else
Q := @
endif

# One aligned line per step: $(call step,TAG,WHAT), paths shown relative.
step = @printf '  %-8s%s\n' '$(1)' '$(patsubst $(CURDIR)/%,%,$(2))'
# Run a noisy sub-build with its output in $(O)/logs/$(1).log.
logged = $(TOPDIR)/scripts/logged.sh $(O)/logs/$(1).log

STAMPS := $(O)/stamps
SRCDIR := $(O)/src
BUILDDIR := $(O)/build
SYSROOT := $(O)/sysroot
STAGING := $(O)/rootfs
# $(call from_top,PATHS): each path made absolute, relative ones from TOPDIR.
from_top = $(foreach p,$(1),$(if $(filter /%,$(p)),$(p),$(abspath $(TOPDIR)/$(p))))
# The kernel config fragment; LINUX_FRAGMENT=file builds from another one.
LINUX_FRAGMENT ?= config/linux.fragment
override LINUX_FRAGMENT := $(call from_top,$(LINUX_FRAGMENT))
OVERLAY_DIRS := $(call from_top,$(ROOTFS_OVERLAY))
POST_BUILD_FILE := $(call from_top,$(POST_BUILD))
# The permissions table of the staged tree: config/permissions plus homes.
STAGING_TABLE := $(O)/rootfs.permissions
HOSTCC ?= cc
HOST_CFLAGS := -std=c99 -O2 -Wall -Wextra -Werror
MKCPIO := $(O)/host/mkcpio
BZIMAGE := $(O)/bzImage
SYSTEM_INITRAMFS := $(O)/initramfs.cpio.gz
TARGET := $(O)/target
APP_DIR := $(O)/app
APP_INITRAMFS := $(APP_DIR)/initramfs.cpio.gz
APP_FILE := $(if $(APP),$(abspath $(APP)))
# With APP set, the initramfs is the app's, not the busybox system's.
INITRAMFS := $(if $(APP),$(APP_INITRAMFS),$(SYSTEM_INITRAMFS))
RUN_ENV = KERNEL=$(BZIMAGE) QEMU_MEM='$(QEMU_MEM)' ACCEL='$(ACCEL)' HOSTFWD='$(HOSTFWD)' \
	QEMU_OPTS='$(QEMU_OPTS)' KERNEL_CMDLINE='$(KERNEL_CMDLINE)' INITRD=$(INITRAMFS)
ifneq ($(APP),)
ifeq ($(wildcard $(APP_FILE)),)
$(error APP=$(APP): no such file)
endif
endif

SOURCE_DATE_EPOCH ?= $(shell git -C $(TOPDIR) log -1 --format=%ct 2>/dev/null || \
	stat -c %Y $(TOPDIR)/Makefile)
export SOURCE_DATE_EPOCH

# Goals that only read the tree or clean it skip the parse-time work below.
NOBUILD_GOALS := help clean distclean deps
ifneq ($(filter-out $(NOBUILD_GOALS),$(or $(MAKECMDGOALS),all)),)
# $(call record,NAME,TEXT): keep TEXT in $(O)/vars/NAME, rewriting the file
# only when TEXT changed, so targets can depend on settings and on file lists.
# $(file) writes TEXT verbatim, so quotes in settings need no escaping.
$(shell mkdir -p $(O)/vars)
record = $(file >$(O)/vars/$(1).new,$(2))$(shell \
	cmp -s $(O)/vars/$(1).new $(O)/vars/$(1) && rm -f $(O)/vars/$(1).new || \
	mv -f $(O)/vars/$(1).new $(O)/vars/$(1))
# Every file under rootfs/ and the overlays with its mtime and mode, and the
# hook's: an edit, an addition or a removal re-stages the rootfs.
$(call record,rootfs,$(SYSTEM_INIT) [$(OVERLAY_DIRS)] [$(POST_BUILD_FILE)] $(shell cd $(TOPDIR) && \
	find rootfs $(OVERLAY_DIRS) $(POST_BUILD_FILE) -printf '%p %T@ %m %l\n' 2>/dev/null | LC_ALL=C sort))
$(call record,cpio,$(SOURCE_DATE_EPOCH))
$(call record,linux,$(LINUX_FRAGMENT))
$(call record,app,$(SOURCE_DATE_EPOCH) $(APP) $(APP_HOSTNAME) [$(APP_ARGS)] [$(APP_ENV)])
$(call record,run,$(RUN_ENV))
$(call record,image,$(SOURCE_DATE_EPOCH) $(IMAGE_ID) $(ROOTFS_FREE) [$(IMAGE_SIZE)] [$(IMAGE_CMDLINE)])
endif
# Recorded at parse time; missing only if removed since, as by `make clean all`.
$(O)/vars/%: ;

.PHONY: all
all: $(BZIMAGE) $(INITRAMFS) $(if $(APP),$(APP_DIR)/run)

# --- Host dependencies -------------------------------------------------------

.PHONY: deps
deps:
	$(Q)$(TOPDIR)/scripts/deps.sh

# --- Sources -----------------------------------------------------------------
# $(call source,NAME,HASHFILE,DEST,PATCHES): fetch a verified tarball,
# unpack it to DEST and apply PATCHES, then our own patches/NAME/*.patch.
define source
$(1)_PATCHES := $(4) $$(sort $$(wildcard $(TOPDIR)/patches/$(1)/*.patch))
$(STAMPS)/$(1).extracted: $(2) $$(wildcard $(TOPDIR)/config/$(1).mk) \
		$$($(1)_PATCHES) | deps
	$$(call step,SOURCE,$$(notdir $(3)))
	$$(Q)$(TOPDIR)/scripts/extract.sh $(DL_DIR) $(2) $(3) $$($(1)_PATCHES)
	$$(Q)rm -rf $(BUILDDIR)/$(1) $(BUILDDIR)/$(1)-*
	$$(Q)mkdir -p $(STAMPS) && touch $$@
HASHFILES += $(2)
endef

MUSL_SRC := $(SRCDIR)/musl-$(MUSL_VERSION)
BUSYBOX_SRC := $(SRCDIR)/busybox-$(BUSYBOX_VERSION)
BUSYBOX_FIXES_DIR := $(SRCDIR)/busybox-fixes-$(BUSYBOX_FIXES_VERSION)
LINUX_SRC := $(SRCDIR)/linux-$(LINUX_VERSION)

$(eval $(call source,musl,$(TOPDIR)/config/musl.hash,$(MUSL_SRC)))
$(eval $(call source,busybox-fixes,$(TOPDIR)/config/busybox-fixes.hash,$(BUSYBOX_FIXES_DIR)))
$(eval $(call source,linux,$(TOPDIR)/config/linux.hash,$(LINUX_SRC)))
# busybox gets the security fixes first, then our own patches. The fixes
# are files of the busybox-fixes source, there once it is extracted; they
# keep the tarball's old mtimes, so its hash file stands for them.
BUSYBOX_FIX_PATCHES := $(BUSYBOX_FIXES:%=$(BUSYBOX_FIXES_DIR)/patches/%.patch)
$(BUSYBOX_FIX_PATCHES): | $(STAMPS)/busybox-fixes.extracted ;
$(eval $(call source,busybox,$(TOPDIR)/config/busybox.hash,$(BUSYBOX_SRC),$(BUSYBOX_FIX_PATCHES)))
$(STAMPS)/busybox.extracted: $(TOPDIR)/config/busybox-fixes.hash

.PHONY: source
source: | deps
	$(Q)for h in $(HASHFILES); do \
		printf '  %-8s%s\n' FETCH "$$(basename "$$h" .hash)"; \
		$(TOPDIR)/scripts/fetch.sh $(DL_DIR) "$$h" >/dev/null || exit 1; \
	done

# --- Toolchain: musl and the kernel's UAPI headers in a sysroot --------------

MUSL_GCC := $(SYSROOT)/bin/musl-gcc

$(STAMPS)/musl.installed: $(STAMPS)/musl.extracted
	$(call step,BUILD,musl-$(MUSL_VERSION))
	$(Q)rm -rf $(BUILDDIR)/musl $(SYSROOT) && mkdir -p $(BUILDDIR)/musl
	$(Q)cd $(BUILDDIR)/musl && $(call logged,musl) sh -c '\
		$(MUSL_SRC)/configure --prefix=$(SYSROOT) --syslibdir=$(SYSROOT)/lib \
			--disable-shared CC=$(HOSTCC) && \
		$(MAKE) -j$(JOBS) && $(MAKE) install'
	$(Q)touch $@

$(STAMPS)/linux-headers.installed: $(STAMPS)/linux.extracted $(STAMPS)/musl.installed
	$(call step,HEADERS,linux-$(LINUX_VERSION) UAPI)
	$(Q)$(call logged,linux-headers) $(MAKE) -C $(LINUX_SRC) O=$(BUILDDIR)/linux-headers \
		ARCH=$(LINUX_ARCH) INSTALL_HDR_PATH=$(SYSROOT) headers_install
	$(Q)touch $@

.PHONY: toolchain
toolchain: $(STAMPS)/linux-headers.installed

# --- busybox -----------------------------------------------------------------

BUSYBOX_BUILD := $(BUILDDIR)/busybox
BUSYBOX_MAKE = $(MAKE) -C $(BUSYBOX_SRC) O=$(BUSYBOX_BUILD) CC=$(MUSL_GCC) \
	HOSTCC=$(HOSTCC) KCONFIG_NOTIMESTAMP=1

$(STAMPS)/busybox.configured: $(TOPDIR)/config/busybox.config $(STAMPS)/busybox.extracted
	$(call step,CONFIG,busybox)
	$(Q)mkdir -p $(BUSYBOX_BUILD) && cp $< $(BUSYBOX_BUILD)/.config
	$(Q)$(call logged,busybox-config) sh -c 'yes "" | $(BUSYBOX_MAKE) oldconfig'
	$(Q)touch $@

$(STAMPS)/busybox.built: $(STAMPS)/busybox.configured $(STAMPS)/linux-headers.installed \
		$(wildcard $(BUSYBOX_BUILD)/.config)
	$(call step,BUILD,busybox-$(BUSYBOX_VERSION) (fixes: $(BUSYBOX_FIXES)))
	$(Q)$(call logged,busybox) $(BUSYBOX_MAKE) -j$(JOBS) busybox
	$(Q)$(TOPDIR)/scripts/check-static.sh $(BUSYBOX_BUILD)/busybox
	$(Q)touch $@

$(STAMPS)/busybox.installed: $(STAMPS)/busybox.built
	$(call step,INSTALL,busybox)
	$(Q)rm -rf $(BUILDDIR)/busybox-root
	$(Q)$(call logged,busybox-install) $(BUSYBOX_MAKE) \
		CONFIG_PREFIX=$(BUILDDIR)/busybox-root install
	$(Q)touch $@

.PHONY: busybox busybox-menuconfig busybox-saveconfig
busybox: $(STAMPS)/busybox.built

busybox-menuconfig: $(STAMPS)/busybox.configured
	$(Q)$(BUSYBOX_MAKE) menuconfig

# The stamp is touched too: the saved config is the one already in use.
busybox-saveconfig: $(STAMPS)/busybox.configured
	$(call step,SAVE,config/busybox.config)
	$(Q)cp $(BUSYBOX_BUILD)/.config $(TOPDIR)/config/busybox.config
	$(Q)touch $(STAMPS)/busybox.configured

# --- Linux ---------------------------------------------------------------------

LINUX_BUILD := $(BUILDDIR)/linux
MODULES_DIR := $(O)/modules
LINUX_MAKE = $(MAKE) -C $(LINUX_SRC) O=$(LINUX_BUILD) ARCH=$(LINUX_ARCH) \
	KBUILD_BUILD_USER=build KBUILD_BUILD_HOST=minilinux

$(STAMPS)/linux.configured: $(LINUX_FRAGMENT) $(O)/vars/linux $(STAMPS)/linux.extracted
	$(call step,CONFIG,linux-$(LINUX_VERSION))
	$(Q)$(call logged,linux-config) $(LINUX_MAKE) KCONFIG_ALLCONFIG=$(LINUX_FRAGMENT) allnoconfig
	$(Q)$(TOPDIR)/scripts/kconfig-check.sh $(LINUX_FRAGMENT) $(LINUX_BUILD)/.config || \
		{ rm -f $(LINUX_BUILD)/.config; exit 1; }
	$(Q)cp $(LINUX_BUILD)/.config $(BUILDDIR)/linux.config.base
	$(Q)touch $@

# After linux-menuconfig, the edited .config rebuilds the kernel too.
$(BZIMAGE): $(STAMPS)/linux.configured $(wildcard $(LINUX_BUILD)/.config)
	$(call step,BUILD,linux-$(LINUX_VERSION) (a few minutes; log: $(O)/logs/linux.log))
	$(Q)$(call logged,linux) $(LINUX_MAKE) -j$(JOBS) bzImage
	$(Q)cp $(LINUX_BUILD)/$(LINUX_IMAGE) $@.tmp && mv -f $@.tmp $@

# With CONFIG_MODULES=y, the modules and their dependency files (depmod) in
# $(MODULES_DIR)/lib/modules/VERSION, for the rootfs; with it unset, nothing.
# The directory is replaced only when what is in it changed, so a kernel
# rebuild re-stages the rootfs only then.
$(STAMPS)/linux-modules.installed: $(BZIMAGE)
	$(Q)rm -rf $(MODULES_DIR).tmp && mkdir -p $(MODULES_DIR).tmp
	$(Q)if grep -qx CONFIG_MODULES=y $(LINUX_BUILD)/.config; then \
		printf '  %-8s%s\n' MODULES '$(patsubst $(CURDIR)/%,%,$(MODULES_DIR))' && \
		$(call logged,linux-modules) $(LINUX_MAKE) -j$(JOBS) modules && \
		$(call logged,linux-modules-install) $(LINUX_MAKE) INSTALL_MOD_PATH=$(MODULES_DIR).tmp \
			INSTALL_MOD_STRIP=1 modules_install && \
		rm -f $(MODULES_DIR).tmp/lib/modules/*/build $(MODULES_DIR).tmp/lib/modules/*/source; \
	fi
	$(Q)if [ -d $(MODULES_DIR) ] && diff -r $(MODULES_DIR).tmp $(MODULES_DIR) >/dev/null 2>&1; then \
		rm -rf $(MODULES_DIR).tmp; \
	else rm -rf $(MODULES_DIR) && mv $(MODULES_DIR).tmp $(MODULES_DIR); fi
	$(Q)touch $@
$(MODULES_DIR): $(STAMPS)/linux-modules.installed ;

.PHONY: linux linux-menuconfig linux-savedefconfig
linux: $(BZIMAGE)

linux-menuconfig: $(STAMPS)/linux.configured
	$(Q)$(LINUX_MAKE) menuconfig

# Write the edited config back as a fragment: the old fragment with updated
# values, plus every symbol that now differs from what the old fragment gave.
linux-savedefconfig: $(STAMPS)/linux.configured
	$(call step,SAVE,config/linux.fragment)
	$(Q)$(TOPDIR)/scripts/linux-fragment.sh $(LINUX_FRAGMENT) \
		$(BUILDDIR)/linux.config.base $(LINUX_BUILD)/.config >$(LINUX_FRAGMENT).tmp
	$(Q)mv -f $(LINUX_FRAGMENT).tmp $(LINUX_FRAGMENT)

# --- Root filesystem and initramfs ------------------------------------------------

$(MKCPIO): $(TOPDIR)/scripts/mkcpio.c | deps
	$(call step,HOSTCC,$(notdir $@))
	$(Q)mkdir -p $(dir $@) && $(HOSTCC) $(HOST_CFLAGS) -o $@ $<

ifeq ($(SYSTEM_INIT),tiny)
ROOTFS_INIT := $(TARGET)/init
else ifneq ($(SYSTEM_INIT),busybox)
$(error SYSTEM_INIT must be busybox or tiny, not '$(SYSTEM_INIT)')
endif

ROOTFS_CONFIG := $(addprefix $(TOPDIR)/config/,services network users groups permissions)

$(STAMPS)/rootfs.staged: $(STAMPS)/busybox.installed $(O)/vars/rootfs $(ROOTFS_CONFIG) \
		$(ROOTFS_INIT) $(TOPDIR)/scripts/mkrootfs.sh $(TOPDIR)/scripts/mkusers.sh $(MODULES_DIR)
	$(call step,ROOTFS,$(STAGING))
	$(Q)TINY_INIT=$(ROOTFS_INIT) ROOTFS_OVERLAY='$(OVERLAY_DIRS)' POST_BUILD='$(POST_BUILD_FILE)' \
		MODULES=$(MODULES_DIR) \
		$(TOPDIR)/scripts/mkrootfs.sh $(STAGING) $(BUILDDIR)/busybox-root \
		$(TOPDIR)/rootfs $(TOPDIR)/config $(TOPDIR)/config/permissions
	$(Q)touch $@

# $(call pack,TREE,TABLE,OUTPUT): a deterministic gzipped newc archive.
define pack
	$(call step,CPIO,$(3))
	$(Q)$(MKCPIO) -t $(SOURCE_DATE_EPOCH) -p $(2) -o $(3:.gz=) $(1)
	$(Q)gzip -n -9 -c $(3:.gz=) >$(3).tmp && mv -f $(3).tmp $(3)
endef

$(SYSTEM_INITRAMFS): $(STAMPS)/rootfs.staged $(MKCPIO) $(O)/vars/cpio
	$(call pack,$(STAGING),$(STAGING_TABLE),$@)

.PHONY: rootfs initramfs
rootfs: $(STAMPS)/rootfs.staged
initramfs: $(INITRAMFS)

# --- Disk image -----------------------------------------------------------------

DISK := $(O)/disk.img
ROOTFS_EXT4 := $(O)/rootfs.ext4

$(ROOTFS_EXT4): $(STAMPS)/rootfs.staged $(MKCPIO) $(O)/vars/image
	$(call step,EXT4,$@)
	$(Q)MKCPIO=$(MKCPIO) $(TOPDIR)/scripts/mkext4.sh $(STAGING) $(STAGING_TABLE) \
		$@ '$(ROOTFS_FREE)' "$$($(TOPDIR)/scripts/uuid.sh '$(IMAGE_ID)' root-fs)" \
		$(SOURCE_DATE_EPOCH)

$(DISK): $(ROOTFS_EXT4) $(BZIMAGE) $(O)/vars/image
	$(call step,IMAGE,$@)
	$(Q)IMAGE_SIZE='$(IMAGE_SIZE)' IMAGE_CMDLINE='$(IMAGE_CMDLINE)' \
		$(TOPDIR)/scripts/mkimage.sh $@ $(BZIMAGE) $(ROOTFS_EXT4) '$(IMAGE_ID)'

$(O)/disk.qcow2: $(DISK)
	$(call step,QCOW2,$@)
	$(Q)qemu-img convert -f raw -O qcow2 $< $@.tmp && mv -f $@.tmp $@

ifeq ($(filter raw qcow2,$(IMAGE_FORMAT)),)
$(error IMAGE_FORMAT must be raw or qcow2, not '$(IMAGE_FORMAT)')
endif

.PHONY: image run-image
image: $(DISK) $(if $(filter qcow2,$(IMAGE_FORMAT)),$(O)/disk.qcow2)

# Boots the image itself, with no -kernel: the bootloader is really used.
run-image: image
	$(Q)DISK=$(if $(filter qcow2,$(IMAGE_FORMAT)),$(O)/disk.qcow2,$(DISK)) \
		FIRMWARE='$(FIRMWARE)' OVMF='$(OVMF)' QEMU_MEM='$(QEMU_MEM)' ACCEL='$(ACCEL)' \
		HOSTFWD='$(HOSTFWD)' \
		QEMU_OPTS='$(QEMU_OPTS)' $(TOPDIR)/scripts/run-qemu.sh

# --- Programs for the target, and app mode -----------------------------------------

TARGET_CFLAGS := -std=c99 -Os -Wall -Wextra -Werror -static -s

# $(call target-prog,NAME,SOURCES): a static program linked against musl.
define target-prog
$(TARGET)/$(1): $(2) $(TOPDIR)/src/initlib.h $(STAMPS)/linux-headers.installed
	$$(call step,CC,$$(patsubst $(TOPDIR)/%,%,$(2)))
	$$(Q)mkdir -p $(TARGET) && $(MUSL_GCC) $(TARGET_CFLAGS) -o $$@.tmp $(2)
	$$(Q)mv -f $$@.tmp $$@
endef
$(eval $(call target-prog,init,$(TOPDIR)/src/init.c $(TOPDIR)/src/initlib.c))
$(eval $(call target-prog,hello,$(TOPDIR)/src/hello.c))
$(eval $(call target-prog,probe,$(TOPDIR)/tests/apps/probe.c))

$(APP_INITRAMFS): $(APP_FILE) $(TARGET)/init $(MKCPIO) $(TOPDIR)/config/app-permissions \
		$(O)/vars/app
	$(call step,APP,$(APP))
	$(Q)$(TOPDIR)/scripts/mkapp.sh $(APP_DIR)/rootfs $(TARGET)/init '$(APP_FILE)' \
		'$(APP_HOSTNAME)'
	$(call pack,$(APP_DIR)/rootfs,$(TOPDIR)/config/app-permissions,$@)

# A script that boots the app with the current qemu settings and exits
# with the app's status.
$(APP_DIR)/run: $(O)/vars/run
	$(call step,GEN,$@)
	$(Q)mkdir -p $(APP_DIR) && printf '#!/bin/sh\n# Boot the app; exit with its status.\n%s\n' \
		"$(RUN_ENV) APP_STATUS=1 exec $(TOPDIR)/scripts/run-qemu.sh \"\$$@\"" >$@.tmp
	$(Q)chmod +x $@.tmp && mv -f $@.tmp $@

.PHONY: app
app: $(APP_INITRAMFS) $(APP_DIR)/run

# --- Running -----------------------------------------------------------------------


# In app mode, make reports the app's status as "Error N"; $(O)/app/run
# returns it as its own exit status.
.PHONY: run
run: all
	$(Q)$(RUN_ENV) $(if $(APP),APP_STATUS=1) $(TOPDIR)/scripts/run-qemu.sh

# --- Tests and figures -------------------------------------------------------------

.PHONY: test test-unit test-boot test-app test-modules bench
TEST_ENV = $(RUN_ENV) O=$(O) DL_DIR=$(DL_DIR) LINUX_VERSION=$(LINUX_VERSION) \
	BUSYBOX=$(BUSYBOX_BUILD)/busybox MKCPIO=$(MKCPIO)

test: all $(MKCPIO)
	$(Q)$(TEST_ENV) $(TOPDIR)/tests/run.sh

test-unit test-boot test-app test-modules: all $(MKCPIO)
	$(Q)$(TEST_ENV) $(TOPDIR)/tests/run.sh $(@:test-%=%)

bench: all
	$(Q)$(RUN_ENV) O=$(O) DL_DIR=$(DL_DIR) $(TOPDIR)/tests/bench.sh

# --- Cleaning and help -------------------------------------------------------------

.PHONY: clean distclean help
clean:
	$(call step,CLEAN,$(O))
	$(Q)rm -rf $(O)

distclean: clean
	$(call step,CLEAN,$(DL_DIR))
	$(Q)rm -rf $(DL_DIR)

help:
	@sed -n 's/^#h \{0,1\}//p' $(TOPDIR)/Makefile

#h Usage: make [TARGET] [VARIABLE=value ...]
#h
#h Building:
#h   all (default)        kernel and initramfs: out/bzImage, out/initramfs.cpio.gz
#h   source               fetch and verify every source tarball, for offline builds
#h   toolchain            musl and the kernel UAPI headers in out/sysroot
#h   busybox              static busybox linked against musl
#h   linux                the kernel only
#h   rootfs               stage the root filesystem in out/rootfs
#h   initramfs            pack the staged rootfs into a gzipped newc cpio
#h   deps                 check host tools; install missing ones when allowed
#h
#h Configuring:
#h   linux-menuconfig     edit the kernel config
#h   linux-savedefconfig  write the edited kernel config to config/linux.fragment
#h   busybox-menuconfig   edit the busybox config
#h   busybox-saveconfig   write the edited busybox config to config/busybox.config
#h
#h Running and testing:
#h   run                  boot in qemu on this terminal (quit: Ctrl-A X, or poweroff)
#h   image                out/disk.img: GPT disk, ESP + ext4 root, boots on BIOS and UEFI
#h   run-image            boot out/disk.img through its bootloader (FIRMWARE=bios|uefi)
#h   app                  with APP=: the app-mode initramfs, and out/app/run to boot it
#h   test                 unit tests, then boot tests that log in and check the guest
#h   test-unit            unit tests only (they need a built tree)
#h   test-boot            boot tests only
#h   test-app             app-mode tests only
#h   test-modules         build a kernel with one module and modprobe it in the guest
#h   bench                print build times, sizes and boot times
#h
#h Cleaning:
#h   clean                remove the output dir; keep downloads
#h   distclean            remove the output dir and the download cache
#h   help                 this text
#h
#h Variables (defaults in config/system.mk):
#h   O=dir                output dir (default: out)
#h   DL_DIR=dir           download cache (default: dl)
#h   V=1                  show full commands and sub-build output
#h   JOBS=n               parallel jobs in sub-builds (default: nproc)
#h   QEMU_MEM=256M        guest memory
#h   ACCEL=auto|kvm|tcg   qemu acceleration (auto: KVM only with kvm_intel/kvm_amd)
#h   QEMU_OPTS=...        extra qemu options
#h   HOSTFWD=tcp::8080-:80  host port forwards, bound to 127.0.0.1 unless given
#h   KERNEL_CMDLINE=...   kernel command line
#h   LINUX_FRAGMENT=file  kernel config fragment (default: config/linux.fragment)
#h   SOURCE_DATE_EPOCH=n  timestamp for the archive (default: last commit)
#h   APP=path             app mode: this static program is the whole userland
#h   APP_ARGS=... APP_ENV=...  its arguments and KEY=VALUE environment
#h   APP_HOSTNAME=name    its hostname (default: app)
#h   SYSTEM_INIT=tiny     run the busybox system with src/init.c, not busybox init
#h   ROOTFS_OVERLAY=dirs  directories copied over rootfs/, in order (config/rootfs.mk)
#h   POST_BUILD=script    run on the staged rootfs before packing (config/rootfs.mk)
#h   IMAGE_SIZE=MiB       disk image size (default: from content plus ROOTFS_FREE)
#h   ROOTFS_FREE=MiB      free space in the image's root filesystem (default: 8)
#h   IMAGE_FORMAT=qcow2   also write out/disk.qcow2
#h   IMAGE_ID=seed        seed of the image's UUIDs (default: minilinux)
#h   IMAGE_CMDLINE=...    kernel command line in the image's boot config
#h   FIRMWARE=bios|uefi   firmware for run-image
