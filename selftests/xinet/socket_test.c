// SPDX-License-Identifier: GPL-2.0
/*
 * socket_test: socket(2) and the calls a fresh socket answers, run on
 * AF_INET and AF_XINET side by side.  AF_INET is the oracle: each case
 * asserts that AF_XINET gives the same result and errno.
 */

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <net/if.h>
#include <netinet/in.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <linux/capability.h>
#include <linux/xinet.h>

#include "kselftest_harness.h"
#include "transcript.h"

struct outcome {
	int fd;
	int err;
};

static struct outcome try_socket(int family, int type, int protocol)
{
	struct outcome o;

	errno = 0;
	o.fd = socket(family, type, protocol);
	o.err = o.fd < 0 ? errno : 0;
	return o;
}

static int sockopt_int(int fd, int level, int name)
{
	int val = -1;
	socklen_t len = sizeof(val);

	if (getsockopt(fd, level, name, &val, &len))
		return -errno;
	return val;
}

/* --- socket(2): the whole (type, protocol) table -------------------- */

FIXTURE(create) {
	int family;
};

FIXTURE_VARIANT(create) {
	int type;
	int protocol;
};

FIXTURE_VARIANT_ADD(create, stream_default) {
	.type = SOCK_STREAM,
	.protocol = 0,
};

FIXTURE_VARIANT_ADD(create, stream_tcp) {
	.type = SOCK_STREAM,
	.protocol = IPPROTO_TCP,
};

FIXTURE_VARIANT_ADD(create, stream_udp) {
	.type = SOCK_STREAM,
	.protocol = IPPROTO_UDP,
};

FIXTURE_VARIANT_ADD(create, stream_icmp) {
	.type = SOCK_STREAM,
	.protocol = IPPROTO_ICMP,
};

FIXTURE_VARIANT_ADD(create, stream_raw) {
	.type = SOCK_STREAM,
	.protocol = IPPROTO_RAW,
};

FIXTURE_VARIANT_ADD(create, stream_nonblock_cloexec) {
	.type = SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC,
	.protocol = 0,
};

FIXTURE_VARIANT_ADD(create, dgram_default) {
	.type = SOCK_DGRAM,
	.protocol = 0,
};

FIXTURE_VARIANT_ADD(create, dgram_udp) {
	.type = SOCK_DGRAM,
	.protocol = IPPROTO_UDP,
};

FIXTURE_VARIANT_ADD(create, dgram_tcp) {
	.type = SOCK_DGRAM,
	.protocol = IPPROTO_TCP,
};

FIXTURE_VARIANT_ADD(create, dgram_raw) {
	.type = SOCK_DGRAM,
	.protocol = IPPROTO_RAW,
};

FIXTURE_VARIANT_ADD(create, dgram_igmp) {
	.type = SOCK_DGRAM,
	.protocol = IPPROTO_IGMP,
};

FIXTURE_VARIANT_ADD(create, dgram_nonblock) {
	.type = SOCK_DGRAM | SOCK_NONBLOCK,
	.protocol = 0,
};

FIXTURE_VARIANT_ADD(create, raw_zero) {
	.type = SOCK_RAW,
	.protocol = 0,
};

FIXTURE_VARIANT_ADD(create, raw_icmp) {
	.type = SOCK_RAW,
	.protocol = IPPROTO_ICMP,
};

FIXTURE_VARIANT_ADD(create, raw_tcp) {
	.type = SOCK_RAW,
	.protocol = IPPROTO_TCP,
};

FIXTURE_VARIANT_ADD(create, raw_udp) {
	.type = SOCK_RAW,
	.protocol = IPPROTO_UDP,
};

FIXTURE_VARIANT_ADD(create, raw_raw) {
	.type = SOCK_RAW,
	.protocol = IPPROTO_RAW,
};

FIXTURE_VARIANT_ADD(create, raw_254) {
	.type = SOCK_RAW,
	.protocol = 254,
};

FIXTURE_VARIANT_ADD(create, seqpacket) {
	.type = SOCK_SEQPACKET,
	.protocol = 0,
};

FIXTURE_VARIANT_ADD(create, rdm) {
	.type = SOCK_RDM,
	.protocol = 0,
};

FIXTURE_VARIANT_ADD(create, dccp) {
	.type = SOCK_DCCP,
	.protocol = 0,
};

FIXTURE_VARIANT_ADD(create, type_7) {
	.type = 7,
	.protocol = 0,
};

FIXTURE_VARIANT_ADD(create, type_max) {
	.type = 11,
	.protocol = 0,
};

FIXTURE_VARIANT_ADD(create, bad_type_flag) {
	.type = SOCK_DGRAM | 0x40000000,
	.protocol = 0,
};

FIXTURE_VARIANT_ADD(create, protocol_negative) {
	.type = SOCK_STREAM,
	.protocol = -1,
};

FIXTURE_VARIANT_ADD(create, protocol_max) {
	.type = SOCK_DGRAM,
	.protocol = IPPROTO_MAX,
};

FIXTURE_VARIANT_ADD(create, protocol_max_minus_1) {
	.type = SOCK_RAW,
	.protocol = IPPROTO_MAX - 1,
};


FIXTURE_SETUP(create)
{
	self->family = xinet_family();
}

FIXTURE_TEARDOWN(create)
{
}

TEST_F(create, same_as_af_inet)
{
	struct outcome in = try_socket(AF_INET, variant->type, variant->protocol);
	struct outcome xin = try_socket(self->family, variant->type,
					variant->protocol);

	TH_LOG("AF_INET: %s, AF_XINET: %s",
	       in.fd >= 0 ? "ok" : strerror(in.err),
	       xin.fd >= 0 ? "ok" : strerror(xin.err));
	ASSERT_EQ(in.fd >= 0, xin.fd >= 0);
	ASSERT_EQ(in.err, xin.err);
	if (in.fd < 0)
		return;

	EXPECT_EQ(sockopt_int(in.fd, SOL_SOCKET, SO_TYPE),
		  sockopt_int(xin.fd, SOL_SOCKET, SO_TYPE));
	EXPECT_EQ(sockopt_int(in.fd, SOL_SOCKET, SO_PROTOCOL),
		  sockopt_int(xin.fd, SOL_SOCKET, SO_PROTOCOL));
	EXPECT_EQ(self->family, sockopt_int(xin.fd, SOL_SOCKET, SO_DOMAIN));
	EXPECT_EQ(fcntl(in.fd, F_GETFL) & O_NONBLOCK,
		  fcntl(xin.fd, F_GETFL) & O_NONBLOCK);
	EXPECT_EQ(fcntl(in.fd, F_GETFD), fcntl(xin.fd, F_GETFD));
	close(in.fd);
	close(xin.fd);
}

/* --- privileges: raw sockets need CAP_NET_RAW ------------------------ */

static int drop_effective_cap(int cap)
{
	struct __user_cap_header_struct hdr = {
		.version = _LINUX_CAPABILITY_VERSION_3,
	};
	struct __user_cap_data_struct data[2];

	if (syscall(SYS_capget, &hdr, data))
		return -1;
	data[cap / 32].effective &= ~(1U << (cap % 32));
	return syscall(SYS_capset, &hdr, data);
}

TEST(raw_without_cap_net_raw)
{
	int family = xinet_family();
	struct outcome in, xin;

	ASSERT_EQ(0, drop_effective_cap(CAP_NET_RAW));
	in = try_socket(AF_INET, SOCK_RAW, IPPROTO_ICMP);
	xin = try_socket(family, SOCK_RAW, IPPROTO_ICMP);
	ASSERT_LT(in.fd, 0);
	ASSERT_EQ(EPERM, in.err);
	ASSERT_LT(xin.fd, 0);
	ASSERT_EQ(in.err, xin.err);

	/* Nothing else needs the capability. */
	xin = try_socket(family, SOCK_DGRAM, 0);
	ASSERT_GE(xin.fd, 0);
	close(xin.fd);
}

/* --- ping sockets: governed by ping_group_range --------------------- */

#define IPV4_PING_RANGE "/proc/sys/net/ipv4/ping_group_range"
#define XINET_PING_RANGE "/proc/sys/net/xinet/ping_group_range"

static int read_file(const char *path, char *buf, size_t len)
{
	int fd = open(path, O_RDONLY);
	ssize_t n;

	if (fd < 0)
		return -errno;
	n = read(fd, buf, len - 1);
	close(fd);
	if (n < 0)
		return -errno;
	buf[n] = '\0';
	return 0;
}

/* Returns 0 or the errno of the write, as a shell's "echo >" would see it. */
static int write_file(const char *path, const char *val)
{
	int fd = open(path, O_WRONLY);
	int err = 0;

	if (fd < 0)
		return errno;
	if (write(fd, val, strlen(val)) < 0)
		err = errno;
	close(fd);
	return err;
}

FIXTURE(ping) {
	int family;
	char saved_ipv4[64];
	char saved_xinet[64];
};

FIXTURE_SETUP(ping)
{
	self->family = xinet_family();
	ASSERT_EQ(0, read_file(IPV4_PING_RANGE, self->saved_ipv4,
			       sizeof(self->saved_ipv4)));
	ASSERT_EQ(0, read_file(XINET_PING_RANGE, self->saved_xinet,
			       sizeof(self->saved_xinet)));
}

FIXTURE_TEARDOWN(ping)
{
	write_file(IPV4_PING_RANGE, self->saved_ipv4);
	write_file(XINET_PING_RANGE, self->saved_xinet);
}

static void set_both(struct __test_metadata *_metadata, const char *range)
{
	ASSERT_EQ(0, write_file(IPV4_PING_RANGE, range));
	ASSERT_EQ(0, write_file(XINET_PING_RANGE, range));
}

TEST_F(ping, group_range_governs_creation)
{
	static const char *const ranges[] = { "1 0", "0 0", "1 1", "0 2147483647" };
	char in_val[64], xin_val[64];
	struct outcome in, xin;
	int i;

	for (i = 0; i < 4; i++) {
		set_both(_metadata, ranges[i]);
		ASSERT_EQ(0, read_file(IPV4_PING_RANGE, in_val, sizeof(in_val)));
		ASSERT_EQ(0, read_file(XINET_PING_RANGE, xin_val, sizeof(xin_val)));
		EXPECT_STREQ(in_val, xin_val);

		in = try_socket(AF_INET, SOCK_DGRAM, IPPROTO_ICMP);
		xin = try_socket(self->family, SOCK_DGRAM, IPPROTO_ICMP);
		TH_LOG("range \"%s\": AF_INET %s, AF_XINET %s", ranges[i],
		       in.fd >= 0 ? "ok" : strerror(in.err),
		       xin.fd >= 0 ? "ok" : strerror(xin.err));
		EXPECT_EQ(in.fd >= 0, xin.fd >= 0);
		EXPECT_EQ(in.err, xin.err);
		if (in.fd >= 0)
			close(in.fd);
		if (xin.fd >= 0)
			close(xin.fd);
	}
}

TEST_F(ping, group_range_rejects_what_ipv4_rejects)
{
	static const char *const bad[] = {
		"0 4294967295", "-1 0", "0", "x y", "4294967294 4294967294",
	};
	int i;

	for (i = 0; i < 5; i++) {
		int in_err = write_file(IPV4_PING_RANGE, bad[i]);
		int xin_err = write_file(XINET_PING_RANGE, bad[i]);
		char in_val[64], xin_val[64];

		TH_LOG("write \"%s\": AF_INET %s, AF_XINET %s", bad[i],
		       in_err ? strerror(in_err) : "ok",
		       xin_err ? strerror(xin_err) : "ok");
		EXPECT_EQ(in_err, xin_err);
		ASSERT_EQ(0, read_file(IPV4_PING_RANGE, in_val, sizeof(in_val)));
		ASSERT_EQ(0, read_file(XINET_PING_RANGE, xin_val, sizeof(xin_val)));
		EXPECT_STREQ(in_val, xin_val);
	}
}

/* A new namespace starts from the defaults and has the family too. */
TEST_F(ping, new_namespace_defaults)
{
	char in_val[64], xin_val[64];
	struct outcome xin;

	set_both(_metadata, "0 0");
	ASSERT_EQ(0, unshare(CLONE_NEWNET));
	ASSERT_EQ(0, read_file(IPV4_PING_RANGE, in_val, sizeof(in_val)));
	ASSERT_EQ(0, read_file(XINET_PING_RANGE, xin_val, sizeof(xin_val)));
	EXPECT_STREQ("1\t0\n", in_val);
	EXPECT_STREQ(in_val, xin_val);

	xin = try_socket(self->family, SOCK_DGRAM, IPPROTO_ICMP);
	EXPECT_LT(xin.fd, 0);
	EXPECT_EQ(EACCES, xin.err);
	xin = try_socket(self->family, SOCK_STREAM, 0);
	ASSERT_GE(xin.fd, 0);
	close(xin.fd);
}

/* --- what a fresh, never-connected socket answers -------------------- */

FIXTURE(fresh) {
	int in;
	int xin;
	int family;
};

FIXTURE_VARIANT(fresh) {
	int type;
};

FIXTURE_VARIANT_ADD(fresh, stream) {
	.type = SOCK_STREAM,
};

FIXTURE_VARIANT_ADD(fresh, dgram) {
	.type = SOCK_DGRAM,
};

FIXTURE_SETUP(fresh)
{
	self->family = xinet_family();
	self->in = socket(AF_INET, variant->type, 0);
	ASSERT_GE(self->in, 0);
	self->xin = socket(self->family, variant->type, 0);
	ASSERT_GE(self->xin, 0);
}

FIXTURE_TEARDOWN(fresh)
{
	close(self->in);
	close(self->xin);
}

/* Runs fn on both sockets and asserts the same return value and errno. */
#define SAME_RESULT(call_in, call_xin) do {				\
	int __r_in, __e_in, __r_xin, __e_xin;				\
									\
	errno = 0;							\
	__r_in = (call_in);						\
	__e_in = errno;							\
	errno = 0;							\
	__r_xin = (call_xin);						\
	__e_xin = errno;						\
	TH_LOG("%s: AF_INET %d (%s), AF_XINET %d (%s)", #call_in,	\
	       __r_in, strerror(__e_in), __r_xin, strerror(__e_xin));	\
	EXPECT_EQ(__r_in, __r_xin);					\
	if (__r_in < 0)							\
		EXPECT_EQ(__e_in, __e_xin);				\
} while (0)

TEST_F(fresh, getsockname)
{
	struct sockaddr_in in = {};
	struct sockaddr_xin xin = {};
	socklen_t in_len = sizeof(in), xin_len = sizeof(xin);

	memset(&xin, 0xa5, sizeof(xin));
	ASSERT_EQ(0, getsockname(self->in, (struct sockaddr *)&in, &in_len));
	ASSERT_EQ(0, getsockname(self->xin, (struct sockaddr *)&xin, &xin_len));
	EXPECT_EQ(in_len, xin_len);
	EXPECT_EQ(self->family, xin.sxin_family);
	EXPECT_EQ(in.sin_port, xin.sxin_port);
	EXPECT_EQ(in.sin_addr.s_addr, xin.sxin_addr);
	EXPECT_EQ(0, memcmp(in.sin_zero, xin.__pad, sizeof(xin.__pad)));
}

TEST_F(fresh, getpeername)
{
	struct sockaddr_in in;
	struct sockaddr_xin xin;
	socklen_t in_len = sizeof(in), xin_len = sizeof(xin);

	SAME_RESULT(getpeername(self->in, (struct sockaddr *)&in, &in_len),
		    getpeername(self->xin, (struct sockaddr *)&xin, &xin_len));
}

TEST_F(fresh, shutdown)
{
	SAME_RESULT(shutdown(self->in, 7), shutdown(self->xin, 7));
	SAME_RESULT(shutdown(self->in, -1), shutdown(self->xin, -1));
	SAME_RESULT(shutdown(self->in, SHUT_WR), shutdown(self->xin, SHUT_WR));
	SAME_RESULT(shutdown(self->in, SHUT_RDWR),
		    shutdown(self->xin, SHUT_RDWR));
}

TEST_F(fresh, poll_mask)
{
	struct pollfd pfd[2] = {
		{ .fd = self->in, .events = POLLIN | POLLOUT | POLLPRI | POLLRDHUP },
		{ .fd = self->xin, .events = POLLIN | POLLOUT | POLLPRI | POLLRDHUP },
	};

	ASSERT_EQ(2, poll(pfd, 2, 0));
	TH_LOG("revents: AF_INET %#x, AF_XINET %#x", pfd[0].revents,
	       pfd[1].revents);
	EXPECT_EQ(pfd[0].revents, pfd[1].revents);
}

TEST_F(fresh, poll_mask_after_shutdown)
{
	struct pollfd pfd[2] = {
		{ .fd = self->in, .events = POLLIN | POLLOUT | POLLRDHUP },
		{ .fd = self->xin, .events = POLLIN | POLLOUT | POLLRDHUP },
	};

	shutdown(self->in, SHUT_RDWR);
	shutdown(self->xin, SHUT_RDWR);
	ASSERT_EQ(2, poll(pfd, 2, 0));
	TH_LOG("revents: AF_INET %#x, AF_XINET %#x", pfd[0].revents,
	       pfd[1].revents);
	EXPECT_EQ(pfd[0].revents, pfd[1].revents);
}

TEST_F(fresh, socket_options)
{
	static const int names[] = {
		SO_TYPE, SO_PROTOCOL, SO_ERROR, SO_ACCEPTCONN, SO_RCVBUF,
		SO_SNDBUF, SO_REUSEADDR, SO_KEEPALIVE, SO_RCVLOWAT,
	};
	int i;

	for (i = 0; i < (int)ARRAY_SIZE(names); i++) {
		TH_LOG("SOL_SOCKET option %d", names[i]);
		EXPECT_EQ(sockopt_int(self->in, SOL_SOCKET, names[i]),
			  sockopt_int(self->xin, SOL_SOCKET, names[i]));
	}
}

TEST_F(fresh, calls_without_meaning_here)
{
	int sv[2];

	SAME_RESULT(socketpair(AF_INET, variant->type, 0, sv),
		    socketpair(self->family, variant->type, 0, sv));
	if (variant->type == SOCK_DGRAM) {
		SAME_RESULT(listen(self->in, 1), listen(self->xin, 1));
		SAME_RESULT(accept(self->in, NULL, NULL),
			    accept(self->xin, NULL, NULL));
	}
	SAME_RESULT(ioctl(self->in, 0x89ff, 0), ioctl(self->xin, 0x89ff, 0));
	SAME_RESULT(ioctl(self->in, 0x1234, 0), ioctl(self->xin, 0x1234, 0));
}

TEST_F(fresh, device_ioctl)
{
	struct ifreq in_ifr = {}, xin_ifr = {};

	snprintf(in_ifr.ifr_name, IFNAMSIZ, "lo");
	snprintf(xin_ifr.ifr_name, IFNAMSIZ, "lo");
	SAME_RESULT(ioctl(self->in, SIOCGIFINDEX, &in_ifr),
		    ioctl(self->xin, SIOCGIFINDEX, &xin_ifr));
	EXPECT_EQ(in_ifr.ifr_ifindex, xin_ifr.ifr_ifindex);
}

TEST_F(fresh, bind_argument_errors)
{
	struct sockaddr_in in = { .sin_family = AF_INET };
	struct sockaddr_xin xin = { .sxin_family = self->family };

	SAME_RESULT(bind(self->in, (struct sockaddr *)&in, sizeof(in) - 1),
		    bind(self->xin, (struct sockaddr *)&xin, sizeof(xin) - 1));
	in.sin_family = AF_INET6;
	xin.sxin_family = AF_INET6;
	SAME_RESULT(bind(self->in, (struct sockaddr *)&in, sizeof(in)),
		    bind(self->xin, (struct sockaddr *)&xin, sizeof(xin)));
	in.sin_family = AF_UNSPEC;
	xin.sxin_family = AF_UNSPEC;
	in.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	xin.sxin_addr = htonl(INADDR_LOOPBACK);
	SAME_RESULT(bind(self->in, (struct sockaddr *)&in, sizeof(in)),
		    bind(self->xin, (struct sockaddr *)&xin, sizeof(xin)));
}

TEST_HARNESS_MAIN
