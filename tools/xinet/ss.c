// SPDX-License-Identifier: GPL-2.0
/*
 * xinet ss - list AF_XINET sockets, in the manner of ss(8).
 *
 *   xinet ss [-t|-u|-w] [-l|-a] [-n] [-i] [-m] [-e] [-o] [-K] [-H] [FILTER]
 *
 * Reads only sock_diag (NETLINK_SOCK_DIAG, SOCK_DIAG_BY_FAMILY with
 * sdiag_family the family xinet registered), never /proc.  The output
 * has ss's columns and field names; FILTER is ss's syntax for states
 * ("state NAME", "exclude NAME") and for ports and addresses ("sport =
 * :N", "dport >= :N", "src ADDR[/PLEN][:PORT]", "dst ...", joined with
 * and, or, not and parentheses), compiled into inet_diag bytecode that
 * the kernel runs.  -K asks the kernel to close each listed socket
 * (SOCK_DESTROY, CAP_NET_ADMIN) and lists the ones it closed.
 */

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <netdb.h>
#include <stdarg.h>
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
#include <linux/tcp.h>

#include "ss.h"

/* Room for the kernel's dump messages (libmnl's SS_DUMP_SIZE). */
#define SS_DUMP_SIZE	32768

#define SS_ALL		((1u << 12) - 1)
/* ss's default: neither listening, unconnected, TIME_WAIT nor SYN_RECV. */
#define SS_CONN		(SS_ALL & ~((1u << SS_LISTEN) | (1u << SS_CLOSE) | \
				    (1u << SS_TIME_WAIT) | (1u << SS_SYN_RECV)))

/* The kernel's TCP states, as ss numbers them. */
enum { SS_ESTABLISHED = 1, SS_SYN_SENT, SS_SYN_RECV, SS_FIN_WAIT1,
	SS_FIN_WAIT2, SS_TIME_WAIT, SS_CLOSE, SS_CLOSE_WAIT,
	SS_LAST_ACK, SS_LISTEN, SS_CLOSING };

static const char *const state_name[] = {
	"UNKNOWN", "ESTAB", "SYN-SENT", "SYN-RECV", "FIN-WAIT-1",
	"FIN-WAIT-2", "TIME-WAIT", "UNCONN", "CLOSE-WAIT", "LAST-ACK",
	"LISTEN", "CLOSING",
};

/* ss's names for "state NAME", each a set of states. */
static const struct {
	const char *name;
	unsigned int states;
} state_sets[] = {
	{ "all", SS_ALL },
	{ "connected", SS_ALL & ~((1u << SS_LISTEN) | (1u << SS_CLOSE)) },
	{ "synchronized", SS_ALL & ~((1u << SS_LISTEN) | (1u << SS_CLOSE) |
				     (1u << SS_SYN_SENT)) },
	{ "bucket", (1u << SS_SYN_RECV) | (1u << SS_TIME_WAIT) },
	{ "big", SS_ALL & ~((1u << SS_SYN_RECV) | (1u << SS_TIME_WAIT)) },
	{ "established", 1u << SS_ESTABLISHED },
	{ "syn-sent", 1u << SS_SYN_SENT },
	{ "syn-recv", 1u << SS_SYN_RECV },
	{ "fin-wait-1", 1u << SS_FIN_WAIT1 },
	{ "fin-wait-2", 1u << SS_FIN_WAIT2 },
	{ "time-wait", 1u << SS_TIME_WAIT },
	{ "closed", 1u << SS_CLOSE },
	{ "close-wait", 1u << SS_CLOSE_WAIT },
	{ "last-ack", 1u << SS_LAST_ACK },
	{ "listening", 1u << SS_LISTEN },
	{ "closing", 1u << SS_CLOSING },
};

struct ss_opts {
	bool tcp, udp, raw;
	bool numeric, info, mem, ext, timers, kill, no_header;
	unsigned int states;
	int family;
	/* The bytecode of FILTER's expression, or none. */
	unsigned char *bc;
	int bc_len;
};

/* One output row; the columns are aligned once all rows are known. */
struct ss_row {
	char netid[8], state[16], rq[16], wq[16];
	char laddr[64], lport[32], paddr[64], pport[32];
	char *extra;		/* the rest of the first line */
	char *detail;		/* the -i/-m line, or NULL */
};

static struct ss_row *rows;
static int nrows, arows;

static void __attribute__((noreturn, format(printf, 1, 2)))
ss_die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fputs("xinet ss: ", stderr);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

static void __attribute__((noreturn)) ss_usage(void)
{
	fprintf(stderr,
		"Usage: xinet ss [-t|-u|-w] [-l|-a] [-n] [-i] [-m] [-e] [-o] [-K] [-H] [FILTER]\n"
		"   FILTER := [ state STATE-NAME | exclude STATE-NAME ]... [ EXPRESSION ]\n"
		"   EXPRESSION: sport|dport OP [:]PORT, src|dst ADDR[/PLEN][:PORT],\n"
		"               and, or, not, ( ); OP := = == != < <= > >= eq ne lt le gt ge\n");
	exit(2);
}

/* ---- a growable string -------------------------------------------------- */

struct sbuf {
	char *s;
	size_t len, cap;
};

static void __attribute__((format(printf, 2, 3)))
sb_printf(struct sbuf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	for (;;) {
		size_t room = b->cap - b->len;

		va_start(ap, fmt);
		n = vsnprintf(b->s ? b->s + b->len : NULL, room, fmt, ap);
		va_end(ap);
		if (n < 0)
			ss_die("vsnprintf failed");
		if ((size_t)n < room) {
			b->len += n;
			return;
		}
		b->cap = b->cap * 2 + n + 64;
		b->s = realloc(b->s, b->cap);
		if (!b->s)
			ss_die("out of memory");
	}
}

/* ---- the filter: ss's grammar into inet_diag bytecode --------------------- */

struct bc {
	unsigned char *code;
	int len;
};

static void bc_append(struct bc *to, const void *code, int len)
{
	to->code = realloc(to->code, to->len + len);
	if (!to->code)
		ss_die("out of memory");
	memcpy(to->code + to->len, code, len);
	to->len += len;
}

/*
 * A compiled expression passes by running off its end and fails by
 * jumping 4 bytes past it (the kernel accepts only a program that ends
 * exactly at its end).  Placing code after @b moves its end: the jumps
 * to the old failure point must reach the new one, @reloc bytes on.
 */
static void bc_patch(struct bc *b, int reloc)
{
	int len = b->len;
	unsigned char *p = b->code;

	while (len > 0) {
		struct inet_diag_bc_op *op = (struct inet_diag_bc_op *)p;

		if (op->no == len + 4)
			op->no += reloc;
		len -= op->yes;
		p += op->yes;
	}
}

static void bc_jmp(struct bc *b, int no)
{
	struct inet_diag_bc_op op = { INET_DIAG_BC_JMP, 4, no };

	bc_append(b, &op, sizeof(op));
}

static struct bc bc_and(struct bc a, struct bc b)
{
	bc_patch(&a, b.len);
	bc_append(&a, b.code, b.len);
	free(b.code);
	return a;
}

static struct bc bc_or(struct bc a, struct bc b)
{
	/*
	 * a passes: a jump over b; a fails: 4 bytes past its end, which is
	 * where b starts once the jump is in between.
	 */
	bc_jmp(&a, b.len + 4);
	bc_append(&a, b.code, b.len);
	free(b.code);
	return a;
}

static struct bc bc_not(struct bc a)
{
	/* a passes: the jump fails; a fails: land past the jump, pass. */
	bc_jmp(&a, 8);
	return a;
}

static struct bc bc_port(int code, unsigned int port)
{
	struct inet_diag_bc_op op[2] = {
		{ code, 2 * sizeof(op[0]), 2 * sizeof(op[0]) + 4 },
		{ 0, 0, port },
	};
	struct bc b = { NULL, 0 };

	bc_append(&b, op, sizeof(op));
	return b;
}

static struct bc bc_host(int code, int family, int plen, int port,
			 uint32_t addr)
{
	int alen = family == AF_UNSPEC ? 0 : 4;
	struct inet_diag_bc_op op = {
		code, sizeof(op) + sizeof(struct inet_diag_hostcond) + alen, 0,
	};
	struct inet_diag_hostcond hc = {
		.family = family, .prefix_len = plen, .port = port,
	};
	struct bc b = { NULL, 0 };

	op.no = op.yes + 4;
	bc_append(&b, &op, sizeof(op));
	bc_append(&b, &hc, sizeof(hc));
	if (alen)
		bc_append(&b, &addr, alen);
	return b;
}

static char **tok;
static int ntok, itok;

static const char *peek(void)
{
	return itok < ntok ? tok[itok] : NULL;
}

static bool accept_tok(const char *a, const char *b)
{
	const char *t = peek();

	if (t && (!strcmp(t, a) || (b && !strcmp(t, b)))) {
		itok++;
		return true;
	}
	return false;
}

static unsigned int parse_port(const char *s)
{
	struct servent *se;
	char *end;
	long v;

	if (*s == ':')
		s++;
	v = strtol(s, &end, 10);
	if (*s && !*end && v >= 0 && v <= 65535)
		return v;
	se = getservbyname(s, NULL);
	if (!se)
		ss_die("bad port \"%s\"", s);
	return ntohs(se->s_port);
}

static struct bc parse_expr(void);

/* sport|dport OP PORT, src|dst ADDR[/PLEN][:PORT]. */
static struct bc parse_leaf(void)
{
	const char *t = peek(), *op = "=", *v;
	bool src;

	if (!t)
		ss_die("filter ends too early");
	itok++;
	if (!strcmp(t, "sport") || !strcmp(t, "dport")) {
		unsigned int port;

		src = t[0] == 's';
		if (peek() && strchr("=!<>elgn", peek()[0]) &&
		    peek()[0] != ':' && !isdigit((unsigned char)peek()[0]))
			op = tok[itok++];
		v = peek();
		if (!v)
			ss_die("%s needs a port", t);
		itok++;
		port = parse_port(v);
		if (!strcmp(op, "=") || !strcmp(op, "==") || !strcmp(op, "eq"))
			return bc_host(src ? INET_DIAG_BC_S_COND : INET_DIAG_BC_D_COND,
				       AF_UNSPEC, 0, port, 0);
		if (!strcmp(op, "!=") || !strcmp(op, "ne") || !strcmp(op, "neq"))
			return bc_not(bc_host(src ? INET_DIAG_BC_S_COND :
					      INET_DIAG_BC_D_COND,
					      AF_UNSPEC, 0, port, 0));
		if (!strcmp(op, ">=") || !strcmp(op, "ge"))
			return bc_port(src ? INET_DIAG_BC_S_GE : INET_DIAG_BC_D_GE, port);
		if (!strcmp(op, "<=") || !strcmp(op, "le"))
			return bc_port(src ? INET_DIAG_BC_S_LE : INET_DIAG_BC_D_LE, port);
		if (!strcmp(op, ">") || !strcmp(op, "gt"))
			return bc_not(bc_port(src ? INET_DIAG_BC_S_LE :
					      INET_DIAG_BC_D_LE, port));
		if (!strcmp(op, "<") || !strcmp(op, "lt"))
			return bc_not(bc_port(src ? INET_DIAG_BC_S_GE :
					      INET_DIAG_BC_D_GE, port));
		ss_die("bad operator \"%s\"", op);
	}
	if (!strcmp(t, "src") || !strcmp(t, "dst")) {
		char addr[64], *colon, *slash;
		int plen = 32, port = -1;
		struct in_addr a = { 0 };

		src = t[0] == 's';
		/* "src = ADDR" is "src ADDR". */
		accept_tok("=", "==");
		v = peek();
		if (!v)
			ss_die("%s needs an address", t);
		itok++;
		snprintf(addr, sizeof(addr), "%s", v);
		colon = strrchr(addr, ':');
		if (colon) {
			*colon = '\0';
			if (strcmp(colon + 1, "*"))
				port = parse_port(colon + 1);
		}
		slash = strchr(addr, '/');
		if (slash) {
			*slash = '\0';
			plen = atoi(slash + 1);
			if (plen < 0 || plen > 32)
				ss_die("bad prefix length in \"%s\"", v);
		}
		if (!*addr || !strcmp(addr, "*"))
			plen = 0;
		else if (inet_pton(AF_INET, addr, &a) != 1)
			ss_die("bad address \"%s\"", v);
		return bc_host(src ? INET_DIAG_BC_S_COND : INET_DIAG_BC_D_COND,
			       plen ? AF_INET : AF_UNSPEC, plen, port, a.s_addr);
	}
	ss_die("unknown filter word \"%s\"", t);
}

static struct bc parse_factor(void)
{
	struct bc b;

	if (accept_tok("not", "!"))
		return bc_not(parse_factor());
	if (accept_tok("(", NULL)) {
		b = parse_expr();
		if (!accept_tok(")", NULL))
			ss_die("missing \")\" in the filter");
		return b;
	}
	return parse_leaf();
}

static struct bc parse_term(void)
{
	struct bc b = parse_factor();
	const char *t;

	for (;;) {
		if (accept_tok("and", "&&") || accept_tok("&", NULL)) {
			b = bc_and(b, parse_factor());
			continue;
		}
		t = peek();
		if (!t || !strcmp(t, ")") || !strcmp(t, "or") ||
		    !strcmp(t, "||") || !strcmp(t, "|"))
			return b;
		/* Juxtaposition is "and", as in ss. */
		b = bc_and(b, parse_factor());
	}
}

static struct bc parse_expr(void)
{
	struct bc b = parse_term();

	while (accept_tok("or", "||") || accept_tok("|", NULL))
		b = bc_or(b, parse_term());
	return b;
}

/* Split the words of FILTER, parentheses being words of their own. */
static void tokenize(int argc, char **argv)
{
	int i;

	for (i = 0; i < argc; i++) {
		const char *p = argv[i];

		while (*p) {
			size_t n;

			if (isspace((unsigned char)*p)) {
				p++;
				continue;
			}
			n = (*p == '(' || *p == ')') ? 1 :
			    strcspn(p, " \t\n()");
			tok = realloc(tok, (ntok + 1) * sizeof(*tok));
			if (!tok)
				ss_die("out of memory");
			tok[ntok++] = strndup(p, n);
			p += n;
		}
	}
}

static unsigned int state_set(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(state_sets) / sizeof(state_sets[0]); i++)
		if (!strcasecmp(name, state_sets[i].name))
			return state_sets[i].states;
	ss_die("wrong state name: %s", name);
}

static void parse_filter(struct ss_opts *o, int argc, char **argv)
{
	bool states_given = false;
	struct bc b;

	tokenize(argc, argv);
	for (;;) {
		if (accept_tok("state", NULL)) {
			if (!peek())
				ss_die("state needs a name");
			if (!states_given)
				o->states = 0;
			states_given = true;
			o->states |= state_set(tok[itok++]);
		} else if (accept_tok("exclude", "excl")) {
			if (!peek())
				ss_die("exclude needs a name");
			if (!states_given)
				o->states = SS_ALL;
			states_given = true;
			o->states &= ~state_set(tok[itok++]);
		} else {
			break;
		}
	}
	if (itok == ntok)
		return;
	b = parse_expr();
	if (itok != ntok)
		ss_die("unexpected \"%s\" in the filter", tok[itok]);
	o->bc = b.code;
	o->bc_len = b.len;
}

/* ---- formatting --------------------------------------------------------- */

static void fmt_addr(const struct ss_opts *o, uint32_t addr, char *out,
		     size_t len)
{
	struct sockaddr_in sin = { .sin_family = AF_INET };

	if (!addr) {
		snprintf(out, len, o->numeric ? "0.0.0.0" : "*");
		return;
	}
	sin.sin_addr.s_addr = addr;
	if (o->numeric ||
	    getnameinfo((struct sockaddr *)&sin, sizeof(sin), out, len,
			NULL, 0, NI_NAMEREQD))
		inet_ntop(AF_INET, &addr, out, len);
}

static void fmt_port(const struct ss_opts *o, const char *proto,
		     unsigned int port, char *out, size_t len)
{
	struct servent *se;

	if (!port) {
		snprintf(out, len, "*");
		return;
	}
	se = o->numeric ? NULL : getservbyport(htons(port), proto);
	if (se)
		snprintf(out, len, "%s", se->s_name);
	else
		snprintf(out, len, "%u", port);
}

/*
 * ss's timer format: minutes, then seconds unless there are more than
 * 9 minutes, then milliseconds unless there are minutes or more than 9
 * seconds ("119min", "1min30sec", "59sec", "5.200ms", "200ms").
 */
static void fmt_time(struct sbuf *b, int ms)
{
	int mins, secs, msecs;

	if (ms < 0)
		ms = 0;
	mins = ms / 60000;
	secs = ms / 1000 % 60;
	msecs = ms % 1000;
	if (mins) {
		msecs = 0;
		sb_printf(b, "%dmin", mins);
		if (mins > 9)
			secs = 0;
	}
	if (secs) {
		if (secs > 9)
			msecs = 0;
		sb_printf(b, "%d%s", secs, msecs ? "." : "sec");
	}
	if (msecs)
		sb_printf(b, "%03dms", msecs);
}

static void fmt_timer(struct sbuf *b, const struct inet_diag_msg *r)
{
	static const char *const tmr[] = {
		"off", "on", "keepalive", "timewait", "persist", "unknown",
	};
	unsigned int t = r->idiag_timer > 4 ? 5 : r->idiag_timer;

	if (!t)
		return;
	sb_printf(b, " timer:(%s,", tmr[t]);
	fmt_time(b, r->idiag_expires);
	sb_printf(b, ",%u)", r->idiag_retrans);
}

static void fmt_rate(struct sbuf *b, const char *name, double bps)
{
	sb_printf(b, " %s %.0fbps", name, bps);
}

/* Twin of ss's tcp_show_info(), for what struct tcp_info carries. */
static void fmt_tcp_info(struct sbuf *b, const struct tcp_info *i,
			 const char *cong)
{
	if (i->tcpi_options & TCPI_OPT_TIMESTAMPS)
		sb_printf(b, " ts");
	if (i->tcpi_options & TCPI_OPT_SACK)
		sb_printf(b, " sack");
	if (i->tcpi_options & TCPI_OPT_ECN)
		sb_printf(b, " ecn");
	if (i->tcpi_options & TCPI_OPT_ECN_SEEN)
		sb_printf(b, " ecnseen");
	if (cong)
		sb_printf(b, " %s", cong);
	if (i->tcpi_options & TCPI_OPT_WSCALE)
		sb_printf(b, " wscale:%u,%u", i->tcpi_snd_wscale,
			  i->tcpi_rcv_wscale);
	if (i->tcpi_rto && i->tcpi_rto != 3000000)
		sb_printf(b, " rto:%g", i->tcpi_rto / 1000.0);
	if (i->tcpi_backoff)
		sb_printf(b, " backoff:%u", i->tcpi_backoff);
	if (i->tcpi_rtt)
		sb_printf(b, " rtt:%g/%g", i->tcpi_rtt / 1000.0,
			  i->tcpi_rttvar / 1000.0);
	if (i->tcpi_ato)
		sb_printf(b, " ato:%g", i->tcpi_ato / 1000.0);
	if (i->tcpi_snd_mss)
		sb_printf(b, " mss:%u", i->tcpi_snd_mss);
	if (i->tcpi_pmtu)
		sb_printf(b, " pmtu:%u", i->tcpi_pmtu);
	if (i->tcpi_rcv_mss)
		sb_printf(b, " rcvmss:%u", i->tcpi_rcv_mss);
	if (i->tcpi_advmss)
		sb_printf(b, " advmss:%u", i->tcpi_advmss);
	if (i->tcpi_snd_cwnd)
		sb_printf(b, " cwnd:%u", i->tcpi_snd_cwnd);
	if (i->tcpi_snd_ssthresh < 0xFFFF)
		sb_printf(b, " ssthresh:%u", i->tcpi_snd_ssthresh);
	if (i->tcpi_bytes_sent)
		sb_printf(b, " bytes_sent:%llu",
			  (unsigned long long)i->tcpi_bytes_sent);
	if (i->tcpi_bytes_retrans)
		sb_printf(b, " bytes_retrans:%llu",
			  (unsigned long long)i->tcpi_bytes_retrans);
	if (i->tcpi_bytes_acked)
		sb_printf(b, " bytes_acked:%llu",
			  (unsigned long long)i->tcpi_bytes_acked);
	if (i->tcpi_bytes_received)
		sb_printf(b, " bytes_received:%llu",
			  (unsigned long long)i->tcpi_bytes_received);
	if (i->tcpi_segs_out)
		sb_printf(b, " segs_out:%u", i->tcpi_segs_out);
	if (i->tcpi_segs_in)
		sb_printf(b, " segs_in:%u", i->tcpi_segs_in);
	if (i->tcpi_data_segs_out)
		sb_printf(b, " data_segs_out:%u", i->tcpi_data_segs_out);
	if (i->tcpi_data_segs_in)
		sb_printf(b, " data_segs_in:%u", i->tcpi_data_segs_in);
	if (i->tcpi_rtt && i->tcpi_snd_mss && i->tcpi_snd_cwnd)
		fmt_rate(b, "send", (double)i->tcpi_snd_cwnd *
			 i->tcpi_snd_mss * 8 * 1000000.0 / i->tcpi_rtt);
	if (i->tcpi_last_data_sent)
		sb_printf(b, " lastsnd:%u", i->tcpi_last_data_sent);
	if (i->tcpi_last_data_recv)
		sb_printf(b, " lastrcv:%u", i->tcpi_last_data_recv);
	if (i->tcpi_last_ack_recv)
		sb_printf(b, " lastack:%u", i->tcpi_last_ack_recv);
	if (i->tcpi_pacing_rate && i->tcpi_pacing_rate != ~0ULL)
		fmt_rate(b, "pacing_rate", i->tcpi_pacing_rate * 8.0);
	if (i->tcpi_delivery_rate)
		fmt_rate(b, "delivery_rate", i->tcpi_delivery_rate * 8.0);
	if (i->tcpi_delivered)
		sb_printf(b, " delivered:%u", i->tcpi_delivered);
	if (i->tcpi_delivery_rate_app_limited)
		sb_printf(b, " app_limited");
	if (i->tcpi_unacked)
		sb_printf(b, " unacked:%u", i->tcpi_unacked);
	if (i->tcpi_retrans || i->tcpi_total_retrans)
		sb_printf(b, " retrans:%u/%u", i->tcpi_retrans,
			  i->tcpi_total_retrans);
	if (i->tcpi_lost)
		sb_printf(b, " lost:%u", i->tcpi_lost);
	if (i->tcpi_sacked && i->tcpi_state != SS_LISTEN)
		sb_printf(b, " sacked:%u", i->tcpi_sacked);
	if (i->tcpi_reordering != 3)
		sb_printf(b, " reordering:%u", i->tcpi_reordering);
	if (i->tcpi_rcv_rtt)
		sb_printf(b, " rcv_rtt:%g", i->tcpi_rcv_rtt / 1000.0);
	if (i->tcpi_rcv_space)
		sb_printf(b, " rcv_space:%u", i->tcpi_rcv_space);
	if (i->tcpi_rcv_ssthresh)
		sb_printf(b, " rcv_ssthresh:%u", i->tcpi_rcv_ssthresh);
	if (i->tcpi_notsent_bytes)
		sb_printf(b, " notsent:%u", i->tcpi_notsent_bytes);
	if (i->tcpi_min_rtt && i->tcpi_min_rtt != ~0U)
		sb_printf(b, " minrtt:%g", i->tcpi_min_rtt / 1000.0);
	if (i->tcpi_snd_wnd)
		sb_printf(b, " snd_wnd:%u", i->tcpi_snd_wnd);
}

/* ---- sock_diag ---------------------------------------------------------- */

struct ss_dump {
	const struct ss_opts *o;
	const char *netid;
	int protocol;
	struct mnl_socket *kill_nl;
	unsigned int kill_seq;
};

/* SOCK_DESTROY for @r (a raw socket's protocol @raw_proto); 0 or an errno. */
static int ss_kill(struct ss_dump *d, const struct inet_diag_msg *r,
		   int raw_proto)
{
	char kbuf[MNL_SOCKET_BUFFER_SIZE];
	struct inet_diag_req_v2 *req;
	struct nlmsghdr *nlh;
	ssize_t len;

	nlh = mnl_nlmsg_put_header(kbuf);
	nlh->nlmsg_type = SOCK_DESTROY;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	nlh->nlmsg_seq = ++d->kill_seq;
	req = mnl_nlmsg_put_extra_header(nlh, sizeof(*req));
	req->sdiag_family = d->o->family;
	req->sdiag_protocol = d->protocol;
	/* sdiag_raw_protocol, as raw_diag reads the padding byte. */
	req->pad = raw_proto;
	req->id = r->id;
	if (mnl_socket_sendto(d->kill_nl, nlh, nlh->nlmsg_len) < 0)
		return errno;
	len = mnl_socket_recvfrom(d->kill_nl, kbuf, sizeof(kbuf));
	if (len < 0)
		return errno;
	nlh = (struct nlmsghdr *)kbuf;
	if (nlh->nlmsg_type == NLMSG_ERROR) {
		const struct nlmsgerr *e = mnl_nlmsg_get_payload(nlh);

		return -e->error;
	}
	return 0;
}

static int attr_cb(const struct nlattr *attr, void *data)
{
	const struct nlattr **tb = data;
	int type = mnl_attr_get_type(attr);

	if (type <= INET_DIAG_MAX)
		tb[type] = attr;
	return MNL_CB_OK;
}

static struct ss_row *new_row(void)
{
	if (nrows == arows) {
		arows = arows * 2 + 16;
		rows = realloc(rows, arows * sizeof(*rows));
		if (!rows)
			ss_die("out of memory");
	}
	memset(&rows[nrows], 0, sizeof(rows[0]));
	return &rows[nrows++];
}

static int dump_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[INET_DIAG_MAX + 1] = { NULL };
	struct ss_dump *d = data;
	const struct ss_opts *o = d->o;
	const struct inet_diag_msg *r = mnl_nlmsg_get_payload(nlh);
	struct sbuf ex = { 0 }, det = { 0 };
	const char *proto = d->protocol == IPPROTO_UDP ? "udp" : "tcp";
	struct ss_row *row;
	int err;

	if (nlh->nlmsg_len < NLMSG_LENGTH(sizeof(*r)))
		return MNL_CB_ERROR;
	mnl_attr_parse(nlh, sizeof(*r), attr_cb, tb);

	if (o->kill) {
		err = ss_kill(d, r, tb[INET_DIAG_PROTOCOL] ?
			      mnl_attr_get_u8(tb[INET_DIAG_PROTOCOL]) : 0);
		/* As ss: what cannot be closed, or is gone, is not listed. */
		if (err == EOPNOTSUPP || err == ENOENT)
			return MNL_CB_OK;
		if (err) {
			errno = err;
			perror("SOCK_DESTROY answers");
			exit(1);
		}
	}

	row = new_row();
	snprintf(row->netid, sizeof(row->netid), "%s", d->netid);
	snprintf(row->state, sizeof(row->state), "%s",
		 r->idiag_state < 12 ? state_name[r->idiag_state] : "UNKNOWN");
	snprintf(row->rq, sizeof(row->rq), "%u", r->idiag_rqueue);
	snprintf(row->wq, sizeof(row->wq), "%u", r->idiag_wqueue);
	fmt_addr(o, r->id.idiag_src[0], row->laddr, sizeof(row->laddr));
	fmt_addr(o, r->id.idiag_dst[0], row->paddr, sizeof(row->paddr));
	fmt_port(o, proto, ntohs(r->id.idiag_sport), row->lport,
		 sizeof(row->lport));
	fmt_port(o, proto, ntohs(r->id.idiag_dport), row->pport,
		 sizeof(row->pport));
	if (d->protocol == IPPROTO_RAW && tb[INET_DIAG_PROTOCOL])
		fmt_port(o, proto, mnl_attr_get_u8(tb[INET_DIAG_PROTOCOL]),
			 row->lport, sizeof(row->lport));

	if (o->timers)
		fmt_timer(&ex, r);
	if (o->ext) {
		if (r->idiag_uid)
			sb_printf(&ex, " uid:%u", r->idiag_uid);
		sb_printf(&ex, " ino:%u", r->idiag_inode);
		sb_printf(&ex, " sk:%llx",
			  ((unsigned long long)r->id.idiag_cookie[1] << 32) |
			  r->id.idiag_cookie[0]);
		if (tb[INET_DIAG_SHUTDOWN]) {
			uint8_t m = mnl_attr_get_u8(tb[INET_DIAG_SHUTDOWN]);

			sb_printf(&ex, " %c-%c", m & 1 ? '-' : '<',
				  m & 2 ? '-' : '>');
		}
	}
	if (o->mem && tb[INET_DIAG_SKMEMINFO] &&
	    mnl_attr_get_payload_len(tb[INET_DIAG_SKMEMINFO]) >=
	    SK_MEMINFO_VARS * sizeof(uint32_t)) {
		const uint32_t *m = mnl_attr_get_payload(tb[INET_DIAG_SKMEMINFO]);

		sb_printf(&det, " skmem:(r%u,rb%u,t%u,tb%u,f%u,w%u,o%u,bl%u,d%u)",
			  m[SK_MEMINFO_RMEM_ALLOC], m[SK_MEMINFO_RCVBUF],
			  m[SK_MEMINFO_WMEM_ALLOC], m[SK_MEMINFO_SNDBUF],
			  m[SK_MEMINFO_FWD_ALLOC], m[SK_MEMINFO_WMEM_QUEUED],
			  m[SK_MEMINFO_OPTMEM], m[SK_MEMINFO_BACKLOG],
			  m[SK_MEMINFO_DROPS]);
	}
	if (o->info && tb[INET_DIAG_INFO]) {
		struct tcp_info info = { 0 };
		size_t n = mnl_attr_get_payload_len(tb[INET_DIAG_INFO]);

		memcpy(&info, mnl_attr_get_payload(tb[INET_DIAG_INFO]),
		       n < sizeof(info) ? n : sizeof(info));
		fmt_tcp_info(&det, &info, tb[INET_DIAG_CONG] ?
			     mnl_attr_get_str(tb[INET_DIAG_CONG]) : NULL);
	}
	row->extra = ex.s;
	row->detail = det.s;
	return MNL_CB_OK;
}

/* A dump's end carries its error, which libmnl's default ignores. */
static int done_cb(const struct nlmsghdr *nlh, void *data)
{
	(void)data;
	if (nlh->nlmsg_len >= NLMSG_LENGTH(sizeof(int))) {
		const int *e = mnl_nlmsg_get_payload(nlh);

		if (*e) {
			errno = -*e;
			return MNL_CB_ERROR;
		}
	}
	return MNL_CB_STOP;
}

static int error_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlmsgerr *e = mnl_nlmsg_get_payload(nlh);

	(void)data;
	if (nlh->nlmsg_len < NLMSG_LENGTH(sizeof(*e)))
		return MNL_CB_ERROR;
	if (!e->error)
		return MNL_CB_STOP;
	errno = -e->error;
	return MNL_CB_ERROR;
}

static mnl_cb_t ctl_cb[NLMSG_MIN_TYPE] = {
	[NLMSG_DONE] = done_cb,
	[NLMSG_ERROR] = error_cb,
};
static const unsigned int ctl_cb_types = NLMSG_MIN_TYPE;

/* One SOCK_DIAG_BY_FAMILY dump of @protocol's table. */
static void dump_proto(const struct ss_opts *o, struct mnl_socket *nl,
		       struct mnl_socket *kill_nl, int protocol,
		       const char *netid)
{
	char *rbuf = malloc(SS_DUMP_SIZE), req_buf[4096];
	unsigned int portid = mnl_socket_get_portid(nl), seq = protocol;
	struct ss_dump d = { o, netid, protocol, kill_nl, 0 };
	struct inet_diag_req_v2 *req;
	struct nlmsghdr *nlh;
	ssize_t len;
	int ret;

	if (!rbuf)
		ss_die("out of memory");
	nlh = mnl_nlmsg_put_header(req_buf);
	nlh->nlmsg_type = SOCK_DIAG_BY_FAMILY;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	nlh->nlmsg_seq = seq;
	req = mnl_nlmsg_put_extra_header(nlh, sizeof(*req));
	req->sdiag_family = o->family;
	req->sdiag_protocol = protocol;
	req->idiag_states = o->states;
	if (o->info)
		req->idiag_ext |= (1 << (INET_DIAG_INFO - 1)) |
				  (1 << (INET_DIAG_CONG - 1));
	if (o->mem)
		req->idiag_ext |= 1 << (INET_DIAG_SKMEMINFO - 1);
	if (o->bc_len) {
		if (o->bc_len > (int)sizeof(req_buf) - 256)
			ss_die("filter too long");
		mnl_attr_put(nlh, INET_DIAG_REQ_BYTECODE, o->bc_len, o->bc);
	}
	if (mnl_socket_sendto(nl, nlh, nlh->nlmsg_len) < 0)
		ss_die("cannot send to sock_diag: %s", strerror(errno));
	do {
		len = mnl_socket_recvfrom(nl, rbuf, SS_DUMP_SIZE);
		if (len < 0)
			ss_die("cannot receive from sock_diag: %s",
			       strerror(errno));
		ret = mnl_cb_run2(rbuf, len, seq, portid, dump_cb, &d,
				  ctl_cb, ctl_cb_types);
	} while (ret > 0);
	if (ret < 0) {
		if (errno == ENOENT)
			ss_die("sock_diag has no handler for family %d, protocol %d (is xinet loaded?)",
			       o->family, protocol);
		ss_die("sock_diag: %s", strerror(errno));
	}
	free(rbuf);
}

/* ---- output ------------------------------------------------------------- */

static int width(int cur, const char *s)
{
	int n = (int)strlen(s);

	return n > cur ? n : cur;
}

/* ss's layout: each column as wide as its widest cell. */
static void print_rows(const struct ss_opts *o, bool show_netid)
{
	/* As ss: a filter on one state leaves no State column. */
	bool show_state = o->states & (o->states - 1);
	int wn = 5, ws = 5, wr = 6, ww = 6, wla = 13, wlp = 4, wpa = 12, wpp = 4;
	int i;

	for (i = 0; i < nrows; i++) {
		wn = width(wn, rows[i].netid);
		ws = width(ws, rows[i].state);
		wr = width(wr, rows[i].rq);
		ww = width(ww, rows[i].wq);
		wla = width(wla, rows[i].laddr);
		wlp = width(wlp, rows[i].lport);
		wpa = width(wpa, rows[i].paddr);
		wpp = width(wpp, rows[i].pport);
	}
	if (!o->no_header) {
		if (show_netid)
			printf("%-*s ", wn, "Netid");
		if (show_state)
			printf("%-*s ", ws, "State");
		printf("%-*s %-*s %*s:%-*s %*s:%-*s Process\n",
		       wr, "Recv-Q", ww, "Send-Q",
		       wla, "Local Address", wlp, "Port",
		       wpa, "Peer Address", wpp, "Port");
	}
	for (i = 0; i < nrows; i++) {
		const struct ss_row *r = &rows[i];

		if (show_netid)
			printf("%-*s ", wn, r->netid);
		if (show_state)
			printf("%-*s ", ws, r->state);
		printf("%-*s %-*s %*s:%-*s %*s:%-*s%s\n",
		       wr, r->rq, ww, r->wq,
		       wla, r->laddr, wlp, r->lport,
		       wpa, r->paddr, wpp, r->pport,
		       r->extra ? r->extra : "");
		if (r->detail)
			printf("\t%s\n", r->detail);
	}
}

/*
 * The family xinet registered; XINET_SS_FAMILY overrides it (2, AF_INET,
 * lists Linux's own sockets: the tests' check of the tool against ss).
 */
int xinet_sock_family(void)
{
	const char *env = getenv("XINET_SS_FAMILY");
	FILE *f;
	int fam = 22;

	if (env && *env)
		return atoi(env);
	f = fopen("/sys/module/xinet/parameters/family", "r");
	if (f) {
		if (fscanf(f, "%d", &fam) != 1)
			fam = 22;
		fclose(f);
	}
	return fam;
}

static struct mnl_socket *diag_open(void)
{
	struct mnl_socket *nl = mnl_socket_open(NETLINK_SOCK_DIAG);

	if (!nl)
		ss_die("cannot open sock_diag: %s", strerror(errno));
	if (mnl_socket_bind(nl, 0, MNL_SOCKET_AUTOPID) < 0)
		ss_die("cannot bind sock_diag: %s", strerror(errno));
	return nl;
}

/**
 * do_ss - the "ss" command of xinet
 * @argc: arguments after "ss"
 * @argv: them
 *
 * Return: the exit status.
 */
int do_ss(int argc, char **argv)
{
	struct ss_opts o = { .states = SS_CONN };
	struct mnl_socket *nl, *kill_nl = NULL;
	bool listening = false, all = false;
	int i, nprotos;

	for (i = 0; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
		const char *p = argv[i] + 1;

		if (!strcmp(argv[i], "--"))  {
			i++;
			break;
		}
		for (; *p; p++) {
			switch (*p) {
			case 't':
				o.tcp = true;
				break;
			case 'u':
				o.udp = true;
				break;
			case 'w':
				o.raw = true;
				break;
			case 'l':
				listening = true;
				break;
			case 'a':
				all = true;
				break;
			case 'n':
				o.numeric = true;
				break;
			case 'i':
				o.info = true;
				break;
			case 'm':
				o.mem = true;
				break;
			/* As ss: the details include the timer. */
			case 'e':
				o.ext = o.timers = true;
				break;
			case 'o':
				o.timers = true;
				break;
			case 'K':
				o.kill = true;
				break;
			case 'H':
				o.no_header = true;
				break;
			case '4':
				break;
			case 'h':
				ss_usage();
			default:
				fprintf(stderr, "xinet ss: unknown option -%c\n", *p);
				ss_usage();
			}
		}
	}
	if (all)
		o.states = SS_ALL;
	else if (listening)
		o.states = (1u << SS_LISTEN) | (1u << SS_CLOSE);
	parse_filter(&o, argc - i, argv + i);
	if (!o.tcp && !o.udp && !o.raw)
		o.tcp = o.udp = o.raw = true;
	nprotos = o.tcp + o.udp + o.raw;
	o.family = xinet_sock_family();

	nl = diag_open();
	if (o.kill)
		kill_nl = diag_open();
	if (o.udp)
		dump_proto(&o, nl, kill_nl, IPPROTO_UDP, "udp");
	if (o.raw)
		dump_proto(&o, nl, kill_nl, IPPROTO_RAW, "raw");
	if (o.tcp)
		dump_proto(&o, nl, kill_nl, IPPROTO_TCP, "tcp");
	print_rows(&o, nprotos > 1);
	mnl_socket_close(nl);
	if (kill_nl)
		mnl_socket_close(kill_nl);
	return 0;
}
