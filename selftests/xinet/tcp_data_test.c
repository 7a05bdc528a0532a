// SPDX-License-Identifier: GPL-2.0
/*
 * tcp_data_test: TCP data transfer as the socket layer shows it (send
 * and receive flags, timeouts, buffers, queue ioctls, poll and epoll,
 * urgent data, TCP options, TCP_INFO, sendfile, splice, bulk transfer) run on
 * AF_INET over lo and on AF_XINET over xlo (127.0.0.1 both).  Each
 * behaviour is a variant; its af_inet case checks AF_INET against the
 * expected transcript, its af_xinet case checks AF_XINET against the
 * AF_INET transcript of the same run (see tcp_common.h).
 */

#include <sys/epoll.h>
#include <sys/mman.h>
#include <sys/sendfile.h>

#include "tcp_common.h"
#include "kselftest_harness.h"

/* A byte of a known stream: position-dependent, so reordering shows. */
static inline unsigned char pattern(size_t off)
{
	return (off * 7 + (off >> 11)) & 0xff;
}

static void fill_pattern(unsigned char *buf, size_t off, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		buf[i] = pattern(off + i);
}

/* The int an ioctl reports, or -1 with errno set. */
static int ioctl_int(int fd, unsigned long req)
{
	int v = -1;

	if (ioctl(fd, req, &v))
		return -1;
	return v;
}

/* Read what is there (not waiting): the count, or -1. */
static long drain(int fd)
{
	static char buf[65536];
	long total = 0, n;

	while (!past_deadline() &&
	       (n = recv(fd, buf, sizeof(buf), MSG_DONTWAIT)) > 0)
		total += n;
	return total;
}

/* --- send and receive -------------------------------------------------- */

static void blocking_io(struct run *r)
{
	char buf[16] = "";
	int cli, srv;

	if (make_pair(r, 7001, &cli, &srv))
		goto out;
	rec(r, "send", send(cli, "hello", 5, 0));
	rec(r, "recv", recv(srv, buf, sizeof(buf), 0));
	prop(r, "content", !memcmp(buf, "hello", 5));
	rec(r, "write", write(srv, "world!", 6));
	rec(r, "read", read(cli, buf, sizeof(buf)));
	prop(r, "content2", !memcmp(buf, "world!", 6));
	rec(r, "zero_send", send(cli, "", 0, 0));
	rec(r, "zero_recv", recv(srv, buf, 0, MSG_DONTWAIT));
out:
	close(cli);
	close(srv);
}

static void nonblocking_io(struct run *r)
{
	char buf[16];
	int cli, srv;

	if (make_pair(r, 7002, &cli, &srv))
		goto out;
	rec(r, "dontwait", recv(srv, buf, sizeof(buf), MSG_DONTWAIT));
	fcntl(srv, F_SETFL, O_NONBLOCK);
	rec(r, "nonblock", recv(srv, buf, sizeof(buf), 0));
	rec(r, "read", read(srv, buf, sizeof(buf)));
	rec(r, "send", send(cli, "abc", 3, MSG_DONTWAIT));
	rec(r, "poll", poll_mask(srv, POLLIN, 1000));
	rec(r, "recv", recv(srv, buf, sizeof(buf), 0));
	rec(r, "again", recv(srv, buf, sizeof(buf), 0));
	/* MSG_DONTWAIT on a blocking socket does not change the socket. */
	rec(r, "flags", fcntl(cli, F_GETFL) & O_NONBLOCK);
out:
	close(cli);
	close(srv);
}

static void peek(struct run *r)
{
	char buf[16] = "";
	int cli, srv;

	if (make_pair(r, 7003, &cli, &srv))
		goto out;
	rec(r, "peek_empty", recv(srv, buf, sizeof(buf),
				  MSG_PEEK | MSG_DONTWAIT));
	send(cli, "abcdef", 6, 0);
	rec(r, "peek", recv(srv, buf, 3, MSG_PEEK));
	say(r, "got=%.3s ", buf);
	rec(r, "peek_all", recv(srv, buf, sizeof(buf), MSG_PEEK));
	rec(r, "fionread", ioctl_int(srv, FIONREAD));
	rec(r, "recv", recv(srv, buf, 4, 0));
	say(r, "got=%.4s ", buf);
	rec(r, "peek_rest", recv(srv, buf, sizeof(buf), MSG_PEEK));
	say(r, "got=%.2s ", buf);
	rec(r, "recv_rest", recv(srv, buf, sizeof(buf), 0));
	say(r, "got=%.2s ", buf);
	rec(r, "peek_none", recv(srv, buf, sizeof(buf),
				 MSG_PEEK | MSG_DONTWAIT));
	/* Peeking at the end of the stream. */
	shutdown(cli, SHUT_WR);
	rec(r, "peek_eof", recv(srv, buf, sizeof(buf), MSG_PEEK));
out:
	close(cli);
	close(srv);
}

struct sender {
	int fd;
	int chunks;
	int size;
	int gap_ms;
	bool close_after;
};

static void *send_chunks(void *arg)
{
	struct sender *s = arg;
	static char buf[4096];
	int i;

	memset(buf, 'w', sizeof(buf));
	for (i = 0; i < s->chunks; i++) {
		usleep(s->gap_ms * 1000);
		send(s->fd, buf, s->size, 0);
	}
	if (s->close_after)
		shutdown(s->fd, SHUT_WR);
	return NULL;
}

static void waitall(struct run *r)
{
	static char buf[8192];
	struct sender s = { .chunks = 4, .size = 1000, .gap_ms = 50 };
	pthread_t th;
	int cli, srv;

	if (make_pair(r, 7004, &cli, &srv))
		goto out;
	s.fd = cli;
	pthread_create(&th, NULL, send_chunks, &s);
	/* Four sends 50 ms apart make one read. */
	rec(r, "waitall", recv(srv, buf, 4000, MSG_WAITALL));
	pthread_join(th, NULL);
	/* The end of the stream ends the wait short. */
	s.chunks = 2;
	s.close_after = true;
	pthread_create(&th, NULL, send_chunks, &s);
	rec(r, "short_by_eof", recv(srv, buf, 4000, MSG_WAITALL));
	pthread_join(th, NULL);
	rec(r, "eof", recv(srv, buf, 4000, MSG_WAITALL));
	/* Non-blocking wins over MSG_WAITALL. */
	send(srv, "xy", 2, 0);
	wait_inq(cli, 2, 1000);
	rec(r, "dontwait", recv(cli, buf, 100, MSG_WAITALL | MSG_DONTWAIT));
out:
	close(cli);
	close(srv);
}

/* Counted by the handler; read with __atomic_load_n (no volatile). */
static int sigpipes;

static void on_sigpipe(int sig)
{
	(void)sig;
	__atomic_fetch_add(&sigpipes, 1, __ATOMIC_RELAXED);
}

static void rec_sigpipes(struct run *r)
{
	say(r, "sigpipes=%d ", __atomic_load_n(&sigpipes, __ATOMIC_RELAXED));
}

static void sigpipe(struct run *r)
{
	struct sigaction sa = { .sa_handler = on_sigpipe }, old;
	char c;
	int cli, srv;

	sigaction(SIGPIPE, &sa, &old);
	__atomic_store_n(&sigpipes, 0, __ATOMIC_RELAXED);
	if (make_pair(r, 7005, &cli, &srv))
		goto out;
	shutdown(cli, SHUT_WR);
	rec(r, "nosignal", send(cli, "x", 1, MSG_NOSIGNAL));
	rec_sigpipes(r);
	rec(r, "signal", send(cli, "x", 1, 0));
	rec_sigpipes(r);
	rec(r, "write", write(cli, "x", 1));
	rec_sigpipes(r);
	/* The other direction is unaffected. */
	rec(r, "peer_eof", recv(srv, &c, 1, 0));
	rec(r, "peer_send", send(srv, "y", 1, 0));
	rec(r, "recv", recv(cli, &c, 1, 0));
	rec_sigpipes(r);
out:
	close(cli);
	close(srv);
	sigaction(SIGPIPE, &old, NULL);
}

/* After the peer closed, a send: reset, then ECONNRESET, then EPIPE. */
static void send_after_close(struct run *r)
{
	struct sigaction sa = { .sa_handler = on_sigpipe }, old;
	char c;
	int cli, srv;

	sigaction(SIGPIPE, &sa, &old);
	__atomic_store_n(&sigpipes, 0, __ATOMIC_RELAXED);
	if (make_pair(r, 7006, &cli, &srv))
		goto out;
	close(srv);
	srv = -1;
	rec(r, "eof", recv(cli, &c, 1, 0));
	rec(r, "send", send(cli, "x", 1, 0));
	rec(r, "poll", wait_mask(cli, POLLIN | POLLRDHUP, 1000));
	rec(r, "send2", send(cli, "x", 1, 0));
	rec(r, "send3", send(cli, "x", 1, 0));
	rec(r, "send4", send(cli, "x", 1, MSG_NOSIGNAL));
	rec_sigpipes(r);
	rec(r, "recv", recv(cli, &c, 1, 0));
out:
	close(cli);
	close(srv);
	sigaction(SIGPIPE, &old, NULL);
}

/* Calls that need a connection. */
static void unconnected_io(struct run *r)
{
	struct sigaction sa = { .sa_handler = on_sigpipe }, old;
	char c;
	int fd = tcp(r), lfd = listener(r, 7007, 4);

	sigaction(SIGPIPE, &sa, &old);
	__atomic_store_n(&sigpipes, 0, __ATOMIC_RELAXED);
	rec(r, "recv", recv(fd, &c, 1, 0));
	rec(r, "recv_dontwait", recv(fd, &c, 1, MSG_DONTWAIT));
	rec(r, "send", send(fd, "x", 1, 0));
	rec(r, "send_nosignal", send(fd, "x", 1, MSG_NOSIGNAL));
	rec_sigpipes(r);
	rec(r, "listener_recv", recv(lfd, &c, 1, 0));
	rec(r, "listener_send", send(lfd, "x", 1, MSG_NOSIGNAL));
	rec(r, "oob_recv", recv(fd, &c, 1, MSG_OOB));
	close(fd);
	close(lfd);
	sigaction(SIGPIPE, &old, NULL);
}

/* --- timeouts and watermarks ---------------------------------------------- */

static void rcvtimeo(struct run *r)
{
	struct timeval tv = { .tv_usec = 200 * 1000 }, got;
	socklen_t len = sizeof(got);
	struct timespec t0;
	char buf[8];
	int cli, srv;
	long ms;

	if (make_pair(r, 7010, &cli, &srv))
		goto out;
	rec(r, "set", setsockopt(srv, SOL_SOCKET, SO_RCVTIMEO, &tv,
				 sizeof(tv)));
	rec(r, "get", getsockopt(srv, SOL_SOCKET, SO_RCVTIMEO, &got, &len));
	prop(r, "same", got.tv_sec == 0 && got.tv_usec >= 196000 &&
	     got.tv_usec <= 204000);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	rec(r, "recv", recv(srv, buf, sizeof(buf), 0));
	ms = ms_since(&t0);
	prop(r, "waited", ms >= 150 && ms < 2000);
	/* Data in time is returned. */
	send(cli, "x", 1, 0);
	rec(r, "recv2", recv(srv, buf, sizeof(buf), 0));
	tv.tv_usec = -1;
	rec(r, "bad", setsockopt(srv, SOL_SOCKET, SO_RCVTIMEO, &tv,
				 sizeof(tv)));
out:
	close(cli);
	close(srv);
}

/*
 * Small buffers on both ends (set before the connection) so that a 64 KiB
 * send cannot complete while the peer does not read.  On timeout a send
 * returns what it copied, or EAGAIN if nothing: both are "timed out".
 */
static void sndtimeo(struct run *r)
{
	struct timeval tv = { .tv_usec = 200 * 1000 };
	static char buf[65536];
	int lfd = tcp(r), cli = tcp(r), srv, i;
	struct timespec t0;
	char name[16];
	long ms, n;

	setint(lfd, SOL_SOCKET, SO_RCVBUF, 4096);
	bind_to(r, lfd, "127.0.0.1", 7011);
	listen(lfd, 4);
	setint(cli, SOL_SOCKET, SO_SNDBUF, 4096);
	rec(r, "connect", connect_to(r, cli, "127.0.0.1", 7011));
	srv = accept(lfd, NULL, NULL);
	rec(r, "set", setsockopt(cli, SOL_SOCKET, SO_SNDTIMEO, &tv,
				 sizeof(tv)));
	for (i = 0; i < 2; i++) {
		clock_gettime(CLOCK_MONOTONIC, &t0);
		n = send(cli, buf, sizeof(buf), 0);
		ms = ms_since(&t0);
		snprintf(name, sizeof(name), "timed_out%d", i);
		prop(r, name, n < 0 ? errno == EAGAIN : n < (long)sizeof(buf));
		snprintf(name, sizeof(name), "waited%d", i);
		prop(r, name, ms >= 150 && ms < 2000);
	}
	/* Once the peer reads, there is room again. */
	prop(r, "drained", drain(srv) > 0);
	rec(r, "poll", poll_mask(cli, POLLOUT, 2000));
	prop(r, "send2", send(cli, buf, 1000, 0) > 0);
	close(cli);
	close(srv);
	close(lfd);
}

/* tcp_rmem[2] of the family (net.ipv4 or net.xinet). */
static long rmem_max(struct run *r)
{
	char path[64];
	long v[3];
	FILE *f;

	snprintf(path, sizeof(path), "/proc/sys/net/%s/tcp_rmem",
		 r->family == AF_INET ? "ipv4" : "xinet");
	f = fopen(path, "r");
	if (!f)
		return -1;
	if (fscanf(f, "%ld %ld %ld", &v[0], &v[1], &v[2]) != 3)
		v[2] = -1;
	fclose(f);
	return v[2];
}

static void rcvlowat(struct run *r)
{
	char buf[16];
	int cli, srv, v;

	if (make_pair(r, 7012, &cli, &srv))
		goto out;
	rec(r, "default", getint(srv, SOL_SOCKET, SO_RCVLOWAT));
	rec(r, "set", setint(srv, SOL_SOCKET, SO_RCVLOWAT, 5));
	rec(r, "get", getint(srv, SOL_SOCKET, SO_RCVLOWAT));
	send(cli, "abc", 3, 0);
	wait_inq(srv, 3, 1000);
	/* Fewer bytes than the mark: not readable yet. */
	rec(r, "poll_below", poll_mask(srv, POLLIN, 200));
	rec(r, "fionread", ioctl_int(srv, FIONREAD));
	send(cli, "de", 2, 0);
	rec(r, "poll_at", poll_mask(srv, POLLIN, 1000));
	rec(r, "recv", recv(srv, buf, sizeof(buf), 0));
	/* A non-blocking read takes what is there. */
	send(cli, "f", 1, 0);
	wait_inq(srv, 1, 1000);
	rec(r, "dontwait", recv(srv, buf, sizeof(buf), MSG_DONTWAIT));
	rec(r, "zero", setint(srv, SOL_SOCKET, SO_RCVLOWAT, 0));
	rec(r, "get_zero", getint(srv, SOL_SOCKET, SO_RCVLOWAT));
	rec(r, "negative", setint(srv, SOL_SOCKET, SO_RCVLOWAT, -1));
	/* Clamped to half the largest receive buffer (tcp_rmem[2]). */
	v = getint(srv, SOL_SOCKET, SO_RCVLOWAT);
	if (v == rmem_max(r) / 2)
		say(r, "get_negative=half_rmem_max ");
	else
		say(r, "get_negative=%d(rmem_max=%ld) ", v, rmem_max(r));
out:
	close(cli);
	close(srv);
}

/* --- buffers and queues -------------------------------------------------- */

static void bufsizes(struct run *r)
{
	long wmax = read_long("/proc/sys/net/core/wmem_max");
	long rmax = read_long("/proc/sys/net/core/rmem_max");
	int fd = tcp(r), v;

	rec(r, "sndbuf", getint(fd, SOL_SOCKET, SO_SNDBUF));
	rec(r, "rcvbuf", getint(fd, SOL_SOCKET, SO_RCVBUF));
	rec(r, "set_snd", setint(fd, SOL_SOCKET, SO_SNDBUF, 10000));
	rec(r, "sndbuf2", getint(fd, SOL_SOCKET, SO_SNDBUF));
	rec(r, "set_rcv", setint(fd, SOL_SOCKET, SO_RCVBUF, 10000));
	rec(r, "rcvbuf2", getint(fd, SOL_SOCKET, SO_RCVBUF));
	/* Clamped below to a minimum that depends on sizeof(sk_buff). */
	setint(fd, SOL_SOCKET, SO_SNDBUF, 1);
	v = getint(fd, SOL_SOCKET, SO_SNDBUF);
	prop(r, "snd_min", v >= 2048 && v < 10000);
	setint(fd, SOL_SOCKET, SO_RCVBUF, 1);
	v = getint(fd, SOL_SOCKET, SO_RCVBUF);
	prop(r, "rcv_min", v >= 2048 && v < 10000);
	/* Clamped above to twice net.core.[wr]mem_max. */
	setint(fd, SOL_SOCKET, SO_SNDBUF, 1 << 30);
	prop(r, "snd_max", getint(fd, SOL_SOCKET, SO_SNDBUF) == 2 * wmax);
	setint(fd, SOL_SOCKET, SO_RCVBUF, 1 << 30);
	prop(r, "rcv_max", getint(fd, SOL_SOCKET, SO_RCVBUF) == 2 * rmax);
	rec(r, "negative", setint(fd, SOL_SOCKET, SO_SNDBUF, -1));
	/* As an unsigned value: the largest. */
	prop(r, "neg_max", getint(fd, SOL_SOCKET, SO_SNDBUF) == 2 * wmax);
	close(fd);
}

/* A buffer set before connect holds for the connection, and limits it. */
static void bufsizes_connected(struct run *r)
{
	int lfd = tcp(r), cli = tcp(r), srv;
	long n;

	setint(lfd, SOL_SOCKET, SO_RCVBUF, 8192);
	bind_to(r, lfd, "127.0.0.1", 7013);
	listen(lfd, 4);
	setint(cli, SOL_SOCKET, SO_SNDBUF, 8192);
	connect_to(r, cli, "127.0.0.1", 7013);
	srv = accept(lfd, NULL, NULL);
	/* Children inherit a locked receive buffer. */
	rec(r, "srv_rcvbuf", getint(srv, SOL_SOCKET, SO_RCVBUF));
	rec(r, "cli_sndbuf", getint(cli, SOL_SOCKET, SO_SNDBUF));
	/* What fits: bounded by both buffers, not by the 64 KiB send. */
	n = fill(cli);
	prop(r, "bounded", n > 0 && n < 65536);
	prop(r, "all_arrive", drain(srv) > 0);
	close(srv);
	close(cli);
	close(lfd);
}

static void queue_ioctls(struct run *r)
{
	static char buf[1000];
	int cli, srv, lfd, v = -1;

	if (make_pair(r, 7014, &cli, &srv))
		goto out;
	rec(r, "inq_empty", ioctl(srv, SIOCINQ, &v) ?: v);
	rec(r, "outq_empty", ioctl(cli, SIOCOUTQ, &v) ?: v);
	send(cli, buf, sizeof(buf), 0);
	wait_inq(srv, sizeof(buf), 1000);
	wait_outq_empty(cli, 1000);
	rec(r, "fionread", ioctl(srv, FIONREAD, &v) ?: v);
	rec(r, "inq", ioctl(srv, SIOCINQ, &v) ?: v);
	/* Acked data leaves the send queue though the peer did not read. */
	rec(r, "outq_acked", ioctl(cli, SIOCOUTQ, &v) ?: v);
	rec(r, "outqnsd", ioctl(cli, SIOCOUTQNSD, &v) ?: v);
	recv(srv, buf, 400, 0);
	rec(r, "inq_after_read", ioctl(srv, SIOCINQ, &v) ?: v);
	/* A full send queue. */
	fill_until_stuck(cli);
	ioctl(cli, SIOCOUTQ, &v);
	prop(r, "outq_full", v > 0);
	lfd = listener(r, 7015, 1);
	rec(r, "listener_inq", ioctl(lfd, SIOCINQ, &v));
	rec(r, "listener_outq", ioctl(lfd, SIOCOUTQ, &v));
	close(lfd);
out:
	close(cli);
	close(srv);
}

static void partial_writes(struct run *r)
{
	static char buf[65536];
	long sent = 0, got = 0, n = 0;
	int cli, srv;

	if (make_pair(r, 7016, &cli, &srv))
		goto out;
	fcntl(cli, F_SETFL, O_NONBLOCK);
	/* Short writes, then EAGAIN: never an error with data lost. */
	while (!past_deadline() &&
	       (n = send(cli, buf, sizeof(buf), 0)) > 0)
		sent += n;
	rec(r, "full", n);
	sent += fill_until_stuck(cli);
	prop(r, "sent_some", sent > 0);
	rec(r, "pollout", poll_mask(cli, POLLOUT, 100));
	got = drain(srv);
	prop(r, "read_some", got > 0);
	rec(r, "pollout_after_read", poll_mask(cli, POLLOUT, 2000));
	n = send(cli, buf, sizeof(buf), 0);
	prop(r, "more", n > 0);
	sent += n > 0 ? n : 0;
	/* Everything sent arrives, exactly once. */
	while (got < sent && !past_deadline() &&
	       poll_mask(srv, POLLIN, 2000) > 0 &&
	       (n = drain(srv)) > 0)
		got += n;
	prop(r, "all", got == sent);
out:
	close(cli);
	close(srv);
}

#define PW_PERIOD	65521	/* prime: no write size is a multiple */

/* Byte @i of partial_writes_intact's stream, of period PW_PERIOD. */
static unsigned char pw_byte(long i)
{
	long j = i % PW_PERIOD;

	return j * 7 + (j >> 8);
}

/*
 * Reads what @fd has without blocking, checking it against the stream
 * from *@got on; counts it into *@got and the bytes not as sent into
 * *@bad.
 */
static void pw_drain(int fd, long *got, long *bad)
{
	static unsigned char buf[65536];
	long n, k;

	while (!past_deadline() &&
	       (n = recv(fd, buf, sizeof(buf), MSG_DONTWAIT)) > 0) {
		for (k = 0; k < n; k++)
			*bad += buf[k] != pw_byte(*got + k);
		*got += n;
	}
}

/*
 * Non-blocking writes of several sizes until EAGAIN, then all of it
 * read, in rounds: a write cut short by the send buffer queues a prefix
 * of what it was given and no byte more, so that the next write, which
 * starts where the count says, continues the stream exactly (the bytes a
 * stack copied beyond what it queued must go back to the caller).
 */
static void partial_writes_intact(struct run *r)
{
	static const long lens[] = { 65536, 100003, 4097, 262147 };
	static unsigned char pat[2 * PW_PERIOD + 262147];
	long sent = 0, got = 0, bad = 0, n, i;
	int cli, srv, round, eagain = 0;

	for (i = 0; i < (long)sizeof(pat); i++)
		pat[i] = pw_byte(i);
	if (make_pair(r, 7018, &cli, &srv))
		goto out;
	/* Fixed buffers: each round fills about 200 KB, not megabytes. */
	setint(cli, SOL_SOCKET, SO_SNDBUF, 65536);
	setint(srv, SOL_SOCKET, SO_RCVBUF, 65536);
	for (round = 0; round < 8 && !past_deadline(); round++) {
		long len = lens[round % 4];

		while ((n = send(cli, pat + sent % PW_PERIOD, len,
				 MSG_DONTWAIT)) > 0)
			sent += n;
		eagain += n < 0 && errno == EAGAIN;
		while (got < sent && !past_deadline() &&
		       poll_mask(srv, POLLIN, 2000) > 0)
			pw_drain(srv, &got, &bad);
	}
	prop(r, "eagain", eagain == 8);
	prop(r, "all", got == sent);
	prop(r, "intact", !bad);
out:
	close(cli);
	close(srv);
}

/* Send up to @len bytes without blocking: the count queued. */
static long send_upto(int fd, long len)
{
	static char buf[16384];
	long total = 0, n;

	while (total < len && !past_deadline()) {
		n = len - total < (long)sizeof(buf) ? len - total : (long)sizeof(buf);
		n = send(fd, buf, n, MSG_DONTWAIT);
		if (n <= 0)
			break;
		total += n;
	}
	return total;
}

#define FRAG_BULK	100000
#define FRAG_ROUNDS	64

/*
 * A write queue whose tail skb is full of page fragments but short of a
 * segment: the next write must start a new skb.  Two sockets written one
 * byte each in turn from one thread take alternate bytes of the task's
 * page fragment, so no write can extend the previous fragment; the peers
 * never read and their tiny windows are closed, so nothing leaves the
 * queue.  Every write must return promptly (a stack that goes back to the
 * same tail skb spins under the socket lock, unkillably).
 */
static void frag_limit_sends(struct run *r)
{
	int lfd = -1, cli[2] = { -1, -1 }, srv[2] = { -1, -1 };
	int small = 2048, big = 1 << 20, i, k;
	long queued[2] = { 0, 0 }, ones[2] = { 0, 0 }, got = 0, n;

	lfd = tcp(r);
	if (lfd < 0 ||
	    setsockopt(lfd, SOL_SOCKET, SO_RCVBUF, &small, sizeof(small)) ||
	    bind_to(r, lfd, "127.0.0.1", 7017) || listen(lfd, 4)) {
		rec(r, "listen", -1);
		goto out;
	}
	for (k = 0; k < 2; k++) {
		cli[k] = tcp(r);
		setsockopt(cli[k], SOL_SOCKET, SO_SNDBUF, &big, sizeof(big));
		if (connect_to(r, cli[k], "127.0.0.1", 7017)) {
			rec(r, "connect", -1);
			goto out;
		}
		srv[k] = accept(lfd, NULL, NULL);
		if (srv[k] < 0) {
			rec(r, "accept", -1);
			goto out;
		}
	}
	for (k = 0; k < 2; k++)
		queued[k] = send_upto(cli[k], FRAG_BULK);
	prop(r, "bulk_queued", queued[0] == FRAG_BULK && queued[1] == FRAG_BULK);
	for (i = 0; i < FRAG_ROUNDS && !past_deadline(); i++) {
		for (k = 0; k < 2; k++) {
			if (send(cli[k], "x", 1, MSG_DONTWAIT) == 1)
				ones[k]++;
		}
	}
	rec(r, "ones0", ones[0]);
	rec(r, "ones1", ones[1]);
	/* Every byte still arrives, in one piece, once the peer reads. */
	while (got < queued[0] + ones[0] && !past_deadline() &&
	       poll_mask(srv[0], POLLIN, 2000) > 0 && (n = drain(srv[0])) > 0)
		got += n;
	prop(r, "all_arrive", got == queued[0] + ones[0]);
out:
	close_all(2, cli);
	close_all(2, srv);
	if (lfd >= 0)
		close(lfd);
}

/* --- poll and epoll ------------------------------------------------------- */

static int epoll_events(int ep, int timeout)
{
	struct epoll_event ev[2];
	int n = epoll_wait(ep, ev, 2, timeout);

	if (n < 0)
		return -1;
	return n ? (int)ev[0].events : 0;
}

#define EPOLL_ALL	(EPOLLIN | EPOLLPRI | EPOLLOUT | EPOLLRDHUP)

static void epoll_level(struct run *r)
{
	struct epoll_event ev = { .events = EPOLL_ALL };
	int ep = epoll_create1(0), cli, srv, lfd = listener(r, 7020, 4);
	char buf[8];

	ev.data.fd = lfd;
	epoll_ctl(ep, EPOLL_CTL_ADD, lfd, &ev);
	rec(r, "listening", epoll_events(ep, 0));
	cli = tcp(r);
	connect_to(r, cli, "127.0.0.1", 7020);
	rec(r, "pending", epoll_events(ep, 1000));
	rec(r, "pending_again", epoll_events(ep, 0));
	srv = accept(lfd, NULL, NULL);
	rec(r, "accepted", epoll_events(ep, 0));
	epoll_ctl(ep, EPOLL_CTL_DEL, lfd, NULL);
	ev.data.fd = srv;
	epoll_ctl(ep, EPOLL_CTL_ADD, srv, &ev);
	rec(r, "established", epoll_events(ep, 0));
	send(cli, "ab", 2, 0);
	poll_mask(srv, POLLIN, 1000);
	rec(r, "readable", epoll_events(ep, 1000));
	rec(r, "still", epoll_events(ep, 0));
	recv(srv, buf, sizeof(buf), 0);
	rec(r, "read", epoll_events(ep, 0));
	shutdown(cli, SHUT_WR);
	poll_mask(srv, POLLRDHUP, 1000);
	rec(r, "peer_shut", epoll_events(ep, 1000));
	shutdown(srv, SHUT_WR);
	poll_mask(srv, POLLHUP, 1000);
	rec(r, "both_shut", epoll_events(ep, 1000));
	close(cli);
	close(srv);
	close(lfd);
	close(ep);
}

static void epoll_edge(struct run *r)
{
	struct epoll_event ev = { .events = EPOLL_ALL | EPOLLET };
	int ep = epoll_create1(0), cli, srv;
	char buf[8];

	if (make_pair(r, 7021, &cli, &srv))
		goto out;
	ev.data.fd = srv;
	epoll_ctl(ep, EPOLL_CTL_ADD, srv, &ev);
	rec(r, "first", epoll_events(ep, 0));
	rec(r, "no_edge", epoll_events(ep, 0));
	send(cli, "a", 1, 0);
	rec(r, "data", epoll_events(ep, 1000));
	rec(r, "reported", epoll_events(ep, 0));
	/* More data is a new edge though the first is unread. */
	send(cli, "b", 1, 0);
	rec(r, "more", epoll_events(ep, 1000));
	recv(srv, buf, sizeof(buf), 0);
	rec(r, "read", epoll_events(ep, 0));
	shutdown(cli, SHUT_WR);
	rec(r, "peer_shut", epoll_events(ep, 1000));
	rec(r, "peer_shut_again", epoll_events(ep, 0));
	/* The reset is an edge too. */
	setsockopt(cli, SOL_SOCKET, SO_LINGER,
		   &(struct linger){ .l_onoff = 1 }, sizeof(struct linger));
	close(cli);
	cli = -1;
	rec(r, "reset", epoll_events(ep, 1000));
	rec(r, "reset_again", epoll_events(ep, 0));
out:
	close(cli);
	close(srv);
	close(ep);
}

/* EPOLLOUT as an edge: after the send buffer was full and drained. */
static void epoll_edge_out(struct run *r)
{
	struct epoll_event ev = { .events = EPOLLOUT | EPOLLET };
	int ep = epoll_create1(0), cli, srv;

	if (make_pair(r, 7022, &cli, &srv))
		goto out;
	ev.data.fd = cli;
	epoll_ctl(ep, EPOLL_CTL_ADD, cli, &ev);
	rec(r, "writable", epoll_events(ep, 0));
	fill_until_stuck(cli);
	/* Edges from ACKs that came while filling do not count. */
	epoll_events(ep, 0);
	rec(r, "full", epoll_events(ep, 100));
	drain(srv);
	rec(r, "drained", epoll_events(ep, 2000));
out:
	close(cli);
	close(srv);
	close(ep);
}

/* poll on a connection from the data side: with data, errors, shutdown. */
static void poll_data(struct run *r)
{
	char buf[8];
	int cli, srv;

	if (make_pair(r, 7023, &cli, &srv))
		goto out;
	rec(r, "idle", poll_mask(srv, ALL_EVENTS, 0));
	send(cli, "abc", 3, 0);
	rec(r, "data", wait_mask(srv, POLLIN, 1000));
	rec(r, "only_in", poll_mask(srv, POLLIN, 0));
	rec(r, "only_out", poll_mask(srv, POLLOUT, 0));
	rec(r, "rdnorm", poll_mask(srv, POLLRDNORM | POLLWRNORM, 0));
	shutdown(cli, SHUT_WR);
	rec(r, "data_and_eof", wait_mask(srv, POLLRDHUP, 1000));
	recv(srv, buf, sizeof(buf), 0);
	rec(r, "eof", poll_mask(srv, ALL_EVENTS, 0));
	rec(r, "eof_no_rdhup", poll_mask(srv, POLLIN | POLLOUT, 0));
	shutdown(srv, SHUT_RDWR);
	rec(r, "shut_rdwr", wait_mask(srv, POLLHUP, 1000));
out:
	close(cli);
	close(srv);
}

/* --- urgent data ------------------------------------------------------- */

/* Counted by the handler; read with __atomic_load_n (no volatile). */
static int sigurgs;

static void on_sigurg(int sig)
{
	(void)sig;
	__atomic_fetch_add(&sigurgs, 1, __ATOMIC_RELAXED);
}

/* "abc", then "X" with MSG_OOB, then "def"; all of it acknowledged. */
static void send_abcxdef(int cli, const char *abc, char x, const char *def)
{
	send(cli, abc, strlen(abc), 0);
	send(cli, &x, 1, MSG_OOB);
	send(cli, def, strlen(def), 0);
	wait_outq_empty(cli, 2000);
}

/* A recv() of up to 15 bytes: "what=n got=BYTES " (or the errno). */
static void rec_recv(struct run *r, const char *what, int fd, int flags)
{
	char buf[16] = "";
	long n = recv(fd, buf, sizeof(buf) - 1, flags);

	rec(r, what, n);
	if (n > 0)
		say(r, "got=%s ", buf);
}

/*
 * "abcXdef" with X urgent: a read stops at the mark, the urgent byte is
 * out of the stream and read alone with MSG_OOB; SIOCATMARK, SIOCINQ,
 * POLLPRI and EPOLLPRI follow it.  Unread, the byte is skipped.
 */
static void urgent_data(struct run *r)
{
	struct epoll_event ev = { .events = EPOLL_ALL };
	int ep = epoll_create1(0), cli, srv;

	if (make_pair(r, 7060, &cli, &srv))
		goto out;
	ev.data.fd = srv;
	epoll_ctl(ep, EPOLL_CTL_ADD, srv, &ev);
	rec(r, "oob_none", recv(srv, &(char){ 0 }, 1, MSG_OOB));
	send_abcxdef(cli, "abc", 'X', "def");
	rec(r, "inq", ioctl_int(srv, SIOCINQ));
	rec(r, "atmark", ioctl_int(srv, SIOCATMARK));
	rec(r, "poll", poll_mask(srv, ALL_EVENTS, 0));
	rec(r, "epoll", epoll_events(ep, 0));
	rec_recv(r, "recv", srv, 0);
	rec(r, "atmark", ioctl_int(srv, SIOCATMARK));
	rec(r, "inq", ioctl_int(srv, SIOCINQ));
	rec(r, "poll", poll_mask(srv, ALL_EVENTS, 0));
	rec_recv(r, "oob", srv, MSG_OOB);
	rec(r, "oob_again", recv(srv, &(char){ 0 }, 1, MSG_OOB));
	rec(r, "atmark", ioctl_int(srv, SIOCATMARK));
	rec(r, "poll", poll_mask(srv, ALL_EVENTS, 0));
	rec(r, "epoll", epoll_events(ep, 0));
	rec_recv(r, "recv", srv, 0);
	rec(r, "atmark", ioctl_int(srv, SIOCATMARK));
	rec(r, "oob_after", recv(srv, &(char){ 0 }, 1, MSG_OOB));
	/* Not read with MSG_OOB: the reader steps over it. */
	send_abcxdef(cli, "ghi", 'Y', "jkl");
	rec_recv(r, "recv", srv, MSG_WAITALL);
	rec_recv(r, "recv", srv, MSG_DONTWAIT);
	rec(r, "atmark", ioctl_int(srv, SIOCATMARK));
	rec(r, "oob_skipped", recv(srv, &(char){ 0 }, 1, MSG_OOB));
	rec(r, "poll", poll_mask(srv, ALL_EVENTS, 0));
out:
	close(cli);
	close(srv);
	close(ep);
}

/* SO_OOBINLINE: the urgent byte stays in the stream, the mark still stops. */
static void urgent_inline(struct run *r)
{
	int cli, srv;

	if (make_pair(r, 7061, &cli, &srv))
		goto out;
	rec(r, "set", setint(srv, SOL_SOCKET, SO_OOBINLINE, 1));
	rec(r, "get", getint(srv, SOL_SOCKET, SO_OOBINLINE));
	send_abcxdef(cli, "abc", 'X', "def");
	rec(r, "inq", ioctl_int(srv, SIOCINQ));
	rec(r, "atmark", ioctl_int(srv, SIOCATMARK));
	rec(r, "poll", poll_mask(srv, ALL_EVENTS, 0));
	rec_recv(r, "recv", srv, 0);
	rec(r, "atmark", ioctl_int(srv, SIOCATMARK));
	rec(r, "oob", recv(srv, &(char){ 0 }, 1, MSG_OOB));
	rec(r, "poll", poll_mask(srv, ALL_EVENTS, 0));
	rec_recv(r, "recv", srv, 0);
	rec(r, "atmark", ioctl_int(srv, SIOCATMARK));
	rec(r, "poll", poll_mask(srv, ALL_EVENTS, 0));
out:
	close(cli);
	close(srv);
}

#define URG_BULK	20000

/*
 * The urgent pointer ahead of its byte (a small window holds the data
 * before it): EAGAIN until the byte comes, SIGURG once to the F_SETOWN
 * owner when the pointer comes, no POLLPRI until the byte does.
 */
static void urgent_notyet(struct run *r)
{
	struct sigaction sa = { .sa_handler = on_sigurg,
				.sa_flags = SA_RESTART }, old;
	static char buf[URG_BULK];
	int lfd = tcp(r), cli = tcp(r), srv = -1;
	struct timespec t0;
	long total = 0, n;

	sigaction(SIGURG, &sa, &old);
	__atomic_store_n(&sigurgs, 0, __ATOMIC_RELAXED);
	setint(lfd, SOL_SOCKET, SO_RCVBUF, 4096);
	setint(cli, SOL_SOCKET, SO_SNDBUF, 1 << 18);
	if (bind_to(r, lfd, "127.0.0.1", 7062) || listen(lfd, 4) ||
	    connect_to(r, cli, "127.0.0.1", 7062)) {
		rec(r, "connect", -1);
		goto out;
	}
	srv = accept(lfd, NULL, NULL);
	rec(r, "setown", fcntl(srv, F_SETOWN, getpid()));
	rec(r, "oob_none", recv(srv, buf, 1, MSG_OOB));
	rec(r, "send", send(cli, buf, URG_BULK, 0));
	rec(r, "send_oob", send(cli, "X", 1, MSG_OOB));
	/*
	 * One read opens the window: what comes next carries the pointer,
	 * and the urgent byte is still a window or more away.
	 */
	poll_mask(srv, POLLIN, 1000);
	n = recv(srv, buf, sizeof(buf), MSG_DONTWAIT);
	total += n > 0 ? n : 0;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	while (!__atomic_load_n(&sigurgs, __ATOMIC_RELAXED) &&
	       ms_since(&t0) < 2000 && !past_deadline())
		usleep(2000);
	say(r, "sigurgs=%d ", __atomic_load_n(&sigurgs, __ATOMIC_RELAXED));
	rec(r, "oob_notyet", recv(srv, buf, 1, MSG_OOB));
	rec(r, "atmark", ioctl_int(srv, SIOCATMARK));
	prop(r, "no_pri", !(poll_mask(srv, POLLPRI, 0) & POLLPRI));
	/* Read up to the mark. */
	while (total < URG_BULK && !past_deadline() &&
	       ioctl_int(srv, SIOCATMARK) == 0) {
		poll_mask(srv, POLLIN, 1000);
		n = recv(srv, buf, sizeof(buf), MSG_DONTWAIT);
		if (n < 0 && errno != EAGAIN)
			break;
		if (n > 0)
			total += n;
	}
	rec(r, "before_mark", total);
	/* (POLLIN depends on whether the window update went out yet.) */
	rec(r, "pri", wait_mask(srv, POLLPRI, 1000) & (POLLPRI | POLLOUT));
	rec(r, "atmark", ioctl_int(srv, SIOCATMARK));
	rec_recv(r, "oob", srv, MSG_OOB);
	say(r, "sigurgs=%d ", __atomic_load_n(&sigurgs, __ATOMIC_RELAXED));
out:
	close(cli);
	close(srv);
	close(lfd);
	sigaction(SIGURG, &old, NULL);
}

/*
 * Two urgent sends before a read: the second pointer replaces the
 * first, whose byte stays in the stream.  A new pointer while the reader
 * waits at the old mark steps over the old byte.
 */
static void urgent_twice(struct run *r)
{
	int cli, srv;

	if (make_pair(r, 7063, &cli, &srv))
		goto out;
	send(cli, "a", 1, 0);
	send(cli, "X", 1, MSG_OOB);
	send(cli, "b", 1, 0);
	send(cli, "Y", 1, MSG_OOB);
	send(cli, "c", 1, 0);
	wait_outq_empty(cli, 2000);
	rec(r, "inq", ioctl_int(srv, SIOCINQ));
	rec_recv(r, "recv", srv, 0);
	rec(r, "atmark", ioctl_int(srv, SIOCATMARK));
	rec_recv(r, "oob", srv, MSG_OOB);
	rec_recv(r, "recv", srv, 0);
	send(cli, "d", 1, 0);
	send(cli, "Z", 1, MSG_OOB);
	wait_outq_empty(cli, 2000);
	rec_recv(r, "recv", srv, 0);
	rec(r, "atmark", ioctl_int(srv, SIOCATMARK));
	send(cli, "e", 1, 0);
	send(cli, "W", 1, MSG_OOB);
	wait_outq_empty(cli, 2000);
	rec(r, "atmark", ioctl_int(srv, SIOCATMARK));
	rec(r, "inq", ioctl_int(srv, SIOCINQ));
	rec_recv(r, "recv", srv, 0);
	rec_recv(r, "oob", srv, MSG_OOB);
	rec(r, "recv_end", recv(srv, &(char){ 0 }, 1, MSG_DONTWAIT));
out:
	close(cli);
	close(srv);
}

/* recvmsg(MSG_OOB) with @len bytes of room: the count and msg_flags. */
static void rec_oob_msg(struct run *r, const char *what, int fd, size_t len,
			int flags)
{
	char c = '-';
	struct iovec iov = { .iov_base = &c, .iov_len = len };
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1 };
	long n = recvmsg(fd, &msg, MSG_OOB | flags);

	rec(r, what, n);
	if (n >= 0)
		say(r, "c=%c msg_oob=%d msg_trunc=%d ", c,
		    !!(msg.msg_flags & MSG_OOB), !!(msg.msg_flags & MSG_TRUNC));
}

/* MSG_OOB with MSG_PEEK and MSG_TRUNC; MSG_PEEK across the mark. */
static void urgent_peek(struct run *r)
{
	int cli, srv;

	if (make_pair(r, 7064, &cli, &srv))
		goto out;
	send_abcxdef(cli, "abc", 'X', "def");
	rec_oob_msg(r, "peek", srv, 1, MSG_PEEK);
	rec_oob_msg(r, "peek2", srv, 1, MSG_PEEK);
	rec_recv(r, "peek_data", srv, MSG_PEEK);
	rec_oob_msg(r, "oob", srv, 1, 0);
	rec_oob_msg(r, "oob_again", srv, 1, 0);
	rec_recv(r, "recv", srv, 0);
	/* At the mark, a peek steps over the (read) urgent byte too. */
	rec_recv(r, "peek_mark", srv, MSG_PEEK);
	rec_recv(r, "recv", srv, 0);
	/* No room: MSG_TRUNC says so, and the byte counts as read. */
	send(cli, "Y", 1, MSG_OOB);
	wait_outq_empty(cli, 2000);
	rec_oob_msg(r, "zero_len", srv, 0, 0);
	rec_oob_msg(r, "after_zero", srv, 1, 0);
	/* MSG_TRUNC: the byte is consumed, not copied. */
	send(cli, "Z", 1, MSG_OOB);
	wait_outq_empty(cli, 2000);
	rec_oob_msg(r, "trunc", srv, 1, MSG_TRUNC);
	rec_oob_msg(r, "after_trunc", srv, 1, 0);
	rec(r, "recv_end", recv(srv, &(char){ 0 }, 1, MSG_DONTWAIT));
out:
	close(cli);
	close(srv);
}

/*
 * The next data segment of the capture, each once (lo shows a segment
 * leaving and arriving): "what=urg:U,ptr:P,len:L ".
 */
static void rec_segment(struct run *r, const char *what, struct capture *c)
{
	unsigned char b[2048], *t;
	unsigned int ihl, len, seq;
	long n;

	while ((n = recv(c->fd, b, sizeof(b), 0)) > 0) {
		if (n < 40 || b[0] >> 4 != 4 || b[9] != IPPROTO_TCP)
			continue;
		ihl = (b[0] & 15) * 4;
		t = b + ihl;
		if ((long)ihl + 20 > n || (t[0] << 8 | t[1]) != c->sport)
			continue;
		len = (b[2] << 8 | b[3]) - ihl - (t[12] >> 4) * 4;
		seq = (unsigned int)t[4] << 24 | t[5] << 16 | t[6] << 8 | t[7];
		if (!len || (c->seen && (int)(seq - c->last) <= 0))
			continue;
		c->seen = true;
		c->last = seq;
		say(r, "%s=urg:%d,ptr:%d,len:%u ", what, !!(t[13] & 0x20),
		    t[18] << 8 | t[19], len);
		return;
	}
	say(r, "%s=none ", what);
}

/*
 * The URG flag and pointer on the wire: one past the urgent byte, on
 * every segment before it; none once it is acknowledged.
 */
static void urgent_wire(struct run *r)
{
	static char buf[2500];
	int lfd = listener(r, 7065, 4), cli = tcp(r), srv = -1;
	struct capture c = { .fd = -1 };

	setint(cli, IPPROTO_TCP, TCP_MAXSEG, 1000);
	if (connect_to(r, cli, "127.0.0.1", 7065)) {
		rec(r, "connect", -1);
		goto out;
	}
	srv = accept(lfd, NULL, NULL);
	rec(r, "capture", capture_open(r, &c, local_port(cli)));
	rec(r, "send", send(cli, "abcX", 4, MSG_OOB));
	wait_outq_empty(cli, 2000);
	rec_segment(r, "seg", &c);
	rec_recv(r, "recv", srv, 0);
	rec_recv(r, "oob", srv, MSG_OOB);
	rec(r, "send", send(cli, "def", 3, 0));
	wait_outq_empty(cli, 2000);
	rec_segment(r, "seg", &c);
	/* One send over three segments: each points at the same byte. */
	memset(buf, 'u', sizeof(buf));
	rec(r, "send", send(cli, buf, sizeof(buf), MSG_OOB));
	wait_outq_empty(cli, 2000);
	rec_segment(r, "seg", &c);
	rec_segment(r, "seg", &c);
	rec_segment(r, "seg", &c);
	rec_segment(r, "seg", &c);
out:
	if (c.fd >= 0)
		close(c.fd);
	close(cli);
	close(srv);
	close(lfd);
}

/*
 * The first two zero-length segments with URG in the capture, within
 * @ms: "what=una:U,below:B " where U says the first carries the pointer
 * to the urgent byte (the last of @fd's send queue, unacknowledged) and
 * B that the second is the window probe one below it, pointing one
 * further.
 */
static void rec_urgent_probes(struct run *r, const char *what,
			      struct capture *c, int fd, int ms)
{
	unsigned int seq[2], ptr[2], ihl, len;
	unsigned char b[2048], *t;
	struct timespec t0;
	int got = 0, outq = -1;
	long n;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	while (got < 2 && ms_since(&t0) < ms && !past_deadline()) {
		n = recv(c->fd, b, sizeof(b), 0);
		if (n < 0) {
			usleep(2000);
			continue;
		}
		if (n < 40 || b[0] >> 4 != 4 || b[9] != IPPROTO_TCP)
			continue;
		ihl = (b[0] & 15) * 4;
		t = b + ihl;
		if ((long)ihl + 20 > n || (t[0] << 8 | t[1]) != c->sport)
			continue;
		len = (b[2] << 8 | b[3]) - ihl - (t[12] >> 4) * 4;
		if (len || !(t[13] & 0x20))
			continue;
		seq[got] = (unsigned int)t[4] << 24 | t[5] << 16 | t[6] << 8 |
			   t[7];
		ptr[got] = t[18] << 8 | t[19];
		if (!got || seq[1] != seq[0])
			got++;
	}
	if (got < 2) {
		say(r, "%s=none ", what);
		return;
	}
	/* Unchanged since: the peer still does not read. */
	ioctl(fd, SIOCOUTQ, &outq);
	say(r, "%s=una:%d,below:%d ", what, ptr[0] == (unsigned int)outq,
	    seq[1] == seq[0] - 1 && ptr[1] == ptr[0] + 1);
}

/*
 * Zero-window probes in urgent mode: one at snd_una carries the urgent
 * pointer, then the probe below snd_una (tcp_xmit_probe_skb's urgent
 * argument).
 */
static void urgent_probe(struct run *r)
{
	static char buf[URG_BULK];
	int lfd = tcp(r), cli = tcp(r), srv = -1;
	struct capture c = { .fd = -1 };

	setint(lfd, SOL_SOCKET, SO_RCVBUF, 4096);
	setint(cli, SOL_SOCKET, SO_SNDBUF, 1 << 18);
	if (bind_to(r, lfd, "127.0.0.1", 7066) || listen(lfd, 4) ||
	    connect_to(r, cli, "127.0.0.1", 7066)) {
		rec(r, "connect", -1);
		goto out;
	}
	srv = accept(lfd, NULL, NULL);
	rec(r, "capture", capture_open(r, &c, local_port(cli)));
	rec(r, "send", send(cli, buf, URG_BULK, 0));
	rec(r, "send_oob", send(cli, "X", 1, MSG_OOB));
	rec_urgent_probes(r, "probes", &c, cli, 3000);
out:
	if (c.fd >= 0)
		close(c.fd);
	close(cli);
	close(srv);
	close(lfd);
}

/* --- TCP options --------------------------------------------------------- */

static void tcp_nodelay_cork(struct run *r)
{
	int fd = tcp(r), cli, srv;
	char buf[8];

	rec(r, "nodelay", getint(fd, IPPROTO_TCP, TCP_NODELAY));
	rec(r, "set", setint(fd, IPPROTO_TCP, TCP_NODELAY, 5));
	rec(r, "nodelay2", getint(fd, IPPROTO_TCP, TCP_NODELAY));
	rec(r, "cork", getint(fd, IPPROTO_TCP, TCP_CORK));
	rec(r, "set_cork", setint(fd, IPPROTO_TCP, TCP_CORK, 1));
	rec(r, "cork2", getint(fd, IPPROTO_TCP, TCP_CORK));
	rec(r, "short", setsockopt(fd, IPPROTO_TCP, TCP_CORK, "", 1));
	rec(r, "udp_level", setint(fd, IPPROTO_UDP, TCP_NODELAY, 1));
	rec(r, "unknown", setint(fd, IPPROTO_TCP, 9999, 1));
	close(fd);
	if (make_pair(r, 7030, &cli, &srv))
		goto out;
	/* Corked data is held until uncorked (or 200 ms pass). */
	setint(cli, IPPROTO_TCP, TCP_CORK, 1);
	send(cli, "abc", 3, 0);
	rec(r, "corked", poll_mask(srv, POLLIN, 50));
	rec(r, "uncork", setint(cli, IPPROTO_TCP, TCP_CORK, 0));
	rec(r, "uncorked", poll_mask(srv, POLLIN, 1000));
	recv(srv, buf, sizeof(buf), 0);
	/* Nagle: with NODELAY, small writes go out at once. */
	setint(cli, IPPROTO_TCP, TCP_NODELAY, 1);
	send(cli, "d", 1, 0);
	send(cli, "e", 1, 0);
	rec(r, "nodelay_inq", wait_inq(srv, 2, 1000));
out:
	close(cli);
	close(srv);
}

static void tcp_maxseg(struct run *r)
{
	int fd = tcp(r), fd2 = tcp(r), lfd = listener(r, 7031, 4), srv, mss;

	rec(r, "default", getint(fd, IPPROTO_TCP, TCP_MAXSEG));
	rec(r, "set", setint(fd, IPPROTO_TCP, TCP_MAXSEG, 1000));
	rec(r, "get", getint(fd, IPPROTO_TCP, TCP_MAXSEG));
	rec(r, "too_small", setint(fd, IPPROTO_TCP, TCP_MAXSEG, 10));
	rec(r, "too_big", setint(fd, IPPROTO_TCP, TCP_MAXSEG, 65536));
	rec(r, "zero", setint(fd, IPPROTO_TCP, TCP_MAXSEG, 0));
	rec(r, "get2", getint(fd, IPPROTO_TCP, TCP_MAXSEG));
	setint(fd, IPPROTO_TCP, TCP_MAXSEG, 1000);
	rec(r, "connect", connect_to(r, fd, "127.0.0.1", 7031));
	srv = accept(lfd, NULL, NULL);
	/* Less the timestamp option (12 bytes), both ends. */
	rec(r, "connected", getint(fd, IPPROTO_TCP, TCP_MAXSEG));
	rec(r, "peer", getint(srv, IPPROTO_TCP, TCP_MAXSEG));
	close(srv);
	/*
	 * Unclamped over loopback the MTU allows ~65k, but the MSS is
	 * bounded by half the largest window the peer offered (the SYN's
	 * unscaled 65535), less the timestamp option: the same on lo and
	 * xlo whatever their MTU.
	 */
	connect_to(r, fd2, "127.0.0.1", 7031);
	srv = accept(lfd, NULL, NULL);
	mss = getint(fd2, IPPROTO_TCP, TCP_MAXSEG);
	rec(r, "loopback_mss", mss);
	close(srv);
	close(fd);
	close(fd2);
	close(lfd);
}

static void keepalive_opts(struct run *r)
{
	int fd = tcp(r);

	rec(r, "so_keepalive", getint(fd, SOL_SOCKET, SO_KEEPALIVE));
	rec(r, "set", setint(fd, SOL_SOCKET, SO_KEEPALIVE, 1));
	rec(r, "so_keepalive2", getint(fd, SOL_SOCKET, SO_KEEPALIVE));
	rec(r, "idle", getint(fd, IPPROTO_TCP, TCP_KEEPIDLE));
	rec(r, "intvl", getint(fd, IPPROTO_TCP, TCP_KEEPINTVL));
	rec(r, "cnt", getint(fd, IPPROTO_TCP, TCP_KEEPCNT));
	rec(r, "idle0", setint(fd, IPPROTO_TCP, TCP_KEEPIDLE, 0));
	rec(r, "idle1", setint(fd, IPPROTO_TCP, TCP_KEEPIDLE, 1));
	rec(r, "idle_max", setint(fd, IPPROTO_TCP, TCP_KEEPIDLE, 32767));
	rec(r, "idle_over", setint(fd, IPPROTO_TCP, TCP_KEEPIDLE, 32768));
	rec(r, "idle", getint(fd, IPPROTO_TCP, TCP_KEEPIDLE));
	rec(r, "intvl0", setint(fd, IPPROTO_TCP, TCP_KEEPINTVL, 0));
	rec(r, "intvl5", setint(fd, IPPROTO_TCP, TCP_KEEPINTVL, 5));
	rec(r, "intvl_over", setint(fd, IPPROTO_TCP, TCP_KEEPINTVL, 32768));
	rec(r, "intvl", getint(fd, IPPROTO_TCP, TCP_KEEPINTVL));
	rec(r, "cnt0", setint(fd, IPPROTO_TCP, TCP_KEEPCNT, 0));
	rec(r, "cnt127", setint(fd, IPPROTO_TCP, TCP_KEEPCNT, 127));
	rec(r, "cnt128", setint(fd, IPPROTO_TCP, TCP_KEEPCNT, 128));
	rec(r, "cnt", getint(fd, IPPROTO_TCP, TCP_KEEPCNT));
	rec(r, "user_timeout", getint(fd, IPPROTO_TCP, TCP_USER_TIMEOUT));
	rec(r, "ut_neg", setint(fd, IPPROTO_TCP, TCP_USER_TIMEOUT, -1));
	rec(r, "ut_set", setint(fd, IPPROTO_TCP, TCP_USER_TIMEOUT, 5000));
	rec(r, "user_timeout2", getint(fd, IPPROTO_TCP, TCP_USER_TIMEOUT));
	rec(r, "ut_zero", setint(fd, IPPROTO_TCP, TCP_USER_TIMEOUT, 0));
	rec(r, "user_timeout3", getint(fd, IPPROTO_TCP, TCP_USER_TIMEOUT));
	close(fd);
}

/*
 * Keepalive probes of a live peer are answered: with 1 s idle and
 * interval and one probe allowed, the connection survives, and the last
 * ACK came recently (a probe's answer).  A twin connection without
 * keepalive, idle as long, heard nothing.
 */
static void keepalive_probes(struct run *r)
{
	struct tcp_info ti, quiet;
	int cli, srv, c2 = -1, s2 = -1;

	if (make_pair(r, 7032, &cli, &srv) || make_pair(r, 7033, &c2, &s2))
		goto out;
	setint(cli, SOL_SOCKET, SO_KEEPALIVE, 1);
	setint(cli, IPPROTO_TCP, TCP_KEEPIDLE, 1);
	setint(cli, IPPROTO_TCP, TCP_KEEPINTVL, 1);
	setint(cli, IPPROTO_TCP, TCP_KEEPCNT, 1);
	usleep(2500 * 1000);
	rec(r, "info", tcp_info_of(cli, &ti));
	tcp_info_of(c2, &quiet);
	say(r, "state=%u probes=%u ", ti.tcpi_state, ti.tcpi_probes);
	prop(r, "answered", ti.tcpi_last_ack_recv < 1500);
	prop(r, "quiet", quiet.tcpi_last_ack_recv >= 2000);
	rec(r, "poll", poll_mask(cli, ALL_EVENTS, 0));
	rec(r, "so_error", getint(cli, SOL_SOCKET, SO_ERROR));
out:
	close(cli);
	close(srv);
	close(c2);
	close(s2);
}

/* --- TCP_INFO ------------------------------------------------------------- */

#define INFO_BYTES	100000

static void tcp_info_fields(struct run *r)
{
	static char buf[INFO_BYTES];
	struct tcp_info ti, si, idle;
	long got = 0, n = 0;
	int cli, srv;

	if (make_pair(r, 7040, &cli, &srv))
		goto out;
	rec(r, "fresh", tcp_info_of(cli, &ti));
	say(r, "acked=%llu received=%llu ",
	    (unsigned long long)ti.tcpi_bytes_acked,
	    (unsigned long long)ti.tcpi_bytes_received);
	/*
	 * Both ends have a pacing rate once established (the SYN-ACK, the
	 * handshake's ACK) and no bound on it; the accepted end had an RTT
	 * sample from its SYN-ACK, so its RTO is no longer the initial 1 s.
	 */
	tcp_info_of(srv, &si);
	prop(r, "pacing", ti.tcpi_pacing_rate && ti.tcpi_pacing_rate != ~0ULL);
	prop(r, "srv_pacing",
	     si.tcpi_pacing_rate && si.tcpi_pacing_rate != ~0ULL);
	prop(r, "max_pacing", ti.tcpi_max_pacing_rate == ~0ULL);
	prop(r, "srv_rto", si.tcpi_rto < 1000000);
	prop(r, "srv_min_rtt", si.tcpi_min_rtt && si.tcpi_min_rtt != ~0U);
	rec(r, "send", send(cli, buf, sizeof(buf), 0));
	while (got < INFO_BYTES && !past_deadline() &&
	       (n = recv(srv, buf, sizeof(buf), 0)) > 0)
		got += n;
	rec(r, "got", got);
	rec(r, "reply", send(srv, "ok", 2, 0));
	recv(cli, buf, 2, MSG_WAITALL);
	/* The ACK of the reply may be delayed. */
	wait_outq_empty(srv, 1000);
	tcp_info_of(cli, &ti);
	tcp_info_of(srv, &si);
	say(r, "state=%u/%u ", ti.tcpi_state, si.tcpi_state);
	prop(r, "rto", ti.tcpi_rto >= 200000 && ti.tcpi_rto <= 120000000);
	prop(r, "ato", si.tcpi_ato > 0);
	prop(r, "cwnd", ti.tcpi_snd_cwnd > 0);
	prop(r, "ssthresh", ti.tcpi_snd_ssthresh > 0);
	prop(r, "rtt", ti.tcpi_rtt > 0);
	prop(r, "mss", ti.tcpi_snd_mss > 1000 && si.tcpi_rcv_mss > 1000);
	/*
	 * No RTO pending at the end.  (tcpi_total_retrans is not compared:
	 * under TCG even AF_INET over lo sends tail loss probes.)
	 */
	say(r, "retransmits=%u/%u ", ti.tcpi_retransmits,
	    si.tcpi_retransmits);
	/* Bytes moved both ways (the SYN and FIN do not count). */
	say(r, "acked=%llu received=%llu peer_acked=%llu peer_received=%llu ",
	    (unsigned long long)ti.tcpi_bytes_acked,
	    (unsigned long long)ti.tcpi_bytes_received,
	    (unsigned long long)si.tcpi_bytes_acked,
	    (unsigned long long)si.tcpi_bytes_received);
	say(r, "segs_out=%d ", ti.tcpi_segs_out >= INFO_BYTES / 65536);
	say(r, "wscale=%u/%u ", ti.tcpi_snd_wscale > 0,
	    ti.tcpi_rcv_wscale > 0);
	say(r, "options=%s%s%s ",
	    ti.tcpi_options & TCPI_OPT_TIMESTAMPS ? "ts," : "",
	    ti.tcpi_options & TCPI_OPT_SACK ? "sack," : "",
	    ti.tcpi_options & TCPI_OPT_WSCALE ? "wscale" : "");
	prop(r, "min_rtt", ti.tcpi_min_rtt && ti.tcpi_min_rtt != ~0U &&
	     ti.tcpi_min_rtt <= ti.tcpi_rtt + ti.tcpi_rttvar);
	prop(r, "chrono", ti.tcpi_busy_time >=
	     ti.tcpi_rwnd_limited + ti.tcpi_sndbuf_limited);
	/* Everything is acknowledged: the busy clock has stopped. */
	usleep(50000);
	tcp_info_of(cli, &idle);
	prop(r, "idle", idle.tcpi_busy_time == ti.tcpi_busy_time);
out:
	close(cli);
	close(srv);
}

/*
 * A receiver that does not read: the sender's time goes to the busy
 * clock and, once the window is full, to the rwnd-limited one.
 */
static void tcp_info_limits(struct run *r)
{
	struct tcp_info ti;
	int cli, srv;

	if (make_pair(r, 7041, &cli, &srv))
		goto out;
	fcntl(cli, F_SETFL, O_NONBLOCK);
	prop(r, "filled", fill(cli) > 0);
	usleep(300000);
	tcp_info_of(cli, &ti);
	prop(r, "rwnd_limited", ti.tcpi_rwnd_limited >= 200000);
	prop(r, "busy", ti.tcpi_busy_time >= ti.tcpi_rwnd_limited);
	prop(r, "not_sndbuf_limited", !ti.tcpi_sndbuf_limited);
out:
	close(cli);
	close(srv);
}

/* --- sendfile, end of stream, bulk --------------------------------------- */

#define FILE_BYTES	(200 * 1000 + 17)

static void sendfile_delivers(struct run *r)
{
	static unsigned char buf[65536];
	char path[] = "/tmp/xinet-sendfile-XXXXXX";
	off_t off = 0;
	long got = 0, n, left;
	int cli, srv, f = mkstemp(path), bad = 0, i;

	if (f < 0) {
		rec(r, "mkstemp", -1);
		return;
	}
	unlink(path);
	for (left = 0; left < FILE_BYTES; left += n) {
		n = FILE_BYTES - left < (long)sizeof(buf) ?
		    FILE_BYTES - left : (long)sizeof(buf);
		fill_pattern(buf, left, n);
		if (write(f, buf, n) != n)
			break;
	}
	if (make_pair(r, 7050, &cli, &srv))
		goto out;
	/*
	 * Non-blocking, reading in between: the file is bigger than what
	 * the buffers of both ends need to hold.
	 */
	fcntl(cli, F_SETFL, O_NONBLOCK);
	while (off < FILE_BYTES && !past_deadline()) {
		n = sendfile(cli, f, &off, FILE_BYTES - off);
		if (n < 0 && errno != EAGAIN)
			break;
		while (!past_deadline() &&
		       (n = recv(srv, buf, sizeof(buf), MSG_DONTWAIT)) > 0) {
			for (i = 0; i < n; i++)
				bad += buf[i] != pattern(got + i);
			got += n;
		}
		poll_mask(cli, POLLOUT, 100);
	}
	rec(r, "offset", off);
	shutdown(cli, SHUT_WR);
	while (!past_deadline() &&
	       (n = recv(srv, buf, sizeof(buf), 0)) > 0) {
		for (i = 0; i < n; i++)
			bad += buf[i] != pattern(got + i);
		got += n;
	}
	rec(r, "eof", n);
	rec(r, "got", got);
	rec(r, "bad", bad);
out:
	close(f);
	close(cli);
	close(srv);
}

/* socket -> pipe -> @buf by splice(2), @len bytes: how many came, or -1. */
static long splice_in(int sock, const int p[2], unsigned char *buf,
		      size_t len)
{
	size_t got = 0;
	ssize_t n, m;

	while (got < len && !past_deadline()) {
		n = splice(sock, NULL, p[1], NULL, len - got, 0);
		if (n <= 0)
			return n < 0 ? -1 : (long)got;
		for (; n > 0; n -= m, got += m) {
			m = read(p[0], buf + got, n);
			if (m <= 0)
				return -1;
		}
	}
	return got;
}

/* pipe -> socket by splice(2), @len bytes: how many went, or -1. */
static long splice_out(const int p[2], int sock, size_t len)
{
	size_t sent = 0;
	ssize_t n;

	while (sent < len && !past_deadline()) {
		n = splice(p[0], NULL, sock, NULL, len - sent, 0);
		if (n <= 0)
			return -1;
		sent += n;
	}
	return sent;
}

/*
 * splice(2) both ways: from the receive queue into a pipe (the skbs'
 * pages), from a pipe into the socket; a never-connected socket and a
 * listener say ENOTCONN, an empty non-blocking one EAGAIN, the end of
 * the stream 0.  And sendfile(2) asked for more than its file holds: the
 * last piece went with MSG_MORE, and the end of the input pushes it
 * (splice_eof) instead of leaving it corked.
 */
static void splice_io(struct run *r)
{
	static unsigned char out[40000], in[40000];
	char path[] = "/tmp/xinet-splice-XXXXXX";
	int cli = -1, srv = -1, lfd = -1, fd = -1, f = -1;
	int p[2] = { -1, -1 };
	off_t off = 0;
	long n;

	if (pipe(p)) {
		rec(r, "pipe", -1);
		return;
	}
	fill_pattern(out, 0, sizeof(out));
	fd = tcp(r);
	rec(r, "unconnected", splice(fd, NULL, p[1], NULL, 100, 0));
	lfd = listener(r, 7071, 4);
	rec(r, "listener", splice(lfd, NULL, p[1], NULL, 100, 0));
	if (make_pair(r, 7070, &cli, &srv))
		goto out;

	rec(r, "send", send(cli, out, sizeof(out), 0));
	n = splice_in(srv, p, in, sizeof(out));
	rec(r, "spliced", n);
	prop(r, "spliced_data", n == sizeof(out) && !memcmp(in, out, n));
	fcntl(srv, F_SETFL, O_NONBLOCK);
	rec(r, "empty_nonblock", splice(srv, NULL, p[1], NULL, 100, 0));
	fcntl(srv, F_SETFL, 0);

	rec(r, "pipe_write", write(p[1], out, 30000));
	rec(r, "splice_out", splice_out(p, srv, 30000));
	memset(in, 0, sizeof(in));
	rec(r, "recv_back", recv(cli, in, 30000, MSG_WAITALL));
	prop(r, "back_data", !memcmp(in, out, 30000));

	f = mkstemp(path);
	if (f < 0 || write(f, out, 3000) != 3000) {
		rec(r, "file", -1);
		goto out;
	}
	unlink(path);
	rec(r, "sendfile_short", sendfile(srv, f, &off, 10000));
	rec(r, "pushed", wait_inq(cli, 3000, 2000));
	rec(r, "pushed_recv", recv(cli, in, sizeof(in), MSG_DONTWAIT));

	rec(r, "shutdown", shutdown(cli, SHUT_WR));
	wait_mask(srv, POLLRDHUP, 1000);
	rec(r, "eof", splice(srv, NULL, p[1], NULL, 100, 0));
out:
	if (f >= 0)
		close(f);
	close(p[0]);
	close(p[1]);
	close(fd);
	close(lfd);
	close(cli);
	close(srv);
}

static void eof_after_data(struct run *r)
{
	static char buf[4096];
	int cli, srv;

	if (make_pair(r, 7051, &cli, &srv))
		goto out;
	memset(buf, 'e', sizeof(buf));
	send(cli, buf, 1000, 0);
	send(cli, buf, 1000, 0);
	close(cli);
	cli = -1;
	poll_mask(srv, POLLRDHUP, 1000);
	rec(r, "fionread", ioctl_int(srv, FIONREAD));
	rec(r, "recv", recv(srv, buf, 1500, 0));
	rec(r, "recv2", recv(srv, buf, sizeof(buf), 0));
	rec(r, "eof", recv(srv, buf, sizeof(buf), 0));
	rec(r, "eof_again", recv(srv, buf, sizeof(buf), 0));
	rec(r, "eof_dontwait", recv(srv, buf, sizeof(buf), MSG_DONTWAIT));
	rec(r, "state", tcp_state(srv));
out:
	close(cli);
	close(srv);
}

#define BULK_BYTES	(1 << 20)

static void *bulk_send(void *arg)
{
	static unsigned char buf[16384];
	long off = 0, n;
	int fd = *(int *)arg;

	while (off < BULK_BYTES && !past_deadline()) {
		n = BULK_BYTES - off < (long)sizeof(buf) ?
		    BULK_BYTES - off : (long)sizeof(buf);
		fill_pattern(buf, off, n);
		/* No SIGPIPE: a broken connection must end in a transcript. */
		n = send(fd, buf, n, MSG_NOSIGNAL);
		if (n <= 0)
			break;
		off += n;
	}
	shutdown(fd, SHUT_WR);
	return (void *)off;
}

static void bulk_1m(struct run *r)
{
	static unsigned char buf[65536];
	long got = 0, n = 0, bad = 0, i;
	int cli, srv;
	pthread_t th;
	void *sent;

	if (make_pair(r, 7052, &cli, &srv))
		goto out;
	setsockopt(cli, SOL_SOCKET, SO_SNDTIMEO,
		   &(struct timeval){ .tv_sec = BODY_DEADLINE_MS / 1000 },
		   sizeof(struct timeval));
	pthread_create(&th, NULL, bulk_send, &cli);
	while (!past_deadline() &&
	       (n = recv(srv, buf, sizeof(buf), 0)) > 0) {
		for (i = 0; i < n; i++)
			bad += buf[i] != pattern(got + i);
		got += n;
	}
	rec(r, "eof", n);
	/* A receiver that stopped early must not leave the sender blocked. */
	if (n)
		shutdown(cli, SHUT_RDWR);
	pthread_join(th, &sent);
	rec(r, "sent", (long)sent);
	rec(r, "got", got);
	rec(r, "bad", bad);
out:
	close(cli);
	close(srv);
}

/*
 * Delivery-rate sampling (tcp_rate.c), TCP_INFO's tcpi_delivery_rate.
 * A new connection has no sample and is application-limited.  Three
 * quarters into bulk_1m's transfer (read by the sender itself, before
 * the tail, whose FIN may wait for a delayed ACK) the sender's rate is
 * that of a recent window: at least 1/RATE_SLACK of the average so far
 * (bytes acknowledged over the time since the start), and a sample
 * shorter than min_rtt is never taken, so the rate times min_rtt is no
 * more than everything delivered.  (Over lo a window's rate is the
 * device's, often tens of times the average, which counts the copies
 * and the threads' scheduling: no tighter ceiling holds for AF_INET.)
 * A 1-byte request/response exchange never has data queued behind the
 * segment in flight: both ends' samples are application-limited.
 */
#define RATE_SLACK	8
#define RATE_ROUNDS	20

struct rate_send {
	int fd;
	struct timespec t0;
	struct tcp_info mid;	/* three quarters into the transfer */
	long mid_us;
	long sent;
};

static void *rate_send(void *arg)
{
	static unsigned char buf[16384];
	struct rate_send *rs = arg;
	struct timespec t1;
	long n;

	while (rs->sent < BULK_BYTES && !past_deadline()) {
		n = send(rs->fd, buf, sizeof(buf), MSG_NOSIGNAL);
		if (n <= 0)
			break;
		rs->sent += n;
		if (!rs->mid_us && rs->sent >= BULK_BYTES / 4 * 3) {
			tcp_info_of(rs->fd, &rs->mid);
			clock_gettime(CLOCK_MONOTONIC, &t1);
			rs->mid_us = (t1.tv_sec - rs->t0.tv_sec) * 1000000L +
				     (t1.tv_nsec - rs->t0.tv_nsec) / 1000;
		}
	}
	return NULL;
}

static void tcp_info_delivery_rate(struct run *r)
{
	static unsigned char buf[65536];
	struct rate_send rs = { .fd = -1 };
	unsigned long long avg, rate;
	struct tcp_info ti, si;
	long got = 0, n = 0;
	int cli, srv, i;
	pthread_t th;

	if (make_pair(r, 7042, &cli, &srv))
		goto out;
	tcp_info_of(cli, &ti);
	prop(r, "fresh_none", !ti.tcpi_delivery_rate);
	prop(r, "fresh_app_limited", ti.tcpi_delivery_rate_app_limited);
	setsockopt(cli, SOL_SOCKET, SO_SNDTIMEO,
		   &(struct timeval){ .tv_sec = BODY_DEADLINE_MS / 1000 },
		   sizeof(struct timeval));
	rs.fd = cli;
	clock_gettime(CLOCK_MONOTONIC, &rs.t0);
	pthread_create(&th, NULL, rate_send, &rs);
	while (got < BULK_BYTES && !past_deadline() &&
	       (n = recv(srv, buf, sizeof(buf), 0)) > 0)
		got += n;
	/* A receiver that stopped early must not leave the sender blocked. */
	if (got < BULK_BYTES)
		shutdown(cli, SHUT_RDWR);
	pthread_join(th, NULL);
	rec(r, "got", got);
	prop(r, "mid", rs.mid_us > 0);
	avg = rs.mid.tcpi_bytes_acked * 1000000ULL /
	      (rs.mid_us > 0 ? rs.mid_us : 1);
	rate = rs.mid.tcpi_delivery_rate;
	fprintf(stderr,
		"# family %d: delivery_rate %llu B/s (app-limited %u, min_rtt %u us), %llu bytes acked in %ld us: %llu B/s\n",
		r->family, rate, rs.mid.tcpi_delivery_rate_app_limited,
		rs.mid.tcpi_min_rtt,
		(unsigned long long)rs.mid.tcpi_bytes_acked, rs.mid_us, avg);
	prop(r, "bulk_rate", rate > 0);
	prop(r, "bulk_rate_floor", rate >= avg / RATE_SLACK);
	prop(r, "bulk_rate_ceiling",
	     rate * rs.mid.tcpi_min_rtt <= (unsigned long long)
	     rs.mid.tcpi_delivered * rs.mid.tcpi_snd_mss * 1000000ULL);
	close(cli);
	close(srv);

	if (make_pair(r, 7043, &cli, &srv))
		return;
	setint(cli, IPPROTO_TCP, TCP_NODELAY, 1);
	setint(srv, IPPROTO_TCP, TCP_NODELAY, 1);
	for (i = 0; i < RATE_ROUNDS && !past_deadline(); i++) {
		if (send(cli, "q", 1, 0) != 1 || recv(srv, buf, 1, 0) != 1 ||
		    send(srv, "a", 1, 0) != 1 || recv(cli, buf, 1, 0) != 1)
			break;
	}
	rec(r, "rounds", i);
	/* The last answer's ACK may be delayed. */
	wait_outq_empty(srv, 1000);
	tcp_info_of(cli, &ti);
	tcp_info_of(srv, &si);
	fprintf(stderr,
		"# family %d: request/response delivery_rate %llu/%llu B/s (app-limited %u/%u)\n",
		r->family, (unsigned long long)ti.tcpi_delivery_rate,
		(unsigned long long)si.tcpi_delivery_rate,
		ti.tcpi_delivery_rate_app_limited,
		si.tcpi_delivery_rate_app_limited);
	prop(r, "rr_app_limited", ti.tcpi_delivery_rate_app_limited);
	prop(r, "rr_srv_app_limited", si.tcpi_delivery_rate_app_limited);
	prop(r, "rr_rate", ti.tcpi_delivery_rate > 0 &&
			   si.tcpi_delivery_rate > 0);
out:
	close(cli);
	close(srv);
}

#define LONE_ROUNDS	24	/* past the receiver's 16 quick ACKs */

/*
 * Lone 1-byte segments to a receiver that never answers: once its quick
 * ACKs are spent it holds each ACK for its delayed-ACK timer (40 ms
 * and more), so those samples measure the timer, not the path.  The
 * sender suspects them (FLAG_ACK_MAYBE_DELAYED: one short segment ACKed
 * alone) and keeps them out of the windowed minimum RTT.  With
 * tcp_min_rtt_wlen 0 every sample taken would replace the minimum, so
 * the minimum stays below the delayed rounds only if they were skipped.
 */
static void min_rtt_skips_delayed_acks(struct run *r)
{
	long delayed = 0, longest = 0, ms;
	struct timespec t0;
	struct tcp_info ti;
	int cli, srv, i;
	char buf[LONE_ROUNDS];

	rec(r, "wlen", write_sysctl(r, "tcp_min_rtt_wlen", "0"));
	if (make_pair(r, 7044, &cli, &srv))
		goto out;
	setint(cli, IPPROTO_TCP, TCP_NODELAY, 1);
	for (i = 0; i < LONE_ROUNDS && !past_deadline(); i++) {
		clock_gettime(CLOCK_MONOTONIC, &t0);
		if (send(cli, "x", 1, 0) != 1 || wait_outq_empty(cli, 2000))
			break;
		ms = ms_since(&t0);
		if (ms >= 30)
			delayed++;
		if (ms > longest)
			longest = ms;
	}
	rec(r, "rounds", i);
	rec(r, "read", recv(srv, buf, sizeof(buf), MSG_WAITALL));
	prop(r, "some_delayed", delayed > 0);
	tcp_info_of(cli, &ti);
	fprintf(stderr,
		"# family %d: %ld of %d lone segments acked 30 ms or later (longest %ld ms); min_rtt %u us, rtt %u us\n",
		r->family, delayed, LONE_ROUNDS, longest, ti.tcpi_min_rtt,
		ti.tcpi_rtt);
	prop(r, "min_rtt_below_delayed",
	     ti.tcpi_min_rtt > 0 && ti.tcpi_min_rtt < 15000);
out:
	close(cli);
	close(srv);
	write_sysctl(r, "tcp_min_rtt_wlen", "300");
}

#define MORE_BYTES	(2 << 20)

/*
 * 64 KiB writes with MSG_MORE, the last without: no write ends a segment
 * (no PSH), so full segments follow one another in the write queue, as
 * many as the windows let go at once.  Over the loopback (64 KiB MTU)
 * two of them would make an IP packet past 65,535 bytes; TCP must send
 * them one by one, not as one GSO packet the IP layer refuses (Ip
 * FragFails) and then only zero-window probes move data.
 */
static void *more_send(void *arg)
{
	static unsigned char buf[65536];
	long off = 0, n;
	int fd = *(int *)arg;

	while (off < MORE_BYTES && !past_deadline()) {
		n = MORE_BYTES - off < (long)sizeof(buf) ?
		    MORE_BYTES - off : (long)sizeof(buf);
		fill_pattern(buf, off, n);
		n = send(fd, buf, n, MSG_NOSIGNAL |
			 (off + n < MORE_BYTES ? MSG_MORE : 0));
		if (n <= 0)
			break;
		off += n;
	}
	shutdown(fd, SHUT_WR);
	return (void *)off;
}

static void bulk_more(struct run *r)
{
	static unsigned char buf[65536];
	long got = 0, n = 0, bad = 0, i;
	int cli, srv;
	pthread_t th;
	long fails = mib(r, "snmp", "Ip:", "FragFails");
	void *sent;

	if (make_pair(r, 7053, &cli, &srv))
		goto out;
	setsockopt(cli, SOL_SOCKET, SO_SNDTIMEO,
		   &(struct timeval){ .tv_sec = BODY_DEADLINE_MS / 1000 },
		   sizeof(struct timeval));
	pthread_create(&th, NULL, more_send, &cli);
	while (!past_deadline() &&
	       (n = recv(srv, buf, sizeof(buf), 0)) > 0) {
		for (i = 0; i < n; i++)
			bad += buf[i] != pattern(got + i);
		got += n;
	}
	rec(r, "eof", n);
	if (n)
		shutdown(cli, SHUT_RDWR);
	pthread_join(th, &sent);
	rec(r, "sent", (long)sent);
	rec(r, "got", got);
	rec(r, "bad", bad);
	rec(r, "frag_fails", mib(r, "snmp", "Ip:", "FragFails") - fails);
out:
	close(cli);
	close(srv);
}

/*
 * TCP_ZEROCOPY_RECEIVE in a loop, as Linux's
 * tools/testing/selftests/net/tcp_mmap.c does: map what can be mapped,
 * recv() what recv_skip_hint says, until the end of the stream.  A page
 * can be mapped only when the payload sits in whole, page-aligned
 * fragments of order-0 pages: the MSS is one page (TCP_MAXSEG 4096 + 12
 * for the timestamp option on both ends) and the sender uses
 * MSG_ZEROCOPY, whose pinned pages the loopback receiver copies into
 * order-0 pages of its own, page by page (skb_copy_ubufs()); copied
 * sends fill the compound pages of sk_page_frag(), which never map.
 * The buffer repeats, and is written once before any send, so that
 * pinned pages never change under the receiver.
 */
#define ZC_BUF		(256 << 10)
#define ZC_BYTES	(4 << 20)

static unsigned char *zc_data;

static void zc_reap(int fd)
{
	char control[256];
	struct msghdr msg = {
		.msg_control = control, .msg_controllen = sizeof(control),
	};

	while (recvmsg(fd, &msg, MSG_ERRQUEUE | MSG_DONTWAIT) >= 0)
		msg.msg_controllen = sizeof(control);
}

static void *zc_send(void *arg)
{
	int fd = *(int *)arg;
	long off = 0, n;

	while (off < ZC_BYTES && !past_deadline()) {
		n = send(fd, zc_data + off % ZC_BUF, 64 << 10,
			 MSG_ZEROCOPY | MSG_NOSIGNAL);
		if (n < 0 && errno == ENOBUFS) {
			/* Notifications use optmem: take them. */
			zc_reap(fd);
			poll_mask(fd, POLLERR, 10);
			continue;
		}
		if (n <= 0)
			break;
		off += n;
		zc_reap(fd);
	}
	shutdown(fd, SHUT_WR);
	return (void *)off;
}

/* A checksum of the stream's bytes (Fletcher-32 over @len from @off). */
static void zc_sum(unsigned long *a, unsigned long *b,
		   const unsigned char *p, long len)
{
	long i;

	for (i = 0; i < len; i++) {
		*a = (*a + p[i]) % 65535;
		*b = (*b + *a) % 65535;
	}
}

static void zerocopy_receive_loop(struct run *r)
{
	static unsigned char buf[ZC_BUF];
	unsigned long ra = 0, rb = 0, sa = 0, sb = 0;
	long got = 0, mapped = 0, calls = 0, bad = 0, i;
	int lfd = -1, cli = -1, srv = -1, mss = 4096 + 12, ret = 0;
	struct tcp_zerocopy_receive zc;
	unsigned char *map = MAP_FAILED;
	unsigned int seed = 1;
	pthread_t th;
	void *sent;

	zc_data = mmap(NULL, ZC_BUF, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (zc_data == MAP_FAILED)
		return;
	for (i = 0; i < ZC_BUF; i++) {
		seed = seed * 1103515245 + 12345;
		zc_data[i] = seed >> 16;
	}
	for (i = 0; i < ZC_BYTES / ZC_BUF; i++)
		zc_sum(&sa, &sb, zc_data, ZC_BUF);

	lfd = tcp(r);
	rec(r, "maxseg", setint(lfd, IPPROTO_TCP, TCP_MAXSEG, mss));
	if (bind_to(r, lfd, "127.0.0.1", 7060) || listen(lfd, 1)) {
		rec(r, "listen", -1);
		goto out;
	}
	cli = tcp(r);
	setint(cli, IPPROTO_TCP, TCP_MAXSEG, mss);
	rec(r, "zerocopy", setint(cli, SOL_SOCKET, SO_ZEROCOPY, 1));
	if (connect_to(r, cli, "127.0.0.1", 7060)) {
		rec(r, "connect", -1);
		goto out;
	}
	srv = accept(lfd, NULL, NULL);
	if (srv < 0) {
		rec(r, "accept", -1);
		goto out;
	}
	rec(r, "mss", getint(cli, IPPROTO_TCP, TCP_MAXSEG));
	map = mmap(NULL, ZC_BUF, PROT_READ, MAP_SHARED, srv, 0);
	rec(r, "mmap", map == MAP_FAILED ? -1 : 0);
	if (map == MAP_FAILED)
		goto out;
	setsockopt(cli, SOL_SOCKET, SO_SNDTIMEO,
		   &(struct timeval){ .tv_sec = BODY_DEADLINE_MS / 1000 },
		   sizeof(struct timeval));
	pthread_create(&th, NULL, zc_send, &cli);
	while (!past_deadline()) {
		socklen_t len = sizeof(zc);
		long n;

		memset(&zc, 0, sizeof(zc));
		zc.address = (unsigned long)map;
		zc.length = ZC_BUF;
		ret = getsockopt(srv, IPPROTO_TCP, TCP_ZEROCOPY_RECEIVE, &zc,
				 &len);
		if (ret)
			break;
		calls++;
		for (i = 0; i < zc.length; i++)
			bad += map[i] != zc_data[(got + i) % ZC_BUF];
		zc_sum(&ra, &rb, map, zc.length);
		got += zc.length;
		mapped += zc.length;
		if (!zc.length && !zc.recv_skip_hint) {
			poll_mask(srv, POLLIN, 1000);
			continue;
		}
		if (!zc.recv_skip_hint)
			continue;
		n = recv(srv, buf, zc.recv_skip_hint < sizeof(buf) ?
			 zc.recv_skip_hint : sizeof(buf), 0);
		if (n <= 0)
			break;
		for (i = 0; i < n; i++)
			bad += buf[i] != zc_data[(got + i) % ZC_BUF];
		zc_sum(&ra, &rb, buf, n);
		got += n;
	}
	/* The end of the stream is EIO. */
	rec(r, "end", ret);
	if (ret)
		shutdown(cli, SHUT_RDWR);
	pthread_join(th, &sent);
	rec(r, "sent", (long)sent);
	rec(r, "got", got);
	rec(r, "bad", bad);
	prop(r, "sum_equal", ra == sa && rb == sb);
	prop(r, "mapped_some", mapped > 0);
	/* The same order of magnitude on both: at least a tenth mapped. */
	prop(r, "mapped_tenth", mapped * 10 >= got);
	fprintf(stderr, "# %s: %s mapped %ld of %ld bytes in %ld calls\n",
		__func__, r->family == AF_INET ? "AF_INET" : "AF_XINET",
		mapped, got, calls);
out:
	if (map != MAP_FAILED)
		munmap(map, ZC_BUF);
	munmap(zc_data, ZC_BUF);
	close(lfd);
	close(cli);
	close(srv);
}

/* --- the table --------------------------------------------------------- */

FIXTURE(tcp_data) {
	int xfamily;
};

FIXTURE_VARIANT(tcp_data) {
	void (*fn)(struct run *r);
	const char *expect;	/* AF_INET's transcript */
};

FIXTURE_SETUP(tcp_data)
{
	self->xfamily = xinet_family();
}

FIXTURE_TEARDOWN(tcp_data)
{
}

/* --- variants begin */
FIXTURE_VARIANT_ADD(tcp_data, blocking_io) {
	.fn = blocking_io,
	.expect =
		"pair=0 send=5 recv=5 content=1 write=6 read=6 content2=1 zero_send=0 zero_recv=EAGAIN ",
};

FIXTURE_VARIANT_ADD(tcp_data, nonblocking_io) {
	.fn = nonblocking_io,
	.expect =
		"pair=0 dontwait=EAGAIN nonblock=EAGAIN read=EAGAIN send=3 poll=1 recv=3 again=EAGAIN flags=0 ",
};

FIXTURE_VARIANT_ADD(tcp_data, peek) {
	.fn = peek,
	.expect =
		"pair=0 peek_empty=EAGAIN peek=3 got=abc peek_all=6 fionread=6 recv=4 got=abcd peek_rest=2 got=ef recv_rest=2 got=ef peek_none=EAGAIN peek_eof=0 ",
};

FIXTURE_VARIANT_ADD(tcp_data, waitall) {
	.fn = waitall,
	.expect =
		"pair=0 waitall=4000 short_by_eof=2000 eof=0 dontwait=2 ",
};

FIXTURE_VARIANT_ADD(tcp_data, sigpipe) {
	.fn = sigpipe,
	.expect =
		"pair=0 nosignal=EPIPE sigpipes=0 signal=EPIPE sigpipes=1 write=EPIPE sigpipes=2 peer_eof=0 peer_send=1 recv=1 sigpipes=2 ",
};

FIXTURE_VARIANT_ADD(tcp_data, send_after_close) {
	.fn = send_after_close,
	.expect =
		"pair=0 eof=0 send=1 poll=8221 send2=EPIPE send3=EPIPE send4=EPIPE sigpipes=2 recv=0 ",
};

FIXTURE_VARIANT_ADD(tcp_data, unconnected_io) {
	.fn = unconnected_io,
	.expect =
		"recv=ENOTCONN recv_dontwait=ENOTCONN send=EPIPE send_nosignal=EPIPE sigpipes=1 listener_recv=ENOTCONN listener_send=EPIPE oob_recv=EINVAL ",
};

FIXTURE_VARIANT_ADD(tcp_data, rcvtimeo) {
	.fn = rcvtimeo,
	.expect =
		"pair=0 set=0 get=0 same=1 recv=EAGAIN waited=1 recv2=1 bad=EDOM ",
};

FIXTURE_VARIANT_ADD(tcp_data, sndtimeo) {
	.fn = sndtimeo,
	.expect =
		"connect=0 set=0 timed_out0=1 waited0=1 timed_out1=1 waited1=1 drained=1 poll=4 send2=1 ",
};

FIXTURE_VARIANT_ADD(tcp_data, rcvlowat) {
	.fn = rcvlowat,
	.expect =
		"pair=0 default=1 set=0 get=5 poll_below=0 fionread=3 poll_at=1 recv=5 dontwait=1 zero=0 get_zero=1 negative=0 get_negative=half_rmem_max ",
};

FIXTURE_VARIANT_ADD(tcp_data, bufsizes) {
	.fn = bufsizes,
	.expect =
		"sndbuf=16384 rcvbuf=131072 set_snd=0 sndbuf2=20000 set_rcv=0 rcvbuf2=20000 snd_min=1 rcv_min=1 snd_max=1 rcv_max=1 negative=0 neg_max=1 ",
};

FIXTURE_VARIANT_ADD(tcp_data, bufsizes_connected) {
	.fn = bufsizes_connected,
	.expect =
		"srv_rcvbuf=16384 cli_sndbuf=16384 bounded=1 all_arrive=1 ",
};

FIXTURE_VARIANT_ADD(tcp_data, queue_ioctls) {
	.fn = queue_ioctls,
	.expect =
		"pair=0 inq_empty=0 outq_empty=0 fionread=1000 inq=1000 outq_acked=0 outqnsd=0 inq_after_read=600 outq_full=1 listener_inq=EINVAL listener_outq=EINVAL ",
};

FIXTURE_VARIANT_ADD(tcp_data, partial_writes) {
	.fn = partial_writes,
	.expect =
		"pair=0 full=EAGAIN sent_some=1 pollout=0 read_some=1 pollout_after_read=4 more=1 all=1 ",
};

FIXTURE_VARIANT_ADD(tcp_data, partial_writes_intact) {
	.fn = partial_writes_intact,
	.expect =
		"pair=0 eagain=1 all=1 intact=1 ",
};

FIXTURE_VARIANT_ADD(tcp_data, frag_limit_sends) {
	.fn = frag_limit_sends,
	.expect =
		"bulk_queued=1 ones0=64 ones1=64 all_arrive=1 ",
};

FIXTURE_VARIANT_ADD(tcp_data, epoll_level) {
	.fn = epoll_level,
	.expect =
		"listening=0 pending=1 pending_again=1 accepted=0 established=4 readable=5 still=5 read=4 peer_shut=8197 both_shut=8213 ",
};

FIXTURE_VARIANT_ADD(tcp_data, epoll_edge) {
	.fn = epoll_edge,
	.expect =
		"pair=0 first=4 no_edge=0 data=5 reported=0 more=5 read=0 peer_shut=8197 peer_shut_again=0 reset=8221 reset_again=0 ",
};

FIXTURE_VARIANT_ADD(tcp_data, epoll_edge_out) {
	.fn = epoll_edge_out,
	.expect =
		"pair=0 writable=4 full=0 drained=4 ",
};

FIXTURE_VARIANT_ADD(tcp_data, poll_data) {
	.fn = poll_data,
	.expect =
		"pair=0 idle=4 data=5 only_in=1 only_out=4 rdnorm=320 data_and_eof=8197 eof=8197 eof_no_rdhup=5 shut_rdwr=8213 ",
};

FIXTURE_VARIANT_ADD(tcp_data, urgent_data) {
	.fn = urgent_data,
	.expect =
		"pair=0 oob_none=EINVAL inq=3 atmark=0 poll=7 epoll=7 recv=3 got=abc atmark=1 inq=0 poll=7 oob=1 got=X oob_again=EINVAL atmark=1 poll=5 epoll=5 recv=3 got=def atmark=0 oob_after=EINVAL recv=3 got=ghi recv=3 got=jkl atmark=0 oob_skipped=EINVAL poll=4 ",
};

FIXTURE_VARIANT_ADD(tcp_data, urgent_inline) {
	.fn = urgent_inline,
	.expect =
		"pair=0 set=0 get=1 inq=7 atmark=0 poll=7 recv=3 got=abc atmark=1 oob=EINVAL poll=7 recv=4 got=Xdef atmark=0 poll=4 ",
};

FIXTURE_VARIANT_ADD(tcp_data, urgent_notyet) {
	.fn = urgent_notyet,
	.expect =
		"setown=0 oob_none=EINVAL send=20000 send_oob=1 sigurgs=1 oob_notyet=EAGAIN atmark=0 no_pri=1 before_mark=20000 pri=6 atmark=1 oob=1 got=X sigurgs=1 ",
};

FIXTURE_VARIANT_ADD(tcp_data, urgent_twice) {
	.fn = urgent_twice,
	.expect =
		"pair=0 inq=3 recv=3 got=aXb atmark=1 oob=1 got=Y recv=1 got=c recv=1 got=d atmark=1 atmark=0 inq=1 recv=1 got=e oob=1 got=W recv_end=EAGAIN ",
};

FIXTURE_VARIANT_ADD(tcp_data, urgent_peek) {
	.fn = urgent_peek,
	.expect =
		"pair=0 peek=1 c=X msg_oob=1 msg_trunc=0 peek2=1 c=X msg_oob=1 msg_trunc=0 peek_data=3 got=abc oob=1 c=X msg_oob=1 msg_trunc=0 oob_again=EINVAL recv=3 got=abc peek_mark=3 got=def recv=3 got=def zero_len=0 c=- msg_oob=1 msg_trunc=1 after_zero=EINVAL trunc=1 c=- msg_oob=1 msg_trunc=0 after_trunc=EINVAL recv_end=EAGAIN ",
};

FIXTURE_VARIANT_ADD(tcp_data, urgent_wire) {
	.fn = urgent_wire,
	.expect =
		"capture=0 send=4 seg=urg:1,ptr:4,len:4 recv=3 got=abc oob=1 got=X send=3 seg=urg:0,ptr:0,len:3 send=2500 seg=urg:1,ptr:2500,len:988 seg=urg:1,ptr:1512,len:988 seg=urg:1,ptr:524,len:524 seg=none ",
};

FIXTURE_VARIANT_ADD(tcp_data, urgent_probe) {
	.fn = urgent_probe,
	.expect =
		"capture=0 send=20000 send_oob=1 probes=una:1,below:1 ",
};

FIXTURE_VARIANT_ADD(tcp_data, tcp_nodelay_cork) {
	.fn = tcp_nodelay_cork,
	.expect =
		"nodelay=0 set=0 nodelay2=1 cork=0 set_cork=0 cork2=1 short=EINVAL udp_level=ENOPROTOOPT unknown=ENOPROTOOPT pair=0 corked=0 uncork=0 uncorked=1 nodelay_inq=2 ",
};

FIXTURE_VARIANT_ADD(tcp_data, tcp_maxseg) {
	.fn = tcp_maxseg,
	.expect =
		"default=536 set=0 get=1000 too_small=EINVAL too_big=EINVAL zero=0 get2=536 connect=0 connected=988 peer=988 loopback_mss=32741 ",
};

FIXTURE_VARIANT_ADD(tcp_data, keepalive_opts) {
	.fn = keepalive_opts,
	.expect =
		"so_keepalive=0 set=0 so_keepalive2=1 idle=7200 intvl=75 cnt=9 idle0=EINVAL idle1=0 idle_max=0 idle_over=EINVAL idle=32767 intvl0=EINVAL intvl5=0 intvl_over=EINVAL intvl=5 cnt0=EINVAL cnt127=0 cnt128=EINVAL cnt=127 user_timeout=0 ut_neg=EINVAL ut_set=0 user_timeout2=5000 ut_zero=0 user_timeout3=0 ",
};

FIXTURE_VARIANT_ADD(tcp_data, keepalive_probes) {
	.fn = keepalive_probes,
	.expect =
		"pair=0 pair=0 info=0 state=1 probes=0 answered=1 quiet=1 poll=4 so_error=0 ",
};

FIXTURE_VARIANT_ADD(tcp_data, tcp_info_fields) {
	.fn = tcp_info_fields,
	.expect =
		"pair=0 fresh=0 acked=1 received=0 pacing=1 srv_pacing=1 max_pacing=1 srv_rto=1 srv_min_rtt=1 send=100000 got=100000 reply=2 state=1/1 rto=1 ato=1 cwnd=1 ssthresh=1 rtt=1 mss=1 retransmits=0/0 acked=100001 received=2 peer_acked=2 peer_received=100000 segs_out=1 wscale=1/1 options=ts,sack,wscale min_rtt=1 chrono=1 idle=1 ",
};

FIXTURE_VARIANT_ADD(tcp_data, tcp_info_limits) {
	.fn = tcp_info_limits,
	.expect =
		"pair=0 filled=1 rwnd_limited=1 busy=1 not_sndbuf_limited=1 ",
};

FIXTURE_VARIANT_ADD(tcp_data, tcp_info_delivery_rate) {
	.fn = tcp_info_delivery_rate,
	.expect =
		"pair=0 fresh_none=1 fresh_app_limited=1 got=1048576 mid=1 bulk_rate=1 bulk_rate_floor=1 bulk_rate_ceiling=1 pair=0 rounds=20 rr_app_limited=1 rr_srv_app_limited=1 rr_rate=1 ",
};

FIXTURE_VARIANT_ADD(tcp_data, min_rtt_skips_delayed_acks) {
	.fn = min_rtt_skips_delayed_acks,
	.expect =
		"wlen=0 pair=0 rounds=24 read=24 some_delayed=1 min_rtt_below_delayed=1 ",
};

FIXTURE_VARIANT_ADD(tcp_data, sendfile_delivers) {
	.fn = sendfile_delivers,
	.expect =
		"pair=0 offset=200017 eof=0 got=200017 bad=0 ",
};

FIXTURE_VARIANT_ADD(tcp_data, splice_io) {
	.fn = splice_io,
	.expect =
		"unconnected=ENOTCONN listener=ENOTCONN pair=0 send=40000 spliced=40000 spliced_data=1 empty_nonblock=EAGAIN pipe_write=30000 splice_out=30000 recv_back=30000 back_data=1 sendfile_short=3000 pushed=3000 pushed_recv=3000 shutdown=0 eof=0 ",
};

FIXTURE_VARIANT_ADD(tcp_data, eof_after_data) {
	.fn = eof_after_data,
	.expect =
		"pair=0 fionread=2000 recv=1500 recv2=500 eof=0 eof_again=0 eof_dontwait=0 state=8 ",
};

FIXTURE_VARIANT_ADD(tcp_data, bulk_1m) {
	.fn = bulk_1m,
	.expect =
		"pair=0 eof=0 sent=1048576 got=1048576 bad=0 ",
};
FIXTURE_VARIANT_ADD(tcp_data, zerocopy_receive_loop) {
	.fn = zerocopy_receive_loop,
	.expect =
		"maxseg=0 zerocopy=0 mss=4096 mmap=0 end=EIO sent=4194304 got=4194304 bad=0 sum_equal=1 mapped_some=1 mapped_tenth=1 ",
};
FIXTURE_VARIANT_ADD(tcp_data, bulk_more) {
	.fn = bulk_more,
	.expect =
		"pair=0 eof=0 sent=2097152 got=2097152 bad=0 frag_fails=0 ",
};
/* --- variants end */

TEST_F(tcp_data, af_inet)
{
	transcript_af_inet(_metadata, variant->fn, variant->expect);
}

TEST_F_TIMEOUT(tcp_data, af_xinet, TRANSCRIPT_TIMEOUT)
{
	transcript_af_xinet(_metadata, variant->fn, self->xfamily);
}

TEST_HARNESS_MAIN
