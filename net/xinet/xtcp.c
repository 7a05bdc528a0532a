// SPDX-License-Identifier: GPL-2.0
/*
 * xinet: the socket-facing half of TCP, twin of net/ipv4/tcp.c.
 */

#include <linux/poll.h>
#include <linux/swap.h>
#include <net/sock.h>
#include <net/tcp_states.h>
#include <net/xinet/netns.h>
#include <net/xinet/xtcp.h>

/*
 * TCP's memory accounting, the twins of tcp_memory_allocated and friends
 * (struct proto points at them: see xtcp_prot).  Pages, as Linux counts.
 */
long sysctl_xtcp_mem[3] __read_mostly;
atomic_long_t xtcp_memory_allocated ____cacheline_aligned_in_smp;
DEFINE_PER_CPU(int, xtcp_memory_per_cpu_fw_alloc);
unsigned long xtcp_memory_pressure __read_mostly;
/* The floors sk_get_wmem0()/sk_get_rmem0() read: tcp_wmem[0], tcp_rmem[0]. */
int sysctl_xtcp_wmem[3] __read_mostly = { 4096, 16384, 4194304 };
int sysctl_xtcp_rmem[3] __read_mostly = { 4096, 131072, 6291456 };
struct percpu_counter xtcp_orphan_count;
struct percpu_counter xtcp_sockets_allocated;

/**
 * xtcp_init - TCP's module-wide state (twin of tcp_init)
 *
 * Return: 0 or a negative errno.
 */
int xtcp_init(void)
{
	unsigned long limit = max(nr_free_buffer_pages() / 16, 128UL);
	int err;

	/* tcp_init_mem()'s shares of memory: 4.68%, 6.25%, 9.37%. */
	sysctl_xtcp_mem[0] = limit / 4 * 3;
	sysctl_xtcp_mem[1] = limit;
	sysctl_xtcp_mem[2] = sysctl_xtcp_mem[0] * 2;

	err = percpu_counter_init(&xtcp_orphan_count, 0, GFP_KERNEL);
	if (err)
		return err;
	err = percpu_counter_init(&xtcp_sockets_allocated, 0, GFP_KERNEL);
	if (err)
		goto out_orphan;
	err = xtcp_v4_init();
	if (err)
		goto out_sockets;
	return 0;

out_sockets:
	percpu_counter_destroy(&xtcp_sockets_allocated);
out_orphan:
	percpu_counter_destroy(&xtcp_orphan_count);
	return err;
}

/**
 * xtcp_exit - undo xtcp_init()
 */
void xtcp_exit(void)
{
	xtcp_v4_exit();
	percpu_counter_destroy(&xtcp_sockets_allocated);
	percpu_counter_destroy(&xtcp_orphan_count);
}

/**
 * xtcp_ioctl - SIOCINQ, SIOCOUTQ and SIOCOUTQNSD (twin of tcp_ioctl)
 * @sk: the socket
 * @cmd: the request
 * @karg: where the value goes
 *
 * Return: 0, or -ENOIOCTLCMD for requests TCP does not know.
 */
int xtcp_ioctl(struct sock *sk, int cmd, int *karg)
{
	return -ENOIOCTLCMD;
}

/**
 * xtcp_init_net - TCP defaults of a new namespace
 * @net: the namespace
 *
 * The buffer limits are those tcp_init() gives init_net: the maximum is
 * 4 MiB (send) and 6 MiB (receive), less on a machine with little free
 * memory.  Other namespaces start from init_net's values, as in
 * tcp_sk_init().
 */
void xtcp_init_net(struct net *net)
{
	struct xinet_net *xn = xinet_net(net);
	unsigned long limit;

	/* The defaults tcp_sk_init() and sysctl_core_net_init() give. */
	xn->sysctl_somaxconn = 4096;
	xn->sysctl_max_syn_backlog = 1024;
	xn->sysctl_tcp_syncookies = 1;
	xn->sysctl_tcp_syn_retries = 6;
	xn->sysctl_tcp_synack_retries = 5;
	xn->sysctl_tcp_fin_timeout = 60 * HZ;
	xn->sysctl_tcp_tw_timeout = 60 * HZ;
	xn->sysctl_tcp_tw_reuse = 2;
	xn->sysctl_max_tw_buckets = 65536;
	xn->sysctl_tcp_abort_on_overflow = 0;
	xn->sysctl_tcp_retries1 = 3;
	xn->sysctl_tcp_retries2 = 15;
	xn->sysctl_tcp_orphan_retries = 0;
	xn->sysctl_tcp_keepalive_time = 7200 * HZ;
	xn->sysctl_tcp_keepalive_intvl = 75 * HZ;
	xn->sysctl_tcp_keepalive_probes = 9;
	xn->sysctl_tcp_window_scaling = 1;
	xn->sysctl_tcp_challenge_ack_limit = INT_MAX;
	atomic_set(&xn->tcp_tw_count, 0);

	if (!net_eq(net, &init_net)) {
		struct xinet_net *init_xn = xinet_net(&init_net);

		memcpy(xn->sysctl_tcp_wmem, init_xn->sysctl_tcp_wmem,
		       sizeof(xn->sysctl_tcp_wmem));
		memcpy(xn->sysctl_tcp_rmem, init_xn->sysctl_tcp_rmem,
		       sizeof(xn->sysctl_tcp_rmem));
		return;
	}

	/* Same sizing rule as tcp_init(): 1/128 of the buffer pages. */
	limit = nr_free_buffer_pages() << (PAGE_SHIFT - 7);
	xn->sysctl_tcp_wmem[0] = PAGE_SIZE;
	xn->sysctl_tcp_wmem[1] = 16 * 1024;
	xn->sysctl_tcp_wmem[2] = max(64UL * 1024, min(4UL * 1024 * 1024, limit));
	xn->sysctl_tcp_rmem[0] = PAGE_SIZE;
	xn->sysctl_tcp_rmem[1] = 131072;
	xn->sysctl_tcp_rmem[2] = max(131072UL, min(6UL * 1024 * 1024, limit));
}

/**
 * xtcp_init_sock - initialise the TCP part of a new socket
 * @sk: the socket, fresh from xinet_create()
 *
 * Twin of tcp_init_sock().
 */
void xtcp_init_sock(struct sock *sk)
{
	struct xinet_net *xn = xinet_net(sock_net(sk));

	sk->sk_state = TCP_CLOSE;
	WRITE_ONCE(sk->sk_sndbuf, READ_ONCE(xn->sysctl_tcp_wmem[1]));
	WRITE_ONCE(sk->sk_rcvbuf, READ_ONCE(xn->sysctl_tcp_rmem[1]));
}

/**
 * xtcp_poll - poll(2) mask of a TCP socket (twin of tcp_poll)
 * @file: the socket's file
 * @sock: the socket
 * @wait: poll table
 *
 * A socket that never connected is "hung up" and writable, as on AF_INET:
 * EPOLLOUT | EPOLLWRNORM | EPOLLHUP.
 *
 * Return: the event mask.
 */
__poll_t xtcp_poll(struct file *file, struct socket *sock,
		   struct poll_table_struct *wait)
{
	struct sock *sk = sock->sk;
	__poll_t mask = 0;
	int state;

	sock_poll_wait(file, sock, wait);

	state = xinet_sk_state_load(sk);
	if (sk->sk_shutdown == SHUTDOWN_MASK || state == TCP_CLOSE)
		mask |= EPOLLHUP;
	if (sk->sk_shutdown & RCV_SHUTDOWN)
		mask |= EPOLLIN | EPOLLRDNORM | EPOLLRDHUP;

	if (state != TCP_SYN_SENT && state != TCP_SYN_RECV) {
		if (!skb_queue_empty_lockless(&sk->sk_receive_queue))
			mask |= EPOLLIN | EPOLLRDNORM;
		if (!(sk->sk_shutdown & SEND_SHUTDOWN)) {
			if (__sk_stream_is_writeable(sk, 1))
				mask |= EPOLLOUT | EPOLLWRNORM;
		} else {
			mask |= EPOLLOUT | EPOLLWRNORM;
		}
	}

	/* Pairs with the barrier of whoever sets sk_err. */
	smp_rmb();
	if (READ_ONCE(sk->sk_err) ||
	    !skb_queue_empty_lockless(&sk->sk_error_queue))
		mask |= EPOLLERR;
	return mask;
}

/**
 * xtcp_close - close a TCP socket (twin of tcp_close)
 * @sk: the socket
 * @timeout: SO_LINGER time, 0 for none
 *
 * A socket that never left CLOSE has nothing to tear down on the wire.
 */
void xtcp_close(struct sock *sk, long timeout)
{
	lock_sock(sk);
	WRITE_ONCE(sk->sk_shutdown, SHUTDOWN_MASK);
	release_sock(sk);
	sk_common_release(sk);
}
