// SPDX-License-Identifier: GPL-2.0
/*
 * udp-pmtu: path MTU discovery as a UDP socket sees it, on AF_INET or
 * AF_XINET, for pmtu_interop_test.
 *
 *   udp-pmtu inet|xinet ADDR PORT LEN
 *
 * A socket with IP_RECVERR and IP_MTU_DISCOVER at IP_PMTUDISC_DO,
 * connected to ADDR:PORT, sends LEN bytes and waits up to 5 s for an
 * error; then it prints one line per step:
 *   "icmp ERRNO origin O type T code C info I"  the queued ICMP error
 *   "mtu N"                                      IP_MTU afterwards
 *   "send2 ERRNO"                                a second send of LEN
 *   "local ERRNO origin O info I"                what that send queued
 * (ERRNO a name, or "none"), and exits 0; 1 on a setup error.
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
#include <linux/errqueue.h>
#include <linux/xinet.h>

static int family_of(const char *name)
{
	FILE *f;
	int family = AF_XINET;

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

static const char *ename(int e)
{
	return e ? (strerrorname_np(e) ? : "?") : "none";
}

/* One queued error: "TAG ERRNO origin O [type T code C] info I". */
static void print_err(int fd, const char *tag, int icmp)
{
	char data[2048], ctl[512];
	struct iovec iov = { data, sizeof(data) };
	struct msghdr msg = {
		.msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = ctl, .msg_controllen = sizeof(ctl),
	};
	struct sock_extended_err *ee = NULL;
	struct cmsghdr *c;

	if (recvmsg(fd, &msg, MSG_ERRQUEUE | MSG_DONTWAIT) < 0) {
		printf("%s %s\n", tag, ename(errno));
		return;
	}
	for (c = CMSG_FIRSTHDR(&msg); c; c = CMSG_NXTHDR(&msg, c))
		if (c->cmsg_level == SOL_IP && c->cmsg_type == IP_RECVERR)
			ee = (struct sock_extended_err *)CMSG_DATA(c);
	if (!ee) {
		printf("%s nocmsg\n", tag);
		return;
	}
	if (icmp)
		printf("%s %s origin %u type %u code %u info %u\n", tag,
		       ename(ee->ee_errno), ee->ee_origin, ee->ee_type,
		       ee->ee_code, ee->ee_info);
	else
		printf("%s %s origin %u info %u\n", tag, ename(ee->ee_errno),
		       ee->ee_origin, ee->ee_info);
}

int main(int argc, char **argv)
{
	struct sockaddr_in sin = { 0 };
	int fd, one = 1, pmtu = IP_PMTUDISC_DO, mtu;
	socklen_t len = sizeof(mtu);
	struct pollfd pfd;
	size_t n;
	char *buf;

	if (argc != 5) {
		fprintf(stderr, "usage: udp-pmtu inet|xinet ADDR PORT LEN\n");
		return 2;
	}
	n = strtoul(argv[4], NULL, 0);
	buf = calloc(1, n);
	sin.sin_family = family_of(argv[1]);
	sin.sin_port = htons(atoi(argv[3]));
	if (!buf || inet_pton(AF_INET, argv[2], &sin.sin_addr) != 1)
		return 2;
	fd = socket(sin.sin_family, SOCK_DGRAM, 0);
	if (fd < 0 ||
	    setsockopt(fd, SOL_IP, IP_RECVERR, &one, sizeof(one)) ||
	    setsockopt(fd, SOL_IP, IP_MTU_DISCOVER, &pmtu, sizeof(pmtu)) ||
	    connect(fd, (struct sockaddr *)&sin, sizeof(sin))) {
		printf("setup %s\n", ename(errno));
		return 1;
	}
	if (send(fd, buf, n, 0) < 0) {
		printf("send %s\n", ename(errno));
		return 1;
	}
	pfd.fd = fd;
	pfd.events = 0;
	poll(&pfd, 1, 5000);
	print_err(fd, "icmp", 1);
	if (getsockopt(fd, SOL_IP, IP_MTU, &mtu, &len))
		printf("mtu %s\n", ename(errno));
	else
		printf("mtu %d\n", mtu);
	printf("send2 %s\n", send(fd, buf, n, 0) < 0 ? ename(errno) : "none");
	print_err(fd, "local", 0);
	close(fd);
	return 0;
}
