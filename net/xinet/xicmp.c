// SPDX-License-Identifier: GPL-2.0
/*
 * xinet: ICMP, twin of net/ipv4/icmp.c.
 *
 * Receive (xicmp_rcv, twin of icmp_rcv): checksum, per-type counters,
 * echo requests answered (xicmp_echo), errors about packets this host
 * sent handed to the quoted transport's err_handler
 * (xicmp_unreach → xicmp_socket_deliver), echo replies to ping sockets
 * (xping_rcv), everything else discarded.
 *
 * Send (xicmp_send, twin of __icmp_send): an error quoting as much of
 * the offending packet as fits in 576 bytes (RFC 1812 4.3.2.3), never
 * about an ICMP error, a broadcast, or a fragment other than the first
 * (RFC 1122 3.2.2), rate limited as Linux limits it: the types in
 * net.xinet.icmp_ratemask pass a per-namespace token bucket (1000 per
 * second, burst 50, Linux's icmp_msgs_per_sec/icmp_msgs_burst defaults)
 * and a per-destination bucket refilled by one token per
 * net.xinet.icmp_ratelimit, burst 6 (inet_peer_xrlim_allow).
 *
 * xinet keeps no kernel socket for ICMP: replies and errors are built
 * as skbs and sent with xip_send_skb() on a route from
 * xip_route_output().
 */

#include <linux/icmp.h>
#include <linux/jhash.h>
#include <linux/math64.h>
#include <linux/netdevice.h>
#include <linux/skbuff.h>
#include <linux/spinlock.h>
#include <net/checksum.h>
#include <net/icmp.h>
#include <net/ip.h>
#include <net/netns/generic.h>
#include <net/xinet/compat.h>
#include <net/xinet/netns.h>
#include <net/xinet/xicmp.h>
#include <net/xinet/xip.h>
#include <net/xinet/xping.h>
#include <net/xinet/xraw.h>
#include <net/xinet/xroute.h>
#include <net/xinet/xsnmp.h>

/**
 * xinet_current_timestamp - milliseconds since midnight UTC, network order
 *
 * Twin of inet_current_timestamp(): the time format of ICMP timestamp
 * messages and of the IP timestamp option (RFC 791, RFC 792).
 *
 * Return: the timestamp.
 */
__be32 xinet_current_timestamp(void)
{
	struct timespec64 ts;
	u32 secs;

	ktime_get_real_ts64(&ts);
	div_u64_rem(ts.tv_sec, 24 * 60 * 60, &secs);
	return htonl(secs * MSEC_PER_SEC + ts.tv_nsec / NSEC_PER_MSEC);
}

/* Linux's net.ipv4.icmp_msgs_per_sec and icmp_msgs_burst defaults. */
#define XICMP_MSGS_PER_SEC	1000
#define XICMP_MSGS_BURST	50
/* A destination may save up this many icmp_ratelimit periods. */
#define XICMP_XRLIM_BURST_FACTOR 6
#define XICMP_HOST_BUCKETS	256

/**
 * struct xicmp_host_bucket - per-destination rate limit state
 * @tokens: saved-up jiffies, at most XICMP_XRLIM_BURST_FACTOR periods
 * @last: jiffies of the last refill
 * @used: the bucket has been used (a fresh bucket starts full)
 */
struct xicmp_host_bucket {
	unsigned long	tokens;
	unsigned long	last;
	bool		used;
};

/**
 * struct xicmp_net - ICMP rate limit state of a namespace
 * @global_credit: tokens of the namespace-wide bucket
 * @global_stamp: jiffies of its last refill
 * @lock: protects @hosts
 * @hosts: per-destination buckets, indexed by a keyed hash of the
 *	destination; destinations that collide share a bucket, which can
 *	only limit them more, never less
 */
struct xicmp_net {
	atomic_t			global_credit;
	u32				global_stamp;
	spinlock_t			lock;	/* protects hosts */
	struct xicmp_host_bucket	hosts[XICMP_HOST_BUCKETS];
};

static unsigned int xicmp_net_id __read_mostly;
static u32 xicmp_host_seed __read_mostly;

/* Twin of icmpv4_mask_allow(): types outside the ratemask are not limited. */
static bool xicmp_mask_allow(struct net *net, int type, int code)
{
	if (type > NR_ICMP_TYPES)
		return true;
	/* Path MTU discovery must not be starved. */
	if (type == ICMP_DEST_UNREACH && code == ICMP_FRAG_NEEDED)
		return true;
	return !((1 << type) & READ_ONCE(xinet_net(net)->sysctl_icmp_ratemask));
}

/* Twin of icmp_global_allow(): refill at most every 20 ms. */
static bool xicmp_global_allow(struct net *net)
{
	struct xicmp_net *xin = xinet_net_generic(net, xicmp_net_id);
	u32 delta, now, oldstamp;
	int incr, old, new;

	if (atomic_read(&xin->global_credit) > 0)
		return true;

	now = jiffies;
	oldstamp = READ_ONCE(xin->global_stamp);
	delta = min_t(u32, now - oldstamp, HZ);
	if (delta < HZ / 50)
		return false;
	incr = div_u64((u64)XICMP_MSGS_PER_SEC * delta, HZ);
	if (!incr)
		return false;
	if (cmpxchg(&xin->global_stamp, oldstamp, now) == oldstamp) {
		old = atomic_read(&xin->global_credit);
		do {
			new = min(old + incr, XICMP_MSGS_BURST);
		} while (!atomic_try_cmpxchg(&xin->global_credit, &old, new));
	}
	return true;
}

/* Twin of inet_peer_xrlim_allow() on the destination's bucket. */
static bool xicmp_host_allow(struct net *net, __be32 daddr)
{
	struct xicmp_net *xin = xinet_net_generic(net, xicmp_net_id);
	int timeout = READ_ONCE(xinet_net(net)->sysctl_icmp_ratelimit);
	struct xicmp_host_bucket *b;
	unsigned long now = jiffies, token;
	bool rc = false;

	if (timeout <= 0)
		return true;
	b = &xin->hosts[jhash_1word((__force u32)daddr, xicmp_host_seed) %
			XICMP_HOST_BUCKETS];

	spin_lock_bh(&xin->lock);
	if (!b->used) {
		b->used = true;
		b->tokens = XICMP_XRLIM_BURST_FACTOR * timeout;
		b->last = now;
	}
	token = b->tokens + (now - b->last);
	b->last = now;
	if (token > XICMP_XRLIM_BURST_FACTOR * timeout)
		token = XICMP_XRLIM_BURST_FACTOR * timeout;
	if (token >= timeout) {
		token -= timeout;
		rc = true;
	}
	b->tokens = token;
	spin_unlock_bh(&xin->lock);
	return rc;
}

/*
 * The two rate limits of icmpv4_global_allow() and icmpv4_xrlim_allow(),
 * each counted when it refuses.  Nothing is limited on a loopback device.
 */
static bool xicmp_allow(struct net *net, const struct xrtable *rt,
			__be32 daddr, int type, int code)
{
	struct xicmp_net *xin = xinet_net_generic(net, xicmp_net_id);

	if (xicmp_mask_allow(net, type, code))
		return true;
	if (!xicmp_global_allow(net)) {
		XICMP_INC_STATS(net, ICMP_MIB_RATELIMITGLOBAL);
		return false;
	}
	/* Loopback traffic is not limited per host, as in Linux. */
	if (!(rt->dev->flags & IFF_LOOPBACK) &&
	    rt->dev != READ_ONCE(xinet_net(net)->loopback_dev) &&
	    !xicmp_host_allow(net, daddr)) {
		XICMP_INC_STATS(net, ICMP_MIB_RATELIMITHOST);
		return false;
	}
	atomic_dec(&xin->global_credit);
	return true;
}

/*
 * Build and send one ICMP message: @icmph, then @len bytes of @skb_in
 * from @offset (relative to skb_in->data), from @saddr to @daddr, with
 * the IP options @opt (the echo of the received packet's).  The
 * message is counted as Linux's icmp_out_count() counts it, and a send
 * that fails as OutErrors.
 */
static void xicmp_push(struct net *net, const struct icmphdr *icmph,
		       struct sk_buff *skb_in, int offset, unsigned int len,
		       __be32 saddr, __be32 daddr, u8 tos,
		       const struct ip_options *opt, struct xrtable *rt_in)
{
	struct xrtable rt_own = {};
	struct xrtable *rt = rt_in;
	struct xflowi4 fl4 = {
		.proto	= IPPROTO_ICMP,
		.daddr	= opt->srr ? opt->faddr : daddr,
		.saddr	= saddr,
	};
	struct xip_cork cork = {};
	struct icmphdr *h;
	struct sk_buff *skb;
	unsigned int room;

	if (!rt) {
		if (xip_route_output(net, &fl4, &rt_own)) {
			XICMP_INC_STATS(net, ICMP_MIB_OUTERRORS);
			return;
		}
		rt = &rt_own;
	}

	/*
	 * An error quotes no more than fits a 576-byte datagram (and the
	 * route's MTU); a reply may be up to 65,535 bytes, fragmented as
	 * Linux's ICMP socket (IP_PMTUDISC_DONT) fragments it.
	 */
	if (icmp_is_err(icmph->type))
		room = min_t(unsigned int, rt->rt_mtu, 576);
	else
		room = IP_MAX_MTU;
	if (room <= sizeof(struct iphdr) + opt->optlen +
		    sizeof(struct icmphdr)) {
		XICMP_INC_STATS(net, ICMP_MIB_OUTERRORS);
		goto out;
	}
	room -= sizeof(struct iphdr) + opt->optlen + sizeof(struct icmphdr);
	if (len > room) {
		if (!icmp_is_err(icmph->type)) {
			/* A reply is all or nothing. */
			XICMP_INC_STATS(net, ICMP_MIB_OUTERRORS);
			goto out;
		}
		len = room;
	}

	skb = alloc_skb(XIP_HEADROOM(rt->dev) + sizeof(*icmph) + len,
			GFP_ATOMIC);
	if (!skb) {
		XICMP_INC_STATS(net, ICMP_MIB_OUTERRORS);
		goto out;
	}
	skb_reserve(skb, XIP_HEADROOM(rt->dev));
	skb_reset_transport_header(skb);
	h = skb_put(skb, sizeof(*h));
	*h = *icmph;
	h->checksum = 0;
	if (skb_copy_bits(skb_in, offset, skb_put(skb, len), len)) {
		kfree_skb(skb);
		XICMP_INC_STATS(net, ICMP_MIB_OUTERRORS);
		goto out;
	}
	h->checksum = csum_fold(csum_partial(h, skb->len, 0));

	cork.saddr = fl4.saddr ? fl4.saddr : saddr;
	cork.daddr = daddr;
	cork.protocol = IPPROTO_ICMP;
	cork.ttl = READ_ONCE(xinet_net(net)->sysctl_ip_default_ttl);
	cork.tos = tos;
	cork.opt = opt->optlen ? opt : NULL;
	/* Linux's ICMP socket uses IP_PMTUDISC_DONT: no DF, fragments. */
	cork.df = false;
	cork.ignore_df = true;

	XICMPMSGOUT_INC_STATS(net, icmph->type);
	XICMP_INC_STATS(net, ICMP_MIB_OUTMSGS);
	if (xip_send_skb(net, skb, rt, &cork) < 0)
		XICMP_INC_STATS(net, ICMP_MIB_OUTERRORS);
out:
	if (rt == &rt_own)
		xip_rt_put(rt);
}

/**
 * xicmp_send - send an ICMP error about a received packet
 * @skb_in: the packet, network header set (skb->data may be past it)
 * @type: ICMP type (ICMP_DEST_UNREACH, ICMP_TIME_EXCEEDED, ...)
 * @code: ICMP code
 * @info: the header's second word (an MTU, a pointer), network order
 *
 * Twin of __icmp_send().  Quietly sends nothing about a broadcast or
 * multicast, a non-initial fragment, an ICMP error, or from a source
 * no reply can go to; rate limited per net.xinet.icmp_ratelimit and
 * icmp_ratemask.  The error goes from the address the packet was sent
 * to, which xinet only accepts when it is one of its own.
 *
 * Context: any; the caller keeps @skb_in.
 */
void xicmp_send(struct sk_buff *skb_in, int type, int code, __be32 info)
{
	struct xip_options_data replyopts;
	struct icmphdr icmph = {};
	const struct iphdr *iph;
	struct xrtable rt = {};
	struct xflowi4 fl4 = {};
	struct net *net;
	int offset;
	u8 tos;

	if (!skb_in->dev)
		return;
	net = dev_net(skb_in->dev);

	/* The header must be in the linear part, whole. */
	iph = ip_hdr(skb_in);
	if ((u8 *)iph < skb_in->head ||
	    skb_network_header(skb_in) + sizeof(*iph) >
	    skb_tail_pointer(skb_in))
		return;

	if (skb_in->pkt_type != PACKET_HOST ||
	    (XIPCB(skb_in)->flags & XIPSKB_BROADCAST))
		return;
	if (ipv4_is_multicast(iph->daddr) || ipv4_is_lbcast(iph->daddr) ||
	    ipv4_is_zeronet(iph->saddr) || ipv4_is_multicast(iph->saddr) ||
	    ipv4_is_lbcast(iph->saddr))
		return;
	/* Only the first fragment may be complained about. */
	if (iph->frag_off & htons(IP_OFFSET))
		return;

	/* Never an error about an error (RFC 1122 3.2.2). */
	if (icmp_is_err(type) && iph->protocol == IPPROTO_ICMP) {
		u8 _inner_type;
		const u8 *itp;

		itp = skb_header_pointer(skb_in,
					 skb_network_offset(skb_in) +
					 iph->ihl * 4 +
					 offsetof(struct icmphdr, type),
					 sizeof(_inner_type), &_inner_type);
		if (!itp || *itp > NR_ICMP_TYPES || icmp_is_err(*itp))
			return;
	}

	/* Errors get Internet Control precedence, as Linux gives them. */
	tos = icmp_is_err(type) ?
	      (iph->tos & IPTOS_TOS_MASK) | IPTOS_PREC_INTERNETCONTROL :
	      iph->tos;

	/* The error carries the offending packet's options back. */
	if (xip_options_echo(net, &replyopts.opt, skb_in))
		return;

	fl4.proto = IPPROTO_ICMP;
	fl4.daddr = replyopts.opt.srr ? replyopts.opt.faddr : iph->saddr;
	fl4.saddr = iph->daddr;
	if (xip_route_output(net, &fl4, &rt))
		return;

	/* As __icmp_send(): the transmit path runs under RCU, BHs off. */
	local_bh_disable();
	rcu_read_lock();
	if (xicmp_allow(net, &rt, iph->saddr, type, code)) {
		icmph.type = type;
		icmph.code = code;
		icmph.un.gateway = info;
		offset = skb_network_offset(skb_in);
		xicmp_push(net, &icmph, skb_in, offset, skb_in->len - offset,
			   fl4.saddr ? fl4.saddr : iph->daddr, iph->saddr,
			   tos, &replyopts.opt, &rt);
	}
	rcu_read_unlock();
	local_bh_enable();
	xip_rt_put(&rt);
}

/*
 * Twin of icmp_echo() and icmp_reply(): the reply carries the request's
 * identifier, sequence number, data and echoed IP options (a record
 * route with this host's address added) back, from the address it was
 * sent to.
 */
static void xicmp_echo(struct sk_buff *skb)
{
	struct net *net = dev_net(skb->dev);
	const struct iphdr *iph = ip_hdr(skb);
	struct xip_options_data replyopts;
	struct icmphdr icmph;

	if (READ_ONCE(xinet_net(net)->sysctl_icmp_echo_ignore_all))
		return;
	if (xip_options_echo(net, &replyopts.opt, skb))
		return;

	icmph = *icmp_hdr(skb);
	icmph.type = ICMP_ECHOREPLY;
	icmph.code = 0;
	xicmp_push(net, &icmph, skb, 0, skb->len, iph->daddr, iph->saddr,
		   iph->tos, &replyopts.opt, NULL);
}

/*
 * Twin of icmp_socket_deliver(): the quoted header and 8 bytes of its
 * transport header must be there before the raw sockets and the
 * transport look.
 */
static void xicmp_socket_deliver(struct sk_buff *skb, u32 info)
{
	const struct iphdr *iph = (const struct iphdr *)skb->data;
	const struct xinet_protocol *ipprot;
	int protocol = iph->protocol;

	if (!pskb_may_pull(skb, iph->ihl * 4 + 8))
		goto out;
	/* IPPROTO_RAW sockets are not supposed to receive errors. */
	if (protocol == IPPROTO_RAW)
		goto out;

	xraw_icmp_error(skb, protocol, info);
	ipprot = xinet_protocol_rcu(protocol);
	if (ipprot && ipprot->err_handler)
		ipprot->err_handler(skb, info);
	return;

out:
	XICMP_INC_STATS(dev_net(skb->dev), ICMP_MIB_INERRORS);
}

/*
 * Twin of icmp_unreach(): destination unreachable, source quench, time
 * exceeded and parameter problem, for the transport that sent the
 * quoted packet.  @skb->data is at the quoted IP header.
 */
static void xicmp_unreach(struct sk_buff *skb)
{
	struct net *net = dev_net(skb->dev);
	const struct icmphdr *icmph;
	const struct iphdr *iph;
	u32 info = 0;

	if (!pskb_may_pull(skb, sizeof(struct iphdr)))
		goto out_err;
	icmph = icmp_hdr(skb);
	iph = (const struct iphdr *)skb->data;
	if (iph->ihl < 5)
		goto out_err;

	switch (icmph->type) {
	case ICMP_DEST_UNREACH:
		/*
		 * net.xinet.ip_no_pmtu_disc, as net.ipv4's: 0 passes the MTU
		 * on, 1 passes 0 (the transport falls back to min_pmtu), 2
		 * and 3 drop the message (3 keeps it for protocols with strict
		 * tag validation, which xinet has none of).
		 */
		if ((icmph->code & 15) == ICMP_FRAG_NEEDED) {
			switch (READ_ONCE(xinet_net(net)->sysctl_ip_no_pmtu_disc)) {
			default:
				break;
			case 2:
			case 3:
				goto out_err;
			case 0:
				info = ntohs(icmph->un.frag.mtu);
			}
		}
		if (icmph->code > NR_ICMP_UNREACH)
			return;
		break;
	case ICMP_PARAMETERPROB:
		info = ntohl(icmph->un.gateway) >> 24;
		break;
	case ICMP_TIME_EXCEEDED:
		XICMP_INC_STATS(net, ICMP_MIB_INTIMEEXCDS);
		if (icmph->code == ICMP_EXC_FRAGTIME)
			return;
		break;
	}

	xicmp_socket_deliver(skb, info);
	return;

out_err:
	XICMP_INC_STATS(net, ICMP_MIB_INERRORS);
}

/**
 * xicmp_rcv - the ICMP handler of the xinet_protos table (twin of icmp_rcv)
 * @skb: the packet, data at the ICMP header
 *
 * Context: softirq, under rcu_read_lock().
 * Return: 0; the packet is consumed.
 */
static int xicmp_rcv(struct sk_buff *skb)
{
	struct net *net = dev_net(skb->dev);
	const struct icmphdr *icmph;

	XICMP_INC_STATS(net, ICMP_MIB_INMSGS);

	if (skb_checksum_simple_validate(skb))
		goto csum_error;
	if (!pskb_pull(skb, sizeof(*icmph)))
		goto error;

	icmph = icmp_hdr(skb);
	XICMPMSGIN_INC_STATS(net, icmph->type);
	if (icmph->type > NR_ICMP_TYPES)
		goto error;

	/* To a broadcast: no echo (icmp_echo_ignore_broadcasts), no errors. */
	if ((XIPCB(skb)->flags & XIPSKB_BROADCAST) &&
	    icmph->type != ICMP_ADDRESS && icmph->type != ICMP_ADDRESSREPLY)
		goto error;

	switch (icmph->type) {
	case ICMP_ECHO:
		xicmp_echo(skb);
		break;
	case ICMP_DEST_UNREACH:
	case ICMP_SOURCE_QUENCH:
	case ICMP_TIME_EXCEEDED:
	case ICMP_PARAMETERPROB:
		xicmp_unreach(skb);
		break;
	case ICMP_ECHOREPLY:
		xping_rcv(skb);
		break;
	default:
		/* Redirects (no gateways), timestamps, ... */
		break;
	}
	consume_skb(skb);
	return 0;

csum_error:
	XICMP_INC_STATS(net, ICMP_MIB_CSUMERRORS);
error:
	XICMP_INC_STATS(net, ICMP_MIB_INERRORS);
	kfree_skb(skb);
	return 0;
}

/*
 * Twin of icmp_err(): an ICMP error about an ICMP message we sent.
 * Echo requests are ping sockets'; the kernel's own replies keep no
 * state to update.  @skb->data is at the quoted IP header, with 8
 * bytes of its ICMP header (xicmp_socket_deliver).
 */
static int xicmp_err(struct sk_buff *skb, u32 info)
{
	const struct iphdr *iph = (const struct iphdr *)skb->data;
	int offset = iph->ihl * 4;
	const struct icmphdr *icmph;

	icmph = (const struct icmphdr *)(skb->data + offset);
	if (icmph->type != ICMP_ECHOREPLY)
		xping_err(skb, offset, info);
	return 0;
}

static const struct xinet_protocol xicmp_protocol = {
	.handler	= xicmp_rcv,
	.err_handler	= xicmp_err,
};

static int __net_init xicmp_init_net(struct net *net)
{
	struct xicmp_net *xin = xinet_net_generic(net, xicmp_net_id);

	spin_lock_init(&xin->lock);
	atomic_set(&xin->global_credit, XICMP_MSGS_BURST);
	xin->global_stamp = jiffies;
	return 0;
}

static struct pernet_operations xicmp_net_ops = {
	.init	= xicmp_init_net,
	.id	= &xicmp_net_id,
	.size	= sizeof(struct xicmp_net),
};

/**
 * xicmp_init - register ICMP with the IPv4 layer
 *
 * Return: 0 or a negative errno (nothing left registered).
 */
int xicmp_init(void)
{
	int err;

	xicmp_host_seed = get_random_u32();
	err = register_pernet_subsys(&xicmp_net_ops);
	if (err)
		return err;
	err = xinet_add_protocol(&xicmp_protocol, IPPROTO_ICMP);
	if (err) {
		unregister_pernet_subsys(&xicmp_net_ops);
		return err;
	}
	return 0;
}

/**
 * xicmp_exit - undo xicmp_init()
 */
void xicmp_exit(void)
{
	xinet_del_protocol(&xicmp_protocol, IPPROTO_ICMP);
	unregister_pernet_subsys(&xicmp_net_ops);
}
