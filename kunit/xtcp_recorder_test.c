// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the TCP flight recorder's ring (net/xinet/xtcp_recorder.c).
 *
 * xinet_tcp_recorder: sizes out of range are refused; a ring keeps its
 * events oldest first, stamped from its first one; once full it wraps,
 * keeping the newest size events and counting every one recorded; a
 * read into a smaller buffer gets the newest that fit; and a writer in
 * softirq (a soft hrtimer adding numbered events) against a reader in
 * process context: every snapshot holds consecutive numbers ending at
 * the count recorded, in time order, never a torn event.
 */

#include <kunit/test.h>
#include <linux/hrtimer.h>
#include <linux/ktime.h>
#include <linux/slab.h>
#include <net/xinet/xtcp_recorder.h>

static struct xtcp_rec_ring *rec_ring(struct kunit *test, u32 size)
{
	struct xtcp_rec_ring *ring = xtcp_rec_ring_alloc(size, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, ring);
	return ring;
}

/* Event i: type RTT, v[0] = i, the other values derived from it. */
static void rec_add(struct xtcp_rec_ring *ring, u64 now_ns, u32 i)
{
	xtcp_rec_ring_add(ring, now_ns, XTCP_REC_RTT, i & 0xffff, i, ~i,
			  i * 3, i ^ 0x5a5a5a5a, i + 7);
}

/* Is @e event @i as rec_add() wrote it? */
static bool rec_is(const struct xtcp_rec_event *e, u32 i)
{
	return e->type == XTCP_REC_RTT && e->cause == (i & 0xffff) &&
	       e->v[0] == i && e->v[1] == ~i && e->v[2] == i * 3 &&
	       e->v[3] == (i ^ 0x5a5a5a5a) && e->v[4] == i + 7;
}

static void xtcp_rec_sizes_test(struct kunit *test)
{
	struct xtcp_rec_ring *ring;

	KUNIT_EXPECT_NULL(test, xtcp_rec_ring_alloc(0, GFP_KERNEL));
	KUNIT_EXPECT_NULL(test, xtcp_rec_ring_alloc(XTCP_REC_MAX_EVENTS + 1,
						    GFP_KERNEL));
	ring = rec_ring(test, XTCP_REC_MAX_EVENTS);
	KUNIT_EXPECT_EQ(test, ring->size, XTCP_REC_MAX_EVENTS);
	KUNIT_EXPECT_EQ(test, ring->recorded, 0);
	xtcp_rec_ring_free(ring);
	/* The uapi layout: 32-byte events, a 16-byte header. */
	KUNIT_EXPECT_EQ(test, sizeof(struct xtcp_rec_event), 32);
	KUNIT_EXPECT_EQ(test, sizeof(struct xtcp_rec_header), 16);
}

static void xtcp_rec_order_test(struct kunit *test)
{
	struct xtcp_rec_ring *ring = rec_ring(test, 8);
	struct xtcp_rec_event ev[8];
	struct xtcp_rec_header hdr;
	u32 i;

	KUNIT_EXPECT_EQ(test, xtcp_rec_ring_read(ring, &hdr, ev, 8), 0);
	KUNIT_EXPECT_EQ(test, hdr.count, 0);
	KUNIT_EXPECT_EQ(test, hdr.size, 8);
	/* Stamped from the first event: 1000 ns apart is 1 us apart. */
	for (i = 0; i < 5; i++)
		rec_add(ring, 5000000 + i * 1000, i);
	KUNIT_ASSERT_EQ(test, xtcp_rec_ring_read(ring, &hdr, ev, 8), 5);
	KUNIT_EXPECT_EQ(test, hdr.recorded, 5);
	for (i = 0; i < 5; i++) {
		KUNIT_EXPECT_TRUE_MSG(test, rec_is(&ev[i], i), "event %u", i);
		KUNIT_EXPECT_EQ(test, ev[i].ts_us, i);
	}
	/* A clock read earlier than the first event's: 0, not a wrap. */
	rec_add(ring, 4000000, 5);
	KUNIT_ASSERT_EQ(test, xtcp_rec_ring_read(ring, &hdr, ev, 8), 6);
	KUNIT_EXPECT_EQ(test, ev[5].ts_us, 0);
	xtcp_rec_ring_free(ring);
}

static void xtcp_rec_wrap_test(struct kunit *test)
{
	struct xtcp_rec_ring *ring = rec_ring(test, 5);
	struct xtcp_rec_event ev[5];
	struct xtcp_rec_header hdr;
	u32 i, n;

	for (i = 0; i < 13; i++)
		rec_add(ring, 1000 + i * 1000, i);
	n = xtcp_rec_ring_read(ring, &hdr, ev, 5);
	KUNIT_ASSERT_EQ(test, n, 5);
	KUNIT_EXPECT_EQ(test, hdr.recorded, 13);
	KUNIT_EXPECT_EQ(test, hdr.size, 5);
	for (i = 0; i < 5; i++)
		KUNIT_EXPECT_TRUE_MSG(test, rec_is(&ev[i], 8 + i), "slot %u", i);
	/* A buffer of 3: the newest 3, oldest first. */
	n = xtcp_rec_ring_read(ring, &hdr, ev, 3);
	KUNIT_ASSERT_EQ(test, n, 3);
	KUNIT_EXPECT_EQ(test, hdr.count, 3);
	for (i = 0; i < 3; i++)
		KUNIT_EXPECT_TRUE_MSG(test, rec_is(&ev[i], 10 + i), "slot %u", i);
	KUNIT_EXPECT_EQ(test, ev[2].ts_us, 12);
	/* Exactly full, head back at slot 0. */
	for (; i < 15; i++)
		rec_add(ring, 20000 + i * 1000, 13 + i - 3);
	KUNIT_EXPECT_EQ(test, ring->head, 0);
	n = xtcp_rec_ring_read(ring, &hdr, ev, 5);
	KUNIT_ASSERT_EQ(test, n, 5);
	for (i = 0; i < 5; i++)
		KUNIT_EXPECT_TRUE_MSG(test, rec_is(&ev[i], 20 + i), "slot %u", i);
	xtcp_rec_ring_free(ring);
}

#define REC_RACE_SIZE	64
#define REC_RACE_TOTAL	20000
#define REC_RACE_BATCH	50

struct rec_race {
	struct hrtimer		timer;
	struct xtcp_rec_ring	*ring;
	u32			next;
	bool			in_softirq;
};

/* Softirq (HRTIMER_MODE_REL_SOFT): a batch of numbered events. */
static enum hrtimer_restart rec_race_fire(struct hrtimer *t)
{
	struct rec_race *r = container_of(t, struct rec_race, timer);
	int i;

	r->in_softirq = in_serving_softirq();
	for (i = 0; i < REC_RACE_BATCH && r->next < REC_RACE_TOTAL; i++) {
		rec_add(r->ring, ktime_get_ns(), r->next);
		WRITE_ONCE(r->next, r->next + 1);
	}
	if (READ_ONCE(r->next) >= REC_RACE_TOTAL)
		return HRTIMER_NORESTART;
	hrtimer_forward_now(t, ns_to_ktime(20 * NSEC_PER_USEC));
	return HRTIMER_RESTART;
}

static void xtcp_rec_softirq_race_test(struct kunit *test)
{
	struct rec_race *r = kunit_kzalloc(test, sizeof(*r), GFP_KERNEL);
	struct xtcp_rec_event *ev;
	struct xtcp_rec_header hdr;
	unsigned long deadline = jiffies + 30 * HZ;
	u32 reads = 0, i, n, bad = 0;

	KUNIT_ASSERT_NOT_NULL(test, r);
	ev = kunit_kcalloc(test, REC_RACE_SIZE, sizeof(*ev), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, ev);
	r->ring = rec_ring(test, REC_RACE_SIZE);
	hrtimer_init(&r->timer, CLOCK_MONOTONIC, HRTIMER_MODE_REL_SOFT);
	r->timer.function = rec_race_fire;
	hrtimer_start(&r->timer, ns_to_ktime(20 * NSEC_PER_USEC), HRTIMER_MODE_REL_SOFT);

	while (READ_ONCE(r->next) < REC_RACE_TOTAL &&
	       time_before(jiffies, deadline)) {
		n = xtcp_rec_ring_read(r->ring, &hdr, ev, REC_RACE_SIZE);
		reads++;
		if (n != min_t(u64, hdr.recorded, REC_RACE_SIZE))
			bad++;
		/* The newest is number recorded - 1, the others before it. */
		for (i = 0; i < n; i++) {
			u32 want = hdr.recorded - n + i;

			if (!rec_is(&ev[i], want) ||
			    (i && ev[i].ts_us < ev[i - 1].ts_us))
				bad++;
		}
		cond_resched();
	}
	hrtimer_cancel(&r->timer);
	KUNIT_EXPECT_EQ(test, READ_ONCE(r->next), REC_RACE_TOTAL);
	KUNIT_EXPECT_TRUE(test, r->in_softirq);
	KUNIT_EXPECT_GT(test, reads, 1);
	KUNIT_EXPECT_EQ(test, bad, 0);
	n = xtcp_rec_ring_read(r->ring, &hdr, ev, REC_RACE_SIZE);
	KUNIT_EXPECT_EQ(test, hdr.recorded, REC_RACE_TOTAL);
	KUNIT_EXPECT_TRUE(test, n == REC_RACE_SIZE &&
			  rec_is(&ev[n - 1], REC_RACE_TOTAL - 1));
	xtcp_rec_ring_free(r->ring);
}

static struct kunit_case xtcp_rec_cases[] = {
	KUNIT_CASE(xtcp_rec_sizes_test),
	KUNIT_CASE(xtcp_rec_order_test),
	KUNIT_CASE(xtcp_rec_wrap_test),
	KUNIT_CASE(xtcp_rec_softirq_race_test),
	{}
};

static struct kunit_suite xtcp_rec_suite = {
	.name = "xinet_tcp_recorder",
	.test_cases = xtcp_rec_cases,
};

kunit_test_suites(&xtcp_rec_suite);
