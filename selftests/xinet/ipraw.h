/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ipraw.h: what the tests that write and read whole IPv4 packets share
 * (raw_ping_test, ip_options_test): raw sockets of the run's family,
 * sendto an address, the Internet checksum, a bounded wait for a
 * packet and an address in the transcript.
 */
#ifndef XINET_SELFTEST_IPRAW_H
#define XINET_SELFTEST_IPRAW_H

#include <poll.h>
#include <stdint.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include "transcript.h"

static inline int raw(struct run *r, int proto)
{
	return socket(r->family, SOCK_RAW, proto);
}

static inline long send_to(struct run *r, int fd, const char *ip, int port,
			   const void *buf, size_t len, int flags)
{
	struct sockaddr_in a = addr_of(r, ip, port);

	return sendto(fd, buf, len, flags, (struct sockaddr *)&a, sizeof(a));
}

static inline uint16_t csum(const void *p, size_t len)
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

/* Wait up to @ms for a packet, then read it without blocking. */
static inline long recv_wait(int fd, void *buf, size_t len, int ms)
{
	poll_mask(fd, POLLIN, ms);
	return recv(fd, buf, len, MSG_DONTWAIT);
}

static inline void rec_addr(struct run *r, const char *what, const void *addr)
{
	char ip[INET_ADDRSTRLEN];

	inet_ntop(AF_INET, addr, ip, sizeof(ip));
	say(r, "%s=%s ", what, ip);
}

#endif /* XINET_SELFTEST_IPRAW_H */
