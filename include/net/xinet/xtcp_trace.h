/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xinet: TCP tracepoints (system "xinet_tcp"), after include/trace/events/tcp.h:
 * state changes, retransmissions and resets of AF_XINET connections.
 * CREATE_TRACE_POINTS is defined in net/xinet/xtcp.c.
 */
#undef TRACE_SYSTEM
#define TRACE_SYSTEM xinet_tcp

#if !defined(_XINET_XTCP_TRACE_H) || defined(TRACE_HEADER_MULTI_READ)
#define _XINET_XTCP_TRACE_H

#include <linux/tracepoint.h>
#include <net/sock.h>
#include <net/tcp_states.h>

/*
 * The addresses are __field_struct, not __field: __field's is_signed_type()
 * casts -1 to the type, which sparse rejects for a __bitwise __be32.  The
 * format file is the same (__be32 is unsigned: "signed:0" either way).
 */

TRACE_EVENT(xtcp_set_state,
	TP_PROTO(const struct sock *sk, const int oldstate, const int newstate),
	TP_ARGS(sk, oldstate, newstate),
	TP_STRUCT__entry(
		__field(const void *, skaddr)
		__field(int, oldstate)
		__field(int, newstate)
		__field(__u16, sport)
		__field(__u16, dport)
		__field_struct(__be32, saddr)
		__field_struct(__be32, daddr)
	),
	TP_fast_assign(
		__entry->skaddr = sk;
		__entry->oldstate = oldstate;
		__entry->newstate = newstate;
		__entry->sport = sk->sk_num;
		__entry->dport = ntohs(sk->sk_dport);
		__entry->saddr = sk->sk_rcv_saddr;
		__entry->daddr = sk->sk_daddr;
	),
	TP_printk("sk=%p %pI4:%u -> %pI4:%u %d -> %d", __entry->skaddr,
		  &__entry->saddr, __entry->sport, &__entry->daddr,
		  __entry->dport, __entry->oldstate, __entry->newstate)
);

DECLARE_EVENT_CLASS(xtcp_event_sk_skb,
	TP_PROTO(const struct sock *sk, const struct sk_buff *skb),
	TP_ARGS(sk, skb),
	TP_STRUCT__entry(
		__field(const void *, skaddr)
		__field(const void *, skbaddr)
		__field(int, state)
		__field(__u16, sport)
		__field(__u16, dport)
		__field_struct(__be32, saddr)
		__field_struct(__be32, daddr)
	),
	TP_fast_assign(
		__entry->skaddr = sk;
		__entry->skbaddr = skb;
		__entry->state = sk ? sk->sk_state : TCP_CLOSE;
		__entry->sport = sk ? sk->sk_num : 0;
		__entry->dport = sk ? ntohs(sk->sk_dport) : 0;
		__entry->saddr = sk ? sk->sk_rcv_saddr : 0;
		__entry->daddr = sk ? sk->sk_daddr : 0;
	),
	TP_printk("sk=%p skb=%p %pI4:%u -> %pI4:%u state=%d",
		  __entry->skaddr, __entry->skbaddr, &__entry->saddr,
		  __entry->sport, &__entry->daddr, __entry->dport,
		  __entry->state)
);

DEFINE_EVENT(xtcp_event_sk_skb, xtcp_retransmit_skb,
	TP_PROTO(const struct sock *sk, const struct sk_buff *skb),
	TP_ARGS(sk, skb)
);

DEFINE_EVENT(xtcp_event_sk_skb, xtcp_send_reset,
	TP_PROTO(const struct sock *sk, const struct sk_buff *skb),
	TP_ARGS(sk, skb)
);

DEFINE_EVENT(xtcp_event_sk_skb, xtcp_receive_reset,
	TP_PROTO(const struct sock *sk, const struct sk_buff *skb),
	TP_ARGS(sk, skb)
);

#endif /* _XINET_XTCP_TRACE_H */

/* Out-of-tree: the path is relative to an -I directory of the build. */
#undef TRACE_INCLUDE_PATH
#define TRACE_INCLUDE_PATH net/xinet
#undef TRACE_INCLUDE_FILE
#define TRACE_INCLUDE_FILE xtcp_trace
#include <trace/define_trace.h>
