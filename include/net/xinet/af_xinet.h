/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xinet: the socket layer of AF_XINET, twin of include/net/inet_common.h.
 */
#ifndef _NET_XINET_AF_XINET_H
#define _NET_XINET_AF_XINET_H

#include <linux/net.h>
#include <net/sock.h>
#include <net/xinet/compat.h>
#include <net/xinet/protocol.h>

extern struct proto_ops xinet_stream_ops;
extern struct proto_ops xinet_dgram_ops;
extern struct proto_ops xinet_sockraw_ops;

int xinet_release(struct socket *sock);
int xinet_autobind(struct sock *sk);
int xinet_bind(struct socket *sock, struct sockaddr *uaddr, int addr_len);
int xinet_dgram_connect(struct socket *sock, struct sockaddr *uaddr,
			int addr_len, int flags);
int xinet_stream_connect(struct socket *sock, struct sockaddr *uaddr,
			 int addr_len, int flags);
int __xinet_stream_connect(struct socket *sock, struct sockaddr *uaddr,
			   int addr_len, int flags, int is_sendmsg);
int xinet_accept(struct socket *sock, struct socket *newsock,
		 struct proto_accept_arg *arg);
int xinet_getname(struct socket *sock, struct sockaddr *uaddr, int peer);
int xinet_setsockopt(struct socket *sock, int level, int optname,
		     sockptr_t optval, unsigned int optlen);
int xinet_ioctl(struct socket *sock, unsigned int cmd, unsigned long arg);
int xinet_listen(struct socket *sock, int backlog);
int xinet_shutdown(struct socket *sock, int how);
int xinet_sendmsg(struct socket *sock, struct msghdr *msg, size_t size);
void xinet_splice_eof(struct socket *sock);
int xinet_recvmsg(struct socket *sock, struct msghdr *msg, size_t size,
		  int flags);

/*
 * The ICMP transports' struct proto, registered by xinet_init(); TCP's and
 * UDP's are in xtcp.h and xudp.h.
 */
extern struct proto xping_prot;
extern struct proto xraw_prot;

/* net/xinet/xinet_diag.c: sock_diag for the family */
int xinet_diag_init(void);
void xinet_diag_exit(void);

#endif /* _NET_XINET_AF_XINET_H */
