#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# tcp_md5_interop_test: TCP-MD5 signatures (RFC 2385) between AF_XINET
# and Linux's own TCP across an xnet pair, both ways.
#
#   ns "X" (xinet)  xa 10.1.0.1/24  <== xnet pair ==>  xb 10.1.0.2/24  ns "L" (Linux)
#
# With the same key on both ends, 256 KiB cross intact each way: every
# segment of both stacks is signed, and each verifies the other's.  With
# different keys the receiver drops the SYN (TCPMD5Failure) and the
# connect times out.
# XINET_TCP_ORACLE=1 runs the xinet side on Linux's own stack (veth,
# AF_INET, /proc/net): a check of the test itself.  make check runs it in
# the stock kernel's boot: it is mostly program starts, and tcp_md5_test
# takes xinet's signing and checking through the sanitizers.
# TAP output; needs root, xinet loaded, tools/ and selftests/ built.

set -u
repo=${XINET_REPO:-$(cd "$(dirname "$0")/../.." && pwd)}
xinet=$repo/tools/xinet/xinet
peer=$repo/selftests/xinet/out/helpers/md5-peer
tmp=$(mktemp -d)
X=xm-x-$$ L=xm-l-$$
XA=10.1.0.1 LA=10.1.0.2
KEY="bgp peering key"
BYTES=262144
n=0 failed=0
. "$(dirname "$0")/lib.sh"
stock_boot_only
trap 'cleanup_netns "$X" "$L"' EXIT

# server NS FAMILY ADDR PORT PEER KEY: a one-connection listener, its
# output in $tmp/srv.PORT; waits for "ready".
server() {
	timeout "${T:-30}" ip netns exec "$1" "$peer" listen "$2" "$3" "$4" "$5" "$6" \
		>"$tmp/srv.$4" 2>&1 &
	wait_output "$tmp/srv.$4" ready
}

# same_sum PORT: the client's "sent=N sum=S" matches the server's "got=N sum=S".
same_sum() {
	local s c
	s=$(sed -n 's/^got=\([0-9]*\) sum=\([0-9a-f]*\)$/\1 \2/p' "$tmp/srv.$1")
	c=$(sed -n 's/^sent=\([0-9]*\) sum=\([0-9a-f]*\) reply=ok$/\1 \2/p' "$tmp/cli.$1")
	[ -n "$s" ] && [ "$s" = "$c" ] && [ "${s%% *}" = "$BYTES" ]
}

# xext NAME, lext NAME: a TcpExt counter of xinet's namespace, of Linux's.
xext() { mib "$X" netstat TcpExt "$1"; }
lext() { xproc=/proc/net mib "$L" netstat TcpExt "$1"; }

echo "TAP version 13"

linux_pair_netns

# --- matching keys, both ways
server "$X" "$xfam" $XA 5201 $LA "$KEY"; spid=$!
inL "$peer" connect inet $XA 5201 "$KEY" $BYTES 3000 >"$tmp/cli.5201" 2>&1
wait "$spid"
expect "Linux client -> xinet listener, one key: 256 KiB signed, intact, answered" "cli.5201 srv.5201" \
	same_sum 5201

server "$L" inet $LA 5202 $XA "$KEY"; spid=$!
inX "$peer" connect "$xfam" $LA 5202 "$KEY" $BYTES 3000 >"$tmp/cli.5202" 2>&1
wait "$spid"
expect "xinet client -> Linux listener, one key: 256 KiB signed, intact, answered" "cli.5202 srv.5202" \
	same_sum 5202

# --- a wrong key: the SYN is dropped by the listener's stack
f0=$(lext TCPMD5Failure)
server "$L" inet $LA 5203 $XA "$KEY"; spid=$!
inX "$peer" connect "$xfam" $LA 5203 "not the key" 1 1500 >"$tmp/cli.5203" 2>&1
kill "$spid" 2>/dev/null; wait "$spid" 2>/dev/null
expect "xinet client, wrong key -> Linux listener: the connect times out" cli.5203 \
	grep -qx "connect=ETIMEDOUT" "$tmp/cli.5203"
expect "Linux counts TCPMD5Failure for xinet's SYNs" "" \
	test "$(delta "$f0" "$(lext TCPMD5Failure)")" -ge 1

f0=$(xext TCPMD5Failure)
server "$X" "$xfam" $XA 5204 $LA "$KEY"; spid=$!
inL "$peer" connect inet $XA 5204 "not the key" 1 1500 >"$tmp/cli.5204" 2>&1
kill "$spid" 2>/dev/null; wait "$spid" 2>/dev/null
expect "Linux client, wrong key -> xinet listener: the connect times out" cli.5204 \
	grep -qx "connect=ETIMEDOUT" "$tmp/cli.5204"
expect "xinet counts TCPMD5Failure for Linux's SYNs" "" \
	test "$(delta "$f0" "$(xext TCPMD5Failure)")" -ge 1

echo "1..$n"
[ "$failed" = 0 ]
