#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# tcp_fastopen_interop_test: TCP Fast Open (RFC 7413) between AF_XINET
# and Linux's own TCP across an xnet pair, both ways.
#
#   ns "X" (xinet)  xa 10.1.0.1/24  <== xnet pair ==>  xb 10.1.0.2/24  ns "L" (Linux)
#
# With tcp_fastopen 3 on both sides, a client's first MSG_FASTOPEN asks
# the other stack's listener for a cookie, its second carries its data
# in the SYN: the listener's child reads it with TCPI_OPT_SYN_DATA, the
# client sees TCPI_OPT_SYN_DATA and no tcpi_fastopen_client_fail, and
# xinet's TcpExt counts TCPFastOpenCookieReqd and TCPFastOpenPassive (as
# the server) or TCPFastOpenActive (as the client).
# XINET_TCP_ORACLE=1 runs the xinet side on Linux's own stack (veth,
# AF_INET, /proc/net): a check of the test itself.
# TAP output; needs root, xinet loaded, tools/ and selftests/ built.

set -u
repo=${XINET_REPO:-$(cd "$(dirname "$0")/../.." && pwd)}
xinet=$repo/tools/xinet/xinet
peer=$repo/selftests/xinet/out/helpers/tfo-peer
tmp=$(mktemp -d)
X=xf-x-$$ L=xf-l-$$
XA=10.1.0.1 LA=10.1.0.2
n=0 failed=0
. "$(dirname "$0")/lib.sh"
trap 'cleanup_netns "$X" "$L"' EXIT

# server NS FAMILY ADDR PORT: a two-connection Fast Open listener, its
# output in $tmp/srv.PORT; waits for "ready".
server() {
	timeout "${T:-30}" ip netns exec "$1" "$peer" listen "$2" "$3" "$4" 2 \
		>"$tmp/srv.$4" 2>&1 &
	wait_output "$tmp/srv.$4" ready
}

# xext NAME: a TcpExt counter of xinet's namespace, or NA.
xext() { mib "$X" netstat TcpExt "$1"; }

echo "TAP version 13"

linux_pair_netns
inX sh -c "echo 3 > $xsys/tcp_fastopen"
# The namespace goes at the end only once its TIME_WAIT socks have.
[ "$xfam" = xinet ] && inX sh -c "echo 1 > $xsys/tcp_tw_timeout"
inL sysctl -qw net.ipv4.tcp_fastopen=3
expect "net.xinet.tcp_fastopen takes 3" "" \
	test "$(inX cat "$xsys/tcp_fastopen")" = 3

# --- Linux client -> xinet listener
r0=$(xext TCPFastOpenCookieReqd) p0=$(xext TCPFastOpenPassive)
server "$X" "$xfam" $XA 5101; spid=$!
inL "$peer" connect inet $XA 5101 first >"$tmp/cli1" 2>&1
inL "$peer" connect inet $XA 5101 second >"$tmp/cli2" 2>&1
wait "$spid"
expect "Linux client -> xinet listener: the cookie request's data arrives after the handshake" "srv.5101 cli1" \
	grep -q "conn 0 data=first syn_data=0" "$tmp/srv.5101"
expect "Linux client -> xinet listener: the second SYN's data is acknowledged in the SYN-ACK" cli2 \
	grep -q "sent=6 reply=ok syn_data=1 fail=0" "$tmp/cli2"
expect "Linux client -> xinet listener: the child has the SYN's data" srv.5101 \
	grep -q "conn 1 data=second syn_data=1" "$tmp/srv.5101"
expect "xinet counts TCPFastOpenCookieReqd 1, TCPFastOpenPassive 1" "" \
	test "$(delta "$r0" "$(xext TCPFastOpenCookieReqd)") $(delta "$p0" "$(xext TCPFastOpenPassive)")" = "1 1"

# --- xinet client -> Linux listener
a0=$(xext TCPFastOpenActive) f0=$(xext TCPFastOpenActiveFail)
server "$L" inet $LA 5102; spid=$!
inX "$peer" connect "$xfam" $LA 5102 first >"$tmp/cli3" 2>&1
inX "$peer" connect "$xfam" $LA 5102 second >"$tmp/cli4" 2>&1
wait "$spid"
expect "xinet client -> Linux listener: the first SYN asks for a cookie (TFO_COOKIE_UNAVAILABLE, no SYN data)" "cli3 srv.5102" \
	grep -q "sent=5 reply=ok syn_data=0 fail=1" "$tmp/cli3"
expect "xinet client -> Linux listener: the second SYN's data is acknowledged in the SYN-ACK" cli4 \
	grep -q "sent=6 reply=ok syn_data=1 fail=0" "$tmp/cli4"
expect "xinet client -> Linux listener: Linux's child has the SYN's data" srv.5102 \
	grep -q "conn 1 data=second syn_data=1" "$tmp/srv.5102"
expect "xinet counts TCPFastOpenActive 1, TCPFastOpenActiveFail 0" "" \
	test "$(delta "$a0" "$(xext TCPFastOpenActive)") $(delta "$f0" "$(xext TCPFastOpenActiveFail)")" = "1 0"

echo "1..$n"
[ "$failed" = 0 ]
