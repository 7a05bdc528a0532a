// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: IPv4 reassembly (net/xinet/xip_fragment.c, xinet_fragment.c).
 *
 * xinet_ip_frag: tables of fragment sequences fed to xip_defrag() in
 * init_net, each fragment with the verdict Linux's ip_defrag() gives it
 * (kept, complete, dropped as a duplicate, dropped with its datagram),
 * the Ip counters each sequence moves, and the datagram a complete one
 * yields, byte for byte.  Then the limits: ipfrag_high_thresh,
 * ipfrag_max_dist, ipfrag_time with its ICMP time exceeded.  Every case
 * ends with its queue gone and the namespace's fragment memory where it
 * was.
 */

#include <kunit/test.h>
#include <linux/delay.h>
#include <linux/icmp.h>
#include <linux/ip.h>
#include <linux/netdevice.h>
#include <linux/skbuff.h>
#include <net/inet_ecn.h>
#include <net/ip.h>
#include <net/xinet/netns.h>
#include <net/xinet/xinet_frag.h>
#include <net/xinet/xip.h>
#include <net/xinet/xnet.h>
#include <net/xinet/xsnmp.h>

#define XF_SRC		htonl(0x7f000003)	/* 127.0.0.3 */
#define XF_DST		htonl(0x7f000001)	/* 127.0.0.1 on xlo */
#define XF_PROTO	253			/* RFC 3692 experimental */
#define XF_MAX_FRAGS	6

/* What xip_defrag() does with one fragment. */
enum xf_verdict {
	XF_HELD,	/* -EINPROGRESS: queued */
	XF_DONE,	/* 0: the datagram is complete */
	XF_DROP,	/* -EINVAL: dropped (alone, or with its datagram) */
	XF_BIG,		/* -E2BIG: complete, but over 65,535 bytes */
	XF_NOMEM,	/* -ENOMEM: no queue for it */
};

struct xf_frag {
	int offset;	/* bytes */
	int len;	/* payload bytes */
	bool mf;
	u8 tos;
	enum xf_verdict verdict;
};

struct xf_case {
	const char *name;
	struct xf_frag frags[XF_MAX_FRAGS];
	int nfrags;
	int oks, fails, overlaps;
	int datagram_len;	/* payload of the complete datagram */
	u8 tos;			/* its TOS */
};

static const struct xf_case xf_cases[] = {
	{ "in_order", { { 0, 16, 1 }, { 16, 16, 1 }, { 32, 10, 0, 0, XF_DONE } },
	  3, 1, 0, 0, 42 },
	{ "reverse", { { 32, 10, 0 }, { 16, 16, 1 }, { 0, 16, 1, 0, XF_DONE } },
	  3, 1, 0, 0, 42 },
	{ "middle_last", { { 0, 16, 1 }, { 32, 10, 0 }, { 16, 16, 1, 0, XF_DONE } },
	  3, 1, 0, 0, 42 },
	{ "single_pair", { { 0, 8, 1 }, { 8, 1, 0, 0, XF_DONE } },
	  2, 1, 0, 0, 9 },
	/* A duplicate is ignored; the datagram still completes. */
	{ "duplicate", { { 0, 16, 1 }, { 0, 16, 1, 0, XF_DROP },
			 { 16, 8, 0, 0, XF_DONE } },
	  3, 1, 0, 0, 24 },
	/* Within one run of contiguous fragments is a duplicate too. */
	{ "dup_in_run", { { 0, 16, 1 }, { 16, 16, 1 }, { 8, 16, 1, 0, XF_DROP },
			  { 32, 8, 0, 0, XF_DONE } },
	  4, 1, 0, 0, 40 },
	/* An overlap drops the datagram (RFC 5722); what follows starts anew. */
	{ "overlap_tail", { { 0, 16, 1 }, { 8, 16, 1, 0, XF_DROP },
			    { 24, 8, 0 } },
	  3, 0, 1, 1 },
	{ "overlap_before", { { 16, 16, 0 }, { 0, 24, 1, 0, XF_DROP } },
	  2, 0, 1, 1 },
	/* Across two runs: not within either, an overlap. */
	{ "overlap_runs", { { 0, 8, 1 }, { 16, 8, 1 }, { 32, 8, 0 },
			    { 8, 16, 1, 0, XF_DROP } },
	  4, 0, 1, 1 },
	/* A last fragment that ends before what is known, or disagrees. */
	{ "short_last", { { 0, 16, 1 }, { 32, 8, 0 }, { 16, 8, 0, 0, XF_DROP } },
	  3, 0, 1, 0 },
	{ "past_last", { { 16, 8, 0 }, { 24, 8, 1, 0, XF_DROP } },
	  2, 0, 1, 0 },
	{ "empty", { { 8, 0, 1, 0, XF_DROP } }, 1, 0, 1, 0 },
	/* An MF fragment off the 8-byte grid loses its tail. */
	{ "unaligned_mf", { { 0, 13, 1 }, { 8, 8, 0, 0, XF_DONE } },
	  2, 1, 0, 0, 16 },
	/* Complete, but 20 + 65,544 bytes. */
	{ "oversize", { { 0, 32768, 1 }, { 32768, 32760, 1 },
			{ 65528, 16, 0, 0, XF_BIG } },
	  3, 0, 1, 0 },
	/* ECN: CE with ECT gives CE; not-ECT mixed with ECT is dropped. */
	{ "ecn_ce", { { 0, 8, 1, INET_ECN_ECT_0 },
		      { 8, 8, 0, INET_ECN_CE, XF_DONE } },
	  2, 1, 0, 0, 16, INET_ECN_CE },
	{ "ecn_mix", { { 0, 8, 1, INET_ECN_NOT_ECT },
		       { 8, 8, 0, INET_ECN_ECT_0, XF_DROP } },
	  2, 0, 1, 0 },
};

static void xf_case_desc(const struct xf_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(xf, xf_cases, xf_case_desc);

enum { XF_REQDS, XF_OKS, XF_FAILS, XF_OVERLAPS, XF_TIMEOUT, XF_NCOUNTERS };

static const int xf_fields[XF_NCOUNTERS] = {
	[XF_REQDS] = IPSTATS_MIB_REASMREQDS,
	[XF_OKS] = IPSTATS_MIB_REASMOKS,
	[XF_FAILS] = IPSTATS_MIB_REASMFAILS,
	[XF_OVERLAPS] = IPSTATS_MIB_REASM_OVERLAPS,
	[XF_TIMEOUT] = IPSTATS_MIB_REASMTIMEOUT,
};

static void xf_counters(u64 *c)
{
	struct xinet_mib *mib = &xinet_net(&init_net)->mib;
	int i;

	for (i = 0; i < XF_NCOUNTERS; i++)
		c[i] = snmp_fold_field64(mib->ip_statistics, xf_fields[i],
					 offsetof(struct ipstats_mib, syncp));
}

static struct net_device *xf_dev(struct kunit *test)
{
	struct net_device *dev = READ_ONCE(xinet_net(&init_net)->loopback_dev);

	KUNIT_ASSERT_NOT_NULL_MSG(test, dev, "no xlo in init_net");
	return dev;
}

/* Payload byte @i of a datagram: where it belongs, so order shows. */
static u8 xf_byte(int i)
{
	return (i * 7 + (i >> 8)) & 0xff;
}

/* A fragment of datagram @id, as xip_rcv() hands it on. */
static struct sk_buff *xf_skb(struct kunit *test, __be16 id,
			      const struct xf_frag *f)
{
	struct sk_buff *skb = alloc_skb(64 + sizeof(struct iphdr) + f->len,
					GFP_KERNEL);
	struct iphdr *iph;
	u8 *data;
	int i;

	KUNIT_ASSERT_NOT_NULL(test, skb);
	skb_reserve(skb, 64);
	iph = skb_put(skb, sizeof(*iph));
	memset(iph, 0, sizeof(*iph));
	iph->version = 4;
	iph->ihl = 5;
	iph->tos = f->tos;
	iph->tot_len = htons(sizeof(*iph) + f->len);
	iph->id = id;
	iph->frag_off = htons((f->mf ? IP_MF : 0) | (f->offset >> 3));
	iph->ttl = 64;
	iph->protocol = XF_PROTO;
	iph->saddr = XF_SRC;
	iph->daddr = XF_DST;
	xip_send_check(iph);
	data = skb_put(skb, f->len);
	for (i = 0; i < f->len; i++)
		data[i] = xf_byte(f->offset + i);
	skb_reset_network_header(skb);
	skb_set_transport_header(skb, sizeof(*iph));
	skb->dev = xf_dev(test);
	skb->protocol = htons(ETH_P_XINET);
	skb->pkt_type = PACKET_HOST;
	return skb;
}

static int xf_defrag(struct sk_buff *skb)
{
	int ret;

	local_bh_disable();
	ret = xip_defrag(&init_net, skb);
	local_bh_enable();
	return ret;
}

/* Drop whatever queue datagram @id left, so that no timer outlives a case. */
static void xf_flush(__be16 id)
{
	struct xfqdir *fqdir = &xinet_net(&init_net)->fqdir;
	struct xfrag_v4_key key = {
		.saddr = XF_SRC, .daddr = XF_DST, .id = id,
		.protocol = XF_PROTO,
	};
	struct xfrag_queue *q;
	int refs = 0;

	spin_lock_bh(&fqdir->lock);
	q = xinet_frag_find(fqdir, &key);
	if (q)
		xinet_frag_kill(q, &refs);
	spin_unlock_bh(&fqdir->lock);
	if (q)
		xinet_frag_putn(q, refs);
}

static const int xf_ret[] = {
	[XF_HELD] = -EINPROGRESS, [XF_DONE] = 0, [XF_DROP] = -EINVAL,
	[XF_BIG] = -E2BIG, [XF_NOMEM] = -ENOMEM,
};

static void xf_check_datagram(struct kunit *test, struct sk_buff *skb,
			      const struct xf_case *c)
{
	const struct iphdr *iph = ip_hdr(skb);
	u8 *data;
	int i;

	KUNIT_EXPECT_EQ(test, skb->len, sizeof(*iph) + c->datagram_len);
	KUNIT_EXPECT_EQ(test, ntohs(iph->tot_len), skb->len);
	KUNIT_EXPECT_EQ(test, ntohs(iph->frag_off) & (IP_MF | IP_OFFSET), 0);
	KUNIT_EXPECT_EQ(test, (__force u16)ip_fast_csum(iph, iph->ihl), 0);
	KUNIT_EXPECT_EQ(test, iph->tos, c->tos);
	KUNIT_EXPECT_PTR_EQ(test, skb->dev, xf_dev(test));

	data = kunit_kzalloc(test, skb->len, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, data);
	KUNIT_ASSERT_EQ(test, skb_copy_bits(skb, 0, data, skb->len), 0);
	for (i = 0; i < c->datagram_len; i++)
		if (data[sizeof(*iph) + i] != xf_byte(i)) {
			KUNIT_FAIL(test, "byte %d: %#x, not %#x", i,
				   data[sizeof(*iph) + i], xf_byte(i));
			break;
		}
}

static void xf_table_test(struct kunit *test)
{
	const struct xf_case *c = test->param_value;
	__be16 id = htons(0x7000 + (c - xf_cases));
	u64 before[XF_NCOUNTERS], after[XF_NCOUNTERS];
	long mem0;
	int i;

	xf_flush(id);
	mem0 = xip_frag_mem(&init_net);
	xf_counters(before);
	for (i = 0; i < c->nfrags; i++) {
		const struct xf_frag *f = &c->frags[i];
		struct sk_buff *skb = xf_skb(test, id, f);
		int ret = xf_defrag(skb);

		KUNIT_EXPECT_EQ_MSG(test, ret, xf_ret[f->verdict],
				    "fragment %d (offset %d, %d bytes)", i,
				    f->offset, f->len);
		if (!ret) {
			xf_check_datagram(test, skb, c);
			kfree_skb(skb);
		}
	}
	xf_counters(after);
	KUNIT_EXPECT_EQ(test, after[XF_REQDS] - before[XF_REQDS],
			(u64)c->nfrags);
	KUNIT_EXPECT_EQ(test, after[XF_OKS] - before[XF_OKS], (u64)c->oks);
	KUNIT_EXPECT_EQ(test, after[XF_FAILS] - before[XF_FAILS],
			(u64)c->fails);
	KUNIT_EXPECT_EQ(test, after[XF_OVERLAPS] - before[XF_OVERLAPS],
			(u64)c->overlaps);
	KUNIT_EXPECT_EQ(test, after[XF_TIMEOUT] - before[XF_TIMEOUT], 0);

	xf_flush(id);
	KUNIT_EXPECT_EQ(test, xip_frag_mem(&init_net), mem0);
}

/* Above ipfrag_high_thresh, no new fragment is queued (inet_frag_find). */
static void xf_high_thresh_test(struct kunit *test)
{
	struct xfqdir *fqdir = &xinet_net(&init_net)->fqdir;
	static const struct xf_frag first = { 0, 8, 1 };
	static const struct xf_frag last = { 8, 8, 0 };
	long high = READ_ONCE(fqdir->high_thresh);
	u64 before[XF_NCOUNTERS], after[XF_NCOUNTERS];
	long mem0 = xip_frag_mem(&init_net);
	struct sk_buff *skb;

	xf_counters(before);
	/* Room for what is held now and not a byte more. */
	WRITE_ONCE(fqdir->high_thresh, mem0 ? mem0 : 1);
	KUNIT_EXPECT_EQ(test, xf_defrag(xf_skb(test, htons(0x7101), &first)),
			-EINPROGRESS);
	/* Over it now: a second datagram has no queue. */
	KUNIT_EXPECT_EQ(test, xf_defrag(xf_skb(test, htons(0x7102), &first)),
			-ENOMEM);
	/* Nor does a fragment of the first: a lookup is refused too. */
	KUNIT_EXPECT_EQ(test, xf_defrag(xf_skb(test, htons(0x7101), &last)),
			-ENOMEM);
	WRITE_ONCE(fqdir->high_thresh, high);
	/* With room again, the held datagram completes. */
	skb = xf_skb(test, htons(0x7101), &last);
	KUNIT_EXPECT_EQ(test, xf_defrag(skb), 0);
	kfree_skb(skb);
	xf_counters(after);
	KUNIT_EXPECT_EQ(test, after[XF_FAILS] - before[XF_FAILS], 2);
	KUNIT_EXPECT_EQ(test, after[XF_OKS] - before[XF_OKS], 1);
	xf_flush(htons(0x7102));
	KUNIT_EXPECT_EQ(test, xip_frag_mem(&init_net), mem0);
}

/*
 * ipfrag_max_dist: a queue that more than max_dist fragments from its
 * source passed by starts over (ip_frag_too_far, ip_frag_reinit).
 */
static void xf_max_dist_test(struct kunit *test)
{
	struct xfqdir *fqdir = &xinet_net(&init_net)->fqdir;
	static const struct xf_frag first = { 0, 8, 1 };
	static const struct xf_frag last = { 8, 8, 0 };
	int dist = READ_ONCE(fqdir->max_dist);
	u64 before[XF_NCOUNTERS], after[XF_NCOUNTERS];
	long mem0 = xip_frag_mem(&init_net);
	struct sk_buff *skb;
	int i;

	WRITE_ONCE(fqdir->max_dist, 2);
	xf_counters(before);
	KUNIT_EXPECT_EQ(test, xf_defrag(xf_skb(test, htons(0x7201), &first)),
			-EINPROGRESS);
	/* Three fragments of other datagrams from the same source. */
	for (i = 0; i < 3; i++)
		KUNIT_EXPECT_EQ(test,
				xf_defrag(xf_skb(test, htons(0x7210 + i),
						 &first)), -EINPROGRESS);
	/* Too far: the first's queue starts over with this fragment. */
	KUNIT_EXPECT_EQ(test, xf_defrag(xf_skb(test, htons(0x7201), &last)),
			-EINPROGRESS);
	/* Whose first fragment, sent again, completes it. */
	skb = xf_skb(test, htons(0x7201), &first);
	KUNIT_EXPECT_EQ(test, xf_defrag(skb), 0);
	kfree_skb(skb);
	xf_counters(after);
	KUNIT_EXPECT_EQ(test, after[XF_FAILS] - before[XF_FAILS], 1);
	KUNIT_EXPECT_EQ(test, after[XF_OKS] - before[XF_OKS], 1);
	WRITE_ONCE(fqdir->max_dist, dist);
	for (i = 0; i < 3; i++)
		xf_flush(htons(0x7210 + i));
	KUNIT_EXPECT_EQ(test, xip_frag_mem(&init_net), mem0);
}

/*
 * ipfrag_time: an incomplete queue expires, counted as ReasmTimeout and
 * ReasmFails; ICMP time exceeded goes out only if the first fragment
 * came (rate limited like any ICMP error, so counted either way).
 */
static void xf_timeout_test(struct kunit *test)
{
	struct xfqdir *fqdir = &xinet_net(&init_net)->fqdir;
	struct xinet_mib *mib = &xinet_net(&init_net)->mib;
	atomic_long_t *msg = mib->icmpmsg_statistics->mibs;
	static const struct xf_frag first = { 0, 8, 1 };
	static const struct xf_frag later = { 16, 8, 1 };
	int timeout = READ_ONCE(fqdir->timeout);
	u64 before[XF_NCOUNTERS], after[XF_NCOUNTERS];
	long mem0 = xip_frag_mem(&init_net);
	unsigned long icmp0, icmp1;

	icmp0 = atomic_long_read(&msg[ICMP_TIME_EXCEEDED | 0x100]) +
		snmp_fold_field(mib->icmp_statistics,
				ICMP_MIB_RATELIMITGLOBAL) +
		snmp_fold_field(mib->icmp_statistics, ICMP_MIB_RATELIMITHOST);
	WRITE_ONCE(fqdir->timeout, HZ / 20);
	xf_counters(before);
	/* Without its first fragment: expires quietly. */
	KUNIT_EXPECT_EQ(test, xf_defrag(xf_skb(test, htons(0x7301), &later)),
			-EINPROGRESS);
	msleep(300);
	icmp1 = atomic_long_read(&msg[ICMP_TIME_EXCEEDED | 0x100]) +
		snmp_fold_field(mib->icmp_statistics,
				ICMP_MIB_RATELIMITGLOBAL) +
		snmp_fold_field(mib->icmp_statistics, ICMP_MIB_RATELIMITHOST);
	KUNIT_EXPECT_EQ(test, icmp1 - icmp0, 0);
	/* With it: time exceeded, code 1 (fragment reassembly). */
	KUNIT_EXPECT_EQ(test, xf_defrag(xf_skb(test, htons(0x7302), &first)),
			-EINPROGRESS);
	msleep(300);
	WRITE_ONCE(fqdir->timeout, timeout);
	xf_counters(after);
	icmp1 = atomic_long_read(&msg[ICMP_TIME_EXCEEDED | 0x100]) +
		snmp_fold_field(mib->icmp_statistics,
				ICMP_MIB_RATELIMITGLOBAL) +
		snmp_fold_field(mib->icmp_statistics, ICMP_MIB_RATELIMITHOST);
	KUNIT_EXPECT_EQ(test, icmp1 - icmp0, 1);
	KUNIT_EXPECT_EQ(test, after[XF_TIMEOUT] - before[XF_TIMEOUT], 2);
	KUNIT_EXPECT_EQ(test, after[XF_FAILS] - before[XF_FAILS], 2);
	KUNIT_EXPECT_EQ(test, xip_frag_mem(&init_net), mem0);
}

static struct kunit_case xf_test_cases[] = {
	KUNIT_CASE_PARAM(xf_table_test, xf_gen_params),
	KUNIT_CASE(xf_high_thresh_test),
	KUNIT_CASE(xf_max_dist_test),
	KUNIT_CASE(xf_timeout_test),
	{}
};

static struct kunit_suite xf_suite = {
	.name = "xinet_ip_frag",
	.test_cases = xf_test_cases,
};

kunit_test_suites(&xf_suite);
