# Build a minimal Linux system (kernel, musl, static busybox, initramfs) for
# one architecture and boot it in qemu. Settings live in config/; packages
# in config/packages/, architectures in config/arch/. `make help` lists
# every target.

O ?= out
DL_DIR ?= dl
V ?= 0
TOPDIR := $(abspath $(dir $(lastword $(MAKEFILE_LIST))))
# Every setting is checked before anything is created (scripts/checks.mk).
include $(TOPDIR)/scripts/checks.mk
$(call check-path,O,$(O))
$(call check-path,DL_DIR,$(DL_DIR))
override O := $(abspath $(O))
override DL_DIR := $(abspath $(DL_DIR))
$(call check-out-dir,O,$(O))
$(call check-out-dir,DL_DIR,$(DL_DIR))
$(if $(filter $(O),$(DL_DIR)),$(error O and DL_DIR are both $(O): make clean would empty the download cache))
export V
# mke2fs, sfdisk and friends live in sbin, which a user's PATH may lack.
export PATH := $(PATH):/usr/sbin:/sbin
# The sub-builds (kernel, busybox, musl, ...) are other projects' Makefiles:
# our command-line settings, ARCH and O above all, must not reach them,
# neither on their command line nor in their environment (ARCH, O and
# CROSS_COMPILE are unexported once set: unexport alone defines a variable).
MAKEOVERRIDES :=

# --- Architecture --------------------------------------------------------------
# One file per architecture, config/arch/NAME.mk (documented in
# config/arch/README), over the defaults of config/arch.mk. The default
# architecture is the host's, or x86_64.
ARCHES := $(sort $(basename $(notdir $(wildcard $(TOPDIR)/config/arch/*.mk))))
HOST_ARCH := $(patsubst armv7l,armv7,$(shell uname -m))
ARCH ?= $(or $(filter $(HOST_ARCH),$(ARCHES)),x86_64)
ifeq ($(filter $(ARCH),$(ARCHES)),)
$(error ARCH=$(ARCH): no such architecture; one of: $(ARCHES))
endif
include $(TOPDIR)/config/arch.mk
include $(TOPDIR)/config/arch/$(ARCH).mk
unexport ARCH O CROSS_COMPILE

include $(TOPDIR)/config/system.mk
include $(TOPDIR)/config/app.mk
include $(TOPDIR)/config/image.mk
include $(TOPDIR)/config/rootfs.mk
# scripts/mkapp.sh splits these as the shell would: pass them verbatim.
export APP_ARGS APP_ENV

# --- Settings checked before anything is built (scripts/checks.mk) ------------
ifneq ($(origin JOBS),undefined)
$(call check-number,JOBS,$(JOBS),1,256)
endif
$(call check-number,ROOTFS_FREE,$(ROOTFS_FREE),0,65536)
$(if $(IMAGE_SIZE),$(call check-number,IMAGE_SIZE,$(IMAGE_SIZE),1,65536))
$(call check-mem,QEMU_MEM,$(QEMU_MEM),$(QEMU_MEM_MIN))
$(foreach v,ROOTFS_OVERLAY POST_BUILD APP LINUX_FRAGMENT SIZE_BUDGET SIZE_BASE,\
	$(foreach p,$($(v)),$(call check-path,$(v),$(p))))
$(call check-word,IMAGE_ID,$(IMAGE_ID))
$(call check-word,APP_HOSTNAME,$(APP_HOSTNAME))
# Names the disk image's scripts write: a file name in the ESP, a GUID.
$(if $(EFI_BOOT_FILE),$(call check-file-name,EFI_BOOT_FILE,$(EFI_BOOT_FILE)))
$(if $(ROOT_PART_TYPE),$(call check-word,ROOT_PART_TYPE,$(ROOT_PART_TYPE)))
$(foreach v,KERNEL_CMDLINE IMAGE_CMDLINE QEMU_OPTS BOOTCHART_CMDLINE SSH_ARGS SSH_COMMAND,\
	$(call check-text,$(v),$($(v))))
$(call check-hostfwd,$(HOSTFWD))
$(if $(filter 0 1,$(GDB)),,$(error GDB must be 0 or 1, not '$(GDB)'))
$(if $(filter 0 1,$(SHARE_RW)),,$(error SHARE_RW must be 0 or 1, not '$(SHARE_RW)'))
$(if $(SHARE),$(call check-path,SHARE,$(SHARE)))
$(if $(and $(SHARE),$(APP)),$(error SHARE=dir is mounted by the system's rcS: an app (APP=) has none))
$(call check-number,GDB_PORT,$(GDB_PORT),1024,65535)
$(call check-word,GDB_PROGRAM,$(GDB_PROGRAM))
$(foreach v,GDB_SCRIPT VMLINUX,$(if $($(v)),$(call check-path,$(v),$($(v)))))
$(if $(filter 0 1,$(NET_RESTRICT)),,$(error NET_RESTRICT must be 0 or 1, not '$(NET_RESTRICT)'))
CVE_FAIL ?= 0
$(if $(filter 0 1,$(CVE_FAIL)),,$(error CVE_FAIL must be 0 or 1, not '$(CVE_FAIL)'))
# Before the build that precedes a boot: each rule's parts, and its port free.
ifneq ($(filter run run-image,$(MAKECMDGOALS)),)
HOSTFWD_ERROR := $(if $(HOSTFWD),$(shell $(TOPDIR)/scripts/hostfwd.sh --check $(HOSTFWD) 2>&1))
$(if $(HOSTFWD_ERROR),$(error $(HOSTFWD_ERROR)))
endif

# --- Compilers: ccache and distcc ----------------------------------------------
# Every sub-build finds gcc, cc and the cross gcc first in $(OUT)/cc, where
# scripts/cc-launchers.sh links them to ccache and/or distcc (CCACHE,
# DISTCC_HOSTS: config/system.mk). Command lines stay the same, and so do
# the objects: switching either on or off rebuilds nothing.
ifeq ($(filter auto 0 1,$(CCACHE)),)
$(error CCACHE must be auto, 0 or 1, not '$(CCACHE)')
endif
LAUNCHERS := $(O)/$(ARCH)/cc
LAUNCHER_NAMES = $(sort gcc cc $(CROSS_COMPILE)gcc $(filter-out %/%,$(HOSTCC)))
# Only this build's: another's, as a make that the tests run inherits, would
# route its compiles too (distcc, then that build's ccache, then distcc).
PATH_SANS_LAUNCHERS := $(shell p='$(PATH)'; IFS=:; for d in $$p; do \
	[ -e "$$d/.cc-launchers" ] || printf '%s:' "$$d"; done | sed 's/:$$//')
export PATH := $(LAUNCHERS):$(PATH_SANS_LAUNCHERS)
# The cache survives make clean. ccache makes paths under O relative before
# hashing, so a build in another O (make repro-check's) can hit it. It knows
# the compiler, and musl-gcc's specs file, by content: the specs file is
# written anew by each musl install, and its time would miss every compile.
# Its depend mode takes the headers from the compiler's -MD file instead of
# running the preprocessor first: a cold kernel build takes 8 % longer than
# without ccache, not 24 %.
CCACHE_DIR ?= $(DL_DIR)/ccache
CCACHE_BASEDIR ?= $(O)
CCACHE_COMPILERCHECK ?= content
CCACHE_DEPEND ?= 1
export CCACHE_DIR CCACHE_BASEDIR CCACHE_COMPILERCHECK CCACHE_DEPEND
ifneq ($(strip $(DISTCC_HOSTS)),)
export DISTCC_HOSTS
export CCACHE_PREFIX := distcc
# distcc's state, which it would keep in ~/.distcc.
export DISTCC_DIR := $(O)/distcc
endif
# Jobs: the hosts' slots with distcc, else one per core.
ifeq ($(origin JOBS),undefined)
JOBS := $(or $(if $(strip $(DISTCC_HOSTS)),$(shell DISTCC_HOSTS='$(DISTCC_HOSTS)' distcc -j 2>/dev/null)),$(shell nproc 2>/dev/null),2)
endif

.DEFAULT_GOAL := all
.DELETE_ON_ERROR:
.SUFFIXES:

ifeq ($(V),1)
Q :=
else
Q := @
endif

# One aligned line per step: $(call step,TAG,WHAT), paths shown relative.
step = @printf '  %-8s%s\n' '$(1)' '$(patsubst $(CURDIR)/%,%,$(2))'$(if $(filter 2,$(V)),; printf '  %-8s%s\n' \
	WHY '$(why)')
# Why a step runs (V=2), as make decided it: its target is missing, or
# these prerequisites are newer.
why = $(if $(wildcard $@),$(subst $(space),$(comma) ,$(strip $(patsubst $(CURDIR)/%,%,$?))) \
	$(if $(filter 1,$(words $?)),is,are) newer than $(@:$(CURDIR)/%=%),$(@:$(CURDIR)/%=%) is missing)
# Run a noisy sub-build with its output in $(OUT)/logs/$(1).log.
logged = $(TOPDIR)/scripts/logged.sh $(OUT)/logs/$(1).log

# Shared by every architecture: sources, host tools, recorded identities.
SRCDIR := $(O)/src
SRCSTAMPS := $(O)/stamps
VARS := $(O)/vars
# This architecture's tree.
OUT := $(O)/$(ARCH)
OUTVARS := $(OUT)/vars
STAMPS := $(OUT)/stamps
BUILDDIR := $(OUT)/build
SYSROOT := $(OUT)/sysroot
STAGING := $(OUT)/rootfs
# $(call from_top,PATHS): each path made absolute, relative ones from TOPDIR.
from_top = $(foreach p,$(1),$(if $(filter /%,$(p)),$(p),$(abspath $(TOPDIR)/$(p))))
# The kernel config: the common fragment (LINUX_FRAGMENT=file builds from
# another one), then the architecture's. What disk images need comes between
# them, unless the architecture gives disk images a kernel of their own
# (DISK_KERNEL = separate; package linux-disk).
LINUX_FRAGMENT ?= config/linux.fragment
override LINUX_FRAGMENT := $(call from_top,$(LINUX_FRAGMENT))
# DISK_KERNEL is the architecture's (or the command line's), never the
# environment's.
ifeq ($(origin DISK_KERNEL),environment)
DISK_KERNEL :=
endif
# Modules must be built by the kernel that loads them: with CONFIG_MODULES=y
# in a fragment, the disk image gets the one kernel, whose modules the
# rootfs holds.
ifneq ($(DISK_KERNEL),)
ifneq ($(shell grep -sx 'CONFIG_MODULES=y' $(LINUX_FRAGMENT) $(TOPDIR)/config/arch/$(ARCH).fragment),)
DISK_KERNEL :=
endif
endif
DISK_FRAGMENTS = $(TOPDIR)/config/linux-disk.fragment $(TOPDIR)/config/linux-share.fragment \
	$(wildcard $(TOPDIR)/config/arch/$(ARCH).disk.fragment)
LINUX_DISK_FRAGMENTS = $(LINUX_FRAGMENT) $(DISK_FRAGMENTS) $(TOPDIR)/config/arch/$(ARCH).fragment
DEBUG_FRAGMENT = $(if $(filter 1,$(DEBUG)),$(TOPDIR)/config/linux-debug.fragment)
LINUX_DISK_FRAGMENTS += $(DEBUG_FRAGMENT)
ifeq ($(DISK_KERNEL),separate)
LINUX_FRAGMENTS = $(LINUX_FRAGMENT) $(TOPDIR)/config/arch/$(ARCH).fragment $(DEBUG_FRAGMENT)
else ifeq ($(DISK_KERNEL),)
LINUX_FRAGMENTS = $(LINUX_DISK_FRAGMENTS)
else
$(error DISK_KERNEL (config/arch/$(ARCH).mk) must be separate or empty, not '$(DISK_KERNEL)')
endif
OVERLAY_DIRS := $(call from_top,$(ROOTFS_OVERLAY))
POST_BUILD_FILE := $(call from_top,$(POST_BUILD))
# The permissions table of the staged tree: config/permissions plus homes.
STAGING_TABLE := $(OUT)/rootfs.permissions
HOSTCC ?= cc
HOST_CFLAGS := -std=c99 -O2 -Wall -Wextra -Werror
HOST_TRIPLE := $(shell $(HOSTCC) -dumpmachine 2>/dev/null)
MKCPIO := $(O)/host/mkcpio
KERNEL_FILE := $(OUT)/$(notdir $(LINUX_IMAGE))
# What make run and the boot tests give qemu: the architecture's RUN_KERNEL
# (x86_64: vmlinux, stripped, booted through PVH), else the image.
RUN_KERNEL_FILE := $(if $(RUN_KERNEL),$(OUT)/$(notdir $(RUN_KERNEL)),$(KERNEL_FILE))
# What make image puts on the disk: linux-disk's image, or the one kernel.
DISK_KERNEL_FILE := $(if $(DISK_KERNEL),$(OUT)/disk/$(notdir $(LINUX_IMAGE)),$(KERNEL_FILE))
# KERNEL=path, on the command line only (the tests export KERNEL for
# run-qemu.sh): make run boots this prebuilt kernel, a developer's own, with
# the built initramfs, and builds no kernel. scripts/kernel-check.sh checks
# it first (config/linux.needs). Never a make target: nothing writes it.
ifeq ($(origin KERNEL),command line)
$(call check-path,KERNEL,$(KERNEL))
USER_KERNEL := $(call from_top,$(KERNEL))
$(if $(filter-out all run gdb,$(or $(MAKECMDGOALS),all)),$(error KERNEL=path is for make run and make gdb \
	only; the other targets use the kernel built here))
else
USER_KERNEL :=
endif
KERNEL_CONFIG ?=
# LINUX_SRC=dir: the kernel is built from this tree (config/packages/linux.mk).
# Its checks: a kernel tree, for this architecture, never configured in
# place (kbuild then refuses to build it out of tree).
ifneq ($(LINUX_SRC),)
$(call check-path,LINUX_SRC,$(LINUX_SRC))
override LINUX_SRC := $(call from_top,$(LINUX_SRC))
$(if $(wildcard $(LINUX_SRC)/.),,$(error LINUX_SRC=$(LINUX_SRC): no such directory))
$(if $(wildcard $(LINUX_SRC)/Kconfig),,$(error LINUX_SRC=$(LINUX_SRC): not a kernel source tree (no Kconfig at its top)))
$(if $(wildcard $(LINUX_SRC)/$(dir $(LINUX_IMAGE))),,$(error LINUX_SRC=$(LINUX_SRC): the tree has no \
	$(dir $(LINUX_IMAGE)), where ARCH=$(ARCH)'s $(notdir $(LINUX_IMAGE)) is built))
$(if $(wildcard $(LINUX_SRC)/.config $(LINUX_SRC)/include/config),$(error LINUX_SRC=$(LINUX_SRC) has been \
	configured in place (.config, include/config): kbuild builds out of tree only from a clean tree; \
	make -C $(LINUX_SRC) mrproper cleans it (its .config too: save it first)))
$(if $(USER_KERNEL),$(error KERNEL=path boots a prebuilt kernel and LINUX_SRC=dir builds one: give one of them))
$(if $(filter legal-info,$(MAKECMDGOALS)),$(error make legal-info gives the pinned sources; with LINUX_SRC=dir \
	the kernel is built from your tree, whose source is yours to give))
endif
$(if $(filter 0 1,$(DEBUG)),,$(error DEBUG must be 0 or 1, not '$(DEBUG)'))
override VMLINUX := $(if $(VMLINUX),$(call from_top,$(VMLINUX)))
override SHARE := $(if $(SHARE),$(call from_top,$(SHARE)))
$(if $(SHARE),$(if $(wildcard $(SHARE)/.),,$(error SHARE=$(SHARE): no such directory)))
$(if $(KERNEL_CONFIG),$(call check-path,KERNEL_CONFIG,$(KERNEL_CONFIG)))
override KERNEL_CONFIG := $(if $(KERNEL_CONFIG),$(call from_top,$(KERNEL_CONFIG)))
# What make run boots: the developer's kernel, or the built one; with
# SHARE, the one with the disk fragments, which has 9p (linux-share.fragment).
BOOT_KERNEL := $(or $(USER_KERNEL),$(if $(SHARE),$(DISK_KERNEL_FILE),$(RUN_KERNEL_FILE)))
SYSTEM_INITRAMFS := $(OUT)/initramfs.cpio.gz
# The build's model, which the reports and the tests read (scripts/info.mk).
INFO := $(OUT)/info.json
TARGET := $(OUT)/target
APP_DIR := $(OUT)/app
APP_INITRAMFS := $(APP_DIR)/initramfs.cpio.gz
APP_FILE := $(if $(APP),$(abspath $(APP)))
# With APP set, the initramfs is the app's, not the busybox system's.
INITRAMFS := $(if $(APP),$(APP_INITRAMFS),$(SYSTEM_INITRAMFS))
QEMU_ENV = QEMU='$(QEMU)' QEMU_MACHINE='$(QEMU_MACHINE)' QEMU_CPU='$(QEMU_CPU)' \
	QEMU_DEVICES='$(QEMU_DEVICES)' APP_EXIT='$(APP_EXIT)' UNAME_M=$(UNAME_M) QEMU_MEM='$(QEMU_MEM)' \
	ACCEL='$(ACCEL)' HOSTFWD='$(HOSTFWD)' NET_RESTRICT=$(NET_RESTRICT) QEMU_OPTS='$(QEMU_OPTS)' \
	SHARE=$(SHARE) SHARE_RW=$(SHARE_RW)
RUN_ENV = $(QEMU_ENV) KERNEL=$(BOOT_KERNEL) KERNEL_CMDLINE='$(KERNEL_CMDLINE)' INITRD=$(INITRAMFS)
ifneq ($(filter app,$(MAKECMDGOALS)),)
ifeq ($(APP),)
$(error make app: APP is not set: give the static program that is to be the whole userland, \
	as in make app APP=path/to/program (docs/app-mode.md))
endif
endif
ifneq ($(APP),)
ifeq ($(wildcard $(APP_FILE)),)
$(error APP=$(APP): no such file)
endif
# Before the long build, not after it.
APP_ERROR := $(shell $(TOPDIR)/scripts/check-static.sh $(APP_FILE) 2>&1)
$(if $(APP_ERROR),$(error APP=$(APP): app mode has no shared libraries: link it statically, with this \
	build's $(SYSROOT:$(CURDIR)/%=%)/bin/musl-gcc -static (made by make toolchain), or CGO_ENABLED=0 for Go \
	($(APP_ERROR))))
endif

# The toolchain: the distribution's cross compiler, and musl built with it.
TARGET_CROSS := $(CROSS_COMPILE)
TARGET_TRIPLE := $(patsubst %-,%,$(CROSS_COMPILE))
TARGET_CC := $(SYSROOT)/bin/musl-gcc
TARGET_PKG_CFLAGS := -Os

# Simply expanded (:=): exported, a recursive one would run git for every
# recipe's shell.
ifeq ($(origin SOURCE_DATE_EPOCH),undefined)
SOURCE_DATE_EPOCH := $(shell git -C $(TOPDIR) log -1 --format=%ct 2>/dev/null || \
	stat -c %Y $(TOPDIR)/Makefile)
endif
export SOURCE_DATE_EPOCH
$(call check-number,SOURCE_DATE_EPOCH,$(SOURCE_DATE_EPOCH),0,4294967295)
# The kernel's build time, which uname -v shows: SOURCE_DATE_EPOCH when it is
# given; otherwise the last commit that changed what the kernel is built
# from, so that other commits do not rebuild it. Exported, so that a make
# run by the tests agrees.
ifeq ($(origin LINUX_BUILD_EPOCH),undefined)
ifneq ($(filter environment command,$(firstword $(origin SOURCE_DATE_EPOCH))),)
LINUX_BUILD_EPOCH := $(SOURCE_DATE_EPOCH)
else
LINUX_BUILD_EPOCH := $(or $(shell git -C $(TOPDIR) log -1 --format=%ct -- \
	config/packages/linux.mk config/packages/linux.hash config/arch/$(ARCH).mk \
	$(LINUX_FRAGMENTS) patches/linux 2>/dev/null),$(SOURCE_DATE_EPOCH))
endif
endif
export LINUX_BUILD_EPOCH
LINUX_BUILD_TIMESTAMP := $(shell LC_ALL=C date -u -d @$(LINUX_BUILD_EPOCH) '+%a %b %e %H:%M:%S UTC %Y')

# The records: what each step is made from, as text, in O/vars (shared) and
# OUT/vars. Each is a target that every make considers and that is
# rewritten only when its text changed (kbuild's filechk), so that a step
# depends on settings, commands and file lists as on files. Parsing writes
# nothing, nor does make -n. V=2 says which record changed, and why each
# step ran.
dry-run := $(findstring n,$(firstword -$(MAKEFLAGS)))
# Always out of date, as kbuild's FORCE: no recipe, no file of that name.
FORCE:
# $(call filechk,TEXT): a record's recipe. $(file) writes TEXT verbatim, so
# quotes in settings need no escaping.
define filechk
	$(if $(dry-run),,$(shell mkdir -p $(@D))$(file >$@.new,$(1)))
	$(Q)if cmp -s $@.new $@; then rm -f $@.new; else $(if $(filter 2,$(V)),printf '  %-8s%s\n' WHY \
		'$(@:$(CURDIR)/%=%) changed'; )mv -f $@.new $@; fi
endef
# The cross compiler's identity, asked once, when a record first needs it:
# after deps, which may have just installed it.
TOOLCHAIN_ID = $(eval TOOLCHAIN_ID := $(shell $(CROSS_COMPILE)gcc --version 2>/dev/null | head -n 1))$(TOOLCHAIN_ID)
# Every file under rootfs/ and the overlays with its mtime and mode, and the
# hook's: an edit, an addition or a removal re-stages the rootfs.
$(OUTVARS)/rootfs: FORCE | deps
	$(call filechk,$(SYSTEM_INIT) [$(PACKAGES)] [$(OVERLAY_DIRS)] [$(POST_BUILD_FILE)] \
	$(shell cd $(TOPDIR) && find rootfs $(OVERLAY_DIRS) $(POST_BUILD_FILE) -printf '%p %T@ %m %l\n' \
	2>/dev/null | LC_ALL=C sort))
$(OUTVARS)/cpio: FORCE | deps
	$(call filechk,$(SOURCE_DATE_EPOCH))
$(OUTVARS)/toolchain: FORCE | deps
	$(call filechk,$(CROSS_COMPILE) $(TOOLCHAIN_ID))
# The launchers: what is asked for and what is installed.
$(OUTVARS)/launchers: FORCE | deps
	$(call filechk,$(CCACHE) [$(strip $(DISTCC_HOSTS))] $(LAUNCHER_NAMES) \
	$(shell command -v ccache distcc 2>/dev/null))
$(OUTVARS)/app: FORCE | deps
	$(call filechk,$(SOURCE_DATE_EPOCH) $(APP) $(APP_HOSTNAME) [$(APP_ARGS)] [$(APP_ENV)])
$(OUTVARS)/run: FORCE | deps
	$(call filechk,$(RUN_ENV))
$(OUTVARS)/image: FORCE | deps
	$(call filechk,$(SOURCE_DATE_EPOCH) $(IMAGE_ID) $(ROOTFS_FREE) [$(IMAGE_SIZE)] \
	[$(IMAGE_CMDLINE)] $(IMAGE_BOOT) $(EFI_BOOT_FILE) $(ROOT_PART_TYPE))

# The packages' files are checked as make reads them (scripts/package.mk),
# except for the goals that must work whatever they say: cleaning, help,
# and make bump, which mends a pin.
NOCHECK_GOALS := help clean distclean clean-downloads bump
PKG_CHECK := $(filter-out $(NOCHECK_GOALS),$(or $(MAKECMDGOALS),all))

.PHONY: all
all: $(if $(USER_KERNEL),,$(KERNEL_FILE) $(RUN_KERNEL_FILE) $(if $(SHARE),$(DISK_KERNEL_FILE))) $(INITRAMFS) $(if $(APP),$(APP_DIR)/run)

# --- Host dependencies -------------------------------------------------------

.PHONY: deps test-deps
# make size and make bootchart draw with gnuplot and check the SVG with
# xmllint; bloat-o-meter is python. The tests need those too, and clang,
# for the fuzz harnesses (libFuzzer), node and npm, for the SBOM's
# validator, jsonschema for info.json's, and ccache and distcc (its
# distccd), which they build through.
FIGURE_DEPS := gnuplot:gnuplot-nox xmllint:libxml2-utils python3:python3
# make gdb's debugger (config/system.mk's GDB_PROGRAM), which the dev tests use.
GDB_DEPS := gdb-multiarch:gdb-multiarch
TEST_DEPS := clang:clang node:nodejs npm:npm ccache:ccache distccd:distcc jsonschema:python3-jsonschema \
	$(GDB_DEPS) $(FIGURE_DEPS)
CC_DEPS := $(if $(filter 1,$(CCACHE)),ccache:ccache) $(if $(strip $(DISTCC_HOSTS)),distcc:distcc)
deps:
	$(Q)DEPS_LOG=$(OUT)/logs/deps.log $(TOPDIR)/scripts/deps.sh $(ARCH_DEPS) $(CC_DEPS) \
		$(if $(filter test check test-unit test-check test-distcc fuzz test-deps,$(or $(MAKECMDGOALS),all)),$(TEST_DEPS)) \
		$(if $(filter size bootchart,$(MAKECMDGOALS)),$(FIGURE_DEPS)) \
		$(if $(filter gdb,$(MAKECMDGOALS)),$(GDB_DEPS))
# Before make test, so that its own build already finds them (ccache).
test-deps: deps
# Every architecture's tools and the tests', in one apt call (as CI wants
# them): each architecture's ARCH_DEPS from a make of its own. (Through
# arch-deps-of, not $(MAKE) in the recipe, which make -n would run.)
.PHONY: deps-all arch-deps
arch-deps-of = $(MAKE) -s --no-print-directory -f $(TOPDIR)/Makefile arch-deps ARCH=$(1) O=$(O)
deps-all:
	$(Q)set -e; d=; $(foreach a,$(ARCHES),d="$$d $$($(call arch-deps-of,$(a)))";) \
		DEPS_LOG=$(O)/logs/deps.log $(TOPDIR)/scripts/deps.sh $(CC_DEPS) $(TEST_DEPS) $$d
arch-deps:
	@echo $(ARCH_DEPS)

# The links in $(LAUNCHERS). Every step that compiles waits for them; they
# change no output, so nothing is redone when they change.
LAUNCHER_STAMP := $(STAMPS)/launchers
$(LAUNCHER_STAMP): $(OUTVARS)/launchers $(TOPDIR)/scripts/cc-launchers.sh | deps
	$(Q)$(TOPDIR)/scripts/cc-launchers.sh $(LAUNCHERS) $(CCACHE) \
		$(if $(strip $(DISTCC_HOSTS)),1,0) $(LAUNCHER_NAMES)
	$(Q)mkdir -p $(STAMPS) $(if $(strip $(DISTCC_HOSTS)),$(DISTCC_DIR)) && touch $@

.PHONY: ccache-stats
ccache-stats:
	$(Q)command -v ccache >/dev/null || { echo "ccache-stats: ccache is not installed (make deps CCACHE=1)" >&2; exit 1; }
	$(Q)echo "ccache: $(CCACHE_DIR)" && ccache --show-stats

# --- Packages ------------------------------------------------------------------
# Every package in config/packages/ gets its steps from scripts/package.mk.

include $(TOPDIR)/scripts/package.mk
# A kernel build tree that is gone (removed by hand, or LINUX_SRC's and
# DEBUG's trees, each of its own) is configured again, whatever its stamp.
$(foreach p,LINUX LINUX_DISK,$(if $(wildcard $($(p)_BUILDDIR)/.config),,\
	$(eval $(STAMPS)/$($(p)_NAME).configured: FORCE)))

# /etc/os-release, from the pins and the commit: what the system says it is.
BUILD_ID = $(or $(shell git -C $(TOPDIR) rev-parse --short=12 HEAD 2>/dev/null),unknown)
define OS_RELEASE_TEXT
NAME="minilinux"
ID=minilinux
VERSION_ID=$(shell date -u -d @$(SOURCE_DATE_EPOCH) +%Y.%m.%d)
BUILD_ID=$(BUILD_ID)
PRETTY_NAME="minilinux $(ARCH) (Linux $(LINUX_VERSION), busybox $(BUSYBOX_VERSION), musl $(MUSL_VERSION))"
MINILINUX_ARCH=$(ARCH)
MINILINUX_LINUX=$(LINUX_VERSION)
MINILINUX_BUSYBOX=$(BUSYBOX_VERSION)
MINILINUX_MUSL=$(MUSL_VERSION)
endef
$(OUTVARS)/os-release: FORCE | deps
	$(call filechk,$(OS_RELEASE_TEXT))

.PHONY: source
source: | deps
	$(Q)$(foreach p,$(FETCH_LIST),printf '  %-8s%s\n' FETCH $(p) && \
		($(call pkg-fetch,$(call pkg-prefix,$(p)))) >/dev/null && ) :

# --- Toolchain: musl and the kernel's UAPI headers in a sysroot --------------

# Before the long build: the cross compiler must link a static program.
# The compiler is recorded again here, as the parse recorded it: when deps
# has just installed it, the parse saw none, and the next make would
# otherwise take the new record for a new compiler and rebuild everything.
$(STAMPS)/toolchain.checked: $(OUTVARS)/toolchain | deps
	$(Q)$(TOPDIR)/scripts/check-toolchain.sh '$(CROSS_COMPILE)' '$(ARCH)'
	$(Q)printf '%s %s\n' '$(CROSS_COMPILE)' "$$($(CROSS_COMPILE)gcc --version 2>/dev/null | head -n 1)" \
		>$<.new && { cmp -s $<.new $< && rm -f $<.new || mv -f $<.new $<; }
	$(Q)mkdir -p $(STAMPS) && touch $@

.PHONY: toolchain
toolchain: $(STAMPS)/linux-headers.installed

# --- busybox and the kernel: configuring --------------------------------------

.PHONY: busybox-menuconfig busybox-saveconfig linux-menuconfig linux-savedefconfig

# After an edit, the next make rebuilds from the edited config.
busybox-menuconfig: $(STAMPS)/busybox.configured
	$(Q)$(BUSYBOX_MAKE) menuconfig
	$(Q)rm -f $(STAMPS)/busybox.built

busybox-saveconfig: $(STAMPS)/busybox.configured
	$(call step,SAVE,config/busybox.config)
	$(Q)cp $(BUSYBOX_BUILDDIR)/.config $(TOPDIR)/config/busybox.config

linux-menuconfig: $(STAMPS)/linux.configured
	$(Q)$(LINUX_MAKE) menuconfig
	$(Q)rm -f $(STAMPS)/linux.built

# Write the edited config back: each fragment with its symbols' new values,
# and every other symbol that now differs from what they gave appended to
# the architecture's.
linux-savedefconfig: $(STAMPS)/linux.configured
	$(call step,SAVE,$(LINUX_FRAGMENTS))
	$(Q)$(TOPDIR)/scripts/linux-fragment.sh $(LINUX_BUILDDIR)/config.base \
		$(LINUX_BUILDDIR)/.config $(LINUX_FRAGMENTS)

# LINUX_SRC=dir: kbuild runs at every make; it rebuilds what changed in
# the tree, and nothing else.
ifneq ($(LINUX_SRC),)
$(STAMPS)/linux.built $(STAMPS)/linux-disk.built: FORCE
endif
$(KERNEL_FILE): $(STAMPS)/linux.built
	$(Q)rm -f $@.tmp && cp $(LINUX_BUILDDIR)/$(LINUX_IMAGE) $@.tmp && mv -f $@.tmp $@

ifneq ($(DISK_KERNEL),)
$(DISK_KERNEL_FILE): $(STAMPS)/linux-disk.built
	$(Q)mkdir -p $(@D) && rm -f $@.tmp && cp $(LINUX_DISK_BUILDDIR)/$(LINUX_IMAGE) $@.tmp && mv -f $@.tmp $@
endif
ifneq ($(RUN_KERNEL),)
$(RUN_KERNEL_FILE): $(STAMPS)/linux.built
	$(Q)rm -f $@.tmp && $(TARGET_CROSS)strip -o $@.tmp $(LINUX_BUILDDIR)/$(RUN_KERNEL) && mv -f $@.tmp $@
endif

# --- Root filesystem and initramfs ------------------------------------------------

$(MKCPIO): $(TOPDIR)/scripts/mkcpio.c | deps $(LAUNCHER_STAMP)
	$(call step,HOSTCC,$(notdir $@))
	$(Q)mkdir -p $(dir $@) && $(HOSTCC) $(HOST_CFLAGS) -o $@.tmp $< && mv -f $@.tmp $@

ifeq ($(SYSTEM_INIT),tiny)
ROOTFS_INIT := $(TARGET)/init
else ifneq ($(SYSTEM_INIT),busybox)
$(error SYSTEM_INIT must be busybox or tiny, not '$(SYSTEM_INIT)')
endif

# The packages in the rootfs, in order, and the kernel's modules.
SERVICE_PACKAGES = $(filter $(ALL_PACKAGES),$(shell sed 's/#.*//' $(TOPDIR)/config/services))
$(foreach p,$(PACKAGES),$(if $(filter $(p),$(ALL_PACKAGES)),,\
	$(error PACKAGES: no package '$(p)' (config/packages/$(p).mk))))
ROOTFS_PACKAGES := $(PACKAGES) linux
ROOTFS_CONFIG := $(addprefix $(TOPDIR)/config/,services network users groups permissions) \
	$(wildcard $(TOPDIR)/config/authorized_keys)
ROOTFS_TREES := $(foreach p,$(ROOTFS_PACKAGES),$($(call pkg-prefix,$(p))_DESTDIR))

$(STAMPS)/rootfs.staged: $(OUTVARS)/rootfs $(OUTVARS)/os-release $(ROOTFS_CONFIG) $(ROOTFS_INIT) \
		$(TOPDIR)/scripts/mkrootfs.sh $(TOPDIR)/scripts/mkusers.sh \
		$(ROOTFS_PACKAGES:%=$(OUT)/pkg/%.manifest)
	$(call step,ROOTFS,$(STAGING))
	$(Q)TINY_INIT=$(ROOTFS_INIT) ROOTFS_OVERLAY='$(OVERLAY_DIRS)' POST_BUILD='$(POST_BUILD_FILE)' \
		OS_RELEASE=$(OUTVARS)/os-release \
		$(TOPDIR)/scripts/mkrootfs.sh $(STAGING) $(TOPDIR)/rootfs $(TOPDIR)/config \
		$(TOPDIR)/config/permissions $(ROOTFS_TREES)
	$(Q)mkdir -p $(STAMPS) && touch $@

# $(call pack,TREE,TABLE,OUTPUT): a deterministic gzipped newc archive.
define pack
	$(call step,CPIO,$(3))
	$(Q)$(MKCPIO) -t $(SOURCE_DATE_EPOCH) -p $(2) -o $(3:.gz=) $(1)
	$(Q)gzip -n -9 -c $(3:.gz=) >$(3).tmp && mv -f $(3).tmp $(3)
endef

$(SYSTEM_INITRAMFS): $(STAMPS)/rootfs.staged $(MKCPIO) $(OUTVARS)/cpio
	$(call pack,$(STAGING),$(STAGING_TABLE),$@)

.PHONY: rootfs initramfs
rootfs: $(STAMPS)/rootfs.staged
initramfs: $(INITRAMFS)

# --- Disk image -----------------------------------------------------------------

DISK := $(OUT)/disk.img
ROOTFS_EXT4 := $(OUT)/rootfs.ext4
FIRMWARE ?= $(firstword $(IMAGE_FIRMWARES))

# The disk's root: the staged tree, and the disk kernel's modules when it
# has its own kernel (linux-disk's tree).
DISK_TREES := $(if $(DISK_KERNEL),$(LINUX_DISK_DESTDIR))
$(ROOTFS_EXT4): $(STAMPS)/rootfs.staged $(MKCPIO) $(OUTVARS)/image $(TOPDIR)/scripts/mkext4.sh \
		$(if $(DISK_KERNEL),$(OUT)/pkg/linux-disk.manifest)
	$(call step,EXT4,$@)
	$(Q)MKCPIO=$(MKCPIO) $(TOPDIR)/scripts/mkext4.sh $(STAGING) $(STAGING_TABLE) \
		$@ '$(ROOTFS_FREE)' "$$($(TOPDIR)/scripts/uuid.sh '$(IMAGE_ID)' root-fs)" \
		$(SOURCE_DATE_EPOCH) $(DISK_TREES)

# An image that was booted holds what was written in the guest: make image
# keeps it as disk.img.old, and make run-image refuses to make it again
# (scripts/keep-booted.sh). $(STAMPS)/NAME.made has the time it was made.
# $(call made,IMAGE) renames the finished IMAGE.new to IMAGE and sets the stamp.
keep-booted = $(TOPDIR)/scripts/keep-booted.sh $(1) $(STAMPS)/$(notdir $(1)).made \
	$(if $(filter run-image,$(MAKECMDGOALS)),refuse,keep)
made = mkdir -p $(STAMPS) && $(TOPDIR)/scripts/keep-booted.sh $(1) $(STAMPS)/$(notdir $(1)).made \
	install $(1).new

$(DISK): $(ROOTFS_EXT4) $(DISK_KERNEL_FILE) $(OUTVARS)/image $(TOPDIR)/scripts/mkimage.sh
	$(Q)$(call keep-booted,$@)
	$(call step,IMAGE,$@)
	$(Q)IMAGE_SIZE='$(IMAGE_SIZE)' IMAGE_CMDLINE='$(IMAGE_CMDLINE)' IMAGE_BOOT='$(IMAGE_BOOT)' \
		EFI_BOOT_FILE='$(EFI_BOOT_FILE)' ROOT_PART_TYPE='$(ROOT_PART_TYPE)' \
		$(TOPDIR)/scripts/mkimage.sh $@.new $(DISK_KERNEL_FILE) $(ROOTFS_EXT4) '$(IMAGE_ID)'
	$(Q)$(call made,$@)

$(OUT)/disk.qcow2: $(DISK)
	$(Q)$(call keep-booted,$@)
	$(call step,QCOW2,$@)
	$(Q)qemu-img convert -f raw -O qcow2 $< $@.tmp && mv -f $@.tmp $@.new
	$(Q)$(call made,$@)

ifeq ($(filter raw qcow2,$(IMAGE_FORMAT)),)
$(error IMAGE_FORMAT must be raw or qcow2, not '$(IMAGE_FORMAT)')
endif
ifeq ($(filter $(FIRMWARE),$(IMAGE_FIRMWARES)),)
$(error FIRMWARE=$(FIRMWARE): not one of $(ARCH)'s: $(IMAGE_FIRMWARES))
endif

.PHONY: image run-image
image: $(DISK) $(if $(filter qcow2,$(IMAGE_FORMAT)),$(OUT)/disk.qcow2)

# Boots the image itself, with no -kernel: the bootloader is really used.
# IMAGE_REBUILD=no boots the image as it is, even when its inputs changed.
ifeq ($(IMAGE_REBUILD),no)
run-image:
else ifneq ($(filter-out yes,$(IMAGE_REBUILD)),)
$(error IMAGE_REBUILD must be yes or no, not '$(IMAGE_REBUILD)')
else
run-image: image
endif
	$(Q)DISK=$(if $(filter qcow2,$(IMAGE_FORMAT)),$(OUT)/disk.qcow2,$(DISK)) \
		FIRMWARE_OPTS='$(FIRMWARE_$(FIRMWARE))' $(QEMU_ENV) $(TOPDIR)/scripts/run-qemu.sh

# --- Programs for the target, and app mode -----------------------------------------

TARGET_CFLAGS := -std=c99 -Os -Wall -Wextra -Werror -static -s
# How init hands the app's status to qemu: -DAPP_EXIT_ISA_DEBUG_EXIT, ...
ifneq ($(filter-out isa-debug-exit sifive-test,$(APP_EXIT)),)
$(error config/arch/$(ARCH).mk: APP_EXIT must be isa-debug-exit, sifive-test or empty, not '$(APP_EXIT)')
endif
INIT_CFLAGS := $(if $(APP_EXIT),-DAPP_EXIT_$(subst -,_,$(call uc,$(APP_EXIT))))
$(OUTVARS)/target-cc: FORCE | deps
	$(call filechk,$(TARGET_CFLAGS) $(INIT_CFLAGS))

# $(call target-prog,NAME,SOURCES,CFLAGS): a static program linked against musl.
define target-prog
$(TARGET)/$(1): $(2) $(TOPDIR)/src/initlib.h $(STAMPS)/linux-headers.installed $(OUTVARS)/target-cc \
		| $(LAUNCHER_STAMP)
	$$(call step,CC,$$(patsubst $(TOPDIR)/%,%,$(2)))
	$$(Q)mkdir -p $(TARGET) && $(TARGET_CC) $(TARGET_CFLAGS) $(3) -o $$@.tmp $(2)
	$$(Q)mv -f $$@.tmp $$@
endef
$(eval $(call target-prog,init,$(TOPDIR)/src/init.c $(TOPDIR)/src/initlib.c,$(INIT_CFLAGS)))
$(eval $(call target-prog,hello,$(TOPDIR)/src/hello.c))
$(eval $(call target-prog,probe,$(TOPDIR)/tests/apps/probe.c))
$(eval $(call target-prog,libc-cves,$(TOPDIR)/tests/apps/libc-cves.c))

$(APP_INITRAMFS): $(APP_FILE) $(TARGET)/init $(MKCPIO) $(TOPDIR)/config/app-permissions \
		$(OUTVARS)/app
	$(call step,APP,$(APP))
	$(Q)$(TOPDIR)/scripts/mkapp.sh $(APP_DIR)/rootfs $(TARGET)/init '$(APP_FILE)' \
		'$(APP_HOSTNAME)'
	$(call pack,$(APP_DIR)/rootfs,$(TOPDIR)/config/app-permissions,$@)

# A script that boots the app with the current qemu settings and exits
# with the app's status.
$(APP_DIR)/run: $(OUTVARS)/run
	$(call step,GEN,$@)
	$(Q)mkdir -p $(APP_DIR) && printf '#!/bin/sh\n# Boot the app; exit with its status.\n%s\n' \
		"$(RUN_ENV) APP_STATUS=1 exec $(TOPDIR)/scripts/run-qemu.sh \"\$$@\"" >$@.tmp
	$(Q)chmod +x $@.tmp && mv -f $@.tmp $@

.PHONY: app
app: $(APP_INITRAMFS) $(APP_DIR)/run

# --- Running -----------------------------------------------------------------------

# In app mode, make reports the app's status as "Error N"; $(OUT)/app/run
# returns it as its own exit status.
# A prebuilt kernel (KERNEL=path) is checked first: one for this
# architecture, its .config (if found) with what config/linux.needs lists.
# With GDB=1, qemu holds the guest at its first instruction until make gdb
# connects, from another terminal.
.PHONY: run
run: all
	$(if $(USER_KERNEL),$(Q)$(KERNEL_CHECK) $(USER_KERNEL) $(TOPDIR)/config/linux.needs)
	$(Q)$(RUN_ENV) $(if $(APP),APP_STATUS=1) $(if $(filter 1,$(GDB)),GDB_PORT=$(GDB_PORT)) \
		$(TOPDIR)/scripts/run-qemu.sh

KERNEL_CHECK = LINUX_ARCH=$(LINUX_ARCH) KERNEL_NEEDS='$(KERNEL_NEEDS)' KERNEL_CONFIG=$(KERNEL_CONFIG) SHARE=$(SHARE) \
	$(TOPDIR)/scripts/kernel-check.sh
GDB_VMLINUX = $(or $(VMLINUX),$(if $(USER_KERNEL),,$(LINUX_BUILDDIR)/vmlinux))
# gdb on the kernel that make run GDB=1 holds: its symbols from the build
# tree's vmlinux (VMLINUX=path names another), the kernel's lx- commands
# when its build made them (CONFIG_GDB_SCRIPTS), and GDB_SCRIPT's commands.
.PHONY: gdb
gdb: $(if $(USER_KERNEL)$(VMLINUX)$(LINUX_SRC),,$(STAMPS)/linux.built)
	$(Q)command -v $(GDB_PROGRAM) >/dev/null 2>&1 || { echo "make gdb: $(GDB_PROGRAM) not found;" \
		"install Debian's gdb-multiarch (make test-deps installs it)" >&2; exit 1; }
	$(Q)vmlinux=$(GDB_VMLINUX); [ -n "$$vmlinux" ] || vmlinux=$$($(KERNEL_CHECK) --vmlinux $(USER_KERNEL)) || \
		exit 1; [ -f "$$vmlinux" ] || { echo "make gdb: $$vmlinux: no such file" >&2; exit 1; }; \
		dir=$$(dirname "$$vmlinux"); set -- -q; \
		if [ -e "$$dir/vmlinux-gdb.py" ]; then set -- "$$@" -iex "add-auto-load-safe-path $$dir"; fi; \
		echo "make gdb: symbols from $$vmlinux; the guest of make run GDB=1 on 127.0.0.1:$(GDB_PORT)" >&2; \
		exec $(GDB_PROGRAM) "$$@" -ex 'target remote 127.0.0.1:$(GDB_PORT)' \
		$(if $(GDB_SCRIPT),-x $(call from_top,$(GDB_SCRIPT))) "$$vmlinux"

# Log in as root to the guest that make run HOSTFWD=tcp::PORT-:22 started.
# The initramfs system has no disk: its host key is made anew at each boot,
# so it is not recorded (a loopback port of this machine's own guest).
.PHONY: ssh
ssh:
	$(Q)port=; for r in $(HOSTFWD); do case $$r in tcp:*-*:22) h=$${r#tcp:}; h=$${h%%-*}; port=$${h##*:} ;; \
		esac; done; [ -n "$$port" ] || { echo "ssh: HOSTFWD forwards no host port to the guest's port 22:" \
		"give the one make run has, as in make ssh HOSTFWD=tcp::2222-:22" >&2; exit 2; }; \
		exec ssh -p "$$port" -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR \
		$(SSH_ARGS) root@127.0.0.1 $(SSH_COMMAND)

# --- Tests and figures -------------------------------------------------------------

.PHONY: test check test-build test-arch test-unit test-check test-boot test-app test-image test-dev
.PHONY: test-modules test-distcc bench fuzz
# Seconds each fuzz harness runs, in make check and make fuzz.
FUZZ_S ?= 30
# The tests read the rest from info.json, by key (tests/run.sh).
TEST_ENV = $(RUN_ENV) INFO=$(INFO) O=$(O) OUT=$(OUT) ARCH=$(ARCH) DL_DIR=$(DL_DIR) FUZZ_S=$(FUZZ_S)

# What every test target needs built, and no test run: .ci/run builds one
# architecture with it while another's tests run. dropbear too, which the
# boot suite's ssh variant adds when the system has none.
test-build: all $(MKCPIO) $(DISK_KERNEL_FILE) $(INFO) dropbear

# Two tiers. make test: what a developer runs after a change, the unit
# tests and every boot. make check: that, and the slow proofs, which
# build again (ccache, distcc), kill make at many points (interrupt) or
# fuzz; CI runs it.
TEST_SUITES := unit boot app image dev modules
CHECK_SUITES := $(TEST_SUITES) check fuzz distcc
test: test-build
	$(Q)$(TEST_ENV) $(TOPDIR)/tests/run.sh $(TEST_SUITES)
check: test-build
	$(Q)$(TEST_ENV) $(TOPDIR)/tests/run.sh $(CHECK_SUITES)

# Only what depends on the architecture: what `make test ARCH=...` adds.
test-arch: test-build
	$(Q)ARCH_ONLY=1 $(TEST_ENV) $(TOPDIR)/tests/run.sh boot app image dev

test-unit test-check test-boot test-app test-image test-dev test-modules test-distcc: test-build
	$(Q)$(TEST_ENV) $(TOPDIR)/tests/run.sh $(@:test-%=%)

# Two clean builds in O/repro, the second offline and with another path,
# umask, time zone and locale, compared byte for byte.
.PHONY: repro-check
repro-check: | deps
	$(Q)DL_DIR=$(DL_DIR) $(TOPDIR)/scripts/repro-check.sh $(TOPDIR) $(O)/repro $(ARCH) \
		$(notdir $(KERNEL_FILE)) $(if $(DISK_KERNEL),$(DISK_KERNEL_FILE:$(OUT)/%=%))

# Needs no built tree: clang builds each harness in tests/fuzz/.
fuzz: | deps
	$(Q)O=$(O) OUT=$(OUT) FUZZ_S=$(FUZZ_S) $(TOPDIR)/tests/run.sh fuzz

bench: all $(MKCPIO) $(INFO)
	$(Q)$(RUN_ENV) INFO=$(INFO) O=$(O) ARCH=$(ARCH) DL_DIR=$(DL_DIR) BENCH_SEED='$(BENCH_SEED)' \
		BENCH_BASE='$(BENCH_BASE)' $(TOPDIR)/tests/bench.sh

include $(TOPDIR)/scripts/bootchart.mk
include $(TOPDIR)/scripts/size.mk
include $(TOPDIR)/scripts/info.mk

# --- Security and staying current ---------------------------------------------

# $(call pkgv,NAME,VAR): package NAME's variable VAR (VERSION, SITE, ...).
pkgv = $($(call pkg-prefix,$(1))_$(2))

# Every package with a CPE: its CVEs from NAME.cves, checked against its
# patches and config; and what the NVD lists beyond them, when it answers.
.PHONY: cve-report
cve-report: $(INFO)
	$(Q)CVE_FAIL=$(CVE_FAIL) CVE_OPEN_LIST=$(OUT)/cve-open.txt $(TOPDIR)/scripts/cve-report.sh $(INFO)

# Each package's pin against what Debian's suites and upstream have.
.PHONY: outdated
outdated: $(INFO)
	$(Q)$(TOPDIR)/scripts/outdated.sh $(INFO)

# A CycloneDX 1.5 SBOM of the built system: the packages in the rootfs and
# those built into them, with sources, patches and the CVEs these fix; the
# kernel; every file of the initramfs with its SHA-256.
pkg-closure = $(sort $(1) $(foreach p,$(1),$(call pkg-closure,$(call pkgv,$(p),DEPENDENCIES))))
SBOM := $(OUT)/sbom.cdx.json
.PHONY: sbom
sbom: $(KERNEL_FILE) $(SYSTEM_INITRAMFS) $(MKCPIO) $(INFO)
	$(call step,SBOM,$(SBOM))
	$(Q)MKCPIO=$(MKCPIO) $(TOPDIR)/scripts/sbom.sh $(INFO) minilinux-$(ARCH) $(SRCSTAMPS) \
		$(STAGING) $(STAGING_TABLE) $(SYSTEM_INITRAMFS) $(KERNEL_FILE) $(SBOM)

# Move a package to another version, with hashes from a signed source.
.PHONY: bump
bump:
	$(if $(filter $(PKG),$(ALL_PACKAGES)),,$(error make bump PKG=NAME VERSION=V: NAME is one of $(ALL_PACKAGES)))
	$(if $(filter $(PKG),$(call pkgv,$(PKG),SOURCE_FROM)),,$(error $(PKG) builds \
		$(call pkgv,$(PKG),SOURCE_FROM)'s source: make bump PKG=$(call pkgv,$(PKG),SOURCE_FROM)))
	$(if $(VERSION),,$(error make bump PKG=$(PKG) VERSION=V: give the upstream version))
	$(if $(or $(filter-out 1,$(words $(VERSION))),$(call strip-chars,$(VERSION),$(word-chars) + ~ :)),\
		$(error make bump: VERSION='$(VERSION)' is not a version: letters, digits and . _ - + ~ : only))
	$(Q)BUMP_BINARY='$(call pkgv,$(PKG),DEBIAN_BINARY)' $(TOPDIR)/scripts/bump.sh $(PKG) '$(VERSION)' $(call pkg-prefix,$(PKG)) \
		$(PACKAGES_DIR)/$(PKG).mk $(PACKAGES_DIR)/$(PKG).hash '$(call pkgv,$(PKG),DEBIAN_NAME)' \
		'$(call pkgv,$(PKG),DEBIAN_VERSION)' '$(call pkgv,$(PKG),SOURCE)' '$(call pkgv,$(PKG),SITE)'

# What the system's licenses ask to pass on with it: for the packages in the
# rootfs and musl, each as the package whose source it builds (linux-headers
# as linux), license texts checked against their pins, sources and patches.
LEGAL_PACKAGES = $(sort $(foreach p,musl $(ROOTFS_PACKAGES),$(call pkgv,$(p),SOURCE_FROM)))
.PHONY: legal-info
legal-info: $(foreach p,$(LEGAL_PACKAGES),$(SRCSTAMPS)/$(p).licensed) $(INFO)
	$(call step,LEGAL,$(OUT)/legal-info)
	$(Q)$(TOPDIR)/scripts/legal-info.sh $(INFO) $(SRCSTAMPS) $(TOPDIR)/LICENSE $(OUT)/legal-info

# --- Cleaning and help -------------------------------------------------------------

.PHONY: clean distclean help
# Only what the build makes: these directories of O (each architecture's
# tree, the shared ones, those of the tests, CI and make bench), then O
# itself if nothing else is left in it.
O_SUBDIRS := $(ARCHES) src stamps vars host distcc repro fuzz sbom-validator ci $(ARCHES:%=ci-%) \
	bench bench-base bench-seed bench-yardstick bench.ccache
# The download cache: a directory for each package, and ccache's.
DL_SUBDIRS := $(ALL_PACKAGES) ccache
clean:
	$(call step,CLEAN,$(O))
	$(Q)rm -rf $(foreach d,$(O_SUBDIRS),'$(O)/$(d)') && { [ ! -d '$(O)' ] || rmdir '$(O)' 2>/dev/null || \
		echo "  NOTE    $(O:$(CURDIR)/%=%) holds files the build did not make: kept"; }

# The download cache goes only when it is this tree's own dl/: one that
# DL_DIR names may serve other clones, and only make clean-downloads,
# asked by name, empties it.
.PHONY: clean-downloads
distclean: clean
ifeq ($(DL_DIR),$(TOPDIR)/dl)
distclean: clean-downloads
else
	@echo "  NOTE    DL_DIR=$(DL_DIR) may serve other clones: kept (make clean-downloads DL_DIR=$(DL_DIR) empties it)"
endif
clean-downloads:
	$(call step,CLEAN,$(DL_DIR))
	$(Q)rm -rf $(foreach d,$(DL_SUBDIRS),'$(DL_DIR)/$(d)') && { [ ! -d '$(DL_DIR)' ] || \
		rmdir '$(DL_DIR)' 2>/dev/null || echo "  NOTE    $(DL_DIR) holds files the build did not make: kept"; }

help:
	@sed -n 's/^#h \{0,1\}//p' $(TOPDIR)/Makefile
	@printf '\nArchitectures (ARCH=): %s; packages: %s\n' '$(ARCHES)' '$(ALL_PACKAGES)'
	@echo "Firmwares of run-image (FIRMWARE=; the first is the default):"
	@for a in $(ARCHES); do printf '  %-10s %s\n' "$$a" \
		"$$(sed -n 's/^IMAGE_FIRMWARES *= *//p' $(TOPDIR)/config/arch.mk $(TOPDIR)/config/arch/$$a.mk | tail -n 1)"; done

#h Usage: make [TARGET] [VARIABLE=value ...]
#h
#h Building (into out/ARCH/, for ARCH=x86_64 by default):
#h   all (default)        kernel and initramfs: out/ARCH/bzImage (or Image, zImage), initramfs.cpio.gz
#h   source               fetch and verify every source, for offline builds
#h   toolchain            musl and the kernel UAPI headers in out/ARCH/sysroot
#h   PACKAGE              build and install one package (busybox, dropbear, linux, ...)
#h   rootfs               stage the root filesystem in out/ARCH/rootfs
#h   initramfs            pack the staged rootfs into a gzipped newc cpio
#h   deps                 check host tools; install missing ones when allowed
#h   test-deps            the same, with the tools make test needs too
#h   deps-all             the same, for every architecture at once (one apt call)
#h   arch-deps            print the host tools ARCH needs, as TOOL:DEBIAN-PACKAGE
#h   ccache-stats         ccache's hits and misses, and the size of its cache (CCACHE_DIR)
#h
#h Configuring:
#h   linux-menuconfig     edit the kernel config
#h   linux-savedefconfig  write it back to config/linux.fragment and config/arch/ARCH.fragment
#h   busybox-menuconfig   edit the busybox config
#h   busybox-saveconfig   write the edited busybox config to config/busybox.config
#h
#h Running and testing:
#h   run                  boot in qemu on this terminal (quit: Ctrl-A X, or poweroff)
#h   ssh                  log in as root to the guest, through make run's HOSTFWD=tcp::PORT-:22
#h   gdb                  gdb on the kernel of make run GDB=1 (another terminal), with its symbols
#h                        (SSH_ARGS: more ssh options; SSH_COMMAND: a command to run)
#h   image                out/ARCH/disk.img: a GPT disk, ESP + ext4 root, booted by firmware;
#h                        an image booted since it was made is kept as disk.img.old
#h   run-image            boot the disk image through its firmware and bootloader (FIRMWARE=);
#h                        an image booted since it was made is never made again silently
#h   app                  with APP=: the app-mode initramfs, and out/ARCH/app/run to boot it
#h   test                 unit tests, then boot tests that log in and check the guest, app mode,
#h                        the disk image and modules: what to run after a change
#h   check                test, and the slow proofs: ccache's and distcc's rebuilds, make killed
#h                        at many points, a kernel tree built with LINUX_SRC and DEBUG=1, the
#h                        fuzz harnesses (CI runs it)
#h   test-build           build what the tests need (the disk kernel too), run none
#h   test-arch            only the tests that depend on ARCH: boot, app mode, image, dev
#h   test-unit            unit tests only (they need a built tree)
#h   test-check           the slow unit proofs only (tests/check/: ccache, interrupt)
#h   test-boot            boot tests only
#h   test-app             app-mode tests only
#h   test-image           disk image tests only
#h   test-dev             make run KERNEL=path and make run GDB=1 with make gdb, booted
#h   test-modules         boot the disk image with an e1000 NIC and modprobe its driver,
#h                        a module of the disk's kernel (x86_64)
#h   test-distcc          two distccd on 127.0.0.1 that cannot see this tree; slices of the
#h                        kernel, busybox and musl compiled through them elsewhere, object by
#h                        object the same bytes as this tree's (about 2 min)
#h   fuzz                 run each fuzz harness (tests/fuzz/) FUZZ_S seconds (default 30),
#h                        with ASan and UBSan; a finding is kept in out/fuzz/NAME/
#h   repro-check          build twice in O/repro (the second offline, with another path,
#h                        umask, TZ and locale) and compare kernel, initramfs, ext4 and image
#h   bench                print build times (clean, from ccache after make clean, and a tinyconfig
#h                        kernel's, the machine's yardstick), sizes and boot times (/init, rcS,
#h                        login); BENCH_SEED=1 and BENCH_BASE=REV add columns side by side
#h   size                 where the bytes go: the kernel by directory and symbol, the initramfs by
#h                        package and file; tables and size.svg in out/ARCH/size/; fails when over
#h                        a budget of config/size.budget
#h   bootchart            boot once with initcall_debug: print the ten slowest initcalls and the
#h                        time to each boot milestone; tables and bootchart.svg in out/ARCH/bootchart/
#h
#h Security and updates (each reads out/ARCH/info.json, which make info writes):
#h   info                 out/ARCH/info.json: the build's model, every package's variables,
#h                        patches and hashes, the architecture's and the settings, the artifacts'
#h                        paths (its shape: scripts/info.schema.json)
#h   cve-report           each package's CPE, version, known CVEs and their fixes; the CVEs
#h                        Debian's changelog names after the pinned upload, as open (a lower
#h                        bound when only an older upload's changelog is served; the list in
#h                        out/ARCH/cve-open.txt); with network, what the NVD lists beyond them
#h                        (NVD_API=off: skip); CVE_FAIL=1: fail when anything is open or unknown
#h   outdated             each package's pin, and the newest in its series and overall, from
#h                        Debian's suites (signed indexes) and upstream when reachable
#h   legal-info           out/ARCH/legal-info/: the system's packages' license texts (checked
#h                        against their pins), sources, patches and a manifest
#h   sbom                 out/ARCH/sbom.cdx.json: a CycloneDX 1.5 SBOM of the built system
#h                        (packages, sources, patches and the CVEs they fix, initramfs files)
#h   bump PKG=name VERSION=v  move a package to version v: its .mk and .hash rewritten, hashes
#h                        from Debian's signed index (a download nobody vouches for is refused)
#h
#h Cleaning:
#h   clean                remove what the build made in the output dir, every architecture's;
#h                        keep downloads, and any file of yours in O
#h   distclean            clean, and empty the download cache when it is this tree's dl/ (a
#h                        DL_DIR elsewhere may serve other clones: it is kept)
#h   clean-downloads      empty the download cache DL_DIR, wherever it is, and ccache's cache in it
#h   help                 this text
#h
#h Variables (defaults in config/system.mk and config/arch/ARCH.mk):
#h   ARCH=name            target architecture, one of config/arch/*.mk (default: x86_64)
#h   O=dir                output dir (default: out); each architecture builds in O/ARCH. O and
#h                        DL_DIR: letters, digits and / . _ - + , @ only; not /, home or the checkout
#h   DL_DIR=dir           download cache (default: dl; one may serve many clones)
#h   V=1                  show full commands and sub-build output
#h   V=2                  say why each step runs: which record changed, which inputs are newer
#h   JOBS=n               parallel jobs in sub-builds, 1 to 256 (default: nproc; with distcc, its hosts' slots)
#h   CCACHE=auto|1|0      ccache for every compile: auto, when installed; 1 installs it
#h   CCACHE_DIR=dir       ccache's cache (default: DL_DIR/ccache, kept by make clean)
#h   DISTCC_HOSTS='h/n ...'  compile on these distcc hosts (distcc's syntax); with ccache, its misses
#h   CROSS_COMPILE=prefix the target toolchain (default: the distribution's cross gcc)
#h   PACKAGES=...         packages in the rootfs (config/rootfs.mk)
#h   QEMU_MEM=256M        guest memory, at least the architecture's QEMU_MEM_MIN
#h   ACCEL=auto|kvm|tcg   qemu acceleration (auto: KVM only with kvm_intel/kvm_amd)
#h   QEMU_OPTS=...        extra qemu options
#h   HOSTFWD=tcp::8080-:80  host port forwards, bound to 127.0.0.1 unless given
#h   NET_RESTRICT=1       the guest reaches neither the host (10.0.2.2) nor the outside
#h   KERNEL_CMDLINE=...   kernel command line
#h   KERNEL=path          make run boots this prebuilt kernel (a bzImage, Image, zImage or x86's
#h                        vmlinux) with the built initramfs, checked against config/linux.needs
#h   KERNEL_CONFIG=file   the .config to check KERNEL against (default: found in its build tree)
#h   LINUX_SRC=dir        build the kernel from your own tree, out of tree (nothing written into
#h                        it), with this project's fragments; each make rebuilds what changed
#h   DEBUG=1              the kernel with debug information and its gdb helpers (lx- commands)
#h   SHARE=dir            make run mounts this host directory at /mnt/host in the guest (9p)
#h   SHARE_RW=1           ... read-write (default: read-only)
#h   GDB=1                make run holds the guest at its first instruction for make gdb
#h   GDB_PORT=1234        the port of qemu's gdb stub, on 127.0.0.1
#h   GDB_SCRIPT=file      gdb commands make gdb runs after connecting
#h   GDB_PROGRAM=name     the debugger (gdb-multiarch); VMLINUX=path: its symbols
#h   BENCH_SEED=1         make bench also builds the seed way: a defconfig kernel and busybox's
#h                        defconfig (20 to 30 minutes more), and prints the ratios
#h   BENCH_BASE=rev       make bench also builds this project at commit rev, and prints the ratios
#h   SIZE_BUDGET=file     budgets for make size (default: config/size.budget)
#h   SIZE_BASE=vmlinux    make size compares the kernel with this one, with bloat-o-meter
#h                        (default: the kernel before the last change make size saw)
#h   SIZE_TOP=n           rows make size shows of directories, symbols, files (default: 10)
#h   BOOTCHART_CMDLINE=...  added to the kernel command line by bootchart (config/system.mk)
#h   LINUX_FRAGMENT=file  common kernel config fragment (default: config/linux.fragment)
#h   SOURCE_DATE_EPOCH=n  the time of every file in the initramfs and image (default: last commit)
#h   CVE_FAIL=1           make cve-report fails when a CVE is open, or a feed could not be read
#h   APP=path             app mode: this static program is the whole userland
#h   APP_ARGS=... APP_ENV=...  its arguments and KEY=VALUE environment
#h   APP_HOSTNAME=name    its hostname (default: app)
#h   SYSTEM_INIT=tiny     run the busybox system with src/init.c, not busybox init
#h   ROOTFS_OVERLAY=dirs  directories copied over rootfs/, in order (config/rootfs.mk)
#h   POST_BUILD=script    run on the staged rootfs before packing (config/rootfs.mk)
#h   IMAGE_SIZE=MiB       disk image size, up to 65536 (default: from content plus ROOTFS_FREE)
#h   ROOTFS_FREE=MiB      free space in the image's root filesystem, up to 65536 (default: 8)
#h   IMAGE_FORMAT=qcow2   also write out/ARCH/disk.qcow2
#h   IMAGE_ID=seed        seed of the image's UUIDs (default: minilinux)
#h   IMAGE_CMDLINE=...    kernel command line in the image's boot config
#h   DISK_KERNEL=separate the image gets a kernel of its own, with the disk fragments (x86_64's default)
#h   FIRMWARE=name        firmware for run-image, one of the architecture's IMAGE_FIRMWARES (below)
#h   IMAGE_REBUILD=no     run-image boots the image as it is, not made again from a changed tree
