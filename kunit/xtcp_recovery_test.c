// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: RACK's arithmetic (net/xinet/xtcp_recovery.c) and PRR's
 * (xtcp_cwnd_reduction() in net/xinet/xtcp_input.c), with the numbers
 * worked out by hand from Linux 6.12's tcp_recovery.c and
 * tcp_cwnd_reduction() for the same inputs.
 *
 * RACK: six segments sent 1 ms apart from T0, the last one SACKed 40 ms
 * after its send (RACK.rtt 40 ms, min_rtt 40 ms, srtt 40 ms); each row
 * sets the clock, the state and the reordering history, runs
 * xtcp_rack_mark_lost() and checks which segments are lost and the
 * reordering timer it arms.  PRR: RFC 6937's proportional part (a flight
 * of 20, ssthresh 10: one segment out per two delivered) and its
 * slow-start reduction bound below ssthresh.
 *
 * The sockets are real AF_XINET TCP sockets of init_net that never send.
 */

#include <kunit/test.h>
#include <linux/net.h>
#include <linux/skbuff.h>
#include <net/sock.h>
#include <net/tcp_states.h>
#include <linux/xinet.h>
#include <net/xinet/af_xinet.h>
#include <net/xinet/netns.h>
#include <net/xinet/xtcp.h>

#include "xtcp_kunit.h"

#define XR_MSS		1000U
#define XR_SEGS		6
#define XR_T0_US	1000000ULL		/* the first send, us */
#define XR_GAP_US	1000U			/* between sends */
#define XR_RTT_US	40000U
/* xtcp_input.c's XFLAG_SND_UNA_ADVANCED (Linux's FLAG_SND_UNA_ADVANCED). */
#define XR_SND_UNA_ADVANCED	0x400

/**
 * struct xtcp_rack_case - one row
 * @name: what it shows
 * @now_us: the clock when losses are judged, us after the last
 *	segment's send (its SACK came at 40 ms)
 * @state: icsk_ca_state
 * @reord_seen: reorderings seen on the connection
 * @steps: rack.reo_wnd_steps
 * @sacked_out: sacked_out (the one SACKed segment, or dupthresh)
 * @pre: marks of segments 0..4: '.' none, 'L' lost (not resent), 'X'
 *	lost and resent at the clock's time less 1 ms; segment 5 is SACKed
 * @want: marks after: '.', 'L' (lost, or lost and resent)
 * @lost: tp->lost after (starts at 0: a resend counts as its loss)
 * @retrans_out: resends still in flight after
 * @timeout_us: the longest wait left (0: no reordering timer)
 */
struct xtcp_rack_case {
	const char	*name;
	u32		now_us;
	u8		state;
	u32		reord_seen;
	u8		steps;
	u32		sacked_out;
	const char	*pre;
	const char	*want;
	u32		lost;
	u32		retrans_out;
	u32		timeout_us;
};

/*
 * Segment i went at T0 + i ms; segment 5's SACK came at 5 ms + 40 ms.
 * Waited so far by segment i at that clock: 45 - i ms.
 */
static const struct xtcp_rack_case xtcp_rack_cases[] = {
	/* reo_wnd = min(min_rtt / 4, srtt) = 10 ms: 50 - (45 - i) > 0 */
	{ .name = "within RTT + min_rtt/4: reordering timer, nothing lost",
	  .now_us = XR_RTT_US, .steps = 1, .sacked_out = 1,
	  .pre = ".....", .want = ".....", .timeout_us = 9000 },
	/* 7 ms later: 50 - (52 - i) <= 0 for i <= 2 */
	{ .name = "past RTT + reo_wnd: the oldest lost, the rest wait",
	  .now_us = XR_RTT_US + 7000, .steps = 1, .sacked_out = 1,
	  .pre = ".....", .want = "LLL..", .lost = 3, .timeout_us = 2000 },
	/* No reordering seen, in Recovery: reo_wnd 0, 40 - (45 - i) < 0 */
	{ .name = "in recovery without reordering seen: reo_wnd 0",
	  .now_us = XR_RTT_US, .state = XTCP_CA_Recovery, .steps = 1,
	  .sacked_out = 1, .pre = ".....", .want = "LLLLL", .lost = 5 },
	/* dupthresh SACKed, no reordering seen: reo_wnd 0 */
	{ .name = "dupthresh SACKed without reordering seen: reo_wnd 0",
	  .now_us = XR_RTT_US, .steps = 1, .sacked_out = 3,
	  .pre = ".....", .want = "LLLLL", .lost = 5 },
	/* Reordering seen: the window stays, even in Recovery. */
	{ .name = "reordering seen: min_rtt/4 even in recovery",
	  .now_us = XR_RTT_US, .state = XTCP_CA_Recovery, .reord_seen = 1,
	  .steps = 1, .sacked_out = 3, .pre = ".....", .want = ".....",
	  .timeout_us = 9000 },
	/* Two steps: 20 ms; 60 - (52 - i) > 0 for all */
	{ .name = "two D-SACK steps: reo_wnd min_rtt/2",
	  .now_us = XR_RTT_US + 7000, .reord_seen = 1, .steps = 2,
	  .sacked_out = 1, .pre = ".....", .want = ".....",
	  .timeout_us = 12000 },
	/* Eight steps would be 80 ms: capped at srtt, 40 ms; 80 - (82 - i) */
	{ .name = "reo_wnd capped at srtt",
	  .now_us = XR_RTT_US + 37000, .reord_seen = 1, .steps = 8,
	  .sacked_out = 1, .pre = ".....", .want = "LLL..", .lost = 3,
	  .timeout_us = 2000 },
	/*
	 * Lost and not yet resent: left alone (not counted again).  Lost
	 * and resent after the reference: nothing to judge it by.
	 */
	{ .name = "lost segments waiting, or resent later, are left",
	  .now_us = XR_RTT_US + 7000, .steps = 1, .sacked_out = 1,
	  .pre = "LX...", .want = "LLL..", .lost = 1, .retrans_out = 1,
	  .timeout_us = 2000 },
};

static u8 xr_bits(char c)
{
	switch (c) {
	case 'L':
		return XTCPCB_LOST;
	case 'X':
		return XTCPCB_LOST | XTCPCB_RETRANS | XTCPCB_RETRANS_OUT;
	case 'S':
		return XTCPCB_SACKED_ACKED;
	default:
		return 0;
	}
}

static struct socket *xr_socket(struct kunit *test)
{
	struct socket *sock;

	KUNIT_ASSERT_EQ(test, sock_create_kern(&init_net, xinet_family,
					       SOCK_STREAM, IPPROTO_TCP,
					       &sock), 0);
	return sock;
}

/* @sk established with the six segments of the RACK rows, marked @pre. */
static void xr_setup(struct kunit *test, struct sock *sk,
		     const struct xtcp_rack_case *tc)
{
	struct xtcp_sock *tp = xtcp_sk(sk);
	u64 now_us = XR_T0_US + (XR_SEGS - 1) * XR_GAP_US + tc->now_us;
	int i;

	xtcp_kunit_sync(sk, XR_MSS);
	tp->rx_opt.sack_ok = 1;
	xtcp_set_state(sk, TCP_ESTABLISHED);
	xtcp_set_ca_state(sk, tc->state);
	for (i = 0; i < XR_SEGS; i++) {
		struct sk_buff *skb = xtcp_stream_alloc_skb(sk, GFP_KERNEL,
							    true);
		u8 sacked = i < XR_SEGS - 1 ? xr_bits(tc->pre[i]) :
					      XTCPCB_SACKED_ACKED;

		KUNIT_ASSERT_NOT_NULL(test, skb);
		sk_wmem_queued_add(sk, skb->truesize);
		sk_mem_charge(sk, skb->truesize);
		XTCP_SKB_CB(skb)->seq = XTCP_KUNIT_ISS + i * XR_MSS;
		XTCP_SKB_CB(skb)->end_seq = XTCP_KUNIT_ISS + (i + 1) * XR_MSS;
		XTCP_SKB_CB(skb)->tcp_flags = XTCPHDR_ACK;
		XTCP_SKB_CB(skb)->sacked = sacked;
		xtcp_skb_pcount_set(skb, 1);
		skb->skb_mstamp_ns = (XR_T0_US + i * XR_GAP_US) * NSEC_PER_USEC;
		/* A resend, 1 ms before the clock: after the reference. */
		if (sacked & XTCPCB_RETRANS_OUT) {
			skb->skb_mstamp_ns = (now_us - 1000) * NSEC_PER_USEC;
			tp->retrans_out++;
		}
		if (sacked & XTCPCB_LOST)
			tp->lost_out++;
		__skb_queue_tail(&tp->rtx_queue, skb);
		tp->packets_out++;
	}
	tp->snd_nxt = XTCP_KUNIT_ISS + XR_SEGS * XR_MSS;
	tp->write_seq = tp->snd_nxt;
	tp->high_seq = tp->snd_nxt;
	tp->sacked_out = tc->sacked_out;
	tp->highest_sack_seq = tp->snd_nxt;
	tp->reordering = 3;
	tp->reord_seen = tc->reord_seen;
	tp->srtt_us = XR_RTT_US << 3;
	minmax_reset(&tp->rtt_min, jiffies, XR_RTT_US);
	tp->rack.reo_wnd_steps = tc->steps;
	tp->lost = 0;
	/* The clock of segment 5's SACK. */
	tp->tcp_mstamp = (XR_T0_US + (XR_SEGS - 1) * XR_GAP_US + XR_RTT_US) *
			 NSEC_PER_USEC;
}

static void xtcp_rack_mark_lost_test(struct kunit *test)
{
	int c;

	for (c = 0; c < ARRAY_SIZE(xtcp_rack_cases); c++) {
		const struct xtcp_rack_case *tc = &xtcp_rack_cases[c];
		struct socket *sock = xr_socket(test);
		struct sock *sk = sock->sk;
		struct xtcp_sock *tp = xtcp_sk(sk);
		unsigned long start;
		struct sk_buff *last;
		struct sk_buff *skb;
		bool armed;
		int i = 0;

		lock_sock(sk);
		xr_setup(test, sk, tc);
		/* The SACK of segment 5, as xtcp_sacktag_one() reports it. */
		last = skb_peek_tail(&tp->rtx_queue);
		xtcp_rack_advance(tp, 0, XTCP_SKB_CB(last)->end_seq,
				  xtcp_skb_timestamp_us(last));
		KUNIT_EXPECT_EQ_MSG(test, tp->rack.rtt_us, XR_RTT_US,
				    "%s: RACK.rtt", tc->name);
		/* Judged on a later ACK (or the reordering timer). */
		tp->tcp_mstamp = (XR_T0_US + (XR_SEGS - 1) * XR_GAP_US +
				  tc->now_us) * NSEC_PER_USEC;
		start = jiffies;
		armed = xtcp_rack_mark_lost(sk);
		skb_queue_walk(&tp->rtx_queue, skb) {
			u8 got = XTCP_SKB_CB(skb)->sacked & XTCPCB_LOST;

			if (i < XR_SEGS - 1)
				KUNIT_EXPECT_EQ_MSG(test, got,
						    xr_bits(tc->want[i]) &
						    XTCPCB_LOST,
						    "%s: segment %d", tc->name,
						    i);
			i++;
		}
		KUNIT_EXPECT_EQ_MSG(test, tp->lost, tc->lost, "%s: lost",
				    tc->name);
		KUNIT_EXPECT_EQ_MSG(test, tp->retrans_out, tc->retrans_out,
				    "%s: retrans_out", tc->name);
		KUNIT_EXPECT_EQ_MSG(test, armed, tc->timeout_us != 0,
				    "%s: timer", tc->name);
		if (tc->timeout_us) {
			unsigned long want = usecs_to_jiffies(tc->timeout_us +
							      XTCP_TIMEOUT_MIN_US);

			KUNIT_EXPECT_EQ_MSG(test,
					    (int)xinet_csk(sk)->icsk_pending,
					    XICSK_TIME_REO_TIMEOUT,
					    "%s: pending", tc->name);
			/*
			 * Armed at some tick from @start to now, which a slow
			 * guest may make several; the delay rounds to a tick
			 * or two either way.
			 */
			KUNIT_EXPECT_LE_MSG(test,
					    (long)(xinet_csk(sk)->icsk_timeout -
						   start),
					    (long)(want + (jiffies - start)),
					    "%s: timeout", tc->name);
			KUNIT_EXPECT_GE_MSG(test,
					    (long)(xinet_csk(sk)->icsk_timeout -
						   start), (long)want - 2,
					    "%s: timeout", tc->name);
		}
		/* Nothing new since: the next ACK without news scans nothing. */
		KUNIT_EXPECT_FALSE_MSG(test, xtcp_rack_mark_lost(sk),
				       "%s: rescan", tc->name);
		release_sock(sk);
		xtcp_kunit_release(sock);
	}
}

/*
 * RACK.xmit_ts and RACK.rtt move to the most recently sent (S)ACKed
 * segment, ties by sequence; a resend (S)ACKed sooner than min_rtt after
 * it went was the original's delivery and tells nothing.
 */
static void xtcp_rack_advance_test(struct kunit *test)
{
	struct socket *sock = xr_socket(test);
	struct xtcp_sock *tp = xtcp_sk(sock->sk);

	lock_sock(sock->sk);
	minmax_reset(&tp->rtt_min, jiffies, 30000);
	tp->tcp_mstamp = 100000ULL * NSEC_PER_USEC;
	xtcp_rack_advance(tp, 0, 2000, 50000);
	KUNIT_EXPECT_EQ(test, tp->rack.mstamp, 50000ULL);
	KUNIT_EXPECT_EQ(test, tp->rack.end_seq, 2000U);
	KUNIT_EXPECT_EQ(test, tp->rack.rtt_us, 50000U);
	KUNIT_EXPECT_TRUE(test, (bool)tp->rack.advanced);

	/* Sent earlier: RACK.rtt follows it, the reference stays. */
	xtcp_rack_advance(tp, 0, 1000, 40000);
	KUNIT_EXPECT_EQ(test, tp->rack.mstamp, 50000ULL);
	KUNIT_EXPECT_EQ(test, tp->rack.rtt_us, 60000U);

	/* Same instant, higher sequence: the reference moves. */
	xtcp_rack_advance(tp, 0, 3000, 50000);
	KUNIT_EXPECT_EQ(test, tp->rack.end_seq, 3000U);

	/* A resend acked 10 ms after it went, min_rtt 30 ms: ignored. */
	tp->rack.advanced = 0;
	xtcp_rack_advance(tp, XTCPCB_RETRANS, 4000, 90000);
	KUNIT_EXPECT_FALSE(test, (bool)tp->rack.advanced);
	KUNIT_EXPECT_EQ(test, tp->rack.end_seq, 3000U);
	/* The same without the resend: taken. */
	xtcp_rack_advance(tp, 0, 4000, 90000);
	KUNIT_EXPECT_EQ(test, tp->rack.mstamp, 90000ULL);
	KUNIT_EXPECT_EQ(test, tp->rack.rtt_us, 10000U);
	release_sock(sock->sk);
	xtcp_kunit_release(sock);
}

/*
 * The reordering window's steps: a D-SACK round widens it by one and
 * keeps it for 16 recoveries; a D-SACK for data sent before the last
 * widening is old news; without D-SACKs and persistence it falls back
 * to one step; STATIC_REO_WND freezes it.
 */
/* An ACK whose rate sample dates the segments it delivered at @prior. */
static void xr_update_reo_wnd(struct sock *sk, u32 prior)
{
	struct xrate_sample rs = { .prior_delivered = prior };

	xtcp_rack_update_reo_wnd(sk, &rs);
}

static void xtcp_rack_update_reo_wnd_test(struct kunit *test)
{
	struct socket *sock = xr_socket(test);
	struct xtcp_sock *tp = xtcp_sk(sock->sk);
	struct xinet_net *xn = xinet_net(&init_net);
	u8 saved = READ_ONCE(xn->sysctl_tcp_recovery);

	lock_sock(sock->sk);
	KUNIT_EXPECT_EQ(test, (int)tp->rack.reo_wnd_steps, 1);
	tp->delivered = 100;

	/* Nothing delivered by the ACK: nothing to date it by. */
	tp->rack.dsack_seen = 1;
	xr_update_reo_wnd(sock->sk, 0);
	KUNIT_EXPECT_EQ(test, (int)tp->rack.reo_wnd_steps, 1);
	KUNIT_EXPECT_TRUE(test, (bool)tp->rack.dsack_seen);

	xr_update_reo_wnd(sock->sk, 90);
	KUNIT_EXPECT_EQ(test, (int)tp->rack.reo_wnd_steps, 2);
	KUNIT_EXPECT_EQ(test, (int)tp->rack.reo_wnd_persist,
			XTCP_RACK_RECOVERY_THRESH);
	KUNIT_EXPECT_EQ(test, tp->rack.last_delivered, 100U);
	KUNIT_EXPECT_FALSE(test, (bool)tp->rack.dsack_seen);

	/* A D-SACK of data sent before the widening: the same round. */
	tp->delivered = 120;
	tp->rack.dsack_seen = 1;
	xr_update_reo_wnd(sock->sk, 95);
	KUNIT_EXPECT_EQ(test, (int)tp->rack.reo_wnd_steps, 2);
	KUNIT_EXPECT_FALSE(test, (bool)tp->rack.dsack_seen);

	/* A new round. */
	tp->rack.dsack_seen = 1;
	xr_update_reo_wnd(sock->sk, 110);
	KUNIT_EXPECT_EQ(test, (int)tp->rack.reo_wnd_steps, 3);
	KUNIT_EXPECT_EQ(test, tp->rack.last_delivered, 120U);

	/* Static window: D-SACKs change nothing. */
	WRITE_ONCE(xn->sysctl_tcp_recovery,
		   XTCP_RACK_LOSS_DETECTION | XTCP_RACK_STATIC_REO_WND);
	tp->delivered = 200;
	tp->rack.dsack_seen = 1;
	xr_update_reo_wnd(sock->sk, 150);
	KUNIT_EXPECT_EQ(test, (int)tp->rack.reo_wnd_steps, 3);
	WRITE_ONCE(xn->sysctl_tcp_recovery, saved);

	/* Persistence kept: still 3; spent: back to one step. */
	tp->rack.dsack_seen = 0;
	xr_update_reo_wnd(sock->sk, 150);
	KUNIT_EXPECT_EQ(test, (int)tp->rack.reo_wnd_steps, 3);
	tp->rack.reo_wnd_persist = 0;
	xr_update_reo_wnd(sock->sk, 150);
	KUNIT_EXPECT_EQ(test, (int)tp->rack.reo_wnd_steps, 1);
	release_sock(sock->sk);
	xtcp_kunit_release(sock);
}

/*
 * A flight of @out segments, @lost of them lost, @sacked SACKed, a
 * reduction from @prior_cwnd to @ssthresh just begun.
 */
static void xr_prr_setup(struct xtcp_sock *tp, u32 out, u32 lost,
			 u32 sacked, u32 prior_cwnd, u32 ssthresh)
{
	tp->packets_out = out;
	tp->lost_out = lost;
	tp->sacked_out = sacked;
	tp->retrans_out = 0;
	tp->prior_cwnd = prior_cwnd;
	tp->snd_cwnd = prior_cwnd;
	tp->snd_ssthresh = ssthresh;
	tp->prr_delivered = 0;
	tp->prr_out = 0;
}

/*
 * RFC 6937's proportional part: a flight of 20, ssthresh 10 (half of
 * prior_cwnd), one segment lost, each ACK SACKing one more.  While more
 * than ssthresh is in flight PRR lets ceil(prr_delivered * ssthresh /
 * prior_cwnd) - prr_out out per ACK: 1 (the fast retransmit), 0, 1, 0,
 * ...  The flight reaches ssthresh at the 17th ACK; from there packet
 * conservation holds it there.
 */
static void xtcp_prr_proportional_test(struct kunit *test)
{
	struct socket *sock = xr_socket(test);
	struct sock *sk = sock->sk;
	struct xtcp_sock *tp = xtcp_sk(sk);
	int ack;

	lock_sock(sk);
	xr_prr_setup(tp, 20, 1, 1, 20, 10);
	xtcp_set_ca_state(sk, XTCP_CA_Recovery);
	for (ack = 1; ack <= 18; ack++) {
		u32 sndcnt, want = ack % 2 ? 1 : 0;

		if (ack > 1)
			tp->sacked_out++;
		xtcp_cwnd_reduction(sk, 1, 0, 0);
		KUNIT_ASSERT_GE(test, tp->snd_cwnd, xtcp_packets_in_flight(tp));
		sndcnt = tp->snd_cwnd - xtcp_packets_in_flight(tp);
		if (ack == 17)
			want = 0;	/* 10 in flight: ssthresh */
		if (ack == 18)
			want = 1;	/* 9: one for the one delivered */
		KUNIT_EXPECT_EQ_MSG(test, sndcnt, want, "ACK %d", ack);
		/* Send them: the retransmission first, then new data. */
		if (sndcnt && !tp->retrans_out) {
			tp->retrans_out++;
			sndcnt--;
			tp->prr_out++;
		}
		tp->packets_out += sndcnt;
		tp->prr_out += sndcnt;
		if (ack <= 16)
			KUNIT_EXPECT_EQ_MSG(test, tp->prr_out,
					    DIV_ROUND_UP(ack * 10, 20),
					    "ACK %d", ack);
	}
	KUNIT_EXPECT_EQ(test, tp->prr_delivered, 18U);
	KUNIT_EXPECT_EQ(test, tp->prr_out, 9U);
	KUNIT_EXPECT_EQ(test, xtcp_packets_in_flight(tp), 10U);
	release_sock(sk);
	xtcp_kunit_release(sock);
}

/*
 * Below ssthresh PRR sends what was delivered, one more when snd_una
 * moved and nothing new was lost (the slow-start reduction bound), up
 * to ssthresh; with nothing delivered, nothing changes; and it always
 * lets the first segment out.
 */
static void xtcp_prr_ssrb_test(struct kunit *test)
{
	struct socket *sock = xr_socket(test);
	struct sock *sk = sock->sk;
	struct xtcp_sock *tp = xtcp_sk(sk);

	lock_sock(sk);
	xtcp_set_ca_state(sk, XTCP_CA_Recovery);
	/* 20 out, 15 lost, 1 SACKed: 4 in flight, 6 below ssthresh. */
	xr_prr_setup(tp, 20, 15, 1, 20, 10);
	xtcp_cwnd_reduction(sk, 1, 0, 0);
	KUNIT_EXPECT_EQ(test, tp->snd_cwnd, 5U);
	xr_prr_setup(tp, 20, 15, 1, 20, 10);
	xtcp_cwnd_reduction(sk, 1, 0, XR_SND_UNA_ADVANCED);
	KUNIT_EXPECT_EQ(test, tp->snd_cwnd, 6U);
	xr_prr_setup(tp, 20, 15, 1, 20, 10);
	xtcp_cwnd_reduction(sk, 1, 2, XR_SND_UNA_ADVANCED);
	KUNIT_EXPECT_EQ(test, tp->snd_cwnd, 5U);
	/* Ten delivered at once: up to ssthresh only. */
	xr_prr_setup(tp, 20, 15, 1, 20, 10);
	xtcp_cwnd_reduction(sk, 10, 0, XR_SND_UNA_ADVANCED);
	KUNIT_EXPECT_EQ(test, tp->snd_cwnd, 10U);
	/* At ssthresh already, after sending: the first still goes. */
	xr_prr_setup(tp, 20, 5, 5, 20, 10);
	xtcp_cwnd_reduction(sk, 1, 0, 0);
	KUNIT_EXPECT_EQ(test, tp->snd_cwnd, 11U);
	tp->prr_out = 1;
	tp->prr_delivered = 0;
	tp->snd_cwnd = 3;
	xtcp_cwnd_reduction(sk, 1, 0, 0);
	KUNIT_EXPECT_EQ(test, tp->snd_cwnd, 10U);
	/* Nothing delivered: cwnd untouched. */
	tp->snd_cwnd = 3;
	xtcp_cwnd_reduction(sk, 0, 0, XR_SND_UNA_ADVANCED);
	KUNIT_EXPECT_EQ(test, tp->snd_cwnd, 3U);
	release_sock(sk);
	xtcp_kunit_release(sock);
}

static struct kunit_case xtcp_recovery_cases[] = {
	KUNIT_CASE(xtcp_rack_mark_lost_test),
	KUNIT_CASE(xtcp_rack_advance_test),
	KUNIT_CASE(xtcp_rack_update_reo_wnd_test),
	KUNIT_CASE(xtcp_prr_proportional_test),
	KUNIT_CASE(xtcp_prr_ssrb_test),
	{}
};

static struct kunit_suite xtcp_recovery_suite = {
	.name = "xinet_tcp_recovery",
	.test_cases = xtcp_recovery_cases,
};

kunit_test_suites(&xtcp_recovery_suite);
