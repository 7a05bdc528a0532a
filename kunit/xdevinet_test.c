// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: xinet addresses (net/xinet/xdevinet.c): the rules of adding and
 * removing them, their connected routes, xinet_addr_type() and source
 * address selection, on xnet devices made for the test in init_net
 * (addresses from 198.18.0.0/15, which no other test uses).
 */

#include <kunit/test.h>
#include <linux/inet.h>
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <net/net_namespace.h>
#include <net/xinet/netns.h>
#include <net/xinet/xdevinet.h>
#include <net/xinet/xnet.h>
#include <net/xinet/xroute.h>

struct xdevinet_test_ctx {
	struct net_device *dev[2];
};

static int xdevinet_test_init(struct kunit *test)
{
	struct xdevinet_test_ctx *ctx;
	int i, err;

	ctx = kunit_kzalloc(test, sizeof(*ctx), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, ctx);
	/* Set first: on failure, the exit hook removes what was created. */
	test->priv = ctx;
	rtnl_lock();
	for (i = 0; i < ARRAY_SIZE(ctx->dev); i++) {
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

static void xdevinet_test_exit(struct kunit *test)
{
	struct xdevinet_test_ctx *ctx = test->priv;
	int i;

	if (!ctx)
		return;
	rtnl_lock();
	for (i = 0; i < ARRAY_SIZE(ctx->dev); i++)
		if (ctx->dev[i])
			unregister_netdevice(ctx->dev[i]);
	rtnl_unlock();
}

static int add(struct net_device *dev, const char *addr, u8 plen)
{
	int err;

	rtnl_lock();
	err = xinet_ifa_add(dev, in_aton(addr), plen, NULL);
	rtnl_unlock();
	return err;
}

static int del(struct net_device *dev, const char *addr, u8 plen)
{
	int err;

	rtnl_lock();
	err = xinet_ifa_del(dev, in_aton(addr), plen, NULL);
	rtnl_unlock();
	return err;
}

static struct net_device *route_of(const char *daddr)
{
	struct net_device *dev;

	rcu_read_lock();
	dev = xfib_lookup_rcu(&init_net, in_aton(daddr), 0);
	rcu_read_unlock();
	return dev;
}

static bool has_xin(struct net_device *dev)
{
	bool ret;

	rcu_read_lock();
	ret = xin_dev_get_rcu(dev);
	rcu_read_unlock();
	return ret;
}

static void xdevinet_test_add_del(struct kunit *test)
{
	struct xdevinet_test_ctx *ctx = test->priv;
	struct net_device *d = ctx->dev[0];

	KUNIT_EXPECT_FALSE(test, has_xin(d));
	KUNIT_EXPECT_NULL(test, route_of("198.18.20.5"));

	KUNIT_ASSERT_EQ(test, add(d, "198.18.20.1", 24), 0);
	KUNIT_EXPECT_TRUE(test, has_xin(d));
	KUNIT_EXPECT_PTR_EQ(test, route_of("198.18.20.5"), d);

	/* Refused, and nothing changed by the refusal. */
	KUNIT_EXPECT_EQ(test, add(d, "198.18.20.1", 24), -EEXIST);
	KUNIT_EXPECT_EQ(test, add(d, "198.18.20.1", 16), -EEXIST);
	KUNIT_EXPECT_EQ(test, add(d, "198.18.21.1", 33), -EINVAL);
	KUNIT_EXPECT_EQ(test, add(d, "224.0.0.1", 24), -EINVAL);
	KUNIT_EXPECT_EQ(test, add(d, "0.0.0.0", 8), -EINVAL);
	KUNIT_EXPECT_EQ(test, add(d, "255.255.255.255", 32), -EINVAL);
	KUNIT_EXPECT_EQ(test, add(init_net.loopback_dev, "198.18.22.1", 24),
			-EOPNOTSUPP);
	KUNIT_EXPECT_NULL(test, route_of("198.18.21.5"));
	KUNIT_EXPECT_NULL(test, route_of("198.18.22.5"));
	KUNIT_EXPECT_EQ(test, xinet_addr_type(&init_net, in_aton("198.18.21.1")),
			RTN_UNICAST);

	/* The same address on another device is allowed, as on Linux. */
	KUNIT_EXPECT_EQ(test, add(ctx->dev[1], "198.18.20.1", 24), 0);
	KUNIT_EXPECT_EQ(test, del(ctx->dev[1], "198.18.20.1", 24), 0);
	KUNIT_EXPECT_FALSE(test, has_xin(ctx->dev[1]));
	KUNIT_EXPECT_PTR_EQ(test, route_of("198.18.20.5"), d);

	/* A second address of the subnet shares the route. */
	KUNIT_ASSERT_EQ(test, add(d, "198.18.20.2", 24), 0);
	KUNIT_EXPECT_EQ(test, del(d, "198.18.20.1", 24), 0);
	KUNIT_EXPECT_PTR_EQ(test, route_of("198.18.20.5"), d);
	KUNIT_EXPECT_EQ(test, del(d, "198.18.20.1", 24), -EADDRNOTAVAIL);
	KUNIT_EXPECT_EQ(test, del(d, "198.18.20.2", 16), -EADDRNOTAVAIL);
	KUNIT_EXPECT_EQ(test, del(init_net.loopback_dev, "198.18.20.2", 24),
			-EOPNOTSUPP);

	/* The last one takes route and xin_device along. */
	KUNIT_EXPECT_EQ(test, del(d, "198.18.20.2", 24), 0);
	KUNIT_EXPECT_NULL(test, route_of("198.18.20.5"));
	KUNIT_EXPECT_FALSE(test, has_xin(d));

	/* A /32 has no connected route (only the address itself is in it). */
	KUNIT_ASSERT_EQ(test, add(d, "198.18.23.1", 32), 0);
	KUNIT_EXPECT_NULL(test, route_of("198.18.23.1"));
	KUNIT_EXPECT_EQ(test, xinet_addr_type(&init_net, in_aton("198.18.23.1")),
			RTN_LOCAL);

	/* Unregistering the device frees what is left (kmemleak checks). */
}

struct addr_type_case {
	const char *addr;
	unsigned int type;
};

static const struct addr_type_case addr_type_cases[] = {
	{ "198.18.30.1", RTN_LOCAL },		/* an address of d[0] */
	{ "198.18.31.1", RTN_LOCAL },		/* an address of d[1] */
	{ "198.18.30.2", RTN_UNICAST },		/* a neighbour */
	{ "198.18.30.255", RTN_BROADCAST },	/* directed broadcast */
	{ "198.18.30.0", RTN_UNICAST },		/* network address */
	{ "198.18.32.3", RTN_UNICAST },		/* /31: no broadcast */
	{ "198.18.32.2", RTN_LOCAL },
	{ "255.255.255.255", RTN_BROADCAST },
	{ "0.0.0.0", RTN_BROADCAST },
	{ "224.0.0.1", RTN_MULTICAST },
	{ "239.255.255.255", RTN_MULTICAST },
	{ "127.0.0.1", RTN_LOCAL },		/* xlo */
	{ "127.1.2.3", RTN_LOCAL },		/* all of 127/8, as lo */
	{ "127.255.255.255", RTN_BROADCAST },	/* but its broadcast */
	{ "127.0.0.0", RTN_LOCAL },
	{ "8.8.8.8", RTN_UNICAST },
};

static void xdevinet_test_addr_type(struct kunit *test)
{
	struct xdevinet_test_ctx *ctx = test->priv;
	int i;

	KUNIT_ASSERT_EQ(test, add(ctx->dev[0], "198.18.30.1", 24), 0);
	KUNIT_ASSERT_EQ(test, add(ctx->dev[1], "198.18.31.1", 24), 0);
	KUNIT_ASSERT_EQ(test, add(ctx->dev[1], "198.18.32.2", 31), 0);
	for (i = 0; i < ARRAY_SIZE(addr_type_cases); i++)
		KUNIT_EXPECT_EQ_MSG(test,
				    xinet_addr_type(&init_net,
						    in_aton(addr_type_cases[i].addr)),
				    addr_type_cases[i].type, "addr %s",
				    addr_type_cases[i].addr);
}

static struct net_device *dev_of(const char *addr)
{
	struct net_device *dev;

	rcu_read_lock();
	dev = __xip_dev_find(&init_net, in_aton(addr));
	rcu_read_unlock();
	return dev;
}

/* The hashes of local and broadcast addresses follow every change. */
static void xdevinet_test_addr_hash(struct kunit *test)
{
	struct xdevinet_test_ctx *ctx = test->priv;
	struct net_device *d0 = ctx->dev[0], *d1 = ctx->dev[1];

	KUNIT_ASSERT_EQ(test, add(d0, "198.18.50.1", 24), 0);
	KUNIT_ASSERT_EQ(test, add(d1, "198.18.50.1", 24), 0);
	KUNIT_ASSERT_EQ(test, add(d1, "198.18.51.1", 24), 0);
	KUNIT_EXPECT_PTR_EQ(test, dev_of("198.18.51.1"), d1);
	KUNIT_EXPECT_NULL(test, dev_of("198.18.51.2"));
	KUNIT_EXPECT_NULL(test, dev_of("198.18.51.255"));
	KUNIT_EXPECT_PTR_EQ(test, dev_of("127.9.9.9"),
			    READ_ONCE(xinet_net(&init_net)->loopback_dev));

	/* The address stays local while one device has it. */
	KUNIT_EXPECT_EQ(test, del(d1, "198.18.50.1", 24), 0);
	KUNIT_EXPECT_EQ(test, xinet_addr_type(&init_net, in_aton("198.18.50.1")),
			RTN_LOCAL);
	KUNIT_EXPECT_PTR_EQ(test, dev_of("198.18.50.1"), d0);
	KUNIT_EXPECT_EQ(test, del(d0, "198.18.50.1", 24), 0);
	KUNIT_EXPECT_EQ(test, xinet_addr_type(&init_net, in_aton("198.18.50.1")),
			RTN_UNICAST);
	KUNIT_EXPECT_EQ(test, xinet_addr_type(&init_net, in_aton("198.18.50.255")),
			RTN_UNICAST);
	KUNIT_EXPECT_NULL(test, dev_of("198.18.50.1"));

	/* A subnet's broadcast lives as long as one address of it. */
	KUNIT_EXPECT_EQ(test, xinet_addr_type(&init_net, in_aton("198.18.51.255")),
			RTN_BROADCAST);
	KUNIT_ASSERT_EQ(test, add(d0, "198.18.51.7", 24), 0);
	KUNIT_EXPECT_EQ(test, del(d1, "198.18.51.1", 24), 0);
	KUNIT_EXPECT_EQ(test, xinet_addr_type(&init_net, in_aton("198.18.51.255")),
			RTN_BROADCAST);
	KUNIT_EXPECT_EQ(test, xinet_addr_type(&init_net, in_aton("198.18.51.1")),
			RTN_UNICAST);
	KUNIT_EXPECT_EQ(test, del(d0, "198.18.51.7", 24), 0);
	KUNIT_EXPECT_EQ(test, xinet_addr_type(&init_net, in_aton("198.18.51.255")),
			RTN_UNICAST);
}

static void xdevinet_test_select_addr(struct kunit *test)
{
	struct xdevinet_test_ctx *ctx = test->priv;
	struct net_device *d0 = ctx->dev[0], *d1 = ctx->dev[1], *lo;

	rtnl_lock();
	lo = __dev_get_by_name(&init_net, XNET_LOOPBACK_NAME);
	rtnl_unlock();
	KUNIT_ASSERT_NOT_NULL(test, lo);

	/* No xinet address but xlo's: nothing for other destinations. */
	if (!xinet_select_addr(d0, in_aton("8.8.8.8")))
		KUNIT_EXPECT_EQ(test, ntohl(xinet_select_addr(d1, 0)), ntohl(0));

	KUNIT_ASSERT_EQ(test, add(d0, "198.18.40.1", 24), 0);
	KUNIT_ASSERT_EQ(test, add(d0, "198.18.41.1", 24), 0);
	KUNIT_ASSERT_EQ(test, add(d0, "198.18.41.2", 24), 0);

	/* The primary (first) address of the destination's subnet. */
	KUNIT_EXPECT_EQ(test, ntohl(xinet_select_addr(d0, in_aton("198.18.41.9"))),
			ntohl(in_aton("198.18.41.1")));
	KUNIT_EXPECT_EQ(test, ntohl(xinet_select_addr(d0, in_aton("198.18.40.9"))),
			ntohl(in_aton("198.18.40.1")));
	/* Else the device's first address. */
	KUNIT_EXPECT_EQ(test, ntohl(xinet_select_addr(d0, in_aton("8.8.8.8"))),
			ntohl(in_aton("198.18.40.1")));
	KUNIT_EXPECT_EQ(test, ntohl(xinet_select_addr(d0, 0)), ntohl(in_aton("198.18.40.1")));
	/* Else any address of the namespace, but never a loopback one. */
	KUNIT_EXPECT_NE(test, ntohl(xinet_select_addr(d1, in_aton("8.8.8.8"))), ntohl(0));
	KUNIT_EXPECT_NE(test, ntohl(xinet_select_addr(d1, in_aton("8.8.8.8"))),
			ntohl(in_aton("127.0.0.1")));
	/* xlo answers for 127/8. */
	KUNIT_EXPECT_EQ(test, ntohl(xinet_select_addr(lo, in_aton("127.0.0.1"))),
			ntohl(in_aton("127.0.0.1")));
	KUNIT_EXPECT_EQ(test, ntohl(xinet_select_addr(lo, in_aton("127.3.2.1"))),
			ntohl(in_aton("127.0.0.1")));

	/* Removing the primary: the next address of the subnet serves. */
	KUNIT_EXPECT_EQ(test, del(d0, "198.18.41.1", 24), 0);
	KUNIT_EXPECT_EQ(test, ntohl(xinet_select_addr(d0, in_aton("198.18.41.9"))),
			ntohl(in_aton("198.18.41.2")));
}

static struct kunit_case xdevinet_test_cases[] = {
	KUNIT_CASE(xdevinet_test_add_del),
	KUNIT_CASE(xdevinet_test_addr_type),
	KUNIT_CASE(xdevinet_test_addr_hash),
	KUNIT_CASE(xdevinet_test_select_addr),
	{}
};

static struct kunit_suite xdevinet_test_suite = {
	.name = "xinet_xdevinet",
	.init = xdevinet_test_init,
	.exit = xdevinet_test_exit,
	.test_cases = xdevinet_test_cases,
};

kunit_test_suite(xdevinet_test_suite);
