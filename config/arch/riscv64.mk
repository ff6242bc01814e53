# riscv64: 64-bit RISC-V, qemu's virt machine with the OpenSBI firmware qemu
# ships, given the kernel by qemu, or booted from the disk image by U-Boot
# (Debian's qemu-riscv64_smode build) reading its extlinux.conf.
CROSS_COMPILE = riscv64-linux-gnu-
ARCH_DEPS = riscv64-linux-gnu-gcc:gcc-riscv64-linux-gnu qemu-system-riscv64:qemu-system-misc \
	/usr/lib/u-boot/qemu-riscv64_smode/uboot.elf:u-boot-qemu
UNAME_M = riscv64
LINUX_ARCH = riscv
LINUX_IMAGE = arch/riscv/boot/Image
QEMU = qemu-system-riscv64
CONSOLE = ttyS0
# The virt machine's 16550 UART, found in the device tree.
KERNEL_NEEDS = SERIAL_8250_CONSOLE SERIAL_OF_PLATFORM
APP_EXIT = sifive-test
ROOT_PART_TYPE = 72EC70A6-CF74-40E6-BD49-4BDA08E8F224
FIRMWARE_uboot = -kernel /usr/lib/u-boot/qemu-riscv64_smode/uboot.elf
