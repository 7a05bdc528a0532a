// SPDX-License-Identifier: GPL-2.0
/*
 * xinet: raw IP sockets, twin of net/ipv4/raw.c.
 *
 * xinet_create() has already checked CAP_NET_RAW and set the socket's
 * number to its protocol, which hashes it at creation as AF_INET does:
 * one table shared by the namespaces (raw_v4_hashinfo), a chain per
 * (namespace, protocol) hash, written under a spinlock and walked under
 * RCU by the receive path.
 *
 * Receive: xip_protocol_deliver_rcu() hands every local packet to
 * xraw_local_deliver() before its transport, which gets the original;
 * each matching raw socket gets a clone with the IP header.  Send: the
 * kernel builds the header, or with IP_HDRINCL (always for IPPROTO_RAW)
 * takes the user's and fixes its total length, ID and checksum as
 * raw_send_hdrinc() does.  ICMP errors about a packet of the socket's
 * protocol reach it through xraw_icmp_error(), as sk_err and, with
 * IP_RECVERR, on the error queue, where a send refused for its size
 * leaves a local error too.
 */

#include <asm/ioctls.h>
#include <linux/icmp.h>
#include <linux/in.h>
#include <linux/module.h>
#include <linux/proc_fs.h>
#include <linux/rtnetlink.h>
#include <linux/seq_file.h>
#include <linux/sockios.h>
#include <linux/uio.h>
#include <net/icmp.h>
#include <net/ip.h>
#include <net/sock.h>
#include <net/tcp_states.h>
#include <linux/xinet.h>
#include <net/xinet/af_xinet.h>
#include <net/xinet/netns.h>
#include <net/xinet/xdevinet.h>
#include <net/xinet/xinet_sock.h>
#include <net/xinet/xip.h>
#include <net/xinet/xraw.h>
#include <net/xinet/xroute.h>
#include <net/xinet/xsnmp.h>
#include <net/xinet/xudp.h>

/**
 * struct xraw_sock - a raw socket (twin of raw_sock)
 * @xinet: the AF_XINET socket; must be first
 * @filter: ICMP_FILTER, a bit per ICMP type below 32 not to deliver
 */
struct xraw_sock {
	struct xinet_sock	xinet;
	struct icmp_filter	filter;
};

static inline struct xraw_sock *xraw_sk(const struct sock *sk)
{
	return (struct xraw_sock *)sk;
}

/* Raw sockets by (namespace, protocol), twin of raw_v4_hashinfo. */
struct xraw_hashinfo xraw_v4_hashinfo = {
	.lock = __SPIN_LOCK_UNLOCKED(xraw_v4_hashinfo.lock),
};

static u32 xraw_hashfunc(const struct net *net, u32 proto)
{
	return hash_32(net_hash_mix(net) ^ proto, XRAW_HTABLE_LOG);
}

/* Twin of raw_hash_sk(): the socket receives from now on. */
static int xraw_hash_sk(struct sock *sk)
{
	struct hlist_head *hlist;

	hlist = &xraw_v4_hashinfo.ht[xraw_hashfunc(sock_net(sk),
						   xinet_sk(sk)->xinet_num)];
	spin_lock(&xraw_v4_hashinfo.lock);
	sk_add_node_rcu(sk, hlist);
	/* The receive path holds sockets of the chain without a reference. */
	sock_set_flag(sk, SOCK_RCU_FREE);
	spin_unlock(&xraw_v4_hashinfo.lock);
	sock_prot_inuse_add(sock_net(sk), sk->sk_prot, 1);
	return 0;
}

static void xraw_unhash_sk(struct sock *sk)
{
	spin_lock(&xraw_v4_hashinfo.lock);
	if (sk_del_node_init_rcu(sk))
		sock_prot_inuse_add(sock_net(sk), sk->sk_prot, -1);
	spin_unlock(&xraw_v4_hashinfo.lock);
}

/**
 * xraw_v4_match - does @sk take packets of @num from @raddr to @laddr on
 *	@dif (twin of raw_v4_match)
 * @net: the namespace
 * @sk: a raw socket
 * @num: the IP protocol
 * @raddr: the remote address
 * @laddr: the local address
 * @dif: the device
 *
 * Return: true if it does.
 */
bool xraw_v4_match(const struct net *net, const struct sock *sk,
		   unsigned short num, __be32 raddr, __be32 laddr, int dif)
{
	const struct xinet_sock *xinet = xinet_sk(sk);
	int bound_dev_if = READ_ONCE(sk->sk_bound_dev_if);

	return net_eq(sock_net(sk), net) && xinet->xinet_num == num &&
	       !(xinet->xinet_daddr && xinet->xinet_daddr != raddr) &&
	       !(xinet->xinet_rcv_saddr && xinet->xinet_rcv_saddr != laddr) &&
	       (!bound_dev_if || bound_dev_if == dif);
}

/*
 * Twin of icmp_filter(): should @sk not see this ICMP message?  Types
 * of 32 and above are never filtered; a message too short for its
 * header always is.
 */
static bool xraw_icmp_filter(const struct sock *sk, const struct sk_buff *skb)
{
	struct icmphdr _hdr;
	const struct icmphdr *hdr;

	hdr = skb_header_pointer(skb, skb_transport_offset(skb),
				 sizeof(_hdr), &_hdr);
	if (!hdr)
		return true;
	if (hdr->type < 32)
		return (1U << hdr->type) & READ_ONCE(xraw_sk(sk)->filter.data);
	return false;
}

/*
 * Twin of raw_rcv() and raw_rcv_skb(): queue @skb (a clone, data at the
 * transport header) with its IP header in front.  Consumes @skb.
 */
static void xraw_rcv(struct sock *sk, struct sk_buff *skb)
{
	nf_reset_ct(skb);
	skb_push(skb, skb->data - skb_network_header(skb));
	if (sock_queue_rcv_skb(sk, skb) < 0)
		kfree_skb(skb);
}

/* Twin of raw_v4_input(): a clone to every raw socket that matches. */
static bool xraw_v4_input(struct net *net, struct sk_buff *skb,
			  const struct iphdr *iph, u32 hash)
{
	struct hlist_head *hlist = &xraw_v4_hashinfo.ht[hash];
	int dif = XIPCB(skb)->iif;
	bool delivered = false;
	struct sock *sk;

	sk_for_each_rcu(sk, hlist) {
		if (!xraw_v4_match(net, sk, iph->protocol, iph->saddr,
				   iph->daddr, dif))
			continue;
		/* A filtered message still counts as delivered, as in Linux. */
		delivered = true;
		if (iph->protocol != IPPROTO_ICMP ||
		    !xraw_icmp_filter(sk, skb)) {
			struct sk_buff *clone = skb_clone(skb, GFP_ATOMIC);

			if (clone)
				xraw_rcv(sk, clone);
		}
	}
	return delivered;
}

/**
 * xraw_local_deliver - give raw sockets their copies of a local packet
 *	(twin of raw_local_deliver)
 * @skb: the packet, data at the transport header, network header set;
 *	the caller keeps it for the transport
 * @protocol: its IP protocol
 *
 * Context: softirq, under rcu_read_lock().
 * Return: true if a raw socket of @protocol took it (even if its
 * ICMP_FILTER then dropped it): the packet is not of an unknown
 * protocol.
 */
bool xraw_local_deliver(struct sk_buff *skb, int protocol)
{
	struct net *net = dev_net(skb->dev);
	u32 hash = xraw_hashfunc(net, protocol);

	if (hlist_empty(&xraw_v4_hashinfo.ht[hash]))
		return false;
	return xraw_v4_input(net, skb, ip_hdr(skb), hash);
}

/*
 * Twin of raw_err(): a "fragmentation needed" lowers the path MTU; the
 * error is queued when the socket asked (IP_RECVERR), and becomes sk_err
 * then or when the socket is connected and the error is hard.
 */
static void xraw_err(struct sock *sk, struct sk_buff *skb, u32 info)
{
	const int type = icmp_hdr(skb)->type;
	const int code = icmp_hdr(skb)->code;
	bool harderr = false, recverr;
	int err;

	if (type == ICMP_DEST_UNREACH && code == ICMP_FRAG_NEEDED)
		xip_sk_update_pmtu(skb, sk, info);
	else if (type == ICMP_REDIRECT)
		return;
	recverr = xinet_test_bit(RECVERR, sk);
	if (!recverr && sk->sk_state != TCP_ESTABLISHED)
		return;

	switch (type) {
	default:
	case ICMP_TIME_EXCEEDED:
		err = EHOSTUNREACH;
		break;
	case ICMP_SOURCE_QUENCH:
		return;
	case ICMP_PARAMETERPROB:
		err = EPROTO;
		harderr = true;
		break;
	case ICMP_DEST_UNREACH:
		err = EHOSTUNREACH;
		if (code > NR_ICMP_UNREACH)
			break;
		if (code == ICMP_FRAG_NEEDED) {
			harderr = READ_ONCE(xinet_sk(sk)->pmtudisc) !=
				  IP_PMTUDISC_DONT;
			err = EMSGSIZE;
		} else {
			err = icmp_err_convert[code].errno;
			harderr = icmp_err_convert[code].fatal;
		}
	}

	if (recverr) {
		const struct iphdr *iph = (const struct iphdr *)skb->data;
		u8 *payload = skb->data + iph->ihl * 4;

		/* A socket that writes headers gets the quoted one back. */
		if (xinet_test_bit(HDRINCL, sk))
			payload = skb->data;
		xip_icmp_error(sk, skb, err, 0, info, payload);
	}

	if (recverr || harderr) {
		WRITE_ONCE(sk->sk_err, err);
		sk_error_report(sk);
	}
}

/**
 * xraw_icmp_error - an ICMP error to the raw sockets of the quoted
 *	packet's protocol (twin of raw_icmp_error)
 * @skb: the ICMP error; data at the quoted IP header and 8 bytes past it,
 *	transport header at the ICMP header
 * @protocol: the quoted packet's protocol
 * @info: ICMP-specific value
 *
 * A raw socket matches as for a packet going the other way: its peer is
 * the quoted destination, its local address the quoted source.
 *
 * Context: softirq, under rcu_read_lock().
 */
void xraw_icmp_error(struct sk_buff *skb, int protocol, u32 info)
{
	struct net *net = dev_net(skb->dev);
	int dif = skb->dev->ifindex;
	const struct iphdr *iph;
	struct hlist_head *hlist;
	struct sock *sk;

	hlist = &xraw_v4_hashinfo.ht[xraw_hashfunc(net, protocol)];
	sk_for_each_rcu(sk, hlist) {
		iph = (const struct iphdr *)skb->data;
		if (!xraw_v4_match(net, sk, iph->protocol, iph->daddr,
				   iph->saddr, dif))
			continue;
		xraw_err(sk, skb, info);
	}
}

/*
 * Twin of raw_send_hdrinc(): @len bytes from the user, an IP header
 * first.  Linux's checks: no more than the device's MTU (EMSGSIZE, and
 * a local error for IP_RECVERR), at least a bare header and an IHL from
 * 5 to what was given (EINVAL), so that no malformed header goes out.  Linux's fix-ups: the source
 * address if 0, the total length, an ID if 0, the checksum.
 */
static int xraw_send_hdrinc(struct sock *sk, struct xflowi4 *fl4,
			    struct msghdr *msg, size_t len,
			    struct xrtable *rt, unsigned int flags)
{
	struct net *net = sock_net(sk);
	unsigned int iphlen;
	struct sk_buff *skb;
	struct iphdr *iph;
	int err, hlen;

	if (len > rt->dev->mtu) {
		xip_local_error(sk, EMSGSIZE, fl4->daddr,
				xinet_sk(sk)->xinet_dport, rt->dev->mtu);
		return -EMSGSIZE;
	}
	if (len < sizeof(struct iphdr))
		return -EINVAL;
	if (flags & MSG_PROBE)
		return 0;

	hlen = LL_RESERVED_SPACE(rt->dev);
	skb = sock_alloc_send_skb(sk, len + hlen + 15, flags & MSG_DONTWAIT,
				  &err);
	if (!skb)
		goto error;
	skb_reserve(skb, hlen);
	skb->priority = READ_ONCE(sk->sk_priority);
	skb->mark = READ_ONCE(sk->sk_mark);
	skb_reset_network_header(skb);
	iph = ip_hdr(skb);
	skb_put(skb, len);
	skb->ip_summed = CHECKSUM_NONE;
	skb->transport_header = skb->network_header;

	err = -EFAULT;
	if (memcpy_from_msg(iph, msg, len))
		goto error_free;

	iphlen = iph->ihl * 4;
	err = -EINVAL;
	if (iphlen > len || iphlen < sizeof(*iph))
		goto error_free;

	if (!iph->saddr)
		iph->saddr = fl4->saddr;
	iph->tot_len = htons(len);
	if (!iph->id)
		xip_select_ident(net, skb, NULL);
	xip_send_check(iph);
	skb->transport_header += iphlen;
	if (iph->protocol == IPPROTO_ICMP &&
	    len >= iphlen + sizeof(struct icmphdr)) {
		u8 type = icmp_hdr(skb)->type;

		XICMPMSGOUT_INC_STATS(net, type);
		XICMP_INC_STATS(net, ICMP_MIB_OUTMSGS);
	}

	XIP_INC_STATS(net, IPSTATS_MIB_OUTREQUESTS);
	err = xip_local_out(net, skb, rt);
	if (err)
		goto error;
	return 0;

error_free:
	kfree_skb(skb);
error:
	XIP_INC_STATS(net, IPSTATS_MIB_OUTDISCARDS);
	if (err == -ENOBUFS && !xinet_test_bit(RECVERR, sk))
		err = 0;
	return err;
}

/*
 * The kernel builds the header; the user's bytes are the payload (for
 * ICMP, the ICMP header with the checksum the user computed).  A packet
 * over the route's MTU is fragmented as the socket's IP_MTU_DISCOVER
 * allows (xip_sk_frag_cork()), or gets EMSGSIZE and, for IP_RECVERR, a
 * local error telling the MTU, as ip_append_data() does.
 */
static int xraw_send_built(struct sock *sk, struct xflowi4 *fl4,
			   __be32 daddr, const struct ip_options *opt,
			   struct msghdr *msg, size_t len,
			   struct xrtable *rt)
{
	unsigned int optlen = opt ? opt->optlen : 0;
	struct xinet_sock *xinet = xinet_sk(sk);
	struct net *net = sock_net(sk);
	struct xip_cork cork = {};
	struct sk_buff *skb;
	int err;

	rt->rt_mtu = xip_sk_mtu(sk, rt);
	err = xip_sk_frag_cork(sk, rt, len + sizeof(struct iphdr) + optlen,
			       &cork);
	if (err) {
		xip_local_error(sk, EMSGSIZE, fl4->daddr, xinet->xinet_dport,
				rt->rt_mtu - optlen);
		return err;
	}

	skb = sock_alloc_send_skb(sk, XIP_HEADROOM(rt->dev) + optlen + len,
				  msg->msg_flags & MSG_DONTWAIT, &err);
	if (!skb)
		return err;
	skb_reserve(skb, XIP_HEADROOM(rt->dev) + optlen);
	skb_reset_transport_header(skb);
	if (memcpy_from_msg(skb_put(skb, len), msg, len)) {
		kfree_skb(skb);
		return -EFAULT;
	}
	skb->ip_summed = CHECKSUM_NONE;
	skb->priority = READ_ONCE(sk->sk_priority);
	skb->mark = READ_ONCE(sk->sk_mark);

	/* __ip_make_skb() counts the ICMP type the user wrote. */
	if (sk->sk_protocol == IPPROTO_ICMP) {
		u8 type = len ? skb->data[0] : 0;

		XICMPMSGOUT_INC_STATS(net, type);
		XICMP_INC_STATS(net, ICMP_MIB_OUTMSGS);
	}

	cork.saddr = fl4->saddr;
	cork.daddr = daddr ? daddr : fl4->daddr;
	cork.opt = opt;
	cork.protocol = sk->sk_protocol;
	cork.ttl = xip_select_ttl(sk);
	cork.tos = READ_ONCE(xinet->tos);
	err = xip_send_skb(net, skb, rt, &cork);
	if (err == -ENOBUFS && !xinet_test_bit(RECVERR, sk))
		err = 0;
	return err;
}

/* Twin of raw_sendmsg() without control messages. */
static int xraw_sendmsg(struct sock *sk, struct msghdr *msg, size_t len)
{
	struct xinet_sock *xinet = xinet_sk(sk);
	struct xip_options_data opt_copy;
	const struct ip_options *opt;
	struct net *net = sock_net(sk);
	struct xflowi4 fl4 = {};
	struct xrtable rt;
	__be32 daddr;
	bool hdrincl;
	int err;

	if (len > 0xFFFF)
		return -EMSGSIZE;
	hdrincl = xinet_test_bit(HDRINCL, sk);
	if (msg->msg_flags & MSG_OOB)
		return -EOPNOTSUPP;

	if (msg->msg_namelen) {
		DECLARE_SOCKADDR(struct sockaddr_xin *, usin, msg->msg_name);

		if (msg->msg_namelen < sizeof(*usin))
			return -EINVAL;
		/* Family 0 is let through for old programs, as in Linux. */
		if (usin->sxin_family != xinet_family && usin->sxin_family)
			return -EAFNOSUPPORT;
		daddr = usin->sxin_addr;
	} else {
		if (sk->sk_state != TCP_ESTABLISHED)
			return -EDESTADDRREQ;
		daddr = xinet->xinet_daddr;
	}

	fl4.daddr = daddr;
	opt = xip_sock_options(sk, &opt_copy);
	if (opt) {
		/* The kernel does not edit a user's header: no options. */
		if (hdrincl)
			return -EINVAL;
		if (opt->srr) {
			if (!daddr)
				return -EINVAL;
			fl4.daddr = opt->faddr;
		}
	}

	fl4.oif = READ_ONCE(sk->sk_bound_dev_if);
	fl4.proto = hdrincl ? IPPROTO_RAW : sk->sk_protocol;
	fl4.saddr = xinet->xinet_saddr;
	err = xip_route_output(net, &fl4, &rt);
	if (err) {
		if (err == -ENETUNREACH)
			XIP_INC_STATS(net, IPSTATS_MIB_OUTNOROUTES);
		return err;
	}

	err = -EACCES;
	if (rt.rt_type == RTN_BROADCAST && !sock_flag(sk, SOCK_BROADCAST))
		goto done;

	if (hdrincl) {
		err = xraw_send_hdrinc(sk, &fl4, msg, len, &rt,
				       msg->msg_flags);
	} else {
		lock_sock(sk);
		err = xraw_send_built(sk, &fl4, daddr, opt, msg, len, &rt);
		release_sock(sk);
	}
done:
	xip_rt_put(&rt);
	return err < 0 ? err : len;
}

/* Twin of raw_recvmsg(): the packet with its IP header, and its source. */
static int xraw_recvmsg(struct sock *sk, struct msghdr *msg, size_t len,
			int flags, int *addr_len)
{
	DECLARE_SOCKADDR(struct sockaddr_xin *, sin, msg->msg_name);
	struct sk_buff *skb;
	size_t copied;
	int err;

	if (flags & MSG_OOB)
		return -EOPNOTSUPP;
	if (flags & MSG_ERRQUEUE)
		return xip_recv_error(sk, msg, len, addr_len);

	skb = skb_recv_datagram(sk, flags, &err);
	if (!skb)
		return err;

	copied = skb->len;
	if (len < copied) {
		msg->msg_flags |= MSG_TRUNC;
		copied = len;
	}
	err = skb_copy_datagram_msg(skb, 0, msg, copied);
	if (err)
		goto done;

	sock_recv_cmsgs(msg, sk, skb);
	if (sin) {
		sin->sxin_family = xinet_family;
		sin->sxin_addr = ip_hdr(skb)->saddr;
		sin->sxin_port = 0;
		memset(sin->__pad, 0, sizeof(sin->__pad));
		*addr_len = sizeof(*sin);
	}
	if (xinet_cmsg_flags(sk))
		xip_cmsg_recv(msg, sk, skb);
	if (flags & MSG_TRUNC)
		copied = skb->len;
done:
	skb_free_datagram(sk, skb);
	return err ? err : copied;
}

static void xraw_close(struct sock *sk, long timeout)
{
	sk_common_release(sk);
}

/*
 * Twin of raw_bind(): only an address, a local one (or any, broadcast,
 * multicast, or anything with IP_FREEBIND); the "port" is the protocol,
 * fixed at creation, so no privileged-port check.
 */
static int xraw_bind(struct sock *sk, struct sockaddr *uaddr, int addr_len)
{
	struct sockaddr_xin *addr = (struct sockaddr_xin *)uaddr;
	struct xinet_sock *xinet = xinet_sk(sk);
	unsigned int chk_addr_ret;
	int ret = -EINVAL;

	lock_sock(sk);
	if (sk->sk_state != TCP_CLOSE || addr_len < sizeof(*addr))
		goto out;

	chk_addr_ret = xinet_addr_type(sock_net(sk), addr->sxin_addr);
	ret = -EADDRNOTAVAIL;
	if (!xinet_test_bit(FREEBIND, sk) &&
	    addr->sxin_addr != htonl(INADDR_ANY) &&
	    chk_addr_ret != RTN_LOCAL && chk_addr_ret != RTN_MULTICAST &&
	    chk_addr_ret != RTN_BROADCAST)
		goto out;

	xinet->xinet_rcv_saddr = addr->sxin_addr;
	xinet->xinet_saddr = addr->sxin_addr;
	/* Broadcast and multicast are not source addresses: use the device's. */
	if (chk_addr_ret == RTN_MULTICAST || chk_addr_ret == RTN_BROADCAST)
		xinet->xinet_saddr = 0;
	sk_dst_reset(sk);
	ret = 0;
out:
	release_sock(sk);
	return ret;
}

/* Twin of raw_init(): an ICMP socket starts with no type filtered. */
static int xraw_sk_init(struct sock *sk)
{
	if (xinet_sk(sk)->xinet_num == IPPROTO_ICMP)
		memset(&xraw_sk(sk)->filter, 0, sizeof(xraw_sk(sk)->filter));
	return 0;
}

/* Twin of raw_setsockopt(): SOL_RAW's ICMP_FILTER, else the IP level. */
static int xraw_setsockopt(struct sock *sk, int level, int optname,
			   sockptr_t optval, unsigned int optlen)
{
	struct icmp_filter filter = {};

	if (level != SOL_RAW)
		return xip_setsockopt(sk, level, optname, optval, optlen);
	if (optname != ICMP_FILTER)
		return -ENOPROTOOPT;
	if (xinet_sk(sk)->xinet_num != IPPROTO_ICMP)
		return -EOPNOTSUPP;

	/* A short value sets the low bytes, as raw_seticmpfilter() does. */
	filter = xraw_sk(sk)->filter;
	if (optlen > sizeof(filter))
		optlen = sizeof(filter);
	if (copy_from_sockptr(&filter, optval, optlen))
		return -EFAULT;
	WRITE_ONCE(xraw_sk(sk)->filter.data, filter.data);
	return 0;
}

/* Twin of raw_getsockopt() and raw_geticmpfilter(). */
static int xraw_getsockopt(struct sock *sk, int level, int optname,
			   char __user *optval, int __user *optlen)
{
	struct icmp_filter filter;
	int len;

	if (level != SOL_RAW)
		return xip_getsockopt(sk, level, optname, optval, optlen);
	if (optname != ICMP_FILTER)
		return -ENOPROTOOPT;
	if (xinet_sk(sk)->xinet_num != IPPROTO_ICMP)
		return -EOPNOTSUPP;

	if (get_user(len, optlen))
		return -EFAULT;
	if (len < 0)
		return -EINVAL;
	if (len > sizeof(filter))
		len = sizeof(filter);
	filter.data = READ_ONCE(xraw_sk(sk)->filter.data);
	if (put_user(len, optlen) || copy_to_user(optval, &filter, len))
		return -EFAULT;
	return 0;
}

/**
 * xraw_ioctl - SIOCINQ and SIOCOUTQ of raw sockets (twin of raw_ioctl)
 * @sk: the socket
 * @cmd: the request
 * @karg: the answer
 *
 * SIOCINQ is the length of the next packet, IP header included.
 *
 * Return: 0, or -ENOIOCTLCMD for another request.
 */
int xraw_ioctl(struct sock *sk, int cmd, int *karg)
{
	struct sk_buff *skb;

	switch (cmd) {
	case SIOCOUTQ:
		*karg = sk_wmem_alloc_get(sk);
		return 0;
	case SIOCINQ:
		spin_lock_bh(&sk->sk_receive_queue.lock);
		skb = skb_peek(&sk->sk_receive_queue);
		*karg = skb ? skb->len : 0;
		spin_unlock_bh(&sk->sk_receive_queue.lock);
		return 0;
	default:
		return -ENOIOCTLCMD;
	}
}

/**
 * xraw_abort - the SOCK_DESTROY of sock_diag (twin of raw_abort): the
 *	owner sees @err, the socket leaves the table
 * @sk: the socket, referenced
 * @err: the error (ECONNABORTED)
 *
 * Return: 0
 */
int xraw_abort(struct sock *sk, int err)
{
	lock_sock(sk);
	sk->sk_err = err;
	sk_error_report(sk);
	__xudp_disconnect(sk, 0);
	release_sock(sk);
	return 0;
}

struct proto xraw_prot = {
	.name		= "XRAW",
	.owner		= THIS_MODULE,
	.close		= xraw_close,
	.connect	= xip4_datagram_connect,
	.disconnect	= xudp_disconnect,
	.init		= xraw_sk_init,
	.bind		= xraw_bind,
	.setsockopt	= xraw_setsockopt,
	.getsockopt	= xraw_getsockopt,
	.sendmsg	= xraw_sendmsg,
	.recvmsg	= xraw_recvmsg,
	.hash		= xraw_hash_sk,
	.unhash		= xraw_unhash_sk,
	.diag_destroy	= xraw_abort,
	.obj_size	= sizeof(struct xraw_sock),
};

/* --- /proc/net/xinet/raw ---------------------------------------------- */

/**
 * struct xraw_iter_state - position of a /proc/net/xinet/raw reader
 * @p: the namespace of the file; must be first
 * @bucket: the chain being listed
 */
struct xraw_iter_state {
	struct seq_net_private	p;
	int			bucket;
};

static struct sock *xraw_get_first(struct seq_file *seq, int bucket)
{
	struct xraw_iter_state *state = seq->private;
	struct sock *sk;

	for (state->bucket = bucket; state->bucket < XRAW_HTABLE_SIZE;
	     ++state->bucket) {
		sk_for_each(sk, &xraw_v4_hashinfo.ht[state->bucket])
			if (sock_net(sk) == seq_file_net(seq))
				return sk;
	}
	return NULL;
}

static struct sock *xraw_get_next(struct seq_file *seq, struct sock *sk)
{
	struct xraw_iter_state *state = seq->private;

	do {
		sk = sk_next(sk);
	} while (sk && sock_net(sk) != seq_file_net(seq));
	if (!sk)
		return xraw_get_first(seq, state->bucket + 1);
	return sk;
}

static void *xraw_seq_start(struct seq_file *seq, loff_t *pos)
	__acquires(&xraw_v4_hashinfo.lock)
{
	struct sock *sk;
	loff_t n;

	spin_lock(&xraw_v4_hashinfo.lock);
	if (!*pos)
		return SEQ_START_TOKEN;
	sk = xraw_get_first(seq, 0);
	for (n = *pos - 1; sk && n; n--)
		sk = xraw_get_next(seq, sk);
	return sk;
}

static void *xraw_seq_next(struct seq_file *seq, void *v, loff_t *pos)
{
	++*pos;
	if (v == SEQ_START_TOKEN)
		return xraw_get_first(seq, 0);
	return xraw_get_next(seq, v);
}

static void xraw_seq_stop(struct seq_file *seq, void *v)
	__releases(&xraw_v4_hashinfo.lock)
{
	spin_unlock(&xraw_v4_hashinfo.lock);
}

/* One line as raw_sock_seq_show() prints it: the protocol is the port. */
static int xraw_seq_show(struct seq_file *seq, void *v)
{
	struct xraw_iter_state *state = seq->private;
	struct xinet_sock *xinet = v;
	struct sock *sk = v;

	if (v == SEQ_START_TOKEN) {
		seq_puts(seq, "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops\n");
		return 0;
	}
	seq_printf(seq, "%4d: %08X:%04X %08X:%04X %02X %08X:%08X %02X:%08lX %08X %5u %8d %lu %d %pK %u\n",
		   state->bucket, xinet->xinet_rcv_saddr, xinet->xinet_num,
		   xinet->xinet_daddr, 0, sk->sk_state,
		   sk_wmem_alloc_get(sk), sk_rmem_alloc_get(sk), 0, 0L, 0,
		   from_kuid_munged(seq_user_ns(seq), sock_i_uid(sk)),
		   0, sock_i_ino(sk), refcount_read(&sk->sk_refcnt), sk,
		   atomic_read(&sk->sk_drops));
	return 0;
}

static const struct seq_operations xraw_seq_ops = {
	.start	= xraw_seq_start,
	.next	= xraw_seq_next,
	.stop	= xraw_seq_stop,
	.show	= xraw_seq_show,
};

/**
 * xraw_net_init - /proc/net/xinet/raw of a namespace (twin of raw_init_net)
 * @net: the namespace; its /proc/net/xinet exists
 *
 * Return: 0 or -ENOMEM.
 */
int xraw_net_init(struct net *net)
{
	if (!proc_create_net("raw", 0444, xinet_net(net)->proc_dir,
			     &xraw_seq_ops, sizeof(struct xraw_iter_state)))
		return -ENOMEM;
	return 0;
}

/**
 * xraw_net_exit - undo xraw_net_init()
 * @net: the namespace
 */
void xraw_net_exit(struct net *net)
{
	remove_proc_entry("raw", xinet_net(net)->proc_dir);
}
