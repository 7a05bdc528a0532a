// SPDX-License-Identifier: GPL-2.0
/*
 * ip_options_test: IPv4 header options (IP_OPTIONS, IP_RECVOPTS,
 * IP_RETOPTS, options on received packets), each behaviour run on
 * AF_INET over lo and on AF_XINET over xlo, in a fresh network
 * namespace.  The AF_INET transcript must be the expected one and the
 * AF_XINET transcript must equal it: the same errnos, the same option
 * bytes back from getsockopt, the same record-route entries in sent,
 * received and echoed packets, the same parameter problems.
 */

#include <errno.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <net/if.h>
#include <netinet/in.h>
#include <netinet/ip.h>
#include <netinet/tcp.h>
#include <netinet/udp.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <linux/icmp.h>
#include <linux/xinet.h>

#include "kselftest_harness.h"
#include "ipraw.h"
#include "transcript.h"

static void hex(struct run *r, const char *what, const uint8_t *p, int n)
{
	int i;

	say(r, "%s=", what);
	for (i = 0; i < n; i++)
		say(r, "%02x", p[i]);
	say(r, " ");
}

static int set_opts(int fd, const void *opts, int len)
{
	return setsockopt(fd, SOL_IP, IP_OPTIONS, opts, len);
}

/* getsockopt(IP_OPTIONS) as hex, or the errno. */
static void rec_get(struct run *r, const char *what, int fd)
{
	uint8_t buf[64];
	socklen_t len = sizeof(buf);

	if (getsockopt(fd, SOL_IP, IP_OPTIONS, buf, &len) < 0)
		rec(r, what, -1);
	else
		hex(r, what, buf, len);
}

/*
 * The option bytes of a control message or header, with the 4-byte
 * timestamp slots of a timestamp option shown as set/unset: the clock
 * differs between runs, the structure must not.
 */
static void rec_opts(struct run *r, const char *what, const uint8_t *p,
		     int n)
{
	uint8_t copy[64];
	int i;

	memcpy(copy, p, n);
	for (i = 0; i + 4 <= n && copy[i] != 0; ) {
		if (copy[i] == 1) {
			i++;
			continue;
		}
		if (copy[i] == 0x44 && copy[i + 1] >= 4) {
			int j, step = (copy[i + 3] & 0xf) ? 8 : 4;

			for (j = i + 4 + step - 4; j + 4 <= i + copy[i + 1];
			     j += step)
				if (copy[j] | copy[j + 1] | copy[j + 2] |
				    copy[j + 3])
					memset(copy + j, 0xee, 4);
		}
		if (copy[i + 1] < 2)
			break;
		i += copy[i + 1];
	}
	hex(r, what, copy, n);
}

/* recvmsg with control messages: each SOL_IP one as "what_TYPE=hex". */
static void rec_cmsgs(struct run *r, const char *what, int fd)
{
	char data[64], cbuf[512];
	struct iovec iov = { .iov_base = data, .iov_len = sizeof(data) };
	struct msghdr mh = {
		.msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = cbuf, .msg_controllen = sizeof(cbuf),
	};
	struct cmsghdr *c;
	char name[64];
	long n;

	poll_mask(fd, POLLIN, 2000);
	n = recvmsg(fd, &mh, MSG_DONTWAIT);
	rec(r, what, n);
	if (n < 0)
		return;
	for (c = CMSG_FIRSTHDR(&mh); c; c = CMSG_NXTHDR(&mh, c)) {
		if (c->cmsg_level != SOL_IP)
			continue;
		snprintf(name, sizeof(name), "%s_%s", what,
			 c->cmsg_type == IP_RECVOPTS ? "recvopts" :
			 c->cmsg_type == IP_RETOPTS ? "retopts" : "other");
		rec_opts(r, name, CMSG_DATA(c), c->cmsg_len - CMSG_LEN(0));
	}
	if (mh.msg_flags & MSG_CTRUNC)
		say(r, "%s_ctrunc ", what);
}

static const uint8_t rr1[] = { 7, 7, 4, 0, 0, 0, 0 };
static const uint8_t rr3[15] = { 7, 15, 4 };
static const uint8_t rr4[] = { 7, 19, 4 };		/* zero-filled */
static const uint8_t rr9[40] = { 7, 39, 4 };
static const uint8_t ts2[12] = { 0x44, 12, 5, 0 };
static const uint8_t ts_addr[12] = { 0x44, 12, 5, 1 };
static const uint8_t ts_prespec[12] = { 0x44, 12, 5, 3, 127, 0, 0, 1 };
static const uint8_t lsrr[11] = { 0x83, 11, 4, 10, 0, 0, 1, 10, 0, 0, 2 };

/* setsockopt/getsockopt(IP_OPTIONS): validation, padding, the undo. */
static void sockopt(struct run *r)
{
	static const uint8_t rr_ptr3[] = { 7, 7, 3, 0, 0, 0, 0 };
	static const uint8_t rr_twice[] = { 7, 7, 4, 0, 0, 0, 0,
					    7, 7, 4, 0, 0, 0, 0 };
	static const uint8_t rr_short[] = { 7, 2 };
	static const uint8_t ts_bad_flag[8] = { 0x44, 8, 5, 2 };
	static const uint8_t ssrr_ptr[] = { 0x89, 7, 8, 10, 0, 0, 1 };
	static const uint8_t ra[] = { 0x94, 4, 0, 0 };
	static const uint8_t unknown[] = { 0x99, 4, 0, 0 };
	static const uint8_t end_junk[] = { 0, 1, 1, 1 };
	static const uint8_t noop = 1;
	uint8_t big[41];
	int u = socket(r->family, SOCK_DGRAM, 0);
	int t = socket(r->family, SOCK_STREAM, 0);

	memset(big, 1, sizeof(big));
	rec_get(r, "empty", u);
	rec(r, "rr", set_opts(u, rr1, sizeof(rr1)));
	rec_get(r, "get_rr", u);
	rec(r, "noop", set_opts(u, &noop, 1));
	rec_get(r, "get_noop", u);
	rec(r, "too_long", set_opts(u, big, sizeof(big)));
	rec(r, "max", set_opts(u, big, 40));
	rec_get(r, "get_max", u);
	rec(r, "rr_ptr3", set_opts(u, rr_ptr3, sizeof(rr_ptr3)));
	rec(r, "rr_twice", set_opts(u, rr_twice, sizeof(rr_twice)));
	rec(r, "rr_short", set_opts(u, rr_short, sizeof(rr_short)));
	rec(r, "truncated", set_opts(u, rr1, 1));
	rec_get(r, "get_kept", u);
	rec(r, "ts", set_opts(u, ts2, sizeof(ts2)));
	rec_get(r, "get_ts", u);
	rec(r, "ts_addr", set_opts(u, ts_addr, sizeof(ts_addr)));
	rec_get(r, "get_ts_addr", u);
	rec(r, "ts_prespec", set_opts(u, ts_prespec, sizeof(ts_prespec)));
	rec_get(r, "get_ts_prespec", u);
	rec(r, "ts_bad_flag", set_opts(u, ts_bad_flag, sizeof(ts_bad_flag)));
	rec(r, "lsrr", set_opts(u, lsrr, sizeof(lsrr)));
	rec_get(r, "get_lsrr", u);
	rec(r, "ssrr_ptr", set_opts(u, ssrr_ptr, sizeof(ssrr_ptr)));
	rec(r, "ra", set_opts(u, ra, sizeof(ra)));
	rec(r, "unknown", set_opts(u, unknown, sizeof(unknown)));
	rec(r, "end_junk", set_opts(u, end_junk, sizeof(end_junk)));
	rec_get(r, "get_end_junk", u);

	/* Without CAP_NET_RAW: no source route, no unknown option. */
	set_effective_cap(CAP_NET_RAW, false);
	rec(r, "nocap_lsrr", set_opts(u, lsrr, sizeof(lsrr)));
	rec(r, "nocap_unknown", set_opts(u, unknown, sizeof(unknown)));
	rec(r, "nocap_ts_bad_flag",
	    set_opts(u, ts_bad_flag, sizeof(ts_bad_flag)));
	rec(r, "nocap_rr", set_opts(u, rr1, sizeof(rr1)));
	set_effective_cap(CAP_NET_RAW, true);

	rec(r, "clear", set_opts(u, NULL, 0));
	rec_get(r, "get_clear", u);
	rec(r, "tcp_rr", set_opts(t, rr1, sizeof(rr1)));
	rec_get(r, "tcp_get", t);
	close(u);
	close(t);
}

/*
 * A datagram with a record route crosses lo: the sender and the
 * receiver each add 127.0.0.1; IP_RECVOPTS shows the options as they
 * arrived, IP_RETOPTS those a reply would carry.  Timestamps are
 * filled the same way; a source-routed datagram is dropped (the
 * host default of accept_source_route).
 */
static void udp_cmsg(struct run *r)
{
	int rx = socket(r->family, SOCK_DGRAM, 0);
	int tx = socket(r->family, SOCK_DGRAM, 0);
	uint8_t rr[19] = { 0 };

	memcpy(rr, rr4, sizeof(rr4));
	rec(r, "bind", bind_to(r, rx, "127.0.0.1", 5301));
	setint(rx, SOL_IP, IP_RECVOPTS, 1);
	setint(rx, SOL_IP, IP_RETOPTS, 1);
	rec(r, "set", set_opts(tx, rr, sizeof(rr)));
	rec(r, "send", send_to(r, tx, "127.0.0.1", 5301, "hi", 2, 0));
	rec_cmsgs(r, "rr", rx);

	rec(r, "set_ts", set_opts(tx, ts2, sizeof(ts2)));
	rec(r, "send_ts", send_to(r, tx, "127.0.0.1", 5301, "hi", 2, 0));
	rec_cmsgs(r, "ts", rx);

	rec(r, "set_ts_addr", set_opts(tx, ts_addr, sizeof(ts_addr)));
	rec(r, "send_ts_addr", send_to(r, tx, "127.0.0.1", 5301, "hi", 2, 0));
	rec_cmsgs(r, "ts_addr", rx);

	setint(rx, SOL_IP, IP_RETOPTS, 0);
	rec(r, "set_none", set_opts(tx, NULL, 0));
	rec(r, "send_none", send_to(r, tx, "127.0.0.1", 5301, "hi", 2, 0));
	rec_cmsgs(r, "none", rx);

	{
		static const uint8_t lsrr_lo[] = { 0x83, 7, 4, 127, 0, 0, 1 };

		rec(r, "set_lsrr", set_opts(tx, lsrr_lo, sizeof(lsrr_lo)));
		rec(r, "send_lsrr",
		    send_to(r, tx, "127.0.0.1", 5301, "hi", 2, 0));
		rec(r, "recv_lsrr", recv_wait(rx, rr, sizeof(rr), 300));
	}
	close(rx);
	close(tx);
}

/* A UDP datagram with the header options @opt, to 127.0.0.1:@port. */
static size_t udp_with_options(uint8_t *buf, const uint8_t *opt, int optlen,
			       int port)
{
	struct iphdr *ip = (struct iphdr *)buf;
	struct udphdr *uh;

	memset(buf, 0, 128);
	ip->version = 4;
	ip->ihl = 5 + optlen / 4;
	ip->ttl = 64;
	ip->protocol = IPPROTO_UDP;
	inet_pton(AF_INET, "127.0.0.1", &ip->saddr);
	inet_pton(AF_INET, "127.0.0.1", &ip->daddr);
	memcpy(buf + 20, opt, optlen);
	uh = (struct udphdr *)(buf + ip->ihl * 4);
	uh->source = htons(4000);
	uh->dest = htons(port);
	uh->len = htons(sizeof(*uh) + 1);
	buf[ip->ihl * 4 + sizeof(*uh)] = 'x';
	return ip->ihl * 4 + sizeof(*uh) + 1;
}

/* The next parameter problem on @icmp: "what=type/code/pointer". */
static void rec_paramprob(struct run *r, const char *what, int icmp)
{
	uint8_t in[256];
	int tries;
	long n;

	for (tries = 0; tries < 4; tries++) {
		n = recv_wait(icmp, in, sizeof(in), 1000);
		if (n < 0) {
			rec(r, what, n);
			return;
		}
		if (n >= 28 && in[(in[0] & 0xf) * 4] == ICMP_PARAMETERPROB) {
			const uint8_t *h = in + (in[0] & 0xf) * 4;

			say(r, "%s=%u/%u/%u ", what, h[0], h[1], h[4]);
			return;
		}
	}
	say(r, "%s=none ", what);
}

/*
 * Options on received packets, written with IP_HDRINCL: good ones are
 * delivered, a malformed one is dropped, counted as InHdrErrors and
 * answered with a parameter problem pointing at the bad byte.
 */
static void received(struct run *r)
{
	static const uint8_t noops[] = { 1, 1, 1, 0 };
	static const uint8_t rr_full[] = { 7, 7, 8, 1, 2, 3, 4, 0 };
	static const uint8_t rr_ptr3[] = { 7, 4, 3, 0 };
	static const uint8_t ts_overflow[] = { 0x44, 8, 9, 0xf0, 1, 2, 3, 4 };
	static const uint8_t ts_count[] = { 0x44, 8, 9, 0x10, 1, 2, 3, 4 };
	static const uint8_t len_past[] = { 1, 7, 9, 0 };
	long hdr0 = mib(r, "snmp", "Ip:", "InHdrErrors");
	int icmp = raw(r, IPPROTO_ICMP), tx = raw(r, IPPROTO_RAW);
	int u = socket(r->family, SOCK_DGRAM, 0);
	uint8_t pkt[128], in[64];
	size_t len;

	rec(r, "bind", bind_to(r, u, "127.0.0.1", 5302));
	setint(u, SOL_IP, IP_RECVOPTS, 1);

	len = udp_with_options(pkt, noops, sizeof(noops), 5302);
	rec(r, "send_noops", send_to(r, tx, "127.0.0.1", 0, pkt, len, 0));
	rec_cmsgs(r, "noops", u);
	len = udp_with_options(pkt, rr_full, sizeof(rr_full), 5302);
	rec(r, "send_rr_full", send_to(r, tx, "127.0.0.1", 0, pkt, len, 0));
	rec_cmsgs(r, "rr_full", u);
	len = udp_with_options(pkt, ts_count, sizeof(ts_count), 5302);
	rec(r, "send_ts_count", send_to(r, tx, "127.0.0.1", 0, pkt, len, 0));
	rec_cmsgs(r, "ts_count", u);

	len = udp_with_options(pkt, rr_ptr3, sizeof(rr_ptr3), 5302);
	rec(r, "send_rr_ptr3", send_to(r, tx, "127.0.0.1", 0, pkt, len, 0));
	rec_paramprob(r, "pp_rr_ptr3", icmp);
	len = udp_with_options(pkt, ts_overflow, sizeof(ts_overflow), 5302);
	rec(r, "send_ts_overflow",
	    send_to(r, tx, "127.0.0.1", 0, pkt, len, 0));
	rec_paramprob(r, "pp_ts_overflow", icmp);
	len = udp_with_options(pkt, len_past, sizeof(len_past), 5302);
	rec(r, "send_len_past", send_to(r, tx, "127.0.0.1", 0, pkt, len, 0));
	rec_paramprob(r, "pp_len_past", icmp);
	rec(r, "bad_delivered", recv_wait(u, in, sizeof(in), 200));
	say(r, "inhdrerrors=%ld ", mib(r, "snmp", "Ip:", "InHdrErrors") - hdr0);
	close(icmp);
	close(tx);
	close(u);
}

/*
 * An echo request with a record route: the request as a raw socket
 * sees it carries two entries (sender, receiver), the reply four (the
 * replier echoes the route and adds itself, the receiver again).
 */
static void echo_rr(struct run *r)
{
	int fd = raw(r, IPPROTO_ICMP);
	uint8_t pkt[16] = { ICMP_ECHO, 0, 0, 0, 0, 0x55, 0, 1, 'r', 'r' };
	uint8_t in[256];
	int i, got = 0;
	long n;

	*(uint16_t *)(pkt + 2) = csum(pkt, 10);
	rec(r, "set", set_opts(fd, rr9, sizeof(rr9)));
	rec(r, "send", send_to(r, fd, "127.0.0.1", 0, pkt, 10, 0));
	for (i = 0; i < 4 && got < 2; i++) {
		int ihl;

		n = recv_wait(fd, in, sizeof(in), 1000);
		if (n < 20)
			break;
		ihl = (in[0] & 0xf) * 4;
		say(r, "type=%u ihl=%d ", in[ihl], ihl);
		rec_opts(r, in[ihl] == ICMP_ECHO ? "request" : "reply",
			 in + 20, ihl - 20);
		got++;
	}
	close(fd);
}

/*
 * A TCP socket's options ride in every segment and data still flows;
 * the accepted socket does not inherit the listener's or the client's
 * options, but answers a SYN's record route with its echo.
 */
static void tcp_opts(struct run *r)
{
	static const uint8_t noop4[] = { 1, 1, 1, 1 };
	static const uint8_t noop8[] = { 1, 1, 1, 1, 1, 1, 1, 1 };
	int l = socket(r->family, SOCK_STREAM, 0);
	int c = socket(r->family, SOCK_STREAM, 0);
	char buf[1000];
	long n, total = 0;
	int a;

	memset(buf, 'z', sizeof(buf));
	rec(r, "bind", bind_to(r, l, "127.0.0.1", 5303));
	rec(r, "listen", listen(l, 1));
	rec(r, "set", set_opts(c, noop4, sizeof(noop4)));
	rec(r, "connect", connect_to(r, c, "127.0.0.1", 5303));
	a = accept(l, NULL, NULL);
	rec(r, "accept", a < 0 ? -1 : 0);
	rec(r, "set8", set_opts(c, noop8, sizeof(noop8)));
	rec_get(r, "get8", c);
	rec(r, "send", send(c, buf, sizeof(buf), 0));
	while (a >= 0 && total < (long)sizeof(buf)) {
		n = recv_wait(a, buf, sizeof(buf), 2000);
		if (n <= 0)
			break;
		total += n;
	}
	say(r, "received=%ld ", total);
	if (a >= 0)
		rec_get(r, "child_opts", a);
	if (a >= 0)
		close(a);
	close(c);

	/* A SYN's record route: the accepted socket answers with it. */
	c = socket(r->family, SOCK_STREAM, 0);
	rec(r, "set_rr", set_opts(c, rr3, sizeof(rr3)));
	rec(r, "connect_rr", connect_to(r, c, "127.0.0.1", 5303));
	a = accept(l, NULL, NULL);
	rec(r, "accept_rr", a < 0 ? -1 : 0);
	if (a >= 0) {
		rec_get(r, "child_rr", a);
		rec(r, "child_send", send(a, "ok", 2, 0));
		poll_mask(c, POLLIN, 2000);
		rec_read(r, "client_recv", c, 2, 0);
		close(a);
	}
	close(c);
	close(l);
}

FIXTURE(ip_options) {
	int xfamily;
};

FIXTURE_VARIANT(ip_options) {
	void (*fn)(struct run *r);
	const char *expect;	/* AF_INET's transcript */
};

FIXTURE_SETUP(ip_options)
{
	self->xfamily = xinet_family();
	ASSERT_EQ(0, netns_lo_up());
}

FIXTURE_TEARDOWN(ip_options)
{
}

FIXTURE_VARIANT_ADD(ip_options, sockopt) {
	.fn = sockopt,
	.expect = "empty= rr=0 get_rr=0707040000000000 noop=0 get_noop=01000000 too_long=EINVAL max=0 get_max=01010101010101010101010101010101010101010101010101010101010101010101010101010101 rr_ptr3=EINVAL rr_twice=EINVAL rr_short=EINVAL truncated=EINVAL get_kept=01010101010101010101010101010101010101010101010101010101010101010101010101010101 ts=0 get_ts=440c05000000000000000000 ts_addr=0 get_ts_addr=440c05010000000000000000 ts_prespec=0 get_ts_prespec=440c05037f00000100000000 ts_bad_flag=0 lsrr=0 get_lsrr=830b040a0000010a00000200 ssrr_ptr=EINVAL ra=0 unknown=0 end_junk=0 get_end_junk=00000000 nocap_lsrr=EPERM nocap_unknown=EINVAL nocap_ts_bad_flag=EINVAL nocap_rr=0 clear=0 get_clear= tcp_rr=0 tcp_get=0707040000000000 ",
};

FIXTURE_VARIANT_ADD(ip_options, udp_cmsg) {
	.fn = udp_cmsg,
	.expect = "bind=0 set=0 send=2 rr=2 rr_recvopts=07130c7f0000017f000001000000000000000000 rr_retopts=07130c7f0000017f000001000000000000000000 set_ts=0 send_ts=2 ts=2 ts_recvopts=440c0d00eeeeeeeeeeeeeeee ts_retopts=440c0d00eeeeeeeeeeeeeeee set_ts_addr=0 send_ts_addr=2 ts_addr=2 ts_addr_recvopts=440c0d117f000001eeeeeeee ts_addr_retopts=440c0d117f000001eeeeeeee set_none=0 send_none=2 none=2 set_lsrr=0 send_lsrr=2 recv_lsrr=EAGAIN ",
};

FIXTURE_VARIANT_ADD(ip_options, received) {
	.fn = received,
	.expect = "bind=0 send_noops=33 noops=1 noops_recvopts=01010100 send_rr_full=37 rr_full=1 rr_full_recvopts=0707080102030400 send_ts_count=37 ts_count=1 ts_count_recvopts=44080920eeeeeeee send_rr_ptr3=33 pp_rr_ptr3=12/0/22 send_ts_overflow=37 pp_ts_overflow=12/0/23 send_len_past=33 pp_len_past=12/0/21 bad_delivered=EAGAIN inhdrerrors=3 ",
};

FIXTURE_VARIANT_ADD(ip_options, echo_rr) {
	.fn = echo_rr,
	.expect = "set=0 send=10 type=8 ihl=60 request=07270c7f0000017f0000010000000000000000000000000000000000000000000000000000000000 type=0 ihl=60 reply=0727147f0000017f0000017f0000017f000001000000000000000000000000000000000000000000 ",
};

FIXTURE_VARIANT_ADD(ip_options, tcp_opts) {
	.fn = tcp_opts,
	.expect = "bind=0 listen=0 set=0 connect=0 accept=0 set8=0 get8=0101010101010101 send=1000 received=1000 child_opts= set_rr=0 connect_rr=0 accept_rr=0 child_rr=070f0c7f0000017f0000010000000000 child_send=2 client_recv=2 client_recv_data=ok ",
};

TEST_F(ip_options, same_as_af_inet)
{
	struct run in = { .family = AF_INET };
	struct run xin = { .family = self->xfamily };

	variant->fn(&in);
	variant->fn(&xin);
	TH_LOG("AF_INET:  %s", in.log);
	TH_LOG("AF_XINET: %s", xin.log);
	EXPECT_STREQ(variant->expect, in.log);
	EXPECT_STREQ(in.log, xin.log);
}

TEST_HARNESS_MAIN
