// SPDX-License-Identifier: GPL-2.0
/*
 * xinet: ICMP echo ("ping") sockets, twin of net/ipv4/ping.c.
 *
 * Unprivileged ping sockets are allowed only for the groups in
 * net.xinet.ping_group_range, as net.ipv4.ping_group_range governs them
 * for AF_INET; the check uses the creator's credentials, even for
 * kernel sockets, exactly as ping_init_sock() does.
 *
 * bind() takes an ICMP echo identifier where other sockets take a port,
 * from a table shared by the namespaces as ping_table is; no privileged
 * range applies to identifiers, as none does in Linux.
 *
 * Send: the user writes an ICMP echo request header and data; the
 * kernel puts the socket's identifier in it and computes the checksum
 * (ping_v4_sendmsg).  Receive: xicmp_rcv() hands echo replies to
 * xping_rcv(), which finds the socket by identifier (ping_lookup) and
 * queues a copy with the ICMP header; ICMP errors quoting one of our
 * requests reach the socket through xping_err() (ping_err), as sk_err
 * and, with IP_RECVERR, on the error queue.
 */

#include <linux/icmp.h>
#include <linux/in.h>
#include <linux/module.h>
#include <linux/cred.h>
#include <linux/proc_fs.h>
#include <linux/rtnetlink.h>
#include <linux/seq_file.h>
#include <linux/uio.h>
#include <linux/spinlock.h>
#include <net/netns/hash.h>
#include <net/checksum.h>
#include <net/icmp.h>
#include <net/ip.h>
#include <net/sock.h>
#include <net/tcp_states.h>
#include <linux/xinet.h>
#include <net/xinet/af_xinet.h>
#include <net/xinet/netns.h>
#include <net/xinet/protocol.h>
#include <net/xinet/xdevinet.h>
#include <net/xinet/xinet_sock.h>
#include <net/xinet/xip.h>
#include <net/xinet/xping.h>
#include <net/xinet/xroute.h>
#include <net/xinet/xsnmp.h>
#include <net/xinet/xudp.h>

/* Twin of ping_init_sock(). */
static int xping_init_sock(struct sock *sk)
{
	kgid_t group = current_egid();
	struct group_info *group_info;
	kgid_t low, high;
	int ret = 0;
	int i;

	xinet_get_ping_group_range(sock_net(sk), &low, &high);
	if (gid_lte(low, group) && gid_lte(group, high))
		return 0;

	group_info = get_current_groups();
	for (i = 0; i < group_info->ngroups; i++) {
		kgid_t gid = group_info->gid[i];

		if (gid_lte(low, gid) && gid_lte(gid, high))
			goto out_release_group;
	}
	ret = -EACCES;

out_release_group:
	put_group_info(group_info);
	return ret;
}

static void xping_close(struct sock *sk, long timeout)
{
	sk_common_release(sk);
}

/* Bound ping sockets by identifier (twin of ping_table). */
struct xping_table xping_table = {
	.lock = __SPIN_LOCK_UNLOCKED(xping_table.lock),
};

static struct hlist_head *xping_hashslot(const struct net *net,
					 unsigned int ident)
{
	return &xping_table.hash[(ident + net_hash_mix(net)) &
				 (XPING_HTABLE_SIZE - 1)];
}

/* Is @ident taken in @net (by another than @sk, unless both reuse)? */
static bool xping_ident_taken(struct sock *sk, struct net *net, u16 ident,
			      bool any_owner)
{
	struct sock *sk2;

	sk_for_each(sk2, xping_hashslot(net, ident)) {
		if (!net_eq(sock_net(sk2), net) ||
		    xinet_sk(sk2)->xinet_num != ident)
			continue;
		if (any_owner ||
		    (sk2 != sk && (!sk2->sk_reuse || !sk->sk_reuse)))
			return true;
	}
	return false;
}

/*
 * Twin of ping_get_port(): @ident, or the next free one after the rover
 * when 0; the socket enters the table.  Return: 0 or -EADDRINUSE.
 */
static int xping_get_port(struct sock *sk, unsigned short ident)
{
	struct net *net = sock_net(sk);
	u32 i;

	spin_lock(&xping_table.lock);
	if (!ident) {
		u16 result = xping_table.rover + 1;

		for (i = 0; i < (1U << 16); i++, result++) {
			if (!result)
				result++;	/* 0 is "pick one" */
			if (!xping_ident_taken(sk, net, result, true))
				break;
		}
		if (i >= (1U << 16))
			goto fail;
		xping_table.rover = result;
		ident = result;
	} else if (xping_ident_taken(sk, net, ident, false)) {
		goto fail;
	}

	xinet_sk(sk)->xinet_num = ident;
	if (sk_unhashed(sk)) {
		sk_add_node_rcu(sk, xping_hashslot(net, ident));
		sock_set_flag(sk, SOCK_RCU_FREE);
		sock_prot_inuse_add(net, sk->sk_prot, 1);
	}
	spin_unlock(&xping_table.lock);
	return 0;

fail:
	spin_unlock(&xping_table.lock);
	return -EADDRINUSE;
}

static int xping_hash(struct sock *sk)
{
	return 0;
}

/* Twin of ping_unhash(): close() leaves the table. */
static void xping_unhash(struct sock *sk)
{
	struct xinet_sock *xinet = xinet_sk(sk);

	spin_lock(&xping_table.lock);
	if (sk_del_node_init_rcu(sk)) {
		WRITE_ONCE(xinet->xinet_num, 0);
		xinet->xinet_sport = 0;
		sock_prot_inuse_add(sock_net(sk), sk->sk_prot, -1);
	}
	spin_unlock(&xping_table.lock);
}

/*
 * Twin of ping_check_bind_addr(): any, or a local unicast address (or
 * any unicast one with IP_FREEBIND); never broadcast nor multicast.
 */
static int xping_check_bind_addr(struct sock *sk, struct sockaddr_xin *addr,
				 int addr_len)
{
	unsigned int chk_addr_ret;

	if (addr_len < sizeof(*addr))
		return -EINVAL;
	if (addr->sxin_family != xinet_family &&
	    !(addr->sxin_family == AF_UNSPEC &&
	      addr->sxin_addr == htonl(INADDR_ANY)))
		return -EAFNOSUPPORT;
	if (addr->sxin_addr == htonl(INADDR_ANY))
		return 0;

	chk_addr_ret = xinet_addr_type(sock_net(sk), addr->sxin_addr);
	if (chk_addr_ret == RTN_MULTICAST || chk_addr_ret == RTN_BROADCAST ||
	    (chk_addr_ret != RTN_LOCAL && !xinet_test_bit(FREEBIND, sk)))
		return -EADDRNOTAVAIL;
	return 0;
}

/* Twin of ping_bind(). */
static int xping_bind(struct sock *sk, struct sockaddr *uaddr, int addr_len)
{
	struct sockaddr_xin *addr = (struct sockaddr_xin *)uaddr;
	struct xinet_sock *xinet = xinet_sk(sk);
	unsigned short snum;
	int err;

	err = xping_check_bind_addr(sk, addr, addr_len);
	if (err)
		return err;

	lock_sock(sk);
	err = -EINVAL;
	if (xinet->xinet_num)
		goto out;

	err = -EADDRINUSE;
	snum = ntohs(addr->sxin_port);
	if (xping_get_port(sk, snum))
		goto out;
	xinet->xinet_saddr = addr->sxin_addr;
	WRITE_ONCE(xinet->xinet_rcv_saddr, addr->sxin_addr);

	err = 0;
	if (xinet->xinet_rcv_saddr)
		sk->sk_userlocks |= SOCK_BINDADDR_LOCK;
	if (snum)
		sk->sk_userlocks |= SOCK_BINDPORT_LOCK;
	xinet->xinet_sport = htons(xinet->xinet_num);
	xinet->xinet_daddr = 0;
	xinet->xinet_dport = 0;
	sk_dst_reset(sk);
out:
	release_sock(sk);
	return err;
}

/*
 * Twin of ping_lookup(): the socket with identifier @ident in @net that
 * takes packets to this packet's destination on its device.  Under RCU;
 * the socket is SOCK_RCU_FREE and no reference is taken.
 */
static struct sock *xping_lookup(struct net *net, struct sk_buff *skb,
				 u16 ident)
{
	int dif = XIPCB(skb)->iif;
	struct sock *sk;

	sk_for_each_rcu(sk, xping_hashslot(net, ident)) {
		struct xinet_sock *xinet = xinet_sk(sk);
		int bound_dev_if;
		__be32 rcv_saddr;

		if (!net_eq(sock_net(sk), net) ||
		    READ_ONCE(xinet->xinet_num) != ident)
			continue;
		rcv_saddr = READ_ONCE(xinet->xinet_rcv_saddr);
		if (rcv_saddr && rcv_saddr != ip_hdr(skb)->daddr)
			continue;
		bound_dev_if = READ_ONCE(sk->sk_bound_dev_if);
		if (bound_dev_if && bound_dev_if != dif)
			continue;
		return sk;
	}
	return NULL;
}

/**
 * xping_rcv - give an echo reply to its ping socket (twin of ping_rcv)
 * @skb: the reply, data past the ICMP header (xicmp_rcv pulled it); the
 *	caller keeps it
 *
 * The socket gets a clone with the ICMP header in front.
 *
 * Context: softirq, under rcu_read_lock().
 * Return: true if a socket took it.
 */
bool xping_rcv(struct sk_buff *skb)
{
	struct icmphdr *icmph = icmp_hdr(skb);
	struct sk_buff *skb2;
	struct sock *sk;

	skb_push(skb, skb->data - (u8 *)icmph);
	sk = xping_lookup(dev_net(skb->dev), skb, ntohs(icmph->un.echo.id));
	if (!sk)
		return false;
	skb2 = skb_clone(skb, GFP_ATOMIC);
	if (!skb2)
		return false;
	if (sock_queue_rcv_skb(sk, skb2) < 0) {
		kfree_skb(skb2);
		return false;
	}
	return true;
}

/**
 * xping_err - an ICMP error quoting one of our echo requests (twin of
 *	ping_err)
 * @skb: the ICMP error; its transport header is the error's ICMP header,
 *	its data the quoted IP header
 * @offset: length of the quoted IP header
 * @info: ICMP-specific value (the MTU of "fragmentation needed")
 *
 * As for UDP: without IP_RECVERR only a hard error on a connected
 * socket is reported (as sk_err, by the next call); with it every
 * error is, and is queued too, the quoted echo request as its data.
 */
void xping_err(struct sk_buff *skb, int offset, u32 info)
{
	struct icmphdr *icmph;
	int type = icmp_hdr(skb)->type;
	int code = icmp_hdr(skb)->code;
	bool harderr = false;
	struct sock *sk;
	int err;

	icmph = (struct icmphdr *)(skb->data + offset);
	if (icmph->type != ICMP_ECHO || icmph->code)
		return;
	sk = xping_lookup(dev_net(skb->dev), skb, ntohs(icmph->un.echo.id));
	if (!sk)
		return;

	switch (type) {
	default:
	case ICMP_TIME_EXCEEDED:
		err = EHOSTUNREACH;
		break;
	case ICMP_SOURCE_QUENCH:
		/* Not an error, but ping wants to see it, as in Linux. */
		err = EREMOTEIO;
		break;
	case ICMP_PARAMETERPROB:
		err = EPROTO;
		harderr = true;
		break;
	case ICMP_DEST_UNREACH:
		if (code == ICMP_FRAG_NEEDED) {
			xip_sk_update_pmtu(skb, sk, info);
			if (READ_ONCE(xinet_sk(sk)->pmtudisc) ==
			    IP_PMTUDISC_DONT)
				return;
			err = EMSGSIZE;
			harderr = true;
			break;
		}
		err = EHOSTUNREACH;
		if (code <= NR_ICMP_UNREACH) {
			harderr = icmp_err_convert[code].fatal;
			err = icmp_err_convert[code].errno;
		}
		break;
	case ICMP_REDIRECT:
		err = EREMOTEIO;
		break;
	}

	if (!xinet_test_bit(RECVERR, sk)) {
		if (!harderr || sk->sk_state != TCP_ESTABLISHED)
			return;
	} else {
		/* No port: the identifier is in the quoted header. */
		xip_icmp_error(sk, skb, err, 0, info, (u8 *)icmph);
	}
	WRITE_ONCE(sk->sk_err, err);
	sk_error_report(sk);
}

/*
 * Twin of ping_v4_sendmsg() and ping_common_sendmsg(), without control
 * messages: the user's first 8 bytes are an echo request header (type
 * ICMP_ECHO, code 0, else EINVAL) whose identifier the kernel replaces
 * with the socket's and whose checksum it computes.  A message over the
 * route's MTU is fragmented as the socket's IP_MTU_DISCOVER allows
 * (xip_sk_frag_cork()), or gets EMSGSIZE and, for IP_RECVERR, a local
 * error telling the MTU, as ip_append_data() does.
 */
static int xping_v4_sendmsg(struct sock *sk, struct msghdr *msg, size_t len)
{
	struct xinet_sock *xinet = xinet_sk(sk);
	struct xip_options_data opt_copy;
	struct net *net = sock_net(sk);
	struct icmphdr user_icmph, *icmph;
	struct xflowi4 fl4 = {};
	struct xip_cork cork = {};
	struct sk_buff *skb;
	unsigned int optlen;
	struct xrtable rt;
	__be32 daddr;
	__wsum csum;
	int err;

	if (len > 0xFFFF)
		return -EMSGSIZE;
	if (len < sizeof(user_icmph))
		return -EINVAL;
	if (msg->msg_flags & MSG_OOB)
		return -EOPNOTSUPP;
	if (memcpy_from_msg(&user_icmph, msg, sizeof(user_icmph)))
		return -EFAULT;
	if (user_icmph.type != ICMP_ECHO || user_icmph.code)
		return -EINVAL;

	if (msg->msg_name) {
		DECLARE_SOCKADDR(struct sockaddr_xin *, usin, msg->msg_name);

		if (msg->msg_namelen < sizeof(*usin))
			return -EINVAL;
		if (usin->sxin_family != xinet_family)
			return -EAFNOSUPPORT;
		daddr = usin->sxin_addr;
	} else {
		if (sk->sk_state != TCP_ESTABLISHED)
			return -EDESTADDRREQ;
		daddr = xinet->xinet_daddr;
	}

	fl4.daddr = daddr;
	cork.opt = xip_sock_options(sk, &opt_copy);
	if (cork.opt && cork.opt->srr) {
		/* A source route goes to its first hop. */
		if (!daddr)
			return -EINVAL;
		fl4.daddr = cork.opt->faddr;
	}
	fl4.oif = READ_ONCE(sk->sk_bound_dev_if);
	fl4.proto = IPPROTO_ICMP;
	fl4.saddr = xinet->xinet_saddr;
	err = xip_route_output(net, &fl4, &rt);
	if (err) {
		if (err == -ENETUNREACH)
			XIP_INC_STATS(net, IPSTATS_MIB_OUTNOROUTES);
		return err;
	}

	err = -EACCES;
	if (rt.rt_type == RTN_BROADCAST && !sock_flag(sk, SOCK_BROADCAST))
		goto out;
	rt.rt_mtu = xip_sk_mtu(sk, &rt);
	optlen = cork.opt ? cork.opt->optlen : 0;
	err = xip_sk_frag_cork(sk, &rt, len + sizeof(struct iphdr) + optlen,
			       &cork);
	if (err) {
		xip_local_error(sk, EMSGSIZE, fl4.daddr, xinet->xinet_dport,
				rt.rt_mtu - optlen);
		goto out;
	}

	lock_sock(sk);
	skb = sock_alloc_send_skb(sk, XIP_HEADROOM(rt.dev) + optlen + len,
				  msg->msg_flags & MSG_DONTWAIT, &err);
	if (!skb)
		goto out_release;
	skb_reserve(skb, XIP_HEADROOM(rt.dev) + optlen);
	skb_reset_transport_header(skb);
	icmph = skb_put(skb, sizeof(*icmph));
	csum = 0;
	if (!csum_and_copy_from_iter_full(skb_put(skb, len - sizeof(*icmph)),
					  len - sizeof(*icmph), &csum,
					  &msg->msg_iter)) {
		kfree_skb(skb);
		err = -EFAULT;
		goto out_release;
	}
	icmph->type = user_icmph.type;
	icmph->code = user_icmph.code;
	icmph->checksum = 0;
	icmph->un.echo.id = xinet->xinet_sport;
	icmph->un.echo.sequence = user_icmph.un.echo.sequence;
	icmph->checksum = csum_fold(csum_partial(icmph, sizeof(*icmph), csum));
	skb->ip_summed = CHECKSUM_NONE;
	skb->priority = READ_ONCE(sk->sk_priority);
	skb->mark = READ_ONCE(sk->sk_mark);

	/* What icmp_out_count() counts when __ip_make_skb() builds it. */
	XICMPMSGOUT_INC_STATS(net, user_icmph.type);
	XICMP_INC_STATS(net, ICMP_MIB_OUTMSGS);

	cork.saddr = fl4.saddr;
	cork.daddr = daddr ? daddr : fl4.daddr;
	cork.protocol = IPPROTO_ICMP;
	cork.ttl = xip_select_ttl(sk);
	cork.tos = READ_ONCE(xinet->tos);
	err = xip_send_skb(net, skb, &rt, &cork);
out_release:
	release_sock(sk);
out:
	xip_rt_put(&rt);
	return err ? err : len;
}

/*
 * Twin of ping_recvmsg(): the reply from its ICMP header on, and its
 * source (port 0).  Unlike raw and UDP, MSG_TRUNC does not make it
 * return the full length; Linux's does not either.
 */
static int xping_recvmsg(struct sock *sk, struct msghdr *msg, size_t len,
			 int flags, int *addr_len)
{
	DECLARE_SOCKADDR(struct sockaddr_xin *, sin, msg->msg_name);
	struct sk_buff *skb;
	int copied, err;

	if (flags & MSG_OOB)
		return -EOPNOTSUPP;
	if (flags & MSG_ERRQUEUE)
		return xip_recv_error(sk, msg, len, addr_len);

	skb = skb_recv_datagram(sk, flags, &err);
	if (!skb)
		return err;

	copied = skb->len;
	if (copied > len) {
		msg->msg_flags |= MSG_TRUNC;
		copied = len;
	}
	err = skb_copy_datagram_msg(skb, 0, msg, copied);
	if (err)
		goto done;

	sock_recv_timestamp(msg, sk, skb);
	if (sin) {
		sin->sxin_family = xinet_family;
		sin->sxin_port = 0;
		sin->sxin_addr = ip_hdr(skb)->saddr;
		memset(sin->__pad, 0, sizeof(sin->__pad));
		*addr_len = sizeof(*sin);
	}
	if (xinet_cmsg_flags(sk))
		xip_cmsg_recv(msg, sk, skb);
	err = copied;
done:
	skb_free_datagram(sk, skb);
	return err;
}

struct proto xping_prot = {
	.name		= "XPING",
	.owner		= THIS_MODULE,
	.init		= xping_init_sock,
	.close		= xping_close,
	.connect	= xip4_datagram_connect,
	.disconnect	= xudp_disconnect,
	.sendmsg	= xping_v4_sendmsg,
	.recvmsg	= xping_recvmsg,
	.bind		= xping_bind,
	.get_port	= xping_get_port,
	.setsockopt	= xip_setsockopt,
	.getsockopt	= xip_getsockopt,
	.hash		= xping_hash,
	.unhash		= xping_unhash,
	.obj_size	= sizeof(struct xinet_sock),
};

/* --- /proc/net/xinet/icmp ---------------------------------------------- */

/**
 * struct xping_iter_state - position of a /proc/net/xinet/icmp reader
 * @p: the namespace of the file; must be first
 * @bucket: the chain being listed
 */
struct xping_iter_state {
	struct seq_net_private	p;
	int			bucket;
};

static struct sock *xping_get_first(struct seq_file *seq, int start)
{
	struct xping_iter_state *state = seq->private;
	struct sock *sk;

	for (state->bucket = start; state->bucket < XPING_HTABLE_SIZE;
	     ++state->bucket) {
		sk_for_each(sk, &xping_table.hash[state->bucket])
			if (net_eq(sock_net(sk), seq_file_net(seq)))
				return sk;
	}
	return NULL;
}

static struct sock *xping_get_next(struct seq_file *seq, struct sock *sk)
{
	struct xping_iter_state *state = seq->private;

	do {
		sk = sk_next(sk);
	} while (sk && !net_eq(sock_net(sk), seq_file_net(seq)));
	if (!sk)
		return xping_get_first(seq, state->bucket + 1);
	return sk;
}

static void *xping_seq_start(struct seq_file *seq, loff_t *pos)
	__acquires(&xping_table.lock)
{
	struct sock *sk;
	loff_t n;

	spin_lock(&xping_table.lock);
	if (!*pos)
		return SEQ_START_TOKEN;
	sk = xping_get_first(seq, 0);
	for (n = *pos - 1; sk && n; n--)
		sk = xping_get_next(seq, sk);
	return sk;
}

static void *xping_seq_next(struct seq_file *seq, void *v, loff_t *pos)
{
	++*pos;
	if (v == SEQ_START_TOKEN)
		return xping_get_first(seq, 0);
	return xping_get_next(seq, v);
}

static void xping_seq_stop(struct seq_file *seq, void *v)
	__releases(&xping_table.lock)
{
	spin_unlock(&xping_table.lock);
}

/* One line as ping_v4_format_sock() prints it: the identifier is the port. */
static int xping_v4_seq_show(struct seq_file *seq, void *v)
{
	struct xping_iter_state *state = seq->private;
	struct xinet_sock *xinet = v;
	struct sock *sk = v;

	seq_setwidth(seq, 127);
	if (v == SEQ_START_TOKEN) {
		seq_puts(seq, "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops");
	} else {
		seq_printf(seq, "%5d: %08X:%04X %08X:%04X %02X %08X:%08X %02X:%08lX %08X %5u %8d %lu %d %pK %u",
			   state->bucket, xinet->xinet_rcv_saddr,
			   ntohs(xinet->xinet_sport), xinet->xinet_daddr,
			   ntohs(xinet->xinet_dport), sk->sk_state,
			   sk_wmem_alloc_get(sk), sk_rmem_alloc_get(sk),
			   0, 0L, 0,
			   from_kuid_munged(seq_user_ns(seq), sock_i_uid(sk)),
			   0, sock_i_ino(sk), refcount_read(&sk->sk_refcnt), sk,
			   atomic_read(&sk->sk_drops));
	}
	seq_pad(seq, '\n');
	return 0;
}

static const struct seq_operations xping_v4_seq_ops = {
	.start	= xping_seq_start,
	.next	= xping_seq_next,
	.stop	= xping_seq_stop,
	.show	= xping_v4_seq_show,
};

/**
 * xping_net_init - /proc/net/xinet/icmp of a namespace (twin of
 *	ping_v4_proc_init_net)
 * @net: the namespace; its /proc/net/xinet exists
 *
 * Return: 0 or -ENOMEM.
 */
int xping_net_init(struct net *net)
{
	if (!proc_create_net("icmp", 0444, xinet_net(net)->proc_dir,
			     &xping_v4_seq_ops,
			     sizeof(struct xping_iter_state)))
		return -ENOMEM;
	return 0;
}

/**
 * xping_net_exit - undo xping_net_init()
 * @net: the namespace
 */
void xping_net_exit(struct net *net)
{
	remove_proc_entry("icmp", xinet_net(net)->proc_dir);
}
