// SPDX-License-Identifier: GPL-2.0
/*
 * tfo-peer: one end of a TCP Fast Open exchange, on AF_INET or AF_XINET,
 * for the interop tests across an xnet pair.
 *
 *   tfo-peer listen FAMILY ADDR PORT N
 *	a listener with TCP_FASTOPEN 16; prints "ready", then for each of
 *	N connections "conn I data=WHAT syn_data=0|1" (what its first read
 *	returned, and TCPI_OPT_SYN_DATA of the accepted socket), answers
 *	"ok" and closes
 *   tfo-peer connect FAMILY ADDR PORT MSG
 *	sendto(MSG_FASTOPEN) of MSG, reads the answer; prints
 *	"sent=N reply=WHAT syn_data=0|1 fail=F" (tcpi_fastopen_client_fail)
 *
 * FAMILY is inet or xinet (AF_XINET's number is read from sysfs).
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <linux/tcp.h>
#include <linux/xinet.h>

#include "../family.h"

#ifndef MSG_FASTOPEN
#define MSG_FASTOPEN	0x20000000
#endif

static void tfo_info(int fd, int *syn_data, int *fail)
{
	struct tcp_info ti;
	socklen_t len = sizeof(ti);

	memset(&ti, 0, sizeof(ti));
	getsockopt(fd, IPPROTO_TCP, TCP_INFO, &ti, &len);
	*syn_data = !!(ti.tcpi_options & TCPI_OPT_SYN_DATA);
	*fail = ti.tcpi_fastopen_client_fail;
}

int main(int argc, char **argv)
{
	struct sockaddr_in a = { 0 };
	int family, fd, i, n, syn_data, fail, one = 1, qlen = 16;
	char buf[128];
	ssize_t got;

	family = argc == 6 ? family_of(argv[2]) : -1;
	if (family < 0) {
		fprintf(stderr, "usage: %s listen|connect FAMILY ADDR PORT N|MSG\n",
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

	if (!strcmp(argv[1], "listen")) {
		setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
		if (setsockopt(fd, IPPROTO_TCP, TCP_FASTOPEN, &qlen,
			       sizeof(qlen)) ||
		    bind(fd, (struct sockaddr *)&a, sizeof(a)) ||
		    listen(fd, 8)) {
			perror("listen");
			return 1;
		}
		printf("ready\n");
		fflush(stdout);
		n = atoi(argv[5]);
		for (i = 0; i < n; i++) {
			int c = accept(fd, NULL, NULL);

			if (c < 0) {
				perror("accept");
				return 1;
			}
			got = read(c, buf, sizeof(buf) - 1);
			buf[got > 0 ? got : 0] = 0;
			tfo_info(c, &syn_data, &fail);
			printf("conn %d data=%s syn_data=%d\n", i, buf,
			       syn_data);
			fflush(stdout);
			if (write(c, "ok", 2) != 2)
				perror("write");
			close(c);
		}
		return 0;
	}

	got = sendto(fd, argv[5], strlen(argv[5]), MSG_FASTOPEN,
		     (struct sockaddr *)&a, sizeof(a));
	if (got < 0) {
		perror("sendto");
		return 1;
	}
	n = read(fd, buf, sizeof(buf) - 1);
	buf[n > 0 ? n : 0] = 0;
	tfo_info(fd, &syn_data, &fail);
	printf("sent=%zd reply=%s syn_data=%d fail=%d\n", got, buf, syn_data,
	       fail);
	close(fd);
	return 0;
}
