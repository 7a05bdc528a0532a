// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: IPv4 header options (net/xinet/xip_options.c).
 *
 * xinet_ip_options: __xip_options_compile() on a socket's options
 * (no packet) against a table of well-formed and malformed options,
 * each with the offsets, flags and parameter-problem pointer Linux's
 * compiler gives; xip_options_undo() giving back what the user wrote;
 * xip_options_fragment() blanking what later fragments must not copy.
 */

#include <kunit/test.h>
#include <linux/ip.h>
#include <net/ip.h>
#include <net/net_namespace.h>
#include <net/xinet/xip.h>

struct xt_opt_case {
	const char *name;
	u8 bytes[40];
	int len;
	int err;
	u8 pointer;		/* parameter problem pointer on error */
	u8 srr, rr, ts;
	bool rr_needaddr, ts_needaddr, ts_needtime, strict;
	__be32 faddr;
};

static const struct xt_opt_case xt_opt_cases[] = {
	{ .name = "noop-end", .bytes = { 1, 1, 0, 0 }, .len = 4 },
	{ .name = "rr-one-slot", .bytes = { 7, 7, 4 }, .len = 8,
	  .rr = 20, .rr_needaddr = true },
	{ .name = "rr-full", .bytes = { 7, 7, 8 }, .len = 8, .rr = 20 },
	{ .name = "rr-pointer-3", .bytes = { 7, 7, 3 }, .len = 8,
	  .err = -EINVAL, .pointer = 22 },
	{ .name = "rr-pointer-mid-slot", .bytes = { 7, 7, 5 }, .len = 8,
	  .err = -EINVAL, .pointer = 22 },
	{ .name = "rr-twice", .bytes = { 7, 3, 4, 7, 3, 4, 0, 0 }, .len = 8,
	  .err = -EINVAL, .pointer = 23 },
	{ .name = "length-past-end", .bytes = { 1, 7, 9, 0 }, .len = 4,
	  .err = -EINVAL, .pointer = 21 },
	{ .name = "length-1", .bytes = { 7, 1, 0, 0 }, .len = 4,
	  .err = -EINVAL, .pointer = 20 },
	{ .name = "ts-only", .bytes = { 0x44, 12, 5, 0 }, .len = 12,
	  .ts = 20, .ts_needtime = true },
	{ .name = "ts-and-addr", .bytes = { 0x44, 12, 5, 1 }, .len = 12,
	  .ts = 20, .ts_needaddr = true, .ts_needtime = true },
	{ .name = "ts-and-addr-no-room", .bytes = { 0x44, 8, 5, 1 }, .len = 8,
	  .err = -EINVAL, .pointer = 22 },
	{ .name = "ts-short", .bytes = { 0x44, 3, 5, 0 }, .len = 4,
	  .err = -EINVAL, .pointer = 21 },
	{ .name = "ts-full-overflow-15", .bytes = { 0x44, 8, 9, 0xf0 },
	  .len = 8, .err = -EINVAL, .pointer = 23 },
	{ .name = "ts-full-counting", .bytes = { 0x44, 8, 9, 0x30 }, .len = 8,
	  .ts = 20 },
	{ .name = "lsrr", .bytes = { 0x83, 11, 4, 10, 0, 0, 1, 10, 0, 0, 2 },
	  .len = 12, .srr = 20, .faddr = cpu_to_be32(0x0a000001) },
	{ .name = "ssrr", .bytes = { 0x89, 7, 4, 10, 0, 0, 9 }, .len = 8,
	  .srr = 20, .strict = true, .faddr = cpu_to_be32(0x0a000009) },
	{ .name = "ssrr-pointer-not-4", .bytes = { 0x89, 7, 8, 10, 0, 0, 9 },
	  .len = 8, .err = -EINVAL, .pointer = 21 },
	{ .name = "lsrr-odd-length", .bytes = { 0x83, 8, 4, 10, 0, 0, 1, 0 },
	  .len = 8, .err = -EINVAL, .pointer = 21 },
	{ .name = "router-alert", .bytes = { 0x94, 4, 0, 0 }, .len = 4 },
	/* No CIPSO DOI is ever configured for xinet. */
	{ .name = "cipso-short", .bytes = { 0x86, 6, 0, 0, 0, 1 }, .len = 8,
	  .err = -EINVAL, .pointer = 21 },
	{ .name = "cipso-unknown-doi", .bytes = { 0x86, 8, 0, 0, 0, 1, 0, 0 },
	  .len = 8, .err = -EINVAL, .pointer = 22 },
};

static void xt_opt_desc(const struct xt_opt_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(xt_opt, xt_opt_cases, xt_opt_desc);

/* A socket's options (no packet): offsets, flags and errors as Linux. */
static void xip_options_compile_test(struct kunit *test)
{
	const struct xt_opt_case *c = test->param_value;
	struct xip_options_data d = {};
	__be32 info = 0;
	int err;

	memcpy(d.opt.__data, c->bytes, c->len);
	d.opt.optlen = c->len;
	/* KUnit runs as root in init_net: CAP_NET_RAW is there. */
	err = __xip_options_compile(&init_net, &d.opt, NULL, &info);
	KUNIT_ASSERT_EQ(test, err, c->err);
	if (err) {
		KUNIT_EXPECT_EQ(test, ntohl(info) >> 24, c->pointer);
		return;
	}
	KUNIT_EXPECT_EQ(test, d.opt.srr, c->srr);
	KUNIT_EXPECT_EQ(test, d.opt.rr, c->rr);
	KUNIT_EXPECT_EQ(test, d.opt.ts, c->ts);
	KUNIT_EXPECT_EQ(test, (bool)d.opt.rr_needaddr, c->rr_needaddr);
	KUNIT_EXPECT_EQ(test, (bool)d.opt.ts_needaddr, c->ts_needaddr);
	KUNIT_EXPECT_EQ(test, (bool)d.opt.ts_needtime, c->ts_needtime);
	KUNIT_EXPECT_EQ(test, (bool)d.opt.is_strictroute, c->strict);
	KUNIT_EXPECT_EQ(test, (__force u32)d.opt.faddr, (__force u32)c->faddr);

	/* Undone, the options read back as the user wrote them. */
	xip_options_undo(&d.opt);
	KUNIT_EXPECT_MEMEQ(test, d.opt.__data, c->bytes, c->len);
}

/* Bytes after an end-of-list become end-of-list. */
static void xip_options_end_test(struct kunit *test)
{
	static const u8 want[8] = { 1, 0, 0, 0, 0, 0, 0, 0 };
	struct xip_options_data d = { .data = { 1, 0, 7, 7, 4, 1, 1, 1 } };

	d.opt.optlen = 8;
	KUNIT_ASSERT_EQ(test, __xip_options_compile(&init_net, &d.opt, NULL,
						    NULL), 0);
	KUNIT_EXPECT_MEMEQ(test, d.opt.__data, want, sizeof(want));
	KUNIT_EXPECT_EQ(test, d.opt.rr, 0);
}

/* Fragments after the first keep copied options, not the others. */
static void xip_options_fragment_test(struct kunit *test)
{
	static const u8 opts[12] = { 7, 3, 4, 0x83, 7, 4, 10, 0, 0, 1, 1, 1 };
	static const u8 want[12] = { 1, 1, 1, 0x83, 7, 4, 10, 0, 0, 1, 1, 1 };
	struct sk_buff *skb = alloc_skb(64, GFP_KERNEL);
	struct iphdr *iph;

	KUNIT_ASSERT_NOT_NULL(test, skb);
	iph = skb_put_zero(skb, sizeof(*iph) + sizeof(opts));
	skb_reset_network_header(skb);
	memcpy(iph + 1, opts, sizeof(opts));
	memset(XIPCB(skb), 0, sizeof(*XIPCB(skb)));
	XIPCB(skb)->opt.optlen = sizeof(opts);
	XIPCB(skb)->opt.rr = 20;
	XIPCB(skb)->opt.rr_needaddr = 1;
	XIPCB(skb)->opt.srr = 23;

	xip_options_fragment(skb);
	KUNIT_EXPECT_MEMEQ(test, (u8 *)(iph + 1), want, sizeof(want));
	KUNIT_EXPECT_EQ(test, XIPCB(skb)->opt.rr, 0);
	KUNIT_EXPECT_EQ(test, (int)XIPCB(skb)->opt.rr_needaddr, 0);
	KUNIT_EXPECT_EQ(test, XIPCB(skb)->opt.srr, 23);
	kfree_skb(skb);
}

static struct kunit_case xip_options_cases[] = {
	KUNIT_CASE_PARAM(xip_options_compile_test, xt_opt_gen_params),
	KUNIT_CASE(xip_options_end_test),
	KUNIT_CASE(xip_options_fragment_test),
	{}
};

static struct kunit_suite xip_options_suite = {
	.name = "xinet_ip_options",
	.test_cases = xip_options_cases,
};

kunit_test_suites(&xip_options_suite);
