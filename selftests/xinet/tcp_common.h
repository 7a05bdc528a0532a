/* SPDX-License-Identifier: GPL-2.0 */
/*
 * tcp_common.h: what tcp_test and tcp_data_test share, on top of
 * transcript.h (what every transcript test shares).  Each behaviour
 * runs once per family in a fresh network namespace and writes what it
 * saw (return values, errnos, masks, properties of values that differ
 * by nature such as ports) into a transcript.  The AF_INET transcript
 * must be the expected one; the AF_XINET transcript must equal the
 * AF_INET transcript of the same run (AF_INET is the oracle).
 *
 * Every body runs under a deadline: past it, SIGALRM (without
 * SA_RESTART) fires every 100 ms so that each blocking call returns
 * EINTR, the transcript shows it, and a broken stack fails the case
 * instead of hanging the run.
 */
#ifndef XINET_SELFTEST_TCP_COMMON_H
#define XINET_SELFTEST_TCP_COMMON_H

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <net/if.h>
#include <netinet/in.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <linux/capability.h>
#include <linux/if_packet.h>
#include <linux/sockios.h>
#include <net/ethernet.h>
#include <linux/tcp.h>
#include <linux/xinet.h>

#include "kselftest_harness.h"
#include "transcript.h"

/* tcpi_state values (include/net/tcp_states.h, not in the uapi). */
enum {
	TCP_ESTABLISHED = 1,
	TCP_SYN_SENT,
	TCP_SYN_RECV,
	TCP_FIN_WAIT1,
	TCP_FIN_WAIT2,
	TCP_TIME_WAIT,
	TCP_CLOSE,
	TCP_CLOSE_WAIT,
	TCP_LAST_ACK,
	TCP_LISTEN,
	TCP_CLOSING,
};

/* Time one family's body may take before its calls are interrupted. */
#ifndef BODY_DEADLINE_MS
#define BODY_DEADLINE_MS	6000
#endif

/* Counted by the handler; read with __atomic_load_n (no volatile). */
static int deadline_hits;

static void on_deadline(int sig)
{
	(void)sig;
	__atomic_fetch_add(&deadline_hits, 1, __ATOMIC_RELAXED);
}

/* True once the body's deadline passed: loops that never block stop. */
static inline bool past_deadline(void)
{
	return __atomic_load_n(&deadline_hits, __ATOMIC_RELAXED);
}

/* "name=1 " or "name=0 ": a property of a value that differs by nature. */
static inline void prop(struct run *r, const char *what, bool holds)
{
	say(r, "%s=%d ", what, holds);
}

static inline long ms_since(const struct timespec *t0)
{
	struct timespec t1;

	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (t1.tv_sec - t0->tv_sec) * 1000 +
	       (t1.tv_nsec - t0->tv_nsec) / 1000000;
}

static inline int tcp(struct run *r)
{
	return socket(r->family, SOCK_STREAM, 0);
}

/* The option's value, or -1 with errno set. */
static inline int getint(int fd, int level, int name)
{
	int val = -1;
	socklen_t len = sizeof(val);

	if (getsockopt(fd, level, name, &val, &len))
		return -1;
	return val;
}

static inline int peer_port(int fd)
{
	struct sockaddr_in a;
	socklen_t len = sizeof(a);

	if (getpeername(fd, (struct sockaddr *)&a, &len))
		return -1;
	return ntohs(a.sin_port);
}

/* Every event a TCP socket may report. */
#define ALL_EVENTS	(POLLIN | POLLPRI | POLLOUT | POLLRDHUP)

/*
 * Wait (up to @ms) for one of @events, then the full mask.  A plain
 * poll for every event would return at once on a writable socket,
 * before what the test waits for (data, FIN, RST) has arrived.
 */
static inline int wait_mask(int fd, short events, int ms)
{
	poll_mask(fd, events, ms);
	return poll_mask(fd, ALL_EVENTS, 0);
}

/* Wait (up to @ms) until @fd has @bytes to read; what it has, or -1. */
static inline int wait_inq(int fd, int bytes, int ms)
{
	struct timespec t0;
	int v = -1;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	while (!ioctl(fd, SIOCINQ, &v) && v < bytes && ms_since(&t0) < ms &&
	       !past_deadline())
		usleep(2000);
	return v;
}

/* Wait (up to @ms) until all @fd sent is acked; what is left, or -1. */
static inline int wait_outq_empty(int fd, int ms)
{
	struct timespec t0;
	int v = -1;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	while (!ioctl(fd, SIOCOUTQ, &v) && v > 0 && ms_since(&t0) < ms &&
	       !past_deadline())
		usleep(2000);
	return v;
}

/* Send until EAGAIN (non-blocking): the count sent. */
static inline long fill(int fd)
{
	static char buf[65536];
	long total = 0, n;

	while (!past_deadline() &&
	       (n = send(fd, buf, sizeof(buf), MSG_DONTWAIT)) > 0)
		total += n;
	return total;
}

/*
 * Fill until the peer (not reading) has closed its window and nothing
 * frees room any more: not writable for 200 ms.  The count sent.
 */
static inline long fill_until_stuck(int fd)
{
	long total = fill(fd);

	while (poll_mask(fd, POLLOUT, 200) > 0 && !past_deadline())
		total += fill(fd);
	return total;
}

/* tcpi_state, or -1 with errno set. */
static inline int tcp_state(int fd)
{
	struct tcp_info ti;
	socklen_t len = sizeof(ti);

	if (getsockopt(fd, IPPROTO_TCP, TCP_INFO, &ti, &len))
		return -1;
	return ti.tcpi_state;
}

static inline int tcp_info_of(int fd, struct tcp_info *ti)
{
	socklen_t len = sizeof(*ti);

	memset(ti, 0, sizeof(*ti));
	return getsockopt(fd, IPPROTO_TCP, TCP_INFO, ti, &len);
}

/* Wait until @fd's tcpi_state is @state or @ms pass; the last state. */
static inline int wait_state(int fd, int state, int ms)
{
	struct timespec t0;
	int s;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	while ((s = tcp_state(fd)) != state && s >= 0 &&
	       ms_since(&t0) < ms && !past_deadline())
		usleep(5000);
	return s;
}

/* The per-family twin of a net.ipv4 sysctl. */
static inline int write_sysctl(struct run *r, const char *name,
			       const char *val)
{
	char path[128];
	int fd, ret;

	snprintf(path, sizeof(path), "/proc/sys/net/%s/%s",
		 r->family == AF_INET ? "ipv4" : "xinet", name);
	fd = open(path, O_WRONLY);
	if (fd < 0)
		return -1;
	ret = write(fd, val, strlen(val)) < 0 ? -1 : 0;
	close(fd);
	return ret;
}

static inline long read_long(const char *path)
{
	FILE *f = fopen(path, "r");
	long v = -1;

	if (!f)
		return -1;
	if (fscanf(f, "%ld", &v) != 1)
		v = -1;
	fclose(f);
	return v;
}

/* A listener on 127.0.0.1:@port, or -1. */
static inline int listener(struct run *r, int port, int backlog)
{
	int fd = tcp(r);

	if (fd < 0)
		return -1;
	if (bind_to(r, fd, "127.0.0.1", port) || listen(fd, backlog)) {
		close(fd);
		return -1;
	}
	return fd;
}

/*
 * A connected pair over 127.0.0.1:@port: the client in @cli, the
 * accepted end in @srv, the listener closed.  Records "pair=0" or the
 * failing call's errno.
 */
static inline int make_pair(struct run *r, int port, int *cli, int *srv)
{
	int lfd = listener(r, port, 8);

	*cli = -1;
	*srv = -1;
	if (lfd < 0) {
		rec(r, "pair_listen", -1);
		return -1;
	}
	*cli = tcp(r);
	if (connect_to(r, *cli, "127.0.0.1", port)) {
		rec(r, "pair_connect", -1);
		close(lfd);
		return -1;
	}
	*srv = accept(lfd, NULL, NULL);
	close(lfd);
	if (*srv < 0) {
		rec(r, "pair_accept", -1);
		return -1;
	}
	say(r, "pair=0 ");
	return 0;
}

static inline void close_all(int n, int *fds)
{
	int i;

	for (i = 0; i < n; i++)
		if (fds[i] >= 0)
			close(fds[i]);
}

/* --- running a body ---------------------------------------------------- */

static inline void arm_deadline(int ms)
{
	struct sigaction sa = { .sa_handler = on_deadline };
	struct itimerval it = {
		.it_value = { ms / 1000, (ms % 1000) * 1000 },
		.it_interval = { 0, 100 * 1000 },
	};

	__atomic_store_n(&deadline_hits, 0, __ATOMIC_RELAXED);
	sigaction(SIGALRM, &sa, NULL);
	setitimer(ITIMER_REAL, &it, NULL);
}

static inline void disarm_deadline(void)
{
	struct itimerval it = {};

	setitimer(ITIMER_REAL, &it, NULL);
}

/* A fresh network namespace with lo up (xlo comes up by itself). */
static inline int fresh_netns(void)
{
	return netns_lo_up();
}

/* A capture of the run's loopback (lo or xlo), from the network header. */
struct capture {
	int fd;
	int sport;		/* segments from this port only */
	bool seen;
	unsigned int last;	/* sequence number of the last one reported */
};

static inline int capture_open(struct run *r, struct capture *c, int sport)
{
	struct sockaddr_ll a = {
		.sll_family = AF_PACKET,
		.sll_protocol = htons(ETH_P_ALL),
		.sll_ifindex = if_nametoindex(r->family == AF_INET ? "lo" : "xlo"),
	};

	memset(c, 0, sizeof(*c));
	c->sport = sport;
	c->fd = socket(AF_PACKET, SOCK_DGRAM | SOCK_NONBLOCK, htons(ETH_P_ALL));
	if (c->fd < 0)
		return -1;
	return bind(c->fd, (struct sockaddr *)&a, sizeof(a));
}

/* Run @fn for @family in its own namespace under the deadline. */
static inline void run_body(struct run *r, int family,
			    void (*fn)(struct run *r))
{
	memset(r, 0, sizeof(*r));
	r->family = family;
	if (fresh_netns()) {
		rec(r, "netns", -1);
		return;
	}
	arm_deadline(BODY_DEADLINE_MS);
	fn(r);
	disarm_deadline();
	if (past_deadline())
		say(r, "DEADLINE ");
}

/* --- the two cases of every variant --------------------------------------- */

/*
 * Each test program has one table: a variant per behaviour with .fn, its
 * body, and .expect, AF_INET's transcript.  Its af_inet and af_xinet
 * cases are one call each to these (@_metadata is the harness's, for
 * TH_LOG and EXPECT_*).
 */

/* The af_xinet case's timeout (s): two bodies, each under the deadline. */
#define TRANSCRIPT_TIMEOUT	(2 * BODY_DEADLINE_MS / 1000 + 10)

/* af_inet: AF_INET's transcript of @fn is @expect. */
static inline void transcript_af_inet(struct __test_metadata *_metadata,
				      void (*fn)(struct run *r),
				      const char *expect)
{
	struct run in;

	run_body(&in, AF_INET, fn);
	TH_LOG("AF_INET:  %s", in.log);
	EXPECT_STREQ(expect, in.log);
}

/* af_xinet: @xfamily's transcript of @fn is AF_INET's of the same run. */
static inline void transcript_af_xinet(struct __test_metadata *_metadata,
				       void (*fn)(struct run *r), int xfamily)
{
	struct run in, xin;

	run_body(&in, AF_INET, fn);
	run_body(&xin, xfamily, fn);
	TH_LOG("AF_INET:  %s", in.log);
	TH_LOG("AF_XINET: %s", xin.log);
	EXPECT_STREQ(in.log, xin.log);
}

#endif /* XINET_SELFTEST_TCP_COMMON_H */
