/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xinet: UDP over AF_XINET, twin of include/net/udp.h and
 * include/linux/udp.h (net/xinet/xudp.c, net/xinet/xdatagram.c).
 */
#ifndef _NET_XINET_XUDP_H
#define _NET_XINET_XUDP_H

#include <linux/poll.h>
#include <linux/spinlock.h>
#include <linux/udp.h>
#include <net/xinet/xinet_sock.h>

/**
 * struct xudp_sock - an AF_XINET UDP socket
 * @xinet: the AF_XINET part; must be first
 * @gso_size: UDP_SEGMENT: a send is cut into datagrams of this many
 *	bytes (0: not)
 *
 * The table keys live in struct sock_common, where AF_INET's UDP keeps
 * them (see the xudp_port_hash and friends below).
 */
struct xudp_sock {
	struct xinet_sock	xinet;
	u16			gso_size;
};

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
