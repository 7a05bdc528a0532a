// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: sequence-number arithmetic (xtcp_before/after/between, RFC 9293
 * section 3.4, across the 2^32 wrap), the ISN of net/xinet/xtcp_ipv4.c
 * (RFC 6528: keyed per 4-tuple, moving with the clock) and the SYN
 * cookies of net/xinet/xsyncookies.c (the MSS table, the round trip, a
 * forged or altered ACK).
 */

#include <kunit/test.h>
#include <linux/delay.h>
#include <linux/ip.h>
#include <linux/skbuff.h>
#include <net/xinet/xsecure_seq.h>
#include <net/xinet/xtcp.h>

struct xseq_case {
	const char *name;
	u32 a, b, c;
	bool before, after, between;	/* a<b, a>b, b<=a<=c */
};

static const struct xseq_case xseq_cases[] = {
	{ "equal", 100, 100, 100, false, false, true },
	{ "plain_before", 1, 2, 3, true, false, false },
	{ "plain_after", 5, 2, 9, false, true, true },
	{ "wrap_before", 0xfffffff0, 0x10, 0x20, true, false, false },
	{ "wrap_after", 0x10, 0xfffffff0, 0x20, false, true, true },
	{ "wrap_window", 0x2, 0xfffffffe, 0x4, false, true, true },
	{ "outside_window", 0x5, 0xfffffffe, 0x4, false, true, false },
	/* Exactly half the space apart: each is "before" the other. */
	{ "half_space", 0x80000000, 0, 0x80000000, true, true, true },
	{ "just_under_half", 0x7fffffff, 0, 0x7fffffff, false, true, true },
	{ "window_end", 0x20, 0x10, 0x20, false, true, true },
	{ "window_start", 0x10, 0x10, 0x20, false, false, true },
};

static void xseq_desc(const struct xseq_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(xseq, xseq_cases, xseq_desc);

static void xseq_test(struct kunit *test)
{
	const struct xseq_case *c = test->param_value;

	KUNIT_EXPECT_EQ(test, xtcp_before(c->a, c->b), c->before);
	KUNIT_EXPECT_EQ(test, xtcp_after(c->a, c->b), c->after);
	KUNIT_EXPECT_EQ(test, xtcp_between(c->a, c->b, c->c), c->between);
}

static void xisn_test(struct kunit *test)
{
	__be32 s = htonl(0x7f000001), d = htonl(0x7f000002);
	u64 before_a, after_a, before_c, after_c;
	u32 a, b, c;

	before_a = ktime_get_real_ns();
	a = xsecure_tcp_seq(s, d, htons(1000), htons(80));
	after_a = ktime_get_real_ns();
	b = xsecure_tcp_seq(s, d, htons(1001), htons(80));
	/* Another 4-tuple: another, unrelated ISN. */
	KUNIT_EXPECT_NE(test, a, b);
	KUNIT_EXPECT_NE(test, b - a, 0U);
	msleep(20);
	before_c = ktime_get_real_ns();
	c = xsecure_tcp_seq(s, d, htons(1000), htons(80));
	after_c = ktime_get_real_ns();
	/*
	 * The same tuple later: ahead by the real-time clock in 64 ns
	 * ticks, within what the clock moved around the two calls (msleep's
	 * jiffies are not that clock: under TCG they can run ahead of it).
	 */
	KUNIT_EXPECT_TRUE(test, xtcp_after(c, a));
	KUNIT_EXPECT_GE(test, c - a, (u32)((before_c >> 6) - (after_a >> 6)));
	KUNIT_EXPECT_LE(test, c - a, (u32)((after_c >> 6) - (before_a >> 6)));

	/* The port offset is keyed and stable. */
	KUNIT_EXPECT_EQ(test, xsecure_tcp_port_offset(s, d, htons(80)),
			xsecure_tcp_port_offset(s, d, htons(80)));
	KUNIT_EXPECT_NE(test, xsecure_tcp_port_offset(s, d, htons(80)),
			xsecure_tcp_port_offset(s, d, htons(81)));
}

/* A SYN as xtcp_v4_rcv() sees it: IP header, then TCP at data. */
static struct sk_buff *xcookie_syn(struct kunit *test, u32 seq)
{
	struct sk_buff *skb = alloc_skb(128, GFP_KERNEL);
	struct tcphdr *th;
	struct iphdr *iph;

	KUNIT_ASSERT_NOT_NULL(test, skb);
	skb_reserve(skb, 64);
	skb_reset_network_header(skb);
	iph = skb_put_zero(skb, sizeof(*iph));
	iph->version = 4;
	iph->ihl = 5;
	iph->saddr = htonl(0x0a000001);
	iph->daddr = htonl(0x0a000002);
	__skb_pull(skb, sizeof(*iph));
	skb_reset_transport_header(skb);
	th = skb_put_zero(skb, sizeof(*th));
	th->source = htons(40000);
	th->dest = htons(80);
	th->seq = htonl(seq);
	th->doff = 5;
	th->syn = 1;
	return skb;
}

static void xcookie_roundtrip_test(struct kunit *test)
{
	static const struct { u16 in, out; } mss[] = {
		{ 1460, 1460 }, { 9000, 1460 }, { 1452, 1440 },
		{ 1400, 1300 }, { 1000, 536 }, { 100, 536 },
	};
	int i;

	for (i = 0; i < ARRAY_SIZE(mss); i++) {
		struct sk_buff *skb = xcookie_syn(test, 0x12345678 + i);
		struct tcphdr *th = xtcp_hdr(skb);
		u16 m = mss[i].in;
		u32 cookie = xcookie_v4_init_sequence(skb, &m);

		KUNIT_EXPECT_EQ(test, m, mss[i].out);
		/* The handshake's ACK. */
		th->syn = 0;
		th->ack = 1;
		th->seq = htonl(0x12345678 + i + 1);
		th->ack_seq = htonl(cookie + 1);
		KUNIT_EXPECT_EQ(test, __xcookie_v4_check(ip_hdr(skb), th),
				mss[i].out);
		/*
		 * The cookie is linear in the ACK and sequence numbers (as
		 * Linux's): one off decodes a neighbouring MSS index, never
		 * the same MSS; far off, or another port, decodes nothing.
		 */
		th->ack_seq = htonl(cookie + 2);
		KUNIT_EXPECT_NE(test, __xcookie_v4_check(ip_hdr(skb), th),
				mss[i].out);
		th->ack_seq = htonl(cookie + 1 + (1 << 20));
		KUNIT_EXPECT_EQ(test, __xcookie_v4_check(ip_hdr(skb), th), 0);
		th->ack_seq = htonl(cookie + 1);
		th->seq = htonl(0x12345678 + i + 2);
		KUNIT_EXPECT_NE(test, __xcookie_v4_check(ip_hdr(skb), th),
				mss[i].out);
		th->seq = htonl(0x12345678 + i + 1 - (1 << 20));
		KUNIT_EXPECT_EQ(test, __xcookie_v4_check(ip_hdr(skb), th), 0);
		th->seq = htonl(0x12345678 + i + 1);
		th->source = htons(40001);
		KUNIT_EXPECT_EQ(test, __xcookie_v4_check(ip_hdr(skb), th), 0);
		kfree_skb(skb);
	}
}

static struct kunit_case xtcp_ipv4_cases[] = {
	KUNIT_CASE_PARAM(xseq_test, xseq_gen_params),
	KUNIT_CASE(xisn_test),
	KUNIT_CASE(xcookie_roundtrip_test),
	{}
};

static struct kunit_suite xtcp_ipv4_suite = {
	.name = "xinet_tcp_seq_isn_cookies",
	.test_cases = xtcp_ipv4_cases,
};

kunit_test_suite(xtcp_ipv4_suite);
