/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xinet: xnet, the virtual layer-3 netdev AF_XINET sends and receives on
 * (net/xinet/xnet.c; a "virnet" device in the spirit of veth and
 * loopback).  `ip link add A type xnet` makes a loopback device,
 * `ip link add A type xnet peer name B` a pair.
 */
#ifndef _NET_XINET_XNET_H
#define _NET_XINET_XNET_H

#include <linux/hrtimer.h>
#include <linux/netdevice.h>
#include <linux/if_ether.h>
#include <linux/skbuff.h>
#include <linux/spinlock.h>

/* Name of the loopback xnet device each namespace gets. */
#define XNET_LOOPBACK_NAME	"xlo"

/*
 * skb->protocol of packets an xnet device delivers to xinet: a local
 * experimental ethertype, never on any wire (xnet has no link header).
 * Packets arriving on a device where xinet has no address keep
 * ETH_P_IP and belong to Linux's own stack.
 */
#define ETH_P_XINET		ETH_P_802_EX1

struct xin_device;

bool netif_is_xnet(const struct net_device *dev);
struct xin_device __rcu **xnet_xin_ptr(struct net_device *dev);

struct net_device *xnet_dev_create(struct net *net, const char *name);
netdev_tx_t xnet_deliver(struct sk_buff *skb, struct net_device *dev);
struct xnet_fault *xnet_fault_of(struct net_device *dev);

int xnet_init(void);
void xnet_exit(void);
int xnet_net_init(struct net *net);
void xnet_net_exit(struct net *net);

/*
 * Fault injection (net/xinet/xnet_fault.c): what an xnet device
 * transmits may be dropped, duplicated, reordered, corrupted, marked
 * Congestion Experienced or delayed,
 * each decision drawn from a per-device PRNG seeded by the
 * configuration, so that the same seed and the same packet sequence
 * give the same faults.  Probabilities are in parts per million.
 */
#define XNET_FAULT_PPM_MAX	1000000U
/* Upper bound of delay and jitter: 10 s. */
#define XNET_FAULT_DELAY_MAX_US	10000000U

/**
 * struct xnet_fault_cfg - the faults of one device
 * @seed: seeds the PRNG; setting a configuration restarts it
 * @drop: probability of dropping a packet, ppm
 * @duplicate: probability of sending a packet twice, ppm
 * @reorder: probability of holding a packet back until the next one
 *	(or a short timeout) has gone, ppm
 * @corrupt: probability of flipping one bit of the IP payload, ppm
 * @ce: probability of marking an ECT packet CE (RFC 3168), ppm
 * @delay_us: every packet is delayed by this much
 * @jitter_us: plus or minus up to this much (uniform)
 */
struct xnet_fault_cfg {
	u64	seed;
	u32	drop;
	u32	duplicate;
	u32	reorder;
	u32	corrupt;
	u32	ce;
	u32	delay_us;
	u32	jitter_us;
};

/**
 * struct xnet_fault_stats - what a device's faults did (monotonic)
 * @dropped: packets dropped
 * @duplicated: packets sent twice
 * @reordered: packets held back behind a later one
 * @corrupted: packets with a flipped bit
 * @delayed: packets put on the delay queue
 * @ce_marked: packets marked Congestion Experienced
 */
struct xnet_fault_stats {
	u64	dropped;
	u64	duplicated;
	u64	reordered;
	u64	corrupted;
	u64	delayed;
	u64	ce_marked;
};

/**
 * struct xnet_fault_conf - an active configuration, replaced whole
 * @cfg: the configuration
 * @rcu: frees it after the readers that may still see it
 */
struct xnet_fault_conf {
	struct xnet_fault_cfg	cfg;
	struct rcu_head		rcu;
};

/**
 * struct xnet_fault - per-device fault state, part of the device
 * @conf: the active configuration, NULL when no fault is set (the fast
 *	path's only test); written under RTNL, read under RCU-bh
 * @lock: protects everything below; taken in the transmit path and the
 *	timer (both with BH off) and with spin_lock_bh() elsewhere
 * @rng: PRNG state (splitmix64), reset to the seed by every set
 * @held: the packet held back for reordering, or NULL
 * @held_deadline: when @held goes even if no packet follows (ns)
 * @held_time: the time @held would have been sent at (ns)
 * @delayq: delayed packets in order of their send time
 * @timer: sends what is due on @delayq, and @held at its deadline
 * @dev: the device this is part of
 * @stats: the counters
 */
struct xnet_fault {
	struct xnet_fault_conf __rcu	*conf;
	spinlock_t			lock;
	u64				rng;
	struct sk_buff			*held;
	u64				held_deadline;
	u64				held_time;
	struct sk_buff_head		delayq;
	struct hrtimer			timer;
	struct net_device		*dev;
	struct xnet_fault_stats		stats;
};

void xnet_fault_init(struct xnet_fault *f, struct net_device *dev);
void xnet_fault_destroy(struct xnet_fault *f);
netdev_tx_t xnet_fault_xmit(struct xnet_fault *f, struct sk_buff *skb);
int xnet_fault_set(struct net_device *dev, const struct xnet_fault_cfg *cfg,
		   struct netlink_ext_ack *extack);
int xnet_fault_get(struct net_device *dev, struct xnet_fault_cfg *cfg,
		   struct xnet_fault_stats *stats);
u64 xnet_fault_rand(u64 *state);
bool xnet_fault_chance(u64 *state, u32 ppm);

/* True when @dev has faults set: the transmit fast path's one test. */
static inline bool xnet_fault_active(const struct xnet_fault *f)
{
	return rcu_access_pointer(f->conf);
}

#endif /* _NET_XINET_XNET_H */
