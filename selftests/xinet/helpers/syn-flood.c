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

#include "../synpkt.h"

/* IPv4 header, TCP header, MSS (4), NOP + window scale (4). */

static uint64_t rng_state;

/* xorshift64*: small and seedable. */
static uint32_t rnd(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return (uint32_t)((rng_state * 0x2545F4914F6CDD1DULL) >> 32);
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
	uint32_t net = 0, hostmask, daddr, saddr, isn;
	uint16_t sport, id;
	struct sockaddr_ll sll = { 0 };
	struct timespec t0, t1;
	long count = 50000, sent = 0;
	uint8_t pkt[SYNPKT_LEN];
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
		sport = 1024 + rnd() % 64512;
		id = rnd();
		isn = rnd();
		synpkt_build(pkt, saddr, sport, daddr, port, id, isn);
		if (sendto(fd, pkt, SYNPKT_LEN, 0, (struct sockaddr *)&sll,
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
