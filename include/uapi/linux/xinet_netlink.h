/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * xinet: the userspace interface of xinet's configuration.
 *
 * - The "xinet" generic netlink family: addresses and routes of AF_XINET,
 *   per network namespace.  Changes need CAP_NET_ADMIN in the namespace's
 *   user namespace; failures come with an extack message.
 * - The IFLA_INFO_DATA attributes of the "xnet" rtnl_link kind.
 */
#ifndef _UAPI_LINUX_XINET_NETLINK_H
#define _UAPI_LINUX_XINET_NETLINK_H

#define XINET_GENL_NAME		"xinet"
#define XINET_GENL_VERSION	1

/**
 * enum xinet_cmd - commands of the "xinet" family
 * @XINET_CMD_UNSPEC: unused
 * @XINET_CMD_ADDR_NEW: add an address: IFINDEX, ADDRESS, PREFIXLEN
 * @XINET_CMD_ADDR_DEL: remove an address: IFINDEX, ADDRESS, PREFIXLEN
 * @XINET_CMD_ADDR_GET: dump the addresses (IFINDEX filters); each reply
 *	carries IFINDEX, ADDRESS, PREFIXLEN, BROADCAST
 * @XINET_CMD_ROUTE_NEW: add a static route: DST, PREFIXLEN, IFINDEX
 * @XINET_CMD_ROUTE_DEL: remove a route: DST, PREFIXLEN, optional IFINDEX
 * @XINET_CMD_ROUTE_GET: dump the routes; each reply carries DST,
 *	PREFIXLEN, IFINDEX, PROTOCOL
 * @XINET_CMD_FAULT_SET: reserved for per-device fault injection
 */
enum xinet_cmd {
	XINET_CMD_UNSPEC,
	XINET_CMD_ADDR_NEW,
	XINET_CMD_ADDR_DEL,
	XINET_CMD_ADDR_GET,
	XINET_CMD_ROUTE_NEW,
	XINET_CMD_ROUTE_DEL,
	XINET_CMD_ROUTE_GET,
	XINET_CMD_FAULT_SET,
	__XINET_CMD_MAX,
};
#define XINET_CMD_MAX		(__XINET_CMD_MAX - 1)

/**
 * enum xinet_attr - attributes of the "xinet" family
 * @XINET_ATTR_UNSPEC: unused
 * @XINET_ATTR_IFINDEX: u32, the device
 * @XINET_ATTR_ADDRESS: be32, an address (ADDR_*)
 * @XINET_ATTR_PREFIXLEN: u8, 0..32
 * @XINET_ATTR_BROADCAST: be32, directed broadcast of an address (dumps)
 * @XINET_ATTR_DST: be32, the destination prefix of a route
 * @XINET_ATTR_PROTOCOL: u8, RTPROT_KERNEL (connected) or RTPROT_STATIC
 * @XINET_ATTR_PAD: padding
 * @XINET_ATTR_FAULT: nested, reserved for FAULT_SET
 */
enum xinet_attr {
	XINET_ATTR_UNSPEC,
	XINET_ATTR_IFINDEX,
	XINET_ATTR_ADDRESS,
	XINET_ATTR_PREFIXLEN,
	XINET_ATTR_BROADCAST,
	XINET_ATTR_DST,
	XINET_ATTR_PROTOCOL,
	XINET_ATTR_PAD,
	XINET_ATTR_FAULT,
	__XINET_ATTR_MAX,
};
#define XINET_ATTR_MAX		(__XINET_ATTR_MAX - 1)

/*
 * IFLA_INFO_DATA of kind "xnet": XNET_INFO_PEER makes a pair and holds,
 * as VETH_INFO_PEER does, a struct ifinfomsg followed by IFLA_*
 * attributes of the peer (IFLA_IFNAME, IFLA_MTU, IFLA_NET_NS_FD,
 * IFLA_NET_NS_PID, ...).
 */
enum {
	XNET_INFO_UNSPEC,
	XNET_INFO_PEER,
	__XNET_INFO_MAX,
};
#define XNET_INFO_MAX		(__XNET_INFO_MAX - 1)

#endif /* _UAPI_LINUX_XINET_NETLINK_H */
