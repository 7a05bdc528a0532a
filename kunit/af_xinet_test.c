// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the front door of AF_XINET (xinet_create and the xinetsw switch),
 * driven the way kernel users drive it, through sock_create_kern().
 */

#include <kunit/test.h>
#include <linux/rcupdate.h>
#include <linux/module.h>
#include <linux/net.h>
#include <linux/in.h>
#include <net/sock.h>
#include <linux/xinet.h>
#include <net/xinet/af_xinet.h>
#include <net/xinet/netns.h>
#include <net/xinet/protocol.h>
#include <net/xinet/xtcp.h>
#include <net/xinet/xudp.h>

struct xinet_create_case {
	const char *name;
	int type;
	int protocol;
	int err;		/* expected result of sock_create_kern() */
	int sk_protocol;	/* expected sk->sk_protocol on success */
};

/*
 * Every pair AF_INET answers, with AF_INET's answer.  Kernel sockets skip
 * the CAP_NET_RAW check, so raw sockets succeed here; the selftests cover
 * the EPERM side from userspace.
 */
static const struct xinet_create_case xinet_create_cases[] = {
	{ "stream_default", SOCK_STREAM, 0, 0, IPPROTO_TCP },
	{ "stream_tcp", SOCK_STREAM, IPPROTO_TCP, 0, IPPROTO_TCP },
	{ "stream_udp", SOCK_STREAM, IPPROTO_UDP, -EPROTONOSUPPORT, 0 },
	{ "stream_icmp", SOCK_STREAM, IPPROTO_ICMP, -EPROTONOSUPPORT, 0 },
	{ "stream_sctp", SOCK_STREAM, IPPROTO_SCTP, -EPROTONOSUPPORT, 0 },
	{ "dgram_default", SOCK_DGRAM, 0, 0, IPPROTO_UDP },
	{ "dgram_udp", SOCK_DGRAM, IPPROTO_UDP, 0, IPPROTO_UDP },
	{ "dgram_tcp", SOCK_DGRAM, IPPROTO_TCP, -EPROTONOSUPPORT, 0 },
	{ "dgram_raw", SOCK_DGRAM, IPPROTO_RAW, -EPROTONOSUPPORT, 0 },
	{ "raw_zero", SOCK_RAW, 0, -EPROTONOSUPPORT, 0 },
	{ "raw_icmp", SOCK_RAW, IPPROTO_ICMP, 0, IPPROTO_ICMP },
	{ "raw_udp", SOCK_RAW, IPPROTO_UDP, 0, IPPROTO_UDP },
	{ "raw_tcp", SOCK_RAW, IPPROTO_TCP, 0, IPPROTO_TCP },
	{ "raw_raw", SOCK_RAW, IPPROTO_RAW, 0, IPPROTO_RAW },
	{ "raw_proto_254", SOCK_RAW, 254, 0, 254 },
	{ "seqpacket", SOCK_SEQPACKET, 0, -ESOCKTNOSUPPORT, 0 },
	{ "rdm", SOCK_RDM, 0, -ESOCKTNOSUPPORT, 0 },
	{ "dccp", SOCK_DCCP, 0, -ESOCKTNOSUPPORT, 0 },
	{ "packet", SOCK_PACKET, 0, -ESOCKTNOSUPPORT, 0 },
	{ "type_max", SOCK_MAX, 0, -EINVAL, 0 },
	{ "protocol_negative", SOCK_STREAM, -1, -EINVAL, 0 },
	{ "protocol_max", SOCK_DGRAM, IPPROTO_MAX, -EINVAL, 0 },
};

static void xinet_create_case_desc(const struct xinet_create_case *c,
				   char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(xinet_create, xinet_create_cases, xinet_create_case_desc);

static void xinet_create_table_test(struct kunit *test)
{
	const struct xinet_create_case *c = test->param_value;
	struct socket *sock = NULL;
	int err;

	err = sock_create_kern(&init_net, xinet_family, c->type, c->protocol,
			       &sock);
	KUNIT_ASSERT_EQ(test, err, c->err);
	if (err) {
		KUNIT_EXPECT_NULL(test, sock);
		return;
	}

	KUNIT_ASSERT_NOT_NULL(test, sock);
	KUNIT_ASSERT_NOT_NULL(test, sock->sk);
	KUNIT_EXPECT_EQ(test, sock->sk->sk_family, xinet_family);
	KUNIT_EXPECT_EQ(test, sock->sk->sk_type, c->type);
	KUNIT_EXPECT_EQ(test, sock->sk->sk_protocol, c->sk_protocol);
	KUNIT_EXPECT_EQ(test, sock->ops->family, xinet_family);
	KUNIT_EXPECT_PTR_EQ(test, sock->ops->owner, xinet_stream_ops.owner);
	KUNIT_EXPECT_EQ(test, sock->state, SS_UNCONNECTED);
	/* Raw sockets are bound to their protocol from creation on. */
	if (c->type == SOCK_RAW)
		KUNIT_EXPECT_EQ(test, sock->sk->sk_num, c->protocol);
	sock_release(sock);
}

/* The protosw entry decides sock->ops and sk->sk_prot. */
static void xinet_create_ops_test(struct kunit *test)
{
	static const struct {
		int type, protocol;
		const struct proto_ops *ops;
		const struct proto *prot;
	} map[] = {
		{ SOCK_STREAM, IPPROTO_TCP, &xinet_stream_ops, &xtcp_prot },
		{ SOCK_DGRAM, IPPROTO_UDP, &xinet_dgram_ops, &xudp_prot },
		{ SOCK_RAW, IPPROTO_ICMP, &xinet_sockraw_ops, &xraw_prot },
	};
	struct socket *sock;
	int i;

	for (i = 0; i < ARRAY_SIZE(map); i++) {
		KUNIT_ASSERT_EQ(test, sock_create_kern(&init_net, xinet_family,
						       map[i].type,
						       map[i].protocol, &sock),
				0);
		KUNIT_EXPECT_PTR_EQ(test, sock->ops, map[i].ops);
		KUNIT_EXPECT_PTR_EQ(test, sock->sk->sk_prot, map[i].prot);
		sock_release(sock);
	}
}

/* Ping sockets follow net.xinet.ping_group_range, even for the kernel. */
static void xinet_create_ping_test(struct kunit *test)
{
	kgid_t saved_low, saved_high;
	struct socket *sock = NULL;
	int err;

	xinet_get_ping_group_range(&init_net, &saved_low, &saved_high);

	/* "1 0", the default: an empty range. */
	xinet_set_ping_group_range(&init_net, make_kgid(&init_user_ns, 1),
				   make_kgid(&init_user_ns, 0));
	err = sock_create_kern(&init_net, xinet_family, SOCK_DGRAM,
			       IPPROTO_ICMP, &sock);
	KUNIT_EXPECT_EQ(test, err, -EACCES);
	KUNIT_EXPECT_NULL(test, sock);

	/* A range holding our group (the test thread runs as gid 0). */
	xinet_set_ping_group_range(&init_net, make_kgid(&init_user_ns, 0),
				   make_kgid(&init_user_ns, 0));
	err = sock_create_kern(&init_net, xinet_family, SOCK_DGRAM,
			       IPPROTO_ICMP, &sock);
	KUNIT_EXPECT_EQ(test, err, 0);
	if (!err) {
		KUNIT_EXPECT_EQ(test, sock->sk->sk_protocol, IPPROTO_ICMP);
		KUNIT_EXPECT_PTR_EQ(test, sock->sk->sk_prot, &xping_prot);
		sock_release(sock);
	}

	xinet_set_ping_group_range(&init_net, saved_low, saved_high);
}

/*
 * Each socket pins the module twice: its proto_ops owner (taken by the
 * socket layer) and its proto owner (taken by sk_alloc).  The count
 * returns to where it was once the sockets are released.
 */
static void xinet_create_module_ref_test(struct kunit *test)
{
	static const struct { int type, protocol; } kinds[] = {
		{ SOCK_STREAM, 0 }, { SOCK_DGRAM, 0 }, { SOCK_RAW, IPPROTO_UDP },
	};
	struct module *owner = xinet_stream_ops.owner;
	struct socket *socks[ARRAY_SIZE(kinds)];
	int base, i;

	KUNIT_ASSERT_NOT_NULL(test, owner);
	base = module_refcount(owner);
	for (i = 0; i < ARRAY_SIZE(kinds); i++) {
		KUNIT_ASSERT_EQ(test, sock_create_kern(&init_net, xinet_family,
						       kinds[i].type,
						       kinds[i].protocol,
						       &socks[i]),
				0);
		KUNIT_EXPECT_EQ(test, module_refcount(owner), base + 2 * (i + 1));
	}
	for (i = ARRAY_SIZE(kinds) - 1; i >= 0; i--) {
		sock_release(socks[i]);
		/* Raw and UDP socks are SOCK_RCU_FREE: freed after a grace period. */
		rcu_barrier();
		KUNIT_EXPECT_EQ(test, module_refcount(owner), base + 2 * i);
	}
}

/* A new entry in the switch becomes creatable; permanent ones stay. */
static void xinet_create_protosw_test(struct kunit *test)
{
	static struct xinet_protosw dup_tcp = {
		.type = SOCK_STREAM, .protocol = IPPROTO_TCP,
		.prot = &xtcp_prot, .ops = &xinet_stream_ops,
	};
	static struct xinet_protosw seqpacket = {
		.type = SOCK_SEQPACKET, .protocol = IPPROTO_UDP,
		.prot = &xudp_prot, .ops = &xinet_dgram_ops,
	};
	struct socket *sock = NULL;

	KUNIT_EXPECT_EQ(test, xinet_register_protosw(&dup_tcp), -EPERM);

	KUNIT_ASSERT_EQ(test, xinet_register_protosw(&seqpacket), 0);
	KUNIT_EXPECT_EQ(test, sock_create_kern(&init_net, xinet_family,
					       SOCK_SEQPACKET, 0, &sock), 0);
	if (sock) {
		KUNIT_EXPECT_EQ(test, sock->sk->sk_protocol, IPPROTO_UDP);
		sock_release(sock);
	}
	xinet_unregister_protosw(&seqpacket);

	sock = NULL;
	KUNIT_EXPECT_EQ(test, sock_create_kern(&init_net, xinet_family,
					       SOCK_SEQPACKET, 0, &sock),
			-ESOCKTNOSUPPORT);
}

static struct kunit_case xinet_create_test_cases[] = {
	KUNIT_CASE_PARAM(xinet_create_table_test, xinet_create_gen_params),
	KUNIT_CASE(xinet_create_ops_test),
	KUNIT_CASE(xinet_create_ping_test),
	KUNIT_CASE(xinet_create_module_ref_test),
	KUNIT_CASE(xinet_create_protosw_test),
	{}
};

static struct kunit_suite xinet_create_test_suite = {
	.name = "xinet_create",
	.test_cases = xinet_create_test_cases,
};

/* The socket-layer calls that work on a socket that never connected. */
static struct socket *xinet_test_socket(struct kunit *test, int type,
					int protocol)
{
	struct socket *sock;

	KUNIT_ASSERT_EQ(test, sock_create_kern(&init_net, xinet_family, type,
					       protocol, &sock), 0);
	return sock;
}

static void xinet_socket_getname_test(struct kunit *test)
{
	static const int types[] = { SOCK_STREAM, SOCK_DGRAM };
	struct sockaddr_xin sin;
	int i;

	for (i = 0; i < ARRAY_SIZE(types); i++) {
		struct socket *sock = xinet_test_socket(test, types[i], 0);

		memset(&sin, 0xa5, sizeof(sin));
		KUNIT_EXPECT_EQ(test, kernel_getsockname(sock,
							 (struct sockaddr *)&sin),
				(int)sizeof(sin));
		KUNIT_EXPECT_EQ(test, sin.sxin_family, xinet_family);
		KUNIT_EXPECT_EQ(test, ntohs(sin.sxin_port), 0);
		KUNIT_EXPECT_EQ(test, ntohl(sin.sxin_addr), 0);
		KUNIT_EXPECT_TRUE(test, !memchr_inv(sin.__pad, 0,
						    sizeof(sin.__pad)));
		KUNIT_EXPECT_EQ(test, kernel_getpeername(sock,
							 (struct sockaddr *)&sin),
				-ENOTCONN);
		sock_release(sock);
	}
}

static void xinet_socket_shutdown_test(struct kunit *test)
{
	struct socket *sock = xinet_test_socket(test, SOCK_DGRAM, 0);

	KUNIT_EXPECT_EQ(test, kernel_sock_shutdown(sock, 3), -EINVAL);
	KUNIT_EXPECT_EQ(test, kernel_sock_shutdown(sock, -1), -EINVAL);
	KUNIT_EXPECT_EQ(test, kernel_sock_shutdown(sock, SHUT_RDWR), -ENOTCONN);
	/* As on AF_INET, the socket is shut down all the same. */
	KUNIT_EXPECT_EQ(test, sock->sk->sk_shutdown, SHUTDOWN_MASK);
	sock_release(sock);
}

static void xinet_socket_bind_args_test(struct kunit *test)
{
	struct socket *sock = xinet_test_socket(test, SOCK_DGRAM, 0);
	struct sockaddr_xin sin = { .sxin_family = xinet_family };

	KUNIT_EXPECT_EQ(test, kernel_bind(sock, (struct sockaddr *)&sin,
					  sizeof(sin) - 1), -EINVAL);
	sin.sxin_family = AF_INET6;
	KUNIT_EXPECT_EQ(test, kernel_bind(sock, (struct sockaddr *)&sin,
					  sizeof(sin)), -EAFNOSUPPORT);
	sin.sxin_family = AF_UNSPEC;
	sin.sxin_addr = htonl(INADDR_LOOPBACK);
	KUNIT_EXPECT_EQ(test, kernel_bind(sock, (struct sockaddr *)&sin,
					  sizeof(sin)), -EAFNOSUPPORT);
	sock_release(sock);
}

/* Fresh sockets: TCP is hung up and writable, UDP writable, as AF_INET. */
static void xinet_socket_poll_test(struct kunit *test)
{
	struct socket *tcp = xinet_test_socket(test, SOCK_STREAM, 0);
	struct socket *udp = xinet_test_socket(test, SOCK_DGRAM, 0);

	KUNIT_EXPECT_EQ(test, (__force u32)tcp->ops->poll(NULL, tcp, NULL),
			(__force u32)(EPOLLOUT | EPOLLWRNORM | EPOLLHUP));
	KUNIT_EXPECT_EQ(test, (__force u32)udp->ops->poll(NULL, udp, NULL),
			(__force u32)(EPOLLOUT | EPOLLWRNORM | EPOLLWRBAND));
	sock_release(udp);
	sock_release(tcp);
}

static struct kunit_case xinet_socket_test_cases[] = {
	KUNIT_CASE(xinet_socket_getname_test),
	KUNIT_CASE(xinet_socket_shutdown_test),
	KUNIT_CASE(xinet_socket_bind_args_test),
	KUNIT_CASE(xinet_socket_poll_test),
	{}
};

static struct kunit_suite xinet_socket_test_suite = {
	.name = "xinet_socket",
	.test_cases = xinet_socket_test_cases,
};

kunit_test_suites(&xinet_create_test_suite, &xinet_socket_test_suite);
