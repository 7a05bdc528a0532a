/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xinet: TCP over AF_XINET, twin of include/net/tcp.h and
 * include/linux/tcp.h.
 *
 * The code is split as net/ipv4 splits it, each file with its twin:
 *
 *   xtcp.c            socket calls: sendmsg, recvmsg, close, shutdown,
 *                     disconnect, options, TCP_INFO, poll, ioctl, state
 *                     changes (xtcp_set_state, xtcp_done)
 *   xtcp_input.c      segment processing: established fast path, the
 *                     state machine, SYN_SENT, ACKs, data, FIN
 *   xtcp_output.c     building and sending segments, SYN, SYN-ACK, ACK,
 *                     FIN, RST, the write queue
 *   xtcp_timer.c      retransmit, delayed ACK, probe, keepalive
 *   xtcp_cong.c       the pluggable congestion control, NewReno
 *   xtcp_rate.c       the delivery-rate estimator (TCP_INFO's rate)
 *   xtcp_ipv4.c       xtcp_prot, connect, receive demux and the
 *                     no-socket RST/ACK, passive-open SYN
 *                     handling, /proc/net/xinet/tcp
 *   xtcp_minisocks.c  request socks' ACK (check_req), the child,
 *                     TIME_WAIT processing
 *   xsyncookies.c     SYN cookies
 *   xsecure_seq.c     the keyed ISN and port-offset hashes (xsecure_seq.h)
 *   xinet_hashtables.c, xinet_connection_sock.c, xinet_timewait_sock.c,
 *   xrequest_sock.c   the tables and connection machinery
 *
 * Locking, as in Linux: process context owns a socket with lock_sock();
 * softirq input takes bh_lock_sock() and, when the socket is owned by a
 * user, queues the segment on the socket backlog (sk_add_backlog), which
 * release_sock() feeds to sk_prot->backlog_rcv (xtcp_v4_do_rcv) and then
 * calls sk_prot->release_cb (xtcp_release_cb) for deferred timer work.
 * Every function below that takes a full socket expects it locked (owned
 * by the caller, or bh-locked and not owned) unless it says otherwise.
 */
#ifndef _NET_XINET_XTCP_H
#define _NET_XINET_XTCP_H

#include <linux/jump_label.h>
#include <linux/math64.h>
#include <linux/poll.h>
#include <linux/timekeeping.h>
#include <linux/win_minmax.h>
#include <uapi/linux/tcp.h>
#include <linux/skbuff.h>
#include <net/sock.h>
#include <net/tcp_states.h>
#include <net/xinet/compat.h>
#include <net/xinet/xinet_sock.h>
#include <net/xinet/xinet_connection_sock.h>
#include <net/xinet/xrequest_sock.h>
#include <net/xinet/xinet_timewait_sock.h>
#include <net/xinet/xip.h>
#include <net/xinet/netns.h>
#include <net/xinet/compat.h>

struct xrtable;
struct xtcp_rec_ring;
struct xtcp_md5sig_info;
struct shash_desc;

/*
 * Do not include <linux/tcp.h> or <net/tcp.h> in xinet: their macros
 * (rsk_listener, tw_rcv_nxt, ...) collide with xinet's names, and xinet
 * must not lean on TCP's internals anyway.  <uapi/linux/tcp.h> gives the
 * header and the socket option numbers; xtcp_hdr() replaces tcp_hdr().
 */
static inline struct tcphdr *xtcp_hdr(const struct sk_buff *skb)
{
	return (struct tcphdr *)skb_transport_header(skb);
}

static inline unsigned int xtcp_hdrlen(const struct sk_buff *skb)
{
	return xtcp_hdr(skb)->doff * 4;
}

/* Sequence-number arithmetic, RFC 9293 section 3.4 (mod 2^32). */
static inline bool xtcp_before(u32 seq1, u32 seq2)
{
	return (s32)(seq1 - seq2) < 0;
}

static inline bool xtcp_after(u32 seq1, u32 seq2)
{
	return xtcp_before(seq2, seq1);
}

/* Is seq2 <= seq1 <= seq3? */
static inline bool xtcp_between(u32 seq1, u32 seq2, u32 seq3)
{
	return seq3 - seq2 >= seq1 - seq2;
}

/* Header flags, as TCPHDR_* (byte 13 of the header). */
#define XTCPHDR_FIN	0x01
#define XTCPHDR_SYN	0x02
#define XTCPHDR_RST	0x04
#define XTCPHDR_PSH	0x08
#define XTCPHDR_ACK	0x10
#define XTCPHDR_URG	0x20
#define XTCPHDR_ECE	0x40
#define XTCPHDR_CWR	0x80

/* xtcp_sock.ecn_flags, as Linux's TCP_ECN_* (RFC 3168). */
#define XTCP_ECN_OK		1	/* agreed in the handshake */
#define XTCP_ECN_QUEUE_CWR	2	/* CWR on the next new data segment */
#define XTCP_ECN_DEMAND_CWR	4	/* ECE on every ACK until a CWR */
#define XTCP_ECN_SEEN		8	/* an ECT or CE segment arrived */

/* Options (RFC 9293, 7323, 2018). */
#define XTCPOPT_NOP		1
#define XTCPOPT_EOL		0
#define XTCPOPT_MSS		2
#define XTCPOPT_WINDOW		3
#define XTCPOPT_SACK_PERM	4
#define XTCPOPT_SACK		5
#define XTCPOPT_TIMESTAMP	8
#define XTCPOLEN_MSS		4
#define XTCPOLEN_WINDOW		3
#define XTCPOLEN_SACK_PERM	2
#define XTCPOLEN_TIMESTAMP	10
/* Fast Open (RFC 7413), and its pre-RFC experimental form (RFC 6994). */
#define XTCPOPT_FASTOPEN	34
#define XTCPOPT_EXP		254
#define XTCPOPT_FASTOPEN_MAGIC	0xF989
#define XTCPOLEN_FASTOPEN_BASE	2
#define XTCPOLEN_EXP_FASTOPEN_BASE 4
/* TCP-MD5 (RFC 2385): kind 19, 16 bytes of digest; NOP, NOP before it. */
#define XTCPOPT_MD5SIG		19
#define XTCPOLEN_MD5SIG		18
#define XTCPOLEN_MD5SIG_ALIGNED	20
/* NOP, NOP, TS: the timestamp option as every segment carries it. */
#define XTCPOLEN_TSTAMP_ALIGNED	12
/* The SACK option: kind, length, then 8 bytes a block (RFC 2018). */
#define XTCPOLEN_SACK_BASE		2
#define XTCPOLEN_SACK_BASE_ALIGNED	4	/* NOP, NOP, kind, length */
#define XTCPOLEN_SACK_PERBLOCK		8
#define XMAX_TCP_OPTION_SPACE		40
/* SACK blocks a receiver keeps (TCP_NUM_SACKS); 4 fill the option space. */
#define XTCP_NUM_SACKS			4

#define XTCP_MSS_DEFAULT	536U	/* RFC 9293 default send MSS */
#define XTCP_FASTRETRANS_THRESH	3	/* tcp_reordering's default */
#define XTCP_MIN_MSS		88U	/* as TCP_MIN_MSS */
#define XTCP_MAX_WSCALE		14U
#define XTCP_INIT_CWND		10
#define XTCP_MAX_HEADER		(128 + MAX_HEADER)	/* as MAX_TCP_HEADER */
#define XTCP_TIMEWAIT_LEN	(60 * HZ)
#define XTCP_FIN_TIMEOUT	XTCP_TIMEWAIT_LEN
#define XTCP_SYNQ_INTERVAL	(HZ / 5)
#define XTCP_KEEPALIVE_TIME	(120 * 60 * HZ)
#define XTCP_KEEPALIVE_INTVL	(75 * HZ)
#define XTCP_KEEPALIVE_PROBES	9
#define XTCP_MAX_KEEPIDLE	32767
#define XTCP_MAX_KEEPINTVL	32767
#define XTCP_MAX_KEEPCNT	127
#define XTCP_MAX_TCP_SYNCNT	127
#define XTCP_RESOURCE_PROBE_INTERVAL	((unsigned int)(HZ / 2U))

/* Congestion-control states (icsk_ca_state), as TCP_CA_*. */
enum xtcp_ca_state {
	XTCP_CA_Open = 0,
	XTCP_CA_Disorder = 1,
	XTCP_CA_CWR = 2,
	XTCP_CA_Recovery = 3,
	XTCP_CA_Loss = 4,
};

/*
 * What keeps a sender from sending, timed for TCP_INFO (as enum
 * tcp_chrono): a higher value wins over a lower one while both hold.
 */
enum xtcp_chrono {
	XTCP_CHRONO_UNSPEC,
	XTCP_CHRONO_BUSY,		/* data in flight or waiting */
	XTCP_CHRONO_RWND_LIMITED,	/* the peer's window is full */
	XTCP_CHRONO_SNDBUF_LIMITED,	/* the send buffer is */
	__XTCP_CHRONO_MAX,
};

/**
 * struct xtcp_skb_cb - TCP's part of skb->cb (twin of tcp_skb_cb)
 * @seq: first sequence number
 * @end_seq: seq + FIN + SYN + data length
 * @tcp_tw_isn: on input to a TIME_WAIT sock: the ISN to use when a new
 *	SYN may reopen the connection (0 otherwise)
 * @tcp_gso_segs: on output, the segments of MSS the skb's data makes
 *	(xtcp_skb_pcount()): what the loss recovery's counters count
 * @tcp_gso_size: on output, the MSS that count was made with when it is
 *	more than one (xtcp_skb_mss()), 0 otherwise
 * @tcp_flags: XTCPHDR_* of the segment
 * @sacked: retransmission state of a sent skb (XTCPCB_* bits)
 * @ip_dsfield: the TOS byte it arrived with
 * @eor: the end of a record (MSG_EOR): later data never joins this skb
 * @unused: padding, to keep @ack_seq aligned
 * @ack_seq: the acknowledgement number (input)
 * @tx: output state of a queued skb, the delivery-rate snapshot
 *	xtcp_rate_skb_sent() takes at each (re)transmission
 * @tx.is_app_limited: the sender was application-limited then
 * @tx.delivered_ce: the socket's delivered_ce then (20 bits, as Linux)
 * @tx.unused: padding
 * @tx.delivered: the socket's delivered count then (also dates a D-SACK's
 *	round for RACK's reordering window)
 * @tx.first_tx_mstamp: the start of the send phase then, us
 * @tx.delivered_mstamp: when the socket reached @tx.delivered, us; 0
 *	once the skb was SACKed (it gives no second sample) or when it was
 *	never sent through xtcp_rate_skb_sent()
 * @header: on input, the IP layer's control block, moved here by
 *	xtcp_v4_fill_cb() before @seq and friends overwrite cb[0..]
 * @header.h4: that control block (XIPCB's struct xinet_skb_parm)
 *
 * On input, xtcp_v4_rcv() fills it; from there on XIPCB(skb)
 * must not be used, XTCP_SKB_CB(skb)->header.h4 instead.
 */
struct xtcp_skb_cb {
	u32		seq;
	u32		end_seq;
	union {
		/* Input only: a TIME_WAIT sock's ISN for a new SYN. */
		u32		tcp_tw_isn;
		/* Output only: the skb in segments (tcp_skb_pcount()). */
		struct {
			u16	tcp_gso_segs;
			u16	tcp_gso_size;
		};
	};
	u8		tcp_flags;
	u8		sacked;
	u8		ip_dsfield;
	u8		eor:1,
			unused:7;
	u32		ack_seq;
	union {
		struct {
			u32		is_app_limited:1,
					delivered_ce:20,
					unused:11;
			u32		delivered;
			u64		first_tx_mstamp;
			u64		delivered_mstamp;
		} tx;
		union {
			struct xinet_skb_parm	h4;
		} header;
	};
};

#define XTCP_SKB_CB(__skb)	((struct xtcp_skb_cb *)&((__skb)->cb[0]))
/* tx.delivered_ce's width (TCPCB_DELIVERED_CE_MASK) */
#define XTCPCB_DELIVERED_CE_MASK	((1U << 20) - 1)

/*
 * Twins of tcp_skb_pcount() and friends: a queued skb holds one or more
 * segments of MSS (a GSO packet's worth at most), and packets_out,
 * sacked_out, lost_out, retrans_out and the delivery counts count those
 * segments, not skbs.  xtcp_set_skb_tso_segs() sets the count.
 */
static inline int xtcp_skb_pcount(const struct sk_buff *skb)
{
	return XTCP_SKB_CB(skb)->tcp_gso_segs;
}

static inline void xtcp_skb_pcount_set(struct sk_buff *skb, int segs)
{
	XTCP_SKB_CB(skb)->tcp_gso_segs = segs;
}

static inline void xtcp_skb_pcount_add(struct sk_buff *skb, int segs)
{
	XTCP_SKB_CB(skb)->tcp_gso_segs += segs;
}

/* The MSS @skb was cut for, when it is more than one segment. */
static inline int xtcp_skb_mss(const struct sk_buff *skb)
{
	return XTCP_SKB_CB(skb)->tcp_gso_size;
}

/* Twin of tcp_skb_can_collapse_to(): MSG_EOR closed @skb to new data. */
static inline bool xtcp_skb_can_collapse_to(const struct sk_buff *skb)
{
	return likely(!XTCP_SKB_CB(skb)->eor);
}

/*
 * Twin of tcp_skb_can_collapse(): @from's data may join @to's, @to not
 * closed by MSG_EOR and both of the same zerocopy kind.
 */
static inline bool xtcp_skb_can_collapse(const struct sk_buff *to,
					 const struct sk_buff *from)
{
	return likely(xtcp_skb_can_collapse_to(to) &&
		      skb_pure_zcopy_same(to, from));
}

/* xtcp_sock.urg_data states, as TCP_URG_*; the low byte holds the byte. */
#define XTCP_URG_VALID		0x0100
#define XTCP_URG_NOTYET		0x0200
#define XTCP_URG_READ		0x0400

/* xtcp_skb_cb.sacked bits */
#define XTCPCB_RETRANS		0x01	/* retransmitted at least once */
#define XTCPCB_LOST		0x02	/* marked lost by recovery */
#define XTCPCB_RETRANS_OUT	0x04	/* a retransmission is in flight */

/**
 * struct xtcp_sack_block - a block of sequence space we hold, as the
 *	receiver reports it (twin of tcp_sack_block)
 * @start_seq: first sequence number of the block
 * @end_seq: one past its last
 */
struct xtcp_sack_block {
	u32	start_seq;
	u32	end_seq;
};

/*
 * The SACK scoreboard's bit (TCPCB_SACKED_ACKED): the receiver reported
 * the skb in a SACK block.  XTCPCB_LOST, XTCPCB_RETRANS_OUT and it are
 * counted in lost_out, retrans_out and sacked_out.
 */
#define XTCPCB_SACKED_ACKED	0x08
/*
 * Restored by TCP_REPAIR (TCPCB_REPAIRED): never timed as sent, so no
 * RTT sample and no D-SACK undo, as for a retransmission.
 */
#define XTCPCB_REPAIRED		0x10
/* What Linux's TCPCB_RETRANS covers: no RTT sample from these. */
#define XTCPCB_RETRANS_ANY	(XTCPCB_RETRANS | XTCPCB_REPAIRED)
#define XTCPCB_TAGBITS		(XTCPCB_SACKED_ACKED | XTCPCB_LOST | \
				 XTCPCB_RETRANS_OUT)

/* A SACK block as the option carries it (tcp_sack_block_wire). */
struct xtcp_sack_block_wire {
	__be32	start_seq;
	__be32	end_seq;
};

/**
 * struct xtcp_options_received - options of the segment being processed
 *	and what was agreed in the handshake (twin of tcp_options_received)
 * @ts_recent_stamp: ktime_get_seconds() when @ts_recent was stored
 *	(PAWS ageing); 0 when no timestamp was ever stored
 * @ts_recent: the peer's timestamp to echo (RFC 7323 TS.Recent)
 * @rcv_tsval: TSval of this segment
 * @rcv_tsecr: TSecr of this segment, less our @tsoffset (of the
 *	socket): our own clock's value
 * @saw_tstamp: this segment had a timestamp
 * @tstamp_ok: timestamps agreed
 * @wscale_ok: window scaling agreed
 * @sack_ok: SACK agreed (RFC 2018: both sides sent SACK-permitted)
 * @dsack: a D-SACK block (RFC 2883) waits in the socket's
 *	duplicate_sack for the next segment sent
 * @snd_wscale: the peer's window scale (shift of its windows)
 * @rcv_wscale: ours (shift of the windows we send)
 * @user_mss: TCP_MAXSEG, 0 for none
 * @mss_clamp: the largest MSS we may send: the peer's MSS option,
 *	XTCP_MSS_DEFAULT when it sent none, lowered by @user_mss
 * @num_sacks: SACK blocks in the socket's selective_acks
 */
struct xtcp_options_received {
	int	ts_recent_stamp;
	u32	ts_recent;
	u32	rcv_tsval;
	u32	rcv_tsecr;
	u16	saw_tstamp:1,
		tstamp_ok:1,
		wscale_ok:1,
		sack_ok:1,
		dsack:1,
		snd_wscale:4,
		rcv_wscale:4;
	u16	user_mss;
	u16	mss_clamp;
	u8	num_sacks;
};

/* Twin of tcp_sack_reset(): no SACK or D-SACK block to report. */
static inline void xtcp_sack_reset(struct xtcp_options_received *rx_opt)
{
	rx_opt->dsack = 0;
	rx_opt->num_sacks = 0;
}

/**
 * struct xtcp_saved_syn - the headers of a connection's SYN, kept for
 *	TCP_SAVED_SYN (twin of struct saved_syn)
 * @mac_hdrlen: link-layer header bytes at the start of @data (0 unless
 *	TCP_SAVE_SYN is 2)
 * @network_hdrlen: IPv4 header bytes, options included
 * @tcp_hdrlen: TCP header bytes, options included
 * @data: the headers, in wire order
 */
struct xtcp_saved_syn {
	u32	mac_hdrlen;
	u32	network_hdrlen;
	u32	tcp_hdrlen;
	u8	data[];
};

static inline u32 xtcp_saved_syn_len(const struct xtcp_saved_syn *saved_syn)
{
	return saved_syn->mac_hdrlen + saved_syn->network_hdrlen +
	       saved_syn->tcp_hdrlen;
}

/**
 * struct xtcp_sock - an AF_XINET TCP socket (twin of tcp_sock)
 * @inet_conn: the connection socket; must be first
 * @tcp_header_len: bytes of header (options included) of our segments
 * @rcv_nxt: next sequence number expected
 * @copied_seq: head of yet unread data
 * @rcv_wup: rcv_nxt at the last window update sent
 * @snd_nxt: next sequence number to send
 * @snd_una: first byte we want an ACK for
 * @snd_sml: last byte of the most recent small packet (Nagle)
 * @rcv_tstamp: jiffies of the last ACK received (keepalive)
 * @lsndtime: jiffies of the last data sent (keepalive, restart)
 * @snd_wl1: sequence number of the last window update
 * @snd_wnd: the window the peer offers (scaled to bytes)
 * @max_window: the largest window the peer ever offered
 * @mss_cache: the current effective send MSS
 * @window_clamp: the largest window we may offer
 * @rcv_ssthresh: the current window clamp (grows with the buffer)
 * @advmss: the MSS we announce
 * @nonagle: TCP_NAGLE_* bits: OFF (TCP_NODELAY), CORK, PUSH
 * @srtt_us: smoothed RTT << 3, in microseconds
 * @mdev_us: RTT mean deviation << 2, microseconds
 * @mdev_max_us: largest mdev in the last RTT
 * @rttvar_us: RTTVAR << 2 (RFC 6298), microseconds
 * @rtt_seq: sequence number closing the current RTT measurement round
 * @packets_out: segments in flight (sent, not acked)
 * @retrans_out: retransmitted segments in flight
 * @sacked_out: segments the receiver SACKed; without SACK, duplicate
 *	ACKs counted in their stead (tcp_add_reno_sack)
 * @lost_out: segments marked lost
 * @snd_ssthresh: slow start threshold
 * @snd_cwnd: congestion window (segments)
 * @mtu_info: the MTU of the last "fragmentation needed", for
 *	xtcp_v4_mtu_reduced() (written without the socket lock)
 * @dst_initcwnd: the route's initcwnd at connect, 0 for the default
 * @dst_quickack: the route's quickack at connect
 * @snd_cwnd_cnt: linear-increase counter
 * @snd_cwnd_clamp: upper bound of @snd_cwnd
 * @snd_cwnd_stamp: jiffies of the last cwnd change
 * @snd_cwnd_used: most segments in flight while cwnd was not the limit
 * @max_packets_out: most segments in flight in the current window
 * @cwnd_usage_seq: snd_nxt when @max_packets_out and @is_cwnd_limited
 *	were last reset: they cover one window (tcp_cwnd_validate)
 * @prior_cwnd: cwnd before recovery
 * @prior_ssthresh: ssthresh when the current recovery began, to go back
 *	to if it proves spurious; 0 when it may not be undone (ECN)
 * @high_seq: snd_nxt when recovery or loss started
 * @retrans_stamp: TSval clock (ms, no offset) of the first retransmission
 *	of a loss episode, or of the first SYN (0 none); the retry limits
 *	count from here, and an echo older than it proves the original
 *	arrived (Eifel, RFC 3522)
 * @total_retrans: retransmitted segments over the connection's life
 * @rcv_wnd: the window we offered last (bytes)
 * @write_seq: sequence number after the last byte queued by the user
 * @pushed_seq: last byte pushed
 * @notsent_lowat: TCP_NOTSENT_LOWAT
 * @tcp_tx_delay: TCP_TX_DELAY: microseconds added to each segment's
 *	departure time (honoured by an EDT qdisc such as fq)
 * @thin_lto: TCP_THIN_LINEAR_TIMEOUTS
 * @recvmsg_inq: TCP_INQ: each read reports the bytes left (TCP_CM_INQ)
 * @save_syn: TCP_SAVE_SYN: 0 off, 1 IP and TCP headers, 2 from the MAC
 *	header
 * @repair: TCP_REPAIR: the socket is being checkpointed or restored
 *	(CRIU): no SYN, FIN or RST, data queued without being sent
 * @repair_queue: TCP_REPAIR_QUEUE: the queue repair reads and writes
 *	(TCP_NO_QUEUE, TCP_RECV_QUEUE, TCP_SEND_QUEUE)
 * @saved_syn: the SYN that made this connection, while TCP_SAVED_SYN has
 *	not taken it
 * @urg_data: the urgent byte received and its state: 0 none, or
 *	XTCP_URG_NOTYET (the pointer came, the byte not yet),
 *	XTCP_URG_VALID | the byte, XTCP_URG_READ (read by MSG_OOB)
 * @urg_seq: sequence number of the urgent byte received
 * @snd_up: our urgent pointer: one past the last urgent byte sent with
 *	MSG_OOB; urgent mode lasts while it is ahead of @snd_una
 * @out_of_order_queue: segments beyond rcv_nxt, by sequence (rb tree)
 * @ooo_last_skb: the last skb of @out_of_order_queue (fast path)
 * @rtx_queue: sent and unacknowledged skbs, in sequence order; the unsent
 *	ones stay on sk->sk_write_queue
 * @rx_opt: options agreed in the handshake and seen last
 * @duplicate_sack: the D-SACK block to send (RFC 2883), valid while
 *	rx_opt.dsack is set
 * @selective_acks: the SACK blocks to send, rx_opt.num_sacks of them,
 *	the most recently changed first (RFC 2018 section 4)
 * @linger2: TCP_LINGER2: FIN_WAIT_2 lifetime (jiffies), 0 default,
 *	< 0 none
 * @keepalive_time: TCP_KEEPIDLE (jiffies), 0 for the namespace default
 * @keepalive_intvl: TCP_KEEPINTVL (jiffies), 0 default
 * @keepalive_probes: TCP_KEEPCNT, 0 default
 * @bytes_acked: bytes of ours the peer acknowledged (RFC 4898)
 * @bytes_received: bytes of the peer's we received in order
 * @bytes_sent: bytes sent, retransmissions included
 * @bytes_retrans: bytes retransmitted
 * @segs_in: segments received
 * @segs_out: segments sent
 * @data_segs_in: segments with data received
 * @data_segs_out: segments with data sent
 * @rcv_ooopack: out-of-order segments received
 * @last_oow_ack_time: jiffies of the last out-of-window ACK we answered
 *	(rate limit, RFC 5961)
 * @tsoffset: added to our ms clock to make TSval
 *	(xsecure_tcp_ts_off() at connect, the request's ts_off at accept)
 * @is_cwnd_limited: cwnd limited a send in the current window
 * @synq_last_overflow: a listener's last SYN cookie (jiffies | 1, 0 for
 *	none): cookie ACKs are checked only for two minutes after it
 * @tcp_mstamp: ns clock of the segment in hand
 * @reordering: duplicate ACKs (or SACKed segments above a hole) that
 *	make a loss; grows when reordering is seen
 * @reord_seen: reorderings seen
 * @dsack_dups: segments the receiver reported duplicated (D-SACK)
 * @highest_sack_seq: one past the highest SACKed skb, while sacked_out
 *	(tp->highest_sack's seq: the skb after it)
 * @undo_marker: snd_una when the current recovery started, 0 for none:
 *	D-SACKs below snd_una are looked at down to here
 * @undo_retrans: retransmissions of this recovery not yet D-SACKed
 *	(-1: none were made)
 * @is_sack_reneg: the receiver dropped what it had SACKed, until the
 *	loss recovery this started is over
 * @frto: F-RTO (RFC 5682) judges the current RTO recovery
 * @scaling_ratio: payload per byte charged to the receive buffer, in
 *	256ths, as last measured (xtcp_win_from_space())
 * @delivered: segments the peer acknowledged
 * @lost: segments ever marked lost (tp->lost: a retransmission lost
 *	again counts again)
 * @prr_delivered: segments delivered since the cwnd reduction began
 *	(RFC 6937's prr_delivered)
 * @prr_out: segments sent since it began (RFC 6937's prr_out)
 * @tlp_high_seq: snd_nxt when the tail loss probe in flight was sent,
 *	0 when none is (one probe per episode)
 * @tlp_retrans: that probe was a retransmission, not new data
 * @rack: RACK's state (RFC 8985), as tp->rack
 * @rack.mstamp: send time (us) of the most recently sent segment
 *	that was (S)ACKed
 * @rack.rtt_us: the RTT of the last (S)ACKed segment, its RACK.rtt
 * @rack.end_seq: its end_seq (ties of @rack.mstamp)
 * @rack.last_delivered: delivered when reo_wnd was last widened
 * @rack.reo_wnd_steps: the reordering window in min_rtt/4 steps
 * @rack.reo_wnd_persist: recoveries left before the steps fall to 1
 * @rack.dsack_seen: a D-SACK came since reo_wnd was last widened
 * @rack.advanced: @rack.mstamp moved since the queue was last scanned
 * @total_rto: retransmission timeouts, total
 * @rcv_space: receive buffer autotuning (as tp->rcvq_space): bytes the
 *	reader took in the last round trip
 * @rcvq_seq: copied_seq when that measure began
 * @rcvq_stamp: ns clock when it began
 * @rcv_rtt_us: the round trip as a receiver sees it (as
 *	tp->rcv_rtt_est: how long one window takes to arrive), << 3
 * @rcv_rtt_seq: the sample ends when rcv_nxt is here
 * @rcv_rtt_stamp: ns clock when the sample began
 * @rtt_min: the least RTT sample over net.xinet.tcp_min_rtt_wlen seconds
 *	(a windowed min filter, jiffies-stamped)
 * @chrono_type: what limits the sender now, an &enum xtcp_chrono
 * @chrono_start: jiffies when @chrono_type began
 * @chrono_stat: jiffies spent in each &enum xtcp_chrono but UNSPEC
 * @total_rto_recoveries: recoveries that began with an RTO
 * @total_rto_time: ms spent in those recoveries, ended ones
 * @rto_stamp: ms clock when the current one began, 0 for none
 * @mtu_probe: the MTU probe in flight (icsk_mtup.probe_size nonzero)
 * @mtu_probe.probe_seq_start: its first sequence number
 * @mtu_probe.probe_seq_end: one past its last
 * @fastopen_req: the client's Fast Open attempt while its SYN is built
 *	(sendmsg with MSG_FASTOPEN, or a write after TCP_FASTOPEN_CONNECT)
 * @fastopen_rsk: a passive Fast Open child's request, kept until the
 *	handshake completes: its SYN-ACK is retransmitted from it
 * @fastopen_connect: TCP_FASTOPEN_CONNECT
 * @fastopen_no_cookie: TCP_FASTOPEN_NO_COOKIE
 * @defer_connect: connect() returned without a SYN: the first write
 *	sends it with data (Linux's inet DEFER_CONNECT bit)
 * @syn_fastopen: our SYN carried a Fast Open option
 * @syn_fastopen_exp: in the experimental form
 * @syn_data: our SYN carried data
 * @syn_data_acked: data in the SYN was acknowledged by the SYN-ACK, or
 *	(passive) came with the SYN
 * @fastopen_client_fail: why the client's Fast Open failed (TFO_* of
 *	enum tcp_fastopen_client_fail), for TCP_INFO
 * @ecn_flags: RFC 3168 state, XTCP_ECN_* bits
 * @delivered_ce: segments the peer acknowledged with ECE set
 * @first_tx_mstamp: the start of the current send phase (us): the send
 *	time of the most recently (S)ACKed segment, or of the first one
 *	sent with nothing in flight (xtcp_rate.c)
 * @delivered_mstamp: when @delivered last grew (us)
 * @app_limited: the sender is application-limited until @delivered
 *	passes this value; 0 when it is not
 * @rate_delivered: the saved rate sample: segments delivered
 * @rate_interval_us: the saved rate sample: over this many us
 * @pred_flags: header prediction: the flag word (header length, ACK,
 *	window) a segment of the fast path carries, 0 for none
 * @rate_app_limited: the saved sample was application-limited
 * @rec: the flight recorder, NULL while off (xtcp_recorder.h: RCU,
 *	changed under the socket lock)
 * @md5sig_info: the TCP-MD5 keys (TCP_MD5SIG), NULL until the first is
 *	added: RCU, changed under the socket lock
 * @compressed_ack_rcv_nxt: rcv_nxt when dup_ack_counter last restarted
 * @compressed_ack: ACKs held back by SACK compression since the last
 *	one sent
 * @dup_ack_counter: duplicate ACKs sent at once for this rcv_nxt (the
 *	first XTCP_FASTRETRANS_THRESH are never held back)
 * @compressed_ack_timer: sends the held-back ACK (soft hrtimer, holds a
 *	reference while queued)
 * @tsq_node: link in this CPU's TCP Small Queues list while
 *	XTCP_TSQ_QUEUED is set (xtcp_wfree(), xtcp_tsq_tasklet_func())
 */
struct xtcp_sock {
	struct xinet_connection_sock	inet_conn;

	/*
	 * The fast paths' fields first, grouped as Linux's tcp_sock groups
	 * them (read by the sender; read by both paths; read by the
	 * receiver; then written by each), so that a send or a receive
	 * touches a few cache lines; xtcp_struct_check() keeps them there.
	 */
	__cacheline_group_begin(xtcp_sock_read_tx);
	u32		max_window;
	u32		rcv_ssthresh;
	u32		reordering;
	u32		notsent_lowat;

	__cacheline_group_end(xtcp_sock_read_tx);

	__cacheline_group_begin(xtcp_sock_read_txrx);
	u32		tsoffset;
	u32		snd_wnd;
	u32		mss_cache;
	u32		snd_cwnd;
	u32		prr_out;
	u32		lost_out;
	u32		sacked_out;
	u16		tcp_header_len;
	u8		chrono_type;
	u8		nonagle:4,
			is_cwnd_limited:1;
	u8		thin_lto:1,
			recvmsg_inq:1,
			save_syn:2,
			repair:1;
	u8		is_sack_reneg:1,
			frto:1;
	u8		scaling_ratio;

	__cacheline_group_end(xtcp_sock_read_txrx);

	__cacheline_group_begin(xtcp_sock_read_rx);
	u32		copied_seq;
	u32		rcv_tstamp;
	u32		snd_wl1;
	u32		tlp_high_seq;
	u32		rttvar_us;
	u32		retrans_out;
	u16		advmss;
	u16		urg_data;
	u32		lost;
	struct minmax	rtt_min;
	struct rb_root	out_of_order_queue;
	u32		snd_ssthresh;

	__cacheline_group_end(xtcp_sock_read_rx);

	__cacheline_group_begin(xtcp_sock_write_tx) ____cacheline_aligned;
	u32		segs_out;
	u32		data_segs_out;
	u64		bytes_sent;
	u32		snd_sml;
	u32		chrono_start;
	u32		chrono_stat[3];
	u32		write_seq;
	u32		pushed_seq;
	u32		lsndtime;
	u32		mdev_us;
	u32		rtt_seq;
	u8		ecn_flags;

	__cacheline_group_end(xtcp_sock_write_tx);

	__cacheline_group_begin(xtcp_sock_write_txrx);
	u64		tcp_mstamp;
	u32		rcv_nxt;
	u32		snd_nxt;
	u32		snd_una;
	u32		window_clamp;
	u32		srtt_us;
	u32		packets_out;
	u32		snd_up;
	u32		delivered;
	u32		delivered_ce;
	u32		rcv_wnd;
	u32		app_limited;
	u8		rate_app_limited:1;
	struct xtcp_options_received rx_opt;

	__cacheline_group_end(xtcp_sock_write_txrx);

	__cacheline_group_begin(xtcp_sock_write_rx) __aligned(8);
	u64		bytes_received;
	u32		segs_in;
	u32		data_segs_in;
	u32		rcv_wup;
	u32		max_packets_out;
	u32		cwnd_usage_seq;
	u32		rate_delivered;
	u32		rate_interval_us;
	__be32		pred_flags;
	u64		first_tx_mstamp;
	u64		delivered_mstamp;
	u64		bytes_acked;
	u32		rcv_rtt_us;
	u32		rcv_rtt_seq;
	u64		rcv_rtt_stamp;
	u32		rcv_space;
	u32		rcvq_seq;
	u64		rcvq_stamp;

	__cacheline_group_end(xtcp_sock_write_rx);

	/* The rest: slow paths, loss recovery, options. */
	u32		mdev_max_us;
	u32		mtu_info;
	u32		dst_initcwnd;
	u8		dst_quickack;
	u8		keepalive_probes;
	u8		repair_queue;
	u8		tlp_retrans:1;
	u32		snd_cwnd_cnt;
	u32		snd_cwnd_clamp;
	u32		snd_cwnd_stamp;
	u32		snd_cwnd_used;
	u32		prior_cwnd;
	u32		prior_ssthresh;
	u32		high_seq;
	u32		retrans_stamp;
	u32		total_retrans;
	u32		tcp_tx_delay;
	struct xtcp_saved_syn *saved_syn;
	u32		urg_seq;
	struct sk_buff	*ooo_last_skb;
	struct sk_buff_head rtx_queue;
	struct xtcp_sack_block duplicate_sack[1];
	struct xtcp_sack_block selective_acks[XTCP_NUM_SACKS];
	int		linger2;
	int		keepalive_time;
	int		keepalive_intvl;
	u64		bytes_retrans;
	u32		rcv_ooopack;
	u32		last_oow_ack_time;
	unsigned long	synq_last_overflow;
	u32		reord_seen;
	u32		dsack_dups;
	u32		highest_sack_seq;
	u32		undo_marker;
	int		undo_retrans;
	u32		prr_delivered;
	struct {
		u64	mstamp;
		u32	rtt_us;
		u32	end_seq;
		u32	last_delivered;
		u8	reo_wnd_steps;
		u8	reo_wnd_persist:5,
			dsack_seen:1,
			advanced:1;
	} rack;
	u32		total_rto;
	u32		total_rto_recoveries;
	u32		total_rto_time;
	u32		rto_stamp;
	struct {
		u32	probe_seq_start;
		u32	probe_seq_end;
	} mtu_probe;
	struct xtcp_fastopen_request *fastopen_req;
	struct xrequest_sock *fastopen_rsk;
	u8		fastopen_connect:1,
			fastopen_no_cookie:1,
			defer_connect:1,
			syn_fastopen:1,
			syn_fastopen_exp:1,
			syn_data:1,
			syn_data_acked:1,
			fastopen_client_fail:2;
	u8		compressed_ack;
	u8		dup_ack_counter:2;
	u32		compressed_ack_rcv_nxt;
	struct xtcp_rec_ring __rcu *rec;
	struct xtcp_md5sig_info __rcu *md5sig_info;
	struct hrtimer	compressed_ack_timer;
	struct list_head	tsq_node;
};

static inline struct xtcp_sock *xtcp_sk(const struct sock *sk)
{
	return (struct xtcp_sock *)sk;
}

/*
 * The TSval clock (RFC 7323): milliseconds, as Linux 6.12 runs it by
 * default (TCP_TS_HZ, tcp_usec_ts off).
 */
#define XTCP_TS_HZ		1000

/* Twin of tcp_ns_to_ts(): a ktime_get_ns() value in TSval units. */
static inline u32 xtcp_ns_to_ts(u64 ns)
{
	return div_u64(ns, NSEC_PER_SEC / XTCP_TS_HZ);
}

/* Twin of tcp_clock_ts(): now, in TSval units (no offset). */
static inline u32 xtcp_clock_ts(void)
{
	return xtcp_ns_to_ts(ktime_get_ns());
}

/* Twin of tcp_time_stamp_ts(): the time of the segment in hand. */
static inline u32 xtcp_time_stamp_ts(const struct xtcp_sock *tp)
{
	return xtcp_ns_to_ts(tp->tcp_mstamp);
}

/* Twin of tcp_stamp_us_delta(): @t1 - @t0 in us, never negative. */
static inline u32 xtcp_stamp_us_delta(u64 t1, u64 t0)
{
	return max_t(s64, t1 - t0, 0);
}

/* Twin of tcp_skb_timestamp_us(): when @skb was last sent, in us. */
static inline u64 xtcp_skb_timestamp_us(const struct sk_buff *skb)
{
	return div_u64(skb->skb_mstamp_ns, NSEC_PER_USEC);
}

/*
 * The clock of the segment in hand in us (Linux's tp->tcp_mstamp is in
 * us; xinet's is in ns).
 */
static inline u64 xtcp_mstamp_us(const struct xtcp_sock *tp)
{
	return div_u64(tp->tcp_mstamp, NSEC_PER_USEC);
}

/*
 * Twin of tcp_skb_sent_after(): was (@t1, @seq1) sent after (@t2,
 * @seq2)?  A retransmission at the same instant orders by sequence.
 */
static inline bool xtcp_skb_sent_after(u64 t1, u64 t2, u32 seq1, u32 seq2)
{
	return t1 > t2 || (t1 == t2 && xtcp_after(seq1, seq2));
}

/* Twin of tcp_clock_ms(): now, in milliseconds. */
static inline u32 xtcp_clock_ms(void)
{
	return div_u64(ktime_get_ns(), NSEC_PER_MSEC);
}

/* Twin of tcp_min_rtt(): the windowed minimum RTT, us (~0U: none yet). */
static inline u32 xtcp_min_rtt(const struct xtcp_sock *tp)
{
	return minmax_get(&tp->rtt_min);
}

/*
 * PAWS (RFC 7323 section 5), as include/net/tcp.h: TS.Recent is trusted
 * for TCP_PAWS_WRAP seconds (the most a 1 MHz clock may run before its
 * sign flips); a RST's timestamp for TCP_PAWS_MSL; a segment may be up
 * to TCP_PAWS_WINDOW ticks older than TS.Recent.
 */
#define XTCP_PAWS_WRAP		(INT_MAX / USEC_PER_SEC)
#define XTCP_PAWS_MSL		60
#define XTCP_PAWS_WINDOW	1

/**
 * xtcp_paws_check - is the segment's TSval acceptable? (twin of
 *	tcp_paws_check)
 * @rx_opt: TS.Recent, its stamp, and the segment's rcv_tsval
 * @paws_win: how many ticks older than TS.Recent it may be
 *
 * Return: true when not older than TS.Recent by more than @paws_win,
 * when TS.Recent is too old to judge by, or when it is 0 (stacks that
 * send 0 in the handshake).
 */
static inline bool xtcp_paws_check(const struct xtcp_options_received *rx_opt,
				   int paws_win)
{
	if ((s32)(rx_opt->ts_recent - rx_opt->rcv_tsval) <= paws_win)
		return true;
	if (unlikely(!time_before32(ktime_get_seconds(),
				    rx_opt->ts_recent_stamp + XTCP_PAWS_WRAP)))
		return true;
	if (!rx_opt->ts_recent)
		return true;
	return false;
}

/**
 * xtcp_paws_reject - must a segment of a mini-socket go? (twin of
 *	tcp_paws_reject)
 * @rx_opt: as for xtcp_paws_check()
 * @rst: the segment is a RST: after TCP_PAWS_MSL without a timestamp
 *	from the peer its reset is taken whatever its TSval, so that a
 *	rebooted peer can clear a half-open connection
 *
 * Return: true to reject.
 */
static inline bool xtcp_paws_reject(const struct xtcp_options_received *rx_opt,
				    int rst)
{
	if (xtcp_paws_check(rx_opt, 0))
		return false;
	if (rst && !time_before32(ktime_get_seconds(),
				  rx_opt->ts_recent_stamp + XTCP_PAWS_MSL))
		return false;
	return true;
}

/* nonagle bits, as TCP_NAGLE_* */
#define XTCP_NAGLE_OFF		1	/* TCP_NODELAY */
#define XTCP_NAGLE_CORK		2	/* TCP_CORK */
#define XTCP_NAGLE_PUSH		4	/* push the queue now */

/**
 * enum xtcp_ca_event - events an algorithm hears of (twin of tcp_ca_event)
 * @XCA_EVENT_TX_START: data is sent with nothing in flight (after idle)
 */
enum xtcp_ca_event {
	XCA_EVENT_TX_START,
};

/* xtcp_congestion_ops.flags: any user may choose it (allowed list). */
#define XTCP_CONG_NON_RESTRICTED	BIT(0)

/**
 * struct xtcp_congestion_ops - a congestion control algorithm (twin of
 *	tcp_congestion_ops, reduced to what NewReno and CUBIC need)
 * @list: link in the list of algorithms (RCU)
 * @name: as net.xinet.tcp_congestion_control and TCP_CONGESTION show it
 * @owner: the module that implements it
 * @flags: XTCP_CONG_*; written under the list's lock
 * @init: start of a connection (optional)
 * @release: end of a connection (optional)
 * @ssthresh: the new slow start threshold after a loss (required)
 * @cong_avoid: grow cwnd for @acked newly acknowledged segments
 *	(required)
 * @set_state: icsk_ca_state changes (optional)
 * @undo_cwnd: cwnd after a spurious loss was undone (required)
 * @cwnd_event: an xtcp_ca_event (optional)
 * @pkts_acked: segments newly acknowledged and an RTT sample in
 *	microseconds, -1 for none (optional)
 */
struct xtcp_congestion_ops {
	struct list_head	list;
	char			name[16];
	struct module		*owner;
	u32			flags;
	void	(*init)(struct sock *sk);
	void	(*release)(struct sock *sk);
	u32	(*ssthresh)(struct sock *sk);
	void	(*cong_avoid)(struct sock *sk, u32 ack, u32 acked);
	void	(*set_state)(struct sock *sk, u8 new_state);
	u32	(*undo_cwnd)(struct sock *sk);
	void	(*cwnd_event)(struct sock *sk, enum xtcp_ca_event ev);
	void	(*pkts_acked)(struct sock *sk, u32 num_acked, s32 rtt_us);
};

/* The algorithm of init_net when xinet loads (CONFIG_DEFAULT_TCP_CONG). */
#define XTCP_CONG_DEFAULT	"cubic"
/* Room for the names of every algorithm (TCP_CA_BUF_MAX). */
#define XTCP_CA_BUF_MAX		(XTCP_CA_NAME_MAX * 16)

extern struct proto xtcp_prot;

/* ---- constants and inline helpers (include/net/tcp.h) ---- */
#define XTCP_INFINITE_SSTHRESH	0x7fffffff
#define XTCP_MAX_QUICKACKS	16U
#define XTCP_MAX_WINDOW		32767U	/* unscaled window, TCP_MAXSEG bound */
#define XTCP_FIN_TIMEOUT_MAX	(120 * HZ)
#define XTCP_SYN_LINEAR_TIMEOUTS 4	/* tcp_syn_linear_timeouts default */
#define XTCP_THIN_LINEAR_RETRIES 6	/* then a thin stream backs off too */
#define XTCP_INVALID_RATELIMIT	(HZ / 2) /* tcp_invalid_ratelimit */
#define XTCP_CA_NAME_MAX	16
/* TCP_ULP's name buffer, as Linux's TCP_ULP_NAME_MAX */
#define XTCP_ULP_NAME_MAX	16
#define XTCP_MIN_SND_MSS	48
/* The smallest gso_size TCP sends (TCP_MIN_GSO_SIZE). */
#define XTCP_MIN_GSO_SIZE	8
#define XTCP_BASE_MSS		1024	/* tcp_base_mss default */
#define XTCP_PROBE_THRESHOLD	8	/* tcp_probe_threshold default */
#define XTCP_PROBE_INTERVAL	600	/* tcp_probe_interval default, s */
#define XTCP_TIMEOUT_MIN	(2U)	/* least timer, jiffies */
#define XTCP_TIMEOUT_MIN_US	(2 * USEC_PER_MSEC) /* the same, in us */
/* net.xinet.tcp_recovery bits, as TCP_RACK_* */
#define XTCP_RACK_LOSS_DETECTION	0x1	/* RACK detects losses */
#define XTCP_RACK_STATIC_REO_WND	0x2	/* no D-SACK widening */
#define XTCP_RACK_NO_DUPTHRESH		0x4	/* no dupthresh shortcut */
/* Recoveries a widened reordering window lasts (TCP_RACK_RECOVERY_THRESH). */
#define XTCP_RACK_RECOVERY_THRESH	16
/*
 * sk->sk_tsq_flags bits (TSQ_* and TCP_*_DEFERRED): TCP Small Queues'
 * state, and work deferred to xtcp_release_cb() while the user owns the
 * socket, each deferral holding a reference.
 */
enum {
	XTCP_TSQ_THROTTLED,	/* xtcp_write_xmit() waits for a TX completion */
	XTCP_TSQ_QUEUED,	/* on a CPU's TSQ list (holds a wmem unit) */
	XTCP_TSQ_DEFERRED,	/* the TSQ tasklet met an owned socket */
	XTCP_WRITE_TIMER_DEFERRED,
	XTCP_DELACK_TIMER_DEFERRED,
	XTCP_MTU_REDUCED_DEFERRED,	/* xtcp_v4_err() met an owned socket */
	/*
	 * An ACK due while the owner processed the backlog; no reference:
	 * the owner's release_sock() runs xtcp_release_cb() next.
	 */
	XTCP_ACK_DEFERRED,
};

/* Twin of tcp_notsent_lowat(): the socket's mark, else the namespace's. */
static inline u32 xtcp_notsent_lowat(const struct xtcp_sock *tp)
{
	const struct net *net = sock_net((const struct sock *)tp);

	return READ_ONCE(tp->notsent_lowat) ?:
	       READ_ONCE(xinet_net(net)->sysctl_tcp_notsent_lowat);
}

static inline bool xtcp_in_slow_start(const struct xtcp_sock *tp)
{
	return tp->snd_cwnd < tp->snd_ssthresh;
}

/*
 * Twin of tcp_is_cwnd_limited(): cwnd limited a send in this window, or,
 * in slow start, cwnd is below twice the most segments in flight (so
 * that slow start follows what the sender really used).
 */
static inline bool xtcp_is_cwnd_limited(const struct xtcp_sock *tp)
{
	if (tp->is_cwnd_limited)
		return true;
	if (xtcp_in_slow_start(tp))
		return tp->snd_cwnd < 2 * tp->max_packets_out;
	return false;
}

/* Twin of tcp_in_cwnd_reduction(): CWR or Recovery, PRR in charge. */
static inline bool xtcp_in_cwnd_reduction(const struct sock *sk)
{
	return (BIT(XTCP_CA_CWR) | BIT(XTCP_CA_Recovery)) &
	       BIT(xinet_csk(sk)->icsk_ca_state);
}

/* Twin of tcp_is_sack(): SACK was agreed; tcp_is_reno() otherwise. */
static inline bool xtcp_is_sack(const struct xtcp_sock *tp)
{
	return likely(tp->rx_opt.sack_ok);
}

static inline bool xtcp_is_reno(const struct xtcp_sock *tp)
{
	return !xtcp_is_sack(tp);
}

/* Segments that left the network unacknowledged (tcp_left_out). */
static inline u32 xtcp_left_out(const struct xtcp_sock *tp)
{
	return tp->sacked_out + tp->lost_out;
}

static inline u32 xtcp_packets_in_flight(const struct xtcp_sock *tp)
{
	return tp->packets_out - xtcp_left_out(tp) + tp->retrans_out;
}

/*
 * Twin of tcp_highest_sack_seq(): the "forward ACK", one past the
 * highest SACKed segment; snd_una when nothing is SACKed.
 */
static inline u32 xtcp_highest_sack_seq(const struct xtcp_sock *tp)
{
	if (!tp->sacked_out)
		return tp->snd_una;
	return tp->highest_sack_seq;
}

/* The window the peer may still fill (twin of tcp_receive_window). */
static inline u32 xtcp_receive_window(const struct xtcp_sock *tp)
{
	s32 win = tp->rcv_wup + tp->rcv_wnd - tp->rcv_nxt;

	return win < 0 ? 0 : win;
}

/*
 * Header prediction (twins of TCP_HP_BITS, __tcp_fast_path_on,
 * tcp_fast_path_on and tcp_fast_path_check).  pred_flags is the word of
 * the TCP header that holds the header length, the flags and the window
 * (tcp_flag_word), as a segment of the fast path carries it: our header
 * length (the peer's segments carry the same options as ours), ACK alone
 * (PSH ignored), the window unchanged.  0 turns the fast path off: out
 * of order data, urgent data, a zero or full receive window.
 */
#define XTCP_HP_BITS (~(TCP_RESERVED_BITS | TCP_FLAG_PSH))

static inline void __xtcp_fast_path_on(struct xtcp_sock *tp, u32 snd_wnd)
{
	tp->pred_flags = htonl((tp->tcp_header_len << 26) |
			       ntohl(TCP_FLAG_ACK) | snd_wnd);
}

static inline void xtcp_fast_path_on(struct xtcp_sock *tp)
{
	__xtcp_fast_path_on(tp, tp->snd_wnd >> tp->rx_opt.snd_wscale);
}

static inline void xtcp_fast_path_check(struct sock *sk)
{
	struct xtcp_sock *tp = xtcp_sk(sk);

	if (RB_EMPTY_ROOT(&tp->out_of_order_queue) && tp->rcv_wnd &&
	    atomic_read(&sk->sk_rmem_alloc) < sk->sk_rcvbuf && !tp->urg_data)
		xtcp_fast_path_on(tp);
}

/* Urgent mode: urgent data sent and not yet acknowledged (tcp_urg_mode). */
static inline bool xtcp_urg_mode(const struct xtcp_sock *tp)
{
	return tp->snd_una != tp->snd_up;
}

/*
 * Twin of tcp_bound_to_half_wnd(): never send segments larger than half the peer's largest
 * window.
 */
static inline int xtcp_bound_to_half_wnd(const struct xtcp_sock *tp, int pktsize)
{
	int cutoff;

	if (tp->max_window > XTCP_MSS_DEFAULT)
		cutoff = tp->max_window >> 1;
	else
		cutoff = tp->max_window;
	if (cutoff && pktsize > cutoff)
		return max_t(int, cutoff, 68U - tp->tcp_header_len);
	return pktsize;
}

static inline u32 xtcp_wnd_end(const struct xtcp_sock *tp)
{
	return tp->snd_una + tp->snd_wnd;
}

static inline struct sk_buff *xtcp_send_head(const struct sock *sk)
{
	return skb_peek(&sk->sk_write_queue);
}

static inline struct sk_buff *xtcp_rtx_queue_head(const struct sock *sk)
{
	return skb_peek(&xtcp_sk(sk)->rtx_queue);
}

/*
 * Give a queued skb its own head and frag array when a clone of it is
 * still in flight, without changing the truesize it is charged for
 * (skb_unclone_keeptruesize(), whose helper is not exported to modules).
 */
static inline int xtcp_unclone_keeptruesize(struct sk_buff *skb, gfp_t gfp)
{
	unsigned int truesize = skb->truesize;
	int err;

	if (!skb_cloned(skb))
		return 0;
	err = pskb_expand_head(skb, 0, 0, gfp);
	if (err)
		return err;
	skb->truesize = truesize;
	return 0;
}

/*
 * Twin of tcp_rtx_queue_unlink_and_free(): @skb leaves the retransmission
 * queue, and its memory the socket's charge.
 */
static inline void xtcp_rtx_queue_unlink_and_free(struct sk_buff *skb,
						  struct sock *sk)
{
	__skb_unlink(skb, &xtcp_sk(sk)->rtx_queue);
	sk_wmem_queued_add(sk, -skb->truesize);
	sk_mem_uncharge(sk, skb->truesize);
	__kfree_skb(skb);
}

/* Twin of tcp_rtx_and_write_queues_empty(): nothing unsent or unacked. */
static inline bool xtcp_rtx_and_write_queues_empty(const struct sock *sk)
{
	return skb_queue_empty(&xtcp_sk(sk)->rtx_queue) &&
	       skb_queue_empty(&sk->sk_write_queue);
}

/*
 * The receive window a buffer holds (tcp_win_from_space()): the buffer
 * is charged an skb's truesize for its len bytes of data, so the window
 * is the buffer times scaling_ratio / 256, the ratio of payload to
 * truesize last measured on a full segment (xtcp_measure_rcv_mss()),
 * half until then, as Linux 6.12's.
 */
#define XTCP_RMEM_TO_WIN_SCALE		8
#define XTCP_DEFAULT_SCALING_RATIO	(1 << (XTCP_RMEM_TO_WIN_SCALE - 1))

static inline int __xtcp_win_from_space(u8 scaling_ratio, int space)
{
	s64 scaled_space = (s64)space * scaling_ratio;

	return scaled_space >> XTCP_RMEM_TO_WIN_SCALE;
}

static inline int xtcp_win_from_space(const struct sock *sk, int space)
{
	return __xtcp_win_from_space(xtcp_sk(sk)->scaling_ratio, space);
}

/* The buffer a window of @win bytes needs (inverse of the above). */
static inline int __xtcp_space_from_win(u8 scaling_ratio, int win)
{
	u64 val = (u64)win << XTCP_RMEM_TO_WIN_SCALE;

	do_div(val, scaling_ratio);
	return val;
}

static inline int xtcp_space_from_win(const struct sock *sk, int win)
{
	return __xtcp_space_from_win(xtcp_sk(sk)->scaling_ratio, win);
}

static inline int xtcp_space(const struct sock *sk)
{
	return xtcp_win_from_space(sk, READ_ONCE(sk->sk_rcvbuf) -
				   READ_ONCE(sk->sk_backlog.len) -
				   atomic_read(&sk->sk_rmem_alloc));
}

static inline int xtcp_full_space(const struct sock *sk)
{
	return xtcp_win_from_space(sk, READ_ONCE(sk->sk_rcvbuf));
}

/*
 * Twin of tcp_inq(): the bytes a read would return now (SIOCINQ,
 * TCP_ZEROCOPY_RECEIVE): none before the connection, up to the urgent
 * mark while one is ahead, and not the FIN.  The socket is locked.
 */
static inline int xtcp_inq(struct sock *sk)
{
	struct xtcp_sock *tp = xtcp_sk(sk);
	int answ;

	if ((1 << sk->sk_state) & (TCPF_SYN_SENT | TCPF_SYN_RECV)) {
		answ = 0;
	} else if (sock_flag(sk, SOCK_URGINLINE) || !tp->urg_data ||
		   xtcp_before(tp->urg_seq, tp->copied_seq) ||
		   !xtcp_before(tp->urg_seq, tp->rcv_nxt)) {
		answ = tp->rcv_nxt - tp->copied_seq;
		/* The FIN is no byte to read. */
		if (answ && sock_flag(sk, SOCK_DONE))
			answ--;
	} else {
		/* What a read returns: up to the urgent mark. */
		answ = tp->urg_seq - tp->copied_seq;
	}
	return answ;
}

static inline u32 xtcp_keepalive_time_when(const struct xtcp_sock *tp)
{
	const struct sock *sk = (const struct sock *)tp;

	return READ_ONCE(tp->keepalive_time) ? :
	       READ_ONCE(xinet_net(sock_net(sk))->sysctl_tcp_keepalive_time);
}

static inline u32 xtcp_keepalive_intvl_when(const struct xtcp_sock *tp)
{
	const struct sock *sk = (const struct sock *)tp;

	return READ_ONCE(tp->keepalive_intvl) ? :
	       READ_ONCE(xinet_net(sock_net(sk))->sysctl_tcp_keepalive_intvl);
}

static inline int xtcp_keepalive_probes(const struct xtcp_sock *tp)
{
	const struct sock *sk = (const struct sock *)tp;

	return READ_ONCE(tp->keepalive_probes) ? :
	       READ_ONCE(xinet_net(sock_net(sk))->sysctl_tcp_keepalive_probes);
}

static inline u32 xtcp_keepalive_time_elapsed(const struct xtcp_sock *tp)
{
	const struct xinet_connection_sock *icsk = &tp->inet_conn;

	return min_t(u32, jiffies - icsk->icsk_ack.lrcvtime,
		     jiffies - tp->rcv_tstamp);
}

/* ---- xtcp.c ---- */
int xtcp_init(void);
void xtcp_exit(void);
void xtcp_init_net(struct net *net);
void xtcp_init_sock(struct sock *sk);
void xtcp_set_state(struct sock *sk, int state);
void xtcp_done(struct sock *sk);
void xtcp_close(struct sock *sk, long timeout);
void __xtcp_close(struct sock *sk, long timeout);
bool xtcp_check_oom(const struct sock *sk, int shift);
void xtcp_shutdown(struct sock *sk, int how);
int xtcp_disconnect(struct sock *sk, int flags);
int xtcp_abort(struct sock *sk, int err);
int xtcp_sendmsg(struct sock *sk, struct msghdr *msg, size_t size);
void xtcp_push(struct sock *sk, int flags, int mss_now, int nonagle,
	       int size_goal);
unsigned int xtcp_xmit_size_goal(struct sock *sk, unsigned int mss_now);
void xtcp_mark_push(struct xtcp_sock *tp, struct sk_buff *skb);
int xtcp_read_sock(struct sock *sk, read_descriptor_t *desc,
		   sk_read_actor_t recv_actor);
ssize_t xtcp_splice_read(struct socket *sock, loff_t *ppos,
			 struct pipe_inode_info *pipe, size_t len,
			 unsigned int flags);
void xtcp_splice_eof(struct socket *sock);
#ifdef CONFIG_MMU
int xtcp_mmap(struct file *file, struct socket *sock,
	      struct vm_area_struct *vma);
#endif
int xtcp_recvmsg(struct sock *sk, struct msghdr *msg, size_t len,
		 int flags, int *addr_len);
int xtcp_setsockopt(struct sock *sk, int level, int optname,
		    sockptr_t optval, unsigned int optlen);
int xtcp_getsockopt(struct sock *sk, int level, int optname,
		    char __user *optval, int __user *optlen);
/* SIOCINQ/SIOCATMARK/SIOCOUTQ/SIOCOUTQNSD into *karg; -ENOIOCTLCMD else */
int xtcp_ioctl(struct sock *sk, int cmd, int *karg);
int xtcp_set_rcvlowat(struct sock *sk, int val);
__poll_t xtcp_poll(struct file *file, struct socket *sock,
		   struct poll_table_struct *wait);
void xtcp_set_keepalive(struct sock *sk, int val);
void xtcp_write_queue_purge(struct sock *sk);
/* The state after close() from @sk's state; true if a FIN must be sent. */
bool xtcp_close_state(struct sock *sk);
/* The FIN_WAIT_2 lifetime of @sk (linger2 or the namespace's). */
int xtcp_fin_time(const struct sock *sk);
/*
 * Module-wide accounting, defined in xtcp.c, pointed at by xtcp_prot:
 * orphans (tcp_orphan_count), sockets, memory (tcp_memory_allocated ...).
 */
extern struct percpu_counter xtcp_orphan_count;
extern struct percpu_counter xtcp_sockets_allocated;
extern long sysctl_xtcp_mem[3];
extern int sysctl_xtcp_max_orphans;
extern atomic_long_t xtcp_memory_allocated;
DECLARE_PER_CPU(int, xtcp_memory_per_cpu_fw_alloc);
extern unsigned long xtcp_memory_pressure;
extern int sysctl_xtcp_wmem[3];
extern int sysctl_xtcp_rmem[3];
void xtcp_cleanup_rbuf(struct sock *sk, int copied);
void xtcp_get_info(struct sock *sk, struct tcp_info *info);
void xtcp_write_space(struct sock *sk);

/* ---- xtcp_input.c ---- */
/*
 * Parse the options of @skb (its TCP header at skb_transport_header):
 * MSS, window scale, timestamps, SACK-permitted; @estab: only what an
 * established connection cares about.
 */
struct xtcp_fastopen_cookie;
void xtcp_parse_options(const struct net *net, const struct sk_buff *skb,
			struct xtcp_options_received *opt_rx, int estab,
			struct xtcp_fastopen_cookie *foc);
void xtcp_rcv_established(struct sock *sk, struct sk_buff *skb);
/*
 * Everything but ESTABLISHED and LISTEN (xtcp_v4_do_rcv() handles LISTEN
 * itself): SYN_SENT, SYN_RECV (a child completing its handshake), the
 * closing states.  Return: 0, or nonzero when the caller must send a
 * reset for @skb (and free it); @skb is consumed when 0 is returned.
 */
int xtcp_rcv_state_process(struct sock *sk, struct sk_buff *skb);
void xtcp_fin(struct sock *sk);
/* Called when a connection reaches ESTABLISHED, either way. */
void xtcp_init_transfer(struct sock *sk);
void xtcp_finish_connect(struct sock *sk, struct sk_buff *skb);
int xtcp_send_rcvq(struct sock *sk, struct msghdr *msg, size_t size);
/* The socket was reset: set sk_err from the state, then xtcp_done(). */
void xtcp_reset(struct sock *sk, struct sk_buff *skb);
/* Challenge ACK rate limit (RFC 5961 section 7), per namespace. */
void xtcp_send_challenge_ack(struct sock *sk);
void xtcp_rtt_estimator(struct sock *sk, long mrtt_us);
void xtcp_set_rto(struct sock *sk);
void xtcp_enter_quickack_mode(struct sock *sk, unsigned int max_quickacks);
void xtcp_initialize_rcv_mss(struct sock *sk);
void xtcp_data_queue_ofo(struct sock *sk, struct sk_buff *skb);
void xtcp_ofo_queue(struct sock *sk);
bool xtcp_ofo_purge(struct sock *sk);
void xtcp_rearm_rto(struct sock *sk);
void xtcp_rcv_space_adjust(struct sock *sk);
void xtcp_sndbuf_expand(struct sock *sk);
void xtcp_check_space(struct sock *sk);
void xtcp_synack_rtt_meas(struct sock *sk, const struct xrequest_sock *req);
void xtcp_chrono_start(struct sock *sk, enum xtcp_chrono type);
void xtcp_chrono_stop(struct sock *sk, enum xtcp_chrono type);
void xtcp_clear_retrans(struct xtcp_sock *tp);
void xtcp_enter_loss(struct sock *sk);
void xtcp_ecn_create_request(struct xrequest_sock *req,
			     const struct sk_buff *skb,
			     const struct sock *listen_sk);
void xtcp_mark_skb_lost(struct sock *sk, struct sk_buff *skb);
void xtcp_enter_recovery(struct sock *sk, bool ece_ack);
bool xtcp_packet_delayed(const struct xtcp_sock *tp);
bool xtcp_may_undo(const struct xtcp_sock *tp);
void xtcp_cwnd_reduction(struct sock *sk, int newly_acked_sacked,
			 int newly_lost, int flag);
s64 xtcp_rto_delta_us(const struct sock *sk);

/* ---- xtcp_rate.c ---- */
/**
 * struct xrate_sample - the delivery rate one ACK measures (twin of
 *	struct rate_sample); invalid when @delivered or @interval_us is
 *	negative
 * @prior_mstamp: the start of the interval, us
 * @prior_delivered: tp->delivered at @prior_mstamp
 * @prior_delivered_ce: tp->delivered_ce at @prior_mstamp
 * @delivered: segments delivered over the interval
 * @delivered_ce: those of them delivered with a CE mark (ECE)
 * @interval_us: the interval: the longer of the send and ACK phases
 * @snd_interval_us: the send phase of the segments delivered
 * @rcv_interval_us: their ACK phase
 * @rtt_us: the RTT of the last (S)ACKed segment, -1 for none
 * @losses: segments newly marked lost by the ACK
 * @acked_sacked: segments newly (S)ACKed by the ACK
 * @prior_in_flight: segments in flight before the ACK
 * @last_end_seq: end_seq of the most recently sent segment delivered
 * @is_app_limited: that segment was sent with a bubble in the pipe
 * @is_retrans: it was a retransmission
 * @is_ack_delayed: the ACK was likely delayed (XFLAG_ACK_MAYBE_DELAYED)
 */
struct xrate_sample {
	u64	prior_mstamp;
	u32	prior_delivered;
	u32	prior_delivered_ce;
	s32	delivered;
	s32	delivered_ce;
	long	interval_us;
	u32	snd_interval_us;
	u32	rcv_interval_us;
	long	rtt_us;
	int	losses;
	u32	acked_sacked;
	u32	prior_in_flight;
	u32	last_end_seq;
	bool	is_app_limited;
	bool	is_retrans;
	bool	is_ack_delayed;
};

void xtcp_rate_skb_sent(struct sock *sk, struct sk_buff *skb);
void xtcp_rate_skb_delivered(struct sock *sk, struct sk_buff *skb,
			     struct xrate_sample *rs);
void xtcp_rate_gen(struct sock *sk, u32 delivered, u32 lost,
		   bool is_sack_reneg, struct xrate_sample *rs);
void xtcp_rate_check_app_limited(struct sock *sk);

/* ---- xtcp_recovery.c ---- */
bool xtcp_is_rack(const struct sock *sk);
s32 xtcp_rack_skb_timeout(const struct xtcp_sock *tp,
			  const struct sk_buff *skb, u32 reo_wnd);
bool xtcp_rack_mark_lost(struct sock *sk);
void xtcp_rack_advance(struct xtcp_sock *tp, u8 sacked, u32 end_seq,
		       u64 xmit_time);
void xtcp_rack_reo_timeout(struct sock *sk);
void xtcp_rack_update_reo_wnd(struct sock *sk, const struct xrate_sample *rs);
void xtcp_newreno_mark_lost(struct sock *sk, bool snd_una_advanced);

/* ---- xtcp_fastopen.c ---- */
/* net.xinet.tcp_fastopen bits, as Linux's TFO_* */
#define XTFO_CLIENT_ENABLE		1
#define XTFO_SERVER_ENABLE		2
#define XTFO_CLIENT_NO_COOKIE		4
#define XTFO_SERVER_COOKIE_NOT_REQD	0x200
#define XTFO_SERVER_WO_SOCKOPT1		0x400

#define XTCP_FASTOPEN_COOKIE_SIZE	8
#define XTCP_FASTOPEN_COOKIE_MAX	16
#define XTCP_FASTOPEN_KEY_LENGTH	16

/**
 * struct xtcp_fastopen_cookie - a Fast Open cookie (twin of
 *	tcp_fastopen_cookie)
 * @val: the cookie
 * @val64: the same, as the 64-bit words siphash makes
 * @len: its length: -1 no option, 0 a cookie request
 * @exp: in the experimental option (kind 254, magic 0xF989)
 */
struct xtcp_fastopen_cookie {
	union {
		u8	val[XTCP_FASTOPEN_COOKIE_MAX];
		__le64	val64[XTCP_FASTOPEN_COOKIE_MAX / 8];
	};
	s8	len;
	bool	exp;
};

/**
 * struct xtcp_fastopen_request - a client's data for its SYN (twin of
 *	tcp_fastopen_request)
 * @cookie: the cookie to send, from the cache
 * @data: the caller's message, NULL once all of it went in the SYN
 * @size: its length
 * @copied: bytes put in the SYN
 * @uarg: MSG_ZEROCOPY's notification of the send, for the SYN's data
 */
struct xtcp_fastopen_request {
	struct xtcp_fastopen_cookie cookie;
	struct msghdr	*data;
	size_t		size;
	int		copied;
	struct ubuf_info *uarg;
};

void xtcp_fastopen_init_net(struct net *net);
void xtcp_fastopen_reset_cipher(struct net *net, const u8 *primary,
				const u8 *backup);
int xtcp_fastopen_get_cipher(struct net *net, u64 *key);
void xtcp_fastopen_set_sk_key(struct sock *sk, const u8 *primary,
			      const u8 *backup);
int xtcp_fastopen_get_sk_key(struct sock *sk, u64 *key);
void xtcp_fastopen_active_detect_blackhole(struct sock *sk, bool expired);
struct sock *xtcp_try_fastopen(struct sock *sk, struct sk_buff *skb,
			       struct xrequest_sock *req,
			       struct xtcp_fastopen_cookie *foc);
void xtcp_fastopen_add_skb(struct sock *sk, struct sk_buff *skb);
void xreqsk_fastopen_remove(struct sock *sk, struct xrequest_sock *req,
			    bool reset);
void xtcp_fastopen_synack_timer(struct sock *sk, struct xrequest_sock *req);
bool xtcp_fastopen_cookie_check(struct sock *sk, u16 *mss,
				struct xtcp_fastopen_cookie *cookie);
bool xtcp_fastopen_defer_connect(struct sock *sk, int *err);
void xtcp_fastopen_cache_set(struct sock *sk, u16 mss,
			     const struct xtcp_fastopen_cookie *cookie,
			     bool syn_lost);
bool xtcp_rcv_fastopen_synack(struct sock *sk, struct sk_buff *synack,
			      struct xtcp_fastopen_cookie *cookie);
int xtcp_sendmsg_fastopen(struct sock *sk, struct msghdr *msg,
			  int *copied, size_t size, struct ubuf_info *uarg);
void xtcp_free_fastopen_req(struct xtcp_sock *tp);
int xtcp_fastopen_set_listen(struct sock *sk, int val);

/* Twin of tcp_passive_fastopen(): a Fast Open child before its ACK. */
static inline bool xtcp_passive_fastopen(const struct sock *sk)
{
	return sk->sk_state == TCP_SYN_RECV && xtcp_sk(sk)->fastopen_rsk;
}

/* ---- xtcp_output.c ---- */
/* Send the SYN of an active open; identity, ISN, hashes are set. */
int xtcp_connect(struct sock *sk);
/* Window scale we offer for a receive space of @space bytes. */
u16 xtcp_dst_advmss(const struct xrtable *rt);
void xtcp_dst_init(struct sock *sk, const struct xrtable *rt);
void xtcp_select_initial_window(const struct sock *sk, int space, u32 mss,
				u32 *rcv_wnd, u32 *window_clamp,
				int wscale_ok, u8 *rcv_wscale,
				u32 init_rcv_wnd);
/* Build and send the SYN-ACK of @req to its peer. */
int xtcp_send_synack(const struct sock *sk, struct xrequest_sock *req,
		     const struct xtcp_fastopen_cookie *foc);
void xtcp_send_ack(struct sock *sk);
void xtcp_sack_compress_send_ack(struct sock *sk);
void xtcp_send_delayed_ack(struct sock *sk);
void xtcp_send_fin(struct sock *sk);
void xtcp_send_active_reset(struct sock *sk, gfp_t priority);
void __xtcp_push_pending_frames(struct sock *sk, unsigned int cur_mss,
				int nonagle);
int xtcp_write_wakeup(struct sock *sk);
void xtcp_send_window_probe(struct sock *sk);
void xtcp_send_probe0(struct sock *sk);
int xtcp_fragment(struct sock *sk, struct sk_buff_head *queue,
		  struct sk_buff *skb, u32 len, unsigned int mss_now, gfp_t gfp);
int xtcp_trim_head(struct sock *sk, struct sk_buff *skb, u32 len);
bool xtcp_skb_shift(struct sk_buff *to, struct sk_buff *from, int pcount,
		    u32 shiftlen);
int __xtcp_retransmit_skb(struct sock *sk, struct sk_buff *skb, int segs);
int xtcp_retransmit_skb(struct sock *sk, struct sk_buff *skb, int segs);
unsigned int xtcp_current_mss(struct sock *sk);
unsigned int xtcp_sync_mss(struct sock *sk, u32 pmtu);
/* The MSS to announce on @rt's device: MTU less 40, TCP_MAXSEG bound. */
u16 xtcp_mss_clamp_for_mtu(unsigned int mtu);
u32 __xtcp_select_window(struct sock *sk);
/*
 * Route a segment from @sk to its peer: xip_route_output_sk() with the
 * socket's identity (bound device, saddr, ports), so the socket's cached
 * route in the common case; the caller puts @rt.
 */
int xtcp_route(struct sock *sk, struct xrtable *rt);
void xtcp_setup_caps(struct sock *sk, const struct net_device *dev);
void xtcp_slow_start_after_idle_check(struct sock *sk);
int xtcp_transmit_skb(struct sock *sk, struct sk_buff *skb, int clone_it,
		      gfp_t gfp_mask);
bool xtcp_write_xmit(struct sock *sk, unsigned int mss_now, int nonagle,
		     gfp_t gfp);
void xtcp_xmit_retransmit_queue(struct sock *sk);
void xtcp_wfree(struct sk_buff *skb);
bool xtcp_stream_memory_free(const struct sock *sk, int wake);
void xtcp_tsq_write(struct sock *sk);
void xtcp_tasklet_init(void);
void xtcp_tasklet_exit(void);
void xtcp_simple_retransmit(struct sock *sk);
void xtcp_v4_mtu_reduced(struct sock *sk);
int xtcp_v4_err(struct sk_buff *skb, u32 info);
void xtcp_push_pending_frames(struct sock *sk);
void xtcp_check_probe_timer(struct sock *sk);
u32 xtcp_probe0_when(const struct sock *sk, unsigned long max_when);
void xtcp_forced_mem_schedule(struct sock *sk, int size);
void xtcp_send_synack_sk(struct sock *sk);
int xtcp_mtu_to_mss(const struct sock *sk, int pmtu);
int xtcp_mss_to_mtu(const struct sock *sk, int mss);
void xtcp_mtup_init(struct sock *sk);
u32 xtcp_current_ssthresh(const struct sock *sk);
struct sk_buff *xtcp_stream_alloc_skb(struct sock *sk, gfp_t gfp, bool force);
void xtcp_skb_entail(struct sock *sk, struct sk_buff *skb);
bool xtcp_schedule_loss_probe(struct sock *sk, bool advancing_rto);
void xtcp_send_loss_probe(struct sock *sk);

/* ---- xtcp_timer.c ---- */
void xtcp_release_cb(struct sock *sk);
void xtcp_init_xmit_timers(struct sock *sk);
void xtcp_clear_xmit_timers(struct sock *sk);
void xtcp_delack_timer_handler(struct sock *sk);
void xtcp_write_timer_handler(struct sock *sk);
void xtcp_write_err(struct sock *sk);
bool xtcp_retransmits_timed_out(struct sock *sk, unsigned int boundary,
				unsigned int timeout);

/* ---- xtcp_cong.c ---- */
int xtcp_register_congestion_control(struct xtcp_congestion_ops *ca);
void xtcp_unregister_congestion_control(struct xtcp_congestion_ops *ca);
void xtcp_init_congestion_control(struct sock *sk);
void xtcp_cleanup_congestion_control(struct sock *sk);
void xtcp_set_ca_state(struct sock *sk, const u8 ca_state);
bool xtcp_ca_known(const char *name);
void xtcp_ca_dst_init(struct sock *sk, const struct xrtable *rt);
u32 xtcp_reno_ssthresh(struct sock *sk);
void xtcp_reno_cong_avoid(struct sock *sk, u32 ack, u32 acked);
u32 xtcp_reno_undo_cwnd(struct sock *sk);
u32 xtcp_slow_start(struct xtcp_sock *tp, u32 acked);
void xtcp_cong_avoid_ai(struct xtcp_sock *tp, u32 w, u32 acked);
int xtcp_cong_init(void);
void xtcp_cong_exit(void);
int xtcp_set_congestion_control(struct sock *sk, const char *name,
				bool cap_net_admin);
void xtcp_get_available_congestion_control(char *buf, size_t maxlen);
int xtcp_set_ulp(struct sock *sk, const char *name);
void xtcp_get_allowed_congestion_control(char *buf, size_t maxlen);
int xtcp_set_allowed_congestion_control(char *val);
void xtcp_get_default_congestion_control(struct net *net, char *name);
int xtcp_set_default_congestion_control(struct net *net, const char *name);
void xtcp_net_init_congestion_control(struct net *net);
void xtcp_net_exit_congestion_control(struct net *net);
void xtcp_assign_congestion_control(struct sock *sk);

/* Twin of tcp_ca_event(): tell the socket's algorithm of @event. */
static inline void xtcp_ca_event(struct sock *sk, enum xtcp_ca_event event)
{
	const struct xtcp_congestion_ops *ca = xinet_csk(sk)->icsk_ca_ops;

	if (ca && ca->cwnd_event)
		ca->cwnd_event(sk, event);
}

/* ---- xtcp_cubic.c ---- */
int xtcp_cubic_register(void);
void xtcp_cubic_unregister(void);

/* ---- xtcp_ipv4.c ---- */
int xtcp_v4_init(void);
void xtcp_set_hashinfo(struct net *net);
void xtcp_v4_exit(void);
int xtcp_v4_net_init(struct net *net);
void xtcp_v4_net_exit(struct net *net);
int xtcp_v4_rcv(struct sk_buff *skb);
int xtcp_v4_do_rcv(struct sock *sk, struct sk_buff *skb);
int xtcp_v4_connect(struct sock *sk, struct sockaddr *uaddr, int addr_len);
/*
 * The passive-open SYN (tcp_v4_conn_request -> tcp_conn_request): a
 * request sock in ehash and a SYN-ACK, or a SYN cookie.  Return 0 (skb
 * not consumed, the caller frees it) or nonzero to answer with a reset.
 */
int xtcp_v4_conn_request(struct sock *sk, struct sk_buff *skb);
struct ip_options_rcu *xtcp_v4_save_options(struct net *net,
					    struct sk_buff *skb);
struct sock *xtcp_v4_syn_recv_sock(const struct sock *sk, struct sk_buff *skb,
				   struct xrequest_sock *req,
				   bool *own_req);
/* A RST for @skb, with no socket needed (@sk may be NULL or a TW sock). */
void xtcp_v4_send_reset(const struct sock *sk, struct sk_buff *skb);
/* An ACK for a TIME_WAIT sock or a request sock, from its mini-state. */
struct xtcp_md5sig_key;
void xtcp_v4_send_ack(const struct sock *sk, struct sk_buff *skb,
		      u32 seq, u32 ack, u32 win, u32 tsval, u32 tsecr,
		      const struct xtcp_md5sig_key *key);
void xtcp_v4_destroy_sock(struct sock *sk);
u32 xtcp_v4_init_seq(const struct sk_buff *skb);

/* ---- xtcp_minisocks.c ---- */
struct sock *xtcp_check_req(struct sock *sk, struct sk_buff *skb,
			    struct xrequest_sock *req);
struct sock *xtcp_create_openreq_child(const struct sock *sk,
				       struct xrequest_sock *req,
				       struct sk_buff *skb);
/* The child of a completed handshake processes its first segment. */
int xtcp_child_process(struct sock *parent, struct sock *child,
		       struct sk_buff *skb);
/* @sk moves to TIME_WAIT (or FIN_WAIT_2 as a mini-sock) and is done. */
void xtcp_time_wait(struct sock *sk, int state, int timeo);
enum xtcp_tw_status {
	XTCP_TW_SUCCESS = 0,	/* segment dealt with, freed */
	XTCP_TW_RST = 1,	/* send a reset for it */
	XTCP_TW_ACK = 2,	/* send an ACK from the mini-state */
	XTCP_TW_SYN = 3,	/* a new SYN may reopen: look for a listener */
};
enum xtcp_tw_status xtcp_timewait_state_process(struct xinet_timewait_sock *tw,
						struct sk_buff *skb,
						const struct tcphdr *th);

/* ---- xsyncookies.c ---- */
u32 xcookie_v4_init_sequence(const struct sk_buff *skb, u16 *mssp);
u32 xcookie_init_timestamp(const struct xrequest_sock *req, u64 now_ns);
struct sock *xcookie_v4_check(struct sock *sk, struct sk_buff *skb);
int __xcookie_v4_check(const struct iphdr *iph, const struct tcphdr *th);

/*
 * TCP_TX_DELAY (twins of tcp_add_tx_delay and tcp_transmit_time): a
 * departure time later by the socket's delay, for an EDT qdisc (fq) to
 * hold the packet; the static key keeps the cost off until a socket
 * sets a delay.
 */
DECLARE_STATIC_KEY_FALSE(xtcp_tx_delay_enabled);

static inline void xtcp_add_tx_delay(struct sk_buff *skb,
				     const struct xtcp_sock *tp, u64 now_ns)
{
	if (static_branch_unlikely(&xtcp_tx_delay_enabled) &&
	    tp->tcp_tx_delay)
		xinet_skb_set_departure(skb, now_ns +
					(u64)tp->tcp_tx_delay * NSEC_PER_USEC);
}

/* The departure time of a control segment of @sk (0: now). */
static inline u64 xtcp_transmit_time(const struct sock *sk)
{
	u32 delay;

	if (!static_branch_unlikely(&xtcp_tx_delay_enabled) || !sk ||
	    sk->sk_state == TCP_NEW_SYN_RECV)
		return 0;
	if (sk->sk_state == TCP_TIME_WAIT)
		delay = xinet_twsk(sk)->tw_tx_delay;
	else
		delay = xtcp_sk(sk)->tcp_tx_delay;
	return delay ? ktime_get_ns() + (u64)delay * NSEC_PER_USEC : 0;
}

/* ---- TCP-MD5 (RFC 2385): xtcp.c, xtcp_ipv4.c, xtcp_input.c ---- */
/**
 * struct xtcp_md5sig_key - a TCP-MD5 key (twin of tcp_md5sig_key)
 * @node: link in the socket's xtcp_md5sig_info list (RCU)
 * @keylen: bytes of @key in use (read locklessly: READ_ONCE)
 * @family: AF_INET, the only family of AF_XINET's addresses
 * @prefixlen: bits of @addr that must match the peer's
 * @flags: TCP_MD5SIG_FLAG_IFINDEX when the key is for @l3index only
 * @addr: the peer's address (or prefix), network order
 * @l3index: the L3 master device the key is bound to, 0 none
 * @key: the key
 * @rcu: freed after a grace period (lockless readers)
 */
struct xtcp_md5sig_key {
	struct hlist_node	node;
	u8			keylen;
	u8			family;
	u8			prefixlen;
	u8			flags;
	__be32			addr;
	int			l3index;
	u8			key[TCP_MD5SIG_MAXKEYLEN];
	struct rcu_head		rcu;
};

/**
 * struct xtcp_md5sig_info - a socket's TCP-MD5 keys (twin of
 *	tcp_md5sig_info)
 * @head: the keys
 * @rcu: freed after a grace period
 */
struct xtcp_md5sig_info {
	struct hlist_head	head;
	struct rcu_head		rcu;
};

/* On once the first key of any socket is made (tcp_md5_needed). */
DECLARE_STATIC_KEY_FALSE(xtcp_md5_needed);

static inline bool xtcp_md5_enabled(void)
{
	return static_branch_unlikely(&xtcp_md5_needed);
}

/* xtcp.c: the digest (tcp_md5_hash_key, the pool, the inbound check) */
int xtcp_md5_alloc_sigpool(void);
struct shash_desc *xtcp_md5_hash_start(void);
void xtcp_md5_hash_end(struct shash_desc *desc);
int xtcp_md5_hash_skb_data(struct shash_desc *desc,
			   const struct sk_buff *skb, unsigned int header_len);
int xtcp_md5_hash_key(struct shash_desc *desc,
		      const struct xtcp_md5sig_key *key);
enum skb_drop_reason xtcp_inbound_hash(struct sock *sk,
				       const struct sk_buff *skb);
void xtcp_md5_exit(void);

/* xtcp_input.c */
int xtcp_parse_md5sig_option(const struct tcphdr *th, const u8 **md5_hash);

/* xtcp_ipv4.c */
struct xtcp_md5sig_key *xtcp_md5_do_lookup(const struct sock *sk,
					   int l3index, __be32 addr);
struct xtcp_md5sig_key *__xtcp_v4_md5_lookup(const struct sock *sk,
					     const struct sock *addr_sk);

/*
 * Every segment sent asks for its key: without any key in the system
 * (the static key off, as tcp_get_current_key() tests it) that costs
 * nothing but the branch.
 */
static inline struct xtcp_md5sig_key *
xtcp_v4_md5_lookup(const struct sock *sk, const struct sock *addr_sk)
{
	if (!xtcp_md5_enabled() ||
	    !rcu_access_pointer(xtcp_sk(sk)->md5sig_info))
		return NULL;
	return __xtcp_v4_md5_lookup(sk, addr_sk);
}

struct xtcp_md5sig_key *xtcp_v4_req_md5_lookup(const struct sock *sk,
					       struct xrequest_sock *req);
int xtcp_md5_key_copy(struct sock *sk, __be32 addr, u8 prefixlen,
		      int l3index, const struct xtcp_md5sig_key *key);
void xtcp_clear_md5_list(struct sock *sk);
int xtcp_v4_parse_md5_keys(struct sock *sk, int optname, sockptr_t optval,
			   int optlen);
int xtcp_v4_md5_hash_skb(u8 *md5_hash, const struct xtcp_md5sig_key *key,
			 __be32 saddr, __be32 daddr,
			 const struct sk_buff *skb);
int xtcp_v4_md5_hash_hdr(u8 *md5_hash, const struct xtcp_md5sig_key *key,
			 __be32 daddr, __be32 saddr, const struct tcphdr *th);

#endif /* _NET_XINET_XTCP_H */
