/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xinet: the IPv4 layer, twin of include/net/ip.h and include/net/protocol.h
 * (net/xinet/xip_input.c, xip_output.c, xprotocol.c, xip_sockglue.c).
 */
#ifndef _NET_XINET_XIP_H
#define _NET_XINET_XIP_H

#include <linux/ip.h>
#include <linux/skbuff.h>
#include <linux/sockptr.h>
#include <net/inet_sock.h>
#include <net/sock.h>

struct xrtable;
struct xflowi4;

/**
 * struct xinet_protocol - a transport's receive hooks (twin of net_protocol)
 * @handler: takes a packet whose IP header was checked and pulled
 * @err_handler: an ICMP error about a packet this transport sent; @skb's
 *	data is the quoted IP header, @info the ICMP-specific value
 */
struct xinet_protocol {
	int	(*handler)(struct sk_buff *skb);
	int	(*err_handler)(struct sk_buff *skb, u32 info);
};

/* One slot per IP protocol number. */
#define XINET_MAX_PROTOS	256

int xinet_add_protocol(const struct xinet_protocol *prot, unsigned char num);
int xinet_del_protocol(const struct xinet_protocol *prot, unsigned char num);
const struct xinet_protocol *xinet_protocol_rcu(unsigned char num);

/**
 * struct xinet_skb_parm - xinet's part of skb->cb (twin of inet_skb_parm)
 * @opt: the IP options of a received packet (offsets into its header),
 *	or of a sent one after xip_options_build()
 * @iif: ifindex the packet arrived on
 * @flags: XIPSKB_*
 */
struct xinet_skb_parm {
	struct ip_options	opt;
	int			iif;
	u16			flags;
};

#define XIPSKB_BROADCAST	BIT(0)	/* sent to a broadcast address */

#define XIPCB(skb) ((struct xinet_skb_parm *)((skb)->cb))

/* Input: the packet_type handler and the local delivery it leads to. */
int xip_rcv(struct sk_buff *skb, struct net_device *dev,
	    struct packet_type *pt, struct net_device *orig_dev);
int xip_local_deliver(struct sk_buff *skb);

/* Header checks shared by the input path and its KUnit suite. */
enum xip_hdr_verdict {
	XIP_HDR_OK,
	XIP_HDR_TRUNCATED,	/* shorter than its header or total length */
	XIP_HDR_BAD_VERSION,
	XIP_HDR_BAD_IHL,
	XIP_HDR_BAD_LENGTH,	/* total length below the header length */
	XIP_HDR_BAD_CSUM,
};

enum xip_hdr_verdict xip_check_header(const struct iphdr *iph,
				      unsigned int len);

/**
 * struct xip_cork - what xip_send_skb() needs for the IP header
 * @saddr: source address
 * @daddr: destination address; with a source route in @opt, the final
 *	one (the header then carries the route's first hop, @opt->faddr)
 * @opt: compiled IP options (IP_OPTIONS, an echo), or NULL
 * @protocol: transport protocol
 * @ttl: time to live
 * @tos: type of service
 * @df: set Don't Fragment
 * @ignore_df: a datagram over the MTU is fragmented here even with @df
 *	(skb->ignore_df: IP_PMTUDISC_DONT, WANT and OMIT)
 */
struct xip_cork {
	__be32			saddr;
	__be32			daddr;
	const struct ip_options	*opt;
	u8			protocol;
	u8			ttl;
	u8			tos;
	bool			df;
	bool			ignore_df;
};

/*
 * Output: @skb holds the transport header and payload, with headroom for
 * an IP header and the device; the IP header is built here and the
 * packet handed to @rt's device, in fragments if it is longer than
 * @rt->rt_mtu and cork->df is clear or cork->ignore_df set (otherwise
 * -EMSGSIZE).  @skb is consumed even on error.  If skb->sk is a
 * connected AF_XINET socket its xinet_id numbers the packet; otherwise
 * DF packets that may not be fragmented get ID 0 and others a hashed
 * counter's.  xip_select_ttl() gives a socket's cork->ttl,
 * xip_sk_frag_cork() its cork->df and cork->ignore_df; cork->tos is
 * xinet_sk(sk)->tos.
 */
int xip_send_skb(struct net *net, struct sk_buff *skb, struct xrtable *rt,
		 const struct xip_cork *cork);
int xip_local_out(struct net *net, struct sk_buff *skb, struct xrtable *rt);
void xip_select_ident(struct net *net, struct sk_buff *skb,
		      const struct sock *sk);
u8 xip_select_ttl(const struct sock *sk);
bool xip_dont_fragment(const struct sock *sk, const struct xrtable *rt);
bool xip_datagram_df(const struct sock *sk, const struct xrtable *rt);
unsigned int xip_sk_mtu(const struct sock *sk, const struct xrtable *rt);
unsigned int xip_sk_dst_mtu(struct sock *sk);
bool xip_sk_accept_pmtu(const struct sock *sk);
bool xip_sk_ignore_df(const struct sock *sk);
void xip_sk_update_pmtu(struct sk_buff *skb, struct sock *sk, u32 mtu);
void xip_icmp_error(struct sock *sk, struct sk_buff *skb, int err,
		    __be16 port, u32 info, u8 *payload);
void xip_local_error(struct sock *sk, int err, __be32 daddr, __be16 port,
		     u32 info);
int xip_recv_error(struct sock *sk, struct msghdr *msg, int len,
		   int *addr_len);
int xip_sk_frag_cork(const struct sock *sk, const struct xrtable *rt,
		     unsigned int len, struct xip_cork *cork);
void xip_send_check(struct iphdr *iph);

/*
 * Room to reserve in front of the transport header; IP options need
 * their length more (xip_send_skb() copies the packet when they lack it).
 */
#define XIP_HEADROOM(dev) (LL_RESERVED_SPACE(dev) + sizeof(struct iphdr))

/* IP options (net/xinet/xip_options.c). */
void xip_options_build(struct sk_buff *skb, const struct ip_options *opt,
		       __be32 daddr, __be32 saddr);
int __xip_options_echo(struct net *net, struct ip_options *dopt,
		       struct sk_buff *skb, const struct ip_options *sopt);
void xip_options_fragment(struct sk_buff *skb);
int __xip_options_compile(struct net *net, struct ip_options *opt,
			  struct sk_buff *skb, __be32 *info);
int xip_options_compile(struct net *net, struct ip_options *opt,
			struct sk_buff *skb);
void xip_options_undo(struct ip_options *opt);
int xip_options_get(struct net *net, struct ip_options_rcu **optp,
		    sockptr_t data, int optlen);

/* The options of a reply to @skb, built from its XIPCB(skb)->opt. */
static inline int xip_options_echo(struct net *net, struct ip_options *dopt,
				   struct sk_buff *skb)
{
	return __xip_options_echo(net, dopt, skb, &XIPCB(skb)->opt);
}

/* Room for the longest options behind struct ip_options. */
struct xip_options_data {
	struct ip_options	opt;
	unsigned char		data[40];
};

int xip_init(void);
void xip_exit(void);

void xip_cmsg_recv(struct msghdr *msg, struct sock *sk, struct sk_buff *skb);
const struct ip_options *xip_sock_options(const struct sock *sk,
					  struct xip_options_data *buf);
int xip_setsockopt(struct sock *sk, int level, int optname, sockptr_t optval,
		   unsigned int optlen);
int xip_getsockopt(struct sock *sk, int level, int optname,
		   char __user *optval, int __user *optlen);

#endif /* _NET_XINET_XIP_H */
