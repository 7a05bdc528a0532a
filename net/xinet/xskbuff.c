// SPDX-License-Identifier: GPL-2.0
/*
 * xinet: twins of the skb helpers of net/core/skbuff.c that modules cannot
 * call, with the flush of net/core/dev.c that belongs to them.
 *
 * Freeing an skb on the CPU that allocated it.  A TCP reader frees each skb
 * it has read, mostly on another CPU than the one that allocated it (the
 * sender's, over xlo and xnet pairs).  SLUB frees an object of another
 * CPU's slab through its slow path (__slab_free(): a locked 16-byte
 * cmpxchg), and the memory comes back cold where it is allocated next.
 * Linux hands such skbs back to their CPU (tcp_eat_recv_skb() ->
 * skb_attempt_defer_free()), whose next receive softirq frees them
 * (skb_defer_free_flush()).  That is not exported, so xinet keeps per-CPU
 * lists of its own, freed where xinet's packets enter (xip_rcv()).
 */

#include <linux/cpumask.h>
#include <linux/smp.h>
#include <net/xinet/compat.h>
#include <net/xinet/xskbuff.h>

DEFINE_PER_CPU(struct xskb_defer, xskb_defer);

/**
 * __xskb_defer_free_flush - free the skbs on one CPU's defer list
 * @defer: the list, normally this CPU's
 *
 * Context: any but hard IRQ.
 */
void __xskb_defer_free_flush(struct xskb_defer *defer)
{
	struct llist_node *first = llist_del_all(&defer->list);
	struct sk_buff *skb, *next;
	int n = 0;

	llist_for_each_entry_safe(skb, next, first, ll_node) {
		consume_skb(skb);
		n++;
	}
	atomic_sub(n, &defer->count);
}

static void xskb_defer_kick(struct work_struct *work)
{
	__xskb_defer_free_flush(container_of(work, struct xskb_defer, kick));
}

/**
 * xskb_defer_queue - put @skb on @defer's list unless it is full
 * @defer: the list of the CPU that allocated @skb
 * @skb: what to free there
 * @max: the list's bound, net.core.skb_defer_max
 *
 * Return: XSKB_DEFER_FULL if @defer already holds @max skbs (@skb is not
 * queued), XSKB_DEFER_KICK if @skb made it reach half of @max, when its
 * CPU should be asked to free it (kick_defer_list_purge()), else
 * XSKB_DEFER_QUEUED.
 */
enum xskb_defer_result xskb_defer_queue(struct xskb_defer *defer,
					struct sk_buff *skb, int max)
{
	int n = atomic_inc_return(&defer->count);

	if (n > max) {
		atomic_dec(&defer->count);
		return XSKB_DEFER_FULL;
	}
	llist_add(&skb->ll_node, &defer->list);
	return n - 1 == max >> 1 ? XSKB_DEFER_KICK : XSKB_DEFER_QUEUED;
}

/**
 * xskb_attempt_defer_free - free @skb on the CPU that allocated it
 * @skb: an skb read and done with: no owner, destructor or route left
 *
 * Twin of skb_attempt_defer_free(): an skb of another online CPU goes on
 * that CPU's list, which its next xip_rcv() frees; at half the list's
 * bound (net.core.skb_defer_max) that CPU is asked to free it now, as it
 * may not receive again soon; past the bound, or when the CPU is this one
 * or offline, @skb is freed here.
 *
 * Context: any but hard IRQ.
 */
void xskb_attempt_defer_free(struct sk_buff *skb)
{
	unsigned int cpu = skb->alloc_cpu;
	struct xskb_defer *defer;

	if (cpu == raw_smp_processor_id() ||
	    WARN_ON_ONCE(cpu >= nr_cpu_ids) || !cpu_online(cpu))
		goto free_now;

	DEBUG_NET_WARN_ON_ONCE(skb_dst(skb));
	DEBUG_NET_WARN_ON_ONCE(skb->destructor);

	defer = per_cpu_ptr(&xskb_defer, cpu);
	switch (xskb_defer_queue(defer, skb, xinet_skb_defer_max())) {
	case XSKB_DEFER_FULL:
		goto free_now;
	case XSKB_DEFER_KICK:
		queue_work_on(cpu, system_highpri_wq, &defer->kick);
		break;
	case XSKB_DEFER_QUEUED:
		break;
	}
	return;

free_now:
	consume_skb(skb);
}

/**
 * xskb_defer_init_one - set up one defer list, empty
 * @defer: the list
 */
void xskb_defer_init_one(struct xskb_defer *defer)
{
	init_llist_head(&defer->list);
	atomic_set(&defer->count, 0);
	INIT_WORK(&defer->kick, xskb_defer_kick);
}

/**
 * xskb_defer_init - set up every CPU's defer list
 *
 * Context: module init, before any xinet socket exists.
 */
void xskb_defer_init(void)
{
	int cpu;

	for_each_possible_cpu(cpu)
		xskb_defer_init_one(per_cpu_ptr(&xskb_defer, cpu));
}

/**
 * xskb_defer_exit - free what every CPU's list still holds
 *
 * Context: module exit, once no xinet socket is left and xip_rcv() is
 * unhooked: nothing can add to the lists any more.
 */
void xskb_defer_exit(void)
{
	int cpu;

	for_each_possible_cpu(cpu) {
		struct xskb_defer *defer = per_cpu_ptr(&xskb_defer, cpu);

		cancel_work_sync(&defer->kick);
		__xskb_defer_free_flush(defer);
	}
}
