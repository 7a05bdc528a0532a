// SPDX-License-Identifier: GPL-2.0
/*
 * xinet-demo: what `make demo` shows inside the test VM.
 *
 * Opens one AF_XINET socket of each kind, says what it is and how it
 * answers, next to the same call on AF_INET, so that a reader sees the
 * twin family at work.
 */

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <sys/socket.h>
#include <linux/xinet.h>

static int family = AF_XINET;

static const char *type_name(int type)
{
	switch (type) {
	case SOCK_STREAM: return "SOCK_STREAM";
	case SOCK_DGRAM: return "SOCK_DGRAM";
	case SOCK_RAW: return "SOCK_RAW";
	case SOCK_SEQPACKET: return "SOCK_SEQPACKET";
	default: return "?";
	}
}

static const char *proto_name(int protocol)
{
	switch (protocol) {
	case 0: return "0";
	case IPPROTO_TCP: return "IPPROTO_TCP";
	case IPPROTO_UDP: return "IPPROTO_UDP";
	case IPPROTO_ICMP: return "IPPROTO_ICMP";
	case IPPROTO_RAW: return "IPPROTO_RAW";
	default: return "?";
	}
}

static void poll_mask(int fd, char *buf, size_t len)
{
	struct pollfd pfd = { .fd = fd, .events = POLLIN | POLLOUT | POLLRDHUP };

	buf[0] = '\0';
	if (poll(&pfd, 1, 0) < 0) {
		snprintf(buf, len, "poll: %s", strerror(errno));
		return;
	}
	if (pfd.revents & POLLIN)
		strncat(buf, "IN ", len - strlen(buf) - 1);
	if (pfd.revents & POLLOUT)
		strncat(buf, "OUT ", len - strlen(buf) - 1);
	if (pfd.revents & POLLHUP)
		strncat(buf, "HUP ", len - strlen(buf) - 1);
	if (pfd.revents & POLLRDHUP)
		strncat(buf, "RDHUP ", len - strlen(buf) - 1);
	if (pfd.revents & POLLERR)
		strncat(buf, "ERR ", len - strlen(buf) - 1);
}

static int opt(int fd, int name)
{
	int val = -1;
	socklen_t len = sizeof(val);

	getsockopt(fd, SOL_SOCKET, name, &val, &len);
	return val;
}

static void show(int type, int protocol)
{
	struct sockaddr_xin sin;
	socklen_t len = sizeof(sin);
	char mask[64];
	int fd;

	printf("\nsocket(AF_XINET, %s, %s)\n", type_name(type),
	       proto_name(protocol));
	fd = socket(family, type, protocol);
	if (fd < 0) {
		int xerr = errno;
		int in = socket(AF_INET, type, protocol);

		printf("  -> fails: %s (AF_INET: %s)\n", strerror(xerr),
		       in < 0 ? strerror(errno) : "succeeds");
		if (in >= 0)
			close(in);
		return;
	}
	printf("  -> fd %d: SO_DOMAIN %d, SO_TYPE %d, SO_PROTOCOL %d, SO_RCVBUF %d\n",
	       fd, opt(fd, SO_DOMAIN), opt(fd, SO_TYPE), opt(fd, SO_PROTOCOL),
	       opt(fd, SO_RCVBUF));
	if (!getsockname(fd, (struct sockaddr *)&sin, &len)) {
		struct in_addr a = { .s_addr = sin.sxin_addr };

		printf("  getsockname: family %d, %s:%u (%u bytes)\n",
		       sin.sxin_family, inet_ntoa(a), ntohs(sin.sxin_port),
		       (unsigned int)len);
	}
	len = sizeof(sin);
	if (getpeername(fd, (struct sockaddr *)&sin, &len))
		printf("  getpeername: %s\n", strerror(errno));
	poll_mask(fd, mask, sizeof(mask));
	printf("  poll: %s\n", mask);
	sin = (struct sockaddr_xin){ .sxin_family = family,
				     .sxin_addr = htonl(INADDR_LOOPBACK) };
	if (bind(fd, (struct sockaddr *)&sin, sizeof(sin)))
		printf("  bind(127.0.0.1): %s\n", strerror(errno));
	if (shutdown(fd, SHUT_RDWR))
		printf("  shutdown: %s\n", strerror(errno));
	close(fd);
	printf("  closed\n");
}

static int write_str(const char *path, const char *val)
{
	int fd = open(path, O_WRONLY);
	int ret;

	if (fd < 0)
		return -1;
	ret = write(fd, val, strlen(val)) < 0 ? -1 : 0;
	close(fd);
	return ret;
}

int main(void)
{
	FILE *f = fopen(XINET_FAMILY_PATH, "r");

	if (!f || fscanf(f, "%d", &family) != 1) {
		fprintf(stderr, "xinet is not loaded (%s)\n", XINET_FAMILY_PATH);
		return 1;
	}
	fclose(f);
	printf("AF_XINET is address family %d (AF_INET is %d)\n", family,
	       AF_INET);

	show(SOCK_STREAM, 0);
	show(SOCK_DGRAM, 0);
	show(SOCK_RAW, IPPROTO_ICMP);
	show(SOCK_RAW, IPPROTO_RAW);

	printf("\nping sockets follow net.xinet.ping_group_range (default \"1 0\": nobody)\n");
	show(SOCK_DGRAM, IPPROTO_ICMP);
	if (write_str("/proc/sys/net/xinet/ping_group_range", "0 0") == 0) {
		printf("\nafter: echo \"0 0\" > /proc/sys/net/xinet/ping_group_range\n");
		show(SOCK_DGRAM, IPPROTO_ICMP);
		write_str("/proc/sys/net/xinet/ping_group_range", "1 0");
	}

	printf("\nwhat AF_INET refuses, AF_XINET refuses the same way:\n");
	show(SOCK_STREAM, IPPROTO_UDP);
	show(SOCK_DGRAM, IPPROTO_TCP);
	show(SOCK_RAW, 0);
	show(SOCK_SEQPACKET, 0);
	return 0;
}
