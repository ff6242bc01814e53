/* dhcp6d: a one-shot DHCPv6 server for the udhcpc6 test. It answers the
 * first Solicit on IFACE with a Reply (as for Rapid Commit): the client's
 * ID, a server ID, an address, and a boot file URL (option 59) of the
 * test's choosing, then exits.
 * usage: dhcp6d IFACE BOOT-URL [SEARCH]
 * SEARCH, blank-separated domain names, goes out as the domain search list
 * (option 24), each name's dot-separated labels encoded as they are.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static void die(const char *what)
{
	fprintf(stderr, "dhcp6d: %s: %s\n", what, strerror(errno));
	exit(1);
}

/* Append option CODE with LEN bytes of DATA at *P, within END. */
static void put(unsigned char **p, const unsigned char *end, unsigned code,
		const void *data, size_t len)
{
	if (len > 0xffff || (size_t)(end - *p) < 4 + len) {
		fprintf(stderr, "dhcp6d: reply too long\n");
		exit(1);
	}
	(*p)[0] = code >> 8;
	(*p)[1] = code & 0xff;
	(*p)[2] = len >> 8;
	(*p)[3] = len & 0xff;
	if (len)
		memcpy(*p + 4, data, len);
	*p += 4 + len;
}

int main(int argc, char **argv)
{
	static const unsigned char server_id[] = { 0, 3, 0, 1, 2, 0, 0, 0, 0, 1 };
	unsigned char in[1500], out[1500], ia[40], search[256], *p = out;
	const unsigned char *o, *client_id = NULL;
	size_t client_len = 0, url_len, search_len = 0;
	struct sockaddr_in6 sa = { .sin6_family = AF_INET6, .sin6_port = htons(547) };
	struct sockaddr_in6 from;
	socklen_t fromlen = sizeof from;
	struct ipv6_mreq mreq;
	ssize_t n;
	int fd, one = 1;

	if (argc != 3 && argc != 4) {
		fprintf(stderr, "usage: dhcp6d IFACE BOOT-URL [SEARCH]\n");
		return 2;
	}
	url_len = strlen(argv[2]);
	if (argc == 4) {
		/* "a.example b.test" -> \1a\7example\0\1b\4test\0 */
		const char *c = argv[3];

		while (*c) {
			size_t n = strcspn(c, ". ");

			if (!n || n > 63 || search_len + n + 2 > sizeof search) {
				fprintf(stderr, "dhcp6d: bad search list '%s'\n", argv[3]);
				return 2;
			}
			search[search_len++] = (unsigned char)n;
			memcpy(search + search_len, c, n);
			search_len += n;
			c += n;
			if (*c != '.')
				search[search_len++] = 0;
			if (*c)
				c++;
		}
	}
	fd = socket(AF_INET6, SOCK_DGRAM, 0);
	if (fd < 0)
		die("socket");
	if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) < 0)
		die("SO_REUSEADDR");
	if (bind(fd, (struct sockaddr *)&sa, sizeof sa) < 0)
		die("bind [::]:547");
	memset(&mreq, 0, sizeof mreq);
	inet_pton(AF_INET6, "ff02::1:2", &mreq.ipv6mr_multiaddr);
	mreq.ipv6mr_interface = if_nametoindex(argv[1]);
	if (!mreq.ipv6mr_interface)
		die(argv[1]);
	if (setsockopt(fd, IPPROTO_IPV6, IPV6_JOIN_GROUP, &mreq, sizeof mreq) < 0)
		die("IPV6_JOIN_GROUP ff02::1:2");

	for (;;) {
		n = recvfrom(fd, in, sizeof in, 0, (struct sockaddr *)&from, &fromlen);
		if (n < 0)
			die("recvfrom");
		if (n >= 4 && in[0] == 1) /* Solicit */
			break;
	}
	for (o = in + 4; o + 4 <= in + n; o += 4 + (o[2] << 8 | o[3])) {
		if ((o[0] << 8 | o[1]) == 1 && o + 4 + (o[2] << 8 | o[3]) <= in + n) {
			client_id = o + 4;
			client_len = o[2] << 8 | o[3];
		}
	}
	if (!client_id) {
		fprintf(stderr, "dhcp6d: a Solicit without a client ID\n");
		return 1;
	}

	*p++ = 7; /* Reply, with the Solicit's transaction ID */
	memcpy(p, in + 1, 3);
	p += 3;
	put(&p, out + sizeof out, 1, client_id, client_len);
	put(&p, out + sizeof out, 2, server_id, sizeof server_id);
	/* IA_NA: IAID 1, T1 and T2 of an hour, and one IAADDR of 2001:db8::10. */
	memset(ia, 0, sizeof ia);
	ia[3] = 1;
	ia[6] = ia[10] = 0x0e, ia[7] = ia[11] = 0x10;
	ia[13] = 5, ia[15] = 24;
	inet_pton(AF_INET6, "2001:db8::10", ia + 16);
	ia[34] = ia[38] = 0x1c, ia[35] = ia[39] = 0x20;
	put(&p, out + sizeof out, 3, ia, sizeof ia);
	put(&p, out + sizeof out, 14, NULL, 0); /* Rapid Commit */
	put(&p, out + sizeof out, 59, argv[2], url_len);
	if (search_len)
		put(&p, out + sizeof out, 24, search, search_len);

	from.sin6_port = htons(546);
	if (sendto(fd, out, p - out, 0, (struct sockaddr *)&from, fromlen) < 0)
		die("sendto the client");
	close(fd);
	return 0;
}
