#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# xnet devices, xinet addresses and routes, from userspace (TAP output).
# Runs in the test guest with xinet.ko loaded, as root:
#   - every namespace (the first one, `ip netns add`, `unshare -n`) has
#     "xlo" up with 127.0.0.1/8
#   - pairs across namespaces through the iproute2 plugin and through
#     `xinet link add`; MTU defaults and limits
#   - addresses and routes through the xinet tool: good input, every bad
#     input refused with a message and a non-zero exit, nothing
#     half-applied; CAP_NET_ADMIN needed to change anything
#   - packets from Linux's stack through a pair: seen by tcpdump, counted
#     by the stats, dropped and counted when the peer is down
#   - deleting a namespace with xnet devices, addresses and routes leaks
#     nothing (kmemleak)
# Needs the tools built (`make tools`).

repo=${XINET_REPO:-$(cd "$(dirname "$0")/../.." && pwd)}
X=$repo/tools/xinet/xinet
PLUGIN_DIR=$repo/tools/ip
tmp=$(mktemp -d)
n=0

ok() { n=$((n + 1)); echo "ok $n - $1"; echo "# ${SECONDS}s"; }
nok() { n=$((n + 1)); echo "not ok $n - $1"; echo "# ${SECONDS}s"; }
skip() { n=$((n + 1)); echo "ok $n - $1 # SKIP $2"; }
diag() { sed 's/^/# /'; }
# check NAME CMD...: ok when CMD succeeds
check() {
	local name=$1
	shift
	if "$@" >"$tmp/out" 2>&1; then ok "$name"; else diag <"$tmp/out"; nok "$name"; fi
}

cleanup() {
	ip netns del xt_ns2 2>/dev/null
	ip netns del xt_ns3 2>/dev/null
	ip link del xt_a 2>/dev/null
	ip link del xt_c 2>/dev/null
	ip link del xt_l 2>/dev/null
	ip link del xt_e 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT

state() {	# the namespace's xinet configuration, for before/after checks
	"$X" addr show && "$X" route show
}

# Has "xlo" up with 127.0.0.1/8, as seen from the command prefix "$@".
has_xlo() {
	"$@" ip link show xlo 2>/dev/null | grep -q "[<,]UP[,>]" &&
		"$@" "$X" addr show dev xlo | grep -q "xinet 127.0.0.1/8 "
}

# bad NAME PATTERN CMD...: CMD must fail, say PATTERN on stderr, and
# leave the configuration as it was ($snap, taken by snap()).
snap() { before=$(state); }
bad() {
	local name=$1 pat=$2 after rc
	shift 2
	"$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	after=$(state)
	if [ "$rc" -ne 0 ] && grep -q -- "$pat" "$tmp/err" && [ "$before" = "$after" ]; then
		ok "$name"
	else
		echo "exit $rc, stderr:" | diag
		diag <"$tmp/err"
		[ "$before" = "$after" ] || { echo "configuration changed:"; diff <(echo "$before") <(echo "$after"); } | diag
		nok "$name"
	fi
}

# start_tcpdump NS DEV COUNT FILE: capture ICMP in the background ($tdpid)
# and wait until it listens (slow to start in an emulated guest).
start_tcpdump() {
	tdcount=$3
	tdfile=$4
	ip netns exec "$1" timeout 30 tcpdump -l -n -i "$2" -c "$3" icmp >"$4" 2>"$4.err" &
	tdpid=$!
	for _ in $(seq 100); do
		grep -q "listening on" "$4.err" 2>/dev/null && break
		sleep 0.1
	done
}

# stop_tcpdump: once it has its packets (at most 10 s), stop it.
stop_tcpdump() {
	for _ in $(seq 100); do
		[ "$(wc -l <"$tdfile")" -ge "$tdcount" ] && break
		sleep 0.1
	done
	kill -INT "$tdpid" 2>/dev/null
	wait "$tdpid"
}

stat() { cat "/sys/class/net/$1/statistics/$2"; }
nsstat() { ip netns exec "$1" cat "/sys/class/net/$2/statistics/$3"; }

if [ ! -x "$X" ] || [ ! -f "$PLUGIN_DIR/link_xnet.so" ]; then
	echo "# tools not built: run make tools"
	nok "tools built"
	echo "1..$n"
	exit 1
fi
ok "tools built"

# --- every namespace gets xlo
check "xlo up with 127.0.0.1/8 in the first namespace" has_xlo
ip netns add xt_ns2
check "xlo up with 127.0.0.1/8 in a namespace from ip netns add" has_xlo ip netns exec xt_ns2
check "xlo up with 127.0.0.1/8 in a namespace from unshare -n" has_xlo unshare -n
check "route 127.0.0.0/8 dev xlo in a new namespace" \
	bash -c "ip netns exec xt_ns2 '$X' route show | grep -q '^127.0.0.0/8 dev xlo proto kernel'"
snap
bad "xlo cannot be deleted" "" ip link del xlo

# --- pairs
check "ip link add type xnet peer name B netns NS (plugin)" \
	env IP_LIB_DIR="$PLUGIN_DIR" ip link add xt_a type xnet peer name xt_b netns xt_ns2
check "both ends exist, one per namespace" \
	bash -c "ip link show xt_a && ip netns exec xt_ns2 ip link show xt_b && ! ip link show xt_b"
check "xinet link add A peer B netns NS" "$X" link add xt_c peer xt_d netns xt_ns2
check "both ends exist, one per namespace" \
	bash -c "ip link show xt_c && ip netns exec xt_ns2 ip link show xt_d && ! ip link show xt_d"
check "xinet link add A (loopback)" "$X" link add xt_l
snap
bad "xinet link add of an existing name" "Error:" "$X" link add xt_l
check "L3 device: link/none, NOARP, POINTOPOINT" \
	bash -c "ip link show xt_a | grep -q 'link/none' && ip link show xt_a | grep -q 'POINTOPOINT,NOARP'"

mtu() { cat "/sys/class/net/$1/mtu"; }
if [ "$(mtu xt_a)" = 1500 ] &&
   [ "$(ip netns exec xt_ns2 cat /sys/class/net/xt_b/mtu)" = 1500 ]; then
	ok "pair MTU defaults to 1500"
else
	nok "pair MTU defaults to 1500"
fi
if [ "$(mtu xt_l)" = 65535 ] && [ "$(mtu xlo)" = 65535 ]; then
	ok "loopback MTU defaults to 65535"
else
	nok "loopback MTU defaults to 65535"
fi
check "MTU 9000 can be set" bash -c "ip link set xt_a mtu 9000 && [ \$(cat /sys/class/net/xt_a/mtu) = 9000 ]"
check "MTU 68 can be set" bash -c "ip link set xt_a mtu 68 && [ \$(cat /sys/class/net/xt_a/mtu) = 68 ]"
snap
bad "MTU 67 is refused" "mtu" ip link set xt_a mtu 67
bad "MTU 65536 is refused" "mtu" ip link set xt_a mtu 65536
ip link set xt_a mtu 1500

# --- addresses and routes
ip link set xt_a up
ip netns exec xt_ns2 ip link set xt_b up
check "addr add 10.1.0.1/24 dev A" "$X" addr add 10.1.0.1/24 dev xt_a
check "addr add a second address to A" "$X" addr add 10.1.0.5/24 dev xt_a
check "addr show lists both, with broadcast" \
	bash -c "'$X' addr show dev xt_a | grep -q 'xinet 10.1.0.1/24 brd 10.1.0.255' &&
		 '$X' addr show dev xt_a | grep -q 'xinet 10.1.0.5/24'"
check "the connected route appears" bash -c "'$X' route show | grep -q '^10.1.0.0/24 dev xt_a proto kernel'"
check "addr del of the second address" "$X" addr del 10.1.0.5/24 dev xt_a
check "route add 10.2.0.0/16 dev A" "$X" route add 10.2.0.0/16 dev xt_a
check "route add default dev A" "$X" route add default dev xt_a
check "route show lists them" \
	bash -c "'$X' route show | grep -q '^10.2.0.0/16 dev xt_a proto static' &&
		 '$X' route show | grep -q '^default dev xt_a proto static'"

snap
bad "duplicate address is refused" "already assigned" "$X" addr add 10.1.0.1/24 dev xt_a
bad "prefix length 33 is refused" "Invalid prefix length" "$X" addr add 10.1.0.7/33 dev xt_a
bad "multicast address is refused" "not a unicast" "$X" addr add 224.0.0.7/24 dev xt_a
bad "non-xnet device is refused" "not an xnet device" "$X" addr add 10.9.0.1/24 dev lo
bad "unknown device is refused" "Cannot find device" "$X" addr add 10.9.0.1/24 dev nosuchdev
bad "malformed address is refused" "invalid address" "$X" addr add 10.1.0.300/24 dev xt_a
bad "malformed prefix length is refused" "invalid prefix length" "$X" addr add 10.1.0.9/x dev xt_a
bad "deleting an absent address fails" "not found" "$X" addr del 10.1.0.9/24 dev xt_a
bad "route with host bits is refused" "Invalid prefix" "$X" route add 10.3.0.1/16 dev xt_a
bad "route prefix length 40 is refused" "Invalid prefix length" "$X" route add 10.3.0.0/40 dev xt_a
bad "duplicate route is refused" "already exists" "$X" route add 10.2.0.0/16 dev xt_a
bad "route through a non-xnet device is refused" "not an xnet device" "$X" route add 10.4.0.0/16 dev lo
bad "deleting an absent route fails" "No such route" "$X" route del 10.5.0.0/16
bad "usage error" "Usage" "$X" addr add 10.1.0.9/24

# Read access needs no capability, changes need CAP_NET_ADMIN.
if command -v capsh >/dev/null; then
	snap
	bad "addr add without CAP_NET_ADMIN is refused" "Operation not permitted" \
		capsh --drop=cap_net_admin -- -c "'$X' addr add 10.1.0.9/24 dev xt_a"
	bad "route add without CAP_NET_ADMIN is refused" "Operation not permitted" \
		capsh --drop=cap_net_admin -- -c "'$X' route add 10.6.0.0/16 dev xt_a"
	bad "route del without CAP_NET_ADMIN is refused" "Operation not permitted" \
		capsh --drop=cap_net_admin -- -c "'$X' route del 10.2.0.0/16"
	check "addr show without CAP_NET_ADMIN works" \
		capsh --drop=cap_net_admin -- -c "'$X' addr show | grep -q 10.1.0.1/24"
else
	skip "CAP_NET_ADMIN required" "no capsh"
fi

check "route del 10.2.0.0/16" "$X" route del 10.2.0.0/16
check "route del default" "$X" route del default
check "the routes are gone" bash -c "! '$X' route show | grep -q -e '^10.2.0.0/16' -e '^default'"

# --- packets from Linux's stack over a pair
ip netns exec xt_ns2 ip addr add 10.1.0.2/24 dev xt_b
rx0=$(stat xt_a rx_packets)
tx0=$(nsstat xt_ns2 xt_b tx_packets)
# Three echo requests and, now that xinet's ICMP answers, three replies.
start_tcpdump xt_ns2 xt_b 6 "$tmp/td"
if command -v ping >/dev/null; then
	ip netns exec xt_ns2 ping -c 3 -i 0.2 -W 1 10.1.0.1 >/dev/null 2>&1
else
	for _ in 1 2 3; do ip netns exec xt_ns2 bash -c 'echo x >/dev/udp/10.1.0.1/9'; done
fi
stop_tcpdump
if [ "$(grep -c '10.1.0.2 > 10.1.0.1' "$tmp/td")" -ge 3 ]; then
	ok "tcpdump on the Linux end sees what Linux sends"
else
	diag <"$tmp/td"; diag <"$tmp/td.err"; nok "tcpdump on the Linux end sees what Linux sends"
fi
if [ $(($(stat xt_a rx_packets) - rx0)) -ge 3 ] &&
   [ $(($(nsstat xt_ns2 xt_b tx_packets) - tx0)) -ge 3 ]; then
	ok "the receiving end counts rx, the sending end tx"
else
	nok "the receiving end counts rx, the sending end tx"
fi
check "ip -s link shows the counters" bash -c "ip -s link show xt_a | grep -q 'RX:'"

# A pair without xinet addresses belongs to Linux: both directions work.
ip link set xt_c up
ip addr add 10.7.0.1/24 dev xt_c
ip netns exec xt_ns2 ip link set xt_d up
ip netns exec xt_ns2 ip addr add 10.7.0.2/24 dev xt_d
start_tcpdump xt_ns2 xt_d 4 "$tmp/td2"
if command -v ping >/dev/null; then
	if ping -c 2 -i 0.2 -W 2 10.7.0.2 >"$tmp/ping" 2>&1; then
		ok "Linux ping over a pair without xinet addresses is answered"
	else
		diag <"$tmp/ping"; nok "Linux ping over a pair without xinet addresses is answered"
	fi
else
	skip "Linux ping over a pair without xinet addresses is answered" "no ping"
fi
stop_tcpdump
if grep -q 'echo request' "$tmp/td2" && grep -q 'echo reply' "$tmp/td2"; then
	ok "tcpdump sees both directions"
else
	diag <"$tmp/td2"; nok "tcpdump sees both directions"
fi

# Peer down: dropped and counted on the sender.
ip netns exec xt_ns2 ip link set xt_d down
d0=$(stat xt_c tx_dropped)
ping -c 2 -i 0.2 -W 1 10.7.0.2 >/dev/null 2>&1
if [ $(($(stat xt_c tx_dropped) - d0)) -ge 2 ]; then
	ok "a down peer drops and counts"
else
	nok "a down peer drops and counts"
fi

# Deleting one end deletes the pair.
check "deleting one end deletes both" \
	bash -c "ip link del xt_c && ! ip netns exec xt_ns2 ip link show xt_d 2>/dev/null"

# --- a namespace dies with xnet devices, addresses and routes
ip netns add xt_ns3
"$X" link add xt_e peer xt_f netns xt_ns3
ip netns exec xt_ns3 ip link set xt_f up
ip netns exec xt_ns3 "$X" addr add 10.8.0.1/24 dev xt_f
ip netns exec xt_ns3 "$X" addr add 10.8.1.1/32 dev xt_f
ip netns exec xt_ns3 "$X" route add default dev xt_f
"$X" addr add 10.8.0.2/24 dev xt_e
check "namespace 3 is configured" \
	bash -c "ip netns exec xt_ns3 '$X' route show | grep -q '^default dev xt_f'"
ip netns del xt_ns3
for _ in $(seq 50); do ip link show xt_e >/dev/null 2>&1 || break; sleep 0.1; done
check "deleting the namespace deletes the pair" bash -c "! ip link show xt_e 2>/dev/null"
check "and the address of the end that was here" bash -c "! '$X' addr show | grep -q 10.8.0.2"
ip netns del xt_ns2
ip link del xt_a 2>/dev/null
ip link del xt_l

km=/sys/kernel/debug/kmemleak
if [ -w "$km" ]; then
	sleep 6		# kmemleak ignores objects younger than 5 s
	echo scan >"$km"
	if grep -q '\[xinet\]' "$km"; then
		head -40 "$km" | diag
		nok "kmemleak: nothing of xinet leaked"
	else
		ok "kmemleak: nothing of xinet leaked"
	fi
else
	skip "kmemleak: nothing of xinet leaked" "no $km"
fi

echo "1..$n"
