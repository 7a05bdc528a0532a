// SPDX-License-Identifier: GPL-2.0
/*
 * xinet: TEMPORARY weak stand-ins for the TCP contract functions of
 * include/net/xinet/xtcp.h and friends, so that wip-conn and wip-data each
 * link while the other half is missing.  A real (strong) definition in
 * its owning file replaces the stand-in at link time.  This file goes
 * when both halves have landed.
 */

#include <linux/errno.h>
#include <net/xinet/xtcp.h>
#include <net/xinet/xinet_hashtables.h>

struct xinet_hashinfo xtcp_hashinfo __weak;

__weak int xinet_hashinfo_init(struct xinet_hashinfo *h)
{
	return 0;
}

__weak void xinet_hashinfo_free(struct xinet_hashinfo *h)
{
}

__weak u32 xinet_ehashfn(const struct net *net, __be32 laddr, u16 lport,
		  __be32 faddr, __be16 fport)
{
	return 0;
}

__weak void xinet_bind_bucket_destroy(struct xinet_hashinfo *h,
			       struct xinet_bind_bucket *tb)
{
}

__weak void xinet_bind_hash(struct sock *sk, struct xinet_bind_bucket *tb,
		     unsigned short snum)
{
}

__weak void xinet_put_port(struct sock *sk)
{
}

__weak int __xinet_inherit_port(const struct sock *sk, struct sock *child)
{
	return -EOPNOTSUPP;
}

__weak int xinet_hash(struct sock *sk)
{
	return -EOPNOTSUPP;
}

__weak void xinet_unhash(struct sock *sk)
{
}

__weak bool xinet_ehash_insert(struct sock *sk, struct sock *osk,
			bool *found_dup_sk)
{
	return false;
}

__weak bool xinet_ehash_nolisten(struct sock *sk, struct sock *osk,
			  bool *found_dup_sk)
{
	return false;
}

__weak struct sock *__xinet_lookup_established(const struct net *net,
					struct xinet_hashinfo *h,
					__be32 saddr, __be16 sport,
					__be32 daddr, u16 hnum, int dif)
{
	return NULL;
}

__weak struct sock *__xinet_lookup_listener(const struct net *net,
				     struct xinet_hashinfo *h,
				     struct sk_buff *skb,
				     __be32 saddr, __be16 sport,
				     __be32 daddr, u16 hnum, int dif)
{
	return NULL;
}

__weak struct sock *__xinet_lookup_skb(struct xinet_hashinfo *h,
				struct sk_buff *skb, __be16 sport,
				__be16 dport, bool *refcounted)
{
	return NULL;
}

__weak int xinet_hash_connect(struct sock *sk)
{
	return -EOPNOTSUPP;
}

__weak int xreqsk_init(void)
{
	return 0;
}

__weak void xreqsk_exit(void)
{
}

__weak struct xrequest_sock *xreqsk_alloc(struct sock *sk_listener,
				   bool attach_listener)
{
	return NULL;
}

__weak void __xreqsk_free(struct xrequest_sock *req)
{
}

__weak void xreqsk_free(struct xrequest_sock *req)
{
}

__weak void xreqsk_put(struct xrequest_sock *req)
{
}

__weak void xreqsk_queue_alloc(struct xrequest_sock_queue *queue)
{
}

__weak struct xrequest_sock *xreqsk_queue_remove(struct xrequest_sock_queue *queue,
					  struct sock *parent)
{
	return NULL;
}

__weak int xinet_twsk_init(void)
{
	return 0;
}

__weak void xinet_twsk_exit(void)
{
}

__weak void xinet_twsk_hashdance_schedule(struct xinet_timewait_sock *tw,
				   struct sock *sk,
				   struct xinet_hashinfo *hashinfo,
				   int timeo)
{
}

__weak void xinet_twsk_deschedule_put(struct xinet_timewait_sock *tw)
{
}

__weak void xinet_twsk_put(struct xinet_timewait_sock *tw)
{
}

__weak void xinet_twsk_purge(struct net *net)
{
}

__weak int xinet_csk_get_port(struct sock *sk, unsigned short snum)
{
	return -EOPNOTSUPP;
}

__weak int xinet_csk_listen_start(struct sock *sk)
{
	return -EOPNOTSUPP;
}

__weak void xinet_csk_listen_stop(struct sock *sk)
{
}

__weak struct sock *xinet_csk_accept(struct sock *sk, struct proto_accept_arg *arg)
{
	return NULL;
}

__weak struct sock *xinet_csk_clone_lock(const struct sock *sk,
				  const struct xrequest_sock *req,
				  const gfp_t priority)
{
	return NULL;
}

__weak bool xinet_csk_reqsk_queue_hash_add(struct sock *sk,
				    struct xrequest_sock *req)
{
	return false;
}

__weak struct sock *xinet_csk_reqsk_queue_add(struct sock *sk,
				       struct xrequest_sock *req,
				       struct sock *child)
{
	return NULL;
}

__weak bool xinet_csk_reqsk_queue_drop(struct sock *sk, struct xrequest_sock *req)
{
	return false;
}

__weak void xinet_csk_reqsk_queue_drop_and_put(struct sock *sk,
					struct xrequest_sock *req)
{
}

__weak struct sock *xinet_csk_complete_hashdance(struct sock *sk, struct sock *child,
					  struct xrequest_sock *req,
					  bool own_req)
{
	return NULL;
}

__weak void xinet_csk_destroy_sock(struct sock *sk)
{
}

__weak void xinet_csk_prepare_forced_close(struct sock *sk)
{
}

__weak void xinet_csk_init_xmit_timers(struct sock *sk,
				void (*retransmit_handler)(struct timer_list *),
				void (*delack_handler)(struct timer_list *),
				void (*keepalive_handler)(struct timer_list *))
{
}

__weak void xinet_csk_clear_xmit_timers(struct sock *sk)
{
}

__weak void xinet_csk_reset_keepalive_timer(struct sock *sk, unsigned long len)
{
}

__weak void xinet_csk_delete_keepalive_timer(struct sock *sk)
{
}

__weak void xtcp_set_state(struct sock *sk, int state)
{
}

__weak void xtcp_done(struct sock *sk)
{
}

__weak void __xtcp_close(struct sock *sk, long timeout)
{
}

__weak void xtcp_shutdown(struct sock *sk, int how)
{
}

__weak int xtcp_disconnect(struct sock *sk, int flags)
{
	return -EOPNOTSUPP;
}

__weak int xtcp_sendmsg(struct sock *sk, struct msghdr *msg, size_t size)
{
	return -EOPNOTSUPP;
}

__weak int xtcp_recvmsg(struct sock *sk, struct msghdr *msg, size_t len,
		 int flags, int *addr_len)
{
	return -EOPNOTSUPP;
}

__weak int xtcp_setsockopt(struct sock *sk, int level, int optname,
		    sockptr_t optval, unsigned int optlen)
{
	return -EOPNOTSUPP;
}

__weak int xtcp_getsockopt(struct sock *sk, int level, int optname,
		    char __user *optval, int __user *optlen)
{
	return -EOPNOTSUPP;
}

__weak void xtcp_set_keepalive(struct sock *sk, int val)
{
}

__weak void xtcp_release_cb(struct sock *sk)
{
}

__weak void xtcp_write_queue_purge(struct sock *sk)
{
}

__weak bool xtcp_close_state(struct sock *sk)
{
	return false;
}

__weak int xtcp_fin_time(const struct sock *sk)
{
	return -EOPNOTSUPP;
}

__weak void xtcp_parse_options(const struct net *net, const struct sk_buff *skb,
			struct xtcp_options_received *opt_rx, int estab)
{
}

__weak void xtcp_rcv_established(struct sock *sk, struct sk_buff *skb)
{
}

__weak int xtcp_rcv_state_process(struct sock *sk, struct sk_buff *skb)
{
	return -EOPNOTSUPP;
}

__weak void xtcp_fin(struct sock *sk)
{
}

__weak void xtcp_init_transfer(struct sock *sk)
{
}

__weak void xtcp_reset(struct sock *sk, struct sk_buff *skb)
{
}

__weak void xtcp_send_challenge_ack(struct sock *sk)
{
}

__weak void xtcp_init_openreq_child(struct sock *newsk,
			     const struct xrequest_sock *req,
			     const struct sk_buff *skb)
{
}

__weak int xtcp_connect(struct sock *sk)
{
	return -EOPNOTSUPP;
}

__weak void xtcp_select_initial_window(const struct sock *sk, int space, u32 mss,
				u32 *rcv_wnd, u32 *window_clamp,
				int wscale_ok, u8 *rcv_wscale)
{
}

__weak int xtcp_send_synack(const struct sock *sk, struct xrequest_sock *req)
{
	return -EOPNOTSUPP;
}

__weak void xtcp_send_ack(struct sock *sk)
{
}

__weak void xtcp_send_delayed_ack(struct sock *sk)
{
}

__weak void xtcp_send_fin(struct sock *sk)
{
}

__weak void xtcp_send_active_reset(struct sock *sk, gfp_t priority)
{
}

__weak void xtcp_push(struct sock *sk, int flags, int mss_now, int nonagle)
{
}

__weak void __xtcp_push_pending_frames(struct sock *sk, unsigned int cur_mss,
				int nonagle)
{
}

__weak int xtcp_write_wakeup(struct sock *sk)
{
	return -EOPNOTSUPP;
}

__weak void xtcp_send_probe0(struct sock *sk)
{
}

__weak int xtcp_retransmit_skb(struct sock *sk, struct sk_buff *skb)
{
	return -EOPNOTSUPP;
}

__weak unsigned int xtcp_current_mss(struct sock *sk)
{
	return 0;
}

__weak unsigned int xtcp_sync_mss(struct sock *sk, u32 pmtu)
{
	return 0;
}

__weak u16 xtcp_mss_clamp_for_mtu(unsigned int mtu)
{
	return 0;
}

__weak u32 __xtcp_select_window(struct sock *sk)
{
	return 0;
}

__weak int xtcp_route(struct sock *sk, struct xrtable *rt)
{
	return -EOPNOTSUPP;
}

__weak void xtcp_init_xmit_timers(struct sock *sk)
{
}

__weak void xtcp_clear_xmit_timers(struct sock *sk)
{
}

__weak void xtcp_set_keepalive_timer(struct sock *sk)
{
}

__weak void xtcp_delack_timer_handler(struct sock *sk)
{
}

__weak void xtcp_write_timer_handler(struct sock *sk)
{
}

__weak int xtcp_register_congestion_control(struct xtcp_congestion_ops *ca)
{
	return 0;
}

__weak void xtcp_unregister_congestion_control(struct xtcp_congestion_ops *ca)
{
}

__weak void xtcp_init_congestion_control(struct sock *sk)
{
}

__weak void xtcp_cleanup_congestion_control(struct sock *sk)
{
}

__weak void xtcp_set_ca_state(struct sock *sk, const u8 ca_state)
{
}

__weak u32 xtcp_reno_ssthresh(struct sock *sk)
{
	return 0;
}

__weak void xtcp_reno_cong_avoid(struct sock *sk, u32 ack, u32 acked)
{
}

__weak u32 xtcp_reno_undo_cwnd(struct sock *sk)
{
	return 0;
}

__weak u32 xtcp_slow_start(struct xtcp_sock *tp, u32 acked)
{
	return 0;
}

__weak void xtcp_cong_avoid_ai(struct xtcp_sock *tp, u32 w, u32 acked)
{
}

__weak int xtcp_v4_init(void)
{
	return 0;
}

__weak void xtcp_v4_exit(void)
{
}

__weak int xtcp_v4_rcv(struct sk_buff *skb)
{
	return -EOPNOTSUPP;
}

__weak int xtcp_v4_do_rcv(struct sock *sk, struct sk_buff *skb)
{
	return -EOPNOTSUPP;
}

__weak int xtcp_v4_connect(struct sock *sk, struct sockaddr *uaddr, int addr_len)
{
	return -EOPNOTSUPP;
}

__weak int xtcp_v4_conn_request(struct sock *sk, struct sk_buff *skb)
{
	return -EOPNOTSUPP;
}

__weak struct sock *xtcp_v4_syn_recv_sock(const struct sock *sk, struct sk_buff *skb,
				   struct xrequest_sock *req,
				   bool *own_req)
{
	return NULL;
}

__weak void xtcp_v4_send_reset(const struct sock *sk, struct sk_buff *skb)
{
}

__weak void xtcp_v4_send_ack(const struct sock *sk, struct sk_buff *skb,
		      u32 seq, u32 ack, u32 win)
{
}

__weak void xtcp_v4_destroy_sock(struct sock *sk)
{
}

__weak u32 xtcp_v4_init_seq(const struct sk_buff *skb)
{
	return 0;
}

__weak u32 xsecure_tcp_seq(__be32 saddr, __be32 daddr, __be16 sport, __be16 dport)
{
	return 0;
}

__weak u32 xsecure_tcp_port_offset(__be32 saddr, __be32 daddr, __be16 dport)
{
	return 0;
}

__weak struct sock *xtcp_check_req(struct sock *sk, struct sk_buff *skb,
			    struct xrequest_sock *req)
{
	return NULL;
}

__weak struct sock *xtcp_create_openreq_child(const struct sock *sk,
				       struct xrequest_sock *req,
				       struct sk_buff *skb)
{
	return NULL;
}

__weak int xtcp_child_process(struct sock *parent, struct sock *child,
		       struct sk_buff *skb)
{
	return -EOPNOTSUPP;
}

__weak void xtcp_time_wait(struct sock *sk, int state, int timeo)
{
}

__weak enum xtcp_tw_status xtcp_timewait_state_process(struct xinet_timewait_sock *tw,
						struct sk_buff *skb,
						const struct tcphdr *th)
{
	return 0;
}

__weak u32 xcookie_v4_init_sequence(const struct sk_buff *skb, u16 *mssp)
{
	return 0;
}

__weak struct sock *xcookie_v4_check(struct sock *sk, struct sk_buff *skb)
{
	return NULL;
}

__weak struct xinet_bind_bucket *
xinet_bind_bucket_create(struct xinet_hashinfo *h, struct net *net,
			 struct xinet_bind_hashbucket *head,
			 unsigned short snum)
{
	return NULL;
}

__weak struct xinet_timewait_sock *xinet_twsk_alloc(const struct sock *sk,
						    const int state)
{
	return NULL;
}
