// SPDX-License-Identifier: GPL-2.0
/*
 * xinet: TCP upper-layer protocols, twin of net/ipv4/tcp_ulp.c.
 *
 * Linux lets TCP_ULP attach kTLS, espintcp, MPTCP's subflow layer or a
 * BPF sockmap to a socket; each of those reaches into struct tcp_sock
 * and AF_INET's proto, none can run over xinet's sockets.  xinet keeps
 * no ULP registry, so every name is one Linux does not know: ENOENT,
 * without loading a module ("tcp-ulp-NAME" would bring in one that
 * expects an AF_INET socket).
 */

#include <net/xinet/xtcp.h>

/**
 * xtcp_set_ulp - attach an upper-layer protocol by name (twin of tcp_set_ulp)
 * @sk: the socket, owned by the caller
 * @name: the ULP's name, NUL-terminated
 *
 * Return: -ENOENT, Linux's answer for a ULP it cannot find.
 */
int xtcp_set_ulp(struct sock *sk, const char *name)
{
	sock_owned_by_me(sk);
	return -ENOENT;
}
