#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# tcp_tsq_test: TCP Small Queues and autocorking (issue #12), xinet's
# sender against Linux's on the same path.
#
# An xnet pair, xinet in $X (xa) and Linux in $L (xb), fq with a maxrate
# of 8 Mbit/s on both ends: the qdisc holds what a sender hands it and
# lets it out at the link's pace, as a slow NIC would.
#   - bulk, 1 MiB each way: TSQ keeps each sender's data in the qdisc to
#     a few packets (sampled while it runs), so fq drops nothing and TCP
#     retransmits nothing; without TSQ the whole congestion window would
#     queue there, past fq's 100-packet flow limit;
#   - 2,000 writes of 100 bytes (TCP_NODELAY) each way: with data still
#     in the qdisc a short write waits for its TX completion
#     (TCPAutoCorking counts it) and the writes leave as far fewer
#     segments than writes; Linux's sender is the oracle.
# Data arrives intact each time.
#
# Runs in make check's stock boot (the debug kernel has no fq).  TAP;
# needs root, xinet loaded, tools/ and selftests/ built, sch_fq.

set -u
repo=${XINET_REPO:-$(cd "$(dirname "$0")/../.." && pwd)}
xinet=$repo/tools/xinet/xinet
peer=$repo/selftests/xinet/out/helpers/tcp-peer
tmp=$(mktemp -d)
X=xq-x-$$ L=xq-l-$$
XA=10.12.0.1 LA=10.12.0.2
port=5400
n=0 failed=0
. "$(dirname "$0")/lib.sh"
stock_boot_only
trap 'cleanup_netns "$X" "$L"' EXIT

# qdropped NS DEV, qbacklog NS DEV: the qdisc's drops, and the packets it
# holds now, from `tc -s qdisc` ("(dropped 0, ...)", "backlog 3028b 2p").
qdropped() { ip netns exec "$1" tc -s qdisc show dev "$2" | awk '{ for (i = 1; i < NF; i++) if ($i == "(dropped") { sub(",", "", $(i + 1)); print $(i + 1); exit } }'; }
qbacklog() { ip netns exec "$1" tc -s qdisc show dev "$2" | awk '$1 == "backlog" { sub("p", "", $3); print $3; exit }'; }

# bulk SNS SFAM SADDR CNS CFAM CDEV: xfer of $bytes while sampling the
# client's qdisc on CDEV; sets peak (packets) and drops.
bulk() {
	local d0 spid
	d0=$(qdropped "$4" "$6")
	echo 0 >"$tmp/peak"
	(
		top=0
		while :; do
			b=$(qbacklog "$4" "$6")
			if [ -n "$b" ] && [ "$b" -gt "$top" ]; then
				top=$b
				echo "$top" >"$tmp/peak"
			fi
			sleep 0.05
		done
	) &
	spid=$!
	xfer "$1" "$2" "$3" "$4" "$5"
	kill "$spid"
	wait "$spid" 2>/dev/null
	peak=$(cat "$tmp/peak")
	drops=$(delta "$d0" "$(qdropped "$4" "$6")")
}

# small_ok SENDER: the autocorking check's condition.
small_ok() {
	intact && [ "$corked" -gt 0 ] && [ "$segs" -lt $((writes / 2)) ]
}

# small SNS SFAM SADDR CNS CFAM CPROC: $writes writes of 100 bytes;
# sets corked (TcpExt TCPAutoCorking) and segs (Tcp OutSegs) of CNS,
# whose counters are under CPROC.
small() {
	local c0 s0
	c0=$(xproc=$6 mib "$4" netstat TcpExt TCPAutoCorking)
	s0=$(xproc=$6 mib "$4" Tcp OutSegs)
	bytes=$((writes * 100))
	xfer "$1" "$2" "$3" "$4" "$5" "" "-w 100"
	corked=$(delta "$c0" "$(xproc=$6 mib "$4" netstat TcpExt TCPAutoCorking)")
	segs=$(delta "$s0" "$(xproc=$6 mib "$4" Tcp OutSegs)")
}

bulk_ok() { intact && [ "$drops" = 0 ] && [ "$peak" -le 16 ] && [ "$(field "$tmp/cli.$port" retrans)" = 0 ]; }

echo "TAP version 13"
linux_pair_netns
expect "fq, maxrate 8 Mbit/s, on both ends of the pair" "" \
	sh -c "tc -n $X qdisc replace dev xa root fq maxrate 8mbit &&
	       tc -n $L qdisc replace dev xb root fq maxrate 8mbit"

bytes=$((1 << 20))
bulk "$L" inet "$LA" "$X" xinet xa
expect "TSQ, xinet sender: intact, at most 16 packets in fq (peak $peak), no drop ($drops), no retransmission" \
	"cli.$port srv.$port" bulk_ok
bulk "$X" xinet "$XA" "$L" inet xb
expect "TSQ, Linux sender (the oracle): intact, at most 16 packets in fq (peak $peak), no drop ($drops), no retransmission" \
	"cli.$port srv.$port" bulk_ok

writes=2000
small "$L" inet "$LA" "$X" xinet /proc/net/xinet
expect "autocorking, xinet sender: intact, $writes writes in $segs segments, $corked corked" \
	"cli.$port srv.$port" small_ok
small "$X" xinet "$XA" "$L" inet /proc/net
expect "autocorking, Linux sender (the oracle): intact, $writes writes in $segs segments, $corked corked" \
	"cli.$port srv.$port" small_ok

echo "1..$n"
[ "$failed" = 0 ]
