#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# samples_test: the in-kernel samples (samples/kernel) in the test guest,
# with xinet.ko loaded (TAP output).  For each family, AF_INET first as
# the oracle (the samples' family=2 parameter) and then AF_XINET:
#   - xinet_echo_server.ko loads and listens; xinet_client.ko loads,
#     connects, sends a message and logs its echo, which must be the same
#     message; the server logs the connection and the bytes it echoed
#   - a userspace client of Linux's own stack gets its echo from the
#     server: over lo for AF_INET, across an xnet pair from another
#     namespace for AF_XINET
#   - a client to a port nobody listens on fails its load with
#     ECONNREFUSED
#   - the server unloads cleanly and says so
# The kmemleak check of the runner covers what the samples leave behind.
# Needs the samples built (`make`, which builds samples/kernel too), the
# xinet tool (`make tools`) and python3 (the userspace client).

repo=${XINET_REPO:-$(cd "$(dirname "$0")/../.." && pwd)}
dir=$repo/samples/kernel
server=$dir/xinet_echo_server.ko
client=$dir/xinet_client.ko
xinet=$repo/tools/xinet/xinet
L=xi-samples-$$
tmp=$(mktemp -d)
n=0 failed=0

ok() { n=$((n + 1)); echo "ok $n - $1"; }
nok() { n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $1"; shift; for l in "$@"; do echo "# $l"; done; }

cleanup() {
	rmmod xinet_client 2>/dev/null
	rmmod xinet_echo_server 2>/dev/null
	ip netns del "$L" 2>/dev/null
	ip link del xs-a 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT

# mark NAME: a line in the kernel log; since NAME: the log after it.
mark() { echo "<6>samples_test: $1" >/dev/kmsg; }
since() { dmesg | sed -n "/samples_test: $1\$/,\$p"; }

echo "TAP version 13"
if [ ! -f "$server" ] || [ ! -f "$client" ]; then
	echo "1..0 # SKIP samples/kernel not built (make)"
	exit 0
fi
echo "1..10"

# A Linux AF_INET client in the pair's other namespace:
#   init_net (xinet)  xs-a 10.9.0.1/24  <== xnet pair ==>  xs-b 10.9.0.2/24  ns L
ip netns add "$L" &&
	"$xinet" link add xs-a peer xs-b netns "$L" &&
	ip link set xs-a up && ip -n "$L" link set lo up &&
	ip -n "$L" link set xs-b up &&
	"$xinet" addr add 10.9.0.1/24 dev xs-a &&
	ip -n "$L" addr add 10.9.0.2/24 dev xs-b ||
	echo "# cannot set up the xnet pair: the Linux client cases will fail"

# linux_client NS-PREFIX ADDR PORT MSG: a userspace AF_INET client;
# prints what came back.
linux_client() {
	local prefix=$1
	shift
	# shellcheck disable=SC2086 # the prefix splits
	timeout 30 $prefix python3 -c '
import socket, sys
s = socket.create_connection((sys.argv[1], int(sys.argv[2])), timeout=10)
s.sendall(sys.argv[3].encode())
s.shutdown(socket.SHUT_WR)
got = b""
while True:
    b = s.recv(4096)
    if not b:
        break
    got += b
print(got.decode())' "$@"
}

# run_family LABEL FAMILY PORT: the five cases on one family (0: xinet's).
run_family() {
	local label=$1 fam=$2 port=$3 msg="echo-$1-$$" log

	mark "$label-start"
	if timeout 60 insmod "$server" "family=$fam" port="$port" 2>"$tmp/err"; then
		ok "$label: echo server loads and listens"
	else
		nok "$label: echo server loads and listens" "$(cat "$tmp/err")" \
			"$(since "$label-start" | grep xinet_echo | tail -3)"
	fi

	if timeout 60 insmod "$client" "family=$fam" port="$port" msg="$msg" 2>"$tmp/err"; then
		rmmod xinet_client
		log=$(since "$label-start")
		if grep -q "xinet_client: sent ${#msg} bytes, received ${#msg}: \"$msg\"" <<<"$log" &&
		   grep -q "xinet_echo_server: connection from 127.0.0.1:[0-9]* closed, ${#msg} bytes echoed" <<<"$log"; then
			ok "$label: kernel client gets its message echoed"
		else
			nok "$label: kernel client gets its message echoed" \
				"$(grep -E 'xinet_(client|echo)' <<<"$log" | tail -5)"
		fi
	else
		nok "$label: kernel client gets its message echoed" "$(cat "$tmp/err")" \
			"$(since "$label-start" | grep -E 'xinet_(client|echo)' | tail -5)"
	fi

	if [ "$fam" = 2 ]; then
		linux_client "" 127.0.0.1 "$port" "$msg-lo" >"$tmp/out" 2>&1
	else
		linux_client "ip netns exec $L" 10.9.0.1 "$port" "$msg-pair" >"$tmp/out" 2>&1
	fi
	if grep -qx "$msg-lo\|$msg-pair" "$tmp/out"; then
		ok "$label: a Linux AF_INET client in userspace gets its echo"
	else
		nok "$label: a Linux AF_INET client in userspace gets its echo" \
			"$(tail -3 "$tmp/out")"
	fi

	mark "$label-refused"
	if timeout 60 insmod "$client" "family=$fam" port=$((port + 1)) 2>"$tmp/err"; then
		rmmod xinet_client
		nok "$label: a client to a closed port is refused" "insmod succeeded"
	elif since "$label-refused" | grep -q "xinet_client: connect to 127.0.0.1:$((port + 1)): -111"; then
		ok "$label: a client to a closed port is refused"
	else
		nok "$label: a client to a closed port is refused" "$(cat "$tmp/err")" \
			"$(since "$label-refused" | grep xinet_client | tail -3)"
	fi

	mark "$label-unload"
	if ! lsmod | grep -q '^xinet_echo_server'; then
		nok "$label: echo server unloads" "the server is not loaded"
	elif timeout 60 rmmod xinet_echo_server 2>"$tmp/err" &&
	     since "$label-unload" | grep -q "xinet_echo_server: stopped"; then
		ok "$label: echo server unloads"
	else
		nok "$label: echo server unloads" "$(cat "$tmp/err")"
		rmmod xinet_echo_server 2>/dev/null
	fi
}

run_family AF_INET 2 7701
run_family AF_XINET 0 7711
[ "$failed" -eq 0 ]
