// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: TCP data transfer (net/xinet/xtcp*.c): the RTO
 * estimator against RFC 6298, window arithmetic with scaling, the
 * out-of-order queue's insert/merge/trim rules, congestion window
 * evolution, packetization-layer PMTU discovery's search range, and the
 * state machine and urgent pointers driven by
 * crafted segments.
 *
 * The sockets are real AF_XINET TCP sockets of init_net whose state and
 * sequence space are set by hand.  Their peer is an address with no
 * route, so that whatever they answer is built and then dropped at the
 * routing step: segs_out counts it.
 */

#include <kunit/test.h>
#include <linux/in.h>
#include <linux/net.h>
#include <linux/skbuff.h>
#include <net/ip.h>
#include <net/sock.h>
#include <net/tcp_states.h>
#include <linux/xinet.h>
#include <net/xinet/af_xinet.h>
#include <net/xinet/compat.h>
#include <net/xinet/netns.h>
#include <net/xinet/xinet_hashtables.h>
#include <net/xinet/xsnmp.h>
#include <net/xinet/xtcp.h>

#include "xtcp_kunit.h"

/* Our and the peer's sequence numbers in every crafted exchange. */
#define XT_ISS		XTCP_KUNIT_ISS
#define XT_IRS		XTCP_KUNIT_IRS

static struct socket *xtcp_test_sock(struct kunit *test)
{
	struct socket *sock;

	KUNIT_ASSERT_EQ(test, sock_create_kern(&init_net, xinet_family,
					       SOCK_STREAM, IPPROTO_TCP, &sock),
			0);
	return sock;
}

/* Put @sock in @state with a synchronized sequence space. */
static void xtcp_test_setup(struct socket *sock, int state)
{
	struct sock *sk = sock->sk;
	struct xtcp_sock *tp = xtcp_sk(sk);

	lock_sock(sk);
	xtcp_kunit_sync(sk, 1000);
	/* Closing states have sent a FIN that is not acknowledged yet. */
	if ((1 << state) & (TCPF_FIN_WAIT1 | TCPF_CLOSING | TCPF_LAST_ACK)) {
		tp->snd_nxt = XT_ISS + 1;
		tp->write_seq = XT_ISS + 1;
	}
	/* FIN_WAIT2: our FIN is acknowledged. */
	if (state == TCP_FIN_WAIT2) {
		tp->snd_una = XT_ISS + 1;
		tp->snd_nxt = XT_ISS + 1;
		tp->write_seq = XT_ISS + 1;
	}
	/* SYN_SENT: our SYN is out, nothing received. */
	if (state == TCP_SYN_SENT) {
		tp->snd_una = XT_ISS - 1;
		tp->rcv_nxt = 0;
		tp->rcv_wup = 0;
		tp->copied_seq = 0;
	}
	if ((1 << state) & (TCPF_FIN_WAIT2 | TCPF_CLOSE_WAIT | TCPF_CLOSING |
			    TCPF_LAST_ACK))
		sk->sk_shutdown |= (state == TCP_FIN_WAIT2 ? SEND_SHUTDOWN :
				    state == TCP_CLOSE_WAIT ? RCV_SHUTDOWN :
				    SHUTDOWN_MASK);
	/* Through xtcp_set_state(): CurrEstab stays balanced. */
	xtcp_set_state(sk, state);
	release_sock(sk);
}

/* A segment as xtcp_v4_rcv() hands it over: header at skb->data. */
static struct sk_buff *xtcp_test_seg(struct kunit *test, u32 seq, u32 ack,
				     u8 flags, unsigned int len)
{
	struct sk_buff *skb;
	struct tcphdr *th;

	skb = alloc_skb(MAX_HEADER + sizeof(*th) + len, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, skb);
	skb_reserve(skb, MAX_HEADER);
	th = skb_put_zero(skb, sizeof(*th));
	skb_reset_transport_header(skb);
	if (len)
		memset(skb_put(skb, len), 'x', len);
	th->source = htons(80);
	th->dest = htons(40000);
	th->seq = htonl(seq);
	th->ack_seq = htonl(ack);
	th->doff = sizeof(*th) / 4;
	*(((__be16 *)th) + 6) |= htons(flags);
	th->window = htons(65535);
	XTCP_SKB_CB(skb)->seq = seq;
	XTCP_SKB_CB(skb)->end_seq = seq + len + !!(flags & XTCPHDR_SYN) +
				    !!(flags & XTCPHDR_FIN);
	XTCP_SKB_CB(skb)->ack_seq = ack;
	XTCP_SKB_CB(skb)->tcp_flags = flags;
	return skb;
}

/* Feed @skb as xtcp_v4_do_rcv() does; frees it when a reset is asked. */
/*
 * Feed @skb to @sk as softirq input does.  @segs_out, if given, gets the
 * socket's segs_out count before the socket lock and softirqs are let go:
 * a delayed-ACK timer that expired while a slow guest processed the
 * segment fires at local_bh_enable(), and its ACK is not the segment's.
 */
static int xtcp_test_rcv_count(struct sock *sk, struct sk_buff *skb,
			       u32 *segs_out)
{
	int ret = 0;

	local_bh_disable();
	bh_lock_sock(sk);
	if (sk->sk_state == TCP_ESTABLISHED) {
		xtcp_rcv_established(sk, skb);
	} else {
		ret = xtcp_rcv_state_process(sk, skb);
		if (ret)
			kfree_skb(skb);
	}
	if (segs_out)
		*segs_out = xtcp_sk(sk)->segs_out;
	bh_unlock_sock(sk);
	local_bh_enable();
	return ret;
}

static int xtcp_test_rcv(struct sock *sk, struct sk_buff *skb)
{
	return xtcp_test_rcv_count(sk, skb, NULL);
}

/* --- RTO (RFC 6298) --------------------------------------------------- */

static void xtcp_rto_first_sample_test(struct kunit *test)
{
	struct socket *sock = xtcp_test_sock(test);
	struct sock *sk = sock->sk;
	struct xtcp_sock *tp = xtcp_sk(sk);

	/* 2.2: SRTT = R, RTTVAR = R/2, RTO = SRTT + 4 RTTVAR = 3 R. */
	xtcp_rtt_estimator(sk, 1000000);
	xtcp_set_rto(sk);
	KUNIT_EXPECT_EQ(test, tp->srtt_us >> 3, 1000000U);
	KUNIT_EXPECT_EQ(test, tp->mdev_us >> 2, 500000U);
	KUNIT_EXPECT_EQ(test, xinet_csk(sk)->icsk_rto, usecs_to_jiffies(3000000));

	/* A small RTT: Linux's 200 ms floor stands for RFC's G and 1 s. */
	tp->srtt_us = 0;
	xtcp_rtt_estimator(sk, 1000);
	xtcp_set_rto(sk);
	KUNIT_EXPECT_EQ(test, xinet_csk(sk)->icsk_rto, usecs_to_jiffies(201000));
	sock_release(sock);
}

static void xtcp_rto_second_sample_test(struct kunit *test)
{
	struct socket *sock = xtcp_test_sock(test);
	struct sock *sk = sock->sk;
	struct xtcp_sock *tp = xtcp_sk(sk);

	/*
	 * 2.3 with alpha 1/8, beta 1/4: after R = 1 s, R' = 2 s
	 * RTTVAR = 3/4 * 0.5 + 1/4 * |1 - 2| = 0.625 s,
	 * SRTT = 7/8 * 1 + 1/8 * 2 = 1.125 s, RTO = 1.125 + 4 * 0.625.
	 */
	xtcp_rtt_estimator(sk, 1000000);
	xtcp_rtt_estimator(sk, 2000000);
	xtcp_set_rto(sk);
	KUNIT_EXPECT_EQ(test, tp->srtt_us >> 3, 1125000U);
	KUNIT_EXPECT_EQ(test, tp->mdev_us >> 2, 625000U);
	KUNIT_EXPECT_EQ(test, xinet_csk(sk)->icsk_rto, usecs_to_jiffies(3625000));

	/* An equal sample: RTTVAR falls to 3/4, SRTT stays. */
	tp->srtt_us = 0;
	xtcp_rtt_estimator(sk, 1000000);
	xtcp_rtt_estimator(sk, 1000000);
	KUNIT_EXPECT_EQ(test, tp->srtt_us >> 3, 1000000U);
	KUNIT_EXPECT_EQ(test, tp->mdev_us >> 2, 375000U);
	/* Linux holds the bound at the round's largest until it ends. */
	xtcp_set_rto(sk);
	KUNIT_EXPECT_EQ(test, xinet_csk(sk)->icsk_rto, usecs_to_jiffies(3000000));
	sock_release(sock);
}

static void xtcp_rto_converges_test(struct kunit *test)
{
	struct socket *sock = xtcp_test_sock(test);
	struct sock *sk = sock->sk;
	struct xtcp_sock *tp = xtcp_sk(sk);
	int i;

	/* A steady 50 ms path: RTO settles at SRTT + the 200 ms floor. */
	for (i = 0; i < 200; i++) {
		tp->snd_una = i * 10 + 1;
		tp->snd_nxt = i * 10 + 10;
		xtcp_rtt_estimator(sk, 50000);
	}
	xtcp_set_rto(sk);
	KUNIT_EXPECT_EQ(test, tp->srtt_us >> 3, 50000U);
	KUNIT_EXPECT_EQ(test, xinet_csk(sk)->icsk_rto, usecs_to_jiffies(250000));
	/* Exponential backoff, capped at XTCP_RTO_MAX (5.5). */
	xinet_csk(sk)->icsk_backoff = 3;
	KUNIT_EXPECT_EQ(test, xinet_csk_rto_backoff(xinet_csk(sk), XTCP_RTO_MAX),
			(unsigned long)usecs_to_jiffies(250000) << 3);
	xinet_csk(sk)->icsk_backoff = 12;
	KUNIT_EXPECT_EQ(test, xinet_csk_rto_backoff(xinet_csk(sk), XTCP_RTO_MAX),
			(unsigned long)XTCP_RTO_MAX);
	xinet_csk(sk)->icsk_backoff = 0;
	sock_release(sock);
}

/*
 * Backoff counters grow as far as tcp_retries2 or tcp_synack_retries
 * let them (255): every doubling stays defined and capped.  x86 masks a
 * 64-bit shift count to 6 bits, so an uncapped shift by 64 would give
 * the base back here instead of the cap.
 */
static void xtcp_backoff_cap_test(struct kunit *test)
{
	struct socket *sock = xtcp_test_sock(test);
	struct xinet_connection_sock *icsk = xinet_csk(sock->sk);
	unsigned long prev = 0, when;
	unsigned int shift;

	for (shift = 0; shift <= 255; shift++) {
		when = xinet_backoff_when(XTCP_TIMEOUT_INIT, shift,
					  XTCP_RTO_MAX);
		KUNIT_EXPECT_GE_MSG(test, when, prev, "shift %u", shift);
		KUNIT_EXPECT_LE_MSG(test, when, (unsigned long)XTCP_RTO_MAX,
				    "shift %u", shift);
		if (shift < 6)
			KUNIT_EXPECT_EQ(test, when,
					(unsigned long)XTCP_TIMEOUT_INIT << shift);
		prev = when;
	}
	KUNIT_EXPECT_EQ(test, prev, (unsigned long)XTCP_RTO_MAX);

	/* The RTO (and the zero-window probe, same helper) at the limit. */
	icsk->icsk_rto = XTCP_RTO_MIN;
	for (shift = 60; shift <= 255; shift++) {
		icsk->icsk_backoff = shift;
		KUNIT_EXPECT_EQ_MSG(test, xinet_csk_rto_backoff(icsk, XTCP_RTO_MAX),
				    (unsigned long)XTCP_RTO_MAX, "backoff %u", shift);
	}
	icsk->icsk_backoff = 0;
	sock_release(sock);
}

/* --- windows ---------------------------------------------------------- */

struct xtcp_initwin_case {
	int space;
	u32 mss;
	int wscale_ok;
	u32 want_wnd;
	u8 want_wscale;
};

static void xtcp_initial_window_test(struct kunit *test)
{
	struct xinet_net *xn = xinet_net(&init_net);
	int rmem_max = max_t(int, READ_ONCE(xn->sysctl_tcp_rmem[2]),
			     READ_ONCE(sysctl_rmem_max));
	u8 ws_max = clamp_t(int, ilog2(rmem_max) - 15, 0, 14);
	const struct xtcp_initwin_case cases[] = {
		/* Whole segments of the space, scaled for the maximum buffer. */
		{ 65536, 1460, 1, 44 * 1460, ws_max },
		/* No scaling: the same window, which fits 16 bits. */
		{ 65536, 1460, 0, 44 * 1460, 0 },
		/* Loopback MSS: whole segments of a large space. */
		{ 1 << 20, 65483, 1, 16 * 65483, ws_max },
		/* A tiny buffer: whole segments of what there is. */
		{ 3000, 1000, 0, 3000, 0 },
		{ 2500, 1000, 0, 2000, 0 },
	};
	struct socket *sock = xtcp_test_sock(test);
	int i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		u32 wnd = 0, clamp = 0;
		u8 ws = 0xff;

		xtcp_select_initial_window(sock->sk, cases[i].space,
					   cases[i].mss, &wnd, &clamp,
					   cases[i].wscale_ok, &ws, 0);
		KUNIT_EXPECT_EQ_MSG(test, wnd, cases[i].want_wnd, "case %d", i);
		KUNIT_EXPECT_EQ_MSG(test, ws, cases[i].want_wscale, "case %d", i);
		KUNIT_EXPECT_EQ_MSG(test, clamp, 65535U << ws, "case %d", i);
		/* A route's initrwnd caps the window at that many segments. */
		wnd = 0;
		clamp = 0;
		xtcp_select_initial_window(sock->sk, cases[i].space,
					   cases[i].mss, &wnd, &clamp,
					   cases[i].wscale_ok, &ws, 2);
		KUNIT_EXPECT_EQ_MSG(test, wnd,
				    min(cases[i].want_wnd, 2 * cases[i].mss),
				    "case %d", i);
		/* The window of a SYN fits its 16 bits. */
		KUNIT_EXPECT_LE_MSG(test, wnd, 65535U << ws, "case %d", i);
	}
	sock_release(sock);
}

/*
 * The window a buffer holds and the buffer a window needs, in 256ths of
 * payload per byte charged (tcp_win_from_space(), tcp_space_from_win()),
 * for the ratios Linux 6.12 measures: half before any segment (128),
 * 1000-byte segments in 2,304-byte skbs (111), a 64 KiB loopback segment
 * in a 69,376-byte skb (241), and the least (1).  Values as Linux's
 * fixed point gives them.
 */
static void xtcp_scaling_ratio_test(struct kunit *test)
{
	static const struct {
		u8 ratio;
		int space, win;
	} cases[] = {
		{ 128, 1 << 20, 1 << 19 },
		{ 128, 131072, 65536 },
		{ 111, 131072, 56832 },
		{ 111, 6291456, 2727936 },
		{ 241, 131072, 123392 },
		{ 1, 131072, 512 },
		{ 128, 0, 0 },
	};
	int i;

	KUNIT_EXPECT_EQ(test, XTCP_DEFAULT_SCALING_RATIO, 128);
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		KUNIT_EXPECT_EQ_MSG(test, __xtcp_win_from_space(cases[i].ratio,
								cases[i].space),
				    cases[i].win, "case %d", i);
		/* Back to the same buffer: these windows divide exactly. */
		KUNIT_EXPECT_EQ_MSG(test, __xtcp_space_from_win(cases[i].ratio,
								cases[i].win),
				    cases[i].space, "case %d", i);
	}
	/* Rounding: down both ways, as Linux's shifts and do_div(). */
	KUNIT_EXPECT_EQ(test, __xtcp_win_from_space(111, 1000), 433);
	KUNIT_EXPECT_EQ(test, __xtcp_space_from_win(111, 433), 998);
}

static void xtcp_select_window_test(struct kunit *test)
{
	struct socket *sock = xtcp_test_sock(test);
	struct sock *sk = sock->sk;
	struct xtcp_sock *tp = xtcp_sk(sk);
	u32 win;

	xtcp_test_setup(sock, TCP_ESTABLISHED);
	WRITE_ONCE(sk->sk_rcvbuf, 1 << 20);
	tp->window_clamp = 1 << 20;
	tp->rcv_ssthresh = 1 << 20;
	tp->rx_opt.rcv_wscale = 7;
	xinet_csk(sk)->icsk_ack.rcv_mss = 1460;

	/* An empty buffer offers half of it, a multiple of the scale. */
	win = __xtcp_select_window(sk);
	KUNIT_EXPECT_EQ(test, win, (u32)xtcp_win_from_space(sk, 1 << 20));
	KUNIT_EXPECT_EQ(test, win % 128, 0U);

	/* rcv_ssthresh bounds it while the window grows. */
	tp->rcv_ssthresh = 100000;
	win = __xtcp_select_window(sk);
	KUNIT_EXPECT_EQ(test, win, (u32)ALIGN(100000, 128));

	/* Receiver SWS avoidance: less than an MSS free offers nothing. */
	tp->rcv_ssthresh = 1 << 20;
	atomic_set(&sk->sk_rmem_alloc, (1 << 20) - 2000);
	KUNIT_EXPECT_EQ(test, __xtcp_select_window(sk), 0U);
	atomic_set(&sk->sk_rmem_alloc, 0);

	/* Unscaled: whole segments. */
	tp->rx_opt.rcv_wscale = 0;
	tp->window_clamp = 65535;
	tp->rcv_ssthresh = 65535;
	tp->rcv_wnd = 0;
	win = __xtcp_select_window(sk);
	KUNIT_EXPECT_EQ(test, win % 1460, 0U);
	KUNIT_EXPECT_LE(test, win, 65535U);
	xtcp_kunit_release(sock);
}

/* --- the out-of-order queue ------------------------------------------ */

struct xtcp_ofo_case {
	const char *name;
	u32 segs[6][2];		/* inserted in this order; {0, 0} ends */
	u32 want[6][2];		/* the tree afterwards, in order */
};

static const struct xtcp_ofo_case xtcp_ofo_cases[] = {
	{ "disjoint", { {1100, 1200}, {1300, 1400} },
	  { {1100, 1200}, {1300, 1400} } },
	{ "reverse order", { {1300, 1400}, {1100, 1200} },
	  { {1100, 1200}, {1300, 1400} } },
	{ "adjacent merge", { {1100, 1200}, {1200, 1300} },
	  { {1100, 1300} } },
	{ "same start, longer replaces", { {1100, 1200}, {1100, 1300} },
	  { {1100, 1300} } },
	{ "covered is dropped", { {1100, 1300}, {1150, 1250} },
	  { {1100, 1300} } },
	{ "exact duplicate is dropped", { {1100, 1200}, {1100, 1200} },
	  { {1100, 1200} } },
	{ "covering removes right", { {1300, 1400}, {1500, 1600}, {1250, 1700} },
	  { {1250, 1700} } },
	{ "partial overlap kept", { {1100, 1200}, {1150, 1250} },
	  { {1100, 1200}, {1150, 1250} } },
	{ "cover everything", { {1500, 1600}, {1100, 1200}, {1300, 1400},
				{1050, 1700} },
	  { {1050, 1700} } },
	{ "fill between", { {1100, 1200}, {1300, 1400}, {1200, 1300} },
	  { {1100, 1300}, {1300, 1400} } },
};

static void xtcp_ofo_table_test(struct kunit *test)
{
	int c;

	for (c = 0; c < ARRAY_SIZE(xtcp_ofo_cases); c++) {
		const struct xtcp_ofo_case *tc = &xtcp_ofo_cases[c];
		struct socket *sock = xtcp_test_sock(test);
		struct sock *sk = sock->sk;
		struct xtcp_sock *tp = xtcp_sk(sk);
		struct rb_node *p;
		int i;

		xtcp_test_setup(sock, TCP_ESTABLISHED);
		lock_sock(sk);
		for (i = 0; i < 6 && tc->segs[i][1]; i++) {
			struct sk_buff *skb;

			skb = xtcp_test_seg(test, tc->segs[i][0], XT_ISS,
					    XTCPHDR_ACK,
					    tc->segs[i][1] - tc->segs[i][0]);
			__skb_pull(skb, sizeof(struct tcphdr));
			xtcp_data_queue_ofo(sk, skb);
		}
		p = rb_first(&tp->out_of_order_queue);
		for (i = 0; i < 6 && tc->want[i][1]; i++) {
			struct sk_buff *skb;

			KUNIT_ASSERT_NOT_NULL_MSG(test, p, "%s: %d missing",
						  tc->name, i);
			skb = rb_to_skb(p);
			KUNIT_EXPECT_EQ_MSG(test, XTCP_SKB_CB(skb)->seq,
					    tc->want[i][0], "%s: %d", tc->name, i);
			KUNIT_EXPECT_EQ_MSG(test, XTCP_SKB_CB(skb)->end_seq,
					    tc->want[i][1], "%s: %d", tc->name, i);
			KUNIT_EXPECT_EQ_MSG(test, skb->len,
					    tc->want[i][1] - tc->want[i][0],
					    "%s: %d", tc->name, i);
			p = rb_next(p);
		}
		KUNIT_EXPECT_NULL_MSG(test, p, "%s: extra segments", tc->name);
		/* The fast-path pointer is the last segment. */
		p = rb_last(&tp->out_of_order_queue);
		KUNIT_EXPECT_PTR_EQ_MSG(test, tp->ooo_last_skb,
					p ? rb_to_skb(p) : NULL, "%s", tc->name);
		release_sock(sk);
		xtcp_kunit_release(sock);
	}
}

static void xtcp_ofo_deliver_test(struct kunit *test)
{
	struct socket *sock = xtcp_test_sock(test);
	struct sock *sk = sock->sk;
	struct xtcp_sock *tp = xtcp_sk(sk);
	u32 segs[][2] = { {1100, 1200}, {1150, 1250}, {1300, 1400}, {1250, 1260} };
	struct sk_buff *skb;
	int i;

	xtcp_test_setup(sock, TCP_ESTABLISHED);
	lock_sock(sk);
	for (i = 0; i < ARRAY_SIZE(segs); i++) {
		skb = xtcp_test_seg(test, segs[i][0], XT_ISS, XTCPHDR_ACK,
				    segs[i][1] - segs[i][0]);
		__skb_pull(skb, sizeof(struct tcphdr));
		xtcp_data_queue_ofo(sk, skb);
	}
	/* Nothing moves while the hole at 1000 is open. */
	xtcp_ofo_queue(sk);
	KUNIT_EXPECT_EQ(test, tp->rcv_nxt, XT_IRS);
	KUNIT_EXPECT_TRUE(test, skb_queue_empty(&sk->sk_receive_queue));
	release_sock(sk);

	/* The hole fills: everything up to the next hole (1260) follows. */
	skb = xtcp_test_seg(test, XT_IRS, XT_ISS, XTCPHDR_ACK, 100);
	KUNIT_EXPECT_EQ(test, xtcp_test_rcv(sk, skb), 0);
	KUNIT_EXPECT_EQ(test, tp->rcv_nxt, 1260U);
	KUNIT_EXPECT_EQ(test, tp->bytes_received, 260ULL);
	KUNIT_EXPECT_NOT_NULL(test, rb_first(&tp->out_of_order_queue));
	KUNIT_EXPECT_PTR_EQ(test, tp->ooo_last_skb,
			    rb_to_skb(rb_first(&tp->out_of_order_queue)));

	/* The bytes read back in order, overlaps trimmed. */
	{
		struct msghdr msg = {};
		struct kvec iov;
		char *buf = kunit_kzalloc(test, 400, GFP_KERNEL);
		int n, addr_len = 0;

		KUNIT_ASSERT_NOT_NULL(test, buf);
		iov.iov_base = buf;
		iov.iov_len = 400;
		iov_iter_kvec(&msg.msg_iter, READ, &iov, 1, 400);
		n = xtcp_recvmsg(sk, &msg, 400, MSG_DONTWAIT, &addr_len);
		KUNIT_EXPECT_EQ(test, n, 260);
		KUNIT_EXPECT_EQ(test, tp->copied_seq, 1260U);
		KUNIT_EXPECT_EQ(test, buf[259], 'x');
		/* Nothing more: EAGAIN, not EOF. */
		iov_iter_kvec(&msg.msg_iter, READ, &iov, 1, 400);
		n = xtcp_recvmsg(sk, &msg, 400, MSG_DONTWAIT, &addr_len);
		KUNIT_EXPECT_EQ(test, n, -EAGAIN);
	}
	xtcp_kunit_release(sock);
}

/* --- congestion control ----------------------------------------------- */

static void xtcp_cwnd_script_test(struct kunit *test)
{
	struct socket *sock = xtcp_test_sock(test);
	struct sock *sk = sock->sk;
	struct xtcp_sock *tp = xtcp_sk(sk);
	int i;

	/* A Reno script: the namespace's default is CUBIC. */
	KUNIT_ASSERT_EQ(test, xtcp_setsockopt(sk, SOL_TCP, TCP_CONGESTION,
					      KERNEL_SOCKPTR("reno"), 4), 0);
	tp->snd_cwnd = XTCP_INIT_CWND;
	tp->snd_ssthresh = XTCP_INFINITE_SSTHRESH;
	tp->snd_cwnd_clamp = ~0U;

	/* An application-limited sender does not grow its window. */
	tp->is_cwnd_limited = 0;
	xtcp_reno_cong_avoid(sk, 0, 10);
	KUNIT_EXPECT_EQ(test, tp->snd_cwnd, 10U);

	/* Slow start: one segment per segment acknowledged. */
	tp->is_cwnd_limited = 1;
	xtcp_reno_cong_avoid(sk, 0, 10);
	KUNIT_EXPECT_EQ(test, tp->snd_cwnd, 20U);
	xtcp_reno_cong_avoid(sk, 0, 20);
	KUNIT_EXPECT_EQ(test, tp->snd_cwnd, 40U);

	/* Three dupACKs: ssthresh = cwnd / 2. */
	tp->snd_ssthresh = xtcp_reno_ssthresh(sk);
	KUNIT_EXPECT_EQ(test, tp->snd_ssthresh, 20U);
	tp->snd_cwnd = tp->snd_ssthresh;

	/* Congestion avoidance: one segment per window acknowledged. */
	for (i = 0; i < 20; i++)
		xtcp_reno_cong_avoid(sk, 0, 1);
	KUNIT_EXPECT_EQ(test, tp->snd_cwnd, 21U);
	for (i = 0; i < 21; i++)
		xtcp_reno_cong_avoid(sk, 0, 1);
	KUNIT_EXPECT_EQ(test, tp->snd_cwnd, 22U);

	/* Slow start stops at ssthresh, the rest is linear. */
	tp->snd_cwnd = 8;
	tp->snd_ssthresh = 10;
	tp->snd_cwnd_cnt = 0;
	xtcp_reno_cong_avoid(sk, 0, 5);
	KUNIT_EXPECT_EQ(test, tp->snd_cwnd, 10U);
	KUNIT_EXPECT_EQ(test, tp->snd_cwnd_cnt, 3U);

	/* A timeout: one segment, ssthresh halves, the Loss state. */
	tp->snd_cwnd = 30;
	tp->snd_ssthresh = XTCP_INFINITE_SSTHRESH;
	lock_sock(sk);
	xtcp_enter_loss(sk);
	release_sock(sk);
	KUNIT_EXPECT_EQ(test, tp->snd_cwnd, 1U);
	KUNIT_EXPECT_EQ(test, tp->snd_ssthresh, 15U);
	KUNIT_EXPECT_EQ(test, (int)xinet_csk(sk)->icsk_ca_state, XTCP_CA_Loss);
	/* The floor of ssthresh is two segments. */
	tp->snd_cwnd = 3;
	KUNIT_EXPECT_EQ(test, xtcp_reno_ssthresh(sk), 2U);
	sock_release(sock);
}

static void xtcp_cong_registry_test(struct kunit *test)
{
	struct socket *sock = xtcp_test_sock(test);
	char buf[64] = "";
	sockptr_t val;

	xtcp_get_available_congestion_control(buf, sizeof(buf));
	KUNIT_EXPECT_STREQ(test, buf, "reno cubic");
	xtcp_get_allowed_congestion_control(buf, sizeof(buf));
	KUNIT_EXPECT_STREQ(test, buf, "reno cubic");
	/* init_net's default, as Linux's CONFIG_DEFAULT_TCP_CONG. */
	KUNIT_EXPECT_STREQ(test, xinet_csk(sock->sk)->icsk_ca_ops->name,
			   "cubic");

	val = KERNEL_SOCKPTR("nonesuch");
	KUNIT_EXPECT_EQ(test, xtcp_setsockopt(sock->sk, SOL_TCP, TCP_CONGESTION,
					      val, 8), -ENOENT);
	val = KERNEL_SOCKPTR("reno");
	KUNIT_EXPECT_EQ(test, xtcp_setsockopt(sock->sk, SOL_TCP, TCP_CONGESTION,
					      val, 4), 0);
	sock_release(sock);
}

/* --- the state machine ------------------------------------------------ */

struct xtcp_fsm_case {
	const char *name;
	int state;
	u32 seq;
	u32 ack;
	u8 flags;
	unsigned int len;
	int want_state;
	int want_ret;		/* nonzero: the caller must send a reset */
	int want_err;		/* sk_err afterwards */
	int want_out;		/* segments we answered with */
};

#define A	XTCPHDR_ACK
#define S	XTCPHDR_SYN
#define F	XTCPHDR_FIN
#define R	XTCPHDR_RST

static const struct xtcp_fsm_case xtcp_fsm_cases[] = {
	/* SYN_SENT (RFC 9293 3.10.7.3) */
	{ "syn_sent syn-ack", TCP_SYN_SENT, XT_IRS - 1, XT_ISS, S | A, 0,
	  TCP_ESTABLISHED, 0, 0, 1 },
	{ "syn_sent syn (simultaneous open)", TCP_SYN_SENT, XT_IRS - 1, 0, S, 0,
	  TCP_SYN_RECV, 0, 0, 0 },
	{ "syn_sent rst-ack", TCP_SYN_SENT, 0, XT_ISS, R | A, 0,
	  TCP_CLOSE, 0, ECONNREFUSED, 0 },
	{ "syn_sent rst without ack ignored", TCP_SYN_SENT, 0, 0, R, 0,
	  TCP_SYN_SENT, 0, 0, 0 },
	{ "syn_sent bad ack resets", TCP_SYN_SENT, 0, XT_ISS + 10, A, 0,
	  TCP_SYN_SENT, 1, 0, 0 },
	{ "syn_sent rst with bad ack ignored", TCP_SYN_SENT, 0, XT_ISS + 10,
	  R | A, 0, TCP_SYN_SENT, 0, 0, 0 },
	{ "syn_sent fin ignored", TCP_SYN_SENT, 0, 0, F, 0,
	  TCP_SYN_SENT, 0, 0, 0 },
	/* SYN_RECV: the handshake's last ACK */
	{ "syn_recv ack", TCP_SYN_RECV, XT_IRS, XT_ISS, A, 0,
	  TCP_ESTABLISHED, 0, 0, 0 },
	{ "syn_recv ack of unsent resets", TCP_SYN_RECV, XT_IRS, XT_ISS + 5,
	  A, 0, TCP_SYN_RECV, 1, 0, 0 },
	{ "syn_recv rst", TCP_SYN_RECV, XT_IRS, 0, R, 0,
	  TCP_CLOSE, 0, ECONNRESET, 0 },
	{ "syn_recv fin-ack", TCP_SYN_RECV, XT_IRS, XT_ISS, F | A, 0,
	  TCP_CLOSE_WAIT, 0, 0, 0 },
	/* ESTABLISHED: RFC 5961 */
	{ "established exact rst", TCP_ESTABLISHED, XT_IRS, 0, R, 0,
	  TCP_CLOSE, 0, ECONNRESET, 0 },
	{ "established in-window rst: challenge", TCP_ESTABLISHED,
	  XT_IRS + 100, 0, R, 0, TCP_ESTABLISHED, 0, 0, 1 },
	{ "established out-of-window rst ignored", TCP_ESTABLISHED,
	  XT_IRS + 200000, 0, R, 0, TCP_ESTABLISHED, 0, 0, 0 },
	{ "established syn: challenge", TCP_ESTABLISHED, XT_IRS, 0, S, 0,
	  TCP_ESTABLISHED, 0, 0, 1 },
	/* The ACK of a FIN is delayed, as Linux delays it. */
	{ "established fin", TCP_ESTABLISHED, XT_IRS, XT_ISS, F | A, 0,
	  TCP_CLOSE_WAIT, 0, 0, 0 },
	{ "established data and fin", TCP_ESTABLISHED, XT_IRS, XT_ISS,
	  F | A, 10, TCP_CLOSE_WAIT, 0, 0, 0 },
	{ "established data: quick ACK", TCP_ESTABLISHED, XT_IRS, XT_ISS,
	  A, 10, TCP_ESTABLISHED, 0, 0, 1 },
	{ "established out-of-order data: immediate ACK", TCP_ESTABLISHED,
	  XT_IRS + 100, XT_ISS, A, 10, TCP_ESTABLISHED, 0, 0, 1 },
	{ "established beyond the window: ACK", TCP_ESTABLISHED,
	  XT_IRS + 70000, XT_ISS, A, 10, TCP_ESTABLISHED, 0, 0, 1 },
	{ "established old segment: dupack", TCP_ESTABLISHED, XT_IRS - 500,
	  XT_ISS, A, 100, TCP_ESTABLISHED, 0, 0, 1 },
	{ "established ack of unsent dropped", TCP_ESTABLISHED, XT_IRS,
	  XT_ISS + 10, A, 0, TCP_ESTABLISHED, 0, 0, 0 },
	{ "established segment without ack dropped", TCP_ESTABLISHED, XT_IRS,
	  0, 0, 10, TCP_ESTABLISHED, 0, 0, 0 },
	/* FIN_WAIT1 */
	{ "fin_wait1 ack of fin", TCP_FIN_WAIT1, XT_IRS, XT_ISS + 1, A, 0,
	  TCP_FIN_WAIT2, 0, 0, 0 },
	{ "fin_wait1 fin (simultaneous close)", TCP_FIN_WAIT1, XT_IRS, XT_ISS,
	  F | A, 0, TCP_CLOSING, 0, 0, 1 },
	{ "fin_wait1 rst", TCP_FIN_WAIT1, XT_IRS, 0, R, 0,
	  TCP_CLOSE, 0, ECONNRESET, 0 },
	{ "fin_wait1 syn: challenge", TCP_FIN_WAIT1, XT_IRS, 0, S, 0,
	  TCP_FIN_WAIT1, 0, 0, 1 },
	/* FIN_WAIT2 (its FIN leads to TIME_WAIT, a mini-sock) */
	{ "fin_wait2 ack", TCP_FIN_WAIT2, XT_IRS, XT_ISS + 1, A, 0,
	  TCP_FIN_WAIT2, 0, 0, 0 },
	{ "fin_wait2 rst", TCP_FIN_WAIT2, XT_IRS, 0, R, 0,
	  TCP_CLOSE, 0, ECONNRESET, 0 },
	{ "fin_wait2 syn: challenge", TCP_FIN_WAIT2, XT_IRS, 0, S, 0,
	  TCP_FIN_WAIT2, 0, 0, 1 },
	/* CLOSE_WAIT */
	{ "close_wait fin again", TCP_CLOSE_WAIT, XT_IRS - 1, XT_ISS, F | A, 0,
	  TCP_CLOSE_WAIT, 0, 0, 1 },
	{ "close_wait rst", TCP_CLOSE_WAIT, XT_IRS, 0, R, 0,
	  TCP_CLOSE, 0, EPIPE, 0 },
	{ "close_wait syn: challenge", TCP_CLOSE_WAIT, XT_IRS, 0, S, 0,
	  TCP_CLOSE_WAIT, 0, 0, 1 },
	/* CLOSING */
	{ "closing rst", TCP_CLOSING, XT_IRS, 0, R, 0,
	  TCP_CLOSE, 0, ECONNRESET, 0 },
	{ "closing ack of nothing new", TCP_CLOSING, XT_IRS, XT_ISS, A, 0,
	  TCP_CLOSING, 0, 0, 0 },
	{ "closing syn: challenge", TCP_CLOSING, XT_IRS, 0, S, 0,
	  TCP_CLOSING, 0, 0, 1 },
	/* LAST_ACK */
	{ "last_ack ack of fin", TCP_LAST_ACK, XT_IRS, XT_ISS + 1, A, 0,
	  TCP_CLOSE, 0, 0, 0 },
	{ "last_ack rst", TCP_LAST_ACK, XT_IRS, 0, R, 0,
	  TCP_CLOSE, 0, ECONNRESET, 0 },
	{ "last_ack fin again", TCP_LAST_ACK, XT_IRS - 1, XT_ISS, F | A, 0,
	  TCP_LAST_ACK, 0, 0, 1 },
	{ "last_ack syn: challenge", TCP_LAST_ACK, XT_IRS, 0, S, 0,
	  TCP_LAST_ACK, 0, 0, 1 },
	/* CLOSE */
	{ "close anything dropped", TCP_CLOSE, XT_IRS, XT_ISS, A, 10,
	  TCP_CLOSE, 0, 0, 0 },
};

#undef A
#undef S
#undef F
#undef R

static void xtcp_fsm_table_test(struct kunit *test)
{
	int c;

	for (c = 0; c < ARRAY_SIZE(xtcp_fsm_cases); c++) {
		const struct xtcp_fsm_case *tc = &xtcp_fsm_cases[c];
		struct socket *sock = xtcp_test_sock(test);
		struct sock *sk = sock->sk;
		u32 segs_out, segs_after;
		int ret;

		xtcp_test_setup(sock, tc->state);
		segs_out = xtcp_sk(sk)->segs_out;
		ret = xtcp_test_rcv_count(sk, xtcp_test_seg(test, tc->seq, tc->ack,
							    tc->flags, tc->len),
					  &segs_after);
		KUNIT_EXPECT_EQ_MSG(test, sk->sk_state, tc->want_state,
				    "%s", tc->name);
		KUNIT_EXPECT_EQ_MSG(test, !!ret, tc->want_ret, "%s", tc->name);
		KUNIT_EXPECT_EQ_MSG(test, sk->sk_err, tc->want_err, "%s",
				    tc->name);
		KUNIT_EXPECT_EQ_MSG(test, segs_after - segs_out,
				    (u32)tc->want_out, "%s", tc->name);
		xtcp_kunit_release(sock);
	}
}

static void xtcp_challenge_ack_limit_test(struct kunit *test)
{
	struct socket *sock = xtcp_test_sock(test);
	struct sock *sk = sock->sk;
	u32 segs_out;

	/* One challenge ACK per socket per half second, as Linux. */
	xtcp_test_setup(sock, TCP_ESTABLISHED);
	segs_out = xtcp_sk(sk)->segs_out;
	xtcp_test_rcv(sk, xtcp_test_seg(test, XT_IRS + 10, 0, XTCPHDR_RST, 0));
	xtcp_test_rcv(sk, xtcp_test_seg(test, XT_IRS + 20, 0, XTCPHDR_RST, 0));
	xtcp_test_rcv(sk, xtcp_test_seg(test, XT_IRS, 0, XTCPHDR_SYN, 0));
	KUNIT_EXPECT_EQ(test, xtcp_sk(sk)->segs_out - segs_out, 1U);
	KUNIT_EXPECT_EQ(test, sk->sk_state, TCP_ESTABLISHED);
	xtcp_kunit_release(sock);
}

/*
 * The orphan limit (issue #16): half the established table's buckets as
 * tcp_init() gives Linux's; each step of @shift counts the orphans twice
 * over; a socket with nothing queued is never out of memory.  Closing a
 * socket past the limit resets it at once (TcpExt TCPAbortOnMemory)
 * instead of leaving an orphan in FIN_WAIT1.
 */
static void xtcp_check_oom_test(struct kunit *test)
{
	s64 orphans = percpu_counter_sum(&xtcp_orphan_count);
	int max = READ_ONCE(sysctl_xtcp_max_orphans);
	struct socket *sock = xtcp_test_sock(test);
	unsigned long aborts;

	KUNIT_EXPECT_EQ(test, max, (int)(xtcp_hashinfo.ehash_mask + 1) / 2);

	percpu_counter_set(&xtcp_orphan_count, 100);
	WRITE_ONCE(sysctl_xtcp_max_orphans, 100);
	KUNIT_EXPECT_FALSE(test, xtcp_check_oom(sock->sk, 0));
	KUNIT_EXPECT_TRUE(test, xtcp_check_oom(sock->sk, 1));
	WRITE_ONCE(sysctl_xtcp_max_orphans, 399);
	KUNIT_EXPECT_FALSE(test, xtcp_check_oom(sock->sk, 1));
	KUNIT_EXPECT_TRUE(test, xtcp_check_oom(sock->sk, 2));
	percpu_counter_set(&xtcp_orphan_count, orphans);

	/* Below any count: the close that orphans the socket is over it. */
	WRITE_ONCE(sysctl_xtcp_max_orphans, -1);
	xtcp_test_setup(sock, TCP_ESTABLISHED);
	aborts = snmp_fold_field(xinet_net(&init_net)->mib.net_statistics,
				 LINUX_MIB_TCPABORTONMEMORY);
	sock_release(sock);
	WRITE_ONCE(sysctl_xtcp_max_orphans, max);
	KUNIT_EXPECT_EQ(test,
			snmp_fold_field(xinet_net(&init_net)->mib.net_statistics,
					LINUX_MIB_TCPABORTONMEMORY) - aborts, 1UL);
}

/*
 * Urgent pointers as Linux reads them (tcp_stdurg 0, RFC 6093): one past
 * the urgent byte; a newer one replaces the old; one ahead of its byte
 * waits for it.  Segments in order on one socket; byte n of the stream
 * is 'a' + n % 26.
 */
struct xtcp_urg_case {
	const char *name;
	u32 seq;		/* offset from XT_IRS */
	unsigned int len;
	bool urg;
	u16 ptr;
	u32 want_seq;		/* offset from XT_IRS */
	u16 want_data;
};

static const struct xtcp_urg_case xtcp_urg_cases[] = {
	{ "one past the byte", 0, 4, true, 3, 2, XTCP_URG_VALID | 'c' },
	{ "a newer pointer replaces", 4, 2, true, 1, 4, XTCP_URG_VALID | 'e' },
	{ "ahead of its byte", 6, 2, true, 10, 15, XTCP_URG_NOTYET },
	{ "an older pointer is ignored", 8, 0, true, 2, 15, XTCP_URG_NOTYET },
	{ "the byte arrives", 8, 8, false, 0, 15, XTCP_URG_VALID | 'p' },
	{ "pointer 0 is the first byte", 16, 2, true, 0, 16,
	  XTCP_URG_VALID | 'q' },
};

static void xtcp_urgent_pointer_test(struct kunit *test)
{
	struct socket *sock = xtcp_test_sock(test);
	struct sock *sk = sock->sk;
	struct xtcp_sock *tp = xtcp_sk(sk);
	unsigned int c, i;

	xtcp_test_setup(sock, TCP_ESTABLISHED);
	for (c = 0; c < ARRAY_SIZE(xtcp_urg_cases); c++) {
		const struct xtcp_urg_case *tc = &xtcp_urg_cases[c];
		struct sk_buff *skb;
		u8 *payload;

		skb = xtcp_test_seg(test, XT_IRS + tc->seq, XT_ISS,
				    XTCPHDR_ACK | (tc->urg ? XTCPHDR_URG : 0),
				    tc->len);
		xtcp_hdr(skb)->urg_ptr = htons(tc->ptr);
		payload = skb->data + sizeof(struct tcphdr);
		for (i = 0; i < tc->len; i++)
			payload[i] = 'a' + (tc->seq + i) % 26;
		xtcp_test_rcv(sk, skb);
		KUNIT_EXPECT_EQ_MSG(test, tp->urg_seq - XT_IRS, tc->want_seq,
				    "%s", tc->name);
		KUNIT_EXPECT_EQ_MSG(test, tp->urg_data, tc->want_data,
				    "%s", tc->name);
	}
	xtcp_kunit_release(sock);
}

static void xtcp_options_test(struct kunit *test)
{
	struct xtcp_options_received opt = {};
	struct sk_buff *skb;
	struct tcphdr *th;
	u8 *o;

	skb = alloc_skb(128, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, skb);
	th = skb_put_zero(skb, sizeof(*th) + 12);
	skb_reset_transport_header(skb);
	th->doff = (sizeof(*th) + 12) / 4;
	th->syn = 1;
	o = (u8 *)(th + 1);
	/* MSS 1460, NOP, WS 15 (clamped to 14), NOP NOP NOP EOL */
	o[0] = XTCPOPT_MSS; o[1] = 4; o[2] = 1460 >> 8; o[3] = 1460 & 0xff;
	o[4] = XTCPOPT_NOP;
	o[5] = XTCPOPT_WINDOW; o[6] = 3; o[7] = 15;
	o[8] = XTCPOPT_NOP; o[9] = XTCPOPT_NOP; o[10] = XTCPOPT_NOP;
	o[11] = XTCPOPT_EOL;
	xtcp_parse_options(&init_net, skb, &opt, 0, NULL);
	KUNIT_EXPECT_EQ(test, opt.mss_clamp, 1460);
	KUNIT_EXPECT_EQ(test, (int)opt.wscale_ok, 1);
	KUNIT_EXPECT_EQ(test, (int)opt.snd_wscale, 14);

	/* TCP_MAXSEG lowers what the peer announced. */
	memset(&opt, 0, sizeof(opt));
	opt.user_mss = 1000;
	xtcp_parse_options(&init_net, skb, &opt, 0, NULL);
	KUNIT_EXPECT_EQ(test, opt.mss_clamp, 1000);

	/* Synchronized: SYN options mean nothing. */
	memset(&opt, 0, sizeof(opt));
	xtcp_parse_options(&init_net, skb, &opt, 1, NULL);
	KUNIT_EXPECT_EQ(test, opt.mss_clamp, 0);
	KUNIT_EXPECT_EQ(test, (int)opt.wscale_ok, 0);

	/* A length running past the header stops the parse. */
	memset(&opt, 0, sizeof(opt));
	o[1] = 40;
	xtcp_parse_options(&init_net, skb, &opt, 0, NULL);
	KUNIT_EXPECT_EQ(test, opt.mss_clamp, 0);
	/* A zero length too (it would loop). */
	o[1] = 0;
	xtcp_parse_options(&init_net, skb, &opt, 0, NULL);
	KUNIT_EXPECT_EQ(test, opt.mss_clamp, 0);
	kfree_skb(skb);
}

/*
 * PAWS (RFC 7323 section 5) as include/net/tcp.h decides it: a table of
 * TS.Recent, its age, the segment's TSval, and what xtcp_paws_check()
 * (with the established window, 1, and without, 0) and
 * xtcp_paws_reject() say.  Ages stay clear of a boundary by a second
 * where a tick between setting and checking could move them across.
 */
struct xtcp_paws_case {
	const char *name;
	u32 ts_recent;
	u32 tsval;
	int age;		/* seconds since TS.Recent was stored */
	bool rst;
	bool check_win1;	/* xtcp_paws_check(XTCP_PAWS_WINDOW) */
	bool check_win0;	/* xtcp_paws_check(0) */
	bool reject;		/* xtcp_paws_reject(rst) */
};

static const struct xtcp_paws_case xtcp_paws_cases[] = {
	{ "equal", 1000, 1000, 0, false, true, true, false },
	{ "newer", 1000, 1001, 0, false, true, true, false },
	{ "one_older", 1000, 999, 0, false, true, false, true },
	{ "two_older", 1000, 998, 0, false, false, false, true },
	{ "much_older", 1000, 1, 5, false, false, false, true },
	{ "newer_across_wrap", 0xfffffff0, 0x10, 0, false, true, true, false },
	{ "older_across_wrap", 0x10, 0xfffffff0, 0, false, false, false,
	  true },
	{ "half_space_away", 1, 0x80000001, 0, false, true, true, false },
	{ "ts_recent_zero", 0, 0xfffffff0, 0, false, true, true, false },
	{ "aged_out", 1000, 1, XTCP_PAWS_WRAP, false, true, true, false },
	{ "not_yet_aged", 1000, 1, XTCP_PAWS_WRAP - 2, false, false, false,
	  true },
	{ "rst_after_msl", 1000, 1, XTCP_PAWS_MSL, true, false, false,
	  false },
	{ "rst_within_msl", 1000, 1, XTCP_PAWS_MSL - 2, true, false, false,
	  true },
	{ "rst_fresh_ts", 1000, 1000, 0, true, true, true, false },
	{ "ack_after_msl", 1000, 1, XTCP_PAWS_MSL, false, false, false,
	  true },
};

static void xtcp_paws_table_test(struct kunit *test)
{
	int i;

	for (i = 0; i < ARRAY_SIZE(xtcp_paws_cases); i++) {
		const struct xtcp_paws_case *c = &xtcp_paws_cases[i];
		struct xtcp_options_received rx = {
			.ts_recent = c->ts_recent,
			.rcv_tsval = c->tsval,
			.ts_recent_stamp = (int)ktime_get_seconds() - c->age,
		};

		KUNIT_EXPECT_EQ_MSG(test,
				    xtcp_paws_check(&rx, XTCP_PAWS_WINDOW),
				    c->check_win1, "%s", c->name);
		KUNIT_EXPECT_EQ_MSG(test, xtcp_paws_check(&rx, 0),
				    c->check_win0, "%s", c->name);
		KUNIT_EXPECT_EQ_MSG(test, xtcp_paws_reject(&rx, c->rst),
				    c->reject, "%s", c->name);
	}
}

/*
 * The timestamp option: a SYN's is taken only when the namespace offers
 * timestamps; a synchronized socket's only once they were agreed.
 */
static void xtcp_options_ts_test(struct kunit *test)
{
	struct xinet_net *xn = xinet_net(&init_net);
	u8 saved = READ_ONCE(xn->sysctl_tcp_timestamps);
	struct xtcp_options_received opt = {};
	struct sk_buff *skb;
	struct tcphdr *th;
	u8 *o;

	skb = alloc_skb(128, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, skb);
	th = skb_put_zero(skb, sizeof(*th) + XTCPOLEN_TSTAMP_ALIGNED);
	skb_reset_transport_header(skb);
	th->doff = (sizeof(*th) + XTCPOLEN_TSTAMP_ALIGNED) / 4;
	th->syn = 1;
	o = (u8 *)(th + 1);
	o[0] = XTCPOPT_NOP;
	o[1] = XTCPOPT_NOP;
	o[2] = XTCPOPT_TIMESTAMP;
	o[3] = XTCPOLEN_TIMESTAMP;
	put_unaligned_be32(0x01020304, o + 4);
	put_unaligned_be32(0xa0b0c0d0, o + 8);

	WRITE_ONCE(xn->sysctl_tcp_timestamps, 1);
	xtcp_parse_options(&init_net, skb, &opt, 0, NULL);
	KUNIT_EXPECT_EQ(test, (int)opt.saw_tstamp, 1);
	KUNIT_EXPECT_EQ(test, opt.rcv_tsval, 0x01020304U);
	KUNIT_EXPECT_EQ(test, opt.rcv_tsecr, 0xa0b0c0d0U);

	WRITE_ONCE(xn->sysctl_tcp_timestamps, 0);
	xtcp_parse_options(&init_net, skb, &opt, 0, NULL);
	KUNIT_EXPECT_EQ(test, (int)opt.saw_tstamp, 0);

	/* Established: only with tstamp_ok, whatever the sysctl. */
	th->syn = 0;
	xtcp_parse_options(&init_net, skb, &opt, 1, NULL);
	KUNIT_EXPECT_EQ(test, (int)opt.saw_tstamp, 0);
	opt.tstamp_ok = 1;
	xtcp_parse_options(&init_net, skb, &opt, 1, NULL);
	KUNIT_EXPECT_EQ(test, (int)opt.saw_tstamp, 1);

	/* A wrong length is no timestamp. */
	o[3] = XTCPOLEN_TIMESTAMP - 1;
	xtcp_parse_options(&init_net, skb, &opt, 1, NULL);
	KUNIT_EXPECT_EQ(test, (int)opt.saw_tstamp, 0);

	WRITE_ONCE(xn->sysctl_tcp_timestamps, saved);
	kfree_skb(skb);
}

/* --- SACK and D-SACK blocks a receiver sends (RFC 2018, RFC 2883) --- */

/*
 * Out-of-order segments, in arrival order, and the blocks afterwards as
 * Linux's tcp_sack_new_ofo_skb() and friends leave them: the block the
 * last segment made or grew first, blocks it bridges folded in, at most
 * XTCP_NUM_SACKS kept; and the D-SACK block the arrivals left ({0, 0}:
 * none).  rcv_nxt stays at XT_IRS (1000).
 */
struct xtcp_sack_case {
	const char *name;
	u32 segs[7][2];		/* {0, 0} ends */
	u32 want[XTCP_NUM_SACKS + 1][2];
	u32 dsack[2];
};

static const struct xtcp_sack_case xtcp_sack_cases[] = {
	{ "one", { {1100, 1200} }, { {1100, 1200} } },
	{ "newest first", { {1100, 1200}, {1300, 1400}, {1500, 1600} },
	  { {1500, 1600}, {1300, 1400}, {1100, 1200} } },
	{ "extended block moves to the front",
	  { {1100, 1200}, {1300, 1400}, {1200, 1250} },
	  { {1100, 1250}, {1300, 1400} } },
	{ "bridge coalesces",
	  { {1100, 1200}, {1300, 1400}, {1500, 1600}, {1200, 1300} },
	  { {1100, 1400}, {1500, 1600} } },
	{ "fifth block forgets the oldest",
	  { {1100, 1200}, {1300, 1400}, {1500, 1600}, {1700, 1800},
	    {1900, 2000} },
	  { {1900, 2000}, {1700, 1800}, {1500, 1600}, {1300, 1400} } },
	{ "forgotten block comes back as a new one",
	  { {1100, 1200}, {1300, 1400}, {1500, 1600}, {1700, 1800},
	    {1900, 2000}, {1100, 1150} },
	  { {1100, 1150}, {1900, 2000}, {1700, 1800}, {1500, 1600} },
	  {1100, 1150} },
	{ "duplicate in the queue",
	  { {1100, 1200}, {1300, 1400}, {1100, 1200} },
	  { {1100, 1200}, {1300, 1400} }, {1100, 1200} },
	{ "partial overlap",
	  { {1100, 1200}, {1150, 1250} },
	  { {1100, 1250} }, {1150, 1200} },
	{ "same start, longer",
	  { {1100, 1200}, {1100, 1300} },
	  { {1100, 1300} }, {1100, 1200} },
	{ "covering two: D-SACK of the first",
	  { {1300, 1400}, {1500, 1600}, {1250, 1700} },
	  { {1250, 1700} }, {1300, 1400} },
	{ "covering adjacent two: one D-SACK",
	  { {1300, 1400}, {1400, 1500}, {1200, 1700} },
	  { {1200, 1700} }, {1300, 1500} },
};

static struct socket *xtcp_sack_sock(struct kunit *test, bool sack)
{
	struct socket *sock = xtcp_test_sock(test);

	xtcp_test_setup(sock, TCP_ESTABLISHED);
	xtcp_sk(sock->sk)->rx_opt.sack_ok = sack;
	return sock;
}

static void xtcp_sack_ofo(struct kunit *test, struct sock *sk, u32 seq,
			  u32 end_seq)
{
	struct sk_buff *skb;

	skb = xtcp_test_seg(test, seq, XT_ISS, XTCPHDR_ACK, end_seq - seq);
	__skb_pull(skb, sizeof(struct tcphdr));
	xtcp_data_queue_ofo(sk, skb);
}

static void xtcp_sack_expect(struct kunit *test, const struct xtcp_sock *tp,
			     const u32 (*want)[2], const char *name)
{
	int n = 0, i;

	while (n <= XTCP_NUM_SACKS && want[n][1])
		n++;
	KUNIT_EXPECT_EQ_MSG(test, tp->rx_opt.num_sacks, n, "%s", name);
	for (i = 0; i < n && i < tp->rx_opt.num_sacks; i++) {
		KUNIT_EXPECT_EQ_MSG(test, tp->selective_acks[i].start_seq,
				    want[i][0], "%s: block %d", name, i);
		KUNIT_EXPECT_EQ_MSG(test, tp->selective_acks[i].end_seq,
				    want[i][1], "%s: block %d", name, i);
	}
}

static void xtcp_sack_table_test(struct kunit *test)
{
	struct xinet_net *xn = xinet_net(&init_net);
	u8 saved = READ_ONCE(xn->sysctl_tcp_dsack);
	int c;

	WRITE_ONCE(xn->sysctl_tcp_dsack, 1);
	for (c = 0; c < ARRAY_SIZE(xtcp_sack_cases); c++) {
		const struct xtcp_sack_case *tc = &xtcp_sack_cases[c];
		struct socket *sock = xtcp_sack_sock(test, true);
		struct sock *sk = sock->sk;
		struct xtcp_sock *tp = xtcp_sk(sk);
		int i;

		lock_sock(sk);
		for (i = 0; i < ARRAY_SIZE(tc->segs) && tc->segs[i][1]; i++)
			xtcp_sack_ofo(test, sk, tc->segs[i][0], tc->segs[i][1]);
		xtcp_sack_expect(test, tp, tc->want, tc->name);
		KUNIT_EXPECT_EQ_MSG(test, (int)tp->rx_opt.dsack,
				    tc->dsack[1] ? 1 : 0, "%s", tc->name);
		if (tc->dsack[1] && tp->rx_opt.dsack) {
			KUNIT_EXPECT_EQ_MSG(test, tp->duplicate_sack[0].start_seq,
					    tc->dsack[0], "%s", tc->name);
			KUNIT_EXPECT_EQ_MSG(test, tp->duplicate_sack[0].end_seq,
					    tc->dsack[1], "%s", tc->name);
		}
		release_sock(sk);
		xtcp_kunit_release(sock);
	}
	WRITE_ONCE(xn->sysctl_tcp_dsack, saved);
}

/* Without SACK agreed, or with tcp_dsack 0, no block at all. */
static void xtcp_sack_off_test(struct kunit *test)
{
	struct xinet_net *xn = xinet_net(&init_net);
	u8 saved = READ_ONCE(xn->sysctl_tcp_dsack);
	struct socket *sock = xtcp_sack_sock(test, false);
	struct sock *sk = sock->sk;
	struct xtcp_sock *tp = xtcp_sk(sk);

	WRITE_ONCE(xn->sysctl_tcp_dsack, 1);
	lock_sock(sk);
	xtcp_sack_ofo(test, sk, 1100, 1200);
	xtcp_sack_ofo(test, sk, 1100, 1200);
	KUNIT_EXPECT_EQ(test, tp->rx_opt.num_sacks, 0);
	KUNIT_EXPECT_EQ(test, (int)tp->rx_opt.dsack, 0);
	release_sock(sk);
	xtcp_kunit_release(sock);

	sock = xtcp_sack_sock(test, true);
	sk = sock->sk;
	tp = xtcp_sk(sk);
	WRITE_ONCE(xn->sysctl_tcp_dsack, 0);
	lock_sock(sk);
	xtcp_sack_ofo(test, sk, 1100, 1200);
	xtcp_sack_ofo(test, sk, 1100, 1200);
	KUNIT_EXPECT_EQ(test, tp->rx_opt.num_sacks, 1);
	KUNIT_EXPECT_EQ(test, (int)tp->rx_opt.dsack, 0);
	release_sock(sk);
	xtcp_kunit_release(sock);
	WRITE_ONCE(xn->sysctl_tcp_dsack, saved);
}

static unsigned long xtcp_sack_mib(int field)
{
	return snmp_fold_field(xinet_net(&init_net)->mib.net_statistics,
			       field);
}

/*
 * In-order data moves rcv_nxt: the blocks it covers go, the others keep
 * their order; an empty queue leaves none.  The ACK each segment draws
 * is built (and dropped at routing) meanwhile.
 */
static void xtcp_sack_remove_test(struct kunit *test)
{
	static const u32 after1[][2] = { {1500, 1600}, {1300, 1400}, {} };
	static const u32 after2[][2] = { {1500, 1600}, {} };
	static const u32 none[][2] = { {} };
	struct socket *sock = xtcp_sack_sock(test, true);
	struct sock *sk = sock->sk;
	struct xtcp_sock *tp = xtcp_sk(sk);

	lock_sock(sk);
	xtcp_sack_ofo(test, sk, 1100, 1200);
	xtcp_sack_ofo(test, sk, 1300, 1400);
	xtcp_sack_ofo(test, sk, 1500, 1600);
	release_sock(sk);

	xtcp_test_rcv(sk, xtcp_test_seg(test, 1000, XT_ISS, XTCPHDR_ACK, 100));
	KUNIT_EXPECT_EQ(test, tp->rcv_nxt, 1200U);
	xtcp_sack_expect(test, tp, after1, "rcv_nxt 1200");
	xtcp_test_rcv(sk, xtcp_test_seg(test, 1200, XT_ISS, XTCPHDR_ACK, 100));
	KUNIT_EXPECT_EQ(test, tp->rcv_nxt, 1400U);
	xtcp_sack_expect(test, tp, after2, "rcv_nxt 1400");
	xtcp_test_rcv(sk, xtcp_test_seg(test, 1400, XT_ISS, XTCPHDR_ACK, 100));
	KUNIT_EXPECT_EQ(test, tp->rcv_nxt, 1600U);
	xtcp_sack_expect(test, tp, none, "rcv_nxt 1600");
	xtcp_kunit_release(sock);
}

/*
 * Duplicates of delivered data: all below rcv_nxt (TCPDSACKOldSent),
 * partly below, and an out-of-order segment the filling segment
 * overlapped.  Each draws an immediate ACK, which carries the D-SACK
 * and so clears rx_opt.dsack; duplicate_sack keeps what it said.
 */
static void xtcp_dsack_rcv_test(struct kunit *test)
{
	struct xinet_net *xn = xinet_net(&init_net);
	u8 saved = READ_ONCE(xn->sysctl_tcp_dsack);
	struct socket *sock = xtcp_sack_sock(test, true);
	struct sock *sk = sock->sk;
	struct xtcp_sock *tp = xtcp_sk(sk);
	unsigned long old0;
	u32 out0;

	WRITE_ONCE(xn->sysctl_tcp_dsack, 1);
	xtcp_test_rcv(sk, xtcp_test_seg(test, 1000, XT_ISS, XTCPHDR_ACK, 100));
	KUNIT_ASSERT_EQ(test, tp->rcv_nxt, 1100U);

	/* All old. */
	old0 = xtcp_sack_mib(LINUX_MIB_TCPDSACKOLDSENT);
	xtcp_test_rcv_count(sk, xtcp_test_seg(test, 1000, XT_ISS,
					      XTCPHDR_ACK, 100), &out0);
	KUNIT_EXPECT_EQ(test, xtcp_sack_mib(LINUX_MIB_TCPDSACKOLDSENT),
			old0 + 1);
	KUNIT_EXPECT_EQ(test, tp->duplicate_sack[0].start_seq, 1000U);
	KUNIT_EXPECT_EQ(test, tp->duplicate_sack[0].end_seq, 1100U);
	KUNIT_EXPECT_EQ(test, (int)tp->rx_opt.dsack, 0);

	/* Partly old: the D-SACK stops at rcv_nxt, the rest is taken. */
	xtcp_test_rcv(sk, xtcp_test_seg(test, 1050, XT_ISS, XTCPHDR_ACK, 100));
	KUNIT_EXPECT_EQ(test, tp->rcv_nxt, 1150U);
	KUNIT_EXPECT_EQ(test, xtcp_sack_mib(LINUX_MIB_TCPDSACKOLDSENT),
			old0 + 2);
	KUNIT_EXPECT_EQ(test, tp->duplicate_sack[0].start_seq, 1050U);
	KUNIT_EXPECT_EQ(test, tp->duplicate_sack[0].end_seq, 1100U);

	/* The filling segment overlaps the queued one: its head is a dup. */
	lock_sock(sk);
	xtcp_sack_ofo(test, sk, 1200, 1300);
	release_sock(sk);
	xtcp_test_rcv(sk, xtcp_test_seg(test, 1150, XT_ISS, XTCPHDR_ACK, 100));
	KUNIT_EXPECT_EQ(test, tp->rcv_nxt, 1300U);
	KUNIT_EXPECT_EQ(test, tp->rx_opt.num_sacks, 0);
	KUNIT_EXPECT_EQ(test, xtcp_sack_mib(LINUX_MIB_TCPDSACKOLDSENT),
			old0 + 3);
	KUNIT_EXPECT_EQ(test, tp->duplicate_sack[0].start_seq, 1200U);
	KUNIT_EXPECT_EQ(test, tp->duplicate_sack[0].end_seq, 1250U);

	/* tcp_dsack 0: counted as a delayed ACK lost, no D-SACK. */
	WRITE_ONCE(xn->sysctl_tcp_dsack, 0);
	xtcp_test_rcv(sk, xtcp_test_seg(test, 1000, XT_ISS, XTCPHDR_ACK, 100));
	KUNIT_EXPECT_EQ(test, xtcp_sack_mib(LINUX_MIB_TCPDSACKOLDSENT),
			old0 + 3);
	KUNIT_EXPECT_EQ(test, tp->duplicate_sack[0].start_seq, 1200U);
	WRITE_ONCE(xn->sysctl_tcp_dsack, saved);
	xtcp_kunit_release(sock);
}

/*
 * The header follows the blocks (tcp_current_mss): the SACK option is 4
 * bytes and 8 a block, up to 4 blocks alone and 3 beside the 12 bytes of
 * timestamps; the D-SACK block counts and comes first.
 */
static void xtcp_sack_mss_test(struct kunit *test)
{
	struct socket *sock = xtcp_sack_sock(test, true);
	struct sock *sk = sock->sk;
	struct xtcp_sock *tp = xtcp_sk(sk);
	unsigned int mss;

	lock_sock(sk);
	tp->tcp_header_len = sizeof(struct tcphdr);
	tp->mss_cache = 1000;
	mss = xtcp_current_mss(sk);
	KUNIT_EXPECT_EQ(test, mss, 1000U);
	tp->rx_opt.num_sacks = 1;
	KUNIT_EXPECT_EQ(test, xtcp_current_mss(sk), 1000U - 12);
	tp->rx_opt.num_sacks = 4;
	KUNIT_EXPECT_EQ(test, xtcp_current_mss(sk), 1000U - 36);
	tp->rx_opt.dsack = 1;
	KUNIT_EXPECT_EQ(test, xtcp_current_mss(sk), 1000U - 36);

	/* With timestamps: mss_cache allows for them already. */
	tp->rx_opt.tstamp_ok = 1;
	tp->tcp_header_len = sizeof(struct tcphdr) + XTCPOLEN_TSTAMP_ALIGNED;
	tp->rx_opt.dsack = 0;
	tp->rx_opt.num_sacks = 0;
	KUNIT_EXPECT_EQ(test, xtcp_current_mss(sk), 1000U);
	tp->rx_opt.num_sacks = 2;
	KUNIT_EXPECT_EQ(test, xtcp_current_mss(sk), 1000U - 20);
	tp->rx_opt.num_sacks = 4;
	KUNIT_EXPECT_EQ(test, xtcp_current_mss(sk), 1000U - 28);
	tp->rx_opt.num_sacks = 0;
	release_sock(sk);
	xtcp_kunit_release(sock);
}

/* Pruning the out-of-order queue forgets its blocks (tcp_prune_ofo_queue). */
static void xtcp_sack_prune_test(struct kunit *test)
{
	struct socket *sock = xtcp_sack_sock(test, true);
	struct sock *sk = sock->sk;
	struct xtcp_sock *tp = xtcp_sk(sk);

	lock_sock(sk);
	xtcp_sack_ofo(test, sk, 1100, 1200);
	xtcp_sack_ofo(test, sk, 1300, 1400);
	KUNIT_EXPECT_EQ(test, tp->rx_opt.num_sacks, 2);
	/*
	 * No room left: the next segment makes the queue go, and then is
	 * queued alone if memory can still be scheduled for it.
	 */
	WRITE_ONCE(sk->sk_rcvbuf, 1);
	xtcp_sack_ofo(test, sk, 1500, 1600);
	if (RB_EMPTY_ROOT(&tp->out_of_order_queue)) {
		KUNIT_EXPECT_EQ(test, tp->rx_opt.num_sacks, 0);
	} else {
		KUNIT_EXPECT_EQ(test, XTCP_SKB_CB(tp->ooo_last_skb)->seq, 1500U);
		KUNIT_EXPECT_EQ(test, tp->rx_opt.num_sacks, 1);
		KUNIT_EXPECT_EQ(test, tp->selective_acks[0].start_seq, 1500U);
		KUNIT_EXPECT_EQ(test, tp->selective_acks[0].end_seq, 1600U);
	}
	release_sock(sk);
	xtcp_kunit_release(sock);
}

static struct kunit_case xtcp_sack_cases_list[] = {
	KUNIT_CASE(xtcp_sack_table_test),
	KUNIT_CASE(xtcp_sack_off_test),
	KUNIT_CASE(xtcp_sack_remove_test),
	KUNIT_CASE(xtcp_dsack_rcv_test),
	KUNIT_CASE(xtcp_sack_mss_test),
	KUNIT_CASE(xtcp_sack_prune_test),
	{}
};

static struct kunit_suite xtcp_sack_rcv_suite = {
	.name = "xinet_tcp_sack_rcv",
	.test_cases = xtcp_sack_cases_list,
};

static struct kunit_case xtcp_rto_cases[] = {
	KUNIT_CASE(xtcp_rto_first_sample_test),
	KUNIT_CASE(xtcp_rto_second_sample_test),
	KUNIT_CASE(xtcp_rto_converges_test),
	KUNIT_CASE(xtcp_backoff_cap_test),
	{}
};

static struct kunit_suite xtcp_rto_suite = {
	.name = "xinet_tcp_rto",
	.test_cases = xtcp_rto_cases,
};

static struct kunit_case xtcp_window_cases[] = {
	KUNIT_CASE(xtcp_initial_window_test),
	KUNIT_CASE(xtcp_scaling_ratio_test),
	KUNIT_CASE(xtcp_select_window_test),
	KUNIT_CASE(xtcp_options_test),
	{}
};

static struct kunit_suite xtcp_window_suite = {
	.name = "xinet_tcp_window",
	.test_cases = xtcp_window_cases,
};

/*
 * Packetization-layer PMTU discovery's arithmetic (RFC 4821): the search
 * range xtcp_mtup_init() starts from, xtcp_mss_to_mtu() as the inverse of
 * xtcp_mtu_to_mss(), and xtcp_sync_mss() keeping the MSS at search_low
 * while probing and search_high under the path MTU.
 */
static void xtcp_mtup_test(struct kunit *test)
{
	struct xinet_net *xn = xinet_net(&init_net);
	u8 probing = READ_ONCE(xn->sysctl_tcp_mtu_probing);
	int base_mss = READ_ONCE(xn->sysctl_tcp_base_mss);
	struct socket *sock = xtcp_test_sock(test);
	struct sock *sk = sock->sk;
	struct xinet_connection_sock *icsk = xinet_csk(sk);
	struct xtcp_sock *tp = xtcp_sk(sk);
	int mss;

	KUNIT_EXPECT_EQ(test, base_mss, 1024);
	KUNIT_EXPECT_EQ(test, READ_ONCE(xn->sysctl_tcp_mtu_probe_floor), 48);
	KUNIT_EXPECT_EQ(test, READ_ONCE(xn->sysctl_tcp_probe_threshold), 8);
	KUNIT_EXPECT_EQ(test, READ_ONCE(xn->sysctl_tcp_probe_interval), 600U);

	lock_sock(sk);
	tp->tcp_header_len = sizeof(struct tcphdr);
	tp->rx_opt.mss_clamp = 1460;
	tp->max_window = 65535;
	/* Up to the peer's MSS, which bounds xtcp_mtu_to_mss(). */
	for (mss = 48; mss <= 1460; mss += 37)
		KUNIT_EXPECT_EQ_MSG(test,
				    xtcp_mtu_to_mss(sk, xtcp_mss_to_mtu(sk, mss)),
				    mss, "mss %d", mss);
	KUNIT_EXPECT_EQ(test, xtcp_mss_to_mtu(sk, 1460), 1500);

	/* tcp_mtu_probing 1: off until a black hole is suspected. */
	WRITE_ONCE(xn->sysctl_tcp_mtu_probing, 1);
	xtcp_mtup_init(sk);
	KUNIT_EXPECT_FALSE(test, (bool)icsk->icsk_mtup.enabled);
	KUNIT_EXPECT_EQ(test, icsk->icsk_mtup.search_high, 1500);
	KUNIT_EXPECT_EQ(test, icsk->icsk_mtup.search_low, 1024 + 40);
	KUNIT_EXPECT_EQ(test, xtcp_sync_mss(sk, 1500), 1460U);

	/* 2: on from the start, the MSS at what tcp_base_mss fills. */
	WRITE_ONCE(xn->sysctl_tcp_mtu_probing, 2);
	xtcp_mtup_init(sk);
	KUNIT_EXPECT_TRUE(test, (bool)icsk->icsk_mtup.enabled);
	KUNIT_EXPECT_EQ(test, (u32)icsk->icsk_mtup.probe_size, 0U);
	KUNIT_EXPECT_EQ(test, xtcp_sync_mss(sk, 1500), 1024U);
	KUNIT_EXPECT_EQ(test, icsk->icsk_pmtu_cookie, 1500U);
	/* A probe of 1282 crossed: the MSS follows search_low. */
	icsk->icsk_mtup.search_low = 1282;
	KUNIT_EXPECT_EQ(test, xtcp_sync_mss(sk, 1500), 1242U);
	/* A smaller PMTU (ICMP) caps the search and the MSS. */
	KUNIT_EXPECT_EQ(test, xtcp_sync_mss(sk, 1200), 1160U);
	KUNIT_EXPECT_EQ(test, icsk->icsk_mtup.search_high, 1200);
	KUNIT_EXPECT_EQ(test, xtcp_sync_mss(sk, 1500), 1242U);
	KUNIT_EXPECT_EQ(test, icsk->icsk_mtup.search_high, 1200);
	/* Half the peer's largest window bounds it all. */
	tp->max_window = 1000;
	KUNIT_EXPECT_EQ(test, xtcp_sync_mss(sk, 1500), 500U);
	release_sock(sk);

	WRITE_ONCE(xn->sysctl_tcp_mtu_probing, probing);
	sock_release(sock);
}

static struct kunit_case xtcp_mtup_cases[] = {
	KUNIT_CASE(xtcp_mtup_test),
	{}
};

static struct kunit_suite xtcp_mtup_suite = {
	.name = "xinet_tcp_mtup",
	.test_cases = xtcp_mtup_cases,
};

static struct kunit_case xtcp_ofo_cases_list[] = {
	KUNIT_CASE(xtcp_ofo_table_test),
	KUNIT_CASE(xtcp_ofo_deliver_test),
	{}
};

static struct kunit_suite xtcp_ofo_suite = {
	.name = "xinet_tcp_ofo",
	.test_cases = xtcp_ofo_cases_list,
};

static struct kunit_case xtcp_cong_cases[] = {
	KUNIT_CASE(xtcp_cwnd_script_test),
	KUNIT_CASE(xtcp_cong_registry_test),
	{}
};

static struct kunit_suite xtcp_cong_suite = {
	.name = "xinet_tcp_cong",
	.test_cases = xtcp_cong_cases,
};

static struct kunit_case xtcp_fsm_cases_list[] = {
	KUNIT_CASE(xtcp_fsm_table_test),
	KUNIT_CASE(xtcp_challenge_ack_limit_test),
	KUNIT_CASE(xtcp_check_oom_test),
	KUNIT_CASE(xtcp_urgent_pointer_test),
	{}
};

static struct kunit_suite xtcp_fsm_suite = {
	.name = "xinet_tcp_fsm",
	.test_cases = xtcp_fsm_cases_list,
};

static struct kunit_case xtcp_paws_cases_list[] = {
	KUNIT_CASE(xtcp_paws_table_test),
	KUNIT_CASE(xtcp_options_ts_test),
	{}
};

static struct kunit_suite xtcp_paws_suite = {
	.name = "xinet_tcp_paws",
	.test_cases = xtcp_paws_cases_list,
};

kunit_test_suites(&xtcp_rto_suite, &xtcp_window_suite, &xtcp_ofo_suite,
		  &xtcp_cong_suite, &xtcp_fsm_suite, &xtcp_paws_suite,
		  &xtcp_mtup_suite, &xtcp_sack_rcv_suite);
