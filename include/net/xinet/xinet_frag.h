/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xinet: fragment reassembly queues, twin of include/net/inet_frag.h
 * (net/xinet/xinet_fragment.c, xip_fragment.c).
 */
#ifndef _NET_XINET_XINET_FRAG_H
#define _NET_XINET_XINET_FRAG_H

#include <linux/rbtree.h>
#include <linux/refcount.h>
#include <linux/skbuff.h>
#include <linux/spinlock.h>
#include <linux/timer.h>
#include <net/xinet/xip.h>

struct net;

/* Buckets of a namespace's queue table, and of its per-source counters. */
#define XFRAG_HASH_BITS		8
#define XFRAG_PEER_BITS		8

/**
 * struct xfqdir - the fragment queues of one namespace (twin of fqdir)
 * @high_thresh: net.xinet.ipfrag_high_thresh: no new fragment is queued
 *	while @mem is above it
 * @low_thresh: net.xinet.ipfrag_low_thresh: kept for Linux's sysctl
 *	(its bounds tie it to @high_thresh; 6.12 evicts nothing by it)
 * @timeout: net.xinet.ipfrag_time, jiffies a queue may wait for its rest
 * @max_dist: net.xinet.ipfrag_max_dist: fragments from the same source
 *	that may arrive between two of one queue before the queue is
 *	considered stale (0: no check)
 * @net: the namespace
 * @dead: the namespace is going: queues are flushed, none created
 * @lock: protects @hash and the contents of every queue
 * @nqueues: queues in @hash
 * @mem: bytes held: the queues and the truesize of their fragments
 * @hash_rnd: key of the bucket hash
 * @hash: the queues, by (saddr, daddr, id, protocol)
 * @peer_rid: fragments received per source (hashed), the twin of
 *	inet_peer's rid that ipfrag_max_dist measures distance with
 */
struct xfqdir {
	long			high_thresh;
	long			low_thresh;
	int			timeout;
	int			max_dist;
	struct net		*net;
	bool			dead;
	spinlock_t		lock;
	unsigned int		nqueues;
	atomic_long_t		mem;
	u32			hash_rnd;
	struct hlist_head	hash[1 << XFRAG_HASH_BITS];
	atomic_t		peer_rid[1 << XFRAG_PEER_BITS];
};

/**
 * struct xfrag_v4_key - what identifies a datagram (frag_v4_compare_key)
 * @saddr: source address
 * @daddr: destination address
 * @id: IP ID
 * @protocol: transport protocol
 */
struct xfrag_v4_key {
	__be32	saddr;
	__be32	daddr;
	__be16	id;
	u8	protocol;
};

/* Queue flags, as INET_FRAG_*. */
#define XFRAG_FIRST_IN		BIT(0)	/* the fragment at offset 0 came */
#define XFRAG_LAST_IN		BIT(1)	/* the fragment without MF came */
#define XFRAG_COMPLETE		BIT(2)	/* out of the table, done with */
#define XFRAG_DROP		BIT(3)	/* timed out: its skbs are dropped */

/**
 * struct xfrag_queue - one datagram being reassembled (inet_frag_queue
 * and ipq in one, IPv4 being the only user)
 * @node: in the namespace's @hash bucket
 * @key: the datagram
 * @timer: ipfrag_time after the first fragment, the queue expires
 * @fqdir: the namespace's queues
 * @rb_fragments: runs of contiguous fragments, by offset; a run's head
 *	is in the tree, the rest follow it through xfrag_cb's @next_frag
 * @fragments_tail: the fragment that ends furthest
 * @last_run_head: the head of the run @fragments_tail is in
 * @stamp: receive timestamp of the last fragment
 * @len: the datagram's payload length, as far as known
 * @meat: payload bytes received
 * @refcnt: the table and the pending timer each hold one
 * @flags: XFRAG_*
 * @ecn: the ECN codepoints seen, one bit each (ip4_frag_ecn)
 * @max_size: largest fragment, IP header included
 * @max_df_size: largest fragment with DF
 * @iif: ifindex of the last fragment's device
 * @rid: @peer's count at this queue's last fragment
 * @peer: the source's fragment count, or NULL without ipfrag_max_dist
 */
struct xfrag_queue {
	struct hlist_node	node;
	struct xfrag_v4_key	key;
	struct timer_list	timer;
	struct xfqdir		*fqdir;
	struct rb_root		rb_fragments;
	struct sk_buff		*fragments_tail;
	struct sk_buff		*last_run_head;
	ktime_t			stamp;
	int			len;
	int			meat;
	refcount_t		refcnt;
	u8			flags;
	u8			ecn;
	u16			max_size;
	u16			max_df_size;
	int			iif;
	unsigned int		rid;
	atomic_t		*peer;
};

/**
 * struct xfrag_cb - skb->cb of a queued fragment (twin of ipfrag_skb_cb)
 * @h: xinet's IP control block, kept in place
 * @next_frag: the next fragment of the same run
 * @frag_run_len: bytes of the run this fragment heads
 * @offset: the fragment's offset in the datagram
 */
struct xfrag_cb {
	struct xinet_skb_parm	h;
	struct sk_buff		*next_frag;
	int			frag_run_len;
	int			offset;
};

#define XFRAG_CB(skb)	((struct xfrag_cb *)((skb)->cb))

/* xinet_frag_queue_insert() verdicts, as IPFRAG_*. */
enum {
	XIPFRAG_OK,
	XIPFRAG_DUP,
	XIPFRAG_OVERLAP,
};

static inline long xfrag_mem_limit(const struct xfqdir *fqdir)
{
	return atomic_long_read(&fqdir->mem);
}

void xfqdir_init(struct xfqdir *fqdir, struct net *net);
void xfqdir_exit(struct xfqdir *fqdir);
struct xfrag_queue *xinet_frag_find(struct xfqdir *fqdir,
				    const struct xfrag_v4_key *key);
void xinet_frag_kill(struct xfrag_queue *q, int *refs);
void xinet_frag_putn(struct xfrag_queue *q, int refs);
void xinet_frag_queue_flush(struct xfrag_queue *q,
			    enum skb_drop_reason reason);
int xinet_frag_queue_insert(struct xfrag_queue *q, struct sk_buff *skb,
			    int offset, int end);
void *xinet_frag_reasm_prepare(struct xfrag_queue *q, struct sk_buff *skb,
			       struct sk_buff *parent);
void xinet_frag_reasm_finish(struct xfrag_queue *q, struct sk_buff *head,
			     void *reasm_data);
struct sk_buff *xinet_frag_pull_head(struct xfrag_queue *q);
void xip_expire(struct timer_list *t);

int xip_defrag(struct net *net, struct sk_buff *skb);
void xip_frag_init_net(struct net *net);
void xip_frag_exit_net(struct net *net);
long xip_frag_mem(const struct net *net);

#endif /* _NET_XINET_XINET_FRAG_H */
