/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xinet: per network namespace state, twin of include/net/netns/ipv4.h.
 *
 * A module cannot add a member to struct net, so xinet keeps its state in
 * the net_generic() slot that register_pernet_subsys() gives it.
 */
#ifndef _NET_XINET_NETNS_H
#define _NET_XINET_NETNS_H

#include <linux/seqlock.h>
#include <linux/siphash.h>
#include <linux/uidgid.h>
#include <net/net_namespace.h>
#include <net/netns/generic.h>
#include <net/xinet/xinet_frag.h>
#include <net/xinet/xsnmp.h>

struct ctl_table_header;
struct proc_dir_entry;
struct net_device;
struct xfib_table;
struct xudp_table;
struct xtcp_congestion_ops;

/* Destinations whose Fast Open cookie a namespace keeps. */
#define XTCP_FASTOPEN_CACHE_SIZE	16

/**
 * struct xtcp_fastopen_metrics - a client's Fast Open state for one
 *	destination (twin of tcp_fastopen_metrics, kept per address)
 * @daddr: the destination, 0 for an unused entry
 * @mss: the MSS its SYN-ACK offered
 * @syn_loss: SYNs with data that went unanswered in a row
 * @last_syn_loss: jiffies of the last
 * @cookie: its cookie
 * @cookie_len: the cookie's length, -1 for none
 * @cookie_exp: the cookie came in the experimental option
 */
struct xtcp_fastopen_metrics {
	__be32		daddr;
	u16		mss;
	u16		syn_loss;
	unsigned long	last_syn_loss;
	u8		cookie[16];
	s8		cookie_len;
	bool		cookie_exp;
};

/**
 * struct xinet_net - AF_XINET state of one network namespace
 * @net: the namespace this state belongs to
 * @sysctl_hdr: the net.xinet sysctl directory of this namespace
 * @route_hdr: its net.xinet.route subdirectory
 * @proc_dir: /proc/net/xinet of this namespace
 * @mib: the SNMP counters (Ip, Icmp, Udp, Tcp, TcpExt)
 * @loopback_dev: the namespace's xnet loopback device ("xlo", 127.0.0.1/8)
 * @rt_genid: bumped by every change that can change an output route
 *	(addresses, routes, path MTU exceptions, device MTU and removal):
 *	sockets' cached routes (struct xrt_cache) of an older one are stale
 * @fib: the routing table (net/xinet/xfib.c)
 * @udp_table: the UDP socket table (net/xinet/xudp.c)
 * @ping_group_range: groups allowed to create ping sockets, as
 *	net.ipv4.ping_group_range; written under @ping_group_range_lock,
 *	read locklessly with the seqlock's retry loop
 * @ping_group_range_lock: see @ping_group_range
 * @sysctl_tcp_wmem: min, default, max send buffer of TCP sockets
 *	(net.xinet.tcp_wmem, as net.ipv4.tcp_wmem)
 * @sysctl_tcp_rmem: min, default, max receive buffer of TCP sockets
 *	(net.xinet.tcp_rmem, as net.ipv4.tcp_rmem)
 * @sysctl_ip_default_ttl: TTL of sockets without IP_TTL
 * @ip_local_ports_range: ephemeral ports, last << 16 | first, one word so
 *	that readers (xinet_get_local_port_range()) need no lock
 * @ip_local_ports_warned: the same-parity warning was given
 * @sysctl_ip_prot_sock: first port that needs no CAP_NET_BIND_SERVICE
 *	(net.xinet.ip_unprivileged_port_start)
 * @sysctl_icmp_ratelimit: minimal jiffies between rate-limited ICMP errors
 * @sysctl_icmp_ratemask: ICMP types that are rate limited (bit per type)
 * @sysctl_icmp_echo_ignore_all: do not answer echo requests
 * @sysctl_ip_no_pmtu_disc: new sockets start at IP_PMTUDISC_DONT; 1
 *	ignores the MTU of "fragmentation needed" (net.ipv4's meanings)
 * @sysctl_ip_rt_min_pmtu: least path MTU ICMP may set (route.min_pmtu)
 * @sysctl_ip_rt_mtu_expires: lifetime of a learnt PMTU, jiffies
 *
 * TCP (net.xinet.*, each as its net.ipv4 or net.core namesake unless said):
 * @sysctl_somaxconn: upper bound of listen() backlogs (net.core.somaxconn)
 * @sysctl_max_syn_backlog: request socks a listener may hold
 * @sysctl_tcp_syncookies: 0 never, 1 when the SYN queue is full, 2 always
 * @sysctl_tcp_syn_retries: SYN retransmissions before connect() fails
 * @sysctl_tcp_synack_retries: SYN-ACK retransmissions before a request
 *	sock expires
 * @sysctl_tcp_fin_timeout: FIN_WAIT_2 lifetime of orphans, jiffies
 * @sysctl_tcp_tw_timeout: TIME_WAIT length (2*MSL), jiffies; xinet's own
 *	(Linux has the constant TCP_TIMEWAIT_LEN), default 60 s as there,
 *	1 s to 1 h
 * @sysctl_tcp_tw_reuse: reuse TIME_WAIT ports for connect(): 0, 1, 2 =
 *	loopback only
 * @sysctl_max_tw_buckets: TIME_WAIT socks the namespace may hold
 * @sysctl_tcp_abort_on_overflow: reset instead of dropping the ACK that
 *	would overflow the accept queue
 * @sysctl_tcp_retries1: retransmissions before the route is doubted
 * @sysctl_tcp_retries2: retransmissions before an established
 *	connection times out
 * @sysctl_tcp_orphan_retries: the same for orphans (0: 8 as in Linux)
 * @sysctl_tcp_keepalive_time: idle time before keepalive probes, jiffies
 * @sysctl_tcp_keepalive_intvl: time between keepalive probes, jiffies
 * @sysctl_tcp_keepalive_probes: unanswered probes before the reset
 * @sysctl_tcp_window_scaling: offer window scaling (RFC 7323)
 * @sysctl_tcp_timestamps: offer timestamps (RFC 7323): 0 no, 1 with a
 *	per-connection random offset, 2 without one
 * @sysctl_tcp_sack: offer and accept selective acknowledgments (RFC 2018)
 * @sysctl_tcp_dsack: report duplicates in SACK blocks (RFC 2883)
 * @sysctl_tcp_ecn: ECN (RFC 3168): 0 off, 1 ask for it and accept it,
 *	2 (Linux's default) accept it when a peer asks
 * @sysctl_tcp_ecn_fallback: a retransmitted SYN no longer asks for ECN
 * @sysctl_tcp_slow_start_after_idle: restart cwnd after an idle RTO
 *	(RFC 2861, RFC 5681 4.1), default 1 as Linux
 * @sysctl_tcp_min_tso_segs: fewest MSS a GSO packet is sized for
 * @sysctl_tcp_limit_output_bytes: TCP Small Queues' bound on a socket's
 *	bytes below TCP (qdisc, device, xnet's backlog) without pacing,
 *	default 1 MiB as Linux's tcp_limit_output_bytes
 * @sysctl_tcp_notsent_lowat: the unsent bytes under which a socket is
 *	writable when it has no TCP_NOTSENT_LOWAT, default UINT_MAX (no
 *	limit) as Linux's tcp_notsent_lowat
 * @sysctl_tcp_autocorking: hold a short segment while the socket still
 *	has data below TCP (tcp_autocorking), default 1
 * @sysctl_tcp_tso_win_divisor: defer a GSO packet until this fraction of
 *	the window can go in it (0: up to tcp_max_tso_deferred_mss)
 * @sysctl_tcp_tso_rtt_log: a GSO packet shrinks by half per power of two
 *	of the minimum RTT over 2^this us
 * @sysctl_tcp_thin_linear_timeouts: no RTO backoff for thin streams (as
 *	TCP_THIN_LINEAR_TIMEOUTS on every socket), default 0 as Linux
 * @sysctl_tcp_recovery: loss detection, XTCP_RACK_* bits as Linux's
 *	tcp_recovery, default 1 (RACK)
 * @sysctl_tcp_frto: F-RTO (RFC 5682) on an RTO, as Linux's tcp_frto,
 *	default 2 (nonzero: on; the SACK-enhanced form when SACK is agreed)
 * @sysctl_tcp_early_retrans: tail loss probes (TLP) when 3 or 4, as
 *	Linux's tcp_early_retrans, default 3
 * @sysctl_tcp_reordering: a new connection's reordering estimate (the
 *	duplicate-ACK threshold), 1..tcp_max_reordering, default 3
 * @sysctl_tcp_max_reordering: the most reordering a connection may
 *	learn, at least 1, default 300
 * @sysctl_tcp_challenge_ack_limit: challenge ACKs per second (RFC 5961)
 * @sysctl_tcp_mtu_probing: packetization-layer PMTU discovery (RFC 4821):
 *	0 off, 1 once an ICMP black hole is suspected, 2 always
 * @sysctl_tcp_base_mss: the MSS probing starts from, and the one a
 *	suspected black hole falls back to
 * @sysctl_tcp_mtu_probe_floor: the least MSS black-hole detection
 *	lowers to
 * @sysctl_tcp_probe_threshold: probing stops when the search range is
 *	narrower than this many bytes
 * @sysctl_tcp_probe_interval: seconds before a finished search starts
 *	again
 * @sysctl_tcp_min_rtt_wlen: seconds the minimum RTT filter remembers
 * @sysctl_tcp_comp_sack_delay_ns: the longest a receiver holds back an
 *	ACK that only updates SACK blocks (5 % of the RTT below that),
 *	default 1 ms as Linux's tcp_comp_sack_delay_ns
 * @sysctl_tcp_comp_sack_slack_ns: the slack of that timer, default 100 us
 * @sysctl_tcp_comp_sack_nr: the most such ACKs held back in a row,
 *	default 44 (0: no SACK compression)
 * @sysctl_tcp_fack: accepted and ignored, as Linux's since FACK went
 *	(RACK does its job); default 0
 * @sysctl_tcp_backlog_ack_defer: one ACK for the whole backlog the owner
 *	processes at release_sock(), not one per segment; default 1
 * @sysctl_tcp_retrans_collapse: a resend of a short segment takes the
 *	short ones behind it along, up to an MSS; default 1
 * @sysctl_tcp_pacing_ss_ratio: pacing rate in slow start, percent of
 *	cwnd * MSS / srtt
 * @sysctl_tcp_pacing_ca_ratio: the same in congestion avoidance
 * @sysctl_tcp_fastopen: net.xinet.tcp_fastopen, the XTFO_* bits
 * @sysctl_tcp_flight_recorder: the flight recorder's ring size of new
 *	TCP sockets, events; 0 off (xtcp_recorder.h)
 * @sysctl_tcp_fastopen_blackhole_timeout: seconds Fast Open stays off
 *	after a suspected middlebox blackhole, doubling; 0 never
 * @tfo_active_disable_times: blackholes seen in a row
 * @tfo_active_disable_stamp: jiffies of the last one
 * @tfo_lock: guards @tfo_key, @tfo_nkeys and @tfo_cache
 * @tfo_key: the server's cookie keys, primary first (siphash)
 * @tfo_nkeys: keys set, 0 before the first use makes a random one
 * @tfo_cache: the client's cookies per destination address, kept in
 *	place of Linux's tcp_metrics entries
 * @tfo_cache_next: the entry the next new destination takes
 * @tcp_challenge_timestamp: second of the current challenge ACK budget
 * @tcp_challenge_count: challenge ACKs left in that second
 * @tcp_tw_count: TIME_WAIT socks alive in the namespace
 * @fqdir: the fragment reassembly queues and their net.xinet.ipfrag_*
 *	settings (twin of netns_ipv4's fqdir)
 * @tcp_congestion_control: the algorithm of new sockets
 *	(net.xinet.tcp_congestion_control), its module held; RCU, written
 *	under the algorithm list's lock
 * @tcp_port_perturb: how far xinet_hash_connect()'s port search moved on
 *	for each class of destination (twin of table_perturb, here per
 *	namespace); lockless
 */
struct xinet_net {
	struct net		*net;
	struct ctl_table_header	*sysctl_hdr;
	struct ctl_table_header	*route_hdr;
	struct proc_dir_entry	*proc_dir;
	struct xinet_mib	mib;
	struct net_device	*loopback_dev;
	atomic_t		rt_genid;
	struct xfib_table	*fib;
	struct xudp_table	*udp_table;
	kgid_t			ping_group_range[2];
	seqlock_t		ping_group_range_lock;
	int			sysctl_tcp_wmem[3];
	int			sysctl_tcp_rmem[3];
	u8			sysctl_ip_default_ttl;
	bool			ip_local_ports_warned;
	u32			ip_local_ports_range;
	int			sysctl_ip_prot_sock;
	int			sysctl_icmp_ratelimit;
	int			sysctl_icmp_ratemask;
	u8			sysctl_icmp_echo_ignore_all;
	u8			sysctl_ip_no_pmtu_disc;
	int			sysctl_ip_rt_min_pmtu;
	int			sysctl_ip_rt_mtu_expires;

	int			sysctl_somaxconn;
	int			sysctl_max_syn_backlog;
	u8			sysctl_tcp_syncookies;
	u8			sysctl_tcp_syn_retries;
	u8			sysctl_tcp_synack_retries;
	u8			sysctl_tcp_tw_reuse;
	u8			sysctl_tcp_abort_on_overflow;
	u8			sysctl_tcp_retries1;
	u8			sysctl_tcp_retries2;
	u8			sysctl_tcp_orphan_retries;
	u8			sysctl_tcp_keepalive_probes;
	u8			sysctl_tcp_window_scaling;
	u8			sysctl_tcp_timestamps;
	u8			sysctl_tcp_sack;
	u8			sysctl_tcp_dsack;
	u8			sysctl_tcp_ecn;
	u8			sysctl_tcp_ecn_fallback;
	u8			sysctl_tcp_slow_start_after_idle;
	u8			sysctl_tcp_min_tso_segs;
	u8			sysctl_tcp_tso_win_divisor;
	u8			sysctl_tcp_autocorking;
	unsigned int		sysctl_tcp_notsent_lowat;
	int			sysctl_tcp_limit_output_bytes;
	u8			sysctl_tcp_tso_rtt_log;
	u8			sysctl_tcp_thin_linear_timeouts;
	u8			sysctl_tcp_recovery;
	u8			sysctl_tcp_early_retrans;
	u8			sysctl_tcp_frto;
	int			sysctl_tcp_reordering;
	int			sysctl_tcp_max_reordering;
	int			sysctl_tcp_fin_timeout;
	int			sysctl_tcp_tw_timeout;
	int			sysctl_max_tw_buckets;
	int			sysctl_tcp_keepalive_time;
	int			sysctl_tcp_keepalive_intvl;
	int			sysctl_tcp_challenge_ack_limit;
	u8			sysctl_tcp_mtu_probing;
	int			sysctl_tcp_base_mss;
	int			sysctl_tcp_mtu_probe_floor;
	int			sysctl_tcp_probe_threshold;
	u32			sysctl_tcp_probe_interval;
	int			sysctl_tcp_min_rtt_wlen;
	unsigned long		sysctl_tcp_comp_sack_delay_ns;
	unsigned long		sysctl_tcp_comp_sack_slack_ns;
	u8			sysctl_tcp_comp_sack_nr;
	u8			sysctl_tcp_backlog_ack_defer;
	u8			sysctl_tcp_retrans_collapse;
	u8			sysctl_tcp_fack;
	int			sysctl_tcp_pacing_ss_ratio;
	int			sysctl_tcp_pacing_ca_ratio;
	int			sysctl_tcp_fastopen;
	int			sysctl_tcp_fastopen_blackhole_timeout;
	int			sysctl_tcp_flight_recorder;
	atomic_t		tfo_active_disable_times;
	unsigned long		tfo_active_disable_stamp;
	spinlock_t		tfo_lock;
	siphash_key_t		tfo_key[2];
	u8			tfo_nkeys;
	u8			tfo_cache_next;
	struct xtcp_fastopen_metrics tfo_cache[XTCP_FASTOPEN_CACHE_SIZE];
	u32			tcp_challenge_timestamp;
	u32			tcp_challenge_count;
	atomic_t		tcp_tw_count;
	const struct xtcp_congestion_ops __rcu *tcp_congestion_control;

#define XINET_TABLE_PERTURB_SHIFT	8
#define XINET_TABLE_PERTURB_SIZE	(1 << XINET_TABLE_PERTURB_SHIFT)
	u32			tcp_port_perturb[XINET_TABLE_PERTURB_SIZE];

	struct xfqdir		fqdir;

};

extern unsigned int xinet_net_id;

/**
 * xinet_net_generic - a module's per-netns slot, as net_generic()
 * @net: the namespace, alive for the caller
 * @id: the id register_pernet_subsys() gave the module
 *
 * net_generic() brackets its read of net->gen with rcu_read_lock(),
 * two out-of-line calls under PREEMPT_RCU, where Linux's own state
 * (net->ipv4) costs a plain load; xinet reads its sysctls several times
 * per packet.  A preempt-disabled section is an RCU reader as well
 * (synchronize_rcu() and kfree_rcu() wait for it), and the slot itself
 * stays put for the namespace's life: only the array holding it is
 * replaced when another module registers.
 *
 * Context: any.
 * Return: the slot's pointer.
 */
static inline void *xinet_net_generic(const struct net *net, unsigned int id)
{
	struct net_generic *ng;
	void *ptr;

	rcu_read_lock_sched();
	ng = rcu_dereference_sched(net->gen);
	ptr = ng->ptr[id];
	rcu_read_unlock_sched();
	return ptr;
}

static inline struct xinet_net *xinet_net(const struct net *net)
{
	return xinet_net_generic(net, xinet_net_id);
}

/* Upper bound of a ping group id, as GID_T_MAX in include/net/ping.h. */
#define XINET_GID_T_MAX		(((gid_t)~0U) - 1)

int xinet_sysctl_register(struct net *net);
void xinet_sysctl_unregister(struct net *net);
void xinet_get_ping_group_range(const struct net *net, kgid_t *low,
				kgid_t *high);
void xinet_set_ping_group_range(struct net *net, kgid_t low, kgid_t high);
void xinet_get_local_port_range(const struct net *net, int *low, int *high);

#endif /* _NET_XINET_NETNS_H */
