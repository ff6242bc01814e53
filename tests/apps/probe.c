/* probe: an app for the app-mode tests; each mode checks one duty of init.
 * usage: probe args ARG... | exit N | kill SIGNAL | orphans | sigterm | sigint
 *        | env NAME... | signals NAME...
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
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

/* Each NAME's value as getenv() sees it, and how many entries name it. */
static int env(int n, char **names)
{
	extern char **environ;
	int i, j;

	for (i = 0; i < n; i++) {
		size_t len = strlen(names[i]);
		const char *v = getenv(names[i]);
		int count = 0;

		for (j = 0; environ[j]; j++)
			count += !strncmp(environ[j], names[i], len) &&
				 environ[j][len] == '=';
		printf("%s [%s], entries: %d\n", names[i], v ? v : "(unset)",
		       count);
	}
	return 0;
}

static const struct {
	const char *name;
	int sig;
} signames[] = {
    {"HUP", SIGHUP},	 {"INT", SIGINT},	{"QUIT", SIGQUIT},
    {"USR1", SIGUSR1},	 {"USR2", SIGUSR2},	{"PIPE", SIGPIPE},
    {"ALRM", SIGALRM},	 {"TERM", SIGTERM},	{"CONT", SIGCONT},
    {"TSTP", SIGTSTP},	 {"URG", SIGURG},	{"XCPU", SIGXCPU},
    {"XFSZ", SIGXFSZ},	 {"VTALRM", SIGVTALRM}, {"PROF", SIGPROF},
    {"WINCH", SIGWINCH}, {"IO", SIGIO},		{"PWR", SIGPWR},
};

/* What the app (0) and its helper (1) have seen, in memory they share, so
 * that the helper sends a signal only once both saw the one before: the
 * kernel discards a pending SIGCONT when a stop signal such as SIGTSTP
 * comes, handled or not. */
static volatile sig_atomic_t (*shared)[128];
static volatile sig_atomic_t *seen;

static void note(int sig)
{
	if (sig > 0 && sig < 128)
		seen[sig] = 1;
}

/* Wait up to ms for every signal in sigs[0..n) to have been seen; print
 * "WHO got SIGNAME" or "WHO missed SIGNAME" for each. */
static int report_seen(const char *who, const int *sigs, char **names, int n,
		       long ms)
{
	int i, all = 0, missed = 0;

	for (; ms > 0 && !all; ms -= 10) {
		for (all = 1, i = 0; i < n; i++)
			all &= seen[sigs[i]];
		if (!all)
			nap(10);
	}
	for (i = 0; i < n; i++) {
		printf("%s %s SIG%s\n", who, seen[sigs[i]] ? "got" : "missed",
		       names[i]);
		missed += !seen[sigs[i]];
	}
	return missed;
}

/* Each signal is sent to PID 1 by a helper, a child of ours and so in our
 * process group; init must pass it on to the whole group: both the app and
 * the helper must see it. RTMIN is the first real-time signal. */
static int signals(int n, char **names)
{
	struct sigaction sa;
	int sigs[64], i, j, ws, missed;
	pid_t pid;

	if (n > 64)
		return fprintf(stderr, "probe: too many signals\n"), 2;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = note;
	sa.sa_flags = SA_RESTART;
	for (i = 0; i < n; i++) {
		sigs[i] = !strcmp(names[i], "RTMIN") ? SIGRTMIN : 0;
		for (j = 0; !sigs[i] &&
			    j < (int)(sizeof(signames) / sizeof(signames[0]));
		     j++)
			if (!strcmp(names[i], signames[j].name))
				sigs[i] = signames[j].sig;
		if (!sigs[i])
			return fprintf(stderr, "probe: bad signal %s\n",
				       names[i]),
			       2;
		if (sigaction(sigs[i], &sa, NULL))
			return perror("probe: sigaction"), 99;
	}
	shared = mmap(NULL, 2 * sizeof(*shared), PROT_READ | PROT_WRITE,
		      MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (shared == MAP_FAILED)
		return perror("probe: mmap"), 99;
	seen = shared[0];
	if ((pid = fork()) < 0)
		return perror("probe: fork"), 99;
	if (pid == 0) {
		seen = shared[1];
		for (i = 0; i < n; i++) {
			kill(1, sigs[i]);
			for (j = 0; j < 300 &&
				    !(shared[0][sigs[i]] && shared[1][sigs[i]]);
			     j++)
				nap(10);
		}
		_exit(report_seen("helper", sigs, names, n, 10) ? 1 : 0);
	}
	missed = report_seen("app", sigs, names, n, 30000);
	if (waitpid(pid, &ws, 0) < 0)
		return perror("probe: waitpid"), 99;
	return missed || !WIFEXITED(ws) || WEXITSTATUS(ws);
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
	if (!strcmp(argv[1], "env"))
		return env(argc - 2, argv + 2);
	if (!strcmp(argv[1], "signals"))
		return signals(argc - 2, argv + 2);
	if (!strcmp(argv[1], "sigint"))
		return wait_for(SIGINT, "Ctrl-C");
	fprintf(stderr, "probe: bad mode %s\n", argv[1]);
	return 2;
}
