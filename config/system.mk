# Settings for the system and for qemu. Change them here, or for one run on
# the command line: make run QEMU_MEM=512M ACCEL=tcg

# Memory for the guest.
QEMU_MEM ?= 256M
# Acceleration: auto (KVM only with the kvm_intel or kvm_amd module), kvm, tcg.
ACCEL ?= auto
# Extra qemu options, appended to the command line.
QEMU_OPTS ?=
# Host port forwards into the guest, PROTO:[HOSTADDR]:HOSTPORT-[GUESTADDR]:PORT,
# space-separated. With no HOSTADDR they listen on 127.0.0.1 only.
HOSTFWD ?=
# 1 cuts the guest off from the host and the outside (qemu's restrict=on):
# otherwise a guest user reaches the host's services, even those bound to
# 127.0.0.1, through 10.0.2.2. Forwards into the guest still work.
NET_RESTRICT ?= 0
# make run SHARE=dir: this host directory in the guest at /mnt/host, over
# virtio-9p, read-only unless SHARE_RW=1 (rcS mounts it).
SHARE ?=
SHARE_RW ?= 0
# make run GDB=1: qemu holds the guest at its first instruction, its gdb
# stub on 127.0.0.1:GDB_PORT, until `make gdb` (in another terminal)
# connects with GDB_PROGRAM; GDB_SCRIPT=file gives gdb commands to run.
GDB ?= 0
# LINUX_SRC=dir: build the kernel from this tree of yours, out of tree
# (config/packages/linux.mk); DEBUG=1: with debug information and the
# kernel's gdb helpers (config/linux-debug.fragment).
LINUX_SRC ?=
DEBUG ?= 0
GDB_PORT ?= 1234
GDB_PROGRAM ?= gdb-multiarch
GDB_SCRIPT ?=
VMLINUX ?=
# Kernel command line for `make run` and the tests; CONSOLE and ARCH_CMDLINE
# come from the architecture's file, config/arch/ARCH.mk.
KERNEL_CMDLINE ?= $(strip console=$(CONSOLE) quiet $(ARCH_CMDLINE) $(if $(filter 1,$(GDB)),nokaslr))
# Added to KERNEL_CMDLINE by `make bootchart`: each initcall's time, printk
# stamps, and every kernel message on the console, whatever the log level.
BOOTCHART_CMDLINE ?= initcall_debug printk.time=1 ignore_loglevel
# ccache for every compile of the build (the kernel, busybox, musl, the
# target programs): auto uses it when it is installed, 1 installs it (make
# deps), 0 turns it off. The cache is CCACHE_DIR, by default DL_DIR/ccache,
# which make clean keeps.
CCACHE ?= auto
# distcc: the hosts that compile, in distcc's own syntax (DISTCC_HOSTS=
# 'localhost/2 build1/8 build2/8'), and each must run distccd with the
# same cross compiler; empty compiles here. With ccache, only its misses go.
DISTCC_HOSTS ?=
