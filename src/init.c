/* init: a tiny PID 1 that runs one program (the app) and powers the machine
 * off when it ends, handing its exit status to the host.
 *
 * The app's argv is read from /etc/init.argv (NUL-separated), followed by any
 * arguments the kernel passes after "--" on its command line; /etc/init.env
 * (NUL-separated KEY=VALUE) is set over the environment the kernel gave us.
 * PID 1 must never exit, since the kernel panics when it does: every path
 * ends in poweroff, or in sleeping forever if poweroff fails. */
#define _GNU_SOURCE
#include "initlib.h"

#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
/* The machine's exit device, from the architecture's APP_EXIT (see
 * config/arch/README): the app's status is also handed to qemu there. */
#if defined(APP_EXIT_ISA_DEBUG_EXIT)
#include <sys/io.h>
#define DEBUG_EXIT_PORT 0xf4 /* qemu -device isa-debug-exit,iobase=0xf4 */
#elif defined(APP_EXIT_SIFIVE_TEST)
#include <stdint.h>
#include <sys/mman.h>
/* qemu's virt test device: FAIL with the code in the upper 16 bits makes
 * qemu exit with that code. */
#define TEST_DEVICE 0x100000
#define TEST_FAIL 0x3333
#endif

#define ARGV_FILE "/etc/init.argv"
#define ENV_FILE "/etc/init.env"

extern char **environ;

static const struct {
	const char *source, *target, *type;
	unsigned long flags;
	const char *data;
} mounts[] = {
    {"proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL},
    {"sysfs", "/sys", "sysfs", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL},
    {"devtmpfs", "/dev", "devtmpfs", MS_NOSUID, "mode=0755"},
    {"devpts", "/dev/pts", "devpts", MS_NOSUID | MS_NOEXEC,
     "gid=5,mode=0620,ptmxmode=0666"},
    {"tmpfs", "/tmp", "tmpfs", MS_NOSUID | MS_NODEV, "mode=1777"},
    {"tmpfs", "/run", "tmpfs", MS_NOSUID | MS_NODEV, "mode=0755"},
};

/* Every signal is passed on to the app, as tini does, except these: the
 * ones the kernel raises for a fault of our own, which a blocked signal
 * would turn into a silent kill, and the terminal's stop signals, which
 * concern no process of ours. SIGCHLD tells us to reap; SIGKILL and SIGSTOP
 * cannot be caught. */
static const int kept[] = {SIGFPE,  SIGILL, SIGSEGV, SIGBUS, SIGABRT,
			   SIGTRAP, SIGSYS, SIGTTIN, SIGTTOU};

static void warn(const char *what, const char *path)
{
	fprintf(stderr, "init: %s %s: %s\n", what, path, strerror(errno));
}

/* A directory is a mount point when it is on another device than its
 * parent. */
static int mounted(const char *dir)
{
	struct stat st, parent;
	size_t len = strlen(dir);
	char *up = malloc(len + 4);
	int r;

	if (!up)
		return 0;
	memcpy(up, dir, len);
	memcpy(up + len, "/..", 4);
	r = !stat(dir, &st) && !stat(up, &parent) && st.st_dev != parent.st_dev;
	free(up);
	return r;
}

static void mount_all(void)
{
	size_t i;

	for (i = 0; i < sizeof(mounts) / sizeof(mounts[0]); i++) {
		if (mkdir(mounts[i].target, 0755) && errno != EEXIST) {
			warn("cannot create", mounts[i].target);
			continue;
		}
		if (mounted(mounts[i].target))
			continue;
		if (mount(mounts[i].source, mounts[i].target, mounts[i].type,
			  mounts[i].flags, mounts[i].data))
			warn("cannot mount", mounts[i].target);
	}
}

static void open_console(void)
{
	int fd = open("/dev/console", O_RDWR | O_NOCTTY);

	if (fd < 0) {
		warn("cannot open", "/dev/console");
		return;
	}
	dup2(fd, 0);
	dup2(fd, 1);
	dup2(fd, 2);
	if (fd > 2)
		close(fd);
}

static void set_hostname(void)
{
	char *buf;
	size_t len;

	if (read_file("/etc/hostname", &buf, &len)) {
		if (errno != ENOENT)
			warn("cannot read", "/etc/hostname");
		return;
	}
	while (len && (buf[len - 1] == '\n' || buf[len - 1] == ' '))
		len--;
	if (len && sethostname(buf, len))
		warn("cannot set hostname from", "/etc/hostname");
	free(buf);
}

static void loopback_up(void)
{
	struct ifreq ifr;
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);

	if (fd < 0) {
		warn("cannot open a socket for", "lo");
		return;
	}
	memset(&ifr, 0, sizeof(ifr));
	strcpy(ifr.ifr_name, "lo");
	if (ioctl(fd, SIOCGIFFLAGS, &ifr) < 0) {
		warn("cannot get flags of", "lo");
	} else {
		ifr.ifr_flags |= IFF_UP;
		if (ioctl(fd, SIOCSIFFLAGS, &ifr) < 0)
			warn("cannot bring up", "lo");
	}
	close(fd);
}

/* Append the NUL-separated list in path to sv; a missing file is an error
 * only if required. */
static int load_list(struct strv *sv, const char *path, int required)
{
	char *buf;
	size_t len;
	int r;

	if (read_file(path, &buf, &len)) {
		if (required || errno != ENOENT)
			warn("cannot read", path);
		return required ? -1 : 0;
	}
	r = strv_split(sv, buf, len);
	free(buf);
	if (r)
		warn("out of memory reading", path);
	return r;
}

static pid_t start_app(char **argv, char **envp)
{
	sigset_t all;
	pid_t pid = fork();

	if (pid < 0) {
		warn("cannot fork for", argv[0]);
		return -1;
	}
	if (pid > 0)
		return pid;
	/* The app gets a session of its own with the console as its
	 * controlling terminal, so that Ctrl-C reaches it. */
	sigemptyset(&all);
	sigprocmask(SIG_SETMASK, &all, NULL);
	if (setsid() < 0)
		warn("setsid failed for", argv[0]);
	if (ioctl(0, TIOCSCTTY, 1) < 0)
		warn("cannot make the console the terminal of", argv[0]);
	execve(argv[0], argv, envp);
	warn("cannot run", argv[0]);
	_exit(errno == ENOENT ? 127 : 126);
}

/* The app leads a session and a process group of its own: the signal goes
 * to the group, as a terminal would send it, so that the app's helpers get
 * it too. Should setsid() have failed, there is no such group: then the
 * app alone gets it. */
static void forward(pid_t app, int sig)
{
	if (!kill(-app, sig) || (errno == ESRCH && !kill(app, sig)))
		return;
	if (errno != ESRCH)
		warn("cannot forward a signal to", "the app");
}

/* Wait for the app, reaping every other child that exits meanwhile and
 * passing on the forwarded signals. Returns the app's wait status. */
static int supervise(pid_t app, const sigset_t *set)
{
	for (;;) {
		siginfo_t info;
		int sig = sigwaitinfo(set, &info);

		if (sig < 0) {
			if (errno != EINTR)
				warn("sigwaitinfo failed in", "supervise");
			continue;
		}
		if (sig != SIGCHLD) {
			forward(app, sig);
			continue;
		}
		for (;;) {
			int wstatus;
			pid_t pid = waitpid(-1, &wstatus, WNOHANG);

			if (pid <= 0)
				break;
			if (pid == app)
				return wstatus;
		}
	}
}

static void report(const char *app, int wstatus)
{
	if (WIFSIGNALED(wstatus))
		printf("init: %s killed by signal %d (%s), status %d\n", app,
		       WTERMSIG(wstatus), strsignal(WTERMSIG(wstatus)),
		       status_code(wstatus));
	else
		printf("init: %s exited, status %d\n", app,
		       status_code(wstatus));
	fflush(stdout);
}

/* Hand the status to qemu's exit device, which ends qemu; without one,
 * return and let the console line and poweroff do. */
static void exit_device(int status)
{
#if defined(DEBUG_EXIT_PORT)
	if (ioperm(DEBUG_EXIT_PORT, 1, 1) == 0)
		outb((unsigned char)status, DEBUG_EXIT_PORT);
	else
		warn("cannot reach the debug-exit port for", "qemu");
#elif defined(TEST_DEVICE)
	int fd = open("/dev/mem", O_RDWR | O_SYNC);
	volatile uint32_t *reg;

	if (fd < 0) {
		warn("cannot open", "/dev/mem");
		return;
	}
	reg = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd,
		   TEST_DEVICE);
	close(fd);
	if (reg == MAP_FAILED) {
		warn("cannot map qemu's test device through", "/dev/mem");
		return;
	}
	*reg = ((uint32_t)status << 16) | TEST_FAIL;
#else
	(void)status;
#endif
}

static void power_off(void)
{
	if (reboot(RB_POWER_OFF))
		warn("cannot power off:", "reboot()");
}

/* Never returns: stop what is left, sync, tell qemu the status and power
 * off. When the machine's poweroff handler returns without powering off,
 * the kernel ends the task that called reboot(), and for PID 1 that is a
 * panic ("Attempted to kill init"): so a child calls it, as toybox's oneit
 * does, and if the child ends we sleep forever, still reaping (set holds
 * SIGCHLD). With no handler at all, the kernel halts instead. */
static void shutdown_with(int status, const sigset_t *set)
{
	kill(-1, SIGKILL);
	while (waitpid(-1, NULL, WNOHANG) > 0)
		;
	sync();
	exit_device(status);
	if (in_child(power_off)) {
		warn("cannot fork to power off; calling reboot() as", "PID 1");
		power_off();
	}
	printf("init: the machine did not power off; halted\n");
	fflush(stdout);
	for (;;) {
		siginfo_t info;

		if (sigwaitinfo(set, &info) == SIGCHLD)
			while (waitpid(-1, NULL, WNOHANG) > 0)
				;
	}
}

int main(int argc, char **argv)
{
	struct strv app = {0}, env = {0}, extra = {0};
	sigset_t set;
	size_t i;
	pid_t pid;
	int wstatus, status = 127;

	/* Block what we handle before any child exists: nothing is lost.
	 * The kernel drops signals that PID 1 neither blocks nor handles. */
	sigfillset(&set);
	for (i = 0; i < sizeof(kept) / sizeof(kept[0]); i++)
		sigdelset(&set, kept[i]);
	sigprocmask(SIG_BLOCK, &set, NULL);

	mount_all();
	open_console();
	set_hostname();
	loopback_up();

	if (load_list(&app, ARGV_FILE, 1))
		goto out;
	if (!app.n) {
		fprintf(stderr, "init: %s names no program\n", ARGV_FILE);
		goto out;
	}
	for (i = 1; i < (size_t)argc; i++)
		if (strv_add(&app, argv[i]))
			goto oom;
	for (i = 0; environ[i]; i++)
		if (strv_add(&env, environ[i]))
			goto oom;
	if (!getenv("PATH") &&
	    strv_add(&env, "PATH=/sbin:/bin:/usr/sbin:/usr/bin"))
		goto oom;
	/* APP_ENV's entries win over the kernel's and our PATH. */
	if (load_list(&extra, ENV_FILE, 0))
		goto out;
	for (i = 0; i < extra.n; i++) {
		if (!strv_setenv(&env, extra.v[i]))
			continue;
		if (errno == ENOMEM)
			goto oom;
		fprintf(stderr, "init: %s: not NAME=VALUE, ignored: %s\n",
			ENV_FILE, extra.v[i]);
	}
	if ((pid = start_app(app.v, env.v)) < 0)
		goto out;
	wstatus = supervise(pid, &set);
	report(app.v[0], wstatus);
	shutdown_with(status_code(wstatus), &set);
oom:
	fprintf(stderr, "init: out of memory\n");
out:
	printf("init: no app could be started, status %d\n", status);
	fflush(stdout);
	shutdown_with(status, &set);
	return 0;
}
