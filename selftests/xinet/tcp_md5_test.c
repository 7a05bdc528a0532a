// SPDX-License-Identifier: GPL-2.0
/*
 * tcp_md5_test: TCP-MD5 signatures (RFC 2385, TCP_MD5SIG and
 * TCP_MD5SIG_EXT) side by side on AF_INET and AF_XINET over the
 * loopback (lo, xlo), each family in a namespace of its own: the
 * setsockopt errnos, a signed connection (no timestamps in its SYN, as
 * Linux's; data intact), and the three drops with their TcpExt counters
 * (a wrong key: TCPMD5Failure; no signature where a key is:
 * TCPMD5NotFound; a signature where none is: TCPMD5Unexpected), the
 * connect left waiting; the keys sock_diag shows (INET_DIAG_MD5SIG) to
 * CAP_NET_ADMIN and hides from others.  The interop with Linux across an
 * xnet pair is tcp_md5_interop_test.sh.
 */
#include <sys/wait.h>
#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/sock_diag.h>
#include "tcp_common.h"

#define PORT	6410

/* A struct tcp_md5sig for 127.0.0.1 (or @ip) with @key. */
static struct tcp_md5sig md5_cmd(const char *ip, const char *key)
{
	struct tcp_md5sig cmd = {};
	struct sockaddr_in *sin = (struct sockaddr_in *)&cmd.tcpm_addr;

	/* An AF_INET address for either family, as Linux's struct says. */
	sin->sin_family = AF_INET;
	inet_pton(AF_INET, ip, &sin->sin_addr);
	cmd.tcpm_keylen = strlen(key);
	memcpy(cmd.tcpm_key, key, cmd.tcpm_keylen);
	return cmd;
}

static int set_md5(int fd, int optname, const struct tcp_md5sig *cmd)
{
	return setsockopt(fd, IPPROTO_TCP, optname, cmd, sizeof(*cmd));
}

static long md5_mib(struct run *r, const char *name)
{
	return mib(r, "netstat", "TcpExt:", name);
}

static void errnos(struct run *r)
{
	struct tcp_md5sig cmd = md5_cmd("127.0.0.1", "secret");
	struct tcp_md5sig bad;
	char buf[sizeof(cmd)];
	socklen_t len = sizeof(buf);
	int fd = tcp(r);

	rec(r, "add", set_md5(fd, TCP_MD5SIG, &cmd));
	rec(r, "replace", set_md5(fd, TCP_MD5SIG, &cmd));
	rec(r, "short_int", setsockopt(fd, IPPROTO_TCP, TCP_MD5SIG, &cmd, 2));
	rec(r, "short", setsockopt(fd, IPPROTO_TCP, TCP_MD5SIG, &cmd,
				   sizeof(cmd) - 1));
	rec(r, "fault", setsockopt(fd, IPPROTO_TCP, TCP_MD5SIG, NULL,
				   sizeof(cmd)));
	bad = cmd;
	((struct sockaddr_in *)&bad.tcpm_addr)->sin_family = AF_INET6;
	rec(r, "family6", set_md5(fd, TCP_MD5SIG, &bad));
	((struct sockaddr_in *)&bad.tcpm_addr)->sin_family = AF_XINET;
	rec(r, "family_xinet", set_md5(fd, TCP_MD5SIG, &bad));
	bad = cmd;
	bad.tcpm_keylen = TCP_MD5SIG_MAXKEYLEN + 1;
	rec(r, "keylen81", set_md5(fd, TCP_MD5SIG, &bad));
	bad.tcpm_keylen = TCP_MD5SIG_MAXKEYLEN;
	rec(r, "keylen80", set_md5(fd, TCP_MD5SIG, &bad));
	/* Prefixes: only TCP_MD5SIG_EXT reads them. */
	bad = md5_cmd("10.0.0.0", "k");
	bad.tcpm_flags = TCP_MD5SIG_FLAG_PREFIX;
	bad.tcpm_prefixlen = 33;
	rec(r, "prefix33", set_md5(fd, TCP_MD5SIG_EXT, &bad));
	rec(r, "prefix33_plain", set_md5(fd, TCP_MD5SIG, &bad));
	bad.tcpm_prefixlen = 8;
	rec(r, "prefix8", set_md5(fd, TCP_MD5SIG_EXT, &bad));
	/* Devices: an L3 master (VRF) only; lo is none. */
	bad = md5_cmd("10.1.0.1", "k");
	bad.tcpm_flags = TCP_MD5SIG_FLAG_IFINDEX;
	bad.tcpm_ifindex = if_nametoindex("lo");
	rec(r, "ifindex_lo", set_md5(fd, TCP_MD5SIG_EXT, &bad));
	bad.tcpm_ifindex = 9999;
	rec(r, "ifindex_none", set_md5(fd, TCP_MD5SIG_EXT, &bad));
	bad.tcpm_ifindex = 0;
	rec(r, "ifindex0", set_md5(fd, TCP_MD5SIG_EXT, &bad));
	bad.tcpm_ifindex = 9999;
	rec(r, "ifindex_plain", set_md5(fd, TCP_MD5SIG, &bad));
	/* Deletes: keylen 0, the entry exactly (prefix and flags too). */
	bad = md5_cmd("10.0.0.0", "");
	rec(r, "del_prefix_as_32", set_md5(fd, TCP_MD5SIG, &bad));
	bad.tcpm_flags = TCP_MD5SIG_FLAG_PREFIX;
	bad.tcpm_prefixlen = 8;
	rec(r, "del_prefix", set_md5(fd, TCP_MD5SIG_EXT, &bad));
	rec(r, "del_again", set_md5(fd, TCP_MD5SIG_EXT, &bad));
	cmd.tcpm_keylen = 0;
	rec(r, "del", set_md5(fd, TCP_MD5SIG, &cmd));
	rec(r, "del_none", set_md5(fd, TCP_MD5SIG, &cmd));
	rec(r, "get", getsockopt(fd, IPPROTO_TCP, TCP_MD5SIG, buf, &len));
	rec(r, "get_ext", getsockopt(fd, IPPROTO_TCP, TCP_MD5SIG_EXT, buf,
				     &len));
	close(fd);
}

/*
 * Signed both ways: the listener's key covers 127.0.0.0/8, the client's
 * 127.0.0.1; 64 KiB cross intact.  The SYN offers no timestamps with a
 * key, so the connection has none; SACK is still agreed.
 */
static void signed_pair(struct run *r)
{
	struct tcp_md5sig cmd = md5_cmd("127.0.0.0", "a shared secret");
	static char out[65536], in[65536];
	long f0 = md5_mib(r, "TCPMD5Failure");
	struct tcp_info ti;
	int lfd, cli, srv;
	size_t got = 0;
	ssize_t n;
	size_t i;

	for (i = 0; i < sizeof(out); i++)
		out[i] = i * 7 + i / 251;
	lfd = tcp(r);
	rec(r, "bind", bind_to(r, lfd, "127.0.0.1", PORT));
	cmd.tcpm_flags = TCP_MD5SIG_FLAG_PREFIX;
	cmd.tcpm_prefixlen = 8;
	rec(r, "lkey", set_md5(lfd, TCP_MD5SIG_EXT, &cmd));
	rec(r, "listen", listen(lfd, 4));
	cli = tcp(r);
	cmd = md5_cmd("127.0.0.1", "a shared secret");
	rec(r, "ckey", set_md5(cli, TCP_MD5SIG, &cmd));
	rec(r, "connect", connect_to(r, cli, "127.0.0.1", PORT));
	srv = accept(lfd, NULL, NULL);
	rec(r, "accept", srv < 0 ? -1 : 0);
	if (srv < 0)
		goto out;
	tcp_info_of(cli, &ti);
	say(r, "ts=%d sack=%d ", !!(ti.tcpi_options & TCPI_OPT_TIMESTAMPS),
	    !!(ti.tcpi_options & TCPI_OPT_SACK));
	rec(r, "send", send(cli, out, sizeof(out), 0));
	while (got < sizeof(in)) {
		if (wait_mask(srv, POLLIN, 3000) <= 0)
			break;
		n = recv(srv, in + got, sizeof(in) - got, MSG_DONTWAIT);
		if (n <= 0)
			break;
		got += n;
	}
	say(r, "got=%zu same=%d ", got, !memcmp(in, out, sizeof(in)));
	rec(r, "reply", send(srv, "ok", 2, 0));
	rec_read(r, "cli_read", cli, 2, 0);
	say(r, "failures=%ld ", md5_mib(r, "TCPMD5Failure") - f0);
	close(srv);
out:
	close(cli);
	close(lfd);
}

/*
 * Connect to a listener on @port that has @lkey (NULL: none) with @ckey
 * (NULL: none) and wait 600 ms: the SYN is dropped, the connect still
 * waits; @counter ("TCPMD5Failure", ...) counted the drop.
 */
static void one_drop(struct run *r, const char *what, int port,
		     const char *lkey, const char *ckey, const char *counter)
{
	long c0 = md5_mib(r, counter);
	struct tcp_md5sig cmd;
	char name[64];
	int lfd, cli;

	lfd = tcp(r);
	bind_to(r, lfd, "127.0.0.1", port);
	if (lkey) {
		cmd = md5_cmd("127.0.0.1", lkey);
		set_md5(lfd, TCP_MD5SIG, &cmd);
	}
	listen(lfd, 4);
	cli = tcp(r);
	if (ckey) {
		cmd = md5_cmd("127.0.0.1", ckey);
		set_md5(cli, TCP_MD5SIG, &cmd);
	}
	fcntl(cli, F_SETFL, O_NONBLOCK);
	snprintf(name, sizeof(name), "%s_connect", what);
	rec(r, name, connect_to(r, cli, "127.0.0.1", port));
	snprintf(name, sizeof(name), "%s_poll", what);
	rec(r, name, poll_mask(cli, POLLOUT, 600));
	snprintf(name, sizeof(name), "%s_state", what);
	rec(r, name, tcp_state(cli));
	/* At least the first SYN; a retransmission may come in 600 ms. */
	snprintf(name, sizeof(name), "%s_counted", what);
	rec(r, name, md5_mib(r, counter) - c0 >= 1);
	close(cli);
	close(lfd);
}

static void drops(struct run *r)
{
	one_drop(r, "wrong", PORT, "secret one", "secret two",
		 "TCPMD5Failure");
	one_drop(r, "unsigned", PORT + 1, "secret", NULL, "TCPMD5NotFound");
	one_drop(r, "unexpected", PORT + 2, NULL, "secret",
		 "TCPMD5Unexpected");
}

/*
 * Dump @family's TCP listeners on local port @port through sock_diag with
 * INET_DIAG_INFO asked (the aux attributes come with it) and say what
 * INET_DIAG_MD5SIG holds: "PREFIX_keys=N" then each key's address,
 * prefix length, family and key.  Returns the number of keys, -1 on error.
 */
static int diag_md5_keys(struct run *r, const char *prefix, int port)
{
	struct {
		struct nlmsghdr nlh;
		struct inet_diag_req_v2 req;
	} q = {
		.nlh.nlmsg_len = sizeof(q),
		.nlh.nlmsg_type = SOCK_DIAG_BY_FAMILY,
		.nlh.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP,
		.req.sdiag_family = r->family,
		.req.sdiag_protocol = IPPROTO_TCP,
		.req.idiag_states = 1 << 10,	/* TCP_LISTEN */
		.req.idiag_ext = 1 << (INET_DIAG_INFO - 1),
	};
	static char buf[32768];
	int fd, keys = -1, done = 0;
	struct nlmsghdr *h;
	ssize_t n;

	fd = socket(AF_NETLINK, SOCK_RAW, NETLINK_SOCK_DIAG);
	if (fd < 0 || send(fd, &q, sizeof(q), 0) != sizeof(q))
		goto out;
	while (!done && (n = recv(fd, buf, sizeof(buf), 0)) > 0) {
		for (h = (struct nlmsghdr *)buf; NLMSG_OK(h, n);
		     h = NLMSG_NEXT(h, n)) {
			struct inet_diag_msg *m = NLMSG_DATA(h);
			struct rtattr *a;
			int len;

			if (h->nlmsg_type == NLMSG_DONE ||
			    h->nlmsg_type == NLMSG_ERROR) {
				done = 1;
				break;
			}
			if (ntohs(m->id.idiag_sport) != port)
				continue;
			keys = 0;
			len = h->nlmsg_len - NLMSG_LENGTH(sizeof(*m));
			for (a = (struct rtattr *)(m + 1); RTA_OK(a, len);
			     a = RTA_NEXT(a, len)) {
				struct tcp_diag_md5sig *k = RTA_DATA(a);
				int i, cnt;

				if (a->rta_type != INET_DIAG_MD5SIG)
					continue;
				cnt = RTA_PAYLOAD(a) / sizeof(*k);
				for (i = 0; i < cnt; i++, k++) {
					char ip[INET_ADDRSTRLEN];

					inet_ntop(AF_INET, &k->tcpm_addr[0],
						  ip, sizeof(ip));
					say(r, "%s_key%d=%s/%u,af%u,%.*s ",
					    prefix, keys++, ip,
					    k->tcpm_prefixlen, k->tcpm_family,
					    k->tcpm_keylen,
					    (char *)k->tcpm_key);
				}
			}
		}
	}
out:
	say(r, "%s_keys=%d ", prefix, keys);
	if (fd >= 0)
		close(fd);
	return keys;
}

/*
 * sock_diag shows a socket's keys (INET_DIAG_MD5SIG, one struct
 * tcp_diag_md5sig each, the key itself too) to CAP_NET_ADMIN only: a
 * child without it, asking through a netlink socket it opened, sees the
 * listener but no attribute.
 */
static void diag(struct run *r)
{
	struct tcp_md5sig cmd = md5_cmd("127.0.0.1", "hostkey");
	int lfd = tcp(r);
	pid_t pid;
	int st;

	rec(r, "bind", bind_to(r, lfd, "127.0.0.1", PORT + 3));
	rec(r, "listen", listen(lfd, 4));
	diag_md5_keys(r, "none", PORT + 3);
	rec(r, "key1", set_md5(lfd, TCP_MD5SIG, &cmd));
	cmd = md5_cmd("10.7.0.0", "netkey");
	cmd.tcpm_flags = TCP_MD5SIG_FLAG_PREFIX;
	cmd.tcpm_prefixlen = 16;
	rec(r, "key2", set_md5(lfd, TCP_MD5SIG_EXT, &cmd));
	diag_md5_keys(r, "admin", PORT + 3);
	fflush(NULL);
	pid = fork();
	if (pid == 0) {
		struct run child = { .family = r->family };

		if (setresuid(65534, 65534, 65534))
			_exit(100);
		_exit(diag_md5_keys(&child, "u", PORT + 3) + 1);
	}
	rec(r, "wait", waitpid(pid, &st, 0) == pid ? 0 : -1);
	/* 1: the listener found, no keys shown. */
	say(r, "unpriv_exit=%d ", WIFEXITED(st) ? WEXITSTATUS(st) : -1);
	close(lfd);
}

FIXTURE(tcp_md5) {
	int xfamily;
};

FIXTURE_VARIANT(tcp_md5) {
	void (*fn)(struct run *r);
	const char *expect;	/* AF_INET's transcript */
};

FIXTURE_SETUP(tcp_md5)
{
	self->xfamily = xinet_family();
}

FIXTURE_TEARDOWN(tcp_md5)
{
}

/* --- variants begin */
FIXTURE_VARIANT_ADD(tcp_md5, errnos) {
	.fn = errnos,
	.expect =
		"add=0 replace=0 short_int=EINVAL short=EINVAL fault=EFAULT family6=EINVAL family_xinet=EINVAL keylen81=EINVAL keylen80=0 prefix33=EINVAL prefix33_plain=0 prefix8=0 ifindex_lo=EINVAL ifindex_none=EINVAL ifindex0=0 ifindex_plain=0 del_prefix_as_32=0 del_prefix=0 del_again=ENOENT del=0 del_none=ENOENT get=ENOPROTOOPT get_ext=ENOPROTOOPT ",
};

FIXTURE_VARIANT_ADD(tcp_md5, signed_pair) {
	.fn = signed_pair,
	.expect =
		"bind=0 lkey=0 listen=0 ckey=0 connect=0 accept=0 ts=0 sack=1 send=65536 got=65536 same=1 reply=2 cli_read=2 cli_read_data=ok failures=0 ",
};

FIXTURE_VARIANT_ADD(tcp_md5, drops) {
	.fn = drops,
	.expect =
		"wrong_connect=EINPROGRESS wrong_poll=0 wrong_state=2 wrong_counted=1 unsigned_connect=EINPROGRESS unsigned_poll=0 unsigned_state=2 unsigned_counted=1 unexpected_connect=EINPROGRESS unexpected_poll=0 unexpected_state=2 unexpected_counted=1 ",
};
FIXTURE_VARIANT_ADD(tcp_md5, diag) {
	.fn = diag,
	.expect =
		"bind=0 listen=0 none_keys=0 key1=0 key2=0 admin_key0=10.7.0.0/16,af2,netkey admin_key1=127.0.0.1/32,af2,hostkey admin_keys=2 wait=0 unpriv_exit=1 ",
};
/* --- variants end */

TEST_F(tcp_md5, af_inet)
{
	transcript_af_inet(_metadata, variant->fn, variant->expect);
}

TEST_F_TIMEOUT(tcp_md5, af_xinet, TRANSCRIPT_TIMEOUT)
{
	transcript_af_xinet(_metadata, variant->fn, self->xfamily);
}

TEST_HARNESS_MAIN
