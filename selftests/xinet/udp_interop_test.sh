#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# udp_interop_test: AF_XINET against Linux's own stack across an xnet pair.
#
#   ns "X" (xinet)  xa 10.1.0.1/24  <== xnet pair ==>  xb 10.1.0.2/24  ns "L" (Linux)
#
# Datagrams both ways, ping from Linux answered, ECONNREFUSED in both
# directions, a capture on the pair that decodes as valid IPv4/UDP/ICMP,
# UDP_SEGMENT sends cut by the receiver for a plain socket and read whole
# by a UDP_GRO one (both ways), the same port in two namespaces, and a
# namespace deleted with sockets and addresses in it.  The packet fuzzer
# runs in fuzz_test.sh.
#
# TAP output; needs root, xinet loaded, tools/ and selftests/ built.

set -u
repo=${XINET_REPO:-$(cd "$(dirname "$0")/../.." && pwd)}
xinet=$repo/tools/xinet/xinet
peer=$repo/selftests/xinet/out/helpers/udp-peer
tmp=$(mktemp -d)
X=xi-x-$$ L=xi-l-$$ C=xi-c-$$
n=0 failed=0

. "$(dirname "$0")/lib.sh"
check() { local name=$1; shift; if "$@" >"$tmp/out" 2>&1; then ok "$name"; else not_ok "$name" "$(tail -5 "$tmp/out")"; fi; }
trap 'cleanup_netns "$X" "$L" "$C"' EXIT

# Starts an echo server in the background and waits until it is bound.
start_echo() {	# ns family addr port [count]
	local ns=$1; shift
	timeout 300 ip netns exec "$ns" "$peer" echo "$@" >"$tmp/echo.$3" 2>&1 &
	wait_output "$tmp/echo.$3" ready 50 && return 0
	cat "$tmp/echo.$3"
	return 1
}

echo "TAP version 13"
echo "1..13"

if ! ip netns add "$X" || ! ip netns add "$L"; then
	echo "Bail out! cannot create namespaces"
	exit 1
fi
inX ip link set lo up
inL ip link set lo up
check "xnet pair across namespaces" \
	inX "$xinet" link add xa peer xb netns "$L"
inX ip link set xa up
inL ip link set xb up
inX "$xinet" addr add 10.1.0.1/24 dev xa
inL ip addr add 10.1.0.2/24 dev xb

# Checksum offload off on both ends while the capture runs, so that it
# shows the sums each stack computes (with it on they are left undone).
for d in "$X xa" "$L xb"; do
	# shellcheck disable=SC2086 # "NS DEV"
	tx_csum $d off || echo "# checksum offload stays on on ${d#* }"
done
inL tcpdump -i xb -n -U -s 0 -w "$tmp/pair.pcap" >/dev/null 2>"$tmp/tcpdump.err" &
tcpdump_pid=$!
# Capture only once tcpdump says it listens: a fixed sleep loses packets
# on a loaded machine.
wait_output "$tmp/tcpdump.err" "listening on"

check "ping from Linux answered by xinet" \
	inL ping -c 3 -W 2 -i 0.3 10.1.0.1

start_echo "$X" xinet 10.1.0.1 5555 || true
out=$(inL "$peer" send inet 10.1.0.1 5555 linux-to-xinet)
if [ "$out" = linux-to-xinet ]; then
	ok "UDP Linux client -> xinet server"
else
	not_ok "UDP Linux client -> xinet server" "got: $out"
fi

start_echo "$L" inet 10.1.0.2 5556 || true
out=$(inX "$peer" send xinet 10.1.0.2 5556 xinet-to-linux)
if [ "$out" = xinet-to-linux ]; then
	ok "UDP xinet client -> Linux server"
else
	not_ok "UDP xinet client -> Linux server" "got: $out"
fi

out=$(inX "$peer" send xinet 10.1.0.2 7999 nobody-home)
if [ "$out" = "recv: ECONNREFUSED" ]; then
	ok "xinet client gets ECONNREFUSED from Linux's port unreachable"
else
	not_ok "xinet client gets ECONNREFUSED from Linux's port unreachable" "got: $out"
fi

out=$(inL "$peer" send inet 10.1.0.1 7999 nobody-home)
if [ "$out" = "recv: ECONNREFUSED" ]; then
	ok "Linux client gets ECONNREFUSED from xinet's port unreachable"
else
	not_ok "Linux client gets ECONNREFUSED from xinet's port unreachable" "got: $out"
fi

sleep 1
kill -INT "$tcpdump_pid" 2>/dev/null
wait "$tcpdump_pid" 2>/dev/null
tcpdump -r "$tmp/pair.pcap" -n -vv >"$tmp/decoded" 2>&1
missing=
for want in "UDP, length" "ICMP echo request" "ICMP echo reply" \
	    "udp port 7999 unreachable"; do
	grep -q "$want" "$tmp/decoded" || missing="$missing [$want]"
done
bad=$(grep -iE "bad (udp |icmp )?cksum|truncated|malformed" "$tmp/decoded" | head -3)
if [ -z "$missing" ] && [ -z "$bad" ]; then
	ok "capture decodes as valid IPv4/UDP/ICMP with good checksums"
else
	not_ok "capture decodes as valid IPv4/UDP/ICMP with good checksums" \
		"missing:${missing:- none}" "bad: ${bad:-none}" \
		"$(wc -l <"$tmp/decoded") lines decoded:" "$(head -40 "$tmp/decoded")"
fi

# UDP_SEGMENT with checksum and segmentation offload on: one send of
# 4,000 bytes in 1,000-byte pieces arrives as four datagrams, echoed
# each; the GSO datagram crosses whole either way, and the receiving
# stack's UDP cuts it for a socket without UDP_GRO.
for d in "$X xa" "$L xb"; do
	# shellcheck disable=SC2086 # "NS DEV"
	tx_csum $d on || echo "# checksum offload stays off on ${d#* }"
done
out=$(inX "$peer" gso xinet 10.1.0.2 5556 4000 1000)
if [ "$out" = "gso: 4 ok" ]; then
	ok "UDP_SEGMENT: xinet client -> Linux server, 4 datagrams echoed"
else
	not_ok "UDP_SEGMENT: xinet client -> Linux server, 4 datagrams echoed" "got: $out"
fi
out=$(inL "$peer" gso inet 10.1.0.1 5555 4000 1000)
if [ "$out" = "gso: 4 ok" ]; then
	ok "UDP_SEGMENT: Linux client -> xinet server, 4 datagrams echoed"
else
	not_ok "UDP_SEGMENT: Linux client -> xinet server, 4 datagrams echoed" "got: $out"
fi

# UDP_GRO across the pair: the same send reaches a UDP_GRO receiver
# whole, one read of 4,000 bytes with a UDP_GRO cmsg of 1,000, on either
# stack (xnet passes the GSO packet whole both ways, as veth does).
for way in "X xinet 10.1.0.1 L inet" "L inet 10.1.0.2 X xinet"; do
	# shellcheck disable=SC2086 # "RNS RFAM ADDR SNS SFAM"
	set -- $way
	rns=$X sns=$L
	[ "$1" = L ] && rns=$L sns=$X
	timeout 60 ip netns exec "$rns" "$peer" groecho "$2" "$3" 5557 \
		>"$tmp/gro.$1" 2>&1 &
	gro_pid=$!
	wait_output "$tmp/gro.$1" ready 50 || cat "$tmp/gro.$1"
	out=$(ip netns exec "$sns" "$peer" gsoask "$5" "$3" 5557 4000 1000)
	want="gro: 4000 bytes, segment 1000, data ok"
	if [ "$out" = "$want" ]; then
		ok "UDP_GRO: $5 client -> $2 server, one 4000-byte read, segment 1000"
	else
		not_ok "UDP_GRO: $5 client -> $2 server, one 4000-byte read, segment 1000" "got: $out"
	fi
	kill "$gro_pid" 2>/dev/null
	wait "$gro_pid" 2>/dev/null
done

# The same port in two namespaces: each server answers in its own.
start_echo "$X" xinet 127.0.0.1 5000 || true
start_echo "$L" xinet 127.0.0.1 5000 || true
a=$(inX "$peer" send xinet 127.0.0.1 5000 in-x)
b=$(inL "$peer" send xinet 127.0.0.1 5000 in-l)
if [ "$a" = in-x ] && [ "$b" = in-l ]; then
	ok "same port bound in two namespaces"
else
	not_ok "same port bound in two namespaces" "got: $a / $b"
fi

# A namespace with sockets, devices and addresses goes away whole.
ip netns add "$C"
inC "$xinet" link add xc0 peer xc1 >/dev/null 2>&1
inC ip link set xc0 up
inC "$xinet" addr add 10.9.0.1/24 dev xc0
inC "$xinet" addr add 10.9.0.2/24 dev xc0
inC "$xinet" route add 10.10.0.0/16 dev xc0
start_echo "$C" xinet 10.9.0.1 6000 || true
c_pid=$!
kill "$c_pid"; wait "$c_pid" 2>/dev/null
check "namespace with devices, addresses and routes deleted" ip netns del "$C"

[ "$failed" = 0 ]
