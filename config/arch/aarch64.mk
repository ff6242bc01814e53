# aarch64: 64-bit ARM, qemu's virt machine with a Cortex-A57, given the
# kernel by qemu, or booted from the disk image by UEFI firmware (AAVMF,
# Debian's build of edk2 for arm64).
CROSS_COMPILE = aarch64-linux-gnu-
ARCH_DEPS = aarch64-linux-gnu-gcc:gcc-aarch64-linux-gnu qemu-system-aarch64:qemu-system-arm \
	/usr/share/qemu-efi-aarch64/QEMU_EFI.fd:qemu-efi-aarch64
UNAME_M = aarch64
LINUX_ARCH = arm64
LINUX_IMAGE = arch/arm64/boot/Image
QEMU = qemu-system-aarch64
QEMU_CPU = cortex-a57
IMAGE_BOOT = uefi
ROOT_PART_TYPE = B921B045-1DF0-41C3-AF44-4C6F280D3FAE
IMAGE_FIRMWARES = uefi
# Without ACPI tables from qemu, the firmware hands the kernel the device
# tree, which is all this kernel reads.
FIRMWARE_uefi = -machine acpi=off -bios /usr/share/qemu-efi-aarch64/QEMU_EFI.fd
