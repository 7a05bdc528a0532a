// SPDX-License-Identifier: GPL-2.0
/*
 * xinet: connect(2) of datagram sockets, twin of net/ipv4/datagram.c.
 *
 * Connecting a datagram socket only fixes its peer: the route to the peer
 * gives the source address if the socket has none, the socket moves to
 * the address+port hash slot of that address (->rehash), and from then on
 * it receives only the peer's datagrams and may send without an address.
 */

#include <linux/in.h>
#include <net/sock.h>
#include <net/sock_reuseport.h>
#include <net/tcp_states.h>
#include <linux/xinet.h>
#include <net/xinet/protocol.h>
#include <net/xinet/netns.h>
#include <net/xinet/xinet_sock.h>
#include <net/xinet/xroute.h>
#include <net/xinet/xsnmp.h>
#include <net/xinet/xudp.h>

/**
 * __xip4_datagram_connect - connect @sk to a peer (twin of
 *	__ip4_datagram_connect)
 * @sk: the socket, locked by the caller
 * @uaddr: a struct sockaddr_xin
 * @addr_len: its length
 *
 * Return: 0, -EINVAL for a short address, -EAFNOSUPPORT for another
 * family, -EACCES for a broadcast peer without SO_BROADCAST, or the
 * route lookup's error (-ENETUNREACH, ...).
 */
int __xip4_datagram_connect(struct sock *sk, struct sockaddr *uaddr,
			    int addr_len)
{
	struct sockaddr_xin *usin = (struct sockaddr_xin *)uaddr;
	struct xinet_sock *xinet = xinet_sk(sk);
	struct xflowi4 fl4 = {};
	struct xrtable rt;
	int err;

	if (addr_len < sizeof(*usin))
		return -EINVAL;
	if (usin->sxin_family != xinet_family)
		return -EAFNOSUPPORT;

	sk_dst_reset(sk);

	fl4.oif = sk->sk_bound_dev_if;
	fl4.proto = sk->sk_protocol;
	fl4.daddr = usin->sxin_addr;
	fl4.saddr = xinet->xinet_saddr;
	fl4.sport = xinet->xinet_sport;
	fl4.dport = usin->sxin_port;
	err = xip_route_output(sock_net(sk), &fl4, &rt);
	if (err) {
		if (err == -ENETUNREACH)
			XIP_INC_STATS(sock_net(sk), IPSTATS_MIB_OUTNOROUTES);
		return err;
	}

	if (rt.rt_type == RTN_BROADCAST && !sock_flag(sk, SOCK_BROADCAST)) {
		err = -EACCES;
		goto out;
	}

	if (!xinet->xinet_saddr)
		xinet->xinet_saddr = fl4.saddr;
	if (!xinet->xinet_rcv_saddr) {
		xinet->xinet_rcv_saddr = fl4.saddr;
		if (sk->sk_prot->rehash)
			sk->sk_prot->rehash(sk);
	}
	xinet->xinet_daddr = fl4.daddr;
	xinet->xinet_dport = usin->sxin_port;
	reuseport_has_conns_set(sk);
	xinet_sk_state_store(sk, TCP_ESTABLISHED);
	sk_set_txhash(sk);
	atomic_set(&xinet->xinet_id, get_random_u16());
	err = 0;
out:
	xip_rt_put(&rt);
	return err;
}
EXPORT_SYMBOL_GPL(__xip4_datagram_connect);

/**
 * xip4_datagram_connect - proto::connect of datagram sockets (twin of
 *	ip4_datagram_connect)
 * @sk: the socket
 * @uaddr: a struct sockaddr_xin
 * @addr_len: its length
 *
 * Return: as __xip4_datagram_connect().
 */
int xip4_datagram_connect(struct sock *sk, struct sockaddr *uaddr,
			  int addr_len)
{
	int res;

	lock_sock(sk);
	res = __xip4_datagram_connect(sk, uaddr, addr_len);
	release_sock(sk);
	return res;
}
EXPORT_SYMBOL_GPL(xip4_datagram_connect);
