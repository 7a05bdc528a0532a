// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the IPv4 layer (net/xinet/xip_input.c, xip_output.c,
 * xip_sockglue.c) and ICMP (net/xinet/xicmp.c).
 *
 * xinet_ip_header: xip_check_header() against a table of malformed
 * headers, and the header checksum against known vectors.
 * xinet_ip_sockopt: TTL selection and the IP-level options' errnos.
 * xinet_ip_rcv: crafted packets fed to xip_rcv() on init_net's xlo
 * (127.0.0.1/8), each case checking that exactly the counters Linux
 * would move for it moved; KASAN and kmemleak in the test kernel catch
 * what a case reads out of bounds or leaks.
 */

#include <kunit/test.h>
#include <linux/icmp.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <linux/module.h>
#include <linux/netdevice.h>
#include <linux/skbuff.h>
#include <net/checksum.h>
#include <net/ip.h>
#include <net/sock.h>
#include <linux/xinet.h>
#include <net/xinet/af_xinet.h>
#include <net/xinet/compat.h>
#include <net/xinet/netns.h>
#include <net/xinet/xinet_sock.h>
#include <net/xinet/xicmp.h>
#include <net/xinet/xip.h>
#include <net/xinet/xroute.h>
#include <net/xinet/xnet.h>
#include <net/xinet/xsnmp.h>

/* --- building packets ------------------------------------------------ */

#define XT_LOCAL	htonl(0x7f000001)	/* 127.0.0.1 on xlo */
#define XT_PEER		htonl(0x7f000002)	/* 127.0.0.2, also on xlo */
#define XT_PROTO_NONE	253			/* RFC 3692 experimental */

/*
 * A header of @ihl words (options filled with NOP) for @payload bytes,
 * with a valid checksum, at @buf.
 */
static struct iphdr *xt_build_iph(void *buf, int ihl, int payload, u8 proto,
				  __be32 saddr, __be32 daddr)
{
	struct iphdr *iph = buf;

	memset(buf, IPOPT_NOOP, ihl * 4);
	iph->version = 4;
	iph->ihl = ihl;
	iph->tos = 0;
	iph->tot_len = htons(ihl * 4 + payload);
	iph->id = htons(0x1234);
	iph->frag_off = 0;
	iph->ttl = 64;
	iph->protocol = proto;
	iph->saddr = saddr;
	iph->daddr = daddr;
	xip_send_check(iph);
	return iph;
}

/* --- xip_check_header ------------------------------------------------ */

struct xt_hdr_case {
	const char *name;
	unsigned int len;	/* bytes available to the check */
	int version;
	int ihl;
	int tot_len;
	bool bad_csum;
	enum xip_hdr_verdict verdict;
};

static const struct xt_hdr_case xt_hdr_cases[] = {
	{ "ok", 28, 4, 5, 28, false, XIP_HDR_OK },
	{ "ok_header_only", 20, 4, 5, 20, false, XIP_HDR_OK },
	{ "ok_options", 32, 4, 6, 32, false, XIP_HDR_OK },
	{ "ok_max_options", 60, 4, 15, 60, false, XIP_HDR_OK },
	{ "ok_padded", 46, 4, 5, 28, false, XIP_HDR_OK },
	{ "empty", 0, 4, 5, 20, false, XIP_HDR_TRUNCATED },
	{ "short_header", 19, 4, 5, 20, false, XIP_HDR_TRUNCATED },
	{ "version_0", 28, 0, 5, 28, false, XIP_HDR_BAD_VERSION },
	{ "version_6", 28, 6, 5, 28, false, XIP_HDR_BAD_VERSION },
	{ "version_15", 28, 15, 5, 28, false, XIP_HDR_BAD_VERSION },
	{ "version_before_csum", 28, 6, 5, 28, true, XIP_HDR_BAD_VERSION },
	{ "ihl_0", 28, 4, 0, 28, false, XIP_HDR_BAD_IHL },
	{ "ihl_4", 28, 4, 4, 28, false, XIP_HDR_BAD_IHL },
	{ "ihl_past_end", 40, 4, 15, 40, false, XIP_HDR_TRUNCATED },
	{ "bad_csum", 28, 4, 5, 28, true, XIP_HDR_BAD_CSUM },
	{ "bad_csum_options", 32, 4, 6, 32, true, XIP_HDR_BAD_CSUM },
	{ "csum_before_length", 28, 4, 5, 4000, true, XIP_HDR_BAD_CSUM },
	{ "tot_len_past_end", 28, 4, 5, 29, false, XIP_HDR_TRUNCATED },
	{ "tot_len_max", 28, 4, 5, 65535, false, XIP_HDR_TRUNCATED },
	{ "tot_len_below_header", 28, 4, 5, 19, false, XIP_HDR_BAD_LENGTH },
	{ "tot_len_below_options", 32, 4, 6, 20, false, XIP_HDR_BAD_LENGTH },
	{ "tot_len_0", 28, 4, 5, 0, false, XIP_HDR_BAD_LENGTH },
};

static void xt_hdr_case_desc(const struct xt_hdr_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(xt_hdr, xt_hdr_cases, xt_hdr_case_desc);

static void xip_check_header_test(struct kunit *test)
{
	const struct xt_hdr_case *c = test->param_value;
	u8 *buf = kunit_kzalloc(test, 64, GFP_KERNEL);
	struct iphdr *iph;

	KUNIT_ASSERT_NOT_NULL(test, buf);
	iph = (struct iphdr *)buf;
	/* Only the fields under test differ from a valid header. */
	xt_build_iph(buf, c->ihl >= 5 ? c->ihl : 5, 8, IPPROTO_UDP,
		     XT_PEER, XT_LOCAL);
	iph->version = c->version;
	iph->ihl = c->ihl;
	iph->tot_len = htons(c->tot_len);
	iph->check = 0;
	iph->check = ip_fast_csum(buf, c->ihl >= 5 ? c->ihl : 5);
	if (c->bad_csum)
		iph->check ^= (__force __sum16)htons(0x0101);

	KUNIT_EXPECT_EQ(test, xip_check_header(iph, c->len), c->verdict);
}

/* --- checksums ------------------------------------------------------- */

/* A captured header with its known checksum 0xb861. */
static void xip_send_check_vector_test(struct kunit *test)
{
	static const u8 hdr[20] = {
		0x45, 0x00, 0x00, 0x73, 0x00, 0x00, 0x40, 0x00, 0x40, 0x11,
		0x00, 0x00, 0xc0, 0xa8, 0x00, 0x01, 0xc0, 0xa8, 0x00, 0xc7,
	};
	u8 buf[20];

	memcpy(buf, hdr, sizeof(buf));
	/* A stale checksum must not leak into the new one. */
	buf[10] = 0xde;
	buf[11] = 0xad;
	xip_send_check((struct iphdr *)buf);
	KUNIT_EXPECT_EQ(test, buf[10], 0xb8);
	KUNIT_EXPECT_EQ(test, buf[11], 0x61);
	KUNIT_EXPECT_EQ(test, xip_check_header((struct iphdr *)buf, 0x73),
			XIP_HDR_OK);

	/* Any single flipped bit is caught. */
	buf[3] ^= 0x04;
	KUNIT_EXPECT_EQ(test, xip_check_header((struct iphdr *)buf, 0x77),
			XIP_HDR_BAD_CSUM);
}

/*
 * RFC 1071 section 3's example: the bytes 00 01 f2 03 f4 f5 f6 f7 sum
 * to ddf2 in one's complement, so the checksum is 220d, which is what
 * ICMP puts on the wire (xicmp builds it with csum_partial/csum_fold).
 */
static void xip_csum_rfc1071_test(struct kunit *test)
{
	static const u8 data[8] = {
		0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7,
	};
	__sum16 sum = csum_fold(csum_partial(data, sizeof(data), 0));
	u8 wire[2];

	memcpy(wire, &sum, sizeof(wire));
	KUNIT_EXPECT_EQ(test, wire[0], 0x22);
	KUNIT_EXPECT_EQ(test, wire[1], 0x0d);
}

/* Every header length, every byte position: build, verify, corrupt. */
static void xip_send_check_roundtrip_test(struct kunit *test)
{
	u8 buf[60];
	int ihl, i;

	for (ihl = 5; ihl <= 15; ihl++) {
		xt_build_iph(buf, ihl, 0, IPPROTO_ICMP, htonl(0x0a010002),
			     htonl(0x0a010001));
		KUNIT_EXPECT_EQ(test, xip_check_header((struct iphdr *)buf,
						       ihl * 4), XIP_HDR_OK);
		for (i = 10; i < ihl * 4; i++) {
			buf[i] ^= 0x80;
			KUNIT_EXPECT_EQ(test,
					xip_check_header((struct iphdr *)buf,
							 ihl * 4),
					XIP_HDR_BAD_CSUM);
			buf[i] ^= 0x80;
		}
	}
}

static struct kunit_case xip_header_cases[] = {
	KUNIT_CASE_PARAM(xip_check_header_test, xt_hdr_gen_params),
	KUNIT_CASE(xip_send_check_vector_test),
	KUNIT_CASE(xip_csum_rfc1071_test),
	KUNIT_CASE(xip_send_check_roundtrip_test),
	{}
};

static struct kunit_suite xip_header_suite = {
	.name = "xinet_ip_header",
	.test_cases = xip_header_cases,
};

/* --- TTL and socket options ------------------------------------------ */

static struct socket *xt_udp_socket(struct kunit *test)
{
	struct socket *sock;

	KUNIT_ASSERT_EQ(test, sock_create_kern(&init_net, xinet_family,
					       SOCK_DGRAM, 0, &sock), 0);
	return sock;
}

static int xt_setint(struct sock *sk, int name, int val, unsigned int len)
{
	return xip_setsockopt(sk, SOL_IP, name, KERNEL_SOCKPTR(&val), len);
}

static void xip_select_ttl_test(struct kunit *test)
{
	struct xinet_net *xn = xinet_net(&init_net);
	struct socket *sock = xt_udp_socket(test);
	struct sock *sk = sock->sk;
	u8 saved = xn->sysctl_ip_default_ttl;
	u8 byte = 3;

	/* A new socket follows the namespace default. */
	KUNIT_EXPECT_EQ(test, xinet_sk(sk)->uc_ttl, -1);
	KUNIT_EXPECT_EQ(test, xip_select_ttl(sk), saved);
	WRITE_ONCE(xn->sysctl_ip_default_ttl, 99);
	KUNIT_EXPECT_EQ(test, xip_select_ttl(sk), 99);

	/* IP_TTL overrides it, -1 goes back to it. */
	KUNIT_EXPECT_EQ(test, xt_setint(sk, IP_TTL, 7, sizeof(int)), 0);
	KUNIT_EXPECT_EQ(test, xip_select_ttl(sk), 7);
	KUNIT_EXPECT_EQ(test, xt_setint(sk, IP_TTL, 255, sizeof(int)), 0);
	KUNIT_EXPECT_EQ(test, xip_select_ttl(sk), 255);
	/* A one-byte option value is read as a byte. */
	KUNIT_EXPECT_EQ(test, xip_setsockopt(sk, SOL_IP, IP_TTL,
					     KERNEL_SOCKPTR(&byte), 1), 0);
	KUNIT_EXPECT_EQ(test, xip_select_ttl(sk), 3);
	KUNIT_EXPECT_EQ(test, xt_setint(sk, IP_TTL, -1, sizeof(int)), 0);
	KUNIT_EXPECT_EQ(test, xip_select_ttl(sk), 99);

	/* Out of range: EINVAL and no change. */
	KUNIT_EXPECT_EQ(test, xt_setint(sk, IP_TTL, 0, sizeof(int)), -EINVAL);
	KUNIT_EXPECT_EQ(test, xt_setint(sk, IP_TTL, 256, sizeof(int)), -EINVAL);
	KUNIT_EXPECT_EQ(test, xt_setint(sk, IP_TTL, -2, sizeof(int)), -EINVAL);
	KUNIT_EXPECT_EQ(test, xt_setint(sk, IP_TTL, 5, 0), -EINVAL);
	KUNIT_EXPECT_EQ(test, xip_select_ttl(sk), 99);

	WRITE_ONCE(xn->sysctl_ip_default_ttl, saved);
	sock_release(sock);
}

static void xip_sockopt_errno_test(struct kunit *test)
{
	struct socket *sock = xt_udp_socket(test);
	struct xrtable rt = {}, locked = { .rt_mtu_locked = 1 };
	struct sock *sk = sock->sk;

	KUNIT_EXPECT_EQ(test, xip_setsockopt(sk, SOL_UDP, IP_TTL,
					     KERNEL_SOCKPTR(NULL), 0),
			-ENOPROTOOPT);
	KUNIT_EXPECT_EQ(test, xt_setint(sk, 0x7fff, 1, sizeof(int)),
			-ENOPROTOOPT);
	KUNIT_EXPECT_EQ(test, xt_setint(sk, IP_MTU_DISCOVER, IP_PMTUDISC_OMIT + 1,
					sizeof(int)), -EINVAL);
	KUNIT_EXPECT_EQ(test, xt_setint(sk, IP_MTU_DISCOVER, IP_PMTUDISC_DONT,
					sizeof(int)), 0);
	KUNIT_EXPECT_FALSE(test, xip_dont_fragment(sk, &rt));
	KUNIT_EXPECT_TRUE(test, xip_sk_ignore_df(sk));
	KUNIT_EXPECT_EQ(test, xt_setint(sk, IP_MTU_DISCOVER, IP_PMTUDISC_DO,
					sizeof(int)), 0);
	KUNIT_EXPECT_TRUE(test, xip_dont_fragment(sk, &rt));
	KUNIT_EXPECT_TRUE(test, xip_dont_fragment(sk, &locked));
	KUNIT_EXPECT_FALSE(test, xip_sk_ignore_df(sk));
	/* WANT: DF unless the path's MTU was clamped to min_pmtu. */
	KUNIT_EXPECT_EQ(test, xt_setint(sk, IP_MTU_DISCOVER, IP_PMTUDISC_WANT,
					sizeof(int)), 0);
	KUNIT_EXPECT_TRUE(test, xip_dont_fragment(sk, &rt));
	KUNIT_EXPECT_FALSE(test, xip_dont_fragment(sk, &locked));
	/* PROBE: DF on datagrams, never ignoring it, no PMTU updates kept. */
	KUNIT_EXPECT_EQ(test, xt_setint(sk, IP_MTU_DISCOVER, IP_PMTUDISC_PROBE,
					sizeof(int)), 0);
	KUNIT_EXPECT_FALSE(test, xip_dont_fragment(sk, &rt));
	KUNIT_EXPECT_TRUE(test, xip_datagram_df(sk, &rt));
	KUNIT_EXPECT_TRUE(test, xip_sk_accept_pmtu(sk));
	/* INTERFACE and OMIT: no DF, ICMP cannot lower their MTU. */
	KUNIT_EXPECT_EQ(test, xt_setint(sk, IP_MTU_DISCOVER,
					IP_PMTUDISC_INTERFACE, sizeof(int)), 0);
	KUNIT_EXPECT_FALSE(test, xip_datagram_df(sk, &rt));
	KUNIT_EXPECT_FALSE(test, xip_sk_accept_pmtu(sk));
	KUNIT_EXPECT_FALSE(test, xip_sk_ignore_df(sk));
	KUNIT_EXPECT_EQ(test, xt_setint(sk, IP_MTU_DISCOVER, IP_PMTUDISC_OMIT,
					sizeof(int)), 0);
	KUNIT_EXPECT_FALSE(test, xip_datagram_df(sk, &rt));
	KUNIT_EXPECT_FALSE(test, xip_sk_accept_pmtu(sk));
	KUNIT_EXPECT_TRUE(test, xip_sk_ignore_df(sk));

	/* IP_TOS: any byte on a datagram socket, ECN bits included. */
	KUNIT_EXPECT_EQ(test, xt_setint(sk, IP_TOS, 0xb9, sizeof(int)), 0);
	KUNIT_EXPECT_EQ(test, xinet_sk(sk)->tos, 0xb9);

	/* Flags, set and cleared. */
	KUNIT_EXPECT_EQ(test, xt_setint(sk, IP_RECVERR, 1, sizeof(int)), 0);
	KUNIT_EXPECT_TRUE(test, xinet_test_bit(RECVERR, sk));
	KUNIT_EXPECT_EQ(test, xt_setint(sk, IP_PKTINFO, 1, sizeof(int)), 0);
	KUNIT_EXPECT_TRUE(test, xinet_test_bit(PKTINFO, sk));
	KUNIT_EXPECT_EQ(test, xt_setint(sk, IP_PKTINFO, 0, 0), 0);
	KUNIT_EXPECT_FALSE(test, xinet_test_bit(PKTINFO, sk));
	sock_release(sock);
}

static struct kunit_case xip_sockopt_cases[] = {
	KUNIT_CASE(xip_select_ttl_test),
	KUNIT_CASE(xip_sockopt_errno_test),
	{}
};

static struct kunit_suite xip_sockopt_suite = {
	.name = "xinet_ip_sockopt",
	.test_cases = xip_sockopt_cases,
};

/* --- the receive path ------------------------------------------------ */

/* The counters a case looks at, read before and after it. */
enum {
	XT_IN_RECEIVES, XT_IN_HDR_ERRORS, XT_IN_ADDR_ERRORS, XT_IN_UNKNOWN,
	XT_IN_DELIVERS, XT_IN_TRUNCATED, XT_IN_CSUM, XT_REASM_REQDS,
	XT_REASM_FAILS, XT_ICMP_IN_MSGS, XT_ICMP_IN_ERRORS, XT_ICMP_IN_CSUM,
	XT_ICMP_OUT_MSGS, XT_ICMP_IN_ECHO, XT_ICMP_OUT_ECHOREP,
	XT_ICMP_OUT_UNREACH, XT_ICMP_RATELIMIT_GLOBAL, XT_NCOUNTERS
};

static const int xt_ip_fields[] = {
	[XT_IN_RECEIVES] = IPSTATS_MIB_INPKTS,
	[XT_IN_HDR_ERRORS] = IPSTATS_MIB_INHDRERRORS,
	[XT_IN_ADDR_ERRORS] = IPSTATS_MIB_INADDRERRORS,
	[XT_IN_UNKNOWN] = IPSTATS_MIB_INUNKNOWNPROTOS,
	[XT_IN_DELIVERS] = IPSTATS_MIB_INDELIVERS,
	[XT_IN_TRUNCATED] = IPSTATS_MIB_INTRUNCATEDPKTS,
	[XT_IN_CSUM] = IPSTATS_MIB_CSUMERRORS,
	[XT_REASM_REQDS] = IPSTATS_MIB_REASMREQDS,
	[XT_REASM_FAILS] = IPSTATS_MIB_REASMFAILS,
};

static void xt_read_counters(u64 *c)
{
	struct xinet_mib *mib = &xinet_net(&init_net)->mib;
	atomic_long_t *msg = mib->icmpmsg_statistics->mibs;
	int i;

	for (i = 0; i <= XT_REASM_FAILS; i++)
		c[i] = snmp_fold_field64(mib->ip_statistics, xt_ip_fields[i],
					 offsetof(struct ipstats_mib, syncp));
	c[XT_ICMP_IN_MSGS] = snmp_fold_field(mib->icmp_statistics,
					     ICMP_MIB_INMSGS);
	c[XT_ICMP_IN_ERRORS] = snmp_fold_field(mib->icmp_statistics,
					       ICMP_MIB_INERRORS);
	c[XT_ICMP_IN_CSUM] = snmp_fold_field(mib->icmp_statistics,
					     ICMP_MIB_CSUMERRORS);
	c[XT_ICMP_OUT_MSGS] = snmp_fold_field(mib->icmp_statistics,
					      ICMP_MIB_OUTMSGS);
	c[XT_ICMP_RATELIMIT_GLOBAL] = snmp_fold_field(mib->icmp_statistics,
						      ICMP_MIB_RATELIMITGLOBAL);
	c[XT_ICMP_IN_ECHO] = atomic_long_read(&msg[ICMP_ECHO]);
	c[XT_ICMP_OUT_ECHOREP] = atomic_long_read(&msg[ICMP_ECHOREPLY | 0x100]);
	c[XT_ICMP_OUT_UNREACH] = atomic_long_read(&msg[ICMP_DEST_UNREACH | 0x100]);
}

static const char *const xt_counter_names[XT_NCOUNTERS] = {
	"InReceives", "InHdrErrors", "InAddrErrors", "InUnknownProtos",
	"InDelivers", "InTruncatedPkts", "InCsumErrors", "ReasmReqds",
	"ReasmFails", "Icmp InMsgs", "Icmp InErrors", "Icmp InCsumErrors",
	"Icmp OutMsgs", "IcmpMsg InType8", "IcmpMsg OutType0",
	"IcmpMsg OutType3", "Icmp OutRateLimitGlobal",
};

struct xt_rcv_ctx {
	struct net_device *dev;
	u64 before[XT_NCOUNTERS];
};

static int xt_rcv_init(struct kunit *test)
{
	struct xt_rcv_ctx *ctx = kunit_kzalloc(test, sizeof(*ctx), GFP_KERNEL);

	if (!ctx)
		return -ENOMEM;
	ctx->dev = READ_ONCE(xinet_net(&init_net)->loopback_dev);
	test->priv = ctx;
	return 0;
}

static struct sk_buff *xt_skb(struct kunit *test, struct net_device *dev,
			      const void *data, unsigned int len)
{
	struct sk_buff *skb = alloc_skb(len + 64, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, skb);
	skb_reserve(skb, 32);
	skb_put_data(skb, data, len);
	skb->dev = dev;
	skb->protocol = htons(ETH_P_XINET);
	skb->pkt_type = PACKET_HOST;
	skb_reset_network_header(skb);
	return skb;
}

/* Receive as the device would: in softirq-like context, under RCU. */
static void xt_rcv(struct sk_buff *skb)
{
	local_bh_disable();
	rcu_read_lock();
	xip_rcv(skb, skb->dev, NULL, skb->dev);
	rcu_read_unlock();
	local_bh_enable();
}

/*
 * Receive @skb and check each counter moved by @delta.  The counters are
 * read with BHs off, so that what xinet sends in reply (to 127.0.0.2,
 * through xlo and netif_rx) is received only after the second reading.
 */
static void xt_feed_skb(struct kunit *test, struct sk_buff *skb,
			const s8 *delta)
{
	struct xt_rcv_ctx *ctx = test->priv;
	u64 after[XT_NCOUNTERS];
	int i;

	local_bh_disable();
	rcu_read_lock();
	xt_read_counters(ctx->before);
	xip_rcv(skb, skb->dev, NULL, skb->dev);
	xt_read_counters(after);
	rcu_read_unlock();
	local_bh_enable();
	for (i = 0; i < XT_NCOUNTERS; i++)
		KUNIT_EXPECT_EQ_MSG(test, after[i] - ctx->before[i],
				    (u64)delta[i], "counter %s",
				    xt_counter_names[i]);
}

/* Feed @len bytes at @pkt on xlo and check the counters. */
static void xt_feed(struct kunit *test, const void *pkt, unsigned int len,
		    const s8 *delta)
{
	struct xt_rcv_ctx *ctx = test->priv;

	KUNIT_ASSERT_NOT_NULL_MSG(test, ctx->dev, "no xlo in init_net");
	xt_feed_skb(test, xt_skb(test, ctx->dev, pkt, len), delta);
}

/* A packet of @proto with @payload bytes of 0xab, to 127.0.0.1. */
static u8 *xt_packet(struct kunit *test, int ihl, int payload, u8 proto)
{
	u8 *buf = kunit_kzalloc(test, ihl * 4 + payload + 64, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, buf);
	memset(buf + ihl * 4, 0xab, payload);
	xt_build_iph(buf, ihl, payload, proto, XT_PEER, XT_LOCAL);
	return buf;
}

static void xt_fix_csum(u8 *buf)
{
	xip_send_check((struct iphdr *)buf);
}

static void xip_rcv_truncated_test(struct kunit *test)
{
	static const s8 d[XT_NCOUNTERS] = {
		[XT_IN_RECEIVES] = 1, [XT_IN_HDR_ERRORS] = 1,
	};
	u8 *buf = xt_packet(test, 5, 8, XT_PROTO_NONE);

	xt_feed(test, buf, 10, d);
	xt_feed(test, buf, 1, d);
	xt_feed(test, buf, 19, d);
}

static void xip_rcv_bad_version_test(struct kunit *test)
{
	static const s8 d[XT_NCOUNTERS] = {
		[XT_IN_RECEIVES] = 1, [XT_IN_HDR_ERRORS] = 1,
	};
	u8 *buf = xt_packet(test, 5, 8, XT_PROTO_NONE);

	((struct iphdr *)buf)->version = 6;
	xt_fix_csum(buf);
	xt_feed(test, buf, 28, d);
}

static void xip_rcv_bad_ihl_test(struct kunit *test)
{
	static const s8 d[XT_NCOUNTERS] = {
		[XT_IN_RECEIVES] = 1, [XT_IN_HDR_ERRORS] = 1,
	};
	u8 *buf = xt_packet(test, 5, 8, XT_PROTO_NONE);

	((struct iphdr *)buf)->ihl = 4;
	xt_feed(test, buf, 28, d);
	/* Options claimed past the end of the packet. */
	((struct iphdr *)buf)->ihl = 15;
	xt_feed(test, buf, 28, d);
}

static void xip_rcv_bad_csum_test(struct kunit *test)
{
	static const s8 d[XT_NCOUNTERS] = {
		[XT_IN_RECEIVES] = 1, [XT_IN_HDR_ERRORS] = 1, [XT_IN_CSUM] = 1,
	};
	u8 *buf = xt_packet(test, 5, 8, XT_PROTO_NONE);

	((struct iphdr *)buf)->check ^= (__force __sum16)htons(1);
	xt_feed(test, buf, 28, d);
}

static void xip_rcv_bad_tot_len_test(struct kunit *test)
{
	static const s8 trunc[XT_NCOUNTERS] = {
		[XT_IN_RECEIVES] = 1, [XT_IN_TRUNCATED] = 1,
	};
	static const s8 hdr[XT_NCOUNTERS] = {
		[XT_IN_RECEIVES] = 1, [XT_IN_HDR_ERRORS] = 1,
	};
	u8 *buf = xt_packet(test, 5, 8, XT_PROTO_NONE);
	struct iphdr *iph = (struct iphdr *)buf;

	/* Claims more than arrived. */
	iph->tot_len = htons(29);
	xt_fix_csum(buf);
	xt_feed(test, buf, 28, trunc);
	/* Claims less than its own header. */
	iph->tot_len = htons(12);
	xt_fix_csum(buf);
	xt_feed(test, buf, 28, hdr);
}

static void xip_rcv_fragment_test(struct kunit *test)
{
	static const s8 held[XT_NCOUNTERS] = {
		[XT_IN_RECEIVES] = 1, [XT_REASM_REQDS] = 1,
	};
	/* The datagram the second completes goes on to its (unknown) protocol. */
	static const s8 done[XT_NCOUNTERS] = {
		[XT_IN_RECEIVES] = 1, [XT_REASM_REQDS] = 1,
		[XT_IN_UNKNOWN] = 1, [XT_ICMP_OUT_MSGS] = 1,
		[XT_ICMP_OUT_UNREACH] = 1,
	};
	static const s8 u[XT_NCOUNTERS] = {
		[XT_IN_RECEIVES] = 1, [XT_IN_UNKNOWN] = 1,
		[XT_ICMP_OUT_MSGS] = 1, [XT_ICMP_OUT_UNREACH] = 1,
	};
	u8 *buf = xt_packet(test, 5, 8, XT_PROTO_NONE);
	struct iphdr *iph = (struct iphdr *)buf;

	/* First fragment (MF): held for the rest. */
	iph->id = htons(0x5a01);
	iph->frag_off = htons(IP_MF);
	xt_fix_csum(buf);
	xt_feed(test, buf, 28, held);
	/* The last one, at offset 8: reassembled and delivered. */
	iph->frag_off = htons(1);
	xt_fix_csum(buf);
	xt_feed(test, buf, 28, done);
	/* DF alone is no fragment: delivered, protocol unreachable. */
	iph->frag_off = htons(IP_DF);
	xt_fix_csum(buf);
	xt_feed(test, buf, 28, u);
}

static void xip_rcv_unknown_proto_test(struct kunit *test)
{
	static const s8 d[XT_NCOUNTERS] = {
		[XT_IN_RECEIVES] = 1, [XT_IN_UNKNOWN] = 1,
		[XT_ICMP_OUT_MSGS] = 1, [XT_ICMP_OUT_UNREACH] = 1,
	};
	u8 *buf = xt_packet(test, 5, 8, XT_PROTO_NONE);

	xt_feed(test, buf, 28, d);
	/* With options, which are skipped, and link-layer padding. */
	buf = xt_packet(test, 8, 8, XT_PROTO_NONE);
	xt_feed(test, buf, 8 * 4 + 8 + 30, d);
}

static void xip_rcv_not_local_test(struct kunit *test)
{
	static const s8 d[XT_NCOUNTERS] = {
		[XT_IN_RECEIVES] = 1, [XT_IN_ADDR_ERRORS] = 1,
	};
	static const s8 bcast[XT_NCOUNTERS] = {
		[XT_IN_RECEIVES] = 1, [XT_IN_UNKNOWN] = 1,
	};
	u8 *buf = xt_packet(test, 5, 8, XT_PROTO_NONE);
	struct iphdr *iph = (struct iphdr *)buf;

	iph->daddr = htonl(0xc6336401);		/* 198.51.100.1 */
	xt_fix_csum(buf);
	xt_feed(test, buf, 28, d);
	/* A multicast source is nobody's. */
	iph->daddr = XT_LOCAL;
	iph->saddr = htonl(0xe0000001);
	xt_fix_csum(buf);
	xt_feed(test, buf, 28, d);
	/* Broadcast is delivered but never answered with an error. */
	iph->saddr = XT_PEER;
	iph->daddr = htonl(INADDR_BROADCAST);
	xt_fix_csum(buf);
	xt_feed(test, buf, 28, bcast);
}

/* A device without xinet addresses: the packet is not xinet's at all. */
static void xip_rcv_foreign_dev_test(struct kunit *test)
{
	static const s8 d[XT_NCOUNTERS] = {};
	u8 *buf = xt_packet(test, 5, 8, XT_PROTO_NONE);

	xt_feed_skb(test, xt_skb(test, init_net.loopback_dev, buf, 28), d);
}

static u8 *xt_echo(struct kunit *test, int payload)
{
	u8 *buf = xt_packet(test, 5, sizeof(struct icmphdr) + payload,
			    IPPROTO_ICMP);
	struct icmphdr *icmph = (struct icmphdr *)(buf + 20);

	icmph->type = ICMP_ECHO;
	icmph->code = 0;
	icmph->un.echo.id = htons(0x4242);
	icmph->un.echo.sequence = htons(1);
	icmph->checksum = 0;
	icmph->checksum = csum_fold(csum_partial(icmph, sizeof(*icmph) +
						 payload, 0));
	return buf;
}

static void xip_rcv_icmp_echo_test(struct kunit *test)
{
	static const s8 d[XT_NCOUNTERS] = {
		[XT_IN_RECEIVES] = 1, [XT_IN_DELIVERS] = 1,
		[XT_ICMP_IN_MSGS] = 1, [XT_ICMP_IN_ECHO] = 1,
		[XT_ICMP_OUT_MSGS] = 1, [XT_ICMP_OUT_ECHOREP] = 1,
	};
	static const s8 bad[XT_NCOUNTERS] = {
		[XT_IN_RECEIVES] = 1, [XT_IN_DELIVERS] = 1,
		[XT_ICMP_IN_MSGS] = 1, [XT_ICMP_IN_ERRORS] = 1,
		[XT_ICMP_IN_CSUM] = 1,
	};
	static const s8 ignored[XT_NCOUNTERS] = {
		[XT_IN_RECEIVES] = 1, [XT_IN_DELIVERS] = 1,
		[XT_ICMP_IN_MSGS] = 1, [XT_ICMP_IN_ECHO] = 1,
	};
	struct xinet_net *xn = xinet_net(&init_net);
	u8 *buf = xt_echo(test, 56);

	xt_feed(test, buf, 20 + 8 + 56, d);
	/* Padding after tot_len does not enter the ICMP checksum. */
	xt_feed(test, buf, 20 + 8 + 56 + 10, d);

	/* net.xinet.icmp_echo_ignore_all: counted, not answered. */
	WRITE_ONCE(xn->sysctl_icmp_echo_ignore_all, 1);
	xt_feed(test, buf, 20 + 8 + 56, ignored);
	WRITE_ONCE(xn->sysctl_icmp_echo_ignore_all, 0);

	buf[20 + 8] ^= 0xff;
	xt_feed(test, buf, 20 + 8 + 56, bad);
}

/* The whole packet in a page fragment: every access must pull first. */
static void xip_rcv_nonlinear_test(struct kunit *test)
{
	static const s8 d[XT_NCOUNTERS] = {
		[XT_IN_RECEIVES] = 1, [XT_IN_DELIVERS] = 1,
		[XT_ICMP_IN_MSGS] = 1, [XT_ICMP_IN_ECHO] = 1,
		[XT_ICMP_OUT_MSGS] = 1, [XT_ICMP_OUT_ECHOREP] = 1,
	};
	struct xt_rcv_ctx *ctx = test->priv;
	unsigned int len = 20 + 8 + 100;
	u8 *buf = xt_echo(test, 100);
	struct sk_buff *skb;
	struct page *page;

	KUNIT_ASSERT_NOT_NULL(test, ctx->dev);
	page = alloc_page(GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, page);
	memcpy(page_address(page), buf, len);
	skb = alloc_skb(64, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, skb);
	skb_reserve(skb, 32);
	skb_add_rx_frag(skb, 0, page, 0, len, PAGE_SIZE);
	skb->dev = ctx->dev;
	skb->protocol = htons(ETH_P_XINET);
	skb_reset_network_header(skb);
	xt_feed_skb(test, skb, d);
}

/* What the fake transport's err_handler saw. */
static struct {
	int calls;
	u32 info;
	u8 quoted_proto;
	__be32 quoted_daddr;
	u8 first_payload_byte;
} xt_err_seen;

static int xt_fake_handler(struct sk_buff *skb)
{
	kfree_skb(skb);
	return 0;
}

static int xt_fake_err_handler(struct sk_buff *skb, u32 info)
{
	const struct iphdr *iph = (const struct iphdr *)skb->data;

	xt_err_seen.calls++;
	xt_err_seen.info = info;
	xt_err_seen.quoted_proto = iph->protocol;
	xt_err_seen.quoted_daddr = iph->daddr;
	/* The 8 transport bytes after the quoted header are pulled. */
	xt_err_seen.first_payload_byte = skb->data[iph->ihl * 4];
	return 0;
}

static const struct xinet_protocol xt_fake_proto = {
	.handler	= xt_fake_handler,
	.err_handler	= xt_fake_err_handler,
};

/* An ICMP error of @type/@code quoting a packet of @proto we "sent". */
static u8 *xt_icmp_error(struct kunit *test, u8 type, u8 code, __be32 info,
			 u8 proto, int quoted_payload)
{
	int qlen = 20 + quoted_payload;
	u8 *buf = xt_packet(test, 5, 8 + qlen, IPPROTO_ICMP);
	struct icmphdr *icmph = (struct icmphdr *)(buf + 20);
	u8 *q = buf + 28;

	icmph->type = type;
	icmph->code = code;
	icmph->un.gateway = info;
	xt_build_iph(q, 5, quoted_payload, proto, XT_LOCAL,
		     htonl(0xc6336402));
	memset(q + 20, 0x5a, quoted_payload);
	icmph->checksum = 0;
	icmph->checksum = csum_fold(csum_partial(icmph, 8 + qlen, 0));
	return buf;
}

static void xicmp_err_handler_test(struct kunit *test)
{
	static const s8 d[XT_NCOUNTERS] = {
		[XT_IN_RECEIVES] = 1, [XT_IN_DELIVERS] = 1,
		[XT_ICMP_IN_MSGS] = 1,
	};
	static const s8 short_quote[XT_NCOUNTERS] = {
		[XT_IN_RECEIVES] = 1, [XT_IN_DELIVERS] = 1,
		[XT_ICMP_IN_MSGS] = 1, [XT_ICMP_IN_ERRORS] = 1,
	};
	u8 *buf;

	KUNIT_ASSERT_EQ(test, xinet_add_protocol(&xt_fake_proto,
						 XT_PROTO_NONE), 0);
	memset(&xt_err_seen, 0, sizeof(xt_err_seen));

	/* Port unreachable: the quoted header reaches the transport. */
	buf = xt_icmp_error(test, ICMP_DEST_UNREACH, ICMP_PORT_UNREACH, 0,
			    XT_PROTO_NONE, 8);
	xt_feed(test, buf, 20 + 8 + 28, d);
	KUNIT_EXPECT_EQ(test, xt_err_seen.calls, 1);
	KUNIT_EXPECT_EQ(test, xt_err_seen.info, 0);
	KUNIT_EXPECT_EQ(test, xt_err_seen.quoted_proto, XT_PROTO_NONE);
	KUNIT_EXPECT_EQ(test, ntohl(xt_err_seen.quoted_daddr), ntohl(htonl(0xc6336402)));
	KUNIT_EXPECT_EQ(test, xt_err_seen.first_payload_byte, 0x5a);

	/* Fragmentation needed carries the MTU as info. */
	buf = xt_icmp_error(test, ICMP_DEST_UNREACH, ICMP_FRAG_NEEDED,
			    htonl(1280), XT_PROTO_NONE, 8);
	xt_feed(test, buf, 20 + 8 + 28, d);
	KUNIT_EXPECT_EQ(test, xt_err_seen.calls, 2);
	KUNIT_EXPECT_EQ(test, xt_err_seen.info, 1280);

	/*
	 * net.xinet.ip_no_pmtu_disc as net.ipv4's: 1 passes no MTU on, 2
	 * and 3 drop the message as an input error.
	 */
	{
		struct xinet_net *xn = xinet_net(&init_net);
		u8 saved = xn->sysctl_ip_no_pmtu_disc;

		xn->sysctl_ip_no_pmtu_disc = 1;
		buf = xt_icmp_error(test, ICMP_DEST_UNREACH, ICMP_FRAG_NEEDED,
				    htonl(1280), XT_PROTO_NONE, 8);
		xt_feed(test, buf, 20 + 8 + 28, d);
		KUNIT_EXPECT_EQ(test, xt_err_seen.calls, 3);
		KUNIT_EXPECT_EQ(test, xt_err_seen.info, 0);
		xn->sysctl_ip_no_pmtu_disc = 2;
		buf = xt_icmp_error(test, ICMP_DEST_UNREACH, ICMP_FRAG_NEEDED,
				    htonl(1280), XT_PROTO_NONE, 8);
		xt_feed(test, buf, 20 + 8 + 28, short_quote);
		KUNIT_EXPECT_EQ(test, xt_err_seen.calls, 3);
		xn->sysctl_ip_no_pmtu_disc = saved;
	}

	/* Fewer than 8 quoted transport bytes: an ICMP input error. */
	buf = xt_icmp_error(test, ICMP_DEST_UNREACH, ICMP_PORT_UNREACH, 0,
			    XT_PROTO_NONE, 4);
	xt_feed(test, buf, 20 + 8 + 24, short_quote);
	KUNIT_EXPECT_EQ(test, xt_err_seen.calls, 3);

	/* A quoted header with IHL < 5 is mangled. */
	buf = xt_icmp_error(test, ICMP_DEST_UNREACH, ICMP_PORT_UNREACH, 0,
			    XT_PROTO_NONE, 8);
	buf[28] = 0x44;
	((struct icmphdr *)(buf + 20))->checksum = 0;
	((struct icmphdr *)(buf + 20))->checksum =
		csum_fold(csum_partial(buf + 20, 8 + 28, 0));
	xt_feed(test, buf, 20 + 8 + 28, short_quote);
	KUNIT_EXPECT_EQ(test, xt_err_seen.calls, 3);

	/* A packet to the fake transport is delivered, not unreachable. */
	{
		static const s8 deliv[XT_NCOUNTERS] = {
			[XT_IN_RECEIVES] = 1, [XT_IN_DELIVERS] = 1,
		};

		buf = xt_packet(test, 5, 8, XT_PROTO_NONE);
		xt_feed(test, buf, 28, deliv);
	}

	KUNIT_EXPECT_EQ(test, xinet_del_protocol(&xt_fake_proto,
						 XT_PROTO_NONE), 0);
}

/* No ICMP error about an ICMP error, whatever the error. */
static void xicmp_no_error_about_error_test(struct kunit *test)
{
	struct xt_rcv_ctx *ctx = test->priv;
	u64 after[XT_NCOUNTERS];
	struct sk_buff *skb;
	u8 *buf;

	KUNIT_ASSERT_NOT_NULL(test, ctx->dev);
	buf = xt_icmp_error(test, ICMP_DEST_UNREACH, ICMP_PORT_UNREACH, 0,
			    IPPROTO_UDP, 8);
	skb = xt_skb(test, ctx->dev, buf, 20 + 8 + 28);
	xt_read_counters(ctx->before);
	xicmp_send(skb, ICMP_DEST_UNREACH, ICMP_PROT_UNREACH, 0);
	xt_read_counters(after);
	KUNIT_EXPECT_EQ(test, after[XT_ICMP_OUT_MSGS],
			ctx->before[XT_ICMP_OUT_MSGS]);

	/* But an error about an echo request is fine. */
	kfree_skb(skb);
	buf = xt_echo(test, 8);
	skb = xt_skb(test, ctx->dev, buf, 20 + 8 + 8);
	xicmp_send(skb, ICMP_DEST_UNREACH, ICMP_PROT_UNREACH, 0);
	xt_read_counters(after);
	KUNIT_EXPECT_EQ(test, after[XT_ICMP_OUT_MSGS],
			ctx->before[XT_ICMP_OUT_MSGS] + 1);

	/* Nor about a fragment other than the first. */
	((struct iphdr *)skb->data)->frag_off = htons(1);
	xicmp_send(skb, ICMP_DEST_UNREACH, ICMP_PROT_UNREACH, 0);
	xt_read_counters(after);
	KUNIT_EXPECT_EQ(test, after[XT_ICMP_OUT_MSGS],
			ctx->before[XT_ICMP_OUT_MSGS] + 1);
	kfree_skb(skb);
}

/*
 * Destination unreachable is in the default icmp_ratemask: a burst of
 * errors drains the namespace's bucket (burst 50, refilled at 1000/s in
 * steps of at least 20 ms), the rest are refused and counted as
 * OutRateLimitGlobal.  Runs last: it empties the bucket.
 */
static void xicmp_ratelimit_test(struct kunit *test)
{
	struct xt_rcv_ctx *ctx = test->priv;
	u64 after[XT_NCOUNTERS], sent, limited, max_sent;
	u8 *buf = xt_packet(test, 5, 8, XT_PROTO_NONE);
	unsigned long start = jiffies, ms;
	int i;

	KUNIT_ASSERT_NOT_NULL(test, ctx->dev);
	xt_read_counters(ctx->before);
	for (i = 0; i < 200; i++)
		xt_rcv(xt_skb(test, ctx->dev, buf, 28));
	xt_read_counters(after);
	ms = jiffies_to_msecs(jiffies - start);
	sent = after[XT_ICMP_OUT_UNREACH] - ctx->before[XT_ICMP_OUT_UNREACH];
	limited = after[XT_ICMP_RATELIMIT_GLOBAL] -
		  ctx->before[XT_ICMP_RATELIMIT_GLOBAL];
	KUNIT_EXPECT_EQ(test, after[XT_IN_UNKNOWN] - ctx->before[XT_IN_UNKNOWN],
			200);
	KUNIT_EXPECT_EQ(test, sent + limited, 200);
	KUNIT_EXPECT_GE(test, sent, 1);
	/*
	 * The global bucket holds at most 50 and refills 1000 a second, in
	 * steps of at least 20 ms: whatever the loop's speed, no more than
	 * that got through in the time it took, and what did not fit was
	 * refused and counted.  The bound follows the measured time, so the
	 * test asserts the limiter, not how fast the machine is.
	 */
	max_sent = 50 + div_u64(1000ULL * (ms + 20), MSEC_PER_SEC);
	KUNIT_EXPECT_LE_MSG(test, sent, max_sent, "%lu ms for the burst", ms);
	if (max_sent < 200)
		KUNIT_EXPECT_GE(test, limited, 200 - max_sent);
}

static struct kunit_case xip_rcv_cases[] = {
	KUNIT_CASE(xip_rcv_truncated_test),
	KUNIT_CASE(xip_rcv_bad_version_test),
	KUNIT_CASE(xip_rcv_bad_ihl_test),
	KUNIT_CASE(xip_rcv_bad_csum_test),
	KUNIT_CASE(xip_rcv_bad_tot_len_test),
	KUNIT_CASE(xip_rcv_fragment_test),
	KUNIT_CASE(xip_rcv_unknown_proto_test),
	KUNIT_CASE(xip_rcv_not_local_test),
	KUNIT_CASE(xip_rcv_foreign_dev_test),
	KUNIT_CASE(xip_rcv_icmp_echo_test),
	KUNIT_CASE(xip_rcv_nonlinear_test),
	KUNIT_CASE(xicmp_err_handler_test),
	KUNIT_CASE(xicmp_no_error_about_error_test),
	KUNIT_CASE(xicmp_ratelimit_test),
	{}
};

static struct kunit_suite xip_rcv_suite = {
	.name = "xinet_ip_rcv",
	.init = xt_rcv_init,
	.test_cases = xip_rcv_cases,
};

kunit_test_suites(&xip_header_suite, &xip_sockopt_suite, &xip_rcv_suite);
