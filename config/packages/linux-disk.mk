# The kernel of disk images, on the architectures that give them one of
# their own (DISK_KERNEL = separate in config/arch/ARCH.mk): linux's source
# and options plus config/linux-disk.fragment and the architecture's
# ARCH.disk.fragment. make image builds it; make run never needs it. Its
# modules, when its fragments enable them, go into the disk's root only. A
# kernel with modules by LINUX_FRAGMENT or ARCH.fragment is never split:
# the rootfs holds one kernel's modules, so the disk image gets that kernel.
LINUX_DISK_VERSION = $(LINUX_VERSION)
LINUX_DISK_SOURCE_FROM = linux
LINUX_DISK_LICENSE = $(LINUX_LICENSE)
LINUX_DISK_CONFIG_FILES = $(LINUX_DISK_FRAGMENTS)
# LINUX_SRC=dir and DEBUG=1 (linux.mk) build this kernel too.
LINUX_DISK_LOCAL_SRC = $(LINUX_LOCAL_SRC)
LINUX_DISK_LOCAL_VERSION = $(LINUX_LOCAL_VERSION)
LINUX_DISK_LOCAL_TREE = $(LINUX_LOCAL_TREE)
LINUX_DISK_BUILDDIR = $(BUILDDIR)/linux-disk$(LINUX_TREE_SUFFIX)
LINUX_DISK_CONFIGURE_NOTES = $(call linux-configure-notes,LINUX_DISK)
LINUX_DISK_BUILD_NOTE = (a few minutes; log: $(OUT)/logs/linux-disk-build.log)

LINUX_DISK_CONFIGURE_CMDS = $(call linux-configure,LINUX_DISK)
LINUX_DISK_BUILD_CMDS = $(call linux-build,LINUX_DISK)
# Its modules (x86_64.disk.fragment has some), for the disk's root only:
# make image adds this tree to the staged one in rootfs.ext4.
LINUX_DISK_INSTALL_CMDS = $(call linux-install,LINUX_DISK)
