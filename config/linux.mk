# Linux kernel. The accepted tarballs and their SHA-256 are in linux.hash.
LINUX_VERSION = 6.1.176
LINUX_ARCH = x86_64
LINUX_IMAGE = arch/x86/boot/bzImage
