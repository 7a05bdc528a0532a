// SPDX-License-Identifier: GPL-2.0
/*
 * xinet: the TCP socket tables, twin of net/ipv4/inet_hashtables.c.
 *
 * See include/net/xinet/xinet_hashtables.h for the three tables, what
 * each holds and the locking rules.
 */

#include <linux/cache.h>
#include <linux/jhash.h>
#include <linux/log2.h>
#include <linux/math64.h>
#include <linux/memblock.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/nodemask.h>
#include <linux/random.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include <net/netns/hash.h>
#include <net/sock.h>
#include <net/tcp_states.h>
#include <net/xinet/netns.h>
#include <net/xinet/xinet_hashtables.h>
#include <net/xinet/xsecure_seq.h>
#include <net/xinet/xtcp.h>

/* The tables of every namespace, as tcp_hashinfo. */
struct xinet_hashinfo xtcp_hashinfo;

static unsigned long thash_entries;
module_param(thash_entries, ulong, 0444);
MODULE_PARM_DESC(thash_entries,
		 "TCP established hash buckets (0: one per 128 KiB of memory)");

static u32 xinet_ehash_secret __read_mostly;

/*
 * A listener's lhash bucket, keyed by its address and port as Linux's
 * lhash2 (ipv4_portaddr_hash()): listeners on one port but many
 * addresses spread over the table, and a SYN looks at the bucket of its
 * destination address, then at the wildcard's.
 */
static struct xinet_listen_hashbucket *
xinet_lhash2_head(const struct xinet_hashinfo *h, const struct net *net,
		  __be32 addr, u16 port)
{
	u32 hash = jhash_1word((__force u32)addr, net_hash_mix(net)) ^ port;

	return &h->lhash[hash & h->lhash_mask];
}

static struct xinet_listen_hashbucket *
xinet_lhash2_bucket_sk(const struct xinet_hashinfo *h, const struct sock *sk)
{
	return xinet_lhash2_head(h, sock_net(sk), sk->sk_rcv_saddr,
				 xinet_sk(sk)->xinet_num);
}

/*
 * The bucket count alloc_large_system_hash() gives a table of @bucketsize
 * byte buckets: @numentries if asked for, else one bucket per 2^@scale
 * bytes of memory (counted in whole MiB), at least a page of buckets;
 * rounded up to a power of two and capped at @high_limit, or without a
 * limit at 1/16 of memory.  A module sees neither nr_kernel_pages nor
 * nr_all_pages: totalram_pages() stands for both.  Linux's adaptive
 * scale (for a table with neither a count nor a limit) is left out: no
 * table here is sized that way.
 */
static unsigned long xinet_hash_entries(unsigned long numentries,
					unsigned long bucketsize, int scale,
					unsigned long high_limit)
{
	unsigned long long max = high_limit;

	if (!numentries) {
		numentries = round_up(totalram_pages(), SZ_1M / PAGE_SIZE);
		if (scale > PAGE_SHIFT)
			numentries >>= scale - PAGE_SHIFT;
		else
			numentries <<= PAGE_SHIFT - scale;
		if (numentries * bucketsize < PAGE_SIZE)
			numentries = PAGE_SIZE / bucketsize;
	}
	numentries = roundup_pow_of_two(numentries);
	if (!max)
		max = div_u64((u64)totalram_pages() << PAGE_SHIFT >> 4,
			      bucketsize);
	max = min(max, 0x80000000ULL);
	/* A power of two, as the kernel's ilog2() of the capped count. */
	if (numentries > max)
		numentries = rounddown_pow_of_two(max);
	return numentries;
}

/*
 * The ehash locks inet_ehash_locks_alloc() allocates: two cache lines of
 * them per possible CPU, at least a page of them, a power of two, and
 * no more than there are buckets.
 */
static unsigned long xinet_ehash_locks_count(unsigned long ehash)
{
	unsigned long n;

	n = max(2UL * L1_CACHE_BYTES / sizeof(spinlock_t), 1UL) *
	    num_possible_cpus();
	n = max(n, num_online_nodes() * PAGE_SIZE / sizeof(spinlock_t));
	return min(roundup_pow_of_two(n), ehash);
}

/**
 * xinet_hashinfo_init - allocate the tables (twin of the table part of
 *	tcp_init and inet_hashinfo2_init)
 * @h: the tables
 *
 * Return: 0 or -ENOMEM (nothing left allocated).
 */
int xinet_hashinfo_init(struct xinet_hashinfo *h)
{
	unsigned long ehash, lhash;
	unsigned int i;

	memset(h, 0, sizeof(*h));
	get_random_bytes(&xinet_ehash_secret, sizeof(xinet_ehash_secret));

	/*
	 * The sizes tcp_init() gives Linux's tables: ehash one bucket per
	 * 128 KiB of memory and at most 512K unless thash_entries asks;
	 * bhash as many buckets as ehash, at most 64K; the listening hash
	 * (Linux's lhash2) one per 2 MiB, at most 64K.
	 */
	ehash = xinet_hash_entries(thash_entries, sizeof(*h->ehash), 17,
				   thash_entries ? 0 : 512 * 1024);
	lhash = xinet_hash_entries(thash_entries, sizeof(*h->lhash), 21,
				   64 * 1024);
	h->ehash = kvmalloc_array(ehash, sizeof(*h->ehash), GFP_KERNEL);
	h->ehash_locks_mask = xinet_ehash_locks_count(ehash) - 1;
	h->ehash_locks = kvmalloc_array(h->ehash_locks_mask + 1,
					sizeof(*h->ehash_locks), GFP_KERNEL);
	h->bhash_size = xinet_hash_entries(ehash, 2 * sizeof(*h->bhash), 17,
					   64 * 1024);
	h->bhash = kvmalloc_array(h->bhash_size, sizeof(*h->bhash), GFP_KERNEL);
	h->lhash_mask = lhash - 1;
	h->lhash = kvmalloc_array(lhash, sizeof(*h->lhash), GFP_KERNEL);
	h->bind_bucket_cachep = kmem_cache_create("xtcp_bind_bucket",
						  sizeof(struct xinet_bind_bucket),
						  0, SLAB_HWCACHE_ALIGN, NULL);
	if (!h->ehash || !h->ehash_locks || !h->bhash || !h->lhash ||
	    !h->bind_bucket_cachep) {
		xinet_hashinfo_free(h);
		return -ENOMEM;
	}

	h->ehash_mask = ehash - 1;
	/* The nulls value of a chain is its index: lookups restart on a move. */
	for (i = 0; i < ehash; i++)
		INIT_HLIST_NULLS_HEAD(&h->ehash[i].chain, i);
	for (i = 0; i <= h->ehash_locks_mask; i++)
		spin_lock_init(&h->ehash_locks[i]);
	for (i = 0; i < h->bhash_size; i++) {
		spin_lock_init(&h->bhash[i].lock);
		INIT_HLIST_HEAD(&h->bhash[i].chain);
	}
	for (i = 0; i <= h->lhash_mask; i++) {
		spin_lock_init(&h->lhash[i].lock);
		INIT_HLIST_NULLS_HEAD(&h->lhash[i].nulls_head, i);
	}
	return 0;
}

/**
 * xinet_hashinfo_free - free the tables, which must be empty
 * @h: the tables; any member may be NULL
 */
void xinet_hashinfo_free(struct xinet_hashinfo *h)
{
	kmem_cache_destroy(h->bind_bucket_cachep);
	kvfree(h->lhash);
	kvfree(h->bhash);
	kvfree(h->ehash_locks);
	kvfree(h->ehash);
	memset(h, 0, sizeof(*h));
}

/**
 * xinet_ehashfn - the ehash key of a connection (twin of inet_ehashfn)
 * @net: its namespace
 * @laddr: local address
 * @lport: local port, host order
 * @faddr: remote address
 * @fport: remote port, network order
 *
 * Linux's jhash of the addresses and the remote port, seeded with a
 * per-boot secret so that a remote party cannot aim many connections at
 * one chain; every received segment computes it, so a cheap hash
 * matters.  The local port is added to the hash of the rest, as Linux
 * does since 6.15 ("inet: change lport contribution to inet_ehashfn()"):
 * the remote party does not choose it, and xinet_hash_connect() then
 * hashes once per connect() instead of once per port it tries.
 *
 * Return: the hash.
 */
u32 xinet_ehashfn(const struct net *net, __be32 laddr, u16 lport,
		  __be32 faddr, __be16 fport)
{
	return lport + jhash_3words((__force u32)laddr, (__force u32)faddr,
				    (__force u16)fport,
				    xinet_ehash_secret + net_hash_mix(net));
}

static u32 xinet_sk_ehashfn(const struct sock *sk)
{
	return xinet_ehashfn(sock_net(sk), sk->sk_rcv_saddr, sk->sk_num,
			     sk->sk_daddr, sk->sk_dport);
}

/* Does @sk (full, request or TIME_WAIT) carry this connection? */
static bool xinet_match(const struct net *net, const struct sock *sk,
			__be32 saddr, __be16 sport, __be32 daddr, u16 hnum,
			int dif)
{
	int bound = READ_ONCE(sk->sk_bound_dev_if);

	return sk->sk_daddr == saddr && sk->sk_rcv_saddr == daddr &&
	       sk->sk_dport == sport && sk->sk_num == hnum &&
	       net_eq(sock_net(sk), net) && (!bound || bound == dif);
}

/**
 * xinet_sock_gen_put - drop a reference on any kind of ehash entry (twin
 *	of sock_gen_put)
 * @sk: a full socket, a request sock or a TIME_WAIT sock
 */
void xinet_sock_gen_put(struct sock *sk)
{
	if (!refcount_dec_and_test(&sk->sk_refcnt))
		return;
	if (sk->sk_state == TCP_TIME_WAIT)
		xinet_twsk_free(xinet_twsk(sk));
	else if (sk->sk_state == TCP_NEW_SYN_RECV)
		xreqsk_free(xinet_reqsk(sk));
	else
		sk_free(sk);
}

/**
 * xinet_bind_bucket_create - a new bind bucket for @snum in @net
 * @h: the tables
 * @net: the namespace
 * @head: its bhash chain, locked
 * @snum: the port
 *
 * Return: the bucket, or NULL.
 */
struct xinet_bind_bucket *
xinet_bind_bucket_create(struct xinet_hashinfo *h, struct net *net,
			 struct xinet_bind_hashbucket *head,
			 unsigned short snum)
{
	struct xinet_bind_bucket *tb;

	lockdep_assert_held(&head->lock);
	tb = kmem_cache_alloc(h->bind_bucket_cachep, GFP_ATOMIC);
	if (!tb)
		return NULL;
	write_pnet(&tb->ib_net, net);
	tb->port = snum;
	tb->fastreuse = 0;
	tb->fastreuseport = 0;
	tb->fastuid = GLOBAL_ROOT_UID;
	tb->fast_rcv_saddr = 0;
	INIT_HLIST_HEAD(&tb->owners);
	hlist_add_head(&tb->node, &head->chain);
	return tb;
}

/**
 * xinet_bind_bucket_destroy - free @tb if nobody owns it any more
 * @h: the tables
 * @tb: the bucket; its bhash chain is locked
 */
void xinet_bind_bucket_destroy(struct xinet_hashinfo *h,
			       struct xinet_bind_bucket *tb)
{
	lockdep_assert_held(&xinet_bhash_head(h, ib_net(tb), tb->port)->lock);
	if (hlist_empty(&tb->owners)) {
		__hlist_del(&tb->node);
		kmem_cache_free(h->bind_bucket_cachep, tb);
	}
}

/**
 * xinet_bind_hash - make @sk an owner of @tb (twin of inet_bind_hash)
 * @sk: the socket
 * @tb: the bucket; its bhash chain is locked
 * @snum: the port
 */
void xinet_bind_hash(struct sock *sk, struct xinet_bind_bucket *tb,
		     unsigned short snum)
{
	lockdep_assert_held(&xinet_bhash_head(&xtcp_hashinfo, ib_net(tb),
					      snum)->lock);
	xinet_sk(sk)->xinet_num = snum;
	sk_add_bind_node(sk, &tb->owners);
	xinet_csk(sk)->icsk_bind_hash = tb;
}

/**
 * xinet_put_port - give @sk's port back (twin of inet_put_port)
 * @sk: the socket
 */
void xinet_put_port(struct sock *sk)
{
	struct xinet_hashinfo *h = &xtcp_hashinfo;
	struct xinet_bind_hashbucket *head;
	struct xinet_bind_bucket *tb;

	head = xinet_bhash_head(h, sock_net(sk), xinet_sk(sk)->xinet_num);
	spin_lock_bh(&head->lock);
	tb = xinet_csk(sk)->icsk_bind_hash;
	if (tb) {
		__sk_del_bind_node(sk);
		xinet_csk(sk)->icsk_bind_hash = NULL;
		xinet_sk(sk)->xinet_num = 0;
		xinet_bind_bucket_destroy(h, tb);
	}
	spin_unlock_bh(&head->lock);
}

/**
 * __xinet_inherit_port - the child of a passive open shares its
 *	listener's port (twin of __inet_inherit_port)
 * @sk: the listener
 * @child: the new socket
 *
 * Return: 0 or -ENOENT when the listener lost its port meanwhile.
 */
int __xinet_inherit_port(const struct sock *sk, struct sock *child)
{
	struct xinet_hashinfo *h = &xtcp_hashinfo;
	unsigned short port = xinet_sk(child)->xinet_num;
	struct xinet_bind_hashbucket *head;
	struct xinet_bind_bucket *tb;

	head = xinet_bhash_head(h, sock_net(sk), port);
	spin_lock(&head->lock);
	tb = xinet_csk(sk)->icsk_bind_hash;
	if (unlikely(!tb || tb->port != port)) {
		spin_unlock(&head->lock);
		return -ENOENT;
	}
	xinet_bind_hash(child, tb, port);
	spin_unlock(&head->lock);
	return 0;
}

/*
 * An entry with the same identity as @sk in @sk's chain (locked), so
 * that two CPUs handling the same SYN cannot both insert a request.
 */
static bool xinet_ehash_lookup_by_sk(struct sock *sk,
				     struct hlist_nulls_head *list)
{
	const struct hlist_nulls_node *node;
	struct sock *esk;

	lockdep_assert_held(xinet_ehash_lockp(&xtcp_hashinfo, sk->sk_hash));
	sk_nulls_for_each(esk, node, list) {
		if (esk->sk_hash != sk->sk_hash)
			continue;
		if (xinet_match(sock_net(sk), esk, sk->sk_daddr, sk->sk_dport,
				sk->sk_rcv_saddr, sk->sk_num,
				sk->sk_bound_dev_if))
			return true;
	}
	return false;
}

/**
 * xinet_ehash_insert - put @sk in ehash, in place of @osk if given (twin
 *	of inet_ehash_insert)
 * @sk: a full socket or a request sock with its identity set
 * @osk: the request or TIME_WAIT sock @sk replaces, or NULL
 * @found_dup_sk: if not NULL, refuse when the identity is taken already
 *	and say so here
 *
 * Return: true when @sk is in ehash.  With @osk, false means another CPU
 * removed @osk first (and owns the connection).
 */
bool xinet_ehash_insert(struct sock *sk, struct sock *osk, bool *found_dup_sk)
{
	struct xinet_hashinfo *h = &xtcp_hashinfo;
	struct xinet_ehash_bucket *head;
	spinlock_t *lock;	/* the ehash chain's */
	bool ret = true;

	WARN_ON_ONCE(!sk_unhashed(sk));
	sk->sk_hash = xinet_sk_ehashfn(sk);
	head = xinet_ehash_bucket(h, sk->sk_hash);
	lock = xinet_ehash_lockp(h, sk->sk_hash);

	spin_lock(lock);
	if (osk) {
		WARN_ON_ONCE(sk->sk_hash != osk->sk_hash);
		ret = sk_nulls_del_node_init_rcu(osk);
	} else if (found_dup_sk) {
		*found_dup_sk = xinet_ehash_lookup_by_sk(sk, &head->chain);
		if (*found_dup_sk)
			ret = false;
	}
	if (ret)
		__sk_nulls_add_node_rcu(sk, &head->chain);
	spin_unlock(lock);
	return ret;
}

/**
 * xinet_ehash_nolisten - xinet_ehash_insert() for a full socket; a
 *	socket that cannot go in is destroyed (twin of inet_ehash_nolisten)
 * @sk: the socket
 * @osk: see xinet_ehash_insert()
 * @found_dup_sk: see xinet_ehash_insert()
 *
 * Return: true when @sk is in ehash.
 */
bool xinet_ehash_nolisten(struct sock *sk, struct sock *osk,
			  bool *found_dup_sk)
{
	bool ok = xinet_ehash_insert(sk, osk, found_dup_sk);

	if (ok) {
		sock_prot_inuse_add(sock_net(sk), sk->sk_prot, 1);
	} else {
		percpu_counter_inc(&xtcp_orphan_count);
		xinet_sk_state_store(sk, TCP_CLOSE);
		sock_set_flag(sk, SOCK_DEAD);
		xinet_csk_destroy_sock(sk);
	}
	return ok;
}

/**
 * xinet_hash - enter a socket in its table (twin of inet_hash)
 * @sk: a listener (lhash) or a connection (ehash); CLOSE is not hashed
 *
 * Return: 0.
 */
int xinet_hash(struct sock *sk)
{
	struct xinet_listen_hashbucket *ilb;

	if (sk->sk_state == TCP_CLOSE)
		return 0;
	if (sk->sk_state != TCP_LISTEN) {
		local_bh_disable();
		xinet_ehash_nolisten(sk, NULL, NULL);
		local_bh_enable();
		return 0;
	}

	WARN_ON_ONCE(!sk_unhashed(sk));
	ilb = xinet_lhash2_bucket_sk(&xtcp_hashinfo, sk);
	spin_lock_bh(&ilb->lock);
	/* Listeners are found under RCU alone: free them after a grace period. */
	sock_set_flag(sk, SOCK_RCU_FREE);
	__sk_nulls_add_node_rcu(sk, &ilb->nulls_head);
	sock_prot_inuse_add(sock_net(sk), sk->sk_prot, 1);
	spin_unlock_bh(&ilb->lock);
	return 0;
}

/**
 * xinet_unhash - remove a socket from its table (twin of inet_unhash)
 * @sk: the socket, in LISTEN for lhash, else in ehash or unhashed
 */
void xinet_unhash(struct sock *sk)
{
	struct xinet_hashinfo *h = &xtcp_hashinfo;
	spinlock_t *lock;	/* lhash or ehash chain lock */

	if (sk_unhashed(sk))
		return;

	if (sk->sk_state == TCP_LISTEN) {
		struct xinet_listen_hashbucket *ilb;

		ilb = xinet_lhash2_bucket_sk(h, sk);
		lock = &ilb->lock;
	} else {
		lock = xinet_ehash_lockp(h, sk->sk_hash);
	}
	spin_lock_bh(lock);
	if (__sk_nulls_del_node_init_rcu(sk))
		sock_prot_inuse_add(sock_net(sk), sk->sk_prot, -1);
	spin_unlock_bh(lock);
}

/**
 * __xinet_lookup_established - the ehash entry of a connection (twin of
 *	__inet_lookup_established)
 * @net: the namespace
 * @h: the tables
 * @saddr: remote address
 * @sport: remote port
 * @daddr: local address
 * @hnum: local port, host order
 * @dif: the device the segment came in on
 *
 * Called under rcu_read_lock().
 *
 * Return: a full socket, request sock or TIME_WAIT sock with a
 * reference the caller drops (xinet_sock_gen_put()), or NULL.
 */
struct sock *__xinet_lookup_established(const struct net *net,
					struct xinet_hashinfo *h,
					__be32 saddr, __be16 sport,
					__be32 daddr, u16 hnum, int dif)
{
	u32 hash = xinet_ehashfn(net, daddr, hnum, saddr, sport);
	unsigned int slot = hash & h->ehash_mask;
	struct xinet_ehash_bucket *head = &h->ehash[slot];
	const struct hlist_nulls_node *node;
	struct sock *sk;

begin:
	sk_nulls_for_each_rcu(sk, node, &head->chain) {
		if (sk->sk_hash != hash)
			continue;
		if (!xinet_match(net, sk, saddr, sport, daddr, hnum, dif))
			continue;
		if (unlikely(!refcount_inc_not_zero(&sk->sk_refcnt)))
			return NULL;
		/* The object may have been freed and reused meanwhile. */
		if (unlikely(!xinet_match(net, sk, saddr, sport, daddr, hnum,
					  dif))) {
			xinet_sock_gen_put(sk);
			goto begin;
		}
		return sk;
	}
	/* An entry moved to another chain under us: start again. */
	if (get_nulls_value(node) != slot)
		goto begin;
	return NULL;
}

/*
 * Twin of compute_score(): @sk listens on exactly @daddr (the wildcard
 * in the second pass) and port @hnum of @net; a bound device must be
 * @dif's and scores higher.
 */
static int xinet_listen_score(const struct sock *sk, const struct net *net,
			      u16 hnum, __be32 daddr, int dif)
{
	int bound;

	if (!net_eq(sock_net(sk), net) || sk->sk_num != hnum ||
	    sk->sk_rcv_saddr != daddr)
		return -1;
	bound = READ_ONCE(sk->sk_bound_dev_if);
	if (bound && bound != dif)
		return -1;
	return bound ? 2 : 1;
}

/*
 * Twin of inet_lhash2_lookup(): the best listener on @daddr:@hnum in
 * @ilb; among SO_REUSEPORT listeners of the same score one is chosen by
 * a hash of the 4-tuple, so a connection always reaches the same one.
 */
static struct sock *xinet_lhash2_lookup(const struct net *net,
					struct xinet_listen_hashbucket *ilb,
					__be32 saddr, __be16 sport,
					__be32 daddr, u16 hnum, int dif)
{
	const struct hlist_nulls_node *node;
	struct sock *sk, *result = NULL;
	int score, hiscore = 0;
	unsigned int matches = 0, pick;
	u32 phash;

	sk_nulls_for_each_rcu(sk, node, &ilb->nulls_head) {
		score = xinet_listen_score(sk, net, hnum, daddr, dif);
		if (score > hiscore) {
			hiscore = score;
			result = sk;
			matches = sk->sk_reuseport ? 1 : 0;
		} else if (score == hiscore && score > 0 && sk->sk_reuseport &&
			   result->sk_reuseport) {
			matches++;
		}
	}
	if (matches < 2)
		return result;

	phash = xinet_ehashfn(net, daddr, hnum, saddr, sport);
	pick = reciprocal_scale(phash, matches);
	sk_nulls_for_each_rcu(sk, node, &ilb->nulls_head) {
		if (!sk->sk_reuseport ||
		    xinet_listen_score(sk, net, hnum, daddr, dif) != hiscore)
			continue;
		if (!pick--)
			return sk;
	}
	return result;
}

/**
 * __xinet_lookup_listener - the listener a SYN is for (twin of
 *	__inet_lookup_listener)
 * @net: the namespace
 * @h: the tables
 * @skb: the segment (unused: SO_REUSEPORT groups pick by hash here)
 * @saddr: remote address
 * @sport: remote port
 * @daddr: local address
 * @hnum: local port, host order
 * @dif: the device the segment came in on
 *
 * A listener on @daddr itself wins over one on the wildcard address, as
 * Linux's two lookups of lhash2 give; a bound device, over none.
 * Called under rcu_read_lock(); listeners are SOCK_RCU_FREE, so no
 * reference is taken.
 *
 * Return: the listener, or NULL.
 */
struct sock *__xinet_lookup_listener(const struct net *net,
				     struct xinet_hashinfo *h,
				     struct sk_buff *skb,
				     __be32 saddr, __be16 sport,
				     __be32 daddr, u16 hnum, int dif)
{
	struct sock *result;

	result = xinet_lhash2_lookup(net, xinet_lhash2_head(h, net, daddr, hnum),
				     saddr, sport, daddr, hnum, dif);
	if (result || !daddr)
		return result;
	return xinet_lhash2_lookup(net,
				   xinet_lhash2_head(h, net, htonl(INADDR_ANY), hnum),
				   saddr, sport, htonl(INADDR_ANY), hnum, dif);
}

/**
 * __xinet_lookup_skb - the socket of a received segment (twin of
 *	__inet_lookup_skb)
 * @h: the tables
 * @skb: the segment: IP header at skb_network_header, XTCP_SKB_CB filled
 * @sport: its source port
 * @dport: its destination port
 * @refcounted: set when the result holds a reference
 *
 * Called under rcu_read_lock().
 *
 * Return: the connection's entry, else the listener, else NULL.
 */
struct sock *__xinet_lookup_skb(struct xinet_hashinfo *h,
				struct sk_buff *skb, __be16 sport,
				__be16 dport, bool *refcounted)
{
	const struct iphdr *iph = ip_hdr(skb);
	struct net *net = dev_net(skb->dev);
	int dif = XTCP_SKB_CB(skb)->header.h4.iif;
	u16 hnum = ntohs(dport);
	struct sock *sk;

	sk = __xinet_lookup_established(net, h, iph->saddr, sport,
					iph->daddr, hnum, dif);
	*refcounted = true;
	if (sk)
		return sk;
	*refcounted = false;
	return __xinet_lookup_listener(net, h, skb, iph->saddr, sport,
				       iph->daddr, hnum, dif);
}

/*
 * Twin of tcp_twsk_unique(): may @sk take the identity of @tw?  Only
 * when the peer's timestamps prove old duplicates would be told apart
 * (the connection had timestamps: tw_ts_recent_stamp is set),
 * net.xinet.tcp_tw_reuse allows it (2: loopback only), and the peer's
 * last timestamp is older than a second.  On reuse @sk continues the
 * old sequence space and starts from the old TS.Recent, as Linux does,
 * so that PAWS guards the new connection from the first segment.
 */
static bool xtcp_twsk_unique(struct sock *sk, struct xinet_timewait_sock *tw,
			     bool want_tw)
{
	int reuse = READ_ONCE(xinet_net(sock_net(sk))->sysctl_tcp_tw_reuse);
	time64_t stamp = READ_ONCE(tw->tw_ts_recent_stamp);
	struct xtcp_sock *tp = xtcp_sk(sk);

	if (READ_ONCE(tw->tw_substate) == TCP_FIN_WAIT2)
		reuse = 0;
	if (reuse == 2 && !ipv4_is_loopback(tw->xtw_daddr) &&
	    !ipv4_is_loopback(tw->xtw_rcv_saddr))
		reuse = 0;

	if (stamp && (!want_tw ||
		      (reuse && ktime_get_seconds() > stamp))) {
		if (unlikely(!refcount_inc_not_zero(&tw->xtw_refcnt)))
			return false;
		/*
		 * A socket TCP_REPAIR restores keeps the sequence numbers
		 * and timestamps it was given.
		 */
		if (likely(!tp->repair)) {
			tp->write_seq = tw->xtw_snd_nxt + 65535 + 2;
			if (!tp->write_seq)
				tp->write_seq = 1;
			tp->rx_opt.ts_recent = READ_ONCE(tw->tw_ts_recent);
			tp->rx_opt.ts_recent_stamp = stamp;
		}
		return true;
	}
	return false;
}

/*
 * Is @sk's connection with local port @lport (ehash key @hash) held by a
 * socket that is not in TIME_WAIT?  Then __xinet_check_established()
 * would refuse @lport, and xinet_hash_connect() skips it without taking
 * the port's bind bucket lock or the ehash lock, as Linux 6.15's
 * __inet_hash_connect() does (its check_established() with rcu_lookup).
 * A TIME_WAIT entry, an entry that moved to another chain under the walk,
 * or none: not known, and the locked search decides.  The answer is the
 * locked one's unless the table changes meanwhile, which the locked one
 * would race with as well.  Under rcu_read_lock().
 */
static bool xinet_port_taken_rcu(const struct sock *sk, u16 lport, u32 hash)
{
	struct xinet_hashinfo *h = &xtcp_hashinfo;
	const struct xinet_sock *xinet = xinet_sk(sk);
	unsigned int slot = hash & h->ehash_mask;
	const struct hlist_nulls_node *node;
	const struct sock *sk2;

	sk_nulls_for_each_rcu(sk2, node, &h->ehash[slot].chain) {
		if (sk2->sk_hash != hash ||
		    !xinet_match(sock_net(sk), sk2, xinet->xinet_daddr,
				 xinet->xinet_dport, xinet->xinet_rcv_saddr,
				 lport, sk->sk_bound_dev_if))
			continue;
		return READ_ONCE(sk2->sk_state) != TCP_TIME_WAIT;
	}
	return false;
}

/*
 * Twin of __inet_check_established(): may @sk use local port @lport for
 * its connection?  If so it enters ehash under it (key @hash), replacing
 * a reusable TIME_WAIT sock, which is handed back in @twp.  Called with
 * BHs off.
 */
static int __xinet_check_established(struct sock *sk, u16 lport,
				     struct xinet_timewait_sock **twp,
				     u32 hash)
{
	struct xinet_hashinfo *h = &xtcp_hashinfo;
	struct xinet_sock *xinet = xinet_sk(sk);
	__be32 daddr = xinet->xinet_rcv_saddr;
	__be32 saddr = xinet->xinet_daddr;
	struct net *net = sock_net(sk);
	struct xinet_ehash_bucket *head = xinet_ehash_bucket(h, hash);
	spinlock_t *lock = xinet_ehash_lockp(h, hash);
	struct xinet_timewait_sock *tw = NULL;
	const struct hlist_nulls_node *node;
	struct sock *sk2;

	spin_lock(lock);
	sk_nulls_for_each(sk2, node, &head->chain) {
		if (sk2->sk_hash != hash)
			continue;
		if (!xinet_match(net, sk2, saddr, xinet->xinet_dport, daddr,
				 lport, sk->sk_bound_dev_if))
			continue;
		if (sk2->sk_state == TCP_TIME_WAIT) {
			tw = xinet_twsk(sk2);
			if (xtcp_twsk_unique(sk, tw, !!twp))
				break;
		}
		goto not_unique;
	}

	xinet->xinet_num = lport;
	xinet->xinet_sport = htons(lport);
	sk->sk_hash = hash;
	WARN_ON_ONCE(!sk_unhashed(sk));
	__sk_nulls_add_node_rcu(sk, &head->chain);
	if (tw) {
		sk_nulls_del_node_init_rcu((struct sock *)tw);
		__XNET_INC_STATS(net, LINUX_MIB_TIMEWAITRECYCLED);
	}
	spin_unlock(lock);
	sock_prot_inuse_add(net, sk->sk_prot, 1);

	if (twp)
		*twp = tw;
	else if (tw)
		xinet_twsk_deschedule_put(tw);
	return 0;

not_unique:
	spin_unlock(lock);
	return -EADDRNOTAVAIL;
}

/* TIME_WAIT sock @tw leaves its bind bucket (head locked). */
static void xinet_twsk_bind_unhash_locked(struct xinet_timewait_sock *tw)
{
	struct xinet_bind_bucket *tb = tw->tw_tb;

	if (!tb)
		return;
	lockdep_assert_held(&xinet_bhash_head(&xtcp_hashinfo, ib_net(tb),
					      tb->port)->lock);
	__hlist_del(&tw->xtw_bind_node);
	tw->tw_tb = NULL;
	xinet_bind_bucket_destroy(&xtcp_hashinfo, tb);
	__sock_put((struct sock *)tw);
}

/**
 * xinet_twsk_bind_unhash - @tw gives its port up (twin of
 *	inet_twsk_bind_unhash); BHs off
 * @tw: the TIME_WAIT sock
 */
void xinet_twsk_bind_unhash(struct xinet_timewait_sock *tw)
{
	struct xinet_bind_hashbucket *head;

	head = xinet_bhash_head(&xtcp_hashinfo, read_pnet(&tw->xtw_net),
				tw->xtw_num);
	spin_lock(&head->lock);
	xinet_twsk_bind_unhash_locked(tw);
	spin_unlock(&head->lock);
}

/**
 * xinet_twsk_bind_hash - @tw keeps @sk's port (part of the TIME_WAIT
 *	hash dance); BHs off
 * @tw: the TIME_WAIT sock taking over
 * @sk: the socket going away, still bound
 */
void xinet_twsk_bind_hash(struct xinet_timewait_sock *tw, struct sock *sk)
{
	struct xinet_bind_hashbucket *head;

	head = xinet_bhash_head(&xtcp_hashinfo, sock_net(sk),
				xinet_sk(sk)->xinet_num);
	spin_lock(&head->lock);
	tw->tw_tb = xinet_csk(sk)->icsk_bind_hash;
	WARN_ON_ONCE(!tw->tw_tb);
	if (tw->tw_tb)
		hlist_add_head(&tw->xtw_bind_node, &tw->tw_tb->owners);
	spin_unlock(&head->lock);
}

/* The per-namespace perturbation table of xinet_hash_connect(). */
#define XINET_PERTURB_MASK	(XINET_TABLE_PERTURB_SIZE - 1)

/**
 * xinet_hash_connect - a local port and the ehash entry for a connecting
 *	socket (twin of inet_hash_connect and __inet_hash_connect)
 * @sk: the socket, SYN_SENT, addresses and remote port set
 *
 * A bound socket keeps its port if the 4-tuple is free.  Otherwise the
 * search starts at an offset from a keyed hash of (saddr, daddr, dport)
 * plus a per-namespace perturbation, tries ports of the range's low
 * parity first (bind() takes the other), skips ports bound by bind()
 * and takes ports other connect()s use when the 4-tuple is unique (or
 * held by a TIME_WAIT sock that may be reused).
 *
 * Return: 0, -EADDRNOTAVAIL when every port is taken, -ENOMEM.
 */
int xinet_hash_connect(struct sock *sk)
{
	struct xinet_hashinfo *h = &xtcp_hashinfo;
	struct xinet_sock *xinet = xinet_sk(sk);
	struct xinet_timewait_sock *tw = NULL;
	struct xinet_bind_hashbucket *head;
	struct net *net = sock_net(sk);
	struct xinet_net *xn = xinet_net(net);
	struct xinet_bind_bucket *tb;
	u32 remaining, offset, port_offset, index, hash0;
	int i, low, high, port, ret;
	bool taken;

	/* The ehash key of each port tried is hash0 + port. */
	hash0 = xinet_ehashfn(net, xinet->xinet_rcv_saddr, 0,
			      xinet->xinet_daddr, xinet->xinet_dport);
	if (xinet->xinet_num) {
		local_bh_disable();
		ret = __xinet_check_established(sk, xinet->xinet_num, NULL,
						hash0 + xinet->xinet_num);
		local_bh_enable();
		return ret;
	}

	port_offset = xsecure_tcp_port_offset(xinet->xinet_rcv_saddr,
					      xinet->xinet_daddr,
					      xinet->xinet_dport);
	xinet_get_local_port_range(net, &low, &high);
	high++;		/* [32768, 60999] -> [32768, 61000[ */
	remaining = high - low;
	if (likely(remaining > 1))
		remaining &= ~1U;

	index = port_offset & XINET_PERTURB_MASK;
	offset = READ_ONCE(xn->tcp_port_perturb[index]) +
		 (port_offset >> XINET_TABLE_PERTURB_SHIFT);
	offset %= remaining;
	/* The low parity first; xinet_csk_get_port() favours the other. */
	offset &= ~1U;

other_parity_scan:
	port = low + offset;
	for (i = 0; i < remaining; i += 2, port += 2) {
		if (unlikely(port >= high))
			port -= remaining;
		/*
		 * Most ports of a nearly full range are held by a connection
		 * with this very 4-tuple: refused by the locked check below
		 * as well, they are skipped without its two locks.
		 */
		rcu_read_lock();
		taken = xinet_port_taken_rcu(sk, port, hash0 + port);
		rcu_read_unlock();
		if (taken) {
			cond_resched();
			continue;
		}
		head = xinet_bhash_head(h, net, port);
		spin_lock_bh(&head->lock);

		hlist_for_each_entry(tb, &head->chain, node) {
			if (!net_eq(ib_net(tb), net) || tb->port != port)
				continue;
			/* Made by bind(): never shared with connect(). */
			if (tb->fastreuse >= 0 || tb->fastreuseport >= 0)
				goto next_port;
			WARN_ON_ONCE(hlist_empty(&tb->owners));
			if (!__xinet_check_established(sk, port, &tw,
						       hash0 + port))
				goto ok;
			goto next_port;
		}

		tb = xinet_bind_bucket_create(h, net, head, port);
		if (!tb) {
			spin_unlock_bh(&head->lock);
			return -ENOMEM;
		}
		tb->fastreuse = -1;
		tb->fastreuseport = -1;
		goto ok;
next_port:
		spin_unlock_bh(&head->lock);
		cond_resched();
	}

	offset++;
	if ((offset & 1) && remaining > 1)
		goto other_parity_scan;

	return -EADDRNOTAVAIL;

ok:
	/* Some randomness in the next choice, less under contention. */
	i = max_t(int, i, get_random_u32_below(8) * 2);
	WRITE_ONCE(xn->tcp_port_perturb[index],
		   READ_ONCE(xn->tcp_port_perturb[index]) + i + 2);

	/* The bucket lock is held and BHs are off. */
	xinet_bind_hash(sk, tb, port);
	if (sk_unhashed(sk)) {
		xinet->xinet_sport = htons(port);
		xinet_ehash_nolisten(sk, (struct sock *)tw, NULL);
	}
	if (tw)
		xinet_twsk_bind_unhash_locked(tw);
	spin_unlock(&head->lock);
	if (tw)
		xinet_twsk_deschedule_put(tw);
	local_bh_enable();
	return 0;
}
