// SPDX-License-Identifier: GPL-2.0
/*
 * xinet - configure AF_XINET, in the manner of ip(8).
 *
 *   xinet addr add|del ADDR/PLEN dev DEV
 *   xinet addr show [dev DEV]
 *   xinet route add PREFIX/PLEN|default dev DEV [METRICS]
 *   xinet route del PREFIX/PLEN|default [dev DEV]
 *	METRICS, as ip-route(8) takes them: mtu [lock] N, advmss [lock] N,
 *	initcwnd [lock] N, initrwnd [lock] N, rto_min TIME, quickack 0|1,
 *	congctl [lock] NAME
 *   xinet route show
 *   xinet link add NAME [peer PEER [netns NS]]
 *   xinet link del NAME
 *   xinet fault set dev NAME [seed N] [drop PCT] [duplicate PCT]
 *                   [reorder PCT] [corrupt PCT] [ce PCT] [delay MS] [jitter MS]
 *   xinet fault show dev NAME
 *   xinet fault clear dev NAME
 *   xinet ss [-t|-u|-w] [-l|-a] [-n] [-i] [-m] [-e] [-o] [-K] [-H] [FILTER]
 *
 * Addresses, routes and faults go through the "xinet" generic netlink family,
 * links through rtnetlink (kind "xnet"), ss through sock_diag (ss.c).  Errors print the kernel's
 * extended ack message and exit with status 1; usage errors exit with 2.
 */

#include <arpa/inet.h>
#include <stdarg.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <net/if.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <math.h>

#include <libmnl/libmnl.h>
#include <linux/genetlink.h>
#include <linux/if_link.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/xinet_netlink.h>

#include "ss.h"

static const char *prog = "xinet";

#define N_ELEMS(a)	((int)(sizeof(a) / sizeof((a)[0])))

static void __attribute__((noreturn)) usage(void)
{
	fprintf(stderr,
		"Usage: xinet addr add|del ADDR/PLEN dev DEV\n"
		"       xinet addr show [dev DEV]\n"
		"       xinet route add PREFIX/PLEN|default dev DEV [mtu [lock] N]\n"
		"                       [advmss [lock] N] [initcwnd [lock] N] [initrwnd [lock] N]\n"
		"                       [rto_min TIME] [quickack 0|1] [congctl [lock] NAME]\n"
		"       xinet route del PREFIX/PLEN|default [dev DEV]\n"
		"       xinet route show\n"
		"       xinet link add NAME [peer PEER [netns NS]]\n"
		"       xinet link del NAME\n"
		"       xinet fault set dev NAME [seed N] [drop PCT] [duplicate PCT]\n"
		"                       [reorder PCT] [corrupt PCT] [ce PCT] [delay MS] [jitter MS]\n"
		"       xinet fault show dev NAME\n"
		"       xinet fault clear dev NAME\n"
		"       xinet ss [-t|-u|-w] [-l|-a] [-n] [-i] [-m] [-e] [-o] [-K] [-H] [FILTER]\n"
		"       xinet trace [-a] [src ADDR[:PORT]] [dst ADDR[:PORT]]\n"
		"       xinet plot [-o DIR] [-f png|svg] [-s N] RECORD [PCAP]\n");
	exit(2);
}

static void __attribute__((noreturn, format(printf, 1, 2)))
die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fprintf(stderr, "%s: ", prog);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

/* One netlink socket per run; every request waits for its answer. */
static struct mnl_socket *nl;
static unsigned int seq;
static char buf[65536];

static void nl_open(int bus)
{
	int one = 1;

	nl = mnl_socket_open(bus);
	if (!nl)
		die("cannot open netlink socket: %s", strerror(errno));
	if (mnl_socket_bind(nl, 0, MNL_SOCKET_AUTOPID) < 0)
		die("cannot bind netlink socket: %s", strerror(errno));
	/* Ask for the error messages; old kernels ignore it. */
	mnl_socket_setsockopt(nl, NETLINK_EXT_ACK, &one, sizeof(one));
	mnl_socket_setsockopt(nl, NETLINK_CAP_ACK, &one, sizeof(one));
}

static int extack_attr_cb(const struct nlattr *attr, void *data)
{
	const struct nlattr **tb = data;
	int type = mnl_attr_get_type(attr);

	if (mnl_attr_type_valid(attr, NLMSGERR_ATTR_MAX) < 0)
		return MNL_CB_OK;
	tb[type] = attr;
	return MNL_CB_OK;
}

/* Prints the kernel's answer to a failed request and exits. */
static void __attribute__((noreturn))
nl_fail(const struct nlmsghdr *nlh, int error)
{
	const struct nlattr *tb[NLMSGERR_ATTR_MAX + 1] = { NULL };
	const struct nlmsgerr *err = mnl_nlmsg_get_payload(nlh);
	const char *msg = NULL;

	if (nlh->nlmsg_type == NLMSG_ERROR &&
	    (nlh->nlmsg_flags & NLM_F_ACK_TLVS)) {
		unsigned int off = sizeof(*err);

		if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
			off += err->msg.nlmsg_len - sizeof(struct nlmsghdr);
		mnl_attr_parse(nlh, off, extack_attr_cb, tb);
		if (tb[NLMSGERR_ATTR_MSG])
			msg = mnl_attr_get_str(tb[NLMSGERR_ATTR_MSG]);
	}
	if (msg)
		die("Error: %s (%s)", msg, strerror(error));
	die("Error: %s", strerror(error));
}

/*
 * Sends @nlh and reads until its ack (or the end of a dump), handing
 * every data message to @cb.  Exits on any error.
 */
static void nl_talk(struct nlmsghdr *nlh, mnl_cb_t cb, void *data)
{
	unsigned int portid = mnl_socket_get_portid(nl);
	bool done = false;
	ssize_t len;

	nlh->nlmsg_seq = ++seq;
	/* A dump ends with NLMSG_DONE, anything else with its ack. */
	if ((nlh->nlmsg_flags & NLM_F_DUMP) != NLM_F_DUMP)
		nlh->nlmsg_flags |= NLM_F_ACK;
	if (mnl_socket_sendto(nl, nlh, nlh->nlmsg_len) < 0)
		die("cannot send to the kernel: %s", strerror(errno));

	while (!done) {
		const struct nlmsghdr *m;
		int left;

		len = mnl_socket_recvfrom(nl, buf, sizeof(buf));
		if (len < 0)
			die("cannot receive from the kernel: %s", strerror(errno));
		left = (int)len;
		for (m = (const struct nlmsghdr *)buf; mnl_nlmsg_ok(m, left);
		     m = mnl_nlmsg_next(m, &left)) {
			if (m->nlmsg_seq != seq || m->nlmsg_pid != portid)
				continue;
			if (m->nlmsg_type == NLMSG_ERROR) {
				const struct nlmsgerr *e = mnl_nlmsg_get_payload(m);

				if (e->error)
					nl_fail(m, -e->error);
				done = true;
				break;
			}
			if (m->nlmsg_type == NLMSG_DONE) {
				int *e = mnl_nlmsg_get_payload(m);

				if (m->nlmsg_len >= NLMSG_LENGTH(sizeof(int)) && *e)
					nl_fail(m, -*e);
				done = true;
				break;
			}
			if (cb && cb(m, data) < 0)
				die("bad message from the kernel");
		}
	}
}

/* The "xinet" family's id (CTRL_CMD_GETFAMILY). */
static uint16_t xinet_family;

static int family_attr_cb(const struct nlattr *attr, void *data)
{
	if (mnl_attr_get_type(attr) == CTRL_ATTR_FAMILY_ID &&
	    mnl_attr_validate(attr, MNL_TYPE_U16) >= 0)
		*(uint16_t *)data = mnl_attr_get_u16(attr);
	return MNL_CB_OK;
}

static int family_cb(const struct nlmsghdr *nlh, void *data)
{
	return mnl_attr_parse(nlh, sizeof(struct genlmsghdr), family_attr_cb,
			      data) < 0 ? MNL_CB_ERROR : MNL_CB_OK;
}

static struct nlmsghdr *genl_msg(uint16_t type, uint8_t cmd, uint16_t flags)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct genlmsghdr *g;

	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_REQUEST | flags;
	g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
	g->cmd = cmd;
	g->version = type == GENL_ID_CTRL ? 1 : XINET_GENL_VERSION;
	return nlh;
}

static void xinet_open(void)
{
	struct nlmsghdr *nlh;

	nl_open(NETLINK_GENERIC);
	nlh = genl_msg(GENL_ID_CTRL, CTRL_CMD_GETFAMILY, 0);
	mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, XINET_GENL_NAME);
	nl_talk(nlh, family_cb, &xinet_family);
	if (!xinet_family)
		die("the kernel has no \"xinet\" netlink family (is xinet.ko loaded?)");
}

static unsigned int dev_index(const char *name)
{
	unsigned int i = if_nametoindex(name);

	if (!i)
		die("Cannot find device \"%s\"", name);
	return i;
}

/*
 * ADDR[/PLEN] (no PLEN is /32); PLEN is passed on as given (0..255) so
 * that the kernel is the one to judge it.  With @def, "default" is
 * 0.0.0.0/0.
 */
static void parse_prefix(const char *arg, bool def, uint32_t *addr,
			 uint8_t *plen)
{
	char tmp[64], *slash, *end;
	struct in_addr a;
	unsigned long l;

	if (def && (!strcmp(arg, "default") || !strcmp(arg, "all"))) {
		*addr = 0;
		*plen = 0;
		return;
	}
	if (strlen(arg) >= sizeof(tmp))
		die("invalid prefix \"%s\"", arg);
	strcpy(tmp, arg);
	slash = strchr(tmp, '/');
	if (slash)
		*slash = '\0';
	if (inet_pton(AF_INET, tmp, &a) != 1)
		die("invalid address \"%s\"", tmp);
	*addr = a.s_addr;
	if (!slash) {
		*plen = 32;
		return;
	}
	errno = 0;
	l = strtoul(slash + 1, &end, 10);
	if (errno || end == slash + 1 || *end || l > 255)
		die("invalid prefix length \"%s\"", slash + 1);
	*plen = (uint8_t)l;
}

static const char *fmt_addr(uint32_t a, char *out)
{
	struct in_addr in = { .s_addr = a };

	return inet_ntop(AF_INET, &in, out, INET_ADDRSTRLEN);
}

/* ---- addr ---- */

struct attrs {
	const struct nlattr *tb[XINET_ATTR_MAX + 1];
};

static int attrs_cb(const struct nlattr *attr, void *data)
{
	struct attrs *a = data;
	int type = mnl_attr_get_type(attr);

	if (mnl_attr_type_valid(attr, XINET_ATTR_MAX) >= 0)
		a->tb[type] = attr;
	return MNL_CB_OK;
}

static bool get_attrs(const struct nlmsghdr *nlh, struct attrs *a)
{
	memset(a, 0, sizeof(*a));
	return mnl_attr_parse(nlh, sizeof(struct genlmsghdr), attrs_cb, a) >= 0;
}

struct addr_filter {
	unsigned int ifindex;
	unsigned int last_ifindex;
};

static int addr_show_cb(const struct nlmsghdr *nlh, void *data)
{
	struct addr_filter *f = data;
	char name[IF_NAMESIZE], a1[INET_ADDRSTRLEN], a2[INET_ADDRSTRLEN];
	struct attrs a;
	unsigned int ifindex;
	uint32_t brd;

	if (!get_attrs(nlh, &a) || !a.tb[XINET_ATTR_IFINDEX] ||
	    !a.tb[XINET_ATTR_ADDRESS] || !a.tb[XINET_ATTR_PREFIXLEN])
		return MNL_CB_ERROR;
	ifindex = mnl_attr_get_u32(a.tb[XINET_ATTR_IFINDEX]);
	if (f->ifindex && f->ifindex != ifindex)
		return MNL_CB_OK;
	if (ifindex != f->last_ifindex) {
		if (!if_indextoname(ifindex, name))
			snprintf(name, sizeof(name), "if%u", ifindex);
		printf("%u: %s\n", ifindex, name);
		f->last_ifindex = ifindex;
	}
	printf("    xinet %s/%u", fmt_addr(mnl_attr_get_u32(a.tb[XINET_ATTR_ADDRESS]), a1),
	       mnl_attr_get_u8(a.tb[XINET_ATTR_PREFIXLEN]));
	brd = a.tb[XINET_ATTR_BROADCAST] ?
	      mnl_attr_get_u32(a.tb[XINET_ATTR_BROADCAST]) : 0;
	if (brd)
		printf(" brd %s", fmt_addr(brd, a2));
	if ((ntohl(mnl_attr_get_u32(a.tb[XINET_ATTR_ADDRESS])) >> 24) == 127)
		printf(" scope host");
	printf("\n");
	return MNL_CB_OK;
}

static int do_addr(int argc, char **argv)
{
	const char *dev = NULL, *pfx = NULL;
	struct nlmsghdr *nlh;
	uint32_t addr;
	uint8_t plen;
	int i, cmd;

	if (argc < 1)
		usage();
	if (!strcmp(argv[0], "show") || !strcmp(argv[0], "list") ||
	    !strcmp(argv[0], "ls")) {
		struct addr_filter f = { 0 };

		for (i = 1; i < argc; i++) {
			if (!strcmp(argv[i], "dev") && i + 1 < argc)
				dev = argv[++i];
			else if (!dev)
				dev = argv[i];
			else
				usage();
		}
		if (dev)
			f.ifindex = dev_index(dev);
		xinet_open();
		nlh = genl_msg(xinet_family, XINET_CMD_ADDR_GET, NLM_F_DUMP);
		nl_talk(nlh, addr_show_cb, &f);
		return 0;
	}
	if (!strcmp(argv[0], "add"))
		cmd = XINET_CMD_ADDR_NEW;
	else if (!strcmp(argv[0], "del") || !strcmp(argv[0], "delete"))
		cmd = XINET_CMD_ADDR_DEL;
	else
		usage();
	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "dev") && i + 1 < argc)
			dev = argv[++i];
		else if (!pfx)
			pfx = argv[i];
		else
			usage();
	}
	if (!pfx || !dev)
		usage();
	parse_prefix(pfx, false, &addr, &plen);
	xinet_open();
	nlh = genl_msg(xinet_family, cmd, 0);
	mnl_attr_put_u32(nlh, XINET_ATTR_IFINDEX, dev_index(dev));
	mnl_attr_put_u32(nlh, XINET_ATTR_ADDRESS, addr);
	mnl_attr_put_u8(nlh, XINET_ATTR_PREFIXLEN, plen);
	nl_talk(nlh, NULL, NULL);
	return 0;
}

/* ---- route ---- */

/* Metric names by RTAX_* number, as ip-route(8) prints them. */
static const char *const metric_names[RTAX_MAX + 1] = {
	[RTAX_MTU]	= "mtu",
	[RTAX_ADVMSS]	= "advmss",
	[RTAX_INITCWND]	= "initcwnd",
	[RTAX_RTO_MIN]	= "rto_min",
	[RTAX_INITRWND]	= "initrwnd",
	[RTAX_QUICKACK]	= "quickack",
	[RTAX_CC_ALGO]	= "congctl",
};

/* The metrics of a route, in RTAX order, as `ip route show` prints them. */
static void print_metrics(const struct nlattr *nest)
{
	const struct nlattr *tb[RTAX_MAX + 1] = { NULL };
	const struct nlattr *attr;
	uint32_t lock = 0, val;
	int i;

	mnl_attr_for_each_nested(attr, nest)
		if (mnl_attr_get_type(attr) <= RTAX_MAX)
			tb[mnl_attr_get_type(attr)] = attr;
	if (tb[RTAX_LOCK])
		lock = mnl_attr_get_u32(tb[RTAX_LOCK]);
	for (i = RTAX_MTU; i <= RTAX_MAX; i++) {
		if (!tb[i] || !metric_names[i])
			continue;
		printf(" %s", metric_names[i]);
		if (lock & (1U << i))
			printf(" lock");
		if (i == RTAX_CC_ALGO) {
			printf(" %s", mnl_attr_get_str(tb[i]));
			continue;
		}
		val = mnl_attr_get_u32(tb[i]);
		if (i == RTAX_RTO_MIN && val >= 1000)
			printf(" %gs", val / 1e3);
		else if (i == RTAX_RTO_MIN)
			printf(" %ums", val);
		else
			printf(" %u", val);
	}
}

/* TIME as ip-route(8)'s rto_min takes it: "200ms", "1.5s"; bare is ms. */
static uint32_t parse_time_ms(const char *arg)
{
	char *end;
	double t = strtod(arg, &end);

	if (end == arg || t < 0)
		die("invalid time \"%s\"", arg);
	if (!strcmp(end, "s") || !strcmp(end, "sec") || !strcmp(end, "secs"))
		t *= 1000;
	else if (*end && strcmp(end, "ms") && strcmp(end, "msec") &&
		 strcmp(end, "msecs"))
		die("invalid time \"%s\"", arg);
	if (t > UINT32_MAX)
		die("invalid time \"%s\"", arg);
	return (uint32_t)t;
}

static int route_show_cb(const struct nlmsghdr *nlh, void *data)
{
	char name[IF_NAMESIZE], a1[INET_ADDRSTRLEN];
	struct attrs a;
	uint32_t dst;
	uint8_t plen;

	(void)data;
	if (!get_attrs(nlh, &a) || !a.tb[XINET_ATTR_IFINDEX] ||
	    !a.tb[XINET_ATTR_DST] || !a.tb[XINET_ATTR_PREFIXLEN])
		return MNL_CB_ERROR;
	dst = mnl_attr_get_u32(a.tb[XINET_ATTR_DST]);
	plen = mnl_attr_get_u8(a.tb[XINET_ATTR_PREFIXLEN]);
	if (!if_indextoname(mnl_attr_get_u32(a.tb[XINET_ATTR_IFINDEX]), name))
		snprintf(name, sizeof(name), "if%u",
			 mnl_attr_get_u32(a.tb[XINET_ATTR_IFINDEX]));
	if (!dst && !plen)
		printf("default");
	else if (plen == 32)
		printf("%s", fmt_addr(dst, a1));
	else
		printf("%s/%u", fmt_addr(dst, a1), plen);
	printf(" dev %s", name);
	if (a.tb[XINET_ATTR_PROTOCOL] &&
	    mnl_attr_get_u8(a.tb[XINET_ATTR_PROTOCOL]) == RTPROT_KERNEL)
		printf(" proto kernel scope link");
	else
		printf(" proto static");
	if (a.tb[XINET_ATTR_METRICS])
		print_metrics(a.tb[XINET_ATTR_METRICS]);
	printf("\n");
	return MNL_CB_OK;
}

static int do_route(int argc, char **argv)
{
	const char *dev = NULL, *pfx = NULL, *cc = NULL;
	uint32_t mx[RTAX_MAX + 1] = { 0 }, lock = 0, dst;
	bool set[RTAX_MAX + 1] = { false };
	struct nlmsghdr *nlh;
	struct nlattr *nest;
	uint8_t plen;
	int i, m, cmd;

	if (argc < 1)
		usage();
	if (!strcmp(argv[0], "show") || !strcmp(argv[0], "list") ||
	    !strcmp(argv[0], "ls")) {
		if (argc > 1)
			usage();
		xinet_open();
		nlh = genl_msg(xinet_family, XINET_CMD_ROUTE_GET, NLM_F_DUMP);
		nl_talk(nlh, route_show_cb, NULL);
		return 0;
	}
	if (!strcmp(argv[0], "add"))
		cmd = XINET_CMD_ROUTE_NEW;
	else if (!strcmp(argv[0], "del") || !strcmp(argv[0], "delete"))
		cmd = XINET_CMD_ROUTE_DEL;
	else
		usage();
	for (i = 1; i < argc; i++) {
		for (m = RTAX_MTU; m <= RTAX_MAX; m++)
			if (metric_names[m] && !strcmp(argv[i], metric_names[m]))
				break;
		if (!strcmp(argv[i], "dev") && i + 1 < argc) {
			dev = argv[++i];
		} else if (m <= RTAX_MAX && cmd == XINET_CMD_ROUTE_NEW) {
			char *end;

			if (++i >= argc)
				usage();
			/* As iproute2: rto_min is always locked. */
			if (m == RTAX_RTO_MIN) {
				lock |= 1U << m;
			} else if (!strcmp(argv[i], "lock") &&
				   m != RTAX_QUICKACK) {
				lock |= 1U << m;
				if (++i >= argc)
					usage();
			}
			set[m] = true;
			if (m == RTAX_CC_ALGO) {
				cc = argv[i];
			} else if (m == RTAX_RTO_MIN) {
				mx[m] = parse_time_ms(argv[i]);
			} else {
				errno = 0;
				mx[m] = strtoul(argv[i], &end, 0);
				if (errno || end == argv[i] || *end)
					die("invalid \"%s\" value \"%s\"",
					    metric_names[m], argv[i]);
			}
		} else if (!pfx) {
			pfx = argv[i];
		} else {
			usage();
		}
	}
	if (!pfx || (cmd == XINET_CMD_ROUTE_NEW && !dev))
		usage();
	parse_prefix(pfx, true, &dst, &plen);
	xinet_open();
	nlh = genl_msg(xinet_family, cmd, 0);
	mnl_attr_put_u32(nlh, XINET_ATTR_DST, dst);
	mnl_attr_put_u8(nlh, XINET_ATTR_PREFIXLEN, plen);
	if (dev)
		mnl_attr_put_u32(nlh, XINET_ATTR_IFINDEX, dev_index(dev));
	for (m = RTAX_MTU; m <= RTAX_MAX && !set[m]; m++)
		;
	if (m <= RTAX_MAX) {
		/* Laid out as rtnetlink's RTA_METRICS. */
		nest = mnl_attr_nest_start(nlh, XINET_ATTR_METRICS);
		if (lock)
			mnl_attr_put_u32(nlh, RTAX_LOCK, lock);
		for (m = RTAX_MTU; m <= RTAX_MAX; m++) {
			if (!set[m])
				continue;
			if (m == RTAX_CC_ALGO)
				mnl_attr_put_strz(nlh, m, cc);
			else
				mnl_attr_put_u32(nlh, m, mx[m]);
		}
		mnl_attr_nest_end(nlh, nest);
	}
	nl_talk(nlh, NULL, NULL);
	return 0;
}

/* ---- link ---- */

/* NS is a name in /run/netns (as `ip netns add` makes) or a pid. */
static void put_netns(struct nlmsghdr *nlh, const char *ns)
{
	char path[PATH_MAX], *end;
	unsigned long pid;
	int fd;

	errno = 0;
	pid = strtoul(ns, &end, 10);
	if (!errno && *ns && !*end) {
		mnl_attr_put_u32(nlh, IFLA_NET_NS_PID, (uint32_t)pid);
		return;
	}
	snprintf(path, sizeof(path), "/run/netns/%s", ns);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		die("Cannot open network namespace \"%s\": %s", ns,
		    strerror(errno));
	/* The fd stays open until the request has been answered. */
	mnl_attr_put_u32(nlh, IFLA_NET_NS_FD, (uint32_t)fd);
}

static int do_link(int argc, char **argv)
{
	const char *name = NULL, *peer = NULL, *ns = NULL;
	struct nlattr *linkinfo, *data, *peer_nest;
	struct ifinfomsg *ifm;
	struct nlmsghdr *nlh;
	bool add;
	int i;

	if (argc < 2)
		usage();
	if (!strcmp(argv[0], "add"))
		add = true;
	else if (!strcmp(argv[0], "del") || !strcmp(argv[0], "delete"))
		add = false;
	else
		usage();
	name = argv[1];
	for (i = 2; i < argc; i++) {
		if (add && !strcmp(argv[i], "peer") && i + 1 < argc && !peer) {
			peer = argv[++i];
			if (!strcmp(peer, "name") && i + 1 < argc)
				peer = argv[++i];
		} else if (add && peer && !strcmp(argv[i], "netns") &&
			   i + 1 < argc && !ns) {
			ns = argv[++i];
		} else {
			usage();
		}
	}
	if (strlen(name) >= IF_NAMESIZE || (peer && strlen(peer) >= IF_NAMESIZE))
		die("name too long");

	nl_open(NETLINK_ROUTE);
	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = add ? RTM_NEWLINK : RTM_DELLINK;
	nlh->nlmsg_flags = NLM_F_REQUEST |
			   (add ? NLM_F_CREATE | NLM_F_EXCL : 0);
	ifm = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifm));
	ifm->ifi_family = AF_UNSPEC;
	mnl_attr_put_strz(nlh, IFLA_IFNAME, name);
	if (add) {
		linkinfo = mnl_attr_nest_start(nlh, IFLA_LINKINFO);
		mnl_attr_put_strz(nlh, IFLA_INFO_KIND, "xnet");
		if (peer) {
			data = mnl_attr_nest_start(nlh, IFLA_INFO_DATA);
			peer_nest = mnl_attr_nest_start(nlh, XNET_INFO_PEER);
			ifm = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifm));
			ifm->ifi_family = AF_UNSPEC;
			mnl_attr_put_strz(nlh, IFLA_IFNAME, peer);
			if (ns)
				put_netns(nlh, ns);
			mnl_attr_nest_end(nlh, peer_nest);
			mnl_attr_nest_end(nlh, data);
		}
		mnl_attr_nest_end(nlh, linkinfo);
	}
	nl_talk(nlh, NULL, NULL);
	return 0;
}

/* ---- fault ---- */

/*
 * A decimal number ("2", "0.5") times @scale, rounded, as a u32.  Range
 * limits (100%, 10 s) are the kernel's to judge and explain.
 */
static uint32_t parse_scaled(const char *what, const char *arg, double scale)
{
	char *end;
	double d;

	errno = 0;
	d = strtod(arg, &end);
	if (errno || end == arg || *end || !isfinite(d) || d < 0 ||
	    d * scale > UINT32_MAX)
		die("invalid %s \"%s\"", what, arg);
	return (uint32_t)llround(d * scale);
}

static uint64_t parse_u64(const char *what, const char *arg)
{
	unsigned long long v;
	char *end;

	errno = 0;
	v = strtoull(arg, &end, 0);
	if (errno || end == arg || *end || arg[0] == '-')
		die("invalid %s \"%s\"", what, arg);
	return v;
}

static const char *const fault_names[XINET_FAULT_ATTR_MAX + 1] = {
	[XINET_FAULT_ATTR_SEED]		= "seed",
	[XINET_FAULT_ATTR_DROP]		= "drop",
	[XINET_FAULT_ATTR_DUPLICATE]	= "duplicate",
	[XINET_FAULT_ATTR_REORDER]	= "reorder",
	[XINET_FAULT_ATTR_CORRUPT]	= "corrupt",
	[XINET_FAULT_ATTR_CE]		= "ce",
	[XINET_FAULT_ATTR_DELAY]	= "delay",
	[XINET_FAULT_ATTR_JITTER]	= "jitter",
	[XINET_FAULT_ATTR_DROPPED]	= "fault_dropped",
	[XINET_FAULT_ATTR_DUPLICATED]	= "fault_duplicated",
	[XINET_FAULT_ATTR_REORDERED]	= "fault_reordered",
	[XINET_FAULT_ATTR_CORRUPTED]	= "fault_corrupted",
	[XINET_FAULT_ATTR_DELAYED]	= "fault_delayed",
	[XINET_FAULT_ATTR_CE_MARKED]	= "fault_ce_marked",
};

/* `show` order: the knobs as `set` takes them, then the counters. */
static const int fault_show_order[] = {
	XINET_FAULT_ATTR_SEED, XINET_FAULT_ATTR_DROP, XINET_FAULT_ATTR_DUPLICATE,
	XINET_FAULT_ATTR_REORDER, XINET_FAULT_ATTR_CORRUPT, XINET_FAULT_ATTR_CE,
	XINET_FAULT_ATTR_DELAY, XINET_FAULT_ATTR_JITTER,
	XINET_FAULT_ATTR_DROPPED, XINET_FAULT_ATTR_DUPLICATED,
	XINET_FAULT_ATTR_REORDERED, XINET_FAULT_ATTR_CORRUPTED,
	XINET_FAULT_ATTR_DELAYED, XINET_FAULT_ATTR_CE_MARKED,
};

static int fault_attr_cb(const struct nlattr *attr, void *data)
{
	const struct nlattr **tb = data;
	int type = mnl_attr_get_type(attr);

	if (mnl_attr_type_valid(attr, XINET_FAULT_ATTR_MAX) >= 0)
		tb[type] = attr;
	return MNL_CB_OK;
}

/* Prints the configuration in the units `set` takes, then the counters. */
static int fault_show_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[XINET_FAULT_ATTR_MAX + 1] = { NULL };
	struct attrs a;
	unsigned int i;
	int t;

	(void)data;
	if (!get_attrs(nlh, &a) || !a.tb[XINET_ATTR_FAULT] ||
	    mnl_attr_parse_nested(a.tb[XINET_ATTR_FAULT], fault_attr_cb, tb) < 0)
		return MNL_CB_ERROR;
	for (i = 0; i < sizeof(fault_show_order) / sizeof(fault_show_order[0]); i++) {
		t = fault_show_order[i];
		if (!tb[t])
			continue;
		switch (t) {
		case XINET_FAULT_ATTR_DROP:
		case XINET_FAULT_ATTR_DUPLICATE:
		case XINET_FAULT_ATTR_REORDER:
		case XINET_FAULT_ATTR_CORRUPT:
		case XINET_FAULT_ATTR_CE:
			/* ppm as a percentage */
			printf("%s %g\n", fault_names[t],
			       mnl_attr_get_u32(tb[t]) / 10000.0);
			break;
		case XINET_FAULT_ATTR_DELAY:
		case XINET_FAULT_ATTR_JITTER:
			/* us as ms */
			printf("%s %g\n", fault_names[t],
			       mnl_attr_get_u32(tb[t]) / 1000.0);
			break;
		default:
			printf("%s %llu\n", fault_names[t],
			       (unsigned long long)mnl_attr_get_u64(tb[t]));
		}
	}
	return MNL_CB_OK;
}

static int do_fault(int argc, char **argv)
{
	static const struct {
		const char *name;
		int attr;
		double scale;
	} knobs[] = {
		{ "drop",	XINET_FAULT_ATTR_DROP,		10000 },
		{ "duplicate",	XINET_FAULT_ATTR_DUPLICATE,	10000 },
		{ "reorder",	XINET_FAULT_ATTR_REORDER,	10000 },
		{ "corrupt",	XINET_FAULT_ATTR_CORRUPT,	10000 },
		{ "ce",		XINET_FAULT_ATTR_CE,		10000 },
		{ "delay",	XINET_FAULT_ATTR_DELAY,		1000 },
		{ "jitter",	XINET_FAULT_ATTR_JITTER,	1000 },
	};
	uint32_t vals[XINET_FAULT_ATTR_MAX + 1] = { 0 };
	const char *dev = NULL;
	struct nlmsghdr *nlh;
	struct nlattr *nest;
	uint64_t seed = 0;
	int i, k, cmd;

	if (argc < 1)
		usage();
	if (!strcmp(argv[0], "set"))
		cmd = XINET_CMD_FAULT_SET;
	else if (!strcmp(argv[0], "show") || !strcmp(argv[0], "list") ||
		 !strcmp(argv[0], "ls"))
		cmd = XINET_CMD_FAULT_GET;
	else if (!strcmp(argv[0], "clear"))
		cmd = 0;
	else
		usage();
	for (i = 1; i < argc; i++) {
		if (i + 1 >= argc)
			usage();
		if (!strcmp(argv[i], "dev")) {
			dev = argv[++i];
			continue;
		}
		if (cmd != XINET_CMD_FAULT_SET)
			usage();
		if (!strcmp(argv[i], "seed")) {
			seed = parse_u64("seed", argv[++i]);
			continue;
		}
		for (k = 0; k < N_ELEMS(knobs); k++)
			if (!strcmp(argv[i], knobs[k].name))
				break;
		if (k == N_ELEMS(knobs))
			usage();
		vals[knobs[k].attr] = parse_scaled(knobs[k].name, argv[++i],
						   knobs[k].scale);
	}
	if (!dev)
		usage();

	xinet_open();
	if (cmd == XINET_CMD_FAULT_GET) {
		nlh = genl_msg(xinet_family, XINET_CMD_FAULT_GET, 0);
		mnl_attr_put_u32(nlh, XINET_ATTR_IFINDEX, dev_index(dev));
		nl_talk(nlh, fault_show_cb, NULL);
		return 0;
	}
	/* clear is a set without a FAULT nest. */
	nlh = genl_msg(xinet_family, XINET_CMD_FAULT_SET, 0);
	mnl_attr_put_u32(nlh, XINET_ATTR_IFINDEX, dev_index(dev));
	if (cmd == XINET_CMD_FAULT_SET) {
		nest = mnl_attr_nest_start(nlh, XINET_ATTR_FAULT);
		mnl_attr_put_u64(nlh, XINET_FAULT_ATTR_SEED, seed);
		for (k = 0; k < N_ELEMS(knobs); k++)
			mnl_attr_put_u32(nlh, knobs[k].attr, vals[knobs[k].attr]);
		mnl_attr_nest_end(nlh, nest);
	}
	nl_talk(nlh, NULL, NULL);
	return 0;
}

/*
 * xinet plot: the xinet-plot script (gnuplot charts of a flight record),
 * found as xinet-run finds its library: next to this program (the
 * build tree), else in ../lib/xinet/ from it (make install).
 */
static int do_plot(char **argv)
{
	static const char *const where[] = { "xinet-plot", "../lib/xinet/xinet-plot" };
	char self[PATH_MAX], path[PATH_MAX + 32];
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	char *slash;
	unsigned int i;

	if (n <= 0)
		die("cannot find myself: %s", strerror(errno));
	self[n] = 0;
	slash = strrchr(self, '/');
	if (slash)
		*slash = 0;
	for (i = 0; i < sizeof(where) / sizeof(where[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", self, where[i]);
		if (access(path, X_OK))
			continue;
		argv[0] = path;
		execv(path, argv);
		die("%s: %s", path, strerror(errno));
	}
	die("xinet-plot not found next to %s", self);
	return 1;
}

int main(int argc, char **argv)
{
	if (argc < 2)
		usage();
	if (!strcmp(argv[1], "addr") || !strcmp(argv[1], "address") ||
	    !strcmp(argv[1], "a"))
		return do_addr(argc - 2, argv + 2);
	if (!strcmp(argv[1], "route") || !strcmp(argv[1], "r"))
		return do_route(argc - 2, argv + 2);
	if (!strcmp(argv[1], "link") || !strcmp(argv[1], "l"))
		return do_link(argc - 2, argv + 2);
	if (!strcmp(argv[1], "fault") || !strcmp(argv[1], "f"))
		return do_fault(argc - 2, argv + 2);
	if (!strcmp(argv[1], "ss"))
		return do_ss(argc - 2, argv + 2);
	if (!strcmp(argv[1], "trace"))
		return do_trace(argc - 2, argv + 2);
	if (!strcmp(argv[1], "plot"))
		return do_plot(argv + 1);
	if (!strcmp(argv[1], "help") || !strcmp(argv[1], "-h"))
		usage();
	fprintf(stderr, "%s: unknown object \"%s\"\n", prog, argv[1]);
	usage();
}
