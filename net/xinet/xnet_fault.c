// SPDX-License-Identifier: GPL-2.0
/*
 * xinet: fault injection on xnet devices (see include/net/xinet/xnet.h).
 *
 * What a device transmits may be dropped, corrupted (one bit of the IP
 * payload flipped, so that the TCP/UDP/ICMP checksum catches it),
 * duplicated, held back behind the next packet (reordered), and delayed
 * by a fixed time plus a uniform jitter.  Every decision comes from a
 * per-device PRNG (splitmix64) that a configuration seeds, and every
 * packet draws the same number of values whatever the outcome, so the
 * same seed and the same packet sequence give the same faults.  Packets
 * from several CPUs at once reach the PRNG in an order nobody chooses:
 * determinism holds for a given sequence, not for a given workload.
 *
 * The transmit path pays one pointer test when no fault is set
 * (xnet_fault_active()).  A configuration is an RCU-managed object,
 * replaced whole under RTNL.  Held and delayed packets are orphaned
 * (they no longer charge their socket, so that no socket nor namespace
 * waits on a device) and capped at XNET_FAULT_LIMIT; the device's
 * ndo_uninit frees what is left (xnet_fault_destroy()).
 */

#include <linux/ip.h>
#include <linux/ktime.h>
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <linux/skbuff.h>
#include <linux/slab.h>
#include <net/inet_ecn.h>
#include <net/xinet/compat.h>
#include <net/xinet/xnet.h>

/* Packets a device may hold on its delay queue; more are dropped. */
#define XNET_FAULT_LIMIT		10000
/* A packet held for reordering goes after at most this long alone. */
#define XNET_FAULT_REORDER_HOLD_NS	(50 * NSEC_PER_MSEC)

/* Send time of a queued packet; the skb belongs to the device until then. */
struct xnet_fault_skb_cb {
	u64	time;
};

static inline struct xnet_fault_skb_cb *xnet_fault_cb(struct sk_buff *skb)
{
	BUILD_BUG_ON(sizeof(struct xnet_fault_skb_cb) > sizeof(skb->cb));
	return (struct xnet_fault_skb_cb *)skb->cb;
}

/**
 * xnet_fault_rand - next value of a fault PRNG (splitmix64)
 * @state: the state, advanced
 *
 * Small, fast, and every seed (0 too) gives a full-period sequence.
 *
 * Return: 64 pseudo-random bits.
 */
u64 xnet_fault_rand(u64 *state)
{
	u64 z = (*state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/**
 * xnet_fault_chance - draw one decision of probability @ppm
 * @state: the PRNG state, advanced once whatever @ppm is
 * @ppm: probability in parts per million; 0 is never, 1000000 always
 *
 * Return: true with probability @ppm / 1000000.
 */
bool xnet_fault_chance(u64 *state, u32 ppm)
{
	/* The top 32 bits scaled to 0..999999. */
	u32 r = ((xnet_fault_rand(state) >> 32) * XNET_FAULT_PPM_MAX) >> 32;

	return r < ppm;
}

static enum hrtimer_restart xnet_fault_timer(struct hrtimer *timer);

/**
 * xnet_fault_init - set up a device's fault state, all off
 * @f: the state, zeroed (part of the device's private area)
 * @dev: the device
 */
void xnet_fault_init(struct xnet_fault *f, struct net_device *dev)
{
	spin_lock_init(&f->lock);
	__skb_queue_head_init(&f->delayq);
	/* Soft: the timer delivers with netif_rx(), which wants BH context. */
	hrtimer_init(&f->timer, CLOCK_MONOTONIC, HRTIMER_MODE_ABS_SOFT);
	f->timer.function = xnet_fault_timer;
	f->dev = dev;
}

/* Arms the timer for the earliest pending send.  Caller holds f->lock. */
static void xnet_fault_arm(struct xnet_fault *f)
{
	u64 next = U64_MAX;
	struct sk_buff *skb;

	lockdep_assert_held(&f->lock);
	skb = skb_peek(&f->delayq);
	if (skb)
		next = xnet_fault_cb(skb)->time;
	if (f->held)
		next = min(next, f->held_deadline);
	if (next != U64_MAX)
		hrtimer_start(&f->timer, ns_to_ktime(next),
			      HRTIMER_MODE_ABS_SOFT);
}

/*
 * Sends @skb at @time: on @now for time 0, else on the delay queue in
 * time order (after packets of the same time, so that equal times keep
 * their order).  Caller holds f->lock.
 */
static void xnet_fault_emit(struct xnet_fault *f, struct sk_buff *skb,
			    u64 time, struct sk_buff_head *now)
{
	struct sk_buff *pos;

	lockdep_assert_held(&f->lock);
	if (!time) {
		__skb_queue_tail(now, skb);
		return;
	}
	if (skb_queue_len(&f->delayq) >= XNET_FAULT_LIMIT) {
		dev_core_stats_tx_dropped_inc(f->dev);
		kfree_skb(skb);
		return;
	}
	xnet_fault_cb(skb)->time = time;
	skb_queue_reverse_walk(&f->delayq, pos) {
		if (xnet_fault_cb(pos)->time <= time) {
			__skb_queue_after(&f->delayq, pos, skb);
			return;
		}
	}
	__skb_queue_head(&f->delayq, skb);
}

/* Moves what is due at @now to @out.  Caller holds f->lock. */
static void xnet_fault_due(struct xnet_fault *f, u64 now,
			   struct sk_buff_head *out)
{
	struct sk_buff *skb;

	lockdep_assert_held(&f->lock);
	if (f->held && f->held_deadline <= now) {
		skb = f->held;
		f->held = NULL;
		/* Due now unless its delay runs on. */
		xnet_fault_emit(f, skb, f->held_time > now ? f->held_time : 0,
				out);
	}
	while ((skb = skb_peek(&f->delayq)) && xnet_fault_cb(skb)->time <= now)
		__skb_queue_tail(out, __skb_dequeue(&f->delayq));
}

static void xnet_fault_send(struct xnet_fault *f, struct sk_buff_head *list)
{
	struct sk_buff *skb;

	while ((skb = __skb_dequeue(list))) {
		memset(skb->cb, 0, sizeof(skb->cb));
		xnet_deliver(skb, f->dev);
	}
}

static enum hrtimer_restart xnet_fault_timer(struct hrtimer *timer)
{
	struct xnet_fault *f = container_of(timer, struct xnet_fault, timer);
	struct sk_buff_head out;

	__skb_queue_head_init(&out);
	spin_lock(&f->lock);
	xnet_fault_due(f, ktime_get_ns(), &out);
	/* Re-arming from the callback keeps the timer queued. */
	xnet_fault_arm(f);
	spin_unlock(&f->lock);

	rcu_read_lock_bh();
	xnet_fault_send(f, &out);
	rcu_read_unlock_bh();
	return HRTIMER_NORESTART;
}

/*
 * Flips one bit of the IP payload of @skb, chosen by @r; the IP header
 * stays intact so that the packet reaches its transport, whose checksum
 * must catch it.  Return: whether a bit was flipped.
 */
static bool xnet_fault_corrupt(struct sk_buff *skb, u64 r)
{
	unsigned int start = 0, len = skb->len, off;
	u8 first;

	if (!len || skb_copy_bits(skb, 0, &first, 1))
		return false;
	if ((first >> 4) == 4 && (first & 0xf) * 4 < len)
		start = (first & 0xf) * 4;
	/* A checksum the stack left to the device is made now, then broken. */
	if (skb->ip_summed == CHECKSUM_PARTIAL && skb_checksum_help(skb))
		return false;
	off = start + (u32)(r % ((u64)(len - start) * 8)) / 8;
	if (skb_ensure_writable(skb, off + 1))
		return false;
	skb->data[off] ^= 1 << (r % 8);
	skb->ip_summed = CHECKSUM_NONE;
	return true;
}

/*
 * Marks @skb Congestion Experienced if it is an ECN-capable IPv4 packet,
 * the IP checksum mended (what an AQM router does instead of dropping).
 * Return: whether it was marked.
 */
static bool xnet_fault_mark_ce(struct sk_buff *skb)
{
	struct iphdr *iph;

	if (!pskb_may_pull(skb, sizeof(*iph)))
		return false;
	iph = (struct iphdr *)skb->data;
	if (iph->version != 4 || INET_ECN_is_not_ect(iph->tos))
		return false;
	if (skb_ensure_writable(skb, sizeof(*iph)))
		return false;
	iph = (struct iphdr *)skb->data;
	return IP_ECN_set_ce(iph);
}

/* What the PRNG decided for one packet. */
struct xnet_fault_verdict {
	bool	drop;
	bool	corrupt;
	bool	ce;
	bool	duplicate;
	bool	reorder;
	u64	bit;
	u64	time;
};

/* Draws the decisions for one packet: for a given configuration, always
 * the same number of draws, whatever they decide.
 */
static void xnet_fault_decide(struct xnet_fault *f,
			      const struct xnet_fault_cfg *cfg,
			      struct xnet_fault_verdict *v)
{
	u64 jitter, delay = (u64)cfg->delay_us * NSEC_PER_USEC;
	u64 r;

	lockdep_assert_held(&f->lock);
	v->drop = xnet_fault_chance(&f->rng, cfg->drop);
	v->corrupt = xnet_fault_chance(&f->rng, cfg->corrupt);
	v->bit = xnet_fault_rand(&f->rng);
	v->duplicate = xnet_fault_chance(&f->rng, cfg->duplicate);
	v->reorder = xnet_fault_chance(&f->rng, cfg->reorder);
	/*
	 * Drawn only when configured, so that the other faults of a seed
	 * stay what they were before CE marking existed.
	 */
	v->ce = cfg->ce && xnet_fault_chance(&f->rng, cfg->ce);
	r = xnet_fault_rand(&f->rng);
	/* Uniform in [delay - jitter, delay + jitter], never negative. */
	jitter = (u64)cfg->jitter_us * NSEC_PER_USEC;
	if (jitter) {
		delay += r % (2 * jitter + 1);
		delay = delay > jitter ? delay - jitter : 0;
	}
	v->time = delay;
}

/**
 * xnet_fault_xmit - transmit through a device's faults
 * @f: the device's fault state
 * @skb: the packet, consumed
 *
 * Called by ndo_start_xmit when xnet_fault_active(), under
 * rcu_read_lock_bh().  What survives goes to xnet_deliver(), now or
 * from the timer.
 *
 * Return: NETDEV_TX_OK.
 */
netdev_tx_t xnet_fault_xmit(struct xnet_fault *f, struct sk_buff *skb)
{
	struct xnet_fault_verdict v;
	struct xnet_fault_conf *conf;
	struct sk_buff_head now;
	struct sk_buff *dup = NULL;
	u64 t, now_ns;
	bool delayed;

	conf = rcu_dereference_bh(f->conf);
	if (!conf)	/* cleared since the caller looked */
		return xnet_deliver(skb, f->dev);

	spin_lock(&f->lock);
	xnet_fault_decide(f, &conf->cfg, &v);
	if (v.drop)
		f->stats.dropped++;
	spin_unlock(&f->lock);
	if (v.drop) {
		kfree_skb(skb);
		return NETDEV_TX_OK;
	}

	skb_orphan(skb);
	if (v.corrupt && !xnet_fault_corrupt(skb, v.bit))
		v.corrupt = false;
	if (v.ce && !xnet_fault_mark_ce(skb))
		v.ce = false;
	if (v.duplicate) {
		dup = skb_clone(skb, GFP_ATOMIC);
		if (!dup)
			v.duplicate = false;
	}

	__skb_queue_head_init(&now);
	delayed = conf->cfg.delay_us || conf->cfg.jitter_us;
	spin_lock(&f->lock);
	now_ns = ktime_get_ns();
	/* Time 0 is "now": a delayed packet's time is in the future. */
	t = delayed ? now_ns + v.time + 1 : 0;
	f->stats.corrupted += v.corrupt;
	f->stats.ce_marked += v.ce;
	f->stats.duplicated += v.duplicate;
	if (delayed)
		f->stats.delayed += 1 + v.duplicate;
	if (dup)
		xnet_fault_emit(f, dup, t, &now);
	if (v.reorder && !f->held) {
		f->held = skb;
		f->held_time = t;
		f->held_deadline = now_ns + XNET_FAULT_REORDER_HOLD_NS;
		f->stats.reordered++;
	} else {
		xnet_fault_emit(f, skb, t, &now);
		if (f->held) {
			/* The held packet goes right after this one. */
			skb = f->held;
			f->held = NULL;
			xnet_fault_emit(f, skb, t ? max(f->held_time, t) : 0,
					&now);
		}
	}
	xnet_fault_arm(f);
	spin_unlock(&f->lock);

	xnet_fault_send(f, &now);
	return NETDEV_TX_OK;
}

/* Frees the held and delayed packets; the timer is stopped. */
static void xnet_fault_flush(struct xnet_fault *f)
{
	struct sk_buff_head list;
	struct sk_buff *held;

	__skb_queue_head_init(&list);
	spin_lock_bh(&f->lock);
	skb_queue_splice_init(&f->delayq, &list);
	held = f->held;
	f->held = NULL;
	spin_unlock_bh(&f->lock);
	__skb_queue_purge(&list);
	kfree_skb(held);
}

/**
 * xnet_fault_destroy - free a device's fault state
 * @f: the state
 *
 * From the device's ndo_uninit: transmission has stopped, so nothing
 * queues packets any more; the timer is stopped and what it held freed.
 */
void xnet_fault_destroy(struct xnet_fault *f)
{
	struct xnet_fault_conf *conf = rtnl_dereference(f->conf);

	RCU_INIT_POINTER(f->conf, NULL);
	if (conf)
		kfree_rcu(conf, rcu);
	hrtimer_cancel(&f->timer);
	xnet_fault_flush(f);
}

static bool xnet_fault_cfg_on(const struct xnet_fault_cfg *cfg)
{
	return cfg->drop || cfg->duplicate || cfg->reorder || cfg->corrupt ||
	       cfg->ce || cfg->delay_us || cfg->jitter_us;
}

/**
 * xnet_fault_set - replace the faults of a device
 * @dev: the device (must be xnet)
 * @cfg: the new configuration; NULL or all probabilities and delays 0
 *	turn faults off
 * @extack: for error messages
 *
 * The PRNG restarts from @cfg->seed.  Packets held or delayed under the
 * old configuration still go at their time.  Counters are kept.
 * Caller holds RTNL.
 *
 * Return: 0, -ENODEV for a device that is not xnet, -EINVAL for a
 * probability above 1000000 or a delay or jitter above 10 s, -ENOMEM.
 */
int xnet_fault_set(struct net_device *dev, const struct xnet_fault_cfg *cfg,
		   struct netlink_ext_ack *extack)
{
	struct xnet_fault_conf *conf = NULL, *old;
	struct xnet_fault *f;

	ASSERT_RTNL();
	if (!netif_is_xnet(dev)) {
		NL_SET_ERR_MSG(extack, "Not an xnet device");
		return -ENODEV;
	}
	if (cfg && (cfg->drop > XNET_FAULT_PPM_MAX ||
		    cfg->duplicate > XNET_FAULT_PPM_MAX ||
		    cfg->reorder > XNET_FAULT_PPM_MAX ||
		    cfg->corrupt > XNET_FAULT_PPM_MAX ||
		    cfg->ce > XNET_FAULT_PPM_MAX)) {
		NL_SET_ERR_MSG(extack, "Probability above 1000000 ppm (100%)");
		return -EINVAL;
	}
	if (cfg && (cfg->delay_us > XNET_FAULT_DELAY_MAX_US ||
		    cfg->jitter_us > XNET_FAULT_DELAY_MAX_US)) {
		NL_SET_ERR_MSG(extack, "Delay or jitter above 10 s");
		return -EINVAL;
	}
	if (cfg && xnet_fault_cfg_on(cfg)) {
		conf = kzalloc(sizeof(*conf), GFP_KERNEL);
		if (!conf)
			return -ENOMEM;
		conf->cfg = *cfg;
	}

	f = xnet_fault_of(dev);
	old = rtnl_dereference(f->conf);
	/* The PRNG restarts before the new configuration is visible. */
	spin_lock_bh(&f->lock);
	f->rng = conf ? conf->cfg.seed : 0;
	rcu_assign_pointer(f->conf, conf);
	spin_unlock_bh(&f->lock);
	if (old)
		kfree_rcu(old, rcu);
	return 0;
}

/**
 * xnet_fault_get - read the faults of a device and their counters
 * @dev: the device (must be xnet)
 * @cfg: filled with the configuration, all 0 when faults are off
 * @stats: filled with the counters
 *
 * Caller holds RTNL.
 *
 * Return: 0, or -ENODEV for a device that is not xnet.
 */
int xnet_fault_get(struct net_device *dev, struct xnet_fault_cfg *cfg,
		   struct xnet_fault_stats *stats)
{
	struct xnet_fault_conf *conf;
	struct xnet_fault *f;

	ASSERT_RTNL();
	if (!netif_is_xnet(dev))
		return -ENODEV;
	f = xnet_fault_of(dev);
	conf = rtnl_dereference(f->conf);
	if (conf)
		*cfg = conf->cfg;
	else
		memset(cfg, 0, sizeof(*cfg));
	spin_lock_bh(&f->lock);
	*stats = f->stats;
	spin_unlock_bh(&f->lock);
	return 0;
}
