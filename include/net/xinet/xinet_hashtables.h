/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xinet: the TCP socket tables, twin of include/net/inet_hashtables.h
 * (net/xinet/xinet_hashtables.c).
 *
 * One table set, xtcp_hashinfo, serves every namespace, as tcp_hashinfo
 * does; entries of different namespaces are told apart by net_eq().
 *
 *  bhash    port -> struct xinet_bind_bucket -> owners: the full sockets
 *           bound to that port (sk->sk_bind_node) and the TIME_WAIT socks
 *           still holding it (xtw_bind_node).  Written under the bucket's
 *           lock; read under it too (bind and connect are slow paths).
 *  lhash    port -> listening sockets (sk->sk_nulls_node, which a
 *           listener does not use for ehash).  Written under the
 *           bucket's lock, read under RCU (listeners are SOCK_RCU_FREE).
 *  ehash    4-tuple -> established sockets (sk->sk_nulls_node), request
 *           socks (TCP_NEW_SYN_RECV) and TIME_WAIT socks, all of which
 *           start with a struct sock_common and are told apart by
 *           skc_state.  Keyed by xinet_ehashfn() with a per-boot secret.
 *           Written under the bucket's lock from ehash_locks[], read
 *           under RCU: the three kinds live in SLAB_TYPESAFE_BY_RCU
 *           caches, so a reader takes a reference with
 *           refcount_inc_not_zero() and checks the keys again (and the
 *           chain's nulls value, to restart when an entry moved chains).
 *
 * Lock order (outermost first): the socket lock (lock_sock) > a bhash
 * bucket lock > an ehash bucket lock; an lhash bucket lock nests inside
 * the socket lock and never with an ehash lock.  All of them are taken
 * with BHs off (spin_lock_bh), or plain spin_lock from softirq.
 */
#ifndef _NET_XINET_HASHTABLES_H
#define _NET_XINET_HASHTABLES_H

#include <linux/compiler.h>	/* READ_ONCE(), which list_nulls.h uses */
#include <linux/list_nulls.h>
#include <linux/spinlock.h>
#include <linux/skbuff.h>
#include <net/netns/hash.h>
#include <net/sock.h>

/**
 * struct xinet_bind_bucket - one bound port of one namespace (twin of
 *	inet_bind_bucket)
 * @ib_net: the namespace
 * @port: the port, host byte order
 * @fastreuse: 1 when every owner has SO_REUSEADDR and none listens, so a
 *	new SO_REUSEADDR socket may join without the full conflict walk;
 *	-1 while not known (fresh bucket)
 * @fastreuseport: the same for SO_REUSEPORT owners of @fastuid
 * @fastuid: the owner uid of the SO_REUSEPORT fast path
 * @fast_rcv_saddr: the address of the SO_REUSEPORT fast path
 * @node: link in the bhash chain
 * @owners: sockets and TIME_WAIT socks bound to the port
 *
 * Lives while @owners is not empty; freed by xinet_bind_bucket_destroy()
 * under the bhash bucket lock.
 */
struct xinet_bind_bucket {
	possible_net_t		ib_net;
	unsigned short		port;
	signed char		fastreuse;
	signed char		fastreuseport;
	kuid_t			fastuid;
	__be32			fast_rcv_saddr;
	struct hlist_node	node;
	struct hlist_head	owners;
};

/**
 * struct xinet_bind_hashbucket - a bhash chain and its lock
 * @lock: protects @chain and the buckets' owner lists
 * @chain: struct xinet_bind_bucket list
 */
struct xinet_bind_hashbucket {
	spinlock_t		lock;
	struct hlist_head	chain;
};

/**
 * struct xinet_listen_hashbucket - an lhash chain and its lock
 * @lock: protects writers of @nulls_head
 * @nulls_head: listening sockets (sk_nulls_node), RCU
 */
struct xinet_listen_hashbucket {
	spinlock_t		lock;
	struct hlist_nulls_head	nulls_head;
};

/**
 * struct xinet_ehash_bucket - an ehash chain
 * @chain: sockets, request socks and TIME_WAIT socks (skc_nulls_node),
 *	RCU; the nulls value is the bucket index
 */
struct xinet_ehash_bucket {
	struct hlist_nulls_head	chain;
};

/**
 * struct xinet_hashinfo - the TCP tables (twin of inet_hashinfo)
 * @ehash: the established hash, @ehash_mask + 1 buckets
 * @ehash_locks: bucket locks, @ehash_locks_mask + 1 of them, shared by
 *	buckets with the same low bits
 * @ehash_mask: ehash size - 1 (a power of two)
 * @ehash_locks_mask: number of locks - 1
 * @bind_bucket_cachep: the xinet_bind_bucket cache
 * @bhash: the bind hash, @bhash_size buckets
 * @bhash_size: a power of two
 * @lhash: the listening hash, @lhash_mask + 1 buckets, keyed by a
 *	listener's address and port (Linux's lhash2)
 * @lhash_mask: lhash size - 1
 */
struct xinet_hashinfo {
	struct xinet_ehash_bucket	*ehash;
	spinlock_t			*ehash_locks;
	unsigned int			ehash_mask;
	unsigned int			ehash_locks_mask;
	struct kmem_cache		*bind_bucket_cachep;
	struct xinet_bind_hashbucket	*bhash;
	unsigned int			bhash_size;
	struct xinet_listen_hashbucket	*lhash;
	unsigned int			lhash_mask;
};

extern struct xinet_hashinfo xtcp_hashinfo;

static inline struct xinet_ehash_bucket *
xinet_ehash_bucket(const struct xinet_hashinfo *h, unsigned int hash)
{
	return &h->ehash[hash & h->ehash_mask];
}

static inline spinlock_t *xinet_ehash_lockp(const struct xinet_hashinfo *h,
					    unsigned int hash)
{
	return &h->ehash_locks[hash & h->ehash_locks_mask];
}

static inline struct net *ib_net(const struct xinet_bind_bucket *tb)
{
	return read_pnet(&tb->ib_net);
}

/* The bhash chain of @port in @net (twin of inet_bhashfn's use). */
static inline struct xinet_bind_hashbucket *
xinet_bhash_head(const struct xinet_hashinfo *h, const struct net *net,
		 u16 port)
{
	return &h->bhash[(port + net_hash_mix(net)) & (h->bhash_size - 1)];
}

/* Everything below lives in net/xinet/xinet_hashtables.c. */

int xinet_hashinfo_init(struct xinet_hashinfo *h);
void xinet_hashinfo_free(struct xinet_hashinfo *h);

u32 xinet_ehashfn(const struct net *net, __be32 laddr, u16 lport,
		  __be32 faddr, __be16 fport);

struct xinet_bind_bucket *
xinet_bind_bucket_create(struct xinet_hashinfo *h, struct net *net,
			 struct xinet_bind_hashbucket *head,
			 unsigned short snum);
void xinet_bind_bucket_destroy(struct xinet_hashinfo *h,
			       struct xinet_bind_bucket *tb);
void xinet_bind_hash(struct sock *sk, struct xinet_bind_bucket *tb,
		     unsigned short snum);
void xinet_put_port(struct sock *sk);
int __xinet_inherit_port(const struct sock *sk, struct sock *child);

int xinet_hash(struct sock *sk);
void xinet_unhash(struct sock *sk);
bool xinet_ehash_insert(struct sock *sk, struct sock *osk,
			bool *found_dup_sk);
bool xinet_ehash_nolisten(struct sock *sk, struct sock *osk,
			  bool *found_dup_sk);

struct sock *__xinet_lookup_established(const struct net *net,
					struct xinet_hashinfo *h,
					__be32 saddr, __be16 sport,
					__be32 daddr, u16 hnum, int dif);
struct sock *__xinet_lookup_listener(const struct net *net,
				     struct xinet_hashinfo *h,
				     struct sk_buff *skb,
				     __be32 saddr, __be16 sport,
				     __be32 daddr, u16 hnum, int dif);
struct sock *__xinet_lookup_skb(struct xinet_hashinfo *h,
				struct sk_buff *skb, __be16 sport,
				__be16 dport, bool *refcounted);

int xinet_hash_connect(struct sock *sk);

/* TIME_WAIT sockets in the bind table */
struct xinet_timewait_sock;
void xinet_sock_gen_put(struct sock *sk);
void xinet_twsk_bind_hash(struct xinet_timewait_sock *tw, struct sock *sk);
void xinet_twsk_bind_unhash(struct xinet_timewait_sock *tw);

#endif /* _NET_XINET_HASHTABLES_H */
