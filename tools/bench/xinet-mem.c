// SPDX-License-Identifier: GPL-2.0
/*
 * xinet-mem: the kernel memory a TCP connection costs, AF_INET against
 * AF_XINET, measured the same way for both (issue #16 section 2).
 *
 * For each family, over loopback: the slab memory in use (the sum of
 * active objects times object size over every cache of /proc/slabinfo)
 * before and after opening N connections and leaving them idle, then
 * after closing them so that N TIME_WAIT sockets remain on the client
 * side.  The difference over N is the cost of one idle connection (both
 * ends: two sockets and whatever hangs off them) and of one TIME_WAIT
 * socket.  The caches that grew most are listed, so that the figure can
 * be read.
 *
 * Usage: xinet-mem [-n connections] [-f family]
 * Root only (/proc/slabinfo, the file limit).  Run it on an otherwise
 * idle system: anything else allocating meanwhile counts.
 */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <linux/xinet.h>
#include "slab.h"

#define TOP		6

static void die(const char *what)
{
	fprintf(stderr, "xinet-mem: %s: %s\n", what, strerror(errno));
	exit(1);
}

static void measure(int family, const char *label, int n)
{
	static struct slab_snapshot s0, s1, s2;
	struct sockaddr_in a = { .sin_family = family };
	socklen_t len = sizeof(a);
	int *cli = calloc(n, sizeof(int)), *srv = calloc(n, sizeof(int));
	int lfd, i;

	if (!cli || !srv)
		die("calloc");
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	lfd = socket(family, SOCK_STREAM, 0);
	if (lfd < 0 || bind(lfd, (struct sockaddr *)&a, sizeof(a)) ||
	    getsockname(lfd, (struct sockaddr *)&a, &len) || listen(lfd, 4096))
		die("listener");

	slab_settle();
	if (slab_snap(&s0))
		die("/proc/slabinfo");
	for (i = 0; i < n; i++) {
		cli[i] = socket(family, SOCK_STREAM, 0);
		if (cli[i] < 0 ||
		    connect(cli[i], (struct sockaddr *)&a, sizeof(a)))
			die("connect");
		srv[i] = accept(lfd, NULL, NULL);
		if (srv[i] < 0)
			die("accept");
	}
	slab_settle();
	if (slab_snap(&s1))
		die("/proc/slabinfo");
	printf("%-8s idle established: %6lld bytes per connection (both ends), %d connections\n",
	       label, (s1.total - s0.total) / n, n);
	slab_print_growth(&s0, &s1, n, TOP);

	/* The client closes first: its end stays in TIME_WAIT. */
	for (i = 0; i < n; i++)
		close(cli[i]);
	usleep(200000);
	for (i = 0; i < n; i++)
		close(srv[i]);
	slab_settle();
	if (slab_snap(&s2))
		die("/proc/slabinfo");
	printf("%-8s TIME_WAIT:        %6lld bytes per socket, %d sockets\n",
	       label, (s2.total - s0.total) / n, n);
	slab_print_growth(&s0, &s2, n, TOP);
	close(lfd);
	free(cli);
	free(srv);
}

int main(int argc, char **argv)
{
	int opt, n = 4000, family = -1;
	struct rlimit rl;
	FILE *f;

	while ((opt = getopt(argc, argv, "n:f:")) != -1) {
		switch (opt) {
		case 'n':
			n = atoi(optarg);
			break;
		case 'f':
			family = atoi(optarg);
			break;
		default:
			fprintf(stderr, "usage: %s [-n connections] [-f family]\n",
				argv[0]);
			return 2;
		}
	}
	if (n < 1) {
		fprintf(stderr, "xinet-mem: bad -n\n");
		return 2;
	}
	if (family < 0) {
		f = fopen(XINET_FAMILY_PATH, "r");
		if (!f || fscanf(f, "%d", &family) != 1) {
			fprintf(stderr, "xinet-mem: xinet is not loaded\n");
			return 1;
		}
		fclose(f);
	}
	rl.rlim_cur = rl.rlim_max = 2 * n + 64;
	if (setrlimit(RLIMIT_NOFILE, &rl))
		die("setrlimit");

	measure(AF_INET, "AF_INET", n);
	measure(family, "AF_XINET", n);
	return 0;
}
