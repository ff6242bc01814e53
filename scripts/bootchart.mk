# bootchart.mk: `make bootchart`, included by the Makefile: boot the system
# once with initcall_debug, print the slowest initcalls and the boot
# milestones, and chart them in $(OUT)/bootchart/ (scripts/bootchart.sh).

BOOTCHART_DIR = $(OUT)/bootchart

ifneq ($(and $(filter bootchart,$(MAKECMDGOALS)),$(APP)),)
$(error bootchart charts the busybox system's boot, not an app's: unset APP)
endif

.PHONY: bootchart
bootchart: all
	$(Q)$(RUN_ENV) ARCH=$(ARCH) BOOTCHART_CMDLINE='$(BOOTCHART_CMDLINE)' SYSTEM_MAP=$(LINUX_BUILDDIR)/System.map \
		$(TOPDIR)/scripts/bootchart.sh $(BOOTCHART_DIR)
