/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xtcp_kunit.h: what the TCP KUnit suites share: a socket put in a
 * synchronized sequence space without a handshake, and its teardown.
 */
#ifndef XINET_KUNIT_XTCP_H
#define XINET_KUNIT_XTCP_H

#include <net/sock.h>
#include <net/tcp_states.h>
#include <net/xinet/af_xinet.h>
#include <net/xinet/xtcp.h>

#define XTCP_KUNIT_ADDR(a, b, c, d) \
	htonl((a) << 24 | (b) << 16 | (c) << 8 | (d))
#define XTCP_KUNIT_ISS	5000U	/* our initial sequence number */
#define XTCP_KUNIT_IRS	1000U	/* the peer's */

/*
 * 10.255.255.2:40000 talking to 10.255.255.1:80, ISS and IRS above, a
 * 64 KiB window each way and an MSS of @mss; nothing sent or received.
 * The caller holds the socket lock and sets the state.
 */
static inline void xtcp_kunit_sync(struct sock *sk, u32 mss)
{
	struct xtcp_sock *tp = xtcp_sk(sk);

	sk->sk_daddr = XTCP_KUNIT_ADDR(10, 255, 255, 1);
	sk->sk_dport = htons(80);
	sk->sk_rcv_saddr = XTCP_KUNIT_ADDR(10, 255, 255, 2);
	xinet_sk(sk)->xinet_saddr = XTCP_KUNIT_ADDR(10, 255, 255, 2);
	xinet_sk(sk)->xinet_sport = htons(40000);
	tp->rcv_nxt = XTCP_KUNIT_IRS;
	tp->rcv_wup = XTCP_KUNIT_IRS;
	tp->copied_seq = XTCP_KUNIT_IRS;
	tp->rcv_wnd = 65535;
	tp->window_clamp = 65535;
	tp->rcv_ssthresh = 65535;
	tp->snd_una = XTCP_KUNIT_ISS;
	tp->snd_nxt = XTCP_KUNIT_ISS;
	tp->write_seq = XTCP_KUNIT_ISS;
	tp->snd_wnd = 65535;
	tp->max_window = 65535;
	tp->mss_cache = mss;
	tp->advmss = mss;
	xinet_csk(sk)->icsk_ack.rcv_mss = 536;
}

/* Stop the timers, close without a word on the wire, free the queues. */
static inline void xtcp_kunit_release(struct socket *sock)
{
	struct sock *sk = sock->sk;

	lock_sock(sk);
	xinet_csk_clear_xmit_timers(sk);
	if (sk->sk_state != TCP_CLOSE)
		xtcp_set_state(sk, TCP_CLOSE);
	xtcp_write_queue_purge(sk);
	xtcp_ofo_purge(sk);
	release_sock(sk);
	sock_release(sock);
}

#endif
