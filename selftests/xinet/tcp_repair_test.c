// SPDX-License-Identifier: GPL-2.0
/*
 * tcp_repair_test: TCP_REPAIR, what CRIU uses to checkpoint a live TCP
 * connection and restore it in another socket, side by side: each
 * variant's af_inet case checks AF_INET against the expected
 * transcript, its af_xinet case checks AF_XINET against the AF_INET
 * transcript of the same run (see tcp_common.h).
 *
 *   repair_errnos   the options' errnos in and out of repair mode,
 *                   without CAP_NET_ADMIN, on a listener; the values a
 *                   closed socket in repair mode takes and gives back;
 *                   a bind to a port in use (SK_FORCE_REUSE)
 *   repair_restore  a connection with unread data in its receive queue
 *                   and both sent-unacknowledged and unsent data in its
 *                   send queue is put in repair mode and dumped (queue
 *                   sequence numbers and bytes, MSS, window scales,
 *                   TSval clock, windows), closed without a FIN or RST
 *                   (the capture and the peer see nothing), restored in
 *                   a new socket (no SYN), and goes on: the peer gets
 *                   the unacknowledged and the unsent bytes, the new
 *                   socket reads what the old one had not, and data
 *                   flows both ways after, bytes intact
 *   linux_peer      repair_restore from AF_XINET across an xnet pair to
 *                   Linux's TCP in another namespace: AF_INET's
 *                   transcript over lo but for the pair's MSS
 */
#include <linux/filter.h>

#include "tcp_common.h"

#ifndef TCPOPT_MSS
#define TCPOPT_MSS		2
#define TCPOPT_WINDOW		3
#define TCPOPT_SACK_PERM	4
#define TCPOPT_TIMESTAMP	8
#endif

#define RESTORE_PORT	6302

/*
 * Where repair_restore runs: over the family's loopback (lfd < 0), or,
 * for linux_peer, from @cli_ip to a Linux listener @lfd at @srv_ip
 * across an xnet pair whose xinet end is @dev.
 */
static struct {
	int lfd;
	const char *cli_ip, *srv_ip, *dev;
} where = { .lfd = -1, .cli_ip = "127.0.0.1", .srv_ip = "127.0.0.1" };

/* A connection to the repair_restore peer: make_pair()'s, or across. */
static int restore_pair(struct run *r, int *cli, int *srv)
{
	if (where.lfd < 0)
		return make_pair(r, RESTORE_PORT, cli, srv);
	*srv = -1;
	*cli = tcp(r);
	if (connect_to(r, *cli, where.srv_ip, RESTORE_PORT)) {
		rec(r, "pair_connect", -1);
		return -1;
	}
	*srv = accept(where.lfd, NULL, NULL);
	if (*srv < 0) {
		rec(r, "pair_accept", -1);
		return -1;
	}
	say(r, "pair=0 ");
	return 0;
}

/* A capture of the segments from @port on the device repair_restore uses. */
static int capture_dev(struct run *r, struct capture *c, int port)
{
	struct sockaddr_ll a = {
		.sll_family = AF_PACKET,
		.sll_protocol = htons(ETH_P_ALL),
	};

	if (!where.dev)
		return capture_open(r, c, port);
	memset(c, 0, sizeof(*c));
	c->sport = port;
	a.sll_ifindex = if_nametoindex(where.dev);
	c->fd = socket(AF_PACKET, SOCK_DGRAM | SOCK_NONBLOCK, htons(ETH_P_ALL));
	if (c->fd < 0)
		return -1;
	return bind(c->fd, (struct sockaddr *)&a, sizeof(a));
}

/* Drop every packet: a socket filter that returns 0. */
static int attach_drop_all(int fd)
{
	struct sock_filter code[] = { BPF_STMT(BPF_RET | BPF_K, 0) };
	struct sock_fprog prog = { .len = 1, .filter = code };

	return setsockopt(fd, SOL_SOCKET, SO_ATTACH_FILTER, &prog,
			  sizeof(prog));
}

static int tcpopt(int fd, int name, int val)
{
	return setint(fd, IPPROTO_TCP, name, val);
}

/* Read @n bytes into @buf within @ms: the count read, or -1. */
static long recv_all(int fd, char *buf, long n, int ms)
{
	struct timespec t0;
	long got = 0, k;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	while (got < n && ms_since(&t0) < ms && !past_deadline()) {
		if (poll_mask(fd, POLLIN, 100) <= 0)
			continue;
		k = recv(fd, buf + got, n - got, MSG_DONTWAIT);
		if (k <= 0)
			return got ? got : -1;
		got += k;
	}
	return got;
}

/*
 * Segments of the capture @c from port @c->sport with any of @flags
 * set, among those queued now (the capture is non-blocking).
 */
static int count_flags(struct capture *c, unsigned int flags)
{
	unsigned char b[2048];
	int count = 0;
	long n;

	while ((n = recv(c->fd, b, sizeof(b), 0)) > 0) {
		unsigned int ihl = (b[0] & 15) * 4;

		if (n < 40 || b[0] >> 4 != 4 || b[9] != IPPROTO_TCP ||
		    (long)ihl + 20 > n)
			continue;
		if ((b[ihl] << 8 | b[ihl + 1]) == c->sport &&
		    (b[ihl + 13] & flags))
			count++;
	}
	return count;
}

/*
 * Errnos: outside repair mode the queue options are EPERM or EINVAL as
 * Linux has them, TCP_REPAIR needs CAP_NET_ADMIN and no listener; in
 * repair mode a closed socket takes queue sequence numbers, windows
 * (checked against each other) and a TSval clock, refuses the options
 * of an established connection, reads its queues with MSG_PEEK only.
 */
static void repair_errnos(struct run *r)
{
	struct tcp_repair_opt opt = { TCPOPT_SACK_PERM, 0 };
	struct tcp_repair_window w = {};
	int fd = tcp(r), fd2 = tcp(r), lfd = listener(r, 6301, 4);
	socklen_t len;
	char buf[8];
	int v;

	rec(r, "queue_set", tcpopt(fd, TCP_REPAIR_QUEUE, TCP_RECV_QUEUE));
	rec(r, "queue_get", getint(fd, IPPROTO_TCP, TCP_REPAIR_QUEUE));
	rec(r, "seq_set", tcpopt(fd, TCP_QUEUE_SEQ, 1));
	rec(r, "seq_get", getint(fd, IPPROTO_TCP, TCP_QUEUE_SEQ));
	rec(r, "options", setsockopt(fd, IPPROTO_TCP, TCP_REPAIR_OPTIONS,
				     &opt, sizeof(opt)));
	rec(r, "window_set", setsockopt(fd, IPPROTO_TCP, TCP_REPAIR_WINDOW,
					&w, sizeof(w)));
	len = sizeof(w);
	rec(r, "window_get", getsockopt(fd, IPPROTO_TCP, TCP_REPAIR_WINDOW,
					&w, &len));
	rec(r, "timestamp", tcpopt(fd, TCP_TIMESTAMP, 1000));
	rec(r, "repair_get", getint(fd, IPPROTO_TCP, TCP_REPAIR));
	rec(r, "repair_2", tcpopt(fd, TCP_REPAIR, 2));
	rec(r, "repair_listener", tcpopt(lfd, TCP_REPAIR, TCP_REPAIR_ON));
	rec(r, "bind_in_use", bind_to(r, fd2, "127.0.0.1", 6301));

	/* CAP_NET_ADMIN over the namespace, for on and off alike. */
	rec(r, "drop_cap", set_effective_cap(CAP_NET_ADMIN, false));
	rec(r, "nocap_on", tcpopt(fd, TCP_REPAIR, TCP_REPAIR_ON));
	rec(r, "nocap_off", tcpopt(fd, TCP_REPAIR, TCP_REPAIR_OFF));
	rec(r, "raise_cap", set_effective_cap(CAP_NET_ADMIN, true));

	rec(r, "on", tcpopt(fd, TCP_REPAIR, TCP_REPAIR_ON));
	rec(r, "on_get", getint(fd, IPPROTO_TCP, TCP_REPAIR));
	rec(r, "queue_default", getint(fd, IPPROTO_TCP, TCP_REPAIR_QUEUE));
	rec(r, "queue_3", tcpopt(fd, TCP_REPAIR_QUEUE, 3));
	rec(r, "queue_neg", tcpopt(fd, TCP_REPAIR_QUEUE, -1));
	rec(r, "seq_noqueue", tcpopt(fd, TCP_QUEUE_SEQ, 5));
	rec(r, "peek_noqueue", recv(fd, buf, 1, MSG_PEEK | MSG_DONTWAIT));
	rec(r, "send_noqueue", send(fd, "x", 1, MSG_DONTWAIT | MSG_NOSIGNAL));
	rec(r, "maxseg", getint(fd, IPPROTO_TCP, TCP_MAXSEG));
	rec(r, "queue_send", tcpopt(fd, TCP_REPAIR_QUEUE, TCP_SEND_QUEUE));
	rec(r, "seq_send", tcpopt(fd, TCP_QUEUE_SEQ, 1000));
	rec(r, "seq_send_get", getint(fd, IPPROTO_TCP, TCP_QUEUE_SEQ));
	rec(r, "peek_send", recv(fd, buf, 1, MSG_PEEK | MSG_DONTWAIT));
	rec(r, "recv_send", recv(fd, buf, 1, MSG_DONTWAIT));
	rec(r, "queue_recv", tcpopt(fd, TCP_REPAIR_QUEUE, TCP_RECV_QUEUE));
	rec(r, "seq_recv", tcpopt(fd, TCP_QUEUE_SEQ, 2000));
	rec(r, "seq_recv_get", getint(fd, IPPROTO_TCP, TCP_QUEUE_SEQ));
	rec(r, "peek_recv", recv(fd, buf, 1, MSG_PEEK | MSG_DONTWAIT));
	rec(r, "options_closed", setsockopt(fd, IPPROTO_TCP,
					    TCP_REPAIR_OPTIONS, &opt,
					    sizeof(opt)));
	rec(r, "options_short", setsockopt(fd, IPPROTO_TCP,
					   TCP_REPAIR_OPTIONS, &opt, 2));
	rec(r, "window_short", setsockopt(fd, IPPROTO_TCP, TCP_REPAIR_WINDOW,
					  &w, sizeof(w) - 4));
	w = (struct tcp_repair_window){ .snd_wl1 = 2000, .snd_wnd = 200,
		.max_window = 100, .rcv_wnd = 1000, .rcv_wup = 2000 };
	rec(r, "window_max_lt_wnd", setsockopt(fd, IPPROTO_TCP,
					       TCP_REPAIR_WINDOW, &w,
					       sizeof(w)));
	w.max_window = 300;
	w.rcv_wup = 2001;
	rec(r, "window_wup_ahead", setsockopt(fd, IPPROTO_TCP,
					      TCP_REPAIR_WINDOW, &w,
					      sizeof(w)));
	w.rcv_wup = 1500;
	w.snd_wl1 = 3001;
	rec(r, "window_wl1_ahead", setsockopt(fd, IPPROTO_TCP,
					      TCP_REPAIR_WINDOW, &w,
					      sizeof(w)));
	w.snd_wl1 = 3000;
	rec(r, "window", setsockopt(fd, IPPROTO_TCP, TCP_REPAIR_WINDOW, &w,
				    sizeof(w)));
	memset(&w, 0, sizeof(w));
	len = sizeof(w) - 1;
	rec(r, "window_get_short", getsockopt(fd, IPPROTO_TCP,
					      TCP_REPAIR_WINDOW, &w, &len));
	len = sizeof(w);
	rec(r, "window_get", getsockopt(fd, IPPROTO_TCP, TCP_REPAIR_WINDOW,
					&w, &len));
	say(r, "window=%u,%u,%u,%u,%u ", w.snd_wl1, w.snd_wnd, w.max_window,
	    w.rcv_wnd, w.rcv_wup);
	rec(r, "timestamp_repair", tcpopt(fd, TCP_TIMESTAMP, 1000000));
	v = getint(fd, IPPROTO_TCP, TCP_TIMESTAMP);
	prop(r, "timestamp_clock", v >= 1000000 && v < 1000000 + 6000);
	/* Repair mode lets a socket take a port in use. */
	rec(r, "on2", tcpopt(fd2, TCP_REPAIR, TCP_REPAIR_ON));
	rec(r, "bind_forced", bind_to(r, fd2, "127.0.0.1", 6301));
	rec(r, "off", tcpopt(fd, TCP_REPAIR, TCP_REPAIR_OFF));
	rec(r, "off_queue_get", getint(fd, IPPROTO_TCP, TCP_REPAIR_QUEUE));
	rec(r, "off_no_wp", tcpopt(fd, TCP_REPAIR, TCP_REPAIR_OFF_NO_WP));
	close(fd);
	close(fd2);
	close(lfd);
}

/* What TCP_REPAIR lets a checkpoint take of a connection. */
struct dump {
	unsigned int snd_seq, rcv_seq;	/* TCP_QUEUE_SEQ: the queues' ends */
	int outq, unsent, inq;
	char sndq[1024], rcvq[2048];
	int mss, ts;
	unsigned int snd_wscale, rcv_wscale;
	struct tcp_repair_window win;
};

/*
 * Checkpoint @fd (in repair mode): the queues and their sequence numbers,
 * the options the handshake agreed, the TSval clock and the windows.
 */
static void dump_sock(struct run *r, int fd, struct dump *d)
{
	struct tcp_info ti;
	socklen_t len;
	long n;

	rec(r, "outq", ioctl(fd, SIOCOUTQ, &d->outq) ?: d->outq);
	rec(r, "unsent", ioctl(fd, SIOCOUTQNSD, &d->unsent) ?: d->unsent);
	rec(r, "inq", ioctl(fd, SIOCINQ, &d->inq) ?: d->inq);
	rec(r, "q_send", tcpopt(fd, TCP_REPAIR_QUEUE, TCP_SEND_QUEUE));
	d->snd_seq = getint(fd, IPPROTO_TCP, TCP_QUEUE_SEQ);
	n = recv(fd, d->sndq, sizeof(d->sndq), MSG_PEEK | MSG_DONTWAIT);
	rec(r, "peek_send", n);
	rec(r, "q_recv", tcpopt(fd, TCP_REPAIR_QUEUE, TCP_RECV_QUEUE));
	d->rcv_seq = getint(fd, IPPROTO_TCP, TCP_QUEUE_SEQ);
	n = recv(fd, d->rcvq, sizeof(d->rcvq), MSG_PEEK | MSG_DONTWAIT);
	rec(r, "peek_recv", n);
	rec(r, "read", recv(fd, d->rcvq, 1, MSG_DONTWAIT));
	d->mss = getint(fd, IPPROTO_TCP, TCP_MAXSEG);
	rec(r, "mss", d->mss);
	d->ts = getint(fd, IPPROTO_TCP, TCP_TIMESTAMP);
	tcp_info_of(fd, &ti);
	say(r, "opts=%s%s%s ",
	    ti.tcpi_options & TCPI_OPT_TIMESTAMPS ? "ts," : "",
	    ti.tcpi_options & TCPI_OPT_SACK ? "sack," : "",
	    ti.tcpi_options & TCPI_OPT_WSCALE ? "wscale" : "");
	d->snd_wscale = ti.tcpi_snd_wscale;
	d->rcv_wscale = ti.tcpi_rcv_wscale;
	/* Both ends of a loopback pair scale alike; by how much varies. */
	prop(r, "wscales", d->snd_wscale == d->rcv_wscale &&
			   d->snd_wscale > 0);
	len = sizeof(d->win);
	rec(r, "window", getsockopt(fd, IPPROTO_TCP, TCP_REPAIR_WINDOW,
				    &d->win, &len));
	prop(r, "window_sane", d->win.max_window >= d->win.snd_wnd &&
			       d->win.snd_wnd > 0 && d->win.rcv_wnd > 0 &&
			       d->win.rcv_wup == d->rcv_seq);
}

/*
 * Restore @d in a new socket bound to @port and connected to the peer,
 * as CRIU does: the sequence numbers while closed, a connect without a
 * SYN, the options, the clock, the queues (the sent part of the send
 * queue in repair mode, as if sent), the windows, then out of repair
 * mode (a window probe) and the unsent part as an ordinary send.
 */
static int restore_sock(struct run *r, const struct dump *d, int port)
{
	struct tcp_repair_opt opts[] = {
		{ TCPOPT_MSS, d->mss },
		{ TCPOPT_WINDOW, d->snd_wscale | d->rcv_wscale << 16 },
		{ TCPOPT_SACK_PERM, 0 },
		{ TCPOPT_TIMESTAMP, 0 },
	};
	int fd = tcp(r), sent = d->outq - d->unsent;

	rec(r, "n_on", tcpopt(fd, TCP_REPAIR, TCP_REPAIR_ON));
	rec(r, "n_q_recv", tcpopt(fd, TCP_REPAIR_QUEUE, TCP_RECV_QUEUE));
	rec(r, "n_seq_recv", tcpopt(fd, TCP_QUEUE_SEQ, d->rcv_seq - d->inq));
	rec(r, "n_q_send", tcpopt(fd, TCP_REPAIR_QUEUE, TCP_SEND_QUEUE));
	rec(r, "n_seq_send", tcpopt(fd, TCP_QUEUE_SEQ, d->snd_seq - d->outq));
	rec(r, "n_bind", bind_to(r, fd, where.cli_ip, port));
	rec(r, "n_connect", connect_to(r, fd, where.srv_ip, RESTORE_PORT));
	rec(r, "n_state", tcp_state(fd));
	rec(r, "n_options", setsockopt(fd, IPPROTO_TCP, TCP_REPAIR_OPTIONS,
				       opts, sizeof(opts)));
	rec(r, "n_timestamp", tcpopt(fd, TCP_TIMESTAMP, d->ts));
	rec(r, "n_q_recv", tcpopt(fd, TCP_REPAIR_QUEUE, TCP_RECV_QUEUE));
	rec(r, "n_fill_recv", send(fd, d->rcvq, d->inq, 0));
	prop(r, "n_recv_seq", (unsigned int)getint(fd, IPPROTO_TCP,
						   TCP_QUEUE_SEQ) == d->rcv_seq);
	rec(r, "n_q_send", tcpopt(fd, TCP_REPAIR_QUEUE, TCP_SEND_QUEUE));
	rec(r, "n_fill_send", send(fd, d->sndq, sent, 0));
	prop(r, "n_send_seq", (unsigned int)getint(fd, IPPROTO_TCP,
						   TCP_QUEUE_SEQ) ==
			      d->snd_seq - d->unsent);
	rec(r, "n_unsent", ioctl(fd, SIOCOUTQNSD, &sent) ?: sent);
	rec(r, "n_window", setsockopt(fd, IPPROTO_TCP, TCP_REPAIR_WINDOW,
				      &d->win, sizeof(d->win)));
	rec(r, "n_options_late", setsockopt(fd, IPPROTO_TCP,
					    TCP_REPAIR_OPTIONS, opts,
					    sizeof(opts)));
	rec(r, "n_off", tcpopt(fd, TCP_REPAIR, TCP_REPAIR_OFF));
	rec(r, "n_send_unsent", send(fd, d->sndq + d->outq - d->unsent,
				     d->unsent, 0));
	return fd;
}

static void pattern(char *buf, int n, char base, int mod)
{
	int i;

	for (i = 0; i < n; i++)
		buf[i] = base + i % mod;
}

static void repair_restore(struct run *r)
{
	char a[1000], b[300], c[200], buf[2048];
	int cli = -1, srv = -1, nfd = -1, port;
	struct capture cap = { .fd = -1 };
	struct dump d = {};
	long n;

	pattern(a, sizeof(a), 'a', 26);
	pattern(b, sizeof(b), 'A', 26);
	pattern(c, sizeof(c), '0', 10);
	/*
	 * No tail loss probe: it would send the corked bytes (a probe
	 * ignores the cork), and the dump wants them unsent.  The restored
	 * socket's first retransmission is then its RTO's, 1 s on.
	 */
	rec(r, "no_tlp", write_sysctl(r, "tcp_early_retrans", "0"));
	if (restore_pair(r, &cli, &srv))
		goto out;
	port = local_port(cli);
	setint(cli, IPPROTO_TCP, TCP_NODELAY, 1);
	/* Unread by the client: its receive queue. */
	rec(r, "srv_send", send(srv, a, sizeof(a), 0));
	rec(r, "cli_inq", wait_inq(cli, sizeof(a), 2000));
	rec(r, "srv_acked", wait_outq_empty(srv, 2000));
	/* Sent and never acknowledged: the server drops it all for now. */
	rec(r, "drop", attach_drop_all(srv));
	rec(r, "send_unacked", send(cli, b, sizeof(b), 0));
	/* Never sent: corked, less than a segment. */
	rec(r, "cork", tcpopt(cli, TCP_CORK, 1));
	rec(r, "send_unsent", send(cli, c, sizeof(c), 0));

	rec(r, "repair", tcpopt(cli, TCP_REPAIR, TCP_REPAIR_ON));
	dump_sock(r, cli, &d);
	prop(r, "send_bytes", !memcmp(d.sndq, b, sizeof(b)) &&
			      !memcmp(d.sndq + sizeof(b), c, sizeof(c)));
	prop(r, "recv_bytes", !memcmp(d.rcvq, a, sizeof(a)));

	/* Closed in repair mode: neither FIN nor RST. */
	rec(r, "capture", capture_dev(r, &cap, port));
	rec(r, "close", close(cli));
	cli = -1;
	rec(r, "undrop", setint(srv, SOL_SOCKET, SO_DETACH_FILTER, 0));
	usleep(100 * 1000);
	rec(r, "close_fin_rst", count_flags(&cap, 0x01 | 0x04));
	rec(r, "srv_state", tcp_state(srv));
	rec(r, "srv_poll", poll_mask(srv, ALL_EVENTS, 0));

	nfd = restore_sock(r, &d, port);
	/* The peer gets the unacknowledged bytes, then the unsent ones. */
	n = recv_all(srv, buf, sizeof(b) + sizeof(c), 4000);
	rec(r, "srv_got", n);
	prop(r, "srv_bytes", n == sizeof(b) + sizeof(c) &&
			     !memcmp(buf, b, sizeof(b)) &&
			     !memcmp(buf + sizeof(b), c, sizeof(c)));
	/* The new socket reads what the old one had not. */
	n = recv_all(nfd, buf, sizeof(a), 2000);
	rec(r, "n_got", n);
	prop(r, "n_bytes", n == sizeof(a) && !memcmp(buf, a, sizeof(a)));
	/* And on, both ways. */
	rec(r, "srv_more", send(srv, c, sizeof(c), 0));
	n = recv_all(nfd, buf, sizeof(c), 2000);
	prop(r, "n_more", n == sizeof(c) && !memcmp(buf, c, sizeof(c)));
	rec(r, "n_more", send(nfd, a, sizeof(a), 0));
	n = recv_all(srv, buf, sizeof(a), 2000);
	prop(r, "srv_more", n == sizeof(a) && !memcmp(buf, a, sizeof(a)));
	rec(r, "n_acked", wait_outq_empty(nfd, 2000));
	rec(r, "fin_rst", count_flags(&cap, 0x01 | 0x04));
	rec(r, "syn", count_flags(&cap, 0x02));
	rec(r, "n_state", tcp_state(nfd));
	rec(r, "srv_state", tcp_state(srv));
out:
	if (cap.fd >= 0)
		close(cap.fd);
	close(nfd);
	close(cli);
	close(srv);
}

/* AF_INET's transcript of repair_restore over lo. */
#define RESTORE_EXPECT \
	"no_tlp=0 pair=0 srv_send=1000 cli_inq=1000 srv_acked=0 drop=0 send_unacked=300 cork=0 send_unsent=200 repair=0 outq=500 unsent=200 inq=1000 q_send=0 peek_send=500 q_recv=0 peek_recv=1000 read=EPERM mss=65495 opts=ts,sack,wscale wscales=1 window=0 window_sane=1 send_bytes=1 recv_bytes=1 capture=0 close=0 undrop=0 close_fin_rst=0 srv_state=1 srv_poll=4 n_on=0 n_q_recv=0 n_seq_recv=0 n_q_send=0 n_seq_send=0 n_bind=0 n_connect=0 n_state=1 n_options=0 n_timestamp=0 n_q_recv=0 n_fill_recv=1000 n_recv_seq=1 n_q_send=0 n_fill_send=300 n_send_seq=1 n_unsent=0 n_window=0 n_options_late=0 n_off=0 n_send_unsent=200 srv_got=500 srv_bytes=1 n_got=1000 n_bytes=1 srv_more=200 n_more=1 n_more=1000 srv_more=1 n_acked=0 fin_rst=0 syn=0 n_state=1 srv_state=1 "

FIXTURE(tcp_repair) {
	int xfamily;
};

FIXTURE_VARIANT(tcp_repair) {
	void (*fn)(struct run *r);
	const char *expect;	/* AF_INET's transcript */
};

FIXTURE_SETUP(tcp_repair)
{
	self->xfamily = xinet_family();
}

FIXTURE_TEARDOWN(tcp_repair)
{
}

/* --- variants begin */
FIXTURE_VARIANT_ADD(tcp_repair, repair_errnos) {
	.fn = repair_errnos,
	.expect =
		"queue_set=EPERM queue_get=EINVAL seq_set=EINVAL seq_get=EINVAL options=EINVAL window_set=EPERM window_get=EPERM timestamp=EPERM repair_get=0 repair_2=EINVAL repair_listener=EPERM bind_in_use=EADDRINUSE drop_cap=0 nocap_on=EPERM nocap_off=EPERM raise_cap=0 on=0 on_get=1 queue_default=0 queue_3=EINVAL queue_neg=EINVAL seq_noqueue=EINVAL peek_noqueue=EINVAL send_noqueue=EPIPE maxseg=0 queue_send=0 seq_send=0 seq_send_get=1000 peek_send=0 recv_send=EPERM queue_recv=0 seq_recv=0 seq_recv_get=2000 peek_recv=ENOTCONN options_closed=EPERM options_short=EINVAL window_short=EINVAL window_max_lt_wnd=EINVAL window_wup_ahead=EINVAL window_wl1_ahead=EINVAL window=0 window_get_short=EINVAL window_get=0 window=3000,200,300,1000,1500 timestamp_repair=0 timestamp_clock=1 on2=0 bind_forced=0 off=0 off_queue_get=EINVAL off_no_wp=0 ",
};

FIXTURE_VARIANT_ADD(tcp_repair, repair_restore) {
	.fn = repair_restore,
	.expect = RESTORE_EXPECT,
};
/* --- variants end */

TEST_F(tcp_repair, af_inet)
{
	transcript_af_inet(_metadata, variant->fn, variant->expect);
}

TEST_F_TIMEOUT(tcp_repair, af_xinet, TRANSCRIPT_TIMEOUT)
{
	transcript_af_xinet(_metadata, variant->fn, self->xfamily);
}

/*
 * repair_restore across an xnet pair with Linux's TCP as the peer: the
 * xinet client in this test's namespace (xa, 10.9.0.1), a Linux
 * listener in another (xb, 10.9.0.2).  The transcript must be AF_INET's
 * over lo, but for the MSS of the pair's MTU.
 */
TEST(linux_peer)
{
	const char *repo = getenv("XINET_REPO") ?: "../..";
	struct sockaddr_in a = { .sin_family = AF_INET,
				 .sin_port = htons(RESTORE_PORT) };
	static const char *const setup[] = {
		"ip netns add $N",
		"ip link set lo up",
		"$X link add xa peer xb netns $N",
		"ip link set xa up",
		"ip -n $N link set xb up",
		"$X addr add 10.9.0.1/24 dev xa",
		"ip -n $N addr add 10.9.0.2/24 dev xb",
	};
	char cmd[1024], ns[32], path[64], want[4096], *m;
	int self_ns, peer_ns, lfd, ret;
	struct run run = {};
	size_t i;

	snprintf(ns, sizeof(ns), "xrepair-%d", getpid());
	ASSERT_EQ(0, unshare(CLONE_NEWNET));
	/* One shell for all: each program start costs in the debug guest. */
	snprintf(cmd, sizeof(cmd), "N=%s X=%s/tools/xinet/xinet", ns, repo);
	for (i = 0; i < ARRAY_SIZE(setup); i++)
		snprintf(cmd + strlen(cmd), sizeof(cmd) - strlen(cmd), "%s%s",
			 i ? " && " : "; ", setup[i]);
	ret = system(cmd);
	snprintf(path, sizeof(path), "/run/netns/%s", ns);
	self_ns = open("/proc/self/ns/net", O_RDONLY);
	peer_ns = open(path, O_RDONLY);
	if (ret || self_ns < 0 || peer_ns < 0) {
		snprintf(cmd, sizeof(cmd), "ip netns del %s", ns);
		ret = system(cmd);
		ASSERT_TRUE(0) TH_LOG("cannot set up the pair");
	}
	/* The listener is Linux's, in the other namespace. */
	ASSERT_EQ(0, setns(peer_ns, CLONE_NEWNET));
	lfd = socket(AF_INET, SOCK_STREAM, 0);
	inet_pton(AF_INET, "10.9.0.2", &a.sin_addr);
	ASSERT_EQ(0, bind(lfd, (struct sockaddr *)&a, sizeof(a)));
	ASSERT_EQ(0, listen(lfd, 4));
	ASSERT_EQ(0, setns(self_ns, CLONE_NEWNET));

	where.lfd = lfd;
	where.cli_ip = "10.9.0.1";
	where.srv_ip = "10.9.0.2";
	where.dev = "xa";
	run.family = xinet_family();
	arm_deadline(BODY_DEADLINE_MS);
	repair_restore(&run);
	disarm_deadline();
	if (past_deadline())
		say(&run, "DEADLINE ");
	close(lfd);
	snprintf(cmd, sizeof(cmd), "ip netns del %s", ns);
	ret = system(cmd);

	snprintf(want, sizeof(want), "%s", RESTORE_EXPECT);
	/* The peer's MSS is that of the pair's MTU (1500), not lo's. */
	m = strstr(want, "mss=65495 ");
	if (m) {
		memmove(m + 9, m + 10, strlen(m + 10) + 1);
		memcpy(m, "mss=1460 ", 9);
	}
	TH_LOG("AF_XINET, Linux peer: %s", run.log);
	EXPECT_STREQ(want, run.log);
	EXPECT_EQ(0, ret);
}

TEST_HARNESS_MAIN
