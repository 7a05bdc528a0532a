// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the SACK sender's scoreboard (net/xinet/xtcp_input.c):
 * xtcp_sacktag_write_queue() and the loss marking and recovery behind it,
 * driven by crafted ACKs with SACK blocks against a retransmission queue
 * of ten segments built by hand.  Each row gives the queue's marks before,
 * the ACK and its blocks, and the marks, counters and TcpExt counters
 * after, as Linux 6.12 leaves them with tcp_recovery 0 (dupthresh), or,
 * for the rows marked rack, with its default tcp_recovery 1 (RACK).
 *
 * The sockets are real AF_XINET TCP sockets of init_net with a peer that
 * has no route: the ACKs and retransmissions they attempt are dropped
 * at the routing step, so that the marks are only the scoreboard's.
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
#include <net/xinet/netns.h>
#include <net/xinet/xsnmp.h>
#include <net/xinet/xtcp.h>
#include <net/xinet/xtcp_recorder.h>

#include "xtcp_kunit.h"

#define XS_ISS		XTCP_KUNIT_ISS
#define XS_IRS		XTCP_KUNIT_IRS
#define XS_MSS		1000U
#define XS_SEGS		10
/* Sequence number of the start of segment @i, relative to XS_ISS. */
#define S(i)		((i) * (int)XS_MSS)

/* The TcpExt counters every row checks, and their order in the rows. */
static const int xs_mibs[] = {
	LINUX_MIB_TCPSACKDISCARD,
	LINUX_MIB_TCPDSACKRECV,
	LINUX_MIB_TCPDSACKOFORECV,
	LINUX_MIB_TCPDSACKIGNOREDNOUNDO,
	LINUX_MIB_TCPDSACKIGNOREDOLD,
	LINUX_MIB_TCPSACKREORDER,
	LINUX_MIB_TCPSACKRECOVERY,
	LINUX_MIB_TCPRENORECOVERY,
};

enum {
	DISCARD, DSACK, DSACK_OFO, NOUNDO, OLD, REORDER, SACKREC, RENOREC,
	NR_MIBS
};

/**
 * struct xtcp_sack_case - one row
 * @name: what it shows
 * @reno: SACK not agreed: the ACKs are duplicate ACKs
 * @rack: net.xinet.tcp_recovery 1 (RACK) for the row, 0 otherwise
 * @reordering: tp->reordering before (the dupthresh)
 * @state: icsk_ca_state before
 * @pre: marks of the ten segments before: '.' none, 'S' SACKed, 'L'
 *	lost, 'X' lost and retransmitted (in flight), 'T' SACKed and
 *	retransmitted (in flight), 'r' retransmitted once, ACKed by nothing
 * @undo_marker: segment index + 1 of undo_marker (0: none)
 * @ack: segment index the ACK acknowledges up to
 * @dupacks: the ACK is sent this many times
 * @nblocks: SACK blocks in it, at most 4
 * @blocks: the blocks, bytes relative to XS_ISS
 * @want: marks after, as @pre ('r' never: only the tag bits count);
 *	for the segments still queued, from @ack on
 * @sacked_out: sacked_out after
 * @lost_out: lost_out after
 * @retrans_out: retrans_out after
 * @want_state: icsk_ca_state after
 * @reord: tp->reordering after
 * @mib: the TcpExt counters' increments, in xs_mibs's order
 */
struct xtcp_sack_case {
	const char	*name;
	bool		reno;
	bool		rack;
	u8		reordering;
	u8		state;
	const char	*pre;
	int		undo_marker;
	int		ack;
	int		dupacks;
	int		nblocks;
	int		blocks[4][2];
	const char	*want;
	u32		sacked_out, lost_out, retrans_out;
	u8		want_state;
	u32		reord;
	int		mib[NR_MIBS];
};

static const struct xtcp_sack_case xtcp_sack_cases[] = {
	{ .name = "one block", .reordering = 10, .pre = "..........",
	  .ack = 0, .dupacks = 1, .nblocks = 1, .blocks = { { S(2), S(4) } },
	  .want = "..SS......", .sacked_out = 2,
	  .want_state = XTCP_CA_Disorder, .reord = 10 },
	{ .name = "overlapping blocks, any order", .reordering = 10,
	  .pre = "..........", .ack = 0, .dupacks = 1, .nblocks = 3,
	  .blocks = { { S(6), S(8) }, { S(5), S(7) }, { S(1), S(2) } },
	  .want = ".S...SSS..", .sacked_out = 4,
	  .want_state = XTCP_CA_Disorder, .reord = 10 },
	{ .name = "blocks over part of a segment tag none of it",
	  .reordering = 10, .pre = "..........", .ack = 0, .dupacks = 1,
	  .nblocks = 2,
	  .blocks = { { S(3) + 500, S(5) }, { S(7), S(8) + 300 } },
	  .want = "....S..S..", .sacked_out = 2,
	  .want_state = XTCP_CA_Disorder, .reord = 10 },
	{ .name = "invalid blocks are discarded", .reordering = 10,
	  .pre = "..........", .ack = 0, .dupacks = 1, .nblocks = 4,
	  .blocks = { { S(2), S(3) }, { S(8), S(11) }, { S(5), S(4) },
		      { S(-2), S(-1) } },
	  .want = "..S.......", .sacked_out = 1,
	  .want_state = XTCP_CA_Disorder, .reord = 10,
	  .mib = { [DISCARD] = 3 } },
	{ .name = "a SACK of an L|R segment ends both", .reordering = 10,
	  .pre = "..X.......", .ack = 0, .dupacks = 1, .nblocks = 1,
	  .blocks = { { S(2), S(3) } }, .want = "..S.......", .sacked_out = 1,
	  .want_state = XTCP_CA_Disorder, .reord = 10 },
	{ .name = "D-SACK below snd_una, no recovery to undo",
	  .reordering = 10, .pre = ".r........", .ack = 2, .nblocks = 1,
	  .blocks = { { S(1), S(2) } }, .want = "........",
	  .want_state = XTCP_CA_Open, .reord = 10,
	  .mib = { [DSACK] = 1, [NOUNDO] = 1 } },
	{ .name = "D-SACK below snd_una inside the recovery",
	  .reordering = 10, .pre = ".r........", .undo_marker = 1,
	  .ack = 2, .nblocks = 1, .blocks = { { S(1), S(2) } },
	  .want = "........", .want_state = XTCP_CA_Open, .reord = 10,
	  .mib = { [DSACK] = 1 } },
	{ .name = "D-SACK older than the recovery", .reordering = 10,
	  .pre = "r.........", .undo_marker = 3, .ack = 3, .nblocks = 1,
	  .blocks = { { S(0), S(1) } }, .want = ".......",
	  .want_state = XTCP_CA_Open, .reord = 10,
	  .mib = { [DSACK] = 1, [OLD] = 1 } },
	{ .name = "D-SACK inside the second block", .reordering = 10,
	  .pre = "...X......", .ack = 0, .dupacks = 1, .nblocks = 2,
	  .blocks = { { S(3), S(4) }, { S(2), S(5) } },
	  .want = "..SSS.....", .sacked_out = 3,
	  .want_state = XTCP_CA_Disorder, .reord = 10,
	  .mib = { [DSACK_OFO] = 1 } },
	{ .name = "D-SACK of an S|R segment: its resend arrived",
	  .reordering = 10, .pre = "...T......", .ack = 0, .dupacks = 1,
	  .nblocks = 2, .blocks = { { S(3), S(4) }, { S(3), S(5) } },
	  .want = "...SS.....", .sacked_out = 2,
	  .want_state = XTCP_CA_Disorder, .reord = 10,
	  .mib = { [DSACK_OFO] = 1, [REORDER] = 1 } },
	{ .name = "a hole never resent filled: reordering",
	  .reordering = 3, .pre = ".....S....", .ack = 0, .dupacks = 1,
	  .nblocks = 2, .blocks = { { S(1), S(2) }, { S(5), S(6) } },
	  .want = ".S...S....", .sacked_out = 2,
	  .want_state = XTCP_CA_Disorder, .reord = 5,
	  .mib = { [REORDER] = 1 } },
	{ .name = "dupthresh SACKed: recovery, the head lost",
	  .reordering = 3, .pre = "..........", .ack = 0, .dupacks = 1,
	  .nblocks = 1, .blocks = { { S(1), S(4) } },
	  .want = "LSSS......", .sacked_out = 3, .lost_out = 1,
	  .want_state = XTCP_CA_Recovery, .reord = 3,
	  .mib = { [SACKREC] = 1 } },
	{ .name = "every hole under dupthresh SACKs is lost",
	  .reordering = 3, .pre = "..........", .ack = 0, .dupacks = 1,
	  .nblocks = 3,
	  .blocks = { { S(2), S(3) }, { S(5), S(8) }, { S(9), S(10) } },
	  .want = "LLSLLSSS.S", .sacked_out = 5, .lost_out = 4,
	  .want_state = XTCP_CA_Recovery, .reord = 3,
	  .mib = { [SACKREC] = 1 } },
	{ .name = "recovery: a later SACK marks the next hole",
	  .reordering = 3, .state = XTCP_CA_Recovery, .pre = "XSSS......",
	  .ack = 0, .dupacks = 1, .nblocks = 2,
	  .blocks = { { S(1), S(4) }, { S(5), S(8) } },
	  .want = "XSSSLSSS..", .sacked_out = 6, .lost_out = 2,
	  .retrans_out = 1, .want_state = XTCP_CA_Recovery, .reord = 3 },
	/*
	 * RACK: lost is what was sent before the latest (S)ACKed segment
	 * and waited an RTT plus the reordering window.  The segments all
	 * went at once; the SACK gives the first RTT sample, so the window
	 * is min_rtt / 4 while fewer than dupthresh are SACKed: a single
	 * SACK above a hole arms the reordering timer, no loss yet.  With
	 * dupthresh SACKed the window is 0 (no reordering seen): every hole
	 * below the highest SACK is lost, 8 too.
	 */
	{ .name = "RACK: one SACK above a hole waits the reordering window",
	  .rack = true, .reordering = 3, .pre = "..........", .ack = 0,
	  .dupacks = 1, .nblocks = 1, .blocks = { { S(1), S(2) } },
	  .want = ".S........", .sacked_out = 1,
	  .want_state = XTCP_CA_Disorder, .reord = 3 },
	{ .name = "RACK: every hole below the latest SACK is lost",
	  .rack = true, .reordering = 3, .pre = "..........", .ack = 0,
	  .dupacks = 1, .nblocks = 3,
	  .blocks = { { S(2), S(3) }, { S(5), S(8) }, { S(9), S(10) } },
	  .want = "LLSLLSSSLS", .sacked_out = 5, .lost_out = 5,
	  .want_state = XTCP_CA_Recovery, .reord = 3,
	  .mib = { [SACKREC] = 1 } },
	{ .name = "no SACK: three duplicate ACKs, NewReno",
	  .reno = true, .reordering = 3, .pre = "..........", .ack = 0,
	  .dupacks = 3, .want = "L.........", .sacked_out = 3,
	  .lost_out = 1, .want_state = XTCP_CA_Recovery, .reord = 3,
	  .mib = { [RENOREC] = 1 } },
};

/*
 * An skb for segment @i (XS_ISS + S(@i) to the next), no data yet, as sent
 * at @sent_ns with scoreboard bits @sacked, on @sk's retransmission
 * queue; the caller adds the data (xs_add_data()).
 */
static struct sk_buff *xs_queue_skb(struct kunit *test, struct sock *sk,
				    int i, u8 sacked, u64 sent_ns)
{
	struct sk_buff *skb = xtcp_stream_alloc_skb(sk, GFP_KERNEL, true);

	KUNIT_ASSERT_NOT_NULL(test, skb);
	sk_wmem_queued_add(sk, skb->truesize);
	sk_mem_charge(sk, skb->truesize);
	XTCP_SKB_CB(skb)->seq = XS_ISS + S(i);
	XTCP_SKB_CB(skb)->end_seq = XS_ISS + S(i + 1);
	XTCP_SKB_CB(skb)->tcp_flags = XTCPHDR_ACK;
	XTCP_SKB_CB(skb)->sacked = sacked;
	xtcp_skb_pcount_set(skb, 1);
	skb->skb_mstamp_ns = sent_ns;
	__skb_queue_tail(&xtcp_sk(sk)->rtx_queue, skb);
	xtcp_sk(sk)->packets_out++;
	return skb;
}

/*
 * @len bytes at @off of @page as @skb's next frag, charged to @sk as
 * xtcp_sendmsg() charges what it copies; the frag takes a page
 * reference of its own.
 */
static void xs_add_data(struct sock *sk, struct sk_buff *skb,
			struct page *page, u32 off, u32 len)
{
	get_page(page);
	skb_fill_page_desc(skb, skb_shinfo(skb)->nr_frags, page, off, len);
	skb->len += len;
	skb->data_len += len;
	skb->truesize += len;
	sk_wmem_queued_add(sk, len);
	sk_mem_charge(sk, len);
}

/*
 * Segments @i to @i + @segs - 1 as one skb sent at @sent_ns, with
 * scoreboard bits @sacked, as Linux queues a GSO packet's worth: @segs
 * MSS of data in a page, counted as @segs segments (xtcp_skb_pcount()).
 * The counters its bits stand for are the caller's.
 */
static struct sk_buff *xs_queue_sent_segs(struct kunit *test, struct sock *sk,
					  int i, int segs, u8 sacked,
					  u64 sent_ns)
{
	struct sk_buff *skb = xs_queue_skb(test, sk, i, sacked, sent_ns);
	u32 len = segs * XS_MSS;
	struct page *page;

	KUNIT_ASSERT_LE(test, len, (u32)PAGE_SIZE);
	page = alloc_page(GFP_KERNEL | __GFP_ZERO);
	KUNIT_ASSERT_NOT_NULL(test, page);
	xs_add_data(sk, skb, page, 0, len);
	put_page(page);
	XTCP_SKB_CB(skb)->end_seq = XS_ISS + S(i + segs);
	xtcp_skb_pcount_set(skb, segs);
	/* One segment is counted without a segment size, as Linux's. */
	if (segs > 1)
		XTCP_SKB_CB(skb)->tcp_gso_size = XS_MSS;
	xtcp_sk(sk)->packets_out += segs - 1;
	return skb;
}

/*
 * Segment @i (one MSS of data from XS_ISS + S(@i)) as sent at @sent_ns,
 * with scoreboard bits @sacked, on @sk's retransmission queue.
 */
static struct sk_buff *xs_queue_sent(struct kunit *test, struct sock *sk,
				     int i, u8 sacked, u64 sent_ns)
{
	return xs_queue_sent_segs(test, sk, i, 1, sacked, sent_ns);
}

static u8 xs_bits(char c)
{
	switch (c) {
	case 'S':
		return XTCPCB_SACKED_ACKED;
	case 'L':
		return XTCPCB_LOST;
	case 'X':
		return XTCPCB_LOST | XTCPCB_RETRANS | XTCPCB_RETRANS_OUT;
	case 'T':
		return XTCPCB_SACKED_ACKED | XTCPCB_RETRANS |
		       XTCPCB_RETRANS_OUT;
	case 'r':
		return XTCPCB_RETRANS;
	default:
		return 0;
	}
}

static unsigned long xs_mib(int mib)
{
	return snmp_fold_field(xinet_net(&init_net)->mib.net_statistics, mib);
}

/*
 * A new socket in ESTABLISHED, its queue of XS_SEGS sent segments marked
 * as @tc's @pre; xtcp_kunit_release() frees it.
 */
static struct socket *xs_open(struct kunit *test,
			      const struct xtcp_sack_case *tc)
{
	struct socket *sock;
	struct xtcp_sock *tp;
	struct sock *sk;
	int i;

	KUNIT_ASSERT_EQ(test, sock_create_kern(&init_net, xinet_family,
					       SOCK_STREAM, IPPROTO_TCP,
					       &sock), 0);
	sk = sock->sk;
	tp = xtcp_sk(sk);

	KUNIT_ASSERT_EQ(test, xtcp_setsockopt(sk, SOL_TCP, TCP_CONGESTION,
					      KERNEL_SOCKPTR("reno"), 4), 0);
	lock_sock(sk);
	xtcp_kunit_sync(sk, XS_MSS);
	tp->snd_wl1 = XS_IRS;
	tp->snd_cwnd = 20;
	tp->snd_ssthresh = XTCP_INFINITE_SSTHRESH;
	/* A row that starts in Recovery started its reduction from here. */
	tp->prior_cwnd = tp->snd_cwnd;
	tp->rx_opt.sack_ok = !tc->reno;
	tp->reordering = tc->reordering;
	/* No options: a resend's MSS is mss_cache, XS_MSS, whole segments. */
	tp->tcp_header_len = sizeof(struct tcphdr);
	/* D-SACKs are believed while they report no more than was resent. */
	tp->total_retrans = XS_SEGS;
	xtcp_set_state(sk, TCP_ESTABLISHED);
	xtcp_set_ca_state(sk, tc->state);
	tp->high_seq = XS_ISS + S(XS_SEGS);

	for (i = 0; i < XS_SEGS; i++) {
		u8 sacked = xs_bits(tc->pre[i]);
		struct sk_buff *skb = xs_queue_sent(test, sk, i, sacked,
						    ktime_get_ns());

		if (sacked & XTCPCB_SACKED_ACKED) {
			tp->sacked_out++;
			tp->highest_sack_seq = XTCP_SKB_CB(skb)->end_seq;
		}
		if (sacked & XTCPCB_LOST)
			tp->lost_out++;
		if (sacked & XTCPCB_RETRANS_OUT)
			tp->retrans_out++;
	}
	tp->snd_nxt = XS_ISS + S(XS_SEGS);
	tp->write_seq = tp->snd_nxt;
	tp->undo_marker = tc->undo_marker ? XS_ISS + S(tc->undo_marker - 1) : 0;
	tp->undo_retrans = tc->undo_marker ? 1 : -1;
	release_sock(sk);
	return sock;
}

/*
 * An ACK of @ack with the SACK blocks @blocks (bytes from XS_ISS), and a
 * timestamp option echoing @tsecr unless it is 0.
 */
static struct sk_buff *xs_ack_ts(struct kunit *test, u32 ack, int nblocks,
				 const int (*blocks)[2], u32 tsecr)
{
	unsigned int optlen = (nblocks ? XTCPOLEN_SACK_BASE_ALIGNED +
					 nblocks * XTCPOLEN_SACK_PERBLOCK : 0) +
			      (tsecr ? XTCPOLEN_TSTAMP_ALIGNED : 0);
	struct sk_buff *skb;
	struct tcphdr *th;
	u8 *opt;
	int i;

	skb = alloc_skb(MAX_HEADER + sizeof(*th) + optlen, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, skb);
	skb_reserve(skb, MAX_HEADER);
	th = skb_put_zero(skb, sizeof(*th) + optlen);
	skb_reset_transport_header(skb);
	th->source = htons(80);
	th->dest = htons(40000);
	th->seq = htonl(XS_IRS);
	th->ack_seq = htonl(ack);
	th->doff = (sizeof(*th) + optlen) / 4;
	th->ack = 1;
	th->window = htons(65535);
	opt = (u8 *)(th + 1);
	if (tsecr) {
		*opt++ = XTCPOPT_NOP;
		*opt++ = XTCPOPT_NOP;
		*opt++ = XTCPOPT_TIMESTAMP;
		*opt++ = XTCPOLEN_TIMESTAMP;
		put_unaligned_be32(1, opt);
		put_unaligned_be32(tsecr, opt + 4);
		opt += 8;
	}
	if (nblocks) {
		*opt++ = XTCPOPT_NOP;
		*opt++ = XTCPOPT_NOP;
		*opt++ = XTCPOPT_SACK;
		*opt++ = XTCPOLEN_SACK_BASE + nblocks * XTCPOLEN_SACK_PERBLOCK;
		for (i = 0; i < nblocks; i++) {
			put_unaligned_be32(XS_ISS + blocks[i][0], opt);
			put_unaligned_be32(XS_ISS + blocks[i][1], opt + 4);
			opt += XTCPOLEN_SACK_PERBLOCK;
		}
	}
	XTCP_SKB_CB(skb)->seq = XS_IRS;
	XTCP_SKB_CB(skb)->end_seq = XS_IRS;
	XTCP_SKB_CB(skb)->ack_seq = ack;
	XTCP_SKB_CB(skb)->tcp_flags = XTCPHDR_ACK;
	return skb;
}

static struct sk_buff *xs_ack(struct kunit *test, u32 ack, int nblocks,
			      const int (*blocks)[2])
{
	return xs_ack_ts(test, ack, nblocks, blocks, 0);
}

/* Feed @skb to @sk as softirq input does. */
static void xs_rcv(struct sock *sk, struct sk_buff *skb)
{
	local_bh_disable();
	bh_lock_sock(sk);
	xtcp_rcv_established(sk, skb);
	bh_unlock_sock(sk);
	local_bh_enable();
}

static void xtcp_sacktag_table_test(struct kunit *test)
{
	int c;

	for (c = 0; c < ARRAY_SIZE(xtcp_sack_cases); c++) {
		const struct xtcp_sack_case *tc = &xtcp_sack_cases[c];
		struct socket *sock;
		unsigned long before[NR_MIBS];
		struct sk_buff *skb;
		struct xtcp_sock *tp;
		struct sock *sk;
		int i;

		WRITE_ONCE(xinet_net(&init_net)->sysctl_tcp_recovery,
			   tc->rack ? XTCP_RACK_LOSS_DETECTION : 0);
		sock = xs_open(test, tc);
		sk = sock->sk;
		tp = xtcp_sk(sk);
		for (i = 0; i < NR_MIBS; i++)
			before[i] = xs_mib(xs_mibs[i]);
		for (i = 0; i < max(tc->dupacks, 1); i++)
			xs_rcv(sk, xs_ack(test, XS_ISS + S(tc->ack),
					  tc->nblocks, tc->blocks));

		lock_sock(sk);
		KUNIT_EXPECT_EQ_MSG(test, tp->snd_una, XS_ISS + S(tc->ack),
				    "%s", tc->name);
		/* Per segment: SACKed neighbours may share an skb now. */
		i = tc->ack;
		skb_queue_walk(&tp->rtx_queue, skb) {
			u8 got = XTCP_SKB_CB(skb)->sacked & XTCPCB_TAGBITS;
			int k;

			for (k = 0; k < xtcp_skb_pcount(skb); k++, i++) {
				KUNIT_ASSERT_LT_MSG(test, i - tc->ack,
						    (int)strlen(tc->want),
						    "%s: extra segment",
						    tc->name);
				KUNIT_EXPECT_EQ_MSG(test, got,
						    xs_bits(tc->want[i - tc->ack]) &
						    XTCPCB_TAGBITS,
						    "%s: segment %d", tc->name, i);
			}
		}
		KUNIT_EXPECT_EQ_MSG(test, i - tc->ack, (int)strlen(tc->want),
				    "%s: segments left", tc->name);
		KUNIT_EXPECT_EQ_MSG(test, tp->sacked_out, tc->sacked_out,
				    "%s: sacked_out", tc->name);
		KUNIT_EXPECT_EQ_MSG(test, tp->lost_out, tc->lost_out,
				    "%s: lost_out", tc->name);
		KUNIT_EXPECT_EQ_MSG(test, tp->retrans_out, tc->retrans_out,
				    "%s: retrans_out", tc->name);
		KUNIT_EXPECT_EQ_MSG(test, (int)xinet_csk(sk)->icsk_ca_state,
				    (int)tc->want_state, "%s: state",
				    tc->name);
		KUNIT_EXPECT_EQ_MSG(test, tp->reordering, tc->reord,
				    "%s: reordering", tc->name);
		for (i = 0; i < NR_MIBS; i++)
			KUNIT_EXPECT_EQ_MSG(test,
					    xs_mib(xs_mibs[i]) - before[i],
					    (unsigned long)tc->mib[i],
					    "%s: counter %d", tc->name, i);
		release_sock(sk);
		xtcp_kunit_release(sock);
	}
}

/*
 * A receiver that reneges: the ACK stops at a segment it had SACKed.
 * The retransmit timer comes in max(RTT/2, 10 ms); when it fires, the
 * SACK marks go and everything is lost (TCPSACKReneging).  Without
 * reneging, a timeout keeps the SACKed segments out of the loss.
 */
static void xtcp_sack_reneging_test(struct kunit *test)
{
	static const struct xtcp_sack_case tc = {
		.reordering = 10, .state = XTCP_CA_Disorder,
		.pre = "..SS.S....",
	};
	unsigned long reneging = xs_mib(LINUX_MIB_TCPSACKRENEGING);
	struct xinet_connection_sock *icsk;
	struct socket *sock;
	struct xtcp_sock *tp;
	struct sk_buff *skb;
	struct sock *sk;

	/* A timeout that is no reneging keeps the scoreboard. */
	sock = xs_open(test, &tc);
	sk = sock->sk;
	tp = xtcp_sk(sk);
	lock_sock(sk);
	xtcp_enter_loss(sk);
	KUNIT_EXPECT_EQ(test, tp->sacked_out, 3U);
	KUNIT_EXPECT_EQ(test, tp->lost_out, 7U);
	KUNIT_EXPECT_EQ(test, xtcp_packets_in_flight(tp), 0U);
	KUNIT_EXPECT_EQ(test, xs_mib(LINUX_MIB_TCPSACKRENEGING), reneging);
	release_sock(sk);
	xtcp_kunit_release(sock);

	/* The ACK of segments 0-2 stops at SACKed segment 3. */
	sock = xs_open(test, &tc);
	sk = sock->sk;
	tp = xtcp_sk(sk);
	icsk = xinet_csk(sk);
	xs_rcv(sk, xs_ack(test, XS_ISS + S(3), 0, NULL));
	lock_sock(sk);
	KUNIT_EXPECT_EQ(test, tp->sacked_out, 2U);
	KUNIT_EXPECT_EQ(test, icsk->icsk_pending, XICSK_TIME_RETRANS);
	KUNIT_EXPECT_LE(test, (long)(icsk->icsk_timeout - jiffies),
			(long)msecs_to_jiffies(10));
	/* The timer fires. */
	xtcp_enter_loss(sk);
	KUNIT_EXPECT_EQ(test, xs_mib(LINUX_MIB_TCPSACKRENEGING), reneging + 1);
	KUNIT_EXPECT_EQ(test, tp->sacked_out, 0U);
	KUNIT_EXPECT_EQ(test, tp->lost_out, 7U);
	KUNIT_EXPECT_TRUE(test, (bool)tp->is_sack_reneg);
	skb_queue_walk(&tp->rtx_queue, skb)
		KUNIT_EXPECT_EQ(test, XTCP_SKB_CB(skb)->sacked & XTCPCB_TAGBITS,
				XTCPCB_LOST);
	release_sock(sk);
	xtcp_kunit_release(sock);
}

/*
 * A tail loss repaired by the loss probe, as selftests/xinet/packetdrill/
 * rack_tlp_tail.pkt plays it on the wire: two segments out, sent 1 s
 * ago, both lost.  The probe resends the second (TCPLossProbes) as
 * Linux's tcp_send_loss_probe() does, with __tcp_retransmit_skb(): a
 * send, not a retransmission in flight.  Its SACK, a few us later
 * (min_rtt 1 us, so that it counts as the probe's own delivery), lets
 * RACK mark the first lost: recovery starts and the first goes again
 * on that very ACK.  Were the probe counted in retrans_out,
 * retrans_out >= lost_out would hold that fast retransmit back until
 * the RTO, as xinet's first loss probe did.  The
 * peer is 127.0.0.1: the probe and the retransmission really leave,
 * over xlo, to no socket.
 */
static void xtcp_tlp_rack_test(struct kunit *test)
{
	static const int sack[1][2] = { { S(1), S(2) } };
	unsigned long probes, fast;
	struct sk_buff *first, *last;
	struct socket *sock;
	struct xtcp_sock *tp;
	struct sock *sk;
	u64 sent_ns;
	int i;

	WRITE_ONCE(xinet_net(&init_net)->sysctl_tcp_recovery,
		   XTCP_RACK_LOSS_DETECTION);
	KUNIT_ASSERT_EQ(test, sock_create_kern(&init_net, xinet_family,
					       SOCK_STREAM, IPPROTO_TCP,
					       &sock), 0);
	sk = sock->sk;
	tp = xtcp_sk(sk);
	lock_sock(sk);
	xtcp_kunit_sync(sk, XS_MSS);
	sk->sk_daddr = htonl(INADDR_LOOPBACK);
	sk->sk_rcv_saddr = htonl(INADDR_LOOPBACK);
	xinet_sk(sk)->xinet_saddr = htonl(INADDR_LOOPBACK);
	tp->snd_wl1 = XS_IRS;
	tp->snd_cwnd = 10;
	tp->snd_ssthresh = XTCP_INFINITE_SSTHRESH;
	tp->rx_opt.sack_ok = 1;
	tp->tcp_header_len = sizeof(struct tcphdr);
	tp->reordering = 3;
	tp->srtt_us = (100 * USEC_PER_MSEC) << 3;
	minmax_reset(&tp->rtt_min, jiffies, 1);
	xtcp_set_state(sk, TCP_ESTABLISHED);
	sent_ns = ktime_get_ns() - NSEC_PER_SEC;
	for (i = 0; i < 2; i++)
		xs_queue_sent(test, sk, i, 0, sent_ns);
	tp->snd_nxt = XS_ISS + S(2);
	tp->write_seq = tp->snd_nxt;
	first = xtcp_rtx_queue_head(sk);
	last = skb_peek_tail(&tp->rtx_queue);

	/* The probe timer fires. */
	probes = xs_mib(LINUX_MIB_TCPLOSSPROBES);
	tp->tcp_mstamp = ktime_get_ns();
	xtcp_send_loss_probe(sk);
	KUNIT_EXPECT_EQ(test, xs_mib(LINUX_MIB_TCPLOSSPROBES), probes + 1);
	KUNIT_EXPECT_EQ(test, tp->tlp_high_seq, XS_ISS + S(2));
	KUNIT_EXPECT_TRUE(test, (bool)tp->tlp_retrans);
	KUNIT_EXPECT_EQ(test, XTCP_SKB_CB(last)->sacked,
			(u8)XTCPCB_RETRANS);
	KUNIT_EXPECT_EQ(test, tp->retrans_out, 0U);
	KUNIT_EXPECT_EQ(test, xtcp_packets_in_flight(tp), 2U);
	release_sock(sk);

	/* The probe's SACK. */
	fast = xs_mib(LINUX_MIB_TCPFASTRETRANS);
	xs_rcv(sk, xs_ack(test, XS_ISS, 1, sack));
	lock_sock(sk);
	KUNIT_EXPECT_EQ(test, (int)xinet_csk(sk)->icsk_ca_state,
			XTCP_CA_Recovery);
	KUNIT_EXPECT_EQ(test, XTCP_SKB_CB(last)->sacked & XTCPCB_TAGBITS,
			XTCPCB_SACKED_ACKED);
	KUNIT_EXPECT_EQ(test, XTCP_SKB_CB(first)->sacked & XTCPCB_TAGBITS,
			XTCPCB_LOST | XTCPCB_RETRANS_OUT);
	KUNIT_EXPECT_EQ(test, tp->lost_out, 1U);
	KUNIT_EXPECT_EQ(test, tp->retrans_out, 1U);
	KUNIT_EXPECT_EQ(test, xs_mib(LINUX_MIB_TCPFASTRETRANS), fast + 1);
	/* The head went again: the RTO runs from now. */
	KUNIT_EXPECT_EQ(test, (int)xinet_csk(sk)->icsk_pending,
			XICSK_TIME_RETRANS);
	release_sock(sk);
	xtcp_kunit_release(sock);
}

/*
 * RTT samples from SACKs (tcp_ack_update_rtt()): an ACK that only SACKs
 * never-retransmitted segments gives SRTT the oldest one's RTT, and
 * min_rtt the newest one's.  Segments 5 and 6 went 200 ms and 100 ms
 * before the ACK; the ACK's own processing adds microseconds, far less
 * than the 50 ms allowed.
 */
static void xtcp_sack_rtt_test(struct kunit *test)
{
	static const struct xtcp_sack_case tc = {
		.reordering = 3, .pre = "..........",
	};
	static const int sack[1][2] = { { S(5), S(7) } };
	struct socket *sock;
	struct xtcp_sock *tp;
	struct sk_buff *skb;
	struct sock *sk;
	u64 now;
	int i = 0;

	sock = xs_open(test, &tc);
	sk = sock->sk;
	tp = xtcp_sk(sk);
	lock_sock(sk);
	tp->srtt_us = 0;
	minmax_reset(&tp->rtt_min, jiffies, ~0U);
	now = ktime_get_ns();
	skb_queue_walk(&tp->rtx_queue, skb) {
		skb->skb_mstamp_ns = now - (i == 6 ? 100 : 200) * NSEC_PER_MSEC;
		i++;
	}
	release_sock(sk);

	xs_rcv(sk, xs_ack(test, XS_ISS, 1, sack));
	lock_sock(sk);
	KUNIT_EXPECT_EQ(test, tp->sacked_out, 2U);
	KUNIT_EXPECT_GE(test, tp->srtt_us >> 3, 200 * USEC_PER_MSEC);
	KUNIT_EXPECT_LT(test, tp->srtt_us >> 3, 250 * USEC_PER_MSEC);
	KUNIT_EXPECT_GE(test, xtcp_min_rtt(tp), 100 * USEC_PER_MSEC);
	KUNIT_EXPECT_LT(test, xtcp_min_rtt(tp), 150 * USEC_PER_MSEC);
	release_sock(sk);
	xtcp_kunit_release(sock);
}

/*
 * A socket in ESTABLISHED with SACK, reno, cwnd 20, nothing queued; the
 * caller queues what it sent.  xtcp_kunit_release() frees it.
 */
static struct socket *xs_open_empty(struct kunit *test)
{
	struct socket *sock;
	struct xtcp_sock *tp;
	struct sock *sk;

	KUNIT_ASSERT_EQ(test, sock_create_kern(&init_net, xinet_family,
					       SOCK_STREAM, IPPROTO_TCP,
					       &sock), 0);
	sk = sock->sk;
	tp = xtcp_sk(sk);
	KUNIT_ASSERT_EQ(test, xtcp_setsockopt(sk, SOL_TCP, TCP_CONGESTION,
					      KERNEL_SOCKPTR("reno"), 4), 0);
	lock_sock(sk);
	xtcp_kunit_sync(sk, XS_MSS);
	tp->snd_wl1 = XS_IRS;
	tp->snd_cwnd = 20;
	tp->snd_ssthresh = XTCP_INFINITE_SSTHRESH;
	tp->rx_opt.sack_ok = 1;
	tp->reordering = 3;
	/* No options: the current MSS is mss_cache, XS_MSS. */
	tp->tcp_header_len = sizeof(struct tcphdr);
	xtcp_set_state(sk, TCP_ESTABLISHED);
	release_sock(sk);
	return sock;
}

/*
 * A partial ACK of an skb of several segments (tcp_tso_acked()): the
 * acknowledged segments leave it and every counter, it stays with the
 * rest.  An ACK inside a segment trims the bytes but leaves the segment
 * counted, as Linux's; the ACK of the rest frees it.  Segments 0-3 are
 * one skb, 4 another.
 */
static void xtcp_tso_acked_test(struct kunit *test)
{
	struct socket *sock = xs_open_empty(test);
	struct sock *sk = sock->sk;
	struct xtcp_sock *tp = xtcp_sk(sk);
	struct sk_buff *head;
	u32 delivered;

	lock_sock(sk);
	head = xs_queue_sent_segs(test, sk, 0, 4, 0, ktime_get_ns());
	xs_queue_sent(test, sk, 4, 0, ktime_get_ns());
	tp->snd_nxt = XS_ISS + S(5);
	tp->write_seq = tp->snd_nxt;
	KUNIT_EXPECT_EQ(test, tp->packets_out, 5U);
	delivered = tp->delivered;
	release_sock(sk);

	/* Two of the head's four segments. */
	xs_rcv(sk, xs_ack(test, XS_ISS + S(2), 0, NULL));
	lock_sock(sk);
	KUNIT_EXPECT_EQ(test, tp->snd_una, XS_ISS + S(2));
	KUNIT_EXPECT_PTR_EQ(test, xtcp_rtx_queue_head(sk), head);
	KUNIT_EXPECT_EQ(test, XTCP_SKB_CB(head)->seq, XS_ISS + S(2));
	KUNIT_EXPECT_EQ(test, head->len, 2 * XS_MSS);
	KUNIT_EXPECT_EQ(test, xtcp_skb_pcount(head), 2);
	KUNIT_EXPECT_EQ(test, tp->packets_out, 3U);
	KUNIT_EXPECT_EQ(test, tp->delivered - delivered, 2U);
	release_sock(sk);

	/* Half a segment: the bytes go, the segment is still out. */
	xs_rcv(sk, xs_ack(test, XS_ISS + S(2) + XS_MSS / 2, 0, NULL));
	lock_sock(sk);
	KUNIT_EXPECT_EQ(test, XTCP_SKB_CB(head)->seq,
			XS_ISS + S(2) + XS_MSS / 2);
	KUNIT_EXPECT_EQ(test, head->len, 3 * XS_MSS / 2);
	KUNIT_EXPECT_EQ(test, xtcp_skb_pcount(head), 2);
	KUNIT_EXPECT_EQ(test, tp->packets_out, 3U);
	KUNIT_EXPECT_EQ(test, tp->delivered - delivered, 2U);
	release_sock(sk);

	/* The rest of it: freed, segment 4 alone out. */
	xs_rcv(sk, xs_ack(test, XS_ISS + S(4), 0, NULL));
	lock_sock(sk);
	KUNIT_EXPECT_EQ(test, skb_queue_len(&tp->rtx_queue), 1U);
	KUNIT_EXPECT_EQ(test, XTCP_SKB_CB(xtcp_rtx_queue_head(sk))->seq,
			XS_ISS + S(4));
	KUNIT_EXPECT_EQ(test, tp->packets_out, 1U);
	KUNIT_EXPECT_EQ(test, tp->delivered - delivered, 4U);
	release_sock(sk);
	xtcp_kunit_release(sock);
}

/*
 * A SACK block over part of an skb of several segments cuts it at the
 * block's edges (tcp_match_skb_to_sack()), rounded to whole segments:
 * the segments in the block are SACKed, those around it not.  Segments
 * 0-3 are one skb, 4 and 5 two more; the second row's edges fall inside
 * segments 1 and 3, neither of which the receiver holds whole.
 */
static void xtcp_sack_split_test(struct kunit *test)
{
	static const struct {
		int block[1][2];
		const char *want;	/* the bits of the first skb's pieces */
		int pcount[3];
		u32 sacked_out;
	} rows[] = {
		{ { { S(1), S(3) } }, ".S.", { 1, 2, 1 }, 2 },
		{ { { S(1) + 300, S(3) + 500 } }, ".S.", { 2, 1, 1 }, 1 },
	};
	int r;

	for (r = 0; r < ARRAY_SIZE(rows); r++) {
		struct socket *sock = xs_open_empty(test);
		struct sock *sk = sock->sk;
		struct xtcp_sock *tp = xtcp_sk(sk);
		struct sk_buff *skb;
		int i = 0;
		u32 seq;

		lock_sock(sk);
		xs_queue_sent_segs(test, sk, 0, 4, 0, ktime_get_ns());
		xs_queue_sent(test, sk, 4, 0, ktime_get_ns());
		xs_queue_sent(test, sk, 5, 0, ktime_get_ns());
		tp->snd_nxt = XS_ISS + S(6);
		tp->write_seq = tp->snd_nxt;
		release_sock(sk);

		xs_rcv(sk, xs_ack(test, XS_ISS, 1, rows[r].block));
		lock_sock(sk);
		seq = XS_ISS;
		skb_queue_walk(&tp->rtx_queue, skb) {
			if (i >= 3)
				break;
			KUNIT_EXPECT_EQ_MSG(test, XTCP_SKB_CB(skb)->seq, seq,
					    "row %d skb %d", r, i);
			KUNIT_EXPECT_EQ_MSG(test,
					    XTCP_SKB_CB(skb)->sacked &
					    XTCPCB_TAGBITS,
					    xs_bits(rows[r].want[i]),
					    "row %d skb %d", r, i);
			KUNIT_EXPECT_EQ_MSG(test, xtcp_skb_pcount(skb),
					    rows[r].pcount[i],
					    "row %d skb %d", r, i);
			KUNIT_EXPECT_EQ_MSG(test, skb->len,
					    rows[r].pcount[i] * XS_MSS,
					    "row %d skb %d", r, i);
			seq += skb->len;
			i++;
		}
		/* Three skbs of the first, then segments 4 and 5 as sent. */
		KUNIT_EXPECT_EQ_MSG(test, seq, XS_ISS + S(4), "row %d", r);
		KUNIT_EXPECT_EQ_MSG(test, skb_queue_len(&tp->rtx_queue), 5U,
				    "row %d", r);
		KUNIT_EXPECT_EQ_MSG(test, tp->packets_out, 6U, "row %d", r);
		KUNIT_EXPECT_EQ_MSG(test, tp->sacked_out, rows[r].sacked_out,
				    "row %d", r);
		KUNIT_EXPECT_EQ_MSG(test, tp->highest_sack_seq, XS_ISS + S(3),
				    "row %d", r);
		release_sock(sk);
		xtcp_kunit_release(sock);
	}
}

/*
 * A lost skb of four segments resent as cwnd allows (tcp_retransmit_skb's
 * tcp_fragment): one segment, then two, each cut off the front and
 * counted in retrans_out and total_retrans by its segments; the last
 * stays lost, not resent.  The peer is 127.0.0.1: the resends really
 * leave, over xlo, to no socket.
 */
static void xtcp_retransmit_cut_test(struct kunit *test)
{
	struct socket *sock = xs_open_empty(test);
	struct sock *sk = sock->sk;
	struct xtcp_sock *tp = xtcp_sk(sk);
	struct sk_buff *head, *next;
	u32 total_retrans;

	lock_sock(sk);
	sk->sk_daddr = htonl(INADDR_LOOPBACK);
	sk->sk_rcv_saddr = htonl(INADDR_LOOPBACK);
	xinet_sk(sk)->xinet_saddr = htonl(INADDR_LOOPBACK);
	head = xs_queue_sent_segs(test, sk, 0, 4, XTCPCB_LOST,
				  ktime_get_ns() - NSEC_PER_SEC);
	tp->lost_out = 4;
	tp->snd_nxt = XS_ISS + S(4);
	tp->write_seq = tp->snd_nxt;
	total_retrans = tp->total_retrans;

	KUNIT_ASSERT_EQ(test, xtcp_retransmit_skb(sk, head, 1), 0);
	KUNIT_EXPECT_EQ(test, head->len, XS_MSS);
	KUNIT_EXPECT_EQ(test, xtcp_skb_pcount(head), 1);
	KUNIT_EXPECT_EQ(test, XTCP_SKB_CB(head)->sacked & XTCPCB_TAGBITS,
			XTCPCB_LOST | XTCPCB_RETRANS_OUT);
	next = skb_queue_next(&tp->rtx_queue, head);
	KUNIT_EXPECT_EQ(test, XTCP_SKB_CB(next)->seq, XS_ISS + S(1));
	KUNIT_EXPECT_EQ(test, xtcp_skb_pcount(next), 3);
	KUNIT_EXPECT_EQ(test, XTCP_SKB_CB(next)->sacked & XTCPCB_TAGBITS,
			XTCPCB_LOST);
	KUNIT_EXPECT_EQ(test, tp->retrans_out, 1U);
	KUNIT_EXPECT_EQ(test, tp->total_retrans - total_retrans, 1U);

	KUNIT_ASSERT_EQ(test, xtcp_retransmit_skb(sk, next, 2), 0);
	KUNIT_EXPECT_EQ(test, next->len, 2 * XS_MSS);
	KUNIT_EXPECT_EQ(test, xtcp_skb_pcount(next), 2);
	KUNIT_EXPECT_EQ(test, xtcp_skb_pcount(skb_peek_tail(&tp->rtx_queue)),
			1);
	KUNIT_EXPECT_EQ(test, XTCP_SKB_CB(skb_peek_tail(&tp->rtx_queue))->sacked &
			XTCPCB_TAGBITS, XTCPCB_LOST);
	KUNIT_EXPECT_EQ(test, skb_queue_len(&tp->rtx_queue), 3U);
	KUNIT_EXPECT_EQ(test, tp->retrans_out, 3U);
	KUNIT_EXPECT_EQ(test, tp->lost_out, 4U);
	KUNIT_EXPECT_EQ(test, tp->packets_out, 4U);
	KUNIT_EXPECT_EQ(test, tp->total_retrans - total_retrans, 3U);
	release_sock(sk);
	xtcp_kunit_release(sock);
}

/*
 * @len bytes at @off of @page as one sent segment from XS_ISS + @seq,
 * with scoreboard bits @sacked.
 */
static struct sk_buff *xs_queue_bytes(struct kunit *test, struct sock *sk,
				      u32 seq, u32 len, struct page *page,
				      u32 off, u8 sacked)
{
	struct sk_buff *skb = xs_queue_skb(test, sk, 0, sacked, ktime_get_ns());

	xs_add_data(sk, skb, page, off, len);
	XTCP_SKB_CB(skb)->seq = XS_ISS + seq;
	XTCP_SKB_CB(skb)->end_seq = XS_ISS + seq + len;
	return skb;
}

/*
 * SACKed data joins the SACKed skb before it (tcp_shift_skb_data(),
 * tcp_shifted_skb()).  Five one-segment skbs, 0-3 adjacent in one page:
 * SACKs of 1 and 3 tag them in place; a SACK of 1-3 moves 2 into 1, and
 * with the hole filled 3 joins as well, leaving one SACKed skb of three
 * segments whose frags are one (TCPSackMerged twice).  Then one SACKed
 * segment before an skb of three, a clone of which is still in flight: a
 * block over its first two moves just those (TCPSackShifted), whole
 * segments, and the clone keeps what was sent.
 */
static void xtcp_sack_shift_test(struct kunit *test)
{
	static const int blocks_a[2][2] = { { S(1), S(2) }, { S(3), S(4) } };
	static const int block_b[1][2] = { { S(1), S(4) } };
	unsigned long merged = xs_mib(LINUX_MIB_SACKMERGED);
	unsigned long shifted = xs_mib(LINUX_MIB_SACKSHIFTED);
	struct socket *sock = xs_open_empty(test);
	struct sock *sk = sock->sk;
	struct xtcp_sock *tp = xtcp_sk(sk);
	struct sk_buff *one, *tail, *clone;
	struct page *p1, *p2;
	int i;

	p1 = alloc_page(GFP_KERNEL | __GFP_ZERO);
	p2 = alloc_page(GFP_KERNEL | __GFP_ZERO);
	KUNIT_ASSERT_NOT_NULL(test, p1);
	KUNIT_ASSERT_NOT_NULL(test, p2);
	lock_sock(sk);
	/* No recovery: only the scoreboard is looked at. */
	tp->reordering = 10;
	for (i = 0; i < 5; i++)
		xs_queue_bytes(test, sk, S(i), XS_MSS, i < 4 ? p1 : p2,
			       i < 4 ? S(i) : 0, 0);
	one = skb_queue_next(&tp->rtx_queue, xtcp_rtx_queue_head(sk));
	tp->snd_nxt = XS_ISS + S(5);
	tp->write_seq = tp->snd_nxt;
	release_sock(sk);

	xs_rcv(sk, xs_ack(test, XS_ISS, 2, blocks_a));
	lock_sock(sk);
	KUNIT_EXPECT_EQ(test, skb_queue_len(&tp->rtx_queue), 5U);
	KUNIT_EXPECT_EQ(test, tp->sacked_out, 2U);
	release_sock(sk);

	xs_rcv(sk, xs_ack(test, XS_ISS, 1, block_b));
	lock_sock(sk);
	KUNIT_EXPECT_EQ(test, skb_queue_len(&tp->rtx_queue), 3U);
	KUNIT_EXPECT_EQ(test, XTCP_SKB_CB(one)->seq, XS_ISS + S(1));
	KUNIT_EXPECT_EQ(test, XTCP_SKB_CB(one)->end_seq, XS_ISS + S(4));
	KUNIT_EXPECT_EQ(test, one->len, 3 * XS_MSS);
	KUNIT_EXPECT_EQ(test, xtcp_skb_pcount(one), 3);
	KUNIT_EXPECT_EQ(test, xtcp_skb_mss(one), (int)XS_MSS);
	KUNIT_EXPECT_EQ(test, skb_shinfo(one)->nr_frags, 1);
	KUNIT_EXPECT_EQ(test, XTCP_SKB_CB(one)->sacked & XTCPCB_TAGBITS,
			XTCPCB_SACKED_ACKED);
	KUNIT_EXPECT_EQ(test, tp->sacked_out, 3U);
	KUNIT_EXPECT_EQ(test, tp->packets_out, 5U);
	KUNIT_EXPECT_EQ(test, tp->highest_sack_seq, XS_ISS + S(4));
	KUNIT_EXPECT_EQ(test, xs_mib(LINUX_MIB_SACKMERGED), merged + 2);
	release_sock(sk);
	xtcp_kunit_release(sock);

	sock = xs_open_empty(test);
	sk = sock->sk;
	tp = xtcp_sk(sk);
	lock_sock(sk);
	tp->reordering = 10;
	xs_queue_bytes(test, sk, S(0), XS_MSS, p1, 0, 0);
	one = xs_queue_bytes(test, sk, S(1), XS_MSS, p1, S(1),
			     XTCPCB_SACKED_ACKED);
	tp->sacked_out = 1;
	tp->highest_sack_seq = XS_ISS + S(2);
	tail = xs_queue_sent_segs(test, sk, 2, 3, 0, ktime_get_ns());
	/* A copy still in flight, which the shift must leave as sent. */
	clone = skb_clone(tail, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, clone);
	tp->snd_nxt = XS_ISS + S(5);
	tp->write_seq = tp->snd_nxt;
	release_sock(sk);

	xs_rcv(sk, xs_ack(test, XS_ISS, 1, block_b));
	lock_sock(sk);
	KUNIT_EXPECT_EQ(test, clone->len, 3 * XS_MSS);
	KUNIT_EXPECT_EQ(test, skb_shinfo(clone)->nr_frags, 1);
	KUNIT_EXPECT_EQ(test, skb_frag_size(&skb_shinfo(clone)->frags[0]),
			3 * XS_MSS);
	kfree_skb(clone);
	KUNIT_EXPECT_EQ(test, skb_queue_len(&tp->rtx_queue), 3U);
	KUNIT_EXPECT_EQ(test, XTCP_SKB_CB(one)->end_seq, XS_ISS + S(4));
	KUNIT_EXPECT_EQ(test, xtcp_skb_pcount(one), 3);
	KUNIT_EXPECT_EQ(test, skb_shinfo(one)->nr_frags, 2);
	KUNIT_EXPECT_EQ(test, XTCP_SKB_CB(tail)->seq, XS_ISS + S(4));
	KUNIT_EXPECT_EQ(test, tail->len, XS_MSS);
	KUNIT_EXPECT_EQ(test, xtcp_skb_pcount(tail), 1);
	KUNIT_EXPECT_EQ(test, XTCP_SKB_CB(tail)->sacked & XTCPCB_TAGBITS, 0);
	KUNIT_EXPECT_EQ(test, tp->sacked_out, 3U);
	KUNIT_EXPECT_EQ(test, tp->packets_out, 5U);
	KUNIT_EXPECT_EQ(test, xs_mib(LINUX_MIB_SACKSHIFTED), shifted + 1);
	release_sock(sk);
	xtcp_kunit_release(sock);
	put_page(p1);
	put_page(p2);
}

/*
 * A resend of a short lost segment takes the short ones behind it along
 * (tcp_retrans_try_collapse()), up to an MSS, and stops at a SACKed one:
 * four 100-byte segments, the first two adjacent in one page (their frags
 * join), the third in another page, the fourth SACKed.  With
 * net.xinet.tcp_retrans_collapse 0 the first goes alone.
 */
static void xtcp_retrans_collapse_test(struct kunit *test)
{
	struct xinet_net *xn = xinet_net(&init_net);
	u8 saved = xn->sysctl_tcp_retrans_collapse;
	struct page *p1, *p2;
	int collapse;

	p1 = alloc_page(GFP_KERNEL | __GFP_ZERO);
	p2 = alloc_page(GFP_KERNEL | __GFP_ZERO);
	KUNIT_ASSERT_NOT_NULL(test, p1);
	KUNIT_ASSERT_NOT_NULL(test, p2);
	for (collapse = 1; collapse >= 0; collapse--) {
		struct socket *sock = xs_open_empty(test);
		struct sock *sk = sock->sk;
		struct xtcp_sock *tp = xtcp_sk(sk);
		struct sk_buff *head;

		lock_sock(sk);
		sk->sk_daddr = htonl(INADDR_LOOPBACK);
		sk->sk_rcv_saddr = htonl(INADDR_LOOPBACK);
		xinet_sk(sk)->xinet_saddr = htonl(INADDR_LOOPBACK);
		head = xs_queue_bytes(test, sk, 0, 100, p1, 0, XTCPCB_LOST);
		xs_queue_bytes(test, sk, 100, 100, p1, 100, XTCPCB_LOST);
		xs_queue_bytes(test, sk, 200, 100, p2, 0, XTCPCB_LOST);
		xs_queue_bytes(test, sk, 300, 100, p2, 100, XTCPCB_SACKED_ACKED);
		tp->lost_out = 3;
		tp->sacked_out = 1;
		tp->snd_nxt = XS_ISS + 400;
		tp->write_seq = tp->snd_nxt;
		WRITE_ONCE(xn->sysctl_tcp_retrans_collapse, collapse);

		KUNIT_ASSERT_EQ(test, xtcp_retransmit_skb(sk, head, 1), 0);
		if (collapse) {
			KUNIT_EXPECT_EQ(test, head->len, 300U);
			KUNIT_EXPECT_EQ(test, XTCP_SKB_CB(head)->end_seq,
					XS_ISS + 300);
			KUNIT_EXPECT_EQ(test, skb_shinfo(head)->nr_frags, 2);
			KUNIT_EXPECT_EQ(test, skb_queue_len(&tp->rtx_queue), 2U);
			KUNIT_EXPECT_EQ(test, tp->packets_out, 2U);
			KUNIT_EXPECT_EQ(test, tp->lost_out, 1U);
		} else {
			KUNIT_EXPECT_EQ(test, head->len, 100U);
			KUNIT_EXPECT_EQ(test, skb_queue_len(&tp->rtx_queue), 4U);
			KUNIT_EXPECT_EQ(test, tp->packets_out, 4U);
			KUNIT_EXPECT_EQ(test, tp->lost_out, 3U);
		}
		KUNIT_EXPECT_EQ(test, xtcp_skb_pcount(head), 1);
		KUNIT_EXPECT_EQ(test, tp->retrans_out, 1U);
		KUNIT_EXPECT_EQ(test, tp->sacked_out, 1U);
		KUNIT_EXPECT_EQ(test, XTCP_SKB_CB(skb_peek_tail(&tp->rtx_queue))->seq,
				XS_ISS + 300);
		release_sock(sk);
		xtcp_kunit_release(sock);
	}
	WRITE_ONCE(xn->sysctl_tcp_retrans_collapse, saved);
	put_page(p1);
	put_page(p2);
}

/*
 * The retransmission queue's memory bound (tcp_fragment()'s
 * TCPWqueueTooBig): once the queues hold more than twice sk_sndbuf plus
 * two full-sized skbs, a SACK block may no longer cut an skb in the
 * middle of the queue, only its head and tail; below the bound it may.
 * Three skbs of two segments each, 0-1, 2-3 and 4-5.
 */
static void xtcp_fragment_limit_test(struct kunit *test)
{
	struct socket *sock = xs_open_empty(test);
	struct sock *sk = sock->sk;
	struct xtcp_sock *tp = xtcp_sk(sk);
	unsigned long toobig = xs_mib(LINUX_MIB_TCPWQUEUETOOBIG);
	struct sk_buff *head, *mid, *tail;
	u64 now = ktime_get_ns();
	int excess;

	lock_sock(sk);
	head = xs_queue_sent_segs(test, sk, 0, 2, 0, now);
	mid = xs_queue_sent_segs(test, sk, 2, 2, 0, now);
	tail = xs_queue_sent_segs(test, sk, 4, 2, 0, now);
	tp->snd_nxt = XS_ISS + S(6);
	tp->write_seq = tp->snd_nxt;
	sk->sk_sndbuf = SOCK_MIN_SNDBUF;
	excess = 2 * (SOCK_MIN_SNDBUF + 2 * SKB_TRUESIZE(GSO_LEGACY_MAX_SIZE));
	/* Queued as if in skbs the test does not make; only the count. */
	sk_wmem_queued_add(sk, excess);

	KUNIT_EXPECT_EQ(test, xtcp_fragment(sk, &tp->rtx_queue, mid, XS_MSS,
					    XS_MSS, GFP_KERNEL), -ENOMEM);
	KUNIT_EXPECT_EQ(test, xs_mib(LINUX_MIB_TCPWQUEUETOOBIG), toobig + 1);
	KUNIT_EXPECT_EQ(test, xtcp_skb_pcount(mid), 2);
	KUNIT_EXPECT_EQ(test, skb_queue_len(&tp->rtx_queue), 3U);
	KUNIT_EXPECT_EQ(test, xtcp_fragment(sk, &tp->rtx_queue, head, XS_MSS,
					    XS_MSS, GFP_KERNEL), 0);
	KUNIT_EXPECT_EQ(test, xtcp_fragment(sk, &tp->rtx_queue, tail, XS_MSS,
					    XS_MSS, GFP_KERNEL), 0);
	KUNIT_EXPECT_EQ(test, skb_queue_len(&tp->rtx_queue), 5U);
	KUNIT_EXPECT_EQ(test, xs_mib(LINUX_MIB_TCPWQUEUETOOBIG), toobig + 1);

	sk_wmem_queued_add(sk, -excess);
	KUNIT_EXPECT_EQ(test, xtcp_fragment(sk, &tp->rtx_queue, mid, XS_MSS,
					    XS_MSS, GFP_KERNEL), 0);
	KUNIT_EXPECT_EQ(test, skb_queue_len(&tp->rtx_queue), 6U);
	KUNIT_EXPECT_EQ(test, tp->packets_out, 6U);
	release_sock(sk);
	xtcp_kunit_release(sock);
}

/*
 * An skb of four segments at the send head, cwnd 4 and nothing in
 * flight: at most half of cwnd goes in one packet (tcp_cwnd_test()), so
 * xtcp_write_xmit() cuts it in two (tcp_mss_split_point(),
 * tso_fragment()) and sends each half as a GSO packet of two segments.
 * The route is taken to segment TCP (sk_route_caps); the peer is
 * 127.0.0.1: the packets really leave, over xlo, to no socket.  Both
 * halves left their headroom to their clones' headers
 * (__skb_header_release(), so no clone's head is copied on its way out)
 * and the new one keeps CHECKSUM_PARTIAL, which data appended to it
 * would otherwise be checksummed for.
 */
static void xtcp_write_xmit_split_test(struct kunit *test)
{
	struct socket *sock = xs_open_empty(test);
	struct sock *sk = sock->sk;
	struct xtcp_sock *tp = xtcp_sk(sk);
	struct sk_buff *skb;
	struct page *page;
	int i = 0;

	lock_sock(sk);
	sk->sk_daddr = htonl(INADDR_LOOPBACK);
	sk->sk_rcv_saddr = htonl(INADDR_LOOPBACK);
	xinet_sk(sk)->xinet_saddr = htonl(INADDR_LOOPBACK);
	sk->sk_route_caps |= NETIF_F_TSO;
	sk->sk_gso_max_size = 65536;
	sk->sk_gso_max_segs = 64;
	tp->snd_cwnd = 4;
	/* Not urgent mode (snd_up behind snd_una): that sends MSS packets. */
	tp->snd_up = tp->snd_una;

	skb = xtcp_stream_alloc_skb(sk, GFP_KERNEL, true);
	KUNIT_ASSERT_NOT_NULL(test, skb);
	xtcp_skb_entail(sk, skb);
	page = alloc_page(GFP_KERNEL | __GFP_ZERO);
	KUNIT_ASSERT_NOT_NULL(test, page);
	skb_fill_page_desc(skb, 0, page, 0, 4 * XS_MSS);
	skb->len += 4 * XS_MSS;
	skb->data_len += 4 * XS_MSS;
	skb->truesize += 4 * XS_MSS;
	sk_wmem_queued_add(sk, 4 * XS_MSS);
	sk_mem_charge(sk, 4 * XS_MSS);
	XTCP_SKB_CB(skb)->end_seq += 4 * XS_MSS;
	tp->write_seq += 4 * XS_MSS;

	xtcp_write_xmit(sk, xtcp_current_mss(sk), XTCP_NAGLE_PUSH, GFP_KERNEL);
	KUNIT_EXPECT_NULL(test, xtcp_send_head(sk));
	KUNIT_EXPECT_EQ(test, tp->snd_nxt, XS_ISS + S(4));
	KUNIT_EXPECT_EQ(test, tp->packets_out, 4U);
	KUNIT_EXPECT_EQ(test, skb_queue_len(&tp->rtx_queue), 2U);
	skb_queue_walk(&tp->rtx_queue, skb) {
		KUNIT_EXPECT_EQ(test, XTCP_SKB_CB(skb)->seq,
				XS_ISS + S(2 * i));
		KUNIT_EXPECT_EQ(test, xtcp_skb_pcount(skb), 2);
		KUNIT_EXPECT_EQ(test, skb->len, 2 * XS_MSS);
		KUNIT_EXPECT_TRUE(test, skb->nohdr);
		KUNIT_EXPECT_TRUE(test, skb->ip_summed == CHECKSUM_PARTIAL);
		i++;
	}
	release_sock(sk);
	xtcp_kunit_release(sock);
}

static struct kunit_case xtcp_sack_cases_list[] = {
	KUNIT_CASE(xtcp_sacktag_table_test),
	KUNIT_CASE(xtcp_sack_reneging_test),
	KUNIT_CASE(xtcp_tlp_rack_test),
	KUNIT_CASE(xtcp_sack_rtt_test),
	KUNIT_CASE(xtcp_tso_acked_test),
	KUNIT_CASE(xtcp_sack_split_test),
	KUNIT_CASE(xtcp_sack_shift_test),
	KUNIT_CASE(xtcp_retransmit_cut_test),
	KUNIT_CASE(xtcp_fragment_limit_test),
	KUNIT_CASE(xtcp_retrans_collapse_test),
	KUNIT_CASE(xtcp_write_xmit_split_test),
	{}
};

#define XS_REC_EVENTS	64	/* a ring no row fills */

/* The events of @sk's flight recorder of @type and @cause; @sk locked. */
static int xs_rec_count(struct sock *sk, u16 type, u16 cause)
{
	static struct xtcp_rec_event ev[XS_REC_EVENTS];
	struct xtcp_rec_header hdr;
	struct xtcp_rec_ring *ring;
	int i, k = 0;
	u32 n;

	ring = rcu_dereference_protected(xtcp_sk(sk)->rec,
					 lockdep_sock_is_held(sk));
	if (!ring)
		return -1;
	n = xtcp_rec_ring_read(ring, &hdr, ev, ARRAY_SIZE(ev));
	for (i = 0; i < n; i++)
		k += ev[i].type == type && ev[i].cause == cause;
	return k;
}

static u8 xs_saved_recovery;

/* The rows choose tcp_recovery; init_net's is put back after each test. */
static int xs_init(struct kunit *test)
{
	xs_saved_recovery = READ_ONCE(xinet_net(&init_net)->sysctl_tcp_recovery);
	WRITE_ONCE(xinet_net(&init_net)->sysctl_tcp_recovery, 0);
	return 0;
}

static void xs_exit(struct kunit *test)
{
	WRITE_ONCE(xinet_net(&init_net)->sysctl_tcp_recovery,
		   xs_saved_recovery);
}

static struct kunit_suite xtcp_sack_suite = {
	.name = "xinet_tcp_sack",
	.init = xs_init,
	.exit = xs_exit,
	.test_cases = xtcp_sack_cases_list,
};

/*
 * Undo (Eifel, D-SACK, F-RTO): each row starts a recovery as
 * xtcp_enter_recovery() or xtcp_enter_loss() leave it (undo_marker at
 * segment 0, one retransmission counted in undo_retrans, cwnd 10 and
 * ssthresh 10 down from 20 and 20), feeds one ACK (after a plain one
 * with @pre_ack), and checks the state, cwnd, ssthresh and counters
 * after, as Linux 6.12's tcp_fastretrans_alert() and tcp_process_loss()
 * leave them with tcp_recovery 0 and reno.
 */

/* The TcpExt counters every undo row checks, and their order. */
static const int xu_mibs[] = {
	LINUX_MIB_TCPFULLUNDO,
	LINUX_MIB_TCPPARTIALUNDO,
	LINUX_MIB_TCPDSACKUNDO,
	LINUX_MIB_TCPLOSSUNDO,
	LINUX_MIB_TCPSPURIOUSRTOS,
	LINUX_MIB_TCPTSREORDER,
};

enum { FULL, PARTIAL, DSACKU, LOSSU, SPURIOUS, TSREORD, NR_XU_MIBS };

/* The first retransmission went XU_RTX_MS ago; the original before. */
#define XU_RTX_MS	50
#define XU_ORIG_MS	100

/**
 * struct xtcp_undo_case - one row
 * @name: what it shows
 * @state: icsk_ca_state before
 * @pre: marks of the ten segments, as &struct xtcp_sack_case's
 * @frto: tp->frto before (an RTO with F-RTO on)
 * @high: high_seq at this segment (0: after the ten, nothing new sent)
 * @pre_ack: a plain ACK of this segment first (0: none)
 * @ack: the ACK's segment
 * @nblocks: its SACK blocks
 * @blocks: the blocks, bytes relative to XS_ISS
 * @ts: it echoes a timestamp: of the original (@ts_orig) or of the
 *	retransmission
 * @ts_orig: see @ts
 * @want_state: icsk_ca_state after
 * @want_cwnd: snd_cwnd after (0: PRR's or the Loss state's, unchecked)
 * @want_ssthresh: snd_ssthresh after
 * @want_frto: tp->frto after
 * @mib: the TcpExt counters' increments, in xu_mibs's order
 */
struct xtcp_undo_case {
	const char	*name;
	u8		state;
	const char	*pre;
	u8		frto;
	int		high;
	int		pre_ack;
	int		ack;
	int		nblocks;
	int		blocks[2][2];
	bool		ts, ts_orig;
	u8		want_state;
	u32		want_cwnd;
	u32		want_ssthresh;
	u8		want_frto;
	int		mib[NR_XU_MIBS];
};

static const struct xtcp_undo_case xtcp_undo_cases[] = {
	{ .name = "Recovery, partial ACK echoing the original: partial undo",
	  .state = XTCP_CA_Recovery, .pre = "X.........", .ack = 1,
	  .ts = true, .ts_orig = true, .want_state = XTCP_CA_Open,
	  .want_cwnd = 20, .want_ssthresh = 20,
	  .mib = { [PARTIAL] = 1, [TSREORD] = 1 } },
	{ .name = "Recovery, partial ACK echoing the resend: no undo",
	  .state = XTCP_CA_Recovery, .pre = "X.........", .ack = 1,
	  .ts = true, .want_state = XTCP_CA_Recovery, .want_ssthresh = 10 },
	{ .name = "Recovery ends echoing the original: full undo",
	  .state = XTCP_CA_Recovery, .pre = "X.........", .ack = 10,
	  .ts = true, .ts_orig = true, .want_state = XTCP_CA_Open,
	  .want_cwnd = 20, .want_ssthresh = 20, .mib = { [FULL] = 1 } },
	{ .name = "Recovery ends echoing the resend: cwnd is ssthresh",
	  .state = XTCP_CA_Recovery, .pre = "X.........", .ack = 10,
	  .ts = true, .want_state = XTCP_CA_Open, .want_cwnd = 10,
	  .want_ssthresh = 10 },
	{ .name = "Recovery, the only resend D-SACKed: D-SACK undo",
	  .state = XTCP_CA_Recovery, .pre = "X.........", .pre_ack = 1,
	  .ack = 1, .nblocks = 1, .blocks = { { S(0), S(1) } },
	  .want_state = XTCP_CA_Open, .want_cwnd = 20, .want_ssthresh = 20,
	  .mib = { [DSACKU] = 1 } },
	{ .name = "Open after a recovery, its resend D-SACKed late: undo",
	  .state = XTCP_CA_Open, .pre = "r.........", .pre_ack = 1,
	  .ack = 1, .nblocks = 1, .blocks = { { S(0), S(1) } },
	  .want_state = XTCP_CA_Open, .want_cwnd = 20, .want_ssthresh = 20,
	  .mib = { [DSACKU] = 1 } },
	{ .name = "F-RTO: never-resent data ACKed: spurious RTO, undone",
	  .state = XTCP_CA_Loss, .pre = "XLLLLLLL..", .frto = 1, .high = 8,
	  .ack = 2, .want_state = XTCP_CA_Open, .want_cwnd = 20,
	  .want_ssthresh = 20, .want_frto = 1,
	  .mib = { [LOSSU] = 1, [SPURIOUS] = 1 } },
	{ .name = "F-RTO: the new data SACKed above a hole: loss was real",
	  .state = XTCP_CA_Loss, .pre = "XLLLLLLL..", .frto = 1, .high = 8,
	  .ack = 0, .nblocks = 1, .blocks = { { S(8), S(9) } },
	  .want_state = XTCP_CA_Loss, .want_ssthresh = 10 },
	{ .name = "no F-RTO: never-resent data ACKed, no undo",
	  .state = XTCP_CA_Loss, .pre = "XLLLLLLL..", .high = 8, .ack = 2,
	  .want_state = XTCP_CA_Loss, .want_ssthresh = 10 },
	{ .name = "Loss ends echoing the original (Eifel): loss undo",
	  .state = XTCP_CA_Loss, .pre = "X.........", .ack = 10, .ts = true,
	  .ts_orig = true, .want_state = XTCP_CA_Open, .want_cwnd = 20,
	  .want_ssthresh = 20, .mib = { [LOSSU] = 1 } },
	{ .name = "Loss, partial ACK echoing the original: loss undo",
	  .state = XTCP_CA_Loss, .pre = "XLLLLLLLLL", .ack = 1, .ts = true,
	  .ts_orig = true, .want_state = XTCP_CA_Open, .want_cwnd = 20,
	  .want_ssthresh = 20, .mib = { [LOSSU] = 1 } },
	{ .name = "Loss, partial ACK echoing the resend: no undo",
	  .state = XTCP_CA_Loss, .pre = "XLLLLLLLLL", .ack = 1, .ts = true,
	  .want_state = XTCP_CA_Loss, .want_ssthresh = 10 },
};

static void xtcp_undo_table_test(struct kunit *test)
{
	int c;

	for (c = 0; c < ARRAY_SIZE(xtcp_undo_cases); c++) {
		const struct xtcp_undo_case *tc = &xtcp_undo_cases[c];
		const struct xtcp_sack_case sc = {
			.reordering = 3, .state = tc->state, .pre = tc->pre,
			.undo_marker = 1,
		};
		unsigned long before[NR_XU_MIBS];
		struct socket *sock;
		struct xtcp_sock *tp;
		struct sock *sk;
		u32 now, tsecr = 0;
		bool undone;
		int i;

		sock = xs_open(test, &sc);
		sk = sock->sk;
		tp = xtcp_sk(sk);
		lock_sock(sk);
		KUNIT_ASSERT_EQ(test, xtcp_rec_set_size(sk, XS_REC_EVENTS), 0);
		now = xtcp_clock_ts();
		tp->snd_cwnd = 10;
		tp->snd_ssthresh = 10;
		tp->prior_cwnd = 20;
		tp->prior_ssthresh = 20;
		tp->rx_opt.tstamp_ok = 1;
		tp->tsoffset = 0;
		tp->frto = tc->frto;
		if (tc->high)
			tp->high_seq = XS_ISS + S(tc->high);
		tp->retrans_stamp = now - XU_RTX_MS;
		if (tc->ts)
			tsecr = tc->ts_orig ? now - XU_ORIG_MS : now;
		release_sock(sk);

		for (i = 0; i < NR_XU_MIBS; i++)
			before[i] = xs_mib(xu_mibs[i]);
		if (tc->pre_ack)
			xs_rcv(sk, xs_ack(test, XS_ISS + S(tc->pre_ack), 0,
					  NULL));
		xs_rcv(sk, xs_ack_ts(test, XS_ISS + S(tc->ack), tc->nblocks,
				     tc->blocks, tsecr));

		lock_sock(sk);
		KUNIT_EXPECT_EQ_MSG(test, (int)xinet_csk(sk)->icsk_ca_state,
				    (int)tc->want_state, "%s: state",
				    tc->name);
		if (tc->want_cwnd)
			KUNIT_EXPECT_EQ_MSG(test, tp->snd_cwnd, tc->want_cwnd,
					    "%s: cwnd", tc->name);
		KUNIT_EXPECT_EQ_MSG(test, tp->snd_ssthresh, tc->want_ssthresh,
				    "%s: ssthresh", tc->name);
		KUNIT_EXPECT_EQ_MSG(test, (int)tp->frto, (int)tc->want_frto,
				    "%s: frto", tc->name);
		undone = tc->mib[FULL] || tc->mib[PARTIAL] ||
			 tc->mib[DSACKU] || tc->mib[LOSSU];
		/* The flight recorder has the undo as a cwnd event. */
		KUNIT_EXPECT_EQ_MSG(test, xs_rec_count(sk, XTCP_REC_CWND,
						       XTCP_REC_CWND_UNDO),
				    undone ? 1 : 0, "%s: recorded undo",
				    tc->name);
		/* An undone recovery has no marker left to undo again. */
		if (undone) {
			KUNIT_EXPECT_EQ_MSG(test, tp->undo_marker, 0U,
					    "%s: undo_marker", tc->name);
			KUNIT_EXPECT_EQ_MSG(test, tp->lost_out, 0U,
					    "%s: lost_out", tc->name);
		}
		for (i = 0; i < NR_XU_MIBS; i++)
			KUNIT_EXPECT_EQ_MSG(test,
					    xs_mib(xu_mibs[i]) - before[i],
					    (unsigned long)tc->mib[i],
					    "%s: counter %d", tc->name, i);
		release_sock(sk);
		xtcp_kunit_release(sock);
	}
}

/*
 * xtcp_enter_loss() arms F-RTO as tcp_enter_loss(): on with
 * net.xinet.tcp_frto, from Open (a new recovery) or on a repeated
 * timeout (RFC 5682 3.2), not on a timeout in Recovery; the ssthresh it
 * reduces from is kept in prior_ssthresh for the undo.
 */
static void xtcp_undo_enter_loss_test(struct kunit *test)
{
	static const struct xtcp_sack_case sc = {
		.reordering = 3, .pre = "..........",
	};
	struct xinet_connection_sock *icsk;
	struct socket *sock;
	struct xtcp_sock *tp;
	struct sock *sk;
	int frto;

	for (frto = 0; frto <= 2; frto += 2) {
		WRITE_ONCE(xinet_net(&init_net)->sysctl_tcp_frto, frto);
		sock = xs_open(test, &sc);
		sk = sock->sk;
		tp = xtcp_sk(sk);
		icsk = xinet_csk(sk);
		lock_sock(sk);
		/* From Open: cwnd 20, ssthresh from 20 * 3/4. */
		tp->snd_ssthresh = 12;
		xtcp_enter_loss(sk);
		KUNIT_EXPECT_EQ(test, (int)icsk->icsk_ca_state, XTCP_CA_Loss);
		KUNIT_EXPECT_EQ(test, (int)tp->frto, frto ? 1 : 0);
		KUNIT_EXPECT_EQ(test, tp->prior_ssthresh, 15U);
		KUNIT_EXPECT_EQ(test, tp->snd_ssthresh, 10U);
		KUNIT_EXPECT_EQ(test, tp->undo_marker, XS_ISS);
		/* The same snd_una times out again: judged again. */
		icsk->icsk_retransmits = 1;
		tp->frto = 0;
		xtcp_enter_loss(sk);
		KUNIT_EXPECT_EQ(test, (int)tp->frto, frto ? 1 : 0);
		KUNIT_EXPECT_EQ(test, tp->prior_ssthresh, 15U);
		release_sock(sk);
		xtcp_kunit_release(sock);
	}

	/* A timeout in Recovery: no F-RTO, ssthresh not reduced twice. */
	sock = xs_open(test, &sc);
	sk = sock->sk;
	tp = xtcp_sk(sk);
	lock_sock(sk);
	xtcp_set_ca_state(sk, XTCP_CA_Recovery);
	tp->snd_ssthresh = 10;
	tp->prior_ssthresh = 20;
	xtcp_enter_loss(sk);
	KUNIT_EXPECT_EQ(test, (int)tp->frto, 0);
	KUNIT_EXPECT_EQ(test, tp->snd_ssthresh, 10U);
	KUNIT_EXPECT_EQ(test, tp->prior_ssthresh, 20U);
	release_sock(sk);
	xtcp_kunit_release(sock);
}

static struct kunit_case xtcp_undo_cases_list[] = {
	KUNIT_CASE(xtcp_undo_table_test),
	KUNIT_CASE(xtcp_undo_enter_loss_test),
	{}
};

static u8 xu_saved_frto;

static int xu_init(struct kunit *test)
{
	xu_saved_frto = READ_ONCE(xinet_net(&init_net)->sysctl_tcp_frto);
	return xs_init(test);
}

static void xu_exit(struct kunit *test)
{
	WRITE_ONCE(xinet_net(&init_net)->sysctl_tcp_frto, xu_saved_frto);
	xs_exit(test);
}

static struct kunit_suite xtcp_undo_suite = {
	.name = "xinet_tcp_undo",
	.init = xu_init,
	.exit = xu_exit,
	.test_cases = xtcp_undo_cases_list,
};

kunit_test_suites(&xtcp_sack_suite, &xtcp_undo_suite);
