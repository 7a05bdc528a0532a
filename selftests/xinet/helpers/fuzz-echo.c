// SPDX-License-Identifier: GPL-2.0
/*
 * fuzz-echo: the xinet end of the packet fuzzer's TCP connections.
 *
 *   fuzz-echo [-g] [-l ADDR:PORT] [-c ADDR:PORT -n COUNT] [-f FAMILY]
 *
 * Listens on ADDR:PORT and makes COUNT connections to the other
 * ADDR:PORT (retrying while refused: the fuzzer may not listen yet), and
 * echoes on every connection at once (one poll loop: connections the
 * fuzzer holds idle must not block the others).  A connection that ends
 * (EOF, reset, error) is closed with SO_LINGER {1, 0}, and so is every
 * connection at SIGTERM, so that connections whose peer is a spoofed
 * address (handshakes the fuzzer completed) leave no socket behind.
 * -g: close a connection that reached EOF with a FIN instead.
 * Prints "listening" once listening, "ready" once connected too, and at exit "accepted N
 * connected N closed N".  FAMILY is xinet (default) or inet.
 */

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include <linux/xinet.h>

#define MAXFD	1024

static sig_atomic_t stop;	/* read with __atomic_load_n */
static struct pollfd pfd[MAXFD];
static int nfd;

static void on_term(int sig)
{
	(void)sig;
	stop = 1;
}

static int family_of(const char *name)
{
	int family = AF_XINET;
	FILE *f;

	if (!strcmp(name, "inet"))
		return AF_INET;
	f = fopen("/sys/module/xinet/parameters/family", "r");
	if (f) {
		if (fscanf(f, "%d", &family) != 1)
			family = AF_XINET;
		fclose(f);
	}
	return family;
}

static void parse_addr(const char *s, int family, struct sockaddr_in *sin)
{
	char buf[64], *colon;

	snprintf(buf, sizeof(buf), "%s", s);
	colon = strrchr(buf, ':');
	if (!colon) {
		fprintf(stderr, "fuzz-echo: bad address %s\n", s);
		exit(2);
	}
	*colon = '\0';
	memset(sin, 0, sizeof(*sin));
	sin->sin_family = family;
	sin->sin_port = htons(atoi(colon + 1));
	if (inet_pton(AF_INET, buf, &sin->sin_addr) != 1) {
		fprintf(stderr, "fuzz-echo: bad address %s\n", s);
		exit(2);
	}
}

/* Closing with a reset: nothing lingers in FIN_WAIT or TIME_WAIT. */
static void abort_close(int fd)
{
	struct linger lg = { .l_onoff = 1, .l_linger = 0 };

	setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg));
	close(fd);
}

static void add_fd(int fd)
{
	if (nfd == MAXFD) {
		abort_close(fd);
		return;
	}
	fcntl(fd, F_SETFL, O_NONBLOCK);
	pfd[nfd].fd = fd;
	pfd[nfd].events = POLLIN;
	nfd++;
}

int main(int argc, char **argv)
{
	const char *laddr = NULL, *caddr = NULL, *fam = "xinet";
	int graceful = 0;
	unsigned long accepted = 0, connected = 0, closed = 0;
	struct sockaddr_in sin;
	int c, count = 0, family, one = 1;
	char buf[65536];

	while ((c = getopt(argc, argv, "gl:c:n:f:")) != -1) {
		switch (c) {
		case 'l':
			laddr = optarg;
			break;
		case 'c':
			caddr = optarg;
			break;
		case 'n':
			count = atoi(optarg);
			break;
		case 'f':
			fam = optarg;
			break;
		case 'g':
			graceful = 1;
			break;
		default:
			fprintf(stderr, "usage: fuzz-echo [-g] [-l ADDR:PORT] [-c ADDR:PORT -n COUNT] [-f FAMILY]\n");
			return 2;
		}
	}
	family = family_of(fam);
	signal(SIGTERM, on_term);
	signal(SIGINT, on_term);
	signal(SIGPIPE, SIG_IGN);

	if (laddr) {
		int fd = socket(family, SOCK_STREAM, 0);

		parse_addr(laddr, family, &sin);
		setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
		if (fd < 0 || bind(fd, (struct sockaddr *)&sin, sizeof(sin)) ||
		    listen(fd, 128)) {
			perror("fuzz-echo: listen");
			return 1;
		}
		add_fd(fd);
		printf("listening\n");
		fflush(stdout);
	}
	if (caddr) {
		parse_addr(caddr, family, &sin);
		for (int i = 0; i < count && !__atomic_load_n(&stop, __ATOMIC_RELAXED); i++) {
			int fd = socket(family, SOCK_STREAM, 0);
			int tries = 0;

			while (connect(fd, (struct sockaddr *)&sin, sizeof(sin))) {
				if (errno != ECONNREFUSED || ++tries > 300) {
					perror("fuzz-echo: connect");
					return 1;
				}
				close(fd);
				fd = socket(family, SOCK_STREAM, 0);
				usleep(100000);
			}
			add_fd(fd);
			connected++;
		}
	}
	printf("ready\n");
	fflush(stdout);

	while (!__atomic_load_n(&stop, __ATOMIC_RELAXED)) {
		if (poll(pfd, nfd, 1000) < 0)
			continue;
		for (int i = 0; i < nfd; i++) {
			ssize_t n;

			if (!pfd[i].revents)
				continue;
			if (laddr && i == 0) {
				int fd = accept(pfd[0].fd, NULL, NULL);

				if (fd >= 0) {
					add_fd(fd);
					accepted++;
				}
				continue;
			}
			n = read(pfd[i].fd, buf, sizeof(buf));
			if (n > 0 && write(pfd[i].fd, buf, n) == n)
				continue;
			if (n < 0 && errno == EAGAIN)
				continue;
			/* EOF, reset or a short write: this one is done. */
			if (n == 0 && graceful)
				close(pfd[i].fd);
			else
				abort_close(pfd[i].fd);
			closed++;
			pfd[i--] = pfd[--nfd];
		}
	}
	for (int i = 0; i < nfd; i++)
		abort_close(pfd[i].fd);
	printf("accepted %lu connected %lu closed %lu\n", accepted, connected,
	       closed);
	return 0;
}
