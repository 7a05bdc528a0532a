// SPDX-License-Identifier: GPL-2.0
/*
 * xinet: IPv4 header options, twin of net/ipv4/ip_options.c.
 *
 * Options live in struct ip_options, the kernel's own layout, in two
 * places: a socket's IP_OPTIONS (struct ip_options_rcu, compiled from
 * the caller's bytes with no packet, @opt->__data holding them) and a
 * received packet's XIPCB(skb)->opt (offsets into the packet's header).
 * Offsets (srr, rr, ts) count from the start of the IP header, so 20 is
 * the first option byte.
 *
 * On a socket's options, compiling moves a source route's first hop out
 * of the option into @opt->faddr and advances the record-route and
 * timestamp pointers over the slot this host fills in when it sends;
 * xip_options_undo() reverses both, for getsockopt(IP_OPTIONS) and the
 * IP_RETOPTS control message.  On a received packet compiling records
 * this host in record route and timestamp, as every hop must
 * (RFC 791), and returns the position of the first bad byte for the
 * ICMP parameter problem.
 */

#include <linux/capability.h>
#include <linux/icmp.h>
#include <linux/ip.h>
#include <linux/skbuff.h>
#include <linux/slab.h>
#include <linux/sockptr.h>
#include <net/ip.h>
#include <net/xinet/xdevinet.h>
#include <net/xinet/xicmp.h>
#include <net/xinet/xip.h>
#include <net/xinet/xroute.h>

/* The option area's size: a 60-byte header less the fixed 20. */
#define XIP_OPTIONS_MAX		40

/**
 * xip_options_build - write a socket's options into an outgoing header
 * @skb: the packet; its IP header, with room for @opt, is at
 *	skb_network_header()
 * @opt: the compiled options
 * @daddr: the final destination, which ends a source route
 * @saddr: this host's address on the way out, for record route and
 *	timestamps
 *
 * Twin of ip_options_build().  The fixed header must already be there;
 * the options are copied behind it and the slots compiling reserved for
 * this host are filled.  XIPCB(@skb)->opt keeps the offsets for
 * fragmentation.
 */
void xip_options_build(struct sk_buff *skb, const struct ip_options *opt,
		       __be32 daddr, __be32 saddr)
{
	unsigned char *iph = skb_network_header(skb);

	memcpy(&XIPCB(skb)->opt, opt, sizeof(*opt));
	memcpy(iph + sizeof(struct iphdr), opt->__data, opt->optlen);

	if (opt->srr)
		memcpy(iph + opt->srr + iph[opt->srr + 1] - 4, &daddr, 4);
	if (opt->rr_needaddr)
		memcpy(iph + opt->rr + iph[opt->rr + 2] - 5, &saddr, 4);
	if (opt->ts_needaddr)
		memcpy(iph + opt->ts + iph[opt->ts + 2] - 9, &saddr, 4);
	if (opt->ts_needtime) {
		__be32 now = xinet_current_timestamp();

		memcpy(iph + opt->ts + iph[opt->ts + 2] - 5, &now, 4);
	}
}

/* Copy a received record route, with this host's reply slot reserved. */
static int xip_echo_rr(struct ip_options *dopt, unsigned char *dptr,
		       const unsigned char *sptr, const struct ip_options *sopt)
{
	int optlen = sptr[1], pointer = sptr[2];

	memcpy(dptr, sptr, optlen);
	if (sopt->rr_needaddr && pointer <= optlen) {
		if (pointer + 3 > optlen)
			return -EINVAL;
		dptr[2] = pointer + 4;
		dopt->rr_needaddr = 1;
	}
	return optlen;
}

/* Copy a received timestamp option, with this host's reply slot. */
static int xip_echo_ts(struct net *net, struct ip_options *dopt,
		       unsigned char *dptr, const unsigned char *sptr,
		       const struct ip_options *sopt)
{
	int optlen = sptr[1], pointer = sptr[2];

	memcpy(dptr, sptr, optlen);
	if (pointer > optlen)
		return optlen;

	if (sopt->ts_needaddr) {
		if (pointer + 3 > optlen)
			return -EINVAL;
		dopt->ts_needaddr = 1;
		pointer += 4;
	}
	if (sopt->ts_needtime) {
		if (pointer + 3 > optlen)
			return -EINVAL;
		if ((dptr[3] & 0xf) != IPOPT_TS_PRESPEC) {
			dopt->ts_needtime = 1;
			pointer += 4;
		} else if (pointer + 7 <= optlen) {
			__be32 addr;

			/* A prespecified slot is ours only if it names us. */
			memcpy(&addr, dptr + pointer - 1, 4);
			if (xinet_addr_type(net, addr) != RTN_UNICAST) {
				dopt->ts_needtime = 1;
				pointer += 8;
			}
		}
	}
	dptr[2] = pointer;
	return optlen;
}

/*
 * Reverse a received source route: the hops recorded so far, last
 * first, and the packet's source as the final destination (which
 * xip_options_build() writes).  A route that already ends at the
 * source is not repeated (RFC 1812 5.2.4.1).
 */
static int xip_echo_srr(struct ip_options *dopt, unsigned char *dptr,
			const unsigned char *start, __be32 saddr)
{
	int optlen = start[1], pointer = start[2], doffset = 0;
	__be32 faddr = 0;

	if (pointer > optlen)
		pointer = optlen + 1;
	pointer -= 4;
	if (pointer > 3) {
		memcpy(&faddr, &start[pointer - 1], 4);
		for (pointer -= 4, doffset = 4; pointer > 3;
		     pointer -= 4, doffset += 4)
			memcpy(&dptr[doffset - 1], &start[pointer - 1], 4);
		if (!memcmp(&saddr, &start[pointer + 3], 4))
			doffset -= 4;
	}
	if (doffset <= 3)
		return 0;
	dopt->faddr = faddr;
	dptr[0] = start[0];
	dptr[1] = doffset + 3;
	dptr[2] = 4;
	return doffset + 3;
}

/**
 * __xip_options_echo - the options of a reply to a received packet
 * @net: the namespace
 * @dopt: where to build them, with XIP_OPTIONS_MAX bytes of __data
 * @skb: the received packet, network header set
 * @sopt: its compiled options (usually XIPCB(@skb)->opt)
 *
 * Twin of __ip_options_echo(): record route and timestamp are copied
 * with a slot for this host, a source route is reversed, and other
 * options are left out.  @dopt comes out compiled, as a socket's
 * options are, ready for xip_options_build().
 *
 * Return: 0, or -EINVAL if an option has no room left for the reply.
 */
int __xip_options_echo(struct net *net, struct ip_options *dopt,
		       struct sk_buff *skb, const struct ip_options *sopt)
{
	const unsigned char *sptr = skb_network_header(skb);
	unsigned char *dptr = dopt->__data;
	int len;

	memset(dopt, 0, sizeof(*dopt));
	if (!sopt->optlen)
		return 0;

	if (sopt->rr) {
		len = xip_echo_rr(dopt, dptr, sptr + sopt->rr, sopt);
		if (len < 0)
			return len;
		dopt->rr = dopt->optlen + sizeof(struct iphdr);
		dptr += len;
		dopt->optlen += len;
	}
	if (sopt->ts) {
		len = xip_echo_ts(net, dopt, dptr, sptr + sopt->ts, sopt);
		if (len < 0)
			return len;
		dopt->ts = dopt->optlen + sizeof(struct iphdr);
		dptr += len;
		dopt->optlen += len;
	}
	if (sopt->srr) {
		len = xip_echo_srr(dopt, dptr, sptr + sopt->srr,
				   ip_hdr(skb)->saddr);
		if (len) {
			dopt->srr = dopt->optlen + sizeof(struct iphdr);
			dopt->is_strictroute = sopt->is_strictroute;
			dptr += len;
			dopt->optlen += len;
		}
	}
	while (dopt->optlen & 3) {
		*dptr++ = IPOPT_END;
		dopt->optlen++;
	}
	return 0;
}

/**
 * xip_options_fragment - the options of the fragments after the first
 * @skb: the first fragment's copy that later fragments are made from
 *
 * Twin of ip_options_fragment(): options whose copied flag is clear
 * (record route, timestamp) become no-ops, keeping the header's size.
 */
void xip_options_fragment(struct sk_buff *skb)
{
	unsigned char *optptr = skb_network_header(skb) + sizeof(struct iphdr);
	struct ip_options *opt = &XIPCB(skb)->opt;
	int left = opt->optlen, optlen;

	while (left > 0) {
		if (*optptr == IPOPT_END)
			return;
		if (*optptr == IPOPT_NOOP) {
			left--;
			optptr++;
			continue;
		}
		optlen = optptr[1];
		if (optlen < 2 || optlen > left)
			return;
		if (!IPOPT_COPIED(*optptr))
			memset(optptr, IPOPT_NOOP, optlen);
		left -= optlen;
		optptr += optlen;
	}
	opt->ts = 0;
	opt->rr = 0;
	opt->rr_needaddr = 0;
	opt->ts_needaddr = 0;
	opt->ts_needtime = 0;
}

/*
 * One option, @optlen bytes at @optptr (its length byte checked).
 * Returns NULL or the byte a parameter problem points at.
 */
static unsigned char *xip_compile_one(struct net *net, struct ip_options *opt,
				      struct sk_buff *skb, unsigned char *iph,
				      unsigned char *optptr, int optlen,
				      __be32 *spec_dst)
{
	unsigned char *timeptr = NULL;
	__be32 addr;

	switch (optptr[0]) {
	case IPOPT_SSRR:
	case IPOPT_LSRR:
		if (optlen < 3)
			return optptr + 1;
		if (optptr[2] < 4)
			return optptr + 2;
		/* One source route per packet (RFC 1812 5.2.4.1). */
		if (opt->srr)
			return optptr;
		if (!skb) {
			/* A socket names the route from its first hop on. */
			if (optptr[2] != 4 || optlen < 7 || ((optlen - 3) & 3))
				return optptr + 1;
			memcpy(&opt->faddr, &optptr[3], 4);
			if (optlen > 7)
				memmove(&optptr[3], &optptr[7], optlen - 7);
		}
		opt->is_strictroute = optptr[0] == IPOPT_SSRR;
		opt->srr = optptr - iph;
		return NULL;

	case IPOPT_RR:
		if (opt->rr)
			return optptr;
		if (optlen < 3)
			return optptr + 1;
		if (optptr[2] < 4)
			return optptr + 2;
		if (optptr[2] <= optlen) {
			if (optptr[2] + 3 > optlen)
				return optptr + 2;
			if (skb) {
				if (!*spec_dst)
					*spec_dst = xfib_compute_spec_dst(skb);
				memcpy(&optptr[optptr[2] - 1], spec_dst, 4);
				opt->is_changed = 1;
			}
			optptr[2] += 4;
			opt->rr_needaddr = 1;
		}
		opt->rr = optptr - iph;
		return NULL;

	case IPOPT_TIMESTAMP:
		if (opt->ts)
			return optptr;
		if (optlen < 4)
			return optptr + 1;
		if (optptr[2] < 5)
			return optptr + 2;
		if (optptr[2] > optlen) {
			unsigned int overflow = optptr[3] >> 4;

			/* Full: count the hop in the overflow nibble. */
			if ((optptr[3] & 0xf) != IPOPT_TS_PRESPEC) {
				if (overflow == 15)
					return optptr + 3;
				if (skb) {
					optptr[3] = (optptr[3] & 0xf) |
						    ((overflow + 1) << 4);
					opt->is_changed = 1;
				}
			}
			opt->ts = optptr - iph;
			return NULL;
		}
		if (optptr[2] + 3 > optlen)
			return optptr + 2;
		switch (optptr[3] & 0xf) {
		case IPOPT_TS_TSONLY:
			if (skb)
				timeptr = &optptr[optptr[2] - 1];
			opt->ts_needtime = 1;
			optptr[2] += 4;
			break;
		case IPOPT_TS_TSANDADDR:
			if (optptr[2] + 7 > optlen)
				return optptr + 2;
			if (skb) {
				if (!*spec_dst)
					*spec_dst = xfib_compute_spec_dst(skb);
				memcpy(&optptr[optptr[2] - 1], spec_dst, 4);
				timeptr = &optptr[optptr[2] + 3];
			}
			opt->ts_needaddr = 1;
			opt->ts_needtime = 1;
			optptr[2] += 8;
			break;
		case IPOPT_TS_PRESPEC:
			if (optptr[2] + 7 > optlen)
				return optptr + 2;
			memcpy(&addr, &optptr[optptr[2] - 1], 4);
			/* The next slot names someone else: leave it. */
			if (xinet_addr_type(net, addr) == RTN_UNICAST)
				break;
			if (skb)
				timeptr = &optptr[optptr[2] + 3];
			opt->ts_needtime = 1;
			optptr[2] += 8;
			break;
		default:
			/* Unknown flags: only a raw-capable sender may. */
			if (!skb && !ns_capable(net->user_ns, CAP_NET_RAW))
				return optptr + 3;
			break;
		}
		if (timeptr) {
			__be32 now = xinet_current_timestamp();

			memcpy(timeptr, &now, 4);
			opt->is_changed = 1;
		}
		opt->ts = optptr - iph;
		return NULL;

	case IPOPT_RA:
		if (optlen < 4)
			return optptr + 1;
		if (!optptr[2] && !optptr[3])
			opt->router_alert = optptr - iph;
		return NULL;

	case IPOPT_CIPSO:
		if ((!skb && !ns_capable(net->user_ns, CAP_NET_RAW)) ||
		    opt->cipso)
			return optptr;
		opt->cipso = optptr - iph;
		/*
		 * cipso_v4_validate() with no domain of interpretation
		 * configured, which is all xinet can have: too short, or
		 * an unknown DOI.
		 */
		return optlen < 8 ? optptr + 1 : optptr + 2;

	default:
		/*
		 * Security, stream ID and unknown options: a sender needs
		 * CAP_NET_RAW; received ones pass untouched.
		 */
		if (!skb && !ns_capable(net->user_ns, CAP_NET_RAW))
			return optptr;
		return NULL;
	}
}

/**
 * __xip_options_compile - check options and note where each one is
 * @net: the namespace
 * @opt: @opt->optlen set; with no @skb, the options are in @opt->__data
 * @skb: a received packet whose header holds the options, or NULL for
 *	a socket's options
 * @info: out, on failure: the parameter problem's pointer, network order
 *
 * Twin of __ip_options_compile().  The caller zeroes @opt but for
 * optlen.  Bytes after an end-of-list are made end-of-list too.
 *
 * Return: 0 or -EINVAL.
 */
int __xip_options_compile(struct net *net, struct ip_options *opt,
			  struct sk_buff *skb, __be32 *info)
{
	unsigned char *optptr, *iph, *bad = NULL;
	__be32 spec_dst = 0;
	int optlen, left;

	if (skb)
		optptr = (unsigned char *)(ip_hdr(skb) + 1);
	else
		optptr = opt->__data;
	iph = optptr - sizeof(struct iphdr);

	for (left = opt->optlen; left > 0; ) {
		if (*optptr == IPOPT_END) {
			for (optptr++, left--; left > 0; optptr++, left--) {
				if (*optptr != IPOPT_END) {
					*optptr = IPOPT_END;
					opt->is_changed = 1;
				}
			}
			return 0;
		}
		if (*optptr == IPOPT_NOOP) {
			left--;
			optptr++;
			continue;
		}
		if (left < 2) {
			bad = optptr;
			break;
		}
		optlen = optptr[1];
		if (optlen < 2 || optlen > left) {
			bad = optptr;
			break;
		}
		bad = xip_compile_one(net, opt, skb, iph, optptr, optlen,
				      &spec_dst);
		if (bad)
			break;
		left -= optlen;
		optptr += optlen;
	}
	if (!bad)
		return 0;
	if (info)
		*info = htonl((bad - iph) << 24);
	return -EINVAL;
}

/**
 * xip_options_compile - __xip_options_compile(), answering a received
 *	packet's bad option with an ICMP parameter problem
 * @net: the namespace
 * @opt: as for __xip_options_compile()
 * @skb: as for __xip_options_compile()
 *
 * Return: 0 or -EINVAL.
 */
int xip_options_compile(struct net *net, struct ip_options *opt,
			struct sk_buff *skb)
{
	__be32 info;
	int err;

	err = __xip_options_compile(net, opt, skb, &info);
	if (err && skb)
		xicmp_send(skb, ICMP_PARAMETERPROB, 0, info);
	return err;
}

/**
 * xip_options_undo - turn compiled options back into what a user writes
 * @opt: options compiled without a packet (a socket's, or an echo)
 *
 * Twin of ip_options_undo(): the first hop goes back into the source
 * route and the slots reserved for this host are released.
 */
void xip_options_undo(struct ip_options *opt)
{
	unsigned char *optptr;

	if (opt->srr) {
		optptr = opt->__data + opt->srr - sizeof(struct iphdr);
		memmove(optptr + 7, optptr + 3, optptr[1] - 7);
		memcpy(optptr + 3, &opt->faddr, 4);
	}
	if (opt->rr_needaddr) {
		optptr = opt->__data + opt->rr - sizeof(struct iphdr);
		optptr[2] -= 4;
		memset(&optptr[optptr[2] - 1], 0, 4);
	}
	if (opt->ts) {
		optptr = opt->__data + opt->ts - sizeof(struct iphdr);
		if (opt->ts_needtime) {
			optptr[2] -= 4;
			memset(&optptr[optptr[2] - 1], 0, 4);
			if ((optptr[3] & 0xf) == IPOPT_TS_PRESPEC)
				optptr[2] -= 4;
		}
		if (opt->ts_needaddr) {
			optptr[2] -= 4;
			memset(&optptr[optptr[2] - 1], 0, 4);
		}
	}
}

/**
 * xip_options_get - compile options a user gave (IP_OPTIONS, IP_RETOPTS)
 * @net: the namespace, whose user namespace CAP_NET_RAW is checked in
 * @optp: in: the options to replace (freed on success), out: the new ones
 * @data: the user's bytes
 * @optlen: their number, at most XIP_OPTIONS_MAX
 *
 * Twin of ip_options_get(): the options are padded with end-of-list to
 * a multiple of four.  A source route needs CAP_NET_RAW.
 *
 * Return: 0, -ENOMEM, -EFAULT, -EINVAL (malformed, or not permitted
 * without CAP_NET_RAW) or -EPERM (a source route without CAP_NET_RAW).
 */
int xip_options_get(struct net *net, struct ip_options_rcu **optp,
		    sockptr_t data, int optlen)
{
	struct ip_options_rcu *opt;

	if (optlen < 0 || optlen > XIP_OPTIONS_MAX)
		return -EINVAL;
	opt = kzalloc(sizeof(*opt) + ((optlen + 3) & ~3), GFP_KERNEL);
	if (!opt)
		return -ENOMEM;
	if (optlen && copy_from_sockptr(opt->opt.__data, data, optlen)) {
		kfree(opt);
		return -EFAULT;
	}
	while (optlen & 3)
		opt->opt.__data[optlen++] = IPOPT_END;
	opt->opt.optlen = optlen;
	if (optlen && xip_options_compile(net, &opt->opt, NULL)) {
		kfree(opt);
		return -EINVAL;
	}
	if (opt->opt.srr && !ns_capable(net->user_ns, CAP_NET_RAW)) {
		kfree(opt);
		return -EPERM;
	}
	kfree(*optp);
	*optp = opt;
	return 0;
}
