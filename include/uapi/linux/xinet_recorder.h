/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * xinet: the TCP flight recorder's userspace interface (issue #17).
 *
 * An AF_XINET TCP socket may keep a fixed-size ring of what happened to
 * its connection: state changes, RTT samples, cwnd and ssthresh changes
 * with their cause, window updates sent and received, retransmissions
 * with their reason, dropped segments with their drop reason, zero-window
 * probes and timer firings, each stamped in microseconds since the first
 * event of the socket (its connect(), or for an accepted socket the end
 * of its handshake).  It is off by default: net.xinet.tcp_flight_recorder
 * gives the ring size (in events) of the namespace's new sockets, and the
 * socket option XTCP_FLIGHT_RECORDER the size of one socket's ring.
 *
 * The record is read with getsockopt(XTCP_FLIGHT_RECORD) or through
 * sock_diag (an exact SOCK_DIAG_BY_FAMILY request carrying the
 * XINET_DIAG_REQ_FLIGHT_RECORD attribute; the answer carries
 * XINET_DIAG_FLIGHT_RECORD).  Both give a struct xtcp_rec_header followed
 * by its count struct xtcp_rec_event, oldest first.  `xinet trace`
 * (tools/xinet) prints it as a table.
 */
#ifndef _UAPI_LINUX_XINET_RECORDER_H
#define _UAPI_LINUX_XINET_RECORDER_H

#include <linux/types.h>

/*
 * xinet's own SOL_TCP options.  Linux numbers its TCP_* options from 1
 * up (46 in 6.12); xinet's sit far above, where Linux will not reach.
 */
#define XTCP_OPT_BASE		0x5800
/* int: the socket's ring size in events (0: off); set or get */
#define XTCP_FLIGHT_RECORDER	(XTCP_OPT_BASE + 1)
/* get only: struct xtcp_rec_header, then the events that fit */
#define XTCP_FLIGHT_RECORD	(XTCP_OPT_BASE + 2)

/* The largest ring (its record must fit in one netlink attribute). */
#define XTCP_REC_MAX_EVENTS	1024

/*
 * sock_diag: a flag attribute of the request (after the struct
 * inet_diag_req_v2), and the attribute of the answer that holds the
 * record.  Above every INET_DIAG_* and INET_DIAG_REQ_* number.
 */
#define XINET_DIAG_REQ_FLIGHT_RECORD	0x3f01
#define XINET_DIAG_FLIGHT_RECORD	0x3f01

/**
 * struct xtcp_rec_header - what precedes the events of a record
 * @size: the ring's size, events
 * @count: events that follow, oldest first
 * @recorded: events recorded since the ring was made; the oldest
 *	@recorded - @count were overwritten (or did not fit the buffer)
 */
struct xtcp_rec_header {
	__u32	size;
	__u32	count;
	__u64	recorded;
};

/**
 * struct xtcp_rec_event - one event
 * @ts_us: microseconds since the socket's first event
 * @type: XTCP_REC_*
 * @cause: the type's detail, below
 * @v: the type's values, below
 *
 * XTCP_REC_STATE: @cause the new TCP_* state; v[0] the old one.
 * XTCP_REC_RTT: v[0] the sample, v[1] srtt, v[2] rttvar, v[3] rto,
 *	v[4] min_rtt, all microseconds.
 * XTCP_REC_CWND: @cause XTCP_REC_CWND_*; v[0] cwnd, v[1] ssthresh,
 *	v[2] cwnd before (for RECOVERY, RECOVERY_END and LOSS: before the
 *	reduction began; for CWR: when it began, the reduction itself
 *	coming ACK by ACK; for UNDO: before the undo), v[3] packets in
 *	flight.
 * XTCP_REC_WND_SENT: the right edge of the window we offer moved, or
 *	the window closed: v[0] the window (bytes), v[1] its right edge,
 *	v[2] the edge before.
 * XTCP_REC_WND_RCVD: the peer's window changed: v[0] the window
 *	(bytes), v[1] the window before, v[2] the ACK that carried it.
 * XTCP_REC_RETRANS: @cause XTCP_REC_RETRANS_*; v[0] seq, v[1] end_seq,
 *	v[2] total retransmissions of the connection, v[3] the
 *	congestion-control state (TCP_CA_*).
 * XTCP_REC_DROP: an arriving segment dropped: @cause XTCP_REC_DROP_*
 *	(SKB_DROP_REASON_* of the same name); v[0] seq, v[1] end_seq,
 *	v[2] rcv_nxt, v[3] the running kernel's enum skb_drop_reason value.
 * XTCP_REC_PROBE: a zero-window probe sent: v[0] probes so far,
 *	v[1] the peer's window, v[2] snd_una.
 * XTCP_REC_TIMER: @cause XTCP_REC_TIMER_*; v[0] rto (microseconds),
 *	v[1] the timer's backoff.
 */
struct xtcp_rec_event {
	__u64	ts_us;
	__u16	type;
	__u16	cause;
	__u32	v[5];
};

enum {
	XTCP_REC_NONE,
	XTCP_REC_STATE,
	XTCP_REC_RTT,
	XTCP_REC_CWND,
	XTCP_REC_WND_SENT,
	XTCP_REC_WND_RCVD,
	XTCP_REC_RETRANS,
	XTCP_REC_DROP,
	XTCP_REC_PROBE,
	XTCP_REC_TIMER,
	__XTCP_REC_MAX,
};

/* Why cwnd or ssthresh changed. */
enum {
	XTCP_REC_CWND_SLOW_START,	/* grown below ssthresh */
	XTCP_REC_CWND_CONG_AVOID,	/* grown in congestion avoidance */
	XTCP_REC_CWND_RECOVERY,		/* fast recovery entered */
	XTCP_REC_CWND_RECOVERY_END,	/* fast recovery over */
	XTCP_REC_CWND_LOSS,		/* a retransmission timeout */
	XTCP_REC_CWND_IDLE,		/* restarted after an idle RTO */
	XTCP_REC_CWND_CWR,		/* reduction for an ECN echo (ECE) */
	XTCP_REC_CWND_UNDO,		/* a reduction found spurious, undone */
	__XTCP_REC_CWND_MAX,
};

/* Why a segment was sent again. */
enum {
	XTCP_REC_RETRANS_SYN,		/* the handshake's SYN or SYN-ACK */
	XTCP_REC_RETRANS_RTO,		/* after a retransmission timeout */
	XTCP_REC_RETRANS_FAST,		/* fast retransmit, fast recovery */
	XTCP_REC_RETRANS_OTHER,		/* anything else (MTU probe lost, ...) */
	__XTCP_REC_RETRANS_MAX,
};

/* Which timer fired. */
enum {
	XTCP_REC_TIMER_RETRANS,
	XTCP_REC_TIMER_PROBE0,
	XTCP_REC_TIMER_DELACK,
	XTCP_REC_TIMER_KEEPALIVE,
	__XTCP_REC_TIMER_MAX,
};

/*
 * The drop reasons a record can hold, named as the kernel's
 * SKB_DROP_REASON_* (include/net/dropreason-core.h): XTCP_REC_DROP_FOO
 * is SKB_DROP_REASON_FOO.  Their kernel numbers change between
 * versions; these do not.
 */
enum {
	XTCP_REC_DROP_NOT_SPECIFIED,
	XTCP_REC_DROP_TCP_RFC7323_PAWS,
	XTCP_REC_DROP_TCP_INVALID_SEQUENCE,
	XTCP_REC_DROP_TCP_OLD_SEQUENCE,
	XTCP_REC_DROP_TCP_RESET,
	XTCP_REC_DROP_TCP_INVALID_SYN,
	XTCP_REC_DROP_TCP_ZEROWINDOW,
	XTCP_REC_DROP_TCP_OLD_DATA,
	XTCP_REC_DROP_TCP_OVERWINDOW,
	XTCP_REC_DROP_TCP_OFOMERGE,
	XTCP_REC_DROP_TCP_OFO_DROP,
	XTCP_REC_DROP_PROTO_MEM,
	__XTCP_REC_DROP_MAX,
};

#endif /* _UAPI_LINUX_XINET_RECORDER_H */
