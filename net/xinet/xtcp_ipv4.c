// SPDX-License-Identifier: GPL-2.0
/*
 * xinet: TCP over AF_XINET's IPv4, twin of net/ipv4/tcp_ipv4.c: the
 * protocol block, active open (connect), the receive demux, the passive
 * open's SYN and ACK, resets and ACKs without a full socket,
 * /proc/net/xinet/tcp.
 */

#include <crypto/algapi.h>
#include <crypto/hash.h>
#include <linux/filter.h>
#include <linux/inetdevice.h>
#include <linux/module.h>
#include <linux/proc_fs.h>
#include <linux/random.h>
#include <linux/seq_file.h>
#include <net/checksum.h>
#include <net/icmp.h>
#include <net/inet_ecn.h>
#include <net/ip.h>
#include <net/l3mdev.h>
#include <net/sock.h>
#include <net/tcp_states.h>
#include <linux/xinet.h>
#include <net/xinet/protocol.h>
#include <net/xinet/netns.h>
#include <net/xinet/xinet_hashtables.h>
#include <net/xinet/xip.h>
#include <net/xinet/xroute.h>
#include <net/xinet/xsecure_seq.h>
#include <net/xinet/xtcp.h>
#include <net/xinet/xtcp_recorder.h>

/**
 * xtcp_v4_init_seq - the ISN of our SYN-ACK to the SYN @skb
 * @skb: the SYN
 *
 * Return: the ISN.
 */
u32 xtcp_v4_init_seq(const struct sk_buff *skb)
{
	const struct tcphdr *th = xtcp_hdr(skb);

	return xsecure_tcp_seq(ip_hdr(skb)->daddr, ip_hdr(skb)->saddr,
			       th->dest, th->source);
}

/* ---- active open -------------------------------------------------------- */

/**
 * xtcp_v4_connect - start an active open (twin of tcp_v4_connect)
 * @sk: the socket, locked, in CLOSE
 * @uaddr: a struct sockaddr_xin
 * @addr_len: its length
 *
 * Routes to the peer, picks the source address and port, enters ehash
 * in SYN_SENT, chooses the ISN and sends the SYN (xtcp_connect()).  On
 * failure the socket is back in CLOSE, unhashed, its port released.
 *
 * Return: 0 or a negative errno, as AF_INET gives them.
 */
int xtcp_v4_connect(struct sock *sk, struct sockaddr *uaddr, int addr_len)
{
	struct sockaddr_xin *usin = (struct sockaddr_xin *)uaddr;
	struct xinet_sock *xinet = xinet_sk(sk);
	struct xtcp_sock *tp = xtcp_sk(sk);
	struct net *net = sock_net(sk);
	const struct ip_options_rcu *inet_opt;
	struct xflowi4 fl4 = {};
	struct xrtable rt;
	__be32 daddr, nexthop;
	int err;

	sock_owned_by_me(sk);
	if (addr_len < sizeof(struct sockaddr_xin))
		return -EINVAL;
	if (usin->sxin_family != xinet_family)
		return -EAFNOSUPPORT;

	daddr = usin->sxin_addr;
	/* As ip_route_connect(): no address means this host. */
	if (!daddr) {
		daddr = xinet->xinet_saddr;
		if (!daddr)
			daddr = htonl(INADDR_LOOPBACK);
	}
	if (ipv4_is_multicast(daddr) || ipv4_is_lbcast(daddr))
		return -ENETUNREACH;

	/* A source route (IP_OPTIONS) goes to its first hop. */
	nexthop = daddr;
	inet_opt = rcu_dereference_protected(xinet->xinet_opt,
					     lockdep_sock_is_held(sk));
	if (inet_opt && inet_opt->opt.srr)
		nexthop = inet_opt->opt.faddr;

	fl4.oif = READ_ONCE(sk->sk_bound_dev_if);
	fl4.proto = IPPROTO_TCP;
	fl4.daddr = nexthop;
	fl4.saddr = xinet->xinet_saddr;
	fl4.sport = xinet->xinet_sport;
	fl4.dport = usin->sxin_port;
	err = xip_route_output(net, &fl4, &rt);
	if (err) {
		if (err == -ENETUNREACH)
			XIP_INC_STATS(net, IPSTATS_MIB_OUTNOROUTES);
		return err;
	}
	if (rt.rt_type == RTN_BROADCAST) {
		xip_rt_put(&rt);
		return -ENETUNREACH;
	}
	xip_rt_put(&rt);

	if (!xinet->xinet_saddr)
		xinet->xinet_saddr = fl4.saddr;
	xinet->xinet_rcv_saddr = xinet->xinet_saddr;
	/* What a TIME_WAIT reuse left is for its own peer only. */
	if (tp->rx_opt.ts_recent_stamp && xinet->xinet_daddr != daddr) {
		tp->rx_opt.ts_recent = 0;
		tp->rx_opt.ts_recent_stamp = 0;
		if (likely(!tp->repair))
			WRITE_ONCE(tp->write_seq, 0);
	}
	xinet->xinet_dport = usin->sxin_port;
	xinet->xinet_daddr = daddr;
	xinet_csk(sk)->icsk_ext_hdr_len = inet_opt ? inet_opt->opt.optlen : 0;
	tp->rx_opt.mss_clamp = XTCP_MSS_DEFAULT;

	/*
	 * The identity is not complete (the port may be 0), but SYN_SENT
	 * and the socket lock keep everyone away while the port is chosen
	 * and the socket hashed.
	 */
	xtcp_set_state(sk, TCP_SYN_SENT);
	err = xinet_hash_connect(sk);
	if (err)
		goto failure;

	/* TCP_REPAIR restored the sequence numbers and the TSval offset. */
	if (likely(!tp->repair)) {
		if (!tp->write_seq)
			WRITE_ONCE(tp->write_seq,
				   xsecure_tcp_seq(xinet->xinet_saddr,
						   xinet->xinet_daddr,
						   xinet->xinet_sport,
						   usin->sxin_port));
		WRITE_ONCE(tp->tsoffset,
			   xsecure_tcp_ts_off(net, xinet->xinet_saddr,
					      xinet->xinet_daddr));
	}
	atomic_set(&xinet->xinet_id, get_random_u16());

	/* TCP_FASTOPEN_CONNECT with a cookie: the first write sends the SYN. */
	if (xtcp_fastopen_defer_connect(sk, &err))
		return err;
	if (err)
		goto failure;
	err = xtcp_connect(sk);
	if (err)
		goto failure;
	return 0;

failure:
	/* Unhashes the socket and gives the port back unless bound. */
	xtcp_set_state(sk, TCP_CLOSE);
	if (!(sk->sk_userlocks & SOCK_BINDADDR_LOCK)) {
		xinet->xinet_saddr = 0;
		xinet->xinet_rcv_saddr = 0;
	}
	xinet->xinet_dport = 0;
	sk->sk_route_caps = 0;
	return err;
}

/* ---- TCP-MD5 (RFC 2385) -------------------------------------------------- */

/*
 * Twin of better_md5_match(): a key bound to an L3 device beats one that
 * is not, then the longer prefix wins.
 */
static bool xtcp_better_md5_match(const struct xtcp_md5sig_key *old,
				  const struct xtcp_md5sig_key *new)
{
	if (!old)
		return true;
	if (old->l3index && new->l3index == 0)
		return false;
	if (old->l3index == 0 && new->l3index)
		return true;
	return old->prefixlen < new->prefixlen;
}

/**
 * xtcp_md5_do_lookup - the key of @sk for the peer @addr (twin of
 *	tcp_md5_do_lookup)
 * @sk: the socket; the caller holds its lock or rcu_read_lock()
 * @l3index: the L3 master device the segment came by, 0 none
 * @addr: the peer's address
 *
 * Return: the best match (longest prefix, L3-bound first), or NULL.
 */
struct xtcp_md5sig_key *xtcp_md5_do_lookup(const struct sock *sk,
					   int l3index, __be32 addr)
{
	const struct xtcp_md5sig_info *md5sig;
	struct xtcp_md5sig_key *key, *best_match = NULL;

	if (!xtcp_md5_enabled())
		return NULL;
	md5sig = rcu_dereference_check(xtcp_sk(sk)->md5sig_info,
				       lockdep_sock_is_held(sk));
	if (!md5sig)
		return NULL;
	hlist_for_each_entry_rcu(key, &md5sig->head, node,
				 lockdep_sock_is_held(sk)) {
		__be32 mask = inet_make_mask(key->prefixlen);

		if (key->family != AF_INET)
			continue;
		if (key->flags & TCP_MD5SIG_FLAG_IFINDEX &&
		    key->l3index != l3index)
			continue;
		if ((key->addr & mask) == (addr & mask) &&
		    xtcp_better_md5_match(best_match, key))
			best_match = key;
	}
	return best_match;
}

/* Twin of tcp_md5_do_lookup_exact(): the key of exactly this entry. */
static struct xtcp_md5sig_key *xtcp_md5_do_lookup_exact(const struct sock *sk,
							__be32 addr,
							u8 prefixlen,
							int l3index, u8 flags)
{
	const struct xtcp_md5sig_info *md5sig;
	struct xtcp_md5sig_key *key;

	md5sig = rcu_dereference_check(xtcp_sk(sk)->md5sig_info,
				       lockdep_sock_is_held(sk));
	if (!md5sig)
		return NULL;
	hlist_for_each_entry_rcu(key, &md5sig->head, node,
				 lockdep_sock_is_held(sk)) {
		if (key->family != AF_INET)
			continue;
		if ((key->flags & TCP_MD5SIG_FLAG_IFINDEX) !=
		    (flags & TCP_MD5SIG_FLAG_IFINDEX))
			continue;
		if (key->l3index != l3index)
			continue;
		if (key->addr == addr && key->prefixlen == prefixlen)
			return key;
	}
	return NULL;
}

/**
 * __xtcp_v4_md5_lookup - the key of @sk for the peer of @addr_sk (twin of
 *	tcp_v4_md5_lookup); callers use xtcp_v4_md5_lookup(), which skips
 *	it when no socket has a key
 * @sk: the socket whose keys are searched (locked, or RCU)
 * @addr_sk: the socket whose peer address and bound device count
 *
 * Return: the key or NULL.
 */
struct xtcp_md5sig_key *__xtcp_v4_md5_lookup(const struct sock *sk,
					     const struct sock *addr_sk)
{
	int l3index;

	l3index = l3mdev_master_ifindex_by_index(sock_net(sk),
						 addr_sk->sk_bound_dev_if);
	return xtcp_md5_do_lookup(sk, l3index, addr_sk->sk_daddr);
}

/**
 * xtcp_v4_req_md5_lookup - the listener's key for a request's peer (the
 *	req_md5_lookup of tcp_request_sock_ipv4_ops)
 * @sk: the listener (RCU)
 * @req: the request
 *
 * Return: the key or NULL.
 */
struct xtcp_md5sig_key *xtcp_v4_req_md5_lookup(const struct sock *sk,
					       struct xrequest_sock *req)
{
	return xtcp_v4_md5_lookup(sk, xreq_to_sk(req));
}

/* Twin of tcp_md5sig_info_add(): the first key's list. */
static int xtcp_md5sig_info_add(struct sock *sk, gfp_t gfp)
{
	struct xtcp_md5sig_info *md5sig;

	md5sig = kmalloc(sizeof(*md5sig), gfp);
	if (!md5sig)
		return -ENOMEM;
	INIT_HLIST_HEAD(&md5sig->head);
	rcu_assign_pointer(xtcp_sk(sk)->md5sig_info, md5sig);
	return 0;
}

/*
 * Twin of __tcp_md5_do_add(): a new key, or new bytes for an existing
 * entry (same address, prefix, device and IFINDEX flag).  Charged to
 * the socket's option memory (net.core.optmem_max) as Linux's are.
 */
static int __xtcp_md5_do_add(struct sock *sk, __be32 addr, u8 prefixlen,
			     int l3index, u8 flags, const u8 *newkey,
			     u8 newkeylen, gfp_t gfp)
{
	struct xtcp_md5sig_info *md5sig;
	struct xtcp_md5sig_key *key;

	key = xtcp_md5_do_lookup_exact(sk, addr, prefixlen, l3index, flags);
	if (key) {
		/*
		 * In use by segments in flight: a reader may see the new
		 * length with the old bytes, which only fails a signature
		 * (Linux's data_race() on the same copy).
		 */
		data_race(memcpy(key->key, newkey, newkeylen));
		/* Pairs with READ_ONCE() in xtcp_md5_hash_key(). */
		WRITE_ONCE(key->keylen, newkeylen);
		return 0;
	}
	md5sig = rcu_dereference_protected(xtcp_sk(sk)->md5sig_info,
					   lockdep_sock_is_held(sk));
	/* Zeroed: see xtcp_md5_hash_key(). */
	key = sock_kmalloc(sk, sizeof(*key), gfp | __GFP_ZERO);
	if (!key)
		return -ENOMEM;
	memcpy(key->key, newkey, newkeylen);
	key->keylen = newkeylen;
	key->family = AF_INET;
	key->prefixlen = prefixlen;
	key->l3index = l3index;
	key->flags = flags;
	key->addr = addr;
	hlist_add_head_rcu(&key->node, &md5sig->head);
	return 0;
}

/* Twin of tcp_md5_do_add(): setsockopt's add, process context. */
static int xtcp_md5_do_add(struct sock *sk, __be32 addr, u8 prefixlen,
			   int l3index, u8 flags, const u8 *newkey,
			   u8 newkeylen)
{
	struct xtcp_sock *tp = xtcp_sk(sk);

	if (!rcu_dereference_protected(tp->md5sig_info,
				       lockdep_sock_is_held(sk))) {
		if (xtcp_md5_alloc_sigpool())
			return -ENOMEM;
		if (xtcp_md5sig_info_add(sk, GFP_KERNEL))
			return -ENOMEM;
	}
	return __xtcp_md5_do_add(sk, addr, prefixlen, l3index, flags, newkey,
				 newkeylen, GFP_KERNEL);
}

/**
 * xtcp_md5_key_copy - give a new socket a copy of @key (twin of
 *	tcp_md5_key_copy): the child of a handshake, in softirq
 * @sk: the new socket, locked
 * @addr: the peer's address
 * @prefixlen: the copy's prefix (32: this peer only)
 * @l3index: its L3 device
 * @key: the listener's key
 *
 * The pool exists: the listener's key made it.
 *
 * Return: 0 or -ENOMEM.
 */
int xtcp_md5_key_copy(struct sock *sk, __be32 addr, u8 prefixlen,
		      int l3index, const struct xtcp_md5sig_key *key)
{
	struct xtcp_sock *tp = xtcp_sk(sk);

	if (!rcu_dereference_protected(tp->md5sig_info,
				       lockdep_sock_is_held(sk)) &&
	    xtcp_md5sig_info_add(sk, sk_gfp_mask(sk, GFP_ATOMIC)))
		return -ENOMEM;
	return __xtcp_md5_do_add(sk, addr, prefixlen, l3index, key->flags,
				 key->key, key->keylen,
				 sk_gfp_mask(sk, GFP_ATOMIC));
}

/* Twin of tcp_md5_do_del(): TCP_MD5SIG with keylen 0. */
static int xtcp_md5_do_del(struct sock *sk, __be32 addr, u8 prefixlen,
			   int l3index, u8 flags)
{
	struct xtcp_md5sig_key *key;

	key = xtcp_md5_do_lookup_exact(sk, addr, prefixlen, l3index, flags);
	if (!key)
		return -ENOENT;
	hlist_del_rcu(&key->node);
	atomic_sub(sizeof(*key), &sk->sk_omem_alloc);
	kfree_rcu(key, rcu);
	return 0;
}

/**
 * xtcp_clear_md5_list - free every key of @sk and the list (twin of
 *	tcp_clear_md5_list and the md5sig_info part of tcp_v4_destroy_sock)
 * @sk: the socket, being destroyed
 */
void xtcp_clear_md5_list(struct sock *sk)
{
	struct xtcp_sock *tp = xtcp_sk(sk);
	struct xtcp_md5sig_info *md5sig;
	struct xtcp_md5sig_key *key;
	struct hlist_node *n;

	md5sig = rcu_dereference_protected(tp->md5sig_info, 1);
	if (!md5sig)
		return;
	hlist_for_each_entry_safe(key, n, &md5sig->head, node) {
		hlist_del_rcu(&key->node);
		atomic_sub(sizeof(*key), &sk->sk_omem_alloc);
		kfree_rcu(key, rcu);
	}
	RCU_INIT_POINTER(tp->md5sig_info, NULL);
	kfree_rcu(md5sig, rcu);
}

/**
 * xtcp_v4_parse_md5_keys - setsockopt(TCP_MD5SIG, TCP_MD5SIG_EXT) (twin
 *	of tcp_v4_parse_md5_keys)
 * @sk: the socket, locked
 * @optname: TCP_MD5SIG or TCP_MD5SIG_EXT
 * @optval: a struct tcp_md5sig
 * @optlen: its length
 *
 * The address is an AF_INET (not AF_XINET) sockaddr, as Linux's uapi
 * struct holds it and programs fill it; a key of length 0 deletes.
 * TCP_MD5SIG_EXT adds a prefix (TCP_MD5SIG_FLAG_PREFIX) and an L3 master
 * device (TCP_MD5SIG_FLAG_IFINDEX), which must exist and be one.
 *
 * Return: 0, -EINVAL (short, bad family, prefix over 32, device, key
 * over 80 bytes), -EFAULT, -ENOENT (delete of no key), -ENOMEM.
 */
int xtcp_v4_parse_md5_keys(struct sock *sk, int optname, sockptr_t optval,
			   int optlen)
{
	struct tcp_md5sig cmd;
	struct sockaddr_in *sin = (struct sockaddr_in *)&cmd.tcpm_addr;
	u8 prefixlen = 32;
	int l3index = 0;
	u8 flags;

	sock_owned_by_me(sk);
	if (optlen < sizeof(cmd))
		return -EINVAL;
	if (copy_from_sockptr(&cmd, optval, sizeof(cmd)))
		return -EFAULT;
	if (sin->sin_family != AF_INET)
		return -EINVAL;

	flags = cmd.tcpm_flags & TCP_MD5SIG_FLAG_IFINDEX;
	if (optname == TCP_MD5SIG_EXT &&
	    cmd.tcpm_flags & TCP_MD5SIG_FLAG_PREFIX) {
		prefixlen = cmd.tcpm_prefixlen;
		if (prefixlen > 32)
			return -EINVAL;
	}
	if (optname == TCP_MD5SIG_EXT && cmd.tcpm_ifindex &&
	    cmd.tcpm_flags & TCP_MD5SIG_FLAG_IFINDEX) {
		struct net_device *dev;

		rcu_read_lock();
		dev = dev_get_by_index_rcu(sock_net(sk), cmd.tcpm_ifindex);
		if (dev && netif_is_l3_master(dev))
			l3index = dev->ifindex;
		rcu_read_unlock();
		/* As Linux: only an L3 master device (a VRF) may scope a key. */
		if (!dev || !l3index)
			return -EINVAL;
	}

	if (!cmd.tcpm_keylen)
		return xtcp_md5_do_del(sk, sin->sin_addr.s_addr, prefixlen,
				       l3index, flags);
	if (cmd.tcpm_keylen > TCP_MD5SIG_MAXKEYLEN)
		return -EINVAL;
	return xtcp_md5_do_add(sk, sin->sin_addr.s_addr, prefixlen, l3index,
			       flags, cmd.tcpm_key, cmd.tcpm_keylen);
}

/*
 * Twin of tcp_v4_md5_hash_headers(): the pseudo-header (RFC 2385 section
 * 2.0: addresses, protocol, segment length) and the fixed 20 bytes of
 * the TCP header with a zero checksum; the options are not signed.
 */
static int xtcp_v4_md5_hash_headers(struct shash_desc *desc, __be32 daddr,
				    __be32 saddr, const struct tcphdr *th,
				    int nbytes)
{
	struct {
		__be32		saddr;
		__be32		daddr;
		u8		pad;
		u8		protocol;
		__be16		len;
		struct tcphdr	th;
	} __packed bp;

	bp.saddr = saddr;
	bp.daddr = daddr;
	bp.pad = 0;
	bp.protocol = IPPROTO_TCP;
	bp.len = cpu_to_be16(nbytes);
	memcpy(&bp.th, th, sizeof(*th));
	bp.th.check = 0;
	return crypto_shash_update(desc, (const u8 *)&bp, sizeof(bp));
}

/*
 * The signature over the pseudo-header, @th (with options) and, when @skb
 * is given, the data behind @th in @skb, then the key: RFC 2385's order.
 * @nbytes is the TCP length the pseudo-header states.
 */
static int xtcp_v4_md5_hash(u8 *md5_hash, const struct xtcp_md5sig_key *key,
			    __be32 daddr, __be32 saddr,
			    const struct tcphdr *th, unsigned int nbytes,
			    const struct sk_buff *skb)
{
	struct shash_desc *desc = xtcp_md5_hash_start();

	if (!desc)
		goto clear_hash_nostart;
	if (xtcp_v4_md5_hash_headers(desc, daddr, saddr, th, nbytes) ||
	    (skb && xtcp_md5_hash_skb_data(desc, skb, th->doff << 2)) ||
	    xtcp_md5_hash_key(desc, key) ||
	    crypto_shash_final(desc, md5_hash))
		goto clear_hash;
	xtcp_md5_hash_end(desc);
	return 0;

clear_hash:
	xtcp_md5_hash_end(desc);
clear_hash_nostart:
	memset(md5_hash, 0, 16);
	return 1;
}

/**
 * xtcp_v4_md5_hash_hdr - the signature of a segment without data, from
 *	its header alone (twin of tcp_v4_md5_hash_hdr): resets and ACKs
 * @md5_hash: 16 bytes for the signature (zeroed on failure)
 * @key: the key
 * @daddr: the segment's destination
 * @saddr: its source
 * @th: its header; doff covers the options
 *
 * Return: 0, or 1 on failure.
 */
int xtcp_v4_md5_hash_hdr(u8 *md5_hash, const struct xtcp_md5sig_key *key,
			 __be32 daddr, __be32 saddr, const struct tcphdr *th)
{
	return xtcp_v4_md5_hash(md5_hash, key, daddr, saddr, th,
				th->doff << 2, NULL);
}

/**
 * xtcp_v4_md5_hash_skb - the signature of a segment (twin of
 *	tcp_v4_md5_hash_skb)
 * @md5_hash: 16 bytes for the signature (zeroed on failure)
 * @key: the key
 * @saddr: the segment's source address
 * @daddr: its destination
 * @skb: the segment, its TCP header at the transport header and its
 *	data behind
 *
 * Return: 0, or 1 on failure.
 */
int xtcp_v4_md5_hash_skb(u8 *md5_hash, const struct xtcp_md5sig_key *key,
			 __be32 saddr, __be32 daddr,
			 const struct sk_buff *skb)
{
	return xtcp_v4_md5_hash(md5_hash, key, daddr, saddr, xtcp_hdr(skb),
				skb->len - skb_transport_offset(skb), skb);
}

/* ---- resets and ACKs without a full socket ------------------------------ */

/*
 * Twin of ip_send_unicast_reply(): a TCP header (@rep, with the options
 * its doff covers) answering @skb, from its destination to its source,
 * on a route of its own; IP ID 0, DF, the namespace's default TTL, as
 * Linux's control socket sends, and the segment's IP options echoed;
 * @transmit_time is its departure time (0: now).
 */
static void xtcp_v4_send_ctl(struct net *net, struct sk_buff *skb,
			     const struct tcphdr *rep, int oif, u8 tos,
			     u64 transmit_time)
{
	const struct iphdr *iph = ip_hdr(skb);
	unsigned int len = rep->doff * 4;
	struct xip_options_data replyopts;
	struct xflowi4 fl4 = {};
	struct xip_cork cork = {};
	struct sk_buff *nskb;
	struct tcphdr *th;
	struct xrtable rt;

	if (__xip_options_echo(net, &replyopts.opt, skb,
			       &XTCP_SKB_CB(skb)->header.h4.opt))
		return;

	fl4.oif = oif;
	fl4.proto = IPPROTO_TCP;
	fl4.daddr = replyopts.opt.srr ? replyopts.opt.faddr : iph->saddr;
	fl4.saddr = iph->daddr;
	fl4.sport = rep->source;
	fl4.dport = rep->dest;
	if (xip_route_output(net, &fl4, &rt))
		return;

	nskb = alloc_skb(XIP_HEADROOM(rt.dev) + len, GFP_ATOMIC);
	if (!nskb)
		goto out;
	skb_reserve(nskb, XIP_HEADROOM(rt.dev));
	skb_reset_transport_header(nskb);
	th = skb_put(nskb, len);
	memcpy(th, rep, len);
	th->check = 0;
	th->check = csum_tcpudp_magic(fl4.saddr, iph->saddr, len,
				      IPPROTO_TCP, csum_partial(th, len, 0));
	nskb->ip_summed = CHECKSUM_NONE;
	if (transmit_time)
		xinet_skb_set_departure(nskb, transmit_time);

	cork.saddr = fl4.saddr;
	cork.daddr = iph->saddr;
	cork.opt = replyopts.opt.optlen ? &replyopts.opt : NULL;
	cork.protocol = IPPROTO_TCP;
	cork.ttl = READ_ONCE(xinet_net(net)->sysctl_ip_default_ttl);
	cork.tos = tos;
	cork.df = true;
	xip_send_skb(net, nskb, &rt, &cork);
	__XTCP_INC_STATS(net, TCP_MIB_OUTSEGS);
out:
	xip_rt_put(&rt);
}

/* The namespace of a segment: the socket's, else the device's. */
static struct net *xtcp_skb_net(const struct sock *sk,
				const struct sk_buff *skb)
{
	if (sk)
		return sock_net(sk);
	return dev_net(skb->dev);
}

/**
 * xtcp_v4_send_reset - answer @skb with a reset (twin of
 *	tcp_v4_send_reset)
 * @sk: the socket it was for (full, request listener or TIME_WAIT), or
 *	NULL when there is none
 * @skb: the offending segment, XTCP_SKB_CB filled
 *
 * RFC 9293 section 3.10.7.1: never for a reset; if the segment has an
 * ACK, the reset takes its sequence number from it (and carries no
 * ACK); otherwise it is sequence 0 and acknowledges everything the
 * segment occupied.  Not for broadcast or multicast destinations.
 */
void xtcp_v4_send_reset(const struct sock *sk, struct sk_buff *skb)
{
	const struct tcphdr *th = xtcp_hdr(skb);
	const struct iphdr *iph = ip_hdr(skb);
	struct xtcp_md5sig_key *key = NULL;
	const u8 *md5_hash_location;
	struct {
		struct tcphdr th;
		__be32 opt[XTCPOLEN_MD5SIG_ALIGNED / 4];
	} rep = {};
	struct net *net;
	int oif = 0;

	if (th->rst)
		return;
	if (ipv4_is_multicast(iph->daddr) ||
	    (XTCP_SKB_CB(skb)->header.h4.flags & XIPSKB_BROADCAST))
		return;
	if (!sk && !skb->dev)
		return;
	net = xtcp_skb_net(sk, skb);
	/* A bad or doubled signature option: no reset at all, as Linux. */
	if (xtcp_parse_md5sig_option(th, &md5_hash_location))
		return;

	rep.th.dest = th->source;
	rep.th.source = th->dest;
	rep.th.doff = sizeof(rep.th) / 4;
	rep.th.rst = 1;
	if (th->ack) {
		rep.th.seq = th->ack_seq;
	} else {
		rep.th.ack = 1;
		rep.th.ack_seq = htonl(ntohl(th->seq) + th->syn + th->fin +
				       skb->len - (th->doff << 2));
	}

	rcu_read_lock();
	if (sk && sk_fullsock(sk)) {
		key = xtcp_md5_do_lookup(sk, 0, iph->saddr);
	} else if (md5_hash_location && xtcp_md5_enabled()) {
		const struct sock *sk1;
		u8 newhash[16];

		/*
		 * The connection is gone (or in TIME_WAIT): a listener may
		 * still have the peer's key.  Linux looks it up by the
		 * segment's source port, and so does xinet.  The segment's
		 * own signature is checked with the key first, so that no
		 * reset is ever sent for a forged segment.
		 */
		sk1 = __xinet_lookup_listener(net, &xtcp_hashinfo, skb,
					      iph->saddr, th->source,
					      iph->daddr, ntohs(th->source),
					      XTCP_SKB_CB(skb)->header.h4.iif);
		if (!sk1)
			goto out;
		key = xtcp_md5_do_lookup(sk1, 0, iph->saddr);
		if (!key)
			goto out;
		if (xtcp_v4_md5_hash_skb(newhash, key, iph->saddr, iph->daddr,
					 skb) ||
		    crypto_memneq(md5_hash_location, newhash, 16))
			goto out;
	}
	if (key) {
		rep.opt[0] = htonl((XTCPOPT_NOP << 24) | (XTCPOPT_NOP << 16) |
				   (XTCPOPT_MD5SIG << 8) | XTCPOLEN_MD5SIG);
		rep.th.doff += XTCPOLEN_MD5SIG_ALIGNED / 4;
		xtcp_v4_md5_hash_hdr((u8 *)&rep.opt[1], key, iph->saddr,
				     iph->daddr, &rep.th);
	}
	if (sk && sk_fullsock(sk))
		oif = READ_ONCE(sk->sk_bound_dev_if);

	xtcp_v4_send_ctl(net, skb, &rep.th, oif, 0, xtcp_transmit_time(sk));
	__XTCP_INC_STATS(net, TCP_MIB_OUTRSTS);
out:
	rcu_read_unlock();
}

/**
 * xtcp_v4_send_ack - an ACK from a mini-socket (twin of tcp_v4_send_ack)
 * @sk: the TIME_WAIT sock, or the listener of a request
 * @skb: the segment answered
 * @seq: our sequence number
 * @ack: the acknowledgment number
 * @win: the window, already scaled down
 * @tsval: our TSval (clock plus offset)
 * @tsecr: the peer's TS.Recent; 0 sends no timestamps, as Linux
 * @key: the TCP-MD5 key to sign with, or NULL; the caller holds
 *	rcu_read_lock() or owns the key
 */
void xtcp_v4_send_ack(const struct sock *sk, struct sk_buff *skb,
		      u32 seq, u32 ack, u32 win, u32 tsval, u32 tsecr,
		      const struct xtcp_md5sig_key *key)
{
	const struct tcphdr *th = xtcp_hdr(skb);
	struct net *net = xtcp_skb_net(sk, skb);
	struct {
		struct tcphdr th;
		__be32 opt[(XTCPOLEN_TSTAMP_ALIGNED +
			    XTCPOLEN_MD5SIG_ALIGNED) / 4];
	} rep = {};
	int oif = 0;

	rep.th.dest = th->source;
	rep.th.source = th->dest;
	rep.th.doff = sizeof(rep.th) / 4;
	rep.th.seq = htonl(seq);
	rep.th.ack_seq = htonl(ack);
	rep.th.ack = 1;
	rep.th.window = htons(min_t(u32, win, 65535U));
	if (tsecr) {
		rep.opt[0] = htonl((XTCPOPT_NOP << 24) | (XTCPOPT_NOP << 16) |
				   (XTCPOPT_TIMESTAMP << 8) |
				   XTCPOLEN_TIMESTAMP);
		rep.opt[1] = htonl(tsval);
		rep.opt[2] = htonl(tsecr);
		rep.th.doff += XTCPOLEN_TSTAMP_ALIGNED / 4;
	}
	if (key) {
		int offset = tsecr ? 3 : 0;

		/* After the timestamps, as tcp_v4_send_ack() puts it. */
		rep.opt[offset++] = htonl((XTCPOPT_NOP << 24) |
					  (XTCPOPT_NOP << 16) |
					  (XTCPOPT_MD5SIG << 8) |
					  XTCPOLEN_MD5SIG);
		rep.th.doff += XTCPOLEN_MD5SIG_ALIGNED / 4;
		xtcp_v4_md5_hash_hdr((u8 *)&rep.opt[offset], key,
				     ip_hdr(skb)->saddr, ip_hdr(skb)->daddr,
				     &rep.th);
	}
	if (sk)
		oif = READ_ONCE(sk->sk_bound_dev_if);
	xtcp_v4_send_ctl(net, skb, &rep.th, oif, 0, xtcp_transmit_time(sk));
}

/* ---- passive open ------------------------------------------------------- */

/* Twin of tcp_syn_flood_action(): cookies or a drop, and one warning. */
static bool xtcp_syn_flood_action(struct sock *sk)
{
	struct xrequest_sock_queue *queue = &xinet_csk(sk)->icsk_accept_queue;
	struct net *net = sock_net(sk);
	u8 syncookies = READ_ONCE(xinet_net(net)->sysctl_tcp_syncookies);
	bool want_cookie = false;
	const char *msg = "Dropping request";

	if (syncookies) {
		msg = "Sending cookies";
		want_cookie = true;
		__XNET_INC_STATS(net, LINUX_MIB_TCPREQQFULLDOCOOKIES);
	} else {
		__XNET_INC_STATS(net, LINUX_MIB_TCPREQQFULLDROP);
	}

	if (!READ_ONCE(queue->synflood_warned) && syncookies != 2 &&
	    xchg(&queue->synflood_warned, 1) == 0)
		net_info_ratelimited("XTCP: Possible SYN flooding on port %pI4:%u. %s.\n",
				     &sk->sk_rcv_saddr, sk->sk_num, msg);
	return want_cookie;
}

/* Twin of tcp_listendrop(). */
static void xtcp_listendrop(const struct sock *sk)
{
	atomic_inc(&((struct sock *)sk)->sk_drops);
	__XNET_INC_STATS(sock_net(sk), LINUX_MIB_LISTENDROPS);
}

/**
 * xtcp_v4_save_options - the options a connection answers a SYN with
 *	(twin of tcp_v4_save_options)
 * @net: the namespace
 * @skb: the SYN, XTCP_SKB_CB filled
 *
 * A SYN's record route or timestamp option is echoed in the SYN-ACK
 * and every segment of the connection after it.
 *
 * Return: the echo, NULL when there is none (or no memory for it).
 */
struct ip_options_rcu *xtcp_v4_save_options(struct net *net,
					    struct sk_buff *skb)
{
	const struct ip_options *opt = &XTCP_SKB_CB(skb)->header.h4.opt;
	struct ip_options_rcu *dopt;

	if (!opt->optlen)
		return NULL;
	dopt = kmalloc(struct_size(dopt, opt.__data, opt->optlen), GFP_ATOMIC);
	if (dopt && __xip_options_echo(net, &dopt->opt, skb, opt)) {
		kfree(dopt);
		dopt = NULL;
	}
	return dopt;
}

/*
 * Twin of tcp_reqsk_record_syn(): with TCP_SAVE_SYN on the listener, keep
 * the SYN's IP and TCP headers (2: from the link-layer header) for the
 * child's TCP_SAVED_SYN.  Without memory the child just has none.
 */
static void xtcp_reqsk_record_syn(const struct sock *sk,
				  struct xrequest_sock *req,
				  const struct sk_buff *skb)
{
	u8 save_syn = xtcp_sk(sk)->save_syn;
	struct xtcp_saved_syn *saved_syn;
	u32 mac_hdrlen = 0, len;
	const void *base;

	if (!save_syn)
		return;
	len = skb_network_header_len(skb) + tcp_hdrlen(skb);
	base = skb_network_header(skb);
	if (save_syn == 2 && skb_mac_header_was_set(skb)) {
		mac_hdrlen = skb_mac_header_len(skb);
		base = skb_mac_header(skb);
		len += mac_hdrlen;
	}
	saved_syn = kmalloc(struct_size(saved_syn, data, len), GFP_ATOMIC);
	if (!saved_syn)
		return;
	saved_syn->mac_hdrlen = mac_hdrlen;
	saved_syn->network_hdrlen = skb_network_header_len(skb);
	saved_syn->tcp_hdrlen = tcp_hdrlen(skb);
	memcpy(saved_syn->data, base, len);
	req->saved_syn = saved_syn;
}

/**
 * xtcp_v4_conn_request - a SYN for a listener (twin of
 *	tcp_v4_conn_request and tcp_conn_request)
 * @sk: the listener
 * @skb: the SYN, XTCP_SKB_CB filled
 *
 * Makes a request sock in ehash and answers with a SYN-ACK; when the
 * SYN queue is full, a SYN cookie (net.xinet.tcp_syncookies) or a drop.
 * A full accept queue drops the SYN (ListenOverflows).  Every drop is
 * counted in ListenDrops.
 *
 * Return: 0; @skb is left to the caller.
 */
int xtcp_v4_conn_request(struct sock *sk, struct sk_buff *skb)
{
	struct xtcp_fastopen_cookie foc = { .len = -1 };
	struct xtcp_options_received tmp_opt = {};
	struct xtcp_sock *tp = xtcp_sk(sk);
	struct sock *fastopen_sk = NULL;
	struct net *net = sock_net(sk);
	struct xinet_net *xn = xinet_net(net);
	const struct tcphdr *th = xtcp_hdr(skb);
	const struct iphdr *iph = ip_hdr(skb);
	u32 isn = XTCP_SKB_CB(skb)->tcp_tw_isn;
	u8 syncookies = READ_ONCE(xn->sysctl_tcp_syncookies);
	struct xrequest_sock *req;
	bool want_cookie = false;
	u32 window_clamp, mss, init_rcv_wnd;
	struct xrtable rt;
	u8 rcv_wscale = 0;
	int space;

	/* Never answer a broadcast or multicast SYN. */
	if ((XTCP_SKB_CB(skb)->header.h4.flags & XIPSKB_BROADCAST) ||
	    ipv4_is_multicast(iph->daddr))
		goto drop;

	/*
	 * A SYN that reopens a TIME_WAIT connection (isn set) is let in even
	 * with a full SYN queue: the TIME_WAIT sock proves the peer.
	 */
	if (syncookies == 2 ||
	    (xreqsk_queue_len(&xinet_csk(sk)->icsk_accept_queue) >=
	     READ_ONCE(sk->sk_max_ack_backlog) && !isn)) {
		want_cookie = xtcp_syn_flood_action(sk);
		if (!want_cookie)
			goto drop;
	}

	if (sk_acceptq_is_full(sk)) {
		__XNET_INC_STATS(net, LINUX_MIB_LISTENOVERFLOWS);
		goto drop;
	}

	req = xreqsk_alloc(sk, !want_cookie);
	if (!req)
		goto drop;

	tmp_opt.mss_clamp = XTCP_MSS_DEFAULT;
	tmp_opt.user_mss = tp->rx_opt.user_mss;
	xtcp_parse_options(net, skb, &tmp_opt, 0, &foc);
	/* Without timestamps to carry them a cookie keeps no options. */
	if (want_cookie && !tmp_opt.saw_tstamp) {
		tmp_opt.wscale_ok = 0;
		tmp_opt.snd_wscale = 0;
		tmp_opt.sack_ok = 0;
	}
	tmp_opt.tstamp_ok = tmp_opt.saw_tstamp;

	/* Twin of tcp_openreq_init(). */
	req->rcv_wnd = 0;
	req->rcv_isn = XTCP_SKB_CB(skb)->seq;
	req->rcv_nxt = req->rcv_isn + 1;
	req->snt_synack = 0;
	req->mss = tmp_opt.mss_clamp;
	req->ts_recent = tmp_opt.saw_tstamp ? tmp_opt.rcv_tsval : 0;
	req->tstamp_ok = tmp_opt.tstamp_ok;
	req->ts_off = 0;
	req->sack_ok = tmp_opt.sack_ok;
	req->snd_wscale = tmp_opt.snd_wscale;
	req->wscale_ok = tmp_opt.wscale_ok;
	req->acked = 0;
	req->ecn_ok = 0;
	req->syncookie = want_cookie;
	req->xir_rmt_port = th->source;
	req->xir_num = ntohs(th->dest);
	req->xir_loc_addr = iph->daddr;
	req->xir_rmt_addr = iph->saddr;
	req->xir_iif = READ_ONCE(sk->sk_bound_dev_if);
	RCU_INIT_POINTER(req->ireq_opt, xtcp_v4_save_options(net, skb));

	if (xinet_csk_route_req(sk, req, &rt))
		goto drop_and_free;
	mss = xtcp_dst_advmss(&rt);
	init_rcv_wnd = rt.rt_metrics.initrwnd;
	xip_rt_put(&rt);
	if (tp->rx_opt.user_mss && tp->rx_opt.user_mss < mss)
		mss = tp->rx_opt.user_mss;
	if (req->tstamp_ok)
		req->ts_off = xsecure_tcp_ts_off(net, iph->daddr, iph->saddr);

	if (!want_cookie && !isn) {
		int max_syn_backlog = READ_ONCE(xn->sysctl_max_syn_backlog);

		/*
		 * Without cookies, keep the last quarter of the SYN backlog
		 * for peers we know (Linux: proven by the metrics cache;
		 * xinet has none, so nobody is proven).
		 */
		if (!syncookies &&
		    (max_syn_backlog -
		     xreqsk_queue_len(&xinet_csk(sk)->icsk_accept_queue) <
		     (max_syn_backlog >> 2))) {
			net_dbg_ratelimited("drop open request from %pI4/%u\n",
					    &iph->saddr, ntohs(th->source));
			goto drop_and_free;
		}
		isn = xtcp_v4_init_seq(skb);
	}
	xtcp_ecn_create_request(req, skb, sk);
	if (want_cookie) {
		u16 cmss = req->mss;

		/* A cookie carries ECN only in a timestamp. */
		if (!req->tstamp_ok)
			req->ecn_ok = 0;

		isn = xcookie_v4_init_sequence(skb, &cmss);
		req->mss = cmss;
		WRITE_ONCE(tp->synq_last_overflow, jiffies | 1);
		__XNET_INC_STATS(net, LINUX_MIB_SYNCOOKIESSENT);
	}
	req->snt_isn = isn;

	/* Twin of tcp_openreq_init_rwin(): the window of the SYN-ACK. */
	window_clamp = READ_ONCE(tp->window_clamp);
	space = xtcp_full_space(sk);
	if ((sk->sk_userlocks & SOCK_RCVBUF_LOCK) &&
	    (window_clamp > space || !window_clamp))
		window_clamp = space;
	xtcp_select_initial_window(sk, space,
				   mss - (req->tstamp_ok ?
					  XTCPOLEN_TSTAMP_ALIGNED : 0),
				   &req->rcv_wnd, &window_clamp,
				   req->wscale_ok, &rcv_wscale, init_rcv_wnd);
	req->rcv_wscale = rcv_wscale;

	if (!want_cookie) {
		xtcp_reqsk_record_syn(sk, req, skb);
		fastopen_sk = xtcp_try_fastopen(sk, skb, req, &foc);
	}
	if (fastopen_sk) {
		/*
		 * The child exists already: it sends the SYN-ACK, which
		 * acknowledges the SYN's data, and sits in the accept queue.
		 */
		xtcp_send_synack(fastopen_sk, req, &foc);
		if (!xinet_csk_reqsk_queue_add(sk, req, fastopen_sk)) {
			/* The listener closed: the child was reset. */
			__acquire(&fastopen_sk->sk_lock.slock);
			bh_unlock_sock(fastopen_sk);
			sock_put(fastopen_sk);
			xreqsk_put(req);
			return 0;
		}
		sk->sk_data_ready(sk);
		__acquire(&fastopen_sk->sk_lock.slock);
		bh_unlock_sock(fastopen_sk);
		sock_put(fastopen_sk);
		return 0;
	}
	if (!want_cookie) {
		if (unlikely(!xinet_csk_reqsk_queue_hash_add(sk, req))) {
			/* The same SYN on another CPU won. */
			__xreqsk_free(req);
			return 0;
		}
	}
	xtcp_send_synack(sk, req, &foc);
	if (want_cookie) {
		__xreqsk_free(req);
		return 0;
	}
	xreqsk_put(req);
	return 0;

drop_and_free:
	__xreqsk_free(req);
drop:
	xtcp_listendrop(sk);
	return 0;
}

/**
 * xtcp_v4_syn_recv_sock - the child of a completed handshake, in ehash
 *	in place of its request (twin of tcp_v4_syn_recv_sock)
 * @sk: the listener
 * @skb: the handshake's ACK
 * @req: the request (a SYN cookie's is not in ehash)
 * @own_req: set when this call replaced @req in ehash
 *
 * Return: the child, bh-locked, or NULL (accept queue full: counted as
 * ListenOverflows and ListenDrops; or no memory, no port).
 */
struct sock *xtcp_v4_syn_recv_sock(const struct sock *sk, struct sk_buff *skb,
				   struct xrequest_sock *req,
				   bool *own_req)
{
	struct ip_options_rcu *inet_opt;
	struct xtcp_md5sig_key *key;
	bool found_dup_sk = false;
	struct sock *newsk;
	int l3index;

	if (sk_acceptq_is_full(sk))
		goto exit_overflow;

	newsk = xtcp_create_openreq_child(sk, req, skb);
	if (!newsk)
		goto exit;
	/* TCP_SAVED_SYN: the child owns the SYN's headers now. */
	xtcp_sk(newsk)->saved_syn = req->saved_syn;
	req->saved_syn = NULL;

	/* The child answers with the SYN's options from now on. */
	inet_opt = rcu_dereference_protected(req->ireq_opt, true);
	RCU_INIT_POINTER(xinet_sk(newsk)->xinet_opt, inet_opt);
	RCU_INIT_POINTER(req->ireq_opt, NULL);
	xinet_csk(newsk)->icsk_ext_hdr_len = 0;
	if (inet_opt) {
		xinet_csk(newsk)->icsk_ext_hdr_len = inet_opt->opt.optlen;
		xtcp_sync_mss(newsk, xinet_csk(newsk)->icsk_pmtu_cookie);
	}

	/* The listener's key for this peer, copied for the peer alone. */
	l3index = l3mdev_master_ifindex_by_index(sock_net(sk), req->xir_iif);
	key = xtcp_md5_do_lookup(sk, l3index, newsk->sk_daddr);
	if (key && xtcp_md5_key_copy(newsk, newsk->sk_daddr, 32,
				     key->l3index, key))
		goto put_and_exit;

	if (__xinet_inherit_port(sk, newsk) < 0)
		goto put_and_exit;
	/* Neither a cookie's request nor a Fast Open one is in ehash. */
	*own_req = xinet_ehash_nolisten(newsk,
					req->syncookie || req->tfo_listener ?
					NULL : xreq_to_sk(req),
					&found_dup_sk);
	if (!*own_req && req->syncookie && found_dup_sk) {
		/* Only a cookie's ACK can race with an existing connection. */
		__acquire(&newsk->sk_lock.slock);	/* sparse: see put_and_exit */
		bh_unlock_sock(newsk);
		sock_put(newsk);
		newsk = NULL;
	}
	return newsk;

exit_overflow:
	__XNET_INC_STATS(sock_net(sk), LINUX_MIB_LISTENOVERFLOWS);
exit:
	xtcp_listendrop(sk);
	return NULL;
put_and_exit:
	/* sparse: xtcp_create_openreq_child() returned it locked */
	__acquire(&newsk->sk_lock.slock);
	xinet_csk_prepare_forced_close(newsk);
	xtcp_done(newsk);
	goto exit;
}

/* ---- receive ------------------------------------------------------------- */

/**
 * xtcp_v4_do_rcv - a segment for a socket we may process now (twin of
 *	tcp_v4_do_rcv); also sk_backlog_rcv
 * @sk: the socket, bh-locked and not owned, or a listener (lockless)
 * @skb: the segment, XTCP_SKB_CB filled
 *
 * Return: 0; @skb is consumed.
 */
int xtcp_v4_do_rcv(struct sock *sk, struct sk_buff *skb)
{
	const struct tcphdr *th = xtcp_hdr(skb);
	struct sock *rsk;

	if (sk->sk_state == TCP_ESTABLISHED) {
		xtcp_rcv_established(sk, skb);
		return 0;
	}

	if (sk->sk_state == TCP_LISTEN) {
		if (!th->syn) {
			struct sock *nsk = xcookie_v4_check(sk, skb);

			if (!nsk)
				goto discard;
			if (nsk != sk) {
				if (xtcp_child_process(sk, nsk, skb)) {
					rsk = nsk;
					goto reset;
				}
				return 0;
			}
		}
		/* The LISTEN case of tcp_rcv_state_process(). */
		if (th->ack) {
			rsk = sk;
			goto reset;
		}
		if (th->rst || !th->syn || th->fin)
			goto discard;
		local_bh_disable();
		xtcp_v4_conn_request(sk, skb);
		local_bh_enable();
		consume_skb(skb);
		return 0;
	}

	if (xtcp_rcv_state_process(sk, skb)) {
		rsk = sk;
		goto reset;
	}
	return 0;

reset:
	xtcp_v4_send_reset(rsk, skb);
discard:
	kfree_skb(skb);
	return 0;
}

/* Twin of tcp_v4_fill_cb(): the IP control block first, then TCP's. */
static void xtcp_v4_fill_cb(struct sk_buff *skb, const struct iphdr *iph,
			    const struct tcphdr *th)
{
	struct xtcp_skb_cb *tcb = XTCP_SKB_CB(skb);

	/* header.h4 overlaps nothing of XIPCB's old place but seq & co. */
	memmove(&tcb->header.h4, XIPCB(skb), sizeof(struct xinet_skb_parm));
	barrier();
	tcb->seq = ntohl(th->seq);
	tcb->end_seq = tcb->seq + th->syn + th->fin + skb->len - th->doff * 4;
	tcb->ack_seq = ntohl(th->ack_seq);
	tcb->tcp_flags = ((u8 *)th)[13];
	tcb->ip_dsfield = ipv4_get_dsfield(iph);
	tcb->sacked = 0;
	tcb->tcp_tw_isn = 0;
}

/*
 * Twin of tcp_filter(): the socket's filter (SO_ATTACH_FILTER, BPF) sees
 * the segment from its TCP header and may drop it or trim its payload;
 * the sequence space then follows what is left.  True when dropped.
 */
static bool xtcp_filter(struct sock *sk, struct sk_buff *skb)
{
	const struct tcphdr *th = xtcp_hdr(skb);
	struct xtcp_skb_cb *tcb;

	if (sk_filter_trim_cap(sk, skb, th->doff * 4))
		return true;
	th = xtcp_hdr(skb);
	tcb = XTCP_SKB_CB(skb);
	tcb->end_seq = tcb->seq + th->syn + th->fin + skb->len - th->doff * 4;
	return false;
}

/*
 * Whether @skb may join @tail, the last skb of the backlog, as the
 * continuation of one segment (tcp_add_backlog()'s test): in sequence,
 * the same TOS and ECN flags, both ACKs without SYN, RST or URG, and the
 * same TCP options, so that processing the two as one changes nothing
 * but the count of ACKs the receiver sends.
 */
static bool xtcp_backlog_can_coalesce(const struct sk_buff *tail,
				      const struct sk_buff *skb)
{
	const struct xtcp_skb_cb *tcb = XTCP_SKB_CB(tail);
	const struct xtcp_skb_cb *cb = XTCP_SKB_CB(skb);
	const struct tcphdr *thtail = (const struct tcphdr *)tail->data;
	const struct tcphdr *th = (const struct tcphdr *)skb->data;

	return tcb->end_seq == cb->seq &&
	       tcb->ip_dsfield == cb->ip_dsfield &&
	       !((tcb->tcp_flags | cb->tcp_flags) &
		 (XTCPHDR_SYN | XTCPHDR_RST | XTCPHDR_URG)) &&
	       ((tcb->tcp_flags & cb->tcp_flags) & XTCPHDR_ACK) &&
	       !((tcb->tcp_flags ^ cb->tcp_flags) &
		 (XTCPHDR_ECE | XTCPHDR_CWR)) &&
	       !skb_cmp_decrypted(tail, skb) &&
	       thtail->doff == th->doff &&
	       !memcmp(thtail + 1, th + 1, th->doff * 4 - sizeof(*th));
}

/*
 * Appends @skb to the backlog's last skb when it continues it
 * (xtcp_backlog_can_coalesce()): the owner then processes one segment,
 * and sends one ACK, for the run.  The tail takes the newer ACK number
 * and window, the union of the flags (a FIN too), the larger segment
 * size and the sum of the segment counts, as a GRO packet would.
 *
 * Return: true when @skb was consumed.
 */
static bool xtcp_backlog_coalesce(struct sock *sk, struct sk_buff *skb)
{
	struct sk_buff *tail = sk->sk_backlog.tail;
	u32 gso_size, gso_segs, tail_gso_size, tail_gso_segs;
	const struct tcphdr *th = (const struct tcphdr *)skb->data;
	unsigned int hdrlen = th->doff * 4;
	struct skb_shared_info *shinfo;
	struct tcphdr *thtail;
	bool fragstolen;
	int delta;

	if (!tail || !xtcp_backlog_can_coalesce(tail, skb))
		return false;
	thtail = (struct tcphdr *)tail->data;

	__skb_pull(skb, hdrlen);
	shinfo = skb_shinfo(skb);
	gso_size = shinfo->gso_size ?: skb->len;
	gso_segs = shinfo->gso_segs ?: 1;
	shinfo = skb_shinfo(tail);
	tail_gso_size = shinfo->gso_size ?: tail->len - hdrlen;
	tail_gso_segs = shinfo->gso_segs ?: 1;

	if (!skb_try_coalesce(tail, skb, &fragstolen, &delta)) {
		__skb_push(skb, hdrlen);
		return false;
	}
	XTCP_SKB_CB(tail)->end_seq = XTCP_SKB_CB(skb)->end_seq;
	if (!xtcp_before(XTCP_SKB_CB(skb)->ack_seq, XTCP_SKB_CB(tail)->ack_seq)) {
		XTCP_SKB_CB(tail)->ack_seq = XTCP_SKB_CB(skb)->ack_seq;
		thtail->window = th->window;
	}
	/* The header's FIN too: the fast path looks at the header. */
	thtail->fin |= th->fin;
	XTCP_SKB_CB(tail)->tcp_flags |= XTCP_SKB_CB(skb)->tcp_flags;
	shinfo->gso_size = max(gso_size, tail_gso_size);
	shinfo->gso_segs = min_t(u32, gso_segs + tail_gso_segs, 0xFFFF);

	sk->sk_backlog.len += delta;
	__XNET_INC_STATS(sock_net(sk), LINUX_MIB_TCPBACKLOGCOALESCE);
	kfree_skb_partial(skb, fragstolen);
	return true;
}

/*
 * Twin of tcp_add_backlog(): the owner processes it at release_sock().
 * @sk is bh-locked; unlike tcp_add_backlog() the caller unlocks it on
 * either outcome, which keeps the lock's pairing in one function.
 *
 * A segment that continues the backlog's last one joins it, whatever
 * the limit (an skb holds at most MAX_SKB_FRAGS fragments).  The limit
 * is Linux's: twice the receive buffer, half the send buffer (ACKs that
 * free it) and 64 KiB, as only the owner can collapse the queues.  A
 * tighter one dropped 64 KiB segments over xlo while a reader held the
 * socket, to be retransmitted after an RTO.
 *
 * Return: true when @skb was dropped (counted; the caller frees it).
 */
static bool xtcp_add_backlog(struct sock *sk, struct sk_buff *skb)
{
	u64 limit;

	/* The true size of what the skb holds, before it is charged. */
	xinet_skb_condense(skb);
	/* The device and the route may go while the skb waits. */
	skb->dev = NULL;
	skb_dst_drop(skb);

	if (xtcp_backlog_coalesce(sk, skb))
		return false;

	limit = (u64)READ_ONCE(sk->sk_rcvbuf) << 1;
	limit += (u32)READ_ONCE(sk->sk_sndbuf) >> 1;
	limit += 64 * 1024;
	limit = min_t(u64, limit, UINT_MAX);
	if (unlikely(sk_add_backlog(sk, skb, limit))) {
		__XNET_INC_STATS(sock_net(sk), LINUX_MIB_TCPBACKLOGDROP);
		return true;
	}
	return false;
}

/*
 * A segment for a TIME_WAIT sock, the do_time_wait block of tcp_v4_rcv():
 * a SYN that may reopen the connection goes to a listener if one is
 * there; anything else is answered from the mini-state.  Consumes @skb
 * and the lookup's reference on @sk.
 */
static int xtcp_v4_do_time_wait(struct net *net, struct sock *sk,
				struct sk_buff *skb)
{
	struct xinet_timewait_sock *tw = xinet_twsk(sk);
	const struct tcphdr *th = xtcp_hdr(skb);
	const struct iphdr *iph = ip_hdr(skb);

	switch (xtcp_timewait_state_process(tw, skb, th)) {
	case XTCP_TW_SYN: {
		struct sock *sk2;

		sk2 = __xinet_lookup_listener(net, &xtcp_hashinfo, skb,
					      iph->saddr, th->source,
					      iph->daddr, ntohs(th->dest),
					      XTCP_SKB_CB(skb)->header.h4.iif);
		if (sk2) {
			xinet_twsk_deschedule_put(tw);
			/* Listeners are lockless, as in Linux. */
			return xtcp_v4_do_rcv(sk2, skb);
		}
		/* No listener: ACK as for any other segment. */
		fallthrough;
	}
	case XTCP_TW_ACK:
		/* Twin of tcp_v4_timewait_ack(). */
		xtcp_v4_send_ack(sk, skb, tw->xtw_snd_nxt,
				 READ_ONCE(tw->xtw_rcv_nxt),
				 tw->tw_rcv_wnd >> tw->tw_rcv_wscale,
				 xtcp_clock_ts() + tw->tw_ts_offset,
				 READ_ONCE(tw->tw_ts_recent), tw->tw_md5_key);
		xinet_twsk_put(tw);
		break;
	case XTCP_TW_RST:
		xtcp_v4_send_reset(sk, skb);
		xinet_twsk_deschedule_put(tw);
		break;
	case XTCP_TW_SUCCESS:
		break;
	}
	kfree_skb(skb);
	return 0;
}

/**
 * xtcp_v4_rcv - TCP's receive handler (twin of tcp_v4_rcv)
 * @skb: a segment for this host, IP header checked and pulled
 *
 * Checks the header and the checksum, finds the socket (established,
 * request, TIME_WAIT or listener) and hands the segment on; a segment
 * for no socket gets a reset.  Called under rcu_read_lock().
 *
 * Return: 0; @skb is consumed.
 */
int xtcp_v4_rcv(struct sk_buff *skb)
{
	struct net *net = dev_net(skb->dev);
	enum skb_drop_reason drop_reason;
	const struct tcphdr *th;
	const struct iphdr *iph;
	bool refcounted;
	struct sock *sk;
	int ret;

	if (skb->pkt_type != PACKET_HOST)
		goto discard_it;

	__XTCP_INC_STATS(net, TCP_MIB_INSEGS);

	if (!pskb_may_pull(skb, sizeof(struct tcphdr)))
		goto discard_it;
	skb_reset_transport_header(skb);
	th = xtcp_hdr(skb);
	if (unlikely(th->doff < sizeof(struct tcphdr) / 4))
		goto bad_packet;
	if (!pskb_may_pull(skb, th->doff * 4))
		goto discard_it;
	if (skb_checksum_init(skb, IPPROTO_TCP, inet_compute_pseudo))
		goto csum_error;
	if (!skb_csum_unnecessary(skb) && __skb_checksum_complete(skb))
		goto csum_error;

	th = xtcp_hdr(skb);
	iph = ip_hdr(skb);
	xtcp_v4_fill_cb(skb, iph, th);

lookup:
	sk = __xinet_lookup_skb(&xtcp_hashinfo, skb, th->source, th->dest,
				&refcounted);
	if (!sk)
		goto no_tcp_socket;

	if (sk->sk_state == TCP_TIME_WAIT)
		return xtcp_v4_do_time_wait(net, sk, skb);

	if (sk->sk_state == TCP_NEW_SYN_RECV) {
		struct xrequest_sock *req = xinet_reqsk(sk);
		struct sock *nsk;

		sk = req->xrsk_listener;
		drop_reason = xtcp_inbound_hash(sk, skb);
		if (unlikely(drop_reason)) {
			atomic_inc(&sk->sk_drops);
			xreqsk_put(req);
			goto discard_reason;
		}
		if (unlikely(sk->sk_state != TCP_LISTEN)) {
			xinet_csk_reqsk_queue_drop_and_put(sk, req);
			goto lookup;
		}
		/* Our own reference on the listener: the request may go. */
		sock_hold(sk);
		refcounted = true;
		nsk = NULL;
		if (!xtcp_filter(sk, skb))
			nsk = xtcp_check_req(sk, skb, req);
		if (!nsk) {
			xreqsk_put(req);
			goto discard_and_relse;
		}
		if (nsk == sk) {
			xreqsk_put(req);
		} else {
			if (xtcp_child_process(sk, nsk, skb)) {
				xtcp_v4_send_reset(nsk, skb);
				goto discard_and_relse;
			}
			sock_put(sk);
			return 0;
		}
	}

	drop_reason = xtcp_inbound_hash(sk, skb);
	if (unlikely(drop_reason)) {
		atomic_inc(&sk->sk_drops);
		if (refcounted)
			sock_put(sk);
		goto discard_reason;
	}

	if (xtcp_filter(sk, skb))
		goto discard_and_relse;

	if (sk->sk_state == TCP_LISTEN) {
		/* Listeners are lockless, as in Linux. */
		ret = xtcp_v4_do_rcv(sk, skb);
		goto put_and_return;
	}

	bh_lock_sock_nested(sk);
	/* As tcp_segs_in(): a GSO packet counts its wire segments. */
	WRITE_ONCE(xtcp_sk(sk)->segs_in, xtcp_sk(sk)->segs_in +
		   max_t(u16, 1, skb_shinfo(skb)->gso_segs));
	ret = 0;
	if (!sock_owned_by_user(sk)) {
		ret = xtcp_v4_do_rcv(sk, skb);
	} else if (xtcp_add_backlog(sk, skb)) {
		bh_unlock_sock(sk);
		goto discard_and_relse;
	}
	bh_unlock_sock(sk);

put_and_return:
	if (refcounted)
		sock_put(sk);
	return ret;

no_tcp_socket:
	xtcp_v4_send_reset(NULL, skb);
discard_it:
	kfree_skb(skb);
	return 0;

discard_reason:
	/* A TCP-MD5 drop: the reason names which, as Linux's does. */
	kfree_skb_reason(skb, drop_reason);
	return 0;

csum_error:
	__XTCP_INC_STATS(net, TCP_MIB_CSUMERRORS);
bad_packet:
	__XTCP_INC_STATS(net, TCP_MIB_INERRS);
	goto discard_it;

discard_and_relse:
	atomic_inc(&sk->sk_drops);
	if (refcounted)
		sock_put(sk);
	goto discard_it;
}

/**
 * xtcp_v4_destroy_sock - TCP's part of destroying a socket (twin of
 *	tcp_v4_destroy_sock); sk_prot->destroy
 * @sk: the socket
 */
void xtcp_v4_destroy_sock(struct sock *sk)
{
	xtcp_clear_xmit_timers(sk);
	xtcp_cleanup_congestion_control(sk);
	xtcp_write_queue_purge(sk);
	xtcp_ofo_purge(sk);
	kfree(xtcp_sk(sk)->saved_syn);
	xtcp_sk(sk)->saved_syn = NULL;
	/* Closing gave a Fast Open child's request back (xtcp_set_state). */
	WARN_ON_ONCE(xtcp_sk(sk)->fastopen_rsk);
	xtcp_free_fastopen_req(xtcp_sk(sk));
	/* The keys, freed after a grace period: segments may hold them. */
	xtcp_clear_md5_list(sk);
	xtcp_rec_destroy(sk);
	if (xinet_csk(sk)->icsk_bind_hash)
		xinet_put_port(sk);
	sk_sockets_allocated_dec(sk);
}

/* ---- /proc/net/xinet/tcp (twin of tcp4_seq_*) --------------------------- */

enum xtcp_seq_states {
	XTCP_SEQ_STATE_LISTENING,
	XTCP_SEQ_STATE_ESTABLISHED,
};

/**
 * struct xtcp_iter_state - position of a /proc/net/xinet/tcp reader
 * @p: the namespace
 * @state: the table being walked
 * @bucket: the chain; its lock is held while an entry is shown
 * @offset: the entry's place in its chain (this namespace's entries)
 * @num: the line number ("sl")
 * @last_pos: the position the last read stopped at, where the next one
 *	resumes without walking the tables from the start
 */
struct xtcp_iter_state {
	struct seq_net_private	p;
	enum xtcp_seq_states	state;
	unsigned int		bucket;
	int			offset;
	int			num;
	loff_t			last_pos;
};

static struct sock *xtcp_sk_from(struct hlist_nulls_node *node,
				 const struct net *net)
{
	struct sock *sk;

	for (; !is_a_nulls(node); node = node->next) {
		sk = hlist_nulls_entry(node, struct sock, sk_nulls_node);
		if (net_eq(sock_net(sk), net))
			return sk;
	}
	return NULL;
}

/* The first entry from @st->bucket on, its chain locked; or NULL. */
static struct sock *xtcp_seq_bucket_first(struct seq_file *seq)
{
	struct xtcp_iter_state *st = seq->private;
	struct xinet_hashinfo *h = &xtcp_hashinfo;
	struct net *net = seq_file_net(seq);
	struct sock *sk;

	if (st->state == XTCP_SEQ_STATE_LISTENING) {
		for (; st->bucket <= h->lhash_mask; st->bucket++) {
			struct xinet_listen_hashbucket *ilb = &h->lhash[st->bucket];

			spin_lock_bh(&ilb->lock);
			sk = xtcp_sk_from(ilb->nulls_head.first, net);
			if (sk) {
				/* sparse: held until xtcp_seq_unlock() */
				__release(&ilb->lock);
				st->offset = 0;
				return sk;
			}
			spin_unlock_bh(&ilb->lock);
		}
		st->state = XTCP_SEQ_STATE_ESTABLISHED;
		st->bucket = 0;
	}
	for (; st->bucket <= h->ehash_mask; st->bucket++) {
		struct xinet_ehash_bucket *head = &h->ehash[st->bucket];
		spinlock_t *lock = xinet_ehash_lockp(h, st->bucket);

		if (hlist_nulls_empty(&head->chain))
			continue;
		spin_lock_bh(lock);
		sk = xtcp_sk_from(head->chain.first, net);
		if (sk) {
			/* sparse: held until xtcp_seq_unlock() */
			__release(lock);
			st->offset = 0;
			return sk;
		}
		spin_unlock_bh(lock);
	}
	return NULL;
}

static void xtcp_seq_unlock(struct seq_file *seq)
{
	struct xtcp_iter_state *st = seq->private;
	struct xinet_hashinfo *h = &xtcp_hashinfo;
	spinlock_t *lock = st->state == XTCP_SEQ_STATE_LISTENING ?
			   &h->lhash[st->bucket].lock :
			   xinet_ehash_lockp(h, st->bucket);

	__acquire(lock);	/* sparse: taken by xtcp_seq_bucket_first() */
	spin_unlock_bh(lock);
}

static struct sock *xtcp_seq_get_next(struct seq_file *seq, struct sock *cur)
{
	struct xtcp_iter_state *st = seq->private;
	struct sock *sk;

	++st->num;
	sk = xtcp_sk_from(cur->sk_nulls_node.next, seq_file_net(seq));
	if (sk) {
		st->offset++;
		return sk;
	}
	xtcp_seq_unlock(seq);
	st->bucket++;
	return xtcp_seq_bucket_first(seq);
}

/*
 * Twin of tcp_seek_last_pos(): the entry the last read stopped at, from
 * its chain and place in it, rather than counting from the start of the
 * tables on every read(2), which made a listing quadratic in its length.
 * Entries gone meanwhile move the rest up, as on Linux.
 */
static struct sock *xtcp_seek_last_pos(struct seq_file *seq)
{
	struct xtcp_iter_state *st = seq->private;
	enum xtcp_seq_states state = st->state;
	unsigned int bucket = st->bucket;
	int offset = st->offset;
	int num = st->num;
	struct sock *sk;

	sk = xtcp_seq_bucket_first(seq);
	while (sk && offset-- && st->bucket == bucket && st->state == state)
		sk = xtcp_seq_get_next(seq, sk);
	st->num = num;
	return sk;
}

static void *xtcp_seq_start(struct seq_file *seq, loff_t *pos)
{
	struct xtcp_iter_state *st = seq->private;
	struct sock *sk;
	loff_t n;

	if (*pos && *pos == st->last_pos) {
		sk = xtcp_seek_last_pos(seq);
		if (sk)
			goto out;
	}
	st->state = XTCP_SEQ_STATE_LISTENING;
	st->bucket = 0;
	st->offset = 0;
	st->num = 0;
	if (!*pos) {
		sk = SEQ_START_TOKEN;
		goto out;
	}
	sk = xtcp_seq_bucket_first(seq);
	for (n = *pos - 1; sk && n; n--)
		sk = xtcp_seq_get_next(seq, sk);
out:
	st->last_pos = *pos;
	return sk;
}

static void *xtcp_seq_next(struct seq_file *seq, void *v, loff_t *pos)
{
	struct xtcp_iter_state *st = seq->private;
	struct sock *sk;

	if (v == SEQ_START_TOKEN)
		sk = xtcp_seq_bucket_first(seq);
	else
		sk = xtcp_seq_get_next(seq, v);
	st->last_pos = ++*pos;
	return sk;
}

static void xtcp_seq_stop(struct seq_file *seq, void *v)
{
	if (v && v != SEQ_START_TOKEN)
		xtcp_seq_unlock(seq);
}

static void xtcp_get_openreq4(const struct xrequest_sock *req,
			      struct seq_file *f, int i)
{
	long delta = req->xrsk_timer.expires - jiffies;

	seq_printf(f, "%4d: %08X:%04X %08X:%04X %02X %08X:%08X %02X:%08lX %08X %5u %8d %u %d %pK",
		   i, req->xir_loc_addr, req->xir_num, req->xir_rmt_addr,
		   ntohs(req->xir_rmt_port), TCP_SYN_RECV, 0, 0, 1,
		   jiffies_delta_to_clock_t(delta), req->num_timeout,
		   from_kuid_munged(seq_user_ns(f),
				    sock_i_uid(req->xrsk_listener)),
		   0, 0, 0, req);
}

static void xtcp_get_sock4(struct sock *sk, struct seq_file *f, int i)
{
	const struct xinet_connection_sock *icsk = xinet_csk(sk);
	const struct xtcp_sock *tp = xtcp_sk(sk);
	const struct xinet_sock *xinet = xinet_sk(sk);
	unsigned long timer_expires;
	int timer_active, rx_queue, state;

	if (icsk->icsk_pending == XICSK_TIME_RETRANS ||
	    icsk->icsk_pending == XICSK_TIME_REO_TIMEOUT ||
	    icsk->icsk_pending == XICSK_TIME_LOSS_PROBE) {
		timer_active = 1;
		timer_expires = icsk->icsk_timeout;
	} else if (icsk->icsk_pending == XICSK_TIME_PROBE0) {
		timer_active = 4;
		timer_expires = icsk->icsk_timeout;
	} else if (timer_pending(&sk->sk_timer)) {
		timer_active = 2;
		timer_expires = sk->sk_timer.expires;
	} else {
		timer_active = 0;
		timer_expires = jiffies;
	}

	state = xinet_sk_state_load(sk);
	if (state == TCP_LISTEN)
		rx_queue = READ_ONCE(sk->sk_ack_backlog);
	else
		/* Unlocked: a transient negative value is possible. */
		rx_queue = max_t(int, READ_ONCE(tp->rcv_nxt) -
				 READ_ONCE(tp->copied_seq), 0);

	seq_printf(f, "%4d: %08X:%04X %08X:%04X %02X %08X:%08X %02X:%08lX %08X %5u %8d %lu %d %pK %lu %lu %u %u %d",
		   i, xinet->xinet_rcv_saddr, ntohs(xinet->xinet_sport),
		   xinet->xinet_daddr, ntohs(xinet->xinet_dport), state,
		   READ_ONCE(tp->write_seq) - tp->snd_una, rx_queue,
		   timer_active,
		   jiffies_delta_to_clock_t(timer_expires - jiffies),
		   icsk->icsk_retransmits,
		   from_kuid_munged(seq_user_ns(f), sock_i_uid(sk)),
		   icsk->icsk_probes_out, sock_i_ino(sk),
		   refcount_read(&sk->sk_refcnt), sk,
		   jiffies_to_clock_t(icsk->icsk_rto),
		   jiffies_to_clock_t(icsk->icsk_ack.ato),
		   (icsk->icsk_ack.quick << 1) |
		   xinet_csk_in_pingpong_mode(sk),
		   tp->snd_cwnd,
		   state == TCP_LISTEN ? 0 :
		   (tp->snd_ssthresh >= 0x7fffffff ? -1 :
		    (int)tp->snd_ssthresh));
}

static void xtcp_get_timewait4(const struct xinet_timewait_sock *tw,
			       struct seq_file *f, int i)
{
	long delta = tw->tw_timer.expires - jiffies;

	seq_printf(f, "%4d: %08X:%04X %08X:%04X %02X %08X:%08X %02X:%08lX %08X %5d %8d %d %d %pK",
		   i, tw->xtw_rcv_saddr, ntohs(tw->tw_sport), tw->xtw_daddr,
		   ntohs(tw->xtw_dport), READ_ONCE(tw->tw_substate), 0, 0, 3,
		   jiffies_delta_to_clock_t(delta), 0, 0, 0, 0,
		   refcount_read(&tw->xtw_refcnt), tw);
}

static int xtcp4_seq_show(struct seq_file *seq, void *v)
{
	struct xtcp_iter_state *st = seq->private;
	struct sock *sk = v;

	seq_setwidth(seq, 149);
	if (v == SEQ_START_TOKEN) {
		seq_puts(seq, "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode");
		goto out;
	}
	if (sk->sk_state == TCP_TIME_WAIT)
		xtcp_get_timewait4(xinet_twsk(sk), seq, st->num);
	else if (sk->sk_state == TCP_NEW_SYN_RECV)
		xtcp_get_openreq4(xinet_reqsk(sk), seq, st->num);
	else
		xtcp_get_sock4(sk, seq, st->num);
out:
	seq_pad(seq, '\n');
	return 0;
}

static const struct seq_operations xtcp4_seq_ops = {
	.start	= xtcp_seq_start,
	.next	= xtcp_seq_next,
	.stop	= xtcp_seq_stop,
	.show	= xtcp4_seq_show,
};

/* ---- registration -------------------------------------------------------- */

static int xtcp_v4_init_sock(struct sock *sk)
{
	xtcp_init_sock(sk);
	return 0;
}

/**
 * xtcp_v4_net_init - TCP state of a new namespace (twin of tcp_sk_init)
 * @net: the namespace; its /proc/net/xinet exists
 *
 * Return: 0 or -ENOMEM.
 */
int xtcp_v4_net_init(struct net *net)
{
	struct xinet_net *xn = xinet_net(net);

	get_random_bytes(xn->tcp_port_perturb, sizeof(xn->tcp_port_perturb));
	if (!proc_create_net("tcp", 0444, xn->proc_dir, &xtcp4_seq_ops,
			     sizeof(struct xtcp_iter_state)))
		return -ENOMEM;
	xtcp_net_init_congestion_control(net);
	return 0;
}

/**
 * xtcp_v4_net_exit - a namespace goes: its TIME_WAIT and request socks
 *	with it (twin of tcp_sk_exit and tcp_sk_exit_batch)
 * @net: the namespace, without full sockets
 */
void xtcp_v4_net_exit(struct net *net)
{
	xinet_twsk_purge(net);
	xtcp_net_exit_congestion_control(net);
	remove_proc_entry("tcp", xinet_net(net)->proc_dir);
	WARN_ON_ONCE(atomic_read(&xinet_net(net)->tcp_tw_count));
}

/**
 * xtcp_v4_mtu_reduced - act on a "fragmentation needed" (twin of
 *	tcp_v4_mtu_reduced)
 * @sk: the socket, locked and not owned by the user
 *
 * The MTU xtcp_v4_err() left in tp->mtu_info goes into the route's PMTU
 * exception; if the path MTU is now below what the MSS was computed for,
 * the MSS shrinks and every segment in flight that no longer fits is
 * sent again at once ("fast" PMTU discovery) rather than at the RTO.
 */
void xtcp_v4_mtu_reduced(struct sock *sk)
{
	struct xinet_sock *xinet = xinet_sk(sk);
	struct xflowi4 fl4 = {
		.oif	= READ_ONCE(sk->sk_bound_dev_if),
		.proto	= IPPROTO_TCP,
		.daddr	= xinet->xinet_daddr,
		.saddr	= xinet->xinet_saddr,
	};
	struct xrtable rt;
	u32 mtu;

	if ((1 << sk->sk_state) & (TCPF_LISTEN | TCPF_CLOSE))
		return;
	mtu = READ_ONCE(xtcp_sk(sk)->mtu_info);
	/* Twin of inet_csk_update_pmtu(): record it, look the route up. */
	xip_rt_update_pmtu(sock_net(sk), &fl4, mtu);
	if (xtcp_route(sk, &rt))
		return;

	/* Remembered in case the connection cannot recover. */
	if (mtu < rt.rt_mtu && xip_dont_fragment(sk, &rt))
		WRITE_ONCE(sk->sk_err_soft, EMSGSIZE);
	mtu = rt.rt_mtu;
	xip_rt_put(&rt);

	if (READ_ONCE(xinet->pmtudisc) != IP_PMTUDISC_DONT &&
	    xip_sk_accept_pmtu(sk) &&
	    xinet_csk(sk)->icsk_pmtu_cookie > mtu) {
		xtcp_sync_mss(sk, mtu);
		xtcp_simple_retransmit(sk);
	} /* else the retransmission timer deals with it */
}

/**
 * xtcp_v4_err - an ICMP error about a segment we sent (twin of tcp_v4_err)
 * @skb: the ICMP, data at the quoted IP header (and 8 bytes beyond)
 * @info: the ICMP's value: the next-hop MTU of "fragmentation needed"
 *
 * Only an ICMP that quotes a live connection and a sequence number
 * between snd_una and snd_nxt is believed (RFC 5927), so that a blind
 * attacker cannot shrink the MSS.  "Fragmentation needed" lowers the path
 * MTU (deferred to release_sock() if the user owns the socket, as
 * TCP_MTU_REDUCED_DEFERRED); an unreachable ends a connection that is
 * still opening; on an established one errors are soft, reported at
 * timeout or at once with IP_RECVERR.
 *
 * Return: 0, or -ENOENT when no connection sent the quoted segment.
 */
int xtcp_v4_err(struct sk_buff *skb, u32 info)
{
	const struct iphdr *iph = (const struct iphdr *)skb->data;
	const struct tcphdr *th = (const struct tcphdr *)(skb->data +
							  (iph->ihl << 2));
	struct net *net = dev_net(skb->dev);
	const int type = icmp_hdr(skb)->type;
	const int code = icmp_hdr(skb)->code;
	struct xtcp_sock *tp;
	struct sock *sk;
	u32 seq;
	int err;

	sk = __xinet_lookup_established(net, &xtcp_hashinfo, iph->daddr,
					th->dest, iph->saddr,
					ntohs(th->source), skb->dev->ifindex);
	if (!sk) {
		__XICMP_INC_STATS(net, ICMP_MIB_INERRORS);
		return -ENOENT;
	}
	if (sk->sk_state == TCP_TIME_WAIT) {
		xinet_twsk_put(xinet_twsk(sk));
		return 0;
	}
	if (sk->sk_state == TCP_NEW_SYN_RECV) {
		/* Our SYN-ACKs are small: nothing to learn from it. */
		xreqsk_put(xinet_reqsk(sk));
		return 0;
	}
	seq = ntohl(th->seq);

	bh_lock_sock(sk);
	/* Only PMTU discovery is worth deferring while the user owns it. */
	if (sock_owned_by_user(sk) &&
	    !(type == ICMP_DEST_UNREACH && code == ICMP_FRAG_NEEDED))
		__XNET_INC_STATS(net, LINUX_MIB_LOCKDROPPEDICMPS);
	if (sk->sk_state == TCP_CLOSE)
		goto out;

	tp = xtcp_sk(sk);
	if (sk->sk_state != TCP_LISTEN &&
	    !xtcp_between(seq, tp->snd_una, tp->snd_nxt)) {
		__XNET_INC_STATS(net, LINUX_MIB_OUTOFWINDOWICMPS);
		goto out;
	}

	switch (type) {
	case ICMP_PARAMETERPROB:
		err = EPROTO;
		break;
	case ICMP_DEST_UNREACH:
		if (code > NR_ICMP_UNREACH)
			goto out;
		if (code == ICMP_FRAG_NEEDED) { /* RFC 1191 */
			if (sk->sk_state == TCP_LISTEN)
				goto out;
			WRITE_ONCE(tp->mtu_info, info);
			if (!sock_owned_by_user(sk))
				xtcp_v4_mtu_reduced(sk);
			else if (!test_and_set_bit(XTCP_MTU_REDUCED_DEFERRED,
						   &sk->sk_tsq_flags))
				sock_hold(sk);
			goto out;
		}
		err = icmp_err_convert[code].errno;
		break;
	case ICMP_TIME_EXCEEDED:
		err = EHOSTUNREACH;
		break;
	default:
		goto out;
	}

	switch (sk->sk_state) {
	case TCP_SYN_SENT:
	case TCP_SYN_RECV:
		xip_icmp_error(sk, skb, err, th->dest, info, (u8 *)th);
		if (!sock_owned_by_user(sk)) {
			/* Twin of tcp_done_with_error(). */
			WRITE_ONCE(sk->sk_err, err);
			/* Pairs with the smp_rmb() in xtcp_poll(). */
			smp_wmb();
			sk_error_report(sk);
			xtcp_write_queue_purge(sk);
			xtcp_done(sk);
		} else {
			WRITE_ONCE(sk->sk_err_soft, err);
		}
		goto out;
	}

	if (!sock_owned_by_user(sk) && xinet_test_bit(RECVERR, sk)) {
		WRITE_ONCE(sk->sk_err, err);
		sk_error_report(sk);
	} else {
		/* Only reported if the connection times out. */
		WRITE_ONCE(sk->sk_err_soft, err);
	}
out:
	bh_unlock_sock(sk);
	sock_put(sk);
	return 0;
}

/**
 * xtcp_set_hashinfo - the limits a namespace derives from its socket
 *	table (twin of tcp_set_hashinfo)
 * @net: the new namespace
 *
 * As Linux: half as many TIME_WAIT socks as the established table has
 * buckets, and a SYN backlog of one request per 128 of them, at least
 * 128.  Linux gives a namespace its own, smaller table when its
 * creator set tcp_child_ehash_entries; xinet has no such sysctl, so
 * every namespace is sized from the one table, Linux's default case.
 * The table exists by now: xtcp_init() runs before the pernet ops.
 */
void xtcp_set_hashinfo(struct net *net)
{
	struct xinet_net *xn = xinet_net(net);
	unsigned int ehash_entries = xtcp_hashinfo.ehash_mask + 1;

	xn->sysctl_max_tw_buckets = ehash_entries / 2;
	xn->sysctl_max_syn_backlog = max(128U, ehash_entries / 128);
}

static const struct xinet_protocol xtcp_protocol = {
	.handler	= xtcp_v4_rcv,
	.err_handler	= xtcp_v4_err,
};

/**
 * xtcp_v4_init - the tables, the caches and the receive hook (twin of
 *	tcp_v4_init and the table part of tcp_init)
 *
 * Return: 0 or a negative errno (nothing left behind).
 */
int xtcp_v4_init(void)
{
	int err;

	err = xinet_hashinfo_init(&xtcp_hashinfo);
	if (err)
		return err;
	/* As tcp_init() says it: the sizes depend on memory. */
	pr_info("xinet: TCP: Hash tables configured (established %u bind %u)\n",
		xtcp_hashinfo.ehash_mask + 1, xtcp_hashinfo.bhash_size);
	err = xreqsk_init();
	if (err)
		goto out_hash;
	err = xinet_twsk_init();
	if (err)
		goto out_reqsk;
	err = xinet_add_protocol(&xtcp_protocol, IPPROTO_TCP);
	if (err)
		goto out_twsk;
	return 0;

out_twsk:
	xinet_twsk_exit();
out_reqsk:
	xreqsk_exit();
out_hash:
	xinet_hashinfo_free(&xtcp_hashinfo);
	return err;
}

/**
 * xtcp_v4_exit - undo xtcp_v4_init(); every namespace is gone
 */
void xtcp_v4_exit(void)
{
	xinet_del_protocol(&xtcp_protocol, IPPROTO_TCP);
	synchronize_net();
	xinet_twsk_exit();
	xreqsk_exit();
	xinet_hashinfo_free(&xtcp_hashinfo);
}

XINET_DEFINE_PROTO_ACCEPT_ADAPTER(xinet_csk_accept);

/**
 * xtcp_stream_memory_free - whether the socket may queue more (twin of
 *	tcp_stream_memory_free); sk_stream_memory_free() asks it
 * @sk: the socket
 * @wake: 1 from the write-space and poll paths: writable only once the
 *	unsent bytes are half the mark, as sock_def_write_space() waits
 *
 * Return: true while the unsent bytes are under TCP_NOTSENT_LOWAT, or
 * net.xinet.tcp_notsent_lowat without it.
 */
bool xtcp_stream_memory_free(const struct sock *sk, int wake)
{
	const struct xtcp_sock *tp = xtcp_sk(sk);
	u32 notsent_bytes = READ_ONCE(tp->write_seq) - READ_ONCE(tp->snd_nxt);

	return (notsent_bytes << wake) < xtcp_notsent_lowat(tp);
}

struct proto xtcp_prot = {
	.name			= "XTCP",
	.owner			= THIS_MODULE,
	.close			= xtcp_close,
	.connect		= xtcp_v4_connect,
	.disconnect		= xtcp_disconnect,
	.accept			= XINET_PROTO_ACCEPT_OP(xinet_csk_accept),
	.init			= xtcp_v4_init_sock,
	.destroy		= xtcp_v4_destroy_sock,
	.shutdown		= xtcp_shutdown,
	.setsockopt		= xtcp_setsockopt,
	.getsockopt		= xtcp_getsockopt,
	.keepalive		= xtcp_set_keepalive,
	.recvmsg		= xtcp_recvmsg,
	.sendmsg		= xtcp_sendmsg,
	.stream_memory_free	= xtcp_stream_memory_free,
	XINET_SPLICE_EOF_OP(xtcp_splice_eof)
	.backlog_rcv		= xtcp_v4_do_rcv,
	.release_cb		= xtcp_release_cb,
	.hash			= xinet_hash,
	.unhash			= xinet_unhash,
	.get_port		= xinet_csk_get_port,
	.diag_destroy		= xtcp_abort,
	.sockets_allocated	= &xtcp_sockets_allocated,
	.memory_allocated	= &xtcp_memory_allocated,
	.per_cpu_fw_alloc	= &xtcp_memory_per_cpu_fw_alloc,
	.memory_pressure	= &xtcp_memory_pressure,
	.sysctl_mem		= sysctl_xtcp_mem,
	.sysctl_wmem		= sysctl_xtcp_wmem,
	.sysctl_rmem		= sysctl_xtcp_rmem,
	.max_header		= XTCP_MAX_HEADER,
	.obj_size		= sizeof(struct xtcp_sock),
	.slab_flags		= SLAB_TYPESAFE_BY_RCU,
	.no_autobind		= true,
};
