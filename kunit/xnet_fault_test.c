// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the fault injection of net/xinet/xnet_fault.c - the PRNG is
 * deterministic per seed, probabilities 0 and 1000000 are never and
 * always, 2% and 50% come out at their rate, and xnet_fault_set()
 * refuses bad configurations and non-xnet devices.
 */

#include <kunit/test.h>
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <net/net_namespace.h>
#include <net/xinet/xnet.h>

#define DRAWS	100000

static void xnet_fault_test_determinism(struct kunit *test)
{
	u64 a = 42, b = 42, c = 43;
	int i, same_c = 0;

	for (i = 0; i < 1000; i++) {
		u64 ra = xnet_fault_rand(&a), rb = xnet_fault_rand(&b);

		KUNIT_ASSERT_EQ(test, ra, rb);
		same_c += ra == xnet_fault_rand(&c);
	}
	KUNIT_EXPECT_EQ(test, same_c, 0);

	/* Decisions too, at any probability. */
	a = 7;
	b = 7;
	for (i = 0; i < 1000; i++)
		KUNIT_ASSERT_EQ(test, xnet_fault_chance(&a, 300000),
				xnet_fault_chance(&b, 300000));
}

static void xnet_fault_test_seed_zero(struct kunit *test)
{
	u64 s = 0, first = xnet_fault_rand(&s);

	/* Seed 0 is a seed like any other, not a stuck generator. */
	KUNIT_EXPECT_NE(test, first, 0ULL);
	KUNIT_EXPECT_NE(test, xnet_fault_rand(&s), first);
}

static void xnet_fault_test_edges(struct kunit *test)
{
	int i, never = 0, always = 0;
	u64 s = 1;

	for (i = 0; i < DRAWS; i++) {
		never += xnet_fault_chance(&s, 0);
		always += xnet_fault_chance(&s, XNET_FAULT_PPM_MAX);
	}
	KUNIT_EXPECT_EQ(test, never, 0);
	KUNIT_EXPECT_EQ(test, always, DRAWS);
}

static void xnet_fault_test_rate(struct kunit *test)
{
	int i, two = 0, half = 0, one_ppm = 0;
	u64 s = 20261123;

	for (i = 0; i < DRAWS; i++) {
		two += xnet_fault_chance(&s, 20000);
		half += xnet_fault_chance(&s, 500000);
		one_ppm += xnet_fault_chance(&s, 1);
	}
	/* Expected 2000 (sd 44) and 50000 (sd 158): bounds of about 7 sd. */
	KUNIT_EXPECT_GE(test, two, 1700);
	KUNIT_EXPECT_LE(test, two, 2300);
	KUNIT_EXPECT_GE(test, half, 48900);
	KUNIT_EXPECT_LE(test, half, 51100);
	KUNIT_EXPECT_LE(test, one_ppm, 5);
}

static void xnet_fault_test_set(struct kunit *test)
{
	struct xnet_fault_cfg cfg = { .seed = 5, .drop = 20000, .delay_us = 1000 };
	struct xnet_fault_stats st;
	struct xnet_fault_cfg got;
	struct net_device *dev;

	rtnl_lock();
	dev = xnet_dev_create(&init_net, "xft%d");
	if (IS_ERR(dev)) {
		rtnl_unlock();
		KUNIT_FAIL(test, "xnet_dev_create: %ld", PTR_ERR(dev));
		return;
	}
	KUNIT_EXPECT_EQ(test, xnet_fault_set(dev, &cfg, NULL), 0);
	KUNIT_EXPECT_EQ(test, xnet_fault_get(dev, &got, &st), 0);
	KUNIT_EXPECT_EQ(test, got.seed, 5ULL);
	KUNIT_EXPECT_EQ(test, got.drop, 20000U);
	KUNIT_EXPECT_EQ(test, got.delay_us, 1000U);
	KUNIT_EXPECT_TRUE(test, xnet_fault_active(xnet_fault_of(dev)));

	/* Refused whole: the old configuration stays. */
	cfg.corrupt = XNET_FAULT_PPM_MAX + 1;
	KUNIT_EXPECT_EQ(test, xnet_fault_set(dev, &cfg, NULL), -EINVAL);
	cfg.corrupt = 0;
	cfg.ce = XNET_FAULT_PPM_MAX + 1;
	KUNIT_EXPECT_EQ(test, xnet_fault_set(dev, &cfg, NULL), -EINVAL);
	cfg.ce = 0;
	cfg.delay_us = XNET_FAULT_DELAY_MAX_US + 1;
	KUNIT_EXPECT_EQ(test, xnet_fault_set(dev, &cfg, NULL), -EINVAL);
	KUNIT_EXPECT_EQ(test, xnet_fault_get(dev, &got, &st), 0);
	KUNIT_EXPECT_EQ(test, got.corrupt, 0U);
	KUNIT_EXPECT_EQ(test, got.delay_us, 1000U);

	/* Exactly 100% is allowed; all zero is off. */
	cfg.delay_us = 0;
	cfg.drop = XNET_FAULT_PPM_MAX;
	KUNIT_EXPECT_EQ(test, xnet_fault_set(dev, &cfg, NULL), 0);
	memset(&cfg, 0, sizeof(cfg));
	KUNIT_EXPECT_EQ(test, xnet_fault_set(dev, &cfg, NULL), 0);
	KUNIT_EXPECT_FALSE(test, xnet_fault_active(xnet_fault_of(dev)));
	KUNIT_EXPECT_EQ(test, xnet_fault_set(dev, NULL, NULL), 0);

	/* Not an xnet device. */
	KUNIT_EXPECT_EQ(test, xnet_fault_set(init_net.loopback_dev, &cfg, NULL),
			-ENODEV);
	KUNIT_EXPECT_EQ(test, xnet_fault_get(init_net.loopback_dev, &got, &st),
			-ENODEV);
	unregister_netdevice(dev);
	rtnl_unlock();
}

static struct kunit_case xnet_fault_test_cases[] = {
	KUNIT_CASE(xnet_fault_test_determinism),
	KUNIT_CASE(xnet_fault_test_seed_zero),
	KUNIT_CASE(xnet_fault_test_edges),
	KUNIT_CASE(xnet_fault_test_rate),
	KUNIT_CASE(xnet_fault_test_set),
	{}
};

static struct kunit_suite xnet_fault_test_suite = {
	.name = "xinet_xnet_fault",
	.test_cases = xnet_fault_test_cases,
};

kunit_test_suite(xnet_fault_test_suite);
