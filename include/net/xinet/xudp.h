/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xinet: UDP over AF_XINET, twin of include/net/udp.h and
 * include/linux/udp.h (net/xinet/xudp.c, net/xinet/xdatagram.c).
 */
#ifndef _NET_XINET_XUDP_H
#define _NET_XINET_XUDP_H

#include <linux/poll.h>
#include <linux/skbuff.h>
#include <linux/spinlock.h>
#include <linux/udp.h>
#include <net/xinet/compat.h>
#include <net/xinet/netns.h>
#include <net/xinet/xinet_sock.h>
#include <net/xinet/xip.h>
#include <net/xinet/xnet.h>
#include <net/xinet/xsnmp.h>

/**
 * struct xudp_sock - an AF_XINET UDP socket
 * @xinet: the AF_XINET part; must be first
 * @xudp_flags: XUDP_FLAGS_* bits (twin of udp_sock's udp_flags)
 * @gso_size: UDP_SEGMENT: a send is cut into datagrams of this many
 *	bytes (0: not)
 *
 * The table keys live in struct sock_common, where AF_INET's UDP keeps
 * them (see the xudp_port_hash and friends below).
 */
struct xudp_sock {
	struct xinet_sock	xinet;
	unsigned long		xudp_flags;
	u16			gso_size;
};

/*
 * The socket's UDP flags, as Linux's UDP_FLAGS_* (atomic bit operations:
 * the receive path reads them without the socket lock).
 */
enum {
	XUDP_FLAGS_GRO_ENABLED,	/* UDP_GRO: put the UDP_GRO cmsg */
	XUDP_FLAGS_ACCEPT_L4,	/* queue SKB_GSO_UDP_L4 packets whole */
};

#define xudp_test_bit(nr, sk)			\
	test_bit(XUDP_FLAGS_##nr, &xudp_sk(sk)->xudp_flags)
#define xudp_assign_bit(nr, sk, val)		\
	assign_bit(XUDP_FLAGS_##nr, &xudp_sk(sk)->xudp_flags, val)

/* The local port (host order), key of the port hash. */
#define xudp_port_hash		xinet.sk.__sk_common.skc_u16hashes[0]
/* hash(local address) ^ local port, key of the address+port hash. */
#define xudp_portaddr_hash	xinet.sk.__sk_common.skc_u16hashes[1]
/* Link in the address+port hash chain. */
#define xudp_portaddr_node	xinet.sk.__sk_common.skc_portaddr_node

static inline struct xudp_sock *xudp_sk(const struct sock *sk)
{
	return (struct xudp_sock *)sk;
}

/*
 * Twin of udp_cmsg_recv(): a datagram a UDP_GRO socket got whole from a
 * UDP_SEGMENT send tells its segment size (an int, as Linux's).
 */
static inline void xudp_cmsg_recv(struct msghdr *msg, struct sock *sk,
				  struct sk_buff *skb)
{
	int gso_size;

	if (skb_shinfo(skb)->gso_type & SKB_GSO_UDP_L4) {
		gso_size = skb_shinfo(skb)->gso_size;
		put_cmsg(msg, SOL_UDP, UDP_GRO, sizeof(gso_size), &gso_size);
	}
}

/*
 * Twin of udp_unexpected_gso(): must @sk get the datagrams of the GSO
 * packet @skb one by one?  Only a UDP_GRO socket takes SKB_GSO_UDP_L4
 * packets whole; no xinet socket takes fraglist ones (Linux's tunnels
 * do), and there is no encapsulation socket to ask about.
 */
static inline bool xudp_unexpected_gso(struct sock *sk, struct sk_buff *skb)
{
	if (!skb_is_gso(skb))
		return false;
	if ((skb_shinfo(skb)->gso_type & SKB_GSO_UDP_L4) &&
	    !xudp_test_bit(ACCEPT_L4, sk))
		return true;
	return skb_shinfo(skb)->gso_type & SKB_GSO_FRAGLIST;
}

/*
 * Twin of udp_rcv_segment(): cut the GSO packet @skb, whose data is at
 * its IP header, into its datagrams for @sk, which did not ask for them
 * whole.  The checksums stay undone where they were (CHECKSUM_PARTIAL is
 * a valid checksum to a receiver; xinet has no IP_CHECKSUM-like option
 * asking for the final values).  Consumes @skb.
 *
 * Return: the list of datagrams, data at their IP headers, or NULL when
 * @skb was dropped (each of its datagrams counted in InErrors).
 */
static inline struct sk_buff *xudp_rcv_segment(struct sock *sk,
					       struct sk_buff *skb)
{
	netdev_features_t features = NETIF_F_SG | NETIF_F_IP_CSUM;
	struct net *net = sock_net(sk);
	struct sk_buff *segs, *seg, *next;
	int drop_count;

	/* Only UDP GRO's packets are cut here; UFO's are dropped. */
	if (skb_shinfo(skb)->gso_type & SKB_GSO_UDP) {
		drop_count = 1;
		goto drop;
	}

	/*
	 * The GSO layer finds IPv4's segmentation by the ethertype; xnet
	 * delivered the packet as ETH_P_XINET.
	 */
	skb->protocol = htons(ETH_P_IP);
	segs = __skb_gso_segment(skb, features, false);
	if (IS_ERR_OR_NULL(segs)) {
		drop_count = skb_shinfo(skb)->gso_segs;
		goto drop;
	}
	consume_skb(skb);
	skb_list_walk_safe(segs, seg, next)
		seg->protocol = htons(ETH_P_XINET);
	return segs;

drop:
	atomic_add(drop_count, &sk->sk_drops);
	XUDP_ADD_STATS(net, UDP_MIB_INERRORS, drop_count);
	kfree_skb(skb);
	return NULL;
}

/**
 * struct xudp_hslot - one bucket of a UDP hash (twin of udp_hslot)
 * @head: the sockets; sk_node in the port hash, xudp_portaddr_node in
 *	the address+port hash.  Written under @lock, walked under RCU.
 * @count: number of sockets in @head, written under @lock
 * @lock: serialises writers of @head.  Lock order: a port-hash slot
 *	before an address+port-hash slot; taken with BHs off because the
 *	receive path reads the same chains.
 */
struct xudp_hslot {
	struct hlist_head	head;
	int			count;
	spinlock_t		lock;
} __aligned(2 * sizeof(long));

/**
 * struct xudp_table - the UDP sockets of one namespace (twin of udp_table)
 * @hash: slots by local port
 * @hash2: slots by (local address, local port)
 * @mask: number of slots of each hash, minus one (a power of two minus one)
 * @log: log2 of the number of slots
 * @seed: random key of the address hash and the reuseport flow hash
 */
struct xudp_table {
	struct xudp_hslot	*hash;
	struct xudp_hslot	*hash2;
	unsigned int		mask;
	unsigned int		log;
	u32			seed;
};

/* Largest payload of one datagram: 65535 - IP header - UDP header. */
#define XUDP_MAX_PAYLOAD	(0xffff - sizeof(struct iphdr) - \
				 sizeof(struct udphdr))

/**
 * struct xudp_lookup_stats - what a lookup walked (for the KUnit suite)
 * @visited: chain entries looked at
 */
struct xudp_lookup_stats {
	unsigned int visited;
};

extern struct proto xudp_prot;

struct sock *__xudp4_lib_lookup(const struct net *net, __be32 saddr,
				__be16 sport, __be32 daddr, __be16 dport,
				int dif, struct sk_buff *skb,
				struct xudp_lookup_stats *stats);
int xudp_lib_get_port(struct sock *sk, unsigned short snum);
int xudp_v4_get_port(struct sock *sk, unsigned short snum);
void xudp_lib_unhash(struct sock *sk);
void xudp_lib_rehash(struct sock *sk, u16 newhash);
void xudp_v4_rehash(struct sock *sk);
int __xudp_disconnect(struct sock *sk, int flags);
int xudp_disconnect(struct sock *sk, int flags);
int xudp_abort(struct sock *sk, int err);
struct xudp_table *xudp_table_of(const struct net *net);
__poll_t xudp_poll(struct file *file, struct socket *sock, poll_table *wait);
int xudp_ioctl(struct sock *sk, int cmd, int *karg);
int xudp_rcv(struct sk_buff *skb);
int xudp_err(struct sk_buff *skb, u32 info);

/* net/xinet/xdatagram.c */
int __xip4_datagram_connect(struct sock *sk, struct sockaddr *uaddr,
			    int addr_len);
int xip4_datagram_connect(struct sock *sk, struct sockaddr *uaddr,
			  int addr_len);

int xudp_init(void);
void xudp_exit(void);
int xudp_net_init(struct net *net);
void xudp_net_exit(struct net *net);

#endif /* _NET_XINET_XUDP_H */
