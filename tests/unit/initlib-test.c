/* initlib-test: table-driven tests of src/initlib.c, run on the host. */
#define _XOPEN_SOURCE 700
#include "../../src/initlib.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static int failed;

static void check(int ok, const char *name)
{
	printf("%s: %s\n", ok ? "PASS" : "FAIL", name);
	failed += !ok;
}

static const struct {
	const char *name, *buf;
	size_t len;
	const char *want; /* the expected strings joined with '|' */
} splits[] = {
    {"split: two strings", "a\0b\0", 4, "a|b"},
    {"split: a missing final NUL is tolerated", "a\0b", 3, "a|b"},
    {"split: nothing gives no strings", "", 0, ""},
    {"split: empty strings are kept", "a\0\0b\0", 5, "a||b"},
    {"split: one empty string", "\0", 1, ""},
    {"split: spaces and quotes are kept", "two words\0it's\0", 15,
     "two words|it's"},
};

/* The strings of sv joined with '|' into got (256 bytes), or "BAD" when
 * the vector lacks its NULL terminator. */
static const char *join(const struct strv *sv, char *got)
{
	size_t j;

	got[0] = '\0';
	for (j = 0; j < sv->n; j++) {
		if (j)
			strcat(got, "|");
		strcat(got, sv->v[j]);
	}
	return sv->n && sv->v[sv->n] != NULL ? "BAD" : got;
}

static void test_split(void)
{
	size_t i;

	for (i = 0; i < sizeof(splits) / sizeof(splits[0]); i++) {
		struct strv sv = {0};
		char got[256];

		if (strv_split(&sv, splits[i].buf, splits[i].len)) {
			check(0, splits[i].name);
			continue;
		}
		check(!strcmp(join(&sv, got), splits[i].want), splits[i].name);
		strv_free(&sv);
	}
}

static void test_setenv(void)
{
	static const struct {
		const char *name;
		const char *env;   /* the entries before, joined with '|' */
		const char *entry; /* what is set */
		int err;	   /* the errno expected, or 0 for success */
		const char *want;  /* the entries after */
	} t[] = {
	    {"setenv: replaces the entry of the same name",
	     "PATH=/bin|TERM=linux", "PATH=/x", 0, "PATH=/x|TERM=linux"},
	    {"setenv: appends a new name", "TERM=linux", "HOME=/h", 0,
	     "TERM=linux|HOME=/h"},
	    {"setenv: into an empty environment", "", "A=1", 0, "A=1"},
	    {"setenv: PATH does not replace PATHX", "PATHX=1|PATH=/bin",
	     "PATH=/x", 0, "PATHX=1|PATH=/x"},
	    {"setenv: PATHX does not replace PATH", "PATH=/bin", "PATHX=1", 0,
	     "PATH=/bin|PATHX=1"},
	    {"setenv: an entry without '=' is not a definition",
	     "PATH|TERM=linux", "PATH=/x", 0, "PATH|TERM=linux|PATH=/x"},
	    {"setenv: an empty value replaces", "HOME=/", "HOME=", 0, "HOME="},
	    {"setenv: an empty value is replaced", "HOME=|A=1", "HOME=/h", 0,
	     "HOME=/h|A=1"},
	    {"setenv: a value may hold '='", "A=1", "A=b=c", 0, "A=b=c"},
	    {"setenv: duplicates of the name go", "A=1|B=2|A=3|A=4", "A=x", 0,
	     "A=x|B=2"},
	    {"setenv: an entry without '=' is refused", "A=1", "A", EINVAL,
	     "A=1"},
	    {"setenv: an empty name is refused", "A=1", "=x", EINVAL, "A=1"},
	};
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		struct strv sv = {0};
		char buf[256], got[256], *p;
		int r;

		strcpy(buf, t[i].env);
		for (p = buf; *p; p++)
			if (*p == '|')
				*p = '\0';
		if (strv_split(&sv, buf, strlen(t[i].env))) {
			check(0, t[i].name);
			continue;
		}
		errno = 0;
		r = strv_setenv(&sv, t[i].entry);
		check((t[i].err ? r == -1 && errno == t[i].err : r == 0) &&
			  !strcmp(join(&sv, got), t[i].want),
		      t[i].name);
		strv_free(&sv);
	}
}

/* in_child's off() stand-ins say they ran through this pipe. */
static int ran[2];

/* What reboot(RB_POWER_OFF) does when the machine stays on: the kernel
 * ends the calling task. */
static void off_ends_task(void)
{
	(void)!write(ran[1], "x", 1);
	_exit(0);
}

static void off_returns(void)
{
	(void)!write(ran[1], "x", 1);
}

static void test_in_child(void)
{
	static const struct {
		const char *name;
		void (*off)(void);
	} t[] = {
	    {"in_child: the caller outlives an off() that ends its task",
	     off_ends_task},
	    {"in_child: the caller outlives an off() that returns",
	     off_returns},
	};
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		char c;
		int r;

		if (pipe(ran)) {
			check(0, t[i].name);
			continue;
		}
		r = in_child(t[i].off);
		close(ran[1]);
		check(r == 0 && read(ran[0], &c, 1) == 1, t[i].name);
		close(ran[0]);
	}
}

/* A real wait status: a child that exits with code, or kills itself with
 * sig. */
static int wait_status(int code, int sig)
{
	int ws;
	pid_t pid = fork();

	if (pid == 0) {
		if (sig) {
			signal(sig, SIG_DFL);
			raise(sig);
		}
		_exit(code);
	}
	waitpid(pid, &ws, 0);
	return ws;
}

static void test_status(void)
{
	static const struct {
		const char *name;
		int code, sig, want;
	} t[] = {
	    {"status: exit 0 is 0", 0, 0, 0},
	    {"status: exit 1 is 1", 1, 0, 1},
	    {"status: exit 42 is 42", 42, 0, 42},
	    {"status: exit 255 is 255", 255, 0, 255},
	    {"status: SIGKILL is 137", 0, SIGKILL, 137},
	    {"status: SIGSEGV is 139", 0, SIGSEGV, 139},
	    {"status: SIGTERM is 143", 0, SIGTERM, 143},
	};
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		check(status_code(wait_status(t[i].code, t[i].sig)) ==
			  t[i].want,
		      t[i].name);
}

static void test_read(const char *dir)
{
	char *path = malloc(strlen(dir) + 16), *buf;
	size_t len, i;
	FILE *f;
	int ok = 1;

	sprintf(path, "%s/big", dir);
	f = fopen(path, "w");
	for (i = 0; i < 10000; i++)
		fputc('a' + (int)(i % 26), f);
	fputc('\0', f);
	fclose(f);
	if (read_file(path, &buf, &len) || len != 10001) {
		check(0, "read_file: a file larger than its first buffer");
	} else {
		for (i = 0; i < 10000; i++)
			ok &= buf[i] == 'a' + (int)(i % 26);
		check(ok && !buf[10000],
		      "read_file: a file larger than its first buffer");
		free(buf);
	}
	sprintf(path, "%s/none", dir);
	check(read_file(path, &buf, &len) == -1 && errno == ENOENT,
	      "read_file: a missing file fails with ENOENT");
	free(path);
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: initlib-test SCRATCH-DIR\n");
		return 2;
	}
	/* Line by line: a test that ends the process early keeps what it
	 * printed. */
	setvbuf(stdout, NULL, _IOLBF, 0);
	test_split();
	test_setenv();
	test_in_child();
	test_status();
	test_read(argv[1]);
	/* initlib.sh wants this line: a test that ends the process early
	 * cannot pass unseen. */
	printf("initlib-test: all tests ran\n");
	return failed != 0;
}
