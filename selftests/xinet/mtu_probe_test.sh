#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# mtu_probe_test: packetization-layer path MTU discovery (RFC 4821,
# tcp_mtu_probing; issue #13 section 4), AF_INET and AF_XINET side by
# side through one Linux router to one Linux receiver.
#
#   ns X (xinet)  xa 10.1.0.1 <== xnet pair ==> xb 10.1.0.2 \
#                                                ns R (Linux, ip_forward=1)
#   ns L (Linux)  la 10.3.0.1 <== veth =====> rl 10.3.0.2 /  r0 10.2.0.1
#                                                  <== veth ==> p0 10.2.0.2
#                                                               ns P (Linux)
#
# The black hole: p0's MTU is 1276 while every other link's, r0's too,
# is 1500, so the router forwards full-size segments (no ICMP: they fit
# r0) and p0 drops, silently, whatever is longer than 1280 bytes (a veth
# takes 4 bytes past its MTU, room for a VLAN tag).  P
# announces MSS 1460 all the same (its route's advmss).  L's veth sends no
# GSO packets (gso_max_segs 1), which would cross p0 whatever their size;
# nor does X's xa (xinet's TCP sends GSO packets where its device allows).
#
# Both senders, X's xinet and L's Linux, with tcp_retries1 1 (the black
# hole is suspected after 0.6 s of retransmissions), send the same bytes
# to P at the same time:
#   - tcp_mtu_probing 0: neither transfer gets through in 4 s;
#   - tcp_mtu_probing 1: both complete, SHA-256 equal, with the MSS down
#     to what crosses (TCP_INFO tcpi_snd_mss at most 1240) and the
#     search's probes counted (TcpExt TCPMTUPFail, TCPMTUPSuccess);
#   - tcp_mtu_probing 2 on a clean path (p0 back at 1500): both complete
#     with successful probes and an MSS above tcp_base_mss's 1024.
# First the five sysctls: xinet's defaults are net.ipv4's, and so is the
# range of tcp_mtu_probe_floor.
#
# XINET_MTUP_KB (default 2048): size of each transfer.  XINET_TCP_ORACLE=1
# runs the xinet side on Linux's own stack (a check of the test itself).
# TAP output; needs root, xinet loaded, tools/ and selftests/ built.

set -u
repo=${XINET_REPO:-$(cd "$(dirname "$0")/../.." && pwd)}

# make check runs this in its stock kernel's boot: its phases wait for
# timeouts, seconds that the debug boot's budget cannot spare.
. "$(dirname "$0")/lib.sh"
stock_boot_only
xinet=$repo/tools/xinet/xinet
peer=$repo/selftests/xinet/out/helpers/tcp-peer
bytes=$((${XINET_MTUP_KB:-2048} << 10))
tmp=$(mktemp -d)
X=xm-x-$$ L=xm-l-$$ R=xm-r-$$ P=xm-p-$$
XA=10.1.0.1 RX=10.1.0.2 LA=10.3.0.1 RL=10.3.0.2 RP=10.2.0.1 PA=10.2.0.2
sysctls="tcp_mtu_probing tcp_base_mss tcp_mtu_probe_floor tcp_probe_threshold tcp_probe_interval"
n=0 failed=0
trap 'cleanup_netns "$X" "$L" "$R" "$P"' EXIT

inR() { timeout "${T:-60}" ip netns exec "$R" "$@"; }
inP() { timeout "${T:-60}" ip netns exec "$P" "$@"; }

# setsys NS FILE VALUE: write a sysctl of NS (its /proc/sys path).
setsys() { ip netns exec "$1" sh -c "echo $3 >$2" 2>/dev/null; }

# ext NS STACK FIELD: a TcpExt counter of the xinet side (x) or of
# Linux's (l) in NS.
ext() {
	if [ "$2" = x ]; then
		mib "$1" netstat TcpExt "$3"
		return
	fi
	# shellcheck disable=SC2016 # awk's fields, not the shell's
	ip netns exec "$1" awk -v f="$3" '
		$1 == "TcpExt:" && !h { for (i = 2; i <= NF; i++) col[$i] = i; h = 1; next }
		$1 == "TcpExt:" && h { if (f in col) print $col[f]; exit }' /proc/net/netstat
}

# probing MODE: tcp_mtu_probing MODE and tcp_retries1 1 for both senders.
probing() {
	setsys "$X" "$xsys/tcp_mtu_probing" "$1" &&
		setsys "$X" "$xsys/tcp_retries1" 1 &&
		setsys "$L" /proc/sys/net/ipv4/tcp_mtu_probing "$1" &&
		setsys "$L" /proc/sys/net/ipv4/tcp_retries1 1 &&
		test "$(inX cat "$xsys/tcp_mtu_probing")" = "$1"
}

# race SECS PORT: both senders source $bytes to P at once, X's to PORT,
# L's to PORT + 1, each giving up after SECS; outputs in
# $tmp/{srv,cli}.{x,l}, exit codes in $tmp/rc.{x,l}, counters before and
# after in $tmp/{fail,ok}{0,1}.{x,l}, the time taken in $tmp/ms.
race() {
	local secs=$1 port=$2 s t0 xp lp
	for s in x l; do
		rm -f "$tmp/srv.$s" "$tmp/cli.$s"
		ext "$([ $s = x ] && echo "$X" || echo "$L")" $s TCPMTUPFail >"$tmp/fail0.$s"
		ext "$([ $s = x ] && echo "$X" || echo "$L")" $s TCPMTUPSuccess >"$tmp/ok0.$s"
	done
	timeout $((secs + 5)) ip netns exec "$P" "$peer" -n 1 -t $((secs + 2)) \
		listen inet $PA "$port" sink >"$tmp/srv.x" 2>&1 &
	timeout $((secs + 5)) ip netns exec "$P" "$peer" -n 1 -t $((secs + 2)) \
		listen inet $PA $((port + 1)) sink >"$tmp/srv.l" 2>&1 &
	for _ in $(seq 100); do
		grep -q ready "$tmp/srv.x" 2>/dev/null &&
			grep -q ready "$tmp/srv.l" 2>/dev/null && break
		sleep 0.1
	done
	t0=$(ms)
	(timeout $((secs + 5)) ip netns exec "$X" "$peer" -I -t "$secs" \
		connect "$xfam" $PA "$port" source $bytes >"$tmp/cli.x" 2>&1
	 echo $? >"$tmp/rc.x") &
	xp=$!
	(timeout $((secs + 5)) ip netns exec "$L" "$peer" -I -t "$secs" \
		connect inet $PA $((port + 1)) source $bytes >"$tmp/cli.l" 2>&1
	 echo $? >"$tmp/rc.l") &
	lp=$!
	wait "$xp" "$lp"
	echo $(($(ms) - t0)) >"$tmp/ms"
	# The listeners end with their connection (or their own -t).
	wait
	for s in x l; do
		ext "$([ $s = x ] && echo "$X" || echo "$L")" $s TCPMTUPFail >"$tmp/fail1.$s"
		ext "$([ $s = x ] && echo "$X" || echo "$L")" $s TCPMTUPSuccess >"$tmp/ok1.$s"
	done
}

# done_ok S: sender S's transfer completed, the same bytes at P.
done_ok() {
	local h1 h2 b
	h1=$(field "$tmp/cli.$1" sha256) h2=$(field "$tmp/srv.$1" sha256)
	b=$(field "$tmp/srv.$1" bytes)
	test "$(cat "$tmp/rc.$1")" = 0 -a -n "$h1" -a "$h1" = "$h2" -a "${b:-0}" = "$bytes"
}

# both_done: both transfers completed.
both_done() { done_ok x && done_ok l; }

# counts S: "fail +N success +N mss M" of sender S's last race.
counts() {
	echo "fail +$(delta "$(cat "$tmp/fail0.$1")" "$(cat "$tmp/fail1.$1")")" \
	     "success +$(delta "$(cat "$tmp/ok0.$1")" "$(cat "$tmp/ok1.$1")")" \
	     "mss $(field "$tmp/cli.$1" snd_mss)"
}

# probes S: how many probes sender S's last race resolved.
probes() {
	local f o
	f=$(delta "$(cat "$tmp/fail0.$1")" "$(cat "$tmp/fail1.$1")")
	o=$(delta "$(cat "$tmp/ok0.$1")" "$(cat "$tmp/ok1.$1")")
	case "$f$o" in *NA*) echo 0 ;; *) echo $((f + o)) ;; esac
}

echo "TAP version 13"
echo "1..8"

for ns in "$X" "$L" "$R" "$P"; do
	if ! ip netns add "$ns"; then
		echo "Bail out! cannot create namespaces"
		exit 1
	fi
	ip -n "$ns" link set lo up
done

# --- the sysctls, as net.ipv4 has them (in a namespace never written)
xv='' lv=''
for s in $sysctls; do
	xv+="$(inP cat "$xsys/$s" 2>&1) " lv+="$(inP cat "/proc/sys/net/ipv4/$s" 2>&1) "
done
expect "$sysctls: xinet's defaults \"$xv\" are net.ipv4's \"$lv\"" "" \
	test "$xv" = "$lv" -a "$xv" = "0 1024 48 8 600 "
floor=
for v in 47 65536 48 65535 1024; do
	setsys "$P" "$xsys/tcp_mtu_probe_floor" $v; x=$?
	setsys "$P" /proc/sys/net/ipv4/tcp_mtu_probe_floor $v; l=$?
	floor+="$v:$x/$l "
done
expect "tcp_mtu_probe_floor takes 48 to 65535 on both stacks, as written:xinet/Linux ($floor)" "" \
	test "$floor" = "47:1/1 65536:1/1 48:0/0 65535:0/0 1024:0/0 "

# --- the topology
if mkpair "$X" xa "$R" xb >"$tmp/link" 2>&1 &&
   ip -n "$L" link add la gso_max_segs 1 type veth peer name rl netns "$R" >>"$tmp/link" 2>&1 &&
   ip -n "$R" link add r0 type veth peer name p0 netns "$P" >>"$tmp/link" 2>&1; then
	ok "xnet pair X-R, veths L-R and R-P"
else
	not_ok "xnet pair X-R, veths L-R and R-P" "$(cat "$tmp/link")"
fi
inX ip link set xa up
inR ip link set xb up
inR ip link set rl up
inR ip link set r0 up
ip -n "$L" link set la up
inP ip link set p0 up
xaddr "$X" $XA/24 xa
xroute "$X" 10.2.0.0/24 xa
ip -n "$L" addr add $LA/24 dev la
ip -n "$L" route add 10.2.0.0/24 via $RL
inR ip addr add $RX/24 dev xb
inR ip addr add $RL/24 dev rl
inR ip addr add $RP/24 dev r0
inP ip addr add $PA/24 dev p0
inP ip route add default via $RP advmss 1460
inR sysctl -qw net.ipv4.ip_forward=1
if [ "$xfam" = inet ]; then
	inR sysctl -qw net.ipv4.conf.xb.proxy_arp=1
fi
inX ip link set xa gso_max_segs 1
inP ip link set p0 mtu 1276

# --- tcp_mtu_probing 0: the black hole holds both
if probing 0; then
	race 4 5201
	expect "tcp_mtu_probing 0, black hole at 1280: neither transfer completes in 4 s (xinet rc $(cat "$tmp/rc.x"), received $(field "$tmp/srv.x" bytes); Linux rc $(cat "$tmp/rc.l"), received $(field "$tmp/srv.l" bytes))" \
		"cli.x srv.x cli.l srv.l" \
		test "$(cat "$tmp/rc.x")" != 0 -a "$(cat "$tmp/rc.l")" != 0 -a \
		"$(field "$tmp/srv.x" sha256)" = "" -a "$(field "$tmp/srv.l" sha256)" = ""
else
	not_ok "tcp_mtu_probing 0: the sysctls cannot be set"
fi

# --- tcp_mtu_probing 1: black-hole detection lowers the MSS
if probing 1; then
	race 30 5203
	expect "tcp_mtu_probing 1, black hole at 1280: both complete, SHA-256 equal ($(cat "$tmp/ms") ms)" \
		"cli.x srv.x cli.l srv.l" test "$(both_done && echo y)" = y
	xm=$(field "$tmp/cli.x" snd_mss) lm=$(field "$tmp/cli.l" snd_mss)
	expect "tcp_mtu_probing 1: the MSS comes down to what crosses, and the search probes (xinet $(counts x); Linux $(counts l))" \
		"cli.x cli.l" \
		test "${xm:-9999}" -le 1240 -a "${lm:-9999}" -le 1240 -a \
		"$(probes x)" -gt 0 -a "$(probes l)" -gt 0
else
	not_ok "tcp_mtu_probing 1: the sysctls cannot be set"
	not_ok "tcp_mtu_probing 1: no transfer"
fi

# --- tcp_mtu_probing 2 on a clean path: probes succeed
inP ip link set p0 mtu 1500
if probing 2; then
	race 30 5205
	expect "tcp_mtu_probing 2, clean path: both complete, SHA-256 equal ($(cat "$tmp/ms") ms)" \
		"cli.x srv.x cli.l srv.l" test "$(both_done && echo y)" = y
	xm=$(field "$tmp/cli.x" snd_mss) lm=$(field "$tmp/cli.l" snd_mss)
	expect "tcp_mtu_probing 2: probes succeed and the MSS grows past tcp_base_mss (xinet $(counts x); Linux $(counts l))" \
		"cli.x cli.l" \
		test "$(delta "$(cat "$tmp/ok0.x")" "$(cat "$tmp/ok1.x")")" -gt 0 -a \
		"$(delta "$(cat "$tmp/ok0.l")" "$(cat "$tmp/ok1.l")")" -gt 0 -a \
		"${xm:-0}" -gt 1024 -a "${lm:-0}" -gt 1024
else
	not_ok "tcp_mtu_probing 2: the sysctls cannot be set"
	not_ok "tcp_mtu_probing 2: no transfer"
fi

if [ "$failed" = 0 ]; then
	echo "# PASS: $n checks"
	exit 0
fi
echo "# FAIL: $failed of $n"
exit 1
