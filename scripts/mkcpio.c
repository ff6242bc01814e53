/* mkcpio: pack a directory into a deterministic newc cpio archive, with
 * owners, modes and device nodes taken from a table, so no root is needed. */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <unistd.h>

/* openat2(2), from Linux 5.6; declared here so that older headers build. */
#ifndef SYS_openat2
#define SYS_openat2 437 /* the same number on every architecture */
#endif
struct mkcpio_open_how {
	unsigned long long flags, mode, resolve;
};
#define MKCPIO_RESOLVE_NO_MAGICLINKS 0x02
#define MKCPIO_RESOLVE_NO_SYMLINKS 0x04
#define MKCPIO_RESOLVE_BENEATH 0x08

struct entry {
	char *name;    /* path inside the archive, no leading slash */
	unsigned mode; /* file type and permission bits */
	unsigned uid, gid;
	unsigned rmajor, rminor;
	long long mtime;
	int in_tree;	/* found in ROOTDIR, not only in the table */
	int from_table; /* the table set owner and mode */
	dev_t dev;	/* what the walk saw, checked again when packing */
	ino_t ino;
};

static const char *prog = "mkcpio";
static struct entry *entries;
static size_t nentries, centries;
static long long epoch = -1;
static const char *rootdir;
static int rootfd = -1;
static FILE *out;
static const char *outname = "stdout";
static char *tmppath; /* the archive being written, renamed when complete */
static unsigned long long offset;
static unsigned ino;
static int list_only;
/* The archive's first entry, ".": the root directory the kernel unpacks
 * into, a tmpfs of mode 1777 unless an entry says otherwise. The table's
 * "/" line sets it; by default it is 0755, owned by 0:0. */
static struct entry root = {".", S_IFDIR | 0755, 0, 0, 0, 0, 0, 1, 0, 0, 0};
/* What die() must release when it returns instead of exiting: built with
 * MKCPIO_NO_MAIN, the fuzz harness and the race tests include this file. */
static FILE *table_file;
static char *table_buf;
static int cur_fd = -1;
static char *cur_buf;
#ifdef MKCPIO_NO_MAIN
static jmp_buf fuzz_fail;
#endif

static void usage(void)
{
	fprintf(
	    stderr,
	    "usage: %s [-l] [-t EPOCH] [-p TABLE] [-o OUTPUT] ROOTDIR\n"
	    "Pack ROOTDIR into a newc cpio archive, entries sorted by name.\n"
	    "  -t EPOCH   give every entry the mtime EPOCH (seconds since "
	    "1970)\n"
	    "  -p TABLE   permissions table: PATH TYPE MODE UID GID [MAJOR "
	    "MINOR]\n"
	    "             TYPE is f (existing file), d (directory), c or b "
	    "(device);\n"
	    "             # starts a comment\n"
	    "  -l         list the entries instead, one per line:\n"
	    "             MODE UID GID MAJOR MINOR MTIME NEW NAME, MODE in "
	    "octal,\n"
	    "             NEW 1 for entries only the table has\n"
	    "  -o OUTPUT  write there instead of standard output: to "
	    "OUTPUT.tmp,\n"
	    "             renamed to OUTPUT only when complete\n"
	    "Entries not in the table are owned by 0:0, with mode 0755 or "
	    "0644;\nthe root, \".\", the first entry, by 0:0 with mode 0755 "
	    "unless the table's\n\"/\" line (type d) says otherwise.\n",
	    prog);
	exit(2);
}

/* Only the temporary file is ever removed: never OUTPUT, nor anything that
 * was there before. */
/* The message is shown with its control bytes as \ooo: a name that holds
 * an escape sequence must not reach the terminal as one. */
static void die(const char *fmt, ...)
{
	va_list ap;
	char *msg = NULL;
	const char *p;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n >= 0 && (msg = malloc((size_t)n + 1)) != NULL) {
		va_start(ap, fmt);
		vsnprintf(msg, (size_t)n + 1, fmt, ap);
		va_end(ap);
	}
	fprintf(stderr, "%s: ", prog);
	if (msg) {
		for (p = msg; *p; p++) {
			unsigned char c = (unsigned char)*p;

			if (c < 0x20 || c == 0x7f)
				fprintf(stderr, "\\%03o", c);
			else
				fputc(c, stderr);
		}
		free(msg);
	} else {
		fputs("(no memory to format the message)", stderr);
	}
	fputc('\n', stderr);
	if (tmppath)
		unlink(tmppath);
#ifdef MKCPIO_NO_MAIN
	longjmp(fuzz_fail, 1);
#endif
	exit(1);
}

#ifdef MKCPIO_NO_MAIN
/* Back to the state before a run, releasing what die() left: for the
 * harnesses that include this file and run it many times. */
static void mkcpio_reset(void)
{
	size_t i;

	for (i = 0; i < nentries; i++)
		free(entries[i].name);
	free(entries);
	entries = NULL;
	nentries = centries = 0;
	if (table_file)
		fclose(table_file);
	table_file = NULL;
	free(table_buf);
	table_buf = NULL;
	if (cur_fd >= 0)
		close(cur_fd);
	cur_fd = -1;
	free(cur_buf);
	cur_buf = NULL;
	offset = 0;
	ino = 0;
	root.mode = S_IFDIR | 0755;
	root.uid = root.gid = 0;
	root.from_table = 0;
}
#endif

static void on_signal(int sig)
{
	if (tmppath)
		unlink(tmppath);
	signal(sig, SIG_DFL);
	raise(sig);
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

/* Why NAME (no leading slash) may not be an archive entry, or NULL. Names
 * end up in shell scripts, the permissions table and the guest's terminal;
 * an extractor resolves them under its root, so "." and ".." components
 * would reach outside it; "TRAILER!!!" ends the archive for every reader. */
static const char *bad_name(const char *name)
{
	static char why[64];
	const unsigned char *p;
	const char *c;

	for (p = (const unsigned char *)name; *p; p++)
		if (*p < 0x20 || *p == 0x7f) {
			snprintf(why, sizeof(why), "control character 0x%02x",
				 *p);
			return why;
		}
	if (!strcmp(name, "TRAILER!!!"))
		return "the name that ends a cpio archive";
	for (c = name;; c++) {
		size_t n = strcspn(c, "/");

		if (n == 0)
			return "an empty path component";
		if ((n == 1 && c[0] == '.') ||
		    (n == 2 && c[0] == '.' && c[1] == '.'))
			return "a '.' or '..' component";
		c += n;
		if (!*c)
			return NULL;
	}
}

static struct entry *add(const char *name, const char *where)
{
	struct entry *e;
	const char *why = bad_name(name);

	if (why)
		die("%s: refusing '%s': %s", where, name, why);
	if (nentries == centries) {
		struct entry *n;

		centries = centries ? 2 * centries : 256;
		if (!(n = realloc(entries, centries * sizeof(*entries))))
			die("out of memory");
		entries = n;
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

/* List directory DFD, which is NAME in the archive ("" for the root),
 * through descriptors only: a directory swapped for a symlink while we
 * walk is not followed. */
static void walk(int dfd, const char *name)
{
	DIR *d;
	struct dirent *de;

	if (!(d = fdopendir(dfd)))
		die("%s/%s: %s", rootdir, name, strerror(errno));
	for (;;) {
		struct stat st;
		struct entry *e;
		char *cname;

		errno = 0;
		if (!(de = readdir(d)))
			break;
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		cname = *name ? join(name, de->d_name) : xstrdup(de->d_name);
		if (fstatat(dirfd(d), de->d_name, &st, AT_SYMLINK_NOFOLLOW))
			die("%s/%s: %s", rootdir, cname, strerror(errno));
		e = add(cname, rootdir);
		e->in_tree = 1;
		e->dev = st.st_dev;
		e->ino = st.st_ino;
		/* With -t, every time is the epoch: a file's own time says
		 * when it was checked out or built, not what it is. */
		e->mtime = epoch >= 0 ? epoch : (long long)st.st_mtime;
		if (S_ISDIR(st.st_mode)) {
			int cfd = openat(dirfd(d), de->d_name,
					 O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
					     O_CLOEXEC);
			struct stat cst;

			if (cfd < 0 || fstat(cfd, &cst))
				die("%s/%s: %s", rootdir, cname,
				    strerror(errno));
			if (cst.st_dev != st.st_dev || cst.st_ino != st.st_ino)
				die("%s/%s: changed while packing", rootdir,
				    cname);
			e->mode = S_IFDIR | 0755;
			walk(cfd, cname);
		} else if (S_ISREG(st.st_mode)) {
			e->mode = S_IFREG | ((st.st_mode & 0111) ? 0755 : 0644);
		} else if (S_ISLNK(st.st_mode)) {
			e->mode = S_IFLNK | 0777;
		} else {
			die("%s/%s: not a file, directory or symlink; declare "
			    "device nodes in the permissions table instead",
			    rootdir, cname);
		}
		free(cname);
	}
	if (errno)
		die("%s/%s: %s", rootdir, name, strerror(errno));
	closedir(d);
}

/* Open NAME under the root without following any symlink on the way, and
 * check it is still what the walk saw. */
static int open_entry(const struct entry *e, int flags, struct stat *st)
{
	struct mkcpio_open_how how = {
	    .flags = (unsigned long long)(flags | O_NOFOLLOW | O_CLOEXEC),
	    .resolve = MKCPIO_RESOLVE_BENEATH | MKCPIO_RESOLVE_NO_SYMLINKS |
		       MKCPIO_RESOLVE_NO_MAGICLINKS,
	};
	int fd = (int)syscall(SYS_openat2, rootfd, e->name, &how, sizeof(how));

	/* Kernels before 5.6: the last component is still not followed,
	 * and the identity check below catches a swapped directory. */
	if (fd < 0 && errno == ENOSYS)
		fd = openat(rootfd, e->name, flags | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0) {
		if (errno == ELOOP || errno == EXDEV || errno == ENOENT)
			die("%s/%s: changed while packing (%s)", rootdir,
			    e->name, strerror(errno));
		die("%s/%s: %s", rootdir, e->name, strerror(errno));
	}
	cur_fd = fd;
	if (fstat(fd, st))
		die("%s/%s: %s", rootdir, e->name, strerror(errno));
	if ((st->st_mode & S_IFMT) != (e->mode & S_IFMT) ||
	    st->st_dev != e->dev || st->st_ino != e->ino)
		die("%s/%s: changed while packing", rootdir, e->name);
	return fd;
}

static void close_entry(void)
{
	close(cur_fd);
	cur_fd = -1;
}

/* Table errors name the file, line and column. */
static void bad(const char *table, unsigned line, const char *buf,
		const char *at, const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	die("%s:%u:%u: %s", table, line, (unsigned)(at - buf) + 1, msg);
}

static unsigned long field(const char *s, int base, unsigned long max,
			   const char *what, const char *table, unsigned line,
			   const char *buf)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(s, &end, base);
	if (errno || *end || end == s || *s < '0' || *s > '9' || v > max)
		bad(table, line, buf, s, "bad %s '%s'", what, s);
	return v;
}

/* "#file NAME" in a table: the lines after it are NAME's, numbered from 1,
 * in messages (mkrootfs writes one before the user's table, whose lines it
 * copies, and one before those it adds). */
static char *table_from;

static void read_table(FILE *f, const char *table)
{
	size_t cap = 0;
	ssize_t len;
	unsigned line = 0;

	table_file = f;
	free(table_from);
	table_from = NULL;
	while ((len = getline(&table_buf, &cap, f)) != -1) {
		char *buf = table_buf, *tok[8], *p, *path;
		const char *why;
		int n = 0;
		struct entry *e;
		unsigned type;

		line++;
		if (strlen(buf) != (size_t)len)
			bad(table, line, buf, buf + strlen(buf), "NUL byte");
		if (!strncmp(buf, "#file ", 6) && buf[6] && buf[6] != '\n') {
			buf[6 + strcspn(buf + 6, "\n")] = '\0';
			free(table_from);
			if (!(table_from = strdup(buf + 6)))
				die("%s: %s", table, strerror(errno));
			table = table_from;
			line = 0;
			continue;
		}
		if (len >= 2 && buf[len - 2] == '\r' && buf[len - 1] == '\n')
			bad(table, line, buf, buf + len - 2,
			    "CRLF line endings; convert the file to LF "
			    "(dos2unix)");
		/* Fields are separated by blanks; a # starts a comment. */
		for (p = buf; n < 8;) {
			p += strspn(p, " \t\n");
			if (!*p || *p == '#')
				break;
			tok[n++] = p;
			p += strcspn(p, " \t\n");
			if (*p)
				*p++ = '\0';
		}
		if (!n)
			continue;
		if (n != 5 && n != 7)
			bad(table, line, buf, tok[0],
			    "expected PATH TYPE MODE UID GID [MAJOR MINOR]");
		path = tok[0];
		if (!strcmp(path, "/")) {
			if (strcmp(tok[1], "d") || n != 5)
				bad(table, line, buf, tok[1],
				    "'/' is a directory: / d MODE UID GID");
			if (root.from_table)
				bad(table, line, buf, tok[0],
				    "'/' is listed twice");
			root.from_table = 1;
			root.mode = S_IFDIR | field(tok[2], 8, 07777, "mode",
						    table, line, buf);
			root.uid = field(tok[3], 10, UINT_MAX, "uid", table,
					 line, buf);
			root.gid = field(tok[4], 10, UINT_MAX, "gid", table,
					 line, buf);
			continue;
		}
		if (path[0] != '/' || !path[1])
			bad(table, line, buf, path,
			    "path must be absolute and normalised: '%s'", path);
		if ((why = bad_name(path + 1)))
			bad(table, line, buf, path,
			    "path must be absolute and normalised: '%s' has %s",
			    path, why);
		path++;
		if (strlen(tok[1]) != 1 || !strchr("fdcb", tok[1][0]))
			bad(table, line, buf, tok[1],
			    "type must be f, d, c or b, not '%s'", tok[1]);
		if ((tok[1][0] == 'c' || tok[1][0] == 'b') != (n == 7))
			bad(table, line, buf, tok[1],
			    "MAJOR MINOR are required for c and b, and only "
			    "for them");
		type = tok[1][0] == 'f'	  ? S_IFREG
		       : tok[1][0] == 'd' ? S_IFDIR
		       : tok[1][0] == 'c' ? S_IFCHR
					  : S_IFBLK;
		e = find(path);
		if (e && e->from_table)
			bad(table, line, buf, tok[0], "'/%s' is listed twice",
			    path);
		if (e && (e->mode & S_IFMT) != type)
			bad(table, line, buf, tok[1],
			    "'/%s' exists in the tree with another type", path);
		if (!e && type == S_IFREG)
			bad(table, line, buf, tok[0],
			    "'/%s' is not in the tree", path);
		if (!e)
			e = add(path, table);
		e->from_table = 1;
		e->mode =
		    type | field(tok[2], 8, 07777, "mode", table, line, buf);
		e->uid = field(tok[3], 10, UINT_MAX, "uid", table, line, buf);
		e->gid = field(tok[4], 10, UINT_MAX, "gid", table, line, buf);
		if (n == 7) {
			e->rmajor =
			    field(tok[5], 10, 4095, "major", table, line, buf);
			e->rminor = field(tok[6], 10, 1048575, "minor", table,
					  line, buf);
		}
	}
	if (ferror(f))
		die("%s: %s", table, strerror(errno));
	free(table_buf);
	table_buf = NULL;
	table_file = NULL;
}

static int cmp(const void *a, const void *b)
{
	return strcmp(((const struct entry *)a)->name,
		      ((const struct entry *)b)->name);
}

static void put(const void *buf, size_t n)
{
	if (n && fwrite(buf, 1, n, out) != n)
		die("%s: %s", outname, strerror(errno));
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
	unsigned long long left;
	ssize_t n;
	int fd;

	if (!e->in_tree || S_ISDIR(e->mode)) {
		header(e, e->name, 0);
		return;
	}
	if (S_ISLNK(e->mode)) {
		fd = open_entry(e, O_PATH, &st);
		cur_buf = xmalloc((size_t)st.st_size + 1);
		n = readlinkat(fd, "", cur_buf, (size_t)st.st_size + 1);
		if (n < 0)
			die("%s/%s: %s", rootdir, e->name, strerror(errno));
		if (n != st.st_size)
			die("%s/%s: changed while packing", rootdir, e->name);
		header(e, e->name, (unsigned long long)n);
		put(cur_buf, (size_t)n);
		pad();
		free(cur_buf);
		cur_buf = NULL;
		close_entry();
		return;
	}
	/* O_NONBLOCK: a FIFO swapped in is refused by the check, not waited
	 * on. */
	fd = open_entry(e, O_RDONLY | O_NONBLOCK, &st);
	header(e, e->name, (unsigned long long)st.st_size);
	for (left = (unsigned long long)st.st_size; left; left -= (size_t)n) {
		n = read(fd, buf, left < sizeof(buf) ? left : sizeof(buf));
		if (n < 0 && errno == EINTR) {
			n = 0;
			continue;
		}
		if (n <= 0)
			die("%s/%s: %s", rootdir, e->name,
			    n ? strerror(errno) : "shrank while packing");
		put(buf, (size_t)n);
	}
	if ((n = read(fd, buf, 1)) != 0)
		die("%s/%s: %s", rootdir, e->name,
		    n < 0 ? strerror(errno) : "grew while packing");
	close_entry();
	pad();
}

/* One line per entry, for tools that build other images from the same
 * tree and table: octal mode with type bits, owner, device, mtime, whether
 * only the table has it, name. */
static void list(const struct entry *e)
{
	if (fprintf(out, "%o %u %u %u %u %lld %d %s\n", e->mode, e->uid, e->gid,
		    e->rmajor, e->rminor, e->mtime, !e->in_tree, e->name) < 0)
		die("%s: %s", outname, strerror(errno));
}

/* Sort, check that every entry's parent is a directory in the archive,
 * and write the archive (or the listing) to out. */
static void write_all(void)
{
	struct entry trailer = {0};
	size_t i;

	if (nentries) /* qsort(NULL, 0, ...) is undefined */
		qsort(entries, nentries, sizeof(*entries), cmp);
	if (list_only)
		list(&root);
	else
		header(&root, root.name, 0);
	for (i = 0; i < nentries; i++) {
		const char *slash = strrchr(entries[i].name, '/');

		if (slash) {
			struct entry key, *pe;

			cur_buf = xstrdup(entries[i].name);
			cur_buf[slash - entries[i].name] = '\0';
			key.name = cur_buf;
			pe = bsearch(&key, entries, nentries, sizeof(*entries),
				     cmp);
			free(cur_buf);
			cur_buf = NULL;
			if (!pe || !S_ISDIR(pe->mode))
				die("'/%s': parent directory is missing",
				    entries[i].name);
		}
		if (list_only)
			list(&entries[i]);
		else
			emit(&entries[i]);
	}
	if (!list_only)
		header(&trailer, "TRAILER!!!", 0);
}

/* Open FILE for reading once, refusing what is not a regular file (a FIFO
 * would block us); ST gets what was opened. */
static FILE *open_input(const char *file, struct stat *st)
{
	int fd = open(file, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	FILE *f = NULL;

	if (fd < 0 || fstat(fd, st))
		die("%s: %s", file, strerror(errno));
	if (!S_ISREG(st->st_mode))
		die("%s: not a regular file", file);
	if (fcntl(fd, F_SETFL, 0) || !(f = fdopen(fd, "r")))
		die("%s: %s", file, strerror(errno));
	return f;
}

/* The archive goes to a new file beside OUTPUT, renamed over it when
 * complete: an interrupted or failed pack leaves OUTPUT as it was. What
 * is at OUTPUT must be a regular file we may replace, and neither the
 * table nor inside the tree. */
static void open_output(const char *path, const struct stat *tst)
{
	const char *slash = strrchr(path, '/');
	char *dir = slash ? xstrdup(path) : xstrdup(".");
	struct stat st, dst;
	size_t i;
	int fd;

	if (slash)
		dir[slash == path ? 1 : slash - path] = '\0';
	if (!lstat(path, &st)) {
		if (!S_ISREG(st.st_mode))
			die("%s: exists and is not a regular file; not "
			    "replacing it",
			    path);
		if (access(path, W_OK) || !(st.st_mode & 0222))
			die("%s: exists and is read-only; not replacing it",
			    path);
		if (tst && st.st_dev == tst->st_dev && st.st_ino == tst->st_ino)
			die("%s: is the permissions table", path);
	} else if (errno != ENOENT) {
		die("%s: %s", path, strerror(errno));
	}
	if (stat(dir, &dst))
		die("%s: %s", path, strerror(errno));
	for (i = 0; i < nentries; i++)
		if (S_ISDIR(entries[i].mode) && entries[i].in_tree &&
		    entries[i].dev == dst.st_dev &&
		    entries[i].ino == dst.st_ino)
			die("%s: is inside the tree being packed", path);
	if (!fstat(rootfd, &st) && st.st_dev == dst.st_dev &&
	    st.st_ino == dst.st_ino)
		die("%s: is inside the tree being packed", path);
	free(dir);
	/* OUTPUT.tmp: ours by name, so one that a killed run left is
	 * removed, not written into (it may be a hard link to another file),
	 * and runs do not pile up temp files. */
	tmppath = xmalloc(strlen(path) + 5);
	sprintf(tmppath, "%s.tmp", path);
	if (unlink(tmppath) && errno != ENOENT) {
		int e = errno;

		free(tmppath);
		tmppath = NULL;
		die("%s.tmp: %s", path, strerror(e));
	}
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	signal(SIGHUP, on_signal);
	fd = open(tmppath, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
		  0666);
	if (fd < 0) {
		int e = errno;

		free(tmppath);
		tmppath = NULL;
		die("%s.tmp: %s", path, strerror(e));
	}
	if (!(out = fdopen(fd, "wb")))
		die("%s: %s", tmppath, strerror(errno));
}

static void finish_output(const char *path)
{
	if (fflush(out) || fsync(fileno(out)) || fclose(out))
		die("%s: %s", tmppath, strerror(errno));
	if (rename(tmppath, path))
		die("%s: %s", path, strerror(errno));
	free(tmppath);
	tmppath = NULL;
}

#ifndef MKCPIO_NO_MAIN
int main(int argc, char **argv)
{
	const char *table = NULL, *outpath = NULL;
	struct stat st, tst;
	FILE *tf = NULL;
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
			if (!*optarg)
				die("-o: empty file name");
			outpath = optarg;
			break;
		default:
			usage();
		}
	}
	if (optind != argc - 1)
		usage();
	rootdir = argv[optind];
	if ((rootfd = open(rootdir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0 ||
	    fstat(rootfd, &st))
		die("%s: %s", rootdir,
		    errno == ENOTDIR ? "not a directory" : strerror(errno));
	if (table)
		tf = open_input(table, &tst);
	/* The walk's own descriptor: fdopendir() owns and closes it. */
	c = openat(rootfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (c < 0)
		die("%s: %s", rootdir, strerror(errno));
	root.mtime = epoch >= 0 ? epoch : (long long)st.st_mtime;
	walk(c, "");
	if (table) {
		read_table(tf, table);
		fclose(tf);
	}
	out = stdout;
	if (outpath) {
		outname = outpath;
		open_output(outpath, table ? &tst : NULL);
	}
	write_all();
	if (outpath)
		finish_output(outpath);
	else if (fflush(out))
		die("stdout: %s", strerror(errno));
	return 0;
}
#endif
