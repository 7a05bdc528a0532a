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
 * @XINET_CMD_FAULT_SET: replace the faults of an xnet device: IFINDEX and
 *	FAULT (nested enum xinet_fault_attr, values absent are 0); without
 *	FAULT, or with every probability and delay 0, faults are off
 * @XINET_CMD_FAULT_GET: read the faults of an xnet device: IFINDEX; the
 *	reply carries IFINDEX and FAULT with the configuration and counters
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
	XINET_CMD_FAULT_GET,
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
 * @XINET_ATTR_FAULT: nested enum xinet_fault_attr (FAULT_SET, FAULT_GET)
 * @XINET_ATTR_METRICS: nested route metrics, laid out as rtnetlink's
 *	RTA_METRICS: RTAX_* types, u32 values (RTAX_CC_ALGO a string);
 *	xinet takes RTAX_LOCK, MTU, ADVMSS, INITCWND, INITRWND, RTO_MIN
 *	(ms), QUICKACK and CC_ALGO (ROUTE_NEW, ROUTE_GET)
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
	XINET_ATTR_METRICS,
	__XINET_ATTR_MAX,
};
#define XINET_ATTR_MAX		(__XINET_ATTR_MAX - 1)

/**
 * enum xinet_fault_attr - fault injection on an xnet device (XINET_ATTR_FAULT)
 *
 * Faults apply to the packets the device transmits.  Probabilities are
 * in parts per million (0..1000000); decisions come from a PRNG seeded
 * by SEED, so the same seed and packet sequence give the same faults.
 *
 * @XINET_FAULT_ATTR_UNSPEC: unused
 * @XINET_FAULT_ATTR_PAD: padding
 * @XINET_FAULT_ATTR_SEED: u64, the PRNG seed
 * @XINET_FAULT_ATTR_DROP: u32 ppm, drop the packet
 * @XINET_FAULT_ATTR_DUPLICATE: u32 ppm, send it twice
 * @XINET_FAULT_ATTR_REORDER: u32 ppm, hold it back behind the next one
 * @XINET_FAULT_ATTR_CORRUPT: u32 ppm, flip one bit of its IP payload
 * @XINET_FAULT_ATTR_DELAY: u32 us, delay every packet (at most 10 s)
 * @XINET_FAULT_ATTR_JITTER: u32 us, plus or minus up to this (uniform)
 * @XINET_FAULT_ATTR_DROPPED: u64, counter (FAULT_GET)
 * @XINET_FAULT_ATTR_DUPLICATED: u64, counter (FAULT_GET)
 * @XINET_FAULT_ATTR_REORDERED: u64, counter (FAULT_GET)
 * @XINET_FAULT_ATTR_CORRUPTED: u64, counter (FAULT_GET)
 * @XINET_FAULT_ATTR_DELAYED: u64, counter (FAULT_GET)
 * @XINET_FAULT_ATTR_CE: u32 ppm, mark an ECN-capable (ECT) packet
 *	Congestion Experienced, as a congested AQM router would; a
 *	Not-ECT packet passes unchanged
 * @XINET_FAULT_ATTR_CE_MARKED: u64, counter (FAULT_GET)
 */
enum xinet_fault_attr {
	XINET_FAULT_ATTR_UNSPEC,
	XINET_FAULT_ATTR_PAD,
	XINET_FAULT_ATTR_SEED,
	XINET_FAULT_ATTR_DROP,
	XINET_FAULT_ATTR_DUPLICATE,
	XINET_FAULT_ATTR_REORDER,
	XINET_FAULT_ATTR_CORRUPT,
	XINET_FAULT_ATTR_DELAY,
	XINET_FAULT_ATTR_JITTER,
	XINET_FAULT_ATTR_DROPPED,
	XINET_FAULT_ATTR_DUPLICATED,
	XINET_FAULT_ATTR_REORDERED,
	XINET_FAULT_ATTR_CORRUPTED,
	XINET_FAULT_ATTR_DELAYED,
	XINET_FAULT_ATTR_CE,
	XINET_FAULT_ATTR_CE_MARKED,
	__XINET_FAULT_ATTR_MAX,
};
#define XINET_FAULT_ATTR_MAX	(__XINET_FAULT_ATTR_MAX - 1)

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
