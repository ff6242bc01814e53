# The kernel's UAPI headers, installed into the sysroot beside musl: what
# busybox and the other programs compile against. Built from linux's source.
LINUX_HEADERS_VERSION = $(LINUX_VERSION)
LINUX_HEADERS_SOURCE_FROM = linux
LINUX_HEADERS_LICENSE = $(LINUX_LICENSE)
LINUX_HEADERS_DEPENDENCIES = musl
LINUX_HEADERS_DESTDIR = $(SYSROOT)/include

LINUX_HEADERS_CONFIGURE_CMDS = mkdir -p "$(LINUX_HEADERS_BUILDDIR)"
LINUX_HEADERS_BUILD_CMDS = :
define LINUX_HEADERS_INSTALL_CMDS
$(MAKE) -C "$(LINUX_SRCDIR)" O="$(LINUX_HEADERS_BUILDDIR)" ARCH=$(LINUX_ARCH) \
	INSTALL_HDR_PATH="$(SYSROOT)" -j"$$JOBS" headers_install
endef
