// SPDX-License-Identifier: GPL-2.0
/*
 * md5-peer: one end of a TCP-MD5 (RFC 2385) connection, on AF_INET or
 * AF_XINET, for the interop tests across an xnet pair.
 *
 *   md5-peer listen FAMILY ADDR PORT PEER KEY
 *	a listener with KEY for PEER; prints "ready", accepts one
 *	connection, reads to EOF and prints "got=N sum=S" (S: FNV-1a of
 *	the bytes), answers "ok" and closes
 *   md5-peer connect FAMILY ADDR PORT KEY BYTES MS
 *	connects with KEY for ADDR (MS ms at most), sends BYTES of a fixed
 *	pattern, half-closes and waits for the answer; prints
 *	"sent=N sum=S reply=WHAT", or "connect=ERRNO" when the handshake
 *	did not complete
 *
 * FAMILY is inet or xinet (AF_XINET's number is read from sysfs).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <linux/tcp.h>
#include <linux/xinet.h>

#include "../family.h"

static uint32_t fnv(uint32_t h, const unsigned char *p, size_t n)
{
	while (n--) {
		h ^= *p++;
		h *= 16777619u;
	}
	return h;
}

static int set_key(int fd, const char *peer, const char *key)
{
	struct tcp_md5sig cmd;
	struct sockaddr_in *sin = (struct sockaddr_in *)&cmd.tcpm_addr;

	memset(&cmd, 0, sizeof(cmd));
	/* AF_INET for either family: the uapi struct's address. */
	sin->sin_family = AF_INET;
	if (inet_pton(AF_INET, peer, &sin->sin_addr) != 1)
		return -1;
	cmd.tcpm_keylen = strlen(key);
	memcpy(cmd.tcpm_key, key, cmd.tcpm_keylen);
	return setsockopt(fd, IPPROTO_TCP, TCP_MD5SIG, &cmd, sizeof(cmd));
}

static int do_listen(int fd, struct sockaddr_in *a, const char *peer,
		     const char *key)
{
	uint32_t sum = 2166136261u;
	unsigned char buf[65536];
	long got = 0;
	ssize_t n;
	int c, one = 1;

	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(fd, (struct sockaddr *)a, sizeof(*a)) ||
	    set_key(fd, peer, key) || listen(fd, 4)) {
		perror("listen");
		return 1;
	}
	printf("ready\n");
	fflush(stdout);
	c = accept(fd, NULL, NULL);
	if (c < 0) {
		perror("accept");
		return 1;
	}
	while ((n = read(c, buf, sizeof(buf))) > 0) {
		sum = fnv(sum, buf, n);
		got += n;
	}
	printf("got=%ld sum=%08x\n", got, sum);
	fflush(stdout);
	if (write(c, "ok", 2) != 2)
		perror("write");
	close(c);
	return 0;
}

static int do_connect(int fd, struct sockaddr_in *a, const char *key,
		      long bytes, int ms)
{
	struct pollfd p = { .fd = fd, .events = POLLOUT };
	uint32_t sum = 2166136261u;
	unsigned char buf[65536];
	socklen_t len = sizeof(int);
	char peer[INET_ADDRSTRLEN];
	long sent = 0, i;
	int err = 0;
	ssize_t n;

	for (i = 0; i < (long)sizeof(buf); i++)
		buf[i] = i * 13 + i / 256;
	inet_ntop(AF_INET, &a->sin_addr, peer, sizeof(peer));
	if (set_key(fd, peer, key)) {
		perror("TCP_MD5SIG");
		return 1;
	}
	fcntl(fd, F_SETFL, O_NONBLOCK);
	if (connect(fd, (struct sockaddr *)a, sizeof(*a)) &&
	    errno != EINPROGRESS) {
		printf("connect=%s\n", strerrorname_np(errno));
		return 1;
	}
	if (poll(&p, 1, ms) != 1) {
		printf("connect=ETIMEDOUT\n");
		return 1;
	}
	getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len);
	if (err) {
		printf("connect=%s\n", strerrorname_np(err));
		return 1;
	}
	fcntl(fd, F_SETFL, 0);
	while (sent < bytes) {
		size_t chunk = bytes - sent < (long)sizeof(buf) ?
			       (size_t)(bytes - sent) : sizeof(buf);

		n = write(fd, buf, chunk);
		if (n <= 0) {
			perror("write");
			return 1;
		}
		sum = fnv(sum, buf, n);
		sent += n;
	}
	shutdown(fd, SHUT_WR);
	n = read(fd, buf, sizeof(buf) - 1);
	buf[n > 0 ? n : 0] = 0;
	printf("sent=%ld sum=%08x reply=%s\n", sent, sum, buf);
	return 0;
}

int main(int argc, char **argv)
{
	struct sockaddr_in a = { 0 };
	int family, fd;

	family = argc == 7 || argc == 8 ? family_of(argv[2]) : -1;
	if (family < 0) {
		fprintf(stderr,
			"usage: %s listen FAMILY ADDR PORT PEER KEY | connect FAMILY ADDR PORT KEY BYTES MS\n",
			argv[0]);
		return 2;
	}
	a.sin_family = family;
	a.sin_port = htons(atoi(argv[4]));
	if (inet_pton(AF_INET, argv[3], &a.sin_addr) != 1)
		return 2;
	fd = socket(family, SOCK_STREAM, 0);
	if (fd < 0) {
		perror("socket");
		return 1;
	}
	if (!strcmp(argv[1], "listen") && argc == 7)
		return do_listen(fd, &a, argv[5], argv[6]);
	if (!strcmp(argv[1], "connect") && argc == 8)
		return do_connect(fd, &a, argv[5], atol(argv[6]), atoi(argv[7]));
	return 2;
}
