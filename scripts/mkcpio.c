/* mkcpio: pack a directory into a deterministic newc cpio archive, with
 * owners, modes and device nodes taken from a table, so no root is needed. */
#define _XOPEN_SOURCE 700
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

struct entry {
	char *name;    /* path inside the archive, no leading slash */
	char *src;     /* path on the host; NULL for entries from the table */
	unsigned mode; /* file type and permission bits */
	unsigned uid, gid;
	unsigned rmajor, rminor;
	long long mtime;
	int from_table; /* the table set owner and mode */
};

static const char *prog = "mkcpio";
static struct entry *entries;
static size_t nentries, centries;
static long long epoch = -1;
static FILE *out;
static const char *outpath;
static unsigned long long offset;
static unsigned ino;
static int list_only;

static void usage(void)
{
	fprintf(
	    stderr,
	    "usage: %s [-l] [-t EPOCH] [-p TABLE] [-o OUTPUT] ROOTDIR\n"
	    "Pack ROOTDIR into a newc cpio archive, entries sorted by name.\n"
	    "  -t EPOCH   clamp every mtime to EPOCH (seconds since 1970)\n"
	    "  -p TABLE   permissions table: PATH TYPE MODE UID GID [MAJOR "
	    "MINOR]\n"
	    "             TYPE is f (existing file), d (directory), c or b "
	    "(device);\n"
	    "             # starts a comment\n"
	    "  -l         list the entries instead, one per line:\n"
	    "             MODE UID GID MAJOR MINOR MTIME NEW NAME, MODE in "
	    "octal,\n"
	    "             NEW 1 for entries only the table has\n"
	    "  -o OUTPUT  write there instead of standard output\n"
	    "Entries not in the table are owned by 0:0, with mode 0755 or "
	    "0644.\n",
	    prog);
	exit(2);
}

static void die(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", prog);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	if (outpath)
		unlink(outpath);
	exit(1);
}

static void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (!p)
		die("out of memory");
	return p;
}

static char *join(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	char *s = xmalloc(la + lb + 2);

	memcpy(s, a, la);
	s[la] = '/';
	memcpy(s + la + 1, b, lb + 1);
	return s;
}

static char *xstrdup(const char *s)
{
	size_t n = strlen(s) + 1;

	return memcpy(xmalloc(n), s, n);
}

/* Names end up in shell scripts, the permissions table and the guest's
 * terminal: refuse control characters instead of packing them. */
static void check_name(const char *name)
{
	const unsigned char *p;

	for (p = (const unsigned char *)name; *p; p++)
		if (*p < 0x20 || *p == 0x7f)
			die("refusing path with control character 0x%02x: '%s'",
			    *p, name);
}

static struct entry *add(const char *name)
{
	struct entry *e;

	check_name(name);
	if (nentries == centries) {
		centries = centries ? 2 * centries : 256;
		entries = realloc(entries, centries * sizeof(*entries));
		if (!entries)
			die("out of memory");
	}
	e = &entries[nentries++];
	memset(e, 0, sizeof(*e));
	e->name = xstrdup(name);
	e->mtime = epoch < 0 ? 0 : epoch;
	return e;
}

static struct entry *find(const char *name)
{
	size_t i;

	for (i = 0; i < nentries; i++)
		if (!strcmp(entries[i].name, name))
			return &entries[i];
	return NULL;
}

static void walk(const char *src, const char *name)
{
	DIR *d;
	struct dirent *de;
	struct stat st;
	struct entry *e;

	if (!(d = opendir(src)))
		die("%s: %s", src, strerror(errno));
	for (;;) {
		char *csrc, *cname;

		errno = 0;
		if (!(de = readdir(d)))
			break;
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		csrc = join(src, de->d_name);
		cname = *name ? join(name, de->d_name) : xstrdup(de->d_name);
		if (lstat(csrc, &st))
			die("%s: %s", csrc, strerror(errno));
		e = add(cname);
		e->src = csrc;
		e->mtime = (epoch >= 0 && st.st_mtime > epoch)
			       ? epoch
			       : (long long)st.st_mtime;
		if (S_ISDIR(st.st_mode)) {
			e->mode = S_IFDIR | 0755;
			walk(csrc, cname);
		} else if (S_ISREG(st.st_mode)) {
			e->mode = S_IFREG | ((st.st_mode & 0111) ? 0755 : 0644);
		} else if (S_ISLNK(st.st_mode)) {
			e->mode = S_IFLNK | 0777;
		} else {
			die("%s: not a file, directory or symlink; declare "
			    "device "
			    "nodes in the permissions table instead",
			    csrc);
		}
		free(cname);
	}
	if (errno)
		die("%s: %s", src, strerror(errno));
	closedir(d);
}

static unsigned long field(const char *s, int base, unsigned long max,
			   const char *what, const char *table, unsigned line)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(s, &end, base);
	if (errno || *end || end == s || *s == '-' || v > max)
		die("%s:%u: bad %s '%s'", table, line, what, s);
	return v;
}

static void read_table(const char *table)
{
	FILE *f = fopen(table, "r");
	char *buf = NULL;
	size_t cap = 0;
	unsigned line = 0;

	if (!f)
		die("%s: %s", table, strerror(errno));
	while (getline(&buf, &cap, f) != -1) {
		char *tok[8], *p = buf, *path;
		int n = 0;
		struct entry *e;
		unsigned type;

		line++;
		/* Fields are separated by blanks; a # starts a comment. */
		while (n < 8 && (tok[n] = strtok(n ? NULL : p, " \t\n")) &&
		       tok[n][0] != '#')
			n++;
		if (!n)
			continue;
		if (n != 5 && n != 7)
			die("%s:%u: expected PATH TYPE MODE UID GID [MAJOR "
			    "MINOR]",
			    table, line);
		path = tok[0];
		if (path[0] != '/' || !path[1] || strstr(path, "//") ||
		    path[strlen(path) - 1] == '/' || strstr(path, "/./") ||
		    strstr(path, "/../"))
			die("%s:%u: path must be absolute and normalised: '%s'",
			    table, line, path);
		path++;
		if (strlen(tok[1]) != 1 || !strchr("fdcb", tok[1][0]))
			die("%s:%u: type must be f, d, c or b, not '%s'", table,
			    line, tok[1]);
		if ((tok[1][0] == 'c' || tok[1][0] == 'b') != (n == 7))
			die("%s:%u: MAJOR MINOR are required for c and b, and "
			    "only "
			    "for them",
			    table, line);
		type = tok[1][0] == 'f'	  ? S_IFREG
		       : tok[1][0] == 'd' ? S_IFDIR
		       : tok[1][0] == 'c' ? S_IFCHR
					  : S_IFBLK;
		e = find(path);
		if (e && e->from_table)
			die("%s:%u: '/%s' is listed twice", table, line, path);
		if (e && (e->mode & S_IFMT) != type)
			die("%s:%u: '/%s' exists in the tree with another type",
			    table, line, path);
		if (!e && type == S_IFREG)
			die("%s:%u: '/%s' is not in the tree", table, line,
			    path);
		if (!e)
			e = add(path);
		e->from_table = 1;
		e->mode = type | field(tok[2], 8, 07777, "mode", table, line);
		e->uid = field(tok[3], 10, UINT_MAX, "uid", table, line);
		e->gid = field(tok[4], 10, UINT_MAX, "gid", table, line);
		if (n == 7) {
			e->rmajor =
			    field(tok[5], 10, 4095, "major", table, line);
			e->rminor =
			    field(tok[6], 10, 1048575, "minor", table, line);
		}
	}
	if (ferror(f))
		die("%s: %s", table, strerror(errno));
	free(buf);
	fclose(f);
}

static int cmp(const void *a, const void *b)
{
	return strcmp(((const struct entry *)a)->name,
		      ((const struct entry *)b)->name);
}

static void put(const void *buf, size_t n)
{
	if (n && fwrite(buf, 1, n, out) != n)
		die("%s: %s", outpath ? outpath : "stdout", strerror(errno));
	offset += n;
}

static void pad(void)
{
	static const char zero[4];

	put(zero, (4 - offset % 4) % 4);
}

static void header(const struct entry *e, const char *name,
		   unsigned long long size)
{
	char hdr[111];
	unsigned long long mt = e->mtime < 0 ? 0 : (unsigned long long)e->mtime;

	if (size > 0xffffffffULL || mt > 0xffffffffULL)
		die("'%s': too large for the newc format", name);
	snprintf(hdr, sizeof(hdr),
		 "070701%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X",
		 ++ino, e->mode, e->uid, e->gid, S_ISDIR(e->mode) ? 2 : 1,
		 (unsigned)mt, (unsigned)size, 0, 0, e->rmajor, e->rminor,
		 (unsigned)strlen(name) + 1, 0);
	put(hdr, 110);
	put(name, strlen(name) + 1);
	pad();
}

static void emit(const struct entry *e)
{
	struct stat st;
	char buf[65536];
	FILE *f;
	size_t n;
	unsigned long long left;

	if (S_ISLNK(e->mode)) {
		char *target;
		ssize_t len;

		if (lstat(e->src, &st))
			die("%s: %s", e->src, strerror(errno));
		target = xmalloc((size_t)st.st_size + 1);
		len = readlink(e->src, target, (size_t)st.st_size + 1);
		if (len < 0)
			die("%s: %s", e->src, strerror(errno));
		if (len > st.st_size)
			die("%s: changed while packing", e->src);
		header(e, e->name, (unsigned long long)len);
		put(target, (size_t)len);
		pad();
		free(target);
		return;
	}
	if (!S_ISREG(e->mode)) {
		header(e, e->name, 0);
		return;
	}
	if (!(f = fopen(e->src, "rb")))
		die("%s: %s", e->src, strerror(errno));
	if (fstat(fileno(f), &st))
		die("%s: %s", e->src, strerror(errno));
	header(e, e->name, (unsigned long long)st.st_size);
	for (left = (unsigned long long)st.st_size; left; left -= n) {
		n = fread(buf, 1, left < sizeof(buf) ? left : sizeof(buf), f);
		if (!n)
			die("%s: %s", e->src,
			    ferror(f) ? strerror(errno)
				      : "shrank while packing");
		put(buf, n);
	}
	if (fgetc(f) != EOF)
		die("%s: grew while packing", e->src);
	fclose(f);
	pad();
}

/* One line per entry, for tools that build other images from the same
 * tree and table: octal mode with type bits, owner, device, mtime, whether
 * only the table has it, name. */
static void list(const struct entry *e)
{
	if (fprintf(out, "%o %u %u %u %u %lld %d %s\n", e->mode, e->uid, e->gid,
		    e->rmajor, e->rminor, e->mtime, !e->src, e->name) < 0)
		die("%s: %s", outpath ? outpath : "stdout", strerror(errno));
}

int main(int argc, char **argv)
{
	const char *table = NULL;
	struct entry trailer = {0};
	struct stat st;
	size_t i;
	int c;

	while ((c = getopt(argc, argv, "lt:p:o:h")) != -1) {
		switch (c) {
		case 'l':
			list_only = 1;
			break;
		case 't': {
			char *end;

			errno = 0;
			epoch = strtoll(optarg, &end, 10);
			if (errno || *end || end == optarg || epoch < 0 ||
			    epoch > 0xffffffffLL)
				die("-t: bad epoch '%s'", optarg);
			break;
		}
		case 'p':
			table = optarg;
			break;
		case 'o':
			outpath = optarg;
			break;
		default:
			usage();
		}
	}
	if (optind != argc - 1)
		usage();
	if (stat(argv[optind], &st))
		die("%s: %s", argv[optind], strerror(errno));
	if (!S_ISDIR(st.st_mode))
		die("%s: not a directory", argv[optind]);
	out = stdout;
	if (outpath && !(out = fopen(outpath, "wb")))
		die("%s: %s", outpath, strerror(errno));

	walk(argv[optind], "");
	if (table)
		read_table(table);
	qsort(entries, nentries, sizeof(*entries), cmp);
	for (i = 0; i < nentries; i++) {
		char *parent = xstrdup(entries[i].name), *slash;
		struct entry key, *pe;

		if ((slash = strrchr(parent, '/'))) {
			*slash = '\0';
			key.name = parent;
			pe = bsearch(&key, entries, nentries, sizeof(*entries),
				     cmp);
			if (!pe || !S_ISDIR(pe->mode))
				die("'/%s': parent directory is missing",
				    entries[i].name);
		}
		free(parent);
		if (list_only)
			list(&entries[i]);
		else
			emit(&entries[i]);
	}
	if (!list_only)
		header(&trailer, "TRAILER!!!", 0);
	if (fflush(out) || (outpath && fclose(out)))
		die("%s: %s", outpath ? outpath : "stdout", strerror(errno));
	return 0;
}
