// SPDX-License-Identifier: GPL-2.0
/*
 * trace-scenario: one walk through each call path that
 * Documentation/call-paths.md maps, for scripts/xinet-trace (make
 * trace-demo, trace_test).
 *
 *   trace-scenario [PORT]
 *
 * In a network namespace of its own (unshare, so as root): a TCP
 * listener and a connection to it over xlo (socket, bind, listen,
 * connect, accept, a send and a receive, close on both sides), a UDP
 * datagram between two sockets, and one ping through a ping socket.
 * Before each step it writes "xinet-trace step NAME" to ftrace's
 * trace_marker, which scripts/xinet-trace reads as the start of step
 * NAME (the "### NAME:" headings of the map), and prints NAME on stdout.
 * Exit 0 when every step did what it should, 1 otherwise.
 */

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <linux/icmp.h>
#include <linux/xinet.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

static int marker = -1;
static int family = AF_XINET;

static void mark_step(const char *name)
{
	char buf[128];
	int n = snprintf(buf, sizeof(buf), "xinet-trace step %s", name);

	printf("step %s\n", name);
	fflush(stdout);
	if (marker >= 0 && write(marker, buf, n) != n)
		perror("trace_marker");
}

static void die(const char *what)
{
	fprintf(stderr, "trace-scenario: %s: %s\n", what, strerror(errno));
	exit(1);
}

static struct sockaddr_xin loopback(int port)
{
	struct sockaddr_xin a = {
		.sxin_family = family,
		.sxin_port = htons(port),
		.sxin_addr = htonl(INADDR_LOOPBACK),
	};

	return a;
}

static int sock(int type, int proto)
{
	int fd = socket(family, type, proto);

	if (fd < 0)
		die("socket");
	return fd;
}

/* Wait up to 5 s for fd to be readable: a lost packet fails, not hangs. */
static void readable(int fd, const char *what)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };

	if (poll(&p, 1, 5000) != 1)
		die(what);
}

static void setup(void)
{
	static const char * const markers[] = {
		"/sys/kernel/tracing/trace_marker",
		"/sys/kernel/debug/tracing/trace_marker",
	};
	unsigned int i;
	FILE *f;

	for (i = 0; i < ARRAY_SIZE(markers) && marker < 0; i++)
		marker = open(markers[i], O_WRONLY | O_CLOEXEC);
	f = fopen(XINET_FAMILY_PATH, "r");
	if (f) {
		if (fscanf(f, "%d", &family) != 1)
			family = AF_XINET;
		fclose(f);
	}
}

static void tcp_walk(int port)
{
	struct sockaddr_xin a = loopback(port);
	char buf[64];
	int lfd, cfd, afd;

	mark_step("socket");
	lfd = sock(SOCK_STREAM, 0);
	cfd = sock(SOCK_STREAM, 0);

	mark_step("bind");
	if (bind(lfd, (struct sockaddr *)&a, sizeof(a)))
		die("bind");

	mark_step("listen");
	if (listen(lfd, 8))
		die("listen");

	mark_step("connect");
	if (connect(cfd, (struct sockaddr *)&a, sizeof(a)))
		die("connect");

	mark_step("accept");
	afd = accept(lfd, NULL, NULL);
	if (afd < 0)
		die("accept");

	mark_step("send");
	if (send(cfd, "hello", 5, 0) != 5)
		die("send");

	mark_step("recv");
	readable(afd, "recv: no data");
	if (recv(afd, buf, sizeof(buf), 0) != 5)
		die("recv");

	/* The client closes first and ends in TIME_WAIT, as the seed's. */
	mark_step("close-active");
	close(cfd);

	mark_step("close-passive");
	readable(afd, "close: no FIN");
	if (recv(afd, buf, sizeof(buf), 0) != 0)
		die("close: data after the FIN");
	close(afd);

	mark_step("close-listener");
	close(lfd);
}

static void udp_walk(int port)
{
	struct sockaddr_xin a = loopback(port);
	char buf[64];
	int rx, tx;

	mark_step("udp-socket");
	rx = sock(SOCK_DGRAM, 0);
	tx = sock(SOCK_DGRAM, 0);

	mark_step("udp-bind");
	if (bind(rx, (struct sockaddr *)&a, sizeof(a)))
		die("udp bind");

	mark_step("udp-send");
	if (sendto(tx, "hello", 5, 0, (struct sockaddr *)&a, sizeof(a)) != 5)
		die("udp sendto");

	mark_step("udp-recv");
	readable(rx, "udp recv: no datagram");
	if (recv(rx, buf, sizeof(buf), 0) != 5)
		die("udp recv");

	mark_step("udp-close");
	close(tx);
	close(rx);
}

static void ping_walk(void)
{
	struct icmphdr req = { .type = ICMP_ECHO, .un.echo.sequence = htons(1) };
	struct sockaddr_xin a = loopback(0);
	char buf[128];
	int fd, f;

	/* Ping sockets are for the groups in ping_group_range: root's here. */
	f = open("/proc/sys/net/xinet/ping_group_range", O_WRONLY | O_CLOEXEC);
	if (f < 0 || write(f, "0 0", 3) != 3)
		die("ping_group_range");
	close(f);

	mark_step("ping");
	fd = sock(SOCK_DGRAM, IPPROTO_ICMP);
	if (sendto(fd, &req, sizeof(req), 0, (struct sockaddr *)&a, sizeof(a)) != sizeof(req))
		die("ping sendto");
	readable(fd, "ping: no reply");
	if (recv(fd, buf, sizeof(buf), 0) < (int)sizeof(req) ||
	    ((struct icmphdr *)buf)->type != ICMP_ECHOREPLY)
		die("ping: not an echo reply");
	close(fd);
}

int main(int argc, char **argv)
{
	int port = argc > 1 ? atoi(argv[1]) : 7000;

	setup();
	mark_step("netns");
	if (unshare(CLONE_NEWNET))
		die("unshare(CLONE_NEWNET)");
	tcp_walk(port);
	udp_walk(port + 1);
	ping_walk();
	mark_step("end");
	return 0;
}
