#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# tcp_ecn_interop_test: ECN (RFC 3168) between AF_XINET and Linux's own
# TCP across an xnet pair, both ways.
#
#   ns "X" (xinet)  xa 10.9.0.1/24  <== xnet pair ==>  xb 10.9.0.2/24  ns "L" (Linux)
#
# The client's namespace has tcp_ecn 1 (ask), the listener's 2 (Linux's
# default: accept when asked).  Each connection sends 128 KiB while the
# sender's end of the pair marks 10 % of what it carries CE (xnet's `ce`
# fault, the way an AQM router marks ECT packets instead of dropping
# them): both ends report ECN agreed (TCPI_OPT_ECN), the receiver saw
# ECT or CE (TCPI_OPT_ECN_SEEN), the sender counts TcpExt TCPDeliveredCE
# (the receiver echoed ECE), cut its window (ssthresh set) and
# retransmitted nothing, and the data arrives intact.  A listener with
# tcp_ecn 0 and a client with tcp_ecn 2 leave ECN off.
# XINET_TCP_ORACLE=1 runs the xinet side on Linux's own stack (veth,
# AF_INET, /proc/net, netem marking CE): a check of the test itself.
# TAP output; needs root, xinet loaded, tools/ and selftests/ built.

set -u
repo=${XINET_REPO:-$(cd "$(dirname "$0")/../.." && pwd)}
xinet=$repo/tools/xinet/xinet
peer=$repo/selftests/xinet/out/helpers/tcp-peer
tmp=$(mktemp -d)
X=xe-x-$$ L=xe-l-$$
XA=10.9.0.1 LA=10.9.0.2
bytes=$((128 << 10))
port=5200
n=0 failed=0
. "$(dirname "$0")/lib.sh"
trap 'cleanup_netns "$X" "$L"' EXIT

# mark NS DEV PCT: DEV marks PCT % of the ECT packets it sends CE (0: off).
mark() {
	if [ "$xfam" = xinet ]; then
		ip netns exec "$1" "$xinet" fault set dev "$2" seed 7 ce "$3"
	elif [ "$3" = 0 ]; then
		tc -n "$1" qdisc del dev "$2" root 2>/dev/null
		true
	else
		tc -n "$1" qdisc replace dev "$2" root netem loss "$3%" ecn
	fi
}

# ext NS NAME: a TcpExt counter, xinet's in $X, Linux's in $L.
ext() {
	if [ "$1" = "$X" ]; then
		mib "$X" netstat TcpExt "$2"
	else
		# shellcheck disable=SC2016 # awk's fields, not the shell's
		ip netns exec "$1" awk -v f="$2" '$1 == "TcpExt:" && !h {
			for (i = 2; i <= NF; i++) c[$i] = i; h = 1; next }
			$1 == "TcpExt:" && h { print $c[f]; exit }' /proc/net/netstat
	fi
}

# info SIDE WORD: a TCP_INFO value of the last transfer (SIDE cli or srv).
info() { field "$tmp/$1.$port" "$2"; }

echo "TAP version 13"

linux_pair_netns

expect "net.xinet.tcp_ecn defaults to 2, tcp_ecn_fallback to 1" "" \
	test "$(inX cat "$xsys/tcp_ecn") $(inX cat "$xsys/tcp_ecn_fallback")" = "2 1"
expect "tcp_ecn takes 0..2, tcp_ecn_fallback 0..1 (EINVAL past them)" "" \
	sh -c "! ip netns exec $X sh -c 'echo 3 > $xsys/tcp_ecn' 2>/dev/null &&
	       ! ip netns exec $X sh -c 'echo 2 > $xsys/tcp_ecn_fallback' 2>/dev/null &&
	       test \"\$(ip netns exec $X cat $xsys/tcp_ecn)\" = 2"

# marked NAME SENDER RECEIVER CNS CDEV SNS SFAM SADDR CFAM: the client in
# CNS (tcp_ecn 1) sends through its device CDEV, which marks 10 % CE, to
# the listener at SADDR in SNS (tcp_ecn 2); the sender (the client's
# stack, named SENDER) counts TCPDeliveredCE, cuts its window and
# retransmits nothing; the receiver (RECEIVER) saw ECT or CE.
marked() {
	local name=$1 sender=$2 receiver=$3 cns=$4 cdev=$5 sns=$6 sfam=$7 saddr=$8 cfam=$9
	local d0 d1
	mark "$cns" "$cdev" 10
	d0=$(ext "$cns" TCPDeliveredCE)
	xfer "$sns" "$sfam" "$saddr" "$cns" "$cfam"
	d1=$(ext "$cns" TCPDeliveredCE)
	mark "$cns" "$cdev" 0
	expect "$name: 128 KiB intact" "cli.$port srv.$port" intact
	expect "$name: ECN agreed at both ends" "cli.$port srv.$port" \
		test "$(info cli ecn) $(info srv ecn)" = "1 1"
	expect "$name: $receiver saw ECT/CE (TCPI_OPT_ECN_SEEN)" "srv.$port" \
		test "$(info srv ecn_seen)" = 1
	expect "$sender counts TCPDeliveredCE for $receiver's echoes (+$(delta "$d0" "$d1"))" "" \
		test "$(delta "$d0" "$d1")" -gt 0
	expect "$sender cut its window for CE (ssthresh $(info cli ssthresh)), retransmitted nothing" "cli.$port" \
		test "$(info cli ssthresh)" -lt 1000000 -a "$(info cli retrans)" = 0
}

inX sh -c "echo 1 > $xsys/tcp_ecn"
marked "xinet client -> Linux listener" xinet Linux "$X" xa "$L" inet $LA "$xfam"
inX sh -c "echo 2 > $xsys/tcp_ecn"
inL sysctl -qw net.ipv4.tcp_ecn=1
marked "Linux client -> xinet listener" Linux xinet "$L" xb "$X" "$xfam" $XA inet

# --- ECN off: a listener with tcp_ecn 0, a client with tcp_ecn 2
inX sh -c "echo 0 > $xsys/tcp_ecn"
xfer "$X" "$xfam" $XA "$L" inet
expect "xinet listener with tcp_ecn 0 refuses Linux's ECN request" "cli.$port srv.$port" \
	sh -c "test '$(info cli ecn) $(info srv ecn)' = '0 0'"
inX sh -c "echo 2 > $xsys/tcp_ecn"
xfer "$L" inet $LA "$X" "$xfam"
expect "xinet client with tcp_ecn 2 does not ask" "cli.$port srv.$port" \
	sh -c "test '$(info cli ecn) $(info srv ecn)' = '0 0'"

echo "1..$n"
[ "$failed" = 0 ]
