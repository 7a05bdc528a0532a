// SPDX-License-Identifier: GPL-2.0
/*
 * tcp_fastopen_test: TCP Fast Open (RFC 7413) side by side, client and
 * server of the same family over 127.0.0.1: the cookie request, then
 * data in the SYN (MSG_FASTOPEN, TCP_FASTOPEN_CONNECT), the counters of
 * TcpExt, TCP_INFO's TCPI_OPT_SYN_DATA and tcpi_fastopen_client_fail,
 * the errnos of a non-blocking or disabled Fast Open, the fallback when
 * the listener does not take Fast Open, TCP_FASTOPEN_NO_COOKIE and
 * TCP_FASTOPEN_KEY.  Each af_inet case checks AF_INET against the
 * expected transcript, each af_xinet case AF_XINET against AF_INET's
 * transcript of the same run (see tcp_common.h).
 */
#include "tcp_common.h"

#ifndef MSG_FASTOPEN
#define MSG_FASTOPEN	0x20000000
#endif

/* The TcpExt counter @name, less @base. */
static long tfo_mib(struct run *r, const char *name, long base)
{
	return mib(r, "netstat", "TcpExt:", name) - base;
}

/* sendto() with MSG_FASTOPEN to 127.0.0.1:@port. */
static long fo_sendto(struct run *r, int fd, const char *data, int port,
		      int flags)
{
	struct sockaddr_in a = addr_of(r, "127.0.0.1", port);

	return sendto(fd, data, strlen(data), MSG_FASTOPEN | flags,
		      (struct sockaddr *)&a, sizeof(a));
}

/* "what=0/1 " for TCPI_OPT_SYN_DATA, then the client fail reason. */
static void rec_syn_data(struct run *r, const char *what, int fd)
{
	struct tcp_info ti;
	char name[64];

	if (tcp_info_of(fd, &ti)) {
		rec(r, what, -1);
		return;
	}
	prop(r, what, ti.tcpi_options & TCPI_OPT_SYN_DATA);
	snprintf(name, sizeof(name), "%s_fail", what);
	rec(r, name, ti.tcpi_fastopen_client_fail);
}

/* A Fast Open listener on 127.0.0.1:@port (@qlen 0: without). */
static int fo_listener(struct run *r, int port, int qlen)
{
	int fd = tcp(r);

	if (fd < 0)
		return -1;
	if (qlen && setint(fd, IPPROTO_TCP, TCP_FASTOPEN, qlen))
		rec(r, "tcp_fastopen", -1);
	if (bind_to(r, fd, "127.0.0.1", port) || listen(fd, 8)) {
		close(fd);
		return -1;
	}
	return fd;
}

/*
 * The first MSG_FASTOPEN to a server asks for a cookie (the data goes
 * after the handshake); the second carries its data in the SYN: the
 * server's child has it on accept(), both ends see TCPI_OPT_SYN_DATA.
 */
static void cookie_then_data(struct run *r)
{
	long reqd = tfo_mib(r, "TCPFastOpenCookieReqd", 0);
	long active = tfo_mib(r, "TCPFastOpenActive", 0);
	long passive = tfo_mib(r, "TCPFastOpenPassive", 0);
	int lfd, cli, srv;

	rec(r, "sysctl", write_sysctl(r, "tcp_fastopen", "3"));
	lfd = fo_listener(r, 6301, 16);
	rec(r, "qlen", getint(lfd, IPPROTO_TCP, TCP_FASTOPEN));

	cli = tcp(r);
	rec(r, "send1", fo_sendto(r, cli, "hello", 6301, 0));
	srv = accept(lfd, NULL, NULL);
	rec(r, "accept1", srv < 0 ? -1 : 0);
	rec(r, "inq1", wait_inq(srv, 5, 2000));
	rec_read(r, "read1", srv, 5, 0);
	rec_syn_data(r, "cli1", cli);
	rec_syn_data(r, "srv1", srv);
	rec(r, "reqd", tfo_mib(r, "TCPFastOpenCookieReqd", reqd));
	close(cli);
	close(srv);

	cli = tcp(r);
	rec(r, "send2", fo_sendto(r, cli, "world", 6301, 0));
	srv = accept(lfd, NULL, NULL);
	rec(r, "accept2", srv < 0 ? -1 : 0);
	/* No wait: the data came with the SYN, before accept(). */
	rec_read(r, "read2", srv, 5, 0);
	rec_syn_data(r, "cli2", cli);
	rec_syn_data(r, "srv2", srv);
	rec(r, "active", tfo_mib(r, "TCPFastOpenActive", active));
	rec(r, "passive", tfo_mib(r, "TCPFastOpenPassive", passive));
	/* The connection goes on as any other, both ways. */
	rec(r, "reply", send(srv, "ok", 2, 0));
	rec(r, "cli_inq", wait_inq(cli, 2, 2000));
	rec_read(r, "cli_read", cli, 2, 0);
	close(cli);
	close(srv);

	/* Non-blocking with a cookie: the data is in the SYN already. */
	cli = tcp(r);
	rec(r, "send3", fo_sendto(r, cli, "abc", 6301, MSG_DONTWAIT));
	srv = accept(lfd, NULL, NULL);
	rec(r, "inq3", wait_inq(srv, 3, 2000));
	rec_read(r, "read3", srv, 3, 0);
	close(cli);
	close(srv);
	close(lfd);
}

/*
 * Errnos: non-blocking without a cookie is EINPROGRESS (the SYN asks
 * for one; the data is not taken), MSG_FASTOPEN on a connected socket
 * EISCONN, with client Fast Open off EOPNOTSUPP (and
 * TCP_FASTOPEN_CONNECT too).
 */
static void errnos(struct run *r)
{
	int lfd, cli, srv;

	rec(r, "sysctl", write_sysctl(r, "tcp_fastopen", "3"));
	lfd = fo_listener(r, 6302, 16);
	cli = tcp(r);
	rec(r, "nonblock", fo_sendto(r, cli, "hi", 6302, MSG_DONTWAIT));
	rec(r, "pollout", (wait_mask(cli, POLLOUT, 2000) & POLLOUT) != 0);
	rec(r, "connected", fo_sendto(r, cli, "hi", 6302, MSG_DONTWAIT));
	srv = accept(lfd, NULL, NULL);
	rec(r, "inq", wait_inq(srv, 0, 200));
	rec(r, "send", send(cli, "hi", 2, 0));
	rec(r, "inq2", wait_inq(srv, 2, 2000));
	close(cli);
	close(srv);

	rec(r, "off", write_sysctl(r, "tcp_fastopen", "0"));
	cli = tcp(r);
	rec(r, "disabled", fo_sendto(r, cli, "hi", 6302, 0));
	rec(r, "connect_opt", setint(cli, IPPROTO_TCP, TCP_FASTOPEN_CONNECT,
				     1));
	close(cli);
	close(lfd);
}

/*
 * TCP_FASTOPEN_CONNECT: without a cookie connect() does the handshake
 * (its SYN asks for one); with one it returns 0 at once, the socket in
 * SYN_SENT and writable, and the first write sends the SYN with data.
 */
static void fastopen_connect(struct run *r)
{
	long active = tfo_mib(r, "TCPFastOpenActive", 0);
	int lfd, cli, srv;

	rec(r, "sysctl", write_sysctl(r, "tcp_fastopen", "3"));
	lfd = fo_listener(r, 6303, 16);
	cli = tcp(r);
	rec(r, "opt", setint(cli, IPPROTO_TCP, TCP_FASTOPEN_CONNECT, 1));
	rec(r, "get", getint(cli, IPPROTO_TCP, TCP_FASTOPEN_CONNECT));
	rec(r, "connect1", connect_to(r, cli, "127.0.0.1", 6303));
	rec(r, "state1", tcp_state(cli));
	rec(r, "write1", write(cli, "one", 3));
	srv = accept(lfd, NULL, NULL);
	rec(r, "inq1", wait_inq(srv, 3, 2000));
	close(cli);
	close(srv);

	cli = tcp(r);
	setint(cli, IPPROTO_TCP, TCP_FASTOPEN_CONNECT, 1);
	rec(r, "connect2", connect_to(r, cli, "127.0.0.1", 6303));
	rec(r, "state2", tcp_state(cli));
	rec(r, "poll2", poll_mask(cli, POLLOUT, 0));
	rec(r, "write2", write(cli, "two", 3));
	srv = accept(lfd, NULL, NULL);
	rec_read(r, "read2", srv, 3, 0);
	rec_syn_data(r, "cli2", cli);
	rec(r, "active", tfo_mib(r, "TCPFastOpenActive", active));
	close(cli);
	close(srv);
	close(lfd);
}

/*
 * A cookie from one listener, used on a listener of the same address
 * without TCP_FASTOPEN: its SYN-ACK acknowledges the SYN only, the
 * client sends the data again after the handshake (TFO_DATA_NOT_ACKED,
 * TCPFastOpenActiveFail); the data arrives once.
 */
static void fallback(struct run *r)
{
	long fail = tfo_mib(r, "TCPFastOpenActiveFail", 0);
	int lfd, lfd2, cli, srv;

	rec(r, "sysctl", write_sysctl(r, "tcp_fastopen", "3"));
	lfd = fo_listener(r, 6304, 16);
	cli = tcp(r);
	rec(r, "cookie", fo_sendto(r, cli, "x", 6304, 0));
	srv = accept(lfd, NULL, NULL);
	close(cli);
	close(srv);
	close(lfd);

	lfd2 = fo_listener(r, 6305, 0);
	cli = tcp(r);
	rec(r, "send", fo_sendto(r, cli, "lost", 6305, 0));
	srv = accept(lfd2, NULL, NULL);
	rec(r, "inq", wait_inq(srv, 4, 3000));
	rec_read(r, "read", srv, 4, 0);
	rec_syn_data(r, "cli", cli);
	rec(r, "fail", tfo_mib(r, "TCPFastOpenActiveFail", fail));
	close(cli);
	close(srv);
	close(lfd2);
}

/*
 * TCP_FASTOPEN_NO_COOKIE on both ends: data in a SYN without any
 * option, taken; TCP_FASTOPEN_KEY set and read back on a listener.
 */
static void no_cookie_and_key(struct run *r)
{
	static const unsigned char key[32] = "0123456789abcdefFEDCBA9876543210";
	long passive = tfo_mib(r, "TCPFastOpenPassive", 0);
	unsigned char got[32] = "";
	socklen_t len = sizeof(got);
	int lfd, cli, srv;

	rec(r, "sysctl", write_sysctl(r, "tcp_fastopen", "3"));
	lfd = tcp(r);
	rec(r, "key_none", getsockopt(lfd, IPPROTO_TCP, TCP_FASTOPEN_KEY,
				      got, &len));
	rec(r, "key_none_len", len);
	rec(r, "key_short", setsockopt(lfd, IPPROTO_TCP, TCP_FASTOPEN_KEY,
				       key, 8));
	rec(r, "key", setsockopt(lfd, IPPROTO_TCP, TCP_FASTOPEN_KEY, key, 32));
	len = sizeof(got);
	rec(r, "key_get", getsockopt(lfd, IPPROTO_TCP, TCP_FASTOPEN_KEY, got,
				     &len));
	rec(r, "key_len", len);
	prop(r, "key_same", !memcmp(key, got, 32));
	rec(r, "nocookie", setint(lfd, IPPROTO_TCP, TCP_FASTOPEN_NO_COOKIE, 1));
	rec(r, "nocookie2", setint(lfd, IPPROTO_TCP, TCP_FASTOPEN_NO_COOKIE,
				   2));
	rec(r, "qlen", setint(lfd, IPPROTO_TCP, TCP_FASTOPEN, 4));
	rec(r, "qlen_neg", setint(lfd, IPPROTO_TCP, TCP_FASTOPEN, -1));
	if (bind_to(r, lfd, "127.0.0.1", 6306) || listen(lfd, 8))
		rec(r, "listen", -1);

	cli = tcp(r);
	rec(r, "cli_nocookie", setint(cli, IPPROTO_TCP, TCP_FASTOPEN_NO_COOKIE,
				      1));
	rec(r, "send", fo_sendto(r, cli, "free", 6306, 0));
	srv = accept(lfd, NULL, NULL);
	rec_read(r, "read", srv, 4, 0);
	rec_syn_data(r, "cli", cli);
	rec(r, "passive", tfo_mib(r, "TCPFastOpenPassive", passive));
	rec(r, "connected_opt", setint(cli, IPPROTO_TCP,
				       TCP_FASTOPEN_NO_COOKIE, 1));
	close(cli);
	close(srv);
	close(lfd);
}

FIXTURE(tcp_fastopen) {
	int xfamily;
};

FIXTURE_VARIANT(tcp_fastopen) {
	void (*fn)(struct run *r);
	const char *expect;	/* AF_INET's transcript */
};

FIXTURE_SETUP(tcp_fastopen)
{
	self->xfamily = xinet_family();
}

FIXTURE_TEARDOWN(tcp_fastopen)
{
}

/* --- variants begin */
FIXTURE_VARIANT_ADD(tcp_fastopen, cookie_then_data) {
	.fn = cookie_then_data,
	.expect =
		"sysctl=0 qlen=16 send1=5 accept1=0 inq1=5 read1=5 read1_data=hello cli1=0 cli1_fail=1 srv1=0 srv1_fail=0 reqd=1 send2=5 accept2=0 read2=5 read2_data=world cli2=1 cli2_fail=0 srv2=1 srv2_fail=0 active=1 passive=1 reply=2 cli_inq=2 cli_read=2 cli_read_data=ok send3=3 inq3=3 read3=3 read3_data=abc ",
};

FIXTURE_VARIANT_ADD(tcp_fastopen, errnos) {
	.fn = errnos,
	.expect =
		"sysctl=0 nonblock=EINPROGRESS pollout=1 connected=2 inq=2 send=2 inq2=4 off=0 disabled=EOPNOTSUPP connect_opt=EOPNOTSUPP ",
};

FIXTURE_VARIANT_ADD(tcp_fastopen, fastopen_connect) {
	.fn = fastopen_connect,
	.expect =
		"sysctl=0 opt=0 get=1 connect1=0 state1=1 write1=3 inq1=3 connect2=0 state2=2 poll2=4 write2=3 read2=3 read2_data=two cli2=1 cli2_fail=0 active=1 ",
};

FIXTURE_VARIANT_ADD(tcp_fastopen, fallback) {
	.fn = fallback,
	.expect =
		"sysctl=0 cookie=1 send=4 inq=4 read=4 read_data=lost cli=0 cli_fail=2 fail=1 ",
};

FIXTURE_VARIANT_ADD(tcp_fastopen, no_cookie_and_key) {
	.fn = no_cookie_and_key,
	.expect =
		"sysctl=0 key_none=0 key_none_len=0 key_short=EINVAL key=0 key_get=0 key_len=32 key_same=1 nocookie=0 nocookie2=EINVAL qlen=0 qlen_neg=EINVAL cli_nocookie=0 send=4 read=4 read_data=free cli=1 cli_fail=0 passive=1 connected_opt=EINVAL ",
};
/* --- variants end */

TEST_F(tcp_fastopen, af_inet)
{
	transcript_af_inet(_metadata, variant->fn, variant->expect);
}

TEST_F_TIMEOUT(tcp_fastopen, af_xinet, TRANSCRIPT_TIMEOUT)
{
	transcript_af_xinet(_metadata, variant->fn, self->xfamily);
}

TEST_HARNESS_MAIN
