// SPDX-License-Identifier: GPL-2.0
/*
 * xinet: building and sending TCP segments, twin of net/ipv4/tcp_output.c.
 *
 * The user's data waits on sk->sk_write_queue as skbs of at most one MSS;
 * xtcp_write_xmit() sends what the peer's window, the congestion window
 * and Nagle allow, and moves each sent skb to tp->rtx_queue, where it
 * stays until acknowledged.  A clone goes to the IP layer, so that the
 * original can be sent again.  Both queues belong to the socket lock.
 *
 * No TSO/GSO yet.  SYNs carry MSS, window scale, SACK-permitted and
 * timestamps as the namespace's sysctls say; once agreed, timestamps go
 * on every segment.
 */

#include <linux/skbuff.h>
#include <net/checksum.h>
#include <net/sock.h>
#include <net/tcp_states.h>
#include <net/xinet/compat.h>
#include <net/xinet/netns.h>
#include <net/xinet/xroute.h>
#include <net/xinet/xtcp.h>
#include <net/xinet/xtcp_recorder.h>
#include <net/xinet/xtcp_trace.h>

/**
 * xtcp_route - route a segment of @sk to its peer, through the socket's
 *	cached route (xip_route_output_sk(), as ip_queue_xmit() uses
 *	__sk_dst_check())
 * @sk: the socket, its identity set
 * @rt: the route, put by the caller on success
 *
 * Return: 0 or a negative errno.
 */
int xtcp_route(struct sock *sk, struct xrtable *rt)
{
	struct xinet_sock *xinet = xinet_sk(sk);
	const struct ip_options_rcu *inet_opt;
	struct xflowi4 fl4 = {
		.oif	= READ_ONCE(sk->sk_bound_dev_if),
		.proto	= IPPROTO_TCP,
		.daddr	= xinet->xinet_daddr,
		.saddr	= xinet->xinet_saddr,
		.sport	= xinet->xinet_sport,
		.dport	= xinet->xinet_dport,
	};

	/* A source route (IP_OPTIONS) goes to its first hop. */
	rcu_read_lock();
	inet_opt = rcu_dereference(xinet->xinet_opt);
	if (inet_opt && inet_opt->opt.srr)
		fl4.daddr = inet_opt->opt.faddr;
	rcu_read_unlock();
	return xip_route_output_sk(sk, &fl4, rt);
}

/**
 * xtcp_mss_clamp_for_mtu - the MSS to announce for a device MTU
 * @mtu: the route's MTU
 *
 * Return: @mtu less the IP and TCP headers, at least XTCP_MIN_MSS.
 */
u16 xtcp_mss_clamp_for_mtu(unsigned int mtu)
{
	unsigned int mss = mtu > 40 ? mtu - 40 : 0;

	return clamp_t(unsigned int, mss, XTCP_MIN_MSS, 65535U);
}

/**
 * xtcp_dst_advmss - the MSS to announce on a route (twin of
 *	dst_metric_advmss)
 * @rt: the route
 *
 * Return: the route's advmss metric, else its MTU less the headers.
 */
u16 xtcp_dst_advmss(const struct xrtable *rt)
{
	return rt->rt_metrics.advmss ? : xtcp_mss_clamp_for_mtu(rt->rt_mtu);
}

/**
 * xtcp_dst_init - what a connection takes from its route's metrics when
 *	it is set up
 * @sk: the connecting socket or the new child
 * @rt: its route
 *
 * Linux reads the socket's cached route each time (tcp_rto_min(),
 * tcp_in_quickack_mode(), tcp_init_cwnd()); xinet caches no route, so
 * the values are copied here: a locked rto_min (iproute2 always locks
 * it), quickack, initcwnd, and congctl (tcp_ca_dst_init()).
 */
void xtcp_dst_init(struct sock *sk, const struct xrtable *rt)
{
	const struct xfib_metrics *mx = &rt->rt_metrics;
	struct xtcp_sock *tp = xtcp_sk(sk);

	if (mx->rto_min && (mx->lock & BIT(RTAX_RTO_MIN)))
		xinet_csk(sk)->icsk_rto_min = msecs_to_jiffies(mx->rto_min);
	tp->dst_quickack = !!mx->quickack;
	tp->dst_initcwnd = mx->initcwnd;
	xtcp_ca_dst_init(sk, rt);
}

/**
 * xtcp_mtu_to_mss - the send MSS a path MTU allows (twin of tcp_mtu_to_mss)
 * @sk: the socket
 * @pmtu: the path MTU
 *
 * Return: the MSS, bounded by what the peer announced.
 */
int xtcp_mtu_to_mss(const struct sock *sk, int pmtu)
{
	const struct xtcp_sock *tp = xtcp_sk(sk);
	int mss_now = pmtu - sizeof(struct iphdr) - sizeof(struct tcphdr) -
		      xinet_csk(sk)->icsk_ext_hdr_len;

	if (tp->rx_opt.mss_clamp && mss_now > tp->rx_opt.mss_clamp)
		mss_now = tp->rx_opt.mss_clamp;
	/* Options ride in every segment's header. */
	mss_now -= tp->tcp_header_len - sizeof(struct tcphdr);
	return max(mss_now, XTCP_MIN_SND_MSS);
}

/**
 * xtcp_mss_to_mtu - the path MTU a send MSS fills (twin of tcp_mss_to_mtu,
 *	the inverse of xtcp_mtu_to_mss())
 * @sk: the socket
 * @mss: the MSS
 *
 * Return: @mss plus the TCP header with its options and the IP header.
 */
int xtcp_mss_to_mtu(const struct sock *sk, int mss)
{
	return mss + xtcp_sk(sk)->tcp_header_len +
	       xinet_csk(sk)->icsk_ext_hdr_len + sizeof(struct iphdr);
}

/**
 * xtcp_mtup_init - start packetization-layer PMTU discovery's state
 *	(twin of tcp_mtup_init)
 * @sk: the socket, its mss_clamp known
 *
 * The search runs between what the peer's MSS allows and what
 * tcp_base_mss fills; with tcp_mtu_probing 2 it is on from the start,
 * with 1 it waits for xtcp_write_timeout() to suspect a black hole.
 */
void xtcp_mtup_init(struct sock *sk)
{
	struct xinet_connection_sock *icsk = xinet_csk(sk);
	struct xinet_net *xn = xinet_net(sock_net(sk));

	icsk->icsk_mtup.enabled = READ_ONCE(xn->sysctl_tcp_mtu_probing) > 1;
	icsk->icsk_mtup.search_high = xtcp_sk(sk)->rx_opt.mss_clamp +
				      sizeof(struct tcphdr) +
				      sizeof(struct iphdr);
	icsk->icsk_mtup.search_low =
		xtcp_mss_to_mtu(sk, READ_ONCE(xn->sysctl_tcp_base_mss));
	icsk->icsk_mtup.probe_size = 0;
	if (icsk->icsk_mtup.enabled)
		icsk->icsk_mtup.probe_timestamp = jiffies;
}

/**
 * xtcp_sync_mss - recompute the send MSS for a path MTU (twin of
 *	tcp_sync_mss)
 * @sk: the socket
 * @pmtu: the path MTU
 *
 * Return: the new mss_cache.
 */
unsigned int xtcp_sync_mss(struct sock *sk, u32 pmtu)
{
	struct xinet_connection_sock *icsk = xinet_csk(sk);
	struct xtcp_sock *tp = xtcp_sk(sk);
	int mss_now;

	if (icsk->icsk_mtup.search_high > pmtu)
		icsk->icsk_mtup.search_high = pmtu;
	mss_now = xtcp_mtu_to_mss(sk, pmtu);
	mss_now = xtcp_bound_to_half_wnd(tp, mss_now);
	icsk->icsk_pmtu_cookie = pmtu;
	/* While probing, send what is known to cross, no more. */
	if (icsk->icsk_mtup.enabled)
		mss_now = min(mss_now,
			      xtcp_mtu_to_mss(sk, icsk->icsk_mtup.search_low));
	tp->mss_cache = mss_now;
	return mss_now;
}

/**
 * xtcp_select_initial_window - the window of a SYN and the scale we offer
 *	(twin of tcp_select_initial_window)
 * @sk: the socket (its namespace's limits)
 * @space: receive space in bytes (already the window share of the buffer)
 * @mss: the MSS we expect to receive
 * @rcv_wnd: out: the initial window
 * @window_clamp: in/out: the largest window (0: no clamp yet)
 * @wscale_ok: offer window scaling
 * @rcv_wscale: out: the shift we offer
 * @init_rcv_wnd: the route's initrwnd (segments), 0 for none
 */
void xtcp_select_initial_window(const struct sock *sk, int space, u32 mss,
				u32 *rcv_wnd, u32 *window_clamp,
				int wscale_ok, u8 *rcv_wscale,
				u32 init_rcv_wnd)
{
	const struct xinet_net *xn = xinet_net(sock_net(sk));
	unsigned int space_cap;

	if (space < 0)
		space = 0;
	/* A window clamp of zero means "none yet": the 16+14 bit maximum. */
	if (*window_clamp == 0)
		*window_clamp = (65535U << XTCP_MAX_WSCALE);
	space = min_t(u32, *window_clamp, space);

	/* Whole segments only. */
	if (space > mss)
		space = rounddown(space, mss);

	/* The SYN carries at most 65535 of it; later segments scale it. */
	*rcv_wnd = space;
	/* A route's initrwnd bounds the first window, in segments. */
	if (init_rcv_wnd)
		*rcv_wnd = min(*rcv_wnd, init_rcv_wnd * mss);
	*rcv_wscale = 0;
	if (wscale_ok) {
		/* Room for the buffer to grow to its maximum. */
		space_cap = max_t(unsigned int, READ_ONCE(xn->sysctl_tcp_rmem[2]),
				  READ_ONCE(sysctl_rmem_max));
		space_cap = max_t(unsigned int, space_cap, space);
		space_cap = min_t(unsigned int, *window_clamp, space_cap);
		*rcv_wscale = clamp_t(int, ilog2(space_cap) - 15, 0,
				      XTCP_MAX_WSCALE);
	}
	/*
	 * No ten-segment start (TCP_DEFAULT_INIT_RCVWND, gone from Linux):
	 * 6.12 offers the whole space unless a route says otherwise.
	 */
	*window_clamp = min_t(u32, 65535U << (*rcv_wscale), *window_clamp);
}

/**
 * __xtcp_select_window - the window we may offer now (twin of
 *	__tcp_select_window), with receiver-side silly window avoidance
 * @sk: the socket
 *
 * Return: the window in bytes, before scaling.
 */
u32 __xtcp_select_window(struct sock *sk)
{
	struct xinet_connection_sock *icsk = xinet_csk(sk);
	struct xtcp_sock *tp = xtcp_sk(sk);
	int mss = icsk->icsk_ack.rcv_mss;
	int free_space = xtcp_space(sk);
	int allowed_space = xtcp_full_space(sk);
	int full_space, window;

	full_space = min_t(int, tp->window_clamp, allowed_space);
	if (unlikely(mss > full_space)) {
		mss = full_space;
		if (mss <= 0)
			return 0;
	}
	if (free_space < (full_space >> 1)) {
		icsk->icsk_ack.quick = 0;
		free_space = round_down(free_space, 1 << tp->rx_opt.rcv_wscale);
		/* RFC 1122 4.2.3.3: no window smaller than a segment. */
		if (free_space < (allowed_space >> 4) || free_space < mss)
			return 0;
	}
	if (free_space > tp->rcv_ssthresh)
		free_space = tp->rcv_ssthresh;

	window = tp->rcv_wnd;
	if (tp->rx_opt.rcv_wscale) {
		window = ALIGN(free_space, 1 << tp->rx_opt.rcv_wscale);
	} else {
		/* Whole segments, and only change it when it matters. */
		if (window <= free_space - mss || window > free_space)
			window = rounddown(free_space, mss);
		else if (mss == full_space &&
			 free_space > window + (full_space >> 1))
			window = free_space;
	}
	return window;
}

/* The window field of an outgoing segment; never shrinks the window. */
static u16 xtcp_select_window(struct sock *sk)
{
	struct xtcp_sock *tp = xtcp_sk(sk);
	u32 cur_win = xtcp_receive_window(tp);
	u32 new_win = __xtcp_select_window(sk);

	if (new_win < cur_win)
		new_win = ALIGN(cur_win, 1 << tp->rx_opt.rcv_wscale);
	xtcp_rec_wnd_sent(sk, new_win);
	tp->rcv_wnd = new_win;
	tp->rcv_wup = tp->rcv_nxt;

	if (!tp->rx_opt.rcv_wscale)
		new_win = min(new_win, 65535U);
	else
		new_win = min(new_win, 65535U << tp->rx_opt.rcv_wscale);
	new_win >>= tp->rx_opt.rcv_wscale;
	/* A zero window: segments must meet the slow path's checks. */
	if (new_win == 0)
		tp->pred_flags = 0;
	return new_win;
}

/* Options of an outgoing segment, as tcp_out_options's OPTION_* bits. */
#define XOPTION_SACK_ADVERTISE	BIT(0)
#define XOPTION_TS		BIT(1)
#define XOPTION_MSS		BIT(2)
#define XOPTION_WSCALE		BIT(3)
/* Linux's OPTION_MD5 is BIT(2), which xinet's MSS bit took. */
#define XOPTION_MD5		BIT(4)
#define XOPTION_FAST_OPEN_COOKIE	BIT(8)

/**
 * struct xtcp_out_options - the options of a segment to send (twin of
 *	tcp_out_options)
 * @options: XOPTION_* bits
 * @mss: the MSS option's value
 * @ws: the window scale option's shift
 * @tsval: TSval, our clock plus the connection's offset
 * @tsecr: TSecr, the peer's TS.Recent
 * @num_sack_blocks: SACK blocks to write (the D-SACK one counted), 0
 *	for no SACK option
 * @fastopen_cookie: the Fast Open option's cookie (len 0: a request)
 * @hash_location: where xtcp_options_write() left room for the TCP-MD5
 *	signature, filled once the segment is complete
 */
struct xtcp_out_options {
	u16	options;
	u16	mss;
	u8	ws;
	u8	num_sack_blocks;
	u32	tsval;
	u32	tsecr;
	const struct xtcp_fastopen_cookie *fastopen_cookie;
	u8	*hash_location;
};

/* The Fast Open option: kind 34, or 254 with the magic; NOP, NOP pad. */
static void xtcp_options_write_fastopen(__be32 *ptr,
					const struct xtcp_fastopen_cookie *foc)
{
	u8 *p = (u8 *)ptr;
	u32 len;

	if (foc->exp) {
		len = XTCPOLEN_EXP_FASTOPEN_BASE + foc->len;
		*ptr = htonl((XTCPOPT_EXP << 24) | (len << 16) |
			     XTCPOPT_FASTOPEN_MAGIC);
		p += XTCPOLEN_EXP_FASTOPEN_BASE;
	} else {
		len = XTCPOLEN_FASTOPEN_BASE + foc->len;
		*p++ = XTCPOPT_FASTOPEN;
		*p++ = len;
	}
	memcpy(p, foc->val, foc->len);
	if ((len & 3) == 2) {
		p[foc->len] = XTCPOPT_NOP;
		p[foc->len + 1] = XTCPOPT_NOP;
	}
}

/* The room a Fast Open option takes, 32-bit aligned. */
static unsigned int xtcp_fastopen_opt_size(const struct xtcp_fastopen_cookie *foc)
{
	u32 need = foc->len + (foc->exp ? XTCPOLEN_EXP_FASTOPEN_BASE :
				       XTCPOLEN_FASTOPEN_BASE);

	return ALIGN(need, 4);
}

/*
 * Twin of tcp_options_write(): Linux's order and padding, so that the
 * two stacks' headers compare byte for byte: NOP NOP MD5SIG and room for
 * its 16 bytes; MSS; then SACK_PERM with TS
 * in one word, or NOP NOP TS; SACK_PERM alone as NOP NOP SACK_PERM; NOP
 * WSCALE; NOP NOP SACK and its blocks, the D-SACK block first (RFC 2883
 * section 4), which then has been sent; the Fast Open cookie, NOP-padded.
 * Every option ends on a 32-bit boundary.  @tp: the socket whose blocks
 * are sent, NULL for a request sock's SYN-ACK.
 */
static void xtcp_options_write(struct tcphdr *th, struct xtcp_sock *tp,
			       struct xtcp_out_options *opts)
{
	__be32 *ptr = (__be32 *)(th + 1);
	u16 options = opts->options;

	if (unlikely(options & XOPTION_MD5)) {
		*ptr++ = htonl((XTCPOPT_NOP << 24) | (XTCPOPT_NOP << 16) |
			       (XTCPOPT_MD5SIG << 8) | XTCPOLEN_MD5SIG);
		opts->hash_location = (u8 *)ptr;
		ptr += 4;
	}
	if (options & XOPTION_MSS)
		*ptr++ = htonl((XTCPOPT_MSS << 24) | (XTCPOLEN_MSS << 16) |
			       opts->mss);
	if (options & XOPTION_TS) {
		if (options & XOPTION_SACK_ADVERTISE) {
			*ptr++ = htonl((XTCPOPT_SACK_PERM << 24) |
				       (XTCPOLEN_SACK_PERM << 16) |
				       (XTCPOPT_TIMESTAMP << 8) |
				       XTCPOLEN_TIMESTAMP);
			options &= ~XOPTION_SACK_ADVERTISE;
		} else {
			*ptr++ = htonl((XTCPOPT_NOP << 24) |
				       (XTCPOPT_NOP << 16) |
				       (XTCPOPT_TIMESTAMP << 8) |
				       XTCPOLEN_TIMESTAMP);
		}
		*ptr++ = htonl(opts->tsval);
		*ptr++ = htonl(opts->tsecr);
	}
	if (options & XOPTION_SACK_ADVERTISE)
		*ptr++ = htonl((XTCPOPT_NOP << 24) | (XTCPOPT_NOP << 16) |
			       (XTCPOPT_SACK_PERM << 8) | XTCPOLEN_SACK_PERM);
	if (options & XOPTION_WSCALE)
		*ptr++ = htonl((XTCPOPT_NOP << 24) | (XTCPOPT_WINDOW << 16) |
			       (XTCPOLEN_WINDOW << 8) | opts->ws);
	if (unlikely(opts->num_sack_blocks)) {
		int this_sack, n = opts->num_sack_blocks;

		*ptr++ = htonl((XTCPOPT_NOP << 24) | (XTCPOPT_NOP << 16) |
			       (XTCPOPT_SACK << 8) |
			       (XTCPOLEN_SACK_BASE + n *
						     XTCPOLEN_SACK_PERBLOCK));
		if (tp->rx_opt.dsack) {
			*ptr++ = htonl(tp->duplicate_sack[0].start_seq);
			*ptr++ = htonl(tp->duplicate_sack[0].end_seq);
			n--;
		}
		for (this_sack = 0; this_sack < n; this_sack++) {
			*ptr++ = htonl(tp->selective_acks[this_sack].start_seq);
			*ptr++ = htonl(tp->selective_acks[this_sack].end_seq);
		}
		tp->rx_opt.dsack = 0;
	}
	if (unlikely(options & XOPTION_FAST_OPEN_COOKIE))
		xtcp_options_write_fastopen(ptr, opts->fastopen_cookie);
}

/*
 * Twin of tcp_syn_options(): our SYN offers what the namespace enables;
 * the SYN-ACK of a simultaneous open only what the peer's SYN offered
 * too (RFC 7323 sections 2.2 and 3.2).  With a TCP-MD5 @key the SYN
 * offers no timestamps, as Linux's: 20 bytes of signature and 12 of
 * timestamps would leave no room for SACK blocks later.  @now_ns: the
 * send time.  Return: the options' length.
 */
static unsigned int xtcp_syn_options(struct sock *sk, u8 tcp_flags, u64 now_ns,
				     struct xtcp_out_options *opts,
				     const struct xtcp_md5sig_key *key)
{
	struct xinet_net *xn = xinet_net(sock_net(sk));
	struct xtcp_sock *tp = xtcp_sk(sk);
	unsigned int size = XTCPOLEN_MSS;
	bool ts, ws, sack;

	if (tcp_flags & XTCPHDR_ACK) {
		ts = tp->rx_opt.tstamp_ok;
		ws = tp->rx_opt.wscale_ok;
		sack = tp->rx_opt.sack_ok;
	} else {
		ts = READ_ONCE(xn->sysctl_tcp_timestamps);
		ws = READ_ONCE(xn->sysctl_tcp_window_scaling);
		sack = READ_ONCE(xn->sysctl_tcp_sack);
	}
	opts->options = XOPTION_MSS;
	opts->num_sack_blocks = 0;
	opts->mss = tp->advmss;
	if (unlikely(key)) {
		ts = false;
		opts->options |= XOPTION_MD5;
		size += XTCPOLEN_MD5SIG_ALIGNED;
	}
	if (ts) {
		opts->options |= XOPTION_TS;
		opts->tsval = xtcp_ns_to_ts(now_ns) + tp->tsoffset;
		opts->tsecr = tp->rx_opt.ts_recent;
		size += XTCPOLEN_TSTAMP_ALIGNED;
	}
	if (ws) {
		opts->options |= XOPTION_WSCALE;
		opts->ws = tp->rx_opt.rcv_wscale;
		size += 4;	/* NOP, WSCALE */
	}
	if (sack) {
		opts->options |= XOPTION_SACK_ADVERTISE;
		/* With timestamps it shares their word. */
		if (!ts)
			size += 4;	/* NOP, NOP, SACK_PERM */
	}
	if (!(tcp_flags & XTCPHDR_ACK) && tp->fastopen_req &&
	    tp->fastopen_req->cookie.len >= 0) {
		const struct xtcp_fastopen_cookie *foc = &tp->fastopen_req->cookie;
		unsigned int need = xtcp_fastopen_opt_size(foc);

		if (size + need <= XMAX_TCP_OPTION_SPACE) {
			opts->options |= XOPTION_FAST_OPEN_COOKIE;
			opts->fastopen_cookie = foc;
			size += need;
			tp->syn_fastopen = 1;
			tp->syn_fastopen_exp = foc->exp ? 1 : 0;
		}
	}
	return size;
}

/*
 * Twin of tcp_synack_options(): the SYN-ACK of a request sock answers
 * the SYN's offers.  With a TCP-MD5 @key, SACK wins over timestamps
 * when the SYN offered both (no room for SACK blocks beside the two),
 * unless a SYN cookie encodes the options in the timestamp.  Return: the
 * options' length.
 */
static unsigned int xtcp_synack_options(struct xrequest_sock *req,
					u16 mss, u32 tsval,
					const struct xtcp_fastopen_cookie *foc,
					struct xtcp_out_options *opts,
					const struct xtcp_md5sig_key *key)
{
	unsigned int size = XTCPOLEN_MSS;

	opts->options = XOPTION_MSS;
	opts->num_sack_blocks = 0;
	opts->mss = mss;
	if (unlikely(key)) {
		opts->options |= XOPTION_MD5;
		size += XTCPOLEN_MD5SIG_ALIGNED;
		if (!req->syncookie)
			req->tstamp_ok &= !req->sack_ok;
	}
	if (req->tstamp_ok) {
		opts->options |= XOPTION_TS;
		opts->tsval = tsval;
		opts->tsecr = READ_ONCE(req->ts_recent);
		size += XTCPOLEN_TSTAMP_ALIGNED;
	}
	if (req->wscale_ok) {
		opts->options |= XOPTION_WSCALE;
		opts->ws = req->rcv_wscale;
		size += 4;
	}
	if (req->sack_ok) {
		opts->options |= XOPTION_SACK_ADVERTISE;
		if (!req->tstamp_ok)
			size += 4;
	}
	if (foc && foc->len >= 0 &&
	    size + xtcp_fastopen_opt_size(foc) <= XMAX_TCP_OPTION_SPACE) {
		opts->options |= XOPTION_FAST_OPEN_COOKIE;
		opts->fastopen_cookie = foc;
		size += xtcp_fastopen_opt_size(foc);
	}
	return size;
}

/*
 * Twin of tcp_established_options(): once agreed, every segment carries
 * the timestamps; the SACK blocks, the D-SACK one first, take what room
 * the 40 bytes of options leave: 4 blocks, 3 beside the timestamps.
 * A TCP-MD5 signature (@key) comes first: beside it and the timestamps
 * 8 bytes are left, too few for a block, so such a connection sends no
 * SACK blocks, as Linux's.  Return: the options' length.
 */
static unsigned int xtcp_established_options(const struct sock *sk,
					     u64 now_ns,
					     struct xtcp_out_options *opts,
					     const struct xtcp_md5sig_key *key)
{
	const struct xtcp_sock *tp = xtcp_sk(sk);
	unsigned int size = 0, eff_sacks;

	opts->options = 0;
	opts->num_sack_blocks = 0;
	if (unlikely(key)) {
		opts->options |= XOPTION_MD5;
		size += XTCPOLEN_MD5SIG_ALIGNED;
	}
	if (likely(tp->rx_opt.tstamp_ok)) {
		opts->options |= XOPTION_TS;
		opts->tsval = xtcp_ns_to_ts(now_ns) + tp->tsoffset;
		opts->tsecr = tp->rx_opt.ts_recent;
		size += XTCPOLEN_TSTAMP_ALIGNED;
	}
	eff_sacks = tp->rx_opt.num_sacks + tp->rx_opt.dsack;
	if (unlikely(eff_sacks)) {
		const unsigned int remaining = XMAX_TCP_OPTION_SPACE - size;

		if (unlikely(remaining < XTCPOLEN_SACK_BASE_ALIGNED +
					 XTCPOLEN_SACK_PERBLOCK))
			return size;
		opts->num_sack_blocks =
			min_t(unsigned int, eff_sacks,
			      (remaining - XTCPOLEN_SACK_BASE_ALIGNED) /
			      XTCPOLEN_SACK_PERBLOCK);
		size += XTCPOLEN_SACK_BASE_ALIGNED +
			opts->num_sack_blocks * XTCPOLEN_SACK_PERBLOCK;
	}
	return size;
}

/*
 * ECN (RFC 3168), twins of tcp_output.c's tcp_ecn_* helpers.
 *
 * Twin of tcp_ecn_send_syn(): a SYN asks for ECN with ECE and CWR when
 * net.xinet.tcp_ecn is 1.
 */
static void xtcp_ecn_send_syn(struct sock *sk, struct sk_buff *skb)
{
	struct xtcp_sock *tp = xtcp_sk(sk);

	tp->ecn_flags = 0;
	if (READ_ONCE(xinet_net(sock_net(sk))->sysctl_tcp_ecn) == 1) {
		XTCP_SKB_CB(skb)->tcp_flags |= XTCPHDR_ECE | XTCPHDR_CWR;
		tp->ecn_flags = XTCP_ECN_OK;
	}
}

/*
 * Twin of tcp_ecn_clear_syn(): a retransmitted SYN gives ECN up when
 * tcp_ecn_fallback says so (RFC 3168 6.1.1.1: a middlebox may drop ECN
 * SYNs); the SYN-ACK, if any, then finds ECN off.
 */
static void xtcp_ecn_clear_syn(struct sock *sk, struct sk_buff *skb)
{
	if (READ_ONCE(xinet_net(sock_net(sk))->sysctl_tcp_ecn_fallback))
		XTCP_SKB_CB(skb)->tcp_flags &= ~(XTCPHDR_ECE | XTCPHDR_CWR);
}

/* Twin of tcp_ecn_send_synack(): our SYN becomes a SYN-ACK (simultaneous open). */
static void xtcp_ecn_send_synack(struct sock *sk, struct sk_buff *skb)
{
	XTCP_SKB_CB(skb)->tcp_flags &= ~XTCPHDR_CWR;
	if (!(xtcp_sk(sk)->ecn_flags & XTCP_ECN_OK))
		XTCP_SKB_CB(skb)->tcp_flags &= ~XTCPHDR_ECE;
}

/*
 * Twin of tcp_ecn_send(): new data goes out ECT(0), with CWR once after a
 * reduction; retransmissions and pure ACKs go Not-ECT (RFC 3168 6.1.5,
 * 6.1.4); ECE on everything while the peer's CE is unanswered.
 */
static void xtcp_ecn_send(struct sock *sk, struct sk_buff *skb,
			  struct tcphdr *th, unsigned int hdr_len)
{
	struct xtcp_sock *tp = xtcp_sk(sk);

	if (!(tp->ecn_flags & XTCP_ECN_OK))
		return;
	if (skb->len != hdr_len &&
	    !xtcp_before(XTCP_SKB_CB(skb)->seq, tp->snd_nxt)) {
		xinet_ecn_xmit(sk);
		if (tp->ecn_flags & XTCP_ECN_QUEUE_CWR) {
			tp->ecn_flags &= ~XTCP_ECN_QUEUE_CWR;
			th->cwr = 1;
		}
	} else {
		xinet_ecn_dontxmit(sk);
	}
	if (tp->ecn_flags & XTCP_ECN_DEMAND_CWR)
		th->ece = 1;
}

/**
 * xtcp_current_mss - the MSS for the next segment (twin of
 *	tcp_current_mss)
 * @sk: the socket
 *
 * mss_cache allows for tcp_header_len; the options the next segment
 * carries may differ from it (a SYN_SENT socket counts on timestamps
 * the SYN-ACK may not agree to; SACK blocks come and go).
 *
 * Return: the MSS.
 */
unsigned int xtcp_current_mss(struct sock *sk)
{
	const struct xtcp_sock *tp = xtcp_sk(sk);
	struct xtcp_out_options opts;
	u32 mss_now = tp->mss_cache;
	unsigned int header_len;

	rcu_read_lock();
	header_len = xtcp_established_options(sk, 0, &opts,
					      xtcp_v4_md5_lookup(sk, sk)) +
		     sizeof(struct tcphdr);
	rcu_read_unlock();
	if (header_len != tp->tcp_header_len)
		mss_now -= (int)header_len - (int)tp->tcp_header_len;
	return mss_now;
}

/*
 * Twin of tcp_v4_send_check(): where @dev checksums (xnet does, as veth
 * and lo), only the pseudo-header sum goes in and the device, or whoever
 * needs the wire packet, completes it (CHECKSUM_PARTIAL); a GSO packet
 * always leaves it to segmentation.  Else the whole sum now.
 */
static void xtcp_v4_send_check(struct sk_buff *skb, __be32 saddr,
			       __be32 daddr, const struct net_device *dev)
{
	struct tcphdr *th = xtcp_hdr(skb);
	__wsum csum;

	if (skb_is_gso(skb) ||
	    (dev && (dev->features & (NETIF_F_HW_CSUM | NETIF_F_IP_CSUM)))) {
		th->check = ~csum_tcpudp_magic(saddr, daddr, skb->len,
					       IPPROTO_TCP, 0);
		skb->ip_summed = CHECKSUM_PARTIAL;
		skb->csum_start = skb_transport_header(skb) - skb->head;
		skb->csum_offset = offsetof(struct tcphdr, check);
		return;
	}
	th->check = 0;
	csum = skb_checksum(skb, 0, skb->len, 0);
	th->check = csum_tcpudp_magic(saddr, daddr, skb->len, IPPROTO_TCP,
				      csum);
	skb->ip_summed = CHECKSUM_NONE;
}

/**
 * xtcp_setup_caps - what the route's device does for the socket's next
 *	packets (twin of sk_setup_caps)
 * @sk: the socket
 * @dev: the route's device
 *
 * Set where Linux sets them, when connect() or the handshake's child
 * takes its route, so that the first write already builds GSO packets,
 * and again from the route each send looks up.  A GSO packet stays within
 * 64 KiB (its IP total length), headers included.
 */
void xtcp_setup_caps(struct sock *sk, const struct net_device *dev)
{
	unsigned int max = min_t(unsigned int, READ_ONCE(dev->gso_max_size),
				 GSO_LEGACY_MAX_SIZE);
	netdev_features_t caps = dev->features;

	if (unlikely(sk->sk_route_caps != caps))
		sk->sk_route_caps = caps;
	max = max > XTCP_MAX_HEADER + 1 ? max - (XTCP_MAX_HEADER + 1) : 0;
	if (unlikely(sk->sk_gso_max_size != max))
		sk->sk_gso_max_size = max;
	if (unlikely(sk->sk_gso_max_segs != READ_ONCE(dev->gso_max_segs)))
		sk->sk_gso_max_segs = READ_ONCE(dev->gso_max_segs);
}

static int xtcp_ip_send(struct sock *sk, struct sk_buff *skb)
{
	struct xinet_sock *xinet = xinet_sk(sk);
	const struct ip_options_rcu *inet_opt;
	struct net *net = sock_net(sk);
	struct xip_cork cork = {};
	struct xrtable rt;
	int err;

	err = xtcp_route(sk, &rt);
	if (err) {
		if (err == -ENETUNREACH)
			XIP_INC_STATS(net, IPSTATS_MIB_OUTNOROUTES);
		kfree_skb(skb);
		return err;
	}
	xtcp_setup_caps(sk, rt.dev);
	cork.saddr = xinet->xinet_saddr;
	cork.daddr = xinet->xinet_daddr;
	cork.protocol = IPPROTO_TCP;
	cork.ttl = xip_select_ttl(sk);
	cork.tos = xinet->tos;
	cork.df = xip_dont_fragment(sk, &rt);
	xtcp_v4_send_check(skb, cork.saddr, cork.daddr, rt.dev);
	skb->priority = READ_ONCE(sk->sk_priority);
	skb->mark = READ_ONCE(sk->sk_mark);
	/* As ip_queue_xmit(): the options are read under RCU. */
	rcu_read_lock();
	inet_opt = rcu_dereference(xinet->xinet_opt);
	cork.opt = inet_opt && inet_opt->opt.optlen ? &inet_opt->opt : NULL;
	err = xip_send_skb(net, skb, &rt, &cork);
	rcu_read_unlock();
	xip_rt_put(&rt);
	return err;
}

/*
 * An ACK went out (twin of tcp_event_ack_sent): no delayed ACK is owed
 * any more, and what SACK compression held back is sent.
 */
static void xtcp_event_ack_sent(struct sock *sk, u32 rcv_nxt)
{
	struct xinet_connection_sock *icsk = xinet_csk(sk);
	struct xtcp_sock *tp = xtcp_sk(sk);

	if (unlikely(tp->compressed_ack)) {
		XNET_ADD_STATS(sock_net(sk), LINUX_MIB_TCPACKCOMPRESSED,
			       tp->compressed_ack);
		tp->compressed_ack = 0;
		if (hrtimer_try_to_cancel(&tp->compressed_ack_timer) == 1)
			__sock_put(sk);
	}
	if (rcv_nxt != tp->rcv_nxt)
		return;
	if (icsk->icsk_ack.quick)
		icsk->icsk_ack.quick--;
	xinet_csk_clear_xmit_timer(sk, XICSK_TIME_DACK);
}

/**
 * xtcp_current_ssthresh - the slow start threshold to remember (twin of
 *	tcp_current_ssthresh)
 * @sk: the socket
 *
 * Return: during a reduction, ssthresh; else at least three quarters of
 * cwnd, remembering where the window was.
 */
u32 xtcp_current_ssthresh(const struct sock *sk)
{
	const struct xtcp_sock *tp = xtcp_sk(sk);
	u8 ca_state = xinet_csk(sk)->icsk_ca_state;

	if (ca_state == XTCP_CA_CWR || ca_state == XTCP_CA_Recovery)
		return tp->snd_ssthresh;
	return max(tp->snd_ssthresh,
		   (tp->snd_cwnd >> 1) + (tp->snd_cwnd >> 2));
}

/*
 * Twin of tcp_cwnd_restart(): after @delta jiffies of silence the
 * window is halved once per RTO that passed, down to the initial window
 * (RFC 2861, RFC 5681 4.1).
 */
static void xtcp_cwnd_restart(struct sock *sk, s32 delta)
{
	struct xtcp_sock *tp = xtcp_sk(sk);
	u32 restart_cwnd = min_t(u32, XTCP_INIT_CWND, tp->snd_cwnd);
	u32 cwnd = tp->snd_cwnd, prior_cwnd = tp->snd_cwnd;

	tp->snd_ssthresh = xtcp_current_ssthresh(sk);
	while ((delta -= xinet_csk(sk)->icsk_rto) > 0 && cwnd > restart_cwnd)
		cwnd >>= 1;
	tp->snd_cwnd = max(cwnd, restart_cwnd);
	tp->snd_cwnd_stamp = jiffies;
	tp->snd_cwnd_used = 0;
	xtcp_rec_cwnd(sk, XTCP_REC_CWND_IDLE, prior_cwnd);
}

/**
 * xtcp_slow_start_after_idle_check - restart the window after a silence
 *	(twin of tcp_slow_start_after_idle_check)
 * @sk: the socket
 *
 * As new data is queued, or the peer's window opens on queued data: with
 * nothing in flight for longer than an RTO, the congestion window the
 * silence left is no longer measured (RFC 2861, tcp_slow_start_after_idle).
 */
void xtcp_slow_start_after_idle_check(struct sock *sk)
{
	struct xtcp_sock *tp = xtcp_sk(sk);
	s32 delta;

	if (!READ_ONCE(xinet_net(sock_net(sk))->sysctl_tcp_slow_start_after_idle) ||
	    tp->packets_out)
		return;
	delta = jiffies - tp->lsndtime;
	if (delta > (s32)xinet_csk(sk)->icsk_rto)
		xtcp_cwnd_restart(sk, delta);
}

/*
 * Twin of tcp_cwnd_application_limited(): a window the sender has not
 * filled for an RTO shrinks halfway to what it used (RFC 7661).
 */
static void xtcp_cwnd_application_limited(struct sock *sk)
{
	struct xtcp_sock *tp = xtcp_sk(sk);

	if (xinet_csk(sk)->icsk_ca_state == XTCP_CA_Open &&
	    sk->sk_socket && !test_bit(SOCK_NOSPACE, &sk->sk_socket->flags)) {
		u32 win_used = max_t(u32, tp->snd_cwnd_used, XTCP_INIT_CWND);

		if (win_used < tp->snd_cwnd) {
			tp->snd_ssthresh = xtcp_current_ssthresh(sk);
			tp->snd_cwnd = (tp->snd_cwnd + win_used) >> 1;
		}
		tp->snd_cwnd_used = 0;
	}
	tp->snd_cwnd_stamp = jiffies;
}

/*
 * Twin of tcp_cwnd_validate(): whether cwnd limited the sender is
 * tracked per window (from one cwnd_usage_seq to the next), with the
 * most segments it had in flight, so that a window grows only when it
 * was used (RFC 7661).
 */
static void xtcp_cwnd_validate(struct sock *sk, bool is_cwnd_limited)
{
	struct xtcp_sock *tp = xtcp_sk(sk);

	if (!xtcp_before(tp->snd_una, tp->cwnd_usage_seq) ||
	    is_cwnd_limited ||
	    (!tp->is_cwnd_limited && tp->packets_out > tp->max_packets_out)) {
		tp->is_cwnd_limited = is_cwnd_limited;
		tp->max_packets_out = tp->packets_out;
		tp->cwnd_usage_seq = tp->snd_nxt;
	}

	if (xtcp_is_cwnd_limited(tp)) {
		tp->snd_cwnd_used = 0;
		tp->snd_cwnd_stamp = jiffies;
	} else {
		if (tp->packets_out > tp->snd_cwnd_used)
			tp->snd_cwnd_used = tp->packets_out;
		if (READ_ONCE(xinet_net(sock_net(sk))->sysctl_tcp_slow_start_after_idle) &&
		    (s32)(jiffies - tp->snd_cwnd_stamp) >=
		    (s32)xinet_csk(sk)->icsk_rto)
			xtcp_cwnd_application_limited(sk);
		/*
		 * Data just went out, cwnd did not limit it, nothing is left
		 * and the writer waits for room: the send buffer limits.
		 */
		if (skb_queue_empty(&sk->sk_write_queue) && sk->sk_socket &&
		    test_bit(SOCK_NOSPACE, &sk->sk_socket->flags) &&
		    (1 << sk->sk_state) & (TCPF_ESTABLISHED | TCPF_CLOSE_WAIT))
			xtcp_chrono_start(sk, XTCP_CHRONO_SNDBUF_LIMITED);
	}
}

/*
 * Data went out: the algorithm hears of a start after idle; note it for
 * keepalive and pingpong detection.
 */
static void xtcp_event_data_sent(struct xtcp_sock *tp, struct sock *sk)
{
	struct xinet_connection_sock *icsk = xinet_csk(sk);
	u32 now = jiffies;

	if (!xtcp_packets_in_flight(tp))
		xtcp_ca_event(sk, XCA_EVENT_TX_START);
	tp->lsndtime = now;
	/* A reply soon after data arrived: an interactive exchange. */
	if ((u32)(now - icsk->icsk_ack.lrcvtime) < icsk->icsk_ack.ato &&
	    icsk->icsk_ack.pingpong < 0xff)
		icsk->icsk_ack.pingpong++;
}

/* ---- TCP Small Queues (TSQ) ------------------------------------------------
 *
 * A socket keeps only a little of its data below TCP (qdisc, device,
 * xnet's receive backlog): xtcp_small_queue_check() holds the write
 * queue back once sk_wmem_alloc passes the limit, and the TX completion
 * of one of its segments (xtcp_wfree(), the destructor) hands the socket
 * to a per-CPU tasklet that sends more.  xtcp_wfree() may run with a
 * qdisc lock held, so it cannot send itself.
 */

/**
 * struct xtcp_tsq_tasklet - one CPU's sockets waiting to send more (twin
 *	of struct tsq_tasklet)
 * @tasklet: runs xtcp_tsq_tasklet_func()
 * @head: xtcp_sock.tsq_node links; changed with interrupts off, as
 *	xtcp_wfree() may interrupt the tasklet (a driver's hard-IRQ free)
 */
struct xtcp_tsq_tasklet {
	struct tasklet_struct	tasklet;
	struct list_head	head;
};

static DEFINE_PER_CPU(struct xtcp_tsq_tasklet, xtcp_tsq_tasklet);

/**
 * xtcp_tsq_write - send what TSQ held back (twin of tcp_tsq_write)
 * @sk: the socket, its lock held by the caller (bh_lock_sock() not owned
 *	by the user, or owned, from xtcp_release_cb())
 */
void xtcp_tsq_write(struct sock *sk)
{
	struct xtcp_sock *tp = xtcp_sk(sk);

	if (!((1 << sk->sk_state) &
	      (TCPF_ESTABLISHED | TCPF_FIN_WAIT1 | TCPF_CLOSING |
	       TCPF_CLOSE_WAIT | TCPF_LAST_ACK)))
		return;
	if (tp->lost_out > tp->retrans_out &&
	    tp->snd_cwnd > xtcp_packets_in_flight(tp))
		xtcp_xmit_retransmit_queue(sk);
	xtcp_write_xmit(sk, xtcp_current_mss(sk), tp->nonagle, GFP_ATOMIC);
}

/* Twin of tcp_tsq_handler(): now, or once the user releases the socket. */
static void xtcp_tsq_handler(struct sock *sk)
{
	bh_lock_sock(sk);
	if (!sock_owned_by_user(sk))
		xtcp_tsq_write(sk);
	else if (!test_and_set_bit(XTCP_TSQ_DEFERRED, &sk->sk_tsq_flags))
		sock_hold(sk);
	bh_unlock_sock(sk);
}

/* Twin of tcp_tasklet_func(). */
static void xtcp_tsq_tasklet_func(struct tasklet_struct *t)
{
	struct xtcp_tsq_tasklet *tsq = from_tasklet(tsq, t, tasklet);
	struct xtcp_sock *tp, *next;
	unsigned long flags;
	LIST_HEAD(list);

	local_irq_save(flags);
	list_splice_init(&tsq->head, &list);
	local_irq_restore(flags);

	list_for_each_entry_safe(tp, next, &list, tsq_node) {
		struct sock *sk = (struct sock *)tp;

		list_del(&tp->tsq_node);
		/* The unlink is seen before the socket may be queued again. */
		smp_mb__before_atomic();
		clear_bit(XTCP_TSQ_QUEUED, &sk->sk_tsq_flags);
		xtcp_tsq_handler(sk);
		/* The wmem unit xtcp_wfree() kept. */
		sk_free(sk);
	}
}

/**
 * xtcp_tasklet_init - set up every CPU's TSQ tasklet (twin of
 *	tcp_tasklet_init)
 */
void xtcp_tasklet_init(void)
{
	int cpu;

	for_each_possible_cpu(cpu) {
		struct xtcp_tsq_tasklet *tsq = per_cpu_ptr(&xtcp_tsq_tasklet,
							   cpu);

		INIT_LIST_HEAD(&tsq->head);
		tasklet_setup(&tsq->tasklet, xtcp_tsq_tasklet_func);
	}
}

/**
 * xtcp_tasklet_exit - stop the TSQ tasklets: no socket is left to queue
 */
void xtcp_tasklet_exit(void)
{
	int cpu;

	for_each_possible_cpu(cpu)
		tasklet_kill(&per_cpu_ptr(&xtcp_tsq_tasklet, cpu)->tasklet);
}

/**
 * xtcp_wfree - the destructor of a sent segment (twin of tcp_wfree)
 * @skb: the segment, charged to its socket by xtcp_transmit_skb()
 *
 * Uncharges it and, when TSQ throttled the socket, queues it to this
 * CPU's tasklet with one unit of sk_wmem_alloc kept (so the socket
 * cannot go away), released there.  Linux also waits while ksoftirqd
 * runs this, to batch under stress; its per-CPU pointer is not exported
 * to modules.
 */
void xtcp_wfree(struct sk_buff *skb)
{
	struct sock *sk = skb->sk;
	struct xtcp_sock *tp = xtcp_sk(sk);
	unsigned long flags, nval, oval;
	struct xtcp_tsq_tasklet *tsq;
	bool empty;

	WARN_ON(refcount_sub_and_test(skb->truesize - 1, &sk->sk_wmem_alloc));

	/* Pairs with the barrier after setting XTCP_TSQ_THROTTLED. */
	oval = smp_load_acquire(&sk->sk_tsq_flags);
	do {
		if (!(oval & BIT(XTCP_TSQ_THROTTLED)) ||
		    (oval & BIT(XTCP_TSQ_QUEUED)))
			goto out;
		nval = (oval & ~BIT(XTCP_TSQ_THROTTLED)) | BIT(XTCP_TSQ_QUEUED);
	} while (!try_cmpxchg(&sk->sk_tsq_flags, &oval, nval));

	local_irq_save(flags);
	tsq = this_cpu_ptr(&xtcp_tsq_tasklet);
	empty = list_empty(&tsq->head);
	list_add(&tp->tsq_node, &tsq->head);
	if (empty)
		tasklet_schedule(&tsq->tasklet);
	local_irq_restore(flags);
	return;
out:
	sk_free(sk);
}

/*
 * Twin of tcp_small_queue_check(): whether the socket has enough below
 * TCP already, about 1 ms at the pacing rate (at least twice @skb, the
 * next to go; at most tcp_limit_output_bytes unless a qdisc paces),
 * shifted by @factor (1 for retransmissions).  TCP_TX_DELAY adds what the delay
 * holds.  A socket with at most one segment in flight always sends: no
 * TX completion need come back first.
 */
static bool xtcp_small_queue_check(struct sock *sk, const struct sk_buff *skb,
				   unsigned int factor)
{
	struct xtcp_sock *tp = xtcp_sk(sk);
	unsigned long limit;

	limit = max_t(unsigned long, 2UL * skb->truesize,
		      READ_ONCE(sk->sk_pacing_rate) >>
		      READ_ONCE(sk->sk_pacing_shift));
	if (sk->sk_pacing_status == SK_PACING_NONE)
		limit = min_t(unsigned long, limit,
			      READ_ONCE(xinet_net(sock_net(sk))->sysctl_tcp_limit_output_bytes));
	limit <<= factor;
	if (static_branch_unlikely(&xtcp_tx_delay_enabled) &&
	    tp->tcp_tx_delay) {
		/* truesize about twice the data; 2^20 for USEC_PER_SEC / 2 */
		u64 extra = (u64)READ_ONCE(sk->sk_pacing_rate) *
			    tp->tcp_tx_delay;

		limit += extra >> (20 - 1);
	}
	if (refcount_read(&sk->sk_wmem_alloc) <= limit)
		return false;
	if (skb_queue_len(&tp->rtx_queue) <= 1)
		return false;
	set_bit(XTCP_TSQ_THROTTLED, &sk->sk_tsq_flags);
	/* A TX completion may have come before the bit was set. */
	smp_mb__after_atomic();
	return refcount_read(&sk->sk_wmem_alloc) > limit;
}

/**
 * xtcp_transmit_skb - send one segment (twin of __tcp_transmit_skb)
 * @sk: the socket
 * @skb: the segment: payload, seq, end_seq and flags in its control block
 * @clone_it: send a clone and keep @skb (queued data) rather than @skb
 * @gfp_mask: allocation context
 *
 * Builds the TCP header and options, the checksum, and hands the segment
 * to the IP layer.
 *
 * Return: 0 or a negative errno.
 */
int xtcp_transmit_skb(struct sock *sk, struct sk_buff *skb, int clone_it,
		      gfp_t gfp_mask)
{
	struct xinet_sock *xinet = xinet_sk(sk);
	struct xtcp_sock *tp = xtcp_sk(sk);
	struct net *net = sock_net(sk);
	struct xtcp_out_options opts;
	struct sk_buff *oskb = NULL;
	struct xtcp_md5sig_key *md5;
	struct xtcp_skb_cb *tcb;
	unsigned int hdr_len;
	struct tcphdr *th;
	u32 rcv_nxt = tp->rcv_nxt;
	u64 now_ns = ktime_get_ns();
	u16 pcount;
	bool syn;
	int err;

	if (clone_it) {
		oskb = skb;
		skb->skb_mstamp_ns = now_ns;
		/* A clone still in flight shares the header room: copy. */
		if (unlikely(skb_cloned(skb)))
			skb = pskb_copy(skb, gfp_mask);
		else
			skb = skb_clone(skb, gfp_mask);
		if (unlikely(!skb))
			return -ENOBUFS;
		/* Our send time is no delivery time for the layers below. */
		skb->tstamp = 0;
		/*
		 * A queued skb of several segments leaves as a GSO packet of
		 * them (__tcp_transmit_skb's gso_segs and gso_size).
		 */
		skb_shinfo(skb)->gso_segs = xtcp_skb_pcount(oskb);
		skb_shinfo(skb)->gso_size = xtcp_skb_mss(oskb);
		if (skb_shinfo(skb)->gso_size)
			skb_shinfo(skb)->gso_type = SKB_GSO_TCPV4;
	}
	xtcp_add_tx_delay(skb, tp, now_ns);
	tcb = XTCP_SKB_CB(skb);
	syn = tcb->tcp_flags & XTCPHDR_SYN;
	hdr_len = sizeof(struct tcphdr);
	/* The key is used until the segment is signed, below. */
	rcu_read_lock();
	md5 = xtcp_v4_md5_lookup(sk, sk);
	if (unlikely(syn))
		hdr_len += xtcp_syn_options(sk, tcb->tcp_flags, now_ns, &opts,
					    md5);
	else
		hdr_len += xtcp_established_options(sk, now_ns, &opts, md5);
	/*
	 * PSH on every GSO packet, as Linux's: the receiver's GRO flushes
	 * at once.  Not on single segments, which may be sent in congestion
	 * and are better delivered with the next.
	 */
	if (!syn && skb_shinfo(skb)->gso_segs > 1)
		tcb->tcp_flags |= XTCPHDR_PSH;

	/*
	 * Charged to the socket until the layers below free it: TSQ's
	 * measure (xtcp_small_queue_check()).  A segment without data is
	 * not worth a TX completion.
	 */
	skb_orphan(skb);
	skb->sk = sk;
	skb->destructor = tcb->seq == tcb->end_seq ? sock_wfree : xtcp_wfree;
	skb_set_hash_from_sk(skb, sk);
	refcount_add(skb->truesize, &sk->sk_wmem_alloc);

	th = skb_push(skb, hdr_len);
	skb_reset_transport_header(skb);
	memset(th, 0, sizeof(*th));
	th->source = xinet->xinet_sport;
	th->dest = xinet->xinet_dport;
	th->seq = htonl(tcb->seq);
	th->ack_seq = htonl(rcv_nxt);
	*(((__be16 *)th) + 6) = htons(((hdr_len >> 2) << 12) | tcb->tcp_flags);
	/*
	 * Urgent mode: the pointer, one past the urgent byte, from every
	 * segment before it (a probe below snd_una too).  One too far for
	 * 16 bits says 0xFFFF, so that the peer learns urgent data is on the
	 * way, unless 0xFFFF would point past what was ever sent.
	 */
	if (unlikely(xtcp_urg_mode(tp) && xtcp_before(tcb->seq, tp->snd_up))) {
		if (xtcp_before(tp->snd_up, tcb->seq + 0x10000)) {
			th->urg_ptr = htons(tp->snd_up - tcb->seq);
			th->urg = 1;
		} else if (xtcp_after(tcb->seq + 0xFFFF, tp->snd_nxt)) {
			th->urg_ptr = htons(0xFFFF);
			th->urg = 1;
		}
	}
	if (syn) {
		/* The window of a SYN is never scaled (RFC 7323 2.2). */
		th->window = htons(min(tp->rcv_wnd, 65535U));
	} else {
		th->window = htons(xtcp_select_window(sk));
		xtcp_ecn_send(sk, skb, th, hdr_len);
	}
	xtcp_options_write(th, tp, &opts);
	/* The header is final (the checksum is not signed): sign it. */
	if (unlikely(md5))
		xtcp_v4_md5_hash_skb(opts.hash_location, md5,
				     xinet->xinet_saddr, xinet->xinet_daddr, skb);
	rcu_read_unlock();

	if (tcb->tcp_flags & XTCPHDR_ACK)
		xtcp_event_ack_sent(sk, rcv_nxt);
	/* A GSO packet counts as the wire segments it becomes. */
	pcount = skb_is_gso(skb) ? skb_shinfo(skb)->gso_segs : 1;
	if (skb->len != hdr_len) {
		xtcp_event_data_sent(tp, sk);
		tp->data_segs_out += pcount;
		tp->bytes_sent += skb->len - hdr_len;
	}
	tp->segs_out += pcount;
	if (xtcp_after(tcb->end_seq, tp->snd_nxt) || tcb->seq == tcb->end_seq)
		XTCP_ADD_STATS(net, TCP_MIB_OUTSEGS, pcount);

	err = xtcp_ip_send(sk, skb);
	/* Local congestion is not a loss: the timer will retry. */
	if (err == -ENOBUFS)
		err = 0;
	/* Sent, as far as the queues go: the rate snapshot (after the send). */
	if (!err && oskb)
		xtcp_rate_skb_sent(sk, oskb);
	return err;
}

static void xtcp_chrono_set(struct xtcp_sock *tp, enum xtcp_chrono new)
{
	const u32 now = jiffies;
	enum xtcp_chrono old = tp->chrono_type;

	if (old > XTCP_CHRONO_UNSPEC)
		tp->chrono_stat[old - 1] += now - tp->chrono_start;
	tp->chrono_start = now;
	tp->chrono_type = new;
}

/**
 * xtcp_chrono_start - a condition that limits the sender begins (twin of
 *	tcp_chrono_start)
 * @sk: the socket
 * @type: the condition; the most limiting one running is timed
 */
void xtcp_chrono_start(struct sock *sk, enum xtcp_chrono type)
{
	struct xtcp_sock *tp = xtcp_sk(sk);

	if (type > tp->chrono_type)
		xtcp_chrono_set(tp, type);
}

/**
 * xtcp_chrono_stop - a condition ends (twin of tcp_chrono_stop)
 * @sk: the socket
 * @type: the condition
 *
 * With nothing left to send the sender is idle; otherwise, if @type was
 * the one being timed, it is just busy again.
 */
void xtcp_chrono_stop(struct sock *sk, enum xtcp_chrono type)
{
	struct xtcp_sock *tp = xtcp_sk(sk);

	if (xtcp_rtx_and_write_queues_empty(sk))
		xtcp_chrono_set(tp, XTCP_CHRONO_UNSPEC);
	else if (type == tp->chrono_type)
		xtcp_chrono_set(tp, XTCP_CHRONO_BUSY);
}

/**
 * xtcp_skb_entail - queue a new skb at the write queue's tail (twin of
 *	tcp_skb_entail)
 * @sk: the socket
 * @skb: the skb, empty, starting at write_seq
 */
void xtcp_skb_entail(struct sock *sk, struct sk_buff *skb)
{
	struct xtcp_sock *tp = xtcp_sk(sk);
	struct xtcp_skb_cb *tcb = XTCP_SKB_CB(skb);

	tcb->seq = tp->write_seq;
	tcb->end_seq = tp->write_seq;
	tcb->tcp_flags = XTCPHDR_ACK;
	tcb->sacked = 0;
	/*
	 * Its headroom is for the headers of the clones xtcp_transmit_skb()
	 * sends: without this each clone would find its header cloned and
	 * xip_send_skb() copy the head (skb_cow_head()).
	 */
	__skb_header_release(skb);
	__skb_queue_tail(&sk->sk_write_queue, skb);
	/* The first unsent skb: the sender is busy (tcp_add_write_queue_tail). */
	if (skb_queue_len(&sk->sk_write_queue) == 1)
		xtcp_chrono_start(sk, XTCP_CHRONO_BUSY);
	xtcp_slow_start_after_idle_check(sk);
	sk_wmem_queued_add(sk, skb->truesize);
	sk_mem_charge(sk, skb->truesize);
	if (tp->nonagle & XTCP_NAGLE_PUSH)
		tp->nonagle &= ~XTCP_NAGLE_PUSH;
}

/**
 * xtcp_forced_mem_schedule - charge @size bytes whatever the limits
 *	(twin of sk_forced_mem_schedule, which modules cannot reach)
 * @sk: the socket
 * @size: bytes
 *
 * For what must not fail: a FIN, the first skb of a queue.
 */
void xtcp_forced_mem_schedule(struct sock *sk, int size)
{
	int delta, amt;

	delta = size - sk->sk_forward_alloc;
	if (delta <= 0)
		return;
	amt = sk_mem_pages(delta);
	xinet_sk_forward_alloc_add(sk, amt << PAGE_SHIFT);
	/*
	 * Straight to the global count: sk_memory_allocated_add() reads a
	 * symbol 6.1 does not export.  The per-CPU reserve it would use
	 * drains into this same counter.
	 */
	if (sk->sk_prot->memory_allocated)
		atomic_long_add(amt, sk->sk_prot->memory_allocated);
}

/**
 * xtcp_stream_alloc_skb - an empty skb for the write queue
 * @sk: the socket
 * @gfp: allocation context
 * @force: charge the memory even beyond the limits
 *
 * Return: the skb, header room reserved, or NULL.
 */
struct sk_buff *xtcp_stream_alloc_skb(struct sock *sk, gfp_t gfp, bool force)
{
	struct sk_buff *skb;

	skb = alloc_skb_fclone(XTCP_MAX_HEADER, gfp);
	if (likely(skb)) {
		bool ok = true;

		if (force)
			xtcp_forced_mem_schedule(sk, skb->truesize);
		else
			ok = sk_wmem_schedule(sk, skb->truesize);
		if (likely(ok)) {
			skb_reserve(skb, XTCP_MAX_HEADER);
			/* Plain copies: the checksum is computed at send. */
			skb->ip_summed = CHECKSUM_PARTIAL;
			return skb;
		}
		__kfree_skb(skb);
	} else {
		sk_stream_moderate_sndbuf(sk);
	}
	return NULL;
}

/*
 * Twin of tcp_set_skb_tso_segs(): count @skb in segments of @mss_now.
 * One segment needs no MSS: it goes out as it is.
 */
static void xtcp_set_skb_tso_segs(struct sk_buff *skb, unsigned int mss_now)
{
	if (skb->len <= mss_now) {
		xtcp_skb_pcount_set(skb, 1);
		XTCP_SKB_CB(skb)->tcp_gso_size = 0;
	} else {
		xtcp_skb_pcount_set(skb, DIV_ROUND_UP(skb->len, mss_now));
		XTCP_SKB_CB(skb)->tcp_gso_size = mss_now;
	}
}

/*
 * Twin of tcp_init_tso_segs(): an skb not counted yet, or counted in
 * segments of another MSS, is counted afresh.  Return: its segments.
 */
static int xtcp_init_tso_segs(struct sk_buff *skb, unsigned int mss_now)
{
	int tso_segs = xtcp_skb_pcount(skb);

	if (!tso_segs || (tso_segs > 1 && xtcp_skb_mss(skb) != mss_now)) {
		xtcp_set_skb_tso_segs(skb, mss_now);
		tso_segs = xtcp_skb_pcount(skb);
	}
	return tso_segs;
}

/*
 * Twin of tcp_adjust_pcount(): the sent @skb now counts @decr segments
 * fewer (more, when negative); the counters its state is in follow.
 */
static void xtcp_adjust_pcount(struct sock *sk, const struct sk_buff *skb,
			       int decr)
{
	struct xtcp_sock *tp = xtcp_sk(sk);
	u8 sacked = XTCP_SKB_CB(skb)->sacked;

	tp->packets_out -= decr;
	if (sacked & XTCPCB_SACKED_ACKED)
		tp->sacked_out -= decr;
	if (sacked & XTCPCB_RETRANS_OUT)
		tp->retrans_out -= decr;
	if (sacked & XTCPCB_LOST)
		tp->lost_out -= decr;
	/* NewReno's duplicate ACKs may not outnumber what is in flight. */
	if (xtcp_is_reno(tp) && decr > 0)
		tp->sacked_out -= min_t(u32, tp->sacked_out, decr);
	WARN_ON_ONCE(xtcp_left_out(tp) > tp->packets_out);
}

/* A control segment (no data) of the sequence space: seq and flags. */
static void xtcp_init_nondata_skb(struct sk_buff *skb, u32 seq, u8 flags)
{
	struct xtcp_skb_cb *tcb = XTCP_SKB_CB(skb);

	skb->ip_summed = CHECKSUM_NONE;
	tcb->tcp_flags = flags;
	tcb->sacked = 0;
	xtcp_skb_pcount_set(skb, 1);
	tcb->tcp_gso_size = 0;
	tcb->seq = seq;
	if (flags & (XTCPHDR_SYN | XTCPHDR_FIN))
		seq++;
	tcb->end_seq = seq;
}

/* A sent skb moves to the retransmission queue (tcp_event_new_data_sent). */
static void xtcp_event_new_data_sent(struct sock *sk, struct sk_buff *skb)
{
	struct xtcp_sock *tp = xtcp_sk(sk);
	unsigned int prior_packets = tp->packets_out;

	tp->snd_nxt = XTCP_SKB_CB(skb)->end_seq;
	__skb_unlink(skb, &sk->sk_write_queue);
	__skb_queue_tail(&tp->rtx_queue, skb);
	tp->packets_out += xtcp_skb_pcount(skb);
	if (!prior_packets || xinet_csk(sk)->icsk_pending == XICSK_TIME_PROBE0 ||
	    xinet_csk(sk)->icsk_pending == XICSK_TIME_LOSS_PROBE)
		xtcp_rearm_rto(sk);
	XNET_ADD_STATS(sock_net(sk), LINUX_MIB_TCPORIGDATASENT,
		       xtcp_skb_pcount(skb));
	/* Fewer bytes unsent: TCP_NOTSENT_LOWAT's writer may go on. */
	xtcp_check_space(sk);
}

/**
 * xtcp_fragment - cut a queued skb in two (twin of tcp_fragment)
 * @sk: the socket
 * @queue: the queue @skb is on: the write queue, or the retransmission
 *	queue for one that was sent
 * @skb: the skb, all its data in page frags
 * @len: the bytes that stay in @skb; the rest becomes a new skb behind it
 * @mss_now: the MSS both halves are counted in
 * @gfp: allocation context
 *
 * The memory moves with the page frags: buff's charge is new, the sum of
 * the two truesizes is what @skb had plus buff's own head.  For a sent
 * skb the counters follow the segments the halves make (one segment cut
 * in two is two).
 *
 * Return: 0; -ENOMEM when out of memory, or when the queues already hold
 * more than twice sk_sndbuf and @skb is neither end of the
 * retransmission queue (TCPWqueueTooBig).
 */
int xtcp_fragment(struct sock *sk, struct sk_buff_head *queue,
		  struct sk_buff *skb, u32 len, unsigned int mss_now, gfp_t gfp)
{
	struct xtcp_sock *tp = xtcp_sk(sk);
	struct sk_buff *buff;
	int old_factor;
	long limit;
	u8 flags;

	if (WARN_ON(len > skb->len))
		return -EINVAL;
	/*
	 * A peer's SACK blocks could cut the retransmission queue into one
	 * skb per byte range and pin far more memory than sk_sndbuf.  Past
	 * twice the buffer plus two full-sized skbs' slack only the queue's
	 * ends may be cut: the head is what an ACK or a retransmission needs
	 * cut, the tail what a loss probe needs.
	 */
	limit = sk->sk_sndbuf + 2 * SKB_TRUESIZE(GSO_LEGACY_MAX_SIZE);
	if (unlikely((sk->sk_wmem_queued >> 1) > limit &&
		     queue != &sk->sk_write_queue &&
		     skb != skb_peek(queue) && skb != skb_peek_tail(queue))) {
		XNET_INC_STATS(sock_net(sk), LINUX_MIB_TCPWQUEUETOOBIG);
		return -ENOMEM;
	}
	old_factor = xtcp_skb_pcount(skb);
	/* skb_split() rewrites the frags a clone in flight shares. */
	if (xtcp_unclone_keeptruesize(skb, gfp))
		return -ENOMEM;
	buff = xtcp_stream_alloc_skb(sk, gfp, true);
	if (!buff)
		return -ENOMEM;
	sk_wmem_queued_add(sk, buff->truesize);
	sk_mem_charge(sk, buff->truesize);
	/* The tail's page frags move to @buff: so does their truesize. */
	buff->truesize += skb->len - len;
	skb->truesize -= skb->len - len;

	skb_split(skb, buff, len);
	XTCP_SKB_CB(buff)->seq = XTCP_SKB_CB(skb)->seq + len;
	XTCP_SKB_CB(buff)->end_seq = XTCP_SKB_CB(skb)->end_seq;
	XTCP_SKB_CB(skb)->end_seq = XTCP_SKB_CB(buff)->seq;
	flags = XTCP_SKB_CB(skb)->tcp_flags;
	XTCP_SKB_CB(skb)->tcp_flags = flags & ~(XTCPHDR_FIN | XTCPHDR_PSH);
	XTCP_SKB_CB(buff)->tcp_flags = flags;
	/* The record ends where the data ends: in the tail. */
	XTCP_SKB_CB(buff)->eor = XTCP_SKB_CB(skb)->eor;
	XTCP_SKB_CB(skb)->eor = 0;
	xtcp_set_skb_tso_segs(skb, mss_now);
	xtcp_set_skb_tso_segs(buff, mss_now);
	if (queue == &tp->rtx_queue) {
		int diff = old_factor - xtcp_skb_pcount(skb) -
			   xtcp_skb_pcount(buff);

		/* Both halves were sent, and are lost or not, together. */
		XTCP_SKB_CB(buff)->sacked = XTCP_SKB_CB(skb)->sacked;
		buff->skb_mstamp_ns = skb->skb_mstamp_ns;
		/* The new segment's delivery snapshot is the old one's. */
		XTCP_SKB_CB(buff)->tx = XTCP_SKB_CB(skb)->tx;
		/* A one-segment skb cut in two: one segment more out. */
		if (diff)
			xtcp_adjust_pcount(sk, skb, diff);
	} else {
		XTCP_SKB_CB(buff)->sacked = 0;
	}
	__skb_header_release(buff);
	__skb_queue_after(queue, skb, buff);
	return 0;
}

/*
 * Drop @len acknowledged bytes from the head of @skb, whose data is all in
 * page frags (twin of __pskb_trim_head).  Return: the truesize freed.
 */
static u32 __xtcp_trim_head(struct sk_buff *skb, u32 len)
{
	struct skb_shared_info *shinfo = skb_shinfo(skb);
	u32 eat = len;
	int i, k = 0;

	DEBUG_NET_WARN_ON_ONCE(skb_headlen(skb));
	for (i = 0; i < shinfo->nr_frags; i++) {
		u32 size = skb_frag_size(&shinfo->frags[i]);

		if (size <= eat) {
			skb_frag_unref(skb, i);
			eat -= size;
			continue;
		}
		shinfo->frags[k] = shinfo->frags[i];
		if (eat) {
			skb_frag_off_add(&shinfo->frags[k], eat);
			skb_frag_size_sub(&shinfo->frags[k], eat);
			eat = 0;
		}
		k++;
	}
	shinfo->nr_frags = k;
	skb->data_len -= len;
	skb->len = skb->data_len;
	return len;
}

/**
 * xtcp_trim_head - drop acknowledged bytes from the head of a queued skb
 *	(twin of tcp_trim_head)
 * @sk: the socket
 * @skb: the skb, all its data in page frags
 * @len: the bytes to drop, fewer than it holds
 *
 * The bytes leave the socket's write memory with their pages: pulling
 * them into the head instead (pskb_pull) would grow truesize behind the
 * accounting's back, and the queue would later uncharge more than it had
 * charged.  An skb of several segments is counted again; the counters are
 * the caller's to adjust.
 *
 * Return: 0, or -ENOMEM when a clone in flight could not be copied.
 */
int xtcp_trim_head(struct sock *sk, struct sk_buff *skb, u32 len)
{
	u32 delta_truesize;

	if (xtcp_unclone_keeptruesize(skb, GFP_ATOMIC))
		return -ENOMEM;
	delta_truesize = __xtcp_trim_head(skb, len);
	XTCP_SKB_CB(skb)->seq += len;
	skb->truesize -= delta_truesize;
	sk_wmem_queued_add(sk, -delta_truesize);
	sk_mem_uncharge(sk, delta_truesize);
	/* Fewer bytes, maybe fewer segments: the caller adjusts counters. */
	if (xtcp_skb_pcount(skb) > 1)
		xtcp_set_skb_tso_segs(skb, xtcp_skb_mss(skb));
	return 0;
}

static bool xtcp_minshall_check(const struct xtcp_sock *tp)
{
	return xtcp_after(tp->snd_sml, tp->snd_una) &&
	       !xtcp_after(tp->snd_sml, tp->snd_nxt);
}

/*
 * Twin of tcp_minshall_update(): @skb, just sent, ended in a segment
 * shorter than the MSS: the last small one sent.
 */
static void xtcp_minshall_update(struct xtcp_sock *tp, unsigned int mss_now,
				 const struct sk_buff *skb)
{
	if (skb->len < xtcp_skb_pcount(skb) * mss_now)
		tp->snd_sml = XTCP_SKB_CB(skb)->end_seq;
}

/*
 * Twin of tcp_nagle_check(): Nagle, as Minshall refined it, holds a
 * @partial segment while another small one is unacknowledged; TCP_CORK
 * holds every small one.
 */
static bool xtcp_nagle_check(bool partial, const struct xtcp_sock *tp,
			     int nonagle)
{
	return partial && ((nonagle & XTCP_NAGLE_CORK) ||
			   (!nonagle && tp->packets_out &&
			    xtcp_minshall_check(tp)));
}

/* Twin of tcp_nagle_test(): may @skb, of one segment, go now? */
static bool xtcp_nagle_test(const struct xtcp_sock *tp,
			    const struct sk_buff *skb,
			    unsigned int cur_mss, int nonagle)
{
	if (nonagle & XTCP_NAGLE_PUSH)
		return true;
	/* Urgent data and the final FIN are never held back. */
	if (xtcp_urg_mode(tp) || (XTCP_SKB_CB(skb)->tcp_flags & XTCPHDR_FIN))
		return true;
	return !xtcp_nagle_check(skb->len < cur_mss, tp, nonagle);
}

static bool xtcp_snd_wnd_test(const struct xtcp_sock *tp,
			      const struct sk_buff *skb, unsigned int cur_mss)
{
	u32 end_seq = XTCP_SKB_CB(skb)->end_seq;

	if (skb->len > cur_mss)
		end_seq = XTCP_SKB_CB(skb)->seq + cur_mss;
	return !xtcp_after(end_seq, xtcp_wnd_end(tp));
}

/*
 * Twin of tcp_mtu_check_reprobe(): a search that ended long enough ago
 * (tcp_probe_interval) starts again from the current MSS, in case the
 * path changed.
 */
static void xtcp_mtu_check_reprobe(struct sock *sk)
{
	struct xinet_connection_sock *icsk = xinet_csk(sk);
	struct xinet_net *xn = xinet_net(sock_net(sk));
	u32 interval = READ_ONCE(xn->sysctl_tcp_probe_interval);
	s32 delta = jiffies - icsk->icsk_mtup.probe_timestamp;

	if (unlikely(delta >= interval * HZ)) {
		int mss = xtcp_current_mss(sk);

		icsk->icsk_mtup.probe_size = 0;
		icsk->icsk_mtup.search_high = xtcp_sk(sk)->rx_opt.mss_clamp +
					      sizeof(struct tcphdr) +
					      sizeof(struct iphdr);
		icsk->icsk_mtup.search_low = xtcp_mss_to_mtu(sk, mss);
		icsk->icsk_mtup.probe_timestamp = jiffies;
	}
}

/*
 * Twin of tcp_clone_payload(): give @to the first @probe_size bytes of
 * the write queue, as references to the same pages.  Return: 0, or a
 * negative errno when they cannot be shared (memory, too many frags, data
 * in a linear head).
 */
static int xtcp_clone_payload(struct sock *sk, struct sk_buff *to,
			      int probe_size)
{
	skb_frag_t *lastfrag = NULL, *fragto = skb_shinfo(to)->frags;
	int i, todo, len = 0, nr_frags = 0;
	const struct sk_buff *skb;

	if (!sk_wmem_schedule(sk, to->truesize + probe_size))
		return -ENOMEM;

	skb_queue_walk(&sk->sk_write_queue, skb) {
		const skb_frag_t *fragfrom = skb_shinfo(skb)->frags;

		if (skb_headlen(skb))
			return -EINVAL;
		for (i = 0; i < skb_shinfo(skb)->nr_frags; i++, fragfrom++) {
			if (len >= probe_size)
				goto commit;
			todo = min_t(int, skb_frag_size(fragfrom),
				     probe_size - len);
			len += todo;
			/* Adjacent pieces of one page make one frag. */
			if (lastfrag &&
			    skb_frag_page(fragfrom) == skb_frag_page(lastfrag) &&
			    skb_frag_off(fragfrom) == skb_frag_off(lastfrag) +
						      skb_frag_size(lastfrag)) {
				skb_frag_size_add(lastfrag, todo);
				continue;
			}
			if (unlikely(nr_frags == MAX_SKB_FRAGS))
				return -E2BIG;
			*fragto = *fragfrom;
			skb_frag_size_set(fragto, todo);
			nr_frags++;
			lastfrag = fragto++;
		}
	}
commit:
	if (WARN_ON_ONCE(len != probe_size))
		return -EINVAL;
	for (i = 0; i < nr_frags; i++)
		skb_frag_ref(to, i);
	skb_shinfo(to)->nr_frags = nr_frags;
	to->truesize += probe_size;
	to->len += probe_size;
	to->data_len += probe_size;
	return 0;
}

/*
 * A write-queue skb whose bytes all went into the probe @dst leaves the
 * queue, its flags with them (twin of tcp_eat_one_skb).
 */
static void xtcp_eat_one_skb(struct sock *sk, struct sk_buff *dst,
			     struct sk_buff *src)
{
	XTCP_SKB_CB(dst)->tcp_flags |= XTCP_SKB_CB(src)->tcp_flags;
	XTCP_SKB_CB(dst)->eor = XTCP_SKB_CB(src)->eor;
	__skb_unlink(src, &sk->sk_write_queue);
	sk_wmem_queued_add(sk, -src->truesize);
	sk_mem_uncharge(sk, src->truesize);
	__kfree_skb(src);
}

/*
 * Twin of tcp_can_coalesce_send_queue_head(): the probe may take the
 * first @len bytes of the write queue only if no record ends (MSG_EOR)
 * before its last skb.
 */
static bool xtcp_can_coalesce_send_queue_head(struct sock *sk, int len)
{
	struct sk_buff *skb = xtcp_send_head(sk);

	if (!skb)
		return true;
	skb_queue_walk_from(&sk->sk_write_queue, skb) {
		if (len <= skb->len)
			break;
		if (!xtcp_skb_can_collapse_to(skb))
			return false;
		len -= skb->len;
	}
	return true;
}

/*
 * Twin of tcp_mtu_probe(): when the search is on, nothing is being
 * probed, the connection is in the Open state with a window of at least
 * 11 segments and enough data waits, send one segment of the size halfway
 * between search_low and search_high, made of the write queue's head.
 * Its ACK raises search_low (xtcp_mtup_probe_success()); its loss,
 * detected by duplicate ACKs, lowers search_high.
 *
 * Return: 1 a probe was sent, 0 wait (the windows will open), -1 no probe.
 */
static int xtcp_mtu_probe(struct sock *sk)
{
	struct xinet_connection_sock *icsk = xinet_csk(sk);
	struct xinet_net *xn = xinet_net(sock_net(sk));
	struct xtcp_sock *tp = xtcp_sk(sk);
	struct sk_buff *skb, *nskb, *next;
	int probe_size, interval, copy, len;
	u64 size_needed;

	/* Not while SACK blocks change the header's length. */
	if (likely(!icsk->icsk_mtup.enabled || icsk->icsk_mtup.probe_size ||
		   icsk->icsk_ca_state != XTCP_CA_Open || tp->snd_cwnd < 11 ||
		   tp->rx_opt.num_sacks || tp->rx_opt.dsack))
		return -1;

	/* Binary search; a range narrower than the threshold is done. */
	probe_size = xtcp_mtu_to_mss(sk, (icsk->icsk_mtup.search_high +
					  icsk->icsk_mtup.search_low) >> 1);
	size_needed = probe_size + ((u64)tp->reordering + 1) * tp->mss_cache;
	interval = icsk->icsk_mtup.search_high - icsk->icsk_mtup.search_low;
	if (probe_size > xtcp_mtu_to_mss(sk, icsk->icsk_mtup.search_high) ||
	    interval < READ_ONCE(xn->sysctl_tcp_probe_threshold)) {
		xtcp_mtu_check_reprobe(sk);
		return -1;
	}

	/*
	 * Enough data behind the probe for the duplicate ACKs that would
	 * report its loss, and windows to send it all.
	 */
	if (tp->write_seq - tp->snd_nxt < size_needed)
		return -1;
	if (tp->snd_wnd < size_needed)
		return -1;
	if (xtcp_after(tp->snd_nxt + size_needed, xtcp_wnd_end(tp)))
		return 0;
	/* The probe counts as two segments; with none in flight, do not stall. */
	if (xtcp_packets_in_flight(tp) + 2 > tp->snd_cwnd)
		return xtcp_packets_in_flight(tp) ? 0 : -1;
	if (!xtcp_can_coalesce_send_queue_head(sk, probe_size))
		return -1;

	nskb = xtcp_stream_alloc_skb(sk, GFP_ATOMIC, false);
	if (!nskb)
		return -1;
	if (xtcp_clone_payload(sk, nskb, probe_size)) {
		__kfree_skb(nskb);
		return -1;
	}
	sk_wmem_queued_add(sk, nskb->truesize);
	sk_mem_charge(sk, nskb->truesize);

	skb = xtcp_send_head(sk);
	XTCP_SKB_CB(nskb)->seq = XTCP_SKB_CB(skb)->seq;
	XTCP_SKB_CB(nskb)->end_seq = XTCP_SKB_CB(skb)->seq + probe_size;
	XTCP_SKB_CB(nskb)->tcp_flags = XTCPHDR_ACK;
	XTCP_SKB_CB(nskb)->sacked = 0;
	/* One segment of its own size, as Linux's probe. */
	xtcp_set_skb_tso_segs(nskb, probe_size);
	__skb_header_release(nskb);
	__skb_queue_before(&sk->sk_write_queue, skb, nskb);

	/* The bytes now in the probe leave the skbs they came from. */
	len = 0;
	skb_queue_walk_from_safe(&sk->sk_write_queue, skb, next) {
		copy = min_t(int, skb->len, probe_size - len);
		if (skb->len <= copy) {
			xtcp_eat_one_skb(sk, nskb, skb);
		} else {
			XTCP_SKB_CB(nskb)->tcp_flags |=
				XTCP_SKB_CB(skb)->tcp_flags &
				~(XTCPHDR_FIN | XTCPHDR_PSH);
			/* Not yet sent, so not cloned: this cannot fail. */
			WARN_ON_ONCE(xtcp_trim_head(sk, skb, copy));
		}
		len += copy;
		if (len >= probe_size)
			break;
	}

	/* If it cannot go now, xtcp_write_xmit() cuts it to the MSS. */
	if (!xtcp_transmit_skb(sk, nskb, 1, GFP_ATOMIC)) {
		/* One skb, but the size of two segments. */
		tp->snd_cwnd--;
		xtcp_event_new_data_sent(sk, nskb);
		icsk->icsk_mtup.probe_size = xtcp_mss_to_mtu(sk, nskb->len);
		tp->mtu_probe.probe_seq_start = XTCP_SKB_CB(nskb)->seq;
		tp->mtu_probe.probe_seq_end = XTCP_SKB_CB(nskb)->end_seq;
		return 1;
	}
	return -1;
}

/* A GSO packet may wait for this many MSS of window (tcp_tso_win_divisor 0). */
#define XTCP_MAX_TSO_DEFERRED_MSS	3

/*
 * Twin of tcp_tso_autosize() and tcp_tso_segs(): how many MSS one GSO
 * packet carries.  About 1 ms of data at the pacing rate, more the
 * shorter the minimum RTT (full size under 2^tcp_tso_rtt_log us), within
 * what the device takes.  The skbs never outgrow the size goal
 * (xtcp_xmit_size_goal()), which bounds the packets whatever this asks:
 * it bounds them here too, for the resends that cut an skb to it.  Where
 * it holds one MSS (xlo, whose 64 KiB MTU leaves no room for two) there is
 * no GSO, and nothing waits for a bigger packet (xtcp_tso_should_defer()),
 * as an skb of one segment is never held back.
 */
static u32 xtcp_tso_segs(struct sock *sk, unsigned int mss_now)
{
	const struct xinet_net *xn = xinet_net(sock_net(sk));
	unsigned long bytes;
	u32 r, segs;

	bytes = READ_ONCE(sk->sk_pacing_rate) >> READ_ONCE(sk->sk_pacing_shift);
	r = xtcp_min_rtt(xtcp_sk(sk)) >> READ_ONCE(xn->sysctl_tcp_tso_rtt_log);
	if (r < BITS_PER_TYPE(sk->sk_gso_max_size))
		bytes += sk->sk_gso_max_size >> r;
	bytes = min_t(unsigned long, bytes, sk->sk_gso_max_size);
	segs = min_t(u32, max_t(u32, bytes / mss_now,
				READ_ONCE(xn->sysctl_tcp_min_tso_segs)),
		     sk->sk_gso_max_segs);
	return min(segs, xtcp_xmit_size_goal(sk, mss_now) / mss_now);
}

/*
 * Twin of sk_can_gso() for TCP: the route's device (last seen by
 * xtcp_setup_caps()) segments TCP.  Urgent data keeps one segment per
 * packet: each carries its own urgent pointer.
 */
static bool xtcp_can_gso(const struct sock *sk)
{
	return (sk->sk_route_caps & NETIF_F_TSO) &&
	       !xtcp_urg_mode(xtcp_sk(sk));
}

/*
 * Twin of tcp_cwnd_test(): how many segments cwnd lets go now, at most
 * half of it in one packet, so that at least two GSO packets are in
 * flight and their ACKs clock the next ones.
 */
static u32 xtcp_cwnd_test(const struct xtcp_sock *tp)
{
	u32 in_flight = xtcp_packets_in_flight(tp), cwnd = tp->snd_cwnd;

	if (in_flight >= cwnd)
		return 0;
	return min(max(cwnd >> 1, 1U), cwnd - in_flight);
}

/*
 * Twin of tcp_mss_split_point(): how much of @skb, the send head, goes in
 * one packet: @max_segs segments, or what the receive window takes,
 * without a short last segment that Nagle would hold.
 */
static u32 xtcp_mss_split_point(const struct sock *sk,
				const struct sk_buff *skb,
				unsigned int mss_now, u32 max_segs,
				int nonagle)
{
	const struct xtcp_sock *tp = xtcp_sk(sk);
	u32 partial, needed, window, max_len;

	window = xtcp_wnd_end(tp) - XTCP_SKB_CB(skb)->seq;
	max_len = mss_now * max_segs;
	if (likely(max_len <= window &&
		   skb != skb_peek_tail(&sk->sk_write_queue)))
		return max_len;
	needed = min(skb->len, window);
	if (max_len <= needed)
		return max_len;
	partial = needed % mss_now;
	/* A short last segment goes along only where Nagle lets it. */
	if (xtcp_nagle_check(partial != 0, tp, nonagle))
		return needed - partial;
	return needed;
}

/*
 * Twin of tcp_tso_should_defer(): hold back @skb, of several segments,
 * where the windows would keep it small, while an ACK that opens them is
 * due within min(1 ms, half an RTT), so that the next packet is a bigger
 * one.  @max_segs is xtcp_tso_segs()'s.
 */
static bool xtcp_tso_should_defer(struct sock *sk, struct sk_buff *skb,
				  bool *is_cwnd_limited, bool *is_rwnd_limited,
				  u32 max_segs)
{
	const struct xinet_net *xn = xinet_net(sock_net(sk));
	struct xtcp_sock *tp = xtcp_sk(sk);
	u32 send_win, cong_win, limit, in_flight, win_divisor;
	u64 now = ktime_get_ns(), srtt_ns, threshold;
	struct sk_buff *head, *tail;
	s64 ack_in;

	if (xinet_csk(sk)->icsk_ca_state >= XTCP_CA_Recovery)
		return false;
	/* Only while sending goes on: the last send within 1 ms. */
	tail = skb_peek_tail(&tp->rtx_queue);
	if (!tail || (s64)(now - tail->skb_mstamp_ns) > NSEC_PER_MSEC)
		return false;
	in_flight = xtcp_packets_in_flight(tp);
	send_win = xtcp_wnd_end(tp) - XTCP_SKB_CB(skb)->seq;
	cong_win = (tp->snd_cwnd - in_flight) * tp->mss_cache;
	limit = min(send_win, cong_win);
	/* A full-sized packet can go. */
	if (limit >= max_segs * tp->mss_cache)
		return false;
	/* No more data joins an skb inside the queue: all of it may go. */
	if (skb != skb_peek_tail(&sk->sk_write_queue) && limit >= skb->len)
		return false;
	win_divisor = READ_ONCE(xn->sysctl_tcp_tso_win_divisor);
	if (win_divisor) {
		u32 chunk = min(tp->snd_wnd, tp->snd_cwnd * tp->mss_cache);

		/* Some fraction of a window is open: use it. */
		if (limit >= chunk / win_divisor)
			return false;
	} else if (limit > XTCP_MAX_TSO_DEFERRED_MSS * tp->mss_cache) {
		return false;
	}
	/*
	 * The ACK of the oldest segment in flight is due an RTT after it
	 * left; if that is more than min(1 ms, half an RTT) away, do not
	 * wait for it.
	 */
	head = xtcp_rtx_queue_head(sk);
	if (!head)
		return false;
	srtt_ns = (u64)(NSEC_PER_USEC >> 3) * tp->srtt_us;
	ack_in = (s64)(head->skb_mstamp_ns + srtt_ns - now);
	threshold = min_t(u64, srtt_ns >> 1, NSEC_PER_MSEC);
	if (ack_in > (s64)threshold)
		return false;
	if (cong_win < send_win) {
		if (cong_win <= skb->len) {
			*is_cwnd_limited = true;
			return true;
		}
	} else if (send_win <= skb->len) {
		*is_rwnd_limited = true;
		return true;
	}
	/* Nothing will join it: do not wait. */
	if ((XTCP_SKB_CB(skb)->tcp_flags & XTCPHDR_FIN) ||
	    XTCP_SKB_CB(skb)->eor)
		return false;
	return true;
}

/**
 * xtcp_write_xmit - send what the windows and Nagle allow (twin of
 *	tcp_write_xmit)
 * @sk: the socket
 * @mss_now: the current MSS
 * @nonagle: XTCP_NAGLE_* for this push
 * @gfp: allocation context
 *
 * Each skb of the write queue goes as it is, a GSO packet of its
 * segments (xtcp_transmit_skb()), cut first where cwnd, the receive
 * window or Nagle let only its front go (xtcp_mss_split_point()).
 *
 * Return: true when data waits but nothing is in flight to bring the ACK
 * that would release it (the caller arms the zero-window probe).
 */
bool xtcp_write_xmit(struct sock *sk, unsigned int mss_now, int nonagle,
		     gfp_t gfp)
{
	struct xtcp_sock *tp = xtcp_sk(sk);
	bool cwnd_limited = false, rwnd_limited = false;
	unsigned int sent_pkts = 0;
	u32 max_segs, cwnd_quota;
	struct sk_buff *skb;
	int result, tso_segs;

	sock_owned_by_me(sk);
	/* A socket being restored sends nothing: no probe either. */
	result = unlikely(tp->repair) ? -1 : xtcp_mtu_probe(sk);
	if (!result)
		return false;
	if (result > 0)
		sent_pkts = 1;
	max_segs = xtcp_can_gso(sk) ? xtcp_tso_segs(sk, mss_now) : 1;
	while ((skb = xtcp_send_head(sk))) {
		u32 limit;

		if (unlikely(tp->repair) &&
		    tp->repair_queue == TCP_SEND_QUEUE) {
			/*
			 * TCP_REPAIR restores what the old socket had sent
			 * and not yet had acknowledged: the skb goes to the
			 * retransmission queue as if sent now (its stamp
			 * starts the retransmission timer), without going
			 * out.
			 */
			skb->skb_mstamp_ns = ktime_get_ns();
			xtcp_init_tso_segs(skb, mss_now);
			goto repair;
		}
		cwnd_quota = xtcp_cwnd_test(tp);
		if (!cwnd_quota) {
			cwnd_limited = true;
			break;
		}
		cwnd_quota = min(cwnd_quota, max_segs);
		xtcp_set_skb_tso_segs(skb, mss_now);
		tso_segs = xtcp_skb_pcount(skb);
		if (!xtcp_snd_wnd_test(tp, skb, mss_now)) {
			rwnd_limited = true;
			break;
		}
		if (tso_segs == 1) {
			if (!xtcp_nagle_test(tp, skb, mss_now,
					     skb == skb_peek_tail(&sk->sk_write_queue) ?
					     nonagle : XTCP_NAGLE_PUSH))
				break;
		} else if (xtcp_tso_should_defer(sk, skb, &cwnd_limited,
						 &rwnd_limited, max_segs)) {
			break;
		}
		/* Urgent data: one segment a packet, each with its pointer. */
		limit = mss_now;
		if (tso_segs > 1 && !xtcp_urg_mode(tp))
			limit = xtcp_mss_split_point(sk, skb, mss_now,
						     cwnd_quota, nonagle);
		if (skb->len > limit &&
		    xtcp_fragment(sk, &sk->sk_write_queue, skb, limit,
				  mss_now, gfp))
			break;
		if (xtcp_small_queue_check(sk, skb, 0))
			break;
		/* An skb a writer waiting for memory left empty: not yet. */
		if (XTCP_SKB_CB(skb)->end_seq == XTCP_SKB_CB(skb)->seq)
			break;
		if (xtcp_transmit_skb(sk, skb, 1, gfp))
			break;
repair:
		xtcp_event_new_data_sent(sk, skb);
		xtcp_minshall_update(tp, mss_now, skb);
		sent_pkts += xtcp_skb_pcount(skb);
	}
	if (rwnd_limited)
		xtcp_chrono_start(sk, XTCP_CHRONO_RWND_LIMITED);
	else
		xtcp_chrono_stop(sk, XTCP_CHRONO_RWND_LIMITED);
	if (sent_pkts) {
		if (xtcp_in_cwnd_reduction(sk))
			tp->prr_out += sent_pkts;
		/* One loss probe per tail loss episode. */
		xtcp_schedule_loss_probe(sk, false);
	}
	cwnd_limited |= xtcp_packets_in_flight(tp) >= tp->snd_cwnd;
	if (sent_pkts || cwnd_limited)
		xtcp_cwnd_validate(sk, cwnd_limited);
	return !tp->packets_out && xtcp_send_head(sk);
}

/**
 * xtcp_check_probe_timer - arm the zero-window probe if nothing else is
 * @sk: the socket
 */
void xtcp_check_probe_timer(struct sock *sk)
{
	if (!xtcp_sk(sk)->packets_out && !xinet_csk(sk)->icsk_pending)
		xinet_csk_reset_xmit_timer(sk, XICSK_TIME_PROBE0,
					   xtcp_probe0_when(sk, XTCP_RTO_MAX),
					   XTCP_RTO_MAX);
}

/**
 * __xtcp_push_pending_frames - send the write queue (twin of
 *	__tcp_push_pending_frames)
 * @sk: the socket
 * @cur_mss: the current MSS
 * @nonagle: XTCP_NAGLE_* bits
 */
void __xtcp_push_pending_frames(struct sock *sk, unsigned int cur_mss,
				int nonagle)
{
	if (unlikely(sk->sk_state == TCP_CLOSE))
		return;
	if (xtcp_write_xmit(sk, cur_mss, nonagle, sk_gfp_mask(sk, GFP_ATOMIC)))
		xtcp_check_probe_timer(sk);
}

/**
 * xtcp_push_pending_frames - send what may be sent now
 * @sk: the socket
 */
void xtcp_push_pending_frames(struct sock *sk)
{
	if (xtcp_send_head(sk))
		__xtcp_push_pending_frames(sk, xtcp_current_mss(sk),
					   xtcp_sk(sk)->nonagle);
}

/*
 * Twin of tcp_can_collapse(): @skb, one segment neither SACKed nor shared
 * with a clone in flight, may give its data away or take more.
 */
static bool xtcp_can_collapse(const struct sk_buff *skb)
{
	if (xtcp_skb_pcount(skb) > 1)
		return false;
	if (skb_cloned(skb))
		return false;
	return !(XTCP_SKB_CB(skb)->sacked & XTCPCB_SACKED_ACKED);
}

/*
 * Twin of tcp_collapse_retrans(): the skb after @skb joins it, data,
 * flags and sequence range; both are one segment, so the counters lose
 * the second one's.
 */
static bool xtcp_collapse_retrans(struct sock *sk, struct sk_buff *skb)
{
	struct xtcp_sock *tp = xtcp_sk(sk);
	struct sk_buff *next = skb_queue_next(&tp->rtx_queue, skb);

	if (next->len && !xtcp_skb_shift(skb, next, 1, next->len))
		return false;
	XTCP_SKB_CB(skb)->end_seq = XTCP_SKB_CB(next)->end_seq;
	XTCP_SKB_CB(skb)->tcp_flags |= XTCP_SKB_CB(next)->tcp_flags;
	XTCP_SKB_CB(skb)->sacked |= XTCP_SKB_CB(next)->sacked & XTCPCB_RETRANS;
	XTCP_SKB_CB(skb)->eor = XTCP_SKB_CB(next)->eor;
	xtcp_adjust_pcount(sk, next, xtcp_skb_pcount(next));
	xtcp_rtx_queue_unlink_and_free(next, sk);
	return true;
}

/*
 * Twin of tcp_retrans_try_collapse(): a resend of @to, shorter than
 * @space (at most an MSS and the window), takes the small skbs behind
 * it along in one segment, as long as net.xinet.tcp_retrans_collapse
 * allows and they fit: a queue of small writes is resent in fewer,
 * fuller segments.
 */
static void xtcp_retrans_try_collapse(struct sock *sk, struct sk_buff *to,
				      int space)
{
	struct xtcp_sock *tp = xtcp_sk(sk);
	struct sk_buff *skb = to, *tmp;
	bool first = true;

	if (!READ_ONCE(xinet_net(sock_net(sk))->sysctl_tcp_retrans_collapse))
		return;
	if (XTCP_SKB_CB(skb)->tcp_flags & XTCPHDR_SYN)
		return;

	skb_queue_walk_from_safe(&tp->rtx_queue, skb, tmp) {
		if (!xtcp_can_collapse(skb) || !xtcp_skb_can_collapse(to, skb))
			break;
		space -= skb->len;
		if (first) {
			first = false;
			continue;
		}
		if (space < 0)
			break;
		if (xtcp_after(XTCP_SKB_CB(skb)->end_seq, xtcp_wnd_end(tp)))
			break;
		if (!xtcp_collapse_retrans(sk, to))
			break;
	}
}

/**
 * __xtcp_retransmit_skb - send the head of @skb's data again, no more
 *	(twin of __tcp_retransmit_skb)
 * @sk: the socket
 * @skb: a segment of the retransmission queue
 * @segs: the most segments to send (what cwnd leaves room for): an skb of
 *	more is cut to them, and to the receive window
 *
 * Sends and counts (RetransSegs, total_retrans) only: the scoreboard
 * and the undo state are the caller's.  The tail loss probe calls it
 * directly: its resend is not a retransmission in flight (XTCPCB_RETRANS_OUT,
 * retrans_out), as in Linux, so that when the probe is SACKed and RACK
 * then marks a segment before it lost, that segment is resent at once
 * rather than held back by xtcp_xmit_retransmit_queue()'s
 * retrans_out >= lost_out until the RTO.
 *
 * Return: 0, or a negative errno when it could not go out now.
 */
int __xtcp_retransmit_skb(struct sock *sk, struct sk_buff *skb, int segs)
{
	struct xtcp_sock *tp = xtcp_sk(sk);
	struct net *net = sock_net(sk);
	unsigned int cur_mss;
	int avail_wnd, diff, err;
	u32 len;

	/* A probe that must be resent proves nothing either way. */
	if (xinet_csk(sk)->icsk_mtup.probe_size)
		xinet_csk(sk)->icsk_mtup.probe_size = 0;
	/* The peer acknowledged part of it: send only the rest. */
	if (xtcp_before(XTCP_SKB_CB(skb)->seq, tp->snd_una)) {
		len = tp->snd_una - XTCP_SKB_CB(skb)->seq;
		diff = xtcp_skb_pcount(skb);
		if (XTCP_SKB_CB(skb)->tcp_flags & XTCPHDR_SYN)
			return 0;
		if (len >= skb->len)
			return 0;
		if (xtcp_trim_head(sk, skb, len))
			return -ENOMEM;
		/* What the trim took is acknowledged, no longer out. */
		diff -= xtcp_skb_pcount(skb);
		if (diff)
			xtcp_adjust_pcount(sk, skb, diff);
	}
	cur_mss = xtcp_current_mss(sk);
	avail_wnd = xtcp_wnd_end(tp) - XTCP_SKB_CB(skb)->seq;
	/*
	 * A window that shrank below the segment: wait for it, unless it
	 * shrank to nothing, where the head's resend probes it.
	 */
	if (avail_wnd <= 0) {
		if (XTCP_SKB_CB(skb)->seq != tp->snd_una)
			return -EAGAIN;
		avail_wnd = cur_mss;
	}
	/*
	 * No more than @segs segments of the current MSS and the window: the
	 * rest is cut off, to go when cwnd allows.  What fits is counted
	 * afresh, in case the MSS changed since it was sent.
	 */
	len = cur_mss * segs;
	if (len > avail_wnd) {
		len = rounddown(avail_wnd, cur_mss);
		if (!len)
			len = avail_wnd;
	}
	if (XTCP_SKB_CB(skb)->tcp_flags & XTCPHDR_SYN) {
		/* A SYN (with Fast Open data) goes whole. */
	} else if (skb->len > len) {
		if (xtcp_fragment(sk, &tp->rtx_queue, skb, len, cur_mss,
				  GFP_ATOMIC))
			return -ENOMEM;
	} else {
		/* Collapsing rewrites the frags a clone in flight shares. */
		if (xtcp_unclone_keeptruesize(skb, GFP_ATOMIC))
			return -ENOMEM;
		diff = xtcp_skb_pcount(skb);
		xtcp_set_skb_tso_segs(skb, cur_mss);
		diff -= xtcp_skb_pcount(skb);
		if (diff)
			xtcp_adjust_pcount(sk, skb, diff);
		avail_wnd = min_t(int, avail_wnd, cur_mss);
		if (skb->len < avail_wnd)
			xtcp_retrans_try_collapse(sk, skb, avail_wnd);
	}

	/* RFC 3168 6.1.1.1: the ECN fallback. */
	if ((XTCP_SKB_CB(skb)->tcp_flags &
	     (XTCPHDR_SYN | XTCPHDR_ECE | XTCPHDR_CWR)) ==
	    (XTCPHDR_SYN | XTCPHDR_ECE | XTCPHDR_CWR))
		xtcp_ecn_clear_syn(sk, skb);

	/*
	 * Marked even when it did not go out, as Linux's EVER_RETRANS: no
	 * RTT sample is to be taken from a send that may not have happened.
	 */
	XTCP_SKB_CB(skb)->sacked |= XTCPCB_RETRANS;
	err = xtcp_transmit_skb(sk, skb, 1, GFP_ATOMIC);
	if (err)
		return err;

	XTCP_ADD_STATS(net, TCP_MIB_RETRANSSEGS, xtcp_skb_pcount(skb));
	tp->total_retrans += xtcp_skb_pcount(skb);
	tp->bytes_retrans += skb->len;
	trace_xtcp_retransmit_skb(sk, skb);
	xtcp_rec_retrans(sk, skb);
	return 0;
}

/**
 * xtcp_retransmit_skb - retransmit @skb and account for it (twin of
 *	tcp_retransmit_skb)
 * @sk: the socket
 * @skb: a segment of the retransmission queue
 * @segs: the most segments to send (__xtcp_retransmit_skb())
 *
 * The retransmission is in flight (XTCPCB_RETRANS_OUT, retrans_out)
 * until it is (S)ACKed or found lost again, and one more D-SACK is
 * awaited before the recovery may be undone (undo_retrans).
 *
 * Return: 0, or a negative errno when it could not go out now.
 */
int xtcp_retransmit_skb(struct sock *sk, struct sk_buff *skb, int segs)
{
	struct xtcp_sock *tp = xtcp_sk(sk);
	int err;

	if (!skb)
		return -EINVAL;
	/*
	 * The give-up clock (tcp_retries2, TCP_USER_TIMEOUT) starts at the
	 * first attempt, sent or not: a connection whose every retransmission
	 * fails (no route, the device gone) must time out too.
	 */
	if (!tp->retrans_stamp)
		tp->retrans_stamp = xtcp_clock_ts();
	err = __xtcp_retransmit_skb(sk, skb, segs);
	if (!err) {
		if (!(XTCP_SKB_CB(skb)->sacked & XTCPCB_RETRANS_OUT))
			tp->retrans_out += xtcp_skb_pcount(skb);
		XTCP_SKB_CB(skb)->sacked |= XTCPCB_RETRANS_OUT;
	}
	/* Counted attempted or not, as Linux: undo then waits longer. */
	if (tp->undo_retrans < 0)
		tp->undo_retrans = 0;
	tp->undo_retrans += xtcp_skb_pcount(skb);
	return err;
}

/**
 * xtcp_xmit_retransmit_queue - retransmit what is marked lost, as far as
 *	the congestion window allows (twin of tcp_xmit_retransmit_queue)
 * @sk: the socket
 *
 * What the receiver SACKed is never sent again, nor what is already
 * retransmitted and in flight.
 */
void xtcp_xmit_retransmit_queue(struct sock *sk)
{
	int mib_idx = xinet_csk(sk)->icsk_ca_state == XTCP_CA_Loss ?
		      LINUX_MIB_TCPSLOWSTARTRETRANS : LINUX_MIB_TCPFASTRETRANS;
	struct xtcp_sock *tp = xtcp_sk(sk);
	bool rearm_timer = false;
	struct sk_buff *skb;
	u32 max_segs;

	/* No resend bigger than a GSO packet sent now would be. */
	max_segs = xtcp_can_gso(sk) ?
		   xtcp_tso_segs(sk, xtcp_current_mss(sk)) : 1;
	skb_queue_walk(&tp->rtx_queue, skb) {
		u8 sacked = XTCP_SKB_CB(skb)->sacked;
		int segs;

		segs = (int)tp->snd_cwnd - (int)xtcp_packets_in_flight(tp);
		if (segs <= 0)
			break;
		segs = min_t(int, segs, max_segs);
		/* Every lost segment is being resent already. */
		if (tp->retrans_out >= tp->lost_out)
			break;
		if (!(sacked & XTCPCB_LOST) ||
		    (sacked & (XTCPCB_SACKED_ACKED | XTCPCB_RETRANS_OUT)))
			continue;
		if (xtcp_small_queue_check(sk, skb, 1))
			break;
		if (xtcp_retransmit_skb(sk, skb, segs))
			break;
		/* PRR counts what the reduction sent (RFC 6937 prr_out). */
		if (xtcp_in_cwnd_reduction(sk))
			tp->prr_out += xtcp_skb_pcount(skb);
		XNET_ADD_STATS(sock_net(sk), mib_idx, xtcp_skb_pcount(skb));
		/*
		 * The head went again: the RTO from now.  Not over RACK's
		 * reordering timer, which judges the segments still only
		 * possibly reordered and rearms the RTO itself when it fires.
		 */
		if (skb == xtcp_rtx_queue_head(sk) &&
		    xinet_csk(sk)->icsk_pending != XICSK_TIME_REO_TIMEOUT)
			rearm_timer = true;
	}
	if (rearm_timer)
		xtcp_rearm_rto(sk);
}

/**
 * xtcp_schedule_loss_probe - arm the tail loss probe timer (twin of
 *	tcp_schedule_loss_probe)
 * @sk: the socket
 * @advancing_rto: the RTO is about to be rearmed from now (an ACK made
 *	progress), not left where it was
 *
 * RFC 8985's TLP: a SACK connection in Open or CWR with data in flight
 * probes after two smoothed RTTs (plus the delayed-ACK allowance,
 * rto_min, when a single segment is out, or 2 ms otherwise; 1 s without
 * an RTT sample), never later than the RTO would fire.
 * net.xinet.tcp_early_retrans 3 or 4 enables it, as Linux's.
 *
 * Return: true when the probe timer was armed.
 */
bool xtcp_schedule_loss_probe(struct sock *sk, bool advancing_rto)
{
	struct xinet_connection_sock *icsk = xinet_csk(sk);
	struct xtcp_sock *tp = xtcp_sk(sk);
	u32 timeout, timeout_us;
	s64 rto_delta_us;
	int early_retrans;

	/* A Fast Open child before its handshake's ACK: no probe. */
	if (tp->fastopen_rsk)
		return false;
	early_retrans = READ_ONCE(xinet_net(sock_net(sk))->sysctl_tcp_early_retrans);
	if ((early_retrans != 3 && early_retrans != 4) ||
	    !tp->packets_out || !xtcp_is_sack(tp) ||
	    (icsk->icsk_ca_state != XTCP_CA_Open &&
	     icsk->icsk_ca_state != XTCP_CA_CWR))
		return false;

	if (tp->srtt_us) {
		timeout_us = tp->srtt_us >> 2;
		if (tp->packets_out == 1)
			timeout_us += jiffies_to_usecs(icsk->icsk_rto_min ? :
						       XTCP_RTO_MIN);
		else
			timeout_us += XTCP_TIMEOUT_MIN_US;
		timeout = usecs_to_jiffies(timeout_us);
	} else {
		timeout = XTCP_TIMEOUT_INIT;
	}

	/* Not later than the RTO would come. */
	rto_delta_us = advancing_rto ? jiffies_to_usecs(icsk->icsk_rto) :
				       xtcp_rto_delta_us(sk);
	if (rto_delta_us > 0)
		timeout = min_t(u32, timeout, usecs_to_jiffies(rto_delta_us));

	xinet_csk_reset_xmit_timer(sk, XICSK_TIME_LOSS_PROBE, timeout,
				   XTCP_RTO_MAX);
	return true;
}

/**
 * xtcp_send_loss_probe - the probe timer fired: send new data if the
 *	windows allow, else resend the last segment (twin of
 *	tcp_send_loss_probe)
 * @sk: the socket, locked
 *
 * Its ACK (or SACK) lets RACK find a tail loss that no later segment
 * would reveal, so recovery starts without waiting for the RTO.  At most
 * one probe is in flight (tlp_high_seq); the RTO is armed afresh behind
 * it.
 */
void xtcp_send_loss_probe(struct sock *sk)
{
	struct xtcp_sock *tp = xtcp_sk(sk);
	int mss = xtcp_current_mss(sk);
	struct sk_buff *skb;
	int pcount;

	if (tp->tlp_high_seq)
		goto rearm_timer;

	tp->tlp_retrans = 0;
	skb = xtcp_send_head(sk);
	if (skb && xtcp_snd_wnd_test(tp, skb, mss)) {
		/*
		 * tcp_write_xmit()'s push_one 2: one new segment, whatever
		 * cwnd says (the receive window allowing it).
		 */
		if (skb->len > mss &&
		    xtcp_fragment(sk, &sk->sk_write_queue, skb, mss, mss,
				  GFP_ATOMIC))
			goto rearm_timer;
		xtcp_init_tso_segs(skb, mss);
		if (xtcp_transmit_skb(sk, skb, 1, GFP_ATOMIC))
			goto rearm_timer;
		xtcp_event_new_data_sent(sk, skb);
		if (xtcp_in_cwnd_reduction(sk))
			tp->prr_out += xtcp_skb_pcount(skb);
		goto probe_sent;
	}
	skb = skb_peek_tail(&tp->rtx_queue);
	if (unlikely(!skb)) {
		WARN_ONCE(tp->packets_out,
			  "invalid inflight: %u state %u cwnd %u mss %d\n",
			  tp->packets_out, sk->sk_state, tp->snd_cwnd, mss);
		xinet_csk(sk)->icsk_pending = 0;
		return;
	}
	/*
	 * The probe is the last segment: an skb of several gives it up
	 * from its tail.  Sent, not accounted as a retransmission in flight
	 * (see __xtcp_retransmit_skb()).
	 */
	pcount = xtcp_skb_pcount(skb);
	if (WARN_ON_ONCE(!pcount))
		goto rearm_timer;
	if (pcount > 1 && skb->len > (pcount - 1) * mss) {
		if (xtcp_fragment(sk, &tp->rtx_queue, skb, (pcount - 1) * mss,
				  mss, GFP_ATOMIC))
			goto rearm_timer;
		skb = skb_queue_next(&tp->rtx_queue, skb);
	}
	if (__xtcp_retransmit_skb(sk, skb, 1))
		goto rearm_timer;
	tp->tlp_retrans = 1;

probe_sent:
	/* Where the episode ends (xtcp_process_tlp_ack()). */
	tp->tlp_high_seq = tp->snd_nxt;
	XNET_INC_STATS(sock_net(sk), LINUX_MIB_TCPLOSSPROBES);
	/* So that xtcp_rearm_rto() gives a full RTO from now. */
	xinet_csk(sk)->icsk_pending = 0;
rearm_timer:
	xtcp_rearm_rto(sk);
}

/**
 * xtcp_send_fin - queue our FIN and push it (twin of tcp_send_fin)
 * @sk: the socket, its state already moved by xtcp_close_state()
 *
 * The FIN rides on the last unsent segment when there is one.
 */
void xtcp_send_fin(struct sock *sk)
{
	struct sk_buff *skb, *tskb = skb_peek_tail(&sk->sk_write_queue);
	struct xtcp_sock *tp = xtcp_sk(sk);

	if (tskb) {
		XTCP_SKB_CB(tskb)->tcp_flags |= XTCPHDR_FIN;
		XTCP_SKB_CB(tskb)->end_seq++;
		tp->write_seq++;
	} else {
		skb = alloc_skb_fclone(XTCP_MAX_HEADER,
				       sk_gfp_mask(sk, GFP_ATOMIC) |
				       __GFP_NOWARN);
		/*
		 * shutdown() and close() may sleep: a FIN that is not queued
		 * now never goes, and leaves FIN_WAIT1 with nothing to time
		 * out.  Wait for the memory rather than lose it.
		 */
		if (unlikely(!skb) && gfpflags_allow_blocking(sk->sk_allocation))
			skb = alloc_skb_fclone(XTCP_MAX_HEADER,
					       sk->sk_allocation | __GFP_NOFAIL);
		if (unlikely(!skb))
			return;
		skb_reserve(skb, XTCP_MAX_HEADER);
		xtcp_forced_mem_schedule(sk, skb->truesize);
		xtcp_skb_entail(sk, skb);
		xtcp_init_nondata_skb(skb, tp->write_seq,
				      XTCPHDR_ACK | XTCPHDR_FIN);
		tp->write_seq++;
	}
	__xtcp_push_pending_frames(sk, xtcp_current_mss(sk), XTCP_NAGLE_OFF);
}

/* The sequence number a RST or probe may carry: one the peer accepts. */
static u32 xtcp_acceptable_seq(const struct sock *sk)
{
	const struct xtcp_sock *tp = xtcp_sk(sk);

	if (!xtcp_before(xtcp_wnd_end(tp), tp->snd_nxt))
		return tp->snd_nxt;
	return xtcp_wnd_end(tp);
}

/**
 * xtcp_send_active_reset - abort the connection with a RST (twin of
 *	tcp_send_active_reset)
 * @sk: the socket
 * @priority: allocation context
 */
void xtcp_send_active_reset(struct sock *sk, gfp_t priority)
{
	struct net *net = sock_net(sk);
	struct sk_buff *skb;

	XTCP_INC_STATS(net, TCP_MIB_OUTRSTS);
	skb = alloc_skb(XTCP_MAX_HEADER, priority);
	if (!skb) {
		XNET_INC_STATS(net, LINUX_MIB_TCPABORTFAILED);
		return;
	}
	skb_reserve(skb, XTCP_MAX_HEADER);
	xtcp_init_nondata_skb(skb, xtcp_acceptable_seq(sk),
			      XTCPHDR_ACK | XTCPHDR_RST);
	trace_xtcp_send_reset(sk, NULL);
	if (xtcp_transmit_skb(sk, skb, 0, priority))
		XNET_INC_STATS(net, LINUX_MIB_TCPABORTFAILED);
}

/* Put the SYN in the retransmission queue (tcp_connect_queue_skb). */
static void xtcp_connect_queue_skb(struct sock *sk, struct sk_buff *skb)
{
	struct xtcp_sock *tp = xtcp_sk(sk);

	__skb_header_release(skb);
	__skb_queue_tail(&tp->rtx_queue, skb);
	sk_wmem_queued_add(sk, skb->truesize);
	sk_mem_charge(sk, skb->truesize);
	tp->write_seq = XTCP_SKB_CB(skb)->end_seq;
	tp->packets_out += xtcp_skb_pcount(skb);
}

/* Connection parameters before the SYN (twin of tcp_connect_init). */
static int xtcp_connect_init(struct sock *sk)
{
	struct xinet_connection_sock *icsk = xinet_csk(sk);
	struct xinet_net *xn = xinet_net(sock_net(sk));
	struct xtcp_sock *tp = xtcp_sk(sk);
	struct xrtable rt;
	u32 rcv_wnd, init_rcv_wnd;
	u8 rcv_wscale;
	int err;

	err = xtcp_route(sk, &rt);
	if (err)
		return err;
	tp->tcp_header_len = sizeof(struct tcphdr);
	/* Counted on until the SYN-ACK says otherwise (tcp_connect_init). */
	if (READ_ONCE(xn->sysctl_tcp_timestamps))
		tp->tcp_header_len += XTCPOLEN_TSTAMP_ALIGNED;
	rcu_read_lock();
	if (xtcp_v4_md5_lookup(sk, sk))
		tp->tcp_header_len += XTCPOLEN_MD5SIG_ALIGNED;
	rcu_read_unlock();
	tp->rx_opt.mss_clamp = XTCP_MSS_DEFAULT;
	if (tp->rx_opt.user_mss)
		tp->rx_opt.mss_clamp = tp->rx_opt.user_mss;
	tp->max_window = 0;
	/* Our MSS: the route's, bounded by TCP_MAXSEG. */
	tp->advmss = xtcp_dst_advmss(&rt);
	if (tp->rx_opt.user_mss && tp->rx_opt.user_mss < tp->advmss)
		tp->advmss = tp->rx_opt.user_mss;
	/* Until the SYN-ACK tells, mss_clamp (536) bounds what we send. */
	xtcp_mtup_init(sk);
	xtcp_sync_mss(sk, rt.rt_mtu);
	xtcp_dst_init(sk, &rt);
	xtcp_setup_caps(sk, rt.dev);
	init_rcv_wnd = rt.rt_metrics.initrwnd;
	xip_rt_put(&rt);

	if (!tp->window_clamp)
		tp->window_clamp = 0;
	/*
	 * A connection that reuses a TIME_WAIT port (ts_recent_stamp set)
	 * knows the peer does timestamps: whole segments of what is left.
	 */
	xtcp_select_initial_window(sk, xtcp_full_space(sk),
				   tp->advmss - (tp->rx_opt.ts_recent_stamp ?
						 tp->tcp_header_len -
						 sizeof(struct tcphdr) : 0),
				   &rcv_wnd, &tp->window_clamp,
				   READ_ONCE(xn->sysctl_tcp_window_scaling),
				   &rcv_wscale, init_rcv_wnd);
	tp->rcv_wnd = rcv_wnd;
	tp->rx_opt.rcv_wscale = rcv_wscale;
	/* Agreed only if the SYN-ACK offers it as well. */
	tp->rx_opt.wscale_ok = 0;
	tp->rx_opt.snd_wscale = 0;
	tp->rcv_ssthresh = rcv_wnd;

	WRITE_ONCE(sk->sk_err, 0);
	sock_reset_flag(sk, SOCK_DONE);
	tp->snd_wnd = 0;
	tp->snd_wl1 = 0;
	tp->snd_una = tp->write_seq;
	tp->snd_sml = tp->write_seq;
	tp->snd_nxt = tp->write_seq;
	tp->pushed_seq = tp->write_seq;
	tp->snd_up = tp->write_seq;
	/*
	 * TCP_REPAIR set rcv_nxt (TCP_QUEUE_SEQ): keep it, and count the
	 * peer as heard from now.
	 */
	if (likely(!tp->repair))
		tp->rcv_nxt = 0;
	else
		tp->rcv_tstamp = jiffies;
	tp->rcv_wup = tp->rcv_nxt;
	WRITE_ONCE(tp->copied_seq, tp->rcv_nxt);
	icsk->icsk_rto = XTCP_TIMEOUT_INIT;
	icsk->icsk_retransmits = 0;
	icsk->icsk_backoff = 0;
	xtcp_clear_retrans(tp);
	tp->packets_out = 0;
	return 0;
}

/*
 * Twin of tcp_send_syn_data(): with a cookie, the SYN carries as much of
 * the Fast Open message as fits; the retransmission queue then holds
 * the SYN and, apart, its data, so that a SYN-ACK that acknowledges the
 * SYN alone leaves the data to retransmit.  Without a cookie the SYN
 * asks for one.  Return: 0 or a negative errno.
 */
static int xtcp_send_syn_data(struct sock *sk, struct sk_buff *syn)
{
	struct xinet_connection_sock *icsk = xinet_csk(sk);
	struct xtcp_sock *tp = xtcp_sk(sk);
	struct xtcp_fastopen_request *fo = tp->fastopen_req;
	struct page_frag *pfrag = sk_page_frag(sk);
	struct sk_buff *syn_data;
	int space, err = 0;

	tp->rx_opt.mss_clamp = tp->advmss;	/* unless an MSS is cached */
	if (!xtcp_fastopen_cookie_check(sk, &tp->rx_opt.mss_clamp, &fo->cookie))
		goto fallback;

	/* Room for options a middlebox may add: the cost is SYN data. */
	if (tp->rx_opt.user_mss && tp->rx_opt.user_mss < tp->rx_opt.mss_clamp)
		tp->rx_opt.mss_clamp = tp->rx_opt.user_mss;
	xtcp_sync_mss(sk, icsk->icsk_pmtu_cookie);
	space = xtcp_mtu_to_mss(sk, icsk->icsk_pmtu_cookie) -
		XMAX_TCP_OPTION_SPACE;
	space = min_t(size_t, max(space, 0), fo->size);
	if (space && !sk_page_frag_refill(sk, pfrag))
		goto fallback;
	syn_data = xtcp_stream_alloc_skb(sk, sk->sk_allocation, false);
	if (!syn_data)
		goto fallback;
	memcpy(syn_data->cb, syn->cb, sizeof(syn->cb));
	if (space) {
		space = min_t(size_t, space, pfrag->size - pfrag->offset);
		if (!sk_wmem_schedule(sk, space))
			space = 0;
	}
	if (space) {
		space = copy_page_from_iter(pfrag->page, pfrag->offset, space,
					    &fo->data->msg_iter);
		if (unlikely(!space)) {
			kfree_skb(syn_data);
			goto fallback;
		}
		skb_fill_page_desc(syn_data, 0, pfrag->page, pfrag->offset,
				   space);
		page_ref_inc(pfrag->page);
		pfrag->offset += space;
		syn_data->len += space;
		syn_data->data_len += space;
		syn_data->truesize += space;
		sk_wmem_queued_add(sk, space);
		sk_mem_charge(sk, space);
		/* MSG_ZEROCOPY's completion comes once this is acknowledged. */
		skb_zcopy_set(syn_data, fo->uarg, NULL);
	}
	/* All of it is in the SYN: nothing left for xinet_wait_for_connect(). */
	if (space == fo->size)
		fo->data = NULL;
	fo->copied = space;

	XTCP_SKB_CB(syn_data)->end_seq += space;
	sk_wmem_queued_add(sk, syn_data->truesize - space);
	sk_mem_charge(sk, syn_data->truesize - space);
	tp->write_seq = XTCP_SKB_CB(syn_data)->end_seq;
	tp->packets_out += xtcp_skb_pcount(syn_data);
	if (syn_data->len)
		xtcp_chrono_start(sk, XTCP_CHRONO_BUSY);
	err = xtcp_transmit_skb(sk, syn_data, 1, sk->sk_allocation);

	/* Sent (or not) as SYN+data: keep only the data, the SYN is queued. */
	XTCP_SKB_CB(syn_data)->seq++;
	XTCP_SKB_CB(syn_data)->tcp_flags = XTCPHDR_ACK | XTCPHDR_PSH;
	syn_data->ip_summed = CHECKSUM_PARTIAL;
	if (!err) {
		tp->syn_data = fo->copied > 0;
		__skb_queue_tail(&tp->rtx_queue, syn_data);
		XNET_INC_STATS(sock_net(sk), LINUX_MIB_TCPORIGDATASENT);
		goto done;
	}
	/* Not sent: the data waits in the write queue. */
	__skb_queue_tail(&sk->sk_write_queue, syn_data);
	tp->packets_out -= xtcp_skb_pcount(syn_data);

fallback:
	/* A plain SYN asking for a cookie. */
	if (fo->cookie.len > 0)
		fo->cookie.len = 0;
	err = xtcp_transmit_skb(sk, syn, 1, sk->sk_allocation);
	if (err)
		tp->syn_fastopen = 0;
done:
	fo->cookie.len = -1;	/* no option on SYN retransmissions */
	return err;
}

/**
 * xtcp_connect - send the SYN of an active open (twin of tcp_connect)
 * @sk: the socket: identity, ISN (write_seq), hashes set, SYN_SENT
 *
 * Return: 0 or a negative errno.
 */
int xtcp_connect(struct sock *sk)
{
	struct xtcp_sock *tp = xtcp_sk(sk);
	struct sk_buff *buff;
	int err;

	err = xtcp_connect_init(sk);
	if (err)
		return err;

	/*
	 * TCP_REPAIR restores a connection the peer still has: no SYN,
	 * established with the sequence numbers TCP_QUEUE_SEQ set.
	 */
	if (unlikely(tp->repair)) {
		xtcp_finish_connect(sk, NULL);
		return 0;
	}

	buff = xtcp_stream_alloc_skb(sk, sk->sk_allocation, true);
	if (unlikely(!buff))
		return -ENOBUFS;
	xtcp_init_nondata_skb(buff, tp->write_seq, XTCPHDR_SYN);
	tp->retrans_stamp = xtcp_clock_ts();
	xtcp_connect_queue_skb(sk, buff);
	xtcp_ecn_send_syn(sk, buff);

	if (tp->fastopen_req) {
		err = xtcp_send_syn_data(sk, buff);
	} else {
		err = xtcp_transmit_skb(sk, buff, 1, sk->sk_allocation);
		/* The SYN's TSval, exactly: a SYN-ACK echoing it is judged. */
		if (buff->skb_mstamp_ns)
			tp->retrans_stamp = xtcp_ns_to_ts(buff->skb_mstamp_ns);
	}
	if (err == -ECONNREFUSED)
		return err;

	tp->snd_nxt = tp->write_seq;
	tp->pushed_seq = tp->write_seq;
	XTCP_INC_STATS(sock_net(sk), TCP_MIB_ACTIVEOPENS);

	/* Until the SYN-ACK comes, keep sending the SYN. */
	xinet_csk_reset_xmit_timer(sk, XICSK_TIME_RETRANS,
				   xinet_csk(sk)->icsk_rto, XTCP_RTO_MAX);
	return 0;
}

/**
 * xtcp_send_synack_sk - a SYN-ACK from a full socket: simultaneous open
 * @sk: the socket, in SYN_RECV after a SYN crossed ours
 *
 * Our SYN, still on the retransmission queue, now carries the ACK.
 */
void xtcp_send_synack_sk(struct sock *sk)
{
	struct sk_buff *skb = xtcp_rtx_queue_head(sk);

	if (!skb || !(XTCP_SKB_CB(skb)->tcp_flags & XTCPHDR_SYN))
		return;
	if (!(XTCP_SKB_CB(skb)->tcp_flags & XTCPHDR_ACK)) {
		XTCP_SKB_CB(skb)->tcp_flags |= XTCPHDR_ACK;
		xtcp_ecn_send_synack(sk, skb);
	}
	xtcp_transmit_skb(sk, skb, 1, GFP_ATOMIC);
}

/**
 * xtcp_send_synack - build and send the SYN-ACK of a request sock (twin
 *	of tcp_make_synack + tcp_v4_send_synack)
 * @sk: the listener
 * @req: the request sock: addresses, ISNs, window and options
 * @foc: the Fast Open cookie to send (len -1 or NULL: none)
 *
 * Called for the first SYN-ACK and again for each retransmission.
 *
 * Return: 0 or a negative errno.
 */
int xtcp_send_synack(const struct sock *sk, struct xrequest_sock *req,
		     const struct xtcp_fastopen_cookie *foc)
{
	const struct xtcp_sock *ltp = xtcp_sk(sk);
	const struct ip_options_rcu *inet_opt;
	struct net *net = sock_net(sk);
	struct xtcp_out_options opts;
	struct xtcp_md5sig_key *md5;
	struct xip_cork cork = {};
	struct sk_buff *skb;
	struct xrtable rt;
	struct tcphdr *th;
	unsigned int hdr_len;
	u32 tsval;
	u64 now_ns;
	u16 mss;
	int err;

	err = xinet_csk_route_req(sk, req, &rt);
	if (err)
		return err;
	mss = xtcp_dst_advmss(&rt);
	if (ltp->rx_opt.user_mss && ltp->rx_opt.user_mss < mss)
		mss = ltp->rx_opt.user_mss;
	if (!req->rcv_wnd) {
		u32 rcv_wnd, clamp = ltp->window_clamp;
		u8 ws;

		xtcp_select_initial_window(sk, xtcp_full_space(sk),
					   mss - (req->tstamp_ok ?
						  XTCPOLEN_TSTAMP_ALIGNED : 0),
					   &rcv_wnd, &clamp, req->wscale_ok,
					   &ws, rt.rt_metrics.initrwnd);
		req->rcv_wnd = rcv_wnd;
		req->rcv_wscale = req->wscale_ok ? ws : 0;
	}

	/* A cookie's TSval carries the options the cookie could not. */
	now_ns = ktime_get_ns();
	tsval = req->syncookie && req->tstamp_ok ?
		xcookie_init_timestamp(req, now_ns) : xtcp_ns_to_ts(now_ns);
	/* Twin of the req_md5_lookup of tcp_make_synack(). */
	rcu_read_lock();
	md5 = xtcp_v4_req_md5_lookup(sk, req);
	hdr_len = sizeof(*th) +
		  xtcp_synack_options(req, mss, tsval + req->ts_off, foc, &opts,
				      md5);
	skb = alloc_skb(XIP_HEADROOM(rt.dev) + hdr_len, GFP_ATOMIC);
	if (!skb) {
		rcu_read_unlock();
		xip_rt_put(&rt);
		return -ENOMEM;
	}
	skb_reserve(skb, XIP_HEADROOM(rt.dev));
	th = skb_put_zero(skb, hdr_len);
	skb_reset_transport_header(skb);
	th->source = htons(req->xir_num);
	th->dest = req->xir_rmt_port;
	th->seq = htonl(req->snt_isn);
	/* Past the SYN's data when Fast Open took it. */
	th->ack_seq = htonl(req->rcv_nxt);
	*(((__be16 *)th) + 6) = htons(((hdr_len >> 2) << 12) |
				      XTCPHDR_SYN | XTCPHDR_ACK);
	/* Twin of tcp_ecn_make_synack(). */
	if (req->ecn_ok)
		th->ece = 1;
	th->window = htons(min(req->rcv_wnd, 65535U));
	xtcp_options_write(th, NULL, &opts);
	if (unlikely(md5))
		xtcp_v4_md5_hash_skb(opts.hash_location, md5,
				     req->xir_loc_addr, req->xir_rmt_addr, skb);
	rcu_read_unlock();
	xtcp_v4_send_check(skb, req->xir_loc_addr, req->xir_rmt_addr, rt.dev);

	cork.saddr = req->xir_loc_addr;
	cork.daddr = req->xir_rmt_addr;
	cork.protocol = IPPROTO_TCP;
	cork.ttl = xip_select_ttl(sk);
	cork.tos = xinet_sk(sk)->tos;
	cork.df = xip_dont_fragment(sk, &rt);
	skb->priority = READ_ONCE(sk->sk_priority);
	skb->mark = READ_ONCE(sk->sk_mark);
	/* The listener's TCP_TX_DELAY, as tcp_make_synack() adds it. */
	xtcp_add_tx_delay(skb, ltp, now_ns);
	/* The first SYN-ACK's time, on the clock of its TSval. */
	if (!req->snt_synack)
		req->snt_synack = now_ns;
	/* The SYN's options, echoed (xtcp_v4_save_options()). */
	rcu_read_lock();
	inet_opt = rcu_dereference(req->ireq_opt);
	cork.opt = inet_opt ? &inet_opt->opt : NULL;
	err = xip_send_skb(net, skb, &rt, &cork);
	rcu_read_unlock();
	xip_rt_put(&rt);
	if (err == -ENOBUFS)
		err = 0;
	if (!err) {
		XTCP_INC_STATS(net, TCP_MIB_OUTSEGS);
		if (req->num_timeout || req->num_retrans) {
			XTCP_INC_STATS(net, TCP_MIB_RETRANSSEGS);
			XNET_INC_STATS(net, LINUX_MIB_TCPSYNRETRANS);
		}
	}
	return err;
}

/**
 * xtcp_send_ack - send a pure ACK now (twin of tcp_send_ack)
 * @sk: the socket
 */
void xtcp_send_ack(struct sock *sk)
{
	struct sk_buff *buff;

	if (sk->sk_state == TCP_CLOSE)
		return;
	buff = alloc_skb(XTCP_MAX_HEADER, sk_gfp_mask(sk, GFP_ATOMIC | __GFP_NOWARN));
	if (unlikely(!buff)) {
		struct xinet_connection_sock *icsk = xinet_csk(sk);
		unsigned long delay = XTCP_DELACK_MAX << icsk->icsk_ack.retry;

		/* No memory: try again from the delayed-ACK timer. */
		xinet_csk_schedule_ack(sk);
		icsk->icsk_ack.ato = XTCP_ATO_MIN;
		xinet_csk_reset_xmit_timer(sk, XICSK_TIME_DACK, delay,
					   XTCP_RTO_MAX);
		return;
	}
	skb_reserve(buff, XTCP_MAX_HEADER);
	xtcp_init_nondata_skb(buff, xtcp_acceptable_seq(sk), XTCPHDR_ACK);
	xtcp_transmit_skb(sk, buff, 0, GFP_ATOMIC);
}

/**
 * xtcp_send_delayed_ack - schedule the delayed ACK (twin of
 *	tcp_send_delayed_ack)
 * @sk: the socket
 */
void xtcp_send_delayed_ack(struct sock *sk)
{
	struct xinet_connection_sock *icsk = xinet_csk(sk);
	struct xtcp_sock *tp = xtcp_sk(sk);
	int ato = icsk->icsk_ack.ato;
	unsigned long timeout;

	if (ato > XTCP_DELACK_MIN) {
		int max_ato = HZ / 2;

		if (xinet_csk_in_pingpong_mode(sk) ||
		    (icsk->icsk_ack.pending & XICSK_ACK_PUSHED))
			max_ato = icsk->icsk_delack_max ? : XTCP_DELACK_MAX;
		/* Slow senders need no faster ACKs than their RTT. */
		if (tp->srtt_us) {
			int rtt = max_t(int, usecs_to_jiffies(tp->srtt_us >> 3),
					XTCP_DELACK_MIN);

			if (rtt < max_ato)
				max_ato = rtt;
		}
		ato = min(ato, max_ato);
	}
	timeout = jiffies + ato;

	if (icsk->icsk_ack.pending & XICSK_ACK_TIMER) {
		/* Already due soon: send it now. */
		if (time_before_eq(icsk->icsk_ack.timeout, jiffies + (ato >> 2))) {
			xtcp_send_ack(sk);
			return;
		}
		if (!time_before(timeout, icsk->icsk_ack.timeout))
			timeout = icsk->icsk_ack.timeout;
	}
	icsk->icsk_ack.pending |= XICSK_ACK_SCHED | XICSK_ACK_TIMER;
	icsk->icsk_ack.timeout = timeout;
	sk_reset_timer(sk, &icsk->icsk_delack_timer, timeout);
}

/* A segment the peer must answer with an ACK: seq one below snd_una. */
static int xtcp_xmit_probe_skb(struct sock *sk, int urgent)
{
	struct xtcp_sock *tp = xtcp_sk(sk);
	struct sk_buff *skb;

	skb = alloc_skb(XTCP_MAX_HEADER, sk_gfp_mask(sk, GFP_ATOMIC | __GFP_NOWARN));
	if (!skb)
		return -1;
	skb_reserve(skb, XTCP_MAX_HEADER);
	xtcp_init_nondata_skb(skb, tp->snd_una - !urgent, XTCPHDR_ACK);
	return xtcp_transmit_skb(sk, skb, 0, GFP_ATOMIC);
}

/**
 * xtcp_send_window_probe - a segment the peer must answer (twin of
 *	tcp_send_window_probe): TCP_REPAIR_OFF, so that a restored
 *	connection learns the peer's window and the peer hears from it
 * @sk: the socket, locked
 */
void xtcp_send_window_probe(struct sock *sk)
{
	struct xtcp_sock *tp = xtcp_sk(sk);

	sock_owned_by_me(sk);
	if (sk->sk_state != TCP_ESTABLISHED)
		return;
	/* Any window the answer carries is taken as an update. */
	tp->snd_wl1 = tp->rcv_nxt - 1;
	XNET_INC_STATS(sock_net(sk), LINUX_MIB_TCPWINPROBE);
	xtcp_xmit_probe_skb(sk, 0);
}

/**
 * xtcp_write_wakeup - a window probe or keepalive (twin of
 *	tcp_write_wakeup)
 * @sk: the socket
 *
 * Sends new data if the window has room for some, otherwise an old
 * sequence number that forces the peer to ACK.
 *
 * Return: <= 0 if something was sent, > 0 if it should be tried later.
 */
int xtcp_write_wakeup(struct sock *sk)
{
	struct xtcp_sock *tp = xtcp_sk(sk);
	struct sk_buff *skb;

	if (sk->sk_state == TCP_CLOSE)
		return -1;

	skb = xtcp_send_head(sk);
	if (skb && xtcp_before(XTCP_SKB_CB(skb)->seq, xtcp_wnd_end(tp))) {
		unsigned int mss = xtcp_current_mss(sk);
		unsigned int seg_size = xtcp_wnd_end(tp) - XTCP_SKB_CB(skb)->seq;
		int err;

		if (xtcp_before(tp->pushed_seq, XTCP_SKB_CB(skb)->end_seq))
			tp->pushed_seq = XTCP_SKB_CB(skb)->end_seq;
		seg_size = min(seg_size, mss);
		if (seg_size < skb->len) {
			if (xtcp_fragment(sk, &sk->sk_write_queue, skb,
					  seg_size, mss, GFP_ATOMIC))
				return -1;
		} else if (!xtcp_skb_pcount(skb)) {
			xtcp_set_skb_tso_segs(skb, mss);
		}
		XTCP_SKB_CB(skb)->tcp_flags |= XTCPHDR_PSH;
		err = xtcp_transmit_skb(sk, skb, 1, GFP_ATOMIC);
		if (!err)
			xtcp_event_new_data_sent(sk, skb);
		return err;
	}
	/*
	 * In urgent mode, first a segment at snd_una itself: the peer takes
	 * the urgent pointer from it, not from the probe below snd_una.
	 */
	if (xtcp_between(tp->snd_up, tp->snd_una + 1, tp->snd_una + 0xFFFF))
		xtcp_xmit_probe_skb(sk, 1);
	return xtcp_xmit_probe_skb(sk, 0);
}

/**
 * xtcp_probe0_when - the zero-window probe interval, backed off
 * @sk: the socket
 * @max_when: the cap
 *
 * Return: jiffies.
 */
u32 xtcp_probe0_when(const struct sock *sk, unsigned long max_when)
{
	const struct xinet_connection_sock *icsk = xinet_csk(sk);
	u32 base = max_t(u32, icsk->icsk_rto, XTCP_RTO_MIN);

	/* icsk_backoff reaches tcp_retries2 (up to 255): capped shift. */
	return xinet_backoff_when(base, icsk->icsk_backoff, max_when);
}

/**
 * xtcp_send_probe0 - the zero-window probe timer fired (twin of
 *	tcp_send_probe0)
 * @sk: the socket
 */
void xtcp_send_probe0(struct sock *sk)
{
	struct xinet_connection_sock *icsk = xinet_csk(sk);
	struct xinet_net *xn = xinet_net(sock_net(sk));
	struct xtcp_sock *tp = xtcp_sk(sk);
	unsigned long timeout;
	int err;

	err = xtcp_write_wakeup(sk);
	XNET_INC_STATS(sock_net(sk), LINUX_MIB_TCPWINPROBE);
	if (tp->packets_out || !xtcp_send_head(sk)) {
		/* The window opened: the retransmit timer takes over. */
		icsk->icsk_probes_out = 0;
		icsk->icsk_backoff = 0;
		icsk->icsk_probes_tstamp = 0;
		return;
	}
	icsk->icsk_probes_out++;
	xtcp_rec_probe(sk);
	if (err <= 0) {
		if (icsk->icsk_backoff < READ_ONCE(xn->sysctl_tcp_retries2))
			icsk->icsk_backoff++;
		timeout = xtcp_probe0_when(sk, XTCP_RTO_MAX);
	} else {
		timeout = XTCP_RESOURCE_PROBE_INTERVAL;
	}
	xinet_csk_reset_xmit_timer(sk, XICSK_TIME_PROBE0, timeout, XTCP_RTO_MAX);
}
