# musl: the C library every target program is linked against, statically.
# Built with the architecture's cross compiler and installed, with its
# musl-gcc wrapper, into the sysroot.
MUSL_VERSION = 1.2.3
MUSL_SITE = https://musl.libc.org/releases
MUSL_DEBIAN = bookworm musl=1.2.3-1
MUSL_LICENSE = MIT
MUSL_LICENSE_FILES = COPYRIGHT
MUSL_DESTDIR = $(SYSROOT)

define MUSL_CONFIGURE_CMDS
rm -rf "$(MUSL_BUILDDIR)" && mkdir -p "$(MUSL_BUILDDIR)" && cd "$(MUSL_BUILDDIR)"
"$(MUSL_SRCDIR)/configure" --target=$(TARGET_TRIPLE) --prefix="$(SYSROOT)" \
	--syslibdir="$(SYSROOT)/lib" --disable-shared --enable-wrapper=gcc \
	CROSS_COMPILE=$(TARGET_CROSS) CC=$(TARGET_CROSS)gcc
endef
define MUSL_INSTALL_CMDS
rm -rf "$(SYSROOT)"
$(MAKE) -C "$(MUSL_BUILDDIR)" install
endef
