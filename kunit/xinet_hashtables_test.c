// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: net/xinet/xinet_hashtables.c - the ephemeral port choice of
 * xinet_hash_connect() (range, parity, spread, sharing among connect()s,
 * exhaustion, bind()'s ports kept apart, TIME_WAIT reuse, the port
 * __inet_hash_connect()'s search order gives in a nearly full range), ehash
 * insert/lookup/remove from several kthreads at once, and the listener a
 * SYN finds in lhash (keyed by address and port).
 */

#include <kunit/test.h>
#include <linux/completion.h>
#include <linux/in.h>
#include <linux/kthread.h>
#include <linux/net.h>
#include <linux/slab.h>
#include <net/sock.h>
#include <net/tcp_states.h>
#include <linux/xinet.h>
#include <net/xinet/af_xinet.h>
#include <net/xinet/netns.h>
#include <net/xinet/xinet_hashtables.h>
#include <net/xinet/xsecure_seq.h>
#include <net/xinet/xtcp.h>

#define ADDR(a, b, c, d)	htonl((a) << 24 | (b) << 16 | (c) << 8 | (d))
#define LO	ADDR(127, 0, 0, 1)
#define PEER	ADDR(127, 0, 0, 9)

static struct socket *xht_sock(struct kunit *test)
{
	struct socket *sock;

	KUNIT_ASSERT_EQ(test, sock_create_kern(&init_net, xinet_family,
					       SOCK_STREAM, IPPROTO_TCP, &sock),
			0);
	return sock;
}

static void xht_set_range(int low, int high)
{
	WRITE_ONCE(xinet_net(&init_net)->ip_local_ports_range,
		   (u32)high << 16 | low);
}

/* What xtcp_v4_connect() does around xinet_hash_connect(). */
static int xht_connect(struct socket *sock, __be32 daddr, u16 dport)
{
	struct xinet_sock *xinet = xinet_sk(sock->sk);
	struct sock *sk = sock->sk;
	int err;

	lock_sock(sk);
	xinet->xinet_saddr = LO;
	xinet->xinet_rcv_saddr = LO;
	xinet->xinet_daddr = daddr;
	xinet->xinet_dport = htons(dport);
	sk->sk_state = TCP_SYN_SENT;
	err = xinet_hash_connect(sk);
	if (err) {
		sk->sk_state = TCP_CLOSE;
		xinet->xinet_dport = 0;
		xinet->xinet_daddr = 0;
	}
	release_sock(sk);
	return err;
}

/* Undo xht_connect() or xht_listener() and free the socket. */
static void xht_release(struct socket *sock)
{
	struct sock *sk;

	if (!sock)
		return;
	sk = sock->sk;
	lock_sock(sk);
	if (sk->sk_state == TCP_SYN_SENT || sk->sk_state == TCP_LISTEN) {
		xinet_unhash(sk);
		if (xinet_csk(sk)->icsk_bind_hash)
			xinet_put_port(sk);
		else	/* xht_listener()'s: a port without a bind bucket */
			xinet_sk(sk)->xinet_num = 0;
		sk->sk_state = TCP_CLOSE;
	}
	release_sock(sk);
	sock_release(sock);
}

static void xht_release_all(struct socket **socks, int n)
{
	int i;

	for (i = 0; i < n; i++)
		xht_release(socks[i]);
}

/* 64 connections to one peer use the 64 ports of the range, then fail. */
static void xht_exhaustion_test(struct kunit *test)
{
	struct socket *socks[65] = {};
	DECLARE_BITMAP(seen, 64);
	int low, high, i;

	xinet_get_local_port_range(&init_net, &low, &high);
	xht_set_range(40000, 40063);
	bitmap_zero(seen, 64);
	for (i = 0; i < 64; i++) {
		u16 port;

		socks[i] = xht_sock(test);
		KUNIT_EXPECT_EQ(test, xht_connect(socks[i], PEER, 80), 0);
		port = socks[i]->sk->sk_num;
		KUNIT_EXPECT_GE(test, port, 40000);
		KUNIT_EXPECT_LE(test, port, 40063);
		if (port >= 40000 && port <= 40063) {
			KUNIT_EXPECT_FALSE(test, test_bit(port - 40000, seen));
			__set_bit(port - 40000, seen);
		}
		KUNIT_EXPECT_TRUE(test, sk_hashed(socks[i]->sk));
		KUNIT_EXPECT_EQ(test, ntohs(xinet_sk(socks[i]->sk)->xinet_sport),
				port);
	}
	socks[64] = xht_sock(test);
	KUNIT_EXPECT_EQ(test, xht_connect(socks[64], PEER, 80), -EADDRNOTAVAIL);
	KUNIT_EXPECT_EQ(test, socks[64]->sk->sk_num, 0);
	/* Another peer port: every local port can be used again. */
	KUNIT_EXPECT_EQ(test, xht_connect(socks[64], PEER, 81), 0);

	xht_set_range(low, high);
	xht_release_all(socks, ARRAY_SIZE(socks));
}

/*
 * The first choice: the range's low parity, spread by the keyed hash of
 * the destination, and moving on for the same destination.
 */
static void xht_distribution_test(struct kunit *test)
{
	struct socket *socks[32] = {};
	DECLARE_BITMAP(seen, 1000);
	int low, high, i, distinct = 0;

	xinet_get_local_port_range(&init_net, &low, &high);
	xht_set_range(40000, 40999);
	bitmap_zero(seen, 1000);
	for (i = 0; i < ARRAY_SIZE(socks); i++) {
		u16 port;

		socks[i] = xht_sock(test);
		KUNIT_EXPECT_EQ(test, xht_connect(socks[i], PEER, 1000 + i), 0);
		port = socks[i]->sk->sk_num;
		KUNIT_EXPECT_EQ(test, port % 2, 0);
		if (port >= 40000 && port <= 40999 &&
		    !__test_and_set_bit(port - 40000, seen))
			distinct++;
	}
	/* 32 keyed choices among 500 ports: nearly all different. */
	KUNIT_EXPECT_GE(test, distinct, 24);
	xht_set_range(low, high);
	xht_release_all(socks, ARRAY_SIZE(socks));
}

/* connect() ports are shared by distinct 4-tuples, bind() ports are not. */
static void xht_sharing_test(struct kunit *test)
{
	struct socket *socks[4] = {}, *bound;
	int low, high, i;

	xinet_get_local_port_range(&init_net, &low, &high);
	xht_set_range(40100, 40101);

	bound = xht_sock(test);
	lock_sock(bound->sk);
	KUNIT_EXPECT_EQ(test, bound->sk->sk_prot->get_port(bound->sk, 40100), 0);
	release_sock(bound->sk);

	for (i = 0; i < ARRAY_SIZE(socks); i++) {
		socks[i] = xht_sock(test);
		KUNIT_EXPECT_EQ(test, xht_connect(socks[i], PEER, 2000 + i), 0);
		/* 40100 belongs to bind(). */
		KUNIT_EXPECT_EQ(test, socks[i]->sk->sk_num, 40101);
	}
	xht_set_range(low, high);
	xht_release_all(socks, ARRAY_SIZE(socks));
	sock_release(bound);
}

/* A TIME_WAIT sock holds its 4-tuple unless tcp_tw_reuse lets it go. */
static void xht_timewait_reuse_test(struct kunit *test)
{
	struct xinet_net *xn = xinet_net(&init_net);
	u8 reuse = xn->sysctl_tcp_tw_reuse;
	int low, high, tw_count = atomic_read(&xn->tcp_tw_count);
	struct socket *a, *b;
	struct sock *found;
	struct xinet_timewait_sock *tw;

	xinet_get_local_port_range(&init_net, &low, &high);
	xht_set_range(40200, 40200);

	a = xht_sock(test);
	KUNIT_ASSERT_EQ(test, xht_connect(a, PEER, 3000), 0);
	KUNIT_EXPECT_EQ(test, a->sk->sk_num, 40200);
	lock_sock(a->sk);
	xtcp_time_wait(a->sk, TCP_TIME_WAIT, 0);
	release_sock(a->sk);
	KUNIT_EXPECT_EQ(test, a->sk->sk_state, TCP_CLOSE);
	KUNIT_EXPECT_EQ(test, atomic_read(&xn->tcp_tw_count), tw_count + 1);

	rcu_read_lock();
	found = __xinet_lookup_established(&init_net, &xtcp_hashinfo, PEER,
					   htons(3000), LO, 40200, 1);
	rcu_read_unlock();
	KUNIT_ASSERT_NOT_NULL(test, found);
	KUNIT_EXPECT_EQ(test, found->sk_state, TCP_TIME_WAIT);
	tw = xinet_twsk(found);

	/* No timestamps seen: never reused (as Linux without PAWS). */
	b = xht_sock(test);
	WRITE_ONCE(xn->sysctl_tcp_tw_reuse, 1);
	KUNIT_EXPECT_EQ(test, xht_connect(b, PEER, 3000), -EADDRNOTAVAIL);

	/* With a timestamp older than a second: reused, the TW sock killed. */
	WRITE_ONCE(tw->tw_ts_recent_stamp, ktime_get_seconds() - 5);
	WRITE_ONCE(xn->sysctl_tcp_tw_reuse, 0);
	KUNIT_EXPECT_EQ(test, xht_connect(b, PEER, 3000), -EADDRNOTAVAIL);
	WRITE_ONCE(xn->sysctl_tcp_tw_reuse, 1);
	KUNIT_EXPECT_EQ(test, xht_connect(b, PEER, 3000), 0);
	KUNIT_EXPECT_EQ(test, b->sk->sk_num, 40200);
	/* It continues the old sequence space. */
	KUNIT_EXPECT_EQ(test, xtcp_sk(b->sk)->write_seq,
			tw->xtw_snd_nxt + 65535 + 2);
	xinet_sock_gen_put(found);
	KUNIT_EXPECT_EQ(test, atomic_read(&xn->tcp_tw_count), tw_count);

	WRITE_ONCE(xn->sysctl_tcp_tw_reuse, reuse);
	xht_set_range(low, high);
	xht_release(b);
	sock_release(a);
}

#define XHT_ORDER_LOW	40300
#define XHT_ORDER_N	32

/*
 * The port __inet_hash_connect()'s search takes for a connection to
 * PEER:@dport, given which ports bind() holds (@bound) and which hold
 * that very 4-tuple (@held): from the keyed offset plus the namespace's
 * perturbation, the low parity first, then the other; 0 if none.
 */
static int xht_linux_port(u16 dport, const unsigned long *bound,
			  const unsigned long *held)
{
	struct xinet_net *xn = xinet_net(&init_net);
	u32 port_offset = xsecure_tcp_port_offset(LO, PEER, htons(dport));
	u32 index = port_offset & (XINET_TABLE_PERTURB_SIZE - 1);
	u32 remaining = XHT_ORDER_N, offset, i;

	offset = (READ_ONCE(xn->tcp_port_perturb[index]) +
		  (port_offset >> XINET_TABLE_PERTURB_SHIFT)) % remaining;
	offset &= ~1U;
	do {
		for (i = 0; i < remaining; i += 2) {
			u32 k = (offset + i) % remaining;

			if (!test_bit(k, bound) && !test_bit(k, held))
				return XHT_ORDER_LOW + k;
		}
		offset++;
	} while (offset & 1);
	return 0;
}

/*
 * In a 32-port range with one port bind() holds and a third of the
 * others used by connections to another peer port (shared), connect()s
 * to one peer port fill the range: each takes the port Linux's search
 * order gives (xinet_hash_connect() skips ports held by the same 4-tuple
 * without its locks: the choice must not change), both parities, then
 * -EADDRNOTAVAIL.
 */
static void xht_order_test(struct kunit *test)
{
	struct socket *socks[XHT_ORDER_N + 1] = {}, *other[12] = {}, *bound;
	DECLARE_BITMAP(bmap, XHT_ORDER_N);
	DECLARE_BITMAP(held, XHT_ORDER_N);
	int low, high, i, odd = 0;

	xinet_get_local_port_range(&init_net, &low, &high);
	xht_set_range(XHT_ORDER_LOW, XHT_ORDER_LOW + XHT_ORDER_N - 1);
	bitmap_zero(bmap, XHT_ORDER_N);
	bitmap_zero(held, XHT_ORDER_N);

	bound = xht_sock(test);
	lock_sock(bound->sk);
	KUNIT_EXPECT_EQ(test, bound->sk->sk_prot->get_port(bound->sk,
							   XHT_ORDER_LOW + 6), 0);
	release_sock(bound->sk);
	__set_bit(6, bmap);
	for (i = 0; i < ARRAY_SIZE(other); i++) {
		other[i] = xht_sock(test);
		KUNIT_EXPECT_EQ(test, xht_connect(other[i], PEER, 5001), 0);
	}

	for (i = 0; i < XHT_ORDER_N - 1; i++) {
		int want = xht_linux_port(5000, bmap, held), got;

		socks[i] = xht_sock(test);
		KUNIT_EXPECT_EQ(test, xht_connect(socks[i], PEER, 5000), 0);
		got = socks[i]->sk->sk_num;
		KUNIT_EXPECT_EQ_MSG(test, got, want, "connect() %d", i);
		if (got >= XHT_ORDER_LOW && got < XHT_ORDER_LOW + XHT_ORDER_N)
			__set_bit(got - XHT_ORDER_LOW, held);
		odd += got % 2;
	}
	/* Both parities were used, the odd one last (bind() took one even). */
	KUNIT_EXPECT_EQ(test, odd, XHT_ORDER_N / 2);
	KUNIT_EXPECT_EQ(test, xht_linux_port(5000, bmap, held), 0);
	socks[XHT_ORDER_N - 1] = xht_sock(test);
	KUNIT_EXPECT_EQ(test, xht_connect(socks[XHT_ORDER_N - 1], PEER, 5000),
			-EADDRNOTAVAIL);

	xht_set_range(low, high);
	xht_release_all(socks, ARRAY_SIZE(socks));
	xht_release_all(other, ARRAY_SIZE(other));
	sock_release(bound);
}

/* --- ehash under concurrency ------------------------------------------ */

#define XHT_THREADS	4
#define XHT_ENTRIES	128
#define XHT_ROUNDS	40

struct xht_worker {
	struct kunit *test;
	struct sock *listener;
	struct xrequest_sock *reqs[XHT_ENTRIES];
	int id;
	atomic_t errors;
	struct completion done;
};

static void xht_remove(struct sock *sk)
{
	spinlock_t *lock = xinet_ehash_lockp(&xtcp_hashinfo, sk->sk_hash);

	spin_lock_bh(lock);
	__sk_nulls_del_node_init_rcu(sk);
	spin_unlock_bh(lock);
}

static struct sock *xht_lookup(int id, int i)
{
	struct sock *sk;

	rcu_read_lock();
	sk = __xinet_lookup_established(&init_net, &xtcp_hashinfo, PEER,
					htons(10000 + i), LO, 30000 + id, 1);
	rcu_read_unlock();
	return sk;
}

static int xht_worker_fn(void *data)
{
	struct xht_worker *w = data;
	int round, i;

	for (round = 0; round < XHT_ROUNDS; round++) {
		for (i = 0; i < XHT_ENTRIES; i++) {
			struct sock *sk = xreq_to_sk(w->reqs[i]);
			bool dup = false;

			local_bh_disable();
			if (!xinet_ehash_insert(sk, NULL, &dup) || dup)
				atomic_inc(&w->errors);
			local_bh_enable();
		}
		for (i = 0; i < XHT_ENTRIES; i++) {
			struct sock *sk = xht_lookup(w->id, i);
			/* Another worker's entries: found or not, never wrong. */
			struct sock *other = xht_lookup((w->id + 1) % XHT_THREADS, i);

			if (sk != xreq_to_sk(w->reqs[i]))
				atomic_inc(&w->errors);
			if (sk)
				xinet_sock_gen_put(sk);
			if (other) {
				if (other->sk_num != 30000 + (w->id + 1) % XHT_THREADS ||
				    other->sk_dport != htons(10000 + i))
					atomic_inc(&w->errors);
				xinet_sock_gen_put(other);
			}
		}
		for (i = 0; i < XHT_ENTRIES; i++)
			xht_remove(xreq_to_sk(w->reqs[i]));
		for (i = 0; i < XHT_ENTRIES; i += 7) {
			struct sock *sk = xht_lookup(w->id, i);

			if (sk) {
				atomic_inc(&w->errors);
				xinet_sock_gen_put(sk);
			}
		}
		cond_resched();
	}
	complete(&w->done);
	return 0;
}

static void xht_ehash_concurrency_test(struct kunit *test)
{
	struct xht_worker *w;
	struct socket *l = xht_sock(test);
	int t, i;

	w = kunit_kcalloc(test, XHT_THREADS, sizeof(*w), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, w);
	for (t = 0; t < XHT_THREADS; t++) {
		w[t].test = test;
		w[t].id = t;
		atomic_set(&w[t].errors, 0);
		init_completion(&w[t].done);
		for (i = 0; i < XHT_ENTRIES; i++) {
			struct xrequest_sock *req = xreqsk_alloc(l->sk, false);

			KUNIT_ASSERT_NOT_NULL(test, req);
			req->xir_loc_addr = LO;
			req->xir_num = 30000 + t;
			req->xir_rmt_addr = PEER;
			req->xir_rmt_port = htons(10000 + i);
			/* The owner's reference, which lookups come on top of. */
			refcount_set(&req->xrsk_refcnt, 1);
			w[t].reqs[i] = req;
		}
	}
	for (t = 0; t < XHT_THREADS; t++)
		KUNIT_ASSERT_FALSE(test, IS_ERR(kthread_run(xht_worker_fn, &w[t],
							    "xht%d", t)));
	for (t = 0; t < XHT_THREADS; t++) {
		wait_for_completion(&w[t].done);
		KUNIT_EXPECT_EQ(test, atomic_read(&w[t].errors), 0);
		for (i = 0; i < XHT_ENTRIES; i++) {
			KUNIT_EXPECT_EQ(test,
					refcount_read(&w[t].reqs[i]->xrsk_refcnt), 1);
			__xreqsk_free(w[t].reqs[i]);
		}
	}
	sock_release(l);
}

#define XHT_LPORT	5000
#define XHT_LADDRS	64

/*
 * A listener on @addr:@port as xinet_csk_listen_start() leaves it in
 * lhash, without the bind bucket and the accept queue a lookup does not
 * look at.
 */
static struct socket *xht_listener(struct kunit *test, __be32 addr, u16 port,
				   bool reuseport)
{
	struct socket *sock = xht_sock(test);
	struct sock *sk = sock->sk;

	lock_sock(sk);
	xinet_sk(sk)->xinet_rcv_saddr = addr;
	xinet_sk(sk)->xinet_num = port;
	sk->sk_reuseport = reuseport;
	sk->sk_state = TCP_LISTEN;
	xinet_hash(sk);
	release_sock(sk);
	return sock;
}

/* The listener a SYN from PEER:@sport to @daddr:@port finds. */
static struct sock *xht_lookup_listener(__be32 daddr, u16 port, u16 sport)
{
	struct sock *sk;

	rcu_read_lock();
	sk = __xinet_lookup_listener(&init_net, &xtcp_hashinfo, NULL, PEER,
				     htons(sport), daddr, port, 0);
	rcu_read_unlock();
	return sk;
}

/* How many listeners on @port the fullest lhash bucket holds. */
static int xht_lhash_max_chain(u16 port)
{
	struct xinet_hashinfo *h = &xtcp_hashinfo;
	const struct hlist_nulls_node *node;
	int max = 0, n;
	unsigned int i;
	struct sock *sk;

	rcu_read_lock();
	for (i = 0; i <= h->lhash_mask; i++) {
		n = 0;
		sk_nulls_for_each_rcu(sk, node, &h->lhash[i].nulls_head)
			n += sk->sk_num == port;
		max = max(max, n);
	}
	rcu_read_unlock();
	return max;
}

/*
 * Listeners on one port and many addresses spread over lhash, keyed by
 * address and port as Linux's lhash2, and each SYN finds the listener on
 * its destination address, else the wildcard's.
 */
static void xht_listener_lookup_test(struct kunit *test)
{
	struct socket *socks[XHT_LADDRS] = {}, *any, *group[2];
	bool seen[2] = {};
	struct sock *sk;
	int i;

	for (i = 0; i < XHT_LADDRS; i++)
		socks[i] = xht_listener(test, ADDR(127, 0, 1, i), XHT_LPORT,
					false);
	/* 64 keys over at least 256 buckets: a chain of 9 is 1e-9 likely. */
	KUNIT_EXPECT_LE(test, xht_lhash_max_chain(XHT_LPORT), 8);
	for (i = 0; i < XHT_LADDRS; i++)
		KUNIT_EXPECT_PTR_EQ(test, xht_lookup_listener(ADDR(127, 0, 1, i),
							      XHT_LPORT, 40000),
				    socks[i]->sk);
	KUNIT_EXPECT_NULL(test, xht_lookup_listener(ADDR(127, 0, 2, 1),
						    XHT_LPORT, 40000));
	KUNIT_EXPECT_NULL(test, xht_lookup_listener(ADDR(127, 0, 1, 1),
						    XHT_LPORT + 1, 40000));

	/* The wildcard takes what no specific listener does. */
	any = xht_listener(test, htonl(INADDR_ANY), XHT_LPORT, false);
	KUNIT_EXPECT_PTR_EQ(test, xht_lookup_listener(ADDR(127, 0, 2, 1),
						      XHT_LPORT, 40000),
			    any->sk);
	KUNIT_EXPECT_PTR_EQ(test, xht_lookup_listener(ADDR(127, 0, 1, 5),
						      XHT_LPORT, 40000),
			    socks[5]->sk);

	/* An SO_REUSEPORT pair: each 4-tuple always to the same one. */
	group[0] = xht_listener(test, htonl(INADDR_ANY), XHT_LPORT + 1, true);
	group[1] = xht_listener(test, htonl(INADDR_ANY), XHT_LPORT + 1, true);
	for (i = 0; i < 32; i++) {
		sk = xht_lookup_listener(LO, XHT_LPORT + 1, 40000 + i);
		KUNIT_EXPECT_TRUE(test, sk == group[0]->sk || sk == group[1]->sk);
		KUNIT_EXPECT_PTR_EQ(test, sk,
				    xht_lookup_listener(LO, XHT_LPORT + 1,
							40000 + i));
		seen[sk == group[1]->sk] = true;
	}
	/* 32 source ports all to one of two: 2^-31 likely. */
	KUNIT_EXPECT_TRUE(test, seen[0] && seen[1]);

	xht_release_all(group, ARRAY_SIZE(group));
	xht_release(any);
	xht_release_all(socks, ARRAY_SIZE(socks));
	KUNIT_EXPECT_EQ(test, xht_lhash_max_chain(XHT_LPORT), 0);
}

static struct kunit_case xht_cases[] = {
	KUNIT_CASE(xht_exhaustion_test),
	KUNIT_CASE(xht_distribution_test),
	KUNIT_CASE(xht_sharing_test),
	KUNIT_CASE(xht_timewait_reuse_test),
	KUNIT_CASE(xht_order_test),
	KUNIT_CASE(xht_ehash_concurrency_test),
	KUNIT_CASE(xht_listener_lookup_test),
	{}
};

static struct kunit_suite xht_suite = {
	.name = "xinet_tcp_hashtables",
	.test_cases = xht_cases,
};

kunit_test_suite(xht_suite);
