// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the routing table (net/xinet/xfib.c) and output route lookups
 * (net/xinet/xroute.c), on xnet devices made for the test in init_net.
 * Addresses come from 198.18.0.0/15 (RFC 2544, benchmarking), which no
 * other test uses.
 */

#include <kunit/test.h>
#include <linux/inet.h>
#include <linux/net.h>
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <net/net_namespace.h>
#include <net/sock.h>
#include <net/xinet/af_xinet.h>
#include <net/xinet/netns.h>
#include <net/xinet/xdevinet.h>
#include <net/xinet/xinet_sock.h>
#include <net/xinet/xnet.h>
#include <net/xinet/xroute.h>

#define NDEV 3

struct xfib_test_ctx {
	struct net_device *dev[NDEV];
};

static int xfib_test_init(struct kunit *test)
{
	struct xfib_test_ctx *ctx;
	int i, err;

	ctx = kunit_kzalloc(test, sizeof(*ctx), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, ctx);
	/* Set first: on failure, the exit hook removes what was created. */
	test->priv = ctx;
	rtnl_lock();
	for (i = 0; i < NDEV; i++) {
		ctx->dev[i] = xnet_dev_create(&init_net, "xkt%d");
		if (IS_ERR(ctx->dev[i])) {
			err = PTR_ERR(ctx->dev[i]);
			ctx->dev[i] = NULL;
			rtnl_unlock();
			KUNIT_FAIL(test, "xnet_dev_create: %d", err);
			return err;
		}
		/* No assert here: it would end the test with RTNL held. */
		err = dev_open(ctx->dev[i], NULL);
		if (err) {
			rtnl_unlock();
			KUNIT_FAIL(test, "dev_open: %d", err);
			return err;
		}
	}
	rtnl_unlock();
	return 0;
}

/* Unregistering the devices takes their routes and addresses along. */
static void xfib_test_exit(struct kunit *test)
{
	struct xfib_test_ctx *ctx = test->priv;
	int i;

	if (!ctx)
		return;
	rtnl_lock();
	for (i = 0; i < NDEV; i++)
		if (ctx->dev[i])
			unregister_netdevice(ctx->dev[i]);
	rtnl_unlock();
}

static __be32 a(const char *s)
{
	return in_aton(s);
}

static int route_add(struct net_device *dev, const char *dst, u8 plen)
{
	int err;

	rtnl_lock();
	err = xfib_route_add(dev_net(dev), a(dst), plen, dev, NULL, NULL);
	rtnl_unlock();
	return err;
}

static int route_del(struct net_device *dev, const char *dst, u8 plen)
{
	int err;

	rtnl_lock();
	err = xfib_route_del(&init_net, a(dst), plen, dev, NULL);
	rtnl_unlock();
	return err;
}

static struct net_device *lookup(const char *daddr, int oif)
{
	struct net_device *dev;

	rcu_read_lock();
	dev = xfib_lookup_rcu(&init_net, a(daddr), oif);
	rcu_read_unlock();
	return dev;
}

struct lpm_case {
	const char *daddr;
	int dev;	/* index into ctx->dev, -1 for no route */
};

/*
 * Table: default -> 0, 198.18.0.0/15 -> 1, 198.18.5.0/24 -> 2,
 * 198.18.5.7/32 -> 0, 198.19.128.0/17 -> 2, 198.19.0.0/16 -> 0
 * (added after its more specific /17, so insertion order must not matter).
 */
static const struct lpm_case lpm_cases[] = {
	{ "198.18.5.7", 0 },		/* /32 beats /24 */
	{ "198.18.5.8", 2 },		/* /24 beats /15 */
	{ "198.18.5.0", 2 },
	{ "198.18.5.255", 2 },
	{ "198.18.4.255", 1 },		/* just below the /24 */
	{ "198.18.6.0", 1 },		/* just above it */
	{ "198.19.200.1", 2 },		/* /17 beats /16 */
	{ "198.19.127.255", 0 },	/* /16 beats /15 */
	{ "198.17.255.255", 0 },	/* default */
	{ "198.20.0.0", 0 },		/* default */
	{ "1.2.3.4", 0 },		/* default */
};

static void xfib_test_lpm(struct kunit *test)
{
	struct xfib_test_ctx *ctx = test->priv;
	struct net_device **d = ctx->dev;
	int i;

	KUNIT_ASSERT_EQ(test, route_add(d[0], "0.0.0.0", 0), 0);
	KUNIT_ASSERT_EQ(test, route_add(d[1], "198.18.0.0", 15), 0);
	KUNIT_ASSERT_EQ(test, route_add(d[2], "198.18.5.0", 24), 0);
	KUNIT_ASSERT_EQ(test, route_add(d[0], "198.18.5.7", 32), 0);
	KUNIT_ASSERT_EQ(test, route_add(d[2], "198.19.128.0", 17), 0);
	KUNIT_ASSERT_EQ(test, route_add(d[0], "198.19.0.0", 16), 0);

	for (i = 0; i < ARRAY_SIZE(lpm_cases); i++)
		KUNIT_EXPECT_PTR_EQ_MSG(test, lookup(lpm_cases[i].daddr, 0),
					d[lpm_cases[i].dev], "daddr %s",
					lpm_cases[i].daddr);

	/* oif restricts the match to routes through that device. */
	KUNIT_EXPECT_PTR_EQ(test, lookup("198.18.5.7", d[1]->ifindex), d[1]);
	KUNIT_EXPECT_PTR_EQ(test, lookup("198.18.5.7", d[2]->ifindex), d[2]);
	KUNIT_EXPECT_NULL(test, lookup("1.2.3.4", d[1]->ifindex));

	/* Deleting the /24 uncovers the /15, deleting the /32 the /24's. */
	KUNIT_EXPECT_EQ(test, route_del(d[2], "198.18.5.0", 24), 0);
	KUNIT_EXPECT_PTR_EQ(test, lookup("198.18.5.8", 0), d[1]);
	KUNIT_EXPECT_EQ(test, route_del(NULL, "198.18.5.7", 32), 0);
	KUNIT_EXPECT_PTR_EQ(test, lookup("198.18.5.7", 0), d[1]);

	/* Without the default, what nothing covers has no route. */
	KUNIT_EXPECT_EQ(test, route_del(d[0], "0.0.0.0", 0), 0);
	KUNIT_EXPECT_NULL(test, lookup("1.2.3.4", 0));
	KUNIT_EXPECT_PTR_EQ(test, lookup("198.19.127.255", 0), d[0]);

	/* A device that goes takes its routes along. */
	rtnl_lock();
	unregister_netdevice(d[2]);
	rtnl_unlock();
	d[2] = NULL;
	KUNIT_EXPECT_PTR_EQ(test, lookup("198.19.200.1", 0), d[0]);
}

static void xfib_test_bad_input(struct kunit *test)
{
	struct xfib_test_ctx *ctx = test->priv;
	struct net_device *d = ctx->dev[0];
	int err;

	KUNIT_EXPECT_EQ(test, route_add(d, "198.18.0.0", 33), -EINVAL);
	KUNIT_EXPECT_EQ(test, route_add(d, "198.18.0.1", 24), -EINVAL);
	KUNIT_EXPECT_EQ(test, route_add(d, "198.18.0.0", 24), 0);
	KUNIT_EXPECT_EQ(test, route_add(d, "198.18.0.0", 24), -EEXIST);
	/* Same prefix through another device: Linux refuses it too. */
	KUNIT_EXPECT_EQ(test, route_add(ctx->dev[1], "198.18.0.0", 24), -EEXIST);
	KUNIT_EXPECT_EQ(test, route_del(ctx->dev[1], "198.18.0.0", 24), -ESRCH);
	KUNIT_EXPECT_EQ(test, route_del(d, "198.18.1.0", 24), -ESRCH);
	KUNIT_EXPECT_EQ(test, route_del(d, "198.18.0.0", 33), -EINVAL);

	rtnl_lock();
	err = xfib_route_add(&init_net, a("198.18.7.0"), 24,
			     init_net.loopback_dev, NULL, NULL);
	rtnl_unlock();
	KUNIT_EXPECT_EQ(test, err, -EOPNOTSUPP);
	KUNIT_EXPECT_EQ(test, route_del(d, "198.18.0.0", 24), 0);
}

static int addr_add(struct net_device *dev, const char *addr, u8 plen)
{
	int err;

	rtnl_lock();
	err = xinet_ifa_add(dev, a(addr), plen, NULL);
	rtnl_unlock();
	return err;
}

static int addr_del(struct net_device *dev, const char *addr, u8 plen)
{
	int err;

	rtnl_lock();
	err = xinet_ifa_del(dev, a(addr), plen, NULL);
	rtnl_unlock();
	return err;
}

static void xfib_test_route_output(struct kunit *test)
{
	struct xfib_test_ctx *ctx = test->priv;
	struct net_device **d = ctx->dev;
	struct xflowi4 fl4 = {};
	struct net_device *lo;
	struct xrtable rt;

	rtnl_lock();
	lo = __dev_get_by_name(&init_net, XNET_LOOPBACK_NAME);
	rtnl_unlock();
	KUNIT_ASSERT_NOT_NULL(test, lo);
	KUNIT_ASSERT_EQ(test, addr_add(d[0], "198.18.9.1", 24), 0);
	KUNIT_ASSERT_EQ(test, addr_add(d[1], "198.18.10.1", 24), 0);
	KUNIT_ASSERT_EQ(test, route_add(d[1], "198.19.0.0", 16), 0);

	/* A local address goes through xlo, from itself. */
	fl4.daddr = a("198.18.9.1");
	KUNIT_ASSERT_EQ(test, xip_route_output(&init_net, &fl4, &rt), 0);
	KUNIT_EXPECT_PTR_EQ(test, rt.dev, lo);
	KUNIT_EXPECT_EQ(test, rt.rt_type, RTN_LOCAL);
	KUNIT_EXPECT_EQ(test, ntohl(fl4.saddr), ntohl(a("198.18.9.1")));
	KUNIT_EXPECT_EQ(test, rt.rt_mtu, lo->mtu);
	xip_rt_put(&rt);

	/* All of 127/8 is local. */
	memset(&fl4, 0, sizeof(fl4));
	fl4.daddr = a("127.1.2.3");
	KUNIT_ASSERT_EQ(test, xip_route_output(&init_net, &fl4, &rt), 0);
	KUNIT_EXPECT_PTR_EQ(test, rt.dev, lo);
	KUNIT_EXPECT_EQ(test, rt.rt_type, RTN_LOCAL);
	xip_rt_put(&rt);

	/* 127/8's broadcast address is a broadcast, through xlo. */
	memset(&fl4, 0, sizeof(fl4));
	fl4.daddr = a("127.255.255.255");
	KUNIT_ASSERT_EQ(test, xip_route_output(&init_net, &fl4, &rt), 0);
	KUNIT_EXPECT_PTR_EQ(test, rt.dev, lo);
	KUNIT_EXPECT_EQ(test, rt.rt_type, RTN_BROADCAST);
	KUNIT_EXPECT_EQ(test, ntohl(fl4.saddr), ntohl(a("127.0.0.1")));
	xip_rt_put(&rt);

	/* No destination is this host: the source, else 127.0.0.1. */
	memset(&fl4, 0, sizeof(fl4));
	KUNIT_ASSERT_EQ(test, xip_route_output(&init_net, &fl4, &rt), 0);
	KUNIT_EXPECT_PTR_EQ(test, rt.dev, lo);
	KUNIT_EXPECT_EQ(test, rt.rt_type, RTN_LOCAL);
	KUNIT_EXPECT_EQ(test, ntohl(fl4.daddr), ntohl(a("127.0.0.1")));
	KUNIT_EXPECT_EQ(test, ntohl(fl4.saddr), ntohl(a("127.0.0.1")));
	xip_rt_put(&rt);
	fl4.daddr = 0;
	fl4.saddr = a("198.18.9.1");
	KUNIT_ASSERT_EQ(test, xip_route_output(&init_net, &fl4, &rt), 0);
	KUNIT_EXPECT_PTR_EQ(test, rt.dev, lo);
	KUNIT_EXPECT_EQ(test, ntohl(fl4.daddr), ntohl(a("198.18.9.1")));
	xip_rt_put(&rt);

	/* The limited broadcast from a bound address: that address's device. */
	memset(&fl4, 0, sizeof(fl4));
	fl4.daddr = a("255.255.255.255");
	fl4.saddr = a("198.18.9.1");
	KUNIT_ASSERT_EQ(test, xip_route_output(&init_net, &fl4, &rt), 0);
	KUNIT_EXPECT_PTR_EQ(test, rt.dev, d[0]);
	KUNIT_EXPECT_EQ(test, rt.rt_type, RTN_BROADCAST);
	xip_rt_put(&rt);

	/* On the connected subnet: the device, and its address as source. */
	memset(&fl4, 0, sizeof(fl4));
	fl4.daddr = a("198.18.9.7");
	KUNIT_ASSERT_EQ(test, xip_route_output(&init_net, &fl4, &rt), 0);
	KUNIT_EXPECT_PTR_EQ(test, rt.dev, d[0]);
	KUNIT_EXPECT_EQ(test, rt.rt_type, RTN_UNICAST);
	KUNIT_EXPECT_EQ(test, ntohl(fl4.saddr), ntohl(a("198.18.9.1")));
	KUNIT_EXPECT_EQ(test, rt.rt_mtu, d[0]->mtu);
	xip_rt_put(&rt);
	KUNIT_EXPECT_NULL(test, rt.dev);

	/* The subnet's directed broadcast. */
	memset(&fl4, 0, sizeof(fl4));
	fl4.daddr = a("198.18.9.255");
	KUNIT_ASSERT_EQ(test, xip_route_output(&init_net, &fl4, &rt), 0);
	KUNIT_EXPECT_PTR_EQ(test, rt.dev, d[0]);
	KUNIT_EXPECT_EQ(test, rt.rt_type, RTN_BROADCAST);
	xip_rt_put(&rt);

	/* Static route: the device's own address is the source. */
	memset(&fl4, 0, sizeof(fl4));
	fl4.daddr = a("198.19.3.4");
	KUNIT_ASSERT_EQ(test, xip_route_output(&init_net, &fl4, &rt), 0);
	KUNIT_EXPECT_PTR_EQ(test, rt.dev, d[1]);
	KUNIT_EXPECT_EQ(test, ntohl(fl4.saddr), ntohl(a("198.18.10.1")));
	xip_rt_put(&rt);

	/* A given source is kept when it is local, refused otherwise. */
	memset(&fl4, 0, sizeof(fl4));
	fl4.daddr = a("198.19.3.4");
	fl4.saddr = a("198.18.9.1");
	KUNIT_ASSERT_EQ(test, xip_route_output(&init_net, &fl4, &rt), 0);
	KUNIT_EXPECT_EQ(test, ntohl(fl4.saddr), ntohl(a("198.18.9.1")));
	xip_rt_put(&rt);
	fl4.saddr = a("198.18.9.2");
	KUNIT_EXPECT_EQ(test, xip_route_output(&init_net, &fl4, &rt), -EINVAL);
	KUNIT_EXPECT_NULL(test, rt.dev);

	/* oif: the only route through d[2] is none, so on-link via d[2]. */
	memset(&fl4, 0, sizeof(fl4));
	fl4.daddr = a("198.19.3.4");
	fl4.oif = d[2]->ifindex;
	KUNIT_ASSERT_EQ(test, xip_route_output(&init_net, &fl4, &rt), 0);
	KUNIT_EXPECT_PTR_EQ(test, rt.dev, d[2]);
	KUNIT_EXPECT_EQ(test, rt.rt_type, RTN_UNICAST);
	/* d[2] has no address: any of the namespace's, not 127.0.0.1. */
	KUNIT_EXPECT_NE(test, ntohl(fl4.saddr), ntohl(0));
	KUNIT_EXPECT_NE(test, ntohl(fl4.saddr), ntohl(a("127.0.0.1")));
	xip_rt_put(&rt);

	/* No route at all, or a device that is down. */
	memset(&fl4, 0, sizeof(fl4));
	fl4.daddr = a("198.20.0.1");
	if (!lookup("198.20.0.1", 0))
		KUNIT_EXPECT_EQ(test, xip_route_output(&init_net, &fl4, &rt),
				-ENETUNREACH);
	fl4.daddr = a("198.19.3.4");
	rtnl_lock();
	dev_close(d[1]);
	rtnl_unlock();
	KUNIT_EXPECT_EQ(test, xip_route_output(&init_net, &fl4, &rt),
			-ENETUNREACH);
}

/* The path MTU an output lookup of @daddr gives, 0 without a route. */
static unsigned int route_mtu(const char *daddr, bool *locked)
{
	struct xflowi4 fl4 = { .daddr = a(daddr) };
	struct xrtable rt;
	unsigned int mtu;

	if (xip_route_output(&init_net, &fl4, &rt))
		return 0;
	mtu = rt.rt_mtu;
	if (locked)
		*locked = rt.rt_mtu_locked;
	xip_rt_put(&rt);
	return mtu;
}

static void pmtu_update(const char *daddr, u32 mtu)
{
	struct xflowi4 fl4 = { .daddr = a(daddr) };

	xip_rt_update_pmtu(&init_net, &fl4, mtu);
}

/*
 * The PMTU cache (route exceptions): an ICMP's MTU lowers the path MTU of
 * that destination only, a larger one is ignored, one below min_pmtu is
 * raised to it and locked, and the entry is forgotten once it expires or
 * its route goes.
 */
static void xfib_test_pmtu(struct kunit *test)
{
	struct xfib_test_ctx *ctx = test->priv;
	struct xinet_net *xn = xinet_net(&init_net);
	struct net_device **d = ctx->dev;
	int saved_min = xn->sysctl_ip_rt_min_pmtu;
	struct xfib_nh_exception *fnhe;
	struct xfib_route *r;
	bool locked = true;

	KUNIT_EXPECT_EQ(test, saved_min, XINET_DEFAULT_MIN_PMTU);
	KUNIT_EXPECT_EQ(test, xn->sysctl_ip_rt_mtu_expires,
			XINET_DEFAULT_MTU_EXPIRES);
	KUNIT_ASSERT_EQ(test, addr_add(d[0], "198.18.11.1", 24), 0);
	KUNIT_ASSERT_EQ(test, route_add(d[0], "198.19.0.0", 16), 0);
	KUNIT_ASSERT_EQ(test, route_mtu("198.19.1.1", NULL), d[0]->mtu);

	/* Insert: only the destination the ICMP was about. */
	pmtu_update("198.19.1.1", 1280);
	KUNIT_EXPECT_EQ(test, route_mtu("198.19.1.1", &locked), 1280);
	KUNIT_EXPECT_FALSE(test, locked);
	KUNIT_EXPECT_EQ(test, route_mtu("198.19.1.2", NULL), d[0]->mtu);

	/* Never raised by ICMP, lowered again. */
	pmtu_update("198.19.1.1", 1400);
	KUNIT_EXPECT_EQ(test, route_mtu("198.19.1.1", NULL), 1280);
	pmtu_update("198.19.1.1", 1000);
	KUNIT_EXPECT_EQ(test, route_mtu("198.19.1.1", NULL), 1000);

	/* Below min_pmtu: clamped up to it and locked; no further change. */
	pmtu_update("198.19.2.2", 300);
	KUNIT_EXPECT_EQ(test, route_mtu("198.19.2.2", &locked),
			XINET_DEFAULT_MIN_PMTU);
	KUNIT_EXPECT_TRUE(test, locked);
	pmtu_update("198.19.2.2", 500);
	KUNIT_EXPECT_EQ(test, route_mtu("198.19.2.2", NULL),
			XINET_DEFAULT_MIN_PMTU);
	/* min_pmtu above the path's MTU: the path's MTU, locked. */
	xn->sysctl_ip_rt_min_pmtu = 1200;
	pmtu_update("198.19.1.1", 600);
	KUNIT_EXPECT_EQ(test, route_mtu("198.19.1.1", &locked), 1000);
	KUNIT_EXPECT_TRUE(test, locked);
	xn->sysctl_ip_rt_min_pmtu = saved_min;

	/* A device MTU below the learnt one wins. */
	rtnl_lock();
	KUNIT_EXPECT_EQ(test, dev_set_mtu(d[0], 900), 0);
	rtnl_unlock();
	KUNIT_EXPECT_EQ(test, route_mtu("198.19.1.1", NULL), 900);
	rtnl_lock();
	KUNIT_EXPECT_EQ(test, dev_set_mtu(d[0], 1500), 0);
	rtnl_unlock();

	/* Expiry: an entry past its time is gone, and deleted on the way. */
	rcu_read_lock();
	r = xfib_lookup_route_rcu(&init_net, a("198.19.3.3"), 0);
	KUNIT_EXPECT_NOT_NULL(test, r);
	if (r)
		xfib_update_or_create_fnhe(r, a("198.19.3.3"), 1300, false,
					   jiffies - 1);
	rcu_read_unlock();
	KUNIT_EXPECT_EQ(test, route_mtu("198.19.3.3", NULL), d[0]->mtu);
	rcu_read_lock();
	fnhe = r ? xfib_find_exception_rcu(r, a("198.19.3.3")) : NULL;
	rcu_read_unlock();
	KUNIT_EXPECT_NULL(test, fnhe);

	/* An mtu metric stands for the device's; locked, ICMP cannot move it. */
	{
		struct xfib_metrics mx = { .mtu = 1400 };
		int err;

		rtnl_lock();
		err = xfib_route_add(&init_net, a("198.19.4.0"), 24, d[0], &mx,
				     NULL);
		rtnl_unlock();
		KUNIT_EXPECT_EQ(test, err, 0);
		KUNIT_EXPECT_EQ(test, route_mtu("198.19.4.4", &locked), 1400);
		KUNIT_EXPECT_FALSE(test, locked);
		pmtu_update("198.19.4.4", 1300);
		KUNIT_EXPECT_EQ(test, route_mtu("198.19.4.4", NULL), 1300);
		KUNIT_EXPECT_EQ(test, route_del(d[0], "198.19.4.0", 24), 0);

		mx.lock = BIT(RTAX_MTU);
		rtnl_lock();
		err = xfib_route_add(&init_net, a("198.19.4.0"), 24, d[0], &mx,
				     NULL);
		rtnl_unlock();
		KUNIT_EXPECT_EQ(test, err, 0);
		pmtu_update("198.19.4.4", 1300);
		KUNIT_EXPECT_EQ(test, route_mtu("198.19.4.4", &locked), 1400);
		KUNIT_EXPECT_TRUE(test, locked);
		KUNIT_EXPECT_EQ(test, route_del(d[0], "198.19.4.0", 24), 0);
	}

	/* The exceptions go with their route. */
	KUNIT_EXPECT_EQ(test, route_del(d[0], "198.19.0.0", 16), 0);
	KUNIT_ASSERT_EQ(test, route_add(d[0], "198.19.0.0", 16), 0);
	KUNIT_EXPECT_EQ(test, route_mtu("198.19.1.1", NULL), d[0]->mtu);
	KUNIT_EXPECT_EQ(test, route_del(d[0], "198.19.0.0", 16), 0);
}

/* One lookup of @daddr through @sk's cache: the device, NULL on error. */
static struct net_device *cached_route(struct sock *sk, const char *daddr,
				       unsigned int *mtu)
{
	struct xflowi4 fl4 = { .daddr = a(daddr) };
	struct net_device *dev;
	struct xrtable rt;

	if (xip_route_output_sk(sk, &fl4, &rt))
		return NULL;
	dev = rt.dev;
	if (mtu)
		*mtu = rt.rt_mtu;
	xip_rt_put(&rt);
	return dev;
}

static const struct xrt_cache *cache_of(struct sock *sk)
{
	return rcu_access_pointer(xinet_sk(sk)->rt_cache);
}

/*
 * A socket's cached route answers again for the same flow, and every
 * change a lookup would see (another flow, a route, a device's MTU or
 * state, a path MTU exception) gives the new answer at once.
 */
static void xfib_test_route_cache(struct kunit *test)
{
	struct xfib_test_ctx *ctx = test->priv;
	struct net_device **d = ctx->dev;
	const struct xrt_cache *c;
	struct net_device *lo;
	struct socket *sock;
	unsigned int mtu;
	struct sock *sk;

	KUNIT_ASSERT_EQ(test, sock_create_kern(&init_net, xinet_family,
					       SOCK_DGRAM, IPPROTO_UDP, &sock),
			0);
	sk = sock->sk;
	KUNIT_ASSERT_EQ(test, addr_add(d[0], "198.18.60.1", 24), 0);
	KUNIT_ASSERT_EQ(test, route_add(d[1], "198.19.60.0", 24), 0);

	KUNIT_EXPECT_PTR_EQ(test, cached_route(sk, "198.19.60.5", NULL), d[1]);
	c = cache_of(sk);
	KUNIT_EXPECT_NOT_NULL(test, c);
	KUNIT_EXPECT_PTR_EQ(test, cached_route(sk, "198.19.60.5", NULL), d[1]);
	KUNIT_EXPECT_PTR_EQ(test, cache_of(sk), c);	/* a hit */

	/* Another flow, then back. */
	KUNIT_EXPECT_PTR_EQ(test, cached_route(sk, "198.18.60.7", NULL), d[0]);
	KUNIT_EXPECT_PTR_EQ(test, cached_route(sk, "198.19.60.5", NULL), d[1]);

	/* The route moves to another device. */
	KUNIT_EXPECT_EQ(test, route_del(d[1], "198.19.60.0", 24), 0);
	KUNIT_EXPECT_NULL(test, cached_route(sk, "198.19.60.5", NULL));
	KUNIT_ASSERT_EQ(test, route_add(d[2], "198.19.60.0", 24), 0);
	KUNIT_EXPECT_PTR_EQ(test, cached_route(sk, "198.19.60.5", &mtu), d[2]);
	KUNIT_EXPECT_EQ(test, mtu, d[2]->mtu);

	/* The device's MTU, then its state. */
	rtnl_lock();
	KUNIT_EXPECT_EQ(test, dev_set_mtu(d[2], 1400), 0);
	rtnl_unlock();
	KUNIT_EXPECT_PTR_EQ(test, cached_route(sk, "198.19.60.5", &mtu), d[2]);
	KUNIT_EXPECT_EQ(test, mtu, 1400);
	rtnl_lock();
	dev_close(d[2]);
	rtnl_unlock();
	KUNIT_EXPECT_NULL(test, cached_route(sk, "198.19.60.5", NULL));
	rtnl_lock();
	KUNIT_EXPECT_EQ(test, dev_open(d[2], NULL), 0);
	rtnl_unlock();
	KUNIT_EXPECT_PTR_EQ(test, cached_route(sk, "198.19.60.5", NULL), d[2]);

	/* A path MTU learnt for the destination. */
	pmtu_update("198.19.60.5", 1300);
	KUNIT_EXPECT_PTR_EQ(test, cached_route(sk, "198.19.60.5", &mtu), d[2]);
	KUNIT_EXPECT_EQ(test, mtu, 1300);

	/* The address that made the destination local goes. */
	rtnl_lock();
	lo = __dev_get_by_name(&init_net, XNET_LOOPBACK_NAME);
	rtnl_unlock();
	KUNIT_EXPECT_PTR_EQ(test, cached_route(sk, "198.18.60.1", NULL), lo);
	KUNIT_EXPECT_EQ(test, addr_del(d[0], "198.18.60.1", 24), 0);
	KUNIT_EXPECT_PTR_NE(test, cached_route(sk, "198.18.60.1", NULL), lo);

	sock_release(sock);
	rtnl_lock();
	KUNIT_EXPECT_EQ(test, dev_set_mtu(d[2], 1500), 0);
	rtnl_unlock();
	KUNIT_EXPECT_EQ(test, route_del(d[2], "198.19.60.0", 24), 0);
}

static struct kunit_case xfib_test_cases[] = {
	KUNIT_CASE(xfib_test_lpm),
	KUNIT_CASE(xfib_test_bad_input),
	KUNIT_CASE(xfib_test_route_output),
	KUNIT_CASE(xfib_test_pmtu),
	KUNIT_CASE(xfib_test_route_cache),
	{}
};

static struct kunit_suite xfib_test_suite = {
	.name = "xinet_xfib",
	.init = xfib_test_init,
	.exit = xfib_test_exit,
	.test_cases = xfib_test_cases,
};

kunit_test_suite(xfib_test_suite);
