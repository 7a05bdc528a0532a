// SPDX-License-Identifier: GPL-2.0
/*
 * xinet: IP-level socket options, twin of net/ipv4/ip_sockglue.c.
 *
 * SOL_SOCKET options never get here: the socket layer handles them for
 * every family.  What reaches these functions is SOL_IP and the
 * transport levels that the transport did not claim.
 */

#include <linux/errno.h>
#include <net/xinet/xip.h>

/**
 * xip_setsockopt - setsockopt(2) at the IP level
 * @sk: the socket
 * @level: SOL_IP or a level no transport claimed
 * @optname: the option
 * @optval: its value
 * @optlen: its length
 *
 * Return: 0 or a negative errno; -ENOPROTOOPT for an option this level
 * does not know, as AF_INET answers.
 */
int xip_setsockopt(struct sock *sk, int level, int optname, sockptr_t optval,
		   unsigned int optlen)
{
	return -ENOPROTOOPT;
}

/**
 * xip_getsockopt - getsockopt(2) at the IP level
 * @sk: the socket
 * @level: SOL_IP or a level no transport claimed
 * @optname: the option
 * @optval: where to write the value
 * @optlen: in: room at @optval, out: bytes written
 *
 * Return: 0 or a negative errno; -ENOPROTOOPT for an unknown option.
 */
int xip_getsockopt(struct sock *sk, int level, int optname,
		   char __user *optval, int __user *optlen)
{
	return -ENOPROTOOPT;
}
