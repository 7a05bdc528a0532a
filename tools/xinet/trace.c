// SPDX-License-Identifier: GPL-2.0
/*
 * xinet trace - print the flight record of AF_XINET TCP sockets (issue
 * #17; include/uapi/linux/xinet_recorder.h).
 *
 *   xinet trace [-a] [src ADDR[:PORT]] [dst ADDR[:PORT]]
 *
 * Lists the TCP sockets through sock_diag as `xinet ss` does (a dump of
 * SOCK_DIAG_BY_FAMILY), keeps those whose local (src) and remote (dst)
 * address and port match (an address of * or an empty one matches any,
 * so does a missing port), then asks each for its record with an exact
 * request carrying XINET_DIAG_REQ_FLIGHT_RECORD.  Each socket prints a
 * "#" line (addresses, state, events kept and recorded), then a table:
 *
 *   time_us  event  cause  values...
 *
 * one event a line, oldest first, the values as name=value.  Listeners
 * are left out unless -a.  The recorder is enabled with the sysctl
 * net.xinet.tcp_flight_recorder or the socket option
 * XTCP_FLIGHT_RECORDER; a socket without one prints "recorder off".
 * Exit status: 0, 1 when no socket matched or sock_diag failed, 2 usage.
 */

#include <arpa/inet.h>
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <libmnl/libmnl.h>
#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <linux/sock_diag.h>
#include <linux/xinet_recorder.h>

#include "ss.h"

/* A reply holds at most XTCP_REC_MAX_EVENTS events (32 KiB) and more. */
#define TRACE_BUF_SIZE	(128 * 1024)

static char buf[TRACE_BUF_SIZE];

static const char *const tcp_state[] = {
	"UNKNOWN", "ESTABLISHED", "SYN_SENT", "SYN_RECV", "FIN_WAIT1",
	"FIN_WAIT2", "TIME_WAIT", "CLOSE", "CLOSE_WAIT", "LAST_ACK",
	"LISTEN", "CLOSING", "NEW_SYN_RECV",
};

static const char *const ev_name[] = {
	[XTCP_REC_NONE] = "none", [XTCP_REC_STATE] = "state",
	[XTCP_REC_RTT] = "rtt", [XTCP_REC_CWND] = "cwnd",
	[XTCP_REC_WND_SENT] = "wnd_sent", [XTCP_REC_WND_RCVD] = "wnd_rcvd",
	[XTCP_REC_RETRANS] = "retrans", [XTCP_REC_DROP] = "drop",
	[XTCP_REC_PROBE] = "probe", [XTCP_REC_TIMER] = "timer",
};

static const char *const cwnd_cause[] = {
	[XTCP_REC_CWND_SLOW_START] = "slow_start",
	[XTCP_REC_CWND_CONG_AVOID] = "cong_avoid",
	[XTCP_REC_CWND_RECOVERY] = "recovery",
	[XTCP_REC_CWND_RECOVERY_END] = "recovery_end",
	[XTCP_REC_CWND_LOSS] = "loss",
	[XTCP_REC_CWND_IDLE] = "idle",
	[XTCP_REC_CWND_CWR] = "cwr",
	[XTCP_REC_CWND_UNDO] = "undo",
};

static const char *const retrans_cause[] = {
	[XTCP_REC_RETRANS_SYN] = "syn", [XTCP_REC_RETRANS_RTO] = "rto",
	[XTCP_REC_RETRANS_FAST] = "fast", [XTCP_REC_RETRANS_OTHER] = "other",
};

static const char *const timer_cause[] = {
	[XTCP_REC_TIMER_RETRANS] = "retrans",
	[XTCP_REC_TIMER_PROBE0] = "probe0",
	[XTCP_REC_TIMER_DELACK] = "delack",
	[XTCP_REC_TIMER_KEEPALIVE] = "keepalive",
};

/* The SKB_DROP_REASON_* names of XTCP_REC_DROP_*. */
static const char *const drop_cause[] = {
	[XTCP_REC_DROP_NOT_SPECIFIED] = "NOT_SPECIFIED",
	[XTCP_REC_DROP_TCP_RFC7323_PAWS] = "TCP_RFC7323_PAWS",
	[XTCP_REC_DROP_TCP_INVALID_SEQUENCE] = "TCP_INVALID_SEQUENCE",
	[XTCP_REC_DROP_TCP_OLD_SEQUENCE] = "TCP_OLD_SEQUENCE",
	[XTCP_REC_DROP_TCP_RESET] = "TCP_RESET",
	[XTCP_REC_DROP_TCP_INVALID_SYN] = "TCP_INVALID_SYN",
	[XTCP_REC_DROP_TCP_ZEROWINDOW] = "TCP_ZEROWINDOW",
	[XTCP_REC_DROP_TCP_OLD_DATA] = "TCP_OLD_DATA",
	[XTCP_REC_DROP_TCP_OVERWINDOW] = "TCP_OVERWINDOW",
	[XTCP_REC_DROP_TCP_OFOMERGE] = "TCP_OFOMERGE",
	[XTCP_REC_DROP_TCP_OFO_DROP] = "TCP_OFO_DROP",
	[XTCP_REC_DROP_PROTO_MEM] = "PROTO_MEM",
};

static const char *const ca_state[] = {
	"Open", "Disorder", "CWR", "Recovery", "Loss",
};

#define N_ELEMS(a)	(sizeof(a) / sizeof((a)[0]))
#define NAME(tbl, i) \
	((unsigned int)(i) < N_ELEMS(tbl) && (tbl)[i] ? (tbl)[i] : "?")

/* What a socket of the dump must match; 0 and any address match all. */
struct trace_filter {
	bool all;
	bool src_any, dst_any;
	struct in_addr src, dst;
	unsigned int sport, dport;
};

struct trace_sock {
	struct inet_diag_sockid id;
	uint8_t state;
};

static struct trace_sock *socks;
static int nsocks;

static void __attribute__((noreturn)) trace_usage(void)
{
	fprintf(stderr,
		"Usage: xinet trace [-a] [src ADDR[:PORT]] [dst ADDR[:PORT]]\n");
	exit(2);
}

static void __attribute__((noreturn)) trace_die(const char *what)
{
	fprintf(stderr, "xinet trace: %s: %s\n", what, strerror(errno));
	exit(1);
}

/* ADDR[:PORT], ADDR one of a dotted quad, * or empty (any). */
static void parse_endpoint(const char *s, bool *any, struct in_addr *a,
			   unsigned int *port)
{
	char host[64];
	const char *colon = strrchr(s, ':');
	size_t n = colon ? (size_t)(colon - s) : strlen(s);
	char *end;

	if (n >= sizeof(host))
		trace_usage();
	memcpy(host, s, n);
	host[n] = 0;
	*any = !*host || !strcmp(host, "*");
	if (!*any && inet_pton(AF_INET, host, a) != 1)
		trace_usage();
	*port = 0;
	if (colon) {
		unsigned long p = strtoul(colon + 1, &end, 10);

		if (!colon[1] || *end || p > 65535)
			trace_usage();
		*port = p;
	}
}

static bool matches(const struct trace_filter *f,
		    const struct inet_diag_msg *r)
{
	if (!f->all && r->idiag_state == 10 /* LISTEN */)
		return false;
	if (!f->src_any && r->id.idiag_src[0] != f->src.s_addr)
		return false;
	if (!f->dst_any && r->id.idiag_dst[0] != f->dst.s_addr)
		return false;
	if (f->sport && ntohs(r->id.idiag_sport) != f->sport)
		return false;
	if (f->dport && ntohs(r->id.idiag_dport) != f->dport)
		return false;
	return true;
}

static int list_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct inet_diag_msg *r = mnl_nlmsg_get_payload(nlh);
	const struct trace_filter *f = data;

	if (nlh->nlmsg_len < NLMSG_LENGTH(sizeof(*r)))
		return MNL_CB_ERROR;
	if (!matches(f, r))
		return MNL_CB_OK;
	socks = realloc(socks, (nsocks + 1) * sizeof(*socks));
	if (!socks)
		trace_die("realloc");
	socks[nsocks].id = r->id;
	socks[nsocks].state = r->idiag_state;
	nsocks++;
	return MNL_CB_OK;
}

/* NLMSG_ERROR and NLMSG_DONE carry errors libmnl would not report. */
static int err_cb(const struct nlmsghdr *nlh, void *data)
{
	const int *e = mnl_nlmsg_get_payload(nlh);

	(void)data;
	if (nlh->nlmsg_len >= NLMSG_LENGTH(sizeof(int)) && *e) {
		errno = -*e;
		return MNL_CB_ERROR;
	}
	return MNL_CB_STOP;
}

static mnl_cb_t ctl_cb[NLMSG_MIN_TYPE] = {
	[NLMSG_ERROR] = err_cb,
	[NLMSG_DONE] = err_cb,
};

static struct nlmsghdr *diag_req(int family, uint16_t flags,
				 struct inet_diag_req_v2 **req)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);

	nlh->nlmsg_type = SOCK_DIAG_BY_FAMILY;
	nlh->nlmsg_flags = NLM_F_REQUEST | flags;
	nlh->nlmsg_seq = 1;
	*req = mnl_nlmsg_put_extra_header(nlh, sizeof(**req));
	(*req)->sdiag_family = family;
	(*req)->sdiag_protocol = IPPROTO_TCP;
	return nlh;
}

/* Send @nlh, run @cb on every answer until the end or an error. */
static int diag_talk(struct mnl_socket *nl, struct nlmsghdr *nlh,
		     mnl_cb_t cb, void *data)
{
	unsigned int portid = mnl_socket_get_portid(nl);
	int ret;

	if (mnl_socket_sendto(nl, nlh, nlh->nlmsg_len) < 0)
		trace_die("cannot send to sock_diag");
	do {
		ret = mnl_socket_recvfrom(nl, buf, sizeof(buf));
		if (ret <= 0)
			break;
		ret = mnl_cb_run2(buf, ret, 1, portid, cb, data, ctl_cb,
				  NLMSG_MIN_TYPE);
	} while (ret > 0);
	return ret;
}

static void print_event(const struct xtcp_rec_event *e)
{
	const uint32_t *v = e->v;

	printf("%10llu  %-9s ", (unsigned long long)e->ts_us,
	       NAME(ev_name, e->type));
	switch (e->type) {
	case XTCP_REC_STATE:
		printf("%-20s from=%s\n", NAME(tcp_state, e->cause),
		       NAME(tcp_state, v[0]));
		break;
	case XTCP_REC_RTT:
		printf("%-20s rtt=%u srtt=%u rttvar=%u rto=%u min_rtt=%d\n",
		       "-", v[0], v[1], v[2], v[3], (int)v[4]);
		break;
	case XTCP_REC_CWND:
		printf("%-20s cwnd=%u ssthresh=%d prior=%u inflight=%u\n",
		       NAME(cwnd_cause, e->cause), v[0],
		       v[1] == 0x7fffffff ? -1 : (int)v[1], v[2], v[3]);
		break;
	case XTCP_REC_WND_SENT:
		printf("%-20s wnd=%u edge=%u prev_edge=%u\n", "-",
		       v[0], v[1], v[2]);
		break;
	case XTCP_REC_WND_RCVD:
		printf("%-20s wnd=%u prev=%u ack=%u\n", "-", v[0], v[1], v[2]);
		break;
	case XTCP_REC_RETRANS:
		printf("%-20s seq=%u end_seq=%u total=%u ca_state=%s\n",
		       NAME(retrans_cause, e->cause), v[0], v[1], v[2],
		       NAME(ca_state, v[3]));
		break;
	case XTCP_REC_DROP:
		printf("%-20s seq=%u end_seq=%u rcv_nxt=%u kernel_reason=%u\n",
		       NAME(drop_cause, e->cause), v[0], v[1], v[2], v[3]);
		break;
	case XTCP_REC_PROBE:
		printf("%-20s probes=%u snd_wnd=%u snd_una=%u\n", "zero_window",
		       v[0], v[1], v[2]);
		break;
	case XTCP_REC_TIMER:
		printf("%-20s rto=%u backoff=%u\n", NAME(timer_cause, e->cause),
		       v[0], v[1]);
		break;
	default:
		printf("%-20u %u %u %u %u %u\n", e->cause, v[0], v[1], v[2],
		       v[3], v[4]);
	}
}

static int record_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct inet_diag_msg *r = mnl_nlmsg_get_payload(nlh);
	const struct nlattr *a, *rec = NULL;
	const struct xtcp_rec_header *h;
	const struct xtcp_rec_event *ev;
	char src[INET_ADDRSTRLEN], dst[INET_ADDRSTRLEN];
	uint32_t i;

	(void)data;
	if (nlh->nlmsg_len < NLMSG_LENGTH(sizeof(*r)))
		return MNL_CB_ERROR;
	mnl_attr_for_each(a, nlh, sizeof(*r))
		if (mnl_attr_get_type(a) == XINET_DIAG_FLIGHT_RECORD)
			rec = a;
	inet_ntop(AF_INET, &r->id.idiag_src[0], src, sizeof(src));
	inet_ntop(AF_INET, &r->id.idiag_dst[0], dst, sizeof(dst));
	printf("# %s:%u %s:%u %s", src, ntohs(r->id.idiag_sport), dst,
	       ntohs(r->id.idiag_dport), NAME(tcp_state, r->idiag_state));
	if (!rec) {
		printf(" recorder off\n");
		return MNL_CB_OK;
	}
	h = mnl_attr_get_payload(rec);
	if (mnl_attr_get_payload_len(rec) < sizeof(*h) ||
	    mnl_attr_get_payload_len(rec) <
	    sizeof(*h) + (size_t)h->count * sizeof(*ev)) {
		printf(" truncated record\n");
		return MNL_CB_ERROR;
	}
	printf(" events %u recorded %llu size %u\n", h->count,
	       (unsigned long long)h->recorded, h->size);
	printf("%10s  %-9s %-20s %s\n", "time_us", "event", "cause", "values");
	ev = (const void *)(h + 1);
	for (i = 0; i < h->count; i++)
		print_event(&ev[i]);
	return MNL_CB_OK;
}

/**
 * do_trace - the "trace" command of xinet
 * @argc: arguments after "trace"
 * @argv: them
 *
 * Return: the exit status.
 */
int do_trace(int argc, char **argv)
{
	struct trace_filter f = { .src_any = true, .dst_any = true };
	struct inet_diag_req_v2 *req;
	struct mnl_socket *nl;
	struct nlmsghdr *nlh;
	int family = xinet_sock_family(), i, status = 0;

	for (i = 0; i < argc; i++) {
		if (!strcmp(argv[i], "-a"))
			f.all = true;
		else if (!strcmp(argv[i], "src") && i + 1 < argc)
			parse_endpoint(argv[++i], &f.src_any, &f.src, &f.sport);
		else if (!strcmp(argv[i], "dst") && i + 1 < argc)
			parse_endpoint(argv[++i], &f.dst_any, &f.dst, &f.dport);
		else
			trace_usage();
	}

	nl = mnl_socket_open(NETLINK_SOCK_DIAG);
	if (!nl || mnl_socket_bind(nl, 0, MNL_SOCKET_AUTOPID) < 0)
		trace_die("cannot open sock_diag");

	/* Every state but TIME_WAIT (no full socket, no record). */
	nlh = diag_req(family, NLM_F_DUMP, &req);
	req->idiag_states = ((1u << 12) - 1) & ~(1u << 6);
	if (diag_talk(nl, nlh, list_cb, &f) < 0)
		trace_die("sock_diag dump");
	if (!nsocks) {
		fprintf(stderr, "xinet trace: no TCP socket matches\n");
		mnl_socket_close(nl);
		return 1;
	}

	for (i = 0; i < nsocks; i++) {
		/* The ACK after the answer ends the exchange. */
		nlh = diag_req(family, NLM_F_ACK, &req);
		req->idiag_states = ~0u;
		req->id = socks[i].id;
		mnl_attr_put(nlh, XINET_DIAG_REQ_FLIGHT_RECORD, 0, NULL);
		/* A socket gone since the dump is no error. */
		if (diag_talk(nl, nlh, record_cb, NULL) < 0 && errno != ENOENT) {
			perror("xinet trace: sock_diag");
			status = 1;
		}
		if (i + 1 < nsocks)
			putchar('\n');
	}
	free(socks);
	mnl_socket_close(nl);
	return status;
}
