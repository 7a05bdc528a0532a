// SPDX-License-Identifier: GPL-2.0
/*
 * xinet: request socks and the accept queue, twin of
 * net/core/request_sock.c and the allocation half of inet_reqsk_alloc().
 *
 * Request socks live in a SLAB_TYPESAFE_BY_RCU cache because ehash
 * readers find them under RCU only: a reader takes a reference with
 * refcount_inc_not_zero() and checks the keys again, so an object may be
 * freed and reused under a reader, but never handed back to the page
 * allocator before a grace period.
 */

#include <linux/slab.h>
#include <net/sock.h>
#include <net/tcp_states.h>
#include <net/xinet/xrequest_sock.h>

static struct kmem_cache *xreqsk_cachep __read_mostly;

/**
 * xreqsk_init - create the request sock cache
 *
 * Return: 0 or -ENOMEM.
 */
int xreqsk_init(void)
{
	/*
	 * Not cache-line aligned, as Linux's request_sock_TCP: the free
	 * pointer of a TYPESAFE_BY_RCU object lives past its 256 bytes,
	 * and aligning the 264 to 320 made each of a SYN flood's
	 * requests cost more than Linux's 312.
	 */
	xreqsk_cachep = kmem_cache_create("XTCP_request_sock",
					  sizeof(struct xrequest_sock), 0,
					  SLAB_TYPESAFE_BY_RCU, NULL);
	return xreqsk_cachep ? 0 : -ENOMEM;
}

/**
 * xreqsk_exit - destroy the cache; every request sock is gone
 */
void xreqsk_exit(void)
{
	/* TYPESAFE_BY_RCU objects may still be read by RCU readers. */
	rcu_barrier();
	kmem_cache_destroy(xreqsk_cachep);
}

/**
 * xreqsk_alloc - a new request sock for a SYN to @sk_listener (twin of
 *	inet_reqsk_alloc)
 * @sk_listener: the listener
 * @attach_listener: hold @sk_listener and point the request at it; false
 *	for the throw-away request of a SYN cookie
 *
 * The request starts in TCP_NEW_SYN_RECV with a zero refcount: it is
 * set when the request enters ehash (xinet_csk_reqsk_queue_hash_add()),
 * so that no lookup can take it before it is complete.
 *
 * Return: the request, or NULL (no memory, or the listener is dying).
 */
struct xrequest_sock *xreqsk_alloc(struct sock *sk_listener,
				   bool attach_listener)
{
	struct xrequest_sock *req;

	req = kmem_cache_alloc(xreqsk_cachep, GFP_ATOMIC | __GFP_NOWARN);
	if (!req)
		return NULL;
	/* The cache is TYPESAFE_BY_RCU: clear only past the RCU-read keys. */
	memset_after(req, 0, __req_common.skc_refcnt);
	req->xrsk_listener = NULL;
	if (attach_listener) {
		if (unlikely(!refcount_inc_not_zero(&sk_listener->sk_refcnt))) {
			kmem_cache_free(xreqsk_cachep, req);
			return NULL;
		}
		req->xrsk_listener = sk_listener;
	}
	req->__req_common.skc_hash = 0;
	req->__req_common.skc_state = TCP_NEW_SYN_RECV;
	req->__req_common.skc_family = sk_listener->sk_family;
	req->__req_common.skc_reuse = 0;
	req->__req_common.skc_bound_dev_if = 0;
	sk_node_init(&xreq_to_sk(req)->sk_node);
	write_pnet(&req->__req_common.skc_net, sock_net(sk_listener));
	refcount_set(&req->xrsk_refcnt, 0);
	req->num_timeout = 0;
	req->num_retrans = 0;
	req->sk = NULL;
	return req;
}

/**
 * __xreqsk_free - free a request sock regardless of its refcount
 * @req: the request; its timer is not armed
 */
void __xreqsk_free(struct xrequest_sock *req)
{
	/* Only the request's owner ever read them. */
	kfree(rcu_dereference_protected(req->ireq_opt, 1));
	kfree(req->saved_syn);
	if (req->xrsk_listener)
		sock_put(req->xrsk_listener);
	kmem_cache_free(xreqsk_cachep, req);
}

/**
 * xreqsk_free - free a request sock whose last reference is gone
 * @req: the request
 */
void xreqsk_free(struct xrequest_sock *req)
{
	WARN_ON_ONCE(refcount_read(&req->xrsk_refcnt) != 0);
	__xreqsk_free(req);
}

/**
 * xreqsk_put - drop a reference on a request sock
 * @req: the request
 */
void xreqsk_put(struct xrequest_sock *req)
{
	if (refcount_dec_and_test(&req->xrsk_refcnt))
		xreqsk_free(req);
}

/**
 * xreqsk_queue_alloc - initialise a listener's queue (twin of
 *	reqsk_queue_alloc)
 * @queue: the queue
 */
void xreqsk_queue_alloc(struct xrequest_sock_queue *queue)
{
	spin_lock_init(&queue->rskq_lock);
	queue->synflood_warned = 0;
	atomic_set(&queue->qlen, 0);
	atomic_set(&queue->young, 0);
	queue->rskq_accept_head = NULL;
	queue->rskq_accept_tail = NULL;
}

/**
 * xreqsk_queue_remove - take the oldest completed connection (twin of
 *	reqsk_queue_remove)
 * @queue: the listener's queue
 * @parent: the listener, whose sk_ack_backlog counts the queue
 *
 * Return: the request (its child in ->sk, its reference now the
 * caller's), or NULL when the queue is empty.
 */
struct xrequest_sock *xreqsk_queue_remove(struct xrequest_sock_queue *queue,
					  struct sock *parent)
{
	struct xrequest_sock *req;

	spin_lock_bh(&queue->rskq_lock);
	req = queue->rskq_accept_head;
	if (req) {
		sk_acceptq_removed(parent);
		WRITE_ONCE(queue->rskq_accept_head, req->dl_next);
		if (!queue->rskq_accept_head)
			queue->rskq_accept_tail = NULL;
	}
	spin_unlock_bh(&queue->rskq_lock);
	return req;
}
