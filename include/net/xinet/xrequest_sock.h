/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xinet: request socks and the accept queue, twin of
 * include/net/request_sock.h with inet_request_sock and tcp_request_sock
 * folded in (xinet has one family and one connection protocol).
 *
 * A SYN to a listener makes a request sock: a small object in state
 * TCP_NEW_SYN_RECV that sits in ehash under the connection's 4-tuple
 * (so the handshake's ACK finds it as any segment finds its socket) and
 * counts in the listener's queue length.  The ACK turns it into a full
 * child socket (xtcp_check_req() -> xtcp_v4_syn_recv_sock()), and
 * xinet_csk_complete_hashdance() moves it, child attached, from ehash to
 * the listener's accept queue, where accept() finds it.
 *
 * Code: net/xinet/xrequest_sock.c (allocation, the queue) and
 * net/xinet/xinet_connection_sock.c (timers, the hash dance).
 */
#ifndef _NET_XINET_REQUEST_SOCK_H
#define _NET_XINET_REQUEST_SOCK_H

#include <linux/refcount.h>
#include <linux/siphash.h>
#include <linux/spinlock.h>
#include <linux/timer.h>
#include <net/inet_sock.h>
#include <net/sock.h>

struct xtcp_saved_syn;

/**
 * struct xrequest_sock - a connection in the middle of a passive open
 * @__req_common: identity, state (TCP_NEW_SYN_RECV), refcount and ehash
 *	link, where a socket has them; the fields are reached with the
 *	xir_* and xrsk_* names below
 * @dl_next: next in the accept queue
 * @xrsk_listener: the listener, held (sock_hold) for the request's life
 * @xrsk_timer: SYN-ACK retransmission and expiry (pinned, as Linux's)
 * @sk: the child socket once the handshake completed, else NULL
 * @rcv_isn: the peer's initial sequence number
 * @snt_isn: ours
 * @snt_synack: ktime_get_ns() of the first SYN-ACK, for the child's
 *	first RTT sample
 * @rcv_wnd: the window offered in the SYN-ACK (unscaled)
 * @ts_recent: the peer's last timestamp, echoed as TSecr
 * @ts_off: our timestamp offset for this connection (xsecure_tcp_ts_off)
 * @mss: the peer's MSS option, clamped (536 when absent)
 * @num_retrans: SYN-ACKs retransmitted
 * @num_timeout: timer expiries, for the backoff
 * @syncookie: made from a SYN cookie, never in ehash
 * @snd_wscale: the peer's window scale (valid if @wscale_ok)
 * @rcv_wscale: ours
 * @wscale_ok: both sides offered window scaling
 * @tstamp_ok: both sides offered timestamps
 * @sack_ok: both sides offered SACK
 * @tfo_listener: a Fast Open child was made at the SYN; the child holds
 *	the request (xtcp_sock.fastopen_rsk) until its handshake completes
 * @ecn_ok: the SYN asked for ECN and we agreed (RFC 3168 6.1.1)
 * @rcv_nxt: what the SYN-ACK acknowledges: past the SYN's data when
 *	Fast Open accepted it
 * @acked: the ACK came but the accept queue was full, or was a bare ACK
 *	while TCP_DEFER_ACCEPT waits for data (deferred)
 * @ireq_opt: the IP options to answer with (the SYN's, echoed), or NULL;
 *	the child takes them over, else freed with the request
 * @saved_syn: the SYN's headers when the listener has TCP_SAVE_SYN; the
 *	child takes them over, else freed with the request
 */
struct xrequest_sock {
	struct sock_common	__req_common;
#define xrsk_refcnt		__req_common.skc_refcnt
#define xrsk_hash		__req_common.skc_hash
#define xir_loc_addr		__req_common.skc_rcv_saddr
#define xir_rmt_addr		__req_common.skc_daddr
#define xir_num			__req_common.skc_num
#define xir_rmt_port		__req_common.skc_dport
#define xir_iif			__req_common.skc_bound_dev_if
	struct xrequest_sock	*dl_next;
	struct sock		*xrsk_listener;
	struct timer_list	xrsk_timer;
	struct sock		*sk;
	u32			rcv_isn;
	u32			snt_isn;
	u64			snt_synack;
	u32			rcv_wnd;
	u32			ts_recent;
	u32			ts_off;
	u16			mss;
	u8			num_retrans;
	u8			num_timeout:7,
				syncookie:1;
	u8			snd_wscale:4,
				rcv_wscale:4;
	u8			wscale_ok:1,
				tstamp_ok:1,
				sack_ok:1,
				acked:1,
				tfo_listener:1,
				ecn_ok:1;
	u32			rcv_nxt;
	struct ip_options_rcu __rcu *ireq_opt;
	struct xtcp_saved_syn	*saved_syn;
};

static inline struct xrequest_sock *xinet_reqsk(const struct sock *sk)
{
	return (struct xrequest_sock *)sk;
}

static inline struct sock *xreq_to_sk(struct xrequest_sock *req)
{
	return (struct sock *)req;
}

/**
 * struct xrequest_sock_queue - a listener's pending connections (twin of
 *	request_sock_queue)
 * @rskq_lock: protects the accept queue (@rskq_accept_head/tail)
 * @synflood_warned: the SYN flood message was printed
 * @qlen: request socks alive (in ehash or on their way out)
 * @young: request socks that have not had a SYN-ACK retransmitted
 * @rskq_defer_accept: TCP_DEFER_ACCEPT, in SYN-ACK timeouts: how long a
 *	bare ACK is dropped while the listener waits for data
 * @rskq_accept_head: first completed connection
 * @rskq_accept_tail: last completed connection
 * @fastopen_qlen: Fast Open children still in SYN_RECV (twin of
 *	fastopenq.qlen), under @rskq_lock
 * @fastopen_max_qlen: TCP_FASTOPEN's bound on @fastopen_qlen; 0 when
 *	the listener does not take Fast Open
 * @fastopen_key: TCP_FASTOPEN_KEY's keys, primary first, in place of
 *	the namespace's; under @rskq_lock
 * @fastopen_nkeys: how many are set, 0 for the namespace's
 *
 * The accept queue's length is the listener's sk_ack_backlog, its bound
 * sk_max_ack_backlog, both read locklessly as in Linux.
 */
struct xrequest_sock_queue {
	spinlock_t		rskq_lock;
	u32			synflood_warned;
	atomic_t		qlen;
	atomic_t		young;
	u8			rskq_defer_accept;
	struct xrequest_sock	*rskq_accept_head;
	struct xrequest_sock	*rskq_accept_tail;
	int			fastopen_qlen;
	int			fastopen_max_qlen;
	siphash_key_t		fastopen_key[2];
	u8			fastopen_nkeys;
};

static inline bool xreqsk_queue_empty(const struct xrequest_sock_queue *q)
{
	return READ_ONCE(q->rskq_accept_head) == NULL;
}

static inline int xreqsk_queue_len(const struct xrequest_sock_queue *q)
{
	return atomic_read(&q->qlen);
}

static inline int xreqsk_queue_len_young(const struct xrequest_sock_queue *q)
{
	return atomic_read(&q->young);
}

/* net/xinet/xrequest_sock.c */
int xreqsk_init(void);
void xreqsk_exit(void);
struct xrequest_sock *xreqsk_alloc(struct sock *sk_listener,
				   bool attach_listener);
void __xreqsk_free(struct xrequest_sock *req);
void xreqsk_free(struct xrequest_sock *req);
void xreqsk_put(struct xrequest_sock *req);
void xreqsk_queue_alloc(struct xrequest_sock_queue *queue);
struct xrequest_sock *xreqsk_queue_remove(struct xrequest_sock_queue *queue,
					  struct sock *parent);

#endif /* _NET_XINET_REQUEST_SOCK_H */
