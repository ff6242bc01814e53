# scripts/info.mk: the build's model, one JSON document per architecture,
# $(OUT)/info.json, as Buildroot's show-info gives its packages: every
# package with its variables, this architecture's variables, the settings
# and the path of every artifact. make info writes it, and rewrites it only
# when its text changed; the reports (cve-report, outdated, legal-info,
# sbom) read it by key. Its shape: scripts/info.schema.json, checked by
# make test. Keys are the variables' names in lower case, without the
# package's prefix: LINUX_DEBIAN_BINARY is packages.linux.debian_binary.
# Its path, INFO, is set with the other outputs' in the Makefile, before
# the rules that read it.

tab := $() $()
tab := $(subst $(space),	,$(tab))

# JSON text: a string, and a list of strings from a list of words.
json-esc = $(subst $(tab),\t,$(subst $(newline),\n,$(subst ",\",$(subst \,\\,$(1)))))
json-str = "$(call json-esc,$(1))"
json-list = [$(subst " ","$(comma) ",$(foreach w,$(1),"$(call json-esc,$(w))"))]
# Make writes a member or an element followed by a comma, always, and ends
# each object with a member "" and each list of objects with null, which
# the jq of the recipe removes (it also checks that the text is JSON).
lc = $(strip $(subst A,a,$(subst B,b,$(subst C,c,$(subst D,d,$(subst E,e,$(subst F,f,$(subst G,g,\
	$(subst H,h,$(subst I,i,$(subst J,j,$(subst K,k,$(subst L,l,$(subst M,m,$(subst N,n,\
	$(subst O,o,$(subst P,p,$(subst Q,q,$(subst R,r,$(subst S,s,$(subst T,t,$(subst U,u,\
	$(subst V,v,$(subst W,w,$(subst X,x,$(subst Y,y,$(subst Z,z,$(1))))))))))))))))))))))))))))

# A package's variables (scripts/package.mk), as strings and as lists.
INFO_PKG_STRINGS := VERSION SOURCE SITE DEBIAN DEBIAN_SUITE DEBIAN_NAME DEBIAN_VERSION DEBIAN_SOURCE \
	DEBIAN_NOTE DEBIAN_BINARY DEBIAN_BINARY_FILE DEBIAN_BINARY_MEMBER DEBIAN_BINARY_NOTE CPE LICENSE \
	SOURCE_FROM SRCDIR BUILDDIR DESTDIR DL HASHFILE CVES UNPINNED BUILD_NOTE LOCAL_SRC LOCAL_VERSION LOCAL_TREE
INFO_PKG_LISTS := EXTRA_DOWNLOADS LICENSE_FILES DEPENDENCIES CONFIG_FILES CONF_OPTS MAKE_OPTS FILES
# The files of the settings, whose variables info.json holds as settings.
INFO_SETTINGS_FILES := $(addprefix $(TOPDIR)/config/,system.mk app.mk image.mk rootfs.mk)
info-vars = $(sort $(shell sed -n 's/^\([A-Za-z_][A-Za-z0-9_]*\)[ 	]*[:?+]*=.*/\1/p' $(1)))

# $(call info-hash,PKG,FILE): FILE's pinned sha256, from PKG_HASHES.
info-hash = $(patsubst $(2)=%,%,$(filter $(2)=%,$($(1)_HASHES)))
# $(call info-package,PKG): one package's object.
define info-package
"$($(1)_NAME)": {
    "name": "$($(1)_NAME)",
$(foreach v,$(INFO_PKG_STRINGS),    "$(call lc,$(v))": $(call json-str,$($(1)_$(v))),
)$(foreach v,$(INFO_PKG_LISTS),    "$(call lc,$(v))": $(call json-list,$($(1)_$(v))),
)    "in_rootfs": $(if $(filter $($(1)_NAME),$(ROOTFS_PACKAGES)),true,false),
    "downloads": [$(foreach s,$(call pkg-tarballs,$(1)) $(call pkg-extras,$(1)),{"from": $(call json-str,$(s)), \
	"file": $(call json-str,$(call pkg-file,$(s))), "sha256": $(call json-str,$(call info-hash,$(1),$(call pkg-file,$(s))))},) null],
    "patches": [$(foreach p,$($(1)_PATCHES),{"name": $(call json-str,$(notdir $(lastword $(subst :, ,$(p))))), \
	"path": $(call json-str,$($(1)_DL)/$(p)), "download": $(call json-str,$(firstword $(subst :, ,$(p)))), \
	"member": $(call json-str,$(if $(findstring :,$(p)),$(patsubst $(firstword $(subst :, ,$(p))):%,%,$(p)))), \
	"sha256": $(call json-str,$(call info-hash,$(1),$(firstword $(subst :, ,$(p)))))},) $(foreach p,$($(1)_LOCAL_PATCHES),\
	{"name": $(call json-str,$(notdir $(p))), "path": $(call json-str,$(p)), "download": "", "member": "", \
	"sha256": "$(firstword $(shell sha256sum $(p)))"},) null],
    "steps": {"configure": "$(OUTVARS)/$($(1)_NAME).configure", "build": "$(OUTVARS)/$($(1)_NAME).build", "install": "$(OUTVARS)/$($(1)_NAME).install"},
    "stamps": {"extracted": "$(SRCSTAMPS)/$($(1)_SOURCE_FROM).extracted", "licensed": "$(SRCSTAMPS)/$($(1)_SOURCE_FROM).licensed", "installed": "$(STAMPS)/$($(1)_NAME).installed"},
    "manifest": "$(OUT)/pkg/$($(1)_NAME).manifest"
  },
endef

# The artifacts, by name: the path each has when it is made.
INFO_ARTIFACTS = kernel=$(KERNEL_FILE) run_kernel=$(RUN_KERNEL_FILE) disk_kernel=$(DISK_KERNEL_FILE) \
	initramfs=$(INITRAMFS) system_initramfs=$(SYSTEM_INITRAMFS) app_initramfs=$(APP_INITRAMFS) \
	rootfs=$(STAGING) rootfs_permissions=$(STAGING_TABLE) rootfs_ext4=$(ROOTFS_EXT4) disk_image=$(DISK) \
	sysroot=$(SYSROOT) target_cc=$(TARGET_CC) mkcpio=$(MKCPIO) sbom=$(SBOM) legal_info=$(OUT)/legal-info \
	logs=$(OUT)/logs linux_builddir=$(LINUX_BUILDDIR) system_map=$(LINUX_BUILDDIR)/System.map

define INFO_TEXT
{
  "schema": 1,
  "arch": "$(ARCH)",
  "arches": $(call json-list,$(ARCHES)),
  "dirs": {"top": $(call json-str,$(TOPDIR)), "o": $(call json-str,$(O)), "out": $(call json-str,$(OUT)), "dl": $(call json-str,$(DL_DIR)), "src": $(call json-str,$(SRCDIR)), "source_stamps": $(call json-str,$(SRCSTAMPS)), "stamps": $(call json-str,$(STAMPS))},
  "arch_vars": {
$(foreach v,$(call info-vars,$(TOPDIR)/config/arch.mk $(TOPDIR)/config/arch/$(ARCH).mk),    "$(v)": $(call json-str,$($(v))),
)    "": ""
  },
  "settings": {
$(foreach v,$(call info-vars,$(INFO_SETTINGS_FILES)) SOURCE_DATE_EPOCH LINUX_BUILD_EPOCH LINUX_BUILD_TIMESTAMP JOBS HOSTCC,    "$(v)": $(call json-str,$($(v))),
)    "": ""
  },
  "packages_all": $(call json-list,$(ALL_PACKAGES)),
  "packages_rootfs": $(call json-list,$(ROOTFS_PACKAGES)),
  "packages_sbom": $(call json-list,$(call pkg-closure,$(ROOTFS_PACKAGES))),
  "packages_legal": $(call json-list,$(LEGAL_PACKAGES)),
  "artifacts": {
$(foreach a,$(INFO_ARTIFACTS),    "$(firstword $(subst =, ,$(a)))": $(call json-str,$(patsubst $(firstword $(subst =, ,$(a)))=%,%,$(a))),
)    "": ""
  },
  "packages": {
  $(foreach p,$(ALL_PACKAGES),$(call info-package,$(call pkg-prefix,$(p))))  "": null
  }
}
endef

# Always considered, rewritten only when the text changed (kbuild's filechk):
# what reads it is redone only then. make -n writes nothing.
.PHONY: info
info: $(INFO)
	@echo $(INFO:$(CURDIR)/%=%)
$(INFO): FORCE
	$(if $(dry-run),,$(shell mkdir -p $(@D))$(file >$@.raw,$(INFO_TEXT)))
	$(Q)jq 'walk(if type == "object" then del(.[""]) elif type == "array" then map(select(. != null)) else . end)' \
		$@.raw >$@.new && rm -f $@.raw
	$(Q)if cmp -s $@.new $@; then rm -f $@.new; else mv -f $@.new $@; fi
