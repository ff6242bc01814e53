# musl libc, built into the sysroot that busybox is linked against.
MUSL_VERSION = 1.2.3
