// SPDX-License-Identifier: GPL-2.0
/*
 * xinet: the socket-facing half of TCP, twin of net/ipv4/tcp.c.
 */

#include <asm/ioctls.h>
#include <crypto/algapi.h>
#include <crypto/hash.h>
#include <linux/poll.h>
#include <linux/sched/signal.h>
#include <linux/swap.h>
#include <linux/uio.h>
#include <net/sock.h>
#include <net/tcp_states.h>
#include <net/xinet/netns.h>
#include <net/xinet/xinet_hashtables.h>
#include <net/xinet/xtcp.h>
#include <net/xinet/xtcp_recorder.h>
#include <net/xinet/xskbuff.h>

#define CREATE_TRACE_POINTS
#include <net/xinet/xtcp_trace.h>

/*
 * TCP's memory accounting, the twins of tcp_memory_allocated and friends
 * (struct proto points at them: see xtcp_prot).  Pages, as Linux counts.
 */
long sysctl_xtcp_mem[3] __read_mostly;
atomic_long_t xtcp_memory_allocated ____cacheline_aligned_in_smp;
DEFINE_PER_CPU(int, xtcp_memory_per_cpu_fw_alloc);
unsigned long xtcp_memory_pressure __read_mostly;
/* The floors sk_get_wmem0()/sk_get_rmem0() read: tcp_wmem[0], tcp_rmem[0]. */
int sysctl_xtcp_wmem[3] __read_mostly = { 4096, 16384, 4194304 };
int sysctl_xtcp_rmem[3] __read_mostly = { 4096, 131072, 6291456 };
struct percpu_counter xtcp_orphan_count;
/*
 * Orphans (closed sockets still finishing) TCP may hold before it resets
 * them (twin of sysctl_tcp_max_orphans, which has no net.xinet sysctl):
 * half the established table's buckets, as tcp_init() sets Linux's.
 */
int sysctl_xtcp_max_orphans __read_mostly;
struct percpu_counter xtcp_sockets_allocated;

/*
 * Twin of tcp_struct_check(): the fast paths' fields stay in their
 * groups of struct xtcp_sock (a build error otherwise), so that a field
 * added or moved keeps the layout Documentation/benchmarks.md records.
 */
static void __init xtcp_struct_check(void)
{
	CACHELINE_ASSERT_GROUP_MEMBER(struct xtcp_sock, xtcp_sock_read_tx, max_window);
	CACHELINE_ASSERT_GROUP_MEMBER(struct xtcp_sock, xtcp_sock_read_tx, rcv_ssthresh);
	CACHELINE_ASSERT_GROUP_MEMBER(struct xtcp_sock, xtcp_sock_read_tx, reordering);
	CACHELINE_ASSERT_GROUP_MEMBER(struct xtcp_sock, xtcp_sock_read_tx, notsent_lowat);
	CACHELINE_ASSERT_GROUP_SIZE(struct xtcp_sock, xtcp_sock_read_tx, 16);

	CACHELINE_ASSERT_GROUP_MEMBER(struct xtcp_sock, xtcp_sock_read_txrx, tsoffset);
	CACHELINE_ASSERT_GROUP_MEMBER(struct xtcp_sock, xtcp_sock_read_txrx, snd_wnd);
	CACHELINE_ASSERT_GROUP_MEMBER(struct xtcp_sock, xtcp_sock_read_txrx, mss_cache);
	CACHELINE_ASSERT_GROUP_MEMBER(struct xtcp_sock, xtcp_sock_read_txrx, snd_cwnd);
	CACHELINE_ASSERT_GROUP_MEMBER(struct xtcp_sock, xtcp_sock_read_txrx, prr_out);
	CACHELINE_ASSERT_GROUP_MEMBER(struct xtcp_sock, xtcp_sock_read_txrx, lost_out);
	CACHELINE_ASSERT_GROUP_MEMBER(struct xtcp_sock, xtcp_sock_read_txrx, sacked_out);
	CACHELINE_ASSERT_GROUP_MEMBER(struct xtcp_sock, xtcp_sock_read_txrx, tcp_header_len);
	CACHELINE_ASSERT_GROUP_MEMBER(struct xtcp_sock, xtcp_sock_read_txrx, chrono_type);
	CACHELINE_ASSERT_GROUP_MEMBER(struct xtcp_sock, xtcp_sock_read_txrx, scaling_ratio);
	CACHELINE_ASSERT_GROUP_SIZE(struct xtcp_sock, xtcp_sock_read_txrx, 34);

	CACHELINE_ASSERT_GROUP_MEMBER(struct xtcp_sock, xtcp_sock_read_rx, copied_seq);
	CACHELINE_ASSERT_GROUP_MEMBER(struct xtcp_sock, xtcp_sock_read_rx, rcv_tstamp);
	CACHELINE_ASSERT_GROUP_MEMBER(struct xtcp_sock, xtcp_sock_read_rx, snd_wl1);
	CACHELINE_ASSERT_GROUP_MEMBER(struct xtcp_sock, xtcp_sock_read_rx, tlp_high_seq);
	CACHELINE_ASSERT_GROUP_MEMBER(struct xtcp_sock, xtcp_sock_read_rx, rttvar_us);
	CACHELINE_ASSERT_GROUP_MEMBER(struct xtcp_sock, xtcp_sock_read_rx, retrans_out);
	CACHELINE_ASSERT_GROUP_MEMBER(struct xtcp_sock, xtcp_sock_read_rx, advmss);
	CACHELINE_ASSERT_GROUP_MEMBER(struct xtcp_sock, xtcp_sock_read_rx, urg_data);
	CACHELINE_ASSERT_GROUP_MEMBER(struct xtcp_sock, xtcp_sock_read_rx, lost);
	CACHELINE_ASSERT_GROUP_MEMBER(struct xtcp_sock, xtcp_sock_read_rx, rtt_min);
	CACHELINE_ASSERT_GROUP_MEMBER(struct xtcp_sock, xtcp_sock_read_rx, out_of_order_queue);
	CACHELINE_ASSERT_GROUP_MEMBER(struct xtcp_sock, xtcp_sock_read_rx, snd_ssthresh);
	CACHELINE_ASSERT_GROUP_SIZE(struct xtcp_sock, xtcp_sock_read_rx, 75);

	CACHELINE_ASSERT_GROUP_MEMBER(struct xtcp_sock, xtcp_sock_write_tx, segs_out);
	CACHELINE_ASSERT_GROUP_MEMBER(struct xtcp_sock, xtcp_sock_write_tx, data_segs_out);
	CACHELINE_ASSERT_GROUP_MEMBER(struct xtcp_sock, xtcp_sock_write_tx, bytes_sent);
	CACHELINE_ASSERT_GROUP_MEMBER(struct xtcp_sock, xtcp_sock_write_tx, snd_sml);
	CACHELINE_ASSERT_GROUP_MEMBER(struct xtcp_sock, xtcp_sock_write_tx, chrono_start);
	CACHELINE_ASSERT_GROUP_MEMBER(struct xtcp_sock, xtcp_sock_write_tx, chrono_stat);
	CACHELINE_ASSERT_GROUP_MEMBER(struct xtcp_sock, xtcp_sock_write_tx, write_seq);
	CACHELINE_ASSERT_GROUP_MEMBER(struct xtcp_sock, xtcp_sock_write_tx, pushed_seq);
	CACHELINE_ASSERT_GROUP_MEMBER(struct xtcp_sock, xtcp_sock_write_tx, lsndtime);
	CACHELINE_ASSERT_GROUP_MEMBER(struct xtcp_sock, xtcp_sock_write_tx, mdev_us);
	CACHELINE_ASSERT_GROUP_MEMBER(struct xtcp_sock, xtcp_sock_write_tx, rtt_seq);
	CACHELINE_ASSERT_GROUP_MEMBER(struct xtcp_sock, xtcp_sock_write_tx, ecn_flags);
	CACHELINE_ASSERT_GROUP_SIZE(struct xtcp_sock, xtcp_sock_write_tx, 57);

	CACHELINE_ASSERT_GROUP_MEMBER(struct xtcp_sock, xtcp_sock_write_txrx, tcp_mstamp);
	CACHELINE_ASSERT_GROUP_MEMBER(struct xtcp_sock, xtcp_sock_write_txrx, rcv_nxt);
	CACHELINE_ASSERT_GROUP_MEMBER(struct xtcp_sock, xtcp_sock_write_txrx, snd_nxt);
	CACHELINE_ASSERT_GROUP_MEMBER(struct xtcp_sock, xtcp_sock_write_txrx, snd_una);
	CACHELINE_ASSERT_GROUP_MEMBER(struct xtcp_sock, xtcp_sock_write_txrx, window_clamp);
	CACHELINE_ASSERT_GROUP_MEMBER(struct xtcp_sock, xtcp_sock_write_txrx, srtt_us);
	CACHELINE_ASSERT_GROUP_MEMBER(struct xtcp_sock, xtcp_sock_write_txrx, packets_out);
	CACHELINE_ASSERT_GROUP_MEMBER(struct xtcp_sock, xtcp_sock_write_txrx, snd_up);
	CACHELINE_ASSERT_GROUP_MEMBER(struct xtcp_sock, xtcp_sock_write_txrx, delivered);
	CACHELINE_ASSERT_GROUP_MEMBER(struct xtcp_sock, xtcp_sock_write_txrx, delivered_ce);
	CACHELINE_ASSERT_GROUP_MEMBER(struct xtcp_sock, xtcp_sock_write_txrx, rcv_wnd);
	CACHELINE_ASSERT_GROUP_MEMBER(struct xtcp_sock, xtcp_sock_write_txrx, app_limited);
	CACHELINE_ASSERT_GROUP_MEMBER(struct xtcp_sock, xtcp_sock_write_txrx, rx_opt);
	CACHELINE_ASSERT_GROUP_SIZE(struct xtcp_sock, xtcp_sock_write_txrx, 87);

	CACHELINE_ASSERT_GROUP_MEMBER(struct xtcp_sock, xtcp_sock_write_rx, bytes_received);
	CACHELINE_ASSERT_GROUP_MEMBER(struct xtcp_sock, xtcp_sock_write_rx, segs_in);
	CACHELINE_ASSERT_GROUP_MEMBER(struct xtcp_sock, xtcp_sock_write_rx, data_segs_in);
	CACHELINE_ASSERT_GROUP_MEMBER(struct xtcp_sock, xtcp_sock_write_rx, rcv_wup);
	CACHELINE_ASSERT_GROUP_MEMBER(struct xtcp_sock, xtcp_sock_write_rx, max_packets_out);
	CACHELINE_ASSERT_GROUP_MEMBER(struct xtcp_sock, xtcp_sock_write_rx, cwnd_usage_seq);
	CACHELINE_ASSERT_GROUP_MEMBER(struct xtcp_sock, xtcp_sock_write_rx, rate_delivered);
	CACHELINE_ASSERT_GROUP_MEMBER(struct xtcp_sock, xtcp_sock_write_rx, rate_interval_us);
	CACHELINE_ASSERT_GROUP_MEMBER(struct xtcp_sock, xtcp_sock_write_rx, pred_flags);
	CACHELINE_ASSERT_GROUP_MEMBER(struct xtcp_sock, xtcp_sock_write_rx, first_tx_mstamp);
	CACHELINE_ASSERT_GROUP_MEMBER(struct xtcp_sock, xtcp_sock_write_rx, delivered_mstamp);
	CACHELINE_ASSERT_GROUP_MEMBER(struct xtcp_sock, xtcp_sock_write_rx, bytes_acked);
	CACHELINE_ASSERT_GROUP_MEMBER(struct xtcp_sock, xtcp_sock_write_rx, rcv_rtt_us);
	CACHELINE_ASSERT_GROUP_MEMBER(struct xtcp_sock, xtcp_sock_write_rx, rcv_space);
	CACHELINE_ASSERT_GROUP_SIZE(struct xtcp_sock, xtcp_sock_write_rx, 96);
}

/**
 * xtcp_init - TCP's module-wide state (twin of tcp_init)
 *
 * Return: 0 or a negative errno.
 */
int xtcp_init(void)
{
	unsigned long limit = max(nr_free_buffer_pages() / 16, 128UL);
	int err;

	xtcp_struct_check();
	/* The control block, the rate snapshot included, fits skb->cb. */
	BUILD_BUG_ON(sizeof(struct xtcp_skb_cb) >
		     sizeof_field(struct sk_buff, cb));
	/*
	 * tcp_init_mem()'s shares of memory: 4.68%, 6.25%, 9.37%.  Linux
	 * counts the pages at boot, before the kernel's init sections are
	 * freed; a module counts them after, so its limits come out a
	 * little higher (0.2% in the 2 GiB test guest).
	 */
	sysctl_xtcp_mem[0] = limit / 4 * 3;
	sysctl_xtcp_mem[1] = limit;
	sysctl_xtcp_mem[2] = sysctl_xtcp_mem[0] * 2;

	err = percpu_counter_init(&xtcp_orphan_count, 0, GFP_KERNEL);
	if (err)
		return err;
	err = percpu_counter_init(&xtcp_sockets_allocated, 0, GFP_KERNEL);
	if (err)
		goto out_orphan;
	err = xtcp_cong_init();
	if (err)
		goto out_sockets;
	err = xtcp_v4_init();
	if (err)
		goto out_cong;
	sysctl_xtcp_max_orphans = (xtcp_hashinfo.ehash_mask + 1) / 2;
	xtcp_tasklet_init();
	return 0;

out_cong:
	xtcp_cong_exit();
out_sockets:
	percpu_counter_destroy(&xtcp_sockets_allocated);
out_orphan:
	percpu_counter_destroy(&xtcp_orphan_count);
	return err;
}

/**
 * xtcp_exit - undo xtcp_init()
 */
void xtcp_exit(void)
{
	xtcp_tasklet_exit();
	xtcp_v4_exit();
	xtcp_md5_exit();
	xtcp_cong_exit();
	percpu_counter_destroy(&xtcp_sockets_allocated);
	percpu_counter_destroy(&xtcp_orphan_count);
}

/**
 * xtcp_init_net - TCP defaults of a new namespace
 * @net: the namespace
 *
 * The buffer limits are those tcp_init() gives init_net: the maximum is
 * 4 MiB (send) and 6 MiB (receive), less on a machine with little free
 * memory.  Other namespaces start from init_net's values, as in
 * tcp_sk_init().
 */
void xtcp_init_net(struct net *net)
{
	struct xinet_net *xn = xinet_net(net);
	unsigned long limit;

	/* The defaults tcp_sk_init() and sysctl_core_net_init() give. */
	xn->sysctl_somaxconn = 4096;
	xn->sysctl_tcp_syncookies = 1;
	xn->sysctl_tcp_syn_retries = 6;
	xn->sysctl_tcp_synack_retries = 5;
	xn->sysctl_tcp_fin_timeout = 60 * HZ;
	xn->sysctl_tcp_tw_timeout = 60 * HZ;
	xn->sysctl_tcp_tw_reuse = 2;
	/* tcp_max_tw_buckets and tcp_max_syn_backlog: the table's size. */
	xtcp_set_hashinfo(net);
	xn->sysctl_tcp_abort_on_overflow = 0;
	xn->sysctl_tcp_retries1 = 3;
	xn->sysctl_tcp_retries2 = 15;
	xn->sysctl_tcp_orphan_retries = 0;
	xn->sysctl_tcp_keepalive_time = 7200 * HZ;
	xn->sysctl_tcp_keepalive_intvl = 75 * HZ;
	xn->sysctl_tcp_keepalive_probes = 9;
	xn->sysctl_tcp_window_scaling = 1;
	xn->sysctl_tcp_timestamps = 1;
	xn->sysctl_tcp_sack = 1;
	xn->sysctl_tcp_dsack = 1;
	xn->sysctl_tcp_ecn = 2;
	xn->sysctl_tcp_ecn_fallback = 1;
	xn->sysctl_tcp_slow_start_after_idle = 1;
	xn->sysctl_tcp_min_tso_segs = 2;
	xn->sysctl_tcp_tso_win_divisor = 3;
	xn->sysctl_tcp_limit_output_bytes = 16 * 65536;
	xn->sysctl_tcp_autocorking = 1;
	xn->sysctl_tcp_notsent_lowat = UINT_MAX;
	xn->sysctl_tcp_tso_rtt_log = 9;	/* 2^9 = 512 us */
	xn->sysctl_tcp_thin_linear_timeouts = 0;
	xn->sysctl_tcp_recovery = XTCP_RACK_LOSS_DETECTION;
	xn->sysctl_tcp_early_retrans = 3;
	xn->sysctl_tcp_frto = 2;
	xn->sysctl_tcp_reordering = XTCP_FASTRETRANS_THRESH;
	xn->sysctl_tcp_max_reordering = 300;
	xn->sysctl_tcp_challenge_ack_limit = INT_MAX;
	xn->sysctl_tcp_mtu_probing = 0;
	xn->sysctl_tcp_base_mss = XTCP_BASE_MSS;
	xn->sysctl_tcp_mtu_probe_floor = XTCP_MIN_SND_MSS;
	xn->sysctl_tcp_probe_threshold = XTCP_PROBE_THRESHOLD;
	xn->sysctl_tcp_probe_interval = XTCP_PROBE_INTERVAL;
	xn->sysctl_tcp_min_rtt_wlen = 300;
	xn->sysctl_tcp_comp_sack_delay_ns = NSEC_PER_MSEC;
	xn->sysctl_tcp_comp_sack_slack_ns = 100 * NSEC_PER_USEC;
	xn->sysctl_tcp_comp_sack_nr = 44;
	xn->sysctl_tcp_backlog_ack_defer = 1;
	xn->sysctl_tcp_retrans_collapse = 1;
	xn->sysctl_tcp_pacing_ss_ratio = 200;
	xn->sysctl_tcp_pacing_ca_ratio = 120;
	atomic_set(&xn->tcp_tw_count, 0);
	xtcp_fastopen_init_net(net);

	if (!net_eq(net, &init_net)) {
		struct xinet_net *init_xn = xinet_net(&init_net);

		memcpy(xn->sysctl_tcp_wmem, init_xn->sysctl_tcp_wmem,
		       sizeof(xn->sysctl_tcp_wmem));
		memcpy(xn->sysctl_tcp_rmem, init_xn->sysctl_tcp_rmem,
		       sizeof(xn->sysctl_tcp_rmem));
		return;
	}

	/* Same sizing rule as tcp_init(): 1/128 of the buffer pages. */
	limit = nr_free_buffer_pages() << (PAGE_SHIFT - 7);
	xn->sysctl_tcp_wmem[0] = PAGE_SIZE;
	xn->sysctl_tcp_wmem[1] = 16 * 1024;
	xn->sysctl_tcp_wmem[2] = max(64UL * 1024, min(4UL * 1024 * 1024, limit));
	xn->sysctl_tcp_rmem[0] = PAGE_SIZE;
	xn->sysctl_tcp_rmem[1] = 131072;
	xn->sysctl_tcp_rmem[2] = max(131072UL, min(6UL * 1024 * 1024, limit));
}

/**
 * xtcp_init_sock - initialise the TCP part of a new socket (twin of
 *	tcp_init_sock)
 * @sk: the socket, fresh from xinet_create()
 */
void xtcp_init_sock(struct sock *sk)
{
	struct xinet_net *xn = xinet_net(sock_net(sk));
	struct xinet_connection_sock *icsk = xinet_csk(sk);
	struct xtcp_sock *tp = xtcp_sk(sk);

	tp->out_of_order_queue = RB_ROOT;
	skb_queue_head_init(&tp->rtx_queue);
	xtcp_init_xmit_timers(sk);
	/* TCP_FASTOPEN_KEY may come before listen(). */
	spin_lock_init(&icsk->icsk_accept_queue.rskq_lock);

	icsk->icsk_rto = XTCP_TIMEOUT_INIT;
	icsk->icsk_rto_min = XTCP_RTO_MIN;
	icsk->icsk_delack_max = XTCP_DELACK_MAX;
	tp->mdev_us = jiffies_to_usecs(XTCP_TIMEOUT_INIT);
	tp->snd_cwnd = XTCP_INIT_CWND;
	tp->snd_ssthresh = XTCP_INFINITE_SSTHRESH;
	tp->snd_cwnd_clamp = ~0U;
	tp->mss_cache = XTCP_MSS_DEFAULT;
	tp->reordering = READ_ONCE(xinet_net(sock_net(sk))->sysctl_tcp_reordering);
	tp->rack.reo_wnd_steps = 1;
	minmax_reset(&tp->rtt_min, jiffies, ~0U);
	/* A bubble in the pipe until at least the first ACK. */
	tp->app_limited = ~0U;
	tp->rate_app_limited = 1;
	/* No division by zero in the window code before a handshake. */
	icsk->icsk_ack.rcv_mss = XTCP_MIN_MSS;
	tp->scaling_ratio = XTCP_DEFAULT_SCALING_RATIO;
	xtcp_assign_congestion_control(sk);
	xtcp_rec_init_sock(sk);

	INIT_LIST_HEAD(&tp->tsq_node);
	sk->sk_state = TCP_CLOSE;
	sk->sk_write_space = xtcp_write_space;
	sock_set_flag(sk, SOCK_USE_WRITE_QUEUE);
	WRITE_ONCE(sk->sk_sndbuf, READ_ONCE(xn->sysctl_tcp_wmem[1]));
	WRITE_ONCE(sk->sk_rcvbuf, READ_ONCE(xn->sysctl_tcp_rmem[1]));
	if (sk->sk_prot->sockets_allocated)
		sk_sockets_allocated_inc(sk);
}

/**
 * xtcp_write_space - wake writers when the send buffer has room again
 *	(twin of sk_stream_write_space, which modules cannot reach)
 * @sk: the socket
 */
void xtcp_write_space(struct sock *sk)
{
	struct socket *sock = sk->sk_socket;
	struct socket_wq *wq;

	if (!__sk_stream_is_writeable(sk, 1) || !sock)
		return;
	clear_bit(SOCK_NOSPACE, &sock->flags);
	rcu_read_lock();
	wq = rcu_dereference(sk->sk_wq);
	if (skwq_has_sleeper(wq))
		wake_up_interruptible_poll(&wq->wait, EPOLLOUT | EPOLLWRNORM |
					   EPOLLWRBAND);
	if (wq && wq->fasync_list && !(sk->sk_shutdown & SEND_SHUTDOWN))
		sock_wake_async(wq, SOCK_WAKE_SPACE, POLL_OUT);
	rcu_read_unlock();
}

/**
 * xtcp_set_state - move @sk to @state, with the counters and the table
 *	work it implies (twin of tcp_set_state)
 * @sk: the socket
 * @state: TCP_*
 */
void xtcp_set_state(struct sock *sk, int state)
{
	int oldstate = sk->sk_state;
	struct net *net = sock_net(sk);

	sock_owned_by_me(sk);
	trace_xtcp_set_state(sk, oldstate, state);
	xtcp_rec_state(sk, oldstate, state);
	switch (state) {
	case TCP_ESTABLISHED:
		if (oldstate != TCP_ESTABLISHED)
			XTCP_INC_STATS(net, TCP_MIB_CURRESTAB);
		break;
	case TCP_CLOSE:
		if (oldstate == TCP_CLOSE_WAIT || oldstate == TCP_ESTABLISHED)
			XTCP_INC_STATS(net, TCP_MIB_ESTABRESETS);
		/* A Fast Open child dies before its handshake completed. */
		if (xtcp_sk(sk)->fastopen_rsk)
			xreqsk_fastopen_remove(sk, xtcp_sk(sk)->fastopen_rsk,
					       false);
		sk->sk_prot->unhash(sk);
		if (xinet_csk(sk)->icsk_bind_hash &&
		    !(sk->sk_userlocks & SOCK_BINDPORT_LOCK))
			xinet_put_port(sk);
		fallthrough;
	default:
		if (oldstate == TCP_ESTABLISHED && state != TCP_ESTABLISHED)
			XTCP_DEC_STATS(net, TCP_MIB_CURRESTAB);
	}
	xinet_sk_state_store(sk, state);
}

/**
 * xtcp_done - the connection is over (twin of tcp_done)
 * @sk: the socket
 *
 * An orphan is destroyed; a socket with a user is woken.
 */
void xtcp_done(struct sock *sk)
{
	if (sk->sk_state == TCP_SYN_SENT || sk->sk_state == TCP_SYN_RECV)
		XTCP_INC_STATS(sock_net(sk), TCP_MIB_ATTEMPTFAILS);

	xtcp_set_state(sk, TCP_CLOSE);
	xtcp_clear_xmit_timers(sk);
	WRITE_ONCE(sk->sk_shutdown, SHUTDOWN_MASK);

	if (!sock_flag(sk, SOCK_DEAD))
		sk->sk_state_change(sk);
	else
		xinet_csk_destroy_sock(sk);
}

/**
 * xtcp_write_queue_purge - free everything unsent and unacknowledged
 * @sk: the socket
 */
void xtcp_write_queue_purge(struct sock *sk)
{
	struct xtcp_sock *tp = xtcp_sk(sk);
	struct sk_buff *skb;

	xtcp_chrono_stop(sk, XTCP_CHRONO_BUSY);
	while ((skb = __skb_dequeue(&sk->sk_write_queue)) != NULL) {
		sk_wmem_queued_add(sk, -skb->truesize);
		sk_mem_uncharge(sk, skb->truesize);
		__kfree_skb(skb);
	}
	while ((skb = __skb_dequeue(&tp->rtx_queue)) != NULL) {
		sk_wmem_queued_add(sk, -skb->truesize);
		sk_mem_uncharge(sk, skb->truesize);
		__kfree_skb(skb);
	}
	sk_mem_reclaim(sk);
	tp->packets_out = 0;
	xtcp_clear_retrans(tp);
	xinet_csk(sk)->icsk_backoff = 0;
}

#define XTCP_STATE_MASK		0xF
#define XTCP_ACTION_FIN		BIT(TCP_CLOSE)

static const unsigned char xtcp_new_state[16] = {
	/* current state:	new state:	action:	*/
	[0 /* (Invalid) */]	= TCP_CLOSE,
	[TCP_ESTABLISHED]	= TCP_FIN_WAIT1 | XTCP_ACTION_FIN,
	[TCP_SYN_SENT]		= TCP_CLOSE,
	[TCP_SYN_RECV]		= TCP_FIN_WAIT1 | XTCP_ACTION_FIN,
	[TCP_FIN_WAIT1]		= TCP_FIN_WAIT1,
	[TCP_FIN_WAIT2]		= TCP_FIN_WAIT2,
	[TCP_TIME_WAIT]		= TCP_CLOSE,
	[TCP_CLOSE]		= TCP_CLOSE,
	[TCP_CLOSE_WAIT]	= TCP_LAST_ACK | XTCP_ACTION_FIN,
	[TCP_LAST_ACK]		= TCP_LAST_ACK,
	[TCP_LISTEN]		= TCP_CLOSE,
	[TCP_CLOSING]		= TCP_CLOSING,
	[TCP_NEW_SYN_RECV]	= TCP_CLOSE,
};

/**
 * xtcp_close_state - the state close() or shutdown(SHUT_WR) leads to
 * @sk: the socket
 *
 * Return: true if a FIN must be sent.
 */
bool xtcp_close_state(struct sock *sk)
{
	int next = (int)xtcp_new_state[sk->sk_state & XTCP_STATE_MASK];

	xtcp_set_state(sk, next & XTCP_STATE_MASK);
	return next & XTCP_ACTION_FIN;
}

/**
 * xtcp_fin_time - how long an orphan may stay in FIN_WAIT_2
 * @sk: the socket
 *
 * Return: jiffies, at least 3.5 RTOs.
 */
int xtcp_fin_time(const struct sock *sk)
{
	int fin_timeout = xtcp_sk(sk)->linger2 ? :
		READ_ONCE(xinet_net(sock_net(sk))->sysctl_tcp_fin_timeout);
	const int rto = xinet_csk(sk)->icsk_rto;

	if (fin_timeout < (rto << 2) - (rto >> 1))
		fin_timeout = (rto << 2) - (rto >> 1);
	return fin_timeout;
}

/**
 * xtcp_shutdown - shutdown(2)'s TCP part: SHUT_WR sends a FIN (twin of
 *	tcp_shutdown)
 * @sk: the socket
 * @how: RCV_SHUTDOWN and/or SEND_SHUTDOWN
 */
void xtcp_shutdown(struct sock *sk, int how)
{
	if (!(how & SEND_SHUTDOWN))
		return;
	if ((1 << sk->sk_state) &
	    (TCPF_ESTABLISHED | TCPF_SYN_SENT | TCPF_SYN_RECV | TCPF_CLOSE_WAIT)) {
		if (xtcp_close_state(sk))
			xtcp_send_fin(sk);
	}
}

static bool xtcp_need_reset(int state)
{
	return (1 << state) &
	       (TCPF_ESTABLISHED | TCPF_CLOSE_WAIT | TCPF_FIN_WAIT1 |
		TCPF_FIN_WAIT2 | TCPF_SYN_RECV);
}

/**
 * xtcp_abort - kill a connection from outside (twin of tcp_abort): the
 *	SOCK_DESTROY of sock_diag, "ss -K"
 * @sk: a full socket, request sock or TIME_WAIT sock, referenced
 * @err: the error the socket's owner sees (ECONNABORTED)
 *
 * A request sock leaves its listener's queue and a TIME_WAIT sock its
 * table; a full socket sends a reset where the peer expects data, takes
 * @err and closes, and a listener drops its queue first.
 *
 * Return: 0, or -ENOENT for a socket that is closed already.
 */
int xtcp_abort(struct sock *sk, int err)
{
	int state = xinet_sk_state_load(sk);

	if (state == TCP_NEW_SYN_RECV) {
		struct xrequest_sock *req = xinet_reqsk(sk);

		local_bh_disable();
		xinet_csk_reqsk_queue_drop(req->xrsk_listener, req);
		local_bh_enable();
		return 0;
	}
	if (state == TCP_TIME_WAIT) {
		struct xinet_timewait_sock *tw = xinet_twsk(sk);

		/* deschedule_put() drops the table's reference and this one. */
		refcount_inc(&tw->xtw_refcnt);
		local_bh_disable();
		xinet_twsk_deschedule_put(tw);
		local_bh_enable();
		return 0;
	}

	/* Not while the owner is in close() or another call. */
	lock_sock(sk);
	if (sk->sk_state == TCP_CLOSE) {
		release_sock(sk);
		return -ENOENT;
	}
	if (sk->sk_state == TCP_LISTEN) {
		xtcp_set_state(sk, TCP_CLOSE);
		xinet_csk_listen_stop(sk);
	}

	/* Nor while softirq processing holds it. */
	local_bh_disable();
	bh_lock_sock(sk);
	if (xtcp_need_reset(sk->sk_state))
		xtcp_send_active_reset(sk, GFP_ATOMIC);
	WRITE_ONCE(sk->sk_err, err);
	/* The error is visible before the state change wakes anyone. */
	smp_wmb();
	xtcp_write_queue_purge(sk);
	xtcp_done(sk);
	if (!sock_flag(sk, SOCK_DEAD))
		sk_error_report(sk);
	bh_unlock_sock(sk);
	local_bh_enable();
	release_sock(sk);
	return 0;
}

/**
 * xtcp_disconnect - abort the connection and make the socket reusable
 *	(twin of tcp_disconnect): connect(AF_UNSPEC), SO_LINGER 0
 * @sk: the socket, locked
 * @flags: unused
 *
 * Return: 0.
 */
int xtcp_disconnect(struct sock *sk, int flags)
{
	struct xinet_connection_sock *icsk = xinet_csk(sk);
	struct xinet_sock *xinet = xinet_sk(sk);
	struct xtcp_sock *tp = xtcp_sk(sk);
	int old_state = sk->sk_state;
	u32 seq;

	sock_owned_by_me(sk);
	if (old_state != TCP_CLOSE)
		xtcp_set_state(sk, TCP_CLOSE);

	if (old_state == TCP_LISTEN) {
		xinet_csk_listen_stop(sk);
	} else if (unlikely(tp->repair)) {
		/* A checkpointed connection lives on elsewhere: no RST. */
		WRITE_ONCE(sk->sk_err, ECONNABORTED);
	} else if (xtcp_need_reset(old_state) ||
		   (tp->snd_nxt != tp->write_seq &&
		    (1 << old_state) & (TCPF_CLOSING | TCPF_LAST_ACK))) {
		xtcp_send_active_reset(sk, gfp_any());
		WRITE_ONCE(sk->sk_err, ECONNRESET);
	} else if (old_state == TCP_SYN_SENT) {
		WRITE_ONCE(sk->sk_err, ECONNRESET);
	}

	xtcp_clear_xmit_timers(sk);
	__skb_queue_purge(&sk->sk_receive_queue);
	xtcp_free_fastopen_req(tp);
	tp->defer_connect = 0;
	tp->fastopen_client_fail = 0;
	tp->syn_fastopen = 0;
	tp->syn_fastopen_exp = 0;
	tp->syn_data = 0;
	tp->syn_data_acked = 0;
	WRITE_ONCE(tp->copied_seq, tp->rcv_nxt);
	tp->urg_data = 0;
	sk_set_peek_off(sk, -1);
	xtcp_write_queue_purge(sk);
	xtcp_ofo_purge(sk);
	tp->ooo_last_skb = NULL;
	kfree(tp->saved_syn);
	tp->saved_syn = NULL;

	xinet->xinet_dport = 0;
	if (!(sk->sk_userlocks & SOCK_BINDADDR_LOCK)) {
		xinet->xinet_saddr = 0;
		xinet->xinet_rcv_saddr = 0;
	}
	WRITE_ONCE(sk->sk_shutdown, 0);
	sock_reset_flag(sk, SOCK_DONE);
	tp->srtt_us = 0;
	tp->mdev_us = jiffies_to_usecs(XTCP_TIMEOUT_INIT);
	seq = tp->write_seq + tp->max_window + 2;
	if (!seq)
		seq = 1;
	WRITE_ONCE(tp->write_seq, seq);
	icsk->icsk_backoff = 0;
	icsk->icsk_probes_out = 0;
	icsk->icsk_probes_tstamp = 0;
	icsk->icsk_retransmits = 0;
	icsk->icsk_rto = XTCP_TIMEOUT_INIT;
	icsk->icsk_rto_min = XTCP_RTO_MIN;
	icsk->icsk_delack_max = XTCP_DELACK_MAX;
	tp->snd_ssthresh = XTCP_INFINITE_SSTHRESH;
	tp->snd_cwnd = XTCP_INIT_CWND;
	tp->snd_cwnd_cnt = 0;
	tp->is_cwnd_limited = 0;
	tp->max_packets_out = 0;
	tp->snd_cwnd_used = 0;
	tp->window_clamp = 0;
	tp->delivered = 0;
	tp->delivered_ce = 0;
	tp->ecn_flags = 0;
	tp->lost = 0;
	tp->tlp_high_seq = 0;
	/* A bubble in the pipe until at least the first ACK. */
	tp->app_limited = ~0U;
	tp->rate_app_limited = 1;
	memset(&tp->rack, 0, sizeof(tp->rack));
	tp->rack.reo_wnd_steps = 1;
	if (icsk->icsk_ca_initialized && icsk->icsk_ca_ops &&
	    icsk->icsk_ca_ops->release)
		icsk->icsk_ca_ops->release(sk);
	icsk->icsk_ca_initialized = 0;
	xtcp_set_ca_state(sk, XTCP_CA_Open);
	tp->total_retrans = 0;
	tp->total_rto = 0;
	tp->total_rto_recoveries = 0;
	tp->total_rto_time = 0;
	tp->rto_stamp = 0;
	tp->retrans_stamp = 0;
	xinet_csk_delack_init(sk);
	icsk->icsk_ack.rcv_mss = XTCP_MIN_MSS;
	memset(&tp->rx_opt, 0, sizeof(tp->rx_opt));
	memset(tp->duplicate_sack, 0, sizeof(tp->duplicate_sack));
	tp->compressed_ack = 0;
	tp->segs_in = 0;
	tp->segs_out = 0;
	tp->data_segs_in = 0;
	tp->data_segs_out = 0;
	tp->bytes_sent = 0;
	tp->bytes_acked = 0;
	tp->bytes_received = 0;
	tp->bytes_retrans = 0;
	tp->rcv_ooopack = 0;
	tp->last_oow_ack_time = 0;

	sk_error_report(sk);
	return 0;
}

static bool xtcp_too_many_orphans(int shift)
{
	return percpu_counter_read_positive(&xtcp_orphan_count) << shift >
		READ_ONCE(sysctl_xtcp_max_orphans);
}

/* The socket queued data while TCP's memory is past tcp_mem[2]. */
static bool xtcp_out_of_memory(const struct sock *sk)
{
	return sk->sk_wmem_queued > SOCK_MIN_SNDBUF &&
	       sk_memory_allocated(sk) > sk_prot_mem_limits(sk, 2);
}

/**
 * xtcp_check_oom - whether a dead socket should be reset to free its
 *	resources (twin of tcp_check_oom)
 * @sk: the orphaned socket
 * @shift: how much the socket's own conduct weighs: each step counts
 *	the orphans twice over against the limit
 *
 * Return: true when there are more orphans (shifted) than
 * sysctl_xtcp_max_orphans, or TCP's memory is past its hard limit.
 */
bool xtcp_check_oom(const struct sock *sk, int shift)
{
	bool too_many_orphans = xtcp_too_many_orphans(shift);
	bool out_of_socket_memory = xtcp_out_of_memory(sk);

	if (too_many_orphans)
		net_info_ratelimited("xinet: too many orphaned sockets\n");
	if (out_of_socket_memory)
		net_info_ratelimited("xinet: out of memory -- consider tuning tcp_mem\n");
	return too_many_orphans || out_of_socket_memory;
}

/**
 * __xtcp_close - close(2)'s work under the socket lock (twin of
 *	__tcp_close)
 * @sk: the socket
 * @timeout: SO_LINGER time (jiffies), 0 for none
 */
void __xtcp_close(struct sock *sk, long timeout)
{
	struct net *net = sock_net(sk);
	struct sk_buff *skb;
	int data_was_unread = 0;
	int state;

	sock_owned_by_me(sk);
	WRITE_ONCE(sk->sk_shutdown, SHUTDOWN_MASK);

	if (sk->sk_state == TCP_LISTEN) {
		xtcp_set_state(sk, TCP_CLOSE);
		xinet_csk_listen_stop(sk);
		goto adjudge_to_death;
	}

	/* Unread data is thrown away, and makes the close an abort. */
	while ((skb = __skb_dequeue(&sk->sk_receive_queue)) != NULL) {
		u32 len = XTCP_SKB_CB(skb)->end_seq - XTCP_SKB_CB(skb)->seq;

		if (XTCP_SKB_CB(skb)->tcp_flags & XTCPHDR_FIN)
			len--;
		data_was_unread += len;
		__kfree_skb(skb);
	}
	sk_mem_reclaim(sk);

	/* Already reset: nothing to say to the peer. */
	if (sk->sk_state == TCP_CLOSE)
		goto adjudge_to_death;

	if (unlikely(xtcp_sk(sk)->repair)) {
		/*
		 * TCP_REPAIR: the connection was dumped and lives on in
		 * another socket; the peer must hear neither FIN nor RST.
		 */
		sk->sk_prot->disconnect(sk, 0);
	} else if (data_was_unread) {
		/* RFC 2525 2.17: unread data means a reset. */
		XNET_INC_STATS(net, LINUX_MIB_TCPABORTONCLOSE);
		xtcp_set_state(sk, TCP_CLOSE);
		xtcp_send_active_reset(sk, sk->sk_allocation);
	} else if (sock_flag(sk, SOCK_LINGER) && !sk->sk_lingertime) {
		/* SO_LINGER with a zero time: abort. */
		sk->sk_prot->disconnect(sk, 0);
		XNET_INC_STATS(net, LINUX_MIB_TCPABORTONDATA);
	} else if (xtcp_close_state(sk)) {
		u32 write_seq = xtcp_sk(sk)->write_seq;

		xtcp_send_fin(sk);
		/*
		 * No memory for the FIN (a socket whose allocations may not
		 * sleep), and nothing queued to carry it: the orphan would
		 * wait in FIN_WAIT1 with no timer for a peer that may never
		 * speak again, pinning its namespace and the module.  Abort
		 * it instead.
		 */
		if (xtcp_sk(sk)->write_seq == write_seq) {
			xtcp_set_state(sk, TCP_CLOSE);
			xtcp_send_active_reset(sk, sk->sk_allocation);
			XNET_INC_STATS(net, LINUX_MIB_TCPABORTONMEMORY);
		}
	}

	sk_stream_wait_close(sk, timeout);

adjudge_to_death:
	state = sk->sk_state;
	sock_hold(sk);
	sock_orphan(sk);

	/* Run the backlog now, keeping the socket owned. */
	__sk_flush_backlog(sk);
	local_bh_disable();
	bh_lock_sock(sk);
	percpu_counter_inc(&xtcp_orphan_count);

	/* A softirq or the backlog may have finished it already. */
	if (state != TCP_CLOSE && sk->sk_state == TCP_CLOSE)
		goto out;

	if (sk->sk_state == TCP_FIN_WAIT2) {
		struct xtcp_sock *tp = xtcp_sk(sk);

		if (READ_ONCE(tp->linger2) < 0) {
			xtcp_set_state(sk, TCP_CLOSE);
			xtcp_send_active_reset(sk, GFP_ATOMIC);
			XNET_INC_STATS(net, LINUX_MIB_TCPABORTONLINGER);
		} else {
			const int tmo = xtcp_fin_time(sk);

			if (tmo > XTCP_TIMEWAIT_LEN) {
				xinet_csk_reset_keepalive_timer(sk,
								tmo - XTCP_TIMEWAIT_LEN);
			} else {
				xtcp_time_wait(sk, TCP_FIN_WAIT2, tmo);
				goto out;
			}
		}
	}
	if (sk->sk_state != TCP_CLOSE) {
		if (xtcp_check_oom(sk, 0)) {
			xtcp_set_state(sk, TCP_CLOSE);
			xtcp_send_active_reset(sk, GFP_ATOMIC);
			XNET_INC_STATS(net, LINUX_MIB_TCPABORTONMEMORY);
		} else if (!check_net(net)) {
			/* No reset from a dying namespace: just close. */
			xtcp_set_state(sk, TCP_CLOSE);
		}
	}
	if (sk->sk_state == TCP_CLOSE)
		xinet_csk_destroy_sock(sk);
	/* Otherwise the protocol finishes it later. */
out:
	bh_unlock_sock(sk);
	local_bh_enable();
}

/**
 * xtcp_close - close a TCP socket (twin of tcp_close)
 * @sk: the socket
 * @timeout: SO_LINGER time, 0 for none
 */
void xtcp_close(struct sock *sk, long timeout)
{
	lock_sock(sk);
	__xtcp_close(sk, timeout);
	release_sock(sk);
	if (!sk->sk_net_refcnt)
		xinet_csk_clear_xmit_timers_sync(sk);
	sock_put(sk);
}

/* ---- sending ---- */

static bool xtcp_forced_push(const struct xtcp_sock *tp)
{
	return xtcp_after(tp->write_seq, tp->pushed_seq + (tp->max_window >> 1));
}

/**
 * xtcp_mark_push - set PSH on @skb, the last of what the user wrote
 * @tp: the socket
 * @skb: the write queue's tail
 */
void xtcp_mark_push(struct xtcp_sock *tp, struct sk_buff *skb)
{
	XTCP_SKB_CB(skb)->tcp_flags |= XTCPHDR_PSH;
	tp->pushed_seq = tp->write_seq;
}

/*
 * Twin of tcp_should_autocork(): hold a not yet filled send back while
 * data of the socket is still below TCP (a qdisc, the device, xnet's
 * backlog): its TX completion comes soon and sends it (XTCP_TSQ_THROTTLED,
 * xtcp_wfree()), and writes meanwhile fill it, with no timer and no added
 * latency.  Only an skb at the tail short of @size_goal; not for a pure
 * ACK's worth below TCP (truesize), nor past a MSG_EOR record.
 */
static bool xtcp_should_autocork(struct sock *sk, struct sk_buff *skb,
				 int size_goal)
{
	const struct xtcp_sock *tp = xtcp_sk(sk);

	return skb->len < size_goal &&
	       READ_ONCE(xinet_net(sock_net(sk))->sysctl_tcp_autocorking) &&
	       !skb_queue_empty(&tp->rtx_queue) &&
	       refcount_read(&sk->sk_wmem_alloc) > skb->truesize &&
	       !XTCP_SKB_CB(skb)->eor;
}

/**
 * xtcp_push - push the write queue at the end of a send (twin of tcp_push)
 * @sk: the socket
 * @flags: the send's MSG_* flags (MSG_MORE corks; MSG_OOB makes the last
 *	byte queued urgent, as tcp_mark_urg)
 * @mss_now: the current MSS
 * @nonagle: XTCP_NAGLE_* bits
 * @size_goal: the most a GSO packet holds (xtcp_xmit_size_goal()): less
 *	than that unsent may wait for a TX completion (autocorking)
 */
void xtcp_push(struct sock *sk, int flags, int mss_now, int nonagle,
	       int size_goal)
{
	struct xtcp_sock *tp = xtcp_sk(sk);
	struct sk_buff *skb = skb_peek_tail(&sk->sk_write_queue);

	if (!skb)
		return;
	if (!(flags & MSG_MORE) || xtcp_forced_push(tp))
		xtcp_mark_push(tp, skb);
	if (flags & MSG_OOB)
		tp->snd_up = tp->write_seq;
	if (xtcp_should_autocork(sk, skb, size_goal)) {
		/* No atomic operation when the bit is set already. */
		if (!test_bit(XTCP_TSQ_THROTTLED, &sk->sk_tsq_flags)) {
			XNET_INC_STATS(sock_net(sk), LINUX_MIB_TCPAUTOCORKING);
			set_bit(XTCP_TSQ_THROTTLED, &sk->sk_tsq_flags);
			/* The bit is seen before sk_wmem_alloc is read. */
			smp_mb__after_atomic();
		}
		/* The TX completion may have come before the bit was set. */
		if (refcount_read(&sk->sk_wmem_alloc) > skb->truesize)
			return;
	}
	if (flags & MSG_MORE)
		nonagle = XTCP_NAGLE_CORK;
	__xtcp_push_pending_frames(sk, mss_now, nonagle);
}

/**
 * xtcp_xmit_size_goal - the largest GSO packet to make (twin of
 *	tcp_xmit_size_goal)
 * @sk: the socket
 * @mss_now: the current MSS
 *
 * As much as the device takes (sk_gso_max_size, sk_gso_max_segs) and half
 * the peer's largest window allow, in whole MSS.  Linux's skbs never grow
 * past it, so neither does a GSO packet of xinet's (xtcp_write_xmit()).
 *
 * Return: the size in bytes; one MSS without GSO, or where two MSS would
 * not fit (xlo's 64 KiB MTU).
 */
unsigned int xtcp_xmit_size_goal(struct sock *sk, unsigned int mss_now)
{
	unsigned int goal;

	if (!(sk->sk_route_caps & NETIF_F_TSO))
		return mss_now;
	goal = xtcp_bound_to_half_wnd(xtcp_sk(sk), sk->sk_gso_max_size);
	goal = min_t(u32, goal / mss_now, sk->sk_gso_max_segs) * mss_now;
	return max(goal, mss_now);
}

/*
 * Twin of tcp_send_mss(): the current MSS, and in *@size_goal how much
 * an skb of the write queue may hold: a GSO packet's worth, one segment
 * for urgent data.
 */
static int xtcp_send_mss(struct sock *sk, int *size_goal, int flags)
{
	int mss_now = xtcp_current_mss(sk);

	*size_goal = (flags & MSG_OOB) ? mss_now :
		     xtcp_xmit_size_goal(sk, mss_now);
	return mss_now;
}

/**
 * xtcp_sendmsg - send(2) and friends (twin of tcp_sendmsg)
 * @sk: the socket
 * @msg: the data
 * @size: its length
 *
 * The data is copied into page fragments of skbs of up to a GSO
 * packet's worth on the write queue (xtcp_xmit_size_goal()); sendfile's
 * spliced pages (MSG_SPLICE_PAGES on 6.12, sock_no_sendpage's
 * kernel_sendmsg on 6.1) are copied the same way.
 * With SO_ZEROCOPY set, MSG_ZEROCOPY pins the user's pages into the skbs
 * instead; their release is reported on the error queue (see
 * Documentation/networking/msg_zerocopy.rst), flagged as copied when a
 * receiver on this host had to copy them after all.
 *
 * Return: bytes queued, or a negative errno if none were.
 */
int xtcp_sendmsg(struct sock *sk, struct msghdr *msg, size_t size)
{
	struct xtcp_sock *tp = xtcp_sk(sk);
	struct ubuf_info *uarg = NULL;
	int flags = msg->msg_flags;
	int mss_now, size_goal, copied = 0, copied_syn = 0;
	struct sk_buff *skb;
	bool zc = false;
	long timeo;
	int err;

	lock_sock(sk);
	if ((flags & MSG_ZEROCOPY) && size && sock_flag(sk, SOCK_ZEROCOPY)) {
		skb = skb_peek_tail(&sk->sk_write_queue);
		uarg = msg_zerocopy_realloc(sk, size, skb ? skb_zcopy(skb) : NULL);
		if (!uarg) {
			release_sock(sk);
			return -ENOBUFS;
		}
		/* xnet and every device xinet sends on take fragments (SG). */
		zc = true;
	}
	if (((flags & MSG_FASTOPEN) || tp->defer_connect) && !tp->repair) {
		err = xtcp_sendmsg_fastopen(sk, msg, &copied_syn, size, uarg);
		if (err == -EINPROGRESS && copied_syn > 0)
			goto out;
		else if (err)
			goto out_err;
	}
	timeo = sock_sndtimeo(sk, flags & MSG_DONTWAIT);

	xtcp_rate_check_app_limited(sk);	/* is the sender app-limited? */

	/*
	 * Wait for the connection to be established; a Fast Open child
	 * may send in SYN_RECV.
	 */
	if (((1 << sk->sk_state) & ~(TCPF_ESTABLISHED | TCPF_CLOSE_WAIT)) &&
	    !xtcp_passive_fastopen(sk)) {
		err = xinet_sk_stream_wait_connect(sk, &timeo);
		if (err != 0)
			goto do_error;
	}

	/*
	 * TCP_REPAIR: the data refills the queue TCP_REPAIR_QUEUE names,
	 * the receive queue as if it had arrived, the send queue as if it
	 * had been sent (xtcp_write_xmit()).
	 */
	if (unlikely(tp->repair)) {
		if (tp->repair_queue == TCP_RECV_QUEUE) {
			copied = xtcp_send_rcvq(sk, msg, size);
			if (uarg)
				net_zcopy_put(uarg);
			release_sock(sk);
			return copied;
		}
		err = -EINVAL;
		if (tp->repair_queue == TCP_NO_QUEUE)
			goto do_error;
	}
	sk_clear_bit(SOCKWQ_ASYNC_NOSPACE, sk);

	mss_now = xtcp_send_mss(sk, &size_goal, flags);
	err = -EPIPE;
	if (sk->sk_err || (sk->sk_shutdown & SEND_SHUTDOWN))
		goto do_error;

	while (msg_data_left(msg)) {
		struct page_frag *pfrag;
		int copy = 0;
		bool merge;
		int i;

		skb = skb_peek_tail(&sk->sk_write_queue);
		if (skb && !(XTCP_SKB_CB(skb)->tcp_flags & XTCPHDR_FIN))
			copy = size_goal - skb->len;

		if (copy <= 0 || !xtcp_skb_can_collapse_to(skb)) {
			bool first;

new_segment:
			first = skb_queue_empty(&sk->sk_write_queue) &&
				skb_queue_empty(&tp->rtx_queue);
			if (!sk_stream_memory_free(sk))
				goto wait_for_space;
			skb = xtcp_stream_alloc_skb(sk, sk->sk_allocation, first);
			if (!skb)
				goto wait_for_space;
			xtcp_skb_entail(sk, skb);
			copy = size_goal;
			/* Restored as sent: no RTT sample from it. */
			if (unlikely(tp->repair))
				XTCP_SKB_CB(skb)->sacked |= XTCPCB_REPAIRED;
		}
		if (copy > msg_data_left(msg))
			copy = msg_data_left(msg);

		if (zc) {
			/*
			 * Pinned pages are charged to the socket as copied
			 * ones are: Linux leaves skbs of pinned pages alone
			 * uncharged (SKBFL_PURE_ZEROCOPY), at the cost of an
			 * accounting case on every free path.
			 */
			if (!sk_wmem_schedule(sk, copy))
				goto wait_for_space;
			err = skb_zerocopy_iter_stream(sk, skb, msg, copy, uarg);
			if (err == -EMSGSIZE || err == -EEXIST) {
				/* Out of fragments, or another send's pages. */
				xtcp_mark_push(tp, skb);
				goto new_segment;
			}
			if (err < 0)
				goto do_error;
			copy = err;
			goto queued;
		}

		i = skb_shinfo(skb)->nr_frags;
		pfrag = sk_page_frag(sk);
		if (!sk_page_frag_refill(sk, pfrag))
			goto wait_for_space;
		merge = skb_can_coalesce(skb, i, pfrag->page, pfrag->offset);
		if (!merge && i >= MAX_SKB_FRAGS) {
			/*
			 * No room for another fragment: this skb is done
			 * even though it is short of the size goal.  Pushing
			 * it and looking at the tail again would spin when
			 * the window is closed.
			 */
			xtcp_mark_push(tp, skb);
			goto new_segment;
		}
		copy = min_t(int, copy, pfrag->size - pfrag->offset);
		if (!sk_wmem_schedule(sk, copy))
			goto wait_for_space;
		err = skb_copy_to_page_nocache(sk, &msg->msg_iter, skb,
					       pfrag->page, pfrag->offset,
					       copy);
		if (err)
			goto do_error;
		if (merge) {
			skb_frag_size_add(&skb_shinfo(skb)->frags[i - 1], copy);
		} else {
			skb_fill_page_desc(skb, i, pfrag->page, pfrag->offset,
					   copy);
			page_ref_inc(pfrag->page);
		}
		pfrag->offset += copy;

queued:
		if (!copied)
			XTCP_SKB_CB(skb)->tcp_flags &= ~XTCPHDR_PSH;
		WRITE_ONCE(tp->write_seq, tp->write_seq + copy);
		XTCP_SKB_CB(skb)->end_seq += copy;
		/* Counted afresh when it goes (xtcp_init_tso_segs()). */
		xtcp_skb_pcount_set(skb, 0);
		copied += copy;
		if (!msg_data_left(msg)) {
			if (unlikely(flags & MSG_EOR))
				XTCP_SKB_CB(skb)->eor = 1;
			goto out;
		}
		/*
		 * Urgent data goes out from the final push, once snd_up
		 * covers it: every segment of it then carries the pointer.
		 */
		if (skb->len < size_goal || (flags & MSG_OOB) ||
		    unlikely(tp->repair))
			continue;
		/* A full skb: sent at once if it is the send head. */
		if (xtcp_forced_push(tp)) {
			xtcp_mark_push(tp, skb);
			__xtcp_push_pending_frames(sk, mss_now, XTCP_NAGLE_PUSH);
		} else if (skb == xtcp_send_head(sk)) {
			__xtcp_push_pending_frames(sk, mss_now, XTCP_NAGLE_PUSH);
		}
		continue;

wait_for_space:
		set_bit(SOCK_NOSPACE, &sk->sk_socket->flags);
		if (copied)
			xtcp_push(sk, flags & ~MSG_MORE, mss_now,
				  XTCP_NAGLE_PUSH, size_goal);
		err = xinet_sk_stream_wait_memory(sk, &timeo);
		if (err != 0)
			goto do_error;
		mss_now = xtcp_send_mss(sk, &size_goal, flags);
	}

out:
	if (copied)
		xtcp_push(sk, flags, mss_now, tp->nonagle, size_goal);
	if (uarg)
		net_zcopy_put(uarg);
	release_sock(sk);
	return copied + copied_syn;

do_error:
	/* An skb entailed but left empty goes. */
	skb = skb_peek_tail(&sk->sk_write_queue);
	if (skb && !skb->len &&
	    XTCP_SKB_CB(skb)->seq == XTCP_SKB_CB(skb)->end_seq) {
		__skb_unlink(skb, &sk->sk_write_queue);
		sk_wmem_queued_add(sk, -skb->truesize);
		sk_mem_uncharge(sk, skb->truesize);
		__kfree_skb(skb);
	}
	if (copied + copied_syn)
		goto out;
out_err:
	if (uarg)
		net_zcopy_put_abort(uarg, true);
	err = sk_stream_error(sk, flags, err);
	/* Wake an edge-triggered epoll waiter. */
	if (unlikely(xtcp_rtx_and_write_queues_empty(sk) && err == -EAGAIN)) {
		sk->sk_write_space(sk);
		xtcp_chrono_stop(sk, XTCP_CHRONO_SNDBUF_LIMITED);
	}
	release_sock(sk);
	return err;
}

/* ---- receiving ---- */

/**
 * xtcp_cleanup_rbuf - after a read: ACK if the window opened enough
 *	(twin of tcp_cleanup_rbuf)
 * @sk: the socket
 * @copied: bytes just read
 */
void xtcp_cleanup_rbuf(struct sock *sk, int copied)
{
	struct xinet_connection_sock *icsk = xinet_csk(sk);
	struct xtcp_sock *tp = xtcp_sk(sk);
	bool time_to_ack = false;

	if (xinet_csk_ack_scheduled(sk)) {
		if (tp->rcv_nxt - tp->rcv_wup > icsk->icsk_ack.rcv_mss ||
		    (copied > 0 &&
		     ((icsk->icsk_ack.pending & XICSK_ACK_PUSHED2) ||
		      ((icsk->icsk_ack.pending & XICSK_ACK_PUSHED) &&
		       !xinet_csk_in_pingpong_mode(sk))) &&
		     !atomic_read(&sk->sk_rmem_alloc)))
			time_to_ack = true;
	}
	/* A window that at least doubled is worth announcing. */
	if (copied > 0 && !time_to_ack && !(sk->sk_shutdown & RCV_SHUTDOWN)) {
		u32 rcv_window_now = xtcp_receive_window(tp);

		if (2 * rcv_window_now <= tp->window_clamp) {
			u32 new_window = __xtcp_select_window(sk);

			if (new_window && new_window >= 2 * rcv_window_now)
				time_to_ack = true;
		}
	}
	if (time_to_ack)
		xtcp_send_ack(sk);
}

static void xtcp_eat_recv_skb(struct sock *sk, struct sk_buff *skb)
{
	__skb_unlink(skb, &sk->sk_receive_queue);
	/*
	 * Read: back to the CPU that allocated it (tcp_eat_recv_skb).  No
	 * route to drop: xnet scrubs it on delivery.
	 */
	if (likely(skb->destructor == sock_rfree)) {
		sock_rfree(skb);
		skb->destructor = NULL;
		skb->sk = NULL;
		xskb_attempt_defer_free(skb);
		return;
	}
	consume_skb(skb);
}

/*
 * recv(MSG_OOB): the urgent byte (twin of tcp_recv_urg).  BSD's rules:
 * never blocks, EINVAL when there is none to read (none came, it was
 * read, or SO_OOBINLINE keeps it in the stream), EAGAIN when only its
 * pointer came.
 */
static int xtcp_recv_urg(struct sock *sk, struct msghdr *msg, int len,
			 int flags)
{
	struct xtcp_sock *tp = xtcp_sk(sk);

	if (sock_flag(sk, SOCK_URGINLINE) || !tp->urg_data ||
	    tp->urg_data == XTCP_URG_READ)
		return -EINVAL;
	if (sk->sk_state == TCP_CLOSE && !sock_flag(sk, SOCK_DONE))
		return -ENOTCONN;

	if (tp->urg_data & XTCP_URG_VALID) {
		char c = tp->urg_data;
		int err = 0;

		if (!(flags & MSG_PEEK))
			WRITE_ONCE(tp->urg_data, XTCP_URG_READ);
		msg->msg_flags |= MSG_OOB;
		if (len > 0) {
			if (!(flags & MSG_TRUNC))
				err = memcpy_to_msg(msg, &c, 1);
			len = 1;
		} else {
			msg->msg_flags |= MSG_TRUNC;
		}
		return err ? -EFAULT : len;
	}

	if (sk->sk_state == TCP_CLOSE || (sk->sk_shutdown & RCV_SHUTDOWN))
		return 0;
	return -EAGAIN;
}

/*
 * Twin of tcp_peek_sndq(): TCP_REPAIR's dump of the send queue, what was
 * sent and not acknowledged, then what was not sent, from snd_una on.
 * Return: bytes copied, or a negative errno (EFAULT when @msg is too
 * short for it all, as Linux).
 */
static int xtcp_peek_sndq(struct sock *sk, struct msghdr *msg, int len)
{
	struct sk_buff *skb;
	int copied = 0, err = 0;

	skb_queue_walk(&xtcp_sk(sk)->rtx_queue, skb) {
		err = skb_copy_datagram_msg(skb, 0, msg, skb->len);
		if (err)
			return err;
		copied += skb->len;
	}
	skb_queue_walk(&sk->sk_write_queue, skb) {
		err = skb_copy_datagram_msg(skb, 0, msg, skb->len);
		if (err)
			break;
		copied += skb->len;
	}
	return err ?: copied;
}

/*
 * Twin of tcp_recvmsg_locked(): a read stops at the urgent mark, and
 * steps over the urgent byte unless SO_OOBINLINE keeps it in the stream.
 */
static int xtcp_recvmsg_locked(struct sock *sk, struct msghdr *msg,
			       size_t len, int flags)
{
	struct xtcp_sock *tp = xtcp_sk(sk);
	u32 peek_seq, *seq;
	u32 peek_offset = 0;
	u32 urg_hole = 0;
	int copied = 0;
	long timeo;
	int target;
	int err;

	err = -ENOTCONN;
	if (sk->sk_state == TCP_LISTEN)
		goto out;
	if (flags & MSG_OOB) {
		err = xtcp_recv_urg(sk, msg, len, flags);
		goto out;
	}

	/* TCP_REPAIR: the queues are read with MSG_PEEK only, to be dumped. */
	if (unlikely(tp->repair)) {
		err = -EPERM;
		if (!(flags & MSG_PEEK))
			goto out;
		if (tp->repair_queue == TCP_SEND_QUEUE) {
			err = xtcp_peek_sndq(sk, msg, len);
			goto out;
		}
		err = -EINVAL;
		if (tp->repair_queue == TCP_NO_QUEUE)
			goto out;
		/* TCP_RECV_QUEUE: an ordinary peek. */
	}

	timeo = sock_rcvtimeo(sk, flags & MSG_DONTWAIT);
	seq = &tp->copied_seq;
	if (flags & MSG_PEEK) {
		/* SO_PEEK_OFF: a peek starts where the last one ended. */
		peek_offset = max(sk_peek_offset(sk, flags), 0);
		peek_seq = tp->copied_seq + peek_offset;
		seq = &peek_seq;
	}
	target = sock_rcvlowat(sk, flags & MSG_WAITALL, len);

	do {
		struct sk_buff *skb, *last;
		u32 offset, used;

		/* A read never crosses the urgent mark. */
		if (unlikely(tp->urg_data) && tp->urg_seq == *seq) {
			if (copied)
				break;
			if (signal_pending(current)) {
				copied = timeo ? sock_intr_errno(timeo) : -EAGAIN;
				break;
			}
		}

		last = skb_peek_tail(&sk->sk_receive_queue);
		skb_queue_walk(&sk->sk_receive_queue, skb) {
			last = skb;
			if (WARN_ONCE(xtcp_before(*seq, XTCP_SKB_CB(skb)->seq),
				      "xtcp: recvmsg bug: copied %X seq %X\n",
				      *seq, XTCP_SKB_CB(skb)->seq))
				break;
			offset = *seq - XTCP_SKB_CB(skb)->seq;
			if (offset < skb->len)
				goto found_ok_skb;
			if (XTCP_SKB_CB(skb)->tcp_flags & XTCPHDR_FIN)
				goto found_fin_ok;
			WARN_ONCE(!(flags & MSG_PEEK),
				  "xtcp: recvmsg bug 2: copied %X seq %X\n",
				  *seq, XTCP_SKB_CB(skb)->seq);
		}

		if (copied >= target && !READ_ONCE(sk->sk_backlog.tail))
			break;
		if (copied) {
			if (!timeo || sk->sk_err || sk->sk_state == TCP_CLOSE ||
			    (sk->sk_shutdown & RCV_SHUTDOWN) ||
			    signal_pending(current))
				break;
		} else {
			if (sock_flag(sk, SOCK_DONE))
				break;
			if (sk->sk_err) {
				copied = sock_error(sk);
				break;
			}
			if (sk->sk_shutdown & RCV_SHUTDOWN)
				break;
			if (sk->sk_state == TCP_CLOSE) {
				/* Never connected. */
				copied = -ENOTCONN;
				break;
			}
			if (!timeo) {
				copied = -EAGAIN;
				break;
			}
			if (signal_pending(current)) {
				copied = sock_intr_errno(timeo);
				break;
			}
		}

		if (copied >= target) {
			/* Just run the backlog, do not sleep. */
			__sk_flush_backlog(sk);
		} else {
			xtcp_cleanup_rbuf(sk, copied);
			err = xinet_sk_wait_data(sk, &timeo, last);
			if (err < 0) {
				err = copied ? : err;
				goto out;
			}
		}
		if ((flags & MSG_PEEK) &&
		    peek_seq - peek_offset - copied - urg_hole != tp->copied_seq) {
			/* Another reader took bytes: peek again from there. */
			net_dbg_ratelimited("xtcp(%s:%d): Application bug, race in MSG_PEEK\n",
					    current->comm,
					    task_pid_nr(current));
			peek_seq = tp->copied_seq + peek_offset;
		}
		continue;

found_ok_skb:
		used = skb->len - offset;
		if (len < used)
			used = len;
		/* Up to the mark; the urgent byte is skipped unless inline. */
		if (unlikely(tp->urg_data)) {
			u32 urg_offset = tp->urg_seq - *seq;

			if (urg_offset < used) {
				if (urg_offset) {
					used = urg_offset;
				} else if (!sock_flag(sk, SOCK_URGINLINE)) {
					WRITE_ONCE(*seq, *seq + 1);
					urg_hole++;
					offset++;
					used--;
					if (!used)
						goto skip_copy;
				}
			}
		}
		if (!(flags & MSG_TRUNC)) {
			err = skb_copy_datagram_msg(skb, offset, msg, used);
			if (err) {
				if (!copied)
					copied = -EFAULT;
				break;
			}
		}
		WRITE_ONCE(*seq, *seq + used);
		copied += used;
		len -= used;
		if (flags & MSG_PEEK)
			sk_peek_offset_fwd(sk, used);
		else
			sk_peek_offset_bwd(sk, used);
		xtcp_rcv_space_adjust(sk);
skip_copy:
		/* Read past the mark: the urgent state is over. */
		if (unlikely(tp->urg_data) &&
		    xtcp_after(tp->copied_seq, tp->urg_seq)) {
			WRITE_ONCE(tp->urg_data, 0);
			xtcp_fast_path_check(sk);
		}
		if (used + offset < skb->len)
			continue;
		if (XTCP_SKB_CB(skb)->tcp_flags & XTCPHDR_FIN)
			goto found_fin_ok;
		if (!(flags & MSG_PEEK))
			xtcp_eat_recv_skb(sk, skb);
		continue;

found_fin_ok:
		/* The FIN takes a sequence number. */
		WRITE_ONCE(*seq, *seq + 1);
		if (!(flags & MSG_PEEK))
			xtcp_eat_recv_skb(sk, skb);
		break;
	} while (len > 0);

	xtcp_cleanup_rbuf(sk, copied);
	return copied;

out:
	return err;
}

/*
 * Twin of tcp_recv_skb(): the skb holding @seq, or the FIN after it, and
 * @seq's offset in it.  Skbs wholly before @seq are eaten: a reader that
 * dropped the lock (splice) may find them already read.
 */
static struct sk_buff *xtcp_recv_skb(struct sock *sk, u32 seq, u32 *off)
{
	struct sk_buff *skb;
	u32 offset;

	while ((skb = skb_peek(&sk->sk_receive_queue)) != NULL) {
		offset = seq - XTCP_SKB_CB(skb)->seq;
		if (offset < skb->len ||
		    (XTCP_SKB_CB(skb)->tcp_flags & XTCPHDR_FIN)) {
			*off = offset;
			return skb;
		}
		xtcp_eat_recv_skb(sk, skb);
	}
	return NULL;
}

/**
 * xtcp_read_sock - hand the receive queue to @recv_actor, in place
 *	(twin of tcp_read_sock)
 * @sk: the socket, owned by the caller
 * @desc: the actor's state; desc->count is what it still wants
 * @recv_actor: takes (desc, skb, offset, len) and returns bytes used
 *
 * For splice and for kernel readers (proto_ops.read_sock).  Stops at the
 * urgent mark as recvmsg does, eats what was used, and ACKs as a read
 * does.
 *
 * Return: bytes used, or the actor's error if it used none; -ENOTCONN on
 * a listener.
 */
int xtcp_read_sock(struct sock *sk, read_descriptor_t *desc,
		   sk_read_actor_t recv_actor)
{
	struct xtcp_sock *tp = xtcp_sk(sk);
	u32 seq = tp->copied_seq;
	struct sk_buff *skb;
	int copied = 0;
	u32 offset;

	sock_owned_by_me(sk);
	if (sk->sk_state == TCP_LISTEN)
		return -ENOTCONN;
	while ((skb = xtcp_recv_skb(sk, seq, &offset)) != NULL) {
		if (offset < skb->len) {
			size_t len = skb->len - offset;
			int used;

			/* Up to the urgent mark, never across it. */
			if (unlikely(tp->urg_data)) {
				u32 urg_offset = tp->urg_seq - seq;

				if (urg_offset < len)
					len = urg_offset;
				if (!len)
					break;
			}
			used = recv_actor(desc, skb, offset, len);
			if (used <= 0) {
				if (!copied)
					copied = used;
				break;
			}
			if (WARN_ON_ONCE(used > len))
				used = len;
			seq += used;
			copied += used;
			offset += used;
			/*
			 * The actor may have dropped the lock (splice
			 * waiting for pipe room): look the skb up again.
			 */
			skb = xtcp_recv_skb(sk, seq - 1, &offset);
			if (!skb)
				break;
			/* Data appended to it meanwhile: go on with it. */
			if (offset + 1 != skb->len)
				continue;
		}
		if (XTCP_SKB_CB(skb)->tcp_flags & XTCPHDR_FIN) {
			xtcp_eat_recv_skb(sk, skb);
			++seq;
			break;
		}
		xtcp_eat_recv_skb(sk, skb);
		if (!desc->count)
			break;
		WRITE_ONCE(tp->copied_seq, seq);
	}
	WRITE_ONCE(tp->copied_seq, seq);
	xtcp_rcv_space_adjust(sk);
	if (copied > 0) {
		xtcp_recv_skb(sk, seq, &offset);
		xtcp_cleanup_rbuf(sk, copied);
	}
	return copied;
}

struct xtcp_splice_state {
	struct pipe_inode_info *pipe;
	size_t len;
	unsigned int flags;
};

static int xtcp_splice_data_recv(read_descriptor_t *rd_desc,
				 struct sk_buff *skb, unsigned int offset,
				 size_t len)
{
	struct xtcp_splice_state *tss = rd_desc->arg.data;
	int ret;

	ret = skb_splice_bits(skb, skb->sk, offset, tss->pipe,
			      min(rd_desc->count, len), tss->flags);
	if (ret > 0)
		rd_desc->count -= ret;
	return ret;
}

/**
 * xtcp_splice_read - splice(2) from the socket into a pipe, the skbs'
 *	pages without a copy (twin of tcp_splice_read)
 * @sock: the socket
 * @ppos: must be 0: a socket cannot seek
 * @pipe: the pipe
 * @len: bytes wanted
 * @flags: SPLICE_F_* flags (SPLICE_F_NONBLOCK: do not wait for pipe room)
 *
 * Blocks for data as a read does (unless O_NONBLOCK), returns what one
 * wait brought, 0 at the end of the stream.
 *
 * Return: bytes spliced or a negative errno.
 */
ssize_t xtcp_splice_read(struct socket *sock, loff_t *ppos,
			 struct pipe_inode_info *pipe, size_t len,
			 unsigned int flags)
{
	struct xtcp_splice_state tss = {
		.pipe = pipe,
		.len = len,
		.flags = flags,
	};
	struct sock *sk = sock->sk;
	ssize_t spliced = 0;
	long timeo;
	int ret = 0;

	if (unlikely(*ppos))
		return -ESPIPE;

	lock_sock(sk);
	timeo = sock_rcvtimeo(sk, sock->file->f_flags & O_NONBLOCK);
	while (tss.len) {
		read_descriptor_t rd_desc = {
			.arg.data = &tss,
			.count = tss.len,
		};

		ret = xtcp_read_sock(sk, &rd_desc, xtcp_splice_data_recv);
		if (ret < 0)
			break;
		if (!ret) {
			if (spliced || sock_flag(sk, SOCK_DONE))
				break;
			if (sk->sk_err) {
				ret = sock_error(sk);
				break;
			}
			if (sk->sk_shutdown & RCV_SHUTDOWN)
				break;
			if (sk->sk_state == TCP_CLOSE) {
				/* Never connected. */
				ret = -ENOTCONN;
				break;
			}
			if (!timeo) {
				ret = -EAGAIN;
				break;
			}
			/* Data queued but none readable: the urgent mark. */
			if (!skb_queue_empty(&sk->sk_receive_queue))
				break;
			ret = xinet_sk_wait_data(sk, &timeo, NULL);
			if (ret < 0)
				break;
			if (signal_pending(current)) {
				ret = sock_intr_errno(timeo);
				break;
			}
			continue;
		}
		tss.len -= ret;
		spliced += ret;
		if (!tss.len || !timeo)
			break;
		/* Let the backlog in between two rounds. */
		release_sock(sk);
		lock_sock(sk);
		if (sk->sk_err || sk->sk_state == TCP_CLOSE ||
		    (sk->sk_shutdown & RCV_SHUTDOWN) || signal_pending(current))
			break;
	}
	release_sock(sk);
	return spliced ? spliced : ret;
}

/**
 * xtcp_splice_eof - sendfile or splice ran out of input: push what its
 *	last piece left corked with MSG_MORE (twin of tcp_splice_eof)
 * @sock: the socket
 */
void xtcp_splice_eof(struct socket *sock)
{
	struct sock *sk = sock->sk;
	int mss_now;

	/* Unlocked peek, as Linux's: an empty queue has nothing corked. */
	if (!data_race(skb_peek_tail(&sk->sk_write_queue)))
		return;
	lock_sock(sk);
	mss_now = xtcp_current_mss(sk);
	xtcp_push(sk, 0, mss_now, xtcp_sk(sk)->nonagle,
		  xtcp_xmit_size_goal(sk, mss_now));
	release_sock(sk);
}

/* Twin of tcp_inq_hint(): after the FIN, 1 tells the reader to go on. */
static int xtcp_inq_hint(struct sock *sk)
{
	const struct xtcp_sock *tp = xtcp_sk(sk);
	int inq = tp->rcv_nxt - tp->copied_seq;

	if (inq == 0 && sock_flag(sk, SOCK_DONE))
		inq = 1;
	return inq;
}

/**
 * xtcp_recvmsg - recv(2) and friends (twin of tcp_recvmsg)
 * @sk: the socket
 * @msg: where the data goes
 * @len: room in @msg
 * @flags: MSG_PEEK, MSG_WAITALL, MSG_DONTWAIT, MSG_TRUNC, MSG_OOB (the
 *	urgent byte alone), MSG_ERRQUEUE
 * @addr_len: unused: a stream has no source address per read
 *
 * With TCP_INQ, a successful read ends with a TCP_CM_INQ control message:
 * the bytes still queued.
 *
 * Return: bytes read, 0 at the end of the stream, or a negative errno.
 */
int xtcp_recvmsg(struct sock *sk, struct msghdr *msg, size_t len,
		 int flags, int *addr_len)
{
	bool want_inq, put_inq;
	int ret;

	/* ICMP errors of a connection that was opening (IP_RECVERR). */
	if (flags & MSG_ERRQUEUE)
		return xip_recv_error(sk, msg, len, addr_len);

	lock_sock(sk);
	put_inq = xtcp_sk(sk)->recvmsg_inq;
	want_inq = put_inq || msg->msg_get_inq;
	ret = xtcp_recvmsg_locked(sk, msg, len, flags);
	if (want_inq && ret >= 0)
		msg->msg_inq = xtcp_inq_hint(sk);
	release_sock(sk);

	if (put_inq && ret >= 0)
		put_cmsg(msg, SOL_TCP, TCP_CM_INQ, sizeof(msg->msg_inq),
			 &msg->msg_inq);
	return ret;
}

/* ---- TCP_ZEROCOPY_RECEIVE ---- */

#ifdef CONFIG_MMU
/*
 * What marks a mapping as made by xtcp_mmap(): TCP_ZEROCOPY_RECEIVE
 * inserts pages into no other (as Linux's tcp_vm_ops).  No fault
 * handler: an address of the mapping that holds no page is SIGBUS.
 */
static const struct vm_operations_struct xtcp_vm_ops = {
};

/**
 * xtcp_mmap - mmap(2) of a TCP socket (proto_ops::mmap; twin of tcp_mmap)
 * @file: the socket's file
 * @sock: the socket
 * @vma: the new mapping, not yet in the address space
 *
 * Makes @vma a window that TCP_ZEROCOPY_RECEIVE fills with the pages of
 * received data.  Those pages stay the kernel's (and may be shared with
 * another reader of the same skb): the mapping is read-only and not
 * executable, and stays so (VM_MAYWRITE and VM_MAYEXEC are taken away,
 * so that mprotect() cannot add either).  The caller (mmap_region())
 * holds the mmap lock for writing; the socket is not locked.
 *
 * Return: 0, or -EPERM for a writable or executable mapping.
 */
int xtcp_mmap(struct file *file, struct socket *sock,
	      struct vm_area_struct *vma)
{
	if (vma->vm_flags & (VM_WRITE | VM_EXEC))
		return -EPERM;
	xinet_vm_flags_clear(vma, VM_MAYWRITE | VM_MAYEXEC);
	/*
	 * vm_insert_pages() sets VM_MIXEDMAP on first use, which needs the
	 * mmap lock for writing; set now, it can run under the read lock.
	 */
	xinet_vm_flags_set(vma, VM_MIXEDMAP);
	vma->vm_ops = &xtcp_vm_ops;
	return 0;
}

/*
 * Twin of skb_advance_to_frag(): the page fragment of @skb that holds
 * byte @off of its data, and in *@frag_off how far into the fragment;
 * NULL when @off is past the data or in the linear part, or the skb has
 * a frag_list (whose pages are not walked).
 */
static skb_frag_t *xtcp_skb_advance_to_frag(struct sk_buff *skb, u32 off,
					    u32 *frag_off)
{
	skb_frag_t *frag;

	if (unlikely(off >= skb->len))
		return NULL;
	off -= skb_headlen(skb);
	if ((int)off < 0 || skb_has_frag_list(skb))
		return NULL;

	frag = skb_shinfo(skb)->frags;
	while (off) {
		if (skb_frag_size(frag) > off) {
			*frag_off = off;
			return frag;
		}
		off -= skb_frag_size(frag);
		frag++;
	}
	*frag_off = 0;
	return frag;
}

/*
 * Twin of can_map_frag(): whether @frag is one whole order-0 page that
 * may go into a user's page table: not a part of a compound page (page
 * frags of sk_page_frag() are), and not a page of a file (page cache
 * pages come with sendfile and splice) or of another process (an
 * anonymous page has a mapping too).
 */
static bool xtcp_can_map_frag(const skb_frag_t *frag)
{
	struct page *page;

	if (skb_frag_size(frag) != PAGE_SIZE || skb_frag_off(frag))
		return false;
	if (xinet_skb_frag_is_net_iov(frag))
		return false;
	page = skb_frag_page(frag);
	return !PageCompound(page) && !page->mapping;
}

/*
 * Twin of find_next_mappable_frag(): how many bytes from @frag on, at
 * most @remaining, come before a fragment that can be mapped.
 */
static int xtcp_find_next_mappable_frag(const skb_frag_t *frag,
					int remaining)
{
	int offset = 0;

	while (offset < remaining && !xtcp_can_map_frag(frag)) {
		offset += skb_frag_size(frag);
		frag++;
	}
	return offset;
}

/*
 * Twin of tcp_zerocopy_set_hint_for_skb(): after a copy into copybuf
 * left the reader at @offset of @skb, how much it must read with recv()
 * before the next page it could map: the rest of a fragment it is in
 * the middle of, and the fragments up to a mappable one; the rest of
 * the skb at worst.
 */
static void xtcp_zerocopy_set_hint_for_skb(struct tcp_zerocopy_receive *zc,
					   struct sk_buff *skb, u32 offset)
{
	u32 frag_offset, partial = 0;
	skb_frag_t *frag;

	zc->recv_skip_hint = skb->len - offset;
	frag = xtcp_skb_advance_to_frag(skb, offset, &frag_offset);
	if (!frag)
		return;
	if (frag_offset) {
		struct skb_shared_info *info = skb_shinfo(skb);

		/* In the skb's last fragment: the rest of the skb. */
		if (frag == &info->frags[info->nr_frags - 1])
			return;
		partial = skb_frag_size(frag) - frag_offset;
		zc->recv_skip_hint -= partial;
		frag++;
	}
	zc->recv_skip_hint = partial +
		xtcp_find_next_mappable_frag(frag, zc->recv_skip_hint);
}

/*
 * A user buffer as a destination iterator (what import_ubuf() does,
 * which 6.1 lacks).
 */
static int xtcp_zc_user_iter(struct msghdr *msg, u64 address, size_t len)
{
	void __user *buf = u64_to_user_ptr(address);

	if ((unsigned long)address != address)
		return -EINVAL;
	len = min_t(size_t, len, MAX_RW_COUNT);
	if (!access_ok(buf, len))
		return -EFAULT;
	iov_iter_ubuf(&msg->msg_iter, ITER_DEST, buf, len);
	return 0;
}

/*
 * Twin of receive_fallback_to_copy(): all that is queued fits in the
 * caller's copybuf: read it there as recv(MSG_DONTWAIT) would, nothing
 * mapped, and hint how much of what comes next must be read with recv().
 */
static int xtcp_receive_fallback_to_copy(struct sock *sk,
					 struct tcp_zerocopy_receive *zc,
					 int inq)
{
	struct msghdr msg = {};
	struct sk_buff *skb;
	u32 offset;
	int err;

	zc->length = 0;
	zc->recv_skip_hint = 0;
	err = xtcp_zc_user_iter(&msg, zc->copybuf_address, inq);
	if (err)
		return err;
	err = xtcp_recvmsg_locked(sk, &msg, inq, MSG_DONTWAIT);
	if (err < 0)
		return err;
	zc->copybuf_len = err;
	if (likely(zc->copybuf_len)) {
		skb = xtcp_recv_skb(sk, xtcp_sk(sk)->copied_seq, &offset);
		if (skb)
			xtcp_zerocopy_set_hint_for_skb(zc, skb, offset);
	}
	return 0;
}

/*
 * Twin of tcp_zc_handle_leftover() and tcp_copy_straggler_data(): after
 * the mapping, copy what must be read before the next mappable page
 * (recv_skip_hint), as far as copybuf holds it, from @skb on (NULL: the
 * skb holding *@seq).  Return: the bytes copied, with *@seq moved past
 * them; zc->copybuf_len is the count or the copy's errno.
 */
static u32 xtcp_zc_handle_leftover(struct tcp_zerocopy_receive *zc,
				   struct sock *sk, struct sk_buff *skb,
				   u32 *seq, s32 copybuf_len)
{
	u32 offset, copylen = min_t(u32, copybuf_len, zc->recv_skip_hint);
	struct msghdr msg = {};
	int err;

	if (!copylen)
		return 0;
	if (skb)
		offset = *seq - XTCP_SKB_CB(skb)->seq;
	else
		skb = xtcp_recv_skb(sk, *seq, &offset);
	/* recv_skip_hint never goes past the skb it was computed on. */
	if (WARN_ON_ONCE(!skb))
		return 0;

	err = xtcp_zc_user_iter(&msg, zc->copybuf_address, copylen);
	if (!err)
		err = skb_copy_datagram_msg(skb, offset, &msg, copylen);
	if (err) {
		zc->copybuf_len = err;
		return 0;
	}
	zc->recv_skip_hint -= copylen;
	*seq += copylen;
	zc->copybuf_len = copylen;
	return copylen;
}

/*
 * Twin of tcp_zerocopy_vm_insert_batch() and its _error() half: map
 * @nr_pages pages at *@address.  What mapped moves *@address and *@seq
 * on.  A page already there (-EBUSY) is zapped away and the rest tried
 * again when the caller promised the range was clean
 * (TCP_RECEIVE_ZEROCOPY_FLAG_TLB_CLEAN_HINT: the zap before the
 * mapping was skipped); what still did not map comes off *@length and
 * goes back to recv_skip_hint.
 */
static int xtcp_zerocopy_vm_insert_batch(struct vm_area_struct *vma,
					 struct page **pages,
					 unsigned int nr_pages,
					 unsigned long *address, u32 *length,
					 u32 *seq,
					 struct tcp_zerocopy_receive *zc,
					 u32 total_bytes_to_map)
{
	unsigned long left = nr_pages;
	u32 mapped;
	int err;

	err = vm_insert_pages(vma, *address, pages, &left);
	/* Even a failed call may have mapped the first pages. */
	mapped = PAGE_SIZE * (nr_pages - left);
	*seq += mapped;
	*address += mapped;
	if (likely(!err))
		return 0;

	pages += nr_pages - left;
	if (err == -EBUSY &&
	    (zc->flags & TCP_RECEIVE_ZEROCOPY_FLAG_TLB_CLEAN_HINT)) {
		/* From here to the end of what was to be mapped. */
		u32 zap_len = total_bytes_to_map - *length + left * PAGE_SIZE;
		unsigned long before = left;

		xinet_zap_vma_range(vma, *address, zap_len);
		err = vm_insert_pages(vma, *address, pages, &left);
		mapped = PAGE_SIZE * (before - left);
		*seq += mapped;
		*address += mapped;
	}
	if (err) {
		*length -= left * PAGE_SIZE;
		zc->recv_skip_hint += left * PAGE_SIZE;
	}
	return err;
}

/*
 * Twin of find_tcp_vma(): the mapping at @address if xtcp_mmap() made
 * it, with the mmap lock held for reading.  Linux first tries the VMA's
 * own lock (lock_vma_under_rcu()), which modules cannot call.
 */
static struct vm_area_struct *xtcp_find_vma(struct mm_struct *mm,
					    unsigned long address)
{
	struct vm_area_struct *vma;

	mmap_read_lock(mm);
	vma = vma_lookup(mm, address);
	if (!vma || vma->vm_ops != &xtcp_vm_ops) {
		mmap_read_unlock(mm);
		return NULL;
	}
	return vma;
}

#define XTCP_ZEROCOPY_PAGE_BATCH_SIZE	32

/*
 * Twin of tcp_zerocopy_receive(): map as many whole pages of the
 * receive queue as zc->length allows at zc->address (a mapping of
 * xtcp_mmap()'s), in order from copied_seq, as long as each is a
 * fragment that can be mapped (xtcp_can_map_frag()); then copy into
 * copybuf what must be read before the next one.  Out: zc->length the
 * bytes mapped, zc->recv_skip_hint the bytes to read with recv() before
 * another call can map, zc->copybuf_len the bytes copied.  The data
 * taken counts as read (copied_seq, window, ACK).  The socket is
 * locked.
 *
 * Return: 0; -EINVAL for an address not page-aligned or not in such a
 * mapping, -ENOTCONN on a listener, -EIO at the end of the stream, or
 * vm_insert_pages()' errno.
 */
static int xtcp_zerocopy_receive(struct sock *sk,
				 struct tcp_zerocopy_receive *zc)
{
	u32 length = 0, offset, vma_len, avail_len, copylen = 0;
	unsigned long address = (unsigned long)zc->address;
	struct page *pages[XTCP_ZEROCOPY_PAGE_BATCH_SIZE];
	s32 copybuf_len = zc->copybuf_len;
	struct xtcp_sock *tp = xtcp_sk(sk);
	const skb_frag_t *frags = NULL;
	unsigned int pages_to_map = 0;
	struct vm_area_struct *vma;
	struct sk_buff *skb = NULL;
	u32 seq = tp->copied_seq;
	u32 total_bytes_to_map;
	int inq = xtcp_inq(sk);
	int ret;

	sock_owned_by_me(sk);
	zc->copybuf_len = 0;
	zc->msg_flags = 0;

	if ((address & (PAGE_SIZE - 1)) || address != zc->address)
		return -EINVAL;
	if (sk->sk_state == TCP_LISTEN)
		return -ENOTCONN;

	/* Small enough for the copy buffer: no mapping at all. */
	if (inq && inq <= copybuf_len)
		return xtcp_receive_fallback_to_copy(sk, zc, inq);

	if (inq < PAGE_SIZE) {
		zc->length = 0;
		zc->recv_skip_hint = inq;
		if (!inq && sock_flag(sk, SOCK_DONE))
			return -EIO;
		return 0;
	}

	vma = xtcp_find_vma(current->mm, address);
	if (!vma)
		return -EINVAL;

	vma_len = min_t(unsigned long, zc->length, vma->vm_end - address);
	avail_len = min_t(u32, vma_len, inq);
	total_bytes_to_map = avail_len & ~(PAGE_SIZE - 1);
	if (total_bytes_to_map) {
		/* Unless the caller says so, earlier pages are still there. */
		if (!(zc->flags & TCP_RECEIVE_ZEROCOPY_FLAG_TLB_CLEAN_HINT))
			xinet_zap_vma_range(vma, address, total_bytes_to_map);
		zc->length = total_bytes_to_map;
		zc->recv_skip_hint = 0;
	} else {
		zc->length = avail_len;
		zc->recv_skip_hint = avail_len;
	}

	ret = 0;
	while (length + PAGE_SIZE <= zc->length) {
		int mappable_offset;
		struct page *page;

		/* Less than a page left in this skb: on to the next one. */
		if (zc->recv_skip_hint < PAGE_SIZE) {
			u32 offset_frag;

			if (skb) {
				if (zc->recv_skip_hint > 0)
					break;
				skb = skb->next;
				offset = seq - XTCP_SKB_CB(skb)->seq;
			} else {
				skb = xtcp_recv_skb(sk, seq, &offset);
			}
			if (!skb || !xinet_skb_frags_readable(skb))
				break;
			zc->recv_skip_hint = skb->len - offset;
			frags = xtcp_skb_advance_to_frag(skb, offset,
							 &offset_frag);
			if (!frags || offset_frag)
				break;
		}

		mappable_offset = xtcp_find_next_mappable_frag(frags,
							       zc->recv_skip_hint);
		if (mappable_offset) {
			zc->recv_skip_hint = mappable_offset;
			break;
		}
		page = skb_frag_page(frags);
		if (WARN_ON_ONCE(!page))
			break;
		pages[pages_to_map++] = page;
		length += PAGE_SIZE;
		zc->recv_skip_hint -= PAGE_SIZE;
		frags++;
		/* A batch never spans skbs: a failure unrolls within one. */
		if (pages_to_map == XTCP_ZEROCOPY_PAGE_BATCH_SIZE ||
		    zc->recv_skip_hint < PAGE_SIZE) {
			ret = xtcp_zerocopy_vm_insert_batch(vma, pages,
							    pages_to_map,
							    &address, &length,
							    &seq, zc,
							    total_bytes_to_map);
			if (ret)
				goto out;
			pages_to_map = 0;
		}
	}
	if (pages_to_map)
		ret = xtcp_zerocopy_vm_insert_batch(vma, pages, pages_to_map,
						    &address, &length, &seq,
						    zc, total_bytes_to_map);
out:
	mmap_read_unlock(current->mm);
	if (!ret)
		copylen = xtcp_zc_handle_leftover(zc, sk, skb, &seq,
						  copybuf_len);

	if (length + copylen) {
		WRITE_ONCE(tp->copied_seq, seq);
		xtcp_rcv_space_adjust(sk);
		/* Free what was read, and ACK as a read would. */
		xtcp_recv_skb(sk, seq, &offset);
		xtcp_cleanup_rbuf(sk, length + copylen);
		ret = 0;
		if (length == zc->length)
			zc->recv_skip_hint = 0;
	} else if (!zc->recv_skip_hint && sock_flag(sk, SOCK_DONE)) {
		ret = -EIO;
	}
	zc->length = length;
	return ret;
}
#endif /* CONFIG_MMU */

/* ---- poll, ioctl ---- */

static bool xtcp_stream_is_readable(struct sock *sk, int target)
{
	const struct xtcp_sock *tp = xtcp_sk(sk);
	int avail = READ_ONCE(tp->rcv_nxt) - READ_ONCE(tp->copied_seq);

	if (avail <= 0)
		return false;
	return avail >= target ||
	       xtcp_receive_window(tp) <= xinet_csk(sk)->icsk_ack.rcv_mss;
}

/**
 * xtcp_poll - poll(2) mask of a TCP socket (twin of tcp_poll)
 * @file: the socket's file
 * @sock: the socket
 * @wait: poll table
 *
 * Return: the event mask, as AF_INET reports it in every state.
 */
__poll_t xtcp_poll(struct file *file, struct socket *sock,
		   struct poll_table_struct *wait)
{
	struct sock *sk = sock->sk;
	const struct xtcp_sock *tp = xtcp_sk(sk);
	__poll_t mask = 0;
	u8 shutdown;
	int state;

	sock_poll_wait(file, sock, wait);

	state = xinet_sk_state_load(sk);
	if (state == TCP_LISTEN)
		return xreqsk_queue_empty(&xinet_csk(sk)->icsk_accept_queue) ?
		       0 : EPOLLIN | EPOLLRDNORM;

	shutdown = READ_ONCE(sk->sk_shutdown);
	if (shutdown == SHUTDOWN_MASK || state == TCP_CLOSE)
		mask |= EPOLLHUP;
	if (shutdown & RCV_SHUTDOWN)
		mask |= EPOLLIN | EPOLLRDNORM | EPOLLRDHUP;

	/* A Fast Open child is readable and writable before its ACK. */
	if (state != TCP_SYN_SENT &&
	    (state != TCP_SYN_RECV || READ_ONCE(tp->fastopen_rsk))) {
		int target = sock_rcvlowat(sk, 0, INT_MAX);
		u16 urg_data = READ_ONCE(tp->urg_data);

		/* An unread urgent byte at the mark is no data to read. */
		if (unlikely(urg_data) &&
		    READ_ONCE(tp->urg_seq) == READ_ONCE(tp->copied_seq) &&
		    !sock_flag(sk, SOCK_URGINLINE))
			target++;

		if (xtcp_stream_is_readable(sk, target))
			mask |= EPOLLIN | EPOLLRDNORM;
		if (!(shutdown & SEND_SHUTDOWN)) {
			if (__sk_stream_is_writeable(sk, 1)) {
				mask |= EPOLLOUT | EPOLLWRNORM;
			} else {
				sk_set_bit(SOCKWQ_ASYNC_NOSPACE, sk);
				set_bit(SOCK_NOSPACE, &sk->sk_socket->flags);
				/* Space freed meanwhile: look again. */
				smp_mb__after_atomic();
				if (__sk_stream_is_writeable(sk, 1))
					mask |= EPOLLOUT | EPOLLWRNORM;
			}
		} else {
			mask |= EPOLLOUT | EPOLLWRNORM;
		}

		if (urg_data & XTCP_URG_VALID)
			mask |= EPOLLPRI;
	} else if (state == TCP_SYN_SENT && tp->defer_connect) {
		/* TCP_FASTOPEN_CONNECT: the write sends the SYN with data. */
		mask |= EPOLLOUT | EPOLLWRNORM;
	}

	/* Pairs with the smp_wmb() of whoever sets sk_err. */
	smp_rmb();
	if (READ_ONCE(sk->sk_err) ||
	    !skb_queue_empty_lockless(&sk->sk_error_queue))
		mask |= EPOLLERR;
	return mask;
}

/**
 * xtcp_set_rcvlowat - SO_RCVLOWAT on a TCP socket (twin of tcp_set_rcvlowat)
 * @sk: the socket
 * @val: the new low-water mark (INT_MAX for a negative one, from the core)
 *
 * Bounded by half the largest receive buffer, as in Linux, so that a
 * reader can never wait for more than the window can bring; the buffer
 * grows to fit the mark unless SO_RCVBUF fixed it.
 *
 * Return: 0
 */
int xtcp_set_rcvlowat(struct sock *sk, int val)
{
	int rmem_max = READ_ONCE(xinet_net(sock_net(sk))->sysctl_tcp_rmem[2]);
	struct xtcp_sock *tp = xtcp_sk(sk);
	int cap, space;

	if (sk->sk_userlocks & SOCK_RCVBUF_LOCK)
		cap = READ_ONCE(sk->sk_rcvbuf) >> 1;
	else
		cap = rmem_max >> 1;
	val = min(val, cap);
	WRITE_ONCE(sk->sk_rcvlowat, val ? : 1);

	/* Enough may be queued already for a poller to wake. */
	if (tp->rcv_nxt - READ_ONCE(tp->copied_seq) >= (u32)sk->sk_rcvlowat)
		sk->sk_data_ready(sk);

	if (sk->sk_userlocks & SOCK_RCVBUF_LOCK)
		return 0;
	space = xtcp_space_from_win(sk, val);
	if (space > READ_ONCE(sk->sk_rcvbuf)) {
		WRITE_ONCE(sk->sk_rcvbuf, space);
		if (tp->window_clamp && tp->window_clamp < val)
			WRITE_ONCE(tp->window_clamp, val);
	}
	return 0;
}

/**
 * xtcp_ioctl - SIOCINQ, SIOCATMARK, SIOCOUTQ and SIOCOUTQNSD (twin of
 *	tcp_ioctl)
 * @sk: the socket
 * @cmd: the request
 * @karg: where the value goes
 *
 * Return: 0, -EINVAL on a listener, or -ENOIOCTLCMD for requests TCP
 * does not know.
 */
int xtcp_ioctl(struct sock *sk, int cmd, int *karg)
{
	struct xtcp_sock *tp = xtcp_sk(sk);
	int answ;
	bool slow;

	switch (cmd) {
	case SIOCINQ:
		if (sk->sk_state == TCP_LISTEN)
			return -EINVAL;
		slow = lock_sock_fast(sk);
		answ = xtcp_inq(sk);
		unlock_sock_fast(sk, slow);
		break;
	case SIOCATMARK:
		answ = READ_ONCE(tp->urg_data) &&
		       READ_ONCE(tp->urg_seq) == READ_ONCE(tp->copied_seq);
		break;
	case SIOCOUTQ:
		if (sk->sk_state == TCP_LISTEN)
			return -EINVAL;
		if ((1 << sk->sk_state) & (TCPF_SYN_SENT | TCPF_SYN_RECV))
			answ = 0;
		else
			answ = READ_ONCE(tp->write_seq) - tp->snd_una;
		break;
	case SIOCOUTQNSD:
		if (sk->sk_state == TCP_LISTEN)
			return -EINVAL;
		if ((1 << sk->sk_state) & (TCPF_SYN_SENT | TCPF_SYN_RECV))
			answ = 0;
		else
			answ = READ_ONCE(tp->write_seq) - READ_ONCE(tp->snd_nxt);
		break;
	default:
		return -ENOIOCTLCMD;
	}
	*karg = answ;
	return 0;
}

/* ---- options ---- */

/**
 * xtcp_set_keepalive - SO_KEEPALIVE (proto::keepalive; twin of
 *	tcp_set_keepalive)
 * @sk: the socket
 * @val: on or off
 */
void xtcp_set_keepalive(struct sock *sk, int val)
{
	if ((1 << sk->sk_state) & (TCPF_CLOSE | TCPF_LISTEN))
		return;
	if (val && !sock_flag(sk, SOCK_KEEPOPEN))
		xinet_csk_reset_keepalive_timer(sk,
						xtcp_keepalive_time_when(xtcp_sk(sk)));
	else if (!val)
		xinet_csk_delete_keepalive_timer(sk);
}

static void xtcp_keepidle_changed(struct sock *sk)
{
	struct xtcp_sock *tp = xtcp_sk(sk);

	if (sock_flag(sk, SOCK_KEEPOPEN) &&
	    !((1 << sk->sk_state) & (TCPF_CLOSE | TCPF_LISTEN))) {
		u32 elapsed = xtcp_keepalive_time_elapsed(tp);

		if (tp->keepalive_time > elapsed)
			elapsed = tp->keepalive_time - elapsed;
		else
			elapsed = 0;
		xinet_csk_reset_keepalive_timer(sk, elapsed);
	}
}

/*
 * TCP_DEFER_ACCEPT takes seconds and keeps SYN-ACK timeouts: the first
 * count whose backed-off timeouts (from @timeout, capped at @rto_max)
 * add up to at least @seconds, at most 255.
 */
static u8 xtcp_secs_to_retrans(int seconds, int timeout, int rto_max)
{
	int period = timeout;
	u8 retrans = 1;

	if (seconds <= 0)
		return 0;
	while (seconds > period && retrans < 255) {
		timeout = min(timeout << 1, rto_max);
		period += timeout;
		retrans++;
	}
	return retrans;
}

/* The seconds @retrans SYN-ACK timeouts last: what getsockopt reports. */
static int xtcp_retrans_to_secs(u8 retrans, int timeout, int rto_max)
{
	int period;

	if (!retrans)
		return 0;
	period = timeout;
	while (--retrans) {
		timeout = min(timeout << 1, rto_max);
		period += timeout;
	}
	return period;
}

DEFINE_STATIC_KEY_FALSE(xtcp_tx_delay_enabled);

/*
 * Twin of tcp_enable_tx_delay(): the first TCP_TX_DELAY turns the key
 * on for good (the module's life), as Linux's stays on once set.
 */
static void xtcp_enable_tx_delay(void)
{
	static atomic_t enabled = ATOMIC_INIT(0);

	if (!static_branch_unlikely(&xtcp_tx_delay_enabled) &&
	    atomic_cmpxchg(&enabled, 0, 1) == 0) {
		static_branch_enable(&xtcp_tx_delay_enabled);
		pr_info("xinet: TCP_TX_DELAY enabled\n");
	}
}

/*
 * Twin of tcp_set_window_clamp(): 0 (back to the buffer's limit) only
 * before a connection; a smaller clamp pulls the window threshold down
 * at once, a larger one lets it grow to what was already offered.
 */
static int xtcp_set_window_clamp(struct sock *sk, int val)
{
	struct xtcp_sock *tp = xtcp_sk(sk);
	u32 old_clamp = tp->window_clamp;
	u32 new_clamp;
	int unused_mem;

	if (!val) {
		if (sk->sk_state != TCP_CLOSE)
			return -EINVAL;
		WRITE_ONCE(tp->window_clamp, 0);
		return 0;
	}

	new_clamp = max_t(int, SOCK_MIN_RCVBUF / 2, val);
	if (new_clamp == old_clamp)
		return 0;
	WRITE_ONCE(tp->window_clamp, new_clamp);
	if (new_clamp < old_clamp) {
		tp->rcv_ssthresh = min(tp->rcv_ssthresh, new_clamp);
		/* Memory reserved with SO_RESERVE_MEM stays usable. */
		unused_mem = sk_unused_reserved_mem(sk);
		if (unused_mem)
			tp->rcv_ssthresh = max_t(u32, tp->rcv_ssthresh,
						 xtcp_win_from_space(sk, unused_mem));
	} else {
		tp->rcv_ssthresh = max(min(tp->rcv_wnd, new_clamp),
				       tp->rcv_ssthresh);
	}
	return 0;
}

/*
 * Twin of tcp_can_repair_sock(): TCP_REPAIR needs CAP_NET_ADMIN over the
 * socket's network namespace, and anything but a listener.
 */
static bool xtcp_can_repair_sock(const struct sock *sk)
{
	return ns_capable(sock_net(sk)->user_ns, CAP_NET_ADMIN) &&
	       sk->sk_state != TCP_LISTEN;
}

/*
 * Twin of tcp_repair_set_window(): TCP_REPAIR_WINDOW, the windows of a
 * dumped connection, checked against each other and rcv_nxt.
 */
static int xtcp_repair_set_window(struct xtcp_sock *tp, sockptr_t optbuf,
				  int len)
{
	struct tcp_repair_window opt;

	if (!tp->repair)
		return -EPERM;
	if (len != sizeof(opt))
		return -EINVAL;
	if (copy_from_sockptr(&opt, optbuf, sizeof(opt)))
		return -EFAULT;
	if (opt.max_window < opt.snd_wnd)
		return -EINVAL;
	/* The peer's last window update cannot be beyond what we offered. */
	if (xtcp_after(opt.snd_wl1, tp->rcv_nxt + opt.rcv_wnd))
		return -EINVAL;
	if (xtcp_after(opt.rcv_wup, tp->rcv_nxt))
		return -EINVAL;

	tp->snd_wl1 = opt.snd_wl1;
	tp->snd_wnd = opt.snd_wnd;
	tp->max_window = opt.max_window;
	tp->rcv_wnd = opt.rcv_wnd;
	tp->rcv_wup = opt.rcv_wup;
	return 0;
}

/*
 * Twin of tcp_repair_options_est(): TCP_REPAIR_OPTIONS, what the
 * handshake of the dumped connection agreed: a list of struct
 * tcp_repair_opt, unknown codes skipped and a short tail ignored, as
 * Linux does.
 */
static int xtcp_repair_options_est(struct sock *sk, sockptr_t optbuf,
				   unsigned int len)
{
	struct xtcp_sock *tp = xtcp_sk(sk);
	struct tcp_repair_opt opt;
	size_t offset = 0;

	while (len >= sizeof(opt)) {
		if (copy_from_sockptr_offset(&opt, optbuf, offset, sizeof(opt)))
			return -EFAULT;
		offset += sizeof(opt);
		len -= sizeof(opt);

		switch (opt.opt_code) {
		case XTCPOPT_MSS:
			tp->rx_opt.mss_clamp = opt.opt_val;
			xtcp_mtup_init(sk);
			break;
		case XTCPOPT_WINDOW: {
			/* Ours in the high half, the peer's in the low. */
			u16 snd_wscale = opt.opt_val & 0xFFFF;
			u16 rcv_wscale = opt.opt_val >> 16;

			if (snd_wscale > XTCP_MAX_WSCALE ||
			    rcv_wscale > XTCP_MAX_WSCALE)
				return -EFBIG;
			tp->rx_opt.snd_wscale = snd_wscale;
			tp->rx_opt.rcv_wscale = rcv_wscale;
			tp->rx_opt.wscale_ok = 1;
			break;
		}
		case XTCPOPT_SACK_PERM:
			if (opt.opt_val)
				return -EINVAL;
			tp->rx_opt.sack_ok = 1;
			break;
		case XTCPOPT_TIMESTAMP:
			if (opt.opt_val)
				return -EINVAL;
			tp->rx_opt.tstamp_ok = 1;
			break;
		}
	}
	return 0;
}

/* TCP_REPAIR_OPTIONS and TCP_REPAIR_WINDOW: options of their own layout. */
static int xtcp_setsockopt_repair(struct sock *sk, int optname,
				  sockptr_t optval, unsigned int optlen)
{
	struct xtcp_sock *tp = xtcp_sk(sk);

	sock_owned_by_me(sk);
	if (optname == TCP_REPAIR_WINDOW)
		return xtcp_repair_set_window(tp, optval, optlen);
	if (!tp->repair)
		return -EINVAL;
	/* Only before anything went out: the options shape every segment. */
	if (sk->sk_state != TCP_ESTABLISHED || tp->bytes_sent)
		return -EPERM;
	return xtcp_repair_options_est(sk, optval, optlen);
}

static int xtcp_setsockopt_locked(struct sock *sk, int optname, int val)
{
	struct xinet_connection_sock *icsk = xinet_csk(sk);
	struct xtcp_sock *tp = xtcp_sk(sk);

	sock_owned_by_me(sk);
	switch (optname) {
	case TCP_MAXSEG:
		if (val && (val < XTCP_MIN_MSS || val > XTCP_MAX_WINDOW))
			return -EINVAL;
		WRITE_ONCE(tp->rx_opt.user_mss, val);
		return 0;
	case TCP_NODELAY:
		if (val) {
			tp->nonagle |= XTCP_NAGLE_OFF | XTCP_NAGLE_PUSH;
			xtcp_push_pending_frames(sk);
		} else {
			tp->nonagle &= ~XTCP_NAGLE_OFF;
		}
		return 0;
	case TCP_CORK:
		if (val) {
			tp->nonagle |= XTCP_NAGLE_CORK;
		} else {
			tp->nonagle &= ~XTCP_NAGLE_CORK;
			if (tp->nonagle & XTCP_NAGLE_OFF)
				tp->nonagle |= XTCP_NAGLE_PUSH;
			xtcp_push_pending_frames(sk);
		}
		return 0;
	case TCP_KEEPIDLE:
		if (val < 1 || val > XTCP_MAX_KEEPIDLE)
			return -EINVAL;
		WRITE_ONCE(tp->keepalive_time, val * HZ);
		xtcp_keepidle_changed(sk);
		return 0;
	case TCP_KEEPINTVL:
		if (val < 1 || val > XTCP_MAX_KEEPINTVL)
			return -EINVAL;
		WRITE_ONCE(tp->keepalive_intvl, val * HZ);
		return 0;
	case TCP_KEEPCNT:
		if (val < 1 || val > XTCP_MAX_KEEPCNT)
			return -EINVAL;
		WRITE_ONCE(tp->keepalive_probes, val);
		return 0;
	case TCP_SYNCNT:
		if (val < 1 || val > XTCP_MAX_TCP_SYNCNT)
			return -EINVAL;
		WRITE_ONCE(icsk->icsk_syn_retries, val);
		return 0;
	case TCP_LINGER2:
		if (val < 0)
			WRITE_ONCE(tp->linger2, -1);
		else if (val > XTCP_FIN_TIMEOUT_MAX / HZ)
			WRITE_ONCE(tp->linger2, XTCP_FIN_TIMEOUT_MAX);
		else
			WRITE_ONCE(tp->linger2, val * HZ);
		return 0;
	case TCP_USER_TIMEOUT:
		if (val < 0)
			return -EINVAL;
		WRITE_ONCE(icsk->icsk_user_timeout, val);
		return 0;
	case TCP_QUICKACK:
		if (!val) {
			xinet_csk_enter_pingpong_mode(sk);
		} else {
			xinet_csk_exit_pingpong_mode(sk);
			if ((1 << sk->sk_state) &
			    (TCPF_ESTABLISHED | TCPF_CLOSE_WAIT) &&
			    xinet_csk_ack_scheduled(sk)) {
				icsk->icsk_ack.pending |= XICSK_ACK_PUSHED;
				xtcp_cleanup_rbuf(sk, 1);
				if (!(val & 1))
					xinet_csk_enter_pingpong_mode(sk);
			}
		}
		return 0;
	case TCP_NOTSENT_LOWAT:
		WRITE_ONCE(tp->notsent_lowat, val);
		sk->sk_write_space(sk);
		return 0;
	case TCP_THIN_LINEAR_TIMEOUTS:
		if (val < 0 || val > 1)
			return -EINVAL;
		tp->thin_lto = val;
		return 0;
	case TCP_THIN_DUPACK:
		/* Gone from Linux's TCP (RACK covers it): checked, ignored. */
		if (val < 0 || val > 1)
			return -EINVAL;
		return 0;
	case TCP_SAVE_SYN:
		if (val < 0 || val > 2)
			return -EINVAL;
		tp->save_syn = val;
		return 0;
	case TCP_WINDOW_CLAMP:
		return xtcp_set_window_clamp(sk, val);
	case TCP_INQ:
		if (val < 0 || val > 1)
			return -EINVAL;
		tp->recvmsg_inq = val;
		return 0;
	case TCP_TX_DELAY:
		if (val)
			xtcp_enable_tx_delay();
		WRITE_ONCE(tp->tcp_tx_delay, val);
		return 0;
	case TCP_REPAIR:
		if (!xtcp_can_repair_sock(sk))
			return -EPERM;
		if (val == TCP_REPAIR_ON) {
			tp->repair = 1;
			/* A restored socket binds to the port its twin holds. */
			sk->sk_reuse = SK_FORCE_REUSE;
			tp->repair_queue = TCP_NO_QUEUE;
		} else if (val == TCP_REPAIR_OFF ||
			   val == TCP_REPAIR_OFF_NO_WP) {
			tp->repair = 0;
			sk->sk_reuse = SK_NO_REUSE;
			if (val == TCP_REPAIR_OFF)
				xtcp_send_window_probe(sk);
		} else {
			return -EINVAL;
		}
		return 0;
	case TCP_REPAIR_QUEUE:
		if (!tp->repair)
			return -EPERM;
		if ((unsigned int)val >= TCP_QUEUES_NR)
			return -EINVAL;
		tp->repair_queue = val;
		return 0;
	case TCP_QUEUE_SEQ:
		/* Set before the connection is restored, never after. */
		if (sk->sk_state != TCP_CLOSE)
			return -EPERM;
		if (tp->repair_queue == TCP_SEND_QUEUE) {
			if (!skb_queue_empty(&tp->rtx_queue))
				return -EPERM;
			WRITE_ONCE(tp->write_seq, val);
		} else if (tp->repair_queue == TCP_RECV_QUEUE) {
			if (tp->rcv_nxt != tp->copied_seq)
				return -EPERM;
			WRITE_ONCE(tp->rcv_nxt, val);
			WRITE_ONCE(tp->copied_seq, val);
		} else {
			return -EINVAL;
		}
		return 0;
	case TCP_TIMESTAMP:
		/*
		 * Repair mode only: the TSval clock of the dumped
		 * connection.  The low bit asks Linux for a microsecond
		 * clock (tcp_usec_ts), which xinet does not run: its
		 * clock stays in milliseconds, as Linux's best effort.
		 */
		if (!tp->repair)
			return -EPERM;
		WRITE_ONCE(tp->tsoffset, val - xtcp_clock_ts());
		return 0;
	case TCP_FASTOPEN:
		if (val < 0)
			return -EINVAL;
		return xtcp_fastopen_set_listen(sk, val);
	case TCP_FASTOPEN_CONNECT:
		if (val > 1 || val < 0)
			return -EINVAL;
		if (!(READ_ONCE(xinet_net(sock_net(sk))->sysctl_tcp_fastopen) &
		      XTFO_CLIENT_ENABLE))
			return -EOPNOTSUPP;
		if (sk->sk_state != TCP_CLOSE)
			return -EINVAL;
		tp->fastopen_connect = val;
		return 0;
	case TCP_FASTOPEN_NO_COOKIE:
		if (val > 1 || val < 0)
			return -EINVAL;
		if (!((1 << sk->sk_state) & (TCPF_CLOSE | TCPF_LISTEN)))
			return -EINVAL;
		tp->fastopen_no_cookie = val;
		return 0;
	case XTCP_FLIGHT_RECORDER:
		return xtcp_rec_set_size(sk, val);
	default:
		return -ENOPROTOOPT;
	}
}

/**
 * xtcp_setsockopt - setsockopt(2) at SOL_TCP; SOL_IP goes to the IP layer
 * @sk: the socket
 * @level: the level
 * @optname: the option
 * @optval: its value
 * @optlen: its length
 *
 * Return: 0 or a negative errno, as AF_INET's for each option.
 */
int xtcp_setsockopt(struct sock *sk, int level, int optname,
		    sockptr_t optval, unsigned int optlen)
{
	int val, err;

	if (level != SOL_TCP)
		return xip_setsockopt(sk, level, optname, optval, optlen);

	if (optname == TCP_CONGESTION) {
		char name[XTCP_CA_NAME_MAX];

		if (optlen < 1)
			return -EINVAL;
		val = strncpy_from_sockptr(name, optval,
					   min_t(long, XTCP_CA_NAME_MAX - 1,
						 optlen));
		if (val < 0)
			return -EFAULT;
		name[val] = 0;
		lock_sock(sk);
		err = xtcp_set_congestion_control(sk, name,
						  ns_capable(sock_net(sk)->user_ns,
							     CAP_NET_ADMIN));
		release_sock(sk);
		return err;
	}

	if (optname == TCP_ULP) {
		char name[XTCP_ULP_NAME_MAX];

		if (optlen < 1)
			return -EINVAL;
		val = strncpy_from_sockptr(name, optval,
					   min_t(long, XTCP_ULP_NAME_MAX - 1,
						 optlen));
		if (val < 0)
			return -EFAULT;
		name[val] = 0;
		lock_sock(sk);
		err = xtcp_set_ulp(sk, name);
		release_sock(sk);
		return err;
	}

	if (optname == TCP_FASTOPEN_KEY) {
		u8 key[XTCP_FASTOPEN_KEY_LENGTH * 2];

		/* A primary key, and a backup one for rotation. */
		if (optlen != sizeof(key) && optlen != XTCP_FASTOPEN_KEY_LENGTH)
			return -EINVAL;
		if (copy_from_sockptr(key, optval, optlen))
			return -EFAULT;
		xtcp_fastopen_set_sk_key(sk, key, optlen == sizeof(key) ?
					 key + XTCP_FASTOPEN_KEY_LENGTH : NULL);
		memzero_explicit(key, sizeof(key));
		return 0;
	}

	if (optlen < sizeof(int))
		return -EINVAL;
	if (copy_from_sockptr(&val, optval, sizeof(val)))
		return -EFAULT;

	if (optname == TCP_REPAIR_OPTIONS || optname == TCP_REPAIR_WINDOW) {
		lock_sock(sk);
		err = xtcp_setsockopt_repair(sk, optname, optval, optlen);
		release_sock(sk);
		return err;
	}

	/* Set without the socket lock, as Linux does. */
	if (optname == TCP_DEFER_ACCEPT) {
		WRITE_ONCE(xinet_csk(sk)->icsk_accept_queue.rskq_defer_accept,
			   xtcp_secs_to_retrans(val, XTCP_TIMEOUT_INIT / HZ,
						XTCP_RTO_MAX / HZ));
		return 0;
	}

	/* The int was read first: a shorter struct is EINVAL, as Linux. */
	if (optname == TCP_MD5SIG || optname == TCP_MD5SIG_EXT) {
		lock_sock(sk);
		err = xtcp_v4_parse_md5_keys(sk, optname, optval, optlen);
		release_sock(sk);
		return err;
	}

	lock_sock(sk);
	err = xtcp_setsockopt_locked(sk, optname, val);
	release_sock(sk);
	return err;
}

/* Twin of tcp_get_info_chrono_stats(): busy, rwnd- and sndbuf-limited us. */
static void xtcp_get_info_chrono_stats(const struct xtcp_sock *tp,
				       struct tcp_info *info)
{
	u64 stats[__XTCP_CHRONO_MAX], total = 0;
	enum xtcp_chrono i;

	for (i = XTCP_CHRONO_BUSY; i < __XTCP_CHRONO_MAX; ++i) {
		stats[i] = tp->chrono_stat[i - 1];
		if (i == tp->chrono_type)
			stats[i] += (u32)jiffies - tp->chrono_start;
		stats[i] *= USEC_PER_SEC / HZ;
		total += stats[i];
	}
	info->tcpi_busy_time = total;
	info->tcpi_rwnd_limited = stats[XTCP_CHRONO_RWND_LIMITED];
	info->tcpi_sndbuf_limited = stats[XTCP_CHRONO_SNDBUF_LIMITED];
}

/*
 * Twin of tcp_compute_delivery_rate(): the saved rate sample in bytes
 * per second (segments of the current MSS), 0 before the first.
 */
static u64 xtcp_compute_delivery_rate(const struct xtcp_sock *tp)
{
	u32 rate = READ_ONCE(tp->rate_delivered);
	u32 intv = READ_ONCE(tp->rate_interval_us);
	u64 rate64 = 0;

	if (rate && intv) {
		rate64 = (u64)rate * tp->mss_cache * USEC_PER_SEC;
		do_div(rate64, intv);
	}
	return rate64;
}

/**
 * xtcp_get_info - fill struct tcp_info (twin of tcp_get_info)
 * @sk: the socket
 * @info: where to write
 */
void xtcp_get_info(struct sock *sk, struct tcp_info *info)
{
	const struct xinet_connection_sock *icsk = xinet_csk(sk);
	const struct xtcp_sock *tp = xtcp_sk(sk);
	unsigned long rate;
	u64 rate64;
	u32 now;
	bool slow;

	memset(info, 0, sizeof(*info));
	if (sk->sk_type != SOCK_STREAM)
		return;

	info->tcpi_state = xinet_sk_state_load(sk);
	rate = READ_ONCE(sk->sk_pacing_rate);
	info->tcpi_pacing_rate = rate != ~0UL ? rate : ~0ULL;
	rate = READ_ONCE(sk->sk_max_pacing_rate);
	info->tcpi_max_pacing_rate = rate != ~0UL ? rate : ~0ULL;
	info->tcpi_reordering = tp->reordering;
	info->tcpi_snd_cwnd = tp->snd_cwnd;
	if (info->tcpi_state == TCP_LISTEN) {
		/* Listeners: the accept queue's length and bound. */
		info->tcpi_unacked = READ_ONCE(sk->sk_ack_backlog);
		info->tcpi_sacked = READ_ONCE(sk->sk_max_ack_backlog);
		return;
	}

	slow = lock_sock_fast(sk);
	info->tcpi_ca_state = icsk->icsk_ca_state;
	info->tcpi_retransmits = icsk->icsk_retransmits;
	info->tcpi_probes = icsk->icsk_probes_out;
	info->tcpi_backoff = icsk->icsk_backoff;
	if (tp->rx_opt.tstamp_ok)
		info->tcpi_options |= TCPI_OPT_TIMESTAMPS;
	if (tp->rx_opt.sack_ok)
		info->tcpi_options |= TCPI_OPT_SACK;
	if (tp->rx_opt.wscale_ok) {
		info->tcpi_options |= TCPI_OPT_WSCALE;
		info->tcpi_snd_wscale = tp->rx_opt.snd_wscale;
		info->tcpi_rcv_wscale = tp->rx_opt.rcv_wscale;
	}
	if (tp->ecn_flags & XTCP_ECN_OK)
		info->tcpi_options |= TCPI_OPT_ECN;
	if (tp->ecn_flags & XTCP_ECN_SEEN)
		info->tcpi_options |= TCPI_OPT_ECN_SEEN;
	if (tp->syn_data_acked)
		info->tcpi_options |= TCPI_OPT_SYN_DATA;
	info->tcpi_fastopen_client_fail = tp->fastopen_client_fail;
	info->tcpi_rto = jiffies_to_usecs(icsk->icsk_rto);
	info->tcpi_ato = jiffies_to_usecs(min_t(u32, icsk->icsk_ack.ato,
						icsk->icsk_delack_max ? :
						XTCP_DELACK_MAX));
	info->tcpi_snd_mss = tp->mss_cache;
	info->tcpi_rcv_mss = icsk->icsk_ack.rcv_mss;
	info->tcpi_unacked = tp->packets_out;
	info->tcpi_sacked = tp->sacked_out;
	info->tcpi_lost = tp->lost_out;
	info->tcpi_retrans = tp->retrans_out;

	now = jiffies;
	info->tcpi_last_data_sent = jiffies_to_msecs(now - tp->lsndtime);
	info->tcpi_last_data_recv = jiffies_to_msecs(now - icsk->icsk_ack.lrcvtime);
	info->tcpi_last_ack_recv = jiffies_to_msecs(now - tp->rcv_tstamp);

	info->tcpi_pmtu = icsk->icsk_pmtu_cookie;
	info->tcpi_rcv_ssthresh = tp->rcv_ssthresh;
	info->tcpi_rtt = tp->srtt_us >> 3;
	info->tcpi_rttvar = tp->mdev_us >> 2;
	info->tcpi_snd_ssthresh = tp->snd_ssthresh;
	info->tcpi_advmss = tp->advmss;
	info->tcpi_rcv_rtt = tp->rcv_rtt_us >> 3;
	info->tcpi_rcv_space = tp->rcv_space;
	info->tcpi_total_retrans = tp->total_retrans;
	info->tcpi_bytes_acked = tp->bytes_acked;
	info->tcpi_bytes_received = tp->bytes_received;
	info->tcpi_notsent_bytes = max_t(int, 0, tp->write_seq - tp->snd_nxt);
	xtcp_get_info_chrono_stats(tp, info);
	info->tcpi_segs_out = tp->segs_out;
	info->tcpi_segs_in = READ_ONCE(tp->segs_in);
	info->tcpi_data_segs_in = READ_ONCE(tp->data_segs_in);
	info->tcpi_min_rtt = xtcp_min_rtt(tp);
	info->tcpi_data_segs_out = tp->data_segs_out;
	info->tcpi_delivery_rate_app_limited = tp->rate_app_limited ? 1 : 0;
	rate64 = xtcp_compute_delivery_rate(tp);
	if (rate64)
		info->tcpi_delivery_rate = rate64;
	info->tcpi_delivered = tp->delivered;
	info->tcpi_delivered_ce = tp->delivered_ce;
	info->tcpi_bytes_sent = tp->bytes_sent;
	info->tcpi_bytes_retrans = tp->bytes_retrans;
	info->tcpi_rcv_ooopack = tp->rcv_ooopack;
	info->tcpi_reord_seen = tp->reord_seen;
	info->tcpi_dsack_dups = tp->dsack_dups;
	info->tcpi_snd_wnd = tp->snd_wnd;
	xinet_tcp_info_set_rcv_wnd(info, tp->rcv_wnd);
	xinet_tcp_info_set_rto_stats(info, tp->total_rto,
				     tp->total_rto_recoveries,
				     tp->total_rto_time +
				     (tp->rto_stamp ?
				      xtcp_clock_ms() - tp->rto_stamp : 0));
	unlock_sock_fast(sk, slow);
}

/*
 * TCP_SAVED_SYN: the headers of the SYN, once (they are freed when
 * read); EINVAL with the size needed when @len is short, length 0 when
 * there is none.
 */
static int xtcp_get_saved_syn(struct sock *sk, char __user *optval,
			      int __user *optlen, int len)
{
	struct xtcp_sock *tp = xtcp_sk(sk);
	int err = 0;
	u32 need;

	lock_sock(sk);
	if (!tp->saved_syn) {
		release_sock(sk);
		return put_user(0, optlen) ? -EFAULT : 0;
	}
	need = xtcp_saved_syn_len(tp->saved_syn);
	if (put_user(need, optlen)) {
		err = -EFAULT;
	} else if (len < need) {
		err = -EINVAL;
	} else if (copy_to_user(optval, tp->saved_syn->data, need)) {
		err = -EFAULT;
	} else {
		kfree(tp->saved_syn);
		tp->saved_syn = NULL;
	}
	release_sock(sk);
	return err;
}

#ifdef CONFIG_MMU
/*
 * TCP_CMSG_TS (include/net/tcp.h): the one bit zc->msg_flags may carry
 * in, a receive timestamp to put into msg_control.  xinet's TCP records
 * no receive timestamps (its recvmsg gives no SO_TIMESTAMP* cmsg
 * either), so none comes back, and msg_control stays as it was, as
 * Linux leaves it when no skb had one.
 */
#define XTCP_CMSG_TS			2
#define XTCP_VALID_ZC_MSG_FLAGS		XTCP_CMSG_TS

/*
 * getsockopt(TCP_ZEROCOPY_RECEIVE), do_tcp_getsockopt()'s case: @len is
 * the caller's size of struct tcp_zerocopy_receive, which grew field by
 * field since 4.18.  At least up to .length, a longer one only with
 * zeros past what this kernel knows (its size goes back in @optlen);
 * the fields the caller has are filled in, and only those.
 */
static int xtcp_getsockopt_zerocopy_receive(struct sock *sk,
					    char __user *optval,
					    int __user *optlen, int len)
{
	struct tcp_zerocopy_receive zc = {};
	int err;

	if (len < offsetofend(struct tcp_zerocopy_receive, length))
		return -EINVAL;
	if (unlikely(len > sizeof(zc))) {
		err = check_zeroed_user(optval + sizeof(zc), len - sizeof(zc));
		if (err < 1)
			return err == 0 ? -EINVAL : err;
		len = sizeof(zc);
		if (put_user(len, optlen))
			return -EFAULT;
	}
	if (copy_from_user(&zc, optval, len))
		return -EFAULT;
	if (zc.reserved)
		return -EINVAL;
	if (zc.msg_flags & ~XTCP_VALID_ZC_MSG_FLAGS)
		return -EINVAL;

	lock_sock(sk);
	err = xtcp_zerocopy_receive(sk, &zc);
	release_sock(sk);

	/*
	 * The out fields the caller's struct has, as Linux fills them: all
	 * from msg_flags on; err and inq for a size that ends at a field
	 * between them; inq for one that ends at inq; none otherwise.
	 */
	if (len >= offsetofend(struct tcp_zerocopy_receive, msg_flags)) {
		zc.msg_flags = 0;	/* no receive timestamp, see above */
		goto sk_err;
	}
	switch (len) {
	case offsetofend(struct tcp_zerocopy_receive, msg_controllen):
	case offsetofend(struct tcp_zerocopy_receive, msg_control):
	case offsetofend(struct tcp_zerocopy_receive, flags):
	case offsetofend(struct tcp_zerocopy_receive, copybuf_len):
	case offsetofend(struct tcp_zerocopy_receive, copybuf_address):
	case offsetofend(struct tcp_zerocopy_receive, err):
		goto sk_err;
	case offsetofend(struct tcp_zerocopy_receive, inq):
		goto inq;
	default:
		goto out;
	}
sk_err:
	if (!err)
		zc.err = sock_error(sk);
inq:
	zc.inq = xtcp_inq_hint(sk);
out:
	if (!err && copy_to_user(optval, &zc, len))
		err = -EFAULT;
	return err;
}
#endif

/**
 * xtcp_getsockopt - getsockopt(2) at SOL_TCP; SOL_IP goes to the IP layer
 * @sk: the socket
 * @level: the level
 * @optname: the option
 * @optval: where to write
 * @optlen: its length, in and out
 *
 * Return: 0 or a negative errno.
 */
int xtcp_getsockopt(struct sock *sk, int level, int optname,
		    char __user *optval, int __user *optlen)
{
	struct xinet_connection_sock *icsk = xinet_csk(sk);
	struct xinet_net *xn = xinet_net(sock_net(sk));
	struct xtcp_sock *tp = xtcp_sk(sk);
	int val, len;

	if (level != SOL_TCP)
		return xip_getsockopt(sk, level, optname, optval, optlen);

	if (get_user(len, optlen))
		return -EFAULT;
	if (len < 0)
		return -EINVAL;

	switch (optname) {
	case TCP_INFO: {
		struct tcp_info info;

		xtcp_get_info(sk, &info);
		len = min_t(unsigned int, len, sizeof(info));
		if (put_user(len, optlen))
			return -EFAULT;
		if (copy_to_user(optval, &info, len))
			return -EFAULT;
		return 0;
	}
	case TCP_CONGESTION: {
		const struct xtcp_congestion_ops *ca = icsk->icsk_ca_ops;

		len = min_t(unsigned int, len, XTCP_CA_NAME_MAX);
		if (put_user(len, optlen))
			return -EFAULT;
		if (copy_to_user(optval, ca ? ca->name : "", len))
			return -EFAULT;
		return 0;
	}
	case TCP_MAXSEG:
		val = tp->mss_cache;
		if (tp->rx_opt.user_mss &&
		    ((1 << sk->sk_state) & (TCPF_CLOSE | TCPF_LISTEN)))
			val = tp->rx_opt.user_mss;
		/* To be dumped: the peer's MSS, for TCP_REPAIR_OPTIONS. */
		if (tp->repair)
			val = tp->rx_opt.mss_clamp;
		break;
	case TCP_NODELAY:
		val = !!(tp->nonagle & XTCP_NAGLE_OFF);
		break;
	case TCP_CORK:
		val = !!(tp->nonagle & XTCP_NAGLE_CORK);
		break;
	case TCP_KEEPIDLE:
		val = xtcp_keepalive_time_when(tp) / HZ;
		break;
	case TCP_KEEPINTVL:
		val = xtcp_keepalive_intvl_when(tp) / HZ;
		break;
	case TCP_KEEPCNT:
		val = xtcp_keepalive_probes(tp);
		break;
	case TCP_SYNCNT:
		val = READ_ONCE(icsk->icsk_syn_retries) ? :
		      READ_ONCE(xn->sysctl_tcp_syn_retries);
		break;
	case TCP_LINGER2:
		val = READ_ONCE(tp->linger2);
		if (val >= 0)
			val = (val ? : READ_ONCE(xn->sysctl_tcp_fin_timeout)) / HZ;
		break;
	case TCP_USER_TIMEOUT:
		val = READ_ONCE(icsk->icsk_user_timeout);
		break;
	case TCP_QUICKACK:
		val = !xinet_csk_in_pingpong_mode(sk);
		break;
	case TCP_WINDOW_CLAMP:
		val = READ_ONCE(tp->window_clamp);
		break;
	case TCP_NOTSENT_LOWAT:
		val = READ_ONCE(tp->notsent_lowat);
		break;
	case TCP_DEFER_ACCEPT:
		val = READ_ONCE(icsk->icsk_accept_queue.rskq_defer_accept);
		val = xtcp_retrans_to_secs(val, XTCP_TIMEOUT_INIT / HZ,
					   XTCP_RTO_MAX / HZ);
		break;
	case TCP_THIN_LINEAR_TIMEOUTS:
		val = tp->thin_lto;
		break;
	case TCP_THIN_DUPACK:
		val = 0;
		break;
	case TCP_INQ:
		val = tp->recvmsg_inq;
		break;
	case TCP_TX_DELAY:
		val = READ_ONCE(tp->tcp_tx_delay);
		break;
	case TCP_SAVE_SYN:
		val = tp->save_syn;
		break;
	case TCP_FASTOPEN:
		val = READ_ONCE(icsk->icsk_accept_queue.fastopen_max_qlen);
		break;
	case TCP_FASTOPEN_CONNECT:
		val = tp->fastopen_connect;
		break;
	case TCP_FASTOPEN_NO_COOKIE:
		val = tp->fastopen_no_cookie;
		break;
	case TCP_FASTOPEN_KEY: {
		u64 key[XTCP_FASTOPEN_KEY_LENGTH * 2 / sizeof(u64)];
		unsigned int key_len;

		key_len = xtcp_fastopen_get_sk_key(sk, key) *
			  XTCP_FASTOPEN_KEY_LENGTH;
		len = min_t(unsigned int, len, key_len);
		if (put_user(len, optlen) || copy_to_user(optval, key, len)) {
			memzero_explicit(key, sizeof(key));
			return -EFAULT;
		}
		memzero_explicit(key, sizeof(key));
		return 0;
	}
	case TCP_SAVED_SYN:
		return xtcp_get_saved_syn(sk, optval, optlen, len);
#ifdef CONFIG_MMU
	case TCP_ZEROCOPY_RECEIVE:
		return xtcp_getsockopt_zerocopy_receive(sk, optval, optlen,
							len);
#endif
	case TCP_ULP:
		/* No ULP is ever attached (xtcp_set_ulp): an empty name. */
		len = 0;
		if (put_user(len, optlen))
			return -EFAULT;
		return 0;
	case TCP_IS_MPTCP:
		/* A plain TCP socket, as AF_INET's answer. */
		val = 0;
		break;
	case TCP_CC_INFO:
		/* Neither Reno nor CUBIC has anything to tell (no get_info). */
		len = 0;
		if (put_user(len, optlen))
			return -EFAULT;
		return 0;
	case TCP_REPAIR:
		val = tp->repair;
		break;
	case TCP_REPAIR_QUEUE:
		if (!tp->repair)
			return -EINVAL;
		val = tp->repair_queue;
		break;
	case TCP_REPAIR_WINDOW: {
		struct tcp_repair_window opt;

		if (len != sizeof(opt))
			return -EINVAL;
		if (!tp->repair)
			return -EPERM;
		lock_sock(sk);
		opt.snd_wl1 = tp->snd_wl1;
		opt.snd_wnd = tp->snd_wnd;
		opt.max_window = tp->max_window;
		opt.rcv_wnd = tp->rcv_wnd;
		opt.rcv_wup = tp->rcv_wup;
		release_sock(sk);
		if (copy_to_user(optval, &opt, len))
			return -EFAULT;
		return 0;
	}
	case TCP_QUEUE_SEQ:
		/* The end of the queue: the dump gives its length. */
		if (tp->repair_queue == TCP_SEND_QUEUE)
			val = READ_ONCE(tp->write_seq);
		else if (tp->repair_queue == TCP_RECV_QUEUE)
			val = READ_ONCE(tp->rcv_nxt);
		else
			return -EINVAL;
		break;
	case TCP_TIMESTAMP:
		/* The TSval clock now; the low bit says usec_ts, never set. */
		val = (xtcp_clock_ts() + READ_ONCE(tp->tsoffset)) & ~1U;
		break;
	case XTCP_FLIGHT_RECORDER:
		val = xtcp_rec_get_size(sk);
		break;
	case XTCP_FLIGHT_RECORD:
		return xtcp_rec_getsockopt(sk, optval, optlen, len);
	default:
		return -ENOPROTOOPT;
	}

	len = min_t(unsigned int, len, sizeof(int));
	if (put_user(len, optlen))
		return -EFAULT;
	if (copy_to_user(optval, &val, len))
		return -EFAULT;
	return 0;
}

/* ---- TCP-MD5 (RFC 2385) -------------------------------------------------- */

/*
 * The digest's pool.  Linux 6.12 signs with tcp_sigpool: an ahash "md5"
 * and a scratch area per CPU, made when the first key is added and freed
 * with the last (refcounted, as the tcp_md5_needed static branch is).
 * xinet keeps the crypto API's "md5" shash and one descriptor per CPU,
 * made lazily by the first TCP_MD5SIG and kept until the module goes, as
 * Linux 6.1's tcp_md5sig_pool was: the static branch is then only ever
 * turned on, and no segment path has to take a reference.  A descriptor
 * is used with BHs off, so that softirq and process context on one CPU
 * never share it.
 */
DEFINE_STATIC_KEY_FALSE(xtcp_md5_needed);
static DEFINE_MUTEX(xtcp_md5_pool_mutex);
static struct crypto_shash *xtcp_md5_tfm;
static DEFINE_PER_CPU(struct shash_desc *, xtcp_md5_desc);

/**
 * xtcp_md5_alloc_sigpool - make the digest's pool if it is not made yet
 *	(twin of tcp_md5_alloc_sigpool); process context
 *
 * Return: 0, or -ENOMEM (also when the kernel has no "md5").
 */
int xtcp_md5_alloc_sigpool(void)
{
	struct crypto_shash *tfm;
	int cpu, err = 0;

	if (xtcp_md5_enabled())
		return 0;
	mutex_lock(&xtcp_md5_pool_mutex);
	if (xtcp_md5_tfm)
		goto out;
	tfm = crypto_alloc_shash("md5", 0, 0);
	if (IS_ERR(tfm)) {
		err = -ENOMEM;
		goto out;
	}
	for_each_possible_cpu(cpu) {
		struct shash_desc *desc;

		desc = kzalloc_node(sizeof(*desc) + crypto_shash_descsize(tfm),
				    GFP_KERNEL, cpu_to_node(cpu));
		if (!desc) {
			err = -ENOMEM;
			break;
		}
		desc->tfm = tfm;
		per_cpu(xtcp_md5_desc, cpu) = desc;
	}
	if (err) {
		for_each_possible_cpu(cpu) {
			kfree(per_cpu(xtcp_md5_desc, cpu));
			per_cpu(xtcp_md5_desc, cpu) = NULL;
		}
		crypto_free_shash(tfm);
		goto out;
	}
	xtcp_md5_tfm = tfm;
	/* Segments look for keys from now on; the pool is ready for them. */
	static_branch_enable(&xtcp_md5_needed);
out:
	mutex_unlock(&xtcp_md5_pool_mutex);
	return err;
}

/**
 * xtcp_md5_exit - free the digest's pool; the module goes, no socket is
 *	left
 */
void xtcp_md5_exit(void)
{
	int cpu;

	if (!xtcp_md5_tfm)
		return;
	for_each_possible_cpu(cpu) {
		kfree_sensitive(per_cpu(xtcp_md5_desc, cpu));
		per_cpu(xtcp_md5_desc, cpu) = NULL;
	}
	crypto_free_shash(xtcp_md5_tfm);
	xtcp_md5_tfm = NULL;
}

/**
 * xtcp_md5_hash_start - this CPU's digest, initialised (twin of
 *	tcp_sigpool_start); BHs are off until xtcp_md5_hash_end()
 *
 * Return: the descriptor, or NULL (BHs on again) when no pool is made or
 * the init failed.
 */
struct shash_desc *xtcp_md5_hash_start(void)
{
	struct shash_desc *desc;

	local_bh_disable();
	desc = this_cpu_read(xtcp_md5_desc);
	if (unlikely(!desc) || crypto_shash_init(desc)) {
		local_bh_enable();
		return NULL;
	}
	return desc;
}

/**
 * xtcp_md5_hash_end - done with the descriptor of xtcp_md5_hash_start()
 *	(twin of tcp_sigpool_end)
 * @desc: the descriptor
 */
void xtcp_md5_hash_end(struct shash_desc *desc)
{
	local_bh_enable();
}

/**
 * xtcp_md5_hash_skb_data - the segment's data into the digest (twin of
 *	tcp_sigpool_hash_skb_data)
 * @desc: the digest, from xtcp_md5_hash_start()
 * @skb: the segment, its TCP header at offset 0 of its data
 * @header_len: bytes of TCP header (options included) to skip
 *
 * Return: 0, or the crypto API's error.
 */
int xtcp_md5_hash_skb_data(struct shash_desc *desc,
			   const struct sk_buff *skb, unsigned int header_len)
{
	const unsigned int offset = skb_transport_offset(skb) + header_len;
	struct skb_seq_state st;
	unsigned int consumed = 0, len;
	const u8 *data;
	int err = 0;

	if (offset >= skb->len)
		return 0;
	/* Head, page frags and the frag list alike, mapped a piece at a time. */
	skb_prepare_seq_read((struct sk_buff *)skb, offset, skb->len, &st);
	while ((len = skb_seq_read(consumed, &data, &st)) != 0) {
		err = crypto_shash_update(desc, data, len);
		if (err) {
			skb_abort_seq_read(&st);
			break;
		}
		consumed += len;
	}
	return err;
}

/**
 * xtcp_md5_hash_key - the key, last, into the digest (twin of
 *	tcp_md5_hash_key)
 * @desc: the digest
 * @key: the key
 *
 * Return: 0, or the crypto API's error.
 */
int xtcp_md5_hash_key(struct shash_desc *desc,
		      const struct xtcp_md5sig_key *key)
{
	/* Pairs with WRITE_ONCE() in __xtcp_md5_do_add(). */
	u8 keylen = READ_ONCE(key->keylen);

	/*
	 * A key being changed may be seen new in length and old in bytes;
	 * the bytes past the old length were zeroed at allocation.
	 */
	return keylen ? crypto_shash_update(desc, key->key, keylen) : 0;
}

/*
 * Twin of tcp_inbound_md5_hash(): a segment that carries a signature.
 * Three drops: no key for a signed segment, a wrong signature (the
 * unsigned segment where a key exists was caught by the caller).
 */
static enum skb_drop_reason
xtcp_inbound_md5_hash(const struct sock *sk, const struct sk_buff *skb,
		      int l3index, const u8 *hash_location)
{
	const struct iphdr *iph = ip_hdr(skb);
	struct xtcp_md5sig_key *key;
	u8 newhash[16];
	int genhash;

	key = xtcp_md5_do_lookup(sk, l3index, iph->saddr);
	if (!key) {
		__XNET_INC_STATS(sock_net(sk), LINUX_MIB_TCPMD5UNEXPECTED);
		return SKB_DROP_REASON_TCP_MD5UNEXPECTED;
	}
	genhash = xtcp_v4_md5_hash_skb(newhash, key, iph->saddr, iph->daddr,
				       skb);
	if (genhash || crypto_memneq(hash_location, newhash, 16)) {
		__XNET_INC_STATS(sock_net(sk), LINUX_MIB_TCPMD5FAILURE);
		return SKB_DROP_REASON_TCP_MD5FAILURE;
	}
	return SKB_NOT_DROPPED_YET;
}

/**
 * xtcp_inbound_hash - check a segment's TCP-MD5 signature against the
 *	keys of @sk (twin of tcp_inbound_hash); under rcu_read_lock()
 * @sk: the full socket or the listener the segment is for
 * @skb: the segment, its TCP header at the transport header
 *
 * xinet's input has no L3 domain (no sdif), so its l3index is 0: keys
 * bound to an L3 master device (TCP_MD5SIG_FLAG_IFINDEX) match nothing.
 *
 * Return: SKB_NOT_DROPPED_YET, or why the segment must be dropped:
 * a bad option (SKB_DROP_REASON_TCP_AUTH_HDR), a missing, unexpected
 * or wrong signature (SKB_DROP_REASON_TCP_MD5*), counted in TcpExt.
 */
enum skb_drop_reason xtcp_inbound_hash(struct sock *sk,
				       const struct sk_buff *skb)
{
	const u8 *md5_location;
	const int l3index = 0;

	/* A bad option, or the signature twice. */
	if (xtcp_parse_md5sig_option(xtcp_hdr(skb), &md5_location))
		return XINET_DROP_REASON_TCP_AUTH_HDR;

	/* Fast path: unsigned segments */
	if (likely(!md5_location)) {
		if (unlikely(xtcp_md5_do_lookup(sk, l3index,
						ip_hdr(skb)->saddr))) {
			__XNET_INC_STATS(sock_net(sk),
					 LINUX_MIB_TCPMD5NOTFOUND);
			return SKB_DROP_REASON_TCP_MD5NOTFOUND;
		}
		return SKB_NOT_DROPPED_YET;
	}
	return xtcp_inbound_md5_hash(sk, skb, l3index, md5_location);
}
