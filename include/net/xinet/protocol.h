/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xinet: the family's number and its socket-type switch, twin of struct
 * inet_protosw in include/net/protocol.h.
 */
#ifndef _NET_XINET_PROTOCOL_H
#define _NET_XINET_PROTOCOL_H

#include <linux/list.h>
#include <linux/net.h>

/*
 * The address family number registered; the "family" module parameter
 * (AF_XINET by default).  A variable where AF_INET is a constant, so it
 * lives here, below the socket layer, for IPv4 and the transports that
 * check or fill in a socket address's family.
 */
extern int xinet_family;

/**
 * struct xinet_protosw - one (type, protocol) entry of the xinetsw table
 * @list: link in xinetsw[@type], RCU protected
 * @type: socket type (SOCK_STREAM, SOCK_DGRAM, SOCK_RAW)
 * @protocol: IPPROTO_* this entry implements; IPPROTO_IP is a wildcard
 * @prot: the transport's struct proto (sk_prot of its sockets)
 * @ops: the socket-layer operations (sock->ops of its sockets)
 * @flags: XINET_PROTOSW_*
 *
 * xinet_create() picks the entry for socket(2)'s type and protocol.
 */
struct xinet_protosw {
	struct list_head	list;
	unsigned short		type;
	unsigned short		protocol;
	struct proto		*prot;
	const struct proto_ops	*ops;
	unsigned char		flags;
};

/* Sockets of this entry may reuse addresses by default (SO_REUSEADDR). */
#define XINET_PROTOSW_REUSE	0x01
/* The entry cannot be unregistered. */
#define XINET_PROTOSW_PERMANENT	0x02
/* The sockets are connection-oriented (struct xinet_connection_sock). */
#define XINET_PROTOSW_ICSK	0x04

int xinet_register_protosw(struct xinet_protosw *p);
void xinet_unregister_protosw(struct xinet_protosw *p);

#endif /* _NET_XINET_PROTOCOL_H */
