// SPDX-License-Identifier: GPL-2.0
/*
 * xinet: the delivery-rate estimator, twin of net/ipv4/tcp_rate.c.
 *
 * Each ACK gives a sample of the rate at which the network delivered
 * this connection's segments: the segments delivered between the send of
 * the most recently sent segment it (S)ACKs and now, over the time that
 * took.  That time has two phases, the sending of the segments (from the
 * send of the first segment of the window to that of the last) and the
 * arrival of their ACKs (from the ACK that preceded the send of the
 * first to this one).  ACK compression can make the ACK phase shorter
 * than the network could deliver in; a sender cannot send faster than
 * it does for long, so the longer phase is the interval:
 *
 *	send_rate = delivered / (last_send - first_send)
 *	ack_rate  = delivered / (last_ack - first_ack)
 *	rate      = min(send_rate, ack_rate)
 *
 * A sample shorter than min_rtt cannot be a real one (the clock of a
 * spurious retransmission's ACK, say) and is dropped.  The rate measured
 * is the goodput, which may be below what the path could carry when the
 * application did not keep data queued: such a sample is marked
 * application-limited, when there was a moment in its window with
 * nothing ready to send (a "bubble" in the pipe), and only replaces the
 * saved sample (TCP_INFO's tcpi_delivery_rate) when it is not lower.
 *
 * Times are in microseconds, as Linux keeps them; xinet's clock of the
 * segment in hand (tp->tcp_mstamp) is in ns, read through
 * xtcp_mstamp_us().
 */

#include <net/xinet/xtcp.h>

/**
 * xtcp_rate_skb_sent - snapshot the delivery state into a segment being
 *	sent (twin of tcp_rate_skb_sent)
 * @sk: the socket
 * @skb: the queued skb just (re)transmitted; its send time is set
 *
 * A sample starts from the ACK that preceded the send (so that it spans
 * the whole time the network took to deliver what was in flight); with
 * nothing in flight, from this send.  packets_out, not the packets in
 * flight, decides: loss marking or a spurious RTO must not shorten the
 * interval and inflate the rate.
 */
void xtcp_rate_skb_sent(struct sock *sk, struct sk_buff *skb)
{
	struct xtcp_sock *tp = xtcp_sk(sk);
	struct xtcp_skb_cb *scb = XTCP_SKB_CB(skb);

	if (!tp->packets_out) {
		u64 tstamp_us = xtcp_skb_timestamp_us(skb);

		tp->first_tx_mstamp = tstamp_us;
		tp->delivered_mstamp = tstamp_us;
	}
	scb->tx.first_tx_mstamp = tp->first_tx_mstamp;
	scb->tx.delivered_mstamp = tp->delivered_mstamp;
	scb->tx.delivered = tp->delivered;
	scb->tx.delivered_ce = tp->delivered_ce;
	scb->tx.is_app_limited = tp->app_limited ? 1 : 0;
}

/**
 * xtcp_rate_skb_delivered - a segment was (S)ACKed: take its snapshot
 *	into the ACK's rate sample (twin of tcp_rate_skb_delivered)
 * @sk: the socket
 * @skb: the skb SACKed or cumulatively acknowledged
 * @rs: the ACK's sample
 *
 * An ACK that delivers several segments calls this for each; the most
 * recently sent one (latest send time, then highest sequence) gives the
 * sample.  A SACKed skb gives no second sample when it is cumulatively
 * acknowledged later.
 */
void xtcp_rate_skb_delivered(struct sock *sk, struct sk_buff *skb,
			     struct xrate_sample *rs)
{
	struct xtcp_sock *tp = xtcp_sk(sk);
	struct xtcp_skb_cb *scb = XTCP_SKB_CB(skb);
	u64 tx_tstamp;

	if (!scb->tx.delivered_mstamp)
		return;

	tx_tstamp = xtcp_skb_timestamp_us(skb);
	if (!rs->prior_delivered ||
	    xtcp_skb_sent_after(tx_tstamp, tp->first_tx_mstamp,
				scb->end_seq, rs->last_end_seq)) {
		rs->prior_delivered_ce = scb->tx.delivered_ce;
		rs->prior_delivered = scb->tx.delivered;
		rs->prior_mstamp = scb->tx.delivered_mstamp;
		rs->is_app_limited = scb->tx.is_app_limited;
		rs->is_retrans = scb->sacked & XTCPCB_RETRANS_ANY;
		rs->last_end_seq = scb->end_seq;

		/* The send phase runs to this segment's send. */
		tp->first_tx_mstamp = tx_tstamp;
		rs->interval_us = xtcp_stamp_us_delta(tp->first_tx_mstamp,
						      scb->tx.first_tx_mstamp);
	}
	if (scb->sacked & XTCPCB_SACKED_ACKED)
		scb->tx.delivered_mstamp = 0;
}

/**
 * xtcp_rate_gen - end the ACK's rate sample and keep it for TCP_INFO
 *	when it is worth keeping (twin of tcp_rate_gen)
 * @sk: the socket
 * @delivered: segments the ACK newly (S)ACKed
 * @lost: segments it newly marked lost
 * @is_sack_reneg: the receiver reneged on SACKed data (before the ACK):
 *	the segments SACKed before would count twice
 * @rs: the sample xtcp_rate_skb_delivered() filled
 *
 * On return @rs->delivered and @rs->interval_us are negative when the
 * sample is invalid: nothing timed was delivered, SACK reneging, or an
 * interval shorter than min_rtt.
 */
void xtcp_rate_gen(struct sock *sk, u32 delivered, u32 lost,
		   bool is_sack_reneg, struct xrate_sample *rs)
{
	struct xtcp_sock *tp = xtcp_sk(sk);
	u32 snd_us, ack_us;

	/* The bubble was delivered: the pipe is full again. */
	if (tp->app_limited && xtcp_after(tp->delivered, tp->app_limited))
		tp->app_limited = 0;

	if (delivered)
		tp->delivered_mstamp = xtcp_mstamp_us(tp);

	rs->acked_sacked = delivered;
	rs->losses = lost;
	if (!rs->prior_mstamp || is_sack_reneg) {
		rs->delivered = -1;
		rs->interval_us = -1;
		return;
	}
	rs->delivered = tp->delivered - rs->prior_delivered;
	rs->delivered_ce = (tp->delivered_ce - rs->prior_delivered_ce) &
			   XTCPCB_DELIVERED_CE_MASK;

	/* The longer of the two phases (see the top of the file). */
	snd_us = rs->interval_us;
	ack_us = xtcp_stamp_us_delta(xtcp_mstamp_us(tp), rs->prior_mstamp);
	rs->interval_us = max(snd_us, ack_us);
	rs->snd_interval_us = snd_us;
	rs->rcv_interval_us = ack_us;

	/*
	 * Shorter than min_rtt: not a real sample.  A spuriously
	 * retransmitted segment may still make one too short by up to an
	 * RTT, but rates measured during a long recovery matter more.
	 */
	if (unlikely(rs->interval_us < xtcp_min_rtt(tp))) {
		rs->interval_us = -1;
		return;
	}

	/* Keep the last sample not application-limited, or a higher one. */
	if (!rs->is_app_limited ||
	    (u64)rs->delivered * tp->rate_interval_us >=
	    (u64)tp->rate_delivered * rs->interval_us) {
		tp->rate_delivered = rs->delivered;
		tp->rate_interval_us = rs->interval_us;
		tp->rate_app_limited = rs->is_app_limited;
	}
}

/**
 * xtcp_rate_check_app_limited - mark the sender application-limited
 *	when it has nothing to send (twin of tcp_rate_check_app_limited)
 * @sk: the socket
 *
 * Called as a write starts: less than a segment queued unsent, nothing
 * of ours waiting below (qdisc, device), cwnd not the limit and every
 * lost segment resent.  Then the samples of the segments sent until
 * what is in flight now is delivered are application-limited.
 */
void xtcp_rate_check_app_limited(struct sock *sk)
{
	struct xtcp_sock *tp = xtcp_sk(sk);

	if (tp->write_seq - tp->snd_nxt < tp->mss_cache &&
	    sk_wmem_alloc_get(sk) < SKB_TRUESIZE(1) &&
	    xtcp_packets_in_flight(tp) < tp->snd_cwnd &&
	    tp->lost_out <= tp->retrans_out)
		tp->app_limited =
			(tp->delivered + xtcp_packets_in_flight(tp)) ? : 1;
}
