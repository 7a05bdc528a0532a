// SPDX-License-Identifier: GPL-2.0
/*
 * preload-probe: every call libxinet-preload.so hooks, written as a
 * plain AF_INET program, with TAP output.  Run under xinet-run:
 *
 *   xinet-run [--family N] preload-probe REALFAMILY
 *
 * Each check asserts what the program sees (AF_INET everywhere, flags,
 * addresses, data) and, through raw system calls that the library cannot
 * intercept, the family the kernel really gave each socket: REALFAMILY
 * for IPv4 sockets (the xinet family; 2 when run without the library or
 * with --family 2), AF_INET6 and AF_UNIX untouched.  Over 127.0.0.1.
 */

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

/* glibc's _FORTIFY_SOURCE recvfrom(), called the way such programs do. */
ssize_t __recvfrom_chk(int fd, void *buf, size_t n, size_t size, int flags,
		       struct sockaddr *addr, socklen_t *len);

static int realfam, tests, failures;

static void check(int cond, const char *name)
{
	tests++;
	if (!cond)
		failures++;
	printf("%sok %d - %s\n", cond ? "" : "not ", tests, name);
	if (!cond)
		printf("# errno: %s\n", strerror(errno));
	fflush(stdout);
}

/* The family the kernel gave @fd, asked past any LD_PRELOAD library. */
static int kernel_family(int fd)
{
	int dom = -1;
	socklen_t len = sizeof(dom);

	if (syscall(SYS_getsockopt, fd, SOL_SOCKET, SO_DOMAIN, &dom, &len))
		return -1;
	return dom;
}

static int seen_family(int fd)
{
	int dom = -1;
	socklen_t len = sizeof(dom);

	if (getsockopt(fd, SOL_SOCKET, SO_DOMAIN, &dom, &len))
		return -1;
	return dom;
}

static struct sockaddr_in lo(unsigned short port)
{
	struct sockaddr_in a = {
		.sin_family = AF_INET,
		.sin_port = htons(port),
		.sin_addr.s_addr = htonl(INADDR_LOOPBACK),
	};
	return a;
}

static int is_lo(const struct sockaddr_in *a, socklen_t len)
{
	return len == sizeof(*a) && a->sin_family == AF_INET &&
	       a->sin_addr.s_addr == htonl(INADDR_LOOPBACK) && a->sin_port;
}

static unsigned short port_of(int fd)
{
	struct sockaddr_in a;
	socklen_t len = sizeof(a);

	if (getsockname(fd, (struct sockaddr *)&a, &len) || !is_lo(&a, len))
		return 0;
	return ntohs(a.sin_port);
}

/* A listener on 127.0.0.1, its port in @port. */
static int listener(unsigned short *port)
{
	struct sockaddr_in a = lo(0);
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

	if (fd < 0 || bind(fd, (struct sockaddr *)&a, sizeof(a)) ||
	    listen(fd, 16))
		return -1;
	*port = port_of(fd);
	return fd;
}

static int connect_to(int fd, unsigned short port)
{
	struct sockaddr_in a = lo(port);

	return connect(fd, (struct sockaddr *)&a, sizeof(a));
}

static void test_tcp(void)
{
	struct sockaddr_in peer;
	socklen_t len = sizeof(peer);
	unsigned short port = 0;
	int l, c, s, d, d2, d3, d4;
	char buf[8] = "";

	l = listener(&port);
	check(l >= 0 && port, "TCP socket, bind 127.0.0.1:0, listen, getsockname AF_INET");
	check(kernel_family(l) == realfam, "TCP socket is the xinet family in the kernel");
	check(seen_family(l) == AF_INET, "getsockopt(SO_DOMAIN) answers AF_INET");
	check((fcntl(l, F_GETFD) & FD_CLOEXEC) != 0, "SOCK_CLOEXEC honoured");

	c = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
	check(c >= 0 && (fcntl(c, F_GETFL) & O_NONBLOCK) &&
	      !(fcntl(c, F_GETFD) & FD_CLOEXEC), "SOCK_NONBLOCK honoured");
	check(connect_to(c, port) == 0 || errno == EINPROGRESS,
	      "non-blocking connect to 127.0.0.1");
	s = accept4(l, (struct sockaddr *)&peer, &len, SOCK_CLOEXEC);
	check(s >= 0 && is_lo(&peer, len), "accept4 returns an AF_INET peer");
	check(kernel_family(s) == realfam, "accepted socket is the xinet family");
	len = sizeof(peer);
	check(!getpeername(c, (struct sockaddr *)&peer, &len) &&
	      is_lo(&peer, len) && ntohs(peer.sin_port) == port,
	      "getpeername AF_INET");

	/* A short buffer gets the family and the full length back. */
	len = sizeof(sa_family_t);
	memset(&peer, 0, sizeof(peer));
	check(!getsockname(c, (struct sockaddr *)&peer, &len) &&
	      len == sizeof(peer) && peer.sin_family == AF_INET && !peer.sin_port,
	      "getsockname into a 2-byte buffer: AF_INET, full length");

	/* Copies of the descriptor behave as the original. */
	d = dup(c);
	d2 = dup2(c, 100);
	d3 = dup3(c, 101, O_CLOEXEC);
	d4 = fcntl(c, F_DUPFD_CLOEXEC, 200);
	check(d >= 0 && d2 == 100 && d3 == 101 && d4 >= 200 &&
	      seen_family(d) == AF_INET && seen_family(d4) == AF_INET &&
	      kernel_family(d2) == realfam, "dup, dup2, dup3, F_DUPFD_CLOEXEC");
	check(write(d3, "ping", 4) == 4 && read(s, buf, 4) == 4 &&
	      !memcmp(buf, "ping", 4), "data through a dup3 copy");
	close(d);
	close(d2);
	close(d3);
	close(d4);

	/* accept() without an address, the old name. */
	c = socket(AF_INET, SOCK_STREAM, 0);
	check(connect_to(c, port) == 0, "blocking connect");
	len = sizeof(peer);
	s = accept(l, (struct sockaddr *)&peer, &len);
	check(s >= 0 && is_lo(&peer, len), "accept returns an AF_INET peer");
	close(s);
	close(c);

	/* A listener's fd number reused by an AF_UNIX socket. */
	close(l);
	{
		int sv[2];

		check(!socketpair(AF_UNIX, SOCK_STREAM, 0, sv) &&
		      kernel_family(sv[0]) == AF_UNIX &&
		      seen_family(sv[0]) == AF_UNIX, "AF_UNIX left alone");
		len = sizeof(peer);
		check(!getsockname(sv[0], (struct sockaddr *)&peer, &len) &&
		      peer.sin_family == AF_UNIX, "AF_UNIX getsockname untouched");
		close(sv[0]);
		close(sv[1]);
	}
}

static void test_udp(void)
{
	struct sockaddr_in a, from;
	socklen_t len;
	unsigned short pa, pb;
	int x, y, i, n;
	char buf[64];

	x = socket(AF_INET, SOCK_DGRAM, 0);
	y = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK, IPPROTO_UDP);
	a = lo(0);
	check(x >= 0 && y >= 0 && !bind(x, (struct sockaddr *)&a, sizeof(a)) &&
	      !bind(y, (struct sockaddr *)&a, sizeof(a)) &&
	      kernel_family(y) == realfam, "UDP sockets bound");
	pa = port_of(x);
	pb = port_of(y);

	a = lo(pb);
	check(sendto(x, "one", 3, 0, (struct sockaddr *)&a, sizeof(a)) == 3,
	      "sendto an AF_INET address");
	usleep(10000);
	len = sizeof(from);
	n = recvfrom(y, buf, sizeof(buf), 0, (struct sockaddr *)&from, &len);
	check(n == 3 && is_lo(&from, len) && ntohs(from.sin_port) == pa,
	      "recvfrom gives an AF_INET source");

	{
		struct iovec iov = { .iov_base = "two", .iov_len = 3 };
		struct msghdr m = {
			.msg_name = &a, .msg_namelen = sizeof(a),
			.msg_iov = &iov, .msg_iovlen = 1,
		};

		check(sendmsg(x, &m, 0) == 3 && a.sin_family == AF_INET,
		      "sendmsg to an AF_INET msg_name (caller's left as is)");
	}
	usleep(10000);
	{
		struct iovec iov = { .iov_base = buf, .iov_len = sizeof(buf) };
		struct msghdr m = {
			.msg_name = &from, .msg_namelen = sizeof(from),
			.msg_iov = &iov, .msg_iovlen = 1,
		};

		memset(&from, 0, sizeof(from));
		n = recvmsg(y, &m, 0);
		check(n == 3 && is_lo(&from, m.msg_namelen) &&
		      ntohs(from.sin_port) == pa, "recvmsg msg_name AF_INET");
	}

	{
		struct sockaddr_in to[40], fr[40];
		struct mmsghdr v[40];
		struct iovec iov[40];
		char data[40][4];

		memset(v, 0, sizeof(v));
		for (i = 0; i < 40; i++) {
			to[i] = lo(pb);
			snprintf(data[i], sizeof(data[i]), "%d", i);
			iov[i].iov_base = data[i];
			iov[i].iov_len = 4;
			v[i].msg_hdr.msg_name = &to[i];
			v[i].msg_hdr.msg_namelen = sizeof(to[i]);
			v[i].msg_hdr.msg_iov = &iov[i];
			v[i].msg_hdr.msg_iovlen = 1;
		}
		n = sendmmsg(x, v, 40, 0);
		check(n == 40 && v[39].msg_len == 4 && v[0].msg_len == 4 &&
		      to[0].sin_family == AF_INET,
		      "sendmmsg of 40 (more than one chunk) to AF_INET names");
		usleep(20000);
		memset(v, 0, sizeof(v));
		memset(data, 0, sizeof(data));
		for (i = 0; i < 40; i++) {
			v[i].msg_hdr.msg_name = &fr[i];
			v[i].msg_hdr.msg_namelen = sizeof(fr[i]);
			v[i].msg_hdr.msg_iov = &iov[i];
			v[i].msg_hdr.msg_iovlen = 1;
		}
		n = recvmmsg(y, v, 40, 0, NULL);
		check(n == 40 && is_lo(&fr[0], v[0].msg_hdr.msg_namelen) &&
		      is_lo(&fr[39], v[39].msg_hdr.msg_namelen) &&
		      ntohs(fr[39].sin_port) == pa && !strcmp(data[39], "39"),
		      "recvmmsg of 40, every name AF_INET");
	}

	check(sendto(x, "chk", 3, 0, (struct sockaddr *)&a, sizeof(a)) == 3,
	      "sendto");
	usleep(10000);
	len = sizeof(from);
	memset(&from, 0, sizeof(from));
	n = __recvfrom_chk(y, buf, sizeof(buf), sizeof(buf), 0,
			   (struct sockaddr *)&from, &len);
	check(n == 3 && is_lo(&from, len), "__recvfrom_chk (fortified recvfrom) AF_INET");

	/* connect() on UDP, then AF_UNSPEC to disconnect. */
	a = lo(pb);
	check(!connect(x, (struct sockaddr *)&a, sizeof(a)) &&
	      send(x, "c", 1, 0) == 1, "UDP connect + send");
	a.sin_family = AF_UNSPEC;
	check(!connect(x, (struct sockaddr *)&a, sizeof(a)), "UDP connect(AF_UNSPEC) disconnects");
	close(x);
	close(y);
}

static void test_inet6(void)
{
	int fd = socket(AF_INET6, SOCK_DGRAM, 0);

	if (fd < 0 && errno == EAFNOSUPPORT) {
		printf("ok %d - AF_INET6 left alone # SKIP no IPv6\n", ++tests);
		return;
	}
	check(fd >= 0 && kernel_family(fd) == AF_INET6 &&
	      seen_family(fd) == AF_INET6, "AF_INET6 left alone");
	close(fd);
}

/* Errors come through unchanged. */
static void test_errors(void)
{
	struct sockaddr_in a = lo(1);
	int fd = open("/dev/null", O_RDONLY);

	errno = 0;
	check(connect(fd, (struct sockaddr *)&a, sizeof(a)) == -1 &&
	      errno == ENOTSOCK, "connect on a file: ENOTSOCK");
	errno = 0;
	check(bind(-1, (struct sockaddr *)&a, sizeof(a)) == -1 && errno == EBADF,
	      "bind on -1: EBADF");
	close(fd);
	fd = socket(AF_INET, SOCK_STREAM, 0);
	errno = 0;
	check(connect(fd, (struct sockaddr *)&a, sizeof(a)) == -1 &&
	      errno == ECONNREFUSED, "connect to a closed port: ECONNREFUSED");
	close(fd);
}

struct pair_arg {
	unsigned short port;
	int ok;
};

static void *thread_client(void *p)
{
	struct pair_arg *arg = p;
	char buf[4];
	int i, fd;

	for (i = 0; i < 20; i++) {
		fd = socket(AF_INET, SOCK_STREAM, 0);
		if (fd < 0 || connect_to(fd, arg->port) ||
		    read(fd, buf, 2) != 2 || memcmp(buf, "hi", 2)) {
			close(fd);
			return NULL;
		}
		close(fd);
	}
	arg->ok = 1;
	return NULL;
}

/* Four threads connecting while the main one accepts. */
static void test_threads(void)
{
	struct pair_arg args[4];
	pthread_t t[4];
	unsigned short port = 0;
	int l = listener(&port), i, good = 0, bad = 0;

	for (i = 0; i < 4; i++) {
		args[i].port = port;
		args[i].ok = 0;
		pthread_create(&t[i], NULL, thread_client, &args[i]);
	}
	for (i = 0; i < 80; i++) {
		struct sockaddr_in peer;
		socklen_t len = sizeof(peer);
		int s = accept(l, (struct sockaddr *)&peer, &len);

		if (s < 0)
			break;
		if (is_lo(&peer, len) && write(s, "hi", 2) == 2)
			good++;
		else
			bad++;
		close(s);
	}
	for (i = 0; i < 4; i++) {
		pthread_join(t[i], NULL);
		good += args[i].ok;
	}
	check(good == 84 && !bad, "4 threads x 20 connections");
	close(l);
}

/* A socket inherited through fork and exec is still translated. */
static void test_fork_exec(const char *self)
{
	unsigned short port = 0;
	int l = listener(&port), c, st = -1;
	char fdarg[16], famarg[16], buf[4] = "";
	pid_t pid;

	/* Inherited across exec: no CLOEXEC. */
	c = socket(AF_INET, SOCK_STREAM, 0);
	snprintf(fdarg, sizeof(fdarg), "%d", c);
	snprintf(famarg, sizeof(famarg), "%d", realfam);
	pid = fork();
	if (pid == 0) {
		char portarg[16];

		snprintf(portarg, sizeof(portarg), "%u", port);
		execl(self, self, "child", fdarg, portarg, famarg, (char *)NULL);
		_exit(99);
	}
	{
		int s = accept(l, NULL, NULL);

		check(s >= 0 && read(s, buf, 2) == 2 && !memcmp(buf, "ex", 2),
		      "fork + exec: the child connects an inherited socket");
		close(s);
	}
	waitpid(pid, &st, 0);
	check(WIFEXITED(st) && WEXITSTATUS(st) == 0,
	      "fork + exec: the child saw AF_INET on it");
	close(c);
	close(l);
}

static int child(int fd, unsigned short port)
{
	struct sockaddr_in a;
	socklen_t len = sizeof(a);

	if (seen_family(fd) != AF_INET || kernel_family(fd) != realfam ||
	    connect_to(fd, port) ||
	    getpeername(fd, (struct sockaddr *)&a, &len) || !is_lo(&a, len) ||
	    write(fd, "ex", 2) != 2)
		return 1;
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 5 && !strcmp(argv[1], "child")) {
		realfam = atoi(argv[4]);
		return child(atoi(argv[2]), atoi(argv[3]));
	}
	if (argc != 2) {
		fprintf(stderr, "usage: preload-probe REALFAMILY\n");
		return 2;
	}
	realfam = atoi(argv[1]);

	printf("TAP version 13\n");
	test_tcp();
	test_udp();
	test_inet6();
	test_errors();
	test_threads();
	test_fork_exec("/proc/self/exe");
	printf("1..%d\n", tests);
	return failures ? 1 : 0;
}
