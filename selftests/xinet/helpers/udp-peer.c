// SPDX-License-Identifier: GPL-2.0
/*
 * udp-peer: one end of a UDP exchange, on AF_INET or AF_XINET, for the
 * interop tests.
 *
 *   udp-peer echo   inet|xinet ADDR PORT [N]   echo N datagrams (default:
 *                                               forever), then exit 0
 *   udp-peer send   inet|xinet ADDR PORT MSG   connect, send MSG, print the
 *                                               reply; on error print the
 *                                               errno name and exit 1
 *   udp-peer sweep  inet|xinet ADDR PORT SIZE...
 *                                               connect, send a datagram of
 *                                               each SIZE bytes (a pattern
 *                                               that differs per size and
 *                                               offset) and check that the
 *                                               echo is the same bytes;
 *                                               print "sweep: ok" or each
 *                                               mismatch, exit 0 if all ok
 *
 *   udp-peer gso    inet|xinet ADDR PORT SIZE SEG
 *                                               connect, set UDP_SEGMENT to
 *                                               SEG, send SIZE bytes in one
 *                                               send (one GSO datagram of
 *                                               SIZE/SEG rounded up), and
 *                                               check that each echo is one
 *                                               SEG-byte piece, in order;
 *                                               print "gso: N ok" (the
 *                                               pieces) or what differs
 *   udp-peer groecho inet|xinet ADDR PORT       bind with UDP_GRO on, read
 *                                               one datagram (a whole GSO
 *                                               packet) and answer "gro: LEN
 *                                               bytes, segment SEG, data ok"
 *                                               (SEG from the UDP_GRO cmsg,
 *                                               0 without one), then exit
 *   udp-peer gsoask inet|xinet ADDR PORT SIZE SEG
 *                                               connect, send SIZE bytes with
 *                                               UDP_SEGMENT SEG, print the
 *                                               answer
 *
 * The echo server prints "ready" once bound, so a script can wait for it.
 */

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>
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

static const char *errname(int err)
{
	switch (err) {
	case ECONNREFUSED: return "ECONNREFUSED";
	case EAGAIN: return "EAGAIN";
	case EHOSTUNREACH: return "EHOSTUNREACH";
	case ENETUNREACH: return "ENETUNREACH";
	case EADDRINUSE: return "EADDRINUSE";
	case EADDRNOTAVAIL: return "EADDRNOTAVAIL";
	default: return strerror(err);
	}
}

/* Up to the largest UDP payload, 65,507 bytes. */
static unsigned char buf[65536], sbuf[65536];

static int sweep(int fd, int nsizes, char **sizes)
{
	int i, bad = 0;

	for (i = 0; i < nsizes; i++) {
		size_t k, sz = strtoul(sizes[i], NULL, 0);
		ssize_t r;

		if (sz > sizeof(sbuf))
			sz = sizeof(sbuf);
		for (k = 0; k < sz; k++)
			sbuf[k] = (unsigned char)(k * 7 + (k >> 8) + sz);
		if (send(fd, sbuf, sz, 0) != (ssize_t)sz) {
			printf("%zu: send: %s\n", sz, errname(errno));
			bad++;
			continue;
		}
		r = recv(fd, buf, sizeof(buf), 0);
		if (r < 0) {
			printf("%zu: recv: %s\n", sz, errname(errno));
			bad++;
		} else if ((size_t)r != sz || memcmp(buf, sbuf, sz)) {
			printf("%zu: echo of %zd bytes differs\n", sz, r);
			bad++;
		}
	}
	printf(bad ? "sweep: %d bad\n" : "sweep: ok\n", bad);
	return !!bad;
}

#ifndef UDP_SEGMENT
#define UDP_SEGMENT	103
#endif
#ifndef UDP_GRO
#define UDP_GRO		104
#endif

/* The pattern of a SIZE-byte send: it differs per size and offset. */
static unsigned char pattern(size_t k, size_t sz)
{
	return (unsigned char)(k * 7 + (k >> 8) + sz);
}

/* One send of @sz pattern bytes with UDP_SEGMENT @seg; 0 or 1. */
static int gso_send(int fd, size_t sz, int seg)
{
	size_t k;

	if (sz > sizeof(sbuf) || seg <= 0) {
		printf("gso: bad size\n");
		return 1;
	}
	for (k = 0; k < sz; k++)
		sbuf[k] = pattern(k, sz);
	if (setsockopt(fd, IPPROTO_UDP, UDP_SEGMENT, &seg, sizeof(seg))) {
		printf("setsockopt: %s\n", errname(errno));
		return 1;
	}
	if (send(fd, sbuf, sz, 0) != (ssize_t)sz) {
		printf("send: %s\n", errname(errno));
		return 1;
	}
	return 0;
}

static int segmented(int fd, size_t sz, int seg)
{
	size_t off;
	int n = 0;

	if (gso_send(fd, sz, seg))
		return 1;
	for (off = 0; off < sz; off += seg, n++) {
		size_t want = sz - off < (size_t)seg ? sz - off : (size_t)seg;
		ssize_t r = recv(fd, buf, sizeof(buf), 0);

		if (r < 0) {
			printf("gso: piece %d: recv: %s\n", n, errname(errno));
			return 1;
		}
		if ((size_t)r != want || memcmp(buf, sbuf + off, want)) {
			printf("gso: piece %d: %zd bytes, not the %zu sent\n",
			       n, r, want);
			return 1;
		}
	}
	printf("gso: %d ok\n", n);
	return 0;
}

/* groecho: one read with UDP_GRO on, answered with what it got. */
static int gro_echo(int fd)
{
	char cbuf[CMSG_SPACE(sizeof(int))], reply[128];
	struct sockaddr_in from;
	struct iovec iov = { .iov_base = buf, .iov_len = sizeof(buf) };
	struct msghdr m = {
		.msg_name = &from, .msg_namelen = sizeof(from),
		.msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = cbuf, .msg_controllen = sizeof(cbuf),
	};
	struct cmsghdr *c;
	int one = 1, seg = 0, bad = 0;
	ssize_t r, k;

	if (setsockopt(fd, IPPROTO_UDP, UDP_GRO, &one, sizeof(one))) {
		printf("setsockopt: %s\n", errname(errno));
		return 1;
	}
	printf("ready\n");
	fflush(stdout);
	r = recvmsg(fd, &m, 0);
	if (r < 0) {
		printf("recvmsg: %s\n", errname(errno));
		return 1;
	}
	for (c = CMSG_FIRSTHDR(&m); c; c = CMSG_NXTHDR(&m, c))
		if (c->cmsg_level == IPPROTO_UDP && c->cmsg_type == UDP_GRO)
			memcpy(&seg, CMSG_DATA(c), sizeof(seg));
	for (k = 0; k < r; k++)
		bad |= buf[k] != pattern(k, r);
	snprintf(reply, sizeof(reply), "gro: %zd bytes, segment %d, data %s",
		 r, seg, bad ? "differs" : "ok");
	printf("%s\n", reply);
	if (sendto(fd, reply, strlen(reply), 0, (struct sockaddr *)&from,
		   m.msg_namelen) < 0)
		printf("sendto: %s\n", errname(errno));
	return 0;
}

int main(int argc, char **argv)
{
	struct sockaddr_in sin = { 0 };
	struct timeval tv = { .tv_sec = 3 };
	int fd;

	if (argc < 5)
		goto usage;
	sin.sin_family = family_of(argv[2]);
	sin.sin_addr.s_addr = inet_addr(argv[3]);
	sin.sin_port = htons(atoi(argv[4]));
	fd = socket(sin.sin_family, SOCK_DGRAM, 0);
	if (fd < 0) {
		printf("socket: %s\n", errname(errno));
		return 1;
	}

	if (!strcmp(argv[1], "echo")) {
		long n = argc > 5 ? atol(argv[5]) : -1;

		if (bind(fd, (struct sockaddr *)&sin, sizeof(sin))) {
			printf("bind: %s\n", errname(errno));
			return 1;
		}
		printf("ready\n");
		fflush(stdout);
		while (n != 0) {
			struct sockaddr_in peer;
			socklen_t len = sizeof(peer);
			ssize_t r = recvfrom(fd, buf, sizeof(buf), 0,
					     (struct sockaddr *)&peer, &len);

			if (r < 0) {
				printf("recvfrom: %s\n", errname(errno));
				return 1;
			}
			if (sendto(fd, buf, r, 0, (struct sockaddr *)&peer, len) < 0)
				printf("sendto: %s\n", errname(errno));
			if (n > 0)
				n--;
		}
		return 0;
	}

	if (!strcmp(argv[1], "sweep") && argc >= 6) {
		setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
		if (connect(fd, (struct sockaddr *)&sin, sizeof(sin))) {
			printf("connect: %s\n", errname(errno));
			return 1;
		}
		return sweep(fd, argc - 5, argv + 5);
	}

	if (!strcmp(argv[1], "gso") && argc == 7) {
		setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
		if (connect(fd, (struct sockaddr *)&sin, sizeof(sin))) {
			printf("connect: %s\n", errname(errno));
			return 1;
		}
		return segmented(fd, strtoul(argv[5], NULL, 0), atoi(argv[6]));
	}

	if (!strcmp(argv[1], "groecho")) {
		if (bind(fd, (struct sockaddr *)&sin, sizeof(sin))) {
			printf("bind: %s\n", errname(errno));
			return 1;
		}
		return gro_echo(fd);
	}

	if (!strcmp(argv[1], "gsoask") && argc == 7) {
		ssize_t r;

		setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
		if (connect(fd, (struct sockaddr *)&sin, sizeof(sin))) {
			printf("connect: %s\n", errname(errno));
			return 1;
		}
		if (gso_send(fd, strtoul(argv[5], NULL, 0), atoi(argv[6])))
			return 1;
		r = recv(fd, buf, sizeof(buf) - 1, 0);
		if (r < 0) {
			printf("recv: %s\n", errname(errno));
			return 1;
		}
		buf[r] = '\0';
		printf("%s\n", buf);
		return 0;
	}

	if (!strcmp(argv[1], "send") && argc == 6) {
		ssize_t r;

		setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
		if (connect(fd, (struct sockaddr *)&sin, sizeof(sin))) {
			printf("connect: %s\n", errname(errno));
			return 1;
		}
		if (send(fd, argv[5], strlen(argv[5]), 0) < 0) {
			printf("send: %s\n", errname(errno));
			return 1;
		}
		r = recv(fd, buf, sizeof(buf) - 1, 0);
		if (r < 0) {
			printf("recv: %s\n", errname(errno));
			return 1;
		}
		buf[r] = '\0';
		printf("%s\n", buf);
		return 0;
	}

usage:
	fprintf(stderr, "usage: udp-peer echo|send|sweep|gso|groecho|gsoask inet|xinet ADDR PORT [N|MSG|SIZE...|SIZE SEG]\n");
	return 2;
}
