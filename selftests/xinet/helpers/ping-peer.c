// SPDX-License-Identifier: GPL-2.0
/*
 * ping-peer: ping(8) reduced to what the interop tests need, on AF_INET
 * or AF_XINET, through a ping socket or a raw ICMP socket, as iputils'
 * ping uses one or the other.
 *
 *   ping-peer inet|xinet ping|raw ADDR COUNT [SIZE]
 *
 * Sends COUNT echo requests of SIZE data bytes (default 56) to ADDR,
 * each waiting up to 2 s for its reply, and prints one line per reply
 * ("N bytes from ADDR: icmp_seq=S").  With a ping socket the kernel
 * writes the identifier and the checksum; with a raw socket this
 * program does, and skips the IP header of what it reads.  Exit 0 when
 * every request was answered, 1 otherwise (errors as errno names).
 */

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <linux/icmp.h>
#include <linux/xinet.h>

static int family_of(const char *name)
{
	FILE *f;
	int family = AF_XINET;

	if (!strcmp(name, "inet"))
		return AF_INET;
	f = fopen(XINET_FAMILY_PATH, "r");
	if (f) {
		if (fscanf(f, "%d", &family) != 1)
			family = AF_XINET;
		fclose(f);
	}
	return family;
}

static uint16_t csum(const void *p, size_t len)
{
	const uint8_t *b = p;
	uint32_t s = 0;
	size_t i;

	for (i = 0; i + 1 < len; i += 2)
		s += b[i] << 8 | b[i + 1];
	if (len & 1)
		s += b[len - 1] << 8;
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return htons(~s & 0xffff);
}

static int fail(const char *what)
{
	printf("%s: %s\n", what, strerrorname_np(errno) ?: "?");
	return 1;
}

int main(int argc, char **argv)
{
	uint8_t out[65536], in[65536];
	struct icmphdr *h = (struct icmphdr *)out;
	struct sockaddr_in to = {};
	int fd, israw, count, size = 56, seq, answered = 0;
	uint16_t ident = getpid() & 0xffff;

	if (argc < 5) {
		fprintf(stderr, "usage: %s inet|xinet ping|raw ADDR COUNT [SIZE]\n",
			argv[0]);
		return 2;
	}
	israw = !strcmp(argv[2], "raw");
	count = atoi(argv[4]);
	if (argc > 5)
		size = atoi(argv[5]);
	to.sin_family = family_of(argv[1]);
	if (inet_pton(AF_INET, argv[3], &to.sin_addr) != 1 ||
	    size < 0 || size > 65000)
		return 2;
	fd = socket(to.sin_family, israw ? SOCK_RAW : SOCK_DGRAM,
		    IPPROTO_ICMP);
	if (fd < 0)
		return fail("socket");

	for (seq = 1; seq <= count; seq++) {
		size_t len = sizeof(*h) + size;
		struct pollfd p = { .fd = fd, .events = POLLIN };

		memset(out, 0, len);
		h->type = ICMP_ECHO;
		h->un.echo.id = htons(ident);
		h->un.echo.sequence = htons(seq);
		memset(out + sizeof(*h), seq, size);
		h->checksum = csum(out, len);
		if (sendto(fd, out, len, 0, (struct sockaddr *)&to,
			   sizeof(to)) < 0)
			return fail("sendto");

		while (poll(&p, 1, 2000) == 1) {
			ssize_t n = recv(fd, in, sizeof(in), 0);
			struct icmphdr *r = (struct icmphdr *)in;
			int off = 0;

			if (n < 0)
				return fail("recv");
			if (israw) {
				off = (in[0] & 15) * 4;
				r = (struct icmphdr *)(in + off);
				/* Raw sockets see every ICMP message. */
				if (n < off + (ssize_t)sizeof(*r) ||
				    r->type != ICMP_ECHOREPLY ||
				    ntohs(r->un.echo.id) != ident)
					continue;
			}
			if (r->type != ICMP_ECHOREPLY ||
			    ntohs(r->un.echo.sequence) != seq)
				continue;
			if (csum(r, n - off) && csum(r, n - off) != 0xffff) {
				printf("bad checksum, icmp_seq=%d\n", seq);
				continue;
			}
			printf("%zd bytes from %s: icmp_seq=%d\n", n - off,
			       argv[3], seq);
			answered++;
			break;
		}
	}
	close(fd);
	printf("%d packets transmitted, %d received\n", count, answered);
	return answered == count ? 0 : 1;
}
