// SPDX-License-Identifier: GPL-2.0
/*
 * tcp-script-peer: a scripted TCP endpoint for the socket under test.
 *
 * The peer is not a socket: it reads and writes TCP segments through a
 * packet socket on the Linux end of a pair (an xnet device, or a veth
 * with -m for the oracle run) that has no address for the peer's IP, so
 * that Linux's own stack stays silent.  It can therefore do what no TCP
 * stack would: acknowledge part of a segment, withhold ACKs, shrink its
 * window, send out-of-order data, near-miss RSTs and SYNs.  The socket
 * under test belongs to a child process that enters the namespace of
 * the socket under test (-N) and plays an ordinary application there,
 * on AF_INET or AF_XINET (-f).
 *
 *   tcp-script-peer OPTS partial-ack
 *	The child connects and sends 3000 bytes, then shuts down writing.
 *	The peer answers the SYN (MSS 1460, no other option), takes the
 *	data without acknowledging it, acknowledges 1000 bytes of the first
 *	segment and expects the retransmission to start there and carry the
 *	rest of that segment; then 100 bytes more, the same; then a RST.
 *	The child must see ECONNRESET.
 *   tcp-script-peer OPTS tail-loss
 *	A tail loss repaired by a loss probe (RFC 8985 TLP), SACK agreed
 *	(sackOK in the SYN-ACK).  The child connects and sends ten segments
 *	at once; the peer ACKs the first seven as they come and never the
 *	last three, as if they were lost.  The SUT must probe with its last
 *	segment again (an RTO would resend the eighth): the probe.  20 ms
 *	later (so that its RTT sample is no shorter than min_rtt) the peer
 *	SACKs it: RACK must mark the eighth and ninth lost and resend them,
 *	each ACKed as it comes; then a RST, ECONNRESET.  The test reads the
 *	SUT's TcpExt counters around it (TCPLossProbes, TCPTimeouts).
 *   tcp-script-peer OPTS fuzz [-S SEED] [-n COUNT] [-F FIRST]
 *	COUNT connections (default 200), numbered from FIRST (default 0:
 *	-F K -n 1 replays connection K of a run alone), each way round at
 *	random, each driven after the handshake by seeded random peer
 *	behaviour (-v prints every segment) while
 *	both ends send seeded streams: partial and duplicate ACKs, window
 *	shrink, zero window and reopening, out-of-order, duplicate and
 *	retransmitted data, RSTs and SYNs with near-miss sequence numbers
 *	(RFC 5961: never a reset), duplicate SYNs, a FIN at a random
 *	point; then a clean end, FIN exchange or RST.  The same seed gives
 *	the same script (each step's random draws do not depend on what
 *	the socket under test answered).  Where the child connects, every
 *	fourth connection (K % 4 == 3) lets the child's ACK of the SYN-ACK
 *	go by as if lost: the child's first data completes the handshake
 *	(and its bytes are checked as all others).
 *   tcp-script-peer stall [-u MS] [-o] [-T SECS] FAMILY ADDR PORT
 *	No packet socket: connect to a real peer, then write 4 KiB every
 *	20 ms until an error, printed as "send: ETIMEDOUT after N ms",
 *	timed from SIGUSR1 (the test breaks the path, then signals); with
 *	TCP_USER_TIMEOUT MS.  A connection that times out on a failed
 *	route reports the route's error when one was recorded (Linux:
 *	sk_err_soft, ENETUNREACH), ETIMEDOUT otherwise.  With -o, SIGUSR1
 *	writes once more and closes instead (an orphan with data
 *	unacknowledged), then watches the tcp file until the connection is
 *	gone: "orphan gone after N ms".  Either gives up SECS (20) after
 *	the signal.
 *
 * OPTS: -i IFNAME -a PEER_ADDR -A SUT_ADDR -p PORT -N NETNS -f inet|xinet
 * [-m MAC] [-t SECS] [-v].  PORT is the peer's port (the child connects
 * to it) and the child's listening port (the peer connects to it).
 *
 * After each connection the child checks the invariants: every byte
 * either way is the seeded stream's; the connection's socket is gone
 * from /proc/net/{xinet/,}tcp (TIME_WAIT aside), and sockstat's TCP
 * inuse, orphan and mem are back to what they were before it.
 *
 * Exit status: 0 every check passed, 1 a check failed (the reason is
 * printed, "FAIL ..."), 2 usage, 5 stall: ETIMEDOUT (0: another error
 * after the signal), 6 the -t timeout.
 */

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <linux/sockios.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <linux/xinet.h>

#include "../family.h"

#define MSS		1460
#define MAXPKT		65536
#define PEER_WIN	65535
#define SUT_DEADLINE_MS	30000
#define CLEAN_WAIT_MS	5000

/* TCP flags */
#define F_FIN	0x01
#define F_SYN	0x02
#define F_RST	0x04
#define F_PSH	0x08
#define F_ACK	0x10

#define before(a, b)	((int32_t)((a) - (b)) < 0)
#define after(a, b)	before(b, a)

static const char *opt_ifname, *opt_netns, *opt_family = "xinet", *opt_mac;
static uint32_t peer_addr, sut_addr;	/* host order */
static uint16_t opt_port;
static int opt_verbose;
static int pfd = -1;
static struct sockaddr_ll pll;

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static const char *errname(int err)
{
	switch (err) {
	case ETIMEDOUT: return "ETIMEDOUT";
	case EHOSTUNREACH: return "EHOSTUNREACH";
	case ENETUNREACH: return "ENETUNREACH";
	case ECONNRESET: return "ECONNRESET";
	case EPIPE: return "EPIPE";
	case EINVAL: return "EINVAL";
	default: return strerror(err);
	}
}

static void on_alarm(int sig)
{
	static const char msg[] = "FAIL timeout\n";

	(void)sig;
	if (write(STDOUT_FILENO, msg, sizeof(msg) - 1) < 0)
		_exit(6);
	_exit(6);
}

/* --- seeded randomness (xorshift64*) and the streams */

static uint64_t rng_state = 20261203;

static uint32_t rnd(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return (uint32_t)((rng_state * 0x2545F4914F6CDD1DULL) >> 32);
}

/* 0 .. n - 1; 0 for n == 0 */
static uint32_t rndn(uint32_t n)
{
	return n ? rnd() % n : 0;
}

/* Byte @off of the stream with @key: a misplaced byte shows. */
static uint8_t stream_byte(uint64_t key, uint64_t off)
{
	uint64_t h = (off ^ key) * 0x9E3779B97F4A7C15ULL;

	h ^= h >> 29;
	return (uint8_t)(h * 0xBF58476D1CE4E5B9ULL >> 56);
}

static void stream_fill(uint64_t key, uint64_t off, uint8_t *p, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		p[i] = stream_byte(key, off + i);
}

/* Offset of the first byte of @p that is not the stream's, or -1. */
static long stream_check(uint64_t key, uint64_t off, const uint8_t *p,
			 size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (p[i] != stream_byte(key, off + i))
			return (long)(off + i);
	return -1;
}

/* --- checksums and segments */

static uint32_t sum16(const uint8_t *p, size_t len, uint32_t sum)
{
	while (len > 1) {
		sum += (uint32_t)p[0] << 8 | p[1];
		p += 2;
		len -= 2;
	}
	if (len)
		sum += (uint32_t)p[0] << 8;
	return sum;
}

static uint16_t fold(uint32_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = v >> 8;
	p[1] = v;
}

static void put32(uint8_t *p, uint32_t v)
{
	put16(p, v >> 16);
	put16(p + 2, v);
}

static uint16_t get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)get16(p) << 16 | get16(p + 2);
}

struct seg {
	uint16_t sport, dport;
	uint32_t seq, ack;
	uint8_t flags;
	uint16_t win;
	uint16_t mss;		/* the MSS option, 0 when absent */
	int wscale;		/* the window scale option, -1 when absent */
	const uint8_t *data;
	uint32_t len;
};

static const char *flagstr(uint8_t f)
{
	static char s[8];
	int n = 0;

	if (f & F_SYN)
		s[n++] = 'S';
	if (f & F_FIN)
		s[n++] = 'F';
	if (f & F_RST)
		s[n++] = 'R';
	if (f & F_PSH)
		s[n++] = 'P';
	if (f & F_ACK)
		s[n++] = '.';
	s[n] = '\0';
	return s;
}

/*
 * Options appended to every segment xmit() builds while set (a multiple
 * of 4 bytes): tail-loss's sackOK and SACK blocks.
 */
static uint8_t xopt[32];
static uint32_t xoptlen;

static void xmit(uint16_t sport, uint16_t dport, uint32_t seq, uint32_t ack,
		 uint8_t flags, uint16_t win, bool mss,
		 const uint8_t *data, uint32_t len)
{
	static uint8_t pkt[MAXPKT];
	uint32_t thlen = (mss ? 24 : 20) + xoptlen, tot = 20 + thlen + len;
	uint8_t *ip = pkt, *th = pkt + 20, pseudo[12];
	static uint16_t ipid;

	memset(pkt, 0, 20 + thlen);
	ip[0] = 0x45;
	put16(ip + 2, tot);
	put16(ip + 4, ++ipid);
	put16(ip + 6, 0x4000);
	ip[8] = 64;
	ip[9] = IPPROTO_TCP;
	put32(ip + 12, peer_addr);
	put32(ip + 16, sut_addr);
	put16(ip + 10, fold(sum16(ip, 20, 0)));
	put16(th, sport);
	put16(th + 2, dport);
	put32(th + 4, seq);
	put32(th + 8, (flags & F_ACK) ? ack : 0);
	th[12] = (thlen / 4) << 4;
	th[13] = flags;
	put16(th + 14, win);
	if (mss) {
		th[20] = 2;
		th[21] = 4;
		put16(th + 22, MSS);
	}
	if (xoptlen)
		memcpy(th + (mss ? 24 : 20), xopt, xoptlen);
	if (len)
		memcpy(th + thlen, data, len);
	put32(pseudo, peer_addr);
	put32(pseudo + 4, sut_addr);
	pseudo[8] = 0;
	pseudo[9] = IPPROTO_TCP;
	put16(pseudo + 10, thlen + len);
	put16(th + 16, fold(sum16(th, thlen + len, sum16(pseudo, 12, 0))));
	if (opt_verbose)
		printf("  > %s seq %u ack %u win %u len %u\n", flagstr(flags),
		       seq, ack, win, len);
	while (sendto(pfd, pkt, tot, 0, (struct sockaddr *)&pll,
		      sizeof(pll)) < 0) {
		if (errno == ENOBUFS || errno == EAGAIN) {
			usleep(100);
			continue;
		}
		perror("sendto");
		exit(1);
	}
}

/*
 * Waits up to @ms for a TCP segment from the socket under test to the
 * peer's address and parses it into @s.  Return: 1, or 0 on timeout.
 */
static int recv_seg(struct seg *s, int ms)
{
	static uint8_t pkt[MAXPKT];
	long long end = now_ms() + ms;
	struct sockaddr_ll from;
	socklen_t fl;
	struct pollfd p = { .fd = pfd, .events = POLLIN };
	ssize_t n;
	uint32_t ihl, tot, thl, o;
	const uint8_t *th;

	for (;;) {
		long long left = end - now_ms();

		if (left < 0)
			left = 0;
		if (poll(&p, 1, (int)left) <= 0)
			return 0;
		fl = sizeof(from);
		n = recvfrom(pfd, pkt, sizeof(pkt), MSG_DONTWAIT,
			     (struct sockaddr *)&from, &fl);
		if (n < 0)
			continue;
		if (from.sll_pkttype == PACKET_OUTGOING || n < 40 ||
		    (pkt[0] >> 4) != 4)
			continue;
		ihl = (pkt[0] & 15) * 4;
		tot = get16(pkt + 2);
		if (pkt[9] != IPPROTO_TCP || tot > n || ihl < 20 ||
		    tot < ihl + 20 || get32(pkt + 12) != sut_addr ||
		    get32(pkt + 16) != peer_addr)
			continue;
		th = pkt + ihl;
		thl = (th[12] >> 4) * 4;
		if (thl < 20 || ihl + thl > tot)
			continue;
		memset(s, 0, sizeof(*s));
		s->sport = get16(th);
		s->dport = get16(th + 2);
		s->seq = get32(th + 4);
		s->ack = get32(th + 8);
		s->flags = th[13];
		s->win = get16(th + 14);
		s->wscale = -1;
		for (o = 20; o < thl;) {
			uint8_t kind = th[o];

			if (kind == 0)
				break;
			if (kind == 1) {
				o++;
				continue;
			}
			if (o + 1 >= thl || th[o + 1] < 2 ||
			    o + th[o + 1] > thl)
				break;
			if (kind == 2 && th[o + 1] == 4)
				s->mss = get16(th + o + 2);
			if (kind == 3 && th[o + 1] == 3)
				s->wscale = th[o + 2];
			o += th[o + 1];
		}
		s->data = th + thl;
		s->len = tot - ihl - thl;
		if (opt_verbose)
			printf("  < %s seq %u ack %u win %u len %u\n",
			       flagstr(s->flags), s->seq, s->ack, s->win,
			       s->len);
		return 1;
	}
}

/* --- the child: the application on the socket under test */

struct job {
	int k;			/* connection number; -1: the child exits */
	int active;		/* the child connects (1) or accepts (0) */
	int shut_early;		/* shutdown(SHUT_WR) as soon as all is sent */
	uint32_t sut_len;	/* bytes the child sends */
	uint64_t key_in;	/* stream the peer sends */
	uint64_t key_out;	/* stream the child sends */
};

struct report {
	int k;
	int err;		/* 0: EOF and all sent; else the errno */
	int bad_at;		/* first wrong byte received, or -1 */
	int clean;		/* invariants after the close held */
	uint64_t rcvd, sent;
	char why[200];
};

struct sockstat {
	long inuse, orphan, mem;
};

static const char *proc_dir(void)
{
	return strcmp(opt_family, "inet") ? "/proc/net/xinet" : "/proc/net";
}

static int read_sockstat(struct sockstat *st)
{
	char path[64], line[256];
	FILE *f;
	int ok = 0;

	snprintf(path, sizeof(path), "%s/sockstat", proc_dir());
	f = fopen(path, "r");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "TCP: inuse %ld orphan %ld tw %*d alloc %*d mem %ld",
			   &st->inuse, &st->orphan, &st->mem) == 3)
			ok = 1;
	fclose(f);
	return ok ? 0 : -1;
}

/*
 * The state of the connection @l -> @r in the tcp file, or -1 when it is
 * not there; a TIME_WAIT sock (6) counts as gone.
 */
static int proc_state(const struct sockaddr_in *l, const struct sockaddr_in *r)
{
	char path[64], line[512], want[64];
	unsigned int st;
	FILE *f;
	int found = -1;

	snprintf(path, sizeof(path), "%s/tcp", proc_dir());
	snprintf(want, sizeof(want), "%08X:%04X %08X:%04X",
		 l->sin_addr.s_addr, ntohs(l->sin_port),
		 r->sin_addr.s_addr, ntohs(r->sin_port));
	f = fopen(path, "r");
	if (!f)
		return -2;
	while (fgets(line, sizeof(line), f)) {
		char *p = strchr(line, ':');

		if (!p || strncmp(p + 2, want, strlen(want)))
			continue;
		if (sscanf(p + 2 + strlen(want), " %x", &st) == 1 && st != 6)
			found = (int)st;
	}
	fclose(f);
	return found;
}

/* After the close: the socket gone, the counters back at @base. */
static int check_clean(const struct sockaddr_in *l, const struct sockaddr_in *r,
		       const struct sockstat *base, char *why, size_t wl)
{
	long long end = now_ms() + CLEAN_WAIT_MS;
	struct sockstat st = { 0 };
	int state;

	for (;;) {
		state = l->sin_port ? proc_state(l, r) : -1;
		if (read_sockstat(&st)) {
			snprintf(why, wl, "no sockstat in %s", proc_dir());
			return 0;
		}
		if (state < 0 && st.inuse == base->inuse &&
		    st.orphan == base->orphan && st.mem == base->mem)
			return 1;
		if (now_ms() > end)
			break;
		usleep(10000);
	}
	snprintf(why, wl,
		 "after %d ms: state %d, TCP inuse %ld orphan %ld mem %ld (before: %ld %ld %ld)",
		 CLEAN_WAIT_MS, state, st.inuse, st.orphan, st.mem,
		 base->inuse, base->orphan, base->mem);
	return 0;
}

/* The application's side of one connection. */
static void child_conn(int lfd, int family, const struct job *j,
		       const struct sockstat *base, struct report *r)
{
	struct sockaddr_in sin = { 0 }, l = { 0 }, p = { 0 };
	socklen_t sl = sizeof(l);
	static uint8_t buf[65536];
	long long deadline = now_ms() + SUT_DEADLINE_MS;
	bool eof = false, shut = false;
	int fd, fl;

	memset(r, 0, sizeof(*r));
	r->k = j->k;
	r->bad_at = -1;
	if (j->active) {
		fd = socket(family, SOCK_STREAM, 0);
		sin.sin_family = family;
		sin.sin_addr.s_addr = htonl(peer_addr);
		sin.sin_port = htons(opt_port);
		if (fd < 0 || connect(fd, (struct sockaddr *)&sin, sizeof(sin))) {
			r->err = errno;
			snprintf(r->why, sizeof(r->why), "connect: %s",
				 strerror(errno));
			if (fd >= 0)
				close(fd);
			return;
		}
	} else {
		fd = accept(lfd, NULL, NULL);
		if (fd < 0) {
			r->err = errno;
			snprintf(r->why, sizeof(r->why), "accept: %s",
				 strerror(errno));
			return;
		}
	}
	getsockname(fd, (struct sockaddr *)&l, &sl);
	sl = sizeof(p);
	getpeername(fd, (struct sockaddr *)&p, &sl);
	fl = fcntl(fd, F_GETFL);
	fcntl(fd, F_SETFL, fl | O_NONBLOCK);

	while (!(eof && r->sent == j->sut_len)) {
		struct pollfd pf = { .fd = fd, .events = POLLIN };
		long long left = deadline - now_ms();
		ssize_t n;

		if (r->sent < j->sut_len)
			pf.events |= POLLOUT;
		if (left <= 0) {
			r->err = ETIMEDOUT;
			snprintf(r->why, sizeof(r->why),
				 "application deadline: %s, sent %llu of %u",
				 eof ? "EOF seen" : "no EOF",
				 (unsigned long long)r->sent, j->sut_len);
			break;
		}
		if (poll(&pf, 1, (int)left) <= 0)
			continue;
		if (pf.revents & (POLLIN | POLLERR | POLLHUP)) {
			n = recv(fd, buf, sizeof(buf), 0);
			if (n < 0 && errno != EAGAIN && errno != EINTR) {
				r->err = errno;
				break;
			}
			if (n == 0)
				eof = true;
			if (n > 0) {
				long bad = stream_check(j->key_in, r->rcvd,
							buf, n);

				if (bad >= 0 && r->bad_at < 0)
					r->bad_at = (int)bad;
				r->rcvd += n;
			}
		}
		if ((pf.revents & POLLOUT) && r->sent < j->sut_len) {
			size_t len = j->sut_len - r->sent;

			if (len > sizeof(buf))
				len = sizeof(buf);
			stream_fill(j->key_out, r->sent, buf, len);
			n = send(fd, buf, len, MSG_NOSIGNAL);
			if (n < 0 && errno != EAGAIN && errno != EINTR) {
				r->err = errno;
				break;
			}
			if (n > 0)
				r->sent += n;
		}
		if (j->shut_early && !shut && r->sent == j->sut_len) {
			shutdown(fd, SHUT_WR);
			shut = true;
		}
	}
	close(fd);
	r->clean = check_clean(&l, &p, base, r->why + strlen(r->why),
			       sizeof(r->why) - strlen(r->why));
}

static int enter_netns(const char *name)
{
	char path[256];
	int fd;

	if (strchr(name, '/'))
		snprintf(path, sizeof(path), "%s", name);
	else
		snprintf(path, sizeof(path), "/run/netns/%s", name);
	fd = open(path, O_RDONLY);
	if (fd < 0 || setns(fd, CLONE_NEWNET)) {
		fprintf(stderr, "tcp-script-peer: netns %s: %s\n", path,
			strerror(errno));
		return -1;
	}
	close(fd);
	return 0;
}

/* The child's main loop: one job at a time from @cfd, a report back. */
static void child_main(int cfd)
{
	struct sockaddr_in sin = { 0 };
	struct sockstat base;
	struct report r;
	struct job j;
	int family, lfd, one = 1;

	family = family_of(opt_family);
	if (enter_netns(opt_netns) || family < 0)
		_exit(1);
	lfd = socket(family, SOCK_STREAM, 0);
	sin.sin_family = family;
	sin.sin_addr.s_addr = htonl(sut_addr);
	sin.sin_port = htons(opt_port);
	if (lfd < 0 ||
	    setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) ||
	    bind(lfd, (struct sockaddr *)&sin, sizeof(sin)) ||
	    listen(lfd, 16)) {
		fprintf(stderr, "tcp-script-peer: listen: %s\n",
			strerror(errno));
		_exit(1);
	}
	if (read_sockstat(&base)) {
		fprintf(stderr, "tcp-script-peer: no %s/sockstat\n",
			proc_dir());
		_exit(1);
	}
	/* Ready: the listener is up, the baseline taken. */
	memset(&r, 0, sizeof(r));
	r.k = -1;
	if (write(cfd, &r, sizeof(r)) != sizeof(r))
		_exit(1);
	while (read(cfd, &j, sizeof(j)) == sizeof(j) && j.k >= 0) {
		child_conn(lfd, family, &j, &base, &r);
		if (write(cfd, &r, sizeof(r)) != sizeof(r))
			break;
	}
	close(lfd);
	_exit(0);
}

static int cfd = -1;
static pid_t child_pid;

static int get_report(struct report *r, int ms);

static void start_child(void)
{
	struct report r;
	int sv[2];

	if (socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sv)) {
		perror("socketpair");
		exit(1);
	}
	child_pid = fork();
	if (child_pid < 0) {
		perror("fork");
		exit(1);
	}
	if (!child_pid) {
		close(sv[0]);
		child_main(sv[1]);
	}
	close(sv[1]);
	cfd = sv[0];
	if (get_report(&r, 10000) || r.k != -1) {
		printf("FAIL the application did not start\n");
		exit(1);
	}
}

static void stop_child(void)
{
	struct job j = { .k = -1 };

	if (write(cfd, &j, sizeof(j)) < 0)
		perror("write");
	waitpid(child_pid, NULL, 0);
}

static int get_report(struct report *r, int ms)
{
	struct pollfd p = { .fd = cfd, .events = POLLIN };

	if (poll(&p, 1, ms) <= 0 || read(cfd, r, sizeof(*r)) != sizeof(*r))
		return -1;
	return 0;
}

/* --- the peer's side of a connection */

struct conn {
	uint16_t myport, sutport;
	uint32_t iss, irs;
	uint32_t snd_una, snd_nxt, snd_max;	/* our data */
	uint32_t sut_wnd;
	uint32_t rcv_nxt, ack_pt;		/* the SUT's data */
	uint16_t my_wnd;
	bool auto_ack;
	bool lose_ack;		/* miss the SUT's ACK of our SYN-ACK */
	bool fin_sent;
	uint32_t fin_seq;
	bool sut_fin;
	uint32_t peer_len;	/* bytes of our stream we may send */
	uint64_t key_out;	/* our stream */
	uint64_t key_in;	/* the SUT's stream */
	long bad_at;		/* first wrong byte from the SUT, or -1 */
	int rsts;		/* RSTs the SUT sent */
	int bad_acks;		/* ACKs of data we never sent */
	int acks;		/* segments from the SUT */
};

/* Both FINs sent and acknowledged: the SUT may have forgotten us. */
static bool closed(const struct conn *c)
{
	return c->fin_sent && c->sut_fin && c->ack_pt == c->rcv_nxt &&
	       !before(c->snd_una, c->fin_seq + 1);
}

/*
 * A pure ACK, at the highest sequence we sent, out-of-order pieces
 * included, as any TCP's: the SUT takes window updates only from
 * segments at or past the last one that set its window.
 */
static void send_ack(struct conn *c)
{
	uint32_t seq = after(c->snd_max, c->snd_nxt) ? c->snd_max : c->snd_nxt;

	xmit(c->myport, c->sutport, seq, c->ack_pt, F_ACK, c->my_wnd,
	     false, NULL, 0);
}

/* Sends bytes [@off, @off + @len) of our stream at their sequence. */
static void send_data(struct conn *c, uint32_t seq, uint32_t len)
{
	static uint8_t buf[MSS];

	stream_fill(c->key_out, seq - c->iss - 1, buf, len);
	xmit(c->myport, c->sutport, seq, c->ack_pt, F_ACK | F_PSH, c->my_wnd,
	     false, buf, len);
	if (after(seq + len, c->snd_max))
		c->snd_max = seq + len;
}

static void input(struct conn *c, const struct seg *s)
{
	uint32_t end = c->fin_sent ? c->fin_seq + 1 : c->snd_max;
	bool reply = false;

	c->acks++;
	if (s->flags & F_RST) {
		/* Once both FINs are acknowledged, a RST is the answer. */
		if (!closed(c))
			c->rsts++;
		return;
	}
	if (s->flags & F_ACK) {
		if (after(s->ack, end)) {
			c->bad_acks++;
		} else if (!before(s->ack, c->snd_una)) {
			c->snd_una = s->ack;
			c->sut_wnd = s->win;
			/*
			 * An out-of-order piece filled the SUT's hole: it has
			 * our stream up to here.
			 */
			if (!c->fin_sent && after(c->snd_una, c->snd_nxt))
				c->snd_nxt = c->snd_una;
		}
	}
	if (s->len) {
		if (!after(s->seq, c->rcv_nxt) &&
		    after(s->seq + s->len, c->rcv_nxt)) {
			uint32_t skip = c->rcv_nxt - s->seq, n = s->len - skip;
			long bad = stream_check(c->key_in,
						c->rcv_nxt - c->irs - 1,
						s->data + skip, n);

			if (bad >= 0 && c->bad_at < 0)
				c->bad_at = bad;
			c->rcv_nxt += n;
			if (c->auto_ack)
				reply = true;
		} else {
			/* Old, or a probe: an ACK, as any TCP answers. */
			reply = true;
		}
	}
	if ((s->flags & F_FIN) && s->seq + s->len == c->rcv_nxt &&
	    !c->sut_fin) {
		c->sut_fin = true;
		c->rcv_nxt++;
		reply = reply || c->auto_ack;
	} else if ((s->flags & F_FIN) && !s->len) {
		reply = true;
	}
	if (!s->len && !(s->flags & F_FIN) && before(s->seq, c->rcv_nxt))
		reply = true;	/* a zero-window probe */
	if (reply) {
		if (c->auto_ack)
			c->ack_pt = c->rcv_nxt;
		send_ack(c);
	}
}

/* Takes the SUT's segments of @c for @ms. */
static void pump(struct conn *c, int ms)
{
	long long end = now_ms() + ms;
	struct seg s;

	for (;;) {
		long long left = end - now_ms();

		if (left < 0)
			left = 0;
		if (!recv_seg(&s, (int)left))
			return;
		if (s.sport == c->sutport && s.dport == c->myport)
			input(c, &s);
	}
}

/*
 * The handshake.  Active: the SUT's SYN to our port, a SYN-ACK with MSS
 * 1460 and no other option; with @c->lose_ack the SUT's pure ACK of it
 * is let go by as if lost, and the SUT's data, or its answer to the
 * SYN-ACK sent again, completes the handshake.  Passive: our SYN to the
 * SUT's listener.  The segment that completes it may carry data, even
 * unasked: the pure ACK before it may be lost, or overtaken on the way
 * (xnet delivers on the sending CPU's backlog); the caller sets the
 * streams' keys first.
 */
static int handshake(struct conn *c, int active, uint16_t myport)
{
	long long end = now_ms() + 10000;
	struct seg s;

	c->my_wnd = PEER_WIN;
	c->auto_ack = true;
	c->bad_at = -1;
	c->iss = rnd();
	c->snd_una = c->snd_nxt = c->snd_max = c->iss + 1;
	if (active) {
		c->myport = opt_port;
		for (;;) {
			if (now_ms() > end) {
				printf("FAIL no SYN from the socket under test\n");
				return -1;
			}
			if (!recv_seg(&s, 100))
				continue;
			if (s.dport == opt_port && (s.flags & F_SYN) &&
			    !(s.flags & F_ACK))
				break;
		}
		c->sutport = s.sport;
		c->irs = s.seq;
		c->rcv_nxt = c->ack_pt = s.seq + 1;
		c->sut_wnd = s.win;
		xmit(c->myport, c->sutport, c->iss, c->rcv_nxt,
		     F_SYN | F_ACK, PEER_WIN, true, NULL, 0);
		/* The ACK of the SYN-ACK, perhaps with data. */
		for (;;) {
			if (now_ms() > end) {
				printf("FAIL no ACK of the SYN-ACK\n");
				return -1;
			}
			if (!recv_seg(&s, 200)) {
				xmit(c->myport, c->sutport, c->iss, c->rcv_nxt,
				     F_SYN | F_ACK, PEER_WIN, true, NULL, 0);
				continue;
			}
			if (s.sport != c->sutport || s.dport != c->myport)
				continue;
			if ((s.flags & F_ACK) && s.ack == c->iss + 1 &&
			    !(s.flags & (F_SYN | F_RST))) {
				if (c->lose_ack && !s.len &&
				    !(s.flags & F_FIN)) {
					c->lose_ack = false;
					continue;
				}
				c->snd_una = s.ack;
				input(c, &s);
				return 0;
			}
		}
	}
	c->myport = myport;
	c->sutport = opt_port;
	for (;;) {
		if (now_ms() > end) {
			printf("FAIL no SYN-ACK from the listener\n");
			return -1;
		}
		xmit(c->myport, c->sutport, c->iss, 0, F_SYN, PEER_WIN, true,
		     NULL, 0);
		if (!recv_seg(&s, 300))
			continue;
		if (s.sport != c->sutport || s.dport != c->myport)
			continue;
		if ((s.flags & (F_SYN | F_ACK)) == (F_SYN | F_ACK) &&
		    s.ack == c->iss + 1)
			break;
	}
	c->irs = s.seq;
	c->rcv_nxt = c->ack_pt = s.seq + 1;
	c->snd_una = s.ack;
	c->sut_wnd = s.win;
	send_ack(c);
	return 0;
}

/* --- partial-ack */

static int first_data(struct conn *c, struct seg *s, int ms)
{
	long long end = now_ms() + ms;

	for (;;) {
		long long left = end - now_ms();

		if (left <= 0 || !recv_seg(s, (int)left))
			return 0;
		if (s->sport != c->sutport || s->dport != c->myport)
			continue;
		if (s->flags & F_RST)
			return -1;
		if (s->len)
			return 1;
	}
}

static int do_partial_ack(void)
{
	struct conn c = { 0 };
	struct report r;
	struct job j = {
		.k = 0, .active = 1, .shut_early = 1, .sut_len = 3000,
		.key_in = 1, .key_out = 2,
	};
	uint32_t first_len = 0, got = 0, base;
	long long t_ack;
	int rc = 0, step;
	struct seg s;

	start_child();
	if (write(cfd, &j, sizeof(j)) != sizeof(j))
		return 1;
	c.key_in = j.key_out;
	c.key_out = j.key_in;
	if (handshake(&c, 1, 0))
		return 1;
	c.auto_ack = false;
	base = c.irs + 1;
	printf("handshake: SYN-ACK with MSS %u sent, SUT port %u\n", MSS,
	       c.sutport);
	/* The data, unacknowledged: until 1 s passes with nothing new. */
	while (got < j.sut_len) {
		int st = first_data(&c, &s, 1000);

		if (st <= 0)
			break;
		if (s.seq == base && !first_len)
			first_len = s.len;
		if (!after(s.seq, c.rcv_nxt) &&
		    after(s.seq + s.len, c.rcv_nxt))
			got += s.seq + s.len - c.rcv_nxt;
		input(&c, &s);
		printf("data: seq +%u len %u\n", s.seq - base, s.len);
	}
	if (!first_len || first_len > MSS || first_len <= 1100) {
		printf("FAIL first segment of %u bytes (want 1101..%u)\n",
		       first_len, MSS);
		rc = 1;
		goto out;
	}
	for (step = 0; step < 2; step++) {
		uint32_t acked = step ? 1100 : 1000;
		int st;

		c.ack_pt = base + acked;
		send_ack(&c);
		t_ack = now_ms();
		printf("peer: ACK +%u\n", acked);
		st = first_data(&c, &s, 8000);
		if (st <= 0) {
			printf("FAIL %s after ACK +%u\n",
			       st < 0 ? "RST" : "no retransmission", acked);
			rc = 1;
			goto out;
		}
		printf("retransmission: seq +%u len %u\n", s.seq - base,
		       s.len);
		printf("(%lld ms after the ACK)\n", now_ms() - t_ack);
		if (s.seq != base + acked || s.len != first_len - acked) {
			printf("FAIL retransmission at +%u len %u, want +%u len %u\n",
			       s.seq - base, s.len, acked, first_len - acked);
			rc = 1;
			goto out;
		}
		if (stream_check(c.key_in, acked, s.data, s.len) >= 0) {
			printf("FAIL retransmitted bytes are not the stream's\n");
			rc = 1;
			goto out;
		}
	}
out:
	xmit(c.myport, c.sutport, c.snd_nxt, 0, F_RST, 0, false, NULL, 0);
	printf("peer: RST\n");
	if (get_report(&r, SUT_DEADLINE_MS + CLEAN_WAIT_MS + 2000)) {
		printf("FAIL no report from the application\n");
		return 1;
	}
	printf("sut: sent %llu, %s\n", (unsigned long long)r.sent,
	       r.err ? strerror(r.err) : "no error");
	if (r.err != ECONNRESET) {
		printf("FAIL the socket under test did not get ECONNRESET\n");
		rc = 1;
	}
	if (!r.clean) {
		printf("FAIL not clean: %s\n", r.why);
		rc = 1;
	} else {
		printf("clean: socket gone, TCP inuse/orphan/mem back\n");
	}
	stop_child();
	return rc;
}

/* --- tail-loss */

/* SACK-permitted (NOP, NOP, kind 4) for the SYN-ACK. */
static void xopt_sack_perm(void)
{
	static const uint8_t o[] = { 1, 1, 4, 2 };

	memcpy(xopt, o, sizeof(o));
	xoptlen = sizeof(o);
}

/* One SACK block [@start, @end) on the segments that follow. */
static void xopt_sack(uint32_t start, uint32_t end)
{
	xopt[0] = 1;
	xopt[1] = 1;
	xopt[2] = 5;
	xopt[3] = 10;
	put32(xopt + 4, start);
	put32(xopt + 8, end);
	xoptlen = 12;
}

/*
 * The next data segment of @c within @ms: 1 (in @s), 0 none, -1 a RST.
 * Its bytes must be the child's stream.
 */
static int tl_data(struct conn *c, struct seg *s, int ms)
{
	int st = first_data(c, s, ms);

	if (st > 0 && stream_check(c->key_in, s->seq - c->irs - 1, s->data,
				   s->len) >= 0) {
		printf("FAIL bytes at +%u are not the stream's\n",
		       s->seq - c->irs - 1);
		return -1;
	}
	return st;
}

static int do_tail_loss(void)
{
	enum { SEGS = 10, KEPT = 7 };
	struct conn c = { 0 };
	struct report r;
	struct job j = {
		.k = 0, .active = 1, .sut_len = SEGS * MSS,
		.key_in = 1, .key_out = 2,
	};
	uint32_t base, orig = 0, seq;
	long long t_ack = 0, t;
	int rc = 1, st, i;
	struct seg s;

	start_child();
	if (write(cfd, &j, sizeof(j)) != sizeof(j))
		return 1;
	c.key_in = j.key_out;
	c.key_out = j.key_in;
	xopt_sack_perm();
	if (handshake(&c, 1, 0))
		return 1;
	xoptlen = 0;
	c.auto_ack = false;
	base = c.irs + 1;
	printf("handshake: SYN-ACK with MSS %u and sackOK sent\n", MSS);
	/*
	 * A write already waiting lets the first segment carry the
	 * handshake's ACK (tcp_rcv_synsent_state_process() saves the pure
	 * ACK): handshake() took and ACKed it; it counts as sent and ACKed.
	 */
	while (orig < SEGS && !before(c.rcv_nxt, base + (orig + 1) * MSS)) {
		orig++;
		t_ack = now_ms();
	}

	/* The flight: the first KEPT ACKed at once, the rest not. */
	while (orig < SEGS) {
		st = tl_data(&c, &s, 2000);
		if (st <= 0) {
			printf("FAIL %s after %u segments\n",
			       st < 0 ? "RST or bad data" : "no data", orig);
			goto out;
		}
		if (s.seq != base + orig * MSS || s.len != MSS) {
			printf("FAIL segment at +%u len %u, want +%u len %u\n",
			       s.seq - base, s.len, orig * MSS, MSS);
			goto out;
		}
		orig++;
		if (orig <= KEPT) {
			c.ack_pt = s.seq + s.len;
			send_ack(&c);
			t_ack = now_ms();
		}
	}
	printf("flight: %u segments, the first %u ACKed, %u \"lost\"\n",
	       SEGS, KEPT, SEGS - KEPT);

	/* The probe: the last segment again. */
	st = tl_data(&c, &s, 5000);
	t = now_ms();
	if (st <= 0) {
		printf("FAIL %s instead of a probe\n", st < 0 ? "RST" : "nothing");
		goto out;
	}
	printf("probe: seq +%u len %u, %lld ms after the last ACK\n",
	       s.seq - base, s.len, t - t_ack);
	seq = base + (SEGS - 1) * MSS;
	if (s.seq != seq || s.len != MSS) {
		printf("FAIL the first retransmission is +%u, want the last segment +%u (a tail loss probe)\n",
		       s.seq - base, seq - base);
		goto out;
	}

	/* Its SACK, 20 ms later: the holes below it are lost. */
	usleep(20000);
	xopt_sack(seq, seq + MSS);
	send_ack(&c);
	t_ack = now_ms();
	printf("peer: ACK +%u, SACK +%u-+%u\n", KEPT * MSS, seq - base,
	       seq + MSS - base);
	for (i = KEPT; i < SEGS - 1; i++) {
		st = tl_data(&c, &s, 5000);
		t = now_ms();
		if (st <= 0) {
			printf("FAIL %s instead of a retransmission of +%u\n",
			       st < 0 ? "RST" : "nothing", i * MSS);
			goto out;
		}
		printf("retransmission: seq +%u len %u, %lld ms after the ACK\n",
		       s.seq - base, s.len, t - t_ack);
		if (s.seq != base + i * MSS || s.len != MSS) {
			printf("FAIL retransmission at +%u, want +%u\n",
			       s.seq - base, i * MSS);
			goto out;
		}
		c.ack_pt = s.seq + s.len;
		if (i == SEGS - 2) {
			c.ack_pt = base + SEGS * MSS;
			xoptlen = 0;
		}
		send_ack(&c);
		t_ack = now_ms();
		printf("peer: ACK +%u\n", c.ack_pt - base);
	}
	/* Nothing more: the flight is whole. */
	st = tl_data(&c, &s, 300);
	if (st > 0) {
		printf("FAIL a needless retransmission of +%u\n", s.seq - base);
		goto out;
	}
	printf("recovered: every segment ACKed, nothing more resent\n");
	rc = 0;
out:
	xoptlen = 0;
	xmit(c.myport, c.sutport, c.snd_nxt, 0, F_RST, 0, false, NULL, 0);
	printf("peer: RST\n");
	if (get_report(&r, SUT_DEADLINE_MS + CLEAN_WAIT_MS + 2000)) {
		printf("FAIL no report from the application\n");
		return 1;
	}
	printf("sut: sent %llu, %s\n", (unsigned long long)r.sent,
	       r.err ? strerror(r.err) : "no error");
	if (r.err != ECONNRESET) {
		printf("FAIL the socket under test did not get ECONNRESET\n");
		rc = 1;
	}
	if (!r.clean) {
		printf("FAIL not clean: %s\n", r.why);
		rc = 1;
	}
	stop_child();
	return rc;
}

/* --- fuzz */

enum action {
	A_DATA, A_OOO, A_DUPDATA, A_ACKALL, A_ACKPART, A_DUPACK, A_SHRINK,
	A_ZEROWIN, A_OPEN, A_RSTNEAR, A_SYNNEAR, A_DUPSYN, A_FIN, A_RETX,
	A_PAUSE, A_NR
};

static const unsigned int weight[A_NR] = {
	[A_DATA] = 24, [A_OOO] = 6, [A_DUPDATA] = 6, [A_ACKALL] = 8,
	[A_ACKPART] = 10, [A_DUPACK] = 6, [A_SHRINK] = 4, [A_ZEROWIN] = 3,
	[A_OPEN] = 6, [A_RSTNEAR] = 5, [A_SYNNEAR] = 3, [A_DUPSYN] = 2,
	[A_FIN] = 2, [A_RETX] = 5, [A_PAUSE] = 4,
};

static unsigned long stat_act[A_NR], stat_finend, stat_rstend;

static enum action pick(void)
{
	unsigned int total = 0, x, i;

	for (i = 0; i < A_NR; i++)
		total += weight[i];
	x = rndn(total);
	for (i = 0; i < A_NR; i++) {
		if (x < weight[i])
			break;
		x -= weight[i];
	}
	return (enum action)i;
}

/* Bytes of our stream sent in order. */
static uint32_t sent_len(const struct conn *c)
{
	return c->snd_nxt - c->iss - 1 - (c->fin_sent ? 1 : 0);
}

/* The end of our data in sequence space (our FIN excluded). */
static uint32_t data_end(const struct conn *c)
{
	return c->fin_sent ? c->fin_seq : c->snd_nxt;
}

static uint32_t usable_wnd(const struct conn *c)
{
	int32_t u = (int32_t)(c->snd_una + c->sut_wnd - c->snd_nxt);

	return u > 0 ? (uint32_t)u : 0;
}

/*
 * Plays action @a with the random numbers @r1, @r2 and @r3, drawn
 * whatever the action and the state, so that a seed gives the same
 * script however the socket under test answers.
 */
static void act(struct conn *c, enum action a, uint32_t r1, uint32_t r2,
		uint32_t r3)
{
	uint32_t n, seq, left;
	int i;

	stat_act[a]++;
	switch (a) {
	case A_DATA:
		if (c->fin_sent)
			break;
		left = c->peer_len - sent_len(c);
		n = 1 + r1 % MSS;
		n = n < left ? n : left;
		n = n < usable_wnd(c) ? n : usable_wnd(c);
		if (!n)
			break;
		send_data(c, c->snd_nxt, n);
		c->snd_nxt += n;
		break;
	case A_OOO:
		/* A later piece of the stream, leaving a hole. */
		if (c->fin_sent)
			break;
		seq = c->snd_nxt + 1 + r1 % 2000;
		n = 1 + r2 % 500;
		if (after(seq + n, c->iss + 1 + c->peer_len) ||
		    after(seq + n, c->snd_una + c->sut_wnd))
			break;
		send_data(c, seq, n);
		break;
	case A_DUPDATA:
		/* Again, data the SUT has or has acknowledged. */
		if (sent_len(c) == 0)
			break;
		n = 1 + r1 % (sent_len(c) < 3000 ? sent_len(c) : 3000);
		seq = data_end(c) - n;
		n = 1 + r2 % n;
		send_data(c, seq, n < MSS ? n : MSS);
		break;
	case A_ACKALL:
		c->auto_ack = true;
		c->ack_pt = c->rcv_nxt;
		send_ack(c);
		break;
	case A_ACKPART:
		c->auto_ack = false;
		if (after(c->rcv_nxt, c->ack_pt))
			c->ack_pt += 1 + r1 % (c->rcv_nxt - c->ack_pt);
		send_ack(c);
		break;
	case A_DUPACK:
		c->auto_ack = false;
		for (i = 1 + r1 % 4; i > 0; i--)
			send_ack(c);
		break;
	case A_SHRINK:
		c->my_wnd = c->my_wnd ? r1 % c->my_wnd : 0;
		send_ack(c);
		break;
	case A_ZEROWIN:
		c->my_wnd = 0;
		send_ack(c);
		break;
	case A_OPEN:
		c->my_wnd = PEER_WIN;
		c->auto_ack = true;
		c->ack_pt = c->rcv_nxt;
		send_ack(c);
		break;
	case A_RSTNEAR:
	case A_SYNNEAR:
		/*
		 * Near the SUT's rcv_nxt but never on it: above all we ever
		 * sent (in the window: a challenge ACK), or below what it
		 * acknowledged, by 2 at least (out of the window: dropped;
		 * rcv_nxt - 1 resets in CLOSE_WAIT).  After our FIN, none.
		 */
		if (c->fin_sent)
			break;
		if (r1 & 1)
			seq = c->snd_max + 1 + r2 % 3000;
		else
			seq = c->snd_una - 2 - r2 % 3000;
		if (a == A_RSTNEAR)
			xmit(c->myport, c->sutport, seq, c->ack_pt,
			     F_RST | ((r3 & 1) ? F_ACK : 0), 0, false,
			     NULL, 0);
		else
			xmit(c->myport, c->sutport, seq, 0, F_SYN, PEER_WIN,
			     true, NULL, 0);
		break;
	case A_DUPSYN:
		/* The handshake's SYN or SYN-ACK again. */
		if (c->myport == opt_port)
			xmit(c->myport, c->sutport, c->iss, c->irs + 1,
			     F_SYN | F_ACK, PEER_WIN, true, NULL, 0);
		else
			xmit(c->myport, c->sutport, c->iss, 0, F_SYN,
			     PEER_WIN, true, NULL, 0);
		break;
	case A_FIN:
		/* Not below an out-of-order piece: no data past a FIN. */
		if (c->fin_sent || after(c->snd_max, c->snd_nxt))
			break;
		/* Our stream ends here, wherever that is. */
		c->peer_len = sent_len(c);
		c->fin_seq = c->snd_nxt;
		c->fin_sent = true;
		c->snd_max = ++c->snd_nxt;
		xmit(c->myport, c->sutport, c->fin_seq, c->ack_pt,
		     F_FIN | F_ACK, c->my_wnd, false, NULL, 0);
		break;
	case A_RETX:
		n = data_end(c) - c->snd_una;
		if ((int32_t)n <= 0 || before(c->snd_una, c->iss + 1))
			break;
		send_data(c, c->snd_una, n < MSS ? n : MSS);
		break;
	case A_PAUSE:
		pump(c, 10 + r1 % 150);
		break;
	case A_NR:
		break;
	}
}

/*
 * The clean end: everything acknowledged and the window open, our data
 * delivered (retransmitted from snd_una as needed), then a RST at the
 * SUT's rcv_nxt or a FIN exchange.  Return: 0, or -1 on a stall.
 */
static int finish(struct conn *c, bool rst)
{
	long long end = now_ms() + 15000, last = 0;

	c->my_wnd = PEER_WIN;
	c->auto_ack = true;
	c->ack_pt = c->rcv_nxt;
	send_ack(c);
	while (before(c->snd_una, data_end(c)) ||
	       (!rst && !c->fin_sent && sent_len(c) < c->peer_len)) {
		if (now_ms() > end)
			return -1;
		if (c->rsts)
			return 0;
		if (now_ms() - last > 200) {
			/* Go back to snd_una: a window's worth. */
			uint32_t seq = c->snd_una, stop = data_end(c);

			while (before(seq, stop) &&
			       before(seq, c->snd_una + c->sut_wnd)) {
				uint32_t n = stop - seq;

				n = n < MSS ? n : MSS;
				send_data(c, seq, n);
				seq += n;
			}
			last = now_ms();
		}
		/* New data, as the window allows. */
		while (!c->fin_sent && sent_len(c) < c->peer_len &&
		       usable_wnd(c)) {
			uint32_t n = c->peer_len - sent_len(c);

			n = n < MSS ? n : MSS;
			n = n < usable_wnd(c) ? n : usable_wnd(c);
			send_data(c, c->snd_nxt, n);
			c->snd_nxt += n;
		}
		pump(c, 20);
	}
	if (rst) {
		/* On the SUT's rcv_nxt: what it acknowledged, all we sent. */
		pump(c, 20);
		xmit(c->myport, c->sutport, c->snd_una, c->ack_pt,
		     F_RST | F_ACK, 0, false, NULL, 0);
		return 0;
	}
	if (!c->fin_sent) {
		c->fin_seq = c->snd_nxt;
		c->fin_sent = true;
		c->snd_max = ++c->snd_nxt;
	}
	last = 0;
	while (before(c->snd_una, c->fin_seq + 1) || !c->sut_fin) {
		if (now_ms() > end)
			return -1;
		if (c->rsts)
			return 0;
		if (before(c->snd_una, c->fin_seq + 1) &&
		    now_ms() - last > 200) {
			xmit(c->myport, c->sutport, c->fin_seq, c->ack_pt,
			     F_FIN | F_ACK, c->my_wnd, false, NULL, 0);
			last = now_ms();
		}
		pump(c, 20);
	}
	return 0;
}

static int fuzz_one(int k, uint64_t seed)
{
	struct conn c = { 0 };
	struct report r;
	struct job j;
	int steps, i, ok = 1;
	long long t0 = now_ms(), t1, t2;
	bool rst_end;
	enum action a;

	/* Each connection's own script: splitmix64 of (seed, k). */
	rng_state = seed + (uint64_t)(k + 1) * 0x9E3779B97F4A7C15ULL;
	rng_state = (rng_state ^ (rng_state >> 30)) * 0xBF58476D1CE4E5B9ULL;
	rng_state = (rng_state ^ (rng_state >> 27)) * 0x94D049BB133111EBULL;
	rng_state = (rng_state ^ (rng_state >> 31)) | 1;
	j.k = k;
	j.active = rnd() & 1;
	j.shut_early = rnd() & 1;
	j.sut_len = rndn(4) ? rndn(12000) : rndn(40000);
	j.key_in = (uint64_t)rnd() << 32 | rnd();
	j.key_out = (uint64_t)rnd() << 32 | rnd();
	c.peer_len = rndn(4) ? rndn(12000) : rndn(40000);
	steps = 8 + rndn(24);
	rst_end = rndn(3) == 0;

	if (write(cfd, &j, sizeof(j)) != sizeof(j))
		return 0;
	/* Before the handshake: its last segment may carry the SUT's data. */
	c.key_in = j.key_out;
	c.key_out = j.key_in;
	/* Active: every fourth connection's ACK of the SYN-ACK is lost. */
	c.lose_ack = k % 4 == 3;
	if (handshake(&c, j.active, 30000 + k % 30000))
		return 0;
	for (i = 0; i < steps && !c.rsts && !closed(&c); i++) {
		uint32_t r1, r2, r3;

		a = pick();
		r1 = rnd();
		r2 = rnd();
		r3 = rnd();
		act(&c, a, r1, r2, r3);
		pump(&c, 2);
	}
	t1 = now_ms();
	if (finish(&c, rst_end && !c.fin_sent)) {
		printf("FAIL conn %d: stalled at the end: snd_una +%u snd_nxt +%u fin %d, rcv_nxt +%u sut_fin %d\n",
		       k, c.snd_una - c.iss - 1, c.snd_nxt - c.iss - 1,
		       c.fin_sent, c.rcv_nxt - c.irs - 1, c.sut_fin);
		ok = 0;
	}
	rst_end = rst_end && !c.fin_sent;
	if (rst_end)
		stat_rstend++;
	else
		stat_finend++;
	t2 = now_ms();
	if (get_report(&r, SUT_DEADLINE_MS + CLEAN_WAIT_MS + 2000)) {
		printf("FAIL conn %d: no report from the application\n", k);
		return 0;
	}
	if (c.rsts) {
		printf("FAIL conn %d: the socket under test sent %d RST(s)\n",
		       k, c.rsts);
		ok = 0;
	}
	if (c.bad_acks) {
		printf("FAIL conn %d: %d ACK(s) of data never sent\n", k,
		       c.bad_acks);
		ok = 0;
	}
	if (c.bad_at >= 0 || r.bad_at >= 0) {
		printf("FAIL conn %d: wrong byte at %ld (peer got) / %d (application got)\n",
		       k, c.bad_at, r.bad_at);
		ok = 0;
	}
	if (rst_end && r.err != ECONNRESET) {
		printf("FAIL conn %d: after the RST the application saw %s\n",
		       k, r.err ? strerror(r.err) : "no error");
		ok = 0;
	}
	if (!rst_end && ok &&
	    (r.err || r.rcvd != c.peer_len ||
	     c.rcv_nxt - c.irs - 2 != r.sent)) {
		printf("FAIL conn %d: FIN exchange: application %s, got %llu of %u, peer got %u of %llu\n",
		       k, r.err ? strerror(r.err) : "no error",
		       (unsigned long long)r.rcvd, c.peer_len,
		       c.rcv_nxt - c.irs - 2, (unsigned long long)r.sent);
		ok = 0;
	}
	if (!r.clean) {
		printf("FAIL conn %d: not clean: %s\n", k, r.why);
		ok = 0;
	}
	if (opt_verbose || !ok)
		printf("conn %d: %s, %d steps, %s end, peer sent %u got %u, app sent %llu got %llu, ms %lld+%lld+%lld%s\n",
		       k, j.active ? "active" : "passive", steps,
		       rst_end ? "RST" : "FIN", c.peer_len,
		       c.rcv_nxt - c.irs - 1 - (c.sut_fin ? 1 : 0),
		       (unsigned long long)r.sent,
		       (unsigned long long)r.rcvd, t1 - t0, t2 - t1,
		       now_ms() - t2, ok ? "" : " FAILED");
	return ok;
}

static int do_fuzz(int argc, char **argv)
{
	static const char * const names[A_NR] = {
		"data", "ooo", "dupdata", "ackall", "ackpart", "dupack",
		"shrink", "zerowin", "open", "rstnear", "synnear", "dupsyn",
		"fin", "retx", "pause",
	};
	uint64_t seed = 1;
	long count = 200, first = 0, k, failed = 0;
	long long t0 = now_ms();
	int c, i;

	optind = 1;
	while ((c = getopt(argc, argv, "S:n:F:")) != -1) {
		switch (c) {
		case 'F':
			first = atol(optarg);
			break;
		case 'S':
			seed = strtoull(optarg, NULL, 0);
			break;
		case 'n':
			count = atol(optarg);
			break;
		default:
			return 2;
		}
	}
	start_child();
	for (k = first; k < first + count; k++) {
		if (!fuzz_one((int)k, seed))
			failed++;
		if (failed >= 5) {
			printf("FAIL stopping after 5 failed connections\n");
			break;
		}
	}
	stop_child();
	printf("fuzz: seed %llu, %ld connections, %ld failed, %lu FIN ends, %lu RST ends, %lld ms\n",
	       (unsigned long long)seed, k - first + (k < first + count),
	       failed,
	       stat_finend, stat_rstend, now_ms() - t0);
	printf("actions:");
	for (i = 0; i < A_NR; i++)
		printf(" %s %lu", names[i], stat_act[i]);
	printf("\n");
	return failed ? 1 : 0;
}

/* --- stall */

static volatile sig_atomic_t got_usr1;

static void on_usr1(int sig)
{
	(void)sig;
	got_usr1 = 1;
}

/*
 * The writer of the route failure tests.  It times itself from SIGUSR1,
 * which the test sends once the path is broken, and bounds itself, so
 * that the test waits without polling: in the debug guest nine shell
 * loops of date and kill -0 are load enough to make every timer late.
 */
static int do_stall(int argc, char **argv)
{
	struct sockaddr_in sin = { 0 }, l = { 0 }, p = { 0 };
	struct sigaction sa = { .sa_handler = on_usr1 };
	struct timeval tv = { .tv_usec = 100000 };
	static uint8_t buf[4096];
	unsigned long long sent = 0;
	int c, fd, family, utimeout = 0, orphan = 0, outq = 0, bound = 20;
	long long t0 = 0;
	socklen_t sl;
	ssize_t n;

	optind = 1;
	while ((c = getopt(argc, argv, "u:oT:")) != -1) {
		switch (c) {
		case 'u':
			utimeout = atoi(optarg);
			break;
		case 'o':
			orphan = 1;
			break;
		case 'T':
			bound = atoi(optarg);
			break;
		default:
			return 2;
		}
	}
	if (argc - optind != 3)
		return 2;
	opt_family = argv[optind];
	family = family_of(opt_family);
	if (family < 0 ||
	    inet_pton(AF_INET, argv[optind + 1], &sin.sin_addr) != 1)
		return 2;
	sin.sin_family = family;
	sin.sin_port = htons(atoi(argv[optind + 2]));
	sigaction(SIGUSR1, &sa, NULL);	/* no SA_RESTART: send returns */
	/* Never a stray process, even if the signal never comes. */
	signal(SIGALRM, on_alarm);
	alarm(bound + 90);
	fd = socket(family, SOCK_STREAM, 0);
	if (fd < 0 || connect(fd, (struct sockaddr *)&sin, sizeof(sin))) {
		printf("connect: %s\n", errname(errno));
		return 1;
	}
	if (utimeout &&
	    setsockopt(fd, IPPROTO_TCP, TCP_USER_TIMEOUT, &utimeout,
		       sizeof(utimeout))) {
		printf("setsockopt(TCP_USER_TIMEOUT): %s\n", errname(errno));
		return 1;
	}
	/* Blocked sends wake up every 100 ms to look at the clock. */
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
	sl = sizeof(l);
	getsockname(fd, (struct sockaddr *)&l, &sl);
	sl = sizeof(p);
	getpeername(fd, (struct sockaddr *)&p, &sl);
	printf("connected\n");
	fflush(stdout);
	memset(buf, 'x', sizeof(buf));
	for (;;) {
		if (got_usr1 && !t0)
			t0 = now_ms();
		if (t0 && orphan)
			break;
		if (t0 && now_ms() - t0 > bound * 1000LL) {
			printf("send: still blocked after %d s\n", bound);
			return 1;
		}
		n = send(fd, buf, sizeof(buf), MSG_NOSIGNAL);
		if (n < 0 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (n < 0) {
			int err = errno;

			printf("send: %s after %lld ms\n", errname(err),
			       t0 ? now_ms() - t0 : -1);
			return t0 ? (err == ETIMEDOUT ? 5 : 0) : 1;
		}
		sent += n;
		/* A modest stream: nine at once must not load the guest. */
		usleep(20000);
	}
	/* The orphan: more data, close, and watch it go. */
	n = send(fd, buf, sizeof(buf), MSG_DONTWAIT | MSG_NOSIGNAL);
	ioctl(fd, SIOCOUTQ, &outq);
	close(fd);
	printf("closed with %d bytes unacknowledged\n", outq);
	for (;;) {
		int st = proc_state(&l, &p);

		if (st < 0) {
			printf("orphan gone after %lld ms\n", now_ms() - t0);
			return 0;
		}
		if (now_ms() - t0 > bound * 1000LL) {
			printf("orphan still there after %d s, state %02X\n",
			       bound, st);
			return 1;
		}
		usleep(50000);
	}
}

static void bad_usage(void)
{
	fprintf(stderr,
		"usage: tcp-script-peer -i IFNAME -a PEER_ADDR -A SUT_ADDR -p PORT -N NETNS\n"
		"                       [-f inet|xinet] [-m MAC] [-t SECS] [-v] partial-ack | tail-loss | fuzz [-S SEED] [-n COUNT]\n"
		"       tcp-script-peer stall [-u MS] [-o] [-T SECS] inet|xinet ADDR PORT\n");
	exit(2);
}

static uint32_t parse_addr(const char *s)
{
	struct in_addr a;

	if (inet_pton(AF_INET, s, &a) != 1)
		bad_usage();
	return ntohl(a.s_addr);
}

int main(int argc, char **argv)
{
	const char *cmd;
	int c, rc;

	setvbuf(stdout, NULL, _IOLBF, 0);
	signal(SIGPIPE, SIG_IGN);
	if (argc > 1 && !strcmp(argv[1], "stall")) {
		rc = do_stall(argc - 1, argv + 1);
		if (rc == 2)
			bad_usage();
		return rc;
	}
	while ((c = getopt(argc, argv, "+i:a:A:p:N:f:m:t:v")) != -1) {
		switch (c) {
		case 'i':
			opt_ifname = optarg;
			break;
		case 'a':
			peer_addr = parse_addr(optarg);
			break;
		case 'A':
			sut_addr = parse_addr(optarg);
			break;
		case 'p':
			opt_port = atoi(optarg);
			break;
		case 'N':
			opt_netns = optarg;
			break;
		case 'f':
			opt_family = optarg;
			break;
		case 'm':
			opt_mac = optarg;
			break;
		case 't':
			signal(SIGALRM, on_alarm);
			alarm(atoi(optarg));
			break;
		case 'v':
			opt_verbose = 1;
			break;
		default:
			bad_usage();
		}
	}
	if (optind >= argc || !opt_ifname || !peer_addr || !sut_addr ||
	    !opt_port || !opt_netns || family_of(opt_family) < 0)
		bad_usage();
	cmd = argv[optind];

	pfd = socket(AF_PACKET, SOCK_DGRAM, htons(ETH_P_IP));
	if (pfd < 0) {
		perror("socket(AF_PACKET)");
		return 1;
	}
	pll.sll_family = AF_PACKET;
	pll.sll_protocol = htons(ETH_P_IP);
	pll.sll_ifindex = if_nametoindex(opt_ifname);
	if (!pll.sll_ifindex) {
		fprintf(stderr, "tcp-script-peer: no device %s\n", opt_ifname);
		return 1;
	}
	if (bind(pfd, (struct sockaddr *)&pll, sizeof(pll))) {
		perror("bind(AF_PACKET)");
		return 1;
	}
	if (opt_mac) {
		unsigned int b[6];
		int i;

		if (sscanf(opt_mac, "%x:%x:%x:%x:%x:%x", &b[0], &b[1], &b[2],
			   &b[3], &b[4], &b[5]) != 6)
			bad_usage();
		for (i = 0; i < 6; i++)
			pll.sll_addr[i] = b[i];
		pll.sll_halen = 6;
	}
	if (!strcmp(cmd, "partial-ack"))
		rc = do_partial_ack();
	else if (!strcmp(cmd, "tail-loss"))
		rc = do_tail_loss();
	else if (!strcmp(cmd, "fuzz"))
		rc = do_fuzz(argc - optind, argv + optind);
	else
		bad_usage();
	if (rc == 2)
		bad_usage();
	return rc;
}
