// SPDX-License-Identifier: GPL-2.0
/*
 * xinet-bench: AF_XINET against AF_INET, in the same guest, interleaved.
 *
 * Each benchmark runs as pairs of rounds, AF_INET then AF_XINET, and
 * reports both medians and the median of the per-pair ratios
 * (AF_XINET / AF_INET): run-to-run spread under QEMU TCG is large, and
 * interleaving cancels the drift that separate runs would measure.
 *
 *   udp_rr      1-byte request/response transactions per second
 *   udp_rate    64-byte datagrams received per second, one sender
 *   tcp_stream  single-stream bulk throughput, MB/s received
 *   tcp_rr      1-byte request/response transactions per second over one
 *               TCP connection (TCP_NODELAY)
 *   tcp_crr     connections per second: connect, accept, 1 byte each
 *               way, close
 *   tcp_lossy   tcp_stream across a pair of namespaces whose link drops
 *               1 % of the packets each way: AF_INET over a veth pair
 *               with netem loss, AF_XINET over an xnet pair with a seeded
 *               drop fault; the namespaces xbench-{inet,xinet}-{a,b} are
 *               made by tools/bench/lossy-pair.sh (scripts/xinet-bench
 *               runs it), the server in b at 10.99.0.2
 *
 * Every round runs in a child process with an alarm, so that a family
 * that fails (or hangs: a TCP still being written) is reported as failed
 * and the other family still gets measured.
 *
 * Usage: xinet-bench [-f family] [-r rounds] [-t seconds] [bench...]
 */

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <sys/wait.h>
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
	atomic_ulong bytes;
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

static void set_nodelay(int fd)
{
	int one = 1;

	if (setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one)))
		die("TCP_NODELAY");
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

/* A TCP listener on 127.0.0.1, any port; @addr gets its address. */
static int tcp_listener(int family, struct sockaddr_in *addr)
{
	int fd = bound_socket(family, SOCK_STREAM, addr);

	if (listen(fd, 128))
		die("listen");
	/* accept() returns now and then, so the server thread sees stop. */
	set_timeouts(fd, 100);
	return fd;
}

static int tcp_connect(int family, const struct sockaddr_in *addr)
{
	int fd = socket(family, SOCK_STREAM, 0);

	if (fd < 0)
		die("socket");
	if (connect(fd, (const struct sockaddr *)addr, sizeof(*addr)))
		die("connect");
	return fd;
}

/* Accepts one connection, waiting at most for stop. */
static int tcp_accept(struct server *s)
{
	while (!s->stop) {
		int fd = accept(s->fd, NULL, NULL);

		if (fd >= 0)
			return fd;
		if (errno != EAGAIN && errno != EINTR)
			die("accept");
	}
	return -1;
}

/* Receives one connection's bytes until EOF, counting them. */
static void *tcp_sink(void *arg)
{
	struct server *s = arg;
	static char buf[1 << 17];
	int fd = tcp_accept(s);
	ssize_t n;

	if (fd < 0)
		return NULL;
	for (;;) {
		n = recv(fd, buf, sizeof(buf), 0);
		if (n > 0) {
			atomic_fetch_add(&s->bytes, n);
			continue;
		}
		if (!n)
			break;
		/*
		 * The listener's 100 ms receive timeout is inherited: on a
		 * lossy link a read may wait out a retransmission timeout.
		 */
		if (errno != EAGAIN && errno != EINTR)
			die("stream recv");
		if (s->stop)
			break;
	}
	close(fd);
	return NULL;
}

/* Echoes each byte back on one connection until EOF. */
static void *tcp_echo(void *arg)
{
	struct server *s = arg;
	int fd = tcp_accept(s);
	char b;

	if (fd < 0)
		return NULL;
	set_nodelay(fd);
	while (recv(fd, &b, 1, 0) == 1)
		if (send(fd, &b, 1, 0) != 1)
			die("echo send");
	close(fd);
	return NULL;
}

/*
 * Per connection: accept, 1 byte in, 1 byte out, close.  The server
 * closes first, so TIME_WAIT stays on its side and the client's
 * ephemeral ports stay free for the next connections.
 */
static void *tcp_crr_server(void *arg)
{
	struct server *s = arg;
	int fd;
	char b;

	while ((fd = tcp_accept(s)) >= 0) {
		set_nodelay(fd);
		if (recv(fd, &b, 1, 0) != 1 || send(fd, &b, 1, 0) != 1)
			die("connection server");
		close(fd);
	}
	return NULL;
}

/*
 * Bulk throughput from a new connection to @saddr, where the listener
 * @lfd accepts: MB/s the receiver got while the sender wrote flat out.
 */
static double stream_to(int family, int lfd, const struct sockaddr_in *saddr)
{
	struct server s = { .fd = lfd };
	static char buf[1 << 16];
	unsigned long first, last;
	double start, end;
	pthread_t thr;
	int cfd;

	memset(buf, 'x', sizeof(buf));
	pthread_create(&thr, NULL, tcp_sink, &s);
	cfd = tcp_connect(family, saddr);

	/* Count what the receiver gets while the sender writes flat out. */
	first = atomic_load(&s.bytes);
	start = now();
	end = start + round_secs;
	while (now() < end)
		if (send(cfd, buf, sizeof(buf), 0) < 0)
			die("stream send");
	last = atomic_load(&s.bytes);
	end = now();
	close(cfd);
	s.stop = 1;
	pthread_join(thr, NULL);
	close(s.fd);
	return (last - first) / (end - start) / 1e6;
}

static double tcp_stream(int family)
{
	struct sockaddr_in saddr;
	int lfd = tcp_listener(family, &saddr);

	return stream_to(family, lfd, &saddr);
}

/* Moves the calling process into xbench-<family>-<side>. */
static void enter_lossy_netns(int family, char side)
{
	char path[64];
	int fd;

	snprintf(path, sizeof(path), "/run/netns/xbench-%s-%c",
		 family == AF_INET ? "inet" : "xinet", side);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		die(path);
	if (setns(fd, CLONE_NEWNET))
		die("setns");
	close(fd);
}

/*
 * tcp_stream across the lossy pair.  A socket stays in the namespace it
 * was created in, so the listener is made in b and the client in a.
 */
static double tcp_lossy(int family)
{
	struct sockaddr_in saddr;
	socklen_t len = sizeof(saddr);
	int lfd;

	enter_lossy_netns(family, 'b');
	lfd = socket(family, SOCK_STREAM, 0);
	if (lfd < 0)
		die("socket");
	memset(&saddr, 0, sizeof(saddr));
	saddr.sin_family = family;
	if (bind(lfd, (struct sockaddr *)&saddr, sizeof(saddr)) ||
	    getsockname(lfd, (struct sockaddr *)&saddr, &len) ||
	    listen(lfd, 128))
		die("lossy listener");
	set_timeouts(lfd, 100);
	saddr.sin_addr.s_addr = inet_addr("10.99.0.2");
	enter_lossy_netns(family, 'a');
	return stream_to(family, lfd, &saddr);
}

static double tcp_rr(int family)
{
	struct sockaddr_in saddr;
	struct server s = { 0 };
	unsigned long n = 0;
	double start, end;
	pthread_t thr;
	int cfd;
	char b = 'x';

	s.fd = tcp_listener(family, &saddr);
	pthread_create(&thr, NULL, tcp_echo, &s);
	cfd = tcp_connect(family, &saddr);
	set_nodelay(cfd);

	start = now();
	end = start + round_secs;
	while (now() < end) {
		if (send(cfd, &b, 1, 0) != 1 || recv(cfd, &b, 1, 0) != 1)
			die("request/response");
		n++;
	}
	end = now();
	close(cfd);
	s.stop = 1;
	pthread_join(thr, NULL);
	close(s.fd);
	return n / (end - start);
}

static double tcp_crr(int family)
{
	struct sockaddr_in saddr;
	struct server s = { 0 };
	unsigned long n = 0;
	double start, end;
	pthread_t thr;
	char b = 'x';

	s.fd = tcp_listener(family, &saddr);
	pthread_create(&thr, NULL, tcp_crr_server, &s);

	start = now();
	end = start + round_secs;
	while (now() < end) {
		int cfd = tcp_connect(family, &saddr);

		set_nodelay(cfd);
		if (send(cfd, &b, 1, 0) != 1 || recv(cfd, &b, 1, 0) != 1)
			die("connection request/response");
		/* Wait for the server's FIN: it closes first. */
		if (recv(cfd, &b, 1, 0) != 0)
			die("connection close");
		close(cfd);
		n++;
	}
	end = now();
	s.stop = 1;
	pthread_join(thr, NULL);
	close(s.fd);
	return n / (end - start);
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
	int decimals;
	double (*run)(int family);
};

static const struct bench benches[] = {
	{ "udp_rr", "transactions/s", 0, udp_rr },
	{ "udp_rate", "datagrams/s", 0, udp_rate },
	{ "tcp_stream", "MB/s", 1, tcp_stream },
	{ "tcp_rr", "transactions/s", 0, tcp_rr },
	{ "tcp_crr", "connections/s", 0, tcp_crr },
	{ "tcp_lossy", "MB/s", 1, tcp_lossy },
};

/*
 * One round of @b on @family, in a child process that must finish
 * within an alarm: returns the figure, or -1 if the child failed (its
 * error is on stderr) or hung.
 */
static double run_round(const struct bench *b, int family)
{
	int pipefd[2], status;
	double result = -1;
	pid_t pid;

	if (pipe(pipefd))
		die("pipe");
	fflush(NULL);
	pid = fork();
	if (pid < 0)
		die("fork");
	if (pid == 0) {
		close(pipefd[0]);
		alarm((unsigned int)round_secs + 20);
		result = b->run(family);
		if (write(pipefd[1], &result, sizeof(result)) != sizeof(result))
			_exit(1);
		_exit(0);
	}
	close(pipefd[1]);
	if (read(pipefd[0], &result, sizeof(result)) != sizeof(result))
		result = -1;
	close(pipefd[0]);
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) ||
	    WEXITSTATUS(status)) {
		if (WIFSIGNALED(status))
			fprintf(stderr, "xinet-bench: %s on family %d: killed by signal %d%s\n",
				b->name, family, WTERMSIG(status),
				WTERMSIG(status) == SIGALRM ? " (hung)" : "");
		result = -1;
	}
	return result;
}

/* A figure for the per-round lines: "failed" for a failed round. */
static const char *fmt(char *buf, const struct bench *b, double v)
{
	if (v < 0)
		return "failed";
	snprintf(buf, 32, "%.*f", b->decimals, v);
	return buf;
}

static void print_figure(const char *label, const struct bench *b,
			 double v, int ok)
{
	if (ok)
		printf("%s %10.*f", label, b->decimals, v);
	else
		printf("%s %10s", label, "failed");
}

/* Runs the rounds of @b and prints its line: -1 if a family failed. */
static int run_bench(const struct bench *b)
{
	double in[MAX_ROUNDS], xin[MAX_ROUNDS], ratio[MAX_ROUNDS];
	int i, nin = 0, nxin = 0, nratio = 0;
	char sa[32], sx[32];
	int in_ok = 1, xin_ok = 1;

	/*
	 * A family that fails once is not tried again: a broken stack
	 * would fail every round, each after the alarm.
	 */
	for (i = 0; i < rounds && (in_ok || xin_ok); i++) {
		double a = in_ok ? run_round(b, AF_INET) : -1;
		double x = xin_ok ? run_round(b, xinet_family) : -1;

		in_ok = in_ok && a >= 0;
		xin_ok = xin_ok && x >= 0;
		if (in_ok)
			in[nin++] = a;
		if (xin_ok)
			xin[nxin++] = x;
		if (in_ok && xin_ok && a > 0)
			ratio[nratio++] = x / a;
		fprintf(stderr, "  %s round %d: AF_INET %s, AF_XINET %s, ratio %.3f\n",
			b->name, i + 1, fmt(sa, b, a), fmt(sx, b, x),
			in_ok && xin_ok && a > 0 ? x / a : 0);
	}
	in_ok = in_ok && nin;
	xin_ok = xin_ok && nxin;
	printf("%-10s %-16s", b->name, b->unit);
	print_figure(" AF_INET", b, in_ok ? median(in, nin) : 0, in_ok);
	print_figure("  AF_XINET", b, xin_ok ? median(xin, nxin) : 0, xin_ok);
	if (in_ok && xin_ok && nratio)
		printf("  ratio %.3f\n", median(ratio, nratio));
	else
		printf("  ratio -\n");
	fflush(stdout);
	return in_ok && xin_ok ? 0 : -1;
}

int main(int argc, char **argv)
{
	int opt, i, j, family = -1, failed = 0;
	FILE *f;

	while ((opt = getopt(argc, argv, "f:r:t:")) != -1) {
		switch (opt) {
		case 'f':
			family = atoi(optarg);
			break;
		case 'r':
			rounds = atoi(optarg);
			break;
		case 't':
			round_secs = atof(optarg);
			break;
		default:
			fprintf(stderr, "usage: %s [-f family] [-r rounds] [-t seconds] [bench...]\n",
				argv[0]);
			return 2;
		}
	}
	if (rounds < 1 || rounds > MAX_ROUNDS || round_secs <= 0) {
		fprintf(stderr, "xinet-bench: bad -r or -t\n");
		return 2;
	}
	for (i = optind; i < argc; i++) {
		for (j = 0; j < (int)ARRAY_SIZE(benches); j++)
			if (!strcmp(argv[i], benches[j].name))
				break;
		if (j == (int)ARRAY_SIZE(benches)) {
			fprintf(stderr, "xinet-bench: no benchmark %s\n", argv[i]);
			return 2;
		}
	}

	/*
	 * -f measures another family in AF_XINET's place (-f 2: AF_INET
	 * against itself, to check the tool where xinet is not loaded).
	 */
	if (family >= 0) {
		xinet_family = family;
	} else {
		f = fopen(XINET_FAMILY_PATH, "r");
		if (!f || fscanf(f, "%d", &xinet_family) != 1) {
			fprintf(stderr, "xinet-bench: xinet is not loaded\n");
			return 1;
		}
		fclose(f);
	}

	printf("%d interleaved rounds of %.1f s each; medians, and the median of the per-round AF_XINET/AF_INET ratios\n",
	       rounds, round_secs);
	if (xinet_family != AF_XINET)
		printf("AF_XINET is family %d here\n", xinet_family);
	for (i = 0; i < (int)ARRAY_SIZE(benches); i++) {
		int wanted = optind == argc;

		for (j = optind; j < argc; j++)
			wanted |= !strcmp(argv[j], benches[i].name);
		if (wanted && run_bench(&benches[i]))
			failed = 1;
	}
	return failed;
}
