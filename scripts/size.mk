# scripts/size.mk: make size, where the bytes of the system go and whether
# they fit the budgets of config/size.budget (scripts/size.sh does the
# work). Included by the Makefile, after scripts/package.mk.

# The budgets; another file with SIZE_BUDGET=file (relative: from the top).
SIZE_BUDGET ?= config/size.budget
override SIZE_BUDGET := $(call from_top,$(SIZE_BUDGET))
# A vmlinux, or a saved out/ARCH/size/vmlinux.syms.gz, to compare the
# kernel with; by default, the kernel before the last change make size saw.
SIZE_BASE ?=
SIZE_BASE_FILE = $(if $(SIZE_BASE),$(call from_top,$(SIZE_BASE)))
# How many directories, symbols and files the summary shows.
SIZE_TOP ?= 10
SIZE_DIR := $(OUT)/size

.PHONY: size
size: $(KERNEL_FILE) $(SYSTEM_INITRAMFS) $(MKCPIO) $(INFO) | deps
	$(call step,SIZE,$(SIZE_DIR))
	$(Q)SIZE_BASE='$(SIZE_BASE_FILE)' SIZE_TOP='$(SIZE_TOP)' $(TOPDIR)/scripts/size.sh $(INFO) $(SIZE_DIR) $(SIZE_BUDGET)
