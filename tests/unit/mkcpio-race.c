/* mkcpio-race: what mkcpio does when the tree changes between its listing
 * and its packing. Each case walks a fresh tree, changes it, then packs:
 * the pack must fail with "changed while packing", at once (a FIFO must not
 * block it), and must not pack what the change put there. */
#define MKCPIO_NO_MAIN
#include "../../scripts/mkcpio.c"

#include <sys/wait.h>

static int failed;
static char *base;

static void sh(const char *cmd)
{
	char *full = xmalloc(strlen(cmd) + strlen(base) + 32);
	int r;

	sprintf(full, "cd '%s' && %s", base, cmd);
	r = system(full);
	free(full);
	if (r) {
		fprintf(stderr, "mkcpio-race: setup failed: %s\n", cmd);
		exit(2);
	}
}

/* mkcpio's own reset, and the root this test opens for each case. */
static void reset(void)
{
	mkcpio_reset();
	if (rootfd >= 0)
		close(rootfd);
	rootfd = -1;
}

static const struct {
	const char *name, *change;
} cases[] = {
    {"a file swapped for a symlink is not followed",
     "rm t/etc/f && ln -s ../../secret t/etc/f"},
    {"a file swapped for a FIFO does not block the packer",
     "rm t/etc/f && mkfifo t/etc/f"},
    {"a directory swapped for a symlink is not followed",
     "mv t/etc t/etc.old && mkdir other && echo s >other/f && "
     "ln -s ../other t/etc"},
    {"a symlink swapped for a file is refused",
     "rm t/bin/sh && echo x >t/bin/sh"},
    {"a file swapped for a directory is refused",
     "rm t/etc/f && mkdir t/etc/f"},
};

int main(int argc, char **argv)
{
	size_t i;

	if (argc != 2) {
		fprintf(stderr, "usage: mkcpio-race SCRATCH-DIR\n");
		return 2;
	}
	base = argv[1];
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *buf = NULL;
		size_t len = 0;
		int died = 0;

		sh("rm -rf t other secret && mkdir -p t/etc t/bin && "
		   "echo f >t/etc/f && echo secret >secret && "
		   "ln -s busybox t/bin/sh && echo b >t/bin/busybox");
		rootdir = "t";
		if (chdir(base) ||
		    (rootfd = open("t", O_RDONLY | O_DIRECTORY)) < 0) {
			perror(base);
			return 2;
		}
		if (!(out = open_memstream(&buf, &len)))
			return 2;
		if (!setjmp(fuzz_fail)) {
			walk(openat(rootfd, ".", O_RDONLY | O_DIRECTORY), "");
			sh(cases[i].change);
			write_all();
		} else {
			died = 1;
		}
		fclose(out);
		if (died && !memmem(buf, len, "secret", 6))
			printf("PASS: %s\n", cases[i].name);
		else {
			printf("FAIL: %s\n      %s\n", cases[i].name,
			       died ? "the archive holds the change's bytes"
				    : "the pack succeeded");
			failed++;
		}
		free(buf);
		reset();
	}
	return failed ? 1 : 0;
}
