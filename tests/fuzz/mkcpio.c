/* libFuzzer harness for scripts/mkcpio.c: the input is a permissions table,
 * packed with a small fixed tree. A refused table is fine; a packed one
 * must be an archive every reader agrees on: well-formed newc headers,
 * the root "." first, then normalised names in strictly sorted order, every parent a directory
 * packed before its children, and one TRAILER!!! at the very end.
 * Anything else aborts, and the fuzzer keeps the input. */
#define MKCPIO_NO_MAIN
#include "../../scripts/mkcpio.c"

#include <stdint.h>

static char *base;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	char tmpl[] = "/tmp/mkcpio-fuzz.XXXXXX", cmd[256];

	(void)argc;
	(void)argv;
	if (!(base = mkdtemp(tmpl)))
		abort();
	base = strdup(base);
	snprintf(cmd, sizeof(cmd),
		 "cd %s && mkdir -p etc bin dev && echo x >etc/shadow && "
		 "echo b >bin/busybox && chmod +x bin/busybox && "
		 "ln -s busybox bin/sh",
		 base);
	if (system(cmd) || (rootfd = open(base, O_RDONLY | O_DIRECTORY)) < 0)
		abort();
	rootdir = base;
	epoch = 1000;
	return 0;
}

static unsigned long hex8(const char *p)
{
	char f[9];
	char *end;
	unsigned long v;

	memcpy(f, p, 8);
	f[8] = '\0';
	v = strtoul(f, &end, 16);
	if (*end)
		abort();
	return v;
}

/* The reader's view, written apart from mkcpio's own check: a name an
 * extractor would resolve outside its root, or choke on. */
static int unsafe(const char *name)
{
	const char *c = name;

	if (!strcmp(name, "TRAILER!!!"))
		return 1;
	for (; *c; c++)
		if ((unsigned char)*c < 0x20 || *c == 0x7f)
			return 1;
	for (c = name;;) {
		const char *slash = strchr(c, '/');
		size_t n = slash ? (size_t)(slash - c) : strlen(c);

		if (!n || (n == 1 && *c == '.') ||
		    (n == 2 && !strncmp(c, "..", 2)))
			return 1;
		if (!slash)
			return 0;
		c = slash + 1;
	}
}

static size_t align4(size_t n)
{
	return (n + 3) & ~(size_t)3;
}

/* Every check a reader relies on; abort() marks the input as a finding. */
static void check_archive(const char *a, size_t n)
{
	char **names = NULL;
	unsigned *modes = NULL;
	size_t count = 0, pos = 0, i;
	int seen_root = 0;

	for (;;) {
		unsigned long mode, size, namesize;
		const char *name;

		if (pos + 110 > n || memcmp(a + pos, "070701", 6))
			abort();
		mode = hex8(a + pos + 14);
		size = hex8(a + pos + 54);
		namesize = hex8(a + pos + 94);
		name = a + pos + 110;
		if (!namesize || pos + 110 + namesize > n ||
		    memchr(name, '\0', namesize) != name + namesize - 1)
			abort();
		pos = align4(pos + 110 + namesize);
		if (!strcmp(name, "TRAILER!!!")) {
			if (size || pos != n)
				abort();
			break;
		}
		/* The root comes first, a directory named ".", and only there. */
		if (!seen_root) {
			if (strcmp(name, ".") || !S_ISDIR(mode) || size)
				abort();
			seen_root = 1;
			continue;
		}
		if (unsafe(name) ||
		    (count && strcmp(names[count - 1], name) >= 0))
			abort();
		if (strchr(name, '/')) {
			size_t plen = (size_t)(strrchr(name, '/') - name);

			for (i = 0; i < count; i++)
				if (strlen(names[i]) == plen &&
				    !memcmp(names[i], name, plen) &&
				    S_ISDIR(modes[i]))
					break;
			if (i == count)
				abort();
		}
		if ((S_ISDIR(mode) || S_ISCHR(mode) || S_ISBLK(mode)) && size)
			abort();
		names = realloc(names, (count + 1) * sizeof(*names));
		modes = realloc(modes, (count + 1) * sizeof(*modes));
		if (!names || !modes)
			abort();
		names[count] = strdup(name);
		modes[count++] = (unsigned)mode;
		pos = align4(pos + size);
		if (pos > n)
			abort();
	}
	for (i = 0; i < count; i++)
		free(names[i]);
	free(names);
	free(modes);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f;

	mkcpio_reset();
	if (!(out = open_memstream(&buf, &len)))
		abort();
	if (!setjmp(fuzz_fail)) {
		walk(openat(rootfd, ".", O_RDONLY | O_DIRECTORY), "");
		if (size) {
			if (!(f = fmemopen((void *)data, size, "r")))
				abort();
			read_table(f, "table");
			fclose(f);
		}
		write_all();
		fflush(out);
		check_archive(buf, len);
	}
	fclose(out);
	free(buf);
	return 0;
}
