// SPDX-License-Identifier: GPL-2.0
/*
 * xinet: TCP's mini-sockets, twin of net/ipv4/tcp_minisocks.c: the
 * TIME_WAIT state machine, the request sock's side of the handshake
 * (xtcp_check_req), the child it creates.
 */

#include <net/sock.h>
#include <net/tcp_states.h>
#include <net/xinet/netns.h>
#include <net/xinet/xinet_hashtables.h>
#include <net/xinet/xroute.h>
#include <net/xinet/xtcp.h>
#include <net/xinet/xtcp_recorder.h>

/* Twin of tcp_in_window(): does [seq, end_seq) touch [s_win, e_win]? */
static bool xtcp_in_window(u32 seq, u32 end_seq, u32 s_win, u32 e_win)
{
	if (seq == s_win)
		return true;
	if (xtcp_after(end_seq, s_win) && xtcp_before(seq, e_win))
		return true;
	return seq == e_win && seq == end_seq;
}

/**
 * xtcp_timewait_state_process - a segment for a TIME_WAIT sock (twin of
 *	tcp_timewait_state_process)
 * @tw: the sock, with a reference from the lookup
 * @skb: the segment, XTCP_SKB_CB filled
 * @th: its header
 *
 * FIN_WAIT_2 mini-socks repeat the checks of the full state machine;
 * TIME_WAIT answers a retransmitted FIN with an ACK and restarts 2*MSL,
 * dies on an in-window RST (RFC 1337 says otherwise; Linux's default
 * follows RFC 9293), and lets a SYN beyond the old sequence space, or
 * with a newer timestamp, open a new connection (its ISN in
 * XTCP_SKB_CB(skb)->tcp_tw_isn).  When the connection had timestamps,
 * PAWS applies first (PAWSEstab), and TS.Recent follows as in a full
 * socket.
 *
 * Return: XTCP_TW_SUCCESS (the reference was dropped), else what the
 * caller must do, still holding the reference: XTCP_TW_ACK, XTCP_TW_RST
 * or XTCP_TW_SYN.
 */
enum xtcp_tw_status xtcp_timewait_state_process(struct xinet_timewait_sock *tw,
						struct sk_buff *skb,
						const struct tcphdr *th)
{
	struct xtcp_skb_cb *tcb = XTCP_SKB_CB(skb);
	struct net *net = read_pnet(&tw->xtw_net);
	int tw_len = READ_ONCE(xinet_net(net)->sysctl_tcp_tw_timeout);
	u32 rcv_nxt = READ_ONCE(tw->xtw_rcv_nxt);
	struct xtcp_options_received tmp_opt = {};
	time64_t ts_recent_stamp;
	bool paws_reject = false;

	/* PAWS with the TS.Recent the connection left (RFC 7323 5.6). */
	ts_recent_stamp = READ_ONCE(tw->tw_ts_recent_stamp);
	if (th->doff > sizeof(*th) / 4 && ts_recent_stamp) {
		xtcp_parse_options(net, skb, &tmp_opt, 0, NULL);
		if (tmp_opt.saw_tstamp) {
			if (tmp_opt.rcv_tsecr)
				tmp_opt.rcv_tsecr -= tw->tw_ts_offset;
			tmp_opt.ts_recent = READ_ONCE(tw->tw_ts_recent);
			tmp_opt.ts_recent_stamp = ts_recent_stamp;
			paws_reject = xtcp_paws_reject(&tmp_opt, th->rst);
		}
	}

	if (READ_ONCE(tw->tw_substate) == TCP_FIN_WAIT2) {
		/* Out of window: ACK it. */
		if (paws_reject ||
		    !xtcp_in_window(tcb->seq, tcb->end_seq, rcv_nxt,
				    rcv_nxt + tw->tw_rcv_wnd))
			return XTCP_TW_ACK;
		if (th->rst)
			goto kill;
		if (th->syn && !xtcp_before(tcb->seq, rcv_nxt))
			return XTCP_TW_RST;
		/* A duplicate ACK. */
		if (!th->ack || !xtcp_after(tcb->end_seq, rcv_nxt) ||
		    tcb->end_seq == tcb->seq) {
			xinet_twsk_put(tw);
			return XTCP_TW_SUCCESS;
		}
		/* Data after a half-duplex close: reset. */
		if (!th->fin || tcb->end_seq != rcv_nxt + 1)
			return XTCP_TW_RST;
		/* The FIN: the real TIME_WAIT begins. */
		WRITE_ONCE(tw->tw_substate, TCP_TIME_WAIT);
		WRITE_ONCE(tw->xtw_rcv_nxt, tcb->end_seq);
		if (tmp_opt.saw_tstamp) {
			WRITE_ONCE(tw->tw_ts_recent_stamp, ktime_get_seconds());
			WRITE_ONCE(tw->tw_ts_recent, tmp_opt.rcv_tsval);
		}
		xinet_twsk_reschedule(tw, tw_len);
		return XTCP_TW_ACK;
	}

	/* TIME_WAIT: an in-window segment can only be a RST or a bare ACK. */
	if (!paws_reject && tcb->seq == rcv_nxt &&
	    (tcb->seq == tcb->end_seq || th->rst)) {
		if (th->rst) {
kill:
			xinet_twsk_deschedule_put(tw);
			return XTCP_TW_SUCCESS;
		}
		xinet_twsk_reschedule(tw, tw_len);
		if (tmp_opt.saw_tstamp) {
			WRITE_ONCE(tw->tw_ts_recent, tmp_opt.rcv_tsval);
			WRITE_ONCE(tw->tw_ts_recent_stamp, ktime_get_seconds());
		}
		xinet_twsk_put(tw);
		return XTCP_TW_SUCCESS;
	}

	/*
	 * A SYN may reopen the connection (RFC 9293 section 3.10.7.4, RFC
	 * 6191) when it is beyond what we received or, with timestamps,
	 * newer than the last one: new ISN past the old sequence space.
	 */
	if (th->syn && !th->rst && !th->ack && !paws_reject &&
	    (xtcp_after(tcb->seq, rcv_nxt) ||
	     (tmp_opt.saw_tstamp &&
	      (s32)(READ_ONCE(tw->tw_ts_recent) - tmp_opt.rcv_tsval) < 0))) {
		u32 isn = tw->xtw_snd_nxt + 65535 + 2;

		if (!isn)
			isn++;
		tcb->tcp_tw_isn = isn;
		return XTCP_TW_SYN;
	}

	if (paws_reject)
		__XNET_INC_STATS(net, LINUX_MIB_PAWSESTABREJECTED);

	if (!th->rst) {
		/*
		 * Restart the timer for an ACK or an old duplicate; an
		 * ACK-less SYN below rcv_nxt may be an old duplicate or a new
		 * SYN: leave it.
		 */
		if (paws_reject || th->ack)
			xinet_twsk_reschedule(tw, tw_len);
		return XTCP_TW_ACK;
	}
	xinet_twsk_put(tw);
	return XTCP_TW_SUCCESS;
}

/*
 * Twin of tcp_time_wait_init(): the TIME_WAIT sock has no key list, only
 * a copy of the key for its peer, to sign its ACKs and resets.  Without
 * memory for it the sock just sends them unsigned, which the peer drops,
 * as Linux's would.
 */
static void xtcp_time_wait_init(struct sock *sk,
				struct xinet_timewait_sock *tw)
{
	struct xtcp_md5sig_key *key;

	tw->tw_md5_key = NULL;
	if (!xtcp_md5_enabled())
		return;
	rcu_read_lock();
	key = xtcp_v4_md5_lookup(sk, sk);
	if (key)
		tw->tw_md5_key = kmemdup(key, sizeof(*key), GFP_ATOMIC);
	rcu_read_unlock();
}

/**
 * xtcp_time_wait - @sk gives way to a TIME_WAIT sock (twin of
 *	tcp_time_wait)
 * @sk: the socket, locked, in its last state
 * @state: TCP_TIME_WAIT, or TCP_FIN_WAIT2 for an orphan waiting for FIN
 * @timeo: the lifetime; 0 means net.xinet.tcp_tw_timeout for TIME_WAIT
 *
 * When the namespace has tcp_max_tw_buckets TIME_WAIT socks already the
 * connection just closes (TCPTimeWaitOverflow).  @sk is done either way.
 */
void xtcp_time_wait(struct sock *sk, int state, int timeo)
{
	const struct xinet_connection_sock *icsk = xinet_csk(sk);
	struct xtcp_sock *tp = xtcp_sk(sk);
	struct net *net = sock_net(sk);
	struct xinet_timewait_sock *tw;

	tw = xinet_twsk_alloc(sk, state);
	if (tw) {
		const int rto = (icsk->icsk_rto << 2) - (icsk->icsk_rto >> 1);
		s32 win = tp->rcv_wup + tp->rcv_wnd - tp->rcv_nxt;

		tw->tw_rcv_wscale = tp->rx_opt.rcv_wscale;
		tw->xtw_rcv_nxt = tp->rcv_nxt;
		tw->xtw_snd_nxt = tp->snd_nxt;
		tw->tw_rcv_wnd = win < 0 ? 0 : win;
		tw->tw_ts_recent = tp->rx_opt.ts_recent;
		tw->tw_ts_recent_stamp = tp->rx_opt.ts_recent_stamp;
		tw->tw_ts_offset = tp->tsoffset;
		tw->tw_tx_delay = tp->tcp_tx_delay;
		xtcp_time_wait_init(sk, tw);

		/* Long enough to see one retransmitted FIN. */
		if (timeo < rto)
			timeo = rto;
		if (state == TCP_TIME_WAIT || !timeo)
			timeo = READ_ONCE(xinet_net(net)->sysctl_tcp_tw_timeout);

		local_bh_disable();
		xinet_twsk_hashdance_schedule(tw, sk, &xtcp_hashinfo, timeo);
		local_bh_enable();
	} else {
		XNET_INC_STATS(net, LINUX_MIB_TCPTIMEWAITOVERFLOW);
	}
	xtcp_done(sk);
}

/**
 * xtcp_create_openreq_child - the child socket of a completed handshake
 *	(twin of tcp_create_openreq_child)
 * @sk: the listener
 * @req: the request
 * @skb: the handshake's ACK
 *
 * The child is a clone of the listener; its sequence space, windows,
 * options and MSS come from @req and @skb.
 *
 * Return: the child, bh-locked, in SYN_RECV; NULL without memory.
 */
struct sock *xtcp_create_openreq_child(const struct sock *sk,
				       struct xrequest_sock *req,
				       struct sk_buff *skb)
{
	struct sock *newsk = xinet_csk_clone_lock(sk, req, GFP_ATOMIC);
	struct xinet_connection_sock *icsk;
	struct xtcp_sock *tp;
	struct xrtable rt;
	u32 mtu = 0, advmss = 0;

	if (!newsk)
		return NULL;
	icsk = xinet_csk(newsk);
	tp = xtcp_sk(newsk);

	/*
	 * The clone copied the listener's queue heads and timers: all are
	 * made the child's own here.
	 */
	tp->out_of_order_queue = RB_ROOT;
	tp->ooo_last_skb = NULL;
	skb_queue_head_init(&tp->rtx_queue);
	tp->saved_syn = NULL;
	/* The listener's keys stay its own; syn_recv_sock copies one. */
	RCU_INIT_POINTER(tp->md5sig_info, NULL);
	xtcp_rec_clone(newsk, sk);
	xtcp_init_xmit_timers(newsk);
	newsk->sk_tsq_flags = 0;
	INIT_LIST_HEAD(&tp->tsq_node);

	tp->rcv_nxt = req->rcv_isn + 1;
	tp->rcv_wup = tp->rcv_nxt;
	tp->copied_seq = tp->rcv_nxt;
	tp->snd_sml = req->snt_isn + 1;
	tp->snd_una = tp->snd_sml;
	tp->snd_nxt = tp->snd_sml;
	tp->write_seq = tp->snd_sml;
	tp->pushed_seq = tp->snd_sml;
	tp->snd_up = tp->snd_sml;
	tp->urg_data = 0;
	tp->pred_flags = 0;
	tp->snd_wl1 = req->rcv_isn;

	tp->srtt_us = 0;
	tp->mdev_us = jiffies_to_usecs(XTCP_TIMEOUT_INIT);
	tp->mdev_max_us = 0;
	tp->rttvar_us = 0;
	icsk->icsk_rto = XTCP_TIMEOUT_INIT;
	icsk->icsk_rto_min = XTCP_RTO_MIN;
	icsk->icsk_delack_max = XTCP_DELACK_MAX;
	xinet_csk_delack_init(newsk);
	icsk->icsk_ack.lrcvtime = jiffies;
	icsk->icsk_retransmits = 0;
	icsk->icsk_backoff = 0;
	icsk->icsk_probes_out = 0;
	icsk->icsk_probes_tstamp = 0;
	icsk->icsk_pending = 0;
	icsk->icsk_ca_state = XTCP_CA_Open;
	icsk->icsk_ca_initialized = 0;
	if (icsk->icsk_ca_ops && !try_module_get(icsk->icsk_ca_ops->owner))
		icsk->icsk_ca_ops = NULL;

	tp->packets_out = 0;
	xtcp_clear_retrans(tp);
	tp->snd_ssthresh = XTCP_INFINITE_SSTHRESH;
	tp->snd_cwnd = XTCP_INIT_CWND;
	tp->snd_cwnd_cnt = 0;
	/* The SYN-ACK's timeouts, judged at the ACK (spurious SYN undo). */
	tp->undo_marker = req->snt_isn;
	tp->retrans_stamp = req->snt_synack ? xtcp_ns_to_ts(req->snt_synack) : 0;
	tp->total_retrans = req->num_retrans;
	tp->bytes_acked = 0;
	tp->bytes_received = 0;
	tp->bytes_sent = 0;
	tp->bytes_retrans = 0;
	tp->segs_in = 0;
	tp->segs_out = 0;
	tp->data_segs_in = 0;
	tp->data_segs_out = 0;
	tp->rcv_ooopack = 0;
	tp->delivered = 0;
	tp->lost = 0;
	tp->tlp_high_seq = 0;
	memset(&tp->rack, 0, sizeof(tp->rack));
	tp->rack.reo_wnd_steps = 1;
	minmax_reset(&tp->rtt_min, jiffies, ~0U);
	/* SYN-ACK timeouts were the connection's first RTO recovery. */
	tp->total_rto = req->num_timeout;
	tp->total_rto_recoveries = req->num_timeout ? 1 : 0;
	tp->total_rto_time = req->num_timeout ?
			     div_u64(ktime_get_ns() - req->snt_synack,
				     NSEC_PER_MSEC) : 0;
	tp->rto_stamp = 0;
	tp->last_oow_ack_time = 0;
	tp->lsndtime = jiffies;
	tp->rcv_tstamp = jiffies;

	tp->rx_opt.tstamp_ok = req->tstamp_ok;
	tp->rx_opt.sack_ok = req->sack_ok;
	tp->rx_opt.saw_tstamp = 0;
	tp->rx_opt.wscale_ok = req->wscale_ok;
	/* Twin of tcp_ecn_openreq_child(). */
	tp->ecn_flags = req->ecn_ok ? XTCP_ECN_OK : 0;
	tp->delivered_ce = 0;
	tp->rcv_wnd = req->rcv_wnd;
	tp->rcv_ssthresh = req->rcv_wnd;
	tp->window_clamp = 0;
	if (req->wscale_ok) {
		tp->rx_opt.snd_wscale = req->snd_wscale;
		tp->rx_opt.rcv_wscale = req->rcv_wscale;
		tp->window_clamp = 65535U << req->rcv_wscale;
	} else {
		tp->rx_opt.snd_wscale = 0;
		tp->rx_opt.rcv_wscale = 0;
		tp->window_clamp = 65535U;
	}
	tp->snd_wnd = ntohs(xtcp_hdr(skb)->window) << tp->rx_opt.snd_wscale;
	tp->max_window = tp->snd_wnd;
	if (tp->rx_opt.tstamp_ok) {
		tp->rx_opt.ts_recent = READ_ONCE(req->ts_recent);
		tp->rx_opt.ts_recent_stamp = ktime_get_seconds();
		tp->tcp_header_len = sizeof(struct tcphdr) +
				     XTCPOLEN_TSTAMP_ALIGNED;
	} else {
		tp->rx_opt.ts_recent = 0;
		tp->rx_opt.ts_recent_stamp = 0;
		tp->tcp_header_len = sizeof(struct tcphdr);
	}
	tp->tsoffset = req->ts_off;
	tp->rx_opt.mss_clamp = req->mss;

	/* The path's MTU gives our MSS and the one we send. */
	if (!xtcp_route(newsk, &rt)) {
		mtu = rt.rt_mtu;
		advmss = xtcp_dst_advmss(&rt);
		xtcp_dst_init(newsk, &rt);
		xtcp_setup_caps(newsk, rt.dev);
		xip_rt_put(&rt);
	}
	if (!mtu)
		mtu = XTCP_MSS_DEFAULT + 40;
	tp->advmss = advmss ? : xtcp_mss_clamp_for_mtu(mtu);
	if (tp->rx_opt.user_mss && tp->rx_opt.user_mss < tp->advmss)
		tp->advmss = tp->rx_opt.user_mss;
	xtcp_sync_mss(newsk, mtu);
	xtcp_initialize_rcv_mss(newsk);

	__XTCP_INC_STATS(sock_net(sk), TCP_MIB_PASSIVEOPENS);
	return newsk;
}

/**
 * xtcp_check_req - a segment for a request sock (twin of tcp_check_req)
 * @sk: the listener
 * @skb: the segment
 * @req: the request, with a reference from the lookup
 *
 * RFC 9293 section 3.10.7.4 for SYN-RECEIVED, as Linux applies it: a
 * retransmitted SYN gets the SYN-ACK again; an ACK of the wrong ISN
 * gets a reset (by the caller, through the listener); out-of-window
 * segments get an ACK; RST or SYN in window kill the request; the right
 * ACK makes the child.  When the accept queue is full the ACK is
 * dropped and the request kept (marked acked, so its timer keeps
 * resending the SYN-ACK), unless net.xinet.tcp_abort_on_overflow; with
 * TCP_DEFER_ACCEPT a bare ACK is dropped the same way until data comes
 * or the deferral's timeouts have passed.
 *
 * Return: the child (bh-locked, on the accept queue), @sk when the
 * caller must treat the segment as the listener's, or NULL (dropped).
 */
struct sock *xtcp_check_req(struct sock *sk, struct sk_buff *skb,
			    struct xrequest_sock *req)
{
	struct xtcp_skb_cb *tcb = XTCP_SKB_CB(skb);
	u8 flg = tcb->tcp_flags & (XTCPHDR_RST | XTCPHDR_SYN | XTCPHDR_ACK);
	struct xtcp_options_received tmp_opt = {};
	const struct tcphdr *th = xtcp_hdr(skb);
	struct net *net = sock_net(sk);
	bool paws_reject = false;
	bool own_req;
	struct sock *child;

	if (th->doff > sizeof(*th) / 4) {
		xtcp_parse_options(net, skb, &tmp_opt, 0, NULL);
		if (tmp_opt.saw_tstamp) {
			tmp_opt.ts_recent = READ_ONCE(req->ts_recent);
			if (tmp_opt.rcv_tsecr)
				tmp_opt.rcv_tsecr -= req->ts_off;
			/*
			 * The request keeps no stamp of TS.Recent: it is no
			 * older than the request's current timeout.
			 */
			tmp_opt.ts_recent_stamp = ktime_get_seconds() -
				xinet_backoff_when(XTCP_TIMEOUT_INIT,
						   req->num_timeout,
						   XTCP_RTO_MAX) / HZ;
			paws_reject = xtcp_paws_reject(&tmp_opt,
						       flg & XTCPHDR_RST);
		}
	}

	/* A retransmitted SYN: resend the SYN-ACK, restart the timer. */
	if (tcb->seq == req->rcv_isn && flg == XTCPHDR_SYN && !paws_reject) {
		if (!xinet_rtx_syn_ack(sk, req)) {
			mod_timer_pending(&req->xrsk_timer, jiffies +
					  xinet_backoff_when(XTCP_TIMEOUT_INIT,
							     req->num_timeout,
							     XTCP_RTO_MAX));
		}
		return NULL;
	}

	/* The ACK must be of our SYN: otherwise the listener resets. */
	if ((flg & XTCPHDR_ACK) && tcb->ack_seq != req->snt_isn + 1)
		return sk;

	/* First check the sequence number (and PAWS). */
	if (paws_reject ||
	    !xtcp_in_window(tcb->seq, tcb->end_seq, req->rcv_isn + 1,
			    req->rcv_isn + 1 + req->rcv_wnd)) {
		/* Twin of tcp_v4_reqsk_send_ack(), signed as the SYN-ACK. */
		if (!(flg & XTCPHDR_RST))
			xtcp_v4_send_ack(sk, skb, req->snt_isn + 1,
					 req->rcv_isn + 1,
					 req->rcv_wnd >> req->rcv_wscale,
					 xtcp_clock_ts() + req->ts_off,
					 READ_ONCE(req->ts_recent),
					 xtcp_md5_do_lookup(sk, 0,
							    ip_hdr(skb)->saddr));
		if (paws_reject)
			__XNET_INC_STATS(net, LINUX_MIB_PAWSESTABREJECTED);
		return NULL;
	}

	/* In the window and PAWS-clean: its TSval is the one to echo. */
	if (tmp_opt.saw_tstamp && !xtcp_after(tcb->seq, req->rcv_isn + 1))
		WRITE_ONCE(req->ts_recent, tmp_opt.rcv_tsval);

	/* The SYN itself is out of the window that starts at rcv_isn + 1. */
	if (tcb->seq == req->rcv_isn)
		flg &= ~XTCPHDR_SYN;

	/* RST or SYN in window: the attempt failed. */
	if (flg & (XTCPHDR_RST | XTCPHDR_SYN)) {
		__XTCP_INC_STATS(net, TCP_MIB_ATTEMPTFAILS);
		goto embryonic_reset;
	}

	/* No ACK: drop silently. */
	if (!(flg & XTCPHDR_ACK))
		return NULL;

	/* TCP_DEFER_ACCEPT: a bare ACK waits for data, the request stays. */
	if (req->num_timeout <
	    READ_ONCE(xinet_csk(sk)->icsk_accept_queue.rskq_defer_accept) &&
	    tcb->end_seq == req->rcv_isn + 1) {
		req->acked = 1;
		__XNET_INC_STATS(net, LINUX_MIB_TCPDEFERACCEPTDROP);
		return NULL;
	}

	child = xtcp_v4_syn_recv_sock(sk, skb, req, &own_req);
	if (!child)
		goto listen_overflow;
	xtcp_synack_rtt_meas(child, req);
	return xinet_csk_complete_hashdance(sk, child, req, own_req);

listen_overflow:
	if (!READ_ONCE(xinet_net(net)->sysctl_tcp_abort_on_overflow)) {
		req->acked = 1;
		return NULL;
	}
embryonic_reset:
	if (!(flg & XTCPHDR_RST))
		xtcp_v4_send_reset(sk, skb);
	if (xinet_csk_reqsk_queue_drop(sk, req))
		__XNET_INC_STATS(net, LINUX_MIB_EMBRYONICRSTS);
	return NULL;
}

/**
 * xtcp_child_process - the child of a completed handshake processes the
 *	ACK that made it (twin of tcp_child_process)
 * @parent: the listener
 * @child: the child, bh-locked, with a reference the call drops
 * @skb: the segment
 *
 * Return: 0, or nonzero when the caller must reset (@skb not consumed).
 */
int xtcp_child_process(struct sock *parent, struct sock *child,
		       struct sk_buff *skb)
	__releases(&((child)->sk_lock.slock))
{
	int state = child->sk_state;
	int ret = 0;

	xtcp_sk(child)->segs_in++;
	if (!sock_owned_by_user(child)) {
		ret = xtcp_rcv_state_process(child, skb);
		/* The connection is ready: wake accept() and poll(). */
		if (state == TCP_SYN_RECV && child->sk_state != state)
			parent->sk_data_ready(parent);
	} else {
		/* The child is already accepted and busy: it gets it later. */
		__sk_add_backlog(child, skb);
	}

	bh_unlock_sock(child);
	sock_put(child);
	return ret;
}
