# scripts/package.mk: the steps of every package, written once, as kbuild
# keeps its shared Make code in scripts/. A package is config/packages/NAME.mk,
# its data and the commands that differ from the defaults, plus NAME.hash,
# one "sha256 HASH FILE" line for every file it may download and one
# "license HASH PATH" line for every file of PKG_LICENSE_FILES. In NAME.mk,
# with PKG standing for NAME in upper case and with _ for -:
#
#   PKG_VERSION          the version; the file names derive from it
#   PKG_SOURCE           the tarball (default: NAME-VERSION.tar.gz)
#   PKG_SITE             upstream's URL of the directory that holds it
#   PKG_DEBIAN           "SUITE SRCNAME=VERSION": Debian's source package, the
#                        fallback, fetched from this machine's Debian mirror
#   PKG_DEBIAN_SOURCE    its tarball (default: SRCNAME_VERSION.orig.tar.EXT)
#   PKG_DEBIAN_NOTE      how that tarball differs from upstream's, if it does:
#                        said when the source is extracted from it; an
#                        empty PKG_DEBIAN_SOURCE fetches no Debian tarball
#   PKG_DEBIAN_BINARY    "SUITE BINNAME=VERSION": a Debian binary package
#                        that holds the source as a tarball, tried last
#                        (its .deb pinned from the signed Packages index)
#   PKG_DEBIAN_BINARY_MEMBER  that tarball's path in the package
#   PKG_DEBIAN_BINARY_NOTE    how its tree differs from upstream's
#   PKG_CPE              the CPE 2.3 identity (vendor:product), for cve-report;
#                        NAME.cves lists the CVEs known to affect the version
#   PKG_EXTRA_DOWNLOADS  more files: URLs, apt:FILE for a file of PKG_DEBIAN,
#                        or apt:SUITE/SRCNAME=VERSION/FILE for another one's
#   PKG_PATCHES          patches from those downloads, in order: FILE, or
#                        FILE:MEMBER for a patch inside a downloaded tarball;
#                        patches/NAME/*.patch follow, in name order
#   PKG_LICENSE          SPDX license expression
#   PKG_LICENSE_FILES    the license texts, paths in the source tree: after
#                        the source is patched, each must have its pinned
#                        hash, so a changed license stops the build
#   PKG_DEPENDENCIES     packages installed before this one is configured
#   PKG_SOURCE_FROM      another package whose source this one builds
#   PKG_CONFIG_FILES     files the configure step reads: a change in their
#                        content reconfigures
#   PKG_DESTDIR          where it installs (default: $(OUT)/pkg/NAME, copied
#                        into the rootfs when NAME is in PACKAGES)
#   PKG_CONFIGURE_CMDS   shell commands for the three steps. The defaults
#   PKG_BUILD_CMDS       configure an autotools package for the target, build
#   PKG_INSTALL_CMDS     it, and install it into PKG_DESTDIR
#   PKG_CONF_OPTS        more options for the default configure command
#   PKG_MAKE_OPTS        make variables for the default build and install
#   PKG_BUILD_NOTE       shown on the BUILD line: how long, where the log is
#   PKG_CONFIGURE_NOTES  shell run after the configure step, outside its log:
#                        what the user must hear of it
#   PKG_BUILDDIR         where it builds (default: $(OUT)/build/NAME)
#   PKG_LOCAL_SRC        a developer's tree the package builds instead of its
#                        pinned source (linux's LINUX_SRC=dir), which is still
#                        fetched for the packages that build it; with
#                        PKG_LOCAL_VERSION and PKG_LOCAL_TREE, what that
#                        tree is, for make info and the SBOM
#
# The commands may use the package's PKG_SRCDIR (its source, shared by all
# architectures), PKG_BUILDDIR and PKG_DESTDIR, and TARGET_CC (musl-gcc),
# TARGET_CROSS, TARGET_TRIPLE and SYSROOT; $$JOBS is the job count. Each
# step's commands, expanded, are written to $(OUT)/vars/NAME.STEP and run
# from there; that file, the version, the hashes and the patch list are the
# step's identity (a record: the Makefile's filechk). A change in them
# reruns the step and what follows; a comment edited in NAME.mk reruns
# nothing.

PACKAGES_DIR := $(TOPDIR)/config/packages
ALL_PACKAGES := $(sort $(basename $(notdir $(wildcard $(PACKAGES_DIR)/*.mk))))

# $(call pkg-prefix,NAME): the variable prefix of package NAME.
pkg-prefix = $(subst -,_,$(call uc,$(1)))
uc = $(strip $(subst a,A,$(subst b,B,$(subst c,C,$(subst d,D,$(subst e,E,$(subst f,F,$(subst g,G,\
	$(subst h,H,$(subst i,I,$(subst j,J,$(subst k,K,$(subst l,L,$(subst m,M,$(subst n,N,\
	$(subst o,O,$(subst p,P,$(subst q,Q,$(subst r,R,$(subst s,S,$(subst t,T,$(subst u,U,\
	$(subst v,V,$(subst w,W,$(subst x,X,$(subst y,Y,$(subst z,Z,$(1))))))))))))))))))))))))))))
hashchar := \#

# The default commands, given a package's prefix: an autotools package,
# cross-compiled against musl, installed into its PKG_DESTDIR.
define pkg-default-configure
rm -rf "$($(1)_BUILDDIR)" && mkdir -p "$($(1)_BUILDDIR)" && cd "$($(1)_BUILDDIR)"
"$($(1)_SRCDIR)/configure" --host=$(TARGET_TRIPLE) --build=$(HOST_TRIPLE) --prefix=/usr \
	CC="$(TARGET_CC)" CFLAGS="$(TARGET_PKG_CFLAGS)" LDFLAGS=-static $($(1)_CONF_OPTS)
endef
define pkg-default-build
$(MAKE) -C "$($(1)_BUILDDIR)" -j"$$JOBS" $($(1)_MAKE_OPTS)
endef
define pkg-default-install
rm -rf "$($(1)_DESTDIR)"
$(MAKE) -C "$($(1)_BUILDDIR)" DESTDIR="$($(1)_DESTDIR)" $($(1)_MAKE_OPTS) install
endef

# $(call pkg-hashes,HASHFILE,FILE...): "FILE=HASH" for each FILE, or
# "missing:FILE" for one the hash file has no line for. A malformed line
# gives "make: FILE:LINE:COLUMN: why" instead (scripts/tables.awk), which
# stops every make, not only the one that fetches.
pkg-hashes = $(shell awk -v files='$(2)' -v hf='$(1)' "$$(cat $(TOPDIR)/scripts/tables.awk)"' \
	{ if (hash_file_line("make", hf) && $$1 == "sha256") h[$$3] = $$2 } \
	END { if (err) exit 1; n = split(files, f, " "); for (i = 1; i <= n; i++) \
		print (f[i] in h) ? f[i] "=" h[f[i]] : "missing:" f[i] }' '$(1)' 2>&1)

# $(call pkg-license-lines,HASHFILE): its "license HASH PATH" lines.
pkg-license-lines = $(shell awk '$$1 == "license"' '$(1)' 2>/dev/null)

# The downloads of a package, given its prefix: its tarball, from upstream
# and from Debian, then the extra files.
pkg-apt = apt:$($(2)_DEBIAN_SUITE)/$($(2)_DEBIAN_SPEC)/$(1)
pkg-tarballs = $(if $($(1)_SITE),$(if $($(1)_UNPINNED),,$($(1)_SITE)/$($(1)_SOURCE))) \
	$(if $(and $($(1)_DEBIAN),$($(1)_DEBIAN_SOURCE)),$(call pkg-apt,$($(1)_DEBIAN_SOURCE),$(1))) \
	$(if $($(1)_DEBIAN_BINARY),deb:$(subst $(space),/,$($(1)_DEBIAN_BINARY))/$($(1)_DEBIAN_BINARY_FILE))
pkg-extras = $(foreach d,$($(1)_EXTRA_DOWNLOADS),$(if $(filter apt:%,$(d)),$(if $(findstring /,$(d)),$(d),$(call pkg-apt,$(d:apt:%=%),$(1))),$(d)))
# The file a source gives: a URL's last component, or an apt source's file.
pkg-file = $(lastword $(subst /, ,$(firstword $(subst ?, ,$(1)))))
# $(call pkg-fetch,PKG): shell that fetches a package's extra files, then
# its tarball, printing the tarball's path.
pkg-fetch = export FETCH_HINT="Pin a version it has: make outdated, then make bump PKG=$($(1)_NAME) VERSION=..."; \
	for s in $(call pkg-extras,$(1)); do \
		$(TOPDIR)/scripts/fetch.sh $($(1)_DL) $($(1)_HASHFILE) "$$s" >/dev/null || exit 1; \
	done && $(TOPDIR)/scripts/fetch.sh $($(1)_DL) $($(1)_HASHFILE) $(call pkg-tarballs,$(1))
# The patches as extract.sh takes them: paths, or ARCHIVE:MEMBER.
pkg-patch-paths = $(addprefix $($(1)_DL)/,$($(1)_PATCHES)) $($(1)_LOCAL_PATCHES)

# $(call package,NAME): read package NAME and derive its variables.
define package
include $(PACKAGES_DIR)/$(1).mk
$(2)_NAME := $(1)
$(2)_HASHFILE := $(PACKAGES_DIR)/$(1).hash
$(2)_CVES := $(wildcard $(PACKAGES_DIR)/$(1).cves)
$(2)_SOURCE ?= $(1)-$$($(2)_VERSION).tar.gz
$(2)_DEBIAN_SUITE = $$(word 1,$$($(2)_DEBIAN))
$(2)_DEBIAN_SPEC = $$(word 2,$$($(2)_DEBIAN))
$(2)_DEBIAN_NAME = $$(firstword $$(subst =, ,$$($(2)_DEBIAN_SPEC)))
# Debian's version without its epoch, as in Debian's file names.
$(2)_DEBIAN_VERSION = $$(lastword $$(subst :, ,$$(word 2,$$(subst =, ,$$($(2)_DEBIAN_SPEC)))))
$(2)_DEBIAN_SOURCE ?= $$($(2)_DEBIAN_NAME)_$$($(2)_VERSION).orig$$(suffix $$(basename $$($(2)_SOURCE)))$$(suffix $$($(2)_SOURCE))
# The binary package's .deb: NAME_VERSION_all.deb, the version without
# epoch; none without a binary package.
$(2)_DEBIAN_BINARY_FILE ?= $$(if $$($(2)_DEBIAN_BINARY),$$(subst =,_,$$(lastword $$(subst :, ,$$(word 2,\
	$$($(2)_DEBIAN_BINARY)))))_all.deb)
$(2)_DL = $(DL_DIR)/$(1)
$(2)_SOURCE_FROM ?= $(1)
$(2)_SRCDIR = $(SRCDIR)/$$($(2)_SOURCE_FROM)-$$($$(call pkg-prefix,$$($(2)_SOURCE_FROM))_VERSION)
# Set by NAME.mk, or the default: never the environment's (the tests
# export LINUX_BUILDDIR and the like, and a make they run must not build
# in the tree under test).
ifneq ($$(origin $(2)_BUILDDIR),file)
$(2)_BUILDDIR = $(BUILDDIR)/$(1)
endif
ifneq ($$(origin $(2)_LOCAL_SRC),file)
$(2)_LOCAL_SRC =
endif
# What the step lines call it: NAME-VERSION, or NAME of the local tree.
$(2)_LABEL = $$(if $$($(2)_LOCAL_SRC),$(1) of $$($(2)_LOCAL_SRC),$(1)-$$($(2)_VERSION))
$(2)_DESTDIR ?= $(OUT)/pkg/$(1)
$(2)_CONFIGURE_CMDS ?= $$(call pkg-default-configure,$(2))
$(2)_BUILD_CMDS ?= $$(call pkg-default-build,$(2))
$(2)_INSTALL_CMDS ?= $$(call pkg-default-install,$(2))
endef

# $(call package-check,PKG): every download has a hash, every patch comes
# from a download; and the package's local patches.
define package-check
$(1)_FILES := $$(foreach s,$$(call pkg-tarballs,$(1)) $$(call pkg-extras,$(1)),$$(call pkg-file,$$(s)))
$(1)_HASHES := $$(call pkg-hashes,$$($(1)_HASHFILE),$$($(1)_FILES))
$$(if $$(filter make:,$$(firstword $$($(1)_HASHES))),$$(error $$(wordlist 2,999,$$($(1)_HASHES))))
$$(if $$($(1)_VERSION),,$$(error $(PACKAGES_DIR)/$$($(1)_NAME).mk sets no $(1)_VERSION))
# Upstream's tarball may go unpinned when Debian's is pinned (as make bump
# leaves it when nothing vouched for upstream's bytes): Debian's is used.
$(1)_UNPINNED := $$(if $$(and $$($(1)_SITE),$$(filter missing:$$($(1)_SOURCE),$$($(1)_HASHES)),\
	$$(filter $$(if $$($(1)_DEBIAN),$$($(1)_DEBIAN_SOURCE)=%) $$(if $$($(1)_DEBIAN_BINARY),$$($(1)_DEBIAN_BINARY_FILE)=%),\
	$$($(1)_HASHES))),$$($(1)_SOURCE))
$$(foreach m,$$(filter-out missing:$$($(1)_UNPINNED),$$(filter missing:%,$$($(1)_HASHES))),$$(error $$($(1)_HASHFILE) has no sha256 line for \
	$$(m:missing:%=%) ($(1)_VERSION = $$($(1)_VERSION)$$(if $$($(1)_DEBIAN),$$(comma) $(1)_DEBIAN = $$($(1)_DEBIAN)))))
$$(if $$($(1)_DEBIAN_BINARY),$$(if $$(filter $$($(1)_VERSION)-%,$$(lastword $$(subst :, ,$$(lastword $$(subst =, ,\
	$$($(1)_DEBIAN_BINARY)))))),,$$(error $(1)_DEBIAN_BINARY = $$($(1)_DEBIAN_BINARY) is not version \
	$$($(1)_VERSION) ($(1)_VERSION))))
$$(foreach p,$$($(1)_PATCHES),$$(if $$(filter $$(firstword $$(subst :, ,$$(p))),$$($(1)_FILES)),,\
	$$(error $(1)_PATCHES: $$(p) is not a file of $(1)_EXTRA_DOWNLOADS)))
$(1)_LOCAL_PATCHES := $$(sort $$(wildcard $(TOPDIR)/patches/$$($(1)_NAME)/*.patch))
endef

# $(call package-rules,PKG): the steps of a package.
define package-rules
# The source, shared by every architecture: fetch, verify, extract, patch.
# Its identity: version, files and hashes, patches (local ones by hash).
ifeq ($$($(1)_SOURCE_FROM),$$($(1)_NAME))
$(VARS)/$$($(1)_NAME).source: FORCE | deps
	$$(call filechk,$$($(1)_VERSION) $$($(1)_HASHES) patches: $$($(1)_PATCHES) \
	$$(if $$($(1)_LOCAL_PATCHES),$$(shell cd $(TOPDIR) && sha256sum $$($(1)_LOCAL_PATCHES:$(TOPDIR)/%=%))))
$(SRCSTAMPS)/$$($(1)_NAME).extracted: $(VARS)/$$($(1)_NAME).source | deps
	$$(call step,SOURCE,$$(notdir $$($(1)_SRCDIR)))
	$$(Q)t=$$$$($$(call pkg-fetch,$(1))) && \
		if [ "$$$${t##*/}" = "$$($(1)_DEBIAN_BINARY_FILE)" ]; then printf '  %-8s%s\n' NOTE \
			"$$(notdir $$($(1)_SRCDIR)) is $$($(1)_DEBIAN_BINARY_MEMBER) of $$$${t##*/}: $$($(1)_DEBIAN_BINARY_NOTE)"; \
			src="$$$$t:$$($(1)_DEBIAN_BINARY_MEMBER)"; else src=$$$$t; fi && \
		$(TOPDIR)/scripts/extract.sh "$$$$src" $$($(1)_SRCDIR) $$(call pkg-patch-paths,$(1)) && \
		if [ -n "$$($(1)_UNPINNED)" ]; then printf '  %-8s%s\n' NOTE \
			"$$($(1)_HASHFILE:$(TOPDIR)/%=%) pins no $$($(1)_SOURCE): upstream's is not used"; fi && \
		if [ "$$$${t##*/}" = "$$($(1)_DEBIAN_SOURCE)" ] && [ -n "$$($(1)_DEBIAN_NOTE)" ]; then \
			printf '  %-8s%s\n' NOTE "$$(notdir $$($(1)_SRCDIR)) is $$$${t##*/}: $$($(1)_DEBIAN_NOTE)"; fi && \
		mkdir -p $(SRCSTAMPS) && echo "$$$${t##*/}" >$$@
FETCH_LIST += $$($(1)_NAME)
# The license texts, checked against their hashes. The source is unchanged
# by the check: configuring waits for it but is not redone after it.
$(VARS)/$$($(1)_NAME).license: FORCE | deps
	$$(call filechk,$$($(1)_LICENSE_FILES) $$(call pkg-license-lines,$$($(1)_HASHFILE)))
$(SRCSTAMPS)/$$($(1)_NAME).licensed: $(SRCSTAMPS)/$$($(1)_NAME).extracted $(VARS)/$$($(1)_NAME).license \
		$(TOPDIR)/scripts/license-check.sh
	$$(if $$($(1)_LICENSE_FILES),$$(call step,LICENSE,$$(notdir $$($(1)_SRCDIR))))
	$$(Q)$(TOPDIR)/scripts/license-check.sh $$($(1)_NAME) $$($(1)_HASHFILE) $$($(1)_SRCDIR) $$($(1)_LICENSE_FILES)
	$$(Q)touch $$@
endif

# The steps for this architecture, each recorded with what it runs.
$(OUTVARS)/$$($(1)_NAME).configure: FORCE | deps
	$$(call filechk,$(hashchar) toolchain: $$(TOOLCHAIN_ID)$$(newline)$$(if $$($(1)_CONFIG_FILES),$(hashchar) \
	config files: $$(shell sha256sum $$($(1)_CONFIG_FILES))$$(newline))$$($(1)_CONFIGURE_CMDS))
$(OUTVARS)/$$($(1)_NAME).build: FORCE | deps
	$$(call filechk,$$($(1)_BUILD_CMDS))
$(OUTVARS)/$$($(1)_NAME).install: FORCE | deps
	$$(call filechk,$$($(1)_INSTALL_CMDS))
$(STAMPS)/$$($(1)_NAME).configured: $(SRCSTAMPS)/$$($(1)_SOURCE_FROM).extracted \
		$(OUTVARS)/$$($(1)_NAME).configure $(STAMPS)/toolchain.checked \
		$$(foreach d,$$($(1)_DEPENDENCIES),$(STAMPS)/$$(d).installed) \
		| $(SRCSTAMPS)/$$($(1)_SOURCE_FROM).licensed $(LAUNCHER_STAMP)
	$$(call step,CONFIG,$$($(1)_LABEL))
	$$(Q)$$(call run-step,$$($(1)_NAME),configure)
	$$(if $$($(1)_CONFIGURE_NOTES),$$(Q)$$($(1)_CONFIGURE_NOTES))
	$$(Q)mkdir -p $(STAMPS) && touch $$@
$(STAMPS)/$$($(1)_NAME).built: $(STAMPS)/$$($(1)_NAME).configured $(OUTVARS)/$$($(1)_NAME).build \
		| $(LAUNCHER_STAMP)
	$$(call step,BUILD,$$($(1)_LABEL)$$(if $$($(1)_BUILD_NOTE), $$($(1)_BUILD_NOTE)))
	$$(Q)$$(call run-step,$$($(1)_NAME),build)
	$$(Q)touch $$@
$(STAMPS)/$$($(1)_NAME).installed: $(STAMPS)/$$($(1)_NAME).built $(OUTVARS)/$$($(1)_NAME).install \
		| $(LAUNCHER_STAMP)
	$$(call step,INSTALL,$$($(1)_LABEL))
	$$(Q)$$(call run-step,$$($(1)_NAME),install)
	$$(Q)$(TOPDIR)/scripts/manifest.sh $$($(1)_DESTDIR) $(OUT)/pkg/$$($(1)_NAME).manifest
	$$(Q)touch $$@
# What the package installed, rewritten only when that changed, so that
# what depends on it is redone only then.
$(OUT)/pkg/$$($(1)_NAME).manifest: $(STAMPS)/$$($(1)_NAME).installed ;

.PHONY: $$($(1)_NAME)
$$($(1)_NAME): $(STAMPS)/$$($(1)_NAME).installed
endef

# $(call run-step,NAME,STEP): run a recorded step, its output in its log.
run-step = JOBS=$(JOBS) $(call logged,$(1)-$(2)) sh -e$(if $(filter 1,$(V)),x) $(OUTVARS)/$(1).$(2)

# Every package: read, checked, and given its rules.
$(foreach p,$(ALL_PACKAGES),$(eval $(call package,$(p),$(call pkg-prefix,$(p)))))
ifneq ($(PKG_CHECK),)
$(foreach p,$(ALL_PACKAGES),$(eval $(call package-check,$(call pkg-prefix,$(p)))))
endif
$(foreach p,$(ALL_PACKAGES),$(eval $(call package-rules,$(call pkg-prefix,$(p)))))
