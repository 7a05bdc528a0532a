/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * xinet: userspace API of the AF_XINET address family.
 *
 * AF_XINET re-implements the INET (IPv4) socket layer in a loadable
 * module.  Its sockets speak real IPv4/TCP/UDP/ICMP on the wire, so its
 * API mirrors AF_INET's: struct sockaddr_xin is struct sockaddr_in with
 * another family number.
 */
#ifndef _UAPI_LINUX_XINET_H
#define _UAPI_LINUX_XINET_H

#include <linux/types.h>
#include <linux/socket.h>

/*
 * The default family number.  22 (once AF_SNA) is below AF_MAX in every
 * supported kernel and no in-tree family registers it.  The module
 * parameter "family" overrides it; programs that want to follow an
 * override read /sys/module/xinet/parameters/family.
 */
#define AF_XINET		22
#define PF_XINET		AF_XINET

/* The sysfs file that holds the family number actually registered. */
#define XINET_FAMILY_PATH	"/sys/module/xinet/parameters/family"

/* Pad to the size of struct sockaddr, as sockaddr_in does. */
#define __XIN_SOCK_SIZE__	16

/**
 * struct sockaddr_xin - an AF_XINET socket address
 * @sxin_family: AF_XINET
 * @sxin_port: port, network byte order
 * @sxin_addr: IPv4 address, network byte order
 * @__pad: zero padding up to the size of struct sockaddr
 *
 * Same layout as struct sockaddr_in, so code written for AF_INET needs
 * only the family changed.
 */
struct sockaddr_xin {
	__kernel_sa_family_t	sxin_family;
	__be16			sxin_port;
	__be32			sxin_addr;
	unsigned char		__pad[__XIN_SOCK_SIZE__ -
				      sizeof(__kernel_sa_family_t) -
				      sizeof(__be16) - sizeof(__be32)];
};

#endif /* _UAPI_LINUX_XINET_H */
