// SPDX-License-Identifier: GPL-2.0
/*
 * xinet: the "xinet" generic netlink family (addresses, routes, faults).
 */

#include <net/xinet/xroute.h>

int xinet_netlink_init(void)
{
	return 0;
}

void xinet_netlink_exit(void)
{
}
