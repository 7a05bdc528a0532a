// SPDX-License-Identifier: GPL-2.0
/*
 * syn-flood: send spoofed TCP SYNs out of a layer-3 device (the Linux end
 * of an xnet pair) at a listener, as fast as the device takes them.
 *
 * Each SYN comes from a random address in PREFIX/PLEN and a random port
 * above 1023, with a random ISN, and carries MSS and window scale options;
 * the IPv4 and TCP checksums are valid, so the listener treats each as a
 * real connection attempt.  A packet socket writes the exact bytes (no
 * IP_HDRINCL rewriting).  Seeded, so a run reproduces with the same -S.
 *
 * Usage: syn-flood -i IFNAME -s PREFIX/PLEN -d DST -p PORT [-n COUNT] [-S SEED]
 *                  [-m MAC]
 * -m: the link-layer destination on an Ethernet device (a veth, for
 * running the test against Linux); xnet has no link-layer header.
 * Prints one line: "sent N in MS ms" (N < COUNT only after a send error,
 * then the exit status is 1).
 */

#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <netinet/in.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

/* IPv4 header, TCP header, MSS (4), NOP + window scale (4). */
#define IPLEN	20
#define TCPLEN	28
#define PKTLEN	(IPLEN + TCPLEN)

static uint64_t rng_state;

/* xorshift64*: small and seedable. */
static uint32_t rnd(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return (uint32_t)((rng_state * 0x2545F4914F6CDD1DULL) >> 32);
}

/* Ones' complement sum of @len bytes, folded, added to @sum. */
static uint32_t sum16(const uint8_t *p, size_t len, uint32_t sum)
{
	while (len > 1) {
		sum += (uint32_t)p[0] << 8 | p[1];
		p += 2;
		len -= 2;
	}
	if (len)
		sum += (uint32_t)p[0] << 8;
	return sum;
}

static uint16_t fold(uint32_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = v >> 8;
	p[1] = v;
}

static void put32(uint8_t *p, uint32_t v)
{
	put16(p, v >> 16);
	put16(p + 2, v);
}

/* Builds one SYN from @saddr:@sport to @daddr:@dport (host order). */
static void build_syn(uint8_t *pkt, uint32_t saddr, uint16_t sport,
		      uint32_t daddr, uint16_t dport)
{
	uint8_t *ip = pkt, *th = pkt + IPLEN, pseudo[12];
	uint32_t sum;

	memset(pkt, 0, PKTLEN);
	ip[0] = 0x45;
	put16(ip + 2, PKTLEN);
	put16(ip + 4, rnd());
	put16(ip + 6, 0x4000);		/* DF */
	ip[8] = 64;
	ip[9] = IPPROTO_TCP;
	put32(ip + 12, saddr);
	put32(ip + 16, daddr);
	put16(ip + 10, fold(sum16(ip, IPLEN, 0)));

	put16(th, sport);
	put16(th + 2, dport);
	put32(th + 4, rnd());		/* ISN */
	th[12] = (TCPLEN / 4) << 4;
	th[13] = 0x02;			/* SYN */
	put16(th + 14, 64240);
	th[20] = 2;			/* MSS */
	th[21] = 4;
	put16(th + 22, 1460);
	th[24] = 1;			/* NOP */
	th[25] = 3;			/* window scale */
	th[26] = 3;
	th[27] = 7;

	put32(pseudo, saddr);
	put32(pseudo + 4, daddr);
	pseudo[8] = 0;
	pseudo[9] = IPPROTO_TCP;
	put16(pseudo + 10, TCPLEN);
	sum = sum16(pseudo, sizeof(pseudo), 0);
	put16(th + 16, fold(sum16(th, TCPLEN, sum)));
}

static void bad_usage(void)
{
	fprintf(stderr,
		"usage: syn-flood -i IFNAME -s PREFIX/PLEN -d DST -p PORT [-n COUNT] [-S SEED] [-m MAC]\n");
	exit(2);
}

int main(int argc, char **argv)
{
	const char *ifname = NULL, *prefix = NULL, *dst = NULL, *mac = NULL;
	uint32_t net = 0, hostmask, daddr, saddr;
	struct sockaddr_ll sll = { 0 };
	struct timespec t0, t1;
	long count = 50000, sent = 0;
	uint8_t pkt[PKTLEN];
	struct in_addr a;
	char pfx[32], *slash;
	int c, fd, plen, port = 0, rc = 0;

	rng_state = 20261123;
	while ((c = getopt(argc, argv, "i:s:d:p:n:S:m:")) != -1) {
		switch (c) {
		case 'i':
			ifname = optarg;
			break;
		case 's':
			prefix = optarg;
			break;
		case 'd':
			dst = optarg;
			break;
		case 'p':
			port = atoi(optarg);
			break;
		case 'n':
			count = atol(optarg);
			break;
		case 'S':
			rng_state = strtoull(optarg, NULL, 0) | 1;
			break;
		case 'm':
			mac = optarg;
			break;
		default:
			bad_usage();
		}
	}
	if (!ifname || !prefix || !dst || port <= 0 || port > 65535)
		bad_usage();
	snprintf(pfx, sizeof(pfx), "%s", prefix);
	slash = strchr(pfx, '/');
	if (!slash)
		bad_usage();
	*slash = '\0';
	plen = atoi(slash + 1);
	if (plen < 1 || plen > 30 || inet_pton(AF_INET, pfx, &a) != 1)
		bad_usage();
	hostmask = (1u << (32 - plen)) - 1;
	net = ntohl(a.s_addr) & ~hostmask;
	if (inet_pton(AF_INET, dst, &a) != 1)
		bad_usage();
	daddr = ntohl(a.s_addr);

	fd = socket(AF_PACKET, SOCK_DGRAM, htons(ETH_P_IP));
	if (fd < 0) {
		perror("socket(AF_PACKET)");
		return 1;
	}
	sll.sll_family = AF_PACKET;
	sll.sll_protocol = htons(ETH_P_IP);
	sll.sll_ifindex = if_nametoindex(ifname);
	if (!sll.sll_ifindex) {
		fprintf(stderr, "syn-flood: no device %s\n", ifname);
		return 1;
	}
	if (mac) {
		unsigned int b[6];
		int i;

		if (sscanf(mac, "%x:%x:%x:%x:%x:%x", &b[0], &b[1], &b[2],
			   &b[3], &b[4], &b[5]) != 6)
			bad_usage();
		for (i = 0; i < 6; i++)
			sll.sll_addr[i] = b[i];
		sll.sll_halen = 6;
	}

	clock_gettime(CLOCK_MONOTONIC, &t0);
	while (sent < count) {
		/* Neither the network nor the broadcast address. */
		do {
			saddr = net | (rnd() & hostmask);
		} while ((saddr & hostmask) == 0 ||
			 (saddr & hostmask) == hostmask);
		build_syn(pkt, saddr, 1024 + rnd() % 64512, daddr, port);
		if (sendto(fd, pkt, PKTLEN, 0, (struct sockaddr *)&sll,
			   sizeof(sll)) < 0) {
			/* A full backlog is back-pressure, not failure. */
			if (errno == ENOBUFS || errno == EAGAIN) {
				usleep(100);
				continue;
			}
			perror("sendto");
			rc = 1;
			break;
		}
		sent++;
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	printf("sent %ld in %lld ms\n", sent,
	       (long long)(t1.tv_sec - t0.tv_sec) * 1000 +
	       (t1.tv_nsec - t0.tv_nsec) / 1000000);
	close(fd);
	return rc;
}
