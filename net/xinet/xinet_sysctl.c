// SPDX-License-Identifier: GPL-2.0
/*
 * xinet: the net.xinet sysctl directory, twin of
 * net/ipv4/sysctl_net_ipv4.c.  Each network namespace has its own copy
 * of the table, pointing at its struct xinet_net; the names and formats
 * are those of the net.ipv4 entries they mirror.
 */

#include <linux/slab.h>
#include <linux/sysctl.h>
#include <linux/cred.h>
#include <net/net_namespace.h>
#include <net/xinet/compat.h>
#include <net/xinet/netns.h>
#include <net/xinet/xtcp.h>
#include <uapi/linux/xinet_recorder.h>

static unsigned long xinet_ping_group_range_min[] = { 0, 0 };
static unsigned long xinet_ping_group_range_max[] = {
	XINET_GID_T_MAX, XINET_GID_T_MAX
};

static void __xinet_get_ping_group_range(struct xinet_net *xn, kgid_t *low,
					 kgid_t *high)
{
	unsigned int seq;

	do {
		seq = read_seqbegin(&xn->ping_group_range_lock);
		*low = xn->ping_group_range[0];
		*high = xn->ping_group_range[1];
	} while (read_seqretry(&xn->ping_group_range_lock, seq));
}

static int xinet_local_port_range_min[] = { 1, 1 };
static int xinet_local_port_range_max[] = { 65535, 65535 };
static int xinet_privileged_port_min;
static int xinet_privileged_port_max = 65535;
static unsigned int xinet_ttl_min = 1;
static unsigned int xinet_ttl_max = 255;
static int xinet_tcp_flight_recorder_max = XTCP_REC_MAX_EVENTS;

/**
 * xinet_get_local_port_range - the ephemeral port range of a namespace
 * @net: the namespace
 * @low: first port
 * @high: last port
 */
void xinet_get_local_port_range(const struct net *net, int *low, int *high)
{
	u32 range = READ_ONCE(xinet_net(net)->ip_local_ports_range);

	*low = range & 0xffff;
	*high = range >> 16;
}

static void xinet_set_local_port_range(struct xinet_net *xn, int low, int high)
{
	/* Same advice as AF_INET gives: connect() spreads odd and even. */
	if (!((low ^ high) & 1) && !xn->ip_local_ports_warned) {
		xn->ip_local_ports_warned = true;
		pr_err_ratelimited("xinet: ip_local_port_range: prefer different parity for start/end values.\n");
	}
	WRITE_ONCE(xn->ip_local_ports_range, (u32)high << 16 | low);
}

/* As ipv4_local_port_range(): ordered, and clear of the privileged ports. */
static int xinet_local_port_range(xinet_ctl_table *table, int write,
				  void *buffer, size_t *lenp, loff_t *ppos)
{
	struct xinet_net *xn = container_of(table->data, struct xinet_net,
					    ip_local_ports_range);
	int range[2];
	struct ctl_table tmp = {
		.data = &range,
		.maxlen = sizeof(range),
		.mode = table->mode,
		.extra1 = &xinet_local_port_range_min,
		.extra2 = &xinet_local_port_range_max,
	};
	int ret;

	xinet_get_local_port_range(xn->net, &range[0], &range[1]);
	ret = proc_dointvec_minmax(&tmp, write, buffer, lenp, ppos);
	if (!write || ret)
		return ret;
	if (range[1] < range[0] ||
	    range[0] < READ_ONCE(xn->sysctl_ip_prot_sock))
		return -EINVAL;
	xinet_set_local_port_range(xn, range[0], range[1]);
	return 0;
}

/* As ipv4_privileged_ports(): may not reach into the ephemeral range. */
static int xinet_privileged_ports(xinet_ctl_table *table, int write,
				  void *buffer, size_t *lenp, loff_t *ppos)
{
	struct xinet_net *xn = container_of(table->data, struct xinet_net,
					    sysctl_ip_prot_sock);
	int pports, range[2];
	struct ctl_table tmp = {
		.data = &pports,
		.maxlen = sizeof(pports),
		.mode = table->mode,
		.extra1 = &xinet_privileged_port_min,
		.extra2 = &xinet_privileged_port_max,
	};
	int ret;

	pports = READ_ONCE(xn->sysctl_ip_prot_sock);
	ret = proc_dointvec_minmax(&tmp, write, buffer, lenp, ppos);
	if (!write || ret)
		return ret;
	xinet_get_local_port_range(xn->net, &range[0], &range[1]);
	if (range[0] < pports)
		return -EINVAL;
	WRITE_ONCE(xn->sysctl_ip_prot_sock, pports);
	return 0;
}

/**
 * xinet_get_ping_group_range - groups allowed to open ping sockets
 * @net: the namespace
 * @low: first group of the range
 * @high: last group of the range (the range is empty if @high < @low)
 */
void xinet_get_ping_group_range(const struct net *net, kgid_t *low,
				kgid_t *high)
{
	__xinet_get_ping_group_range(xinet_net(net), low, high);
}

/**
 * xinet_set_ping_group_range - set the groups allowed to open ping sockets
 * @net: the namespace
 * @low: first group of the range
 * @high: last group (@high < @low makes the range empty)
 */
void xinet_set_ping_group_range(struct net *net, kgid_t low, kgid_t high)
{
	struct xinet_net *xn = xinet_net(net);

	write_seqlock(&xn->ping_group_range_lock);
	xn->ping_group_range[0] = low;
	xn->ping_group_range[1] = high;
	write_sequnlock(&xn->ping_group_range_lock);
}

/* Same parsing, bounds and "empty range" rule as ipv4_ping_group_range(). */
static int xinet_ping_group_range(xinet_ctl_table *table, int write,
				  void *buffer, size_t *lenp, loff_t *ppos)
{
	struct xinet_net *xn = container_of(table->data, struct xinet_net,
					    ping_group_range);
	struct net *net = xn->net;
	struct user_namespace *user_ns = current_user_ns();
	unsigned long urange[2];
	kgid_t low, high;
	struct ctl_table tmp = {
		.data = &urange,
		.maxlen = sizeof(urange),
		.mode = table->mode,
		.extra1 = &xinet_ping_group_range_min,
		.extra2 = &xinet_ping_group_range_max,
	};
	int ret;

	__xinet_get_ping_group_range(xn, &low, &high);
	urange[0] = from_kgid_munged(user_ns, low);
	urange[1] = from_kgid_munged(user_ns, high);
	ret = proc_doulongvec_minmax(&tmp, write, buffer, lenp, ppos);
	if (!write || ret)
		return ret;

	low = make_kgid(user_ns, urange[0]);
	high = make_kgid(user_ns, urange[1]);
	if (!gid_valid(low) || !gid_valid(high))
		return -EINVAL;
	if (urange[1] < urange[0] || gid_lt(high, low)) {
		low = make_kgid(&init_user_ns, 1);
		high = make_kgid(&init_user_ns, 0);
	}
	xinet_set_ping_group_range(net, low, high);
	return 0;
}

/*
 * The template: .data holds the offset of the value in struct xinet_net,
 * made a pointer into the namespace's own when the table is copied.
 */
#define XINET_SYSCTL_DATA(field)	((void *)offsetof(struct xinet_net, field))

static unsigned int xinet_tcp_tw_reuse_max = 2;
/* As tcp_tso_rtt_log_max: a shift of a 32-bit RTT. */
static int xtcp_tso_rtt_log_max = 31;
/* MAX_TCP_SYNCNT: TCP_SYNCNT's limit too. */
static unsigned int xinet_tcp_syn_retries_max = 127;
static unsigned int xinet_tcp_syn_retries_min = 1;
static unsigned int xinet_tcp_retries1_max = 255;
/* tcp_min_snd_mss_min/_max and u32_max_div_HZ of sysctl_net_ipv4.c. */
static int xinet_tcp_mtu_probe_floor_min = XTCP_MIN_SND_MSS;
static int xinet_tcp_mtu_probe_floor_max = 65535;
static int xinet_one_day_secs = 24 * 3600;
static u32 xinet_u32_max_div_hz = UINT_MAX / HZ;
/* tcp_min_rcvbuf of net/ipv4/sysctl_net_ipv4.c. */
/* Twin of proc_tcp_congestion_control(): the namespace's default. */
static int xinet_tcp_congestion_control(xinet_ctl_table *table, int write,
					void *buffer, size_t *lenp,
					loff_t *ppos)
{
	struct xinet_net *xn = container_of(table->data, struct xinet_net,
					    tcp_congestion_control);
	char val[XTCP_CA_NAME_MAX];
	struct ctl_table tbl = {
		.data = val,
		.maxlen = XTCP_CA_NAME_MAX,
	};
	int ret;

	xtcp_get_default_congestion_control(xn->net, val);
	ret = proc_dostring(&tbl, write, buffer, lenp, ppos);
	if (write && ret == 0)
		ret = xtcp_set_default_congestion_control(xn->net, val);
	return ret;
}

/*
 * A list of algorithm names through a temporary buffer, as
 * proc_tcp_available_congestion_control() and
 * proc_allowed_congestion_control() read it; @set is NULL for a
 * read-only list.
 */
static int xinet_tcp_cc_list(void *buffer, size_t *lenp, loff_t *ppos,
			     int write, void (*get)(char *buf, size_t maxlen),
			     int (*set)(char *val))
{
	struct ctl_table tbl = { .maxlen = XTCP_CA_BUF_MAX };
	int ret;

	tbl.data = kmalloc(tbl.maxlen, GFP_USER);
	if (!tbl.data)
		return -ENOMEM;
	get(tbl.data, tbl.maxlen);
	ret = proc_dostring(&tbl, write, buffer, lenp, ppos);
	if (write && ret == 0 && set)
		ret = set(tbl.data);
	kfree(tbl.data);
	return ret;
}

/* Every registered algorithm, read only. */
static int xinet_tcp_available_cc(xinet_ctl_table *table, int write,
				  void *buffer, size_t *lenp, loff_t *ppos)
{
	return xinet_tcp_cc_list(buffer, lenp, ppos, write,
				 xtcp_get_available_congestion_control, NULL);
}

/* The algorithms any user may choose with TCP_CONGESTION. */
static int xinet_tcp_allowed_cc(xinet_ctl_table *table, int write,
				void *buffer, size_t *lenp, loff_t *ppos)
{
	return xinet_tcp_cc_list(buffer, lenp, ppos, write,
				 xtcp_get_allowed_congestion_control,
				 xtcp_set_allowed_congestion_control);
}

static int xinet_tcp_rmem_min = 4096;
static int xinet_tcp_tw_timeout_min = 1;
static int xinet_tcp_tw_timeout_max = 3600;

/*
 * tcp_tw_timeout, xinet's own: seconds, shown as proc_dointvec_jiffies
 * shows them, but bounded: at least a second (0 or less would end
 * TIME_WAIT at once, defeating it), at most an hour (far beyond any
 * 2*MSL, and the jiffies of it fit an int whatever HZ).
 */
static int xinet_tcp_tw_timeout(xinet_ctl_table *table, int write,
				void *buffer, size_t *lenp, loff_t *ppos)
{
	int *tw_timeout = table->data;
	int secs = READ_ONCE(*tw_timeout) / HZ;
	struct ctl_table tmp = {
		.data = &secs,
		.maxlen = sizeof(secs),
		.mode = table->mode,
		.extra1 = &xinet_tcp_tw_timeout_min,
		.extra2 = &xinet_tcp_tw_timeout_max,
	};
	int ret;

	ret = proc_dointvec_minmax(&tmp, write, buffer, lenp, ppos);
	if (write && !ret)
		WRITE_ONCE(*tw_timeout, secs * HZ);
	return ret;
}

/*
 * tcp_fastopen_key (twin of proc_tcp_fastopen_key): the namespace's
 * keys as Linux shows them, each four %08x words of its little-endian
 * 32-bit parts joined by '-', primary first and a backup after a ','.
 * Zeros before any key exists.
 */
static int xinet_tcp_fastopen_key(xinet_ctl_table *table, int write,
				  void *buffer, size_t *lenp, loff_t *ppos)
{
	struct xinet_net *xn = container_of((siphash_key_t *)table->data,
					    struct xinet_net, tfo_key[0]);
	/* Two keys of 35 characters, a ',' and the NUL. */
	struct ctl_table tbl = { .maxlen = 2 * 35 + 2 };
	__le32 key[2 * XTCP_FASTOPEN_KEY_LENGTH / sizeof(u32)];
	u32 user_key[ARRAY_SIZE(key)];
	int ret, i, off = 0, n_keys;

	tbl.data = kmalloc(tbl.maxlen, GFP_KERNEL);
	if (!tbl.data)
		return -ENOMEM;

	n_keys = xtcp_fastopen_get_cipher(xn->net, (u64 *)key);
	if (!n_keys) {
		memset(key, 0, XTCP_FASTOPEN_KEY_LENGTH);
		n_keys = 1;
	}
	for (i = 0; i < n_keys * 4; i++)
		user_key[i] = le32_to_cpu(key[i]);
	for (i = 0; i < n_keys; i++) {
		off += snprintf(tbl.data + off, tbl.maxlen - off,
				"%08x-%08x-%08x-%08x", user_key[i * 4],
				user_key[i * 4 + 1], user_key[i * 4 + 2],
				user_key[i * 4 + 3]);
		if (i + 1 < n_keys)
			off += snprintf(tbl.data + off, tbl.maxlen - off, ",");
	}

	ret = proc_dostring(&tbl, write, buffer, lenp, ppos);
	if (write && ret == 0) {
		n_keys = sscanf(tbl.data, "%x-%x-%x-%x,%x-%x-%x-%x",
				user_key, user_key + 1, user_key + 2,
				user_key + 3, user_key + 4, user_key + 5,
				user_key + 6, user_key + 7);
		if (n_keys != 4 && n_keys != 8) {
			ret = -EINVAL;
			goto out;
		}
		for (i = 0; i < n_keys; i++)
			key[i] = cpu_to_le32(user_key[i]);
		xtcp_fastopen_reset_cipher(xn->net, (u8 *)key,
					   n_keys == 8 ? (u8 *)(key + 4) : NULL);
	}
out:
	memzero_explicit(user_key, sizeof(user_key));
	memzero_explicit(key, sizeof(key));
	kfree_sensitive(tbl.data);
	return ret;
}

static const struct ctl_table xinet_sysctl_template[] = {
	{
		.procname	= "ping_group_range",
		.data		= XINET_SYSCTL_DATA(ping_group_range),
		.maxlen		= sizeof(kgid_t) * 2,
		.mode		= 0644,
		.proc_handler	= xinet_ping_group_range,
	},
	{
		.procname	= "tcp_wmem",
		.data		= XINET_SYSCTL_DATA(sysctl_tcp_wmem),
		.maxlen		= sizeof(int) * 3,
		.mode		= 0644,
		.proc_handler	= proc_dointvec_minmax,
		.extra1		= SYSCTL_ONE,
	},
	{
		.procname	= "tcp_rmem",
		.data		= XINET_SYSCTL_DATA(sysctl_tcp_rmem),
		.maxlen		= sizeof(int) * 3,
		.mode		= 0644,
		.proc_handler	= proc_dointvec_minmax,
		.extra1		= &xinet_tcp_rmem_min,
	},
	{
		.procname	= "ip_default_ttl",
		.data		= XINET_SYSCTL_DATA(sysctl_ip_default_ttl),
		.maxlen		= sizeof(u8),
		.mode		= 0644,
		.proc_handler	= proc_dou8vec_minmax,
		.extra1		= &xinet_ttl_min,
		.extra2		= &xinet_ttl_max,
	},
	{
		.procname	= "ip_local_port_range",
		.data		= XINET_SYSCTL_DATA(ip_local_ports_range),
		.maxlen		= 0,
		.mode		= 0644,
		.proc_handler	= xinet_local_port_range,
	},
	{
		.procname	= "ip_unprivileged_port_start",
		.data		= XINET_SYSCTL_DATA(sysctl_ip_prot_sock),
		.maxlen		= sizeof(int),
		.mode		= 0644,
		.proc_handler	= xinet_privileged_ports,
	},
	{
		.procname	= "icmp_ratelimit",
		.data		= XINET_SYSCTL_DATA(sysctl_icmp_ratelimit),
		.maxlen		= sizeof(int),
		.mode		= 0644,
		.proc_handler	= proc_dointvec_ms_jiffies,
	},
	{
		.procname	= "icmp_ratemask",
		.data		= XINET_SYSCTL_DATA(sysctl_icmp_ratemask),
		.maxlen		= sizeof(int),
		.mode		= 0644,
		.proc_handler	= proc_dointvec,
	},
	{
		.procname	= "icmp_echo_ignore_all",
		.data		= XINET_SYSCTL_DATA(sysctl_icmp_echo_ignore_all),
		.maxlen		= sizeof(u8),
		.mode		= 0644,
		.proc_handler	= proc_dou8vec_minmax,
		.extra1		= SYSCTL_ZERO,
		.extra2		= SYSCTL_ONE,
	},
	{
		.procname	= "somaxconn",
		.data		= XINET_SYSCTL_DATA(sysctl_somaxconn),
		.maxlen		= sizeof(int),
		.mode		= 0644,
		.proc_handler	= proc_dointvec_minmax,
		.extra1		= SYSCTL_ZERO,
	},
	{
		.procname	= "tcp_max_syn_backlog",
		.data		= XINET_SYSCTL_DATA(sysctl_max_syn_backlog),
		.maxlen		= sizeof(int),
		.mode		= 0644,
		.proc_handler	= proc_dointvec,
	},
	{
		.procname	= "tcp_syncookies",
		.data		= XINET_SYSCTL_DATA(sysctl_tcp_syncookies),
		.maxlen		= sizeof(u8),
		.mode		= 0644,
		.proc_handler	= proc_dou8vec_minmax,
	},
	{
		.procname	= "tcp_fastopen",
		.data		= XINET_SYSCTL_DATA(sysctl_tcp_fastopen),
		.maxlen		= sizeof(int),
		.mode		= 0644,
		.proc_handler	= proc_dointvec,
	},
	{
		.procname	= "tcp_fastopen_key",
		.data		= XINET_SYSCTL_DATA(tfo_key),
		.maxlen		= 0,
		.mode		= 0600,
		.proc_handler	= xinet_tcp_fastopen_key,
	},
	{
		.procname	= "tcp_fastopen_blackhole_timeout_sec",
		.data		= XINET_SYSCTL_DATA(sysctl_tcp_fastopen_blackhole_timeout),
		.maxlen		= sizeof(int),
		.mode		= 0644,
		.proc_handler	= proc_dointvec_minmax,
		.extra1		= SYSCTL_ZERO,
	},
	{
		/* xinet's own (issue #17): no net.ipv4 twin */
		.procname	= "tcp_flight_recorder",
		.data		= XINET_SYSCTL_DATA(sysctl_tcp_flight_recorder),
		.maxlen		= sizeof(int),
		.mode		= 0644,
		.proc_handler	= proc_dointvec_minmax,
		.extra1		= SYSCTL_ZERO,
		.extra2		= &xinet_tcp_flight_recorder_max,
	},
	{
		.procname	= "tcp_syn_retries",
		.data		= XINET_SYSCTL_DATA(sysctl_tcp_syn_retries),
		.maxlen		= sizeof(u8),
		.mode		= 0644,
		.proc_handler	= proc_dou8vec_minmax,
		.extra1		= &xinet_tcp_syn_retries_min,
		.extra2		= &xinet_tcp_syn_retries_max,
	},
	{
		.procname	= "tcp_synack_retries",
		.data		= XINET_SYSCTL_DATA(sysctl_tcp_synack_retries),
		.maxlen		= sizeof(u8),
		.mode		= 0644,
		.proc_handler	= proc_dou8vec_minmax,
	},
	{
		.procname	= "tcp_fin_timeout",
		.data		= XINET_SYSCTL_DATA(sysctl_tcp_fin_timeout),
		.maxlen		= sizeof(int),
		.mode		= 0644,
		.proc_handler	= proc_dointvec_jiffies,
	},
	{
		.procname	= "tcp_tw_timeout",
		.data		= XINET_SYSCTL_DATA(sysctl_tcp_tw_timeout),
		.maxlen		= sizeof(int),
		.mode		= 0644,
		.proc_handler	= xinet_tcp_tw_timeout,
	},
	{
		.procname	= "tcp_tw_reuse",
		.data		= XINET_SYSCTL_DATA(sysctl_tcp_tw_reuse),
		.maxlen		= sizeof(u8),
		.mode		= 0644,
		.proc_handler	= proc_dou8vec_minmax,
		.extra1		= SYSCTL_ZERO,
		.extra2		= &xinet_tcp_tw_reuse_max,
	},
	{
		.procname	= "tcp_max_tw_buckets",
		.data		= XINET_SYSCTL_DATA(sysctl_max_tw_buckets),
		.maxlen		= sizeof(int),
		.mode		= 0644,
		.proc_handler	= proc_dointvec,
	},
	{
		.procname	= "tcp_abort_on_overflow",
		.data		= XINET_SYSCTL_DATA(sysctl_tcp_abort_on_overflow),
		.maxlen		= sizeof(u8),
		.mode		= 0644,
		.proc_handler	= proc_dou8vec_minmax,
	},
	{
		.procname	= "tcp_retries1",
		.data		= XINET_SYSCTL_DATA(sysctl_tcp_retries1),
		.maxlen		= sizeof(u8),
		.mode		= 0644,
		.proc_handler	= proc_dou8vec_minmax,
		.extra2		= &xinet_tcp_retries1_max,
	},
	{
		.procname	= "tcp_retries2",
		.data		= XINET_SYSCTL_DATA(sysctl_tcp_retries2),
		.maxlen		= sizeof(u8),
		.mode		= 0644,
		.proc_handler	= proc_dou8vec_minmax,
	},
	{
		.procname	= "tcp_orphan_retries",
		.data		= XINET_SYSCTL_DATA(sysctl_tcp_orphan_retries),
		.maxlen		= sizeof(u8),
		.mode		= 0644,
		.proc_handler	= proc_dou8vec_minmax,
	},
	{
		.procname	= "tcp_keepalive_time",
		.data		= XINET_SYSCTL_DATA(sysctl_tcp_keepalive_time),
		.maxlen		= sizeof(int),
		.mode		= 0644,
		.proc_handler	= proc_dointvec_jiffies,
	},
	{
		.procname	= "tcp_keepalive_intvl",
		.data		= XINET_SYSCTL_DATA(sysctl_tcp_keepalive_intvl),
		.maxlen		= sizeof(int),
		.mode		= 0644,
		.proc_handler	= proc_dointvec_jiffies,
	},
	{
		.procname	= "tcp_keepalive_probes",
		.data		= XINET_SYSCTL_DATA(sysctl_tcp_keepalive_probes),
		.maxlen		= sizeof(u8),
		.mode		= 0644,
		.proc_handler	= proc_dou8vec_minmax,
	},
	{
		.procname	= "tcp_window_scaling",
		.data		= XINET_SYSCTL_DATA(sysctl_tcp_window_scaling),
		.maxlen		= sizeof(u8),
		.mode		= 0644,
		.proc_handler	= proc_dou8vec_minmax,
	},
	{
		.procname	= "tcp_timestamps",
		.data		= XINET_SYSCTL_DATA(sysctl_tcp_timestamps),
		.maxlen		= sizeof(u8),
		.mode		= 0644,
		.proc_handler	= proc_dou8vec_minmax,
	},
	{
		.procname	= "tcp_sack",
		.data		= XINET_SYSCTL_DATA(sysctl_tcp_sack),
		.maxlen		= sizeof(u8),
		.mode		= 0644,
		.proc_handler	= proc_dou8vec_minmax,
	},
	{
		.procname	= "tcp_dsack",
		.data		= XINET_SYSCTL_DATA(sysctl_tcp_dsack),
		.maxlen		= sizeof(u8),
		.mode		= 0644,
		.proc_handler	= proc_dou8vec_minmax,
	},
	{
		.procname	= "tcp_ecn",
		.data		= XINET_SYSCTL_DATA(sysctl_tcp_ecn),
		.maxlen		= sizeof(u8),
		.mode		= 0644,
		.proc_handler	= proc_dou8vec_minmax,
		.extra1		= SYSCTL_ZERO,
		.extra2		= SYSCTL_TWO,
	},
	{
		.procname	= "tcp_ecn_fallback",
		.data		= XINET_SYSCTL_DATA(sysctl_tcp_ecn_fallback),
		.maxlen		= sizeof(u8),
		.mode		= 0644,
		.proc_handler	= proc_dou8vec_minmax,
		.extra1		= SYSCTL_ZERO,
		.extra2		= SYSCTL_ONE,
	},
	{
		.procname	= "tcp_slow_start_after_idle",
		.data		= XINET_SYSCTL_DATA(sysctl_tcp_slow_start_after_idle),
		.maxlen		= sizeof(u8),
		.mode		= 0644,
		.proc_handler	= proc_dou8vec_minmax,
	},
	{
		.procname	= "tcp_min_tso_segs",
		.data		= XINET_SYSCTL_DATA(sysctl_tcp_min_tso_segs),
		.maxlen		= sizeof(u8),
		.mode		= 0644,
		.proc_handler	= proc_dou8vec_minmax,
		.extra1		= SYSCTL_ONE,
	},
	{
		.procname	= "tcp_limit_output_bytes",
		.data		= XINET_SYSCTL_DATA(sysctl_tcp_limit_output_bytes),
		.maxlen		= sizeof(int),
		.mode		= 0644,
		.proc_handler	= proc_dointvec,
	},
	{
		.procname	= "tcp_notsent_lowat",
		.data		= XINET_SYSCTL_DATA(sysctl_tcp_notsent_lowat),
		.maxlen		= sizeof(unsigned int),
		.mode		= 0644,
		.proc_handler	= proc_douintvec,
	},
	{
		.procname	= "tcp_autocorking",
		.data		= XINET_SYSCTL_DATA(sysctl_tcp_autocorking),
		.maxlen		= sizeof(u8),
		.mode		= 0644,
		.proc_handler	= proc_dou8vec_minmax,
		.extra1		= SYSCTL_ZERO,
		.extra2		= SYSCTL_ONE,
	},
	{
		.procname	= "tcp_tso_win_divisor",
		.data		= XINET_SYSCTL_DATA(sysctl_tcp_tso_win_divisor),
		.maxlen		= sizeof(u8),
		.mode		= 0644,
		.proc_handler	= proc_dou8vec_minmax,
	},
	{
		.procname	= "tcp_tso_rtt_log",
		.data		= XINET_SYSCTL_DATA(sysctl_tcp_tso_rtt_log),
		.maxlen		= sizeof(u8),
		.mode		= 0644,
		.proc_handler	= proc_dou8vec_minmax,
		.extra2		= &xtcp_tso_rtt_log_max,
	},
	{
		.procname	= "tcp_thin_linear_timeouts",
		.data		= XINET_SYSCTL_DATA(sysctl_tcp_thin_linear_timeouts),
		.maxlen		= sizeof(u8),
		.mode		= 0644,
		.proc_handler	= proc_dou8vec_minmax,
	},
	{
		.procname	= "tcp_recovery",
		.data		= XINET_SYSCTL_DATA(sysctl_tcp_recovery),
		.maxlen		= sizeof(u8),
		.mode		= 0644,
		.proc_handler	= proc_dou8vec_minmax,
	},
	{
		.procname	= "tcp_frto",
		.data		= XINET_SYSCTL_DATA(sysctl_tcp_frto),
		.maxlen		= sizeof(u8),
		.mode		= 0644,
		.proc_handler	= proc_dou8vec_minmax,
	},
	{
		/* extra2: the namespace's tcp_max_reordering, set at register */
		.procname	= "tcp_reordering",
		.data		= XINET_SYSCTL_DATA(sysctl_tcp_reordering),
		.maxlen		= sizeof(int),
		.mode		= 0644,
		.proc_handler	= proc_dointvec_minmax,
		.extra1		= SYSCTL_ONE,
	},
	{
		.procname	= "tcp_max_reordering",
		.data		= XINET_SYSCTL_DATA(sysctl_tcp_max_reordering),
		.maxlen		= sizeof(int),
		.mode		= 0644,
		.proc_handler	= proc_dointvec_minmax,
		.extra1		= SYSCTL_ONE,
	},
	{
		.procname	= "tcp_early_retrans",
		.data		= XINET_SYSCTL_DATA(sysctl_tcp_early_retrans),
		.maxlen		= sizeof(u8),
		.mode		= 0644,
		.proc_handler	= proc_dou8vec_minmax,
		.extra1		= SYSCTL_ZERO,
		.extra2		= SYSCTL_FOUR,
	},
	{
		.procname	= "tcp_mtu_probing",
		.data		= XINET_SYSCTL_DATA(sysctl_tcp_mtu_probing),
		.maxlen		= sizeof(u8),
		.mode		= 0644,
		.proc_handler	= proc_dou8vec_minmax,
	},
	{
		.procname	= "tcp_base_mss",
		.data		= XINET_SYSCTL_DATA(sysctl_tcp_base_mss),
		.maxlen		= sizeof(int),
		.mode		= 0644,
		.proc_handler	= proc_dointvec,
	},
	{
		.procname	= "tcp_mtu_probe_floor",
		.data		= XINET_SYSCTL_DATA(sysctl_tcp_mtu_probe_floor),
		.maxlen		= sizeof(int),
		.mode		= 0644,
		.proc_handler	= proc_dointvec_minmax,
		.extra1		= &xinet_tcp_mtu_probe_floor_min,
		.extra2		= &xinet_tcp_mtu_probe_floor_max,
	},
	{
		.procname	= "tcp_probe_threshold",
		.data		= XINET_SYSCTL_DATA(sysctl_tcp_probe_threshold),
		.maxlen		= sizeof(int),
		.mode		= 0644,
		.proc_handler	= proc_dointvec,
	},
	{
		.procname	= "tcp_probe_interval",
		.data		= XINET_SYSCTL_DATA(sysctl_tcp_probe_interval),
		.maxlen		= sizeof(u32),
		.mode		= 0644,
		.proc_handler	= proc_douintvec_minmax,
		.extra2		= &xinet_u32_max_div_hz,
	},
	{
		.procname	= "tcp_min_rtt_wlen",
		.data		= XINET_SYSCTL_DATA(sysctl_tcp_min_rtt_wlen),
		.maxlen		= sizeof(int),
		.mode		= 0644,
		.proc_handler	= proc_dointvec_minmax,
		.extra1		= SYSCTL_ZERO,
		.extra2		= &xinet_one_day_secs,
	},
	{
		.procname	= "tcp_comp_sack_delay_ns",
		.data		= XINET_SYSCTL_DATA(sysctl_tcp_comp_sack_delay_ns),
		.maxlen		= sizeof(unsigned long),
		.mode		= 0644,
		.proc_handler	= proc_doulongvec_minmax,
	},
	{
		.procname	= "tcp_comp_sack_slack_ns",
		.data		= XINET_SYSCTL_DATA(sysctl_tcp_comp_sack_slack_ns),
		.maxlen		= sizeof(unsigned long),
		.mode		= 0644,
		.proc_handler	= proc_doulongvec_minmax,
	},
	{
		.procname	= "tcp_comp_sack_nr",
		.data		= XINET_SYSCTL_DATA(sysctl_tcp_comp_sack_nr),
		.maxlen		= sizeof(u8),
		.mode		= 0644,
		.proc_handler	= proc_dou8vec_minmax,
		.extra1		= SYSCTL_ZERO,
	},
	{
		.procname	= "tcp_fack",
		.data		= XINET_SYSCTL_DATA(sysctl_tcp_fack),
		.maxlen		= sizeof(u8),
		.mode		= 0644,
		.proc_handler	= proc_dou8vec_minmax,
	},
	{
		.procname	= "tcp_backlog_ack_defer",
		.data		= XINET_SYSCTL_DATA(sysctl_tcp_backlog_ack_defer),
		.maxlen		= sizeof(u8),
		.mode		= 0644,
		.proc_handler	= proc_dou8vec_minmax,
		.extra1		= SYSCTL_ZERO,
		.extra2		= SYSCTL_ONE,
	},
	{
		.procname	= "tcp_retrans_collapse",
		.data		= XINET_SYSCTL_DATA(sysctl_tcp_retrans_collapse),
		.maxlen		= sizeof(u8),
		.mode		= 0644,
		.proc_handler	= proc_dou8vec_minmax,
	},
	{
		.procname	= "tcp_pacing_ss_ratio",
		.data		= XINET_SYSCTL_DATA(sysctl_tcp_pacing_ss_ratio),
		.maxlen		= sizeof(int),
		.mode		= 0644,
		.proc_handler	= proc_dointvec_minmax,
		.extra1		= SYSCTL_ZERO,
		.extra2		= SYSCTL_ONE_THOUSAND,
	},
	{
		.procname	= "tcp_pacing_ca_ratio",
		.data		= XINET_SYSCTL_DATA(sysctl_tcp_pacing_ca_ratio),
		.maxlen		= sizeof(int),
		.mode		= 0644,
		.proc_handler	= proc_dointvec_minmax,
		.extra1		= SYSCTL_ZERO,
		.extra2		= SYSCTL_ONE_THOUSAND,
	},
	{
		.procname	= "tcp_congestion_control",
		.data		= XINET_SYSCTL_DATA(tcp_congestion_control),
		.maxlen		= XTCP_CA_NAME_MAX,
		.mode		= 0644,
		.proc_handler	= xinet_tcp_congestion_control,
	},
	{
		.procname	= "tcp_available_congestion_control",
		.maxlen		= XTCP_CA_BUF_MAX,
		.mode		= 0444,
		.proc_handler	= xinet_tcp_available_cc,
	},
	{
		.procname	= "tcp_allowed_congestion_control",
		.maxlen		= XTCP_CA_BUF_MAX,
		.mode		= 0644,
		.proc_handler	= xinet_tcp_allowed_cc,
	},
	{
		.procname	= "tcp_challenge_ack_limit",
		.data		= XINET_SYSCTL_DATA(sysctl_tcp_challenge_ack_limit),
		.maxlen		= sizeof(int),
		.mode		= 0644,
		.proc_handler	= proc_dointvec,
	},
	{
		.procname	= "ip_no_pmtu_disc",
		.data		= XINET_SYSCTL_DATA(sysctl_ip_no_pmtu_disc),
		.maxlen		= sizeof(u8),
		.mode		= 0644,
		.proc_handler	= proc_dou8vec_minmax,
	},
	/* Reassembly, as ip4_frags_ns_ctl_table; the thresholds bound each
	 * other, see xinet_sysctl_register_table().
	 */
	{
		.procname	= "ipfrag_high_thresh",
		.data		= XINET_SYSCTL_DATA(fqdir.high_thresh),
		.maxlen		= sizeof(unsigned long),
		.mode		= 0644,
		.proc_handler	= proc_doulongvec_minmax,
	},
	{
		.procname	= "ipfrag_low_thresh",
		.data		= XINET_SYSCTL_DATA(fqdir.low_thresh),
		.maxlen		= sizeof(unsigned long),
		.mode		= 0644,
		.proc_handler	= proc_doulongvec_minmax,
	},
	{
		.procname	= "ipfrag_time",
		.data		= XINET_SYSCTL_DATA(fqdir.timeout),
		.maxlen		= sizeof(int),
		.mode		= 0644,
		.proc_handler	= proc_dointvec_jiffies,
	},
	{
		.procname	= "ipfrag_max_dist",
		.data		= XINET_SYSCTL_DATA(fqdir.max_dist),
		.maxlen		= sizeof(int),
		.mode		= 0644,
		.proc_handler	= proc_dointvec_minmax,
		.extra1		= SYSCTL_ZERO,
	},
	{ }	/* sentinel for 6.1, outside the size given to newer kernels */
};

/* IPV4_MIN_MTU: no path MTU below the least every IPv4 link carries. */
static int xinet_min_valid_pmtu = 68;

/* net.xinet.route, twin of net.ipv4.route's PMTU entries. */
static struct ctl_table xinet_route_sysctl_template[] = {
	{
		.procname	= "min_pmtu",
		.data		= XINET_SYSCTL_DATA(sysctl_ip_rt_min_pmtu),
		.maxlen		= sizeof(int),
		.mode		= 0644,
		.proc_handler	= proc_dointvec_minmax,
		.extra1		= &xinet_min_valid_pmtu,
	},
	{
		.procname	= "mtu_expires",
		.data		= XINET_SYSCTL_DATA(sysctl_ip_rt_mtu_expires),
		.maxlen		= sizeof(int),
		.mode		= 0644,
		.proc_handler	= proc_dointvec_jiffies,
	},
	{ }	/* sentinel for 6.1 */
};

static struct ctl_table_header *
xinet_sysctl_register_table(struct net *net, const char *path,
			    const struct ctl_table *tmpl, size_t size)
{
	struct xinet_net *xn = xinet_net(net);
	struct ctl_table_header *hdr;
	struct ctl_table *table;
	int i;

	/* size counts the sentinel, which 6.1 needs and later kernels skip. */
	table = kmemdup(tmpl, size * sizeof(*tmpl), GFP_KERNEL);
	if (!table)
		return NULL;
	for (i = 0; i < size - 1; i++) {
		if (!table[i].data) {
			/* Global entries: only init_net writes them. */
			if (!net_eq(net, &init_net))
				table[i].mode &= ~0222;
			continue;
		}
		table[i].data = (void *)xn + (uintptr_t)table[i].data;
		/* high >= low, as ip4_frags_ns_ctl_register() ties them. */
		if (table[i].data == &xn->fqdir.high_thresh)
			table[i].extra1 = &xn->fqdir.low_thresh;
		else if (table[i].data == &xn->fqdir.low_thresh)
			table[i].extra2 = &xn->fqdir.high_thresh;
		/* tcp_reordering <= this namespace's tcp_max_reordering */
		else if (table[i].data == &xn->sysctl_tcp_reordering)
			table[i].extra2 = &xn->sysctl_tcp_max_reordering;
	}
	hdr = xinet_register_net_sysctl(net, path, table, size - 1);
	if (!hdr)
		kfree(table);
	return hdr;
}

static void xinet_sysctl_unregister_table(struct ctl_table_header *hdr)
{
	const struct ctl_table *table = hdr->ctl_table_arg;

	unregister_net_sysctl_table(hdr);
	kfree(table);
}

/**
 * xinet_sysctl_register - create net.xinet for a namespace
 * @net: the namespace, whose struct xinet_net is initialised
 *
 * Return: 0 or -ENOMEM.
 */
int xinet_sysctl_register(struct net *net)
{
	struct xinet_net *xn = xinet_net(net);

	xn->sysctl_hdr = xinet_sysctl_register_table(net, "net/xinet",
						     xinet_sysctl_template,
						     ARRAY_SIZE(xinet_sysctl_template));
	if (!xn->sysctl_hdr)
		return -ENOMEM;
	xn->route_hdr = xinet_sysctl_register_table(net, "net/xinet/route",
						    xinet_route_sysctl_template,
						    ARRAY_SIZE(xinet_route_sysctl_template));
	if (!xn->route_hdr) {
		xinet_sysctl_unregister_table(xn->sysctl_hdr);
		return -ENOMEM;
	}
	return 0;
}

/**
 * xinet_sysctl_unregister - remove net.xinet of a namespace
 * @net: the namespace
 */
void xinet_sysctl_unregister(struct net *net)
{
	struct xinet_net *xn = xinet_net(net);

	xinet_sysctl_unregister_table(xn->route_hdr);
	xinet_sysctl_unregister_table(xn->sysctl_hdr);
}
