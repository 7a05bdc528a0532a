// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the UDP table of net/xinet/xudp.c - port allocation, the bind
 * conflict rules, the receive lookup with many sockets and the spread
 * of SO_REUSEPORT groups.  The sockets are real AF_XINET UDP sockets of
 * init_net, put in the table through xudp_v4_get_port() with the local
 * address set by hand, so that no address needs to be configured.
 */

#include <kunit/test.h>
#include <linux/in.h>
#include <linux/net.h>
#include <linux/slab.h>
#include <net/sock.h>
#include <net/sock_reuseport.h>
#include <net/tcp_states.h>
#include <linux/xinet.h>
#include <net/xinet/af_xinet.h>
#include <net/xinet/netns.h>
#include <net/xinet/xudp.h>

#define ADDR(a, b, c, d)	htonl((a) << 24 | (b) << 16 | (c) << 8 | (d))

static struct socket *xudp_test_sock(struct kunit *test)
{
	struct socket *sock;

	KUNIT_ASSERT_EQ(test, sock_create_kern(&init_net, xinet_family,
					       SOCK_DGRAM, IPPROTO_UDP, &sock),
			0);
	return sock;
}

/* What __xinet_bind() does once the address is checked. */
static int xudp_test_bind(struct socket *sock, __be32 addr, u16 port)
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
	}
	release_sock(sk);
	return err;
}

/* Pretend @sk connected to @daddr:@dport (what xip4_datagram_connect sets). */
static void xudp_test_connect(struct socket *sock, __be32 daddr, u16 dport)
{
	struct sock *sk = sock->sk;

	lock_sock(sk);
	sk->sk_daddr = daddr;
	sk->sk_dport = htons(dport);
	reuseport_has_conns_set(sk);
	sk->sk_state = TCP_ESTABLISHED;
	release_sock(sk);
}

static void xudp_test_release_all(struct socket **socks, int n)
{
	int i;

	for (i = 0; i < n; i++)
		if (socks[i])
			sock_release(socks[i]);
}

/* --- ephemeral ports -------------------------------------------------- */

static void xudp_set_range(int low, int high)
{
	WRITE_ONCE(xinet_net(&init_net)->ip_local_ports_range,
		   (u32)high << 16 | low);
}

static void xudp_ephemeral_in_range_test(struct kunit *test)
{
	struct socket *socks[64] = {};
	DECLARE_BITMAP(seen, 100);
	int low, high, i;

	xinet_get_local_port_range(&init_net, &low, &high);
	xudp_set_range(40000, 40099);
	bitmap_zero(seen, 100);
	for (i = 0; i < ARRAY_SIZE(socks); i++) {
		u16 port;

		socks[i] = xudp_test_sock(test);
		KUNIT_EXPECT_EQ(test, xudp_test_bind(socks[i], 0, 0), 0);
		port = socks[i]->sk->sk_num;
		KUNIT_EXPECT_GE(test, port, 40000);
		KUNIT_EXPECT_LE(test, port, 40099);
		if (port >= 40000 && port <= 40099) {
			/* Every socket got a port of its own. */
			KUNIT_EXPECT_FALSE(test, test_bit(port - 40000, seen));
			__set_bit(port - 40000, seen);
		}
		KUNIT_EXPECT_EQ(test, ntohs(xinet_sk(socks[i]->sk)->xinet_sport),
				port);
	}
	xudp_set_range(low, high);
	xudp_test_release_all(socks, ARRAY_SIZE(socks));
}

static void xudp_ephemeral_exhaustion_test(struct kunit *test)
{
	struct socket *socks[5] = {};
	int low, high, i;

	xinet_get_local_port_range(&init_net, &low, &high);
	xudp_set_range(41000, 41003);
	for (i = 0; i < 4; i++) {
		socks[i] = xudp_test_sock(test);
		KUNIT_EXPECT_EQ(test, xudp_test_bind(socks[i], 0, 0), 0);
	}
	socks[4] = xudp_test_sock(test);
	KUNIT_EXPECT_EQ(test, xudp_test_bind(socks[4], 0, 0), -EADDRINUSE);
	KUNIT_EXPECT_EQ(test, socks[4]->sk->sk_num, 0);

	/* Closing one frees its port for the next. */
	sock_release(socks[0]);
	socks[0] = NULL;
	KUNIT_EXPECT_EQ(test, xudp_test_bind(socks[4], 0, 0), 0);

	/* A port taken on a specific address is taken for the wildcard. */
	xudp_set_range(41010, 41010);
	sock_release(socks[1]);
	socks[1] = xudp_test_sock(test);
	KUNIT_EXPECT_EQ(test, xudp_test_bind(socks[1], ADDR(127, 0, 0, 1),
					     41010), 0);
	sock_release(socks[2]);
	socks[2] = xudp_test_sock(test);
	KUNIT_EXPECT_EQ(test, xudp_test_bind(socks[2], 0, 0), -EADDRINUSE);

	xudp_set_range(low, high);
	xudp_test_release_all(socks, ARRAY_SIZE(socks));
}

/* --- bind conflicts --------------------------------------------------- */

struct xudp_conflict_case {
	const char *name;
	__be32 addr1, addr2;
	bool reuse1, reuse2;		/* SO_REUSEADDR */
	bool reuseport1, reuseport2;	/* SO_REUSEPORT */
	bool other_uid;			/* second socket of another user */
	int dev1, dev2;			/* SO_BINDTODEVICE ifindex */
	int err;			/* second bind's result */
};

#define LO	ADDR(127, 0, 0, 1)
#define LO2	ADDR(127, 0, 0, 2)
#define ANY	htonl(INADDR_ANY)

static const struct xudp_conflict_case xudp_conflict_cases[] = {
	{ "same_addr", LO, LO, .err = -EADDRINUSE },
	{ "other_addr", LO, LO2, .err = 0 },
	{ "wildcard_then_addr", ANY, LO, .err = -EADDRINUSE },
	{ "addr_then_wildcard", LO, ANY, .err = -EADDRINUSE },
	{ "wildcard_twice", ANY, ANY, .err = -EADDRINUSE },
	{ "reuseaddr_both", LO, LO, true, true, .err = 0 },
	{ "reuseaddr_wildcard_both", ANY, LO, true, true, .err = 0 },
	{ "reuseaddr_first_only", LO, LO, true, false, .err = -EADDRINUSE },
	{ "reuseaddr_second_only", LO, LO, false, true, .err = -EADDRINUSE },
	{ "reuseport_both", LO, LO, .reuseport1 = true, .reuseport2 = true,
	  .err = 0 },
	{ "reuseport_wildcard_both", ANY, ANY, .reuseport1 = true,
	  .reuseport2 = true, .err = 0 },
	{ "reuseport_mixed_addr", ANY, LO, .reuseport1 = true,
	  .reuseport2 = true, .err = 0 },
	{ "reuseport_other_uid", LO, LO, .reuseport1 = true,
	  .reuseport2 = true, .other_uid = true, .err = -EADDRINUSE },
	{ "reuseport_first_only", LO, LO, .reuseport1 = true,
	  .err = -EADDRINUSE },
	{ "reuseport_second_only", LO, LO, .reuseport2 = true,
	  .err = -EADDRINUSE },
	{ "reuseaddr_other_uid", LO, LO, true, true, .other_uid = true,
	  .err = 0 },
	{ "other_devices", LO, LO, .dev1 = 1, .dev2 = 2, .err = 0 },
	{ "same_device", LO, LO, .dev1 = 1, .dev2 = 1, .err = -EADDRINUSE },
	{ "device_and_none", LO, LO, .dev1 = 1, .err = -EADDRINUSE },
};

static void xudp_conflict_desc(const struct xudp_conflict_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(xudp_conflict, xudp_conflict_cases, xudp_conflict_desc);

static void xudp_conflict_test(struct kunit *test)
{
	const struct xudp_conflict_case *c = test->param_value;
	struct socket *a = xudp_test_sock(test);
	struct socket *b = xudp_test_sock(test);

	a->sk->sk_reuse = c->reuse1 ? SK_CAN_REUSE : SK_NO_REUSE;
	b->sk->sk_reuse = c->reuse2 ? SK_CAN_REUSE : SK_NO_REUSE;
	a->sk->sk_reuseport = c->reuseport1;
	b->sk->sk_reuseport = c->reuseport2;
	a->sk->sk_bound_dev_if = c->dev1;
	b->sk->sk_bound_dev_if = c->dev2;
	if (c->other_uid)
		SOCK_INODE(b)->i_uid = KUIDT_INIT(__kuid_val(SOCK_INODE(a)->i_uid) + 1000);

	KUNIT_ASSERT_EQ(test, xudp_test_bind(a, c->addr1, 42000), 0);
	KUNIT_EXPECT_EQ(test, xudp_test_bind(b, c->addr2, 42000), c->err);
	if (!c->err) {
		KUNIT_EXPECT_EQ(test, b->sk->sk_num, 42000);
		KUNIT_EXPECT_TRUE(test, sk_hashed(b->sk));
	} else {
		KUNIT_EXPECT_EQ(test, b->sk->sk_num, 0);
		KUNIT_EXPECT_FALSE(test, sk_hashed(b->sk));
	}
	sock_release(b);
	/* The first socket's port is still its own, and goes with it. */
	KUNIT_EXPECT_TRUE(test, sk_hashed(a->sk));
	sock_release(a);
	b = xudp_test_sock(test);
	KUNIT_EXPECT_EQ(test, xudp_test_bind(b, c->addr1, 42000), 0);
	sock_release(b);
}

/* --- lookup ----------------------------------------------------------- */

#define XUDP_MANY	2048
/* Longest chain walk accepted for one lookup: flat, whatever XUDP_MANY. */
#define XUDP_MAX_WALK	40

static struct sock *xudp_lookup(struct kunit *test, __be32 saddr, u16 sport,
				__be32 daddr, u16 dport, unsigned int *total)
{
	struct xudp_lookup_stats stats = {};
	struct sock *sk;

	rcu_read_lock();
	sk = __xudp4_lib_lookup(&init_net, saddr, htons(sport), daddr,
				htons(dport), 0, NULL, &stats);
	rcu_read_unlock();
	KUNIT_EXPECT_LE(test, stats.visited, XUDP_MAX_WALK);
	if (total)
		*total += stats.visited;
	return sk;
}

static void xudp_lookup_many_test(struct kunit *test)
{
	struct socket **socks, *wild, *conn, *plain, *other_port[64];
	unsigned int total = 0;
	int i;

	socks = kunit_kcalloc(test, XUDP_MANY, sizeof(*socks), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, socks);

	/* XUDP_MANY sockets on one port, each on its own address. */
	for (i = 0; i < XUDP_MANY; i++) {
		socks[i] = xudp_test_sock(test);
		KUNIT_ASSERT_EQ(test, xudp_test_bind(socks[i],
						     ADDR(10, 1, i >> 8, i & 255),
						     43000), 0);
	}
	/* The wildcard socket can join only with SO_REUSEADDR on all. */
	wild = xudp_test_sock(test);
	wild->sk->sk_reuse = SK_CAN_REUSE;
	KUNIT_EXPECT_EQ(test, xudp_test_bind(wild, ANY, 43000), -EADDRINUSE);
	for (i = 0; i < XUDP_MANY; i++)
		socks[i]->sk->sk_reuse = SK_CAN_REUSE;
	KUNIT_ASSERT_EQ(test, xudp_test_bind(wild, ANY, 43000), 0);

	/* A connected and an unconnected socket on 10.2.0.1:43000. */
	plain = xudp_test_sock(test);
	plain->sk->sk_reuse = SK_CAN_REUSE;
	KUNIT_ASSERT_EQ(test, xudp_test_bind(plain, ADDR(10, 2, 0, 1), 43000),
			0);
	conn = xudp_test_sock(test);
	conn->sk->sk_reuse = SK_CAN_REUSE;
	KUNIT_ASSERT_EQ(test, xudp_test_bind(conn, ADDR(10, 2, 0, 1), 43000),
			0);
	xudp_test_connect(conn, ADDR(192, 0, 2, 1), 7);

	/* Wildcard sockets on other ports. */
	for (i = 0; i < ARRAY_SIZE(other_port); i++) {
		other_port[i] = xudp_test_sock(test);
		KUNIT_ASSERT_EQ(test, xudp_test_bind(other_port[i], ANY,
						     44000 + i), 0);
	}

	/* Exact address beats the wildcard, for every address. */
	for (i = 0; i < XUDP_MANY; i++)
		KUNIT_EXPECT_PTR_EQ(test,
				    xudp_lookup(test, ADDR(192, 0, 2, 9), 1234,
						ADDR(10, 1, i >> 8, i & 255),
						43000, &total),
				    socks[i]->sk);
	/* The walks stay short on average too. */
	KUNIT_EXPECT_LE(test, total / XUDP_MANY, 8);

	/* An address nobody bound falls to the wildcard. */
	KUNIT_EXPECT_PTR_EQ(test, xudp_lookup(test, ADDR(192, 0, 2, 9), 1234,
					      ADDR(10, 3, 0, 1), 43000, NULL),
			    wild->sk);
	/* The connected socket takes its peer's datagrams only. */
	KUNIT_EXPECT_PTR_EQ(test, xudp_lookup(test, ADDR(192, 0, 2, 1), 7,
					      ADDR(10, 2, 0, 1), 43000, NULL),
			    conn->sk);
	KUNIT_EXPECT_PTR_EQ(test, xudp_lookup(test, ADDR(192, 0, 2, 1), 8,
					      ADDR(10, 2, 0, 1), 43000, NULL),
			    plain->sk);
	KUNIT_EXPECT_PTR_EQ(test, xudp_lookup(test, ADDR(192, 0, 2, 2), 7,
					      ADDR(10, 2, 0, 1), 43000, NULL),
			    plain->sk);
	/* Other ports: their own socket, or nobody. */
	for (i = 0; i < ARRAY_SIZE(other_port); i++)
		KUNIT_EXPECT_PTR_EQ(test,
				    xudp_lookup(test, ADDR(192, 0, 2, 9), 1234,
						ADDR(10, 1, 0, 1), 44000 + i,
						NULL),
				    other_port[i]->sk);
	KUNIT_EXPECT_NULL(test, xudp_lookup(test, ADDR(192, 0, 2, 9), 1234,
					    ADDR(10, 1, 0, 1), 45000, NULL));

	/* Unhashed sockets are gone from the lookup. */
	sock_release(socks[5]);
	socks[5] = NULL;
	KUNIT_EXPECT_PTR_EQ(test, xudp_lookup(test, ADDR(192, 0, 2, 9), 1234,
					      ADDR(10, 1, 0, 5), 43000, NULL),
			    wild->sk);

	xudp_test_release_all(other_port, ARRAY_SIZE(other_port));
	sock_release(conn);
	sock_release(plain);
	sock_release(wild);
	xudp_test_release_all(socks, XUDP_MANY);
}

/* Connecting moves a wildcard socket to its source address (rehash). */
static void xudp_rehash_test(struct kunit *test)
{
	struct socket *sock = xudp_test_sock(test);
	struct sock *sk = sock->sk;

	KUNIT_ASSERT_EQ(test, xudp_test_bind(sock, ANY, 0), 0);
	KUNIT_EXPECT_PTR_EQ(test, xudp_lookup(test, ADDR(192, 0, 2, 1), 7,
					      ADDR(10, 4, 0, 1), sk->sk_num,
					      NULL), sk);
	lock_sock(sk);
	sk->sk_rcv_saddr = ADDR(10, 4, 0, 1);
	sk->sk_prot->rehash(sk);
	release_sock(sk);
	KUNIT_EXPECT_PTR_EQ(test, xudp_lookup(test, ADDR(192, 0, 2, 1), 7,
					      ADDR(10, 4, 0, 1), sk->sk_num,
					      NULL), sk);
	KUNIT_EXPECT_NULL(test, xudp_lookup(test, ADDR(192, 0, 2, 1), 7,
					    ADDR(10, 4, 0, 2), sk->sk_num,
					    NULL));

	/* connect(AF_UNSPEC) of an autobound socket gives the port back. */
	KUNIT_EXPECT_EQ(test, xudp_disconnect(sk, 0), 0);
	KUNIT_EXPECT_FALSE(test, sk_hashed(sk));
	KUNIT_EXPECT_EQ(test, sk->sk_num, 0);
	KUNIT_EXPECT_EQ(test, ntohl(sk->sk_rcv_saddr), ntohl(0));
	sock_release(sock);
}

/* --- reuseport -------------------------------------------------------- */

#define XUDP_GROUP	8
#define XUDP_FLOWS	4096

static void xudp_reuseport_spread_test(struct kunit *test)
{
	struct socket *socks[XUDP_GROUP];
	unsigned int hits[XUDP_GROUP] = {};
	struct sock *gone;
	int i, j;

	for (i = 0; i < XUDP_GROUP; i++) {
		socks[i] = xudp_test_sock(test);
		socks[i]->sk->sk_reuseport = 1;
		KUNIT_ASSERT_EQ(test, xudp_test_bind(socks[i], LO, 46000), 0);
		KUNIT_EXPECT_NOT_NULL(test,
				      rcu_access_pointer(socks[i]->sk->sk_reuseport_cb));
	}

	for (i = 0; i < XUDP_FLOWS; i++) {
		__be32 saddr = ADDR(192, 0, 2, i & 255);
		u16 sport = 1024 + i;
		struct sock *sk, *again;

		sk = xudp_lookup(test, saddr, sport, LO, 46000, NULL);
		again = xudp_lookup(test, saddr, sport, LO, 46000, NULL);
		/* One flow, one socket. */
		KUNIT_EXPECT_PTR_EQ(test, sk, again);
		for (j = 0; j < XUDP_GROUP; j++)
			if (sk == socks[j]->sk)
				hits[j]++;
	}
	/* Every member gets a fair share (an eighth would be 512). */
	for (j = 0; j < XUDP_GROUP; j++)
		KUNIT_EXPECT_GT(test, hits[j], XUDP_FLOWS / XUDP_GROUP / 2);

	/* A member that leaves gets nothing more; the others take over. */
	gone = socks[0]->sk;
	sock_release(socks[0]);
	for (i = 0; i < 512; i++) {
		struct sock *sk = xudp_lookup(test, ADDR(192, 0, 2, i & 255),
					      2000 + i, LO, 46000, NULL);

		KUNIT_EXPECT_NOT_NULL(test, sk);
		KUNIT_EXPECT_PTR_NE(test, sk, gone);
	}
	xudp_test_release_all(socks + 1, XUDP_GROUP - 1);
}

static struct kunit_case xudp_test_cases[] = {
	KUNIT_CASE(xudp_ephemeral_in_range_test),
	KUNIT_CASE(xudp_ephemeral_exhaustion_test),
	KUNIT_CASE_PARAM(xudp_conflict_test, xudp_conflict_gen_params),
	KUNIT_CASE(xudp_lookup_many_test),
	KUNIT_CASE(xudp_rehash_test),
	KUNIT_CASE(xudp_reuseport_spread_test),
	{}
};

static struct kunit_suite xudp_test_suite = {
	.name = "xinet_udp",
	.test_cases = xudp_test_cases,
};

kunit_test_suite(xudp_test_suite);
