// SPDX-License-Identifier: GPL-2.0
/*
 * xinet: the per-boot secrets behind TCP's initial sequence numbers and
 * ephemeral port choice, twin of net/core/secure_seq.c.  The socket
 * tables (xinet_hashtables.c) and TCP (xtcp_ipv4.c) both call down here.
 */

#include <linux/export.h>
#include <linux/net.h>
#include <linux/siphash.h>
#include <linux/timekeeping.h>
#include <net/xinet/netns.h>
#include <net/xinet/xsecure_seq.h>

static siphash_aligned_key_t xtcp_seq_secret;
static siphash_aligned_key_t xtcp_ts_secret;
static siphash_aligned_key_t xtcp_port_secret;

/**
 * xsecure_tcp_seq - an initial sequence number (RFC 6528; twin of
 *	secure_tcp_seq)
 * @saddr: local address
 * @daddr: remote address
 * @sport: local port
 * @dport: remote port
 *
 * ISN = M + F(4-tuple, secret): F a keyed hash (SipHash with a per-boot
 * key), M a clock ticking every 64 ns, so that consecutive incarnations
 * of a connection get increasing, unguessable ISNs.
 *
 * Return: the ISN.
 */
u32 xsecure_tcp_seq(__be32 saddr, __be32 daddr, __be16 sport, __be16 dport)
{
	u32 hash;

	net_get_random_once(&xtcp_seq_secret, sizeof(xtcp_seq_secret));
	hash = siphash_3u32((__force u32)saddr, (__force u32)daddr,
			    (__force u32)sport << 16 | (__force u32)dport,
			    &xtcp_seq_secret);
	return hash + (u32)(ktime_get_real_ns() >> 6);
}

/**
 * xsecure_tcp_ts_off - the offset of a connection's TSval (twin of
 *	secure_tcp_ts_off)
 * @net: the namespace (net.xinet.tcp_timestamps)
 * @saddr: local address
 * @daddr: remote address
 *
 * With tcp_timestamps 1 the TSval clock of each pair of hosts starts at
 * a random point, so that it tells nothing of the uptime and differs
 * between peers (RFC 7323 section 7.1); it is keyed on the addresses
 * only, so that successive connections between them see one increasing
 * clock, which PAWS across TIME_WAIT reuse relies on.
 *
 * Return: the offset, 0 unless tcp_timestamps is 1.
 */
u32 xsecure_tcp_ts_off(const struct net *net, __be32 saddr, __be32 daddr)
{
	if (READ_ONCE(xinet_net(net)->sysctl_tcp_timestamps) != 1)
		return 0;
	net_get_random_once(&xtcp_ts_secret, sizeof(xtcp_ts_secret));
	return siphash_2u32((__force u32)saddr, (__force u32)daddr,
			    &xtcp_ts_secret);
}

/**
 * xsecure_tcp_port_offset - where the ephemeral port search of a
 *	connection starts (twin of secure_ipv4_port_ephemeral)
 * @saddr: local address
 * @daddr: remote address
 * @dport: remote port
 *
 * Return: a keyed hash of the three.
 */
u32 xsecure_tcp_port_offset(__be32 saddr, __be32 daddr, __be16 dport)
{
	net_get_random_once(&xtcp_port_secret, sizeof(xtcp_port_secret));
	return siphash_3u32((__force u32)saddr, (__force u32)daddr,
			    (__force u32)dport, &xtcp_port_secret);
}
