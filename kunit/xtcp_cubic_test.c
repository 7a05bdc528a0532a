// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: CUBIC (net/xinet/xtcp_cubic.c).
 *
 * xinet_tcp_cubic: the integer cube root; K and the window curve of the
 * fixed-point arithmetic against RFC 9438's W(t) = C (t - K)^3 + W_max
 * (C = 0.4, beta = 0.7) for a window cut from 100 to 70 segments; the
 * multiplicative decrease with and without fast convergence; the growth
 * bounds of xcubic_update() (5% a round with no W_max yet, 1.5x a round
 * at most, Reno's pace where it is faster).
 */

#include <kunit/test.h>
#include <linux/jiffies.h>
#include <net/xinet/xtcp_cubic.h>

static void xcubic_root_test(struct kunit *test)
{
	static const u64 in[] = {
		0, 1, 7, 8, 26, 27, 63, 64, 1000, 999999, 1000000,
		2681735677ULL, 80452070310ULL, 1ULL << 40, (1ULL << 40) - 1,
		268173567700000ULL, 1ULL << 62,
	};
	int i;

	for (i = 0; i < ARRAY_SIZE(in); i++) {
		u64 r = xcubic_root(in[i]);

		KUNIT_EXPECT_LE_MSG(test, r * r * r, in[i], "a=%llu", in[i]);
		KUNIT_EXPECT_GT_MSG(test, (r + 1) * (r + 1) * (r + 1), in[i],
				    "a=%llu", in[i]);
	}
	KUNIT_EXPECT_EQ(test, xcubic_root(27), 3);
	KUNIT_EXPECT_EQ(test, xcubic_root(1ULL << 42), 1 << 14);
}

/* A loss at 100 segments, a new epoch at 70 (beta = 717/1024). */
static void xcubic_epoch(struct xcubic *ca, u32 now)
{
	memset(ca, 0, sizeof(*ca));
	ca->last_max_cwnd = 100;
	xcubic_update(ca, 70, 1, now);
}

/*
 * K = cbrt(W_max (1 - beta) / C) = cbrt(30 / 0.4) s = 4.217 s, 4318 in
 * 2^-10 s; Linux's C is 410/1024 for the 100 ms RTT its scaling
 * assumes, and the root is rounded down: 4316.
 */
static void xcubic_k_test(struct kunit *test)
{
	struct xcubic ca;

	xcubic_epoch(&ca, 1000);
	KUNIT_EXPECT_EQ(test, ca.epoch_start, 1000);
	KUNIT_EXPECT_EQ(test, ca.origin_point, 100);
	KUNIT_EXPECT_EQ(test, ca.k, 4316);
	KUNIT_EXPECT_EQ(test, ca.tcp_cwnd, 70);
}

/* W(t) within 2 segments of RFC 9438's, before and after K. */
static void xcubic_curve_test(struct kunit *test)
{
	static const struct { u32 t; u32 rfc; } pts[] = {
		{ 0, 70 },	/* 70.0 */
		{ 1024, 87 },	/* 86.7 */
		{ 2158, 96 },	/* 96.2 */
		{ 4316, 100 },	/* at K: W_max */
		{ 6000, 102 },	/* 101.8 */
		{ 8632, 130 },	/* 129.9 */
		{ 12948, 339 },	/* 339.4 */
	};
	struct xcubic ca;
	int i;

	xcubic_epoch(&ca, 1000);
	for (i = 0; i < ARRAY_SIZE(pts); i++) {
		u32 w = xcubic_target(&ca, pts[i].t);

		KUNIT_EXPECT_LE_MSG(test, abs((int)w - (int)pts[i].rfc), 2,
				    "t=%u/1024 s: %u, RFC %u", pts[i].t, w,
				    pts[i].rfc);
	}
	/* Concave below K, convex above: the curve never goes down. */
	for (i = 1; i < ARRAY_SIZE(pts); i++)
		KUNIT_EXPECT_GE(test, xcubic_target(&ca, pts[i].t),
				xcubic_target(&ca, pts[i - 1].t));
}

/* ssthresh = 0.7 cwnd; a loss below W_max remembers less (fast conv.). */
static void xcubic_ssthresh_test(struct kunit *test)
{
	struct xcubic ca = {};

	KUNIT_EXPECT_EQ(test, xcubic_recalc_ssthresh(&ca, 100), 70);
	KUNIT_EXPECT_EQ(test, ca.last_max_cwnd, 100);
	KUNIT_EXPECT_EQ(test, ca.epoch_start, 0);

	/* 80 < 100: W_max = 80 (1 + beta) / 2 = 68 */
	KUNIT_EXPECT_EQ(test, xcubic_recalc_ssthresh(&ca, 80), 56);
	KUNIT_EXPECT_EQ(test, ca.last_max_cwnd, 68);

	/* Above W_max: it is the new W_max. */
	KUNIT_EXPECT_EQ(test, xcubic_recalc_ssthresh(&ca, 200), 140);
	KUNIT_EXPECT_EQ(test, ca.last_max_cwnd, 200);

	/* Never below two segments. */
	KUNIT_EXPECT_EQ(test, xcubic_recalc_ssthresh(&ca, 2), 2);
}

static void xcubic_growth_bounds_test(struct kunit *test)
{
	struct xcubic ca = {};

	/* No W_max yet: at least 5% a round (one segment per 20 ACKs). */
	xcubic_update(&ca, 100, 1, 5000);
	KUNIT_EXPECT_LE(test, ca.cnt, 20);

	/* Far past K: at most one segment per two ACKs. */
	xcubic_epoch(&ca, 1000);
	xcubic_update(&ca, 71, 1, 1000 + 30 * HZ);
	KUNIT_EXPECT_EQ(test, ca.cnt, 2);

	/*
	 * On the plateau (t = K, target = W_max = cwnd) CUBIC barely grows,
	 * but after many ACKs Reno's estimate is ahead and sets the pace.
	 */
	xcubic_epoch(&ca, 1000);
	xcubic_update(&ca, 100, 1, 1000 + msecs_to_jiffies(4215));
	KUNIT_EXPECT_EQ(test, ca.cnt, 100 * 100);
	xcubic_update(&ca, 100, 8000, 1000 + msecs_to_jiffies(4300));
	KUNIT_EXPECT_GT(test, ca.tcp_cwnd, 100);
	KUNIT_EXPECT_LE(test, ca.cnt, 100 / (ca.tcp_cwnd - 100));
}

static struct kunit_case xcubic_cases[] = {
	KUNIT_CASE(xcubic_root_test),
	KUNIT_CASE(xcubic_k_test),
	KUNIT_CASE(xcubic_curve_test),
	KUNIT_CASE(xcubic_ssthresh_test),
	KUNIT_CASE(xcubic_growth_bounds_test),
	{}
};

static struct kunit_suite xcubic_suite = {
	.name = "xinet_tcp_cubic",
	.test_cases = xcubic_cases,
};

kunit_test_suites(&xcubic_suite);
