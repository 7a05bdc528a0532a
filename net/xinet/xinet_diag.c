// SPDX-License-Identifier: GPL-2.0
/*
 * xinet: sock_diag for AF_XINET, twin of net/ipv4/inet_diag.c with the
 * protocol parts of tcp_diag.c, udp_diag.c and raw_diag.c.
 *
 * The request and the answer are AF_INET's (struct inet_diag_req_v2,
 * struct inet_diag_msg and the INET_DIAG_* attributes), with sdiag_family
 * the family number xinet registered, so that a program speaking
 * inet_diag (xinet ss, tools/xinet) reads AF_XINET sockets by changing
 * one byte.  sdiag_protocol picks the table: IPPROTO_TCP (listeners,
 * then established, SYN_RECV request socks and TIME_WAIT socks),
 * IPPROTO_UDP, IPPROTO_RAW (raw sockets, INET_DIAG_REQ_PROTOCOL as in
 * raw_diag) and, beyond what Linux answers, IPPROTO_ICMP for ping
 * sockets.  Every walk is of the requesting socket's namespace.
 *
 * A walk holds a chain's lock only to take references on up to
 * XINET_DIAG_BATCH sockets, and fills the answer after dropping it, as
 * inet_diag_dump_icsk() does: filling may sleep (lock_sock_fast() in
 * xtcp_get_info()).  Where a full skb stops the walk, cb->args[] keep
 * the position: the table phase, the chain, the index in the chain.
 */

#include <linux/inet_diag.h>
#include <linux/sock_diag.h>
#include <linux/tcp.h>
#include <net/netlink.h>
#include <net/sock.h>
#include <net/tcp_states.h>
#include <net/xinet/af_xinet.h>
#include <net/xinet/compat.h>
#include <net/xinet/netns.h>
#include <net/xinet/xinet_connection_sock.h>
#include <net/xinet/xinet_hashtables.h>
#include <net/xinet/xinet_sock.h>
#include <net/xinet/xinet_timewait_sock.h>
#include <net/xinet/xping.h>
#include <net/xinet/xraw.h>
#include <net/xinet/xrequest_sock.h>
#include <net/xinet/xtcp.h>
#include <net/xinet/xtcp_recorder.h>
#include <net/xinet/xudp.h>

/* References taken under one chain lock before filling. */
#define XINET_DIAG_BATCH	16

/**
 * struct xinet_diag_dump_data - a dump's parsed request attributes (twin
 *	of inet_diag_dump_data)
 * @req_nlas: INET_DIAG_REQ_* attributes, NULL where absent
 */
struct xinet_diag_dump_data {
	struct nlattr *req_nlas[__INET_DIAG_REQ_MAX];
};

/**
 * struct xinet_diag_ctx - what every answer of one request shares
 * @req: the request
 * @bc: the bytecode filter, or NULL
 * @user_ns: the namespace uids are shown in
 * @portid: the requester
 * @seq: the request's sequence number
 * @type: the request's message type
 * @protocol: the table (IPPROTO_*)
 * @net_admin: the requester has CAP_NET_ADMIN (sees marks)
 * @record: the request carries XINET_DIAG_REQ_FLIGHT_RECORD: TCP
 *	sockets answer with their flight record (exact requests only: a
 *	record may not fit a dump's skb)
 */
struct xinet_diag_ctx {
	const struct inet_diag_req_v2 *req;
	const struct nlattr *bc;
	struct user_namespace *user_ns;
	u32 portid;
	u32 seq;
	u16 type;
	int protocol;
	bool net_admin;
	bool record;
};

/**
 * struct xinet_diag_entry - what the bytecode tests (twin of
 *	inet_diag_entry)
 * @saddr: local address
 * @daddr: remote address
 * @sport: local port, host order
 * @dport: remote port, host order
 * @ifindex: bound device
 * @userlocks: SOCK_BINDPORT_LOCK and friends
 * @mark: the socket's mark
 */
struct xinet_diag_entry {
	const __be32 *saddr;
	const __be32 *daddr;
	u16 sport;
	u16 dport;
	u32 ifindex;
	u32 userlocks;
	u32 mark;
};

/* ---- the answer ----------------------------------------------------------- */

/* Identity of any table entry: all start with a struct sock_common. */
static void xinet_diag_msg_common_fill(struct inet_diag_msg *r,
				       struct sock *sk)
{
	r->idiag_family = sk->sk_family;
	r->id.idiag_sport = htons(sk->sk_num);
	r->id.idiag_dport = sk->sk_dport;
	r->id.idiag_if = sk->sk_bound_dev_if;
	sock_diag_save_cookie(sk, r->id.idiag_cookie);
	memset(&r->id.idiag_src, 0, sizeof(r->id.idiag_src));
	memset(&r->id.idiag_dst, 0, sizeof(r->id.idiag_dst));
	r->id.idiag_src[0] = sk->sk_rcv_saddr;
	r->id.idiag_dst[0] = sk->sk_daddr;
}

/* The attributes every full socket has (twin of inet_diag_msg_attrs_fill). */
static int xinet_diag_msg_attrs_fill(struct sock *sk, struct sk_buff *skb,
				     struct inet_diag_msg *r, int ext,
				     const struct xinet_diag_ctx *ctx)
{
	struct inet_diag_sockopt sockopt = {};

	if (nla_put_u8(skb, INET_DIAG_SHUTDOWN, sk->sk_shutdown))
		return -EMSGSIZE;
	if ((ext & (1 << (INET_DIAG_TOS - 1))) &&
	    nla_put_u8(skb, INET_DIAG_TOS, READ_ONCE(xinet_sk(sk)->tos)))
		return -EMSGSIZE;
	if (ctx->net_admin &&
	    nla_put_u32(skb, INET_DIAG_MARK, READ_ONCE(sk->sk_mark)))
		return -EMSGSIZE;
	if ((ext & (1 << (INET_DIAG_CLASS_ID - 1)) ||
	     ext & (1 << (INET_DIAG_TCLASS - 1))) &&
	    nla_put_u32(skb, INET_DIAG_CLASS_ID, READ_ONCE(sk->sk_priority)))
		return -EMSGSIZE;

	r->idiag_uid = from_kuid_munged(ctx->user_ns, sock_i_uid(sk));
	r->idiag_inode = sock_i_ino(sk);

	sockopt.recverr = xinet_test_bit(RECVERR, sk);
	sockopt.is_icsk = sk->sk_protocol == IPPROTO_TCP &&
			  sk->sk_type == SOCK_STREAM;
	sockopt.freebind = xinet_test_bit(FREEBIND, sk);
	sockopt.hdrincl = xinet_test_bit(HDRINCL, sk);
	sockopt.mc_loop = xinet_test_bit(MC_LOOP, sk);
	sockopt.mc_all = xinet_test_bit(MC_ALL, sk);
	sockopt.bind_address_no_port = xinet_test_bit(BIND_ADDRESS_NO_PORT, sk);
	sockopt.recverr_rfc4884 = xinet_test_bit(RECVERR_RFC4884, sk);
	if (nla_put(skb, INET_DIAG_SOCKOPT, sizeof(sockopt), &sockopt))
		return -EMSGSIZE;
	return 0;
}

/* The queues and the timer of a TCP socket (twin of tcp_diag_get_info). */
static void xtcp_diag_get_info(struct sock *sk, struct inet_diag_msg *r)
{
	const struct xinet_connection_sock *icsk = xinet_csk(sk);
	const struct xtcp_sock *tp = xtcp_sk(sk);

	if (xinet_sk_state_load(sk) == TCP_LISTEN) {
		r->idiag_rqueue = READ_ONCE(sk->sk_ack_backlog);
		r->idiag_wqueue = READ_ONCE(sk->sk_max_ack_backlog);
	} else {
		/* Unlocked: a transient negative value is possible. */
		r->idiag_rqueue = max_t(int, READ_ONCE(tp->rcv_nxt) -
					READ_ONCE(tp->copied_seq), 0);
		r->idiag_wqueue = READ_ONCE(tp->write_seq) - tp->snd_una;
	}

	if (icsk->icsk_pending == XICSK_TIME_RETRANS ||
	    icsk->icsk_pending == XICSK_TIME_REO_TIMEOUT ||
	    icsk->icsk_pending == XICSK_TIME_LOSS_PROBE) {
		r->idiag_timer = 1;
		r->idiag_retrans = icsk->icsk_retransmits;
		r->idiag_expires =
			jiffies_delta_to_msecs(icsk->icsk_timeout - jiffies);
	} else if (icsk->icsk_pending == XICSK_TIME_PROBE0) {
		r->idiag_timer = 4;
		r->idiag_retrans = icsk->icsk_probes_out;
		r->idiag_expires =
			jiffies_delta_to_msecs(icsk->icsk_timeout - jiffies);
	} else if (timer_pending(&sk->sk_timer)) {
		/* The keepalive timer (icsk_keepalive_timer in Linux). */
		r->idiag_timer = 2;
		r->idiag_retrans = icsk->icsk_probes_out;
		r->idiag_expires =
			jiffies_delta_to_msecs(sk->sk_timer.expires - jiffies);
	}
}

/* TCP's own attributes: INET_DIAG_INFO and INET_DIAG_CONG. */
static int xtcp_diag_put_attrs(struct sock *sk, struct sk_buff *skb, int ext)
{
	const struct xinet_connection_sock *icsk = xinet_csk(sk);
	const struct xtcp_congestion_ops *ca_ops;
	struct nlattr *attr;
	int err = 0;

	if (ext & (1 << (INET_DIAG_INFO - 1))) {
		attr = nla_reserve_64bit(skb, INET_DIAG_INFO,
					 sizeof(struct tcp_info),
					 INET_DIAG_PAD);
		if (!attr)
			return -EMSGSIZE;
		xtcp_get_info(sk, nla_data(attr));
	}
	if (ext & (1 << (INET_DIAG_CONG - 1))) {
		rcu_read_lock();
		ca_ops = READ_ONCE(icsk->icsk_ca_ops);
		if (ca_ops)
			err = nla_put_string(skb, INET_DIAG_CONG, ca_ops->name);
		rcu_read_unlock();
	}
	return err;
}

/* One key as tcp_diag_md5sig_fill() shows it: the key itself too. */
static void xtcp_diag_md5sig_fill(struct tcp_diag_md5sig *info,
				  const struct xtcp_md5sig_key *key)
{
	info->tcpm_family = key->family;
	info->tcpm_prefixlen = key->prefixlen;
	info->tcpm_keylen = key->keylen;
	info->tcpm_addr[0] = key->addr;
	memcpy(info->tcpm_key, key->key, key->keylen);
}

/* How many keys @md5sig holds; under rcu_read_lock(). */
static size_t xtcp_diag_md5sig_count(const struct xtcp_md5sig_info *md5sig)
{
	const struct xtcp_md5sig_key *key;
	size_t count = 0;

	hlist_for_each_entry_rcu(key, &md5sig->head, node)
		count++;
	return count;
}

/*
 * INET_DIAG_MD5SIG, twin of tcp_diag_put_md5sig(): one struct
 * tcp_diag_md5sig per key, nothing when there is none.  A key added
 * between the count and the walk is left out; one removed leaves its
 * slot zeroed.
 */
static int xtcp_diag_put_md5sig(struct sk_buff *skb,
				const struct xtcp_md5sig_info *md5sig)
{
	const struct xtcp_md5sig_key *key;
	struct tcp_diag_md5sig *info;
	struct nlattr *attr;
	size_t count;

	count = xtcp_diag_md5sig_count(md5sig);
	if (!count)
		return 0;
	attr = nla_reserve(skb, INET_DIAG_MD5SIG, count * sizeof(*info));
	if (!attr)
		return -EMSGSIZE;
	info = nla_data(attr);
	memset(info, 0, count * sizeof(*info));
	hlist_for_each_entry_rcu(key, &md5sig->head, node) {
		xtcp_diag_md5sig_fill(info++, key);
		if (--count == 0)
			break;
	}
	return 0;
}

/*
 * Twin of tcp_diag_get_aux(): what only CAP_NET_ADMIN may read, the
 * TCP-MD5 keys.  Linux's ULP part has no twin: xinet has no ULP a socket
 * can carry (xtcp_ulp.c refuses every name).
 */
static int xtcp_diag_get_aux(struct sock *sk, bool net_admin,
			     struct sk_buff *skb)
{
	const struct xtcp_md5sig_info *md5sig;
	int err = 0;

	if (!net_admin)
		return 0;
	rcu_read_lock();
	md5sig = rcu_dereference(xtcp_sk(sk)->md5sig_info);
	if (md5sig)
		err = xtcp_diag_put_md5sig(skb, md5sig);
	rcu_read_unlock();
	return err;
}

/* Twin of tcp_diag_get_aux_size(). */
static size_t xtcp_diag_get_aux_size(struct sock *sk, bool net_admin)
{
	const struct xtcp_md5sig_info *md5sig;
	size_t count = 0;

	if (!net_admin || !sk_fullsock(sk) || sk->sk_type != SOCK_STREAM)
		return 0;
	rcu_read_lock();
	md5sig = rcu_dereference(xtcp_sk(sk)->md5sig_info);
	if (md5sig)
		count = xtcp_diag_md5sig_count(md5sig);
	rcu_read_unlock();
	return nla_total_size(count * sizeof(struct tcp_diag_md5sig));
}

/* One full socket (twin of inet_sk_diag_fill). */
static int xinet_sk_diag_fill(struct sock *sk, struct sk_buff *skb,
			      const struct xinet_diag_ctx *ctx, u16 flags)
{
	int ext = ctx->req->idiag_ext;
	struct inet_diag_msg *r;
	struct nlmsghdr *nlh;

	nlh = nlmsg_put(skb, ctx->portid, ctx->seq, ctx->type, sizeof(*r),
			flags);
	if (!nlh)
		return -EMSGSIZE;
	r = nlmsg_data(nlh);
	xinet_diag_msg_common_fill(r, sk);
	r->idiag_state = sk->sk_state;
	r->idiag_timer = 0;
	r->idiag_retrans = 0;
	r->idiag_expires = 0;

	if (xinet_diag_msg_attrs_fill(sk, skb, r, ext, ctx))
		goto errout;
	if (ext & (1 << (INET_DIAG_MEMINFO - 1))) {
		struct inet_diag_meminfo minfo = {
			.idiag_rmem = sk_rmem_alloc_get(sk),
			.idiag_wmem = READ_ONCE(sk->sk_wmem_queued),
			.idiag_fmem = sk_forward_alloc_get(sk),
			.idiag_tmem = sk_wmem_alloc_get(sk),
		};

		if (nla_put(skb, INET_DIAG_MEMINFO, sizeof(minfo), &minfo))
			goto errout;
	}
	if ((ext & (1 << (INET_DIAG_SKMEMINFO - 1))) &&
	    sock_diag_put_meminfo(sk, skb, INET_DIAG_SKMEMINFO))
		goto errout;
	/* Raw sockets report the protocol they were created for. */
	if (sk->sk_type == SOCK_RAW &&
	    nla_put_u8(skb, INET_DIAG_PROTOCOL, sk->sk_protocol))
		goto errout;

	if (sk->sk_type == SOCK_STREAM) {
		xtcp_diag_get_info(sk, r);
		if (xtcp_diag_put_attrs(sk, skb, ext))
			goto errout;
		/* Last, as inet_sk_diag_fill() puts the aux attributes. */
		if ((ext & (1 << (INET_DIAG_INFO - 1))) &&
		    xtcp_diag_get_aux(sk, ctx->net_admin, skb) < 0)
			goto errout;
		if (ctx->record && xtcp_rec_diag_put(sk, skb))
			goto errout;
	} else {
		/* udp_diag_get_info(), raw_diag_get_info() */
		r->idiag_rqueue = sk_rmem_alloc_get(sk);
		r->idiag_wqueue = sk_wmem_alloc_get(sk);
	}
	nlmsg_end(skb, nlh);
	return 0;

errout:
	nlmsg_cancel(skb, nlh);
	return -EMSGSIZE;
}

/* A TIME_WAIT sock (twin of inet_twsk_diag_fill). */
static int xinet_twsk_diag_fill(struct sock *sk, struct sk_buff *skb,
				const struct xinet_diag_ctx *ctx, u16 flags)
{
	struct xinet_timewait_sock *tw = xinet_twsk(sk);
	struct inet_diag_msg *r;
	struct nlmsghdr *nlh;

	nlh = nlmsg_put(skb, ctx->portid, ctx->seq, ctx->type, sizeof(*r),
			flags);
	if (!nlh)
		return -EMSGSIZE;
	r = nlmsg_data(nlh);
	xinet_diag_msg_common_fill(r, sk);
	r->idiag_state = READ_ONCE(tw->tw_substate);
	r->idiag_timer = 3;
	r->idiag_retrans = 0;
	r->idiag_expires = jiffies_delta_to_msecs(tw->tw_timer.expires -
						  jiffies);
	r->idiag_rqueue = 0;
	r->idiag_wqueue = 0;
	r->idiag_uid = 0;
	r->idiag_inode = 0;
	nlmsg_end(skb, nlh);
	return 0;
}

/* A request sock, shown as SYN_RECV (twin of inet_req_diag_fill). */
static int xinet_req_diag_fill(struct sock *sk, struct sk_buff *skb,
			       const struct xinet_diag_ctx *ctx, u16 flags)
{
	struct xrequest_sock *req = xinet_reqsk(sk);
	struct inet_diag_msg *r;
	struct nlmsghdr *nlh;

	nlh = nlmsg_put(skb, ctx->portid, ctx->seq, ctx->type, sizeof(*r),
			flags);
	if (!nlh)
		return -EMSGSIZE;
	r = nlmsg_data(nlh);
	xinet_diag_msg_common_fill(r, sk);
	r->idiag_state = TCP_SYN_RECV;
	r->idiag_timer = 1;
	r->idiag_retrans = req->num_retrans;
	r->idiag_expires = jiffies_delta_to_msecs(req->xrsk_timer.expires -
						  jiffies);
	r->idiag_rqueue = 0;
	r->idiag_wqueue = 0;
	r->idiag_uid = 0;
	r->idiag_inode = 0;
	nlmsg_end(skb, nlh);
	return 0;
}

static int xinet_diag_fill(struct sock *sk, struct sk_buff *skb,
			   const struct xinet_diag_ctx *ctx, u16 flags)
{
	if (sk->sk_state == TCP_TIME_WAIT)
		return xinet_twsk_diag_fill(sk, skb, ctx, flags);
	if (sk->sk_state == TCP_NEW_SYN_RECV)
		return xinet_req_diag_fill(sk, skb, ctx, flags);
	return xinet_sk_diag_fill(sk, skb, ctx, flags);
}

/* Room for the largest answer (twin of inet_sk_attr_size). */
static size_t xinet_sk_attr_size(struct sock *sk, bool net_admin)
{
	return xtcp_diag_get_aux_size(sk, net_admin) +
	       nla_total_size(sizeof(struct tcp_info)) +
	       nla_total_size(1) +			/* SHUTDOWN */
	       nla_total_size(1) +			/* TOS */
	       nla_total_size(1) +			/* PROTOCOL */
	       nla_total_size(sizeof(u32)) * 2 +	/* MARK, CLASS_ID */
	       nla_total_size(sizeof(struct inet_diag_sockopt)) +
	       nla_total_size(sizeof(struct inet_diag_meminfo)) +
	       nla_total_size(SK_MEMINFO_VARS * sizeof(u32)) +
	       nla_total_size(XTCP_CA_NAME_MAX) +
	       64;
}

/* ---- the bytecode filter -------------------------------------------------- */

static bool xinet_diag_bitstring_match(const __be32 *a1, const __be32 *a2,
				       int bits)
{
	int words = bits >> 5;
	__be32 mask;

	bits &= 0x1f;
	if (words && memcmp(a1, a2, words << 2))
		return false;
	if (!bits)
		return true;
	mask = htonl(0xffffffff << (32 - bits));
	return !((a1[words] ^ a2[words]) & mask);
}

/* An address condition; AF_INET in a condition means AF_XINET here. */
static bool xinet_diag_hostcond_match(const struct inet_diag_bc_op *op,
				      const struct xinet_diag_entry *entry)
{
	const struct inet_diag_hostcond *cond = (const void *)(op + 1);
	bool src = op->code == INET_DIAG_BC_S_COND;
	const __be32 *addr = src ? entry->saddr : entry->daddr;

	if (cond->port != -1 &&
	    cond->port != (src ? entry->sport : entry->dport))
		return false;
	if (cond->family != AF_UNSPEC && cond->family != AF_INET &&
	    cond->family != xinet_family)
		return false;
	return !cond->prefix_len ||
	       xinet_diag_bitstring_match(addr, cond->addr, cond->prefix_len);
}

/* Twin of inet_diag_bc_run(): true when the socket passes. */
static bool xinet_diag_bc_run(const struct nlattr *_bc,
			      const struct xinet_diag_entry *entry)
{
	const void *bc = nla_data(_bc);
	int len = nla_len(_bc);

	while (len > 0) {
		const struct inet_diag_bc_op *op = bc;
		bool yes = true;

		switch (op->code) {
		case INET_DIAG_BC_NOP:
			break;
		case INET_DIAG_BC_JMP:
			yes = false;
			break;
		case INET_DIAG_BC_S_EQ:
			yes = entry->sport == op[1].no;
			break;
		case INET_DIAG_BC_S_GE:
			yes = entry->sport >= op[1].no;
			break;
		case INET_DIAG_BC_S_LE:
			yes = entry->sport <= op[1].no;
			break;
		case INET_DIAG_BC_D_EQ:
			yes = entry->dport == op[1].no;
			break;
		case INET_DIAG_BC_D_GE:
			yes = entry->dport >= op[1].no;
			break;
		case INET_DIAG_BC_D_LE:
			yes = entry->dport <= op[1].no;
			break;
		case INET_DIAG_BC_AUTO:
			yes = !(entry->userlocks & SOCK_BINDPORT_LOCK);
			break;
		case INET_DIAG_BC_S_COND:
		case INET_DIAG_BC_D_COND:
			yes = xinet_diag_hostcond_match(op, entry);
			break;
		case INET_DIAG_BC_DEV_COND:
			yes = *(const u32 *)(op + 1) == entry->ifindex;
			break;
		case INET_DIAG_BC_MARK_COND: {
			const struct inet_diag_markcond *cond = (const void *)(op + 1);

			yes = (entry->mark & cond->mask) == cond->mark;
			break;
		}
		}
		if (yes) {
			len -= op->yes;
			bc += op->yes;
		} else {
			len -= op->no;
			bc += op->no;
		}
	}
	return len == 0;
}

/* Twin of inet_diag_bc_sk(), for any table entry. */
static bool xinet_diag_bc_sk(const struct nlattr *bc, struct sock *sk)
{
	struct xinet_diag_entry entry;

	if (!bc)
		return true;
	entry.saddr = &sk->sk_rcv_saddr;
	entry.daddr = &sk->sk_daddr;
	entry.sport = READ_ONCE(sk->sk_num);
	entry.dport = ntohs(READ_ONCE(sk->sk_dport));
	entry.ifindex = READ_ONCE(sk->sk_bound_dev_if);
	entry.userlocks = sk_fullsock(sk) ? sk->sk_userlocks : 0;
	entry.mark = sk_fullsock(sk) ? READ_ONCE(sk->sk_mark) : 0;
	return xinet_diag_bc_run(bc, &entry);
}

/* Does a jump from somewhere land on an instruction boundary (valid_cc)? */
static bool xinet_diag_valid_cc(const void *bc, int len, int cc)
{
	while (len >= 0) {
		const struct inet_diag_bc_op *op = bc;

		if (cc > len)
			return false;
		if (cc == len)
			return true;
		if (op->yes < 4 || op->yes & 3)
			return false;
		len -= op->yes;
		bc += op->yes;
	}
	return false;
}

/* The operand room an instruction needs, or -EINVAL (valid_hostcond ...). */
static int xinet_diag_op_min_len(const struct inet_diag_bc_op *op, int len,
				 bool net_admin)
{
	const struct inet_diag_hostcond *cond;
	int min_len = sizeof(*op);
	int addr_len;

	switch (op->code) {
	case INET_DIAG_BC_S_COND:
	case INET_DIAG_BC_D_COND:
		min_len += sizeof(*cond);
		if (len < min_len)
			return -EINVAL;
		cond = (const void *)(op + 1);
		if (cond->family == AF_UNSPEC)
			addr_len = 0;
		else if (cond->family == AF_INET || cond->family == xinet_family)
			addr_len = sizeof(struct in_addr);
		else if (cond->family == AF_INET6)
			addr_len = sizeof(struct in6_addr);
		else
			return -EINVAL;
		min_len += addr_len;
		if (len < min_len || cond->prefix_len > 8 * addr_len)
			return -EINVAL;
		return min_len;
	case INET_DIAG_BC_DEV_COND:
		min_len += sizeof(u32);
		break;
	case INET_DIAG_BC_S_EQ:
	case INET_DIAG_BC_S_GE:
	case INET_DIAG_BC_S_LE:
	case INET_DIAG_BC_D_EQ:
	case INET_DIAG_BC_D_GE:
	case INET_DIAG_BC_D_LE:
		/* The port is in a following inet_diag_bc_op. */
		min_len += sizeof(*op);
		break;
	case INET_DIAG_BC_MARK_COND:
		if (!net_admin)
			return -EPERM;
		min_len += sizeof(struct inet_diag_markcond);
		break;
	case INET_DIAG_BC_AUTO:
	case INET_DIAG_BC_JMP:
	case INET_DIAG_BC_NOP:
		break;
	default:
		/* INET_DIAG_BC_CGROUP_COND among them: xinet has no cgroups. */
		return -EINVAL;
	}
	return len < min_len ? -EINVAL : min_len;
}

/*
 * Twin of inet_diag_bc_audit(): every instruction complete, every jump
 * forward onto an instruction or the end, so that xinet_diag_bc_run()
 * never reads outside the attribute.
 */
static int xinet_diag_bc_audit(const struct nlattr *attr,
			       const struct sk_buff *skb)
{
	bool net_admin = netlink_net_capable(skb, CAP_NET_ADMIN);
	const void *bytecode, *bc;
	int bytecode_len, len;

	if (!attr || nla_len(attr) < sizeof(struct inet_diag_bc_op))
		return -EINVAL;
	bytecode = nla_data(attr);
	bc = bytecode;
	bytecode_len = nla_len(attr);
	len = bytecode_len;

	while (len > 0) {
		const struct inet_diag_bc_op *op = bc;
		int min_len = xinet_diag_op_min_len(op, len, net_admin);

		if (min_len < 0)
			return min_len;
		if (op->code != INET_DIAG_BC_NOP) {
			if (op->no < min_len || op->no > len + 4 || op->no & 3)
				return -EINVAL;
			if (op->no < len &&
			    !xinet_diag_valid_cc(bytecode, bytecode_len,
						 len - op->no))
				return -EINVAL;
		}
		if (op->yes < min_len || op->yes > len + 4 || op->yes & 3)
			return -EINVAL;
		bc += op->yes;
		len -= op->yes;
	}
	return len == 0 ? 0 : -EINVAL;
}

/* ---- walking the tables --------------------------------------------------- */

/* The protocol a request is for (twin of inet_diag_get_protocol). */
static int xinet_diag_get_protocol(const struct inet_diag_req_v2 *req,
				   struct nlattr *const *req_nlas)
{
	if (req_nlas[INET_DIAG_REQ_PROTOCOL])
		return nla_get_u32(req_nlas[INET_DIAG_REQ_PROTOCOL]);
	return req->sdiag_protocol;
}

/* Twin of inet_diag_parse_attrs(). */
static int xinet_diag_parse_attrs(const struct nlmsghdr *nlh, int hdrlen,
				  struct nlattr **req_nlas)
{
	struct nlattr *nla;
	int remaining;

	nlmsg_for_each_attr(nla, nlh, hdrlen, remaining) {
		int type = nla_type(nla);

		if (type == INET_DIAG_REQ_PROTOCOL &&
		    nla_len(nla) != sizeof(u32))
			return -EINVAL;
		if (type < __INET_DIAG_REQ_MAX)
			req_nlas[type] = nla;
	}
	return 0;
}

/* The filters of the fixed header and the bytecode, for one entry. */
static bool xinet_diag_match(struct sock *sk, const struct xinet_diag_ctx *ctx)
{
	const struct inet_diag_req_v2 *r = ctx->req;
	int state;

	switch (ctx->protocol) {
	case IPPROTO_TCP:
		state = sk->sk_state == TCP_TIME_WAIT ?
			READ_ONCE(xinet_twsk(sk)->tw_substate) : sk->sk_state;
		if (state == TCP_NEW_SYN_RECV)
			state = TCP_SYN_RECV;
		break;
	case IPPROTO_RAW:
		/* raw_diag dumps every raw socket, whatever its state. */
		state = -1;
		break;
	default:
		state = sk->sk_state;
		break;
	}
	if (state >= 0 && !(r->idiag_states & (1 << state)))
		return false;
	if (r->id.idiag_sport && r->id.idiag_sport != htons(sk->sk_num))
		return false;
	if (r->id.idiag_dport && r->id.idiag_dport != sk->sk_dport)
		return false;
	return xinet_diag_bc_sk(ctx->bc, sk);
}

/**
 * struct xinet_diag_batch - entries referenced under a chain lock
 * @sk: the entries
 * @num: each one's index in the chain, to resume at
 * @n: how many
 */
struct xinet_diag_batch {
	struct sock *sk[XINET_DIAG_BATCH];
	int num[XINET_DIAG_BATCH];
	int n;
};

/*
 * Fill the batch's entries, dropping each reference.  Return the chain
 * index to resume at when the skb filled up, or -1.
 */
static int xinet_diag_flush(struct xinet_diag_batch *b, struct sk_buff *skb,
			    const struct xinet_diag_ctx *ctx)
{
	int i, resume = -1;

	for (i = 0; i < b->n; i++) {
		if (resume < 0 &&
		    xinet_diag_fill(b->sk[i], skb, ctx, NLM_F_MULTI) < 0)
			resume = b->num[i];
		if (ctx->protocol == IPPROTO_TCP)
			xinet_sock_gen_put(b->sk[i]);
		else
			sock_put(b->sk[i]);
	}
	b->n = 0;
	return resume;
}

/*
 * Under a chain lock: take @sk, the @n-th entry of the chain in the
 * namespace, into @b if it is at or past @s_num and passes the filters.
 * Return true when the batch is full.
 */
static bool xinet_diag_take(struct xinet_diag_batch *b, struct sock *sk,
			    int n, int s_num, const struct xinet_diag_ctx *ctx)
{
	if (n < s_num || !xinet_diag_match(sk, ctx) ||
	    !refcount_inc_not_zero(&sk->sk_refcnt))
		return false;
	b->num[b->n] = n;
	b->sk[b->n++] = sk;
	return b->n == XINET_DIAG_BATCH;
}

/*
 * After the chain lock: answer for the batch.  Return true when the skb
 * filled up (*@num: where to resume) or the chain is done (*@num: 0);
 * false when a full batch may have left more (*@s_num: where to go on).
 */
static bool xinet_diag_give(struct xinet_diag_batch *b, struct sk_buff *skb,
			    const struct xinet_diag_ctx *ctx, int *s_num,
			    int *num, bool *skb_full)
{
	bool batch_full = b->n == XINET_DIAG_BATCH;
	int resume;

	if (batch_full)
		*s_num = b->num[XINET_DIAG_BATCH - 1] + 1;
	resume = xinet_diag_flush(b, skb, ctx);
	*skb_full = resume >= 0;
	*num = *skb_full ? resume : 0;
	if (*skb_full || !batch_full)
		return true;
	cond_resched();
	return false;
}

/*
 * One TCP chain (sk_nulls_node, or skc_nulls_node of request and
 * TIME_WAIT socks) from index *@num on, until it ends or the skb is
 * full.  Return true in the second case, *@num then where to resume.
 */
static bool xinet_diag_dump_nulls(struct hlist_nulls_head *head,
				  spinlock_t *lock, struct sk_buff *skb,
				  const struct xinet_diag_ctx *ctx,
				  struct net *net, int *num)
{
	struct hlist_nulls_node *node;
	struct xinet_diag_batch b;
	int s_num = *num, n;
	struct sock *sk;
	bool skb_full;

	do {
		b.n = 0;
		n = 0;
		spin_lock_bh(lock);
		sk_nulls_for_each(sk, node, head) {
			if (!net_eq(sock_net(sk), net))
				continue;
			if (xinet_diag_take(&b, sk, n++, s_num, ctx))
				break;
		}
		spin_unlock_bh(lock);
	} while (!xinet_diag_give(&b, skb, ctx, &s_num, num, &skb_full));
	return skb_full;
}

/* The same for a UDP, raw or ping chain (sk_node). */
static bool xinet_diag_dump_hlist(struct hlist_head *head, spinlock_t *lock,
				  struct sk_buff *skb,
				  const struct xinet_diag_ctx *ctx,
				  struct net *net, int *num)
{
	struct xinet_diag_batch b;
	int s_num = *num, n;
	struct sock *sk;
	bool skb_full;

	do {
		b.n = 0;
		n = 0;
		spin_lock_bh(lock);
		sk_for_each(sk, head) {
			if (!net_eq(sock_net(sk), net))
				continue;
			if (xinet_diag_take(&b, sk, n++, s_num, ctx))
				break;
		}
		spin_unlock_bh(lock);
	} while (!xinet_diag_give(&b, skb, ctx, &s_num, num, &skb_full));
	return skb_full;
}

/*
 * TCP (twin of inet_diag_dump_icsk): the listeners, then the established
 * table with its request and TIME_WAIT socks.  cb->args[0] is the phase,
 * [1] the bucket, [2] the index in it.
 */
static void xtcp_diag_dump(struct sk_buff *skb, struct netlink_callback *cb,
			   const struct xinet_diag_ctx *ctx)
{
	struct xinet_hashinfo *h = &xtcp_hashinfo;
	const struct inet_diag_req_v2 *r = ctx->req;
	struct net *net = sock_net(skb->sk);
	unsigned int i = cb->args[1];
	int num = cb->args[2];

	if (cb->args[0] == 0) {
		if (!(r->idiag_states & TCPF_LISTEN) || r->id.idiag_dport)
			goto skip_listen;
		for (; i <= h->lhash_mask; i++) {
			struct xinet_listen_hashbucket *ilb = &h->lhash[i];

			if (hlist_nulls_empty(&ilb->nulls_head))
				continue;
			if (xinet_diag_dump_nulls(&ilb->nulls_head, &ilb->lock,
						  skb, ctx, net, &num))
				goto done;
		}
skip_listen:
		cb->args[0] = 1;
		i = 0;
		num = 0;
	}
	if (!(r->idiag_states & ~TCPF_LISTEN))
		goto done;
	for (; i <= h->ehash_mask; i++) {
		struct xinet_ehash_bucket *head = &h->ehash[i];

		if (hlist_nulls_empty(&head->chain))
			continue;
		if (xinet_diag_dump_nulls(&head->chain,
					  xinet_ehash_lockp(h, i), skb, ctx,
					  net, &num))
			goto done;
	}
done:
	cb->args[1] = i;
	cb->args[2] = num;
}

/* UDP (twin of udp_dump): the port hash.  cb->args[1], [2] as for TCP. */
static void xudp_diag_dump(struct sk_buff *skb, struct netlink_callback *cb,
			   const struct xinet_diag_ctx *ctx)
{
	struct net *net = sock_net(skb->sk);
	struct xudp_table *t = xudp_table_of(net);
	unsigned int i = cb->args[1];
	int num = cb->args[2];

	for (; i <= t->mask; i++) {
		struct xudp_hslot *hslot = &t->hash[i];

		if (hlist_empty(&hslot->head))
			continue;
		if (xinet_diag_dump_hlist(&hslot->head, &hslot->lock, skb,
					  ctx, net, &num))
			break;
	}
	cb->args[1] = i;
	cb->args[2] = num;
}

/* Raw (twin of raw_diag_dump) and ping sockets: one lock, fixed chains. */
static void xinet_diag_dump_flat(struct hlist_head *ht, unsigned int size,
				 spinlock_t *lock, struct sk_buff *skb,
				 struct netlink_callback *cb,
				 const struct xinet_diag_ctx *ctx)
{
	struct net *net = sock_net(skb->sk);
	unsigned int i = cb->args[1];
	int num = cb->args[2];

	for (; i < size; i++) {
		if (hlist_empty(&ht[i]))
			continue;
		if (xinet_diag_dump_hlist(&ht[i], lock, skb, ctx, net, &num))
			break;
	}
	cb->args[1] = i;
	cb->args[2] = num;
}

/* The context of a request: who asks, for what. */
static void xinet_diag_ctx_init(struct xinet_diag_ctx *ctx,
				struct sk_buff *in_skb,
				const struct nlmsghdr *nlh,
				struct nlattr *const *req_nlas)
{
	ctx->req = nlmsg_data(nlh);
	ctx->bc = req_nlas[INET_DIAG_REQ_BYTECODE];
	ctx->user_ns = sk_user_ns(NETLINK_CB(in_skb).sk);
	ctx->portid = NETLINK_CB(in_skb).portid;
	ctx->seq = nlh->nlmsg_seq;
	ctx->type = nlh->nlmsg_type;
	ctx->protocol = xinet_diag_get_protocol(ctx->req, req_nlas);
	ctx->net_admin = netlink_net_capable(in_skb, CAP_NET_ADMIN);
	ctx->record = false;
}

static bool xinet_diag_protocol_known(int protocol)
{
	return protocol == IPPROTO_TCP || protocol == IPPROTO_UDP ||
	       protocol == IPPROTO_RAW || protocol == IPPROTO_ICMP;
}

static int xinet_diag_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct xinet_diag_dump_data *data = cb->data;
	struct xinet_diag_ctx ctx;

	xinet_diag_ctx_init(&ctx, cb->skb, cb->nlh, data->req_nlas);
	switch (ctx.protocol) {
	case IPPROTO_TCP:
		xtcp_diag_dump(skb, cb, &ctx);
		break;
	case IPPROTO_UDP:
		xudp_diag_dump(skb, cb, &ctx);
		break;
	case IPPROTO_RAW:
		xinet_diag_dump_flat(xraw_v4_hashinfo.ht, XRAW_HTABLE_SIZE,
				     &xraw_v4_hashinfo.lock, skb, cb, &ctx);
		break;
	case IPPROTO_ICMP:
		xinet_diag_dump_flat(xping_table.hash, XPING_HTABLE_SIZE,
				     &xping_table.lock, skb, cb, &ctx);
		break;
	default:
		/* No handler for the protocol, as inet_diag says. */
		return -ENOENT;
	}
	return skb->len;
}

/* Twin of __inet_diag_dump_start(): parse and audit once per dump. */
static int xinet_diag_dump_start(struct netlink_callback *cb)
{
	struct xinet_diag_dump_data *data;
	struct nlattr *bc;
	int err;

	data = kzalloc(sizeof(*data), GFP_KERNEL);
	if (!data)
		return -ENOMEM;
	err = xinet_diag_parse_attrs(cb->nlh, sizeof(struct inet_diag_req_v2),
				     data->req_nlas);
	if (err)
		goto err_free;
	bc = data->req_nlas[INET_DIAG_REQ_BYTECODE];
	if (bc) {
		err = xinet_diag_bc_audit(bc, cb->skb);
		if (err)
			goto err_free;
	}
	cb->data = data;
	return 0;

err_free:
	kfree(data);
	return err;
}

static int xinet_diag_dump_done(struct netlink_callback *cb)
{
	kfree(cb->data);
	return 0;
}

/* ---- one socket: get and destroy ----------------------------------------- */

/*
 * The raw socket a request names, referenced (twin of raw_sock_get): the
 * protocol is in sdiag_raw_protocol, the padding byte of the request.
 */
static struct sock *xraw_diag_find_one(struct net *net,
				       const struct inet_diag_req_v2 *req)
{
	const struct inet_diag_req_raw *r = (const void *)req;
	struct sock *sk, *found = NULL;
	unsigned int i;

	spin_lock_bh(&xraw_v4_hashinfo.lock);
	for (i = 0; i < XRAW_HTABLE_SIZE && !found; i++) {
		sk_for_each(sk, &xraw_v4_hashinfo.ht[i]) {
			if (xraw_v4_match(net, sk, r->sdiag_raw_protocol,
					  r->id.idiag_dst[0], r->id.idiag_src[0],
					  r->id.idiag_if)) {
				sock_hold(sk);
				found = sk;
				break;
			}
		}
	}
	spin_unlock_bh(&xraw_v4_hashinfo.lock);
	return found;
}

/*
 * The socket a request names, referenced (twin of inet_diag_find_one_icsk
 * and udp_dump_one's lookup).  TCP ids are local = src, as a dump shows
 * them; UDP's are given the other way round, "for historical reasons" in
 * udp_diag, and kept so.
 */
static struct sock *xinet_diag_find_one(struct net *net,
					const struct xinet_diag_ctx *ctx)
{
	const struct inet_diag_req_v2 *req = ctx->req;
	struct sock *sk = NULL;

	if (ctx->protocol == IPPROTO_RAW) {
		sk = xraw_diag_find_one(net, req);
		goto found;
	}
	rcu_read_lock();
	switch (ctx->protocol) {
	case IPPROTO_TCP:
		sk = __xinet_lookup_established(net, &xtcp_hashinfo,
						req->id.idiag_dst[0],
						req->id.idiag_dport,
						req->id.idiag_src[0],
						ntohs(req->id.idiag_sport),
						req->id.idiag_if);
		if (sk)
			break;
		sk = __xinet_lookup_listener(net, &xtcp_hashinfo, NULL,
					     req->id.idiag_dst[0],
					     req->id.idiag_dport,
					     req->id.idiag_src[0],
					     ntohs(req->id.idiag_sport),
					     req->id.idiag_if);
		if (sk && !refcount_inc_not_zero(&sk->sk_refcnt))
			sk = NULL;
		break;
	case IPPROTO_UDP:
		sk = __xudp4_lib_lookup(net, req->id.idiag_src[0],
					req->id.idiag_sport,
					req->id.idiag_dst[0],
					req->id.idiag_dport,
					req->id.idiag_if, NULL, NULL);
		if (sk && !refcount_inc_not_zero(&sk->sk_refcnt))
			sk = NULL;
		break;
	default:
		rcu_read_unlock();
		return ERR_PTR(-EOPNOTSUPP);
	}
	rcu_read_unlock();
found:
	if (!sk)
		return ERR_PTR(-ENOENT);
	if (sock_diag_check_cookie(sk, req->id.idiag_cookie)) {
		xinet_sock_gen_put(sk);
		return ERR_PTR(-ENOENT);
	}
	return sk;
}

/* SOCK_DIAG_BY_FAMILY without NLM_F_DUMP (twin of inet_diag_dump_one_icsk). */
static int xinet_diag_get_exact(struct sk_buff *in_skb,
				const struct xinet_diag_ctx *ctx)
{
	struct net *net = sock_net(in_skb->sk);
	struct sk_buff *rep;
	struct sock *sk;
	int err;

	sk = xinet_diag_find_one(net, ctx);
	if (IS_ERR(sk))
		return PTR_ERR(sk);
	rep = nlmsg_new(xinet_sk_attr_size(sk, ctx->net_admin) +
			(ctx->record ? xtcp_rec_diag_size() : 0), GFP_KERNEL);
	if (!rep) {
		err = -ENOMEM;
		goto out;
	}
	err = xinet_diag_fill(sk, rep, ctx, 0);
	if (err < 0) {
		WARN_ON(err == -EMSGSIZE);
		nlmsg_free(rep);
		goto out;
	}
	err = nlmsg_unicast(net->diag_nlsk, rep, ctx->portid);
out:
	xinet_sock_gen_put(sk);
	return err;
}

/*
 * SOCK_DESTROY (twin of tcp_diag_destroy, udp_diag_destroy and
 * raw_diag_destroy through sock_diag_destroy()): the socket's owner sees
 * ECONNABORTED.  Only for
 * CAP_NET_ADMIN in the user namespace of the socket's network namespace.
 */
static int xinet_diag_destroy(struct sk_buff *in_skb,
			      const struct xinet_diag_ctx *ctx)
{
	struct net *net = sock_net(in_skb->sk);
	struct sock *sk;
	int err;

	sk = xinet_diag_find_one(net, ctx);
	if (IS_ERR(sk))
		return PTR_ERR(sk);
	if (!ns_capable(sock_net(sk)->user_ns, CAP_NET_ADMIN))
		err = -EPERM;
	else if (ctx->protocol == IPPROTO_TCP)
		/* Request and TIME_WAIT socks have no sk_prot to ask. */
		err = xtcp_abort(sk, ECONNABORTED);
	else
		err = sock_diag_destroy(sk, ECONNABORTED);
	xinet_sock_gen_put(sk);
	return err;
}

/* Twin of inet_diag_cmd_exact(). */
static int xinet_diag_cmd_exact(struct sk_buff *in_skb,
				const struct nlmsghdr *nlh)
{
	struct nlattr *req_nlas[__INET_DIAG_REQ_MAX] = {};
	struct xinet_diag_ctx ctx;
	int err;

	err = xinet_diag_parse_attrs(nlh, sizeof(struct inet_diag_req_v2),
				     req_nlas);
	if (err)
		return err;
	xinet_diag_ctx_init(&ctx, in_skb, nlh, req_nlas);
	if (!xinet_diag_protocol_known(ctx.protocol))
		return -ENOENT;
	ctx.record = nlmsg_find_attr(nlh, sizeof(struct inet_diag_req_v2),
				     XINET_DIAG_REQ_FLIGHT_RECORD);
	if (nlh->nlmsg_type == SOCK_DIAG_BY_FAMILY)
		return xinet_diag_get_exact(in_skb, &ctx);
	if (ctx.protocol != IPPROTO_ICMP)
		return xinet_diag_destroy(in_skb, &ctx);
	return -EOPNOTSUPP;
}

/* The family's sock_diag entry point (twin of inet_diag_handler_cmd). */
static int xinet_diag_handler_cmd(struct sk_buff *skb, struct nlmsghdr *h)
{
	struct net *net = sock_net(skb->sk);

	if (nlmsg_len(h) < sizeof(struct inet_diag_req_v2))
		return -EINVAL;
	if (h->nlmsg_type == SOCK_DIAG_BY_FAMILY &&
	    h->nlmsg_flags & NLM_F_DUMP) {
		struct netlink_dump_control c = {
			.start = xinet_diag_dump_start,
			.done = xinet_diag_dump_done,
			.dump = xinet_diag_dump,
		};

		return netlink_dump_start(net->diag_nlsk, skb, h, &c);
	}
	return xinet_diag_cmd_exact(skb, h);
}

/* .family is the registered family, known at module load only. */
static struct sock_diag_handler xinet_diag_handler __ro_after_init = {
	.owner		= THIS_MODULE,
	.dump		= xinet_diag_handler_cmd,
	.destroy	= xinet_diag_handler_cmd,
};

/**
 * xinet_diag_init - answer sock_diag for the family (twin of
 *	inet_diag_init with tcp_diag, udp_diag and raw_diag's registrations)
 *
 * Return: 0, or -EBUSY when another handler has the family number.
 */
int __init xinet_diag_init(void)
{
	xinet_diag_handler.family = xinet_family;
	return sock_diag_register(&xinet_diag_handler);
}

/**
 * xinet_diag_exit - undo xinet_diag_init()
 */
void xinet_diag_exit(void)
{
	sock_diag_unregister(&xinet_diag_handler);
}
