// SPDX-License-Identifier: GPL-2.0
/*
 * raw_ping_test: raw sockets (SOCK_RAW) and ping sockets (SOCK_DGRAM,
 * IPPROTO_ICMP), each behaviour run on AF_INET over lo and on AF_XINET
 * over xlo, in a fresh network namespace.  Each behaviour writes what it
 * saw (return values, errnos, header fields, counters) into a
 * transcript; the AF_INET transcript must be the expected one, and the
 * AF_XINET transcript must equal it.
 */

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <net/if.h>
#include <netinet/in.h>
#include <netinet/ip.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <linux/errqueue.h>
#include <linux/icmp.h>
#include <linux/sockios.h>
#include <linux/xinet.h>

#include "kselftest_harness.h"
#include "ipraw.h"
#include "transcript.h"

#ifndef SOL_RAW
#define SOL_RAW 255
#endif

static char big[70000];

static int ping(struct run *r)
{
	return socket(r->family, SOCK_DGRAM, IPPROTO_ICMP);
}

/* An echo request: 8 header bytes and @data, checksum computed. */
static size_t echo(uint8_t *buf, uint8_t type, uint8_t code, uint16_t id,
		   uint16_t seq, const char *data)
{
	struct icmphdr *h = (struct icmphdr *)buf;
	size_t len = sizeof(*h) + strlen(data);

	memset(h, 0, sizeof(*h));
	h->type = type;
	h->code = code;
	h->un.echo.id = htons(id);
	h->un.echo.sequence = htons(seq);
	memcpy(buf + sizeof(*h), data, strlen(data));
	h->checksum = csum(buf, len);
	return len;
}

/* An IPv4 header to 127.0.0.1, protocol 253, "hello" behind it. */
static size_t iphdr_253(uint8_t *buf, int ihl, uint16_t tot_len, uint16_t id,
			const char *saddr)
{
	struct iphdr *ip = (struct iphdr *)buf;

	memset(buf, 0, 64);
	ip->version = 4;
	ip->ihl = ihl;
	ip->tot_len = htons(tot_len);
	ip->id = htons(id);
	ip->ttl = 64;
	ip->protocol = 253;
	inet_pton(AF_INET, saddr, &ip->saddr);
	inet_pton(AF_INET, "127.0.0.1", &ip->daddr);
	memcpy(buf + 20, "hello", 5);
	return 25;
}

static long icmp_mib(struct run *r, const char *name)
{
	return mib(r, "snmp", "Icmp:", name);
}

/* Both families' ping_group_range, in this namespace. */
static int write_range(const char *range)
{
	static const char *const paths[] = { "/proc/sys/net/ipv4/ping_group_range",
				"/proc/sys/net/xinet/ping_group_range" };
	int i, fd;

	for (i = 0; i < 2; i++) {
		fd = open(paths[i], O_WRONLY);
		if (fd < 0)
			return -1;
		if (write(fd, range, strlen(range)) < 0) {
			close(fd);
			return -1;
		}
		close(fd);
	}
	return 0;
}

/*
 * recvmsg(MSG_ERRQUEUE): "what=ret what_ee=errno/origin/type/code/info
 * what_from=port/addr/family/namelen what_offender=family/addr|none
 * what_flags=... what_data=hex" (at most 16 bytes of data shown).
 */
static void rec_errq(struct run *r, const char *what, int fd)
{
	char ctl[256], ip[INET_ADDRSTRLEN], oip[INET_ADDRSTRLEN];
	struct sockaddr_in from, *off;
	uint8_t data[64];
	struct iovec iov = { data, sizeof(data) };
	struct msghdr msg = {
		.msg_name = &from, .msg_namelen = sizeof(from),
		.msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = ctl, .msg_controllen = sizeof(ctl),
	};
	struct sock_extended_err *ee = NULL;
	struct cmsghdr *c;
	ssize_t n, i;

	memset(&from, 0, sizeof(from));
	n = recvmsg(fd, &msg, MSG_ERRQUEUE | MSG_DONTWAIT);
	rec(r, what, n);
	if (n < 0)
		return;
	for (c = CMSG_FIRSTHDR(&msg); c; c = CMSG_NXTHDR(&msg, c))
		if (c->cmsg_level == SOL_IP && c->cmsg_type == IP_RECVERR)
			ee = (struct sock_extended_err *)CMSG_DATA(c);
	if (!ee) {
		say(r, "%s_ee=none ", what);
		return;
	}
	say(r, "%s_ee=%s/%u/%u/%u/%u ", what,
	    strerrorname_np(ee->ee_errno) ?: "?", ee->ee_origin, ee->ee_type,
	    ee->ee_code, ee->ee_info);
	inet_ntop(AF_INET, &from.sin_addr, ip, sizeof(ip));
	say(r, "%s_from=%u/%s/%s/%u ", what, ntohs(from.sin_port), ip,
	    from.sin_family == r->family ? "fam" : "badfam", msg.msg_namelen);
	off = (struct sockaddr_in *)SO_EE_OFFENDER(ee);
	inet_ntop(AF_INET, &off->sin_addr, oip, sizeof(oip));
	if (off->sin_family == AF_UNSPEC)
		say(r, "%s_offender=none ", what);
	else
		say(r, "%s_offender=%s/%s ", what,
		    off->sin_family == r->family ? "fam" : "badfam", oip);
	say(r, "%s_flags=%s %s_data=", what,
	    msg.msg_flags & MSG_ERRQUEUE ? "errqueue" : "-", what);
	for (i = 0; i < n && i < 16; i++)
		say(r, "%02x", data[i]);
	say(r, " ");
}

/* --- raw sockets --------------------------------------------------------- */

/* The errno table of a raw socket's calls. */
static void raw_errors(struct run *r)
{
	int fd = raw(r, IPPROTO_ICMP), fd255 = raw(r, IPPROTO_RAW);
	int rawudp = raw(r, IPPROTO_UDP), u = socket(r->family, SOCK_DGRAM, 0);
	struct sockaddr_in a = addr_of(r, "127.0.0.1", 0);
	struct icmp_filter filt = { .data = 1 };
	int val = -1;
	socklen_t len = sizeof(val);

	set_effective_cap(CAP_NET_RAW, false);
	rec(r, "nocap", socket(r->family, SOCK_RAW, IPPROTO_ICMP));
	set_effective_cap(CAP_NET_RAW, true);
	rec_name(r, "name", fd, false, true);
	rec_name(r, "peer", fd, true, true);
	rec(r, "bind_nonlocal", bind_to(r, fd, "10.9.9.9", 0));
	rec(r, "bind_short", bind(fd, (struct sockaddr *)&a, 8));
	rec(r, "send_noaddr", send(fd, big, 8, 0));
	rec(r, "send_oob", send_to(r, fd, "127.0.0.1", 0, big, 8, MSG_OOB));
	rec(r, "send_shortname", sendto(fd, big, 8, 0, (struct sockaddr *)&a,
					 8));
	rec(r, "send_big", send_to(r, fd, "127.0.0.1", 0, big, sizeof(big),
				    0));
	rec(r, "hdrincl_udp", setint(u, SOL_IP, IP_HDRINCL, 1));
	rec(r, "hdrincl_get_raw", getsockopt(fd255, SOL_IP, IP_HDRINCL, &val,
					     &len));
	say(r, "hdrincl=%d ", val);
	len = sizeof(val);
	getsockopt(fd, SOL_IP, IP_HDRINCL, &val, &len);
	say(r, "hdrincl_icmp=%d ", val);
	rec(r, "filter_udp", setsockopt(rawudp, SOL_RAW, ICMP_FILTER, &filt,
					sizeof(filt)));
	rec(r, "rawopt_bad", setsockopt(fd, SOL_RAW, 99, &filt,
					sizeof(filt)));
	rec(r, "listen", listen(fd, 1));
	close(fd);
	close(fd255);
	close(rawudp);
	close(u);
}

/*
 * IP_HDRINCL: the kernel sets the total length and the checksum, a
 * missing source and ID; it refuses a buffer shorter than a header, an
 * IHL past the buffer and an IHL below 5, so nothing malformed arrives.
 */
static void hdrincl(struct run *r)
{
	int rx = raw(r, 253), tx = raw(r, IPPROTO_RAW);
	long hdr0 = mib(r, "snmp", "Ip:", "InHdrErrors");
	uint8_t pkt[64], in[128];
	struct iphdr *ip = (struct iphdr *)in;
	size_t len;
	long n;

	len = iphdr_253(pkt, 5, 9999, 0, "0.0.0.0");
	rec(r, "send", send_to(r, tx, "127.0.0.1", 0, pkt, len, 0));
	n = recv_wait(rx, in, sizeof(in), 2000);
	rec(r, "recv", n);
	if (n >= 20) {
		say(r, "tot_len=%u csum_ok=%d proto=%u data=%.5s ",
		    ntohs(ip->tot_len), !csum(in, ip->ihl * 4) ||
		    csum(in, ip->ihl * 4) == 0xffff, ip->protocol, in + 20);
		rec_addr(r, "src", &ip->saddr);
	}
	len = iphdr_253(pkt, 5, 25, 0x4242, "127.0.0.5");
	rec(r, "send_kept", send_to(r, tx, "127.0.0.1", 0, pkt, len, 0));
	n = recv_wait(rx, in, sizeof(in), 2000);
	rec(r, "recv_kept", n);
	if (n >= 20) {
		say(r, "id=%#x ", ntohs(ip->id));
		rec_addr(r, "src", &ip->saddr);
	}
	rec(r, "send_short", send_to(r, tx, "127.0.0.1", 0, pkt, 19, 0));
	iphdr_253(pkt, 15, 40, 0, "0.0.0.0");
	rec(r, "send_ihl_past", send_to(r, tx, "127.0.0.1", 0, pkt, 40, 0));
	iphdr_253(pkt, 4, 24, 0, "127.0.0.1");
	rec(r, "send_ihl4", send_to(r, tx, "127.0.0.1", 0, pkt, 24, 0));
	rec(r, "recv_ihl4", recv_wait(rx, in, sizeof(in), 300));
	say(r, "inhdrerrors=%ld ", mib(r, "snmp", "Ip:", "InHdrErrors") - hdr0);
	close(rx);
	close(tx);
}

/*
 * A raw ICMP socket sends an echo request it built itself, and sees
 * both the request and the kernel's reply, each with its IP header;
 * ICMP_FILTER hides the types it names.
 */
static void raw_icmp_echo(struct run *r)
{
	long oe = icmp_mib(r, "OutEchos"), ier = icmp_mib(r, "InEchoReps");
	int fd = raw(r, IPPROTO_ICMP);
	struct icmp_filter filt = { .data = 1 << ICMP_ECHO }, got;
	struct sockaddr_in from;
	socklen_t flen = sizeof(from), glen;
	uint8_t pkt[64], in[128];
	struct iovec iov = { .iov_base = in, .iov_len = 10 };
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1 };
	size_t len;
	long n;

	len = echo(pkt, ICMP_ECHO, 0, 0x77, 1, "abcd");
	rec(r, "send", send_to(r, fd, "127.0.0.1", 0, pkt, len, 0));
	poll_mask(fd, POLLIN, 2000);
	n = recvfrom(fd, in, sizeof(in), MSG_DONTWAIT,
		     (struct sockaddr *)&from, &flen);
	rec(r, "recv1", n);
	say(r, "ihl=%d type=%d fam=%s port=%d flen=%u ", in[0] & 15, in[20],
	    from.sin_family == r->family ? "ok" : "bad", ntohs(from.sin_port),
	    flen);
	rec_addr(r, "from", &from.sin_addr);
	n = recv_wait(fd, in, sizeof(in), 2000);
	rec(r, "recv2", n);
	say(r, "type=%d id=%#x ", in[20], in[24] << 8 | in[25]);

	rec(r, "filter", setsockopt(fd, SOL_RAW, ICMP_FILTER, &filt,
				    sizeof(filt)));
	glen = sizeof(got);
	rec(r, "getfilter", getsockopt(fd, SOL_RAW, ICMP_FILTER, &got, &glen));
	say(r, "filter=%#x len=%u ", got.data, glen);
	glen = 2;
	getsockopt(fd, SOL_RAW, ICMP_FILTER, &got, &glen);
	say(r, "shortlen=%u ", glen);
	rec(r, "send2", send_to(r, fd, "127.0.0.1", 0, pkt, len, 0));
	poll_mask(fd, POLLIN, 2000);
	rec(r, "poll", poll_mask(fd, POLLIN | POLLOUT, 0));
	rec(r, "peek", recv(fd, in, sizeof(in), MSG_PEEK));
	rec(r, "inq", ioctl(fd, SIOCINQ, &n) ? -1 : n);
	rec(r, "trunc", recvmsg(fd, &mh, MSG_TRUNC));
	say(r, "flags_trunc=%d type=%d ", !!(mh.msg_flags & MSG_TRUNC),
	    in[20]);
	rec(r, "filtered", recv_wait(fd, in, sizeof(in), 300));
	say(r, "outechos=%ld inechoreps=%ld ", icmp_mib(r, "OutEchos") - oe,
	    icmp_mib(r, "InEchoReps") - ier);
	close(fd);
}

/*
 * A raw UDP socket sees a datagram its UDP socket also receives; raw
 * sockets bound elsewhere, connected elsewhere, of another protocol,
 * or disconnected (which unhashes them, as __udp_disconnect does) see
 * nothing.
 */
static void raw_sees_udp(struct run *r)
{
	int u = socket(r->family, SOCK_DGRAM, 0);
	int cli = socket(r->family, SOCK_DGRAM, 0);
	int rw = raw(r, IPPROTO_UDP), other = raw(r, IPPROTO_UDP);
	int conn = raw(r, IPPROTO_UDP), tcp = raw(r, IPPROTO_TCP);
	int unspec = raw(r, IPPROTO_UDP);
	struct sockaddr any = { .sa_family = AF_UNSPEC };
	uint8_t in[128];
	long n;

	bind_to(r, u, "127.0.0.1", 5100);
	rec(r, "bind_other", bind_to(r, other, "127.0.0.2", 0));
	rec(r, "connect", connect_to(r, conn, "127.0.0.9", 0));
	rec_name(r, "conn_peer", conn, true, true);
	connect_to(r, unspec, "127.0.0.1", 0);
	rec(r, "unspec", connect(unspec, &any, sizeof(any)));
	rec(r, "send", send_to(r, cli, "127.0.0.1", 5100, "x", 1, 0));
	rec(r, "udp", recv_wait(u, in, sizeof(in), 2000));
	n = recv_wait(rw, in, sizeof(in), 2000);
	rec(r, "raw", n);
	say(r, "proto=%d dport=%d ", in[9], in[22] << 8 | in[23]);
	rec(r, "other", recv_wait(other, in, sizeof(in), 100));
	rec(r, "conn", recv(conn, in, sizeof(in), MSG_DONTWAIT));
	rec(r, "tcp", recv(tcp, in, sizeof(in), MSG_DONTWAIT));
	rec(r, "unspec_recv", recv(unspec, in, sizeof(in), MSG_DONTWAIT));
	close(u); close(cli); close(rw); close(other); close(conn);
	close(tcp); close(unspec);
}

/*
 * A protocol no transport handles is answered with protocol unreachable,
 * unless a raw socket of that protocol took the packet.
 */
static void unknown_proto(struct run *r)
{
	int rx = raw(r, 253), tx = raw(r, IPPROTO_RAW);
	long unk = mib(r, "snmp", "Ip:", "InUnknownProtos");
	long dst = icmp_mib(r, "OutDestUnreachs");
	uint8_t pkt[64], in[128];
	size_t len = iphdr_253(pkt, 5, 25, 0, "127.0.0.1");

	send_to(r, tx, "127.0.0.1", 0, pkt, len, 0);
	rec(r, "listener", recv_wait(rx, in, sizeof(in), 2000));
	usleep(100 * 1000);
	say(r, "unknown=%ld unreach=%ld ",
	    mib(r, "snmp", "Ip:", "InUnknownProtos") - unk,
	    icmp_mib(r, "OutDestUnreachs") - dst);
	close(rx);
	send_to(r, tx, "127.0.0.1", 0, pkt, len, 0);
	usleep(200 * 1000);
	say(r, "unknown=%ld unreach=%ld ",
	    mib(r, "snmp", "Ip:", "InUnknownProtos") - unk,
	    icmp_mib(r, "OutDestUnreachs") - dst);
	close(tx);
}

/*
 * An ICMP error from 127.0.0.1 about a packet 127.0.0.1 sent, written
 * whole (IP_HDRINCL): type 3 @code (announcing @mtu for "fragmentation
 * needed"), quoting a header of @proto, 8 bytes and @data: a UDP header
 * from port 40000 to port 9, or an echo request with @ident.  @buf has
 * room for 56 bytes and @data.
 */
static size_t icmp_error(uint8_t *buf, int code, uint16_t mtu, int proto,
			 uint16_t ident, const char *data)
{
	struct iphdr *ip = (struct iphdr *)buf, *q = (struct iphdr *)(buf + 28);
	struct icmphdr *h = (struct icmphdr *)(buf + 20);
	size_t dlen = strlen(data);
	uint8_t *t = buf + 48;

	memset(buf, 0, 56);
	ip->version = 4;
	ip->ihl = 5;
	ip->ttl = 64;
	ip->protocol = IPPROTO_ICMP;
	inet_pton(AF_INET, "127.0.0.1", &ip->saddr);
	ip->daddr = ip->saddr;
	*q = *ip;
	q->protocol = proto;
	q->tot_len = htons(28 + dlen);
	q->check = csum(q, 20);
	if (proto == IPPROTO_UDP) {
		t[0] = 40000 >> 8, t[1] = 40000 & 0xff, t[3] = 9, t[5] = 8 + dlen;
	} else {
		t[0] = ICMP_ECHO;
		t[4] = ident >> 8, t[5] = ident & 0xff, t[7] = 1;
	}
	memcpy(t + 8, data, dlen);
	h->type = ICMP_DEST_UNREACH;
	h->code = code;
	h->un.frag.mtu = htons(mtu);
	h->checksum = csum(h, 36 + dlen);
	return 56 + dlen;
}

/*
 * An ICMP error reaches a connected raw socket of the quoted protocol,
 * and the ping socket whose identifier the quoted echo request carries,
 * as the error of their next call when it is hard (port and protocol
 * unreachable); a soft one (host unreachable) only with IP_RECVERR.
 */
static void icmp_errors(struct run *r)
{
	int tx = raw(r, IPPROTO_RAW), conn = raw(r, IPPROTO_UDP);
	int loose = raw(r, IPPROTO_UDP), p;
	uint8_t pkt[64], in[128];
	size_t len;

	write_range("0 0");
	p = ping(r);
	bind_to(r, p, "127.0.0.1", 4321);
	rec(r, "ping_connect", connect_to(r, p, "127.0.0.1", 0));
	rec(r, "raw_connect", connect_to(r, conn, "127.0.0.1", 0));
	len = icmp_error(pkt, ICMP_PORT_UNREACH, 0, IPPROTO_UDP, 0, "");
	rec(r, "send", send_to(r, tx, "127.0.0.1", 0, pkt, len, 0));
	usleep(200 * 1000);
	rec(r, "raw_conn", recv(conn, in, sizeof(in), MSG_DONTWAIT));
	rec(r, "raw_conn_again", recv(conn, in, sizeof(in), MSG_DONTWAIT));
	rec(r, "raw_loose", recv(loose, in, sizeof(in), MSG_DONTWAIT));
	len = icmp_error(pkt, ICMP_HOST_UNREACH, 0, IPPROTO_UDP, 0, "");
	send_to(r, tx, "127.0.0.1", 0, pkt, len, 0);
	usleep(200 * 1000);
	rec(r, "raw_soft", recv(conn, in, sizeof(in), MSG_DONTWAIT));
	len = icmp_error(pkt, ICMP_PROT_UNREACH, 0, IPPROTO_ICMP, 4321, "");
	send_to(r, tx, "127.0.0.1", 0, pkt, len, 0);
	usleep(200 * 1000);
	rec(r, "ping_hard", recv(p, in, sizeof(in), MSG_DONTWAIT));
	len = icmp_error(pkt, ICMP_HOST_UNREACH, 0, IPPROTO_ICMP, 4321, "");
	send_to(r, tx, "127.0.0.1", 0, pkt, len, 0);
	usleep(200 * 1000);
	rec(r, "ping_soft", recv(p, in, sizeof(in), MSG_DONTWAIT));
	rec(r, "recverr", setint(p, SOL_IP, IP_RECVERR, 1));
	send_to(r, tx, "127.0.0.1", 0, pkt, len, 0);
	usleep(200 * 1000);
	rec(r, "ping_soft_recverr", recv(p, in, sizeof(in), MSG_DONTWAIT));
	close(tx);
	close(conn);
	close(loose);
	close(p);
}

/* A UDP datagram from port 40000 to port 9 with "ping": 12 bytes. */
static size_t udp_to_9(uint8_t *buf)
{
	memset(buf, 0, 8);
	buf[0] = 40000 >> 8, buf[1] = 40000 & 0xff, buf[3] = 9, buf[5] = 12;
	memcpy(buf + 8, "ping", 4);
	return 12;
}

/*
 * IP_RECVERR on a raw UDP socket: the port unreachable that its datagram
 * to a closed port draws is queued (POLLERR until read), the quoted UDP
 * header and data as the error's data, the whole quoted packet once the
 * socket writes its headers (IP_HDRINCL); the quoted destination is the
 * name, the ICMP's source the offender.  Without IP_RECVERR the
 * unconnected socket learns nothing.
 */
static void raw_recverr(struct run *r)
{
	int fd = raw(r, IPPROTO_UDP);
	uint8_t pkt[64], in[128];
	struct iphdr *ip = (struct iphdr *)pkt;
	size_t len = udp_to_9(pkt + 20);

	rec(r, "send_quiet", send_to(r, fd, "127.0.0.1", 0, pkt + 20, len, 0));
	usleep(200 * 1000);
	rec(r, "poll_quiet", poll_mask(fd, POLLIN, 0));
	rec(r, "own", recv(fd, in, sizeof(in), MSG_DONTWAIT));
	rec_errq(r, "quiet", fd);

	rec(r, "recverr", setint(fd, SOL_IP, IP_RECVERR, 1));
	rec(r, "send", send_to(r, fd, "127.0.0.1", 0, pkt + 20, len, 0));
	usleep(200 * 1000);
	rec(r, "poll", poll_mask(fd, POLLIN, 0));
	rec_errq(r, "err", fd);
	rec(r, "poll_read", poll_mask(fd, POLLIN, 0));
	rec(r, "own2", recv(fd, in, sizeof(in), MSG_DONTWAIT));
	rec_errq(r, "empty", fd);

	/* The quoted header comes back as written, the kernel's fix-ups in. */
	memset(pkt, 0, 20);
	ip->version = 4;
	ip->ihl = 5;
	ip->id = htons(0x4242);
	ip->ttl = 64;
	ip->protocol = IPPROTO_UDP;
	inet_pton(AF_INET, "127.0.0.1", &ip->daddr);
	rec(r, "hdrincl", setint(fd, SOL_IP, IP_HDRINCL, 1));
	rec(r, "send_hdrincl", send_to(r, fd, "127.0.0.1", 0, pkt, len + 20,
				       0));
	usleep(200 * 1000);
	rec_errq(r, "err_hdrincl", fd);
	close(fd);
}

/*
 * A send over the MTU that may not be fragmented fails with EMSGSIZE
 * and, with IP_RECVERR only, leaves a local error whose info is the
 * MTU: the path's with IP_PMTUDISC_DO, the device's with IP_HDRINCL.
 */
static void raw_local_error(struct run *r)
{
	int fd = raw(r, IPPROTO_UDP);
	static uint8_t buf[1500];

	rec(r, "set_mtu", set_lo_mtu(r, 1400));
	rec(r, "do", setint(fd, SOL_IP, IP_MTU_DISCOVER, IP_PMTUDISC_DO));
	rec(r, "send_over", send_to(r, fd, "127.0.0.1", 0, buf, 1381, 0));
	rec_errq(r, "quiet", fd);
	rec(r, "recverr", setint(fd, SOL_IP, IP_RECVERR, 1));
	rec(r, "send_over2", send_to(r, fd, "127.0.0.1", 0, buf, 1381, 0));
	rec(r, "poll", poll_mask(fd, POLLIN, 0));
	rec_errq(r, "err", fd);
	rec(r, "hdrincl", setint(fd, SOL_IP, IP_HDRINCL, 1));
	rec(r, "send_hdrincl", send_to(r, fd, "127.0.0.1", 0, buf, 1401, 0));
	rec_errq(r, "err_hdrincl", fd);
	rec_errq(r, "empty", fd);
	close(fd);
}

/*
 * A "fragmentation needed" about a raw socket's packet is queued as
 * EMSGSIZE with the announced MTU, even with IP_PMTUDISC_DONT.
 */
static void raw_frag_needed(struct run *r)
{
	int tx = raw(r, IPPROTO_RAW), fd = raw(r, IPPROTO_UDP);
	uint8_t pkt[64];
	size_t len;

	rec(r, "recverr", setint(fd, SOL_IP, IP_RECVERR, 1));
	len = icmp_error(pkt, ICMP_FRAG_NEEDED, 1300, IPPROTO_UDP, 0, "");
	rec(r, "send", send_to(r, tx, "127.0.0.1", 0, pkt, len, 0));
	usleep(200 * 1000);
	rec_errq(r, "frag", fd);
	rec(r, "dont", setint(fd, SOL_IP, IP_MTU_DISCOVER, IP_PMTUDISC_DONT));
	send_to(r, tx, "127.0.0.1", 0, pkt, len, 0);
	usleep(200 * 1000);
	rec_errq(r, "frag_dont", fd);
	close(tx);
	close(fd);
}

/*
 * IP_RECVERR on a ping socket and on a raw ICMP socket: an error quoting
 * the ping socket's echo request is queued on both, the quoted echo
 * header and data as the error's data (POLLERR until read).  sk_err
 * follows the queue: reading an error makes the next one's pending.
 */
static void ping_recverr(struct run *r)
{
	int tx = raw(r, IPPROTO_RAW), ri = raw(r, IPPROTO_ICMP), p;
	uint8_t pkt[96], in[128];
	size_t len;

	write_range("0 0");
	p = ping(r);
	rec(r, "bind", bind_to(r, p, "127.0.0.1", 4321));
	rec(r, "recverr", setint(p, SOL_IP, IP_RECVERR, 1));
	rec(r, "raw_recverr", setint(ri, SOL_IP, IP_RECVERR, 1));
	len = icmp_error(pkt, ICMP_HOST_UNREACH, 0, IPPROTO_ICMP, 4321,
			 "abcd");
	rec(r, "send", send_to(r, tx, "127.0.0.1", 0, pkt, len, 0));
	usleep(200 * 1000);
	rec(r, "poll", poll_mask(p, POLLIN, 0));
	rec_errq(r, "err", p);
	rec(r, "poll_read", poll_mask(p, POLLIN, 0));
	rec(r, "recv_read", recv(p, in, sizeof(in), MSG_DONTWAIT));
	rec_errq(r, "raw", ri);

	send_to(r, tx, "127.0.0.1", 0, pkt, len, 0);
	len = icmp_error(pkt, ICMP_PORT_UNREACH, 0, IPPROTO_ICMP, 4321, "");
	send_to(r, tx, "127.0.0.1", 0, pkt, len, 0);
	usleep(200 * 1000);
	rec(r, "recv1", recv(p, in, sizeof(in), MSG_DONTWAIT));
	rec_errq(r, "q1", p);
	rec(r, "recv2", recv(p, in, sizeof(in), MSG_DONTWAIT));
	rec_errq(r, "q2", p);
	rec_errq(r, "q3", p);
	rec(r, "recv3", recv(p, in, sizeof(in), MSG_DONTWAIT));
	close(tx);
	close(ri);
	close(p);
}

/*
 * With IP_PMTUDISC_DO a request over the MTU is refused with a local
 * error telling the MTU.  A "fragmentation needed" quoting a request is
 * queued as EMSGSIZE with the announced MTU, unless the socket lets its
 * requests be fragmented (IP_PMTUDISC_DONT).
 */
static void ping_frag_needed(struct run *r)
{
	int tx = raw(r, IPPROTO_RAW), p;
	static uint8_t buf[1500];
	uint8_t pkt[64];
	size_t len;

	write_range("0 0");
	p = ping(r);
	rec(r, "bind", bind_to(r, p, "127.0.0.1", 4321));
	rec(r, "recverr", setint(p, SOL_IP, IP_RECVERR, 1));
	rec(r, "set_mtu", set_lo_mtu(r, 1400));
	rec(r, "do", setint(p, SOL_IP, IP_MTU_DISCOVER, IP_PMTUDISC_DO));
	echo(buf, ICMP_ECHO, 0, 1, 1, "");
	rec(r, "send_fits", send_to(r, p, "127.0.0.1", 0, buf, 1380, 0));
	rec(r, "reply", recv_wait(p, buf, sizeof(buf), 2000));
	echo(buf, ICMP_ECHO, 0, 1, 1, "");
	rec(r, "send_over", send_to(r, p, "127.0.0.1", 0, buf, 1381, 0));
	rec_errq(r, "local", p);
	rec_errq(r, "empty", p);

	/* Last: AF_INET then keeps a lower path MTU for 127.0.0.1. */
	len = icmp_error(pkt, ICMP_FRAG_NEEDED, 1200, IPPROTO_ICMP, 4321, "");
	rec(r, "send", send_to(r, tx, "127.0.0.1", 0, pkt, len, 0));
	usleep(200 * 1000);
	rec_errq(r, "frag", p);
	rec(r, "dont", setint(p, SOL_IP, IP_MTU_DISCOVER, IP_PMTUDISC_DONT));
	send_to(r, tx, "127.0.0.1", 0, pkt, len, 0);
	usleep(200 * 1000);
	rec_errq(r, "frag_dont", p);
	rec(r, "recv_dont", recv(p, pkt, sizeof(pkt), MSG_DONTWAIT));
	close(tx);
	close(p);
}

/* Print the header and, from a socket list @file, the line with @key. */
static void proc_line(struct run *r, const char *file, const char *key)
{
	char path[64], line[256], head[256] = "", mine[256] = "none";
	char *tok, *save, *p;
	int i;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/net/%s%s",
		 r->family == AF_INET ? "" : "xinet/", file);
	f = fopen(path, "r");
	if (!f) {
		rec(r, "open", -1);
		return;
	}
	if (fgets(head, sizeof(head), f))
		while (fgets(line, sizeof(line), f))
			if (strstr(line, key))
				snprintf(mine, sizeof(mine), "%s", line);
	fclose(f);
	say(r, "head=[%s] line=[", strtok(head, "\n") ?: "");
	/* From local_address to uid: the rest differs by nature. */
	p = strchr(mine, ':');
	for (i = 0, tok = strtok_r(p ? p + 1 : mine, "\n ", &save);
	     tok && i < 7; i++, tok = strtok_r(NULL, "\n ", &save))
		say(r, "%s ", tok);
	say(r, "] ");
}

static void proc_raw(struct run *r)
{
	int fd = raw(r, IPPROTO_ICMP);

	bind_to(r, fd, "127.0.0.1", 0);
	proc_line(r, "raw", "0100007F:0001");
	close(fd);
}

/* --- ping sockets --------------------------------------------------------- */

/* The errno table of a ping socket's calls. */
static void ping_errors(struct run *r)
{
	struct sockaddr_in a = addr_of(r, "127.0.0.1", 0);
	uint8_t pkt[64];
	size_t len;
	int fd;

	write_range("1 0");
	rec(r, "closed_range", ping(r));
	write_range("0 0");
	fd = ping(r);
	rec(r, "open_range", fd < 0 ? -1 : 0);
	len = echo(pkt, ICMP_ECHO, 0, 1, 1, "data");
	rec(r, "send_short", send_to(r, fd, "127.0.0.1", 0, pkt, 7, 0));
	echo(pkt, ICMP_ECHOREPLY, 0, 1, 1, "data");
	rec(r, "send_reply", send_to(r, fd, "127.0.0.1", 0, pkt, len, 0));
	echo(pkt, ICMP_ECHO, 1, 1, 1, "data");
	rec(r, "send_code", send_to(r, fd, "127.0.0.1", 0, pkt, len, 0));
	echo(pkt, ICMP_ECHO, 0, 1, 1, "data");
	rec(r, "send_noaddr", send(fd, pkt, len, 0));
	rec(r, "send_big", send_to(r, fd, "127.0.0.1", 0, big, sizeof(big),
				    0));
	rec(r, "send_oob", send_to(r, fd, "127.0.0.1", 0, pkt, len, MSG_OOB));
	rec(r, "send_shortname", sendto(fd, pkt, len, 0,
					 (struct sockaddr *)&a, 8));
	a.sin_family = AF_UNIX;
	rec(r, "send_family", sendto(fd, pkt, len, 0, (struct sockaddr *)&a,
				      sizeof(a)));
	close(fd);
	fd = ping(r);
	rec(r, "bind_nonlocal", bind_to(r, fd, "10.9.9.9", 0));
	rec(r, "bind", bind_to(r, fd, "127.0.0.1", 0));
	rec_name(r, "name", fd, false, false);
	rec(r, "bind_again", bind_to(r, fd, "127.0.0.1", 0));
	rec(r, "listen", listen(fd, 1));
	close(fd);
}

/*
 * An echo round trip: the kernel writes the socket's identifier and the
 * checksum, the reply comes back with its ICMP header and the source.
 */
static void ping_echo(struct run *r)
{
	long oe = icmp_mib(r, "OutEchos"), ier = icmp_mib(r, "InEchoReps");
	long ie = icmp_mib(r, "InEchos"), oer = icmp_mib(r, "OutEchoReps");
	int fd, fd2, fd3;
	struct sockaddr_in from;
	socklen_t flen = sizeof(from);
	uint8_t pkt[64], in[128];
	struct iovec iov = { .iov_base = in, .iov_len = 4 };
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1 };
	size_t len;
	long n;

	write_range("0 0");
	fd = ping(r);
	fd2 = ping(r);
	fd3 = ping(r);
	len = echo(pkt, ICMP_ECHO, 0, 0x1234, 7, "ping");
	/* The kernel computes the checksum: a wrong one does not matter. */
	pkt[2] ^= 0x55;
	rec(r, "send", send_to(r, fd, "127.0.0.1", 0, pkt, len, 0));
	poll_mask(fd, POLLIN, 2000);
	rec(r, "poll", poll_mask(fd, POLLIN | POLLOUT, 0));
	n = recvfrom(fd, in, sizeof(in), MSG_DONTWAIT,
		     (struct sockaddr *)&from, &flen);
	rec(r, "recv", n);
	say(r, "type=%d code=%d id_is_port=%d seq=%d data=%.4s csum_ok=%d ",
	    in[0], in[1], (in[4] << 8 | in[5]) == local_port(fd),
	    in[6] << 8 | in[7], in + 8, n > 0 && !csum(in, n));
	say(r, "fam=%s port=%d flen=%u ",
	    from.sin_family == r->family ? "ok" : "bad",
	    ntohs(from.sin_port), flen);
	rec_addr(r, "from", &from.sin_addr);

	send_to(r, fd, "127.0.0.1", 0, pkt, len, 0);
	poll_mask(fd, POLLIN, 2000);
	rec(r, "trunc", recvmsg(fd, &mh, MSG_TRUNC));
	say(r, "flags_trunc=%d ", !!(mh.msg_flags & MSG_TRUNC));

	rec(r, "bind", bind_to(r, fd2, "127.0.0.1", 4321));
	rec_name(r, "name", fd2, false, true);
	send_to(r, fd2, "127.0.0.1", 0, pkt, len, 0);
	n = recv_wait(fd2, in, sizeof(in), 2000);
	rec(r, "recv_bound", n);
	say(r, "id=%d ", in[4] << 8 | in[5]);

	rec(r, "connect", connect_to(r, fd3, "127.0.0.1", 0));
	rec(r, "send_connected", send(fd3, pkt, len, 0));
	rec(r, "recv_connected", recv_wait(fd3, in, sizeof(in), 2000));
	rec(r, "again", recv(fd3, in, sizeof(in), MSG_DONTWAIT));
	say(r, "outechos=%ld inechoreps=%ld inechos=%ld outechoreps=%ld ",
	    icmp_mib(r, "OutEchos") - oe, icmp_mib(r, "InEchoReps") - ier,
	    icmp_mib(r, "InEchos") - ie, icmp_mib(r, "OutEchoReps") - oer);
	close(fd);
	close(fd2);
	close(fd3);
}

static void proc_icmp(struct run *r)
{
	int fd;

	write_range("0 0");
	fd = ping(r);
	bind_to(r, fd, "127.0.0.1", 0x1234);
	proc_line(r, "icmp", "0100007F:1234");
	close(fd);
}

/* --- the table --------------------------------------------------------- */

FIXTURE(raw_ping) {
	int xfamily;
};

FIXTURE_VARIANT(raw_ping) {
	void (*fn)(struct run *r);
	const char *expect;	/* AF_INET's transcript */
};

FIXTURE_SETUP(raw_ping)
{
	self->xfamily = xinet_family();
	ASSERT_EQ(0, netns_lo_up());
}

FIXTURE_TEARDOWN(raw_ping)
{
}

FIXTURE_VARIANT_ADD(raw_ping, raw_errors) {
	.fn = raw_errors,
	.expect = "nocap=EPERM name=0.0.0.0:1/fam/16 peer=ENOTCONN bind_nonlocal=EADDRNOTAVAIL bind_short=EINVAL send_noaddr=EDESTADDRREQ send_oob=EOPNOTSUPP send_shortname=EINVAL send_big=EMSGSIZE hdrincl_udp=ENOPROTOOPT hdrincl_get_raw=0 hdrincl=1 hdrincl_icmp=0 filter_udp=EOPNOTSUPP rawopt_bad=ENOPROTOOPT listen=EOPNOTSUPP ",
};

FIXTURE_VARIANT_ADD(raw_ping, hdrincl) {
	.fn = hdrincl,
	.expect = "send=25 recv=25 tot_len=25 csum_ok=1 proto=253 data=hello src=127.0.0.1 send_kept=25 recv_kept=25 id=0x4242 src=127.0.0.5 send_short=EINVAL send_ihl_past=EINVAL send_ihl4=EINVAL recv_ihl4=EAGAIN inhdrerrors=0 ",
};

FIXTURE_VARIANT_ADD(raw_ping, raw_icmp_echo) {
	.fn = raw_icmp_echo,
	.expect = "send=12 recv1=32 ihl=5 type=8 fam=ok port=0 flen=16 from=127.0.0.1 recv2=32 type=0 id=0x77 filter=0 getfilter=0 filter=0x100 len=4 shortlen=2 send2=12 poll=5 peek=32 inq=32 trunc=32 flags_trunc=1 type=0 filtered=EAGAIN outechos=2 inechoreps=2 ",
};

FIXTURE_VARIANT_ADD(raw_ping, raw_sees_udp) {
	.fn = raw_sees_udp,
	.expect = "bind_other=0 connect=0 conn_peer=ENOTCONN unspec=0 send=1 udp=1 raw=29 proto=17 dport=5100 other=EAGAIN conn=EAGAIN tcp=EAGAIN unspec_recv=EAGAIN ",
};

FIXTURE_VARIANT_ADD(raw_ping, unknown_proto) {
	.fn = unknown_proto,
	.expect = "listener=25 unknown=0 unreach=0 unknown=1 unreach=1 ",
};

FIXTURE_VARIANT_ADD(raw_ping, icmp_errors) {
	.fn = icmp_errors,
	.expect = "ping_connect=0 raw_connect=0 send=56 raw_conn=ECONNREFUSED raw_conn_again=EAGAIN raw_loose=EAGAIN raw_soft=EAGAIN ping_hard=ENOPROTOOPT ping_soft=EAGAIN recverr=0 ping_soft_recverr=EHOSTUNREACH ",
};

FIXTURE_VARIANT_ADD(raw_ping, raw_recverr) {
	.fn = raw_recverr,
	.expect = "send_quiet=12 poll_quiet=1 own=32 quiet=EAGAIN recverr=0 send=12 poll=9 err=12 err_ee=ECONNREFUSED/2/3/3/0 err_from=0/127.0.0.1/fam/16 err_offender=fam/127.0.0.1 err_flags=errqueue err_data=9c400009000c000070696e67 poll_read=1 own2=32 empty=EAGAIN hdrincl=0 send_hdrincl=32 err_hdrincl=32 err_hdrincl_ee=ECONNREFUSED/2/3/3/0 err_hdrincl_from=0/127.0.0.1/fam/16 err_hdrincl_offender=fam/127.0.0.1 err_hdrincl_flags=errqueue err_hdrincl_data=450000204242000040113a897f000001 ",
};

FIXTURE_VARIANT_ADD(raw_ping, raw_local_error) {
	.fn = raw_local_error,
	.expect = "set_mtu=0 do=0 send_over=EMSGSIZE quiet=EAGAIN recverr=0 send_over2=EMSGSIZE poll=8 err=0 err_ee=EMSGSIZE/1/0/0/1400 err_from=0/127.0.0.1/fam/16 err_offender=none err_flags=errqueue err_data= hdrincl=0 send_hdrincl=EMSGSIZE err_hdrincl=0 err_hdrincl_ee=EMSGSIZE/1/0/0/1400 err_hdrincl_from=0/127.0.0.1/fam/16 err_hdrincl_offender=none err_hdrincl_flags=errqueue err_hdrincl_data= empty=EAGAIN ",
};

FIXTURE_VARIANT_ADD(raw_ping, raw_frag_needed) {
	.fn = raw_frag_needed,
	.expect = "recverr=0 send=56 frag=8 frag_ee=EMSGSIZE/2/3/4/1300 frag_from=0/127.0.0.1/fam/16 frag_offender=fam/127.0.0.1 frag_flags=errqueue frag_data=9c40000900080000 dont=0 frag_dont=8 frag_dont_ee=EMSGSIZE/2/3/4/1300 frag_dont_from=0/127.0.0.1/fam/16 frag_dont_offender=fam/127.0.0.1 frag_dont_flags=errqueue frag_dont_data=9c40000900080000 ",
};

FIXTURE_VARIANT_ADD(raw_ping, ping_recverr) {
	.fn = ping_recverr,
	.expect = "bind=0 recverr=0 raw_recverr=0 send=60 poll=8 err=12 err_ee=EHOSTUNREACH/2/3/1/0 err_from=0/127.0.0.1/fam/16 err_offender=fam/127.0.0.1 err_flags=errqueue err_data=0800000010e1000161626364 poll_read=0 recv_read=EAGAIN raw=12 raw_ee=EHOSTUNREACH/2/3/1/0 raw_from=0/127.0.0.1/fam/16 raw_offender=fam/127.0.0.1 raw_flags=errqueue raw_data=0800000010e1000161626364 recv1=ECONNREFUSED q1=12 q1_ee=EHOSTUNREACH/2/3/1/0 q1_from=0/127.0.0.1/fam/16 q1_offender=fam/127.0.0.1 q1_flags=errqueue q1_data=0800000010e1000161626364 recv2=ECONNREFUSED q2=8 q2_ee=ECONNREFUSED/2/3/3/0 q2_from=0/127.0.0.1/fam/16 q2_offender=fam/127.0.0.1 q2_flags=errqueue q2_data=0800000010e10001 q3=EAGAIN recv3=EAGAIN ",
};

FIXTURE_VARIANT_ADD(raw_ping, ping_frag_needed) {
	.fn = ping_frag_needed,
	.expect = "bind=0 recverr=0 set_mtu=0 do=0 send_fits=1380 reply=1380 send_over=EMSGSIZE local=0 local_ee=EMSGSIZE/1/0/0/1400 local_from=0/127.0.0.1/fam/16 local_offender=none local_flags=errqueue local_data= empty=EAGAIN send=56 frag=8 frag_ee=EMSGSIZE/2/3/4/1200 frag_from=0/127.0.0.1/fam/16 frag_offender=fam/127.0.0.1 frag_flags=errqueue frag_data=0800000010e10001 dont=0 frag_dont=EAGAIN recv_dont=EAGAIN ",
};

FIXTURE_VARIANT_ADD(raw_ping, proc_raw) {
	.fn = proc_raw,
	.expect = "head=[  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops] line=[0100007F:0001 00000000:0000 07 00000000:00000000 00:00000000 00000000 0 ] ",
};

FIXTURE_VARIANT_ADD(raw_ping, ping_errors) {
	.fn = ping_errors,
	.expect = "closed_range=EACCES open_range=0 send_short=EINVAL send_reply=EINVAL send_code=EINVAL send_noaddr=EDESTADDRREQ send_big=EMSGSIZE send_oob=EOPNOTSUPP send_shortname=EINVAL send_family=EAFNOSUPPORT bind_nonlocal=EADDRNOTAVAIL bind=0 name=127.0.0.1:any/fam/16 bind_again=EINVAL listen=EOPNOTSUPP ",
};

FIXTURE_VARIANT_ADD(raw_ping, ping_echo) {
	.fn = ping_echo,
	.expect = "send=12 poll=5 recv=12 type=0 code=0 id_is_port=1 seq=7 data=ping csum_ok=1 fam=ok port=0 flen=16 from=127.0.0.1 trunc=4 flags_trunc=1 bind=0 name=127.0.0.1:4321/fam/16 recv_bound=12 id=4321 connect=0 send_connected=12 recv_connected=12 again=EAGAIN outechos=4 inechoreps=4 inechos=4 outechoreps=4 ",
};

FIXTURE_VARIANT_ADD(raw_ping, proc_icmp) {
	.fn = proc_icmp,
	.expect = "head=[  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops             ] line=[0100007F:1234 00000000:0000 07 00000000:00000000 00:00000000 00000000 0 ] ",
};

TEST_F(raw_ping, same_as_af_inet)
{
	struct run in = { .family = AF_INET };
	struct run xin = { .family = self->xfamily };

	variant->fn(&in);
	variant->fn(&xin);
	TH_LOG("AF_INET:  %s", in.log);
	TH_LOG("AF_XINET: %s", xin.log);
	EXPECT_STREQ(variant->expect, in.log);
	EXPECT_STREQ(in.log, xin.log);
}

TEST_HARNESS_MAIN
