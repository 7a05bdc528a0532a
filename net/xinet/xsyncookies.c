// SPDX-License-Identifier: GPL-2.0
/*
 * xinet: SYN cookies, twin of net/ipv4/syncookies.c.
 *
 * When a listener's SYN queue is full (or net.xinet.tcp_syncookies is 2)
 * the SYN-ACK's sequence number carries the connection's state instead
 * of a request sock: a keyed hash of the 4-tuple and the peer's ISN, a
 * counter in minutes (the cookie is valid for two of them) and the index
 * of the MSS in a small table, so that the handshake's ACK alone can
 * rebuild the request (D. J. Bernstein's scheme, as Linux implements it).
 * When the SYN offered timestamps, the low bits of the SYN-ACK's TSval
 * carry what the sequence number has no room for, the peer's window
 * scale and SACK-permitted (cookie_init_timestamp); the peer echoes them
 * in TSecr.  Without timestamps the cookie carries neither.
 */

#include <linux/siphash.h>
#include <linux/random.h>
#include <net/sock.h>
#include <net/tcp_states.h>
#include <net/xinet/netns.h>
#include <net/xinet/xroute.h>
#include <net/xinet/xsecure_seq.h>
#include <net/xinet/xtcp.h>

#define XCOOKIEBITS	24	/* the upper 8 bits count minutes */
#define XCOOKIEMASK	(((u32)1 << XCOOKIEBITS) - 1)
#define XMAX_SYNCOOKIE_AGE	2
/* How long after the last SYN queue overflow cookies are accepted. */
#define XTCP_SYNCOOKIE_VALID	(2 * 60 * HZ)

static siphash_aligned_key_t xsyncookie_secret[2];

/*
 * The options in TSval's low TSBITS bits: the window scale (0xf: none),
 * SACK, ECN (never set: xinet has no ECN).  A timestamp in the ACK says
 * by itself that timestamps were agreed.
 */
#define XTS_OPT_WSCALE_MASK	0xf
#define XTS_OPT_SACK		BIT(4)
#define XTS_OPT_ECN		BIT(5)
#define XTSBITS			6

/* MSS values a cookie can encode; the peer gets the largest <= its own. */
static const u16 xmsstab[] = {
	536,
	1300,
	1440,	/* 1440, 1452: PPPoE */
	1460,
};

static u32 xcookie_hash(__be32 saddr, __be32 daddr, __be16 sport,
			__be16 dport, u32 count, int c)
{
	net_get_random_once(xsyncookie_secret, sizeof(xsyncookie_secret));
	return siphash_4u32((__force u32)saddr, (__force u32)daddr,
			    (__force u32)sport << 16 | (__force u32)dport,
			    count, &xsyncookie_secret[c]);
}

static u32 xtcp_cookie_time(void)
{
	return (u32)(jiffies / (60 * HZ));
}

static u32 xsecure_tcp_syn_cookie(__be32 saddr, __be32 daddr, __be16 sport,
				  __be16 dport, u32 sseq, u32 data)
{
	u32 count = xtcp_cookie_time();

	return xcookie_hash(saddr, daddr, sport, dport, 0, 0) + sseq +
	       (count << XCOOKIEBITS) +
	       ((xcookie_hash(saddr, daddr, sport, dport, count, 1) + data) &
		XCOOKIEMASK);
}

/* The data of a cookie younger than XMAX_SYNCOOKIE_AGE minutes, or ~0. */
static u32 xcheck_tcp_syn_cookie(u32 cookie, __be32 saddr, __be32 daddr,
				 __be16 sport, __be16 dport, u32 sseq)
{
	u32 diff, count = xtcp_cookie_time();

	cookie -= xcookie_hash(saddr, daddr, sport, dport, 0, 0) + sseq;
	diff = (count - (cookie >> XCOOKIEBITS)) & ((u32)-1 >> XCOOKIEBITS);
	if (diff >= XMAX_SYNCOOKIE_AGE)
		return (u32)-1;
	return (cookie - xcookie_hash(saddr, daddr, sport, dport,
				      count - diff, 1)) & XCOOKIEMASK;
}

/**
 * xcookie_v4_init_sequence - the ISN of a cookie SYN-ACK (twin of
 *	cookie_v4_init_sequence)
 * @skb: the SYN
 * @mssp: the peer's MSS in, the MSS the cookie encodes out
 *
 * Return: the cookie.
 */
u32 xcookie_v4_init_sequence(const struct sk_buff *skb, u16 *mssp)
{
	const struct iphdr *iph = ip_hdr(skb);
	const struct tcphdr *th = xtcp_hdr(skb);
	int mssind;
	u16 mss = *mssp;

	for (mssind = ARRAY_SIZE(xmsstab) - 1; mssind; mssind--)
		if (mss >= xmsstab[mssind])
			break;
	*mssp = xmsstab[mssind];
	return xsecure_tcp_syn_cookie(iph->saddr, iph->daddr, th->source,
				      th->dest, ntohl(th->seq), mssind);
}

/**
 * xcookie_init_timestamp - the TSval of a cookie SYN-ACK, before the
 *	offset (twin of cookie_init_timestamp)
 * @req: the request, its options decided
 * @now_ns: the send time (ktime_get_ns())
 *
 * The clock with its low XTSBITS bits replaced by the options, moved
 * back one step if that put it ahead of the clock: the connection's
 * later TSvals, from the real clock, must not go backwards.
 *
 * Return: the TSval without the offset.
 */
u32 xcookie_init_timestamp(const struct xrequest_sock *req, u64 now_ns)
{
	u32 ts, ts_now = xtcp_ns_to_ts(now_ns);
	u32 options;

	options = req->wscale_ok ? req->snd_wscale : XTS_OPT_WSCALE_MASK;
	if (req->sack_ok)
		options |= XTS_OPT_SACK;
	if (req->ecn_ok)
		options |= XTS_OPT_ECN;
	ts = (ts_now >> XTSBITS) << XTSBITS;
	ts |= options;
	if (ts > ts_now)
		ts -= 1U << XTSBITS;
	return ts;
}

/*
 * Twin of cookie_timestamp_decode(): the options from the echoed TSecr
 * (already less our offset).  Without a timestamp none were kept.
 * Return: false when the ACK asks for what the namespace does not offer.
 */
static bool xcookie_timestamp_decode(const struct net *net,
				     struct xtcp_options_received *tcp_opt)
{
	u32 options = tcp_opt->rcv_tsecr;

	if (!tcp_opt->saw_tstamp) {
		tcp_opt->wscale_ok = 0;
		tcp_opt->snd_wscale = 0;
		tcp_opt->sack_ok = 0;
		return true;
	}
	if (!READ_ONCE(xinet_net(net)->sysctl_tcp_timestamps))
		return false;
	tcp_opt->sack_ok = !!(options & XTS_OPT_SACK);
	if (tcp_opt->sack_ok && !READ_ONCE(xinet_net(net)->sysctl_tcp_sack))
		return false;
	if ((options & XTS_OPT_WSCALE_MASK) == XTS_OPT_WSCALE_MASK)
		return true;
	tcp_opt->wscale_ok = 1;
	tcp_opt->snd_wscale = options & XTS_OPT_WSCALE_MASK;
	return READ_ONCE(xinet_net(net)->sysctl_tcp_window_scaling) != 0;
}

/**
 * __xcookie_v4_check - the MSS a cookie ACK carries (twin of
 *	__cookie_v4_check)
 * @iph: the ACK's IP header
 * @th: its TCP header
 *
 * Return: the MSS, or 0 when the ACK is no valid cookie.
 */
int __xcookie_v4_check(const struct iphdr *iph, const struct tcphdr *th)
{
	u32 cookie = ntohl(th->ack_seq) - 1;
	u32 seq = ntohl(th->seq) - 1;
	u32 mssind;

	mssind = xcheck_tcp_syn_cookie(cookie, iph->saddr, iph->daddr,
				       th->source, th->dest, seq);
	return mssind < ARRAY_SIZE(xmsstab) ? xmsstab[mssind] : 0;
}

/* Twin of tcp_synq_no_recent_overflow(): no cookie sent lately. */
static bool xtcp_synq_no_recent_overflow(const struct sock *sk)
{
	unsigned long last = READ_ONCE(xtcp_sk(sk)->synq_last_overflow);

	return !last || time_after(jiffies, last + XTCP_SYNCOOKIE_VALID);
}

/**
 * xcookie_v4_check - the handshake's ACK on a listener may complete a
 *	cookie handshake (twin of cookie_v4_check)
 * @sk: the listener
 * @skb: a non-SYN segment with no request sock
 *
 * Return: @sk when the segment is no cookie ACK (the caller goes on),
 * the child (bh-locked, on the accept queue) when it is a valid one, or
 * NULL when it must be dropped.
 */
struct sock *xcookie_v4_check(struct sock *sk, struct sk_buff *skb)
{
	const struct tcphdr *th = xtcp_hdr(skb);
	const struct iphdr *iph = ip_hdr(skb);
	struct xtcp_options_received tmp_opt = {};
	struct xtcp_sock *tp = xtcp_sk(sk);
	struct net *net = sock_net(sk);
	struct xrequest_sock *req;
	struct xrtable rt;
	struct sock *child;
	u32 window_clamp = 0, tsoff = 0;
	u8 rcv_wscale = 0;
	bool own_req;
	int mss, space;

	if (!READ_ONCE(xinet_net(net)->sysctl_tcp_syncookies) || !th->ack ||
	    th->rst)
		return sk;
	if (xtcp_synq_no_recent_overflow(sk))
		return sk;

	mss = __xcookie_v4_check(iph, th);
	if (!mss) {
		__XNET_INC_STATS(net, LINUX_MIB_SYNCOOKIESFAILED);
		return sk;
	}
	__XNET_INC_STATS(net, LINUX_MIB_SYNCOOKIESRECV);

	tmp_opt.mss_clamp = XTCP_MSS_DEFAULT;
	tmp_opt.user_mss = tp->rx_opt.user_mss;
	xtcp_parse_options(net, skb, &tmp_opt, 0, NULL);
	if (tmp_opt.saw_tstamp && tmp_opt.rcv_tsecr) {
		tsoff = xsecure_tcp_ts_off(net, iph->daddr, iph->saddr);
		tmp_opt.rcv_tsecr -= tsoff;
	}
	if (!xcookie_timestamp_decode(net, &tmp_opt))
		return sk;

	req = xreqsk_alloc(sk, true);
	if (!req)
		return NULL;
	req->syncookie = 1;
	req->mss = mss;
	req->xir_num = ntohs(th->dest);
	req->xir_rmt_port = th->source;
	req->xir_loc_addr = iph->daddr;
	req->xir_rmt_addr = iph->saddr;
	req->xir_iif = READ_ONCE(sk->sk_bound_dev_if);
	RCU_INIT_POINTER(req->ireq_opt,
			 xtcp_v4_save_options(sock_net(sk), skb));
	req->snt_isn = ntohl(th->ack_seq) - 1;
	req->rcv_isn = ntohl(th->seq) - 1;
	req->rcv_nxt = req->rcv_isn + 1;
	req->snt_synack = 0;
	/* Twin of cookie_tcp_reqsk_init(): the options the cookie kept. */
	req->wscale_ok = tmp_opt.wscale_ok;
	req->snd_wscale = tmp_opt.snd_wscale;
	req->sack_ok = tmp_opt.sack_ok;
	req->tstamp_ok = tmp_opt.saw_tstamp;
	req->ts_recent = tmp_opt.saw_tstamp ? tmp_opt.rcv_tsval : 0;
	req->ts_off = tsoff;
	/* ECN only when the echoed TSval says so, and still allowed. */
	req->ecn_ok = tmp_opt.saw_tstamp &&
		      (tmp_opt.rcv_tsecr & XTS_OPT_ECN) &&
		      READ_ONCE(xinet_net(net)->sysctl_tcp_ecn);

	if (xinet_csk_route_req(sk, req, &rt))
		goto out_free;
	xip_rt_put(&rt);

	/* What xtcp_v4_conn_request() chose for the SYN-ACK, again. */
	space = xtcp_full_space(sk);
	window_clamp = READ_ONCE(tp->window_clamp);
	xtcp_select_initial_window(sk, space, req->mss, &req->rcv_wnd,
				   &window_clamp, req->wscale_ok, &rcv_wscale,
				   rt.rt_metrics.initrwnd);
	req->rcv_wscale = rcv_wscale;

	child = xtcp_v4_syn_recv_sock(sk, skb, req, &own_req);
	if (child) {
		refcount_set(&req->xrsk_refcnt, 1);
		if (xinet_csk_reqsk_queue_add(sk, req, child))
			return child;
		/* sparse: xtcp_v4_syn_recv_sock() returned it locked */
		__acquire(&child->sk_lock.slock);
		bh_unlock_sock(child);
		sock_put(child);
	}
out_free:
	__xreqsk_free(req);
	return NULL;
}
