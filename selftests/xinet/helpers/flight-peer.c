// SPDX-License-Identifier: GPL-2.0
/*
 * flight-peer: the two ends of recorder_test's transfer (the TCP flight
 * recorder, issue #17), on AF_XINET.  Each end keeps its socket open
 * once done, until killed, so that `xinet trace` can read its record.
 *
 *   flight-peer server ADDR PORT RCVBUF PAUSE_MS
 *	SO_RCVBUF RCVBUF, listen, print "ready", accept one connection,
 *	print "accepted", read nothing for PAUSE_MS (the sender fills the
 *	window and probes it), then read to EOF: print "bytes N", "done"
 *   flight-peer client ADDR PORT BYTES
 *	XTCP_FLIGHT_RECORDER 1024 (after checking that it reads 0 before,
 *	that 1025 is refused and that XTCP_FLIGHT_RECORD is ENOENT while
 *	off), connect, print "local ADDR:PORT", write BYTES,
 *	shutdown(SHUT_WR), wait until everything is acknowledged, then
 *	print "total_retrans N" (TCP_INFO), and from its own record
 *	(getsockopt XTCP_FLIGHT_RECORD) "record EVENTS RECORDED RETRANS",
 *	and "done"
 *
 * Exit status: 0 (after the kill), 1 on an error, printed as
 * "error: <call>: <strerror>".
 */

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include <linux/xinet.h>
#include <linux/xinet_recorder.h>

#include "../family.h"

#define RING	1024

static void fail(const char *what)
{
	printf("error: %s: %s\n", what, strerror(errno));
	exit(1);
}

static void addr_of(struct sockaddr_in *sin, const char *addr, int port)
{
	memset(sin, 0, sizeof(*sin));
	sin->sin_family = xinet_family();
	sin->sin_port = htons(port);
	if (inet_pton(AF_INET, addr, &sin->sin_addr) != 1) {
		errno = EINVAL;
		fail("address");
	}
}

/* Keep the socket open until the test kills us. */
static void hold(void)
{
	printf("done\n");
	fflush(stdout);
	for (;;)
		pause();
}

static int server(const char *addr, int port, int rcvbuf, int pause_ms)
{
	struct timespec ts = { pause_ms / 1000, (pause_ms % 1000) * 1000000L };
	struct sockaddr_in sin;
	static char buf[65536];
	long long bytes = 0;
	int one = 1, ls, fd;
	ssize_t n;

	addr_of(&sin, addr, port);
	ls = socket(sin.sin_family, SOCK_STREAM, 0);
	if (ls < 0)
		fail("socket");
	if (setsockopt(ls, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) ||
	    setsockopt(ls, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof(rcvbuf)))
		fail("setsockopt");
	if (bind(ls, (struct sockaddr *)&sin, sizeof(sin)) || listen(ls, 1))
		fail("bind/listen");
	printf("ready\n");
	fflush(stdout);
	fd = accept(ls, NULL, NULL);
	if (fd < 0)
		fail("accept");
	printf("accepted\n");
	fflush(stdout);
	nanosleep(&ts, NULL);
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		bytes += n;
	if (n < 0)
		fail("read");
	printf("bytes %lld\n", bytes);
	hold();
	return 0;
}

static int client(const char *addr, int port, long long bytes)
{
	struct xtcp_rec_header *h;
	struct xtcp_rec_event *ev;
	struct sockaddr_in sin, me;
	socklen_t len = sizeof(me);
	struct tcp_info info;
	static char buf[65536];
	int fd, val, i, retrans = 0;
	socklen_t vlen = sizeof(val);
	char host[INET_ADDRSTRLEN];

	addr_of(&sin, addr, port);
	fd = socket(sin.sin_family, SOCK_STREAM, 0);
	if (fd < 0)
		fail("socket");
	/* Off by default (net.xinet.tcp_flight_recorder is 0 here). */
	if (getsockopt(fd, SOL_TCP, XTCP_FLIGHT_RECORDER, &val, &vlen))
		fail("getsockopt XTCP_FLIGHT_RECORDER");
	if (val != 0) {
		errno = EEXIST;
		fail("XTCP_FLIGHT_RECORDER not 0 by default");
	}
	len = sizeof(*h);
	h = malloc(sizeof(*h) + RING * sizeof(*ev));
	if (!h)
		fail("malloc");
	if (!getsockopt(fd, SOL_TCP, XTCP_FLIGHT_RECORD, h, &len) ||
	    errno != ENOENT)
		fail("XTCP_FLIGHT_RECORD while off: not ENOENT");
	val = XTCP_REC_MAX_EVENTS + 1;
	if (!setsockopt(fd, SOL_TCP, XTCP_FLIGHT_RECORDER, &val, sizeof(val)) ||
	    errno != EINVAL)
		fail("XTCP_FLIGHT_RECORDER 1025: not EINVAL");
	val = RING;
	if (setsockopt(fd, SOL_TCP, XTCP_FLIGHT_RECORDER, &val, sizeof(val)))
		fail("setsockopt XTCP_FLIGHT_RECORDER");
	vlen = sizeof(val);
	if (getsockopt(fd, SOL_TCP, XTCP_FLIGHT_RECORDER, &val, &vlen) ||
	    val != RING)
		fail("getsockopt XTCP_FLIGHT_RECORDER after set");

	if (connect(fd, (struct sockaddr *)&sin, sizeof(sin)))
		fail("connect");
	len = sizeof(me);
	if (getsockname(fd, (struct sockaddr *)&me, &len))
		fail("getsockname");
	inet_ntop(AF_INET, &me.sin_addr, host, sizeof(host));
	printf("local %s:%u\n", host, ntohs(me.sin_port));
	fflush(stdout);

	for (i = 0; i < (int)sizeof(buf); i++)
		buf[i] = i * 7;
	while (bytes > 0) {
		ssize_t n = write(fd, buf, bytes < (long long)sizeof(buf) ?
				  bytes : (long long)sizeof(buf));

		if (n < 0)
			fail("write");
		bytes -= n;
	}
	if (shutdown(fd, SHUT_WR))
		fail("shutdown");
	/* Everything acknowledged, the FIN too: FIN_WAIT2 (20 s at most). */
	for (i = 0; i < 2000; i++) {
		len = sizeof(info);
		if (getsockopt(fd, SOL_TCP, TCP_INFO, &info, &len))
			fail("TCP_INFO");
		if (info.tcpi_state == TCP_FIN_WAIT2)
			break;
		usleep(10000);
	}
	printf("state %u\n", info.tcpi_state);
	printf("total_retrans %u\n", info.tcpi_total_retrans);

	len = sizeof(*h) + RING * sizeof(*ev);
	if (getsockopt(fd, SOL_TCP, XTCP_FLIGHT_RECORD, h, &len))
		fail("getsockopt XTCP_FLIGHT_RECORD");
	if (len != sizeof(*h) + h->count * sizeof(*ev)) {
		errno = EMSGSIZE;
		fail("XTCP_FLIGHT_RECORD length");
	}
	ev = (struct xtcp_rec_event *)(h + 1);
	for (i = 0; i < (int)h->count; i++)
		retrans += ev[i].type == XTCP_REC_RETRANS;
	printf("record %u %llu %d\n", h->count,
	       (unsigned long long)h->recorded, retrans);
	hold();
	return 0;
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc == 6 && !strcmp(argv[1], "server"))
		return server(argv[2], atoi(argv[3]), atoi(argv[4]),
			      atoi(argv[5]));
	if (argc == 5 && !strcmp(argv[1], "client"))
		return client(argv[2], atoi(argv[3]), atoll(argv[4]));
	fprintf(stderr, "usage: flight-peer server ADDR PORT RCVBUF PAUSE_MS\n"
			"       flight-peer client ADDR PORT BYTES\n");
	return 2;
}
