// SPDX-License-Identifier: GPL-2.0
/*
 * xinet: pluggable congestion control and NewReno, twin of
 * net/ipv4/tcp_cong.c.
 *
 * Algorithms sit on an RCU list guarded by xtcp_cong_list_lock for
 * writers; a socket pins its algorithm's module while it uses it, and so
 * does a namespace for its default (net.xinet.tcp_congestion_control).
 * The built-in "reno" and "cubic" are always registered; "cubic" is
 * init_net's default when xinet loads, and a new namespace starts with
 * init_net's.  Any user may pick an algorithm of the allowed list
 * (net.xinet.tcp_allowed_congestion_control, which a default joins);
 * others need CAP_NET_ADMIN.  The loss reaction itself (halving, fast
 * recovery per RFC 6582) lives in xtcp_input.c; the algorithm supplies
 * ssthresh and the growth.
 */

#include <linux/module.h>
#include <linux/rculist.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <net/net_namespace.h>
#include <net/xinet/netns.h>
#include <net/xinet/xroute.h>
#include <net/xinet/xtcp.h>

/*
 * Writers of xtcp_cong_list, of the algorithms' flags and of the
 * namespaces' defaults; readers use RCU.
 */
static DEFINE_SPINLOCK(xtcp_cong_list_lock);
static LIST_HEAD(xtcp_cong_list);
static struct xtcp_congestion_ops xtcp_reno;

static struct xtcp_congestion_ops *xtcp_ca_find(const char *name)
{
	struct xtcp_congestion_ops *e;

	list_for_each_entry_rcu(e, &xtcp_cong_list, list,
				lockdep_is_held(&xtcp_cong_list_lock)) {
		if (strcmp(e->name, name) == 0)
			return e;
	}
	return NULL;
}

/**
 * xtcp_register_congestion_control - make an algorithm available
 * @ca: the algorithm; ssthresh, cong_avoid and undo_cwnd are required
 *
 * Return: 0, -EINVAL for an incomplete @ca, -EEXIST for a taken name.
 */
int xtcp_register_congestion_control(struct xtcp_congestion_ops *ca)
{
	int ret = 0;

	if (!ca->ssthresh || !ca->undo_cwnd || !ca->cong_avoid || !ca->name[0])
		return -EINVAL;

	spin_lock(&xtcp_cong_list_lock);
	if (xtcp_ca_find(ca->name))
		ret = -EEXIST;
	else
		list_add_tail_rcu(&ca->list, &xtcp_cong_list);
	spin_unlock(&xtcp_cong_list_lock);
	return ret;
}
EXPORT_SYMBOL_GPL(xtcp_register_congestion_control);

/**
 * xtcp_unregister_congestion_control - withdraw an algorithm
 * @ca: a registered algorithm
 *
 * Sockets using it hold its module, so none is left when a module calls
 * this from its exit.
 */
void xtcp_unregister_congestion_control(struct xtcp_congestion_ops *ca)
{
	spin_lock(&xtcp_cong_list_lock);
	list_del_rcu(&ca->list);
	spin_unlock(&xtcp_cong_list_lock);
	synchronize_rcu();
}
EXPORT_SYMBOL_GPL(xtcp_unregister_congestion_control);

/**
 * xtcp_get_available_congestion_control - names of the algorithms
 * @buf: where to write them, space separated
 * @maxlen: its size
 *
 * What net.xinet.tcp_available_congestion_control shows.
 */
void xtcp_get_available_congestion_control(char *buf, size_t maxlen)
{
	struct xtcp_congestion_ops *ca;
	size_t offs = 0;

	rcu_read_lock();
	list_for_each_entry_rcu(ca, &xtcp_cong_list, list) {
		offs += scnprintf(buf + offs, maxlen - offs, "%s%s",
				  offs == 0 ? "" : " ", ca->name);
		if (offs >= maxlen)
			break;
	}
	rcu_read_unlock();
}

/**
 * xtcp_get_allowed_congestion_control - names any user may choose
 * @buf: where to write them, space separated
 * @maxlen: its size
 *
 * What net.xinet.tcp_allowed_congestion_control shows.
 */
void xtcp_get_allowed_congestion_control(char *buf, size_t maxlen)
{
	struct xtcp_congestion_ops *ca;
	size_t offs = 0;

	*buf = '\0';
	rcu_read_lock();
	list_for_each_entry_rcu(ca, &xtcp_cong_list, list) {
		if (!(READ_ONCE(ca->flags) & XTCP_CONG_NON_RESTRICTED))
			continue;
		offs += scnprintf(buf + offs, maxlen - offs, "%s%s",
				  offs == 0 ? "" : " ", ca->name);
		if (offs >= maxlen)
			break;
	}
	rcu_read_unlock();
}

/**
 * xtcp_set_allowed_congestion_control - replace the allowed list
 * @val: space separated names; modified
 *
 * Twin of tcp_set_allowed_congestion_control(): all or nothing.
 *
 * Return: 0, -ENOMEM, or -ENOENT when a name is not registered.
 */
int xtcp_set_allowed_congestion_control(char *val)
{
	struct xtcp_congestion_ops *ca;
	char *clone, *next, *name;
	int ret = 0;

	clone = kstrdup(val, GFP_USER);
	if (!clone)
		return -ENOMEM;

	spin_lock(&xtcp_cong_list_lock);
	/* Every name must exist before anything changes. */
	next = clone;
	while ((name = strsep(&next, " ")) && *name) {
		if (!xtcp_ca_find(name)) {
			ret = -ENOENT;
			goto out;
		}
	}
	list_for_each_entry(ca, &xtcp_cong_list, list)
		WRITE_ONCE(ca->flags, ca->flags & ~XTCP_CONG_NON_RESTRICTED);
	while ((name = strsep(&val, " ")) && *name) {
		ca = xtcp_ca_find(name);
		WRITE_ONCE(ca->flags, ca->flags | XTCP_CONG_NON_RESTRICTED);
	}
out:
	spin_unlock(&xtcp_cong_list_lock);
	kfree(clone);
	return ret;
}

/**
 * xtcp_get_default_congestion_control - a namespace's default's name
 * @net: the namespace
 * @name: XTCP_CA_NAME_MAX bytes to write it to
 */
void xtcp_get_default_congestion_control(struct net *net, char *name)
{
	const struct xtcp_congestion_ops *ca;

	rcu_read_lock();
	ca = rcu_dereference(xinet_net(net)->tcp_congestion_control);
	strscpy(name, ca ? ca->name : "", XTCP_CA_NAME_MAX);
	rcu_read_unlock();
}

/* Replace @net's default by @ca, whose module the caller holds. */
static void xtcp_replace_default(struct net *net,
				 const struct xtcp_congestion_ops *ca)
{
	const struct xtcp_congestion_ops *prev;

	lockdep_assert_held(&xtcp_cong_list_lock);
	prev = rcu_replace_pointer(xinet_net(net)->tcp_congestion_control, ca,
				   lockdep_is_held(&xtcp_cong_list_lock));
	if (prev)
		module_put(prev->owner);
}

/**
 * xtcp_set_default_congestion_control - net.xinet.tcp_congestion_control
 * @net: the namespace
 * @name: the algorithm
 *
 * Twin of tcp_set_default_congestion_control(): only init_net may make
 * a restricted algorithm its default; a default joins the allowed list.
 *
 * Return: 0, -ENOENT (unknown), -EPERM or -EBUSY (module going away).
 */
int xtcp_set_default_congestion_control(struct net *net, const char *name)
{
	struct xtcp_congestion_ops *ca;
	int ret;

	spin_lock(&xtcp_cong_list_lock);
	ca = xtcp_ca_find(name);
	if (!ca) {
		ret = -ENOENT;
	} else if (!net_eq(net, &init_net) &&
		   !(ca->flags & XTCP_CONG_NON_RESTRICTED)) {
		ret = -EPERM;
	} else if (!try_module_get(ca->owner)) {
		ret = -EBUSY;
	} else {
		xtcp_replace_default(net, ca);
		WRITE_ONCE(ca->flags, ca->flags | XTCP_CONG_NON_RESTRICTED);
		ret = 0;
	}
	spin_unlock(&xtcp_cong_list_lock);
	return ret;
}

/**
 * xtcp_net_init_congestion_control - a new namespace's default
 * @net: the namespace
 *
 * init_net's, as tcp_sk_init() gives; init_net itself starts with
 * XTCP_CONG_DEFAULT.
 */
void xtcp_net_init_congestion_control(struct net *net)
{
	const struct xtcp_congestion_ops *ca = NULL;

	if (net_eq(net, &init_net)) {
		if (xtcp_set_default_congestion_control(net, XTCP_CONG_DEFAULT))
			xtcp_set_default_congestion_control(net, "reno");
		return;
	}
	spin_lock(&xtcp_cong_list_lock);
	ca = rcu_dereference_protected(xinet_net(&init_net)->tcp_congestion_control,
				       lockdep_is_held(&xtcp_cong_list_lock));
	if (ca && try_module_get(ca->owner))
		xtcp_replace_default(net, ca);
	spin_unlock(&xtcp_cong_list_lock);
	if (!ca)
		xtcp_set_default_congestion_control(net, "reno");
}

/**
 * xtcp_net_exit_congestion_control - release a namespace's default
 * @net: the namespace
 */
void xtcp_net_exit_congestion_control(struct net *net)
{
	spin_lock(&xtcp_cong_list_lock);
	xtcp_replace_default(net, NULL);
	spin_unlock(&xtcp_cong_list_lock);
}

/**
 * xtcp_assign_congestion_control - give a new socket its namespace's
 *	default algorithm, holding its module (twin of
 *	tcp_assign_congestion_control)
 * @sk: the socket
 */
void xtcp_assign_congestion_control(struct sock *sk)
{
	struct xinet_connection_sock *icsk = xinet_csk(sk);
	const struct xtcp_congestion_ops *ca;

	rcu_read_lock();
	ca = rcu_dereference(xinet_net(sock_net(sk))->tcp_congestion_control);
	if (!ca || !try_module_get(ca->owner))
		ca = &xtcp_reno;
	rcu_read_unlock();
	icsk->icsk_ca_ops = ca;
	icsk->icsk_ca_initialized = 0;
}

/**
 * xtcp_init_congestion_control - start the algorithm of a connection
 * @sk: the socket, at the end of its handshake
 */
void xtcp_init_congestion_control(struct sock *sk)
{
	struct xinet_connection_sock *icsk = xinet_csk(sk);

	if (!icsk->icsk_ca_ops)
		xtcp_assign_congestion_control(sk);
	if (!icsk->icsk_ca_ops)
		return;
	memset(icsk->icsk_ca_priv, 0, sizeof(icsk->icsk_ca_priv));
	if (icsk->icsk_ca_ops->init)
		icsk->icsk_ca_ops->init(sk);
	icsk->icsk_ca_initialized = 1;
}

/**
 * xtcp_cleanup_congestion_control - release the algorithm of a socket
 * @sk: the socket
 */
void xtcp_cleanup_congestion_control(struct sock *sk)
{
	struct xinet_connection_sock *icsk = xinet_csk(sk);

	if (!icsk->icsk_ca_ops)
		return;
	if (icsk->icsk_ca_initialized && icsk->icsk_ca_ops->release)
		icsk->icsk_ca_ops->release(sk);
	module_put(icsk->icsk_ca_ops->owner);
	icsk->icsk_ca_ops = NULL;
	icsk->icsk_ca_initialized = 0;
}

/**
 * xtcp_set_congestion_control - TCP_CONGESTION (twin of
 *	tcp_set_congestion_control)
 * @sk: the socket, locked
 * @name: the algorithm's name
 * @cap_net_admin: the caller may choose an algorithm off the allowed list
 *
 * Return: 0, -ENOENT for an unknown name, -EPERM for a restricted one,
 * -EBUSY when its module is going away.
 */
int xtcp_set_congestion_control(struct sock *sk, const char *name,
				bool cap_net_admin)
{
	struct xinet_connection_sock *icsk = xinet_csk(sk);
	const struct xtcp_congestion_ops *ca;
	bool running = icsk->icsk_ca_initialized;
	int err = 0;

	sock_owned_by_me(sk);
	rcu_read_lock();
	ca = xtcp_ca_find(name);
	if (!ca)
		err = -ENOENT;
	else if (!((READ_ONCE(ca->flags) & XTCP_CONG_NON_RESTRICTED) ||
		   cap_net_admin))
		err = -EPERM;
	else if (!try_module_get(ca->owner))
		err = -EBUSY;
	rcu_read_unlock();
	if (err)
		return err;
	if (ca == icsk->icsk_ca_ops) {
		module_put(ca->owner);
		return 0;
	}
	xtcp_cleanup_congestion_control(sk);
	icsk->icsk_ca_ops = ca;
	if (running)
		xtcp_init_congestion_control(sk);
	return 0;
}

/**
 * xtcp_ca_known - whether a congestion control is registered
 * @name: its name
 *
 * Return: true if xinet has it (a route's congctl must name one).
 */
bool xtcp_ca_known(const char *name)
{
	bool found;

	rcu_read_lock();
	found = xtcp_ca_find(name);
	rcu_read_unlock();
	return found;
}

/**
 * xtcp_ca_dst_init - the congestion control a route asks for (twin of
 *	tcp_ca_dst_init)
 * @sk: a socket whose algorithm has not started yet
 * @rt: its route
 *
 * A route's congctl replaces the socket's default; an algorithm gone
 * since the route was added leaves the default.
 */
void xtcp_ca_dst_init(struct sock *sk, const struct xrtable *rt)
{
	struct xinet_connection_sock *icsk = xinet_csk(sk);
	const struct xtcp_congestion_ops *ca;

	if (!rt->rt_metrics.cc_algo[0])
		return;
	rcu_read_lock();
	ca = xtcp_ca_find(rt->rt_metrics.cc_algo);
	if (ca && !try_module_get(ca->owner))
		ca = NULL;
	rcu_read_unlock();
	if (!ca)
		return;
	if (icsk->icsk_ca_ops)
		module_put(icsk->icsk_ca_ops->owner);
	icsk->icsk_ca_ops = ca;
	icsk->icsk_ca_initialized = 0;
}

/**
 * xtcp_set_ca_state - change icsk_ca_state, telling the algorithm
 * @sk: the socket
 * @ca_state: XTCP_CA_*
 */
void xtcp_set_ca_state(struct sock *sk, const u8 ca_state)
{
	struct xinet_connection_sock *icsk = xinet_csk(sk);

	if (icsk->icsk_ca_ops && icsk->icsk_ca_ops->set_state)
		icsk->icsk_ca_ops->set_state(sk, ca_state);
	icsk->icsk_ca_state = ca_state;
}

/**
 * xtcp_slow_start - exponential growth below ssthresh (RFC 5681 3.1)
 * @tp: the socket
 * @acked: segments newly acknowledged
 *
 * Return: the part of @acked left over once cwnd reached ssthresh.
 */
u32 xtcp_slow_start(struct xtcp_sock *tp, u32 acked)
{
	u32 cwnd = min(tp->snd_cwnd + acked, tp->snd_ssthresh);

	acked -= cwnd - tp->snd_cwnd;
	tp->snd_cwnd = min(cwnd, tp->snd_cwnd_clamp);
	return acked;
}

/**
 * xtcp_cong_avoid_ai - additive increase: one segment per @w acked
 * @tp: the socket
 * @w: the window that must be acknowledged for one more segment
 * @acked: segments newly acknowledged
 */
void xtcp_cong_avoid_ai(struct xtcp_sock *tp, u32 w, u32 acked)
{
	/* A window that shrank under the counter: start over. */
	if (tp->snd_cwnd_cnt >= w) {
		tp->snd_cwnd_cnt = 0;
		tp->snd_cwnd++;
	}
	tp->snd_cwnd_cnt += acked;
	if (tp->snd_cwnd_cnt >= w) {
		u32 delta = tp->snd_cwnd_cnt / w;

		tp->snd_cwnd_cnt -= delta * w;
		tp->snd_cwnd += delta;
	}
	tp->snd_cwnd = min(tp->snd_cwnd, tp->snd_cwnd_clamp);
}

/**
 * xtcp_reno_cong_avoid - Reno's growth (RFC 5681)
 * @sk: the socket
 * @ack: the acknowledgment number (unused by Reno)
 * @acked: segments newly acknowledged
 *
 * Only a window that limits the sender grows.
 */
void xtcp_reno_cong_avoid(struct sock *sk, u32 ack, u32 acked)
{
	struct xtcp_sock *tp = xtcp_sk(sk);

	if (!xtcp_is_cwnd_limited(tp))
		return;
	if (tp->snd_cwnd < tp->snd_ssthresh) {
		acked = xtcp_slow_start(tp, acked);
		if (!acked)
			return;
	}
	xtcp_cong_avoid_ai(tp, tp->snd_cwnd, acked);
}

/**
 * xtcp_reno_ssthresh - half the window, at least two segments
 * @sk: the socket
 *
 * Return: the new slow start threshold.
 */
u32 xtcp_reno_ssthresh(struct sock *sk)
{
	return max(xtcp_sk(sk)->snd_cwnd >> 1U, 2U);
}

/**
 * xtcp_reno_undo_cwnd - the window before a loss found spurious
 * @sk: the socket
 *
 * Return: the window to go back to.
 */
u32 xtcp_reno_undo_cwnd(struct sock *sk)
{
	const struct xtcp_sock *tp = xtcp_sk(sk);

	return max(tp->snd_cwnd, tp->prior_cwnd);
}

/*
 * Built in: no owner, so that sockets do not pin xinet.ko twice (their
 * proto already holds it), as Linux's built-in reno has none.
 */
static struct xtcp_congestion_ops xtcp_reno = {
	.name		= "reno",
	.flags		= XTCP_CONG_NON_RESTRICTED,
	.ssthresh	= xtcp_reno_ssthresh,
	.cong_avoid	= xtcp_reno_cong_avoid,
	.undo_cwnd	= xtcp_reno_undo_cwnd,
};

/**
 * xtcp_cong_init - register the built-in algorithms
 *
 * Return: 0 or a negative errno.
 */
int xtcp_cong_init(void)
{
	int err;

	err = xtcp_register_congestion_control(&xtcp_reno);
	if (err)
		return err;
	err = xtcp_cubic_register();
	if (err)
		xtcp_unregister_congestion_control(&xtcp_reno);
	return err;
}

/**
 * xtcp_cong_exit - undo xtcp_cong_init()
 */
void xtcp_cong_exit(void)
{
	xtcp_cubic_unregister();
	xtcp_unregister_congestion_control(&xtcp_reno);
}
