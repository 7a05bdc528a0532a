/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xinet: CUBIC's per-connection state and arithmetic
 * (net/xinet/xtcp_cubic.c), shared with its KUnit suite.
 */
#ifndef _NET_XINET_XTCP_CUBIC_H
#define _NET_XINET_XTCP_CUBIC_H

#include <linux/types.h>

/**
 * struct xcubic - a connection's CUBIC state (twin of struct bictcp)
 * @cnt: ACKed segments per cwnd increment
 * @last_max_cwnd: W_max: the window before the last reduction
 * @last_cwnd: cwnd when @cnt was last computed
 * @last_time: jiffies of that computation
 * @origin_point: the window the curve is centred on
 * @k: time from the epoch's start to @origin_point, in 2^-10 s
 * @delay_min: the smallest RTT seen, us
 * @epoch_start: jiffies of the current epoch's start, 0 for none
 * @ack_cnt: segments ACKed in the epoch, for the Reno estimate
 * @tcp_cwnd: the window Reno would have (TCP friendliness)
 * @sample_cnt: RTT samples of the current HyStart round
 * @found: HyStart found the exit of slow start
 * @round_start: start of the current round, us
 * @end_seq: snd_nxt when the round started
 * @last_ack: last ACK of the current train, us
 * @curr_rtt: the smallest RTT of the current round, us
 */
struct xcubic {
	u32	cnt;
	u32	last_max_cwnd;
	u32	last_cwnd;
	u32	last_time;
	u32	origin_point;
	u32	k;
	u32	delay_min;
	u32	epoch_start;
	u32	ack_cnt;
	u32	tcp_cwnd;
	u8	sample_cnt;
	u8	found;
	u32	round_start;
	u32	end_seq;
	u32	last_ack;
	u32	curr_rtt;
};

u32 xcubic_root(u64 a);
u32 xcubic_target(const struct xcubic *ca, u64 t);
void xcubic_update(struct xcubic *ca, u32 cwnd, u32 acked, u32 now);
u32 xcubic_recalc_ssthresh(struct xcubic *ca, u32 cwnd);

#endif /* _NET_XINET_XTCP_CUBIC_H */
