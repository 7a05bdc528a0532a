/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xinet: TIME_WAIT mini-socks, twin of include/net/inet_timewait_sock.h
 * with tcp_timewait_sock folded in (net/xinet/xinet_timewait_sock.c,
 * net/xinet/xtcp_minisocks.c).
 *
 * A connection that reaches TIME_WAIT (or an orphan in FIN_WAIT_2) gives
 * its full socket up for this small object, which keeps the 4-tuple in
 * ehash and the port in bhash, answers retransmitted FINs and old
 * duplicates (xtcp_timewait_state_process()), and dies when its timer
 * fires: 2*MSL (net.xinet.tcp_tw_timeout) for TIME_WAIT,
 * net.xinet.tcp_fin_timeout for FIN_WAIT_2.
 *
 * Lifetime: one reference for the ehash entry, one for the bhash entry,
 * one for the armed timer; lookups take more with refcount_inc_not_zero()
 * (the cache is SLAB_TYPESAFE_BY_RCU).  Counted in the namespace's
 * tcp_tw_count, bounded by net.xinet.tcp_max_tw_buckets.
 */
#ifndef _NET_XINET_TIMEWAIT_SOCK_H
#define _NET_XINET_TIMEWAIT_SOCK_H

#include <linux/timer.h>
#include <net/sock.h>

struct xinet_bind_bucket;
struct xinet_hashinfo;
struct xtcp_md5sig_key;

/**
 * struct xinet_timewait_sock - a connection in TIME_WAIT or FIN_WAIT_2
 * @__tw_common: identity, skc_state TCP_TIME_WAIT, refcount, ehash link
 *	and bhash link, reached with the xtw_* names below
 * @tw_substate: the real state, TCP_TIME_WAIT or TCP_FIN_WAIT2 (read
 *	locklessly by /proc: READ_ONCE/WRITE_ONCE)
 * @tw_rcv_wscale: our window scale
 * @tw_sport: the local port, network order
 * @tw_tb: the bind bucket we hold the port in
 * @tw_timer: the death timer (pinned)
 * @xtw_rcv_nxt: the next sequence number expected from the peer
 * @xtw_snd_nxt: our next sequence number
 * @tw_rcv_wnd: the window we last offered
 * @tw_ts_recent: the peer's last timestamp (TS.Recent)
 * @tw_ts_recent_stamp: when it was recorded (seconds); 0 when the
 *	connection had no timestamps
 * @tw_ts_offset: our timestamp offset
 * @tw_tx_delay: the connection's TCP_TX_DELAY (us), for its last ACKs
 * @tw_md5_key: a copy of the connection's TCP-MD5 key for its peer, to
 *	sign the ACKs and resets of TIME_WAIT; NULL for none (freed after a
 *	grace period, with the sock)
 */
struct xinet_timewait_sock {
	struct sock_common		__tw_common;
#define xtw_family			__tw_common.skc_family
#define xtw_state			__tw_common.skc_state
#define xtw_reuse			__tw_common.skc_reuse
#define xtw_reuseport			__tw_common.skc_reuseport
#define xtw_bound_dev_if		__tw_common.skc_bound_dev_if
#define xtw_node			__tw_common.skc_nulls_node
#define xtw_bind_node			__tw_common.skc_bind_node
#define xtw_refcnt			__tw_common.skc_refcnt
#define xtw_hash			__tw_common.skc_hash
#define xtw_net				__tw_common.skc_net
#define xtw_daddr			__tw_common.skc_daddr
#define xtw_rcv_saddr			__tw_common.skc_rcv_saddr
#define xtw_dport			__tw_common.skc_dport
#define xtw_num				__tw_common.skc_num
	unsigned char			tw_substate;
	unsigned char			tw_rcv_wscale;
	__be16				tw_sport;
	struct xinet_bind_bucket	*tw_tb;
	struct timer_list		tw_timer;
	u32				xtw_rcv_nxt;
	u32				xtw_snd_nxt;
	u32				tw_rcv_wnd;
	u32				tw_ts_recent;
	u32				tw_ts_offset;
	u32				tw_tx_delay;
	time64_t			tw_ts_recent_stamp;
	struct xtcp_md5sig_key		*tw_md5_key;
};

static inline struct xinet_timewait_sock *xinet_twsk(const struct sock *sk)
{
	return (struct xinet_timewait_sock *)sk;
}

/* net/xinet/xinet_timewait_sock.c */
int xinet_twsk_init(void);
void xinet_twsk_exit(void);
struct xinet_timewait_sock *xinet_twsk_alloc(const struct sock *sk,
					     const int state);
void xinet_twsk_hashdance_schedule(struct xinet_timewait_sock *tw,
				   struct sock *sk,
				   struct xinet_hashinfo *hashinfo,
				   int timeo);
void xinet_twsk_deschedule_put(struct xinet_timewait_sock *tw);
void xinet_twsk_put(struct xinet_timewait_sock *tw);
void xinet_twsk_purge(struct net *net);
void xinet_twsk_free(struct xinet_timewait_sock *tw);
void xinet_twsk_reschedule(struct xinet_timewait_sock *tw, int timeo);

#endif /* _NET_XINET_TIMEWAIT_SOCK_H */
