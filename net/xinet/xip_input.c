// SPDX-License-Identifier: GPL-2.0
/*
 * xinet: IPv4 input, twin of net/ipv4/ip_input.c.
 *
 * An xnet device hands xinet the packets of devices where xinet has an
 * address, with skb->protocol ETH_P_XINET (include/net/xinet/xnet.h).
 * The path is Linux's: xip_rcv() checks the header (ip_rcv_core),
 * xip_rcv_finish() decides whether the packet is for this host
 * (ip_rcv_finish and the RTN_LOCAL input route), xip_local_deliver()
 * has fragments reassembled (ip_local_deliver, xip_fragment.c) and
 * xip_local_deliver_finish() gives raw sockets their copies and calls
 * the transport's handler from the xinet_protos table
 * (ip_local_deliver_finish).  There is no forwarding:
 * a packet not addressed to this host is dropped and counted.
 *
 * Every drop is counted in the namespace's Ip: MIB under the name Linux
 * uses for the same drop, so /proc/net/xinet/snmp reads like
 * /proc/net/snmp.
 */

#include <linux/icmp.h>
#include <linux/module.h>
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <linux/skbuff.h>
#include <net/checksum.h>
#include <net/inet_ecn.h>
#include <net/ip.h>
#include <net/xinet/compat.h>
#include <net/xinet/netns.h>
#include <net/xinet/xdevinet.h>
#include <net/xinet/xicmp.h>
#include <net/xinet/xinet_frag.h>
#include <net/xinet/xip.h>
#include <net/xinet/xnet.h>
#include <net/xinet/xraw.h>
#include <net/xinet/xskbuff.h>
#include <net/xinet/xsnmp.h>

/**
 * xip_check_header - validate an IPv4 header (the checks of ip_rcv_core)
 * @iph: the header; @len bytes from @iph on are readable
 * @len: bytes of the packet from the header on
 *
 * The checks run in the order Linux's receive path runs them, so that a
 * header with several faults gets the verdict (and the counter) Linux
 * would give it: length of the fixed header, version and IHL, room for
 * the options, header checksum, then the total length.
 *
 * Return: XIP_HDR_OK or the first fault found.
 */
enum xip_hdr_verdict xip_check_header(const struct iphdr *iph,
				      unsigned int len)
{
	unsigned int tot_len;

	if (len < sizeof(struct iphdr))
		return XIP_HDR_TRUNCATED;
	if (iph->version != 4)
		return XIP_HDR_BAD_VERSION;
	if (iph->ihl < 5)
		return XIP_HDR_BAD_IHL;
	if (len < iph->ihl * 4)
		return XIP_HDR_TRUNCATED;
	if (ip_fast_csum(iph, iph->ihl))
		return XIP_HDR_BAD_CSUM;
	tot_len = ntohs(iph->tot_len);
	if (len < tot_len)
		return XIP_HDR_TRUNCATED;
	if (tot_len < iph->ihl * 4)
		return XIP_HDR_BAD_LENGTH;
	return XIP_HDR_OK;
}

/*
 * Twin of ip_protocol_deliver_rcu(): raw sockets get their copies, then
 * the transport the packet; a protocol nobody handles is answered with
 * protocol unreachable, unless a raw socket took it.
 */
static void xip_protocol_deliver_rcu(struct net *net, struct sk_buff *skb,
				     int protocol)
{
	const struct xinet_protocol *ipprot;
	bool raw;
	int ret;

resubmit:
	raw = xraw_local_deliver(skb, protocol);
	ipprot = xinet_protocol_rcu(protocol);
	if (ipprot) {
		ret = ipprot->handler(skb);
		/* A negative return asks to deliver to another protocol. */
		if (ret < 0) {
			protocol = -ret;
			goto resubmit;
		}
		__XIP_INC_STATS(net, IPSTATS_MIB_INDELIVERS);
		return;
	}

	if (raw) {
		__XIP_INC_STATS(net, IPSTATS_MIB_INDELIVERS);
		consume_skb(skb);
		return;
	}
	__XIP_INC_STATS(net, IPSTATS_MIB_INUNKNOWNPROTOS);
	xicmp_send(skb, ICMP_DEST_UNREACH, ICMP_PROT_UNREACH, 0);
	kfree_skb_reason(skb, SKB_DROP_REASON_IP_NOPROTO);
}

/* Twin of ip_local_deliver_finish(): strip the IP header, find the handler. */
static int xip_local_deliver_finish(struct net *net, struct sk_buff *skb)
{
	/* A sender's departure time (TCP_TX_DELAY) is no receive stamp. */
	skb_clear_delivery_time(skb);
	__skb_pull(skb, skb_network_header_len(skb));

	rcu_read_lock();
	xip_protocol_deliver_rcu(net, skb, ip_hdr(skb)->protocol);
	rcu_read_unlock();
	return NET_RX_SUCCESS;
}

/**
 * xip_local_deliver - hand a packet for this host to its transport
 * @skb: a packet that passed xip_rcv(), network header set
 *
 * Twin of ip_local_deliver(): a fragment goes to xip_defrag(), and only
 * the datagram it completes goes on.
 *
 * Context: softirq, or process context with BHs disabled.
 * Return: NET_RX_SUCCESS or NET_RX_DROP.
 */
int xip_local_deliver(struct sk_buff *skb)
{
	struct net *net = dev_net(skb->dev);

	if (ip_is_fragment(ip_hdr(skb))) {
		if (xip_defrag(net, skb))
			return NET_RX_SUCCESS;
	}
	return xip_local_deliver_finish(net, skb);
}

/*
 * Twin of ip_rcv_options(): compile the options of a packet for this
 * host, recording this host where record route and timestamp ask for
 * it.  A bad option is answered with a parameter problem and counted
 * as InHdrErrors.  A source-routed packet is dropped, as Linux drops it
 * with its host default net.ipv4.conf.all.accept_source_route = 0:
 * xinet does not forward, so it could not follow the route anyway.
 *
 * Return: true if the packet must be dropped (it is not freed here).
 */
static bool xip_rcv_options(struct net *net, struct sk_buff *skb)
{
	struct ip_options *opt;

	/* Recording writes into the header: it must be ours alone. */
	if (skb_cow(skb, skb_headroom(skb))) {
		__XIP_INC_STATS(net, IPSTATS_MIB_INDISCARDS);
		return true;
	}
	opt = &XIPCB(skb)->opt;
	opt->optlen = ip_hdr(skb)->ihl * 4 - sizeof(struct iphdr);
	if (xip_options_compile(net, opt, skb)) {
		__XIP_INC_STATS(net, IPSTATS_MIB_INHDRERRORS);
		return true;
	}
	return opt->srr;
}

/*
 * Twin of ip_rcv_finish(): where Linux looks up an input route, xinet
 * asks the address layer whether the destination is one of its own
 * addresses or a broadcast address of one of its subnets.  Then the
 * options are compiled (xip_rcv_options()), as Linux does after its
 * route lookup.
 */
static int xip_rcv_finish(struct net *net, struct sk_buff *skb)
{
	const struct iphdr *iph = ip_hdr(skb);
	unsigned int type;

	/* Martian sources: nobody may answer them (RFC 1812 5.3.7). */
	if (ipv4_is_multicast(iph->saddr) || ipv4_is_lbcast(iph->saddr)) {
		__XIP_INC_STATS(net, IPSTATS_MIB_INADDRERRORS);
		goto drop;
	}

	if (ipv4_is_lbcast(iph->daddr)) {
		type = RTN_BROADCAST;
	} else if (ipv4_is_multicast(iph->daddr) ||
		   ipv4_is_zeronet(iph->daddr)) {
		/* No multicast membership in xinet: not for us. */
		type = RTN_UNICAST;
	} else {
		type = xinet_addr_type(net, iph->daddr);
	}

	switch (type) {
	case RTN_LOCAL:
		break;
	case RTN_BROADCAST:
		XIPCB(skb)->flags |= XIPSKB_BROADCAST;
		break;
	default:
		/* Not ours, and xinet does not forward (ip_error, EHOSTUNREACH). */
		__XIP_INC_STATS(net, IPSTATS_MIB_INADDRERRORS);
		goto drop;
	}
	if (iph->ihl > 5 && xip_rcv_options(net, skb)) {
		kfree_skb_reason(skb, SKB_DROP_REASON_IP_INHDR);
		return NET_RX_DROP;
	}
	if (XIPCB(skb)->flags & XIPSKB_BROADCAST) {
		__XIP_ADD_STATS(net, IPSTATS_MIB_INBCASTPKTS, 1);
		__XIP_ADD_STATS(net, IPSTATS_MIB_INBCASTOCTETS, skb->len);
	}
	return xip_local_deliver(skb);

drop:
	kfree_skb_reason(skb, SKB_DROP_REASON_IP_INADDRERRORS);
	return NET_RX_DROP;
}

/**
 * xip_rcv - the packet_type handler of ETH_P_XINET (twin of ip_rcv)
 * @skb: the received packet, data at the IP header
 * @dev: the device it arrived on
 * @pt: the packet_type (unused)
 * @orig_dev: the original device (unused: xnet has no upper devices)
 *
 * Validates the header as ip_rcv_core() does, counting each fault where
 * Linux counts it: a packet too short for its header, a bad version or
 * IHL, and a total length below the header length are InHdrErrors; a bad
 * header checksum is InCsumErrors and InHdrErrors; a packet shorter than
 * its total length is InTruncatedPkts.  Link-layer padding past the
 * total length is trimmed.  Packets of devices where xinet has no
 * address are not xinet's and are dropped uncounted: a foreign frame
 * may carry the local ethertype ETH_P_XINET.
 *
 * Context: softirq (the receive path of the device).
 * Return: NET_RX_SUCCESS or NET_RX_DROP.
 */
int xip_rcv(struct sk_buff *skb, struct net_device *dev,
	    struct packet_type *pt, struct net_device *orig_dev)
{
	struct net *net = dev_net(dev);
	enum skb_drop_reason reason;
	const struct iphdr *iph;
	unsigned int len;

	/* What other CPUs freed for this one (net_rx_action()'s flush). */
	xskb_defer_free_flush();

	if (skb->pkt_type == PACKET_OTHERHOST || !xin_dev_get_rcu(dev)) {
		kfree_skb_reason(skb, SKB_DROP_REASON_OTHERHOST);
		return NET_RX_DROP;
	}

	__XIP_INC_STATS(net, IPSTATS_MIB_INPKTS);
	__XIP_ADD_STATS(net, IPSTATS_MIB_INOCTETS, skb->len);

	skb = skb_share_check(skb, GFP_ATOMIC);
	if (!skb) {
		__XIP_INC_STATS(net, IPSTATS_MIB_INDISCARDS);
		return NET_RX_DROP;
	}

	reason = SKB_DROP_REASON_IP_INHDR;
	skb_reset_network_header(skb);
	if (!pskb_may_pull(skb, sizeof(struct iphdr)))
		goto inhdr_error;
	iph = ip_hdr(skb);
	if (iph->ihl < 5 || iph->version != 4)
		goto inhdr_error;
	/* As ip_rcv_core(): a GSO packet counts its wire packets here. */
	__XIP_ADD_STATS(net, IPSTATS_MIB_NOECTPKTS +
			(iph->tos & INET_ECN_MASK),
			max_t(unsigned short, 1, skb_shinfo(skb)->gso_segs));
	if (!pskb_may_pull(skb, iph->ihl * 4))
		goto inhdr_error;
	iph = ip_hdr(skb);

	/* The whole header is linear now; skb->len is what the wire gave. */
	switch (xip_check_header(iph, skb->len)) {
	case XIP_HDR_OK:
		break;
	case XIP_HDR_BAD_CSUM:
		reason = SKB_DROP_REASON_IP_CSUM;
		__XIP_INC_STATS(net, IPSTATS_MIB_CSUMERRORS);
		goto inhdr_error;
	case XIP_HDR_TRUNCATED:
		/* Only the total length can be past the end here. */
		__XIP_INC_STATS(net, IPSTATS_MIB_INTRUNCATEDPKTS);
		reason = SKB_DROP_REASON_PKT_TOO_SMALL;
		goto drop;
	default:
		goto inhdr_error;
	}

	/* Drop the link layer's padding: skb->len becomes tot_len. */
	len = ntohs(iph->tot_len);
	if (pskb_trim_rcsum(skb, len)) {
		__XIP_INC_STATS(net, IPSTATS_MIB_INDISCARDS);
		reason = SKB_DROP_REASON_NOMEM;
		goto drop;
	}
	iph = ip_hdr(skb);
	skb->transport_header = skb->network_header + iph->ihl * 4;

	/* Remove what the layers below left in the control block. */
	memset(XIPCB(skb), 0, sizeof(struct xinet_skb_parm));
	XIPCB(skb)->iif = dev->ifindex;
	skb_orphan(skb);

	return xip_rcv_finish(net, skb);

inhdr_error:
	__XIP_INC_STATS(net, IPSTATS_MIB_INHDRERRORS);
drop:
	kfree_skb_reason(skb, reason);
	return NET_RX_DROP;
}

static struct packet_type xip_packet_type __read_mostly = {
	.type	= cpu_to_be16(ETH_P_XINET),
	.func	= xip_rcv,
};

/**
 * xip_init - start receiving the packets xnet hands to xinet
 *
 * Return: 0.
 */
int xip_init(void)
{
	dev_add_pack(&xip_packet_type);
	return 0;
}

/**
 * xip_exit - stop receiving; waits until no xip_rcv() runs
 */
void xip_exit(void)
{
	/* dev_remove_pack() waits for the receivers (synchronize_net). */
	dev_remove_pack(&xip_packet_type);
}
