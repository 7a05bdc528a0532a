// SPDX-License-Identifier: GPL-2.0
/*
 * tcp_sockopt_test: the SOL_TCP options beyond the connection's basics
 * (TCP_DEFER_ACCEPT, TCP_INQ, TCP_SAVE_SYN/TCP_SAVED_SYN,
 * TCP_THIN_LINEAR_TIMEOUTS, TCP_WINDOW_CLAMP, ...) and the socket filter
 * on TCP, side by side: each variant's af_inet case checks AF_INET
 * against the expected transcript, its af_xinet case checks AF_XINET
 * against the AF_INET transcript of the same run (see tcp_common.h).
 */
#include <linux/filter.h>
#include <stddef.h>

#include "tcp_common.h"
#include <linux/errqueue.h>
#include <sys/mman.h>

#ifndef offsetofend
#define offsetofend(type, member) \
	(offsetof(type, member) + sizeof(((type *)0)->member))
#endif

#ifndef TCP_IS_MPTCP
#define TCP_IS_MPTCP 43	/* uapi 6.2 */
#endif

/* Drop every packet: a socket filter that returns 0. */
static int attach_drop_all(int fd)
{
	struct sock_filter code[] = { BPF_STMT(BPF_RET | BPF_K, 0) };
	struct sock_fprog prog = { .len = 1, .filter = code };

	return setsockopt(fd, SOL_SOCKET, SO_ATTACH_FILTER, &prog,
			  sizeof(prog));
}

static int set_cubic(int fd)
{
	return setsockopt(fd, IPPROTO_TCP, TCP_CONGESTION, "cubic", 5);
}

/*
 * Close @fd with a reset: a socket whose peer drops everything would
 * otherwise live on as an orphan, retransmitting, and hold the module.
 */
static void close_abort(int fd)
{
	struct linger lg = { .l_onoff = 1, .l_linger = 0 };

	if (fd < 0)
		return;
	setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg));
	close(fd);
}

/* "what=set/get " for one value of an int option. */
static void rec_roundtrip(struct run *r, const char *what, int fd, int name,
			  int val)
{
	int ret = setint(fd, IPPROTO_TCP, name, val);

	if (ret < 0) {
		rec(r, what, -1);
		return;
	}
	rec(r, what, getint(fd, IPPROTO_TCP, name));
}

/*
 * Values, conversions and errnos: TCP_DEFER_ACCEPT keeps SYN-ACK
 * timeouts (5 s is three: 1 + 2 + 4 = 7 s), the flags take 0 and 1
 * only, TCP_WINDOW_CLAMP has a floor and may be cleared only before a
 * connection, TCP_CC_INFO is empty for CUBIC, an unknown option is
 * ENOPROTOOPT.
 */
static void option_values(struct run *r)
{
	int fd = tcp(r), cli, srv, val = 1;
	char info[64];
	socklen_t len;

	rec(r, "defer_default", getint(fd, IPPROTO_TCP, TCP_DEFER_ACCEPT));
	rec_roundtrip(r, "defer1", fd, TCP_DEFER_ACCEPT, 1);
	rec_roundtrip(r, "defer2", fd, TCP_DEFER_ACCEPT, 2);
	rec_roundtrip(r, "defer5", fd, TCP_DEFER_ACCEPT, 5);
	rec_roundtrip(r, "defer300", fd, TCP_DEFER_ACCEPT, 300);
	rec_roundtrip(r, "defer_huge", fd, TCP_DEFER_ACCEPT, 1000000);
	rec_roundtrip(r, "defer_neg", fd, TCP_DEFER_ACCEPT, -1);
	rec(r, "defer_short", setsockopt(fd, IPPROTO_TCP, TCP_DEFER_ACCEPT,
					 &val, 2));
	rec(r, "thin_default", getint(fd, IPPROTO_TCP,
				      TCP_THIN_LINEAR_TIMEOUTS));
	rec_roundtrip(r, "thin1", fd, TCP_THIN_LINEAR_TIMEOUTS, 1);
	rec_roundtrip(r, "thin2", fd, TCP_THIN_LINEAR_TIMEOUTS, 2);
	rec_roundtrip(r, "thin_neg", fd, TCP_THIN_LINEAR_TIMEOUTS, -1);
	rec_roundtrip(r, "dupack1", fd, TCP_THIN_DUPACK, 1);
	rec_roundtrip(r, "dupack2", fd, TCP_THIN_DUPACK, 2);
	rec(r, "save_default", getint(fd, IPPROTO_TCP, TCP_SAVE_SYN));
	rec_roundtrip(r, "save2", fd, TCP_SAVE_SYN, 2);
	rec_roundtrip(r, "save3", fd, TCP_SAVE_SYN, 3);
	rec(r, "inq_default", getint(fd, IPPROTO_TCP, TCP_INQ));
	rec_roundtrip(r, "inq1", fd, TCP_INQ, 1);
	rec_roundtrip(r, "inq2", fd, TCP_INQ, 2);
	rec(r, "clamp_default", getint(fd, IPPROTO_TCP, TCP_WINDOW_CLAMP));
	rec_roundtrip(r, "clamp100000", fd, TCP_WINDOW_CLAMP, 100000);
	/* The floor is half of SOCK_MIN_RCVBUF: the same kernel, the same. */
	rec(r, "clamp_tiny", setint(fd, IPPROTO_TCP, TCP_WINDOW_CLAMP, 1));
	prop(r, "clamp_floor", getint(fd, IPPROTO_TCP, TCP_WINDOW_CLAMP) > 1);
	rec_roundtrip(r, "clamp0", fd, TCP_WINDOW_CLAMP, 0);
	rec(r, "cubic", set_cubic(fd));
	len = sizeof(info);
	rec(r, "cc_info", getsockopt(fd, IPPROTO_TCP, TCP_CC_INFO, info, &len));
	rec(r, "cc_info_len", len);
	rec(r, "unknown", setint(fd, IPPROTO_TCP, 99, 1));
	rec(r, "unknown_get", getint(fd, IPPROTO_TCP, 99));
	len = sizeof(info);
	rec(r, "ulp_get", getsockopt(fd, IPPROTO_TCP, TCP_ULP, info, &len));
	rec(r, "ulp_get_len", len);
	rec(r, "ulp_unknown", setsockopt(fd, IPPROTO_TCP, TCP_ULP,
					 "no-such-ulp", 11));
	rec(r, "ulp_short", setsockopt(fd, IPPROTO_TCP, TCP_ULP, "x", 0));
	rec(r, "is_mptcp", getint(fd, IPPROTO_TCP, TCP_IS_MPTCP));
	if (!make_pair(r, 6201, &cli, &srv)) {
		rec(r, "clamp0_connected",
		    setint(cli, IPPROTO_TCP, TCP_WINDOW_CLAMP, 0));
		rec_roundtrip(r, "clamp_connected", cli, TCP_WINDOW_CLAMP,
			      50000);
		rec(r, "defer_child", getint(srv, IPPROTO_TCP,
					     TCP_DEFER_ACCEPT));
	}
	close(cli);
	close(srv);
	close(fd);
}

/*
 * TCP_DEFER_ACCEPT on the listener: the handshake's bare ACK is dropped
 * (TCPDeferAcceptDrop) and nothing is acceptable until data comes; the
 * connection then comes with its data.
 */
static void defer_accept(struct run *r)
{
	int lfd = listener(r, 6202, 8), fd = tcp(r), srv;
	long drops = mib(r, "netstat", "TcpExt:", "TCPDeferAcceptDrop");
	char buf[8] = "";

	rec(r, "defer", setint(lfd, IPPROTO_TCP, TCP_DEFER_ACCEPT, 2));
	rec(r, "nonblock", fcntl(lfd, F_SETFL, O_NONBLOCK));
	rec(r, "connect", connect_to(r, fd, "127.0.0.1", 6202));
	rec(r, "state", tcp_state(fd));
	rec(r, "poll_listener", poll_mask(lfd, POLLIN, 300));
	srv = accept4(lfd, NULL, NULL, SOCK_NONBLOCK);
	rec(r, "accept_early", srv);
	if (srv >= 0)
		close(srv);
	rec(r, "deferdrop",
	    mib(r, "netstat", "TcpExt:", "TCPDeferAcceptDrop") - drops);
	rec(r, "send", send(fd, "hi", 2, 0));
	rec(r, "poll_data", poll_mask(lfd, POLLIN, 3000));
	srv = accept4(lfd, NULL, NULL, SOCK_NONBLOCK);
	rec(r, "accept", srv >= 0 ? 0 : -1);
	rec(r, "inq", wait_inq(srv, 2, 1000));
	rec(r, "recv", recv(srv, buf, sizeof(buf), MSG_DONTWAIT));
	say(r, "data=%s ", buf);
	close(srv);
	close(fd);
	close(lfd);
}

/*
 * A deferred connection that never sends: at its last deferral timeout
 * the SYN-ACK goes again, the client's ACK to it is taken, and the
 * connection is accepted with nothing to read.  A connecting socket with
 * TCP_DEFER_ACCEPT holds the handshake's ACK for data (delayed ACK).
 */
static void defer_accept_expires(struct run *r)
{
	int lfd = listener(r, 6203, 8), lfd2 = listener(r, 6204, 8);
	int fd = tcp(r), fd2 = tcp(r), srv;
	struct timespec t0;
	long ms;

	rec(r, "defer", setint(lfd, IPPROTO_TCP, TCP_DEFER_ACCEPT, 1));
	rec(r, "nonblock", fcntl(lfd, F_SETFL, O_NONBLOCK));
	clock_gettime(CLOCK_MONOTONIC, &t0);
	rec(r, "connect", connect_to(r, fd, "127.0.0.1", 6203));
	rec(r, "poll", poll_mask(lfd, POLLIN, 4000));
	ms = ms_since(&t0);
	prop(r, "after_a_timeout", ms >= 800);
	srv = accept4(lfd, NULL, NULL, SOCK_NONBLOCK);
	rec(r, "accept", srv >= 0 ? 0 : -1);
	rec(r, "state", tcp_state(srv));
	rec(r, "recv", recv(srv, &ms, 1, MSG_DONTWAIT));
	close(srv);

	rec(r, "client_defer", setint(fd2, IPPROTO_TCP, TCP_DEFER_ACCEPT, 1));
	rec(r, "connect2", connect_to(r, fd2, "127.0.0.1", 6204));
	rec(r, "ack_held", poll_mask(lfd2, POLLIN, 0));
	rec(r, "send2", send(fd2, "x", 1, 0));
	rec(r, "ack_with_data", poll_mask(lfd2, POLLIN, 2000));
	close(fd);
	close(fd2);
	close(lfd);
	close(lfd2);
}

/* One read with room for a control message: "what=n what_inq=v ". */
static void rec_read_inq(struct run *r, const char *what, int fd, size_t len)
{
	char buf[16], cbuf[CMSG_SPACE(sizeof(int))];
	struct iovec iov = { .iov_base = buf, .iov_len = len };
	struct msghdr msg = {
		.msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = cbuf, .msg_controllen = sizeof(cbuf),
	};
	struct cmsghdr *cm;
	ssize_t n = recvmsg(fd, &msg, MSG_DONTWAIT);
	char name[32];

	rec(r, what, n);
	snprintf(name, sizeof(name), "%s_inq", what);
	cm = n >= 0 ? CMSG_FIRSTHDR(&msg) : NULL;
	if (!cm) {
		say(r, "%s=none ", name);
		return;
	}
	if (cm->cmsg_level != IPPROTO_TCP || cm->cmsg_type != TCP_CM_INQ ||
	    cm->cmsg_len != CMSG_LEN(sizeof(int))) {
		say(r, "%s=bad ", name);
		return;
	}
	say(r, "%s=%d ", name, *(int *)CMSG_DATA(cm));
}

/* TCP_INQ: every read tells what is left, 1 once the FIN is in. */
static void inq_cmsg(struct run *r)
{
	int cli, srv;

	if (make_pair(r, 6205, &cli, &srv))
		goto out;
	rec(r, "send", send(cli, "abcdef", 6, 0));
	wait_inq(srv, 6, 1000);
	rec_read_inq(r, "off", srv, 1);
	rec(r, "on", setint(srv, IPPROTO_TCP, TCP_INQ, 1));
	rec_read_inq(r, "read3", srv, 3);
	rec_read_inq(r, "read_rest", srv, 8);
	rec_read_inq(r, "empty", srv, 8);
	rec(r, "shutdown", shutdown(cli, SHUT_WR));
	wait_mask(srv, POLLRDHUP, 1000);
	rec_read_inq(r, "eof", srv, 8);
out:
	close(cli);
	close(srv);
}

/*
 * One MSG_ERRQUEUE read: the zerocopy notification's fields, or the
 * errno (EAGAIN: none queued).
 */
static void rec_zerocopy_note(struct run *r, const char *what, int fd)
{
	char control[CMSG_SPACE(sizeof(struct sock_extended_err) + 16)];
	struct sockaddr_in name;
	struct msghdr msg = {
		.msg_name = &name,
		.msg_namelen = sizeof(name),
		.msg_control = control,
		.msg_controllen = sizeof(control),
	};
	struct sock_extended_err *ee = NULL;
	struct cmsghdr *cm;

	if (recvmsg(fd, &msg, MSG_ERRQUEUE) < 0) {
		rec(r, what, -1);
		return;
	}
	for (cm = CMSG_FIRSTHDR(&msg); cm; cm = CMSG_NXTHDR(&msg, cm))
		if (cm->cmsg_level == SOL_IP && cm->cmsg_type == IP_RECVERR)
			ee = (struct sock_extended_err *)CMSG_DATA(cm);
	if (!ee) {
		say(r, "%s=no_cmsg ", what);
		return;
	}
	say(r, "%s=origin:%u,errno:%u,copied:%d,ids:%u-%u,namelen:%u,flags:%#x ",
	    what, ee->ee_origin, ee->ee_errno,
	    !!(ee->ee_code & SO_EE_CODE_ZEROCOPY_COPIED), ee->ee_info,
	    ee->ee_data, msg.msg_namelen, msg.msg_flags);
}

/*
 * SO_ZEROCOPY and MSG_ZEROCOPY (Documentation/networking/msg_zerocopy.rst):
 * the option on TCP and UDP only; without it MSG_ZEROCOPY is an ordinary
 * send; with it each send gets an id, and the ids of sends whose data
 * was released are reported on the error queue, consecutive ones in one
 * notification, marked copied where the loopback receiver copied them.
 */
static void zerocopy(struct run *r)
{
	static char buf[4000];
	int raw = socket(r->family, SOCK_RAW, IPPROTO_UDP);
	int u1 = socket(r->family, SOCK_DGRAM, 0);
	int u2 = socket(r->family, SOCK_DGRAM, 0);
	struct sockaddr_in a;
	int cli, srv, i;
	long got = 0, n;

	rec(r, "raw", setint(raw, SOL_SOCKET, SO_ZEROCOPY, 1));
	if (make_pair(r, 6230, &cli, &srv))
		goto out;
	setint(cli, IPPROTO_TCP, TCP_NODELAY, 1);
	rec(r, "plain", send(cli, buf, sizeof(buf), MSG_ZEROCOPY));
	wait_outq_empty(cli, 2000);
	rec_zerocopy_note(r, "no_note", cli);
	rec(r, "bad", setint(cli, SOL_SOCKET, SO_ZEROCOPY, 2));
	rec(r, "set", setint(cli, SOL_SOCKET, SO_ZEROCOPY, 1));
	rec(r, "get", getint(cli, SOL_SOCKET, SO_ZEROCOPY));
	/* One at a time, each acked before the next: one id per send. */
	for (i = 0; i < 3; i++) {
		rec(r, "zc", send(cli, buf, sizeof(buf), MSG_ZEROCOPY));
		wait_outq_empty(cli, 2000);
	}
	while (got < 4 * (long)sizeof(buf) && wait_inq(srv, 1, 1000) > 0 &&
	       (n = recv(srv, buf, sizeof(buf), MSG_DONTWAIT)) > 0)
		got += n;
	rec(r, "got", got);
	wait_mask(cli, POLLERR, 1000);
	rec_zerocopy_note(r, "note", cli);
	rec_zerocopy_note(r, "again", cli);

	/* UDP: the datagram's id, reported once it is sent. */
	bind_to(r, u2, "127.0.0.1", 6231);
	a = addr_of(r, "127.0.0.1", 6231);
	rec(r, "udp_set", setint(u1, SOL_SOCKET, SO_ZEROCOPY, 1));
	rec(r, "udp_send", sendto(u1, buf, 100, MSG_ZEROCOPY,
				  (struct sockaddr *)&a, sizeof(a)));
	rec(r, "udp_send2", sendto(u1, buf, 100, MSG_ZEROCOPY,
				   (struct sockaddr *)&a, sizeof(a)));
	wait_mask(u1, POLLERR, 1000);
	rec_zerocopy_note(r, "udp_note", u1);
out:
	close(raw);
	close(u1);
	close(u2);
	close(cli);
	close(srv);
}

/* getsockopt(TCP_ZEROCOPY_RECEIVE) with @len: "what=ret ". */
static int zc_get(struct run *r, const char *what, int fd,
		  struct tcp_zerocopy_receive *zc, socklen_t len)
{
	int ret = getsockopt(fd, IPPROTO_TCP, TCP_ZEROCOPY_RECEIVE, zc, &len);

	rec(r, what, ret);
	return ret;
}

/* The out fields of a call: "what_len=.. what_skip=.. what_inq=.. ...". */
static void rec_zc(struct run *r, const char *what,
		   const struct tcp_zerocopy_receive *zc)
{
	say(r, "%s_len=%u %s_skip=%u %s_inq=%u %s_err=%d %s_copied=%d %s_flags=%u ",
	    what, zc->length, what, zc->recv_skip_hint, what, zc->inq,
	    what, zc->err, what, zc->copybuf_len, what, zc->msg_flags);
}

/*
 * mmap() of a TCP socket and TCP_ZEROCOPY_RECEIVE's errnos and small
 * cases (Linux's tcp_mmap() and tcp_zerocopy_receive()): the mapping is
 * read-only for good; a listener is ENOTCONN; the struct is at least up
 * to .length, longer only with zeros (its size comes back), .reserved
 * and unknown .msg_flags are EINVAL; less than a page queued is only
 * hinted (recv_skip_hint), or copied into copybuf when it fits there;
 * an address outside a TCP socket's mapping is EINVAL once there is a
 * page to map, an unaligned one always, while any TCP socket's mapping
 * will do (the accepted socket's calls use the listener's); the end of
 * the stream is EIO.
 */
static void zerocopy_receive(struct run *r)
{
	long pg = sysconf(_SC_PAGESIZE);
	struct tcp_zerocopy_receive zc;
	unsigned char big[sizeof(zc) + 8] = {};
	char copybuf[256] = "", in[3 * 4096];
	int lfd = listener(r, 6240, 8), udp = socket(r->family, SOCK_DGRAM, 0);
	int cli = -1, srv = -1;
	void *map, *anon;
	socklen_t len;

	map = mmap(NULL, 4 * pg, PROT_READ | PROT_WRITE, MAP_SHARED, lfd, 0);
	rec(r, "mmap_write", map == MAP_FAILED ? -1 : 0);
	if (map != MAP_FAILED)
		munmap(map, 4 * pg);
	map = mmap(NULL, 4 * pg, PROT_READ | PROT_EXEC, MAP_PRIVATE, lfd, 0);
	rec(r, "mmap_exec", map == MAP_FAILED ? -1 : 0);
	if (map != MAP_FAILED)
		munmap(map, 4 * pg);
	map = mmap(NULL, pg, PROT_READ, MAP_SHARED, udp, 0);
	rec(r, "mmap_udp", map == MAP_FAILED ? -1 : 0);
	if (map != MAP_FAILED)
		munmap(map, pg);
	anon = mmap(NULL, 4 * pg, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	map = mmap(NULL, 4 * pg, PROT_READ, MAP_SHARED, lfd, 0);
	rec(r, "mmap", map == MAP_FAILED ? -1 : 0);
	if (map == MAP_FAILED || anon == MAP_FAILED)
		goto out;
	rec(r, "mprotect_write", mprotect(map, pg, PROT_READ | PROT_WRITE));

	memset(&zc, 0, sizeof(zc));
	zc.address = (unsigned long)map;
	zc.length = 4 * pg;
	zc_get(r, "listener", lfd, &zc, sizeof(zc));
	zc.address = (unsigned long)map + 1;
	zc_get(r, "unaligned", lfd, &zc, sizeof(zc));
	zc.address = (unsigned long)map;
	zc_get(r, "short", lfd, &zc, offsetof(struct tcp_zerocopy_receive,
					      length));
	zc_get(r, "negative", lfd, &zc, -1);

	cli = tcp(r);
	if (connect_to(r, cli, "127.0.0.1", 6240)) {
		rec(r, "connect", -1);
		goto out;
	}
	srv = accept(lfd, NULL, NULL);
	rec(r, "accept", srv < 0 ? -1 : 0);
	if (srv < 0)
		goto out;

	memset(&zc, 0, sizeof(zc));
	zc.address = (unsigned long)map;
	zc.length = 4 * pg;
	if (!zc_get(r, "empty", srv, &zc, sizeof(zc)))
		rec_zc(r, "empty", &zc);
	zc.reserved = 1;
	zc_get(r, "reserved", srv, &zc, sizeof(zc));
	zc.reserved = 0;
	zc.msg_flags = 1;
	zc_get(r, "msg_flags", srv, &zc, sizeof(zc));
	zc.msg_flags = 0;
	memcpy(big, &zc, sizeof(zc));
	big[sizeof(zc) + 3] = 1;
	zc_get(r, "long_dirty", srv, (void *)big, sizeof(big));
	big[sizeof(zc) + 3] = 0;
	len = sizeof(big);
	rec(r, "long_clean", getsockopt(srv, IPPROTO_TCP, TCP_ZEROCOPY_RECEIVE,
					big, &len));
	prop(r, "long_len_is_struct", len == sizeof(zc));

	/* Less than a page: a hint, then a copy into copybuf. */
	rec(r, "send", send(cli, "0123456789", 10, 0));
	wait_inq(srv, 10, 1000);
	memset(&zc, 0, sizeof(zc));
	zc.address = (unsigned long)map;
	zc.length = 4 * pg;
	if (!zc_get(r, "small", srv, &zc, sizeof(zc)))
		rec_zc(r, "small", &zc);
	/* A caller of 4.18 (up to .recv_skip_hint): no inq filled in. */
	memset(&zc, 0, sizeof(zc));
	zc.address = (unsigned long)map;
	zc.length = 4 * pg;
	zc.inq = 12345;
	if (!zc_get(r, "old", srv, &zc, offsetofend(struct tcp_zerocopy_receive,
						     recv_skip_hint)))
		rec_zc(r, "old", &zc);
	memset(&zc, 0, sizeof(zc));
	zc.address = (unsigned long)map;
	zc.length = 4 * pg;
	zc.copybuf_address = (unsigned long)copybuf;
	zc.copybuf_len = sizeof(copybuf);
	if (!zc_get(r, "copy", srv, &zc, sizeof(zc)))
		rec_zc(r, "copy", &zc);
	say(r, "copy_data=%.10s ", copybuf);

	/* Pages queued: only a TCP socket's mapping takes them. */
	rec(r, "send_pages", send(cli, in, sizeof(in), 0));
	wait_inq(srv, sizeof(in), 1000);
	memset(&zc, 0, sizeof(zc));
	zc.address = (unsigned long)anon;
	zc.length = 4 * pg;
	zc_get(r, "anon", srv, &zc, sizeof(zc));
	rec(r, "drain", recv(srv, in, sizeof(in), MSG_DONTWAIT));
	rec(r, "shutdown", shutdown(cli, SHUT_WR));
	wait_mask(srv, POLLRDHUP, 1000);
	memset(&zc, 0, sizeof(zc));
	zc.address = (unsigned long)map;
	zc.length = 4 * pg;
	zc_get(r, "eof", srv, &zc, sizeof(zc));
out:
	if (map != MAP_FAILED)
		munmap(map, 4 * pg);
	if (anon != MAP_FAILED)
		munmap(anon, 4 * pg);
	close(udp);
	close(lfd);
	close(cli);
	close(srv);
}

/*
 * TCP_SAVE_SYN on the listener: the accepted socket's TCP_SAVED_SYN is
 * the client's SYN from its IP header, readable once; EINVAL and the
 * size when the buffer is short.  The SYN's options differ between the
 * stacks until they offer the same ones: the transcript records the
 * headers' consistency, not their length.
 */
static void saved_syn(struct run *r)
{
	int lfd = listener(r, 6206, 8), lfd2 = listener(r, 6207, 8);
	int fd = tcp(r), fd2 = tcp(r), srv = -1, srv2 = -1;
	unsigned char syn[256];
	socklen_t len;
	int ret;

	rec(r, "save", setint(lfd, IPPROTO_TCP, TCP_SAVE_SYN, 1));
	len = sizeof(syn);
	rec(r, "listener", getsockopt(lfd, IPPROTO_TCP, TCP_SAVED_SYN, syn,
				      &len));
	rec(r, "listener_len", len);
	rec(r, "connect", connect_to(r, fd, "127.0.0.1", 6206));
	srv = accept(lfd, NULL, NULL);
	rec(r, "accept", srv >= 0 ? 0 : -1);
	len = 4;
	rec(r, "short", getsockopt(srv, IPPROTO_TCP, TCP_SAVED_SYN, syn,
				   &len));
	prop(r, "short_len_ok", len >= 40);
	len = sizeof(syn);
	ret = getsockopt(srv, IPPROTO_TCP, TCP_SAVED_SYN, syn, &len);
	rec(r, "get", ret);
	if (!ret && len >= 40) {
		unsigned int ihl = (syn[0] & 15) * 4;

		say(r, "ip=%02x proto=%u dst=%u.%u.%u.%u ", syn[0], syn[9],
		    syn[16], syn[17], syn[18], syn[19]);
		prop(r, "len_ok", len == ihl + (syn[ihl + 12] >> 4) * 4);
		prop(r, "dport_ok", syn[ihl + 2] * 256 + syn[ihl + 3] == 6206);
		prop(r, "sport_ok", syn[ihl] * 256 + syn[ihl + 1] ==
				    local_port(fd));
		say(r, "flags=%02x ", syn[ihl + 13]);
	}
	len = sizeof(syn);
	rec(r, "again", getsockopt(srv, IPPROTO_TCP, TCP_SAVED_SYN, syn,
				   &len));
	rec(r, "again_len", len);
	len = sizeof(syn);
	rec(r, "client", getsockopt(fd, IPPROTO_TCP, TCP_SAVED_SYN, syn,
				    &len));
	rec(r, "client_len", len);
	/* Without TCP_SAVE_SYN nothing is kept. */
	rec(r, "connect2", connect_to(r, fd2, "127.0.0.1", 6207));
	srv2 = accept(lfd2, NULL, NULL);
	len = sizeof(syn);
	rec(r, "unsaved", getsockopt(srv2, IPPROTO_TCP, TCP_SAVED_SYN, syn,
				     &len));
	rec(r, "unsaved_len", len);
	close(srv);
	close(srv2);
	close(fd);
	close(fd2);
	close(lfd);
	close(lfd2);
}

/*
 * A socket filter on TCP: a listener whose filter drops everything never
 * answers a SYN; an established socket whose filter drops everything
 * neither takes nor acknowledges data, which arrives by retransmission
 * once the filter is gone.
 */
static void socket_filter(struct run *r)
{
	int lfd = listener(r, 6208, 8), fd = tcp(r), cli, srv;

	rec(r, "attach_listener", attach_drop_all(lfd));
	rec(r, "nonblock", fcntl(fd, F_SETFL, O_NONBLOCK));
	rec(r, "connect", connect_to(r, fd, "127.0.0.1", 6208));
	usleep(300 * 1000);
	rec(r, "state", tcp_state(fd));
	if (make_pair(r, 6209, &cli, &srv))
		goto out;
	rec(r, "attach", attach_drop_all(srv));
	rec(r, "send", send(cli, "hello", 5, 0));
	usleep(300 * 1000);
	rec(r, "inq", wait_inq(srv, 5, 0));
	prop(r, "unacked", wait_outq_empty(cli, 0) == 5);
	rec(r, "detach", setint(srv, SOL_SOCKET, SO_DETACH_FILTER, 0));
	rec(r, "inq_after", wait_inq(srv, 5, 4000));
	rec(r, "acked", wait_outq_empty(cli, 2000));
	close(cli);
	close(srv);
out:
	close(fd);
	close(lfd);
}

/*
 * TCP_THIN_LINEAR_TIMEOUTS: with data unacknowledged (the peer's filter
 * drops it) a thin stream keeps its RTO, a normal one backs off.
 */
static void thin_linear_timeouts(struct run *r)
{
	int cli[2] = { -1, -1 }, srv[2] = { -1, -1 }, i;
	struct tcp_info ti[2];

	for (i = 0; i < 2; i++) {
		if (make_pair(r, 6210 + i, &cli[i], &srv[i]))
			goto out;
		rec(r, "attach", attach_drop_all(srv[i]));
		/* An algorithm that sets ssthresh on loss (BBR does not). */
		rec(r, "cubic", set_cubic(cli[i]));
	}
	rec(r, "thin", setint(cli[0], IPPROTO_TCP, TCP_THIN_LINEAR_TIMEOUTS,
			      1));
	for (i = 0; i < 2; i++)
		rec(r, "send", send(cli[i], "x", 1, 0));
	usleep(1000 * 1000);
	for (i = 0; i < 2; i++)
		tcp_info_of(cli[i], &ti[i]);
	prop(r, "thin_no_backoff", ti[0].tcpi_backoff == 0);
	prop(r, "thin_retransmitted", ti[0].tcpi_total_retrans >= 3);
	prop(r, "thick_backs_off", ti[1].tcpi_backoff >= 1);
	prop(r, "thick_fewer", ti[1].tcpi_total_retrans <
			       ti[0].tcpi_total_retrans);
out:
	for (i = 0; i < 2; i++) {
		close_abort(cli[i]);
		close_abort(srv[i]);
	}
}

/* Data segments @fd sent: tcpi_data_segs_out. */
static unsigned int data_segs_out(int fd)
{
	struct tcp_info ti;

	tcp_info_of(fd, &ti);
	return ti.tcpi_data_segs_out;
}

/*
 * MSG_EOR ends a record: under TCP_CORK three small writes go out as one
 * segment, but a write after a MSG_EOR one never joins it.
 */
static void msg_eor(struct run *r)
{
	char buf[100] = {}, rbuf[1000];
	int cli, srv, round;
	unsigned int segs;

	if (make_pair(r, 6212, &cli, &srv))
		goto out;
	for (round = 0; round < 2; round++) {
		int eor = round ? MSG_EOR : 0;

		rec(r, "cork", setint(cli, IPPROTO_TCP, TCP_CORK, 1));
		segs = data_segs_out(cli);
		rec(r, "send1", send(cli, buf, sizeof(buf), eor));
		rec(r, "send2", send(cli, buf, sizeof(buf), 0));
		rec(r, "send3", send(cli, buf, sizeof(buf), 0));
		rec(r, "uncork", setint(cli, IPPROTO_TCP, TCP_CORK, 0));
		rec(r, "outq", wait_outq_empty(cli, 2000));
		rec(r, eor ? "segs_eor" : "segs", data_segs_out(cli) - segs);
		rec(r, "inq", wait_inq(srv, 300, 2000));
		rec(r, "recv", recv(srv, rbuf, sizeof(rbuf), MSG_DONTWAIT));
	}
out:
	close(cli);
	close(srv);
}

/* cwnd of @fd (-1: none). */
static int snd_cwnd_of(int fd)
{
	struct tcp_info ti;

	if (fd < 0 || tcp_info_of(fd, &ti))
		return -1;
	return ti.tcpi_snd_cwnd;
}

/*
 * RFC 5681's window of one segment after a handshake that timed out more
 * than once (tcp_init_transfer).  Pair A's listener drops everything for
 * 2 s: its client's SYN goes at 0, 1 and 3 s, and the client starts with
 * cwnd 1 while the accepted end, whose SYN-ACK went once, has the
 * initial window.  Pair B's client drops everything for 2 s: the
 * listener's SYN-ACK times out and its accepted end starts with cwnd 1,
 * but the SYN-ACK that gets through echoes the client's first SYN, which
 * had arrived: its timeouts were spurious, undone (tcp_process_loss), and
 * the client keeps the initial window.
 */
static void syn_timeouts(struct run *r)
{
	int la = listener(r, 6215, 8), lb = listener(r, 6216, 8);
	int ca = tcp(r), cb = tcp(r), sa = -1, sb = -1;

	rec(r, "attach_listener", attach_drop_all(la));
	rec(r, "attach_client", attach_drop_all(cb));
	rec(r, "nonblock", fcntl(ca, F_SETFL, O_NONBLOCK) |
			   fcntl(cb, F_SETFL, O_NONBLOCK));
	rec(r, "connect_a", connect_to(r, ca, "127.0.0.1", 6215));
	rec(r, "connect_b", connect_to(r, cb, "127.0.0.1", 6216));
	usleep(2000 * 1000);
	rec(r, "detach", setint(la, SOL_SOCKET, SO_DETACH_FILTER, 0) |
			 setint(cb, SOL_SOCKET, SO_DETACH_FILTER, 0));
	rec(r, "established_a", wait_state(ca, TCP_ESTABLISHED, 2500));
	rec(r, "established_b", wait_state(cb, TCP_ESTABLISHED, 2500));
	sa = accept(la, NULL, NULL);
	sb = accept(lb, NULL, NULL);
	prop(r, "accepted", sa >= 0 && sb >= 0);
	rec(r, "client_a_cwnd", snd_cwnd_of(ca));
	rec(r, "child_a_cwnd", snd_cwnd_of(sa));
	rec(r, "client_b_cwnd", snd_cwnd_of(cb));
	rec(r, "child_b_cwnd", snd_cwnd_of(sb));
	close_abort(sa);
	close_abort(sb);
	close_abort(ca);
	close_abort(cb);
	close(la);
	close(lb);
}

/*
 * net.ipv4.tcp_reordering and its twin: a new connection's reordering
 * estimate (tcpi_reordering), 1 up to tcp_max_reordering.
 */
static void reordering_sysctl(struct run *r)
{
	int cli = -1, srv = -1;
	struct tcp_info ti;

	rec(r, "zero", write_sysctl(r, "tcp_reordering", "0"));
	rec(r, "above_max", write_sysctl(r, "tcp_reordering", "301"));
	rec(r, "set", write_sysctl(r, "tcp_reordering", "7"));
	if (!make_pair(r, 6214, &cli, &srv)) {
		tcp_info_of(cli, &ti);
		rec(r, "reordering", ti.tcpi_reordering);
		tcp_info_of(srv, &ti);
		rec(r, "child_reordering", ti.tcpi_reordering);
	}
	rec(r, "max_zero", write_sysctl(r, "tcp_max_reordering", "0"));
	rec(r, "max", write_sysctl(r, "tcp_max_reordering", "5"));
	rec(r, "above_new_max", write_sysctl(r, "tcp_reordering", "6"));
	rec(r, "restore_max", write_sysctl(r, "tcp_max_reordering", "300"));
	rec(r, "restore", write_sysctl(r, "tcp_reordering", "3"));
	close_abort(cli);
	close_abort(srv);
}

/* Unsent bytes of @fd (SIOCOUTQNSD), -1 on error. */
static int notsent_of(int fd)
{
	int n;

	return ioctl(fd, SIOCOUTQNSD, &n) ? -1 : n;
}

/*
 * TCP_NOTSENT_LOWAT and the tcp_notsent_lowat sysctl: a socket is
 * writable (poll) only while twice its unsent bytes are under the mark.
 * Corked, 3,000 bytes stay unsent: writable without a mark, not with
 * 2,000 nor 4,000, writable with 8,000; the sysctl gives a new socket
 * its mark, and uncorking sends them, writable again.
 */
static void notsent_lowat(struct run *r)
{
	static const char buf[3000];
	int cli = -1, srv = -1;

	if (make_pair(r, 6215, &cli, &srv))
		goto out;
	rec(r, "cork", setint(cli, IPPROTO_TCP, TCP_CORK, 1));
	rec(r, "send", send(cli, buf, sizeof(buf), 0));
	rec(r, "notsent", notsent_of(cli));
	rec(r, "pollout", !!(poll_mask(cli, POLLOUT, 0) & POLLOUT));
	rec(r, "lowat2000", setint(cli, IPPROTO_TCP, TCP_NOTSENT_LOWAT, 2000));
	rec(r, "pollout_2000", !!(poll_mask(cli, POLLOUT, 0) & POLLOUT));
	rec(r, "lowat4000", setint(cli, IPPROTO_TCP, TCP_NOTSENT_LOWAT, 4000));
	rec(r, "pollout_4000", !!(poll_mask(cli, POLLOUT, 0) & POLLOUT));
	rec(r, "lowat8000", setint(cli, IPPROTO_TCP, TCP_NOTSENT_LOWAT, 8000));
	rec(r, "pollout_8000", !!(poll_mask(cli, POLLOUT, 0) & POLLOUT));
	close_abort(cli);
	close_abort(srv);

	rec(r, "sysctl", write_sysctl(r, "tcp_notsent_lowat", "2000"));
	if (make_pair(r, 6216, &cli, &srv))
		goto restore;
	rec(r, "cork", setint(cli, IPPROTO_TCP, TCP_CORK, 1));
	rec(r, "send", send(cli, buf, sizeof(buf), 0));
	rec(r, "pollout_sysctl", !!(poll_mask(cli, POLLOUT, 0) & POLLOUT));
	rec(r, "uncork", setint(cli, IPPROTO_TCP, TCP_CORK, 0));
	rec(r, "outq", wait_outq_empty(cli, 2000));
	rec(r, "pollout_sent", !!(poll_mask(cli, POLLOUT, 1000) & POLLOUT));
restore:
	rec(r, "restore", write_sysctl(r, "tcp_notsent_lowat", "4294967295"));
out:
	close_abort(cli);
	close_abort(srv);
}

/*
 * Every SOL_TCP option number, get and set, on both families.  Options
 * xinet does not have yet (Documentation/socket-options.md lists them)
 * must give ENOPROTOOPT both ways; every other must answer as AF_INET
 * does: the same errno, length and, for an int, value.  When one of
 * them is implemented, the list and the table move with it.
 */
#define OPT_MAX		46

struct opt_gap {
	int opt, get_err, set_err;
};

static const struct opt_gap opt_gaps[] = {
	{ 38, ENOPROTOOPT, ENOPROTOOPT },	/* TCP_AO_ADD_KEY */
	{ 39, ENOPROTOOPT, ENOPROTOOPT },	/* TCP_AO_DEL_KEY */
	{ 40, ENOPROTOOPT, ENOPROTOOPT },	/* TCP_AO_INFO */
	{ 41, ENOPROTOOPT, ENOPROTOOPT },	/* TCP_AO_GET_KEYS */
	{ 42, ENOPROTOOPT, ENOPROTOOPT },	/* TCP_AO_REPAIR */
};

struct opt_result {
	int get_err, get_len, get_val;
	int set_err;
};

/*
 * Each option of @level on a fresh socket: getsockopt, then
 * setsockopt(int 0) on another.
 */
static int probe_options(int family, int level, int max,
			 struct opt_result *res)
{
	int opt, fd, zero = 0;

	for (opt = 1; opt <= max; opt++) {
		unsigned char buf[512] = {};
		socklen_t len = sizeof(buf);

		fd = socket(family, SOCK_STREAM, 0);
		if (fd < 0)
			return -1;
		res[opt].get_err = getsockopt(fd, level, opt, buf, &len) ?
				   errno : 0;
		res[opt].get_len = len;
		memcpy(&res[opt].get_val, buf, sizeof(int));
		close(fd);
		fd = socket(family, SOCK_STREAM, 0);
		if (fd < 0)
			return -1;
		res[opt].set_err = setsockopt(fd, level, opt, &zero,
					      sizeof(zero)) ? errno : 0;
		close(fd);
	}
	return 0;
}

/*
 * Compare the two families' answers, option by option; @gaps are
 * options xinet lacks, which must answer exactly as listed.
 */
static void compare_options(struct __test_metadata *_metadata,
			    const char *level, int max,
			    const struct opt_result *in,
			    const struct opt_result *xin,
			    const struct opt_gap *gaps, size_t ngaps,
			    const int *variable, size_t nvariable)
{
	int opt;
	size_t i;

	for (opt = 1; opt <= max; opt++) {
		const struct opt_result *a = &in[opt], *x = &xin[opt];
		const struct opt_gap *gap = NULL;
		bool vary = false;

		for (i = 0; i < ngaps; i++)
			if (gaps[i].opt == opt)
				gap = &gaps[i];
		for (i = 0; i < nvariable; i++)
			vary |= variable[i] == opt;
		if (gap) {
			EXPECT_EQ(gap->get_err, x->get_err)
				TH_LOG("%s %d: get %s, listed as missing", level,
				       opt, strerrorname_np(x->get_err));
			EXPECT_EQ(gap->set_err, x->set_err)
				TH_LOG("%s %d: set %s, listed as missing", level,
				       opt, strerrorname_np(x->set_err));
			continue;
		}
		EXPECT_EQ(a->get_err, x->get_err)
			TH_LOG("%s %d: get %s on AF_INET, %s on AF_XINET",
			       level, opt, strerrorname_np(a->get_err),
			       strerrorname_np(x->get_err));
		if (!a->get_err && !x->get_err && !vary) {
			EXPECT_EQ(a->get_len, x->get_len)
				TH_LOG("%s %d: length %d vs %d", level, opt,
				       a->get_len, x->get_len);
			if (a->get_len == sizeof(int))
				EXPECT_EQ(a->get_val, x->get_val)
					TH_LOG("%s %d: value %d vs %d", level,
					       opt, a->get_val, x->get_val);
		}
		EXPECT_EQ(a->set_err, x->set_err)
			TH_LOG("%s %d: set %s on AF_INET, %s on AF_XINET",
			       level, opt, strerrorname_np(a->set_err),
			       strerrorname_np(x->set_err));
	}
}

TEST(option_table)
{
	/*
	 * Whose value is not the family's to decide (TCP_INFO's contents,
	 * TCP_TIMESTAMP's clock).
	 */
	static const int tcp_variable[] = { TCP_INFO, TCP_TIMESTAMP };
	struct opt_result in[OPT_MAX + 1], xin[OPT_MAX + 1];

	ASSERT_EQ(0, fresh_netns());
	ASSERT_EQ(0, probe_options(AF_INET, IPPROTO_TCP, OPT_MAX, in));
	ASSERT_EQ(0, probe_options(xinet_family(), IPPROTO_TCP, OPT_MAX, xin));
	compare_options(_metadata, "SOL_TCP", OPT_MAX, in, xin, opt_gaps,
			ARRAY_SIZE(opt_gaps), tcp_variable,
			ARRAY_SIZE(tcp_variable));
}

/*
 * SOL_SOCKET on TCP sockets: the socket core answers for both families,
 * but some answers depend on the family (the core's own checks, or
 * xinet's SOL_SOCKET handling where the core knows only AF_INET).
 */
#define SO_OPT_MAX	80

static const struct opt_gap so_gaps[] = {
	/* SO_DEVMEM_DONTNEED: the core's devmem TCP is AF_INET/6's only */
	{ 80, ENOPROTOOPT, EBADF },
};

TEST(socket_option_table)
{
	/* Cookies, inodes and the like differ by nature. */
	static const int so_variable[] = {
		SO_PEERNAME, SO_COOKIE, SO_NETNS_COOKIE, SO_MEMINFO,
		SO_PEERGROUPS, SO_DOMAIN,
	};
	struct opt_result in[SO_OPT_MAX + 1], xin[SO_OPT_MAX + 1];

	ASSERT_EQ(0, fresh_netns());
	ASSERT_EQ(0, probe_options(AF_INET, SOL_SOCKET, SO_OPT_MAX, in));
	ASSERT_EQ(0, probe_options(xinet_family(), SOL_SOCKET, SO_OPT_MAX,
				   xin));
	compare_options(_metadata, "SOL_SOCKET", SO_OPT_MAX, in, xin, so_gaps,
			ARRAY_SIZE(so_gaps), so_variable,
			ARRAY_SIZE(so_variable));
}

FIXTURE(tcp_sockopt) {
	int xfamily;
};

FIXTURE_VARIANT(tcp_sockopt) {
	void (*fn)(struct run *r);
	const char *expect;	/* AF_INET's transcript */
};

FIXTURE_SETUP(tcp_sockopt)
{
	self->xfamily = xinet_family();
}

FIXTURE_TEARDOWN(tcp_sockopt)
{
}

/* --- variants begin */
FIXTURE_VARIANT_ADD(tcp_sockopt, option_values) {
	.fn = option_values,
	.expect =
		"defer_default=0 defer1=1 defer2=3 defer5=7 defer300=367 defer_huge=29887 defer_neg=0 defer_short=EINVAL thin_default=0 thin1=1 thin2=EINVAL thin_neg=EINVAL dupack1=0 dupack2=EINVAL save_default=0 save2=2 save3=EINVAL inq_default=0 inq1=1 inq2=EINVAL clamp_default=0 clamp100000=100000 clamp_tiny=0 clamp_floor=1 clamp0=0 cubic=0 cc_info=0 cc_info_len=0 unknown=ENOPROTOOPT unknown_get=ENOPROTOOPT ulp_get=0 ulp_get_len=0 ulp_unknown=ENOENT ulp_short=EINVAL is_mptcp=0 pair=0 clamp0_connected=EINVAL clamp_connected=50000 defer_child=0 ",
};

FIXTURE_VARIANT_ADD(tcp_sockopt, defer_accept) {
	.fn = defer_accept,
	.expect =
		"defer=0 nonblock=0 connect=0 state=1 poll_listener=0 accept_early=EAGAIN deferdrop=1 send=2 poll_data=1 accept=0 inq=2 recv=2 data=hi ",
};

FIXTURE_VARIANT_ADD(tcp_sockopt, defer_accept_expires) {
	.fn = defer_accept_expires,
	.expect =
		"defer=0 nonblock=0 connect=0 poll=1 after_a_timeout=1 accept=0 state=1 recv=EAGAIN client_defer=0 connect2=0 ack_held=0 send2=1 ack_with_data=1 ",
};

FIXTURE_VARIANT_ADD(tcp_sockopt, zerocopy) {
	.fn = zerocopy,
	.expect =
		"raw=EOPNOTSUPP pair=0 plain=4000 no_note=EAGAIN bad=EINVAL set=0 get=1 zc=4000 zc=4000 zc=4000 got=16000 note=origin:5,errno:0,copied:1,ids:0-2,namelen:0,flags:0x2000 again=EAGAIN udp_set=0 udp_send=100 udp_send2=100 udp_note=origin:5,errno:0,copied:1,ids:0-1,namelen:0,flags:0x2000 ",
};

FIXTURE_VARIANT_ADD(tcp_sockopt, zerocopy_receive) {
	.fn = zerocopy_receive,
	.expect =
		"mmap_write=EPERM mmap_exec=EPERM mmap_udp=ENODEV mmap=0 mprotect_write=EACCES listener=ENOTCONN unaligned=EINVAL short=EINVAL negative=EINVAL accept=0 empty=0 empty_len=0 empty_skip=0 empty_inq=0 empty_err=0 empty_copied=0 empty_flags=0 reserved=EINVAL msg_flags=EINVAL long_dirty=EINVAL long_clean=0 long_len_is_struct=1 send=10 small=0 small_len=0 small_skip=10 small_inq=10 small_err=0 small_copied=0 small_flags=0 old=0 old_len=0 old_skip=10 old_inq=12345 old_err=0 old_copied=0 old_flags=0 copy=0 copy_len=0 copy_skip=0 copy_inq=0 copy_err=0 copy_copied=10 copy_flags=0 copy_data=0123456789 send_pages=12288 anon=EINVAL drain=12288 shutdown=0 eof=EIO ",
};

FIXTURE_VARIANT_ADD(tcp_sockopt, inq_cmsg) {
	.fn = inq_cmsg,
	.expect =
		"pair=0 send=6 off=1 off_inq=none on=0 read3=3 read3_inq=2 read_rest=2 read_rest_inq=0 empty=EAGAIN empty_inq=none shutdown=0 eof=0 eof_inq=1 ",
};

FIXTURE_VARIANT_ADD(tcp_sockopt, saved_syn) {
	.fn = saved_syn,
	.expect =
		"save=0 listener=0 listener_len=0 connect=0 accept=0 short=EINVAL short_len_ok=1 get=0 ip=45 proto=6 dst=127.0.0.1 len_ok=1 dport_ok=1 sport_ok=1 flags=02 again=0 again_len=0 client=0 client_len=0 connect2=0 unsaved=0 unsaved_len=0 ",
};

FIXTURE_VARIANT_ADD(tcp_sockopt, socket_filter) {
	.fn = socket_filter,
	.expect =
		"attach_listener=0 nonblock=0 connect=EINPROGRESS state=2 pair=0 attach=0 send=5 inq=0 unacked=1 detach=0 inq_after=5 acked=0 ",
};

FIXTURE_VARIANT_ADD(tcp_sockopt, msg_eor) {
	.fn = msg_eor,
	.expect =
		"pair=0 cork=0 send1=100 send2=100 send3=100 uncork=0 outq=0 segs=1 inq=300 recv=300 cork=0 send1=100 send2=100 send3=100 uncork=0 outq=0 segs_eor=2 inq=300 recv=300 ",
};

FIXTURE_VARIANT_ADD(tcp_sockopt, thin_linear_timeouts) {
	.fn = thin_linear_timeouts,
	.expect =
		"pair=0 attach=0 cubic=0 pair=0 attach=0 cubic=0 thin=0 send=1 send=1 thin_no_backoff=1 thin_retransmitted=1 thick_backs_off=1 thick_fewer=1 ",
};
FIXTURE_VARIANT_ADD(tcp_sockopt, reordering_sysctl) {
	.fn = reordering_sysctl,
	.expect =
		"zero=EINVAL above_max=EINVAL set=0 pair=0 reordering=7 child_reordering=7 max_zero=EINVAL max=0 above_new_max=EINVAL restore_max=0 restore=0 ",
};
FIXTURE_VARIANT_ADD(tcp_sockopt, syn_timeouts) {
	.fn = syn_timeouts,
	.expect =
		"attach_listener=0 attach_client=0 nonblock=0 connect_a=EINPROGRESS connect_b=EINPROGRESS detach=0 established_a=1 established_b=1 accepted=1 client_a_cwnd=1 child_a_cwnd=10 client_b_cwnd=10 child_b_cwnd=1 ",
};
FIXTURE_VARIANT_ADD(tcp_sockopt, notsent_lowat) {
	.fn = notsent_lowat,
	.expect =
		"pair=0 cork=0 send=3000 notsent=3000 pollout=1 lowat2000=0 pollout_2000=0 lowat4000=0 pollout_4000=0 lowat8000=0 pollout_8000=1 sysctl=0 pair=0 cork=0 send=3000 pollout_sysctl=0 uncork=0 outq=0 pollout_sent=1 restore=0 ",
};
/* --- variants end */

TEST_F(tcp_sockopt, af_inet)
{
	transcript_af_inet(_metadata, variant->fn, variant->expect);
}

TEST_F_TIMEOUT(tcp_sockopt, af_xinet, TRANSCRIPT_TIMEOUT)
{
	transcript_af_xinet(_metadata, variant->fn, self->xfamily);
}

TEST_HARNESS_MAIN
