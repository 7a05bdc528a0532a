// SPDX-License-Identifier: GPL-2.0
/*
 * xinet: TCP Fast Open (RFC 7413), twin of net/ipv4/tcp_fastopen.c.
 *
 * Server: a SYN with a valid cookie (a siphash of the two addresses
 * under the namespace's key) and data makes a full child socket at once,
 * in SYN_RECV, with the data on its receive queue; the child goes
 * straight to the listener's accept queue, so accept() and read() work
 * before the handshake's ACK comes.  The child keeps its request sock
 * (fastopen_rsk) to retransmit the SYN-ACK from its own timer until the
 * ACK comes.  A SYN with an empty option asks for a cookie: the SYN-ACK
 * carries one.
 *
 * Client: sendmsg(MSG_FASTOPEN) or a write after TCP_FASTOPEN_CONNECT
 * puts the data in the SYN when a cookie for the destination is cached,
 * else the SYN asks for one.  Linux keeps the cookies in tcp_metrics;
 * xinet keeps them in a small per-namespace table keyed by the
 * destination address (XTCP_FASTOPEN_CACHE_SIZE entries, the oldest
 * replaced).  Data the SYN-ACK does not acknowledge is retransmitted
 * after the handshake.
 */

#include <linux/kernel.h>
#include <linux/random.h>
#include <linux/siphash.h>
#include <net/sock.h>
#include <net/tcp_states.h>
#include <net/xinet/af_xinet.h>
#include <net/xinet/compat.h>
#include <net/xinet/netns.h>
#include <net/xinet/xinet_hashtables.h>
#include <net/xinet/xip.h>
#include <net/xinet/xrequest_sock.h>
#include <net/xinet/xsnmp.h>
#include <net/xinet/xtcp.h>

/**
 * xtcp_fastopen_init_net - a namespace's Fast Open defaults (twin of the
 *	Fast Open part of tcp_sk_init)
 * @net: the namespace
 */
void xtcp_fastopen_init_net(struct net *net)
{
	struct xinet_net *xn = xinet_net(net);

	xn->sysctl_tcp_fastopen = XTFO_CLIENT_ENABLE;
	xn->sysctl_tcp_fastopen_blackhole_timeout = 0;
	atomic_set(&xn->tfo_active_disable_times, 0);
	spin_lock_init(&xn->tfo_lock);
	xn->tfo_nkeys = 0;
	xn->tfo_cache_next = 0;
	memset(xn->tfo_cache, 0, sizeof(xn->tfo_cache));
}

/*
 * The keys of @sk's cookies: its own (TCP_FASTOPEN_KEY), else the
 * namespace's, a random primary made at first use as
 * tcp_fastopen_init_key_once() does.  Return: how many.
 */
static int xtcp_fastopen_get_keys(struct sock *sk, siphash_key_t *keys)
{
	struct xrequest_sock_queue *queue = &xinet_csk(sk)->icsk_accept_queue;
	struct xinet_net *xn = xinet_net(sock_net(sk));
	int n;

	spin_lock_bh(&queue->rskq_lock);
	n = queue->fastopen_nkeys;
	memcpy(keys, queue->fastopen_key, n * sizeof(*keys));
	spin_unlock_bh(&queue->rskq_lock);
	if (n)
		return n;

	spin_lock_bh(&xn->tfo_lock);
	if (!xn->tfo_nkeys) {
		get_random_bytes(&xn->tfo_key[0], sizeof(xn->tfo_key[0]));
		xn->tfo_nkeys = 1;
	}
	n = xn->tfo_nkeys;
	memcpy(keys, xn->tfo_key, n * sizeof(*keys));
	spin_unlock_bh(&xn->tfo_lock);
	return n;
}

/**
 * xtcp_fastopen_reset_cipher - set the namespace's keys (twin of
 *	tcp_fastopen_reset_cipher)
 * @net: the namespace
 * @primary: 16 bytes, read as two little-endian u64 as Linux does
 * @backup: 16 bytes or NULL
 */
void xtcp_fastopen_reset_cipher(struct net *net, const u8 *primary,
				const u8 *backup)
{
	struct xinet_net *xn = xinet_net(net);

	spin_lock_bh(&xn->tfo_lock);
	xn->tfo_key[0].key[0] = get_unaligned_le64(primary);
	xn->tfo_key[0].key[1] = get_unaligned_le64(primary + 8);
	xn->tfo_nkeys = 1;
	if (backup) {
		xn->tfo_key[1].key[0] = get_unaligned_le64(backup);
		xn->tfo_key[1].key[1] = get_unaligned_le64(backup + 8);
		xn->tfo_nkeys = 2;
	}
	spin_unlock_bh(&xn->tfo_lock);
}

/* Keys as the byte strings users set them: little-endian u64 pairs. */
static void xtcp_fastopen_keys_to_user(const siphash_key_t *keys, int n,
				       u64 *key)
{
	int i;

	for (i = 0; i < n; i++) {
		put_unaligned_le64(keys[i].key[0], key + i * 2);
		put_unaligned_le64(keys[i].key[1], key + i * 2 + 1);
	}
}

/**
 * xtcp_fastopen_get_cipher - the namespace's keys, without making one
 *	(twin of tcp_fastopen_get_cipher for the namespace)
 * @net: the namespace
 * @key: room for 4 u64, filled little-endian as Linux
 *
 * Return: the number of keys, 0 before any was made or set.
 */
int xtcp_fastopen_get_cipher(struct net *net, u64 *key)
{
	struct xinet_net *xn = xinet_net(net);
	int n;

	spin_lock_bh(&xn->tfo_lock);
	n = xn->tfo_nkeys;
	xtcp_fastopen_keys_to_user(xn->tfo_key, n, key);
	spin_unlock_bh(&xn->tfo_lock);
	return n;
}

/**
 * xtcp_fastopen_set_sk_key - TCP_FASTOPEN_KEY (twin of
 *	tcp_fastopen_reset_cipher for a socket)
 * @sk: the socket
 * @primary: 16 bytes
 * @backup: 16 bytes or NULL
 */
void xtcp_fastopen_set_sk_key(struct sock *sk, const u8 *primary,
			      const u8 *backup)
{
	struct xrequest_sock_queue *queue = &xinet_csk(sk)->icsk_accept_queue;

	spin_lock_bh(&queue->rskq_lock);
	queue->fastopen_key[0].key[0] = get_unaligned_le64(primary);
	queue->fastopen_key[0].key[1] = get_unaligned_le64(primary + 8);
	queue->fastopen_nkeys = 1;
	if (backup) {
		queue->fastopen_key[1].key[0] = get_unaligned_le64(backup);
		queue->fastopen_key[1].key[1] = get_unaligned_le64(backup + 8);
		queue->fastopen_nkeys = 2;
	}
	spin_unlock_bh(&queue->rskq_lock);
}

/**
 * xtcp_fastopen_get_sk_key - a socket's own TCP_FASTOPEN_KEY keys (twin
 *	of tcp_fastopen_get_cipher for a socket)
 * @sk: the socket
 * @key: room for 4 u64
 *
 * Return: the number of keys, 0 when the socket uses the namespace's.
 */
int xtcp_fastopen_get_sk_key(struct sock *sk, u64 *key)
{
	struct xrequest_sock_queue *queue = &xinet_csk(sk)->icsk_accept_queue;
	int n;

	spin_lock_bh(&queue->rskq_lock);
	n = queue->fastopen_nkeys;
	xtcp_fastopen_keys_to_user(queue->fastopen_key, n, key);
	spin_unlock_bh(&queue->rskq_lock);
	return n;
}

/* Twin of __tcp_fastopen_cookie_gen_cipher(): siphash of saddr, daddr. */
static void xtcp_fastopen_cookie_gen_cipher(const struct sk_buff *syn,
					    const siphash_key_t *key,
					    struct xtcp_fastopen_cookie *foc)
{
	const struct iphdr *iph = ip_hdr(syn);

	foc->val64[0] = cpu_to_le64(siphash(&iph->saddr,
					    sizeof(iph->saddr) +
					    sizeof(iph->daddr), key));
	foc->len = XTCP_FASTOPEN_COOKIE_SIZE;
}

/*
 * Twin of tcp_fastopen_cookie_gen_check(): @valid_foc gets the primary
 * key's cookie.  Return: 0 no key matches @orig, 1 the primary, 2 the
 * backup.
 */
static int xtcp_fastopen_cookie_gen_check(struct sock *sk,
					  const struct sk_buff *syn,
					  const struct xtcp_fastopen_cookie *orig,
					  struct xtcp_fastopen_cookie *valid_foc)
{
	struct xtcp_fastopen_cookie search = { .len = -1 };
	struct xtcp_fastopen_cookie *foc = valid_foc;
	siphash_key_t keys[2];
	int i, n, ret = 0;

	n = xtcp_fastopen_get_keys(sk, keys);
	for (i = 0; i < n; i++) {
		xtcp_fastopen_cookie_gen_cipher(syn, &keys[i], foc);
		if (orig && orig->len == foc->len &&
		    !memcmp(orig->val, foc->val, foc->len)) {
			ret = i + 1;
			break;
		}
		foc = &search;
	}
	memzero_explicit(keys, sizeof(keys));
	return ret;
}

/**
 * xtcp_fastopen_add_skb - queue the data (and FIN) of a SYN or SYN-ACK
 *	(twin of tcp_fastopen_add_skb)
 * @sk: the socket, rcv_nxt one past the SYN
 * @skb: the segment; a clone is queued
 */
void xtcp_fastopen_add_skb(struct sock *sk, struct sk_buff *skb)
{
	struct xtcp_sock *tp = xtcp_sk(sk);

	if (XTCP_SKB_CB(skb)->end_seq == tp->rcv_nxt)
		return;
	skb = skb_clone(skb, GFP_ATOMIC);
	if (!skb)
		return;
	skb_dst_drop(skb);
	__skb_pull(skb, xtcp_hdr(skb)->doff * 4);
	xtcp_forced_mem_schedule(sk, skb->truesize);
	skb_set_owner_r(skb, sk);
	XTCP_SKB_CB(skb)->seq++;
	XTCP_SKB_CB(skb)->tcp_flags &= ~XTCPHDR_SYN;
	tp->rcv_nxt = XTCP_SKB_CB(skb)->end_seq;
	__skb_queue_tail(&sk->sk_receive_queue, skb);
	tp->syn_data_acked = 1;
	tp->bytes_received = skb->len;
	if (XTCP_SKB_CB(skb)->tcp_flags & XTCPHDR_FIN)
		xtcp_fin(sk);
}

/*
 * Twin of tcp_fastopen_create_child(): a full child in SYN_RECV, in
 * ehash, its timer resending the SYN-ACK.  Return: the child, bh-locked,
 * with a reference, or NULL.
 */
static struct sock *xtcp_fastopen_create_child(struct sock *sk,
					       struct sk_buff *skb,
					       struct xrequest_sock *req)
{
	struct xrequest_sock_queue *queue = &xinet_csk(sk)->icsk_accept_queue;
	struct xtcp_sock *tp;
	struct sock *child;
	bool own_req;

	req->tfo_listener = 1;
	child = xtcp_v4_syn_recv_sock(sk, skb, req, &own_req);
	if (!child) {
		req->tfo_listener = 0;
		return NULL;
	}
	if (!own_req) {
		__acquire(&child->sk_lock.slock);	/* sparse: came locked */
		bh_unlock_sock(child);
		sock_put(child);
		req->tfo_listener = 0;
		return NULL;
	}

	spin_lock(&queue->rskq_lock);
	queue->fastopen_qlen++;
	spin_unlock(&queue->rskq_lock);

	tp = xtcp_sk(child);
	tp->fastopen_rsk = req;
	/* RFC 7323: the window of a SYN is never scaled. */
	tp->snd_wnd = ntohs(xtcp_hdr(skb)->window);
	tp->max_window = tp->snd_wnd;
	/* The request is not in ehash: the child resends the SYN-ACK. */
	xinet_csk_reset_xmit_timer(child, XICSK_TIME_RETRANS,
				   XTCP_TIMEOUT_INIT, XTCP_RTO_MAX);
	/* One for the accept queue, one for the child's fastopen_rsk. */
	refcount_set(&req->xrsk_refcnt, 2);

	xtcp_init_transfer(child);
	tp->rcv_nxt = XTCP_SKB_CB(skb)->seq + 1;
	xtcp_fastopen_add_skb(child, skb);
	req->rcv_nxt = tp->rcv_nxt;
	tp->rcv_wup = tp->rcv_nxt;
	return child;
}

/* Twin of tcp_fastopen_queue_check(): room for another child. */
static bool xtcp_fastopen_queue_check(struct sock *sk)
{
	struct xrequest_sock_queue *queue = &xinet_csk(sk)->icsk_accept_queue;
	int max_qlen = READ_ONCE(queue->fastopen_max_qlen);

	if (!max_qlen)
		return false;
	if (READ_ONCE(queue->fastopen_qlen) >= max_qlen) {
		__XNET_INC_STATS(sock_net(sk),
				 LINUX_MIB_TCPFASTOPENLISTENOVERFLOW);
		return false;
	}
	return true;
}

/* Twin of tcp_fastopen_no_cookie(); xinet's routes carry no RTAX flag. */
static bool xtcp_fastopen_no_cookie(const struct sock *sk, int flag)
{
	return (READ_ONCE(xinet_net(sock_net(sk))->sysctl_tcp_fastopen) &
		flag) || xtcp_sk(sk)->fastopen_no_cookie;
}

/**
 * xtcp_try_fastopen - Fast Open for a SYN to a listener (twin of
 *	tcp_try_fastopen)
 * @sk: the listener
 * @skb: the SYN
 * @req: its request sock, filled
 * @foc: the SYN's cookie in; out, the cookie for the SYN-ACK (len -1:
 *	none)
 *
 * Return: the child (bh-locked, with a reference) when the SYN's data
 * was accepted, else NULL.
 */
struct sock *xtcp_try_fastopen(struct sock *sk, struct sk_buff *skb,
			       struct xrequest_sock *req,
			       struct xtcp_fastopen_cookie *foc)
{
	bool syn_data = XTCP_SKB_CB(skb)->end_seq != XTCP_SKB_CB(skb)->seq + 1;
	int tfo = READ_ONCE(xinet_net(sock_net(sk))->sysctl_tcp_fastopen);
	struct xtcp_fastopen_cookie valid_foc = { .len = -1 };
	struct net *net = sock_net(sk);
	struct sock *child;
	int ret = 0;

	if (foc->len == 0)
		XNET_INC_STATS(net, LINUX_MIB_TCPFASTOPENCOOKIEREQD);

	if (!((tfo & XTFO_SERVER_ENABLE) && (syn_data || foc->len >= 0) &&
	      xtcp_fastopen_queue_check(sk))) {
		foc->len = -1;
		return NULL;
	}

	if (xtcp_fastopen_no_cookie(sk, XTFO_SERVER_COOKIE_NOT_REQD))
		goto fastopen;

	if (foc->len == 0) {
		xtcp_fastopen_cookie_gen_check(sk, skb, NULL, &valid_foc);
	} else if (foc->len > 0) {
		ret = xtcp_fastopen_cookie_gen_check(sk, skb, foc, &valid_foc);
		if (!ret) {
			XNET_INC_STATS(net, LINUX_MIB_TCPFASTOPENPASSIVEFAIL);
		} else {
			/*
			 * A valid cookie, with or without data: the child
			 * may send in SYN_RECV either way.
			 */
fastopen:
			child = xtcp_fastopen_create_child(sk, skb, req);
			if (child) {
				if (ret == 2) {
					/* Hand out the primary key's cookie. */
					valid_foc.exp = foc->exp;
					*foc = valid_foc;
					XNET_INC_STATS(net,
						       LINUX_MIB_TCPFASTOPENPASSIVEALTKEY);
				} else {
					foc->len = -1;
				}
				XNET_INC_STATS(net,
					       LINUX_MIB_TCPFASTOPENPASSIVE);
				return child;
			}
			XNET_INC_STATS(net, LINUX_MIB_TCPFASTOPENPASSIVEFAIL);
		}
	}
	valid_foc.exp = foc->exp;
	*foc = valid_foc;
	return NULL;
}

/**
 * xreqsk_fastopen_remove - a Fast Open child is done with its request
 *	(twin of reqsk_fastopen_remove)
 * @sk: the child
 * @req: its fastopen_rsk
 * @reset: the child was reset (Linux holds the queue slot a while then;
 *	xinet frees it at once)
 *
 * Called when the handshake completes, or the child closes or is reset
 * before it does.
 */
void xreqsk_fastopen_remove(struct sock *sk, struct xrequest_sock *req,
			    bool reset)
{
	struct sock *lsk = req->xrsk_listener;
	struct xrequest_sock_queue *queue;

	queue = &xinet_csk(lsk)->icsk_accept_queue;
	spin_lock_bh(&queue->rskq_lock);
	xtcp_sk(sk)->fastopen_rsk = NULL;
	queue->fastopen_qlen--;
	spin_unlock_bh(&queue->rskq_lock);
	xreqsk_put(req);
}

/**
 * xtcp_fastopen_synack_timer - a Fast Open child's SYN-ACK timed out
 *	(twin of tcp_fastopen_synack_timer)
 * @sk: the child, in SYN_RECV (or FIN_WAIT1 after close())
 * @req: its request
 */
void xtcp_fastopen_synack_timer(struct sock *sk, struct xrequest_sock *req)
{
	struct xinet_connection_sock *icsk = xinet_csk(sk);
	struct xtcp_sock *tp = xtcp_sk(sk);
	int max_retries;

	max_retries = icsk->icsk_syn_retries ? :
		READ_ONCE(xinet_net(sock_net(sk))->sysctl_tcp_synack_retries) + 1;
	if (req->num_timeout >= max_retries) {
		xtcp_write_err(sk);
		return;
	}
	/* The SYN-ACK was lost: so was any data sent with the handshake. */
	if (icsk->icsk_retransmits == 1)
		xtcp_enter_loss(sk);
	xinet_rtx_syn_ack(sk, req);
	req->num_timeout++;
	icsk->icsk_retransmits++;
	if (!tp->retrans_stamp)
		tp->retrans_stamp = xtcp_clock_ts();
	xinet_csk_reset_xmit_timer(sk, XICSK_TIME_RETRANS,
				   XTCP_TIMEOUT_INIT << req->num_timeout,
				   XTCP_RTO_MAX);
}

/**
 * xtcp_fastopen_set_listen - TCP_FASTOPEN: the listener's queue bound
 *	(twin of fastopen_queue_tune)
 * @sk: the socket, locked
 * @val: the bound, as for listen()'s backlog
 *
 * Return: 0 or -EINVAL (a socket neither closed nor listening).
 */
int xtcp_fastopen_set_listen(struct sock *sk, int val)
{
	unsigned int somaxconn;

	if (!((1 << sk->sk_state) & (TCPF_CLOSE | TCPF_LISTEN)))
		return -EINVAL;
	somaxconn = READ_ONCE(xinet_net(sock_net(sk))->sysctl_somaxconn);
	WRITE_ONCE(xinet_csk(sk)->icsk_accept_queue.fastopen_max_qlen,
		   min_t(unsigned int, val, somaxconn));
	return 0;
}

/* ---- client ---- */

static struct xtcp_fastopen_metrics *
xtcp_fastopen_cache_find(struct xinet_net *xn, __be32 daddr, bool create)
{
	struct xtcp_fastopen_metrics *m;
	int i;

	lockdep_assert_held(&xn->tfo_lock);
	for (i = 0; i < XTCP_FASTOPEN_CACHE_SIZE; i++)
		if (xn->tfo_cache[i].daddr == daddr)
			return &xn->tfo_cache[i];
	if (!create)
		return NULL;
	m = &xn->tfo_cache[xn->tfo_cache_next];
	xn->tfo_cache_next = (xn->tfo_cache_next + 1) %
			     XTCP_FASTOPEN_CACHE_SIZE;
	memset(m, 0, sizeof(*m));
	m->daddr = daddr;
	m->cookie_len = -1;
	return m;
}

/* Twin of tcp_fastopen_cache_get(). */
static void xtcp_fastopen_cache_get(struct sock *sk, u16 *mss,
				    struct xtcp_fastopen_cookie *cookie)
{
	struct xinet_net *xn = xinet_net(sock_net(sk));
	struct xtcp_fastopen_metrics *m;

	spin_lock_bh(&xn->tfo_lock);
	m = xtcp_fastopen_cache_find(xn, sk->sk_daddr, false);
	if (m) {
		if (m->mss)
			*mss = m->mss;
		if (m->cookie_len > 0)
			memcpy(cookie->val, m->cookie, m->cookie_len);
		cookie->len = m->cookie_len;
		cookie->exp = m->cookie_exp;
	}
	spin_unlock_bh(&xn->tfo_lock);
}

/**
 * xtcp_fastopen_cache_set - remember what a SYN-ACK said of Fast Open
 *	(twin of tcp_fastopen_cache_set)
 * @sk: the client socket
 * @mss: the SYN-ACK's MSS, 0 to keep
 * @cookie: its cookie, or NULL
 * @syn_lost: the SYN's data looks lost
 */
void xtcp_fastopen_cache_set(struct sock *sk, u16 mss,
			     const struct xtcp_fastopen_cookie *cookie,
			     bool syn_lost)
{
	struct xinet_net *xn = xinet_net(sock_net(sk));
	struct xtcp_fastopen_metrics *m;

	spin_lock_bh(&xn->tfo_lock);
	m = xtcp_fastopen_cache_find(xn, sk->sk_daddr, true);
	if (mss)
		m->mss = mss;
	if (cookie && cookie->len > 0) {
		memcpy(m->cookie, cookie->val, cookie->len);
		m->cookie_len = cookie->len;
		m->cookie_exp = cookie->exp;
	}
	if (syn_lost) {
		m->syn_loss++;
		m->last_syn_loss = jiffies;
	} else {
		m->syn_loss = 0;
	}
	spin_unlock_bh(&xn->tfo_lock);
}

/* Twin of tcp_fastopen_active_should_disable(): the blackhole pause. */
static bool xtcp_fastopen_active_should_disable(struct sock *sk)
{
	struct xinet_net *xn = xinet_net(sock_net(sk));
	unsigned int timeout_sec =
		READ_ONCE(xn->sysctl_tcp_fastopen_blackhole_timeout);
	int times;

	if (!timeout_sec)
		return false;
	times = atomic_read(&xn->tfo_active_disable_times);
	if (!times)
		return false;
	/* Pairs with smp_mb__before_atomic() in xtcp_fastopen_active_disable(). */
	smp_rmb();
	return time_before(jiffies,
			   READ_ONCE(xn->tfo_active_disable_stamp) +
			   (1UL << min(times - 1, 6)) * timeout_sec * HZ);
}

/*
 * Twin of tcp_fastopen_active_disable(): pause client Fast Open after a
 * suspected middlebox blackhole, for the timeout, doubling each time.
 */
static void xtcp_fastopen_active_disable(struct sock *sk)
{
	struct xinet_net *xn = xinet_net(sock_net(sk));

	if (!READ_ONCE(xn->sysctl_tcp_fastopen_blackhole_timeout))
		return;
	WRITE_ONCE(xn->tfo_active_disable_stamp, jiffies);
	/* The stamp before the count: pairs with smp_rmb() in the reader. */
	smp_mb__before_atomic();
	atomic_inc(&xn->tfo_active_disable_times);
	XNET_INC_STATS(sock_net(sk), LINUX_MIB_TCPFASTOPENBLACKHOLE);
}

/**
 * xtcp_fastopen_cookie_check - may this connection send data in its SYN
 *	(twin of tcp_fastopen_cookie_check)
 * @sk: the client socket, destination set
 * @mss: set to the cached MSS of the destination, if any
 * @cookie: set to the cached cookie (len -1: send no option)
 *
 * Return: true when the SYN may carry data.
 */
bool xtcp_fastopen_cookie_check(struct sock *sk, u16 *mss,
				struct xtcp_fastopen_cookie *cookie)
{
	xtcp_fastopen_cache_get(sk, mss, cookie);
	if (xtcp_fastopen_active_should_disable(sk)) {
		cookie->len = -1;
		return false;
	}
	if (xtcp_fastopen_no_cookie(sk, XTFO_CLIENT_NO_COOKIE)) {
		cookie->len = -1;
		return true;
	}
	if (cookie->len > 0)
		return true;
	xtcp_sk(sk)->fastopen_client_fail = TFO_COOKIE_UNAVAILABLE;
	return false;
}

/**
 * xtcp_fastopen_defer_connect - TCP_FASTOPEN_CONNECT: hold the SYN for
 *	the first write (twin of tcp_fastopen_defer_connect)
 * @sk: the socket, in connect()
 * @err: set to -ENOBUFS when a cookie request could not be prepared
 *
 * Return: true when connect() returns now without sending the SYN (a
 * cookie is cached); false to send the SYN, with a cookie request.
 */
bool xtcp_fastopen_defer_connect(struct sock *sk, int *err)
{
	struct xtcp_fastopen_cookie cookie = { .len = 0 };
	struct xtcp_sock *tp = xtcp_sk(sk);
	u16 mss;

	if (tp->fastopen_connect && !tp->fastopen_req) {
		if (xtcp_fastopen_cookie_check(sk, &mss, &cookie)) {
			tp->defer_connect = 1;
			return true;
		}
		/* The SYN asks for a cookie. */
		tp->fastopen_req = kzalloc(sizeof(*tp->fastopen_req),
					   sk->sk_allocation);
		if (tp->fastopen_req)
			tp->fastopen_req->cookie = cookie;
		else
			*err = -ENOBUFS;
	}
	return false;
}

/**
 * xtcp_free_fastopen_req - the SYN is built (twin of
 *	tcp_free_fastopen_req)
 * @tp: the socket
 */
void xtcp_free_fastopen_req(struct xtcp_sock *tp)
{
	kfree(tp->fastopen_req);
	tp->fastopen_req = NULL;
}

/**
 * xtcp_sendmsg_fastopen - connect with data in the SYN (twin of
 *	tcp_sendmsg_fastopen)
 * @sk: the socket, locked
 * @msg: the message; msg_name is the destination
 * @copied: set to the bytes put in the SYN
 * @size: the message's length
 * @uarg: MSG_ZEROCOPY's completion for the data, or NULL: the SYN's data
 *	is always copied, and reported so when it is acknowledged
 *
 * Return: 0 (connected), -EINPROGRESS (the SYN is out), or a negative
 * errno: -EOPNOTSUPP when client Fast Open is off, -EALREADY when one
 * is under way.
 */
int xtcp_sendmsg_fastopen(struct sock *sk, struct msghdr *msg,
			  int *copied, size_t size, struct ubuf_info *uarg)
{
	struct sockaddr *uaddr = msg->msg_name;
	struct xtcp_sock *tp = xtcp_sk(sk);
	int err, flags;

	if (!(READ_ONCE(xinet_net(sock_net(sk))->sysctl_tcp_fastopen) &
	      XTFO_CLIENT_ENABLE) ||
	    (uaddr && msg->msg_namelen >= sizeof(uaddr->sa_family) &&
	     uaddr->sa_family == AF_UNSPEC))
		return -EOPNOTSUPP;
	if (tp->fastopen_req)
		return -EALREADY;

	tp->fastopen_req = kzalloc(sizeof(*tp->fastopen_req),
				   sk->sk_allocation);
	if (unlikely(!tp->fastopen_req))
		return -ENOBUFS;
	tp->fastopen_req->data = msg;
	tp->fastopen_req->size = size;
	tp->fastopen_req->uarg = uarg;

	if (tp->defer_connect) {
		err = xtcp_connect(sk);
		/* Same failure procedure as in xtcp_v4_connect(). */
		if (err) {
			xtcp_set_state(sk, TCP_CLOSE);
			xinet_sk(sk)->xinet_dport = 0;
			sk->sk_route_caps = 0;
		}
	}
	flags = (msg->msg_flags & MSG_DONTWAIT) ? O_NONBLOCK : 0;
	err = __xinet_stream_connect(sk->sk_socket, uaddr, msg->msg_namelen,
				     flags, 1);
	/* fastopen_req may be gone: the connect may have failed and reset. */
	if (tp->fastopen_req) {
		*copied = tp->fastopen_req->copied;
		xtcp_free_fastopen_req(tp);
		tp->defer_connect = 0;
	}
	return err;
}

/**
 * xtcp_rcv_fastopen_synack - what a SYN-ACK says of our Fast Open (twin
 *	of tcp_rcv_fastopen_synack)
 * @sk: the client, its SYN-ACK processed by xtcp_ack()
 * @synack: the SYN-ACK
 * @cookie: its Fast Open option
 *
 * Return: true when the SYN's data was not acknowledged: it was marked
 * for retransmission.
 */
bool xtcp_rcv_fastopen_synack(struct sock *sk, struct sk_buff *synack,
			      struct xtcp_fastopen_cookie *cookie)
{
	struct xtcp_sock *tp = xtcp_sk(sk);
	struct sk_buff *data = tp->syn_data ? xtcp_rtx_queue_head(sk) : NULL;
	u16 mss = tp->rx_opt.mss_clamp;
	bool syn_drop = false;

	if (mss == tp->rx_opt.user_mss) {
		struct xtcp_options_received opt = {};

		/* The SYN-ACK's own MSS, not TCP_MAXSEG's clamp. */
		xtcp_parse_options(sock_net(sk), synack, &opt, 0, NULL);
		mss = opt.mss_clamp;
	}
	if (!tp->syn_fastopen) {
		/* An unsolicited cookie is ignored. */
		cookie->len = -1;
	} else if (tp->total_retrans) {
		/*
		 * The SYN timed out and the SYN-ACK neither carries a cookie
		 * nor acknowledges data: the peer saw only a plain SYN.
		 */
		syn_drop = cookie->len < 0 && data;
	}
	xtcp_fastopen_cache_set(sk, mss, cookie, syn_drop);

	if (data) {
		/* Retransmit what the SYN carried, now as plain data. */
		tp->fastopen_client_fail = tp->total_retrans ?
					   TFO_SYN_RETRANSMITTED :
					   TFO_DATA_NOT_ACKED;
		xtcp_retransmit_skb(sk, data, 1);
		XNET_INC_STATS(sock_net(sk), LINUX_MIB_TCPFASTOPENACTIVEFAIL);
		return true;
	}
	tp->syn_data_acked = tp->syn_data;
	if (tp->syn_data_acked) {
		XNET_INC_STATS(sock_net(sk), LINUX_MIB_TCPFASTOPENACTIVE);
		/* SYN and its data count as one delivery. */
		if (tp->delivered > 1)
			--tp->delivered;
	}
	xtcp_fastopen_add_skb(sk, synack);
	return false;
}

/**
 * xtcp_fastopen_active_detect_blackhole - a Fast Open connection keeps
 *	timing out (twin of tcp_fastopen_active_detect_blackhole)
 * @sk: the socket, at a retransmission timeout
 * @expired: the connection gives up now
 *
 * A middlebox may drop Fast Open connections during or after the
 * handshake: after the third timeout in a row, or at the end, client
 * Fast Open pauses (net.xinet.tcp_fastopen_blackhole_timeout_sec).
 */
void xtcp_fastopen_active_detect_blackhole(struct sock *sk, bool expired)
{
	u32 timeouts = xinet_csk(sk)->icsk_retransmits;
	struct xtcp_sock *tp = xtcp_sk(sk);

	if ((tp->syn_fastopen || tp->syn_data || tp->syn_data_acked) &&
	    (timeouts == 2 || (timeouts < 2 && expired))) {
		xtcp_fastopen_active_disable(sk);
		XNET_INC_STATS(sock_net(sk), LINUX_MIB_TCPFASTOPENACTIVEFAIL);
	}
}
