// SPDX-License-Identifier: GPL-2.0
/*
 * ip_test: the IPv4 layer as userspace sees it, AF_INET as the oracle.
 *
 * - /proc/net/xinet/snmp and netstat have the header lines of
 *   /proc/net/snmp and /proc/net/netstat byte for byte, and a value line
 *   with one number per name.
 * - The IP-level socket options (IP_TTL, IP_TOS, IP_RECVERR, ...) give
 *   the same results, errnos, values and lengths on AF_INET and AF_XINET
 *   datagram sockets; they need no address, so unbound sockets do.
 */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <linux/xinet.h>

#include "kselftest_harness.h"
#include "transcript.h"

/* --- /proc ------------------------------------------------------------ */

#define MAX_LINES	32
#define LINE_MAX_LEN	8192

struct procfile {
	int n;
	char *line[MAX_LINES];
};

static int read_proc(const char *path, struct procfile *pf)
{
	char buf[LINE_MAX_LEN];
	FILE *f = fopen(path, "r");

	pf->n = 0;
	if (!f)
		return -errno;
	while (pf->n < MAX_LINES && fgets(buf, sizeof(buf), f))
		pf->line[pf->n++] = strdup(buf);
	fclose(f);
	return 0;
}

static void free_proc(struct procfile *pf)
{
	while (pf->n > 0)
		free(pf->line[--pf->n]);
}

static int count_fields(const char *line)
{
	int n = 0;
	const char *p = line;

	while (*p) {
		while (*p == ' ' || *p == '\n')
			p++;
		if (!*p)
			break;
		n++;
		while (*p && *p != ' ' && *p != '\n')
			p++;
	}
	return n;
}

/* The header line of @prefix ("Ip:", ...) in @pf, or NULL. */
static const char *header_of(const struct procfile *pf, const char *prefix)
{
	int i;

	for (i = 0; i + 1 < pf->n; i += 2)
		if (!strncmp(pf->line[i], prefix, strlen(prefix)))
			return pf->line[i];
	return NULL;
}

/*
 * Every header line of @xinet_path is the header line of the same
 * section of @linux_path, and each value line has as many fields.
 * IcmpMsg: lines list only the types seen, so they are only checked
 * for their shape.
 */
static void compare_proc(struct __test_metadata *_metadata,
			 const char *linux_path, const char *xinet_path,
			 int min_sections)
{
	struct procfile lin, xin;
	int i, sections = 0;

	ASSERT_EQ(0, read_proc(linux_path, &lin));
	ASSERT_EQ(0, read_proc(xinet_path, &xin));
	ASSERT_EQ(0, xin.n % 2);

	for (i = 0; i + 1 < xin.n; i += 2) {
		const char *h = xin.line[i], *v = xin.line[i + 1];
		char prefix[32];
		const char *lh;
		size_t plen = strcspn(h, " ");

		ASSERT_LT(plen, sizeof(prefix));
		memcpy(prefix, h, plen);
		prefix[plen] = '\0';
		/* The value line belongs to the same section. */
		ASSERT_EQ(0, strncmp(v, prefix, plen));
		EXPECT_EQ(count_fields(h), count_fields(v)) {
			TH_LOG("%s: %d names, %d values", prefix,
			       count_fields(h), count_fields(v));
		}
		if (!strcmp(prefix, "IcmpMsg:"))
			continue;
		lh = header_of(&lin, prefix);
		ASSERT_NE(NULL, lh) {
			TH_LOG("%s has no %s line", linux_path, prefix);
		}
		EXPECT_STREQ(lh, h);
		sections++;
	}
	EXPECT_GE(sections, min_sections);
	free_proc(&lin);
	free_proc(&xin);
}

TEST(proc_snmp_format)
{
	/* Ip, Icmp, Tcp, Udp, UdpLite. */
	compare_proc(_metadata, "/proc/net/snmp", "/proc/net/xinet/snmp", 5);
}

TEST(proc_netstat_format)
{
	/* TcpExt, IpExt (MPTcpExt is Linux's MPTCP, not in xinet). */
	compare_proc(_metadata, "/proc/net/netstat", "/proc/net/xinet/netstat",
		     2);
}

/* Forwarding is 2 (off) and DefaultTTL is net.xinet.ip_default_ttl. */
TEST(proc_snmp_ip_values)
{
	struct procfile xin;
	int fwd = -1, ttl = -1, sysctl_ttl = -1;
	FILE *f;

	f = fopen("/proc/sys/net/xinet/ip_default_ttl", "r");
	ASSERT_NE(NULL, f);
	ASSERT_EQ(1, fscanf(f, "%d", &sysctl_ttl));
	fclose(f);

	ASSERT_EQ(0, read_proc("/proc/net/xinet/snmp", &xin));
	ASSERT_GE(xin.n, 2);
	ASSERT_EQ(2, sscanf(xin.line[1], "Ip: %d %d", &fwd, &ttl));
	EXPECT_EQ(2, fwd);
	EXPECT_EQ(sysctl_ttl, ttl);
	free_proc(&xin);
}

/* --- IP-level socket options, side by side ------------------------- */

struct opt_result {
	int set_ret, set_errno;
	int get_ret, get_errno;
	int val;
	socklen_t len;
};

/*
 * setsockopt(@name, @setval, @setlen) then getsockopt(@name) with room
 * @getlen on a fresh datagram socket of @family.
 */
static struct opt_result try_opt(int family, int name, int setval,
				 socklen_t setlen, int getlen)
{
	struct opt_result r = { 0 };
	int fd = socket(family, SOCK_DGRAM, 0);
	int val = setval;

	if (fd < 0) {
		r.set_ret = -2;
		r.set_errno = errno;
		return r;
	}
	errno = 0;
	if (setlen != (socklen_t)-1) {
		r.set_ret = setsockopt(fd, SOL_IP, name, &val, setlen);
		r.set_errno = r.set_ret ? errno : 0;
	}
	val = 0x5a5a5a5a;
	r.len = getlen;
	errno = 0;
	r.get_ret = getsockopt(fd, SOL_IP, name, &val, &r.len);
	r.get_errno = r.get_ret ? errno : 0;
	r.val = r.get_ret ? 0 : val;
	close(fd);
	return r;
}

struct opt_case {
	const char *name;
	int opt;
	int val;
	socklen_t setlen;	/* (socklen_t)-1: do not set */
	int getlen;
};

#define NOSET	((socklen_t)-1)
#define I	sizeof(int)

static const struct opt_case opt_cases[] = {
	{ "ttl_default", IP_TTL, 0, NOSET, I },
	{ "ttl_1", IP_TTL, 1, I, I },
	{ "ttl_255", IP_TTL, 255, I, I },
	{ "ttl_0", IP_TTL, 0, I, I },
	{ "ttl_256", IP_TTL, 256, I, I },
	{ "ttl_minus_1", IP_TTL, -1, I, I },
	{ "ttl_minus_2", IP_TTL, -2, I, I },
	{ "ttl_len_0", IP_TTL, 5, 0, I },
	{ "ttl_len_1", IP_TTL, 9, 1, I },
	{ "ttl_get_byte", IP_TTL, 42, I, 1 },
	{ "ttl_get_len_0", IP_TTL, 42, I, 0 },
	{ "ttl_get_len_neg", IP_TTL, 42, I, -1 },
	{ "ttl_get_len_big", IP_TTL, 42, I, 64 },
	{ "tos_default", IP_TOS, 0, NOSET, I },
	{ "tos_0x10", IP_TOS, 0x10, I, I },
	{ "tos_0xff", IP_TOS, 0xff, I, I },
	{ "tos_0x1ff", IP_TOS, 0x1ff, I, I },
	{ "tos_len_0", IP_TOS, 0x10, 0, I },
	{ "tos_get_byte", IP_TOS, 0x28, I, 1 },
	{ "recverr_default", IP_RECVERR, 0, NOSET, I },
	{ "recverr_on", IP_RECVERR, 1, I, I },
	{ "recverr_7", IP_RECVERR, 7, I, I },
	{ "pktinfo_on", IP_PKTINFO, 1, I, I },
	{ "pktinfo_len_0", IP_PKTINFO, 1, 0, I },
	{ "recvttl_on", IP_RECVTTL, 1, I, I },
	{ "recvtos_on", IP_RECVTOS, 1, I, I },
	{ "mtu_discover_default", IP_MTU_DISCOVER, 0, NOSET, I },
	{ "mtu_discover_dont", IP_MTU_DISCOVER, IP_PMTUDISC_DONT, I, I },
	{ "mtu_discover_do", IP_MTU_DISCOVER, IP_PMTUDISC_DO, I, I },
	{ "mtu_discover_omit", IP_MTU_DISCOVER, IP_PMTUDISC_OMIT, I, I },
	{ "mtu_discover_6", IP_MTU_DISCOVER, 6, I, I },
	{ "mtu_discover_neg", IP_MTU_DISCOVER, -1, I, I },
	{ "minttl_256", IP_MINTTL, 256, I, I },
	{ "minttl_10", IP_MINTTL, 10, I, I },
	{ "mc_ttl_default", IP_MULTICAST_TTL, 0, NOSET, I },
	{ "mc_ttl_minus_1", IP_MULTICAST_TTL, -1, I, I },
	{ "mc_loop_default", IP_MULTICAST_LOOP, 0, NOSET, I },
	{ "mc_all_2", IP_MULTICAST_ALL, 2, I, I },
	{ "freebind_len_0", IP_FREEBIND, 1, 0, I },
	{ "recverr_rfc4884_2", IP_RECVERR_RFC4884, 2, I, I },
	{ "unknown_option", 0x7ff, 1, I, I },
};

TEST(ip_sockopts_side_by_side)
{
	int xfam = xinet_family();
	size_t i;

	for (i = 0; i < ARRAY_SIZE(opt_cases); i++) {
		const struct opt_case *c = &opt_cases[i];
		struct opt_result in, xin;

		in = try_opt(AF_INET, c->opt, c->val, c->setlen, c->getlen);
		xin = try_opt(xfam, c->opt, c->val, c->setlen, c->getlen);
		ASSERT_NE(-2, xin.set_ret) {
			TH_LOG("socket(AF_XINET): %s", strerror(xin.set_errno));
		}
		EXPECT_EQ(in.set_ret, xin.set_ret) TH_LOG("%s: set", c->name);
		EXPECT_EQ(in.set_errno, xin.set_errno)
			TH_LOG("%s: set errno %d vs %d", c->name,
			       in.set_errno, xin.set_errno);
		EXPECT_EQ(in.get_ret, xin.get_ret) TH_LOG("%s: get", c->name);
		EXPECT_EQ(in.get_errno, xin.get_errno)
			TH_LOG("%s: get errno", c->name);
		EXPECT_EQ(in.len, xin.len) TH_LOG("%s: length", c->name);
		EXPECT_EQ(in.val, xin.val)
			TH_LOG("%s: value %#x vs %#x", c->name, in.val, xin.val);
	}
}

/* The getsockopt level check: AF_INET answers EOPNOTSUPP off SOL_IP. */
TEST(ip_sockopt_wrong_level)
{
	int fams[2] = { AF_INET, xinet_family() };
	int res[2][2];
	int i;

	for (i = 0; i < 2; i++) {
		int fd = socket(fams[i], SOCK_DGRAM, 0);
		int val = 1;
		socklen_t len = sizeof(val);

		ASSERT_LE(0, fd);
		/* A level neither UDP nor IP knows (SOL_TCP on UDP). */
		res[i][0] = setsockopt(fd, SOL_TCP, 1, &val, sizeof(val)) ?
			    errno : 0;
		res[i][1] = getsockopt(fd, SOL_TCP, 1, &val, &len) ? errno : 0;
		close(fd);
	}
	EXPECT_EQ(res[0][0], res[1][0]);
	EXPECT_EQ(res[0][1], res[1][1]);
}

TEST_HARNESS_MAIN
