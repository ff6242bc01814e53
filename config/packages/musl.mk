# musl: the C library every target program is linked against, statically.
# Built with the architecture's cross compiler and installed, with its
# musl-gcc wrapper, into the sysroot.
MUSL_VERSION = 1.2.6
MUSL_SITE = https://musl.libc.org/releases
MUSL_DEBIAN = forky musl=1.2.6-1
MUSL_CPE = cpe:2.3:a:musl-libc:musl
MUSL_LICENSE = MIT
MUSL_LICENSE_FILES = COPYRIGHT
MUSL_DESTDIR = $(SYSROOT)

# Fixes made after 1.2.6, as Debian's stable update of 1.2.5 (trixie)
# carries them: the iconv gb18030 decoder and qsort (see musl.cves).
MUSL_PATCH_SOURCE = trixie/musl=1.2.5-3.1~deb13u1
MUSL_EXTRA_DOWNLOADS = apt:$(MUSL_PATCH_SOURCE)/musl_1.2.5-3.1~deb13u1.debian.tar.xz
MUSL_PATCHES = $(foreach p,0001-fix-pathological-slowness-incorrect-mappings-in-icon \
	0002-qsort-fix-leonardo-heap-corruption-from-bug-in-doubl,\
	musl_1.2.5-3.1~deb13u1.debian.tar.xz:debian/patches/$(p).patch)

define MUSL_CONFIGURE_CMDS
rm -rf "$(MUSL_BUILDDIR)" && mkdir -p "$(MUSL_BUILDDIR)" && cd "$(MUSL_BUILDDIR)"
"$(MUSL_SRCDIR)/configure" --target=$(TARGET_TRIPLE) --prefix="$(SYSROOT)" \
	--syslibdir="$(SYSROOT)/lib" --disable-shared --enable-wrapper=gcc \
	CROSS_COMPILE=$(TARGET_CROSS) CC=$(TARGET_CROSS)gcc
endef
# Its own musl-gcc, whose compiles a distcc host can run (scripts/musl-gcc.sh).
define MUSL_INSTALL_CMDS
rm -rf "$(SYSROOT)"
$(MAKE) -C "$(MUSL_BUILDDIR)" install
"$(TOPDIR)/scripts/musl-gcc.sh" "$(SYSROOT)" $(TARGET_CROSS)gcc
endef
