// SPDX-License-Identifier: GPL-2.0
/*
 * xinet: TIME_WAIT mini-socks, twin of net/ipv4/inet_timewait_sock.c.
 *
 * A TIME_WAIT sock holds three references while it lives: ehash, bhash
 * and its armed timer.  The timer (or a deschedule) unhashes it from both
 * tables and drops them.  Namespace exit purges the namespace's socks,
 * and module exit waits for every one of them, since they do not pin the
 * module as full sockets do.
 */

#include <linux/slab.h>
#include <linux/wait_bit.h>
#include <net/sock.h>
#include <net/tcp_states.h>
#include <net/xinet/netns.h>
#include <net/xinet/xinet_hashtables.h>
#include <net/xinet/xinet_timewait_sock.h>
#include <net/xinet/xtcp.h>

static struct kmem_cache *xinet_twsk_cachep __read_mostly;
/* TIME_WAIT socks allocated and not yet freed, all namespaces. */
static atomic_t xinet_twsk_alive = ATOMIC_INIT(0);

/**
 * xinet_twsk_init - create the TIME_WAIT sock cache
 *
 * Return: 0 or -ENOMEM.
 */
int xinet_twsk_init(void)
{
	xinet_twsk_cachep = kmem_cache_create("xtw_sock_XTCP",
					      sizeof(struct xinet_timewait_sock),
					      0,
					      SLAB_TYPESAFE_BY_RCU |
					      SLAB_HWCACHE_ALIGN, NULL);
	return xinet_twsk_cachep ? 0 : -ENOMEM;
}

/**
 * xinet_twsk_exit - destroy the cache once every TIME_WAIT sock is gone
 */
void xinet_twsk_exit(void)
{
	wait_var_event(&xinet_twsk_alive, !atomic_read(&xinet_twsk_alive));
	rcu_barrier();
	kmem_cache_destroy(xinet_twsk_cachep);
}

/**
 * xinet_twsk_free - free a TIME_WAIT sock whose last reference went
 * @tw: the sock
 */
void xinet_twsk_free(struct xinet_timewait_sock *tw)
{
	/* As tcp_twsk_destructor(): after a grace period. */
	if (tw->tw_md5_key)
		kfree_rcu(tw->tw_md5_key, rcu);
	kmem_cache_free(xinet_twsk_cachep, tw);
	if (atomic_dec_and_test(&xinet_twsk_alive))
		wake_up_var(&xinet_twsk_alive);
}

/**
 * xinet_twsk_put - drop a reference on a TIME_WAIT sock
 * @tw: the sock
 */
void xinet_twsk_put(struct xinet_timewait_sock *tw)
{
	if (refcount_dec_and_test(&tw->xtw_refcnt))
		xinet_twsk_free(tw);
}

/* Out of both tables, then the timer's reference (twin of inet_twsk_kill). */
static void xinet_twsk_kill(struct xinet_timewait_sock *tw)
{
	struct net *net = read_pnet(&tw->xtw_net);
	spinlock_t *lock = xinet_ehash_lockp(&xtcp_hashinfo, tw->xtw_hash);

	spin_lock(lock);
	sk_nulls_del_node_init_rcu((struct sock *)tw);
	spin_unlock(lock);

	xinet_twsk_bind_unhash(tw);
	atomic_dec(&xinet_net(net)->tcp_tw_count);
	xinet_twsk_put(tw);
}

static void xinet_tw_timer_handler(struct timer_list *t)
{
	struct xinet_timewait_sock *tw = from_timer(tw, t, tw_timer);

	xinet_twsk_kill(tw);
}

/**
 * xinet_twsk_alloc - a TIME_WAIT sock for @sk (twin of inet_twsk_alloc)
 * @sk: the socket entering TIME_WAIT or FIN_WAIT_2
 * @state: TCP_TIME_WAIT or TCP_FIN_WAIT2
 *
 * Return: the sock with the identity of @sk, not yet hashed, or NULL
 * when net.xinet.tcp_max_tw_buckets are in use or memory is short.
 */
struct xinet_timewait_sock *xinet_twsk_alloc(const struct sock *sk,
					     const int state)
{
	struct xinet_net *xn = xinet_net(sock_net(sk));
	struct xinet_timewait_sock *tw;

	if (atomic_read(&xn->tcp_tw_count) >=
	    READ_ONCE(xn->sysctl_max_tw_buckets))
		return NULL;

	tw = kmem_cache_alloc(xinet_twsk_cachep, GFP_ATOMIC);
	if (!tw)
		return NULL;
	atomic_inc(&xinet_twsk_alive);

	tw->xtw_daddr = sk->sk_daddr;
	tw->xtw_rcv_saddr = sk->sk_rcv_saddr;
	tw->xtw_bound_dev_if = sk->sk_bound_dev_if;
	tw->xtw_num = sk->sk_num;
	tw->xtw_dport = sk->sk_dport;
	tw->xtw_family = sk->sk_family;
	tw->xtw_reuse = sk->sk_reuse;
	tw->xtw_reuseport = sk->sk_reuseport;
	tw->xtw_hash = sk->sk_hash;
	tw->__tw_common.skc_prot = sk->sk_prot;
	/* The state first: lookups tell the kind of entry by it. */
	tw->xtw_state = TCP_TIME_WAIT;
	tw->tw_substate = state;
	tw->tw_sport = xinet_sk(sk)->xinet_sport;
	tw->tw_tb = NULL;
	tw->tw_rcv_wscale = 0;
	tw->xtw_rcv_nxt = 0;
	tw->xtw_snd_nxt = 0;
	tw->tw_rcv_wnd = 0;
	tw->tw_ts_recent = 0;
	tw->tw_ts_offset = 0;
	tw->tw_tx_delay = 0;
	tw->tw_ts_recent_stamp = 0;
	tw->tw_md5_key = NULL;
	write_pnet(&tw->xtw_net, sock_net(sk));
	timer_setup(&tw->tw_timer, xinet_tw_timer_handler, TIMER_PINNED);
	/* No reference until it is hashed: lookups must not take it yet. */
	refcount_set(&tw->xtw_refcnt, 0);
	return tw;
}

/**
 * xinet_twsk_hashdance_schedule - @tw takes @sk's place in both tables
 *	and its timer starts (twin of inet_twsk_hashdance_schedule)
 * @tw: the new TIME_WAIT sock
 * @sk: the socket it replaces, still bound and hashed
 * @hashinfo: the tables
 * @timeo: jiffies until the TIME_WAIT sock dies
 *
 * Called with BHs off.  @sk stays bound until xtcp_done() puts its port;
 * the bucket survives it because @tw is an owner now.
 */
void xinet_twsk_hashdance_schedule(struct xinet_timewait_sock *tw,
				   struct sock *sk,
				   struct xinet_hashinfo *hashinfo,
				   int timeo)
{
	struct xinet_ehash_bucket *ehead = xinet_ehash_bucket(hashinfo,
							      sk->sk_hash);
	spinlock_t *lock = xinet_ehash_lockp(hashinfo, sk->sk_hash);
	struct net *net = sock_net(sk);

	xinet_twsk_bind_hash(tw, sk);

	spin_lock(lock);
	hlist_nulls_add_head_rcu(&tw->xtw_node, &ehead->chain);
	if (__sk_nulls_del_node_init_rcu(sk))
		sock_prot_inuse_add(net, sk->sk_prot, -1);

	/* Armed under the ehash lock so that a purge cannot miss it. */
	atomic_inc(&xinet_net(net)->tcp_tw_count);
	__XNET_INC_STATS(net, LINUX_MIB_TIMEWAITED);
	mod_timer(&tw->tw_timer, jiffies + timeo);
	/* ehash, bhash and the timer: published last. */
	refcount_set(&tw->xtw_refcnt, 3);
	spin_unlock(lock);
}

/**
 * xinet_twsk_reschedule - restart the death timer of a live TIME_WAIT sock
 * @tw: the sock
 * @timeo: jiffies from now
 */
void xinet_twsk_reschedule(struct xinet_timewait_sock *tw, int timeo)
{
	mod_timer_pending(&tw->tw_timer, jiffies + timeo);
}

/**
 * xinet_twsk_deschedule_put - kill a TIME_WAIT sock now, and drop the
 *	caller's reference (twin of inet_twsk_deschedule_put)
 * @tw: the sock; the caller holds a reference; BHs off or process context
 */
void xinet_twsk_deschedule_put(struct xinet_timewait_sock *tw)
{
	if (del_timer_sync(&tw->tw_timer)) {
		local_bh_disable();
		xinet_twsk_kill(tw);
		local_bh_enable();
	}
	xinet_twsk_put(tw);
}

/**
 * xinet_twsk_purge - kill the TIME_WAIT and request socks of a dying
 *	namespace (twin of inet_twsk_purge)
 * @net: the namespace, with no full socket left
 *
 * Request socks go too: their timers point at code of this module.
 */
void xinet_twsk_purge(struct net *net)
{
	struct xinet_hashinfo *h = &xtcp_hashinfo;
	const struct hlist_nulls_node *node;
	unsigned int slot;
	struct sock *sk;

	for (slot = 0; slot <= h->ehash_mask; slot++) {
		struct xinet_ehash_bucket *head = &h->ehash[slot];

restart_rcu:
		cond_resched();
		rcu_read_lock();
restart:
		sk_nulls_for_each_rcu(sk, node, &head->chain) {
			int state = READ_ONCE(sk->sk_state);

			if ((state != TCP_TIME_WAIT &&
			     state != TCP_NEW_SYN_RECV) ||
			    !net_eq(sock_net(sk), net))
				continue;
			if (unlikely(!refcount_inc_not_zero(&sk->sk_refcnt)))
				continue;
			if (unlikely(!net_eq(sock_net(sk), net) ||
				     READ_ONCE(sk->sk_state) != state)) {
				xinet_sock_gen_put(sk);
				goto restart;
			}
			rcu_read_unlock();
			if (state == TCP_TIME_WAIT) {
				xinet_twsk_deschedule_put(xinet_twsk(sk));
			} else {
				struct xrequest_sock *req = xinet_reqsk(sk);

				local_bh_disable();
				xinet_csk_reqsk_queue_drop_and_put(req->xrsk_listener,
								   req);
				local_bh_enable();
			}
			goto restart_rcu;
		}
		/* Moved to another chain: this one again. */
		if (get_nulls_value(node) != slot)
			goto restart;
		rcu_read_unlock();
	}
}
