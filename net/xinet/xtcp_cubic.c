// SPDX-License-Identifier: GPL-2.0
/*
 * xinet: CUBIC congestion control with HyStart, twin of
 * net/ipv4/tcp_cubic.c, the default algorithm of Linux and of xinet.
 *
 * The window follows W(t) = C * (t - K)^3 + W_max (RFC 9438), where
 * W_max is the window before the last reduction and K the time the
 * curve takes to climb back to it; below the curve's "TCP-friendly"
 * estimate it grows as Reno would.  The arithmetic is Linux's fixed
 * point: time in 1/1024 s (XCUBIC_HZ), C = bic_scale / 1024 scaled for
 * a 100 ms RTT, beta = 717 / 1024, so that a connection's windows are
 * those of a Linux sender given the same ACKs.
 *
 * HyStart leaves slow start early when ACKs of a round stop arriving as
 * a train (the ACK train has lasted half the minimum RTT) or the RTT
 * rises over the round's first samples, before the queue overflows.
 *
 * The state lives in the socket's icsk_ca_priv.
 */

#include <linux/math64.h>
#include <linux/module.h>
#include <net/xinet/netns.h>
#include <net/xinet/xinet_connection_sock.h>
#include <net/xinet/xsnmp.h>
#include <net/xinet/xtcp.h>
#include <net/xinet/xtcp_cubic.h>

#define XCUBIC_BETA_SCALE	1024	/* beta is in 1/1024 */
#define XCUBIC_HZ		10	/* time unit: 2^-10 s */

/* The two HyStart detectors. */
#define XHYSTART_ACK_TRAIN	0x1
#define XHYSTART_DELAY		0x2

/* Delay samples per round before HyStart trusts its minimum. */
#define XHYSTART_MIN_SAMPLES	8
#define XHYSTART_DELAY_MIN	4000U	/* us */
#define XHYSTART_DELAY_MAX	16000U	/* us */

/* Linux's tcp_cubic module parameters, same names and defaults. */
static int fast_convergence __read_mostly = 1;
static int beta __read_mostly = 717;
static int initial_ssthresh __read_mostly;
static int bic_scale __read_mostly = 41;
static int tcp_friendliness __read_mostly = 1;
static int hystart __read_mostly = 1;
static int hystart_detect __read_mostly = XHYSTART_ACK_TRAIN | XHYSTART_DELAY;
static int hystart_low_window __read_mostly = 16;
static int hystart_ack_delta_us __read_mostly = 2000;

module_param(fast_convergence, int, 0644);
MODULE_PARM_DESC(fast_convergence, "CUBIC: turn on/off fast convergence");
module_param(beta, int, 0444);
MODULE_PARM_DESC(beta, "CUBIC: multiplicative decrease, in 1/1024");
module_param(initial_ssthresh, int, 0644);
MODULE_PARM_DESC(initial_ssthresh, "CUBIC: initial slow start threshold");
module_param(bic_scale, int, 0444);
MODULE_PARM_DESC(bic_scale, "CUBIC: C of the cubic function, in 1/1024");
module_param(tcp_friendliness, int, 0644);
MODULE_PARM_DESC(tcp_friendliness, "CUBIC: turn on/off TCP friendliness");
module_param(hystart, int, 0644);
MODULE_PARM_DESC(hystart, "CUBIC: turn on/off hybrid slow start");
module_param(hystart_detect, int, 0644);
MODULE_PARM_DESC(hystart_detect,
		 "CUBIC: HyStart detectors, 1: ACK train 2: delay 3: both");
module_param(hystart_low_window, int, 0644);
MODULE_PARM_DESC(hystart_low_window, "CUBIC: cwnd below which HyStart waits");
module_param(hystart_ack_delta_us, int, 0644);
MODULE_PARM_DESC(hystart_ack_delta_us,
		 "CUBIC: ACK spacing (us) that still makes a train");

/* Derived from beta and bic_scale at load (xtcp_cubic_init). */
static u32 xcubic_beta_scale __read_mostly;
static u32 xcubic_cube_rtt_scale __read_mostly;
static u64 xcubic_cube_factor __read_mostly;

/* A new epoch: everything but the HyStart round and the minimum RTT. */
static void xcubic_reset(struct xcubic *ca)
{
	ca->cnt = 0;
	ca->last_max_cwnd = 0;
	ca->last_cwnd = 0;
	ca->last_time = 0;
	ca->origin_point = 0;
	ca->k = 0;
	ca->delay_min = 0;
	ca->epoch_start = 0;
	ca->ack_cnt = 0;
	ca->tcp_cwnd = 0;
	ca->found = 0;
}

static u32 xcubic_clock_us(const struct sock *sk)
{
	return (u32)div_u64(xtcp_sk(sk)->tcp_mstamp, NSEC_PER_USEC);
}

static void xcubic_hystart_reset(struct sock *sk)
{
	struct xcubic *ca = xinet_csk_ca(sk);

	ca->round_start = xcubic_clock_us(sk);
	ca->last_ack = ca->round_start;
	ca->end_seq = xtcp_sk(sk)->snd_nxt;
	ca->curr_rtt = ~0U;
	ca->sample_cnt = 0;
}

static void xtcp_cubic_init(struct sock *sk)
{
	xcubic_reset(xinet_csk_ca(sk));
	if (hystart)
		xcubic_hystart_reset(sk);
	if (!hystart && initial_ssthresh)
		xtcp_sk(sk)->snd_ssthresh = initial_ssthresh;
}

/* Sending again after idle: the curve does not count the idle time. */
static void xtcp_cubic_cwnd_event(struct sock *sk, enum xtcp_ca_event event)
{
	struct xcubic *ca = xinet_csk_ca(sk);
	u32 now = jiffies;
	s32 delta;

	if (event != XCA_EVENT_TX_START)
		return;
	delta = now - xtcp_sk(sk)->lsndtime;
	if (ca->epoch_start && delta > 0) {
		ca->epoch_start += delta;
		if (xtcp_after(ca->epoch_start, now))
			ca->epoch_start = now;
	}
}

/**
 * xcubic_root - the integer cube root of @a, rounded down
 * @a: the radicand
 *
 * Newton's iteration from above: x_{k+1} = (2 x_k + a / x_k^2) / 3
 * decreases until it reaches floor(cbrt(a)).
 *
 * Return: the largest x with x^3 <= @a.
 */
u32 xcubic_root(u64 a)
{
	u64 x, y;

	if (a < 8)
		return a ? 1 : 0;
	/* 2^ceil(bits / 3) is at least the root. */
	x = 1ULL << DIV_ROUND_UP(fls64(a), 3);
	for (;;) {
		y = div64_u64(2 * x + div64_u64(a, x * x), 3);
		if (y >= x)
			break;
		x = y;
	}
	/* Newton lands on the root or one above it. */
	while (x * x * x > a)
		x--;
	return x;
}

/**
 * xcubic_target - the curve's window at time @t of the epoch
 * @ca: the state, with @ca->k and @ca->origin_point set
 * @t: time since the epoch's start, in 2^-10 s
 *
 * W(t) = C * (t - K)^3 + W_max, in fixed point: C / RTT as
 * xcubic_cube_rtt_scale / 2^10, t and K in 2^-10 s.
 *
 * Return: the target window, in segments.
 */
u32 xcubic_target(const struct xcubic *ca, u64 t)
{
	u64 offs = t < ca->k ? ca->k - t : t - ca->k;
	u32 delta;

	delta = (xcubic_cube_rtt_scale * offs * offs * offs) >>
		(10 + 3 * XCUBIC_HZ);
	return t < ca->k ? ca->origin_point - delta : ca->origin_point + delta;
}

/**
 * xcubic_update - compute @ca->cnt for the window @cwnd (twin of
 *	bictcp_update)
 * @ca: the state
 * @cwnd: the current window
 * @acked: segments newly acknowledged
 * @now: jiffies
 *
 * At most once a jiffy (every HZ/32 for an unchanged window), the
 * curve's target one RTT ahead sets how many ACKs buy one more segment;
 * the Reno estimate caps that count from above.
 */
void xcubic_update(struct xcubic *ca, u32 cwnd, u32 acked, u32 now)
{
	u32 delta, target, max_cnt;
	u64 t;

	ca->ack_cnt += acked;

	if (ca->last_cwnd == cwnd && (s32)(now - ca->last_time) <= HZ / 32)
		return;
	if (ca->epoch_start && now == ca->last_time)
		goto tcp_friendliness;

	ca->last_cwnd = cwnd;
	ca->last_time = now;

	if (!ca->epoch_start) {
		ca->epoch_start = now;
		ca->ack_cnt = acked;
		ca->tcp_cwnd = cwnd;
		if (ca->last_max_cwnd <= cwnd) {
			ca->k = 0;
			ca->origin_point = cwnd;
		} else {
			/* K = cbrt((W_max - cwnd) / C), in 2^-10 s */
			ca->k = xcubic_root(xcubic_cube_factor *
					    (ca->last_max_cwnd - cwnd));
			ca->origin_point = ca->last_max_cwnd;
		}
	}

	/* t: one minimum RTT past now, since the epoch, in 2^-10 s */
	t = (s32)(now - ca->epoch_start);
	t += usecs_to_jiffies(ca->delay_min);
	t <<= XCUBIC_HZ;
	do_div(t, HZ);

	target = xcubic_target(ca, t);
	if (target > cwnd)
		ca->cnt = cwnd / (target - cwnd);
	else
		ca->cnt = 100 * cwnd;	/* at the plateau: barely grow */

	/* No W_max yet: grow at least 5% a round. */
	if (!ca->last_max_cwnd && ca->cnt > 20)
		ca->cnt = 20;

tcp_friendliness:
	if (tcp_friendliness) {
		delta = (cwnd * xcubic_beta_scale) >> 3;
		while (ca->ack_cnt > delta) {
			ca->ack_cnt -= delta;
			ca->tcp_cwnd++;
		}
		if (ca->tcp_cwnd > cwnd) {
			max_cnt = cwnd / (ca->tcp_cwnd - cwnd);
			if (ca->cnt > max_cnt)
				ca->cnt = max_cnt;
		}
	}

	/* At most one segment per two ACKed: 1.5x a round. */
	ca->cnt = max(ca->cnt, 2U);
}

static void xtcp_cubic_cong_avoid(struct sock *sk, u32 ack, u32 acked)
{
	struct xtcp_sock *tp = xtcp_sk(sk);
	struct xcubic *ca = xinet_csk_ca(sk);

	if (!xtcp_is_cwnd_limited(tp))
		return;
	if (tp->snd_cwnd < tp->snd_ssthresh) {
		acked = xtcp_slow_start(tp, acked);
		if (!acked)
			return;
	}
	xcubic_update(ca, tp->snd_cwnd, acked, jiffies);
	xtcp_cong_avoid_ai(tp, ca->cnt, acked);
}

/**
 * xcubic_recalc_ssthresh - W_max and the new threshold after a loss
 * @ca: the state
 * @cwnd: the window when the loss was detected
 *
 * Fast convergence: a flow that lost below its previous W_max remembers
 * less than its window, leaving bandwidth to newer flows.
 *
 * Return: beta times @cwnd, at least 2.
 */
u32 xcubic_recalc_ssthresh(struct xcubic *ca, u32 cwnd)
{
	ca->epoch_start = 0;
	if (cwnd < ca->last_max_cwnd && fast_convergence)
		ca->last_max_cwnd = (cwnd * (XCUBIC_BETA_SCALE + beta)) /
				    (2 * XCUBIC_BETA_SCALE);
	else
		ca->last_max_cwnd = cwnd;
	return max((cwnd * beta) / XCUBIC_BETA_SCALE, 2U);
}

static u32 xtcp_cubic_ssthresh(struct sock *sk)
{
	return xcubic_recalc_ssthresh(xinet_csk_ca(sk), xtcp_sk(sk)->snd_cwnd);
}

static void xtcp_cubic_state(struct sock *sk, u8 new_state)
{
	if (new_state == XTCP_CA_Loss) {
		xcubic_reset(xinet_csk_ca(sk));
		xcubic_hystart_reset(sk);
	}
}

static void xcubic_hystart_found(struct sock *sk, int mib_detect, int mib_cwnd)
{
	struct xtcp_sock *tp = xtcp_sk(sk);
	struct xcubic *ca = xinet_csk_ca(sk);

	ca->found = 1;
	XNET_INC_STATS(sock_net(sk), mib_detect);
	XNET_ADD_STATS(sock_net(sk), mib_cwnd, tp->snd_cwnd);
	tp->snd_ssthresh = tp->snd_cwnd;
}

/* Twin of hystart_update(): one RTT sample @delay (us) in slow start. */
static void xcubic_hystart_update(struct sock *sk, u32 delay)
{
	struct xtcp_sock *tp = xtcp_sk(sk);
	struct xcubic *ca = xinet_csk_ca(sk);

	if (xtcp_after(tp->snd_una, ca->end_seq))
		xcubic_hystart_reset(sk);
	if (tp->snd_cwnd < hystart_low_window)
		return;

	if (hystart_detect & XHYSTART_ACK_TRAIN) {
		u32 now = xcubic_clock_us(sk);

		/* Closely spaced ACKs are a train; half an RTT of one ends it. */
		if ((s32)(now - ca->last_ack) <= hystart_ack_delta_us) {
			ca->last_ack = now;
			/*
			 * Half the minimum RTT: xinet keeps no pacing rate,
			 * so there is no GSO cushion (Linux's adds at most
			 * 1 ms, hystart_ack_delay()).
			 */
			if ((s32)(now - ca->round_start) > ca->delay_min >> 1)
				xcubic_hystart_found(sk,
						     LINUX_MIB_TCPHYSTARTTRAINDETECT,
						     LINUX_MIB_TCPHYSTARTTRAINCWND);
		}
	}

	if (hystart_detect & XHYSTART_DELAY) {
		if (ca->curr_rtt > delay)
			ca->curr_rtt = delay;
		if (ca->sample_cnt < XHYSTART_MIN_SAMPLES) {
			ca->sample_cnt++;
		} else if (ca->curr_rtt > ca->delay_min +
			   clamp(ca->delay_min >> 3, XHYSTART_DELAY_MIN,
				 XHYSTART_DELAY_MAX)) {
			xcubic_hystart_found(sk, LINUX_MIB_TCPHYSTARTDELAYDETECT,
					     LINUX_MIB_TCPHYSTARTDELAYCWND);
		}
	}
}

/* Twin of cubictcp_acked(): the minimum RTT and HyStart's samples. */
static void xtcp_cubic_acked(struct sock *sk, u32 num_acked, s32 rtt_us)
{
	struct xtcp_sock *tp = xtcp_sk(sk);
	struct xcubic *ca = xinet_csk_ca(sk);
	u32 delay;

	if (rtt_us < 0)
		return;
	/* Samples right after a reduction reflect the recovery. */
	if (ca->epoch_start && (s32)(jiffies - ca->epoch_start) < HZ)
		return;

	delay = rtt_us ? rtt_us : 1;
	if (!ca->delay_min || ca->delay_min > delay)
		ca->delay_min = delay;
	if (!ca->found && tp->snd_cwnd < tp->snd_ssthresh && hystart)
		xcubic_hystart_update(sk, delay);
}

static struct xtcp_congestion_ops xtcp_cubic __read_mostly = {
	.name		= "cubic",
	.init		= xtcp_cubic_init,
	.ssthresh	= xtcp_cubic_ssthresh,
	.cong_avoid	= xtcp_cubic_cong_avoid,
	.set_state	= xtcp_cubic_state,
	.undo_cwnd	= xtcp_reno_undo_cwnd,
	.cwnd_event	= xtcp_cubic_cwnd_event,
	.pkts_acked	= xtcp_cubic_acked,
};

/**
 * xtcp_cubic_register - precompute the scale factors, register "cubic"
 *
 * Return: 0 or a negative errno.
 */
int xtcp_cubic_register(void)
{
	BUILD_BUG_ON(sizeof(struct xcubic) > XICSK_CA_PRIV_SIZE);

	/* The Reno estimate's slope: 3 (1 - beta) / (1 + beta), in 1/8. */
	xcubic_beta_scale = 8 * (XCUBIC_BETA_SCALE + beta) / 3 /
			    (XCUBIC_BETA_SCALE - beta);
	/* C / RTT for the 100 ms RTT the scaling assumes, in 1/1024. */
	xcubic_cube_rtt_scale = bic_scale * 10;
	/* 2^40 / (C / RTT): (W_max - cwnd) times this is K^3. */
	xcubic_cube_factor = div_u64(1ULL << (10 + 3 * XCUBIC_HZ),
				     bic_scale * 10);
	return xtcp_register_congestion_control(&xtcp_cubic);
}

/**
 * xtcp_cubic_unregister - withdraw "cubic"
 */
void xtcp_cubic_unregister(void)
{
	xtcp_unregister_congestion_control(&xtcp_cubic);
}
