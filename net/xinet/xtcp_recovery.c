// SPDX-License-Identifier: GPL-2.0
/*
 * xinet: TCP loss detection, twin of net/ipv4/tcp_recovery.c.
 *
 * RACK (RFC 8985): a segment is lost when a segment sent after it was
 * (S)ACKed more than an RTT plus a reordering window after it left.
 * Time, not the count of duplicate ACKs or of SACKed segments above a
 * hole, decides; retransmissions are judged the same way, and the
 * reordering window (min_rtt / 4, widened when D-SACKs show that a
 * recovery was spurious) lets reordering settle.  NewReno's head
 * marking for connections without SACK lives here too, as in Linux.
 *
 * Linux walks its sent queue in transmit order (tsorted_sent_queue) and
 * stops at the first segment sent after RACK's reference; xinet's
 * retransmission queue is in sequence order, so the walk looks at every
 * segment and skips those sent later.  The losses found are the same.
 */

#include <net/xinet/xtcp.h>

/**
 * xtcp_is_rack - does RACK detect losses? (twin of tcp_is_rack)
 * @sk: the socket
 *
 * Return: net.xinet.tcp_recovery has XTCP_RACK_LOSS_DETECTION.
 */
bool xtcp_is_rack(const struct sock *sk)
{
	return READ_ONCE(xinet_net(sock_net(sk))->sysctl_tcp_recovery) &
	       XTCP_RACK_LOSS_DETECTION;
}

/*
 * Twin of tcp_rack_reo_wnd(): the reordering window in us.  Without
 * reordering seen on the connection it is 0 in recovery, and 0 once
 * dupthresh segments were SACKed (unless NO_DUPTHRESH): RACK is then as
 * quick as the classic rule.  Otherwise min_rtt / 4 per step, at most
 * the smoothed RTT; min_rtt as reordering is a property of the path, not
 * of the queues.
 */
static u32 xtcp_rack_reo_wnd(const struct sock *sk)
{
	const struct xtcp_sock *tp = xtcp_sk(sk);

	if (!tp->reord_seen) {
		if (xinet_csk(sk)->icsk_ca_state >= XTCP_CA_Recovery)
			return 0;
		if (tp->sacked_out >= tp->reordering &&
		    !(READ_ONCE(xinet_net(sock_net(sk))->sysctl_tcp_recovery) &
		      XTCP_RACK_NO_DUPTHRESH))
			return 0;
	}
	return min((xtcp_min_rtt(tp) >> 2) * tp->rack.reo_wnd_steps,
		   tp->srtt_us >> 3);
}

/**
 * xtcp_rack_skb_timeout - how long before @skb is deemed lost (twin of
 *	tcp_rack_skb_timeout)
 * @tp: the socket
 * @skb: a segment of the retransmission queue
 * @reo_wnd: the reordering window, us
 *
 * Return: RACK.rtt + @reo_wnd less the time since @skb was last sent,
 * in us: lost when not positive.
 */
s32 xtcp_rack_skb_timeout(const struct xtcp_sock *tp,
			  const struct sk_buff *skb, u32 reo_wnd)
{
	return tp->rack.rtt_us + reo_wnd -
	       xtcp_stamp_us_delta(xtcp_mstamp_us(tp),
				   xtcp_skb_timestamp_us(skb));
}

/*
 * Twin of tcp_rack_detect_loss(): mark lost what was sent before the
 * most recently sent (S)ACKed segment and has waited its RTT plus the
 * reordering window.  *@reo_timeout: the longest wait left for the
 * others, us (0 for none).
 */
static void xtcp_rack_detect_loss(struct sock *sk, u32 *reo_timeout)
{
	struct xtcp_sock *tp = xtcp_sk(sk);
	struct sk_buff *skb;
	u32 reo_wnd;

	*reo_timeout = 0;
	reo_wnd = xtcp_rack_reo_wnd(sk);
	skb_queue_walk(&tp->rtx_queue, skb) {
		struct xtcp_skb_cb *scb = XTCP_SKB_CB(skb);
		s32 remaining;

		/* (S)ACKed already, or lost and waiting for its resend. */
		if (scb->sacked & XTCPCB_SACKED_ACKED)
			continue;
		if ((scb->sacked & XTCPCB_LOST) &&
		    !(scb->sacked & XTCPCB_RETRANS_OUT))
			continue;
		/* Sent after the reference: nothing to judge it by yet. */
		if (!xtcp_skb_sent_after(tp->rack.mstamp,
					 xtcp_skb_timestamp_us(skb),
					 tp->rack.end_seq, scb->end_seq))
			continue;
		remaining = xtcp_rack_skb_timeout(tp, skb, reo_wnd);
		if (remaining <= 0)
			xtcp_mark_skb_lost(sk, skb);
		else
			*reo_timeout = max_t(u32, *reo_timeout, remaining);
	}
}

/**
 * xtcp_rack_mark_lost - RACK's loss detection on an ACK (twin of
 *	tcp_rack_mark_lost)
 * @sk: the socket
 *
 * Runs when an ACK moved RACK's reference; segments that may still be
 * only reordered arm the reordering timer for the longest of their
 * waits.
 *
 * Return: true when that timer was armed.
 */
bool xtcp_rack_mark_lost(struct sock *sk)
{
	struct xtcp_sock *tp = xtcp_sk(sk);
	u32 timeout;

	if (!tp->rack.advanced)
		return false;
	/* Nothing new to judge by until the reference moves again. */
	tp->rack.advanced = 0;
	xtcp_rack_detect_loss(sk, &timeout);
	if (timeout) {
		timeout = usecs_to_jiffies(timeout + XTCP_TIMEOUT_MIN_US);
		xinet_csk_reset_xmit_timer(sk, XICSK_TIME_REO_TIMEOUT,
					   timeout, xinet_csk(sk)->icsk_rto);
	}
	return !!timeout;
}

/**
 * xtcp_rack_advance - a segment was (S)ACKed: move RACK's reference
 *	(twin of tcp_rack_advance)
 * @tp: the socket
 * @sacked: the segment's XTCPCB_* bits
 * @end_seq: its end
 * @xmit_time: when it was last sent, us
 *
 * RFC 8985 step 2: RACK.rtt from this segment, and RACK.xmit_ts the
 * latest send time of the segments delivered.  A retransmitted segment
 * (S)ACKed sooner than min_rtt after its resend was the original's
 * delivery, not the resend's: it tells nothing.
 */
void xtcp_rack_advance(struct xtcp_sock *tp, u8 sacked, u32 end_seq,
		       u64 xmit_time)
{
	u32 rtt_us;

	rtt_us = xtcp_stamp_us_delta(xtcp_mstamp_us(tp), xmit_time);
	if (rtt_us < xtcp_min_rtt(tp) && (sacked & XTCPCB_RETRANS_ANY))
		return;
	tp->rack.advanced = 1;
	tp->rack.rtt_us = rtt_us;
	if (xtcp_skb_sent_after(xmit_time, tp->rack.mstamp,
				end_seq, tp->rack.end_seq)) {
		tp->rack.mstamp = xmit_time;
		tp->rack.end_seq = end_seq;
	}
}

/**
 * xtcp_rack_reo_timeout - the reordering timer fired (twin of
 *	tcp_rack_reo_timeout)
 * @sk: the socket, locked
 *
 * The segments that were only possibly reordered have waited long
 * enough: those still missing are lost.  Recovery starts if it had not,
 * the lost ones are resent, and the RTO takes the timer back.
 */
void xtcp_rack_reo_timeout(struct sock *sk)
{
	struct xtcp_sock *tp = xtcp_sk(sk);
	u32 timeout, prior_inflight;
	u32 lost = tp->lost;

	prior_inflight = xtcp_packets_in_flight(tp);
	xtcp_rack_detect_loss(sk, &timeout);
	if (prior_inflight != xtcp_packets_in_flight(tp)) {
		if (xinet_csk(sk)->icsk_ca_state != XTCP_CA_Recovery) {
			xtcp_enter_recovery(sk, false);
			xtcp_cwnd_reduction(sk, 1, tp->lost - lost, 0);
		}
		xtcp_xmit_retransmit_queue(sk);
	}
	if (xinet_csk(sk)->icsk_pending != XICSK_TIME_RETRANS)
		xtcp_rearm_rto(sk);
}

/**
 * xtcp_rack_update_reo_wnd - widen or reset the reordering window after
 *	an ACK (twin of tcp_rack_update_reo_wnd)
 * @sk: the socket
 * @rs: the ACK's rate sample: its prior_delivered is the delivered count
 *	when the most recently sent segment the ACK delivered was sent, 0
 *	when it delivered none
 *
 * A D-SACK may mean a recovery was started by reordering longer than
 * the window: widen it by a step of min_rtt / 4, at most once a round
 * trip (a D-SACK for data sent before the last widening is old news),
 * and keep the width for XTCP_RACK_RECOVERY_THRESH recoveries.
 */
void xtcp_rack_update_reo_wnd(struct sock *sk, const struct xrate_sample *rs)
{
	struct xtcp_sock *tp = xtcp_sk(sk);

	if ((READ_ONCE(xinet_net(sock_net(sk))->sysctl_tcp_recovery) &
	     XTCP_RACK_STATIC_REO_WND) || !rs->prior_delivered)
		return;
	if (xtcp_before(rs->prior_delivered, tp->rack.last_delivered))
		tp->rack.dsack_seen = 0;
	if (tp->rack.dsack_seen) {
		tp->rack.reo_wnd_steps = min_t(u32, 0xFF,
					       tp->rack.reo_wnd_steps + 1);
		tp->rack.dsack_seen = 0;
		tp->rack.last_delivered = tp->delivered;
		tp->rack.reo_wnd_persist = XTCP_RACK_RECOVERY_THRESH;
	} else if (!tp->rack.reo_wnd_persist) {
		tp->rack.reo_wnd_steps = 1;
	}
}

/**
 * xtcp_newreno_mark_lost - RFC 6582 NewReno's loss marking without SACK
 *	(twin of tcp_newreno_mark_lost)
 * @sk: the socket
 * @snd_una_advanced: the ACK moved snd_una
 *
 * The head is lost after dupthresh duplicate ACKs, and again after each
 * partial ACK in Recovery: its first segment, cut off a head of several.
 */
void xtcp_newreno_mark_lost(struct sock *sk, bool snd_una_advanced)
{
	const u8 state = xinet_csk(sk)->icsk_ca_state;
	struct xtcp_sock *tp = xtcp_sk(sk);
	struct sk_buff *skb;

	if ((state < XTCP_CA_Recovery && tp->sacked_out >= tp->reordering) ||
	    (state == XTCP_CA_Recovery && snd_una_advanced)) {
		u32 mss;

		skb = xtcp_rtx_queue_head(sk);
		if (!skb || (XTCP_SKB_CB(skb)->sacked & XTCPCB_LOST))
			return;
		mss = xtcp_skb_mss(skb);
		/* Not cut (no memory): the whole skb is lost, as Linux's. */
		if (xtcp_skb_pcount(skb) > 1 && skb->len > mss)
			xtcp_fragment(sk, &tp->rtx_queue, skb, mss, mss,
				      GFP_ATOMIC);
		xtcp_mark_skb_lost(sk, skb);
	}
}
