# x86_64: qemu's PC, with the kernel given to qemu, or booted from the disk
# image by SeaBIOS or OVMF (UEFI) through syslinux.
CROSS_COMPILE = x86_64-linux-gnu-
ARCH_DEPS = x86_64-linux-gnu-gcc:gcc qemu-system-x86_64:qemu-system-x86 \
	syslinux:syslinux /usr/lib/syslinux/mbr/gptmbr.bin:syslinux-common \
	/usr/lib/SYSLINUX.EFI/efi64/syslinux.efi:syslinux-efi /usr/share/ovmf/OVMF.fd:ovmf
UNAME_M = x86_64
LINUX_ARCH = x86_64
LINUX_IMAGE = arch/x86/boot/bzImage
# make run boots the uncompressed kernel through PVH: no decompression.
RUN_KERNEL = vmlinux
# Disk images get a kernel of their own, with ext4, vfat and the EFI stub
# (config/linux-disk.fragment, x86_64.disk.fragment): make run's is smaller.
DISK_KERNEL = separate
QEMU = qemu-system-x86_64
QEMU_MACHINE = pc
QEMU_CPU =
# With the kernel loaded at 2 MiB (x86_64.fragment); 16 MiB is too little.
QEMU_MEM_MIN = 24M
# Without ACPI PCI hotplug, the DSDT is half the size for the kernel to parse.
QEMU_DEVICES = -device virtio-net-pci,netdev=net0 -device virtio-rng-pci \
	-global PIIX4_PM.acpi-pci-hotplug-with-bridge-support=off -global PIIX4_PM.acpi-root-pci-hotplug=off
CONSOLE = ttyS0
KERNEL_NEEDS = SERIAL_8250_CONSOLE
# acpi=noirq routes PCI interrupts without running ACPI's AML, which takes
# 0.4 s under TCG; qemu's BIOS gives the kernel a routing table for that.
# initmem_poison=off (patches/linux/0001-*) frees the kernel's init code
# without writing over it, which costs TCG some 0.15 s of boot.
ARCH_CMDLINE = acpi=noirq initmem_poison=off
APP_EXIT = isa-debug-exit
IMAGE_BOOT = syslinux
EFI_BOOT_FILE = BOOTX64.EFI
ROOT_PART_TYPE = 4F68BCE3-E8CD-4DB1-96E7-FBCAF984B709
IMAGE_FIRMWARES = bios uefi
FIRMWARE_bios =
FIRMWARE_uefi = -bios /usr/share/ovmf/OVMF.fd
