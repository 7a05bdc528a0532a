// SPDX-License-Identifier: GPL-2.0
/*
 * diag-probe: the sockets and the sock_diag requests of ss_test.sh, for
 * one family (2 for AF_INET, xinet's number for AF_XINET):
 *
 *   diag-probe sockets FAMILY PORT
 *	a listener on 127.0.0.1:PORT; a connection from PORT+1 with 100
 *	bytes queued at the accepted end and 10 at the client (which has
 *	SO_KEEPALIVE); one from PORT+2 left in the accept queue; one from
 *	PORT+3 in TIME_WAIT; UDP bound to PORT and connected from PORT+1
 *	to PORT; a raw socket of protocol 253.  Prints "ready", holds them
 *	until stdin closes.
 *   diag-probe victim FAMILY PORT
 *	a connection from PORT+1 to PORT; prints "ready", then blocks in
 *	recv() on the client and prints what ended it: an errno name,
 *	"eof" or "data".
 *   diag-probe req FAMILY OP [UID]
 *	one request to sock_diag, as user UID when given (no capabilities);
 *	prints the errno it got, "0" if none.  OPs: short (a request
 *	shorter than inet_diag_req_v2), badattr (INET_DIAG_REQ_PROTOCOL of
 *	one byte), badbc (bytecode with a misaligned jump), markbc (a mark
 *	condition: CAP_NET_ADMIN only), noproto (a protocol with no
 *	handler), getmissing (the exact get of a connection that does not
 *	exist), destroy:SPORT:DPORT (SOCK_DESTROY of the TCP connection
 *	127.0.0.1:SPORT -> 127.0.0.1:DPORT).
 *   diag-probe ping FAMILY ID
 *	a ping socket bound to 127.0.0.1 with identifier ID (the caller
 *	allows it in ping_group_range), then a dump of the family's
 *	IPPROTO_ICMP sockets: prints "found ADDR:ID" for each, then the
 *	dump's errno ("0", or ENOENT where no handler answers, as Linux's
 *	inet_diag for ping sockets).
 *
 * struct sockaddr_xin has sockaddr_in's layout, so one sockaddr_in with
 * the family set serves both families.
 */

#include <arpa/inet.h>
#include <errno.h>
#include <grp.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <linux/sock_diag.h>

static void die(const char *what)
{
	fprintf(stderr, "diag-probe: %s: %s\n", what, strerror(errno));
	exit(1);
}

static struct sockaddr_in addr_of(int family, int port)
{
	struct sockaddr_in sin = { 0 };

	sin.sin_family = family;
	sin.sin_port = htons(port);
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	return sin;
}

static int sock_at(int family, int type, int port)
{
	struct sockaddr_in sin = addr_of(family, port);
	int one = 1, fd;

	fd = socket(family, type, 0);
	if (fd < 0)
		die("socket");
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(fd, (struct sockaddr *)&sin, sizeof(sin)))
		die("bind");
	return fd;
}

static void connect_to(int fd, int family, int port)
{
	struct sockaddr_in sin = addr_of(family, port);

	if (connect(fd, (struct sockaddr *)&sin, sizeof(sin)))
		die("connect");
}

static void send_n(int fd, int n)
{
	char buf[256];

	memset(buf, 'x', sizeof(buf));
	if (send(fd, buf, n, 0) != n)
		die("send");
}

static int do_sockets(int family, int port)
{
	int l, c, a, d, e, f, u, v, r, one = 1;
	char buf[16];

	l = sock_at(family, SOCK_STREAM, port);
	if (listen(l, 8))
		die("listen");
	c = sock_at(family, SOCK_STREAM, port + 1);
	connect_to(c, family, port);
	a = accept(l, NULL, NULL);
	if (a < 0)
		die("accept");
	setsockopt(c, SOL_SOCKET, SO_KEEPALIVE, &one, sizeof(one));
	send_n(c, 100);
	send_n(a, 10);

	e = sock_at(family, SOCK_STREAM, port + 3);
	connect_to(e, family, port);
	f = accept(l, NULL, NULL);
	if (f < 0)
		die("accept");
	close(e);
	/* e's FIN, then f's: e ends in TIME_WAIT. */
	if (recv(f, buf, sizeof(buf), 0) != 0)
		die("recv of the FIN");
	close(f);

	d = sock_at(family, SOCK_STREAM, port + 2);
	connect_to(d, family, port);

	u = sock_at(family, SOCK_DGRAM, port);
	v = sock_at(family, SOCK_DGRAM, port + 1);
	connect_to(v, family, port);
	r = socket(family, SOCK_RAW, 253);
	if (r < 0)
		die("raw socket");

	/* Let the last ACKs land before anyone looks. */
	usleep(200000);
	printf("ready\n");
	fflush(stdout);
	while (read(0, buf, sizeof(buf)) > 0)
		;
	close(r);
	close(v);
	close(u);
	close(d);
	close(a);
	close(c);
	close(l);
	return 0;
}

static int do_victim(int family, int port)
{
	int l, c, a;
	char buf[16];
	ssize_t n;

	l = sock_at(family, SOCK_STREAM, port);
	if (listen(l, 8))
		die("listen");
	c = sock_at(family, SOCK_STREAM, port + 1);
	connect_to(c, family, port);
	a = accept(l, NULL, NULL);
	if (a < 0)
		die("accept");
	printf("ready\n");
	fflush(stdout);
	n = recv(c, buf, sizeof(buf), 0);
	if (n < 0)
		printf("%s\n", errno == ECONNABORTED ? "ECONNABORTED" :
		       errno == ECONNRESET ? "ECONNRESET" : strerror(errno));
	else
		printf("%s\n", n ? "data" : "eof");
	close(a);
	return 0;
}

/* The name of an errno the requests can get. */
static const char *errname(int err)
{
	switch (err) {
	case 0: return "0";
	case EINVAL: return "EINVAL";
	case ENOENT: return "ENOENT";
	case EPERM: return "EPERM";
	case EOPNOTSUPP: return "EOPNOTSUPP";
	case EACCES: return "EACCES";
	default: return strerror(err);
	}
}

struct diag_msg {
	struct nlmsghdr nlh;
	struct inet_diag_req_v2 req;
	unsigned char attrs[64];
};

static void put_attr(struct diag_msg *m, int type, const void *data, int len)
{
	struct nlattr *nla = (void *)((char *)m + NLMSG_ALIGN(m->nlh.nlmsg_len));

	nla->nla_type = type;
	nla->nla_len = NLA_HDRLEN + len;
	memcpy((char *)nla + NLA_HDRLEN, data, len);
	m->nlh.nlmsg_len = NLMSG_ALIGN(m->nlh.nlmsg_len) + NLA_ALIGN(nla->nla_len);
}

/*
 * Send @m, read to its end; the errno of an NLMSG_ERROR or NLMSG_DONE.
 * With @show, each answer of a dump is printed as "found ADDR:PORT
 * family ok|bad" (against @m's family).
 */
static int talk(struct diag_msg *m, int show)
{
	struct sockaddr_nl nladdr = { .nl_family = AF_NETLINK };
	static char buf[65536];
	int fd, err = 0, done = 0;

	fd = socket(AF_NETLINK, SOCK_RAW, NETLINK_SOCK_DIAG);
	if (fd < 0)
		die("netlink socket");
	if (sendto(fd, m, m->nlh.nlmsg_len, 0, (struct sockaddr *)&nladdr,
		   sizeof(nladdr)) < 0)
		die("sendto");
	while (!done) {
		ssize_t len = recv(fd, buf, sizeof(buf), 0);
		struct nlmsghdr *h;

		if (len < 0)
			die("recv");
		for (h = (struct nlmsghdr *)buf; NLMSG_OK(h, len);
		     h = NLMSG_NEXT(h, len)) {
			if (h->nlmsg_type == NLMSG_ERROR) {
				err = -((struct nlmsgerr *)NLMSG_DATA(h))->error;
				done = 1;
				break;
			}
			if (h->nlmsg_type == NLMSG_DONE) {
				err = -*(int *)NLMSG_DATA(h);
				done = 1;
				break;
			}
			/* An answer to a dump or a get (whose ack follows). */
			if (show) {
				struct inet_diag_msg *r = NLMSG_DATA(h);
				char a[INET_ADDRSTRLEN];

				inet_ntop(AF_INET, r->id.idiag_src, a, sizeof(a));
				printf("found %s:%u family %s\n", a,
				       ntohs(r->id.idiag_sport),
				       r->idiag_family == m->req.sdiag_family ?
				       "ok" : "bad");
			}
		}
	}
	close(fd);
	return err;
}

/* @m as a dump of every socket of @family and @protocol. */
static void dump_req(struct diag_msg *m, int family, int protocol)
{
	memset(m, 0, sizeof(*m));
	m->nlh.nlmsg_len = NLMSG_LENGTH(sizeof(m->req));
	m->nlh.nlmsg_type = SOCK_DIAG_BY_FAMILY;
	m->nlh.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	m->nlh.nlmsg_seq = 1;
	m->req.sdiag_family = family;
	m->req.sdiag_protocol = protocol;
	m->req.idiag_states = ~0u;
}

static int do_req(int family, const char *op, int uid)
{
	struct diag_msg m;
	unsigned int sport, dport;

	dump_req(&m, family, IPPROTO_TCP);

	if (uid >= 0 &&
	    (setgroups(0, NULL) || setgid(uid) || setuid(uid)))
		die("dropping privileges");

	if (!strcmp(op, "short")) {
		m.nlh.nlmsg_len = NLMSG_LENGTH(sizeof(struct sock_diag_req) + 4);
	} else if (!strcmp(op, "badattr")) {
		unsigned char b = IPPROTO_TCP;

		put_attr(&m, INET_DIAG_REQ_PROTOCOL, &b, 1);
	} else if (!strcmp(op, "badbc")) {
		struct inet_diag_bc_op bc = { INET_DIAG_BC_NOP, 3, 0 };

		put_attr(&m, INET_DIAG_REQ_BYTECODE, &bc, sizeof(bc));
	} else if (!strcmp(op, "markbc")) {
		struct {
			struct inet_diag_bc_op op;
			struct inet_diag_markcond mc;
		} bc = { { INET_DIAG_BC_MARK_COND, sizeof(bc), sizeof(bc) + 4 },
			 { 0, 0 } };

		put_attr(&m, INET_DIAG_REQ_BYTECODE, &bc, sizeof(bc));
	} else if (!strcmp(op, "noproto")) {
		m.req.sdiag_protocol = 200;
	} else if (!strcmp(op, "getmissing")) {
		m.nlh.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
		m.req.id.idiag_src[0] = htonl(INADDR_LOOPBACK);
		m.req.id.idiag_dst[0] = htonl(INADDR_LOOPBACK);
		m.req.id.idiag_sport = htons(1);
		m.req.id.idiag_dport = htons(1);
		m.req.id.idiag_cookie[0] = INET_DIAG_NOCOOKIE;
		m.req.id.idiag_cookie[1] = INET_DIAG_NOCOOKIE;
	} else if (sscanf(op, "destroy:%u:%u", &sport, &dport) == 2) {
		m.nlh.nlmsg_type = SOCK_DESTROY;
		m.nlh.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
		m.req.id.idiag_src[0] = htonl(INADDR_LOOPBACK);
		m.req.id.idiag_dst[0] = htonl(INADDR_LOOPBACK);
		m.req.id.idiag_sport = htons(sport);
		m.req.id.idiag_dport = htons(dport);
		m.req.id.idiag_cookie[0] = INET_DIAG_NOCOOKIE;
		m.req.id.idiag_cookie[1] = INET_DIAG_NOCOOKIE;
	} else {
		fprintf(stderr, "diag-probe: unknown request %s\n", op);
		return 2;
	}
	printf("%s\n", errname(talk(&m, 0)));
	return 0;
}

/* A dump of the family's ping sockets; see the usage above. */
static int do_ping(int family, int id)
{
	struct sockaddr_in sin = addr_of(family, id);
	struct diag_msg m;
	int fd;

	fd = socket(family, SOCK_DGRAM, IPPROTO_ICMP);
	if (fd < 0)
		die("ping socket");
	if (bind(fd, (struct sockaddr *)&sin, sizeof(sin)))
		die("ping bind");

	dump_req(&m, family, IPPROTO_ICMP);
	printf("%s\n", errname(talk(&m, 1)));
	close(fd);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc >= 4 && !strcmp(argv[1], "sockets"))
		return do_sockets(atoi(argv[2]), atoi(argv[3]));
	if (argc >= 4 && !strcmp(argv[1], "victim"))
		return do_victim(atoi(argv[2]), atoi(argv[3]));
	if (argc >= 4 && !strcmp(argv[1], "ping"))
		return do_ping(atoi(argv[2]), atoi(argv[3]));
	if (argc >= 4 && !strcmp(argv[1], "req"))
		return do_req(atoi(argv[2]), argv[3],
			      argc >= 5 ? atoi(argv[4]) : -1);
	fprintf(stderr, "usage: diag-probe sockets|victim|ping FAMILY PORT\n"
			"       diag-probe req FAMILY OP [UID]\n");
	return 2;
}
