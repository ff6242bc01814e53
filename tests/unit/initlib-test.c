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

static void test_split(void)
{
	size_t i, j;

	for (i = 0; i < sizeof(splits) / sizeof(splits[0]); i++) {
		struct strv sv = {0};
		char got[256] = "";

		if (strv_split(&sv, splits[i].buf, splits[i].len)) {
			check(0, splits[i].name);
			continue;
		}
		for (j = 0; j < sv.n; j++) {
			if (j)
				strcat(got, "|");
			strcat(got, sv.v[j]);
		}
		check(!strcmp(got, splits[i].want) &&
			  (!sv.n || sv.v[sv.n] == NULL),
		      splits[i].name);
		strv_free(&sv);
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
	test_split();
	test_status();
	test_read(argv[1]);
	return failed != 0;
}
