// SPDX-License-Identifier: GPL-2.0
/*
 * tcp_test: TCP connection management (bind, listen, accept, connect,
 * names, states, backlog, poll masks, shutdown, linger, resets) run on
 * AF_INET over lo and on AF_XINET over xlo (127.0.0.1 both).  Each
 * behaviour is a variant; its af_inet case checks AF_INET against the
 * expected transcript, its af_xinet case checks AF_XINET against the
 * AF_INET transcript of the same run (see tcp_common.h).
 */

#include <linux/net_tstamp.h>

#include "tcp_common.h"
#include "ipraw.h"
#include "kselftest_harness.h"

/* --- bind ------------------------------------------------------------- */

static void bind_conflicts(struct run *r)
{
	int fd[6], i;

	for (i = 0; i < 6; i++)
		fd[i] = tcp(r);
	rec(r, "bind_a", bind_to(r, fd[0], "127.0.0.1", 6001));
	rec(r, "same", bind_to(r, fd[1], "127.0.0.1", 6001));
	rec(r, "wild_over_addr", bind_to(r, fd[1], "0.0.0.0", 6001));
	rec(r, "other_addr", bind_to(r, fd[1], "127.0.0.2", 6001));
	rec(r, "wild", bind_to(r, fd[2], "0.0.0.0", 6002));
	rec(r, "addr_under_wild", bind_to(r, fd[3], "127.0.0.1", 6002));
	rec(r, "listen_a", listen(fd[0], 4));
	rec(r, "bound_vs_listener", bind_to(r, fd[4], "127.0.0.1", 6001));
	rec(r, "wild_vs_listener", bind_to(r, fd[4], "0.0.0.0", 6001));
	/* b (127.0.0.2:6001) may listen: the addresses differ. */
	rec(r, "listen_b", listen(fd[1], 4));
	close_all(6, fd);
	/* Closing gives the port back. */
	fd[0] = tcp(r);
	rec(r, "after_close", bind_to(r, fd[0], "127.0.0.1", 6001));
	close(fd[0]);
}

static void bind_reuseaddr(struct run *r)
{
	int fd[6], i;

	for (i = 0; i < 6; i++)
		fd[i] = tcp(r);
	for (i = 0; i < 5; i++)
		setint(fd[i], SOL_SOCKET, SO_REUSEADDR, 1);
	/* Neither listens: both may hold the port. */
	rec(r, "a", bind_to(r, fd[0], "127.0.0.1", 6010));
	rec(r, "b", bind_to(r, fd[1], "127.0.0.1", 6010));
	rec(r, "plain", bind_to(r, fd[5], "127.0.0.1", 6010));
	rec(r, "listen_a", listen(fd[0], 4));
	rec(r, "listen_b", listen(fd[1], 4));
	rec(r, "c_vs_listener", bind_to(r, fd[2], "127.0.0.1", 6010));
	rec(r, "c_wild_vs_listener", bind_to(r, fd[2], "0.0.0.0", 6010));
	/* Wildcard and specific, both SO_REUSEADDR, nobody listening. */
	rec(r, "wild", bind_to(r, fd[3], "0.0.0.0", 6011));
	rec(r, "specific", bind_to(r, fd[4], "127.0.0.1", 6011));
	rec(r, "listen_specific", listen(fd[4], 4));
	rec(r, "listen_wild", listen(fd[3], 4));
	close_all(6, fd);
}

static void bind_reuseport(struct run *r)
{
	int fd[4], i;

	for (i = 0; i < 4; i++)
		fd[i] = tcp(r);
	for (i = 0; i < 3; i++)
		setint(fd[i], SOL_SOCKET, SO_REUSEPORT, 1);
	rec(r, "a", bind_to(r, fd[0], "127.0.0.1", 6020));
	rec(r, "listen_a", listen(fd[0], 4));
	rec(r, "b", bind_to(r, fd[1], "127.0.0.1", 6020));
	rec(r, "listen_b", listen(fd[1], 4));
	rec(r, "plain", bind_to(r, fd[3], "127.0.0.1", 6020));
	rec(r, "plain_wild", bind_to(r, fd[3], "0.0.0.0", 6020));
	rec(r, "c_wild", bind_to(r, fd[2], "0.0.0.0", 6020));
	rec(r, "listen_c", listen(fd[2], 4));
	close_all(4, fd);
}

/*
 * The port of a TIME_WAIT socket is taken, unless both the new socket
 * and the one now in TIME_WAIT (here: inherited from its listener) set
 * SO_REUSEADDR.
 */
static void timewait_on(struct run *r, int port, bool listener_reuse)
{
	int lfd = tcp(r), cli = tcp(r), srv = -1, fd = tcp(r), fd2 = tcp(r);
	char c;

	setint(lfd, SOL_SOCKET, SO_REUSEADDR, listener_reuse);
	bind_to(r, lfd, "127.0.0.1", port);
	listen(lfd, 4);
	rec(r, "connect", connect_to(r, cli, "127.0.0.1", port));
	srv = accept(lfd, NULL, NULL);
	close(lfd);
	/* The server closes first: its end goes to TIME_WAIT on @port. */
	rec(r, "close_srv", close(srv));
	rec(r, "cli_eof", recv(cli, &c, 1, 0));
	rec(r, "close_cli", close(cli));
	usleep(50 * 1000);
	rec(r, "plain", bind_to(r, fd, "127.0.0.1", port));
	setint(fd2, SOL_SOCKET, SO_REUSEADDR, 1);
	rec(r, "reuseaddr", bind_to(r, fd2, "127.0.0.1", port));
	rec(r, "listen", listen(fd2, 4));
	close(fd);
	close(fd2);
}

static void bind_timewait(struct run *r)
{
	timewait_on(r, 6030, true);
	timewait_on(r, 6031, false);
}

static void bind_errors(struct run *r)
{
	struct sockaddr_in a = addr_of(r, "127.0.0.1", 6040);
	int fd = tcp(r), fd2 = tcp(r);

	rec(r, "notavail", bind_to(r, fd, "10.9.9.9", 6040));
	rec(r, "short", bind(fd, (struct sockaddr *)&a, sizeof(a) - 1));
	a.sin_family = AF_UNIX;
	rec(r, "family", bind(fd, (struct sockaddr *)&a, sizeof(a)));
	rec(r, "ok", bind_to(r, fd, "127.0.0.1", 6040));
	rec(r, "double", bind_to(r, fd, "127.0.0.1", 6041));
	rec(r, "double_same", bind_to(r, fd, "127.0.0.1", 6040));
	rec(r, "ephemeral", bind_to(r, fd2, "127.0.0.1", 0));
	prop(r, "eph_range", local_port(fd2) >= 1024);
	rec(r, "listen_eph", listen(fd2, 1));
	close(fd);
	close(fd2);
}

static void bind_privileged(struct run *r)
{
	int fd = tcp(r), fd2 = tcp(r), fd3 = tcp(r);

	rec(r, "drop", set_effective_cap(CAP_NET_BIND_SERVICE, false));
	rec(r, "port80", bind_to(r, fd, "127.0.0.1", 80));
	rec(r, "port1023", bind_to(r, fd, "127.0.0.1", 1023));
	rec(r, "port1024", bind_to(r, fd, "127.0.0.1", 1024));
	rec(r, "sysctl", write_sysctl(r, "ip_unprivileged_port_start",
				      "2000"));
	rec(r, "port1500", bind_to(r, fd2, "127.0.0.1", 1500));
	rec(r, "port2000", bind_to(r, fd2, "127.0.0.1", 2000));
	rec(r, "raise", set_effective_cap(CAP_NET_BIND_SERVICE, true));
	rec(r, "port1500_cap", bind_to(r, fd3, "127.0.0.1", 1500));
	close(fd);
	close(fd2);
	close(fd3);
}

/* --- listen ----------------------------------------------------------- */

static void rec_backlog(struct run *r, const char *what, int fd)
{
	struct tcp_info ti;

	if (tcp_info_of(fd, &ti))
		rec(r, what, -1);
	else
		say(r, "%s=%u/%u/%u ", what, ti.tcpi_state, ti.tcpi_unacked,
		    ti.tcpi_sacked);
}

static void listen_rules(struct run *r)
{
	int fd = tcp(r), cli, srv;

	/* An unbound socket is bound to an ephemeral port by listen. */
	rec(r, "listen_unbound", listen(fd, 1));
	rec_name(r, "name", fd, false, false);
	prop(r, "eph_range", local_port(fd) >= 1024);
	/* For a listener TCP_INFO's unacked/sacked are queue/backlog. */
	rec_backlog(r, "info", fd);
	rec(r, "listen_again", listen(fd, 5));
	rec_backlog(r, "info2", fd);
	rec(r, "listen_huge", listen(fd, 1 << 20));
	rec_backlog(r, "info3", fd);
	rec(r, "listen_negative", listen(fd, -1));
	rec_backlog(r, "info4", fd);
	close(fd);
	/* Listening needs an unconnected socket. */
	if (!make_pair(r, 6050, &cli, &srv)) {
		rec(r, "listen_connected", listen(cli, 1));
		rec(r, "listen_accepted", listen(srv, 1));
	}
	close(cli);
	close(srv);
}

/* --- accept ----------------------------------------------------------- */

struct delayed {
	struct run *r;
	int port;
	int fd;
	int ret;
};

static void *connect_later(void *arg)
{
	struct delayed *d = arg;

	usleep(200 * 1000);
	d->ret = connect_to(d->r, d->fd, "127.0.0.1", d->port);
	return NULL;
}

static void accept_blocking(struct run *r)
{
	struct delayed d = { .r = r, .port = 6060 };
	struct sockaddr_in peer;
	socklen_t len = sizeof(peer);
	struct timespec t0;
	pthread_t th;
	int lfd = listener(r, 6060, 4), fd;
	long ms;

	d.fd = tcp(r);
	/* Bounds the thread's connect on a broken stack. */
	setsockopt(d.fd, SOL_SOCKET, SO_SNDTIMEO,
		   &(struct timeval){ .tv_sec = BODY_DEADLINE_MS / 1000 },
		   sizeof(struct timeval));
	pthread_create(&th, NULL, connect_later, &d);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	fd = accept(lfd, (struct sockaddr *)&peer, &len);
	ms = ms_since(&t0);
	rec(r, "accept", fd >= 0 ? 0 : -1);
	prop(r, "waited", ms >= 100);
	pthread_join(th, NULL);
	rec(r, "connect", d.ret);
	say(r, "peer=%s/%s/%u ", inet_ntoa(peer.sin_addr),
	    peer.sin_family == r->family ? "fam" : "badfam", len);
	prop(r, "peer_port", ntohs(peer.sin_port) == local_port(d.fd));
	rec(r, "state", tcp_state(fd));
	close(fd);
	close(d.fd);
	close(lfd);
}

static void rec_fdflags(struct run *r, const char *what, int fd)
{
	if (fd < 0) {
		rec(r, what, -1);
		return;
	}
	say(r, "%s=%s%s ", what,
	    fcntl(fd, F_GETFL) & O_NONBLOCK ? "nonblock" : "block",
	    fcntl(fd, F_GETFD) & FD_CLOEXEC ? ",cloexec" : "");
}

static void accept_flags(struct run *r)
{
	int lfd = listener(r, 6061, 8), c[4], fd, i;

	rec(r, "nonblock", fcntl(lfd, F_SETFL, O_NONBLOCK));
	rec(r, "empty", accept(lfd, NULL, NULL));
	rec(r, "empty4", accept4(lfd, NULL, NULL, SOCK_NONBLOCK));
	for (i = 0; i < 4; i++) {
		c[i] = tcp(r);
		connect_to(r, c[i], "127.0.0.1", 6061);
	}
	/* A non-blocking listener does not make non-blocking children. */
	fd = accept(lfd, NULL, NULL);
	rec_fdflags(r, "plain", fd);
	close(fd);
	fd = accept4(lfd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
	rec_fdflags(r, "both", fd);
	close(fd);
	fd = accept4(lfd, NULL, NULL, SOCK_CLOEXEC);
	rec_fdflags(r, "cloexec", fd);
	close(fd);
	rec(r, "bad_flags", accept4(lfd, NULL, NULL, O_APPEND));
	fd = accept4(lfd, NULL, NULL, 0);
	rec_fdflags(r, "last", fd);
	close(fd);
	rec(r, "drained", accept(lfd, NULL, NULL));
	close_all(4, c);
	close(lfd);
}

static void accept_errors(struct run *r)
{
	int fd = tcp(r), cli, srv;

	rec(r, "fresh", accept(fd, NULL, NULL));
	bind_to(r, fd, "127.0.0.1", 6062);
	rec(r, "bound", accept(fd, NULL, NULL));
	if (!make_pair(r, 6063, &cli, &srv)) {
		rec(r, "connected", accept(cli, NULL, NULL));
		rec(r, "accepted", accept(srv, NULL, NULL));
	}
	close(fd);
	close(cli);
	close(srv);
}

/* --- connect ---------------------------------------------------------- */

static void connect_blocking(struct run *r)
{
	int lfd = listener(r, 6070, 4), fd = tcp(r), fd2 = tcp(r);

	rec(r, "connect", connect_to(r, fd, "127.0.0.1", 6070));
	rec(r, "state", tcp_state(fd));
	rec(r, "again", connect_to(r, fd, "127.0.0.1", 6070));
	rec(r, "elsewhere", connect_to(r, fd, "127.0.0.1", 6071));
	rec(r, "so_error", getint(fd, SOL_SOCKET, SO_ERROR));
	rec(r, "refused", connect_to(r, fd2, "127.0.0.1", 6071));
	rec(r, "so_error2", getint(fd2, SOL_SOCKET, SO_ERROR));
	rec(r, "state2", tcp_state(fd2));
	/* A refused socket may try again. */
	rec(r, "retry", connect_to(r, fd2, "127.0.0.1", 6070));
	rec(r, "state3", tcp_state(fd2));
	close(fd);
	close(fd2);
	close(lfd);
}

static void connect_nonblock(struct run *r)
{
	int lfd = listener(r, 6080, 4), fd = tcp(r), fd2 = tcp(r), fd3;

	fcntl(fd, F_SETFL, O_NONBLOCK);
	fcntl(fd2, F_SETFL, O_NONBLOCK);
	rec(r, "connect", connect_to(r, fd, "127.0.0.1", 6080));
	rec(r, "poll", poll_mask(fd, ALL_EVENTS, 2000));
	rec(r, "so_error", getint(fd, SOL_SOCKET, SO_ERROR));
	rec(r, "state", tcp_state(fd));
	/* The first connect after completion reports it, then EISCONN. */
	rec(r, "again", connect_to(r, fd, "127.0.0.1", 6080));
	rec(r, "again2", connect_to(r, fd, "127.0.0.1", 6080));
	fd3 = accept(lfd, NULL, NULL);
	rec(r, "accept", fd3 >= 0 ? 0 : -1);
	/* Refused asynchronously: SO_ERROR, then the next connect. */
	rec(r, "connect_closed", connect_to(r, fd2, "127.0.0.1", 6081));
	rec(r, "poll2", poll_mask(fd2, ALL_EVENTS, 2000));
	rec(r, "so_error2", getint(fd2, SOL_SOCKET, SO_ERROR));
	rec(r, "so_error3", getint(fd2, SOL_SOCKET, SO_ERROR));
	rec(r, "after_refused", connect_to(r, fd2, "127.0.0.1", 6081));
	rec(r, "poll3", poll_mask(fd2, ALL_EVENTS, 2000));
	rec(r, "so_error4", getint(fd2, SOL_SOCKET, SO_ERROR));
	close(fd);
	close(fd2);
	close(fd3);
	close(lfd);
}

/* Refused with SO_ERROR unread: the next connect reports it. */
static void connect_refused_twice(struct run *r)
{
	int fd = tcp(r);

	fcntl(fd, F_SETFL, O_NONBLOCK);
	rec(r, "connect", connect_to(r, fd, "127.0.0.1", 6085));
	rec(r, "poll", poll_mask(fd, ALL_EVENTS, 2000));
	rec(r, "again", connect_to(r, fd, "127.0.0.1", 6085));
	rec(r, "so_error", getint(fd, SOL_SOCKET, SO_ERROR));
	close(fd);
}

/*
 * A listener whose accept queue is full drops SYNs: a connect to it
 * stays in SYN_SENT until the queue has room and the SYN is resent
 * (after the initial RTO, 1 s).
 */
static void connect_in_progress(struct run *r)
{
	int lfd = listener(r, 6090, 0), first = tcp(r), fd = tcp(r), a, b;

	rec(r, "first", connect_to(r, first, "127.0.0.1", 6090));
	fcntl(fd, F_SETFL, O_NONBLOCK);
	rec(r, "connect", connect_to(r, fd, "127.0.0.1", 6090));
	usleep(100 * 1000);
	rec(r, "state", tcp_state(fd));
	rec(r, "poll", poll_mask(fd, ALL_EVENTS, 0));
	rec(r, "again", connect_to(r, fd, "127.0.0.1", 6090));
	rec(r, "so_error", getint(fd, SOL_SOCKET, SO_ERROR));
	rec_name(r, "name", fd, false, false);
	rec_name(r, "peer", fd, true, true);
	/* Make room: the resent SYN completes the connection. */
	a = accept(lfd, NULL, NULL);
	rec(r, "accept", a >= 0 ? 0 : -1);
	rec(r, "poll2", poll_mask(fd, POLLOUT, 3000));
	rec(r, "state2", tcp_state(fd));
	rec(r, "so_error2", getint(fd, SOL_SOCKET, SO_ERROR));
	b = accept(lfd, NULL, NULL);
	rec(r, "accept2", b >= 0 ? 0 : -1);
	rec(r, "again2", connect_to(r, fd, "127.0.0.1", 6090));
	rec(r, "again3", connect_to(r, fd, "127.0.0.1", 6090));
	close(a);
	close(b);
	close(first);
	close(fd);
	close(lfd);
}

/*
 * A connect that the listener never answers (its queue is full, SYNs
 * are dropped) gives up after TCP_USER_TIMEOUT: ETIMEDOUT.
 */
static void connect_timeout(struct run *r)
{
	int lfd = listener(r, 6095, 0), first = tcp(r), fd = tcp(r);
	struct timespec t0;
	long ms;

	rec(r, "syncnt", getint(fd, IPPROTO_TCP, TCP_SYNCNT));
	rec(r, "syncnt0", setint(fd, IPPROTO_TCP, TCP_SYNCNT, 0));
	rec(r, "syncnt128", setint(fd, IPPROTO_TCP, TCP_SYNCNT, 128));
	rec(r, "syncnt2", setint(fd, IPPROTO_TCP, TCP_SYNCNT, 2));
	rec(r, "first", connect_to(r, first, "127.0.0.1", 6095));
	rec(r, "user_timeout", setint(fd, IPPROTO_TCP, TCP_USER_TIMEOUT,
				      500));
	clock_gettime(CLOCK_MONOTONIC, &t0);
	rec(r, "connect", connect_to(r, fd, "127.0.0.1", 6095));
	ms = ms_since(&t0);
	prop(r, "waited", ms >= 400 && ms < 4000);
	rec(r, "state", tcp_state(fd));
	rec(r, "so_error", getint(fd, SOL_SOCKET, SO_ERROR));
	close(first);
	close(fd);
	close(lfd);
}

/*
 * With two local ports, two connects to one destination get them and
 * the third finds none.  bind(0) may share a port that connect chose.
 */
static void ephemeral_exhaustion(struct run *r)
{
	int lfd = listener(r, 6096, 8), fd[4], i;
	char name[16];

	rec(r, "range", write_sysctl(r, "ip_local_port_range",
				     "40000 40001"));
	for (i = 0; i < 3; i++) {
		fd[i] = tcp(r);
		snprintf(name, sizeof(name), "connect%d", i);
		rec(r, name, connect_to(r, fd[i], "127.0.0.1", 6096));
		prop(r, "in_range", local_port(fd[i]) == 40000 ||
		     local_port(fd[i]) == 40001);
	}
	/* Another destination may share the ports. */
	close(lfd);
	lfd = listener(r, 6097, 8);
	fd[3] = tcp(r);
	rec(r, "other_dest", connect_to(r, fd[3], "127.0.0.1", 6097));
	close(fd[2]);
	fd[2] = tcp(r);
	rec(r, "bind0", bind_to(r, fd[2], "127.0.0.1", 0));
	prop(r, "bind0_in_range", local_port(fd[2]) == 40000 ||
	     local_port(fd[2]) == 40001);
	close_all(4, fd);
	close(lfd);
}

static void connect_listener(struct run *r)
{
	int lfd = listener(r, 6100, 4), l2 = listener(r, 6101, 4);

	rec(r, "self", connect_to(r, lfd, "127.0.0.1", 6100));
	rec(r, "other", connect_to(r, lfd, "127.0.0.1", 6101));
	rec(r, "state", tcp_state(lfd));
	close(lfd);
	close(l2);
}

static void connect_unspec(struct run *r)
{
	struct sockaddr_in un = { .sin_family = AF_UNSPEC };
	int lfd = listener(r, 6110, 4), fd = tcp(r), fresh = tcp(r), srv;
	char buf[8];

	rec(r, "fresh_unspec", connect(fresh, (struct sockaddr *)&un,
				       sizeof(un)));
	rec(r, "bind", bind_to(r, fd, "127.0.0.1", 6111));
	rec(r, "connect", connect_to(r, fd, "127.0.0.1", 6110));
	srv = accept(lfd, NULL, NULL);
	rec(r, "unspec", connect(fd, (struct sockaddr *)&un, sizeof(un)));
	rec(r, "state", tcp_state(fd));
	rec_name(r, "name", fd, false, true);
	rec_name(r, "peer", fd, true, true);
	/* The disconnect is an abort: the peer is reset. */
	rec(r, "peer_poll", wait_mask(srv, POLLIN | POLLRDHUP, 2000));
	rec(r, "peer_recv", recv(srv, buf, sizeof(buf), 0));
	rec(r, "peer_recv2", recv(srv, buf, sizeof(buf), 0));
	rec(r, "send", send(fd, "x", 1, MSG_NOSIGNAL));
	rec(r, "poll", poll_mask(fd, ALL_EVENTS, 0));
	/* The socket may connect again, from the same port. */
	rec(r, "reconnect", connect_to(r, fd, "127.0.0.1", 6110));
	rec_name(r, "name2", fd, false, true);
	rec(r, "short", connect(fd, (struct sockaddr *)&un, 1));
	close(srv);
	close(fd);
	close(fresh);
	close(lfd);
}

/* --- names, options, states --------------------------------------------- */

static void names(struct run *r)
{
	int fd = tcp(r), lfd = tcp(r), srv;

	rec_name(r, "fresh_name", fd, false, true);
	rec_name(r, "fresh_peer", fd, true, true);
	bind_to(r, lfd, "127.0.0.1", 6120);
	rec_name(r, "bound_name", lfd, false, true);
	rec_name(r, "bound_peer", lfd, true, true);
	listen(lfd, 4);
	rec_name(r, "listen_name", lfd, false, true);
	rec_name(r, "listen_peer", lfd, true, true);
	connect_to(r, fd, "127.0.0.1", 6120);
	srv = accept(lfd, NULL, NULL);
	rec_name(r, "cli_name", fd, false, false);
	rec_name(r, "cli_peer", fd, true, true);
	rec_name(r, "srv_name", srv, false, true);
	rec_name(r, "srv_peer", srv, true, false);
	prop(r, "ports_match", local_port(fd) > 0 &&
	     local_port(fd) == peer_port(srv));
	/* Half-closed: still named. */
	shutdown(fd, SHUT_WR);
	poll_mask(srv, POLLRDHUP, 1000);
	rec_name(r, "closewait_peer", srv, true, false);
	rec_name(r, "finwait_peer", fd, true, true);
	/* Reset: no peer any more. */
	setsockopt(srv, SOL_SOCKET, SO_LINGER,
		   &(struct linger){ .l_onoff = 1 }, sizeof(struct linger));
	close(srv);
	poll_mask(fd, POLLIN | POLLRDHUP, 1000);
	rec_name(r, "reset_name", fd, false, false);
	rec_name(r, "reset_peer", fd, true, true);
	close(fd);
	close(lfd);
}

/* A net.ipv4 / net.xinet string sysctl, "what=[value]". */
static void rec_sysctl_str(struct run *r, const char *what, const char *name)
{
	char path[128], buf[256] = "";
	FILE *f;

	snprintf(path, sizeof(path), "/proc/sys/net/%s/%s",
		 r->family == AF_INET ? "ipv4" : "xinet", name);
	f = fopen(path, "r");
	if (f) {
		if (!fgets(buf, sizeof(buf), f))
			buf[0] = 0;
		fclose(f);
	}
	buf[strcspn(buf, "\n")] = 0;
	say(r, "%s=[%s] ", what, buf);
}

static void rec_cc(struct run *r, const char *what, int fd)
{
	char name[32] = "";
	socklen_t len = sizeof(name);

	if (getsockopt(fd, IPPROTO_TCP, TCP_CONGESTION, name, &len) < 0)
		rec(r, what, -1);
	else
		say(r, "%s=%s ", what, name);
}

static int set_cc(int fd, const char *name)
{
	return setsockopt(fd, IPPROTO_TCP, TCP_CONGESTION, name, strlen(name));
}

/*
 * Congestion control: CUBIC by default (the test kernel's
 * CONFIG_DEFAULT_TCP_CONG), the three sysctls, TCP_CONGESTION and its
 * errnos.  The available and allowed lists are global: a namespace
 * other than init_net may read them only.
 */
static void congestion_control(struct run *r)
{
	int fd = tcp(r), fd2;

	rec_sysctl_str(r, "default", "tcp_congestion_control");
	rec_sysctl_str(r, "available", "tcp_available_congestion_control");
	rec_sysctl_str(r, "allowed", "tcp_allowed_congestion_control");
	rec_sysctl_str(r, "ssai", "tcp_slow_start_after_idle");
	rec_cc(r, "new", fd);
	rec(r, "set_reno", set_cc(fd, "reno"));
	rec_cc(r, "after", fd);
	rec(r, "set_bogus", set_cc(fd, "bogus"));
	rec(r, "set_empty", setsockopt(fd, IPPROTO_TCP, TCP_CONGESTION, "", 0));
	rec(r, "default_reno", write_sysctl(r, "tcp_congestion_control", "reno"));
	fd2 = tcp(r);
	rec_cc(r, "new_after", fd2);
	rec(r, "default_bogus",
	    write_sysctl(r, "tcp_congestion_control", "bogus"));
	rec(r, "default_back", write_sysctl(r, "tcp_congestion_control", "cubic"));
	rec(r, "available_write",
	    write_sysctl(r, "tcp_available_congestion_control", "reno"));
	rec(r, "allowed_reno",
	    write_sysctl(r, "tcp_allowed_congestion_control", "reno"));
	rec_sysctl_str(r, "allowed_now", "tcp_allowed_congestion_control");
	rec(r, "allowed_bogus",
	    write_sysctl(r, "tcp_allowed_congestion_control", "reno bogus"));
	set_effective_cap(CAP_NET_ADMIN, false);
	rec(r, "nocap_cubic", set_cc(fd2, "cubic"));
	rec(r, "nocap_reno", set_cc(fd2, "reno"));
	set_effective_cap(CAP_NET_ADMIN, true);
	rec(r, "cap_cubic", set_cc(fd2, "cubic"));
	rec(r, "allowed_back",
	    write_sysctl(r, "tcp_allowed_congestion_control", "reno cubic"));
	rec_sysctl_str(r, "allowed_restored", "tcp_allowed_congestion_control");
	close(fd);
	close(fd2);
}

static void rec_sockopts(struct run *r, const char *what, int fd)
{
	int dom = getint(fd, SOL_SOCKET, SO_DOMAIN);

	say(r, "%s=%d/%d/%s/%d/%d ", what, getint(fd, SOL_SOCKET, SO_TYPE),
	    getint(fd, SOL_SOCKET, SO_PROTOCOL),
	    dom == r->family ? "fam" : "badfam",
	    getint(fd, SOL_SOCKET, SO_ACCEPTCONN),
	    getint(fd, SOL_SOCKET, SO_ERROR));
}

static void sockopts(struct run *r)
{
	int lfd = tcp(r), fd = tcp(r), srv;
	int val = 1;

	rec_sockopts(r, "fresh", lfd);
	bind_to(r, lfd, "127.0.0.1", 6130);
	rec_sockopts(r, "bound", lfd);
	listen(lfd, 4);
	rec_sockopts(r, "listening", lfd);
	connect_to(r, fd, "127.0.0.1", 6130);
	srv = accept(lfd, NULL, NULL);
	rec_sockopts(r, "client", fd);
	rec_sockopts(r, "accepted", srv);
	/* Read-only ones. */
	rec(r, "set_type", setsockopt(fd, SOL_SOCKET, SO_TYPE, &val,
				      sizeof(val)));
	rec(r, "set_acceptconn", setsockopt(lfd, SOL_SOCKET, SO_ACCEPTCONN,
					    &val, sizeof(val)));
	rec(r, "set_error", setsockopt(fd, SOL_SOCKET, SO_ERROR, &val,
				       sizeof(val)));
	close(srv);
	close(fd);
	close(lfd);
}

/* TCP_INFO's tcpi_state through the life of a connection. */
static void info_states(struct run *r)
{
	int lfd = tcp(r), fd = tcp(r), srv;
	char c;

	rec(r, "fresh", tcp_state(fd));
	bind_to(r, lfd, "127.0.0.1", 6140);
	rec(r, "bound", tcp_state(lfd));
	listen(lfd, 4);
	rec(r, "listen", tcp_state(lfd));
	connect_to(r, fd, "127.0.0.1", 6140);
	srv = accept(lfd, NULL, NULL);
	rec(r, "cli", tcp_state(fd));
	rec(r, "srv", tcp_state(srv));
	/* The client closes its half first. */
	shutdown(fd, SHUT_WR);
	rec(r, "finwait2", wait_state(fd, TCP_FIN_WAIT2, 1000));
	rec(r, "closewait", wait_state(srv, TCP_CLOSE_WAIT, 1000));
	rec(r, "srv_eof", recv(srv, &c, 1, 0));
	shutdown(srv, SHUT_WR);
	/* The client's end went to TIME_WAIT: the socket shows CLOSE. */
	rec(r, "cli_end", wait_state(fd, TCP_CLOSE, 1000));
	rec(r, "srv_end", wait_state(srv, TCP_CLOSE, 1000));
	rec(r, "cli_eof", recv(fd, &c, 1, 0));
	close(srv);
	close(fd);
	close(lfd);
}

/* Simultaneous orderly close: both ends shut down before either FIN. */
static void info_closing(struct run *r)
{
	int cli, srv;

	if (make_pair(r, 6141, &cli, &srv))
		goto out;
	rec(r, "shut_cli", shutdown(cli, SHUT_WR));
	rec(r, "shut_srv", shutdown(srv, SHUT_WR));
	rec(r, "cli", wait_state(cli, TCP_CLOSE, 1000));
	rec(r, "srv", wait_state(srv, TCP_CLOSE, 1000));
	rec(r, "poll_cli", poll_mask(cli, ALL_EVENTS, 0));
out:
	close(cli);
	close(srv);
}

/* --- backlog ------------------------------------------------------------ */

#define BACKLOG_CLIENTS	6

/*
 * listen(fd, N) then BACKLOG_CLIENTS connects, nothing accepted.  Linux
 * completes N + 1 handshakes (the queue is full once it holds more than
 * N) and drops later SYNs, so those clients stay in SYN_SENT until
 * their SYN is resent.  Over loopback the handshake of each connect is
 * done before connect returns to user space (the SYN and SYN-ACK are
 * processed on the sending CPU), so the counts are exact, not timing
 * dependent: no tolerance.
 */
static void backlog_n(struct run *r, int n)
{
	int lfd = listener(r, 6150, n), c[BACKLOG_CLIENTS], acc[16];
	int i, est = 0, syn = 0, got = 0, later;
	struct timespec t0;
	struct tcp_info ti;

	for (i = 0; i < BACKLOG_CLIENTS; i++) {
		c[i] = tcp(r);
		fcntl(c[i], F_SETFL, O_NONBLOCK);
		connect_to(r, c[i], "127.0.0.1", 6150);
	}
	/* Well before the SYNs are resent (1 s). */
	usleep(300 * 1000);
	for (i = 0; i < BACKLOG_CLIENTS; i++) {
		est += tcp_state(c[i]) == TCP_ESTABLISHED;
		syn += tcp_state(c[i]) == TCP_SYN_SENT;
	}
	tcp_info_of(lfd, &ti);
	say(r, "established=%d syn_sent=%d queued=%u ", est, syn,
	    ti.tcpi_unacked);
	fcntl(lfd, F_SETFL, O_NONBLOCK);
	while (got < 16 && (acc[got] = accept(lfd, NULL, NULL)) >= 0)
		got++;
	rec(r, "accepted", got);
	rec(r, "then", accept(lfd, NULL, NULL));
	/*
	 * Room again: a resent SYN (1 s RTO) completes one more client.
	 * How many more is timing: the resent SYNs of one jiffy are all
	 * answered before the first ACK fills the queue again.
	 */
	clock_gettime(CLOCK_MONOTONIC, &t0);
	do {
		usleep(50 * 1000);
		for (later = 0, i = 0; i < BACKLOG_CLIENTS; i++)
			later += tcp_state(c[i]) == TCP_ESTABLISHED;
	} while (later == est && ms_since(&t0) < 3000 && !past_deadline());
	prop(r, "one_more", later > est);
	close_all(got, acc);
	close_all(BACKLOG_CLIENTS, c);
	close(lfd);
}

static void backlog_0(struct run *r)
{
	backlog_n(r, 0);
}

static void backlog_2(struct run *r)
{
	backlog_n(r, 2);
}

/* --- poll --------------------------------------------------------------- */

static void poll_states(struct run *r)
{
	int fd = tcp(r), lfd = tcp(r), srv, cli2, srv2;
	char buf[8];

	rec(r, "fresh", poll_mask(fd, ALL_EVENTS, 0));
	bind_to(r, lfd, "127.0.0.1", 6160);
	rec(r, "bound", poll_mask(lfd, ALL_EVENTS, 0));
	listen(lfd, 4);
	rec(r, "listening", poll_mask(lfd, ALL_EVENTS, 0));
	connect_to(r, fd, "127.0.0.1", 6160);
	rec(r, "pending", poll_mask(lfd, ALL_EVENTS, 1000));
	srv = accept(lfd, NULL, NULL);
	rec(r, "accepted", poll_mask(lfd, ALL_EVENTS, 0));
	rec(r, "established", poll_mask(fd, ALL_EVENTS, 0));
	rec(r, "established_srv", poll_mask(srv, ALL_EVENTS, 0));
	send(srv, "x", 1, 0);
	rec(r, "readable", wait_mask(fd, POLLIN, 1000));
	recv(fd, buf, sizeof(buf), 0);
	shutdown(srv, SHUT_WR);
	rec(r, "peer_shut_wr", wait_mask(fd, POLLRDHUP, 1000));
	rec(r, "local_shut_wr", poll_mask(srv, ALL_EVENTS, 0));
	shutdown(fd, SHUT_WR);
	wait_state(fd, TCP_CLOSE, 1000);
	rec(r, "closed", poll_mask(fd, ALL_EVENTS, 0));
	rec(r, "closed_srv", poll_mask(srv, ALL_EVENTS, 0));
	close(fd);
	close(srv);
	/* A reset connection. */
	cli2 = tcp(r);
	connect_to(r, cli2, "127.0.0.1", 6160);
	srv2 = accept(lfd, NULL, NULL);
	setsockopt(srv2, SOL_SOCKET, SO_LINGER,
		   &(struct linger){ .l_onoff = 1 }, sizeof(struct linger));
	close(srv2);
	rec(r, "reset", wait_mask(cli2, POLLIN | POLLRDHUP, 1000));
	rec(r, "reset_so_error", getint(cli2, SOL_SOCKET, SO_ERROR));
	rec(r, "reset_after", poll_mask(cli2, ALL_EVENTS, 0));
	close(cli2);
	close(lfd);
}

/* Readable, writable, neither, with only POLLIN or only POLLOUT asked. */
static void poll_connecting(struct run *r)
{
	int lfd = listener(r, 6161, 0), first = tcp(r), fd = tcp(r), a;

	connect_to(r, first, "127.0.0.1", 6161);
	fcntl(fd, F_SETFL, O_NONBLOCK);
	connect_to(r, fd, "127.0.0.1", 6161);
	rec(r, "syn_sent", poll_mask(fd, ALL_EVENTS, 100));
	rec(r, "listener_full", poll_mask(lfd, ALL_EVENTS, 0));
	rec(r, "listener_pollout", poll_mask(lfd, POLLOUT, 0));
	a = accept(lfd, NULL, NULL);
	close(a);
	close(fd);
	close(first);
	close(lfd);
}

/* --- shutdown ----------------------------------------------------------- */

static void shutdown_unconnected(struct run *r)
{
	int fd = tcp(r), lfd = listener(r, 6170, 4);

	rec(r, "rd", shutdown(fd, SHUT_RD));
	rec(r, "wr", shutdown(fd, SHUT_WR));
	rec(r, "rdwr", shutdown(fd, SHUT_RDWR));
	rec(r, "bad", shutdown(fd, 7));
	bind_to(r, fd, "127.0.0.1", 6171);
	rec(r, "bound_rdwr", shutdown(fd, SHUT_RDWR));
	rec(r, "listener_wr", shutdown(lfd, SHUT_WR));
	rec(r, "still_listening", tcp_state(lfd));
	/* SHUT_RD stops a listener. */
	rec(r, "listener_rd", shutdown(lfd, SHUT_RD));
	rec(r, "stopped", tcp_state(lfd));
	rec(r, "accept", accept(lfd, NULL, NULL));
	rec(r, "connect", connect_to(r, fd, "127.0.0.1", 6170));
	rec(r, "listen_again", listen(lfd, 4));
	close(fd);
	close(lfd);
}

static void shutdown_wr(struct run *r)
{
	char buf[16];
	int cli, srv;

	if (make_pair(r, 6180, &cli, &srv))
		goto out;
	rec(r, "shut", shutdown(cli, SHUT_WR));
	rec(r, "send", send(cli, "x", 1, MSG_NOSIGNAL));
	rec(r, "peer_recv", recv(srv, buf, sizeof(buf), 0));
	rec(r, "peer_recv2", recv(srv, buf, sizeof(buf), MSG_DONTWAIT));
	/* The other direction still flows. */
	rec(r, "peer_send", send(srv, "hello", 5, 0));
	rec(r, "recv", recv(cli, buf, sizeof(buf), 0));
	rec(r, "again", shutdown(cli, SHUT_WR));
	rec(r, "state", tcp_state(cli));
	rec(r, "peer_state", tcp_state(srv));
out:
	close(cli);
	close(srv);
}

static void shutdown_rd(struct run *r)
{
	char buf[16];
	int cli, srv;

	if (make_pair(r, 6190, &cli, &srv))
		goto out;
	send(srv, "ab", 2, 0);
	wait_inq(cli, 2, 1000);
	rec(r, "shut", shutdown(cli, SHUT_RD));
	/* Queued data can still be read, then end of file at once. */
	rec(r, "recv_queued", recv(cli, buf, sizeof(buf), 0));
	rec(r, "recv_eof", recv(cli, buf, sizeof(buf), 0));
	rec(r, "poll", poll_mask(cli, ALL_EVENTS, 0));
	rec(r, "send", send(cli, "xyz", 3, MSG_NOSIGNAL));
	rec(r, "peer_recv", recv(srv, buf, sizeof(buf), 0));
	rec(r, "peer_poll", poll_mask(srv, ALL_EVENTS, 0));
	rec(r, "state", tcp_state(cli));
out:
	close(cli);
	close(srv);
}

static void shutdown_rdwr(struct run *r)
{
	char buf[16];
	int cli, srv;

	if (make_pair(r, 6200, &cli, &srv))
		goto out;
	rec(r, "shut", shutdown(cli, SHUT_RDWR));
	rec(r, "recv", recv(cli, buf, sizeof(buf), 0));
	rec(r, "send", send(cli, "x", 1, MSG_NOSIGNAL));
	rec(r, "peer_recv", recv(srv, buf, sizeof(buf), 0));
	rec(r, "poll", poll_mask(cli, ALL_EVENTS, 0));
	rec(r, "peer_poll", poll_mask(srv, ALL_EVENTS, 0));
	rec(r, "again", shutdown(cli, SHUT_RDWR));
	rec(r, "names", getpeername(cli, (struct sockaddr *)buf,
				    &(socklen_t){ sizeof(buf) }));
out:
	close(cli);
	close(srv);
}

/* --- linger and resets -------------------------------------------------- */

static void linger_zero(struct run *r)
{
	struct linger lg = { .l_onoff = 1, .l_linger = 0 }, got;
	socklen_t len = sizeof(got);
	char buf[8];
	int cli, srv, fd, port;

	if (make_pair(r, 6210, &cli, &srv))
		goto out;
	rec(r, "set", setsockopt(cli, SOL_SOCKET, SO_LINGER, &lg,
				 sizeof(lg)));
	rec(r, "get", getsockopt(cli, SOL_SOCKET, SO_LINGER, &got, &len));
	say(r, "linger=%d,%d/%u ", got.l_onoff, got.l_linger, len);
	port = local_port(cli);
	send(cli, "abc", 3, 0);
	rec(r, "close", close(cli));
	cli = -1;
	rec(r, "peer_poll", wait_mask(srv, POLLIN | POLLRDHUP, 1000));
	/* Data that came before the RST is dropped with the connection. */
	rec(r, "peer_recv", recv(srv, buf, sizeof(buf), 0));
	rec(r, "peer_recv2", recv(srv, buf, sizeof(buf), 0));
	rec(r, "peer_send", send(srv, "x", 1, MSG_NOSIGNAL));
	rec(r, "peer_state", tcp_state(srv));
	/* An abort leaves no TIME_WAIT: the port is free at once. */
	fd = tcp(r);
	rec(r, "rebind", bind_to(r, fd, "127.0.0.1", port));
	close(fd);
out:
	close(cli);
	close(srv);
}

/* Linger with a timeout, data acked: close returns soon, data arrives. */
static void linger_acked(struct run *r)
{
	struct linger lg = { .l_onoff = 1, .l_linger = 3 };
	static char buf[32768];
	struct timespec t0;
	int cli, srv, n = 0, total = 0;

	if (make_pair(r, 6220, &cli, &srv))
		goto out;
	setsockopt(cli, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg));
	memset(buf, 'a', sizeof(buf));
	rec(r, "send", send(cli, buf, 10000, 0));
	clock_gettime(CLOCK_MONOTONIC, &t0);
	rec(r, "close", close(cli));
	cli = -1;
	prop(r, "quick", ms_since(&t0) < 1000);
	while (!past_deadline() &&
	       (n = recv(srv, buf, sizeof(buf), 0)) > 0)
		total += n;
	rec(r, "eof", n);
	rec(r, "total", total);
out:
	close(cli);
	close(srv);
}

/*
 * Linger with a timeout while the peer's window is closed: close blocks
 * for the linger time, then returns 0 and the orphan still delivers.
 */
static void linger_blocks(struct run *r)
{
	struct linger lg = { .l_onoff = 1, .l_linger = 1 };
	static char buf[65536];
	struct timespec t0;
	int cli, srv, n = 0, sent = 0, total = 0;
	long ms;

	if (make_pair(r, 6230, &cli, &srv))
		goto out;
	fcntl(cli, F_SETFL, O_NONBLOCK);
	while (!past_deadline() &&
	       (n = send(cli, buf, sizeof(buf), 0)) > 0)
		sent += n;
	rec(r, "full", n);
	sent += fill_until_stuck(cli);
	setsockopt(cli, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg));
	fcntl(cli, F_SETFL, 0);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	rec(r, "close", close(cli));
	cli = -1;
	ms = ms_since(&t0);
	prop(r, "blocked", ms >= 800 && ms < 3000);
	while (!past_deadline() &&
	       (n = recv(srv, buf, sizeof(buf), 0)) > 0)
		total += n;
	rec(r, "eof", n);
	prop(r, "all", total == sent);
out:
	close(cli);
	close(srv);
}

/* Closing with unread data resets the connection. */
static void close_unread(struct run *r)
{
	char buf[8];
	int cli, srv;

	if (make_pair(r, 6240, &cli, &srv))
		goto out;
	send(cli, "hello", 5, 0);
	wait_inq(srv, 5, 1000);
	rec(r, "close", close(srv));
	srv = -1;
	rec(r, "poll", wait_mask(cli, POLLIN | POLLRDHUP, 1000));
	rec(r, "recv", recv(cli, buf, sizeof(buf), 0));
	rec(r, "recv2", recv(cli, buf, sizeof(buf), 0));
	rec(r, "send", send(cli, "x", 1, MSG_NOSIGNAL));
	rec(r, "state", tcp_state(cli));
out:
	close(cli);
	close(srv);
}

/* Closing with everything read is an orderly close: end of file. */
static void close_read(struct run *r)
{
	char buf[8];
	int cli, srv;

	if (make_pair(r, 6250, &cli, &srv))
		goto out;
	send(cli, "hello", 5, 0);
	rec(r, "read", recv(srv, buf, sizeof(buf), 0));
	rec(r, "close", close(srv));
	srv = -1;
	rec(r, "poll", wait_mask(cli, POLLIN | POLLRDHUP, 1000));
	rec(r, "recv", recv(cli, buf, sizeof(buf), 0));
	/* Data to a closed socket is answered by a reset. */
	rec(r, "send", send(cli, "x", 1, MSG_NOSIGNAL));
	rec(r, "poll2", wait_mask(cli, POLLERR, 1000));
	rec(r, "send2", send(cli, "x", 1, MSG_NOSIGNAL));
	rec(r, "send3", send(cli, "x", 1, MSG_NOSIGNAL));
	rec(r, "recv2", recv(cli, buf, sizeof(buf), 0));
	rec(r, "state", tcp_state(cli));
out:
	close(cli);
	close(srv);
}

/* --- counters and /proc ------------------------------------------------- */

static const char * const tcp_mibs[] = {
	"ActiveOpens", "PassiveOpens", "AttemptFails", "EstabResets",
	"CurrEstab", "OutRsts",
};

#define N_MIBS	ARRAY_SIZE(tcp_mibs)

static void snap_mibs(struct run *r, long *v)
{
	size_t i;

	for (i = 0; i < N_MIBS; i++)
		v[i] = mib(r, "snmp", "Tcp:", tcp_mibs[i]);
}

static void rec_mib_deltas(struct run *r, const char *what, const long *v0)
{
	long v[N_MIBS];
	size_t i;

	snap_mibs(r, v);
	say(r, "%s:", what);
	for (i = 0; i < N_MIBS; i++)
		say(r, "%s%s=%ld", i ? "," : "", tcp_mibs[i],
		    v0[i] < 0 || v[i] < 0 ? -1 : v[i] - v0[i]);
	say(r, " ");
}

/* The Tcp counters after an open, a refused open, a reset, a close. */
static void counters(struct run *r)
{
	int lfd = listener(r, 6300, 4), cli, srv, c2, s2, fd;
	long v0[N_MIBS];
	char c;

	snap_mibs(r, v0);
	cli = tcp(r);
	rec(r, "connect", connect_to(r, cli, "127.0.0.1", 6300));
	srv = accept(lfd, NULL, NULL);
	rec_mib_deltas(r, "open", v0);
	fd = tcp(r);
	rec(r, "refused", connect_to(r, fd, "127.0.0.1", 6301));
	close(fd);
	rec_mib_deltas(r, "refused", v0);
	c2 = tcp(r);
	connect_to(r, c2, "127.0.0.1", 6300);
	s2 = accept(lfd, NULL, NULL);
	setsockopt(s2, SOL_SOCKET, SO_LINGER,
		   &(struct linger){ .l_onoff = 1 }, sizeof(struct linger));
	close(s2);
	rec(r, "reset", wait_mask(c2, POLLIN | POLLRDHUP, 1000));
	rec_mib_deltas(r, "reset", v0);
	close(c2);
	/* Orderly close of the first connection. */
	shutdown(cli, SHUT_WR);
	recv(srv, &c, 1, 0);
	close(srv);
	recv(cli, &c, 1, 0);
	close(cli);
	rec_mib_deltas(r, "closed", v0);
	close(lfd);
}

/* ListenOverflows and ListenDrops when the accept queue is full. */
static void listen_overflows(struct run *r)
{
	int lfd = listener(r, 6310, 0), c[4], i, a;
	long o0 = mib(r, "netstat", "TcpExt:", "ListenOverflows");
	long d0 = mib(r, "netstat", "TcpExt:", "ListenDrops");

	for (i = 0; i < 4; i++) {
		c[i] = tcp(r);
		fcntl(c[i], F_SETFL, O_NONBLOCK);
		connect_to(r, c[i], "127.0.0.1", 6310);
	}
	/* Well before the SYNs are resent (1 s). */
	usleep(300 * 1000);
	say(r, "counters=%d ", o0 >= 0 && d0 >= 0);
	say(r, "overflows=%ld drops=%ld ",
	    mib(r, "netstat", "TcpExt:", "ListenOverflows") - o0,
	    mib(r, "netstat", "TcpExt:", "ListenDrops") - d0);
	a = accept(lfd, NULL, NULL);
	close(a);
	close_all(4, c);
	close(lfd);
}

static int cmp_lines(const void *a, const void *b)
{
	return strcmp(a, b);
}

#define PROC_LINES	8

/*
 * Lines of /proc/net{,/xinet}/tcp from the local address to the timeout
 * column (the inode and pointer differ by nature), sorted: the order of
 * the established hash depends on a per-boot secret.
 */
static void proc_tcp(struct run *r)
{
	const char *path = r->family == AF_INET ? "/proc/net/tcp" :
						 "/proc/net/xinet/tcp";
	int lfd = listener(r, 6320, 7), cli = tcp(r), n = 0, i;
	char line[512], head[512] = "", got[PROC_LINES][96];
	FILE *f;

	bind_to(r, cli, "127.0.0.1", 6321);
	rec(r, "connect", connect_to(r, cli, "127.0.0.1", 6320));
	/* The child waits unaccepted: the listener's rx_queue counts it. */
	wait_outq_empty(cli, 1000);
	f = fopen(path, "r");
	if (!f) {
		rec(r, "open", -1);
		goto out;
	}
	if (fgets(head, sizeof(head), f))
		say(r, "head=[%s] ", strtok(head, "\n") ?: "");
	while (n < PROC_LINES && fgets(line, sizeof(line), f)) {
		char *colon = strchr(line, ':');

		if (!colon || strlen(colon) < 86)
			continue;
		colon[86] = 0;
		snprintf(got[n++], sizeof(got[0]), "%s", colon + 2);
	}
	fclose(f);
	qsort(got, n, sizeof(got[0]), cmp_lines);
	for (i = 0; i < n; i++)
		say(r, "line=[%s] ", got[i]);
out:
	close(cli);
	close(lfd);
}

#define PROC_LONG	120
#define PROC_LONG_PORT	8600

/*
 * A listing longer than a page comes in several reads, each of which
 * resumes where the last stopped (tcp_seek_last_pos()): every listener
 * once, and the line numbers ("sl") without a gap or a repeat.  Small
 * reads make the seq_file start again many times.
 */
static void proc_tcp_long(struct run *r)
{
	const char *path = r->family == AF_INET ? "/proc/net/tcp" :
						 "/proc/net/xinet/tcp";
	int fds[PROC_LONG], seen[PROC_LONG] = { 0 };
	int i, n = 0, fd, dup = 0, gap = 0, next_sl = 0, listening = 0;
	static char text[1 << 20];
	char *line, *save;
	ssize_t got;

	for (i = 0; i < PROC_LONG; i++) {
		fds[i] = listener(r, PROC_LONG_PORT + i, 1);
		if (fds[i] >= 0)
			listening++;
	}
	rec(r, "listeners", listening);
	fd = open(path, O_RDONLY);
	while (fd >= 0 && n < (int)sizeof(text) - 200 &&
	       (got = read(fd, text + n, 200)) > 0)
		n += got;
	if (fd >= 0)
		close(fd);
	text[n] = 0;
	line = strtok_r(text, "\n", &save);	/* the header */
	while (line && (line = strtok_r(NULL, "\n", &save))) {
		unsigned int sl, addr, port, raddr, rport, st;

		if (sscanf(line, "%u: %x:%x %x:%x %x", &sl, &addr, &port,
			   &raddr, &rport, &st) != 6)
			continue;
		if (sl != (unsigned int)next_sl)
			gap++;
		next_sl = sl + 1;
		if (st != 0x0A || addr != 0x0100007F || port < PROC_LONG_PORT ||
		    port >= PROC_LONG_PORT + PROC_LONG)
			continue;
		if (seen[port - PROC_LONG_PORT]++)
			dup++;
	}
	for (i = 0, n = 0; i < PROC_LONG; i++)
		n += seen[i] > 0;
	rec(r, "listed", n);
	rec(r, "repeated", dup);
	rec(r, "sl_gaps", gap);
	for (i = 0; i < PROC_LONG; i++)
		if (fds[i] >= 0)
			close(fds[i]);
}

/* --- broadcast destinations ------------------------------------------ */

/* TCP does not connect to broadcast addresses, 127.255.255.255 included. */
static void connect_broadcast(struct run *r)
{
	int fd = tcp(r), fd2 = tcp(r), fd3 = tcp(r);

	rec(r, "subnet", connect_to(r, fd, "127.255.255.255", 6330));
	rec(r, "state", tcp_state(fd));
	rec(r, "limited", connect_to(r, fd2, "255.255.255.255", 6330));
	rec(r, "bind", bind_to(r, fd3, "127.0.0.1", 0));
	rec(r, "limited_bound", connect_to(r, fd3, "255.255.255.255", 6330));
	close(fd);
	close(fd2);
	close(fd3);
}

/* --- SO_TIMESTAMPING ---------------------------------------------------- */

#ifndef SOF_TIMESTAMPING_OPT_ID_TCP
#define SOF_TIMESTAMPING_OPT_ID_TCP	(1 << 16)
#endif

#define TS_ID	(SOF_TIMESTAMPING_TX_SOFTWARE | SOF_TIMESTAMPING_SOFTWARE | \
		 SOF_TIMESTAMPING_OPT_ID)

static int set_ts(int fd, int flags, bool as_struct)
{
	struct so_timestamping ts = { .flags = flags };

	if (as_struct)
		return setsockopt(fd, SOL_SOCKET, SO_TIMESTAMPING, &ts,
				  sizeof(ts));
	return setint(fd, SOL_SOCKET, SO_TIMESTAMPING, flags);
}

/* Timestamp keys (OPT_ID) need a connection on a TCP socket. */
static void timestamping_id(struct run *r)
{
	struct sockaddr_in un = { .sin_family = AF_UNSPEC };
	int fd = tcp(r), lfd = listener(r, 6331, 4), cli, srv;
	short shorty = 0;

	rec(r, "fresh_plain", set_ts(fd, SOF_TIMESTAMPING_SOFTWARE, false));
	rec(r, "fresh_id", set_ts(fd, TS_ID, false));
	rec(r, "fresh_id_struct", set_ts(fd, TS_ID, true));
	rec(r, "fresh_get", getint(fd, SOL_SOCKET, SO_TIMESTAMPING));
	rec(r, "id_tcp_alone", set_ts(fd, SOF_TIMESTAMPING_OPT_ID_TCP, false));
	rec(r, "short", setsockopt(fd, SOL_SOCKET, SO_TIMESTAMPING, &shorty,
				   sizeof(shorty)));
	rec(r, "listener_id", set_ts(lfd, TS_ID, false));
	if (!make_pair(r, 6332, &cli, &srv)) {
		rec(r, "connected_id", set_ts(cli, TS_ID, false));
		rec(r, "connected_get", getint(cli, SOL_SOCKET,
					       SO_TIMESTAMPING));
		rec(r, "accepted_id_struct", set_ts(srv, TS_ID, true));
		rec(r, "unspec", connect(cli, (struct sockaddr *)&un,
					 sizeof(un)));
		/* Keys started already: nothing to check. */
		rec(r, "closed_again", set_ts(cli, TS_ID, false));
		rec(r, "closed_off", set_ts(cli, 0, false));
		rec(r, "closed_on", set_ts(cli, TS_ID, false));
	}
	close(cli);
	close(srv);
	close(fd);
	close(lfd);
}

/* --- sleeping across a disconnect, MSG_PEEK races ----------------------- */

/* A thread blocked in recv() on @fd; what it got once it returned. */
struct sleeper {
	int fd;
	int flags;
	pid_t tid;
	long ret;
	int err;
	char buf[16];
};

static void *sleeper_run(void *arg)
{
	struct sleeper *s = arg;

	__atomic_store_n(&s->tid, gettid(), __ATOMIC_RELEASE);
	s->ret = recv(s->fd, s->buf, sizeof(s->buf) - 6, s->flags);
	s->err = errno;
	return NULL;
}

/* Thread @tid's state letter in /proc, or 0. */
static char task_state(pid_t tid)
{
	char path[64], line[256], *p;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/self/task/%d/stat", tid);
	f = fopen(path, "r");
	if (!f)
		return 0;
	p = fgets(line, sizeof(line), f) ? strrchr(line, ')') : NULL;
	fclose(f);
	return p && p[1] == ' ' ? p[2] : 0;
}

/*
 * Start @s's call with a 3 s timeout (it ends even on a broken stack)
 * and wait until it sleeps: 1 when it does, 0 if it never did.
 */
static int start_sleeper(pthread_t *th, struct sleeper *s)
{
	struct timeval tv = { .tv_sec = 3 };
	struct timespec t0;
	pid_t tid = 0;

	setsockopt(s->fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	if (pthread_create(th, NULL, sleeper_run, s))
		return 0;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	while (ms_since(&t0) < 2000 && !past_deadline()) {
		tid = __atomic_load_n(&s->tid, __ATOMIC_ACQUIRE);
		if (tid && task_state(tid) == 'S')
			break;
		usleep(2000);
	}
	/* 'S' may be on the way in; the wait itself comes right after. */
	usleep(50 * 1000);
	return tid && task_state(tid) == 'S';
}

static void rec_sleeper(struct run *r, const char *what, struct sleeper *s)
{
	errno = s->err;
	rec(r, what, s->ret);
}

/*
 * A recv() asleep on a connection that another thread disconnects
 * (connect(AF_UNSPEC)) and connects again fails with EPIPE: it must not
 * read the new connection's data.
 */
static void disconnect_sleeping_recv(struct run *r)
{
	struct sockaddr_in un = { .sin_family = AF_UNSPEC };
	int lfd2 = listener(r, 6334, 4), cli, srv, srv2 = -1;
	struct sleeper s = {};
	pthread_t th;
	char buf[16];

	if (make_pair(r, 6333, &cli, &srv))
		goto out;
	s.fd = cli;
	prop(r, "asleep", start_sleeper(&th, &s));
	rec(r, "unspec", connect(cli, (struct sockaddr *)&un, sizeof(un)));
	rec(r, "reconnect", connect_to(r, cli, "127.0.0.1", 6334));
	srv2 = accept(lfd2, NULL, NULL);
	rec(r, "send_new", send(srv2, "new", 3, 0));
	pthread_join(th, NULL);
	rec_sleeper(r, "sleeper", &s);
	rec(r, "inq", wait_inq(cli, 3, 2000));
	rec(r, "recv", recv(cli, buf, sizeof(buf), MSG_DONTWAIT));
	rec(r, "recv2", recv(cli, buf, sizeof(buf), MSG_DONTWAIT));
	rec(r, "recv3", recv(cli, buf, sizeof(buf), MSG_DONTWAIT));
out:
	close(cli);
	close(srv);
	close(srv2);
	close(lfd2);
}

/*
 * MSG_PEEK | MSG_WAITALL asleep with part of what it wants while
 * another thread reads: once woken it peeks again from the new read
 * position (the bytes it returned already stay in its buffer).
 */
static void peek_race(struct run *r)
{
	struct sleeper s = { .flags = MSG_PEEK | MSG_WAITALL };
	int cli, srv;
	pthread_t th;
	char buf[16] = "";

	if (make_pair(r, 6337, &cli, &srv))
		goto out;
	rec(r, "send", send(srv, "abcde", 5, 0));
	rec(r, "inq", wait_inq(cli, 5, 2000));
	s.fd = cli;
	prop(r, "asleep", start_sleeper(&th, &s));
	rec(r, "read", recv(cli, buf, 3, 0));
	rec(r, "send2", send(srv, "fghij", 5, 0));
	pthread_join(th, NULL);
	rec_sleeper(r, "peek", &s);
	say(r, "peeked=%s ", s.buf);
	memset(buf, 0, sizeof(buf));
	rec(r, "rest", recv(cli, buf, sizeof(buf) - 1, MSG_DONTWAIT));
	say(r, "rest_data=%s ", buf);
out:
	close(cli);
	close(srv);
}

/*
 * SO_PEEK_OFF: each peek goes on where the last one ended, a read moves
 * the offset back by what it took; off (-1) peeks from the start.
 */
static void peek_off(struct run *r)
{
	int cli, srv, off = 0;

	if (make_pair(r, 6338, &cli, &srv))
		goto out;
	rec_peek_off(r, "default", cli);
	rec(r, "set", setsockopt(cli, SOL_SOCKET, SO_PEEK_OFF, &off, sizeof(off)));
	rec(r, "send", send(srv, "abcdefgh", 8, 0));
	rec(r, "inq", wait_inq(cli, 8, 2000));
	rec_read(r, "peek1", cli, 3, MSG_PEEK);
	rec_read(r, "peek2", cli, 3, MSG_PEEK);
	rec_peek_off(r, "off", cli);
	rec_read(r, "read", cli, 4, 0);
	rec_peek_off(r, "off2", cli);
	rec_read(r, "peek3", cli, 16, MSG_PEEK);
	rec_read(r, "peek4", cli, 16, MSG_PEEK);
	off = -1;
	rec(r, "unset", setsockopt(cli, SOL_SOCKET, SO_PEEK_OFF, &off, sizeof(off)));
	rec_read(r, "peek5", cli, 16, MSG_PEEK);
	rec_read(r, "read2", cli, 16, 0);
out:
	close(cli);
	close(srv);
}

/* --- timestamps (RFC 7323) ----------------------------------------------- */

/* A TCP segment of a capture, its fields in host order. */
struct seg {
	unsigned int sport, dport, seq, ack, flags, win;
	unsigned int tsval, tsecr;
	bool ts;
	char opts[64];		/* "kind/len,..." ("1" for NOP, "0" for EOL) */
	unsigned int len;	/* payload */
	unsigned int nsack;	/* SACK blocks, in the option's order */
	unsigned int sack[4][2];
};

/* Decode the segment at @b (@n bytes from the IP header); false if none. */
static bool seg_parse(const unsigned char *b, long n, struct seg *g)
{
	unsigned int ihl, doff, i, k, l;
	const unsigned char *t;
	size_t o = 0;

	if (n < 40 || b[0] >> 4 != 4 || b[9] != IPPROTO_TCP)
		return false;
	ihl = (b[0] & 15) * 4;
	t = b + ihl;
	doff = (t[12] >> 4) * 4;
	if ((long)(ihl + doff) > n || doff < 20)
		return false;
	memset(g, 0, sizeof(*g));
	g->sport = t[0] << 8 | t[1];
	g->dport = t[2] << 8 | t[3];
	g->seq = (unsigned int)t[4] << 24 | t[5] << 16 | t[6] << 8 | t[7];
	g->ack = (unsigned int)t[8] << 24 | t[9] << 16 | t[10] << 8 | t[11];
	g->flags = t[13];
	g->win = t[14] << 8 | t[15];
	g->len = (b[2] << 8 | b[3]) - ihl - doff;
	for (i = 20; i < doff; i += l) {
		k = t[i];
		l = 1;
		if (k > 1) {
			if (i + 1 >= doff || t[i + 1] < 2)
				break;
			l = t[i + 1];
		}
		if (k == 8 && l == 10 && i + 10 <= doff) {
			g->ts = true;
			g->tsval = (unsigned int)t[i + 2] << 24 | t[i + 3] << 16 |
				   t[i + 4] << 8 | t[i + 5];
			g->tsecr = (unsigned int)t[i + 6] << 24 | t[i + 7] << 16 |
				   t[i + 8] << 8 | t[i + 9];
		}
		if (k == 5 && l >= 10 && (l - 2) % 8 == 0 && i + l <= doff) {
			unsigned int j;

			for (j = 0; j < (l - 2) / 8 && j < 4; j++) {
				const unsigned char *e = t + i + 2 + 8 * j;

				g->sack[j][0] = (unsigned int)e[0] << 24 |
						e[1] << 16 | e[2] << 8 | e[3];
				g->sack[j][1] = (unsigned int)e[4] << 24 |
						e[5] << 16 | e[6] << 8 | e[7];
			}
			g->nsack = j;
		}
		o += snprintf(g->opts + o, sizeof(g->opts) - o, "%s%u",
			      o ? "," : "", k);
		if (k > 1)
			o += snprintf(g->opts + o, sizeof(g->opts) - o, "/%u",
				      l);
		if (!k || o >= sizeof(g->opts))
			break;
	}
	return true;
}

/* seg_next()'s @flags for "any segment with a payload". */
#define SEG_DATA	0x100

/*
 * The next segment of @c from port @sport to @dport whose flags are
 * @flags exactly (or that carries data: SEG_DATA), within @ms; lo shows
 * each segment twice (leaving and arriving), the first one is taken.
 */
static bool seg_next(struct capture *c, int sport, int dport,
		     unsigned int flags, struct seg *g, int ms)
{
	unsigned char b[2048];
	struct timespec t0;
	long n;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	while (ms_since(&t0) < ms && !past_deadline()) {
		n = recv(c->fd, b, sizeof(b), 0);
		if (n < 0) {
			usleep(1000);
			continue;
		}
		if (seg_parse(b, n, g) && (int)g->sport == sport &&
		    (int)g->dport == dport &&
		    (flags == SEG_DATA ? g->len > 0 : g->flags == flags))
			return true;
	}
	return false;
}

/* The TSval clock without an offset: CLOCK_MONOTONIC in ms, as Linux's. */
static unsigned int ts_clock(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (unsigned int)(t.tv_sec * 1000 + t.tv_nsec / 1000000);
}

static void rec_tcpi_options(struct run *r, const char *what, int fd)
{
	struct tcp_info ti = {};
	socklen_t len = sizeof(ti);

	if (getsockopt(fd, IPPROTO_TCP, TCP_INFO, &ti, &len)) {
		rec(r, what, -1);
		return;
	}
	say(r, "%s=%s%s%s ", what,
	    ti.tcpi_options & TCPI_OPT_TIMESTAMPS ? "ts," : "",
	    ti.tcpi_options & TCPI_OPT_SACK ? "sack," : "",
	    ti.tcpi_options & TCPI_OPT_WSCALE ? "wscale" : "");
}

/*
 * The handshake under tcp_timestamps @mode: the options of the SYN, the
 * SYN-ACK and the third ACK, kind by kind with their lengths and order;
 * that TSecr echoes the other side's TSval; that TSval is the bare
 * clock with mode 2 and offset from it with mode 1; TCP_INFO's options
 * and TCP_TIMESTAMP.
 */
static void ts_handshake(struct run *r, const char *mode, int port)
{
	int lfd = -1, cli = -1, srv = -1, cport;
	struct capture c = { .fd = -1 };
	struct seg syn, synack, ack;
	unsigned int now, tsv, base;
	socklen_t len = sizeof(tsv);

	say(r, "mode%s: ", mode);
	rec(r, "set", write_sysctl(r, "tcp_timestamps", mode));
	lfd = listener(r, port, 4);
	cli = tcp(r);
	setint(cli, SOL_SOCKET, SO_REUSEADDR, 1);
	bind_to(r, cli, "127.0.0.1", port + 1);
	cport = port + 1;
	rec(r, "capture", capture_open(r, &c, cport));
	rec(r, "connect", connect_to(r, cli, "127.0.0.1", port));
	srv = accept(lfd, NULL, NULL);
	now = ts_clock();
	if (!seg_next(&c, cport, port, 0x02, &syn, 1000) ||
	    !seg_next(&c, port, cport, 0x12, &synack, 1000) ||
	    !seg_next(&c, cport, port, 0x10, &ack, 1000)) {
		say(r, "handshake=none ");
		goto out;
	}
	say(r, "syn=%s synack=%s ack=%s ", syn.opts, synack.opts, ack.opts);
	if (syn.ts) {
		prop(r, "syn_tsecr0", syn.tsecr == 0);
		prop(r, "synack_echo", synack.tsecr == syn.tsval);
		prop(r, "ack_echo", ack.tsecr == synack.tsval);
		prop(r, "ack_tsval", ack.tsval - syn.tsval < 1000);
		/* Mode 2: the clock itself; mode 1: somewhere else. */
		prop(r, "bare_clock", now - syn.tsval < 2000);
	}
	rec_tcpi_options(r, "info_cli", cli);
	rec_tcpi_options(r, "info_srv", srv);
	/* The clock the connection's TSvals come from, offset too. */
	base = syn.ts ? syn.tsval : now;
	if (getsockopt(cli, IPPROTO_TCP, TCP_TIMESTAMP, &tsv, &len)) {
		rec(r, "tcp_timestamp", -1);
	} else {
		/* Its low bit is cleared (no usec_ts): one below is fine. */
		prop(r, "tcp_timestamp", (int)(tsv - base) >= -1 &&
		     (int)(tsv - base) < 2000);
		prop(r, "tcp_timestamp_even", !(tsv & 1));
	}
	rec(r, "tcp_timestamp_set", setint(cli, IPPROTO_TCP, TCP_TIMESTAMP, 1));
out:
	if (c.fd >= 0)
		close(c.fd);
	close(srv);
	close(cli);
	close(lfd);
}

static void ts_options(struct run *r)
{
	ts_handshake(r, "0", 6400);
	ts_handshake(r, "1", 6402);
	ts_handshake(r, "2", 6404);
	/* Window scaling off: MSS, NOP NOP TS and nothing after. */
	write_sysctl(r, "tcp_window_scaling", "0");
	ts_handshake(r, "1", 6406);
	write_sysctl(r, "tcp_window_scaling", "1");
}

/* The most payload send_seg() sends. */
#define SEG_MAX_PAYLOAD	32

/*
 * One crafted segment from @g's sender: @len bytes of @data at @seq,
 * with @tsval and @g's ACK, window and TSecr.
 */
static long send_seg(struct run *r, int raw_fd, const struct seg *g,
		     unsigned int seq, unsigned int len, unsigned int tsval,
		     char data)
{
	unsigned char p[20 + 32 + SEG_MAX_PAYLOAD] = {};
	unsigned char ph[12 + 32 + SEG_MAX_PAYLOAD], *t = p + 20;
	struct sockaddr_in a = addr_of(r, "127.0.0.1", 0);

	if (len > SEG_MAX_PAYLOAD)
		return -1;
	p[0] = 0x45;
	p[8] = 64;
	p[9] = IPPROTO_TCP;
	inet_pton(AF_INET, "127.0.0.1", p + 12);
	inet_pton(AF_INET, "127.0.0.1", p + 16);
	t[0] = g->sport >> 8;
	t[1] = g->sport;
	t[2] = g->dport >> 8;
	t[3] = g->dport;
	t[4] = seq >> 24; t[5] = seq >> 16; t[6] = seq >> 8; t[7] = seq;
	t[8] = g->ack >> 24; t[9] = g->ack >> 16; t[10] = g->ack >> 8;
	t[11] = g->ack;
	t[12] = (32 / 4) << 4;
	t[13] = 0x18;	/* PSH, ACK */
	t[14] = g->win >> 8;
	t[15] = g->win;
	t[20] = 1; t[21] = 1; t[22] = 8; t[23] = 10;
	t[24] = tsval >> 24; t[25] = tsval >> 16; t[26] = tsval >> 8;
	t[27] = tsval;
	t[28] = g->tsecr >> 24; t[29] = g->tsecr >> 16; t[30] = g->tsecr >> 8;
	t[31] = g->tsecr;
	memset(t + 32, data, len);
	/* The checksum over the pseudo-header and the segment. */
	memcpy(ph, p + 12, 8);
	ph[8] = 0;
	ph[9] = IPPROTO_TCP;
	ph[10] = 0;
	ph[11] = 32 + len;
	memcpy(ph + 12, t, 32 + len);
	memcpy(t + 16, &(uint16_t){ csum(ph, 12 + 32 + len) }, 2);
	return sendto(raw_fd, p, 20 + 32 + len, 0, (struct sockaddr *)&a,
		      sizeof(a));
}

/* One crafted segment from @g's sender: its next byte with @tsval. */
static long send_crafted(struct run *r, int raw_fd, const struct seg *g,
			 unsigned int tsval, char data)
{
	return send_seg(r, raw_fd, g, g->seq + g->len, 1, tsval, data);
}

/*
 * The end of a test that injected crafted segments: the capture and the
 * raw socket go, and the pair is reset.  The server took bytes the
 * client never sent, so the two would never agree on a close (each
 * end's FIN or ACK unacceptable to the other) and would linger as
 * orphans for minutes.
 */
static void close_crafted(struct capture *c, int tx, int cli, int srv)
{
	static const struct linger reset = { 1, 0 };

	if (c->fd >= 0)
		close(c->fd);
	if (tx >= 0)
		close(tx);
	setsockopt(srv, SOL_SOCKET, SO_LINGER, &reset, sizeof(reset));
	setsockopt(cli, SOL_SOCKET, SO_LINGER, &reset, sizeof(reset));
	close(srv);
	close(cli);
}

/*
 * PAWS (RFC 7323 5.3): a segment whose TSval is older than TS.Recent is
 * dropped and counted (PAWSEstab); the same segment with a fresh TSval
 * is taken.
 */
static void ts_paws(struct run *r)
{
	int cli = -1, srv = -1, tx = -1;
	struct capture c = { .fd = -1 };
	long p0;
	struct seg g;

	if (make_pair(r, 6410, &cli, &srv))
		goto out;
	tx = socket(r->family, SOCK_RAW, IPPROTO_RAW);
	rec(r, "raw", tx < 0 ? -1 : 0);
	rec(r, "capture", capture_open(r, &c, local_port(cli)));
	rec(r, "send", send(cli, "a", 1, 0));
	if (!seg_next(&c, local_port(cli), 6410, SEG_DATA, &g, 1000)) {
		say(r, "segment=none ");
		goto out;
	}
	prop(r, "seg_ts", g.ts);
	rec_read(r, "recv", srv, 1, 0);
	wait_outq_empty(cli, 1000);
	p0 = mib(r, "netstat", "TcpExt:", "PAWSEstab");
	rec(r, "old", send_crafted(r, tx, &g, g.tsval - 100000, 'b'));
	usleep(100 * 1000);
	rec_read(r, "recv_old", srv, 1, 0);
	say(r, "paws_estab=%ld ",
	    mib(r, "netstat", "TcpExt:", "PAWSEstab") - p0);
	rec(r, "fresh", send_crafted(r, tx, &g, g.tsval + 1000, 'c'));
	usleep(100 * 1000);
	rec_read(r, "recv_fresh", srv, 1, 0);
	say(r, "paws_estab2=%ld ",
	    mib(r, "netstat", "TcpExt:", "PAWSEstab") - p0);
out:
	close_crafted(&c, tx, cli, srv);
}

/*
 * The SACK and D-SACK blocks of a receiver (RFC 2018, RFC 2883) with
 * tcp_sack 1.  Ten-byte segments of the client's sequence space come
 * from a raw socket (slot k holds bytes 10(k-1) to 10k past what the
 * client sent): past holes, bridging two blocks, again when queued,
 * filling the first hole, again when delivered, half delivered, with
 * tcp_dsack 0, and the last hole.  Each draws one ACK from the server;
 * its acknowledgment number and blocks are recorded relative to the
 * first slot: the newest block first, the D-SACK before them, three
 * blocks beside the timestamps.
 */
static void sack_receiver(struct run *r)
{
	/* Slot, slots, and the tcp_dsack to set first (NULL: leave it). */
	static const struct {
		unsigned int slot, n;
		const char *dsack;
	} in[] = {
		{ 2, 1, NULL }, { 4, 1, NULL }, { 6, 1, NULL }, { 8, 1, NULL },
		{ 3, 1, NULL }, { 6, 1, NULL }, { 1, 1, NULL }, { 1, 1, NULL },
		{ 4, 2, NULL }, { 1, 1, "0" }, { 7, 1, "1" },
	};
	int cli = -1, srv = -1, tx = -1, port = 6440;
	long old0 = 0, ofo0 = 0;
	struct capture c = { .fd = -1 };
	unsigned int base, i, j;
	struct seg g, a;
	char b[2048];

	rec(r, "sack", write_sysctl(r, "tcp_sack", "1"));
	if (make_pair(r, port, &cli, &srv))
		goto out;
	rec_tcpi_options(r, "info_srv", srv);
	tx = socket(r->family, SOCK_RAW, IPPROTO_RAW);
	rec(r, "raw", tx < 0 ? -1 : 0);
	rec(r, "capture", capture_open(r, &c, local_port(cli)));
	rec(r, "send", send(cli, "a", 1, 0));
	if (!seg_next(&c, local_port(cli), port, SEG_DATA, &g, 1000)) {
		say(r, "segment=none ");
		goto out;
	}
	rec_read(r, "recv", srv, 1, 0);
	wait_outq_empty(cli, 1000);
	base = g.seq + g.len;
	old0 = mib(r, "netstat", "TcpExt:", "TCPDSACKOldSent");
	ofo0 = mib(r, "netstat", "TcpExt:", "TCPDSACKOfoSent");
	for (i = 0; i < ARRAY_SIZE(in); i++) {
		if (in[i].dsack)
			rec(r, "dsack", write_sysctl(r, "tcp_dsack",
						     in[i].dsack));
		/* What lo or xlo still shows of the last exchange goes. */
		usleep(20 * 1000);
		while (recv(c.fd, b, sizeof(b), MSG_DONTWAIT) > 0)
			;
		if (send_seg(r, tx, &g, base + 10 * (in[i].slot - 1),
			     10 * in[i].n, g.tsval + i + 1, 'a' + i) < 0) {
			rec(r, "inject", -1);
			break;
		}
		if (!seg_next(&c, port, local_port(cli), 0x10, &a, 1000)) {
			say(r, "s%u=none ", in[i].slot);
			continue;
		}
		say(r, "s%u:ack=%u", in[i].slot, a.ack - base);
		for (j = 0; j < a.nsack; j++)
			say(r, "%s%u-%u", j ? "," : ",sack=",
			    a.sack[j][0] - base, a.sack[j][1] - base);
		say(r, " ");
	}
	say(r, "old_sent=%ld ofo_sent=%ld ",
	    mib(r, "netstat", "TcpExt:", "TCPDSACKOldSent") - old0,
	    mib(r, "netstat", "TcpExt:", "TCPDSACKOfoSent") - ofo0);
	rec(r, "inq", wait_inq(srv, 80, 1000));
out:
	close_crafted(&c, tx, cli, srv);
}

/*
 * SYN cookies (tcp_syncookies 2: always): with timestamps the cookie
 * keeps window scaling in TSval's low bits, so both ends agree on it
 * and on timestamps; without, the connection has neither.
 */
static void ts_syncookies_on(struct run *r, const char *ts, int port)
{
	int lfd = -1, cli = tcp(r), srv = -1;
	long sent0 = mib(r, "netstat", "TcpExt:", "SyncookiesSent");
	struct tcp_info ci = {}, si = {};
	socklen_t len = sizeof(ci);

	say(r, "ts%s: ", ts);
	rec(r, "set", write_sysctl(r, "tcp_timestamps", ts));
	lfd = listener(r, port, 4);
	rec(r, "connect", connect_to(r, cli, "127.0.0.1", port));
	if (poll_mask(lfd, POLLIN, 1000) & POLLIN)
		srv = accept(lfd, NULL, NULL);
	prop(r, "accepted", srv >= 0);
	prop(r, "cookie_sent",
	     mib(r, "netstat", "TcpExt:", "SyncookiesSent") > sent0);
	rec_tcpi_options(r, "info_cli", cli);
	rec_tcpi_options(r, "info_srv", srv);
	/* The shift the cookie kept is the one the client sent. */
	if (!getsockopt(cli, IPPROTO_TCP, TCP_INFO, &ci, &len) &&
	    !getsockopt(srv, IPPROTO_TCP, TCP_INFO, &si, &(socklen_t){ len }))
		prop(r, "wscale_match",
		     ci.tcpi_rcv_wscale == si.tcpi_snd_wscale &&
		     ci.tcpi_snd_wscale == si.tcpi_rcv_wscale);
	rec(r, "send", send(cli, "xy", 2, 0));
	rec(r, "inq", wait_inq(srv, 2, 1000));
	rec_read(r, "recv", srv, 2, 0);
	close(srv);
	close(cli);
	close(lfd);
}

static void ts_syncookies(struct run *r)
{
	rec(r, "syncookies", write_sysctl(r, "tcp_syncookies", "2"));
	ts_syncookies_on(r, "1", 6430);
	ts_syncookies_on(r, "0", 6431);
}

/*
 * A client's TIME_WAIT on the only ephemeral port: connect() to the same
 * peer may take it over once the peer's last timestamp is a second old,
 * when tcp_tw_reuse allows it (RFC 6191's use of timestamps).
 */
static void tw_reuse_on(struct run *r, const char *ts, int port)
{
	int lfd = listener(r, port, 4), cli = tcp(r), srv = -1, fd = -1;
	long tw0;
	char c;

	rec(r, "ts", write_sysctl(r, "tcp_timestamps", ts));
	rec(r, "range", write_sysctl(r, "ip_local_port_range",
				     "40010 40010"));
	rec(r, "connect", connect_to(r, cli, "127.0.0.1", port));
	srv = accept(lfd, NULL, NULL);
	/* The client closes first: its end goes to TIME_WAIT. */
	rec(r, "close_cli", close(cli));
	rec(r, "srv_eof", recv(srv, &c, 1, 0));
	rec(r, "close_srv", close(srv));
	usleep(1100 * 1000);
	tw0 = mib(r, "netstat", "TcpExt:", "TWRecycled");
	rec(r, "reuse0", write_sysctl(r, "tcp_tw_reuse", "0"));
	fd = tcp(r);
	rec(r, "connect_reuse0", connect_to(r, fd, "127.0.0.1", port));
	close(fd);
	rec(r, "reuse1", write_sysctl(r, "tcp_tw_reuse", "1"));
	fd = tcp(r);
	rec(r, "connect_reuse1", connect_to(r, fd, "127.0.0.1", port));
	prop(r, "same_port", local_port(fd) == 40010);
	srv = -1;
	if (poll_mask(lfd, POLLIN, 1000) & POLLIN)
		srv = accept(lfd, NULL, NULL);
	prop(r, "accepted", srv >= 0);
	say(r, "recycled=%ld ", mib(r, "netstat", "TcpExt:", "TWRecycled") - tw0);
	close(srv);
	close(fd);
	close(lfd);
}

static void tw_reuse(struct run *r)
{
	tw_reuse_on(r, "1", 6420);
}

static void tw_reuse_no_ts(struct run *r)
{
	tw_reuse_on(r, "0", 6421);
}

/*
 * Linux's receive fast path (header prediction, tcp_rcv_established()):
 * in an exchange of one-byte requests and answers each segment is the
 * one expected next, its window unchanged, so each end takes it through
 * the fast path, as data (TCPHPHits) and as the ACK it carries
 * (TCPHPAcks): about two of each per exchange, fifty exchanges here.
 */
static void header_prediction(struct run *r)
{
	int cli, srv, one = 1, i, n = 0;
	long h0, a0;
	char c = 'x';

	if (make_pair(r, 6450, &cli, &srv))
		goto out;
	setsockopt(cli, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	setsockopt(srv, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	h0 = mib(r, "netstat", "TcpExt:", "TCPHPHits");
	a0 = mib(r, "netstat", "TcpExt:", "TCPHPAcks");
	for (i = 0; i < 50; i++)
		n += send(cli, &c, 1, 0) == 1 && recv(srv, &c, 1, 0) == 1 &&
		     send(srv, &c, 1, 0) == 1 && recv(cli, &c, 1, 0) == 1;
	say(r, "counters=%d exchanges=%d ", h0 >= 0 && a0 >= 0, n);
	say(r, "hits_ge_50=%d acks_ge_50=%d ",
	    mib(r, "netstat", "TcpExt:", "TCPHPHits") - h0 >= 50,
	    mib(r, "netstat", "TcpExt:", "TCPHPAcks") - a0 >= 50);
out:
	if (cli >= 0)
		close(cli);
	if (srv >= 0)
		close(srv);
}

/* --- the table --------------------------------------------------------- */

FIXTURE(tcp) {
	int xfamily;
};

FIXTURE_VARIANT(tcp) {
	void (*fn)(struct run *r);
	const char *expect;	/* AF_INET's transcript */
};

FIXTURE_SETUP(tcp)
{
	self->xfamily = xinet_family();
}

FIXTURE_TEARDOWN(tcp)
{
}

/* --- variants begin */
FIXTURE_VARIANT_ADD(tcp, bind_conflicts) {
	.fn = bind_conflicts,
	.expect =
		"bind_a=0 same=EADDRINUSE wild_over_addr=EADDRINUSE other_addr=0 wild=0 addr_under_wild=EADDRINUSE listen_a=0 bound_vs_listener=EADDRINUSE wild_vs_listener=EADDRINUSE listen_b=0 after_close=0 ",
};

FIXTURE_VARIANT_ADD(tcp, bind_reuseaddr) {
	.fn = bind_reuseaddr,
	.expect =
		"a=0 b=0 plain=EADDRINUSE listen_a=0 listen_b=EADDRINUSE c_vs_listener=EADDRINUSE c_wild_vs_listener=EADDRINUSE wild=0 specific=0 listen_specific=0 listen_wild=EADDRINUSE ",
};

FIXTURE_VARIANT_ADD(tcp, bind_reuseport) {
	.fn = bind_reuseport,
	.expect =
		"a=0 listen_a=0 b=0 listen_b=0 plain=EADDRINUSE plain_wild=EADDRINUSE c_wild=0 listen_c=0 ",
};

FIXTURE_VARIANT_ADD(tcp, bind_timewait) {
	.fn = bind_timewait,
	.expect =
		"connect=0 close_srv=0 cli_eof=0 close_cli=0 plain=EADDRINUSE reuseaddr=0 listen=0 connect=0 close_srv=0 cli_eof=0 close_cli=0 plain=EADDRINUSE reuseaddr=EADDRINUSE listen=0 ",
};

FIXTURE_VARIANT_ADD(tcp, bind_errors) {
	.fn = bind_errors,
	.expect =
		"notavail=EADDRNOTAVAIL short=EINVAL family=EAFNOSUPPORT ok=0 double=EINVAL double_same=EINVAL ephemeral=0 eph_range=1 listen_eph=0 ",
};

FIXTURE_VARIANT_ADD(tcp, bind_privileged) {
	.fn = bind_privileged,
	.expect =
		"drop=0 port80=EACCES port1023=EACCES port1024=0 sysctl=0 port1500=EACCES port2000=0 raise=0 port1500_cap=0 ",
};

FIXTURE_VARIANT_ADD(tcp, listen_rules) {
	.fn = listen_rules,
	.expect =
		"listen_unbound=0 name=0.0.0.0:any/fam/16 eph_range=1 info=10/0/1 listen_again=0 info2=10/0/5 listen_huge=0 info3=10/0/4096 listen_negative=0 info4=10/0/4096 pair=0 listen_connected=EINVAL listen_accepted=EINVAL ",
};

FIXTURE_VARIANT_ADD(tcp, accept_blocking) {
	.fn = accept_blocking,
	.expect =
		"accept=0 waited=1 connect=0 peer=127.0.0.1/fam/16 peer_port=1 state=1 ",
};

FIXTURE_VARIANT_ADD(tcp, accept_flags) {
	.fn = accept_flags,
	.expect =
		"nonblock=0 empty=EAGAIN empty4=EAGAIN plain=block both=nonblock,cloexec cloexec=block,cloexec bad_flags=EINVAL last=block drained=EAGAIN ",
};

FIXTURE_VARIANT_ADD(tcp, accept_errors) {
	.fn = accept_errors,
	.expect =
		"fresh=EINVAL bound=EINVAL pair=0 connected=EINVAL accepted=EINVAL ",
};

FIXTURE_VARIANT_ADD(tcp, connect_blocking) {
	.fn = connect_blocking,
	.expect =
		"connect=0 state=1 again=EISCONN elsewhere=EISCONN so_error=0 refused=ECONNREFUSED so_error2=0 state2=7 retry=0 state3=1 ",
};

FIXTURE_VARIANT_ADD(tcp, connect_nonblock) {
	.fn = connect_nonblock,
	.expect =
		"connect=EINPROGRESS poll=4 so_error=0 state=1 again=0 again2=EISCONN accept=0 connect_closed=EINPROGRESS poll2=8221 so_error2=111 so_error3=0 after_refused=ECONNABORTED poll3=20 so_error4=0 ",
};

FIXTURE_VARIANT_ADD(tcp, connect_refused_twice) {
	.fn = connect_refused_twice,
	.expect =
		"connect=EINPROGRESS poll=8221 again=ECONNREFUSED so_error=0 ",
};

FIXTURE_VARIANT_ADD(tcp, connect_in_progress) {
	.fn = connect_in_progress,
	.expect =
		"first=0 connect=EINPROGRESS state=2 poll=0 again=EALREADY so_error=0 name=127.0.0.1:any/fam/16 peer=ENOTCONN accept=0 poll2=4 state2=1 so_error2=0 accept2=0 again2=0 again3=EISCONN ",
};

FIXTURE_VARIANT_ADD(tcp, connect_timeout) {
	.fn = connect_timeout,
	.expect =
		"syncnt=6 syncnt0=EINVAL syncnt128=EINVAL syncnt2=0 first=0 user_timeout=0 connect=ETIMEDOUT waited=1 state=7 so_error=0 ",
};

FIXTURE_VARIANT_ADD(tcp, ephemeral_exhaustion) {
	.fn = ephemeral_exhaustion,
	.expect =
		"range=0 connect0=0 in_range=1 connect1=0 in_range=1 connect2=EADDRNOTAVAIL in_range=0 other_dest=0 bind0=0 bind0_in_range=1 ",
};

FIXTURE_VARIANT_ADD(tcp, connect_listener) {
	.fn = connect_listener,
	.expect =
		"self=EISCONN other=EISCONN state=10 ",
};

FIXTURE_VARIANT_ADD(tcp, connect_unspec) {
	.fn = connect_unspec,
	.expect =
		"fresh_unspec=0 bind=0 connect=0 unspec=0 state=7 name=127.0.0.1:6111/fam/16 peer=ENOTCONN peer_poll=8221 peer_recv=ECONNRESET peer_recv2=0 send=ECONNRESET poll=20 reconnect=0 name2=127.0.0.1:6111/fam/16 short=EINVAL ",
};

FIXTURE_VARIANT_ADD(tcp, names) {
	.fn = names,
	.expect =
		"fresh_name=0.0.0.0:0/fam/16 fresh_peer=ENOTCONN bound_name=127.0.0.1:6120/fam/16 bound_peer=ENOTCONN listen_name=127.0.0.1:6120/fam/16 listen_peer=ENOTCONN cli_name=127.0.0.1:any/fam/16 cli_peer=127.0.0.1:6120/fam/16 srv_name=127.0.0.1:6120/fam/16 srv_peer=127.0.0.1:any/fam/16 ports_match=1 closewait_peer=127.0.0.1:any/fam/16 finwait_peer=127.0.0.1:6120/fam/16 reset_name=127.0.0.1:any/fam/16 reset_peer=ENOTCONN ",
};

FIXTURE_VARIANT_ADD(tcp, congestion_control) {
	.fn = congestion_control,
	.expect =
		"default=[cubic] available=[reno cubic] allowed=[reno cubic] ssai=[1] new=cubic set_reno=0 after=reno set_bogus=ENOENT set_empty=EINVAL default_reno=0 new_after=reno default_bogus=ENOENT default_back=0 available_write=EACCES allowed_reno=EACCES allowed_now=[reno cubic] allowed_bogus=EACCES nocap_cubic=0 nocap_reno=0 cap_cubic=0 allowed_back=EACCES allowed_restored=[reno cubic] ",
};

FIXTURE_VARIANT_ADD(tcp, sockopts) {
	.fn = sockopts,
	.expect =
		"fresh=1/6/fam/0/0 bound=1/6/fam/0/0 listening=1/6/fam/1/0 client=1/6/fam/0/0 accepted=1/6/fam/0/0 set_type=ENOPROTOOPT set_acceptconn=ENOPROTOOPT set_error=ENOPROTOOPT ",
};

FIXTURE_VARIANT_ADD(tcp, info_states) {
	.fn = info_states,
	.expect =
		"fresh=7 bound=7 listen=10 cli=1 srv=1 finwait2=5 closewait=8 srv_eof=0 cli_end=7 srv_end=7 cli_eof=0 ",
};

FIXTURE_VARIANT_ADD(tcp, info_closing) {
	.fn = info_closing,
	.expect =
		"pair=0 shut_cli=0 shut_srv=0 cli=7 srv=7 poll_cli=8213 ",
};

FIXTURE_VARIANT_ADD(tcp, backlog_0) {
	.fn = backlog_0,
	.expect =
		"established=1 syn_sent=5 queued=1 accepted=1 then=EAGAIN one_more=1 ",
};

FIXTURE_VARIANT_ADD(tcp, backlog_2) {
	.fn = backlog_2,
	.expect =
		"established=3 syn_sent=3 queued=3 accepted=3 then=EAGAIN one_more=1 ",
};

FIXTURE_VARIANT_ADD(tcp, poll_states) {
	.fn = poll_states,
	.expect =
		"fresh=20 bound=20 listening=0 pending=1 accepted=0 established=4 established_srv=4 readable=5 peer_shut_wr=8197 local_shut_wr=4 closed=8213 closed_srv=8213 reset=8221 reset_so_error=104 reset_after=8213 ",
};

FIXTURE_VARIANT_ADD(tcp, poll_connecting) {
	.fn = poll_connecting,
	.expect =
		"syn_sent=0 listener_full=1 listener_pollout=0 ",
};

FIXTURE_VARIANT_ADD(tcp, shutdown_unconnected) {
	.fn = shutdown_unconnected,
	.expect =
		"rd=ENOTCONN wr=ENOTCONN rdwr=ENOTCONN bad=EINVAL bound_rdwr=ENOTCONN listener_wr=0 still_listening=10 listener_rd=0 stopped=7 accept=EINVAL connect=ECONNREFUSED listen_again=0 ",
};

FIXTURE_VARIANT_ADD(tcp, shutdown_wr) {
	.fn = shutdown_wr,
	.expect =
		"pair=0 shut=0 send=EPIPE peer_recv=0 peer_recv2=0 peer_send=5 recv=5 again=0 state=5 peer_state=8 ",
};

FIXTURE_VARIANT_ADD(tcp, shutdown_rd) {
	.fn = shutdown_rd,
	.expect =
		"pair=0 shut=0 recv_queued=2 recv_eof=0 poll=8197 send=3 peer_recv=3 peer_poll=4 state=1 ",
};

FIXTURE_VARIANT_ADD(tcp, shutdown_rdwr) {
	.fn = shutdown_rdwr,
	.expect =
		"pair=0 shut=0 recv=0 send=EPIPE peer_recv=0 poll=8213 peer_poll=8197 again=0 names=0 ",
};

FIXTURE_VARIANT_ADD(tcp, linger_zero) {
	.fn = linger_zero,
	.expect =
		"pair=0 set=0 get=0 linger=1,0/8 close=0 peer_poll=8221 peer_recv=3 peer_recv2=ECONNRESET peer_send=EPIPE peer_state=7 rebind=0 ",
};

FIXTURE_VARIANT_ADD(tcp, linger_acked) {
	.fn = linger_acked,
	.expect =
		"pair=0 send=10000 close=0 quick=1 eof=0 total=10000 ",
};

FIXTURE_VARIANT_ADD(tcp, linger_blocks) {
	.fn = linger_blocks,
	.expect =
		"pair=0 full=EAGAIN close=0 blocked=1 eof=0 all=1 ",
};

FIXTURE_VARIANT_ADD(tcp, close_unread) {
	.fn = close_unread,
	.expect =
		"pair=0 close=0 poll=8221 recv=ECONNRESET recv2=0 send=EPIPE state=7 ",
};

FIXTURE_VARIANT_ADD(tcp, close_read) {
	.fn = close_read,
	.expect =
		"pair=0 read=5 close=0 poll=8197 recv=0 send=1 poll2=8221 send2=EPIPE send3=EPIPE recv2=0 state=7 ",
};

FIXTURE_VARIANT_ADD(tcp, counters) {
	.fn = counters,
	.expect =
		"connect=0 open:ActiveOpens=1,PassiveOpens=1,AttemptFails=0,EstabResets=0,CurrEstab=2,OutRsts=0 refused=ECONNREFUSED refused:ActiveOpens=2,PassiveOpens=1,AttemptFails=1,EstabResets=0,CurrEstab=2,OutRsts=1 reset=8221 reset:ActiveOpens=3,PassiveOpens=2,AttemptFails=1,EstabResets=2,CurrEstab=2,OutRsts=2 closed:ActiveOpens=3,PassiveOpens=2,AttemptFails=1,EstabResets=2,CurrEstab=0,OutRsts=2 ",
};

FIXTURE_VARIANT_ADD(tcp, listen_overflows) {
	.fn = listen_overflows,
	.expect =
		"counters=1 overflows=3 drops=3 ",
};

FIXTURE_VARIANT_ADD(tcp, proc_tcp_long) {
	.fn = proc_tcp_long,
	.expect =
		"listeners=120 listed=120 repeated=0 sl_gaps=0 ",
};

FIXTURE_VARIANT_ADD(tcp, proc_tcp) {
	.fn = proc_tcp,
	.expect =
		"connect=0 head=[  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode                                                     ] line=[0100007F:18B0 00000000:0000 0A 00000000:00000001 00:00000000 00000000     0        0] line=[0100007F:18B0 0100007F:18B1 01 00000000:00000000 00:00000000 00000000     0        0] line=[0100007F:18B1 0100007F:18B0 01 00000000:00000000 00:00000000 00000000     0        0] ",
};

FIXTURE_VARIANT_ADD(tcp, connect_broadcast) {
	.fn = connect_broadcast,
	.expect =
		"subnet=ENETUNREACH state=7 limited=ENETUNREACH bind=0 limited_bound=ENETUNREACH ",
};

FIXTURE_VARIANT_ADD(tcp, timestamping_id) {
	.fn = timestamping_id,
	.expect =
		"fresh_plain=0 fresh_id=EINVAL fresh_id_struct=EINVAL fresh_get=16 id_tcp_alone=EINVAL short=EINVAL listener_id=EINVAL pair=0 connected_id=0 connected_get=146 accepted_id_struct=0 unspec=0 closed_again=0 closed_off=0 closed_on=EINVAL ",
};

FIXTURE_VARIANT_ADD(tcp, disconnect_sleeping_recv) {
	.fn = disconnect_sleeping_recv,
	.expect =
		"pair=0 asleep=1 unspec=0 reconnect=0 send_new=3 sleeper=EPIPE inq=3 recv=3 recv2=EAGAIN recv3=EAGAIN ",
};

FIXTURE_VARIANT_ADD(tcp, peek_race) {
	.fn = peek_race,
	.expect =
		"pair=0 send=5 inq=5 asleep=1 read=3 send2=5 peek=10 peeked=abcdedefgh rest=7 rest_data=defghij ",
};
FIXTURE_VARIANT_ADD(tcp, peek_off) {
	.fn = peek_off,
	.expect =
		"pair=0 default=-1 set=0 send=8 inq=8 peek1=3 peek1_data=abc peek2=3 peek2_data=def off=6 read=4 read_data=abcd off2=2 peek3=2 peek3_data=gh peek4=EAGAIN unset=0 peek5=4 peek5_data=efgh read2=4 read2_data=efgh ",
};
FIXTURE_VARIANT_ADD(tcp, ts_options) {
	.fn = ts_options,
	.expect =
		"mode0: set=0 capture=0 connect=0 syn=2/4,1,1,4/2,1,3/3 synack=2/4,1,1,4/2,1,3/3 ack= info_cli=sack,wscale info_srv=sack,wscale tcp_timestamp=1 tcp_timestamp_even=1 tcp_timestamp_set=EPERM mode1: set=0 capture=0 connect=0 syn=2/4,4/2,8/10,1,3/3 synack=2/4,4/2,8/10,1,3/3 ack=1,1,8/10 syn_tsecr0=1 synack_echo=1 ack_echo=1 ack_tsval=1 bare_clock=0 info_cli=ts,sack,wscale info_srv=ts,sack,wscale tcp_timestamp=1 tcp_timestamp_even=1 tcp_timestamp_set=EPERM mode2: set=0 capture=0 connect=0 syn=2/4,4/2,8/10,1,3/3 synack=2/4,4/2,8/10,1,3/3 ack=1,1,8/10 syn_tsecr0=1 synack_echo=1 ack_echo=1 ack_tsval=1 bare_clock=1 info_cli=ts,sack,wscale info_srv=ts,sack,wscale tcp_timestamp=1 tcp_timestamp_even=1 tcp_timestamp_set=EPERM mode1: set=0 capture=0 connect=0 syn=2/4,4/2,8/10 synack=2/4,4/2,8/10 ack=1,1,8/10 syn_tsecr0=1 synack_echo=1 ack_echo=1 ack_tsval=1 bare_clock=0 info_cli=ts,sack, info_srv=ts,sack, tcp_timestamp=1 tcp_timestamp_even=1 tcp_timestamp_set=EPERM ",
};

FIXTURE_VARIANT_ADD(tcp, ts_paws) {
	.fn = ts_paws,
	.expect =
		"pair=0 raw=0 capture=0 send=1 seg_ts=1 recv=1 recv_data=a old=53 recv_old=EAGAIN paws_estab=1 fresh=53 recv_fresh=1 recv_fresh_data=c paws_estab2=1 ",
};

FIXTURE_VARIANT_ADD(tcp, ts_syncookies) {
	.fn = ts_syncookies,
	.expect =
		"syncookies=0 ts1: set=0 connect=0 accepted=1 cookie_sent=1 info_cli=ts,sack,wscale info_srv=ts,sack,wscale wscale_match=1 send=2 inq=2 recv=2 recv_data=xy ts0: set=0 connect=0 accepted=1 cookie_sent=1 info_cli= info_srv= wscale_match=1 send=2 inq=2 recv=2 recv_data=xy ",
};

FIXTURE_VARIANT_ADD(tcp, tw_reuse) {
	.fn = tw_reuse,
	.expect =
		"ts=0 range=0 connect=0 close_cli=0 srv_eof=0 close_srv=0 reuse0=0 connect_reuse0=EADDRNOTAVAIL reuse1=0 connect_reuse1=0 same_port=1 accepted=1 recycled=1 ",
};

FIXTURE_VARIANT_ADD(tcp, tw_reuse_no_ts) {
	.fn = tw_reuse_no_ts,
	.expect =
		"ts=0 range=0 connect=0 close_cli=0 srv_eof=0 close_srv=0 reuse0=0 connect_reuse0=EADDRNOTAVAIL reuse1=0 connect_reuse1=EADDRNOTAVAIL same_port=0 accepted=0 recycled=0 ",
};
FIXTURE_VARIANT_ADD(tcp, sack_receiver) {
	.fn = sack_receiver,
	.expect =
		"sack=0 pair=0 info_srv=ts,sack,wscale raw=0 capture=0 send=1 recv=1 recv_data=a s2:ack=0,sack=10-20 s4:ack=0,sack=30-40,10-20 s6:ack=0,sack=50-60,30-40,10-20 s8:ack=0,sack=70-80,50-60,30-40 s3:ack=0,sack=10-40,70-80,50-60 s6:ack=0,sack=50-60,50-60,10-40 s1:ack=40,sack=50-60,70-80 s1:ack=40,sack=0-10,50-60,70-80 s4:ack=60,sack=30-40,70-80 dsack=0 s1:ack=60,sack=70-80 dsack=0 s7:ack=80 old_sent=2 ofo_sent=1 inq=80 ",
};
FIXTURE_VARIANT_ADD(tcp, header_prediction) {
	.fn = header_prediction,
	.expect =
		"pair=0 counters=1 exchanges=50 hits_ge_50=1 acks_ge_50=1 ",
};
/* --- variants end */

TEST_F(tcp, af_inet)
{
	transcript_af_inet(_metadata, variant->fn, variant->expect);
}

TEST_F_TIMEOUT(tcp, af_xinet, TRANSCRIPT_TIMEOUT)
{
	transcript_af_xinet(_metadata, variant->fn, self->xfamily);
}

/* --- the limits the socket table's size gives ------------------------- */

/* An integer sysctl under /proc/sys/net/@dir, or -1. */
static long sysctl_long(const char *dir, const char *name)
{
	char path[128];

	snprintf(path, sizeof(path), "/proc/sys/net/%s/%s", dir, name);
	return read_long(path);
}

/*
 * tcp_max_tw_buckets and tcp_max_syn_backlog as tcp_set_hashinfo()
 * derives them from the established table: half its buckets, and one
 * per 128 of them but at least 128.  Linux's own values must follow
 * that rule (else something rewrote them and the comparison means
 * nothing); xinet, whose table is sized as Linux sizes its own, must
 * have the same.
 */
static void table_sized(struct __test_metadata *_metadata, const char *where)
{
	long tw = sysctl_long("ipv4", "tcp_max_tw_buckets");
	long syn = sysctl_long("ipv4", "tcp_max_syn_backlog");
	long xtw = sysctl_long("xinet", "tcp_max_tw_buckets");
	long xsyn = sysctl_long("xinet", "tcp_max_syn_backlog");
	long ehash = 2 * tw;

	TH_LOG("%s: net.ipv4 tcp_max_tw_buckets %ld tcp_max_syn_backlog %ld, net.xinet %ld %ld",
	       where, tw, syn, xtw, xsyn);
	ASSERT_GT(tw, 0);
	/* A power of two buckets, as alloc_large_system_hash() gives. */
	ASSERT_EQ(0, ehash & (ehash - 1));
	ASSERT_EQ(ehash / 128 > 128 ? ehash / 128 : 128, syn);
	EXPECT_EQ(tw, xtw);
	EXPECT_EQ(syn, xsyn);
}

/*
 * Issue #16: the defaults in the namespace the test starts in (the
 * initial one under make check) and in a new one, which Linux sizes
 * from the same table while tcp_child_ehash_entries is 0.
 */
TEST(table_sized_limits)
{
	table_sized(_metadata, "this namespace");
	ASSERT_EQ(0, unshare(CLONE_NEWNET));
	table_sized(_metadata, "new namespace");
}

TEST_HARNESS_MAIN
