/* libc-cves: checks, in the guest, that the C library's security fixes are
 * in: each input misbehaves with musl 1.2.6 as released.
 * usage: libc-cves gb18030
 *
 * gb18030 (CVE-2026-6042): iconv's GB18030 decoder must map 4-byte
 * sequences to the right code points, in and above the BMP, and quickly:
 * the unpatched decoder gave wrong characters above the surrogates and
 * outside the BMP, and could take over a second for one character.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <iconv.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

struct gb {
	unsigned char in[4];
	unsigned long want;
};

/* The GB18030 encodings of these code points, as the standard (and glibc)
 * has them. */
static const struct gb cases[] = {
	{ { 0x81, 0x30, 0x81, 0x30 }, 0x80 },
	{ { 0x81, 0x30, 0x84, 0x36 }, 0xa5 },
	{ { 0x83, 0x36, 0xc7, 0x38 }, 0xd7ff },
	{ { 0x84, 0x31, 0xa4, 0x37 }, 0xfffd },
	{ { 0x84, 0x31, 0xa4, 0x39 }, 0xffff },
	{ { 0x90, 0x30, 0x81, 0x30 }, 0x10000 },
	{ { 0xe3, 0x32, 0x9a, 0x35 }, 0x10ffff },
};

static double now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec + t.tv_nsec / 1e9;
}

static int gb18030(void)
{
	iconv_t cd = iconv_open("UTF-32LE", "GB18030");
	int bad = 0;
	size_t i;

	if (cd == (iconv_t)-1) {
		printf("iconv_open GB18030: %s\n", strerror(errno));
		return 1;
	}
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char in[4], out[8];
		char *ip = in, *op = out;
		size_t il = sizeof in, ol = sizeof out;
		unsigned long got = 0;
		double t = now();
		int j;

		memcpy(in, cases[i].in, sizeof in);
		if (iconv(cd, &ip, &il, &op, &ol) == (size_t)-1) {
			printf("gb18030 U+%04lX: iconv: %s\n", cases[i].want, strerror(errno));
			bad = 1;
			continue;
		}
		t = now() - t;
		for (j = 3; j >= 0; j--)
			got = got << 8 | (unsigned char)out[j];
		if (op - out != 4 || got != cases[i].want || t > 0.1) {
			printf("gb18030 U+%04lX: got U+%04lX in %.3f s\n", cases[i].want, got, t);
			bad = 1;
		}
	}
	iconv_close(cd);
	printf("gb18030: %s\n", bad ? "WRONG" : "all right");
	return bad;
}

int main(int argc, char **argv)
{
	if (argc == 2 && strcmp(argv[1], "gb18030") == 0)
		return gb18030();
	fprintf(stderr, "usage: libc-cves gb18030\n");
	return 2;
}
