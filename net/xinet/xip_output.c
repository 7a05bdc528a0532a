// SPDX-License-Identifier: GPL-2.0
/*
 * xinet: IPv4 output, twin of net/ipv4/ip_output.c.
 *
 * The transports build the transport header and payload, look up an
 * xrtable with xip_route_output() and call xip_send_skb(), which is
 * ip_send_skb() → ip_local_out() → ip_finish_output2() folded into one:
 * push and fill the IP header, hand the packet to the route's xnet
 * device.  xnet is a layer-3 device, so there is no neighbour to
 * resolve.  Fragmentation is not implemented: a packet larger than the
 * route's MTU is refused with -EMSGSIZE.  IP options (a socket's
 * IP_OPTIONS, the echo of a received packet's) go behind the fixed
 * header (xip_options_build()).
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
 * @iph: the header, with frag_off, addresses and protocol set
 * @sk: the sending socket, or NULL
 *
 * A connected socket numbers its own packets; otherwise a DF packet,
 * which can never be fragmented, gets ID 0 (RFC 6864) and any other
 * packet an ID from the hashed counters.
 */
void xip_select_ident(struct net *net, struct iphdr *iph,
		      const struct sock *sk)
{
	if (sk && sk_fullsock(sk) && sk->sk_family == xinet_family &&
	    xinet_sk(sk)->xinet_daddr) {
		iph->id = htons(atomic_inc_return(&xinet_sk(sk)->xinet_id));
		return;
	}
	if (iph->frag_off & htons(IP_DF))
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
 * xip_send_skb - add the IP header and transmit
 * @net: the namespace
 * @skb: transport header and payload, with XIP_HEADROOM(@rt->dev) of
 *	headroom (less costs a copy); consumed in every case
 * @rt: the output route; its device is used, its reference not taken
 * @cork: addresses, protocol, TTL, TOS, DF and options for the header
 *
 * Counts the packet as OutRequests, its transmission as OutTransmits
 * and OutOctets, a send the device refused as OutDiscards and one over
 * the MTU as FragFails.
 *
 * Context: any context that may call dev_queue_xmit().
 * Return: 0, -EMSGSIZE if the packet exceeds the route's MTU (xinet
 * does not fragment), -ENOBUFS, or the device's refusal as an errno.
 */
int xip_send_skb(struct net *net, struct sk_buff *skb, struct xrtable *rt,
		 const struct xip_cork *cork)
{
	unsigned int optlen = cork->opt ? cork->opt->optlen : 0;
	unsigned int hlen = sizeof(struct iphdr) + optlen;
	unsigned int len = skb->len + hlen;
	struct iphdr *iph;
	int err;

	XIP_INC_STATS(net, IPSTATS_MIB_OUTREQUESTS);

	if (len > rt->rt_mtu || len > IP_MAX_MTU) {
		/* What ip_fragment() counts when it may not fragment. */
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
	xip_select_ident(net, iph, skb->sk);
	xip_send_check(iph);
	return xip_local_out(net, skb, rt);

drop:
	XIP_INC_STATS(net, IPSTATS_MIB_OUTDISCARDS);
	kfree_skb(skb);
	return err;
}
