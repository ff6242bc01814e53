/* probe: an app for the app-mode tests; each mode checks one duty of init.
 * usage: probe args ARG... | exit N | kill SIGNAL | orphans | sigterm | sigint
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t got;

static void handler(int sig)
{
	got = sig;
}

/* Count processes in state Z, as /proc/PID/stat shows them. */
static int zombies(void)
{
	DIR *d = opendir("/proc");
	struct dirent *de;
	int n = 0;

	if (!d) {
		perror("probe: /proc");
		exit(99);
	}
	while ((de = readdir(d))) {
		char buf[512], *p;
		FILE *f;
		int pd, fd;

		if (de->d_name[0] < '0' || de->d_name[0] > '9')
			continue;
		if ((pd = openat(dirfd(d), de->d_name,
				 O_RDONLY | O_DIRECTORY)) < 0)
			continue;
		fd = openat(pd, "stat", O_RDONLY);
		close(pd);
		if (fd < 0 || !(f = fdopen(fd, "r"))) {
			if (fd >= 0)
				close(fd);
			continue;
		}
		if (fgets(buf, sizeof(buf), f) && (p = strrchr(buf, ')')) &&
		    p[1] == ' ' && p[2] == 'Z')
			n++;
		fclose(f);
	}
	closedir(d);
	return n;
}

static void nap(long ms)
{
	struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};

	nanosleep(&ts, NULL);
}

/* Fork children that exit at once; their own children outlive them, so
 * they become orphans of PID 1, and exit once the pipe is closed. */
static int orphans(void)
{
	int fds[2], i;
	char c;

	/* First make sure the scan sees a zombie: our own unreaped child. */
	pid_t pid = fork();
	if (pid == 0)
		_exit(0);
	for (i = 0; i < 200 && !zombies(); i++)
		nap(10);
	printf("own zombie seen: %d\n", zombies() > 0);
	waitpid(pid, NULL, 0);

	if (pipe(fds))
		return perror("probe: pipe"), 99;
	for (i = 0; i < 5; i++) {
		if (fork() == 0) {
			if (fork() == 0) {
				close(fds[0]);
				nap(100);
				_exit(
				    0); /* closes fds[1]: the parent sees EOF */
			}
			_exit(0);
		}
	}
	close(fds[1]);
	while (wait(NULL) > 0)
		;
	while (read(fds[0], &c, 1) > 0)
		;
	/* All orphans have exited; PID 1 must reap them. */
	for (i = 0; i < 300 && zombies(); i++)
		nap(10);
	printf("zombies left: %d\n", zombies());
	return 0;
}

static int wait_for(int sig, const char *how)
{
	int i;

	signal(sig, handler);
	if (sig == SIGTERM)
		kill(1, SIGTERM);
	printf("waiting for %s\n", how);
	fflush(stdout);
	for (i = 0; i < 3000 && got != sig; i++)
		nap(10);
	printf("handler ran: %s\n", got == sig ? strsignal(sig) : "no");
	return got == sig ? 0 : 1;
}

int main(int argc, char **argv)
{
	int i;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc < 2)
		return fprintf(stderr, "probe: no mode\n"), 2;
	if (!strcmp(argv[1], "args")) {
		printf("argc %d\n", argc - 2);
		for (i = 2; i < argc; i++)
			printf("arg %d [%s]\n", i - 1, argv[i]);
		return 0;
	}
	if (!strcmp(argv[1], "exit") && argc == 3)
		return atoi(argv[2]);
	if (!strcmp(argv[1], "kill") && argc == 3) {
		if (!strcmp(argv[2], "SEGV"))
			*(volatile int *)0 = 1;
		kill(getpid(), SIGKILL);
	}
	if (!strcmp(argv[1], "orphans"))
		return orphans();
	if (!strcmp(argv[1], "sigterm"))
		return wait_for(SIGTERM, "SIGTERM sent to PID 1");
	if (!strcmp(argv[1], "sigint"))
		return wait_for(SIGINT, "Ctrl-C");
	fprintf(stderr, "probe: bad mode %s\n", argv[1]);
	return 2;
}
