// SPDX-License-Identifier: GPL-2.0
/*
 * xinet: IPv4 reassembly, twin of net/ipv4/ip_fragment.c.
 *
 * xip_local_deliver() hands every fragment to xip_defrag(), as
 * ip_local_deliver() calls ip_defrag(IP_DEFRAG_LOCAL_DELIVER).  The
 * fragment joins the queue of its datagram (saddr, daddr, ID,
 * protocol); the one that completes it comes back as the whole
 * datagram, every other is kept (or dropped) here.  Linux's rules:
 *
 * - a fragment that overlaps another drops the whole datagram
 *   (RFC 5722; ReasmOverlaps and ReasmFails), a duplicate is ignored;
 * - a last fragment that disagrees with the length known, or any that
 *   lies past it, or an empty one, drops the datagram (ReasmFails);
 * - a datagram longer than 65,535 bytes is dropped (ReasmFails);
 * - a queue that saw more than ipfrag_max_dist other fragments from its
 *   source since its own last one starts over;
 * - after ipfrag_time a queue expires (ReasmTimeout, ReasmFails) and, if
 *   its first fragment arrived, the sender gets ICMP time exceeded,
 *   "fragment reassembly time exceeded" (RFC 792), quoting it;
 * - ECN codepoints are merged as RFC 3168 section 5.3 says, a mix of
 *   not-ECT and ECT drops the datagram.
 *
 * The namespace's queues are in xinet_fragment.c.
 */

#include <linux/icmp.h>
#include <linux/ip.h>
#include <linux/netdevice.h>
#include <net/inet_ecn.h>
#include <net/ip.h>
#include <net/xinet/compat.h>
#include <net/xinet/netns.h>
#include <net/xinet/xicmp.h>
#include <net/xinet/xinet_frag.h>
#include <net/xinet/xsnmp.h>

/* One bit per ECN codepoint seen (IPFRAG_ECN_*). */
#define XIPFRAG_ECN_NOT_ECT	0x01
#define XIPFRAG_ECN_ECT_1	0x02
#define XIPFRAG_ECN_ECT_0	0x04
#define XIPFRAG_ECN_CE		0x08

static u8 xip4_frag_ecn(u8 tos)
{
	return 1 << (tos & INET_ECN_MASK);
}

/*
 * The TOS bits to OR into the datagram for each set of codepoints seen,
 * 0xff for a set that must be dropped (ip_frag_ecn_table): CE with ECT
 * gives CE, not-ECT mixed with anything else is invalid.
 */
static const u8 xip_frag_ecn_table[16] = {
	[XIPFRAG_ECN_CE | XIPFRAG_ECN_ECT_0]			= INET_ECN_CE,
	[XIPFRAG_ECN_CE | XIPFRAG_ECN_ECT_1]			= INET_ECN_CE,
	[XIPFRAG_ECN_CE | XIPFRAG_ECN_ECT_0 | XIPFRAG_ECN_ECT_1] = INET_ECN_CE,

	[XIPFRAG_ECN_NOT_ECT | XIPFRAG_ECN_CE]			= 0xff,
	[XIPFRAG_ECN_NOT_ECT | XIPFRAG_ECN_ECT_0]		= 0xff,
	[XIPFRAG_ECN_NOT_ECT | XIPFRAG_ECN_ECT_1]		= 0xff,
	[XIPFRAG_ECN_NOT_ECT | XIPFRAG_ECN_ECT_0 | XIPFRAG_ECN_ECT_1] = 0xff,
	[XIPFRAG_ECN_NOT_ECT | XIPFRAG_ECN_CE | XIPFRAG_ECN_ECT_0] = 0xff,
	[XIPFRAG_ECN_NOT_ECT | XIPFRAG_ECN_CE | XIPFRAG_ECN_ECT_1] = 0xff,
	[XIPFRAG_ECN_NOT_ECT | XIPFRAG_ECN_CE | XIPFRAG_ECN_ECT_0 |
	 XIPFRAG_ECN_ECT_1]					= 0xff,
};

static struct xfqdir *xip_fqdir(const struct net *net)
{
	return &xinet_net(net)->fqdir;
}

/**
 * xip_expire - a queue's time is up (twin of ip_expire)
 * @t: the queue's timer
 *
 * Counts ReasmTimeout and ReasmFails and, if the first fragment came,
 * sends ICMP time exceeded (fragment reassembly) quoting it from the
 * device the last fragment came through.
 *
 * Context: timer (softirq).
 */
void xip_expire(struct timer_list *t)
{
	struct xfrag_queue *q = from_timer(q, t, timer);
	struct xfqdir *fqdir = q->fqdir;
	struct net *net = fqdir->net;
	struct sk_buff *head = NULL;
	int refs = 1;

	rcu_read_lock();
	spin_lock(&fqdir->lock);

	if (q->flags & XFRAG_COMPLETE)
		goto out;

	q->flags |= XFRAG_DROP;
	xinet_frag_kill(q, &refs);

	__XIP_INC_STATS(net, IPSTATS_MIB_REASMFAILS);
	__XIP_INC_STATS(net, IPSTATS_MIB_REASMTIMEOUT);

	if (!(q->flags & XFRAG_FIRST_IN))
		goto out;

	/* skb->dev shares its place with the rbnode: out of the tree first. */
	head = xinet_frag_pull_head(q);
	if (!head)
		goto out;
	head->dev = dev_get_by_index_rcu(net, q->iif);
	if (!head->dev)
		goto out;

	spin_unlock(&fqdir->lock);
	xicmp_send(head, ICMP_TIME_EXCEEDED, ICMP_EXC_FRAGTIME, 0);
	goto out_rcu_unlock;

out:
	spin_unlock(&fqdir->lock);
out_rcu_unlock:
	rcu_read_unlock();
	kfree_skb_reason(head, SKB_DROP_REASON_FRAG_REASM_TIMEOUT);
	xinet_frag_putn(q, refs);
}

/*
 * Twin of ip_frag_too_far(): did more than ipfrag_max_dist fragments
 * from this source arrive since this queue's last one?  Such a queue is
 * likely stale (its ID wrapped around), and mixing would corrupt data.
 */
static bool xip_frag_too_far(struct xfrag_queue *q)
{
	unsigned int max = READ_ONCE(q->fqdir->max_dist);
	unsigned int start, end;
	bool rc;

	if (!q->peer || !max)
		return false;

	start = q->rid;
	end = atomic_inc_return(q->peer);
	q->rid = end;

	rc = q->fragments_tail && (end - start) > max;
	if (rc)
		__XIP_INC_STATS(q->fqdir->net, IPSTATS_MIB_REASMFAILS);
	return rc;
}

/* Twin of ip_frag_reinit(): start the queue over with a fresh timer. */
static int xip_frag_reinit(struct xfrag_queue *q)
{
	if (!mod_timer(&q->timer, jiffies + READ_ONCE(q->fqdir->timeout))) {
		refcount_inc(&q->refcnt);
		return -ETIMEDOUT;
	}

	xinet_frag_queue_flush(q, SKB_DROP_REASON_FRAG_TOO_FAR);
	q->flags = 0;
	q->len = 0;
	q->meat = 0;
	q->iif = 0;
	q->ecn = 0;
	return 0;
}

/* Twin of ip_frag_reasm(): glue the queue into @skb. */
static int xip_frag_reasm(struct xfrag_queue *q, struct sk_buff *skb,
			  struct sk_buff *prev_tail, struct net_device *dev,
			  int *refs)
{
	struct net *net = q->fqdir->net;
	struct iphdr *iph;
	void *reasm_data;
	int len, err;
	u8 ecn;

	xinet_frag_kill(q, refs);

	ecn = xip_frag_ecn_table[q->ecn];
	if (unlikely(ecn == 0xff)) {
		err = -EINVAL;
		goto out_fail;
	}

	reasm_data = xinet_frag_reasm_prepare(q, skb, prev_tail);
	if (!reasm_data) {
		err = -ENOMEM;
		goto out_fail;
	}

	len = ip_hdrlen(skb) + q->len;
	err = -E2BIG;
	if (len > 65535) {
		net_info_ratelimited("xinet: oversized IP packet from %pI4\n",
				     &q->key.saddr);
		goto out_fail;
	}

	xinet_frag_reasm_finish(q, skb, reasm_data);

	skb->dev = dev;
	iph = ip_hdr(skb);
	iph->tot_len = htons(len);
	iph->tos |= ecn;
	/* DF only if the largest fragment had it (as Linux, for forwarding). */
	if (q->max_df_size == q->max_size)
		iph->frag_off = htons(IP_DF);
	else
		iph->frag_off = 0;
	xip_send_check(iph);

	__XIP_INC_STATS(net, IPSTATS_MIB_REASMOKS);
	return 0;

out_fail:
	__XIP_INC_STATS(net, IPSTATS_MIB_REASMFAILS);
	return err;
}

/* Twin of ip_frag_queue(): add @skb to @q; 0 when it completed it. */
static int xip_frag_queue(struct xfrag_queue *q, struct sk_buff *skb,
			  int *refs)
{
	struct net *net = q->fqdir->net;
	enum skb_drop_reason reason = SKB_DROP_REASON_NOT_SPECIFIED;
	int ihl, end, flags, offset;
	struct sk_buff *prev_tail;
	struct net_device *dev;
	unsigned int fragsize;
	int err = -ENOENT;
	u8 ecn;

	/* Reassembled already: @skb can only be a duplicate. */
	if (q->flags & XFRAG_COMPLETE) {
		reason = SKB_DROP_REASON_DUP_FRAG;
		goto err;
	}

	if (unlikely(xip_frag_too_far(q))) {
		err = xip_frag_reinit(q);
		if (unlikely(err)) {
			xinet_frag_kill(q, refs);
			goto err;
		}
	}

	ecn = xip4_frag_ecn(ip_hdr(skb)->tos);
	offset = ntohs(ip_hdr(skb)->frag_off);
	flags = offset & ~IP_OFFSET;
	offset &= IP_OFFSET;
	offset <<= 3;		/* in 8-byte units on the wire */
	ihl = ip_hdrlen(skb);

	end = offset + skb->len - skb_network_offset(skb) - ihl;
	err = -EINVAL;

	if (!(flags & IP_MF)) {
		/* The last fragment: nothing may lie past it, nor may an
		 * earlier last fragment have said otherwise.
		 */
		if (end < q->len ||
		    ((q->flags & XFRAG_LAST_IN) && end != q->len))
			goto discard_qp;
		q->flags |= XFRAG_LAST_IN;
		q->len = end;
	} else {
		if (end & 7) {
			/* Only the last fragment may end off the 8-byte grid. */
			end &= ~7;
			if (skb->ip_summed != CHECKSUM_UNNECESSARY)
				skb->ip_summed = CHECKSUM_NONE;
		}
		if (end > q->len) {
			if (q->flags & XFRAG_LAST_IN)
				goto discard_qp;
			q->len = end;
		}
	}
	if (end == offset)
		goto discard_qp;

	err = -ENOMEM;
	if (!pskb_pull(skb, skb_network_offset(skb) + ihl))
		goto discard_qp;

	err = pskb_trim_rcsum(skb, end - offset);
	if (err)
		goto discard_qp;

	/* skb->dev shares its place with the rbnode. */
	dev = skb->dev;
	barrier();

	prev_tail = q->fragments_tail;
	err = xinet_frag_queue_insert(q, skb, offset, end);
	if (err)
		goto insert_error;

	if (dev)
		q->iif = dev->ifindex;

	q->stamp = skb->tstamp;
	q->meat += skb->len;
	q->ecn |= ecn;
	atomic_long_add(skb->truesize, &q->fqdir->mem);
	if (offset == 0)
		q->flags |= XFRAG_FIRST_IN;

	fragsize = skb->len + ihl;
	if (fragsize > q->max_size)
		q->max_size = fragsize;
	if (ip_hdr(skb)->frag_off & htons(IP_DF) &&
	    fragsize > q->max_df_size)
		q->max_df_size = fragsize;

	if (q->flags == (XFRAG_FIRST_IN | XFRAG_LAST_IN) &&
	    q->meat == q->len) {
		err = xip_frag_reasm(q, skb, prev_tail, dev, refs);
		if (err)
			xinet_frag_kill(q, refs);
		return err;
	}

	skb_dst_drop(skb);
	skb_orphan(skb);
	return -EINPROGRESS;

insert_error:
	if (err == XIPFRAG_DUP) {
		reason = SKB_DROP_REASON_DUP_FRAG;
		err = -EINVAL;
		goto err;
	}
	err = -EINVAL;
	__XIP_INC_STATS(net, IPSTATS_MIB_REASM_OVERLAPS);
discard_qp:
	xinet_frag_kill(q, refs);
	__XIP_INC_STATS(net, IPSTATS_MIB_REASMFAILS);
err:
	kfree_skb_reason(skb, reason);
	return err;
}

/**
 * xip_defrag - queue a received fragment (twin of ip_defrag)
 * @net: the namespace
 * @skb: the fragment, data at its IP header, trimmed to its total length
 *
 * Counts ReasmReqds; a fragment the namespace has no room for (above
 * ipfrag_high_thresh) is dropped as ReasmFails.
 *
 * Context: softirq, or process context with BHs disabled.
 * Return: 0 when @skb is now the whole datagram (IP header at its data,
 * total length set, MF and offset clear); otherwise @skb was kept or
 * freed and a negative errno says why (-EINPROGRESS: kept).
 */
int xip_defrag(struct net *net, struct sk_buff *skb)
{
	struct xfqdir *fqdir = xip_fqdir(net);
	const struct iphdr *iph = ip_hdr(skb);
	struct xfrag_v4_key key = {
		.saddr = iph->saddr,
		.daddr = iph->daddr,
		.id = iph->id,
		.protocol = iph->protocol,
	};
	struct xfrag_queue *q;
	int ret, refs = 0;

	__XIP_INC_STATS(net, IPSTATS_MIB_REASMREQDS);

	spin_lock_bh(&fqdir->lock);
	q = xinet_frag_find(fqdir, &key);
	if (!q) {
		spin_unlock_bh(&fqdir->lock);
		__XIP_INC_STATS(net, IPSTATS_MIB_REASMFAILS);
		kfree_skb(skb);
		return -ENOMEM;
	}
	ret = xip_frag_queue(q, skb, &refs);
	spin_unlock_bh(&fqdir->lock);
	xinet_frag_putn(q, refs);
	return ret;
}

/**
 * xip_frag_mem - bytes a namespace's fragment queues hold
 * @net: the namespace
 *
 * For /proc/net/xinet/sockstat's FRAG line (ip_frag_mem).
 *
 * Return: the bytes.
 */
long xip_frag_mem(const struct net *net)
{
	return xfrag_mem_limit(xip_fqdir(net));
}

/**
 * xip_frag_init_net - a namespace's reassembly, with Linux's defaults
 * @net: the namespace
 *
 * ipv4_frags_init_net()'s values: 4 MiB high, 3 MiB low threshold,
 * 30 s, a distance of 64.
 */
void xip_frag_init_net(struct net *net)
{
	struct xfqdir *fqdir = xip_fqdir(net);

	xfqdir_init(fqdir, net);
	fqdir->high_thresh = 4 * 1024 * 1024;
	fqdir->low_thresh = 3 * 1024 * 1024;
	fqdir->timeout = IP_FRAG_TIME;
	fqdir->max_dist = 64;
}

/**
 * xip_frag_exit_net - drop a namespace's queues
 * @net: the namespace, whose devices are gone
 */
void xip_frag_exit_net(struct net *net)
{
	xfqdir_exit(xip_fqdir(net));
}
