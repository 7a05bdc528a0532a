/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xinet: keyed hashes of a connection's addresses, twin of
 * include/net/secure_seq.h.
 */
#ifndef _NET_XINET_XSECURE_SEQ_H
#define _NET_XINET_XSECURE_SEQ_H

#include <linux/types.h>

struct net;

u32 xsecure_tcp_seq(__be32 saddr, __be32 daddr, __be16 sport, __be16 dport);
u32 xsecure_tcp_ts_off(const struct net *net, __be32 saddr, __be32 daddr);
u32 xsecure_tcp_port_offset(__be32 saddr, __be32 daddr, __be16 dport);

#endif /* _NET_XINET_XSECURE_SEQ_H */
