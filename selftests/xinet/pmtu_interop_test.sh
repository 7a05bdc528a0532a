#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# pmtu_interop_test: path MTU discovery through a Linux router (issue #13
# section 4, interop).
#
#   ns X (xinet)  xa 10.1.0.1 <== xnet pair ==> xb 10.1.0.2  ns R (Linux,
#   ip_forward=1)  r0 10.2.0.1 <== veth ==> p0 10.2.0.2  ns P (Linux)
#
# xinet sends a few MiB to the Linux peer through the router, once from a
# connecting socket, once from an accepted one; while the data flows, the
# veth link's MTU drops from 1500 to 1280, so the router answers xinet's
# full-size DF segments with ICMP "fragmentation needed".  Each transfer
# must finish (a host that ignored the ICMP would stall: its segments can
# no longer cross), SHA-256 equal at both ends; the router must have sent
# the ICMPs, xinet must have received them and retransmitted.  Between
# the two the link goes back to 1500 and xinet's route is re-added, which
# drops its learnt PMTU (exceptions go with their route).
#
# A UDP socket with IP_RECVERR at IP_PMTUDISC_DO sending 1400 bytes over
# the 1280 link gets the router's ICMP on its error queue (EMSGSIZE, MTU
# 1280), IP_MTU 1280, and its next 1400-byte send refused with a local
# EMSGSIZE queued.
#
# Route metrics (issue #13 section 5): a host route to the peer with mtu
# 1300 advmss 1000 initcwnd 4 initrwnd 8 rto_min 300ms quickack 1
# congctl reno shows in `xinet route show` as `ip route show` prints
# them, and a connection over it sends a SYN with MSS 1000 and a window
# of 8 segments, and starts with a congestion window of 4.
#
# XINET_PMTU_MB (default 4): size of each transfer.  XINET_TCP_ORACLE=1
# runs the xinet side on Linux's own stack (a check of the test itself).
# TAP output; needs root, xinet loaded, tools/ and selftests/ built.

set -u
repo=${XINET_REPO:-$(cd "$(dirname "$0")/../.." && pwd)}

# make check runs this in its stock kernel's boot (XINET_QUICK unset):
# the multi-MiB transfers through a router take 124 s under TCG and KASAN.
. "$(dirname "$0")/lib.sh"
stock_boot_only
xinet=$repo/tools/xinet/xinet
peer=$repo/selftests/xinet/out/helpers/tcp-peer
udp=$repo/selftests/xinet/out/helpers/udp-pmtu
mb=${XINET_PMTU_MB:-4}
tmp=$(mktemp -d)
X=xp-x-$$ R=xp-r-$$ P=xp-p-$$
XA=10.1.0.1 RA=10.1.0.2 RB=10.2.0.1 PA=10.2.0.2
n=0 failed=0
trap 'cleanup_netns "$X" "$R" "$P"' EXIT

inR() { timeout "${T:-60}" ip netns exec "$R" "$@"; }
inP() { timeout "${T:-60}" ip netns exec "$P" "$@"; }

# linux_mib NS SECTION FIELD: a counter of Linux's /proc/net/snmp in NS.
linux_mib() {
	# shellcheck disable=SC2016 # awk's fields, not the shell's
	ip netns exec "$1" awk -v s="$2:" -v f="$3" '
		$1 == s && !h { for (i = 2; i <= NF; i++) col[$i] = i; h = 1; next }
		$1 == s && h { print $col[f]; exit }' /proc/net/snmp
}

# r0_tx: the bytes R has sent on r0 (/proc/net/dev: the guest's /sys is
# not the namespace's).
r0_tx() {
	# shellcheck disable=SC2016 # awk's fields, not the shell's
	inR awk '/^ *r0:/ { sub(/^ *r0:/, ""); print $9 }' /proc/net/dev
}

# link_mtu MTU: both ends of the veth link.
link_mtu() {
	inR ip link set r0 mtu "$1" && inP ip link set p0 mtu "$1"
}

# fresh_route: xinet's route to the peer's subnet, without learnt PMTUs.
fresh_route() {
	if [ "$xfam" = inet ]; then
		inX ip route flush cache
	else
		inX "$xinet" route del 10.2.0.0/24 dev xa &&
			xroute "$X" 10.2.0.0/24 xa
	fi
}

# server NS FAMILY ADDR PORT ACTION [ARG]: a one-connection listener,
# output in $tmp/srv.PORT; waits for "ready".
server() {
	local ns=$1 fam=$2 addr=$3 port=$4; shift 4
	timeout 120 ip netns exec "$ns" "$peer" -n 1 -t 100 \
		listen "$fam" "$addr" "$port" "$@" >"$tmp/srv.$port" 2>&1 &
	wait_output "$tmp/srv.$port" ready
}

# transfer NAME PORT XINET_ROLE: xinet sources $mb MiB to the peer, as
# the connecting side (XINET_ROLE connect) or the accepted one (listen);
# the link's MTU drops to 1280 once the first 256 KiB have arrived.
transfer() {
	local name=$1 port=$2 role=$3 bytes=$((mb << 20)) spid cpid
	local icmp0 icmp1 in0 in1 re0 re1 h1 h2 b t0 t1 rc src out tx0 tx t

	link_mtu 1500
	fresh_route
	icmp0=$(linux_mib "$R" Icmp OutDestUnreachs)
	in0=$(mib "$X" Icmp InDestUnreachs) re0=$(mib "$X" Tcp RetransSegs)
	t0=$(ms)
	if [ "$role" = connect ]; then
		server "$P" inet $PA "$port" sink || return
		spid=$!
		inX "$peer" -t 100 connect "$xfam" $PA "$port" source $bytes \
			>"$tmp/cli.$port" 2>&1 &
		cpid=$!
		out=$tmp/srv.$port
	else
		server "$X" "$xfam" $XA "$port" source $bytes || return
		spid=$!
		inP "$peer" -t 100 connect inet $XA "$port" sink \
			>"$tmp/cli.$port" 2>&1 &
		cpid=$!
		out=$tmp/cli.$port
	fi
	# Lower the MTU mid-transfer: once 64 KiB more have left the router,
	# or after half a second at most (the router's rate makes the rest
	# take seconds).
	tx0=$(r0_tx) t=$(ms)
	while [ $(($(ms) - t)) -lt 500 ]; do
		tx=$(r0_tx)
		[ $((${tx:-0} - ${tx0:-0})) -gt 65536 ] && break
		sleep 0.05
	done
	link_mtu 1280
	wait "$cpid"; rc=$?
	wait "$spid"; src=$?
	t1=$(ms)
	icmp1=$(linux_mib "$R" Icmp OutDestUnreachs)
	in1=$(mib "$X" Icmp InDestUnreachs) re1=$(mib "$X" Tcp RetransSegs)
	if [ "$role" = connect ]; then
		h1=$(field "$tmp/cli.$port" sha256) h2=$(field "$out" sha256)
	else
		h1=$(field "$tmp/srv.$port" sha256) h2=$(field "$out" sha256)
	fi
	b=$(field "$out" bytes)
	expect "$name: $mb MiB across the MTU drop, SHA-256 equal at both ends ($((t1 - t0)) ms)" \
		"cli.$port srv.$port" \
		test "$rc" = 0 -a "$src" = 0 -a -n "$h1" -a "$h1" = "$h2" -a "$b" = "$bytes"
	expect "$name: the router sent \"fragmentation needed\" (+$(delta "$icmp0" "$icmp1")), xinet received it (+$(delta "$in0" "$in1")) and retransmitted (+$(delta "$re0" "$re1"))" \
		"" test "$(delta "$icmp0" "$icmp1")" -gt 0 -a \
		"$(delta "$in0" "$in1")" -gt 0 -a "$(delta "$re0" "$re1")" -gt 0
}

echo "TAP version 13"
echo "1..10"

if ! ip netns add "$X" || ! ip netns add "$R" || ! ip netns add "$P"; then
	echo "Bail out! cannot create namespaces"
	exit 1
fi
for ns in "$X" "$R" "$P"; do ip -n "$ns" link set lo up; done
if mkpair "$X" xa "$R" xb >"$tmp/link" 2>&1 &&
   ip -n "$R" link add r0 type veth peer name p0 netns "$P" >>"$tmp/link" 2>&1; then
	ok "xnet pair X-R and veth R-P"
else
	not_ok "xnet pair X-R and veth R-P" "$(cat "$tmp/link")"
fi
inX ip link set xa up
inR ip link set xb up
inR ip link set r0 up
inP ip link set p0 up
xaddr "$X" $XA/24 xa
xroute "$X" 10.2.0.0/24 xa
inR ip addr add $RA/24 dev xb
inR ip addr add $RB/24 dev r0
inP ip addr add $PA/24 dev p0
inP ip route add default via $RB
inR sysctl -qw net.ipv4.ip_forward=1
# The oracle's veth needs the router to answer ARP for the far subnet.
[ "$xfam" = inet ] && inR sysctl -qw net.ipv4.conf.xb.proxy_arp=1
# Slow the router's way out, so that the MTU drops with data in flight
# (4 MiB take about eight seconds: a sender on the stock kernel would
# otherwise be done before the drop).
inR tc qdisc add dev r0 root netem rate 4mbit limit 1000

transfer "xinet client -> Linux listener" 5101 connect
transfer "Linux client -> xinet listener" 5102 listen

# --- UDP: the router's "fragmentation needed" on the error queue
fresh_route
inX "$udp" "$xfam" $PA 5104 1400 >"$tmp/udp" 2>&1
expect "UDP, IP_RECVERR and IP_PMTUDISC_DO: EMSGSIZE from the router with MTU 1280 queued, IP_MTU 1280, the next send refused and queued" udp \
	test "$(tr '\n' '|' <"$tmp/udp")" = "icmp EMSGSIZE origin 2 type 3 code 4 info 1280|mtu 1280|send2 EMSGSIZE|local EMSGSIZE origin 1 info 1280|"

# --- route metrics
metrics="mtu 1300 advmss 1000 initcwnd 4 initrwnd 8 rto_min 300ms quickack 1 congctl reno"
shown="mtu 1300 advmss 1000 initcwnd 4 rto_min lock 300ms initrwnd 8 quickack 1 congctl reno"
if [ "$xfam" = inet ]; then
	# shellcheck disable=SC2086 # $metrics is a list of words
	inX ip route add $PA/32 dev xa $metrics >"$tmp/radd" 2>&1
	inX ip route show $PA/32 >"$tmp/rshow" 2>&1
else
	# shellcheck disable=SC2086 # $metrics is a list of words
	inX "$xinet" route add $PA/32 dev xa $metrics >"$tmp/radd" 2>&1
	inX "$xinet" route show >"$tmp/rshow" 2>&1
fi
expect "route add with metrics; route show prints \"$shown\"" "radd rshow" \
	grep -q "^$PA dev xa .*$shown *\$" "$tmp/rshow"
if [ "$xfam" = inet ]; then
	ok "# SKIP unknown congctl: Linux has more algorithms than xinet"
else
	inX "$xinet" route add 10.2.9.0/24 dev xa congctl nosuch >"$tmp/rbad" 2>&1
	expect "route add with an unknown congctl is refused" rbad \
		grep -q "Unknown congestion control" "$tmp/rbad"
fi

inR tcpdump -i xb -n -U -c 1 -vv "tcp[tcpflags] & tcp-syn != 0 and src $XA" \
	>"$tmp/syn" 2>"$tmp/syn.err" &
tdpid=$!
wait_output "$tmp/syn.err" "listening on"
server "$P" inet $PA 5103 echo
spid=$!
when=$(( $(date +%s%3N) + 10000 ))
inX "$peer" -W "$when" connect "$xfam" $PA 5103 simclose >"$tmp/cli.5103" 2>&1 &
cpid=$!
# While the connection idles until $when: its congestion window, as
# /proc prints it.
cwnd=
for _ in $(seq 80); do
	inX cat "$xproc/tcp" >"$tmp/mtcp" 2>&1
	# shellcheck disable=SC2016 # awk's fields, not the shell's
	cwnd=$(awk -v p=":$(printf '%04X' 5103)" '$3 ~ p"$" && $4 == "01" { print $16 }' "$tmp/mtcp")
	[ -n "$cwnd" ] && break
	sleep 0.1
done
wait "$cpid"
wait "$spid"
wait "$tdpid"
expect "the SYN through the route carries MSS 1000 and a window of 8 segments" "syn syn.err" \
	grep -q "win 8000, .*mss 1000" "$tmp/syn"
expect "the connection starts with the route's initcwnd (cwnd ${cwnd:-none})" "mtcp cli.5103" \
	test "${cwnd:-0}" = 4

if [ "$failed" = 0 ]; then
	echo "# PASS: $n checks"
	exit 0
fi
echo "# FAIL: $failed of $n"
exit 1
