// SPDX-License-Identifier: GPL-2.0
/*
 * xinet-tcp-echo: a TCP echo server and client on AF_INET or AF_XINET,
 * for `make demo`.  Says what it does on each step, so that the demo's
 * transcript shows the connection's life.
 *
 *   xinet-tcp-echo server inet|xinet ADDR PORT [N]
 *	listen on ADDR:PORT, print "ready", then serve N connections (default
 *	1) one at a time, echoing each until the client closes
 *   xinet-tcp-echo client inet|xinet ADDR PORT MSG...
 *	connect, send each MSG and read its echo, close
 *
 * Every blocking step gives up after 5 s; errors print the failing call
 * and exit 1.  The AF_XINET family number is read from sysfs, as xinet's
 * module parameter may have changed it.
 */

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>
#include <linux/xinet.h>

static const char *role = "?";

static int family_of(const char *name)
{
	int family = AF_XINET;
	FILE *f;

	if (!strcmp(name, "inet"))
		return AF_INET;
	f = fopen(XINET_FAMILY_PATH, "r");
	if (f) {
		if (fscanf(f, "%d", &family) != 1)
			family = AF_XINET;
		fclose(f);
	}
	return family;
}

static const char *family_name(int family)
{
	return family == AF_INET ? "AF_INET" : "AF_XINET";
}

static void fail(const char *what)
{
	printf("%s: %s: %s\n", role, what, strerror(errno));
	exit(1);
}

static const char *name(const struct sockaddr_in *sin)
{
	static char buf[2][32];
	static int i;

	i ^= 1;
	snprintf(buf[i], sizeof(buf[i]), "%s:%u", inet_ntoa(sin->sin_addr),
		 ntohs(sin->sin_port));
	return buf[i];
}

static int tcp_socket(int family)
{
	struct timeval tv = { .tv_sec = 5 };
	int fd = socket(family, SOCK_STREAM, 0);

	if (fd < 0)
		fail("socket");
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
	return fd;
}

static int send_all(int fd, const char *buf, size_t len)
{
	while (len) {
		ssize_t n = send(fd, buf, len, MSG_NOSIGNAL);

		if (n < 0)
			return -1;
		buf += n;
		len -= n;
	}
	return 0;
}

static int run_server(struct sockaddr_in *addr, long count)
{
	int one = 1, lfd = tcp_socket(addr->sin_family);

	setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(lfd, (struct sockaddr *)addr, sizeof(*addr)))
		fail("bind");
	if (listen(lfd, 8))
		fail("listen");
	printf("server: %s socket listening on %s\nready\n",
	       family_name(addr->sin_family), name(addr));
	fflush(stdout);

	while (count--) {
		struct sockaddr_in peer;
		socklen_t len = sizeof(peer);
		unsigned long total = 0;
		char buf[4096];
		ssize_t n;
		int fd;

		/* The listener's timeout would end the wait for a client. */
		do {
			fd = accept(lfd, (struct sockaddr *)&peer, &len);
		} while (fd < 0 && errno == EAGAIN);
		if (fd < 0)
			fail("accept");
		printf("server: accepted a connection from %s\n", name(&peer));
		fflush(stdout);
		while ((n = recv(fd, buf, sizeof(buf), 0)) > 0) {
			if (send_all(fd, buf, n))
				fail("send");
			total += n;
		}
		if (n < 0)
			fail("recv");
		printf("server: %s closed its side after %lu bytes; echoed them all, closing\n",
		       name(&peer), total);
		fflush(stdout);
		close(fd);
	}
	close(lfd);
	return 0;
}

static int run_client(struct sockaddr_in *addr, char **msgs, int n)
{
	struct sockaddr_in local;
	socklen_t len = sizeof(local);
	int fd = tcp_socket(addr->sin_family), i;
	char buf[4096];

	if (connect(fd, (struct sockaddr *)addr, sizeof(*addr)))
		fail("connect");
	if (getsockname(fd, (struct sockaddr *)&local, &len))
		fail("getsockname");
	printf("client: %s socket connected %s -> %s\n",
	       family_name(addr->sin_family), name(&local), name(addr));
	for (i = 0; i < n; i++) {
		size_t want = strlen(msgs[i]), got = 0;

		if (send_all(fd, msgs[i], want))
			fail("send");
		while (got < want) {
			ssize_t r = recv(fd, buf + got, want - got, 0);

			if (r < 0)
				fail("recv");
			if (!r)
				break;
			got += r;
		}
		buf[got] = '\0';
		printf("client: sent \"%s\", the echo is \"%s\"\n", msgs[i], buf);
	}
	if (shutdown(fd, SHUT_WR))
		fail("shutdown");
	if (recv(fd, buf, sizeof(buf), 0) != 0)
		fail("waiting for the server's close");
	printf("client: the server closed too; done\n");
	close(fd);
	return 0;
}

int main(int argc, char **argv)
{
	struct sockaddr_in addr = { 0 };

	if (argc < 5)
		goto usage;
	role = argv[1];
	addr.sin_family = family_of(argv[2]);
	if (inet_pton(AF_INET, argv[3], &addr.sin_addr) != 1)
		goto usage;
	addr.sin_port = htons(atoi(argv[4]));
	setvbuf(stdout, NULL, _IOLBF, 0);

	if (!strcmp(argv[1], "server"))
		return run_server(&addr, argc > 5 ? atol(argv[5]) : 1);
	if (!strcmp(argv[1], "client") && argc > 5)
		return run_client(&addr, argv + 5, argc - 5);
usage:
	fprintf(stderr, "usage: xinet-tcp-echo server inet|xinet ADDR PORT [N]\n"
			"       xinet-tcp-echo client inet|xinet ADDR PORT MSG...\n");
	return 2;
}
