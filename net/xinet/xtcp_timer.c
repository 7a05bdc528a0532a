// SPDX-License-Identifier: GPL-2.0
/*
 * xinet: TCP timers, twin of net/ipv4/tcp_timer.c.
 *
 * Three timers per socket, as in Linux: icsk_retransmit_timer (the
 * retransmission timeout, RACK's reordering timeout, the tail loss
 * probe, or the zero-window probe: icsk_pending says which),
 * icsk_delack_timer (the delayed ACK) and sk->sk_timer (keepalive, and
 * the FIN_WAIT_2 lifetime of an orphan).  Each handler
 * runs in softirq context under bh_lock_sock(); when a user owns the
 * socket, the retransmit and delayed-ACK work is deferred to
 * xtcp_release_cb() through sk->sk_tsq_flags, holding a reference.
 */

#include <linux/timer.h>
#include <net/sock.h>
#include <net/tcp_states.h>
#include <net/xinet/netns.h>
#include <net/xinet/xtcp.h>
#include <net/xinet/xtcp_recorder.h>
#include <net/xinet/xtcp_trace.h>

/**
 * xtcp_write_err - the connection timed out: report and close it
 * @sk: the socket
 */
void xtcp_write_err(struct sock *sk)
{
	WRITE_ONCE(sk->sk_err, READ_ONCE(sk->sk_err_soft) ? : ETIMEDOUT);
	/* Pairs with the smp_rmb() in xtcp_poll(). */
	smp_wmb();
	xtcp_write_queue_purge(sk);
	xtcp_done(sk);
	if (!sock_flag(sk, SOCK_DEAD))
		sk_error_report(sk);
	XNET_INC_STATS(sock_net(sk), LINUX_MIB_TCPABORTONTIMEOUT);
}

/*
 * How long @boundary backed-off retransmissions take from an RTO of
 * @rto_base (twin of tcp_model_timeout).  Return: milliseconds.
 */
static unsigned int xtcp_model_timeout(unsigned int boundary,
				       unsigned int rto_base)
{
	unsigned int linear_backoff_thresh, timeout;

	linear_backoff_thresh = ilog2(XTCP_RTO_MAX / rto_base);
	if (boundary <= linear_backoff_thresh)
		timeout = ((2 << boundary) - 1) * rto_base;
	else
		timeout = ((2 << linear_backoff_thresh) - 1) * rto_base +
			  (boundary - linear_backoff_thresh) * XTCP_RTO_MAX;
	return jiffies_to_msecs(timeout);
}

/**
 * xtcp_retransmits_timed_out - have we retransmitted long enough?
 * @sk: the socket
 * @boundary: the retry count whose modelled duration is the limit
 * @timeout: a limit in milliseconds (TCP_USER_TIMEOUT), 0 for @boundary's
 *
 * Return: true when the time since the first retransmission exceeds it.
 */
bool xtcp_retransmits_timed_out(struct sock *sk, unsigned int boundary,
				unsigned int timeout)
{
	struct xtcp_sock *tp = xtcp_sk(sk);
	unsigned int rto_base = XTCP_RTO_MIN;

	if (!xinet_csk(sk)->icsk_retransmits || !tp->retrans_stamp)
		return false;
	if (!timeout) {
		if ((1 << sk->sk_state) & (TCPF_SYN_SENT | TCPF_SYN_RECV))
			rto_base = XTCP_TIMEOUT_INIT;
		timeout = xtcp_model_timeout(boundary, rto_base);
	}
	/* XTCP_TS_HZ is 1000: the TSval clock counts milliseconds. */
	return (s32)(xtcp_clock_ts() - tp->retrans_stamp - timeout) >= 0;
}

/* Orphans give up sooner (twin of tcp_orphan_retries). */
static int xtcp_orphan_retries(struct sock *sk, bool alive)
{
	int retries = READ_ONCE(xinet_net(sock_net(sk))->sysctl_tcp_orphan_retries);

	if (READ_ONCE(sk->sk_err_soft) && !alive)
		retries = 0;
	/* 0 means the RFC 1122 minimum of 100 s: 8 retries at RTO_MIN. */
	if (retries == 0 && alive)
		retries = 8;
	return retries;
}

/*
 * Twin of tcp_out_of_resources(): kill a dead socket when there are too
 * many orphans or TCP is out of memory (a peer that kept its window shut
 * or stayed silent long, or sent a dubious ICMP error, counts for more),
 * or when its namespace is going.
 */
static bool xtcp_out_of_resources(struct sock *sk, bool do_reset)
{
	struct xtcp_sock *tp = xtcp_sk(sk);
	int shift = 0;

	if ((s32)(jiffies - tp->lsndtime) > 2 * (s32)XTCP_RTO_MAX || !do_reset)
		shift++;
	if (READ_ONCE(sk->sk_err_soft))
		shift++;

	if (xtcp_check_oom(sk, shift)) {
		/* Reset anyway if we sent lately or the window is shut. */
		if ((s32)(jiffies - tp->lsndtime) <= XTCP_TIMEWAIT_LEN ||
		    (!tp->snd_wnd && !tp->packets_out))
			do_reset = true;
		if (do_reset)
			xtcp_send_active_reset(sk, GFP_ATOMIC);
		xtcp_done(sk);
		XNET_INC_STATS(sock_net(sk), LINUX_MIB_TCPABORTONMEMORY);
		return true;
	}
	if (!check_net(sock_net(sk))) {
		/* No reset from a dying namespace: just close. */
		xtcp_done(sk);
		return true;
	}
	return false;
}

/*
 * Twin of tcp_mtu_probing(): retransmissions keep timing out, perhaps in
 * an ICMP black hole (a link too small for our segments whose router's
 * "fragmentation needed" never arrives).  With tcp_mtu_probing on, the
 * first time start the search, which brings the MSS down to
 * tcp_base_mss; each later time halve the MSS the search starts from,
 * no lower than tcp_mtu_probe_floor.
 */
static void xtcp_mtu_probing(struct xinet_connection_sock *icsk,
			     struct sock *sk)
{
	const struct xinet_net *xn = xinet_net(sock_net(sk));
	int mss;

	if (!READ_ONCE(xn->sysctl_tcp_mtu_probing))
		return;
	if (!icsk->icsk_mtup.enabled) {
		icsk->icsk_mtup.enabled = 1;
		icsk->icsk_mtup.probe_timestamp = jiffies;
	} else {
		mss = xtcp_mtu_to_mss(sk, icsk->icsk_mtup.search_low) >> 1;
		mss = min(READ_ONCE(xn->sysctl_tcp_base_mss), mss);
		mss = max(mss, READ_ONCE(xn->sysctl_tcp_mtu_probe_floor));
		mss = max(mss, XTCP_MIN_SND_MSS);
		icsk->icsk_mtup.search_low = xtcp_mss_to_mtu(sk, mss);
	}
	xtcp_sync_mss(sk, icsk->icsk_pmtu_cookie);
}

/* Give up on the connection? (twin of tcp_write_timeout). */
static int xtcp_write_timeout(struct sock *sk)
{
	struct xinet_connection_sock *icsk = xinet_csk(sk);
	struct xinet_net *xn = xinet_net(sock_net(sk));
	bool expired = false;
	int retry_until;

	if ((1 << sk->sk_state) & (TCPF_SYN_SENT | TCPF_SYN_RECV)) {
		int max_retransmits;

		retry_until = READ_ONCE(icsk->icsk_syn_retries) ? :
			      READ_ONCE(xn->sysctl_tcp_syn_retries);
		max_retransmits = retry_until;
		if (sk->sk_state == TCP_SYN_SENT)
			max_retransmits += XTCP_SYN_LINEAR_TIMEOUTS;
		expired = icsk->icsk_retransmits >= max_retransmits;
	} else {
		/* Past tcp_retries1 the path itself is in doubt. */
		if (xtcp_retransmits_timed_out(sk, READ_ONCE(xn->sysctl_tcp_retries1), 0))
			xtcp_mtu_probing(icsk, sk);
		retry_until = READ_ONCE(xn->sysctl_tcp_retries2);
		if (sock_flag(sk, SOCK_DEAD)) {
			const bool alive = icsk->icsk_rto < XTCP_RTO_MAX;

			retry_until = xtcp_orphan_retries(sk, alive);
			if (xtcp_out_of_resources(sk, alive ||
						  !xtcp_retransmits_timed_out(sk, retry_until, 0)))
				return 1;
		}
	}
	if (!expired)
		expired = xtcp_retransmits_timed_out(sk, retry_until,
						     READ_ONCE(icsk->icsk_user_timeout));
	xtcp_fastopen_active_detect_blackhole(sk, expired);
	if (expired) {
		xtcp_write_err(sk);
		return 1;
	}
	return 0;
}

/* Bound the next timeout by what TCP_USER_TIMEOUT leaves. */
static u32 xtcp_clamp_rto_to_user_timeout(const struct sock *sk)
{
	const struct xinet_connection_sock *icsk = xinet_csk(sk);
	const struct xtcp_sock *tp = xtcp_sk(sk);
	u32 user_timeout = READ_ONCE(icsk->icsk_user_timeout);
	s32 remaining;

	if (!user_timeout || !tp->retrans_stamp)
		return icsk->icsk_rto;
	remaining = user_timeout - (xtcp_clock_ts() - tp->retrans_stamp);
	if (remaining <= 0)
		return 1;
	return min_t(u32, icsk->icsk_rto, msecs_to_jiffies(remaining));
}

/*
 * Twin of tcp_stream_is_thin(): too few segments in flight for duplicate
 * ACKs to repair a loss, past the initial slow start.
 */
static bool xtcp_stream_is_thin(const struct xtcp_sock *tp)
{
	return tp->packets_out < 4 &&
	       tp->snd_ssthresh < XTCP_INFINITE_SSTHRESH;
}

/* The retransmission timeout (twin of tcp_retransmit_timer). */
/*
 * Twin of tcp_update_rto_stats(): the first timeout of a run starts an
 * RTO recovery (TCP_INFO's tcpi_total_rto_recoveries and _time).
 */
static void xtcp_update_rto_stats(struct sock *sk)
{
	struct xinet_connection_sock *icsk = xinet_csk(sk);
	struct xtcp_sock *tp = xtcp_sk(sk);

	if (!icsk->icsk_retransmits) {
		tp->total_rto_recoveries++;
		tp->rto_stamp = xtcp_clock_ms();
	}
	icsk->icsk_retransmits++;
	tp->total_rto++;
}

static void xtcp_retransmit_timer(struct sock *sk)
{
	struct xinet_connection_sock *icsk = xinet_csk(sk);
	struct xtcp_sock *tp = xtcp_sk(sk);
	struct sk_buff *skb = xtcp_rtx_queue_head(sk);

	/* A Fast Open child's SYN-ACK, until the handshake's ACK. */
	if (tp->fastopen_rsk) {
		WARN_ON_ONCE(sk->sk_state != TCP_SYN_RECV &&
			     sk->sk_state != TCP_FIN_WAIT1);
		xtcp_fastopen_synack_timer(sk, tp->fastopen_rsk);
		return;
	}
	if (!tp->packets_out || WARN_ON_ONCE(!skb))
		return;

	if (!tp->snd_wnd && !sock_flag(sk, SOCK_DEAD) &&
	    !((1 << sk->sk_state) & (TCPF_SYN_SENT | TCPF_SYN_RECV))) {
		/*
		 * The peer shrank its window to zero under data in flight:
		 * keep probing with it, as long as the peer keeps ACKing.
		 */
		if ((s32)(jiffies - tp->rcv_tstamp) > (s32)XTCP_RTO_MAX) {
			xtcp_write_err(sk);
			return;
		}
		xtcp_enter_loss(sk);
		xtcp_retransmit_skb(sk, skb, 1);
		goto out_reset_timer;
	}

	XNET_INC_STATS(sock_net(sk), LINUX_MIB_TCPTIMEOUTS);
	if (xtcp_write_timeout(sk))
		return;

	xtcp_enter_loss(sk);
	xtcp_update_rto_stats(sk);
	/*
	 * A retransmission that could not go out (no route, no memory) backs
	 * off like one that was lost: local congestion never reaches here,
	 * xtcp_transmit_skb() counts it as sent.
	 */
	xtcp_retransmit_skb(sk, skb, 1);

out_reset_timer:
	/*
	 * A thin stream (TCP_THIN_LINEAR_TIMEOUTS) keeps its RTO for the
	 * first XTCP_THIN_LINEAR_RETRIES timeouts, recomputed since a thick
	 * period may have backed it off; the first SYN retransmissions keep
	 * a linear 1 s timeout.
	 */
	if (sk->sk_state == TCP_ESTABLISHED &&
	    (tp->thin_lto ||
	     READ_ONCE(xinet_net(sock_net(sk))->sysctl_tcp_thin_linear_timeouts)) &&
	    xtcp_stream_is_thin(tp) &&
	    icsk->icsk_retransmits <= XTCP_THIN_LINEAR_RETRIES) {
		icsk->icsk_backoff = 0;
		xtcp_set_rto(sk);
		icsk->icsk_rto = clamp(icsk->icsk_rto,
				       icsk->icsk_rto_min ? : XTCP_RTO_MIN,
				       XTCP_RTO_MAX);
	} else if (sk->sk_state != TCP_SYN_SENT ||
		   tp->total_rto > XTCP_SYN_LINEAR_TIMEOUTS) {
		icsk->icsk_backoff++;
		icsk->icsk_rto = min(icsk->icsk_rto << 1, XTCP_RTO_MAX);
	}
	xinet_csk_reset_xmit_timer(sk, XICSK_TIME_RETRANS,
				   xtcp_clamp_rto_to_user_timeout(sk),
				   XTCP_RTO_MAX);
}

/* The zero-window probe timer (twin of tcp_probe_timer). */
static void xtcp_probe_timer(struct sock *sk)
{
	struct xinet_connection_sock *icsk = xinet_csk(sk);
	struct xinet_net *xn = xinet_net(sock_net(sk));
	struct xtcp_sock *tp = xtcp_sk(sk);
	int max_probes;

	if (tp->packets_out || !xtcp_send_head(sk)) {
		icsk->icsk_probes_out = 0;
		icsk->icsk_probes_tstamp = 0;
		return;
	}
	/* TCP_USER_TIMEOUT bounds the probing from its first probe. */
	if (!icsk->icsk_probes_tstamp) {
		icsk->icsk_probes_tstamp = jiffies ? : 1;
	} else {
		u32 user_timeout = READ_ONCE(icsk->icsk_user_timeout);

		if (user_timeout &&
		    (s32)(jiffies - icsk->icsk_probes_tstamp) >=
		    (s32)msecs_to_jiffies(user_timeout))
			goto abort;
	}
	max_probes = READ_ONCE(xn->sysctl_tcp_retries2);
	if (sock_flag(sk, SOCK_DEAD)) {
		const bool alive = xtcp_probe0_when(sk, XTCP_RTO_MAX) < XTCP_RTO_MAX;

		max_probes = xtcp_orphan_retries(sk, alive);
		if (!alive && icsk->icsk_backoff >= max_probes)
			goto abort;
		if (xtcp_out_of_resources(sk, true))
			return;
	}
	if (icsk->icsk_probes_out >= max_probes) {
abort:
		xtcp_write_err(sk);
	} else {
		xtcp_send_probe0(sk);
	}
}

/**
 * xtcp_write_timer_handler - the retransmit timer's work, socket locked
 * @sk: the socket
 */
void xtcp_write_timer_handler(struct sock *sk)
{
	struct xinet_connection_sock *icsk = xinet_csk(sk);
	int event;

	if (((1 << sk->sk_state) & (TCPF_CLOSE | TCPF_LISTEN)) ||
	    !icsk->icsk_pending)
		return;
	if (time_after(icsk->icsk_timeout, jiffies)) {
		sk_reset_timer(sk, &icsk->icsk_retransmit_timer,
			       icsk->icsk_timeout);
		return;
	}
	xtcp_sk(sk)->tcp_mstamp = ktime_get_ns();
	event = icsk->icsk_pending;
	/* RACK's and TLP's handlers rearm from the pending event. */
	if (event == XICSK_TIME_RETRANS || event == XICSK_TIME_PROBE0)
		xtcp_rec_timer(sk, event == XICSK_TIME_PROBE0 ?
				   XTCP_REC_TIMER_PROBE0 : XTCP_REC_TIMER_RETRANS);
	switch (event) {
	case XICSK_TIME_REO_TIMEOUT:
		xtcp_rack_reo_timeout(sk);
		break;
	case XICSK_TIME_LOSS_PROBE:
		xtcp_send_loss_probe(sk);
		break;
	case XICSK_TIME_RETRANS:
		icsk->icsk_pending = 0;
		xtcp_retransmit_timer(sk);
		break;
	case XICSK_TIME_PROBE0:
		icsk->icsk_pending = 0;
		xtcp_probe_timer(sk);
		break;
	}
}

static void xtcp_write_timer(struct timer_list *t)
{
	struct xinet_connection_sock *icsk =
		from_timer(icsk, t, icsk_retransmit_timer);
	struct sock *sk = &icsk->icsk_inet.sk;

	bh_lock_sock(sk);
	if (!sock_owned_by_user(sk)) {
		xtcp_write_timer_handler(sk);
	} else {
		/* xtcp_release_cb() runs it and drops this reference. */
		if (!test_and_set_bit(XTCP_WRITE_TIMER_DEFERRED,
				      &sk->sk_tsq_flags))
			sock_hold(sk);
	}
	bh_unlock_sock(sk);
	sock_put(sk);
}

/**
 * xtcp_delack_timer_handler - send the delayed ACK, socket locked (twin
 *	of tcp_delack_timer_handler)
 * @sk: the socket
 */
void xtcp_delack_timer_handler(struct sock *sk)
{
	struct xinet_connection_sock *icsk = xinet_csk(sk);

	if ((1 << sk->sk_state) & (TCPF_CLOSE | TCPF_LISTEN))
		return;
	/* The compressed SACK's timer found the socket owned. */
	if (xtcp_sk(sk)->compressed_ack) {
		xtcp_sack_compress_send_ack(sk);
		return;
	}
	if (!(icsk->icsk_ack.pending & XICSK_ACK_TIMER))
		return;
	if (time_after(icsk->icsk_ack.timeout, jiffies)) {
		sk_reset_timer(sk, &icsk->icsk_delack_timer,
			       icsk->icsk_ack.timeout);
		return;
	}
	icsk->icsk_ack.pending &= ~XICSK_ACK_TIMER;
	xtcp_rec_timer(sk, XTCP_REC_TIMER_DELACK);

	if (xinet_csk_ack_scheduled(sk)) {
		if (!xinet_csk_in_pingpong_mode(sk)) {
			/* The ACK came too late: wait longer next time. */
			icsk->icsk_ack.ato = min_t(u32, icsk->icsk_ack.ato << 1,
						   icsk->icsk_rto);
		} else {
			/* Not interactive after all. */
			xinet_csk_exit_pingpong_mode(sk);
			icsk->icsk_ack.ato = XTCP_ATO_MIN;
		}
		xtcp_send_ack(sk);
		XNET_INC_STATS(sock_net(sk), LINUX_MIB_DELAYEDACKS);
	}
}

static void xtcp_delack_timer(struct timer_list *t)
{
	struct xinet_connection_sock *icsk =
		from_timer(icsk, t, icsk_delack_timer);
	struct sock *sk = &icsk->icsk_inet.sk;

	bh_lock_sock(sk);
	if (!sock_owned_by_user(sk)) {
		xtcp_delack_timer_handler(sk);
	} else {
		XNET_INC_STATS(sock_net(sk), LINUX_MIB_DELAYEDACKLOCKED);
		if (!test_and_set_bit(XTCP_DELACK_TIMER_DEFERRED,
				      &sk->sk_tsq_flags))
			sock_hold(sk);
	}
	bh_unlock_sock(sk);
	sock_put(sk);
}

/* Keepalive and the FIN_WAIT_2 lifetime (twin of tcp_keepalive_timer). */
static void xtcp_keepalive_timer(struct timer_list *t)
{
	struct sock *sk = from_timer(sk, t, sk_timer);
	struct xinet_connection_sock *icsk = xinet_csk(sk);
	struct xtcp_sock *tp = xtcp_sk(sk);
	u32 elapsed;

	bh_lock_sock(sk);
	if (sock_owned_by_user(sk)) {
		/* Try again shortly. */
		xinet_csk_reset_keepalive_timer(sk, HZ / 20);
		goto out;
	}
	if (sk->sk_state == TCP_LISTEN)
		goto out;
	tp->tcp_mstamp = ktime_get_ns();
	xtcp_rec_timer(sk, XTCP_REC_TIMER_KEEPALIVE);

	if (sk->sk_state == TCP_FIN_WAIT2 && sock_flag(sk, SOCK_DEAD)) {
		if (READ_ONCE(tp->linger2) >= 0) {
			const int tmo = xtcp_fin_time(sk) - XTCP_TIMEWAIT_LEN;

			if (tmo > 0) {
				xtcp_time_wait(sk, TCP_FIN_WAIT2, tmo);
				goto out;
			}
		}
		xtcp_send_active_reset(sk, GFP_ATOMIC);
		xtcp_done(sk);
		goto out;
	}

	if (!sock_flag(sk, SOCK_KEEPOPEN) ||
	    ((1 << sk->sk_state) & (TCPF_CLOSE | TCPF_SYN_SENT)))
		goto out;

	elapsed = xtcp_keepalive_time_when(tp);
	/* Data in flight: the retransmit timer watches the peer. */
	if (tp->packets_out || xtcp_send_head(sk))
		goto resched;

	elapsed = xtcp_keepalive_time_elapsed(tp);
	if (elapsed >= xtcp_keepalive_time_when(tp)) {
		u32 user_timeout = READ_ONCE(icsk->icsk_user_timeout);

		if ((user_timeout != 0 &&
		     elapsed >= msecs_to_jiffies(user_timeout) &&
		     icsk->icsk_probes_out > 0) ||
		    (user_timeout == 0 &&
		     icsk->icsk_probes_out >= xtcp_keepalive_probes(tp))) {
			xtcp_send_active_reset(sk, GFP_ATOMIC);
			xtcp_write_err(sk);
			goto out;
		}
		if (xtcp_write_wakeup(sk) <= 0) {
			icsk->icsk_probes_out++;
			XNET_INC_STATS(sock_net(sk), LINUX_MIB_TCPKEEPALIVE);
			elapsed = xtcp_keepalive_intvl_when(tp);
		} else {
			elapsed = XTCP_RESOURCE_PROBE_INTERVAL;
		}
	} else {
		elapsed = xtcp_keepalive_time_when(tp) - elapsed;
	}

resched:
	xinet_csk_reset_keepalive_timer(sk, elapsed);
out:
	bh_unlock_sock(sk);
	sock_put(sk);
}

/*
 * Twin of tcp_compressed_ack_kick(): SACK compression's time is up.  An
 * owned socket gets it through the delayed-ACK deferral, whose handler
 * sends what is held back.
 */
static enum hrtimer_restart xtcp_compressed_ack_kick(struct hrtimer *timer)
{
	struct xtcp_sock *tp = container_of(timer, struct xtcp_sock,
					    compressed_ack_timer);
	struct sock *sk = (struct sock *)tp;

	bh_lock_sock(sk);
	if (!sock_owned_by_user(sk)) {
		if (tp->compressed_ack) {
			/* One ACK goes: it was not saved. */
			tp->compressed_ack--;
			xtcp_send_ack(sk);
		}
	} else if (!test_and_set_bit(XTCP_DELACK_TIMER_DEFERRED,
				     &sk->sk_tsq_flags)) {
		sock_hold(sk);
	}
	bh_unlock_sock(sk);
	sock_put(sk);
	return HRTIMER_NORESTART;
}

/**
 * xtcp_init_xmit_timers - set up the timers of a socket: the three of
 *	the connection sock and SACK compression's
 * @sk: the socket
 */
void xtcp_init_xmit_timers(struct sock *sk)
{
	xinet_csk_init_xmit_timers(sk, &xtcp_write_timer, &xtcp_delack_timer,
				   &xtcp_keepalive_timer);
	hrtimer_init(&xtcp_sk(sk)->compressed_ack_timer, CLOCK_MONOTONIC,
		     HRTIMER_MODE_REL_PINNED_SOFT);
	xtcp_sk(sk)->compressed_ack_timer.function = xtcp_compressed_ack_kick;
}

/**
 * xtcp_clear_xmit_timers - stop the timers of a socket
 * @sk: the socket
 */
void xtcp_clear_xmit_timers(struct sock *sk)
{
	if (hrtimer_try_to_cancel(&xtcp_sk(sk)->compressed_ack_timer) == 1)
		__sock_put(sk);
	xinet_csk_clear_xmit_timers(sk);
}

/**
 * xtcp_release_cb - run the TSQ and timer work deferred while the user
 *	owned the socket (twin of tcp_release_cb); release_sock() calls it
 * @sk: the socket, owned
 */
void xtcp_release_cb(struct sock *sk)
{
	if (test_and_clear_bit(XTCP_TSQ_DEFERRED, &sk->sk_tsq_flags)) {
		xtcp_tsq_write(sk);
		__sock_put(sk);
	}
	if (test_and_clear_bit(XTCP_WRITE_TIMER_DEFERRED, &sk->sk_tsq_flags)) {
		xtcp_write_timer_handler(sk);
		__sock_put(sk);
	}
	if (test_and_clear_bit(XTCP_DELACK_TIMER_DEFERRED, &sk->sk_tsq_flags)) {
		xtcp_delack_timer_handler(sk);
		__sock_put(sk);
	}
	if (test_and_clear_bit(XTCP_MTU_REDUCED_DEFERRED, &sk->sk_tsq_flags)) {
		xtcp_v4_mtu_reduced(sk);
		__sock_put(sk);
	}
	if (test_and_clear_bit(XTCP_ACK_DEFERRED, &sk->sk_tsq_flags) &&
	    xinet_csk_ack_scheduled(sk))
		xtcp_send_ack(sk);
}
