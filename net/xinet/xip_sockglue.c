// SPDX-License-Identifier: GPL-2.0
/*
 * xinet: IP-level socket options, twin of net/ipv4/ip_sockglue.c.
 *
 * SOL_SOCKET options never get here: the socket layer handles them for
 * every family.  What reaches these functions is SOL_IP and the
 * transport levels that the transport did not claim.
 *
 * Values are parsed as Linux parses them: an int when optlen allows,
 * else a single byte, and optlen 0 means the value 0.  Each option has
 * Linux's range checks and errnos.  The options are plain fields or
 * bits of struct xinet_sock written with WRITE_ONCE() or atomic
 * bitops, so, as in Linux, none of them needs the socket lock but
 * IP_OPTIONS, which replaces an RCU-protected pointer under it.
 */

#include <linux/errqueue.h>
#include <linux/errno.h>
#include <linux/icmp.h>
#include <linux/in.h>
#include <linux/skbuff.h>
#include <linux/uaccess.h>
#include <linux/xinet.h>
#include <net/route.h>
#include <net/tcp_states.h>
#include <net/inet_ecn.h>
#include <net/xinet/compat.h>
#include <net/xinet/netns.h>
#include <net/xinet/xinet_connection_sock.h>
#include <net/xinet/xinet_sock.h>
#include <net/xinet/protocol.h>
#include <net/xinet/xip.h>
#include <net/xinet/xroute.h>
#include <net/xinet/xtcp.h>

/* Twin of ip_cmsg_recv_retopts(): the options a reply would carry. */
static void xip_cmsg_recv_retopts(struct net *net, struct msghdr *msg,
				  struct sk_buff *skb)
{
	struct xip_options_data reply;

	if (!XIPCB(skb)->opt.optlen)
		return;
	if (xip_options_echo(net, &reply.opt, skb)) {
		msg->msg_flags |= MSG_CTRUNC;
		return;
	}
	xip_options_undo(&reply.opt);
	put_cmsg(msg, SOL_IP, IP_RETOPTS, reply.opt.optlen, reply.opt.__data);
}

/**
 * xip_cmsg_recv - the IP-level control messages of a received datagram
 * @msg: the receiver's message header
 * @sk: the receiving socket
 * @skb: the datagram, its IP header at skb_network_header and its
 *	compiled options in XIPCB(@skb)->opt
 *
 * Twin of ip_cmsg_recv_offset() for what AF_XINET offers: IP_PKTINFO,
 * IP_TTL, IP_TOS, IP_RECVOPTS (the options as received, this host's
 * record-route entry included) and IP_RETOPTS (the options of a reply)
 * control messages, in AF_INET's order, each when the socket asked for
 * it.
 */
void xip_cmsg_recv(struct msghdr *msg, struct sock *sk, struct sk_buff *skb)
{
	const struct iphdr *iph = ip_hdr(skb);

	if (xinet_test_bit(PKTINFO, sk)) {
		struct in_pktinfo info = {
			.ipi_ifindex = XIPCB(skb)->iif,
			.ipi_spec_dst.s_addr = iph->daddr,
			.ipi_addr.s_addr = iph->daddr,
		};

		put_cmsg(msg, SOL_IP, IP_PKTINFO, sizeof(info), &info);
	}
	if (xinet_test_bit(TTL, sk)) {
		int ttl = iph->ttl;

		put_cmsg(msg, SOL_IP, IP_TTL, sizeof(ttl), &ttl);
	}
	if (xinet_test_bit(TOS, sk))
		put_cmsg(msg, SOL_IP, IP_TOS, 1, &ip_hdr(skb)->tos);
	if (xinet_test_bit(RECVOPTS, sk) && XIPCB(skb)->opt.optlen)
		put_cmsg(msg, SOL_IP, IP_RECVOPTS, XIPCB(skb)->opt.optlen,
			 ip_hdr(skb) + 1);
	if (xinet_test_bit(RETOPTS, sk))
		xip_cmsg_recv_retopts(sock_net(sk), msg, skb);
}

/**
 * xip_sock_options - a copy of a socket's IP_OPTIONS for one send
 * @sk: the sending socket
 * @buf: where to copy them
 *
 * Senders copy the options, as udp_sendmsg() does, so that they need no
 * RCU read section across a send that may sleep.
 *
 * Return: @buf's options, or NULL when the socket has none.
 */
const struct ip_options *xip_sock_options(const struct sock *sk,
					  struct xip_options_data *buf)
{
	const struct ip_options_rcu *opt;
	const struct ip_options *ret = NULL;

	rcu_read_lock();
	opt = rcu_dereference(xinet_sk(sk)->xinet_opt);
	if (opt && opt->opt.optlen) {
		memcpy(buf, &opt->opt, sizeof(opt->opt) + opt->opt.optlen);
		ret = &buf->opt;
	}
	rcu_read_unlock();
	return ret;
}

/*
 * Twin of the IP_OPTIONS case of do_ip_setsockopt().  A TCP socket's
 * segments shrink by the options' length (icsk_ext_hdr_len).
 */
static int xip_set_options(struct sock *sk, sockptr_t optval,
			   unsigned int optlen)
{
	struct xinet_sock *xinet = xinet_sk(sk);
	struct ip_options_rcu *old, *opt = NULL;
	int err;

	if (optlen > 40)
		return -EINVAL;
	err = xip_options_get(sock_net(sk), &opt, optval, optlen);
	if (err)
		return err;

	lock_sock(sk);
	old = rcu_dereference_protected(xinet->xinet_opt,
					lockdep_sock_is_held(sk));
	if (sk->sk_type == SOCK_STREAM && sk->sk_protocol == IPPROTO_TCP) {
		struct xinet_connection_sock *icsk = xinet_csk(sk);

		if (old)
			icsk->icsk_ext_hdr_len -= old->opt.optlen;
		if (opt)
			icsk->icsk_ext_hdr_len += opt->opt.optlen;
		xtcp_sync_mss(sk, icsk->icsk_pmtu_cookie);
	}
	rcu_assign_pointer(xinet->xinet_opt, opt);
	release_sock(sk);
	if (old)
		kfree_rcu(old, rcu);
	return 0;
}

/* Twin of the IP_OPTIONS case of do_ip_getsockopt(). */
static int xip_get_options(struct sock *sk, char __user *optval,
			   int __user *optlen, int len)
{
	struct xip_options_data buf;
	const struct ip_options *opt;

	opt = xip_sock_options(sk, &buf);
	if (!opt) {
		len = 0;
		return put_user(len, optlen) ? -EFAULT : 0;
	}
	xip_options_undo(&buf.opt);
	len = min_t(unsigned int, len, buf.opt.optlen);
	if (put_user(len, optlen))
		return -EFAULT;
	if (copy_to_user(optval, buf.opt.__data, len))
		return -EFAULT;
	return 0;
}

/* Twin of __ip_sock_set_tos(): stream sockets keep their ECN bits. */
static void xip_sock_set_tos(struct sock *sk, int val)
{
	struct xinet_sock *xinet = xinet_sk(sk);
	u8 old_tos = READ_ONCE(xinet->tos);

	if (sk->sk_type == SOCK_STREAM) {
		val &= ~INET_ECN_MASK;
		val |= old_tos & INET_ECN_MASK;
	}
	if (old_tos != (u8)val) {
		WRITE_ONCE(xinet->tos, val);
		WRITE_ONCE(sk->sk_priority, rt_tos2priority(val));
	}
}

/**
 * xip_setsockopt - setsockopt(2) at the IP level
 * @sk: the socket
 * @level: SOL_IP or a level no transport claimed
 * @optname: the option
 * @optval: its value
 * @optlen: its length
 *
 * Return: 0 or a negative errno; -ENOPROTOOPT for another level or an
 * option this level does not know, as AF_INET answers.
 */
int xip_setsockopt(struct sock *sk, int level, int optname, sockptr_t optval,
		   unsigned int optlen)
{
	struct xinet_sock *xinet = xinet_sk(sk);
	int val = 0;

	if (level != SOL_IP)
		return -ENOPROTOOPT;
	if (optname == IP_OPTIONS)
		return xip_set_options(sk, optval, optlen);

	/* An int if there is room for one, else a byte; nothing reads as 0. */
	if (optlen >= sizeof(int)) {
		if (copy_from_sockptr(&val, optval, sizeof(val)))
			return -EFAULT;
	} else if (optlen >= sizeof(char)) {
		unsigned char ucval;

		if (copy_from_sockptr(&ucval, optval, sizeof(ucval)))
			return -EFAULT;
		val = ucval;
	}

	switch (optname) {
	case IP_PKTINFO:
		xinet_assign_bit(PKTINFO, sk, val);
		return 0;
	case IP_RECVTTL:
		xinet_assign_bit(TTL, sk, val);
		return 0;
	case IP_RECVTOS:
		xinet_assign_bit(TOS, sk, val);
		return 0;
	case IP_RECVOPTS:
		xinet_assign_bit(RECVOPTS, sk, val);
		return 0;
	case IP_RETOPTS:
		xinet_assign_bit(RETOPTS, sk, val);
		return 0;
	case IP_HDRINCL:
		if (sk->sk_type != SOCK_RAW)
			return -ENOPROTOOPT;
		xinet_assign_bit(HDRINCL, sk, val);
		return 0;
	case IP_RECVFRAGSIZE:
		if (sk->sk_type != SOCK_RAW && sk->sk_type != SOCK_DGRAM)
			return -EINVAL;
		xinet_assign_bit(RECVFRAGSIZE, sk, val);
		return 0;
	case IP_RECVERR:
		xinet_assign_bit(RECVERR, sk, val);
		/* Errors queued so far go with the option, as in Linux. */
		if (!val)
			skb_queue_purge(&sk->sk_error_queue);
		return 0;
	case IP_RECVERR_RFC4884:
		if (val < 0 || val > 1)
			return -EINVAL;
		xinet_assign_bit(RECVERR_RFC4884, sk, val);
		return 0;
	case IP_FREEBIND:
		if (optlen < 1)
			return -EINVAL;
		xinet_assign_bit(FREEBIND, sk, val);
		return 0;
	case IP_BIND_ADDRESS_NO_PORT:
		xinet_assign_bit(BIND_ADDRESS_NO_PORT, sk, val);
		return 0;
	case IP_MULTICAST_LOOP:
		if (optlen < 1)
			return -EINVAL;
		xinet_assign_bit(MC_LOOP, sk, val);
		return 0;
	case IP_MULTICAST_ALL:
		if (optlen < 1)
			return -EINVAL;
		if (val != 0 && val != 1)
			return -EINVAL;
		xinet_assign_bit(MC_ALL, sk, val);
		return 0;
	case IP_TTL:
		if (optlen < 1)
			return -EINVAL;
		/* -1 goes back to net.xinet.ip_default_ttl. */
		if (val != -1 && (val < 1 || val > 255))
			return -EINVAL;
		WRITE_ONCE(xinet->uc_ttl, val);
		return 0;
	case IP_MINTTL:
		if (optlen < 1)
			return -EINVAL;
		if (val < 0 || val > 255)
			return -EINVAL;
		WRITE_ONCE(xinet->min_ttl, val);
		return 0;
	case IP_MULTICAST_TTL:
		if (sk->sk_type == SOCK_STREAM)
			return -EINVAL;
		if (optlen < 1)
			return -EINVAL;
		if (val == -1)
			val = 1;
		if (val < 0 || val > 255)
			return -EINVAL;
		WRITE_ONCE(xinet->mc_ttl, val);
		return 0;
	case IP_MTU_DISCOVER:
		if (val < IP_PMTUDISC_DONT || val > IP_PMTUDISC_OMIT)
			return -EINVAL;
		WRITE_ONCE(xinet->pmtudisc, val);
		return 0;
	case IP_TOS:
		xip_sock_set_tos(sk, val);
		return 0;
	default:
		return -ENOPROTOOPT;
	}
}

/**
 * xip_getsockopt - getsockopt(2) at the IP level
 * @sk: the socket
 * @level: SOL_IP or a level no transport claimed
 * @optname: the option
 * @optval: where to write the value
 * @optlen: in: room at @optval, out: bytes written
 *
 * A value that fits a byte is written as a byte when the caller's room
 * is below an int, as Linux does for programs that pass a char.
 *
 * Return: 0 or a negative errno: -EOPNOTSUPP for another level (Linux's
 * answer there), -EINVAL for a negative length, -ENOPROTOOPT for an
 * unknown option.
 */
int xip_getsockopt(struct sock *sk, int level, int optname,
		   char __user *optval, int __user *optlen)
{
	struct xinet_sock *xinet = xinet_sk(sk);
	int val, len;

	if (level != SOL_IP)
		return -EOPNOTSUPP;
	if (get_user(len, optlen))
		return -EFAULT;
	if (len < 0)
		return -EINVAL;

	switch (optname) {
	case IP_OPTIONS:
		return xip_get_options(sk, optval, optlen, len);
	case IP_PKTINFO:
		val = xinet_test_bit(PKTINFO, sk);
		break;
	case IP_RECVTTL:
		val = xinet_test_bit(TTL, sk);
		break;
	case IP_RECVTOS:
		val = xinet_test_bit(TOS, sk);
		break;
	case IP_RECVOPTS:
		val = xinet_test_bit(RECVOPTS, sk);
		break;
	case IP_RETOPTS:
		val = xinet_test_bit(RETOPTS, sk);
		break;
	case IP_RECVFRAGSIZE:
		val = xinet_test_bit(RECVFRAGSIZE, sk);
		break;
	case IP_HDRINCL:
		val = xinet_test_bit(HDRINCL, sk);
		break;
	case IP_RECVERR:
		val = xinet_test_bit(RECVERR, sk);
		break;
	case IP_RECVERR_RFC4884:
		val = xinet_test_bit(RECVERR_RFC4884, sk);
		break;
	case IP_FREEBIND:
		val = xinet_test_bit(FREEBIND, sk);
		break;
	case IP_BIND_ADDRESS_NO_PORT:
		val = xinet_test_bit(BIND_ADDRESS_NO_PORT, sk);
		break;
	case IP_MULTICAST_LOOP:
		val = xinet_test_bit(MC_LOOP, sk);
		break;
	case IP_MULTICAST_ALL:
		val = xinet_test_bit(MC_ALL, sk);
		break;
	case IP_TTL:
		/* The effective TTL, not the -1 that stands for the default. */
		val = xip_select_ttl(sk);
		break;
	case IP_MINTTL:
		val = READ_ONCE(xinet->min_ttl);
		break;
	case IP_MULTICAST_TTL:
		val = READ_ONCE(xinet->mc_ttl);
		break;
	case IP_MTU_DISCOVER:
		val = READ_ONCE(xinet->pmtudisc);
		break;
	case IP_TOS:
		val = READ_ONCE(xinet->tos);
		break;
	case IP_MTU:
		val = xip_sk_dst_mtu(sk);
		if (!val)
			return -ENOTCONN;
		break;
	default:
		return -ENOPROTOOPT;
	}

	if (len < sizeof(int) && len > 0 && val >= 0 && val <= 255) {
		unsigned char ucval = val;

		len = 1;
		if (put_user(len, optlen))
			return -EFAULT;
		if (copy_to_user(optval, &ucval, 1))
			return -EFAULT;
	} else {
		len = min_t(unsigned int, sizeof(int), len);
		if (put_user(len, optlen))
			return -EFAULT;
		if (copy_to_user(optval, &val, len))
			return -EFAULT;
	}
	return 0;
}

/**
 * xip_sk_dst_mtu - the path MTU of a connected socket (IP_MTU)
 * @sk: the socket
 *
 * AF_INET answers from the route a connected socket caches; xinet caches
 * none, so the route to the peer is looked up, its PMTU exception
 * included, which is the value that cache would hold.
 *
 * Return: the MTU, or 0 when the socket has no peer or no route to it.
 */
unsigned int xip_sk_dst_mtu(struct sock *sk)
{
	struct xinet_sock *xinet = xinet_sk(sk);
	struct xflowi4 fl4 = {
		.oif	= READ_ONCE(sk->sk_bound_dev_if),
		.proto	= sk->sk_protocol,
		.daddr	= READ_ONCE(xinet->xinet_daddr),
		.saddr	= READ_ONCE(xinet->xinet_saddr),
	};
	struct xrtable rt;
	unsigned int mtu;

	if (!fl4.daddr || sk->sk_state == TCP_LISTEN)
		return 0;
	if (xip_route_output(sock_net(sk), &fl4, &rt))
		return 0;
	mtu = rt.rt_mtu;
	xip_rt_put(&rt);
	return mtu;
}

/**
 * xip_dont_fragment - whether a socket's packets carry DF
 * @sk: the socket
 * @rt: the route they take
 *
 * Twin of ip_dont_fragment(): IP_PMTUDISC_DO always, IP_PMTUDISC_WANT
 * unless the path's MTU was clamped to min_pmtu (a locked MTU); the
 * other modes never.
 *
 * Return: true if the packets get DF.
 */
bool xip_dont_fragment(const struct sock *sk, const struct xrtable *rt)
{
	u8 pmtudisc = READ_ONCE(xinet_sk(sk)->pmtudisc);

	return pmtudisc == IP_PMTUDISC_DO ||
	       (pmtudisc == IP_PMTUDISC_WANT && !rt->rt_mtu_locked);
}

/**
 * xip_datagram_df - DF for a datagram that fits its MTU (the test of
 *	__ip_make_skb())
 * @sk: the sending socket
 * @rt: its route
 *
 * IP_PMTUDISC_PROBE sets DF too: it probes the path with the device's
 * MTU and wants to hear about a smaller hop.
 *
 * Return: true if the datagram gets DF.
 */
bool xip_datagram_df(const struct sock *sk, const struct xrtable *rt)
{
	return READ_ONCE(xinet_sk(sk)->pmtudisc) == IP_PMTUDISC_PROBE ||
	       xip_dont_fragment(sk, rt);
}

/**
 * xip_sk_mtu - the MTU a datagram socket sends by (twin of the fragsize
 *	ip_setup_cork() picks)
 * @sk: the socket
 * @rt: its route
 *
 * IP_PMTUDISC_PROBE, INTERFACE and OMIT ignore what PMTU discovery
 * learnt and use the device's MTU (ip_sk_use_pmtu()).
 *
 * Return: the MTU.
 */
unsigned int xip_sk_mtu(const struct sock *sk, const struct xrtable *rt)
{
	if (READ_ONCE(xinet_sk(sk)->pmtudisc) < IP_PMTUDISC_PROBE)
		return rt->rt_mtu;
	return READ_ONCE(rt->dev->mtu);
}

/**
 * xip_sk_accept_pmtu - whether ICMP may lower this socket's path MTU
 *	(twin of ip_sk_accept_pmtu)
 * @sk: the socket
 *
 * Return: false for IP_PMTUDISC_INTERFACE and IP_PMTUDISC_OMIT.
 */
bool xip_sk_accept_pmtu(const struct sock *sk)
{
	u8 pmtudisc = READ_ONCE(xinet_sk(sk)->pmtudisc);

	return pmtudisc != IP_PMTUDISC_INTERFACE &&
	       pmtudisc != IP_PMTUDISC_OMIT;
}

/**
 * xip_sk_ignore_df - whether a socket's datagrams may be fragmented
 *	locally (twin of ip_sk_ignore_df)
 * @sk: the socket
 *
 * Return: true for IP_PMTUDISC_DONT, WANT and OMIT.
 */
bool xip_sk_ignore_df(const struct sock *sk)
{
	u8 pmtudisc = READ_ONCE(xinet_sk(sk)->pmtudisc);

	return pmtudisc < IP_PMTUDISC_DO || pmtudisc == IP_PMTUDISC_OMIT;
}

/**
 * xip_sk_update_pmtu - an ICMP "fragmentation needed" for a socket's
 *	packet (twin of ipv4_sk_update_pmtu)
 * @skb: the ICMP, data at the quoted IP header
 * @sk: the socket that sent it
 * @mtu: the MTU the ICMP announced
 */
void xip_sk_update_pmtu(struct sk_buff *skb, struct sock *sk, u32 mtu)
{
	const struct iphdr *iph = (const struct iphdr *)skb->data;
	struct xflowi4 fl4 = {
		.oif	= READ_ONCE(sk->sk_bound_dev_if),
		.proto	= iph->protocol,
		.daddr	= iph->daddr,
		.saddr	= iph->saddr,
	};

	if (!xip_sk_accept_pmtu(sk))
		return;
	xip_rt_update_pmtu(sock_net(sk), &fl4, mtu);
}

/*
 * Queue @skb on the error queue with its extended error (the tail of
 * ip_icmp_error() and ip_local_error()); consumes @skb.
 */
static void xip_queue_err_skb(struct sock *sk, struct sk_buff *skb)
{
	skb_reset_transport_header(skb);
	if (sock_queue_err_skb(sk, skb))
		kfree_skb(skb);
}

/**
 * xip_icmp_error - queue an ICMP error for IP_RECVERR (twin of
 *	ip_icmp_error)
 * @sk: the socket
 * @skb: the ICMP, transport header at the ICMP header, data at the
 *	quoted IP header; a clone is queued
 * @err: the errno it stands for
 * @port: the remote port of the quoted packet
 * @info: the ICMP's value (the MTU of "fragmentation needed")
 * @payload: where the quoted transport payload starts in @skb
 *
 * The queued error reads back through recvmsg(MSG_ERRQUEUE) as a
 * struct sock_extended_err of origin SO_EE_ORIGIN_ICMP, the offender
 * being the quoted packet's destination.
 */
void xip_icmp_error(struct sock *sk, struct sk_buff *skb, int err,
		    __be16 port, u32 info, u8 *payload)
{
	struct sock_exterr_skb *serr;

	skb = skb_clone(skb, GFP_ATOMIC);
	if (!skb)
		return;
	serr = SKB_EXT_ERR(skb);
	memset(serr, 0, sizeof(*serr));
	serr->ee.ee_errno = err;
	serr->ee.ee_origin = SO_EE_ORIGIN_ICMP;
	serr->ee.ee_type = icmp_hdr(skb)->type;
	serr->ee.ee_code = icmp_hdr(skb)->code;
	serr->ee.ee_info = info;
	serr->addr_offset = (u8 *)&(((struct iphdr *)(icmp_hdr(skb) + 1))->daddr) -
			    skb_network_header(skb);
	serr->port = port;
	if (!skb_pull(skb, payload - skb->data)) {
		kfree_skb(skb);
		return;
	}
	xip_queue_err_skb(sk, skb);
}

/**
 * xip_local_error - queue a locally detected error for IP_RECVERR (twin
 *	of ip_local_error)
 * @sk: the socket
 * @err: the errno
 * @daddr: the destination of the refused send
 * @port: its port
 * @info: the value for ee_info (the MTU for EMSGSIZE)
 */
void xip_local_error(struct sock *sk, int err, __be32 daddr, __be16 port,
		     u32 info)
{
	struct sock_exterr_skb *serr;
	struct sk_buff *skb;
	struct iphdr *iph;

	if (!xinet_test_bit(RECVERR, sk))
		return;
	skb = alloc_skb(sizeof(struct iphdr), GFP_ATOMIC);
	if (!skb)
		return;
	skb_put(skb, sizeof(struct iphdr));
	skb_reset_network_header(skb);
	iph = ip_hdr(skb);
	memset(iph, 0, sizeof(*iph));
	iph->daddr = daddr;

	serr = SKB_EXT_ERR(skb);
	memset(serr, 0, sizeof(*serr));
	serr->ee.ee_errno = err;
	serr->ee.ee_origin = SO_EE_ORIGIN_LOCAL;
	serr->ee.ee_info = info;
	serr->addr_offset = (u8 *)&iph->daddr - skb_network_header(skb);
	serr->port = port;
	__skb_pull(skb, skb_tail_pointer(skb) - skb->data);
	xip_queue_err_skb(sk, skb);
}

/**
 * xip_recv_error - recvmsg(MSG_ERRQUEUE) (twin of ip_recv_error)
 * @sk: the socket
 * @msg: the receiver's message header
 * @len: room for the quoted payload
 * @addr_len: out: the length of the address written to msg_name
 *
 * Hands out the oldest queued error: the quoted payload as data, the
 * offender's address and port as msg_name (AF_XINET), and an IP_RECVERR
 * control message of a struct sock_extended_err followed by the address
 * of the host that sent the ICMP, as Linux lays them out.
 *
 * Return: the bytes copied, or -EAGAIN when the queue is empty.
 */
int xip_recv_error(struct sock *sk, struct msghdr *msg, int len,
		   int *addr_len)
{
	DECLARE_SOCKADDR(struct sockaddr_xin *, sin, msg->msg_name);
	struct sock_exterr_skb *serr;
	struct sk_buff *skb;
	struct {
		struct sock_extended_err	ee;
		struct sockaddr_xin		offender;
	} errhdr;
	int copied, err;

	skb = sock_dequeue_err_skb(sk);
	if (!skb)
		return -EAGAIN;

	copied = skb->len;
	if (copied > len) {
		msg->msg_flags |= MSG_TRUNC;
		copied = len;
	}
	err = skb_copy_datagram_msg(skb, 0, msg, copied);
	if (unlikely(err)) {
		kfree_skb(skb);
		return err;
	}
	sock_recv_timestamp(msg, sk, skb);

	serr = SKB_EXT_ERR(skb);
	/*
	 * ICMP and local errors name the packet's destination; others (a
	 * zerocopy notification, a timestamp) only when they carry a port
	 * (ipv4_datagram_support_addr()).
	 */
	if (sin && (serr->ee.ee_origin == SO_EE_ORIGIN_ICMP ||
		    serr->ee.ee_origin == SO_EE_ORIGIN_LOCAL || serr->port)) {
		sin->sxin_family = xinet_family;
		sin->sxin_addr = *(__be32 *)(skb_network_header(skb) +
					     serr->addr_offset);
		sin->sxin_port = serr->port;
		memset(&sin->__pad, 0, sizeof(sin->__pad));
		*addr_len = sizeof(*sin);
	}

	memset(&errhdr, 0, sizeof(errhdr));
	memcpy(&errhdr.ee, &serr->ee, sizeof(struct sock_extended_err));
	if (serr->ee.ee_origin == SO_EE_ORIGIN_ICMP) {
		errhdr.offender.sxin_family = xinet_family;
		errhdr.offender.sxin_addr = ip_hdr(skb)->saddr;
	}
	put_cmsg(msg, SOL_IP, IP_RECVERR, sizeof(errhdr), &errhdr);

	msg->msg_flags |= MSG_ERRQUEUE;
	consume_skb(skb);
	return copied;
}
