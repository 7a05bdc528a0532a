// SPDX-License-Identifier: GPL-2.0
/*
 * xinet_client: an in-kernel TCP client on an AF_XINET socket.
 *
 * On load it connects to addr:port (module parameters, default
 * 127.0.0.1:7777) with sock_create_kern() and sock->ops->connect(),
 * sends msg, reads as many bytes back (an echo server answers with the
 * same), logs them with pr_info() and releases the socket.  Every step is
 * bounded by a 5 s timeout.  A failure fails the load with its errno, so
 * that insmod reports it; on success the module stays loaded, doing
 * nothing, until rmmod.
 *
 * The family number comes from xinet.ko (xinet_family): load xinet first.
 * See README.md next to this file.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/inet.h>
#include <linux/module.h>
#include <linux/net.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uio.h>
#include <net/sock.h>
#include <linux/xinet.h>

/*
 * The family number xinet.ko registered (its "family" parameter),
 * exported by xinet.ko and declared in include/net/xinet/af_xinet.h; that
 * header also wants xinet's build-time feature probes, so a module built
 * outside xinet's Kbuild declares just this.
 */
extern int xinet_family;

static int family;
module_param(family, int, 0444);
MODULE_PARM_DESC(family, "address family to use instead of xinet's (default 0: xinet's; 2: AF_INET, to compare)");

static int xc_family(void)
{
	return family ?: xinet_family;
}

static char *addr = "127.0.0.1";
module_param(addr, charp, 0444);
MODULE_PARM_DESC(addr, "IPv4 address of the server (default 127.0.0.1)");

static ushort port = 7777;
module_param(port, ushort, 0444);
MODULE_PARM_DESC(port, "TCP port of the server (default 7777)");

static char *msg = "hello from xinet_client";
module_param(msg, charp, 0444);
MODULE_PARM_DESC(msg, "message to send (default \"hello from xinet_client\")");

#define XC_TIMEOUT	(5 * HZ)

static int xc_send_all(struct socket *sock, char *buf, int len)
{
	int sent = 0;

	while (sent < len) {
		struct kvec vec = { .iov_base = buf + sent,
				    .iov_len = len - sent };
		struct msghdr m = { .msg_flags = MSG_NOSIGNAL };
		int ret = kernel_sendmsg(sock, &m, &vec, 1, vec.iov_len);

		if (ret < 0)
			return ret;
		sent += ret;
	}
	return 0;
}

/* Reads up to @len bytes: stops early only at EOF; errors are returned. */
static int xc_recv_all(struct socket *sock, char *buf, int len)
{
	int got = 0;

	while (got < len) {
		struct kvec vec = { .iov_base = buf + got,
				    .iov_len = len - got };
		struct msghdr m = { 0 };
		int ret = kernel_recvmsg(sock, &m, &vec, 1, vec.iov_len, 0);

		if (ret < 0)
			return ret;
		if (!ret)
			break;
		got += ret;
	}
	return got;
}

static int __init xc_init(void)
{
	struct sockaddr_xin sin = {
		.sxin_family = xc_family(),
		.sxin_port = htons(port),
	};
	struct sockaddr_xin local = { 0 };
	int len = strlen(msg);
	struct socket *sock;
	char *buf;
	int err;

	if (!in4_pton(addr, -1, (u8 *)&sin.sxin_addr, -1, NULL)) {
		pr_err("addr=%s is not an IPv4 address\n", addr);
		return -EINVAL;
	}
	if (!len) {
		pr_err("msg is empty\n");
		return -EINVAL;
	}
	buf = kzalloc(len + 1, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;

	err = sock_create_kern(&init_net, xc_family(), SOCK_STREAM,
			       IPPROTO_TCP, &sock);
	if (err) {
		pr_err("sock_create_kern(family %d, SOCK_STREAM): %d\n",
		       xc_family(), err);
		goto free_buf;
	}
	/* The send timeout also bounds a blocking connect. */
	WRITE_ONCE(sock->sk->sk_rcvtimeo, XC_TIMEOUT);
	WRITE_ONCE(sock->sk->sk_sndtimeo, XC_TIMEOUT);

	err = sock->ops->connect(sock, (struct sockaddr *)&sin, sizeof(sin), 0);
	if (err) {
		pr_err("connect to %pI4:%u: %d\n", &sin.sxin_addr, port, err);
		goto release;
	}
	if (kernel_getsockname(sock, (struct sockaddr *)&local) < 0)
		memset(&local, 0, sizeof(local));
	pr_info("connected %pI4:%u -> %pI4:%u\n", &local.sxin_addr,
		ntohs(local.sxin_port), &sin.sxin_addr, port);

	err = xc_send_all(sock, msg, len);
	if (err) {
		pr_err("send: %d\n", err);
		goto release;
	}
	err = xc_recv_all(sock, buf, len);
	if (err < 0) {
		pr_err("receive: %d\n", err);
		goto release;
	}
	pr_info("sent %d bytes, received %d: \"%s\"\n", len, err, buf);
	err = 0;

release:
	kernel_sock_shutdown(sock, SHUT_RDWR);
	sock_release(sock);
free_buf:
	kfree(buf);
	return err;
}

static void __exit xc_exit(void)
{
}

module_init(xc_init);
module_exit(xc_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Sample: in-kernel TCP client on AF_XINET");
