// SPDX-License-Identifier: GPL-2.0
/*
 * xinet-bench: AF_XINET against AF_INET, in the same guest, interleaved.
 *
 * Each benchmark runs as pairs of rounds, AF_INET then AF_XINET, and
 * reports both medians and the median of the per-pair ratios
 * (AF_XINET / AF_INET): run-to-run spread under QEMU TCG is large, and
 * interleaving cancels the drift that separate runs would measure.
 *
 *   udp_rr     1-byte request/response transactions per second
 *   udp_rate   64-byte datagrams received per second, one sender
 *
 * Usage: xinet-bench [-r rounds] [-t seconds] [bench...]
 */

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <linux/xinet.h>

#define MAX_ROUNDS	64
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

static int xinet_family = AF_XINET;
static double round_secs = 2.0;
static int rounds = 5;

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void die(const char *what)
{
	fprintf(stderr, "xinet-bench: %s: %s\n", what, strerror(errno));
	exit(1);
}

/* An AF_INET or AF_XINET address: the layouts are the same. */
static void make_addr(struct sockaddr_in *sin, int family, uint16_t port)
{
	memset(sin, 0, sizeof(*sin));
	sin->sin_family = family;
	sin->sin_port = htons(port);
	sin->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
}

static int bound_socket(int family, int type, struct sockaddr_in *addr)
{
	socklen_t len = sizeof(*addr);
	int fd = socket(family, type, 0);

	if (fd < 0)
		die("socket");
	make_addr(addr, family, 0);
	if (bind(fd, (struct sockaddr *)addr, sizeof(*addr)))
		die("bind");
	if (getsockname(fd, (struct sockaddr *)addr, &len))
		die("getsockname");
	return fd;
}

struct server {
	int fd;
	atomic_int stop;
	unsigned long count;
};

/* Echoes every datagram back to its sender until stopped. */
static void *udp_echo(void *arg)
{
	struct server *s = arg;
	struct sockaddr_in peer;
	char buf[2048];

	while (!s->stop) {
		socklen_t len = sizeof(peer);
		ssize_t n = recvfrom(s->fd, buf, sizeof(buf), 0,
				     (struct sockaddr *)&peer, &len);

		if (n < 0)
			continue;	/* the receive timeout lets us see stop */
		sendto(s->fd, buf, n, 0, (struct sockaddr *)&peer, len);
	}
	return NULL;
}

/* Counts datagrams until stopped. */
static void *udp_sink(void *arg)
{
	struct server *s = arg;
	char buf[2048];

	while (!s->stop)
		if (recv(s->fd, buf, sizeof(buf), 0) > 0)
			s->count++;
	return NULL;
}

static void set_timeouts(int fd, int ms)
{
	struct timeval tv = { .tv_sec = ms / 1000, .tv_usec = (ms % 1000) * 1000 };

	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
}

static double udp_rr(int family)
{
	struct sockaddr_in saddr, caddr;
	struct server s = { 0 };
	unsigned long n = 0;
	pthread_t thr;
	double start, end;
	int cfd;
	char b = 'x';

	s.fd = bound_socket(family, SOCK_DGRAM, &saddr);
	set_timeouts(s.fd, 100);
	cfd = bound_socket(family, SOCK_DGRAM, &caddr);
	set_timeouts(cfd, 1000);
	if (connect(cfd, (struct sockaddr *)&saddr, sizeof(saddr)))
		die("connect");
	pthread_create(&thr, NULL, udp_echo, &s);

	start = now();
	end = start + round_secs;
	while (now() < end) {
		if (send(cfd, &b, 1, 0) != 1 || recv(cfd, &b, 1, 0) != 1)
			die("request/response");
		n++;
	}
	end = now();
	s.stop = 1;
	pthread_join(thr, NULL);
	close(cfd);
	close(s.fd);
	return n / (end - start);
}

static double udp_rate(int family)
{
	struct sockaddr_in saddr, caddr;
	struct server s = { 0 };
	char buf[64] = { 0 };
	pthread_t thr;
	double start, end;
	unsigned long first;
	int cfd, big = 4 << 20;

	s.fd = bound_socket(family, SOCK_DGRAM, &saddr);
	setsockopt(s.fd, SOL_SOCKET, SO_RCVBUF, &big, sizeof(big));
	set_timeouts(s.fd, 100);
	cfd = bound_socket(family, SOCK_DGRAM, &caddr);
	if (connect(cfd, (struct sockaddr *)&saddr, sizeof(saddr)))
		die("connect");
	pthread_create(&thr, NULL, udp_sink, &s);

	/* Count what arrives while the sender runs flat out. */
	first = s.count;
	start = now();
	end = start + round_secs;
	while (now() < end)
		if (send(cfd, buf, sizeof(buf), 0) < 0 && errno != ENOBUFS &&
		    errno != EAGAIN)
			die("datagram send");
	end = now();
	s.stop = 1;
	pthread_join(thr, NULL);
	close(cfd);
	close(s.fd);
	return (s.count - first) / (end - start);
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double median(double *v, int n)
{
	double tmp[MAX_ROUNDS];

	memcpy(tmp, v, n * sizeof(*v));
	qsort(tmp, n, sizeof(*tmp), cmp_double);
	return n % 2 ? tmp[n / 2] : (tmp[n / 2 - 1] + tmp[n / 2]) / 2;
}

struct bench {
	const char *name;
	const char *unit;
	double (*run)(int family);
};

static const struct bench benches[] = {
	{ "udp_rr", "transactions/s", udp_rr },
	{ "udp_rate", "datagrams/s", udp_rate },
};

static void run_bench(const struct bench *b)
{
	double in[MAX_ROUNDS], xin[MAX_ROUNDS], ratio[MAX_ROUNDS];
	int i;

	for (i = 0; i < rounds; i++) {
		in[i] = b->run(AF_INET);
		xin[i] = b->run(xinet_family);
		ratio[i] = in[i] > 0 ? xin[i] / in[i] : 0;
		fprintf(stderr, "  %s round %d: AF_INET %.0f, AF_XINET %.0f, ratio %.3f\n",
			b->name, i + 1, in[i], xin[i], ratio[i]);
	}
	printf("%-10s %-16s AF_INET %10.0f  AF_XINET %10.0f  ratio %.3f\n",
	       b->name, b->unit, median(in, rounds), median(xin, rounds),
	       median(ratio, rounds));
	fflush(stdout);
}

int main(int argc, char **argv)
{
	FILE *f = fopen(XINET_FAMILY_PATH, "r");
	int opt, i, j;

	if (!f || fscanf(f, "%d", &xinet_family) != 1) {
		fprintf(stderr, "xinet-bench: xinet is not loaded\n");
		return 1;
	}
	fclose(f);

	while ((opt = getopt(argc, argv, "r:t:")) != -1) {
		switch (opt) {
		case 'r':
			rounds = atoi(optarg);
			break;
		case 't':
			round_secs = atof(optarg);
			break;
		default:
			fprintf(stderr, "usage: %s [-r rounds] [-t seconds] [bench...]\n",
				argv[0]);
			return 2;
		}
	}
	if (rounds < 1 || rounds > MAX_ROUNDS || round_secs <= 0) {
		fprintf(stderr, "xinet-bench: bad -r or -t\n");
		return 2;
	}

	printf("%d interleaved rounds of %.1f s each; medians, and the median of the per-round AF_XINET/AF_INET ratios\n",
	       rounds, round_secs);
	for (i = 0; i < (int)ARRAY_SIZE(benches); i++) {
		int wanted = optind == argc;

		for (j = optind; j < argc; j++)
			wanted |= !strcmp(argv[j], benches[i].name);
		if (wanted)
			run_bench(&benches[i]);
	}
	return 0;
}
