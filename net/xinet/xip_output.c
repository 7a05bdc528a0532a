// SPDX-License-Identifier: GPL-2.0
/*
 * xinet: IPv4 output, twin of net/ipv4/ip_output.c.
 *
 * The transports build the transport header and payload, look up an
 * xrtable with xip_route_output() and call xip_send_skb(), which is
 * ip_send_skb() → ip_local_out() → ip_finish_output2() folded into one:
 * push and fill the IP header, hand the packet to the route's xnet
 * device.  xnet is a layer-3 device, so there is no neighbour to
 * resolve.  IP options (a socket's IP_OPTIONS, the echo of a received
 * packet's) go behind the fixed header (xip_options_build()).  A
 * datagram larger than the route's MTU is cut into fragments by
 * xip_do_fragment() (ip_fragment, ip_do_fragment's slow path) unless
 * DF forbids it; xip_sk_frag_cork() makes the socket's choice of DF and
 * local fragmentation, as __ip_append_data() and __ip_make_skb() make
 * it.
 */

#include <linux/netdevice.h>
#include <linux/siphash.h>
#include <linux/skbuff.h>
#include <net/ip.h>
#include <net/xinet/compat.h>
#include <net/xinet/netns.h>
#include <net/xinet/protocol.h>
#include <net/xinet/xinet_sock.h>
#include <net/xinet/xip.h>
#include <net/xinet/xroute.h>
#include <net/xinet/xsnmp.h>

/**
 * xip_send_check - compute the header checksum of an outgoing packet
 * @iph: the complete IP header, options included
 *
 * Twin of ip_send_check().
 */
void xip_send_check(struct iphdr *iph)
{
	iph->check = 0;
	iph->check = ip_fast_csum((u8 *)iph, iph->ihl);
}

/**
 * xip_select_ttl - the TTL of a socket's unicast packets
 * @sk: the socket
 *
 * Twin of ip_select_ttl(): the IP_TTL option, or the namespace's
 * net.xinet.ip_default_ttl while the option is -1 (xnet routes carry
 * no hop-limit metric).
 *
 * Return: the TTL, 1..255.
 */
u8 xip_select_ttl(const struct sock *sk)
{
	int ttl = READ_ONCE(xinet_sk(sk)->uc_ttl);

	if (ttl < 0)
		ttl = READ_ONCE(xinet_net(sock_net(sk))->sysctl_ip_default_ttl);
	return ttl;
}

/*
 * IP IDs of packets that are not from a connected socket come from a
 * table of counters indexed by a keyed hash of (daddr, saddr, protocol,
 * namespace), as Linux's ip_idents: a peer sees one sequence, but cannot
 * learn from it what this host sends to others.  Each bucket jumps by a
 * random amount after an idle tick, so the IDs do not reveal the rate
 * either.  Races between CPUs only lose increments, which is harmless.
 */
#define XIP_IDENTS_HASH_BITS	11
static atomic_t xip_idents[1 << XIP_IDENTS_HASH_BITS];
static u32 xip_tstamps[1 << XIP_IDENTS_HASH_BITS];
static siphash_key_t xip_id_key __read_mostly;

static void xip_select_ident_hashed(struct net *net, struct iphdr *iph)
{
	u32 hash, bucket, old, now = (u32)jiffies, delta = 0;

	/* Filled on first use: the RNG is not ready at early module load. */
	if (unlikely(siphash_key_is_zero(&xip_id_key)))
		get_random_bytes(&xip_id_key, sizeof(xip_id_key));

	hash = siphash_4u32((__force u32)iph->daddr, (__force u32)iph->saddr,
			    iph->protocol, net_hash_mix(net), &xip_id_key);
	bucket = hash & ((1 << XIP_IDENTS_HASH_BITS) - 1);
	old = READ_ONCE(xip_tstamps[bucket]);
	if (old != now && cmpxchg(&xip_tstamps[bucket], old, now) == old)
		delta = get_random_u32_below(now - old);
	iph->id = htons(atomic_add_return(1 + delta, &xip_idents[bucket]) - 1);
}

/**
 * xip_select_ident - the ID of an outgoing packet (twin of ip_select_ident)
 * @net: the namespace
 * @skb: the packet, its header with frag_off, addresses and protocol set
 * @sk: the sending socket, or NULL
 *
 * A connected socket numbers its own packets; otherwise a DF packet
 * that can never be fragmented gets ID 0 (RFC 6864) and any other
 * packet, DF packets of sockets that fragment locally (skb->ignore_df)
 * included, an ID from the hashed counters.
 */
void xip_select_ident(struct net *net, struct sk_buff *skb,
		      const struct sock *sk)
{
	struct iphdr *iph = ip_hdr(skb);

	if (sk && sk_fullsock(sk) && sk->sk_family == xinet_family &&
	    xinet_sk(sk)->xinet_daddr) {
		/* A GSO packet takes an ID for each of its segments. */
		u16 segs = skb_shinfo(skb)->gso_segs ?: 1;

		iph->id = htons(atomic_add_return(segs,
						  &xinet_sk(sk)->xinet_id) -
				segs + 1);
		return;
	}
	if ((iph->frag_off & htons(IP_DF)) && !skb->ignore_df)
		iph->id = 0;
	else
		xip_select_ident_hashed(net, iph);
}

/**
 * xip_local_out - transmit a packet whose IP header is complete
 * @net: the namespace
 * @skb: the packet, data and network header at the IP header; consumed
 * @rt: the output route; its device is used, its reference not taken
 *
 * Twin of ip_local_out() → ip_finish_output2() for xnet, which has no
 * neighbour to resolve.  Counts OutTransmits and OutOctets, broadcasts,
 * and a send the device refused as OutDiscards; the caller counted
 * OutRequests.
 *
 * Context: any context that may call dev_queue_xmit().
 * Return: 0, or the device's refusal as an errno.
 */
int xip_local_out(struct net *net, struct sk_buff *skb, struct xrtable *rt)
{
	unsigned int len = skb->len;
	int err;

	skb->dev = rt->dev;
	skb->protocol = htons(ETH_P_IP);
	if (rt->rt_type == RTN_BROADCAST) {
		XIP_ADD_STATS(net, IPSTATS_MIB_OUTBCASTPKTS, 1);
		XIP_ADD_STATS(net, IPSTATS_MIB_OUTBCASTOCTETS, len);
	}
	xinet_count_out_transmit(net, len);

	err = dev_queue_xmit(skb);
	if (err) {
		/* NET_XMIT_CN is congestion, not loss: success for the sender. */
		if (err > 0)
			err = net_xmit_errno(err);
		if (err)
			XIP_INC_STATS(net, IPSTATS_MIB_OUTDISCARDS);
	}
	return err;
}

/**
 * xip_sk_frag_cork - DF and local fragmentation of a socket's datagram
 * @sk: the sending socket
 * @rt: the route
 * @len: the datagram's length, IP header included
 * @cork: its @df and @ignore_df are set
 *
 * What __ip_append_data() and __ip_make_skb() decide for UDP, raw and
 * ping sockets: a datagram over the MTU is refused unless the socket
 * lets the stack fragment it (IP_PMTUDISC_DONT, WANT, OMIT), and no
 * datagram may exceed 65,535 bytes.  DF is set for IP_PMTUDISC_DO and
 * PROBE, and for WANT on a datagram that fits the MTU: a fragmented
 * one goes without DF.
 *
 * Return: 0, or -EMSGSIZE.
 */
int xip_sk_frag_cork(const struct sock *sk, const struct xrtable *rt,
		     unsigned int len, struct xip_cork *cork)
{
	u8 pmtudisc = READ_ONCE(xinet_sk(sk)->pmtudisc);
	unsigned int mtu = min_t(unsigned int, xip_sk_mtu(sk, rt), IP_MAX_MTU);

	cork->ignore_df = xip_sk_ignore_df(sk);
	if (len > (cork->ignore_df ? IP_MAX_MTU : mtu))
		return -EMSGSIZE;
	if (len <= mtu)
		cork->df = xip_datagram_df(sk, rt);
	else
		cork->df = pmtudisc == IP_PMTUDISC_DO ||
			   pmtudisc == IP_PMTUDISC_PROBE;
	return 0;
}

/*
 * Twin of ip_do_fragment()'s slow path (ip_frag_init, ip_frag_next):
 * copy the datagram into fragments of the largest multiple of 8 bytes
 * the MTU leaves room for, the last one taking the rest, each with the
 * datagram's header and ID (options not marked copied only in the
 * first), and transmit them in order.  FragCreates
 * counts each fragment sent, FragOKs the datagram, FragFails a failure
 * (the fragments sent so far stay sent).
 */
static int xip_do_fragment(struct net *net, struct sk_buff *skb,
			   struct xrtable *rt, unsigned int mtu)
{
	struct iphdr *iph = ip_hdr(skb);
	unsigned int hlen = iph->ihl * 4;
	unsigned int ll_rs = LL_RESERVED_SPACE(rt->dev);
	unsigned int left = skb->len - hlen;
	unsigned int offset = 0, len;
	struct sk_buff *skb2;
	struct iphdr *iph2;
	int err = 0;

	/* The fragments are copies: a checksum left undone is done first. */
	if (skb->ip_summed == CHECKSUM_PARTIAL) {
		err = skb_checksum_help(skb);
		if (err)
			goto fail;
	}
	/* Room for 8 bytes of data at least. */
	if (mtu < hlen + 8) {
		err = -EMSGSIZE;
		goto fail;
	}
	mtu -= hlen;

	while (left > 0) {
		len = min(left, mtu);
		if (len < left)
			len &= ~7;

		skb2 = alloc_skb(len + hlen + ll_rs, GFP_ATOMIC);
		if (!skb2) {
			err = -ENOMEM;
			goto fail;
		}
		/* ip_copy_metadata(): what the device and sockets look at. */
		skb2->priority = skb->priority;
		skb2->mark = skb->mark;
		skb2->ip_summed = CHECKSUM_NONE;
		if (skb->sk)
			skb_set_owner_w(skb2, skb->sk);
		skb_reserve(skb2, ll_rs);
		skb_put(skb2, len + hlen);
		skb_reset_network_header(skb2);
		skb2->transport_header = skb2->network_header + hlen;

		memcpy(skb_network_header(skb2), iph, hlen);
		if (WARN_ON_ONCE(skb_copy_bits(skb, hlen + offset,
					       skb_transport_header(skb2),
					       len))) {
			kfree_skb(skb2);
			err = -EFAULT;
			goto fail;
		}

		/* Later fragments keep only the options marked copied. */
		if (offset == 0 && hlen > sizeof(struct iphdr))
			xip_options_fragment(skb);

		iph2 = ip_hdr(skb2);
		iph2->frag_off = htons(offset >> 3);
		if (left > len)
			iph2->frag_off |= htons(IP_MF);
		iph2->tot_len = htons(len + hlen);
		xip_send_check(iph2);

		left -= len;
		offset += len;

		err = xip_local_out(net, skb2, rt);
		if (err)
			goto fail;
		XIP_INC_STATS(net, IPSTATS_MIB_FRAGCREATES);
	}
	consume_skb(skb);
	XIP_INC_STATS(net, IPSTATS_MIB_FRAGOKS);
	return 0;

fail:
	kfree_skb(skb);
	XIP_INC_STATS(net, IPSTATS_MIB_FRAGFAILS);
	return err;
}

/*
 * Twin of ip_fragment(): a DF datagram is only cut here when its socket
 * allows it (skb->ignore_df); otherwise it fails as FragFails.
 */
static int xip_fragment(struct net *net, struct sk_buff *skb,
			struct xrtable *rt, unsigned int mtu)
{
	if (ip_hdr(skb)->frag_off & htons(IP_DF) && !skb->ignore_df) {
		XIP_INC_STATS(net, IPSTATS_MIB_FRAGFAILS);
		kfree_skb(skb);
		return -EMSGSIZE;
	}
	return xip_do_fragment(net, skb, rt, mtu);
}

/*
 * Twin of ip_finish_output_gso(): a GSO packet whose segments fit the MTU
 * goes whole; one built before the path MTU fell is cut into its segments
 * here, and those that are still too big go to xip_fragment().
 */
static int xip_send_gso(struct net *net, struct sk_buff *skb,
			struct xrtable *rt, unsigned int mtu)
{
	struct sk_buff *segs, *seg, *next;
	int err, ret = 0;

	if (skb_gso_validate_network_len(skb, mtu))
		return xip_local_out(net, skb, rt);

	skb->protocol = htons(ETH_P_IP);
	segs = skb_gso_segment(skb, rt->dev->features & ~NETIF_F_GSO_MASK);
	if (!segs)	/* nothing to cut after all */
		return xip_local_out(net, skb, rt);
	if (IS_ERR(segs)) {
		XIP_INC_STATS(net, IPSTATS_MIB_OUTDISCARDS);
		kfree_skb(skb);
		return -ENOMEM;
	}
	consume_skb(skb);
	skb_list_walk_safe(segs, seg, next) {
		skb_mark_not_on_list(seg);
		if (seg->len > mtu)
			err = xip_fragment(net, seg, rt, mtu);
		else
			err = xip_local_out(net, seg, rt);
		if (err && !ret)
			ret = err;
	}
	return ret;
}

/**
 * xip_send_skb - add the IP header and transmit
 * @net: the namespace
 * @skb: transport header and payload, with XIP_HEADROOM(@rt->dev) of
 *	headroom (less costs a copy); consumed in every case
 * @rt: the output route; its device is used, its reference not taken
 * @cork: addresses, protocol, TTL, TOS, DF, options and whether to
 *	fragment
 *
 * Counts the packet as OutRequests, each packet or fragment transmitted
 * as OutTransmits and OutOctets, a send the device refused as
 * OutDiscards; a datagram over the MTU is fragmented (FragOKs,
 * FragCreates) or, with DF and without cork->ignore_df, refused
 * (FragFails).
 *
 * Context: any context that may call dev_queue_xmit().
 * Return: 0, -EMSGSIZE if the packet exceeds the route's MTU and may
 * not be fragmented or exceeds 65,535 bytes, -ENOBUFS, or the device's
 * refusal as an errno.
 */
int xip_send_skb(struct net *net, struct sk_buff *skb, struct xrtable *rt,
		 const struct xip_cork *cork)
{
	unsigned int optlen = cork->opt ? cork->opt->optlen : 0;
	unsigned int hlen = sizeof(struct iphdr) + optlen;
	unsigned int len = skb->len + hlen;
	unsigned int mtu = min_t(unsigned int, rt->rt_mtu, IP_MAX_MTU);
	struct iphdr *iph;
	int err;

	XIP_INC_STATS(net, IPSTATS_MIB_OUTREQUESTS);

	if (len > IP_MAX_MTU) {
		XIP_INC_STATS(net, IPSTATS_MIB_FRAGFAILS);
		kfree_skb(skb);
		return -EMSGSIZE;
	}
	if (skb_cow_head(skb, XIP_HEADROOM(rt->dev) + optlen)) {
		err = -ENOBUFS;
		goto drop;
	}

	skb_push(skb, hlen);
	skb_reset_network_header(skb);
	iph = ip_hdr(skb);
	iph->version = 4;
	iph->ihl = hlen / 4;
	iph->tos = cork->tos;
	iph->tot_len = htons(len);
	iph->frag_off = cork->df ? htons(IP_DF) : 0;
	iph->ttl = cork->ttl;
	iph->protocol = cork->protocol;
	iph->saddr = cork->saddr;
	iph->daddr = cork->daddr;
	if (optlen) {
		/* A source route's first hop is the header's destination. */
		if (cork->opt->srr)
			iph->daddr = cork->opt->faddr;
		xip_options_build(skb, cork->opt, cork->daddr, cork->saddr);
	}
	skb->ignore_df = cork->ignore_df;
	xip_select_ident(net, skb, skb->sk);
	xip_send_check(iph);
	if (skb_is_gso(skb))
		return xip_send_gso(net, skb, rt, mtu);
	if (len > mtu)
		return xip_fragment(net, skb, rt, mtu);
	return xip_local_out(net, skb, rt);

drop:
	XIP_INC_STATS(net, IPSTATS_MIB_OUTDISCARDS);
	kfree_skb(skb);
	return err;
}
