// SPDX-License-Identifier: GPL-2.0
/*
 * xinet: the per-socket TCP flight recorder (issue #17).  No Linux twin;
 * include/net/xinet/xtcp_recorder.h says what it keeps and how it is
 * locked, include/uapi/linux/xinet_recorder.h how it is read.
 *
 * The ring is one allocation: the struct and size events.  A write
 * takes the next slot, overwriting the oldest once the ring is full; a
 * read copies the kept events out, oldest first, under the ring's lock.
 */

#include <linux/inet_diag.h>
#include <linux/ktime.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <net/netlink.h>
#include <net/sock.h>
#include <net/xinet/compat.h>
#include <net/xinet/netns.h>
#include <net/xinet/xtcp.h>
#include <net/xinet/xtcp_recorder.h>

/**
 * xtcp_rec_ring_alloc - a ring of @size events
 * @size: 1..XTCP_REC_MAX_EVENTS
 * @gfp: allocation flags (GFP_ATOMIC for a child made in softirq)
 *
 * Return: the empty ring, or NULL (no memory, or @size out of range).
 */
struct xtcp_rec_ring *xtcp_rec_ring_alloc(u32 size, gfp_t gfp)
{
	struct xtcp_rec_ring *ring;

	if (!size || size > XTCP_REC_MAX_EVENTS)
		return NULL;
	ring = kzalloc(struct_size(ring, ev, size), gfp | __GFP_NOWARN);
	if (!ring)
		return NULL;
	spin_lock_init(&ring->lock);
	ring->size = size;
	return ring;
}

/**
 * xtcp_rec_ring_free - free @ring once no RCU reader can see it
 * @ring: a ring no longer reachable from its socket, or NULL
 */
void xtcp_rec_ring_free(struct xtcp_rec_ring *ring)
{
	if (ring)
		kfree_rcu(ring, rcu);
}

/**
 * xtcp_rec_ring_add - record one event
 * @ring: the ring
 * @now_ns: ktime_get_ns() of the event
 * @type: XTCP_REC_*
 * @cause: the type's detail
 * @v0: the type's first value (include/uapi/linux/xinet_recorder.h)
 * @v1: the second
 * @v2: the third
 * @v3: the fourth
 * @v4: the fifth
 *
 * Any context but hardirq: the ring's lock is taken with BHs off.  The
 * first event sets the time the others are stamped from.
 */
void xtcp_rec_ring_add(struct xtcp_rec_ring *ring, u64 now_ns, u16 type,
		       u16 cause, u32 v0, u32 v1, u32 v2, u32 v3, u32 v4)
{
	struct xtcp_rec_event *e;

	spin_lock_bh(&ring->lock);
	if (!ring->start_ns)
		ring->start_ns = now_ns ? : 1;
	e = &ring->ev[ring->head];
	/* A clock read before another writer's, stamped after it: 0. */
	e->ts_us = now_ns > ring->start_ns ?
		   div_u64(now_ns - ring->start_ns, NSEC_PER_USEC) : 0;
	e->type = type;
	e->cause = cause;
	e->v[0] = v0;
	e->v[1] = v1;
	e->v[2] = v2;
	e->v[3] = v3;
	e->v[4] = v4;
	if (++ring->head == ring->size)
		ring->head = 0;
	ring->recorded++;
	spin_unlock_bh(&ring->lock);
}

/**
 * xtcp_rec_ring_read - copy the newest events out, oldest first
 * @ring: the ring
 * @hdr: filled: the ring's size, the events copied, the events recorded
 * @ev: room for @max events
 * @max: at most this many are copied (the newest ones)
 *
 * Return: the events copied (also @hdr->count).
 */
u32 xtcp_rec_ring_read(struct xtcp_rec_ring *ring,
		       struct xtcp_rec_header *hdr,
		       struct xtcp_rec_event *ev, u32 max)
{
	u32 kept, n, first, tail;

	spin_lock_bh(&ring->lock);
	kept = min_t(u64, ring->recorded, ring->size);
	n = min(kept, max);
	/* The oldest of the n newest: n slots back from head. */
	first = (ring->head + ring->size - n) % ring->size;
	tail = min(n, ring->size - first);
	memcpy(ev, &ring->ev[first], tail * sizeof(*ev));
	memcpy(ev + tail, &ring->ev[0], (n - tail) * sizeof(*ev));
	hdr->size = ring->size;
	hdr->count = n;
	hdr->recorded = ring->recorded;
	spin_unlock_bh(&ring->lock);
	return n;
}

/* The ring of a socket whose lock the caller holds (writers, set, clear). */
static struct xtcp_rec_ring *xtcp_rec_locked(const struct sock *sk)
{
	return rcu_dereference_protected(xtcp_sk(sk)->rec,
					 lockdep_sock_is_held(sk));
}

/**
 * __xtcp_rec - record an event of @sk (the hooks' slow path)
 * @sk: a TCP socket with a recorder, locked (owned, or bh-locked)
 * @type: XTCP_REC_*
 * @cause: the type's detail
 * @v0: first value
 * @v1: second value
 * @v2: third value
 * @v3: fourth value
 * @v4: fifth value
 */
void __xtcp_rec(struct sock *sk, u16 type, u16 cause, u32 v0, u32 v1,
		u32 v2, u32 v3, u32 v4)
{
	struct xtcp_rec_ring *ring;

	/* Writers of one ring are ordered by the socket lock. */
	sock_owned_by_me(sk);
	ring = xtcp_rec_locked(sk);
	if (ring)
		xtcp_rec_ring_add(ring, ktime_get_ns(), type, cause,
				  v0, v1, v2, v3, v4);
}

/**
 * __xtcp_rec_rtt - record an RTT sample with the estimator's new state
 * @sk: the socket, locked
 * @mrtt_us: the sample, microseconds
 */
void __xtcp_rec_rtt(struct sock *sk, long mrtt_us)
{
	const struct xtcp_sock *tp = xtcp_sk(sk);

	__xtcp_rec(sk, XTCP_REC_RTT, 0, mrtt_us, tp->srtt_us >> 3,
		   tp->rttvar_us >> 2,
		   jiffies_to_usecs(xinet_csk(sk)->icsk_rto),
		   xtcp_min_rtt(tp));
}

/**
 * __xtcp_rec_cwnd - record cwnd and ssthresh after a change
 * @sk: the socket, locked
 * @cause: XTCP_REC_CWND_*
 * @prior_cwnd: cwnd before the change
 */
void __xtcp_rec_cwnd(struct sock *sk, u16 cause, u32 prior_cwnd)
{
	const struct xtcp_sock *tp = xtcp_sk(sk);

	__xtcp_rec(sk, XTCP_REC_CWND, cause, tp->snd_cwnd, tp->snd_ssthresh,
		   prior_cwnd, xtcp_packets_in_flight(tp), 0);
}

/**
 * __xtcp_rec_wnd_sent - record a window update we send
 * @sk: the socket, locked, before rcv_wup and rcv_wnd take @new_win
 * @new_win: the window offered from rcv_nxt, bytes
 *
 * A moved right edge is an update, and so is the window closing (zero
 * after a segment that offered room); the window a segment carries
 * otherwise shrinks by itself as data arrives toward a fixed edge.
 */
void __xtcp_rec_wnd_sent(struct sock *sk, u32 new_win)
{
	const struct xtcp_sock *tp = xtcp_sk(sk);
	u32 old_edge = tp->rcv_wup + tp->rcv_wnd;
	u32 new_edge = tp->rcv_nxt + new_win;

	if (new_edge != old_edge || (!new_win && tp->rcv_wnd))
		__xtcp_rec(sk, XTCP_REC_WND_SENT, 0, new_win, new_edge,
			   old_edge, 0, 0);
}

/**
 * __xtcp_rec_retrans - record a retransmission, with why it was sent
 * @sk: the socket, locked
 * @skb: what was sent again
 */
void __xtcp_rec_retrans(struct sock *sk, const struct sk_buff *skb)
{
	u8 ca_state = xinet_csk(sk)->icsk_ca_state;
	u16 why;

	if ((1 << sk->sk_state) & (TCPF_SYN_SENT | TCPF_SYN_RECV))
		why = XTCP_REC_RETRANS_SYN;
	else if (ca_state == XTCP_CA_Loss)
		why = XTCP_REC_RETRANS_RTO;
	else if (ca_state == XTCP_CA_Recovery)
		why = XTCP_REC_RETRANS_FAST;
	else
		why = XTCP_REC_RETRANS_OTHER;
	__xtcp_rec(sk, XTCP_REC_RETRANS, why, XTCP_SKB_CB(skb)->seq,
		   XTCP_SKB_CB(skb)->end_seq, xtcp_sk(sk)->total_retrans,
		   ca_state, 0);
}

/* The kernel's drop reasons, in the record's stable numbering. */
#define XREC_DROP(name)	{ SKB_DROP_REASON_##name, XTCP_REC_DROP_##name }
static const struct {
	enum skb_drop_reason	reason;
	u16			rec;
} xtcp_rec_drop_map[] = {
	XREC_DROP(NOT_SPECIFIED),
	XREC_DROP(TCP_RFC7323_PAWS),
	XREC_DROP(TCP_INVALID_SEQUENCE),
	XREC_DROP(TCP_OLD_SEQUENCE),
	XREC_DROP(TCP_RESET),
	XREC_DROP(TCP_INVALID_SYN),
	XREC_DROP(TCP_ZEROWINDOW),
	XREC_DROP(TCP_OLD_DATA),
	XREC_DROP(TCP_OVERWINDOW),
	XREC_DROP(TCP_OFOMERGE),
	XREC_DROP(TCP_OFO_DROP),
	XREC_DROP(PROTO_MEM),
};

/**
 * __xtcp_rec_drop - record a dropped arriving segment
 * @sk: the socket, locked
 * @skb: the segment (its TCP control block filled)
 * @reason: SKB_DROP_REASON_*
 *
 * The first entry of the map wins where an older kernel folds two names
 * into one value (compat.h).
 */
void __xtcp_rec_drop(struct sock *sk, const struct sk_buff *skb,
		     enum skb_drop_reason reason)
{
	u16 rec = XTCP_REC_DROP_NOT_SPECIFIED;
	int i;

	for (i = 0; i < ARRAY_SIZE(xtcp_rec_drop_map); i++) {
		if (xtcp_rec_drop_map[i].reason == reason) {
			rec = xtcp_rec_drop_map[i].rec;
			break;
		}
	}
	__xtcp_rec(sk, XTCP_REC_DROP, rec, XTCP_SKB_CB(skb)->seq,
		   XTCP_SKB_CB(skb)->end_seq, xtcp_sk(sk)->rcv_nxt, reason, 0);
}

/**
 * __xtcp_rec_timer - record a timer's firing
 * @sk: the socket, locked
 * @which: XTCP_REC_TIMER_*
 */
void __xtcp_rec_timer(struct sock *sk, u16 which)
{
	const struct xinet_connection_sock *icsk = xinet_csk(sk);

	__xtcp_rec(sk, XTCP_REC_TIMER, which, jiffies_to_usecs(icsk->icsk_rto),
		   icsk->icsk_backoff, 0, 0, 0);
}

/* Hang @ring on @sk (locked) and free the one it replaces. */
static void xtcp_rec_replace(struct sock *sk, struct xtcp_rec_ring *ring)
{
	struct xtcp_rec_ring *old = xtcp_rec_locked(sk);

	rcu_assign_pointer(xtcp_sk(sk)->rec, ring);
	xtcp_rec_ring_free(old);
}

/**
 * xtcp_rec_init_sock - a new socket's recorder, per
 *	net.xinet.tcp_flight_recorder
 * @sk: the socket, from xtcp_init_sock() (process context)
 *
 * No memory leaves the recorder off: it is a diagnostic, not a reason
 * to fail socket().
 */
void xtcp_rec_init_sock(struct sock *sk)
{
	int size = READ_ONCE(xinet_net(sock_net(sk))->sysctl_tcp_flight_recorder);

	RCU_INIT_POINTER(xtcp_sk(sk)->rec, NULL);
	if (size > 0)
		RCU_INIT_POINTER(xtcp_sk(sk)->rec,
				 xtcp_rec_ring_alloc(size, GFP_KERNEL));
}

/**
 * xtcp_rec_clone - the recorder of a handshake's child: a ring of its
 *	listener's size, its own
 * @newsk: the child, a copy of @listener (whose ring pointer it copied);
 *	called before anything may destroy it
 * @listener: the listener (not locked: requests are handled lockless)
 */
void xtcp_rec_clone(struct sock *newsk, const struct sock *listener)
{
	struct xtcp_rec_ring *ring;
	u32 size = 0;

	RCU_INIT_POINTER(xtcp_sk(newsk)->rec, NULL);
	rcu_read_lock();
	ring = rcu_dereference(xtcp_sk(listener)->rec);
	if (ring)
		size = ring->size;
	rcu_read_unlock();
	if (size)
		RCU_INIT_POINTER(xtcp_sk(newsk)->rec,
				 xtcp_rec_ring_alloc(size, GFP_ATOMIC));
}

/**
 * xtcp_rec_destroy - free the recorder of a dying socket
 * @sk: the socket, from sk_prot->destroy
 */
void xtcp_rec_destroy(struct sock *sk)
{
	struct xtcp_rec_ring *ring = rcu_dereference_protected(xtcp_sk(sk)->rec,
							       true);

	RCU_INIT_POINTER(xtcp_sk(sk)->rec, NULL);
	xtcp_rec_ring_free(ring);
}

/**
 * xtcp_rec_set_size - XTCP_FLIGHT_RECORDER: start, resize or stop
 * @sk: the socket, owned by the caller
 * @size: events, 0 to stop
 *
 * A new size starts an empty ring; the same size keeps the record.
 *
 * Return: 0, -EINVAL for a size out of 0..XTCP_REC_MAX_EVENTS, -ENOMEM.
 */
int xtcp_rec_set_size(struct sock *sk, int size)
{
	struct xtcp_rec_ring *ring = xtcp_rec_locked(sk);

	if (size < 0 || size > XTCP_REC_MAX_EVENTS)
		return -EINVAL;
	if (ring && ring->size == size)
		return 0;
	if (!size) {
		xtcp_rec_replace(sk, NULL);
		return 0;
	}
	ring = xtcp_rec_ring_alloc(size, GFP_KERNEL);
	if (!ring)
		return -ENOMEM;
	xtcp_rec_replace(sk, ring);
	return 0;
}

/**
 * xtcp_rec_get_size - XTCP_FLIGHT_RECORDER's value
 * @sk: the socket
 *
 * Return: the ring's size, 0 while off.
 */
int xtcp_rec_get_size(struct sock *sk)
{
	struct xtcp_rec_ring *ring;
	int size = 0;

	rcu_read_lock();
	ring = rcu_dereference(xtcp_sk(sk)->rec);
	if (ring)
		size = ring->size;
	rcu_read_unlock();
	return size;
}

/*
 * A snapshot of @sk's record into a new buffer: the header, then at most
 * @max events.  NULL with *err set when there is none.
 */
static struct xtcp_rec_header *xtcp_rec_snapshot(struct sock *sk, u32 max,
						 int *err)
{
	struct xtcp_rec_header *hdr;
	struct xtcp_rec_ring *ring;

	max = min_t(u32, max, XTCP_REC_MAX_EVENTS);
	hdr = kvzalloc(sizeof(*hdr) + max * sizeof(struct xtcp_rec_event),
		       GFP_KERNEL);
	if (!hdr) {
		*err = -ENOMEM;
		return NULL;
	}
	rcu_read_lock();
	ring = rcu_dereference(xtcp_sk(sk)->rec);
	if (ring)
		xtcp_rec_ring_read(ring, hdr, (void *)(hdr + 1), max);
	rcu_read_unlock();
	if (!ring) {
		kvfree(hdr);
		*err = -ENOENT;
		return NULL;
	}
	return hdr;
}

/**
 * xtcp_rec_getsockopt - XTCP_FLIGHT_RECORD: the record, into @optval
 * @sk: the socket
 * @optval: the user's buffer
 * @optlen: its length; set to the bytes written
 * @len: the length read from @optlen
 *
 * The newest events that fit after the header, oldest first.
 *
 * Return: 0, -ENOENT while the recorder is off, -EINVAL for a buffer
 * shorter than the header, -EFAULT, -ENOMEM.
 */
int xtcp_rec_getsockopt(struct sock *sk, char __user *optval,
			int __user *optlen, int len)
{
	struct xtcp_rec_header *hdr;
	int err = 0;
	u32 bytes;

	if (len < sizeof(*hdr))
		return -EINVAL;
	hdr = xtcp_rec_snapshot(sk, (len - sizeof(*hdr)) /
				sizeof(struct xtcp_rec_event), &err);
	if (!hdr)
		return err;
	bytes = sizeof(*hdr) + hdr->count * sizeof(struct xtcp_rec_event);
	if (put_user(bytes, optlen) || copy_to_user(optval, hdr, bytes))
		err = -EFAULT;
	kvfree(hdr);
	return err;
}

/**
 * xtcp_rec_diag_size - room a sock_diag answer needs for a record
 *
 * Return: the attribute's size for the largest ring.
 */
size_t xtcp_rec_diag_size(void)
{
	return nla_total_size(sizeof(struct xtcp_rec_header) +
			      XTCP_REC_MAX_EVENTS *
			      sizeof(struct xtcp_rec_event));
}

/**
 * xtcp_rec_diag_put - XINET_DIAG_FLIGHT_RECORD of a sock_diag answer
 * @sk: a full TCP socket, referenced
 * @skb: the answer
 *
 * Nothing while the recorder is off.  May sleep (the snapshot buffer).
 *
 * Return: 0, or -EMSGSIZE, -ENOMEM.
 */
int xtcp_rec_diag_put(struct sock *sk, struct sk_buff *skb)
{
	struct xtcp_rec_header *hdr;
	int err = 0;

	hdr = xtcp_rec_snapshot(sk, XTCP_REC_MAX_EVENTS, &err);
	if (!hdr)
		return err == -ENOENT ? 0 : err;
	if (nla_put(skb, XINET_DIAG_FLIGHT_RECORD, sizeof(*hdr) +
		    hdr->count * sizeof(struct xtcp_rec_event), hdr))
		err = -EMSGSIZE;
	kvfree(hdr);
	return err;
}
