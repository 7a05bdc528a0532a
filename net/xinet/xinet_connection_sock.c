// SPDX-License-Identifier: GPL-2.0
/*
 * xinet: connection-oriented socket machinery, twin of
 * net/ipv4/inet_connection_sock.c: ports (bind conflicts, ephemeral
 * ports), listen, accept, the request socks' timer and the hash dance
 * that turns a request into a child on the accept queue.
 */

#include <linux/module.h>
#include <linux/random.h>
#include <linux/sched/signal.h>
#include <net/netns/hash.h>
#include <net/sock.h>
#include <net/tcp_states.h>
#include <net/xinet/netns.h>
#include <net/xinet/xinet_connection_sock.h>
#include <net/xinet/xroute.h>
#include <net/xinet/xinet_hashtables.h>
#include <net/xinet/xtcp.h>

/*
 * Twin of inet_rcv_saddr_equal() for IPv4 with match_wildcard: two
 * sockets' local addresses clash if equal or if either is the wildcard.
 */
static bool xinet_rcv_saddr_equal(__be32 a, __be32 b)
{
	return a == b || !a || !b;
}

/*
 * Twin of inet_bind_conflict(): does @sk2 (an owner of the port, full
 * socket or TIME_WAIT sock) stop @sk from sharing the port, addresses
 * aside?  @relax: explicit bind (SO_REUSEADDR lets non-listeners share);
 * @reuseport_ok: SO_REUSEPORT of one user may share.
 */
static bool xinet_bind_conflict(const struct sock *sk, const struct sock *sk2,
				kuid_t uid, bool relax, bool reuseport_ok)
{
	int bound_dev_if2;

	if (sk == sk2)
		return false;

	bound_dev_if2 = READ_ONCE(sk2->sk_bound_dev_if);
	if (sk->sk_bound_dev_if && bound_dev_if2 &&
	    sk->sk_bound_dev_if != bound_dev_if2)
		return false;

	if (sk->sk_reuse && sk2->sk_reuse && sk2->sk_state != TCP_LISTEN)
		return !relax || (!reuseport_ok && sk->sk_reuseport &&
				  sk2->sk_reuseport &&
				  (sk2->sk_state == TCP_TIME_WAIT ||
				   uid_eq(uid, sock_i_uid((struct sock *)sk2))));

	return !reuseport_ok || !sk->sk_reuseport || !sk2->sk_reuseport ||
	       (sk2->sk_state != TCP_TIME_WAIT &&
		!uid_eq(uid, sock_i_uid((struct sock *)sk2)));
}

/**
 * xinet_csk_bind_conflict - may @sk join @tb? (twin of
 *	inet_csk_bind_conflict)
 * @sk: the socket
 * @tb: the port's bucket; its bhash chain is locked
 * @relax: see xinet_bind_conflict()
 * @reuseport_ok: see xinet_bind_conflict()
 *
 * All owners belong to @tb's namespace, so no net_eq() is needed.
 *
 * Return: true on a conflict.
 */
bool xinet_csk_bind_conflict(const struct sock *sk,
			     const struct xinet_bind_bucket *tb,
			     bool relax, bool reuseport_ok)
{
	kuid_t uid = sock_i_uid((struct sock *)sk);
	struct sock *sk2;

	lockdep_assert_held(&xinet_bhash_head(&xtcp_hashinfo, ib_net(tb),
					      tb->port)->lock);
	sk_for_each_bound(sk2, &tb->owners) {
		if (!xinet_bind_conflict(sk, sk2, uid, relax, reuseport_ok))
			continue;
		if (xinet_rcv_saddr_equal(sk->sk_rcv_saddr, sk2->sk_rcv_saddr))
			return true;
	}
	return false;
}

/*
 * Twin of inet_csk_update_fastreuse(): the bucket's fast-path summary,
 * which also marks it as made by bind() (>= 0) for xinet_hash_connect().
 */
static void xinet_csk_update_fastreuse(struct xinet_bind_bucket *tb,
				       struct sock *sk)
{
	bool reuse = sk->sk_reuse && sk->sk_state != TCP_LISTEN;

	if (hlist_empty(&tb->owners)) {
		tb->fastreuse = reuse;
		tb->fastreuseport = sk->sk_reuseport ? 1 : 0;
		tb->fastuid = sock_i_uid(sk);
		tb->fast_rcv_saddr = sk->sk_rcv_saddr;
		return;
	}
	if (!reuse)
		tb->fastreuse = 0;
	if (!sk->sk_reuseport)
		tb->fastreuseport = 0;
	else if (tb->fastreuseport < 0)
		tb->fastreuseport = 0;
}

static struct xinet_bind_bucket *
xinet_csk_find_bucket(struct xinet_bind_hashbucket *head,
		      const struct net *net, u16 port)
{
	struct xinet_bind_bucket *tb;

	hlist_for_each_entry(tb, &head->chain, node)
		if (net_eq(ib_net(tb), net) && tb->port == port)
			return tb;
	return NULL;
}

/*
 * Twin of inet_csk_find_open_port(): a free ephemeral port, searched from
 * a random odd offset (xinet_hash_connect() starts on even ones); with
 * SO_REUSEADDR the lower half of the range first.  Returns with the
 * port's chain locked (BHs off), or NULL.
 */
static struct xinet_bind_hashbucket *
xinet_csk_find_open_port(struct sock *sk, struct xinet_bind_bucket **tb_ret,
			 int *port_ret)
{
	struct net *net = sock_net(sk);
	struct xinet_bind_hashbucket *head;
	struct xinet_bind_bucket *tb;
	int i, low, high, attempt_half, port;
	u32 remaining, offset;

	attempt_half = (sk->sk_reuse == SK_CAN_REUSE) ? 1 : 0;
other_half_scan:
	xinet_get_local_port_range(net, &low, &high);
	high++;		/* [32768, 60999] -> [32768, 61000[ */
	if (high - low < 4)
		attempt_half = 0;
	if (attempt_half) {
		int half = low + (((high - low) >> 2) << 1);

		if (attempt_half == 1)
			high = half;
		else
			low = half;
	}
	remaining = high - low;
	if (likely(remaining > 1))
		remaining &= ~1U;

	offset = get_random_u32_below(remaining);
	offset |= 1U;

other_parity_scan:
	port = low + offset;
	for (i = 0; i < remaining; i += 2, port += 2) {
		if (unlikely(port >= high))
			port -= remaining;
		head = xinet_bhash_head(&xtcp_hashinfo, net, port);
		spin_lock_bh(&head->lock);
		tb = xinet_csk_find_bucket(head, net, port);
		if (!tb || !xinet_csk_bind_conflict(sk, tb, false, false)) {
			*tb_ret = tb;
			*port_ret = port;
			/* sparse: held for the caller */
			__release(&head->lock);
			return head;
		}
		spin_unlock_bh(&head->lock);
		cond_resched();
	}

	offset--;
	if (!(offset & 1))
		goto other_parity_scan;

	if (attempt_half == 1) {
		attempt_half = 2;
		goto other_half_scan;
	}
	return NULL;
}

/**
 * xinet_csk_get_port - bind @sk to @snum, or to a free port if 0 (twin of
 *	inet_csk_get_port)
 * @sk: the socket, locked
 * @snum: the port, host order
 *
 * Also called by listen() on a bound socket, to check that it may listen
 * on its port (a listener shares with nobody but SO_REUSEPORT peers).
 *
 * Return: 0 or -EADDRINUSE.
 */
int xinet_csk_get_port(struct sock *sk, unsigned short snum)
{
	struct xinet_hashinfo *h = &xtcp_hashinfo;
	bool reuse = sk->sk_reuse && sk->sk_state != TCP_LISTEN;
	struct xinet_bind_hashbucket *head;
	struct xinet_bind_bucket *tb = NULL;
	struct net *net = sock_net(sk);
	bool found_port = false, created = false;
	int ret = -EADDRINUSE, port = snum;

	sock_owned_by_me(sk);

	if (!port) {
		head = xinet_csk_find_open_port(sk, &tb, &port);
		if (!head)
			return ret;
		/* sparse: xinet_csk_find_open_port() returned it locked */
		__acquire(&head->lock);
		found_port = true;
	} else {
		head = xinet_bhash_head(&xtcp_hashinfo, net, port);
		spin_lock_bh(&head->lock);
		tb = xinet_csk_find_bucket(head, net, port);
	}

	if (!tb) {
		tb = xinet_bind_bucket_create(h, net, head, port);
		if (!tb)
			goto fail_unlock;
		created = true;
	}

	if (!found_port && !hlist_empty(&tb->owners) &&
	    sk->sk_reuse != SK_FORCE_REUSE &&
	    !(tb->fastreuse > 0 && reuse) &&
	    xinet_csk_bind_conflict(sk, tb, true, true))
		goto fail_unlock;

	xinet_csk_update_fastreuse(tb, sk);
	if (!xinet_csk(sk)->icsk_bind_hash)
		xinet_bind_hash(sk, tb, port);
	WARN_ON_ONCE(xinet_csk(sk)->icsk_bind_hash != tb);
	ret = 0;

fail_unlock:
	if (ret && created)
		xinet_bind_bucket_destroy(h, tb);
	spin_unlock_bh(&head->lock);
	return ret;
}

/**
 * xinet_csk_listen_start - make @sk a listener (twin of
 *	inet_csk_listen_start)
 * @sk: the socket, locked, in CLOSE
 *
 * Return: 0, or -EADDRINUSE when the port cannot be listened on.
 */
int xinet_csk_listen_start(struct sock *sk)
{
	struct xinet_connection_sock *icsk = xinet_csk(sk);
	struct xinet_sock *xinet = xinet_sk(sk);
	int err;

	sock_owned_by_me(sk);
	xreqsk_queue_alloc(&icsk->icsk_accept_queue);
	WRITE_ONCE(sk->sk_ack_backlog, 0);
	xinet_csk_delack_init(sk);

	/*
	 * Announced before get_port() validates it: harmless, the socket
	 * enters the listening hash only afterwards.
	 */
	xinet_sk_state_store(sk, TCP_LISTEN);
	err = sk->sk_prot->get_port(sk, xinet->xinet_num);
	if (!err) {
		xinet->xinet_sport = htons(xinet->xinet_num);
		sk_dst_reset(sk);
		err = sk->sk_prot->hash(sk);
		if (likely(!err))
			return 0;
	}
	xinet_sk_state_store(sk, TCP_CLOSE);
	return err;
}

/*
 * A child that will never be accepted: reset its peer and destroy it
 * (twin of inet_child_forget).  The child is bh-locked.
 */
static void xinet_child_forget(struct sock *sk, struct xrequest_sock *req,
			       struct sock *child)
{
	sock_owned_by_me(child);
	/*
	 * A Fast Open child lets go of its request here, under the queue
	 * lock of xinet_csk_reqsk_queue_add() maybe: the accept queue's
	 * reference outlives this one.
	 */
	if (req->tfo_listener && xtcp_sk(child)->fastopen_rsk == req) {
		xtcp_sk(child)->fastopen_rsk = NULL;
		refcount_dec(&req->xrsk_refcnt);
	}
	sk->sk_prot->disconnect(child, O_NONBLOCK);
	/* Whatever disconnect left behind, the child is closed now. */
	if (child->sk_state != TCP_CLOSE) {
		child->sk_prot->unhash(child);
		xinet_sk_state_store(child, TCP_CLOSE);
	}
	if (xinet_csk(child)->icsk_bind_hash)
		xinet_put_port(child);
	sock_orphan(child);
	percpu_counter_inc(&xtcp_orphan_count);
	xinet_csk_destroy_sock(child);
}

/**
 * xinet_csk_listen_stop - a listener closes: reset and free the children
 *	nobody accepted (twin of inet_csk_listen_stop)
 * @sk: the listener, locked, already out of the listening hash
 *
 * Request socks still in ehash find the listener gone at their next
 * timer run, or at the handshake's ACK, and die then.
 */
void xinet_csk_listen_stop(struct sock *sk)
{
	struct xrequest_sock_queue *queue = &xinet_csk(sk)->icsk_accept_queue;
	struct xrequest_sock *req;

	sock_owned_by_me(sk);
	while ((req = xreqsk_queue_remove(queue, sk)) != NULL) {
		struct sock *child = req->sk;

		local_bh_disable();
		bh_lock_sock(child);
		WARN_ON_ONCE(sock_owned_by_user(child));
		sock_hold(child);
		xinet_child_forget(sk, req, child);
		xreqsk_put(req);
		bh_unlock_sock(child);
		local_bh_enable();
		sock_put(child);
		cond_resched();
	}
	WARN_ON_ONCE(sk->sk_ack_backlog);
}

/* Twin of inet_csk_wait_for_connect(); the socket is locked. */
static int xinet_csk_wait_for_connect(struct sock *sk, long timeo)
{
	struct xinet_connection_sock *icsk = xinet_csk(sk);
	DEFINE_WAIT(wait);
	int err;

	sock_owned_by_me(sk);
	for (;;) {
		/* Exclusive: one connection wakes one accept()er. */
		prepare_to_wait_exclusive(sk_sleep(sk), &wait,
					  TASK_INTERRUPTIBLE);
		release_sock(sk);
		if (xreqsk_queue_empty(&icsk->icsk_accept_queue))
			timeo = schedule_timeout(timeo);
		sched_annotate_sleep();
		lock_sock(sk);
		err = 0;
		if (!xreqsk_queue_empty(&icsk->icsk_accept_queue))
			break;
		err = -EINVAL;
		if (sk->sk_state != TCP_LISTEN)
			break;
		err = sock_intr_errno(timeo);
		if (signal_pending(current))
			break;
		err = -EAGAIN;
		if (!timeo)
			break;
	}
	finish_wait(sk_sleep(sk), &wait);
	return err;
}

/**
 * xinet_csk_accept - the next completed connection (twin of
 *	inet_csk_accept)
 * @sk: the listener
 * @arg: flags (O_NONBLOCK) in; error and is_empty out
 *
 * Return: the child socket, or NULL with @arg->err set (-EINVAL for a
 * socket that does not listen, -EAGAIN, -ERESTARTSYS, ...).
 */
struct sock *xinet_csk_accept(struct sock *sk, struct proto_accept_arg *arg)
{
	struct xrequest_sock_queue *queue = &xinet_csk(sk)->icsk_accept_queue;
	struct xrequest_sock *req = NULL;
	struct sock *newsk = NULL;
	int error;

	lock_sock(sk);
	error = -EINVAL;
	if (sk->sk_state != TCP_LISTEN)
		goto out_err;

	if (xreqsk_queue_empty(queue)) {
		long timeo = sock_rcvtimeo(sk, arg->flags & O_NONBLOCK);

		error = -EAGAIN;
		if (!timeo)
			goto out_err;
		error = xinet_csk_wait_for_connect(sk, timeo);
		if (error)
			goto out_err;
	}
	req = xreqsk_queue_remove(queue, sk);
	arg->is_empty = xreqsk_queue_empty(queue);
	newsk = req->sk;
out:
	release_sock(sk);
	if (req)
		xreqsk_put(req);
	return newsk;
out_err:
	arg->err = error;
	goto out;
}

/**
 * xinet_csk_route_req - the route to a request sock's peer (twin of
 *	inet_csk_route_req)
 * @sk: the listener
 * @req: the request
 * @rt: filled with the route; the caller puts it with xip_rt_put()
 *
 * Return: 0 or the lookup's negative errno.
 */
int xinet_csk_route_req(const struct sock *sk, const struct xrequest_sock *req,
			struct xrtable *rt)
{
	struct xflowi4 fl4 = {
		.oif	= req->xir_iif,
		.proto	= IPPROTO_TCP,
		.daddr	= req->xir_rmt_addr,
		.saddr	= req->xir_loc_addr,
		.sport	= htons(req->xir_num),
		.dport	= req->xir_rmt_port,
	};

	return xip_route_output(sock_net(sk), &fl4, rt);
}

/**
 * xinet_csk_clone_lock - the child socket of a completed handshake (twin
 *	of inet_csk_clone_lock)
 * @sk: the listener
 * @req: the request
 * @priority: allocation flags
 *
 * The child copies the listener (options, buffers, the protocol) and
 * takes the connection's identity from @req; it is in SYN_RECV, owns no
 * port yet, has an empty accept queue, and comes bh-locked with two
 * references (one for the tables, one for the caller), as
 * sk_clone_lock() makes it.
 *
 * Return: the child, or NULL.
 */
struct sock *xinet_csk_clone_lock(const struct sock *sk,
				  const struct xrequest_sock *req,
				  const gfp_t priority)
{
	struct sock *newsk = sk_clone_lock(sk, priority);
	struct xinet_connection_sock *newicsk;
	struct xinet_sock *newinet;

	if (!newsk)
		return NULL;

	newicsk = xinet_csk(newsk);
	newinet = xinet_sk(newsk);
	xinet_sk_state_store(newsk, TCP_SYN_RECV);
	newicsk->icsk_bind_hash = NULL;

	newinet->xinet_dport = req->xir_rmt_port;
	newinet->xinet_num = req->xir_num;
	newinet->xinet_sport = htons(req->xir_num);
	newinet->xinet_daddr = req->xir_rmt_addr;
	newinet->xinet_rcv_saddr = req->xir_loc_addr;
	newinet->xinet_saddr = req->xir_loc_addr;
	newsk->sk_bound_dev_if = req->xir_iif;
	atomic_set(&newinet->xinet_id, get_random_u16());
	/* The listener's IP_OPTIONS and cached route stay the listener's. */
	RCU_INIT_POINTER(newinet->xinet_opt, NULL);
	RCU_INIT_POINTER(newinet->rt_cache, NULL);

	/* Listeners are SOCK_RCU_FREE, their children are not. */
	sock_reset_flag(newsk, SOCK_RCU_FREE);

	newicsk->icsk_retransmits = 0;
	newicsk->icsk_backoff = 0;
	newicsk->icsk_probes_out = 0;
	newicsk->icsk_probes_tstamp = 0;
	/* A child never listens: trap any use of its queue. */
	memset(&newicsk->icsk_accept_queue, 0,
	       sizeof(newicsk->icsk_accept_queue));
	/* Its lock guards the socket's TCP_FASTOPEN_KEY all the same. */
	spin_lock_init(&newicsk->icsk_accept_queue.rskq_lock);
	return newsk;
}

/* Twin of reqsk_queue_unlink(): take @req out of ehash. */
static bool xreqsk_queue_unlink(struct xrequest_sock *req)
{
	struct sock *sk = xreq_to_sk(req);
	bool found = false;

	if (sk_hashed(sk)) {
		spinlock_t *lock = xinet_ehash_lockp(&xtcp_hashinfo,
						     req->xrsk_hash);

		spin_lock(lock);
		found = __sk_nulls_del_node_init_rcu(sk);
		spin_unlock(lock);
	}
	return found;
}

static void xreqsk_queue_removed(struct xrequest_sock_queue *queue,
				 const struct xrequest_sock *req)
{
	if (req->num_timeout == 0)
		atomic_dec(&queue->young);
	atomic_dec(&queue->qlen);
}

static void xreqsk_queue_added(struct xrequest_sock_queue *queue)
{
	atomic_inc(&queue->young);
	atomic_inc(&queue->qlen);
}

/* Twin of __inet_csk_reqsk_queue_drop(). */
static bool __xinet_csk_reqsk_queue_drop(struct sock *sk,
					 struct xrequest_sock *req,
					 bool from_timer)
{
	bool unlinked = xreqsk_queue_unlink(req);

	if (!from_timer && del_timer_sync(&req->xrsk_timer))
		xreqsk_put(req);
	if (unlinked) {
		xreqsk_queue_removed(&xinet_csk(sk)->icsk_accept_queue, req);
		xreqsk_put(req);
	}
	return unlinked;
}

/**
 * xinet_csk_reqsk_queue_drop - forget a request: out of ehash, timer
 *	stopped (twin of inet_csk_reqsk_queue_drop)
 * @sk: its listener
 * @req: the request
 *
 * Return: true when this call took it out of ehash.
 */
bool xinet_csk_reqsk_queue_drop(struct sock *sk, struct xrequest_sock *req)
{
	return __xinet_csk_reqsk_queue_drop(sk, req, false);
}

/**
 * xinet_csk_reqsk_queue_drop_and_put - drop a request and the caller's
 *	reference on it
 * @sk: its listener
 * @req: the request
 */
void xinet_csk_reqsk_queue_drop_and_put(struct sock *sk,
					struct xrequest_sock *req)
{
	xinet_csk_reqsk_queue_drop(sk, req);
	xreqsk_put(req);
}

/**
 * xinet_rtx_syn_ack - resend the SYN-ACK of @req (twin of
 *	inet_rtx_syn_ack and tcp_rtx_synack)
 * @parent: the listener
 * @req: the request
 *
 * Counted as a retransmission (RetransSegs, TCPSynRetrans);
 * xtcp_send_synack() counts those itself once the request has a
 * retransmission or a timeout behind it, this covers the first.
 *
 * Return: 0 or the error of xtcp_send_synack().
 */
int xinet_rtx_syn_ack(const struct sock *parent, struct xrequest_sock *req)
{
	struct net *net = sock_net(parent);
	bool first = !req->num_timeout && !req->num_retrans;
	int err = xtcp_send_synack(parent, req, NULL);

	if (!err) {
		if (first) {
			XTCP_INC_STATS(net, TCP_MIB_RETRANSSEGS);
			XNET_INC_STATS(net, LINUX_MIB_TCPSYNRETRANS);
		}
		req->num_retrans++;
	}
	return err;
}

/* The request's timeout after @req->num_timeout expiries. */
static unsigned long xreqsk_timeout(const struct xrequest_sock *req)
{
	return xinet_backoff_when(XTCP_TIMEOUT_INIT, req->num_timeout,
				  XTCP_RTO_MAX);
}

/*
 * Twin of syn_ack_recalc(): whether the request expires at this timeout
 * and whether the SYN-ACK goes again.  Under TCP_DEFER_ACCEPT a request
 * whose ACK came lives out the deferral, and is quiet until its last
 * timeout: the SYN-ACK then gives the peer a last chance to send data
 * (or its ACK again, which then makes the connection).
 */
static void xsyn_ack_recalc(const struct xrequest_sock *req,
			    int max_syn_ack_retries, u8 defer_accept,
			    bool *expire, bool *resend)
{
	if (!defer_accept) {
		*expire = req->num_timeout >= max_syn_ack_retries;
		*resend = true;
		return;
	}
	*expire = req->num_timeout >= max_syn_ack_retries &&
		  (!req->acked || req->num_timeout >= defer_accept);
	*resend = !req->acked || req->num_timeout >= defer_accept - 1;
}

/*
 * Twin of reqsk_timer_handler(): resend the SYN-ACK with exponential
 * backoff until net.xinet.tcp_synack_retries (or TCP_SYNCNT of the
 * listener) expiries, then drop the request.  When the queue is more
 * than half full of requests that already needed a retransmission (a
 * SYN flood), the old ones get fewer retries so young ones find room.
 */
static void xreqsk_timer_handler(struct timer_list *t)
{
	struct xrequest_sock *req = from_timer(req, t, xrsk_timer);
	struct sock *sk_listener = req->xrsk_listener;
	struct xinet_connection_sock *icsk = xinet_csk(sk_listener);
	struct xrequest_sock_queue *queue = &icsk->icsk_accept_queue;
	struct net *net = sock_net(sk_listener);
	int max_syn_ack_retries, qlen;
	bool expire, resend;

	if (xinet_sk_state_load(sk_listener) != TCP_LISTEN)
		goto drop;

	max_syn_ack_retries = icsk->icsk_syn_retries ? :
		READ_ONCE(xinet_net(net)->sysctl_tcp_synack_retries);
	/*
	 * tcp_synack_retries goes to 255, num_timeout (7 bits) to 127: past
	 * that it would wrap, never expire and miscount the young requests.
	 */
	max_syn_ack_retries = min(max_syn_ack_retries, XTCP_MAX_TCP_SYNCNT);
	qlen = xreqsk_queue_len(queue);
	if ((qlen << 1) > max(8U, READ_ONCE(sk_listener->sk_max_ack_backlog))) {
		int young = xreqsk_queue_len_young(queue) << 1;

		while (max_syn_ack_retries > 2) {
			if (qlen < young)
				break;
			max_syn_ack_retries--;
			young <<= 1;
		}
	}
	xsyn_ack_recalc(req, max_syn_ack_retries,
			READ_ONCE(queue->rskq_defer_accept), &expire, &resend);
	__XNET_INC_STATS(net, LINUX_MIB_TCPTIMEOUTS);

	if (!expire &&
	    (!resend || !xinet_rtx_syn_ack(sk_listener, req) || req->acked)) {
		if (req->num_timeout++ == 0)
			atomic_dec(&queue->young);
		mod_timer(&req->xrsk_timer, jiffies + xreqsk_timeout(req));
		return;
	}
drop:
	__xinet_csk_reqsk_queue_drop(sk_listener, req, true);
	/* The timer's own reference. */
	xreqsk_put(req);
}

/**
 * xinet_csk_reqsk_queue_hash_add - enter a new request in ehash, arm its
 *	timer and count it (twin of inet_csk_reqsk_queue_hash_add)
 * @sk: the listener
 * @req: the request, identity set
 *
 * The request then holds three references: ehash, the timer, and the
 * caller's (dropped when it is done with it).
 *
 * Return: false when another CPU entered the same connection first.
 */
bool xinet_csk_reqsk_queue_hash_add(struct sock *sk, struct xrequest_sock *req)
{
	bool found_dup_sk = false;

	if (!xinet_ehash_insert(xreq_to_sk(req), NULL, &found_dup_sk))
		return false;
	timer_setup(&req->xrsk_timer, xreqsk_timer_handler, TIMER_PINNED);
	mod_timer(&req->xrsk_timer, jiffies + XTCP_TIMEOUT_INIT);
	/* Commit the request before lookups can take references on it. */
	smp_wmb();
	refcount_set(&req->xrsk_refcnt, 2 + 1);
	xreqsk_queue_added(&xinet_csk(sk)->icsk_accept_queue);
	return true;
}

/**
 * xinet_csk_reqsk_queue_add - put a child on the accept queue (twin of
 *	inet_csk_reqsk_queue_add)
 * @sk: the listener
 * @req: the request, whose reference the queue takes over
 * @child: the child, bh-locked
 *
 * Return: @child, or NULL when the listener closed meanwhile (the child
 * was then reset and destroyed).
 */
struct sock *xinet_csk_reqsk_queue_add(struct sock *sk,
				       struct xrequest_sock *req,
				       struct sock *child)
{
	struct xrequest_sock_queue *queue = &xinet_csk(sk)->icsk_accept_queue;

	sock_owned_by_me(child);
	spin_lock(&queue->rskq_lock);
	if (unlikely(sk->sk_state != TCP_LISTEN)) {
		xinet_child_forget(sk, req, child);
		child = NULL;
	} else {
		req->sk = child;
		req->dl_next = NULL;
		if (!queue->rskq_accept_head)
			WRITE_ONCE(queue->rskq_accept_head, req);
		else
			queue->rskq_accept_tail->dl_next = req;
		queue->rskq_accept_tail = req;
		sk_acceptq_added(sk);
	}
	spin_unlock(&queue->rskq_lock);
	return child;
}

/**
 * xinet_csk_complete_hashdance - the request becomes the child on the
 *	accept queue (twin of inet_csk_complete_hashdance)
 * @sk: the listener
 * @child: the child, bh-locked, already in ehash in place of @req when
 *	@own_req
 * @req: the request
 * @own_req: this CPU replaced @req in ehash
 *
 * Return: @child, or NULL (the child was released) when another CPU
 * owns the connection or the listener closed.
 */
struct sock *xinet_csk_complete_hashdance(struct sock *sk, struct sock *child,
					  struct xrequest_sock *req,
					  bool own_req)
{
	if (own_req) {
		xinet_csk_reqsk_queue_drop(req->xrsk_listener, req);
		xreqsk_queue_removed(&xinet_csk(req->xrsk_listener)->icsk_accept_queue,
				     req);
		if (xinet_csk_reqsk_queue_add(sk, req, child))
			return child;
	}
	/* Another CPU owns the request: undo. */
	__acquire(&child->sk_lock.slock);	/* sparse: @child came locked */
	bh_unlock_sock(child);
	sock_put(child);
	return NULL;
}

/**
 * xinet_csk_destroy_sock - free a dead, closed, unhashed socket (twin of
 *	inet_csk_destroy_sock)
 * @sk: the socket, orphaned (SOCK_DEAD) and counted as an orphan
 */
void xinet_csk_destroy_sock(struct sock *sk)
{
	WARN_ON_ONCE(sk->sk_state != TCP_CLOSE);
	WARN_ON_ONCE(!sock_flag(sk, SOCK_DEAD));
	/* It cannot be in a hash table any more. */
	WARN_ON_ONCE(!sk_unhashed(sk));
	/* A socket with a port number must own it in bhash. */
	WARN_ON_ONCE(xinet_sk(sk)->xinet_num && !xinet_csk(sk)->icsk_bind_hash);

	sk->sk_prot->destroy(sk);
	sk_stream_kill_queues(sk);
	percpu_counter_dec(&xtcp_orphan_count);
	sock_put(sk);
}

/**
 * xinet_csk_prepare_forced_close - a child that failed half-way is to be
 *	destroyed (twin of inet_csk_prepare_forced_close)
 * @sk: the child, bh-locked with the references sk_clone_lock() gave
 *
 * Unlocks it, drops the caller's reference, marks it dead and portless;
 * the caller then closes it (xtcp_done()).
 */
void xinet_csk_prepare_forced_close(struct sock *sk)
	__releases(&sk->sk_lock.slock)
{
	sock_owned_by_me(sk);
	bh_unlock_sock(sk);
	sock_put(sk);
	sock_set_flag(sk, SOCK_DEAD);
	percpu_counter_inc(&xtcp_orphan_count);
	xinet_sk(sk)->xinet_num = 0;
}

/**
 * xinet_csk_init_xmit_timers - set the three timers up (twin of
 *	inet_csk_init_xmit_timers)
 * @sk: the socket
 * @retransmit_handler: icsk_retransmit_timer's function
 * @delack_handler: icsk_delack_timer's function
 * @keepalive_handler: sk_timer's function (keepalive, listeners' SYN-ACKs
 *	in Linux before 4.4)
 */
void xinet_csk_init_xmit_timers(struct sock *sk,
				void (*retransmit_handler)(struct timer_list *),
				void (*delack_handler)(struct timer_list *),
				void (*keepalive_handler)(struct timer_list *))
{
	struct xinet_connection_sock *icsk = xinet_csk(sk);

	timer_setup(&icsk->icsk_retransmit_timer, retransmit_handler, 0);
	timer_setup(&icsk->icsk_delack_timer, delack_handler, 0);
	timer_setup(&sk->sk_timer, keepalive_handler, 0);
	icsk->icsk_pending = 0;
	icsk->icsk_ack.pending = 0;
}

/**
 * xinet_csk_clear_xmit_timers - stop the three timers (twin of
 *	inet_csk_clear_xmit_timers); each running one drops its reference
 * @sk: the socket
 */
void xinet_csk_clear_xmit_timers(struct sock *sk)
{
	struct xinet_connection_sock *icsk = xinet_csk(sk);

	icsk->icsk_pending = 0;
	icsk->icsk_ack.pending = 0;
	sk_stop_timer(sk, &icsk->icsk_retransmit_timer);
	sk_stop_timer(sk, &icsk->icsk_delack_timer);
	sk_stop_timer(sk, &sk->sk_timer);
}

/**
 * xinet_csk_clear_xmit_timers_sync - stop the three timers and wait for
 *	a running one (twin of inet_csk_clear_xmit_timers_sync)
 * @sk: the socket, not owned (a running handler takes its lock)
 *
 * For kernel sockets, which hold no reference on their netns: a timer
 * left armed (xinet_csk_clear_xmit_timer() only forgets the event)
 * must not run once the netns is gone.
 */
void xinet_csk_clear_xmit_timers_sync(struct sock *sk)
{
	struct xinet_connection_sock *icsk = xinet_csk(sk);

	sock_not_owned_by_me(sk);
	icsk->icsk_pending = 0;
	icsk->icsk_ack.pending = 0;
	sk_stop_timer_sync(sk, &icsk->icsk_retransmit_timer);
	sk_stop_timer_sync(sk, &icsk->icsk_delack_timer);
	sk_stop_timer_sync(sk, &sk->sk_timer);
}

/**
 * xinet_csk_reset_keepalive_timer - (re)arm sk_timer in @len jiffies
 * @sk: the socket
 * @len: the delay
 */
void xinet_csk_reset_keepalive_timer(struct sock *sk, unsigned long len)
{
	sk_reset_timer(sk, &sk->sk_timer, jiffies + len);
}

/**
 * xinet_csk_delete_keepalive_timer - stop sk_timer
 * @sk: the socket
 */
void xinet_csk_delete_keepalive_timer(struct sock *sk)
{
	sk_stop_timer(sk, &sk->sk_timer);
}
