# The defaults of every architecture, read before config/arch/ARCH.mk, which
# sets only what differs (as mkroot sets its defaults before its targets):
# qemu's virt machine with virtio devices and a PL011 console, booted from
# the disk image by U-Boot's extlinux.conf. config/arch/README documents
# each variable.
QEMU_MACHINE = virt
QEMU_CPU =
QEMU_DEVICES = -device virtio-net-pci,netdev=net0 -device virtio-rng-pci
CONSOLE = ttyAMA0
KERNEL_NEEDS = SERIAL_AMBA_PL011_CONSOLE
ARCH_CMDLINE =
# No exit device on virt: the console's status line carries the status.
APP_EXIT =
IMAGE_BOOT = extlinux
IMAGE_FIRMWARES = uboot
