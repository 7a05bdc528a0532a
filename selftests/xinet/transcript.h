/* SPDX-License-Identifier: GPL-2.0 */
/*
 * transcript.h: what the transcript tests (udp_test, and tcp_test and
 * tcp_data_test through tcp_common.h) share: the family xinet registered
 * (socket_test and ip_test use that too), the transcript a behaviour
 * writes (struct run, say, rec, rec_name), the socket calls on an IPv4
 * address of the run's family and its snmp counters (mib).  Each
 * behaviour runs once per family; the AF_INET transcript must be the
 * expected one and the AF_XINET transcript must equal it.
 */
#ifndef XINET_SELFTEST_TRANSCRIPT_H
#define XINET_SELFTEST_TRANSCRIPT_H

#include <errno.h>
#include <poll.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <net/if.h>
#include <sched.h>
#include <sys/ioctl.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <linux/capability.h>
#include <linux/xinet.h>
#include "family.h"

/*
 * Into a fresh network namespace, its lo up (a new namespace's lo is
 * down; xlo comes up with the family).  Returns 0 or -1.
 */
static inline int netns_lo_up(void)
{
	struct ifreq ifr = {};
	int fd, ret;

	if (unshare(CLONE_NEWNET))
		return -1;
	fd = socket(AF_INET, SOCK_DGRAM, 0);
	if (fd < 0)
		return -1;
	snprintf(ifr.ifr_name, IFNAMSIZ, "lo");
	ret = ioctl(fd, SIOCGIFFLAGS, &ifr);
	if (!ret) {
		ifr.ifr_flags |= IFF_UP;
		ret = ioctl(fd, SIOCSIFFLAGS, &ifr);
	}
	close(fd);
	return ret ? -1 : 0;
}

struct run {
	int family;		/* AF_INET or the xinet family */
	char log[4096];
	size_t len;
};

static inline void say(struct run *r, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(r->log + r->len, sizeof(r->log) - r->len, fmt, ap);
	va_end(ap);
	if (n > 0 && r->len + n < sizeof(r->log))
		r->len += n;
}

/* "name=value " with value the result, or the errno name on failure. */
static inline void rec(struct run *r, const char *what, long ret)
{
	if (ret < 0)
		say(r, "%s=%s ", what, strerrorname_np(errno) ?: "?");
	else
		say(r, "%s=%ld ", what, ret);
}

/* recv(@len, @flags | MSG_DONTWAIT): "what=n what_data=... ". */
static inline void rec_read(struct run *r, const char *what, int fd,
			    size_t len, int flags)
{
	char buf[32] = "";
	ssize_t n = recv(fd, buf, len < sizeof(buf) ? len : sizeof(buf) - 1,
			 flags | MSG_DONTWAIT);

	rec(r, what, n);
	if (n > 0)
		say(r, "%s_data=%.*s ", what, (int)n, buf);
}

/* "what=N " with SO_PEEK_OFF's value, or the errno name. */
static inline void rec_peek_off(struct run *r, const char *what, int fd)
{
	int v = -2;
	socklen_t l = sizeof(v);

	if (getsockopt(fd, SOL_SOCKET, SO_PEEK_OFF, &v, &l) < 0)
		rec(r, what, -1);
	else
		say(r, "%s=%d ", what, v);
}

static inline struct sockaddr_in addr_of(struct run *r, const char *ip,
					 int port)
{
	struct sockaddr_in a = {
		.sin_family = r->family,
		.sin_port = htons(port),
	};

	inet_pton(AF_INET, ip, &a.sin_addr);
	return a;
}

static inline int bind_to(struct run *r, int fd, const char *ip, int port)
{
	struct sockaddr_in a = addr_of(r, ip, port);

	return bind(fd, (struct sockaddr *)&a, sizeof(a));
}

static inline int connect_to(struct run *r, int fd, const char *ip, int port)
{
	struct sockaddr_in a = addr_of(r, ip, port);

	return connect(fd, (struct sockaddr *)&a, sizeof(a));
}

static inline int setint(int fd, int level, int name, int val)
{
	return setsockopt(fd, level, name, &val, sizeof(val));
}

static inline int local_port(int fd)
{
	struct sockaddr_in a;
	socklen_t len = sizeof(a);

	if (getsockname(fd, (struct sockaddr *)&a, &len))
		return -1;
	return ntohs(a.sin_port);
}

static inline int poll_mask(int fd, short events, int timeout)
{
	struct pollfd p = { .fd = fd, .events = events };

	if (poll(&p, 1, timeout) < 0)
		return -1;
	return p.revents;
}

/* SIOCSIFMTU on the family's loopback: "lo" or "xlo". */
static inline int set_lo_mtu(struct run *r, int mtu)
{
	struct ifreq ifr = { .ifr_mtu = mtu };
	int fd = socket(AF_INET, SOCK_DGRAM, 0), ret;

	snprintf(ifr.ifr_name, IFNAMSIZ, "%s",
		 r->family == AF_INET ? "lo" : "xlo");
	ret = ioctl(fd, SIOCSIFMTU, &ifr);
	close(fd);
	return ret;
}

/* getsockname/getpeername as "addr:port-or-any/family/len". */
static inline void rec_name(struct run *r, const char *what, int fd,
			    bool peer, bool port_exact)
{
	struct sockaddr_in a;
	socklen_t len = sizeof(a);
	char ip[INET_ADDRSTRLEN];
	int ret;

	memset(&a, 0xaa, sizeof(a));
	ret = peer ? getpeername(fd, (struct sockaddr *)&a, &len) :
		     getsockname(fd, (struct sockaddr *)&a, &len);
	if (ret) {
		rec(r, what, -1);
		return;
	}
	inet_ntop(AF_INET, &a.sin_addr, ip, sizeof(ip));
	if (port_exact || !a.sin_port)
		say(r, "%s=%s:%d/%s/%u ", what, ip, ntohs(a.sin_port),
		    a.sin_family == r->family ? "fam" : "badfam", len);
	else
		say(r, "%s=%s:any/%s/%u ", what, ip,
		    a.sin_family == r->family ? "fam" : "badfam", len);
}

/* Clear @cap from the effective set (the permitted set keeps it). */
static inline int set_effective_cap(int cap, bool on)
{
	struct __user_cap_header_struct hdr = {
		.version = _LINUX_CAPABILITY_VERSION_3,
	};
	struct __user_cap_data_struct data[2];

	if (syscall(SYS_capget, &hdr, data))
		return -1;
	if (on)
		data[cap / 32].effective |= 1U << (cap % 32);
	else
		data[cap / 32].effective &= ~(1U << (cap % 32));
	return syscall(SYS_capset, &hdr, data);
}

/* Field separators of the snmp files. */
#define MIB_SEP	"\t\n "

/*
 * "@sect NAME" from the family's @file ("snmp" or "netstat", in
 * /proc/net or /proc/net/xinet), or -1.
 */
static inline long mib(struct run *r, const char *file, const char *sect,
		       const char *name)
{
	char path[64], head[4096], vals[4096], *h, *v, *hs, *vs;
	long found = -1;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/net/%s%s",
		 r->family == AF_INET ? "" : "xinet/", file);
	f = fopen(path, "r");
	if (!f)
		return -1;
	while (fgets(head, sizeof(head), f)) {
		if (strncmp(head, sect, strlen(sect)) ||
		    head[strlen(sect)] != ' ' ||
		    !fgets(vals, sizeof(vals), f))
			continue;
		h = strtok_r(head, MIB_SEP, &hs);
		v = strtok_r(vals, MIB_SEP, &vs);
		while (h && v) {
			if (!strcmp(h, name))
				found = atol(v);
			h = strtok_r(NULL, MIB_SEP, &hs);
			v = strtok_r(NULL, MIB_SEP, &vs);
		}
		break;
	}
	fclose(f);
	return found;
}

#endif /* XINET_SELFTEST_TRANSCRIPT_H */
