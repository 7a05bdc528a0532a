// SPDX-License-Identifier: GPL-2.0
/*
 * xinet: TCP segment processing, twin of net/ipv4/tcp_input.c.
 *
 * Entered with the socket locked (owned by the caller, or bh-locked and
 * not owned), from xtcp_v4_do_rcv(): xtcp_rcv_established()
 * for ESTABLISHED, xtcp_rcv_state_process() for every other state but
 * LISTEN.  Segments arrive with XTCP_SKB_CB filled and skb->data at (or,
 * in either convention, before the payload past) the TCP header, whose
 * position is skb_transport_header.
 *
 * The steps are RFC 9293's section 3.10.7.4 as Linux orders them:
 * sequence check, RST (RFC 5961), SYN (challenge ACK), ACK (window,
 * retransmission queue, RTT, congestion), data (in order, or into the
 * out-of-order rb tree), FIN.
 */

#include <linux/rbtree.h>
#include <linux/random.h>
#include <net/sock.h>
#include <net/tcp_states.h>
#include <net/xinet/compat.h>
#include <net/xinet/netns.h>
#include <net/xinet/xtcp.h>
#include <net/xinet/xtcp_recorder.h>
#include <net/xinet/xtcp_trace.h>

#define XFLAG_DATA		0x01	/* the segment carried data */
#define XFLAG_WIN_UPDATE	0x02	/* it updated the send window */
#define XFLAG_DATA_ACKED	0x04	/* it acknowledged new data */
#define XFLAG_SYN_ACKED		0x10	/* it acknowledged our SYN */
#define XFLAG_DATA_SACKED	0x20	/* it SACKed new data */
#define XFLAG_ECE		0x40	/* it carried ECE */
#define XFLAG_ORIG_SACK_ACKED	0x200	/* never-resent data was (S)ACKed */
#define XFLAG_DSACKING_ACK	0x800	/* it carried a D-SACK */
#define XFLAG_SACK_RENEGING	0x2000	/* it ACKed up to SACKed data */
#define XFLAG_SND_UNA_ADVANCED	0x400	/* snd_una moved */
#define XFLAG_RETRANS_DATA_ACKED 0x08	/* some acked data was retransmitted */
#define XFLAG_SLOWPATH		0x100	/* not header prediction's fast path */
#define XFLAG_UPDATE_TS_RECENT	0x4000	/* xtcp_replace_ts_recent() */
#define XFLAG_NO_CHALLENGE_ACK	0x8000	/* do not answer a too-old ACK */
#define XFLAG_LOST_RETRANS	0x80	/* a retransmission was lost again */
#define XFLAG_SET_XMIT_TIMER	0x1000	/* set the TLP or RTO timer */
#define XFLAG_ACK_MAYBE_DELAYED	0x10000	/* likely a delayed ACK */
#define XFLAG_DSACK_TLP		0x20000	/* a D-SACK of the loss probe */
#define XFLAG_ACKED		(XFLAG_DATA_ACKED | XFLAG_SYN_ACKED)
#define XFLAG_NOT_DUP		(XFLAG_DATA | XFLAG_WIN_UPDATE | XFLAG_ACKED)
#define XFLAG_CA_ALERT		(XFLAG_DATA_SACKED | XFLAG_ECE | \
				 XFLAG_DSACKING_ACK)

/* Where the payload of @skb starts: past the TCP header, options too. */
static void xtcp_skb_pull_header(struct sk_buff *skb)
{
	unsigned char *payload = skb_transport_header(skb) +
				 xtcp_hdr(skb)->doff * 4;

	if (payload > skb->data)
		__skb_pull(skb, payload - skb->data);
}

/*
 * Twin of tcp_parse_fastopen_option(): a Fast Open cookie on a SYN or
 * SYN-ACK, in the RFC 7413 option or the experimental one it replaced.
 * RFC 7413: 4 to 16 bytes, even; none at all asks for a cookie; another
 * length leaves no cookie (len -1).
 */
static void xtcp_parse_fastopen_option(int len, const unsigned char *val,
				       bool syn, bool exp,
				       struct xtcp_fastopen_cookie *foc)
{
	if (!foc || !syn || len < 0 || (len & 1))
		return;
	if (len >= 4 && len <= XTCP_FASTOPEN_COOKIE_MAX)
		memcpy(foc->val, val, len);
	else if (len)
		len = -1;
	foc->len = len;
	foc->exp = exp;
}

/* One option of a well-formed list; unknown ones are skipped. */
static void xtcp_parse_one_option(const struct net *net,
				  const struct sk_buff *skb,
				  const struct tcphdr *th, int opcode,
				  int opsize, const unsigned char *ptr,
				  struct xtcp_options_received *opt_rx,
				  int estab, struct xtcp_fastopen_cookie *foc)
{
	switch (opcode) {
	case XTCPOPT_FASTOPEN:
		xtcp_parse_fastopen_option(opsize - XTCPOLEN_FASTOPEN_BASE,
					   ptr, th->syn, false, foc);
		break;
	case XTCPOPT_EXP:
		if (opsize >= XTCPOLEN_EXP_FASTOPEN_BASE &&
		    get_unaligned_be16(ptr) == XTCPOPT_FASTOPEN_MAGIC)
			xtcp_parse_fastopen_option(opsize -
						   XTCPOLEN_EXP_FASTOPEN_BASE,
						   ptr + 2, th->syn, true, foc);
		break;
	case XTCPOPT_MSS:
		if (opsize == XTCPOLEN_MSS && th->syn && !estab) {
			u16 in_mss = get_unaligned_be16(ptr);

			if (!in_mss)
				break;
			if (opt_rx->user_mss && opt_rx->user_mss < in_mss)
				in_mss = opt_rx->user_mss;
			opt_rx->mss_clamp = in_mss;
		}
		break;
	case XTCPOPT_WINDOW:
		if (opsize == XTCPOLEN_WINDOW && th->syn && !estab &&
		    READ_ONCE(xinet_net(net)->sysctl_tcp_window_scaling)) {
			u8 snd_wscale = *ptr;

			opt_rx->wscale_ok = 1;
			if (snd_wscale > XTCP_MAX_WSCALE) {
				net_info_ratelimited("xtcp: illegal window scaling value %d > %u received\n",
						     snd_wscale, XTCP_MAX_WSCALE);
				snd_wscale = XTCP_MAX_WSCALE;
			}
			opt_rx->snd_wscale = snd_wscale;
		}
		break;
	case XTCPOPT_TIMESTAMP:
		if (opsize == XTCPOLEN_TIMESTAMP &&
		    ((estab && opt_rx->tstamp_ok) ||
		     (!estab &&
		      READ_ONCE(xinet_net(net)->sysctl_tcp_timestamps)))) {
			opt_rx->saw_tstamp = 1;
			opt_rx->rcv_tsval = get_unaligned_be32(ptr);
			opt_rx->rcv_tsecr = get_unaligned_be32(ptr + 4);
		}
		break;
	case XTCPOPT_SACK_PERM:
		if (opsize == XTCPOLEN_SACK_PERM && th->syn && !estab &&
		    READ_ONCE(xinet_net(net)->sysctl_tcp_sack)) {
			opt_rx->sack_ok = 1;
			xtcp_sack_reset(opt_rx);
		}
		break;
	case XTCPOPT_SACK:
		/*
		 * As tcp_parse_options(): the blocks stay in the header and
		 * the option's offset goes in the control block's sacked,
		 * for xtcp_sacktag_write_queue() to read.
		 */
		if (opsize >= XTCPOLEN_SACK_BASE + XTCPOLEN_SACK_PERBLOCK &&
		    !((opsize - XTCPOLEN_SACK_BASE) % XTCPOLEN_SACK_PERBLOCK) &&
		    opt_rx->sack_ok)
			XTCP_SKB_CB(skb)->sacked = (ptr - 2) -
						   (const unsigned char *)th;
		break;
	default:
		break;
	}
}

/**
 * xtcp_parse_options - read the options of a segment (twin of
 *	tcp_parse_options)
 * @net: the namespace (window scaling switch)
 * @skb: the segment, its header at skb_transport_header
 * @opt_rx: where to store what was found
 * @estab: the connection is synchronized: SYN-only options are ignored
 * @foc: where a Fast Open cookie goes (its len stays as the caller set
 *	it when there is none), or NULL
 *
 * A malformed option list ends the parse; nothing past it is trusted.
 */
void xtcp_parse_options(const struct net *net, const struct sk_buff *skb,
			struct xtcp_options_received *opt_rx, int estab,
			struct xtcp_fastopen_cookie *foc)
{
	const struct tcphdr *th = xtcp_hdr(skb);
	const unsigned char *ptr = (const unsigned char *)(th + 1);
	int length = th->doff * 4 - sizeof(struct tcphdr);

	opt_rx->saw_tstamp = 0;
	while (length > 0) {
		int opcode = *ptr++;
		int opsize;

		if (opcode == XTCPOPT_EOL)
			return;
		if (opcode == XTCPOPT_NOP) {
			length--;
			continue;
		}
		if (length < 2)
			return;
		opsize = *ptr++;
		if (opsize < 2 || opsize > length)
			return;
		xtcp_parse_one_option(net, skb, th, opcode, opsize, ptr,
				      opt_rx, estab, foc);
		ptr += opsize - 2;
		length -= opsize;
	}
}

/**
 * xtcp_parse_md5sig_option - find a segment's TCP-MD5 signature (twin of
 *	tcp_do_parse_auth_options, without TCP-AO)
 * @th: the TCP header, its options behind it
 * @md5_hash: set to the 16 bytes of the signature, or NULL for none
 *
 * Return: 0, -EINVAL for an option whose length is wrong, -EEXIST for a
 * second signature: Linux drops such a segment (and sends no reset).
 */
int xtcp_parse_md5sig_option(const struct tcphdr *th, const u8 **md5_hash)
{
	int length = (th->doff << 2) - sizeof(*th);
	const u8 *ptr = (const u8 *)(th + 1);

	*md5_hash = NULL;
	/* Too short to hold one more signature: nothing to find. */
	while (length >= XTCPOLEN_MD5SIG) {
		int opcode = *ptr++;
		int opsize;

		if (opcode == XTCPOPT_EOL)
			return 0;
		if (opcode == XTCPOPT_NOP) {
			length--;
			continue;
		}
		opsize = *ptr++;
		if (opsize < 2 || opsize > length)
			return -EINVAL;
		if (opcode == XTCPOPT_MD5SIG) {
			if (opsize != XTCPOLEN_MD5SIG)
				return -EINVAL;
			if (unlikely(*md5_hash))
				return -EEXIST;
			*md5_hash = ptr;
		}
		ptr += opsize - 2;
		length -= opsize;
	}
	return 0;
}

/*
 * Twin of tcp_parse_aligned_timestamp(): the options are only the
 * timestamp in the layout every sender uses (NOP, NOP, TS), as ours.
 */
static bool xtcp_parse_aligned_timestamp(struct xtcp_sock *tp,
					 const struct tcphdr *th)
{
	const __be32 *ptr = (const __be32 *)(th + 1);

	if (*ptr != htonl((XTCPOPT_NOP << 24) | (XTCPOPT_NOP << 16) |
			  (XTCPOPT_TIMESTAMP << 8) | XTCPOLEN_TIMESTAMP))
		return false;
	tp->rx_opt.saw_tstamp = 1;
	tp->rx_opt.rcv_tsval = ntohl(ptr[1]);
	tp->rx_opt.rcv_tsecr = ptr[2] ? ntohl(ptr[2]) - tp->tsoffset : 0;
	return true;
}

/*
 * Twin of tcp_fast_parse_options(): the options of a segment for a
 * synchronized socket, TSecr brought back to our own clock.  Return:
 * false when the header has no options at all.
 */
static bool xtcp_fast_parse_options(const struct net *net,
				    const struct sk_buff *skb,
				    const struct tcphdr *th,
				    struct xtcp_sock *tp)
{
	if (th->doff == sizeof(*th) / 4) {
		tp->rx_opt.saw_tstamp = 0;
		return false;
	}
	if (tp->rx_opt.tstamp_ok &&
	    th->doff == (sizeof(*th) + XTCPOLEN_TSTAMP_ALIGNED) / 4 &&
	    xtcp_parse_aligned_timestamp(tp, th))
		return true;
	xtcp_parse_options(net, skb, &tp->rx_opt, 1, NULL);
	if (tp->rx_opt.saw_tstamp && tp->rx_opt.rcv_tsecr)
		tp->rx_opt.rcv_tsecr -= tp->tsoffset;
	return true;
}

/* Twin of tcp_store_ts_recent(): the peer's TSval becomes TS.Recent. */
static void xtcp_store_ts_recent(struct xtcp_sock *tp)
{
	tp->rx_opt.ts_recent = tp->rx_opt.rcv_tsval;
	tp->rx_opt.ts_recent_stamp = ktime_get_seconds();
}

/*
 * Twin of tcp_replace_ts_recent(): RFC 7323 section 4.3, as Linux reads
 * it: the TSval of a segment that starts at or before the last window
 * update we sent (rcv_wup: the left edge the peer may be echoing)
 * becomes TS.Recent, if PAWS would take it.
 */
static void xtcp_replace_ts_recent(struct xtcp_sock *tp, u32 seq)
{
	if (tp->rx_opt.saw_tstamp && !xtcp_after(seq, tp->rcv_wup)) {
		if (xtcp_paws_check(&tp->rx_opt, 0))
			xtcp_store_ts_recent(tp);
	}
}

/* ---- RTT and RTO (RFC 6298) ---- */

/**
 * xtcp_rtt_estimator - fold an RTT sample into SRTT and RTTVAR (twin of
 *	tcp_rtt_estimator)
 * @sk: the socket
 * @mrtt_us: the sample, microseconds
 *
 * srtt_us holds SRTT << 3 and mdev_us the mean deviation << 2, as in
 * Linux; rttvar_us is RTTVAR << 2 bounded below by the minimum RTO, and
 * follows mdev's maximum over each RTT so that a sudden fall in the RTT
 * variance does not bring the RTO down at once.
 */
void xtcp_rtt_estimator(struct sock *sk, long mrtt_us)
{
	struct xtcp_sock *tp = xtcp_sk(sk);
	u32 rto_min_us = jiffies_to_usecs(xinet_csk(sk)->icsk_rto_min ? :
					  XTCP_RTO_MIN);
	long m = mrtt_us;
	u32 srtt = tp->srtt_us;

	if (srtt != 0) {
		m -= (srtt >> 3);	/* m is now the error in the estimate */
		srtt += m;		/* SRTT = 7/8 SRTT + 1/8 new */
		if (m < 0) {
			m = -m;
			m -= (tp->mdev_us >> 2);
			/* An RTT falling fast weighs less in the variance. */
			if (m > 0)
				m >>= 3;
		} else {
			m -= (tp->mdev_us >> 2);
		}
		tp->mdev_us += m;	/* mdev = 3/4 mdev + 1/4 new */
		if (tp->mdev_us > tp->mdev_max_us) {
			tp->mdev_max_us = tp->mdev_us;
			if (tp->mdev_max_us > tp->rttvar_us)
				tp->rttvar_us = tp->mdev_max_us;
		}
		if (xtcp_after(tp->snd_una, tp->rtt_seq)) {
			if (tp->mdev_max_us < tp->rttvar_us)
				tp->rttvar_us -= (tp->rttvar_us - tp->mdev_max_us) >> 2;
			tp->rtt_seq = tp->snd_nxt;
			tp->mdev_max_us = rto_min_us;
		}
	} else {
		/* First sample: SRTT = R, RTTVAR = R/2 (RFC 6298 2.2). */
		srtt = m << 3;
		tp->mdev_us = m << 1;
		tp->rttvar_us = max(tp->mdev_us, rto_min_us);
		tp->mdev_max_us = tp->rttvar_us;
		tp->rtt_seq = tp->snd_nxt;
	}
	tp->srtt_us = max(1U, srtt);
}

/**
 * xtcp_set_rto - RTO = SRTT + max(RTO_min, 4 * RTTVAR), capped
 * @sk: the socket
 */
void xtcp_set_rto(struct sock *sk)
{
	const struct xtcp_sock *tp = xtcp_sk(sk);
	u32 rto = usecs_to_jiffies((tp->srtt_us >> 3) + tp->rttvar_us);

	xinet_csk(sk)->icsk_rto = min(rto, XTCP_RTO_MAX);
}

/*
 * Twin of tcp_rtt_tsopt_us(): the RTT the echoed TSecr tells, in
 * microseconds, at least @min ticks; -1 when absurd.
 */
static s32 xtcp_rtt_tsopt_us(const struct xtcp_sock *tp, u32 min)
{
	u32 delta = xtcp_time_stamp_ts(tp) - tp->rx_opt.rcv_tsecr;

	if (likely(delta < INT_MAX / (USEC_PER_SEC / XTCP_TS_HZ))) {
		if (!delta)
			delta = min;
		return delta * (USEC_PER_SEC / XTCP_TS_HZ);
	}
	return -1;
}

/*
 * Twin of tcp_update_rtt_min(): the least RTT of the last
 * tcp_min_rtt_wlen seconds.  A sample from a suspected delayed ACK above
 * the minimum is skipped: a peer that keeps delaying its ACKs would
 * otherwise become the minimum once the window ages out, overstating the
 * path's delay.
 */
static void xtcp_update_rtt_min(struct sock *sk, u32 rtt_us, const int flag)
{
	u32 wlen = READ_ONCE(xinet_net(sock_net(sk))->sysctl_tcp_min_rtt_wlen) * HZ;
	struct xtcp_sock *tp = xtcp_sk(sk);

	if ((flag & XFLAG_ACK_MAYBE_DELAYED) &&
	    rtt_us > xtcp_min_rtt(tp))
		return;
	xinet_minmax_running_min(&tp->rtt_min, wlen, jiffies,
				 rtt_us ? : jiffies_to_usecs(1));
}

/*
 * Twin of tcp_update_pacing_rate(): 200 % of cwnd * MSS / srtt in slow
 * start, 120 % after, as TCP_INFO and SO_MAX_PACING_RATE see it.
 */
static void xtcp_update_pacing_rate(struct sock *sk)
{
	const struct xinet_net *xn = xinet_net(sock_net(sk));
	const struct xtcp_sock *tp = xtcp_sk(sk);
	u64 rate;

	rate = (u64)tp->mss_cache * ((USEC_PER_SEC / 100) << 3);
	if (tp->snd_cwnd < tp->snd_ssthresh / 2)
		rate *= READ_ONCE(xn->sysctl_tcp_pacing_ss_ratio);
	else
		rate *= READ_ONCE(xn->sysctl_tcp_pacing_ca_ratio);
	rate *= max(tp->snd_cwnd, tp->packets_out);
	if (likely(tp->srtt_us))
		do_div(rate, tp->srtt_us);
	/* Lockless readers (sch_fq, SO_MAX_PACING_RATE). */
	WRITE_ONCE(sk->sk_pacing_rate,
		   min_t(u64, rate, READ_ONCE(sk->sk_max_pacing_rate)));
}

/* Twin of tcp_update_rto_time(): an RTO recovery ended. */
static void xtcp_update_rto_time(struct xtcp_sock *tp)
{
	if (tp->rto_stamp) {
		tp->total_rto_time += xtcp_clock_ms() - tp->rto_stamp;
		tp->rto_stamp = 0;
	}
}

/*
 * Twin of tcp_ack_update_rtt(): SRTT's sample is the send time of the
 * oldest never-resent segment the ACK acknowledged (@seq_rtt_us), or,
 * when Karn's rule leaves none, of the oldest one it SACKed
 * (@sack_rtt_us), or else TSecr (RFC 7323 section 4.1: only from an ACK
 * that advances the left edge).  min_rtt and the congestion module take
 * the newest such segment's (@ca_rtt_us), which holds less of the time
 * the receiver waited before it ACKed.  Return: the congestion module's
 * sample, or -1 when the ACK gave none.
 */
static long xtcp_ack_update_rtt(struct sock *sk, const int flag,
				long seq_rtt_us, long sack_rtt_us,
				long ca_rtt_us)
{
	struct xtcp_sock *tp = xtcp_sk(sk);

	if (seq_rtt_us < 0)
		seq_rtt_us = sack_rtt_us;
	if (seq_rtt_us < 0 && tp->rx_opt.saw_tstamp &&
	    tp->rx_opt.rcv_tsecr && (flag & XFLAG_ACKED)) {
		seq_rtt_us = xtcp_rtt_tsopt_us(tp, 1);
		ca_rtt_us = seq_rtt_us;
	}
	if (seq_rtt_us < 0)
		return -1;
	xtcp_update_rtt_min(sk, ca_rtt_us, flag);
	xtcp_rtt_estimator(sk, seq_rtt_us);
	xtcp_set_rto(sk);
	xtcp_rec_rtt(sk, seq_rtt_us);
	/* A fresh sample ends any backoff (RFC 6298 5.7). */
	xinet_csk(sk)->icsk_backoff = 0;
	return ca_rtt_us;
}

/**
 * xtcp_synack_rtt_meas - the child of a handshake takes its first RTT
 *	sample: from our first SYN-ACK to the ACK that completed it (twin
 *	of tcp_synack_rtt_meas)
 * @sk: the child
 * @req: its request sock
 *
 * A retransmitted SYN-ACK makes the time ambiguous (Karn): then only a
 * timestamp can give the sample.
 */
void xtcp_synack_rtt_meas(struct sock *sk, const struct xrequest_sock *req)
{
	long rtt_us = -1;

	if (!req->num_retrans && req->snt_synack)
		rtt_us = div_u64(ktime_get_ns() - req->snt_synack,
				 NSEC_PER_USEC);
	xtcp_ack_update_rtt(sk, XFLAG_SYN_ACKED, rtt_us, -1, rtt_us);
}

/**
 * xtcp_rto_delta_us - how far in the future the RTO of the head falls
 *	(twin of tcp_rto_delta_us)
 * @sk: the socket, with data in flight
 *
 * Return: us from the segment in hand's clock to the head's last send
 * plus the RTO; negative when it is past.
 */
s64 xtcp_rto_delta_us(const struct sock *sk)
{
	const struct sk_buff *skb = xtcp_rtx_queue_head(sk);
	u32 rto = xinet_csk(sk)->icsk_rto;

	if (WARN_ON_ONCE(!skb))
		return jiffies_to_usecs(rto);
	return (s64)(xtcp_skb_timestamp_us(skb) + jiffies_to_usecs(rto)) -
	       (s64)xtcp_mstamp_us(xtcp_sk(sk));
}

/**
 * xtcp_rearm_rto - restart the retransmit timer, or stop it when nothing
 *	is in flight
 * @sk: the socket
 */
void xtcp_rearm_rto(struct sock *sk)
{
	struct xtcp_sock *tp = xtcp_sk(sk);

	/* A Fast Open child's timer resends its SYN-ACK until the ACK. */
	if (tp->fastopen_rsk)
		return;
	if (!tp->packets_out) {
		xinet_csk_clear_xmit_timer(sk, XICSK_TIME_RETRANS);
	} else {
		u32 rto = xinet_csk(sk)->icsk_rto;

		/*
		 * The TLP or reordering timer replaced an RTO armed earlier:
		 * the RTO keeps its time, counted from the head's send.
		 */
		if (xinet_csk(sk)->icsk_pending == XICSK_TIME_REO_TIMEOUT ||
		    xinet_csk(sk)->icsk_pending == XICSK_TIME_LOSS_PROBE) {
			s64 delta_us = xtcp_rto_delta_us(sk);

			rto = usecs_to_jiffies(max_t(int, delta_us, 1));
		}
		/* Keep the remaining user timeout in view. */
		if (xinet_csk(sk)->icsk_user_timeout && tp->retrans_stamp) {
			s32 left = xinet_csk(sk)->icsk_user_timeout -
				   (s32)(xtcp_clock_ts() - tp->retrans_stamp);

			rto = left <= 0 ? 1 : min_t(u32, msecs_to_jiffies(left),
						    rto);
		}
		xinet_csk_reset_xmit_timer(sk, XICSK_TIME_RETRANS, rto,
					   XTCP_RTO_MAX);
	}
}

/* ---- delayed ACKs ---- */

static void xtcp_incr_quickack(struct sock *sk, unsigned int max_quickacks)
{
	struct xinet_connection_sock *icsk = xinet_csk(sk);
	unsigned int quickacks = xtcp_sk(sk)->rcv_wnd /
				 (2 * max_t(u32, icsk->icsk_ack.rcv_mss, 1));

	if (quickacks == 0)
		quickacks = 2;
	quickacks = min(quickacks, max_quickacks);
	if (quickacks > icsk->icsk_ack.quick)
		icsk->icsk_ack.quick = quickacks;
}

/**
 * xtcp_enter_quickack_mode - ACK the next segments at once
 * @sk: the socket
 * @max_quickacks: how many at most
 */
void xtcp_enter_quickack_mode(struct sock *sk, unsigned int max_quickacks)
{
	struct xinet_connection_sock *icsk = xinet_csk(sk);

	xtcp_incr_quickack(sk, max_quickacks);
	xinet_csk_exit_pingpong_mode(sk);
	icsk->icsk_ack.ato = XTCP_ATO_MIN;
}

static bool xtcp_in_quickack_mode(struct sock *sk)
{
	const struct xinet_connection_sock *icsk = xinet_csk(sk);

	/* A route's quickack metric acknowledges every segment at once. */
	return xtcp_sk(sk)->dst_quickack ||
	       (icsk->icsk_ack.quick && !xinet_csk_in_pingpong_mode(sk));
}

/**
 * xtcp_initialize_rcv_mss - first guess of the peer's segment size
 * @sk: the socket
 */
void xtcp_initialize_rcv_mss(struct sock *sk)
{
	const struct xtcp_sock *tp = xtcp_sk(sk);
	unsigned int hint = min_t(unsigned int, tp->advmss, tp->mss_cache);

	hint = min(hint, tp->rcv_wnd / 2);
	hint = min(hint, XTCP_MSS_DEFAULT);
	hint = max(hint, XTCP_MIN_MSS);
	xinet_csk(sk)->icsk_ack.rcv_mss = hint;
}

/*
 * The share of the receive buffer's charge that is payload, from a full
 * segment as it arrived (len / truesize, in 256ths): the window the
 * buffer offers follows it (xtcp_win_from_space()), and so do the
 * window clamp and the autotuning's measure.
 */
static void xtcp_measure_scaling_ratio(struct sock *sk,
				       const struct sk_buff *skb)
{
	struct xtcp_sock *tp = xtcp_sk(sk);
	u64 val = (u64)skb->len << XTCP_RMEM_TO_WIN_SCALE;
	u8 old_ratio = tp->scaling_ratio;

	do_div(val, skb->truesize);
	/* An skb never charges less than it carries; 255 if one did. */
	tp->scaling_ratio = clamp_t(u64, val, 1, U8_MAX);
	if (old_ratio == tp->scaling_ratio)
		return;
	WRITE_ONCE(tp->window_clamp,
		   xtcp_win_from_space(sk, READ_ONCE(sk->sk_rcvbuf)));
	if (tp->window_clamp < tp->rcv_space)
		tp->rcv_space = tp->window_clamp;
}

/* Learn the peer's MSS from what it sends (twin of tcp_measure_rcv_mss). */
static void xtcp_measure_rcv_mss(struct sock *sk, const struct sk_buff *skb)
{
	struct xinet_connection_sock *icsk = xinet_csk(sk);
	/* A GSO packet (taken whole from xnet) tells its segment size. */
	unsigned int len = skb_shinfo(skb)->gso_size ?: skb->len;

	icsk->icsk_ack.last_seg_size = len;
	if (len >= icsk->icsk_ack.rcv_mss) {
		/* A new segment size: measure what its payload costs. */
		if (unlikely(len != icsk->icsk_ack.rcv_mss))
			xtcp_measure_scaling_ratio(sk, skb);
		icsk->icsk_ack.rcv_mss = min_t(unsigned int, len,
					       xtcp_sk(sk)->advmss);
	} else if (len && (XTCP_SKB_CB(skb)->tcp_flags & XTCPHDR_PSH)) {
		/* A short pushed segment: the writer waits for our ACK. */
		icsk->icsk_ack.pending |= XICSK_ACK_PUSHED;
	}
}

/*
 * How much a segment whose memory cost is @truesize may add to the window
 * (__tcp_grow_window): the closer the window is to the largest buffer,
 * the less wasteful such segments may be.
 */
static int __xtcp_grow_window(const struct sock *sk, const struct sk_buff *skb,
			      unsigned int truesize)
{
	const struct xtcp_sock *tp = xtcp_sk(sk);
	int rmem2 = READ_ONCE(xinet_net(sock_net(sk))->sysctl_tcp_rmem[2]);
	int cost = xtcp_win_from_space(sk, truesize) >> 1;
	int window = xtcp_win_from_space(sk, rmem2) >> 1;

	while (tp->rcv_ssthresh <= window) {
		if (cost <= skb->len)
			return 2 * xinet_csk(sk)->icsk_ack.rcv_mss;
		cost >>= 1;
		window >>= 1;
	}
	return 0;
}

/* Let the offered window grow with the buffer (twin of tcp_grow_window). */
static void xtcp_grow_window(struct sock *sk, const struct sk_buff *skb)
{
	struct xtcp_sock *tp = xtcp_sk(sk);
	int room = min_t(int, tp->window_clamp, xtcp_space(sk)) -
		   tp->rcv_ssthresh;
	int incr;

	if (room <= 0 || sk_under_memory_pressure(sk))
		return;
	/* Data that costs no more memory than it carries earns two segments. */
	if (xtcp_win_from_space(sk, skb->truesize) <= skb->len)
		incr = 2 * tp->advmss;
	else
		incr = __xtcp_grow_window(sk, skb, skb->truesize);
	if (incr) {
		incr = max_t(int, incr, 2 * skb->len);
		tp->rcv_ssthresh += min(room, incr);
		/* Tell the sender soon. */
		xinet_csk(sk)->icsk_ack.quick |= 1;
	}
}

/*
 * The receiver's round trip: the time one window of data takes to arrive
 * (tcp_rcv_rtt_measure without timestamps).  Such a sample can only
 * overestimate, so the smallest one wins.
 */
static void xtcp_rcv_rtt_measure(struct xtcp_sock *tp)
{
	u64 now = tp->tcp_mstamp;
	u32 sample_us;

	if (tp->rcv_rtt_stamp) {
		if (xtcp_before(tp->rcv_nxt, tp->rcv_rtt_seq))
			return;
		sample_us = max_t(u64, div_u64(now - tp->rcv_rtt_stamp,
					       NSEC_PER_USEC), 1);
		sample_us = min_t(u32, sample_us, U32_MAX >> 3);
		if (!tp->rcv_rtt_us || (sample_us << 3) < tp->rcv_rtt_us)
			tp->rcv_rtt_us = sample_us << 3;
	}
	tp->rcv_rtt_seq = tp->rcv_nxt + tp->rcv_wnd;
	tp->rcv_rtt_stamp = now;
}

/* ---- ECN (RFC 3168), twins of tcp_input.c's tcp_ecn_* ---- */

/* Twin of tcp_ecn_queue_cwr(): the window was cut; tell the peer. */
static void xtcp_ecn_queue_cwr(struct xtcp_sock *tp)
{
	if (tp->ecn_flags & XTCP_ECN_OK)
		tp->ecn_flags |= XTCP_ECN_QUEUE_CWR;
}

/*
 * Twin of tcp_ecn_withdraw_cwr(): the reduction was undone, there is no
 * CWR to tell the peer of.
 */
static void xtcp_ecn_withdraw_cwr(struct xtcp_sock *tp)
{
	tp->ecn_flags &= ~XTCP_ECN_QUEUE_CWR;
}

/*
 * Twin of tcp_ecn_accept_cwr(): the sender answered our ECE.  Linux takes
 * CWR on pure ACKs too, as deployed stacks send it there.
 */
static void xtcp_ecn_accept_cwr(struct sock *sk, const struct sk_buff *skb)
{
	if (!xtcp_hdr(skb)->cwr)
		return;
	xtcp_sk(sk)->ecn_flags &= ~XTCP_ECN_DEMAND_CWR;
	/* Its window may be down to one segment: ACK at once. */
	if (XTCP_SKB_CB(skb)->seq != XTCP_SKB_CB(skb)->end_seq)
		xinet_csk(sk)->icsk_ack.pending |= XICSK_ACK_NOW;
}

/*
 * Twin of tcp_ecn_check_ce(): a data segment's ECN field.  CE asks for
 * ECE until the sender's CWR and quick ACKs meanwhile; Not-ECT after ECT
 * was seen is most likely a retransmission: ACK it quickly as well.
 */
static void xtcp_ecn_check_ce(struct sock *sk, const struct sk_buff *skb)
{
	struct xtcp_sock *tp = xtcp_sk(sk);

	if (!(tp->ecn_flags & XTCP_ECN_OK))
		return;
	switch (XTCP_SKB_CB(skb)->ip_dsfield & INET_ECN_MASK) {
	case INET_ECN_NOT_ECT:
		if (tp->ecn_flags & XTCP_ECN_SEEN)
			xtcp_enter_quickack_mode(sk, 2);
		break;
	case INET_ECN_CE:
		if (!(tp->ecn_flags & XTCP_ECN_DEMAND_CWR)) {
			xtcp_enter_quickack_mode(sk, 2);
			tp->ecn_flags |= XTCP_ECN_DEMAND_CWR;
		}
		tp->ecn_flags |= XTCP_ECN_SEEN;
		break;
	default:
		tp->ecn_flags |= XTCP_ECN_SEEN;
		break;
	}
}

/* Twin of tcp_ecn_rcv_synack(): ECN holds if the SYN-ACK has ECE, no CWR. */
static void xtcp_ecn_rcv_synack(struct xtcp_sock *tp, const struct tcphdr *th)
{
	if ((tp->ecn_flags & XTCP_ECN_OK) && (!th->ece || th->cwr))
		tp->ecn_flags &= ~XTCP_ECN_OK;
}

/* Twin of tcp_ecn_rcv_syn(): a crossing SYN must ask for ECN too. */
static void xtcp_ecn_rcv_syn(struct xtcp_sock *tp, const struct tcphdr *th)
{
	if ((tp->ecn_flags & XTCP_ECN_OK) && (!th->ece || !th->cwr))
		tp->ecn_flags &= ~XTCP_ECN_OK;
}

/* Twin of tcp_ecn_rcv_ecn_echo(). */
static bool xtcp_ecn_rcv_ecn_echo(const struct xtcp_sock *tp,
				  const struct tcphdr *th)
{
	return th->ece && !th->syn && (tp->ecn_flags & XTCP_ECN_OK);
}

/**
 * xtcp_ecn_create_request - agree to ECN in a SYN-ACK or not (twin of
 *	tcp_ecn_create_request)
 * @req: the request sock being set up
 * @skb: the SYN
 * @listen_sk: the listener
 *
 * A SYN asks with ECE and CWR.  A SYN must not be ECT (RFC 3168 6.1.1):
 * one that is was re-marked on the way, and ECN would bring false alarms,
 * unless a reserved bit says a later extension such as AccECN is in use
 * (RFC 8311 4.3).
 */
void xtcp_ecn_create_request(struct xrequest_sock *req,
			     const struct sk_buff *skb,
			     const struct sock *listen_sk)
{
	const struct tcphdr *th = xtcp_hdr(skb);
	bool ect;

	if (!th->ece || !th->cwr)
		return;
	ect = !INET_ECN_is_not_ect(XTCP_SKB_CB(skb)->ip_dsfield);
	if ((!ect || th->res1) &&
	    READ_ONCE(xinet_net(sock_net(listen_sk))->sysctl_tcp_ecn))
		req->ecn_ok = 1;
}

/* New in-order data arrived: tune the ACK timeout (tcp_event_data_recv). */
static void xtcp_event_data_recv(struct sock *sk, struct sk_buff *skb)
{
	struct xinet_connection_sock *icsk = xinet_csk(sk);
	u32 now = jiffies;

	xinet_csk_schedule_ack(sk);
	xtcp_measure_rcv_mss(sk, skb);
	xtcp_rcv_rtt_measure(xtcp_sk(sk));

	if (!icsk->icsk_ack.ato) {
		/* First data: ACK quickly while the sender starts. */
		xtcp_incr_quickack(sk, XTCP_MAX_QUICKACKS);
		icsk->icsk_ack.ato = XTCP_ATO_MIN;
	} else {
		int m = now - icsk->icsk_ack.lrcvtime;

		if (m <= XTCP_ATO_MIN / 2) {
			icsk->icsk_ack.ato = (icsk->icsk_ack.ato >> 1) +
					     XTCP_ATO_MIN / 2;
		} else if (m < icsk->icsk_ack.ato) {
			icsk->icsk_ack.ato = (icsk->icsk_ack.ato >> 1) + m;
			if (icsk->icsk_ack.ato > icsk->icsk_rto)
				icsk->icsk_ack.ato = icsk->icsk_rto;
		} else if (m > icsk->icsk_rto) {
			/* A long silence: the sender restarts slowly. */
			xtcp_incr_quickack(sk, XTCP_MAX_QUICKACKS);
		}
	}
	icsk->icsk_ack.lrcvtime = now;
	xtcp_ecn_check_ce(sk, skb);
	if (skb->len >= 128)
		xtcp_grow_window(sk, skb);
}

/*
 * Twin of __tcp_ack_snd_check().  With data out of order, the first
 * XTCP_FASTRETRANS_THRESH duplicate ACKs for one rcv_nxt go at once (the
 * sender's fast retransmit needs them); later ones, which only update the
 * SACK blocks, are compressed: one ACK after 5 % of the RTT (at most
 * tcp_comp_sack_delay_ns) or after tcp_comp_sack_nr held back, carrying
 * the newest blocks.
 */
static void __xtcp_ack_snd_check(struct sock *sk, int ofo_possible)
{
	struct xinet_connection_sock *icsk = xinet_csk(sk);
	const struct xinet_net *xn = xinet_net(sock_net(sk));
	struct xtcp_sock *tp = xtcp_sk(sk);
	unsigned long rtt, delay;

	/*
	 * Every second full segment when the window's right edge moves
	 * with it (else the reader's xtcp_cleanup_rbuf() will ACK), or
	 * while less than SO_RCVLOWAT waits to be read.
	 */
	if (((tp->rcv_nxt - tp->rcv_wup) > icsk->icsk_ack.rcv_mss &&
	     (tp->rcv_nxt - tp->copied_seq < READ_ONCE(sk->sk_rcvlowat) ||
	      __xtcp_select_window(sk) >= tp->rcv_wnd)) ||
	    xtcp_in_quickack_mode(sk) ||
	    (icsk->icsk_ack.pending & XICSK_ACK_NOW)) {
		/* Processing the backlog: one ACK at xtcp_release_cb(). */
		if (sock_owned_by_user_nocheck(sk) &&
		    READ_ONCE(xn->sysctl_tcp_backlog_ack_defer)) {
			set_bit(XTCP_ACK_DEFERRED, &sk->sk_tsq_flags);
			return;
		}
		goto send_now;
	}
	if (!ofo_possible || RB_EMPTY_ROOT(&tp->out_of_order_queue)) {
		xtcp_send_delayed_ack(sk);
		return;
	}
	if (!xtcp_is_sack(tp) ||
	    tp->compressed_ack >= READ_ONCE(xn->sysctl_tcp_comp_sack_nr))
		goto send_now;
	if (tp->compressed_ack_rcv_nxt != tp->rcv_nxt) {
		tp->compressed_ack_rcv_nxt = tp->rcv_nxt;
		tp->dup_ack_counter = 0;
	}
	if (tp->dup_ack_counter < XTCP_FASTRETRANS_THRESH) {
		tp->dup_ack_counter++;
		goto send_now;
	}
	tp->compressed_ack++;
	if (hrtimer_is_queued(&tp->compressed_ack_timer))
		return;
	/* Both RTTs are in us << 3: 5 % of the smaller, in ns. */
	rtt = tp->rcv_rtt_us;
	if (tp->srtt_us && tp->srtt_us < rtt)
		rtt = tp->srtt_us;
	delay = min_t(unsigned long, READ_ONCE(xn->sysctl_tcp_comp_sack_delay_ns),
		      rtt * (NSEC_PER_USEC >> 3) / 20);
	sock_hold(sk);
	hrtimer_start_range_ns(&tp->compressed_ack_timer, ns_to_ktime(delay),
			       READ_ONCE(xn->sysctl_tcp_comp_sack_slack_ns),
			       HRTIMER_MODE_REL_PINNED_SOFT);
	return;

send_now:
	xtcp_send_ack(sk);
}

static void xtcp_ack_snd_check(struct sock *sk)
{
	if (!xinet_csk_ack_scheduled(sk))
		return;
	__xtcp_ack_snd_check(sk, 1);
}

/* ---- memory ---- */

/**
 * xtcp_rcv_space_adjust - let the receive buffer follow the reader
 *	(dynamic right-sizing, twin of tcp_rcv_space_adjust)
 * @sk: the socket, owned by the caller
 *
 * Once per receiver round trip: when the application read more than in
 * the round trip before, the sender is speeding up (slow start) or held
 * back by our window, so grow the buffer to twice what was read plus
 * the growth seen, up to net.xinet.tcp_rmem[2] unless SO_RCVBUF fixed
 * it, and let the window clamp follow.  Called after data was copied.
 */
void xtcp_rcv_space_adjust(struct sock *sk)
{
	struct xtcp_sock *tp = xtcp_sk(sk);
	u64 now = ktime_get_ns(), rcvwin, grow;
	u32 copied;
	int rcvbuf;

	sock_owned_by_me(sk);
	if (!tp->rcv_rtt_us ||
	    div_u64(now - tp->rcvq_stamp, NSEC_PER_USEC) < (tp->rcv_rtt_us >> 3))
		return;
	copied = tp->copied_seq - tp->rcvq_seq;
	if (copied <= tp->rcv_space)
		goto new_measure;
	if (!(sk->sk_userlocks & SOCK_RCVBUF_LOCK)) {
		/* Two round trips of data, a cushion for losses ... */
		rcvwin = ((u64)copied << 1) + 16 * tp->advmss;
		/* ... and room for a sender that keeps accelerating. */
		grow = div_u64(rcvwin * (copied - tp->rcv_space),
			       max_t(u32, tp->rcv_space, 1));
		rcvwin += grow << 1;
		rcvbuf = min_t(u64, xtcp_space_from_win(sk, rcvwin),
			       READ_ONCE(xinet_net(sock_net(sk))->sysctl_tcp_rmem[2]));
		if (rcvbuf > READ_ONCE(sk->sk_rcvbuf)) {
			WRITE_ONCE(sk->sk_rcvbuf, rcvbuf);
			WRITE_ONCE(tp->window_clamp,
				   xtcp_win_from_space(sk, rcvbuf));
		}
	}
	tp->rcv_space = copied;
new_measure:
	tp->rcvq_seq = tp->copied_seq;
	tp->rcvq_stamp = now;
}

/**
 * xtcp_sndbuf_expand - a send buffer for twice the congestion window
 *	(twin of tcp_sndbuf_expand)
 * @sk: the socket
 */
void xtcp_sndbuf_expand(struct sock *sk)
{
	const struct xtcp_sock *tp = xtcp_sk(sk);
	int per_mss, sndmem, nr_segs;

	if (sk->sk_userlocks & SOCK_SNDBUF_LOCK)
		return;
	per_mss = max_t(u32, tp->rx_opt.mss_clamp, tp->mss_cache) +
		  XTCP_MAX_HEADER +
		  SKB_DATA_ALIGN(sizeof(struct skb_shared_info));
	per_mss = roundup_pow_of_two(per_mss) +
		  SKB_DATA_ALIGN(sizeof(struct sk_buff));
	nr_segs = max_t(u32, XTCP_INIT_CWND, tp->snd_cwnd);
	nr_segs = max_t(u32, nr_segs, tp->reordering + 1);
	sndmem = 2 * nr_segs * per_mss;
	if (sk->sk_sndbuf < sndmem)
		WRITE_ONCE(sk->sk_sndbuf,
			   min(sndmem, READ_ONCE(xinet_net(sock_net(sk))->sysctl_tcp_wmem[2])));
}

/**
 * xtcp_ofo_purge - free the out-of-order queue
 * @sk: the socket
 *
 * Return: true if it held anything.
 */
bool xtcp_ofo_purge(struct sock *sk)
{
	struct xtcp_sock *tp = xtcp_sk(sk);
	struct rb_node *p = rb_first(&tp->out_of_order_queue);
	bool any = p;

	while (p) {
		struct sk_buff *skb = rb_to_skb(p);

		p = rb_next(p);
		rb_erase(&skb->rbnode, &tp->out_of_order_queue);
		kfree_skb(skb);
	}
	tp->ooo_last_skb = NULL;
	return any;
}

/* Drop the out-of-order queue to make room (tcp_prune_ofo_queue). */
static bool xtcp_prune_ofo_queue(struct sock *sk)
{
	struct xtcp_sock *tp = xtcp_sk(sk);

	if (RB_EMPTY_ROOT(&tp->out_of_order_queue))
		return false;
	XNET_INC_STATS(sock_net(sk), LINUX_MIB_OFOPRUNED);
	xtcp_ofo_purge(sk);
	sk_mem_reclaim(sk);
	/*
	 * The blocks name data we no longer hold; a sender that trusted
	 * them would never resend it.  Report none until new data comes.
	 */
	if (tp->rx_opt.sack_ok)
		xtcp_sack_reset(&tp->rx_opt);
	return true;
}

static int xtcp_prune_queue(struct sock *sk)
{
	XNET_INC_STATS(sock_net(sk), LINUX_MIB_PRUNECALLED);
	if (atomic_read(&sk->sk_rmem_alloc) <= sk->sk_rcvbuf)
		return 0;
	xtcp_prune_ofo_queue(sk);
	if (atomic_read(&sk->sk_rmem_alloc) <= sk->sk_rcvbuf)
		return 0;
	/* A peer that overran its window: drop what does not fit. */
	XNET_INC_STATS(sock_net(sk), LINUX_MIB_RCVPRUNED);
	xtcp_sk(sk)->pred_flags = 0;
	return -1;
}

static int xtcp_try_rmem_schedule(struct sock *sk, struct sk_buff *skb,
				  unsigned int size)
{
	if (atomic_read(&sk->sk_rmem_alloc) > sk->sk_rcvbuf ||
	    !sk_rmem_schedule(sk, skb, size)) {
		if (xtcp_prune_queue(sk) < 0)
			return -1;
		while (!sk_rmem_schedule(sk, skb, size)) {
			if (!xtcp_prune_ofo_queue(sk))
				return -1;
		}
	}
	return 0;
}

/* ---- receive queues ---- */

static void xtcp_rcv_nxt_update(struct xtcp_sock *tp, u32 seq)
{
	u32 delta = seq - tp->rcv_nxt;

	tp->bytes_received += delta;
	WRITE_ONCE(tp->rcv_nxt, seq);
}

/* Append @from to @to when it continues it exactly (tcp_try_coalesce). */
static bool xtcp_try_coalesce(struct sock *sk, struct sk_buff *to,
			      struct sk_buff *from, bool *fragstolen)
{
	int delta;

	*fragstolen = false;
	if (XTCP_SKB_CB(from)->seq != XTCP_SKB_CB(to)->end_seq)
		return false;
	if (XTCP_SKB_CB(to)->tcp_flags & XTCPHDR_FIN)
		return false;
	if (!skb_try_coalesce(to, from, fragstolen, &delta))
		return false;
	atomic_add(delta, &sk->sk_rmem_alloc);
	sk_mem_charge(sk, delta);
	XTCP_SKB_CB(to)->end_seq = XTCP_SKB_CB(from)->end_seq;
	XTCP_SKB_CB(to)->ack_seq = XTCP_SKB_CB(from)->ack_seq;
	XTCP_SKB_CB(to)->tcp_flags |= XTCP_SKB_CB(from)->tcp_flags;
	return true;
}

static int xtcp_queue_rcv(struct sock *sk, struct sk_buff *skb,
			  bool *fragstolen)
{
	struct sk_buff *tail = skb_peek_tail(&sk->sk_receive_queue);
	int eaten;

	eaten = (tail && xtcp_try_coalesce(sk, tail, skb, fragstolen)) ? 1 : 0;
	xtcp_rcv_nxt_update(xtcp_sk(sk), XTCP_SKB_CB(skb)->end_seq);
	if (!eaten) {
		__skb_queue_tail(&sk->sk_receive_queue, skb);
		skb_set_owner_r(skb, sk);
	}
	return eaten;
}

/**
 * xtcp_send_rcvq - write data into the receive queue (twin of
 *	tcp_send_rcvq): sendmsg of a socket in TCP_REPAIR with
 *	TCP_REPAIR_QUEUE at TCP_RECV_QUEUE restores what the peer had sent
 *	and the reader not read yet
 * @sk: the socket, locked
 * @msg: the data
 * @size: its length
 *
 * The data is queued at rcv_nxt as if it had arrived in order, rcv_nxt
 * moving past it; nothing is acknowledged.
 *
 * Return: bytes queued (at most a page's worth of fragments more than a
 * page at a time, as Linux), or a negative errno.
 */
int xtcp_send_rcvq(struct sock *sk, struct msghdr *msg, size_t size)
{
	struct xtcp_sock *tp = xtcp_sk(sk);
	struct sk_buff *skb;
	int err = -ENOMEM;
	int data_len = 0;
	bool fragstolen;

	sock_owned_by_me(sk);
	if (!size)
		return 0;
	/* Beyond a page, whole pages in fragments: the rest in the head. */
	if (size > PAGE_SIZE) {
		int npages = min_t(size_t, size >> PAGE_SHIFT, MAX_SKB_FRAGS);

		data_len = npages << PAGE_SHIFT;
		size = data_len + (size & ~PAGE_MASK);
	}
	skb = alloc_skb_with_frags(size - data_len, data_len,
				   PAGE_ALLOC_COSTLY_ORDER, &err,
				   sk->sk_allocation);
	if (!skb)
		return err;
	skb_put(skb, size - data_len);
	skb->data_len = data_len;
	skb->len = size;

	if (xtcp_try_rmem_schedule(sk, skb, skb->truesize)) {
		XNET_INC_STATS(sock_net(sk), LINUX_MIB_TCPRCVQDROP);
		err = -ENOMEM;
		goto err_free;
	}
	err = skb_copy_datagram_from_iter(skb, 0, &msg->msg_iter, size);
	if (err)
		goto err_free;

	XTCP_SKB_CB(skb)->seq = tp->rcv_nxt;
	XTCP_SKB_CB(skb)->end_seq = tp->rcv_nxt + size;
	XTCP_SKB_CB(skb)->ack_seq = tp->snd_una - 1;
	XTCP_SKB_CB(skb)->tcp_flags = 0;
	/* A head of its own (kmalloc'ed) is never stolen by a coalesce. */
	if (xtcp_queue_rcv(sk, skb, &fragstolen)) {
		WARN_ON_ONCE(fragstolen);
		__kfree_skb(skb);
	}
	return size;

err_free:
	kfree_skb(skb);
	return err;
}

/* ---- SACK and D-SACK blocks we send (RFC 2018, RFC 2883) ---- */

/*
 * Twin of tcp_sack_extend(): grow @sp to cover [@seq, @end_seq) when the
 * two overlap or touch.  Return: true if they did.
 */
static bool xtcp_sack_extend(struct xtcp_sack_block *sp, u32 seq, u32 end_seq)
{
	if (!xtcp_after(seq, sp->end_seq) && !xtcp_after(sp->start_seq, end_seq)) {
		if (xtcp_before(seq, sp->start_seq))
			sp->start_seq = seq;
		if (xtcp_after(end_seq, sp->end_seq))
			sp->end_seq = end_seq;
		return true;
	}
	return false;
}

/*
 * Twin of tcp_dsack_set(): report [@seq, @end_seq) as received twice in
 * the next segment we send, when SACK was agreed and net.xinet.tcp_dsack
 * allows; below rcv_nxt it is old data (TCPDSACKOldSent), else a
 * duplicate of the out-of-order queue (TCPDSACKOfoSent).
 */
static void xtcp_dsack_set(struct sock *sk, u32 seq, u32 end_seq)
{
	struct xtcp_sock *tp = xtcp_sk(sk);
	struct net *net = sock_net(sk);

	if (!xtcp_is_sack(tp) || !READ_ONCE(xinet_net(net)->sysctl_tcp_dsack))
		return;
	XNET_INC_STATS(net, xtcp_before(seq, tp->rcv_nxt) ?
			    LINUX_MIB_TCPDSACKOLDSENT :
			    LINUX_MIB_TCPDSACKOFOSENT);
	tp->rx_opt.dsack = 1;
	tp->duplicate_sack[0].start_seq = seq;
	tp->duplicate_sack[0].end_seq = end_seq;
}

/* Twin of tcp_dsack_extend(): a duplicate touching the pending block widens it. */
static void xtcp_dsack_extend(struct sock *sk, u32 seq, u32 end_seq)
{
	struct xtcp_sock *tp = xtcp_sk(sk);

	if (!tp->rx_opt.dsack)
		xtcp_dsack_set(sk, seq, end_seq);
	else
		xtcp_sack_extend(tp->duplicate_sack, seq, end_seq);
}

/*
 * Twin of tcp_sack_maybe_coalesce(): the first block just grew; fold
 * into it every other block it now overlaps or touches.
 */
static void xtcp_sack_maybe_coalesce(struct xtcp_sock *tp)
{
	struct xtcp_sack_block *sp = &tp->selective_acks[0];
	int this_sack = 1, i;

	while (this_sack < tp->rx_opt.num_sacks) {
		if (xtcp_sack_extend(sp, sp[this_sack].start_seq,
				     sp[this_sack].end_seq)) {
			tp->rx_opt.num_sacks--;
			for (i = this_sack; i < tp->rx_opt.num_sacks; i++)
				sp[i] = sp[i + 1];
			continue;
		}
		this_sack++;
	}
}

/**
 * xtcp_sack_compress_send_ack - send the ACK SACK compression holds back,
 *	now (twin of tcp_sack_compress_send_ack)
 * @sk: the socket, locked
 *
 * TCPAckCompressed counts the ACKs saved: those held back, less this one.
 */
void xtcp_sack_compress_send_ack(struct sock *sk)
{
	struct xtcp_sock *tp = xtcp_sk(sk);

	if (!tp->compressed_ack)
		return;
	if (hrtimer_try_to_cancel(&tp->compressed_ack_timer) == 1)
		__sock_put(sk);
	XNET_ADD_STATS(sock_net(sk), LINUX_MIB_TCPACKCOMPRESSED,
		       tp->compressed_ack - 1);
	tp->compressed_ack = 0;
	xtcp_send_ack(sk);
}

/*
 * A SACK block beyond the first two changed: an ACK carrying it may be
 * lost, so a held-back ACK goes now (TCP_SACK_BLOCKS_EXPECTED).
 */
#define XTCP_SACK_BLOCKS_EXPECTED	2

/*
 * Twin of tcp_sack_new_ofo_skb(): [@seq, @end_seq) joined the
 * out-of-order queue.  The block it extends, or a new one, moves to the
 * front (RFC 2018 section 4: the first block reports the most recent
 * segment); with all XTCP_NUM_SACKS in use the oldest is forgotten.
 */
static void xtcp_sack_new_ofo_skb(struct sock *sk, u32 seq, u32 end_seq)
{
	struct xtcp_sock *tp = xtcp_sk(sk);
	struct xtcp_sack_block *sp = &tp->selective_acks[0];
	int cur_sacks = tp->rx_opt.num_sacks;
	int this_sack;

	if (!cur_sacks)
		goto new_sack;

	for (this_sack = 0; this_sack < cur_sacks; this_sack++, sp++) {
		if (xtcp_sack_extend(sp, seq, end_seq)) {
			if (this_sack >= XTCP_SACK_BLOCKS_EXPECTED)
				xtcp_sack_compress_send_ack(sk);
			for (; this_sack > 0; this_sack--, sp--)
				swap(*sp, *(sp - 1));
			if (cur_sacks > 1)
				xtcp_sack_maybe_coalesce(tp);
			return;
		}
	}

	if (this_sack >= XTCP_SACK_BLOCKS_EXPECTED)
		xtcp_sack_compress_send_ack(sk);
	if (this_sack >= XTCP_NUM_SACKS) {
		this_sack--;
		tp->rx_opt.num_sacks--;
		sp--;
	}
	for (; this_sack > 0; this_sack--, sp--)
		*sp = *(sp - 1);

new_sack:
	sp->start_seq = seq;
	sp->end_seq = end_seq;
	tp->rx_opt.num_sacks++;
}

/*
 * Twin of tcp_sack_remove(): rcv_nxt advanced; the blocks it now covers
 * are acknowledged cumulatively and go, the others keep their order.
 */
static void xtcp_sack_remove(struct xtcp_sock *tp)
{
	struct xtcp_sack_block *sp = &tp->selective_acks[0];
	int num_sacks = tp->rx_opt.num_sacks;
	int this_sack = 0, i;

	if (RB_EMPTY_ROOT(&tp->out_of_order_queue)) {
		tp->rx_opt.num_sacks = 0;
		return;
	}

	while (this_sack < num_sacks) {
		if (!xtcp_before(tp->rcv_nxt, sp->start_seq)) {
			/* The queue is delivered up to the next hole. */
			WARN_ON(xtcp_before(tp->rcv_nxt, sp->end_seq));
			for (i = this_sack + 1; i < num_sacks; i++)
				tp->selective_acks[i - 1] = tp->selective_acks[i];
			num_sacks--;
			continue;
		}
		this_sack++;
		sp++;
	}
	tp->rx_opt.num_sacks = num_sacks;
}

#define xtcp_skb_rb_next(skb)	skb_rb_next(skb)

/**
 * xtcp_data_queue_ofo - keep a segment that arrived ahead of rcv_nxt
 *	(twin of tcp_data_queue_ofo)
 * @sk: the socket
 * @skb: the segment, header pulled; consumed
 *
 * The tree holds no segment wholly covered by another: a new one that
 * an old one covers is dropped, old ones it covers are dropped, partial
 * overlaps are kept and trimmed when delivered.
 */
void xtcp_data_queue_ofo(struct sock *sk, struct sk_buff *skb)
{
	struct xtcp_sock *tp = xtcp_sk(sk);
	struct net *net = sock_net(sk);
	struct rb_node **p, *parent;
	struct sk_buff *skb1;
	u32 seq, end_seq;
	bool fragstolen;

	xtcp_ecn_check_ce(sk, skb);
	if (unlikely(xtcp_try_rmem_schedule(sk, skb, skb->truesize))) {
		XNET_INC_STATS(net, LINUX_MIB_TCPOFODROP);
		sk->sk_data_ready(sk);
		xtcp_rec_drop(sk, skb, SKB_DROP_REASON_TCP_OFO_DROP);
		kfree_skb(skb);
		return;
	}

	/* A hole: header prediction is off until it is filled. */
	tp->pred_flags = 0;
	xinet_csk_schedule_ack(sk);
	tp->rcv_ooopack++;
	XNET_INC_STATS(net, LINUX_MIB_TCPOFOQUEUE);
	seq = XTCP_SKB_CB(skb)->seq;
	end_seq = XTCP_SKB_CB(skb)->end_seq;

	p = &tp->out_of_order_queue.rb_node;
	if (RB_EMPTY_ROOT(&tp->out_of_order_queue)) {
		/* The first hole: one block. */
		if (xtcp_is_sack(tp)) {
			tp->rx_opt.num_sacks = 1;
			tp->selective_acks[0].start_seq = seq;
			tp->selective_acks[0].end_seq = end_seq;
		}
		rb_link_node(&skb->rbnode, NULL, p);
		rb_insert_color(&skb->rbnode, &tp->out_of_order_queue);
		tp->ooo_last_skb = skb;
		goto end;
	}

	/* The common case: it continues the last one. */
	if (xtcp_try_coalesce(sk, tp->ooo_last_skb, skb, &fragstolen)) {
coalesce_done:
		XNET_INC_STATS(net, LINUX_MIB_TCPRCVCOALESCE);
		kfree_skb_partial(skb, fragstolen);
		skb = NULL;
		goto add_sack;
	}
	if (!xtcp_before(seq, XTCP_SKB_CB(tp->ooo_last_skb)->end_seq)) {
		parent = &tp->ooo_last_skb->rbnode;
		p = &parent->rb_right;
		goto insert;
	}

	parent = NULL;
	while (*p) {
		parent = *p;
		skb1 = rb_to_skb(parent);
		if (xtcp_before(seq, XTCP_SKB_CB(skb1)->seq)) {
			p = &parent->rb_left;
			continue;
		}
		if (xtcp_before(seq, XTCP_SKB_CB(skb1)->end_seq)) {
			if (!xtcp_after(end_seq, XTCP_SKB_CB(skb1)->end_seq)) {
				/* Nothing new in it. */
				XNET_INC_STATS(net, LINUX_MIB_TCPOFOMERGE);
				xtcp_rec_drop(sk, skb, SKB_DROP_REASON_TCP_OFOMERGE);
				kfree_skb(skb);
				skb = NULL;
				xtcp_dsack_set(sk, seq, end_seq);
				goto add_sack;
			}
			if (!xtcp_after(seq, XTCP_SKB_CB(skb1)->seq)) {
				/* Same start, longer: it replaces skb1. */
				rb_replace_node(&skb1->rbnode, &skb->rbnode,
						&tp->out_of_order_queue);
				xtcp_dsack_extend(sk, XTCP_SKB_CB(skb1)->seq,
						  XTCP_SKB_CB(skb1)->end_seq);
				XNET_INC_STATS(net, LINUX_MIB_TCPOFOMERGE);
				kfree_skb(skb1);
				goto merge_right;
			}
			/* A partial overlap: kept, trimmed on delivery. */
			xtcp_dsack_set(sk, seq, XTCP_SKB_CB(skb1)->end_seq);
		} else if (xtcp_try_coalesce(sk, skb1, skb, &fragstolen)) {
			goto coalesce_done;
		}
		p = &parent->rb_right;
	}
insert:
	rb_link_node(&skb->rbnode, parent, p);
	rb_insert_color(&skb->rbnode, &tp->out_of_order_queue);
merge_right:
	/* Drop the segments this one covers. */
	while ((skb1 = xtcp_skb_rb_next(skb)) != NULL) {
		if (!xtcp_after(end_seq, XTCP_SKB_CB(skb1)->seq))
			break;
		if (xtcp_before(end_seq, XTCP_SKB_CB(skb1)->end_seq)) {
			xtcp_dsack_extend(sk, XTCP_SKB_CB(skb1)->seq, end_seq);
			break;
		}
		rb_erase(&skb1->rbnode, &tp->out_of_order_queue);
		xtcp_dsack_extend(sk, XTCP_SKB_CB(skb1)->seq,
				  XTCP_SKB_CB(skb1)->end_seq);
		XNET_INC_STATS(net, LINUX_MIB_TCPOFOMERGE);
		kfree_skb(skb1);
	}
	if (!skb1)
		tp->ooo_last_skb = skb;
add_sack:
	if (xtcp_is_sack(tp))
		xtcp_sack_new_ofo_skb(sk, seq, end_seq);
end:
	/* No window growth here: the sender must see the dupACKs. */
	if (skb)
		skb_set_owner_r(skb, sk);
}

/**
 * xtcp_ofo_queue - move what the out-of-order queue now continues to the
 *	receive queue (twin of tcp_ofo_queue)
 * @sk: the socket
 */
void xtcp_ofo_queue(struct sock *sk)
{
	struct xtcp_sock *tp = xtcp_sk(sk);
	struct rb_node *p = rb_first(&tp->out_of_order_queue);
	u32 dsack_high = tp->rcv_nxt;
	struct sk_buff *skb, *tail;
	bool fragstolen, eaten;

	while (p) {
		skb = rb_to_skb(p);
		if (xtcp_after(XTCP_SKB_CB(skb)->seq, tp->rcv_nxt))
			break;
		/* Its head was already delivered: a duplicate. */
		if (xtcp_before(XTCP_SKB_CB(skb)->seq, dsack_high)) {
			u32 dsack = dsack_high;

			if (xtcp_before(XTCP_SKB_CB(skb)->end_seq, dsack_high))
				dsack = XTCP_SKB_CB(skb)->end_seq;
			xtcp_dsack_extend(sk, XTCP_SKB_CB(skb)->seq, dsack);
		}
		p = rb_next(p);
		rb_erase(&skb->rbnode, &tp->out_of_order_queue);
		if (skb == tp->ooo_last_skb)
			tp->ooo_last_skb = p ? rb_to_skb(rb_last(&tp->out_of_order_queue)) : NULL;

		if (unlikely(!xtcp_after(XTCP_SKB_CB(skb)->end_seq, tp->rcv_nxt))) {
			kfree_skb(skb);
			continue;
		}
		tail = skb_peek_tail(&sk->sk_receive_queue);
		eaten = tail && xtcp_try_coalesce(sk, tail, skb, &fragstolen);
		xtcp_rcv_nxt_update(tp, XTCP_SKB_CB(skb)->end_seq);
		if (!eaten)
			__skb_queue_tail(&sk->sk_receive_queue, skb);
		if (XTCP_SKB_CB(skb)->tcp_flags & XTCPHDR_FIN) {
			if (eaten)
				kfree_skb_partial(skb, fragstolen);
			/* xtcp_fin() purges the tree: stop here. */
			xtcp_fin(sk);
			return;
		}
		if (eaten)
			kfree_skb_partial(skb, fragstolen);
	}
	if (RB_EMPTY_ROOT(&tp->out_of_order_queue))
		tp->ooo_last_skb = NULL;
}

static void xtcp_data_ready(struct sock *sk)
{
	sk->sk_data_ready(sk);
}

/* Step 7: the segment's text (twin of tcp_data_queue). */
static void xtcp_data_queue(struct sock *sk, struct sk_buff *skb)
{
	struct xtcp_sock *tp = xtcp_sk(sk);
	struct net *net = sock_net(sk);
	bool fragstolen = false;
	int eaten;

	if (XTCP_SKB_CB(skb)->seq == XTCP_SKB_CB(skb)->end_seq) {
		kfree_skb(skb);
		return;
	}
	xtcp_skb_pull_header(skb);
	/* A D-SACK reports this segment only: the last one was sent. */
	tp->rx_opt.dsack = 0;

	if (XTCP_SKB_CB(skb)->seq == tp->rcv_nxt) {
		if (xtcp_receive_window(tp) == 0) {
			/* Only a FIN may come into a zero window. */
			if (skb->len) {
				XNET_INC_STATS(net, LINUX_MIB_TCPZEROWINDOWDROP);
				xtcp_rec_drop(sk, skb, SKB_DROP_REASON_TCP_ZEROWINDOW);
				goto out_of_window;
			}
		}
queue_and_out:
		if (skb_queue_len(&sk->sk_receive_queue) == 0) {
			xtcp_forced_mem_schedule(sk, skb->truesize);
		} else if (xtcp_try_rmem_schedule(sk, skb, skb->truesize)) {
			XNET_INC_STATS(net, LINUX_MIB_TCPRCVQDROP);
			sk->sk_data_ready(sk);
			xtcp_rec_drop(sk, skb, SKB_DROP_REASON_PROTO_MEM);
			goto drop;
		}
		eaten = xtcp_queue_rcv(sk, skb, &fragstolen);
		if (skb->len)
			xtcp_event_data_recv(sk, skb);
		if (XTCP_SKB_CB(skb)->tcp_flags & XTCPHDR_FIN)
			xtcp_fin(sk);
		if (!RB_EMPTY_ROOT(&tp->out_of_order_queue)) {
			xtcp_ofo_queue(sk);
			/* The gap is filled: say so at once (RFC 5681 4.2). */
			if (RB_EMPTY_ROOT(&tp->out_of_order_queue))
				xinet_csk(sk)->icsk_ack.pending |= XICSK_ACK_NOW;
		}
		if (tp->rx_opt.num_sacks)
			xtcp_sack_remove(tp);
		xtcp_fast_path_check(sk);
		if (eaten > 0)
			kfree_skb_partial(skb, fragstolen);
		if (!sock_flag(sk, SOCK_DEAD))
			xtcp_data_ready(sk);
		return;
	}

	if (!xtcp_after(XTCP_SKB_CB(skb)->end_seq, tp->rcv_nxt)) {
		/* A retransmission of what we have: ACK it at once. */
		XNET_INC_STATS(net, LINUX_MIB_DELAYEDACKLOST);
		xtcp_dsack_set(sk, XTCP_SKB_CB(skb)->seq,
			       XTCP_SKB_CB(skb)->end_seq);
		xtcp_rec_drop(sk, skb, SKB_DROP_REASON_TCP_OLD_DATA);
out_of_window:
		xtcp_enter_quickack_mode(sk, XTCP_MAX_QUICKACKS);
		xinet_csk_schedule_ack(sk);
drop:
		kfree_skb(skb);
		return;
	}

	/* Beyond the window, a zero-window probe for instance. */
	if (!xtcp_before(XTCP_SKB_CB(skb)->seq,
			 tp->rcv_nxt + xtcp_receive_window(tp))) {
		xtcp_rec_drop(sk, skb, SKB_DROP_REASON_TCP_OVERWINDOW);
		goto out_of_window;
	}

	if (xtcp_before(XTCP_SKB_CB(skb)->seq, tp->rcv_nxt)) {
		/* Starts before rcv_nxt, ends after: recvmsg skips the head. */
		xtcp_dsack_set(sk, XTCP_SKB_CB(skb)->seq, tp->rcv_nxt);
		/* A closed window drops the tail, but the head was a duplicate. */
		if (!xtcp_receive_window(tp)) {
			XNET_INC_STATS(net, LINUX_MIB_TCPZEROWINDOWDROP);
			xtcp_rec_drop(sk, skb, SKB_DROP_REASON_TCP_ZEROWINDOW);
			goto out_of_window;
		}
		goto queue_and_out;
	}

	xtcp_data_queue_ofo(sk, skb);
}

/**
 * xtcp_fin - the peer's FIN arrived in order (twin of tcp_fin)
 * @sk: the socket
 */
void xtcp_fin(struct sock *sk)
{
	struct xtcp_sock *tp = xtcp_sk(sk);

	xinet_csk_schedule_ack(sk);
	WRITE_ONCE(sk->sk_shutdown, sk->sk_shutdown | RCV_SHUTDOWN);
	sock_set_flag(sk, SOCK_DONE);

	switch (sk->sk_state) {
	case TCP_SYN_RECV:
	case TCP_ESTABLISHED:
		xtcp_set_state(sk, TCP_CLOSE_WAIT);
		xinet_csk_enter_pingpong_mode(sk);
		break;
	case TCP_CLOSE_WAIT:
	case TCP_CLOSING:
	case TCP_LAST_ACK:
		/* A retransmitted FIN: nothing new. */
		break;
	case TCP_FIN_WAIT1:
		/* Simultaneous close: ACK it, wait for our FIN's ACK. */
		xtcp_send_ack(sk);
		xtcp_set_state(sk, TCP_CLOSING);
		break;
	case TCP_FIN_WAIT2:
		xtcp_send_ack(sk);
		xtcp_time_wait(sk, TCP_TIME_WAIT, 0);
		break;
	default:
		pr_err("%s: impossible, sk->sk_state=%d\n", __func__,
		       sk->sk_state);
		break;
	}

	xtcp_ofo_purge(sk);
	tp->ooo_last_skb = NULL;
	if (xtcp_is_sack(tp))
		xtcp_sack_reset(&tp->rx_opt);

	if (!sock_flag(sk, SOCK_DEAD)) {
		sk->sk_state_change(sk);
		if (sk->sk_shutdown == SHUTDOWN_MASK ||
		    sk->sk_state == TCP_CLOSE)
			sk_wake_async(sk, SOCK_WAKE_WAITD, POLL_HUP);
		else
			sk_wake_async(sk, SOCK_WAKE_WAITD, POLL_IN);
	}
}

/**
 * xtcp_reset - the connection was reset by the peer (twin of tcp_reset)
 * @sk: the socket
 * @skb: the RST (for the tracepoint), or NULL
 */
void xtcp_reset(struct sock *sk, struct sk_buff *skb)
{
	int err;

	trace_xtcp_receive_reset(sk, skb);
	switch (sk->sk_state) {
	case TCP_SYN_SENT:
		err = ECONNREFUSED;
		break;
	case TCP_CLOSE_WAIT:
		err = EPIPE;
		break;
	case TCP_CLOSE:
		return;
	default:
		err = ECONNRESET;
	}
	WRITE_ONCE(sk->sk_err, err);
	/* Pairs with the smp_rmb() in xtcp_poll(). */
	smp_wmb();
	xtcp_write_queue_purge(sk);
	xtcp_done(sk);
	if (!sock_flag(sk, SOCK_DEAD))
		sk_error_report(sk);
}

/**
 * xtcp_send_challenge_ack - answer a suspicious RST or SYN with an ACK,
 *	rate-limited (RFC 5961 section 7; twin of tcp_send_challenge_ack)
 * @sk: the socket
 */
void xtcp_send_challenge_ack(struct sock *sk)
{
	struct xinet_net *xn = xinet_net(sock_net(sk));
	struct xtcp_sock *tp = xtcp_sk(sk);
	u32 count, now, ack_limit;

	/* The per-socket limit first, as for any out-of-window ACK. */
	if (tp->last_oow_ack_time) {
		s32 elapsed = (s32)((u32)jiffies - tp->last_oow_ack_time);

		if (elapsed >= 0 && elapsed < XTCP_INVALID_RATELIMIT) {
			XNET_INC_STATS(sock_net(sk),
				       LINUX_MIB_TCPACKSKIPPEDCHALLENGE);
			return;
		}
	}
	tp->last_oow_ack_time = jiffies;

	ack_limit = READ_ONCE(xn->sysctl_tcp_challenge_ack_limit);
	if (ack_limit == INT_MAX)
		goto send_ack;

	/* Then the namespace-wide budget, randomised per second. */
	now = jiffies / HZ;
	if (now != READ_ONCE(xn->tcp_challenge_timestamp)) {
		u32 half = (ack_limit + 1) >> 1;

		WRITE_ONCE(xn->tcp_challenge_timestamp, now);
		WRITE_ONCE(xn->tcp_challenge_count,
			   get_random_u32_inclusive(half, ack_limit + half - 1));
	}
	count = READ_ONCE(xn->tcp_challenge_count);
	if (count > 0) {
		WRITE_ONCE(xn->tcp_challenge_count, count - 1);
send_ack:
		XNET_INC_STATS(sock_net(sk), LINUX_MIB_TCPCHALLENGEACK);
		xtcp_send_ack(sk);
	}
}

/*
 * Twin of tcp_oow_rate_limited(): may we answer this out-of-window
 * segment now?  Segments with data are never limited (they are no ACK
 * loop); bare ones at most one per tcp_invalid_ratelimit, the others
 * counted in @mib_idx.  Return: true to stay silent.
 */
static bool xtcp_oow_rate_limited(struct net *net, const struct sk_buff *skb,
				  int mib_idx, u32 *last_oow_ack_time)
{
	u32 val;

	if (XTCP_SKB_CB(skb)->seq != XTCP_SKB_CB(skb)->end_seq &&
	    !xtcp_hdr(skb)->syn)
		return false;
	val = READ_ONCE(*last_oow_ack_time);
	if (val) {
		s32 elapsed = (s32)((u32)jiffies - val);

		if (elapsed >= 0 && elapsed < XTCP_INVALID_RATELIMIT) {
			XNET_INC_STATS(net, mib_idx);
			return true;
		}
	}
	WRITE_ONCE(*last_oow_ack_time, jiffies);
	return false;
}

/* An ACK for an out-of-window segment (twin of tcp_send_dupack). */
static void xtcp_send_dupack(struct sock *sk, const struct sk_buff *skb)
{
	struct xtcp_sock *tp = xtcp_sk(sk);

	if (XTCP_SKB_CB(skb)->end_seq != XTCP_SKB_CB(skb)->seq &&
	    xtcp_before(XTCP_SKB_CB(skb)->seq, tp->rcv_nxt)) {
		XNET_INC_STATS(sock_net(sk), LINUX_MIB_DELAYEDACKLOST);
		xtcp_enter_quickack_mode(sk, XTCP_MAX_QUICKACKS);
		/* Its part below rcv_nxt was received twice: say so. */
		if (xtcp_is_sack(tp) &&
		    READ_ONCE(xinet_net(sock_net(sk))->sysctl_tcp_dsack)) {
			u32 end_seq = XTCP_SKB_CB(skb)->end_seq;

			if (xtcp_after(end_seq, tp->rcv_nxt))
				end_seq = tp->rcv_nxt;
			xtcp_dsack_set(sk, XTCP_SKB_CB(skb)->seq, end_seq);
		}
	}
	xtcp_send_ack(sk);
}

/* The segment that last updated the send window (tcp_update_wl). */
static void xtcp_update_wl(struct xtcp_sock *tp, u32 seq)
{
	tp->snd_wl1 = seq;
}

static bool xtcp_may_update_window(const struct xtcp_sock *tp, u32 ack,
				   u32 ack_seq, u32 nwin)
{
	return xtcp_after(ack, tp->snd_una) ||
	       xtcp_after(ack_seq, tp->snd_wl1) ||
	       (ack_seq == tp->snd_wl1 && (nwin > tp->snd_wnd || !nwin));
}

/*
 * Twin of tcp_tsval_replay(): how many ticks of the peer's clock one RTO
 * may hold; RFC 7323 allows clocks up to 1 kHz and some run at 1200 Hz.
 */
static u32 xtcp_tsval_replay(const struct sock *sk)
{
	return xinet_csk(sk)->icsk_rto * 1200 / HZ;
}

/*
 * Twin of tcp_disordered_ack(): PAWS would drop a pure duplicate ACK that
 * was merely reordered behind a newer segment; such an ACK changes no
 * state (sequence, window) and is let through when its TSval is at most
 * an RTO's worth behind.
 */
static bool xtcp_disordered_ack(const struct sock *sk,
				const struct sk_buff *skb)
{
	const struct xtcp_sock *tp = xtcp_sk(sk);
	const struct tcphdr *th = xtcp_hdr(skb);
	u32 seq = XTCP_SKB_CB(skb)->seq;
	u32 ack = XTCP_SKB_CB(skb)->ack_seq;

	return th->ack && seq == XTCP_SKB_CB(skb)->end_seq &&
	       seq == tp->rcv_nxt && ack == tp->snd_una &&
	       !xtcp_may_update_window(tp, ack, seq, ntohs(th->window) <<
						    tp->rx_opt.snd_wscale) &&
	       (s32)(tp->rx_opt.ts_recent - tp->rx_opt.rcv_tsval) <=
	       (s32)xtcp_tsval_replay(sk);
}

/* Twin of tcp_paws_discard(): RFC 7323 section 5.3 R1 for a full socket. */
static bool xtcp_paws_discard(const struct sock *sk, const struct sk_buff *skb)
{
	const struct xtcp_sock *tp = xtcp_sk(sk);

	return !xtcp_paws_check(&tp->rx_opt, XTCP_PAWS_WINDOW) &&
	       !xtcp_disordered_ack(sk, skb);
}

/* RFC 9293 3.10.7.4 first check: is any of the segment in the window? */
static bool xtcp_sequence(const struct xtcp_sock *tp, u32 seq, u32 end_seq)
{
	return !xtcp_before(end_seq, tp->rcv_wup) &&
	       !xtcp_after(seq, tp->rcv_nxt + xtcp_receive_window(tp));
}

/* Is @seq the right edge of the highest SACK block we report? */
static bool xtcp_rst_at_sack_edge(const struct xtcp_sock *tp, u32 seq)
{
	u32 max_sack;
	int i;

	if (!xtcp_is_sack(tp) || !tp->rx_opt.num_sacks)
		return false;
	max_sack = tp->selective_acks[0].end_seq;
	for (i = 1; i < tp->rx_opt.num_sacks; i++)
		if (xtcp_after(tp->selective_acks[i].end_seq, max_sack))
			max_sack = tp->selective_acks[i].end_seq;
	return seq == max_sack;
}

/*
 * PAWS, then steps 1, 2 and 4 (twin of tcp_validate_incoming).  Return:
 * false when the segment was dealt with (and freed).
 */
static bool xtcp_validate_incoming(struct sock *sk, struct sk_buff *skb,
				   const struct tcphdr *th, int syn_inerr)
{
	struct xtcp_sock *tp = xtcp_sk(sk);
	struct net *net = sock_net(sk);

	/* RFC 7323 5.3 R1: PAWS before anything else; a RST passes. */
	if (xtcp_fast_parse_options(net, skb, th, tp) &&
	    tp->rx_opt.saw_tstamp && xtcp_paws_discard(sk, skb)) {
		if (!th->rst) {
			if (unlikely(th->syn))
				goto syn_challenge;
			XNET_INC_STATS(net, LINUX_MIB_PAWSESTABREJECTED);
			if (!xtcp_oow_rate_limited(net, skb,
						   LINUX_MIB_TCPACKSKIPPEDPAWS,
						   &tp->last_oow_ack_time))
				xtcp_send_dupack(sk, skb);
			xtcp_rec_drop(sk, skb, SKB_DROP_REASON_TCP_RFC7323_PAWS);
			goto discard;
		}
	}

	if (!xtcp_sequence(tp, XTCP_SKB_CB(skb)->seq,
			   XTCP_SKB_CB(skb)->end_seq)) {
		/* RFC 9293: ACK an unacceptable segment unless it is a RST. */
		if (!th->rst) {
			if (th->syn)
				goto syn_challenge;
			if (!xtcp_oow_rate_limited(net, skb,
						   LINUX_MIB_TCPACKSKIPPEDSEQ,
						   &tp->last_oow_ack_time))
				xtcp_send_dupack(sk, skb);
		}
		xtcp_rec_drop(sk, skb, xtcp_before(XTCP_SKB_CB(skb)->end_seq,
						   tp->rcv_wup) ?
			      SKB_DROP_REASON_TCP_OLD_SEQUENCE :
			      SKB_DROP_REASON_TCP_INVALID_SEQUENCE);
		goto discard;
	}

	if (th->rst) {
		/*
		 * RFC 5961 3.2: only the exact sequence number resets; as
		 * Linux, the right edge of our SACK blocks does too (the
		 * peer may have sent that far).
		 */
		if (XTCP_SKB_CB(skb)->seq == tp->rcv_nxt ||
		    xtcp_rst_at_sack_edge(tp, XTCP_SKB_CB(skb)->seq))
			xtcp_reset(sk, skb);
		else
			xtcp_send_challenge_ack(sk);
		xtcp_rec_drop(sk, skb, SKB_DROP_REASON_TCP_RESET);
		goto discard;
	}

	/* RFC 5961 4.2: a SYN in a synchronized state is challenged. */
	if (th->syn) {
syn_challenge:
		if (syn_inerr)
			XTCP_INC_STATS(sock_net(sk), TCP_MIB_INERRS);
		XNET_INC_STATS(sock_net(sk), LINUX_MIB_TCPSYNCHALLENGE);
		xtcp_send_challenge_ack(sk);
		xtcp_rec_drop(sk, skb, SKB_DROP_REASON_TCP_INVALID_SYN);
		goto discard;
	}
	return true;

discard:
	kfree_skb(skb);
	return false;
}

/* ---- the ACK ---- */

static int xtcp_ack_update_window(struct sock *sk, const struct sk_buff *skb,
				  u32 ack, u32 ack_seq)
{
	struct xtcp_sock *tp = xtcp_sk(sk);
	const struct tcphdr *th = xtcp_hdr(skb);
	u32 nwin = ntohs(th->window);
	int flag = 0;

	if (likely(!th->syn))
		nwin <<= tp->rx_opt.snd_wscale;

	if (xtcp_may_update_window(tp, ack, ack_seq, nwin)) {
		flag |= XFLAG_WIN_UPDATE;
		xtcp_update_wl(tp, ack_seq);
		if (tp->snd_wnd != nwin) {
			xtcp_rec_wnd_rcvd(sk, nwin, ack);
			tp->snd_wnd = nwin;
			/*
			 * The one place where the fast path comes back for
			 * a sender: pred_flags holds the new window.
			 */
			tp->pred_flags = 0;
			xtcp_fast_path_check(sk);
			/* A window reopening after a silence: as new data. */
			if (xtcp_send_head(sk))
				xtcp_slow_start_after_idle_check(sk);
			if (nwin > tp->max_window) {
				tp->max_window = nwin;
				xtcp_sync_mss(sk, xinet_csk(sk)->icsk_pmtu_cookie);
			}
		}
	}
	tp->snd_una = ack;
	return flag;
}

/* ---- the SACK scoreboard (RFC 2018, 2883, 6675) ---- */

/**
 * struct xtcp_sacktag_state - what one ACK's SACK blocks did (twin of
 *	tcp_sacktag_state)
 * @first_sackt: send time, us, of the first never-retransmitted segment
 *	newly SACKed (0: none): the ACK's RTT sample when nothing was
 *	cumulatively acknowledged
 * @last_sackt: that of the last one: min_rtt's and the congestion
 *	module's sample
 * @reord: lowest never-retransmitted sequence newly SACKed below the
 *	highest SACKed one: reordering
 * @sack_delivered: segments newly SACKed, spurious retransmissions
 *	D-SACKed included
 * @flag: XFLAG_* bits
 * @rate: the ACK's delivery-rate sample (xtcp_rate.c), which RACK's
 *	reordering window reads too
 */
struct xtcp_sacktag_state {
	u64	first_sackt;
	u64	last_sackt;
	u32	reord;
	u32	sack_delivered;
	int	flag;
	struct xrate_sample *rate;
};

/**
 * xtcp_mark_skb_lost - @skb is lost (twin of tcp_mark_skb_lost)
 * @sk: the socket
 * @skb: a segment of the retransmission queue
 *
 * A retransmission of it that was in flight is lost too; a SACKed skb is
 * never lost.  tp->lost counts each loss, a lost resend again, in
 * segments as the other counters.
 */
void xtcp_mark_skb_lost(struct sock *sk, struct sk_buff *skb)
{
	struct xtcp_sock *tp = xtcp_sk(sk);
	u8 sacked = XTCP_SKB_CB(skb)->sacked;

	if (sacked & XTCPCB_SACKED_ACKED)
		return;
	if (sacked & XTCPCB_LOST) {
		if (sacked & XTCPCB_RETRANS_OUT) {
			XTCP_SKB_CB(skb)->sacked &= ~XTCPCB_RETRANS_OUT;
			tp->retrans_out -= xtcp_skb_pcount(skb);
			XNET_ADD_STATS(sock_net(sk), LINUX_MIB_TCPLOSTRETRANSMIT,
				       xtcp_skb_pcount(skb));
			tp->lost += xtcp_skb_pcount(skb);
		}
	} else {
		XTCP_SKB_CB(skb)->sacked |= XTCPCB_LOST;
		tp->lost_out += xtcp_skb_pcount(skb);
		tp->lost += xtcp_skb_pcount(skb);
	}
}

/*
 * Twin of tcp_dsack_seen(): a D-SACK of [@start_seq, @end_seq).  Return:
 * the duplicate segments it reports, 0 when it is dubious (larger than
 * any window the receiver offered, or more duplicates than were ever
 * retransmitted).
 */
static u32 xtcp_dsack_seen(struct xtcp_sock *tp, u32 start_seq, u32 end_seq,
			   struct xtcp_sacktag_state *state)
{
	u32 seq_len, dup_segs = 1;

	if (!xtcp_before(start_seq, end_seq))
		return 0;
	seq_len = end_seq - start_seq;
	if (seq_len > tp->max_window)
		return 0;
	if (seq_len > tp->mss_cache)
		dup_segs = DIV_ROUND_UP(seq_len, tp->mss_cache);
	else if (tp->tlp_high_seq && tp->tlp_high_seq == end_seq)
		state->flag |= XFLAG_DSACK_TLP;
	tp->dsack_dups += dup_segs;
	if (tp->dsack_dups > tp->total_retrans)
		return 0;
	/*
	 * RACK widens its reordering window in rounds with D-SACKs that
	 * reordering may have caused: not without reordering seen, and not
	 * for the loss probe's (a timer sent it, not RACK).
	 */
	if (tp->reord_seen && !(state->flag & XFLAG_DSACK_TLP))
		tp->rack.dsack_seen = 1;
	state->flag |= XFLAG_DSACKING_ACK;
	state->sack_delivered += dup_segs;
	return dup_segs;
}

/*
 * Twin of tcp_check_sack_reordering(): data above @low_seq, never
 * retransmitted, was SACKed or ACKed after data above it: the path
 * reorders by at least the distance to the highest SACK, in segments.
 */
static void xtcp_check_sack_reordering(struct sock *sk, const u32 low_seq,
				       const int ts)
{
	struct xtcp_sock *tp = xtcp_sk(sk);
	const u32 mss = tp->mss_cache;
	u32 fack, metric, max;

	fack = xtcp_highest_sack_seq(tp);
	if (!xtcp_before(low_seq, fack))
		return;
	metric = fack - low_seq;
	max = READ_ONCE(xinet_net(sock_net(sk))->sysctl_tcp_max_reordering);
	if (metric > tp->reordering * mss && mss)
		tp->reordering = min_t(u32, (metric + mss - 1) / mss, max);
	tp->reord_seen++;
	XNET_INC_STATS(sock_net(sk), ts ? LINUX_MIB_TCPTSREORDER :
					  LINUX_MIB_TCPSACKREORDER);
}

/*
 * Twin of tcp_is_sackblock_valid(): a block must lie between snd_una and
 * snd_nxt (a block starting at snd_una would be a receiver reneging on
 * itself: it is left to the ACK); a D-SACK may also lie wholly below
 * snd_una, down to where the current recovery started (undo_marker),
 * with max_window of slack across it.
 */
static bool xtcp_is_sackblock_valid(const struct xtcp_sock *tp, bool is_dsack,
				    u32 start_seq, u32 end_seq)
{
	/* Beyond what was sent, or reversed. */
	if (xtcp_after(end_seq, tp->snd_nxt) ||
	    !xtcp_before(start_seq, end_seq))
		return false;
	/* start_seq past snd_nxt: end_seq wrapped around. */
	if (!xtcp_before(start_seq, tp->snd_nxt))
		return false;
	if (xtcp_after(start_seq, tp->snd_una))
		return true;
	if (!is_dsack || !tp->undo_marker)
		return false;
	/* A D-SACK below snd_una must not cross it. */
	if (xtcp_after(end_seq, tp->snd_una))
		return false;
	if (!xtcp_before(start_seq, tp->undo_marker))
		return true;
	/* Older than this recovery. */
	if (!xtcp_after(end_seq, tp->undo_marker))
		return false;
	return !xtcp_before(start_seq, end_seq - tp->max_window);
}

/*
 * Twin of tcp_check_dsack(): RFC 2883's two forms of a D-SACK, the first
 * block below the cumulative ACK, or inside the second block.  Return:
 * true when the first block is a D-SACK to use.
 */
static bool xtcp_check_dsack(struct sock *sk, const struct sk_buff *ack_skb,
			     const struct xtcp_sack_block_wire *sp,
			     int num_sacks, u32 prior_snd_una,
			     struct xtcp_sacktag_state *state)
{
	struct xtcp_sock *tp = xtcp_sk(sk);
	u32 start_seq_0 = get_unaligned_be32(&sp[0].start_seq);
	u32 end_seq_0 = get_unaligned_be32(&sp[0].end_seq);
	u32 dup_segs;

	if (xtcp_before(start_seq_0, XTCP_SKB_CB(ack_skb)->ack_seq)) {
		XNET_INC_STATS(sock_net(sk), LINUX_MIB_TCPDSACKRECV);
	} else if (num_sacks > 1) {
		u32 end_seq_1 = get_unaligned_be32(&sp[1].end_seq);
		u32 start_seq_1 = get_unaligned_be32(&sp[1].start_seq);

		if (xtcp_after(end_seq_0, end_seq_1) ||
		    xtcp_before(start_seq_0, start_seq_1))
			return false;
		XNET_INC_STATS(sock_net(sk), LINUX_MIB_TCPDSACKOFORECV);
	} else {
		return false;
	}

	dup_segs = xtcp_dsack_seen(tp, start_seq_0, end_seq_0, state);
	if (!dup_segs) {
		XNET_INC_STATS(sock_net(sk), LINUX_MIB_TCPDSACKIGNOREDDUBIOUS);
		return false;
	}
	XNET_ADD_STATS(sock_net(sk), LINUX_MIB_TCPDSACKRECVSEGS, dup_segs);
	/* A D-SACK for data already cumulatively acknowledged. */
	if (tp->undo_marker && tp->undo_retrans > 0 &&
	    !xtcp_after(end_seq_0, prior_snd_una) &&
	    xtcp_after(end_seq_0, tp->undo_marker))
		tp->undo_retrans = max_t(int, 0, tp->undo_retrans - dup_segs);
	return true;
}

/*
 * Twin of tcp_match_skb_to_sack(): does [@start_seq, @end_seq) cover
 * @skb?  A block over part of an skb of several segments cuts it at the
 * block's edge, rounded to whole segments (the receiver holds segments,
 * not bytes of them): the part before the block is cut off and left
 * untagged (0: the walk tags the rest next), the part in it is cut from
 * what follows and tagged (1).  A block over part of a single segment
 * leaves it alone.  Return: 1 when the block covers @skb (as cut), 0
 * when not, a negative errno when it could not be cut.
 */
static int xtcp_match_skb_to_sack(struct sock *sk, struct sk_buff *skb,
				  u32 start_seq, u32 end_seq)
{
	bool in_sack;
	u32 pkt_len, mss;
	int err;

	in_sack = !xtcp_after(start_seq, XTCP_SKB_CB(skb)->seq) &&
		  !xtcp_before(end_seq, XTCP_SKB_CB(skb)->end_seq);
	if (xtcp_skb_pcount(skb) <= 1 || in_sack ||
	    !xtcp_after(XTCP_SKB_CB(skb)->end_seq, start_seq))
		return in_sack;

	mss = xtcp_skb_mss(skb);
	in_sack = !xtcp_after(start_seq, XTCP_SKB_CB(skb)->seq);
	if (!in_sack) {
		/* The block starts inside: cut off what is before it. */
		pkt_len = max(start_seq - XTCP_SKB_CB(skb)->seq, mss);
	} else {
		/* It ends inside: cut off what is after it. */
		pkt_len = end_seq - XTCP_SKB_CB(skb)->seq;
		if (pkt_len < mss)
			return -EINVAL;
	}
	/*
	 * Whole segments only: the part before a block rounds up (a segment
	 * the block covers in part is not SACKed), the part in it down.
	 */
	if (pkt_len > mss) {
		u32 new_len = (pkt_len / mss) * mss;

		if (!in_sack && new_len < pkt_len)
			new_len += mss;
		pkt_len = new_len;
	}
	if (pkt_len >= skb->len && !in_sack)
		return 0;
	err = xtcp_fragment(sk, &xtcp_sk(sk)->rtx_queue, skb, pkt_len, mss,
			    GFP_ATOMIC);
	if (err < 0)
		return err;
	return in_sack;
}

/*
 * Twin of tcp_sacktag_one(): the newly SACKed (or D-SACKed) skb whose
 * XTCPCB_* bits are @sacked.  The states and their moves are Linux's:
 * S|R keeps R (the retransmission still flies) unless a D-SACK says it
 * arrived; L|R SACKed becomes S, the retransmission taken off the flight.
 * The counters move by the skb's @pcount segments.  Return: the new bits.
 */
static u8 xtcp_sacktag_one(struct sock *sk, struct xtcp_sacktag_state *state,
			   u8 sacked, u32 start_seq, u32 end_seq, bool dup_sack,
			   int pcount, u64 xmit_time)
{
	struct xtcp_sock *tp = xtcp_sk(sk);

	/* A D-SACK of a retransmitted segment. */
	if (dup_sack && (sacked & XTCPCB_RETRANS_ANY)) {
		if (tp->undo_marker && tp->undo_retrans > 0 &&
		    xtcp_after(end_seq, tp->undo_marker))
			tp->undo_retrans = max_t(int, 0,
						 tp->undo_retrans - pcount);
		if ((sacked & XTCPCB_SACKED_ACKED) &&
		    xtcp_before(start_seq, state->reord))
			state->reord = start_seq;
	}
	/* Cumulatively acknowledged already: about to be freed. */
	if (!xtcp_after(end_seq, tp->snd_una))
		return sacked;

	if (!(sacked & XTCPCB_SACKED_ACKED)) {
		xtcp_rack_advance(tp, sacked, end_seq, xmit_time);
		if (sacked & XTCPCB_RETRANS_OUT) {
			if (sacked & XTCPCB_LOST) {
				sacked &= ~(XTCPCB_LOST | XTCPCB_RETRANS_OUT);
				tp->lost_out -= pcount;
				tp->retrans_out -= pcount;
			}
		} else {
			if (!(sacked & XTCPCB_RETRANS_ANY)) {
				/* A hole never resent filled itself. */
				if (xtcp_before(start_seq,
						xtcp_highest_sack_seq(tp)) &&
				    xtcp_before(start_seq, state->reord))
					state->reord = start_seq;
				if (!xtcp_after(end_seq, tp->high_seq))
					state->flag |= XFLAG_ORIG_SACK_ACKED;
				/* An RTT sample, as for a cumulative ACK. */
				if (!state->first_sackt)
					state->first_sackt = xmit_time;
				state->last_sackt = xmit_time;
			}
			if (sacked & XTCPCB_LOST) {
				sacked &= ~XTCPCB_LOST;
				tp->lost_out -= pcount;
			}
		}
		sacked |= XTCPCB_SACKED_ACKED;
		state->flag |= XFLAG_DATA_SACKED;
		tp->sacked_out += pcount;
		state->sack_delivered += pcount;
	}

	/* A D-SACK for S|R or R: the retransmission arrived, needlessly. */
	if (dup_sack && (sacked & XTCPCB_RETRANS_OUT)) {
		sacked &= ~XTCPCB_RETRANS_OUT;
		tp->retrans_out -= pcount;
	}
	return sacked;
}

/*
 * Move the first @len bytes of @from's page frags to the end of @to,
 * joining the two frags that meet when they are adjacent in one page (the
 * work of skb_shift(), which is not exported to modules).  A frag cut in
 * two is referenced by both skbs; the moved bytes' truesize moves with
 * them.  A clone in flight keeps its own copy of the frag array.
 * Return: false, nothing moved, when @from has data in its head, @to no
 * room for the frags, or there is no memory for the copy.
 */
static bool xskb_shift(struct sk_buff *to, struct sk_buff *from, u32 len)
{
	struct skb_shared_info *tsh, *fsh;
	int nto, from_i = 0, need = 0, i;
	bool merge;
	u32 todo;

	if (WARN_ON_ONCE(len > from->len) || skb_headlen(from))
		return false;
	if (skb_zcopy(to) || skb_zcopy(from))
		return false;
	/*
	 * The frag arrays change: a clone in flight must keep its own.  The
	 * copy moves the shared info, so it is looked up only after.
	 */
	if (xtcp_unclone_keeptruesize(to, GFP_ATOMIC) ||
	    xtcp_unclone_keeptruesize(from, GFP_ATOMIC))
		return false;
	tsh = skb_shinfo(to);
	fsh = skb_shinfo(from);
	nto = tsh->nr_frags;
	merge = fsh->nr_frags &&
		skb_can_coalesce(to, nto, skb_frag_page(&fsh->frags[0]),
				 skb_frag_off(&fsh->frags[0]));
	for (i = 0, todo = len; i < fsh->nr_frags && todo; i++) {
		todo -= min(todo, skb_frag_size(&fsh->frags[i]));
		need += !(i == 0 && merge);
	}
	if (WARN_ON_ONCE(todo) || nto + need > MAX_SKB_FRAGS)
		return false;

	for (todo = len; todo; ) {
		skb_frag_t *f = &fsh->frags[from_i];
		u32 size = skb_frag_size(f), n = min(todo, size);

		if (from_i == 0 && merge) {
			skb_frag_size_add(&tsh->frags[nto - 1], n);
			/* @to's frag holds the page already. */
			if (n == size)
				skb_frag_unref(from, 0);
		} else {
			tsh->frags[nto] = *f;
			skb_frag_size_set(&tsh->frags[nto], n);
			nto++;
			if (n < size)
				__skb_frag_ref(f);
		}
		if (n == size) {
			from_i++;
		} else {
			skb_frag_off_add(f, n);
			skb_frag_size_sub(f, n);
		}
		todo -= n;
	}
	memmove(fsh->frags, fsh->frags + from_i,
		(fsh->nr_frags - from_i) * sizeof(skb_frag_t));
	fsh->nr_frags -= from_i;
	tsh->nr_frags = nto;
	to->len += len;
	to->data_len += len;
	to->truesize += len;
	from->len -= len;
	from->data_len -= len;
	from->truesize -= len;
	return true;
}

/**
 * xtcp_skb_shift - move data of a queued skb to the one before it (twin
 *	of tcp_skb_shift)
 * @to: the skb that takes the data, at its end
 * @from: the skb it comes from, its first @shiftlen bytes
 * @pcount: the segments that move
 * @shiftlen: the bytes that move
 *
 * Both hold their data in page frags only.
 * The caller moves the sequence numbers and segment counts.
 *
 * Return: true if the data moved; false, nothing changed, when @to would
 * grow past what its segment count can describe or has no frags left.
 */
bool xtcp_skb_shift(struct sk_buff *to, struct sk_buff *from, int pcount,
		    u32 shiftlen)
{
	/* tcp_gso_segs is 16 bits, and a segment at least 8 bytes. */
	if (unlikely(to->len + shiftlen >= 65535 * XTCP_MIN_GSO_SIZE))
		return false;
	if (unlikely(xtcp_skb_pcount(to) + pcount > 65535))
		return false;
	return xskb_shift(to, from, shiftlen);
}

/*
 * Twin of tcp_skb_seglen(): the length of @skb's segments on the wire,
 * the MSS it was cut for when it holds more than one.
 */
static int xtcp_skb_seglen(const struct sk_buff *skb)
{
	return xtcp_skb_pcount(skb) > 1 ? xtcp_skb_mss(skb) : skb->len;
}

/*
 * Twin of tcp_shifted_skb(): @shifted bytes, @pcount segments, of @skb
 * moved to the SACKed @prev.  They are tagged as newly SACKed first; if
 * that emptied @skb, it goes and @prev takes its flags.  Return: true if
 * @skb was freed.
 */
static bool xtcp_shifted_skb(struct sock *sk, struct sk_buff *prev,
			     struct sk_buff *skb,
			     struct xtcp_sacktag_state *state,
			     unsigned int pcount, int shifted, int mss,
			     bool dup_sack)
{
	struct xtcp_sock *tp = xtcp_sk(sk);
	u32 start_seq = XTCP_SKB_CB(skb)->seq;
	u32 end_seq = start_seq + shifted;

	/* The return value is @prev's bits: they stay S. */
	xtcp_sacktag_one(sk, state, XTCP_SKB_CB(skb)->sacked, start_seq,
			 end_seq, dup_sack, pcount, xtcp_skb_timestamp_us(skb));
	xtcp_rate_skb_delivered(sk, skb, state->rate);
	if (xtcp_after(end_seq, xtcp_highest_sack_seq(tp)))
		tp->highest_sack_seq = end_seq;

	XTCP_SKB_CB(prev)->end_seq += shifted;
	XTCP_SKB_CB(skb)->seq += shifted;
	xtcp_skb_pcount_add(prev, pcount);
	WARN_ON_ONCE(xtcp_skb_pcount(skb) < pcount);
	xtcp_skb_pcount_add(skb, -pcount);
	/* A one-segment skb that grew counts in @mss segments now. */
	if (!XTCP_SKB_CB(prev)->tcp_gso_size)
		XTCP_SKB_CB(prev)->tcp_gso_size = mss;
	if (xtcp_skb_pcount(skb) <= 1)
		XTCP_SKB_CB(skb)->tcp_gso_size = 0;
	/* Both go with one cumulative ACK: the merged bit is enough. */
	XTCP_SKB_CB(prev)->sacked |= XTCP_SKB_CB(skb)->sacked & XTCPCB_RETRANS;

	if (skb->len > 0) {
		XNET_INC_STATS(sock_net(sk), LINUX_MIB_SACKSHIFTED);
		return false;
	}

	XTCP_SKB_CB(prev)->tcp_flags |= XTCP_SKB_CB(skb)->tcp_flags;
	XTCP_SKB_CB(prev)->eor = XTCP_SKB_CB(skb)->eor;
	if (XTCP_SKB_CB(skb)->tcp_flags & XTCPHDR_FIN) {
		XTCP_SKB_CB(prev)->end_seq++;
		if (!xtcp_before(XTCP_SKB_CB(prev)->end_seq,
				 xtcp_highest_sack_seq(tp)))
			tp->highest_sack_seq = XTCP_SKB_CB(prev)->end_seq;
	}
	/* Two send times in one skb: no single delivery snapshot holds. */
	if (unlikely(XTCP_SKB_CB(prev)->tx.delivered_mstamp))
		XTCP_SKB_CB(prev)->tx.delivered_mstamp = 0;
	xtcp_rtx_queue_unlink_and_free(skb, sk);
	XNET_INC_STATS(sock_net(sk), LINUX_MIB_SACKMERGED);
	return true;
}

/* Twin of skb_can_shift(): all of @skb's data is in page frags. */
static bool xtcp_skb_can_shift(const struct sk_buff *skb)
{
	return !skb_headlen(skb) && skb_is_nonlinear(skb);
}

/*
 * Twin of tcp_shift_skb_data(): the part of @skb that [@start_seq,
 * @end_seq) SACKs, in whole segments, joins the SACKed skb before it,
 * and so may the SACKed skb after it once the hole between is filled:
 * the queue keeps one skb per SACKed run instead of one per block edge.
 * Return: the skb the walk goes on from (@skb's predecessor when data
 * moved, @skb itself when nothing of it is in the block), or NULL when
 * @skb is to be tagged in place (TCPSackShiftFallback).
 */
static struct sk_buff *xtcp_shift_skb_data(struct sock *sk, struct sk_buff *skb,
					   struct xtcp_sacktag_state *state,
					   u32 start_seq, u32 end_seq,
					   bool dup_sack)
{
	struct xtcp_sock *tp = xtcp_sk(sk);
	struct sk_buff *prev;
	int mss, pcount, len;
	bool in_sack;

	/* A retransmission in flight not lost: S|R, not plain S. */
	if (!dup_sack &&
	    (XTCP_SKB_CB(skb)->sacked & (XTCPCB_LOST | XTCPCB_RETRANS_OUT)) ==
	    XTCPCB_RETRANS_OUT)
		goto fallback;
	if (!xtcp_skb_can_shift(skb))
		goto fallback;
	/* About to go: the ACK covers it. */
	if (!xtcp_after(XTCP_SKB_CB(skb)->end_seq, tp->snd_una))
		goto fallback;
	if (skb_queue_is_first(&tp->rtx_queue, skb))
		goto fallback;
	prev = skb_queue_prev(&tp->rtx_queue, skb);
	if ((XTCP_SKB_CB(prev)->sacked & XTCPCB_TAGBITS) != XTCPCB_SACKED_ACKED)
		goto fallback;
	if (!xtcp_skb_can_collapse(prev, skb))
		goto fallback;

	in_sack = !xtcp_after(start_seq, XTCP_SKB_CB(skb)->seq) &&
		  !xtcp_before(end_seq, XTCP_SKB_CB(skb)->end_seq);
	if (in_sack) {
		len = skb->len;
		pcount = xtcp_skb_pcount(skb);
		mss = xtcp_skb_seglen(skb);
		/* Segments of two sizes in one skb could not be counted. */
		if (mss != xtcp_skb_seglen(prev))
			goto fallback;
	} else {
		if (!xtcp_after(XTCP_SKB_CB(skb)->end_seq, start_seq))
			goto noop;
		if (xtcp_skb_pcount(skb) <= 1)
			goto noop;
		/* Only a block that starts at @skb's start moves its head. */
		if (xtcp_after(start_seq, XTCP_SKB_CB(skb)->seq))
			goto fallback;
		len = end_seq - XTCP_SKB_CB(skb)->seq;
		if (WARN_ON_ONCE(len < 0 || len > skb->len))
			goto fallback;
		mss = xtcp_skb_mss(skb);
		if (mss != xtcp_skb_seglen(prev))
			goto fallback;
		/* Whole segments only, as the counts require. */
		if (len < mss)
			goto noop;
		pcount = len / mss;
		len = pcount * mss;
	}
	/* xtcp_sacktag_one() tags nothing below snd_una. */
	if (!xtcp_after(XTCP_SKB_CB(skb)->seq + len, tp->snd_una))
		goto fallback;
	if (!xtcp_skb_shift(prev, skb, pcount, len))
		goto fallback;
	if (!xtcp_shifted_skb(sk, prev, skb, state, pcount, len, mss, dup_sack))
		return prev;

	/* The hole filled: the SACKed skb behind may join as well. */
	if (skb_queue_is_last(&tp->rtx_queue, prev))
		return prev;
	skb = skb_queue_next(&tp->rtx_queue, prev);
	if (!xtcp_skb_can_shift(skb) ||
	    (XTCP_SKB_CB(skb)->sacked & XTCPCB_TAGBITS) != XTCPCB_SACKED_ACKED ||
	    mss != xtcp_skb_seglen(skb) || !xtcp_skb_can_collapse(prev, skb))
		return prev;
	len = skb->len;
	pcount = xtcp_skb_pcount(skb);
	if (xtcp_skb_shift(prev, skb, pcount, len))
		xtcp_shifted_skb(sk, prev, skb, state, pcount, len, mss, false);
	return prev;

noop:
	return skb;
fallback:
	XNET_INC_STATS(sock_net(sk), LINUX_MIB_SACKSHIFTFALLBACK);
	return NULL;
}

/*
 * Twin of tcp_sacktag_walk(): tag the skbs from @skb on that lie in
 * [@start_seq, @end_seq), and those of @next_dup, the D-SACK block that
 * overlaps this one.  Return: the first skb past the block.
 */
static struct sk_buff *xtcp_sacktag_walk(struct sk_buff *skb, struct sock *sk,
					 const struct xtcp_sack_block *next_dup,
					 struct xtcp_sacktag_state *state,
					 u32 start_seq, u32 end_seq,
					 bool dup_sack_in)
{
	struct xtcp_sock *tp = xtcp_sk(sk);

	skb_queue_walk_from(&tp->rtx_queue, skb) {
		struct xtcp_skb_cb *scb = XTCP_SKB_CB(skb);
		bool dup_sack = dup_sack_in;
		int in_sack = 0;

		/* The queue is in order: nothing further is in the block. */
		if (!xtcp_before(scb->seq, end_seq))
			return skb;
		if (next_dup && xtcp_before(scb->seq, next_dup->end_seq)) {
			in_sack = xtcp_match_skb_to_sack(sk, skb,
							 next_dup->start_seq,
							 next_dup->end_seq);
			if (in_sack > 0)
				dup_sack = true;
		}
		/*
		 * Shifting may free @skb and the one after it: the walk goes
		 * on from what xtcp_shift_skb_data() returns.
		 */
		if (in_sack <= 0) {
			struct sk_buff *tmp;

			tmp = xtcp_shift_skb_data(sk, skb, state, start_seq,
						  end_seq, dup_sack);
			if (tmp) {
				if (tmp != skb) {
					skb = tmp;
					continue;
				}
				in_sack = 0;
			} else {
				in_sack = xtcp_match_skb_to_sack(sk, skb,
								 start_seq,
								 end_seq);
			}
		}
		/* Not cut (no memory): the next ACK's SACK may be. */
		if (unlikely(in_sack < 0))
			break;
		if (!in_sack)
			continue;
		scb->sacked = xtcp_sacktag_one(sk, state, scb->sacked,
					       scb->seq, scb->end_seq,
					       dup_sack, xtcp_skb_pcount(skb),
					       xtcp_skb_timestamp_us(skb));
		xtcp_rate_skb_delivered(sk, skb, state->rate);
		/* Twin of tcp_advance_highest_sack(). */
		if ((scb->sacked & XTCPCB_SACKED_ACKED) &&
		    !xtcp_before(scb->seq, xtcp_highest_sack_seq(tp)))
			tp->highest_sack_seq = scb->end_seq;
	}
	return NULL;
}

/*
 * Twin of tcp_sacktag_skip(): the first skb at or after @skb (the queue's
 * head for NULL) that ends past @skip_to_seq.
 */
static struct sk_buff *xtcp_sacktag_skip(struct sk_buff *skb, struct sock *sk,
					 u32 skip_to_seq)
{
	struct xtcp_sock *tp = xtcp_sk(sk);

	if (skb && xtcp_after(XTCP_SKB_CB(skb)->seq, skip_to_seq))
		return skb;
	if (!skb)
		skb = xtcp_rtx_queue_head(sk);
	if (!skb)
		return NULL;
	skb_queue_walk_from(&tp->rtx_queue, skb) {
		if (xtcp_after(XTCP_SKB_CB(skb)->end_seq, skip_to_seq))
			return skb;
	}
	return NULL;
}

/*
 * Twin of tcp_sacktag_write_queue(): read the SACK blocks of @ack_skb
 * (the option's offset in its control block's sacked, as
 * xtcp_parse_options() left it), drop the invalid ones, sort the rest
 * and tag the retransmission queue with them in one pass.  Linux's cache
 * of the blocks last seen only saves work, and the queue is a list here:
 * every ACK walks it from the head.  Return: XFLAG_* bits.
 */
static int xtcp_sacktag_write_queue(struct sock *sk,
				    const struct sk_buff *ack_skb,
				    u32 prior_snd_una,
				    struct xtcp_sacktag_state *state)
{
	struct xtcp_sock *tp = xtcp_sk(sk);
	const unsigned char *ptr = skb_transport_header(ack_skb) +
				   XTCP_SKB_CB(ack_skb)->sacked;
	const struct xtcp_sack_block_wire *sp_wire = (const void *)(ptr + 2);
	struct xtcp_sack_block sp[XTCP_NUM_SACKS];
	int num_sacks = min(XTCP_NUM_SACKS,
			    (ptr[1] - XTCPOLEN_SACK_BASE) >> 3);
	int first_sack_index, used_sacks, i, j;
	struct sk_buff *skb;
	bool found_dup_sack;

	state->flag = 0;
	state->reord = tp->snd_nxt;
	/* Twin of tcp_highest_sack_reset(). */
	if (!tp->sacked_out)
		tp->highest_sack_seq = tp->snd_una;

	found_dup_sack = xtcp_check_dsack(sk, ack_skb, sp_wire, num_sacks,
					  prior_snd_una, state);

	/* Far too old ACKs; fresher old ones may still tell something. */
	if (xtcp_before(XTCP_SKB_CB(ack_skb)->ack_seq,
			prior_snd_una - tp->max_window))
		return 0;
	if (!tp->packets_out)
		goto out;

	used_sacks = 0;
	first_sack_index = 0;
	for (i = 0; i < num_sacks; i++) {
		bool dup_sack = !i && found_dup_sack;

		sp[used_sacks].start_seq = get_unaligned_be32(&sp_wire[i].start_seq);
		sp[used_sacks].end_seq = get_unaligned_be32(&sp_wire[i].end_seq);

		if (!xtcp_is_sackblock_valid(tp, dup_sack,
					     sp[used_sacks].start_seq,
					     sp[used_sacks].end_seq)) {
			int mib_idx;

			if (dup_sack) {
				mib_idx = tp->undo_marker ?
					  LINUX_MIB_TCPDSACKIGNOREDOLD :
					  LINUX_MIB_TCPDSACKIGNOREDNOUNDO;
			} else {
				/* Old blocks on a reordered ACK: not counted. */
				if (XTCP_SKB_CB(ack_skb)->ack_seq != tp->snd_una &&
				    !xtcp_after(sp[used_sacks].end_seq,
						tp->snd_una))
					continue;
				mib_idx = LINUX_MIB_TCPSACKDISCARD;
			}
			XNET_INC_STATS(sock_net(sk), mib_idx);
			if (i == 0)
				first_sack_index = -1;
			continue;
		}
		/* Wholly acknowledged already. */
		if (!xtcp_after(sp[used_sacks].end_seq, prior_snd_una)) {
			if (i == 0)
				first_sack_index = -1;
			continue;
		}
		used_sacks++;
	}

	/* In sequence order, for one walk of the queue. */
	for (i = used_sacks - 1; i > 0; i--) {
		for (j = 0; j < i; j++) {
			if (xtcp_after(sp[j].start_seq, sp[j + 1].start_seq)) {
				swap(sp[j], sp[j + 1]);
				/* Follow the first block: it may be a D-SACK. */
				if (j == first_sack_index)
					first_sack_index = j + 1;
			}
		}
	}

	skb = NULL;
	for (i = 0; i < used_sacks; i++) {
		u32 start_seq = sp[i].start_seq;
		u32 end_seq = sp[i].end_seq;
		bool dup_sack = found_dup_sack && i == first_sack_index;
		const struct xtcp_sack_block *next_dup = NULL;

		if (found_dup_sack && i + 1 == first_sack_index)
			next_dup = &sp[i + 1];
		skb = xtcp_sacktag_skip(skb, sk, start_seq);
		if (!skb)
			break;
		skb = xtcp_sacktag_walk(skb, sk, next_dup, state, start_seq,
					end_seq, dup_sack);
	}

	/* Retransmissions make reordering unknowable in the Loss state. */
	if (xinet_csk(sk)->icsk_ca_state != XTCP_CA_Loss || tp->undo_marker)
		xtcp_check_sack_reordering(sk, state->reord, 0);
	WARN_ON_ONCE(xtcp_left_out(tp) > tp->packets_out);
out:
	return state->flag;
}

/*
 * Twin of tcp_mtup_probe_failed(): the probe was lost while the data
 * behind it arrived, so its size does not cross: the search's upper end
 * comes down below it.
 */
static void xtcp_mtup_probe_failed(struct sock *sk)
{
	struct xinet_connection_sock *icsk = xinet_csk(sk);

	icsk->icsk_mtup.search_high = icsk->icsk_mtup.probe_size - 1;
	icsk->icsk_mtup.probe_size = 0;
	XNET_INC_STATS(sock_net(sk), LINUX_MIB_TCPMTUPFAIL);
}

/*
 * Twin of tcp_mtup_probe_success(): the probe crossed.  Its size is the
 * new lower end of the search and the MSS grows to it; cwnd keeps the
 * same number of bytes in flight, in fewer, larger segments.
 */
static void xtcp_mtup_probe_success(struct sock *sk)
{
	struct xinet_connection_sock *icsk = xinet_csk(sk);
	struct xtcp_sock *tp = xtcp_sk(sk);
	u64 val;

	tp->prior_ssthresh = xtcp_current_ssthresh(sk);
	val = (u64)tp->snd_cwnd * xtcp_mss_to_mtu(sk, tp->mss_cache);
	do_div(val, icsk->icsk_mtup.probe_size);
	tp->snd_cwnd = max_t(u32, 1U, val);
	tp->snd_cwnd_cnt = 0;
	tp->snd_cwnd_stamp = jiffies;
	tp->snd_ssthresh = xtcp_current_ssthresh(sk);

	icsk->icsk_mtup.search_low = icsk->icsk_mtup.probe_size;
	icsk->icsk_mtup.probe_size = 0;
	xtcp_sync_mss(sk, icsk->icsk_pmtu_cookie);
	XNET_INC_STATS(sock_net(sk), LINUX_MIB_TCPMTUPSUCCESS);
}

/* ---- recovery: NewReno's duplicate-ACK counting ---- */

/*
 * Twin of tcp_limit_reno_sacked(): the duplicate ACKs counted and the
 * holes may not add up to more than is in flight.  Return: true when
 * sacked_out had to be cut.
 */
static bool xtcp_limit_reno_sacked(struct xtcp_sock *tp)
{
	u32 holes = min(max(tp->lost_out, 1U), tp->packets_out);

	if (tp->sacked_out + holes > tp->packets_out) {
		tp->sacked_out = tp->packets_out - holes;
		return true;
	}
	return false;
}

/*
 * Twin of tcp_check_reno_reordering(): more duplicate ACKs than segments
 * beyond the hole: the path reordered them, by about the flight.
 */
static void xtcp_check_reno_reordering(struct sock *sk, const int addend)
{
	struct xtcp_sock *tp = xtcp_sk(sk);
	u32 max;

	if (!xtcp_limit_reno_sacked(tp))
		return;
	max = READ_ONCE(xinet_net(sock_net(sk))->sysctl_tcp_max_reordering);
	tp->reordering = min_t(u32, tp->packets_out + addend, max);
	tp->reord_seen++;
	XNET_INC_STATS(sock_net(sk), LINUX_MIB_TCPRENOREORDER);
}

/*
 * Twin of tcp_add_reno_sack(): a duplicate ACK stands for a SACK, and
 * for a segment delivered (what PRR counts).
 */
static void xtcp_add_reno_sack(struct sock *sk, int num_dupack)
{
	if (num_dupack) {
		struct xtcp_sock *tp = xtcp_sk(sk);
		u32 prior_sacked = tp->sacked_out;
		s32 delivered;

		tp->sacked_out += num_dupack;
		xtcp_check_reno_reordering(sk, 0);
		delivered = tp->sacked_out - prior_sacked;
		if (delivered > 0)
			tp->delivered += delivered;
	}
}

/* Twin of tcp_remove_reno_sacks(): one ACKed segment filled the hole. */
static void xtcp_remove_reno_sacks(struct sock *sk, int acked)
{
	struct xtcp_sock *tp = xtcp_sk(sk);

	if (acked > 0) {
		/* One acked the hole; the rest were counted as dupacks. */
		tp->delivered += max_t(int, acked - tp->sacked_out, 1);
		if (acked - 1 >= tp->sacked_out)
			tp->sacked_out = 0;
		else
			tp->sacked_out -= acked - 1;
	}
	xtcp_check_reno_reordering(sk, acked);
}

/*
 * Twin of tcp_skb_spurious_retrans(): the ACK echoes a TSval older than
 * @skb's resend, so the original was what arrived.
 */
static bool xtcp_skb_spurious_retrans(const struct xtcp_sock *tp,
				      const struct sk_buff *skb)
{
	return (XTCP_SKB_CB(skb)->sacked & XTCPCB_RETRANS) &&
	       tp->rx_opt.saw_tstamp && tp->rx_opt.rcv_tsecr &&
	       xtcp_before(tp->rx_opt.rcv_tsecr,
			   xtcp_ns_to_ts(skb->skb_mstamp_ns));
}

/*
 * Twin of tcp_tso_acked(): the ACK covers the head of @skb, an skb of
 * several segments, but not all of it.  The acknowledged bytes leave it
 * (xtcp_trim_head()).  Return: the segments they made, 0 when none went
 * (a whole segment is still unacknowledged, or no memory to unclone).
 */
static u32 xtcp_tso_acked(struct sock *sk, struct sk_buff *skb)
{
	struct xtcp_sock *tp = xtcp_sk(sk);
	u32 packets_acked;

	packets_acked = xtcp_skb_pcount(skb);
	if (xtcp_trim_head(sk, skb, tp->snd_una - XTCP_SKB_CB(skb)->seq))
		return 0;
	packets_acked -= xtcp_skb_pcount(skb);
	if (packets_acked) {
		WARN_ON_ONCE(!xtcp_skb_pcount(skb));
		WARN_ON_ONCE(!xtcp_before(XTCP_SKB_CB(skb)->seq,
					  XTCP_SKB_CB(skb)->end_seq));
	}
	return packets_acked;
}

/*
 * Free what the ACK covers; an RTT sample per Karn (tcp_clean_rtx_queue).
 * The counters move by segments: an skb of several that the ACK covers
 * in part gives up its acknowledged head (xtcp_tso_acked()) and stays.
 * RACK's reference moves with what was cumulatively acknowledged; the
 * TLP or RTO timer is left to the caller (XFLAG_SET_XMIT_TIMER), after
 * RACK had its say.
 */
static int xtcp_clean_rtx_queue(struct sock *sk, u32 prior_fack,
				u32 prior_snd_una, u32 *acked_pcount,
				struct xtcp_sacktag_state *sack)
{
	const struct xtcp_congestion_ops *ca = xinet_csk(sk)->icsk_ca_ops;
	struct xtcp_sock *tp = xtcp_sk(sk);
	long seq_rtt_us = -1, sack_rtt_us = -1, ca_rtt_us = -1;
	u64 first_ackt = 0, last_ackt = 0, now = xtcp_mstamp_us(tp);
	u32 reord = tp->snd_nxt;	/* lowest never-resent, unSACKed */
	u32 prior_sacked = tp->sacked_out;
	bool fully_acked = true;
	struct sk_buff *skb;
	int flag = 0;

	while ((skb = xtcp_rtx_queue_head(sk))) {
		struct xtcp_skb_cb *scb = XTCP_SKB_CB(skb);
		const u32 start_seq = scb->seq;
		u8 sacked = scb->sacked;
		u32 pcount;

		if (xtcp_after(scb->end_seq, tp->snd_una)) {
			/*
			 * Partly acknowledged: one segment stays whole (a
			 * resend trims it); of several, the acknowledged
			 * ones go.
			 */
			if (xtcp_skb_pcount(skb) == 1 ||
			    !xtcp_after(tp->snd_una, scb->seq))
				break;
			pcount = xtcp_tso_acked(sk, skb);
			if (!pcount)
				break;
			fully_acked = false;
		} else {
			pcount = xtcp_skb_pcount(skb);
		}
		if (sacked & XTCPCB_RETRANS_ANY) {
			if (sacked & XTCPCB_RETRANS_OUT)
				tp->retrans_out -= pcount;
			flag |= XFLAG_RETRANS_DATA_ACKED;
		} else if (!(sacked & XTCPCB_SACKED_ACKED)) {
			last_ackt = xtcp_skb_timestamp_us(skb);
			if (!first_ackt)
				first_ackt = last_ackt;
			if (xtcp_before(start_seq, reord))
				reord = start_seq;
			if (!xtcp_after(scb->end_seq, tp->high_seq))
				flag |= XFLAG_ORIG_SACK_ACKED;
		}
		/*
		 * A SACKed segment was counted delivered when SACKed; without
		 * SACK, xtcp_remove_reno_sacks() counts.
		 */
		if (sacked & XTCPCB_SACKED_ACKED) {
			tp->sacked_out -= pcount;
		} else if (xtcp_is_sack(tp)) {
			tp->delivered += pcount;
			if (!xtcp_skb_spurious_retrans(tp, skb))
				xtcp_rack_advance(tp, sacked, scb->end_seq,
						  xtcp_skb_timestamp_us(skb));
		}
		if (sacked & XTCPCB_LOST)
			tp->lost_out -= pcount;
		tp->packets_out -= pcount;
		*acked_pcount += pcount;
		/* A SACKed skb gave its sample when SACKed: this one is. */
		xtcp_rate_skb_delivered(sk, skb, sack->rate);
		if (scb->tcp_flags & XTCPHDR_SYN) {
			flag |= XFLAG_SYN_ACKED;
			tp->retrans_stamp = 0;
		} else {
			flag |= XFLAG_DATA_ACKED;
		}
		if (!fully_acked)
			break;
		xtcp_rtx_queue_unlink_and_free(skb, sk);
	}
	if (!skb)
		xtcp_chrono_stop(sk, XTCP_CHRONO_BUSY);
	tp->bytes_acked += tp->snd_una - prior_snd_una;
	/* The urgent data is acknowledged: urgent mode ends. */
	if (xtcp_between(tp->snd_up, prior_snd_una, tp->snd_una))
		tp->snd_up = tp->snd_una;
	/* The ACK stops at a SACKed segment: the receiver dropped it. */
	if (skb && (XTCP_SKB_CB(skb)->sacked & XTCPCB_SACKED_ACKED))
		flag |= XFLAG_SACK_RENEGING;
	if (flag & XFLAG_ACKED) {
		/* The duplicate ACKs stood for segments now ACKed. */
		if (xtcp_is_reno(tp))
			xtcp_remove_reno_sacks(sk, *acked_pcount);
		/* A hole never resent filled by the ACK: reordering. */
		else if (xtcp_before(reord, prior_fack))
			xtcp_check_sack_reordering(sk, reord, 0);
	}

	if (first_ackt && !(flag & XFLAG_RETRANS_DATA_ACKED)) {
		seq_rtt_us = xtcp_stamp_us_delta(now, first_ackt);
		ca_rtt_us = xtcp_stamp_us_delta(now, last_ackt);
		/*
		 * One short segment acknowledged alone, everything before
		 * it delivered and nothing SACKed or marked: typically a
		 * lone runt the receiver held for its delayed-ACK timer.
		 * Its sample says more about that timer than the path.
		 */
		if (*acked_pcount == 1 && fully_acked && !prior_sacked &&
		    !(skb && xtcp_after(tp->snd_una, XTCP_SKB_CB(skb)->seq)) &&
		    tp->snd_una - prior_snd_una < tp->mss_cache &&
		    sack->rate->prior_delivered + 1 == tp->delivered &&
		    !(flag & (XFLAG_CA_ALERT | XFLAG_SYN_ACKED)))
			flag |= XFLAG_ACK_MAYBE_DELAYED;
	}
	if (sack->first_sackt) {
		sack_rtt_us = xtcp_stamp_us_delta(now, sack->first_sackt);
		ca_rtt_us = xtcp_stamp_us_delta(now, sack->last_sackt);
	}
	ca_rtt_us = xtcp_ack_update_rtt(sk, flag, seq_rtt_us, sack_rtt_us,
					ca_rtt_us);
	sack->rate->rtt_us = ca_rtt_us;
	/* As Linux, on every ACK: a SACK's sample counts too. */
	if (ca && ca->pkts_acked)
		ca->pkts_acked(sk, *acked_pcount, ca_rtt_us);

	if (flag & XFLAG_ACKED) {
		if (unlikely(xinet_csk(sk)->icsk_mtup.probe_size &&
			     !xtcp_after(tp->mtu_probe.probe_seq_end,
					 tp->snd_una)))
			xtcp_mtup_probe_success(sk);
		flag |= XFLAG_SET_XMIT_TIMER;
	} else if (skb && ca_rtt_us >= 0 && sack_rtt_us >= 0 &&
		   sack_rtt_us > xtcp_stamp_us_delta(now,
						     xtcp_skb_timestamp_us(skb))) {
		/*
		 * A SACK of data sent before the head was last resent: the
		 * resend is on its way, its RTO from now.  Not for data sent
		 * after it, or the RTO would keep moving away in recovery.
		 */
		flag |= XFLAG_SET_XMIT_TIMER;
	}
	return flag;
}

static void xtcp_cong_avoid(struct sock *sk, u32 ack, u32 acked)
{
	const struct xtcp_congestion_ops *ca = xinet_csk(sk)->icsk_ca_ops;
	u32 prior_cwnd = xtcp_sk(sk)->snd_cwnd;

	if (ca)
		ca->cong_avoid(sk, ack, acked);
	else
		xtcp_reno_cong_avoid(sk, ack, acked);
	xtcp_sk(sk)->snd_cwnd_stamp = jiffies;
	xtcp_rec_cwnd_grow(sk, prior_cwnd);
}

static u32 xtcp_ca_ssthresh(struct sock *sk)
{
	const struct xtcp_congestion_ops *ca = xinet_csk(sk)->icsk_ca_ops;

	return ca ? ca->ssthresh(sk) : xtcp_reno_ssthresh(sk);
}

/* What xtcp_xmit_recovery() resends after an ACK (REXMIT_*). */
enum {
	XREXMIT_NONE,	/* nothing */
	XREXMIT_LOST,	/* what is marked lost, as cwnd (PRR) allows */
	XREXMIT_NEW,	/* new data, F-RTO's step 2.b (RFC 5682) */
};

/*
 * Twin of tcp_xmit_recovery(): resend after the ACK was processed.  The
 * fast retransmit needs no special case: PRR lets at least one segment
 * out on entering recovery.  F-RTO sends new data first; when none could
 * go, it gives up and the conventional recovery resends.
 */
static void xtcp_xmit_recovery(struct sock *sk, int rexmit)
{
	struct xtcp_sock *tp = xtcp_sk(sk);

	if (rexmit == XREXMIT_NONE || sk->sk_state == TCP_SYN_SENT)
		return;
	if (unlikely(rexmit == XREXMIT_NEW)) {
		__xtcp_push_pending_frames(sk, xtcp_current_mss(sk),
					   XTCP_NAGLE_OFF);
		if (xtcp_after(tp->snd_nxt, tp->high_seq))
			return;
		tp->frto = 0;
	}
	xtcp_xmit_retransmit_queue(sk);
}

/* ---- recovery: the SACK scoreboard's loss marking (RFC 6675) ---- */

/*
 * Twin of tcp_mark_head_lost(), without its hints (the queue is a list
 * walked from the head): mark lost the segments from the head on that
 * have more than @packets SACKed segments above them, only the head when
 * @mark_head.
 */
static void xtcp_mark_head_lost(struct sock *sk, int packets, int mark_head)
{
	struct xtcp_sock *tp = xtcp_sk(sk);
	const u32 loss_high = tp->snd_nxt;
	struct sk_buff *skb;
	int cnt = 0;

	WARN_ON_ONCE(packets > tp->packets_out);
	skb_queue_walk(&tp->rtx_queue, skb) {
		u8 sacked = XTCP_SKB_CB(skb)->sacked;

		if (xtcp_after(XTCP_SKB_CB(skb)->end_seq, loss_high))
			break;
		if (sacked & XTCPCB_SACKED_ACKED)
			cnt += xtcp_skb_pcount(skb);
		if (cnt > packets)
			break;
		if (!(sacked & XTCPCB_LOST))
			xtcp_mark_skb_lost(sk, skb);
		if (mark_head)
			break;
	}
}

/*
 * Twin of tcp_update_scoreboard(): RFC 6675's IsLost(): a hole with
 * at least reordering SACKed segments above it is lost; on the fast
 * retransmit at least the head is.
 */
static void xtcp_update_scoreboard(struct sock *sk, int fast_rexmit)
{
	struct xtcp_sock *tp = xtcp_sk(sk);
	int sacked_upto = tp->sacked_out - tp->reordering;

	if (xtcp_is_reno(tp))
		return;
	if (sacked_upto >= 0)
		xtcp_mark_head_lost(sk, sacked_upto, 0);
	else if (fast_rexmit)
		xtcp_mark_head_lost(sk, 1, 1);
}

/*
 * Twin of tcp_time_to_recover(): a loss is proven (RACK or NewReno
 * marked one), or, without RACK, more segments were (S)ACKed past the
 * hole than reordering explains (tcp_dupack_heuristics()).
 */
static bool xtcp_time_to_recover(struct sock *sk)
{
	const struct xtcp_sock *tp = xtcp_sk(sk);

	if (tp->lost_out)
		return true;
	return !xtcp_is_rack(sk) && tp->sacked_out + 1 > tp->reordering;
}

/*
 * Twin of tcp_force_fast_retransmit(): the highest SACK is more than
 * reordering segments past snd_una.
 */
static bool xtcp_force_fast_retransmit(const struct xtcp_sock *tp)
{
	return xtcp_after(xtcp_highest_sack_seq(tp),
			  tp->snd_una + tp->reordering * tp->mss_cache);
}

/*
 * Twin of tcp_check_sack_reneging(): the ACK stopped at data the
 * receiver had SACKed.  Give it max(RTT/2, 10 ms) to take that back
 * with more ACKs; if it does not, the RTO comes and xtcp_enter_loss()
 * clears the scoreboard.
 */
static bool xtcp_check_sack_reneging(struct sock *sk, int *ack_flag)
{
	if ((*ack_flag & XFLAG_SACK_RENEGING) &&
	    (*ack_flag & XFLAG_SND_UNA_ADVANCED)) {
		struct xtcp_sock *tp = xtcp_sk(sk);
		unsigned long delay = max(usecs_to_jiffies(tp->srtt_us >> 4),
					  msecs_to_jiffies(10));

		xinet_csk_reset_xmit_timer(sk, XICSK_TIME_RETRANS, delay,
					   XTCP_RTO_MAX);
		/* Not the TLP or a full RTO after this ACK. */
		*ack_flag &= ~XFLAG_SET_XMIT_TIMER;
		return true;
	}
	return false;
}

/**
 * xtcp_simple_retransmit - the path MTU shrank: resend what no longer
 *	fits (twin of tcp_simple_retransmit)
 * @sk: the socket, locked, mss_cache already the new MSS
 *
 * Segments in flight larger than the MSS were dropped by the router that
 * complained; they are marked lost and resent, cut to the new size.  The
 * congestion window is left alone: no more data is in the network than
 * before, only in smaller units.
 */
void xtcp_simple_retransmit(struct sock *sk)
{
	struct xinet_connection_sock *icsk = xinet_csk(sk);
	struct xtcp_sock *tp = xtcp_sk(sk);
	unsigned int mss = xtcp_current_mss(sk);
	struct sk_buff *skb;

	skb_queue_walk(&tp->rtx_queue, skb) {
		struct xtcp_skb_cb *scb = XTCP_SKB_CB(skb);

		if (xtcp_skb_seglen(skb) <= mss ||
		    (scb->sacked & XTCPCB_SACKED_ACKED))
			continue;
		/* Twin of tcp_mark_skb_lost(). */
		if (scb->sacked & XTCPCB_RETRANS_OUT) {
			scb->sacked &= ~XTCPCB_RETRANS_OUT;
			tp->retrans_out -= xtcp_skb_pcount(skb);
		}
		if (!(scb->sacked & XTCPCB_LOST)) {
			scb->sacked |= XTCPCB_LOST;
			tp->lost_out += xtcp_skb_pcount(skb);
		}
	}
	if (!tp->lost_out)
		return;

	/*
	 * Twin of tcp_limit_reno_sacked(): the duplicate ACKs counted and
	 * the segments now lost may not add up to more than is in flight.
	 */
	if (xtcp_is_reno(tp))
		xtcp_limit_reno_sacked(tp);

	if (icsk->icsk_ca_state != XTCP_CA_Loss) {
		tp->high_seq = tp->snd_nxt;
		/* tcp_current_ssthresh(): kept while the window is reduced. */
		if (icsk->icsk_ca_state != XTCP_CA_CWR &&
		    icsk->icsk_ca_state != XTCP_CA_Recovery)
			tp->snd_ssthresh = max(tp->snd_ssthresh,
					       (tp->snd_cwnd >> 1) +
					       (tp->snd_cwnd >> 2));
		xtcp_set_ca_state(sk, XTCP_CA_Loss);
	}
	xtcp_xmit_retransmit_queue(sk);
}

/**
 * xtcp_clear_retrans - forget the segments counted as retransmitted, lost
 *	or (S)ACKed out of order, and the undo state (twin of
 *	tcp_clear_retrans)
 * @tp: the socket
 *
 * Linux's also resets the RTO statistics; total_rto counts on here, the
 * callers that start afresh reset it.
 */
void xtcp_clear_retrans(struct xtcp_sock *tp)
{
	tp->retrans_out = 0;
	tp->lost_out = 0;
	tp->undo_marker = 0;
	tp->undo_retrans = -1;
	tp->sacked_out = 0;
	tp->is_sack_reneg = 0;
}

/*
 * Twin of tcp_init_undo(): a recovery starts at snd_una.  The marker
 * bounds the D-SACKs below snd_una that are taken; each retransmission
 * in flight must come back D-SACKed (undo_retrans down to 0) before the
 * recovery is known to be spurious.
 */
static void xtcp_init_undo(struct xtcp_sock *tp)
{
	tp->undo_marker = tp->snd_una;
	/* Retransmissions in flight, the loss probe's among them. */
	tp->undo_retrans = tp->retrans_out;
	if (tp->tlp_high_seq && tp->tlp_retrans)
		tp->undo_retrans++;
	if (!tp->undo_retrans)
		tp->undo_retrans = -1;
}

/* ---- undo: a recovery found spurious (Eifel, D-SACK, F-RTO) ---- */

/*
 * Twin of tcp_tsopt_ecr_before(): this ACK echoes a TSval of ours older
 * than @when (our clock, without the offset).
 */
static bool xtcp_tsopt_ecr_before(const struct xtcp_sock *tp, u32 when)
{
	return tp->rx_opt.saw_tstamp && tp->rx_opt.rcv_tsecr &&
	       xtcp_before(tp->rx_opt.rcv_tsecr, when);
}

/*
 * Twin of tcp_any_retrans_done(): a retransmission is in flight, or the
 * head was ever resent.  retrans_stamp must not move while either holds:
 * the retry limits count from it.
 */
static bool xtcp_any_retrans_done(const struct sock *sk)
{
	const struct sk_buff *skb;

	if (xtcp_sk(sk)->retrans_out)
		return true;
	skb = xtcp_rtx_queue_head(sk);
	return skb && (XTCP_SKB_CB(skb)->sacked & XTCPCB_RETRANS);
}

/*
 * Twin of tcp_retrans_stamp_cleanup(): no retransmission left in the
 * network, so the next loss episode (its retry limit, its timestamp
 * undo) starts its own clock.
 */
static void xtcp_retrans_stamp_cleanup(struct sock *sk)
{
	if (!xtcp_any_retrans_done(sk))
		xtcp_sk(sk)->retrans_stamp = 0;
}

/**
 * xtcp_packet_delayed - the original transmission arrived, not the
 *	retransmission (twin of tcp_packet_delayed)
 * @tp: the socket
 *
 * Eifel (RFC 3522): the ACK echoes a timestamp from before the first
 * retransmission.  With no retransmission sent yet (retrans_stamp 0), a
 * delayed segment is all there was, except where retrans_stamp was
 * cleared after one: NewReno holding Recovery at high_seq, and SYN_SENT.
 *
 * Return: true when the loss episode proves spurious by this test.
 */
bool xtcp_packet_delayed(const struct xtcp_sock *tp)
{
	const struct sock *sk = (const struct sock *)tp;

	if (tp->retrans_stamp)
		return xtcp_tsopt_ecr_before(tp, tp->retrans_stamp);
	if (!xtcp_is_sack(tp) && !xtcp_before(tp->snd_una, tp->high_seq))
		return false;
	if (sk->sk_state == TCP_SYN_SENT)
		return false;
	return true;
}

/*
 * Twin of tcp_undo_cwnd_reduction(): go back to the window and ssthresh
 * from before the recovery (the algorithm's undo_cwnd says which cwnd),
 * unless ECN proved the congestion (prior_ssthresh 0).  With
 * @unmark_loss, what was marked lost is not lost any more.
 */
static void xtcp_undo_cwnd_reduction(struct sock *sk, bool unmark_loss)
{
	const struct xtcp_congestion_ops *ca = xinet_csk(sk)->icsk_ca_ops;
	struct xtcp_sock *tp = xtcp_sk(sk);
	u32 prior_cwnd = tp->snd_cwnd;

	if (unmark_loss) {
		struct sk_buff *skb;

		skb_queue_walk(&tp->rtx_queue, skb)
			XTCP_SKB_CB(skb)->sacked &= ~XTCPCB_LOST;
		tp->lost_out = 0;
	}
	if (tp->prior_ssthresh) {
		tp->snd_cwnd = ca ? ca->undo_cwnd(sk) : xtcp_reno_undo_cwnd(sk);
		if (tp->prior_ssthresh > tp->snd_ssthresh) {
			tp->snd_ssthresh = tp->prior_ssthresh;
			xtcp_ecn_withdraw_cwr(tp);
		}
	}
	tp->snd_cwnd_stamp = jiffies;
	tp->undo_marker = 0;
	/* What RACK marked lost is to be judged again. */
	tp->rack.advanced = 1;
	xtcp_rec_cwnd(sk, XTCP_REC_CWND_UNDO, prior_cwnd);
}

/**
 * xtcp_may_undo - the current recovery may be undone (twin of
 *	tcp_may_undo)
 * @tp: the socket
 *
 * Every retransmission came back D-SACKed, or the timestamps show the
 * originals arrived.
 *
 * Return: true when it was spurious.
 */
bool xtcp_may_undo(const struct xtcp_sock *tp)
{
	return tp->undo_marker &&
	       (!tp->undo_retrans || xtcp_packet_delayed(tp));
}

/*
 * Twin of tcp_is_non_sack_preventing_reopen(): NewReno holds the state
 * until something above high_seq is ACKed (RFC 6582: no false fast
 * retransmit on this very ACK).
 */
static bool xtcp_is_non_sack_preventing_reopen(struct sock *sk)
{
	struct xtcp_sock *tp = xtcp_sk(sk);

	if (tp->snd_una == tp->high_seq && xtcp_is_reno(tp)) {
		xtcp_retrans_stamp_cleanup(sk);
		return true;
	}
	return false;
}

/*
 * Twin of tcp_try_undo_recovery(): Recovery or Loss ends (high_seq was
 * ACKed); undone when it was spurious (TCPFullUndo, TCPLossUndo), else a
 * widened RACK reordering window lasts one recovery less.  Return: true
 * when NewReno holds the state.
 */
static bool xtcp_try_undo_recovery(struct sock *sk)
{
	struct xtcp_sock *tp = xtcp_sk(sk);

	if (xtcp_may_undo(tp)) {
		xtcp_undo_cwnd_reduction(sk, false);
		XNET_INC_STATS(sock_net(sk),
			       xinet_csk(sk)->icsk_ca_state == XTCP_CA_Loss ?
			       LINUX_MIB_TCPLOSSUNDO : LINUX_MIB_TCPFULLUNDO);
	} else if (tp->rack.reo_wnd_persist) {
		tp->rack.reo_wnd_persist--;
	}
	if (xtcp_is_non_sack_preventing_reopen(sk))
		return true;
	xtcp_set_ca_state(sk, XTCP_CA_Open);
	tp->is_sack_reneg = 0;
	return false;
}

/*
 * Twin of tcp_try_undo_dsack(): D-SACKs covered every retransmission:
 * the reduction is undone (TCPDSACKUndo), and the reordering window
 * stays widened for a recovery more.
 */
static bool xtcp_try_undo_dsack(struct sock *sk)
{
	struct xtcp_sock *tp = xtcp_sk(sk);

	if (tp->undo_marker && !tp->undo_retrans) {
		tp->rack.reo_wnd_persist = min(XTCP_RACK_RECOVERY_THRESH,
					       tp->rack.reo_wnd_persist + 1);
		xtcp_undo_cwnd_reduction(sk, false);
		XNET_INC_STATS(sock_net(sk), LINUX_MIB_TCPDSACKUNDO);
		return true;
	}
	return false;
}

/*
 * Twin of tcp_try_undo_loss(): in Loss, after a partial ACK (Eifel,
 * D-SACKs) or because F-RTO found the timeout spurious (@frto_undo,
 * TCPSpuriousRTOs): the losses are unmarked and cwnd restored
 * (TCPLossUndo).  Return: true when undone.
 */
static bool xtcp_try_undo_loss(struct sock *sk, bool frto_undo)
{
	struct xtcp_sock *tp = xtcp_sk(sk);

	if (!frto_undo && !xtcp_may_undo(tp))
		return false;
	xtcp_undo_cwnd_reduction(sk, true);
	XNET_INC_STATS(sock_net(sk), LINUX_MIB_TCPLOSSUNDO);
	if (frto_undo)
		XNET_INC_STATS(sock_net(sk), LINUX_MIB_TCPSPURIOUSRTOS);
	xinet_csk(sk)->icsk_retransmits = 0;
	if (xtcp_is_non_sack_preventing_reopen(sk))
		return true;
	if (frto_undo || xtcp_is_sack(tp)) {
		xtcp_set_ca_state(sk, XTCP_CA_Open);
		tp->is_sack_reneg = 0;
	}
	return true;
}

/*
 * Twin of tcp_timeout_mark_lost(): everything not SACKed is lost, and
 * its retransmissions with it.  A head that the receiver SACKed means it
 * reneged: the scoreboard goes, every segment is lost.
 */
static void xtcp_timeout_mark_lost(struct sock *sk)
{
	struct xtcp_sock *tp = xtcp_sk(sk);
	struct sk_buff *skb, *head = xtcp_rtx_queue_head(sk);
	bool is_reneg = head &&
			(XTCP_SKB_CB(head)->sacked & XTCPCB_SACKED_ACKED);

	if (is_reneg) {
		XNET_INC_STATS(sock_net(sk), LINUX_MIB_TCPSACKRENEGING);
		tp->sacked_out = 0;
		tp->is_sack_reneg = 1;
	} else if (xtcp_is_reno(tp)) {
		tp->sacked_out = 0;
	}
	/*
	 * Unlike Linux, retransmissions in flight are all taken off:
	 * xtcp_retransmit_skb() resends the head unmarked, and go-back-N
	 * resends the rest.
	 */
	tp->retrans_out = 0;
	skb_queue_walk(&tp->rtx_queue, skb) {
		struct xtcp_skb_cb *scb = XTCP_SKB_CB(skb);

		scb->sacked &= ~XTCPCB_RETRANS_OUT;
		if (is_reneg)
			scb->sacked &= ~XTCPCB_SACKED_ACKED;
		/* RACK: what was sent less than an RTT ago is not lost yet. */
		else if (xtcp_is_rack(sk) && skb != head &&
			 xtcp_rack_skb_timeout(tp, skb, 0) > 0)
			continue;
		xtcp_mark_skb_lost(sk, skb);
	}
}

/**
 * xtcp_enter_loss - a retransmission timeout: everything in flight that
 *	was not SACKed is lost, go back to one segment (twin of
 *	tcp_enter_loss)
 * @sk: the socket
 */
void xtcp_enter_loss(struct sock *sk)
{
	struct xinet_connection_sock *icsk = xinet_csk(sk);
	struct xtcp_sock *tp = xtcp_sk(sk);
	bool new_recovery = icsk->icsk_ca_state < XTCP_CA_Recovery;
	int reordering;

	xtcp_timeout_mark_lost(sk);
	/* Reduce ssthresh unless it was already reduced for this window. */
	if (icsk->icsk_ca_state <= XTCP_CA_Disorder ||
	    !xtcp_after(tp->high_seq, tp->snd_una) ||
	    (icsk->icsk_ca_state == XTCP_CA_Loss && !icsk->icsk_retransmits)) {
		tp->prior_ssthresh = xtcp_current_ssthresh(sk);
		tp->prior_cwnd = tp->snd_cwnd;
		tp->snd_ssthresh = xtcp_ca_ssthresh(sk);
		xtcp_init_undo(tp);
	}
	/* Room for one segment beyond those RACK still counts in flight. */
	tp->snd_cwnd = xtcp_packets_in_flight(tp) + 1;
	tp->snd_cwnd_cnt = 0;
	tp->snd_cwnd_stamp = jiffies;
	/* Many duplicate ACKs and still a timeout: reordering overestimated. */
	reordering = READ_ONCE(xinet_net(sock_net(sk))->sysctl_tcp_reordering);
	if (icsk->icsk_ca_state <= XTCP_CA_Disorder &&
	    tp->sacked_out >= reordering)
		tp->reordering = min_t(u32, tp->reordering, reordering);
	tp->high_seq = tp->snd_nxt;
	tp->tlp_high_seq = 0;
	xtcp_set_ca_state(sk, XTCP_CA_Loss);
	xtcp_ecn_queue_cwr(tp);
	/*
	 * F-RTO (RFC 5682 3.1 step 1): only the head goes again, unless a
	 * recovery was under way (a timeout repeated on the same snd_una,
	 * section 3.2, is judged all the same); not with an MTU probe out.
	 */
	tp->frto = READ_ONCE(xinet_net(sock_net(sk))->sysctl_tcp_frto) &&
		   (new_recovery || icsk->icsk_retransmits) &&
		   !icsk->icsk_mtup.probe_size;
	xtcp_rec_cwnd(sk, XTCP_REC_CWND_LOSS, tp->prior_cwnd);
}

/*
 * Twin of tcp_init_cwnd_reduction(): a window reduction (Recovery, CWR)
 * starts.  RFC 6937's PRR state: ssthresh is the target, prior_cwnd the
 * window it starts from, nothing delivered or sent yet.
 */
static void xtcp_init_cwnd_reduction(struct sock *sk)
{
	struct xtcp_sock *tp = xtcp_sk(sk);

	tp->high_seq = tp->snd_nxt;
	tp->tlp_high_seq = 0;
	tp->snd_cwnd_cnt = 0;
	tp->prior_cwnd = tp->snd_cwnd;
	tp->prr_delivered = 0;
	tp->prr_out = 0;
	tp->snd_ssthresh = xtcp_ca_ssthresh(sk);
	xtcp_ecn_queue_cwr(tp);
}

/*
 * Twin of tcp_enter_cwr(): the peer echoed a congestion mark.  ECN proves
 * the congestion, so there is nothing to undo.
 */
static void xtcp_enter_cwr(struct sock *sk)
{
	struct xtcp_sock *tp = xtcp_sk(sk);

	tp->prior_ssthresh = 0;
	if (xinet_csk(sk)->icsk_ca_state < XTCP_CA_CWR) {
		tp->undo_marker = 0;
		xtcp_init_cwnd_reduction(sk);
		xtcp_set_ca_state(sk, XTCP_CA_CWR);
		xtcp_rec_cwnd(sk, XTCP_REC_CWND_CWR, tp->prior_cwnd);
	}
}

/**
 * xtcp_cwnd_reduction - PRR's cwnd for this ACK (twin of
 *	tcp_cwnd_reduction)
 * @sk: the socket, in CWR or Recovery
 * @newly_acked_sacked: segments this ACK delivered
 * @newly_lost: segments it marked lost
 * @flag: its XFLAG_* bits
 *
 * RFC 6937: while more is in flight than ssthresh, send in proportion
 * to what was delivered, ssthresh / prior_cwnd of it (rounded up), so
 * the reduction spreads over a round trip; below ssthresh, send as much
 * as was delivered, one more when snd_una moved without a new loss (the
 * slow-start reduction bound), up to ssthresh.  At least one segment
 * goes at the start: the fast retransmit.
 */
void xtcp_cwnd_reduction(struct sock *sk, int newly_acked_sacked,
			 int newly_lost, int flag)
{
	struct xtcp_sock *tp = xtcp_sk(sk);
	int delta = tp->snd_ssthresh - xtcp_packets_in_flight(tp);
	int sndcnt = 0;

	if (newly_acked_sacked <= 0 || WARN_ON_ONCE(!tp->prior_cwnd))
		return;

	tp->prr_delivered += newly_acked_sacked;
	if (delta < 0) {
		u64 dividend = (u64)tp->snd_ssthresh * tp->prr_delivered +
			       tp->prior_cwnd - 1;

		sndcnt = div_u64(dividend, tp->prior_cwnd) - tp->prr_out;
	} else {
		sndcnt = max_t(int, tp->prr_delivered - tp->prr_out,
			       newly_acked_sacked);
		if ((flag & XFLAG_SND_UNA_ADVANCED) && !newly_lost)
			sndcnt++;
		sndcnt = min(delta, sndcnt);
	}
	sndcnt = max(sndcnt, tp->prr_out ? 0 : 1);
	tp->snd_cwnd = xtcp_packets_in_flight(tp) + sndcnt;
}

/*
 * Twin of tcp_end_cwnd_reduction(): the reduction is over, cwnd is
 * ssthresh (unless the recovery was undone: undo_marker is 0 then).
 */
static void xtcp_end_cwnd_reduction(struct sock *sk)
{
	struct xtcp_sock *tp = xtcp_sk(sk);

	if (tp->snd_ssthresh < XTCP_INFINITE_SSTHRESH &&
	    (xinet_csk(sk)->icsk_ca_state == XTCP_CA_CWR || tp->undo_marker)) {
		tp->snd_cwnd = tp->snd_ssthresh;
		tp->snd_cwnd_stamp = jiffies;
	}
	xtcp_rec_cwnd(sk, XTCP_REC_CWND_RECOVERY_END, tp->prior_cwnd);
}

/**
 * xtcp_enter_recovery - fast recovery starts (twin of tcp_enter_recovery)
 * @sk: the socket
 * @ece_ack: the ACK that started it carried ECE (no undo then)
 *
 * PRR takes cwnd from here to ssthresh, unless a reduction (CWR after a
 * loss probe's recovery) is already under way.
 */
void xtcp_enter_recovery(struct sock *sk, bool ece_ack)
{
	struct xtcp_sock *tp = xtcp_sk(sk);

	/* The fast retransmit starts the clock, for undo and ETIMEDOUT. */
	xtcp_retrans_stamp_cleanup(sk);
	XNET_INC_STATS(sock_net(sk), xtcp_is_reno(tp) ?
				     LINUX_MIB_TCPRENORECOVERY :
				     LINUX_MIB_TCPSACKRECOVERY);
	tp->prior_ssthresh = 0;
	xtcp_init_undo(tp);
	if (!xtcp_in_cwnd_reduction(sk)) {
		/* ECN proved the congestion: nothing to undo to. */
		if (!ece_ack)
			tp->prior_ssthresh = xtcp_current_ssthresh(sk);
		xtcp_init_cwnd_reduction(sk);
	}
	xtcp_set_ca_state(sk, XTCP_CA_Recovery);
	xtcp_rec_cwnd(sk, XTCP_REC_CWND_RECOVERY, tp->prior_cwnd);
}

/* Twin of tcp_try_keep_open(): Disorder while anything is left out. */
static void xtcp_try_keep_open(struct sock *sk)
{
	struct xtcp_sock *tp = xtcp_sk(sk);
	int state = XTCP_CA_Open;

	if (xtcp_left_out(tp) || xtcp_any_retrans_done(sk))
		state = XTCP_CA_Disorder;
	if (xinet_csk(sk)->icsk_ca_state != state) {
		xtcp_set_ca_state(sk, state);
		tp->high_seq = tp->snd_nxt;
	}
}

/* Twin of tcp_try_to_open(). */
static void xtcp_try_to_open(struct sock *sk, int flag)
{
	xtcp_retrans_stamp_cleanup(sk);
	if (flag & XFLAG_ECE)
		xtcp_enter_cwr(sk);
	if (xinet_csk(sk)->icsk_ca_state != XTCP_CA_CWR)
		xtcp_try_keep_open(sk);
}

/*
 * Twin of tcp_process_loss(): an ACK in Loss.  Loss ends, undone when
 * it was spurious, once high_seq is ACKed; until then what is lost is
 * resent.  F-RTO (RFC 5682 3.1, the SACK-enhanced form) sends new data
 * after the first partial ACK (step 2.b): if what was never resent is
 * then (S)ACKed, the timeout was spurious (3.b); a duplicate ACK or a
 * SACK of the new data proves the loss real (3.a).
 */
static void xtcp_process_loss(struct sock *sk, int flag, int num_dupack,
			      int *rexmit)
{
	struct xtcp_sock *tp = xtcp_sk(sk);
	bool recovered = !xtcp_before(tp->snd_una, tp->high_seq);

	if (((flag & XFLAG_SND_UNA_ADVANCED) || tp->fastopen_rsk) &&
	    xtcp_try_undo_loss(sk, false))
		return;

	if (tp->frto) {
		if ((flag & XFLAG_ORIG_SACK_ACKED) &&
		    xtcp_try_undo_loss(sk, true))
			return;
		if (xtcp_after(tp->snd_nxt, tp->high_seq)) {
			if ((flag & XFLAG_DATA_SACKED) || num_dupack)
				tp->frto = 0;
		} else if ((flag & XFLAG_SND_UNA_ADVANCED) && !recovered) {
			tp->high_seq = tp->snd_nxt;
			/*
			 * Step 2.b: new data, sent once cwnd is updated
			 * (xtcp_xmit_recovery()); with none to send or no
			 * window for it, the conventional recovery.
			 */
			if (xtcp_send_head(sk) &&
			    xtcp_after(xtcp_wnd_end(tp), tp->snd_nxt)) {
				*rexmit = XREXMIT_NEW;
				return;
			}
			tp->frto = 0;
		}
	}

	if (recovered) {
		/* Step 2.a and the first part of 3.a. */
		xtcp_try_undo_recovery(sk);
		return;
	}
	if (xtcp_is_reno(tp)) {
		/* Duplicate ACKs for new data sent in Loss: it arrived. */
		if (xtcp_after(tp->snd_nxt, tp->high_seq) && num_dupack)
			xtcp_add_reno_sack(sk, num_dupack);
		else if (flag & XFLAG_SND_UNA_ADVANCED)
			tp->sacked_out = 0;
	}
	*rexmit = XREXMIT_LOST;
}

/*
 * Twin of tcp_try_undo_partial(): a partial ACK in Recovery.  If the
 * timestamps show the hole was filled by the original, the path reorders
 * more than thought; once no retransmission is out the recovery is
 * undone (TCPPartialUndo).  Otherwise the next hole is lost as well.
 * Return: true to do nothing more for this ACK (retransmissions still
 * out: clock out new data, mark and resend no more).
 */
static bool xtcp_try_undo_partial(struct sock *sk, u32 prior_snd_una,
				  bool *do_lost)
{
	struct xtcp_sock *tp = xtcp_sk(sk);

	if (tp->undo_marker && xtcp_packet_delayed(tp)) {
		xtcp_check_sack_reordering(sk, prior_snd_una, 1);
		if (tp->retrans_out)
			return true;
		xtcp_retrans_stamp_cleanup(sk);
		xtcp_undo_cwnd_reduction(sk, true);
		XNET_INC_STATS(sock_net(sk), LINUX_MIB_TCPPARTIALUNDO);
		xtcp_try_keep_open(sk);
	} else {
		*do_lost = xtcp_force_fast_retransmit(tp);
	}
	return false;
}

/*
 * Twin of tcp_identify_packet_loss(): NewReno marks the head without
 * SACK; with SACK, RACK (tcp_recovery's bit 0) marks what it proves
 * lost.  When RACK armed its reordering timer, the TLP/RTO timer is left
 * alone; a retransmission found lost again is noted in *@ack_flag.
 */
static void xtcp_identify_packet_loss(struct sock *sk, int *ack_flag)
{
	struct xtcp_sock *tp = xtcp_sk(sk);

	if (skb_queue_empty(&tp->rtx_queue))
		return;
	if (unlikely(xtcp_is_reno(tp))) {
		xtcp_newreno_mark_lost(sk, *ack_flag & XFLAG_SND_UNA_ADVANCED);
	} else if (xtcp_is_rack(sk)) {
		u32 prior_retrans = tp->retrans_out;

		if (xtcp_rack_mark_lost(sk))
			*ack_flag &= ~XFLAG_SET_XMIT_TIMER;
		if (prior_retrans > tp->retrans_out)
			*ack_flag |= XFLAG_LOST_RETRANS;
	}
}

/*
 * Loss detection and recovery (twin of tcp_fastretrans_alert): RACK-TLP
 * with SACK as Linux's default
 * tcp_recovery 1, dupthresh on the SACK scoreboard with tcp_recovery 0,
 * NewReno's duplicate ACKs without SACK.  It marks losses and moves the
 * state; PRR (xtcp_cong_control()) sets cwnd after it.  Called for a
 * dubious ACK: a duplicate, one with SACK or D-SACK blocks, or any ACK
 * outside the Open state.  A recovery found spurious is undone.
 * *@rexmit says what to send after it.
 */
static void xtcp_fastretrans_alert(struct sock *sk, const u32 prior_snd_una,
				   int num_dupack, int *ack_flag, int *rexmit)
{
	struct xinet_connection_sock *icsk = xinet_csk(sk);
	struct xtcp_sock *tp = xtcp_sk(sk);
	int fast_rexmit = 0, flag = *ack_flag;
	bool ece_ack = flag & XFLAG_ECE;
	bool do_lost = num_dupack || ((flag & XFLAG_DATA_SACKED) &&
				      xtcp_force_fast_retransmit(tp));

	if (!tp->packets_out && tp->sacked_out)
		tp->sacked_out = 0;

	/* A. ECE: the reduction is required, no undo. */
	if (ece_ack)
		tp->prior_ssthresh = 0;

	/* B. A reneging receiver: wait a little for the RTO path. */
	if (xtcp_check_sack_reneging(sk, ack_flag))
		return;
	WARN_ON_ONCE(xtcp_left_out(tp) > tp->packets_out);

	/* D. high_seq acknowledged: CWR and Recovery end. */
	if (icsk->icsk_ca_state == XTCP_CA_Open) {
		tp->retrans_stamp = 0;
	} else if (!xtcp_before(tp->snd_una, tp->high_seq)) {
		switch (icsk->icsk_ca_state) {
		case XTCP_CA_CWR:
			/* Held until past high_seq, as Linux's for ECN. */
			if (tp->snd_una != tp->high_seq) {
				xtcp_end_cwnd_reduction(sk);
				xtcp_set_ca_state(sk, XTCP_CA_Open);
			}
			break;
		case XTCP_CA_Recovery:
			if (xtcp_is_reno(tp))
				tp->sacked_out = 0;
			if (xtcp_try_undo_recovery(sk))
				return;
			xtcp_end_cwnd_reduction(sk);
			break;
		}
	}

	/* E. The state's work. */
	switch (icsk->icsk_ca_state) {
	case XTCP_CA_Recovery:
		if (!(flag & XFLAG_SND_UNA_ADVANCED)) {
			if (xtcp_is_reno(tp))
				xtcp_add_reno_sack(sk, num_dupack);
		} else if (xtcp_try_undo_partial(sk, prior_snd_una, &do_lost)) {
			return;
		}
		if (xtcp_try_undo_dsack(sk))
			xtcp_try_to_open(sk, flag);
		xtcp_identify_packet_loss(sk, ack_flag);
		if (icsk->icsk_ca_state != XTCP_CA_Recovery) {
			if (!xtcp_time_to_recover(sk))
				return;
			/* Undone, but a loss is evident: a new recovery. */
			xtcp_enter_recovery(sk, ece_ack);
		}
		break;
	case XTCP_CA_Loss:
		xtcp_process_loss(sk, flag, num_dupack, rexmit);
		if (icsk->icsk_ca_state != XTCP_CA_Loss)
			xtcp_update_rto_time(tp);
		xtcp_identify_packet_loss(sk, ack_flag);
		if (!(icsk->icsk_ca_state == XTCP_CA_Open ||
		      (*ack_flag & XFLAG_LOST_RETRANS)))
			return;
		if (icsk->icsk_ca_state == XTCP_CA_Open && xtcp_is_reno(tp)) {
			/* As xtcp_try_to_open() would: the episode is over. */
			xtcp_retrans_stamp_cleanup(sk);
			return;
		}
		/* Undone or recovered, or retransmissions lost again. */
		fallthrough;
	default:
		if (xtcp_is_reno(tp)) {
			if (flag & XFLAG_SND_UNA_ADVANCED)
				tp->sacked_out = 0;
			xtcp_add_reno_sack(sk, num_dupack);
		}
		if (icsk->icsk_ca_state <= XTCP_CA_Disorder)
			xtcp_try_undo_dsack(sk);
		xtcp_identify_packet_loss(sk, ack_flag);
		if (!xtcp_time_to_recover(sk)) {
			xtcp_try_to_open(sk, flag);
			return;
		}
		/*
		 * The probe, and only it, is missing: too big for the path,
		 * not congestion.  Keep cwnd (giving back the segment the
		 * probe took) and resend its bytes at the current MSS.
		 */
		if (icsk->icsk_ca_state < XTCP_CA_CWR &&
		    icsk->icsk_mtup.probe_size &&
		    tp->snd_una == tp->mtu_probe.probe_seq_start) {
			xtcp_mtup_probe_failed(sk);
			tp->snd_cwnd++;
			xtcp_simple_retransmit(sk);
			return;
		}
		xtcp_enter_recovery(sk, ece_ack);
		fast_rexmit = 1;
	}

	if (!xtcp_is_rack(sk) && do_lost)
		xtcp_update_scoreboard(sk, fast_rexmit);
	*rexmit = XREXMIT_LOST;
}

/*
 * Twin of tcp_process_tlp_ack(): the ACKs of a tail loss probe's
 * episode.  New data, a D-SACK of the probe, or a pure duplicate ACK
 * (the original and the probe both arrived) end it without a loss; an
 * ACK beyond the probe means the probe repaired a loss: the window is
 * reduced as for one (CWR, ended at once).
 */
static void xtcp_process_tlp_ack(struct sock *sk, u32 ack, int flag)
{
	struct xtcp_sock *tp = xtcp_sk(sk);

	if (xtcp_before(ack, tp->tlp_high_seq))
		return;
	if (!tp->tlp_retrans) {
		tp->tlp_high_seq = 0;
	} else if (flag & XFLAG_DSACK_TLP) {
		tp->tlp_high_seq = 0;
	} else if (xtcp_after(ack, tp->tlp_high_seq)) {
		/* xtcp_init_cwnd_reduction() clears tlp_high_seq. */
		xtcp_init_cwnd_reduction(sk);
		xtcp_set_ca_state(sk, XTCP_CA_CWR);
		xtcp_end_cwnd_reduction(sk);
		xtcp_try_keep_open(sk);
		XNET_INC_STATS(sock_net(sk), LINUX_MIB_TCPLOSSPROBERECOVERY);
	} else if (!(flag & (XFLAG_SND_UNA_ADVANCED | XFLAG_NOT_DUP |
			     XFLAG_DATA_SACKED))) {
		tp->tlp_high_seq = 0;
	}
}

/*
 * Twin of tcp_set_xmit_timer(): after forward progress, a loss probe if
 * one may be scheduled, the RTO otherwise.
 */
static void xtcp_set_xmit_timer(struct sock *sk)
{
	if (!xtcp_schedule_loss_probe(sk, true))
		xtcp_rearm_rto(sk);
}

/*
 * Twin of tcp_may_raise_cwnd(): grow cwnd on in-order delivery only
 * (RFC 5681), on any forward progress when the path reorders more than
 * the default dupthresh.
 */
static bool xtcp_may_raise_cwnd(const struct sock *sk, const int flag)
{
	if (xtcp_sk(sk)->reordering >
	    READ_ONCE(xinet_net(sock_net(sk))->sysctl_tcp_reordering))
		return flag & (XFLAG_ACKED | XFLAG_DATA_SACKED);
	return flag & XFLAG_DATA_ACKED;
}

/*
 * Twin of tcp_cong_control() without the cong_control hook: PRR in CWR
 * and Recovery, the algorithm's growth otherwise, for the segments this
 * ACK delivered.  Of the rate sample, only the losses are read (an
 * algorithm with a cong_control hook, BBR, would take all of it).
 */
static void xtcp_cong_control(struct sock *sk, u32 ack, u32 acked_sacked,
			      int flag, const struct xrate_sample *rs)
{
	if (xtcp_in_cwnd_reduction(sk))
		xtcp_cwnd_reduction(sk, acked_sacked, rs->losses, flag);
	else if (xtcp_may_raise_cwnd(sk, flag))
		xtcp_cong_avoid(sk, ack, acked_sacked);
	xtcp_update_pacing_rate(sk);
}

/* The window opened for a probed queue, or not yet (tcp_ack_probe). */
static void xtcp_ack_probe(struct sock *sk)
{
	struct xinet_connection_sock *icsk = xinet_csk(sk);
	struct sk_buff *head = xtcp_send_head(sk);
	struct xtcp_sock *tp = xtcp_sk(sk);

	if (!head)
		return;
	if (!xtcp_after(XTCP_SKB_CB(head)->end_seq, xtcp_wnd_end(tp))) {
		icsk->icsk_backoff = 0;
		icsk->icsk_probes_tstamp = 0;
		xinet_csk_clear_xmit_timer(sk, XICSK_TIME_PROBE0);
	} else {
		xinet_csk_reset_xmit_timer(sk, XICSK_TIME_PROBE0,
					   xtcp_probe0_when(sk, XTCP_RTO_MAX),
					   XTCP_RTO_MAX);
	}
}

/* Space freed in the send buffer: wake writers (tcp_check_space). */
/* Twin of tcp_should_expand_sndbuf(). */
static bool xtcp_should_expand_sndbuf(struct sock *sk)
{
	const struct xtcp_sock *tp = xtcp_sk(sk);

	/* SO_SNDBUF set by the user is left alone. */
	if (sk->sk_userlocks & SOCK_SNDBUF_LOCK)
		return false;
	/* Under memory pressure: at most what SO_RESERVE_MEM keeps aside. */
	if (sk_under_memory_pressure(sk)) {
		int unused_mem = sk_unused_reserved_mem(sk);

		if (unused_mem > SOCK_MIN_SNDBUF)
			WRITE_ONCE(sk->sk_sndbuf, unused_mem);
		return false;
	}
	/* Past tcp_mem[0], the soft limit. */
	if (sk_memory_allocated(sk) >= sk_prot_mem_limits(sk, 0))
		return false;
	/* The congestion window is full: more buffer would only wait. */
	if (xtcp_packets_in_flight(tp) >= tp->snd_cwnd)
		return false;
	return true;
}

/* A writer waits for room: grow the buffer if it may, wake it (tcp_new_space). */
static void xtcp_new_space(struct sock *sk)
{
	struct xtcp_sock *tp = xtcp_sk(sk);

	if (xtcp_should_expand_sndbuf(sk)) {
		xtcp_sndbuf_expand(sk);
		tp->snd_cwnd_stamp = jiffies;
	}
	sk->sk_write_space(sk);
}

/**
 * xtcp_check_space - room was made in the send buffer (twin of
 *	tcp_check_space)
 * @sk: the socket
 *
 * After an ACK freed the retransmission queue, or new data left the
 * write queue (the unsent bytes SO_SNDLOWAT/TCP_NOTSENT_LOWAT count went
 * down): a writer that found no room (SOCK_NOSPACE) gets a larger buffer
 * if the window is not full, and is woken.  Nothing to do, and nothing
 * computed, when nobody waits, as on Linux.
 */
void xtcp_check_space(struct sock *sk)
{
	/* Pairs with the barrier of xtcp_poll(). */
	smp_mb();
	if (sk->sk_socket && test_bit(SOCK_NOSPACE, &sk->sk_socket->flags)) {
		xtcp_new_space(sk);
		if (!test_bit(SOCK_NOSPACE, &sk->sk_socket->flags))
			xtcp_chrono_stop(sk, XTCP_CHRONO_SNDBUF_LIMITED);
	}
}

/*
 * Step 5 (twin of tcp_ack).  Return: 1 for an acceptable ACK, 0 for an
 * old one, < 0 for one to drop (it acknowledges what was never sent,
 * or is older than the window).
 */
/*
 * Twin of tcp_newly_delivered(): TcpExt TCPDelivered (and TCPDeliveredCE
 * for an ACK with ECE) count what this ACK delivered.
 */
static u32 xtcp_newly_delivered(struct sock *sk, u32 prior_delivered,
				int flag)
{
	struct xtcp_sock *tp = xtcp_sk(sk);
	struct net *net = sock_net(sk);
	u32 delivered = tp->delivered - prior_delivered;

	XNET_ADD_STATS(net, LINUX_MIB_TCPDELIVERED, delivered);
	if (flag & XFLAG_ECE) {
		tp->delivered_ce += delivered;
		XNET_ADD_STATS(net, LINUX_MIB_TCPDELIVEREDCE, delivered);
	}
	return delivered;
}

static int xtcp_ack(struct sock *sk, const struct sk_buff *skb, int flag)
{
	struct xinet_connection_sock *icsk = xinet_csk(sk);
	struct xtcp_sock *tp = xtcp_sk(sk);
	u32 prior_snd_una = tp->snd_una;
	u32 ack_seq = XTCP_SKB_CB(skb)->seq;
	u32 ack = XTCP_SKB_CB(skb)->ack_seq;
	u32 prior_packets = tp->packets_out;
	struct xrate_sample rs = { .prior_delivered = 0 };
	struct xtcp_sacktag_state sack_state = { .rate = &rs };
	bool is_sack_reneg = tp->is_sack_reneg;
	u32 delivered = tp->delivered;
	int rexmit = XREXMIT_NONE;
	u32 lost = tp->lost;
	int num_dupack = 0;
	u32 prior_fack;
	u32 acked = 0;

	if (xtcp_before(ack, prior_snd_una)) {
		/* RFC 5961 5.2: an ACK from before the window is suspicious. */
		if (xtcp_before(ack, prior_snd_una - tp->max_window)) {
			if (!(flag & XFLAG_NO_CHALLENGE_ACK))
				xtcp_send_challenge_ack(sk);
			return -1;
		}
		/* An old ACK can carry new data: TS.Recent moves too. */
		if (flag & XFLAG_UPDATE_TS_RECENT)
			xtcp_replace_ts_recent(tp, XTCP_SKB_CB(skb)->seq);
		/* Its SACK blocks are news all the same. */
		if (XTCP_SKB_CB(skb)->sacked &&
		    sk->sk_state != TCP_SYN_SENT) {
			flag |= xtcp_sacktag_write_queue(sk, skb, prior_snd_una,
							 &sack_state);
			tp->delivered += sack_state.sack_delivered;
			xtcp_fastretrans_alert(sk, prior_snd_una, 0, &flag,
					       &rexmit);
			xtcp_newly_delivered(sk, delivered, flag);
			xtcp_xmit_recovery(sk, rexmit);
		}
		return 0;
	}
	/* It acknowledges what we never sent (RFC 9293). */
	if (xtcp_after(ack, tp->snd_nxt))
		return -1;

	if (xtcp_after(ack, prior_snd_una)) {
		flag |= XFLAG_SND_UNA_ADVANCED;
		icsk->icsk_retransmits = 0;
	}
	prior_fack = xtcp_is_sack(tp) ? xtcp_highest_sack_seq(tp) : tp->snd_una;
	rs.prior_in_flight = xtcp_packets_in_flight(tp);
	/* Only now is the segment known to be in the window. */
	if (flag & XFLAG_UPDATE_TS_RECENT)
		xtcp_replace_ts_recent(tp, XTCP_SKB_CB(skb)->seq);
	if (!(flag & XFLAG_SLOWPATH) && xtcp_after(ack, prior_snd_una)) {
		/*
		 * Header prediction's segment: the window is the one we
		 * hold, snd_una only moves on (and snd_una >= snd_wl2).
		 */
		xtcp_update_wl(tp, ack_seq);
		tp->snd_una = ack;
		flag |= XFLAG_WIN_UPDATE;
		XNET_INC_STATS(sock_net(sk), LINUX_MIB_TCPHPACKS);
	} else {
		if (ack_seq != XTCP_SKB_CB(skb)->end_seq)
			flag |= XFLAG_DATA;
		else
			XNET_INC_STATS(sock_net(sk), LINUX_MIB_TCPPUREACKS);
		flag |= xtcp_ack_update_window(sk, skb, ack, ack_seq);
		if (XTCP_SKB_CB(skb)->sacked) {
			flag |= xtcp_sacktag_write_queue(sk, skb, prior_snd_una,
							 &sack_state);
			tp->delivered += sack_state.sack_delivered;
		}
		if (xtcp_ecn_rcv_ecn_echo(tp, xtcp_hdr(skb)))
			flag |= XFLAG_ECE;
	}
	/* CWR on a pure ACK counts too (a deviation from RFC 3168, as Linux). */
	xtcp_ecn_accept_cwr(sk, skb);

	icsk->icsk_probes_out = 0;
	tp->rcv_tstamp = jiffies;
	if (!prior_packets)
		goto no_queue;

	flag |= xtcp_clean_rtx_queue(sk, prior_fack, prior_snd_una, &acked,
				     &sack_state);

	xtcp_rack_update_reo_wnd(sk, &rs);

	if (tp->tlp_high_seq)
		xtcp_process_tlp_ack(sk, ack, flag);

	/* Twin of tcp_ack_is_dubious(). */
	if (sk->sk_state != TCP_SYN_SENT &&
	    (!(flag & XFLAG_NOT_DUP) || (flag & XFLAG_CA_ALERT) ||
	     icsk->icsk_ca_state != XTCP_CA_Open)) {
		if (!(flag & (XFLAG_SND_UNA_ADVANCED | XFLAG_NOT_DUP |
			      XFLAG_DSACKING_ACK)))
			num_dupack = 1;
		xtcp_fastretrans_alert(sk, prior_snd_una, num_dupack, &flag,
				       &rexmit);
	}

	/* The TLP or RTO timer, unless RACK's reordering timer runs. */
	if (flag & XFLAG_SET_XMIT_TIMER)
		xtcp_set_xmit_timer(sk);

	delivered = xtcp_newly_delivered(sk, delivered, flag);
	lost = tp->lost - lost;		/* newly marked lost */
	rs.is_ack_delayed = !!(flag & XFLAG_ACK_MAYBE_DELAYED);
	xtcp_rate_gen(sk, delivered, lost, is_sack_reneg, &rs);
	xtcp_cong_control(sk, ack, delivered, flag, &rs);
	xtcp_xmit_recovery(sk, rexmit);
	return 1;

no_queue:
	/* Probing a zero window: did it open? */
	if (xtcp_send_head(sk))
		xtcp_ack_probe(sk);
	if (tp->tlp_high_seq)
		xtcp_process_tlp_ack(sk, ack, flag);
	return 1;
}

/* ---- urgent data ---- */

/*
 * A segment with URG set (twin of tcp_check_urg).  The pointer is read
 * as BSD and RFC 6093 read it, Linux's default (tcp_stdurg 0): it points
 * one past the urgent byte.  A newer pointer replaces one whose byte was
 * not read yet; that byte then stays in the stream as ordinary data.
 */
static void xtcp_check_urg(struct sock *sk, const struct tcphdr *th)
{
	struct xtcp_sock *tp = xtcp_sk(sk);
	u32 ptr = ntohs(th->urg_ptr);

	if (ptr)
		ptr--;
	ptr += ntohl(th->seq);

	/* Already read past it. */
	if (xtcp_after(tp->copied_seq, ptr))
		return;
	/* Behind rcv_nxt: that byte was queued as data already. */
	if (xtcp_before(ptr, tp->rcv_nxt))
		return;
	/* Not newer than the one we hold (a retransmission, a probe). */
	if (tp->urg_data && !xtcp_after(ptr, tp->urg_seq))
		return;

	sk_send_sigurg(sk);

	/*
	 * The reader stopped at the old mark and its byte was not read
	 * inline: step over it, or it would come back as data once the
	 * mark moves on.
	 */
	if (tp->urg_seq == tp->copied_seq && tp->urg_data &&
	    !sock_flag(sk, SOCK_URGINLINE) && tp->copied_seq != tp->rcv_nxt) {
		struct sk_buff *skb = skb_peek(&sk->sk_receive_queue);

		WRITE_ONCE(tp->copied_seq, tp->copied_seq + 1);
		if (skb && !xtcp_before(tp->copied_seq,
					XTCP_SKB_CB(skb)->end_seq)) {
			__skb_unlink(skb, &sk->sk_receive_queue);
			__kfree_skb(skb);
		}
	}

	WRITE_ONCE(tp->urg_data, XTCP_URG_NOTYET);
	WRITE_ONCE(tp->urg_seq, ptr);
	/* Urgent data takes the slow path (xtcp_urg()). */
	tp->pred_flags = 0;
}

/*
 * Step 6 of RFC 9293 3.10.7.4 (twin of tcp_urg): a new urgent pointer,
 * and the urgent byte itself when this segment carries it.  @skb's data
 * starts at its TCP header or at its payload.
 */
static void xtcp_urg(struct sock *sk, struct sk_buff *skb,
		     const struct tcphdr *th)
{
	struct xtcp_sock *tp = xtcp_sk(sk);

	if (unlikely(th->urg))
		xtcp_check_urg(sk, th);

	if (unlikely(tp->urg_data == XTCP_URG_NOTYET)) {
		unsigned char *payload = skb_transport_header(skb) +
					 th->doff * 4;
		u32 hdr = payload > skb->data ? payload - skb->data : 0;
		u32 ptr = tp->urg_seq - XTCP_SKB_CB(skb)->seq - th->syn;
		u8 byte;

		if (ptr < skb->len - hdr) {
			if (WARN_ON_ONCE(skb_copy_bits(skb, hdr + ptr, &byte, 1)))
				return;
			WRITE_ONCE(tp->urg_data, XTCP_URG_VALID | byte);
			if (!sock_flag(sk, SOCK_DEAD))
				sk->sk_data_ready(sk);
		}
	}
}

/* ---- the established state ---- */

static void xtcp_data_snd_check(struct sock *sk)
{
	xtcp_push_pending_frames(sk);
	xtcp_check_space(sk);
}

/**
 * xtcp_rcv_established - a segment for an ESTABLISHED socket (twin of
 *	tcp_rcv_established)
 * @sk: the socket
 * @skb: the segment; consumed
 *
 * Header prediction first, as Linux's: a segment that carries exactly
 * the flag word of pred_flags (our header length, ACK, the window we
 * hold), starts at rcv_nxt and acknowledges nothing unsent is either a
 * pure ACK or in-order data, and needs none of the slow path's checks
 * (RFC 9293's acceptability test, RST, SYN, URG, SACK, window update).
 * Everything else takes the slow path.
 */
void xtcp_rcv_established(struct sock *sk, struct sk_buff *skb)
{
	const struct tcphdr *th = xtcp_hdr(skb);
	struct xtcp_sock *tp = xtcp_sk(sk);

	sock_owned_by_me(sk);
	/* segs_in is counted by xtcp_v4_rcv(), as tcp_segs_in(). */
	tp->tcp_mstamp = ktime_get_ns();
	/* Payload only, as tcp_segs_in(): SYN and FIN take sequence too. */
	if (XTCP_SKB_CB(skb)->end_seq - XTCP_SKB_CB(skb)->seq >
	    th->syn + th->fin)
		WRITE_ONCE(tp->data_segs_in, tp->data_segs_in +
			   max_t(u16, 1, skb_shinfo(skb)->gso_segs));

	tp->rx_opt.saw_tstamp = 0;
	if ((tcp_flag_word(th) & XTCP_HP_BITS) == tp->pred_flags &&
	    XTCP_SKB_CB(skb)->seq == tp->rcv_nxt &&
	    xtcp_between(XTCP_SKB_CB(skb)->ack_seq, tp->snd_una, tp->snd_nxt)) {
		/* pred_flags matched: th->doff * 4 is tcp_header_len. */
		bool tstamp = tp->tcp_header_len ==
			      sizeof(struct tcphdr) + XTCPOLEN_TSTAMP_ALIGNED;
		bool fragstolen = false;
		int eaten;

		if (tstamp) {
			if (!xtcp_parse_aligned_timestamp(tp, th))
				goto slow_path;
			/* PAWS would fail: the slow path looks closer. */
			if ((s32)(tp->rx_opt.rcv_tsval -
				  tp->rx_opt.ts_recent) < 0)
				goto slow_path;
		}

		if (XTCP_SKB_CB(skb)->seq == XTCP_SKB_CB(skb)->end_seq) {
			/*
			 * A pure ACK (a bulk sender's).  seq is rcv_nxt, so
			 * at or before rcv_wup exactly when rcv_wup is
			 * rcv_nxt: TS.Recent's rule (RFC 7323 4.3).
			 */
			if (tstamp && tp->rcv_nxt == tp->rcv_wup)
				xtcp_store_ts_recent(tp);
			xtcp_ack(sk, skb, 0);
			__kfree_skb(skb);
			xtcp_data_snd_check(sk);
			return;
		}

		/* No room without the slow path's pruning. */
		if ((int)skb->truesize > sk->sk_forward_alloc)
			goto step5;

		if (tstamp && tp->rcv_nxt == tp->rcv_wup)
			xtcp_store_ts_recent(tp);
		XNET_INC_STATS(sock_net(sk), LINUX_MIB_TCPHPHITS);

		/* In-order data (a bulk receiver's, or a request's). */
		xtcp_skb_pull_header(skb);
		eaten = xtcp_queue_rcv(sk, skb, &fragstolen);
		xtcp_event_data_recv(sk, skb);
		if (XTCP_SKB_CB(skb)->ack_seq != tp->snd_una) {
			xtcp_ack(sk, skb, XFLAG_DATA);
			xtcp_data_snd_check(sk);
			if (!xinet_csk_ack_scheduled(sk))
				goto no_ack;
		} else {
			xtcp_update_wl(tp, XTCP_SKB_CB(skb)->seq);
		}
		__xtcp_ack_snd_check(sk, 0);
no_ack:
		if (eaten)
			kfree_skb_partial(skb, fragstolen);
		xtcp_data_ready(sk);
		return;
	}

slow_path:
	if (!th->ack && !th->rst && !th->syn)
		goto discard;
	if (!xtcp_validate_incoming(sk, skb, th, 1))
		return;
	if (!th->ack)
		goto discard;
step5:
	if (xtcp_ack(sk, skb, XFLAG_SLOWPATH | XFLAG_UPDATE_TS_RECENT) < 0)
		goto discard;

	xtcp_urg(sk, skb, th);
	xtcp_data_queue(sk, skb);
	xtcp_data_snd_check(sk);
	xtcp_ack_snd_check(sk);
	return;

discard:
	kfree_skb(skb);
}

/*
 * Twin of tcp_try_undo_spurious_syn(): the SYN-ACK echoes our first SYN's
 * timestamp, or the handshake's ACK our first SYN-ACK's: that one
 * arrived, the timeouts were spurious and cost no cwnd.
 */
static void xtcp_try_undo_spurious_syn(struct sock *sk)
{
	struct xtcp_sock *tp = xtcp_sk(sk);
	u32 syn_stamp = tp->retrans_stamp;

	if (tp->undo_marker && syn_stamp && tp->rx_opt.saw_tstamp &&
	    syn_stamp == tp->rx_opt.rcv_tsecr)
		tp->undo_marker = 0;
}

/**
 * xtcp_init_transfer - a connection reached ESTABLISHED (twin of
 *	tcp_init_transfer)
 * @sk: the socket
 */
void xtcp_init_transfer(struct sock *sk)
{
	struct xinet_connection_sock *icsk = xinet_csk(sk);
	struct xtcp_sock *tp = xtcp_sk(sk);

	xtcp_mtup_init(sk);
	/*
	 * RFC 5681: one segment if the SYN or SYN-ACK timed out more than
	 * once (RFC 6298's 1 s initial RTO makes one timeout common), and
	 * not when the timeout proved spurious (undo_marker cleared).
	 */
	if (tp->total_retrans > 1 && tp->undo_marker)
		tp->snd_cwnd = 1;
	else	/* Twin of tcp_init_cwnd(): the route's initcwnd, if any. */
		tp->snd_cwnd = min_t(u32, tp->dst_initcwnd ? : XTCP_INIT_CWND,
				     tp->snd_cwnd_clamp);
	tp->snd_cwnd_stamp = jiffies;
	if (!icsk->icsk_ca_initialized)
		xtcp_init_congestion_control(sk);
	/* The window we offer grows from the first one to the buffer's. */
	tp->window_clamp = min_t(u32, tp->window_clamp ? : U32_MAX,
				 max_t(int, xtcp_full_space(sk), 1));
	tp->rcv_ssthresh = min(tp->rcv_ssthresh, tp->window_clamp);
	/* Autotuning starts from what an initial window can carry. */
	tp->rcv_space = min3(tp->rcv_ssthresh, tp->rcv_wnd,
			     (u32)XTCP_INIT_CWND * tp->advmss);
	tp->rcvq_seq = tp->copied_seq;
	tp->rcvq_stamp = ktime_get_ns();
	tp->lsndtime = jiffies;
	xtcp_sndbuf_expand(sk);
}

/**
 * xtcp_finish_connect - the connection is up (twin of tcp_finish_connect)
 * @sk: the socket, locked
 * @skb: the SYN-ACK, or NULL for a connection TCP_REPAIR restores
 *	without a handshake
 */
void xtcp_finish_connect(struct sock *sk, struct sk_buff *skb)
{
	struct xtcp_sock *tp = xtcp_sk(sk);

	xtcp_set_state(sk, TCP_ESTABLISHED);
	xinet_csk(sk)->icsk_ack.lrcvtime = jiffies;
	xtcp_init_transfer(sk);
	tp->lsndtime = jiffies;
	if (sock_flag(sk, SOCK_KEEPOPEN))
		xinet_csk_reset_keepalive_timer(sk, xtcp_keepalive_time_when(tp));
	/*
	 * With window scaling the fast path waits for the first window
	 * update or in-order data: snd_wnd came unscaled in the SYN-ACK.
	 */
	if (!tp->rx_opt.snd_wscale)
		__xtcp_fast_path_on(tp, tp->snd_wnd);
	else
		tp->pred_flags = 0;
}

/*
 * SYN_SENT (twin of tcp_rcv_synsent_state_process).  Return: -1 when the
 * segment was used up and the caller frees it, 0 when it was freed, 1
 * to answer it with a reset.
 */
static int xtcp_rcv_synsent_state_process(struct sock *sk, struct sk_buff *skb,
					  const struct tcphdr *th)
{
	struct xtcp_fastopen_cookie foc = { .len = -1 };
	struct xinet_connection_sock *icsk = xinet_csk(sk);
	struct xtcp_sock *tp = xtcp_sk(sk);

	xtcp_parse_options(sock_net(sk), skb, &tp->rx_opt, 0, &foc);
	if (tp->rx_opt.saw_tstamp && tp->rx_opt.rcv_tsecr)
		tp->rx_opt.rcv_tsecr -= tp->tsoffset;

	if (th->ack) {
		/* RFC 9293 3.10.7.3: an ACK of something but our SYN. */
		if (!xtcp_after(XTCP_SKB_CB(skb)->ack_seq, tp->snd_una) ||
		    xtcp_after(XTCP_SKB_CB(skb)->ack_seq, tp->snd_nxt)) {
			if (th->rst)
				goto discard;
			return 1;
		}
		/*
		 * TSecr must echo a TSval of ours from since the first SYN
		 * (retrans_stamp).
		 */
		if (tp->rx_opt.saw_tstamp && tp->rx_opt.rcv_tsecr) {
			if (!xtcp_between(tp->rx_opt.rcv_tsecr,
					  tp->retrans_stamp,
					  xtcp_time_stamp_ts(tp))) {
				XNET_INC_STATS(sock_net(sk),
					       LINUX_MIB_PAWSACTIVEREJECTED);
				if (th->rst)
					goto discard;
				return 1;
			}
		}
		if (th->rst) {
			xtcp_reset(sk, skb);
			goto discard;
		}
		if (!th->syn)
			goto discard;

		/* A SYN-ACK for our SYN. */
		xtcp_ecn_rcv_synack(tp, th);
		tp->snd_wl1 = XTCP_SKB_CB(skb)->seq;
		xtcp_try_undo_spurious_syn(sk);
		xtcp_ack(sk, skb, XFLAG_SLOWPATH);
		tp->rcv_nxt = XTCP_SKB_CB(skb)->seq + 1;
		tp->rcv_wup = tp->rcv_nxt;
		/* A SYN's window is never scaled. */
		tp->snd_wnd = ntohs(th->window);
		tp->max_window = tp->snd_wnd;
		if (!tp->rx_opt.wscale_ok) {
			tp->rx_opt.snd_wscale = 0;
			tp->rx_opt.rcv_wscale = 0;
			tp->window_clamp = min(tp->window_clamp, 65535U);
		}
		if (tp->rx_opt.saw_tstamp) {
			tp->rx_opt.tstamp_ok = 1;
			tp->tcp_header_len = sizeof(struct tcphdr) +
					     XTCPOLEN_TSTAMP_ALIGNED;
			tp->advmss -= XTCPOLEN_TSTAMP_ALIGNED;
			xtcp_store_ts_recent(tp);
		} else {
			tp->tcp_header_len = sizeof(struct tcphdr);
		}
		xtcp_sync_mss(sk, icsk->icsk_pmtu_cookie);
		xtcp_initialize_rcv_mss(sk);
		WRITE_ONCE(tp->copied_seq, tp->rcv_nxt);
		/* Pairs with the lockless readers of the state. */
		smp_mb();
		xtcp_finish_connect(sk, skb);
		if (!sock_flag(sk, SOCK_DEAD)) {
			sk->sk_state_change(sk);
			sk_wake_async(sk, SOCK_WAKE_IO, POLL_OUT);
		}
		if ((tp->syn_fastopen || tp->syn_data) &&
		    xtcp_rcv_fastopen_synack(sk, skb, &foc))
			return -1;
		if (sk->sk_write_pending ||
		    READ_ONCE(icsk->icsk_accept_queue.rskq_defer_accept) ||
		    xinet_csk_in_pingpong_mode(sk)) {
			/*
			 * Data is coming (or TCP_DEFER_ACCEPT says it will):
			 * let it carry the ACK.
			 */
			xinet_csk_schedule_ack(sk);
			xtcp_enter_quickack_mode(sk, XTCP_MAX_QUICKACKS);
			xinet_csk_reset_xmit_timer(sk, XICSK_TIME_DACK,
						   XTCP_DELACK_MAX, XTCP_RTO_MAX);
			goto discard;
		}
		xtcp_send_ack(sk);
		return -1;
	}

	/* No ACK: a RST is ignored (RFC 9293), a SYN is simultaneous open. */
	if (th->rst)
		goto discard;
	/* PAWS, once a TIME_WAIT reuse gave us a TS.Recent. */
	if (tp->rx_opt.ts_recent_stamp && tp->rx_opt.saw_tstamp &&
	    xtcp_paws_reject(&tp->rx_opt, 0))
		goto discard;
	if (th->syn) {
		xtcp_set_state(sk, TCP_SYN_RECV);
		xtcp_ecn_rcv_syn(tp, th);
		if (tp->rx_opt.saw_tstamp) {
			tp->rx_opt.tstamp_ok = 1;
			xtcp_store_ts_recent(tp);
			tp->tcp_header_len = sizeof(struct tcphdr) +
					     XTCPOLEN_TSTAMP_ALIGNED;
		} else {
			tp->tcp_header_len = sizeof(struct tcphdr);
		}
		tp->rcv_nxt = XTCP_SKB_CB(skb)->seq + 1;
		tp->rcv_wup = tp->rcv_nxt;
		WRITE_ONCE(tp->copied_seq, tp->rcv_nxt);
		tp->snd_wnd = ntohs(th->window);
		tp->snd_wl1 = XTCP_SKB_CB(skb)->seq;
		tp->max_window = tp->snd_wnd;
		if (!tp->rx_opt.wscale_ok) {
			tp->rx_opt.snd_wscale = 0;
			tp->rx_opt.rcv_wscale = 0;
			tp->window_clamp = min(tp->window_clamp, 65535U);
		}
		xtcp_mtup_init(sk);
		xtcp_sync_mss(sk, icsk->icsk_pmtu_cookie);
		xtcp_initialize_rcv_mss(sk);
		xtcp_send_synack_sk(sk);
		goto discard;
	}

discard:
	kfree_skb(skb);
	return 0;
}

/*
 * Twin of tcp_rcv_synrecv_state_fastopen(): the handshake's ACK came to
 * a Fast Open child; its request and the SYN-ACK timer go.
 */
static void xtcp_rcv_synrecv_state_fastopen(struct sock *sk)
{
	struct xtcp_sock *tp = xtcp_sk(sk);

	tp->retrans_stamp = 0;
	xinet_csk(sk)->icsk_retransmits = 0;
	xreqsk_fastopen_remove(sk, tp->fastopen_rsk, false);
	/* Data sent in SYN_RECV now gets its own RTO. */
	xtcp_rearm_rto(sk);
}

/**
 * xtcp_rcv_state_process - a segment for a socket in any state but
 *	ESTABLISHED and LISTEN (twin of tcp_rcv_state_process)
 * @sk: the socket
 * @skb: the segment
 *
 * Return: 0 when @skb was consumed, nonzero when the caller must send a
 * reset for it and free it.
 */
int xtcp_rcv_state_process(struct sock *sk, struct sk_buff *skb)
{
	const struct tcphdr *th = xtcp_hdr(skb);
	struct xtcp_sock *tp = xtcp_sk(sk);
	int queued = 0, acceptable;

	sock_owned_by_me(sk);
	/* segs_in is counted by xtcp_v4_rcv(), as tcp_segs_in(). */
	tp->tcp_mstamp = ktime_get_ns();
	/* Payload only, as tcp_segs_in(): SYN and FIN take sequence too. */
	if (XTCP_SKB_CB(skb)->end_seq - XTCP_SKB_CB(skb)->seq >
	    th->syn + th->fin)
		WRITE_ONCE(tp->data_segs_in, tp->data_segs_in +
			   max_t(u16, 1, skb_shinfo(skb)->gso_segs));

	switch (sk->sk_state) {
	case TCP_CLOSE:
		goto discard;
	case TCP_LISTEN:
		/* xtcp_v4_do_rcv() handles listeners; an ACK gets a reset. */
		if (th->ack)
			return 1;
		goto discard;
	case TCP_SYN_SENT:
		queued = xtcp_rcv_synsent_state_process(sk, skb, th);
		if (queued >= 0)
			return queued;
		/* Steps 6 and on by hand: the text of a SYN-ACK is dropped. */
		xtcp_urg(sk, skb, th);
		kfree_skb(skb);
		xtcp_data_snd_check(sk);
		return 0;
	}

	/*
	 * A Fast Open child before the handshake's ACK: the peer resending
	 * its SYN gets the SYN-ACK again (the fastopen case of
	 * tcp_check_req()).
	 */
	if (tp->fastopen_rsk) {
		struct xrequest_sock *req = tp->fastopen_rsk;

		if (XTCP_SKB_CB(skb)->seq == req->rcv_isn && th->syn &&
		    !th->ack && !th->rst) {
			xinet_rtx_syn_ack(sk, req);
			goto discard;
		}
	}

	if (!th->ack && !th->rst && !th->syn)
		goto discard;
	if (!xtcp_validate_incoming(sk, skb, th, 0))
		return 0;
	if (!th->ack)
		goto discard;

	acceptable = xtcp_ack(sk, skb, XFLAG_SLOWPATH | XFLAG_UPDATE_TS_RECENT |
				       XFLAG_NO_CHALLENGE_ACK);
	if (acceptable <= 0) {
		if (sk->sk_state == TCP_SYN_RECV)
			return 1;
		if (acceptable < 0) {
			xtcp_send_challenge_ack(sk);
			goto discard;
		}
	}

	switch (sk->sk_state) {
	case TCP_SYN_RECV: {
		bool fastopen = tp->fastopen_rsk;

		tp->delivered++;
		if (fastopen) {
			if (!tp->srtt_us)
				xtcp_synack_rtt_meas(sk, tp->fastopen_rsk);
			xtcp_rcv_synrecv_state_fastopen(sk);
		}
		/* Pairs with the lockless readers of the state. */
		smp_mb();
		xtcp_set_state(sk, TCP_ESTABLISHED);
		sk->sk_state_change(sk);
		if (sk->sk_socket)
			sk_wake_async(sk, SOCK_WAKE_IO, POLL_OUT);
		tp->snd_una = XTCP_SKB_CB(skb)->ack_seq;
		tp->snd_wnd = ntohs(th->window) << tp->rx_opt.snd_wscale;
		tp->snd_wl1 = XTCP_SKB_CB(skb)->seq;
		if (tp->snd_wnd > tp->max_window)
			tp->max_window = tp->snd_wnd;
		tp->lsndtime = jiffies;
		/* Our MSS announcement made no room for the options. */
		if (tp->rx_opt.tstamp_ok)
			tp->advmss -= XTCPOLEN_TSTAMP_ALIGNED;
		xtcp_update_pacing_rate(sk);
		xtcp_initialize_rcv_mss(sk);
		xtcp_fast_path_on(tp);
		/* A Fast Open child began its transfer at the SYN already. */
		if (!fastopen) {
			xtcp_try_undo_spurious_syn(sk);
			tp->retrans_stamp = 0;
			xtcp_init_transfer(sk);
			WRITE_ONCE(tp->copied_seq, tp->rcv_nxt);
		}
		if (sock_flag(sk, SOCK_KEEPOPEN))
			xinet_csk_reset_keepalive_timer(sk,
							xtcp_keepalive_time_when(tp));
		break;
	}

	case TCP_FIN_WAIT1: {
		int tmo;

		/* A Fast Open child closed before the handshake's ACK. */
		if (tp->fastopen_rsk)
			xtcp_rcv_synrecv_state_fastopen(sk);
		if (tp->snd_una != tp->write_seq)
			break;
		xtcp_set_state(sk, TCP_FIN_WAIT2);
		WRITE_ONCE(sk->sk_shutdown, sk->sk_shutdown | SEND_SHUTDOWN);
		if (!sock_flag(sk, SOCK_DEAD)) {
			/* Wake a lingering close(). */
			sk->sk_state_change(sk);
			break;
		}
		if (READ_ONCE(tp->linger2) < 0) {
			xtcp_done(sk);
			XNET_INC_STATS(sock_net(sk), LINUX_MIB_TCPABORTONDATA);
			return 1;
		}
		if (XTCP_SKB_CB(skb)->end_seq != XTCP_SKB_CB(skb)->seq &&
		    xtcp_after(XTCP_SKB_CB(skb)->end_seq - th->fin, tp->rcv_nxt)) {
			/* Data after close(): nobody will read it. */
			xtcp_done(sk);
			XNET_INC_STATS(sock_net(sk), LINUX_MIB_TCPABORTONDATA);
			return 1;
		}
		tmo = xtcp_fin_time(sk);
		if (tmo > XTCP_TIMEWAIT_LEN) {
			xinet_csk_reset_keepalive_timer(sk, tmo - XTCP_TIMEWAIT_LEN);
		} else if (th->fin || sock_owned_by_user(sk)) {
			/* Keep the full socket so the FIN is not lost. */
			xinet_csk_reset_keepalive_timer(sk, tmo);
		} else {
			xtcp_time_wait(sk, TCP_FIN_WAIT2, tmo);
			goto consume;
		}
		break;
	}
	case TCP_CLOSING:
		if (tp->snd_una == tp->write_seq) {
			xtcp_time_wait(sk, TCP_TIME_WAIT, 0);
			goto consume;
		}
		break;
	case TCP_LAST_ACK:
		if (tp->snd_una == tp->write_seq) {
			xtcp_done(sk);
			goto consume;
		}
		break;
	}

	/* Step 6: the URG bit. */
	xtcp_urg(sk, skb, th);

	/* Step 7: the text. */
	switch (sk->sk_state) {
	case TCP_CLOSE_WAIT:
	case TCP_CLOSING:
	case TCP_LAST_ACK:
		if (!xtcp_before(XTCP_SKB_CB(skb)->seq, tp->rcv_nxt))
			break;
		fallthrough;
	case TCP_FIN_WAIT1:
	case TCP_FIN_WAIT2:
		/* RFC 1122: data after our reader went away gets a reset. */
		if (sk->sk_shutdown & RCV_SHUTDOWN) {
			if (XTCP_SKB_CB(skb)->end_seq != XTCP_SKB_CB(skb)->seq &&
			    xtcp_after(XTCP_SKB_CB(skb)->end_seq - th->fin,
				       tp->rcv_nxt)) {
				XNET_INC_STATS(sock_net(sk),
					       LINUX_MIB_TCPABORTONDATA);
				xtcp_reset(sk, skb);
				return 1;
			}
		}
		fallthrough;
	case TCP_ESTABLISHED:
		xtcp_data_queue(sk, skb);
		queued = 1;
		break;
	}

	/* The text may have moved us to TIME_WAIT. */
	if (sk->sk_state != TCP_CLOSE) {
		xtcp_data_snd_check(sk);
		xtcp_ack_snd_check(sk);
	}
	if (!queued)
		goto discard;
	return 0;

consume:
	consume_skb(skb);
	return 0;
discard:
	kfree_skb(skb);
	return 0;
}

