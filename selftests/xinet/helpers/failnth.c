// SPDX-License-Identifier: GPL-2.0
/*
 * failnth: AF_XINET socket operations with one allocation failed at a
 * time, through the task's /proc/thread-self/fail-nth (systematic fault
 * injection: writing N fails the N-th fault-injection point the task
 * reaches, in failslab and fail_page_alloc alike; reading back 0 says
 * it was reached).
 *
 *   failnth [-m MAX] OP [ADDR PORT]
 *
 * For N = 1, 2, ... runs OP with the N-th allocation failed, until OP
 * completes without reaching its N-th allocation (every allocation site
 * of the run has had its turn) or MAX (default 2000) is reached; then
 * runs OP once more without injection, which must work.  Each failed run
 * must end in a clean errno (ENOMEM, ENOBUFS, a timeout, a reset, ...):
 * anything else (EINVAL, EFAULT, wrong data) is reported as unexpected.
 * Only the task's own allocations fail (fail-nth is per task; softirq
 * work, such as the receive path of the loopback, is not counted).
 *
 * OPs:
 *   tcp-lo PORT		listen on 127.0.0.1:PORT, connect, accept, a
 *			byte each way, the client closes first (TIME_WAIT)
 *   udp-lo PORT		two UDP sockets on 127.0.0.1 exchange a datagram
 *   tcp-out ADDR PORT	connect to an echo server (Linux's), a byte each
 *			way, half-close, EOF, close (TIME_WAIT)
 *   udp-out ADDR PORT	a datagram to an echo server and its answer
 *
 * Prints "OP: faults N ok K errno=count... unexpected U" and the first
 * unexpected outcomes; the fault-injection debugfs knobs must make
 * GFP_KERNEL allocations eligible (ignore-gfp-wait=N, min-order=0).
 * Exit status: 0, 1 if something was unexpected or the last run failed,
 * 2 usage, 4 no fail-nth (CONFIG_FAULT_INJECTION off).
 */

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <unistd.h>
#include <linux/xinet.h>

#define WAIT_MS		1500
#define NERR		134
/* Not an errno: the data that came back was not what was sent. */
#define EGARBAGE	(NERR - 1)

static int family = AF_XINET;
static struct sockaddr_in peer;
static int fds[4];
static const char *step;

/* Every descriptor of a run is closed after it. */
static int track(int fd)
{
	for (int i = 0; fd >= 0 && i < 4; i++) {
		if (fds[i] < 0) {
			fds[i] = fd;
			break;
		}
	}
	return fd;
}

static int xsocket(int type)
{
	return track(socket(family, type | SOCK_NONBLOCK, 0));
}

static void close_all(void)
{
	for (int i = 0; i < 4; i++) {
		if (fds[i] >= 0)
			close(fds[i]);
		fds[i] = -1;
	}
}

/* Wait for @ev on @fd; a timeout is ETIMEDOUT. */
static int wait_fd(int fd, short ev)
{
	struct pollfd p = { .fd = fd, .events = ev };
	int n = poll(&p, 1, WAIT_MS);

	if (n < 0)
		return -errno;
	if (!n)
		return -ETIMEDOUT;
	return 0;
}

/* A failed call: remember where, return -errno. */
static int failed(const char *what)
{
	step = what;
	return -errno;
}

/* A failed wait: remember where, return its error. */
static int waited(const char *what, int err)
{
	step = what;
	return err;
}

static int recv_exact(int fd, const char *want, size_t len)
{
	char buf[16];
	ssize_t n;
	int err;

	err = wait_fd(fd, POLLIN);
	if (err)
		return waited("wait-recv", err);
	n = recv(fd, buf, sizeof(buf), 0);
	if (n < 0)
		return failed("recv");
	step = "recv";
	if (n == 0)
		return -ECONNRESET;	/* an EOF here: the peer went away */
	if ((size_t)n != len || memcmp(buf, want, len))
		return -EGARBAGE;
	return 0;
}

static int connect_wait(int fd, const struct sockaddr_in *to)
{
	int err = 0;
	socklen_t l = sizeof(err);

	if (connect(fd, (const struct sockaddr *)to, sizeof(*to)) &&
	    errno != EINPROGRESS)
		return failed("connect");
	err = wait_fd(fd, POLLOUT);
	if (err)
		return waited("wait-connect", err);
	if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &l) < 0)
		return failed("so_error");
	step = "connect";
	return -err;
}

/* Read to EOF: 0, or why not. */
static int wait_eof(int fd)
{
	char ch;
	int err;

	err = wait_fd(fd, POLLIN);
	if (err)
		return waited("wait-eof", err);
	if (recv(fd, &ch, 1, 0) < 0)
		return failed("recv-eof");
	return 0;
}

static int op_tcp_lo(void)
{
	struct sockaddr_in a = peer;
	int l, c, s, err, one = 1;

	l = xsocket(SOCK_STREAM);
	if (l < 0)
		return failed("socket");
	if (setsockopt(l, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) < 0)
		return failed("setsockopt");
	if (bind(l, (struct sockaddr *)&a, sizeof(a)) < 0)
		return failed("bind");
	if (listen(l, 8) < 0)
		return failed("listen");
	c = xsocket(SOCK_STREAM);
	if (c < 0)
		return failed("socket");
	err = connect_wait(c, &a);
	if (err)
		return err;
	err = wait_fd(l, POLLIN);
	if (err)
		return waited("wait-accept", err);
	s = track(accept4(l, NULL, NULL, SOCK_NONBLOCK));
	if (s < 0)
		return failed("accept");
	if (send(c, "p", 1, MSG_NOSIGNAL) < 0)
		return failed("send");
	err = recv_exact(s, "p", 1);
	if (err)
		return err;
	if (send(s, "q", 1, MSG_NOSIGNAL) < 0)
		return failed("send");
	err = recv_exact(c, "q", 1);
	if (err)
		return err;
	if (shutdown(c, SHUT_WR) < 0)
		return failed("shutdown");
	return wait_eof(s);
}

static int op_udp_lo(void)
{
	struct sockaddr_in a = peer, b;
	socklen_t bl = sizeof(b);
	int s1, s2, err;

	s1 = xsocket(SOCK_DGRAM);
	if (s1 < 0)
		return failed("socket");
	if (bind(s1, (struct sockaddr *)&a, sizeof(a)) < 0)
		return failed("bind");
	s2 = xsocket(SOCK_DGRAM);
	if (s2 < 0)
		return failed("socket");
	if (connect(s2, (struct sockaddr *)&a, sizeof(a)) < 0)
		return failed("connect");
	if (getsockname(s2, (struct sockaddr *)&b, &bl) < 0)
		return failed("getsockname");
	if (send(s2, "u", 1, 0) < 0)
		return failed("send");
	err = recv_exact(s1, "u", 1);
	if (err)
		return err;
	if (sendto(s1, "v", 1, 0, (struct sockaddr *)&b, bl) < 0)
		return failed("sendto");
	return recv_exact(s2, "v", 1);
}

static int op_tcp_out(void)
{
	int c, err;

	c = xsocket(SOCK_STREAM);
	if (c < 0)
		return failed("socket");
	err = connect_wait(c, &peer);
	if (err)
		return err;
	if (send(c, "o", 1, MSG_NOSIGNAL) < 0)
		return failed("send");
	err = recv_exact(c, "o", 1);
	if (err)
		return err;
	if (shutdown(c, SHUT_WR) < 0)
		return failed("shutdown");
	return wait_eof(c);
}

static int op_udp_out(void)
{
	int s;

	s = xsocket(SOCK_DGRAM);
	if (s < 0)
		return failed("socket");
	if (connect(s, (struct sockaddr *)&peer, sizeof(peer)) < 0)
		return failed("connect");
	if (send(s, "d", 1, 0) < 0)
		return failed("send");
	return recv_exact(s, "d", 1);
}

static int clean_errno(int e)
{
	switch (e) {
	case ENOMEM: case ENOBUFS: case EAGAIN: case ETIMEDOUT:
	case ECONNREFUSED: case ECONNRESET: case ECONNABORTED: case EPIPE:
	case EINTR: case ENFILE: case EMFILE: case EADDRINUSE:
	case EADDRNOTAVAIL:
		return 1;
	}
	return 0;
}

static const char *ename(int e)
{
	return e == EGARBAGE ? "garbage" : strerrorname_np(e) ?: "?";
}

int main(int argc, char **argv)
{
	static unsigned long count[NERR];
	unsigned long ok = 0, unexpected = 0, n, max = 2000;
	int (*op)(void) = NULL;
	const char *name;
	char buf[32];
	int c, fd, r;

	while ((c = getopt(argc, argv, "m:")) != -1) {
		if (c != 'm')
			goto usage;
		max = strtoul(optarg, NULL, 0);
	}
	if (optind >= argc)
		goto usage;
	name = argv[optind];
	peer.sin_family = AF_INET;
	if (!strcmp(name, "tcp-lo") || !strcmp(name, "udp-lo")) {
		if (optind + 2 != argc)
			goto usage;
		op = name[0] == 't' ? op_tcp_lo : op_udp_lo;
		peer.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		peer.sin_port = htons(atoi(argv[optind + 1]));
	} else if (!strcmp(name, "tcp-out") || !strcmp(name, "udp-out")) {
		if (optind + 3 != argc ||
		    inet_pton(AF_INET, argv[optind + 1], &peer.sin_addr) != 1)
			goto usage;
		op = name[0] == 't' ? op_tcp_out : op_udp_out;
		peer.sin_port = htons(atoi(argv[optind + 2]));
	} else {
		goto usage;
	}
	fd = open("/sys/module/xinet/parameters/family", O_RDONLY);
	if (fd >= 0) {
		r = read(fd, buf, sizeof(buf) - 1);
		if (r > 0) {
			buf[r] = '\0';
			family = atoi(buf);
		}
		close(fd);
	}
	peer.sin_family = family;
	memset(fds, -1, sizeof(fds));

	/* Page faults would take the injected failures: none in the loop. */
	mlockall(MCL_CURRENT | MCL_FUTURE);
	fd = open("/proc/thread-self/fail-nth", O_RDWR);
	if (fd < 0) {
		perror("fail-nth");
		return 4;
	}

	for (n = 1; n <= max; n++) {
		int len = snprintf(buf, sizeof(buf), "%lu", n), left;

		if (pwrite(fd, buf, len, 0) != len) {
			perror("write fail-nth");
			return 1;
		}
		r = op();
		len = pread(fd, buf, sizeof(buf) - 1, 0);
		left = len > 0 ? (buf[len] = '\0', atoi(buf)) : -1;
		if (pwrite(fd, "0", 1, 0) != 1) {
			perror("reset fail-nth");
			return 1;
		}
		close_all();
		if (left > 0)	/* the N-th allocation never came */
			break;
		if (!r) {
			ok++;
		} else {
			r = -r;
			if (r >= NERR)
				r = EGARBAGE;
			count[r]++;
			if (!clean_errno(r) && unexpected++ < 10)
				printf("unexpected: fault %lu: %s: %s\n", n,
				       step, ename(r));
		}
	}
	printf("%s: faults %lu ok %lu", name, n - 1, ok);
	for (int e = 0; e < NERR; e++)
		if (count[e])
			printf(" %s=%lu", ename(e), count[e]);
	printf(" unexpected %lu\n", unexpected);

	r = op();
	close_all();
	if (r) {
		printf("%s: fails without injection: %s: %s\n", name, step,
		       ename(-r));
		return 1;
	}
	/* MAX reached with faults still to come: the sweep is incomplete. */
	return unexpected || (max && n > max) ? 1 : 0;

usage:
	fprintf(stderr, "usage: failnth [-m MAX] tcp-lo|udp-lo PORT | tcp-out|udp-out ADDR PORT\n");
	return 2;
}
