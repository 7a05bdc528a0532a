// SPDX-License-Identifier: GPL-2.0
/*
 * xinet: UDP, twin of net/ipv4/udp.c.
 *
 * Each namespace has its own struct xudp_table with two hashes, as
 * AF_INET's udp_table: @hash by local port, used to find port conflicts
 * and free ports; @hash2 by (local address, local port), used by the
 * receive lookup, which tries the exact address first and the wildcard
 * next, so its cost does not grow with the number of sockets on other
 * addresses or ports.  Writers take the slot spinlocks (see struct
 * xudp_hslot); the receive path walks the chains under RCU.  Hashed
 * sockets carry SOCK_RCU_FREE, so a reader that found one may use it
 * until rcu_read_unlock() without taking a reference, as udp_rcv() does.
 *
 * SO_REUSEPORT groups use the kernel's sock_reuseport (exported): the
 * group hangs off sk->sk_reuseport_cb and delivery is balanced by a
 * hash of the 4-tuple, or by a BPF program attached to the group.
 */

#define pr_fmt(fmt) "xinet: " fmt

#include <asm/ioctls.h>
#include <linux/module.h>
#include <linux/bitops.h>
#include <linux/jhash.h>
#include <linux/log2.h>
#include <linux/mm.h>
#include <linux/icmp.h>
#include <linux/proc_fs.h>
#include <linux/random.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/sockios.h>
#include <linux/uio.h>
#include <linux/filter.h>
#include <net/checksum.h>
#include <net/icmp.h>
#include <net/ip.h>
#include <net/sock.h>
#include <net/sock_reuseport.h>
#include <net/tcp_states.h>
#include <linux/xinet.h>
#include <net/xinet/protocol.h>
#include <net/xinet/netns.h>
#include <net/xinet/xicmp.h>
#include <net/xinet/xip.h>
#include <net/xinet/xroute.h>
#include <net/xinet/xsnmp.h>
#include <net/xinet/xudp.h>

/* Fewest slots per hash: the ephemeral search keeps a bitmap per slot. */
#define XUDP_HTABLE_SIZE_MIN	256
#define XUDP_HTABLE_SIZE_MAX	65536
#define XUDP_PORTS_PER_CHAIN	(65536 / XUDP_HTABLE_SIZE_MIN)

static unsigned int udp_hash_entries;
module_param(udp_hash_entries, uint, 0444);
MODULE_PARM_DESC(udp_hash_entries,
		 "slots of each per-namespace UDP hash (power of two, 256..65536; 0: one per 2 MiB of memory)");

/**
 * xudp_table_of - the UDP table of a namespace (net->ipv4.udp_table's twin)
 * @net: the namespace
 *
 * Return: the table.
 */
struct xudp_table *xudp_table_of(const struct net *net)
{
	return xinet_net(net)->udp_table;
}

static struct xudp_hslot *xudp_hashslot(const struct xudp_table *t,
					unsigned int num)
{
	return &t->hash[num & t->mask];
}

static struct xudp_hslot *xudp_hashslot2(const struct xudp_table *t,
					 unsigned int hash)
{
	return &t->hash2[hash & t->mask];
}

/* Key of the address+port hash; the port is XORed in once known. */
static u16 xudp_portaddr_hashfn(const struct xudp_table *t, __be32 addr,
				unsigned int port)
{
	return (u16)(jhash_1word((__force u32)addr, t->seed) ^ port);
}

/* Flow hash that spreads a reuseport group (twin of udp_ehashfn). */
static u32 xudp_ehashfn(const struct xudp_table *t, __be32 laddr, u16 lport,
			__be32 faddr, __be16 fport)
{
	return jhash_3words((__force u32)laddr, (__force u32)faddr,
			    (u32)lport << 16 | (__force u16)fport,
			    t->seed ^ 0x5bd1e995);
}

/*
 * Do @sk and @sk2 want overlapping local addresses?  A wildcard overlaps
 * every address (inet_rcv_saddr_equal() with match_wildcard).
 */
static bool xudp_rcv_saddr_overlap(const struct sock *sk,
				   const struct sock *sk2)
{
	return !sk->sk_rcv_saddr || !sk2->sk_rcv_saddr ||
	       sk->sk_rcv_saddr == sk2->sk_rcv_saddr;
}

/*
 * Twin of udp_lib_lport_inuse().  Without @bitmap: is @num taken for @sk
 * in @hslot?  With @bitmap: mark every port of @hslot that @sk may not
 * use (the ephemeral search).  Sockets that may share a port with @sk:
 * both have SO_REUSEADDR, or both SO_REUSEPORT with the same owner (and
 * @sk not yet in a group), or they are bound to different devices.
 */
static bool xudp_lib_lport_inuse(const struct net *net, u16 num,
				 const struct xudp_hslot *hslot,
				 unsigned long *bitmap, struct sock *sk,
				 unsigned int log)
{
	kuid_t uid = sock_i_uid(sk);
	struct sock *sk2;

	lockdep_assert_held(&hslot->lock);
	sk_for_each(sk2, &hslot->head) {
		if (sk2 == sk ||
		    (!bitmap && xudp_sk(sk2)->xudp_port_hash != num) ||
		    (sk2->sk_reuse && sk->sk_reuse) ||
		    (sk2->sk_bound_dev_if && sk->sk_bound_dev_if &&
		     sk2->sk_bound_dev_if != sk->sk_bound_dev_if) ||
		    !xudp_rcv_saddr_overlap(sk, sk2))
			continue;
		if (sk2->sk_reuseport && sk->sk_reuseport &&
		    !rcu_access_pointer(sk->sk_reuseport_cb) &&
		    uid_eq(uid, sock_i_uid(sk2))) {
			if (!bitmap)
				return false;
		} else {
			if (!bitmap)
				return true;
			__set_bit(xudp_sk(sk2)->xudp_port_hash >> log, bitmap);
		}
	}
	return false;
}

/*
 * Join the reuseport group of a socket with the same address, device
 * and owner, or start one (twin of udp_reuseport_add_sock()).
 */
static int xudp_reuseport_add_sock(struct sock *sk, struct xudp_hslot *hslot)
{
	kuid_t uid = sock_i_uid(sk);
	struct sock *sk2;

	lockdep_assert_held(&hslot->lock);
	sk_for_each(sk2, &hslot->head) {
		if (sk2 != sk &&
		    xudp_sk(sk2)->xudp_port_hash == xudp_sk(sk)->xudp_port_hash &&
		    sk2->sk_reuseport &&
		    sk2->sk_bound_dev_if == sk->sk_bound_dev_if &&
		    sk2->sk_rcv_saddr == sk->sk_rcv_saddr &&
		    uid_eq(uid, sock_i_uid(sk2)))
			return reuseport_add_sock(sk, sk2, !sk->sk_rcv_saddr);
	}
	return reuseport_alloc(sk, !sk->sk_rcv_saddr);
}

/* Find a free ephemeral port for @sk; returns with its slot locked. */
static int xudp_pick_ephemeral(struct sock *sk, struct xudp_table *t,
			       unsigned short *snump,
			       struct xudp_hslot **hslotp)
{
	DECLARE_BITMAP(bitmap, XUDP_PORTS_PER_CHAIN);
	struct net *net = sock_net(sk);
	unsigned short first, last, snum;
	struct xudp_hslot *hslot;
	int low, high, remaining;
	unsigned int rand;

	xinet_get_local_port_range(net, &low, &high);
	remaining = high - low + 1;

	rand = get_random_u32();
	first = reciprocal_scale(rand, remaining) + low;
	/*
	 * An odd multiple of the table size: stepping by it from @first
	 * visits every port of @first's slot before coming back.
	 */
	rand = (rand | 1) * (t->mask + 1);
	last = first + t->mask + 1;
	do {
		hslot = xudp_hashslot(t, first);
		bitmap_zero(bitmap, XUDP_PORTS_PER_CHAIN);
		spin_lock_bh(&hslot->lock);
		xudp_lib_lport_inuse(net, first, hslot, bitmap, sk, t->log);

		snum = first;
		do {
			if (low <= snum && snum <= high &&
			    !test_bit(snum >> t->log, bitmap)) {
				*snump = snum;
				*hslotp = hslot;
				/* sparse: held for the caller */
				__release(&hslot->lock);
				return 0;
			}
			snum += rand;
		} while (snum != first);
		spin_unlock_bh(&hslot->lock);
		cond_resched();
	} while (++first != last);
	return -EADDRINUSE;
}

/**
 * xudp_lib_get_port - bind @sk to a local port (twin of udp_lib_get_port)
 * @sk: the socket, locked by the caller, with its local address set and
 *	xudp_portaddr_hash holding the hash of that address (port 0)
 * @snum: the port in host order, or 0 for an ephemeral port from
 *	net.xinet.ip_local_port_range
 *
 * On success @sk is in both hashes of its namespace's table (and in its
 * reuseport group) and xinet_num holds the port.
 *
 * Return: 0, -EADDRINUSE if the port is taken (or no ephemeral port is
 * free), -ENOMEM if a reuseport group could not be allocated.
 */
int xudp_lib_get_port(struct sock *sk, unsigned short snum)
{
	struct xudp_table *t = xudp_table_of(sock_net(sk));
	struct xudp_sock *up = xudp_sk(sk);
	struct xudp_hslot *hslot, *hslot2;
	int err;

	sock_owned_by_me(sk);
	if (!snum) {
		err = xudp_pick_ephemeral(sk, t, &snum, &hslot);
		if (err)
			return err;
		/* sparse: xudp_pick_ephemeral() returned it locked */
		__acquire(&hslot->lock);
	} else {
		hslot = xudp_hashslot(t, snum);
		spin_lock_bh(&hslot->lock);
		if (xudp_lib_lport_inuse(sock_net(sk), snum, hslot, NULL, sk,
					 0)) {
			err = -EADDRINUSE;
			goto out_unlock;
		}
	}

	/* @hslot is locked and @snum is ours. */
	up->xinet.xinet_num = snum;
	up->xudp_port_hash = snum;
	up->xudp_portaddr_hash ^= snum;
	if (sk_unhashed(sk)) {
		if (sk->sk_reuseport) {
			err = xudp_reuseport_add_sock(sk, hslot);
			if (err) {
				up->xinet.xinet_num = 0;
				up->xudp_port_hash = 0;
				up->xudp_portaddr_hash ^= snum;
				goto out_unlock;
			}
		}
		/* Lookups may hold @sk without a reference until a grace
		 * period has passed.
		 */
		sock_set_flag(sk, SOCK_RCU_FREE);
		sk_add_node_rcu(sk, &hslot->head);
		hslot->count++;
		sock_prot_inuse_add(sock_net(sk), sk->sk_prot, 1);

		hslot2 = xudp_hashslot2(t, up->xudp_portaddr_hash);
		spin_lock(&hslot2->lock);
		hlist_add_head_rcu(&up->xudp_portaddr_node, &hslot2->head);
		hslot2->count++;
		spin_unlock(&hslot2->lock);
	}
	err = 0;
out_unlock:
	spin_unlock_bh(&hslot->lock);
	return err;
}

/**
 * xudp_v4_get_port - proto::get_port of UDP (twin of udp_v4_get_port)
 * @sk: the socket, locked, xinet_rcv_saddr set
 * @snum: port in host order, 0 for an ephemeral one
 *
 * Return: as xudp_lib_get_port().
 */
int xudp_v4_get_port(struct sock *sk, unsigned short snum)
{
	struct xudp_table *t = xudp_table_of(sock_net(sk));

	xudp_sk(sk)->xudp_portaddr_hash =
		xudp_portaddr_hashfn(t, sk->sk_rcv_saddr, 0);
	return xudp_lib_get_port(sk, snum);
}

/**
 * xudp_lib_unhash - take @sk out of the table and release its port
 * @sk: the socket (twin of udp_lib_unhash)
 */
void xudp_lib_unhash(struct sock *sk)
{
	struct xudp_table *t;
	struct xudp_hslot *hslot, *hslot2;

	if (!sk_hashed(sk))
		return;
	t = xudp_table_of(sock_net(sk));
	hslot = xudp_hashslot(t, xudp_sk(sk)->xudp_port_hash);
	hslot2 = xudp_hashslot2(t, xudp_sk(sk)->xudp_portaddr_hash);

	spin_lock_bh(&hslot->lock);
	if (rcu_access_pointer(sk->sk_reuseport_cb))
		reuseport_detach_sock(sk);
	if (sk_del_node_init_rcu(sk)) {
		hslot->count--;
		xinet_sk(sk)->xinet_num = 0;
		sock_prot_inuse_add(sock_net(sk), sk->sk_prot, -1);

		spin_lock(&hslot2->lock);
		hlist_del_init_rcu(&xudp_sk(sk)->xudp_portaddr_node);
		hslot2->count--;
		spin_unlock(&hslot2->lock);
	}
	spin_unlock_bh(&hslot->lock);
}

/**
 * xudp_lib_rehash - move @sk in the address+port hash (twin of
 *	udp_lib_rehash), after its local address changed
 * @sk: the socket
 * @newhash: the new xudp_portaddr_hash
 *
 * A socket that changes address leaves its reuseport group: the group
 * was formed for the old address.
 */
void xudp_lib_rehash(struct sock *sk, u16 newhash)
{
	struct xudp_hslot *hslot, *hslot2, *nhslot2;
	struct xudp_table *t;

	if (!sk_hashed(sk)) {
		xudp_sk(sk)->xudp_portaddr_hash = newhash;
		return;
	}
	t = xudp_table_of(sock_net(sk));
	hslot = xudp_hashslot(t, xudp_sk(sk)->xudp_port_hash);
	hslot2 = xudp_hashslot2(t, xudp_sk(sk)->xudp_portaddr_hash);
	nhslot2 = xudp_hashslot2(t, newhash);

	spin_lock_bh(&hslot->lock);
	xudp_sk(sk)->xudp_portaddr_hash = newhash;
	if (rcu_access_pointer(sk->sk_reuseport_cb))
		reuseport_detach_sock(sk);
	if (hslot2 != nhslot2) {
		spin_lock(&hslot2->lock);
		hlist_del_init_rcu(&xudp_sk(sk)->xudp_portaddr_node);
		hslot2->count--;
		spin_unlock(&hslot2->lock);

		spin_lock(&nhslot2->lock);
		hlist_add_head_rcu(&xudp_sk(sk)->xudp_portaddr_node,
				   &nhslot2->head);
		nhslot2->count++;
		spin_unlock(&nhslot2->lock);
	}
	spin_unlock_bh(&hslot->lock);
}

/**
 * xudp_v4_rehash - proto::rehash of UDP (twin of udp_v4_rehash)
 * @sk: the socket, whose xinet_rcv_saddr changed
 */
void xudp_v4_rehash(struct sock *sk)
{
	struct xudp_table *t = xudp_table_of(sock_net(sk));

	xudp_lib_rehash(sk, xudp_portaddr_hashfn(t, sk->sk_rcv_saddr,
						 xinet_sk(sk)->xinet_num));
}

/* A UDP socket is hashed by port allocation, never by ->hash. */
static int xudp_lib_hash(struct sock *sk)
{
	return 0;
}

/*
 * Twin of compute_score(): -1 if @sk does not take the packet, else
 * higher for a more specific match (connected, bound to a device).
 */
static int xudp_compute_score(struct sock *sk, const struct net *net,
			      __be32 saddr, __be16 sport, __be32 daddr,
			      unsigned short hnum, int dif)
{
	int score;

	if (!net_eq(sock_net(sk), net) ||
	    xudp_sk(sk)->xudp_port_hash != hnum ||
	    sk->sk_rcv_saddr != daddr)
		return -1;

	score = 2;
	if (sk->sk_daddr) {
		if (sk->sk_daddr != saddr)
			return -1;
		score += 4;
	}
	if (sk->sk_dport) {
		if (sk->sk_dport != sport)
			return -1;
		score += 4;
	}
	if (sk->sk_bound_dev_if) {
		if (sk->sk_bound_dev_if != dif)
			return -1;
		score += 4;
	}
	if (READ_ONCE(sk->sk_incoming_cpu) == raw_smp_processor_id())
		score++;
	return score;
}

static struct sock *xudp_lookup_reuseport(const struct xudp_table *t,
					  struct sock *sk, struct sk_buff *skb,
					  __be32 saddr, __be16 sport,
					  __be32 daddr, unsigned short hnum)
{
	u32 hash;

	if (!sk->sk_reuseport || sk->sk_state == TCP_ESTABLISHED)
		return NULL;
	hash = xudp_ehashfn(t, daddr, hnum, saddr, sport);
	return reuseport_select_sock(sk, hash, skb, sizeof(struct udphdr));
}

/* Twin of udp4_lib_lookup2(): the best socket of one hash2 chain. */
static struct sock *xudp4_lib_lookup2(const struct net *net,
				      const struct xudp_table *t,
				      __be32 saddr, __be16 sport,
				      __be32 daddr, unsigned int hnum,
				      int dif, struct xudp_hslot *hslot2,
				      struct sk_buff *skb,
				      struct xudp_lookup_stats *stats)
{
	struct sock *sk, *result = NULL;
	int score, badness = 0;

	hlist_for_each_entry_rcu(sk, &hslot2->head,
				 __sk_common.skc_portaddr_node) {
		if (stats)
			stats->visited++;
		score = xudp_compute_score(sk, net, saddr, sport, daddr, hnum,
					   dif);
		if (score <= badness)
			continue;
		badness = score;
		result = xudp_lookup_reuseport(t, sk, skb, saddr, sport, daddr,
					       hnum);
		/* A group with connected members falls back to scoring. */
		if (result && !reuseport_has_conns(sk))
			return result;
		result = result ? : sk;
	}
	return result;
}

/**
 * __xudp4_lib_lookup - the socket a datagram is for (twin of
 *	__udp4_lib_lookup)
 * @net: the namespace
 * @saddr: source address of the datagram (the remote end)
 * @sport: its source port
 * @daddr: its destination address (ours)
 * @dport: its destination port
 * @dif: ifindex it arrived on
 * @skb: the datagram, for a reuseport BPF program; may be NULL
 * @stats: if not NULL, counts the chain entries walked
 *
 * Sockets bound to @daddr are preferred to wildcard ones; connected
 * sockets take only their peer's datagrams.  Must be called under
 * rcu_read_lock(); the socket is valid until rcu_read_unlock() (it is
 * SOCK_RCU_FREE) and no reference is taken.
 *
 * Return: the socket, or NULL.
 */
struct sock *__xudp4_lib_lookup(const struct net *net, __be32 saddr,
				__be16 sport, __be32 daddr, __be16 dport,
				int dif, struct sk_buff *skb,
				struct xudp_lookup_stats *stats)
{
	const struct xudp_table *t = xudp_table_of(net);
	unsigned short hnum = ntohs(dport);
	struct xudp_hslot *hslot2;
	struct sock *result;

	hslot2 = xudp_hashslot2(t, xudp_portaddr_hashfn(t, daddr, hnum));
	result = xudp4_lib_lookup2(net, t, saddr, sport, daddr, hnum, dif,
				   hslot2, skb, stats);
	if (result)
		return result;

	hslot2 = xudp_hashslot2(t, xudp_portaddr_hashfn(t, htonl(INADDR_ANY),
							hnum));
	return xudp4_lib_lookup2(net, t, saddr, sport, htonl(INADDR_ANY),
				 hnum, dif, hslot2, skb, stats);
}

/* --- receive ---------------------------------------------------------- */

/*
 * Twin of __udp_enqueue_schedule_skb(): charge the datagram to the
 * receive buffer and queue it.  As AF_INET's UDP, the queue may go over
 * SO_RCVBUF by the last datagram; a datagram arriving when it already is
 * over is dropped.
 */
static int __xudp_enqueue_schedule_skb(struct sock *sk, struct sk_buff *skb)
{
	struct sk_buff_head *list = &sk->sk_receive_queue;

	if (atomic_read(&sk->sk_rmem_alloc) > READ_ONCE(sk->sk_rcvbuf))
		return -ENOMEM;
	if (!sk_rmem_schedule(sk, skb, skb->truesize))
		return -ENOBUFS;

	skb_set_owner_r(skb, sk);
	sock_skb_set_dropcount(sk, skb);
	skb_dst_drop(skb);

	spin_lock(&list->lock);
	__skb_queue_tail(list, skb);
	spin_unlock(&list->lock);

	if (!sock_flag(sk, SOCK_DEAD))
		sk->sk_data_ready(sk);
	return 0;
}

/*
 * Twin of udp_queue_rcv_one_skb(): socket filter, then the queue.
 * @skb's data is the UDP header, the payload is checked and trimmed.
 * Consumes @skb.
 */
static int xudp_queue_rcv_one_skb(struct sock *sk, struct sk_buff *skb)
{
	struct net *net = sock_net(sk);
	int rc;

	if (sk_filter_trim_cap(sk, skb, sizeof(struct udphdr)))
		goto drop;
	__skb_pull(skb, sizeof(struct udphdr));

	rc = __xudp_enqueue_schedule_skb(sk, skb);
	if (rc < 0) {
		if (rc == -ENOMEM)
			__XUDP_INC_STATS(net, UDP_MIB_RCVBUFERRORS);
		else
			__XUDP_INC_STATS(net, UDP_MIB_MEMERRORS);
		goto drop;
	}
	return 0;

drop:
	__XUDP_INC_STATS(net, UDP_MIB_INERRORS);
	atomic_inc(&sk->sk_drops);
	kfree_skb(skb);
	return -1;
}

/*
 * Twin of udp_queue_rcv_skb(): a GSO packet (a UDP_SEGMENT send that
 * crossed xnet whole) is queued whole for a UDP_GRO socket and cut into
 * its datagrams for any other, as Linux's UDP does with what lo or veth
 * hand it.  @skb's data is the UDP header.  Consumes @skb.
 */
static int xudp_queue_rcv_skb(struct sock *sk, struct sk_buff *skb)
{
	struct sk_buff *segs, *next;

	if (likely(!xudp_unexpected_gso(sk, skb)))
		return xudp_queue_rcv_one_skb(sk, skb);

	/* The segments' control blocks keep XIPCB (iif, options). */
	BUILD_BUG_ON(sizeof(struct xinet_skb_parm) > SKB_GSO_CB_OFFSET);
	__skb_push(skb, -skb_network_offset(skb));
	segs = xudp_rcv_segment(sk, skb);
	skb_list_walk_safe(segs, skb, next) {
		skb_mark_not_on_list(skb);
		__skb_pull(skb, skb_transport_offset(skb));
		xudp_queue_rcv_one_skb(sk, skb);
	}
	return 0;
}

/* Twin of __udp_is_mcast_sock(): does @sk take this broadcast? */
static bool xudp_is_mcast_sock(const struct net *net, const struct sock *sk,
			       __be16 loc_port, __be32 loc_addr,
			       __be16 rmt_port, __be32 rmt_addr, int dif)
{
	return net_eq(sock_net(sk), net) &&
	       xudp_sk(sk)->xudp_port_hash == ntohs(loc_port) &&
	       (!sk->sk_daddr || sk->sk_daddr == rmt_addr) &&
	       (!sk->sk_dport || sk->sk_dport == rmt_port) &&
	       (!sk->sk_rcv_saddr || sk->sk_rcv_saddr == loc_addr) &&
	       (!sk->sk_bound_dev_if || sk->sk_bound_dev_if == dif);
}

/*
 * Twin of __udp4_lib_mcast_deliver(): a broadcast goes to every socket
 * that takes it (one per reuseport group would need the group walk;
 * like AF_INET, every member gets a copy).  Consumes @skb.
 */
static int xudp4_lib_mcast_deliver(struct net *net, struct sk_buff *skb,
				   struct udphdr *uh, __be32 saddr,
				   __be32 daddr)
{
	struct xudp_table *t = xudp_table_of(net);
	struct xudp_hslot *hslot = xudp_hashslot(t, ntohs(uh->dest));
	int dif = XIPCB(skb)->iif;
	struct sock *sk, *first = NULL;
	struct sk_buff *nskb;

	sk_for_each_rcu(sk, &hslot->head) {
		if (!xudp_is_mcast_sock(net, sk, uh->dest, daddr, uh->source,
					saddr, dif))
			continue;
		if (!first) {
			first = sk;
			continue;
		}
		nskb = skb_clone(skb, GFP_ATOMIC);
		if (unlikely(!nskb)) {
			atomic_inc(&sk->sk_drops);
			__XUDP_INC_STATS(net, UDP_MIB_RCVBUFERRORS);
			__XUDP_INC_STATS(net, UDP_MIB_INERRORS);
			continue;
		}
		xudp_queue_rcv_skb(sk, nskb);
	}

	if (first) {
		xudp_queue_rcv_skb(first, skb);
	} else {
		kfree_skb(skb);
		__XUDP_INC_STATS(net, UDP_MIB_IGNOREDMULTI);
	}
	return 0;
}

/*
 * Is the UDP checksum of @skb (data at the UDP header, @ulen bytes)
 * right?  Zero means "not computed" (RFC 768) and is accepted.
 */
static bool xudp_csum_ok(struct sk_buff *skb, const struct udphdr *uh,
			 unsigned int ulen, __be32 saddr, __be32 daddr)
{
	__wsum csum;

	if (!uh->check || skb_csum_unnecessary(skb))
		return true;
	csum = skb_checksum(skb, 0, ulen, 0);
	if (csum_tcpudp_magic(saddr, daddr, ulen, IPPROTO_UDP, csum))
		return false;
	skb->ip_summed = CHECKSUM_UNNECESSARY;
	return true;
}

/* Twin of __udp4_lib_lookup_skb(): the lookup keyed by a received skb. */
static struct sock *__xudp4_lib_lookup_skb(struct sk_buff *skb,
					   __be16 sport, __be16 dport)
{
	const struct iphdr *iph = ip_hdr(skb);

	return __xudp4_lib_lookup(dev_net(skb->dev), iph->saddr, sport,
				  iph->daddr, dport, XIPCB(skb)->iif, skb,
				  NULL);
}

/*
 * Twin of __udp4_lib_rcv(): malformed datagrams are dropped and counted
 * (InErrors, InCsumErrors); datagrams for no socket are answered with ICMP
 * port unreachable, except broadcasts, and counted (NoPorts).  Always
 * consumes the skb.
 */
static int __xudp4_lib_rcv(struct sk_buff *skb)
{
	struct net *net = dev_net(skb->dev);
	const struct iphdr *iph;
	__be32 saddr, daddr;
	struct udphdr *uh;
	unsigned int ulen;
	struct sock *sk;

	if (!pskb_may_pull(skb, sizeof(struct udphdr)))
		goto drop;
	skb_reset_transport_header(skb);
	uh = udp_hdr(skb);
	ulen = ntohs(uh->len);
	iph = ip_hdr(skb);
	saddr = iph->saddr;
	daddr = iph->daddr;

	if (ulen > skb->len || ulen < sizeof(*uh))
		goto drop;
	if (pskb_trim_rcsum(skb, ulen))
		goto drop;
	uh = udp_hdr(skb);

	if (!xudp_csum_ok(skb, uh, ulen, saddr, daddr))
		goto csum_error;

	rcu_read_lock();
	if ((XIPCB(skb)->flags & XIPSKB_BROADCAST) ||
	    ipv4_is_lbcast(daddr) || ipv4_is_multicast(daddr)) {
		xudp4_lib_mcast_deliver(net, skb, uh, saddr, daddr);
		rcu_read_unlock();
		return 0;
	}

	sk = __xudp4_lib_lookup_skb(skb, uh->source, uh->dest);
	if (sk) {
		xudp_queue_rcv_skb(sk, skb);
		rcu_read_unlock();
		return 0;
	}
	rcu_read_unlock();

	__XUDP_INC_STATS(net, UDP_MIB_NOPORTS);
	xicmp_send(skb, ICMP_DEST_UNREACH, ICMP_PORT_UNREACH, 0);
	consume_skb(skb);
	return 0;

csum_error:
	__XUDP_INC_STATS(net, UDP_MIB_CSUMERRORS);
drop:
	__XUDP_INC_STATS(net, UDP_MIB_INERRORS);
	kfree_skb(skb);
	return 0;
}

/**
 * xudp_rcv - the UDP handler of the protocol table (twin of udp_rcv)
 * @skb: a datagram; its IP header was checked and pulled, data is at the
 *	UDP header
 *
 * Return: 0 (the datagram is always consumed).
 */
int xudp_rcv(struct sk_buff *skb)
{
	return __xudp4_lib_rcv(skb);
}

/**
 * xudp_err - the UDP ICMP error handler (twin of udp_err/__udp4_lib_err)
 * @skb: the ICMP message; its transport header is the ICMP header and
 *	its data the quoted IP header of a datagram we sent
 * @info: ICMP-specific value (the next-hop MTU of "fragmentation needed")
 *
 * A hard error (port unreachable, ...) reaches a connected socket as
 * sk_err, reported by its next send or receive, as on AF_INET.
 *
 * Return: 0, or -ENOENT when no socket sent the quoted datagram.
 */
int xudp_err(struct sk_buff *skb, u32 info)
{
	const struct icmphdr *icmph = icmp_hdr(skb);
	struct net *net = dev_net(skb->dev);
	const int type = icmph->type;
	const int code = icmph->code;
	const struct iphdr *iph;
	const struct udphdr *uh;
	bool harderr = false;
	struct sock *sk;
	int err;

	iph = (const struct iphdr *)skb->data;
	if (!pskb_may_pull(skb, iph->ihl * 4 + sizeof(*uh)))
		return -EINVAL;
	iph = (const struct iphdr *)skb->data;
	uh = (const struct udphdr *)(skb->data + iph->ihl * 4);

	rcu_read_lock();
	sk = __xudp4_lib_lookup(net, iph->daddr, uh->dest, iph->saddr,
				uh->source, skb->dev->ifindex, NULL, NULL);
	if (!sk) {
		rcu_read_unlock();
		__XICMP_INC_STATS(net, ICMP_MIB_INERRORS);
		return -ENOENT;
	}

	switch (type) {
	case ICMP_SOURCE_QUENCH:
	case ICMP_REDIRECT:
		goto out;
	case ICMP_PARAMETERPROB:
		err = EPROTO;
		harderr = true;
		break;
	case ICMP_DEST_UNREACH:
		if (code == ICMP_FRAG_NEEDED) {
			/* Path MTU discovery (RFC 1191). */
			xip_sk_update_pmtu(skb, sk, info);
			if (READ_ONCE(xinet_sk(sk)->pmtudisc) !=
			    IP_PMTUDISC_DONT) {
				err = EMSGSIZE;
				harderr = true;
				break;
			}
			goto out;
		}
		err = EHOSTUNREACH;
		if (code <= NR_ICMP_UNREACH) {
			harderr = icmp_err_convert[code].fatal;
			err = icmp_err_convert[code].errno;
		}
		break;
	case ICMP_TIME_EXCEEDED:
	default:
		err = EHOSTUNREACH;
		break;
	}

	/*
	 * Without IP_RECVERR only hard errors on connected sockets count;
	 * with it every error does, and goes on the error queue as well.
	 */
	if (!xinet_test_bit(RECVERR, sk)) {
		if (!harderr || sk->sk_state != TCP_ESTABLISHED)
			goto out;
	} else {
		xip_icmp_error(sk, skb, err, uh->dest, info, (u8 *)(uh + 1));
	}
	WRITE_ONCE(sk->sk_err, err);
	sk_error_report(sk);
out:
	rcu_read_unlock();
	return 0;
}

static const struct xinet_protocol xudp_protocol = {
	.handler	= xudp_rcv,
	.err_handler	= xudp_err,
};

/* --- socket calls ----------------------------------------------------- */

/* Twin of udp_lib_close(): nothing lingers for a datagram socket. */
static void xudp_lib_close(struct sock *sk, long timeout)
{
	sk_common_release(sk);
}

/**
 * __xudp_disconnect - connect(AF_UNSPEC): dissolve the association (twin
 *	of __udp_disconnect)
 * @sk: the socket, locked
 * @flags: unused
 *
 * A local address or port the user bound stays; what connect() chose
 * goes back.
 *
 * Return: 0
 */
int __xudp_disconnect(struct sock *sk, int flags)
{
	struct xinet_sock *xinet = xinet_sk(sk);

	sock_owned_by_me(sk);
	xinet_sk_state_store(sk, TCP_CLOSE);
	xinet->xinet_daddr = 0;
	xinet->xinet_dport = 0;
	sk->sk_bound_dev_if = 0;
	if (!(sk->sk_userlocks & SOCK_BINDADDR_LOCK)) {
		xinet->xinet_rcv_saddr = 0;
		xinet->xinet_saddr = 0;
		/* Raw and ping sockets share this; they do not rehash. */
		if (sk->sk_prot->rehash &&
		    (sk->sk_userlocks & SOCK_BINDPORT_LOCK))
			sk->sk_prot->rehash(sk);
	}
	if (!(sk->sk_userlocks & SOCK_BINDPORT_LOCK)) {
		sk->sk_prot->unhash(sk);
		xinet->xinet_sport = 0;
	}
	sk_dst_reset(sk);
	return 0;
}

/**
 * xudp_disconnect - __xudp_disconnect() under the socket lock (twin of
 *	udp_disconnect)
 * @sk: the socket
 * @flags: unused
 *
 * Return: 0
 */
int xudp_disconnect(struct sock *sk, int flags)
{
	lock_sock(sk);
	__xudp_disconnect(sk, flags);
	release_sock(sk);
	return 0;
}

/**
 * xudp_abort - the SOCK_DESTROY of sock_diag (twin of udp_abort): the
 *	owner sees @err, the association goes
 * @sk: the socket, referenced
 * @err: the error (ECONNABORTED)
 *
 * Return: 0
 */
int xudp_abort(struct sock *sk, int err)
{
	lock_sock(sk);
	/* An orphan being closed has nobody to tell. */
	if (!sock_flag(sk, SOCK_DEAD)) {
		sk->sk_err = err;
		sk_error_report(sk);
		__xudp_disconnect(sk, 0);
	}
	release_sock(sk);
	return 0;
}

/*
 * Twin of udp_cmsg_send(): the SOL_UDP control messages of a send, of
 * which UDP_SEGMENT (a __u16) is the one there is; others are left to
 * the IP level, which takes none yet.
 */
static int xudp_cmsg_send(struct msghdr *msg, u16 *gso_size)
{
	struct cmsghdr *cmsg;

	for_each_cmsghdr(cmsg, msg) {
		if (!CMSG_OK(msg, cmsg))
			return -EINVAL;
		if (cmsg->cmsg_level != SOL_UDP)
			continue;
		if (cmsg->cmsg_type != UDP_SEGMENT ||
		    cmsg->cmsg_len != CMSG_LEN(sizeof(__u16)))
			return -EINVAL;
		*gso_size = *(__u16 *)CMSG_DATA(cmsg);
	}
	return 0;
}

/*
 * Twin of udp_setsockopt(): SOL_UDP's UDP_SEGMENT and UDP_GRO, the IP
 * level's options otherwise.
 */
static int xudp_setsockopt(struct sock *sk, int level, int optname,
			   sockptr_t optval, unsigned int optlen)
{
	int val;

	if (level != SOL_UDP)
		return xip_setsockopt(sk, level, optname, optval, optlen);
	if (optlen < sizeof(int))
		return -EINVAL;
	if (copy_from_sockptr(&val, optval, sizeof(val)))
		return -EFAULT;
	switch (optname) {
	case UDP_SEGMENT:
		if (val < 0 || val > USHRT_MAX)
			return -EINVAL;
		WRITE_ONCE(xudp_sk(sk)->gso_size, val);
		return 0;
	case UDP_GRO:
		/*
		 * Take GSO packets whole from now on, and say their
		 * segment size; there are no tunnels to enable.
		 */
		xudp_assign_bit(GRO_ENABLED, sk, val);
		xudp_assign_bit(ACCEPT_L4, sk, val);
		return 0;
	default:
		return -ENOPROTOOPT;
	}
}

/* Twin of udp_getsockopt(). */
static int xudp_getsockopt(struct sock *sk, int level, int optname,
			   char __user *optval, int __user *optlen)
{
	int val, len;

	if (level != SOL_UDP)
		return xip_getsockopt(sk, level, optname, optval, optlen);
	if (get_user(len, optlen))
		return -EFAULT;
	if (len < 0)
		return -EINVAL;
	switch (optname) {
	case UDP_SEGMENT:
		val = READ_ONCE(xudp_sk(sk)->gso_size);
		break;
	case UDP_GRO:
		val = xudp_test_bit(GRO_ENABLED, sk);
		break;
	default:
		return -ENOPROTOOPT;
	}
	len = min_t(unsigned int, len, sizeof(int));
	if (put_user(len, optlen) || copy_to_user(optval, &val, len))
		return -EFAULT;
	return 0;
}

/* Twin of udp_sendmsg() without corking; UDP_SEGMENT as udp_send_skb(). */
static int xudp_sendmsg(struct sock *sk, struct msghdr *msg, size_t len)
{
	DECLARE_SOCKADDR(struct sockaddr_xin *, usin, msg->msg_name);
	struct xinet_sock *xinet = xinet_sk(sk);
	struct xip_options_data opt_copy;
	struct net *net = sock_net(sk);
	struct ubuf_info *uarg = NULL;
	struct xflowi4 fl4 = {};
	bool extra_uref = true;
	struct xip_cork cork;
	struct sk_buff *skb;
	struct xrtable rt;
	struct udphdr *uh;
	__be32 daddr;
	__be16 dport;
	unsigned int ulen, hlen, optlen, paged;
	u16 gso_size;
	__wsum csum = 0;
	bool hwcsum;
	int err;

	if (len > 0xffff)
		return -EMSGSIZE;
	if (msg->msg_flags & MSG_OOB)
		return -EOPNOTSUPP;
	gso_size = READ_ONCE(xudp_sk(sk)->gso_size);
	if (msg->msg_controllen) {
		err = xudp_cmsg_send(msg, &gso_size);
		if (err)
			return err;
	}

	if (usin) {
		if (msg->msg_namelen < sizeof(*usin))
			return -EINVAL;
		/* AF_UNSPEC is taken as the family, as AF_INET takes it. */
		if (usin->sxin_family != xinet_family &&
		    usin->sxin_family != AF_UNSPEC)
			return -EAFNOSUPPORT;
		daddr = usin->sxin_addr;
		dport = usin->sxin_port;
		if (!dport)
			return -EINVAL;
	} else {
		if (READ_ONCE(sk->sk_state) != TCP_ESTABLISHED)
			return -EDESTADDRREQ;
		daddr = xinet->xinet_daddr;
		dport = xinet->xinet_dport;
	}
	ulen = len + sizeof(struct udphdr);
	cork.opt = xip_sock_options(sk, &opt_copy);
	optlen = cork.opt ? cork.opt->optlen : 0;

	fl4.oif = READ_ONCE(sk->sk_bound_dev_if);
	fl4.proto = IPPROTO_UDP;
	/* A source route (IP_OPTIONS) goes to its first hop. */
	fl4.daddr = cork.opt && cork.opt->srr ? cork.opt->faddr : daddr;
	fl4.saddr = xinet->xinet_saddr;
	fl4.sport = xinet->xinet_sport;
	fl4.dport = dport;
	/* A connected socket's route is cached, as Linux's sk_dst_cache. */
	err = usin ? xip_route_output(net, &fl4, &rt) :
		     xip_route_output_sk(sk, &fl4, &rt);
	if (err) {
		if (err == -ENETUNREACH)
			XIP_INC_STATS(net, IPSTATS_MIB_OUTNOROUTES);
		return err;
	}
	/* 0.0.0.0 was this host: the route says which address. */
	if (!daddr)
		daddr = fl4.daddr;

	err = -EACCES;
	if (rt.rt_type == RTN_BROADCAST && !sock_flag(sk, SOCK_BROADCAST))
		goto out_rt;
	/*
	 * The socket's MTU: the path's, or the device's for
	 * IP_PMTUDISC_PROBE and above.  A datagram over it whose socket
	 * forbids fragments is refused and, with IP_RECVERR, reported on
	 * the error queue, as ip_append_data() does; the others are
	 * fragmented (xip_sk_frag_cork()).
	 */
	rt.rt_mtu = xip_sk_mtu(sk, &rt);
	err = -EMSGSIZE;
	if (len > XUDP_MAX_PAYLOAD)
		goto out_rt;
	if (gso_size) {
		/* udp_send_skb()'s rules: each datagram fits the MTU. */
		if (sizeof(struct iphdr) + optlen + sizeof(struct udphdr) +
		    min_t(size_t, len, gso_size) > rt.rt_mtu)
			goto out_rt;
		err = -EINVAL;
		if (len > gso_size * UDP_MAX_SEGMENTS || sk->sk_no_check_tx)
			goto out_rt;
		if (len <= gso_size)
			gso_size = 0;	/* one datagram */
	}
	if (gso_size) {
		/* As __ip_make_skb(): DF only when always wanted. */
		cork.df = READ_ONCE(xinet->pmtudisc) == IP_PMTUDISC_DO ||
			  READ_ONCE(xinet->pmtudisc) == IP_PMTUDISC_PROBE;
		cork.ignore_df = 0;
	} else if (ulen + sizeof(struct iphdr) + optlen > rt.rt_mtu &&
		   !xip_sk_ignore_df(sk)) {
		xip_local_error(sk, EMSGSIZE, daddr, xinet->xinet_dport,
				rt.rt_mtu - optlen);
		goto out_rt;
	}
	if (!gso_size) {
		err = xip_sk_frag_cork(sk, &rt,
				       ulen + sizeof(struct iphdr) + optlen,
				       &cork);
		if (err)
			goto out_rt;
	}

	/*
	 * MSG_ZEROCOPY: the datagram is copied, its checksum computed on
	 * the way, as __ip_append_data() does where the device does not
	 * checksum; the notification says so (SO_EE_CODE_ZEROCOPY_COPIED).
	 */
	if ((msg->msg_flags & MSG_ZEROCOPY) && len &&
	    sock_flag(sk, SOCK_ZEROCOPY)) {
		uarg = msg_zerocopy_realloc(sk, len, NULL);
		if (!uarg) {
			err = -ENOBUFS;
			goto out_rt;
		}
		uarg_to_msgzc(uarg)->zerocopy = 0;
	}

	hlen = XIP_HEADROOM(rt.dev) + optlen;
	/*
	 * As __ip_append_data(): the device finishes the checksum when it
	 * can and the datagram goes whole; fragments are summed here.
	 */
	hwcsum = (rt.dev->features & (NETIF_F_HW_CSUM | NETIF_F_IP_CSUM)) &&
		 ulen + sizeof(struct iphdr) + optlen <=
		 min_t(unsigned int, rt.rt_mtu, IP_MAX_MTU);
	/* A GSO datagram's sums are made per segment, by segmentation. */
	hwcsum |= !!gso_size;
	/*
	 * A big datagram goes to page fragments, as __ip_append_data() puts
	 * it on a device that takes them: in one linear buffer it would be
	 * rounded up to the next power of two and weigh twice its size
	 * against the receiver's SO_RCVBUF.
	 */
	paged = hlen + ulen >= SKB_MAX_ALLOC ? len : 0;
	skb = sock_alloc_send_pskb(sk, hlen + ulen - paged, paged,
				   msg->msg_flags & MSG_DONTWAIT, &err,
				   PAGE_ALLOC_COSTLY_ORDER);
	if (!skb) {
		net_zcopy_put_abort(uarg, extra_uref);
		goto out_err;
	}
	/* The skb takes the notification's reference. */
	skb_zcopy_set(skb, uarg, &extra_uref);
	skb_reserve(skb, hlen);
	skb_reset_transport_header(skb);
	uh = skb_put(skb, sizeof(*uh));
	err = 0;
	if (hwcsum) {
		/* The device sums it (udp4_hwcsum()): a plain copy. */
		if (paged) {
			skb->data_len = paged;
			skb->len += paged;
			err = skb_copy_datagram_from_iter(skb, sizeof(*uh),
							  &msg->msg_iter, len);
		} else if (!copy_from_iter_full(skb_put(skb, len), len,
						&msg->msg_iter)) {
			err = -EFAULT;
		}
	} else if (paged) {
		skb->data_len = paged;
		skb->len += paged;
		err = skb_copy_datagram_from_iter(skb, sizeof(*uh),
						  &msg->msg_iter, len);
		if (!err)
			csum = skb_checksum(skb, sizeof(*uh), len, 0);
	} else if (!csum_and_copy_from_iter_full(skb_put(skb, len), len,
						 &csum, &msg->msg_iter)) {
		err = -EFAULT;
	}
	if (err) {
		/* No notification for a datagram never sent. */
		net_zcopy_put_abort(uarg, extra_uref);
		kfree_skb(skb);
		goto out_rt;
	}
	uh->source = xinet->xinet_sport;
	uh->dest = dport;
	uh->len = htons(ulen);
	uh->check = 0;
	if (hwcsum) {
		uh->check = ~csum_tcpudp_magic(fl4.saddr, daddr, ulen,
					       IPPROTO_UDP, 0);
		skb->ip_summed = CHECKSUM_PARTIAL;
		skb->csum_start = skb_transport_header(skb) - skb->head;
		skb->csum_offset = offsetof(struct udphdr, check);
		if (gso_size) {
			skb_shinfo(skb)->gso_size = gso_size;
			skb_shinfo(skb)->gso_type = SKB_GSO_UDP_L4;
			skb_shinfo(skb)->gso_segs = DIV_ROUND_UP(len, gso_size);
		}
	} else {
		csum = csum_partial(uh, sizeof(*uh), csum);
		uh->check = csum_tcpudp_magic(fl4.saddr, daddr, ulen,
					      IPPROTO_UDP, csum);
		if (!uh->check)
			uh->check = CSUM_MANGLED_0;
		skb->ip_summed = CHECKSUM_NONE;
	}
	skb->priority = READ_ONCE(sk->sk_priority);
	skb->mark = READ_ONCE(sk->sk_mark);

	cork.saddr = fl4.saddr;
	cork.daddr = daddr;
	cork.protocol = IPPROTO_UDP;
	cork.ttl = xip_select_ttl(sk);
	cork.tos = xinet->tos;
	err = xip_send_skb(net, skb, &rt, &cork);
	if (err == -ENOBUFS) {
		XUDP_INC_STATS(net, UDP_MIB_SNDBUFERRORS);
		err = 0;
	} else if (!err) {
		XUDP_INC_STATS(net, UDP_MIB_OUTDATAGRAMS);
	}
	xip_rt_put(&rt);
	return err ? err : len;

out_err:
	if (err == -ENOBUFS ||
	    (sk->sk_socket && test_bit(SOCK_NOSPACE, &sk->sk_socket->flags)))
		XUDP_INC_STATS(net, UDP_MIB_SNDBUFERRORS);
out_rt:
	xip_rt_put(&rt);
	return err;
}

/* Twin of udp_recvmsg(); the queued skbs start at the payload. */
static int xudp_recvmsg(struct sock *sk, struct msghdr *msg, size_t len,
			int flags, int *addr_len)
{
	DECLARE_SOCKADDR(struct sockaddr_xin *, sin, msg->msg_name);
	bool peeking = flags & MSG_PEEK;
	unsigned int ulen, copied;
	struct sk_buff *skb;
	int off, err;

	if (flags & MSG_ERRQUEUE)
		return xip_recv_error(sk, msg, len, addr_len);

	off = sk_peek_offset(sk, flags);
	skb = __skb_recv_datagram(sk, &sk->sk_receive_queue, flags, &off,
				  &err);
	if (!skb)
		return err;

	ulen = skb->len;
	copied = len;
	if (copied > ulen - off)
		copied = ulen - off;
	else if (copied < ulen)
		msg->msg_flags |= MSG_TRUNC;

	err = skb_copy_datagram_msg(skb, off, msg, copied);
	if (unlikely(err)) {
		if (!peeking) {
			atomic_inc(&sk->sk_drops);
			XUDP_INC_STATS(sock_net(sk), UDP_MIB_INERRORS);
		}
		kfree_skb(skb);
		return err;
	}
	if (!peeking)
		XUDP_INC_STATS(sock_net(sk), UDP_MIB_INDATAGRAMS);

	sock_recv_cmsgs(msg, sk, skb);

	if (sin) {
		sin->sxin_family = xinet_family;
		sin->sxin_port = udp_hdr(skb)->source;
		sin->sxin_addr = ip_hdr(skb)->saddr;
		memset(sin->__pad, 0, sizeof(sin->__pad));
		*addr_len = sizeof(*sin);
	}

	/* In Linux's order: UDP_GRO's cmsg before the IP level's. */
	if (xudp_test_bit(GRO_ENABLED, sk))
		xudp_cmsg_recv(msg, sk, skb);
	if (xinet_cmsg_flags(sk))
		xip_cmsg_recv(msg, sk, skb);

	err = (flags & MSG_TRUNC) ? ulen : copied;
	/* SO_PEEK_OFF: a peek moves the offset on, a read moves it back. */
	if (peeking)
		sk_peek_offset_fwd(sk, err);
	else
		sk_peek_offset_bwd(sk, err);
	skb_free_datagram(sk, skb);
	return err;
}

/**
 * xudp_poll - poll(2) of UDP sockets (twin of udp_poll)
 * @file: the file
 * @sock: the socket
 * @wait: poll table
 *
 * Checksums are verified before a datagram is queued, so every queued
 * datagram is readable and datagram_poll()'s answer stands: EPOLLIN for
 * a queued datagram, EPOLLOUT while the send buffer has room, EPOLLERR
 * for a pending error (ECONNREFUSED, ...), EPOLLHUP/EPOLLRDHUP after
 * shutdown.
 *
 * Return: the event mask.
 */
__poll_t xudp_poll(struct file *file, struct socket *sock, poll_table *wait)
{
	return datagram_poll(file, sock, wait);
}
EXPORT_SYMBOL_GPL(xudp_poll);

/*
 * Twin of first_packet_length(): the payload of the datagram a read
 * would return, 0 when none is queued.  Checksums were verified before
 * queueing, so the head of the queue is always readable.
 */
static int xudp_first_packet_length(struct sock *sk)
{
	struct sk_buff_head *rcvq = &sk->sk_receive_queue;
	struct sk_buff *skb;
	int len;

	spin_lock_bh(&rcvq->lock);
	skb = skb_peek(rcvq);
	len = skb ? skb->len : 0;
	spin_unlock_bh(&rcvq->lock);
	return len;
}

/**
 * xudp_ioctl - SIOCINQ (FIONREAD) and SIOCOUTQ of UDP sockets (twin of
 *	udp_ioctl)
 * @sk: the socket
 * @cmd: the request
 * @karg: the answer
 *
 * SIOCINQ is the payload length of the next datagram, not the sum of
 * the queue; SIOCOUTQ the bytes sent but not yet freed by the device.
 *
 * Return: 0, or -ENOIOCTLCMD for a request UDP does not answer.
 */
int xudp_ioctl(struct sock *sk, int cmd, int *karg)
{
	switch (cmd) {
	case SIOCOUTQ:
		*karg = sk_wmem_alloc_get(sk);
		return 0;
	case SIOCINQ:
		*karg = xudp_first_packet_length(sk);
		return 0;
	default:
		return -ENOIOCTLCMD;
	}
}
EXPORT_SYMBOL_GPL(xudp_ioctl);

static int xudp_init_sock(struct sock *sk)
{
	return 0;
}

struct proto xudp_prot = {
	.name		= "XUDP",
	.owner		= THIS_MODULE,
	.close		= xudp_lib_close,
	.connect	= xip4_datagram_connect,
	.disconnect	= xudp_disconnect,
	.init		= xudp_init_sock,
	.setsockopt	= xudp_setsockopt,
	.getsockopt	= xudp_getsockopt,
	.sendmsg	= xudp_sendmsg,
	.recvmsg	= xudp_recvmsg,
	.hash		= xudp_lib_hash,
	.unhash		= xudp_lib_unhash,
	.rehash		= xudp_v4_rehash,
	.get_port	= xudp_v4_get_port,
	.diag_destroy	= xudp_abort,
	.obj_size	= sizeof(struct xudp_sock),
};

/* --- /proc/net/xinet/udp ---------------------------------------------- */

/**
 * struct xudp_iter_state - position of a /proc/net/xinet/udp reader
 * @p: the namespace of the file; must be first
 * @bucket: the port-hash slot being listed, locked while a socket of it
 *	is the current position
 */
struct xudp_iter_state {
	struct seq_net_private	p;
	int			bucket;
};

static struct sock *xudp_get_first(struct seq_file *seq, int start)
{
	struct xudp_iter_state *state = seq->private;
	struct xudp_table *t = xudp_table_of(seq_file_net(seq));
	struct sock *sk;

	for (state->bucket = start; state->bucket <= t->mask;
	     state->bucket++) {
		struct xudp_hslot *hslot = &t->hash[state->bucket];

		if (hlist_empty(&hslot->head))
			continue;
		spin_lock_bh(&hslot->lock);
		sk_for_each(sk, &hslot->head) {
			/* sparse: held until ->next() or ->stop() */
			__release(&hslot->lock);
			return sk;
		}
		spin_unlock_bh(&hslot->lock);
	}
	return NULL;
}

static struct sock *xudp_get_next(struct seq_file *seq, struct sock *sk)
{
	struct xudp_iter_state *state = seq->private;
	struct xudp_table *t = xudp_table_of(seq_file_net(seq));

	sk = sk_next(sk);
	if (!sk) {
		/* sparse: taken by xudp_get_first() */
		__acquire(&t->hash[state->bucket].lock);
		spin_unlock_bh(&t->hash[state->bucket].lock);
		return xudp_get_first(seq, state->bucket + 1);
	}
	return sk;
}

static struct sock *xudp_get_idx(struct seq_file *seq, loff_t pos)
{
	struct sock *sk = xudp_get_first(seq, 0);

	while (sk && pos) {
		sk = xudp_get_next(seq, sk);
		pos--;
	}
	return pos ? NULL : sk;
}

static void *xudp_seq_start(struct seq_file *seq, loff_t *pos)
{
	struct xudp_iter_state *state = seq->private;

	state->bucket = XUDP_HTABLE_SIZE_MAX;
	return *pos ? xudp_get_idx(seq, *pos - 1) : SEQ_START_TOKEN;
}

static void *xudp_seq_next(struct seq_file *seq, void *v, loff_t *pos)
{
	++*pos;
	if (v == SEQ_START_TOKEN)
		return xudp_get_idx(seq, 0);
	return xudp_get_next(seq, v);
}

static void xudp_seq_stop(struct seq_file *seq, void *v)
{
	struct xudp_iter_state *state = seq->private;
	struct xudp_table *t = xudp_table_of(seq_file_net(seq));

	if (state->bucket <= t->mask) {
		/* sparse: taken by xudp_get_first() */
		__acquire(&t->hash[state->bucket].lock);
		spin_unlock_bh(&t->hash[state->bucket].lock);
	}
}

/* One line as udp4_format_sock() prints it. */
static void xudp4_format_sock(struct sock *sk, struct seq_file *f, int bucket)
{
	struct xinet_sock *xinet = xinet_sk(sk);

	seq_printf(f, "%5d: %08X:%04X %08X:%04X %02X %08X:%08X %02X:%08lX %08X %5u %8d %lu %d %pK %u",
		   bucket, xinet->xinet_rcv_saddr, ntohs(xinet->xinet_sport),
		   xinet->xinet_daddr, ntohs(xinet->xinet_dport),
		   sk->sk_state, sk_wmem_alloc_get(sk), sk_rmem_alloc_get(sk),
		   0, 0L, 0,
		   from_kuid_munged(seq_user_ns(f), sock_i_uid(sk)),
		   0, sock_i_ino(sk), refcount_read(&sk->sk_refcnt), sk,
		   atomic_read(&sk->sk_drops));
}

static int xudp4_seq_show(struct seq_file *seq, void *v)
{
	seq_setwidth(seq, 127);
	if (v == SEQ_START_TOKEN) {
		seq_puts(seq, "   sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops");
	} else {
		struct xudp_iter_state *state = seq->private;

		xudp4_format_sock(v, seq, state->bucket);
	}
	seq_pad(seq, '\n');
	return 0;
}

static const struct seq_operations xudp_seq_ops = {
	.start	= xudp_seq_start,
	.next	= xudp_seq_next,
	.stop	= xudp_seq_stop,
	.show	= xudp4_seq_show,
};

/* --- tables and registration ------------------------------------------ */

/* Slots per hash: the parameter, or one per 2 MiB of memory as udp_table. */
static unsigned int xudp_table_size(void)
{
	unsigned long n = udp_hash_entries;

	if (!n)
		n = totalram_pages() >> (21 - PAGE_SHIFT);
	n = clamp_t(unsigned long, n, XUDP_HTABLE_SIZE_MIN,
		    XUDP_HTABLE_SIZE_MAX);
	return roundup_pow_of_two(n);
}

static struct xudp_table *xudp_table_alloc(void)
{
	unsigned int i, size = xudp_table_size();
	struct xudp_table *t;

	t = kzalloc(sizeof(*t), GFP_KERNEL);
	if (!t)
		return NULL;
	t->hash = kvmalloc_array(size * 2, sizeof(*t->hash), GFP_KERNEL);
	if (!t->hash) {
		kfree(t);
		return NULL;
	}
	t->hash2 = t->hash + size;
	t->mask = size - 1;
	t->log = ilog2(size);
	t->seed = get_random_u32();
	for (i = 0; i < size; i++) {
		INIT_HLIST_HEAD(&t->hash[i].head);
		t->hash[i].count = 0;
		spin_lock_init(&t->hash[i].lock);
	}
	for (i = 0; i < size; i++) {
		INIT_HLIST_HEAD(&t->hash2[i].head);
		t->hash2[i].count = 0;
		spin_lock_init(&t->hash2[i].lock);
	}
	return t;
}

static void xudp_table_free(struct xudp_table *t)
{
	unsigned int i;

	for (i = 0; i <= t->mask; i++)
		if (!hlist_empty(&t->hash[i].head))
			pr_err("UDP table freed with sockets in slot %u\n", i);
	kvfree(t->hash);
	kfree(t);
}

/**
 * xudp_net_init - a namespace's UDP table and /proc/net/xinet/udp
 * @net: the namespace; its /proc/net/xinet exists
 *
 * Return: 0 or -ENOMEM.
 */
int xudp_net_init(struct net *net)
{
	struct xinet_net *xn = xinet_net(net);

	xn->udp_table = xudp_table_alloc();
	if (!xn->udp_table)
		return -ENOMEM;
	if (!proc_create_net("udp", 0444, xn->proc_dir, &xudp_seq_ops,
			     sizeof(struct xudp_iter_state))) {
		xudp_table_free(xn->udp_table);
		xn->udp_table = NULL;
		return -ENOMEM;
	}
	return 0;
}

/**
 * xudp_net_exit - undo xudp_net_init()
 * @net: the namespace, which has no UDP socket left
 */
void xudp_net_exit(struct net *net)
{
	struct xinet_net *xn = xinet_net(net);

	remove_proc_entry("udp", xn->proc_dir);
	xudp_table_free(xn->udp_table);
	xn->udp_table = NULL;
}

/**
 * xudp_init - register UDP's receive and error handlers (twin of udp_init
 *	and the udp_protocol entry of inet_init)
 *
 * Return: 0 or a negative errno.
 */
int xudp_init(void)
{
	return xinet_add_protocol(&xudp_protocol, IPPROTO_UDP);
}

/**
 * xudp_exit - unregister what xudp_init() registered
 */
void xudp_exit(void)
{
	xinet_del_protocol(&xudp_protocol, IPPROTO_UDP);
}
