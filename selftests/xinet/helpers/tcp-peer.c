// SPDX-License-Identifier: GPL-2.0
/*
 * tcp-peer: one end of a TCP exchange, on AF_INET or AF_XINET, for the
 * TCP interop, stress and integrity tests.
 *
 *   tcp-peer [OPTS] listen  FAMILY ADDR PORT ACTION [ARG]
 *	bind, listen, print "ready", then accept connections one at a time
 *	(-n COUNT of them, default forever) and run ACTION on each
 *   tcp-peer [OPTS] connect FAMILY ADDR PORT ACTION [ARG]
 *	connect, print the addresses, run ACTION
 *   tcp-peer [OPTS] crr     FAMILY ADDR PORT COUNT
 *	COUNT times: connect, 1 byte each way, close (needs an echo server)
 *
 * FAMILY is inet or xinet (AF_XINET's number is read from sysfs).
 * ACTION is one of:
 *   echo	write back what is read until EOF, print "eof", close
 *   send MSG	write MSG, shutdown(SHUT_WR), read to EOF, print
 *		"recv <what came back>" and "eof" (a half-close each way
 *		against an echo peer)
 *   sink	read to EOF, print "bytes N sha256 HEX"
 *   source N	write N bytes of a seeded pseudo-random stream, print
 *		"sent N sha256 HEX", shutdown(SHUT_WR), read to EOF, close
 *   rst [MSG]	write MSG, or without MSG read once (the peer's first
 *		bytes, or EOF), then close with SO_LINGER {1, 0}: the
 *		peer gets a RST
 *   simclose	shutdown(SHUT_WR) at the time given by -W, read to EOF
 *		while watching TCP_INFO, print "states: ..." (the TCP
 *		states seen) and "eof"
 *
 * Options:
 *   -D USECS	TCP_TX_DELAY, set before listen/connect (children inherit
 *		a listener's)
 *   -H		listen: after the first connection's ACTION keep it open
 *		until killed (its peer's socket stays as it is, for a
 *		look at it)
 *   -L		close every connection with SO_LINGER {1, 0} (RST)
 *   -n COUNT	listen: serve COUNT connections, then exit
 *   -P BYTES	source: once BYTES are written and all acknowledged
 *		(TCP_INFO's unacked 0), print "paused" and wait for a line
 *		(or EOF) on stdin before the rest: a script changes the
 *		path meanwhile
 *   -q		listen: print nothing per connection but errors
 *   -r BYTES	SO_RCVBUF, set before listen/connect (so that it shapes the
 *		window scale offered in the handshake)
 *   -s SEED	seed of the source stream (default 1)
 *   -t SECS	give up after SECS seconds (exit 6)
 *   -w BYTES	source: write BYTES at a time, with TCP_NODELAY (small
 *		writes, for autocorking)
 *   -W MS	simclose: the CLOCK_REALTIME instant, in ms since the epoch
 *   -y COUNT	TCP_SYNCNT: SYN retransmissions before ETIMEDOUT
 *   -I		sink/source: after the transfer print "info" and TCP_INFO's
 *		rtt, rttvar, cwnd, ssthresh, rcv_space, rcv_ssthresh,
 *		total retransmissions, and whether ECN was agreed and ECT
 *		or CE seen (tcpi_options), segments and data segments
 *		received; source: at the peer's EOF (all sent data
 *		acknowledged) also "end" and TCP_INFO's send MSS, path MTU,
 *		segments and data segments sent
 *
 * Exit status: 0 success, 1 other error, 2 usage, 3 ECONNREFUSED,
 * 4 ECONNRESET, 5 ETIMEDOUT, 6 the -t timeout.  Errors print
 * "<call>: <ERRNO NAME>" on stdout, so a script can compare it.
 * A listener exits with the status of its worst connection.
 */

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <linux/tcp.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include <linux/xinet.h>

#include "../family.h"

#define BUFSZ		(64 * 1024)
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

enum {
	EXIT_OK		= 0,
	EXIT_ERR	= 1,
	EXIT_USAGE	= 2,
	EXIT_REFUSED	= 3,
	EXIT_RESET	= 4,
	EXIT_TIMEDOUT	= 5,
	EXIT_ALARM	= 6,
};

static int opt_linger0, opt_quiet, opt_syncnt, opt_rcvbuf, opt_info;
static int opt_tx_delay, opt_hold;
static long opt_count = -1;
static uint64_t opt_seed = 1;
static long long opt_when_ms;
static size_t opt_write_size;
static uint64_t opt_pause_at;
static unsigned char buf[BUFSZ];

/* --- SHA-256 (FIPS 180-4), small and self-contained */

struct sha256 {
	uint32_t h[8];
	uint64_t len;
	unsigned char blk[64];
	size_t n;
};

static const uint32_t sha_k[64] = {
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1,
	0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
	0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
	0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
	0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147,
	0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
	0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
	0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
	0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
	0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
	0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

static uint32_t ror(uint32_t x, int n)
{
	return x >> n | x << (32 - n);
}

static void sha256_init(struct sha256 *s)
{
	static const uint32_t h0[8] = {
		0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
		0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
	};

	memcpy(s->h, h0, sizeof(h0));
	s->len = 0;
	s->n = 0;
}

static void sha256_block(struct sha256 *s, const unsigned char *p)
{
	uint32_t w[64], a, b, c, d, e, f, g, h, t1, t2;
	int i;

	for (i = 0; i < 16; i++)
		w[i] = (uint32_t)p[4 * i] << 24 | (uint32_t)p[4 * i + 1] << 16 |
		       (uint32_t)p[4 * i + 2] << 8 | p[4 * i + 3];
	for (; i < 64; i++)
		w[i] = w[i - 16] + w[i - 7] +
		       (ror(w[i - 15], 7) ^ ror(w[i - 15], 18) ^ w[i - 15] >> 3) +
		       (ror(w[i - 2], 17) ^ ror(w[i - 2], 19) ^ w[i - 2] >> 10);
	a = s->h[0]; b = s->h[1]; c = s->h[2]; d = s->h[3];
	e = s->h[4]; f = s->h[5]; g = s->h[6]; h = s->h[7];
	for (i = 0; i < 64; i++) {
		t1 = h + (ror(e, 6) ^ ror(e, 11) ^ ror(e, 25)) +
		     ((e & f) ^ (~e & g)) + sha_k[i] + w[i];
		t2 = (ror(a, 2) ^ ror(a, 13) ^ ror(a, 22)) +
		     ((a & b) ^ (a & c) ^ (b & c));
		h = g; g = f; f = e; e = d + t1;
		d = c; c = b; b = a; a = t1 + t2;
	}
	s->h[0] += a; s->h[1] += b; s->h[2] += c; s->h[3] += d;
	s->h[4] += e; s->h[5] += f; s->h[6] += g; s->h[7] += h;
}

static void sha256_update(struct sha256 *s, const unsigned char *p, size_t len)
{
	s->len += len;
	if (s->n) {
		size_t take = 64 - s->n < len ? 64 - s->n : len;

		memcpy(s->blk + s->n, p, take);
		s->n += take;
		p += take;
		len -= take;
		if (s->n < 64)
			return;
		sha256_block(s, s->blk);
		s->n = 0;
	}
	for (; len >= 64; p += 64, len -= 64)
		sha256_block(s, p);
	memcpy(s->blk, p, len);
	s->n = len;
}

/* Writes the digest as 64 hex digits (and a NUL) to @hex. */
static void sha256_final(struct sha256 *s, char hex[65])
{
	uint64_t bits = s->len * 8;
	unsigned char pad[72] = { 0x80 };
	size_t padlen = (s->n < 56 ? 56 : 120) - s->n;
	int i;

	for (i = 0; i < 8; i++)
		pad[padlen + i] = bits >> (56 - 8 * i);
	sha256_update(s, pad, padlen + 8);
	for (i = 0; i < 8; i++)
		sprintf(hex + 8 * i, "%08x", s->h[i]);
}

/* With -I, @fd's TCP_INFO into @ti; false (said as "@what: ...") if none. */
static bool get_info(int fd, struct tcp_info *ti, const char *what)
{
	socklen_t len = sizeof(*ti);

	if (!opt_info)
		return false;
	memset(ti, 0, sizeof(*ti));
	if (getsockopt(fd, IPPROTO_TCP, TCP_INFO, ti, &len)) {
		printf("%s: TCP_INFO %s\n", what, strerror(errno));
		return false;
	}
	return true;
}

/* -I: what TCP_INFO says of the connection just used */
static void print_info(int fd)
{
	struct tcp_info ti;

	if (!get_info(fd, &ti, "info"))
		return;
	printf("info rtt %u rttvar %u cwnd %u ssthresh %u rcv_space %u rcv_ssthresh %u retrans %u ecn %d ecn_seen %d segs_in %u data_segs_in %u\n",
	       ti.tcpi_rtt, ti.tcpi_rttvar, ti.tcpi_snd_cwnd,
	       ti.tcpi_snd_ssthresh, ti.tcpi_rcv_space, ti.tcpi_rcv_ssthresh,
	       ti.tcpi_total_retrans, !!(ti.tcpi_options & TCPI_OPT_ECN),
	       !!(ti.tcpi_options & TCPI_OPT_ECN_SEEN), ti.tcpi_segs_in,
	       ti.tcpi_data_segs_in);
}

/*
 * -P: wait until everything written is acknowledged, then say so and
 * wait for the word on stdin (bounded by -t).
 */
static void pause_acked(int fd)
{
	struct timespec tick = { 0, 10 * 1000 * 1000 };
	struct tcp_info ti;
	socklen_t len;
	char c;

	for (;;) {
		len = sizeof(ti);
		memset(&ti, 0, sizeof(ti));
		if (getsockopt(fd, IPPROTO_TCP, TCP_INFO, &ti, &len) ||
		    !ti.tcpi_unacked)
			break;
		nanosleep(&tick, NULL);
	}
	printf("paused\n");
	fflush(stdout);
	while (read(STDIN_FILENO, &c, 1) == 1 && c != '\n')
		;
}

/* -I, source: the send MSS and path MTU once everything was delivered */
static void print_end(int fd)
{
	struct tcp_info ti;

	if (get_info(fd, &ti, "end"))
		printf("end snd_mss %u pmtu %u segs_out %u data_segs_out %u\n",
		       ti.tcpi_snd_mss, ti.tcpi_pmtu, ti.tcpi_segs_out,
		       ti.tcpi_data_segs_out);
}

/* --- the source stream: xorshift64*, eight bytes per step */

static uint64_t rng;

static void stream_fill(unsigned char *p, size_t len)
{
	uint64_t x;
	size_t i;

	for (i = 0; i < len; i += 8) {
		rng ^= rng >> 12;
		rng ^= rng << 25;
		rng ^= rng >> 27;
		x = rng * 0x2545F4914F6CDD1DULL;
		memcpy(p + i, &x, len - i < 8 ? len - i : 8);
	}
}

/* --- errors */

static const char *errname(int err)
{
	switch (err) {
	case ECONNREFUSED: return "ECONNREFUSED";
	case ECONNRESET: return "ECONNRESET";
	case ETIMEDOUT: return "ETIMEDOUT";
	case EPIPE: return "EPIPE";
	case EAGAIN: return "EAGAIN";
	case EHOSTUNREACH: return "EHOSTUNREACH";
	case ENETUNREACH: return "ENETUNREACH";
	case EADDRINUSE: return "EADDRINUSE";
	case EADDRNOTAVAIL: return "EADDRNOTAVAIL";
	case EAFNOSUPPORT: return "EAFNOSUPPORT";
	case EPROTONOSUPPORT: return "EPROTONOSUPPORT";
	case ENOTCONN: return "ENOTCONN";
	case EINVAL: return "EINVAL";
	default: return strerror(err);
	}
}

/* Prints "@what: ERRNO" and returns the exit status errno stands for. */
static int fail(const char *what, int err)
{
	printf("%s: %s\n", what, errname(err));
	switch (err) {
	case ECONNREFUSED: return EXIT_REFUSED;
	case ECONNRESET: return EXIT_RESET;
	case ETIMEDOUT: return EXIT_TIMEDOUT;
	default: return EXIT_ERR;
	}
}

static void on_alarm(int sig)
{
	static const char msg[] = "timeout\n";

	(void)sig;
	if (write(STDOUT_FILENO, msg, sizeof(msg) - 1) < 0)
		_exit(EXIT_ALARM);
	_exit(EXIT_ALARM);
}

/* --- socket plumbing */

static const char *addrstr(const struct sockaddr_in *sin, char *out, size_t len)
{
	char a[INET_ADDRSTRLEN];

	inet_ntop(AF_INET, &sin->sin_addr, a, sizeof(a));
	snprintf(out, len, "%s:%u", a, ntohs(sin->sin_port));
	return out;
}

/* Prints "@tag local A:P peer A:P" from getsockname/getpeername. */
static int print_names(int fd, const char *tag)
{
	struct sockaddr_in l = { 0 }, p = { 0 };
	socklen_t ll = sizeof(l), pl = sizeof(p);
	char ls[32], ps[32];

	if (getsockname(fd, (struct sockaddr *)&l, &ll))
		return fail("getsockname", errno);
	if (getpeername(fd, (struct sockaddr *)&p, &pl))
		return fail("getpeername", errno);
	printf("%s local %s peer %s\n", tag, addrstr(&l, ls, sizeof(ls)),
	       addrstr(&p, ps, sizeof(ps)));
	return 0;
}

static int set_linger0(int fd)
{
	struct linger lg = { .l_onoff = 1, .l_linger = 0 };

	if (setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg)))
		return fail("setsockopt(SO_LINGER)", errno);
	return 0;
}

static int write_all(int fd, const unsigned char *p, size_t len)
{
	ssize_t r;

	while (len) {
		r = send(fd, p, len, MSG_NOSIGNAL);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		p += r;
		len -= r;
	}
	return 0;
}

/*
 * Reads to EOF.  With @sha, hashes what it reads; with @echo, writes it
 * back.  Returns 0 at EOF or a negative errno; *@total counts the bytes.
 */
static int read_to_eof(int fd, struct sha256 *sha, int echo, uint64_t *total)
{
	ssize_t r;
	int err;

	for (;;) {
		r = recv(fd, buf, sizeof(buf), 0);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return -errno;
		if (!r)
			return 0;
		*total += r;
		if (sha)
			sha256_update(sha, buf, r);
		if (echo) {
			err = write_all(fd, buf, r);
			if (err)
				return err;
		}
	}
}

static const char *state_name(int st)
{
	static const char * const names[] = {
		"?", "ESTABLISHED", "SYN_SENT", "SYN_RECV", "FIN_WAIT1",
		"FIN_WAIT2", "TIME_WAIT", "CLOSE", "CLOSE_WAIT", "LAST_ACK",
		"LISTEN", "CLOSING",
	};

	return st > 0 && st < (int)ARRAY_SIZE(names) ?
	       names[st] : "?";
}

static int tcp_state(int fd)
{
	struct tcp_info ti;
	socklen_t len = sizeof(ti);

	if (getsockopt(fd, IPPROTO_TCP, TCP_INFO, &ti, &len) || len < 1)
		return -1;
	return ti.tcpi_state;
}

static void sleep_until_ms(long long when)
{
	struct timespec ts;
	long long now;

	if (when <= 0)
		return;
	clock_gettime(CLOCK_REALTIME, &ts);
	now = (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
	if (now > when)
		printf("late by %lld ms\n", now - when);
	ts.tv_sec = when / 1000;
	ts.tv_nsec = (when % 1000) * 1000000;
	while (clock_nanosleep(CLOCK_REALTIME, TIMER_ABSTIME, &ts, NULL) == EINTR)
		;
}

/*
 * simclose: FIN at the agreed instant, then watch the state until the
 * peer's FIN arrives (and a little after, to see CLOSING resolve).
 */
static int do_simclose(int fd)
{
	char states[512] = "";
	struct pollfd pfd = { .fd = fd, .events = POLLIN };
	int last = tcp_state(fd), st, eof = 0, idle = 0;
	size_t off;
	ssize_t r;

	snprintf(states, sizeof(states), "%s", state_name(last));
	sleep_until_ms(opt_when_ms);
	if (shutdown(fd, SHUT_WR))
		return fail("shutdown", errno);
	/* Up to 3 s, sampling each millisecond; 500 ms settle after EOF. */
	while (idle < 3000 && !(eof && idle >= 500)) {
		st = tcp_state(fd);
		if (st != last && st >= 0) {
			off = strlen(states);
			snprintf(states + off, sizeof(states) - off, " %s",
				 state_name(st));
			last = st;
		}
		if (!eof && poll(&pfd, 1, 1) > 0) {
			r = recv(fd, buf, sizeof(buf), 0);
			if (r < 0)
				return fail("recv", errno);
			if (!r) {
				eof = 1;
				idle = 0;
			}
			continue;
		}
		if (eof)
			usleep(1000);
		idle++;
	}
	printf("states: %s\n", states);
	if (!eof) {
		printf("recv: no EOF\n");
		return EXIT_ERR;
	}
	printf("eof\n");
	return 0;
}

/* -r and -D, before listen or connect (a listener's pass to children). */
static int set_socket_options(int fd)
{
	if (opt_rcvbuf &&
	    setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &opt_rcvbuf,
		       sizeof(opt_rcvbuf)))
		return fail("setsockopt(SO_RCVBUF)", errno);
	if (opt_tx_delay &&
	    setsockopt(fd, IPPROTO_TCP, TCP_TX_DELAY, &opt_tx_delay,
		       sizeof(opt_tx_delay)))
		return fail("setsockopt(TCP_TX_DELAY)", errno);
	return 0;
}

/* Runs @action on the connected @fd; returns an exit status. */
static int run_action(int fd, const char *action, const char *arg, int quiet)
{
	struct sha256 sha;
	uint64_t total = 0;
	char hex[65];
	int err;

	if (opt_linger0) {
		err = set_linger0(fd);
		if (err)
			return err;
	}
	if (!strcmp(action, "echo")) {
		err = read_to_eof(fd, NULL, 1, &total);
		if (err)
			return fail("echo", -err);
		if (!quiet)
			printf("eof\n");
		return 0;
	}
	if (!strcmp(action, "send")) {
		err = write_all(fd, (const unsigned char *)arg, strlen(arg));
		if (err)
			return fail("send", -err);
		/* A RST already in: recv reports it (ECONNRESET). */
		if (shutdown(fd, SHUT_WR) && errno != ENOTCONN)
			return fail("shutdown", errno);
		printf("recv ");
		for (;;) {
			ssize_t r = recv(fd, buf, sizeof(buf), 0);

			if (r < 0 && errno == EINTR)
				continue;
			if (r < 0) {
				printf("\n");
				return fail("recv", errno);
			}
			if (!r)
				break;
			fwrite(buf, 1, r, stdout);
		}
		printf("\neof\n");
		return 0;
	}
	if (!strcmp(action, "sink")) {
		sha256_init(&sha);
		err = read_to_eof(fd, &sha, 0, &total);
		if (err) {
			printf("bytes %llu before the error\n",
			       (unsigned long long)total);
			return fail("recv", -err);
		}
		sha256_final(&sha, hex);
		printf("bytes %llu sha256 %s\n", (unsigned long long)total, hex);
		print_info(fd);
		return 0;
	}
	if (!strcmp(action, "source")) {
		uint64_t left = strtoull(arg, NULL, 0);
		uint64_t sent = 0;

		sha256_init(&sha);
		rng = opt_seed ? opt_seed : 1;
		if (opt_write_size &&
		    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &(int){ 1 },
			       sizeof(int)))
			return fail("setsockopt(TCP_NODELAY)", errno);
		while (left) {
			size_t chunk = opt_write_size ? opt_write_size : BUFSZ;
			size_t n = left < chunk ? left : chunk;

			if (opt_pause_at && sent < opt_pause_at &&
			    n > opt_pause_at - sent)
				n = opt_pause_at - sent;
			if (opt_pause_at && sent == opt_pause_at)
				pause_acked(fd);
			stream_fill(buf, n);
			sha256_update(&sha, buf, n);
			err = write_all(fd, buf, n);
			if (err) {
				printf("sent %llu before the error\n",
				       (unsigned long long)sent);
				return fail("send", -err);
			}
			sent += n;
			left -= n;
		}
		sha256_final(&sha, hex);
		printf("sent %llu sha256 %s\n", (unsigned long long)sent, hex);
		print_info(fd);
		fflush(stdout);
		if (shutdown(fd, SHUT_WR) && errno != ENOTCONN)
			return fail("shutdown", errno);
		err = read_to_eof(fd, NULL, 0, &total);
		if (err)
			return fail("recv", -err);
		print_end(fd);
		return 0;
	}
	if (!strcmp(action, "rst")) {
		ssize_t r;

		if (arg) {
			err = write_all(fd, (const unsigned char *)arg,
					strlen(arg));
			if (err)
				return fail("send", -err);
			r = strlen(arg);
		} else {
			r = recv(fd, buf, sizeof(buf), 0);
			if (r < 0)
				return fail("recv", errno);
		}
		err = set_linger0(fd);
		if (err)
			return err;
		if (!quiet)
			printf("rst after %zd bytes\n", r);
		return 0;
	}
	if (!strcmp(action, "simclose"))
		return do_simclose(fd);
	fprintf(stderr, "tcp-peer: unknown action %s\n", action);
	return EXIT_USAGE;
}

static int do_listen(struct sockaddr_in *sin, const char *action,
		     const char *arg)
{
	int one = 1, fd, cfd, rc, worst = 0;

	fd = socket(sin->sin_family, SOCK_STREAM, 0);
	if (fd < 0)
		return fail("socket", errno);
	if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)))
		return fail("setsockopt(SO_REUSEADDR)", errno);
	rc = set_socket_options(fd);
	if (rc)
		return rc;
	if (bind(fd, (struct sockaddr *)sin, sizeof(*sin)))
		return fail("bind", errno);
	if (listen(fd, 128))
		return fail("listen", errno);
	printf("ready\n");
	fflush(stdout);
	while (opt_count) {
		cfd = accept(fd, NULL, NULL);
		if (cfd < 0) {
			if (errno == EINTR || errno == ECONNABORTED)
				continue;
			return fail("accept", errno);
		}
		/*
		 * A peer that resets at once leaves a closed socket in the
		 * queue: getpeername fails (ENOTCONN, as on AF_INET), and the
		 * action still runs, to report the reset.
		 */
		if (!opt_quiet)
			print_names(cfd, "accepted");
		rc = run_action(cfd, action, arg, opt_quiet);
		if (rc > worst)
			worst = rc;
		while (opt_hold) {
			fflush(stdout);
			pause();
		}
		close(cfd);
		fflush(stdout);
		if (opt_count > 0)
			opt_count--;
	}
	close(fd);
	return worst;
}

static int open_connected(struct sockaddr_in *sin, int *fdp)
{
	int fd = socket(sin->sin_family, SOCK_STREAM, 0);

	if (fd < 0)
		return fail("socket", errno);
	if (set_socket_options(fd)) {
		close(fd);
		return EXIT_ERR;
	}
	if (opt_syncnt &&
	    setsockopt(fd, IPPROTO_TCP, TCP_SYNCNT, &opt_syncnt,
		       sizeof(opt_syncnt))) {
		close(fd);
		return fail("setsockopt(TCP_SYNCNT)", errno);
	}
	if (connect(fd, (struct sockaddr *)sin, sizeof(*sin))) {
		int err = errno;

		close(fd);
		return fail("connect", err);
	}
	*fdp = fd;
	return 0;
}

static int do_connect(struct sockaddr_in *sin, const char *action,
		      const char *arg)
{
	int fd, rc;

	rc = open_connected(sin, &fd);
	if (rc)
		return rc;
	rc = print_names(fd, "connected");
	if (!rc)
		rc = run_action(fd, action, arg, 0);
	close(fd);
	return rc;
}

static int do_crr(struct sockaddr_in *sin, long count)
{
	struct timespec t0, t1;
	unsigned char c;
	long i;
	int fd, rc;
	ssize_t r;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (i = 0; i < count; i++) {
		rc = open_connected(sin, &fd);
		if (rc)
			goto out;
		c = (unsigned char)i;
		if (send(fd, &c, 1, MSG_NOSIGNAL) != 1) {
			rc = fail("send", errno);
			goto out_close;
		}
		r = recv(fd, &c, 1, 0);
		if (r != 1) {
			rc = r < 0 ? fail("recv", errno) : EXIT_ERR;
			if (!r)
				printf("recv: EOF instead of the byte\n");
			goto out_close;
		}
		if (c != (unsigned char)i) {
			printf("recv: wrong byte\n");
			rc = EXIT_ERR;
			goto out_close;
		}
		if (opt_linger0)
			set_linger0(fd);
		close(fd);
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	printf("crr %ld done in %lld ms\n", count,
	       (long long)(t1.tv_sec - t0.tv_sec) * 1000 +
	       (t1.tv_nsec - t0.tv_nsec) / 1000000);
	return 0;

out_close:
	close(fd);
out:
	printf("crr stopped after %ld of %ld connections\n", i, count);
	return rc;
}

static void bad_usage(void)
{
	fprintf(stderr,
		"usage: tcp-peer [-D USECS] [-H] [-I] [-L] [-q] [-n COUNT] [-P BYTES] [-r BYTES] [-s SEED] [-t SECS] [-w BYTES] [-W MS] [-y SYNCNT]\n"
		"                listen|connect inet|xinet ADDR PORT ACTION [ARG]\n"
		"       tcp-peer [-L] [-t SECS] crr inet|xinet ADDR PORT COUNT\n"
		"ACTION: echo | send MSG | sink | source N | rst [MSG] | simclose\n");
	exit(EXIT_USAGE);
}

int main(int argc, char **argv)
{
	struct sockaddr_in sin = { 0 };
	const char *mode, *action, *arg = NULL;
	int c, family;

	setvbuf(stdout, NULL, _IOLBF, 0);
	signal(SIGPIPE, SIG_IGN);
	while ((c = getopt(argc, argv, "D:HILqn:P:r:s:t:w:W:y:")) != -1) {
		switch (c) {
		case 'D':
			opt_tx_delay = atoi(optarg);
			break;
		case 'H':
			opt_hold = 1;
			break;
		case 'I':
			opt_info = 1;
			break;
		case 'L':
			opt_linger0 = 1;
			break;
		case 'q':
			opt_quiet = 1;
			break;
		case 'n':
			opt_count = atol(optarg);
			break;
		case 'P':
			opt_pause_at = strtoull(optarg, NULL, 0);
			break;
		case 'r':
			opt_rcvbuf = atoi(optarg);
			break;
		case 's':
			opt_seed = strtoull(optarg, NULL, 0);
			break;
		case 't':
			signal(SIGALRM, on_alarm);
			alarm(atoi(optarg));
			break;
		case 'w':
			opt_write_size = strtoul(optarg, NULL, 0);
			if (!opt_write_size || opt_write_size > BUFSZ)
				bad_usage();
			break;
		case 'W':
			opt_when_ms = atoll(optarg);
			break;
		case 'y':
			opt_syncnt = atoi(optarg);
			break;
		default:
			bad_usage();
		}
	}
	if (argc - optind < 5)
		bad_usage();
	mode = argv[optind];
	family = family_of(argv[optind + 1]);
	if (family < 0)
		bad_usage();
	sin.sin_family = family;
	if (inet_pton(AF_INET, argv[optind + 2], &sin.sin_addr) != 1)
		bad_usage();
	sin.sin_port = htons(atoi(argv[optind + 3]));
	action = argv[optind + 4];
	if (argc - optind > 5)
		arg = argv[optind + 5];

	if (!strcmp(mode, "crr"))
		return do_crr(&sin, atol(action));
	if ((!strcmp(action, "send") || !strcmp(action, "source")) && !arg)
		bad_usage();
	if (!strcmp(mode, "listen"))
		return do_listen(&sin, action, arg);
	if (!strcmp(mode, "connect"))
		return do_connect(&sin, action, arg);
	bad_usage();
	return EXIT_USAGE;
}
