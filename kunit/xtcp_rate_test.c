// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the delivery-rate estimator (net/xinet/xtcp_rate.c), with the
 * numbers worked out by hand from Linux 6.12's tcp_rate.c for the same
 * inputs: the interval is the longer of the send and ACK phases, a
 * sample shorter than min_rtt is dropped, an application-limited sample
 * replaces the saved one only when it is not lower, the bubble clears
 * once delivered passes it; the snapshot at send and its use at
 * delivery; the app-limited check of a write; TCP_INFO's rate.
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
#include <net/xinet/xtcp.h>

#include "xtcp_kunit.h"

#define XRT_MSS		1000U
#define XRT_T0_US	1000000ULL	/* the sample's start, us */

static struct socket *xrt_socket(struct kunit *test)
{
	struct socket *sock;

	KUNIT_ASSERT_EQ(test, sock_create_kern(&init_net, xinet_family,
					       SOCK_STREAM, IPPROTO_TCP,
					       &sock), 0);
	lock_sock(sock->sk);
	xtcp_kunit_sync(sock->sk, XRT_MSS);
	return sock;
}

static void xrt_release(struct socket *sock)
{
	release_sock(sock->sk);
	xtcp_kunit_release(sock);
}

/* The clock of the ACK in hand, @us after XRT_T0_US. */
static void xrt_clock(struct xtcp_sock *tp, u64 us)
{
	tp->tcp_mstamp = (XRT_T0_US + us) * NSEC_PER_USEC;
}

/*
 * A sample as xtcp_rate_skb_delivered() leaves it: from delivered
 * @prior at XRT_T0_US, with a send phase of @snd_us.
 */
static struct xrate_sample xrt_sample(u32 prior, u32 snd_us, bool app)
{
	struct xrate_sample rs = {
		.prior_delivered = prior,
		.prior_mstamp = XRT_T0_US,
		.interval_us = snd_us,
		.is_app_limited = app,
	};

	return rs;
}

/* The interval is the longer phase; the sample is saved. */
static void xtcp_rate_gen_interval_test(struct kunit *test)
{
	struct socket *sock = xrt_socket(test);
	struct xtcp_sock *tp = xtcp_sk(sock->sk);
	struct xrate_sample rs;

	minmax_reset(&tp->rtt_min, jiffies, 1000);
	tp->app_limited = 0;
	tp->delivered = 110;

	/* ACK phase (8 ms) longer than the send phase (5 ms). */
	rs = xrt_sample(100, 5000, false);
	xrt_clock(tp, 8000);
	xtcp_rate_gen(sock->sk, 4, 1, false, &rs);
	KUNIT_EXPECT_EQ(test, rs.delivered, 10);
	KUNIT_EXPECT_EQ(test, rs.interval_us, 8000L);
	KUNIT_EXPECT_EQ(test, rs.snd_interval_us, 5000U);
	KUNIT_EXPECT_EQ(test, rs.rcv_interval_us, 8000U);
	KUNIT_EXPECT_EQ(test, rs.acked_sacked, 4U);
	KUNIT_EXPECT_EQ(test, rs.losses, 1);
	KUNIT_EXPECT_EQ(test, tp->rate_delivered, 10U);
	KUNIT_EXPECT_EQ(test, tp->rate_interval_us, 8000U);
	KUNIT_EXPECT_FALSE(test, (bool)tp->rate_app_limited);
	/* Something was delivered: delivered_mstamp is the ACK's clock. */
	KUNIT_EXPECT_EQ(test, tp->delivered_mstamp, XRT_T0_US + 8000);

	/* Send phase (9 ms) longer than the ACK phase (6 ms): ACK compression. */
	rs = xrt_sample(100, 9000, false);
	xrt_clock(tp, 6000);
	xtcp_rate_gen(sock->sk, 0, 0, false, &rs);
	KUNIT_EXPECT_EQ(test, rs.interval_us, 9000L);
	KUNIT_EXPECT_EQ(test, rs.snd_interval_us, 9000U);
	KUNIT_EXPECT_EQ(test, rs.rcv_interval_us, 6000U);
	KUNIT_EXPECT_EQ(test, tp->rate_interval_us, 9000U);
	/* Nothing newly delivered: delivered_mstamp stays. */
	KUNIT_EXPECT_EQ(test, tp->delivered_mstamp, XRT_T0_US + 8000);

	/* delivered_ce: its 20 bits wrap as the skb's do. */
	tp->delivered_ce = 3;
	rs = xrt_sample(100, 5000, false);
	rs.prior_delivered_ce = XTCPCB_DELIVERED_CE_MASK;	/* -1 in 20 bits */
	xrt_clock(tp, 8000);
	xtcp_rate_gen(sock->sk, 1, 0, false, &rs);
	KUNIT_EXPECT_EQ(test, rs.delivered_ce, 4);
	xrt_release(sock);
}

/* Invalid samples: no timing, SACK reneging, shorter than min_rtt. */
static void xtcp_rate_gen_invalid_test(struct kunit *test)
{
	struct socket *sock = xrt_socket(test);
	struct xtcp_sock *tp = xtcp_sk(sock->sk);
	struct xrate_sample rs;

	tp->app_limited = 0;
	tp->delivered = 110;
	tp->rate_delivered = 7;
	tp->rate_interval_us = 7000;

	/* Before any RTT sample min_rtt is ~0U: nothing is long enough. */
	rs = xrt_sample(100, 5000, false);
	xrt_clock(tp, 8000);
	xtcp_rate_gen(sock->sk, 1, 0, false, &rs);
	KUNIT_EXPECT_EQ(test, rs.delivered, 10);
	KUNIT_EXPECT_EQ(test, rs.interval_us, -1L);

	/* min_rtt 10 ms, interval 8 ms: dropped, the saved one stays. */
	minmax_reset(&tp->rtt_min, jiffies, 10000);
	rs = xrt_sample(100, 5000, false);
	xrt_clock(tp, 8000);
	xtcp_rate_gen(sock->sk, 1, 0, false, &rs);
	KUNIT_EXPECT_EQ(test, rs.interval_us, -1L);
	KUNIT_EXPECT_EQ(test, tp->rate_delivered, 7U);
	KUNIT_EXPECT_EQ(test, tp->rate_interval_us, 7000U);

	/* Exactly min_rtt: kept. */
	rs = xrt_sample(100, 5000, false);
	xrt_clock(tp, 10000);
	xtcp_rate_gen(sock->sk, 1, 0, false, &rs);
	KUNIT_EXPECT_EQ(test, rs.interval_us, 10000L);
	KUNIT_EXPECT_EQ(test, tp->rate_delivered, 10U);

	/* No segment with a send snapshot was delivered. */
	rs = (struct xrate_sample){ .prior_delivered = 0 };
	xtcp_rate_gen(sock->sk, 0, 0, false, &rs);
	KUNIT_EXPECT_EQ(test, rs.delivered, -1);
	KUNIT_EXPECT_EQ(test, rs.interval_us, -1L);

	/* SACK reneging: SACKed data might count twice. */
	rs = xrt_sample(100, 20000, false);
	xrt_clock(tp, 20000);
	xtcp_rate_gen(sock->sk, 1, 0, true, &rs);
	KUNIT_EXPECT_EQ(test, rs.delivered, -1);
	KUNIT_EXPECT_EQ(test, rs.interval_us, -1L);
	KUNIT_EXPECT_EQ(test, tp->rate_interval_us, 10000U);
	xrt_release(sock);
}

/* Application-limited samples, and the bubble's end. */
static void xtcp_rate_gen_app_limited_test(struct kunit *test)
{
	struct socket *sock = xrt_socket(test);
	struct xtcp_sock *tp = xtcp_sk(sock->sk);
	struct xrate_sample rs;

	minmax_reset(&tp->rtt_min, jiffies, 1000);
	/* A new socket: a bubble until the first ACK, as Linux. */
	KUNIT_EXPECT_EQ(test, tp->app_limited, ~0U);
	KUNIT_EXPECT_TRUE(test, (bool)tp->rate_app_limited);

	/* The bubble ends when delivered passes it, not before. */
	tp->delivered = 110;
	tp->app_limited = 110;
	rs = xrt_sample(100, 5000, false);
	xrt_clock(tp, 8000);
	xtcp_rate_gen(sock->sk, 1, 0, false, &rs);
	KUNIT_EXPECT_EQ(test, tp->app_limited, 110U);
	tp->delivered = 111;
	rs = xrt_sample(101, 5000, false);
	xtcp_rate_gen(sock->sk, 1, 0, false, &rs);
	KUNIT_EXPECT_EQ(test, tp->app_limited, 0U);
	/* Saved: 10 segments in 8 ms, not app-limited. */
	KUNIT_EXPECT_EQ(test, tp->rate_delivered, 10U);
	KUNIT_EXPECT_EQ(test, tp->rate_interval_us, 8000U);
	KUNIT_EXPECT_FALSE(test, (bool)tp->rate_app_limited);

	/* App-limited and lower (5 in 8 ms): not saved. */
	tp->delivered = 120;
	rs = xrt_sample(115, 5000, true);
	xtcp_rate_gen(sock->sk, 1, 0, false, &rs);
	KUNIT_EXPECT_EQ(test, rs.delivered, 5);
	KUNIT_EXPECT_EQ(test, tp->rate_delivered, 10U);
	KUNIT_EXPECT_FALSE(test, (bool)tp->rate_app_limited);

	/* App-limited and equal (10 in 8 ms): saved, marked. */
	rs = xrt_sample(110, 5000, true);
	xtcp_rate_gen(sock->sk, 1, 0, false, &rs);
	KUNIT_EXPECT_EQ(test, tp->rate_delivered, 10U);
	KUNIT_EXPECT_TRUE(test, (bool)tp->rate_app_limited);

	/* App-limited and higher (20 in 8 ms): saved. */
	tp->delivered = 130;
	rs = xrt_sample(110, 5000, true);
	xtcp_rate_gen(sock->sk, 1, 0, false, &rs);
	KUNIT_EXPECT_EQ(test, tp->rate_delivered, 20U);
	KUNIT_EXPECT_EQ(test, tp->rate_interval_us, 8000U);
	KUNIT_EXPECT_TRUE(test, (bool)tp->rate_app_limited);

	/* Not app-limited, lower (2 in 8 ms): saved all the same. */
	rs = xrt_sample(128, 5000, false);
	xtcp_rate_gen(sock->sk, 1, 0, false, &rs);
	KUNIT_EXPECT_EQ(test, tp->rate_delivered, 2U);
	KUNIT_EXPECT_FALSE(test, (bool)tp->rate_app_limited);
	xrt_release(sock);
}

/* A queued skb of @len bytes at @seq, last sent at @sent_us. */
static struct sk_buff *xrt_skb(struct kunit *test, u32 seq, u32 len,
			       u64 sent_us)
{
	struct sk_buff *skb = alloc_skb(0, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, skb);
	XTCP_SKB_CB(skb)->seq = seq;
	XTCP_SKB_CB(skb)->end_seq = seq + len;
	skb->skb_mstamp_ns = sent_us * NSEC_PER_USEC;
	return skb;
}

/*
 * The snapshot at send, and which skb of an ACK gives the sample: three
 * segments sent 1 ms apart with nothing in flight before, then the
 * second SACKed (10 ms after the first send) and the three cumulatively
 * ACKed (12 ms after it).
 */
static void xtcp_rate_skb_test(struct kunit *test)
{
	struct socket *sock = xrt_socket(test);
	struct sock *sk = sock->sk;
	struct xtcp_sock *tp = xtcp_sk(sk);
	struct xrate_sample rs = {};
	struct sk_buff *skb[3];
	int i;

	minmax_reset(&tp->rtt_min, jiffies, 1000);
	tp->app_limited = 0;
	tp->delivered = 50;
	tp->delivered_ce = 2;
	for (i = 0; i < 3; i++) {
		skb[i] = xrt_skb(test, XTCP_KUNIT_ISS + i * XRT_MSS, XRT_MSS,
				 XRT_T0_US + i * 1000);
		xtcp_rate_skb_sent(sk, skb[i]);
		tp->packets_out++;
	}
	/* Nothing was in flight at the first send: the phase starts there. */
	KUNIT_EXPECT_EQ(test, tp->first_tx_mstamp, XRT_T0_US);
	KUNIT_EXPECT_EQ(test, tp->delivered_mstamp, XRT_T0_US);
	for (i = 0; i < 3; i++) {
		struct xtcp_skb_cb *scb = XTCP_SKB_CB(skb[i]);

		KUNIT_EXPECT_EQ(test, scb->tx.first_tx_mstamp, XRT_T0_US);
		KUNIT_EXPECT_EQ(test, scb->tx.delivered_mstamp, XRT_T0_US);
		KUNIT_EXPECT_EQ(test, scb->tx.delivered, 50U);
		KUNIT_EXPECT_EQ(test, (u32)scb->tx.delivered_ce, 2U);
		KUNIT_EXPECT_EQ(test, (u32)scb->tx.is_app_limited, 0U);
	}

	/* The SACK of the second: its send phase is 1 ms. */
	XTCP_SKB_CB(skb[1])->sacked = XTCPCB_SACKED_ACKED;
	xtcp_rate_skb_delivered(sk, skb[1], &rs);
	KUNIT_EXPECT_EQ(test, rs.prior_delivered, 50U);
	KUNIT_EXPECT_EQ(test, rs.prior_delivered_ce, 2U);
	KUNIT_EXPECT_EQ(test, rs.prior_mstamp, XRT_T0_US);
	KUNIT_EXPECT_EQ(test, rs.interval_us, 1000L);
	KUNIT_EXPECT_EQ(test, rs.last_end_seq, XTCP_KUNIT_ISS + 2 * XRT_MSS);
	KUNIT_EXPECT_EQ(test, tp->first_tx_mstamp, XRT_T0_US + 1000);
	/* Used up: its cumulative ACK gives no second sample. */
	KUNIT_EXPECT_EQ(test, XTCP_SKB_CB(skb[1])->tx.delivered_mstamp, 0ULL);
	tp->delivered++;
	xrt_clock(tp, 10000);
	xtcp_rate_gen(sk, 1, 0, false, &rs);
	KUNIT_EXPECT_EQ(test, rs.interval_us, 10000L);

	/*
	 * The cumulative ACK: the first, the first of the ACK to have a
	 * snapshot, gives a sample, then the third, sent later, replaces
	 * it; the second, SACKed, is skipped.
	 */
	memset(&rs, 0, sizeof(rs));
	tp->delivered += 2;
	for (i = 0; i < 3; i++)
		xtcp_rate_skb_delivered(sk, skb[i], &rs);
	KUNIT_EXPECT_EQ(test, rs.last_end_seq, XTCP_KUNIT_ISS + 3 * XRT_MSS);
	KUNIT_EXPECT_EQ(test, rs.interval_us, 2000L);
	KUNIT_EXPECT_EQ(test, tp->first_tx_mstamp, XRT_T0_US + 2000);
	xrt_clock(tp, 12000);
	xtcp_rate_gen(sk, 2, 0, false, &rs);
	KUNIT_EXPECT_EQ(test, rs.delivered, 3);
	KUNIT_EXPECT_EQ(test, rs.interval_us, 12000L);

	/* Sent with segments in flight: the phase start is kept. */
	tp->app_limited = 5;
	kfree_skb(skb[0]);
	skb[0] = xrt_skb(test, XTCP_KUNIT_ISS + 3 * XRT_MSS, XRT_MSS,
			 XRT_T0_US + 13000);
	xtcp_rate_skb_sent(sk, skb[0]);
	KUNIT_EXPECT_EQ(test, XTCP_SKB_CB(skb[0])->tx.first_tx_mstamp,
			XRT_T0_US + 2000);
	KUNIT_EXPECT_EQ(test, XTCP_SKB_CB(skb[0])->tx.delivered_mstamp,
			XRT_T0_US + 12000);
	KUNIT_EXPECT_EQ(test, (u32)XTCP_SKB_CB(skb[0])->tx.is_app_limited, 1U);
	for (i = 0; i < 3; i++)
		kfree_skb(skb[i]);
	tp->packets_out = 0;
	xrt_release(sock);
}

/* A write starts: is the sender application-limited? */
static void xtcp_rate_check_app_limited_test(struct kunit *test)
{
	struct socket *sock = xrt_socket(test);
	struct sock *sk = sock->sk;
	struct xtcp_sock *tp = xtcp_sk(sk);

	tp->delivered = 40;
	tp->packets_out = 4;
	tp->snd_cwnd = 10;

	/* Less than an MSS unsent, cwnd open: limited until 40 + 4. */
	tp->app_limited = 0;
	tp->write_seq = tp->snd_nxt + XRT_MSS - 1;
	xtcp_rate_check_app_limited(sk);
	KUNIT_EXPECT_EQ(test, tp->app_limited, 44U);

	/* A full segment unsent: not limited by the application. */
	tp->app_limited = 0;
	tp->write_seq = tp->snd_nxt + XRT_MSS;
	xtcp_rate_check_app_limited(sk);
	KUNIT_EXPECT_EQ(test, tp->app_limited, 0U);

	/* cwnd full: the network limits. */
	tp->write_seq = tp->snd_nxt;
	tp->snd_cwnd = 4;
	xtcp_rate_check_app_limited(sk);
	KUNIT_EXPECT_EQ(test, tp->app_limited, 0U);

	/* Lost segments not yet resent: recovery limits. */
	tp->snd_cwnd = 10;
	tp->lost_out = 2;
	tp->retrans_out = 1;
	xtcp_rate_check_app_limited(sk);
	KUNIT_EXPECT_EQ(test, tp->app_limited, 0U);
	tp->retrans_out = 2;
	xtcp_rate_check_app_limited(sk);
	KUNIT_EXPECT_EQ(test, tp->app_limited, 44U);

	/* Nothing delivered nor in flight: 1, never 0 (0 means none). */
	tp->app_limited = 0;
	tp->delivered = 0;
	tp->packets_out = 0;
	tp->lost_out = 0;
	tp->retrans_out = 0;
	xtcp_rate_check_app_limited(sk);
	KUNIT_EXPECT_EQ(test, tp->app_limited, 1U);
	xrt_release(sock);
}

/* TCP_INFO's rate: the saved sample in bytes per second. */
static void xtcp_rate_info_test(struct kunit *test)
{
	struct socket *sock = xrt_socket(test);
	struct sock *sk = sock->sk;
	struct xtcp_sock *tp = xtcp_sk(sk);
	struct tcp_info info;

	xtcp_set_state(sk, TCP_ESTABLISHED);
	release_sock(sk);
	/* No sample yet: 0, application-limited (a new connection's). */
	xtcp_get_info(sk, &info);
	KUNIT_EXPECT_EQ(test, info.tcpi_delivery_rate, 0ULL);
	KUNIT_EXPECT_EQ(test, (u32)info.tcpi_delivery_rate_app_limited, 1U);

	/* 10 segments of 1000 bytes in 8 ms: 1,250,000 bytes/s. */
	lock_sock(sk);
	tp->rate_delivered = 10;
	tp->rate_interval_us = 8000;
	tp->rate_app_limited = 0;
	release_sock(sk);
	xtcp_get_info(sk, &info);
	KUNIT_EXPECT_EQ(test, info.tcpi_delivery_rate, 1250000ULL);
	KUNIT_EXPECT_EQ(test, (u32)info.tcpi_delivery_rate_app_limited, 0U);
	lock_sock(sk);
	xrt_release(sock);
}

static struct kunit_case xtcp_rate_cases[] = {
	KUNIT_CASE(xtcp_rate_gen_interval_test),
	KUNIT_CASE(xtcp_rate_gen_invalid_test),
	KUNIT_CASE(xtcp_rate_gen_app_limited_test),
	KUNIT_CASE(xtcp_rate_skb_test),
	KUNIT_CASE(xtcp_rate_check_app_limited_test),
	KUNIT_CASE(xtcp_rate_info_test),
	{}
};

static struct kunit_suite xtcp_rate_suite = {
	.name = "xinet_tcp_rate",
	.test_cases = xtcp_rate_cases,
};

kunit_test_suites(&xtcp_rate_suite);
