#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# tcp_tx_delay_test: TCP_TX_DELAY (issue #14) between AF_XINET and
# Linux's own stack.
#
# An xnet pair, xinet in $X (xa) and Linux in $L (xb), fq on both ends:
# TCP_TX_DELAY only sets each segment's departure time, and an EDT qdisc
# (fq) holds the packet until then, on Linux as on xinet.  A 40 ms delay
# on one end adds 40 ms to the round trips both ends measure; Linux's
# own delay over the same pair is the oracle that the path honours it.
#   - no delay: the xinet client's RTT stays under 40 ms;
#   - xinet client with the delay: its data and its handshake ACK leave
#     40 ms late: its RTT and the Linux listener's are >= 40 ms;
#   - xinet listener with the delay (the accepted socket inherits it,
#     the SYN-ACK carries it): the Linux client's RTT is >= 40 ms;
#   - Linux client with the delay, xinet listener: the same, the check
#     of the path itself.
# Data arrives intact each time.  The option's get/set answers are in
# tcp_sockopt_test's option table.
#
# Runs in make check's stock boot (the debug kernel has no fq).  TAP;
# needs root, xinet loaded, tools/ and selftests/ built, sch_fq.

set -u
repo=${XINET_REPO:-$(cd "$(dirname "$0")/../.." && pwd)}
xinet=$repo/tools/xinet/xinet
peer=$repo/selftests/xinet/out/helpers/tcp-peer
tmp=$(mktemp -d)
X=xd-x-$$ L=xd-l-$$
XA=10.11.0.1 LA=10.11.0.2
bytes=$((64 << 10)) delay=40000
port=5300
n=0 failed=0
. "$(dirname "$0")/lib.sh"
stock_boot_only
trap 'cleanup_netns "$X" "$L"' EXIT

# rtt SIDE: tcpi_rtt (us) of the last transfer's SIDE (cli or srv).
rtt() { field "$tmp/$1.$port" rtt; }

# yes_and_intact FLAG: FLAG is 1 and the last transfer was intact.
yes_and_intact() { [ "$1" = 1 ] && intact; }

# delayed NAME SIDE...: a TAP check that each SIDE's RTT is >= the delay.
delayed() {
	local name=$1 side r all=1 got=""
	shift
	for side in "$@"; do
		r=$(rtt "$side")
		got="$got $side=${r:-none}"
		[ -n "$r" ] && [ "$r" -ge "$delay" ] || all=0
	done
	expect "$name: intact, RTT >= $((delay / 1000)) ms (us:$got)" \
		"cli.$port srv.$port" yes_and_intact "$all"
}

echo "TAP version 13"
linux_pair_netns
expect "fq on both ends of the pair" "" \
	sh -c "tc -n $X qdisc replace dev xa root fq &&
	       tc -n $L qdisc replace dev xb root fq"

xfer "$L" inet "$LA" "$X" xinet
r=$(rtt cli) short=0
[ -n "$r" ] && [ "$r" -lt "$delay" ] && short=1
expect "no delay: intact, the xinet client's RTT under $((delay / 1000)) ms (${r:-none} us)" \
	"cli.$port srv.$port" yes_and_intact "$short"

xfer "$L" inet "$LA" "$X" xinet "" "-D $delay"
delayed "xinet client with TCP_TX_DELAY: its RTT and the Linux listener's" cli srv

xfer "$X" xinet "$XA" "$L" inet "-D $delay"
delayed "xinet listener with TCP_TX_DELAY (SYN-ACK, inherited): the Linux client's RTT" cli

xfer "$X" xinet "$XA" "$L" inet "" "-D $delay"
delayed "Linux client with TCP_TX_DELAY (the path's check): its RTT" cli

echo "1..$n"
[ "$failed" = 0 ]
