// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: net/xinet/xinet_connection_sock.c - the bind conflict rules of
 * xinet_csk_get_port() (bind and listen, SO_REUSEADDR, SO_REUSEPORT,
 * users, devices), listen's autobind, the request sock's life (ehash,
 * the SYN queue count, the timer, the references), and the seed's own
 * example: an in-kernel client connecting to an in-kernel listener.
 * The sockets are real AF_XINET TCP sockets of init_net.
 */

#include <kunit/test.h>
#include <linux/delay.h>
#include <linux/in.h>
#include <linux/net.h>
#include <linux/uio.h>
#include <net/sock.h>
#include <net/tcp_states.h>
#include <linux/xinet.h>
#include <net/xinet/af_xinet.h>
#include <net/xinet/netns.h>
#include <net/xinet/xinet_hashtables.h>
#include <net/xinet/xtcp.h>

#define ADDR(a, b, c, d)	htonl((a) << 24 | (b) << 16 | (c) << 8 | (d))
#define LO	ADDR(127, 0, 0, 1)
#define LO2	ADDR(127, 0, 0, 2)
#define ANY	htonl(INADDR_ANY)

static struct socket *xtcp_test_sock(struct kunit *test)
{
	struct socket *sock;

	KUNIT_ASSERT_EQ(test, sock_create_kern(&init_net, xinet_family,
					       SOCK_STREAM, IPPROTO_TCP, &sock),
			0);
	return sock;
}

/* What __xinet_bind() does once the address is checked. */
static int xtcp_test_bind(struct socket *sock, __be32 addr, u16 port)
{
	struct xinet_sock *xinet = xinet_sk(sock->sk);
	struct sock *sk = sock->sk;
	int err;

	lock_sock(sk);
	xinet->xinet_rcv_saddr = addr;
	xinet->xinet_saddr = addr;
	err = sk->sk_prot->get_port(sk, port);
	if (err) {
		xinet->xinet_rcv_saddr = 0;
		xinet->xinet_saddr = 0;
	} else {
		xinet->xinet_sport = htons(xinet->xinet_num);
		if (port)
			sk->sk_userlocks |= SOCK_BINDPORT_LOCK;
	}
	release_sock(sk);
	return err;
}

/* --- bind conflicts ---------------------------------------------------- */

struct xtcp_conflict_case {
	const char *name;
	__be32 addr1, addr2;
	bool reuse1, reuse2;		/* SO_REUSEADDR */
	bool reuseport1, reuseport2;	/* SO_REUSEPORT */
	bool listen1;			/* the first listens before the bind */
	bool other_uid;			/* the second is another user's */
	int dev1, dev2;			/* SO_BINDTODEVICE ifindex */
	int err;			/* the second bind */
	int listen_err;			/* the second's listen, if bound */
};

/* Each row is what AF_INET answers (checked on the host with sockets). */
static const struct xtcp_conflict_case xtcp_conflict_cases[] = {
	{ "same_addr", LO, LO, .err = -EADDRINUSE },
	{ "other_addr", LO, LO2, .err = 0 },
	{ "wildcard_then_addr", ANY, LO, .err = -EADDRINUSE },
	{ "addr_then_wildcard", LO, ANY, .err = -EADDRINUSE },
	{ "wildcard_twice", ANY, ANY, .err = -EADDRINUSE },
	{ "reuseaddr_both", ANY, LO, true, true, .err = 0 },
	{ "reuseaddr_both_first_listens", ANY, LO, true, true,
	  .listen1 = true, .err = -EADDRINUSE },
	{ "reuseaddr_both_other_addr_listening", LO, LO2, true, true,
	  .listen1 = true, .err = 0 },
	{ "reuseaddr_first_only", LO, LO, true, false, .err = -EADDRINUSE },
	{ "reuseaddr_second_only", LO, LO, false, true, .err = -EADDRINUSE },
	{ "reuseaddr_other_uid", LO, LO, true, true, .other_uid = true,
	  .err = 0 },
	{ "reuseport_both", LO, LO, .reuseport1 = true, .reuseport2 = true,
	  .err = 0 },
	{ "reuseport_both_listening", ANY, ANY, .reuseport1 = true,
	  .reuseport2 = true, .listen1 = true, .err = 0 },
	{ "reuseport_other_uid", LO, LO, .reuseport1 = true,
	  .reuseport2 = true, .other_uid = true, .err = -EADDRINUSE },
	{ "reuseport_first_only", LO, LO, .reuseport1 = true,
	  .err = -EADDRINUSE },
	{ "reuseport_second_only", LO, LO, .reuseport2 = true,
	  .err = -EADDRINUSE },
	{ "other_devices", LO, LO, .dev1 = 1, .dev2 = 2, .err = 0 },
	{ "same_device", LO, LO, .dev1 = 1, .dev2 = 1, .err = -EADDRINUSE },
	{ "device_and_none", LO, LO, .dev1 = 1, .err = -EADDRINUSE },
};

static void xtcp_conflict_desc(const struct xtcp_conflict_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(xtcp_conflict, xtcp_conflict_cases, xtcp_conflict_desc);

static void xtcp_conflict_test(struct kunit *test)
{
	const struct xtcp_conflict_case *c = test->param_value;
	struct socket *a = xtcp_test_sock(test);
	struct socket *b = xtcp_test_sock(test);

	a->sk->sk_reuse = c->reuse1 ? SK_CAN_REUSE : SK_NO_REUSE;
	b->sk->sk_reuse = c->reuse2 ? SK_CAN_REUSE : SK_NO_REUSE;
	a->sk->sk_reuseport = c->reuseport1;
	b->sk->sk_reuseport = c->reuseport2;
	a->sk->sk_bound_dev_if = c->dev1;
	b->sk->sk_bound_dev_if = c->dev2;
	if (c->other_uid)
		SOCK_INODE(b)->i_uid = KUIDT_INIT(__kuid_val(SOCK_INODE(a)->i_uid) + 1000);

	KUNIT_ASSERT_EQ(test, xtcp_test_bind(a, c->addr1, 42000), 0);
	if (c->listen1)
		KUNIT_ASSERT_EQ(test, kernel_listen(a, 4), 0);
	KUNIT_EXPECT_EQ(test, xtcp_test_bind(b, c->addr2, 42000), c->err);
	if (!c->err) {
		KUNIT_EXPECT_EQ(test, b->sk->sk_num, 42000);
		KUNIT_EXPECT_EQ(test, kernel_listen(b, 4), c->listen_err);
	} else {
		KUNIT_EXPECT_EQ(test, b->sk->sk_num, 0);
		KUNIT_EXPECT_NULL(test, xinet_csk(b->sk)->icsk_bind_hash);
	}
	sock_release(b);
	/* The first socket's port is still its own, and goes with it. */
	KUNIT_EXPECT_NOT_NULL(test, xinet_csk(a->sk)->icsk_bind_hash);
	sock_release(a);
	b = xtcp_test_sock(test);
	KUNIT_EXPECT_EQ(test, xtcp_test_bind(b, c->addr1, 42000), 0);
	sock_release(b);
}

/* listen() twice on one port, then on an unbound socket: autobind. */
static void xtcp_listen_test(struct kunit *test)
{
	struct socket *a = xtcp_test_sock(test);
	struct socket *b = xtcp_test_sock(test);
	struct socket *u = xtcp_test_sock(test);
	int low, high;

	KUNIT_ASSERT_EQ(test, xtcp_test_bind(a, LO, 42010), 0);
	KUNIT_EXPECT_EQ(test, kernel_listen(a, 4), 0);
	KUNIT_EXPECT_EQ(test, a->sk->sk_state, TCP_LISTEN);
	KUNIT_EXPECT_TRUE(test, sk_hashed(a->sk));
	/* Listen again: only the backlog changes. */
	KUNIT_EXPECT_EQ(test, kernel_listen(a, 7), 0);
	KUNIT_EXPECT_EQ(test, a->sk->sk_max_ack_backlog, 7);
	/* Clamped by net.xinet.somaxconn. */
	KUNIT_EXPECT_EQ(test, kernel_listen(a, 1 << 30), 0);
	KUNIT_EXPECT_EQ(test, a->sk->sk_max_ack_backlog,
			xinet_net(&init_net)->sysctl_somaxconn);

	/* Another listener on a bound port: EADDRINUSE, and still CLOSE. */
	b->sk->sk_reuse = SK_CAN_REUSE;
	a->sk->sk_reuse = SK_CAN_REUSE;
	KUNIT_EXPECT_EQ(test, xtcp_test_bind(b, LO, 42010), -EADDRINUSE);

	KUNIT_EXPECT_EQ(test, kernel_listen(u, 4), 0);
	xinet_get_local_port_range(&init_net, &low, &high);
	KUNIT_EXPECT_GE(test, u->sk->sk_num, low);
	KUNIT_EXPECT_LE(test, u->sk->sk_num, high);
	KUNIT_EXPECT_EQ(test, ntohs(xinet_sk(u->sk)->xinet_sport),
			u->sk->sk_num);
	sock_release(u);
	sock_release(b);
	sock_release(a);
}

/* --- request socks --------------------------------------------------- */

static struct xrequest_sock *xtcp_test_req(struct kunit *test,
					   struct sock *listener, u16 rport)
{
	struct xrequest_sock *req = xreqsk_alloc(listener, true);

	KUNIT_ASSERT_NOT_NULL(test, req);
	req->xir_loc_addr = LO;
	req->xir_num = listener->sk_num;
	req->xir_rmt_addr = LO2;
	req->xir_rmt_port = htons(rport);
	req->xir_iif = 0;
	return req;
}

static struct sock *xtcp_test_lookup(u16 rport, u16 lport)
{
	struct sock *sk;

	rcu_read_lock();
	sk = __xinet_lookup_established(&init_net, &xtcp_hashinfo, LO2,
					htons(rport), LO, lport, 1);
	rcu_read_unlock();
	return sk;
}

static void xtcp_reqsk_lifecycle_test(struct kunit *test)
{
	struct socket *l = xtcp_test_sock(test);
	struct xrequest_sock *req, *dup;
	struct xrequest_sock_queue *queue;
	unsigned int listener_refs;
	struct sock *found;

	KUNIT_ASSERT_EQ(test, xtcp_test_bind(l, LO, 42020), 0);
	KUNIT_ASSERT_EQ(test, kernel_listen(l, 4), 0);
	queue = &xinet_csk(l->sk)->icsk_accept_queue;
	listener_refs = refcount_read(&l->sk->sk_refcnt);

	req = xtcp_test_req(test, l->sk, 50000);
	KUNIT_EXPECT_EQ(test, refcount_read(&l->sk->sk_refcnt),
			listener_refs + 1);
	KUNIT_EXPECT_EQ(test, req->__req_common.skc_state, TCP_NEW_SYN_RECV);
	/* Not in ehash, no reference: nobody can find it yet. */
	KUNIT_EXPECT_EQ(test, refcount_read(&req->xrsk_refcnt), 0);
	KUNIT_EXPECT_NULL(test, xtcp_test_lookup(50000, 42020));

	local_bh_disable();
	KUNIT_EXPECT_TRUE(test, xinet_csk_reqsk_queue_hash_add(l->sk, req));
	local_bh_enable();
	/* ehash, timer and ours. */
	KUNIT_EXPECT_EQ(test, refcount_read(&req->xrsk_refcnt), 3);
	KUNIT_EXPECT_EQ(test, xreqsk_queue_len(queue), 1);
	KUNIT_EXPECT_EQ(test, xreqsk_queue_len_young(queue), 1);

	found = xtcp_test_lookup(50000, 42020);
	KUNIT_EXPECT_PTR_EQ(test, found, xreq_to_sk(req));
	if (found)
		xinet_sock_gen_put(found);

	/* The same connection again (a SYN on another CPU) is refused. */
	dup = xtcp_test_req(test, l->sk, 50000);
	local_bh_disable();
	KUNIT_EXPECT_FALSE(test, xinet_csk_reqsk_queue_hash_add(l->sk, dup));
	local_bh_enable();
	__xreqsk_free(dup);
	KUNIT_EXPECT_EQ(test, xreqsk_queue_len(queue), 1);

	/* Dropped: out of ehash, timer stopped, the count back to 0. */
	local_bh_disable();
	KUNIT_EXPECT_TRUE(test, xinet_csk_reqsk_queue_drop(l->sk, req));
	local_bh_enable();
	KUNIT_EXPECT_EQ(test, refcount_read(&req->xrsk_refcnt), 1);
	KUNIT_EXPECT_EQ(test, xreqsk_queue_len(queue), 0);
	KUNIT_EXPECT_NULL(test, xtcp_test_lookup(50000, 42020));
	xreqsk_put(req);
	KUNIT_EXPECT_EQ(test, refcount_read(&l->sk->sk_refcnt), listener_refs);

	sock_release(l);
}

/* A request whose SYN-ACKs go unanswered expires on its own timer. */
static void xtcp_reqsk_expiry_test(struct kunit *test)
{
	struct xinet_net *xn = xinet_net(&init_net);
	u8 retries = xn->sysctl_tcp_synack_retries;
	struct socket *l = xtcp_test_sock(test);
	struct xrequest_sock *req;
	unsigned int listener_refs;

	KUNIT_ASSERT_EQ(test, xtcp_test_bind(l, LO, 42021), 0);
	KUNIT_ASSERT_EQ(test, kernel_listen(l, 4), 0);
	listener_refs = refcount_read(&l->sk->sk_refcnt);
	WRITE_ONCE(xn->sysctl_tcp_synack_retries, 0);

	req = xtcp_test_req(test, l->sk, 50001);
	local_bh_disable();
	KUNIT_EXPECT_TRUE(test, xinet_csk_reqsk_queue_hash_add(l->sk, req));
	local_bh_enable();
	xreqsk_put(req);
	KUNIT_EXPECT_EQ(test, xreqsk_queue_len(&xinet_csk(l->sk)->icsk_accept_queue), 1);

	/* XTCP_TIMEOUT_INIT (1 s), no retry allowed: gone after it. */
	msleep(1500);
	KUNIT_EXPECT_EQ(test, xreqsk_queue_len(&xinet_csk(l->sk)->icsk_accept_queue), 0);
	KUNIT_EXPECT_NULL(test, xtcp_test_lookup(50001, 42021));
	KUNIT_EXPECT_EQ(test, refcount_read(&l->sk->sk_refcnt), listener_refs);

	WRITE_ONCE(xn->sysctl_tcp_synack_retries, retries);
	sock_release(l);
}

/* --- the seed's example: an in-kernel client and server --------------- */

static void xtcp_kernel_client_test(struct kunit *test)
{
	struct sockaddr_xin addr = {
		.sxin_family = xinet_family,
		.sxin_port = htons(42030),
		.sxin_addr = LO,
	};
	struct socket *l, *c, *a = NULL;
	char buf[8] = {};
	struct kvec iov;
	struct msghdr msg = {};
	int err;

	KUNIT_ASSERT_EQ(test, sock_create_kern(&init_net, xinet_family,
					       SOCK_STREAM, 0, &l), 0);
	KUNIT_ASSERT_EQ(test, kernel_bind(l, (struct sockaddr *)&addr,
					  sizeof(addr)), 0);
	KUNIT_ASSERT_EQ(test, kernel_listen(l, 4), 0);

	KUNIT_ASSERT_EQ(test, sock_create_kern(&init_net, xinet_family,
					       SOCK_STREAM, 0, &c), 0);
	err = c->ops->connect(c, (struct sockaddr *)&addr, sizeof(addr), 0);
	KUNIT_EXPECT_EQ(test, err, 0);
	if (!err) {
		KUNIT_EXPECT_EQ(test, c->sk->sk_state, TCP_ESTABLISHED);
		KUNIT_EXPECT_EQ(test, kernel_accept(l, &a, 0), 0);
	}
	if (a) {
		iov.iov_base = "ping";
		iov.iov_len = 4;
		KUNIT_EXPECT_EQ(test, kernel_sendmsg(c, &msg, &iov, 1, 4), 4);
		iov.iov_base = buf;
		iov.iov_len = sizeof(buf);
		KUNIT_EXPECT_EQ(test, kernel_recvmsg(a, &msg, &iov, 1,
						     sizeof(buf), 0), 4);
		KUNIT_EXPECT_STREQ(test, buf, "ping");
		KUNIT_EXPECT_EQ(test, xinet_sk(a->sk)->xinet_num, 42030);
		KUNIT_EXPECT_EQ(test, ntohs(a->sk->sk_dport),
				ntohs(xinet_sk(c->sk)->xinet_sport));
		sock_release(a);
	}
	sock_release(c);
	sock_release(l);
}

static struct kunit_case xtcp_csk_cases[] = {
	KUNIT_CASE_PARAM(xtcp_conflict_test, xtcp_conflict_gen_params),
	KUNIT_CASE(xtcp_listen_test),
	KUNIT_CASE(xtcp_reqsk_lifecycle_test),
	KUNIT_CASE_SLOW(xtcp_reqsk_expiry_test),
	KUNIT_CASE(xtcp_kernel_client_test),
	{}
};

static struct kunit_suite xtcp_csk_suite = {
	.name = "xinet_tcp_csk",
	.test_cases = xtcp_csk_cases,
};

kunit_test_suite(xtcp_csk_suite);
