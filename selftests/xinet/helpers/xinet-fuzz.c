// SPDX-License-Identifier: GPL-2.0
/*
 * xinet-fuzz: send random and mutated IPv4/UDP/ICMP/TCP packets out of a
 * layer-3 device (the Linux end of an xnet pair) at an xinet address.
 *
 * It uses a packet socket, not a raw IP socket: Linux's IP_HDRINCL path
 * rewrites the total length, the ID and the header checksum, and the
 * point here is to send exactly the broken bytes we choose.  Seeded, so
 * a failure reproduces with the same -S (the live connections' sequence
 * numbers differ from run to run; the choices made do not).
 *
 * Usage: xinet-fuzz -i IFNAME -s SRC -d DST -p UDPPORT [-n COUNT] [-S SEED]
 *		     [-t PORT -c CONNS] [-a PORT -A CONNS] [-m PLEN] [-w FILE] [-M MAC]
 *
 * -t PORT: an echo listener at DST:PORT (fuzz-echo); the fuzzer makes
 *	CONNS connections to it from SRC before the storm.
 * -a PORT: the fuzzer listens at SRC:PORT and accepts CONNS connections
 *	(fuzz-echo -c on the xinet side: xinet is the active opener).
 * -m PLEN: DST's prefix length (default 24), to tell its subnet's
 *	broadcast address from a foreign one.
 * -M MAC: the link-layer destination on an Ethernet device (a veth, for
 *	running against Linux's own stack); xnet has no link-layer header.
 * -w FILE: once the connections are set up, print "armed" and wait (up
 *	to 10 min) for FILE to exist before the storm: the test makes more
 *	connections (TIME_WAIT ones) for the sniffer to see meanwhile.
 *
 * TCP segments go to those connections, to the listener, to any other
 * connection of DST seen on the device (TIME_WAIT, request socks, ...)
 * and to closed ports.  Sequence numbers come from sniffing the device
 * through the same packet socket (which does not see its own packets).
 * Half the connections are "keep": they get only what RFC 9293 and RFC
 * 5961 say must leave a synchronized connection alone (bad checksums,
 * bad data offsets, out-of-window segments, resets at an inexact
 * sequence number, SYNs, ICMP errors); after the storm each must still
 * echo.  The others ("victim") get everything, resets at the exact
 * sequence number and data in the window included; they must echo or
 * have been reset or closed.
 *
 * Output, one line each:
 *   sent N kind=count...		(N is the sum of the kinds)
 *   replies N			(ACKs answering SYN-ACKs to spoofed sources)
 *   storm MS ms			(how long the sending took)
 *   expect counter=N...		(what xinet must count for these packets:
 *				 each packet run through a model of the
 *				 receive checks, which are Linux's)
 *   conn I keep|victim PORT ok|reset|eof|garbage|timeout|error
 *   listener ok|fail		(a new connection after the storm)
 * Exit status: 0, 1 on a send or setup error, 2 on usage.
 */

#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <netinet/in.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <poll.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MAXPKT		1500
#define MAXCONN		64
#define MAXSEEN		64
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

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

static uint16_t get16(const uint8_t *p)
{
	return p[0] << 8 | p[1];
}

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)get16(p) << 16 | get16(p + 2);
}

static bool seq_after(uint32_t a, uint32_t b)
{
	return (int32_t)(a - b) > 0;
}

/* Addresses in host order. */
static uint32_t src, dst, dst_bcast;
static uint16_t port;

/*
 * Connections: tuples of DST seen on the device, the fuzzer's own first.
 * Sequence numbers as xinet sees them: rcv is xinet's rcv_nxt (what the
 * peer sends next), snd xinet's snd_nxt.
 */
struct conn {
	uint32_t peer;		/* the non-xinet end */
	uint16_t pport, xport;
	uint32_t rcv, snd;
	uint16_t win;
	bool known, keep, own;
	int fd;
};

static struct conn conns[MAXCONN + MAXSEEN];
static int nown, nseen;
static uint16_t listen_port;
static unsigned long replies;

/* ---- building packets ---- */

/* IPv4 header at @pkt around @plen bytes; TTL, ID random-ish. */
static size_t finish_ip4(uint8_t *pkt, uint8_t proto, uint32_t s, uint32_t d,
			 size_t plen)
{
	pkt[0] = 0x45;
	pkt[1] = 0;
	put16(pkt + 2, 20 + plen);
	put16(pkt + 4, rnd());
	put16(pkt + 6, 0x4000);
	pkt[8] = 64;
	pkt[9] = proto;
	put16(pkt + 10, 0);
	put32(pkt + 12, s);
	put32(pkt + 16, d);
	put16(pkt + 10, fold(sum16(pkt, 20, 0)));
	return 20 + plen;
}

static size_t finish_ip(uint8_t *pkt, uint8_t proto, size_t plen)
{
	return finish_ip4(pkt, proto, src, dst, plen);
}

static uint32_t pseudo_sum(uint32_t s, uint32_t d, uint8_t proto, size_t len)
{
	uint8_t ph[12];

	put32(ph, s);
	put32(ph + 4, d);
	ph[8] = 0;
	ph[9] = proto;
	put16(ph + 10, len);
	return sum16(ph, 12, 0);
}

static size_t make_udp(uint8_t *pkt)
{
	uint8_t *u = pkt + 20;
	size_t dlen = rnd_below(200);
	uint16_t c;

	put16(u, 1024 + rnd_below(60000));
	put16(u + 2, rnd_below(4) ? port : rnd());
	put16(u + 4, 8 + dlen);
	put16(u + 6, 0);
	for (size_t i = 0; i < dlen; i++)
		u[8 + i] = rnd();
	c = fold(sum16(u, 8 + dlen, pseudo_sum(src, dst, 17, 8 + dlen)));
	put16(u + 6, c ? c : 0xffff);
	return finish_ip(pkt, 17, 8 + dlen);
}

static size_t make_icmp(uint8_t *pkt)
{
	uint8_t *ic = pkt + 20;
	size_t dlen = rnd_below(100);

	ic[0] = rnd_below(5) ? (rnd_below(2) ? 8 : 3) : rnd_below(256);
	ic[1] = rnd_below(16);
	put16(ic + 2, 0);
	for (size_t i = 4; i < 8 + dlen; i++)
		ic[i] = rnd();
	/* Errors quote an IP header: sometimes a plausible one. */
	if (ic[0] == 3 && dlen >= 28) {
		ic[8] = 0x45;
		ic[8 + 9] = 17;
		put32(ic + 8 + 12, dst);
		put32(ic + 8 + 16, src);
	}
	put16(ic + 2, fold(sum16(ic, 8 + dlen, 0)));
	return finish_ip(pkt, 1, 8 + dlen);
}

/*
 * TCP options: well-formed (MSS, window scale, SACK permitted, SACK
 * blocks, timestamps), unknown kinds, EOL and NOP runs, and malformed
 * ones: lengths 0 and 1, past the end, wrong for the kind, a kind with
 * no length byte.  Returns the bytes written (at most @max).
 */
static size_t gen_opts(uint8_t *o, size_t max)
{
	size_t n = 0;
	int items = rnd_below(6);

	while (items-- > 0 && n < max) {
		size_t room = max - n;
		uint8_t len;

		switch (rnd_below(12)) {
		case 0:		/* MSS, sometimes 0 or absurd */
			if (room < 4)
				break;
			o[n] = 2;
			o[n + 1] = 4;
			put16(o + n + 2, rnd_below(3) ? 536 + rnd_below(9000) :
			      (rnd_below(2) ? 0 : rnd()));
			n += 4;
			break;
		case 1:		/* window scale, often above 14 */
			if (room < 3)
				break;
			o[n] = 3;
			o[n + 1] = 3;
			o[n + 2] = rnd_below(2) ? rnd_below(15) : rnd();
			n += 3;
			break;
		case 2:		/* SACK permitted */
			if (room < 2)
				break;
			o[n] = 4;
			o[n + 1] = 2;
			n += 2;
			break;
		case 3:		/* SACK blocks, 1 to 4, random edges */
			len = 2 + 8 * (1 + rnd_below(4));
			if (room < len)
				break;
			o[n] = 5;
			o[n + 1] = len;
			for (int i = 2; i < len; i++)
				o[n + i] = rnd();
			n += len;
			break;
		case 4:		/* timestamps */
			if (room < 10)
				break;
			o[n] = 8;
			o[n + 1] = 10;
			put32(o + n + 2, rnd());
			put32(o + n + 6, rnd_below(2) ? 0 : rnd());
			n += 10;
			break;
		case 5:		/* an unknown kind, well-formed */
			len = 2 + rnd_below(room < 10 ? room - 1 : 9);
			if (room < 2 || len > room)
				break;
			o[n] = 9 + rnd_below(245);
			o[n + 1] = len;
			for (int i = 2; i < len; i++)
				o[n + i] = rnd();
			n += len;
			break;
		case 6:		/* a NOP run */
			for (int i = rnd_below(room) + 1; i > 0; i--)
				o[n++] = 1;
			break;
		case 7:		/* EOL, then anything */
			o[n++] = 0;
			while (n < max && rnd_below(2))
				o[n++] = rnd();
			break;
		case 8:		/* length 0 or 1 */
			if (room < 2)
				break;
			o[n] = rnd_below(2) ? 2 + rnd_below(7) : rnd();
			o[n + 1] = rnd_below(2);
			n += 2;
			break;
		case 9:		/* length past the end of the options */
			if (room < 2)
				break;
			o[n] = 2 + rnd_below(8);
			o[n + 1] = room + 1 + rnd_below(40);
			n += 2;
			break;
		case 10:	/* a known kind with the wrong length */
			if (room < 2)
				break;
			o[n] = 2 + rnd_below(7);
			len = 2 + rnd_below(room - 1);
			o[n + 1] = len;
			for (int i = 2; i < len; i++)
				o[n + i] = rnd();
			n += len;
			break;
		default:	/* a kind byte alone at the end */
			o[n++] = 2 + rnd_below(250);
			items = 0;
			break;
		}
	}
	return n;
}

struct seg {
	uint32_t saddr, daddr;
	uint16_t sport, dport;
	uint32_t seq, ack;
	uint8_t flags;		/* FIN SYN RST PSH ACK URG ECE CWR */
	uint16_t win, urg;
	uint8_t opts[40];
	size_t optlen;
	int doff;		/* -1: fits the options */
	size_t dlen;
	bool bad_csum;
};

static size_t make_tcp(uint8_t *pkt, const struct seg *s)
{
	uint8_t *th = pkt + 20;
	size_t hlen = 20 + ((s->optlen + 3) & ~3UL), len;
	uint16_t c;

	if (hlen > 60)
		hlen = 60;
	len = hlen + s->dlen;
	memset(th, 0, hlen);
	put16(th, s->sport);
	put16(th + 2, s->dport);
	put32(th + 4, s->seq);
	put32(th + 8, s->ack);
	th[12] = (s->doff < 0 ? hlen / 4 : (size_t)s->doff) << 4;
	th[13] = s->flags;
	put16(th + 14, s->win);
	put16(th + 18, s->urg);
	memcpy(th + 20, s->opts, s->optlen < 40 ? s->optlen : 40);
	/* Padding after the options: EOL, or NOPs. */
	for (size_t i = 20 + s->optlen; i < hlen; i++)
		th[i] = rnd_below(2);
	for (size_t i = hlen; i < len; i++)
		th[i] = rnd();
	c = fold(sum16(th, len, pseudo_sum(s->saddr, s->daddr, 6, len)));
	if (s->bad_csum)
		c ^= 1 + rnd_below(0xfffe);
	put16(th + 16, c);
	return finish_ip4(pkt, 6, s->saddr, s->daddr, len);
}

static struct conn *pick_conn(bool own_only)
{
	int n = own_only || !nseen ? nown : nown + nseen;

	if (!n)
		return NULL;
	return &conns[rnd_below(n)];
}

/* A sequence number around @base: exact, near misses, old, far, random. */
static uint32_t around(uint32_t base, uint16_t win, int *how)
{
	*how = rnd_below(6);
	switch (*how) {
	case 0:
		return base;
	case 1:
		return base + 1 + rnd_below(3);
	case 2:
		return base - 1 - rnd_below(3);
	case 3:
		return base + win + rnd_below(3) - 1;
	case 4:
		return base - 1 - rnd_below(1 << 20);
	default:
		return rnd();
	}
}

/*
 * A segment at a connection.  Keep connections get only what must not
 * change a synchronized connection: far out-of-window segments (not
 * resets at the exact number), inexact resets, SYNs; the caller breaks
 * checksums or offsets on its own.
 */
static void seg_at_conn(struct seg *s, struct conn *c, bool harmless)
{
	int how;

	s->saddr = c->peer;
	s->daddr = dst;
	s->sport = c->pport;
	s->dport = c->xport;
	s->seq = around(c->rcv, c->win, &how);
	s->ack = around(c->snd, c->win, &how);
	s->flags = rnd();
	s->win = rnd_below(4) ? c->win + rnd_below(3) - 1 : rnd();
	s->urg = rnd_below(2) ? 0 : rnd();
	s->dlen = rnd_below(3) ? 0 : rnd_below(600);
	if (!harmless)
		return;
	switch (rnd_below(3)) {
	case 0:		/* far ahead of the window: ACKed, ignored */
		s->seq = c->rcv + 0x40000000 + rnd_below(0x3fffffff);
		s->flags &= ~0x04;
		break;
	case 1:		/* a reset at an inexact sequence number */
		s->flags = 0x04 | (s->flags & 0x10);
		if (s->seq == c->rcv)
			s->seq += 1 + rnd_below(1000);
		s->dlen = 0;
		break;
	default:	/* a SYN: challenged */
		s->flags = (s->flags | 0x02) & ~0x04;
		s->dlen = 0;
		break;
	}
}

enum {
	/* IP and transport mutations of a UDP, ICMP or TCP packet */
	M_RANDOM, M_FLIP, M_TRUNC, M_IHL, M_VERSION, M_TOTLEN, M_CSUM,
	M_FRAG, M_OPTIONS, M_UDPLEN, M_UDPCSUM, M_PROTO, M_TTL, M_VALID,
	/* TCP */
	T_SEG, T_LISTEN, T_OPTS, T_DOFF, T_CSUM, T_NOSOCK,
	/* ICMP errors */
	I_QUOTE_TCP, I_QUOTE_UDP, I_QUOTE_JUNK,
	M_NR
};

static const char *const names[M_NR] = {
	"random", "bitflip", "truncated", "bad_ihl", "bad_version",
	"bad_totlen", "bad_ipcsum", "fragment", "options", "bad_udplen",
	"bad_l4csum", "odd_protocol", "ttl01", "valid",
	"tcp_segment", "tcp_listener", "tcp_options", "tcp_doff",
	"tcp_badcsum", "tcp_noport",
	"icmp_quote_tcp", "icmp_quote_udp", "icmp_quote_junk",
};

/* A well-formed TCP segment: at a connection, the listener, or no one. */
static size_t make_tcp_valid(uint8_t *pkt)
{
	struct seg s = { .doff = -1 };
	struct conn *c = pick_conn(false);

	if (c && rnd_below(2)) {
		seg_at_conn(&s, c, c->keep);
	} else {
		s.saddr = src;
		s.daddr = dst;
		s.sport = 1024 + rnd_below(60000);
		s.dport = listen_port && rnd_below(2) ? listen_port : rnd();
		s.seq = rnd();
		s.ack = rnd();
		s.flags = rnd_below(2) ? 0x02 : rnd();
		s.win = rnd();
	}
	return make_tcp(pkt, &s);
}

static size_t make_base(uint8_t *pkt)
{
	switch (rnd_below(3)) {
	case 0:
		return make_udp(pkt);
	case 1:
		return make_icmp(pkt);
	default:
		return make_tcp_valid(pkt);
	}
}

/* The quoted packet of an ICMP error: what xinet sent on @c. */
static size_t quote_tcp(uint8_t *q, struct conn *c, size_t room)
{
	size_t tl = rnd_below(4) ? 8 : (rnd_below(2) ? rnd_below(8) : 20);
	int how;

	if (tl > room - 20)
		tl = room - 20;
	q[0] = 0x45;
	q[1] = 0;
	put16(q + 2, 20 + 20 + rnd_below(1400));
	put16(q + 4, rnd());
	put16(q + 6, 0x4000);
	q[8] = rnd_below(3) ? 64 : rnd_below(2);
	q[9] = 6;
	put16(q + 10, rnd());
	put32(q + 12, dst);
	put32(q + 16, c->peer);
	if (tl >= 4) {
		put16(q + 20, c->xport);
		put16(q + 22, rnd_below(8) ? c->pport : c->pport + 1);
	}
	if (tl >= 8)
		put32(q + 24, around(c->snd, c->win, &how));
	for (size_t i = 20 + (tl >= 8 ? 8 : tl >= 4 ? 4 : 0); i < 20 + tl; i++)
		q[i] = rnd();
	return 20 + tl;
}

static size_t make_icmp_err(uint8_t *pkt, int kind)
{
	static const uint8_t types[] = { 3, 3, 3, 3, 4, 5, 11, 12 };
	static const uint16_t mtus[] = { 0, 1, 67, 68, 296, 576, 1280, 1500,
					 9000, 65535 };
	uint8_t *ic = pkt + 20;
	size_t len = 8;
	struct conn *c;
	uint32_t from = rnd_below(2) ? src : (src & ~0xffu) | (200 + rnd_below(50));

	ic[0] = types[rnd_below(ARRAY_SIZE(types))];
	ic[1] = rnd_below(ic[0] == 3 ? 17 : 4);
	if (ic[0] == 3 && rnd_below(3) == 0)
		ic[1] = 4;	/* fragmentation needed */
	put16(ic + 2, 0);
	put32(ic + 4, 0);
	if (ic[0] == 3 && ic[1] == 4)
		put16(ic + 6, mtus[rnd_below(ARRAY_SIZE(mtus))]);
	else if (ic[0] == 5)
		put32(ic + 4, rnd_below(2) ? from : rnd());
	else if (ic[0] == 12)
		ic[4] = rnd_below(60);

	c = kind == I_QUOTE_TCP ? pick_conn(false) : NULL;
	if (c) {
		len += quote_tcp(ic + 8, c, 60);
	} else if (kind == I_QUOTE_UDP) {
		/* The UDP echo socket, or a near miss of it. */
		uint8_t *q = ic + 8;

		finish_ip4(q, 17, dst, src, 8 + rnd_below(100));
		put16(q + 20, rnd_below(2) ? port : port + 1);
		put16(q + 22, 1024 + rnd_below(60000));
		put16(q + 24, 8 + rnd_below(100));
		put16(q + 26, rnd());
		len += 28 - (rnd_below(4) ? 0 : 1 + rnd_below(27));
	} else {
		size_t ql = rnd_below(120);

		for (size_t i = 0; i < ql; i++)
			ic[8 + i] = rnd();
		if (ql >= 20 && rnd_below(2))
			ic[8] = 0x40 | rnd_below(16);
		len += ql;
	}
	put16(ic + 2, fold(sum16(ic, len, 0)));
	return finish_ip4(pkt, 1, from, dst, len);
}

/*
 * Fragment sequences: a few datagrams (UDP to the echo socket or ICMP)
 * are cut into fragments and sent one fragment per M_FRAG packet, in
 * order, reversed, shuffled, with a duplicate, an overlap, a gap, tiny
 * 8-byte pieces, an MF piece off the 8-byte grid, a last fragment past
 * 65,535 bytes, or random pieces.  IDs come from a small set, so that a
 * new datagram may meet the leftovers of an old one; the model below
 * follows Linux's reassembly through all of it.
 */
#define FSLOTS		4
#define FMAXFRAGS	24
#define FIDS		8

struct fpiece {
	int offset, len;
	bool mf;
};

struct fseq {
	uint8_t dgram[MAXPKT];
	size_t len;		/* the datagram, header included */
	struct fpiece piece[FMAXFRAGS];
	int n, next;
};

static struct fseq fseqs[FSLOTS];

static void fseq_new(struct fseq *f)
{
	int plan = rnd_below(11), i, j, off, plen, step;
	uint8_t *u = f->dgram + 20;
	size_t dlen;

	if (rnd_below(3)) {
		/* UDP to the echo socket, 0-1,200 bytes of data. */
		dlen = rnd_below(1201);
		put16(u, 1024 + rnd_below(60000));
		put16(u + 2, port);
		put16(u + 4, 8 + dlen);
		put16(u + 6, 0);
		for (size_t k = 0; k < dlen; k++)
			u[8 + k] = rnd();
		put16(u + 6, fold(sum16(u, 8 + dlen,
					pseudo_sum(src, dst, 17, 8 + dlen))) ?: 0xffff);
		f->len = finish_ip(f->dgram, 17, 8 + dlen);
	} else {
		/* An echo request, answered (in fragments) when whole. */
		dlen = rnd_below(1201);
		u[0] = 8;
		u[1] = 0;
		put16(u + 2, 0);
		for (size_t k = 4; k < 8 + dlen; k++)
			u[k] = rnd();
		put16(u + 2, fold(sum16(u, 8 + dlen, 0)));
		f->len = finish_ip(f->dgram, 1, 8 + dlen);
	}
	put16(f->dgram + 4, 0xf000 | rnd_below(FIDS));
	plen = f->len - 20;

	/* Pieces of a multiple of 8 bytes, the last taking the rest. */
	step = plan == 6 ? 8 : 8 * (1 + rnd_below(plen / 8 + 1));
	f->n = 0;
	for (off = 0; off < plen && f->n < FMAXFRAGS - 2; off += step) {
		f->piece[f->n].offset = off;
		f->piece[f->n].len = off + step < plen ? step : plen - off;
		f->piece[f->n].mf = off + step < plen;
		f->n++;
	}
	if (off < plen) {		/* out of pieces: the rest in one */
		f->piece[f->n - 1].len = plen - f->piece[f->n - 1].offset;
		f->piece[f->n - 1].mf = false;
	}
	if (f->n == 1 && plan != 9) {	/* a lone piece is no fragment */
		f->piece[0].mf = true;
		f->piece[0].len = plen > 8 ? 8 : plen;
		if (plen > 8) {
			f->piece[1] = (struct fpiece){ 8, plen - 8, false };
			f->n = 2;
		}
	}
	switch (plan) {
	case 1:		/* reversed */
		for (i = 0, j = f->n - 1; i < j; i++, j--) {
			struct fpiece t = f->piece[i];

			f->piece[i] = f->piece[j];
			f->piece[j] = t;
		}
		break;
	case 2:		/* shuffled */
		for (i = f->n - 1; i > 0; i--) {
			struct fpiece t;

			j = rnd_below(i + 1);
			t = f->piece[i];
			f->piece[i] = f->piece[j];
			f->piece[j] = t;
		}
		break;
	case 3:		/* a duplicate */
		i = rnd_below(f->n);
		f->piece[f->n] = f->piece[i];
		if (rnd_below(2)) {
			struct fpiece t = f->piece[f->n];

			j = rnd_below(f->n + 1);
			f->piece[f->n] = f->piece[j];
			f->piece[j] = t;
		}
		f->n++;
		break;
	case 4:		/* an overlap: a piece moved by 8 bytes */
		i = rnd_below(f->n);
		if (f->piece[i].offset >= 8 && rnd_below(2))
			f->piece[i].offset -= 8;
		else
			f->piece[i].offset += 8;
		break;
	case 5:		/* a gap: one piece never sent */
		i = rnd_below(f->n);
		f->piece[i] = f->piece[f->n - 1];
		f->n--;
		break;
	case 7:		/* an MF piece off the 8-byte grid */
		i = rnd_below(f->n);
		f->piece[i].mf = true;
		f->piece[i].len += 1 + rnd_below(7);
		if (f->piece[i].offset + f->piece[i].len > plen)
			f->piece[i].len = plen - f->piece[i].offset;
		break;
	case 8:		/* a last piece ending past 65,535 bytes */
		f->piece[f->n - 1].offset = 65528 - 8 * rnd_below(4);
		f->piece[f->n - 1].mf = false;
		if (f->piece[f->n - 1].len > plen)
			f->piece[f->n - 1].len = plen;
		break;
	case 9:		/* random pieces of this datagram's ID */
		for (i = 0; i < f->n; i++) {
			f->piece[i].offset = 8 * rnd_below(plen / 8 + 2);
			f->piece[i].len = rnd_below(plen + 1);
			f->piece[i].mf = rnd_below(2);
		}
		break;
	}
	f->next = 0;
}

/* The next fragment of a sequence at @pkt; its bytes as far as it has. */
static size_t make_fragment(uint8_t *pkt)
{
	struct fseq *f = &fseqs[rnd_below(FSLOTS)];
	const struct fpiece *pc;
	int have, len;

	if (f->next >= f->n)
		fseq_new(f);
	pc = &f->piece[f->next++];
	memcpy(pkt, f->dgram, 20);
	len = pc->len;
	/* Bytes past the datagram (moved pieces) are zeros. */
	have = (int)f->len - 20 - pc->offset;
	if (have < 0)
		have = 0;
	if (have > len)
		have = len;
	memset(pkt + 20, 0, len);
	memcpy(pkt + 20, f->dgram + 20 + (pc->offset < (int)f->len - 20 ?
					  pc->offset : 0), have);
	put16(pkt + 2, 20 + len);
	put16(pkt + 6, (pc->mf ? 0x2000 : 0) | (pc->offset >> 3));
	put16(pkt + 10, 0);
	put16(pkt + 10, fold(sum16(pkt, 20, 0)));
	return 20 + len;
}

static size_t make_kind(uint8_t *pkt, int kind)
{
	size_t len = make_base(pkt), i;
	struct seg s = { .doff = -1 };
	struct conn *c;

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
		pkt[0] = 0x40 | rnd_below(16);
		break;
	case M_VERSION:
		pkt[0] = (rnd_below(16) << 4) | 5;
		break;
	case M_TOTLEN:
		put16(pkt + 2, rnd_below(2) ? rnd_below(20) :
		      len + 1 + rnd_below(2000));
		break;
	case M_CSUM:
		put16(pkt + 10, get16(pkt + 10) ^ (1 + rnd_below(0xfffe)));
		return len;
	case M_FRAG:
		return make_fragment(pkt);
	case M_OPTIONS: {
		size_t olen = 4 * (1 + rnd_below(10));

		if (len + olen > MAXPKT)
			break;
		memmove(pkt + 20 + olen, pkt + 20, len - 20);
		for (i = 0; i < olen; i++)
			pkt[20 + i] = rnd_below(3) ? rnd() : 1;	/* NOPs */
		len += olen;
		pkt[0] = 0x40 | (5 + olen / 4);
		put16(pkt + 2, len);
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
		pkt[9] = rnd();
		break;
	case M_TTL:
		pkt[8] = rnd_below(2);
		break;
	case M_VALID:
		return len;
	case T_SEG:
		c = pick_conn(false);
		if (!c)
			return make_tcp_valid(pkt);
		seg_at_conn(&s, c, c->keep);
		if (rnd_below(4) == 0)
			s.optlen = gen_opts(s.opts, 40);
		return make_tcp(pkt, &s);
	case T_LISTEN:
		/* From the peer or a spoofed neighbour, mostly SYNs. */
		s.saddr = rnd_below(4) ? (src & ~0xffu) | (100 + rnd_below(100)) : src;
		s.daddr = dst;
		s.sport = 1024 + rnd_below(60000);
		s.dport = listen_port ? listen_port : port;
		s.seq = rnd();
		s.ack = rnd_below(2) ? 0 : rnd();
		s.flags = rnd_below(3) ? 0x02 | (rnd() & 0xc0) : rnd();
		s.win = rnd();
		s.urg = rnd_below(4) ? 0 : rnd();
		s.optlen = gen_opts(s.opts, 40);
		s.dlen = rnd_below(4) ? 0 : rnd_below(300);
		return make_tcp(pkt, &s);
	case T_OPTS:
		c = pick_conn(false);
		if (!c || rnd_below(3) == 0)
			return make_kind(pkt, T_LISTEN);
		seg_at_conn(&s, c, c->keep);
		s.optlen = gen_opts(s.opts, 40);
		return make_tcp(pkt, &s);
	case T_DOFF:
		/* Every data offset, packets short and long. */
		c = pick_conn(false);
		if (c) {
			seg_at_conn(&s, c, false);
		} else {
			s.saddr = src;
			s.daddr = dst;
			s.dport = listen_port;
			s.flags = 0x02;
		}
		s.optlen = gen_opts(s.opts, 40);
		s.doff = rnd_below(16);
		s.dlen = rnd_below(3) ? rnd_below(16) : rnd_below(80);
		/* A harmful segment must not get through to a keep one. */
		if (c && c->keep && s.doff >= 5)
			s.bad_csum = true;
		return make_tcp(pkt, &s);
	case T_CSUM:
		c = pick_conn(false);
		if (c)
			seg_at_conn(&s, c, false);
		else
			return make_tcp_valid(pkt);
		s.bad_csum = true;
		return make_tcp(pkt, &s);
	case T_NOSOCK:
		s.saddr = src;
		s.daddr = dst;
		s.sport = 1024 + rnd_below(60000);
		s.dport = 1 + rnd_below(999);
		s.seq = rnd();
		s.ack = rnd();
		s.flags = rnd();
		s.win = rnd();
		return make_tcp(pkt, &s);
	case I_QUOTE_TCP:
	case I_QUOTE_UDP:
	case I_QUOTE_JUNK:
		return make_icmp_err(pkt, kind);
	}
	put16(pkt + 10, 0);
	put16(pkt + 10, fold(sum16(pkt, (pkt[0] & 0xf) * 4 <= len ?
				   (pkt[0] & 0xf) * 4 : 20, 0)));
	return len;
}

/* ---- the model: what xinet (as Linux) counts for a packet ---- */

enum {
	E_IP_HDR, E_IP_CSUM, E_IP_TRUNC, E_IP_ADDR, E_IP_PROTO, E_IP_FRAG,
	E_IP_REQDS, E_IP_REASM_OK, E_IP_DELIVER, E_TCP_CSUM, E_TCP_ERRS, E_UDP_CSUM, E_ICMP_CSUM,
	E_ICMP_ERRS, E_NR
};

static const char *const enames[E_NR] = {
	"Ip.InHdrErrors", "IpExt.InCsumErrors", "IpExt.InTruncatedPkts",
	"Ip.InAddrErrors", "Ip.InUnknownProtos", "Ip.ReasmFails",
	"Ip.ReasmReqds", "Ip.ReasmOKs",
	"Ip.InDelivers", "Tcp.InCsumErrors", "Tcp.InErrs",
	"Udp.InCsumErrors", "Icmp.InCsumErrors", "Icmp.InErrors",
};

static unsigned long expect[E_NR];

static bool l4_csum_ok(const uint8_t *ip, const uint8_t *l4, size_t len,
		       uint8_t proto)
{
	return fold(sum16(l4, len, pseudo_sum(get32(ip + 12), get32(ip + 16),
					      proto, len))) == 0;
}

/*
 * Linux's reassembly (ip_defrag, ip_frag_queue, inet_frag_queue_insert,
 * ip_frag_reasm), as the fuzz test configures it: ipfrag_time far beyond
 * the run, ipfrag_max_dist 0 and ipfrag_high_thresh far above what the
 * queues hold, so that no queue expires, restarts or is refused while
 * the fuzzer runs.  Each queue
 * keeps its runs of contiguous fragments as Linux's rbtree does, since
 * whether a fragment is a duplicate or an overlap depends on them.
 */
#define MQ_MAX		256
#define MQ_RUNS		8192
#define MQ_FIRST	1
#define MQ_LAST		2

struct mrun {
	int start, len;
};

struct mqueue {
	bool used;
	uint32_t s, d;
	uint16_t id;
	uint8_t proto;
	int flags, len, meat, max_size, max_df_size;
	uint8_t ecn;
	struct mrun run[MQ_RUNS];	/* by start */
	int nruns;
	int last_run;			/* index of the run the tail ends */
	int tail_off, tail_len;		/* the fragment that ends furthest */
	bool has_tail;
	uint8_t head[60];		/* the offset-0 fragment's header */
	uint8_t data[65536 + 2048];
};

static struct mqueue *mqueues[MQ_MAX];

static void mq_kill(struct mqueue *q)
{
	q->used = false;
}

static struct mqueue *mq_find(const uint8_t *p)
{
	struct mqueue *q, *free_q = NULL;
	int i;

	for (i = 0; i < MQ_MAX; i++) {
		q = mqueues[i];
		if (q && q->used && q->s == get32(p + 12) &&
		    q->d == get32(p + 16) && q->id == get16(p + 4) &&
		    q->proto == p[9])
			return q;
		if (!free_q && (!q || !q->used)) {
			if (!q) {
				q = calloc(1, sizeof(*q));
				if (!q) {
					perror("calloc");
					exit(1);
				}
				mqueues[i] = q;
			}
			free_q = q;
		}
	}
	if (!free_q) {
		fprintf(stderr, "xinet-fuzz: more than %d fragment queues\n",
			MQ_MAX);
		exit(1);
	}
	q = free_q;
	q->used = true;
	q->s = get32(p + 12);
	q->d = get32(p + 16);
	q->id = get16(p + 4);
	q->proto = p[9];
	q->flags = q->len = q->meat = q->max_size = q->max_df_size = 0;
	q->ecn = 0;
	q->nruns = 0;
	q->has_tail = false;
	return q;
}

enum { MQ_OK, MQ_DUP, MQ_OVERLAP };

/* inet_frag_queue_insert() on the runs. */
static int mq_insert(struct mqueue *q, int offset, int end)
{
	int i;

	if (!q->has_tail) {
		q->run[0] = (struct mrun){ offset, end - offset };
		q->nruns = 1;
		q->last_run = 0;
	} else if (q->tail_off + q->tail_len < end) {
		int tail_end = q->tail_off + q->tail_len;

		if (offset < tail_end)
			return MQ_OVERLAP;
		if (offset == tail_end) {
			q->run[q->last_run].len += end - offset;
		} else {
			if (q->nruns == MQ_RUNS) {
				fprintf(stderr, "xinet-fuzz: too many runs\n");
				exit(1);
			}
			q->run[q->nruns] = (struct mrun){ offset, end - offset };
			q->last_run = q->nruns++;
		}
	} else {
		/* Before the tail: against every run, as the tree search. */
		for (i = 0; i < q->nruns; i++) {
			int rs = q->run[i].start, re = rs + q->run[i].len;

			if (end <= rs || offset >= re)
				continue;
			if (offset >= rs && end <= re)
				return MQ_DUP;
			return MQ_OVERLAP;
		}
		if (q->nruns == MQ_RUNS) {
			fprintf(stderr, "xinet-fuzz: too many runs\n");
			exit(1);
		}
		q->run[q->nruns++] = (struct mrun){ offset, end - offset };
		return MQ_OK;	/* not the tail */
	}
	q->tail_off = offset;
	q->tail_len = end - offset;
	q->has_tail = true;
	return MQ_OK;
}

static const uint8_t ecn_table[16] = {
	[8 | 4] = 3, [8 | 2] = 3, [8 | 4 | 2] = 3,
	[1 | 8] = 0xff, [1 | 4] = 0xff, [1 | 2] = 0xff, [1 | 4 | 2] = 0xff,
	[1 | 8 | 4] = 0xff, [1 | 8 | 2] = 0xff, [1 | 8 | 4 | 2] = 0xff,
};

static void model_deliver(const uint8_t *p, unsigned int ihl, unsigned int tot);

static void model_frag(const uint8_t *p, unsigned int ihl, unsigned int tot)
{
	static uint8_t dg[65536 + 2048];
	int offset, end, flags, fragsize;
	struct mqueue *q;
	unsigned int total;

	expect[E_IP_REQDS]++;
	q = mq_find(p);
	offset = get16(p + 6);
	flags = offset & ~0x1fff;
	offset = (offset & 0x1fff) << 3;
	end = offset + tot - ihl;

	if (!(flags & 0x2000)) {
		if (end < q->len || ((q->flags & MQ_LAST) && end != q->len))
			goto discard;
		q->flags |= MQ_LAST;
		q->len = end;
	} else {
		end &= ~7;
		if (end > q->len) {
			if (q->flags & MQ_LAST)
				goto discard;
			q->len = end;
		}
	}
	if (end == offset)
		goto discard;

	switch (mq_insert(q, offset, end)) {
	case MQ_DUP:
		return;
	case MQ_OVERLAP:
		goto discard;
	}
	memcpy(q->data + offset, p + ihl, end - offset);
	q->meat += end - offset;
	q->ecn |= 1 << (p[1] & 3);
	if (offset == 0) {
		q->flags |= MQ_FIRST;
		memcpy(q->head, p, ihl);
	}
	fragsize = end - offset + ihl;
	if (fragsize > q->max_size)
		q->max_size = fragsize;
	if ((flags & 0x4000) && fragsize > q->max_df_size)
		q->max_df_size = fragsize;
	if (q->flags != (MQ_FIRST | MQ_LAST) || q->meat != q->len)
		return;

	/* Complete: ip_frag_reasm(). */
	mq_kill(q);
	ihl = (q->head[0] & 15) * 4;
	total = ihl + q->len;
	if (ecn_table[q->ecn] == 0xff || total > 65535) {
		expect[E_IP_FRAG]++;
		return;
	}
	expect[E_IP_REASM_OK]++;
	memcpy(dg, q->head, ihl);
	memcpy(dg + ihl, q->data, q->len);
	put16(dg + 2, total);
	dg[1] |= ecn_table[q->ecn];
	put16(dg + 6, q->max_df_size == q->max_size ? 0x4000 : 0);
	put16(dg + 10, 0);
	put16(dg + 10, fold(sum16(dg, ihl, 0)));
	model_deliver(dg, ihl, total);
	return;

discard:
	mq_kill(q);
	expect[E_IP_FRAG]++;
}

enum { OPT_OK, OPT_BAD, OPT_SRR };

/*
 * ip_options_compile() on a received header's @olen option bytes: only
 * whether it fails (a parameter problem, InHdrErrors) or finds a source
 * route (dropped uncounted: accept_source_route is 0).  CIPSO always
 * fails, as it does without a configured DOI.
 */
static int model_options(const uint8_t *o, int olen)
{
	bool srr = false, rr = false, ts = false;
	int l = olen, len;

	while (l > 0) {
		if (o[0] == 0)		/* end of list */
			break;
		if (o[0] == 1) {	/* no-op */
			o++;
			l--;
			continue;
		}
		if (l < 2)
			return OPT_BAD;
		len = o[1];
		if (len < 2 || len > l)
			return OPT_BAD;
		switch (o[0]) {
		case 0x83:		/* LSRR */
		case 0x89:		/* SSRR */
			if (len < 3 || o[2] < 4 || srr)
				return OPT_BAD;
			srr = true;
			break;
		case 7:			/* record route */
			if (rr || len < 3 || o[2] < 4)
				return OPT_BAD;
			if (o[2] <= len && o[2] + 3 > len)
				return OPT_BAD;
			rr = true;
			break;
		case 0x44:		/* timestamp */
			if (ts || len < 4 || o[2] < 5)
				return OPT_BAD;
			if (o[2] <= len) {
				if (o[2] + 3 > len)
					return OPT_BAD;
				if (((o[3] & 15) == 1 || (o[3] & 15) == 3) &&
				    o[2] + 7 > len)
					return OPT_BAD;
			} else if ((o[3] & 15) != 3 && (o[3] >> 4) == 15) {
				return OPT_BAD;
			}
			ts = true;
			break;
		case 0x94:		/* router alert */
			if (len < 4)
				return OPT_BAD;
			break;
		case 0x86:		/* CIPSO: no DOI is configured */
			return OPT_BAD;
		}
		o += len;
		l -= len;
	}
	return srr ? OPT_SRR : OPT_OK;
}

/*
 * The checks of ip_rcv_core, ip_rcv_finish (xinet's address types and
 * the options), ip_local_deliver and the transports' first checks, in
 * their order.  Counters whose other sources this cannot see
 * (Tcp.InErrs from SYN challenges, Icmp.InErrors from error handlers)
 * are lower bounds.
 */
static void model(const uint8_t *p, size_t len)
{
	unsigned int ihl, tot;
	uint32_t s, d;

	if (len < 20 || (p[0] >> 4) != 4 || (p[0] & 15) < 5 ||
	    len < (p[0] & 15) * 4u) {
		expect[E_IP_HDR]++;
		return;
	}
	ihl = (p[0] & 15) * 4;
	if (fold(sum16(p, ihl, 0))) {
		expect[E_IP_CSUM]++;
		expect[E_IP_HDR]++;
		return;
	}
	tot = get16(p + 2);
	if (len < tot) {
		expect[E_IP_TRUNC]++;
		return;
	}
	if (tot < ihl) {
		expect[E_IP_HDR]++;
		return;
	}
	s = get32(p + 12);
	d = get32(p + 16);
	if ((s >> 28) == 0xe || s == 0xffffffff) {
		expect[E_IP_ADDR]++;
		return;
	}
	if (d != dst && (d >> 24) != 127 && d != 0xffffffff && d != dst_bcast) {
		expect[E_IP_ADDR]++;
		return;
	}
	switch (ihl > 20 ? model_options(p + 20, ihl - 20) : OPT_OK) {
	case OPT_BAD:
		expect[E_IP_HDR]++;
		return;
	case OPT_SRR:
		return;
	}
	if (get16(p + 6) & 0x3fff) {
		model_frag(p, ihl, tot);
		return;
	}
	model_deliver(p, ihl, tot);
}

/*
 * ip_local_deliver_finish and the transports' first checks, for a packet
 * or a reassembled datagram: @p holds @tot bytes, an @ihl-byte header.
 */
static void model_deliver(const uint8_t *p, unsigned int ihl, unsigned int tot)
{
	uint32_t d = get32(p + 16);
	const uint8_t *l4;
	size_t l4len;

	if (p[9] != 1 && p[9] != 6 && p[9] != 17) {
		expect[E_IP_PROTO]++;
		return;
	}
	expect[E_IP_DELIVER]++;
	/* Broadcasts take other paths in the transports. */
	if (d != dst)
		return;
	l4 = p + ihl;
	l4len = tot - ihl;
	switch (p[9]) {
	case 6:
		if (l4len < 20)
			return;
		if ((l4[12] >> 4) < 5) {
			expect[E_TCP_ERRS]++;
			return;
		}
		if ((l4[12] >> 4) * 4u > l4len)
			return;
		if (!l4_csum_ok(p, l4, l4len, 6)) {
			expect[E_TCP_CSUM]++;
			expect[E_TCP_ERRS]++;
		}
		return;
	case 17:
		/* Only the plain case: the length field says the truth. */
		if (l4len < 8 || get16(l4 + 4) != l4len || !get16(l4 + 6))
			return;
		if (!l4_csum_ok(p, l4, l4len, 17))
			expect[E_UDP_CSUM]++;
		return;
	case 1:
		if (fold(sum16(l4, l4len, 0))) {
			expect[E_ICMP_CSUM]++;
			expect[E_ICMP_ERRS]++;
		} else if (l4len < 8 || l4[0] > 18) {
			expect[E_ICMP_ERRS]++;
		}
		return;
	}
}

/* ---- sniffing: sequence numbers of DST's connections ---- */

static struct conn *find_conn(uint32_t peer, uint16_t pport, uint16_t xport,
			      bool add)
{
	struct conn *c;

	for (int i = 0; i < nown + nseen; i++) {
		c = &conns[i];
		if (c->peer == peer && c->pport == pport && c->xport == xport)
			return c;
	}
	if (!add)
		return NULL;
	if (nseen == MAXSEEN)	/* replace one at random */
		c = &conns[nown + rnd_below(MAXSEEN)];
	else
		c = &conns[nown + nseen++];
	memset(c, 0, sizeof(*c));
	c->peer = peer;
	c->pport = pport;
	c->xport = xport;
	c->fd = -1;
	return c;
}

static int pfd;
static struct sockaddr_ll sll;

static void send_pkt(const uint8_t *pkt, size_t len);

/* A SYN-ACK to a spoofed source: sometimes complete the handshake. */
static void answer_synack(const uint8_t *th, uint32_t peer)
{
	uint8_t pkt[MAXPKT + 64];
	struct seg s = { .doff = -1 };
	size_t len;
	int how;

	if (rnd_below(2))
		return;
	s.saddr = peer;
	s.daddr = dst;
	s.sport = get16(th + 2);
	s.dport = get16(th);
	s.seq = get32(th + 8);
	s.ack = rnd_below(2) ? get32(th + 4) + 1 :
		around(get32(th + 4) + 1, 0, &how);
	s.flags = rnd_below(4) ? 0x10 : rnd();
	s.win = rnd();
	s.dlen = rnd_below(3) ? 0 : rnd_below(100);
	len = make_tcp(pkt, &s);
	send_pkt(pkt, len);
	model(pkt, len);
	replies++;
}

static void learn(const uint8_t *p, size_t len, int pkttype)
{
	size_t ihl, tot, dl;
	const uint8_t *th;
	uint32_t s, d, seq, ack;
	uint8_t fl;
	struct conn *c;

	if (len < 40 || (p[0] >> 4) != 4 || p[9] != 6)
		return;
	ihl = (p[0] & 15) * 4;
	tot = get16(p + 2);
	if (tot > len || tot < ihl + 20)
		return;
	th = p + ihl;
	s = get32(p + 12);
	d = get32(p + 16);
	dl = tot - ihl - (th[12] >> 4) * 4;
	seq = get32(th + 4);
	ack = get32(th + 8);
	fl = th[13];
	if (fl & 0x04)
		return;
	if (s == dst && pkttype == PACKET_HOST) {	/* from xinet */
		if (listen_port && get16(th) == listen_port &&
		    (fl & 0x12) == 0x12 && d != src)
			answer_synack(th, d);
		c = find_conn(d, get16(th + 2), get16(th), true);
		seq += dl + !!(fl & 0x02) + !!(fl & 0x01);
		if (!c->known || seq_after(seq, c->snd))
			c->snd = seq;
		if (fl & 0x10)
			c->rcv = ack;
		c->win = get16(th + 14);
		c->known = true;
	} else if (d == dst && pkttype == PACKET_OUTGOING) {	/* to xinet */
		c = find_conn(s, get16(th), get16(th + 2), false);
		if (!c)
			return;
		seq += dl + !!(fl & 0x02) + !!(fl & 0x01);
		if (!c->known || seq_after(seq, c->rcv))
			c->rcv = seq;
		if ((fl & 0x10) && (!c->known || seq_after(ack, c->snd)))
			c->snd = ack;
		c->known = true;
	}
}

static void sniff(void)
{
	uint8_t buf[MAXPKT + 64];
	struct sockaddr_ll from;
	socklen_t fl;
	ssize_t n;

	for (int i = 0; i < 64; i++) {
		fl = sizeof(from);
		n = recvfrom(pfd, buf, sizeof(buf), MSG_DONTWAIT,
			     (struct sockaddr *)&from, &fl);
		if (n < 0)
			return;
		learn(buf, n, from.sll_pkttype);
	}
}

static void send_pkt(const uint8_t *pkt, size_t len)
{
	for (;;) {
		if (sendto(pfd, pkt, len, 0, (struct sockaddr *)&sll,
			   sizeof(sll)) >= 0)
			return;
		/* A full device queue: wait and send it again. */
		if (errno == ENOBUFS || errno == EAGAIN) {
			usleep(1000);
			continue;
		}
		perror("sendto");
		exit(1);
	}
}

/* ---- the fuzzer's own connections ---- */

static void sleep_ms(int ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

/* Write @msg, read it back within 5 s: the connection's verdict. */
static const char *echo_check(int fd, const char *msg)
{
	size_t len = strlen(msg), got = 0;
	char buf[256];
	ssize_t n;

	if (send(fd, msg, len, MSG_NOSIGNAL) != (ssize_t)len)
		return errno == ECONNRESET || errno == EPIPE ? "reset" : "error";
	while (got < len) {
		struct pollfd p = { .fd = fd, .events = POLLIN };

		if (poll(&p, 1, 5000) <= 0)
			return "timeout";
		n = recv(fd, buf + got, sizeof(buf) - got, 0);
		if (n == 0)
			return "eof";
		if (n < 0)
			return errno == ECONNRESET ? "reset" : "error";
		got += n;
	}
	return memcmp(buf, msg, len) || got != len ? "garbage" : "ok";
}

static void add_own(int fd, bool keep)
{
	struct sockaddr_in l, r;
	socklen_t sl = sizeof(l), rl = sizeof(r);
	struct conn *c = &conns[nown++];

	getsockname(fd, (struct sockaddr *)&l, &sl);
	getpeername(fd, (struct sockaddr *)&r, &rl);
	memset(c, 0, sizeof(*c));
	c->fd = fd;
	c->keep = keep;
	c->own = true;
	c->peer = ntohl(l.sin_addr.s_addr);
	c->pport = ntohs(l.sin_port);
	c->xport = ntohs(r.sin_port);
}

static int tcp_connect(uint32_t to, uint16_t p)
{
	struct sockaddr_in sin = { .sin_family = AF_INET };
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	sin.sin_addr.s_addr = htonl(to);
	sin.sin_port = htons(p);
	if (fd < 0 || connect(fd, (struct sockaddr *)&sin, sizeof(sin))) {
		perror("connect");
		if (fd >= 0)
			close(fd);
		return -1;
	}
	return fd;
}

static int setup_conns(uint16_t tport, int tn, uint16_t aport, int an)
{
	char msg[64];

	for (int i = 0; i < tn; i++) {
		int fd = tcp_connect(dst, tport);

		if (fd < 0)
			return -1;
		add_own(fd, !(i & 1));
	}
	if (an) {
		struct sockaddr_in sin = { .sin_family = AF_INET };
		int one = 1, lfd = socket(AF_INET, SOCK_STREAM, 0);

		sin.sin_addr.s_addr = htonl(src);
		sin.sin_port = htons(aport);
		setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
		if (bind(lfd, (struct sockaddr *)&sin, sizeof(sin)) ||
		    listen(lfd, 16)) {
			perror("listen");
			return -1;
		}
		printf("listening\n");
		fflush(stdout);
		for (int i = 0; i < an; i++) {
			struct pollfd p = { .fd = lfd, .events = POLLIN };
			int fd;

			if (poll(&p, 1, 30000) <= 0) {
				fprintf(stderr, "xinet-fuzz: no connection to accept\n");
				return -1;
			}
			fd = accept(lfd, NULL, NULL);
			if (fd < 0)
				return -1;
			add_own(fd, !(i & 1));
		}
		close(lfd);
	}
	/* One echo each: the connections work, and the sniffer learns them. */
	for (int i = 0; i < nown; i++) {
		snprintf(msg, sizeof(msg), "before %d", i);
		if (strcmp(echo_check(conns[i].fd, msg), "ok")) {
			fprintf(stderr, "xinet-fuzz: connection %d does not echo\n", i);
			return -1;
		}
	}
	for (int i = 0; i < 50; i++) {
		bool all = true;

		sniff();
		for (int j = 0; j < nown; j++)
			all &= conns[j].known;
		if (all)
			return 0;
		sleep_ms(20);
	}
	fprintf(stderr, "xinet-fuzz: sequence numbers not learnt\n");
	return -1;
}

static void bad_usage(void)
{
	fprintf(stderr,
		"usage: xinet-fuzz -i IFNAME -s SRC -d DST -p UDPPORT [-n COUNT] [-S SEED]\n"
		"                  [-t PORT -c CONNS] [-a PORT -A CONNS] [-m PLEN] [-w FILE] [-M MAC]\n");
	exit(2);
}

static uint32_t addr_of(const char *s)
{
	struct in_addr a;

	if (inet_pton(AF_INET, s, &a) != 1)
		bad_usage();
	return ntohl(a.s_addr);
}

int main(int argc, char **argv)
{
	unsigned long count = 100000, sent = 0, per_kind[M_NR] = { 0 };
	int opt, tn = 0, an = 0, plen = 24;
	uint16_t aport = 0;
	const char *ifname = NULL, *go = NULL, *mac = NULL;
	uint8_t pkt[MAXPKT + 64];
	int bufsz = 4 << 20;
	struct timespec t0, t1;
	char msg[64];

	rng_state = 0x9e3779b97f4a7c15ULL;
	while ((opt = getopt(argc, argv, "i:s:d:p:n:S:t:c:a:A:m:w:M:")) != -1) {
		switch (opt) {
		case 'i':
			ifname = optarg;
			break;
		case 's':
			src = addr_of(optarg);
			break;
		case 'd':
			dst = addr_of(optarg);
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
		case 't':
			listen_port = atoi(optarg);
			break;
		case 'c':
			tn = atoi(optarg);
			break;
		case 'a':
			aport = atoi(optarg);
			break;
		case 'A':
			an = atoi(optarg);
			break;
		case 'm':
			plen = atoi(optarg);
			break;
		case 'w':
			go = optarg;
			break;
		case 'M':
			mac = optarg;
			break;
		default:
			bad_usage();
		}
	}
	if (!ifname || !src || !dst || !port || plen < 1 || plen > 32 ||
	    (tn && !listen_port) || (an && !aport) || tn + an > MAXCONN)
		bad_usage();
	dst_bcast = plen < 31 ? dst | ((1u << (32 - plen)) - 1) : 0;

	/* ETH_P_ALL: the sniffer sees both directions of the device. */
	pfd = socket(AF_PACKET, SOCK_DGRAM, htons(ETH_P_ALL));
	if (pfd < 0) {
		perror("socket(AF_PACKET)");
		return 1;
	}
	setsockopt(pfd, SOL_SOCKET, SO_RCVBUFFORCE, &bufsz, sizeof(bufsz));
	sll.sll_family = AF_PACKET;
	sll.sll_protocol = htons(ETH_P_ALL);
	sll.sll_ifindex = if_nametoindex(ifname);
	if (!sll.sll_ifindex) {
		perror(ifname);
		return 1;
	}
	if (bind(pfd, (struct sockaddr *)&sll, sizeof(sll))) {
		perror("bind(AF_PACKET)");
		return 1;
	}
	sll.sll_protocol = htons(ETH_P_IP);
	if (mac) {
		unsigned int b[6];

		if (sscanf(mac, "%x:%x:%x:%x:%x:%x", &b[0], &b[1], &b[2],
			   &b[3], &b[4], &b[5]) != 6)
			bad_usage();
		for (int i = 0; i < 6; i++)
			sll.sll_addr[i] = b[i];
		sll.sll_halen = 6;
	}
	if (setup_conns(listen_port, tn, aport, an))
		return 1;
	if (go) {
		int i;

		printf("armed\n");
		fflush(stdout);
		for (i = 0; i < 30000 && access(go, F_OK); i++) {
			sniff();
			sleep_ms(20);
		}
		if (i == 30000) {
			fprintf(stderr, "xinet-fuzz: no %s\n", go);
			return 1;
		}
	}

	clock_gettime(CLOCK_MONOTONIC, &t0);
	while (sent < count) {
		int kind = rnd_below(M_NR);
		size_t len = make_kind(pkt, kind);

		/* Zero-length frames are refused by the packet layer. */
		if (!len)
			continue;
		send_pkt(pkt, len);
		model(pkt, len);
		per_kind[kind]++;
		sent++;
		sniff();
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	sleep_ms(500);
	sniff();

	printf("sent %lu", sent);
	for (int i = 0; i < M_NR; i++)
		printf(" %s=%lu", names[i], per_kind[i]);
	printf("\nreplies %lu\nstorm %lld ms\nexpect", replies,
	       (long long)(t1.tv_sec - t0.tv_sec) * 1000 +
	       (t1.tv_nsec - t0.tv_nsec) / 1000000);
	for (int i = 0; i < E_NR; i++)
		printf(" %s=%lu", enames[i], expect[i]);
	printf("\n");
	for (int i = 0; i < nown; i++) {
		snprintf(msg, sizeof(msg), "after %d", i);
		printf("conn %d %s %u %s\n", i, conns[i].keep ? "keep" : "victim",
		       conns[i].pport, echo_check(conns[i].fd, msg));
		close(conns[i].fd);
	}
	if (listen_port) {
		int fd = tcp_connect(dst, listen_port);
		const char *v = fd < 0 ? "fail" : echo_check(fd, "listener");

		printf("listener %s\n", strcmp(v, "ok") ? "fail" : "ok");
		if (fd >= 0)
			close(fd);
	}
	return 0;
}
