// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: AF_XINET TCP used from inside the kernel, as a kernel client
 * uses AF_INET: sock_create_kern(), sock->ops->connect() to 127.0.0.1
 * against a listener made with kernel_bind()/kernel_listen()/
 * kernel_accept(), kernel_sendmsg()/kernel_recvmsg(), sock_release().
 *
 * Every case runs on AF_INET first, as the oracle, then on AF_XINET.
 * Both ends live in one test, so the connect runs in a kthread while the
 * test accepts.  Every socket has 5 s receive and send timeouts and every
 * thread is waited for with a bound, so that a broken TCP fails a case
 * instead of hanging it; the sockets are released by KUnit actions on
 * every exit, after the threads that use them are done.
 */

#include <kunit/test.h>
#include <linux/completion.h>
#include <linux/delay.h>
#include <linux/in.h>
#include <linux/kthread.h>
#include <linux/net.h>
#include <linux/slab.h>
#include <linux/uio.h>
#include <net/sock.h>
#include <net/tcp.h>
#include <linux/xinet.h>
#include <net/xinet/af_xinet.h>
#include <net/xinet/compat.h>
#include <net/xinet/netns.h>
#include <net/xinet/xtcp.h>

#define XKC_TIMEOUT	(5 * HZ)
/* A thread stuck longer than this is woken by shutting its socket down. */
#define XKC_THREAD_WAIT	(30 * HZ)
#define XKC_BULK	(1 << 20)
#define XKC_CHUNK	(64 << 10)

struct xkc_family {
	const char *name;
	int family;		/* 0: xinet's, known only at load */
};

static const struct xkc_family xkc_families[] = {
	{ "AF_INET", AF_INET },
	{ "AF_XINET", 0 },
};

static void xkc_family_desc(const struct xkc_family *f, char *desc)
{
	strscpy(desc, f->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(xkc_family, xkc_families, xkc_family_desc);

static int xkc_param_family(struct kunit *test)
{
	const struct xkc_family *f = test->param_value;

	return f->family ?: xinet_family;
}

/* A connection: the listener, the client and the accepted end. */
struct xkc_conn {
	int family;
	struct socket *listener;
	struct socket *client;
	struct socket *server;
	struct sockaddr_in laddr;	/* the listener's address */
};

static void xkc_release(void *sock)
{
	sock_release(sock);
}

/* A kernel socket with bounded blocking, released when the test ends. */
static struct socket *xkc_socket(struct kunit *test, int family)
{
	struct socket *sock;
	int err;

	err = sock_create_kern(&init_net, family, SOCK_STREAM, 0, &sock);
	KUNIT_ASSERT_EQ_MSG(test, err, 0, "sock_create_kern(%d, SOCK_STREAM)",
			    family);
	WRITE_ONCE(sock->sk->sk_rcvtimeo, XKC_TIMEOUT);
	WRITE_ONCE(sock->sk->sk_sndtimeo, XKC_TIMEOUT);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, xkc_release,
							sock), 0);
	return sock;
}

static void xkc_loopback(struct sockaddr_in *sin, int family, u16 port)
{
	memset(sin, 0, sizeof(*sin));
	sin->sin_family = family;
	sin->sin_port = htons(port);
	sin->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
}

/* --- threads ----------------------------------------------------------- */

/*
 * One blocking call on @sock, in a kthread of its own.  The test waits
 * for it with xkc_thread_wait(), which KUnit also runs at the end of the
 * case (before the socket's release, registered earlier), however the
 * case ends.
 */
struct xkc_thread {
	struct completion done;
	struct socket *sock;
	int (*fn)(struct xkc_thread *t);
	struct sockaddr_in addr;	/* connect: where to */
	int writes;			/* small writes: how many */
	bool tos_changes;		/* a new TOS for each */
	int err;
	bool waited;
};

static int xkc_thread_fn(void *data)
{
	struct xkc_thread *t = data;

	t->err = t->fn(t);
	complete(&t->done);
	return 0;
}

static void xkc_thread_wait(void *data)
{
	struct xkc_thread *t = data;

	if (t->waited)
		return;
	if (!wait_for_completion_timeout(&t->done, XKC_THREAD_WAIT)) {
		/* It ignored its timeouts: wake it the hard way. */
		pr_err("xtcp_kernel_client_test: thread stuck, shutting its socket down\n");
		kernel_sock_shutdown(t->sock, SHUT_RDWR);
		wait_for_completion(&t->done);
	}
	t->waited = true;
}

/* A thread's state, for its arguments to be set before it runs. */
static struct xkc_thread *xkc_thread_alloc(struct kunit *test,
					   struct socket *sock,
					   int (*fn)(struct xkc_thread *t))
{
	struct xkc_thread *t = kunit_kzalloc(test, sizeof(*t), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, t);
	init_completion(&t->done);
	t->sock = sock;
	t->fn = fn;
	return t;
}

static void xkc_thread_run(struct kunit *test, struct xkc_thread *t)
{
	struct task_struct *task;

	task = kthread_run(xkc_thread_fn, t, "xkc_test");
	KUNIT_ASSERT_FALSE(test, IS_ERR(task));
	/* On failure the action runs at once: the wait, then the assert. */
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, xkc_thread_wait,
							t), 0);
}

static struct xkc_thread *xkc_thread_start(struct kunit *test,
					   struct socket *sock,
					   int (*fn)(struct xkc_thread *t),
					   const struct sockaddr_in *addr)
{
	struct xkc_thread *t = xkc_thread_alloc(test, sock, fn);

	if (addr)
		t->addr = *addr;
	xkc_thread_run(test, t);
	return t;
}

/* Waits for @t (bounded, see xkc_thread_wait()) and returns its result. */
static int xkc_thread_join(struct kunit *test, struct xkc_thread *t)
{
	kunit_release_action(test, xkc_thread_wait, t);
	return t->err;
}

/* The seed's example: a blocking connect through the socket's ops. */
static int xkc_connect_fn(struct xkc_thread *t)
{
	return t->sock->ops->connect(t->sock, (struct sockaddr *)&t->addr,
				     sizeof(t->addr), 0);
}

/* --- the connection ---------------------------------------------------- */

static void xkc_connect(struct kunit *test, struct xkc_conn *c)
{
	struct xkc_thread *t;
	int err, len;

	c->family = xkc_param_family(test);
	c->listener = xkc_socket(test, c->family);
	sock_set_reuseaddr(c->listener->sk);
	xkc_loopback(&c->laddr, c->family, 0);
	err = kernel_bind(c->listener, (struct sockaddr *)&c->laddr,
			  sizeof(c->laddr));
	KUNIT_ASSERT_EQ_MSG(test, err, 0, "kernel_bind(127.0.0.1:0)");
	len = kernel_getsockname(c->listener, (struct sockaddr *)&c->laddr);
	KUNIT_ASSERT_EQ(test, len, (int)sizeof(struct sockaddr_in));
	KUNIT_ASSERT_NE(test, ntohs(c->laddr.sin_port), 0);
	err = kernel_listen(c->listener, 8);
	KUNIT_ASSERT_EQ_MSG(test, err, 0, "kernel_listen");

	c->client = xkc_socket(test, c->family);
	t = xkc_thread_start(test, c->client, xkc_connect_fn, &c->laddr);

	err = kernel_accept(c->listener, &c->server, 0);
	if (!err)
		KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test,
					xkc_release, c->server), 0);
	/* The connect's result first: it says more than the accept's. */
	KUNIT_ASSERT_EQ_MSG(test, xkc_thread_join(test, t), 0,
			    "sock->ops->connect(127.0.0.1:%u)",
			    ntohs(c->laddr.sin_port));
	KUNIT_ASSERT_EQ_MSG(test, err, 0, "kernel_accept");
	WRITE_ONCE(c->server->sk->sk_rcvtimeo, XKC_TIMEOUT);
	WRITE_ONCE(c->server->sk->sk_sndtimeo, XKC_TIMEOUT);
}

/* One end's name or its peer's, as kernel_getsockname/getpeername give. */
static void xkc_expect_name(struct kunit *test, struct socket *sock,
			    bool peer, int family, __be16 port)
{
	struct sockaddr_in sin;
	int len;

	memset(&sin, 0xa5, sizeof(sin));
	len = peer ? kernel_getpeername(sock, (struct sockaddr *)&sin) :
		     kernel_getsockname(sock, (struct sockaddr *)&sin);
	KUNIT_EXPECT_EQ(test, len, (int)sizeof(sin));
	KUNIT_EXPECT_EQ(test, sin.sin_family, family);
	KUNIT_EXPECT_EQ(test, ntohl(sin.sin_addr.s_addr), INADDR_LOOPBACK);
	if (port)
		KUNIT_EXPECT_EQ(test, ntohs(sin.sin_port), ntohs(port));
	else
		KUNIT_EXPECT_NE(test, ntohs(sin.sin_port), 0);
}

static int xkc_recv(struct socket *sock, void *buf, size_t len)
{
	struct kvec vec = { .iov_base = buf, .iov_len = len };
	struct msghdr msg = { 0 };

	return kernel_recvmsg(sock, &msg, &vec, 1, len, 0);
}

/*
 * The orderly close of a connection, then the checks that nothing is
 * left: the client shuts its side down, the server reads EOF and
 * closes, the client reads EOF and closes; both full sockets must then
 * be freed (only the reference taken here left), the protocol's count
 * of sockets in use (/proc/net/sockstat's "inuse") back where it was,
 * and the port free for a new listener with SO_REUSEADDR (the server
 * end's TIME_WAIT does not block it).
 */
static void xkc_close(struct kunit *test, struct xkc_conn *c, int inuse)
{
	struct sock *csk = c->client->sk, *ssk = c->server->sk;
	struct proto *prot = csk->sk_prot;
	unsigned long deadline;
	struct socket *again;
	char b;
	int err;

	sock_hold(csk);
	sock_hold(ssk);
	KUNIT_EXPECT_EQ(test, kernel_sock_shutdown(c->client, SHUT_WR), 0);
	KUNIT_EXPECT_EQ_MSG(test, xkc_recv(c->server, &b, 1), 0,
			    "the server reads EOF");
	kunit_release_action(test, xkc_release, c->server);
	KUNIT_EXPECT_EQ_MSG(test, xkc_recv(c->client, &b, 1), 0,
			    "the client reads EOF");
	kunit_release_action(test, xkc_release, c->client);
	kunit_release_action(test, xkc_release, c->listener);

	deadline = jiffies + XKC_TIMEOUT;
	while ((refcount_read(&csk->sk_refcnt) > 1 ||
		refcount_read(&ssk->sk_refcnt) > 1) &&
	       time_before(jiffies, deadline))
		msleep(20);
	KUNIT_EXPECT_EQ_MSG(test, refcount_read(&csk->sk_refcnt), 1,
			    "the client's sock is freed after close");
	KUNIT_EXPECT_EQ_MSG(test, refcount_read(&ssk->sk_refcnt), 1,
			    "the server's sock is freed after close");
	sock_put(csk);
	sock_put(ssk);
	KUNIT_EXPECT_EQ(test, sock_prot_inuse_get(&init_net, prot), inuse);

	again = xkc_socket(test, c->family);
	sock_set_reuseaddr(again->sk);
	err = kernel_bind(again, (struct sockaddr *)&c->laddr,
			  sizeof(c->laddr));
	KUNIT_EXPECT_EQ_MSG(test, err, 0, "bind 127.0.0.1:%u again",
			    ntohs(c->laddr.sin_port));
	if (!err)
		KUNIT_EXPECT_EQ(test, kernel_listen(again, 8), 0);
	kunit_release_action(test, xkc_release, again);
}

/* The protocol's sockets in use in init_net, before the case makes any. */
static int xkc_inuse(struct kunit *test)
{
	struct socket *sock = xkc_socket(test, xkc_param_family(test));
	int inuse = sock_prot_inuse_get(&init_net, sock->sk->sk_prot);

	kunit_release_action(test, xkc_release, sock);
	return inuse;
}

/* --- the cases --------------------------------------------------------- */

/* Connect, accept, both ends' names, orderly close, nothing left. */
static void xkc_connect_accept_test(struct kunit *test)
{
	int inuse = xkc_inuse(test);
	struct sockaddr_in cname;
	struct xkc_conn c = { 0 };

	xkc_connect(test, &c);

	KUNIT_ASSERT_EQ(test, kernel_getsockname(c.client,
						 (struct sockaddr *)&cname),
			(int)sizeof(cname));
	xkc_expect_name(test, c.client, false, c.family, cname.sin_port);
	KUNIT_EXPECT_NE(test, ntohs(cname.sin_port), 0);
	KUNIT_EXPECT_NE(test, ntohs(cname.sin_port),
			ntohs(c.laddr.sin_port));
	xkc_expect_name(test, c.client, true, c.family, c.laddr.sin_port);
	xkc_expect_name(test, c.server, false, c.family, c.laddr.sin_port);
	xkc_expect_name(test, c.server, true, c.family, cname.sin_port);
	/* The listener has no peer; AF_INET says ENOTCONN. */
	KUNIT_EXPECT_EQ(test, kernel_getpeername(c.listener,
						 (struct sockaddr *)&cname),
			-ENOTCONN);

	xkc_close(test, &c, inuse);
}

static u8 xkc_pattern(size_t off)
{
	return (u8)((off * 2654435761u) >> 13);
}

/* Sends XKC_BULK bytes of the pattern in chunks of XKC_CHUNK. */
static int xkc_send_bulk_fn(struct xkc_thread *t)
{
	u8 *buf = kmalloc(XKC_CHUNK, GFP_KERNEL);
	size_t off = 0, i;
	int ret = 0;

	if (!buf)
		return -ENOMEM;
	while (off < XKC_BULK) {
		struct msghdr msg = { .msg_flags = MSG_NOSIGNAL };
		size_t len = min_t(size_t, XKC_CHUNK, XKC_BULK - off);
		struct kvec vec = { .iov_base = buf, .iov_len = len };

		for (i = 0; i < len; i++)
			buf[i] = xkc_pattern(off + i);
		ret = kernel_sendmsg(t->sock, &msg, &vec, 1, len);
		if (ret <= 0)
			break;
		off += ret;
		ret = 0;
	}
	kfree(buf);
	return off == XKC_BULK ? 0 : (ret ?: -EIO);
}

/* Receives XKC_BULK bytes on @sock and checks them against the pattern. */
static void xkc_recv_bulk(struct kunit *test, struct socket *sock,
			  const char *dir)
{
	u8 *buf = kunit_kmalloc(test, XKC_CHUNK, GFP_KERNEL);
	size_t off = 0, bad = XKC_BULK, i;
	int ret = 0;

	KUNIT_ASSERT_NOT_NULL(test, buf);
	while (off < XKC_BULK) {
		ret = xkc_recv(sock, buf, min_t(size_t, XKC_CHUNK,
						XKC_BULK - off));
		if (ret <= 0)
			break;
		for (i = 0; i < (size_t)ret && bad == XKC_BULK; i++)
			if (buf[i] != xkc_pattern(off + i))
				bad = off + i;
		off += ret;
	}
	KUNIT_EXPECT_EQ_MSG(test, off, (size_t)XKC_BULK,
			    "%s: received %zu bytes of %d (last recv: %d)",
			    dir, off, XKC_BULK, ret);
	KUNIT_EXPECT_EQ_MSG(test, bad, (size_t)XKC_BULK,
			    "%s: first wrong byte at offset %zu", dir, bad);
	kunit_kfree(test, buf);
}

/* 1 MiB each way through kernel_sendmsg/kernel_recvmsg, then close. */
static void xkc_bulk_test(struct kunit *test)
{
	int inuse = xkc_inuse(test);
	struct xkc_conn c = { 0 };
	struct xkc_thread *t;

	xkc_connect(test, &c);

	t = xkc_thread_start(test, c.client, xkc_send_bulk_fn, NULL);
	xkc_recv_bulk(test, c.server, "client to server");
	KUNIT_EXPECT_EQ(test, xkc_thread_join(test, t), 0);

	t = xkc_thread_start(test, c.server, xkc_send_bulk_fn, NULL);
	xkc_recv_bulk(test, c.client, "server to client");
	KUNIT_EXPECT_EQ(test, xkc_thread_join(test, t), 0);

	xkc_close(test, &c, inuse);
}

/* --- ACKs for a backlog -------------------------------------------------- */

#define XKC_SMALL	100	/* bytes per small write */

static int xkc_setsockopt_int(struct socket *sock, int level, int name,
			      int val)
{
	return sock->ops->setsockopt(sock, level, name, KERNEL_SOCKPTR(&val),
				     sizeof(val));
}

/*
 * t->writes writes of XKC_SMALL bytes (TCP_NODELAY is set: a segment
 * each), each with a new TOS when t->tos_changes, which keeps the
 * receiver's backlog from joining them.
 */
static int xkc_send_small_fn(struct xkc_thread *t)
{
	u8 buf[XKC_SMALL];
	int i, ret;

	memset(buf, 'a', sizeof(buf));
	for (i = 0; i < t->writes; i++) {
		struct kvec vec = { .iov_base = buf, .iov_len = sizeof(buf) };
		struct msghdr msg = { 0 };

		if (t->tos_changes) {
			ret = xkc_setsockopt_int(t->sock, SOL_IP, IP_TOS,
						 (i & 1) ? 0x10 : 0x08);
			if (ret)
				return ret;
		}
		ret = kernel_sendmsg(t->sock, &msg, &vec, 1, sizeof(buf));
		if (ret != sizeof(buf))
			return ret < 0 ? ret : -EIO;
	}
	return 0;
}

/* The segments @sock's TCP has sent (tcpi_segs_out), either family. */
static u32 xkc_segs_out(struct socket *sock, int family)
{
	struct tcp_info info;

	if (family == AF_INET)
		tcp_get_info(sock->sk, &info);
	else
		xtcp_get_info(sock->sk, &info);
	return info.tcpi_segs_out;
}

/* The skbs in @sk's backlog and the TCP payload they carry. */
static u32 xkc_backlog(struct sock *sk, u32 *nr)
{
	struct sk_buff *skb;
	u32 bytes = 0;

	*nr = 0;
	spin_lock_bh(&sk->sk_lock.slock);
	for (skb = sk->sk_backlog.head; skb; skb = skb->next) {
		const struct tcphdr *th = (const struct tcphdr *)skb->data;

		bytes += skb->len - th->doff * 4;
		(*nr)++;
	}
	spin_unlock_bh(&sk->sk_lock.slock);
	return bytes;
}

/*
 * With the server's socket owned (lock_sock(), as by a reader in
 * recvmsg), the client writes @writes small segments: they wait in the
 * server's backlog, as @backlog_skbs skbs (0: any number up to @writes);
 * at release_sock() the server
 * processes them and sends @acks ACKs (every segment here calls for one
 * at once: quick-ACK mode).  The data then reads back intact.
 */
static void xkc_backlog_round(struct kunit *test, struct xkc_conn *c,
			      int writes, bool tos_changes, u32 backlog_skbs,
			      u32 acks)
{
	struct sock *ssk = c->server->sk;
	unsigned long deadline;
	struct xkc_thread *t;
	u32 bytes, nr, before;
	u8 buf[XKC_SMALL];
	int got = 0, ret;

	/* TCP_INFO locks the socket: read it before, as owning it sends nothing. */
	before = xkc_segs_out(c->server, c->family);
	lock_sock(ssk);
	/* Another task sends: lockdep sees one socket lock per task. */
	t = xkc_thread_alloc(test, c->client, xkc_send_small_fn);
	t->writes = writes;
	t->tos_changes = tos_changes;
	xkc_thread_run(test, t);
	KUNIT_EXPECT_EQ(test, xkc_thread_join(test, t), 0);
	deadline = jiffies + XKC_TIMEOUT;
	while ((bytes = xkc_backlog(ssk, &nr)) < writes * XKC_SMALL &&
	       time_before(jiffies, deadline))
		usleep_range(500, 1000);
	release_sock(ssk);

	KUNIT_EXPECT_EQ_MSG(test, bytes, (u32)(writes * XKC_SMALL),
			    "bytes in the backlog");
	/* 0: as many as the writes at most (how many join is the stack's). */
	if (backlog_skbs)
		KUNIT_EXPECT_EQ_MSG(test, nr, backlog_skbs,
				    "skbs in the backlog (TOS changes: %d)",
				    tos_changes);
	else
		KUNIT_EXPECT_LE(test, nr, (u32)writes);
	kunit_info(test, "%d writes, %u skbs in the backlog, TOS changes %d\n",
		   writes, nr, tos_changes);
	KUNIT_EXPECT_EQ_MSG(test, xkc_segs_out(c->server, c->family) - before,
			    acks, "ACKs sent for the backlog");
	while (got < writes * XKC_SMALL) {
		ret = xkc_recv(c->server, buf, sizeof(buf));
		if (ret <= 0)
			break;
		KUNIT_EXPECT_NULL(test, memchr_inv(buf, 'a', ret));
		got += ret;
	}
	KUNIT_EXPECT_EQ(test, got, writes * XKC_SMALL);
}

static void xkc_backlog_sysctls(u8 timestamps, u8 ack_defer)
{
	struct xinet_net *xn = xinet_net(&init_net);

	WRITE_ONCE(xn->sysctl_tcp_timestamps, timestamps);
	WRITE_ONCE(init_net.ipv4.sysctl_tcp_timestamps, timestamps);
	WRITE_ONCE(xn->sysctl_tcp_backlog_ack_defer, ack_defer);
	xinet_inet_set_backlog_ack_defer(&init_net, ack_defer);
}

/* The defaults back, however the case ends. */
static void xkc_backlog_sysctls_restore(void *data)
{
	xkc_backlog_sysctls(1, 1);
}

/*
 * What a receiver does with the segments that arrived while its socket
 * was owned (tcp_add_backlog(), tcp_backlog_ack_defer): segments that
 * continue each other get one ACK, whether they joined in the backlog
 * or not (over loopback Linux's do not: each is a clone of the sender's
 * queued skb, which skb_try_coalesce() leaves alone); segments that
 * cannot join (each with its own TOS) get one ACK for the lot while
 * net.*.tcp_backlog_ack_defer is 1, one each at 0.
 */
static void xkc_backlog_test(struct kunit *test)
{
	struct xkc_conn c = { 0 };

	if (xkc_param_family(test) == AF_INET && !XINET_INET_BACKLOG_ACK_DEFER)
		kunit_skip(test, "this kernel's TCP has no tcp_backlog_ack_defer");
	/*
	 * Without timestamps: segments whose options differ (a TSval a
	 * millisecond on) do not join, which would make the count depend
	 * on the clock.
	 */
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test,
				xkc_backlog_sysctls_restore, NULL), 0);
	xkc_backlog_sysctls(0, 1);
	xkc_connect(test, &c);
	KUNIT_ASSERT_EQ(test, xkc_setsockopt_int(c.client, SOL_TCP,
						 TCP_NODELAY, 1), 0);

	xkc_backlog_round(test, &c, 6, false, 0, 1);
	xkc_backlog_round(test, &c, 4, true, 4, 1);

	xkc_backlog_sysctls(0, 0);
	xkc_backlog_round(test, &c, 4, true, 4, 4);
}

static struct kunit_case xkc_cases[] = {
	KUNIT_CASE_PARAM(xkc_connect_accept_test, xkc_family_gen_params),
	KUNIT_CASE_PARAM(xkc_bulk_test, xkc_family_gen_params),
	KUNIT_CASE_PARAM(xkc_backlog_test, xkc_family_gen_params),
	{}
};

static struct kunit_suite xkc_suite = {
	.name = "xinet_tcp_kernel_client",
	.test_cases = xkc_cases,
};

kunit_test_suite(xkc_suite);
