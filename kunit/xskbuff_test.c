// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: freeing an skb on the CPU that allocated it
 * (net/xinet/xskbuff.c): an skb of this CPU is freed at once; a defer
 * list takes skbs up to its bound, asks for its kick at half of it, and
 * its flush and its kick free what it holds.  The list tests use a list
 * of their own, so they need no second CPU (the debug guest has one).
 * Each test holds a reference of its own on its skbs, so what the code
 * under test freed shows as a reference count of 1.
 */

#include <kunit/test.h>
#include <linux/skbuff.h>
#include <linux/smp.h>
#include <net/xinet/xskbuff.h>

/* An skb that says it was allocated on @cpu, with a reference for the test. */
static struct sk_buff *xskbuff_test_skb(struct kunit *test, unsigned int cpu)
{
	struct sk_buff *skb = alloc_skb(128, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, skb);
	skb->alloc_cpu = cpu;
	return skb_get(skb);
}

/* A defer list of the test's own, freed with it. */
static struct xskb_defer *xskbuff_test_defer(struct kunit *test)
{
	struct xskb_defer *defer = kunit_kzalloc(test, sizeof(*defer),
						 GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, defer);
	xskb_defer_init_one(defer);
	return defer;
}

/* An skb of this CPU is freed at once, not deferred. */
static void xskbuff_test_local(struct kunit *test)
{
	struct sk_buff *skb;

	migrate_disable();
	skb = xskbuff_test_skb(test, smp_processor_id());
	xskb_attempt_defer_free(skb);
	KUNIT_EXPECT_EQ(test, refcount_read(&skb->users), 1);
	migrate_enable();
	kfree_skb(skb);
}

/* Queued skbs wait, in the list and its count, until the flush frees them. */
static void xskbuff_test_queue_flush(struct kunit *test)
{
	struct xskb_defer *defer = xskbuff_test_defer(test);
	struct sk_buff *a = xskbuff_test_skb(test, 0);
	struct sk_buff *b = xskbuff_test_skb(test, 0);

	KUNIT_EXPECT_EQ(test, xskb_defer_queue(defer, a, 64), XSKB_DEFER_QUEUED);
	KUNIT_EXPECT_EQ(test, xskb_defer_queue(defer, b, 64), XSKB_DEFER_QUEUED);
	KUNIT_EXPECT_EQ(test, atomic_read(&defer->count), 2);
	KUNIT_EXPECT_EQ(test, refcount_read(&a->users), 2);
	KUNIT_EXPECT_EQ(test, refcount_read(&b->users), 2);

	__xskb_defer_free_flush(defer);
	KUNIT_EXPECT_EQ(test, refcount_read(&a->users), 1);
	KUNIT_EXPECT_EQ(test, refcount_read(&b->users), 1);
	KUNIT_EXPECT_EQ(test, atomic_read(&defer->count), 0);
	KUNIT_EXPECT_TRUE(test, llist_empty(&defer->list));
	kfree_skb(a);
	kfree_skb(b);
}

/*
 * With a bound of 4: the third skb asks for the kick (half the bound
 * reached), the fifth finds the list full and is not queued; the kick,
 * run as its CPU runs it, frees the four.
 */
static void xskbuff_test_bound_kick(struct kunit *test)
{
	static const enum xskb_defer_result want[] = {
		XSKB_DEFER_QUEUED, XSKB_DEFER_QUEUED, XSKB_DEFER_KICK,
		XSKB_DEFER_QUEUED, XSKB_DEFER_FULL,
	};
	struct xskb_defer *defer = xskbuff_test_defer(test);
	struct sk_buff *skbs[ARRAY_SIZE(want)];
	int i;

	for (i = 0; i < ARRAY_SIZE(want); i++) {
		skbs[i] = xskbuff_test_skb(test, 0);
		KUNIT_EXPECT_EQ_MSG(test, xskb_defer_queue(defer, skbs[i], 4),
				    want[i], "skb %d", i);
	}
	KUNIT_EXPECT_EQ(test, atomic_read(&defer->count), 4);
	/* The full list's caller frees the fifth itself. */
	kfree_skb(skbs[4]);
	KUNIT_EXPECT_EQ(test, refcount_read(&skbs[4]->users), 1);

	queue_work(system_highpri_wq, &defer->kick);
	flush_work(&defer->kick);
	KUNIT_EXPECT_TRUE(test, llist_empty(&defer->list));
	KUNIT_EXPECT_EQ(test, atomic_read(&defer->count), 0);
	for (i = 0; i < ARRAY_SIZE(want); i++) {
		KUNIT_EXPECT_EQ(test, refcount_read(&skbs[i]->users), 1);
		kfree_skb(skbs[i]);
	}
}

static struct kunit_case xskbuff_test_cases[] = {
	KUNIT_CASE(xskbuff_test_local),
	KUNIT_CASE(xskbuff_test_queue_flush),
	KUNIT_CASE(xskbuff_test_bound_kick),
	{}
};

static struct kunit_suite xskbuff_test_suite = {
	.name = "xinet_xskbuff",
	.test_cases = xskbuff_test_cases,
};

kunit_test_suite(xskbuff_test_suite);
