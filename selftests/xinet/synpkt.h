/* SPDX-License-Identifier: GPL-2.0 */
/*
 * synpkt.h: one TCP SYN as an IPv4 packet, built by hand for the SYN
 * floods of selftests/xinet/helpers/syn-flood.c and tools/bench/xinet-mem.c
 * (sent from a packet socket, so that no handshake completes): MSS 1460
 * and window scale 7 options, DF, valid checksums.
 */
#ifndef XINET_SELFTEST_SYNPKT_H
#define XINET_SELFTEST_SYNPKT_H

#include <netinet/in.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define SYNPKT_IPLEN	20
#define SYNPKT_TCPLEN	28
#define SYNPKT_LEN	(SYNPKT_IPLEN + SYNPKT_TCPLEN)

/* Ones' complement sum of @len bytes added to @sum, not folded. */
static inline uint32_t synpkt_sum16(const uint8_t *p, size_t len,
				    uint32_t sum)
{
	for (; len > 1; p += 2, len -= 2)
		sum += (uint32_t)p[0] << 8 | p[1];
	if (len)
		sum += (uint32_t)p[0] << 8;
	return sum;
}

static inline uint16_t synpkt_fold(uint32_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

static inline void synpkt_put16(uint8_t *p, uint16_t v)
{
	p[0] = v >> 8;
	p[1] = v;
}

static inline void synpkt_put32(uint8_t *p, uint32_t v)
{
	synpkt_put16(p, v >> 16);
	synpkt_put16(p + 2, v);
}

/*
 * A SYN from @saddr:@sport to @daddr:@dport (host order) with IP ID @id
 * and initial sequence number @isn, SYNPKT_LEN bytes at @pkt.
 */
static inline void synpkt_build(uint8_t *pkt, uint32_t saddr, uint16_t sport,
				uint32_t daddr, uint16_t dport, uint16_t id,
				uint32_t isn)
{
	uint8_t *ip = pkt, *th = pkt + SYNPKT_IPLEN, pseudo[12];

	memset(pkt, 0, SYNPKT_LEN);
	ip[0] = 0x45;
	synpkt_put16(ip + 2, SYNPKT_LEN);
	synpkt_put16(ip + 4, id);
	synpkt_put16(ip + 6, 0x4000);		/* DF */
	ip[8] = 64;
	ip[9] = IPPROTO_TCP;
	synpkt_put32(ip + 12, saddr);
	synpkt_put32(ip + 16, daddr);
	synpkt_put16(ip + 10, synpkt_fold(synpkt_sum16(ip, SYNPKT_IPLEN, 0)));

	synpkt_put16(th, sport);
	synpkt_put16(th + 2, dport);
	synpkt_put32(th + 4, isn);
	th[12] = (SYNPKT_TCPLEN / 4) << 4;
	th[13] = 0x02;				/* SYN */
	synpkt_put16(th + 14, 64240);
	th[20] = 2;				/* MSS 1460 */
	th[21] = 4;
	synpkt_put16(th + 22, 1460);
	th[24] = 1;				/* NOP, window scale 7 */
	th[25] = 3;
	th[26] = 3;
	th[27] = 7;

	synpkt_put32(pseudo, saddr);
	synpkt_put32(pseudo + 4, daddr);
	pseudo[8] = 0;
	pseudo[9] = IPPROTO_TCP;
	synpkt_put16(pseudo + 10, SYNPKT_TCPLEN);
	synpkt_put16(th + 16,
		     synpkt_fold(synpkt_sum16(th, SYNPKT_TCPLEN,
					      synpkt_sum16(pseudo, 12, 0))));
}

#endif /* XINET_SELFTEST_SYNPKT_H */
