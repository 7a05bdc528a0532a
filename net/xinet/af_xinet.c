// SPDX-License-Identifier: GPL-2.0
/*
 * xinet: the AF_XINET socket layer, twin of net/ipv4/af_inet.c.
 *
 * xinet_init() registers the transports and the family as inet_init()
 * does; xinet_create() is inet_create(): it finds the (type, protocol)
 * entry in the xinetsw switch, allocates the sock and hands it to the
 * transport's init.  The proto_ops here are the socket-layer half of
 * every AF_XINET socket call (bind, connect, getname, shutdown, ...);
 * the transport-specific half sits behind sk->sk_prot.
 */

#define pr_fmt(fmt) "xinet: " fmt

#include <linux/module.h>
#include <linux/init.h>
#include <linux/capability.h>
#include <linux/rculist.h>
#include <linux/spinlock.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <linux/poll.h>
#include <linux/rtnetlink.h>
#include <linux/sched/signal.h>
#include <net/sock.h>
#include <net/tcp_states.h>
#include <linux/xinet.h>
#include <net/xinet/af_xinet.h>
#include <net/xinet/xinet_sock.h>
#include <net/xinet/protocol.h>
#include <net/xinet/netns.h>
#include <net/xinet/xtcp.h>
#include <net/xinet/xudp.h>
#include <net/xinet/xip.h>
#include <net/xinet/xicmp.h>
#include <net/xinet/xnet.h>
#include <net/xinet/xdevinet.h>
#include <net/xinet/xroute.h>
#include <net/xinet/xproc.h>
#include <net/xinet/xping.h>
#include <net/xinet/xraw.h>
#include <net/xinet/xsnmp.h>
#include <net/xinet/xskbuff.h>

int xinet_family = AF_XINET;
module_param_named(family, xinet_family, int, 0444);
MODULE_PARM_DESC(family, "address family number to register (default "
		 __stringify(AF_XINET) ", must be free and below AF_MAX)");
EXPORT_SYMBOL_GPL(xinet_family);

/*
 * The socket-type switch: one RCU list of entries per socket type.
 * Writers hold xinetsw_lock; xinet_create() reads under rcu_read_lock().
 */
static struct list_head xinetsw[SOCK_MAX];
static DEFINE_SPINLOCK(xinetsw_lock);

/**
 * xinet_register_protosw - add an entry to the AF_XINET socket switch
 * @p: the entry; its @type must be below SOCK_MAX
 *
 * Mirrors inet_register_protosw(): an entry for a (type, protocol) pair
 * that a permanent entry already serves is refused.  Entries with a
 * specific protocol are kept before the IPPROTO_IP wildcard so that the
 * wildcard is matched last.
 *
 * Return: 0, -EINVAL for a bad type, -EPERM if a permanent entry exists.
 */
int xinet_register_protosw(struct xinet_protosw *p)
{
	struct list_head *last_perm;
	struct xinet_protosw *answer;
	int protocol = p->protocol;
	int err = 0;

	if (p->type >= SOCK_MAX)
		return -EINVAL;

	spin_lock_bh(&xinetsw_lock);
	last_perm = &xinetsw[p->type];
	list_for_each_entry(answer, &xinetsw[p->type], list) {
		if ((answer->flags & XINET_PROTOSW_PERMANENT) &&
		    protocol == answer->protocol) {
			err = -EPERM;
			break;
		}
		if (answer->flags & XINET_PROTOSW_PERMANENT)
			last_perm = &answer->list;
		if (protocol == answer->protocol)
			break;
	}
	if (!err)
		list_add_rcu(&p->list, last_perm);
	spin_unlock_bh(&xinetsw_lock);

	if (err)
		pr_err("cannot override permanent protocol %d of type %d\n",
		       protocol, p->type);
	return err;
}
EXPORT_SYMBOL_GPL(xinet_register_protosw);

static void __xinet_unregister_protosw(struct xinet_protosw *p)
{
	spin_lock_bh(&xinetsw_lock);
	list_del_rcu(&p->list);
	spin_unlock_bh(&xinetsw_lock);
	synchronize_net();
}

/**
 * xinet_unregister_protosw - remove an entry added by xinet_register_protosw
 * @p: the entry; a permanent entry stays, as in AF_INET
 *
 * Waits for an RCU grace period, so that no xinet_create() still sees
 * the entry when this returns.
 */
void xinet_unregister_protosw(struct xinet_protosw *p)
{
	if (p->flags & XINET_PROTOSW_PERMANENT) {
		pr_err("attempt to unregister permanent protocol %d\n",
		       p->protocol);
		return;
	}
	__xinet_unregister_protosw(p);
}
EXPORT_SYMBOL_GPL(xinet_unregister_protosw);

/*
 * The last reference is gone (twin of inet_sock_destruct).  What is still
 * charged to the socket after its queues are purged and its reserve is
 * returned is an accounting bug: each counter warns on its own.
 */
static void xinet_sock_destruct(struct sock *sk)
{
	__skb_queue_purge(&sk->sk_receive_queue);
	__skb_queue_purge(&sk->sk_error_queue);

	sk_mem_reclaim_final(sk);
	/* Nobody else can see the socket any more. */
	kfree(rcu_dereference_protected(xinet_sk(sk)->xinet_opt, 1));
	xip_rt_cache_free(sk);

	if (sk->sk_type == SOCK_STREAM && sk->sk_state != TCP_CLOSE) {
		pr_err("attempt to release TCP socket in state %d %p\n",
		       sk->sk_state, sk);
		return;
	}
	if (!sock_flag(sk, SOCK_DEAD)) {
		pr_err("attempt to release alive socket %p\n", sk);
		return;
	}

	WARN_ON_ONCE(atomic_read(&sk->sk_rmem_alloc));
	WARN_ON_ONCE(refcount_read(&sk->sk_wmem_alloc));
	WARN_ON_ONCE(sk->sk_wmem_queued);
	WARN_ON_ONCE(sk_forward_alloc_get(sk));
}

/*
 * xinet_create - the family's create hook (twin of inet_create)
 *
 * Unlike AF_INET, no module is requested for an unknown protocol: every
 * xinet transport is part of this module, so the errors come at once.
 */
static int xinet_create(struct net *net, struct socket *sock, int protocol,
			int kern)
{
	struct xinet_protosw *answer;
	struct proto *answer_prot;
	unsigned char answer_flags;
	struct xinet_sock *xinet;
	struct sock *sk;
	int err;

	if (protocol < 0 || protocol >= IPPROTO_MAX)
		return -EINVAL;

	sock->state = SS_UNCONNECTED;

	/* Look for the requested type/protocol pair. */
	err = -ESOCKTNOSUPPORT;
	rcu_read_lock();
	list_for_each_entry_rcu(answer, &xinetsw[sock->type], list) {
		err = 0;
		/* Check the non-wild match. */
		if (protocol == answer->protocol) {
			if (protocol != IPPROTO_IP)
				break;
		} else {
			/* Check for the two wild cases. */
			if (protocol == IPPROTO_IP) {
				protocol = answer->protocol;
				break;
			}
			if (answer->protocol == IPPROTO_IP)
				break;
		}
		err = -EPROTONOSUPPORT;
	}
	if (err)
		goto out_rcu_unlock;

	err = -EPERM;
	if (sock->type == SOCK_RAW && !kern &&
	    !ns_capable(net->user_ns, CAP_NET_RAW))
		goto out_rcu_unlock;

	sock->ops = answer->ops;
	/* SOL_SOCKET options reach xinet_setsockopt() (SO_REUSEPORT). */
	xinet_sock_set_custom_sockopt(sock);
	answer_prot = answer->prot;
	answer_flags = answer->flags;
	rcu_read_unlock();

	err = -ENOMEM;
	sk = sk_alloc(net, xinet_family, GFP_KERNEL, answer_prot, kern);
	if (!sk)
		goto out;

	err = 0;
	if (answer_flags & XINET_PROTOSW_REUSE)
		sk->sk_reuse = SK_CAN_REUSE;

	xinet = xinet_sk(sk);
	if (sock->type == SOCK_RAW) {
		xinet->xinet_num = protocol;
		if (protocol == IPPROTO_RAW)
			xinet_set_bit(HDRINCL, sk);
	}
	atomic_set(&xinet->xinet_id, 0);

	sock_init_data(sock, sk);

	sk->sk_destruct = xinet_sock_destruct;
	sk->sk_protocol = protocol;
	sk->sk_backlog_rcv = sk->sk_prot->backlog_rcv;
	/* SO_TXREHASH's default: net.core.txrehash, as inet_create(). */
	sk->sk_txrehash = READ_ONCE(net->core.sysctl_txrehash);
	xinet->uc_ttl = -1;
	/* The IP-level defaults of inet_create(). */
	if (READ_ONCE(xinet_net(net)->sysctl_ip_no_pmtu_disc))
		xinet->pmtudisc = IP_PMTUDISC_DONT;
	else
		xinet->pmtudisc = IP_PMTUDISC_WANT;
	xinet->mc_ttl = 1;
	xinet_set_bit(MC_LOOP, sk);
	xinet_set_bit(MC_ALL, sk);

	if (xinet->xinet_num) {
		/*
		 * A protocol that lets the user pick the number at creation
		 * (raw sockets) is bound to it from the start.
		 */
		xinet->xinet_sport = htons(xinet->xinet_num);
		err = sk->sk_prot->hash(sk);
		if (err)
			goto out_sk_release;
	}

	if (sk->sk_prot->init) {
		err = sk->sk_prot->init(sk);
		if (err)
			goto out_sk_release;
	}
out:
	return err;
out_rcu_unlock:
	rcu_read_unlock();
	goto out;
out_sk_release:
	sk_common_release(sk);
	sock->sk = NULL;
	goto out;
}

/**
 * xinet_release - the close(2) of an AF_XINET socket (twin of inet_release)
 * @sock: the socket
 *
 * Lingers when SO_LINGER asks for it, unless the process is exiting.
 *
 * Return: 0
 */
int xinet_release(struct socket *sock)
{
	struct sock *sk = sock->sk;

	if (sk) {
		long timeout = 0;

		if (sock_flag(sk, SOCK_LINGER) &&
		    !(current->flags & PF_EXITING))
			timeout = sk->sk_lingertime;
		sk->sk_prot->close(sk, timeout);
		sock->sk = NULL;
	}
	return 0;
}
EXPORT_SYMBOL_GPL(xinet_release);

/*
 * Twin of __inet_bind(): the checks in AF_INET's order (family, address,
 * privileged port, double bind), then the transport's get_port.
 */
static int __xinet_bind(struct sock *sk, struct sockaddr *uaddr, int addr_len)
{
	struct sockaddr_xin *addr = (struct sockaddr_xin *)uaddr;
	struct xinet_sock *xinet = xinet_sk(sk);
	struct net *net = sock_net(sk);
	unsigned int chk_addr_ret;
	unsigned short snum;
	int err;

	if (addr->sxin_family != xinet_family) {
		/* Compatibility games, as AF_INET plays them. */
		if (addr->sxin_family != AF_UNSPEC ||
		    addr->sxin_addr != htonl(INADDR_ANY))
			return -EAFNOSUPPORT;
	}

	chk_addr_ret = xinet_addr_type(net, addr->sxin_addr);
	if (!xinet_test_bit(FREEBIND, sk) &&
	    addr->sxin_addr != htonl(INADDR_ANY) &&
	    chk_addr_ret != RTN_LOCAL && chk_addr_ret != RTN_MULTICAST &&
	    chk_addr_ret != RTN_BROADCAST)
		return -EADDRNOTAVAIL;

	snum = ntohs(addr->sxin_port);
	if (snum && snum < READ_ONCE(xinet_net(net)->sysctl_ip_prot_sock) &&
	    !ns_capable(net->user_ns, CAP_NET_BIND_SERVICE))
		return -EACCES;

	lock_sock(sk);
	/* An active socket, or a second bind. */
	err = -EINVAL;
	if (sk->sk_state != TCP_CLOSE || xinet->xinet_num)
		goto out_release_sock;

	xinet->xinet_rcv_saddr = addr->sxin_addr;
	xinet->xinet_saddr = addr->sxin_addr;
	/* Broadcast and multicast are not source addresses: use the device's. */
	if (chk_addr_ret == RTN_MULTICAST || chk_addr_ret == RTN_BROADCAST)
		xinet->xinet_saddr = 0;

	/* IP_BIND_ADDRESS_NO_PORT leaves port 0 to connect() or send. */
	if (snum || !xinet_test_bit(BIND_ADDRESS_NO_PORT, sk)) {
		err = sk->sk_prot->get_port ?
		      sk->sk_prot->get_port(sk, snum) : -EOPNOTSUPP;
		if (err) {
			xinet->xinet_saddr = 0;
			xinet->xinet_rcv_saddr = 0;
			goto out_release_sock;
		}
	}

	if (xinet->xinet_rcv_saddr)
		sk->sk_userlocks |= SOCK_BINDADDR_LOCK;
	if (snum)
		sk->sk_userlocks |= SOCK_BINDPORT_LOCK;
	xinet->xinet_sport = htons(xinet->xinet_num);
	xinet->xinet_daddr = 0;
	xinet->xinet_dport = 0;
	sk_dst_reset(sk);
	err = 0;
out_release_sock:
	release_sock(sk);
	return err;
}

/**
 * xinet_bind - bind(2) for AF_XINET sockets (twin of inet_bind)
 * @sock: the socket
 * @uaddr: a struct sockaddr_xin
 * @addr_len: its length
 *
 * Return: 0 or a negative errno as AF_INET gives it.
 */
int xinet_bind(struct socket *sock, struct sockaddr *uaddr, int addr_len)
{
	struct sock *sk = sock->sk;

	/* A transport with its own bind (raw sockets) decides alone. */
	if (sk->sk_prot->bind)
		return sk->sk_prot->bind(sk, uaddr, addr_len);
	if (addr_len < sizeof(struct sockaddr_xin))
		return -EINVAL;
	return __xinet_bind(sk, uaddr, addr_len);
}
EXPORT_SYMBOL_GPL(xinet_bind);

/**
 * xinet_autobind - bind an unbound socket to an ephemeral port (twin of
 *	inet_autobind)
 * @sk: the socket
 *
 * Return: 0, or -EAGAIN when no port is free.
 */
int xinet_autobind(struct sock *sk)
{
	struct xinet_sock *xinet = xinet_sk(sk);

	lock_sock(sk);
	if (!xinet->xinet_num) {
		if (!sk->sk_prot->get_port || sk->sk_prot->get_port(sk, 0)) {
			release_sock(sk);
			return -EAGAIN;
		}
		xinet->xinet_sport = htons(xinet->xinet_num);
	}
	release_sock(sk);
	return 0;
}
EXPORT_SYMBOL_GPL(xinet_autobind);

/**
 * xinet_dgram_connect - connect(2) for datagram sockets
 * @sock: the socket
 * @uaddr: a struct sockaddr_xin, or AF_UNSPEC to dissolve the association
 * @addr_len: its length
 * @flags: file flags (O_NONBLOCK)
 *
 * Return: 0 or a negative errno.
 */
int xinet_dgram_connect(struct socket *sock, struct sockaddr *uaddr,
			int addr_len, int flags)
{
	struct sock *sk = sock->sk;

	if (addr_len < sizeof(uaddr->sa_family))
		return -EINVAL;
	if (uaddr->sa_family == AF_UNSPEC)
		return sk->sk_prot->disconnect ?
		       sk->sk_prot->disconnect(sk, flags) : -EOPNOTSUPP;
	if (!sk->sk_prot->connect)
		return -EOPNOTSUPP;
	/* Unlocked peek: xinet_autobind() looks again under the lock. */
	if (data_race(!xinet_sk(sk)->xinet_num) && xinet_autobind(sk))
		return -EAGAIN;
	return sk->sk_prot->connect(sk, uaddr, addr_len);
}
EXPORT_SYMBOL_GPL(xinet_dgram_connect);

/*
 * Twin of inet_wait_for_connect(): sleep while the handshake runs.
 * Whoever sets sk_err must also move the socket out of SYN_SENT/SYN_RECV.
 */
static long xinet_wait_for_connect(struct sock *sk, long timeo,
				   int writebias)
{
	DEFINE_WAIT_FUNC(wait, woken_wake_function);

	add_wait_queue(sk_sleep(sk), &wait);
	/* A write waits too: the SYN-ACK's ACK may wait for its data. */
	sk->sk_write_pending += writebias;
	while ((1 << sk->sk_state) & (TCPF_SYN_SENT | TCPF_SYN_RECV)) {
		release_sock(sk);
		timeo = wait_woken(&wait, TASK_INTERRUPTIBLE, timeo);
		lock_sock(sk);
		if (signal_pending(current) || !timeo)
			break;
	}
	remove_wait_queue(sk_sleep(sk), &wait);
	sk->sk_write_pending -= writebias;
	return timeo;
}

/**
 * __xinet_stream_connect - connect(2) for stream sockets, socket locked
 *	(twin of __inet_stream_connect)
 * @sock: the socket
 * @uaddr: a struct sockaddr_xin, or AF_UNSPEC to disconnect
 * @addr_len: its length
 * @flags: file flags (O_NONBLOCK)
 * @is_sendmsg: called by sendmsg() for Fast Open
 *
 * With TCP_FASTOPEN_CONNECT and a cached cookie, connect() returns 0
 * before any SYN (the first write sends it); a second connect() then
 * says -EISCONN, a Fast Open sendmsg() -EINPROGRESS, as Linux's.
 *
 * Return: 0 when connected; -EINPROGRESS (non-blocking, just started),
 * -EALREADY (still connecting), -EISCONN, the connection's error
 * (ECONNREFUSED, ETIMEDOUT, ...) when it failed, -ERESTARTSYS or -EINTR
 * when a signal interrupted the wait, -EPIPE when another thread
 * disconnected the socket meanwhile, or another negative errno.
 */
int __xinet_stream_connect(struct socket *sock, struct sockaddr *uaddr,
			   int addr_len, int flags, int is_sendmsg)
{
	struct sock *sk = sock->sk;
	long timeo;
	int err;

	/* No address: a write after TCP_FASTOPEN_CONNECT. */
	if (uaddr) {
		if (addr_len < sizeof(uaddr->sa_family))
			return -EINVAL;
		if (uaddr->sa_family == AF_UNSPEC) {
			/* Who sleeps on the old connection must not wake on a new one. */
			xinet_sk_disconnects(sk)++;
			err = sk->sk_prot->disconnect(sk, flags);
			sock->state = err ? SS_DISCONNECTING : SS_UNCONNECTED;
			return err;
		}
	}

	switch (sock->state) {
	default:
		return -EINVAL;
	case SS_CONNECTED:
		return -EISCONN;
	case SS_CONNECTING:
		if (sk->sk_protocol == IPPROTO_TCP && xtcp_sk(sk)->defer_connect)
			err = is_sendmsg ? -EINPROGRESS : -EISCONN;
		else
			err = -EALREADY;
		break;
	case SS_UNCONNECTED:
		if (sk->sk_state != TCP_CLOSE)
			return -EISCONN;
		err = sk->sk_prot->connect(sk, uaddr, addr_len);
		if (err < 0)
			return err;
		sock->state = SS_CONNECTING;
		if (!err && sk->sk_protocol == IPPROTO_TCP &&
		    xtcp_sk(sk)->defer_connect)
			return 0;
		/* Just started: EINPROGRESS rather than EALREADY. */
		err = -EINPROGRESS;
		break;
	}

	timeo = sock_sndtimeo(sk, flags & O_NONBLOCK);
	if ((1 << sk->sk_state) & (TCPF_SYN_SENT | TCPF_SYN_RECV)) {
		int dis = xinet_sk_disconnects(sk);
		int writebias = sk->sk_protocol == IPPROTO_TCP &&
				xtcp_sk(sk)->fastopen_req &&
				xtcp_sk(sk)->fastopen_req->data ? 1 : 0;

		if (!timeo || !xinet_wait_for_connect(sk, timeo, writebias))
			return err;
		err = sock_intr_errno(timeo);
		if (signal_pending(current))
			return err;
		if (dis != xinet_sk_disconnects(sk))
			return -EPIPE;
	}

	/* Closed by a RST, a timeout, an ICMP error or a disconnect. */
	if (sk->sk_state == TCP_CLOSE)
		goto sock_error;

	/*
	 * sk_err may be set already, if it came after the connection was
	 * established: connect() succeeds and the next call reports it.
	 */
	sock->state = SS_CONNECTED;
	return 0;

sock_error:
	err = sock_error(sk) ? : -ECONNABORTED;
	sock->state = SS_UNCONNECTED;
	xinet_sk_disconnects(sk)++;
	if (sk->sk_prot->disconnect(sk, flags))
		sock->state = SS_DISCONNECTING;
	return err;
}
EXPORT_SYMBOL_GPL(__xinet_stream_connect);

/**
 * xinet_stream_connect - connect(2) for stream sockets (twin of
 *	inet_stream_connect)
 * @sock: the socket
 * @uaddr: a struct sockaddr_xin
 * @addr_len: its length
 * @flags: file flags (O_NONBLOCK)
 *
 * Return: see __xinet_stream_connect().
 */
int xinet_stream_connect(struct socket *sock, struct sockaddr *uaddr,
			 int addr_len, int flags)
{
	int err;

	lock_sock(sock->sk);
	err = __xinet_stream_connect(sock, uaddr, addr_len, flags, 0);
	release_sock(sock->sk);
	return err;
}
EXPORT_SYMBOL_GPL(xinet_stream_connect);

/**
 * xinet_accept - accept(2) for stream sockets (twin of inet_accept)
 * @sock: the listening socket
 * @newsock: the socket to graft the accepted connection on
 * @arg: accept4(2) flags in, error out
 *
 * Return: 0 or a negative errno.
 */
int xinet_accept(struct socket *sock, struct socket *newsock,
		 struct proto_accept_arg *arg)
{
	struct sock *sk1 = sock->sk, *sk2;

	if (sk1->sk_prot != &xtcp_prot)
		return -EOPNOTSUPP;
	arg->err = -EINVAL;
	sk2 = xinet_csk_accept(sk1, arg);
	if (!sk2)
		return arg->err;

	lock_sock(sk2);
	WARN_ON_ONCE(!((1 << sk2->sk_state) &
		       (TCPF_ESTABLISHED | TCPF_SYN_RECV | TCPF_CLOSE_WAIT |
			TCPF_CLOSE)));
	sock_graft(sk2, newsock);
	newsock->state = SS_CONNECTED;
	release_sock(sk2);
	return 0;
}
EXPORT_SYMBOL_GPL(xinet_accept);
XINET_DEFINE_ACCEPT_ADAPTER(xinet_accept);

/**
 * xinet_getname - getsockname(2) and getpeername(2) (twin of inet_getname)
 * @sock: the socket
 * @uaddr: where to write a struct sockaddr_xin
 * @peer: 0 for the local name, 1 for the peer's, 2 for the peer's even
 *	while the connection is not yet established
 *
 * Return: the address length, or -ENOTCONN for a peer that is not there.
 */
int xinet_getname(struct socket *sock, struct sockaddr *uaddr, int peer)
{
	struct sock *sk = sock->sk;
	struct xinet_sock *xinet = xinet_sk(sk);
	DECLARE_SOCKADDR(struct sockaddr_xin *, sin, uaddr);

	sin->sxin_family = xinet_family;
	lock_sock(sk);
	if (peer) {
		if (!xinet->xinet_dport ||
		    (((1 << sk->sk_state) & (TCPF_CLOSE | TCPF_SYN_SENT)) &&
		     peer == 1)) {
			release_sock(sk);
			return -ENOTCONN;
		}
		sin->sxin_port = xinet->xinet_dport;
		sin->sxin_addr = xinet->xinet_daddr;
	} else {
		__be32 addr = xinet->xinet_rcv_saddr;

		if (!addr)
			addr = xinet->xinet_saddr;
		sin->sxin_port = xinet->xinet_sport;
		sin->sxin_addr = addr;
	}
	release_sock(sk);
	memset(sin->__pad, 0, sizeof(sin->__pad));
	return sizeof(*sin);
}
EXPORT_SYMBOL_GPL(xinet_getname);

/*
 * SO_TIMESTAMPING on a TCP socket, as sock_set_timestamping() treats
 * AF_INET's (its sk_is_tcp() knows only AF_INET and AF_INET6): keys
 * (OPT_ID) need a connection, and count from its sequence numbers
 * rather than from 0.  The core does the rest, under its own lock.
 */
static int xinet_tcp_set_timestamping(struct socket *sock, int optname,
				      sockptr_t optval, unsigned int optlen)
{
	struct sock *sk = sock->sk;
	struct xtcp_sock *tp = xtcp_sk(sk);
	bool new_id;
	int val, err;

	if (optlen < sizeof(int))
		return -EINVAL;
	/* The flags come first in both forms, int and so_timestamping. */
	if (copy_from_sockptr(&val, optval, sizeof(val)))
		return -EFAULT;

	lock_sock(sk);
	new_id = (val & SOF_TIMESTAMPING_OPT_ID) &&
		 !(sk->sk_tsflags & SOF_TIMESTAMPING_OPT_ID);
	err = new_id && ((1 << sk->sk_state) & (TCPF_CLOSE | TCPF_LISTEN)) ?
	      -EINVAL : 0;
	release_sock(sk);
	if (err)
		return err;

	err = sock_setsockopt(sock, SOL_SOCKET, optname, optval, optlen);
	if (err || !new_id)
		return err;
	lock_sock(sk);
	atomic_set(&sk->sk_tskey, xinet_tsflags_opt_id_tcp(val) ?
				  tp->write_seq : tp->snd_una);
	release_sock(sk);
	return 0;
}

/*
 * SO_ZEROCOPY as sock_setsockopt() takes it for AF_INET: TCP and UDP
 * only, and only 0 or 1.
 */
static int xinet_set_zerocopy(struct sock *sk, int val)
{
	if (sk->sk_prot != &xtcp_prot && sk->sk_prot != &xudp_prot)
		return -EOPNOTSUPP;
	if (val < 0 || val > 1)
		return -EINVAL;
	lock_sock(sk);
	if (val)
		sock_set_flag(sk, SOCK_ZEROCOPY);
	else
		sock_reset_flag(sk, SOCK_ZEROCOPY);
	release_sock(sk);
	return 0;
}

/**
 * xinet_setsockopt - setsockopt(2) of AF_XINET sockets
 * @sock: the socket
 * @level: SOL_SOCKET or a protocol level
 * @optname: the option
 * @optval: its value
 * @optlen: its length
 *
 * AF_XINET sockets carry SOCK_CUSTOM_SOCKOPT so that SOL_SOCKET comes
 * here, for the options where the core tells AF_INET from other
 * families: SO_REUSEPORT and SO_ZEROCOPY, which it refuses to families
 * other than AF_INET and AF_INET6 (and RDS), and SO_TIMESTAMPING's keys
 * on TCP sockets.  Every other SOL_SOCKET option goes to the core
 * unchanged.
 *
 * Return: 0 or a negative errno.
 */
int xinet_setsockopt(struct socket *sock, int level, int optname,
		     sockptr_t optval, unsigned int optlen)
{
	struct sock *sk = sock->sk;
	int val;

	if (level != SOL_SOCKET)
		return sock_common_setsockopt(sock, level, optname, optval,
					      optlen);
	if ((optname == SO_TIMESTAMPING_OLD ||
	     optname == SO_TIMESTAMPING_NEW) && sk->sk_prot == &xtcp_prot)
		return xinet_tcp_set_timestamping(sock, optname, optval,
						  optlen);
	if (optname != SO_REUSEPORT && optname != SO_ZEROCOPY)
		return sock_setsockopt(sock, level, optname, optval, optlen);

	if (optlen < sizeof(int))
		return -EINVAL;
	if (copy_from_sockptr(&val, optval, sizeof(val)))
		return -EFAULT;
	if (optname == SO_ZEROCOPY)
		return xinet_set_zerocopy(sk, val);
	lock_sock(sk);
	sk->sk_reuseport = !!val;
	release_sock(sk);
	return 0;
}
EXPORT_SYMBOL_GPL(xinet_setsockopt);

/**
 * xinet_ioctl - ioctl(2) on AF_XINET sockets
 * @sock: the socket
 * @cmd: the request
 * @arg: its argument
 *
 * Return: the result, or -ENOIOCTLCMD so that the socket layer answers
 * the device requests (SIOCGIF*) and -ENOTTY the rest, as for AF_INET.
 */
int xinet_ioctl(struct socket *sock, unsigned int cmd, unsigned long arg)
{
	struct sock *sk = sock->sk;
	int karg, err;

	/* Queue sizes; the int-valued form proto::ioctl took in 6.5. */
	if (sk->sk_prot == &xtcp_prot)
		err = xtcp_ioctl(sk, cmd, &karg);
	else if (sk->sk_prot == &xudp_prot)
		err = xudp_ioctl(sk, cmd, &karg);
	else if (sk->sk_prot == &xraw_prot)
		err = xraw_ioctl(sk, cmd, &karg);
	else
		return -ENOIOCTLCMD;
	if (err)
		return err;
	return put_user(karg, (int __user *)arg);
}
EXPORT_SYMBOL_GPL(xinet_ioctl);

/**
 * xinet_listen - listen(2) for stream sockets (twin of inet_listen)
 * @sock: the socket
 * @backlog: the accept-queue length asked for, clamped by
 *	net.xinet.somaxconn
 *
 * An unbound socket gets an ephemeral port; a listener only changes its
 * backlog.
 *
 * Return: 0, -EINVAL (not a stream socket, connected), -EADDRINUSE.
 */
int xinet_listen(struct socket *sock, int backlog)
{
	struct sock *sk = sock->sk;
	int somaxconn, err = -EINVAL;
	unsigned char old_state;

	lock_sock(sk);
	if (sock->state != SS_UNCONNECTED || sock->type != SOCK_STREAM)
		goto out;
	old_state = sk->sk_state;
	if (!((1 << old_state) & (TCPF_CLOSE | TCPF_LISTEN)))
		goto out;

	/* As __sys_listen() clamps with net.core.somaxconn. */
	somaxconn = READ_ONCE(xinet_net(sock_net(sk))->sysctl_somaxconn);
	if ((unsigned int)backlog > somaxconn)
		backlog = somaxconn;
	WRITE_ONCE(sk->sk_max_ack_backlog, backlog);
	/* Listening already: only the backlog changes. */
	err = 0;
	if (old_state != TCP_LISTEN) {
		int tfo = READ_ONCE(xinet_net(sock_net(sk))->sysctl_tcp_fastopen);

		/* Fast Open on every listener, without TCP_FASTOPEN. */
		if ((tfo & XTFO_SERVER_WO_SOCKOPT1) &&
		    (tfo & XTFO_SERVER_ENABLE) &&
		    !xinet_csk(sk)->icsk_accept_queue.fastopen_max_qlen)
			xtcp_fastopen_set_listen(sk, backlog);
		err = xinet_csk_listen_start(sk);
	}
out:
	release_sock(sk);
	return err;
}
EXPORT_SYMBOL_GPL(xinet_listen);

/**
 * xinet_shutdown - shutdown(2) (twin of inet_shutdown)
 * @sock: the socket
 * @how: SHUT_RD, SHUT_WR or SHUT_RDWR
 *
 * Return: 0, -EINVAL for a bad @how, -ENOTCONN when not connected.
 */
int xinet_shutdown(struct socket *sock, int how)
{
	struct sock *sk = sock->sk;
	int err = 0;

	/* Map SHUT_RD/WR/RDWR (0, 1, 2) to RCV/SEND_SHUTDOWN bits (1, 2, 3). */
	how++;
	if ((how & ~SHUTDOWN_MASK) || !how)
		return -EINVAL;

	lock_sock(sk);
	if (sock->state == SS_CONNECTING) {
		if ((1 << sk->sk_state) &
		    (TCPF_SYN_SENT | TCPF_SYN_RECV | TCPF_CLOSE))
			sock->state = SS_DISCONNECTING;
		else
			sock->state = SS_CONNECTED;
	}

	switch (sk->sk_state) {
	case TCP_CLOSE:
		err = -ENOTCONN;
		/* A datagram socket is shut down all the same. */
		fallthrough;
	default:
		WRITE_ONCE(sk->sk_shutdown, sk->sk_shutdown | how);
		if (sk->sk_prot->shutdown)
			sk->sk_prot->shutdown(sk, how);
		break;
	case TCP_LISTEN:
		if (!(how & RCV_SHUTDOWN))
			break;
		fallthrough;
	case TCP_SYN_SENT:
		err = sk->sk_prot->disconnect ?
		      sk->sk_prot->disconnect(sk, O_NONBLOCK) : -EOPNOTSUPP;
		sock->state = err ? SS_DISCONNECTING : SS_UNCONNECTED;
		break;
	}

	/* Wake up whoever sleeps in poll. */
	sk->sk_state_change(sk);
	release_sock(sk);
	return err;
}
EXPORT_SYMBOL_GPL(xinet_shutdown);

/**
 * xinet_sendmsg - sendmsg(2) and friends (twin of inet_sendmsg)
 * @sock: the socket
 * @msg: the message
 * @size: its length
 *
 * Return: bytes sent or a negative errno.
 */
int xinet_sendmsg(struct socket *sock, struct msghdr *msg, size_t size)
{
	struct sock *sk = sock->sk;

	if (!sk->sk_prot->sendmsg)
		return -EOPNOTSUPP;
	/*
	 * As inet_send_prepare(): a socket sending unbound gets a port.
	 * Unlocked peek: xinet_autobind() looks again under the lock.
	 */
	if (data_race(!xinet_sk(sk)->xinet_num) && !sk->sk_prot->no_autobind &&
	    xinet_autobind(sk))
		return -EAGAIN;
	return sk->sk_prot->sendmsg(sk, msg, size);
}
EXPORT_SYMBOL_GPL(xinet_sendmsg);

/**
 * xinet_splice_eof - a sendfile or splice into the socket ran out of
 *	input (twin of inet_splice_eof)
 * @sock: the socket
 */
void xinet_splice_eof(struct socket *sock)
{
	struct sock *sk = sock->sk;
	void (*splice_eof)(struct socket *sock);

	/* As xinet_sendmsg(): xinet_autobind() looks again under the lock. */
	if (data_race(!xinet_sk(sk)->xinet_num) && !sk->sk_prot->no_autobind &&
	    xinet_autobind(sk))
		return;
	splice_eof = xinet_prot_splice_eof(READ_ONCE(sk->sk_prot));
	if (splice_eof)
		splice_eof(sock);
}
EXPORT_SYMBOL_GPL(xinet_splice_eof);

/**
 * xinet_recvmsg - recvmsg(2) and friends (twin of inet_recvmsg)
 * @sock: the socket
 * @msg: where to put the data and the source address
 * @size: room in @msg
 * @flags: MSG_* flags
 *
 * Return: bytes received or a negative errno.
 */
int xinet_recvmsg(struct socket *sock, struct msghdr *msg, size_t size,
		  int flags)
{
	struct sock *sk = sock->sk;
	int addr_len = 0;
	int err;

	if (!sk->sk_prot->recvmsg)
		return -EOPNOTSUPP;
	err = sk->sk_prot->recvmsg(sk, msg, size, flags, &addr_len);
	if (err >= 0)
		msg->msg_namelen = addr_len;
	return err;
}
EXPORT_SYMBOL_GPL(xinet_recvmsg);

/*
 * The socket-layer operation tables.  Their .family is the registered
 * family number, known only at module load, hence __ro_after_init rather
 * than const.
 */
struct proto_ops xinet_stream_ops __ro_after_init = {
	.owner		= THIS_MODULE,
	.release	= xinet_release,
	.bind		= xinet_bind,
	.connect	= xinet_stream_connect,
	.socketpair	= sock_no_socketpair,
	.accept		= XINET_ACCEPT_OP(xinet_accept),
	.getname	= xinet_getname,
	.poll		= xtcp_poll,
	.ioctl		= xinet_ioctl,
	.listen		= xinet_listen,
	.shutdown	= xinet_shutdown,
	.setsockopt	= xinet_setsockopt,
	.getsockopt	= sock_common_getsockopt,
	.sendmsg	= xinet_sendmsg,
	.recvmsg	= xinet_recvmsg,
#ifdef CONFIG_MMU
	.mmap		= xtcp_mmap,
#else
	.mmap		= sock_no_mmap,
#endif
	.read_sock	= xtcp_read_sock,
	.splice_read	= xtcp_splice_read,
	XINET_SPLICE_EOF_OP(xinet_splice_eof)
	.set_peek_off	= sk_set_peek_off,
	.set_rcvlowat	= xtcp_set_rcvlowat,
};
EXPORT_SYMBOL_GPL(xinet_stream_ops);

struct proto_ops xinet_dgram_ops __ro_after_init = {
	.owner		= THIS_MODULE,
	.release	= xinet_release,
	.bind		= xinet_bind,
	.connect	= xinet_dgram_connect,
	.socketpair	= sock_no_socketpair,
	.accept		= sock_no_accept,
	.getname	= xinet_getname,
	.poll		= xudp_poll,
	.ioctl		= xinet_ioctl,
	.listen		= sock_no_listen,
	.shutdown	= xinet_shutdown,
	.setsockopt	= xinet_setsockopt,
	.getsockopt	= sock_common_getsockopt,
	.sendmsg	= xinet_sendmsg,
	.recvmsg	= xinet_recvmsg,
	.mmap		= sock_no_mmap,
	.set_peek_off	= sk_set_peek_off,
};
EXPORT_SYMBOL_GPL(xinet_dgram_ops);

/* Raw sockets: datagram operations, kept apart as inet_sockraw_ops is. */
struct proto_ops xinet_sockraw_ops __ro_after_init = {
	.owner		= THIS_MODULE,
	.release	= xinet_release,
	.bind		= xinet_bind,
	.connect	= xinet_dgram_connect,
	.socketpair	= sock_no_socketpair,
	.accept		= sock_no_accept,
	.getname	= xinet_getname,
	.poll		= datagram_poll,
	.ioctl		= xinet_ioctl,
	.listen		= sock_no_listen,
	.shutdown	= xinet_shutdown,
	.setsockopt	= xinet_setsockopt,
	.getsockopt	= sock_common_getsockopt,
	.sendmsg	= xinet_sendmsg,
	.recvmsg	= xinet_recvmsg,
	.mmap		= sock_no_mmap,
};
EXPORT_SYMBOL_GPL(xinet_sockraw_ops);

static struct net_proto_family xinet_family_ops __ro_after_init = {
	.create	= xinet_create,
	.owner	= THIS_MODULE,
};

/* Upon startup these entries are inserted into xinetsw (inetsw_array). */
static struct xinet_protosw xinetsw_array[] = {
	{
		.type		= SOCK_STREAM,
		.protocol	= IPPROTO_TCP,
		.prot		= &xtcp_prot,
		.ops		= &xinet_stream_ops,
		.flags		= XINET_PROTOSW_PERMANENT | XINET_PROTOSW_ICSK,
	},
	{
		.type		= SOCK_DGRAM,
		.protocol	= IPPROTO_UDP,
		.prot		= &xudp_prot,
		.ops		= &xinet_dgram_ops,
		.flags		= XINET_PROTOSW_PERMANENT,
	},
	{
		.type		= SOCK_DGRAM,
		.protocol	= IPPROTO_ICMP,
		.prot		= &xping_prot,
		.ops		= &xinet_dgram_ops,
		.flags		= XINET_PROTOSW_REUSE,
	},
	{
		.type		= SOCK_RAW,
		.protocol	= IPPROTO_IP,	/* wildcard */
		.prot		= &xraw_prot,
		.ops		= &xinet_sockraw_ops,
		.flags		= XINET_PROTOSW_REUSE,
	},
};

static struct proto *const xinet_transports[] = {
	&xtcp_prot, &xudp_prot, &xraw_prot, &xping_prot,
};

unsigned int xinet_net_id __read_mostly;

/**
 * xinet_mib_init - allocate a namespace's counters
 * @mib: the counters
 *
 * Return: 0 or -ENOMEM (nothing left allocated).
 */
int xinet_mib_init(struct xinet_mib *mib)
{
	mib->ip_statistics = alloc_percpu(struct ipstats_mib);
	mib->icmp_statistics = alloc_percpu(struct icmp_mib);
	mib->icmpmsg_statistics = kzalloc(sizeof(*mib->icmpmsg_statistics),
					  GFP_KERNEL);
	mib->udp_statistics = alloc_percpu(struct udp_mib);
	mib->tcp_statistics = alloc_percpu(struct tcp_mib);
	mib->net_statistics = alloc_percpu(struct linux_mib);
	if (!mib->ip_statistics || !mib->icmp_statistics ||
	    !mib->icmpmsg_statistics || !mib->udp_statistics ||
	    !mib->tcp_statistics || !mib->net_statistics) {
		xinet_mib_free(mib);
		return -ENOMEM;
	}
	return 0;
}

/**
 * xinet_mib_free - free what xinet_mib_init() allocated
 * @mib: the counters; any member may be NULL
 */
void xinet_mib_free(struct xinet_mib *mib)
{
	free_percpu(mib->ip_statistics);
	free_percpu(mib->icmp_statistics);
	kfree(mib->icmpmsg_statistics);
	free_percpu(mib->udp_statistics);
	free_percpu(mib->tcp_statistics);
	free_percpu(mib->net_statistics);
	memset(mib, 0, sizeof(*mib));
}

/*
 * A namespace's AF_XINET: counters, defaults (as inet_init_net() sets
 * AF_INET's), /proc/net/xinet, net.xinet, the routing table, the UDP
 * table; the loopback xnet device with 127.0.0.1/8, which needs all the
 * rest, comes later (xinet_dev_net_ops).
 */
static __net_init int xinet_init_net(struct net *net)
{
	struct xinet_net *xn = xinet_net(net);
	int err;

	xn->net = net;
	err = xinet_mib_init(&xn->mib);
	if (err)
		return err;

	/* Nobody may create ping sockets until the administrator says so. */
	seqlock_init(&xn->ping_group_range_lock);
	xn->ping_group_range[0] = make_kgid(&init_user_ns, 1);
	xn->ping_group_range[1] = make_kgid(&init_user_ns, 0);
	xn->sysctl_ip_default_ttl = IPDEFTTL;
	xn->ip_local_ports_range = 60999u << 16 | 32768u;
	xn->sysctl_ip_prot_sock = PROT_SOCK;
	xn->sysctl_icmp_ratelimit = 1 * HZ;
	xn->sysctl_icmp_ratemask = 0x1818;
	xn->sysctl_ip_rt_min_pmtu = XINET_DEFAULT_MIN_PMTU;
	xn->sysctl_ip_rt_mtu_expires = XINET_DEFAULT_MTU_EXPIRES;
	xtcp_init_net(net);
	xip_frag_init_net(net);

	err = xinet_proc_init_net(net);
	if (err)
		goto out_mib;
	err = xinet_sysctl_register(net);
	if (err)
		goto out_proc;
	err = xfib_net_init(net);
	if (err)
		goto out_sysctl;
	err = xudp_net_init(net);
	if (err)
		goto out_fib;
	err = xraw_net_init(net);
	if (err)
		goto out_udp;
	err = xping_net_init(net);
	if (err)
		goto out_raw;
	err = xtcp_v4_net_init(net);
	if (err)
		goto out_ping;
	return 0;

out_ping:
	xping_net_exit(net);
out_raw:
	xraw_net_exit(net);
out_udp:
	xudp_net_exit(net);
out_fib:
	xfib_net_exit(net);
out_sysctl:
	xinet_sysctl_unregister(net);
out_proc:
	xinet_proc_exit_net(net);
out_mib:
	xip_frag_exit_net(net);
	xinet_mib_free(&xn->mib);
	return err;
}

static __net_exit void xinet_exit_net(struct net *net)
{
	/* First: an expiring queue may still send ICMP on the routes. */
	xip_frag_exit_net(net);
	xtcp_v4_net_exit(net);
	xping_net_exit(net);
	xraw_net_exit(net);
	xudp_net_exit(net);
	xfib_net_exit(net);
	xinet_sysctl_unregister(net);
	xinet_proc_exit_net(net);
	xinet_mib_free(&xinet_net(net)->mib);
}

static struct pernet_operations xinet_net_ops = {
	.init	= xinet_init_net,
	.exit	= xinet_exit_net,
	.id	= &xinet_net_id,
	.size	= sizeof(struct xinet_net),
};

/*
 * The loopback xnet device is a pernet *device* operation: devices of a
 * new namespace may only come after its "lo", which must get ifindex 1
 * (loopback_net_init() insists), and pernet device operations run after
 * every pernet subsystem, ours (which the device needs) included.
 */
static __net_init int xinet_init_dev_net(struct net *net)
{
	int err;

	err = xnet_net_init(net);
	if (err)
		return err;
	/*
	 * The address layer gives "xlo" 127.0.0.1/8, as inetdev_event() gives
	 * "lo" its own: the device knows nothing of addresses.
	 */
	rtnl_lock();
	err = xinet_ifa_add(xinet_net(net)->loopback_dev,
			    htonl(INADDR_LOOPBACK), 8, NULL);
	rtnl_unlock();
	if (err)
		xnet_net_exit(net);
	return err;
}

static __net_exit void xinet_exit_dev_net(struct net *net)
{
	xnet_net_exit(net);
}

static struct pernet_operations xinet_dev_net_ops = {
	.init	= xinet_init_dev_net,
	.exit	= xinet_exit_dev_net,
};

static int __init xinet_check_family(void)
{
	if (xinet_family <= AF_UNSPEC || xinet_family >= AF_MAX ||
	    xinet_family == AF_INET || xinet_family == AF_INET6) {
		pr_err("family=%d is not a usable address family (1..%d, not AF_INET/AF_INET6)\n",
		       xinet_family, AF_MAX - 1);
		return -EINVAL;
	}
	return 0;
}

/*
 * xinet_init - twin of inet_init.  The transports are registered first
 * and the family last, so that no socket can be created before all that
 * it needs is in place; xinet_exit() closes the front door first.
 */
static int __init xinet_init(void)
{
	struct xinet_protosw *q;
	int i, type, rc;

	rc = xinet_check_family();
	if (rc)
		return rc;
	xskb_defer_init();

	for (i = 0; i < ARRAY_SIZE(xinet_transports); i++) {
		rc = proto_register(xinet_transports[i], 1);
		if (rc)
			goto out_unregister_protos;
	}

	/* Devices and addresses, then the transports' receive hooks. */
	rc = xdevinet_init();
	if (rc)
		goto out_unregister_protos;
	rc = xnet_init();
	if (rc)
		goto out_devinet;
	rc = xicmp_init();
	if (rc)
		goto out_xnet;
	rc = xudp_init();
	if (rc)
		goto out_icmp;
	rc = xtcp_init();
	if (rc)
		goto out_udp;
	rc = xip_init();
	if (rc)
		goto out_tcp;

	rc = register_pernet_subsys(&xinet_net_ops);
	if (rc)
		goto out_ip;
	rc = register_pernet_device(&xinet_dev_net_ops);
	if (rc)
		goto out_pernet;
	rc = xinet_netlink_init();
	if (rc)
		goto out_pernet_dev;

	for (type = 0; type < SOCK_MAX; type++)
		INIT_LIST_HEAD(&xinetsw[type]);
	for (q = xinetsw_array; q < &xinetsw_array[ARRAY_SIZE(xinetsw_array)]; q++) {
		rc = xinet_register_protosw(q);
		if (rc)
			goto out_unregister_protosw;
	}

	xinet_stream_ops.family = xinet_family;
	xinet_dgram_ops.family = xinet_family;
	xinet_sockraw_ops.family = xinet_family;
	xinet_family_ops.family = xinet_family;
	rc = sock_register(&xinet_family_ops);
	if (rc) {
		if (rc == -EEXIST)
			pr_err("address family %d is already registered by another protocol; load xinet with family=N for a free N (13, 18, 22 and 25 are free in-tree)\n",
			       xinet_family);
		goto out_unregister_protosw;
	}

	/* sock_diag (ss) for the family: its number is known by now. */
	rc = xinet_diag_init();
	if (rc) {
		pr_err("sock_diag has a handler for family %d already\n",
		       xinet_family);
		goto out_sock_unregister;
	}

	pr_info("AF_XINET registered as address family %d\n", xinet_family);
	return 0;

out_sock_unregister:
	sock_unregister(xinet_family);
out_unregister_protosw:
	while (--q >= xinetsw_array)
		__xinet_unregister_protosw(q);
	xinet_netlink_exit();
out_pernet_dev:
	unregister_pernet_device(&xinet_dev_net_ops);
out_pernet:
	unregister_pernet_subsys(&xinet_net_ops);
out_ip:
	xip_exit();
out_tcp:
	xtcp_exit();
out_udp:
	xudp_exit();
out_icmp:
	xicmp_exit();
out_xnet:
	xnet_exit();
out_devinet:
	xdevinet_exit();
out_unregister_protos:
	while (--i >= 0)
		proto_unregister(xinet_transports[i]);
	return rc;
}

static void __exit xinet_exit(void)
{
	struct xinet_protosw *q;
	int i;

	/*
	 * Every socket holds a reference on this module (proto_ops.owner),
	 * so none is left when we get here; closing the family first stops
	 * new ones from racing with the teardown.
	 */
	xinet_diag_exit();
	sock_unregister(xinet_family);
	for (q = xinetsw_array; q < &xinetsw_array[ARRAY_SIZE(xinetsw_array)]; q++)
		__xinet_unregister_protosw(q);
	xinet_netlink_exit();
	unregister_pernet_device(&xinet_dev_net_ops);
	unregister_pernet_subsys(&xinet_net_ops);
	xip_exit();
	xtcp_exit();
	xudp_exit();
	xicmp_exit();
	xnet_exit();
	xdevinet_exit();
	xskb_defer_exit();
	for (i = ARRAY_SIZE(xinet_transports) - 1; i >= 0; i--)
		proto_unregister(xinet_transports[i]);
	pr_info("AF_XINET unregistered\n");
}

module_init(xinet_init);
module_exit(xinet_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("AF_XINET: the INET socket layer re-implemented as a module");
MODULE_AUTHOR("The xinet developers");
