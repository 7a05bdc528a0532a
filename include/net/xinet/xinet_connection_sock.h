/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xinet: connection-oriented sockets, twin of
 * include/net/inet_connection_sock.h (net/xinet/xinet_connection_sock.c).
 *
 * Everything a listening or connected TCP socket has beyond struct
 * xinet_sock and below TCP proper: the accept queue, the bind bucket, the
 * retransmit and delayed-ACK timers and their state, the congestion
 * control module.
 */
#ifndef _NET_XINET_CONNECTION_SOCK_H
#define _NET_XINET_CONNECTION_SOCK_H

#include <linux/log2.h>
#include <linux/timer.h>
#include <net/sock.h>
#include <net/xinet/compat.h>
#include <net/xinet/xinet_sock.h>
#include <net/xinet/xrequest_sock.h>

struct xinet_bind_bucket;
struct xtcp_congestion_ops;

/**
 * struct xinet_connection_sock - twin of inet_connection_sock
 * @icsk_inet: the AF_XINET socket; must be first
 * @icsk_accept_queue: request socks and the accept queue (listeners)
 * @icsk_bind_hash: the bind bucket holding our port, NULL when unbound;
 *	written under the bhash bucket lock and the socket lock
 * @icsk_timeout: when the pending retransmit-timer event fires (jiffies)
 * @icsk_retransmit_timer: retransmission (the SYN's too) and the
 *	zero-window probe; which of them is armed is @icsk_pending
 * @icsk_delack_timer: the delayed ACK
 * @icsk_rto: the retransmission timeout (jiffies)
 * @icsk_rto_min: its lower bound (jiffies)
 * @icsk_delack_max: the delayed-ACK upper bound (jiffies)
 * @icsk_pmtu_cookie: the path MTU the MSS was computed for
 * @icsk_ca_ops: the congestion control algorithm
 * @icsk_ca_state: XTCP_CA_Open, _Disorder, _CWR, _Recovery or _Loss
 * @icsk_ca_initialized: @icsk_ca_ops->init ran
 * @icsk_retransmits: consecutive timeouts of the current segment
 * @icsk_pending: XICSK_TIME_* the retransmit timer is armed for, 0 none
 * @icsk_backoff: RTO backoff exponent
 * @icsk_syn_retries: TCP_SYNCNT, 0 for the namespace default
 * @icsk_probes_out: unanswered zero-window or keepalive probes
 * @icsk_ext_hdr_len: IP options length (0: xinet sends none yet)
 * @icsk_ack: the delayed-ACK machine
 * @icsk_ack.pending: XICSK_ACK_* bits
 * @icsk_ack.quick: quick ACKs left to send
 * @icsk_ack.pingpong: interactive session (delay ACKs harder)
 * @icsk_ack.retry: delayed ACKs that could not be sent (socket owned)
 * @icsk_ack.ato: the ACK timeout estimate (jiffies)
 * @icsk_ack.timeout: when the delayed ACK is due (jiffies)
 * @icsk_ack.lrcvtime: when data last arrived (jiffies)
 * @icsk_ack.last_seg_size: size of the last data segment received
 * @icsk_ack.rcv_mss: the peer's MSS as we guess it from its segments
 * @icsk_mtup: packetization-layer path MTU discovery (RFC 4821)
 * @icsk_mtup.search_high: the least MTU known not to cross the path
 *	(upper end of the search, plus one)
 * @icsk_mtup.search_low: the largest MTU known to cross it
 * @icsk_mtup.probe_size: the MTU of the probe in flight, 0 for none
 * @icsk_mtup.enabled: probing is on (tcp_mtu_probing 2, or 1 after a
 *	suspected black hole)
 * @icsk_mtup.probe_timestamp: jiffies of the search's start (reprobing)
 * @icsk_probes_tstamp: when the first unanswered probe went out
 * @icsk_user_timeout: TCP_USER_TIMEOUT in milliseconds, 0 for none
 * @icsk_ca_priv: the congestion algorithm's private state
 */
struct xinet_connection_sock {
	struct xinet_sock		icsk_inet;
	struct xrequest_sock_queue	icsk_accept_queue;
	struct xinet_bind_bucket	*icsk_bind_hash;
	unsigned long			icsk_timeout;
	struct timer_list		icsk_retransmit_timer;
	struct timer_list		icsk_delack_timer;
	u32				icsk_rto;
	u32				icsk_rto_min;
	u32				icsk_delack_max;
	u32				icsk_pmtu_cookie;
	const struct xtcp_congestion_ops *icsk_ca_ops;
	u8				icsk_ca_state:5,
					icsk_ca_initialized:1;
	u8				icsk_retransmits;
	u8				icsk_pending;
	u8				icsk_backoff;
	u8				icsk_syn_retries;
	u8				icsk_probes_out;
	u16				icsk_ext_hdr_len;
	struct {
		u8			pending;
		u8			quick;
		u8			pingpong;
		u8			retry;
		u32			ato;
		unsigned long		timeout;
		u32			lrcvtime;
		u16			last_seg_size;
		u16			rcv_mss;
	} icsk_ack;
	struct {
		int			search_high;
		int			search_low;
		u32			probe_size:31,
					enabled:1;
		u32			probe_timestamp;
	} icsk_mtup;
	u32				icsk_probes_tstamp;
	u32				icsk_user_timeout;
#define XICSK_CA_PRIV_SIZE		(13 * sizeof(u64))
	u64				icsk_ca_priv[XICSK_CA_PRIV_SIZE / sizeof(u64)];
};

static inline struct xinet_connection_sock *xinet_csk(const struct sock *sk)
{
	return (struct xinet_connection_sock *)sk;
}

static inline void *xinet_csk_ca(const struct sock *sk)
{
	return (void *)xinet_csk(sk)->icsk_ca_priv;
}

/* What the retransmit timer is armed for (icsk_pending). */
#define XICSK_TIME_RETRANS	1	/* retransmit */
#define XICSK_TIME_DACK		2	/* delayed ACK (own timer) */
#define XICSK_TIME_PROBE0	3	/* zero-window probe */
#define XICSK_TIME_KEEPOPEN	4	/* keepalive (sk->sk_timer) */
#define XICSK_TIME_LOSS_PROBE	5	/* tail loss probe */
#define XICSK_TIME_REO_TIMEOUT	6	/* RACK's reordering timeout */

/* icsk_ack.pending bits */
enum xinet_csk_ack_state {
	XICSK_ACK_SCHED		= 1,
	XICSK_ACK_TIMER		= 2,
	XICSK_ACK_PUSHED	= 4,
	XICSK_ACK_PUSHED2	= 8,
	XICSK_ACK_NOW		= 16,	/* send the next ACK at once */
};

#define XTCP_RTO_MAX		((unsigned int)(120 * HZ))
#define XTCP_RTO_MIN		((unsigned int)(HZ / 5))
#define XTCP_TIMEOUT_INIT	((unsigned int)(1 * HZ))
#define XTCP_DELACK_MAX		((unsigned int)(HZ / 5))
#define XTCP_DELACK_MIN		((unsigned int)(HZ / 25))
#define XTCP_ATO_MIN		((unsigned int)(HZ / 25))

static inline void xinet_csk_schedule_ack(struct sock *sk)
{
	xinet_csk(sk)->icsk_ack.pending |= XICSK_ACK_SCHED;
}

static inline int xinet_csk_ack_scheduled(const struct sock *sk)
{
	return xinet_csk(sk)->icsk_ack.pending & XICSK_ACK_SCHED;
}

static inline void xinet_csk_delack_init(struct sock *sk)
{
	memset(&xinet_csk(sk)->icsk_ack, 0, sizeof(xinet_csk(sk)->icsk_ack));
}

static inline void xinet_csk_enter_pingpong_mode(struct sock *sk)
{
	xinet_csk(sk)->icsk_ack.pingpong = 3;
}

static inline void xinet_csk_exit_pingpong_mode(struct sock *sk)
{
	xinet_csk(sk)->icsk_ack.pingpong = 0;
}

static inline bool xinet_csk_in_pingpong_mode(struct sock *sk)
{
	return xinet_csk(sk)->icsk_ack.pingpong >= 3;
}

/*
 * Forget one of the timers' events (twin of inet_csk_clear_xmit_timer).
 * As Linux (without INET_CSK_CLEAR_TIMERS), the timer itself stays
 * armed: it runs once and finds nothing pending (the handlers check
 * icsk_pending and XICSK_ACK_TIMER).  An exchange of small segments
 * clears and re-arms both timers on every send and every ACK; re-arming
 * a timer still pending is mod_timer()'s cheap case (the same expiry,
 * or the same wheel bucket), where stopping it meant a dequeue, an
 * enqueue and a socket reference each time.
 * xinet_csk_clear_xmit_timers() stops them for good.
 */
static inline void xinet_csk_clear_xmit_timer(struct sock *sk, const int what)
{
	struct xinet_connection_sock *icsk = xinet_csk(sk);

	if (what == XICSK_TIME_RETRANS || what == XICSK_TIME_PROBE0) {
		icsk->icsk_pending = 0;
	} else if (what == XICSK_TIME_DACK) {
		icsk->icsk_ack.pending = 0;
		icsk->icsk_ack.retry = 0;
	}
}

/*
 * Arm one of the timers for @when jiffies from now, at most @max_when
 * (twin of inet_csk_reset_xmit_timer).  The timers hold a socket
 * reference while armed (sk_reset_timer()).
 */
static inline void xinet_csk_reset_xmit_timer(struct sock *sk, const int what,
					      unsigned long when,
					      const unsigned long max_when)
{
	struct xinet_connection_sock *icsk = xinet_csk(sk);

	if (when > max_when)
		when = max_when;

	if (what == XICSK_TIME_RETRANS || what == XICSK_TIME_PROBE0 ||
	    what == XICSK_TIME_LOSS_PROBE || what == XICSK_TIME_REO_TIMEOUT) {
		icsk->icsk_pending = what;
		icsk->icsk_timeout = jiffies + when;
		sk_reset_timer(sk, &icsk->icsk_retransmit_timer,
			       icsk->icsk_timeout);
	} else if (what == XICSK_TIME_DACK) {
		icsk->icsk_ack.pending |= XICSK_ACK_TIMER;
		icsk->icsk_ack.timeout = jiffies + when;
		sk_reset_timer(sk, &icsk->icsk_delack_timer,
			       icsk->icsk_ack.timeout);
	}
}

/**
 * xinet_backoff_when - @base doubled @shift times, capped at @max_when
 * @base: the first interval (jiffies, at least 1)
 * @shift: the doublings
 * @max_when: the cap (at least 1)
 *
 * The shift is capped first, as tcp_probe0_when() caps icsk_backoff:
 * the counters behind it (icsk_backoff, a request's num_timeout) grow
 * as far as a sysctl lets them (255 for tcp_retries2), and a shift by
 * 64 or more is undefined.  Past ilog2(@max_when) + 1 doublings any
 * @base reaches the cap anyway.
 *
 * Return: jiffies.
 */
static inline unsigned long xinet_backoff_when(unsigned long base,
					       unsigned int shift,
					       unsigned long max_when)
{
	u64 when = (u64)base << min_t(unsigned int, shift,
				      ilog2(max_when) + 1);

	return (unsigned long)min_t(u64, when, max_when);
}

/* The RTO after icsk_backoff doublings, capped (twin of inet_csk_rto_backoff). */
static inline unsigned long
xinet_csk_rto_backoff(const struct xinet_connection_sock *icsk,
		      unsigned long max_when)
{
	return xinet_backoff_when(icsk->icsk_rto, icsk->icsk_backoff, max_when);
}

/* net/xinet/xinet_connection_sock.c */
int xinet_csk_get_port(struct sock *sk, unsigned short snum);
int xinet_csk_listen_start(struct sock *sk);
void xinet_csk_listen_stop(struct sock *sk);
struct sock *xinet_csk_accept(struct sock *sk, struct proto_accept_arg *arg);
struct xrtable;
int xinet_csk_route_req(const struct sock *sk, const struct xrequest_sock *req,
			struct xrtable *rt);
struct sock *xinet_csk_clone_lock(const struct sock *sk,
				  const struct xrequest_sock *req,
				  const gfp_t priority);
bool xinet_csk_reqsk_queue_hash_add(struct sock *sk,
				    struct xrequest_sock *req);
struct sock *xinet_csk_reqsk_queue_add(struct sock *sk,
				       struct xrequest_sock *req,
				       struct sock *child);
bool xinet_csk_reqsk_queue_drop(struct sock *sk, struct xrequest_sock *req);
void xinet_csk_reqsk_queue_drop_and_put(struct sock *sk,
					struct xrequest_sock *req);
struct sock *xinet_csk_complete_hashdance(struct sock *sk, struct sock *child,
					  struct xrequest_sock *req,
					  bool own_req);
void xinet_csk_destroy_sock(struct sock *sk);
void xinet_csk_prepare_forced_close(struct sock *sk)
	__releases(&sk->sk_lock.slock);
void xinet_csk_init_xmit_timers(struct sock *sk,
				void (*retransmit_handler)(struct timer_list *),
				void (*delack_handler)(struct timer_list *),
				void (*keepalive_handler)(struct timer_list *));
void xinet_csk_clear_xmit_timers(struct sock *sk);
void xinet_csk_clear_xmit_timers_sync(struct sock *sk);
void xinet_csk_reset_keepalive_timer(struct sock *sk, unsigned long len);
void xinet_csk_delete_keepalive_timer(struct sock *sk);
struct xinet_bind_bucket;
bool xinet_csk_bind_conflict(const struct sock *sk,
			     const struct xinet_bind_bucket *tb,
			     bool relax, bool reuseport_ok);
int xinet_rtx_syn_ack(const struct sock *parent, struct xrequest_sock *req);

#endif /* _NET_XINET_CONNECTION_SOCK_H */
