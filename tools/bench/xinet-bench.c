// SPDX-License-Identifier: GPL-2.0
/*
 * xinet-bench: AF_XINET against AF_INET, in the same guest, interleaved.
 *
 * Each benchmark runs as pairs of rounds, AF_INET then AF_XINET in odd
 * rounds and the other way in even ones, and reports both medians and
 * the median of the per-pair ratios
 * (AF_XINET / AF_INET): run-to-run spread under QEMU TCG is large, and
 * interleaving cancels the drift that separate runs would measure.
 *
 *   udp_rr      1-byte request/response transactions per second
 *   udp_rate    64-byte datagrams received per second, one sender
 *   tcp_stream  single-stream bulk throughput, MB/s received
 *   tcp_rr      1-byte request/response transactions per second over one
 *               TCP connection (TCP_NODELAY)
 *   tcp_crr     connections per second: connect, accept, 1 byte each
 *               way, close
 *   tcp_lossy   tcp_stream across a pair of namespaces whose link drops
 *               1 % of the packets each way: AF_INET over a veth pair
 *               with netem loss, AF_XINET over an xnet pair with a seeded
 *               drop fault
 *   tcp_stream_iperf    tcp_stream as iperf3 does it: 128 KiB writes and
 *                       reads, default buffers, client to server
 *   tcp_stream_iperf_r  the same, server to client (iperf3 -R)
 *   tcp_stream_4        four connections at once, MB/s received in all
 *   pair_stream, pair_rr, pair_crr
 *               tcp_stream, tcp_rr and tcp_crr between two namespaces:
 *               AF_INET over a veth pair, AF_XINET over an xnet pair
 *   pair_stream_linux   AF_XINET sending to AF_INET across an xnet pair,
 *                       against AF_INET to AF_INET over a veth pair
 *   pair_stream_linux_r AF_INET sending to AF_XINET, the same way
 *   conn_mem    slab bytes per idle established connection, both ends
 *               (lower is better)
 *   rr_100k     tcp_rr's rate with 100,000 idle established connections
 *               in the table, as a ratio of its rate with none before and
 *               after (each family against itself; the ratio column
 *               compares them); at most 3 rounds: opening 100,000
 *               connections takes 20-60 s per family under TCG
 *   connect_occ microseconds per connect() with 0, 50, 90 and 99 % of
 *               the ephemeral ports in use (lower is better); at most 3
 *               rounds
 *   tables_100k bind(), listen() and connect()+accept() rates with
 *               100,000 listening sockets in the bind and listening
 *               tables, each as a ratio of its rate with none before and
 *               after (each family against itself, as rr_100k); at most
 *               3 rounds
 *
 * The namespaces of the benchmarks across a link, xbench-<name>-{a,b},
 * are made by tools/bench/bench-netns.sh (scripts/xinet-bench runs it).
 *
 * Every round runs in a child process with an alarm, so that a family
 * that fails (or hangs: a TCP still being written) is reported as failed
 * and the other family still gets measured.
 *
 * Usage: xinet-bench [-f family] [-r rounds] [-t seconds] [-n idle]
 *                    [-c connections] [-F floors] [bench...]
 */

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <linux/xinet.h>
#include "slab.h"

#define MAX_ROUNDS	64
#define MAX_ROWS	4
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#define IPERF_LEN	(128 << 10)	/* iperf3's TCP write and read */
#define STREAMS		4		/* tcp_stream_4's connections */
#define OCC_CONNECTS	300		/* timed connect()s per occupancy */
#define OCC_WARMUP	20		/* and untimed ones before them */
#define MIN_AVAILABLE	(160 << 20)	/* rr_100k stops adding below it */
#define RR_IDLE_LOOPS	2		/* rr_100k: best of, per rate */
#define HELD_PORT_LO	2000		/* tables_100k's held listeners: */
#define HELD_PORTS	25000		/* ports 2000-26999 of 127.0.0.x */
#define POOL_PORT_LO	28000		/* its bind()/listen() loops' ports */
#define POOL_PORTS	1000
#define ACCEPT_PORT	29500		/* and its accept loop's listener */

static int xinet_family = AF_XINET;
static double round_secs = 2.0;
static int rounds = 5;
static long idle_n = 100000;	/* rr_100k's idle connections */
static int mem_n = 2000;	/* conn_mem's connections */

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void die(const char *what)
{
	fprintf(stderr, "xinet-bench: %s: %s\n", what, strerror(errno));
	exit(1);
}

/* An AF_INET or AF_XINET address: the layouts are the same. */
static void make_addr(struct sockaddr_in *sin, int family, uint16_t port)
{
	memset(sin, 0, sizeof(*sin));
	sin->sin_family = family;
	sin->sin_port = htons(port);
	sin->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
}

static int bound_socket(int family, int type, struct sockaddr_in *addr)
{
	socklen_t len = sizeof(*addr);
	int fd = socket(family, type, 0);

	if (fd < 0)
		die("socket");
	make_addr(addr, family, 0);
	if (bind(fd, (struct sockaddr *)addr, sizeof(*addr)))
		die("bind");
	if (getsockname(fd, (struct sockaddr *)addr, &len))
		die("getsockname");
	return fd;
}

struct server {
	int fd;
	atomic_int stop;
	unsigned long count;
	atomic_ulong bytes;
};

/* Echoes every datagram back to its sender until stopped. */
static void *udp_echo(void *arg)
{
	struct server *s = arg;
	struct sockaddr_in peer;
	char buf[2048];

	while (!s->stop) {
		socklen_t len = sizeof(peer);
		ssize_t n = recvfrom(s->fd, buf, sizeof(buf), 0,
				     (struct sockaddr *)&peer, &len);

		if (n < 0)
			continue;	/* the receive timeout lets us see stop */
		sendto(s->fd, buf, n, 0, (struct sockaddr *)&peer, len);
	}
	return NULL;
}

/* Counts datagrams until stopped. */
static void *udp_sink(void *arg)
{
	struct server *s = arg;
	char buf[2048];

	while (!s->stop)
		if (recv(s->fd, buf, sizeof(buf), 0) > 0)
			s->count++;
	return NULL;
}

static void set_timeouts(int fd, int ms)
{
	struct timeval tv = { .tv_sec = ms / 1000, .tv_usec = (ms % 1000) * 1000 };

	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
}

static void set_nodelay(int fd)
{
	int one = 1;

	if (setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one)))
		die("TCP_NODELAY");
}

static double udp_rr(int family)
{
	struct sockaddr_in saddr, caddr;
	struct server s = { 0 };
	unsigned long n = 0;
	pthread_t thr;
	double start, end;
	int cfd;
	char b = 'x';

	s.fd = bound_socket(family, SOCK_DGRAM, &saddr);
	set_timeouts(s.fd, 100);
	cfd = bound_socket(family, SOCK_DGRAM, &caddr);
	set_timeouts(cfd, 1000);
	if (connect(cfd, (struct sockaddr *)&saddr, sizeof(saddr)))
		die("connect");
	pthread_create(&thr, NULL, udp_echo, &s);

	start = now();
	end = start + round_secs;
	while (now() < end) {
		if (send(cfd, &b, 1, 0) != 1 || recv(cfd, &b, 1, 0) != 1)
			die("request/response");
		n++;
	}
	end = now();
	s.stop = 1;
	pthread_join(thr, NULL);
	close(cfd);
	close(s.fd);
	return n / (end - start);
}

static double udp_rate(int family)
{
	struct sockaddr_in saddr, caddr;
	struct server s = { 0 };
	char buf[64] = { 0 };
	pthread_t thr;
	double start, end;
	unsigned long first;
	int cfd, big = 4 << 20;

	s.fd = bound_socket(family, SOCK_DGRAM, &saddr);
	setsockopt(s.fd, SOL_SOCKET, SO_RCVBUF, &big, sizeof(big));
	set_timeouts(s.fd, 100);
	cfd = bound_socket(family, SOCK_DGRAM, &caddr);
	if (connect(cfd, (struct sockaddr *)&saddr, sizeof(saddr)))
		die("connect");
	pthread_create(&thr, NULL, udp_sink, &s);

	/* Count what arrives while the sender runs flat out. */
	first = s.count;
	start = now();
	end = start + round_secs;
	while (now() < end)
		if (send(cfd, buf, sizeof(buf), 0) < 0 && errno != ENOBUFS &&
		    errno != EAGAIN)
			die("datagram send");
	end = now();
	s.stop = 1;
	pthread_join(thr, NULL);
	close(cfd);
	close(s.fd);
	return (s.count - first) / (end - start);
}

/* A TCP listener on 127.0.0.1, any port; @addr gets its address. */
static int tcp_listener(int family, struct sockaddr_in *addr)
{
	int fd = bound_socket(family, SOCK_STREAM, addr);

	if (listen(fd, 128))
		die("listen");
	/* accept() returns now and then, so the server thread sees stop. */
	set_timeouts(fd, 100);
	return fd;
}

static int tcp_connect(int family, const struct sockaddr_in *addr)
{
	int fd = socket(family, SOCK_STREAM, 0);

	if (fd < 0)
		die("socket");
	if (connect(fd, (const struct sockaddr *)addr, sizeof(*addr)))
		die("connect");
	return fd;
}

/* Accepts one connection, waiting at most for stop. */
static int tcp_accept(struct server *s)
{
	while (!s->stop) {
		int fd = accept(s->fd, NULL, NULL);

		if (fd >= 0)
			return fd;
		if (errno != EAGAIN && errno != EINTR)
			die("accept");
	}
	return -1;
}

/* Receives one connection's bytes until EOF, counting them. */
static void *tcp_sink(void *arg)
{
	struct server *s = arg;
	char *buf = malloc(IPERF_LEN);
	int fd = tcp_accept(s);
	ssize_t n;

	if (!buf)
		die("malloc");
	if (fd < 0) {
		free(buf);
		return NULL;
	}
	for (;;) {
		n = recv(fd, buf, IPERF_LEN, 0);
		if (n > 0) {
			atomic_fetch_add(&s->bytes, n);
			continue;
		}
		if (!n)
			break;
		/*
		 * The listener's 100 ms receive timeout is inherited: on a
		 * lossy link a read may wait out a retransmission timeout.
		 */
		if (errno != EAGAIN && errno != EINTR)
			die("stream recv");
		if (s->stop)
			break;
	}
	close(fd);
	free(buf);
	return NULL;
}

/*
 * Writes @len bytes at a time on one accepted connection until stopped
 * or the peer goes (iperf3 -R's server).
 */
static void *tcp_source(void *arg)
{
	struct server *s = arg;
	char *buf = calloc(1, IPERF_LEN);
	int fd = tcp_accept(s);

	if (!buf)
		die("calloc");
	while (fd >= 0 && !s->stop)
		if (send(fd, buf, IPERF_LEN, MSG_NOSIGNAL) < 0 &&
		    errno != EAGAIN && errno != EINTR)
			break;	/* the client closed: the round is over */
	if (fd >= 0)
		close(fd);
	free(buf);
	return NULL;
}

/*
 * Echoes each byte back on one connection until EOF or stop; the
 * listener's receive timeout is inherited, so an idle connection (as
 * rr_100k's while it opens the idle ones) waits on.
 */
static void *tcp_echo(void *arg)
{
	struct server *s = arg;
	int fd = tcp_accept(s);
	ssize_t n;
	char b;

	if (fd < 0)
		return NULL;
	set_nodelay(fd);
	for (;;) {
		n = recv(fd, &b, 1, 0);
		if (n == 1) {
			if (send(fd, &b, 1, 0) != 1)
				die("echo send");
			continue;
		}
		if (n < 0 && (errno == EAGAIN || errno == EINTR) && !s->stop)
			continue;
		break;
	}
	close(fd);
	return NULL;
}

/*
 * Per connection: accept, 1 byte in, 1 byte out, close.  The server
 * closes first, so TIME_WAIT stays on its side and the client's
 * ephemeral ports stay free for the next connections.
 */
static void *tcp_crr_server(void *arg)
{
	struct server *s = arg;
	int fd;
	char b;

	while ((fd = tcp_accept(s)) >= 0) {
		set_nodelay(fd);
		if (recv(fd, &b, 1, 0) != 1 || send(fd, &b, 1, 0) != 1)
			die("connection server");
		close(fd);
	}
	return NULL;
}

/*
 * Bulk throughput from a new connection of @family to @saddr, where the
 * listener @lfd accepts, writing @len bytes at a time: MB/s the receiver
 * got while the sender wrote flat out.
 */
static double stream_to(int family, int lfd, const struct sockaddr_in *saddr,
			size_t len)
{
	struct server s = { .fd = lfd };
	char *buf = malloc(len);
	unsigned long first, last;
	double start, end;
	pthread_t thr;
	int cfd;

	if (!buf)
		die("malloc");
	memset(buf, 'x', len);
	pthread_create(&thr, NULL, tcp_sink, &s);
	cfd = tcp_connect(family, saddr);

	/* Count what the receiver gets while the sender writes flat out. */
	first = atomic_load(&s.bytes);
	start = now();
	end = start + round_secs;
	while (now() < end)
		if (send(cfd, buf, len, 0) < 0)
			die("stream send");
	last = atomic_load(&s.bytes);
	end = now();
	close(cfd);
	s.stop = 1;
	pthread_join(thr, NULL);
	close(s.fd);
	free(buf);
	return (last - first) / (end - start) / 1e6;
}

static double tcp_stream(int family)
{
	struct sockaddr_in saddr;
	int lfd = tcp_listener(family, &saddr);

	return stream_to(family, lfd, &saddr, 1 << 16);
}

static double tcp_stream_iperf(int family)
{
	struct sockaddr_in saddr;
	int lfd = tcp_listener(family, &saddr);

	return stream_to(family, lfd, &saddr, IPERF_LEN);
}

/* iperf3 -R: the accepted end writes, the client reads and counts. */
static double tcp_stream_iperf_r(int family)
{
	struct sockaddr_in saddr;
	struct server s = { 0 };
	unsigned long bytes = 0;
	double start, end;
	pthread_t thr;
	char *buf = malloc(IPERF_LEN);
	ssize_t n;
	int cfd;

	if (!buf)
		die("malloc");
	s.fd = tcp_listener(family, &saddr);
	pthread_create(&thr, NULL, tcp_source, &s);
	cfd = tcp_connect(family, &saddr);
	set_timeouts(cfd, 1000);

	start = now();
	end = start + round_secs;
	while (now() < end) {
		n = recv(cfd, buf, IPERF_LEN, 0);
		if (n > 0)
			bytes += n;
		else if (!n || (errno != EAGAIN && errno != EINTR))
			die("reverse stream recv");
	}
	end = now();
	s.stop = 1;
	close(cfd);
	pthread_join(thr, NULL);
	close(s.fd);
	free(buf);
	return bytes / (end - start) / 1e6;
}

struct sender {
	int fd;
	double end;
};

/* tcp_stream_4's writers: 64 KiB at a time until the end. */
static void *tcp_send_until(void *arg)
{
	struct sender *t = arg;
	char *buf = malloc(1 << 16);

	if (!buf)
		die("malloc");
	memset(buf, 'x', 1 << 16);
	while (now() < t->end)
		if (send(t->fd, buf, 1 << 16, 0) < 0)
			die("stream send");
	free(buf);
	return NULL;
}

/* STREAMS connections at once over loopback, MB/s received in all. */
static double tcp_stream_4(int family)
{
	pthread_t sinks[STREAMS], senders[STREAMS];
	struct sender snd[STREAMS];
	struct sockaddr_in saddr;
	struct server s = { 0 };
	unsigned long first, last;
	double start, end;
	int i;

	s.fd = tcp_listener(family, &saddr);
	for (i = 0; i < STREAMS; i++)
		pthread_create(&sinks[i], NULL, tcp_sink, &s);
	for (i = 0; i < STREAMS; i++)
		snd[i].fd = tcp_connect(family, &saddr);

	first = atomic_load(&s.bytes);
	start = now();
	end = start + round_secs;
	for (i = 0; i < STREAMS; i++) {
		snd[i].end = end;
		pthread_create(&senders[i], NULL, tcp_send_until, &snd[i]);
	}
	for (i = 0; i < STREAMS; i++)
		pthread_join(senders[i], NULL);
	last = atomic_load(&s.bytes);
	end = now();
	for (i = 0; i < STREAMS; i++)
		close(snd[i].fd);
	s.stop = 1;
	for (i = 0; i < STREAMS; i++)
		pthread_join(sinks[i], NULL);
	close(s.fd);
	return (last - first) / (end - start) / 1e6;
}

/* Moves the calling thread into xbench-<ns>-<side>. */
static void enter_netns(const char *ns, char side)
{
	char path[64];
	int fd;

	snprintf(path, sizeof(path), "/run/netns/xbench-%s-%c", ns, side);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		die(path);
	if (setns(fd, CLONE_NEWNET))
		die("setns");
	close(fd);
}

/*
 * A TCP listener of @sfamily (any port) in xbench-<ns>-<side>, whose
 * address there is @addr, and the calling thread moved to the other
 * side, where the client's socket is to be made: @saddr gets the address
 * a client of @cfamily connects to.  A socket stays in the namespace it
 * was made in, so the server's thread may run in either.
 */
static int pair_listener(const char *ns, char side, const char *addr,
			 int sfamily, int cfamily, struct sockaddr_in *saddr)
{
	socklen_t len = sizeof(*saddr);
	int lfd;

	enter_netns(ns, side);
	lfd = socket(sfamily, SOCK_STREAM, 0);
	if (lfd < 0)
		die("socket");
	memset(saddr, 0, sizeof(*saddr));
	saddr->sin_family = sfamily;
	if (bind(lfd, (struct sockaddr *)saddr, sizeof(*saddr)) ||
	    getsockname(lfd, (struct sockaddr *)saddr, &len) ||
	    listen(lfd, 128))
		die("pair listener");
	set_timeouts(lfd, 100);
	saddr->sin_family = cfamily;
	saddr->sin_addr.s_addr = inet_addr(addr);
	enter_netns(ns, side == 'a' ? 'b' : 'a');
	return lfd;
}

/* The clean pair of @family: veth for AF_INET, xnet for AF_XINET. */
static int clean_pair_listener(int family, struct sockaddr_in *saddr)
{
	return pair_listener(family == AF_INET ? "pinet" : "pxinet", 'b',
			     "10.98.0.2", family, family, saddr);
}

/* tcp_stream across the lossy pair, client in a, server in b. */
static double tcp_lossy(int family)
{
	struct sockaddr_in saddr;
	int lfd = pair_listener(family == AF_INET ? "inet" : "xinet", 'b',
				"10.99.0.2", family, family, &saddr);

	return stream_to(family, lfd, &saddr, 1 << 16);
}

static double pair_stream(int family)
{
	struct sockaddr_in saddr;
	int lfd = clean_pair_listener(family, &saddr);

	return stream_to(family, lfd, &saddr, 1 << 16);
}

/*
 * AF_XINET in xbench-pmix-a (10.98.0.1) sends to AF_INET in
 * xbench-pmix-b (10.98.0.2), across one xnet pair; AF_INET's round is
 * pair_stream's.
 */
static double pair_stream_linux(int family)
{
	struct sockaddr_in saddr;
	int lfd;

	if (family == AF_INET)
		return pair_stream(family);
	lfd = pair_listener("pmix", 'b', "10.98.0.2", AF_INET, family, &saddr);
	return stream_to(family, lfd, &saddr, 1 << 16);
}

/* The other way: AF_INET in b sends to AF_XINET in a. */
static double pair_stream_linux_r(int family)
{
	struct sockaddr_in saddr;
	int lfd;

	if (family == AF_INET)
		return pair_stream(family);
	lfd = pair_listener("pmix", 'a', "10.98.0.1", family, AF_INET, &saddr);
	return stream_to(AF_INET, lfd, &saddr, 1 << 16);
}

/* 1-byte transactions on @cfd for round_secs: transactions/s. */
static double rr_loop(int cfd)
{
	unsigned long n = 0;
	double start, end;
	char b = 'x';

	start = now();
	end = start + round_secs;
	while (now() < end) {
		if (send(cfd, &b, 1, 0) != 1 || recv(cfd, &b, 1, 0) != 1)
			die("request/response");
		n++;
	}
	return n / (now() - start);
}

/* tcp_rr on a new connection of @family to @saddr, @lfd the listener. */
static double rr_to(int family, int lfd, const struct sockaddr_in *saddr)
{
	struct server s = { .fd = lfd };
	pthread_t thr;
	double rate;
	int cfd;

	pthread_create(&thr, NULL, tcp_echo, &s);
	cfd = tcp_connect(family, saddr);
	set_nodelay(cfd);
	rate = rr_loop(cfd);
	close(cfd);
	s.stop = 1;
	pthread_join(thr, NULL);
	close(s.fd);
	return rate;
}

static double tcp_rr(int family)
{
	struct sockaddr_in saddr;
	int lfd = tcp_listener(family, &saddr);

	return rr_to(family, lfd, &saddr);
}

static double pair_rr(int family)
{
	struct sockaddr_in saddr;
	int lfd = clean_pair_listener(family, &saddr);

	return rr_to(family, lfd, &saddr);
}

/* tcp_crr's connections of @family to @saddr, @lfd the listener. */
static double crr_to(int family, int lfd, const struct sockaddr_in *saddr)
{
	struct server s = { .fd = lfd };
	unsigned long n = 0;
	double start, end;
	pthread_t thr;
	char b = 'x';

	pthread_create(&thr, NULL, tcp_crr_server, &s);

	start = now();
	end = start + round_secs;
	while (now() < end) {
		int cfd = tcp_connect(family, saddr);

		set_nodelay(cfd);
		if (send(cfd, &b, 1, 0) != 1 || recv(cfd, &b, 1, 0) != 1)
			die("connection request/response");
		/* Wait for the server's FIN: it closes first. */
		if (recv(cfd, &b, 1, 0) != 0)
			die("connection close");
		close(cfd);
		n++;
	}
	end = now();
	s.stop = 1;
	pthread_join(thr, NULL);
	close(s.fd);
	return n / (end - start);
}

static double tcp_crr(int family)
{
	struct sockaddr_in saddr;
	int lfd = tcp_listener(family, &saddr);

	return crr_to(family, lfd, &saddr);
}

static double pair_crr(int family)
{
	struct sockaddr_in saddr;
	int lfd = clean_pair_listener(family, &saddr);

	return crr_to(family, lfd, &saddr);
}

/* Room for @n descriptors (the guest runs as root). */
static void raise_nofile(long n)
{
	struct rlimit rl = { .rlim_cur = n, .rlim_max = n };

	if (setrlimit(RLIMIT_NOFILE, &rl))
		die("setrlimit RLIMIT_NOFILE");
}

/*
 * Closes a connection's end with a reset (SO_LINGER 0): no TIME_WAIT is
 * left behind to expire during the next round's measurement.
 */
static void abort_close(int fd)
{
	struct linger lg = { .l_onoff = 1, .l_linger = 0 };

	setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg));
	close(fd);
}

/* The connection accepted on @lfd right after its connect(). */
static int accept_now(int lfd)
{
	int fd = accept(lfd, NULL, NULL);

	if (fd < 0)
		die("accept");
	return fd;
}

/* Aborts @n connections whose ends are fds[2 * i] and fds[2 * i + 1]. */
static void abort_all(int *fds, long n)
{
	long i;

	for (i = 0; i < n; i++)
		abort_close(fds[2 * i]);
	for (i = 0; i < n; i++)
		close(fds[2 * i + 1]);
}

/*
 * conn_mem: the slab memory of mem_n idle established connections over
 * loopback, both ends, per connection (the method of xinet-mem.c).
 */
static double conn_mem(int family)
{
	static struct slab_snapshot s0, s1;
	struct sockaddr_in saddr;
	int *fds = calloc(2 * mem_n, sizeof(int));
	int lfd, i;

	if (!fds)
		die("calloc");
	raise_nofile(2L * mem_n + 64);
	lfd = tcp_listener(family, &saddr);
	slab_settle();
	if (slab_snap(&s0))
		die("/proc/slabinfo");
	for (i = 0; i < mem_n; i++) {
		fds[2 * i] = tcp_connect(family, &saddr);
		fds[2 * i + 1] = accept_now(lfd);
	}
	slab_settle();
	if (slab_snap(&s1))
		die("/proc/slabinfo");
	abort_all(fds, mem_n);
	close(lfd);
	free(fds);
	return (double)(s1.total - s0.total) / mem_n;
}

/* MemAvailable from /proc/meminfo, in bytes; -1 if unknown. */
static long long mem_available(void)
{
	long long kb = -1;
	char line[128];
	FILE *f = fopen("/proc/meminfo", "r");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "MemAvailable: %lld kB", &kb) == 1)
			break;
	fclose(f);
	return kb < 0 ? -1 : kb << 10;
}

/*
 * Every thousandth of @n sockets opened: whether MemAvailable fell under
 * MIN_AVAILABLE, said on stderr as "@n @what: memory is low".
 */
static int memory_low(long n, const char *what)
{
	long long avail;

	if (n % 1000)
		return 0;
	avail = mem_available();
	if (avail < 0 || avail >= MIN_AVAILABLE)
		return 0;
	fprintf(stderr, "    %ld %s: memory is low, stopping there\n", n, what);
	return 1;
}

/* The size of @family's ip_local_port_range in this namespace. */
static int port_range(int family)
{
	const char *path = family == AF_INET ?
		"/proc/sys/net/ipv4/ip_local_port_range" :
		"/proc/sys/net/xinet/ip_local_port_range";
	FILE *f = fopen(path, "r");
	int lo, hi;

	if (!f || fscanf(f, "%d %d", &lo, &hi) != 2)
		die(path);
	fclose(f);
	return hi - lo + 1;
}

/*
 * Opens up to @want idle connections over loopback, both ends in @fds,
 * spread over enough listeners that the ephemeral ports last: a port is
 * shared by connections to different listeners, and each listener gets
 * at most a third of the range, so that connect() finds a port among
 * the ones of its preferred parity (past half the range, Linux's search
 * walks every port of that parity on each connect: quadratic, see
 * connect_occ).  Stops early when memory runs low or the stack refuses
 * a connection.  Returns how many it opened; the listeners are closed
 * (their children live on).
 */
static long idle_open(int family, long want, int *fds)
{
	int per = port_range(family) / 3, nl, lfds[64], i;
	struct sockaddr_in addrs[64];
	long n;

	nl = want / (per > 0 ? per : 1) + 1;
	if (nl > (int)ARRAY_SIZE(lfds))
		nl = ARRAY_SIZE(lfds);
	for (i = 0; i < nl; i++) {
		lfds[i] = bound_socket(family, SOCK_STREAM, &addrs[i]);
		if (listen(lfds[i], 4096))
			die("listen");
		set_timeouts(lfds[i], 1000);
	}
	for (n = 0; n < want; n++) {
		int fd;

		if (memory_low(n, "idle connections"))
			break;
		fd = socket(family, SOCK_STREAM, 0);
		if (fd < 0 || connect(fd, (struct sockaddr *)&addrs[n % nl],
				      sizeof(addrs[0]))) {
			fprintf(stderr, "    %ld idle connections: %s, stopping there\n",
				n, strerror(errno));
			if (fd >= 0)
				close(fd);
			break;
		}
		fds[2 * n] = fd;
		fds[2 * n + 1] = accept_now(lfds[n % nl]);
	}
	for (i = 0; i < nl; i++)
		close(lfds[i]);
	return n;
}

/*
 * The best of RR_IDLE_LOOPS rr_loop()s on @cfd, each printed.  A single
 * loop is at the mercy of the host: while it is busy, the guest's
 * wake-ups wait for it and the rate falls to a few hundred per second
 * whatever the stack (seen with and without idle connections).
 * Contention only ever lowers a rate, so the best of a few loops is the
 * rate of the stack; a cost of the idle connections lowers all of them
 * and still shows.  What a loop or two cannot filter, a busy phase
 * longer than them, the median of the rounds does.
 */
static double rr_best(int cfd, const char *what)
{
	double best = 0, r;
	int i;

	fprintf(stderr, "    %s:", what);
	for (i = 0; i < RR_IDLE_LOOPS; i++) {
		r = rr_loop(cfd);
		fprintf(stderr, " %.0f", r);
		if (r > best)
			best = r;
	}
	fprintf(stderr, "/s\n");
	return best;
}

/*
 * rr_100k: tcp_rr's rate on one connection with idle_n idle established
 * connections in the table, over the mean of its rates with none just
 * before they were opened and just after they were aborted (the same
 * connection throughout), each rate the best of RR_IDLE_LOOPS loops
 * (rr_best()).  out[1] is how many idle connections there were.
 */
static void rr_idle(int family, double *out)
{
	struct sockaddr_in saddr;
	struct server s = { 0 };
	double r0a, rn, r0b;
	pthread_t thr;
	int cfd, *fds;
	long n;

	fds = calloc(2 * idle_n, sizeof(int));
	if (!fds)
		die("calloc");
	raise_nofile(2 * idle_n + 256);
	s.fd = tcp_listener(family, &saddr);
	pthread_create(&thr, NULL, tcp_echo, &s);
	cfd = tcp_connect(family, &saddr);
	set_nodelay(cfd);

	r0a = rr_best(cfd, "no idle connection");
	n = idle_open(family, idle_n, fds);
	rn = rr_best(cfd, "with the idle connections");
	abort_all(fds, n);
	r0b = rr_best(cfd, "none again");
	fprintf(stderr, "    family %d: %.0f/s with no idle connection, %.0f/s with %ld, %.0f/s with none again\n",
		family, r0a, rn, n, r0b);

	close(cfd);
	s.stop = 1;
	pthread_join(thr, NULL);
	close(s.fd);
	free(fds);
	out[0] = rn / ((r0a + r0b) / 2);
	out[1] = n;
}

/* 127.0.0.@host:@port of @family. */
static void make_loop_addr(struct sockaddr_in *sin, int family, int host,
			   uint16_t port)
{
	make_addr(sin, family, port);
	sin->sin_addr.s_addr = htonl(INADDR_LOOPBACK - 1 + host);
}

/*
 * One socket() and bind() to a port of the pool (and a listen() with
 * @listening), then close(): per second, for round_secs.  The pool's ports
 * are free, so what a held socket can cost is the search of the tables.
 */
static double bind_loop(int family, int listening)
{
	struct sockaddr_in sin;
	unsigned long n = 0;
	double start, end;
	int fd;

	start = now();
	end = start + round_secs;
	while (now() < end) {
		make_loop_addr(&sin, family, 1, POOL_PORT_LO + n % POOL_PORTS);
		fd = socket(family, SOCK_STREAM, 0);
		if (fd < 0)
			die("socket");
		if (bind(fd, (struct sockaddr *)&sin, sizeof(sin)))
			die("bind from the pool");
		if (listening && listen(fd, 128))
			die("listen from the pool");
		close(fd);
		n++;
	}
	return n / (now() - start);
}

/*
 * connect() and accept() on @lfd, @saddr, then both closed, the client
 * with a reset (no TIME_WAIT piles up): per second, for round_secs.  The
 * SYN and the handshake's ACK each look the listener up.
 */
static double accept_loop(int family, int lfd, const struct sockaddr_in *saddr)
{
	unsigned long n = 0;
	double start, end;

	start = now();
	end = start + round_secs;
	while (now() < end) {
		int fd = tcp_connect(family, saddr);

		abort_close(fd);
		close(accept_now(lfd));
		n++;
	}
	return n / (now() - start);
}

/* The best of RR_IDLE_LOOPS of the tables_100k loop @row, printed. */
static double table_rate(int family, int row, int lfd,
			 const struct sockaddr_in *saddr, const char *what)
{
	static const char *const names[] = { "bind", "listen", "accept" };
	double best = 0, r;
	int i;

	fprintf(stderr, "    %s, %s:", names[row], what);
	for (i = 0; i < RR_IDLE_LOOPS; i++) {
		r = row == 2 ? accept_loop(family, lfd, saddr) :
			       bind_loop(family, row);
		fprintf(stderr, " %.0f", r);
		if (r > best)
			best = r;
	}
	fprintf(stderr, "/s\n");
	return best;
}

/*
 * Holds up to @want listening sockets, HELD_PORTS ports on each of
 * 127.0.0.1, .2, ...: all of them are in both the bind and the
 * listening tables, none in the ephemeral range (so that the accept
 * loop's connect() finds its ports as with none).  Stops early when
 * memory runs low or the stack refuses one.  Returns how many it holds.
 */
static long listeners_open(int family, long want, int *fds)
{
	struct sockaddr_in sin;
	long n;

	for (n = 0; n < want; n++) {
		int fd;

		if (memory_low(n, "listeners"))
			break;
		make_loop_addr(&sin, family, 1 + n / HELD_PORTS,
			       HELD_PORT_LO + n % HELD_PORTS);
		fd = socket(family, SOCK_STREAM, 0);
		if (fd < 0 || bind(fd, (struct sockaddr *)&sin, sizeof(sin)) ||
		    listen(fd, 1)) {
			fprintf(stderr, "    %ld listeners: %s, stopping there\n",
				n, strerror(errno));
			if (fd >= 0)
				close(fd);
			break;
		}
		fds[n] = fd;
	}
	return n;
}

/*
 * tables_100k: the rates of bind(), of bind() and listen(), and of
 * connect() and accept() with idle_n listeners held (listeners_open()),
 * each over the mean of its rates with none just before and just after,
 * each rate the best of RR_IDLE_LOOPS loops (see rr_best()).  out[3] is
 * how many listeners there were.
 */
static void tables_idle(int family, double *out)
{
	double r0a[3], rn[3], r0b[3];
	struct sockaddr_in saddr;
	int lfd, *fds, k;
	long n, i;

	fds = calloc(idle_n, sizeof(int));
	if (!fds)
		die("calloc");
	raise_nofile(idle_n + 256);
	make_loop_addr(&saddr, family, 1, ACCEPT_PORT);
	lfd = socket(family, SOCK_STREAM, 0);
	if (lfd < 0 || bind(lfd, (struct sockaddr *)&saddr, sizeof(saddr)) ||
	    listen(lfd, 128))
		die("accept loop's listener");

	for (k = 0; k < 3; k++)
		r0a[k] = table_rate(family, k, lfd, &saddr, "no listener held");
	n = listeners_open(family, idle_n, fds);
	for (k = 0; k < 3; k++)
		rn[k] = table_rate(family, k, lfd, &saddr, "listeners held");
	for (i = 0; i < n; i++)
		close(fds[i]);
	for (k = 0; k < 3; k++)
		r0b[k] = table_rate(family, k, lfd, &saddr, "none again");
	fprintf(stderr, "    family %d: %ld listeners held\n", family, n);

	close(lfd);
	free(fds);
	for (k = 0; k < 3; k++)
		out[k] = rn[k] / ((r0a[k] + r0b[k]) / 2);
	out[3] = n;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double min_of(const double *v, int n)
{
	double m = v[0];
	int i;

	for (i = 1; i < n; i++)
		if (v[i] < m)
			m = v[i];
	return m;
}

static double median(double *v, int n)
{
	double *tmp = malloc(n * sizeof(*tmp)), m;

	if (!tmp)
		die("malloc");
	memcpy(tmp, v, n * sizeof(*v));
	qsort(tmp, n, sizeof(*tmp), cmp_double);
	m = n % 2 ? tmp[n / 2] : (tmp[n / 2 - 1] + tmp[n / 2]) / 2;
	free(tmp);
	return m;
}

/*
 * Microseconds a connect() to @saddr (@lfd listening) takes: the median
 * of OCC_CONNECTS connections after OCC_WARMUP untimed ones, each aborted
 * right after (no TIME_WAIT: the occupancy stays as it is).  The median,
 * not the mean: a few milliseconds the host holds up one connect() would
 * double the mean of 300 of them, while a search that grows with the
 * occupancy slows every one.
 */
static double connect_cost(int family, int lfd, const struct sockaddr_in *saddr)
{
	static double t[OCC_CONNECTS];
	double t0;
	int i, fd;

	for (i = 0; i < OCC_WARMUP + OCC_CONNECTS; i++) {
		fd = socket(family, SOCK_STREAM, 0);
		if (fd < 0)
			die("socket");
		t0 = now();
		if (connect(fd, (const struct sockaddr *)saddr, sizeof(*saddr)))
			die("connect at occupancy");
		if (i >= OCC_WARMUP)
			t[i - OCC_WARMUP] = now() - t0;
		abort_close(fd);
		close(accept_now(lfd));
	}
	return median(t, OCC_CONNECTS) * 1e6;
}

/*
 * connect_occ, in xbench-occ (ip_local_port_range 40000-41999 for both
 * stacks, set by bench-netns.sh): connect()'s cost with 0, 50, 90 and
 * 99 % of the ephemeral ports held by established connections to the
 * same listener, so that every held port is a conflict for the search.
 */
static void connect_occ(int family, double *out)
{
	static const int pct[] = { 0, 50, 90, 99 };
	struct sockaddr_in saddr;
	int range, lfd, *fds, k;
	long n = 0;

	enter_netns("occ", 'a');
	range = port_range(family);
	fds = calloc(2 * range, sizeof(int));
	if (!fds)
		die("calloc");
	raise_nofile(2L * range + 64);
	lfd = tcp_listener(family, &saddr);
	for (k = 0; k < (int)ARRAY_SIZE(pct); k++) {
		for (; n < (long)range * pct[k] / 100; n++) {
			fds[2 * n] = tcp_connect(family, &saddr);
			fds[2 * n + 1] = accept_now(lfd);
		}
		out[k] = connect_cost(family, lfd, &saddr);
	}
	abort_all(fds, n);
	close(lfd);
	free(fds);
}

/*
 * A benchmark gives one figure per round and family (run), or several
 * (multi: one per row, rows[] naming them after the benchmark's name,
 * plus, with @aux, one more that is printed but not compared).
 */
struct bench {
	const char *name;
	const char *unit;
	int decimals;
	double (*run)(int family);
	void (*multi)(int family, double *out);
	int nrows;
	const char *rows[MAX_ROWS];
	const char *aux;	/* what out[nrows] counts */
	int lower_better;	/* conn_mem, connect_occ: the floor a ceiling */
	int max_rounds;		/* 0: -r's */
	int alarm;		/* seconds on top of -t's; 0: 20 */
};

static const struct bench benches[] = {
	{ .name = "udp_rr", .unit = "transactions/s", .decimals = 0, .run = udp_rr },
	{ .name = "udp_rate", .unit = "datagrams/s", .decimals = 0, .run = udp_rate },
	{ .name = "tcp_stream", .unit = "MB/s", .decimals = 1, .run = tcp_stream },
	{ .name = "tcp_rr", .unit = "transactions/s", .decimals = 0, .run = tcp_rr },
	{ .name = "tcp_crr", .unit = "connections/s", .decimals = 0, .run = tcp_crr },
	{ .name = "tcp_lossy", .unit = "MB/s", .decimals = 1, .run = tcp_lossy },
	{ .name = "tcp_stream_iperf", .unit = "MB/s", .decimals = 1, .run = tcp_stream_iperf },
	{ .name = "tcp_stream_iperf_r", .unit = "MB/s", .decimals = 1, .run = tcp_stream_iperf_r },
	{ .name = "tcp_stream_4", .unit = "MB/s", .decimals = 1, .run = tcp_stream_4 },
	{ .name = "pair_stream", .unit = "MB/s", .decimals = 1, .run = pair_stream },
	{ .name = "pair_stream_linux", .unit = "MB/s", .decimals = 1, .run = pair_stream_linux },
	{ .name = "pair_stream_linux_r", .unit = "MB/s", .decimals = 1, .run = pair_stream_linux_r },
	{ .name = "pair_rr", .unit = "transactions/s", .decimals = 0, .run = pair_rr },
	{ .name = "pair_crr", .unit = "connections/s", .decimals = 0, .run = pair_crr },
	{ .name = "conn_mem", .unit = "bytes/connection", .run = conn_mem,
	  .lower_better = 1, .alarm = 120 },
	{ .name = "rr_100k", .unit = "rate N/rate 0", .decimals = 3,
	  .multi = rr_idle, .nrows = 1,
	  .rows = { "" }, .aux = "idle connections", .max_rounds = 3,
	  .alarm = 900 },
	{ .name = "connect_occ", .unit = "us/connect", .decimals = 1,
	  .multi = connect_occ, .nrows = 4,
	  .rows = { "_0", "_50", "_90", "_99" }, .lower_better = 1,
	  .max_rounds = 3, .alarm = 600 },
	{ .name = "tables_100k", .unit = "rate N/rate 0", .decimals = 3,
	  .multi = tables_idle, .nrows = 3,
	  .rows = { "_bind", "_listen", "_accept" }, .aux = "listeners",
	  .max_rounds = 3, .alarm = 900 },
};

/* BENCH_FLOORS: a row's name and the ratio its median may not go below. */
struct floor {
	char name[64];
	double ratio;
};

static struct floor floors[128];
static int nfloors;

/* Reads @path: "name ratio" lines, '#' comments. */
static void read_floors(const char *path)
{
	char line[256], name[64];
	double ratio;
	FILE *f = fopen(path, "r");

	if (!f)
		die(path);
	while (fgets(line, sizeof(line), f)) {
		if (line[0] == '#' || sscanf(line, "%63s %lf", name, &ratio) != 2)
			continue;
		if (nfloors == (int)ARRAY_SIZE(floors))
			break;
		snprintf(floors[nfloors].name, sizeof(floors[0].name), "%s", name);
		floors[nfloors++].ratio = ratio;
	}
	fclose(f);
}

/*
 * Whether @ratio of row @name passes its floor (for a lower-is-better
 * benchmark, its ceiling); prints why not.
 */
static int within_floor(const char *name, double ratio, int lower_better)
{
	int i;

	for (i = 0; i < nfloors; i++) {
		if (strcmp(floors[i].name, name))
			continue;
		if (lower_better ? ratio <= floors[i].ratio :
				   ratio >= floors[i].ratio)
			return 1;
		printf("  %s: ratio %.3f is %s its %s %.3f (BENCH_FLOORS)\n",
		       name, ratio, lower_better ? "above" : "below",
		       lower_better ? "ceiling" : "floor", floors[i].ratio);
		return 0;
	}
	return 1;
}

/*
 * XINET_BENCH_KPROF=1 brackets each round with personality(0xffffffff),
 * the marker of the kprof QEMU plugin (tools/bench/kprof), so the guest
 * kernel's instructions are counted round by round, and says on stderr
 * which round each pair of marks brackets (scripts/xinet-kprof).
 */
static void kprof_mark(const struct bench *b, int family, const char *what)
{
	static int on = -1;

	if (on < 0)
		on = !!getenv("XINET_BENCH_KPROF");
	if (!on)
		return;
	fprintf(stderr, "kprof: %s %s %s\n", what, b->name,
		family == AF_INET ? "AF_INET" : "AF_XINET");
	syscall(SYS_personality, 0xffffffffUL);
}

/*
 * One round of @b on @family, in a child process that must finish
 * within an alarm: fills @out (a figure per row, then the aux) and
 * returns 0, or -1 if the child failed (its error is on stderr) or hung.
 */
static int run_round(const struct bench *b, int family, double *out)
{
	int pipefd[2], status, ws, n = b->multi ? b->nrows + !!b->aux : 1;
	ssize_t len = n * sizeof(*out);
	pid_t pid;

	if (pipe(pipefd))
		die("pipe");
	kprof_mark(b, family, "start");
	fflush(NULL);
	pid = fork();
	if (pid < 0)
		die("fork");
	if (pid == 0) {
		close(pipefd[0]);
		alarm((unsigned int)round_secs + (b->alarm ? b->alarm : 20));
		if (b->multi)
			b->multi(family, out);
		else
			out[0] = b->run(family);
		if (write(pipefd[1], out, len) != len)
			_exit(1);
		_exit(0);
	}
	close(pipefd[1]);
	status = read(pipefd[0], out, len) == len ? 0 : -1;
	close(pipefd[0]);
	if (waitpid(pid, &ws, 0) != pid || !WIFEXITED(ws) || WEXITSTATUS(ws)) {
		if (WIFSIGNALED(ws))
			fprintf(stderr, "xinet-bench: %s on family %d: killed by signal %d%s\n",
				b->name, family, WTERMSIG(ws),
				WTERMSIG(ws) == SIGALRM ? " (hung)" : "");
		status = -1;
	}
	kprof_mark(b, family, "end");
	return status;
}

/* A figure for the per-round lines: "failed" for a failed round. */
static const char *fmt(char *buf, const struct bench *b, double v, int ok)
{
	if (!ok)
		return "failed";
	snprintf(buf, 32, "%.*f", b->decimals, v);
	return buf;
}

static void print_figure(const char *label, const struct bench *b,
			 double v, int ok)
{
	if (ok)
		printf("%s %10.*f", label, b->decimals, v);
	else
		printf("%s %10s", label, "failed");
}

/*
 * Runs the rounds of @b and prints a line per row: -1 if a family
 * failed, -2 if a ratio is past its BENCH_FLOORS entry.
 */
static int run_bench(const struct bench *b)
{
	static double in[MAX_ROWS + 1][MAX_ROUNDS], xin[MAX_ROWS + 1][MAX_ROUNDS];
	static double ratio[MAX_ROWS][MAX_ROUNDS];
	int nrows = b->multi ? b->nrows : 1, nvals = nrows + !!b->aux;
	int nr = b->max_rounds && b->max_rounds < rounds ? b->max_rounds : rounds;
	int i, k, nin = 0, nxin = 0, nratio[MAX_ROWS] = { 0 }, ret = 0;
	int in_ok = 1, xin_ok = 1;
	char sa[32], sx[32], row[96];

	/*
	 * A family that fails once is not tried again: a broken stack
	 * would fail every round, each after the alarm.
	 */
	for (i = 0; i < nr && (in_ok || xin_ok); i++) {
		double a[MAX_ROWS + 1] = { 0 }, x[MAX_ROWS + 1] = { 0 };

		/*
		 * Every other round AF_XINET goes first: what the first
		 * run of a pair leaves behind (sockets still closing,
		 * pages to free, the host's load at that moment) falls on
		 * each family in turn rather than always on AF_XINET.
		 */
		if (i & 1)
			xin_ok = xin_ok && !run_round(b, xinet_family, x);
		in_ok = in_ok && !run_round(b, AF_INET, a);
		if (!(i & 1))
			xin_ok = xin_ok && !run_round(b, xinet_family, x);
		for (k = 0; k < nvals; k++) {
			if (in_ok)
				in[k][nin] = a[k];
			if (xin_ok)
				xin[k][nxin] = x[k];
		}
		nin += in_ok;
		nxin += xin_ok;
		for (k = 0; k < nrows; k++) {
			int both = in_ok && xin_ok && a[k] > 0;

			if (both)
				ratio[k][nratio[k]++] = x[k] / a[k];
			fprintf(stderr, "  %s%s round %d: AF_INET %s, AF_XINET %s, ratio %.3f\n",
				b->name, b->multi ? b->rows[k] : "", i + 1,
				fmt(sa, b, a[k], in_ok), fmt(sx, b, x[k], xin_ok),
				both ? x[k] / a[k] : 0);
		}
	}
	in_ok = in_ok && nin;
	xin_ok = xin_ok && nxin;
	for (k = 0; k < nrows; k++) {
		snprintf(row, sizeof(row), "%s%s", b->name,
			 b->multi ? b->rows[k] : "");
		printf("%-19s %-16s", row, b->unit);
		print_figure(" AF_INET", b, in_ok ? median(in[k], nin) : 0, in_ok);
		print_figure("  AF_XINET", b, xin_ok ? median(xin[k], nxin) : 0,
			     xin_ok);
		if (in_ok && xin_ok && nratio[k]) {
			double r = median(ratio[k], nratio[k]);

			printf("  ratio %.3f%s\n", r,
			       b->lower_better ? " (lower is better)" : "");
			if (!within_floor(row, r, b->lower_better))
				ret = -2;
		} else {
			printf("  ratio -\n");
		}
	}
	if (b->aux && (in_ok || xin_ok))
		printf("  %s: %s: AF_INET %.0f, AF_XINET %.0f (the fewest of any round)\n",
		       b->name, b->aux, in_ok ? min_of(in[nrows], nin) : 0,
		       xin_ok ? min_of(xin[nrows], nxin) : 0);
	fflush(stdout);
	return in_ok && xin_ok ? ret : -1;
}

int main(int argc, char **argv)
{
	int opt, i, j, family = -1, failed = 0, floored = 0;
	FILE *f;

	while ((opt = getopt(argc, argv, "f:r:t:n:c:F:")) != -1) {
		switch (opt) {
		case 'f':
			family = atoi(optarg);
			break;
		case 'r':
			rounds = atoi(optarg);
			break;
		case 't':
			round_secs = atof(optarg);
			break;
		case 'n':
			idle_n = atol(optarg);
			break;
		case 'c':
			mem_n = atoi(optarg);
			break;
		case 'F':
			read_floors(optarg);
			break;
		default:
			fprintf(stderr, "usage: %s [-f family] [-r rounds] [-t seconds] [-n idle] [-c connections] [-F floors] [bench...]\n",
				argv[0]);
			return 2;
		}
	}
	if (rounds < 1 || rounds > MAX_ROUNDS || round_secs <= 0 ||
	    idle_n < 1 || mem_n < 1) {
		fprintf(stderr, "xinet-bench: bad -r, -t, -n or -c\n");
		return 2;
	}
	for (i = optind; i < argc; i++) {
		for (j = 0; j < (int)ARRAY_SIZE(benches); j++)
			if (!strcmp(argv[i], benches[j].name))
				break;
		if (j == (int)ARRAY_SIZE(benches)) {
			fprintf(stderr, "xinet-bench: no benchmark %s\n", argv[i]);
			return 2;
		}
	}

	/*
	 * -f measures another family in AF_XINET's place (-f 2: AF_INET
	 * against itself, to check the tool where xinet is not loaded).
	 */
	if (family >= 0) {
		xinet_family = family;
	} else {
		f = fopen(XINET_FAMILY_PATH, "r");
		if (!f || fscanf(f, "%d", &xinet_family) != 1) {
			fprintf(stderr, "xinet-bench: xinet is not loaded\n");
			return 1;
		}
		fclose(f);
	}

	printf("%d interleaved rounds of %.1f s each; medians, and the median of the per-round AF_XINET/AF_INET ratios\n",
	       rounds, round_secs);
	if (xinet_family != AF_XINET)
		printf("AF_XINET is family %d here\n", xinet_family);
	for (i = 0; i < (int)ARRAY_SIZE(benches); i++) {
		int wanted = optind == argc;

		for (j = optind; j < argc; j++)
			wanted |= !strcmp(argv[j], benches[i].name);
		if (!wanted)
			continue;
		switch (run_bench(&benches[i])) {
		case -1:
			failed = 1;
			break;
		case -2:
			floored = 1;
			break;
		}
	}
	/* A failed family says 1, a ratio past its floor 3. */
	return failed ? 1 : floored ? 3 : 0;
}
