// SPDX-License-Identifier: GPL-2.0
/*
 * failnth: AF_XINET socket operations with one allocation failed at a
 * time, through the task's /proc/thread-self/fail-nth (systematic fault
 * injection: writing N fails the N-th fault-injection point the task
 * reaches, in failslab and fail_page_alloc alike; reading back 0 says
 * it was reached).
 *
 *   failnth [-m MAX] [-s STRIDE] OP [ADDR PORT]
 *
 * For N = 1, 2, ... runs OP with the N-th allocation failed, until OP
 * completes without reaching its N-th allocation (every allocation site
 * of the run has had its turn) or MAX (default 2000) is reached (with
 * -s, N = 1, 1 + STRIDE, ...: a sample of the sites of a long OP); then
 * runs OP once more without injection, which must work.  Each failed run
 * must end in a clean errno (ENOMEM, ENOBUFS, a timeout, a reset, ...):
 * anything else (EINVAL, EFAULT, wrong data) is reported as unexpected.
 * Only the task's own allocations fail (fail-nth is per task; softirq
 * work, such as the receive path of the loopback, is not counted).
 *
 * OPs:
 *   tcp-lo PORT		listen on 127.0.0.1:PORT, connect, accept, a
 *			byte each way, the client closes first (TIME_WAIT)
 *   udp-lo PORT		two UDP sockets on 127.0.0.1 exchange a datagram
 *   tcp-out ADDR PORT	connect to an echo server (Linux's), a byte each
 *			way, half-close, EOF, close (TIME_WAIT)
 *   udp-out ADDR PORT	a datagram to an echo server and its answer
 *   addr DEV		XINET_CMD_ADDR_NEW 10.5.0.1/24 on DEV
 *   route DEV		XINET_CMD_ROUTE_NEW 10.6.0.0/16 dev DEV
 *   pair [KIND]		RTM_NEWLINK of an xnet pair fxa/fxb (or of KIND,
 *			"veth": Linux's own pair, as a reference)
 *
 * For the configuration OPs only the request and its answer run with the
 * failure armed; then, without injection, the change must be whole or
 * absent: applied if the answer was 0, absent if it was an error, either
 * if the answer itself was lost (ENOBUFS, or no answer in time: EAGAIN);
 * for an address, its prefix route with it.  The change is then undone.
 *
 * Prints "OP: faults N ok K errno=count... unexpected U" and the first
 * unexpected outcomes; the fault-injection debugfs knobs must make
 * GFP_KERNEL allocations eligible (ignore-gfp-wait=N, min-order=0).
 * Exit status: 0, 1 if something was unexpected or the last run failed,
 * 2 usage, 4 no fail-nth (CONFIG_FAULT_INJECTION off).
 */

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <unistd.h>
#include <net/if.h>
#include <linux/genetlink.h>
#include <linux/if_link.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/xinet.h>
#include <linux/xinet_netlink.h>

#define WAIT_MS		1500
#define NERR		134
/* Not an errno: the data that came back was not what was sent. */
#define EGARBAGE	(NERR - 1)

static int family = AF_XINET;
static struct sockaddr_in peer;
static int fds[4];
static const char *step;

/* Every descriptor of a run is closed after it. */
static int track(int fd)
{
	for (int i = 0; fd >= 0 && i < 4; i++) {
		if (fds[i] < 0) {
			fds[i] = fd;
			break;
		}
	}
	return fd;
}

static int xsocket(int type)
{
	return track(socket(family, type | SOCK_NONBLOCK, 0));
}

static void close_all(void)
{
	for (int i = 0; i < 4; i++) {
		if (fds[i] >= 0)
			close(fds[i]);
		fds[i] = -1;
	}
}

/* Wait for @ev on @fd; a timeout is ETIMEDOUT. */
static int wait_fd(int fd, short ev)
{
	struct pollfd p = { .fd = fd, .events = ev };
	int n = poll(&p, 1, WAIT_MS);

	if (n < 0)
		return -errno;
	if (!n)
		return -ETIMEDOUT;
	return 0;
}

/* A failed call: remember where, return -errno. */
static int failed(const char *what)
{
	step = what;
	return -errno;
}

/* A failed wait: remember where, return its error. */
static int waited(const char *what, int err)
{
	step = what;
	return err;
}

static int recv_exact(int fd, const char *want, size_t len)
{
	char buf[16];
	ssize_t n;
	int err;

	err = wait_fd(fd, POLLIN);
	if (err)
		return waited("wait-recv", err);
	n = recv(fd, buf, sizeof(buf), 0);
	if (n < 0)
		return failed("recv");
	step = "recv";
	if (n == 0)
		return -ECONNRESET;	/* an EOF here: the peer went away */
	if ((size_t)n != len || memcmp(buf, want, len))
		return -EGARBAGE;
	return 0;
}

static int connect_wait(int fd, const struct sockaddr_in *to)
{
	int err = 0;
	socklen_t l = sizeof(err);

	if (connect(fd, (const struct sockaddr *)to, sizeof(*to)) &&
	    errno != EINPROGRESS)
		return failed("connect");
	err = wait_fd(fd, POLLOUT);
	if (err)
		return waited("wait-connect", err);
	if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &l) < 0)
		return failed("so_error");
	step = "connect";
	return -err;
}

/* Read to EOF: 0, or why not. */
static int wait_eof(int fd)
{
	char ch;
	int err;

	err = wait_fd(fd, POLLIN);
	if (err)
		return waited("wait-eof", err);
	if (recv(fd, &ch, 1, 0) < 0)
		return failed("recv-eof");
	return 0;
}

static int op_tcp_lo(void)
{
	struct sockaddr_in a = peer;
	int l, c, s, err, one = 1;

	l = xsocket(SOCK_STREAM);
	if (l < 0)
		return failed("socket");
	if (setsockopt(l, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) < 0)
		return failed("setsockopt");
	if (bind(l, (struct sockaddr *)&a, sizeof(a)) < 0)
		return failed("bind");
	if (listen(l, 8) < 0)
		return failed("listen");
	c = xsocket(SOCK_STREAM);
	if (c < 0)
		return failed("socket");
	err = connect_wait(c, &a);
	if (err)
		return err;
	err = wait_fd(l, POLLIN);
	if (err)
		return waited("wait-accept", err);
	s = track(accept4(l, NULL, NULL, SOCK_NONBLOCK));
	if (s < 0)
		return failed("accept");
	if (send(c, "p", 1, MSG_NOSIGNAL) < 0)
		return failed("send");
	err = recv_exact(s, "p", 1);
	if (err)
		return err;
	if (send(s, "q", 1, MSG_NOSIGNAL) < 0)
		return failed("send");
	err = recv_exact(c, "q", 1);
	if (err)
		return err;
	if (shutdown(c, SHUT_WR) < 0)
		return failed("shutdown");
	return wait_eof(s);
}

static int op_udp_lo(void)
{
	struct sockaddr_in a = peer, b;
	socklen_t bl = sizeof(b);
	int s1, s2, err;

	s1 = xsocket(SOCK_DGRAM);
	if (s1 < 0)
		return failed("socket");
	if (bind(s1, (struct sockaddr *)&a, sizeof(a)) < 0)
		return failed("bind");
	s2 = xsocket(SOCK_DGRAM);
	if (s2 < 0)
		return failed("socket");
	if (connect(s2, (struct sockaddr *)&a, sizeof(a)) < 0)
		return failed("connect");
	if (getsockname(s2, (struct sockaddr *)&b, &bl) < 0)
		return failed("getsockname");
	if (send(s2, "u", 1, 0) < 0)
		return failed("send");
	err = recv_exact(s1, "u", 1);
	if (err)
		return err;
	if (sendto(s1, "v", 1, 0, (struct sockaddr *)&b, bl) < 0)
		return failed("sendto");
	return recv_exact(s2, "v", 1);
}

static int op_tcp_out(void)
{
	int c, err;

	c = xsocket(SOCK_STREAM);
	if (c < 0)
		return failed("socket");
	err = connect_wait(c, &peer);
	if (err)
		return err;
	if (send(c, "o", 1, MSG_NOSIGNAL) < 0)
		return failed("send");
	err = recv_exact(c, "o", 1);
	if (err)
		return err;
	if (shutdown(c, SHUT_WR) < 0)
		return failed("shutdown");
	return wait_eof(c);
}

static int op_udp_out(void)
{
	int s;

	s = xsocket(SOCK_DGRAM);
	if (s < 0)
		return failed("socket");
	if (connect(s, (struct sockaddr *)&peer, sizeof(peer)) < 0)
		return failed("connect");
	if (send(s, "d", 1, 0) < 0)
		return failed("send");
	return recv_exact(s, "d", 1);
}

/* ---- configuration: generic and rtnetlink requests ---- */

#define CFG_ADDR	0x0a050001	/* 10.5.0.1/24 */
#define CFG_ADDR_NET	0x0a050000
#define CFG_ROUTE	0x0a060000	/* 10.6.0.0/16 */

static const char *pair_kind = "xnet";
static int op_is_pair;
static int genl_fd = -1, rtnl_fd = -1;
static unsigned short genl_family;
static unsigned int cfg_ifindex, nl_seq;
static char nl_msg[128];	/* the last error's extack message */
static int (*verify)(int r);

struct nlreq {
	struct nlmsghdr nlh;
	char body[512];
};

static void *nl_put(struct nlreq *m, unsigned short type, const void *data,
		    size_t len)
{
	struct nlattr *a = (void *)((char *)m + NLMSG_ALIGN(m->nlh.nlmsg_len));

	a->nla_type = type;
	a->nla_len = NLA_HDRLEN + len;
	if (data)
		memcpy((char *)a + NLA_HDRLEN, data, len);
	m->nlh.nlmsg_len = NLMSG_ALIGN(m->nlh.nlmsg_len) + NLA_ALIGN(a->nla_len);
	return a;
}

static void nl_put_u32(struct nlreq *m, unsigned short type, uint32_t v)
{
	nl_put(m, type, &v, sizeof(v));
}

static void nl_put_u8(struct nlreq *m, unsigned short type, uint8_t v)
{
	nl_put(m, type, &v, sizeof(v));
}

static void nl_put_str(struct nlreq *m, unsigned short type, const char *s)
{
	nl_put(m, type, s, strlen(s) + 1);
}

/* Close a nest opened by nl_put(m, type | NLA_F_NESTED, NULL, 0). */
static void nl_nest_end(struct nlreq *m, struct nlattr *nest)
{
	nest->nla_len = (char *)m + m->nlh.nlmsg_len - (char *)nest;
}

static void genl_init(struct nlreq *m, unsigned short family, uint8_t cmd,
		      unsigned short flags)
{
	struct genlmsghdr *g = NLMSG_DATA(&m->nlh);

	memset(m, 0, sizeof(*m));
	m->nlh.nlmsg_len = NLMSG_LENGTH(sizeof(*g));
	m->nlh.nlmsg_type = family;
	m->nlh.nlmsg_flags = NLM_F_REQUEST | flags |
			     (flags & NLM_F_DUMP ? 0 : NLM_F_ACK);
	g->cmd = cmd;
	g->version = family == GENL_ID_CTRL ? 1 : XINET_GENL_VERSION;
}

/* An NLMSG_ERROR's error, its extack message kept in nl_msg. */
static int nl_error(struct nlmsghdr *h)
{
	struct nlmsgerr *e = NLMSG_DATA(h);
	size_t off = sizeof(*e);
	struct nlattr *a;

	nl_msg[0] = '\0';
	if (!(h->nlmsg_flags & NLM_F_ACK_TLVS))
		return e->error;
	if (!(h->nlmsg_flags & NLM_F_CAPPED))
		off += e->msg.nlmsg_len - sizeof(e->msg);
	while (NLMSG_LENGTH(off + NLA_HDRLEN) <= h->nlmsg_len) {
		a = (void *)((char *)e + off);
		if (a->nla_len < NLA_HDRLEN ||
		    NLMSG_LENGTH(off + a->nla_len) > h->nlmsg_len)
			break;
		if (a->nla_type == NLMSGERR_ATTR_MSG)
			snprintf(nl_msg, sizeof(nl_msg), "%.*s",
				 (int)(a->nla_len - NLA_HDRLEN),
				 (char *)a + NLA_HDRLEN);
		off += NLA_ALIGN(a->nla_len);
	}
	return e->error;
}

/*
 * Send @m on @fd and read the answers up to its ack (or the end of a
 * dump), passing each data message to @cb: 0 or -errno.
 */
static int nl_talk(int fd, struct nlreq *m,
		   void (*cb)(struct nlmsghdr *nlh, void *arg), void *arg)
{
	static char buf[16384];
	struct nlmsghdr *h;
	ssize_t n;

	m->nlh.nlmsg_seq = ++nl_seq;
	if (send(fd, m, m->nlh.nlmsg_len, 0) < 0)
		return failed("netlink-send");
	for (;;) {
		n = recv(fd, buf, sizeof(buf), 0);
		if (n < 0)
			return failed("netlink-recv");
		step = "netlink-answer";
		for (h = (void *)buf; NLMSG_OK(h, n); h = NLMSG_NEXT(h, n)) {
			if (h->nlmsg_seq != nl_seq)
				continue;
			if (h->nlmsg_type == NLMSG_ERROR)
				return nl_error(h);
			if (h->nlmsg_type == NLMSG_DONE)
				return 0;
			if (cb)
				cb(h, arg);
		}
	}
}

/* The attributes of a generic netlink message, by type (up to 15). */
static void genl_attrs(struct nlmsghdr *h, struct nlattr **tb)
{
	struct nlattr *a = (void *)((char *)NLMSG_DATA(h) + GENL_HDRLEN);
	int len = h->nlmsg_len - NLMSG_LENGTH(GENL_HDRLEN);

	memset(tb, 0, 16 * sizeof(*tb));
	for (; len >= NLA_HDRLEN && a->nla_len >= NLA_HDRLEN && a->nla_len <= len;
	     len -= NLA_ALIGN(a->nla_len),
	     a = (void *)((char *)a + NLA_ALIGN(a->nla_len)))
		if ((a->nla_type & NLA_TYPE_MASK) < 16)
			tb[a->nla_type & NLA_TYPE_MASK] = a;
}

static uint32_t nla_u32(const struct nlattr *a)
{
	uint32_t v;

	memcpy(&v, (const char *)a + NLA_HDRLEN, sizeof(v));
	return v;
}

static void family_cb(struct nlmsghdr *h, void *arg)
{
	struct nlattr *tb[16];

	genl_attrs(h, tb);
	if (tb[CTRL_ATTR_FAMILY_ID])
		memcpy(arg, (char *)tb[CTRL_ATTR_FAMILY_ID] + NLA_HDRLEN, 2);
}

struct find {
	unsigned short key;	/* XINET_ATTR_ADDRESS or XINET_ATTR_DST */
	uint32_t value;		/* network order */
	uint8_t plen;
	int found;
};

static void find_cb(struct nlmsghdr *h, void *arg)
{
	struct find *f = arg;
	struct nlattr *tb[16];

	genl_attrs(h, tb);
	if (tb[f->key] && tb[XINET_ATTR_PREFIXLEN] &&
	    nla_u32(tb[f->key]) == f->value &&
	    *((uint8_t *)tb[XINET_ATTR_PREFIXLEN] + NLA_HDRLEN) == f->plen)
		f->found++;
}

/* Is there an address (@cmd ADDR_GET) or a route (ROUTE_GET) value/plen? */
static int cfg_has(uint8_t cmd, uint32_t value, uint8_t plen)
{
	struct find f = {
		.key = cmd == XINET_CMD_ADDR_GET ? XINET_ATTR_ADDRESS : XINET_ATTR_DST,
		.value = htonl(value), .plen = plen,
	};
	struct nlreq m;
	int err;

	genl_init(&m, genl_family, cmd, NLM_F_DUMP);
	err = nl_talk(genl_fd, &m, find_cb, &f);
	return err ? err : f.found;
}

static int cfg_addr_msg(uint8_t cmd)
{
	struct nlreq m;

	genl_init(&m, genl_family, cmd, 0);
	nl_put_u32(&m, XINET_ATTR_IFINDEX, cfg_ifindex);
	nl_put_u32(&m, XINET_ATTR_ADDRESS, htonl(CFG_ADDR));
	nl_put_u8(&m, XINET_ATTR_PREFIXLEN, 24);
	return nl_talk(genl_fd, &m, NULL, NULL);
}

static int cfg_route_msg(uint8_t cmd)
{
	struct nlreq m;

	genl_init(&m, genl_family, cmd, 0);
	nl_put_u32(&m, XINET_ATTR_DST, htonl(CFG_ROUTE));
	nl_put_u8(&m, XINET_ATTR_PREFIXLEN, 16);
	nl_put_u32(&m, XINET_ATTR_IFINDEX, cfg_ifindex);
	return nl_talk(genl_fd, &m, NULL, NULL);
}

static int cfg_pair_msg(int add)
{
	struct nlattr *info, *data, *peer_nest;
	struct ifinfomsg *ifm;
	struct nlreq m;

	memset(&m, 0, sizeof(m));
	m.nlh.nlmsg_len = NLMSG_LENGTH(sizeof(*ifm));
	m.nlh.nlmsg_type = add ? RTM_NEWLINK : RTM_DELLINK;
	m.nlh.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK |
			    (add ? NLM_F_CREATE | NLM_F_EXCL : 0);
	nl_put_str(&m, IFLA_IFNAME, "fxa");
	if (add) {
		info = nl_put(&m, IFLA_LINKINFO | NLA_F_NESTED, NULL, 0);
		nl_put_str(&m, IFLA_INFO_KIND, pair_kind);
		data = nl_put(&m, IFLA_INFO_DATA | NLA_F_NESTED, NULL, 0);
		peer_nest = nl_put(&m, XNET_INFO_PEER | NLA_F_NESTED, NULL, 0);
		/* XNET_INFO_PEER is VETH_INFO_PEER: an ifinfomsg, then
		 * the peer's attributes.
		 */
		m.nlh.nlmsg_len += NLMSG_ALIGN(sizeof(*ifm));
		nl_put_str(&m, IFLA_IFNAME, "fxb");
		nl_nest_end(&m, peer_nest);
		nl_nest_end(&m, data);
		nl_nest_end(&m, info);
	}
	return nl_talk(rtnl_fd, &m, NULL, NULL);
}

static int op_addr(void)
{
	return cfg_addr_msg(XINET_CMD_ADDR_NEW);
}

static int op_route(void)
{
	return cfg_route_msg(XINET_CMD_ROUTE_NEW);
}

static int op_pair(void)
{
	return cfg_pair_msg(1);
}

/* The answer lost, not the change: either outcome is whole. */
static int answer_lost(int r)
{
	return r == -ENOBUFS || r == -EAGAIN;
}

/*
 * @present: how many parts of the change exist (of @parts); the request
 * answered @r.  0, or -EPROTO (a partial or contradicting change).
 */
static int judge_change(int r, int present, int parts)
{
	step = "whole-or-absent";
	if (present < 0)
		return present;
	if (present != 0 && present != parts)
		return -EPROTO;
	if (!answer_lost(r) && !r != !!present)
		return -EPROTO;
	return 0;
}

static int verify_addr(int r)
{
	int a = cfg_has(XINET_CMD_ADDR_GET, CFG_ADDR, 24);
	int p = cfg_has(XINET_CMD_ROUTE_GET, CFG_ADDR_NET, 24);
	int err = a < 0 ? a : p < 0 ? p : judge_change(r, a + p, 2);

	if (a > 0 && cfg_addr_msg(XINET_CMD_ADDR_DEL))
		return failed("undo");
	return err;
}

static int verify_route(int r)
{
	int present = cfg_has(XINET_CMD_ROUTE_GET, CFG_ROUTE, 16);
	int err = judge_change(r, present, 1);

	if (present > 0 && cfg_route_msg(XINET_CMD_ROUTE_DEL))
		return failed("undo");
	return err;
}

static int verify_pair(int r)
{
	int present = !!if_nametoindex("fxa") + !!if_nametoindex("fxb");
	int err = judge_change(r, present, 2);

	if (present && cfg_pair_msg(0))
		return failed("undo");
	return err;
}

/* Netlink sockets and the family id, before any failure is armed. */
static int cfg_open(const char *dev)
{
	struct timeval tv = { .tv_sec = 1 };
	struct nlreq m;
	int err;

	if (dev) {
		cfg_ifindex = if_nametoindex(dev);
		if (!cfg_ifindex)
			return failed("no such device");
	}
	genl_fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_GENERIC);
	rtnl_fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	if (genl_fd < 0 || rtnl_fd < 0)
		return failed("netlink socket");
	setsockopt(genl_fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	setsockopt(rtnl_fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	genl_init(&m, GENL_ID_CTRL, CTRL_CMD_GETFAMILY, 0);
	nl_put_str(&m, CTRL_ATTR_FAMILY_NAME, XINET_GENL_NAME);
	err = nl_talk(genl_fd, &m, family_cb, &genl_family);
	if (!err && !genl_family)
		err = -ENOENT;
	if (err)
		step = "no xinet family";
	return err;
}

/*
 * RTM_NEWLINK's registration path answers some allocation failures with
 * a bare EINVAL (no extack message): Linux's veth does too ('failnth
 * pair veth': 4 of its 471 points), so it is the core's, not the
 * device's.  The change must still be whole or absent.
 */
static int core_einval(int e, const char *msg)
{
	return e == EINVAL && op_is_pair && !msg[0];
}

static int clean_errno(int e)
{
	switch (e) {
	case ENOMEM: case ENOBUFS: case EAGAIN: case ETIMEDOUT:
	case ECONNREFUSED: case ECONNRESET: case ECONNABORTED: case EPIPE:
	case EINTR: case ENFILE: case EMFILE: case EADDRINUSE:
	case EADDRNOTAVAIL:
		return 1;
	}
	return 0;
}

static const char *ename(int e)
{
	return e == EGARBAGE ? "garbage" : strerrorname_np(e) ?: "?";
}

int main(int argc, char **argv)
{
	static unsigned long count[NERR];
	unsigned long ok = 0, unexpected = 0, n, max = 2000, stride = 1, runs = 0;
	int (*op)(void) = NULL;
	const char *name, *cfg_dev = NULL, *op_step;
	char buf[32], op_msg[sizeof(nl_msg)];
	int c, fd, r;

	while ((c = getopt(argc, argv, "m:s:")) != -1) {
		if (c == 'm')
			max = strtoul(optarg, NULL, 0);
		else if (c == 's' && atoi(optarg) > 0)
			stride = atoi(optarg);
		else
			goto usage;
	}
	if (optind >= argc)
		goto usage;
	name = argv[optind];
	peer.sin_family = AF_INET;
	if (!strcmp(name, "tcp-lo") || !strcmp(name, "udp-lo")) {
		if (optind + 2 != argc)
			goto usage;
		op = name[0] == 't' ? op_tcp_lo : op_udp_lo;
		peer.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		peer.sin_port = htons(atoi(argv[optind + 1]));
	} else if (!strcmp(name, "tcp-out") || !strcmp(name, "udp-out")) {
		if (optind + 3 != argc ||
		    inet_pton(AF_INET, argv[optind + 1], &peer.sin_addr) != 1)
			goto usage;
		op = name[0] == 't' ? op_tcp_out : op_udp_out;
		peer.sin_port = htons(atoi(argv[optind + 2]));
	} else if (!strcmp(name, "addr") || !strcmp(name, "route")) {
		if (optind + 2 != argc)
			goto usage;
		op = name[0] == 'a' ? op_addr : op_route;
		verify = name[0] == 'a' ? verify_addr : verify_route;
		cfg_dev = argv[optind + 1];
	} else if (!strcmp(name, "pair")) {
		if (optind + 2 < argc)
			goto usage;
		if (optind + 2 == argc)
			pair_kind = argv[optind + 1];
		op = op_pair;
		op_is_pair = 1;
		verify = verify_pair;
	} else {
		goto usage;
	}
	fd = open("/sys/module/xinet/parameters/family", O_RDONLY);
	if (fd >= 0) {
		r = read(fd, buf, sizeof(buf) - 1);
		if (r > 0) {
			buf[r] = '\0';
			family = atoi(buf);
		}
		close(fd);
	}
	peer.sin_family = family;
	memset(fds, -1, sizeof(fds));
	if (verify) {
		r = cfg_open(cfg_dev);
		if (r) {
			printf("%s: %s: %s\n", name, step, ename(-r));
			return 1;
		}
	}

	/* Page faults would take the injected failures: none in the loop. */
	mlockall(MCL_CURRENT | MCL_FUTURE);
	fd = open("/proc/thread-self/fail-nth", O_RDWR);
	if (fd < 0) {
		perror("fail-nth");
		return 4;
	}

	for (n = 1; n <= max; n += stride, runs++) {
		nl_msg[0] = '\0';
		int len = snprintf(buf, sizeof(buf), "%lu", n), left;

		if (pwrite(fd, buf, len, 0) != len) {
			perror("write fail-nth");
			return 1;
		}
		r = op();
		len = pread(fd, buf, sizeof(buf) - 1, 0);
		left = len > 0 ? (buf[len] = '\0', atoi(buf)) : -1;
		if (pwrite(fd, "0", 1, 0) != 1) {
			perror("reset fail-nth");
			return 1;
		}
		close_all();
		/* What the op said, before verify() talks again. */
		op_step = step;
		snprintf(op_msg, sizeof(op_msg), "%s", nl_msg);
		if (verify) {
			int v = verify(r);

			if (v) {
				count[EGARBAGE]++;
				if (unexpected++ < 10)
					printf("unexpected: fault %lu: answer %s: %s: %s\n",
					       n, r ? ename(-r) : "0", step,
					       ename(-v));
			}
		}
		if (left > 0)	/* the N-th allocation never came */
			break;
		if (!r) {
			ok++;
		} else {
			r = -r;
			if (r >= NERR)
				r = EGARBAGE;
			count[r]++;
			if (!clean_errno(r) && !core_einval(r, op_msg) &&
			    unexpected++ < 10)
				printf("unexpected: fault %lu: %s: %s%s%s\n", n,
				       op_step, ename(r), op_msg[0] ? ": " : "",
				       op_msg);
		}
	}
	printf("%s: faults %lu", name, n - 1);
	if (stride > 1)
		printf(" (%lu tried, every %lu-th)", runs, stride);
	printf(" ok %lu", ok);
	for (int e = 0; e < NERR; e++)
		if (count[e])
			printf(" %s=%lu", ename(e), count[e]);
	printf(" unexpected %lu\n", unexpected);

	r = op();
	close_all();
	if (!r && verify)
		r = verify(r);
	if (r) {
		printf("%s: fails without injection: %s: %s\n", name, step,
		       ename(-r));
		return 1;
	}
	/* MAX reached with faults still to come: the sweep is incomplete. */
	return unexpected || (max && n > max) ? 1 : 0;

usage:
	fprintf(stderr, "usage: failnth [-m MAX] [-s STRIDE] tcp-lo|udp-lo PORT |\n"
		"               tcp-out|udp-out ADDR PORT | addr|route DEV | pair [KIND]\n");
	return 2;
}
