# armv7: 32-bit ARM, hard float, qemu's virt machine with a Cortex-A15,
# given the kernel by qemu, or booted from the disk image by U-Boot
# (Debian's qemu_arm build) reading its extlinux.conf.
CROSS_COMPILE = arm-linux-gnueabihf-
ARCH_DEPS = arm-linux-gnueabihf-gcc:gcc-arm-linux-gnueabihf qemu-system-arm:qemu-system-arm \
	/usr/lib/u-boot/qemu_arm/u-boot.bin:u-boot-qemu
UNAME_M = armv7l
LINUX_ARCH = arm
LINUX_IMAGE = arch/arm/boot/zImage
QEMU = qemu-system-arm
QEMU_CPU = cortex-a15
ROOT_PART_TYPE = 69DAD710-2CE4-4E3C-B16C-21A1D49ABED3
FIRMWARE_uboot = -bios /usr/lib/u-boot/qemu_arm/u-boot.bin
