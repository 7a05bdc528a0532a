// SPDX-License-Identifier: GPL-2.0
/*
 * xinet_echo_server: an in-kernel TCP echo server on an AF_XINET socket.
 *
 * On load it makes a listening AF_XINET TCP socket in init_net on
 * 0.0.0.0:port (module parameter, default 7777) with sock_create_kern(),
 * kernel_bind() and kernel_listen(), and starts a kthread that serves one
 * connection at a time: kernel_accept(), then kernel_recvmsg() and
 * kernel_sendmsg() the same bytes back until the peer closes.
 *
 * Both sockets have a receive timeout, so the thread wakes now and then
 * and sees kthread_should_stop(): unload shuts the listener down, stops
 * the thread (which releases the connection it serves) and releases the
 * listener, leaving nothing behind.
 *
 * The family number comes from xinet.ko (xinet_family): load xinet first.
 * See README.md next to this file.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/inet.h>
#include <linux/kthread.h>
#include <linux/module.h>
#include <linux/net.h>
#include <linux/slab.h>
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

static int xes_family(void)
{
	return family ?: xinet_family;
}

static ushort port = 7777;
module_param(port, ushort, 0444);
MODULE_PARM_DESC(port, "TCP port to listen on (default 7777)");

/* How often a blocked accept or receive returns to check for unload. */
#define XES_POLL	HZ

#define XES_BUF_SIZE	4096

static struct socket *xes_listener;
static struct task_struct *xes_thread;

static void xes_set_timeouts(struct socket *sock)
{
	WRITE_ONCE(sock->sk->sk_rcvtimeo, XES_POLL);
	WRITE_ONCE(sock->sk->sk_sndtimeo, XES_POLL);
}

static int xes_send_all(struct socket *conn, char *buf, int len)
{
	int sent = 0;

	while (sent < len) {
		struct kvec vec = { .iov_base = buf + sent,
				    .iov_len = len - sent };
		struct msghdr msg = { .msg_flags = MSG_NOSIGNAL };
		int ret = kernel_sendmsg(conn, &msg, &vec, 1, vec.iov_len);

		if (ret == -EAGAIN && !kthread_should_stop())
			continue;
		if (ret < 0)
			return ret;
		sent += ret;
	}
	return sent;
}

/* Echoes one connection until EOF, an error or unload. */
static void xes_serve(struct socket *conn, char *buf)
{
	struct sockaddr_xin peer = { 0 };
	unsigned long total = 0;
	int ret = 0;

	xes_set_timeouts(conn);
	if (kernel_getpeername(conn, (struct sockaddr *)&peer) < 0)
		memset(&peer, 0, sizeof(peer));
	pr_info("connection from %pI4:%u\n", &peer.sxin_addr,
		ntohs(peer.sxin_port));

	while (!kthread_should_stop()) {
		struct kvec vec = { .iov_base = buf, .iov_len = XES_BUF_SIZE };
		struct msghdr msg = { 0 };

		ret = kernel_recvmsg(conn, &msg, &vec, 1, vec.iov_len, 0);
		if (ret == -EAGAIN)
			continue;
		if (ret <= 0)
			break;
		ret = xes_send_all(conn, buf, ret);
		if (ret < 0)
			break;
		total += ret;
	}
	/* -EAGAIN here is the last timeout before an unload, not an error. */
	if (ret < 0 && ret != -EAGAIN)
		pr_info("connection from %pI4:%u: error %d\n",
			&peer.sxin_addr, ntohs(peer.sxin_port), ret);
	pr_info("connection from %pI4:%u closed, %lu bytes echoed\n",
		&peer.sxin_addr, ntohs(peer.sxin_port), total);
}

/* The server thread: never returns before kthread_stop(). */
static int xes_thread_fn(void *data)
{
	char *buf = data;

	while (!kthread_should_stop()) {
		struct socket *conn;
		int err = kernel_accept(xes_listener, &conn, 0);

		if (err == -EAGAIN)
			continue;
		if (err) {
			/* Shut down (unload) or a transient error. */
			schedule_timeout_interruptible(XES_POLL / 10);
			continue;
		}
		xes_serve(conn, buf);
		kernel_sock_shutdown(conn, SHUT_RDWR);
		sock_release(conn);
	}
	kfree(buf);
	return 0;
}

static int __init xes_init(void)
{
	struct sockaddr_xin addr = {
		.sxin_family = xes_family(),
		.sxin_port = htons(port),
		.sxin_addr = htonl(INADDR_ANY),
	};
	char *buf;
	int err;

	buf = kmalloc(XES_BUF_SIZE, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	err = sock_create_kern(&init_net, xes_family(), SOCK_STREAM,
			       IPPROTO_TCP, &xes_listener);
	if (err) {
		pr_err("sock_create_kern(family %d, SOCK_STREAM): %d\n",
		       xes_family(), err);
		goto free_buf;
	}
	sock_set_reuseaddr(xes_listener->sk);
	xes_set_timeouts(xes_listener);
	err = kernel_bind(xes_listener, (struct sockaddr *)&addr, sizeof(addr));
	if (err) {
		pr_err("bind to port %u: %d\n", port, err);
		goto release;
	}
	err = kernel_listen(xes_listener, 16);
	if (err) {
		pr_err("listen: %d\n", err);
		goto release;
	}
	xes_thread = kthread_run(xes_thread_fn, buf, "xinet_echo/%u", port);
	if (IS_ERR(xes_thread)) {
		err = PTR_ERR(xes_thread);
		goto release;
	}
	pr_info("listening on family %d TCP port %u\n",
		xes_family(), port);
	return 0;

release:
	sock_release(xes_listener);
free_buf:
	kfree(buf);
	return err;
}

static void __exit xes_exit(void)
{
	/* Wakes a blocked accept; the timeout covers a stack that does not. */
	kernel_sock_shutdown(xes_listener, SHUT_RDWR);
	kthread_stop(xes_thread);
	sock_release(xes_listener);
	pr_info("stopped\n");
}

module_init(xes_init);
module_exit(xes_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Sample: in-kernel TCP echo server on AF_XINET");
