# Disk images (make image): a GPT disk with an EFI system partition and an
# ext4 root, booted by the architecture's firmware (config/arch/ARCH.mk).

# Seed of the disk's, partitions' and filesystems' UUIDs: the same seed
# gives the same image. Change it to tell images apart.
IMAGE_ID ?= minilinux
# MiB left free in the root filesystem.
ROOTFS_FREE ?= 8
# Whole image size in MiB; empty means computed from the content. A size
# too small for the content is refused; a larger one grows the root.
IMAGE_SIZE ?=
# make run-image makes the image again when what it is made from changed
# (yes), or boots it as it is (no). It refuses to make again an image that
# was booted since it was made: make image does, keeping it as disk.img.old.
IMAGE_REBUILD ?= yes
# raw, or qcow2 for a qcow2 copy beside disk.img.
IMAGE_FORMAT ?= raw
# Kernel command line after root=PARTUUID=... rw init=/init.
IMAGE_CMDLINE ?= console=$(CONSOLE) quiet
# The firmware of make run-image is one of the architecture's
# IMAGE_FIRMWARES (config/arch/ARCH.mk), the first by default; FIRMWARE=uefi
# picks another.
