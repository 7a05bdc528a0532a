/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xinet: the per-socket TCP flight recorder (net/xinet/xtcp_recorder.c),
 * issue #17.  No Linux twin: Linux shows the same events through
 * tracepoints (tcp:tcp_probe, tcp:tcp_retransmit_skb, skb:kfree_skb,
 * sock:inet_sock_set_state), which need a tracer running beforehand.
 *
 * A socket's recorder is a ring of struct xtcp_rec_event
 * (include/uapi/linux/xinet_recorder.h), allocated when it is enabled
 * (net.xinet.tcp_flight_recorder for new sockets, XTCP_FLIGHT_RECORDER
 * for one socket) and hung on xtcp_sock.rec.  While it is off, each hook
 * below costs one test of that pointer.
 *
 * Locking.  The hooks run where TCP changes the socket, so they hold the
 * socket lock: owned by the caller (lock_sock) or, in softirq, bh-locked
 * while not owned; __xtcp_rec() asserts it (sock_owned_by_me).  That
 * orders the writers of one ring.  The readers (getsockopt, sock_diag)
 * must not need the socket lock (sock_diag fills answers holding only a
 * reference), so the ring has its own spinlock, taken with BHs off by
 * writers and readers alike, for the few instructions of a write or the
 * copy of a read.  Lock order: sk_lock (or sk_lock.slock) -> ring->lock;
 * nothing is taken under ring->lock.  xtcp_sock.rec itself is RCU:
 * replaced (XTCP_FLIGHT_RECORDER) and cleared only under the socket lock,
 * the old ring freed after a grace period, read by sock_diag under
 * rcu_read_lock().
 */
#ifndef _NET_XINET_XTCP_RECORDER_H
#define _NET_XINET_XTCP_RECORDER_H

#include <linux/rcupdate.h>
#include <linux/spinlock.h>
#include <linux/types.h>
#include <net/dropreason.h>
#include <net/xinet/xtcp.h>
#include <uapi/linux/xinet_recorder.h>

/**
 * struct xtcp_rec_ring - a socket's flight recorder
 * @lock: orders writers against readers (above); a leaf lock
 * @size: slots of @ev
 * @head: the slot the next event takes
 * @recorded: events recorded so far; min(@recorded, @size) are kept
 * @start_ns: ktime_get_ns() of the first event, 0 before it
 * @rcu: frees the ring after the readers that may still see it
 * @ev: the events, @ev[@head] the oldest once the ring has wrapped
 */
struct xtcp_rec_ring {
	spinlock_t		lock;
	u32			size;
	u32			head;
	u64			recorded;
	u64			start_ns;
	struct rcu_head		rcu;
	struct xtcp_rec_event	ev[];
};

struct xtcp_rec_ring *xtcp_rec_ring_alloc(u32 size, gfp_t gfp);
void xtcp_rec_ring_free(struct xtcp_rec_ring *ring);
void xtcp_rec_ring_add(struct xtcp_rec_ring *ring, u64 now_ns, u16 type,
		       u16 cause, u32 v0, u32 v1, u32 v2, u32 v3, u32 v4);
u32 xtcp_rec_ring_read(struct xtcp_rec_ring *ring,
		       struct xtcp_rec_header *hdr,
		       struct xtcp_rec_event *ev, u32 max);

void xtcp_rec_init_sock(struct sock *sk);
void xtcp_rec_clone(struct sock *newsk, const struct sock *listener);
void xtcp_rec_destroy(struct sock *sk);
int xtcp_rec_set_size(struct sock *sk, int size);
int xtcp_rec_get_size(struct sock *sk);
int xtcp_rec_getsockopt(struct sock *sk, char __user *optval,
			int __user *optlen, int len);
size_t xtcp_rec_diag_size(void);
int xtcp_rec_diag_put(struct sock *sk, struct sk_buff *skb);

void __xtcp_rec(struct sock *sk, u16 type, u16 cause, u32 v0, u32 v1,
		u32 v2, u32 v3, u32 v4);
void __xtcp_rec_rtt(struct sock *sk, long mrtt_us);
void __xtcp_rec_cwnd(struct sock *sk, u16 cause, u32 prior_cwnd);
void __xtcp_rec_wnd_sent(struct sock *sk, u32 new_win);
void __xtcp_rec_retrans(struct sock *sk, const struct sk_buff *skb);
void __xtcp_rec_drop(struct sock *sk, const struct sk_buff *skb,
		     enum skb_drop_reason reason);
void __xtcp_rec_timer(struct sock *sk, u16 which);

/* The one branch the fast path pays while the recorder is off. */
static inline bool xtcp_rec_on(const struct sock *sk)
{
	return unlikely(rcu_access_pointer(xtcp_sk(sk)->rec));
}

/* xtcp_set_state(): @sk goes from @old to @new. */
static inline void xtcp_rec_state(struct sock *sk, int old, int new)
{
	if (xtcp_rec_on(sk))
		__xtcp_rec(sk, XTCP_REC_STATE, new, old, 0, 0, 0, 0);
}

/* An RTT sample of @mrtt_us, after srtt, rttvar and rto took it. */
static inline void xtcp_rec_rtt(struct sock *sk, long mrtt_us)
{
	if (xtcp_rec_on(sk))
		__xtcp_rec_rtt(sk, mrtt_us);
}

/* cwnd or ssthresh changed for @cause (XTCP_REC_CWND_*). */
static inline void xtcp_rec_cwnd(struct sock *sk, u16 cause, u32 prior_cwnd)
{
	if (xtcp_rec_on(sk))
		__xtcp_rec_cwnd(sk, cause, prior_cwnd);
}

/*
 * The congestion module's cong_avoid() ran: if it grew cwnd from
 * @prior_cwnd, that was slow start below ssthresh, avoidance above.
 */
static inline void xtcp_rec_cwnd_grow(struct sock *sk, u32 prior_cwnd)
{
	const struct xtcp_sock *tp = xtcp_sk(sk);

	if (xtcp_rec_on(sk) && tp->snd_cwnd != prior_cwnd)
		__xtcp_rec_cwnd(sk, prior_cwnd < tp->snd_ssthresh ?
				XTCP_REC_CWND_SLOW_START :
				XTCP_REC_CWND_CONG_AVOID, prior_cwnd);
}

/* A segment offers @new_win bytes from rcv_nxt (before rcv_wnd is set). */
static inline void xtcp_rec_wnd_sent(struct sock *sk, u32 new_win)
{
	if (xtcp_rec_on(sk))
		__xtcp_rec_wnd_sent(sk, new_win);
}

/* The peer's window goes from snd_wnd to @nwin with @ack. */
static inline void xtcp_rec_wnd_rcvd(struct sock *sk, u32 nwin, u32 ack)
{
	if (xtcp_rec_on(sk))
		__xtcp_rec(sk, XTCP_REC_WND_RCVD, 0, nwin,
			   xtcp_sk(sk)->snd_wnd, ack, 0, 0);
}

/* @skb was retransmitted (counted in total_retrans). */
static inline void xtcp_rec_retrans(struct sock *sk, const struct sk_buff *skb)
{
	if (xtcp_rec_on(sk))
		__xtcp_rec_retrans(sk, skb);
}

/* The arriving @skb is dropped for @reason. */
static inline void xtcp_rec_drop(struct sock *sk, const struct sk_buff *skb,
				 enum skb_drop_reason reason)
{
	if (xtcp_rec_on(sk))
		__xtcp_rec_drop(sk, skb, reason);
}

/* A zero-window probe went out. */
static inline void xtcp_rec_probe(struct sock *sk)
{
	if (xtcp_rec_on(sk))
		__xtcp_rec(sk, XTCP_REC_PROBE, 0,
			   xinet_csk(sk)->icsk_probes_out,
			   xtcp_sk(sk)->snd_wnd, xtcp_sk(sk)->snd_una, 0, 0);
}

/* Timer @which (XTCP_REC_TIMER_*) fired and runs, the socket locked. */
static inline void xtcp_rec_timer(struct sock *sk, u16 which)
{
	if (xtcp_rec_on(sk))
		__xtcp_rec_timer(sk, which);
}

#endif /* _NET_XINET_XTCP_RECORDER_H */
