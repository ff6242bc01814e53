# Customising the root filesystem without editing rootfs/. Both apply to the
# initramfs and to the disk image. Relative paths are from the top directory.

# Directories copied over rootfs/, in order, the last one winning:
#   make run ROOTFS_OVERLAY='../site-overlay ../host-overlay'
ROOTFS_OVERLAY ?=
# A script run on the staged tree before it is packed, with the tree's path
# as its argument and as its working directory. Its failure stops the build.
POST_BUILD ?=

# Packages installed into the root filesystem, in this order, each one
# config/packages/NAME.mk. SERVICE_PACKAGES are those of the services
# enabled in config/services that are packages (dropbear): enabling the
# service there is enough. The kernel's modules, if any, come after them.
PACKAGES ?= busybox $(SERVICE_PACKAGES)
