/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xinet: the skb helpers of net/core that xinet needs and the kernel does
 * not export, as net/xinet/xskbuff.c implements them.
 */
#ifndef _NET_XINET_XSKBUFF_H
#define _NET_XINET_XSKBUFF_H

#include <linux/atomic.h>
#include <linux/llist.h>
#include <linux/percpu.h>
#include <linux/skbuff.h>
#include <linux/workqueue.h>

/**
 * struct xskb_defer - a CPU's skbs that other CPUs freed for it
 * @list: the skbs, linked by skb->ll_node; any CPU adds (llist_add()),
 *	any CPU takes them all (llist_del_all()), so no lock
 * @count: how many are on @list, bounded by net.core.skb_defer_max
 * @kick: frees @list when it reaches half its bound, as Linux's
 *	kick_defer_list_purge() does (run on the CPU when it is online)
 *
 * Twin of softnet_data's defer_list, defer_count and defer_csd.
 */
struct xskb_defer {
	struct llist_head list;
	atomic_t count;
	struct work_struct kick;
};

DECLARE_PER_CPU(struct xskb_defer, xskb_defer);

/* What xskb_defer_queue() did with an skb. */
enum xskb_defer_result {
	XSKB_DEFER_QUEUED,
	XSKB_DEFER_KICK,
	XSKB_DEFER_FULL,
};

enum xskb_defer_result xskb_defer_queue(struct xskb_defer *defer,
					struct sk_buff *skb, int max);
void xskb_attempt_defer_free(struct sk_buff *skb);
void __xskb_defer_free_flush(struct xskb_defer *defer);

/**
 * xskb_defer_free_flush - free what other CPUs deferred to this one
 *
 * Twin of skb_defer_free_flush(), which net_rx_action() calls: xinet
 * calls it where its packets enter (xip_rcv()).
 *
 * Context: any but hard IRQ; in process context the CPU may change under
 * the caller, which only means another CPU's list is freed.
 */
static inline void xskb_defer_free_flush(void)
{
	struct xskb_defer *defer = raw_cpu_ptr(&xskb_defer);

	if (!llist_empty(&defer->list))
		__xskb_defer_free_flush(defer);
}

void xskb_defer_init_one(struct xskb_defer *defer);
void xskb_defer_init(void);
void xskb_defer_exit(void);

#endif /* _NET_XINET_XSKBUFF_H */
