// SPDX-License-Identifier: GPL-2.0
/*
 * xinet-mem: the kernel memory a TCP connection costs, AF_INET against
 * AF_XINET, measured the same way for both (issue #16 section 2).
 *
 * For each family, the slab memory in use (the sum of active objects
 * times object size over every cache of /proc/slabinfo) is taken before
 * and after a step, and the difference over the number of objects the
 * step made is the cost of one:
 *
 * - idle established connection: N connections over loopback, left idle
 *   (both ends: two sockets and whatever hangs off them);
 * - TIME_WAIT socket: the same N closed client first, so that N TIME_WAIT
 *   sockets remain on the client side (net.ipv4.tcp_max_tw_buckets and
 *   net.xinet.tcp_max_tw_buckets raised so that all of them stay);
 * - request sock: a SYN flood of S spoofed SYNs at a listener across a
 *   pair (bench-netns.sh's xbench-pinet for AF_INET, a veth pair, and
 *   xbench-pmix for AF_XINET, an xnet pair whose other end is Linux's),
 *   sent by a packet socket on the pair's other end from 10.2.0.0/16,
 *   whose SYN-ACKs are routed back to that end, where Linux drops them
 *   (no forwarding): nothing completes the handshake.  The listener's
 *   backlog, somaxconn and tcp_max_syn_backlog are raised past twice S,
 *   so that neither SYN cookies nor the pruning of old requests (which
 *   starts at half the backlog) kick in; the SYN cookies sent are
 *   counted.  The request socks are the request sock cache's objects
 *   (request_sock_TCP, XTCP_request_sock), taken in the same snapshot;
 *   the SYN_RECV rows of /proc/net/tcp or /proc/net/xinet/tcp are
 *   printed beside them.  net.core.netdev_max_backlog is raised so that
 *   SYN-ACK retransmissions are not dropped (a request whose
 *   retransmission fails is dropped).
 *
 * Each figure is divided by the count the kernel reports (sockstat's tw,
 * the request sock cache's objects), not by the count asked for.
 * Between the two families the first one's TIME_WAIT and request socks
 * are waited out (60 s, a request's SYN-ACK retries 63 s), so that they
 * do not vanish from the second one's figures.  The caches that grew
 * most are listed, so that each figure can be read.
 *
 * Usage: xinet-mem [-n connections] [-s syns] [-f family]
 * Root only (/proc/slabinfo, the file limit, sysctls).  Run it on an
 * otherwise idle system: anything else allocating meanwhile counts.
 */

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <net/if.h>
#include <netinet/in.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <linux/xinet.h>
#include "slab.h"
#include "../../selftests/xinet/synpkt.h"

#define TOP		6
#define MAX_LISTENERS	64
/* The listener's backlog under the flood: past twice any count asked. */
#define FLOOD_BACKLOG	1048576
/* SYNs sent ahead of the listener's stack before waiting for it. */
#define FLOOD_AHEAD	512
/* A request sock's life: SYN-ACK at 0, 1, 3, 7, 15, 31 s, dropped at 63. */
#define REQ_LIFE	65

/* bench-netns.sh's pairs: the listener's end a, the flood's end b. */
#define FLOOD_DADDR	"10.98.0.1"
#define FLOOD_NET	0x0a020000	/* 10.2.0.0/16, routed back to b */
#define FLOOD_PORT	7000

static int xfamily;

static void die(const char *what)
{
	fprintf(stderr, "xinet-mem: %s: %s\n", what, strerror(errno));
	exit(1);
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* /proc/sys/net/ipv4/NAME or /proc/sys/net/xinet/NAME of this netns. */
static void sysctl_set(int family, const char *name, long val)
{
	char path[128];
	FILE *f;

	snprintf(path, sizeof(path), "/proc/sys/net/%s/%s",
		 family == AF_INET ? "ipv4" : "xinet", name);
	f = fopen(path, "w");
	if (!f || fprintf(f, "%ld\n", val) < 0 || fclose(f))
		die(path);
}

static const char *proc_path(int family, const char *file)
{
	static char path[128];

	snprintf(path, sizeof(path), family == AF_INET ? "/proc/net/%s" :
		 "/proc/net/xinet/%s", file);
	return path;
}

/*
 * A counter of an snmp or netstat file (/proc/net's format: a header
 * line of names after "PREFIX:", then a line of values); -1 if absent.
 */
static long long mib(int family, const char *file, const char *prefix,
		     const char *name)
{
	static char names[8192], vals[8192];
	long long v = -1;
	FILE *f = fopen(proc_path(family, file), "r");
	size_t plen = strlen(prefix);

	if (!f)
		return -1;
	while (fgets(names, sizeof(names), f) && fgets(vals, sizeof(vals), f)) {
		char *sn, *sv, *n, *val;

		if (strncmp(names, prefix, plen) || names[plen] != ':')
			continue;
		names[strcspn(names, "\n")] = '\0';
		vals[strcspn(vals, "\n")] = '\0';
		n = strtok_r(names, " ", &sn);
		val = strtok_r(vals, " ", &sv);
		while (n && val) {
			if (!strcmp(n, name)) {
				v = atoll(val);
				break;
			}
			n = strtok_r(NULL, " ", &sn);
			val = strtok_r(NULL, " ", &sv);
		}
		break;
	}
	fclose(f);
	return v;
}

/* sockstat's TCP tw: the TIME_WAIT sockets of this netns. */
static long tw_count(int family)
{
	FILE *f = fopen(proc_path(family, "sockstat"), "r");
	char line[256];
	long tw = -1;

	if (!f)
		die("sockstat");
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "TCP: inuse %*d orphan %*d tw %ld", &tw) == 1)
			break;
	fclose(f);
	return tw;
}

/* The rows of /proc/net/[xinet/]tcp in state SYN_RECV (03). */
static long synrecv_count(int family)
{
	FILE *f = fopen(proc_path(family, "tcp"), "r");
	char line[512];
	unsigned int st;
	long n = 0;

	if (!f)
		die("tcp");
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, " %*d: %*x:%*x %*x:%*x %x", &st) == 1 &&
		    st == 3)
			n++;
	fclose(f);
	return n;
}

/* Moves the process into the named netns; "" is the one it started in. */
static void enter_netns(const char *name)
{
	static int home = -1;
	char path[128];
	int fd;

	if (home < 0) {
		home = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
		if (home < 0)
			die("/proc/self/ns/net");
	}
	if (!*name) {
		if (setns(home, CLONE_NEWNET))
			die("setns home");
		return;
	}
	snprintf(path, sizeof(path), "/run/netns/%s", name);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		die(path);
	if (setns(fd, CLONE_NEWNET))
		die("setns");
	close(fd);
}

static void snap(struct slab_snapshot *s)
{
	slab_settle();
	if (slab_snap(s))
		die("/proc/slabinfo");
}

/* The size of @family's ip_local_port_range in this namespace. */
static int port_range(int family)
{
	char path[128];
	FILE *f;
	int lo, hi;

	snprintf(path, sizeof(path), "/proc/sys/net/%s/ip_local_port_range",
		 family == AF_INET ? "ipv4" : "xinet");
	f = fopen(path, "r");
	if (!f || fscanf(f, "%d %d", &lo, &hi) != 2)
		die(path);
	fclose(f);
	return hi - lo + 1;
}

/*
 * N idle established connections over loopback, then the same closed
 * client first.  The connections are spread over listeners that get at
 * most a third of the ephemeral range each, so that every connect()
 * finds its port among the first parity's (xinet-bench's idle_open()).
 */
static void established(int family, const char *label, int n)
{
	static struct slab_snapshot s0, s1, s2;
	struct sockaddr_in a[MAX_LISTENERS];
	int *cli = calloc(n, sizeof(int)), *srv = calloc(n, sizeof(int));
	int per = port_range(family) / 3, nl, lfd[MAX_LISTENERS], i;
	socklen_t len = sizeof(a[0]);
	long tw0, tw;

	if (!cli || !srv)
		die("calloc");
	nl = n / (per > 0 ? per : 1) + 1;
	if (nl > MAX_LISTENERS)
		nl = MAX_LISTENERS;
	sysctl_set(family, "tcp_max_tw_buckets", 4L * n + 65536);
	for (i = 0; i < nl; i++) {
		memset(&a[i], 0, sizeof(a[i]));
		a[i].sin_family = family;
		a[i].sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		lfd[i] = socket(family, SOCK_STREAM, 0);
		if (lfd[i] < 0 ||
		    bind(lfd[i], (struct sockaddr *)&a[i], sizeof(a[i])) ||
		    getsockname(lfd[i], (struct sockaddr *)&a[i], &len) ||
		    listen(lfd[i], 4096))
			die("listener");
	}

	tw0 = tw_count(family);
	snap(&s0);
	for (i = 0; i < n; i++) {
		cli[i] = socket(family, SOCK_STREAM, 0);
		if (cli[i] < 0 ||
		    connect(cli[i], (struct sockaddr *)&a[i % nl], sizeof(a[0])))
			die("connect");
		srv[i] = accept(lfd[i % nl], NULL, NULL);
		if (srv[i] < 0)
			die("accept");
	}
	snap(&s1);
	printf("%-8s idle established: %6lld bytes per connection (both ends), %d connections over %d listeners\n",
	       label, (s1.total - s0.total) / n, n, nl);
	slab_print_growth(&s0, &s1, n, TOP);

	/* The client closes first: its end stays in TIME_WAIT. */
	for (i = 0; i < n; i++)
		close(cli[i]);
	usleep(200000);
	for (i = 0; i < n; i++)
		close(srv[i]);
	for (i = 0; i < nl; i++)
		close(lfd[i]);
	snap(&s2);
	tw = tw_count(family) - tw0;
	if (tw <= 0) {
		fprintf(stderr, "xinet-mem: %s: no TIME_WAIT socket\n", label);
		exit(1);
	}
	printf("%-8s TIME_WAIT:        %6lld bytes per socket, %ld sockets (sockstat)\n",
	       label, (s2.total - s0.total) / tw, tw);
	slab_print_growth(&s0, &s2, tw, TOP);
	free(cli);
	free(srv);
}

/*
 * The @i-th SYN of a flood at @daddr:@dport (host order): every one from
 * its own address and port in FLOOD_NET (selftests' syn-flood.c makes
 * the same packets from a random generator; these are deterministic).
 */
static void build_syn(uint8_t *pkt, long i, uint32_t daddr, uint16_t dport)
{
	uint32_t saddr = FLOOD_NET | (uint32_t)(i / 250 % 256) << 8 |
			 (uint32_t)(1 + i % 250);

	synpkt_build(pkt, saddr, 1024 + i / 64000, daddr, dport, i,
		     (uint32_t)i * 2654435761u);
}

/*
 * The request socks of a SYN flood of @syns at a listener in
 * xbench-@pair-a (device @adev), sent from xbench-@pair-b's @bdev.
 * @mac: the veth's link-layer destination (xnet has no link layer).
 */
static void flood(int family, const char *label, int syns, const char *pair,
		  const char *adev, const char *bdev, int mac)
{
	static struct slab_snapshot s0, s1;
	struct sockaddr_ll sll = { .sll_family = AF_PACKET };
	struct sockaddr_in a = { .sin_family = family };
	long long d0, c0, c1, l0, objs;
	long sent = 0, reqs;
	const char *cache;
	char ns[64];
	FILE *f;
	uint8_t pkt[SYNPKT_LEN];
	uint32_t daddr;
	int pfd, lfd;
	double t0, t1;

	/*
	 * The SYN-ACK retransmissions of thousands of requests whose timers
	 * expire in the same tick (at 7 s and later the timer wheel's slots
	 * are coarse) would overflow the receiving end's netif_rx() backlog
	 * (net.core.netdev_max_backlog, 1000, global): a failed
	 * retransmission drops the request (reqsk_timer_handler()), in
	 * both stacks, and the count would melt under the measurement.
	 */
	f = fopen("/proc/sys/net/core/netdev_max_backlog", "w");
	if (!f || fprintf(f, "%d\n", 4 * syns + 1000) < 0 || fclose(f))
		die("net.core.netdev_max_backlog");

	/* The flood's packet socket, on the other end of the pair. */
	snprintf(ns, sizeof(ns), "xbench-%s-b", pair);
	enter_netns(ns);
	pfd = socket(AF_PACKET, SOCK_DGRAM, htons(ETH_P_IP));
	if (pfd < 0)
		die("socket(AF_PACKET)");
	sll.sll_protocol = htons(ETH_P_IP);
	sll.sll_ifindex = if_nametoindex(bdev);
	if (!sll.sll_ifindex)
		die(bdev);

	snprintf(ns, sizeof(ns), "xbench-%s-a", pair);
	enter_netns(ns);
	if (mac) {
		struct ifreq ifr = { 0 };
		int fd = socket(AF_INET, SOCK_DGRAM, 0);

		snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", adev);
		if (fd < 0 || ioctl(fd, SIOCGIFHWADDR, &ifr))
			die("SIOCGIFHWADDR");
		memcpy(sll.sll_addr, ifr.ifr_hwaddr.sa_data, 6);
		sll.sll_halen = 6;
		close(fd);
	}
	/*
	 * listen(2) clamps the backlog with net.core.somaxconn for every
	 * family, then xinet_listen() with net.xinet.somaxconn.
	 */
	f = fopen("/proc/sys/net/core/somaxconn", "w");
	if (!f || fprintf(f, "%d\n", FLOOD_BACKLOG) < 0 || fclose(f))
		die("net.core.somaxconn");
	if (family != AF_INET)
		sysctl_set(family, "somaxconn", FLOOD_BACKLOG);
	sysctl_set(family, "tcp_max_syn_backlog", FLOOD_BACKLOG);
	inet_pton(AF_INET, FLOOD_DADDR, &a.sin_addr);
	daddr = ntohl(a.sin_addr.s_addr);
	a.sin_port = htons(FLOOD_PORT);
	lfd = socket(family, SOCK_STREAM, 0);
	if (lfd < 0 || bind(lfd, (struct sockaddr *)&a, sizeof(a)) ||
	    listen(lfd, FLOOD_BACKLOG))
		die("flood listener");

	snap(&s0);
	c0 = mib(family, "netstat", "TcpExt", "SyncookiesSent");
	l0 = mib(family, "netstat", "TcpExt", "ListenDrops");
	d0 = mib(family, "snmp", "Ip", "InDelivers");
	t0 = now();
	while (sent < syns) {
		build_syn(pkt, sent, daddr, FLOOD_PORT);
		if (sendto(pfd, pkt, sizeof(pkt), 0, (struct sockaddr *)&sll,
			   sizeof(sll)) < 0) {
			if (errno == ENOBUFS || errno == EAGAIN) {
				usleep(100);
				continue;
			}
			die("sendto");
		}
		sent++;
		/*
		 * Not more than FLOOD_AHEAD ahead of the listener's stack
		 * (its delivered packets), so that the pair's queues do not
		 * drop SYNs; a few are lost anyway and not waited for.
		 */
		if (sent % 64 == 0 && d0 >= 0) {
			int tries = 0;

			while (sent - (mib(family, "snmp", "Ip", "InDelivers") - d0) >
			       FLOOD_AHEAD && tries++ < 100)
				usleep(1000);
		}
	}
	t0 = now() - t0;
	snap(&s1);
	c1 = mib(family, "netstat", "TcpExt", "SyncookiesSent");
	cache = family == AF_INET ? "request_sock_TCP" : "XTCP_request_sock";
	objs = slab_objs(&s1, cache) - slab_objs(&s0, cache);
	t1 = now();
	reqs = synrecv_count(family);
	t1 = now() - t1;
	printf("%-8s request sock:     %6lld bytes per request sock, %lld request socks (%s objects) from %ld SYNs in %.1f s\n",
	       label, objs > 0 ? (s1.total - s0.total) / objs : 0, objs, cache,
	       sent, t0);
	printf("         %lld SYNs delivered, %lld SYN cookies sent, %lld listen drops; %ld SYN_RECV rows (read in %.1f s)\n",
	       mib(family, "snmp", "Ip", "InDelivers") - d0, c1 - c0,
	       mib(family, "netstat", "TcpExt", "ListenDrops") - l0, reqs, t1);
	slab_print_growth(&s0, &s1, objs > 0 ? objs : 1, TOP);
	if (objs <= 0 || c1 != c0) {
		fprintf(stderr, "xinet-mem: %s: %s\n", label,
			objs > 0 ? "SYN cookies were sent: the figure is not a request sock's" :
			"no request sock");
		exit(1);
	}
	if (reqs < objs * 99 / 100)
		fprintf(stderr, "xinet-mem: %s: %ld SYN_RECV rows for %lld request socks\n",
			label, reqs, objs);
	/* Its request socks die at their next SYN-ACK timer. */
	close(lfd);
	close(pfd);
	enter_netns("");
}

/* Waits until @family's TIME_WAIT and request socks are gone. */
static void drain(int family, const char *pair, double since)
{
	char ns[64];
	long tw = 0, reqs = 0;
	double t0 = now();

	snprintf(ns, sizeof(ns), "xbench-%s-a", pair);
	while (now() - t0 < 3 * REQ_LIFE) {
		if (now() - since > REQ_LIFE) {
			tw = tw_count(family);
			enter_netns(ns);
			reqs = synrecv_count(family);
			enter_netns("");
			if (!tw && !reqs)
				return;
		}
		sleep(1);
	}
	fprintf(stderr, "xinet-mem: %ld TIME_WAIT and %ld request socks still there after %.0f s\n",
		tw, reqs, now() - t0);
}

int main(int argc, char **argv)
{
	int opt, n = 50000, syns = 50000;
	struct rlimit rl;
	double t;
	FILE *f;

	xfamily = -1;
	while ((opt = getopt(argc, argv, "n:s:f:")) != -1) {
		switch (opt) {
		case 'n':
			n = atoi(optarg);
			break;
		case 's':
			syns = atoi(optarg);
			break;
		case 'f':
			xfamily = atoi(optarg);
			break;
		default:
			fprintf(stderr, "usage: %s [-n connections] [-s syns] [-f family]\n",
				argv[0]);
			return 2;
		}
	}
	if (n < 1 || syns < 0 || syns > FLOOD_BACKLOG / 2 || syns > 64000 * 64) {
		fprintf(stderr, "xinet-mem: bad -n or -s\n");
		return 2;
	}
	if (xfamily < 0) {
		f = fopen(XINET_FAMILY_PATH, "r");
		if (!f || fscanf(f, "%d", &xfamily) != 1) {
			fprintf(stderr, "xinet-mem: xinet is not loaded\n");
			return 1;
		}
		fclose(f);
	}
	rl.rlim_cur = rl.rlim_max = 2 * n + 64;
	if (setrlimit(RLIMIT_NOFILE, &rl))
		die("setrlimit");
	setvbuf(stdout, NULL, _IOLBF, 0);

	established(AF_INET, "AF_INET", n);
	t = now();
	if (syns) {
		flood(AF_INET, "AF_INET", syns, "pinet", "va", "vb", 1);
		t = now();
	}
	/* AF_INET's TIME_WAIT and request socks must not count for xinet. */
	drain(AF_INET, "pinet", t);
	established(xfamily, "AF_XINET", n);
	if (syns)
		flood(xfamily, "AF_XINET", syns, "pmix", "xa", "xb", 0);
	return 0;
}
