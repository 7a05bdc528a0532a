// SPDX-License-Identifier: GPL-2.0
/*
 * xinet-fuzz: send random and mutated IPv4/UDP/ICMP packets out of a
 * layer-3 device (the Linux end of an xnet pair) at an xinet address.
 *
 * It uses a packet socket, not a raw IP socket: Linux's IP_HDRINCL path
 * rewrites the total length, the ID and the header checksum, and the
 * point here is to send exactly the broken bytes we choose.  Seeded, so
 * a failure reproduces with the same -s.
 *
 * Usage: xinet-fuzz -i IFNAME -s SRC -d DST -p UDPPORT [-n COUNT] [-S SEED]
 * Prints one line: "sent N" and, per mutation kind, how many.
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
#include <unistd.h>

#define MAXPKT 1500

static uint64_t rng_state;

/* xorshift64*: small, seedable, good enough to pick mutations. */
static uint32_t rnd(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return (uint32_t)((rng_state * 0x2545F4914F6CDD1DULL) >> 32);
}

static uint32_t rnd_below(uint32_t n)
{
	return n ? rnd() % n : 0;
}

static uint16_t csum(const void *data, size_t len, uint32_t sum)
{
	const uint8_t *p = data;

	while (len > 1) {
		sum += (uint32_t)p[0] << 8 | p[1];
		p += 2;
		len -= 2;
	}
	if (len)
		sum += (uint32_t)p[0] << 8;
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return htons(~sum & 0xffff);
}

struct ip4 {
	uint8_t ver_ihl, tos;
	uint16_t tot_len, id, frag_off;
	uint8_t ttl, protocol;
	uint16_t check;
	uint32_t saddr, daddr;
};

static uint32_t src, dst;
static uint16_t port;

/* A well-formed IPv4 packet around @plen payload bytes at pkt + 20. */
static size_t finish_ip(uint8_t *pkt, uint8_t proto, size_t plen)
{
	struct ip4 *iph = (struct ip4 *)pkt;

	iph->ver_ihl = 0x45;
	iph->tos = 0;
	iph->tot_len = htons(20 + plen);
	iph->id = htons(rnd());
	iph->frag_off = htons(0x4000);
	iph->ttl = 64;
	iph->protocol = proto;
	iph->saddr = src;
	iph->daddr = dst;
	iph->check = 0;
	iph->check = csum(iph, 20, 0);
	return 20 + plen;
}

static uint16_t l4_csum(uint8_t proto, const uint8_t *l4, size_t len)
{
	uint32_t sum = 0;
	uint8_t pseudo[12];
	uint16_t ulen = htons(len);

	memcpy(pseudo, &src, 4);
	memcpy(pseudo + 4, &dst, 4);
	pseudo[8] = 0;
	pseudo[9] = proto;
	memcpy(pseudo + 10, &ulen, 2);
	for (int i = 0; i < 12; i += 2)
		sum += (uint32_t)pseudo[i] << 8 | pseudo[i + 1];
	return csum(l4, len, sum);
}

static size_t make_udp(uint8_t *pkt)
{
	uint8_t *u = pkt + 20;
	size_t dlen = rnd_below(200);
	uint16_t sport = htons(1024 + rnd_below(60000));
	uint16_t dport = rnd_below(4) ? htons(port) : htons(rnd());
	uint16_t ulen = htons(8 + dlen);
	uint16_t c;

	memcpy(u, &sport, 2);
	memcpy(u + 2, &dport, 2);
	memcpy(u + 4, &ulen, 2);
	memset(u + 6, 0, 2);
	for (size_t i = 0; i < dlen; i++)
		u[8 + i] = rnd();
	c = l4_csum(17, u, 8 + dlen);
	if (!c)
		c = 0xffff;
	memcpy(u + 6, &c, 2);
	return finish_ip(pkt, 17, 8 + dlen);
}

static size_t make_icmp(uint8_t *pkt)
{
	uint8_t *ic = pkt + 20;
	size_t dlen = rnd_below(100);
	uint16_t c;

	ic[0] = rnd_below(5) ? (rnd_below(2) ? 8 : 3) : rnd_below(256);
	ic[1] = rnd_below(16);
	memset(ic + 2, 0, 2);
	for (size_t i = 4; i < 8 + dlen; i++)
		ic[i] = rnd();
	/* Errors quote an IP header: sometimes a plausible one. */
	if (ic[0] == 3 && dlen >= 28) {
		struct ip4 *q = (struct ip4 *)(ic + 8);

		q->ver_ihl = 0x45;
		q->protocol = 17;
		q->saddr = dst;
		q->daddr = src;
	}
	c = csum(ic, 8 + dlen, 0);
	memcpy(ic + 2, &c, 2);
	return finish_ip(pkt, 1, 8 + dlen);
}

enum { M_RANDOM, M_FLIP, M_TRUNC, M_IHL, M_VERSION, M_TOTLEN, M_CSUM,
	M_FRAG, M_OPTIONS, M_UDPLEN, M_UDPCSUM, M_PROTO, M_VALID, M_NR };

static const char *const names[M_NR] = {
	"random", "bitflip", "truncated", "bad_ihl", "bad_version",
	"bad_totlen", "bad_ipcsum", "fragment", "options", "bad_udplen",
	"bad_l4csum", "odd_protocol", "valid",
};

static size_t mutate(uint8_t *pkt, int kind)
{
	struct ip4 *iph = (struct ip4 *)pkt;
	size_t len = rnd_below(2) ? make_udp(pkt) : make_icmp(pkt);
	size_t i;

	switch (kind) {
	case M_RANDOM:
		len = rnd_below(MAXPKT + 1);
		for (i = 0; i < len; i++)
			pkt[i] = rnd();
		if (len && rnd_below(2))
			pkt[0] = 0x40 | (pkt[0] & 0xf);
		return len;
	case M_FLIP:
		for (i = 0; i < 1 + rnd_below(8); i++)
			pkt[rnd_below(len)] ^= 1 << rnd_below(8);
		return len;
	case M_TRUNC:
		return rnd_below(len);
	case M_IHL:
		iph->ver_ihl = 0x40 | rnd_below(16);
		break;
	case M_VERSION:
		iph->ver_ihl = (rnd_below(16) << 4) | 5;
		break;
	case M_TOTLEN:
		iph->tot_len = htons(rnd_below(2) ? rnd_below(20) :
				     len + 1 + rnd_below(2000));
		break;
	case M_CSUM:
		iph->check ^= htons(1 + rnd_below(0xfffe));
		return len;
	case M_FRAG:
		iph->frag_off = htons((rnd_below(2) ? 0x2000 : 0) |
				      rnd_below(0x2000));
		if (!(ntohs(iph->frag_off) & 0x3fff))
			iph->frag_off = htons(0x2000);
		break;
	case M_OPTIONS: {
		size_t olen = 4 * (1 + rnd_below(10));

		if (len + olen > MAXPKT)
			break;
		memmove(pkt + 20 + olen, pkt + 20, len - 20);
		for (i = 0; i < olen; i++)
			pkt[20 + i] = rnd_below(3) ? rnd() : 1;	/* NOPs */
		len += olen;
		iph->ver_ihl = 0x40 | (5 + olen / 4);
		iph->tot_len = htons(len);
		break;
	}
	case M_UDPLEN:
		len = make_udp(pkt);
		pkt[24] = rnd();
		pkt[25] = rnd();
		return len;
	case M_UDPCSUM:
		pkt[26] ^= 1 + rnd_below(255);
		return len;
	case M_PROTO:
		iph->protocol = rnd();
		break;
	case M_VALID:
		return len;
	}
	iph->check = 0;
	iph->check = csum(iph, (iph->ver_ihl & 0xf) * 4 <= len ?
			  (iph->ver_ihl & 0xf) * 4 : 20, 0);
	return len;
}

int main(int argc, char **argv)
{
	unsigned long count = 100000, sent = 0, per_kind[M_NR] = { 0 };
	const char *ifname = NULL;
	struct sockaddr_ll sll = { 0 };
	uint8_t pkt[MAXPKT + 64];
	int opt, fd;

	rng_state = 0x9e3779b97f4a7c15ULL;
	while ((opt = getopt(argc, argv, "i:s:d:p:n:S:")) != -1) {
		switch (opt) {
		case 'i':
			ifname = optarg;
			break;
		case 's':
			src = inet_addr(optarg);
			break;
		case 'd':
			dst = inet_addr(optarg);
			break;
		case 'p':
			port = atoi(optarg);
			break;
		case 'n':
			count = strtoul(optarg, NULL, 0);
			break;
		case 'S':
			rng_state = strtoull(optarg, NULL, 0) | 1;
			break;
		default:
			goto usage;
		}
	}
	if (!ifname || !src || !dst || !port)
		goto usage;

	fd = socket(AF_PACKET, SOCK_DGRAM, htons(ETH_P_IP));
	if (fd < 0) {
		perror("socket(AF_PACKET)");
		return 1;
	}
	sll.sll_family = AF_PACKET;
	sll.sll_protocol = htons(ETH_P_IP);
	sll.sll_ifindex = if_nametoindex(ifname);
	if (!sll.sll_ifindex) {
		perror(ifname);
		return 1;
	}

	while (sent < count) {
		int kind = rnd_below(M_NR);
		size_t len = mutate(pkt, kind);

		if (sendto(fd, pkt, len, 0, (struct sockaddr *)&sll,
			   sizeof(sll)) < 0) {
			/* A full device queue: wait and send it again. */
			if (errno == ENOBUFS || errno == EAGAIN) {
				usleep(1000);
				continue;
			}
			/* Zero-length frames are refused by the packet layer. */
			if (errno == EINVAL && len == 0)
				continue;
			perror("sendto");
			return 1;
		}
		per_kind[kind]++;
		sent++;
	}
	printf("sent %lu", sent);
	for (int i = 0; i < M_NR; i++)
		printf(" %s=%lu", names[i], per_kind[i]);
	printf("\n");
	return 0;

usage:
	fprintf(stderr, "usage: %s -i IFNAME -s SRC -d DST -p PORT [-n COUNT] [-S SEED]\n",
		argv[0]);
	return 2;
}
