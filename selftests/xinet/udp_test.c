// SPDX-License-Identifier: GPL-2.0
/*
 * udp_test: one table of UDP behaviours, each run on AF_INET over lo and
 * on AF_XINET over xlo (127.0.0.1 both), in a fresh network namespace.
 * Each behaviour writes what it saw (return values, errnos, flags, poll
 * masks) into a transcript; the AF_INET transcript must be the expected
 * one, and the AF_XINET transcript must equal it.
 */

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
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
#include <linux/errqueue.h>
#include <linux/sockios.h>
#include <linux/xinet.h>

#include "kselftest_harness.h"
#include "transcript.h"

#ifndef SOL_UDP
#define SOL_UDP		17
#endif
#ifndef UDP_SEGMENT
#define UDP_SEGMENT	103
#endif
#ifndef UDP_GRO
#define UDP_GRO		104
#endif

/* --- UDP sockets and counters ------------------------------------------ */

static int udp(struct run *r)
{
	return socket(r->family, SOCK_DGRAM, 0);
}

static long send_to(struct run *r, int fd, const char *ip, int port,
		    const void *buf, size_t len, int flags)
{
	struct sockaddr_in a = addr_of(r, ip, port);

	return sendto(fd, buf, len, flags, (struct sockaddr *)&a, sizeof(a));
}

/* --- the behaviours ------------------------------------------------------ */

static void bind_conflicts(struct run *r)
{
	int a = udp(r), b = udp(r), c = udp(r), d = udp(r);

	rec(r, "bind_a", bind_to(r, a, "127.0.0.1", 5001));
	rec(r, "same", bind_to(r, b, "127.0.0.1", 5001));
	rec(r, "wild_over_addr", bind_to(r, b, "0.0.0.0", 5001));
	rec(r, "other_addr", bind_to(r, b, "127.0.0.2", 5001));
	rec(r, "wild", bind_to(r, c, "0.0.0.0", 5002));
	rec(r, "addr_under_wild", bind_to(r, d, "127.0.0.1", 5002));
	close(a); close(b); close(c); close(d);
	/* Closing gives the port back. */
	a = udp(r);
	rec(r, "after_close", bind_to(r, a, "127.0.0.1", 5001));
	close(a);
}

static void bind_reuse(struct run *r)
{
	int a = udp(r), b = udp(r), c = udp(r), d = udp(r), e = udp(r);

	setint(a, SOL_SOCKET, SO_REUSEADDR, 1);
	setint(b, SOL_SOCKET, SO_REUSEADDR, 1);
	rec(r, "reuseaddr_a", bind_to(r, a, "127.0.0.1", 5003));
	rec(r, "reuseaddr_b", bind_to(r, b, "127.0.0.1", 5003));
	rec(r, "reuseaddr_plain", bind_to(r, c, "127.0.0.1", 5003));
	close(c);
	c = udp(r);
	setint(c, SOL_SOCKET, SO_REUSEPORT, 1);
	setint(d, SOL_SOCKET, SO_REUSEPORT, 1);
	rec(r, "reuseport_c", bind_to(r, c, "127.0.0.1", 5004));
	rec(r, "reuseport_d", bind_to(r, d, "127.0.0.1", 5004));
	rec(r, "reuseport_plain", bind_to(r, e, "127.0.0.1", 5004));
	close(a); close(b); close(c); close(d); close(e);
}

static void bind_errors(struct run *r)
{
	struct sockaddr_in a = addr_of(r, "127.0.0.1", 5005);
	int fd = udp(r), fd2 = udp(r);

	rec(r, "notavail", bind_to(r, fd, "10.9.9.9", 5005));
	rec(r, "short", bind(fd, (struct sockaddr *)&a, sizeof(a) - 1));
	a.sin_family = AF_UNIX;
	rec(r, "family", bind(fd, (struct sockaddr *)&a, sizeof(a)));
	a.sin_family = AF_UNSPEC;
	rec(r, "unspec_addr", bind(fd, (struct sockaddr *)&a, sizeof(a)));
	a.sin_addr.s_addr = htonl(INADDR_ANY);
	rec(r, "unspec_any", bind(fd, (struct sockaddr *)&a, sizeof(a)));
	rec(r, "double", bind_to(r, fd, "127.0.0.1", 5006));
	rec(r, "ephemeral", bind_to(r, fd2, "127.0.0.1", 0));
	say(r, "eph_range=%d ", local_port(fd2) >= 1024);
	close(fd);
	close(fd2);
}

static void bind_privileged(struct run *r)
{
	int fd = udp(r);

	rec(r, "port80", bind_to(r, fd, "127.0.0.1", 80));
	rec(r, "port1024", bind_to(r, fd, "127.0.0.1", 1024));
	close(fd);
}

static void names(struct run *r)
{
	int fd = udp(r), srv = udp(r);

	rec_name(r, "fresh_name", fd, 0, true);
	rec_name(r, "fresh_peer", fd, 1, true);
	bind_to(r, srv, "127.0.0.1", 5007);
	rec(r, "connect", connect_to(r, fd, "127.0.0.1", 5007));
	rec_name(r, "name", fd, 0, false);
	rec_name(r, "peer", fd, 1, true);
	rec(r, "reconnect", connect_to(r, fd, "127.0.0.1", 5008));
	rec_name(r, "peer2", fd, 1, true);
	close(fd);
	close(srv);
}

static void connect_unspec(struct run *r)
{
	struct sockaddr_in un = { .sin_family = AF_UNSPEC };
	int fd = udp(r), fd2 = udp(r);

	/* Autobound by connect: the port goes with the association. */
	rec(r, "connect", connect_to(r, fd, "127.0.0.1", 5009));
	rec(r, "unspec", connect(fd, (struct sockaddr *)&un, sizeof(un)));
	rec_name(r, "name", fd, 0, true);
	rec_name(r, "peer", fd, 1, true);
	rec(r, "send", send(fd, "x", 1, 0));
	/* Bound by the user: the port stays, the address too. */
	rec(r, "bind", bind_to(r, fd2, "127.0.0.1", 5010));
	rec(r, "connect2", connect_to(r, fd2, "127.0.0.1", 5009));
	rec(r, "unspec2", connect(fd2, (struct sockaddr *)&un, sizeof(un)));
	rec_name(r, "name2", fd2, 0, true);
	rec(r, "unspec_short", connect(fd2, (struct sockaddr *)&un, 1));
	close(fd);
	close(fd2);
}

static void send_errors(struct run *r)
{
	static char big[65536];
	struct sockaddr_in a = addr_of(r, "127.0.0.1", 5011);
	int fd = udp(r), srv = udp(r);

	setint(srv, SOL_SOCKET, SO_RCVBUF, 1 << 20);
	bind_to(r, srv, "127.0.0.1", 5011);
	rec(r, "unconnected", send(fd, "x", 1, 0));
	rec(r, "short_name", sendto(fd, "x", 1, 0, (struct sockaddr *)&a, 8));
	a.sin_family = AF_UNIX;
	rec(r, "family", sendto(fd, "x", 1, 0, (struct sockaddr *)&a,
				sizeof(a)));
	a.sin_family = AF_UNSPEC;
	rec(r, "unspec", sendto(fd, "x", 1, 0, (struct sockaddr *)&a,
				sizeof(a)));
	rec(r, "port0", send_to(r, fd, "127.0.0.1", 0, "x", 1, 0));
	rec(r, "max", send_to(r, fd, "127.0.0.1", 5011, big, 65507, 0));
	rec(r, "over_max", send_to(r, fd, "127.0.0.1", 5011, big, 65508, 0));
	rec(r, "over_64k", send_to(r, fd, "127.0.0.1", 5011, big, 65536, 0));
	rec(r, "recv_unspec", recv(srv, big, 10, MSG_DONTWAIT));
	rec(r, "recv_max", recv(srv, big, sizeof(big), MSG_DONTWAIT));
	rec(r, "recv_none", recv(srv, big, sizeof(big), MSG_DONTWAIT));
	close(fd);
	close(srv);
}

static void refused(struct run *r)
{
	char buf[16];
	int fd = udp(r);

	rec(r, "connect", connect_to(r, fd, "127.0.0.1", 5012));
	rec(r, "send", send(fd, "ping", 4, 0));
	rec(r, "poll", poll_mask(fd, POLLIN, 2000));
	rec(r, "recv", recv(fd, buf, sizeof(buf), 0));
	rec(r, "recv_again", recv(fd, buf, sizeof(buf), MSG_DONTWAIT));
	rec(r, "send2", send(fd, "ping", 4, 0));
	usleep(100 * 1000);
	/* The error is reported once, by whichever call comes first. */
	rec(r, "send3", send(fd, "ping", 4, 0));
	rec(r, "send4", send(fd, "ping", 4, 0));
	close(fd);
}

static void msg_flags(struct run *r)
{
	struct sockaddr_in from;
	char buf[64] = "";
	struct iovec iov = { .iov_base = buf, .iov_len = 5 };
	struct msghdr m = {
		.msg_name = &from, .msg_namelen = sizeof(from),
		.msg_iov = &iov, .msg_iovlen = 1,
	};
	int srv = udp(r), cli = udp(r);

	bind_to(r, srv, "127.0.0.1", 5013);
	bind_to(r, cli, "127.0.0.1", 5014);
	rec(r, "dontwait_empty", recv(srv, buf, sizeof(buf), MSG_DONTWAIT));
	rec(r, "send", send_to(r, cli, "127.0.0.1", 5013, "hello world", 11,
			       0));
	rec(r, "peek_short", recvmsg(srv, &m, MSG_PEEK));
	say(r, "flags=%s%s ", m.msg_flags & MSG_TRUNC ? "trunc" : "-",
	    strncmp(buf, "hello", 5) ? "bad" : "");
	say(r, "from=%d,%s,%d,len%u ", from.sin_family == r->family,
	    inet_ntoa(from.sin_addr), ntohs(from.sin_port), m.msg_namelen);
	rec(r, "peek_trunc", recv(srv, buf, 2, MSG_PEEK | MSG_TRUNC));
	rec(r, "trunc", recv(srv, buf, 4, MSG_TRUNC));
	rec(r, "gone", recv(srv, buf, sizeof(buf), MSG_DONTWAIT));
	send_to(r, cli, "127.0.0.1", 5013, "", 0, 0);
	rec(r, "empty_datagram", recv(srv, buf, sizeof(buf), MSG_DONTWAIT));
	send_to(r, cli, "127.0.0.1", 5013, "abc", 3, 0);
	iov.iov_len = sizeof(buf);
	m.msg_namelen = sizeof(from);
	m.msg_flags = 0;
	rec(r, "full", recvmsg(srv, &m, 0));
	say(r, "flags2=%s ", m.msg_flags & MSG_TRUNC ? "trunc" : "-");
	rec(r, "oob", send_to(r, cli, "127.0.0.1", 5013, "x", 1, MSG_OOB));
	close(srv);
	close(cli);
}

/*
 * SO_PEEK_OFF on datagrams: the offset runs across the queue, so peeks
 * walk through a datagram and on to the next; a read moves it back.
 */
static void peek_off(struct run *r)
{
	int srv = udp(r), cli = udp(r), off = 0;

	bind_to(r, srv, "127.0.0.1", 5050);
	rec_peek_off(r, "default", srv);
	rec(r, "set", setsockopt(srv, SOL_SOCKET, SO_PEEK_OFF, &off, sizeof(off)));
	send_to(r, cli, "127.0.0.1", 5050, "aaaa", 4, 0);
	send_to(r, cli, "127.0.0.1", 5050, "bbbbbb", 6, 0);
	rec(r, "poll", poll_mask(srv, POLLIN, 2000));
	rec_read(r, "peek1", srv, 2, MSG_PEEK);
	rec_read(r, "peek2", srv, 16, MSG_PEEK);
	rec_read(r, "peek3", srv, 16, MSG_PEEK);
	rec_peek_off(r, "off", srv);
	rec_read(r, "read", srv, 16, 0);
	rec_peek_off(r, "off2", srv);
	rec_read(r, "peek4", srv, 16, MSG_PEEK);
	rec_read(r, "read2", srv, 16, 0);
	rec_peek_off(r, "off3", srv);
	close(srv);
	close(cli);
}

static void poll_masks(struct run *r)
{
	int srv = udp(r), cli = udp(r);
	char buf[8];

	rec(r, "fresh", poll_mask(srv, POLLIN | POLLOUT | POLLPRI, 0));
	bind_to(r, srv, "127.0.0.1", 5015);
	rec(r, "bound", poll_mask(srv, POLLIN | POLLOUT, 0));
	send_to(r, cli, "127.0.0.1", 5015, "x", 1, 0);
	rec(r, "readable", poll_mask(srv, POLLIN | POLLOUT | POLLRDNORM, 100));
	recv(srv, buf, sizeof(buf), 0);
	rec(r, "drained", poll_mask(srv, POLLIN | POLLOUT, 0));
	rec(r, "shut_rd", shutdown(srv, SHUT_RD));
	rec(r, "after_shut_rd", poll_mask(srv, POLLIN | POLLOUT | POLLRDHUP,
					  0));
	rec(r, "recv_shut", recv(srv, buf, sizeof(buf), 0));
	rec(r, "shut_wr", shutdown(cli, SHUT_WR));
	rec(r, "send_shut", send_to(r, cli, "127.0.0.1", 5015, "x", 1,
				    MSG_NOSIGNAL));
	rec(r, "after_shut_rdwr", poll_mask(srv, POLLIN | POLLOUT, 0));
	rec(r, "shut_bad", shutdown(cli, 7));
	connect_to(r, cli, "127.0.0.1", 5015);
	rec(r, "shut_connected", shutdown(cli, SHUT_RDWR));
	close(srv);
	close(cli);
}

static void rcvtimeo(struct run *r)
{
	struct timeval tv = { .tv_usec = 200 * 1000 };
	struct timespec t0, t1;
	char buf[8];
	long ms;
	int fd = udp(r);

	bind_to(r, fd, "127.0.0.1", 5016);
	rec(r, "set", setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv,
				 sizeof(tv)));
	clock_gettime(CLOCK_MONOTONIC, &t0);
	rec(r, "recv", recv(fd, buf, sizeof(buf), 0));
	clock_gettime(CLOCK_MONOTONIC, &t1);
	ms = (t1.tv_sec - t0.tv_sec) * 1000 +
	     (t1.tv_nsec - t0.tv_nsec) / 1000000;
	say(r, "waited=%d ", ms >= 150 && ms < 1000);
	close(fd);
}

#define SPREAD_SOCKS	4
#define SPREAD_FLOWS	64

static void reuseport_spread(struct run *r)
{
	int srv[SPREAD_SOCKS], got[SPREAD_SOCKS] = {}, i, total = 0, all = 1;
	char buf[8];

	for (i = 0; i < SPREAD_SOCKS; i++) {
		srv[i] = udp(r);
		setint(srv[i], SOL_SOCKET, SO_REUSEPORT, 1);
		if (bind_to(r, srv[i], "127.0.0.1", 5017))
			all = 0;
	}
	for (i = 0; i < SPREAD_FLOWS; i++) {
		int cli = udp(r);

		send_to(r, cli, "127.0.0.1", 5017, "x", 1, 0);
		close(cli);
	}
	usleep(50 * 1000);
	for (i = 0; i < SPREAD_SOCKS; i++) {
		while (recv(srv[i], buf, sizeof(buf), MSG_DONTWAIT) == 1)
			got[i]++;
		total += got[i];
		if (!got[i])
			all = 0;
		close(srv[i]);
	}
	say(r, "bound=%d total=%d every_socket_got_some=%d ",
	    all || total, total, all);
}

static void rcvbuf_drops(struct run *r)
{
	static char payload[1000];
	long before, after;
	int srv = udp(r), cli = udp(r), i, got = 0;
	char buf[2048];

	setint(srv, SOL_SOCKET, SO_RCVBUF, 4096);
	bind_to(r, srv, "127.0.0.1", 5018);
	before = mib(r, "snmp", "Udp:", "RcvbufErrors");
	for (i = 0; i < 200; i++)
		send_to(r, cli, "127.0.0.1", 5018, payload, sizeof(payload), 0);
	usleep(50 * 1000);
	while (recv(srv, buf, sizeof(buf), MSG_DONTWAIT) > 0)
		got++;
	after = mib(r, "snmp", "Udp:", "RcvbufErrors");
	say(r, "counter=%d some=%d dropped=%d counted=%d ", before >= 0,
	    got > 0, got < 200, after - before == 200 - got);
	close(srv);
	close(cli);
}

/*
 * Big datagrams weigh their size against SO_RCVBUF, not a power of two
 * above it: the default buffer (212992) holds at least six of 32000
 * bytes, as iperf3 sends them over a loopback.
 */
static void rcvbuf_big_datagrams(struct run *r)
{
	static char payload[32000];
	int srv = udp(r), cli = udp(r), i, got = 0;

	bind_to(r, srv, "127.0.0.1", 5019);
	for (i = 0; i < 10; i++)
		send_to(r, cli, "127.0.0.1", 5019, payload, sizeof(payload), 0);
	usleep(50 * 1000);
	while (recv(srv, payload, sizeof(payload), MSG_DONTWAIT) ==
	       sizeof(payload))
		got++;
	say(r, "queued_six=%d dropped=%d ", got >= 6, got < 10);
	close(srv);
	close(cli);
}

/* IP_PKTINFO, IP_RECVTTL, IP_RECVTOS control messages. */
static void cmsgs(struct run *r)
{
	char buf[16], cbuf[256];
	struct iovec iov = { .iov_base = buf, .iov_len = sizeof(buf) };
	struct msghdr m = {
		.msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = cbuf, .msg_controllen = sizeof(cbuf),
	};
	struct cmsghdr *c;
	int srv = udp(r), cli = udp(r);

	bind_to(r, srv, "127.0.0.1", 5021);
	rec(r, "pktinfo", setint(srv, SOL_IP, IP_PKTINFO, 1));
	rec(r, "recvttl", setint(srv, SOL_IP, IP_RECVTTL, 1));
	rec(r, "recvtos", setint(srv, SOL_IP, IP_RECVTOS, 1));
	setint(cli, SOL_IP, IP_TTL, 33);
	setint(cli, SOL_IP, IP_TOS, 0x10);
	send_to(r, cli, "127.0.0.1", 5021, "x", 1, 0);
	rec(r, "recvmsg", recvmsg(srv, &m, 0));
	for (c = CMSG_FIRSTHDR(&m); c; c = CMSG_NXTHDR(&m, c)) {
		if (c->cmsg_level != SOL_IP) {
			say(r, "level%d ", c->cmsg_level);
			continue;
		}
		if (c->cmsg_type == IP_PKTINFO) {
			struct in_pktinfo *pi = (void *)CMSG_DATA(c);

			say(r, "pktinfo=%s,if%d ", inet_ntoa(pi->ipi_addr),
			    pi->ipi_ifindex > 0);
		} else if (c->cmsg_type == IP_TTL) {
			say(r, "ttl=%d ", *(int *)CMSG_DATA(c));
		} else if (c->cmsg_type == IP_TOS) {
			say(r, "tos=%d ", *(unsigned char *)CMSG_DATA(c));
		} else {
			say(r, "type%d ", c->cmsg_type);
		}
	}
	close(srv);
	close(cli);
}

/* The /proc/net/{,xinet/}udp line of a bound, connected socket. */
static void proc_udp(struct run *r)
{
	const char *path = r->family == AF_INET ? "/proc/net/udp" :
						 "/proc/net/xinet/udp";
	char line[256], head[256] = "", mine[256] = "";
	int fd = udp(r);
	FILE *f;

	bind_to(r, fd, "127.0.0.1", 5019);
	connect_to(r, fd, "127.0.0.1", 5020);
	f = fopen(path, "r");
	if (!f) {
		rec(r, "open", -1);
		close(fd);
		return;
	}
	if (fgets(head, sizeof(head), f))
		while (fgets(line, sizeof(line), f))
			if (strstr(line, "0100007F:139B"))
				snprintf(mine, sizeof(mine), "%s", line);
	fclose(f);
	/* Up to "uid": the rest (inode, pointer) differs by nature. */
	mine[strlen(mine) > 76 ? 76 : strlen(mine)] = 0;
	say(r, "head=[%s] line=[%s]", strtok(head, "\n") ?: "",
	    strchr(mine, ':') ?: "none");
	close(fd);
}

/*
 * The broadcast address of 127/8 is a broadcast address, not a local
 * one: sending to it needs SO_BROADCAST, and every socket of the port
 * gets a copy.
 */
static void subnet_broadcast(struct run *r)
{
	int fd = udp(r), any = udp(r), bc = udp(r), snd = udp(r);
	char buf[8];

	rec(r, "connect", connect_to(r, fd, "127.255.255.255", 5040));
	rec(r, "sendto", send_to(r, fd, "127.255.255.255", 5040, "x", 1, 0));
	setint(any, SOL_SOCKET, SO_REUSEADDR, 1);
	setint(bc, SOL_SOCKET, SO_REUSEADDR, 1);
	rec(r, "bind_any", bind_to(r, any, "0.0.0.0", 5040));
	rec(r, "bind_bcast", bind_to(r, bc, "127.255.255.255", 5040));
	rec_name(r, "bcast_name", bc, 0, true);
	setint(fd, SOL_SOCKET, SO_BROADCAST, 1);
	rec(r, "connect_so_broadcast", connect_to(r, fd, "127.255.255.255",
						  5040));
	rec_name(r, "peer", fd, 1, true);
	rec_name(r, "name", fd, 0, false);
	rec(r, "send", send(fd, "ab", 2, 0));
	rec(r, "poll_any", poll_mask(any, POLLIN, 2000));
	rec(r, "recv_any", recv(any, buf, sizeof(buf), MSG_DONTWAIT));
	rec(r, "poll_bcast", poll_mask(bc, POLLIN, 2000));
	rec(r, "recv_bcast", recv(bc, buf, sizeof(buf), MSG_DONTWAIT));
	setint(snd, SOL_SOCKET, SO_BROADCAST, 1);
	rec(r, "sendto_so_broadcast", send_to(r, snd, "127.255.255.255", 5040,
					      "abc", 3, 0));
	rec(r, "poll_any2", poll_mask(any, POLLIN, 2000));
	rec(r, "recv_any2", recv(any, buf, sizeof(buf), MSG_DONTWAIT));
	rec(r, "poll_bcast2", poll_mask(bc, POLLIN, 2000));
	rec(r, "recv_bcast2", recv(bc, buf, sizeof(buf), MSG_DONTWAIT));
	close(fd);
	close(any);
	close(bc);
	close(snd);
}

/*
 * 255.255.255.255: no route from an unbound socket (only lo is up); from
 * a socket bound to an address it leaves through that address's device.
 */
static void limited_broadcast(struct run *r)
{
	int fd = udp(r), bound = udp(r), any = udp(r);
	char buf[8];

	setint(fd, SOL_SOCKET, SO_BROADCAST, 1);
	rec(r, "unbound", connect_to(r, fd, "255.255.255.255", 5041));
	rec(r, "bind", bind_to(r, bound, "127.0.0.1", 0));
	rec(r, "bound", connect_to(r, bound, "255.255.255.255", 5041));
	setint(bound, SOL_SOCKET, SO_BROADCAST, 1);
	rec(r, "bound_so_broadcast", connect_to(r, bound, "255.255.255.255",
						5041));
	rec_name(r, "peer", bound, 1, true);
	rec(r, "bind_any", bind_to(r, any, "0.0.0.0", 5041));
	rec(r, "send", send(bound, "ab", 2, 0));
	rec(r, "poll", poll_mask(any, POLLIN, 2000));
	rec(r, "recv", recv(any, buf, sizeof(buf), MSG_DONTWAIT));
	close(fd);
	close(bound);
	close(any);
}

/* 0.0.0.0 as a destination is this host, as for TCP. */
static void connect_any(struct run *r)
{
	int srv = udp(r), fd = udp(r), fd2 = udp(r), fd3 = udp(r);
	char buf[8];

	bind_to(r, srv, "127.0.0.1", 5042);
	rec(r, "connect", connect_to(r, fd, "0.0.0.0", 5042));
	rec_name(r, "peer", fd, 1, true);
	rec_name(r, "name", fd, 0, false);
	rec(r, "send", send(fd, "a", 1, 0));
	rec(r, "poll", poll_mask(srv, POLLIN, 2000));
	rec(r, "recv", recv(srv, buf, sizeof(buf), MSG_DONTWAIT));
	rec(r, "sendto", send_to(r, fd2, "0.0.0.0", 5042, "bc", 2, 0));
	rec(r, "poll2", poll_mask(srv, POLLIN, 2000));
	rec(r, "recv2", recv(srv, buf, sizeof(buf), MSG_DONTWAIT));
	/* From a bound socket, the bound address is the destination. */
	rec(r, "bind", bind_to(r, fd3, "127.0.0.2", 0));
	rec(r, "connect_bound", connect_to(r, fd3, "0.0.0.0", 5042));
	rec_name(r, "peer_bound", fd3, 1, true);
	close(srv);
	close(fd);
	close(fd2);
	close(fd3);
}

static void rec_ioctl(struct run *r, const char *what, int fd,
		      unsigned long req)
{
	int v = -1;

	if (ioctl(fd, req, &v))
		rec(r, what, -1);
	else
		rec(r, what, v);
}

/* FIONREAD/SIOCINQ: the next datagram's payload; SIOCOUTQ: unsent. */
static void ioctls(struct run *r)
{
	int srv = udp(r), cli = udp(r);
	char buf[8];

	bind_to(r, srv, "127.0.0.1", 5043);
	rec_ioctl(r, "inq_empty", srv, SIOCINQ);
	send_to(r, cli, "127.0.0.1", 5043, "hello", 5, 0);
	send_to(r, cli, "127.0.0.1", 5043, "ab", 2, 0);
	send_to(r, cli, "127.0.0.1", 5043, "", 0, 0);
	poll_mask(srv, POLLIN, 2000);
	usleep(50 * 1000);
	rec_ioctl(r, "fionread", srv, FIONREAD);
	rec_ioctl(r, "inq", srv, SIOCINQ);
	rec_ioctl(r, "outq", cli, SIOCOUTQ);
	rec(r, "recv", recv(srv, buf, sizeof(buf), 0));
	rec_ioctl(r, "inq2", srv, SIOCINQ);
	rec(r, "recv2", recv(srv, buf, sizeof(buf), 0));
	rec_ioctl(r, "inq_empty_datagram", srv, SIOCINQ);
	rec(r, "poll", poll_mask(srv, POLLIN, 0));
	rec(r, "recv3", recv(srv, buf, sizeof(buf), 0));
	rec_ioctl(r, "inq3", srv, SIOCINQ);
	close(srv);
	close(cli);
}

/* An int socket option's value, or -1 with errno. */
static int getint(int fd, int level, int name)
{
	int val = -1;
	socklen_t len = sizeof(val);

	if (getsockopt(fd, level, name, &val, &len))
		return -1;
	return val;
}

/*
 * recvmsg(MSG_ERRQUEUE): "what=ret what_ee=errno/origin/type/code/info
 * what_from=port/addr what_offender=family what_flags=..." as the error
 * queue gives them.
 */
static void rec_errqueue(struct run *r, const char *what, int fd)
{
	char data[64], ctl[256], name[32];
	struct sockaddr_in from = {};
	struct iovec iov = { data, sizeof(data) };
	struct msghdr msg = {
		.msg_name = &from, .msg_namelen = sizeof(from),
		.msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = ctl, .msg_controllen = sizeof(ctl),
	};
	struct sock_extended_err *ee = NULL;
	struct cmsghdr *c;
	ssize_t n;

	n = recvmsg(fd, &msg, MSG_ERRQUEUE | MSG_DONTWAIT);
	rec(r, what, n);
	if (n < 0)
		return;
	for (c = CMSG_FIRSTHDR(&msg); c; c = CMSG_NXTHDR(&msg, c))
		if (c->cmsg_level == SOL_IP && c->cmsg_type == IP_RECVERR)
			ee = (struct sock_extended_err *)CMSG_DATA(c);
	if (!ee) {
		say(r, "%s_ee=none ", what);
		return;
	}
	inet_ntop(AF_INET, &from.sin_addr, name, sizeof(name));
	say(r, "%s_ee=%s/%u/%u/%u/%u %s_from=%u/%s %s_offender=%d %s_flags=%s ",
	    what, strerrorname_np(ee->ee_errno) ?: "?", ee->ee_origin,
	    ee->ee_type, ee->ee_code, ee->ee_info, what, ntohs(from.sin_port),
	    name, what, ((struct sockaddr_in *)SO_EE_OFFENDER(ee))->sin_family,
	    what, msg.msg_flags & MSG_ERRQUEUE ? "errqueue" : "-");
}

/*
 * IP_MTU_DISCOVER and IP_MTU over a loopback whose MTU is 1400: the
 * modes' errnos, IP_MTU only with a peer, DF modes refusing a datagram
 * one byte over the MTU with EMSGSIZE and, with IP_RECVERR, a local
 * error on the queue.  (Modes that fragment are left to the
 * fragmentation tests.)
 */
static void pmtu_opts(struct run *r)
{
	int fd = udp(r), ls = socket(r->family, SOCK_STREAM, 0);
	int t = socket(r->family, SOCK_STREAM, 0), a, sink = udp(r);
	struct sockaddr_in un = { .sin_family = AF_UNSPEC };
	static char buf[1400];

	rec(r, "set_mtu", set_lo_mtu(r, 1400));
	rec(r, "default", getint(fd, SOL_IP, IP_MTU_DISCOVER));
	rec(r, "over", setint(fd, SOL_IP, IP_MTU_DISCOVER, IP_PMTUDISC_OMIT + 1));
	rec(r, "neg", setint(fd, SOL_IP, IP_MTU_DISCOVER, -1));
	rec(r, "omit", setint(fd, SOL_IP, IP_MTU_DISCOVER, IP_PMTUDISC_OMIT));
	rec(r, "omit_get", getint(fd, SOL_IP, IP_MTU_DISCOVER));
	rec(r, "mtu_unconnected", getint(fd, SOL_IP, IP_MTU));
	rec(r, "mtu_set", setint(fd, SOL_IP, IP_MTU, 1000));
	rec(r, "tcp_mtu_fresh", getint(t, SOL_IP, IP_MTU));
	rec(r, "bind", bind_to(r, ls, "127.0.0.1", 5050));
	rec(r, "listen", listen(ls, 1));
	rec(r, "tcp_mtu_listen", getint(ls, SOL_IP, IP_MTU));
	rec(r, "tcp_connect", connect_to(r, t, "127.0.0.1", 5050));
	rec(r, "tcp_mtu", getint(t, SOL_IP, IP_MTU));
	a = accept(ls, NULL, NULL);
	rec(r, "tcp_mtu_accepted", getint(a, SOL_IP, IP_MTU));
	rec(r, "tcp_df", getint(t, SOL_IP, IP_MTU_DISCOVER));

	/* A receiver, so that no port unreachable comes back. */
	rec(r, "sink", bind_to(r, sink, "127.0.0.1", 5051));
	rec(r, "connect", connect_to(r, fd, "127.0.0.1", 5051));
	rec(r, "mtu", getint(fd, SOL_IP, IP_MTU));
	rec(r, "do", setint(fd, SOL_IP, IP_MTU_DISCOVER, IP_PMTUDISC_DO));
	rec(r, "send_fits", send(fd, buf, 1400 - 28, 0));
	rec(r, "send_over", send(fd, buf, 1400 - 27, 0));
	rec_errqueue(r, "noerr", fd);
	rec(r, "recverr", setint(fd, SOL_IP, IP_RECVERR, 1));
	rec(r, "send_over2", send(fd, buf, 1400 - 27, 0));
	rec_errqueue(r, "err", fd);
	rec_errqueue(r, "err2", fd);
	rec(r, "probe", setint(fd, SOL_IP, IP_MTU_DISCOVER, IP_PMTUDISC_PROBE));
	rec(r, "probe_over", send(fd, buf, 1400 - 27, 0));
	rec(r, "iface", setint(fd, SOL_IP, IP_MTU_DISCOVER,
			       IP_PMTUDISC_INTERFACE));
	rec(r, "iface_over", send(fd, buf, 1400 - 27, 0));
	rec(r, "iface_fits", send(fd, buf, 1400 - 28, 0));
	rec(r, "unspec", connect(fd, (struct sockaddr *)&un, sizeof(un)));
	rec(r, "mtu_disconnected", getint(fd, SOL_IP, IP_MTU));
	close(sink);
	close(a);
	close(t);
	close(ls);
	close(fd);
	/* Each loopback's own default. */
	rec(r, "restore_mtu", set_lo_mtu(r, r->family == AF_INET ? 65536 : 65535));
}

/* --- UDP_SEGMENT and UDP_GRO ------------------------------------------- */

/* The bytes of a GSO send: a pattern that differs per offset. */
static char gso_payload[3500];

static void gso_fill(void)
{
	size_t i;

	for (i = 0; i < sizeof(gso_payload); i++)
		gso_payload[i] = (char)(i * 7 + (i >> 8));
}

/* Their options: values, ranges and errnos, get and set. */
static void gro_opts(struct run *r)
{
	int fd = udp(r), one = 1;
	socklen_t len = 2;

	rec(r, "gro_default", getint(fd, SOL_UDP, UDP_GRO));
	rec(r, "gro_on", setint(fd, SOL_UDP, UDP_GRO, 1));
	rec(r, "gro_get", getint(fd, SOL_UDP, UDP_GRO));
	rec(r, "gro_off", setint(fd, SOL_UDP, UDP_GRO, 0));
	rec(r, "gro_get_off", getint(fd, SOL_UDP, UDP_GRO));
	rec(r, "gro_any", setint(fd, SOL_UDP, UDP_GRO, -7));
	rec(r, "gro_get_any", getint(fd, SOL_UDP, UDP_GRO));
	rec(r, "gro_short", setsockopt(fd, SOL_UDP, UDP_GRO, &one, 2));
	one = -1;
	rec(r, "gro_get_short", getsockopt(fd, SOL_UDP, UDP_GRO, &one, &len));
	say(r, "short_len=%u short_val=%d ", len, one & 0xffff);
	rec(r, "seg_default", getint(fd, SOL_UDP, UDP_SEGMENT));
	rec(r, "seg_set", setint(fd, SOL_UDP, UDP_SEGMENT, 1000));
	rec(r, "seg_get", getint(fd, SOL_UDP, UDP_SEGMENT));
	rec(r, "seg_neg", setint(fd, SOL_UDP, UDP_SEGMENT, -1));
	rec(r, "seg_big", setint(fd, SOL_UDP, UDP_SEGMENT, 65536));
	rec(r, "seg_get2", getint(fd, SOL_UDP, UDP_SEGMENT));
	close(fd);
}

/*
 * recvmsg into @len bytes with @flags: "what=n what_flags=... what_gro=N
 * what_data=ok|bad" (the UDP_GRO cmsg's segment size, "none" without it;
 * the data compared with the send's from byte @off).
 */
static void rec_gro_msg(struct run *r, const char *what, int fd, size_t len,
			int flags, size_t off)
{
	static char buf[65536];
	char cbuf[CMSG_SPACE(sizeof(int))];
	struct iovec iov = { .iov_base = buf, .iov_len = len };
	struct msghdr m = {
		.msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = cbuf, .msg_controllen = sizeof(cbuf),
	};
	struct cmsghdr *c;
	int gro = -1;
	ssize_t n;

	n = recvmsg(fd, &m, flags | MSG_DONTWAIT);
	rec(r, what, n);
	if (n < 0)
		return;
	for (c = CMSG_FIRSTHDR(&m); c; c = CMSG_NXTHDR(&m, c))
		if (c->cmsg_level == SOL_UDP && c->cmsg_type == UDP_GRO)
			memcpy(&gro, CMSG_DATA(c), sizeof(gro));
	if (gro < 0)
		say(r, "%s_gro=none ", what);
	else
		say(r, "%s_gro=%d ", what, gro);
	say(r, "%s_flags=%s%s %s_data=%s ", what,
	    m.msg_flags & MSG_TRUNC ? "trunc" : "-",
	    m.msg_flags & MSG_CTRUNC ? "ctrunc" : "", what,
	    memcmp(buf, gso_payload + off,
		   (size_t)n < len ? (size_t)n : len) ? "bad" : "ok");
}

/* Counters of the family's snmp and netstat, before and after. */
struct gro_mibs {
	long in_dgrams, in_receives, in_noect, in_delivers, in_errors;
};

static void gro_mibs_read(struct run *r, struct gro_mibs *m)
{
	m->in_dgrams = mib(r, "snmp", "Udp:", "InDatagrams");
	m->in_receives = mib(r, "snmp", "Ip:", "InReceives");
	m->in_delivers = mib(r, "snmp", "Ip:", "InDelivers");
	m->in_errors = mib(r, "snmp", "Udp:", "InErrors");
	m->in_noect = mib(r, "netstat", "IpExt:", "InNoECTPkts");
}

static void gro_mibs_say(struct run *r, const struct gro_mibs *a,
			 const struct gro_mibs *b)
{
	say(r, "InDatagrams+%ld InReceives+%ld InDelivers+%ld InErrors+%ld InNoECTPkts+%ld ",
	    b->in_dgrams - a->in_dgrams, b->in_receives - a->in_receives,
	    b->in_delivers - a->in_delivers, b->in_errors - a->in_errors,
	    b->in_noect - a->in_noect);
}

/*
 * A UDP_SEGMENT send of 3,500 bytes in 1,000-byte datagrams over the
 * loopback: a UDP_GRO receiver gets them whole in one read, with the
 * segment size in a UDP_GRO cmsg; the packet crosses the loopback as one
 * (Ip InReceives 1) holding four wire packets (IpExt InNoECTPkts 4).  A
 * single datagram gets no cmsg.
 */
static void gro_whole(struct run *r)
{
	int srv = udp(r), cli = udp(r);
	struct gro_mibs a, b;

	gso_fill();
	bind_to(r, srv, "127.0.0.1", 5070);
	rec(r, "gro", setint(srv, SOL_UDP, UDP_GRO, 1));
	rec(r, "seg", setint(cli, SOL_UDP, UDP_SEGMENT, 1000));
	gro_mibs_read(r, &a);
	rec(r, "send", send_to(r, cli, "127.0.0.1", 5070, gso_payload,
			       sizeof(gso_payload), 0));
	usleep(20 * 1000);
	rec_gro_msg(r, "recv", srv, 65536, 0, 0);
	rec(r, "more", recv(srv, gso_payload, 1, MSG_DONTWAIT));
	gro_mibs_read(r, &b);
	gro_mibs_say(r, &a, &b);
	rec(r, "send_one", send_to(r, cli, "127.0.0.1", 5070, gso_payload,
				   1000, 0));
	rec_gro_msg(r, "recv_one", srv, 65536, 0, 0);
	close(srv);
	close(cli);
}

/*
 * The same send to a receiver without UDP_GRO: four datagrams, one read
 * each, no cmsg, each counted in InDatagrams; still one packet for IP.
 * Turning UDP_GRO off again makes a receiver of the first kind.
 */
static void gro_off(struct run *r)
{
	int srv = udp(r), cli = udp(r);
	struct gro_mibs a, b;

	gso_fill();
	bind_to(r, srv, "127.0.0.1", 5071);
	rec(r, "seg", setint(cli, SOL_UDP, UDP_SEGMENT, 1000));
	gro_mibs_read(r, &a);
	rec(r, "send", send_to(r, cli, "127.0.0.1", 5071, gso_payload,
			       sizeof(gso_payload), 0));
	usleep(20 * 1000);
	rec_gro_msg(r, "d1", srv, 65536, 0, 0);
	rec_gro_msg(r, "d2", srv, 65536, 0, 1000);
	rec_gro_msg(r, "d3", srv, 65536, 0, 2000);
	rec_gro_msg(r, "d4", srv, 65536, 0, 3000);
	rec(r, "more", recv(srv, gso_payload, 1, MSG_DONTWAIT));
	gro_mibs_read(r, &b);
	gro_mibs_say(r, &a, &b);
	setint(srv, SOL_UDP, UDP_GRO, 1);
	rec(r, "gro_then_off", setint(srv, SOL_UDP, UDP_GRO, 0));
	send_to(r, cli, "127.0.0.1", 5071, gso_payload, 2500, 0);
	usleep(20 * 1000);
	rec_gro_msg(r, "e1", srv, 65536, 0, 0);
	rec_gro_msg(r, "e2", srv, 65536, 0, 1000);
	rec_gro_msg(r, "e3", srv, 65536, 0, 2000);
	close(srv);
	close(cli);
}

/*
 * A UDP_GRO receiver reading the whole packet into a short buffer: the
 * read is cut (MSG_TRUNC in the flags, the rest of the packet gone), and
 * recv(MSG_TRUNC) says the whole length; MSG_PEEK leaves it queued.
 */
static void gro_trunc(struct run *r)
{
	int srv = udp(r), cli = udp(r);

	gso_fill();
	bind_to(r, srv, "127.0.0.1", 5072);
	setint(srv, SOL_UDP, UDP_GRO, 1);
	setint(cli, SOL_UDP, UDP_SEGMENT, 1000);
	send_to(r, cli, "127.0.0.1", 5072, gso_payload, sizeof(gso_payload),
		0);
	usleep(20 * 1000);
	rec_gro_msg(r, "peek", srv, 1500, MSG_PEEK, 0);
	rec_gro_msg(r, "short", srv, 1500, 0, 0);
	rec(r, "rest", recv(srv, gso_payload, 1, MSG_DONTWAIT));
	gso_fill();
	send_to(r, cli, "127.0.0.1", 5072, gso_payload, sizeof(gso_payload),
		0);
	usleep(20 * 1000);
	rec_gro_msg(r, "trunc", srv, 10, MSG_TRUNC, 0);
	rec(r, "rest2", recv(srv, gso_payload, 1, MSG_DONTWAIT));
	close(srv);
	close(cli);
}

/* --- the table --------------------------------------------------------- */

FIXTURE(udp) {
	int xfamily;
};

FIXTURE_VARIANT(udp) {
	void (*fn)(struct run *r);
	const char *expect;	/* AF_INET's transcript */
	bool no_bind_service;	/* drop CAP_NET_BIND_SERVICE first */
};

FIXTURE_SETUP(udp)
{
	self->xfamily = xinet_family();
	ASSERT_EQ(0, netns_lo_up());
}

FIXTURE_TEARDOWN(udp)
{
}

FIXTURE_VARIANT_ADD(udp, bind_conflicts) {
	.fn = bind_conflicts,
	.expect = "bind_a=0 same=EADDRINUSE wild_over_addr=EADDRINUSE other_addr=0 wild=0 addr_under_wild=EADDRINUSE after_close=0 ",
};
FIXTURE_VARIANT_ADD(udp, bind_reuse) {
	.fn = bind_reuse,
	.expect = "reuseaddr_a=0 reuseaddr_b=0 reuseaddr_plain=EADDRINUSE reuseport_c=0 reuseport_d=0 reuseport_plain=EADDRINUSE ",
};
FIXTURE_VARIANT_ADD(udp, bind_errors) {
	.fn = bind_errors,
	.expect = "notavail=EADDRNOTAVAIL short=EINVAL family=EAFNOSUPPORT unspec_addr=EAFNOSUPPORT unspec_any=0 double=EINVAL ephemeral=0 eph_range=1 ",
};
FIXTURE_VARIANT_ADD(udp, bind_privileged) {
	.fn = bind_privileged,
	.expect = "port80=EACCES port1024=0 ",
	.no_bind_service = true,
};
FIXTURE_VARIANT_ADD(udp, names) {
	.fn = names,
	.expect = "fresh_name=0.0.0.0:0/fam/16 fresh_peer=ENOTCONN connect=0 name=127.0.0.1:any/fam/16 peer=127.0.0.1:5007/fam/16 reconnect=0 peer2=127.0.0.1:5008/fam/16 ",
};
FIXTURE_VARIANT_ADD(udp, connect_unspec) {
	.fn = connect_unspec,
	.expect = "connect=0 unspec=0 name=0.0.0.0:0/fam/16 peer=ENOTCONN send=EDESTADDRREQ bind=0 connect2=0 unspec2=0 name2=127.0.0.1:5010/fam/16 unspec_short=EINVAL ",
};
FIXTURE_VARIANT_ADD(udp, send_errors) {
	.fn = send_errors,
	.expect = "unconnected=EDESTADDRREQ short_name=EINVAL family=EAFNOSUPPORT unspec=1 port0=EINVAL max=65507 over_max=EMSGSIZE over_64k=EMSGSIZE recv_unspec=1 recv_max=65507 recv_none=EAGAIN ",
};
FIXTURE_VARIANT_ADD(udp, refused) {
	.fn = refused,
	.expect = "connect=0 send=4 poll=8 recv=ECONNREFUSED recv_again=EAGAIN send2=4 send3=ECONNREFUSED send4=4 ",
};
FIXTURE_VARIANT_ADD(udp, msg_flags) {
	.fn = msg_flags,
	.expect = "dontwait_empty=EAGAIN send=11 peek_short=5 flags=trunc from=1,127.0.0.1,5014,len16 peek_trunc=11 trunc=11 gone=EAGAIN empty_datagram=0 full=3 flags2=- oob=EOPNOTSUPP ",
};
FIXTURE_VARIANT_ADD(udp, peek_off) {
	.fn = peek_off,
	.expect = "default=-1 set=0 poll=1 peek1=2 peek1_data=aa peek2=2 peek2_data=aa peek3=6 peek3_data=bbbbbb off=10 read=4 read_data=aaaa off2=6 peek4=EAGAIN read2=6 read2_data=bbbbbb off3=0 ",
};
FIXTURE_VARIANT_ADD(udp, poll_masks) {
	.fn = poll_masks,
	.expect = "fresh=4 bound=4 readable=69 drained=4 shut_rd=ENOTCONN after_shut_rd=8197 recv_shut=0 shut_wr=ENOTCONN send_shut=EPIPE after_shut_rdwr=5 shut_bad=EINVAL shut_connected=0 ",
};
FIXTURE_VARIANT_ADD(udp, rcvtimeo) {
	.fn = rcvtimeo,
	.expect = "set=0 recv=EAGAIN waited=1 ",
};
FIXTURE_VARIANT_ADD(udp, reuseport_spread) {
	.fn = reuseport_spread,
	.expect = "bound=1 total=64 every_socket_got_some=1 ",
};
FIXTURE_VARIANT_ADD(udp, rcvbuf_drops) {
	.fn = rcvbuf_drops,
	.expect = "counter=1 some=1 dropped=1 counted=1 ",
};
FIXTURE_VARIANT_ADD(udp, rcvbuf_big_datagrams) {
	.fn = rcvbuf_big_datagrams,
	.expect = "queued_six=1 dropped=1 ",
};
FIXTURE_VARIANT_ADD(udp, cmsgs) {
	.fn = cmsgs,
	.expect = "pktinfo=0 recvttl=0 recvtos=0 recvmsg=1 pktinfo=127.0.0.1,if1 ttl=33 tos=16 ",
};
FIXTURE_VARIANT_ADD(udp, proc_udp) {
	.fn = proc_udp,
	.expect = "head=[   sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops            ] line=[: 0100007F:139B 0100007F:139C 01 00000000:00000000 00:00000000 00000000]",
};

FIXTURE_VARIANT_ADD(udp, subnet_broadcast) {
	.fn = subnet_broadcast,
	.expect = "connect=EACCES sendto=EACCES bind_any=0 bind_bcast=0 bcast_name=127.255.255.255:5040/fam/16 connect_so_broadcast=0 peer=127.255.255.255:5040/fam/16 name=127.0.0.1:any/fam/16 send=2 poll_any=1 recv_any=2 poll_bcast=1 recv_bcast=2 sendto_so_broadcast=3 poll_any2=1 recv_any2=3 poll_bcast2=1 recv_bcast2=3 ",
};
FIXTURE_VARIANT_ADD(udp, limited_broadcast) {
	.fn = limited_broadcast,
	.expect = "unbound=ENETUNREACH bind=0 bound=EACCES bound_so_broadcast=0 peer=255.255.255.255:5041/fam/16 bind_any=0 send=2 poll=1 recv=2 ",
};
FIXTURE_VARIANT_ADD(udp, connect_any) {
	.fn = connect_any,
	.expect = "connect=0 peer=127.0.0.1:5042/fam/16 name=127.0.0.1:any/fam/16 send=1 poll=1 recv=1 sendto=2 poll2=1 recv2=2 bind=0 connect_bound=0 peer_bound=127.0.0.2:5042/fam/16 ",
};
FIXTURE_VARIANT_ADD(udp, ioctls) {
	.fn = ioctls,
	.expect = "inq_empty=0 fionread=5 inq=5 outq=0 recv=5 inq2=2 recv2=2 inq_empty_datagram=0 poll=1 recv3=0 inq3=0 ",
};

FIXTURE_VARIANT_ADD(udp, pmtu_opts) {
	.fn = pmtu_opts,
	.expect = "set_mtu=0 default=1 over=EINVAL neg=EINVAL omit=0 omit_get=5 mtu_unconnected=ENOTCONN mtu_set=ENOPROTOOPT tcp_mtu_fresh=ENOTCONN bind=0 listen=0 tcp_mtu_listen=ENOTCONN tcp_connect=0 tcp_mtu=1400 tcp_mtu_accepted=1400 tcp_df=1 sink=0 connect=0 mtu=1400 do=0 send_fits=1372 send_over=EMSGSIZE noerr=EAGAIN recverr=0 send_over2=EMSGSIZE err=0 err_ee=EMSGSIZE/1/0/0/1400 err_from=5051/127.0.0.1 err_offender=0 err_flags=errqueue err2=EAGAIN probe=0 probe_over=EMSGSIZE iface=0 iface_over=EMSGSIZE iface_fits=1372 unspec=0 mtu_disconnected=ENOTCONN restore_mtu=0 ",
};

FIXTURE_VARIANT_ADD(udp, gro_opts) {
	.fn = gro_opts,
	.expect = "gro_default=0 gro_on=0 gro_get=1 gro_off=0 gro_get_off=0 gro_any=0 gro_get_any=1 gro_short=EINVAL gro_get_short=0 short_len=2 short_val=1 seg_default=0 seg_set=0 seg_get=1000 seg_neg=EINVAL seg_big=EINVAL seg_get2=1000 ",
};
FIXTURE_VARIANT_ADD(udp, gro_whole) {
	.fn = gro_whole,
	.expect = "gro=0 seg=0 send=3500 recv=3500 recv_gro=1000 recv_flags=- recv_data=ok more=EAGAIN InDatagrams+1 InReceives+1 InDelivers+1 InErrors+0 InNoECTPkts+4 send_one=1000 recv_one=1000 recv_one_gro=none recv_one_flags=- recv_one_data=ok ",
};
FIXTURE_VARIANT_ADD(udp, gro_off) {
	.fn = gro_off,
	.expect = "seg=0 send=3500 d1=1000 d1_gro=none d1_flags=- d1_data=ok d2=1000 d2_gro=none d2_flags=- d2_data=ok d3=1000 d3_gro=none d3_flags=- d3_data=ok d4=500 d4_gro=none d4_flags=- d4_data=ok more=EAGAIN InDatagrams+4 InReceives+1 InDelivers+1 InErrors+0 InNoECTPkts+4 gro_then_off=0 e1=1000 e1_gro=none e1_flags=- e1_data=ok e2=1000 e2_gro=none e2_flags=- e2_data=ok e3=500 e3_gro=none e3_flags=- e3_data=ok ",
};
FIXTURE_VARIANT_ADD(udp, gro_trunc) {
	.fn = gro_trunc,
	.expect = "peek=1500 peek_gro=1000 peek_flags=trunc peek_data=ok short=1500 short_gro=1000 short_flags=trunc short_data=ok rest=EAGAIN trunc=3500 trunc_gro=1000 trunc_flags=trunc trunc_data=ok rest2=EAGAIN ",
};

TEST_F(udp, same_as_af_inet)
{
	struct run in = { .family = AF_INET };
	struct run xin = { .family = self->xfamily };

	if (variant->no_bind_service)
		ASSERT_EQ(0, set_effective_cap(CAP_NET_BIND_SERVICE, false));
	variant->fn(&in);
	variant->fn(&xin);
	TH_LOG("AF_INET:  %s", in.log);
	TH_LOG("AF_XINET: %s", xin.log);
	EXPECT_STREQ(variant->expect, in.log);
	EXPECT_STREQ(in.log, xin.log);
}

/* Count the lines of a /proc socket list that hold @needle. */
static int proc_count(const char *path, const char *needle)
{
	char line[256];
	int n = 0;
	FILE *f = fopen(path, "r");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (strstr(line, needle))
			n++;
	fclose(f);
	return n;
}

/*
 * The table and /proc/net/xinet/udp are per namespace: the same port is
 * free in a new namespace, and each lists only its own sockets.
 */
TEST(same_port_in_two_namespaces)
{
	struct run in = { .family = AF_INET };
	struct run xin = { .family = xinet_family() };
	int fam[2] = { AF_INET, xin.family }, fd[2][2], i;
	struct run *r[2] = { &in, &xin };

	ASSERT_EQ(0, unshare(CLONE_NEWNET));
	for (i = 0; i < 2; i++) {
		fd[i][0] = udp(r[i]);
		ASSERT_EQ(0, bind_to(r[i], fd[i][0], "0.0.0.0", 5030));
	}
	EXPECT_EQ(1, proc_count("/proc/net/xinet/udp", "00000000:13A6"));
	ASSERT_EQ(0, unshare(CLONE_NEWNET));
	EXPECT_EQ(0, proc_count("/proc/net/xinet/udp", "00000000:13A6"));
	for (i = 0; i < 2; i++) {
		fd[i][1] = socket(fam[i], SOCK_DGRAM, 0);
		ASSERT_GE(fd[i][1], 0);
		EXPECT_EQ(0, bind_to(r[i], fd[i][1], "0.0.0.0", 5030));
	}
	EXPECT_EQ(1, proc_count("/proc/net/xinet/udp", "00000000:13A6"));
	for (i = 0; i < 2; i++) {
		close(fd[i][0]);
		close(fd[i][1]);
	}
}

TEST_HARNESS_MAIN
