// SPDX-License-Identifier: GPL-2.0
/*
 * udp-seq: numbered UDP datagrams on AF_INET or AF_XINET, for the tests
 * of xnet's fault injection (losses, duplicates, reordering).
 *
 *   udp-seq send inet|xinet ADDR PORT N [GAP_US]
 *	send datagrams 0..N-1, each carrying its number, GAP_US apart
 *	(default 0), from an unconnected socket so that an ICMP error
 *	stops nothing; print "sent N errors E" (E: failed sends)
 *   udp-seq recv inet|xinet ADDR PORT IDLE_MS
 *	bind, print "ready" (stderr), then print the number of every
 *	datagram in arrival order, one a line (line-buffered, so that a
 *	script may kill it at any time), until none came for IDLE_MS
 */

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <linux/xinet.h>

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

int main(int argc, char **argv)
{
	struct sockaddr_in sin = { 0 };
	char buf[2048];
	int fd;

	if (argc < 6)
		goto usage;
	sin.sin_family = family_of(argv[2]);
	sin.sin_addr.s_addr = inet_addr(argv[3]);
	sin.sin_port = htons(atoi(argv[4]));
	fd = socket(sin.sin_family, SOCK_DGRAM, 0);
	if (fd < 0) {
		printf("socket: %s\n", strerror(errno));
		return 1;
	}

	if (!strcmp(argv[1], "send")) {
		long i, errors = 0, n = atol(argv[5]);
		long gap = argc > 6 ? atol(argv[6]) : 0;

		for (i = 0; i < n; i++) {
			int len = snprintf(buf, sizeof(buf), "%ld", i);

			/* Padded, so that a flipped bit is rarely in a header. */
			memset(buf + len + 1, 'x', 63);
			if (sendto(fd, buf, len + 64, 0, (struct sockaddr *)&sin,
				   sizeof(sin)) < 0) {
				fprintf(stderr, "send %ld: %s\n", i, strerror(errno));
				errors++;
			}
			if (gap)
				usleep(gap);
		}
		printf("sent %ld errors %ld\n", n, errors);
		return errors ? 1 : 0;
	}

	if (!strcmp(argv[1], "recv")) {
		int idle = atoi(argv[5]), rcvbuf = 8 << 20;
		struct pollfd pfd = { .fd = fd, .events = POLLIN };

		setvbuf(stdout, NULL, _IOLBF, 0);
		/* Room for a whole test's burst; failure only means less. */
		setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &rcvbuf,
			   sizeof(rcvbuf));
		if (bind(fd, (struct sockaddr *)&sin, sizeof(sin))) {
			printf("bind: %s\n", strerror(errno));
			return 1;
		}
		fprintf(stderr, "ready\n");
		while (poll(&pfd, 1, idle) == 1) {
			ssize_t r = recv(fd, buf, sizeof(buf) - 1, 0);

			if (r < 0) {
				fprintf(stderr, "recv: %s\n", strerror(errno));
				return 1;
			}
			buf[r] = '\0';
			printf("%ld\n", atol(buf));
		}
		return 0;
	}

usage:
	fprintf(stderr,
		"usage: udp-seq send inet|xinet ADDR PORT N [GAP_US]\n"
		"       udp-seq recv inet|xinet ADDR PORT IDLE_MS\n");
	return 2;
}
